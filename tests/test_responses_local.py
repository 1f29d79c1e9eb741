"""Responses over real sockets to the local server, in both modes.

What Prism cannot do: a typed event stream read as it arrives (gated), unknown and error
events, multi-turn chaining by ``previous_response_id``, a function-call round trip, and
retrieve / delete / input items on what the server stored, auto-paginated.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Harness

from openai_rs_port._pagination import AsyncPager
from openai_rs_port.error import ApiError, BadRequestError, NotFoundError
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.responses import (
    CreateResponseArgs,
    FunctionArgs,
    FunctionCall,
    FunctionCallOutput,
    InputMessageArgs,
    ItemMessage,
    OutputMessage,
    Response,
    ResponseCompletedEvent,
    ResponseCreatedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseInProgressEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    Status,
    UnknownResponseStreamEvent,
)

pytest_plugins = ["local_server"]

WEATHER = (FunctionArgs().name("get_weather").description("Weather of a city")
           .parameters({"type": "object", "properties": {"input": {"type": "string"}}}).strict(True)
           .build())


def collect(h: Harness, pager: Any) -> list[Any]:
    if h.is_async:
        assert isinstance(pager, AsyncPager)

        async def run() -> list[Any]:
            return [x async for x in pager]

        return h.call(run())  # type: ignore[no-any-return]
    return list(pager)


def ask(text: str, **extra: Any) -> Any:
    args = CreateResponseArgs().model("gpt-4o").input(text)
    for name, value in extra.items():
        getattr(args, name)(value)
    return args.build()


def test_create_and_output_text(local: Harness) -> None:
    r = local.call(local.client.responses().create(ask("hello there")))
    assert type(r) is Response
    assert r.status is Status.COMPLETED
    [message] = r.output
    assert type(message) is OutputMessage
    assert r.output_text == "Echo: hello there"
    assert r.usage is not None and r.usage.input_tokens == 2 and r.usage.output_tokens == 3


def test_stream_events_in_order(local: Harness) -> None:
    stream = local.call(local.client.responses().create_stream(ask("one two three four")))
    events = local.collect(stream)
    kinds = [type(e) for e in events]
    assert kinds[:3] == [ResponseCreatedEvent, ResponseInProgressEvent, ResponseOutputItemAddedEvent]
    assert kinds[-2:] == [ResponseOutputItemDoneEvent, ResponseCompletedEvent]
    deltas = [e.delta for e in events if type(e) is ResponseTextDeltaEvent]
    assert len(deltas) > 1 and "".join(deltas) == "Echo: one two three four"
    [done] = [e for e in events if type(e) is ResponseTextDoneEvent]
    assert done.text == "".join(deltas)
    assert events[-1].response.output_text == done.text
    assert events[0].response.status == "in_progress" and events[0].response.output == []


def test_stream_of_a_function_call(local: Harness) -> None:
    stream = local.call(local.client.responses().create_stream(ask("Paris", tools=[WEATHER])))
    events = local.collect(stream)
    added = events[2]
    assert type(added) is ResponseOutputItemAddedEvent and type(added.item) is FunctionCall
    deltas = [e.delta for e in events if type(e) is ResponseFunctionCallArgumentsDeltaEvent]
    [done] = [e for e in events if type(e) is ResponseFunctionCallArgumentsDoneEvent]
    assert "".join(deltas) == done.arguments and json.loads(done.arguments) == {"input": "Paris"}
    assert type(events[-1]) is ResponseCompletedEvent


def typed(kind: str, **fields: Any) -> str:
    return "data: " + json.dumps({"type": kind, **fields}) + "\n\n"


RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "error": None,
            "incomplete_details": None, "instructions": None, "model": "m", "output": [],
            "parallel_tool_calls": True, "metadata": {}, "tool_choice": "auto", "temperature": 1,
            "tools": [], "top_p": 1}


def test_stream_read_as_it_arrives_with_an_unknown_event(local: Harness,
                                                          local_server: MockOpenAIServer) -> None:
    local_server.script("/v1/responses", {"sse": [
        typed("response.created", response={**RESPONSE, "status": "in_progress"}),
        {"open": "created-sent"}, {"wait": "more"},
        typed("response.brand_new", detail=1),
        typed("response.output_text.delta", item_id="m", output_index=0, content_index=0, delta="hi"),
        typed("response.completed", response=RESPONSE),
    ]})
    stream = local.call(local.client.responses().create_stream(ask("x")))
    local_server.wait_for("created-sent")
    first = local.next(stream)
    assert type(first) is ResponseCreatedEvent and first.response.id == "resp_1"
    local_server.gate("more").open()
    unknown, delta, completed = local.collect(stream)
    assert unknown == UnknownResponseStreamEvent(type="response.brand_new",
                                                 data={"type": "response.brand_new", "detail": 1})
    assert type(delta) is ResponseTextDeltaEvent and delta.delta == "hi"
    assert type(completed) is ResponseCompletedEvent


def test_error_event_raises(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script("/v1/responses", {"sse": [
        typed("response.created", response=RESPONSE),
        typed("error", code="server_error", message="The model failed", param=None),
    ]})
    stream = local.call(local.client.responses().create_stream(ask("x")))
    assert type(local.next(stream)) is ResponseCreatedEvent
    with pytest.raises(ApiError) as e:
        local.next(stream)
    assert "The model failed" in str(e.value)


def test_multi_turn_chaining(local: Harness) -> None:
    responses = local.client.responses()
    first = local.call(responses.create(ask("My name is Ada")))
    second = local.call(responses.create(ask("What is my name?", previous_response_id=first.id)))
    assert second.previous_response_id == first.id
    assert second.output_text == "Echo: What is my name?"
    # The chained turn is billed for the whole conversation: both inputs and the first answer.
    assert first.usage is not None and second.usage is not None
    assert second.usage.input_tokens == (first.usage.input_tokens + first.usage.output_tokens + 4)
    with pytest.raises(NotFoundError):
        local.call(responses.create(ask("again", previous_response_id="resp-unknown")))


def test_function_call_round_trip(local: Harness) -> None:
    responses = local.client.responses()
    message = InputMessageArgs().role("user").content("What is the weather in Paris?").build()
    req = CreateResponseArgs().model("gpt-4o").input([message]).tools([WEATHER]).build()
    first = local.call(responses.create(req))
    [call] = first.output
    assert type(call) is FunctionCall and call.name == "get_weather"
    assert json.loads(call.arguments) == {"input": "What is the weather in Paris?"}
    answer = FunctionCallOutput(call_id=call.call_id, output='{"temp": "21C"}')
    follow = (CreateResponseArgs().model("gpt-4o").previous_response_id(first.id).tools([WEATHER])
              .input([answer]).build())
    second = local.call(responses.create(follow))
    assert second.output_text == 'Function result: {"temp": "21C"}'
    # Without the chain, the server knows no such call.
    alone = CreateResponseArgs().model("gpt-4o").tools([WEATHER]).input([answer]).build()
    with pytest.raises(BadRequestError):
        local.call(responses.create(alone))
    # As async-openai's example does: the call sent back as input along with its output.
    replay = CreateResponseArgs().model("gpt-4o").tools([WEATHER]).input([message, call, answer]).build()
    assert local.call(responses.create(replay)).output_text == second.output_text


def test_retrieve_delete_and_input_items(local: Harness, local_server: MockOpenAIServer) -> None:
    responses = local.client.responses()
    texts = [f"turn {i}" for i in range(5)]
    items = [InputMessageArgs().role("user").content(t).build() for t in texts]
    r = local.call(responses.create(CreateResponseArgs().model("gpt-4o").input(items).build()))
    again = local.call(responses.retrieve(r.id))
    assert again == r
    local_server.state.page_size = 2
    listed = collect(local, responses.input_items(r.id).list())
    assert [type(i) for i in listed] == [ItemMessage] * 5
    assert [i.content[0].text for i in listed] == texts
    first_page = local.call(responses.input_items(r.id).list({"order": "desc"}))
    assert first_page.has_more and [i.content[0].text for i in first_page.data] == texts[:2:-1][:2]
    gets = [q for q in local_server.requests(f"/v1/responses/{r.id}/input_items") if q.method == "GET"]
    assert len(gets) == 4  # three pages of two, then the first page again
    assert local.call(responses.delete(r.id)) is None
    with pytest.raises(NotFoundError):
        local.call(responses.retrieve(r.id))
    with pytest.raises(NotFoundError):
        local.call(responses.input_items(r.id).list())


def test_unstored_response_is_not_kept(local: Harness) -> None:
    r = local.call(local.client.responses().create(ask("secret", store=False)))
    assert r.output_text == "Echo: secret"
    with pytest.raises(NotFoundError):
        local.call(local.client.responses().retrieve(r.id))


def test_docs_walkthroughs_run(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/responses.md runs as written, block after block, against its own server."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "responses.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    assert len(blocks) == 6
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"responses.md block {i}", "exec"), namespace)
    finally:
        server = namespace.get("server")
        if server is not None:
            server.stop()
    printed = capsys.readouterr().out
    assert "Echo: What transport protocols does the MCP spec support?" in printed
    assert "Function result: The weather in What's the weather like in Paris today? is 25 celsius" in printed
    assert "Echo: Write a haiku about the sea\n[done]" in printed
    assert "user My name is Ada." in printed


def test_core_features_apply_without_group_code(local: Harness, local_server: MockOpenAIServer) -> None:
    # Raw answers, per-call options and byot twins come from the core, for this group too.
    raw = local.call(local.client.with_raw_response().responses().create(ask("raw")))
    assert raw.status == 200 and raw.request_id and raw.parse().output_text == "Echo: raw"
    tagged = local.client.with_options(headers={"X-Trace": "t1"}, extra_body={"user": "u-9"})
    r = local.call(tagged.responses().create(ask("opts")))
    assert r.user == "u-9"
    [sent] = [q for q in local_server.requests("/v1/responses") if q.json()["input"] == "opts"]
    assert sent.headers["x-trace"] == "t1"
    answer = local.call(local.client.responses().create_byot({"model": "m", "input": "byot"}))
    assert type(answer) is dict and answer["output"][0]["content"][0]["text"] == "Echo: byot"
    events = local.collect(local.call(local.client.responses().create_stream_byot(
        {"model": "m", "input": "byot"})))
    assert events[-1]["type"] == "response.completed"
