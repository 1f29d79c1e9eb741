"""Types of a project's service accounts (``/organization/projects/{id}/service_accounts``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .._pagination import CursorPage
from .project_users import ProjectUserRole

__all__ = [
    "ProjectServiceAccount",
    "ProjectServiceAccountApiKey",
    "ProjectServiceAccountCreateRequest",
    "ProjectServiceAccountCreateRequestArgs",
    "ProjectServiceAccountCreateResponse",
    "ProjectServiceAccountDeleteResponse",
    "ProjectServiceAccountListResponse",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectServiceAccount(_Base):
    """A bot user of a project, not tied to a person (``organization.project.service_account``)."""

    object: str = "organization.project.service_account"
    id: str
    name: str
    role: ProjectUserRole
    created_at: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectServiceAccountListResponse(_Base, CursorPage[ProjectServiceAccount]):
    object: str = "list"
    data: list[ProjectServiceAccount]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectServiceAccountCreateRequest(_Base):
    """Creates a service account (and its API key) in a project."""

    name: str


class ProjectServiceAccountCreateRequestArgs(Builder[ProjectServiceAccountCreateRequest]):
    """Builder of ``ProjectServiceAccountCreateRequest``."""

    name = Setter[str]()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectServiceAccountApiKey(_Base):
    """The API key made with a service account; ``value`` is shown once and never in ``repr``."""

    object: str = "organization.project.service_account.api_key"
    value: str = field(repr=False)
    name: str
    created_at: int
    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectServiceAccountCreateResponse(_Base):
    object: str = "organization.project.service_account"
    id: str
    name: str
    role: ProjectUserRole
    """Always ``member``."""
    created_at: int
    api_key: ProjectServiceAccountApiKey


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectServiceAccountDeleteResponse(_Base):
    object: str = "organization.project.service_account.deleted"
    id: str
    deleted: bool
