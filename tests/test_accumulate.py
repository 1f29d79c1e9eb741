"""Stream accumulators in both modes against the local server: the merged stream equals the
whole answer, field by field (Echo answers, and scripted tool calls split across chunks)."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from typing import Any

from conftest import Harness
from local_server import CHAT, DONE, chat_request, sse

from openai_rs_port.accumulate import ChatCompletionStreamAccumulator, ResponseStreamAccumulator
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.types.chat import CreateChatCompletionResponse
from openai_rs_port.types.responses.response import CreateResponse

HEAD = {"id": "chatcmpl-split", "object": "chat.completion.chunk", "created": 5, "model": "gpt-4o",
        "system_fingerprint": "fp_s", "service_tier": "default"}
USAGE = {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}


def chunk(choices: list[dict[str, Any]], **extra: Any) -> str:
    return sse({**HEAD, "choices": choices, **extra})


def pieces(text: str, size: int = 3) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


def logprob(token: str) -> dict[str, Any]:
    return {"token": token, "logprob": -0.5, "bytes": list(token.encode()), "top_logprobs": []}


WEATHER = json.dumps({"city": "Paris", "unit": "celsius"})
TIME = json.dumps({"zone": "Europe/Paris"})


def tool_answer() -> tuple[dict[str, Any], list[str]]:
    """A scripted answer with two choices: parallel tool calls (arguments in many chunks,
    interleaved between the calls) and a refused content with logprobs, plus usage, as the
    whole completion and as the chunks that make it."""
    whole = {
        **HEAD, "object": "chat.completion", "usage": USAGE,
        "choices": [
            {"index": 0, "finish_reason": "tool_calls", "logprobs": None,
             "message": {"role": "assistant", "content": None, "tool_calls": [
                 {"id": "call_w", "type": "function",
                  "function": {"name": "get_weather", "arguments": WEATHER}},
                 {"id": "call_t", "type": "function",
                  "function": {"name": "get_time", "arguments": TIME}}]}},
            {"index": 1, "finish_reason": "stop",
             "logprobs": {"content": [logprob("Hel"), logprob("lo")], "refusal": None},
             "message": {"role": "assistant", "content": "Hello", "refusal": "No can do"}},
        ],
    }
    out = [chunk([{"index": 0, "delta": {"role": "assistant", "content": None}, "finish_reason": None},
                  {"index": 1, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}],
                 usage=None)]
    out.append(chunk([{"index": 0, "finish_reason": None, "delta": {"tool_calls": [
        {"index": 0, "id": "call_w", "type": "function",
         "function": {"name": "get_weather", "arguments": ""}},
        {"index": 1, "id": "call_t", "type": "function",
         "function": {"name": "get_time", "arguments": ""}},
    ]}}]))
    w, t = pieces(WEATHER), pieces(TIME)
    for i in range(max(len(w), len(t))):
        calls = []
        if i < len(t):  # the second call's fragment first: order is by index, not arrival
            calls.append({"index": 1, "function": {"arguments": t[i]}})
        if i < len(w):
            calls.append({"index": 0, "function": {"arguments": w[i]}})
        out.append(chunk([{"index": 0, "delta": {"tool_calls": calls}, "finish_reason": None}]))
    out.append(chunk([{"index": 1, "delta": {"content": "Hel"}, "finish_reason": None,
                       "logprobs": {"content": [logprob("Hel")], "refusal": None}}]))
    out.append(chunk([{"index": 1, "delta": {"content": "lo", "refusal": "No can"}, "finish_reason": None,
                       "logprobs": {"content": [logprob("lo")], "refusal": None}}]))
    out.append(chunk([{"index": 1, "delta": {"refusal": " do"}, "finish_reason": "stop"}]))
    out.append(chunk([{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]))
    out.append(chunk([], usage=USAGE))
    out.append(DONE)
    return whole, out


def stream_through(local: Harness, acc: ChatCompletionStreamAccumulator, request: Any) -> dict[int, str]:
    """Iterate the stream, feeding ``acc``; returns the content deltas printed on the way,
    joined per choice."""
    stream = local.call(local.client.chat().create_stream(request))
    printed: dict[int, str] = {}
    for c in local.collect(stream):
        acc.add(c)
        for ch in c.choices:
            if ch.delta.content:
                printed[ch.index] = printed.get(ch.index, "") + ch.delta.content
    return printed


def test_echo_stream_accumulates_to_the_whole_answer(local: Harness) -> None:
    req = replace(chat_request("tell me a long story please", include_usage=True), n=2)
    whole = local.call(local.client.chat().create(req))
    acc = ChatCompletionStreamAccumulator()
    printed = stream_through(local, acc, req)
    result = acc.result()
    assert [printed.get(i) for i in (0, 1)] == [whole.choices[0].message.content] * 2
    assert result.usage is not None and result.usage == whole.usage
    assert len(result.choices) == 2
    assert replace(result, id=whole.id) == whole


def test_tool_calls_split_across_chunks_merge_by_index(
    local: Harness, local_server: MockOpenAIServer
) -> None:
    whole_json, chunks = tool_answer()
    local_server.script(CHAT, {"json": whole_json}, {"sse": chunks})
    whole = local.call(local.client.chat().create(chat_request("weather and time?")))
    acc = ChatCompletionStreamAccumulator()
    stream_through(local, acc, chat_request("weather and time?"))
    result = acc.result()
    calls = result.choices[0].message.tool_calls
    assert calls is not None and [c.id for c in calls] == ["call_w", "call_t"]
    assert [json.loads(c.function.arguments) for c in calls] == [json.loads(WEATHER), json.loads(TIME)]
    assert result.choices[1].message.refusal == "No can do"
    assert result.choices[1].logprobs is not None and [
        lp.token for lp in result.choices[1].logprobs.content or ()] == ["Hel", "lo"]
    assert result == whole
    assert result.to_dict() == CreateChatCompletionResponse.from_dict(whole_json).to_dict()


def test_deprecated_function_call_merges(local: Harness, local_server: MockOpenAIServer) -> None:
    args = json.dumps({"q": "a b c d e f"})
    chunks = [chunk([{"index": 0, "delta": {"role": "assistant", "function_call": {"name": "search",
                                                                                  "arguments": ""}},
                      "finish_reason": None}])]
    chunks += [chunk([{"index": 0, "delta": {"function_call": {"arguments": p}}, "finish_reason": None}])
               for p in pieces(args, 2)]
    chunks += [chunk([{"index": 0, "delta": {}, "finish_reason": "function_call"}]), DONE]
    local_server.script(CHAT, {"sse": chunks})
    acc = ChatCompletionStreamAccumulator()
    stream_through(local, acc, chat_request("find"))
    message = acc.result().choices[0].message
    assert message.function_call is not None
    assert (message.function_call.name, message.function_call.arguments) == ("search", args)
    assert message.content is None and message.tool_calls is None
    assert acc.result().choices[0].finish_reason == "function_call"


def test_accumulator_reads_on_while_iterating(local: Harness) -> None:
    acc = ChatCompletionStreamAccumulator()
    assert not acc.chunks_seen and acc.content() is None
    stream = local.call(local.client.chat().create_stream(chat_request("one two three")))
    seen = []
    for c in local.collect(stream):
        assert acc.add(c) is c
        seen.append(acc.content())
    assert seen[-1] == "Echo: one two three"
    # Grows as deltas come: each value is a prefix of the next.
    assert all(b is not None and (a is None or b.startswith(a)) for a, b in itertools.pairwise(seen))
    assert len(set(seen)) > 2


def test_responses_stream_accumulates_to_the_completed_payload(local: Harness) -> None:
    req = CreateResponse(model="gpt-4o", input="stream me a few words")
    stream = local.call(local.client.responses().create_stream(req))
    acc = ResponseStreamAccumulator()
    events = [acc.add(e) for e in local.collect(stream)]
    completed = [e for e in events if e.type == "response.completed"]
    assert len(completed) == 1
    final = acc.result()
    assert final == completed[0].response
    assert acc.text() == final.output_text and final.output_text


def test_responses_stream_cut_before_completion_keeps_the_finished_items(local: Harness) -> None:
    req = CreateResponse(model="gpt-4o", input="stream me a few words")
    events = local.collect(local.call(local.client.responses().create_stream(req)))
    acc = ResponseStreamAccumulator()
    for e in events:
        if e.type == "response.completed":
            break
        acc.add(e)
    partial = acc.result()
    completed = next(e for e in events if e.type == "response.completed").response
    assert partial.output == completed.output
    assert partial.status != completed.status


def test_responses_stream_cut_mid_message_keeps_the_text_so_far(local: Harness) -> None:
    req = CreateResponse(model="gpt-4o", input="stream me a few more words")
    events = local.collect(local.call(local.client.responses().create_stream(req)))
    deltas = [i for i, e in enumerate(events) if e.type == "response.output_text.delta"]
    assert len(deltas) > 2
    acc = ResponseStreamAccumulator()
    for e in events[:deltas[1] + 1]:  # up to the second text delta: the message is not done
        acc.add(e)
    partial = acc.result()
    so_far = events[deltas[0]].delta + events[deltas[1]].delta
    assert acc.text() == so_far and partial.output_text == so_far
    completed = next(e for e in events if e.type == "response.completed").response
    assert completed.output_text.startswith(so_far) and completed.output_text != so_far
    assert partial.output[0].id == completed.output[0].id
