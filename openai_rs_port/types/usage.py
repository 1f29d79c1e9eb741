"""Types of the Usage and Costs groups (``/organization/usage/*``, ``/organization/costs``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from .._codec import ApiModel as _Base
from .._codec import Tagged
from .._pagination import NextPageCursor

__all__ = [
    "CostsResult",
    "CostsResultAmount",
    "UsageAudioSpeechesResult",
    "UsageAudioTranscriptionsResult",
    "UsageCodeInterpreterSessionsResult",
    "UsageCompletionsResult",
    "UsageEmbeddingsResult",
    "UsageImagesResult",
    "UsageModerationsResult",
    "UsageResponse",
    "UsageResult",
    "UsageTimeBucket",
    "UsageVectorStoresResult",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageCompletionsResult(_Base):
    """Aggregated completions usage of one bucket (and group)."""

    input_tokens: int
    input_cached_tokens: int | None = None
    output_tokens: int
    input_audio_tokens: int | None = None
    output_audio_tokens: int | None = None
    num_model_requests: int
    project_id: str | None = None
    user_id: str | None = None
    api_key_id: str | None = None
    model: str | None = None
    batch: bool | None = None
    object: Literal["organization.usage.completions.result"] = field(
        default="organization.usage.completions.result", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageEmbeddingsResult(_Base):
    input_tokens: int
    num_model_requests: int
    project_id: str | None = None
    user_id: str | None = None
    api_key_id: str | None = None
    model: str | None = None
    object: Literal["organization.usage.embeddings.result"] = field(
        default="organization.usage.embeddings.result", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageModerationsResult(_Base):
    input_tokens: int
    num_model_requests: int
    project_id: str | None = None
    user_id: str | None = None
    api_key_id: str | None = None
    model: str | None = None
    object: Literal["organization.usage.moderations.result"] = field(
        default="organization.usage.moderations.result", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageImagesResult(_Base):
    images: int
    num_model_requests: int
    source: str | None = None
    """``image.generation``, ``image.edit`` or ``image.variation``."""
    size: str | None = None
    project_id: str | None = None
    user_id: str | None = None
    api_key_id: str | None = None
    model: str | None = None
    object: Literal["organization.usage.images.result"] = field(
        default="organization.usage.images.result", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageAudioSpeechesResult(_Base):
    characters: int
    num_model_requests: int
    project_id: str | None = None
    user_id: str | None = None
    api_key_id: str | None = None
    model: str | None = None
    object: Literal["organization.usage.audio_speeches.result"] = field(
        default="organization.usage.audio_speeches.result", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageAudioTranscriptionsResult(_Base):
    seconds: int
    num_model_requests: int
    project_id: str | None = None
    user_id: str | None = None
    api_key_id: str | None = None
    model: str | None = None
    object: Literal["organization.usage.audio_transcriptions.result"] = field(
        default="organization.usage.audio_transcriptions.result", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageVectorStoresResult(_Base):
    usage_bytes: int
    project_id: str | None = None
    object: Literal["organization.usage.vector_stores.result"] = field(
        default="organization.usage.vector_stores.result", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageCodeInterpreterSessionsResult(_Base):
    num_sessions: int | None = None
    project_id: str | None = None
    object: Literal["organization.usage.code_interpreter_sessions.result"] = field(
        default="organization.usage.code_interpreter_sessions.result", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class CostsResultAmount(_Base):
    value: float | None = None
    currency: str | None = None
    """Lowercase ISO-4217 (``usd``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CostsResult(_Base):
    """Aggregated costs of one bucket (and group)."""

    amount: CostsResultAmount | None = None
    line_item: str | None = None
    project_id: str | None = None
    object: Literal["organization.costs.result"] = field(default="organization.costs.result", init=False)


UsageResult = Annotated[
    UsageCompletionsResult | UsageEmbeddingsResult | UsageModerationsResult | UsageImagesResult
    | UsageAudioSpeechesResult | UsageAudioTranscriptionsResult | UsageVectorStoresResult
    | UsageCodeInterpreterSessionsResult | CostsResult,
    Tagged("object"),
]
"""One result of a bucket, tagged by ``object``; an unknown kind stays raw JSON."""


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageTimeBucket(_Base):
    """The results of one time bucket, ``[start_time, end_time)``."""

    object: str = "bucket"
    start_time: int
    end_time: int
    result: list[UsageResult]


@dataclass(frozen=True, slots=True, kw_only=True)
class UsageResponse(_Base, NextPageCursor[UsageTimeBucket]):
    """A page of time buckets; iterating it reads every later page (``page=<next_page>``).

    The wire's ``next_page`` is ``next_page_cursor`` here: ``next_page()`` fetches that page.
    """

    object: str = "page"
    data: list[UsageTimeBucket]
    has_more: bool
    next_page_cursor: str | None = field(default=None, metadata={"wire": "next_page"})
