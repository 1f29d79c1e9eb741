"""Verified webhooks, after the standard-webhooks scheme that OpenAI signs its webhooks with.

A delivery carries ``webhook-id``, ``webhook-timestamp`` (Unix seconds) and
``webhook-signature`` (space-separated ``v1,<base64 HMAC-SHA256>`` entries, several while a
secret rotates). The signed content is ``"{id}.{timestamp}.{body}"``; the key is the secret's
base64 part after ``whsec_``. ``verify`` checks one of the ``v1`` signatures in constant time
and the timestamp against a tolerance window (a replayed old delivery fails);
``unwrap`` also decodes the body as a ``WebhookEvent``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._codec import ApiModel
from .error import OpenAIError

__all__ = [
    "DEFAULT_TOLERANCE",
    "InvalidWebhookSignatureError",
    "MalformedWebhookError",
    "StaleWebhookTimestampError",
    "WebhookEvent",
    "WebhookVerificationError",
    "sign",
    "signed_headers",
    "unwrap",
    "verify",
]

DEFAULT_TOLERANCE = 300
"""Seconds a delivery's timestamp may be away from now (the scheme's five minutes)."""

_PREFIX = "whsec_"


class WebhookVerificationError(OpenAIError):
    """A delivery that does not verify; the subclasses say why."""


class MalformedWebhookError(WebhookVerificationError):
    """A missing or unreadable header, a secret that is not base64, or a body that is not an event."""


class StaleWebhookTimestampError(WebhookVerificationError):
    """A timestamp outside the tolerance window: too old (a replay) or too far ahead."""


class InvalidWebhookSignatureError(WebhookVerificationError):
    """No ``v1`` signature of the header matches the body under this secret."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookEvent(ApiModel):
    """A webhook's event. The 2025-04-29 spec defines no webhook schemas, so this is the
    envelope OpenAI sends (``id``, ``type``, ``created_at``) with ``data`` kept as JSON."""

    id: str
    type: str
    created_at: int | None = None
    object: str | None = None
    data: dict[str, Any] | None = None


def _key(secret: str | bytes) -> bytes:
    if isinstance(secret, bytes):
        return secret
    text = secret.removeprefix(_PREFIX)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as e:
        raise MalformedWebhookError("the webhook secret is not base64 (after 'whsec_')") from e


def _body(payload: str | bytes) -> bytes:
    return payload.encode() if isinstance(payload, str) else payload


def sign(payload: str | bytes, *, secret: str | bytes, msg_id: str, timestamp: int) -> str:
    """The ``v1,<base64>`` signature of ``payload`` as delivery ``msg_id`` at ``timestamp``."""
    content = f"{msg_id}.{timestamp}.".encode() + _body(payload)
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(
    payload: str | bytes, *, secret: str | bytes, msg_id: str, timestamp: int | None = None
) -> dict[str, str]:
    """The three headers of a delivery of ``payload`` (``timestamp`` defaults to now)."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": sign(payload, secret=secret, msg_id=msg_id, timestamp=ts),
    }


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if value is None:
        # Plain dicts are case-sensitive; HTTP header names are not.
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    if not value:
        raise MalformedWebhookError(f"missing header {name!r}")
    return value


def verify(
    payload: str | bytes,
    headers: Mapping[str, str],
    secret: str | bytes,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Checks a delivery: raises a ``WebhookVerificationError`` unless one ``v1`` signature of
    ``webhook-signature`` matches and ``webhook-timestamp`` is within ``tolerance`` seconds of
    ``now`` (default: the current time). ``payload`` is the raw body, before any JSON parsing."""
    msg_id = _header(headers, "webhook-id")
    stamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    try:
        timestamp = int(stamp)
    except ValueError as e:
        raise MalformedWebhookError(f"webhook-timestamp is not an integer: {stamp!r}") from e
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise StaleWebhookTimestampError(
            f"webhook-timestamp {timestamp} is more than {tolerance}s from now ({int(current)})"
        )
    expected = sign(payload, secret=secret, msg_id=msg_id, timestamp=timestamp).encode()
    found = False
    for entry in signatures.split(" "):
        version, _, value = entry.partition(",")
        # Every v1 entry is compared (no early exit), each in constant time, so the time taken
        # says nothing about which one matched or how much of it did.
        if version == "v1" and value and hmac.compare_digest(expected, entry.encode()):
            found = True
    if not found:
        raise InvalidWebhookSignatureError("no webhook-signature entry matches the payload")


def unwrap(
    payload: str | bytes,
    headers: Mapping[str, str],
    secret: str | bytes,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> WebhookEvent:
    """Verifies a delivery as ``verify`` does, then decodes its body as a ``WebhookEvent``."""
    verify(payload, headers, secret, tolerance=tolerance, now=now)
    try:
        data = json.loads(payload)
    except ValueError as e:
        raise MalformedWebhookError(f"the webhook body is not JSON: {e}") from e
    # The codec leaves absent fields unset; an event without its id and type is no event.
    if not (isinstance(data, dict) and isinstance(data.get("id"), str) and isinstance(data.get("type"), str)):
        raise MalformedWebhookError("the webhook body is not an event (it needs a string id and type)")
    try:
        return WebhookEvent.from_dict(data)
    except ValueError as e:
        raise MalformedWebhookError(f"the webhook body is not an event: {e}") from e
