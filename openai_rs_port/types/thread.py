"""Types of threads (``/threads``): conversations that runs work on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .._builder import Builder, JsonObject, Setter, seq
from .._codec import ApiModel as _Base
from .assistant import (
    AssistantsApiResponseFormatOption,
    AssistantsApiToolChoiceOption,
    AssistantToolResources,
    AssistantTools,
    CreateAssistantToolResources,
)
from .message import CreateMessageRequest
from .run import TruncationObject

__all__ = [
    "CreateThreadAndRunRequest",
    "CreateThreadAndRunRequestArgs",
    "CreateThreadRequest",
    "CreateThreadRequestArgs",
    "DeleteThreadResponse",
    "ModifyThreadRequest",
    "ThreadObject",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadObject(_Base):
    """A thread (``thread``) of messages."""

    id: str
    object: str = "thread"
    created_at: int
    tool_resources: AssistantToolResources | None = None
    metadata: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateThreadRequest(_Base):
    """Creates a thread, optionally with its first messages."""

    messages: list[CreateMessageRequest] | None = None
    tool_resources: CreateAssistantToolResources | None = None
    metadata: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModifyThreadRequest(_Base):
    metadata: dict[str, Any] | None = None
    tool_resources: AssistantToolResources | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteThreadResponse(_Base):
    id: str
    deleted: bool
    object: str = "thread.deleted"


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateThreadAndRunRequest(_Base):
    """Creates a thread and runs an assistant on it in one request."""

    assistant_id: str
    thread: CreateThreadRequest | None = None
    model: str | None = None
    instructions: str | None = None
    tools: list[AssistantTools] | None = None
    tool_resources: AssistantToolResources | None = None
    metadata: dict[str, Any] | None = None
    temperature: float | None = None
    top_p: float | None = None
    stream: bool | None = None
    max_prompt_tokens: int | None = None
    max_completion_tokens: int | None = None
    truncation_strategy: TruncationObject | None = None
    tool_choice: AssistantsApiToolChoiceOption | None = None
    parallel_tool_calls: bool | None = None
    response_format: AssistantsApiResponseFormatOption | None = None


class CreateThreadRequestArgs(Builder[CreateThreadRequest]):
    """Builder of ``CreateThreadRequest``; ``messages`` takes any iterable."""

    messages = Setter[Iterable[CreateMessageRequest | JsonObject]](convert=seq())
    tool_resources = Setter[CreateAssistantToolResources | JsonObject]()
    metadata = Setter[dict[str, Any]]()


class CreateThreadAndRunRequestArgs(Builder[CreateThreadAndRunRequest]):
    """Builder of ``CreateThreadAndRunRequest``; ``tools`` takes any iterable."""

    assistant_id = Setter[str]()
    thread = Setter[CreateThreadRequest | JsonObject]()
    model = Setter[str]()
    instructions = Setter[str]()
    tools = Setter[Iterable[AssistantTools | JsonObject]](convert=seq())
    tool_resources = Setter[AssistantToolResources | JsonObject]()
    metadata = Setter[dict[str, Any]]()
    temperature = Setter[float]()
    top_p = Setter[float]()
    stream = Setter[bool]()
    max_prompt_tokens = Setter[int]()
    max_completion_tokens = Setter[int]()
    truncation_strategy = Setter[TruncationObject | JsonObject]()
    tool_choice = Setter[AssistantsApiToolChoiceOption | str | JsonObject]()
    parallel_tool_calls = Setter[bool]()
    response_format = Setter[AssistantsApiResponseFormatOption | JsonObject]()
