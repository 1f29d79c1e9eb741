"""Audio: turn text into speech, and speech into text (transcriptions, translations)."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TypeVar

from ._request import ApiRequest, FilePart, Multipart, json_body, json_decoder, sse_request
from ._resource import Resource, binary_endpoint, stream_endpoint
from ._sse import Framing
from .error import InvalidArgument
from .types.audio import (
    AudioResponseFormat,
    CreateSpeechRequest,
    CreateSpeechResponse,
    CreateTranscriptionRequest,
    CreateTranscriptionResponseJson,
    CreateTranscriptionResponseStreamEvent,
    CreateTranscriptionResponseVerboseJson,
    CreateTranslationRequest,
    CreateTranslationResponseJson,
    CreateTranslationResponseVerboseJson,
)
from .types.common import InputSource

__all__ = ["Audio"]

C = TypeVar("C")

_TRANSCRIPTION = json_decoder(CreateTranscriptionResponseJson)
_TRANSCRIPTION_VERBOSE = json_decoder(CreateTranscriptionResponseVerboseJson)
_TRANSLATION = json_decoder(CreateTranslationResponseJson)
_TRANSLATION_VERBOSE = json_decoder(CreateTranslationResponseVerboseJson)
# A transcription stream ends when the connection closes after its done event.
_TRANSCRIPT_DONE = frozenset({"transcript.text.done"})

_AUDIO_TYPES = {
    ".flac": "audio/flac",
    ".m4a": "audio/mp4",
    ".mp3": "audio/mpeg",
    ".mp4": "audio/mp4",
    ".mpeg": "audio/mpeg",
    ".mpga": "audio/mpeg",
    ".oga": "audio/ogg",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".wav": "audio/wav",
    ".webm": "audio/webm",
}


def _speech(body: bytes) -> CreateSpeechResponse:
    return CreateSpeechResponse(body)


def audio_part(source: InputSource) -> FilePart:
    """The ``file`` part for an audio file, typed by its filename's extension."""
    part: FilePart = source.part("file")
    ctype = _AUDIO_TYPES.get(os.path.splitext(part.filename)[1].lower())
    return replace(part, content_type=ctype) if ctype else part


def _form(
    request: CreateTranscriptionRequest | CreateTranslationRequest,
    response_format: AudioResponseFormat | None,
) -> Multipart:
    fields = [("model", request.model)]
    if request.prompt is not None:
        fields.append(("prompt", request.prompt))
    if response_format is not None:
        fields.append(("response_format", str(response_format)))
    if request.temperature is not None:
        fields.append(("temperature", str(request.temperature)))
    if isinstance(request, CreateTranscriptionRequest):
        if request.language is not None:
            fields.append(("language", request.language))
        # Arrays go as one field per item, named with [] (as the API's own clients send them).
        for granularity in request.timestamp_granularities or ():
            fields.append(("timestamp_granularities[]", str(granularity)))
        for item in request.include or ():
            fields.append(("include[]", str(item)))
    return Multipart(fields=tuple(fields), files=(audio_part(InputSource.coerce(request.file)),))


def _json_format(
    request: CreateTranscriptionRequest | CreateTranslationRequest,
    wanted: AudioResponseFormat,
    method: str,
) -> AudioResponseFormat:
    """The format to send for a method that decodes one JSON shape: ``wanted`` (also when unset)."""
    fmt = request.response_format
    if fmt is not None and fmt != wanted:
        raw = method.split("_", 1)[0] + "_raw"
        raise InvalidArgument(
            f"{method} decodes response_format {wanted.value!r}, not {str(fmt)!r}: "
            f"use {raw} for {str(fmt)!r}"
        )
    return wanted


class Audio(Resource[C]):
    """Turn audio into text or text into audio."""

    __slots__ = ()

    @binary_endpoint
    def speech(self, request: CreateSpeechRequest) -> ApiRequest[CreateSpeechResponse]:
        """Generates audio from the input text; ``.bytes`` holds it and ``.save(path)`` writes it."""
        return ApiRequest("POST", "/audio/speech", _speech, body=json_body(request))

    @binary_endpoint
    def transcribe(
        self, request: CreateTranscriptionRequest
    ) -> ApiRequest[CreateTranscriptionResponseJson]:
        """Transcribes audio into the input language (``json`` format)."""
        fmt = _json_format(request, AudioResponseFormat.JSON, "transcribe")
        # An unset format stays unset: the API's default is json.
        body = _form(request, request.response_format and fmt)
        return ApiRequest("POST", "/audio/transcriptions", _TRANSCRIPTION, multipart=body)

    @stream_endpoint
    def transcribe_stream(
        self, request: CreateTranscriptionRequest
    ) -> ApiRequest[CreateTranscriptionResponseStreamEvent]:
        """Transcribes audio as a stream of ``transcript.text.delta`` events, then one
        ``transcript.text.done`` with the whole text (models that stream: not ``whisper-1``).

        The format must be ``json`` or unset.
        """
        fmt = _json_format(request, AudioResponseFormat.JSON, "transcribe_stream")
        form = _form(request, request.response_format and fmt)
        form = replace(form, fields=(*form.fields, ("stream", "true")))
        api = sse_request("POST", "/audio/transcriptions", CreateTranscriptionResponseStreamEvent,
                          framing=Framing.TYPED, terminal=_TRANSCRIPT_DONE)
        return api._replace(multipart=form)

    @binary_endpoint
    def transcribe_verbose_json(
        self, request: CreateTranscriptionRequest
    ) -> ApiRequest[CreateTranscriptionResponseVerboseJson]:
        """Transcribes audio into the input language, with timestamps (``verbose_json``)."""
        fmt = _json_format(request, AudioResponseFormat.VERBOSE_JSON, "transcribe_verbose_json")
        body = _form(request, fmt)
        return ApiRequest("POST", "/audio/transcriptions", _TRANSCRIPTION_VERBOSE, multipart=body)

    @binary_endpoint
    def transcribe_raw(self, request: CreateTranscriptionRequest) -> ApiRequest[bytes]:
        """Transcribes audio into the input language; the answer as bytes (``srt``, ``vtt``, ``text``...)."""
        body = _form(request, request.response_format)
        return ApiRequest("POST", "/audio/transcriptions", bytes, multipart=body)

    @binary_endpoint
    def translate(
        self, request: CreateTranslationRequest
    ) -> ApiRequest[CreateTranslationResponseJson]:
        """Translates audio into English (``json`` format)."""
        fmt = _json_format(request, AudioResponseFormat.JSON, "translate")
        body = _form(request, request.response_format and fmt)
        return ApiRequest("POST", "/audio/translations", _TRANSLATION, multipart=body)

    @binary_endpoint
    def translate_verbose_json(
        self, request: CreateTranslationRequest
    ) -> ApiRequest[CreateTranslationResponseVerboseJson]:
        """Translates audio into English, with segments (``verbose_json``)."""
        fmt = _json_format(request, AudioResponseFormat.VERBOSE_JSON, "translate_verbose_json")
        body = _form(request, fmt)
        return ApiRequest("POST", "/audio/translations", _TRANSLATION_VERBOSE, multipart=body)

    @binary_endpoint
    def translate_raw(self, request: CreateTranslationRequest) -> ApiRequest[bytes]:
        """Translates audio into English; the answer as bytes (``srt``, ``vtt``, ``text``...)."""
        body = _form(request, request.response_format)
        return ApiRequest("POST", "/audio/translations", bytes, multipart=body)
