"""Uploads and Batches over real sockets to the local server, in both modes.

What Prism cannot do: a byte-for-byte round trip of many-part uploads (a retried part
included), a 500 on one part followed by success, cancelled uploads, concurrency of
parts on the async client, and a whole batch job (JSONL in, poll, results by custom_id).
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Harness

from openai_rs_port.error import BadRequestError, ConflictError, InternalServerError, NotFoundError
from openai_rs_port.testing import MockOpenAIServer, RecordedRequest
from openai_rs_port.testing.routes.uploads import PARTS_TEMPLATE
from openai_rs_port.types import (
    AddUploadPartRequest,
    Batch,
    BatchEndpoint,
    BatchRequestArgs,
    BatchRequestInput,
    BatchRequestOutput,
    BatchStatus,
    CompleteUploadRequest,
    CreateUploadRequest,
    FileSlice,
    InputSource,
    OpenAIFile,
    UploadPurpose,
    UploadStatus,
)

MiB = 1024 * 1024


def random_file(tmp_path: Path, size: int, name: str = "data.bin") -> tuple[Path, bytes]:
    data = os.urandom(size)
    path = tmp_path / name
    path.write_bytes(data)
    return path, data


def part_data(rec: RecordedRequest) -> tuple[str | None, bytes]:
    """(filename, bytes) of the ``data`` field of a recorded add_part request."""
    raw = f"Content-Type: {rec.headers['content-type']}\r\n\r\n".encode() + rec.body
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    [part] = list(msg.iter_parts())
    assert part.get_param("name", header="content-disposition") == "data"
    assert part.get_content_type() == "application/octet-stream"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return part.get_filename(), payload


def parts_sent(server: MockOpenAIServer) -> list[RecordedRequest]:
    return [r for r in server.requests() if r.path.endswith("/parts")]


def create(h: Harness, size: int, purpose: UploadPurpose = UploadPurpose.BATCH) -> Any:
    req = CreateUploadRequest(filename="x.bin", purpose=purpose, bytes=size,
                              mime_type="application/octet-stream")
    return h.call(h.client.uploads().create(req))


# ---------------------------------------------------------------- upload_file


def test_upload_file_round_trips_byte_for_byte(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    size = 3 * MiB + 12345
    path, data = random_file(tmp_path, size, "train.jsonl")
    f = local.call(local.client.uploads().upload_file(path, "fine-tune", part_size=MiB))
    assert type(f) is OpenAIFile
    assert (f.bytes, f.filename, f.purpose) == (size, "train.jsonl", "fine-tune")
    assert local.call(local.client.files().content(f.id)) == data

    [create_rec] = local_server.requests("/v1/uploads")
    assert create_rec.json() == {"filename": "train.jsonl", "purpose": "fine-tune", "bytes": size,
                                 "mime_type": "text/jsonl"}
    sent = parts_sent(local_server)
    assert len(sent) == 4
    pieces = [part_data(r) for r in sent]
    assert all(name == "train.jsonl" for name, _ in pieces)
    assert sorted(len(p) for _, p in pieces) == [12345, MiB, MiB, MiB]
    # Every part is an exact slice, whatever order they arrived in.
    slices = {data[o : o + MiB] for o in range(0, size, MiB)}
    assert {p for _, p in pieces} == slices
    # Completion lists the part ids in file order.
    [complete_rec] = [r for r in local_server.requests() if r.path.endswith("/complete")]
    upload_id = complete_rec.path.split("/")[3]
    upload = local_server.state.uploads[upload_id]
    assert upload.status == "completed"
    assert set(complete_rec.json()) == {"part_ids"}  # no md5 unless given
    ordered = [upload.parts[p].sha256 for p in complete_rec.json()["part_ids"]]
    assert ordered == [hashlib.sha256(data[o : o + MiB]).hexdigest() for o in range(0, size, MiB)]


def test_a_failed_part_is_retried_with_the_same_bytes(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    path, data = random_file(tmp_path, 2 * MiB + 7)
    local_server.script(PARTS_TEMPLATE, {"status": 500, "json": {"error": {"message": "boom"}}})
    f = local.call(local.client.uploads().upload_file(path, UploadPurpose.BATCH, part_size=MiB))
    assert local.call(local.client.files().content(f.id)) == data
    sent = parts_sent(local_server)
    assert len(sent) == 4  # three parts, one of them twice
    bodies = [part_data(r)[1] for r in sent]
    retried = [b for b in bodies if bodies.count(b) == 2]
    assert len(retried) == 2 and retried[0] in {data[0:MiB], data[MiB : 2 * MiB], data[2 * MiB :]}
    assert {b for b in bodies} == {data[0:MiB], data[MiB : 2 * MiB], data[2 * MiB :]}


def test_a_part_that_keeps_failing_cancels_the_upload(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    path, _ = random_file(tmp_path, 1000)
    # The client retries twice (FAST backoff): three failures exhaust it.
    local_server.script(PARTS_TEMPLATE, *[{"status": 503}] * 3)
    with pytest.raises(InternalServerError) as e:
        local.call(local.client.uploads().upload_file(path, "batch", part_size=MiB))
    assert e.value.status == 503
    assert len(parts_sent(local_server)) == 3
    cancels = [r for r in local_server.requests() if r.path.endswith("/cancel")]
    assert len(cancels) == 1 and cancels[0].body == b""
    upload_id = cancels[0].path.split("/")[3]
    assert local_server.state.uploads[upload_id].status == "cancelled"
    assert not [r for r in local_server.requests() if r.path.endswith("/complete")]


def test_a_rejected_completion_cancels_the_upload(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    path, data = random_file(tmp_path, 5000)
    with pytest.raises(BadRequestError) as e:
        local.call(local.client.uploads().upload_file(path, "batch", part_size=2048, md5="0" * 32))
    assert e.value.param == "md5"
    [cancel] = [r for r in local_server.requests() if r.path.endswith("/cancel")]
    assert local_server.state.uploads[cancel.path.split("/")[3]].status == "cancelled"
    # The right checksum is accepted.
    good = hashlib.md5(data).hexdigest()
    f = local.call(local.client.uploads().upload_file(path, "batch", part_size=2048, md5=good))
    assert local.call(local.client.files().content(f.id)) == data


def test_parts_go_concurrently_on_the_async_client_only(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    path, data = random_file(tmp_path, 6 * 1024)
    store = local_server.state.uploads
    store.part_delay = 0.1
    store.max_in_flight = 0
    try:
        f = local.call(local.client.uploads().upload_file(path, "batch", part_size=1024,
                                                          concurrency=3))
    finally:
        store.part_delay = 0.0
    assert local.call(local.client.files().content(f.id)) == data
    assert store.max_in_flight == (3 if local.is_async else 1)


def test_an_empty_file_uploads_without_parts(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    f = local.call(local.client.uploads().upload_file(path, "assistants"))
    assert f.bytes == 0
    assert local.call(local.client.files().content(f.id)) == b""
    assert parts_sent(local_server) == []
    [create_rec] = local_server.requests("/v1/uploads")
    assert create_rec.json()["mime_type"] == "text/plain"


# ---------------------------------------------------------------- the endpoints one by one


def test_one_500_on_a_part_then_success(local: Harness, local_server: MockOpenAIServer) -> None:
    upload = create(local, 11)
    parts_path = f"/v1/uploads/{upload.id}/parts"
    local_server.script(parts_path, {"status": 500})
    req = AddUploadPartRequest(data=InputSource.from_bytes("chunk.bin", b"hello world"))
    part = local.call(local.client.uploads().add_part(upload.id, req))
    assert part.upload_id == upload.id
    first, second = local_server.requests(parts_path)
    assert part_data(first) == part_data(second) == ("chunk.bin", b"hello world")
    done = local.call(local.client.uploads().complete(upload.id,
                                                      CompleteUploadRequest(part_ids=[part.id])))
    assert done.status is UploadStatus.COMPLETED
    assert done.file is not None and done.file.bytes == 11
    assert local.call(local.client.files().content(done.file.id)) == b"hello world"


def test_parts_complete_in_the_order_given(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    path, data = random_file(tmp_path, 300)
    upload = create(local, 300)
    uploads = local.client.uploads()
    a = local.call(uploads.add_part(upload.id, AddUploadPartRequest(data=FileSlice(str(path), 0, 100))))
    b = local.call(uploads.add_part(upload.id, AddUploadPartRequest(data=FileSlice(str(path), 100, 200))))
    done = local.call(uploads.complete(upload.id, CompleteUploadRequest(part_ids=[b.id, a.id])))
    assert local.call(local.client.files().content(done.file.id)) == data[100:] + data[:100]


def test_a_cancelled_upload_takes_no_more_parts(local: Harness, local_server: MockOpenAIServer) -> None:
    upload = create(local, 4)
    uploads = local.client.uploads()
    req = AddUploadPartRequest(data=InputSource.from_bytes("a", b"ab"))
    part = local.call(uploads.add_part(upload.id, req))
    cancelled = local.call(uploads.cancel(upload.id))
    assert cancelled.id == upload.id
    assert cancelled.status is UploadStatus.CANCELLED
    assert cancelled.file is None
    with pytest.raises(BadRequestError, match="cancelled"):
        local.call(uploads.add_part(upload.id, req))
    with pytest.raises(BadRequestError, match="cancelled"):
        local.call(uploads.complete(upload.id, CompleteUploadRequest(part_ids=[part.id])))
    with pytest.raises(NotFoundError):
        local.call(uploads.cancel("upload-unknown"))


def test_completion_checks_the_byte_count(local: Harness) -> None:
    upload = create(local, 10)
    uploads = local.client.uploads()
    part = local.call(uploads.add_part(upload.id, AddUploadPartRequest(
        data=InputSource.from_bytes("a", b"12345"))))
    with pytest.raises(BadRequestError, match="5 bytes"):
        local.call(uploads.complete(upload.id, CompleteUploadRequest(part_ids=[part.id])))


# ---------------------------------------------------------------- batches


FINAL = {BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.EXPIRED, BatchStatus.CANCELLED}


def poll(h: Harness, batch: Batch) -> tuple[Batch, list[str]]:
    seen = [batch.status]
    while batch.status not in FINAL:
        h.sleep(0.01)
        batch = h.call(h.client.batches().retrieve(batch.id))
        seen.append(batch.status)
    return batch, seen


def start_batch(h: Harness, tmp_path: Path, lines: list[BatchRequestInput],
                endpoint: BatchEndpoint = BatchEndpoint.V1_CHAT_COMPLETIONS) -> Batch:
    path = tmp_path / "requests.jsonl"
    path.write_text(BatchRequestInput.to_jsonl(lines))
    f = h.call(h.client.uploads().upload_file(path, "batch"))
    req = (BatchRequestArgs().input_file_id(f.id).endpoint(endpoint).completion_window("24h")
           .metadata({"job": "test"}).build())
    return h.call(h.client.batches().create(req))  # type: ignore[no-any-return]


def chat_line(custom_id: str, text: str) -> BatchRequestInput:
    return BatchRequestInput(custom_id=custom_id, url=BatchEndpoint.V1_CHAT_COMPLETIONS,
                             body={"model": "gpt-4o-mini",
                                   "messages": [{"role": "user", "content": text}]})


def test_a_batch_job_end_to_end(local: Harness, tmp_path: Path) -> None:
    lines = [chat_line(f"q-{i}", f"question {i}") for i in range(5)]
    lines.append(BatchRequestInput(custom_id="bad", url=BatchEndpoint.V1_CHAT_COMPLETIONS,
                                   body={"model": "gpt-4o-mini"}))
    batch = start_batch(local, tmp_path, lines)
    assert batch.status is BatchStatus.VALIDATING
    assert batch.metadata == {"job": "test"}
    batch, seen = poll(local, batch)
    assert seen == ["validating", "in_progress", "finalizing", "completed"]
    assert batch.request_counts is not None
    assert (batch.request_counts.total, batch.request_counts.completed,
            batch.request_counts.failed) == (6, 5, 1)
    assert batch.output_file_id and batch.error_file_id
    out = BatchRequestOutput.from_jsonl(local.call(local.client.files().content(batch.output_file_id)))
    by_id = {o.custom_id: o for o in out}
    assert sorted(by_id) == [f"q-{i}" for i in range(5)]
    for i in range(5):
        response = by_id[f"q-{i}"].response
        assert response is not None and response.status_code == 200
        assert response.body["choices"][0]["message"]["content"] == f"Echo: question {i}"
    [failed] = BatchRequestOutput.from_jsonl(local.call(local.client.files().content(batch.error_file_id)))
    assert failed.custom_id == "bad"
    assert failed.response is not None and failed.response.status_code == 400
    output_file = local.call(local.client.files().retrieve(batch.output_file_id))
    assert output_file.purpose == "batch_output"


def test_a_batch_with_a_bad_line_fails_validation(local: Harness, tmp_path: Path) -> None:
    lines = [chat_line("a", "x"),
             BatchRequestInput(custom_id="b", url=BatchEndpoint.V1_EMBEDDINGS, body={}),
             chat_line("a", "again")]
    batch, seen = poll(local, start_batch(local, tmp_path, lines))
    assert seen == ["validating", "failed"]
    assert batch.failed_at is not None and batch.output_file_id is None
    assert batch.errors is not None and batch.errors.data is not None
    assert [(e.line, e.param) for e in batch.errors.data] == [(2, "url"), (3, "custom_id")]


def test_embedding_batches_answer_vectors(local: Harness, tmp_path: Path) -> None:
    lines = [BatchRequestInput(custom_id="e", url=BatchEndpoint.V1_EMBEDDINGS,
                               body={"model": "text-embedding-3-small", "input": ["a", "b"],
                                     "dimensions": 4})]
    batch, _ = poll(local, start_batch(local, tmp_path, lines, BatchEndpoint.V1_EMBEDDINGS))
    assert batch.status is BatchStatus.COMPLETED and batch.output_file_id is not None
    [out] = BatchRequestOutput.from_jsonl(local.call(local.client.files().content(batch.output_file_id)))
    assert out.response is not None
    assert [len(d["embedding"]) for d in out.response.body["data"]] == [4, 4]


def test_cancel_and_list_batches(local: Harness, tmp_path: Path) -> None:
    first = start_batch(local, tmp_path, [chat_line("a", "x")])
    second = start_batch(local, tmp_path, [chat_line("a", "y")])
    cancelling = local.call(local.client.batches().cancel(first.id))
    assert cancelling.status is BatchStatus.CANCELLING and cancelling.cancelling_at is not None
    cancelled, seen = poll(local, cancelling)
    assert seen == ["cancelling", "cancelled"] and cancelled.cancelled_at is not None
    with pytest.raises(ConflictError):
        local.call(local.client.batches().cancel(first.id))

    page = local.call(local.client.batches().list({"limit": 1}))
    assert [b.id for b in page.data] == [second.id]
    assert page.has_more is True and page.first_id == page.last_id == second.id
    rest = local.call(local.client.batches().list({"after": second.id, "limit": 100}))
    assert rest.data[0].id == first.id
    assert rest.data[0].status is BatchStatus.CANCELLED
    with pytest.raises(NotFoundError):
        local.call(local.client.batches().retrieve("batch-unknown"))


def test_a_batch_needs_a_batch_file(local: Harness) -> None:
    from openai_rs_port.types import CreateFileRequestArgs

    f = local.call(local.client.files().create(
        CreateFileRequestArgs().file(("x.jsonl", b"{}\n")).purpose("fine-tune").build()))
    req = BatchRequestArgs().input_file_id(f.id).endpoint("/v1/completions").completion_window("24h")
    with pytest.raises(BadRequestError) as e:
        local.call(local.client.batches().create(req.build()))
    assert e.value.param == "input_file_id"


# ---------------------------------------------------------------- docs


def test_docs_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """docs/uploads-and-batches.md runs as written, block after block, against its own server."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "uploads-and-batches.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    assert len(blocks) == 9
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"uploads-and-batches.md block {i}", "exec"), namespace)
    finally:
        server = namespace.get("server")
        if server is not None:
            server.stop()
    printed = capsys.readouterr().out
    assert "q-lima: What is the capital of Peru? -> Echo: What is the capital of Peru?" in printed
    assert " 1620000 train.jsonl" in printed
    assert namespace["batch"].status is BatchStatus.COMPLETED
    sent = [json.loads(line) for line in (tmp_path / "requests.jsonl").read_text().splitlines()]
    assert [s["custom_id"] for s in sent] == ["q-paris", "q-tokyo", "q-lima"]
    assert sent[0]["body"] == {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "What is the capital of France?"}]}
