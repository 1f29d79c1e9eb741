"""Events of a run stream (``create_stream``, ``create_and_run_stream``, ``submit_tool_outputs_stream``).

Each SSE event's ``event:`` name picks the variant and its ``data`` is the payload. The stream
itself handles two names: ``error`` raises ``ApiError`` and ``done`` ends it, so ``ErrorEvent``
and ``Done`` only come from decoding a stored event (``AssistantStreamEvent`` as a type).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from .._codec import ApiModel as _Base
from .._codec import Tagged
from .message import MessageDeltaObject, MessageObject
from .run import RunObject
from .step import RunStepDeltaObject, RunStepObject
from .thread import ThreadObject

__all__ = [
    "AssistantStreamEvent",
    "Done",
    "ErrorEvent",
    "ThreadCreated",
    "ThreadMessageCompleted",
    "ThreadMessageCreated",
    "ThreadMessageDelta",
    "ThreadMessageInProgress",
    "ThreadMessageIncomplete",
    "ThreadRunCancelled",
    "ThreadRunCancelling",
    "ThreadRunCompleted",
    "ThreadRunCreated",
    "ThreadRunExpired",
    "ThreadRunFailed",
    "ThreadRunInProgress",
    "ThreadRunIncomplete",
    "ThreadRunQueued",
    "ThreadRunRequiresAction",
    "ThreadRunStepCancelled",
    "ThreadRunStepCompleted",
    "ThreadRunStepCreated",
    "ThreadRunStepDelta",
    "ThreadRunStepExpired",
    "ThreadRunStepFailed",
    "ThreadRunStepInProgress",
    "TreadCreated",
    "UnknownAssistantStreamEvent",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class TreadCreated(_Base):
    """``thread.created``: A thread was created."""

    data: ThreadObject
    event: Literal["thread.created"] = field(default="thread.created", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunCreated(_Base):
    """``thread.run.created``: A run was created."""

    data: RunObject
    event: Literal["thread.run.created"] = field(default="thread.run.created", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunQueued(_Base):
    """``thread.run.queued``: A run moved to ``queued``."""

    data: RunObject
    event: Literal["thread.run.queued"] = field(default="thread.run.queued", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunInProgress(_Base):
    """``thread.run.in_progress``: A run moved to ``in_progress``."""

    data: RunObject
    event: Literal["thread.run.in_progress"] = field(default="thread.run.in_progress", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunRequiresAction(_Base):
    """``thread.run.requires_action``: A run waits for tool outputs."""

    data: RunObject
    event: Literal["thread.run.requires_action"] = field(default="thread.run.requires_action", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunCompleted(_Base):
    """``thread.run.completed``: A run completed."""

    data: RunObject
    event: Literal["thread.run.completed"] = field(default="thread.run.completed", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunIncomplete(_Base):
    """``thread.run.incomplete``: A run ended incomplete."""

    data: RunObject
    event: Literal["thread.run.incomplete"] = field(default="thread.run.incomplete", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunFailed(_Base):
    """``thread.run.failed``: A run failed."""

    data: RunObject
    event: Literal["thread.run.failed"] = field(default="thread.run.failed", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunCancelling(_Base):
    """``thread.run.cancelling``: A run moved to ``cancelling``."""

    data: RunObject
    event: Literal["thread.run.cancelling"] = field(default="thread.run.cancelling", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunCancelled(_Base):
    """``thread.run.cancelled``: A run was cancelled."""

    data: RunObject
    event: Literal["thread.run.cancelled"] = field(default="thread.run.cancelled", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunExpired(_Base):
    """``thread.run.expired``: A run expired."""

    data: RunObject
    event: Literal["thread.run.expired"] = field(default="thread.run.expired", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunStepCreated(_Base):
    """``thread.run.step.created``: A run step was created."""

    data: RunStepObject
    event: Literal["thread.run.step.created"] = field(default="thread.run.step.created", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunStepInProgress(_Base):
    """``thread.run.step.in_progress``: A run step moved to ``in_progress``."""

    data: RunStepObject
    event: Literal["thread.run.step.in_progress"] = field(default="thread.run.step.in_progress", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunStepDelta(_Base):
    """``thread.run.step.delta``: Parts of a run step are being streamed."""

    data: RunStepDeltaObject
    event: Literal["thread.run.step.delta"] = field(default="thread.run.step.delta", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunStepCompleted(_Base):
    """``thread.run.step.completed``: A run step completed."""

    data: RunStepObject
    event: Literal["thread.run.step.completed"] = field(default="thread.run.step.completed", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunStepFailed(_Base):
    """``thread.run.step.failed``: A run step failed."""

    data: RunStepObject
    event: Literal["thread.run.step.failed"] = field(default="thread.run.step.failed", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunStepCancelled(_Base):
    """``thread.run.step.cancelled``: A run step was cancelled."""

    data: RunStepObject
    event: Literal["thread.run.step.cancelled"] = field(default="thread.run.step.cancelled", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadRunStepExpired(_Base):
    """``thread.run.step.expired``: A run step expired."""

    data: RunStepObject
    event: Literal["thread.run.step.expired"] = field(default="thread.run.step.expired", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadMessageCreated(_Base):
    """``thread.message.created``: A message was created."""

    data: MessageObject
    event: Literal["thread.message.created"] = field(default="thread.message.created", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadMessageInProgress(_Base):
    """``thread.message.in_progress``: A message moved to ``in_progress``."""

    data: MessageObject
    event: Literal["thread.message.in_progress"] = field(default="thread.message.in_progress", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadMessageDelta(_Base):
    """``thread.message.delta``: Parts of a message are being streamed."""

    data: MessageDeltaObject
    event: Literal["thread.message.delta"] = field(default="thread.message.delta", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadMessageCompleted(_Base):
    """``thread.message.completed``: A message completed."""

    data: MessageObject
    event: Literal["thread.message.completed"] = field(default="thread.message.completed", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadMessageIncomplete(_Base):
    """``thread.message.incomplete``: A message ended before it completed."""

    data: MessageObject
    event: Literal["thread.message.incomplete"] = field(default="thread.message.incomplete", init=False)


ThreadCreated = TreadCreated
"""``thread.created`` under its correct spelling (the seed's name is ``TreadCreated``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorEvent(_Base):
    """``error``: the body of an API error (a stream raises ``ApiError`` instead of yielding it)."""

    data: dict[str, Any]
    event: Literal["error"] = field(default="error", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Done(_Base):
    """``done``: the end of the stream (``[DONE]``); a stream stops there instead of yielding it."""

    data: str
    event: Literal["done"] = field(default="done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownAssistantStreamEvent(_Base):
    """An event this library does not know yet: its name and raw JSON ``data``."""

    event: str
    data: Any = None


AssistantStreamEvent = Annotated[
    TreadCreated
    | ThreadRunCreated
    | ThreadRunQueued
    | ThreadRunInProgress
    | ThreadRunRequiresAction
    | ThreadRunCompleted
    | ThreadRunIncomplete
    | ThreadRunFailed
    | ThreadRunCancelling
    | ThreadRunCancelled
    | ThreadRunExpired
    | ThreadRunStepCreated
    | ThreadRunStepInProgress
    | ThreadRunStepDelta
    | ThreadRunStepCompleted
    | ThreadRunStepFailed
    | ThreadRunStepCancelled
    | ThreadRunStepExpired
    | ThreadMessageCreated
    | ThreadMessageInProgress
    | ThreadMessageDelta
    | ThreadMessageCompleted
    | ThreadMessageIncomplete
    | ErrorEvent
    | Done
    | UnknownAssistantStreamEvent,
    Tagged("event"),
]
"""An event of a run stream, tagged by its SSE ``event:`` name; unknown names decode to
``UnknownAssistantStreamEvent``."""
