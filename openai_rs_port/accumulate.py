"""Stream accumulators: chunks (or events) merged back into the answer a plain call gives.

The accumulators are plain objects fed item by item, so one works over a ``Stream`` and an
``AsyncStream`` alike, while the caller prints the deltas::

    acc = ChatCompletionStreamAccumulator()
    for chunk in client.chat().create_stream(request):      # async for, on AsyncClient
        acc.add(chunk)
        print(chunk.choices[0].delta.content or "", end="")
    completion = acc.result()                               # a CreateChatCompletionResponse
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from .structured import ParsedChatCompletion, parse_chat_completion
from .types.chat import (
    ChatChoice,
    ChatChoiceLogprobs,
    ChatChoiceStream,
    ChatCompletionMessageToolCall,
    ChatCompletionResponseMessage,
    ChatCompletionTokenLogprob,
    ChatCompletionToolType,
    CreateChatCompletionResponse,
    CreateChatCompletionStreamResponse,
    FinishReason,
    FunctionCall,
    Role,
)
from .types.common import CompletionUsage
from .types.responses.response import OutputMessage, OutputText, Response
from .types.responses.stream import (
    ResponseCompletedEvent,
    ResponseCreatedEvent,
    ResponseFailedEvent,
    ResponseIncompleteEvent,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseStreamEvent,
    ResponseTextDeltaEvent,
)

__all__ = ["ChatCompletionStreamAccumulator", "ResponseStreamAccumulator"]

T = TypeVar("T")


@dataclass(slots=True)
class _ToolCall:
    id: str | None = None
    type: ChatCompletionToolType | None = None
    name: str = ""
    arguments: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Choice:
    role: Role | None = None
    content: list[str] | None = None
    refusal: list[str] | None = None
    tool_calls: dict[int, _ToolCall] = field(default_factory=dict)
    function_name: str | None = None
    function_arguments: list[str] | None = None
    finish_reason: FinishReason | None = None
    logprobs_content: list[ChatCompletionTokenLogprob] | None = None
    logprobs_refusal: list[ChatCompletionTokenLogprob] | None = None


class ChatCompletionStreamAccumulator:
    """Merges ``CreateChatCompletionStreamResponse`` chunks into a ``CreateChatCompletionResponse``.

    Choices are kept by index. Content, refusal and logprobs are joined in order; tool-call
    deltas are merged by (choice index, tool call index): the first id, type and name seen,
    and the argument fragments joined; the deprecated ``function_call`` the same way. The
    usage comes from the chunk that carries it (the last, with
    ``stream_options.include_usage``).
    """

    __slots__ = ("_choices", "_head", "_usage")

    def __init__(self) -> None:
        self._head: CreateChatCompletionStreamResponse | None = None
        self._choices: dict[int, _Choice] = {}
        self._usage: CompletionUsage | None = None

    def add(self, chunk: CreateChatCompletionStreamResponse) -> CreateChatCompletionStreamResponse:
        """Merge ``chunk``; returns it, so that ``for c in stream: acc.add(c)`` reads on."""
        if self._head is None:
            self._head = chunk
        if chunk.usage is not None:
            self._usage = chunk.usage
        for c in chunk.choices:
            self._merge(self._choices.setdefault(c.index, _Choice()), c)
        return chunk

    @staticmethod
    def _merge(acc: _Choice, c: ChatChoiceStream) -> None:
        d = c.delta
        if d.role is not None and acc.role is None:
            acc.role = d.role
        if d.content is not None:
            if acc.content is None:
                acc.content = []
            acc.content.append(d.content)
        if d.refusal is not None:
            if acc.refusal is None:
                acc.refusal = []
            acc.refusal.append(d.refusal)
        for tc in d.tool_calls or ():
            call = acc.tool_calls.setdefault(tc.index, _ToolCall())
            if tc.id and call.id is None:
                call.id = tc.id
            if tc.type is not None and call.type is None:
                call.type = tc.type
            if tc.function is not None:
                if tc.function.name:
                    call.name += tc.function.name
                if tc.function.arguments:
                    call.arguments.append(tc.function.arguments)
        if d.function_call is not None:
            if d.function_call.name:
                acc.function_name = (acc.function_name or "") + d.function_call.name
            if d.function_call.arguments is not None:
                if acc.function_arguments is None:
                    acc.function_arguments = []
                acc.function_arguments.append(d.function_call.arguments)
        if c.finish_reason is not None:
            acc.finish_reason = c.finish_reason
        if c.logprobs is not None:
            if c.logprobs.content is not None:
                acc.logprobs_content = [*(acc.logprobs_content or []), *c.logprobs.content]
            if c.logprobs.refusal is not None:
                acc.logprobs_refusal = [*(acc.logprobs_refusal or []), *c.logprobs.refusal]

    @property
    def chunks_seen(self) -> bool:
        """Whether any chunk was added."""
        return self._head is not None

    def content(self, index: int = 0) -> str | None:
        """The text of choice ``index`` so far (None before any content delta)."""
        acc = self._choices.get(index)
        return None if acc is None or acc.content is None else "".join(acc.content)

    def result(self) -> CreateChatCompletionResponse:
        """The completion the chunks so far make; ``ValueError`` before the first chunk."""
        head = self._head
        if head is None:
            raise ValueError("no chunk was added")
        choices = []
        for index in sorted(self._choices):
            acc = self._choices[index]
            tool_calls = [
                ChatCompletionMessageToolCall(
                    id=call.id or "", type=call.type or ChatCompletionToolType.FUNCTION,
                    function=FunctionCall(name=call.name, arguments="".join(call.arguments)))
                for _, call in sorted(acc.tool_calls.items())
            ] or None
            function_call = None
            if acc.function_name is not None or acc.function_arguments is not None:
                function_call = FunctionCall(name=acc.function_name or "",
                                             arguments="".join(acc.function_arguments or ()))
            logprobs = None
            if acc.logprobs_content is not None or acc.logprobs_refusal is not None:
                logprobs = ChatChoiceLogprobs(content=acc.logprobs_content, refusal=acc.logprobs_refusal)
            message = ChatCompletionResponseMessage(
                role=acc.role or Role.ASSISTANT,
                content=None if acc.content is None else "".join(acc.content),
                refusal=None if acc.refusal is None else "".join(acc.refusal),
                tool_calls=tool_calls, function_call=function_call)
            choices.append(ChatChoice(index=index, message=message, finish_reason=acc.finish_reason,
                                      logprobs=logprobs))
        return CreateChatCompletionResponse(
            id=head.id, choices=choices, created=head.created, model=head.model,
            object="chat.completion", service_tier=head.service_tier,
            system_fingerprint=head.system_fingerprint, usage=self._usage)

    def parsed(self, tp: type[T]) -> ParsedChatCompletion[T]:
        """The result with its first choice decoded as a ``tp`` (see ``parse_chat_completion``)."""
        return parse_chat_completion(self.result(), tp)


class ResponseStreamAccumulator:
    """Builds the final ``Response`` from Responses stream events.

    It starts from the ``response.created`` snapshot, puts each item of
    ``response.output_item.added`` in place, fills an output message's text parts from the
    ``response.output_text.delta`` events as they come (``text()`` joins them all), replaces
    an item by its ``response.output_item.done`` version, and takes the terminal event's
    response (``completed``, ``incomplete`` or ``failed``), which wins over what was pieced
    together.
    """

    __slots__ = ("_done", "_final", "_items", "_parts", "_response", "_text")

    def __init__(self) -> None:
        self._response: Response | None = None
        self._final: Response | None = None
        self._items: dict[int, Any] = {}
        self._done: set[int] = set()
        # The text deltas of each unfinished message part, by (output index, content index).
        self._parts: dict[tuple[int, int], list[str]] = {}
        self._text: list[str] = []

    def add(self, event: ResponseStreamEvent) -> ResponseStreamEvent:
        """Merge ``event``; returns it, to read on while iterating."""
        if isinstance(event, ResponseCompletedEvent | ResponseIncompleteEvent | ResponseFailedEvent):
            self._final = event.response
        elif isinstance(event, ResponseCreatedEvent):
            self._response = event.response
        elif isinstance(event, ResponseOutputItemAddedEvent):
            self._items.setdefault(event.output_index, event.item)
        elif isinstance(event, ResponseOutputItemDoneEvent):
            self._items[event.output_index] = event.item
            self._done.add(event.output_index)
        elif isinstance(event, ResponseTextDeltaEvent):
            self._text.append(event.delta)
            self._parts.setdefault((event.output_index, event.content_index), []).append(event.delta)
        return event

    def text(self) -> str:
        """The output text streamed so far."""
        return "".join(self._text)

    def result(self) -> Response:
        """The final response (the terminal event's), or the snapshot with the finished
        items in place when the stream stopped before it; ``ValueError`` with neither."""
        if self._final is not None:
            return self._final
        if self._response is None:
            raise ValueError("no response.created event was added")
        return replace(self._response, output=[self._item(i) for i in sorted(self._items)])

    def _item(self, index: int) -> Any:
        item = self._items[index]
        if index in self._done or not isinstance(item, OutputMessage):
            return item
        texts = {c: "".join(d) for (i, c), d in self._parts.items() if i == index}
        content = list(item.content)
        for c in sorted(texts):
            while len(content) <= c:
                content.append(OutputText(text="", annotations=[]))
            part = content[c]
            if isinstance(part, OutputText):
                content[c] = replace(part, text=texts[c])
        return replace(item, content=content)
