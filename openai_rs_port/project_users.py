"""A project's users: ``client.projects().users(project_id)``."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.project_users import (
    ProjectUser,
    ProjectUserCreateRequest,
    ProjectUserDeleteResponse,
    ProjectUserListResponse,
    ProjectUserUpdateRequest,
)

__all__ = ["ProjectUsers"]

C = TypeVar("C")

_USER = json_decoder(ProjectUser)
_USERS = json_decoder(ProjectUserListResponse)
_DELETED = json_decoder(ProjectUserDeleteResponse)


class ProjectUsers(Resource[C]):
    """Manage users within a project: add them, change their role, remove them. Users
    cannot be removed from the Default project, unless they leave the organization.
    ``query``: ``limit``, ``after``."""

    __slots__ = ()

    def _user(self, user_id: str) -> str:
        return f"{self._prefix}/{path_param(user_id, 'user_id')}"

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ProjectUserListResponse]:
        """Returns a list of users in the project."""
        return ApiRequest("GET", self._prefix, _USERS, query=query_pairs(query))

    @endpoint
    def create(self, request: ProjectUserCreateRequest) -> ApiRequest[ProjectUser]:
        """Adds a user to the project; they must already be a member of the organization."""
        return ApiRequest("POST", self._prefix, _USER, body=json_body(request))

    @endpoint
    def retrieve(self, user_id: str) -> ApiRequest[ProjectUser]:
        """Retrieves a user in the project."""
        return ApiRequest("GET", self._user(user_id), _USER)

    @endpoint
    def modify(self, user_id: str, request: ProjectUserUpdateRequest) -> ApiRequest[ProjectUser]:
        """Modifies a user's role in the project."""
        return ApiRequest("POST", self._user(user_id), _USER, body=json_body(request))

    @endpoint
    def delete(self, user_id: str) -> ApiRequest[ProjectUserDeleteResponse]:
        """Deletes a user from the project."""
        return ApiRequest("DELETE", self._user(user_id), _DELETED)
