"""Embeddings group against Prism, in both modes: float and base64 requests, guards, builders."""

from __future__ import annotations

import base64
import json
import struct
from typing import Any

import pytest
from conftest import TEST_KEY, Harness, free_port
from spec import assert_valid

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port._codec import DecodeError
from openai_rs_port.embedding import Embeddings
from openai_rs_port.error import APIConnectionError, InvalidArgument, JSONDeserialize
from openai_rs_port.types import (
    Base64Embedding,
    CreateBase64EmbeddingResponse,
    CreateEmbeddingRequest,
    CreateEmbeddingRequestArgs,
    CreateEmbeddingResponse,
    Embedding,
    EmbeddingUsage,
    EncodingFormat,
)


def dead_client(h: Harness) -> Any:
    """A client of the same mode whose server refuses connections: any I/O would fail."""
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{free_port()}")
    return h.make(config=cfg, backoff=Backoff.disabled())


def minimal() -> CreateEmbeddingRequest:
    return (
        CreateEmbeddingRequestArgs()
        .model("text-embedding-3-small")
        .input("The food was delicious and the waiter...")
        .build()
    )


def full(encoding: EncodingFormat = EncodingFormat.FLOAT) -> CreateEmbeddingRequest:
    return (
        CreateEmbeddingRequestArgs.default()
        .model("text-embedding-3-large")
        .input(["The food was delicious", "The waiter was good"])
        .encoding_format(encoding)
        .user("user-1234")
        .dimensions(256)
        .build()
    )


def check_usage(u: Any) -> None:
    assert type(u) is EmbeddingUsage
    assert type(u.prompt_tokens) is int and u.prompt_tokens == 0
    assert type(u.total_tokens) is int and u.total_tokens == 0


def check_response(r: Any) -> None:
    """Field by field against the spec's CreateEmbeddingResponse as Prism fills it in."""
    assert type(r) is CreateEmbeddingResponse
    assert r.object == "list"
    assert r.model == "string"
    assert type(r.data) is list and len(r.data) == 1
    e = r.data[0]
    assert type(e) is Embedding
    assert e.index == 0 and type(e.index) is int
    assert e.object == "embedding"
    assert type(e.embedding) is list and e.embedding == [0]
    check_usage(r.usage)


# ---------------------------------------------------------------- builder


def test_builder_names_missing_fields() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateEmbeddingRequestArgs.default().build()
    assert e.value.missing == ("model", "input")
    assert "model" in str(e.value) and "input" in str(e.value)
    with pytest.raises(InvalidArgument) as e:
        CreateEmbeddingRequestArgs().input("x").build()
    assert e.value.missing == ("model",)
    with pytest.raises(InvalidArgument) as e:
        CreateEmbeddingRequestArgs().model("m").build()
    assert e.value.missing == ("input",)


def test_builder_input_forms() -> None:
    def built(value: Any) -> Any:
        req = CreateEmbeddingRequestArgs().model("m").input(value).build()
        assert_valid("CreateEmbeddingRequest", req)
        return req.input

    assert built("text") == "text"
    assert built(["a", "b"]) == ["a", "b"]
    assert built(("a", "b")) == ["a", "b"]
    assert built([1, 2, 3]) == [1, 2, 3]
    assert built(iter(range(3))) == [0, 1, 2]
    assert built([[1, 2], [3]]) == [[1, 2], [3]]
    assert built(((1, 2), range(3, 5))) == [[1, 2], [3, 4]]
    assert type(built(("a",))) is list
    bad: Any
    for bad in (b"bytes", 12, {"a": 1}, ["a", 1], [[1, "x"]], [True], [[1], 2], None):
        with pytest.raises(InvalidArgument):
            CreateEmbeddingRequestArgs().input(bad)


def test_builder_encoding_format_forms() -> None:
    args = CreateEmbeddingRequestArgs().model("m").input("x")
    assert args.encoding_format("base64").build().encoding_format is EncodingFormat.BASE64
    assert args.encoding_format("float").build().encoding_format is EncodingFormat.FLOAT
    assert args.encoding_format(EncodingFormat.BASE64).build().encoding_format is (
        EncodingFormat.BASE64)
    # A value this client does not know is refused when it is set, naming the field.
    with pytest.raises(InvalidArgument, match=r"CreateEmbeddingRequest\.encoding_format: 'int8'"):
        args.encoding_format("int8")


def test_request_wire_form() -> None:
    assert minimal().to_dict() == {
        "model": "text-embedding-3-small",
        "input": "The food was delicious and the waiter...",
    }
    assert full(EncodingFormat.BASE64).to_dict() == {
        "model": "text-embedding-3-large",
        "input": ["The food was delicious", "The waiter was good"],
        "encoding_format": "base64",
        "user": "user-1234",
        "dimensions": 256,
    }
    assert_valid("CreateEmbeddingRequest", minimal())
    assert_valid("CreateEmbeddingRequest", full())
    assert_valid("CreateEmbeddingRequest", full(EncodingFormat.BASE64))
    assert CreateEmbeddingRequest.from_dict(full().to_dict()) == full()


# ---------------------------------------------------------------- create


def test_create_minimal(prism: Harness) -> None:
    req = minimal()
    assert_valid("CreateEmbeddingRequest", req)
    check_response(prism.call(prism.client.embeddings().create(req)))


def test_create_full(prism: Harness) -> None:
    req = full()
    assert_valid("CreateEmbeddingRequest", req)
    check_response(prism.call(prism.client.embeddings().create(req)))


def test_create_token_inputs(prism: Harness) -> None:
    for tokens in ([1, 2, 3], [[1, 2], [3, 4]]):
        req = CreateEmbeddingRequestArgs().model("m").input(tokens).build()
        assert_valid("CreateEmbeddingRequest", req)
        check_response(prism.call(prism.client.embeddings().create(req)))


def test_create_sends_the_request_as_json(prism: Harness) -> None:
    api = Embeddings.create.fn(prism.client.embeddings(), full())
    assert (api.method, api.path) == ("POST", "/embeddings")
    assert api.body == full().to_json().encode()


def test_create_refuses_base64_before_io(prism: Harness) -> None:
    emb = dead_client(prism).embeddings()
    with pytest.raises(InvalidArgument) as e:
        prism.call(emb.create(full(EncodingFormat.BASE64)))
    assert str(e.value) == "When encoding_format is base64, use embeddings().create_base64"
    # The same client does reach the network for an allowed request, and fails there.
    with pytest.raises(APIConnectionError):
        prism.call(emb.create(minimal()))


# ---------------------------------------------------------------- create_base64


def test_create_base64_refuses_only_an_explicit_float_before_io(prism: Harness) -> None:
    emb = dead_client(prism).embeddings()
    with pytest.raises(InvalidArgument) as e:
        prism.call(emb.create_base64(full(EncodingFormat.FLOAT)))
    assert str(e.value) == "When encoding_format is float, use embeddings().create"
    for allowed in (minimal(), full(EncodingFormat.BASE64)):
        with pytest.raises(APIConnectionError):
            prism.call(emb.create_base64(allowed))


def test_create_base64_sets_the_encoding_format_itself(prism: Harness) -> None:
    api = Embeddings.create_base64.describe(prism.client.embeddings(), minimal())
    assert json.loads(api.body or b"")["encoding_format"] == "base64"


def test_create_base64_minimal_request_body(prism: Harness) -> None:
    req = CreateEmbeddingRequestArgs().model("m").input("x").encoding_format("base64").build()
    assert_valid("CreateEmbeddingRequest", req)
    api = Embeddings.create_base64.fn(prism.client.embeddings(), req)
    assert (api.method, api.path) == ("POST", "/embeddings")
    assert api.body == b'{"model":"m","input":"x","encoding_format":"base64"}'


def test_create_base64_against_prism(prism: Harness) -> None:
    # Prism fills the schema's `embedding` with a float array even for encoding_format=base64
    # (the spec has no base64 variant), so the call goes through and the strict decode refuses
    # the array; the base64 decode itself is checked on a real base64 document below.
    for req in (
        CreateEmbeddingRequestArgs().model("m").input("x").encoding_format("base64").build(),
        full(EncodingFormat.BASE64),
    ):
        assert_valid("CreateEmbeddingRequest", req)
        with pytest.raises(JSONDeserialize) as e:
            prism.call(prism.client.embeddings().create_base64(req))
        assert "CreateBase64EmbeddingResponse" in str(e.value)
        assert "base64" in str(e.value)
        assert isinstance(e.value.raw, bytes) and b'"embedding":[0]' in e.value.raw


VALUES = [0.0023064255, -0.009327292, 1.5, -2.0, 3.4028234663852886e38, 1e-45]


def b64(values: list[float]) -> str:
    return base64.b64encode(struct.pack(f"<{len(values)}f", *values)).decode()


def test_base64_response_document_decodes() -> None:
    doc = {
        "object": "list",
        "model": "text-embedding-3-small",
        "data": [
            {"object": "embedding", "embedding": b64(VALUES), "index": 0},
            {"object": "embedding", "embedding": b64([0.5]), "index": 1},
        ],
        "usage": {"prompt_tokens": 8, "total_tokens": 8},
    }
    r = CreateBase64EmbeddingResponse.from_dict(doc)
    assert type(r) is CreateBase64EmbeddingResponse
    assert r.object == "list" and r.model == "text-embedding-3-small"
    assert r.usage == EmbeddingUsage(prompt_tokens=8, total_tokens=8)
    first, second = r.data
    assert type(first) is Base64Embedding
    assert (first.index, first.object, second.index) == (0, "embedding", 1)
    assert first.embedding == doc["data"][0]["embedding"]  # type: ignore[index]
    want = list(struct.unpack(f"<{len(VALUES)}f", struct.pack(f"<{len(VALUES)}f", *VALUES)))
    assert first.to_floats() == want
    assert first.embedding.to_floats() == want
    assert second.to_floats() == [0.5]
    # Encoding gives back the wire document.
    assert r.to_dict() == doc


def test_base64_embedding_refuses_a_non_string() -> None:
    with pytest.raises(DecodeError, match="a base64 embedding must be a base64 string"):
        Base64Embedding.from_dict({"object": "embedding", "embedding": [0.5], "index": 0})
