"""``chat`` (streamed) and ``complete``."""

from __future__ import annotations

import click

from ..accumulate import ChatCompletionStreamAccumulator
from ..types import (
    ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessageArgs,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequestArgs,
    CreateCompletionRequestArgs,
)
from .config import Settings, pass_settings
from .errors import Failure
from .inputs import text_or_stdin
from .options import json_option
from .output import emit_json


@click.command()
@click.argument("prompt", required=False)
@click.option("--system", help="a system message before the prompt")
@click.option("--model", default="gpt-4o-mini", show_default=True)
@click.option("--max-tokens", type=click.IntRange(min=1), help="max_completion_tokens")
@json_option
@pass_settings
def chat(settings: Settings, prompt: str | None, system: str | None, model: str,
         max_tokens: int | None) -> None:
    """Stream the answer to PROMPT (or stdin) to stdout as it arrives.

    With --json, the chunks are merged and the whole completion is printed once, as a
    chat.completion object.
    """
    text = text_or_stdin(prompt, "PROMPT")
    messages: list[ChatCompletionRequestMessage] = []
    if system is not None:
        messages.append(ChatCompletionRequestSystemMessageArgs().content(system).build())
    messages.append(ChatCompletionRequestUserMessageArgs().content(text).build())
    args = CreateChatCompletionRequestArgs().model(model).messages(messages)
    if max_tokens is not None:
        args = args.max_completion_tokens(max_tokens)
    acc = ChatCompletionStreamAccumulator()
    with settings.client().chat().create_stream(args.build()) as stream:
        for chunk in stream:
            acc.add(chunk)
            if not settings.json:
                for choice in chunk.choices:
                    if choice.index == 0 and choice.delta.content:
                        click.echo(choice.delta.content, nl=False)
    if not acc.chunks_seen:
        raise Failure("the answer's stream ended before its first chunk")
    if settings.json:
        emit_json(acc.result())
    else:
        click.echo()


@click.command()
@click.argument("prompt", required=False)
@click.option("--model", default="gpt-3.5-turbo-instruct", show_default=True)
@click.option("--max-tokens", type=click.IntRange(min=1))
@json_option
@pass_settings
def complete(settings: Settings, prompt: str | None, model: str, max_tokens: int | None) -> None:
    """Complete PROMPT (or stdin) with the legacy completions API; prints the text."""
    args = CreateCompletionRequestArgs().model(model).prompt(text_or_stdin(prompt, "PROMPT"))
    if max_tokens is not None:
        args = args.max_tokens(max_tokens)
    response = settings.client().completions().create(args.build())
    if settings.json:
        emit_json(response)
    else:
        click.echo(response.choices[0].text if response.choices else "")
