"""Builders and request constructors: runtime checks, wire forms, file inputs, help() and mypy."""

from __future__ import annotations

import dataclasses
import enum
import importlib
import inspect
import io
import pkgutil
import pydoc
import textwrap
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import pytest
from mypy import api as mypy_api

import openai_rs_port.types as types_package
from openai_rs_port._builder import Builder, Setter
from openai_rs_port._codec import Tagged, coerce
from openai_rs_port._request import Multipart
from openai_rs_port.error import FileReadError, InvalidArgument
from openai_rs_port.types.audio import CreateTranscriptionRequest
from openai_rs_port.types.chat import (
    ChatCompletionNamedToolChoice,
    ChatCompletionRequestAssistantMessage,
    ChatCompletionRequestMessageContentPartImage,
    ChatCompletionRequestMessageContentPartText,
    ChatCompletionRequestSystemMessage,
    ChatCompletionRequestUserMessage,
    ChatCompletionRequestUserMessageArgs,
    ChatCompletionTool,
    ChatCompletionToolChoiceMode,
    CreateChatCompletionRequest,
    CreateChatCompletionRequestArgs,
    FunctionName,
    FunctionObject,
    ImageDetail,
    ImageUrl,
    ReasoningEffort,
    ResponseFormatJsonObject,
)
from openai_rs_port.types.common import InputSource
from openai_rs_port.types.embedding import CreateEmbeddingRequestArgs, EncodingFormat
from openai_rs_port.types.file import CreateFileRequest, FilePurpose
from openai_rs_port.types.fine_tuning import CreateFineTuningJobRequestArgs, FineTuneMethodDPO
from openai_rs_port.types.image import CreateImageEditRequest
from openai_rs_port.types.moderation import CreateModerationRequestArgs, ModerationContentPartText
from openai_rs_port.types.upload import AddUploadPartRequest, FileSlice

Args = CreateChatCompletionRequestArgs


def chat() -> CreateChatCompletionRequestArgs:
    return Args().model("m").messages([ChatCompletionRequestUserMessage(content="hi")])


# ---------------------------------------------------------------- scalar checks


@pytest.mark.parametrize(("setter", "value", "expected"), [
    ("temperature", "hot", "expected float, got str 'hot'"),
    ("temperature", True, "expected float, got bool True"),
    ("n", True, "expected int, got bool True"),
    ("n", 1.5, "expected int, got float 1.5"),
    ("seed", "1", "expected int, got str '1'"),
    ("stream", 1, "expected bool, got int 1"),
    ("model", 5, "expected str, got int 5"),
])
def test_a_setter_checks_a_scalar_when_it_is_set(setter: str, value: Any, expected: str) -> None:
    with pytest.raises(InvalidArgument) as e:
        getattr(Args(), setter)(value)
    assert str(e.value) == f"CreateChatCompletionRequest.{setter}: {expected}"


def test_right_scalars_are_kept_as_given() -> None:
    req = chat().temperature(1).top_p(0.5).n(2).stream(False).build()
    assert req.temperature == 1 and type(req.temperature) is int  # an int is a fine float
    assert (req.top_p, req.n, req.stream) == (0.5, 2, False)


# ---------------------------------------------------------------- wire forms


def test_setters_take_the_wire_form_of_structs_enums_and_unions() -> None:
    req = (
        Args().model("m")
        .messages([{"role": "system", "content": "be terse"},
                   {"role": "user", "content": [{"type": "text", "text": "hi"},
                                                {"type": "image_url", "image_url": {"url": "u",
                                                                                    "detail": "low"}}]}])
        .tool_choice({"type": "function", "function": {"name": "f"}})
        .response_format({"type": "json_object"})
        .reasoning_effort("low")
        .tools([{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}])
        .build()
    )
    typed = CreateChatCompletionRequest(
        model="m",
        messages=[
            ChatCompletionRequestSystemMessage(content="be terse"),
            ChatCompletionRequestUserMessage(content=[
                ChatCompletionRequestMessageContentPartText(text="hi"),
                ChatCompletionRequestMessageContentPartImage(
                    image_url=ImageUrl(url="u", detail=ImageDetail.LOW)),
            ]),
        ],
        tool_choice=ChatCompletionNamedToolChoice(function=FunctionName(name="f")),
        response_format=ResponseFormatJsonObject(),
        reasoning_effort=ReasoningEffort.LOW,
        tools=[ChatCompletionTool(function=FunctionObject(name="f", parameters={"type": "object"}))],
    )
    assert req == typed
    assert req.reasoning_effort is ReasoningEffort.LOW
    assert type(req.messages[1]) is ChatCompletionRequestUserMessage
    assert req.to_dict() == typed.to_dict()
    # Enum strings and a mode name work where the field also takes a struct.
    assert chat().tool_choice("auto").build().tool_choice is ChatCompletionToolChoiceMode.AUTO
    assert chat().tool_choice({"type": "function", "function": {"name": "g"}}).build().tool_choice == (
        ChatCompletionNamedToolChoice(function=FunctionName(name="g")))


@pytest.mark.parametrize(("messages", "path", "why"), [
    ([{"role": "user", "content": "hi"}, {"role": "user", "content": 5}],
     "messages[1].content", "got int 5"),
    ([{"role": "user", "content": "hi", "bogus": 1}], "messages[0].bogus", "unknown field"),
    ([{"role": "tool", "content": "x"}], "messages[0].tool_call_id", "missing"),
    ([{"role": "robot", "content": "x"}], "messages[0].role", "'robot' is not one of"),
    ([{"content": "x"}], "messages[0].role", "missing tag"),
    ([{"role": "user", "content": [{"type": "text", "text": 1}]}], "messages[0].content[0].text",
     "expected str"),
    (["hi"], "messages[0]", "expected an object"),
])
def test_a_bad_wire_form_raises_naming_its_path(messages: Any, path: str, why: str) -> None:
    with pytest.raises(InvalidArgument) as e:
        Args().messages(messages)
    assert f"CreateChatCompletionRequest.{path}: " in str(e.value) and why in str(e.value)
    # The constructor reads it the same way.
    with pytest.raises(InvalidArgument) as c:
        CreateChatCompletionRequest(model="m", messages=messages)
    assert str(c.value) == str(e.value)


def test_an_unknown_enum_string_from_the_caller_raises() -> None:
    with pytest.raises(InvalidArgument) as e:
        Args().reasoning_effort("extreme")
    assert "reasoning_effort" in str(e.value) and "'extreme'" in str(e.value)
    with pytest.raises(InvalidArgument, match="encoding_format"):
        CreateEmbeddingRequestArgs().encoding_format("int8")
    assert CreateEmbeddingRequestArgs().model("m").input("x").encoding_format("base64").build(
    ).encoding_format is EncodingFormat.BASE64
    with pytest.raises(InvalidArgument, match=r"CreateFileRequest\.purpose"):
        CreateFileRequest(file=InputSource(path="a"), purpose="bogus")  # type: ignore[arg-type]
    assert CreateFileRequest(file=InputSource(path="a"), purpose="batch").purpose is (  # type: ignore[arg-type]
        FilePurpose.BATCH)


def test_constructors_take_the_wire_form() -> None:
    req = CreateChatCompletionRequest(
        model="m", messages=[{"role": "user", "content": "hi"}],  # type: ignore[list-item]
        response_format={"type": "json_object"},  # type: ignore[arg-type]
        reasoning_effort="high",  # type: ignore[arg-type]
    )
    assert req == chat().response_format(ResponseFormatJsonObject()).reasoning_effort(
        ReasoningEffort.HIGH).build()
    assert req.reasoning_effort is ReasoningEffort.HIGH
    nested = ChatCompletionRequestAssistantMessage(
        tool_calls=[{"id": "c", "type": "function",  # type: ignore[list-item]
                     "function": {"name": "f", "arguments": "{}"}}])
    assert nested.tool_calls is not None and nested.tool_calls[0].function.name == "f"


def test_typed_values_pass_through_untouched() -> None:
    messages = [ChatCompletionRequestUserMessage(content="hi")]
    req = CreateChatCompletionRequest(model="m", messages=messages)
    assert req.messages is messages and req.messages[0] is messages[0]
    built = Args().model("m").messages(messages).build()
    assert built.messages is messages
    tool = ChatCompletionTool(function=FunctionObject(name="f"))
    assert coerce(ChatCompletionTool, tool) is tool


def test_other_groups_take_wire_forms_too() -> None:
    job = (CreateFineTuningJobRequestArgs().model("m").training_file("f")
           .method({"type": "dpo", "dpo": {"hyperparameters": {"beta": "auto"}}})
           .integrations([{"type": "wandb", "wandb": {"project": "p"}}]).build())
    assert type(job.method) is FineTuneMethodDPO
    assert job.integrations is not None and job.integrations[0].wandb.project == "p"
    mod = CreateModerationRequestArgs().input([{"type": "text", "text": "x"}]).build()
    assert mod.input == [ModerationContentPartText(text="x")]
    assert CreateModerationRequestArgs().input({"type": "text", "text": "y"}).build().input == [
        ModerationContentPartText(text="y")]
    with pytest.raises(InvalidArgument, match=r"input"):
        CreateModerationRequestArgs().input(["a", {"type": "text", "text": "x"}])


# ---------------------------------------------------------------- file inputs


def test_input_source_fields_take_bytes_paths_pairs_and_files(tmp_path: Path) -> None:
    part = AddUploadPartRequest(data=b"abc")  # type: ignore[arg-type]
    assert part.data == InputSource(data=b"abc")
    fp = part.data.part("data")
    assert (fp.filename, fp.read()) == ("upload", b"abc")
    _, body = Multipart(files=(fp,)).encode()
    assert b"abc" in bytes(body)
    path = tmp_path / "p.bin"
    path.write_bytes(b"xyz")
    assert AddUploadPartRequest(data=str(path)).data == InputSource(path=str(path))  # type: ignore[arg-type]
    assert AddUploadPartRequest(data=("n.bin", b"1")).data == InputSource(  # type: ignore[arg-type]
        filename="n.bin", data=b"1")
    buf = io.BytesIO(b"2")
    assert AddUploadPartRequest(data=buf).data == InputSource(data=buf)  # type: ignore[arg-type]
    piece = FileSlice(str(path), 0, 2)
    assert AddUploadPartRequest(data=piece).data is piece
    with pytest.raises(InvalidArgument, match=r"AddUploadPartRequest\.data"):
        AddUploadPartRequest(data=12)  # type: ignore[arg-type]
    assert CreateFileRequest(file=b"{}", purpose="batch").file == InputSource(  # type: ignore[arg-type]
        data=b"{}")
    assert CreateTranscriptionRequest(file=("a.wav", b"w"), model="m").file == InputSource(  # type: ignore[arg-type]
        filename="a.wav", data=b"w")
    # One image as a pair, several as a list.
    one = CreateImageEditRequest(image=("a.png", b"i"), prompt="p")  # type: ignore[arg-type]
    assert one.image == InputSource(filename="a.png", data=b"i")
    many = CreateImageEditRequest(image=[b"i", str(path)], prompt="p")  # type: ignore[list-item]
    assert many.image == [InputSource(data=b"i"), InputSource(path=str(path))]
    with pytest.raises(FileReadError):
        InputSource.coerce(("a.png", "not bytes"))


# ---------------------------------------------------------------- discoverability


def test_help_lists_setters_with_their_accepted_types() -> None:
    text = pydoc.render_doc(Args, renderer=pydoc.plaintext)
    assert "Setter object" not in text
    assert "model(value: str) -> Self" in text
    assert "messages(value: Iterable[ChatCompletionRequestMessage | JsonObject]) -> Self" in text
    assert "temperature(value: float) -> Self" in text
    assert "read as the wire form" in text


def test_a_bound_setter_has_a_name_a_doc_and_a_signature() -> None:
    bound = Args().model
    assert bound.__name__ == "model"
    assert bound.__qualname__ == "CreateChatCompletionRequestArgs.model"
    assert bound.__doc__ is not None and "CreateChatCompletionRequest" in bound.__doc__
    assert str(inspect.signature(bound)) == "(value: str) -> Self"
    assert str(inspect.signature(ChatCompletionRequestUserMessageArgs().content)) == (
        "(value: str | Iterable[ChatCompletionRequestUserMessageContentPart | JsonObject]) -> Self")
    assert Setter.__doc__ is not None and "chainable setter" in Setter.__doc__


def _builders() -> list[type[Builder[Any]]]:
    found = []
    for info in pkgutil.walk_packages(types_package.__path__, types_package.__name__ + "."):
        module = importlib.import_module(info.name)
        found += [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Builder)
                  and v is not Builder and v.__module__ == module.__name__]
    return found


def _mentions(tp: Any, wanted: Any) -> bool:
    if tp is wanted or get_origin(tp) is wanted:
        return True
    return any(_mentions(a, wanted) for a in get_args(tp) if a is not Ellipsis)


def _contents(tp: Any) -> list[Any]:
    out = [tp]
    if get_origin(tp) is Annotated:
        if any(isinstance(m, Tagged) for m in tp.__metadata__):
            return out
        return [*out, *_contents(get_args(tp)[0])]
    for a in get_args(tp):
        if a is not Ellipsis:
            out += _contents(a)
    return out


def test_every_setter_declares_the_wire_forms_it_accepts() -> None:
    """Drift guard for mypy: a setter whose field takes a struct also accepts a mapping,
    one whose field takes an enum also accepts a str."""
    builders = _builders()
    assert len(builders) > 20
    for builder in builders:
        hints = typing.get_type_hints(builder._target, include_extras=True)
        for name in dir(builder):
            setter = getattr(builder, name)
            if not isinstance(setter, Setter):
                continue
            accepted = get_args(setter.__orig_class__)[0]  # type: ignore[attr-defined]
            parts = _contents(hints[name])
            where = f"{builder.__name__}.{name}"
            structs = [p for p in parts if (isinstance(p, type) and dataclasses.is_dataclass(p)
                                            and not hasattr(p, "coerce"))
                       or (get_origin(p) is Annotated)]
            if structs:
                assert _mentions(accepted, Mapping), where
            if any(isinstance(p, type) and issubclass(p, enum.Enum) for p in parts):
                assert _mentions(accepted, str), where


SNIPPET = """
from openai_rs_port.types.chat import (
    ChatCompletionRequestUserMessage,
    CreateChatCompletionRequest,
    CreateChatCompletionRequestArgs,
)

def wire_forms() -> CreateChatCompletionRequest:
    args: CreateChatCompletionRequestArgs = (
        CreateChatCompletionRequestArgs()
        .model("m")
        .messages([{"role": "user", "content": "hi"}, ChatCompletionRequestUserMessage(content="x")])
        .tool_choice({"type": "function", "function": {"name": "f"}})
        .response_format({"type": "json_object"})
        .reasoning_effort("low")
        .temperature(1)
    )
    return args.build()

def still_checked() -> None:
    CreateChatCompletionRequestArgs().temperature("hot")  # error expected
    n: int = CreateChatCompletionRequestArgs().model("m")  # error expected
"""


def test_mypy_accepts_wire_forms_and_keeps_setters_exact(tmp_path: Path) -> None:
    src = tmp_path / "snippet.py"
    src.write_text(textwrap.dedent(SNIPPET).lstrip("\n"))
    out, err, _status = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(src)])
    errors = sorted({int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line})
    expected = [n for n, line in enumerate(src.read_text().splitlines(), 1) if "error expected" in line]
    assert len(expected) == 2 and errors == expected, out + err
