"""Types of the Invites group (``/organization/invites``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .._builder import Builder, JsonObject, Setter, seq
from .._codec import ApiModel as _Base
from .._pagination import CursorPage
from .common import OrganizationRole
from .project_users import ProjectUserRole

__all__ = [
    "Invite",
    "InviteDeleteResponse",
    "InviteListResponse",
    "InviteProject",
    "InviteRequest",
    "InviteRequestArgs",
    "InviteStatus",
]


class InviteStatus(StrEnum):
    ACCEPTED = "accepted"
    EXPIRED = "expired"
    PENDING = "pending"


@dataclass(frozen=True, slots=True, kw_only=True)
class InviteProject(_Base):
    """A project the invited user joins on accepting, with their role in it."""

    id: str
    role: ProjectUserRole


@dataclass(frozen=True, slots=True, kw_only=True)
class InviteRequest(_Base):
    """Invites an email address to the organization (and, optionally, to projects)."""

    email: str
    role: OrganizationRole
    projects: list[InviteProject] | None = None


class InviteRequestArgs(Builder[InviteRequest]):
    """Builder of ``InviteRequest``; ``projects`` takes any iterable."""

    email = Setter[str]()
    role = Setter[OrganizationRole | str]()
    projects = Setter[Iterable[InviteProject | JsonObject]](convert=seq())


@dataclass(frozen=True, slots=True, kw_only=True)
class Invite(_Base):
    """An invite for a user to join the organization (``organization.invite``)."""

    object: str = "organization.invite"
    id: str
    email: str
    role: OrganizationRole
    status: InviteStatus
    invited_at: int
    expires_at: int
    accepted_at: int | None = None
    projects: list[InviteProject] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InviteListResponse(_Base, CursorPage[Invite]):
    object: str = "list"
    data: list[Invite]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InviteDeleteResponse(_Base):
    object: str = "organization.invite.deleted"
    id: str
    deleted: bool
