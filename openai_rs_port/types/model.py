"""Types of the Models group (``/models``)."""

from __future__ import annotations

from dataclasses import dataclass

from .._codec import ApiModel as _Base
from .._pagination import Page

__all__ = ["DeleteModelResponse", "ListModelResponse", "Model"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Model(_Base):
    """Describes an OpenAI model offering that can be used with the API."""

    id: str
    object: str = "model"
    created: int | None = None
    owned_by: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListModelResponse(_Base, Page[Model]):
    object: str = "list"
    data: list[Model]


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteModelResponse(_Base):
    id: str
    object: str = "model"
    deleted: bool
