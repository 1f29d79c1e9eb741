"""Webhook verification (standard-webhooks) with the scheme's own test vectors, and the local
server's signed deliveries to a receiver."""

from __future__ import annotations

import asyncio
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import requests

from openai_rs_port import webhooks
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.testing.webhooks import deliver
from openai_rs_port.webhooks import (
    InvalidWebhookSignatureError,
    MalformedWebhookError,
    StaleWebhookTimestampError,
    WebhookEvent,
    WebhookVerificationError,
    sign,
    signed_headers,
    unwrap,
    verify,
)

pytest_plugins = ["local_server"]

# The standard-webhooks repository's test vectors (libraries/python/tests/test_webhooks.py).
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
PAYLOAD = '{"test": 2432232314}'
SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
WRONG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="
OTHER = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="

HEADERS = {"webhook-id": MSG_ID, "webhook-timestamp": str(TIMESTAMP), "webhook-signature": SIGNATURE}
EVENT = {"id": "evt_123", "object": "event", "created_at": TIMESTAMP, "type": "response.completed",
         "data": {"id": "resp_abc"}}


def test_sign_matches_the_vector() -> None:
    assert sign(PAYLOAD, secret=SECRET, msg_id=MSG_ID, timestamp=TIMESTAMP) == SIGNATURE
    assert signed_headers(PAYLOAD, secret=SECRET, msg_id=MSG_ID, timestamp=TIMESTAMP) == HEADERS


@pytest.mark.parametrize("secret", [SECRET, SECRET.removeprefix("whsec_")])
@pytest.mark.parametrize("payload", [PAYLOAD, PAYLOAD.encode()])
def test_the_vector_verifies_with_or_without_prefix(secret: str, payload: str | bytes) -> None:
    verify(payload, HEADERS, secret, now=TIMESTAMP)


def test_a_wrong_signature_or_a_changed_body_fails() -> None:
    with pytest.raises(InvalidWebhookSignatureError):
        verify(PAYLOAD, {**HEADERS, "webhook-signature": WRONG}, SECRET, now=TIMESTAMP)
    with pytest.raises(InvalidWebhookSignatureError):
        verify('{"test": 2432232315}', HEADERS, SECRET, now=TIMESTAMP)
    with pytest.raises(InvalidWebhookSignatureError):
        verify(PAYLOAD, {**HEADERS, "webhook-id": "msg_other"}, SECRET, now=TIMESTAMP)
    with pytest.raises(InvalidWebhookSignatureError):  # the right secret only
        verify(PAYLOAD, HEADERS, "whsec_" + OTHER, now=TIMESTAMP)


def test_one_matching_v1_signature_among_several_is_enough() -> None:
    several = f"v1,{OTHER} v2,{OTHER} {SIGNATURE} v1,{OTHER}"
    verify(PAYLOAD, {**HEADERS, "webhook-signature": several}, SECRET, now=TIMESTAMP)
    # Only ``v1`` entries count: the right value under another version does not.
    v2 = SIGNATURE.replace("v1,", "v2,")
    with pytest.raises(InvalidWebhookSignatureError):
        verify(PAYLOAD, {**HEADERS, "webhook-signature": f"{v2} v1,{OTHER}"}, SECRET, now=TIMESTAMP)


def test_every_v1_entry_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(webhooks.hmac, "compare_digest", spy)
    verify(PAYLOAD, {**HEADERS, "webhook-signature": f"{SIGNATURE} v1,{OTHER} v1,{OTHER}"}, SECRET,
           now=TIMESTAMP)
    assert len(calls) == 3  # no early exit at the first match


@pytest.mark.parametrize("skew, ok", [(-301, False), (-300, True), (0, True), (300, True), (301, False)])
def test_the_timestamp_must_be_within_the_tolerance(skew: int, ok: bool) -> None:
    now = TIMESTAMP - skew  # a negative skew: the delivery is from the future
    if ok:
        verify(PAYLOAD, HEADERS, SECRET, now=now)
    else:
        with pytest.raises(StaleWebhookTimestampError):
            verify(PAYLOAD, HEADERS, SECRET, now=now)
    verify(PAYLOAD, HEADERS, SECRET, now=TIMESTAMP + 3600, tolerance=3600)


def test_a_current_delivery_verifies_against_the_clock() -> None:
    headers = signed_headers(PAYLOAD, secret=SECRET, msg_id=MSG_ID)
    verify(PAYLOAD, headers, SECRET)
    with pytest.raises(StaleWebhookTimestampError):  # the vector itself is from 2021: a replay
        verify(PAYLOAD, HEADERS, SECRET)


@pytest.mark.parametrize("name", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_missing_header_is_malformed(name: str) -> None:
    headers = {k: v for k, v in HEADERS.items() if k != name}
    with pytest.raises(MalformedWebhookError, match=name):
        verify(PAYLOAD, headers, SECRET, now=TIMESTAMP)


def test_malformed_timestamp_signature_or_secret() -> None:
    with pytest.raises(MalformedWebhookError, match="integer"):
        verify(PAYLOAD, {**HEADERS, "webhook-timestamp": "hello"}, SECRET, now=TIMESTAMP)
    with pytest.raises(InvalidWebhookSignatureError):
        verify(PAYLOAD, {**HEADERS, "webhook-signature": "garbage"}, SECRET, now=TIMESTAMP)
    with pytest.raises(MalformedWebhookError, match="base64"):
        verify(PAYLOAD, HEADERS, "whsec_not base64!", now=TIMESTAMP)
    # All of them are WebhookVerificationError, the one thing a receiver needs to catch.
    assert issubclass(MalformedWebhookError, WebhookVerificationError)


def test_header_names_are_case_insensitive() -> None:
    verify(PAYLOAD, {k.title(): v for k, v in HEADERS.items()}, SECRET, now=TIMESTAMP)


def test_unwrap_returns_the_typed_event() -> None:
    body = json.dumps(EVENT)
    headers = signed_headers(body, secret=SECRET, msg_id="msg_1", timestamp=TIMESTAMP)
    event = unwrap(body, headers, SECRET, now=TIMESTAMP)
    assert event == WebhookEvent(id="evt_123", object="event", created_at=TIMESTAMP,
                                 type="response.completed", data={"id": "resp_abc"})
    with pytest.raises(MalformedWebhookError):  # verified, but not an event (no id, no type)
        unwrap(PAYLOAD, HEADERS, SECRET, now=TIMESTAMP)
    with pytest.raises(InvalidWebhookSignatureError):  # never decoded before it verifies
        unwrap(body, {**headers, "webhook-signature": WRONG}, SECRET, now=TIMESTAMP)


class _Receiver(BaseHTTPRequestHandler):
    got: list[tuple[bytes, dict[str, str]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.got.append((body, dict(self.headers.items())))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    _Receiver.got = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hooks"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_the_local_server_sends_a_signed_webhook(receiver: str, local_server: MockOpenAIServer) -> None:
    answer = requests.post(f"{local_server.url}/_control/webhooks", timeout=10,
                           json={"url": receiver, "secret": SECRET, "event": EVENT})
    assert answer.json() == {"status": 204}
    asyncio.run(deliver(receiver, {**EVENT, "id": "evt_456"}, secret=SECRET, msg_id="msg_x"))
    events = [unwrap(body, headers, SECRET) for body, headers in _Receiver.got]
    assert [e.id for e in events] == ["evt_123", "evt_456"]
    assert events[0].data == {"id": "resp_abc"}
    assert _Receiver.got[1][1]["webhook-id"] == "msg_x"
    with pytest.raises(InvalidWebhookSignatureError):  # signed with that secret, not another
        unwrap(*_Receiver.got[0], "whsec_" + OTHER)
    bad = requests.post(f"{local_server.url}/_control/webhooks", json={"url": receiver}, timeout=10)
    assert bad.status_code == 400


def test_docs_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/webhooks.md runs as written, against its own server and receiver."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "webhooks.md").read_text()
    (block,) = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    exec(compile(block, "webhooks.md", "exec"), namespace)
    printed = capsys.readouterr().out
    assert printed == (
        "Event: response.completed {'id': 'resp_1'}\nReceiver answered 204\n"
        "Refused: InvalidWebhookSignatureError\nReceiver answered 400\n"
    )
