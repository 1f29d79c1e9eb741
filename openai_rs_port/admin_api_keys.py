"""Admin API keys: the keys that call the administration endpoints."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.admin_api_key import AdminApiKey, AdminApiKeyCreateRequest, AdminApiKeyDeleteResponse, ApiKeyList

__all__ = ["AdminApiKeys"]

C = TypeVar("C")

_KEY = json_decoder(AdminApiKey)
_KEYS = json_decoder(ApiKeyList)
_DELETED = json_decoder(AdminApiKeyDeleteResponse)


def _key(key_id: str) -> str:
    return f"/organization/admin_api_keys/{path_param(key_id, 'key_id')}"


class AdminApiKeys(Resource[C]):
    """Manage the organization's admin keys (admin key). ``query``: ``after``, ``order``,
    ``limit``."""

    __slots__ = ()

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ApiKeyList]:
        """Lists the organization's admin keys."""
        return ApiRequest("GET", "/organization/admin_api_keys", _KEYS, query=query_pairs(query))

    @endpoint
    def create(self, request: AdminApiKeyCreateRequest) -> ApiRequest[AdminApiKey]:
        """Creates an admin key; its ``value`` is in this answer only."""
        return ApiRequest("POST", "/organization/admin_api_keys", _KEY, body=json_body(request))

    @endpoint
    def retrieve(self, key_id: str) -> ApiRequest[AdminApiKey]:
        """Retrieves an admin key."""
        return ApiRequest("GET", _key(key_id), _KEY)

    @endpoint
    def delete(self, key_id: str) -> ApiRequest[AdminApiKeyDeleteResponse]:
        """Deletes an admin key."""
        return ApiRequest("DELETE", _key(key_id), _DELETED)
