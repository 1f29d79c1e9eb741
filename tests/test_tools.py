"""Function tools from typed functions, the ``Invoke`` plan step, and ``chat().run_tools`` in
both modes against the local server (parallel calls, a two-turn loop, bad arguments,
``max_turns``)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any, Literal

import pytest
from conftest import Harness
from jsonschema import Draft202012Validator
from local_server import CHAT, chat_request
from spec import assert_valid
from test_structured import assert_strict

from openai_rs_port._resource import Invoke, Plan, Resource, plan_endpoint
from openai_rs_port.error import InvalidArgument
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.tools import (
    ChatToolRun,
    ToolArgumentsError,
    function_tool,
    output_text,
    response_function_tool,
    tool,
)


@dataclass(frozen=True)
class Location:
    city: str
    country: str | None


def get_weather(location: Location, unit: Literal["celsius", "fahrenheit"] = "celsius") -> dict[str, Any]:
    """Get the current weather at a place.

    Args:
        location: Where to look, a city and
            maybe its country.
        unit (str): The temperature unit.

    Returns:
        The weather.
    """
    return {"city": location.city, "temperature": 21 if unit == "celsius" else 70, "unit": unit}


def get_time(zone: str, hours: list[int]) -> str:
    """Get the time in a time zone.

    Parameters
    ----------
    zone : str
        An IANA time zone
        name.
    hours : list of int
        Hours to list.
    """
    return f"12:00 in {zone} ({len(hours)} hours)"


def test_function_tool_from_google_docstring() -> None:
    t = function_tool(get_weather)
    f = t.function
    assert (f.name, f.description, f.strict) == ("get_weather", "Get the current weather at a place.", True)
    assert f.parameters is not None
    assert_strict(f.parameters)
    props = f.parameters["properties"]
    assert props["location"]["description"] == "Where to look, a city and maybe its country."
    assert props["unit"] == {"type": "string", "enum": ["celsius", "fahrenheit"],
                             "description": "The temperature unit."}
    assert f.parameters["$defs"]["Location"]["required"] == ["city", "country"]
    assert_valid("ChatCompletionTool", t)


def test_function_tool_from_numpy_docstring_and_responses_tool() -> None:
    t = response_function_tool(get_time)
    assert t.description == "Get the time in a time zone."
    assert t.parameters is not None
    assert_strict(t.parameters)
    assert t.parameters["properties"]["zone"]["description"] == "An IANA time zone name."
    assert t.parameters["properties"]["hours"] == {"type": "array", "items": {"type": "integer"},
                                                   "description": "Hours to list."}
    assert_valid("FunctionTool", t)
    Draft202012Validator(t.parameters).validate({"zone": "UTC", "hours": [1]})


def test_arguments_are_decoded_into_the_parameter_types() -> None:
    t = tool(get_weather)
    kwargs = t.decode('{"location": {"city": "Paris", "country": null}, "unit": "fahrenheit"}')
    assert kwargs == {"location": Location(city="Paris", country=None), "unit": "fahrenheit"}
    assert t.call('{"location": {"city": "Oslo", "country": "NO"}, "unit": "celsius"}') == {
        "city": "Oslo", "temperature": 21, "unit": "celsius"}
    for bad, why in [("{", "not JSON"), ('{"unit": "celsius"}', "missing argument 'location'"),
                     ('{"location": {"city": 1, "country": null}, "unit": "celsius"}', "location.city"),
                     ('{"location": {"city": "a", "country": null}, "unit": "kelvin"}', "kelvin"),
                     ('{"location": {"city": "a", "country": null}, "unit": "celsius", "x": 1}', "x")]:
        with pytest.raises(ToolArgumentsError, match=why):
            t.decode(bad)
        out = t.call(bad)
        assert isinstance(out, str) and out.startswith("Error: invalid arguments for get_weather")


def test_functions_without_a_schema_are_refused() -> None:
    def untyped(x):  # type: ignore[no-untyped-def]
        return x

    def star(*args: int) -> None: ...

    for fn in (untyped, star):
        with pytest.raises(TypeError):
            tool(fn)
    with pytest.raises(TypeError, match="valid tool name"):
        tool(get_time, name="has space")


def test_output_text() -> None:
    assert output_text("plain") == "plain"
    assert json.loads(output_text({"a": 1})) == {"a": 1}
    assert json.loads(output_text(Location(city="x", country=None))) == {"city": "x", "country": None}
    assert output_text(ValueError("boom")) == "Error: ValueError: boom"


# ---------------------------------------------------------------- Invoke, the core step


class Steps(Resource[Any]):
    @plan_endpoint
    def run(self, fns: tuple[Any, ...]) -> Plan[list[Any]]:
        return (yield Invoke(fns))


def test_invoke_runs_callables_and_awaits_coroutines(local: Harness) -> None:
    order: list[str] = []

    async def first() -> str:
        order.append("first started")
        if local.is_async:
            # Only a concurrent run gets past this: the second coroutine sets the event.
            await asyncio.wait_for(ready.wait(), 5)
        return "one"

    async def second() -> str:
        order.append("second started")
        if local.is_async:
            ready.set()
        return "two"

    def plain() -> int:
        order.append("plain")
        return 3

    def fails() -> None:
        raise RuntimeError("nope")

    ready = asyncio.Event()
    out = local.call(Steps(local.client).run((first, second, plain, fails)))
    assert out[:3] == ["one", "two", 3]
    assert isinstance(out[3], RuntimeError) and str(out[3]) == "nope"
    # Client runs each to its end in order; AsyncClient calls them all, then awaits the
    # coroutines together (their bodies start then).
    expected = ["plain", "first started", "second started"] if local.is_async else [
        "first started", "second started", "plain"]
    assert order == expected


# ---------------------------------------------------------------- chat().run_tools


def tool_calls_answer(*calls: tuple[str, str, str]) -> dict[str, Any]:
    return {"id": "chatcmpl-t", "object": "chat.completion", "created": 1, "model": "gpt-4o",
            "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": None, "message": {
                "role": "assistant", "content": None, "tool_calls": [
                    {"id": cid, "type": "function", "function": {"name": name, "arguments": args}}
                    for cid, name, args in calls]}}]}


def answer(text: str) -> dict[str, Any]:
    return {"id": "chatcmpl-a", "object": "chat.completion", "created": 1, "model": "gpt-4o",
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": text}}]}


PARIS = json.dumps({"location": {"city": "Paris", "country": "FR"}, "unit": "celsius"})


def test_two_turn_loop_runs_parallel_calls(local: Harness, local_server: MockOpenAIServer) -> None:
    local_server.script(CHAT, {"json": tool_calls_answer(
        ("call_1", "get_weather", PARIS), ("call_2", "get_time", '{"zone": "UTC", "hours": [1, 2]}'))},
        {"json": answer("It is 21 C in Paris at noon.")})
    run = local.call(local.client.chat().run_tools(chat_request("weather and time?"),
                                                   tools=[get_weather, get_time]))
    assert isinstance(run, ChatToolRun) and run.finished
    assert run.content == "It is 21 C in Paris at noon."
    assert len(run.completions) == 2
    roles = [m.role for m in run.messages]
    assert roles == ["user", "assistant", "tool", "tool", "assistant"]
    outs = run.messages[2:4]
    assert [m.tool_call_id for m in outs] == ["call_1", "call_2"]  # type: ignore[union-attr]
    assert json.loads(outs[0].content)["temperature"] == 21  # type: ignore[union-attr,arg-type]
    assert outs[1].content == "12:00 in UTC (2 hours)"  # type: ignore[union-attr]
    first, second = (json.loads(r.body) for r in local_server.requests(CHAT))
    assert [t["function"]["name"] for t in first["tools"]] == ["get_weather", "get_time"]
    assert [m["role"] for m in second["messages"]] == ["user", "assistant", "tool", "tool"]
    assert second["messages"][1]["tool_calls"][0]["id"] == "call_1"
    for body in (first, second):
        assert_valid("CreateChatCompletionRequest", body)


def test_async_tools_run_concurrently_on_async_client(local: Harness, local_server: MockOpenAIServer) -> None:
    started: list[str] = []
    both = asyncio.Event()

    async def slow_a(n: int) -> str:
        """A."""
        started.append("a")
        if local.is_async:
            await asyncio.wait_for(both.wait(), 5)  # passes only if slow_b runs meanwhile
        return f"a{n}"

    async def slow_b(n: int) -> str:
        """B."""
        started.append("b")
        both.set()
        return f"b{n}"

    local_server.script(CHAT, {"json": tool_calls_answer(("c1", "slow_a", '{"n": 1}'),
                                                         ("c2", "slow_b", '{"n": 2}'))},
                        {"json": answer("done")})
    run = local.call(local.client.chat().run_tools(chat_request("go"), tools=[slow_a, slow_b]))
    assert [m.content for m in run.messages if m.role == "tool"] == ["a1", "b2"]
    assert started == ["a", "b"]


def test_bad_arguments_and_errors_go_back_to_the_model(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    def explode(x: int) -> int:
        """Fails."""
        raise ZeroDivisionError("no")

    local_server.script(CHAT, {"json": tool_calls_answer(
        ("c1", "get_weather", '{"location": "Paris"}'), ("c2", "explode", '{"x": 1}'),
        ("c3", "nowhere", "{}"))}, {"json": answer("sorry")})
    run = local.call(local.client.chat().run_tools(chat_request("x"), tools=[get_weather, explode]))
    outs = [m.content for m in run.messages if m.role == "tool"]
    assert outs[0].startswith("Error: invalid arguments for get_weather: location: expected an object")
    assert outs[1] == "Error: ZeroDivisionError: no"
    assert outs[2].startswith("Error: there is no tool named 'nowhere'")
    assert run.finished and run.content == "sorry"


def test_max_turns_stops_the_loop(local: Harness, local_server: MockOpenAIServer) -> None:
    again = {"json": tool_calls_answer(("c", "get_time", '{"zone": "UTC", "hours": []}'))}
    local_server.script(CHAT, again, again, again)
    run = local.call(local.client.chat().run_tools(chat_request("x"), tools=[get_time], max_turns=2))
    assert not run.finished and len(run.completions) == 2
    assert len(local_server.requests(CHAT)) == 2
    assert run.messages[-1].role == "tool"
    with pytest.raises(InvalidArgument, match="max_turns"):
        local.call(local.client.chat().run_tools(chat_request("x"), tools=[get_time], max_turns=0))


# ---------------------------------------------------------------- responses().run_tools


def lookup(city: str, unit: Literal["celsius", "fahrenheit"]) -> str:
    """Look up the weather.

    Args:
        city: The city.
        unit: The unit.
    """
    return f"{city}: 21 {unit}"


def test_responses_tool_loop_against_the_local_server(local: Harness, local_server: MockOpenAIServer) -> None:
    # The local server calls the first function offered (the enum's first value, the text
    # for other strings), then answers "Function result: <output>" once the output is sent.
    from openai_rs_port.tools import ResponseToolRun
    from openai_rs_port.types.responses.response import (
        CreateResponse,
        FunctionCall,
        FunctionCallOutput,
        InputMessage,
    )

    run = local.call(local.client.responses().run_tools(
        CreateResponse(model="gpt-4o", input="Oslo"), tools=[lookup]))
    assert isinstance(run, ResponseToolRun) and run.finished and len(run.responses) == 2
    assert run.output_text == "Function result: Oslo: 21 celsius"
    kinds = [type(i) for i in run.input]
    assert kinds == [InputMessage, FunctionCall, FunctionCallOutput, InputMessage]
    first, second = (json.loads(r.body) for r in local_server.requests("/v1/responses"))
    assert first["tools"] == [response_function_tool(lookup).to_dict()]
    assert second["input"][2] == {"type": "function_call_output", "call_id": second["input"][1]["call_id"],
                                  "output": "Oslo: 21 celsius"}
    for body in (first, second):
        assert_valid("CreateResponse", body)


def test_responses_tool_loop_max_turns(local: Harness, local_server: MockOpenAIServer) -> None:
    from openai_rs_port.types.responses.response import CreateResponse

    run = local.call(local.client.responses().run_tools(
        CreateResponse(model="gpt-4o", input="Oslo"), tools=[lookup], max_turns=1))
    assert not run.finished and len(run.responses) == 1
    assert run.input[-1].output == "Oslo: 21 celsius"  # type: ignore[union-attr]


# ---------------------------------------------------------------- streamed loops


def split_call_chunks(*calls: tuple[str, str, str], size: int = 4) -> list[str]:
    """One turn that calls several tools at once, each call's arguments cut into pieces."""
    from local_server import DONE, sse

    head = {"id": "chatcmpl-s", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o"}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        return sse({**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})

    out = [chunk({"role": "assistant", "content": None})]
    for i, (cid, name, _) in enumerate(calls):
        out.append(chunk({"tool_calls": [{"index": i, "id": cid, "type": "function",
                                          "function": {"name": name, "arguments": ""}}]}))
    longest = max(len(a) for _, _, a in calls)
    for start in range(0, longest, size):
        out.append(chunk({"tool_calls": [
            {"index": i, "function": {"arguments": a[start:start + size]}}
            for i, (_, _, a) in enumerate(calls) if start < len(a)]}))
    return [*out, chunk({}, "tool_calls"), DONE]


def test_streamed_chat_loop_yields_chunks_then_outputs(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    from openai_rs_port.types.chat import ChatCompletionRequestToolMessage, CreateChatCompletionStreamResponse

    local_server.script(CHAT, {"sse": split_call_chunks(
        ("c1", "lookup", '{"city": "Rome", "unit": "fahrenheit"}'),
        ("c2", "get_time", '{"zone": "Europe/Rome", "hours": [9, 10, 11]}'))})
    stream = local.client.chat().run_tools_stream(chat_request("what now?"), tools=[lookup, get_time])
    items = local.collect(stream)
    kinds = ["chunk" if isinstance(i, CreateChatCompletionStreamResponse) else "tool" for i in items]
    first_tool = kinds.index("tool")
    assert kinds[first_tool:first_tool + 2] == ["tool", "tool"] and "tool" not in kinds[first_tool + 2:]
    assert kinds[0] == "chunk" and kinds[-1] == "chunk" and len(kinds) > 10
    outputs = [i for i in items if isinstance(i, ChatCompletionRequestToolMessage)]
    assert [o.content for o in outputs] == ["Rome: 21 fahrenheit", "12:00 in Europe/Rome (3 hours)"]
    run = stream.run
    assert run is not None and run.finished
    # The second turn: the server's answer to the tool messages it got.
    assert run.content == "Function result: Rome: 21 fahrenheit; 12:00 in Europe/Rome (3 hours)"
    assert run.completions[0].choices[0].message.tool_calls[1].function.arguments == (
        '{"zone": "Europe/Rome", "hours": [9, 10, 11]}')
    second = json.loads(local_server.requests(CHAT)[1].body)
    assert second["stream"] is True and [m["role"] for m in second["messages"]] == [
        "user", "assistant", "tool", "tool"]


def test_streamed_loop_closed_early_makes_no_more_calls(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    call = ("c1", "lookup", '{"city": "Rome", "unit": "celsius"}')
    local_server.script(CHAT, {"sse": split_call_chunks(call)})
    stream = local.client.chat().run_tools_stream(chat_request("x"), tools=[lookup])
    local.next(stream)
    if local.is_async:
        local.call(stream.aclose())
    else:
        stream.close()
    assert stream.run is None
    assert len(local_server.requests(CHAT)) == 1


def test_streamed_responses_loop(local: Harness, local_server: MockOpenAIServer) -> None:
    from openai_rs_port.types.responses.response import CreateResponse, FunctionCallOutput

    stream = local.client.responses().run_tools_stream(CreateResponse(model="gpt-4o", input="Lima"),
                                                       tools=[lookup])
    items = local.collect(stream)
    outputs = [i for i in items if isinstance(i, FunctionCallOutput)]
    assert [o.output for o in outputs] == ["Lima: 21 celsius"]
    types = [getattr(i, "type", None) for i in items]
    assert types.count("response.completed") == 2
    assert types.index("function_call_output") < len(types) - 1
    assert stream.run is not None and stream.run.finished
    assert stream.run.output_text == "Function result: Lima: 21 celsius"
    assert stream.run.responses[1] == [i for i in items if getattr(i, "type", None) == "response.completed"][
        1].response


TYPED = '''
from dataclasses import dataclass
from openai_rs_port import AsyncClient, Client
from openai_rs_port.types.chat import CreateChatCompletionRequest
from openai_rs_port.types.responses.response import CreateResponse


@dataclass
class Out:
    x: int


def f(a: int) -> int:
    return a


async def main(c: Client, ac: AsyncClient, req: CreateChatCompletionRequest, r: CreateResponse) -> None:
    reveal_type(c.chat().parse(req, response_format=Out).parsed)
    reveal_type((await ac.chat().parse(req, response_format=Out)).parsed)
    reveal_type(c.chat().run_tools(req, tools=[f]).content)
    reveal_type(ac.chat().run_tools_stream(req, tools=[f]))
    reveal_type(c.responses().parse(r, text_format=Out).parsed)
    reveal_type(c.responses().run_tools_stream(r, tools=[f]).run)
'''


def test_mypy_sees_the_helpers_results(tmp_path: Any) -> None:
    from mypy import api

    src = tmp_path / "typed.py"
    src.write_text(TYPED)
    out, _err, _status = api.run(["--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(src)])
    revealed = [line.split("Revealed type is ", 1)[1] for line in out.splitlines() if "Revealed type" in line]
    assert revealed == [
        '"typed.Out"', '"typed.Out"', '"str | None"',
        '"openai_rs_port.tools.AsyncToolStream[openai_rs_port.tools.ChatToolRun]"',
        '"typed.Out"', '"openai_rs_port.tools.ResponseToolRun | None"',
    ], out


# ---------------------------------------------------------------- through Prism: the requests fit the spec


def test_helper_requests_pass_prism(prism: Harness) -> None:
    from openai_rs_port.error import ApiError, JSONDeserialize
    from openai_rs_port.structured import LengthFinishReasonError, ParsedChatCompletion, RefusalError
    from openai_rs_port.types.responses.response import CreateResponse

    # Prism answers with the spec's example (a refusal "string"), not our class: the helper
    # may raise its typed errors, but the request must not be refused (Prism answers 422 to
    # a request outside the spec).
    try:
        out = prism.call(prism.client.chat().parse(chat_request("x"), response_format=Location))
        assert isinstance(out, ParsedChatCompletion)
    except (JSONDeserialize, RefusalError, LengthFinishReasonError):
        pass
    except ApiError as e:  # pragma: no cover - the failure this test is for
        pytest.fail(f"Prism refused the parse request: {e}")
    run = prism.call(prism.client.chat().run_tools(chat_request("x"), tools=[get_weather, get_time],
                                                   max_turns=1))
    assert len(run.completions) == 1
    rrun = prism.call(prism.client.responses().run_tools(CreateResponse(model="gpt-4o", input="x"),
                                                         tools=[lookup], max_turns=1))
    assert len(rrun.responses) == 1
