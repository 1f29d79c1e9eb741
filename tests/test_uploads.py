"""Uploads group against Prism, in both modes: create, add_part, complete, cancel, upload_file."""

from __future__ import annotations

import email.parser
import email.policy
from pathlib import Path
from typing import Any

import pytest
from conftest import Harness
from spec import assert_valid

from openai_rs_port.error import FileReadError, InvalidArgument, JSONDeserialize
from openai_rs_port.types import (
    AddUploadPartRequest,
    CompleteUploadRequest,
    CreateUploadRequest,
    CreateUploadRequestArgs,
    FileSlice,
    InputSource,
    Upload,
    UploadPart,
    UploadPurpose,
    UploadStatus,
)
from openai_rs_port.uploads import MAX_PART_SIZE, Uploads


def check_upload(u: Any) -> None:
    """Field by field against the spec's Upload as Prism fills it in."""
    assert type(u) is Upload
    assert u.id == "string"
    assert u.object == "upload"
    assert type(u.created_at) is int and u.created_at == 0
    assert u.filename == "string"
    assert type(u.bytes) is int and u.bytes == 0
    assert u.purpose == "string"  # not one of UploadPurpose: kept as the plain string
    assert u.status is UploadStatus.PENDING
    assert u.expires_at == 0
    assert u.file is None


def check_part(p: Any) -> None:
    assert type(p) is UploadPart
    assert p.id == "string"
    assert p.object == "upload.part"
    assert p.created_at == 0
    assert p.upload_id == "string"


def multipart_parts(api: Any) -> list[Any]:
    content_type, body = api.multipart.encode()
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + bytes(body)
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    return list(msg.iter_parts())


# ---------------------------------------------------------------- builder and types


def test_builder_names_every_missing_field() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateUploadRequestArgs.default().build()
    assert e.value.missing == ("filename", "purpose", "bytes", "mime_type")
    with pytest.raises(InvalidArgument) as e:
        CreateUploadRequestArgs().filename("a.jsonl").bytes(3).build()
    assert e.value.missing == ("purpose", "mime_type")
    assert "purpose" in str(e.value) and "mime_type" in str(e.value)


def test_builder_converts_purpose_strings() -> None:
    req = CreateUploadRequestArgs().filename("a").purpose("fine-tune").bytes(1).mime_type("x").build()
    assert req.purpose is UploadPurpose.FINE_TUNE
    assert req.to_dict() == {"filename": "a", "purpose": "fine-tune", "bytes": 1, "mime_type": "x"}
    # An unknown purpose is refused before any I/O, naming the field.
    with pytest.raises(InvalidArgument, match=r"CreateUploadRequest\.purpose: 'later' is not"):
        CreateUploadRequestArgs().purpose("later")


def test_complete_request_omits_unset_md5() -> None:
    assert CompleteUploadRequest(part_ids=["a", "b"]).to_dict() == {"part_ids": ["a", "b"]}
    full = CompleteUploadRequest(part_ids=["a"], md5="d41d8cd98f00b204e9800998ecf8427e")
    assert full.to_dict() == {"part_ids": ["a"], "md5": "d41d8cd98f00b204e9800998ecf8427e"}
    assert_valid("CompleteUploadRequest", full)


# ---------------------------------------------------------------- endpoints through Prism


def test_create(prism: Harness) -> None:
    req = (
        CreateUploadRequestArgs.default()
        .filename("training.jsonl")
        .purpose(UploadPurpose.FINE_TUNE)
        .bytes(2_147_483_648)
        .mime_type("text/jsonl")
        .build()
    )
    assert_valid("CreateUploadRequest", req)
    check_upload(prism.call(prism.client.uploads().create(req)))


@pytest.mark.parametrize("purpose", list(UploadPurpose))
def test_every_purpose_is_valid_on_the_wire(purpose: UploadPurpose) -> None:
    req = CreateUploadRequest(filename="f", purpose=purpose, bytes=1, mime_type="text/plain")
    assert_valid("CreateUploadRequest", req)


def test_add_part_from_bytes(prism: Harness) -> None:
    req = AddUploadPartRequest(data=InputSource.from_bytes("part-1", b"\x00\x01chunk"))
    check_part(prism.call(prism.client.uploads().add_part("upload_abc123", req)))
    api = Uploads.add_part.fn(prism.client.uploads(), "upload_abc123", req)
    assert api.path == "/uploads/upload_abc123/parts"
    [part] = multipart_parts(api)
    assert part.get_param("name", header="content-disposition") == "data"
    assert part.get_filename() == "part-1"
    assert part.get_content_type() == "application/octet-stream"
    assert part.get_payload(decode=True) == b"\x00\x01chunk"


def test_add_part_from_a_file_slice(prism: Harness, tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(bytes(range(256)) * 4)
    req = AddUploadPartRequest(data=FileSlice(str(path), 100, 50))
    check_part(prism.call(prism.client.uploads().add_part("upload_abc123", req)))
    [part] = multipart_parts(Uploads.add_part.fn(prism.client.uploads(), "u", req))
    assert part.get_filename() == "big.bin"
    assert part.get_payload(decode=True) == (bytes(range(256)) * 4)[100:150]


def test_add_part_from_a_path(prism: Harness, tmp_path: Path) -> None:
    path = tmp_path / "whole.bin"
    path.write_bytes(b"whole file")
    req = AddUploadPartRequest(data=InputSource.from_path(path))
    check_part(prism.call(prism.client.uploads().add_part("upload_abc123", req)))


def test_complete_minimal_and_full(prism: Harness) -> None:
    minimal = CompleteUploadRequest(part_ids=["part_def456"])
    full = CompleteUploadRequest(part_ids=["part_1", "part_2"], md5="0" * 32)
    for req in (minimal, full):
        assert_valid("CompleteUploadRequest", req)
        check_upload(prism.call(prism.client.uploads().complete("upload_abc123", req)))
    api = Uploads.complete.fn(prism.client.uploads(), "upload_abc123", full)
    assert api.path == "/uploads/upload_abc123/complete"
    assert api.body == b'{"part_ids":["part_1","part_2"],"md5":"00000000000000000000000000000000"}'


def test_cancel(prism: Harness) -> None:
    check_upload(prism.call(prism.client.uploads().cancel("upload_abc123")))
    api = Uploads.cancel.fn(prism.client.uploads(), "upload_abc123")
    assert (api.method, api.path, api.body) == ("POST", "/uploads/upload_abc123/cancel", None)


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_ids_are_checked_before_any_io(prism: Harness, bad: str) -> None:
    uploads = prism.client.uploads()
    for call in (
        lambda: uploads.cancel(bad),
        lambda: uploads.complete(bad, CompleteUploadRequest(part_ids=[])),
        lambda: uploads.add_part(bad, AddUploadPartRequest(data=InputSource.from_bytes("a", b"a"))),
    ):
        with pytest.raises(InvalidArgument):
            prism.call(call())


def test_ids_are_percent_encoded(prism: Harness) -> None:
    api = Uploads.cancel.fn(prism.client.uploads(), "a/b?c")
    assert api.path == "/uploads/a%2Fb%3Fc/cancel"


# ---------------------------------------------------------------- upload_file through Prism


def test_upload_file_needs_the_file_of_the_completed_upload(prism: Harness, tmp_path: Path) -> None:
    # Prism's completed Upload carries "file": null, which the helper cannot return.
    path = tmp_path / "data.jsonl"
    path.write_bytes(b'{"a": 1}\n' * 10)
    with pytest.raises(JSONDeserialize) as e:
        prism.call(prism.client.uploads().upload_file(path, "batch", part_size=16))
    assert "file" in str(e.value)


def test_upload_file_guards_raise_before_any_io(prism: Harness, tmp_path: Path) -> None:
    uploads = prism.client.uploads()
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    with pytest.raises(FileReadError):
        prism.call(uploads.upload_file("", "batch"))
    with pytest.raises(FileReadError):
        prism.call(uploads.upload_file(tmp_path / "missing.bin", "batch"))
    for size in (0, -1, MAX_PART_SIZE + 1):
        with pytest.raises(InvalidArgument):
            prism.call(uploads.upload_file(path, "batch", part_size=size))
    with pytest.raises(InvalidArgument):
        prism.call(uploads.upload_file(path, "batch", concurrency=0))
