"""Types of the Admin API Keys group (``/organization/admin_api_keys``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .._pagination import CursorPage

__all__ = [
    "AdminApiKey",
    "AdminApiKeyCreateRequest",
    "AdminApiKeyCreateRequestArgs",
    "AdminApiKeyDeleteResponse",
    "AdminApiKeyOwner",
    "ApiKeyList",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminApiKeyOwner(_Base):
    """Who made an admin key."""

    type: str | None = None
    """``user`` or ``service_account``."""
    object: str | None = None
    id: str | None = None
    name: str | None = None
    created_at: int | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminApiKey(_Base):
    """An admin key of the organization; ``value`` is returned once, on creation, and never
    shown in ``repr``."""

    object: str = "organization.admin_api_key"
    id: str
    name: str
    redacted_value: str
    value: str | None = field(default=None, repr=False)
    created_at: int
    last_used_at: int | None = None
    owner: AdminApiKeyOwner


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKeyList(_Base, CursorPage[AdminApiKey]):
    object: str = "list"
    data: list[AdminApiKey]
    has_more: bool | None = None
    first_id: str | None = None
    last_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminApiKeyCreateRequest(_Base):
    """Creates an admin key."""

    name: str


class AdminApiKeyCreateRequestArgs(Builder[AdminApiKeyCreateRequest]):
    """Builder of ``AdminApiKeyCreateRequest``."""

    name = Setter[str]()


@dataclass(frozen=True, slots=True, kw_only=True)
class AdminApiKeyDeleteResponse(_Base):
    id: str | None = None
    object: str | None = None
    deleted: bool | None = None
