"""``OPENAI_LOG``: the ``openai_rs_port`` logger on stderr, metadata only, in both modes.

The variable is read at import, so each case runs in a fresh interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from openai_rs_port.testing import MockOpenAIServer

KEY = "sk-logtest-SECRET-0123456789"
PROMPT = "PROMPT-BODY-MARKER"

SCRIPT = textwrap.dedent(f"""
    import asyncio, sys
    from openai_rs_port import AsyncClient, Backoff, Client, OpenAIConfig
    from openai_rs_port.types import CreateCompletionRequestArgs

    mode, base = sys.argv[1], sys.argv[2]
    config = OpenAIConfig(api_key={KEY!r}, api_base=base)
    request = CreateCompletionRequestArgs.default().model("m").prompt({PROMPT!r}).build()
    retry = Backoff(max_retries=1, initial_delay=0.01, max_delay=0.01)
    # The key in a query string as well: a URL in a log line is scrubbed like a message.
    opts = dict(query={{"sig": {KEY!r}}})
    if mode == "sync":
        with Client(config, backoff=retry) as client:
            print(client.completions().with_options(**opts).create(request).choices[0].text)
    else:
        async def main() -> None:
            async with AsyncClient(config, backoff=retry) as client:
                answer = await client.completions().with_options(**opts).create(request)
                print(answer.choices[0].text)
        asyncio.run(main())
""")


def _run(mode: str, level: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_LOG"}
    if level is not None:
        env["OPENAI_LOG"] = level
    with MockOpenAIServer() as server:
        # One 500 first: the retry is logged too.
        server.script("/v1/completions", {"status": 500, "json": {"error": {"message": "boom"}}},
                      {"pass": True})
        done = subprocess.run([sys.executable, "-c", SCRIPT, mode, server.base_url], env=env,
                              capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert PROMPT in done.stdout  # the call really answered with the prompt echoed
    return done


@pytest.mark.parametrize("level", ["debug", "info"])
def test_openai_log_shows_metadata_only(mode: str, level: str) -> None:
    err = _run(mode, level).stderr
    lines = err.splitlines()
    assert all(line.startswith("[") and " openai_rs_port " in line for line in lines), err
    assert any("retrying POST http://127.0.0.1:" in line and "after HTTP 500" in line for line in lines)
    done = [line for line in lines if "/v1/completions?sig=%5BREDACTED%5D -> 200 in " in line
            or "/v1/completions?sig=[REDACTED] -> 200 in " in line]
    assert len(done) == 1, err
    assert "x-request-id req_" in done[0]
    assert ("request POST" in err) == (level == "debug")
    # Neither the key nor any part of a body reaches the log.
    assert KEY not in err and PROMPT not in err and "boom" not in err


def test_no_openai_log_no_output(mode: str) -> None:
    assert _run(mode, None).stderr == ""


def test_unknown_level_is_named() -> None:
    env = dict(os.environ, OPENAI_LOG="loud")
    done = subprocess.run([sys.executable, "-c", "import openai_rs_port"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0
    assert "OPENAI_LOG='loud' ignored: use 'info' or 'debug'" in done.stderr
