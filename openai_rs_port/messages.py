"""Messages of a thread."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .assistants import BETA
from .types.message import (
    CreateMessageRequest,
    DeleteMessageResponse,
    ListMessagesResponse,
    MessageObject,
    ModifyMessageRequest,
)

__all__ = ["Messages"]

C = TypeVar("C")

_MESSAGE = json_decoder(MessageObject)
_MESSAGES = json_decoder(ListMessagesResponse)
_DELETED = json_decoder(DeleteMessageResponse)


class Messages(Resource[C]):
    """The messages of one thread: ``client.threads().messages(thread_id)``.

    The ``query`` of ``list`` is a mapping or ``(name, value)`` pairs (``limit``, ``order``,
    ``after``, ``before``, ``run_id``).
    """

    __slots__ = ()

    def _one(self, message_id: str) -> str:
        return f"{self._prefix}/messages/{path_param(message_id, 'message_id')}"

    @endpoint
    def create(self, request: CreateMessageRequest) -> ApiRequest[MessageObject]:
        """Creates a message in the thread."""
        return ApiRequest("POST", f"{self._prefix}/messages", _MESSAGE, body=json_body(request),
                          headers=BETA)

    @endpoint
    def retrieve(self, message_id: str) -> ApiRequest[MessageObject]:
        """Retrieves a message."""
        return ApiRequest("GET", self._one(message_id), _MESSAGE, headers=BETA)

    @endpoint
    def update(self, message_id: str, request: ModifyMessageRequest) -> ApiRequest[MessageObject]:
        """Modifies a message (its metadata)."""
        return ApiRequest("POST", self._one(message_id), _MESSAGE, body=json_body(request), headers=BETA)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListMessagesResponse]:
        """Returns a list of messages of the thread."""
        return ApiRequest("GET", f"{self._prefix}/messages", _MESSAGES, query=query_pairs(query),
                          headers=BETA)

    @endpoint
    def delete(self, message_id: str) -> ApiRequest[DeleteMessageResponse]:
        """Deletes a message."""
        return ApiRequest("DELETE", self._one(message_id), _DELETED, headers=BETA)
