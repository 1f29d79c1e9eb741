"""Types of a project's users (``/organization/projects/{project_id}/users``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .._pagination import CursorPage

__all__ = [
    "ProjectUser",
    "ProjectUserCreateRequest",
    "ProjectUserCreateRequestArgs",
    "ProjectUserDeleteResponse",
    "ProjectUserListResponse",
    "ProjectUserRole",
    "ProjectUserUpdateRequest",
    "ProjectUserUpdateRequestArgs",
]


class ProjectUserRole(StrEnum):
    """``owner`` or ``member``."""

    OWNER = "owner"
    MEMBER = "member"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectUser(_Base):
    """A user's membership of a project (``organization.project.user``)."""

    object: str = "organization.project.user"
    id: str
    name: str
    email: str
    role: ProjectUserRole
    added_at: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectUserListResponse(_Base, CursorPage[ProjectUser]):
    object: str = "list"
    data: list[ProjectUser]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectUserCreateRequest(_Base):
    """Adds a member of the organization to a project."""

    user_id: str
    role: ProjectUserRole


class ProjectUserCreateRequestArgs(Builder[ProjectUserCreateRequest]):
    """Builder of ``ProjectUserCreateRequest``."""

    user_id = Setter[str]()
    role = Setter[ProjectUserRole | str]()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectUserUpdateRequest(_Base):
    """Changes a user's role in a project."""

    role: ProjectUserRole


class ProjectUserUpdateRequestArgs(Builder[ProjectUserUpdateRequest]):
    """Builder of ``ProjectUserUpdateRequest``."""

    role = Setter[ProjectUserRole | str]()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectUserDeleteResponse(_Base):
    object: str = "organization.project.user.deleted"
    id: str
    deleted: bool
