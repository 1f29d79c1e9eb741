"""Moderations group against Prism, in both modes: text and multi-modal inputs, builders."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from conftest import Harness
from spec import assert_valid

from openai_rs_port.error import InvalidArgument
from openai_rs_port.moderation import Moderations
from openai_rs_port.types import (
    Category,
    CategoryAppliedInputTypes,
    CategoryScore,
    ContentModerationResult,
    CreateModerationRequest,
    CreateModerationRequestArgs,
    CreateModerationResponse,
    ModerationContentPartImageUrl,
    ModerationContentPartText,
    ModerationImageUrl,
    ModInputType,
)

WIRE_NAMES = [
    "hate", "hate/threatening", "harassment", "harassment/threatening", "illicit",
    "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
    "sexual/minors", "violence", "violence/graphic",
]
PY_NAMES = [n.replace("/", "_").replace("-", "_") for n in WIRE_NAMES]


def parts() -> list[Any]:
    return [
        ModerationContentPartText(text="...text to classify goes here..."),
        ModerationContentPartImageUrl(
            image_url=ModerationImageUrl(url="https://example.com/image.png")
        ),
    ]


def minimal() -> CreateModerationRequest:
    return CreateModerationRequestArgs().input("I want to kill them.").build()


def full() -> CreateModerationRequest:
    return CreateModerationRequestArgs.default().input(parts()).model(
        "omni-moderation-latest").build()


def check_response(r: Any) -> None:
    """Field by field against the spec's CreateModerationResponse as Prism fills it in."""
    assert type(r) is CreateModerationResponse
    assert r.id == "string" and r.model == "string"
    assert type(r.results) is list and len(r.results) == 1
    res = r.results[0]
    assert type(res) is ContentModerationResult
    assert res.flagged is True
    assert type(res.categories) is Category
    assert type(res.category_scores) is CategoryScore
    assert type(res.category_applied_input_types) is CategoryAppliedInputTypes
    for name in PY_NAMES:
        assert getattr(res.categories, name) is True, name
        score = getattr(res.category_scores, name)
        assert type(score) in (int, float) and score == 0, name
        applied = getattr(res.category_applied_input_types, name)
        assert type(applied) is list and len(applied) == 1, name
        assert applied[0] is ModInputType.TEXT, name


# ---------------------------------------------------------------- types


def test_field_names_map_to_wire_names() -> None:
    for cls in (Category, CategoryScore, CategoryAppliedInputTypes):
        fields = dataclasses.fields(cls)
        assert [f.name for f in fields] == PY_NAMES
        assert [f.metadata.get("wire", f.name) for f in fields] == WIRE_NAMES
    cats = Category(**{n: i % 2 == 0 for i, n in enumerate(PY_NAMES)})
    wire = cats.to_dict()
    assert list(wire) == WIRE_NAMES
    assert wire["self-harm/intent"] is (PY_NAMES.index("self_harm_intent") % 2 == 0)
    assert Category.from_dict(wire) == cats


def test_decodes_a_real_response_document() -> None:
    # Older models leave out illicit* and category_applied_input_types may mix types.
    doc: dict[str, Any] = {
        "id": "modr-0d9740456c391e43c445bf0f010940c7",
        "model": "omni-moderation-latest",
        "results": [{
            "flagged": True,
            "categories": {n: n == "violence" for n in WIRE_NAMES} | {"illicit": None},
            "category_scores": {n: 0.25 for n in WIRE_NAMES} | {"violence": 0.9971134662628174},
            "category_applied_input_types": {n: ["text", "image"] for n in WIRE_NAMES}
            | {"hate": [], "sexual": ["image", "audio"]},
        }],
    }
    r = CreateModerationResponse.from_dict(doc)
    res = r.results[0]
    assert res.categories.violence is True and res.categories.hate is False
    assert res.categories.illicit is None
    assert res.category_scores.violence == 0.9971134662628174
    assert res.category_scores.self_harm_instructions == 0.25
    assert res.category_applied_input_types.violence_graphic == [
        ModInputType.TEXT, ModInputType.IMAGE]
    assert res.category_applied_input_types.hate == []
    # An input type added later stays a plain string instead of failing the response.
    assert res.category_applied_input_types.sexual == [ModInputType.IMAGE, "audio"]


def test_content_parts_are_tagged() -> None:
    text, image = parts()
    assert text.to_dict() == {"text": "...text to classify goes here...", "type": "text"}
    assert image.to_dict() == {
        "image_url": {"url": "https://example.com/image.png"}, "type": "image_url"}
    back = CreateModerationRequest.from_dict(full().to_dict())
    assert back == full()
    assert [type(p) for p in back.input] == [ModerationContentPartText,
                                             ModerationContentPartImageUrl]
    assert CreateModerationRequest.from_dict({"input": ["a", "b"]}).input == ["a", "b"]


# ---------------------------------------------------------------- builder


def test_builder_names_missing_fields() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateModerationRequestArgs.default().build()
    assert e.value.missing == ("input",)
    assert "input" in str(e.value)
    with pytest.raises(InvalidArgument) as e:
        CreateModerationRequestArgs().model("omni-moderation-latest").build()
    assert e.value.missing == ("input",)


def test_builder_input_forms() -> None:
    def built(value: Any) -> Any:
        req = CreateModerationRequestArgs().input(value).build()
        assert_valid("CreateModerationRequest", req)
        return req.input

    assert built("text") == "text"
    assert built(["a", "b"]) == ["a", "b"]
    assert built(("a", "b")) == ["a", "b"]
    assert built(iter(parts())) == parts()
    assert built(parts()[0]) == [parts()[0]]
    # The wire form of parts is read strictly into typed parts.
    assert built([{"type": "text", "text": "t"}]) == [ModerationContentPartText(text="t")]
    bad: Any
    for bad in (b"x", 3, {"type": "text"}, ["a", parts()[0]], [{"type": "text", "text": 1}],
                [{"type": "text", "text": "t", "extra": 1}], None):
        with pytest.raises(InvalidArgument):
            CreateModerationRequestArgs().input(bad)


def test_request_wire_form() -> None:
    assert minimal().to_dict() == {"input": "I want to kill them."}
    assert full().to_dict() == {
        "input": [
            {"text": "...text to classify goes here...", "type": "text"},
            {"image_url": {"url": "https://example.com/image.png"}, "type": "image_url"},
        ],
        "model": "omni-moderation-latest",
    }
    assert_valid("CreateModerationRequest", minimal())
    assert_valid("CreateModerationRequest", full())


# ---------------------------------------------------------------- create


def test_create_minimal(prism: Harness) -> None:
    req = minimal()
    assert_valid("CreateModerationRequest", req)
    check_response(prism.call(prism.client.moderations().create(req)))


def test_create_full(prism: Harness) -> None:
    req = full()
    assert_valid("CreateModerationRequest", req)
    check_response(prism.call(prism.client.moderations().create(req)))


def test_create_strings(prism: Harness) -> None:
    req = CreateModerationRequestArgs().input(["one", "two"]).model("text-moderation-stable").build()
    assert_valid("CreateModerationRequest", req)
    check_response(prism.call(prism.client.moderations().create(req)))


def test_create_sends_the_request_as_json(prism: Harness) -> None:
    api = Moderations.create.fn(prism.client.moderations(), full())
    assert (api.method, api.path, api.query) == ("POST", "/moderations", ())
    assert api.body == full().to_json().encode()

