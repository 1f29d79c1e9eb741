"""Streaming events of the Responses API (``responses().create_stream``), tagged by ``type``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from ..._codec import ApiModel as _Base
from ..._codec import Tagged
from .response import (
    Annotation,
    CodeInterpreterCallOutput,
    Content,
    OutputContent,
    Response,
    SummaryText,
)

__all__ = [
    "ResponseAudioDeltaEvent",
    "ResponseAudioDoneEvent",
    "ResponseAudioTranscriptDeltaEvent",
    "ResponseAudioTranscriptDoneEvent",
    "ResponseCodeInterpreterCallCodeDeltaEvent",
    "ResponseCodeInterpreterCallCodeDoneEvent",
    "ResponseCodeInterpreterCallCompletedEvent",
    "ResponseCodeInterpreterCallInProgressEvent",
    "ResponseCodeInterpreterCallInterpretingEvent",
    "ResponseCompletedEvent",
    "ResponseContentPartAddedEvent",
    "ResponseContentPartDoneEvent",
    "ResponseCreatedEvent",
    "ResponseErrorEvent",
    "ResponseFailedEvent",
    "ResponseFileSearchCallCompletedEvent",
    "ResponseFileSearchCallInProgressEvent",
    "ResponseFileSearchCallSearchingEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseFunctionCallArgumentsDoneEvent",
    "ResponseInProgressEvent",
    "ResponseIncompleteEvent",
    "ResponseOutputItemAddedEvent",
    "ResponseOutputItemDoneEvent",
    "ResponseReasoningSummaryPartAddedEvent",
    "ResponseReasoningSummaryPartDoneEvent",
    "ResponseReasoningSummaryTextDeltaEvent",
    "ResponseReasoningSummaryTextDoneEvent",
    "ResponseRefusalDeltaEvent",
    "ResponseRefusalDoneEvent",
    "ResponseStreamEvent",
    "ResponseStreamItem",
    "ResponseTextAnnotationDeltaEvent",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
    "ResponseWebSearchCallCompletedEvent",
    "ResponseWebSearchCallInProgressEvent",
    "ResponseWebSearchCallSearchingEvent",
    "UnknownResponseStreamEvent",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseAudioDeltaEvent(_Base):
    """Emitted when there is a partial audio response."""

    delta: str
    type: Literal["response.audio.delta"] = field(default="response.audio.delta", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseAudioDoneEvent(_Base):
    """Emitted when the audio response is complete."""

    type: Literal["response.audio.done"] = field(default="response.audio.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseAudioTranscriptDeltaEvent(_Base):
    """Emitted when there is a partial transcript of audio."""

    delta: str
    type: Literal["response.audio.transcript.delta"] = field(
        default="response.audio.transcript.delta", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseAudioTranscriptDoneEvent(_Base):
    """Emitted when the full audio transcript is completed."""

    type: Literal["response.audio.transcript.done"] = field(
        default="response.audio.transcript.done", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseCodeInterpreterCallCodeDeltaEvent(_Base):
    """Emitted when a partial code snippet is added by the code interpreter."""

    output_index: int
    delta: str
    type: Literal["response.code_interpreter_call.code.delta"] = field(
        default="response.code_interpreter_call.code.delta", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseCodeInterpreterCallCodeDoneEvent(_Base):
    """Emitted when code snippet output is finalized by the code interpreter."""

    output_index: int
    code: str
    type: Literal["response.code_interpreter_call.code.done"] = field(
        default="response.code_interpreter_call.code.done", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseCodeInterpreterCallCompletedEvent(_Base):
    """Emitted when the code interpreter call is completed."""

    output_index: int
    code_interpreter_call: CodeInterpreterCallOutput
    type: Literal["response.code_interpreter_call.completed"] = field(
        default="response.code_interpreter_call.completed", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseCodeInterpreterCallInProgressEvent(_Base):
    """Emitted when a code interpreter call is in progress."""

    output_index: int
    code_interpreter_call: CodeInterpreterCallOutput
    type: Literal["response.code_interpreter_call.in_progress"] = field(
        default="response.code_interpreter_call.in_progress", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseCodeInterpreterCallInterpretingEvent(_Base):
    """Emitted when the code interpreter is actively interpreting the code snippet."""

    output_index: int
    code_interpreter_call: CodeInterpreterCallOutput
    type: Literal["response.code_interpreter_call.interpreting"] = field(
        default="response.code_interpreter_call.interpreting", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseCompletedEvent(_Base):
    """Emitted when the model response is complete."""

    response: Response
    type: Literal["response.completed"] = field(default="response.completed", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseContentPartAddedEvent(_Base):
    """Emitted when a new content part is added."""

    item_id: str
    output_index: int
    content_index: int
    part: Content
    type: Literal["response.content_part.added"] = field(default="response.content_part.added", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseContentPartDoneEvent(_Base):
    """Emitted when a content part is done."""

    item_id: str
    output_index: int
    content_index: int
    part: Content
    type: Literal["response.content_part.done"] = field(default="response.content_part.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseCreatedEvent(_Base):
    """An event that is emitted when a response is created."""

    response: Response
    type: Literal["response.created"] = field(default="response.created", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseErrorEvent(_Base):
    """Emitted when an error occurs."""

    code: str
    message: str
    param: str
    type: Literal["error"] = field(default="error", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFileSearchCallCompletedEvent(_Base):
    """Emitted when a file search call is completed (results found)."""

    output_index: int
    item_id: str
    type: Literal["response.file_search_call.completed"] = field(
        default="response.file_search_call.completed", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFileSearchCallInProgressEvent(_Base):
    """Emitted when a file search call is initiated."""

    output_index: int
    item_id: str
    type: Literal["response.file_search_call.in_progress"] = field(
        default="response.file_search_call.in_progress", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFileSearchCallSearchingEvent(_Base):
    """Emitted when a file search is currently searching."""

    output_index: int
    item_id: str
    type: Literal["response.file_search_call.searching"] = field(
        default="response.file_search_call.searching", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFunctionCallArgumentsDeltaEvent(_Base):
    """Emitted when there is a partial function-call arguments delta."""

    item_id: str
    output_index: int
    delta: str
    type: Literal["response.function_call_arguments.delta"] = field(
        default="response.function_call_arguments.delta", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFunctionCallArgumentsDoneEvent(_Base):
    """Emitted when function-call arguments are finalized."""

    item_id: str
    output_index: int
    arguments: str
    type: Literal["response.function_call_arguments.done"] = field(
        default="response.function_call_arguments.done", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseInProgressEvent(_Base):
    """Emitted when the response is in progress."""

    response: Response
    type: Literal["response.in_progress"] = field(default="response.in_progress", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFailedEvent(_Base):
    """An event that is emitted when a response fails."""

    response: Response
    type: Literal["response.failed"] = field(default="response.failed", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseIncompleteEvent(_Base):
    """An event that is emitted when a response finishes as incomplete."""

    response: Response
    type: Literal["response.incomplete"] = field(default="response.incomplete", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseOutputItemAddedEvent(_Base):
    """Emitted when a new output item is added."""

    output_index: int
    item: OutputContent
    type: Literal["response.output_item.added"] = field(default="response.output_item.added", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseOutputItemDoneEvent(_Base):
    """Emitted when an output item is marked done."""

    output_index: int
    item: OutputContent
    type: Literal["response.output_item.done"] = field(default="response.output_item.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseReasoningSummaryPartAddedEvent(_Base):
    """Emitted when a new reasoning summary part is added."""

    item_id: str
    output_index: int
    summary_index: int
    part: SummaryText
    type: Literal["response.reasoning_summary_part.added"] = field(
        default="response.reasoning_summary_part.added", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseReasoningSummaryPartDoneEvent(_Base):
    """Emitted when a reasoning summary part is completed."""

    item_id: str
    output_index: int
    summary_index: int
    part: SummaryText
    type: Literal["response.reasoning_summary_part.done"] = field(
        default="response.reasoning_summary_part.done", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseReasoningSummaryTextDeltaEvent(_Base):
    """Emitted when a delta is added to a reasoning summary text."""

    item_id: str
    output_index: int
    summary_index: int
    delta: str
    type: Literal["response.reasoning_summary_text.delta"] = field(
        default="response.reasoning_summary_text.delta", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseReasoningSummaryTextDoneEvent(_Base):
    """Emitted when a reasoning summary text is completed."""

    item_id: str
    output_index: int
    summary_index: int
    text: str
    type: Literal["response.reasoning_summary_text.done"] = field(
        default="response.reasoning_summary_text.done", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseRefusalDeltaEvent(_Base):
    """Emitted when there is a partial refusal text."""

    item_id: str
    output_index: int
    content_index: int
    delta: str
    type: Literal["response.refusal.delta"] = field(default="response.refusal.delta", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseRefusalDoneEvent(_Base):
    """Emitted when refusal text is finalized."""

    item_id: str
    output_index: int
    content_index: int
    refusal: str
    type: Literal["response.refusal.done"] = field(default="response.refusal.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseTextAnnotationDeltaEvent(_Base):
    """Emitted when a text annotation is added."""

    item_id: str
    output_index: int
    content_index: int
    annotation_index: int
    annotation: Annotation
    type: Literal["response.output_text.annotation.added"] = field(
        default="response.output_text.annotation.added", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseTextDeltaEvent(_Base):
    """Emitted when there is an additional text delta."""

    item_id: str
    output_index: int
    content_index: int
    delta: str
    type: Literal["response.output_text.delta"] = field(default="response.output_text.delta", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseTextDoneEvent(_Base):
    """Emitted when text content is finalized."""

    item_id: str
    output_index: int
    content_index: int
    text: str
    type: Literal["response.output_text.done"] = field(default="response.output_text.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseWebSearchCallCompletedEvent(_Base):
    """Emitted when a web search call is completed."""

    output_index: int
    item_id: str
    type: Literal["response.web_search_call.completed"] = field(
        default="response.web_search_call.completed", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseWebSearchCallInProgressEvent(_Base):
    """Emitted when a web search call is initiated."""

    output_index: int
    item_id: str
    type: Literal["response.web_search_call.in_progress"] = field(
        default="response.web_search_call.in_progress", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseWebSearchCallSearchingEvent(_Base):
    """Emitted when a web search call is executing."""

    output_index: int
    item_id: str
    type: Literal["response.web_search_call.searching"] = field(
        default="response.web_search_call.searching", init=False
    )


ResponseStreamEvent = Annotated[
    ResponseAudioDeltaEvent
    | ResponseAudioDoneEvent
    | ResponseAudioTranscriptDeltaEvent
    | ResponseAudioTranscriptDoneEvent
    | ResponseCodeInterpreterCallCodeDeltaEvent
    | ResponseCodeInterpreterCallCodeDoneEvent
    | ResponseCodeInterpreterCallCompletedEvent
    | ResponseCodeInterpreterCallInProgressEvent
    | ResponseCodeInterpreterCallInterpretingEvent
    | ResponseCompletedEvent
    | ResponseContentPartAddedEvent
    | ResponseContentPartDoneEvent
    | ResponseCreatedEvent
    | ResponseErrorEvent
    | ResponseFileSearchCallCompletedEvent
    | ResponseFileSearchCallInProgressEvent
    | ResponseFileSearchCallSearchingEvent
    | ResponseFunctionCallArgumentsDeltaEvent
    | ResponseFunctionCallArgumentsDoneEvent
    | ResponseInProgressEvent
    | ResponseFailedEvent
    | ResponseIncompleteEvent
    | ResponseOutputItemAddedEvent
    | ResponseOutputItemDoneEvent
    | ResponseReasoningSummaryPartAddedEvent
    | ResponseReasoningSummaryPartDoneEvent
    | ResponseReasoningSummaryTextDeltaEvent
    | ResponseReasoningSummaryTextDoneEvent
    | ResponseRefusalDeltaEvent
    | ResponseRefusalDoneEvent
    | ResponseTextAnnotationDeltaEvent
    | ResponseTextDeltaEvent
    | ResponseTextDoneEvent
    | ResponseWebSearchCallCompletedEvent
    | ResponseWebSearchCallInProgressEvent
    | ResponseWebSearchCallSearchingEvent,
    Tagged("type"),
]
"""An event of a response stream, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class UnknownResponseStreamEvent(_Base):
    """An event whose ``type`` this version does not know; ``data`` is its whole JSON object."""

    type: str
    data: dict[str, Any]


ResponseStreamItem = ResponseStreamEvent | UnknownResponseStreamEvent
"""What ``responses().create_stream`` yields: a known event, or an unknown one kept whole."""
