"""Projects of the organization, and the groups nested under each."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.projects import Project, ProjectCreateRequest, ProjectListResponse, ProjectUpdateRequest

if TYPE_CHECKING:
    from .certificates import ProjectCertificates
    from .project_api_keys import ProjectAPIKeys
    from .project_rate_limits import ProjectRateLimits
    from .project_service_accounts import ProjectServiceAccounts
    from .project_users import ProjectUsers

__all__ = ["Projects"]

C = TypeVar("C")

_PROJECT = json_decoder(Project)
_PROJECTS = json_decoder(ProjectListResponse)


def _project(project_id: str) -> str:
    return f"/organization/projects/{path_param(project_id, 'project_id')}"


class Projects(Resource[C]):
    """Manage the projects of an organization: create, rename, archive (admin key). The
    Default project cannot be modified or archived. ``query`` of ``list``: ``limit``,
    ``after``, ``include_archived``."""

    __slots__ = ()

    def users(self, project_id: str) -> ProjectUsers[C]:
        """The users of project ``project_id``."""
        from .project_users import ProjectUsers

        return self._sub(ProjectUsers, "/organization/projects/{project_id}/users", project_id=project_id)

    def service_accounts(self, project_id: str) -> ProjectServiceAccounts[C]:
        """The service accounts of project ``project_id``."""
        from .project_service_accounts import ProjectServiceAccounts

        return self._sub(ProjectServiceAccounts, "/organization/projects/{project_id}/service_accounts",
                         project_id=project_id)

    def api_keys(self, project_id: str) -> ProjectAPIKeys[C]:
        """The API keys of project ``project_id``."""
        from .project_api_keys import ProjectAPIKeys

        return self._sub(ProjectAPIKeys, "/organization/projects/{project_id}/api_keys",
                         project_id=project_id)

    def rate_limits(self, project_id: str) -> ProjectRateLimits[C]:
        """The per-model rate limits of project ``project_id``."""
        from .project_rate_limits import ProjectRateLimits

        return self._sub(ProjectRateLimits, "/organization/projects/{project_id}/rate_limits",
                         project_id=project_id)

    def certificates(self, project_id: str) -> ProjectCertificates[C]:
        """The certificates of project ``project_id``."""
        from .certificates import ProjectCertificates

        return self._sub(ProjectCertificates, "/organization/projects/{project_id}/certificates",
                         project_id=project_id)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ProjectListResponse]:
        """Returns a list of projects."""
        return ApiRequest("GET", "/organization/projects", _PROJECTS, query=query_pairs(query))

    @endpoint
    def create(self, request: ProjectCreateRequest) -> ApiRequest[Project]:
        """Creates a project in the organization."""
        return ApiRequest("POST", "/organization/projects", _PROJECT, body=json_body(request))

    @endpoint
    def retrieve(self, project_id: str) -> ApiRequest[Project]:
        """Retrieves a project."""
        return ApiRequest("GET", _project(project_id), _PROJECT)

    @endpoint
    def modify(self, project_id: str, request: ProjectUpdateRequest) -> ApiRequest[Project]:
        """Modifies a project in the organization."""
        return ApiRequest("POST", _project(project_id), _PROJECT, body=json_body(request))

    @endpoint
    def archive(self, project_id: str) -> ApiRequest[Project]:
        """Archives a project; archived projects cannot be used or updated."""
        return ApiRequest("POST", f"{_project(project_id)}/archive", _PROJECT)
