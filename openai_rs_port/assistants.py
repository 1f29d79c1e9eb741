"""Assistants: models with instructions and tools that runs put to work on threads."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .config import OPENAI_BETA_HEADER
from .types.assistant import (
    AssistantObject,
    CreateAssistantRequest,
    DeleteAssistantResponse,
    ListAssistantsResponse,
    ModifyAssistantRequest,
)

__all__ = ["Assistants"]

C = TypeVar("C")

# The Assistants API (assistants, threads, messages, runs, steps, vector stores) is a beta:
# only its endpoints send this header.
BETA = ((OPENAI_BETA_HEADER, "assistants=v2"),)

_ASSISTANT = json_decoder(AssistantObject)
_ASSISTANTS = json_decoder(ListAssistantsResponse)
_DELETED = json_decoder(DeleteAssistantResponse)


def _one(assistant_id: str) -> str:
    return f"/assistants/{path_param(assistant_id, 'assistant_id')}"


class Assistants(Resource[C]):
    """Build assistants that call models and use tools.

    The ``query`` of ``list`` is a mapping or ``(name, value)`` pairs (``limit``, ``order``,
    ``after``, ``before``); ``None`` values are left out.
    """

    __slots__ = ()

    @endpoint
    def create(self, request: CreateAssistantRequest) -> ApiRequest[AssistantObject]:
        """Creates an assistant with a model and instructions."""
        return ApiRequest("POST", "/assistants", _ASSISTANT, body=json_body(request), headers=BETA)

    @endpoint
    def retrieve(self, assistant_id: str) -> ApiRequest[AssistantObject]:
        """Retrieves an assistant."""
        return ApiRequest("GET", _one(assistant_id), _ASSISTANT, headers=BETA)

    @endpoint
    def update(self, assistant_id: str, request: ModifyAssistantRequest) -> ApiRequest[AssistantObject]:
        """Modifies an assistant."""
        return ApiRequest("POST", _one(assistant_id), _ASSISTANT, body=json_body(request), headers=BETA)

    @endpoint
    def delete(self, assistant_id: str) -> ApiRequest[DeleteAssistantResponse]:
        """Deletes an assistant."""
        return ApiRequest("DELETE", _one(assistant_id), _DELETED, headers=BETA)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListAssistantsResponse]:
        """Returns a list of assistants."""
        return ApiRequest("GET", "/assistants", _ASSISTANTS, query=query_pairs(query), headers=BETA)
