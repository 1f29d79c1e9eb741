"""The Realtime WebSocket (``GET /v1/realtime?model=...``, and Azure's ``/openai/realtime``)
with a scripted session, ``POST /v1/realtime/sessions`` and ``/v1/realtime/transcription_sessions``
(stored in ``state.realtime_sessions``; the ephemeral key, valid 60 s on the clock, is the
session's id and opens the WebSocket with its settings; an unknown or expired one is a 401
before the upgrade), and ``POST /_control/webhooks`` to send a signed webhook.

The session: ``session.created`` on connect; ``session.update`` answers ``session.updated``
with the settings merged; ``conversation.item.create`` answers ``conversation.item.created``;
``input_audio_buffer.append`` collects the audio (base64-decoded) and ``commit`` answers
``input_audio_buffer.committed`` and a transcription of ``"<n> bytes of audio"``;
``response.create`` answers the last user text echoed as ``response.text.delta`` events (one
per word), then, when the modalities include ``audio``, ``response.audio.delta`` events (the
text's bytes as PCM) and its transcript, then the ``*.done`` events and ``response.done``.

Faults, for tests: a response whose ``metadata`` has ``emulator_fault`` ``"close"`` ends with a
server close (code 1011, after the first text delta); ``"cut"`` aborts the socket there;
``"stall"`` goes silent there, not even answering pings, until the client hangs up;
``"garbage"`` sends a frame that is not JSON there, then goes on. Pings
from the client are answered and open the gate ``realtime.ping``. Each client frame is
recorded as a request of method ``WS`` (``server.requests("/v1/realtime")``).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import itertools
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..webhooks import deliver
from ..wire import json_response, read_json

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["routes"]

routes = RouteGroup("realtime")

_SESSION_DEFAULTS: dict[str, Any] = {
    "modalities": ["text", "audio"],
    "instructions": "",
    "voice": "alloy",
    "input_audio_format": "pcm16",
    "output_audio_format": "pcm16",
    "tool_choice": "auto",
    "temperature": 0.8,
    "max_response_output_tokens": "inf",
    "tools": [],
}
_SESSION_KEYS = frozenset(_SESSION_DEFAULTS) | {
    "input_audio_transcription", "turn_detection", "input_audio_noise_reduction",
}


_SECRET_SECONDS = 60  # the API's ephemeral keys last a minute


@dataclass(kw_only=True, slots=True)
class RealtimeSessionRecord(Record):
    """A session made over REST; its id is the ephemeral key a client connects with."""

    expires_at: int
    settings: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**self.settings, "client_secret": {"value": self.id, "expires_at": self.expires_at}}


_TRANSCRIPTION_KEYS = frozenset({"modalities", "input_audio_format", "input_audio_transcription",
                                 "turn_detection"})


async def _create(request: web.Request, state: ServerState, keys: frozenset[str],
                  defaults: dict[str, Any]) -> web.StreamResponse:
    body = await read_json(request)
    now = state.now()
    record = state.realtime_sessions.add(RealtimeSessionRecord(
        id=state.realtime_sessions.new_id(), created_at=now, expires_at=now + _SECRET_SECONDS,
        settings={**defaults, **{k: v for k, v in body.items() if k in keys}}))
    return json_response(record.to_json())


@routes.post("/v1/realtime/sessions")
async def create_session(request: web.Request, state: ServerState) -> web.StreamResponse:
    return await _create(request, state, _SESSION_KEYS | {"model"},
                         {k: v for k, v in _SESSION_DEFAULTS.items() if k != "max_response_output_tokens"})


@routes.post("/v1/realtime/transcription_sessions")
async def create_transcription_session(request: web.Request, state: ServerState) -> web.StreamResponse:
    return await _create(request, state, _TRANSCRIPTION_KEYS,
                         {"modalities": ["text"], "input_audio_format": "pcm16"})


def _session_of(request: web.Request, state: ServerState) -> RealtimeSessionRecord | None:
    # An ephemeral key (``ek-...``) must be one this server issued and still be valid.
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token.startswith(f"{state.realtime_sessions.prefix}-"):
        return None
    record = state.realtime_sessions.find(token)
    if record is None or state.now() > record.expires_at:
        raise ApiFailure(401, "The ephemeral key is unknown or has expired.", code="invalid_api_key")
    return record


class _Session:
    """One connection's conversation: the ids it made, its settings, its audio buffer."""

    def __init__(self, request: web.Request, ws: web.WebSocketResponse, model: str,
                 state: ServerState, settings: dict[str, Any]) -> None:
        self.request = request
        self.ws = ws
        self.state = state
        self._ids = itertools.count(1)
        self.settings: dict[str, Any] = {"id": self.id("sess"), "object": "realtime.session",
                                         **_SESSION_DEFAULTS, **settings, "model": model}
        self.audio = bytearray()
        self.last_item: str | None = None
        self.last_text = ""

    def id(self, prefix: str) -> str:
        return f"{prefix}_mock{next(self._ids):06d}"

    async def emit(self, type_: str, **fields: Any) -> None:
        await self.ws.send_str(json.dumps({"event_id": self.id("event"), "type": type_, **fields}))

    async def error(self, message: str, *, code: str, event_id: str | None) -> None:
        await self.emit("error", error={"type": "invalid_request_error", "code": code,
                                        "message": message, "param": None, "event_id": event_id})

    async def handle(self, event: dict[str, Any]) -> bool:
        """Answers one client event; False once the socket has been closed or cut."""
        kind = event.get("type")
        event_id = event.get("event_id")
        if kind == "session.update":
            update = event.get("session") or {}
            self.settings.update({k: v for k, v in update.items() if k in _SESSION_KEYS})
            await self.emit("session.updated", session=self.settings)
        elif kind == "conversation.item.create":
            item = dict(event.get("item") or {})
            item.setdefault("id", self.id("item"))
            item.update(object="realtime.item", status="completed")
            self.last_text = " ".join(
                str(part.get("text")) for part in item.get("content") or [] if part.get("text")
            ) or self.last_text
            await self.emit("conversation.item.created", previous_item_id=self.last_item, item=item)
            self.last_item = item["id"]
        elif kind == "input_audio_buffer.append":
            try:
                self.audio += base64.b64decode(str(event.get("audio", "")), validate=True)
            except binascii.Error:
                await self.error("audio is not base64", code="invalid_value", event_id=event_id)
        elif kind == "input_audio_buffer.clear":
            self.audio.clear()
            await self.emit("input_audio_buffer.cleared")
        elif kind == "input_audio_buffer.commit":
            item_id = self.id("item")
            await self.emit("input_audio_buffer.committed", previous_item_id=self.last_item,
                            item_id=item_id)
            await self.emit("conversation.item.input_audio_transcription.completed", item_id=item_id,
                            content_index=0, transcript=f"{len(self.audio)} bytes of audio")
            self.audio.clear()
            self.last_item = item_id
        elif kind == "response.create":
            return await self.respond(event.get("response") or {})
        else:
            await self.error(f"Unknown event type {kind!r}.", code="unknown_event", event_id=event_id)
        return True

    async def stall(self) -> None:
        # Silence, pongs included, until the client gives up and hangs up (30 s at most):
        # what a peer that vanished without a FIN looks like to the client.
        for _ in range(600):
            transport = self.request.transport
            if transport is None or transport.is_closing():
                return
            await asyncio.sleep(0.05)

    async def respond(self, params: dict[str, Any]) -> bool:
        modalities = params.get("modalities") or self.settings["modalities"]
        fault = (params.get("metadata") or {}).get("emulator_fault")
        resp_id, item_id = self.id("resp"), self.id("item")
        response: dict[str, Any] = {
            "id": resp_id, "object": "realtime.response", "status": "in_progress",
            "output": [], "metadata": params.get("metadata"),
        }
        await self.emit("response.created", response=response)
        item: dict[str, Any] = {"id": item_id, "object": "realtime.item", "type": "message",
                                "status": "in_progress", "role": "assistant", "content": []}
        await self.emit("response.output_item.added", response_id=resp_id, output_index=0, item=item)
        where = {"response_id": resp_id, "item_id": item_id, "output_index": 0, "content_index": 0}
        text = self.last_text
        await self.emit("response.content_part.added", **where, part={"type": "text", "text": ""})
        for i, word in enumerate(text.split(" ")):
            await self.emit("response.text.delta", **where, delta=word if i == 0 else " " + word)
            if fault == "close":
                await self.ws.close(code=1011, message=b"emulator fault: closed mid-response")
                return False
            if fault == "garbage" and i == 0:
                await self.ws.send_str("this frame is not JSON")
            if fault == "stall":
                await self.stall()
                return False
            if fault == "cut":
                transport = self.request.transport
                if transport is not None:
                    transport.abort()
                return False
        await self.emit("response.text.done", **where, text=text)
        part: dict[str, Any] = {"type": "text", "text": text}
        if "audio" in modalities:
            audio_where = {**where, "content_index": 1}
            pcm = text.encode()
            for start in range(0, max(len(pcm), 1), 8):
                chunk = base64.b64encode(pcm[start:start + 8]).decode()
                await self.emit("response.audio.delta", **audio_where, delta=chunk)
            await self.emit("response.audio.done", **audio_where)
            await self.emit("response.audio_transcript.delta", **audio_where, delta=text)
            await self.emit("response.audio_transcript.done", **audio_where, transcript=text)
        await self.emit("response.content_part.done", **where, part=part)
        item.update(status="completed", content=[part])
        await self.emit("response.output_item.done", response_id=resp_id, output_index=0, item=item)
        words = len(text.split())
        response.update(status="completed", output=[item], usage={
            "total_tokens": words + 1, "input_tokens": words, "output_tokens": words + 1 - words})
        await self.emit("response.done", response=response)
        await self.emit("rate_limits.updated", rate_limits=[
            {"name": "requests", "limit": 1000, "remaining": 999, "reset_seconds": 0.06},
            {"name": "tokens", "limit": 50000, "remaining": 50000 - words, "reset_seconds": 0.1},
        ])
        return True


async def _serve(request: web.Request, state: ServerState, model: str | None) -> web.StreamResponse:
    if not model:
        raise ApiFailure(400, "Missing required parameter: 'model'.", param="model")
    made = _session_of(request, state)
    # Pings are answered here rather than by aiohttp, so that a test can see one arrive.
    ws = web.WebSocketResponse(autoping=False, max_msg_size=16 * 1024 * 1024)
    await ws.prepare(request)
    session = _Session(request, ws, model, state, made.settings if made is not None else {})
    await session.emit("session.created", session=session.settings)
    async for msg in ws:
        if msg.type is WSMsgType.PING:
            await ws.pong(msg.data)
            state.gates("realtime.ping").open()
        elif msg.type is WSMsgType.TEXT:
            # Each client frame is recorded as a request of method ``WS`` on the socket's path,
            # so tests read what the client sent as they read HTTP requests.
            from ..state import RecordedRequest  # here: state.py imports this module

            state.record(RecordedRequest(
                method="WS", path=request.path, raw_path=request.rel_url.raw_path,
                query=tuple(request.query.items()), headers={}, body=msg.data.encode()))
            try:
                event = json.loads(msg.data)
            except ValueError:
                await session.error("The event is not JSON.", code="invalid_json", event_id=None)
                continue
            if not await session.handle(event):
                break
        elif msg.type is WSMsgType.CLOSE:
            await ws.close()
    return ws


@routes.get("/v1/realtime")
async def connect(request: web.Request, state: ServerState) -> web.StreamResponse:
    return await _serve(request, state, request.query.get("model"))


@routes.get("/openai/realtime")
async def connect_azure(request: web.Request, state: ServerState) -> web.StreamResponse:
    if not request.query.get("api-version"):
        raise ApiFailure(400, "Missing required query parameter: 'api-version'.", param="api-version")
    return await _serve(request, state, request.query.get("deployment"))


@routes.post("/_control/webhooks")
async def send_webhook(request: web.Request, state: ServerState) -> web.StreamResponse:
    """``{"url", "secret", "event", "msg_id"?, "timestamp"?}``: POSTs ``event`` to ``url``
    signed with ``secret``; answers ``{"status"}``, the receiver's HTTP status."""
    body = await read_json(request)
    url, secret, event = body.get("url"), body.get("secret"), body.get("event")
    if not isinstance(url, str) or not isinstance(secret, str) or not isinstance(event, dict):
        raise ApiFailure(400, "expected {'url': str, 'secret': str, 'event': {...}}")
    status = await deliver(url, event, secret=secret, msg_id=body.get("msg_id"),
                           timestamp=body.get("timestamp"))
    return json_response({"status": status})
