"""Signed webhook deliveries, as OpenAI makes them, for testing a receiver.

``deliver(url, event, secret=...)`` POSTs the event's JSON with the standard-webhooks headers
(``webhook-id``, ``webhook-timestamp``, ``webhook-signature``) and answers the receiver's status;
the control route ``POST /_control/webhooks`` does the same for a server in another process.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from typing import Any

import aiohttp

from ..webhooks import signed_headers

__all__ = ["deliver"]

_IDS = itertools.count(1)


async def deliver(
    url: str,
    event: Mapping[str, Any],
    *,
    secret: str,
    msg_id: str | None = None,
    timestamp: int | None = None,
) -> int:
    """POSTs ``event`` to ``url`` as a signed delivery; the receiver's HTTP status."""
    body = json.dumps(event).encode()
    headers = signed_headers(
        body, secret=secret, msg_id=msg_id or f"msg_mock{next(_IDS):06d}", timestamp=timestamp
    )
    headers["Content-Type"] = "application/json"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as response,
    ):
        return response.status
