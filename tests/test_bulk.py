"""The bulk runner against the local server: resume after SIGKILL (counted from the server's
own log), a cut last line, shards, bounded memory, 429 backoff, error lines; and the server's
enforced rate limits in both modes."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import TEST_KEY, Harness
from local_server import CHAT, chat_request

from openai_rs_port import AsyncClient, OpenAIConfig
from openai_rs_port._response import RateLimits as HeaderLimits
from openai_rs_port.bulk import (
    BulkSummary,
    OutputLog,
    RateControl,
    estimate_tokens,
    in_shard,
    parse_shard,
    read_requests,
    run_bulk,
)
from openai_rs_port.error import RateLimitError
from openai_rs_port.testing import MockOpenAIServer, RateLimits

ROOT = Path(__file__).resolve().parent.parent


def line(i: int, url: str = CHAT) -> dict[str, Any]:
    cid = f"req-{i:05d}"
    if url == CHAT:
        body: dict[str, Any] = {"model": "gpt-4o-mini",
                                "messages": [{"role": "user", "content": cid}]}
    else:
        body = {"model": "text-embedding-3-small", "input": cid}
    return {"custom_id": cid, "method": "POST", "url": url, "body": body}


def write_input(path: Path, n: int) -> list[str]:
    path.write_text("".join(json.dumps(line(i)) + "\n" for i in range(n)))
    return [f"req-{i:05d}" for i in range(n)]


def sent_ids(server: MockOpenAIServer, start: int = 0) -> list[str]:
    """The custom_id of each chat request the server received (its content), in order."""
    out = []
    for rec in server.requests()[start:]:
        if rec.path == CHAT:
            out.append(json.loads(rec.body)["messages"][0]["content"])
    return out


def saved(path: Path) -> list[str]:
    """The custom_ids of the whole lines of an output file."""
    ids = []
    if path.exists():
        for raw in path.read_bytes().splitlines(keepends=True):
            if raw.endswith(b"\n"):
                ids.append(json.loads(raw)["custom_id"])
    return ids


@pytest.fixture
def server(local_server: MockOpenAIServer) -> Iterator[MockOpenAIServer]:
    local_server.reset()
    yield local_server
    local_server.reset()


def run(server: MockOpenAIServer, source: Any, output: Path, **kwargs: Any) -> BulkSummary:
    async def go() -> BulkSummary:
        async with AsyncClient(OpenAIConfig(api_key=TEST_KEY, api_base=server.base_url)) as c:
            return await run_bulk(source, output, client=c, **kwargs)

    return asyncio.run(go())


def test_resume_after_sigkill_at_random_points(server: MockOpenAIServer, tmp_path: Path) -> None:
    n = 150
    ids = write_input(tmp_path / "in.jsonl", n)
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "OPENAI_API_KEY": TEST_KEY, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "openai_rs_port.bulk", str(tmp_path / "in.jsonl"), "-o", str(out),
           "--api-base", server.base_url, "--no-progress", "--max-concurrency", "8"]
    rng = random.Random(12)
    held: list[str] = []
    for kill in range(3):
        start = len(server.requests())
        # The k-th request of this run is held in flight, and the run killed while it is.
        k = rng.randint(3, 30)
        server.script(CHAT, *[{"pass": True}] * (k - 1),
                      {"open": f"held{kill}", "wait": f"free{kill}", "pass": True})
        before = set(saved(out))
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            server.wait_for(f"held{kill}", timeout=20)
        finally:
            proc.kill()
            proc.wait()
        sent = sent_ids(server, start)
        # Requests are logged in the order the script is taken: the k-th is the held one.
        held.append(sent[k - 1])
        # Nothing saved before this run was sent again by it.
        assert not before & set(sent)
        server.state.scripts.clear()
        server.gate(f"free{kill}").open()
    start = len(server.requests())
    before = set(saved(out))
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # The summary at the end counts what this run did and what it found saved.
    assert f"skipped {len(before)} (already saved)" in done.stderr
    assert not before & set(sent_ids(server, start))
    result = saved(out)
    assert Counter(result) == Counter(ids)  # 0 duplicates, 0 lost
    counts = Counter(sent_ids(server))
    assert set(counts) == set(ids)
    # Only requests in flight at a kill were sent twice: the held ones among them.
    for cid in held:
        assert counts[cid] >= 2
    assert sum(counts.values()) - n <= 3 * 16
    for raw in out.read_text().splitlines():
        body = json.loads(raw)["response"]["body"]
        assert body["choices"][0]["message"]["content"] == f"Echo: {json.loads(raw)['custom_id']}"


def test_a_cut_last_line_is_sent_again(server: MockOpenAIServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    lines = [line(i) for i in range(5)]
    run(server, lines[:3], out)
    assert sorted(sent_ids(server)) == ["req-00000", "req-00001", "req-00002"]
    data = out.read_bytes()
    last = data.rstrip(b"\n").rfind(b"\n") + 1
    cut_id = json.loads(data[last:])["custom_id"]
    out.write_bytes(data[: last + 25])  # the kill cut the last line after 25 bytes
    server.reset()
    summary = run(server, lines, out)
    assert summary.cut == 25 and summary.skipped == 2
    assert sorted(sent_ids(server)) == sorted([cut_id, "req-00003", "req-00004"])
    assert sorted(saved(out)) == [f"req-{i:05d}" for i in range(5)]
    assert len(out.read_text().splitlines()) == 5


def test_shards_split_the_input_with_no_overlap(server: MockOpenAIServer, tmp_path: Path) -> None:
    ids = write_input(tmp_path / "in.jsonl", 60)
    parts = []
    for i in range(3):
        summary = run(server, str(tmp_path / "in.jsonl"), tmp_path / f"out{i}.jsonl", shard=f"{i}/3")
        assert summary.seen == 60 and summary.other_shards == 60 - summary.succeeded
        parts.append(set(saved(tmp_path / f"out{i}.jsonl")))
        assert parts[-1] == {c for c in ids if in_shard(c, (i, 3))}
        assert parts[-1]  # each shard has work (60 ids over 3)
    assert parts[0] | parts[1] | parts[2] == set(ids)
    assert not (parts[0] & parts[1] or parts[0] & parts[2] or parts[1] & parts[2])
    assert Counter(sent_ids(server)) == Counter(ids)
    assert parse_shard("2/3") == (2, 3)
    for bad in ("3/3", "1", "a/b", "0/0"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_memory_stays_bounded_the_input_is_read_lazily(server: MockOpenAIServer,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    ahead: list[int] = []

    def source() -> Iterator[dict[str, Any]]:
        for i in range(200):
            done = len(out.read_bytes().splitlines()) if out.exists() else 0
            ahead.append(i - done)
            yield line(i)

    summary = run(server, source(), out, max_concurrency=4, initial_concurrency=4)
    assert summary.succeeded == 200
    # At most 2 x max_concurrency lines are read and not yet saved.
    assert max(ahead) <= 8
    assert max(ahead) >= 4  # and the runner does keep several in flight


def test_429_backs_off_honours_retry_after_and_sustains_the_limit(
        server: MockOpenAIServer, tmp_path: Path) -> None:
    # 40 requests a second, the window a second: 40 at once, then 40 more over a second.
    server.state.rate_limits = RateLimits(limit_requests=40, limit_tokens=1_000_000,
                                          window=1.0, enforce=True)
    t0 = time.monotonic()
    summary = run(server, [line(i) for i in range(120)], tmp_path / "out.jsonl", window=1.0,
                  max_concurrency=32)
    elapsed = time.monotonic() - t0
    assert summary.succeeded == 120 and summary.failed == 0
    assert summary.rate_limited == server.state.rate_limited
    assert len(sent_ids(server)) == 120 + summary.rate_limited
    # 120 requests at 40/s with a full bucket of 40 at the start: 2 s at the limit.
    assert elapsed >= 1.9
    assert elapsed < 3.5  # at least 60% of the limit even on a loaded machine
    assert summary.rate_limited <= 6


def test_a_scripted_429_pauses_for_retry_after(server: MockOpenAIServer, tmp_path: Path) -> None:
    server.script(CHAT, {"status": 429, "headers": {"retry-after-ms": "300"},
                         "json": {"error": {"message": "slow down", "type": "requests",
                                            "param": None, "code": "rate_limit_exceeded"}}})
    t0 = time.monotonic()
    summary = run(server, [line(0)], tmp_path / "out.jsonl")
    assert time.monotonic() - t0 >= 0.3
    assert summary.rate_limited == 1 and summary.retried == 1 and summary.succeeded == 1
    assert sent_ids(server) == ["req-00000", "req-00000"]


def test_errors_are_saved_as_error_lines(server: MockOpenAIServer, tmp_path: Path) -> None:
    error = {"error": {"message": "bad model", "type": "invalid_request_error", "param": "model",
                       "code": None}}
    server.script(CHAT, {"status": 400, "json": error})
    server.script("/v1/embeddings", {"status": 500, "json": error}, {"status": 503, "json": error})
    lines = [line(0), line(1, "/v1/embeddings"),
             {"custom_id": "x", "method": "POST", "url": "/v1/files", "body": {}},
             {"custom_id": "s", "method": "POST", "url": "/v1/chat/completions",
              "body": {"stream": True}}]
    out = tmp_path / "out.jsonl"
    summary = run(server, lines, out, max_concurrency=1, initial_concurrency=1)
    got = {x["custom_id"]: x for x in map(json.loads, out.read_text().splitlines())}
    assert got["req-00000"]["response"]["status_code"] == 400
    assert got["req-00000"]["response"]["body"] == error
    assert got["req-00001"]["response"]["status_code"] == 200  # after two retried 5xx
    assert got["req-00001"]["response"]["body"]["object"] == "list"
    assert got["x"]["response"] is None and got["x"]["error"]["code"] == "invalid_url"
    assert got["s"]["error"]["code"] == "invalid_body"
    assert (summary.succeeded, summary.failed, summary.retried) == (1, 3, 2)
    # Saved errors are results: a second run sends nothing.
    server.reset()
    again = run(server, lines, out)
    assert again.skipped == 4 and server.requests() == []


def test_read_requests_and_token_estimates(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(line(0)) + "\n\n" + "{not json\n")
    items = read_requests(str(path))
    assert next(items)["custom_id"] == "req-00000"
    with pytest.raises(ValueError, match="line 3"):
        next(items)
    with pytest.raises(ValueError, match="custom_id"):
        list(read_requests([{"url": "/v1/chat/completions"}]))
    body = {"messages": [{"role": "user", "content": "x" * 400}], "max_tokens": 50, "n": 2}
    assert estimate_tokens(body) in (100 + 100, 50 + 100)  # bytes / 4, or tiktoken's count
    assert estimate_tokens({"input": ["abcd", "efgh"]}) == 2


def test_output_log_keeps_whole_lines(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"custom_id":"a"}\n{"custom_id":"b"}\n{"custom_id":"c"')
    log = OutputLog(path)
    assert log.done == {"a", "b"} and log.cut == len(b'{"custom_id":"c"')
    log.write({"custom_id": "c", "response": None, "error": None})
    log.close()
    assert saved(path) == ["a", "b", "c"]


def test_rate_control_halves_on_429_and_grows_with_headroom() -> None:
    async def go() -> None:
        ctl = RateControl(max_concurrency=16, initial_concurrency=8)
        await ctl.acquire(1)
        await ctl.release(HeaderLimits(limit_requests=100, remaining_requests=90))
        assert ctl.window == pytest.approx(8 + 1 / 8)
        await ctl.acquire(1)
        await ctl.release(None, retry_after=0.2)
        assert ctl.window == pytest.approx((8 + 1 / 8) / 2)
        t0 = time.monotonic()
        await ctl.acquire(1)  # waits out the pause
        assert time.monotonic() - t0 >= 0.19
        await ctl.release(None, retry_after=0.0)
        # A half share learns half the server's limits.
        half = RateControl(share=0.5)
        await half.acquire(1)
        await half.release(HeaderLimits(limit_requests=100, remaining_requests=80,
                                        limit_tokens=1000, remaining_tokens=1000))
        assert half._requests is not None and half._requests.capacity == 50
        assert half._requests.level == pytest.approx(40)
        assert half._tokens is not None and half._tokens.capacity == 500
        # No request left at the server: the bucket waits for a refill (1 per 0.6 s here).
        ctl = RateControl(window=60.0)
        await ctl.acquire(1)
        await ctl.release(HeaderLimits(limit_requests=100, remaining_requests=0))
        t0 = time.monotonic()
        await ctl.acquire(1)
        assert time.monotonic() - t0 >= 0.55

    asyncio.run(go())


def test_the_local_server_enforces_its_limits(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.state.rate_limits = RateLimits(limit_requests=2, limit_tokens=1000, enforce=True)
    raw = local.call(local.client.with_raw_response().chat().create(chat_request("a")))
    assert raw.rate_limits.remaining_requests == 1
    assert raw.rate_limits.remaining_tokens == 1000 - raw.parse().usage.total_tokens
    local.call(local.client.chat().create(chat_request("b")))
    with pytest.raises(RateLimitError) as e:
        local.call(local.client.with_options(max_retries=0).chat().create(chat_request("c")))
    assert e.value.code == "rate_limit_exceeded"
    # One request back every 30 s (2 a minute).
    assert 1 <= int(e.value.headers["retry-after"]) <= 30
    assert 0 < int(e.value.headers["retry-after-ms"]) <= 30_000
    assert e.value.headers["x-ratelimit-remaining-requests"] == "0"
    assert local_server.state.rate_limited == 1
    # Files and batches are not model endpoints: not limited.
    local.call(local.client.files().list())
    # Spent tokens refuse too, with the wait until one is back.
    local_server.state.rate_limits = RateLimits(limit_requests=100, limit_tokens=5, enforce=True)
    local.call(local.client.chat().create(chat_request("a long enough prompt")))
    with pytest.raises(RateLimitError):
        local.call(local.client.with_options(max_retries=0).chat().create(chat_request("d")))


def test_a_progress_bar_and_a_summary(server: MockOpenAIServer, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    import tqdm  # noqa: F401  (in the test extra: a missing one fails)
    summary = run(server, [line(i) for i in range(5)], tmp_path / "out.jsonl", progress=True)
    err = capsys.readouterr().err
    assert "5req" in err.replace(" ", "") and "failed=0" in err
    assert summary.line().startswith("done 5, failed 0, skipped 0")
    # From a file, the bar knows what is left (for its ETA): 3 more lines, 5 saved.
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(line(i)) + "\n" for i in range(8)))
    run(server, str(path), tmp_path / "out.jsonl", progress=True)
    assert "3/3" in capsys.readouterr().err


def docs_run(name: str, blocks_expected: int, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/<name> runs as written, block after block (in ``tmp_path``), on its own server."""
    import re

    doc = (ROOT / "docs" / name).read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    assert len(blocks) == blocks_expected
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"{name} block {i}", "exec"), namespace)
    finally:
        if namespace.get("server") is not None:
            namespace["server"].stop()


def test_the_docs_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs_run("bulk.md", 1, tmp_path, monkeypatch)
    assert len((tmp_path / "results.jsonl").read_text().splitlines()) == 20
    docs_run("batch-jobs.md", 1, tmp_path, monkeypatch)
    assert json.loads((tmp_path / "job.state.json").read_text())["rounds"] == 1


@pytest.mark.parametrize("cap", ["rpm", "tpm"])
def test_hand_caps_hold_the_rate(server: MockOpenAIServer, tmp_path: Path, cap: str) -> None:
    # 10 requests a second either way: rpm 600, or 60 tokens a request (36 bytes of prompt,
    # max_tokens 51) under tpm 36,000. One second of burst (10), then 10 more over a second.
    # The answers carry no usage, so the estimate is what the token cap counts.
    server.script(CHAT, *[{"json": {"object": "chat.completion", "choices": []}}] * 20)
    lines = [line(i) for i in range(20)]
    for x in lines:
        x["body"]["messages"][0]["content"] = x["custom_id"] * 4  # 36 bytes: 9 tokens
        x["body"]["max_tokens"] = 51
    estimate = estimate_tokens(lines[0]["body"])
    assert estimate == 60 or 51 < estimate < 70  # bytes / 4, or tiktoken's count
    t0 = time.monotonic()
    summary = run(server, lines, tmp_path / "out.jsonl",
                  **({"rpm": 600} if cap == "rpm" else {"tpm": 36_000}))
    elapsed = time.monotonic() - t0
    assert summary.succeeded == 20
    assert 0.7 <= elapsed < 3.0  # ~1 s (0.8 s with a tiktoken count of 55)
