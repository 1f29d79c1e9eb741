"""Users: the members of the organization and their roles."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.users import User, UserDeleteResponse, UserListResponse, UserRoleUpdateRequest

__all__ = ["Users"]

C = TypeVar("C")

_USER = json_decoder(User)
_USERS = json_decoder(UserListResponse)
_DELETED = json_decoder(UserDeleteResponse)


def _user(user_id: str) -> str:
    # Singular "organization": async-openai 0.28.3's delete used "/organizations/", a 404.
    return f"/organization/users/{path_param(user_id, 'user_id')}"


class Users(Resource[C]):
    """Manage users and their role in an organization (admin key). Users are automatically
    added to the Default project. ``query``: ``limit``, ``after``, ``emails``."""

    __slots__ = ()

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[UserListResponse]:
        """Lists all of the users in the organization."""
        return ApiRequest("GET", "/organization/users", _USERS, query=query_pairs(query))

    @endpoint
    def modify(self, user_id: str, request: UserRoleUpdateRequest) -> ApiRequest[User]:
        """Modifies a user's role in the organization."""
        return ApiRequest("POST", _user(user_id), _USER, body=json_body(request))

    @endpoint
    def retrieve(self, user_id: str) -> ApiRequest[User]:
        """Retrieves a user by their identifier."""
        return ApiRequest("GET", _user(user_id), _USER)

    @endpoint
    def delete(self, user_id: str) -> ApiRequest[UserDeleteResponse]:
        """Deletes a user from the organization."""
        return ApiRequest("DELETE", _user(user_id), _DELETED)
