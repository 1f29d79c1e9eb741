"""Realtime sessions made over REST (``/realtime/sessions``, ``/realtime/transcription_sessions``).

A session answer carries an ephemeral client secret for a browser or device to connect with;
its ``value`` is kept out of ``repr``, as API keys are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from ..._builder import Builder, JsonObject, Setter, seq
from ..._codec import ApiModel as _Base

__all__ = [
    "AudioFormat",
    "AudioTranscription",
    "InputAudioNoiseReduction",
    "MaxResponseOutputTokens",
    "RealtimeClientSecret",
    "RealtimeSessionCreateRequest",
    "RealtimeSessionCreateRequestArgs",
    "RealtimeSessionCreateResponse",
    "RealtimeTranscriptionSessionCreateRequest",
    "RealtimeTranscriptionSessionCreateRequestArgs",
    "RealtimeTranscriptionSessionCreateResponse",
    "RealtimeVoice",
    "ToolChoice",
    "ToolDefinition",
    "TurnDetection",
]


class AudioFormat(StrEnum):
    """The format of input or output audio."""

    PCM16 = "pcm16"
    G711_ULAW = "g711_ulaw"
    G711_ALAW = "g711_alaw"


class RealtimeVoice(StrEnum):
    """The voice the model speaks with."""

    ALLOY = "alloy"
    ASH = "ash"
    BALLAD = "ballad"
    CORAL = "coral"
    ECHO = "echo"
    FABLE = "fable"
    ONYX = "onyx"
    NOVA = "nova"
    SAGE = "sage"
    SHIMMER = "shimmer"
    VERSE = "verse"


class ToolChoice(StrEnum):
    """Whether the model may, must, or must not call tools."""

    AUTO = "auto"
    NONE = "none"
    REQUIRED = "required"


MaxResponseOutputTokens = int | Literal["inf"]
"""The most output tokens of one response (1 to 4096), or ``"inf"``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AudioTranscription(_Base):
    """Transcription of the input audio, by ``model``."""

    model: str | None = None
    language: str | None = None
    prompt: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnDetection(_Base):
    """How the server finds the end of a turn: ``server_vad`` or ``semantic_vad``."""

    type: str | None = None
    eagerness: str | None = None
    threshold: float | None = None
    prefix_padding_ms: int | None = None
    silence_duration_ms: int | None = None
    create_response: bool | None = None
    interrupt_response: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InputAudioNoiseReduction(_Base):
    """Noise reduction of the input audio: ``near_field`` or ``far_field``."""

    type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolDefinition(_Base):
    """A function the model may call."""

    name: str | None = None
    description: str | None = None
    parameters: dict[str, Any] | None = None
    type: Literal["function"] = field(default="function", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeClientSecret(_Base):
    """An ephemeral key for a client to connect with; ``value`` never shows in ``repr``."""

    value: str = field(repr=False)
    expires_at: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeSessionCreateRequest(_Base):
    """The settings of a new realtime session."""

    model: str | None = None
    modalities: list[str] | None = None
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
class RealtimeSessionCreateResponse(_Base):
    """A realtime session and the ephemeral client secret to join it."""

    client_secret: RealtimeClientSecret
    modalities: list[str] | None = None
    instructions: str | None = None
    voice: RealtimeVoice | None = None
    input_audio_format: AudioFormat | None = None
    output_audio_format: AudioFormat | None = None
    input_audio_transcription: AudioTranscription | None = None
    turn_detection: TurnDetection | None = None
    tools: list[ToolDefinition] | None = None
    tool_choice: str | None = None
    temperature: float | None = None
    max_response_output_tokens: MaxResponseOutputTokens | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeTranscriptionSessionCreateRequest(_Base):
    """The settings of a new realtime transcription session."""

    modalities: list[str] | None = None
    input_audio_format: AudioFormat | None = None
    input_audio_transcription: AudioTranscription | None = None
    turn_detection: TurnDetection | None = None
    input_audio_noise_reduction: InputAudioNoiseReduction | None = None
    include: list[str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RealtimeTranscriptionSessionCreateResponse(_Base):
    """A realtime transcription session and the ephemeral client secret to join it."""

    client_secret: RealtimeClientSecret
    modalities: list[str] | None = None
    input_audio_format: AudioFormat | None = None
    input_audio_transcription: AudioTranscription | None = None
    turn_detection: TurnDetection | None = None


class RealtimeSessionCreateRequestArgs(Builder[RealtimeSessionCreateRequest]):
    """Builder of ``RealtimeSessionCreateRequest``; list fields take any iterable."""

    model = Setter[str]()
    modalities = Setter[Iterable[str]](convert=seq())
    instructions = Setter[str]()
    voice = Setter[RealtimeVoice | str]()
    input_audio_format = Setter[AudioFormat | str]()
    output_audio_format = Setter[AudioFormat | str]()
    input_audio_transcription = Setter[AudioTranscription | JsonObject]()
    turn_detection = Setter[TurnDetection | JsonObject]()
    input_audio_noise_reduction = Setter[InputAudioNoiseReduction | JsonObject]()
    tools = Setter[Iterable[ToolDefinition | JsonObject]](convert=seq())
    tool_choice = Setter[ToolChoice | str]()
    temperature = Setter[float]()
    max_response_output_tokens = Setter[MaxResponseOutputTokens]()


class RealtimeTranscriptionSessionCreateRequestArgs(Builder[RealtimeTranscriptionSessionCreateRequest]):
    """Builder of ``RealtimeTranscriptionSessionCreateRequest``."""

    modalities = Setter[Iterable[str]](convert=seq())
    input_audio_format = Setter[AudioFormat | str]()
    input_audio_transcription = Setter[AudioTranscription | JsonObject]()
    turn_detection = Setter[TurnDetection | JsonObject]()
    input_audio_noise_reduction = Setter[InputAudioNoiseReduction | JsonObject]()
    include = Setter[Iterable[str]](convert=seq())
