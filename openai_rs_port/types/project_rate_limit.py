"""Types of a project's rate limits (``/organization/projects/{project_id}/rate_limits``)."""

from __future__ import annotations

from dataclasses import dataclass

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .._pagination import CursorPage

__all__ = [
    "ProjectRateLimit",
    "ProjectRateLimitListResponse",
    "ProjectRateLimitUpdateRequest",
    "ProjectRateLimitUpdateRequestArgs",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectRateLimit(_Base):
    """The rate limits of one model in a project (``project.rate_limit``)."""

    object: str = "project.rate_limit"
    id: str
    model: str
    max_requests_per_1_minute: int
    max_tokens_per_1_minute: int
    max_images_per_1_minute: int | None = None
    max_audio_megabytes_per_1_minute: int | None = None
    max_requests_per_1_day: int | None = None
    batch_1_day_max_input_tokens: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectRateLimitListResponse(_Base, CursorPage[ProjectRateLimit]):
    object: str = "list"
    data: list[ProjectRateLimit]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectRateLimitUpdateRequest(_Base):
    """New limits for one model of a project; unset fields stay as they are."""

    max_requests_per_1_minute: int | None = None
    max_tokens_per_1_minute: int | None = None
    max_images_per_1_minute: int | None = None
    max_audio_megabytes_per_1_minute: int | None = None
    max_requests_per_1_day: int | None = None
    batch_1_day_max_input_tokens: int | None = None


class ProjectRateLimitUpdateRequestArgs(Builder[ProjectRateLimitUpdateRequest]):
    """Builder of ``ProjectRateLimitUpdateRequest``."""

    max_requests_per_1_minute = Setter[int]()
    max_tokens_per_1_minute = Setter[int]()
    max_images_per_1_minute = Setter[int]()
    max_audio_megabytes_per_1_minute = Setter[int]()
    max_requests_per_1_day = Setter[int]()
    batch_1_day_max_input_tokens = Setter[int]()
