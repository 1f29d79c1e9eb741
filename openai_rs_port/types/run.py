"""Types of runs (``/threads/{thread_id}/runs``): an assistant working on a thread."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .._builder import Builder, JsonObject, Setter, seq
from .._codec import ApiModel as _Base
from .._pagination import CursorPage
from .assistant import AssistantsApiResponseFormatOption, AssistantsApiToolChoiceOption, AssistantTools
from .chat import FunctionCall, ReasoningEffort
from .message import CreateMessageRequest

__all__ = [
    "CreateRunRequest",
    "CreateRunRequestArgs",
    "LastError",
    "LastErrorCode",
    "ListRunsResponse",
    "ModifyRunRequest",
    "RequiredAction",
    "RunCompletionUsage",
    "RunObject",
    "RunObjectIncompleteDetails",
    "RunObjectIncompleteDetailsReason",
    "RunStatus",
    "RunToolCallObject",
    "SubmitToolOutputs",
    "SubmitToolOutputsRunRequest",
    "ToolsOutputs",
    "ToolsOutputsArgs",
    "TruncationObject",
    "TruncationObjectType",
]


class RunStatus(StrEnum):
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    REQUIRES_ACTION = "requires_action"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"
    FAILED = "failed"
    COMPLETED = "completed"
    INCOMPLETE = "incomplete"
    EXPIRED = "expired"


class TruncationObjectType(StrEnum):
    AUTO = "auto"
    LAST_MESSAGES = "last_messages"


@dataclass(frozen=True, slots=True, kw_only=True)
class TruncationObject(_Base):
    """How the thread is truncated before a run: ``auto``, or the last ``last_messages`` messages."""

    type: TruncationObjectType
    last_messages: int | None = None


class RunObjectIncompleteDetailsReason(StrEnum):
    MAX_COMPLETION_TOKENS = "max_completion_tokens"
    MAX_PROMPT_TOKENS = "max_prompt_tokens"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunObjectIncompleteDetails(_Base):
    reason: RunObjectIncompleteDetailsReason | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunToolCallObject(_Base):
    """A function call the run waits for: answer it by ``id`` with ``submit_tool_outputs``."""

    id: str
    type: str = "function"
    function: FunctionCall


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitToolOutputs(_Base):
    tool_calls: list[RunToolCallObject]


@dataclass(frozen=True, slots=True, kw_only=True)
class RequiredAction(_Base):
    """What a run in ``requires_action`` waits for: the outputs of its tool calls."""

    type: str = "submit_tool_outputs"
    submit_tool_outputs: SubmitToolOutputs


class LastErrorCode(StrEnum):
    SERVER_ERROR = "server_error"
    RATE_LIMIT_EXCEEDED = "rate_limit_exceeded"
    INVALID_PROMPT = "invalid_prompt"


@dataclass(frozen=True, slots=True, kw_only=True)
class LastError(_Base):
    code: LastErrorCode
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RunCompletionUsage(_Base):
    completion_tokens: int
    prompt_tokens: int
    total_tokens: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RunObject(_Base):
    """A run on a thread (``thread.run``)."""

    id: str
    object: str = "thread.run"
    created_at: int
    thread_id: str
    assistant_id: str | None = None
    status: RunStatus
    required_action: RequiredAction | None = None
    last_error: LastError | None = None
    expires_at: int | None = None
    started_at: int | None = None
    cancelled_at: int | None = None
    failed_at: int | None = None
    completed_at: int | None = None
    incomplete_details: RunObjectIncompleteDetails | None = None
    model: str
    instructions: str
    tools: list[AssistantTools]
    metadata: dict[str, Any] | None = None
    usage: RunCompletionUsage | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_prompt_tokens: int | None = None
    max_completion_tokens: int | None = None
    truncation_strategy: TruncationObject | None = None
    tool_choice: AssistantsApiToolChoiceOption | None = None
    parallel_tool_calls: bool
    response_format: AssistantsApiResponseFormatOption | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateRunRequest(_Base):
    """Starts a run of an assistant on a thread."""

    assistant_id: str
    model: str | None = None
    reasoning_effort: ReasoningEffort | None = None
    """o-series models only: how much the model reasons."""
    instructions: str | None = None
    additional_instructions: str | None = None
    additional_messages: list[CreateMessageRequest] | None = None
    tools: list[AssistantTools] | None = None
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


@dataclass(frozen=True, slots=True, kw_only=True)
class ModifyRunRequest(_Base):
    metadata: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRunsResponse(_Base, CursorPage[RunObject]):
    object: str = "list"
    data: list[RunObject]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolsOutputs(_Base):
    """The output of one tool call, by the call's id."""

    tool_call_id: str | None = None
    output: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitToolOutputsRunRequest(_Base):
    """The outputs of a run's tool calls, submitted all at once."""

    tool_outputs: list[ToolsOutputs]
    stream: bool | None = None


class CreateRunRequestArgs(Builder[CreateRunRequest]):
    """Builder of ``CreateRunRequest``; list fields take any iterable."""

    assistant_id = Setter[str]()
    model = Setter[str]()
    reasoning_effort = Setter[ReasoningEffort | str]()
    instructions = Setter[str]()
    additional_instructions = Setter[str]()
    additional_messages = Setter[Iterable[CreateMessageRequest | JsonObject]](convert=seq())
    tools = Setter[Iterable[AssistantTools | JsonObject]](convert=seq())
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


class ToolsOutputsArgs(Builder[ToolsOutputs]):
    tool_call_id = Setter[str]()
    output = Setter[str]()
