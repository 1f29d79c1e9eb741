"""Types of the Audio group: speech (``/audio/speech``), transcriptions and translations."""

from __future__ import annotations

import builtins
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Literal, TypeAlias

from .._builder import Builder, Setter, seq
from .._codec import ApiModel as _Base
from .._codec import Tagged
from ..error import FileSaveError
from .common import InputSource

__all__ = [
    "AudioInput",
    "AudioResponseFormat",
    "AudioSource",
    "CreateSpeechRequest",
    "CreateSpeechRequestArgs",
    "CreateSpeechResponse",
    "CreateTranscriptionRequest",
    "CreateTranscriptionRequestArgs",
    "CreateTranscriptionResponseJson",
    "CreateTranscriptionResponseStreamEvent",
    "CreateTranscriptionResponseVerboseJson",
    "CreateTranslationRequest",
    "CreateTranslationRequestArgs",
    "CreateTranslationResponseJson",
    "CreateTranslationResponseVerboseJson",
    "SpeechModel",
    "SpeechResponseFormat",
    "TimestampGranularity",
    "TranscriptTextDeltaEvent",
    "TranscriptTextDoneEvent",
    "TranscriptionInclude",
    "TranscriptionLogprob",
    "TranscriptionSegment",
    "TranscriptionWord",
    "Voice",
]

AudioInput = InputSource
"""An audio file to upload: a path, ``from_bytes(filename, bytes)``, ``from_vec_u8`` or a file object."""

AudioSource: TypeAlias = InputSource | str | os.PathLike[str] | tuple[str, bytes] | IO[bytes]
"""What audio setters accept: an ``AudioInput``, a path, ``(filename, bytes)`` or a binary file."""


class AudioResponseFormat(StrEnum):
    """The format of a transcript or translation."""

    JSON = "json"
    TEXT = "text"
    SRT = "srt"
    VERBOSE_JSON = "verbose_json"
    VTT = "vtt"


class SpeechResponseFormat(StrEnum):
    """The audio format of generated speech."""

    MP3 = "mp3"
    OPUS = "opus"
    AAC = "aac"
    FLAC = "flac"
    PCM = "pcm"
    WAV = "wav"


class Voice(StrEnum):
    """A built-in voice; other voice names can be given as plain strings."""

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


class SpeechModel(StrEnum):
    """A text-to-speech model; any other model name can be given as a plain string."""

    TTS_1 = "tts-1"
    TTS_1_HD = "tts-1-hd"
    GPT_4O_MINI_TTS = "gpt-4o-mini-tts"


class TimestampGranularity(StrEnum):
    """Which timestamps a ``verbose_json`` transcript carries."""

    WORD = "word"
    SEGMENT = "segment"


class TranscriptionInclude(StrEnum):
    """Extra information in a transcript (``logprobs``: gpt-4o transcribe models, json format)."""

    LOGPROBS = "logprobs"


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateSpeechRequest(_Base):
    """Generates audio from text (sent as JSON)."""

    input: str
    model: SpeechModel | str
    voice: Voice | str
    instructions: str | None = None
    """How to speak; not supported by ``tts-1``/``tts-1-hd``."""
    response_format: SpeechResponseFormat | None = None
    speed: float | None = None
    """0.25 to 4.0 (default 1.0)."""


@dataclass(frozen=True, slots=True)
class CreateSpeechResponse:
    """Generated audio: ``bytes`` holds the file content."""

    bytes: builtins.bytes

    def save(self, file_path: str | os.PathLike[str]) -> None:
        """Write the audio to ``file_path``, creating its parent directories.

        Raises ``FileSaveError`` naming the path when that fails. The write blocks,
        on ``AsyncClient`` too (speech files are small).
        """
        path = Path(file_path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self.bytes)
        except OSError as e:
            raise FileSaveError(f"cannot write {path}: {e.strerror or e}") from None

    def __bytes__(self) -> builtins.bytes:
        return self.bytes

    def __len__(self) -> int:
        return len(self.bytes)

    def __repr__(self) -> str:
        return f"CreateSpeechResponse(<{len(self.bytes)} bytes>)"


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTranscriptionRequest(_Base):
    """Transcribes audio into the input language; sent as multipart.

    ``timestamp_granularities`` (with ``verbose_json``) and ``include`` go as repeated
    ``timestamp_granularities[]`` and ``include[]`` fields.
    """

    file: InputSource
    model: str
    prompt: str | None = None
    response_format: AudioResponseFormat | None = None
    temperature: float | None = None
    language: str | None = None
    """ISO-639-1 code of the input language."""
    timestamp_granularities: list[TimestampGranularity] | None = None
    include: list[TranscriptionInclude] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTranslationRequest(_Base):
    """Translates audio into English; sent as multipart."""

    file: InputSource
    model: str
    prompt: str | None = None
    response_format: AudioResponseFormat | None = None
    temperature: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TranscriptionLogprob(_Base):
    """The log probability of one token of a transcript."""

    token: str | None = None
    logprob: float | None = None
    bytes: list[int] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTranscriptionResponseJson(_Base):
    """A transcript in the ``json`` format."""

    text: str
    logprobs: list[TranscriptionLogprob] | None = None
    """Present when ``include`` asked for ``logprobs``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TranscriptionWord(_Base):
    """A word of a transcript and when it is spoken (seconds)."""

    word: str
    start: float
    end: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TranscriptionSegment(_Base):
    """A segment of a transcript with its decoding details."""

    id: int
    seek: int
    start: float
    end: float
    text: str
    tokens: list[int]
    temperature: float
    avg_logprob: float
    """Below -1: consider the logprobs failed."""
    compression_ratio: float
    """Above 2.4: consider the compression failed."""
    no_speech_prob: float
    """Above 1.0 with ``avg_logprob`` below -1: consider the segment silent."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTranscriptionResponseVerboseJson(_Base):
    """A transcript in the ``verbose_json`` format."""

    language: str
    duration: float
    text: str
    words: list[TranscriptionWord] | None = None
    segments: list[TranscriptionSegment] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTranslationResponseJson(_Base):
    """A translation in the ``json`` format."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateTranslationResponseVerboseJson(_Base):
    """A translation in the ``verbose_json`` format."""

    language: str
    """Always ``english``."""
    duration: float
    text: str
    segments: list[TranscriptionSegment] | None = None


def _audio(value: object) -> InputSource:
    return InputSource.coerce(value)


class CreateSpeechRequestArgs(Builder[CreateSpeechRequest]):
    """Builder of ``CreateSpeechRequest``."""

    input = Setter[str]()
    model = Setter[SpeechModel | str]()
    voice = Setter[Voice | str]()
    instructions = Setter[str]()
    response_format = Setter[SpeechResponseFormat | str]()
    speed = Setter[float]()


class CreateTranscriptionRequestArgs(Builder[CreateTranscriptionRequest]):
    """Builder of ``CreateTranscriptionRequest``; ``file`` takes a path, ``(filename, bytes)``,
    a binary file object or an ``AudioInput``."""

    file = Setter[AudioSource](convert=_audio)
    model = Setter[str]()
    prompt = Setter[str]()
    response_format = Setter[AudioResponseFormat | str]()
    temperature = Setter[float]()
    language = Setter[str]()
    timestamp_granularities = Setter[Iterable[TimestampGranularity | str]](convert=seq())
    include = Setter[Iterable[TranscriptionInclude | str]](convert=seq())


class CreateTranslationRequestArgs(Builder[CreateTranslationRequest]):
    """Builder of ``CreateTranslationRequest``; ``file`` as for transcriptions."""

    file = Setter[AudioSource](convert=_audio)
    model = Setter[str]()
    prompt = Setter[str]()
    response_format = Setter[AudioResponseFormat | str]()
    temperature = Setter[float]()


@dataclass(frozen=True, slots=True, kw_only=True)
class TranscriptTextDeltaEvent(_Base):
    """More transcribed text (``audio().transcribe_stream``); the first event of the stream."""

    delta: str
    logprobs: list[TranscriptionLogprob] | None = None
    type: Literal["transcript.text.delta"] = field(default="transcript.text.delta", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class TranscriptTextDoneEvent(_Base):
    """The transcription is complete: the whole text; the last event of the stream."""

    text: str
    logprobs: list[TranscriptionLogprob] | None = None
    type: Literal["transcript.text.done"] = field(default="transcript.text.done", init=False)


CreateTranscriptionResponseStreamEvent = Annotated[
    TranscriptTextDeltaEvent | TranscriptTextDoneEvent, Tagged("type")
]
"""An event of a transcription stream, tagged by ``type`` (an unknown one stays raw JSON)."""
