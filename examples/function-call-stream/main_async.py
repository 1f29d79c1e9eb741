"""The deprecated ``functions`` / ``function_call``, streamed, on ``AsyncClient``: the function's
name and argument fragments arrive in deltas; at ``finish_reason == function_call`` the
program calls it and streams the model's answer to the result.
Offline: ``python examples/run.py function-call-stream`` (the local server calls the first
function offered, then answers ``Function result: ...``). With a real key:
``OPENAI_API_KEY=sk-... python examples/function-call-stream/main_async.py``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from typing import Any

from openai_rs_port import AsyncClient
from openai_rs_port.error import OpenAIError
from openai_rs_port.types import (
    ChatCompletionFunctionsArgs,
    ChatCompletionRequestFunctionMessageArgs,
    ChatCompletionRequestMessage,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequestArgs,
    FinishReason,
)

MODEL = "gpt-4o-mini"
QUESTION = "What's the weather like in Boston?"
PARAMETERS = {
    "type": "object",
    "properties": {
        "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    },
    "required": ["location"],
}


def get_current_weather(location: str, unit: str) -> dict[str, Any]:
    return {"location": location, "temperature": "72", "unit": unit, "forecast": ["sunny", "windy"]}


async def call_fn(client: AsyncClient, name: str, args: str) -> None:
    available_functions: dict[str, Callable[[str, str], dict[str, Any]]] = {
        "get_current_weather": get_current_weather,
    }
    function_args = json.loads(args)
    location = function_args["location"]
    unit = function_args.get("unit", "fahrenheit")
    function_response = available_functions[name](location, unit)

    messages: list[ChatCompletionRequestMessage] = [
        ChatCompletionRequestUserMessageArgs.default().content(QUESTION).build(),
        ChatCompletionRequestFunctionMessageArgs.default()
        .content(json.dumps(function_response))
        .name(name)
        .build(),
    ]
    request = (
        CreateChatCompletionRequestArgs.default().max_tokens(512).model(MODEL).messages(messages).build()
    )

    # The model now streams its answer, which puts the function's result into words.
    async with await client.chat().create_stream(request) as stream:
        async for response in stream:
            for choice in response.choices:
                if choice.delta.content is not None:
                    sys.stdout.write(choice.delta.content)
            sys.stdout.flush()
    print("\n")


async def main() -> None:
    request = (
        CreateChatCompletionRequestArgs.default()
        .max_tokens(512)
        .model(MODEL)
        .messages([ChatCompletionRequestUserMessageArgs.default().content(QUESTION).build()])
        .functions([
            ChatCompletionFunctionsArgs.default()
            .name("get_current_weather")
            .description("Get the current weather in a given location")
            .parameters(PARAMETERS)
            .build()
        ])
        .function_call("auto")
        .build()
    )

    fn_name = ""
    fn_args = ""
    async with AsyncClient() as client, await client.chat().create_stream(request) as stream:
        try:
            async for response in stream:
                for choice in response.choices:
                    fn_call = choice.delta.function_call
                    if fn_call is not None:
                        print(f"function_call: {fn_call!r}")
                        fn_name = fn_call.name or fn_name
                        fn_args += fn_call.arguments or ""
                    if choice.finish_reason is not None:
                        if choice.finish_reason == FinishReason.FUNCTION_CALL:
                            await call_fn(client, fn_name, fn_args)
                    elif choice.delta.content is not None:
                        sys.stdout.write(choice.delta.content)
                sys.stdout.flush()
        except OpenAIError as err:
            print(f"error: {err}")


if __name__ == "__main__":
    asyncio.run(main())
