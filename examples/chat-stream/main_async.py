"""A streamed chat completion: each chunk's delta printed as it arrives.
Offline: ``python examples/run.py chat-stream`` (the local server streams ``Echo: <your text>``
word by word). With a real key: ``OPENAI_API_KEY=sk-... python examples/chat-stream/main_async.py``.
This is the ``AsyncClient`` flavour of ``main.py``.
"""

from __future__ import annotations

import asyncio
import sys

from openai_rs_port import AsyncClient
from openai_rs_port.error import OpenAIError
from openai_rs_port.types import ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs


async def main() -> None:
    async with AsyncClient() as client:
        request = (
            CreateChatCompletionRequestArgs.default()
            .model("gpt-3.5-turbo")
            .max_tokens(512)
            .messages([
                ChatCompletionRequestUserMessageArgs.default()
                .content("Write a marketing blog praising and introducing Rust library async-openai")
                .build()
            ])
            .build()
        )
        async with await client.chat().create_stream(request) as stream:
            try:
                async for response in stream:
                    for chat_choice in response.choices:
                        if chat_choice.delta.content is not None:
                            sys.stdout.write(chat_choice.delta.content)
                    # stdout is line-buffered on a terminal: flush to show each piece at once.
                    sys.stdout.flush()
            except OpenAIError as err:
                print(f"error: {err}")
        print()


if __name__ == "__main__":
    asyncio.run(main())
