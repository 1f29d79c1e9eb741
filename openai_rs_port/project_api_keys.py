"""A project's API keys: ``client.projects().api_keys(project_id)``."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.project_api_key import ProjectApiKey, ProjectApiKeyDeleteResponse, ProjectApiKeyListResponse

__all__ = ["ProjectAPIKeys"]

C = TypeVar("C")

_KEY = json_decoder(ProjectApiKey)
_KEYS = json_decoder(ProjectApiKeyListResponse)
_DELETED = json_decoder(ProjectApiKeyDeleteResponse)


class ProjectAPIKeys(Resource[C]):
    """Manage API keys of a project: list and delete them. Keys cannot be issued here:
    users authorize themselves to make keys. ``query``: ``limit``, ``after``."""

    __slots__ = ()

    def _key(self, key_id: str) -> str:
        return f"{self._prefix}/{path_param(key_id, 'key_id')}"

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ProjectApiKeyListResponse]:
        """Returns a list of API keys in the project."""
        return ApiRequest("GET", self._prefix, _KEYS, query=query_pairs(query))

    @endpoint
    def retrieve(self, key_id: str) -> ApiRequest[ProjectApiKey]:
        """Retrieves an API key of the project."""
        return ApiRequest("GET", self._key(key_id), _KEY)

    @endpoint
    def delete(self, key_id: str) -> ApiRequest[ProjectApiKeyDeleteResponse]:
        """Deletes an API key from the project."""
        return ApiRequest("DELETE", self._key(key_id), _DELETED)
