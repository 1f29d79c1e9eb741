"""Types of a project's API keys (``/organization/projects/{project_id}/api_keys``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .._codec import ApiModel as _Base
from .._pagination import CursorPage
from .project_service_account import ProjectServiceAccount
from .project_users import ProjectUser

__all__ = [
    "ProjectApiKey",
    "ProjectApiKeyDeleteResponse",
    "ProjectApiKeyListResponse",
    "ProjectApiKeyOwner",
    "ProjectApiKeyOwnerType",
]


class ProjectApiKeyOwnerType(StrEnum):
    USER = "user"
    SERVICE_ACCOUNT = "service_account"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectApiKeyOwner(_Base):
    """Who owns a project API key: a user or a service account."""

    type: ProjectApiKeyOwnerType | None = None
    user: ProjectUser | None = None
    service_account: ProjectServiceAccount | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectApiKey(_Base):
    """An API key of a project; only its redacted value is ever returned."""

    object: str = "organization.project.api_key"
    redacted_value: str
    name: str
    created_at: int
    last_used_at: int | None = None
    id: str
    owner: ProjectApiKeyOwner


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectApiKeyListResponse(_Base, CursorPage[ProjectApiKey]):
    object: str = "list"
    data: list[ProjectApiKey]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectApiKeyDeleteResponse(_Base):
    object: str = "organization.project.api_key.deleted"
    id: str
    deleted: bool
