"""Types of Gemini's OpenAI-compatible answers, for the ``_byot`` calls of ``main.py``.
Gemini leaves out fields OpenAI's types have (a completion's ``id``, a model's ``created``),
so the example decodes its answers into these dataclasses with ``cast_to=``; the parts
Gemini does send as OpenAI does (choices, usage, images) reuse the library's types.
"""

from __future__ import annotations

from dataclasses import dataclass

from openai_rs_port.types import ChatChoice, ChatChoiceStream, CompletionUsage, Image


@dataclass
class GeminiModel:
    id: str
    object: str
    owned_by: str


@dataclass
class ListGeminiModelResponse:
    data: list[GeminiModel]
    object: str


@dataclass
class GeminiCreateChatCompletionStreamResponse:
    """A streamed chunk of a chat completion (no ``id`` or ``system_fingerprint``)."""

    choices: list[ChatChoiceStream]
    created: int
    model: str
    object: str
    usage: CompletionUsage | None = None


@dataclass
class GeminiCreateChatCompletionResponse:
    """A chat completion (no ``id`` or ``system_fingerprint``)."""

    choices: list[ChatChoice]
    created: int
    model: str
    object: str
    usage: CompletionUsage | None = None


@dataclass
class GeminiImagesResponse:
    data: list[Image]


@dataclass
class GeminiEmbedding:
    object: str
    embedding: list[float]


@dataclass
class GeminiCreateEmbeddingResponse:
    object: str
    model: str
    data: list[GeminiEmbedding]
