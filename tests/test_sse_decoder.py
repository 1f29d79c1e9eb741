"""The sans-I/O SSE decoder and OpenAI's framing on top of it (no sockets)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from openai_rs_port._sse import (
    END,
    NEED_DATA,
    EventStreamParser,
    Framing,
    ServerSentEvent,
    SSEDecoder,
    StreamSpec,
)
from openai_rs_port.error import ApiError, StreamError

Ev = tuple[str, str, str | None]

# Comments, event names, ids, multi-line data, a field without a space, multi-byte text,
# an ignored field, and an empty data field.
SAMPLE_LINES: list[bytes] = [
    b": a comment",
    b"event: first",
    b'data: {"a": 1}',
    b"",
    b"id: 7",
    b"data: line one",
    b"data:line two",
    b"",
    b"retry: 100",
    b"data: \xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80",
    b"",
    b"event: custom",
    b"data:",
    b"",
    b":",
    b"data",
    b"data: last",
    b"",
]
EXPECTED: list[Ev] = [
    ("first", '{"a": 1}', None),
    ("message", "line one\nline two", "7"),
    ("message", "\u00e9\u4e2d\U0001f600", "7"),
    ("custom", "", "7"),
    ("message", "\nlast", "7"),
]


def sample(endings: list[bytes]) -> bytes:
    """The sample with line i ended by endings[i % len(endings)].

    An empty line after a CR ending never gets a lone LF: CR + LF would be one line end.
    """
    out = []
    prev = b""
    for i, line in enumerate(SAMPLE_LINES):
        end = endings[i % len(endings)]
        if not line and prev == b"\r" and end == b"\n":
            end = b"\r\n"
        out.append(line + end)
        prev = end
    return b"".join(out)


ENDINGS = {
    "lf": [b"\n"],
    "crlf": [b"\r\n"],
    "cr": [b"\r"],
    "mixed": [b"\n", b"\r\n", b"\r", b"\r\n", b"\r", b"\n", b"\r"],
}


def as_tuples(events: list[ServerSentEvent]) -> list[Ev]:
    return [(e.event, e.data, e.id) for e in events]


def decode(chunks: list[bytes]) -> tuple[list[Ev], SSEDecoder]:
    d = SSEDecoder()
    out: list[ServerSentEvent] = []
    for c in chunks:
        out += d.feed(c)
    return as_tuples(out), d


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_whole_sample(ending: str) -> None:
    events, d = decode([sample(ENDINGS[ending])])
    assert events == EXPECTED
    assert not d.pending()


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_byte_by_byte(ending: str) -> None:
    data = sample(ENDINGS[ending])
    events, d = decode([data[i : i + 1] for i in range(len(data))])
    assert events == EXPECTED
    assert not d.pending()


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_every_two_way_split(ending: str) -> None:
    data = sample(ENDINGS[ending])
    for i in range(len(data) + 1):
        events, d = decode([data[:i], data[i:]])
        assert events == EXPECTED, f"split at {i}: {data[:i]!r} | {data[i:]!r}"
        assert not d.pending()


def test_every_three_way_split_of_line_ends() -> None:
    # Splits around every CR/LF of the mixed sample, including empty chunks between.
    data = sample(ENDINGS["mixed"])
    cuts = [i for i, b in enumerate(data) if b in b"\r\n"]
    for i in cuts:
        for j in (i, i + 1, i + 2):
            events, _ = decode([data[:i], b"", data[i:j], b"", data[j:]])
            assert events == EXPECTED, (i, j)


def test_crlf_split_across_chunks_is_one_line_end() -> None:
    # A CR ending one chunk and an LF starting the next: one line end, so no blank line
    # (no dispatch) between the two data lines.
    events, d = decode([b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"])
    assert events == [("message", "a\nb", None)]
    assert not d.pending()


def test_lf_then_crlf_is_two_line_ends() -> None:
    events, _ = decode([b"data: a\n", b"\r\ndata: b\n\n"])
    assert events == [("message", "a", None), ("message", "b", None)]
    events, _ = decode([b"data: a\n\r\ndata: b\n\n"])
    assert events == [("message", "a", None), ("message", "b", None)]


def test_cr_cr_is_two_line_ends_across_chunks() -> None:
    events, _ = decode([b"data: a\r", b"\r", b"data: b\r", b"", b"\r"])
    assert events == [("message", "a", None), ("message", "b", None)]


def test_comments_and_unknown_fields_are_ignored() -> None:
    events, _ = decode([b": ping\n\n:\n\nfoo: bar\n\nretry: 5\n\ndata: x\n\n"])
    assert events == [("message", "x", None)]


def test_event_name_resets_after_dispatch_and_id_persists() -> None:
    events, _ = decode([b"event: e1\nid: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n"])
    assert events == [("e1", "a", "1"), ("message", "b", "1"), ("message", "c", "2")]


def test_event_without_data_is_not_dispatched() -> None:
    events, d = decode([b"event: lonely\n\ndata: x\n\n"])
    assert events == [("message", "x", None)]
    assert not d.pending()


def test_half_received_event_at_eof_is_not_dispatched() -> None:
    for tail in (b"data: b\n", b"data: b", b"data: b\r", b"data: b\ndata: c\n"):
        events, d = decode([b"data: a\n\n", tail])
        assert events == [("message", "a", None)], tail
        assert d.pending(), tail


def test_invalid_utf8_raises_stream_error() -> None:
    for bad in (b"data: \xff\xfe\n\n", b"event: \xc3\ndata: x\n\n", b"data: \xe4\xb8\n\n"):
        d = SSEDecoder()
        with pytest.raises(StreamError) as e:
            d.feed(bad)
        assert not isinstance(e.value, UnicodeDecodeError)
        assert e.value.__context__ is None and e.value.__cause__ is None


def test_utf8_split_inside_a_character_is_fine() -> None:
    text = "\u00e9\u4e2d\U0001f600".encode()
    data = b"data: " + text + b"\n\n"
    for i in range(len(data) + 1):
        events, _ = decode([data[:i], data[i:]])
        assert events == [("message", text.decode(), None)]


@pytest.mark.timeout(60)
def test_eight_mib_event_in_small_chunks_completes() -> None:
    payload = b"x" * (8 << 20)
    data = b"data: " + payload + b"\n\n"
    chunks = [data[i : i + 128] for i in range(0, len(data), 128)]
    d = SSEDecoder()
    start = time.perf_counter()
    events: list[ServerSentEvent] = []
    for c in chunks:
        events += d.feed(c)
    elapsed = time.perf_counter() - start
    assert len(events) == 1 and len(events[0].data) == len(payload)
    assert events[0].data == payload.decode()
    print(f"8 MiB in {len(chunks)} chunks of 128 bytes: {elapsed:.3f}s")


# EventStreamParser: OpenAI's framings, bytes in and items out (no socket) ---------------


def parser(framing: Framing = Framing.DONE, terminal: frozenset[str] = frozenset()) -> EventStreamParser:
    return EventStreamParser(StreamSpec(lambda obj: obj, framing, terminal))


def drain(p: EventStreamParser) -> list[Any]:
    """Every item ready now; stops at NEED_DATA or END."""
    out: list[Any] = []
    while (item := p.next_item()) is not NEED_DATA and item is not END:
        out.append(item)
    return out


def feed_all(p: EventStreamParser, chunks: list[bytes]) -> list[Any]:
    out: list[Any] = []
    for c in chunks:
        p.feed(c)
        out += drain(p)
    return out


def test_parser_needs_data_until_an_event_is_whole() -> None:
    p = parser()
    assert p.next_item() is NEED_DATA
    p.feed(b'data: {"n"')
    assert p.next_item() is NEED_DATA
    p.feed(b": 1}\n\n")
    assert p.next_item() == {"n": 1}
    assert p.next_item() is NEED_DATA


def test_parser_decodes_json_until_done() -> None:
    p = parser()
    data = b'data: {"n": 1}\r\n\r\ndata: {"n": 2}\n\ndata: [DONE]\n\ndata: {"n": 3}\n\n'
    assert feed_all(p, [data[i : i + 3] for i in range(0, len(data), 3)]) == [{"n": 1}, {"n": 2}]
    assert p.done
    assert p.next_item() is END
    p.feed(b'data: {"n": 4}\n\n')
    p.feed_eof()  # no error after [DONE]
    assert p.next_item() is END


def test_parser_eof_without_done_raises_after_the_items() -> None:
    p = parser()
    p.feed(b'data: {"n": 1}\n\n')
    p.feed_eof()
    assert p.next_item() == {"n": 1}
    with pytest.raises(StreamError, match=r"\[DONE\]"):
        p.next_item()


def test_parser_items_before_an_error_in_the_same_chunk_come_first() -> None:
    p = parser()
    p.feed(b'data: {"n": 1}\n\ndata: {"n": 2}\n\ndata: {broken\n\n')
    assert [p.next_item(), p.next_item()] == [{"n": 1}, {"n": 2}]
    with pytest.raises(StreamError, match="malformed JSON"):
        p.next_item()
    with pytest.raises(StreamError):  # the error stays
        p.next_item()


def test_named_events_pick_the_variant_and_end_at_done() -> None:
    p = parser(Framing.NAMED)
    p.feed(b'event: thread.created\ndata: {"id": "t1"}\n\n'
           b'event: thread.run.created\ndata: {"id": "r1"}\n\n'
           b"event: done\ndata: [DONE]\n\n")
    assert drain(p) == [
        {"event": "thread.created", "data": {"id": "t1"}},
        {"event": "thread.run.created", "data": {"id": "r1"}},
    ]
    assert p.done and p.next_item() is END


def test_named_events_cut_before_done_raise() -> None:
    p = parser(Framing.NAMED)
    p.feed(b'event: thread.created\ndata: {"id": "t1"}\n\n')
    p.feed_eof()
    assert p.next_item() == {"event": "thread.created", "data": {"id": "t1"}}
    with pytest.raises(StreamError, match="done event"):
        p.next_item()


def test_named_error_event_raises_api_error() -> None:
    p = parser(Framing.NAMED)
    p.feed(b'event: error\ndata: {"message": "run failed", "type": "server_error"}\n\n')
    with pytest.raises(ApiError) as e:
        p.next_item()
    assert e.value.message == "run failed" and e.value.type == "server_error"


TERMINAL = frozenset({"response.completed", "response.failed"})


def test_typed_events_end_when_the_connection_closes_after_a_terminal_event() -> None:
    p = parser(Framing.TYPED, TERMINAL)
    p.feed(b'event: response.created\ndata: {"type": "response.created"}\n\n'
           b'data: {"type": "response.completed"}\n\n')
    assert [i["type"] for i in drain(p)] == ["response.created", "response.completed"]
    assert p.next_item() is NEED_DATA  # no [DONE]: wait for the close
    p.feed_eof()
    assert p.next_item() is END


def test_typed_events_cut_before_a_terminal_event_raise() -> None:
    p = parser(Framing.TYPED, TERMINAL)
    p.feed(b'data: {"type": "response.output_text.delta", "delta": "Hi"}\n\n')
    p.feed_eof()
    assert p.next_item()["delta"] == "Hi"
    with pytest.raises(StreamError, match="terminal event"):
        p.next_item()


def test_typed_error_event_raises_api_error() -> None:
    p = parser(Framing.TYPED, TERMINAL)
    p.feed(b'data: {"type": "error", "code": "rate_limit", "message": "slow down"}\n\n')
    with pytest.raises(ApiError) as e:
        p.next_item()
    assert e.value.message == "slow down" and e.value.code == "rate_limit"


def test_eof_with_half_event_raises_even_after_a_terminal_event() -> None:
    p = parser(Framing.TYPED, TERMINAL)
    p.feed(b'data: {"type": "response.completed"}\n\ndata: {"type":')
    p.feed_eof()
    assert p.next_item()["type"] == "response.completed"
    with pytest.raises(StreamError):
        p.next_item()


def test_parser_error_payload_raises_api_error() -> None:
    error = {"error": {"message": "bad thing", "type": "server_error", "param": "p", "code": 42}}
    p = parser()
    p.feed(f"data: {json.dumps(error)}\n\n".encode())
    with pytest.raises(ApiError) as e:
        p.next_item()
    assert type(e.value) is ApiError
    assert (e.value.message, e.value.type, e.value.param, e.value.code) == (
        "bad thing", "server_error", "p", "42"
    )
    assert e.value.status is None


def test_parser_error_event_raises_api_error() -> None:
    p = parser()
    p.feed(b'event: error\ndata: {"message": "as event", "type": "t"}\n\n')
    with pytest.raises(ApiError) as e:
        p.next_item()
    assert e.value.message == "as event" and e.value.type == "t"


def test_parser_malformed_json_raises_stream_error() -> None:
    p = parser()
    p.feed(b"data: {not json\n\n")
    with pytest.raises(StreamError) as e:
        p.next_item()
    assert e.value.__cause__ is None and e.value.__suppress_context__


def test_parser_undecodable_item_raises_stream_error() -> None:
    def decode(obj: Any) -> Any:
        return obj["missing"]

    p = EventStreamParser(StreamSpec(decode))
    p.feed(b'data: {"present": 1}\n\n')
    with pytest.raises(StreamError, match="missing"):
        p.next_item()
