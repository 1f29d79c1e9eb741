"""Images group against Prism, in both modes: generations, edits, variations, their multipart bodies."""

from __future__ import annotations

import email.parser
import email.policy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import TEST_KEY, Harness, free_port
from spec import assert_valid, spec

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port.error import (
    APIConnectionError,
    FileReadError,
    InvalidArgument,
)
from openai_rs_port.image import Images
from openai_rs_port.types import (
    B64JsonImage,
    CreateImageEditRequestArgs,
    CreateImageRequestArgs,
    CreateImageVariationRequest,
    CreateImageVariationRequestArgs,
    DallE2ImageSize,
    ImageBackground,
    ImageInput,
    ImageModel,
    ImageModeration,
    ImageOutputFormat,
    ImageQuality,
    ImageResponseFormat,
    ImagesInputTokensDetails,
    ImageSize,
    ImagesResponse,
    ImageStyle,
    ImagesUsage,
    InputSource,
    UrlImage,
)

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
MASK = b"\x89PNG\r\n\x1a\nmask" + bytes(64)


# ---------------------------------------------------------------- shared helpers


def dead_client(h: Harness) -> Any:
    """A client of the same mode whose server refuses connections: any I/O would fail."""
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{free_port()}")
    return h.make(config=cfg, backoff=Backoff.disabled())


def parse_form(api: Any) -> list[tuple[str, str | None, str, bytes]]:
    """The encoded multipart body of an ``ApiRequest``, as (name, filename, type, content)."""
    content_type, body = api.multipart.encode()
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + bytes(body)
    assert len(bytes(body)) == body.length
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    assert msg.is_multipart()
    out: list[tuple[str, str | None, str, bytes]] = []
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        out.append((name, part.get_filename(), part.get_content_type(), payload))
    return out


def _types(schema: dict[str, Any]) -> set[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _types(spec()["components"]["schemas"][name])
    found: set[str] = set()
    t = schema.get("type")
    found.update([t] if isinstance(t, str) else t or [])
    for sub in schema.get("anyOf", []) + schema.get("oneOf", []):
        found |= _types(sub)
    return found


def _scalar(schema: dict[str, Any], text: str) -> Any:
    kinds = _types(schema)
    if "integer" in kinds:
        return int(text)
    if "number" in kinds:
        return float(text)
    if "boolean" in kinds:
        assert text in ("true", "false"), text
        return text == "true"
    return text


def form_instance(schema_name: str, form: list[tuple[str, str | None, str, bytes]]) -> dict[str, Any]:
    """The form as the JSON instance it stands for, to validate against the spec schema.

    Text fields are typed by the schema (multipart sends everything as text); files
    become a placeholder string (``format: binary``); ``x[]`` fields become an array
    under ``x[]`` or ``x``, whichever the schema names.
    """
    props = spec()["components"]["schemas"][schema_name]["properties"]
    out: dict[str, Any] = {}
    for name, filename, _, content in form:
        key = name if name in props else name.removesuffix("[]")
        assert key in props, f"{name!r} is not a field of {schema_name}"
        array = name.endswith("[]")
        prop = props[key]
        if array:
            prop = next((s for s in [prop, *prop.get("anyOf", [])] if "items" in s), prop)["items"]
        value = "<binary>" if filename is not None else _scalar(prop, content.decode())
        if array:
            out.setdefault(key, []).append(value)
        else:
            assert key not in out, f"{name!r} sent twice"
            out[key] = value
    return out


def check_images_response(r: Any) -> None:
    """Field by field, as Prism fills in the spec's ImagesResponse."""
    assert type(r) is ImagesResponse
    assert type(r.created) is int and r.created == 0
    # Prism sends url and b64_json together; the untagged union takes the first variant.
    assert r.data == [UrlImage(url="string", revised_prompt="string")]
    assert type(r.data[0]) is UrlImage
    assert r.usage == ImagesUsage(
        total_tokens=0, input_tokens=0, output_tokens=0,
        input_tokens_details=ImagesInputTokensDetails(text_tokens=0, image_tokens=0),
    )
    assert type(r.usage.input_tokens_details) is ImagesInputTokensDetails


# ---------------------------------------------------------------- types and builders


def test_builders_name_missing_fields() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateImageRequestArgs.default().build()
    assert e.value.missing == ("prompt",)
    with pytest.raises(InvalidArgument) as e:
        CreateImageEditRequestArgs().build()
    assert e.value.missing == ("image", "prompt")
    assert "image" in str(e.value) and "prompt" in str(e.value)
    with pytest.raises(InvalidArgument) as e:
        CreateImageEditRequestArgs().prompt("p").build()
    assert e.value.missing == ("image",)
    with pytest.raises(InvalidArgument) as e:
        CreateImageVariationRequestArgs().n(2).build()
    assert e.value.missing == ("image",)


def test_image_inputs(tmp_path: Path) -> None:
    p = tmp_path / "a.png"
    assert ImageInput.from_path(p) == InputSource(path=str(p))
    assert ImageInput.from_bytes("b.png", PNG) == InputSource(filename="b.png", data=PNG)
    assert ImageInput.from_vec_u8("c.png", list(b"\x89PN")) == InputSource(
        filename="c.png", data=b"\x89PN")
    edit = CreateImageEditRequestArgs()
    assert edit.image(p).prompt("x").build().image == InputSource(path=str(p))
    assert edit.image(("d.png", PNG)).build().image == InputSource(filename="d.png", data=PNG)
    buf = io.BytesIO(PNG)
    assert edit.image(buf).build().image == InputSource(data=buf)
    many = edit.image([p, ("d.png", PNG), ImageInput.from_bytes("e.png", b"e")]).build().image
    assert many == [InputSource(path=str(p)), InputSource(filename="d.png", data=PNG),
                    InputSource(filename="e.png", data=b"e")]
    assert edit.image(x for x in [str(p)]).build().image == [InputSource(path=str(p))]
    assert edit.mask(("m.png", MASK)).build().mask == InputSource(filename="m.png", data=MASK)
    with pytest.raises(FileReadError):
        edit.image([3.5])  # type: ignore[list-item]


def test_image_union_decoding() -> None:
    r = ImagesResponse.from_dict({"created": 5, "data": [
        {"url": "https://x/y.png"},
        {"b64_json": "aGk=", "revised_prompt": "rp"},
        {"url": None, "b64_json": "aGk="},
    ]})
    assert r.data == [UrlImage(url="https://x/y.png"),
                      B64JsonImage(b64_json="aGk=", revised_prompt="rp"),
                      B64JsonImage(b64_json="aGk=")]
    assert r.usage is None
    assert r.to_dict() == {"created": 5, "data": [
        {"url": "https://x/y.png"}, {"b64_json": "aGk=", "revised_prompt": "rp"},
        {"b64_json": "aGk="}]}
    assert ImagesResponse.from_dict({"created": 1}).data is None


def test_enum_values_match_spec() -> None:
    props = spec()["components"]["schemas"]["CreateImageRequest"]["properties"]

    def enum(prop: dict[str, Any]) -> set[str]:
        return {v for s in prop.get("anyOf", [prop]) for v in s.get("enum", [])}

    assert {str(v) for v in ImageQuality} == enum(props["quality"])
    assert {str(v) for v in ImageSize} == enum(props["size"])
    assert {str(v) for v in ImageStyle} == enum(props["style"])
    assert {str(v) for v in ImageResponseFormat} == enum(props["response_format"])
    assert {str(v) for v in ImageOutputFormat} == enum(props["output_format"])
    assert {str(v) for v in ImageModeration} == enum(props["moderation"])
    assert {str(v) for v in ImageBackground} == enum(props["background"])
    model = props["model"]["anyOf"][0]["anyOf"][1]["enum"]
    assert {str(v) for v in ImageModel} == set(model)
    variation = spec()["components"]["schemas"]["CreateImageVariationRequest"]["properties"]
    assert {str(v) for v in DallE2ImageSize} == enum(variation["size"])


# ---------------------------------------------------------------- create


def test_create_minimal(prism: Harness) -> None:
    req = CreateImageRequestArgs().prompt("A cute baby sea otter").build()
    assert req.to_dict() == {"prompt": "A cute baby sea otter"}
    assert_valid("CreateImageRequest", req)
    api = Images.create.fn(prism.client.images(), req)
    assert (api.method, api.path, api.multipart) == ("POST", "/images/generations", None)
    assert api.body is not None and json.loads(api.body) == {"prompt": "A cute baby sea otter"}
    check_images_response(prism.call(prism.client.images().create(req)))


def test_create_full(prism: Harness) -> None:
    req = (
        CreateImageRequestArgs()
        .prompt("A lighthouse at dusk")
        .model(ImageModel.GPT_IMAGE_1)
        .n(2)
        .quality(ImageQuality.HIGH)
        .response_format(ImageResponseFormat.B64_JSON)
        .output_format(ImageOutputFormat.WEBP)
        .output_compression(80)
        .size(ImageSize.S1536X1024)
        .moderation(ImageModeration.LOW)
        .background(ImageBackground.TRANSPARENT)
        .style(ImageStyle.NATURAL)
        .user("user-1")
        .build()
    )
    wire = {
        "prompt": "A lighthouse at dusk", "model": "gpt-image-1", "n": 2, "quality": "high",
        "response_format": "b64_json", "output_format": "webp", "output_compression": 80,
        "size": "1536x1024", "moderation": "low", "background": "transparent",
        "style": "natural", "user": "user-1",
    }
    body = Images.create.fn(prism.client.images(), req).body
    assert body is not None and json.loads(body) == wire
    assert_valid("CreateImageRequest", req)
    check_images_response(prism.call(prism.client.images().create(req)))
    # A model name outside the enum is sent as given.
    other = CreateImageRequestArgs().prompt("p").model("dall-e-4").size(ImageSize.AUTO).build()
    assert other.to_dict() == {"prompt": "p", "model": "dall-e-4", "size": "auto"}
    assert_valid("CreateImageRequest", other)
    check_images_response(prism.call(prism.client.images().create(other)))


# ---------------------------------------------------------------- edits


def test_create_edit_minimal(prism: Harness, tmp_path: Path) -> None:
    p = tmp_path / "otter.png"
    p.write_bytes(PNG)
    req = CreateImageEditRequestArgs().image(p).prompt("Add a hat").build()
    api = Images.create_edit.fn(prism.client.images(), req)
    assert (api.method, api.path, api.body) == ("POST", "/images/edits", None)
    form = parse_form(api)
    assert form == [("prompt", None, "text/plain", b"Add a hat"),
                    ("image", "otter.png", "image/png", PNG)]
    assert_valid("CreateImageEditRequest", form_instance("CreateImageEditRequest", form))
    check_images_response(prism.call(prism.client.images().create_edit(req)))


def test_create_edit_full(prism: Harness, tmp_path: Path) -> None:
    p = tmp_path / "one.png"
    p.write_bytes(PNG)
    jpeg = b"\xff\xd8\xff" + bytes(100)
    with open(p, "rb") as fh:
        req = (
            CreateImageEditRequestArgs()
            .image([p, ImageInput.from_bytes("two.jpg", jpeg),
                    InputSource.from_file(fh, "three.webp")])
            .prompt("A gift basket with all three items")
            .mask(ImageInput.from_vec_u8("mask.png", list(MASK)))
            .model(ImageModel.GPT_IMAGE_1)
            .n(3)
            .size(ImageSize.S1024X1536)
            .response_format(ImageResponseFormat.URL)
            .user("u-9")
            .quality(ImageQuality.MEDIUM)
            .build()
        )
        form = parse_form(Images.create_edit.fn(prism.client.images(), req))
        assert form == [
            ("prompt", None, "text/plain", b"A gift basket with all three items"),
            ("model", None, "text/plain", b"gpt-image-1"),
            ("n", None, "text/plain", b"3"),
            ("size", None, "text/plain", b"1024x1536"),
            ("response_format", None, "text/plain", b"url"),
            ("user", None, "text/plain", b"u-9"),
            ("quality", None, "text/plain", b"medium"),
            ("image[]", "one.png", "image/png", PNG),
            ("image[]", "two.jpg", "image/jpeg", jpeg),
            ("image[]", "three.webp", "image/webp", PNG),
            ("mask", "mask.png", "image/png", MASK),
        ]
        instance = form_instance("CreateImageEditRequest", form)
        assert instance["image"] == ["<binary>"] * 3 and instance["n"] == 3
        assert_valid("CreateImageEditRequest", instance)
        check_images_response(prism.call(prism.client.images().create_edit(req)))


def test_create_edit_dall_e_2_sizes(prism: Harness) -> None:
    req = CreateImageEditRequestArgs().image(("a.png", PNG)).prompt("p").size(
        DallE2ImageSize.S512X512).model(ImageModel.DALL_E_2).build()
    form = parse_form(Images.create_edit.fn(prism.client.images(), req))
    assert ("size", None, "text/plain", b"512x512") in form
    assert ("model", None, "text/plain", b"dall-e-2") in form
    assert_valid("CreateImageEditRequest", form_instance("CreateImageEditRequest", form))
    check_images_response(prism.call(prism.client.images().create_edit(req)))


def test_file_parts_keep_filenames_and_types(prism: Harness) -> None:
    images = prism.client.images()
    cases = [
        (ImageInput.from_bytes("Photo Final.PNG", PNG), "Photo Final.PNG", "image/png"),
        (ImageInput.from_bytes("x.gif", b"GIF89a"), "x.gif", "image/gif"),
        (ImageInput.from_bytes("noext", PNG), "noext", "application/octet-stream"),
        (InputSource.from_file(io.BytesIO(PNG), "ü.jpeg"), "ü.jpeg", "image/jpeg"),
    ]
    for source, filename, ctype in cases:
        req = CreateImageVariationRequest(image=source)
        (_, name, got_type, _), = parse_form(Images.create_variation.fn(images, req))
        assert (name, got_type) == (filename, ctype)


# ---------------------------------------------------------------- variations


def test_create_variation_minimal(prism: Harness) -> None:
    req = CreateImageVariationRequestArgs().image(("otter.png", PNG)).build()
    api = Images.create_variation.fn(prism.client.images(), req)
    assert (api.method, api.path) == ("POST", "/images/variations")
    form = parse_form(api)
    assert form == [("image", "otter.png", "image/png", PNG)]
    assert_valid("CreateImageVariationRequest", form_instance("CreateImageVariationRequest", form))
    check_images_response(prism.call(prism.client.images().create_variation(req)))


def test_create_variation_full(prism: Harness, tmp_path: Path) -> None:
    p = tmp_path / "base.png"
    p.write_bytes(PNG)
    with open(p, "rb") as fh:
        req = (
            CreateImageVariationRequestArgs()
            .image(fh)
            .model("dall-e-2")
            .n(4)
            .response_format(ImageResponseFormat.B64_JSON)
            .size(DallE2ImageSize.S256X256)
            .user("u")
            .build()
        )
        form = parse_form(Images.create_variation.fn(prism.client.images(), req))
        assert form == [
            ("model", None, "text/plain", b"dall-e-2"),
            ("n", None, "text/plain", b"4"),
            ("response_format", None, "text/plain", b"b64_json"),
            ("size", None, "text/plain", b"256x256"),
            ("user", None, "text/plain", b"u"),
            ("image", "base.png", "image/png", PNG),
        ]
        assert_valid("CreateImageVariationRequest",
                     form_instance("CreateImageVariationRequest", form))
        check_images_response(prism.call(prism.client.images().create_variation(req)))


# ---------------------------------------------------------------- failures before I/O


def test_unreadable_images_fail_before_io(prism: Harness, tmp_path: Path) -> None:
    images = dead_client(prism).images()
    with pytest.raises(FileReadError):
        prism.call(images.create_edit(CreateImageEditRequestArgs().image("").prompt("p").build()))
    with pytest.raises(FileReadError):
        prism.call(images.create_edit(
            CreateImageEditRequestArgs().image(("a.png", PNG)).mask("").prompt("p").build()))
    with pytest.raises(FileReadError):
        prism.call(images.create_edit(
            CreateImageEditRequestArgs().image([("a.png", PNG), ""]).prompt("p").build()))
    with pytest.raises(FileReadError):
        prism.call(images.create_variation(CreateImageVariationRequestArgs().image(
            ImageInput.from_path("")).build()))
    with pytest.raises(FileReadError):
        prism.call(images.create_variation(CreateImageVariationRequestArgs().image(
            tmp_path / "missing.png").build()))
    # The same client does go to the network for a readable image (an unnamed file object
    # is readable: it goes out as "upload"), and fails there.
    with pytest.raises(APIConnectionError):
        prism.call(images.create_variation(CreateImageVariationRequestArgs().image(
            io.BytesIO(PNG)).build()))
    with pytest.raises(APIConnectionError):
        prism.call(images.create_variation(
            CreateImageVariationRequestArgs().image(("a.png", PNG)).build()))

