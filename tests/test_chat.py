"""Chat group against Prism, in both modes: typed results, and the stream guards before any I/O."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import TEST_KEY, Harness, free_port
from spec import assert_valid
from test_chat_types import full_request

from openai_rs_port import Backoff, OpenAIConfig
from openai_rs_port.chat import Chat
from openai_rs_port.error import InvalidArgument, OpenAIError
from openai_rs_port.types import (
    ChatChoice,
    ChatChoiceLogprobs,
    ChatChoiceStream,
    ChatCompletionAnnotationUrlCitation,
    ChatCompletionMessageToolCall,
    ChatCompletionRequestUserMessageArgs,
    ChatCompletionResponseMessage,
    ChatCompletionResponseMessageAudio,
    ChatCompletionTokenLogprob,
    ChatCompletionToolType,
    CompletionTokensDetails,
    CompletionUsage,
    CreateChatCompletionRequest,
    CreateChatCompletionRequestArgs,
    CreateChatCompletionResponse,
    CreateChatCompletionStreamResponse,
    FinishReason,
    FunctionCall,
    PromptTokensDetails,
    Role,
    ServiceTierResponse,
    TopLogprobs,
)


def minimal_request(**extra: Any) -> CreateChatCompletionRequest:
    b = CreateChatCompletionRequestArgs().model("gpt-4o").messages(
        [ChatCompletionRequestUserMessageArgs().content("Say hi").build()]
    )
    if "stream" in extra:
        b.stream(extra["stream"])
    return b.build()


def dead_client(h: Harness) -> Any:
    """A client of the same mode whose server refuses connections: any I/O would fail."""
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=f"http://127.0.0.1:{free_port()}")
    return h.make(config=cfg, backoff=Backoff.disabled())


def check_response(r: Any) -> None:
    """Field by field against the spec's CreateChatCompletionResponse as Prism fills it in."""
    assert type(r) is CreateChatCompletionResponse
    assert (r.id, r.object, r.model, r.system_fingerprint) == (
        "string", "chat.completion", "string", "string"
    )
    assert type(r.created) is int and r.created == 0
    assert r.service_tier is ServiceTierResponse.AUTO
    assert type(r.choices) is list and len(r.choices) == 1
    choice = r.choices[0]
    assert type(choice) is ChatChoice
    assert choice.index == 0
    assert choice.finish_reason is FinishReason.STOP
    m = choice.message
    assert type(m) is ChatCompletionResponseMessage
    assert m.role is Role.ASSISTANT
    assert (m.content, m.refusal) == ("string", "string")
    assert m.tool_calls == [
        ChatCompletionMessageToolCall(
            id="string", function=FunctionCall(name="string", arguments="string")
        )
    ]
    assert m.tool_calls[0].type is ChatCompletionToolType.FUNCTION
    assert m.function_call == FunctionCall(name="string", arguments="string")
    assert m.annotations is not None and len(m.annotations) == 1
    citation = m.annotations[0]
    assert type(citation) is ChatCompletionAnnotationUrlCitation
    assert citation.url_citation.url == "string" and citation.url_citation.end_index == 0
    assert m.audio == ChatCompletionResponseMessageAudio(
        id="string", expires_at=0, data="string", transcript="string"
    )
    lp = choice.logprobs
    assert type(lp) is ChatChoiceLogprobs
    token = ChatCompletionTokenLogprob(
        token="string", logprob=0, bytes=[0],
        top_logprobs=[TopLogprobs(token="string", logprob=0, bytes=[0])],
    )
    assert lp.content == [token] and lp.refusal == [token]
    assert type(lp.content[0]) is ChatCompletionTokenLogprob
    assert type(lp.content[0].top_logprobs[0]) is TopLogprobs
    u = r.usage
    assert type(u) is CompletionUsage
    assert (u.prompt_tokens, u.completion_tokens, u.total_tokens) == (0, 0, 0)
    assert type(u.prompt_tokens_details) is PromptTokensDetails
    assert u.prompt_tokens_details == PromptTokensDetails(audio_tokens=0, cached_tokens=0)
    assert type(u.completion_tokens_details) is CompletionTokensDetails
    assert u.completion_tokens_details.reasoning_tokens == 0


def test_create_minimal(prism: Harness) -> None:
    req = minimal_request()
    assert_valid("CreateChatCompletionRequest", req)
    check_response(prism.call(prism.client.chat().create(req)))


def test_create_full(prism: Harness) -> None:
    req = full_request()
    assert_valid("CreateChatCompletionRequest", req)
    check_response(prism.call(prism.client.chat().create(req)))


def test_create_is_a_chat_resource(prism: Harness) -> None:
    chat = prism.client.chat()
    assert isinstance(chat, Chat) and chat.client is prism.client


def test_create_with_stream_true_is_refused_before_io(prism: Harness) -> None:
    chat = dead_client(prism).chat()
    with pytest.raises(InvalidArgument, match=r"When stream is true, use chat\(\)\.create_stream"):
        prism.call(chat.create(minimal_request(stream=True)))


def test_create_with_stream_false_is_sent(prism: Harness) -> None:
    check_response(prism.call(prism.client.chat().create(minimal_request(stream=False))))


def test_create_stream_with_stream_false_is_refused_before_io(prism: Harness) -> None:
    chat = dead_client(prism).chat()
    with pytest.raises(InvalidArgument, match=r"When stream is false, use chat\(\)\.create"):
        prism.call(chat.create_stream(minimal_request(stream=False)))


def test_create_stream_body_forces_stream_true(prism: Harness) -> None:
    # The described call, without I/O: what create_stream puts on the wire.
    for req in (minimal_request(), minimal_request(stream=True)):
        api = Chat.create_stream.fn(prism.client.chat(), req)
        assert (api.method, api.path) == ("POST", "/chat/completions")
        assert api.stream is not None
        body = CreateChatCompletionRequest.from_json(api.body)
        assert body.stream is True
        assert_valid("CreateChatCompletionRequest", body)
    api = Chat.create.fn(prism.client.chat(), minimal_request())
    assert api.stream is None and b'"stream"' not in api.body


def test_create_stream_against_prism_is_typed_either_way(prism: Harness) -> None:
    # Prism cannot stream events; whatever it does must surface as chunks or a typed error.
    try:
        stream = prism.call(prism.client.chat().create_stream(minimal_request()))
    except OpenAIError:
        return
    try:
        chunks = prism.collect(stream)
    except OpenAIError:
        return
    finally:
        prism.close_stream(stream)
    for c in chunks:
        assert type(c) is CreateChatCompletionStreamResponse
        assert all(type(ch) is ChatChoiceStream for ch in c.choices)
