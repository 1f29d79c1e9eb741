"""Chat: a model response for a conversation, whole or as a stream of chunks."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, json_body, json_decoder, sse_request
from ._resource import Resource, endpoint, stream_endpoint
from .error import InvalidArgument
from .types.chat import (
    CreateChatCompletionRequest,
    CreateChatCompletionResponse,
    CreateChatCompletionStreamResponse,
)

__all__ = ["Chat"]

C = TypeVar("C")

_RESPONSE = json_decoder(CreateChatCompletionResponse)


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
