"""The Batch API job helper on the local server, in both modes: split within the limits,
uploaded, followed through the batch statuses, joined by custom_id, failed lines reported,
a stopped run resumed from its state file with the lost lines resubmitted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Harness
from local_server import CHAT

from openai_rs_port.batch_jobs import BatchJobResult, split_lines
from openai_rs_port.error import InternalServerError, InvalidArgument
from openai_rs_port.testing import MockOpenAIServer


def line(i: int, **body: Any) -> dict[str, Any]:
    cid = f"job-{i}"
    return {"custom_id": cid, "method": "POST", "url": CHAT,
            "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": cid}],
                     **body}}


def posts(server: MockOpenAIServer, path: str) -> int:
    return sum(1 for r in server.requests(path) if r.method == "POST")


def test_split_lines_keeps_each_file_within_the_limits() -> None:
    lines = [line(i) for i in range(7)]
    files = list(split_lines(lines, max_requests=3))
    assert [f.count(b"\n") for f in files] == [3, 3, 1]
    assert [json.loads(x)["custom_id"] for f in files for x in f.splitlines()] == \
        [x["custom_id"] for x in lines]
    size = len(json.dumps(lines[0], separators=(",", ":"))) + 1
    files = list(split_lines(lines, max_bytes=2 * size + 1))
    assert [f.count(b"\n") for f in files] == [2, 2, 2, 1]
    assert all(len(f) <= 2 * size + 1 for f in files)
    with pytest.raises(InvalidArgument):
        list(split_lines(lines, max_bytes=10))


def test_a_job_runs_as_batches_and_joins_by_custom_id(local: Harness,
                                                      local_server: MockOpenAIServer,
                                                      tmp_path: Path) -> None:
    source = tmp_path / "job.jsonl"
    lines = [line(i) for i in range(6)] + [{**line(6), "body": {"model": "gpt-4o-mini"}}]
    source.write_text("".join(json.dumps(x) + "\n" for x in lines))
    result: BatchJobResult = local.call(local.client.batch_jobs().run(
        str(source), max_requests=3, poll_interval=0))
    assert len(result.batch_ids) == 3 and posts(local_server, "/v1/files") == 3
    assert result.failed == ["job-6"] and result.missing == []
    pairs = list(result.joined(str(source)))
    assert [i["custom_id"] for i, _ in pairs] == [f"job-{i}" for i in range(7)]
    for inp, out in pairs[:6]:
        assert out is not None
        assert out["response"]["body"]["choices"][0]["message"]["content"] == \
            f"Echo: {inp['custom_id']}"
    bad = pairs[6][1]
    assert bad is not None and bad["response"]["status_code"] == 400
    # Each batch went through the statuses to completed.
    for batch_id in result.batch_ids:
        batch = local.call(local.client.batches().retrieve(batch_id))
        assert batch.status == "completed" and batch.in_progress_at is not None
        assert batch.finalizing_at is not None


def test_a_stopped_run_resumes_and_resubmits_lost_lines(local: Harness,
                                                        local_server: MockOpenAIServer,
                                                        tmp_path: Path) -> None:
    lines = [line(i) for i in range(7)]
    state = tmp_path / "job.state.json"
    # The run stops at its first retrieves (all three, with their retries, answered 500).
    local_server.script("/v1/batches/{batch_id}", *[{"status": 500, "json": {"error": {
        "message": "down", "type": "server_error", "param": None, "code": None}}}] * 9,
        method="GET")
    with pytest.raises(InternalServerError):
        local.call(local.client.batch_jobs().run(lines, max_requests=3, poll_interval=0,
                                                 state_path=state))
    local_server.state.scripts.clear()
    saved = json.loads(state.read_text())
    assert [p["batch_id"] is not None for p in saved["parts"]] == [True, True, True]
    # Meanwhile the last batch is cancelled: its lines come back with no output.
    local.call(local.client.batches().cancel(saved["parts"][2]["batch_id"]))
    result = local.call(local.client.batch_jobs().run(lines, max_requests=3, poll_interval=0,
                                                      state_path=state, resubmit=1))
    # Nothing uploaded or created twice: 3 parts, then 1 for the resubmitted line.
    assert posts(local_server, "/v1/files") == 4 and posts(local_server, "/v1/batches") == 4
    assert result.failed == [] and result.missing == []
    assert sorted(result.outputs) == sorted(x["custom_id"] for x in lines)
    assert result.batch_ids[:3] == [p["batch_id"] for p in saved["parts"]]
    resent = local_server.requests("/v1/files")[-1].body
    assert b"job-6" in resent and b"job-0" not in resent
    # Run again on the finished state: everything is read back, nothing sent again.
    again = local.call(local.client.batch_jobs().run(lines, max_requests=3, poll_interval=0,
                                                     state_path=state, resubmit=1))
    assert posts(local_server, "/v1/files") == 4 and posts(local_server, "/v1/batches") == 4
    assert again.outputs.keys() == result.outputs.keys() and again.missing == []


def test_a_job_needs_lines_on_one_batch_endpoint(local: Harness) -> None:
    with pytest.raises(InvalidArgument):
        local.call(local.client.batch_jobs().run([]))
    with pytest.raises(InvalidArgument, match="moderations"):
        local.call(local.client.batch_jobs().run(
            [{"custom_id": "a", "method": "POST", "url": "/v1/moderations", "body": {}}]))


def test_a_responses_job_is_answered_by_the_local_batches(local: Harness) -> None:
    lines = [{"custom_id": f"r{i}", "method": "POST", "url": "/v1/responses",
              "body": {"model": "gpt-4o-mini", "input": f"hello {i}"}} for i in range(3)]
    result = local.call(local.client.batch_jobs().run(lines, poll_interval=0))
    assert result.failed == [] and len(result.batch_ids) == 1
    for inp, out in result.joined(lines):
        assert out is not None and out["response"]["body"]["object"] == "response"
        text = out["response"]["body"]["output"][0]["content"][0]["text"]
        assert text.endswith(inp["body"]["input"])
