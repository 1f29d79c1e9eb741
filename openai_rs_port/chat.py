"""Chat: a model response for a conversation, whole or as a stream of chunks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs, sse_request
from ._resource import Calls, Plan, Resource, endpoint, page_endpoint, plan_endpoint, stream_endpoint
from .error import InvalidArgument
from .types.chat import (
    ChatCompletionDeleted,
    ChatCompletionList,
    ChatCompletionMessageList,
    CreateChatCompletionRequest,
    CreateChatCompletionResponse,
    CreateChatCompletionStreamResponse,
    UpdateChatCompletionRequest,
)

if TYPE_CHECKING:
    from ._async import AsyncClient
    from ._sync import Client
    from .structured import ParsedChatCompletion
    from .tools import AsyncToolStream, ChatToolRun, FunctionTool, ToolStream

__all__ = ["Chat", "ChatMessages"]

C = TypeVar("C")
T = TypeVar("T")

_RESPONSE = json_decoder(CreateChatCompletionResponse)
_LIST = json_decoder(ChatCompletionList)
_MESSAGES = json_decoder(ChatCompletionMessageList)
_DELETED = json_decoder(ChatCompletionDeleted)


def _completion(completion_id: str) -> str:
    return f"/chat/completions/{path_param(completion_id, 'completion_id')}"


class ChatMessages(Resource[C]):
    """The messages of a stored chat completion (``chat().messages(completion_id)``)."""

    __slots__ = ()

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ChatCompletionMessageList]:
        """Lists the messages of the stored chat completion; the query takes ``after``,
        ``limit`` and ``order``."""
        return ApiRequest("GET", f"{self._prefix}/messages", _MESSAGES, query=query_pairs(query))


class Chat(Resource[C]):
    """Given a list of messages comprising a conversation, the model will return a response.

    Related guide: [Chat completions](https://platform.openai.com/docs/guides/text-generation)
    """

    __slots__ = ()

    @endpoint
    def create(
        self, request: CreateChatCompletionRequest
    ) -> ApiRequest[CreateChatCompletionResponse]:
        """Creates a model response for the given chat conversation.

        Raises ``InvalidArgument`` before any I/O when ``request.stream`` is true.
        """
        if request.stream:
            raise InvalidArgument("When stream is true, use chat().create_stream")
        return ApiRequest("POST", "/chat/completions", _RESPONSE, body=json_body(request))

    @stream_endpoint
    def create_stream(
        self, request: CreateChatCompletionRequest
    ) -> ApiRequest[CreateChatCompletionStreamResponse]:
        """Creates a model response as a stream of chunks, ending at ``data: [DONE]``.

        ``stream`` is sent as true; an explicit ``stream=False`` raises ``InvalidArgument``.
        """
        if request.stream is False:
            raise InvalidArgument("When stream is false, use chat().create")
        return sse_request(
            "POST",
            "/chat/completions",
            CreateChatCompletionStreamResponse,
            body=json_body(request, stream=True),
        )

    # Helpers (openai_rs_port.structured, openai_rs_port.tools) ------------------------------

    @plan_endpoint
    def parse(
        self, request: CreateChatCompletionRequest, response_format: type[T]
    ) -> Plan[ParsedChatCompletion[T]]:
        """Creates a completion whose reply follows ``response_format``'s strict JSON schema
        (a dataclass, ``TypedDict`` or ``Enum``: see ``structured.response_format_from``),
        and returns it with ``.parsed``, the reply as a ``response_format`` instance.

        Raises ``RefusalError`` on a refusal, ``LengthFinishReasonError`` when the reply
        stopped at the length limit, and ``JSONDeserialize`` (``raw``: the text) when it
        does not fit the class.
        """
        from .structured import parse_chat_completion, response_format_from

        sent = replace(request, response_format=response_format_from(response_format))
        (completion,) = yield Calls((Chat.create.describe(self, sent),))
        return parse_chat_completion(completion, response_format)

    @plan_endpoint
    def run_tools(
        self,
        request: CreateChatCompletionRequest,
        tools: Iterable[Callable[..., Any] | FunctionTool],
        max_turns: int = 10,
    ) -> Plan[ChatToolRun]:
        """Calls the model with ``tools`` (typed Python functions, see ``tools.tool``),
        runs the functions it asks for (an ``AsyncClient`` awaits ``async def`` ones
        concurrently), appends their outputs and calls it again, until it answers without
        tool calls or ``max_turns`` model calls were made. Returns the ``ChatToolRun``:
        every message and completion.

        Arguments that do not fit a function, and its exceptions, go back to the model as
        error text.
        """
        from .tools import chat_tool_plan

        return (yield from chat_tool_plan(self, request, tools, max_turns))

    @overload
    def parse_stream(
        self: Chat[Client], request: CreateChatCompletionRequest, response_format: type[T]
    ) -> ToolStream[ParsedChatCompletion[T]]: ...

    @overload
    def parse_stream(
        self: Chat[AsyncClient], request: CreateChatCompletionRequest, response_format: type[T]
    ) -> AsyncToolStream[ParsedChatCompletion[T]]: ...

    def parse_stream(self, request: CreateChatCompletionRequest, response_format: type[T]) -> Any:
        """``parse`` streamed: iterate it (``async for`` on ``AsyncClient``) for the reply's
        text as it comes, ``str`` by ``str``; its last item (and its ``run``) is the
        ``ParsedChatCompletion``. Raises as ``parse`` does once the stream ends."""
        from .tools import _chat_parse_machine, tool_stream

        return tool_stream(self, partial(_open_stream, self), _chat_parse_machine(request, response_format))

    @overload
    def run_tools_stream(
        self: Chat[Client], request: CreateChatCompletionRequest,
        tools: Iterable[Callable[..., Any] | FunctionTool], max_turns: int = 10,
    ) -> ToolStream[ChatToolRun]: ...

    @overload
    def run_tools_stream(
        self: Chat[AsyncClient], request: CreateChatCompletionRequest,
        tools: Iterable[Callable[..., Any] | FunctionTool], max_turns: int = 10,
    ) -> AsyncToolStream[ChatToolRun]: ...

    def run_tools_stream(
        self, request: CreateChatCompletionRequest,
        tools: Iterable[Callable[..., Any] | FunctionTool], max_turns: int = 10,
    ) -> Any:
        """``run_tools`` streamed: iterate it (``async for`` on ``AsyncClient``) for every
        chunk of every turn as it comes, and each tool's output message as it is added;
        its ``run`` is the ``ChatToolRun`` once the loop ends. Close it (or use ``with``)
        to stop early."""
        from .tools import _chat_stream_machine, tool_stream

        return tool_stream(self, partial(_open_stream, self), _chat_stream_machine(request, tools, max_turns))

    # Stored completions (created with ``store: true``) ------------------------------------

    @endpoint
    def retrieve(self, completion_id: str) -> ApiRequest[CreateChatCompletionResponse]:
        """Gets a stored chat completion."""
        return ApiRequest("GET", _completion(completion_id), _RESPONSE)

    @endpoint
    def update(
        self, completion_id: str, request: UpdateChatCompletionRequest
    ) -> ApiRequest[CreateChatCompletionResponse]:
        """Sets the metadata of a stored chat completion."""
        return ApiRequest("POST", _completion(completion_id), _RESPONSE, body=json_body(request))

    @endpoint
    def delete(self, completion_id: str) -> ApiRequest[ChatCompletionDeleted]:
        """Deletes a stored chat completion."""
        return ApiRequest("DELETE", _completion(completion_id), _DELETED)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ChatCompletionList]:
        """Lists stored chat completions; the query takes ``model``, ``metadata[key]``,
        ``after``, ``limit`` and ``order``."""
        return ApiRequest("GET", "/chat/completions", _LIST, query=query_pairs(query))

    def messages(self, completion_id: str) -> ChatMessages[C]:
        """The messages of the stored chat completion ``completion_id``."""
        return self._sub(ChatMessages, "/chat/completions/{completion_id}", completion_id=completion_id)


def _open_stream(resource: Any, request: Any) -> Any:
    # Typed loosely: the client's mode, hence the stream's, is only known when it runs.
    return resource.create_stream(request)
