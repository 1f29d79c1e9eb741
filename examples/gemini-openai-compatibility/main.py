"""Gemini through its OpenAI-compatible endpoint, on ``Client``: an ``OpenAIConfig`` with
Gemini's ``api_base``, and the ``_byot`` twins of each call decoding Gemini's answers into
the types of ``gemini_types.py`` (``cast_to=``). Models, chat (whole, streamed, with a
function tool, an image, audio and a JSON schema), image generation and embeddings.
Offline: ``python examples/run.py gemini-openai-compatibility`` (``GEMINI_BASE_URL`` points
at the local server, which knows no ``gemini-2.0-flash`` to retrieve: that step prints its
404). With a real key: ``GEMINI_API_KEY=... python examples/gemini-openai-compatibility/main.py``.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from collections.abc import Callable
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

from openai_rs_port import Client, OpenAIConfig
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


def get_gemini_client() -> Client:
    """A client of Gemini's OpenAI-compatible API."""
    base_url = os.environ.get("GEMINI_BASE_URL", "https://generativelanguage.googleapis.com/v1beta/openai")
    api_key = os.environ["GEMINI_API_KEY"]
    return Client(OpenAIConfig.new().with_api_base(base_url).with_api_key(api_key))


def list_models(client: Client) -> None:
    models = client.models().list_byot(cast_to=ListGeminiModelResponse)
    print("Available Models:")
    for model in models.data:
        print(f"ID: {model.id}")
        print(f"Object: {model.object}")
        print(f"Owned By: {model.owned_by}")
        print()


def retrieve_model(client: Client, model_id: str) -> None:
    model = client.models().retrieve_byot(model_id, cast_to=GeminiModel)
    print(f"Model: {model}")


def chat_completion(client: Client) -> None:
    request = (
        CreateChatCompletionRequestArgs.default()
        .model(MODEL)
        .messages([ChatCompletionRequestUserMessage(content="How old is the human civilization?")])
        .build()
    )
    response = client.chat().create_byot(request, cast_to=GeminiCreateChatCompletionResponse)
    print("\nResponse (single):\n")
    for choice in response.choices:
        print(choice.message.content)


def function_call(client: Client) -> None:
    # A plain JSON body in, plain JSON out: byot at its simplest.
    response = client.chat().create_byot({
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


def stream_chat(client: Client) -> None:
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
    with client.chat().create_stream_byot(request, cast_to=chunks) as stream:
        for chunk in stream:
            for choice in chunk.choices:
                print(choice.delta.content or "", end="")
    print()


def image_understanding(client: Client) -> None:
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
    response = client.chat().create_byot(request, cast_to=GeminiCreateChatCompletionResponse)
    print("\nResponse (image understanding):\n")
    for choice in response.choices:
        print(choice.message.content)


def generate_image(client: Client, prompt: str) -> None:
    request = (
        CreateImageRequestArgs.default()
        .prompt(prompt)
        .model("imagen-3.0-generate-002")
        .n(1)
        .response_format(ImageResponseFormat.B64_JSON)
        .build()
    )
    response = client.images().create_byot(request, cast_to=GeminiImagesResponse)
    print("\nResponse (image):\n")
    for image in response.data:
        match image:
            case B64JsonImage(b64_json=b64_json):
                print(f"Image b64_json: {b64_json[:24]}... ({len(base64.b64decode(b64_json))} bytes)")
            case UrlImage(url=url):
                print(f"Image URL: {url}")


def audio_understanding(client: Client) -> None:
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
    response = client.chat().create_byot(request, cast_to=GeminiCreateChatCompletionResponse)
    print("\nResponse (audio understanding):\n")
    for choice in response.choices:
        print(choice.message.content)


def structured_output(client: Client) -> None:
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
    response = client.chat().create_byot(request, cast_to=GeminiCreateChatCompletionResponse)
    print("\nResponse (structured output):\n")
    for choice in response.choices:
        print(choice.message.content)


def create_embeddings(client: Client) -> None:
    request = (
        CreateEmbeddingRequestArgs.default()
        .model("text-embedding-004")
        .input("The food was delicious and the waiter...")
        .build()
    )
    response = client.embeddings().create_byot(request, cast_to=GeminiCreateEmbeddingResponse)
    print("\nResponse (embedding):\n")
    for embedding in response.data:
        print(f"Embedding: {embedding.embedding}")


def main() -> None:
    steps: list[Callable[[Client], Any]] = [
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
    with get_gemini_client() as client:
        # As in the Rust example, a failing step is reported and the others still run.
        for step in steps:
            try:
                step(client)
            except OpenAIError as e:
                print(f"Error: {e}", file=sys.stderr)


if __name__ == "__main__":
    main()
