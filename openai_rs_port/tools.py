"""Function tools from typed Python functions, and running the calls a model asks for.

``function_tool(get_weather)`` describes ``get_weather`` as a ``ChatCompletionTool``: its
name, its docstring's summary as the description, and a strict parameters schema built
from its annotations (see ``structured.json_schema_for``), each parameter described from
a Google-style (``Args:``) or NumPy-style (``Parameters`` / ``----------``) docstring.
``response_function_tool`` gives the Responses API's ``Function`` tool.

``FunctionTool`` (``tool(fn)``) keeps the function with its description: ``call(arguments)``
decodes the JSON arguments into the parameters' types and calls it. Arguments that do
not fit, and exceptions the function raises, become an error text for the model rather
than an exception that stops a tool loop.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, replace
from typing import Any, Generic, Self, TypeVar, get_type_hints

from ._codec import ApiModel
from ._resource import Calls, Invoke, Plan
from .error import InvalidArgument
from .structured import _SchemaBuilder, _summary, decode_value
from .types.chat import (
    ChatCompletionRequestAssistantMessage,
    ChatCompletionRequestAssistantMessageAudio,
    ChatCompletionRequestMessage,
    ChatCompletionRequestToolMessage,
    ChatCompletionResponseMessage,
    ChatCompletionTool,
    CreateChatCompletionRequest,
    CreateChatCompletionResponse,
    FunctionObject,
)
from .types.responses.response import (
    CreateResponse,
    Function,
    FunctionCallOutput,
    InputItem,
    InputMessage,
    ItemReference,
    OutputMessage,
    OutputText,
    ReasoningItem,
    Response,
)
from .types.responses.response import FunctionCall as ResponseFunctionCall
from .types.responses.response import Role as ResponseRole
from .types.responses.stream import ResponseTextDeltaEvent

__all__ = [
    "AsyncToolStream",
    "ChatToolRun",
    "FunctionTool",
    "ResponseToolRun",
    "ToolArgumentsError",
    "ToolStream",
    "function_tool",
    "output_text",
    "response_function_tool",
    "tool",
    "toolset",
]

R = TypeVar("R")

_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


class ToolArgumentsError(ValueError):
    """The model's arguments for a tool are not JSON, or do not fit its parameters."""


def _param_docs(doc: str | None) -> dict[str, str]:
    """Each parameter's description from a Google- or NumPy-style docstring."""
    if not doc:
        return {}
    lines = inspect.cleandoc(doc).splitlines()
    out: dict[str, str] = {}
    i = 0
    while i < len(lines):
        head = lines[i].strip()
        numpy = head in ("Parameters", "Arguments") and i + 1 < len(lines) and set(
            lines[i + 1].strip()) == {"-"}
        if head in ("Args:", "Arguments:", "Parameters:") or numpy:
            i += 2 if numpy else 1
            name: str | None = None
            base = None
            while i < len(lines):
                line = lines[i]
                if not line.strip():
                    i += 1
                    if i < len(lines) and lines[i].strip() and not lines[i].startswith((" ", "\t")):
                        break
                    continue
                indent = len(line) - len(line.lstrip())
                if base is None:
                    base = indent
                if indent < base or (numpy and i + 1 < len(lines)
                                     and set(lines[i + 1].strip()) == {"-"}):
                    break
                text = line.strip()
                if indent == base:
                    if numpy:
                        name = text.split(":", 1)[0].strip()
                        out[name] = ""
                    else:
                        m = re.match(r"^\*{0,2}(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$", text)
                        if m is None:
                            break
                        name = m.group(1)
                        out[name] = m.group(2).strip()
                elif name is not None:
                    out[name] = f"{out[name]} {text}".strip()
                i += 1
            continue
        i += 1
    return {k: v for k, v in out.items() if v}


def _summary_only(doc: str | None) -> str | None:
    text = _summary(doc)
    if text is None:
        return None
    # A Google-style docstring with no blank line before its sections.
    return re.split(r"\s(?:Args|Arguments|Parameters|Returns|Raises):", text, maxsplit=1)[0].strip() or None


@dataclass(frozen=True, slots=True)
class FunctionTool:
    """A Python function with its tool description (``tool(fn)``)."""

    fn: Callable[..., Any]
    name: str
    description: str | None
    parameters: dict[str, Any]
    types: dict[str, Any]
    strict: bool = True

    def chat(self) -> ChatCompletionTool:
        """The Chat Completions tool."""
        return ChatCompletionTool(function=FunctionObject(
            name=self.name, description=self.description, parameters=self.parameters, strict=self.strict))

    def responses(self) -> Function:
        """The Responses API function tool."""
        return Function(name=self.name, description=self.description, parameters=self.parameters,
                        strict=self.strict)

    def decode(self, arguments: str) -> dict[str, Any]:
        """The keyword arguments ``arguments`` (the model's JSON) decode to;
        ``ToolArgumentsError`` when they are not JSON or do not fit."""
        try:
            data = json.loads(arguments) if arguments.strip() else {}
        except ValueError as e:
            raise ToolArgumentsError(f"arguments are not JSON: {e}") from None
        if not isinstance(data, dict):
            raise ToolArgumentsError("arguments must be a JSON object")
        unknown = set(data) - set(self.types)
        if unknown:
            raise ToolArgumentsError(f"unknown arguments {sorted(unknown)}")
        kwargs = {}
        for name, tp in self.types.items():
            if name not in data:
                raise ToolArgumentsError(f"missing argument {name!r}")
            try:
                kwargs[name] = decode_value(tp, data[name], name)
            except ValueError as e:
                raise ToolArgumentsError(str(e)) from None
        return kwargs

    def call(self, arguments: str) -> Any:
        """Call the function with ``arguments`` decoded: its result (an awaitable, for an
        ``async def``), or an error text for the model when they do not fit."""
        try:
            kwargs = self.decode(arguments)
        except ToolArgumentsError as e:
            return f"Error: invalid arguments for {self.name}: {e}"
        return self.fn(**kwargs)


def tool(fn: Callable[..., Any] | FunctionTool, *, name: str | None = None,
         description: str | None = None, strict: bool = True) -> FunctionTool:
    """``fn`` described as a tool: see the module's docs. ``TypeError`` for a parameter
    without an annotation or whose type has no strict schema."""
    if isinstance(fn, FunctionTool):
        return fn
    name = name or fn.__name__
    if not _NAME.match(name):
        raise TypeError(f"{name!r} is not a valid tool name (^[a-zA-Z0-9_-]{{1,64}}$)")
    hints = get_type_hints(fn, include_extras=True)
    docs = _param_docs(fn.__doc__)
    builder = _SchemaBuilder(None)
    props: dict[str, Any] = {}
    types: dict[str, Any] = {}
    for p in inspect.signature(fn).parameters.values():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise TypeError(f"{name}: *args and **kwargs have no schema")
        if p.name not in hints:
            raise TypeError(f"{name}: parameter {p.name!r} has no annotation")
        types[p.name] = hints[p.name]
        schema = builder.of(hints[p.name])
        if p.name in docs:
            schema = {**schema, "description": docs[p.name]}
        props[p.name] = schema
    parameters: dict[str, Any] = {"type": "object", "properties": props, "required": list(props),
                                  "additionalProperties": False}
    if builder.defs:
        parameters["$defs"] = builder.defs
    return FunctionTool(fn=fn, name=name, description=description or _summary_only(fn.__doc__),
                        parameters=parameters, types=types, strict=strict)


def function_tool(fn: Callable[..., Any], **options: Any) -> ChatCompletionTool:
    """``fn`` as a Chat Completions ``ChatCompletionTool`` (options as for ``tool``)."""
    return tool(fn, **options).chat()


def response_function_tool(fn: Callable[..., Any], **options: Any) -> Function:
    """``fn`` as a Responses API ``Function`` tool (options as for ``tool``)."""
    return tool(fn, **options).responses()


def output_text(value: Any) -> str:
    """A tool's result as the text sent back: a string as is, an exception as an error,
    a model or other value as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, BaseException):
        return f"Error: {type(value).__name__}: {value}"
    if isinstance(value, ApiModel):
        return value.to_json()
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def toolset(tools: Iterable[Callable[..., Any] | FunctionTool]) -> dict[str, FunctionTool]:
    """The tools by name; ``ValueError`` for a name given twice."""
    out: dict[str, FunctionTool] = {}
    for t in tools:
        ft = tool(t)
        if ft.name in out:
            raise ValueError(f"two tools are named {ft.name!r}")
        out[ft.name] = ft
    return out


# ---------------------------------------------------------------- the chat tool loop


@dataclass(frozen=True, slots=True)
class ChatToolRun:
    """What ``chat().run_tools`` did: the whole conversation and every completion.

    ``messages`` is the request's messages followed by each assistant message and the
    tool outputs that answered it; ``finished`` is False when ``max_turns`` ran out while
    the model still asked for tools.
    """

    messages: list[ChatCompletionRequestMessage]
    completions: list[CreateChatCompletionResponse]
    finished: bool

    @property
    def final(self) -> CreateChatCompletionResponse:
        """The last completion."""
        return self.completions[-1]

    @property
    def content(self) -> str | None:
        """The last completion's first choice's text."""
        return self.final.choices[0].message.content


def assistant_message(message: ChatCompletionResponseMessage) -> ChatCompletionRequestAssistantMessage:
    """A reply's message as the assistant message that carries it into the next request."""
    return ChatCompletionRequestAssistantMessage(
        content=message.content, refusal=message.refusal, tool_calls=message.tool_calls,
        function_call=message.function_call,
        audio=ChatCompletionRequestAssistantMessageAudio(id=message.audio.id) if message.audio else None)


def _runner(tools: dict[str, FunctionTool], name: str, arguments: str) -> Callable[[], Any]:
    found = tools.get(name)
    if found is None:
        known = ", ".join(sorted(tools))
        return lambda: f"Error: there is no tool named {name!r} (tools: {known})"
    return lambda: found.call(arguments)


def _tools_for(tools: Iterable[Callable[..., Any] | FunctionTool], max_turns: int) -> dict[str, FunctionTool]:
    if max_turns < 1:
        raise InvalidArgument("max_turns must be at least 1")
    box = toolset(tools)
    if not box:
        raise InvalidArgument("run_tools needs at least one tool")
    return box


def _chat_setup(
    request: CreateChatCompletionRequest, tools: Iterable[Callable[..., Any] | FunctionTool],
    max_turns: int,
) -> tuple[dict[str, FunctionTool], list[ChatCompletionTool]]:
    """The tools by name, and the request's tools with theirs added (a request's own
    definition of a name wins)."""
    box = _tools_for(tools, max_turns)
    named = {t.function.name for t in request.tools or ()}
    return box, [*(request.tools or ()), *(t.chat() for t in box.values() if t.name not in named)]


def chat_tool_plan(chat: Any, request: CreateChatCompletionRequest,
                   tools: Iterable[Callable[..., Any] | FunctionTool], max_turns: int) -> Plan[ChatToolRun]:
    """The tool loop as a plan (``Chat.run_tools``'s body)."""
    box, sent_tools = _chat_setup(request, tools, max_turns)
    messages: list[ChatCompletionRequestMessage] = list(request.messages)
    completions: list[CreateChatCompletionResponse] = []
    from .chat import Chat

    for _ in range(max_turns):
        turn = replace(request, messages=list(messages), tools=sent_tools)
        (completion,) = yield Calls((Chat.create.describe(chat, turn),))
        completions.append(completion)
        message = completion.choices[0].message
        messages.append(assistant_message(message))
        calls = message.tool_calls or []
        if not calls:
            return ChatToolRun(messages, completions, True)
        outputs = yield Invoke(tuple(_runner(box, c.function.name, c.function.arguments) for c in calls))
        messages.extend(ChatCompletionRequestToolMessage(content=output_text(out), tool_call_id=c.id)
                        for c, out in zip(calls, outputs, strict=True))
    return ChatToolRun(messages, completions, False)


# ---------------------------------------------------------------- the Responses tool loop


@dataclass(frozen=True, slots=True)
class ResponseToolRun:
    """What ``responses().run_tools`` did: the conversation as input items, and every response.

    ``input`` is the request's input followed by each response's output (as input items)
    and the function outputs that answered it; ``finished`` is False when ``max_turns`` ran
    out while the model still called functions.
    """

    input: list[InputItem]
    responses: list[Response]
    finished: bool

    @property
    def final(self) -> Response:
        """The last response."""
        return self.responses[-1]

    @property
    def output_text(self) -> str:
        """The last response's output text."""
        return self.final.output_text


def as_input(item: Any) -> InputItem:
    """An output item of a response as the input item that replays it in the next request."""
    if isinstance(item, ResponseFunctionCall | ReasoningItem):
        return item
    if isinstance(item, OutputMessage):
        text = "".join(p.text if isinstance(p, OutputText) else p.refusal for p in item.content)
        return InputMessage(role=ResponseRole.ASSISTANT, content=text)
    return ItemReference(id=item.id)


def _response_setup(
    request: CreateResponse, tools: Iterable[Callable[..., Any] | FunctionTool], max_turns: int,
) -> tuple[dict[str, FunctionTool], list[Any], list[InputItem]]:
    box = _tools_for(tools, max_turns)
    named = {t.name for t in request.tools or () if isinstance(t, Function)}
    sent_tools = [*(request.tools or ()), *(t.responses() for t in box.values() if t.name not in named)]
    items: list[InputItem] = (
        [InputMessage(role=ResponseRole.USER, content=request.input)]
        if isinstance(request.input, str) else list(request.input))
    return box, sent_tools, items


def response_tool_plan(
    responses: Any, request: CreateResponse, tools: Iterable[Callable[..., Any] | FunctionTool],
    max_turns: int,
) -> Plan[ResponseToolRun]:
    """The tool loop as a plan (``Responses.run_tools``'s body)."""
    box, sent_tools, items = _response_setup(request, tools, max_turns)
    done: list[Response] = []
    from .responses import Responses

    for _ in range(max_turns):
        turn = replace(request, input=list(items), tools=sent_tools)
        (response,) = yield Calls((Responses.create.describe(responses, turn),))
        done.append(response)
        items.extend(as_input(item) for item in response.output)
        calls = [item for item in response.output if isinstance(item, ResponseFunctionCall)]
        if not calls:
            return ResponseToolRun(items, done, True)
        outputs = yield Invoke(tuple(_runner(box, c.name, c.arguments) for c in calls))
        items.extend(FunctionCallOutput(call_id=c.call_id, output=output_text(out))
                     for c, out in zip(calls, outputs, strict=True))
    return ResponseToolRun(items, done, False)


# ---------------------------------------------------------------- streamed tool loops
#
# A streamed loop is written once as a generator of steps: ``_Open`` (open the stream of
# this request), ``_NEXT`` (send me its next item, None at its end), ``Invoke`` (run the
# tools), and ``_Emit`` (give this item to the caller). ``ToolStream`` and
# ``AsyncToolStream`` drive it, blocking or awaiting.


@dataclass(frozen=True, slots=True)
class _Open:
    request: Any


@dataclass(frozen=True, slots=True)
class _Emit:
    item: Any


_NEXT = object()

_Machine = Generator[Any, Any, Any]


def _chat_stream_machine(
    request: CreateChatCompletionRequest, tools: Iterable[Callable[..., Any] | FunctionTool],
    max_turns: int,
) -> _Machine:
    from .accumulate import ChatCompletionStreamAccumulator

    box, sent_tools = _chat_setup(request, tools, max_turns)
    messages: list[ChatCompletionRequestMessage] = list(request.messages)
    completions: list[CreateChatCompletionResponse] = []
    for _ in range(max_turns):
        yield _Open(replace(request, messages=list(messages), tools=sent_tools))
        acc = ChatCompletionStreamAccumulator()
        while (chunk := (yield _NEXT)) is not None:
            yield _Emit(acc.add(chunk))
        completion = acc.result()
        completions.append(completion)
        message = completion.choices[0].message
        messages.append(assistant_message(message))
        calls = message.tool_calls or []
        if not calls:
            return ChatToolRun(messages, completions, True)
        outputs = yield Invoke(tuple(_runner(box, c.function.name, c.function.arguments) for c in calls))
        for c, out in zip(calls, outputs, strict=True):
            reply = ChatCompletionRequestToolMessage(content=output_text(out), tool_call_id=c.id)
            messages.append(reply)
            yield _Emit(reply)
    return ChatToolRun(messages, completions, False)


def _response_stream_machine(
    request: CreateResponse, tools: Iterable[Callable[..., Any] | FunctionTool], max_turns: int,
) -> _Machine:
    from .accumulate import ResponseStreamAccumulator

    box, sent_tools, items = _response_setup(request, tools, max_turns)
    done: list[Response] = []
    for _ in range(max_turns):
        yield _Open(replace(request, input=list(items), tools=sent_tools))
        acc = ResponseStreamAccumulator()
        while (event := (yield _NEXT)) is not None:
            yield _Emit(acc.add(event))
        response = acc.result()
        done.append(response)
        items.extend(as_input(item) for item in response.output)
        calls = [item for item in response.output if isinstance(item, ResponseFunctionCall)]
        if not calls:
            return ResponseToolRun(items, done, True)
        outputs = yield Invoke(tuple(_runner(box, c.name, c.arguments) for c in calls))
        for c, out in zip(calls, outputs, strict=True):
            reply = FunctionCallOutput(call_id=c.call_id, output=output_text(out))
            items.append(reply)
            yield _Emit(reply)
    return ResponseToolRun(items, done, False)


class ToolStream(Generic[R]):
    """A streamed tool loop (or streamed parse) on ``Client``: iterate it for each item as
    it comes; ``run`` is the loop's result (the transcript, the parsed reply) once it ends."""

    def __init__(self, open_stream: Callable[[Any], Any], perform: Callable[[Any], Any],
                 machine: _Machine) -> None:
        self._open_stream = open_stream
        self._perform = perform
        self._machine = machine
        self._stream: Any = None
        self.run: R | None = None

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> Any:
        value: Any = None
        while True:
            try:
                step = self._machine.send(value)
            except StopIteration as stop:
                self.run = stop.value
                self.close()
                raise StopIteration from None
            except BaseException:
                self.close()
                raise
            value = None
            if type(step) is _Emit:
                return step.item
            try:
                if step is _NEXT:
                    value = next(self._stream, None)
                    if value is None:
                        self._stream.close()
                elif type(step) is _Open:
                    self._stream = self._open_stream(step.request)
                else:
                    value = self._perform(step)
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        """Stop the loop and free the open stream's connection."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        self._machine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncToolStream(Generic[R]):
    """A streamed tool loop (or streamed parse) on ``AsyncClient``: ``async for`` over each
    item as it comes; ``run`` is the loop's result once it ends."""

    def __init__(self, open_stream: Callable[[Any], Any], perform: Callable[[Any], Any],
                 machine: _Machine) -> None:
        self._open_stream = open_stream
        self._perform = perform
        self._machine = machine
        self._stream: Any = None
        self.run: R | None = None

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Any:
        value: Any = None
        while True:
            try:
                step = self._machine.send(value)
            except StopIteration as stop:
                self.run = stop.value
                await self.aclose()
                raise StopAsyncIteration from None
            except BaseException:
                await self.aclose()
                raise
            value = None
            if type(step) is _Emit:
                return step.item
            try:
                if step is _NEXT:
                    try:
                        value = await self._stream.__anext__()
                    except StopAsyncIteration:
                        await self._stream.aclose()
                elif type(step) is _Open:
                    self._stream = await self._open_stream(step.request)
                else:
                    value = await self._perform(step)
            except BaseException:
                await self.aclose()
                raise

    async def aclose(self) -> None:
        """Stop the loop and free the open stream's connection."""
        if self._stream is not None:
            await self._stream.aclose()
            self._stream = None
        self._machine.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def tool_stream(resource: Any, open_stream: Callable[[Any], Any], machine: _Machine) -> Any:
    """The loop ``machine`` driven in the mode of ``resource``'s client."""
    client = resource.client
    if inspect.iscoroutinefunction(type(client)._perform):
        return AsyncToolStream(open_stream, client._perform, machine)
    return ToolStream(open_stream, client._perform, machine)


def _chat_parse_machine(request: CreateChatCompletionRequest, tp: Any) -> _Machine:
    from .accumulate import ChatCompletionStreamAccumulator
    from .structured import parse_chat_completion, response_format_from

    yield _Open(replace(request, response_format=response_format_from(tp)))
    acc = ChatCompletionStreamAccumulator()
    while (chunk := (yield _NEXT)) is not None:
        acc.add(chunk)
        for choice in chunk.choices:
            if choice.index == 0 and choice.delta.content:
                yield _Emit(choice.delta.content)
    parsed = parse_chat_completion(acc.result(), tp)
    yield _Emit(parsed)
    return parsed


def _response_parse_machine(request: CreateResponse, tp: Any) -> _Machine:
    from .accumulate import ResponseStreamAccumulator
    from .structured import parse_response, text_format_from

    yield _Open(replace(request, text=text_format_from(tp)))
    acc = ResponseStreamAccumulator()
    while (event := (yield _NEXT)) is not None:
        acc.add(event)
        if isinstance(event, ResponseTextDeltaEvent):
            yield _Emit(event.delta)
    parsed = parse_response(acc.result(), tp)
    yield _Emit(parsed)
    return parsed
