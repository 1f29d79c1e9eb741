"""Images and Audio routes for the local server.

Importing this module registers them (``register_route_group``) for every server
started afterwards. Everything is deterministic, so tests can predict each byte:

* ``POST /v1/images/generations`` draws ``n`` small PNGs from the prompt
  (``image_bytes(prompt, i)``). ``response_format=url`` (the default, except for
  gpt-image-1) answers URLs that point back at this server, ``/media/images/{name}``,
  where ``GET`` serves them.
* ``POST /v1/images/edits`` and ``/v1/images/variations`` answer the uploaded images
  themselves (``image``, or each ``image[]`` in turn), ``n`` of them: a saved result
  must equal what was sent.
* ``POST /v1/audio/speech`` answers ``speech_bytes(input, voice, format)``.
* ``POST /v1/audio/transcriptions`` and ``/translations`` answer a transcript naming the
  uploaded file and its size (``transcript_text``) in every ``response_format``, with
  words and segments as ``timestamp_granularities[]`` asks.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import hashlib
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .server import CREATED, ServerState, error_response, json_response, read_json, register_route_group

__all__ = [
    "FormPart",
    "add_media_routes",
    "image_bytes",
    "parse_form",
    "speech_bytes",
    "transcript_text",
]

_SPEECH_TYPES = {
    "mp3": "audio/mpeg", "opus": "audio/ogg", "aac": "audio/aac", "flac": "audio/flac",
    "wav": "audio/wav", "pcm": "audio/L16",
}
_AUDIO_FORMATS = ("json", "text", "srt", "verbose_json", "vtt")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def image_bytes(prompt: str, index: int, size: int = 8) -> bytes:
    """The PNG generated for ``prompt`` (the ``index``-th of a request): a valid image file."""
    seed = hashlib.sha256(f"{index}:{prompt}".encode()).digest()
    rows = b"".join(
        b"\x00" + bytes(seed[(x + y) % 32] ^ (c * 85) for x in range(size) for c in range(3))
        for y in range(size)
    )
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows, 9)) + _png_chunk(b"IEND", b""))


def speech_bytes(text: str, voice: str, response_format: str = "mp3") -> bytes:
    """The "audio" answered for a speech request (not playable: a labelled echo)."""
    return f"MOCK-AUDIO {response_format} voice={voice}\n{text}".encode()


def transcript_text(filename: str, size: int, translation: bool = False) -> str:
    """The text of the transcript (or translation) of an uploaded file."""
    kind = "Translation" if translation else "Transcript"
    return f"{kind} of {filename} ({size} bytes)."


@dataclass(frozen=True, slots=True)
class FormPart:
    name: str
    filename: str | None
    content_type: str
    data: bytes


def parse_form(content_type: str, body: bytes) -> list[FormPart]:
    """Every part of a multipart/form-data body in order (repeated names kept)."""
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + body
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    if not msg.is_multipart():
        return []
    parts = []
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        parts.append(FormPart(str(name), part.get_filename(), part.get_content_type(),
                              payload if isinstance(payload, bytes) else b""))
    return parts


class _Invalid(Exception):
    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


async def _form(request: web.Request) -> list[FormPart]:
    ctype = request.headers.get("Content-Type", "")
    if not ctype.startswith("multipart/form-data"):
        raise _Invalid("Expected a multipart/form-data body.")
    return parse_form(ctype, await request.read())


def _text(form: list[FormPart], name: str, required: bool = False) -> str | None:
    for part in form:
        if part.name == name and part.filename is None:
            return part.data.decode()
    if required:
        raise _Invalid(f"Missing required parameter: '{name}'.", name)
    return None


def _files(form: list[FormPart], *names: str) -> list[FormPart]:
    return [p for p in form if p.name in names and p.filename is not None]


def _count(value: Any) -> int:
    try:
        n = int(value) if value is not None else 1
    except (TypeError, ValueError):
        raise _Invalid("'n' must be an integer.", "n") from None
    if not 1 <= n <= 10:
        raise _Invalid("'n' must be between 1 and 10.", "n")
    return n


def _timestamp(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


@register_route_group
def add_media_routes(router: web.UrlDispatcher, state: ServerState) -> None:
    images: dict[str, bytes] = {}

    def image_list(request: web.Request, blobs: list[bytes], fmt: str, prompt: str | None,
                   model: str | None) -> web.Response:
        if fmt not in ("url", "b64_json"):
            raise _Invalid(f"Invalid response_format: {fmt!r}.", "response_format")
        origin = f"{request.scheme}://{request.host}"
        data = []
        for blob in blobs:
            item: dict[str, Any] = {}
            if fmt == "url":
                name = f"img-{hashlib.sha256(blob).hexdigest()[:16]}.png"
                with state.lock:
                    images[name] = blob
                item["url"] = f"{origin}/media/images/{name}"
            else:
                item["b64_json"] = base64.b64encode(blob).decode("ascii")
            if prompt is not None and model == "dall-e-3":
                item["revised_prompt"] = prompt
            data.append(item)
        out: dict[str, Any] = {"created": CREATED, "data": data}
        if model == "gpt-image-1":
            text = len((prompt or "").split())
            out["usage"] = {"total_tokens": text + 100 * len(blobs), "input_tokens": text,
                            "output_tokens": 100 * len(blobs),
                            "input_tokens_details": {"text_tokens": text, "image_tokens": 0}}
        return json_response(out)

    def default_format(model: str | None) -> str:
        return "b64_json" if model == "gpt-image-1" else "url"

    async def generations(request: web.Request) -> web.Response:
        body = await read_json(request)
        prompt = body.get("prompt")
        if not isinstance(prompt, str):
            raise _Invalid("Missing required parameter: 'prompt'.", "prompt")
        model = body.get("model")
        n = _count(body.get("n"))
        fmt = body.get("response_format") or default_format(model)
        return image_list(request, [image_bytes(prompt, i) for i in range(n)], fmt, prompt, model)

    async def edits(request: web.Request) -> web.Response:
        form = await _form(request)
        prompt = _text(form, "prompt", required=True)
        uploads = _files(form, "image", "image[]")
        if not uploads:
            raise _Invalid("Missing required parameter: 'image'.", "image")
        model = _text(form, "model")
        n = _count(_text(form, "n"))
        fmt = _text(form, "response_format") or default_format(model)
        blobs = [uploads[i % len(uploads)].data for i in range(n)]
        return image_list(request, blobs, fmt, prompt, model)

    async def variations(request: web.Request) -> web.Response:
        form = await _form(request)
        uploads = _files(form, "image")
        if len(uploads) != 1:
            raise _Invalid("Expected exactly one 'image' file.", "image")
        n = _count(_text(form, "n"))
        fmt = _text(form, "response_format") or "url"
        return image_list(request, [uploads[0].data] * n, fmt, None, _text(form, "model"))

    async def serve_image(request: web.Request) -> web.Response:
        with state.lock:
            blob = images.get(request.match_info["name"])
        if blob is None:
            return error_response(404, "No such image.", code="not_found")
        return web.Response(body=blob, content_type="image/png")

    async def speech(request: web.Request) -> web.Response:
        body = await read_json(request)
        for name in ("model", "input", "voice"):
            if not isinstance(body.get(name), str):
                raise _Invalid(f"Missing required parameter: '{name}'.", name)
        fmt = body.get("response_format") or "mp3"
        if fmt not in _SPEECH_TYPES:
            raise _Invalid(f"Invalid response_format: {fmt!r}.", "response_format")
        data = speech_bytes(body["input"], body["voice"], fmt)
        return web.Response(body=data, content_type=_SPEECH_TYPES[fmt])

    def transcript(form: list[FormPart], translation: bool) -> web.Response:
        _text(form, "model", required=True)
        files = _files(form, "file")
        if len(files) != 1:
            raise _Invalid("Missing required parameter: 'file'.", "file")
        upload = files[0]
        fmt = _text(form, "response_format") or "json"
        if fmt not in _AUDIO_FORMATS:
            raise _Invalid(f"Invalid response_format: {fmt!r}.", "response_format")
        try:
            temperature = float(_text(form, "temperature") or 0)
        except ValueError:
            raise _Invalid("'temperature' must be a number.", "temperature") from None
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
            if not translation and "logprobs" in [p.data.decode() for p in form
                                                  if p.name == "include[]"]:
                out["logprobs"] = [{"token": w, "logprob": -0.25, "bytes": list(w.encode())}
                                   for w in words]
            return json_response(out)
        verbose: dict[str, Any] = {
            "language": "english" if translation else (_text(form, "language") or "english"),
            "duration": duration, "text": text,
        }
        granularities = [p.data.decode() for p in form if p.name == "timestamp_granularities[]"]
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

    async def transcriptions(request: web.Request) -> web.Response:
        return transcript(await _form(request), translation=False)

    async def translations(request: web.Request) -> web.Response:
        return transcript(await _form(request), translation=True)

    def answering_400(handler: Any) -> Any:
        async def wrapped(request: web.Request) -> web.Response:
            try:
                response: web.Response = await handler(request)
            except _Invalid as e:
                return error_response(400, str(e), param=e.param)
            return response

        return wrapped

    router.add_post("/v1/images/generations", answering_400(generations))
    router.add_post("/v1/images/edits", answering_400(edits))
    router.add_post("/v1/images/variations", answering_400(variations))
    router.add_get("/media/images/{name}", serve_image)
    router.add_post("/v1/audio/speech", answering_400(speech))
    router.add_post("/v1/audio/transcriptions", answering_400(transcriptions))
    router.add_post("/v1/audio/translations", answering_400(translations))
