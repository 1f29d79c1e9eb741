"""A stored chat completion: ``store(True)`` with ``metadata``, so the completion can be read back later.
The request is printed as the JSON that goes on the wire, then the answer. Offline: ``python
examples/run.py chat-store`` (the local server keeps completions made with ``store: true``).
With a real key: ``OPENAI_API_KEY=sk-... python examples/chat-store/main.py``; the completion
then shows in the dashboard's stored completions, filterable by its metadata.
"""

from __future__ import annotations

from openai_rs_port import Client
from openai_rs_port.types import (
    ChatCompletionRequestSystemMessageArgs,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequestArgs,
)


def main() -> None:
    with Client() as client:
        request = (
            CreateChatCompletionRequestArgs.default()
            .max_tokens(512)
            .model("gpt-3.5-turbo")
            .store(True)
            .metadata({"role": "manager", "department": "accounting", "source": "homepage"})
            .messages([
                ChatCompletionRequestSystemMessageArgs.default()
                .content("You are a corporate IT support expert.")
                .build(),
                ChatCompletionRequestUserMessageArgs.default()
                .content("How can I hide the dock on my Mac?")
                .build(),
            ])
            .build()
        )
        print(request.to_json())

        response = client.chat().create(request)
        print("\nResponse:\n")
        for choice in response.choices:
            print(f"{choice.index}: Role: {choice.message.role}  Content: {choice.message.content!r}")

        # Stored: the completion can be read back by its id.
        stored = client.chat().retrieve(response.id)
        print(f"stored: {stored.id == response.id}, content: {stored.choices[0].message.content!r}")


if __name__ == "__main__":
    main()
