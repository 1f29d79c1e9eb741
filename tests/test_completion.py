"""Completions group against Prism, in both modes: create, create_stream, guards, builders."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import TEST_KEY, Harness, free_port
from spec import assert_valid

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port._codec import decoder_for
from openai_rs_port._sse import END, NEED_DATA, EventStreamParser
from openai_rs_port.completion import Completions
from openai_rs_port.error import APIConnectionError, ApiError, InvalidArgument
from openai_rs_port.types import (
    ChatCompletionStreamOptions,
    Choice,
    CompletionFinishReason,
    CompletionTokensDetails,
    CompletionUsage,
    CreateCompletionRequest,
    CreateCompletionRequestArgs,
    CreateCompletionResponse,
    Logprobs,
    PromptTokensDetails,
)


def dead_client(h: Harness) -> Any:
    """A client of the same mode whose server refuses connections: any I/O would fail."""
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{free_port()}")
    return h.make(config=cfg, backoff=Backoff.disabled())


def minimal() -> CreateCompletionRequest:
    return CreateCompletionRequestArgs().model("gpt-3.5-turbo-instruct").prompt(
        "Say this is a test").build()


def full(stream: bool | None = False) -> CreateCompletionRequest:
    args = (
        CreateCompletionRequestArgs.default()
        .model("gpt-3.5-turbo-instruct")
        .prompt(["Say this is a test", "Say this is another"])
        .suffix("\n")
        .max_tokens(7)
        .temperature(0.0)
        .top_p(0.9)
        .n(2)
        .logprobs(3)
        .echo(True)
        .stop(["\n", "END"])
        .presence_penalty(0.5)
        .frequency_penalty(-0.5)
        .best_of(3)
        .logit_bias({50256: -100})
        .user("user-1234")
        .seed(42)
    )
    if stream is not None:
        args.stream(stream)
    if stream is not False:
        args.stream_options(ChatCompletionStreamOptions(include_usage=True))
    return args.build()


def check_response(r: Any) -> None:
    """Field by field against the spec's CreateCompletionResponse as Prism fills it in."""
    assert type(r) is CreateCompletionResponse
    assert r.id == "string"
    assert r.object == "text_completion"
    assert type(r.created) is int and r.created == 0
    assert r.model == "string"
    assert r.system_fingerprint == "string"
    assert type(r.choices) is list and len(r.choices) == 1
    c = r.choices[0]
    assert type(c) is Choice
    assert c.text == "string"
    assert type(c.index) is int and c.index == 0
    assert c.finish_reason is CompletionFinishReason.STOP
    lp = c.logprobs
    assert type(lp) is Logprobs
    assert lp.text_offset == [0]
    assert lp.token_logprobs == [0]
    assert lp.tokens == ["string"]
    assert lp.top_logprobs == [{"property1": 0, "property2": 0}]
    u = r.usage
    assert type(u) is CompletionUsage
    assert (u.prompt_tokens, u.completion_tokens, u.total_tokens) == (0, 0, 0)
    assert u.completion_tokens_details == CompletionTokensDetails(
        accepted_prediction_tokens=0, audio_tokens=0, reasoning_tokens=0,
        rejected_prediction_tokens=0)
    assert u.prompt_tokens_details == PromptTokensDetails(audio_tokens=0, cached_tokens=0)


# ---------------------------------------------------------------- builder


def test_builder_names_missing_fields() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateCompletionRequestArgs.default().build()
    assert e.value.missing == ("model", "prompt")
    assert "model" in str(e.value) and "prompt" in str(e.value)
    with pytest.raises(InvalidArgument) as e:
        CreateCompletionRequestArgs().prompt("p").temperature(1.0).build()
    assert e.value.missing == ("model",)
    with pytest.raises(InvalidArgument) as e:
        CreateCompletionRequestArgs().model("m").build()
    assert e.value.missing == ("prompt",)


def test_builder_prompt_forms() -> None:
    def built(value: Any) -> Any:
        req = CreateCompletionRequestArgs().model("m").prompt(value).build()
        assert_valid("CreateCompletionRequest", req)
        return req.prompt

    assert built("text") == "text"
    assert built(["a", "b"]) == ["a", "b"]
    assert built(("a", "b")) == ["a", "b"]
    assert built([1, 2, 3]) == [1, 2, 3]
    assert built(x for x in (4, 5)) == [4, 5]
    assert built([[1, 2], [3]]) == [[1, 2], [3]]
    assert built(((1, 2), range(3, 5))) == [[1, 2], [3, 4]]
    bad: Any
    for bad in (b"bytes", 3, {"a": 1}, ["a", 1], [[1, "x"]], [["a"]], [1.5], [[1], 2], None):
        with pytest.raises(InvalidArgument, match="prompt"):
            CreateCompletionRequestArgs().prompt(bad)


def test_builder_stop_and_logit_bias_forms() -> None:
    args = CreateCompletionRequestArgs().model("m").prompt("p")
    assert args.stop("\n").build().stop == "\n"
    assert args.stop(("a", "b")).build().stop == ["a", "b"]
    assert args.logit_bias({50256: -100, 42: 5}).build().logit_bias == {"50256": -100, "42": 5}
    assert args.logit_bias({"50256": 10}).build().logit_bias == {"50256": 10}
    assert_valid("CreateCompletionRequest", args.build())


def test_request_wire_form() -> None:
    assert minimal().to_dict() == {"model": "gpt-3.5-turbo-instruct", "prompt": "Say this is a test"}
    assert full(True).to_dict() == {
        "model": "gpt-3.5-turbo-instruct",
        "prompt": ["Say this is a test", "Say this is another"],
        "suffix": "\n",
        "max_tokens": 7,
        "temperature": 0.0,
        "top_p": 0.9,
        "n": 2,
        "stream": True,
        "stream_options": {"include_usage": True},
        "logprobs": 3,
        "echo": True,
        "stop": ["\n", "END"],
        "presence_penalty": 0.5,
        "frequency_penalty": -0.5,
        "best_of": 3,
        "logit_bias": {"50256": -100},
        "user": "user-1234",
        "seed": 42,
    }
    for req in (minimal(), full(), full(True), full(None)):
        assert_valid("CreateCompletionRequest", req)
        assert CreateCompletionRequest.from_dict(req.to_dict()) == req


# ---------------------------------------------------------------- create


def test_create_minimal(prism: Harness) -> None:
    req = minimal()
    assert_valid("CreateCompletionRequest", req)
    check_response(prism.call(prism.client.completions().create(req)))


def test_create_full(prism: Harness) -> None:
    req = full()
    assert req.stream is False
    assert_valid("CreateCompletionRequest", req)
    check_response(prism.call(prism.client.completions().create(req)))


def test_create_token_prompts(prism: Harness) -> None:
    for tokens in ([1, 2, 3], [[1, 2], [3, 4]]):
        req = CreateCompletionRequestArgs().model("m").prompt(tokens).stop("x").build()
        assert_valid("CreateCompletionRequest", req)
        check_response(prism.call(prism.client.completions().create(req)))


def test_create_sends_the_request_as_json(prism: Harness) -> None:
    api = Completions.create.fn(prism.client.completions(), full())
    assert (api.method, api.path, api.stream) == ("POST", "/completions", None)
    assert api.body == full().to_json().encode()


def test_create_refuses_stream_before_io(prism: Harness) -> None:
    completions = dead_client(prism).completions()
    with pytest.raises(InvalidArgument) as e:
        prism.call(completions.create(full(True)))
    assert str(e.value) == "When stream is true, use completions().create_stream"
    # The same client does reach the network for an allowed request, and fails there.
    with pytest.raises(APIConnectionError):
        prism.call(completions.create(minimal()))


# ---------------------------------------------------------------- create_stream


def test_create_stream_refuses_stream_false_before_io(prism: Harness) -> None:
    completions = dead_client(prism).completions()
    with pytest.raises(InvalidArgument) as e:
        prism.call(completions.create_stream(full(False)))
    assert str(e.value) == "When stream is false, use completions().create"
    with pytest.raises(APIConnectionError):
        prism.call(completions.create_stream(minimal()))


def test_create_stream_forces_stream_true(prism: Harness) -> None:
    resource = prism.client.completions()
    for req, expected in ((minimal(), minimal().to_dict()), (full(None), full(None).to_dict()),
                          (full(True), full(True).to_dict())):
        api = Completions.create_stream.fn(resource, req)
        assert (api.method, api.path) == ("POST", "/completions")
        assert api.stream is not None and api.body is not None
        body = json.loads(api.body)
        assert body == expected | {"stream": True}
        assert list(body)[:2] == ["model", "prompt"]
        assert_valid("CreateCompletionRequest", body)


def test_create_stream_against_prism(prism: Harness) -> None:
    # The spec gives /completions no text/event-stream answer, so Prism refuses the stream's
    # Accept header with 406: this shows the request went out as a stream request.
    for req in (minimal(), full(None), full(True)):
        with pytest.raises(ApiError) as e:
            prism.call(prism.client.completions().create_stream(req))
        assert e.value.status == 406
        assert e.value.body is not None and b"text/event-stream" in e.value.body


STREAM = (
    b'data: {"id":"cmpl-1","object":"text_completion","created":1690759702,"choices":'
    b'[{"text":"This","index":0,"logprobs":null,"finish_reason":null}],'
    b'"model":"gpt-3.5-turbo-instruct","system_fingerprint":"fp_44709d6fcb"}\n\n'
    b'data: {"id":"cmpl-1","object":"text_completion","created":1690759702,"choices":'
    b'[{"text":" is","index":0,"logprobs":{"tokens":[" is"],"token_logprobs":[-0.5],'
    b'"top_logprobs":[{" is":-0.5," was":-1.25}],"text_offset":[4]},"finish_reason":"length"}],'
    b'"model":"gpt-3.5-turbo-instruct"}\n\n'
    b'data: {"id":"cmpl-1","object":"text_completion","created":1690759702,"choices":[],'
    b'"model":"gpt-3.5-turbo-instruct","usage":{"prompt_tokens":5,"completion_tokens":2,'
    b'"total_tokens":7}}\n\n'
    b"data: [DONE]\n\n"
)


def test_stream_chunks_decode() -> None:
    # Decoding the stream items the way create_stream's streams do, on a real stream's bytes.
    parser = EventStreamParser(decoder_for(CreateCompletionResponse))
    chunks = []
    for i in range(0, len(STREAM), 7):
        parser.feed(STREAM[i:i + 7])
        while (item := parser.next_item()) is not NEED_DATA and item is not END:
            chunks.append(item)
    assert parser.done
    assert [type(c) for c in chunks] == [CreateCompletionResponse] * 3
    first, second, last = chunks
    assert first.choices == [Choice(text="This", index=0, logprobs=None, finish_reason=None)]
    assert first.system_fingerprint == "fp_44709d6fcb" and first.usage is None
    assert second.choices[0].finish_reason is CompletionFinishReason.LENGTH
    assert second.choices[0].logprobs == Logprobs(
        tokens=[" is"], token_logprobs=[-0.5], top_logprobs=[{" is": -0.5, " was": -1.25}],
        text_offset=[4])
    assert second.system_fingerprint is None
    assert last.choices == []
    assert last.usage == CompletionUsage(prompt_tokens=5, completion_tokens=2, total_tokens=7)
    assert "".join(c.text for ch in chunks for c in ch.choices) == "This is"


def test_local_server_answers_one_choice_per_prompt(local: Harness) -> None:
    """A batch of prompts gets a choice each, indexed in order, whole and streamed."""
    request = (CreateCompletionRequestArgs.default().model("gpt-3.5-turbo-instruct")
               .prompt(["first prompt", "second one"]).build())
    whole = local.call(local.client.completions().create(request))
    assert [(c.index, c.text) for c in whole.choices] == [(0, "Echo: first prompt"), (1, "Echo: second one")]
    stream = local.call(local.client.completions().create_stream(request))
    texts: dict[int, str] = {}
    for chunk in local.collect(stream):
        for c in chunk.choices:
            texts[c.index] = texts.get(c.index, "") + c.text
    assert texts == {0: "Echo: first prompt", 1: "Echo: second one"}
