"""Types of run steps (``/threads/{thread_id}/runs/{run_id}/steps``) and their streamed deltas."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from .._builder import Builder, JsonObject, Setter, seq
from .._codec import ApiModel as _Base
from .._codec import Tagged
from .._pagination import CursorPage
from .assistant import FileSearchRankingOptions
from .message import ImageFile
from .run import LastError, RunStatus

__all__ = [
    "CodeInterpreter",
    "CodeInterpreterArgs",
    "CodeInterpreterOutput",
    "DeltaCodeInterpreter",
    "DeltaCodeInterpreterOutput",
    "DeltaStepDetails",
    "ListRunStepsResponse",
    "MessageCreation",
    "RunStepCompletionUsage",
    "RunStepDelta",
    "RunStepDeltaObject",
    "RunStepDeltaStepDetailsMessageCreationObject",
    "RunStepDeltaStepDetailsToolCalls",
    "RunStepDeltaStepDetailsToolCallsCodeObject",
    "RunStepDeltaStepDetailsToolCallsCodeOutputImageObject",
    "RunStepDeltaStepDetailsToolCallsCodeOutputLogsObject",
    "RunStepDeltaStepDetailsToolCallsFileSearchObject",
    "RunStepDeltaStepDetailsToolCallsFunctionObject",
    "RunStepDeltaStepDetailsToolCallsObject",
    "RunStepDetailsMessageCreationObject",
    "RunStepDetailsToolCalls",
    "RunStepDetailsToolCallsCodeObject",
    "RunStepDetailsToolCallsCodeOutputImageObject",
    "RunStepDetailsToolCallsCodeOutputLogsObject",
    "RunStepDetailsToolCallsFileSearchObject",
    "RunStepDetailsToolCallsFileSearchObjectFileSearch",
    "RunStepDetailsToolCallsFileSearchResultObject",
    "RunStepDetailsToolCallsFileSearchResultObjectContent",
    "RunStepDetailsToolCallsFunctionObject",
    "RunStepDetailsToolCallsObject",
    "RunStepFunctionObject",
    "RunStepFunctionObjectDelta",
    "RunStepObject",
    "RunStepType",
    "StepDetails",
]


class RunStepType(StrEnum):
    MESSAGE_CREATION = "message_creation"
    TOOL_CALLS = "tool_calls"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepCompletionUsage(_Base):
    completion_tokens: int
    prompt_tokens: int
    total_tokens: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageCreation(_Base):
    message_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsMessageCreationObject(_Base):
    """The step created a message."""

    message_creation: MessageCreation
    type: Literal["message_creation"] = field(default="message_creation", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsToolCallsCodeOutputLogsObject(_Base):
    """Text output of the code interpreter."""

    logs: str
    type: Literal["logs"] = field(default="logs", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsToolCallsCodeOutputImageObject(_Base):
    """An image file the code interpreter made."""

    image: ImageFile
    type: Literal["image"] = field(default="image", init=False)


CodeInterpreterOutput = Annotated[
    RunStepDetailsToolCallsCodeOutputLogsObject | RunStepDetailsToolCallsCodeOutputImageObject,
    Tagged("type"),
]
"""An output of the code interpreter, tagged by ``type``: logs or image."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInterpreter(_Base):
    """The code interpreter's input and outputs."""

    input: str
    outputs: list[CodeInterpreterOutput]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsToolCallsCodeObject(_Base):
    id: str
    code_interpreter: CodeInterpreter
    type: Literal["code_interpreter"] = field(default="code_interpreter", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsToolCallsFileSearchResultObjectContent(_Base):
    text: str | None = None
    type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsToolCallsFileSearchResultObject(_Base):
    """A file search hit."""

    file_id: str
    file_name: str
    score: float
    content: list[RunStepDetailsToolCallsFileSearchResultObjectContent] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsToolCallsFileSearchObjectFileSearch(_Base):
    ranking_options: FileSearchRankingOptions | None = None
    results: list[RunStepDetailsToolCallsFileSearchResultObject] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsToolCallsFileSearchObject(_Base):
    id: str
    file_search: RunStepDetailsToolCallsFileSearchObjectFileSearch
    type: Literal["file_search"] = field(default="file_search", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepFunctionObject(_Base):
    """A function call: its name, JSON arguments, and its output once submitted."""

    name: str
    arguments: str
    output: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsToolCallsFunctionObject(_Base):
    id: str
    function: RunStepFunctionObject
    type: Literal["function"] = field(default="function", init=False)


RunStepDetailsToolCalls = Annotated[
    RunStepDetailsToolCallsCodeObject
    | RunStepDetailsToolCallsFileSearchObject
    | RunStepDetailsToolCallsFunctionObject,
    Tagged("type"),
]
"""A tool call of a step, tagged by ``type``: code interpreter, file search or function."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDetailsToolCallsObject(_Base):
    """The step called tools."""

    tool_calls: list[RunStepDetailsToolCalls]
    type: Literal["tool_calls"] = field(default="tool_calls", init=False)


StepDetails = Annotated[
    RunStepDetailsMessageCreationObject | RunStepDetailsToolCallsObject, Tagged("type")
]
"""What a step did, tagged by ``type``: created a message or called tools."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepObject(_Base):
    """A step of a run (``thread.run.step``)."""

    id: str
    object: str = "thread.run.step"
    created_at: int
    assistant_id: str | None = None
    thread_id: str
    run_id: str
    type: RunStepType
    status: RunStatus
    step_details: StepDetails
    last_error: LastError | None = None
    expired_at: int | None = None
    cancelled_at: int | None = None
    failed_at: int | None = None
    completed_at: int | None = None
    metadata: dict[str, Any] | None = None
    usage: RunStepCompletionUsage | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListRunStepsResponse(_Base, CursorPage[RunStepObject]):
    object: str = "list"
    data: list[RunStepObject]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool


# ---------------------------------------------------------------- deltas (streamed)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepFunctionObjectDelta(_Base):
    name: str | None = None
    arguments: str | None = None
    output: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDeltaStepDetailsMessageCreationObject(_Base):
    message_creation: MessageCreation | None = None
    type: Literal["message_creation"] = field(default="message_creation", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDeltaStepDetailsToolCallsCodeOutputLogsObject(_Base):
    index: int
    logs: str | None = None
    type: Literal["logs"] = field(default="logs", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDeltaStepDetailsToolCallsCodeOutputImageObject(_Base):
    index: int
    image: ImageFile | None = None
    type: Literal["image"] = field(default="image", init=False)


DeltaCodeInterpreterOutput = Annotated[
    RunStepDeltaStepDetailsToolCallsCodeOutputLogsObject
    | RunStepDeltaStepDetailsToolCallsCodeOutputImageObject,
    Tagged("type"),
]
"""A piece of a code interpreter output, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeltaCodeInterpreter(_Base):
    input: str | None = None
    outputs: list[DeltaCodeInterpreterOutput] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDeltaStepDetailsToolCallsCodeObject(_Base):
    index: int
    id: str | None = None
    code_interpreter: DeltaCodeInterpreter | None = None
    type: Literal["code_interpreter"] = field(default="code_interpreter", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDeltaStepDetailsToolCallsFileSearchObject(_Base):
    index: int
    id: str | None = None
    file_search: dict[str, Any] | None = None
    type: Literal["file_search"] = field(default="file_search", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDeltaStepDetailsToolCallsFunctionObject(_Base):
    index: int
    id: str | None = None
    function: RunStepFunctionObjectDelta | None = None
    type: Literal["function"] = field(default="function", init=False)


RunStepDeltaStepDetailsToolCalls = Annotated[
    RunStepDeltaStepDetailsToolCallsCodeObject
    | RunStepDeltaStepDetailsToolCallsFileSearchObject
    | RunStepDeltaStepDetailsToolCallsFunctionObject,
    Tagged("type"),
]
"""A piece of a tool call, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDeltaStepDetailsToolCallsObject(_Base):
    tool_calls: list[RunStepDeltaStepDetailsToolCalls] | None = None
    type: Literal["tool_calls"] = field(default="tool_calls", init=False)


DeltaStepDetails = Annotated[
    RunStepDeltaStepDetailsMessageCreationObject | RunStepDeltaStepDetailsToolCallsObject,
    Tagged("type"),
]
"""A piece of a step's details, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDelta(_Base):
    step_details: DeltaStepDetails | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RunStepDeltaObject(_Base):
    """The changed fields of a step while it streams (``thread.run.step.delta``)."""

    id: str
    object: str = "thread.run.step.delta"
    delta: RunStepDelta


class CodeInterpreterArgs(Builder[CodeInterpreter]):
    """Builder of ``CodeInterpreter``; ``outputs`` takes any iterable."""

    input = Setter[str]()
    outputs = Setter[list[CodeInterpreterOutput | JsonObject]](convert=seq())
