"""Bring your own types: ``create_byot`` and ``create_stream_byot`` send a plain ``dict`` and
answer plain ``dict`` values, with no typed request or response in between.
Every JSON endpoint has such a ``_byot`` twin (``cast_to=`` decodes into a type of your own
instead). Offline: ``python examples/run.py bring-your-own-type`` (the local server echoes the
user's text). With a real key: ``OPENAI_API_KEY=sk-... python examples/bring-your-own-type/main_async.py``.
This is the ``AsyncClient`` flavour of ``main.py``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from openai_rs_port import AsyncClient

MESSAGES: list[dict[str, Any]] = [
    {"role": "developer", "content": "You are a helpful assistant"},
    {"role": "user", "content": "What do you think about life?"},
]


async def chat(client: AsyncClient) -> None:
    response: dict[str, Any] = await client.chat().create_byot(
        {"messages": MESSAGES, "model": "gpt-4o", "store": False})
    content = response["choices"][0]["message"]["content"]
    if isinstance(content, str):
        print(content)


async def chat_stream(client: AsyncClient) -> None:
    async with await client.chat().create_stream_byot(
        {"messages": MESSAGES, "model": "gpt-4o", "stream": True}
    ) as stream:
        print("streamed: ", end="")
        async for chunk in stream:
            choices = chunk.get("choices") or [{}]
            content = choices[0].get("delta", {}).get("content")
            if isinstance(content, str):
                print(content, end="", flush=True)
    print()


async def main() -> None:
    async with AsyncClient() as client:
        await chat(client)
        await chat_stream(client)


if __name__ == "__main__":
    asyncio.run(main())
