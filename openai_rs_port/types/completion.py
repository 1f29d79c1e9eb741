"""Types of the legacy Completions group (``/completions``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .._builder import Builder, JsonObject, Setter
from .._codec import ApiModel as _Base
from .chat import ChatCompletionStreamOptions
from .common import CompletionUsage, Prompt, Stop
from .embedding import _text_or_tokens

__all__ = [
    "Choice",
    "CompletionFinishReason",
    "CreateCompletionRequest",
    "CreateCompletionRequestArgs",
    "CreateCompletionResponse",
    "Logprobs",
]


class CompletionFinishReason(StrEnum):
    STOP = "stop"
    LENGTH = "length"
    CONTENT_FILTER = "content_filter"


@dataclass(frozen=True, slots=True, kw_only=True)
class Logprobs(_Base):
    """Log probabilities of the output tokens (``top_logprobs`` entries may be null)."""

    text_offset: list[int] | None = None
    token_logprobs: list[float | None] | None = None
    tokens: list[str] | None = None
    top_logprobs: list[dict[str, float] | None] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice(_Base):
    """One completion choice; ``finish_reason`` is null in stream chunks until the end."""

    text: str
    index: int
    logprobs: Logprobs | None
    finish_reason: CompletionFinishReason | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateCompletionResponse(_Base):
    """A completion response (also each chunk of a completion stream)."""

    id: str
    choices: list[Choice]
    created: int
    model: str
    system_fingerprint: str | None = None
    object: str = "text_completion"
    usage: CompletionUsage | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateCompletionRequest(_Base):
    """Request body of ``POST /completions``."""

    model: str
    prompt: Prompt
    suffix: str | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    n: int | None = None
    stream: bool | None = None
    stream_options: ChatCompletionStreamOptions | None = None
    logprobs: int | None = None
    echo: bool | None = None
    stop: Stop | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    best_of: int | None = None
    logit_bias: dict[str, int] | None = None
    user: str | None = None
    seed: int | None = None


def _stop(value: Any) -> Stop | Any:
    if isinstance(value, (str, list)) or not isinstance(value, Iterable):
        return value  # the setter checks it against Stop
    return list(value)


def _logit_bias(value: Any) -> Any:
    # Token ids are keys; JSON keys are strings, so int keys are accepted too.
    return {str(k): v for k, v in value.items()} if isinstance(value, Mapping) else value


class CreateCompletionRequestArgs(Builder[CreateCompletionRequest]):
    """Builder of ``CreateCompletionRequest``."""

    model = Setter[str]()
    prompt = Setter[str | Iterable[str] | Iterable[int] | Iterable[Iterable[int]]](
        convert=_text_or_tokens("prompt")
    )
    suffix = Setter[str]()
    max_tokens = Setter[int]()
    temperature = Setter[float]()
    top_p = Setter[float]()
    n = Setter[int]()
    stream = Setter[bool]()
    stream_options = Setter[ChatCompletionStreamOptions | JsonObject]()
    logprobs = Setter[int]()
    echo = Setter[bool]()
    stop = Setter[str | Iterable[str]](convert=_stop)
    presence_penalty = Setter[float]()
    frequency_penalty = Setter[float]()
    best_of = Setter[int]()
    logit_bias = Setter[Mapping[str, int] | Mapping[int, int]](convert=_logit_bias)
    user = Setter[str]()
    seed = Setter[int]()
