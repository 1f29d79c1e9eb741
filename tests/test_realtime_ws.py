"""The Realtime WebSocket connection against the local server, in both modes (``Client`` runs
the async connection on a background loop): typed events both ways, the send helpers, audio,
auth (API key, ephemeral secret, Azure), a server close and a cut socket, pings, and close."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from conftest import TEST_KEY, Harness, make_harness
from local_server import FAST

from openai_rs_port import AzureConfig
from openai_rs_port.realtime_ws import (
    RealtimeConnectionClosed,
    RealtimeHandshakeError,
)
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.realtime import (
    RealtimeClientEventConversationItemDelete,
    RealtimeContentPartArgs,
    RealtimeConversationItemArgs,
    RealtimeResponseCreateParams,
    RealtimeResponseCreateParamsArgs,
    RealtimeServerEventConversationItemCreated,
    RealtimeServerEventConversationItemInputAudioTranscriptionCompleted,
    RealtimeServerEventError,
    RealtimeServerEventInputAudioBufferCommitted,
    RealtimeServerEventResponseDone,
    RealtimeServerEventResponseTextDelta,
    RealtimeServerEventSessionCreated,
    RealtimeServerEventSessionUpdated,
    RealtimeSessionCreateRequest,
    RealtimeUnknownServerEvent,
    RealtimeVoice,
)
from openai_rs_port.types.realtime.events import RealtimeServerItem

MODEL = "gpt-4o-realtime-preview"
TEXT_ONLY = RealtimeResponseCreateParams(modalities=["text"])


@contextmanager
def connected(h: Harness, client: Any = None, **options: Any) -> Iterator[Any]:
    """The connection of ``connect(model=MODEL)``, entered and left as each mode does it."""
    manager = (client or h.client).realtime().connect(model=options.pop("model", MODEL), **options)
    conn = h.run(manager.__aenter__()) if h.is_async else manager.__enter__()
    try:
        yield conn
    finally:
        if h.is_async:
            h.run(manager.__aexit__(None, None, None))
        else:
            manager.__exit__(None, None, None)


def until(h: Harness, conn: Any, kind: str) -> list[RealtimeServerItem]:
    """Server events up to and including the first of type ``kind``."""
    events = []
    while True:
        event = h.run(conn.recv())
        events.append(event)
        if event.type == kind:
            return events


def test_session_created_then_text_echoed_as_deltas(local: Harness) -> None:
    with connected(local) as conn:
        created = local.run(conn.recv())
        assert isinstance(created, RealtimeServerEventSessionCreated)
        assert created.session.model == MODEL
        local.run(conn.create_text_item("hello realtime world"))
        item = local.run(conn.recv())
        assert isinstance(item, RealtimeServerEventConversationItemCreated)
        assert item.item.content is not None and item.item.content[0].text == "hello realtime world"
        local.run(conn.create_response(TEXT_ONLY))
        events = until(local, conn, "response.done")
    deltas = [e.delta for e in events if isinstance(e, RealtimeServerEventResponseTextDelta)]
    assert deltas == ["hello", " realtime", " world"]
    assert not any(e.type.startswith("response.audio") for e in events)
    done = events[-1]
    assert isinstance(done, RealtimeServerEventResponseDone)
    assert done.response.status == "completed"
    assert done.response.output is not None
    assert done.response.output[0].content[0].text == "hello realtime world"  # type: ignore[index]


def test_audio_modality_sends_audio_deltas_and_transcript(local: Harness) -> None:
    with connected(local) as conn:
        local.run(conn.create_text_item("speak these words please"))
        local.run(conn.create_response())
        events = until(local, conn, "response.done")
    audio = b"".join(base64.b64decode(e.delta) for e in events if e.type == "response.audio.delta")
    assert audio == b"speak these words please"
    transcript = [e for e in events if e.type == "response.audio_transcript.done"]
    assert transcript[0].transcript == "speak these words please"  # type: ignore[union-attr]


def test_session_update_is_typed_both_ways(local: Harness) -> None:
    with connected(local) as conn:
        update = RealtimeSessionCreateRequest(instructions="Be brief.", voice=RealtimeVoice.SAGE)
        local.run(conn.update_session(update))
        updated = until(local, conn, "session.updated")[-1]
    assert isinstance(updated, RealtimeServerEventSessionUpdated)
    assert updated.session.instructions == "Be brief."
    assert updated.session.voice is RealtimeVoice.SAGE


def test_one_mib_audio_append_arrives_whole(local: Harness) -> None:
    pcm = bytes(range(256)) * 4096  # 1 MiB of raw PCM; base64 is the library's job
    assert len(pcm) == 1 << 20
    with connected(local) as conn:
        local.run(conn.append_audio(pcm))
        local.run(conn.commit_audio())
        events = until(local, conn, "conversation.item.input_audio_transcription.completed")
    assert isinstance(events[-2], RealtimeServerEventInputAudioBufferCommitted)
    done = events[-1]
    assert isinstance(done, RealtimeServerEventConversationItemInputAudioTranscriptionCompleted)
    assert done.transcript == f"{1 << 20} bytes of audio"


def test_any_client_event_can_be_sent_and_errors_are_typed(local: Harness) -> None:
    with connected(local) as conn:
        local.run(conn.send(RealtimeClientEventConversationItemDelete(item_id="item_x", event_id="ev_1")))
        error = until(local, conn, "error")[-1]
    assert isinstance(error, RealtimeServerEventError)
    assert error.error.code == "unknown_event" and error.error.event_id == "ev_1"


@pytest.mark.parametrize("fault, code", [("close", 1011), ("cut", 1006)])
def test_server_close_or_cut_mid_response_raises_typed_error(
    local: Harness, fault: str, code: int
) -> None:
    with connected(local) as conn:
        local.run(conn.create_text_item("two words"))
        local.run(conn.create_response(
            RealtimeResponseCreateParams(modalities=["text"], metadata={"emulator_fault": fault})))
        first = until(local, conn, "response.text.delta")[-1]
        assert isinstance(first, RealtimeServerEventResponseTextDelta) and first.delta == "two"
        with pytest.raises(RealtimeConnectionClosed) as info:
            local.run(conn.recv())
        assert info.value.code == code
        assert info.value.reason == ("emulator fault: closed mid-response" if fault == "close" else "")
        # The connection stays failed: a send or the iterator raise too, nothing hangs.
        with pytest.raises(RealtimeConnectionClosed):
            local.run(conn.create_response())
        with pytest.raises(RealtimeConnectionClosed):
            local.next(conn)


def test_a_frame_that_is_not_json_raises_and_the_session_goes_on(local: Harness) -> None:
    from openai_rs_port.error import JSONDeserialize

    with connected(local) as conn:
        local.run(conn.create_text_item("one two"))
        local.run(conn.create_response(
            RealtimeResponseCreateParams(modalities=["text"], metadata={"emulator_fault": "garbage"})))
        until(local, conn, "response.text.delta")
        with pytest.raises(JSONDeserialize) as info:
            local.run(conn.recv())
        assert info.value.raw == "this frame is not JSON"
        rest = until(local, conn, "response.done")
    assert [e.delta for e in rest if isinstance(e, RealtimeServerEventResponseTextDelta)] == [" two"]


def test_a_silent_server_is_dropped_by_the_heartbeat(local: Harness) -> None:
    # The server stops answering anything, pongs included, without closing: no hang, the
    # missed pong ends the connection as lost.
    with connected(local, heartbeat=0.2) as conn:
        local.run(conn.create_text_item("then silence"))
        local.run(conn.create_response(
            RealtimeResponseCreateParams(modalities=["text"], metadata={"emulator_fault": "stall"})))
        until(local, conn, "response.text.delta")
        with pytest.raises(RealtimeConnectionClosed) as info:
            local.run(conn.recv())
        assert info.value.code == 1006


def test_ping_keeps_an_idle_connection_alive(local: Harness, local_server: MockOpenAIServer) -> None:
    # A pong has half the interval to arrive: 0.25 s leaves room on a loaded machine.
    with connected(local, heartbeat=0.5) as conn:
        # The async client's pings need its loop running while the test waits on the gate.
        local.run(asyncio.to_thread(local_server.wait_for, "realtime.ping", 10.0)
                  if local.is_async else local_server.wait_for("realtime.ping", 10.0))
        assert local_server.gate("realtime.ping").is_open
        local.run(conn.create_text_item("still here"))
        local.run(conn.create_response(TEXT_ONLY))
        assert until(local, conn, "response.done")[-1].response.status == "completed"  # type: ignore[union-attr]


def test_one_reader_while_another_sends_then_closes(local: Harness) -> None:
    # A reader waits on the iterator while the caller sends; closing ends the reader quietly.
    import threading

    seen: list[str] = []
    done = threading.Event()

    def note(event: Any) -> None:
        seen.append(event.type)
        if event.type == "response.done":
            done.set()

    with connected(local) as conn:
        if local.is_async:
            async def reader() -> None:
                async for event in conn:
                    note(event)

            async def main() -> None:
                task = asyncio.ensure_future(reader())
                await conn.create_text_item("in parallel")
                await conn.create_response(TEXT_ONLY)
                await asyncio.to_thread(done.wait, 10)
                await conn.close()
                await asyncio.wait_for(task, 10)  # ends without an error

            local.run(main())
        else:
            def read() -> None:
                for event in conn:
                    note(event)

            thread = threading.Thread(target=read)
            thread.start()
            conn.create_text_item("in parallel")
            conn.create_response(TEXT_ONLY)
            assert done.wait(10)
            conn.close()
            thread.join(10)
            assert not thread.is_alive()
    assert seen[0] == "session.created" and "response.done" in seen


def test_leaving_the_context_closes_the_socket(local: Harness) -> None:
    with connected(local) as conn:
        assert isinstance(local.run(conn.recv()), RealtimeServerEventSessionCreated)
    assert conn.closed
    # After the client's own close, iteration ends quietly; a send is refused.
    with pytest.raises(StopIteration):
        local.next(conn)
    with pytest.raises(RealtimeConnectionClosed):
        local.run(conn.create_response())


def test_api_key_and_beta_header_and_model_in_query(local: Harness, local_server: MockOpenAIServer) -> None:
    with connected(local) as conn:
        local.run(conn.recv())
    (rec,) = local_server.requests("/v1/realtime")
    assert rec.headers["authorization"] == f"Bearer {TEST_KEY}"
    assert rec.headers["openai-beta"] == "realtime=v1"
    assert dict(rec.query) == {"model": MODEL}


def test_ephemeral_client_secret_replaces_the_api_key(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    made = local.call(local.client.realtime().create_session(
        RealtimeSessionCreateRequest(model=MODEL, instructions="Speak like a pirate.")))
    secret = made.client_secret
    assert secret.value not in repr(made)
    with connected(local, client_secret=secret) as conn:
        created = local.run(conn.recv())
        assert isinstance(created, RealtimeServerEventSessionCreated)
        assert created.session.instructions == "Speak like a pirate."  # the session's settings
    with connected(local, client_secret=secret.value) as conn:  # the bare string works too
        assert isinstance(local.run(conn.recv()), RealtimeServerEventSessionCreated)
    recs = [r for r in local_server.requests("/v1/realtime") if r.method == "GET"]
    assert [r.headers["authorization"] for r in recs] == [f"Bearer {secret.value}"] * 2


def test_a_server_with_an_api_key_takes_its_ephemeral_keys_on_the_socket_only(mode: str) -> None:
    from openai_rs_port import OpenAIConfig
    from openai_rs_port.error import AuthenticationError

    with MockOpenAIServer(api_key="sk-server") as server:
        h = make_harness(mode, OpenAIConfig(api_key="sk-server", api_base=server.base_url), FAST)
        device = h.make(config=OpenAIConfig(api_key="sk-wrong", api_base=server.base_url))
        try:
            made = h.call(h.client.realtime().create_session(RealtimeSessionCreateRequest(model=MODEL)))
            with connected(h, device, client_secret=made.client_secret) as conn:
                assert isinstance(h.run(conn.recv()), RealtimeServerEventSessionCreated)
            with pytest.raises(RealtimeHandshakeError) as info, connected(h, device):
                pass
            assert info.value.status == 401
            with pytest.raises(AuthenticationError):  # the ephemeral key is no API key elsewhere
                h.call(h.make(config=OpenAIConfig(api_key=made.client_secret.value,
                                                  api_base=server.base_url)).models().list())
        finally:
            h.close()


def test_an_unknown_or_expired_ephemeral_key_is_refused(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    made = local.call(local.client.realtime().create_session(RealtimeSessionCreateRequest(model=MODEL)))
    with pytest.raises(RealtimeHandshakeError) as info, connected(local, client_secret="ek-mock999999"):
        pass
    assert info.value.status == 401
    local_server.clock.advance(61)  # the API's keys last a minute
    with pytest.raises(RealtimeHandshakeError) as info, connected(local, client_secret=made.client_secret):
        pass
    assert info.value.status == 401


def test_azure_realtime_url_form(mode: str, local_server: MockOpenAIServer) -> None:
    local_server.reset()
    cfg = AzureConfig(api_key="azure-key", api_base=local_server.url, deployment_id="my-realtime",
                      api_version="2024-10-01-preview")
    h = make_harness(mode, cfg, FAST)  # type: ignore[arg-type]
    try:
        with connected(h) as conn:
            created = h.run(conn.recv())
            assert isinstance(created, RealtimeServerEventSessionCreated)
            assert created.session.model == "my-realtime"
        (rec,) = local_server.requests("/openai/realtime")
        assert dict(rec.query) == {"api-version": "2024-10-01-preview", "deployment": "my-realtime"}
        assert rec.headers["api-key"] == "azure-key" and "authorization" not in rec.headers
    finally:
        h.close()
        local_server.reset()


def test_refused_upgrade_is_a_handshake_error(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script("/v1/realtime", {"status": 401, "json": {"error": {"message": "bad key"}}},
                        method="GET")
    with pytest.raises(RealtimeHandshakeError) as info, connected(local):
        pass
    assert info.value.status == 401


def test_no_server_is_a_connection_error(mode: str) -> None:
    from conftest import free_port

    from openai_rs_port import OpenAIConfig
    from openai_rs_port.error import APIConnectionError

    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{free_port()}/v1")
    h = make_harness(mode, cfg, FAST)
    try:
        with pytest.raises(APIConnectionError) as info, connected(h):
            pass
        assert not isinstance(info.value, (RealtimeHandshakeError, RealtimeConnectionClosed))
    finally:
        h.close()


def test_unknown_server_event_is_kept_with_its_data() -> None:
    from openai_rs_port.realtime_ws import _server_event

    event = _server_event({"type": "conversation.future_thing", "event_id": "e1", "x": [1]})
    raw = {"type": "conversation.future_thing", "event_id": "e1", "x": [1]}
    assert event == RealtimeUnknownServerEvent(type="conversation.future_thing", data=raw)


def test_docs_walkthrough_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/realtime.md runs as written, block after block, against its own server."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "realtime.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    assert len(blocks) == 5
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"realtime.md block {i}", "exec"), namespace)
    finally:
        server = namespace.get("server")
        if server is not None:
            server.stop()
    printed = capsys.readouterr().out
    assert f"{'response.text.delta':32} | " in printed
    assert f"{'response.output_item.done':32} | Hello there\n" in printed
    assert f"{'response.output_item.done':32} | How are you?\n" in printed
    assert "Text: streamed word by word\n" in printed
    assert f"Heard: {1 << 20} bytes of audio\n" in printed
    assert "Instructions: Answer in one word.\n" in printed
    assert "Closed by the server: 1011\n" in printed


def test_builders_take_wire_forms_and_send_them(local: Harness) -> None:
    params = (
        RealtimeResponseCreateParamsArgs().modalities(iter(["text"])).instructions("Shout.")
        .voice("ash").tool_choice("none").metadata({"k": "v"})
        .input([RealtimeConversationItemArgs().type("message").role("user")
                .content([{"type": "input_text", "text": "from the builder"}]).build()])
        .build()
    )
    assert params.voice is RealtimeVoice.ASH and params.modalities == ["text"]
    assert params.input is not None and params.input[0].content is not None
    part = RealtimeContentPartArgs().type("input_text").text("from the builder").build()
    assert params.input[0].content[0] == part
    with connected(local) as conn:
        local.run(conn.create_response(params))
        done = until(local, conn, "response.done")[-1]
    assert isinstance(done, RealtimeServerEventResponseDone)
    assert done.response.metadata == {"k": "v"}


def test_every_helper_sends_a_client_event_of_the_spec(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    from spec import assert_valid

    with connected(local) as conn:
        update = RealtimeSessionCreateRequest(instructions="x", voice=RealtimeVoice.ASH)
        local.run(conn.update_session(update))
        local.run(conn.create_text_item("hi"))
        local.run(conn.create_text_item("earlier answer", role="assistant"))
        local.run(conn.append_audio(b"\x01\x02\x03"))
        local.run(conn.commit_audio())
        local.run(conn.create_response())
        local.run(conn.create_response(TEXT_ONLY))
        until(local, conn, "response.done")
        until(local, conn, "response.done")
    frames = [r.json() for r in local_server.requests("/v1/realtime") if r.method == "WS"]
    schemas = {
        "session.update": "RealtimeClientEventSessionUpdate",
        "conversation.item.create": "RealtimeClientEventConversationItemCreate",
        "input_audio_buffer.append": "RealtimeClientEventInputAudioBufferAppend",
        "input_audio_buffer.commit": "RealtimeClientEventInputAudioBufferCommit",
        "response.create": "RealtimeClientEventResponseCreate",
    }
    assert [f["type"] for f in frames] == [
        "session.update", "conversation.item.create", "conversation.item.create",
        "input_audio_buffer.append", "input_audio_buffer.commit", "response.create", "response.create",
    ]
    for frame in frames:
        assert_valid(schemas[frame["type"]], frame)
    assert frames[0]["session"] == {"instructions": "x", "voice": "ash"}
    assert frames[1]["item"] == {"type": "message", "role": "user",
                                 "content": [{"type": "input_text", "text": "hi"}]}
    assert frames[2]["item"]["content"] == [{"type": "text", "text": "earlier answer"}]
    assert base64.b64decode(frames[3]["audio"]) == b"\x01\x02\x03"
    assert frames[5] == {"type": "response.create"} and frames[6]["response"] == {"modalities": ["text"]}


@pytest.mark.parametrize("side", ["Client", "Server"])
def test_every_event_of_the_spec_has_its_class_with_its_required_fields(side: str) -> None:
    import dataclasses

    from spec import spec

    from openai_rs_port.types import realtime

    union = getattr(realtime, f"Realtime{side}Event")
    members = {m.__name__: m for m in union.__args__[0].__args__}
    schemas = {n: v for n, v in spec()["components"]["schemas"].items()
               if n.startswith(f"Realtime{side}Event") and n != f"Realtime{side}Event"}
    assert set(members) == set(schemas)
    for name, schema in schemas.items():
        cls = members[name]
        fields = {f.name: f for f in dataclasses.fields(cls)}
        assert fields["type"].default == schema["properties"]["type"]["enum"][0], name
        assert set(fields) == set(schema["properties"]), name
        missing = dataclasses.MISSING
        required = {n for n, f in fields.items()
                    if f.init and f.default is missing and f.default_factory is missing}
        assert required == set(schema.get("required", [])) - {"type"}, name
