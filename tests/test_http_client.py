"""``with_http_client``: calls go over the caller's own session, which the client never closes."""

from __future__ import annotations

from typing import Any

import aiohttp
import requests
from conftest import Harness

from openai_rs_port.testing import MockOpenAIServer


def test_calls_use_the_callers_session_and_leave_it_open(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    marker = {"X-Own-Session": "yes"}
    session: Any
    if local.is_async:
        session = local.run(_aiohttp_session(marker))
    else:
        session = requests.Session()
        session.headers.update(marker)
    own = local.client.with_http_client(session)
    models = local.call(own.models().list())
    assert models.data
    # The session's own default header proves the request went through it.
    assert local_server.requests()[-1].headers["x-own-session"] == "yes"
    if local.is_async:
        # Closing the client does not close a session it was given.
        local.run(own.close())
        assert not session.closed
        local.call(own.models().list())
        local.run(session.close())
    else:
        session.close()


async def _aiohttp_session(headers: dict[str, str]) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(headers=headers)
