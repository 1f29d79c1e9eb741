"""Completions: the legacy text completion endpoint."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, json_body, json_decoder, sse_request
from ._resource import Resource, endpoint, stream_endpoint
from .error import InvalidArgument
from .types.completion import CreateCompletionRequest, CreateCompletionResponse

__all__ = ["Completions"]

C = TypeVar("C")

_RESPONSE = json_decoder(CreateCompletionResponse)


class Completions(Resource[C]):
    """Given a prompt, the model returns one or more predicted completions.

    Most users should prefer the Chat Completions API.
    """

    __slots__ = ()

    @endpoint
    def create(self, request: CreateCompletionRequest) -> ApiRequest[CreateCompletionResponse]:
        """Creates a completion for the provided prompt and parameters."""
        if request.stream:
            raise InvalidArgument("When stream is true, use completions().create_stream")
        return ApiRequest("POST", "/completions", _RESPONSE, body=json_body(request))

    @stream_endpoint
    def create_stream(
        self, request: CreateCompletionRequest
    ) -> ApiRequest[CreateCompletionResponse]:
        """Creates a completion and streams back partial progress until ``[DONE]``.

        ``stream`` is sent as true whatever the request holds (unless it is false,
        which is refused).
        """
        if request.stream is False:
            raise InvalidArgument("When stream is false, use completions().create")
        return sse_request(
            "POST", "/completions", CreateCompletionResponse, body=json_body(request, stream=True)
        )
