"""Responses: the model's answer to text, items and tools, whole or as a stream of typed events."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ._codec import decoder_for
from ._request import ApiRequest, Query, _no_body, json_body, json_decoder, path_param, query_pairs
from ._resource import Calls, Plan, Resource, endpoint, page_endpoint, plan_endpoint, stream_endpoint
from ._sse import Framing, StreamSpec
from .error import InvalidArgument
from .types.responses.response import CreateResponse, Response, ResponseItemList
from .types.responses.stream import (
    ResponseStreamEvent,
    ResponseStreamItem,
    UnknownResponseStreamEvent,
)

__all__ = ["InputItems", "Responses"]

if TYPE_CHECKING:
    from ._async import AsyncClient
    from ._sync import Client
    from .structured import ParsedResponse
    from .tools import AsyncToolStream, FunctionTool, ResponseToolRun, ToolStream

C = TypeVar("C")
T = TypeVar("T")

_RESPONSE = json_decoder(Response)
_ITEMS = json_decoder(ResponseItemList)
_KNOWN_EVENT = decoder_for(ResponseStreamEvent)
# The stream is over once one of these has arrived and the server closes the connection.
_TERMINAL = frozenset({"response.completed", "response.failed", "response.incomplete"})


def _event(value: Any) -> Any:
    # The tagged decoder keeps an unknown ``type`` as its raw JSON object; wrapping it keeps the
    # stream's items typed while newer servers add events.
    event = _KNOWN_EVENT(value)
    if type(event) is dict:
        return UnknownResponseStreamEvent(type=str(event.get("type")), data=event)
    return event


_STREAM = StreamSpec(_event, Framing.TYPED, _TERMINAL)


def _nothing(body: bytes) -> None:
    # The spec answers a delete with 200 and no body (openai-python returns None too).
    return None


def _response(response_id: str) -> str:
    return f"/responses/{path_param(response_id, 'response_id')}"


class InputItems(Resource[C]):
    """The input items of a stored response (``responses().input_items(response_id)``)."""

    __slots__ = ()

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ResponseItemList]:
        """Lists the input items of the response; the query takes ``after``, ``before``,
        ``limit``, ``order`` and ``include``."""
        return ApiRequest("GET", f"{self._prefix}/input_items", _ITEMS, query=query_pairs(query))


class Responses(Resource[C]):
    """Given text input or a list of context items, the model will generate a response.

    Related guide: [Responses API](https://platform.openai.com/docs/guides/responses)
    """

    __slots__ = ()

    @endpoint
    def create(self, request: CreateResponse) -> ApiRequest[Response]:
        """Creates a model response.

        Raises ``InvalidArgument`` before any I/O when ``request.stream`` is true.
        """
        if request.stream:
            raise InvalidArgument("When stream is true, use responses().create_stream")
        return ApiRequest("POST", "/responses", _RESPONSE, body=json_body(request))

    @stream_endpoint
    def create_stream(self, request: CreateResponse) -> ApiRequest[ResponseStreamItem]:
        """Creates a model response streamed as events typed by ``type``.

        An event of an unknown type arrives as ``UnknownResponseStreamEvent`` and the stream
        goes on; an ``error`` event raises ``ApiError``. Raises ``InvalidArgument`` before any
        I/O when ``request.stream`` is false.
        """
        if request.stream is False:
            raise InvalidArgument("When stream is false, use responses().create")
        return ApiRequest(
            "POST", "/responses", _no_body, body=json_body(request, stream=True), stream=_STREAM
        )

    @plan_endpoint
    def parse(self, request: CreateResponse, text_format: type[T]) -> Plan[ParsedResponse[T]]:
        """Creates a response whose text follows ``text_format``'s strict JSON schema (a
        dataclass, ``TypedDict`` or ``Enum``: see ``structured.text_format_from``) and
        returns it with ``.parsed``, the text as a ``text_format`` instance.

        Raises ``RefusalError`` on a refusal, ``LengthFinishReasonError`` when it stopped
        at ``max_output_tokens``, and ``JSONDeserialize`` (``raw``: the text) when the
        text does not fit the class.
        """
        from .structured import parse_response, text_format_from

        sent = replace(request, text=text_format_from(text_format))
        (response,) = yield Calls((Responses.create.describe(self, sent),))
        return parse_response(response, text_format)

    @plan_endpoint
    def run_tools(
        self,
        request: CreateResponse,
        tools: Iterable[Callable[..., Any] | FunctionTool],
        max_turns: int = 10,
    ) -> Plan[ResponseToolRun]:
        """Creates responses with ``tools`` (typed Python functions, see ``tools.tool``),
        running the functions the model calls (an ``AsyncClient`` awaits ``async def``
        ones concurrently) and sending their outputs back with the conversation, until a
        response calls none or ``max_turns`` responses were made. Returns the
        ``ResponseToolRun``: every input item and response.

        Arguments that do not fit a function, and its exceptions, go back as error text.
        """
        from .tools import response_tool_plan

        return (yield from response_tool_plan(self, request, tools, max_turns))

    @overload
    def parse_stream(
        self: Responses[Client], request: CreateResponse, text_format: type[T]
    ) -> ToolStream[ParsedResponse[T]]: ...

    @overload
    def parse_stream(
        self: Responses[AsyncClient], request: CreateResponse, text_format: type[T]
    ) -> AsyncToolStream[ParsedResponse[T]]: ...

    def parse_stream(self, request: CreateResponse, text_format: type[T]) -> Any:
        """``parse`` streamed: iterate it (``async for`` on ``AsyncClient``) for the reply's
        text as it comes, ``str`` by ``str``; its last item (and its ``run``) is the
        ``ParsedResponse``. Raises as ``parse`` does once the stream ends."""
        from .tools import _response_parse_machine, tool_stream

        return tool_stream(self, partial(_open_stream, self), _response_parse_machine(request, text_format))

    @overload
    def run_tools_stream(
        self: Responses[Client], request: CreateResponse,
        tools: Iterable[Callable[..., Any] | FunctionTool], max_turns: int = 10,
    ) -> ToolStream[ResponseToolRun]: ...

    @overload
    def run_tools_stream(
        self: Responses[AsyncClient], request: CreateResponse,
        tools: Iterable[Callable[..., Any] | FunctionTool], max_turns: int = 10,
    ) -> AsyncToolStream[ResponseToolRun]: ...

    def run_tools_stream(
        self, request: CreateResponse, tools: Iterable[Callable[..., Any] | FunctionTool],
        max_turns: int = 10,
    ) -> Any:
        """``run_tools`` streamed: iterate it (``async for`` on ``AsyncClient``) for every
        event of every turn as it comes, and each ``FunctionCallOutput`` as it is added;
        its ``run`` is the ``ResponseToolRun`` once the loop ends. Close it (or use
        ``with``) to stop early."""
        from .tools import _response_stream_machine, tool_stream

        machine = _response_stream_machine(request, tools, max_turns)
        return tool_stream(self, partial(_open_stream, self), machine)

    @endpoint
    def retrieve(self, response_id: str, query: Query | None = None) -> ApiRequest[Response]:
        """Retrieves a stored response; the query takes ``include``."""
        return ApiRequest("GET", _response(response_id), _RESPONSE, query=query_pairs(query))

    @endpoint
    def delete(self, response_id: str) -> ApiRequest[None]:
        """Deletes a stored response (the answer has no body)."""
        return ApiRequest("DELETE", _response(response_id), _nothing)

    def input_items(self, response_id: str) -> InputItems[C]:
        """The input items of the stored response ``response_id``."""
        return self._sub(InputItems, "/responses/{response_id}", response_id=response_id)


def _open_stream(resource: Any, request: Any) -> Any:
    # Typed loosely: the client's mode, hence the stream's, is only known when it runs.
    return resource.create_stream(request)
