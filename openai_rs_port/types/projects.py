"""Types of the Projects group (``/organization/projects``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .._pagination import CursorPage

__all__ = [
    "Project",
    "ProjectCreateRequest",
    "ProjectCreateRequestArgs",
    "ProjectListResponse",
    "ProjectStatus",
    "ProjectUpdateRequest",
    "ProjectUpdateRequestArgs",
]


class ProjectStatus(StrEnum):
    """``active`` or ``archived``."""

    ACTIVE = "active"
    ARCHIVED = "archived"


@dataclass(frozen=True, slots=True, kw_only=True)
class Project(_Base):
    """A project of the organization (``organization.project``)."""

    id: str
    object: str = "organization.project"
    name: str
    created_at: int
    archived_at: int | None = None
    status: ProjectStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectListResponse(_Base, CursorPage[Project]):
    object: str = "list"
    data: list[Project]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectCreateRequest(_Base):
    """Creates a project."""

    name: str
    """The name shown in the dashboard."""


class ProjectCreateRequestArgs(Builder[ProjectCreateRequest]):
    """Builder of ``ProjectCreateRequest``."""

    name = Setter[str]()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectUpdateRequest(_Base):
    """Renames a project."""

    name: str


class ProjectUpdateRequestArgs(Builder[ProjectUpdateRequest]):
    """Builder of ``ProjectUpdateRequest``."""

    name = Setter[str]()
