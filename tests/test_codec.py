"""The compiled codec: decoded objects equal constructed ones; leniency; omitted nulls."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

import pytest

from openai_rs_port._codec import Model, Tagged, decode, encode
from openai_rs_port.types.chat import (
    ChatCompletionRequestMessage,
    ChatCompletionRequestSystemMessage,
    ChatCompletionRequestUserMessage,
    CreateChatCompletionResponse,
    Role,
)
from openai_rs_port.types.common import CompletionUsage, PromptTokensDetails


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


def test_missing_required_field_is_named() -> None:
    with pytest.raises(KeyError, match="pets"):
        Home.from_dict({"owner": "o"})


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
