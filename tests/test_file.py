"""Files group against Prism, in both modes: uploads, listing, retrieval, deletion, content."""

from __future__ import annotations

import email.parser
import email.policy
import io
import logging
from pathlib import Path
from typing import Any

import pytest
from conftest import TEST_KEY, Harness, free_port
from spec import assert_valid

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port.error import (
    APIConnectionError,
    FileReadError,
    InvalidArgument,
    UnprocessableEntityError,
)
from openai_rs_port.file import Files
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types import (
    CreateFileRequest,
    CreateFileRequestArgs,
    DeleteFileResponse,
    FilePurpose,
    InputSource,
    ListFilesResponse,
    OpenAIFile,
    OpenAIFilePurpose,
)

JSONL = b'{"prompt": "p", "completion": "c"}\n{"prompt": "q", "completion": "d"}\n'


def check_file(f: Any) -> None:
    """Field by field against the spec's OpenAIFile as Prism fills it in."""
    assert type(f) is OpenAIFile
    assert f.id == "string"
    assert f.object == "file"
    assert type(f.bytes) is int and f.bytes == 0
    assert type(f.created_at) is int and f.created_at == 0
    assert f.expires_at == 0
    assert f.filename == "string"
    assert f.purpose is OpenAIFilePurpose.ASSISTANTS
    assert f.status == "uploaded"
    assert f.status_details == "string"


def dead_client(h: Harness) -> Any:
    """A client of the same mode whose server refuses connections: any I/O would fail."""
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{free_port()}")
    return h.make(config=cfg, backoff=Backoff.disabled())


def describe(h: Harness, request: CreateFileRequest) -> Any:
    """The ApiRequest that ``create`` describes (no I/O), to look at the multipart body."""
    return Files.create.fn(h.client.files(), request)


def parse_multipart(api: Any) -> list[Any]:
    content_type, body = api.multipart.encode()
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + bytes(body)
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    assert msg.is_multipart()
    return list(msg.iter_parts())


# ---------------------------------------------------------------- builder


def test_builder_names_missing_fields() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateFileRequestArgs.default().build()
    assert e.value.missing == ("file", "purpose")
    assert "file" in str(e.value) and "purpose" in str(e.value)
    with pytest.raises(InvalidArgument) as e:
        CreateFileRequestArgs().file(("a.jsonl", JSONL)).build()
    assert e.value.missing == ("purpose",)
    assert "purpose" in str(e.value)


def test_builder_coerces_inputs(tmp_path: Path) -> None:
    p = tmp_path / "t.jsonl"
    assert CreateFileRequestArgs().file(p).purpose("batch").build() == CreateFileRequest(
        file=InputSource(path=str(p)), purpose=FilePurpose.BATCH
    )
    r = CreateFileRequestArgs().file(("x.jsonl", JSONL)).purpose(FilePurpose.VISION).build()
    assert r.file == InputSource(filename="x.jsonl", data=JSONL)
    assert r.purpose is FilePurpose.VISION
    buf = io.BytesIO(JSONL)
    assert CreateFileRequestArgs().file(buf).purpose("evals").build().file.data is buf
    src = InputSource.from_bytes("y.jsonl", b"1")
    assert CreateFileRequestArgs().file(src).purpose("user_data").build().file is src
    with pytest.raises(FileReadError):
        CreateFileRequestArgs().file(12345)


# ---------------------------------------------------------------- create


def test_create_from_path(prism: Harness, tmp_path: Path) -> None:
    p = tmp_path / "train.jsonl"
    p.write_bytes(JSONL)
    for given in (p, str(p)):
        req = CreateFileRequestArgs().file(given).purpose(FilePurpose.FINE_TUNE).build()
        check_file(prism.call(prism.client.files().create(req)))


def test_create_from_bytes(prism: Harness) -> None:
    req = CreateFileRequestArgs().file(("data.jsonl", JSONL)).purpose("batch").build()
    check_file(prism.call(prism.client.files().create(req)))


def test_create_from_file_object(prism: Harness, tmp_path: Path) -> None:
    p = tmp_path / "obj.jsonl"
    p.write_bytes(JSONL)
    with open(p, "rb") as fh:
        req = CreateFileRequestArgs().file(fh).purpose("assistants").build()
        check_file(prism.call(prism.client.files().create(req)))
    named = InputSource.from_file(io.BytesIO(JSONL), "mem.jsonl")
    req = CreateFileRequestArgs().file(named).purpose("vision").build()
    check_file(prism.call(prism.client.files().create(req)))


def test_create_multipart_body(prism: Harness, tmp_path: Path) -> None:
    p = tmp_path / "body.jsonl"
    p.write_bytes(JSONL)
    req = CreateFileRequestArgs().file(p).purpose("fine-tune").build()
    api = describe(prism, req)
    assert (api.method, api.path, api.body) == ("POST", "/files", None)
    purpose, file = parse_multipart(api)
    assert purpose.get_param("name", header="content-disposition") == "purpose"
    assert purpose.get_content() == "fine-tune"
    assert file.get_param("name", header="content-disposition") == "file"
    assert file.get_filename() == "body.jsonl"
    assert file.get_content_type() == "application/octet-stream"
    assert file.get_payload(decode=True) == JSONL
    assert_valid("CreateFileRequest", {"file": "x", "purpose": purpose.get_content()})
    # A path is read again for each attempt, so a retry sends the file as it is then.
    p.write_bytes(b"changed\n")
    assert parse_multipart(api)[1].get_payload(decode=True) == b"changed\n"


def test_create_file_object_is_resent_from_its_start(prism: Harness) -> None:
    buf = io.BytesIO(b"skip" + JSONL)
    buf.read(4)
    api = describe(prism, CreateFileRequestArgs().file(
        InputSource.from_file(buf, "b.jsonl")).purpose("batch").build())
    assert parse_multipart(api)[1].get_payload(decode=True) == JSONL
    assert parse_multipart(api)[1].get_payload(decode=True) == JSONL


def test_create_bad_purpose_is_refused_here_and_by_the_server(prism: Harness) -> None:
    with pytest.raises(InvalidArgument, match=r"CreateFileRequest\.purpose: 'bogus' is not"):
        CreateFileRequestArgs().purpose("bogus")
    # Forced past the client's check, the server refuses it too.
    req = CreateFileRequestArgs().file(("a.jsonl", JSONL)).purpose("batch").build()
    object.__setattr__(req, "purpose", "bogus")
    with pytest.raises(UnprocessableEntityError) as e:
        prism.call(prism.client.files().create(req))
    assert e.value.status == 422
    assert e.value.body is not None and b"purpose" in e.value.body


def test_create_unreadable_inputs_fail_before_io(prism: Harness, tmp_path: Path) -> None:
    files = dead_client(prism).files()
    empty = CreateFileRequestArgs().file("").purpose("batch").build()
    with pytest.raises(FileReadError):
        prism.call(files.create(empty))
    missing = CreateFileRequestArgs().file(tmp_path / "nope.jsonl").purpose("batch").build()
    with pytest.raises(FileReadError):
        prism.call(files.create(missing))
    # The same client does reach the network for a readable file, and fails there; an
    # unnamed file object is readable (it goes out as "upload").
    ok = CreateFileRequestArgs().file(("a.jsonl", JSONL)).purpose("batch").build()
    nameless = CreateFileRequestArgs().file(io.BytesIO(JSONL)).purpose("batch").build()
    for readable in (ok, nameless):
        with pytest.raises(APIConnectionError):
            prism.call(files.create(readable))


# ---------------------------------------------------------------- list


def check_list(r: Any) -> None:
    assert type(r) is ListFilesResponse
    assert r.object == "list"
    assert r.first_id == "file-abc123"
    assert r.last_id == "file-abc456"
    assert r.has_more is False
    assert type(r.data) is list and len(r.data) == 1
    check_file(r.data[0])


def test_list(prism: Harness) -> None:
    check_list(prism.call(prism.client.files().list()))


def test_list_with_query(prism: Harness) -> None:
    files = prism.client.files()
    check_list(prism.call(files.list({"purpose": "fine-tune", "limit": 2, "order": "asc",
                                      "after": "file-abc123"})))
    check_list(prism.call(files.list([("purpose", FilePurpose.BATCH), ("limit", 5)])))


def test_list_query_reaches_server(prism: Harness) -> None:
    # Prism validates query parameters, so a bad value proves the query was sent.
    files = prism.client.files()
    with pytest.raises(UnprocessableEntityError) as e:
        prism.call(files.list({"limit": "many"}))
    assert e.value.status == 422 and e.value.body is not None and b"limit" in e.value.body
    with pytest.raises(UnprocessableEntityError) as e:
        prism.call(files.list([("order", "sideways")]))
    assert e.value.body is not None and b"order" in e.value.body


def test_list_query_encoding(prism: Harness) -> None:
    files = prism.client.files()
    api = Files.list.fn(files, {"order": "desc", "limit": 3, "after": None,
                                "purpose": FilePurpose.FINE_TUNE, "x": True})
    assert api.query == (("order", "desc"), ("limit", "3"), ("purpose", "fine-tune"),
                         ("x", "true"))
    assert Files.list.fn(files).query == ()
    with pytest.raises(InvalidArgument):
        prism.call(dead_client(prism).files().list("purpose=batch"))
    with pytest.raises(InvalidArgument):
        prism.call(dead_client(prism).files().list(["ab"]))


# ---------------------------------------------------------------- by id


def test_retrieve(prism: Harness) -> None:
    check_file(prism.call(prism.client.files().retrieve("file-abc123")))


def test_delete(prism: Harness) -> None:
    r = prism.call(prism.client.files().delete("file-abc123"))
    assert type(r) is DeleteFileResponse
    assert r.id == "string"
    assert r.object == "file"
    assert r.deleted is True


def test_content(prism: Harness) -> None:
    data = prism.call(prism.client.files().content("file-abc123"))
    # The spec describes the content as a JSON string, which Prism fills with "string".
    assert type(data) is bytes
    assert data == b'"string"'


def test_ids_are_percent_encoded(prism: Harness) -> None:
    files = prism.client.files()
    # Unencoded, these would reach /files/a/b (no route: 404), /files/x/content (a JSON
    # string) or /models/m (a model, after dot-segment removal): a file object back shows
    # that each id stayed one segment of /files/{file_id}.
    for file_id in ("a/b?c#d", "x/content", "x/../../models/m", "file/../x", "a b%2F"):
        check_file(prism.call(files.retrieve(file_id)))
    r = prism.call(files.delete("a/b?c"))
    assert type(r) is DeleteFileResponse and r.deleted is True
    # Unencoded, "x?y" would ask /files/x (a file object, not a string); the others 404.
    for file_id in ("x?y", "a/b", "x/../../models/m"):
        assert prism.call(files.content(file_id)) == b'"string"'


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_bad_ids_fail_before_io(prism: Harness, bad: str) -> None:
    files = dead_client(prism).files()
    for call in (files.retrieve, files.delete, files.content):
        with pytest.raises(InvalidArgument) as e:
            prism.call(call(bad))
        assert "file_id" in str(e.value)
    with pytest.raises(APIConnectionError):
        prism.call(files.retrieve("file-abc123"))


def test_non_string_id_is_invalid(prism: Harness) -> None:
    with pytest.raises(InvalidArgument):
        prism.call(dead_client(prism).files().retrieve(123))


# ---------------------------------------------------------------- unnamed file objects


class _Unseekable:
    """A file object with no name that cannot seek (a pipe, a socket's file)."""

    def __init__(self, data: bytes) -> None:
        self._buf = io.BytesIO(data)

    def read(self, n: int = -1) -> bytes:
        return self._buf.read(n)

    def seekable(self) -> bool:
        return False


@pytest.mark.parametrize("make", [io.BytesIO, _Unseekable], ids=["BytesIO", "unseekable"])
def test_an_unnamed_file_object_is_sent_as_upload(
    local: Harness, local_server: MockOpenAIServer, caplog: pytest.LogCaptureFixture, make: Any,
) -> None:
    caplog.set_level(logging.DEBUG, logger="openai_rs_port")
    req = CreateFileRequestArgs().file(make(JSONL)).purpose("batch").build()
    f = local.call(local.client.files().create(req))
    assert f.filename == "upload"
    assert f.bytes == len(JSONL)
    body = local_server.requests("/v1/files")[-1].body
    assert b'; filename="upload"\r\n' in body and JSONL in body
    notes = [r.getMessage() for r in caplog.records
             if r.name == "openai_rs_port" and r.levelno == logging.DEBUG]
    assert "file: the file object has no name; sending it as 'upload'" in notes
