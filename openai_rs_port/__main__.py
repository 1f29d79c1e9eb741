"""``python -m openai_rs_port demo``: both clients against the bundled local server.

Any other command goes to the ``openai-rs`` command line (``openai_rs_port.cli``, the
``[cli]`` extra); ``demo`` itself needs nothing beyond the base install.

No API key and no network: the demo starts ``openai_rs_port.testing.MockOpenAIServer``
on loopback, then lists models, streams a chat reply built with builders, embeds two
strings, and uploads and reads back a file, through ``Client`` and ``AsyncClient``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from . import AsyncClient, Client, OpenAIConfig
from .testing import MockOpenAIServer
from .types import (
    ChatCompletionRequestSystemMessageArgs,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequest,
    CreateChatCompletionRequestArgs,
    CreateEmbeddingRequest,
    CreateEmbeddingRequestArgs,
    CreateFileRequest,
    CreateFileRequestArgs,
    FilePurpose,
)

FILE_BYTES = b'{"prompt": "hello", "completion": "world"}\n'


def chat_request(mode: str) -> CreateChatCompletionRequest:
    return (
        CreateChatCompletionRequestArgs.default()
        .model("gpt-4o-mini")
        .max_completion_tokens(64)
        .messages([
            ChatCompletionRequestSystemMessageArgs.default()
            .content("You are a helpful assistant.")
            .build(),
            ChatCompletionRequestUserMessageArgs.default()
            .content(f"Hello from the {mode} client of openai_rs_port!")
            .build(),
        ])
        .build()
    )


def embedding_request() -> CreateEmbeddingRequest:
    return (
        CreateEmbeddingRequestArgs.default()
        .model("text-embedding-3-small")
        .input(["The food was delicious", "The waiter was kind"])
        .build()
    )


def file_request() -> CreateFileRequest:
    return (
        CreateFileRequestArgs.default()
        .file(("demo.jsonl", FILE_BYTES))
        .purpose(FilePurpose.FINE_TUNE)
        .build()
    )


def show(label: str, value: Any) -> None:
    print(f"  {label:<10} {value}", flush=True)


def demo_sync(config: OpenAIConfig) -> None:
    print("== Client (requests)")
    with Client(config) as client:
        models = client.models().list()
        show("models", ", ".join(m.id for m in models.data))
        print("  chat       ", end="", flush=True)
        with client.chat().create_stream(chat_request("sync")) as stream:
            for chunk in stream:
                for choice in chunk.choices:
                    print(choice.delta.content or "", end="", flush=True)
        print()
        emb = client.embeddings().create(embedding_request())
        show("embeddings", [f"{len(e.embedding)} floats" for e in emb.data])
        uploaded = client.files().create(file_request())
        content = client.files().content(uploaded.id)
        show("file", f"{uploaded.id} {uploaded.filename} -> {content!r}")
        assert content == FILE_BYTES


async def demo_async(config: OpenAIConfig) -> None:
    print("== AsyncClient (aiohttp)")
    async with AsyncClient(config) as client:
        models = await client.models().list()
        show("models", ", ".join(m.id for m in models.data))
        print("  chat       ", end="", flush=True)
        async with await client.chat().create_stream(chat_request("async")) as stream:
            async for chunk in stream:
                for choice in chunk.choices:
                    print(choice.delta.content or "", end="", flush=True)
        print()
        emb = await client.embeddings().create(embedding_request())
        show("embeddings", [f"{len(e.embedding)} floats" for e in emb.data])
        uploaded = await client.files().create(file_request())
        content = await client.files().content(uploaded.id)
        show("file", f"{uploaded.id} {uploaded.filename} -> {content!r}")
        assert content == FILE_BYTES


def demo() -> int:
    with MockOpenAIServer() as server:
        print(f"local OpenAI-compatible server at {server.base_url}")
        config = OpenAIConfig(api_key="sk-demo", api_base=server.base_url)
        demo_sync(config)
        asyncio.run(demo_async(config))
    print("demo finished: both clients OK")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] != ["demo"]:
        from .cli import main as cli_main

        return cli_main(args)
    parser = argparse.ArgumentParser(prog="python -m openai_rs_port")
    parser.add_argument("command", choices=["demo"], help="demo: run both clients offline")
    parser.parse_args(args)
    return demo()


if __name__ == "__main__":
    sys.exit(main())
