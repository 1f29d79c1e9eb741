"""Azure OpenAI Service: an embedding and a chat completion through ``AzureConfig``.
The client is configured as Azure wants it: the resource endpoint, a deployment id and an
``api-version``; the key goes in the ``api-key`` header. Offline, ``python examples/run.py
azure-openai-service`` points ``AZURE_OPENAI_ENDPOINT`` at the local server, which serves
Azure's ``/openai/deployments/{deployment}/...`` paths. With a real resource, set
``AZURE_OPENAI_ENDPOINT``, ``AZURE_OPENAI_API_KEY``, ``AZURE_OPENAI_DEPLOYMENT`` (and
optionally ``AZURE_OPENAI_API_VERSION``), then run ``python examples/azure-openai-service/main.py``.
"""

from __future__ import annotations

import os

from openai_rs_port import AzureConfig, Client
from openai_rs_port.types import (
    ChatCompletionRequestSystemMessageArgs,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequestArgs,
    CreateEmbeddingRequestArgs,
)


def azure_config() -> AzureConfig:
    return (
        AzureConfig()
        .with_api_base(os.environ.get("AZURE_OPENAI_ENDPOINT", "https://your-resource-name.openai.azure.com"))
        .with_api_key(os.environ.get("AZURE_OPENAI_API_KEY", "..."))
        .with_deployment_id(os.environ.get("AZURE_OPENAI_DEPLOYMENT", "deployment-id"))
        .with_api_version(os.environ.get("AZURE_OPENAI_API_VERSION", "2023-03-15-preview"))
    )


def chat_completion_example(client: Client) -> None:
    request = (
        CreateChatCompletionRequestArgs.default()
        .max_tokens(512)
        .model("gpt-3.5-turbo")
        .messages([
            ChatCompletionRequestSystemMessageArgs.default().content("You are a helpful assistant.").build(),
            ChatCompletionRequestUserMessageArgs.default()
            .content("How does large language model work?")
            .build(),
        ])
        .build()
    )
    response = client.chat().create(request)
    print("\nResponse:\n")
    for choice in response.choices:
        print(f"{choice.index}: Role: {choice.message.role}  Content: {choice.message.content!r}")


def embedding_example(client: Client) -> None:
    request = (
        CreateEmbeddingRequestArgs.default()
        .model("text-embedding-ada-002")
        .input("Why do programmers hate nature? It has too many bugs.")
        .build()
    )
    response = client.embeddings().create(request)
    for data in response.data:
        print(f"[{data.index}]: has embedding of length {len(data.embedding)}")


def main() -> None:
    with Client(azure_config()) as client:
        embedding_example(client)
        chat_completion_example(client)


if __name__ == "__main__":
    main()
