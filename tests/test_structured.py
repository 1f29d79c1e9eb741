"""Structured outputs: strict schemas from Python types (checked against the strict-mode rules
and the JSON Schema metaschema), decoding back, and ``chat().parse`` in both modes against
the local server (a fitting reply, a refusal, a length cut, a reply that does not fit, a
streamed reply)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any, Literal, TypedDict

import pytest
from conftest import Harness
from jsonschema import Draft202012Validator
from local_server import CHAT, DONE, chat_chunk, chat_request, sse
from spec import assert_valid

from openai_rs_port.accumulate import ChatCompletionStreamAccumulator
from openai_rs_port.error import JSONDeserialize
from openai_rs_port.structured import (
    LengthFinishReasonError,
    ParsedChatCompletion,
    RefusalError,
    json_schema_for,
    parse_as,
    response_format_from,
)
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.chat import ChatCompletionRequestMessageContentPartText, ImageUrl


class Unit(StrEnum):
    CELSIUS = "celsius"
    FAHRENHEIT = "fahrenheit"


class Level(Enum):
    LOW = 1
    HIGH = 2


@dataclass(frozen=True)
class Reading:
    """One measurement."""

    value: float
    unit: Unit


class Place(TypedDict):
    city: str
    country: str | None


@dataclass(frozen=True)
class Forecast:
    """A forecast for a place."""

    place: Place
    readings: list[Reading]
    notes: dict[str, int]
    kind: Literal["daily", "hourly"]
    level: Level
    summary: str | None
    value: int | str
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Node:
    name: str
    children: list[Node]
    parent: Leaf | None


@dataclass(frozen=True)
class Leaf:
    label: str
    next: Leaf | None


def walk(schema: Any, root: dict[str, Any]) -> list[dict[str, Any]]:
    """Every subschema, $refs followed once."""
    seen: list[dict[str, Any]] = []
    stack = [schema]
    refs: set[str] = set()
    while stack:
        s = stack.pop()
        if not isinstance(s, dict):
            continue
        seen.append(s)
        if "$ref" in s:
            ref = s["$ref"]
            if ref not in refs:
                refs.add(ref)
                target = root if ref == "#" else root["$defs"][ref.rsplit("/", 1)[1]]
                stack.append(target)
        stack.extend(s.get("properties", {}).values())
        stack.extend(s.get("anyOf", []))
        if "items" in s:
            stack.append(s["items"])
        stack.extend(s.get("$defs", {}).values())
    return seen


def assert_strict(schema: dict[str, Any]) -> None:
    """The strict-mode rules of Structured Outputs, and a valid JSON Schema."""
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object" and "anyOf" not in schema
    for s in walk(schema, schema):
        assert "additionalProperties" not in s or s["additionalProperties"] is False
        if s.get("type") == "object":
            assert s["additionalProperties"] is False, s
            assert s["required"] == list(s["properties"]), s
        assert not {"minLength", "pattern", "format", "default"} & set(s), s
        assert "type" in s or "anyOf" in s or "$ref" in s or "enum" in s, s


FORECAST = {
    "place": {"city": "Paris", "country": None},
    "readings": [{"value": 21, "unit": "celsius"}, {"value": 70.5, "unit": "fahrenheit"}],
    "notes": [{"key": "wind", "value": 3}, {"key": "rain", "value": 0}],
    "kind": "daily", "level": 2, "summary": None, "value": "mild", "tags": ["a"],
}


def test_schema_of_nested_types_is_strict() -> None:
    schema = json_schema_for(Forecast)
    assert_strict(schema)
    assert schema["description"] == "A forecast for a place."
    props = schema["properties"]
    assert props["kind"] == {"type": "string", "enum": ["daily", "hourly"]}
    assert props["summary"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}
    assert props["value"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    assert props["readings"] == {"type": "array", "items": {"$ref": "#/$defs/Reading"}}
    assert schema["$defs"]["Unit"] == {"type": "string", "enum": ["celsius", "fahrenheit"]}
    assert schema["$defs"]["Level"] == {"type": "integer", "enum": [1, 2]}
    assert schema["$defs"]["Place"]["required"] == ["city", "country"]
    assert "tags" in schema["required"]  # a default does not make a field optional in strict mode
    Draft202012Validator(schema).validate(FORECAST)


def test_recursive_types_refer_to_themselves() -> None:
    schema = json_schema_for(Node)
    assert_strict(schema)
    assert schema["properties"]["children"]["items"] == {"$ref": "#"}
    leaf = schema["$defs"]["Leaf"]
    assert leaf["properties"]["next"] == {"anyOf": [{"$ref": "#/$defs/Leaf"}, {"type": "null"}]}
    data = {"name": "a", "parent": {"label": "x", "next": {"label": "y", "next": None}},
            "children": [{"name": "b", "children": [], "parent": None}]}
    Draft202012Validator(schema).validate(data)
    node = parse_as(Node, json.dumps(data))
    assert node == Node(name="a", parent=Leaf(label="x", next=Leaf(label="y", next=None)),
                        children=[Node(name="b", children=[], parent=None)])


def test_enum_and_list_roots_are_wrapped_in_an_object() -> None:
    schema = json_schema_for(Unit)
    assert_strict(schema)
    assert schema["properties"]["value"] == {"$ref": "#/$defs/Unit"}
    assert parse_as(Unit, '{"value": "celsius"}') is Unit.CELSIUS
    assert parse_as(list[int], '{"value": [1, 2]}') == [1, 2]  # type: ignore[arg-type]


def test_api_models_keep_their_tag() -> None:
    schema = json_schema_for(ChatCompletionRequestMessageContentPartText)
    assert_strict(schema)
    assert schema["properties"]["type"] == {"type": "string", "enum": ["text"]}
    part = parse_as(ChatCompletionRequestMessageContentPartText, '{"text": "hi", "type": "text"}')
    assert part == ChatCompletionRequestMessageContentPartText(text="hi")
    with pytest.raises(JSONDeserialize, match="type"):
        parse_as(ChatCompletionRequestMessageContentPartText, '{"text": "hi", "type": "image"}')
    assert_strict(json_schema_for(ImageUrl))


def test_decode_round_trips_and_rejects_misfits() -> None:
    f = parse_as(Forecast, json.dumps(FORECAST))
    assert f.notes == {"wind": 3, "rain": 0}
    assert f.readings[0] == Reading(value=21.0, unit=Unit.CELSIUS)
    assert f.level is Level.HIGH and f.place == {"city": "Paris", "country": None}
    for broken, where in [
        ({**FORECAST, "kind": "weekly"}, "kind"),
        ({**FORECAST, "extra": 1}, "extra"),
        ({k: v for k, v in FORECAST.items() if k != "tags"}, "tags"),
        ({**FORECAST, "readings": [{"value": "hot", "unit": "celsius"}]}, r"readings\[0\]\.value"),
        ({**FORECAST, "value": 1.5}, "value"),
    ]:
        text = json.dumps(broken)
        with pytest.raises(JSONDeserialize, match=where) as info:
            parse_as(Forecast, text)
        assert info.value.raw == text
    with pytest.raises(JSONDeserialize, match="not JSON"):
        parse_as(Forecast, '{"place": ')


def test_unsupported_types_are_refused() -> None:
    @dataclass
    class Loose:
        anything: Any

    @dataclass
    class IntKeys:
        m: dict[int, str]

    for tp in (Loose, IntKeys):
        with pytest.raises(TypeError):
            json_schema_for(tp)


def test_response_format_is_in_the_spec() -> None:
    rf = response_format_from(Forecast)
    assert rf.json_schema.name == "Forecast" and rf.json_schema.strict is True
    assert_valid("ResponseFormatJsonSchema", rf)
    assert rf.to_dict()["json_schema"]["schema"] == json_schema_for(Forecast)


# ---------------------------------------------------------------- chat().parse, both modes


def completion(content: str | None, finish: str = "stop", refusal: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-p", "object": "chat.completion", "created": 1, "model": "gpt-4o",
            "choices": [{"index": 0, "finish_reason": finish, "logprobs": None,
                         "message": {"role": "assistant", "content": content, "refusal": refusal}}]}


def test_parse_returns_the_instance_and_sends_the_schema(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    local_server.script(CHAT, {"json": completion(json.dumps(FORECAST))})
    out = local.call(local.client.chat().parse(chat_request("forecast?"), response_format=Forecast))
    assert isinstance(out, ParsedChatCompletion)
    assert out.parsed == parse_as(Forecast, json.dumps(FORECAST))
    assert out.message.content == json.dumps(FORECAST)
    (sent,) = local_server.requests(CHAT)
    body = json.loads(sent.body)
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == json_schema_for(Forecast)
    assert_valid("CreateChatCompletionRequest", body)


def test_parse_raises_typed_errors(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, {"json": completion(None, refusal="I can't help with that")},
                        {"json": completion('{"place": {"ci', finish="length")},
                        {"json": completion('{"wrong": true}')})
    chat = local.client.chat()
    with pytest.raises(RefusalError) as refused:
        local.call(chat.parse(chat_request("x"), response_format=Forecast))
    assert refused.value.refusal == "I can't help with that"
    with pytest.raises(LengthFinishReasonError) as cut:
        local.call(chat.parse(chat_request("x"), response_format=Forecast))
    assert cut.value.completion.choices[0].message.content == '{"place": {"ci'
    with pytest.raises(JSONDeserialize) as misfit:
        local.call(chat.parse(chat_request("x"), response_format=Forecast))
    assert misfit.value.raw == '{"wrong": true}'


def test_streamed_parse_yields_text_then_the_instance(local: Harness, local_server: MockOpenAIServer) -> None:
    text = json.dumps({"value": 3.5, "unit": "celsius"})
    chunks = [sse(chat_chunk(text[i:i + 4])) for i in range(0, len(text), 4)]
    local_server.script(CHAT, {"sse": [sse(chat_chunk("", role="assistant")), *chunks,
                                       sse(chat_chunk(finish="stop")), DONE]})
    request = chat_request("reading?")
    from dataclasses import replace

    request = replace(request, response_format=response_format_from(Reading))
    acc = ChatCompletionStreamAccumulator()
    partial = []
    for c in local.collect(local.call(local.client.chat().create_stream(request))):
        acc.add(c)
        partial.append(acc.content())
    assert partial[-1] == text and len(partial) > 3
    assert acc.parsed(Reading).parsed == Reading(value=3.5, unit=Unit.CELSIUS)


# ---------------------------------------------------------------- responses().parse, both modes


def response(text: str | None = None, refusal: str | None = None,
             incomplete: str | None = None) -> dict[str, Any]:
    part = {"type": "refusal", "refusal": refusal} if refusal else {
        "type": "output_text", "text": text, "annotations": []}
    return {"id": "resp_1", "object": "response", "created_at": 1, "model": "gpt-4o",
            "status": "incomplete" if incomplete else "completed", "error": None,
            "incomplete_details": {"reason": incomplete} if incomplete else None,
            "instructions": None, "metadata": {}, "parallel_tool_calls": True, "temperature": 1.0,
            "tool_choice": "auto", "tools": [], "top_p": 1.0,
            "output": [{"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                        "content": [part]}]}


def test_responses_parse(local: Harness, local_server: MockOpenAIServer) -> None:
    from openai_rs_port.structured import ParsedResponse
    from openai_rs_port.types.responses.response import CreateResponse

    path = "/v1/responses"
    local_server.script(path, {"json": response(json.dumps(FORECAST))},
                        {"json": response(refusal="No.")},
                        {"json": response('{"place": ', incomplete="max_output_tokens")},
                        {"json": response("[1, 2]")})
    req = CreateResponse(model="gpt-4o", input="forecast?")
    responses = local.client.responses()
    out = local.call(responses.parse(req, text_format=Forecast))
    assert isinstance(out, ParsedResponse) and out.parsed == parse_as(Forecast, json.dumps(FORECAST))
    body = json.loads(local_server.requests(path)[0].body)
    assert body["text"]["format"] == {"type": "json_schema", "name": "Forecast", "strict": True,
                                      "schema": json_schema_for(Forecast)}
    assert_valid("CreateResponse", body)
    with pytest.raises(RefusalError, match=r"No\."):
        local.call(responses.parse(req, text_format=Forecast))
    with pytest.raises(LengthFinishReasonError):
        local.call(responses.parse(req, text_format=Forecast))
    with pytest.raises(JSONDeserialize) as misfit:
        local.call(responses.parse(req, text_format=Forecast))
    assert misfit.value.raw == "[1, 2]"


def test_parse_stream_yields_text_then_the_parsed_reply(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    text = json.dumps({"value": 7, "unit": "fahrenheit"})
    chunks = [sse(chat_chunk(text[i:i + 3])) for i in range(0, len(text), 3)]
    refused = [sse(chat_chunk(None, refusal="I won't.")), sse(chat_chunk(finish="stop")), DONE]
    local_server.script(CHAT, {"sse": [*chunks, sse(chat_chunk(finish="stop")), DONE]}, {"sse": refused})
    stream = local.client.chat().parse_stream(chat_request("reading?"), response_format=Reading)
    items = local.collect(stream)
    assert "".join(items[:-1]) == text and len(items) > 4
    assert isinstance(items[-1], ParsedChatCompletion) and items[-1] is stream.run
    assert items[-1].parsed == Reading(value=7.0, unit=Unit.FAHRENHEIT)
    body = json.loads(local_server.requests(CHAT)[0].body)
    assert body["stream"] is True and body["response_format"]["json_schema"]["name"] == "Reading"
    with pytest.raises(RefusalError, match="I won't"):
        local.collect(local.client.chat().parse_stream(chat_request("x"), response_format=Reading))


def test_responses_parse_stream(local: Harness, local_server: MockOpenAIServer) -> None:
    from openai_rs_port.structured import ParsedResponse
    from openai_rs_port.types.responses.response import CreateResponse

    # The local server streams its Echo answer: a text that is not the class's JSON.
    stream = local.client.responses().parse_stream(CreateResponse(model="gpt-4o", input="a b c"),
                                                   text_format=Reading)
    with pytest.raises(JSONDeserialize) as misfit:
        local.collect(stream)
    assert misfit.value.raw == "Echo: a b c"
    text = json.dumps({"value": 1, "unit": "celsius"})
    done = response(text)
    events = [sse({"type": "response.created", "response": {**done, "status": "in_progress", "output": []}}),
              *[sse({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0,
                     "content_index": 0, "delta": text[i:i + 5]}) for i in range(0, len(text), 5)],
              sse({"type": "response.completed", "response": done})]
    local_server.script("/v1/responses", {"sse": events})
    items = local.collect(local.client.responses().parse_stream(
        CreateResponse(model="gpt-4o", input="x"), text_format=Reading))
    assert "".join(items[:-1]) == text
    assert isinstance(items[-1], ParsedResponse) and items[-1].parsed == Reading(value=1.0, unit=Unit.CELSIUS)
