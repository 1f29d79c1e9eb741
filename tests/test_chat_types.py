"""Chat types without the network: builders, wire form, tagged-union decoding, spec validity."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import pytest
from mypy import api as mypy_api
from spec import assert_valid

from openai_rs_port._codec import decode
from openai_rs_port._request import json_decoder
from openai_rs_port.error import InvalidArgument
from openai_rs_port.types import CompletionTokensDetails, CompletionUsage, PromptTokensDetails
from openai_rs_port.types.chat import (
    ChatChoice,
    ChatChoiceLogprobs,
    ChatChoiceStream,
    ChatCompletionAnnotationUrlCitation,
    ChatCompletionAudio,
    ChatCompletionAudioFormat,
    ChatCompletionAudioVoice,
    ChatCompletionFunctionCallMode,
    ChatCompletionFunctionCallOption,
    ChatCompletionFunctions,
    ChatCompletionFunctionsArgs,
    ChatCompletionMessageToolCall,
    ChatCompletionMessageToolCallChunk,
    ChatCompletionModalities,
    ChatCompletionNamedToolChoice,
    ChatCompletionRequestAssistantMessage,
    ChatCompletionRequestAssistantMessageArgs,
    ChatCompletionRequestAssistantMessageAudio,
    ChatCompletionRequestDeveloperMessage,
    ChatCompletionRequestDeveloperMessageArgs,
    ChatCompletionRequestFunctionMessage,
    ChatCompletionRequestFunctionMessageArgs,
    ChatCompletionRequestMessage,
    ChatCompletionRequestMessageContentPartAudio,
    ChatCompletionRequestMessageContentPartAudioArgs,
    ChatCompletionRequestMessageContentPartFile,
    ChatCompletionRequestMessageContentPartImage,
    ChatCompletionRequestMessageContentPartImageArgs,
    ChatCompletionRequestMessageContentPartRefusal,
    ChatCompletionRequestMessageContentPartRefusalBuilder,
    ChatCompletionRequestMessageContentPartRefusalBuilderError,
    ChatCompletionRequestMessageContentPartText,
    ChatCompletionRequestMessageContentPartTextArgs,
    ChatCompletionRequestSystemMessage,
    ChatCompletionRequestSystemMessageArgs,
    ChatCompletionRequestToolMessage,
    ChatCompletionRequestToolMessageArgs,
    ChatCompletionRequestUserMessage,
    ChatCompletionRequestUserMessageArgs,
    ChatCompletionResponseMessage,
    ChatCompletionResponseMessageAudio,
    ChatCompletionStreamOptions,
    ChatCompletionStreamResponseDelta,
    ChatCompletionTokenLogprob,
    ChatCompletionTool,
    ChatCompletionToolArgs,
    ChatCompletionToolChoiceMode,
    ChatCompletionToolChoiceOption,
    ChatCompletionToolType,
    CreateChatCompletionRequest,
    CreateChatCompletionRequestArgs,
    CreateChatCompletionResponse,
    CreateChatCompletionStreamResponse,
    FileObject,
    FinishReason,
    FunctionCall,
    FunctionCallStream,
    FunctionName,
    FunctionObject,
    FunctionObjectArgs,
    ImageDetail,
    ImageUrl,
    ImageUrlArgs,
    InputAudio,
    InputAudioFormat,
    PredictionContent,
    ReasoningEffort,
    ResponseFormat,
    ResponseFormatJsonObject,
    ResponseFormatJsonSchema,
    ResponseFormatJsonSchemaFormat,
    ResponseFormatText,
    Role,
    ServiceTier,
    ServiceTierResponse,
    TopLogprobs,
    WebSearchContextSize,
    WebSearchLocation,
    WebSearchOptions,
    WebSearchUserLocation,
    WebSearchUserLocationType,
)

WEATHER_PARAMS = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
    "required": ["city"],
    "additionalProperties": False,
}


def user(text: str) -> ChatCompletionRequestUserMessage:
    return ChatCompletionRequestUserMessageArgs().content(text).build()


def full_request() -> CreateChatCompletionRequest:
    """Every request field and every message kind, array content parts included."""
    tool_call = ChatCompletionMessageToolCall(
        id="call_1", function=FunctionCall(name="get_weather", arguments='{"city":"Paris"}')
    )
    messages: list[ChatCompletionRequestMessage] = [
        ChatCompletionRequestDeveloperMessageArgs()
        .content([ChatCompletionRequestMessageContentPartTextArgs().text("Be brief.").build()])
        .name("dev")
        .build(),
        ChatCompletionRequestSystemMessageArgs()
        .content([ChatCompletionRequestMessageContentPartText(text="You are helpful.")])
        .name("sys")
        .build(),
        ChatCompletionRequestUserMessageArgs()
        .content(
            [
                ChatCompletionRequestMessageContentPartTextArgs().text("What is this?").build(),
                ChatCompletionRequestMessageContentPartImageArgs()
                .image_url(
                    ImageUrlArgs().url("https://example.com/cat.png").detail(ImageDetail.HIGH).build()
                )
                .build(),
                ChatCompletionRequestMessageContentPartAudioArgs()
                .input_audio(InputAudio(data="UklGRg==", format=InputAudioFormat.WAV))
                .build(),
                ChatCompletionRequestMessageContentPartFile(
                    file=FileObject(file_id="file-abc", filename="notes.pdf")
                ),
            ]
        )
        .name("alice")
        .build(),
        ChatCompletionRequestAssistantMessageArgs()
        .content(
            [
                ChatCompletionRequestMessageContentPartText(text="Checking."),
            ]
        )
        .name("bot")
        .audio(ChatCompletionRequestAssistantMessageAudio(id="audio_1"))
        .tool_calls([tool_call])
        .build(),
        ChatCompletionRequestAssistantMessageArgs()
        .content(
            [ChatCompletionRequestMessageContentPartRefusalBuilder().refusal("No.").build()]
        )
        .refusal("No.")
        .build(),
        ChatCompletionRequestToolMessageArgs()
        .content([ChatCompletionRequestMessageContentPartText(text='{"temp": 21}')])
        .tool_call_id("call_1")
        .build(),
        ChatCompletionRequestFunctionMessageArgs().content("21C").name("get_weather").build(),
    ]
    weather = (
        FunctionObjectArgs()
        .name("get_weather")
        .description("Current weather in a city")
        .parameters(WEATHER_PARAMS)
        .strict(True)
        .build()
    )
    return (
        CreateChatCompletionRequestArgs()
        .model("gpt-4o")
        .messages(messages)
        .store(True)
        .reasoning_effort(ReasoningEffort.LOW)
        .metadata({"project": "tests"})
        .frequency_penalty(0.5)
        .logit_bias({50256: -100, "1234": 5})
        .logprobs(True)
        .top_logprobs(3)
        .max_tokens(100)
        .max_completion_tokens(120)
        .n(1)
        .modalities([ChatCompletionModalities.TEXT, ChatCompletionModalities.AUDIO])
        .prediction(
            PredictionContent(content=[ChatCompletionRequestMessageContentPartText(text="x = 1")])
        )
        .audio(
            ChatCompletionAudio(voice=ChatCompletionAudioVoice.ALLOY,
                                format=ChatCompletionAudioFormat.MP3)
        )
        .presence_penalty(-0.5)
        .response_format(
            ResponseFormatJsonSchemaFormat(
                json_schema=ResponseFormatJsonSchema(
                    name="weather", description="A weather report",
                    schema_=WEATHER_PARAMS, strict=True,
                )
            )
        )
        .seed(42)
        .service_tier(ServiceTier.AUTO)
        .stop(["\n\n", "END"])
        .stream_options(ChatCompletionStreamOptions(include_usage=True))
        .temperature(0.7)
        .top_p(0.9)
        .tools([ChatCompletionToolArgs().function(weather).build()])
        .tool_choice(
            ChatCompletionNamedToolChoice(function=FunctionName(name="get_weather"))
        )
        .parallel_tool_calls(False)
        .user("user-1")
        .web_search_options(
            WebSearchOptions(
                search_context_size=WebSearchContextSize.LOW,
                user_location=WebSearchUserLocation(
                    approximate=WebSearchLocation(
                        country="FR", region="IDF", city="Paris", timezone="Europe/Paris"
                    )
                ),
            )
        )
        .build()
    )


# ---------------------------------------------------------------- builders


def test_request_builder_names_every_missing_field() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateChatCompletionRequestArgs.default().build()
    assert e.value.missing == ("messages", "model")
    assert "messages" in str(e.value) and "model" in str(e.value)
    with pytest.raises(InvalidArgument) as e:
        CreateChatCompletionRequestArgs().model("gpt-4o").build()
    assert e.value.missing == ("messages",)


@pytest.mark.parametrize(
    ("builder", "missing"),
    [
        (ChatCompletionRequestUserMessageArgs, ("content",)),
        (ChatCompletionRequestSystemMessageArgs, ("content",)),
        (ChatCompletionRequestDeveloperMessageArgs, ("content",)),
        (ChatCompletionRequestToolMessageArgs, ("content", "tool_call_id")),
        (ChatCompletionRequestFunctionMessageArgs, ("content", "name")),
        (ChatCompletionRequestMessageContentPartTextArgs, ("text",)),
        (ChatCompletionRequestMessageContentPartImageArgs, ("image_url",)),
        (ChatCompletionRequestMessageContentPartAudioArgs, ("input_audio",)),
        (ImageUrlArgs, ("url",)),
        (FunctionObjectArgs, ("name",)),
        (ChatCompletionFunctionsArgs, ("name",)),
        (ChatCompletionToolArgs, ("function",)),
    ],
)
def test_message_and_part_builders_name_missing_fields(
    builder: Any, missing: tuple[str, ...]
) -> None:
    with pytest.raises(InvalidArgument) as e:
        builder().build()
    assert e.value.missing == missing
    for name in missing:
        assert name in str(e.value)


def test_refusal_builder_raises_its_own_error() -> None:
    assert issubclass(ChatCompletionRequestMessageContentPartRefusalBuilderError, InvalidArgument)
    with pytest.raises(ChatCompletionRequestMessageContentPartRefusalBuilderError) as e:
        ChatCompletionRequestMessageContentPartRefusalBuilder().build()
    assert e.value.missing == ("refusal",)
    part = ChatCompletionRequestMessageContentPartRefusalBuilder().refusal("no").build()
    assert part == ChatCompletionRequestMessageContentPartRefusal(refusal="no")
    assert part.to_dict() == {"refusal": "no", "type": "refusal"}


def test_assistant_message_needs_nothing_but_its_role() -> None:
    msg = ChatCompletionRequestAssistantMessageArgs().build()
    assert msg.to_dict() == {"role": "assistant"}


def test_setters_chain_on_one_builder() -> None:
    b = CreateChatCompletionRequestArgs()
    assert b.model("gpt-4o") is b
    assert b.temperature(0.2).n(2) is b
    req = b.messages([user("hi")]).build()
    assert (req.model, req.temperature, req.n) == ("gpt-4o", 0.2, 2)
    # A later call overrides an earlier one, as Rust's mutable builders do.
    assert b.model("gpt-4.1").build().model == "gpt-4.1"


def test_convenient_setter_forms() -> None:
    msgs = (m for m in [user("a"), user("b")])
    tool = ChatCompletionTool(function=FunctionObject(name="f"))
    req = (
        CreateChatCompletionRequestArgs()
        .model("m")
        .messages(msgs)
        .stop("END")
        .tools(t for t in [tool])
        .functions((ChatCompletionFunctions(name="g"),))
        .modalities(iter([ChatCompletionModalities.TEXT]))
        .logit_bias(types.MappingProxyType({50256: -100}))
        .metadata(types.MappingProxyType({"k": "v"}))
        .prediction("x = 1")
        .tool_choice("auto")
        .function_call("none")
        .build()
    )
    assert type(req.messages) is list and [m.content for m in req.messages] == ["a", "b"]
    assert req.stop == "END"
    assert req.tools == [tool] and type(req.tools) is list
    assert req.functions == [ChatCompletionFunctions(name="g")]
    assert req.modalities == ["text"]
    assert req.logit_bias == {"50256": -100}
    assert type(req.metadata) is dict and req.metadata == {"k": "v"}
    assert req.prediction == PredictionContent(content="x = 1")
    assert req.tool_choice is ChatCompletionToolChoiceMode.AUTO
    assert req.function_call is ChatCompletionFunctionCallMode.NONE

    stop_list = CreateChatCompletionRequestArgs().stop(("a", "b")).model("m").messages([])
    assert stop_list.build().stop == ["a", "b"]


def test_tool_choice_and_function_call_from_str() -> None:
    def choice(v: Any) -> Any:
        return CreateChatCompletionRequestArgs().tool_choice(v).model("m").messages([]).build()

    assert choice("none").tool_choice is ChatCompletionToolChoiceMode.NONE
    assert choice("required").tool_choice is ChatCompletionToolChoiceMode.REQUIRED
    named = choice("get_weather").tool_choice
    assert named == ChatCompletionNamedToolChoice(function=FunctionName(name="get_weather"))
    assert choice("get_weather").to_dict()["tool_choice"] == {
        "function": {"name": "get_weather"}, "type": "function"
    }

    def fc(v: Any) -> Any:
        return CreateChatCompletionRequestArgs().function_call(v).model("m").messages([]).build()

    assert fc("auto").function_call is ChatCompletionFunctionCallMode.AUTO
    assert fc("lookup").function_call == ChatCompletionFunctionCallOption(name="lookup")
    assert fc("lookup").to_dict()["function_call"] == {"name": "lookup"}


def test_content_setters_take_str_or_any_iterable_of_parts() -> None:
    part = ChatCompletionRequestMessageContentPartText(text="t")
    assert ChatCompletionRequestSystemMessageArgs().content("s").build().content == "s"
    assert ChatCompletionRequestToolMessageArgs().content(iter([part])).tool_call_id("c").build(
    ).content == [part]
    assert ChatCompletionRequestUserMessageArgs().content((part,)).build().content == [part]
    img = ChatCompletionRequestMessageContentPartImageArgs().image_url("https://x.test/a.png")
    assert img.build().image_url == ImageUrl(url="https://x.test/a.png")


@pytest.mark.parametrize(
    "call",
    [
        lambda: ChatCompletionRequestUserMessageArgs().content(5),
        lambda: ChatCompletionRequestAssistantMessageArgs().content({"type": "text"}),
        lambda: CreateChatCompletionRequestArgs().stop(3),
        lambda: CreateChatCompletionRequestArgs().tool_choice(1),
        lambda: CreateChatCompletionRequestArgs().function_call(["f"]),
    ],
)
def test_wrong_value_kinds_are_refused_at_the_setter(call: Any) -> None:
    with pytest.raises(InvalidArgument):
        call()


TYPING_SNIPPET = """
from openai_rs_port import AsyncClient, Client
from openai_rs_port._async import AsyncStream
from openai_rs_port._sync import Stream
from openai_rs_port.types.chat import (
    ChatCompletionRequestMessageContentPartImage,
    ChatCompletionRequestUserMessageArgs,
    CreateChatCompletionRequest,
    CreateChatCompletionRequestArgs,
    CreateChatCompletionResponse,
    CreateChatCompletionStreamResponse,
    ImageUrl,
)


def build() -> CreateChatCompletionRequest:
    msg = ChatCompletionRequestUserMessageArgs().content("hi").name("a").build()
    return CreateChatCompletionRequestArgs().model("gpt-4o").messages([msg]).build()


def sync_ok(c: Client, r: CreateChatCompletionRequest) -> str | None:
    resp: CreateChatCompletionResponse = c.chat().create(r)
    chunks: Stream[CreateChatCompletionStreamResponse] = c.chat().create_stream(r)
    return resp.choices[0].message.content


async def async_ok(a: AsyncClient, r: CreateChatCompletionRequest) -> None:
    resp: CreateChatCompletionResponse = await a.chat().create(r)
    chunks: AsyncStream[CreateChatCompletionStreamResponse] = await a.chat().create_stream(r)


def wrong() -> None:
    CreateChatCompletionRequestArgs().temperature("hot")  # error expected
    ChatCompletionRequestUserMessageArgs().content(
        [ImageUrl(url="u")]  # error expected
    )
    ok = ChatCompletionRequestMessageContentPartImage(image_url=ImageUrl(url="u"))
    ChatCompletionRequestUserMessageArgs().content([ok])
    CreateChatCompletionRequestArgs().messages(["hi"])  # error expected
"""


def test_mypy_checks_chat_setters_and_results(tmp_path: Path) -> None:
    src = tmp_path / "snippet.py"
    src.write_text(textwrap.dedent(TYPING_SNIPPET).lstrip("\n"))
    out, err, _ = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(src)]
    )
    text = src.read_text().splitlines()
    expected = [i for i, line in enumerate(text, 1) if line.endswith("# error expected")]
    # Only the snippet's own errors count: the package itself is type-checked by tests/run.sh.
    lines = [line for line in out.splitlines() if line.startswith(str(src)) and ": error:" in line]
    assert len(expected) == 3
    assert sorted({int(line.split(":")[1]) for line in lines}) == expected, out + err


# ---------------------------------------------------------------- wire form


def test_unset_optionals_are_left_out() -> None:
    req = CreateChatCompletionRequestArgs().model("gpt-4o").messages([user("hi")]).build()
    assert req.to_dict() == {"messages": [{"content": "hi", "role": "user"}], "model": "gpt-4o"}
    assert json.loads(req.to_json()) == req.to_dict()
    tool = ChatCompletionToolArgs().function(FunctionObjectArgs().name("f").build()).build()
    assert tool.to_dict() == {"function": {"name": "f"}, "type": "function"}


def test_full_request_wire_form() -> None:
    d = full_request().to_dict()
    assert [m["role"] for m in d["messages"]] == [
        "developer", "system", "user", "assistant", "assistant", "tool", "function"
    ]
    assert [p["type"] for p in d["messages"][2]["content"]] == [
        "text", "image_url", "input_audio", "file"
    ]
    assert d["messages"][2]["content"][1] == {
        "image_url": {"url": "https://example.com/cat.png", "detail": "high"}, "type": "image_url"
    }
    assert d["messages"][4]["content"] == [{"refusal": "No.", "type": "refusal"}]
    assert d["response_format"] == {
        "json_schema": {
            "name": "weather", "description": "A weather report",
            "schema": WEATHER_PARAMS, "strict": True,
        },
        "type": "json_schema",
    }
    assert d["prediction"] == {"content": [{"text": "x = 1", "type": "text"}], "type": "content"}
    assert d["logit_bias"] == {"50256": -100, "1234": 5}
    assert d["web_search_options"]["user_location"]["type"] == "approximate"
    assert d["tool_choice"] == {"function": {"name": "get_weather"}, "type": "function"}
    assert d["stop"] == ["\n\n", "END"]
    assert "stream" not in d


def test_minimal_request_is_valid_against_the_spec() -> None:
    req = CreateChatCompletionRequestArgs().model("gpt-4o").messages([user("hi")]).build()
    assert_valid("CreateChatCompletionRequest", req)


def test_full_request_is_valid_against_the_spec() -> None:
    assert_valid("CreateChatCompletionRequest", full_request())


def test_other_request_shapes_are_valid_against_the_spec() -> None:
    base = CreateChatCompletionRequestArgs().model("gpt-4o").messages([
        ChatCompletionRequestSystemMessageArgs().content("s").build(),
        ChatCompletionRequestDeveloperMessageArgs().content("d").build(),
        ChatCompletionRequestAssistantMessageArgs().content("a").build(),
        ChatCompletionRequestToolMessageArgs().content("t").tool_call_id("c").build(),
        user("u"),
    ])
    for fmt in (ResponseFormatText(), ResponseFormatJsonObject()):
        assert_valid("CreateChatCompletionRequest", base.response_format(fmt).build())
    for choice in ("none", "auto", "required"):
        assert_valid("CreateChatCompletionRequest", base.tool_choice(choice).build())
    legacy = base.functions([
        ChatCompletionFunctionsArgs().name("f").description("d").parameters(WEATHER_PARAMS).build()
    ]).function_call("f").stop("END").prediction("p")
    assert_valid("CreateChatCompletionRequest", legacy.build())
    assert_valid("CreateChatCompletionRequest", base.function_call("auto").build())


def test_full_request_round_trips() -> None:
    req = full_request()
    again = CreateChatCompletionRequest.from_json(req.to_json())
    assert again == req


# ---------------------------------------------------------------- decoding unions


@pytest.mark.parametrize(
    ("data", "cls"),
    [
        ({"role": "user", "content": "x"}, ChatCompletionRequestUserMessage),
        ({"role": "system", "content": "x"}, ChatCompletionRequestSystemMessage),
        ({"role": "developer", "content": "x"}, ChatCompletionRequestDeveloperMessage),
        ({"role": "assistant", "content": "x"}, ChatCompletionRequestAssistantMessage),
        ({"role": "tool", "content": "x", "tool_call_id": "c"}, ChatCompletionRequestToolMessage),
        ({"role": "function", "content": "x", "name": "f"}, ChatCompletionRequestFunctionMessage),
    ],
)
def test_messages_decode_by_role(data: dict[str, Any], cls: type) -> None:
    # {"role": "user", "content": "x"} fits the system and developer shapes too; only the tag decides.
    msg = decode(ChatCompletionRequestMessage, data)  # type: ignore[arg-type]
    assert type(msg) is cls
    assert msg.content == "x"
    assert msg.to_dict() == data


def test_unknown_role_is_kept_as_raw_json() -> None:
    raw = {"role": "critic", "content": "x"}
    assert decode(ChatCompletionRequestMessage, raw) == raw  # type: ignore[arg-type]


def test_content_parts_decode_by_type() -> None:
    msg = decode(ChatCompletionRequestMessage, {  # type: ignore[arg-type]
        "role": "user",
        "content": [
            {"type": "text", "text": "hi"},
            {"type": "image_url", "image_url": {"url": "https://x.test/i.png", "detail": "low"}},
            {"type": "input_audio", "input_audio": {"data": "AAAA", "format": "mp3"}},
            {"type": "file", "file": {"file_id": "file-1"}},
        ],
    })
    assert type(msg) is ChatCompletionRequestUserMessage
    assert isinstance(msg.content, list)
    assert [type(p) for p in msg.content] == [
        ChatCompletionRequestMessageContentPartText,
        ChatCompletionRequestMessageContentPartImage,
        ChatCompletionRequestMessageContentPartAudio,
        ChatCompletionRequestMessageContentPartFile,
    ]
    image = msg.content[1]
    assert isinstance(image, ChatCompletionRequestMessageContentPartImage)
    assert image.image_url.detail is ImageDetail.LOW
    audio = msg.content[2]
    assert isinstance(audio, ChatCompletionRequestMessageContentPartAudio)
    assert audio.input_audio.format is InputAudioFormat.MP3

    asst = decode(ChatCompletionRequestMessage, {  # type: ignore[arg-type]
        "role": "assistant",
        "content": [{"type": "refusal", "refusal": "no"}, {"type": "text", "text": "ok"}],
    })
    assert isinstance(asst, ChatCompletionRequestAssistantMessage)
    assert asst.content == [
        ChatCompletionRequestMessageContentPartRefusal(refusal="no"),
        ChatCompletionRequestMessageContentPartText(text="ok"),
    ]


def test_tool_choice_and_response_format_decode() -> None:
    auto = decode(ChatCompletionToolChoiceOption, "auto")  # type: ignore[arg-type]
    assert auto is ChatCompletionToolChoiceMode.AUTO
    named = decode(ChatCompletionToolChoiceOption,  # type: ignore[arg-type]
                   {"type": "function", "function": {"name": "f"}})
    assert named == ChatCompletionNamedToolChoice(function=FunctionName(name="f"))
    assert named.type is ChatCompletionToolType.FUNCTION
    assert decode(ResponseFormat, {"type": "text"}) == ResponseFormatText()  # type: ignore[arg-type]
    assert type(decode(ResponseFormat, {"type": "json_object"})) is ResponseFormatJsonObject  # type: ignore[arg-type]
    fmt = decode(ResponseFormat, {  # type: ignore[arg-type]
        "type": "json_schema", "json_schema": {"name": "n", "schema": {"type": "object"}},
    })
    assert fmt == ResponseFormatJsonSchemaFormat(
        json_schema=ResponseFormatJsonSchema(name="n", schema_={"type": "object"})
    )


RESPONSE = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1700000000,
    "model": "gpt-4o-2024-08-06",
    "service_tier": "default",
    "system_fingerprint": "fp_1",
    "a_new_top_level_field": {"ignored": True},
    "choices": [
        {
            "index": 0,
            "finish_reason": "tool_calls",
            "message": {
                "role": "assistant",
                "content": "Hello",
                "refusal": None,
                "tool_calls": [
                    {"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{}"}, "extra": 1}
                ],
                "annotations": [
                    {"type": "url_citation", "url_citation": {
                        "start_index": 0, "end_index": 5, "url": "https://x.test", "title": "X"}},
                    {"type": "future_kind", "data": 1},
                ],
                "audio": {"id": "a1", "expires_at": 1, "data": "AA==", "transcript": "Hello"},
            },
            "logprobs": {
                "content": [
                    {"token": "Hel", "logprob": -0.5, "bytes": [72, 101, 108],
                     "top_logprobs": [{"token": "Hel", "logprob": -0.5, "bytes": None}]}
                ],
                "refusal": None,
            },
        },
        {
            "index": 1,
            "finish_reason": "a_new_reason",
            "message": {"role": "assistant", "content": None, "refusal": "no"},
            "logprobs": None,
        },
    ],
    "usage": {
        "prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15,
        "prompt_tokens_details": {"cached_tokens": 2, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 1},
    },
}


def test_response_decodes_field_by_field() -> None:
    r = json_decoder(CreateChatCompletionResponse)(json.dumps(RESPONSE).encode())
    assert type(r) is CreateChatCompletionResponse
    assert (r.id, r.object, r.created, r.model) == (
        "chatcmpl-1", "chat.completion", 1700000000, "gpt-4o-2024-08-06"
    )
    assert r.service_tier is ServiceTierResponse.DEFAULT
    assert r.system_fingerprint == "fp_1"
    c0, c1 = r.choices
    assert type(c0) is ChatChoice and c0.index == 0
    assert c0.finish_reason is FinishReason.TOOL_CALLS
    m = c0.message
    assert type(m) is ChatCompletionResponseMessage
    assert m.role is Role.ASSISTANT and m.content == "Hello" and m.refusal is None
    assert m.tool_calls == [ChatCompletionMessageToolCall(
        id="call_1", function=FunctionCall(name="get_weather", arguments="{}"))]
    assert m.annotations is not None
    assert type(m.annotations[0]) is ChatCompletionAnnotationUrlCitation
    assert m.annotations[0].url_citation.end_index == 5
    assert m.annotations[1] == {"type": "future_kind", "data": 1}
    assert m.audio == ChatCompletionResponseMessageAudio(
        id="a1", expires_at=1, data="AA==", transcript="Hello")
    assert type(c0.logprobs) is ChatChoiceLogprobs and c0.logprobs.refusal is None
    assert c0.logprobs.content == [ChatCompletionTokenLogprob(
        token="Hel", logprob=-0.5, bytes=[72, 101, 108],
        top_logprobs=[TopLogprobs(token="Hel", logprob=-0.5, bytes=None)])]
    # A finish reason this version does not know stays a plain string.
    assert c1.finish_reason == "a_new_reason" and type(c1.finish_reason) is str
    assert c1.message.content is None and c1.message.refusal == "no" and c1.logprobs is None
    assert r.usage == CompletionUsage(
        prompt_tokens=10, completion_tokens=5, total_tokens=15,
        prompt_tokens_details=PromptTokensDetails(cached_tokens=2, audio_tokens=0),
        completion_tokens_details=CompletionTokensDetails(reasoning_tokens=1),
    )


def test_unknown_enum_values_stay_strings() -> None:
    data = dict(RESPONSE, service_tier="priority")
    data["choices"] = [dict(RESPONSE["choices"][0])]  # type: ignore[index]
    data["choices"][0]["message"] = {"role": "narrator", "content": "x"}  # type: ignore[index]
    r = CreateChatCompletionResponse.from_dict(data)
    assert r.service_tier == "priority" and type(r.service_tier) is str
    assert r.choices[0].message.role == "narrator"
    assert type(r.choices[0].message.role) is str


def test_stream_chunk_decodes() -> None:
    chunk = {
        "id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
        "service_tier": "flex", "usage": None, "unknown": [1],
        "choices": [{
            "index": 0, "finish_reason": None, "logprobs": None,
            "delta": {"role": "assistant", "content": "He", "tool_calls": [
                {"index": 0, "id": "call_1", "type": "function",
                 "function": {"name": "f", "arguments": ""}},
                {"index": 0, "function": {"arguments": "{\"a\""}},
            ]},
        }],
    }
    c = json_decoder(CreateChatCompletionStreamResponse)(json.dumps(chunk).encode())
    assert type(c) is CreateChatCompletionStreamResponse
    assert c.service_tier is ServiceTierResponse.FLEX and c.usage is None
    (choice,) = c.choices
    assert type(choice) is ChatChoiceStream and choice.finish_reason is None
    d = choice.delta
    assert type(d) is ChatCompletionStreamResponseDelta
    assert d.role is Role.ASSISTANT and d.content == "He" and d.refusal is None
    assert d.tool_calls == [
        ChatCompletionMessageToolCallChunk(
            index=0, id="call_1", type=ChatCompletionToolType.FUNCTION,
            function=FunctionCallStream(name="f", arguments=""),
        ),
        ChatCompletionMessageToolCallChunk(index=0, function=FunctionCallStream(arguments='{"a"')),
    ]
    usage_only = dict(chunk, choices=[], usage={
        "prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3})
    last = CreateChatCompletionStreamResponse.from_dict(usage_only)
    assert last.choices == [] and last.usage == CompletionUsage(
        prompt_tokens=1, completion_tokens=2, total_tokens=3)


def test_enum_values_match_the_wire() -> None:
    assert [e.value for e in Role] == [
        "developer", "system", "user", "assistant", "tool", "function"]
    assert [e.value for e in FinishReason] == [
        "stop", "length", "tool_calls", "content_filter", "function_call"]
    assert WebSearchUserLocationType.APPROXIMATE == "approximate"
    assert ChatCompletionAudioFormat.PCM16 == "pcm16"
    assert ReasoningEffort.HIGH == "high"
    assert ServiceTier.FLEX == "flex"


def test_stream_alias_resolves_without_importing_transports_eagerly() -> None:
    code = (
        "import sys\n"
        "import openai_rs_port.types.chat as c\n"
        "assert 'requests' not in sys.modules and 'aiohttp' not in sys.modules\n"
        "from openai_rs_port._sync import Stream\n"
        "assert c.ChatCompletionResponseStream == Stream[c.CreateChatCompletionStreamResponse]\n"
        "from openai_rs_port.types import ChatCompletionResponseStream\n"
        "assert ChatCompletionResponseStream is c.ChatCompletionResponseStream\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_every_public_name_is_reachable_from_types() -> None:
    import openai_rs_port.types as t
    import openai_rs_port.types.chat as c

    for name in c.__all__:
        assert getattr(t, name) is getattr(c, name), name
