"""Types of the Audit Logs group (``/organization/audit_logs``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .. import _codec
from .._codec import ApiModel as _Base
from .._pagination import CursorPage

__all__ = [
    "AuditLog",
    "AuditLogActor",
    "AuditLogActorApiKey",
    "AuditLogActorApiKeyType",
    "AuditLogActorServiceAccount",
    "AuditLogActorSession",
    "AuditLogActorUser",
    "AuditLogApiKeyCreated",
    "AuditLogApiKeyCreatedData",
    "AuditLogApiKeyDeleted",
    "AuditLogApiKeyUpdated",
    "AuditLogApiKeyUpdatedChangesRequested",
    "AuditLogEventType",
    "AuditLogInviteAccepted",
    "AuditLogInviteDeleted",
    "AuditLogInviteSent",
    "AuditLogInviteSentData",
    "AuditLogLoginFailed",
    "AuditLogLogoutFailed",
    "AuditLogOrganizationUpdated",
    "AuditLogOrganizationUpdatedChangesRequested",
    "AuditLogOrganizationUpdatedChangesRequestedSettings",
    "AuditLogProject",
    "AuditLogProjectArchived",
    "AuditLogProjectCreated",
    "AuditLogProjectCreatedData",
    "AuditLogProjectUpdated",
    "AuditLogProjectUpdatedChangesRequested",
    "AuditLogServiceAccountCreated",
    "AuditLogServiceAccountCreatedData",
    "AuditLogServiceAccountDeleted",
    "AuditLogServiceAccountUpdated",
    "AuditLogServiceAccountUpdatedChangesRequested",
    "AuditLogUserAdded",
    "AuditLogUserAddedData",
    "AuditLogUserDeleted",
    "AuditLogUserUpdated",
    "AuditLogUserUpdatedChangesRequested",
    "ListAuditLogsResponse",
]


class AuditLogEventType(StrEnum):
    """The event type."""

    API_KEY_CREATED = "api_key.created"
    API_KEY_UPDATED = "api_key.updated"
    API_KEY_DELETED = "api_key.deleted"
    CHECKPOINT_PERMISSION_CREATED = "checkpoint_permission.created"
    CHECKPOINT_PERMISSION_DELETED = "checkpoint_permission.deleted"
    INVITE_SENT = "invite.sent"
    INVITE_ACCEPTED = "invite.accepted"
    INVITE_DELETED = "invite.deleted"
    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    LOGOUT_SUCCEEDED = "logout.succeeded"
    LOGOUT_FAILED = "logout.failed"
    ORGANIZATION_UPDATED = "organization.updated"
    PROJECT_CREATED = "project.created"
    PROJECT_UPDATED = "project.updated"
    PROJECT_ARCHIVED = "project.archived"
    SERVICE_ACCOUNT_CREATED = "service_account.created"
    SERVICE_ACCOUNT_UPDATED = "service_account.updated"
    SERVICE_ACCOUNT_DELETED = "service_account.deleted"
    RATE_LIMIT_UPDATED = "rate_limit.updated"
    RATE_LIMIT_DELETED = "rate_limit.deleted"
    USER_ADDED = "user.added"
    USER_UPDATED = "user.updated"
    USER_DELETED = "user.deleted"


class AuditLogActorApiKeyType(StrEnum):
    USER = "user"
    SERVICE_ACCOUNT = "service_account"


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogProject(_Base):
    """The project that the action was scoped to. Absent for actions not scoped to projects."""

    id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogActorUser(_Base):
    """The user who performed the audit logged action."""

    id: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogActorServiceAccount(_Base):
    """The service account that performed the audit logged action."""

    id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogActorSession(_Base):
    """The session in which the audit logged action was performed."""

    user: AuditLogActorUser | None = None
    ip_address: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogActorApiKey(_Base):
    """The API key used to perform the audit logged action."""

    id: str | None = None
    type: AuditLogActorApiKeyType | None = None
    user: AuditLogActorUser | None = None
    service_account: AuditLogActorServiceAccount | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogActor(_Base):
    """The actor who performed the audit logged action: a ``session`` or an ``api_key``."""

    type: str | None = None
    session: AuditLogActorSession | None = None
    api_key: AuditLogActorApiKey | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogApiKeyCreatedData(_Base):
    scopes: list[str] | None = None
    """Scopes allowed for the API key, e.g. ``["api.model.request"]``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogApiKeyCreated(_Base):
    """The details of an ``api_key.created`` event."""

    id: str | None = None
    data: AuditLogApiKeyCreatedData | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogApiKeyUpdatedChangesRequested(_Base):
    scopes: list[str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogApiKeyUpdated(_Base):
    """The details of an ``api_key.updated`` event."""

    id: str | None = None
    changes_requested: AuditLogApiKeyUpdatedChangesRequested | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogApiKeyDeleted(_Base):
    """The details of an ``api_key.deleted`` event."""

    id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogInviteSentData(_Base):
    email: str | None = None
    role: str | None = None
    """``owner`` or ``member``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogInviteSent(_Base):
    """The details of an ``invite.sent`` event."""

    id: str | None = None
    data: AuditLogInviteSentData | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogInviteAccepted(_Base):
    """The details of an ``invite.accepted`` event."""

    id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogInviteDeleted(_Base):
    """The details of an ``invite.deleted`` event."""

    id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogLoginFailed(_Base):
    """The details of a ``login.failed`` event."""

    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogLogoutFailed(_Base):
    """The details of a ``logout.failed`` event."""

    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogOrganizationUpdatedChangesRequestedSettings(_Base):
    threads_ui_visibility: str | None = None
    """``ANY_ROLE``, ``OWNERS`` or ``NONE``."""
    usage_dashboard_visibility: str | None = None
    """``ANY_ROLE`` or ``OWNERS``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogOrganizationUpdatedChangesRequested(_Base):
    title: str | None = None
    description: str | None = None
    name: str | None = None
    settings: AuditLogOrganizationUpdatedChangesRequestedSettings | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogOrganizationUpdated(_Base):
    """The details of an ``organization.updated`` event."""

    id: str | None = None
    changes_requested: AuditLogOrganizationUpdatedChangesRequested | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogProjectCreatedData(_Base):
    name: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogProjectCreated(_Base):
    """The details of a ``project.created`` event."""

    id: str | None = None
    data: AuditLogProjectCreatedData | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogProjectUpdatedChangesRequested(_Base):
    title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogProjectUpdated(_Base):
    """The details of a ``project.updated`` event."""

    id: str | None = None
    changes_requested: AuditLogProjectUpdatedChangesRequested | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogProjectArchived(_Base):
    """The details of a ``project.archived`` event."""

    id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogServiceAccountCreatedData(_Base):
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogServiceAccountCreated(_Base):
    """The details of a ``service_account.created`` event."""

    id: str | None = None
    data: AuditLogServiceAccountCreatedData | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogServiceAccountUpdatedChangesRequested(_Base):
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogServiceAccountUpdated(_Base):
    """The details of a ``service_account.updated`` event."""

    id: str | None = None
    changes_requested: AuditLogServiceAccountUpdatedChangesRequested | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogServiceAccountDeleted(_Base):
    """The details of a ``service_account.deleted`` event."""

    id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogUserAddedData(_Base):
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogUserAdded(_Base):
    """The details of a ``user.added`` event."""

    id: str | None = None
    data: AuditLogUserAddedData | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogUserUpdatedChangesRequested(_Base):
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogUserUpdated(_Base):
    """The details of a ``user.updated`` event."""

    id: str | None = None
    changes_requested: AuditLogUserUpdatedChangesRequested | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogUserDeleted(_Base):
    """The details of a ``user.deleted`` event."""

    id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLog(_Base):
    """A user action or configuration change within the organization.

    The details sit in the field named after ``type`` (``api_key_created`` for
    ``api_key.created``); ``payload()`` returns them whatever the type. An event type
    without a typed field here (one the server added) keeps its raw JSON payload in
    ``unknown_payload``.
    """

    id: str
    type: AuditLogEventType
    effective_at: int
    project: AuditLogProject | None = None
    actor: AuditLogActor
    # Each payload is named on the wire by its event type ("api_key.created").
    api_key_created: AuditLogApiKeyCreated | None = field(default=None, metadata={"wire": "api_key.created"})
    api_key_updated: AuditLogApiKeyUpdated | None = field(default=None, metadata={"wire": "api_key.updated"})
    api_key_deleted: AuditLogApiKeyDeleted | None = field(default=None, metadata={"wire": "api_key.deleted"})
    invite_sent: AuditLogInviteSent | None = field(default=None, metadata={"wire": "invite.sent"})
    invite_accepted: AuditLogInviteAccepted | None = field(default=None, metadata={"wire": "invite.accepted"})
    invite_deleted: AuditLogInviteDeleted | None = field(default=None, metadata={"wire": "invite.deleted"})
    login_failed: AuditLogLoginFailed | None = field(default=None, metadata={"wire": "login.failed"})
    logout_failed: AuditLogLogoutFailed | None = field(default=None, metadata={"wire": "logout.failed"})
    organization_updated: AuditLogOrganizationUpdated | None = field(
        default=None, metadata={"wire": "organization.updated"})
    project_created: AuditLogProjectCreated | None = field(default=None, metadata={"wire": "project.created"})
    project_updated: AuditLogProjectUpdated | None = field(default=None, metadata={"wire": "project.updated"})
    project_archived: AuditLogProjectArchived | None = field(
        default=None, metadata={"wire": "project.archived"})
    service_account_created: AuditLogServiceAccountCreated | None = field(
        default=None, metadata={"wire": "service_account.created"})
    service_account_updated: AuditLogServiceAccountUpdated | None = field(
        default=None, metadata={"wire": "service_account.updated"})
    service_account_deleted: AuditLogServiceAccountDeleted | None = field(
        default=None, metadata={"wire": "service_account.deleted"})
    user_added: AuditLogUserAdded | None = field(default=None, metadata={"wire": "user.added"})
    user_updated: AuditLogUserUpdated | None = field(default=None, metadata={"wire": "user.updated"})
    user_deleted: AuditLogUserDeleted | None = field(default=None, metadata={"wire": "user.deleted"})
    unknown_payload: dict[str, Any] | None = field(default=None, compare=False)
    """The raw payload of an event type that has no typed field (filled by the client)."""

    def payload(self) -> Any:
        """The details of this event: the typed field for its ``type``, else the raw payload
        (None for events without details, such as ``login.succeeded``)."""
        name = _PAYLOAD_FIELDS.get(str(self.type))
        if name is not None:
            return getattr(self, name)
        return self.unknown_payload


_PAYLOAD_FIELDS: dict[str, str] = {
    f.metadata["wire"]: f.name
    for f in AuditLog.__dataclass_fields__.values() if "wire" in f.metadata
}


def _encode_audit_log(fields: Any) -> Any:
    # On the wire an untyped payload sits under its event type, as the server sent it.
    def encode(log: Any) -> Any:
        out = fields(log)
        kind = str(log.type)
        if "unknown_payload" in out and kind not in _PAYLOAD_FIELDS and kind not in out:
            out[kind] = out.pop("unknown_payload")
        return out

    return encode


_codec._ENCODERS[AuditLog] = _encode_audit_log(_codec._compile_encoder(AuditLog))


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAuditLogsResponse(_Base, CursorPage[AuditLog]):
    """A page of audit logs; iterating it reads every later page too."""

    object: str = "list"
    data: list[AuditLog]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None

    @classmethod
    def from_wire(cls, raw: Any) -> ListAuditLogsResponse:
        """Decode a page, keeping the raw payload of each event whose type has no field."""
        page = cls.from_dict(raw)
        items = raw.get("data") if isinstance(raw, dict) else None
        if isinstance(items, list):
            for log, item in zip(page.data, items, strict=False):
                kind = str(log.type)
                if kind not in _PAYLOAD_FIELDS and isinstance(item, dict):
                    extra = item.get(kind)
                    if extra is not None:
                        object.__setattr__(log, "unknown_payload", extra)
        return page
