"""The local server's emulator core: stores and pagination, the clock and status machine,
gates, rate-limit headers, request ids, reset and the control API, over real sockets.

Typed-client tests run in both modes (``local``); wire-level ones use ``requests``.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import Harness, free_port
from local_server import CHAT, DONE, chat_chunk, chat_request, sse

from openai_rs_port import Client, OpenAIConfig
from openai_rs_port.error import BadRequestError, ConflictError, NotFoundError, StreamError
from openai_rs_port.testing import (
    CREATED,
    ApiFailure,
    Gate,
    MockOpenAIServer,
    RateLimits,
    StatusMachine,
    Step,
)
from openai_rs_port.types import (
    BatchRequestArgs,
    CreateFileRequestArgs,
    CreateFineTuningJobRequestArgs,
    FineTuneMethodSupervised,
    FineTuneSupervisedMethod,
    Hyperparameters,
)

pytest_plugins = ["local_server"]  # fixtures: local_server, local


def upload(h: Harness, name: str, data: bytes = b'{"messages": []}\n', purpose: str = "fine-tune") -> Any:
    req = CreateFileRequestArgs().file((name, data)).purpose(purpose).build()
    return h.call(h.client.files().create(req))


@pytest.fixture
def http(local_server: MockOpenAIServer) -> Iterator[requests.Session]:
    local_server.reset()
    with requests.Session() as s:
        yield s
    local_server.reset()


# Stores and pagination -------------------------------------------------------------------


def test_files_page_through_three_pages_at_the_server_page_size(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.state.page_size = 2
    ids = [upload(local, f"f{i}.jsonl").id for i in range(5)]
    files = local.client.files()
    pages = [local.call(files.list())]
    while pages[-1].has_more:
        pages.append(local.call(files.list({"after": pages[-1].last_id})))
    assert [[f.id for f in p.data] for p in pages] == [ids[4:2:-1], ids[2:0:-1], ids[:1]]
    assert [p.first_id for p in pages] == [ids[4], ids[2], ids[0]]
    # Every page request asked for no limit: the server's page size applied.
    assert all("limit" not in dict(r.query) for r in local_server.requests("/v1/files")[5:])


def test_limit_order_and_before(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.state.page_size = 2
    ids = [upload(local, f"f{i}.jsonl").id for i in range(5)]
    files = local.client.files()
    # The request's limit wins over the page size.
    assert [f.id for f in local.call(files.list({"limit": 4, "order": "asc"})).data] == ids[:4]
    page = local.call(files.list({"order": "asc", "after": ids[1], "limit": 2}))
    assert [f.id for f in page.data] == ids[2:4] and page.has_more
    # `before` is the previous page: the records just before the cursor, in list order.
    back = local.call(files.list({"order": "asc", "before": ids[3], "limit": 2}))
    assert [f.id for f in back.data] == ids[1:3] and back.has_more
    first = local.call(files.list({"order": "asc", "before": ids[1]}))
    assert [f.id for f in first.data] == ids[:1] and not first.has_more
    # A deleted cursor keeps its place.
    local.call(files.delete(ids[2]))
    assert [f.id for f in local.call(files.list({"order": "asc", "after": ids[2]})).data] == ids[3:5]
    only = local.call(files.list({"purpose": "batch"}))
    assert only.data == [] and not only.has_more


@pytest.mark.parametrize(
    ("query", "param"),
    [({"limit": 0}, "limit"), ({"limit": "x"}, "limit"), ({"order": "up"}, "order"),
     ({"after": "file-nope"}, "after"), ({"before": "file-nope"}, "before")],
)
def test_bad_list_queries_are_400_naming_the_parameter(
    local: Harness, query: dict[str, Any], param: str
) -> None:
    with pytest.raises(BadRequestError) as e:
        local.call(local.client.files().list(query))
    assert e.value.param == param


def _training(h: Harness, examples: int = 4) -> str:
    rows = "".join(json.dumps({"messages": [{"role": "user", "content": f"q{i}"}]}) + "\n"
                   for i in range(examples))
    return str(upload(h, "train.jsonl", rows.encode()).id)


def _job(h: Harness, training: str, epochs: int = 3, suffix: str | None = None) -> Any:
    req = CreateFineTuningJobRequestArgs().model("gpt-4o-mini").training_file(training).method(
        FineTuneMethodSupervised(supervised=FineTuneSupervisedMethod(
            hyperparameters=Hyperparameters(n_epochs=epochs))))
    if suffix is not None:
        req = req.suffix(suffix)
    return h.call(h.client.fine_tuning().create(req.build()))


def test_every_list_pages_the_same_way(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.state.page_size = 2
    training = _training(local)
    jobs = [_job(local, training) for _ in range(5)]
    ft = local.client.fine_tuning()
    for job in jobs:
        while job.status != "succeeded":
            job = local.call(ft.retrieve(job.id))

    def walk(first: Any, more: Any) -> list[list[str]]:
        pages = [first]
        while pages[-1].has_more:
            pages.append(more(pages[-1].data[-1].id))
        assert all(len(p.data) <= 2 for p in pages)
        return [[x.id for x in p.data] for p in pages]

    listed = walk(local.call(ft.list_paginated()),
                  lambda after: local.call(ft.list_paginated({"after": after})))
    assert [x for p in listed for x in p] == [j.id for j in reversed(jobs)] and len(listed) == 3
    job = jobs[0].id
    events = walk(local.call(ft.list_events(job)),
                  lambda after: local.call(ft.list_events(job, {"after": after})))
    assert len(events) >= 3
    checkpoints = walk(local.call(ft.list_checkpoints(job)),
                       lambda after: local.call(ft.list_checkpoints(job, {"after": after})))
    assert [len(p) for p in checkpoints] == [2, 1]

    lines = "".join(json.dumps({"custom_id": f"c{i}", "method": "POST", "url": "/v1/embeddings",
                                "body": {"model": "m", "input": "x"}}) + "\n" for i in range(1))
    batch_file = upload(local, "in.jsonl", lines.encode(), "batch").id
    req = BatchRequestArgs().input_file_id(batch_file).endpoint("/v1/embeddings").completion_window(
        "24h").build()
    batches = [local.call(local.client.batches().create(req)).id for _ in range(5)]
    pages = walk(local.call(local.client.batches().list()),
                 lambda after: local.call(local.client.batches().list({"after": after})))
    assert [x for p in pages for x in p] == batches[::-1] and len(pages) == 3


def test_a_fine_tuning_job_end_to_end(local: Harness, local_server: MockOpenAIServer) -> None:
    training = _training(local, examples=4)
    ft = local.client.fine_tuning()
    job = _job(local, training, epochs=2, suffix="demo")
    assert job.status == "validating_files" and job.fine_tuned_model is None
    seen = [job.status]
    while job.status not in ("succeeded", "failed", "cancelled"):
        job = local.call(ft.retrieve(job.id))
        seen.append(job.status)
    assert seen == ["validating_files", "queued", "running", "running", "running", "succeeded"]
    assert job.fine_tuned_model == f"ft:gpt-4o-mini:mock-org:demo:{job.id.rsplit('-', 1)[1]}"
    assert job.hyperparameters.n_epochs == 2 and job.hyperparameters.batch_size == 1
    assert job.trained_tokens and job.finished_at == CREATED + 5
    model = local.call(local.client.models().retrieve(job.fine_tuned_model))
    assert model.owned_by == "mock-org"
    [results] = job.result_files
    csv = local.call(local.client.files().content(results)).decode()
    assert csv.splitlines()[0] == "step,train_loss,train_accuracy" and len(csv.splitlines()) == 9
    messages = [e.message for e in local.call(ft.list_events(job.id, {"limit": 100})).data]
    assert messages[0] == "The job has successfully completed"
    assert messages[-1] == f"Validating training file: {training}"
    steps = local.call(ft.list_checkpoints(job.id)).data
    assert [c.step_number for c in steps] == [8, 4]
    assert steps[0].fine_tuned_model_checkpoint == f"{job.fine_tuned_model}:ckpt-step-8"
    with pytest.raises(ConflictError):
        local.call(ft.cancel(job.id))


def test_fine_tuning_failures_and_cancel(local: Harness, local_server: MockOpenAIServer) -> None:
    ft = local.client.fine_tuning()
    with pytest.raises(BadRequestError) as e:
        _job(local, upload(local, "b.jsonl", b"{}\n", "batch").id)
    assert e.value.param == "training_file"
    with pytest.raises(NotFoundError):
        local.call(ft.retrieve("ftjob-nope"))
    bad = _job(local, upload(local, "bad.jsonl", b"not json\n").id)
    local_server.clock.advance(1)
    failed = local.call(ft.retrieve(bad.id))
    assert failed.status == "failed" and failed.error is not None
    assert failed.error.code == "invalid_training_file" and failed.error.param == "training_file"
    cancelled = local.call(ft.cancel(_job(local, _training(local)).id))
    assert cancelled.status == "cancelled" and cancelled.finished_at is not None


# The clock and the status machine --------------------------------------------------------


def test_a_batch_moves_only_with_the_clock_when_polls_do_not(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.clock.poll_step = 0
    lines = json.dumps({"custom_id": "a", "method": "POST", "url": "/v1/chat/completions",
                        "body": {"model": "gpt-4o-mini",
                                 "messages": [{"role": "user", "content": "hi"}]}}) + "\n"
    f = upload(local, "in.jsonl", lines.encode(), "batch")
    req = BatchRequestArgs().input_file_id(f.id).endpoint("/v1/chat/completions").completion_window(
        "24h").build()
    batches = local.client.batches()
    batch = local.call(batches.create(req))
    for _ in range(3):
        assert local.call(batches.retrieve(batch.id)).status == "validating"
    local_server.clock.advance(1.5)
    assert local.call(batches.retrieve(batch.id)).status == "in_progress"
    local_server.clock.advance(10)
    done = local.call(batches.retrieve(batch.id))
    # Each status was entered when it was due, however late the batch was looked at.
    assert done.status == "completed"
    assert (done.in_progress_at, done.finalizing_at, done.completed_at) == (
        CREATED + 1, CREATED + 2, CREATED + 3)
    assert done.output_file_id is not None and done.error_file_id is None


@dataclass
class _Job:
    status: str = "new"
    status_since: float = 0.0
    log: list[tuple[str, int]] = field(default_factory=list)


def _logger(status: str) -> Any:
    return lambda job, at: job.log.append((status, at))


def test_status_machine_steps_due_transitions_at_their_due_time() -> None:
    now = [100.0]
    machine: StatusMachine[_Job] = StatusMachine(
        {"queued": Step("running", 2), "running": Step(lambda j: "done", 5),
         "paused": Step("running", 1)},
        {s: _logger(s) for s in ("queued", "running", "done")},
        clock=lambda: now[0],
    )
    job = _Job()
    machine.start(job, "queued")
    machine.settle(job)
    assert job.status == "queued"
    now[0] = 200
    machine.settle(job)
    assert job.log == [("queued", 100), ("running", 102), ("done", 107)]
    other = _Job()
    machine.start(other, "queued")
    machine.move(other, "paused")  # an explicit move: now, whatever the steps say
    assert (other.status, other.status_since) == ("paused", 200)


# Rate-limit headers and request ids ------------------------------------------------------


def test_rate_limit_headers_on_every_v1_answer(
    http: requests.Session, local_server: MockOpenAIServer
) -> None:
    base = local_server.base_url
    first = http.get(f"{base}/models")
    assert {k: v for k, v in first.headers.items() if k.startswith("x-ratelimit")} == {
        "x-ratelimit-limit-requests": "10000", "x-ratelimit-limit-tokens": "2000000",
        "x-ratelimit-remaining-requests": "9999", "x-ratelimit-remaining-tokens": "2000000",
        "x-ratelimit-reset-requests": "1s", "x-ratelimit-reset-tokens": "6m0s",
    }
    chat = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "one two"}]}
    answer = http.post(f"{base}/chat/completions", json=chat)
    used = answer.json()["usage"]["total_tokens"]
    assert answer.headers["x-ratelimit-remaining-requests"] == "9998"
    assert answer.headers["x-ratelimit-remaining-tokens"] == str(2_000_000 - used)
    stream = http.post(f"{base}/chat/completions", json={**chat, "stream": True})
    assert stream.headers["x-ratelimit-remaining-requests"] == "9997"
    missing = http.get(f"{base}/files/file-nope")
    assert missing.status_code == 404 and missing.headers["x-ratelimit-remaining-requests"] == "9996"


def test_rate_limits_are_configurable_and_scriptable(
    http: requests.Session, local_server: MockOpenAIServer
) -> None:
    base = local_server.base_url
    local_server.state.rate_limits = RateLimits(limit_requests=3, remaining_tokens=7,
                                                reset_requests="20ms")
    r = http.get(f"{base}/models")
    assert (r.headers["x-ratelimit-limit-requests"], r.headers["x-ratelimit-remaining-requests"],
            r.headers["x-ratelimit-remaining-tokens"], r.headers["x-ratelimit-reset-requests"]) == (
        "3", "2", "7", "20ms")
    local_server.script("/v1/models", {"status": 429, "headers": {
        "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "6m0s"}}, method="GET")
    limited = http.get(f"{base}/models")
    assert limited.status_code == 429
    assert limited.headers["x-ratelimit-remaining-requests"] == "0"  # the script's own wins
    assert limited.headers["x-ratelimit-reset-requests"] == "6m0s"
    assert limited.headers["x-ratelimit-limit-requests"] == "3"  # the rest are filled in
    local_server.state.rate_limits = None
    assert not [k for k in http.get(f"{base}/models").headers if k.startswith("x-ratelimit")]
    local_server.reset()
    assert http.get(f"{base}/models").headers["x-ratelimit-limit-requests"] == "10000"


def test_rate_limits_off_from_the_constructor() -> None:
    with MockOpenAIServer(rate_limits=None, page_size=1) as server, requests.Session() as s:
        assert not [k for k in s.get(f"{server.base_url}/models").headers
                    if k.startswith("x-ratelimit")]
        for name in ("a", "b"):
            s.post(f"{server.base_url}/files", files={"file": (name, b"x")},
                   data={"purpose": "batch"})
        page = s.get(f"{server.base_url}/files").json()
        assert len(page["data"]) == 1 and page["has_more"]


def test_every_answer_has_a_request_id(http: requests.Session, local_server: MockOpenAIServer) -> None:
    url, base = local_server.url, local_server.base_url
    local_server.script("/v1/embeddings", {"status": 503})
    answers = [
        http.get(f"{base}/models"),
        http.post(f"{base}/chat/completions", json={"model": "m", "messages": [], "stream": True}),
        http.get(f"{base}/nowhere"),
        http.post(f"{base}/embeddings", json={}),
        http.get(f"{url}/media/images/none.png"),
        http.get(f"{url}/_control/requests"),
    ]
    ids = [a.headers["x-request-id"] for a in answers]
    assert all(i.startswith("req_mock") for i in ids) and len(set(ids)) == len(ids)
    assert [a.status_code for a in answers] == [200, 200, 404, 503, 404, 200]


# Gates -----------------------------------------------------------------------------------


def test_gate_handshake_between_threads_and_a_loop() -> None:
    gate = Gate("g")
    assert not gate.wait(0.01)
    loop = asyncio.new_event_loop()
    try:
        waiter = loop.create_task(gate.wait_async(5))
        loop.run_until_complete(asyncio.sleep(0))  # the coroutine is now waiting
        threading.Thread(target=gate.open).start()
        assert loop.run_until_complete(waiter) is True
        assert gate.wait(0) and gate.is_open
        # Open stays open: a late waiter passes at once.
        assert loop.run_until_complete(gate.wait_async(0.01)) is True
        assert loop.run_until_complete(Gate("closed").wait_async(0.01)) is False
    finally:
        loop.close()


def test_a_stream_waits_on_a_gate_and_signals_what_it_sent(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.script(CHAT, {"sse": [
        sse(chat_chunk("one")), {"open": "one-sent"}, {"wait": "more"},
        sse(chat_chunk("two")), DONE]})
    stream = local.call(local.client.chat().create_stream(chat_request()))
    local_server.wait_for("one-sent")
    assert local.next(stream).choices[0].delta.content == "one"
    assert not local_server.gate("more").is_open
    local_server.gate("more").open()
    assert [c.choices[0].delta.content for c in local.collect(stream)] == ["two"]


def test_an_answer_waits_on_a_gate(http: requests.Session, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, {"open": "arrived", "wait": "go", "pass": True})
    done = threading.Event()
    result: list[Any] = []

    def call() -> None:
        with Client(OpenAIConfig(api_key="sk-x", api_base=local_server.base_url)) as client:
            result.append(client.chat().create(chat_request("held")))
        done.set()

    worker = threading.Thread(target=call)
    worker.start()
    local_server.wait_for("arrived")
    assert not done.is_set()  # held by the server, not finished
    local_server.gate("go").open()
    worker.join(10)
    assert result[0].choices[0].message.content == "Echo: held"


def test_a_gate_never_opened_drops_the_stream_after_its_timeout(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.script(CHAT, {"sse": [sse(chat_chunk("one")), {"wait": "never", "timeout": 0.2},
                                       DONE]})
    stream = local.call(local.client.chat().create_stream(chat_request()))
    assert local.next(stream).choices[0].delta.content == "one"
    with pytest.raises(StreamError):
        local.next(stream)


def test_wait_for_times_out(local_server: MockOpenAIServer) -> None:
    local_server.reset()
    with pytest.raises(TimeoutError, match="'nobody'"):
        local_server.wait_for("nobody", timeout=0.01)


@pytest.mark.parametrize("bad", [
    {"sse": [{"sleep": 1}]}, {"wait": 3}, {"then": "later"}, {"json": {}, "body": "x"}, {"x": 1},
])
def test_scripts_that_cannot_be_played_raise_api_failure(
    local_server: MockOpenAIServer, bad: dict[str, Any]
) -> None:
    with pytest.raises(ApiFailure) as e:
        local_server.script(CHAT, bad)
    assert e.value.status == 400


# Reset and the control API ---------------------------------------------------------------


def test_reset_clears_every_store_and_restores_the_settings(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    training = _training(local)
    _job(local, training)
    local.call(local.client.models().delete("ft:gpt-4o-mini:mock-org::mock001"))
    local_server.clock.advance(100)
    local_server.clock.poll_step = 0
    local_server.state.page_size = 1
    local_server.gate("g").open()
    state = local_server.state
    assert len(state.files) and len(state.fine_tuning_jobs) and len(state.fine_tuning_events)
    local_server.reset()
    stores = state.stores()
    assert {s.prefix for s in stores} >= {"file", "upload", "batch", "ftjob", "ftevent", "ftckpt",
                                          "model", "img"}
    assert all(len(s) == 0 for s in stores if s is not state.models)
    assert "ft:gpt-4o-mini:mock-org::mock001" in state.models
    assert (local_server.clock.now(), local_server.clock.poll_step) == (CREATED, 1.0)
    assert state.page_size is None and not local_server.gate("g").is_open
    assert local_server.requests() == []
    assert upload(local, "again.jsonl").id == "file-mock000001"


def test_the_control_api_over_http(http: requests.Session, local_server: MockOpenAIServer) -> None:
    url = local_server.url
    r = http.post(f"{url}/_control/script", json={"path": "/v1/models", "method": "GET",
                                                   "responses": [{"wait": "go", "pass": True}]})
    assert r.json() == {"ok": True, "pending": 1}
    assert http.post(f"{url}/_control/script", json={"path": "/v1/models",
                                                      "responses": [{"bad": 1}]}).status_code == 400
    held: list[requests.Response] = []
    worker = threading.Thread(target=lambda: held.append(requests.get(f"{url}/v1/models")))
    worker.start()
    assert http.get(f"{url}/_control/gates/go").json() == {"name": "go", "open": False}
    assert http.post(f"{url}/_control/gates/go/open").json()["open"] is True
    worker.join(10)
    assert held[0].status_code == 200
    assert http.get(f"{url}/_control/gates/go", params={"timeout": 1}).json()["open"] is True
    assert http.post(f"{url}/_control/clock", json={"advance": 30, "poll_step": 0}).json() == {
        "now": CREATED + 30, "poll_step": 0.0}
    settings = http.post(f"{url}/_control/settings",
                         json={"page_size": 3, "rate_limits": {"limit_requests": 5}}).json()
    assert settings["page_size"] == 3 and settings["rate_limits"]["limit_requests"] == 5
    assert local_server.state.page_size == 3
    recorded = http.get(f"{url}/_control/requests").json()["data"]
    assert [r["path"] for r in recorded] == ["/v1/models"]
    http.post(f"{url}/_control/reset")
    assert local_server.state.page_size is None and local_server.clock.now() == CREATED


def test_the_command_line_server() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "openai_rs_port.testing", "--port", str(port), "--page-size", "1"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == (
            f"serving an OpenAI-compatible API at http://127.0.0.1:{port}/v1")
        deadline = time.monotonic() + 20
        while True:
            try:
                models = requests.get(f"http://127.0.0.1:{port}/v1/models", timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert models.status_code == 200 and models.json()["data"]
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_the_docs_run() -> None:
    """docs/local-server.md runs as written, block after block, against its own server."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "local-server.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    assert len(blocks) >= 8  # other sections may add blocks; none may go missing
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"local-server.md block {i}", "exec", dont_inherit=True), namespace)
    finally:
        server = namespace.get("server")
        if server is not None:
            server.stop()
