"""Chat with a model served by Ollama through its OpenAI-compatible endpoint: an
``OpenAIConfig`` whose ``api_base`` is Ollama's, a conversation of four messages.
Ollama needs an API key but ignores it. Offline: ``python examples/run.py ollama-chat``
(``OLLAMA_BASE_URL`` points at the local server). With Ollama running (``ollama pull
llama3.2:1b``): ``python examples/ollama-chat/main.py``.
"""

from __future__ import annotations

import os

from openai_rs_port import Client, OpenAIConfig
from openai_rs_port.types import (
    ChatCompletionRequestAssistantMessageArgs,
    ChatCompletionRequestSystemMessageArgs,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequestArgs,
)


def main() -> None:
    # Ollama's default host:port for its OpenAI endpoint.
    api_base = os.environ.get("OLLAMA_BASE_URL", "http://localhost:11434/v1")
    # Required but ignored.
    api_key = "ollama"
    config = OpenAIConfig.new().with_api_key(api_key).with_api_base(api_base)

    # Whichever model Ollama has pulled.
    model = "llama3.2:1b"
    request = (
        CreateChatCompletionRequestArgs.default()
        .max_tokens(512)
        .model(model)
        .messages([
            ChatCompletionRequestSystemMessageArgs.default().content("You are a helpful assistant.").build(),
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

    with Client(config) as client:
        response = client.chat().create(request)

    print("\nResponse:\n")
    for choice in response.choices:
        print(f"{choice.index}: Role: {choice.message.role}  Content: {choice.message.content!r}")


if __name__ == "__main__":
    main()
