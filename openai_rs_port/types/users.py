"""Types of the Users group (``/organization/users``)."""

from __future__ import annotations

from dataclasses import dataclass

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .._pagination import CursorPage
from .common import OrganizationRole

__all__ = [
    "User",
    "UserDeleteResponse",
    "UserListResponse",
    "UserRoleUpdateRequest",
    "UserRoleUpdateRequestArgs",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class User(_Base):
    """A member of the organization (``organization.user``)."""

    object: str = "organization.user"
    id: str
    name: str
    email: str
    role: OrganizationRole
    added_at: int


@dataclass(frozen=True, slots=True, kw_only=True)
class UserListResponse(_Base, CursorPage[User]):
    object: str = "list"
    data: list[User]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRoleUpdateRequest(_Base):
    """Changes a user's role in the organization."""

    role: OrganizationRole


class UserRoleUpdateRequestArgs(Builder[UserRoleUpdateRequest]):
    """Builder of ``UserRoleUpdateRequest``."""

    role = Setter[OrganizationRole | str]()


@dataclass(frozen=True, slots=True, kw_only=True)
class UserDeleteResponse(_Base):
    object: str = "organization.user.deleted"
    id: str
    deleted: bool
