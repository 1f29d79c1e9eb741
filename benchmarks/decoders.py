"""Reference decoders for figure 5.

``hand_response`` / ``hand_chunk`` decode into the SAME dataclasses as openai_rs_port, with
explicit constructor calls: the floor a generated decoder should approach. They handle every
field of those classes (tool calls, logprobs, audio, annotations), not just the ones the canned
body holds, and keep unknown enum values as strings like the compiled decoder does.

``DjResponse`` mirrors the same shape as plain dataclasses-json classes (``DataClassJsonMixin``
is what ``@dataclass_json`` adds), for dataclasses-json's ``from_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from dataclasses_json import DataClassJsonMixin

from openai_rs_port.types.chat import (
    ChatChoice,
    ChatChoiceLogprobs,
    ChatChoiceStream,
    ChatCompletionAnnotationUrlCitation,
    ChatCompletionMessageToolCall,
    ChatCompletionMessageToolCallChunk,
    ChatCompletionResponseMessage,
    ChatCompletionResponseMessageAudio,
    ChatCompletionStreamResponseDelta,
    ChatCompletionTokenLogprob,
    ChatCompletionToolType,
    ChatCompletionUrlCitation,
    CreateChatCompletionResponse,
    CreateChatCompletionStreamResponse,
    FinishReason,
    FunctionCall,
    FunctionCallStream,
    Role,
    ServiceTierResponse,
    TopLogprobs,
)
from openai_rs_port.types.common import (
    CompletionTokensDetails,
    CompletionUsage,
    PromptTokensDetails,
)

_ROLE = Role._value2member_map_.get
_FINISH = FinishReason._value2member_map_.get
_TIER = ServiceTierResponse._value2member_map_.get
_TOOL = ChatCompletionToolType._value2member_map_.get
_FUNCTION = ChatCompletionToolType.FUNCTION


def _usage(u: dict[str, Any] | None) -> CompletionUsage | None:
    if u is None:
        return None
    p = u.get("prompt_tokens_details")
    c = u.get("completion_tokens_details")
    return CompletionUsage(
        prompt_tokens=u["prompt_tokens"],
        completion_tokens=u["completion_tokens"],
        total_tokens=u["total_tokens"],
        prompt_tokens_details=None if p is None else PromptTokensDetails(
            audio_tokens=p.get("audio_tokens"), cached_tokens=p.get("cached_tokens")
        ),
        completion_tokens_details=None if c is None else CompletionTokensDetails(
            accepted_prediction_tokens=c.get("accepted_prediction_tokens"),
            audio_tokens=c.get("audio_tokens"),
            reasoning_tokens=c.get("reasoning_tokens"),
            rejected_prediction_tokens=c.get("rejected_prediction_tokens"),
        ),
    )


def _token_logprobs(items: list[dict[str, Any]] | None) -> list[ChatCompletionTokenLogprob] | None:
    if items is None:
        return None
    return [
        ChatCompletionTokenLogprob(
            token=t["token"],
            logprob=t["logprob"],
            bytes=t.get("bytes"),
            top_logprobs=[
                TopLogprobs(token=x["token"], logprob=x["logprob"], bytes=x.get("bytes"))
                for x in t["top_logprobs"]
            ],
        )
        for t in items
    ]


def _logprobs(lp: dict[str, Any] | None) -> ChatChoiceLogprobs | None:
    if lp is None:
        return None
    return ChatChoiceLogprobs(
        content=_token_logprobs(lp.get("content")), refusal=_token_logprobs(lp.get("refusal"))
    )


def _function_call(f: dict[str, Any] | None) -> FunctionCall | None:
    return None if f is None else FunctionCall(name=f["name"], arguments=f["arguments"])


def _annotation(a: dict[str, Any]) -> Any:
    if a.get("type") == "url_citation":
        c = a["url_citation"]
        return ChatCompletionAnnotationUrlCitation(
            url_citation=ChatCompletionUrlCitation(
                end_index=c["end_index"], start_index=c["start_index"],
                url=c["url"], title=c["title"],
            )
        )
    return a


def _message(m: dict[str, Any]) -> ChatCompletionResponseMessage:
    tool_calls = m.get("tool_calls")
    annotations = m.get("annotations")
    audio = m.get("audio")
    role = m["role"]
    return ChatCompletionResponseMessage(
        role=_ROLE(role, role),
        content=m.get("content"),
        refusal=m.get("refusal"),
        tool_calls=None if tool_calls is None else [
            ChatCompletionMessageToolCall(
                id=t["id"],
                function=FunctionCall(
                    name=t["function"]["name"], arguments=t["function"]["arguments"]
                ),
                type=_FUNCTION if (tt := t.get("type")) is None else _TOOL(tt, tt),
            )
            for t in tool_calls
        ],
        annotations=None if annotations is None else [_annotation(a) for a in annotations],
        function_call=_function_call(m.get("function_call")),
        audio=None if audio is None else ChatCompletionResponseMessageAudio(
            id=audio["id"], expires_at=audio["expires_at"],
            data=audio["data"], transcript=audio["transcript"],
        ),
    )


def hand_response(d: dict[str, Any]) -> CreateChatCompletionResponse:
    choices = []
    for c in d["choices"]:
        fr = c.get("finish_reason")
        choices.append(
            ChatChoice(
                index=c["index"],
                message=_message(c["message"]),
                finish_reason=None if fr is None else _FINISH(fr, fr),
                logprobs=_logprobs(c.get("logprobs")),
            )
        )
    tier = d.get("service_tier")
    return CreateChatCompletionResponse(
        id=d["id"],
        choices=choices,
        created=d["created"],
        model=d["model"],
        object=d["object"],
        service_tier=None if tier is None else _TIER(tier, tier),
        system_fingerprint=d.get("system_fingerprint"),
        usage=_usage(d.get("usage")),
    )


def _delta(m: dict[str, Any]) -> ChatCompletionStreamResponseDelta:
    fc = m.get("function_call")
    tool_calls = m.get("tool_calls")
    role = m.get("role")
    return ChatCompletionStreamResponseDelta(
        content=m.get("content"),
        function_call=None if fc is None else FunctionCallStream(
            name=fc.get("name"), arguments=fc.get("arguments")
        ),
        tool_calls=None if tool_calls is None else [
            ChatCompletionMessageToolCallChunk(
                index=t["index"],
                id=t.get("id"),
                type=None if (tt := t.get("type")) is None else _TOOL(tt, tt),
                function=None if t.get("function") is None else FunctionCallStream(
                    name=t["function"].get("name"), arguments=t["function"].get("arguments")
                ),
            )
            for t in tool_calls
        ],
        role=None if role is None else _ROLE(role, role),
        refusal=m.get("refusal"),
    )


def hand_chunk(d: dict[str, Any]) -> CreateChatCompletionStreamResponse:
    choices = []
    for c in d["choices"]:
        fr = c.get("finish_reason")
        choices.append(
            ChatChoiceStream(
                index=c["index"],
                delta=_delta(c["delta"]),
                finish_reason=None if fr is None else _FINISH(fr, fr),
                logprobs=_logprobs(c.get("logprobs")),
            )
        )
    tier = d.get("service_tier")
    return CreateChatCompletionStreamResponse(
        id=d["id"],
        choices=choices,
        created=d["created"],
        model=d["model"],
        object=d["object"],
        service_tier=None if tier is None else _TIER(tier, tier),
        system_fingerprint=d.get("system_fingerprint"),
        usage=_usage(d.get("usage")),
    )


# ------------------------------------------------------- dataclasses-json mirror


class DjRole(Enum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"
    FUNCTION = "function"
    DEVELOPER = "developer"


class DjFinishReason(Enum):
    STOP = "stop"
    LENGTH = "length"
    TOOL_CALLS = "tool_calls"
    CONTENT_FILTER = "content_filter"
    FUNCTION_CALL = "function_call"


@dataclass
class DjFunctionCall(DataClassJsonMixin):
    name: str
    arguments: str


@dataclass
class DjToolCall(DataClassJsonMixin):
    id: str
    function: DjFunctionCall
    type: str = "function"


@dataclass
class DjUrlCitation(DataClassJsonMixin):
    end_index: int
    start_index: int
    url: str
    title: str


@dataclass
class DjAnnotation(DataClassJsonMixin):
    url_citation: DjUrlCitation
    type: str = "url_citation"


@dataclass
class DjAudio(DataClassJsonMixin):
    id: str
    expires_at: int
    data: str
    transcript: str


@dataclass
class DjMessage(DataClassJsonMixin):
    role: DjRole
    content: str | None = None
    refusal: str | None = None
    tool_calls: list[DjToolCall] | None = None
    annotations: list[DjAnnotation] | None = None
    function_call: DjFunctionCall | None = None
    audio: DjAudio | None = None


@dataclass
class DjTopLogprobs(DataClassJsonMixin):
    token: str
    logprob: float
    bytes: list[int] | None = None


@dataclass
class DjTokenLogprob(DataClassJsonMixin):
    token: str
    logprob: float
    top_logprobs: list[DjTopLogprobs] = field(default_factory=list)
    bytes: list[int] | None = None


@dataclass
class DjLogprobs(DataClassJsonMixin):
    content: list[DjTokenLogprob] | None = None
    refusal: list[DjTokenLogprob] | None = None


@dataclass
class DjChoice(DataClassJsonMixin):
    index: int
    message: DjMessage
    finish_reason: DjFinishReason | None = None
    logprobs: DjLogprobs | None = None


@dataclass
class DjPromptTokensDetails(DataClassJsonMixin):
    audio_tokens: int | None = None
    cached_tokens: int | None = None


@dataclass
class DjCompletionTokensDetails(DataClassJsonMixin):
    accepted_prediction_tokens: int | None = None
    audio_tokens: int | None = None
    reasoning_tokens: int | None = None
    rejected_prediction_tokens: int | None = None


@dataclass
class DjUsage(DataClassJsonMixin):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    prompt_tokens_details: DjPromptTokensDetails | None = None
    completion_tokens_details: DjCompletionTokensDetails | None = None


@dataclass
class DjResponse(DataClassJsonMixin):
    id: str
    choices: list[DjChoice]
    created: int
    model: str
    object: str
    service_tier: str | None = None
    system_fingerprint: str | None = None
    usage: DjUsage | None = None
