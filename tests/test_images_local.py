"""Images against the project's local server, in both modes: saving from URLs and b64_json,
download failures, and multipart uploads that round-trip byte for byte."""

from __future__ import annotations

import base64
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Harness, free_port

from openai_rs_port import Client, OpenAIConfig
from openai_rs_port.error import BadRequestError, FileSaveError
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.testing.routes.images import image_bytes
from openai_rs_port.testing.wire import parse_form
from openai_rs_port.types import (
    B64JsonImage,
    CreateImageEditRequest,
    CreateImageEditRequestArgs,
    CreateImageRequestArgs,
    CreateImageVariationRequestArgs,
    ImageInput,
    ImageModel,
    ImageResponseFormat,
    ImagesResponse,
    InputSource,
    UrlImage,
)

pytest_plugins = ["local_server"]  # the `local` and `local_server` fixtures

# Not a valid PNG, and that does not matter: the bytes must come back as they went.
UPLOAD = os.urandom(300_000)
MASK = os.urandom(5000)


def generate(h: Harness, prompt: str, n: int, fmt: ImageResponseFormat) -> ImagesResponse:
    req = CreateImageRequestArgs().prompt(prompt).n(n).response_format(fmt).build()
    r: ImagesResponse = h.call(h.client.images().create(req))
    return r


def test_save_from_urls(local: Harness, local_server: MockOpenAIServer, tmp_path: Path) -> None:
    r = generate(local, "three otters", 3, ImageResponseFormat.URL)
    assert r.data is not None and len(r.data) == 3
    assert all(type(i) is UrlImage and i.url.startswith(local_server.url + "/media/images/")
               for i in r.data)
    target = tmp_path / "new" / "nested"
    paths = local.call(r.save(target, client=local.client))
    assert target.is_dir()
    assert [p.parent for p in paths] == [target] * 3
    assert [p.name for p in paths] == [i.url.rsplit("/", 1)[1] for i in r.data if type(i) is UrlImage]
    assert [p.read_bytes() for p in paths] == [image_bytes("three otters", i) for i in range(3)]
    downloads = [q for q in local_server.requests() if q.path.startswith("/media/images/")]
    assert sorted(q.path for q in downloads) == sorted("/media/images/" + p.name for p in paths)
    # Image URLs are outside the API: the key never goes there.
    assert all(q.method == "GET" and "authorization" not in q.headers for q in downloads)
    assert all(q.headers["user-agent"].startswith("openai_rs_port/") for q in downloads)


def test_save_through_the_group(local: Harness, tmp_path: Path) -> None:
    r = generate(local, "a kite", 2, ImageResponseFormat.URL)
    paths = local.call(local.client.images().save(r, tmp_path / "kites"))
    assert [p.read_bytes() for p in paths] == [image_bytes("a kite", i) for i in range(2)]


def test_save_from_b64_json(local: Harness, local_server: MockOpenAIServer, tmp_path: Path) -> None:
    r = generate(local, "a red fox", 2, ImageResponseFormat.B64_JSON)
    assert r.data is not None and all(type(i) is B64JsonImage for i in r.data)
    paths = local.call(r.save(tmp_path / "b64", client=local.client))
    assert [p.read_bytes() for p in paths] == [image_bytes("a red fox", i) for i in range(2)]
    assert all(p.suffix == ".png" and p.parent == tmp_path / "b64" for p in paths)
    assert len({p.name for p in paths}) == 2
    assert [q.path for q in local_server.requests()] == ["/v1/images/generations"]


def test_save_without_client(local_server: MockOpenAIServer, tmp_path: Path) -> None:
    with Client(OpenAIConfig(api_key="sk-x", api_base=local_server.base_url)) as c:
        url = c.images().create(CreateImageRequestArgs().prompt("gull").n(1).build())
    b64 = base64.b64encode(b"GIF89a-not-really").decode()
    both = ImagesResponse(created=1, data=[*(url.data or []), B64JsonImage(b64_json=b64)])
    # A blocking download over a client of its own.
    paths = both.save(tmp_path / "plain")
    assert paths[0].read_bytes() == image_bytes("gull", 0)
    assert paths[1].read_bytes() == b"GIF89a-not-really" and paths[1].suffix == ".gif"


def test_failed_download_names_the_file(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    good = generate(local, "ok", 1, ImageResponseFormat.URL).data or []
    missing = f"{local_server.url}/media/images/gone-123.png"
    r = ImagesResponse(created=1, data=[
        *good, UrlImage(url=missing), B64JsonImage(b64_json=base64.b64encode(b"jpeg?").decode()),
    ])
    with pytest.raises(FileSaveError) as e:
        local.call(r.save(tmp_path, client=local.client))
    message = str(e.value)
    assert str(tmp_path / "gone-123.png") in message and missing in message
    assert "404" in message
    assert type(good[0]) is UrlImage and good[0].url.rsplit("/", 1)[1] not in message
    # The other images were written all the same.
    written = sorted(p.read_bytes() for p in tmp_path.iterdir())
    assert written == sorted([image_bytes("ok", 0), b"jpeg?"])


def test_unreachable_download_names_the_file(local: Harness, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/files/lost.png"
    with pytest.raises(FileSaveError) as e:
        local.call(ImagesResponse(created=1, data=[UrlImage(url=url)]).save(
            tmp_path, client=local.client))
    assert str(tmp_path / "lost.png") in str(e.value) and url in str(e.value)


def test_download_is_retried(local: Harness, local_server: MockOpenAIServer, tmp_path: Path) -> None:
    r = generate(local, "retry me", 1, ImageResponseFormat.URL)
    assert r.data is not None and type(r.data[0]) is UrlImage
    path = "/media/images/" + r.data[0].url.rsplit("/", 1)[1]
    local_server.script(path, {"status": 503}, {"pass": True}, method="GET")
    (saved,) = local.call(r.save(tmp_path, client=local.client))
    assert saved.read_bytes() == image_bytes("retry me", 0)
    assert len(local_server.requests(path)) == 2


def test_write_failures_name_the_file(local: Harness, tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_bytes(b"")
    r = ImagesResponse(created=1, data=[B64JsonImage(b64_json=base64.b64encode(b"x").decode())])
    with pytest.raises(FileSaveError) as e:
        local.call(r.save(blocker / "sub", client=local.client))
    assert str(blocker / "sub") in str(e.value)
    # A URL image whose file name is taken by a directory.
    good = generate(local, "dir clash", 1, ImageResponseFormat.URL)
    assert good.data is not None and type(good.data[0]) is UrlImage
    name = good.data[0].url.rsplit("/", 1)[1]
    (tmp_path / "out" / name).mkdir(parents=True)
    with pytest.raises(FileSaveError) as e:
        local.call(good.save(tmp_path / "out", client=local.client))
    assert str(tmp_path / "out" / name) in str(e.value)
    bad = ImagesResponse(created=1, data=[B64JsonImage(b64_json="not base64!")])
    with pytest.raises(FileSaveError) as e:
        local.call(bad.save(tmp_path / "bad", client=local.client))
    assert "base64" in str(e.value)


def test_url_names_are_kept_safe(local: Harness, local_server: MockOpenAIServer, tmp_path: Path) -> None:
    blob = generate(local, "safe", 1, ImageResponseFormat.URL).data or []
    assert type(blob[0]) is UrlImage
    url = blob[0].url
    r = ImagesResponse(created=1, data=[
        UrlImage(url=url + "?sig=1"), UrlImage(url=url + "#x"),
    ])
    paths = local.call(r.save(tmp_path, client=local.client))
    assert paths[0].name == url.rsplit("/", 1)[1]
    assert paths[1].name == "1-" + paths[0].name  # same name twice in one response
    assert all(p.parent == tmp_path for p in paths)
    assert local.call(ImagesResponse(created=1).save(tmp_path / "none", client=local.client)) == []
    assert (tmp_path / "none").is_dir()


# ---------------------------------------------------------------- multipart round trips


def only(local_server: MockOpenAIServer, path: str) -> Any:
    (rec,) = local_server.requests(path)
    assert int(rec.headers["content-length"]) == len(rec.body)
    return rec


def test_edit_round_trip(local: Harness, local_server: MockOpenAIServer, tmp_path: Path) -> None:
    p = tmp_path / "room.png"
    p.write_bytes(UPLOAD)
    second = os.urandom(1000)
    req = (
        CreateImageEditRequestArgs()
        .image([p, ImageInput.from_bytes("lamp.webp", second)])
        .mask(InputSource.from_file(io.BytesIO(MASK), "mask.png"))
        .prompt("Add a lamp")
        .model(ImageModel.GPT_IMAGE_1)
        .n(2)
        .build()
    )
    r = local.call(local.client.images().create_edit(req))
    rec = only(local_server, "/v1/images/edits")
    form = parse_form(rec.headers["content-type"], rec.body)
    assert [(f.name, f.filename, f.content_type, f.data) for f in form] == [
        ("prompt", None, "text/plain", b"Add a lamp"),
        ("model", None, "text/plain", b"gpt-image-1"),
        ("n", None, "text/plain", b"2"),
        ("image[]", "room.png", "image/png", UPLOAD),
        ("image[]", "lamp.webp", "image/webp", second),
        ("mask", "mask.png", "image/png", MASK),
    ]
    # The file bytes are in the raw body exactly, not re-encoded.
    assert UPLOAD in rec.body and second in rec.body and MASK in rec.body
    # The server answers the uploads as b64_json (gpt-image-1), and they save as sent.
    assert r.usage is not None and r.usage.input_tokens == 3
    paths = local.call(r.save(tmp_path / "edits", client=local.client))
    assert [x.read_bytes() for x in paths] == [UPLOAD, second]


def test_variation_round_trip_by_url(
    local: Harness, local_server: MockOpenAIServer, tmp_path: Path
) -> None:
    with open(tmp_path / "v.png", "wb") as fh:
        fh.write(UPLOAD)
    with open(tmp_path / "v.png", "rb") as fh:
        req = CreateImageVariationRequestArgs().image(fh).n(2).build()
        r = local.call(local.client.images().create_variation(req))
    rec = only(local_server, "/v1/images/variations")
    form = parse_form(rec.headers["content-type"], rec.body)
    assert [(f.name, f.filename, f.data) for f in form] == [
        ("n", None, b"2"), ("image", "v.png", UPLOAD)]
    assert r.data is not None and all(type(i) is UrlImage for i in r.data)
    paths = local.call(r.save(tmp_path / "var", client=local.client))
    assert [x.read_bytes() for x in paths] == [UPLOAD, UPLOAD]
    assert paths[1].name == "1-" + paths[0].name


def test_retried_upload_resends_the_same_bytes(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    buf = io.BytesIO(b"header" + UPLOAD)
    buf.read(6)  # the upload starts where the file object stands
    local_server.script("/v1/images/edits", {"status": 500}, {"pass": True})
    req = CreateImageEditRequestArgs().image(InputSource.from_file(buf, "f.png")).prompt(
        "again").response_format(ImageResponseFormat.B64_JSON).build()
    r = local.call(local.client.images().create_edit(req))
    first, second = local_server.requests("/v1/images/edits")
    for rec in (first, second):
        files = [f for f in parse_form(rec.headers["content-type"], rec.body) if f.filename]
        assert [(f.filename, f.data) for f in files] == [("f.png", UPLOAD)]
    assert r.data == [B64JsonImage(b64_json=base64.b64encode(UPLOAD).decode())]


def test_server_rejects_missing_image(local: Harness) -> None:
    req = CreateImageEditRequest(image=[], prompt="nothing")
    with pytest.raises(BadRequestError) as e:
        local.call(local.client.images().create_edit(req))
    assert e.value.param == "image"


# ---------------------------------------------------------------- docs


def test_docs_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """docs/images-and-audio.md runs as written, block after block, against its own server."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "images-and-audio.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    assert len(blocks) >= 10
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"images-and-audio.md block {i}", "exec"), namespace)
    finally:
        server = namespace.get("server")
        if server is not None:
            server.stop()
    printed = capsys.readouterr().out
    assert "cannot download" in printed and "expired.png" in printed
    assert "Transcript of greeting.mp3" in printed
    demo = tmp_path / "media-demo"
    assert len(list((demo / "boats").iterdir())) == 10
    assert (demo / "speech" / "2025" / "greeting.mp3").is_file()
    assert (demo / "greeting.srt").read_bytes().startswith(b"1\n00:00:00,000 --> ")
