"""Audio: speech, transcriptions and translations, deterministic to the byte.

* ``POST /v1/audio/speech`` answers ``speech_bytes(input, voice, format)``.
* ``POST /v1/audio/transcriptions`` and ``/translations`` answer a transcript naming the
  uploaded file and its size (``transcript_text``) in every ``response_format``, with
  words and segments as ``timestamp_granularities[]`` asks. With ``stream=true`` (json only;
  not ``whisper-1``, as the API) a transcription is a typed event stream: the text in
  ``transcript.text.delta`` pieces, then ``transcript.text.done``, then the connection closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..echo import pieces
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..wire import Form, json_response, read_form, read_json, send_sse, sse_event

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["routes", "speech_bytes", "transcript_text"]

routes = RouteGroup("audio")

_SPEECH_TYPES = {
    "mp3": "audio/mpeg", "opus": "audio/ogg", "aac": "audio/aac", "flac": "audio/flac",
    "wav": "audio/wav", "pcm": "audio/L16",
}
_AUDIO_FORMATS = ("json", "text", "srt", "verbose_json", "vtt")


def speech_bytes(text: str, voice: str, response_format: str = "mp3") -> bytes:
    """The "audio" answered for a speech request (not playable: a labelled echo)."""
    return f"MOCK-AUDIO {response_format} voice={voice}\n{text}".encode()


def transcript_text(filename: str, size: int, translation: bool = False) -> str:
    """The text of the transcript (or translation) of an uploaded file."""
    kind = "Translation" if translation else "Transcript"
    return f"{kind} of {filename} ({size} bytes)."


def _timestamp(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


@routes.post("/v1/audio/speech")
async def speech(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    for name in ("model", "input", "voice"):
        if not isinstance(body.get(name), str):
            raise ApiFailure.missing(name)
    fmt = body.get("response_format") or "mp3"
    if fmt not in _SPEECH_TYPES:
        raise ApiFailure.invalid("response_format", f"Invalid response_format: {fmt!r}.")
    return web.Response(body=speech_bytes(body["input"], body["voice"], fmt),
                        content_type=_SPEECH_TYPES[fmt])


def _transcript(form: Form, translation: bool) -> web.Response:
    form.text("model", required=True)
    files = form.files("file")
    if len(files) != 1:
        raise ApiFailure.missing("file")
    upload = files[0]
    fmt = form.text("response_format") or "json"
    if fmt not in _AUDIO_FORMATS:
        raise ApiFailure.invalid("response_format", f"Invalid response_format: {fmt!r}.")
    try:
        temperature = float(form.text("temperature") or 0)
    except ValueError:
        raise ApiFailure.invalid("temperature", "'temperature' must be a number.") from None
    text = transcript_text(upload.filename or "", len(upload.data), translation)
    words = text.split()
    duration = round(0.5 * len(words), 3)
    if fmt == "text":
        return web.Response(text=text + "\n", content_type="text/plain")
    if fmt == "srt":
        span = f"{_timestamp(0, ',')} --> {_timestamp(duration, ',')}"
        return web.Response(text=f"1\n{span}\n{text}\n\n", content_type="text/plain")
    if fmt == "vtt":
        span = f"{_timestamp(0, '.')} --> {_timestamp(duration, '.')}"
        return web.Response(text=f"WEBVTT\n\n{span}\n{text}\n\n", content_type="text/plain")
    if fmt == "json":
        out: dict[str, Any] = {"text": text}
        if not translation and "logprobs" in form.texts("include[]"):
            out["logprobs"] = [{"token": w, "logprob": -0.25, "bytes": list(w.encode())}
                               for w in words]
        return json_response(out)
    verbose: dict[str, Any] = {
        "language": "english" if translation else (form.text("language") or "english"),
        "duration": duration, "text": text,
    }
    granularities = form.texts("timestamp_granularities[]")
    if not translation and "word" in granularities:
        verbose["words"] = [{"word": w, "start": 0.5 * i, "end": 0.5 * (i + 1)}
                            for i, w in enumerate(words)]
    if translation or not granularities or "segment" in granularities:
        verbose["segments"] = [{
            "id": 0, "seek": 0, "start": 0.0, "end": duration, "text": text,
            "tokens": list(range(len(words))), "temperature": temperature,
            "avg_logprob": -0.25, "compression_ratio": 1.0, "no_speech_prob": 0.01,
        }]
    return json_response(verbose)


@routes.post("/v1/audio/transcriptions")
async def transcriptions(request: web.Request, state: ServerState) -> web.StreamResponse:
    form = await read_form(request)
    if form.text("stream") != "true" or form.text("model") == "whisper-1":
        return _transcript(form, translation=False)
    if (form.text("response_format") or "json") != "json":
        raise ApiFailure.invalid("response_format", "Streaming transcriptions are json only.")
    files = form.files("file")
    if len(files) != 1:
        raise ApiFailure.missing("file")
    text = transcript_text(files[0].filename or "", len(files[0].data))
    events = [sse_event({"type": "transcript.text.delta", "delta": p}) for p in pieces(text)]
    events.append(sse_event({"type": "transcript.text.done", "text": text}))
    return await send_sse(request, events, done=False)


@routes.post("/v1/audio/translations")
async def translations(request: web.Request, state: ServerState) -> web.StreamResponse:
    return _transcript(await read_form(request), translation=True)
