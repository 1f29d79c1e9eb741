"""A chat completion with a conversation so far: system, user, assistant, then the new question.
The request is printed as the JSON that goes on the wire, then each choice of the answer.
Offline: ``python examples/run.py chat`` (the local server answers ``Echo: <last user text>``).
With a real key: ``OPENAI_API_KEY=sk-... python examples/chat/main.py``.
"""

from __future__ import annotations

from openai_rs_port import Client
from openai_rs_port.types import (
    ChatCompletionRequestAssistantMessageArgs,
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
            .messages([
                ChatCompletionRequestSystemMessageArgs.default()
                .content("You are a helpful assistant.")
                .build(),
                ChatCompletionRequestUserMessageArgs.default()
                .content("Who won the world series in 2020?")
                .build(),
                ChatCompletionRequestAssistantMessageArgs.default()
                .content("The Los Angeles Dodgers won the World Series in 2020.")
                .build(),
                ChatCompletionRequestUserMessageArgs.default().content("Where was it played?").build(),
            ])
            .build()
        )
        print(request.to_json())

        response = client.chat().create(request)
        print("\nResponse:\n")
        for choice in response.choices:
            print(f"{choice.index}: Role: {choice.message.role}  Content: {choice.message.content!r}")


if __name__ == "__main__":
    main()
