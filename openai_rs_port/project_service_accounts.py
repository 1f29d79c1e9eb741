"""A project's service accounts: ``client.projects().service_accounts(project_id)``."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.project_service_account import (
    ProjectServiceAccount,
    ProjectServiceAccountCreateRequest,
    ProjectServiceAccountCreateResponse,
    ProjectServiceAccountDeleteResponse,
    ProjectServiceAccountListResponse,
)

__all__ = ["ProjectServiceAccounts"]

C = TypeVar("C")

_ACCOUNT = json_decoder(ProjectServiceAccount)
_ACCOUNTS = json_decoder(ProjectServiceAccountListResponse)
_CREATED = json_decoder(ProjectServiceAccountCreateResponse)
_DELETED = json_decoder(ProjectServiceAccountDeleteResponse)


class ProjectServiceAccounts(Resource[C]):
    """Manage service accounts within a project: bot users whose keys and membership
    outlive any person's. ``query``: ``limit``, ``after``."""

    __slots__ = ()

    def _account(self, service_account_id: str) -> str:
        return f"{self._prefix}/{path_param(service_account_id, 'service_account_id')}"

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ProjectServiceAccountListResponse]:
        """Returns a list of service accounts in the project."""
        return ApiRequest("GET", self._prefix, _ACCOUNTS, query=query_pairs(query))

    @endpoint
    def create(
        self, request: ProjectServiceAccountCreateRequest
    ) -> ApiRequest[ProjectServiceAccountCreateResponse]:
        """Creates a service account and its API key (whose value is returned only now)."""
        return ApiRequest("POST", self._prefix, _CREATED, body=json_body(request))

    @endpoint
    def retrieve(self, service_account_id: str) -> ApiRequest[ProjectServiceAccount]:
        """Retrieves a service account of the project."""
        return ApiRequest("GET", self._account(service_account_id), _ACCOUNT)

    @endpoint
    def delete(self, service_account_id: str) -> ApiRequest[ProjectServiceAccountDeleteResponse]:
        """Deletes a service account from the project."""
        return ApiRequest("DELETE", self._account(service_account_id), _DELETED)
