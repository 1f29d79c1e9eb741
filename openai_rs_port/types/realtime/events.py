"""Events of a Realtime WebSocket connection (``realtime().connect``), tagged by ``type``.

The client sends ``RealtimeClientEvent`` values and receives ``RealtimeServerEvent`` ones; a
server event of a type this version does not know arrives as ``RealtimeUnknownServerEvent``
with its whole JSON object, so newer servers do not break a session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from ..._builder import Builder, JsonObject, Setter, seq
from ..._codec import ApiModel as _Base
from ..._codec import Tagged
from ..audio import TranscriptionLogprob
from .session import (
    AudioFormat,
    AudioTranscription,
    InputAudioNoiseReduction,
    MaxResponseOutputTokens,
    RealtimeSessionCreateRequest,
    RealtimeTranscriptionSessionCreateRequest,
    RealtimeVoice,
    ToolChoice,
    ToolDefinition,
    TurnDetection,
)

__all__ = [
    "RealtimeClientEvent",
    "RealtimeClientEventConversationItemCreate",
    "RealtimeClientEventConversationItemDelete",
    "RealtimeClientEventConversationItemRetrieve",
    "RealtimeClientEventConversationItemTruncate",
    "RealtimeClientEventInputAudioBufferAppend",
    "RealtimeClientEventInputAudioBufferClear",
    "RealtimeClientEventInputAudioBufferCommit",
    "RealtimeClientEventOutputAudioBufferClear",
    "RealtimeClientEventResponseCancel",
    "RealtimeClientEventResponseCreate",
    "RealtimeClientEventSessionUpdate",
    "RealtimeClientEventTranscriptionSessionUpdate",
    "RealtimeContentPart",
    "RealtimeContentPartArgs",
    "RealtimeConversation",
    "RealtimeConversationItem",
    "RealtimeConversationItemArgs",
    "RealtimeErrorDetails",
    "RealtimeRateLimit",
    "RealtimeResponse",
    "RealtimeResponseCreateParams",
    "RealtimeResponseCreateParamsArgs",
    "RealtimeServerEvent",
    "RealtimeServerEventConversationCreated",
    "RealtimeServerEventConversationItemCreated",
    "RealtimeServerEventConversationItemDeleted",
    "RealtimeServerEventConversationItemInputAudioTranscriptionCompleted",
    "RealtimeServerEventConversationItemInputAudioTranscriptionDelta",
    "RealtimeServerEventConversationItemInputAudioTranscriptionFailed",
    "RealtimeServerEventConversationItemRetrieved",
    "RealtimeServerEventConversationItemTruncated",
    "RealtimeServerEventError",
    "RealtimeServerEventInputAudioBufferCleared",
    "RealtimeServerEventInputAudioBufferCommitted",
    "RealtimeServerEventInputAudioBufferSpeechStarted",
    "RealtimeServerEventInputAudioBufferSpeechStopped",
    "RealtimeServerEventOutputAudioBufferCleared",
    "RealtimeServerEventOutputAudioBufferStarted",
    "RealtimeServerEventOutputAudioBufferStopped",
    "RealtimeServerEventRateLimitsUpdated",
    "RealtimeServerEventResponseAudioDelta",
    "RealtimeServerEventResponseAudioDone",
    "RealtimeServerEventResponseAudioTranscriptDelta",
    "RealtimeServerEventResponseAudioTranscriptDone",
    "RealtimeServerEventResponseContentPartAdded",
    "RealtimeServerEventResponseContentPartDone",
    "RealtimeServerEventResponseCreated",
    "RealtimeServerEventResponseDone",
    "RealtimeServerEventResponseFunctionCallArgumentsDelta",
    "RealtimeServerEventResponseFunctionCallArgumentsDone",
    "RealtimeServerEventResponseOutputItemAdded",
    "RealtimeServerEventResponseOutputItemDone",
    "RealtimeServerEventResponseTextDelta",
    "RealtimeServerEventResponseTextDone",
    "RealtimeServerEventSessionCreated",
    "RealtimeServerEventSessionUpdated",
    "RealtimeServerEventTranscriptionSessionUpdated",
    "RealtimeServerItem",
    "RealtimeSession",
    "RealtimeTranscriptionSession",
    "RealtimeUnknownServerEvent",
    "Usage",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeContentPart(_Base):
    """A content part of an item: ``input_text``, ``input_audio``, ``item_reference``, ``text``
    or ``audio`` (audio as base64)."""

    type: str | None = None
    text: str | None = None
    id: str | None = None
    audio: str | None = None
    transcript: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeConversationItem(_Base):
    """An item of the conversation: a ``message``, ``function_call`` or ``function_call_output``."""

    id: str | None = None
    type: str | None = None
    object: str | None = None
    status: str | None = None
    role: str | None = None
    content: list[RealtimeContentPart] | None = None
    call_id: str | None = None
    name: str | None = None
    arguments: str | None = None
    output: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Usage(_Base):
    """The tokens a realtime response used (input includes the conversation so far)."""

    total_tokens: int | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    input_token_details: dict[str, Any] | None = None
    output_token_details: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeResponse(_Base):
    """A response of the model in a realtime session."""

    id: str | None = None
    object: str | None = None
    status: str | None = None
    status_details: dict[str, Any] | None = None
    output: list[RealtimeConversationItem] | None = None
    metadata: dict[str, str] | None = None
    usage: Usage | None = None
    conversation_id: str | None = None
    voice: RealtimeVoice | None = None
    modalities: list[str] | None = None
    output_audio_format: AudioFormat | None = None
    temperature: float | None = None
    max_output_tokens: MaxResponseOutputTokens | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeResponseCreateParams(_Base):
    """The settings of one response (``response.create``), over the session's."""

    modalities: list[str] | None = None
    instructions: str | None = None
    voice: RealtimeVoice | None = None
    output_audio_format: AudioFormat | None = None
    tools: list[ToolDefinition] | None = None
    tool_choice: str | None = None
    temperature: float | None = None
    max_response_output_tokens: MaxResponseOutputTokens | None = None
    conversation: str | None = None
    metadata: dict[str, str] | None = None
    input: list[RealtimeConversationItem] | None = None


class RealtimeContentPartArgs(Builder[RealtimeContentPart]):
    """Builder of ``RealtimeContentPart``."""

    type = Setter[str]()
    text = Setter[str]()
    id = Setter[str]()
    audio = Setter[str]()
    transcript = Setter[str]()


class RealtimeConversationItemArgs(Builder[RealtimeConversationItem]):
    """Builder of ``RealtimeConversationItem``; ``content`` takes any iterable."""

    id = Setter[str]()
    type = Setter[str]()
    object = Setter[str]()
    status = Setter[str]()
    role = Setter[str]()
    content = Setter[Iterable[RealtimeContentPart | JsonObject]](convert=seq())
    call_id = Setter[str]()
    name = Setter[str]()
    arguments = Setter[str]()
    output = Setter[str]()


class RealtimeResponseCreateParamsArgs(Builder[RealtimeResponseCreateParams]):
    """Builder of ``RealtimeResponseCreateParams``; list fields take any iterable."""

    modalities = Setter[Iterable[str]](convert=seq())
    instructions = Setter[str]()
    voice = Setter[RealtimeVoice | str]()
    output_audio_format = Setter[AudioFormat | str]()
    tools = Setter[Iterable[ToolDefinition | JsonObject]](convert=seq())
    tool_choice = Setter[ToolChoice | str]()
    temperature = Setter[float]()
    max_response_output_tokens = Setter[MaxResponseOutputTokens]()
    conversation = Setter[str]()
    metadata = Setter[dict[str, str]]()
    input = Setter[Iterable[RealtimeConversationItem | JsonObject]](convert=seq())


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeSession(_Base):
    """A realtime session's settings, as the server reports them."""

    id: str | None = None
    modalities: list[str] | None = None
    model: str | None = None
    instructions: str | None = None
    voice: RealtimeVoice | None = None
    input_audio_format: AudioFormat | None = None
    output_audio_format: AudioFormat | None = None
    input_audio_transcription: AudioTranscription | None = None
    turn_detection: TurnDetection | None = None
    input_audio_noise_reduction: InputAudioNoiseReduction | None = None
    tools: list[ToolDefinition] | None = None
    tool_choice: str | None = None
    temperature: float | None = None
    max_response_output_tokens: MaxResponseOutputTokens | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeTranscriptionSession(_Base):
    """A transcription session's settings, as ``transcription_session.updated`` reports them."""

    modalities: list[str] | None = None
    input_audio_format: AudioFormat | None = None
    input_audio_transcription: AudioTranscription | None = None
    turn_detection: TurnDetection | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeErrorDetails(_Base):
    """What went wrong, for an ``error`` event or a failed transcription."""

    type: str | None = None
    code: str | None = None
    message: str | None = None
    param: str | None = None
    event_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeConversation(_Base):
    """The conversation of a session (``conversation.created``)."""

    id: str | None = None
    object: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeRateLimit(_Base):
    """One rate limit (``requests`` or ``tokens``) after a response."""

    name: str | None = None
    limit: int | None = None
    remaining: int | None = None
    reset_seconds: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventConversationItemCreate(_Base):
    """``conversation.item.create``, sent by the client."""

    item: RealtimeConversationItem
    event_id: str | None = None
    previous_item_id: str | None = None
    type: Literal["conversation.item.create"] = field(default="conversation.item.create", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventConversationItemDelete(_Base):
    """``conversation.item.delete``, sent by the client."""

    item_id: str
    event_id: str | None = None
    type: Literal["conversation.item.delete"] = field(default="conversation.item.delete", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventConversationItemRetrieve(_Base):
    """``conversation.item.retrieve``, sent by the client."""

    item_id: str
    event_id: str | None = None
    type: Literal["conversation.item.retrieve"] = field(default="conversation.item.retrieve", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventConversationItemTruncate(_Base):
    """``conversation.item.truncate``, sent by the client."""

    item_id: str
    content_index: int
    audio_end_ms: int
    event_id: str | None = None
    type: Literal["conversation.item.truncate"] = field(default="conversation.item.truncate", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventInputAudioBufferAppend(_Base):
    """``input_audio_buffer.append``, sent by the client."""

    audio: str
    event_id: str | None = None
    type: Literal["input_audio_buffer.append"] = field(default="input_audio_buffer.append", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventInputAudioBufferClear(_Base):
    """``input_audio_buffer.clear``, sent by the client."""

    event_id: str | None = None
    type: Literal["input_audio_buffer.clear"] = field(default="input_audio_buffer.clear", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventInputAudioBufferCommit(_Base):
    """``input_audio_buffer.commit``, sent by the client."""

    event_id: str | None = None
    type: Literal["input_audio_buffer.commit"] = field(default="input_audio_buffer.commit", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventOutputAudioBufferClear(_Base):
    """``output_audio_buffer.clear``, sent by the client."""

    event_id: str | None = None
    type: Literal["output_audio_buffer.clear"] = field(default="output_audio_buffer.clear", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventResponseCancel(_Base):
    """``response.cancel``, sent by the client."""

    event_id: str | None = None
    response_id: str | None = None
    type: Literal["response.cancel"] = field(default="response.cancel", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventResponseCreate(_Base):
    """``response.create``, sent by the client."""

    event_id: str | None = None
    response: RealtimeResponseCreateParams | None = None
    type: Literal["response.create"] = field(default="response.create", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventSessionUpdate(_Base):
    """``session.update``, sent by the client."""

    session: RealtimeSessionCreateRequest
    event_id: str | None = None
    type: Literal["session.update"] = field(default="session.update", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientEventTranscriptionSessionUpdate(_Base):
    """``transcription_session.update``, sent by the client."""

    session: RealtimeTranscriptionSessionCreateRequest
    event_id: str | None = None
    type: Literal["transcription_session.update"] = field(default="transcription_session.update", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventConversationCreated(_Base):
    """``conversation.created``, sent by the server."""

    event_id: str
    conversation: RealtimeConversation
    type: Literal["conversation.created"] = field(default="conversation.created", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventConversationItemCreated(_Base):
    """``conversation.item.created``, sent by the server."""

    event_id: str
    previous_item_id: str
    item: RealtimeConversationItem
    type: Literal["conversation.item.created"] = field(default="conversation.item.created", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventConversationItemDeleted(_Base):
    """``conversation.item.deleted``, sent by the server."""

    event_id: str
    item_id: str
    type: Literal["conversation.item.deleted"] = field(default="conversation.item.deleted", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventConversationItemInputAudioTranscriptionCompleted(_Base):
    """``conversation.item.input_audio_transcription.completed``, sent by the server."""

    event_id: str
    item_id: str
    content_index: int
    transcript: str
    logprobs: list[TranscriptionLogprob] | None = None
    type: Literal["conversation.item.input_audio_transcription.completed"] = field(
        default="conversation.item.input_audio_transcription.completed", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventConversationItemInputAudioTranscriptionDelta(_Base):
    """``conversation.item.input_audio_transcription.delta``, sent by the server."""

    event_id: str
    item_id: str
    content_index: int | None = None
    delta: str | None = None
    logprobs: list[TranscriptionLogprob] | None = None
    type: Literal["conversation.item.input_audio_transcription.delta"] = field(
        default="conversation.item.input_audio_transcription.delta", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventConversationItemInputAudioTranscriptionFailed(_Base):
    """``conversation.item.input_audio_transcription.failed``, sent by the server."""

    event_id: str
    item_id: str
    content_index: int
    error: RealtimeErrorDetails
    type: Literal["conversation.item.input_audio_transcription.failed"] = field(
        default="conversation.item.input_audio_transcription.failed", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventConversationItemRetrieved(_Base):
    """``conversation.item.retrieved``, sent by the server."""

    event_id: str
    item: RealtimeConversationItem
    type: Literal["conversation.item.retrieved"] = field(default="conversation.item.retrieved", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventConversationItemTruncated(_Base):
    """``conversation.item.truncated``, sent by the server."""

    event_id: str
    item_id: str
    content_index: int
    audio_end_ms: int
    type: Literal["conversation.item.truncated"] = field(default="conversation.item.truncated", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventError(_Base):
    """``error``, sent by the server."""

    event_id: str
    error: RealtimeErrorDetails
    type: Literal["error"] = field(default="error", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventInputAudioBufferCleared(_Base):
    """``input_audio_buffer.cleared``, sent by the server."""

    event_id: str
    type: Literal["input_audio_buffer.cleared"] = field(default="input_audio_buffer.cleared", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventInputAudioBufferCommitted(_Base):
    """``input_audio_buffer.committed``, sent by the server."""

    event_id: str
    previous_item_id: str
    item_id: str
    type: Literal["input_audio_buffer.committed"] = field(default="input_audio_buffer.committed", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventInputAudioBufferSpeechStarted(_Base):
    """``input_audio_buffer.speech_started``, sent by the server."""

    event_id: str
    audio_start_ms: int
    item_id: str
    type: Literal["input_audio_buffer.speech_started"] = field(
        default="input_audio_buffer.speech_started", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventInputAudioBufferSpeechStopped(_Base):
    """``input_audio_buffer.speech_stopped``, sent by the server."""

    event_id: str
    audio_end_ms: int
    item_id: str
    type: Literal["input_audio_buffer.speech_stopped"] = field(
        default="input_audio_buffer.speech_stopped", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventOutputAudioBufferCleared(_Base):
    """``output_audio_buffer.cleared``, sent by the server."""

    event_id: str
    response_id: str
    type: Literal["output_audio_buffer.cleared"] = field(default="output_audio_buffer.cleared", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventOutputAudioBufferStarted(_Base):
    """``output_audio_buffer.started``, sent by the server."""

    event_id: str
    response_id: str
    type: Literal["output_audio_buffer.started"] = field(default="output_audio_buffer.started", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventOutputAudioBufferStopped(_Base):
    """``output_audio_buffer.stopped``, sent by the server."""

    event_id: str
    response_id: str
    type: Literal["output_audio_buffer.stopped"] = field(default="output_audio_buffer.stopped", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventRateLimitsUpdated(_Base):
    """``rate_limits.updated``, sent by the server."""

    event_id: str
    rate_limits: list[RealtimeRateLimit]
    type: Literal["rate_limits.updated"] = field(default="rate_limits.updated", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseAudioDelta(_Base):
    """``response.audio.delta``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str
    type: Literal["response.audio.delta"] = field(default="response.audio.delta", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseAudioDone(_Base):
    """``response.audio.done``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    type: Literal["response.audio.done"] = field(default="response.audio.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseAudioTranscriptDelta(_Base):
    """``response.audio_transcript.delta``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str
    type: Literal["response.audio_transcript.delta"] = field(
        default="response.audio_transcript.delta", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseAudioTranscriptDone(_Base):
    """``response.audio_transcript.done``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    transcript: str
    type: Literal["response.audio_transcript.done"] = field(
        default="response.audio_transcript.done", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseContentPartAdded(_Base):
    """``response.content_part.added``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    part: RealtimeContentPart
    type: Literal["response.content_part.added"] = field(default="response.content_part.added", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseContentPartDone(_Base):
    """``response.content_part.done``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    part: RealtimeContentPart
    type: Literal["response.content_part.done"] = field(default="response.content_part.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseCreated(_Base):
    """``response.created``, sent by the server."""

    event_id: str
    response: RealtimeResponse
    type: Literal["response.created"] = field(default="response.created", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseDone(_Base):
    """``response.done``, sent by the server."""

    event_id: str
    response: RealtimeResponse
    type: Literal["response.done"] = field(default="response.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseFunctionCallArgumentsDelta(_Base):
    """``response.function_call_arguments.delta``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    call_id: str
    delta: str
    type: Literal["response.function_call_arguments.delta"] = field(
        default="response.function_call_arguments.delta", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseFunctionCallArgumentsDone(_Base):
    """``response.function_call_arguments.done``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    call_id: str
    arguments: str
    type: Literal["response.function_call_arguments.done"] = field(
        default="response.function_call_arguments.done", init=False
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseOutputItemAdded(_Base):
    """``response.output_item.added``, sent by the server."""

    event_id: str
    response_id: str
    output_index: int
    item: RealtimeConversationItem
    type: Literal["response.output_item.added"] = field(default="response.output_item.added", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseOutputItemDone(_Base):
    """``response.output_item.done``, sent by the server."""

    event_id: str
    response_id: str
    output_index: int
    item: RealtimeConversationItem
    type: Literal["response.output_item.done"] = field(default="response.output_item.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseTextDelta(_Base):
    """``response.text.delta``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    delta: str
    type: Literal["response.text.delta"] = field(default="response.text.delta", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventResponseTextDone(_Base):
    """``response.text.done``, sent by the server."""

    event_id: str
    response_id: str
    item_id: str
    output_index: int
    content_index: int
    text: str
    type: Literal["response.text.done"] = field(default="response.text.done", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventSessionCreated(_Base):
    """``session.created``, sent by the server."""

    event_id: str
    session: RealtimeSession
    type: Literal["session.created"] = field(default="session.created", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventSessionUpdated(_Base):
    """``session.updated``, sent by the server."""

    event_id: str
    session: RealtimeSession
    type: Literal["session.updated"] = field(default="session.updated", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeServerEventTranscriptionSessionUpdated(_Base):
    """``transcription_session.updated``, sent by the server."""

    event_id: str
    session: RealtimeTranscriptionSession
    type: Literal["transcription_session.updated"] = field(
        default="transcription_session.updated", init=False
    )


RealtimeClientEvent = Annotated[
    RealtimeClientEventConversationItemCreate
    | RealtimeClientEventConversationItemDelete
    | RealtimeClientEventConversationItemRetrieve
    | RealtimeClientEventConversationItemTruncate
    | RealtimeClientEventInputAudioBufferAppend
    | RealtimeClientEventInputAudioBufferClear
    | RealtimeClientEventInputAudioBufferCommit
    | RealtimeClientEventOutputAudioBufferClear
    | RealtimeClientEventResponseCancel
    | RealtimeClientEventResponseCreate
    | RealtimeClientEventSessionUpdate
    | RealtimeClientEventTranscriptionSessionUpdate,
    Tagged("type"),
]
"""An event the client sends, tagged by ``type``."""


RealtimeServerEvent = Annotated[
    RealtimeServerEventConversationCreated
    | RealtimeServerEventConversationItemCreated
    | RealtimeServerEventConversationItemDeleted
    | RealtimeServerEventConversationItemInputAudioTranscriptionCompleted
    | RealtimeServerEventConversationItemInputAudioTranscriptionDelta
    | RealtimeServerEventConversationItemInputAudioTranscriptionFailed
    | RealtimeServerEventConversationItemRetrieved
    | RealtimeServerEventConversationItemTruncated
    | RealtimeServerEventError
    | RealtimeServerEventInputAudioBufferCleared
    | RealtimeServerEventInputAudioBufferCommitted
    | RealtimeServerEventInputAudioBufferSpeechStarted
    | RealtimeServerEventInputAudioBufferSpeechStopped
    | RealtimeServerEventOutputAudioBufferCleared
    | RealtimeServerEventOutputAudioBufferStarted
    | RealtimeServerEventOutputAudioBufferStopped
    | RealtimeServerEventRateLimitsUpdated
    | RealtimeServerEventResponseAudioDelta
    | RealtimeServerEventResponseAudioDone
    | RealtimeServerEventResponseAudioTranscriptDelta
    | RealtimeServerEventResponseAudioTranscriptDone
    | RealtimeServerEventResponseContentPartAdded
    | RealtimeServerEventResponseContentPartDone
    | RealtimeServerEventResponseCreated
    | RealtimeServerEventResponseDone
    | RealtimeServerEventResponseFunctionCallArgumentsDelta
    | RealtimeServerEventResponseFunctionCallArgumentsDone
    | RealtimeServerEventResponseOutputItemAdded
    | RealtimeServerEventResponseOutputItemDone
    | RealtimeServerEventResponseTextDelta
    | RealtimeServerEventResponseTextDone
    | RealtimeServerEventSessionCreated
    | RealtimeServerEventSessionUpdated
    | RealtimeServerEventTranscriptionSessionUpdated,
    Tagged("type"),
]
"""An event the server sends, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeUnknownServerEvent(_Base):
    """A server event whose ``type`` this version does not know; ``data`` is its whole JSON object."""

    type: str
    data: dict[str, Any]


RealtimeServerItem = RealtimeServerEvent | RealtimeUnknownServerEvent
"""What a realtime connection receives: a known event, or an unknown one kept whole."""
