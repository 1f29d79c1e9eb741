"""Batches group against Prism, in both modes, and the JSONL line types."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Harness
from jsonschema import Draft4Validator
from spec import assert_valid, spec

from openai_rs_port.batches import Batches
from openai_rs_port.error import InvalidArgument, JSONDeserialize
from openai_rs_port.types import (
    Batch,
    BatchCompletionWindow,
    BatchEndpoint,
    BatchError,
    BatchErrors,
    BatchRequest,
    BatchRequestArgs,
    BatchRequestCounts,
    BatchRequestInput,
    BatchRequestInputMethod,
    BatchRequestOutput,
    BatchRequestOutputError,
    BatchRequestOutputResponse,
    BatchStatus,
    ListBatchesResponse,
)


def assert_valid_create(request: BatchRequest) -> None:
    """POST /batches has an inline body schema (no component name): validate against it."""
    schema = spec()["paths"]["/batches"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    root = {**schema, "components": spec()["components"]}
    errors = [e.message for e in Draft4Validator(root).iter_errors(request.to_dict())]
    assert not errors, errors


def check_batch(b: Any) -> None:
    """Field by field against the spec's Batch as Prism fills it in."""
    assert type(b) is Batch
    assert b.id == "string"
    assert b.object == "batch"
    assert b.endpoint == "string"
    assert b.errors == BatchErrors(
        object="string", data=[BatchError(code="string", message="string", param="string", line=0)]
    )
    assert b.input_file_id == "string"
    assert b.completion_window == "string"
    assert b.status is BatchStatus.VALIDATING
    assert b.output_file_id == "string"
    assert b.error_file_id == "string"
    for name in ("created_at", "in_progress_at", "expires_at", "finalizing_at", "completed_at",
                 "failed_at", "expired_at", "cancelling_at", "cancelled_at"):
        value = getattr(b, name)
        assert type(value) is int and value == 0, name
    assert b.request_counts == BatchRequestCounts(total=0, completed=0, failed=0)
    assert b.metadata == {"property1": "string", "property2": "string"}


# ---------------------------------------------------------------- builder


def test_builder_names_every_missing_field() -> None:
    with pytest.raises(InvalidArgument) as e:
        BatchRequestArgs.default().build()
    assert e.value.missing == ("input_file_id", "endpoint", "completion_window")
    with pytest.raises(InvalidArgument) as e:
        BatchRequestArgs().input_file_id("file-1").build()
    assert e.value.missing == ("endpoint", "completion_window")
    assert "endpoint, completion_window" in str(e.value)


def test_builder_takes_wire_strings_for_enums() -> None:
    req = (
        BatchRequestArgs()
        .input_file_id("file-1")
        .endpoint("/v1/embeddings")
        .completion_window("24h")
        .build()
    )
    assert req.endpoint is BatchEndpoint.V1_EMBEDDINGS
    assert req.completion_window is BatchCompletionWindow.W24H


# ---------------------------------------------------------------- endpoints through Prism


def test_create_minimal(prism: Harness) -> None:
    req = (
        BatchRequestArgs()
        .input_file_id("file-abc123")
        .endpoint(BatchEndpoint.V1_CHAT_COMPLETIONS)
        .completion_window(BatchCompletionWindow.W24H)
        .build()
    )
    assert req.to_dict() == {
        "input_file_id": "file-abc123", "endpoint": "/v1/chat/completions", "completion_window": "24h",
    }
    assert_valid_create(req)
    check_batch(prism.call(prism.client.batches().create(req)))


def test_create_full(prism: Harness) -> None:
    req = (
        BatchRequestArgs()
        .input_file_id("file-abc123")
        .endpoint(BatchEndpoint.V1_RESPONSES)
        .completion_window(BatchCompletionWindow.W24H)
        .metadata({"project": "nightly", "owner": "ops"})
        .build()
    )
    assert_valid_create(req)
    api = Batches.create.fn(prism.client.batches(), req)
    assert json.loads(api.body) == {
        "input_file_id": "file-abc123", "endpoint": "/v1/responses", "completion_window": "24h",
        "metadata": {"project": "nightly", "owner": "ops"},
    }
    check_batch(prism.call(prism.client.batches().create(req)))


@pytest.mark.parametrize("endpoint", list(BatchEndpoint))
def test_every_endpoint_is_valid_on_the_wire(endpoint: BatchEndpoint) -> None:
    assert_valid_create(BatchRequest(input_file_id="f", endpoint=endpoint,
                                     completion_window=BatchCompletionWindow.W24H))


def test_retrieve(prism: Harness) -> None:
    check_batch(prism.call(prism.client.batches().retrieve("batch_abc123")))
    api = Batches.retrieve.fn(prism.client.batches(), "batch/1")
    assert (api.method, api.path) == ("GET", "/batches/batch%2F1")


def test_cancel(prism: Harness) -> None:
    check_batch(prism.call(prism.client.batches().cancel("batch_abc123")))
    api = Batches.cancel.fn(prism.client.batches(), "batch_abc123")
    assert (api.method, api.path, api.body) == ("POST", "/batches/batch_abc123/cancel", None)


def test_list_minimal_and_with_query(prism: Harness) -> None:
    for query in (None, {"after": "batch_abc123", "limit": 2}):
        page = prism.call(prism.client.batches().list(query))
        assert type(page) is ListBatchesResponse
        assert page.object == "list"
        assert page.first_id == "batch_abc123"
        assert page.last_id == "batch_abc456"
        assert page.has_more is True
        assert len(page.data) == 1
        check_batch(page.data[0])
    api = Batches.list.fn(prism.client.batches(), [("after", "b1"), ("limit", 5), ("x", None)])
    assert api.query == (("after", "b1"), ("limit", "5"))
    assert Batches.list.fn(prism.client.batches()).query == ()


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_ids_are_checked(prism: Harness, bad: str) -> None:
    with pytest.raises(InvalidArgument):
        prism.call(prism.client.batches().retrieve(bad))
    with pytest.raises(InvalidArgument):
        prism.call(prism.client.batches().cancel(bad))


# ---------------------------------------------------------------- JSONL lines


INPUTS = [
    BatchRequestInput(
        custom_id="request-1",
        url=BatchEndpoint.V1_CHAT_COMPLETIONS,
        body={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello ünïcode"}]},
    ),
    BatchRequestInput(custom_id="request-2", url=BatchEndpoint.V1_EMBEDDINGS,
                      body={"model": "text-embedding-3-small", "input": "hi"}),
    BatchRequestInput(custom_id="request-3", url=BatchEndpoint.V1_COMPLETIONS),
]


def test_input_lines_round_trip_through_jsonl() -> None:
    text = BatchRequestInput.to_jsonl(INPUTS)
    lines = text.split("\n")
    assert lines[-1] == "" and len(lines) == 4  # one line per item, newline-terminated
    assert json.loads(lines[0]) == {
        "custom_id": "request-1", "method": "POST", "url": "/v1/chat/completions",
        "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello ünïcode"}]},
    }
    assert json.loads(lines[2]) == {"custom_id": "request-3", "method": "POST", "url": "/v1/completions"}
    back = BatchRequestInput.from_jsonl(text)
    assert back == INPUTS
    assert back[0].method is BatchRequestInputMethod.POST
    assert back[1].url is BatchEndpoint.V1_EMBEDDINGS
    assert BatchRequestInput.from_jsonl(text.encode()) == INPUTS
    for line in lines[:-1]:
        assert_valid("BatchRequestInput", json.loads(line))


def test_input_body_may_be_a_request_model() -> None:
    from openai_rs_port.types.model import Model

    line = BatchRequestInput(custom_id="m", url=BatchEndpoint.V1_CHAT_COMPLETIONS,
                             body=Model(id="gpt-4o", created=1))
    decoded = json.loads(BatchRequestInput.to_jsonl([line]))
    assert decoded["body"] == {"id": "gpt-4o", "object": "model", "created": 1}


OUTPUT_TEXT = (
    '{"id": "batch_req_1", "custom_id": "request-2", "response": {"status_code": 200, '
    '"request_id": "req_1", "body": {"id": "chatcmpl-1", "object": "chat.completion", '
    '"choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"}}]}}, "error": null}\n'
    "\r\n"
    '{"id": "batch_req_2", "custom_id": "request-1", "response": null, '
    '"error": {"code": "batch_expired", "message": "This request could not be executed."}}\r\n'
    '{"id": "batch_req_3", "custom_id": "request-3", "response": {"status_code": 400, '
    '"request_id": "req_3", "body": {"error": {"message": "bad"}}}, "error": null}'
)


def test_output_lines_decode_from_jsonl() -> None:
    out = BatchRequestOutput.from_jsonl(OUTPUT_TEXT)
    assert [o.custom_id for o in out] == ["request-2", "request-1", "request-3"]
    first, second, third = out
    assert type(first) is BatchRequestOutput
    assert first.id == "batch_req_1"
    assert first.error is None
    assert first.response == BatchRequestOutputResponse(
        status_code=200, request_id="req_1",
        body={"id": "chatcmpl-1", "object": "chat.completion",
              "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"}}]},
    )
    assert second.response is None
    assert second.error == BatchRequestOutputError(
        code="batch_expired", message="This request could not be executed."
    )
    assert third.response is not None and third.response.status_code == 400
    for o in out:
        assert_valid("BatchRequestOutput", o)


def test_output_lines_round_trip() -> None:
    out = BatchRequestOutput.from_jsonl(OUTPUT_TEXT)
    assert BatchRequestOutput.from_jsonl(BatchRequestOutput.to_jsonl(out)) == out
    by_id = {o.custom_id: o for o in out}
    assert sorted(by_id) == ["request-1", "request-2", "request-3"]


def test_a_bad_line_is_named() -> None:
    text = BatchRequestOutput.to_jsonl(BatchRequestOutput.from_jsonl(OUTPUT_TEXT)) + "{not json\n"
    with pytest.raises(JSONDeserialize) as e:
        BatchRequestOutput.from_jsonl(text)
    assert "line 4" in str(e.value)
    assert e.value.raw == "{not json"
    with pytest.raises(JSONDeserialize) as e:
        BatchRequestInput.from_jsonl('{"custom_id": "a", "method": "POST"}\n')
    assert "line 1" in str(e.value) and "'url'" in str(e.value)
