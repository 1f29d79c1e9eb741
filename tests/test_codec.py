"""The compiled codec: decoded objects equal constructed ones; exact unions; lenient
responses (missing fields filled, wrong shapes named by path); omitted nulls; repr."""

from __future__ import annotations

import dataclasses
import logging
import typing
from enum import StrEnum
from typing import Annotated, Any, Literal

import pytest

from openai_rs_port import _codec
from openai_rs_port._codec import ApiModel, DecodeError, Tagged, decode, encode
from openai_rs_port._request import json_decoder
from openai_rs_port.error import JSONDeserialize
from openai_rs_port.types.audio import CreateTranscriptionResponseVerboseJson
from openai_rs_port.types.chat import (
    ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessage,
    ChatCompletionRequestUserMessage,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionResponse,
    Role,
)
from openai_rs_port.types.common import CompletionUsage, PromptTokensDetails
from openai_rs_port.types.file import ListFilesResponse

Model = ApiModel


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Cat(Model):
    name: str
    kind: Literal["cat"] = dataclasses.field(default="cat", init=False)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Dog(Model):
    name: str
    tricks: list[str] = dataclasses.field(default_factory=list)
    kind: Literal["dog"] = dataclasses.field(default="dog", init=False)


Pet = Annotated[Cat | Dog, Tagged("kind")]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Home(Model):
    pets: list[Pet]
    owner: str | None = None
    rooms: int = 3


def test_decoded_equals_constructed_and_round_trips() -> None:
    home = Home(pets=[Cat(name="a"), Dog(name="b", tricks=["sit"])], owner="o")
    data = home.to_dict()
    assert data == {"pets": [{"name": "a", "kind": "cat"},
                             {"name": "b", "tricks": ["sit"], "kind": "dog"}],
                    "owner": "o", "rooms": 3}
    back = Home.from_dict(data)
    assert back == home
    assert type(back.pets[1]) is Dog
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.owner = "x"  # type: ignore[misc]


def test_defaults_apply_for_missing_and_null_values() -> None:
    home = Home.from_dict({"pets": [{"kind": "dog", "name": "d"}], "rooms": None})
    assert home.rooms == 3 and home.owner is None
    assert home.pets == [Dog(name="d")] and home.pets[0].tricks == []


def test_missing_required_field_is_filled_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="openai_rs_port")
    home = Home.from_dict({"owner": "o"})
    assert home.pets == [] and home.owner == "o" and home.rooms == 3
    [record] = [r for r in caplog.records if r.name == "openai_rs_port"]
    assert record.levelno == logging.DEBUG
    assert "Home" in record.getMessage() and "'pets'" in record.getMessage()


def test_unknown_variant_stays_raw_and_unknown_fields_are_ignored() -> None:
    home = Home.from_dict({"pets": [{"kind": "parrot", "name": "p"}], "garden": True})
    assert home.pets == [{"kind": "parrot", "name": "p"}]  # type: ignore[comparison-overlap]


def test_tag_beats_first_fit() -> None:
    # dataclasses-json decoded this as the system message (first dataclass that fits).
    msg = decode(ChatCompletionRequestMessage, {"role": "user", "content": "hi"})
    assert type(msg) is ChatCompletionRequestUserMessage
    msg = decode(ChatCompletionRequestMessage, {"role": "system", "content": "s"})
    assert type(msg) is ChatCompletionRequestSystemMessage


def test_unknown_enum_value_stays_a_string() -> None:
    body = {
        "id": "c", "object": "chat.completion", "created": 1, "model": "m",
        "choices": [{"index": 0, "finish_reason": "brand_new_reason",
                     "message": {"role": "assistant", "content": "x"}}],
    }
    resp = CreateChatCompletionResponse.from_dict(body)
    assert resp.choices[0].finish_reason == "brand_new_reason"
    assert resp.choices[0].message.role is Role.ASSISTANT


def test_unset_optionals_are_not_serialized_as_null() -> None:
    usage = CompletionUsage(prompt_tokens=1, completion_tokens=2, total_tokens=3,
                            prompt_tokens_details=PromptTokensDetails(cached_tokens=0))
    assert encode(usage) == {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3,
                             "prompt_tokens_details": {"cached_tokens": 0}}
    assert "null" not in usage.to_json()


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")
def test_schema_comes_from_dataclasses_json() -> None:
    # dataclasses-json warns that it does not know `X | None` fields (see docs/dataclasses-json.md).
    schema = CompletionUsage.schema()
    loaded = schema.load({"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3})
    assert loaded.total_tokens == 3


# ---------------------------------------------------------------- the base class


def test_the_codec_base_is_api_model_not_the_models_type() -> None:
    from openai_rs_port.types.model import Model as OpenAIModel

    assert not hasattr(_codec, "Model")
    assert issubclass(OpenAIModel, ApiModel) and OpenAIModel is not ApiModel


def test_repr_leaves_out_none_fields() -> None:
    usage = CompletionUsage(prompt_tokens=1, completion_tokens=2, total_tokens=3)
    assert repr(usage) == "CompletionUsage(prompt_tokens=1, completion_tokens=2, total_tokens=3)"
    msg = ChatCompletionRequestUserMessageArgs().content("hi").build()
    assert repr(msg) == "ChatCompletionRequestUserMessage(content='hi', role='user')"
    assert repr(Home(pets=[Cat(name="c")])) == "Home(pets=[Cat(name='c', kind='cat')], rooms=3)"


# ---------------------------------------------------------------- exact unions

# Issue 6 §1 (a): an untagged union that holds a tagged one.


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ItemRef(Model):
    id: str
    type: Literal["item_reference"] | None = None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class TextItem(Model):
    text: str
    type: Literal["text"] = dataclasses.field(default="text", init=False)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ImageItem(Model):
    url: str
    type: Literal["image"] = dataclasses.field(default="image", init=False)


Item = Annotated[TextItem | ImageItem, Tagged("type")]
InputItem = ItemRef | Item


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Input(Model):
    items: list[InputItem]


def test_untagged_union_reaches_its_tagged_member() -> None:
    # The seed tried ItemRef for every object and failed with KeyError: 'id'.
    assert decode(InputItem, {"type": "text", "text": "hi"}) == TextItem(text="hi")  # type: ignore[arg-type]
    assert decode(InputItem, {"type": "image", "url": "u"}) == ImageItem(url="u")  # type: ignore[arg-type]
    assert decode(InputItem, {"id": "r"}) == ItemRef(id="r")  # type: ignore[arg-type]
    got = Input.from_dict({"items": [{"id": "r", "type": "item_reference"}, {"type": "text", "text": "t"}]})
    assert got == Input(items=[ItemRef(id="r", type="item_reference"), TextItem(text="t")])
    assert [type(x) for x in got.items] == [ItemRef, TextItem]


# Issue 6 §1 (b): the Responses ToolChoice shape, where a lenient enum took the wrong member.


class ToolChoiceOptions(StrEnum):
    NONE = "none"
    AUTO = "auto"


class HostedToolType(StrEnum):
    FILE_SEARCH = "file_search"
    WEB_SEARCH_PREVIEW = "web_search_preview"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ToolChoiceHosted(Model):
    type: HostedToolType


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ToolChoiceFunction(Model):
    name: str
    type: Literal["function"] = dataclasses.field(default="function", init=False)


ToolChoice = ToolChoiceOptions | ToolChoiceHosted | ToolChoiceFunction


def test_enum_leniency_never_chooses_a_union_member() -> None:
    # The seed decoded this as ToolChoiceHosted(type='function') and dropped the name.
    got: Any = decode(ToolChoice, {"type": "function", "name": "f"})  # type: ignore[arg-type]
    assert type(got) is ToolChoiceFunction and got.name == "f"
    assert decode(ToolChoice, {"type": "file_search"}) == ToolChoiceHosted(  # type: ignore[arg-type]
        type=HostedToolType.FILE_SEARCH)
    assert decode(ToolChoice, "auto") is ToolChoiceOptions.AUTO  # type: ignore[arg-type]
    # No member takes an unknown hosted type; it stays raw JSON, as an unknown variant does.
    assert decode(ToolChoice, {"type": "brand_new"}) == {"type": "brand_new"}  # type: ignore[arg-type]
    # As a field (no member to choose), an unknown enum value is still kept.
    assert ToolChoiceHosted.from_dict({"type": "brand_new"}).type == "brand_new"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Point(Model):
    x: int


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Point3(Model):
    x: int
    z: int


def test_union_prefers_the_member_without_unknown_keys() -> None:
    both = Point | Point3
    assert type(decode(both, {"x": 1, "z": 2})) is Point3  # type: ignore[arg-type]
    assert type(decode(both, {"x": 1})) is Point  # type: ignore[arg-type]
    # A field that a server added does not stop the union from decoding.
    assert decode(both, {"x": 1, "added": True}) == Point(x=1)  # type: ignore[arg-type]


# ---------------------------------------------------------------- lenient responses

CHAT: dict[str, Any] = {
    "id": "c", "object": "chat.completion", "created": 1, "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "x"}}],
}


def _chat(**changes: Any) -> dict[str, Any]:
    body = {**CHAT, "choices": [{**CHAT["choices"][0]}]}
    for key, value in changes.items():
        if key.startswith("choice_"):
            body["choices"][0][key.removeprefix("choice_")] = value
        else:
            body[key] = value
    return body


def test_compatible_server_omissions_decode(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="openai_rs_port")
    body = _chat()
    del body["created"]
    del body["choices"][0]["index"]
    resp = CreateChatCompletionResponse.from_dict(body)
    assert resp.created is None and resp.choices[0].index is None  # type: ignore[comparison-overlap]
    assert resp.choices[0].message.content == "x"
    lines = [r.getMessage() for r in caplog.records if r.name == "openai_rs_port"]
    assert any("CreateChatCompletionResponse" in m and " created" in m for m in lines), lines
    assert any("ChatChoice" in m and "choices[0].index" in m for m in lines), lines
    # A missing required list becomes an empty list.
    no_choices = {k: v for k, v in CHAT.items() if k != "choices"}
    assert CreateChatCompletionResponse.from_dict(no_choices).choices == []


@pytest.mark.parametrize(("changes", "path"), [
    ({"choice_index": "0"}, "choices[0].index"),
    ({"choice_message": "x"}, "choices[0].message"),
    ({"choices": "x"}, "choices"),
    ({"created": "yesterday"}, "created"),
    ({"choice_message": {"role": "assistant", "content": 5}}, "choices[0].message.content"),
    ({"usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": [3]}}, "usage.total_tokens"),
])
def test_a_value_of_the_wrong_shape_names_its_path(changes: dict[str, Any], path: str) -> None:
    with pytest.raises(DecodeError) as e:
        CreateChatCompletionResponse.from_dict(_chat(**changes))
    assert e.value.path == path
    assert str(e.value).startswith(f"{path}: ")
    with pytest.raises(JSONDeserialize) as j:
        json_decoder(CreateChatCompletionResponse)(encode_json(_chat(**changes)))
    assert f"CreateChatCompletionResponse: {path}: " in str(j.value)


def encode_json(data: Any) -> bytes:
    import json

    return json.dumps(data).encode()


def test_json_decoder_names_a_body_that_is_not_json() -> None:
    with pytest.raises(JSONDeserialize) as e:
        json_decoder(CreateChatCompletionResponse)(b"{not json")
    assert "not JSON" in str(e.value) and e.value.raw == b"{not json"


def test_verbose_transcription_decodes_a_plain_text_answer() -> None:
    r = json_decoder(CreateTranscriptionResponseVerboseJson)(b'{"text": "hello"}')
    assert type(r) is CreateTranscriptionResponseVerboseJson
    assert r.text == "hello" and r.language is None and r.duration is None  # type: ignore[comparison-overlap]


def test_empty_file_list_has_no_cursors() -> None:
    page = ListFilesResponse.from_dict({"object": "list", "data": [], "first_id": None,
                                        "last_id": None, "has_more": False})
    assert page.first_id is None and page.last_id is None and page.data == []
    assert ListFilesResponse.from_dict({"object": "list", "data": [], "has_more": False}).last_id is None
    # Every list's cursors say so in their type: an empty page has none.
    from test_unions import _models

    cursors = [(m, name) for m in _models() for name in ("first_id", "last_id")
               if name in m.__dataclass_fields__]
    assert len(cursors) >= 6
    for model, name in cursors:
        hint = typing.get_type_hints(model)[name]
        assert type(None) in typing.get_args(hint), (model, name)
        assert model.__dataclass_fields__[name].default is None, (model, name)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Fresh(Model):
    role: Role
    usage: CompletionUsage | None = None


def test_response_decoding_never_runs_the_wire_form_coercion() -> None:
    Fresh.from_dict({"role": "user", "usage": {"prompt_tokens": 1, "completion_tokens": 1,
                                               "total_tokens": 2}})
    Fresh.from_dict({})  # the careful path too
    assert Fresh not in _codec._COERCION_OF
    Fresh(role=Role.USER)
    assert Fresh in _codec._COERCION_OF  # a constructor does run it


def test_fast_and_careful_paths_agree() -> None:
    body = _chat(usage={"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3,
                        "prompt_tokens_details": {"cached_tokens": 0}}, service_tier="brand_new",
                 choice_finish_reason="also_new")
    fast = _codec._fast(CreateChatCompletionResponse)(body)
    careful = _codec._checked(CreateChatCompletionResponse, _codec._LENIENT)(body, None)
    assert fast == careful and fast.service_tier == "brand_new"
