"""Chat: a model response for a conversation, whole or as a stream of chunks."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs, sse_request
from ._resource import Resource, endpoint, page_endpoint, stream_endpoint
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

__all__ = ["Chat", "ChatMessages"]

C = TypeVar("C")

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
