"""Gemini through its OpenAI-compatible endpoint, on ``AsyncClient``: an ``OpenAIConfig`` with
Gemini's ``api_base``, and the ``_byot`` twins of each call decoding Gemini's answers into
the types of ``gemini_types.py`` (``cast_to=``). Models, chat (whole, streamed, with a
function tool, an image, audio and a JSON schema), image generation and embeddings.
Offline: ``python examples/run.py gemini-openai-compatibility`` (``GEMINI_BASE_URL`` points
at the local server, which knows no ``gemini-2.0-flash`` to retrieve: that step prints its
404). With a real key: ``GEMINI_API_KEY=... python examples/gemini-openai-compatibility/main_async.py``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from gemini_types import (
    GeminiCreateChatCompletionResponse,
    GeminiCreateChatCompletionStreamResponse,
    GeminiCreateEmbeddingResponse,
    GeminiImagesResponse,
    GeminiModel,
    ListGeminiModelResponse,
)

from openai_rs_port import AsyncClient, OpenAIConfig
from openai_rs_port.error import OpenAIError
from openai_rs_port.types import (
    B64JsonImage,
    ChatCompletionRequestMessageContentPartAudio,
    ChatCompletionRequestMessageContentPartImage,
    ChatCompletionRequestMessageContentPartText,
    ChatCompletionRequestUserMessage,
    CreateChatCompletionRequestArgs,
    CreateEmbeddingRequestArgs,
    CreateImageRequestArgs,
    ImageResponseFormat,
    ImageUrl,
    InputAudio,
    InputAudioFormat,
    ResponseFormatJsonSchema,
    ResponseFormatJsonSchemaFormat,
    UrlImage,
)

SAMPLE_DATA = Path(__file__).resolve().parent / "sample_data"
MODEL = "gemini-2.0-flash"


def get_gemini_client() -> AsyncClient:
    """A client of Gemini's OpenAI-compatible API."""
    base_url = os.environ.get("GEMINI_BASE_URL", "https://generativelanguage.googleapis.com/v1beta/openai")
    api_key = os.environ["GEMINI_API_KEY"]
    return AsyncClient(OpenAIConfig.new().with_api_base(base_url).with_api_key(api_key))


async def list_models(client: AsyncClient) -> None:
    models = await client.models().list_byot(cast_to=ListGeminiModelResponse)
    print("Available Models:")
    for model in models.data:
        print(f"ID: {model.id}")
        print(f"Object: {model.object}")
        print(f"Owned By: {model.owned_by}")
        print()


async def retrieve_model(client: AsyncClient, model_id: str) -> None:
    model = await client.models().retrieve_byot(model_id, cast_to=GeminiModel)
    print(f"Model: {model}")


async def chat_completion(client: AsyncClient) -> None:
    request = (
        CreateChatCompletionRequestArgs.default()
        .model(MODEL)
        .messages([ChatCompletionRequestUserMessage(content="How old is the human civilization?")])
        .build()
    )
    response = await client.chat().create_byot(request, cast_to=GeminiCreateChatCompletionResponse)
    print("\nResponse (single):\n")
    for choice in response.choices:
        print(choice.message.content)


async def function_call(client: AsyncClient) -> None:
    # A plain JSON body in, plain JSON out: byot at its simplest.
    response = await client.chat().create_byot({
        "model": MODEL,
        "messages": [{"role": "user", "content": "What's the weather like in Chicago today?"}],
        "tools": [{
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Get the current weather in a given location",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "location": {"type": "string", "description": "The city and state, e.g. Chicago, IL"},
                        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                    },
                    "required": ["location"],
                },
            },
        }],
        "tool_choice": "auto",
    })
    print("\nResponse (function call):\n")
    print(json.dumps(response["choices"][0]["message"]))


async def stream_chat(client: AsyncClient) -> None:
    request = (
        CreateChatCompletionRequestArgs.default()
        .model(MODEL)
        .messages([ChatCompletionRequestUserMessage(content="What is the meaning of life?")])
        .n(1)
        .stream(True)
        .max_tokens(500)
        .build()
    )
    print("\nResponse (stream):\n")
    chunks = GeminiCreateChatCompletionStreamResponse
    async with await client.chat().create_stream_byot(request, cast_to=chunks) as stream:
        async for chunk in stream:
            for choice in chunk.choices:
                print(choice.delta.content or "", end="")
    print()


async def image_understanding(client: AsyncClient) -> None:
    image_base64 = base64.b64encode((SAMPLE_DATA / "park.png").read_bytes()).decode()
    request = (
        CreateChatCompletionRequestArgs.default()
        .model(MODEL)
        .messages([
            ChatCompletionRequestUserMessage(content=[
                ChatCompletionRequestMessageContentPartText(text="What do you see in this image?"),
                ChatCompletionRequestMessageContentPartImage(
                    image_url=ImageUrl(url=f"data:image/png;base64,{image_base64}")
                ),
            ])
        ])
        .build()
    )
    response = await client.chat().create_byot(request, cast_to=GeminiCreateChatCompletionResponse)
    print("\nResponse (image understanding):\n")
    for choice in response.choices:
        print(choice.message.content)


async def generate_image(client: AsyncClient, prompt: str) -> None:
    request = (
        CreateImageRequestArgs.default()
        .prompt(prompt)
        .model("imagen-3.0-generate-002")
        .n(1)
        .response_format(ImageResponseFormat.B64_JSON)
        .build()
    )
    response = await client.images().create_byot(request, cast_to=GeminiImagesResponse)
    print("\nResponse (image):\n")
    for image in response.data:
        match image:
            case B64JsonImage(b64_json=b64_json):
                print(f"Image b64_json: {b64_json[:24]}... ({len(base64.b64decode(b64_json))} bytes)")
            case UrlImage(url=url):
                print(f"Image URL: {url}")


async def audio_understanding(client: AsyncClient) -> None:
    audio_base64 = base64.b64encode((SAMPLE_DATA / "talk.wav").read_bytes()).decode()
    request = (
        CreateChatCompletionRequestArgs.default()
        .model(MODEL)
        .messages([
            ChatCompletionRequestUserMessage(content=[
                ChatCompletionRequestMessageContentPartText(text="Transcribe this audio file."),
                ChatCompletionRequestMessageContentPartAudio(
                    input_audio=InputAudio(data=audio_base64, format=InputAudioFormat.WAV)
                ),
            ])
        ])
        .build()
    )
    response = await client.chat().create_byot(request, cast_to=GeminiCreateChatCompletionResponse)
    print("\nResponse (audio understanding):\n")
    for choice in response.choices:
        print(choice.message.content)


async def structured_output(client: AsyncClient) -> None:
    schema = {
        "type": "object",
        "properties": {
            "steps": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"explanation": {"type": "string"}, "output": {"type": "string"}},
                    "required": ["explanation", "output"],
                    "additionalProperties": False,
                },
            },
            "final_answer": {"type": "string"},
        },
        "required": ["steps", "final_answer"],
        "additionalProperties": False,
    }
    request = (
        CreateChatCompletionRequestArgs.default()
        .model(MODEL)
        .messages([ChatCompletionRequestUserMessage(content="How can I solve 8x + 7 = -23?")])
        .response_format(ResponseFormatJsonSchemaFormat(
            json_schema=ResponseFormatJsonSchema(name="math_reasoning", schema_=schema, strict=True)
        ))
        .build()
    )
    response = await client.chat().create_byot(request, cast_to=GeminiCreateChatCompletionResponse)
    print("\nResponse (structured output):\n")
    for choice in response.choices:
        print(choice.message.content)


async def create_embeddings(client: AsyncClient) -> None:
    request = (
        CreateEmbeddingRequestArgs.default()
        .model("text-embedding-004")
        .input("The food was delicious and the waiter...")
        .build()
    )
    response = await client.embeddings().create_byot(request, cast_to=GeminiCreateEmbeddingResponse)
    print("\nResponse (embedding):\n")
    for embedding in response.data:
        print(f"Embedding: {embedding.embedding}")


async def main() -> None:
    steps: list[Callable[[AsyncClient], Awaitable[Any]]] = [
        list_models,
        lambda c: retrieve_model(c, MODEL),
        chat_completion,
        function_call,
        stream_chat,
        image_understanding,
        lambda c: generate_image(c, "a futuristic city at night"),
        audio_understanding,
        structured_output,
        create_embeddings,
    ]
    async with get_gemini_client() as client:
        # As in the Rust example, a failing step is reported and the others still run.
        for step in steps:
            try:
                await step(client)
            except OpenAIError as e:
                print(f"Error: {e}", file=sys.stderr)


if __name__ == "__main__":
    asyncio.run(main())
