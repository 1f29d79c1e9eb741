"""Bring your own types: ``create_byot`` and ``create_stream_byot`` send a plain ``dict`` and
answer plain ``dict`` values, with no typed request or response in between.
Every JSON endpoint has such a ``_byot`` twin (``cast_to=`` decodes into a type of your own
instead). Offline: ``python examples/run.py bring-your-own-type`` (the local server echoes the
user's text). With a real key: ``OPENAI_API_KEY=sk-... python examples/bring-your-own-type/main.py``.
"""

from __future__ import annotations

from typing import Any

from openai_rs_port import Client

MESSAGES: list[dict[str, Any]] = [
    {"role": "developer", "content": "You are a helpful assistant"},
    {"role": "user", "content": "What do you think about life?"},
]


def chat(client: Client) -> None:
    response: dict[str, Any] = client.chat().create_byot(
        {"messages": MESSAGES, "model": "gpt-4o", "store": False})
    content = response["choices"][0]["message"]["content"]
    if isinstance(content, str):
        print(content)


def chat_stream(client: Client) -> None:
    with client.chat().create_stream_byot(
        {"messages": MESSAGES, "model": "gpt-4o", "stream": True}
    ) as stream:
        print("streamed: ", end="")
        for chunk in stream:
            choices = chunk.get("choices") or [{}]
            content = choices[0].get("delta", {}).get("content")
            if isinstance(content, str):
                print(content, end="", flush=True)
    print()


def main() -> None:
    with Client() as client:
        chat(client)
        chat_stream(client)


if __name__ == "__main__":
    main()
