"""Organization administration: invites, users, projects with their members, service
accounts and API keys, and the audit log of what was done.

Also admin API keys, certificates (organization-wide and per project), fine-tuning checkpoint
permissions (granted to projects of this organization) and per-project rate limits (each
new project gets one per model of ``RATE_LIMITED_MODELS``). Usage and costs are not
emulated: script their pages (``MockOpenAIServer.script``).

An invite stays ``pending`` until ``accept_invite(state, invite_id, name)`` plays the
invited person clicking the link: they become a user of the organization and a member of
the invite's projects. Every change is written to the audit log (newest first), with the
admin key as its actor. Rotating a service account is creating a new one (with its key)
and deleting the old one, whose key goes with it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_json, require

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = [
    "AdminKey",
    "AuditEvent",
    "CheckpointPermission",
    "Invite",
    "OrgUser",
    "Project",
    "ProjectKey",
    "ProjectMember",
    "RateLimit",
    "ServiceAccount",
    "StoredCertificate",
    "accept_invite",
    "routes",
]

routes = RouteGroup("admin")

INVITE_SECONDS = 7 * 24 * 3600
_ORG_ROLES = ("owner", "reader")
_PROJECT_ROLES = ("owner", "member")
ACTOR = {"type": "api_key", "api_key": {"id": "key-admin-mock", "type": "user",
                                        "user": {"id": "user-owner-mock", "email": "owner@example.com"}}}
"""Who every audited change is attributed to: the admin key of the organization's owner."""


@dataclass(kw_only=True, slots=True)
class Invite(Record):
    email: str
    role: str
    projects: list[dict[str, str]] = field(default_factory=list)
    status: str = "pending"
    accepted_at: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "object": "organization.invite", "id": self.id, "email": self.email, "role": self.role,
            "status": self.status, "invited_at": self.created_at,
            "expires_at": self.created_at + INVITE_SECONDS, "projects": self.projects}
        if self.accepted_at is not None:
            out["accepted_at"] = self.accepted_at
        return out


@dataclass(kw_only=True, slots=True)
class OrgUser(Record):
    name: str
    email: str
    role: str

    def to_json(self) -> dict[str, Any]:
        return {"object": "organization.user", "id": self.id, "name": self.name, "email": self.email,
                "role": self.role, "added_at": self.created_at}


@dataclass(kw_only=True, slots=True)
class Project(Record):
    name: str
    status: str = "active"
    archived_at: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"object": "organization.project", "id": self.id, "name": self.name,
                "created_at": self.created_at, "archived_at": self.archived_at, "status": self.status}


@dataclass(kw_only=True, slots=True)
class ProjectMember(Record):
    # Its own id pages the list; the wire id is the user's.
    project_id: str
    user_id: str
    role: str

    def render(self, state: ServerState) -> dict[str, Any]:
        user = state.org_users.get(self.user_id)
        return {"object": "organization.project.user", "id": user.id, "name": user.name,
                "email": user.email, "role": self.role, "added_at": self.created_at}


@dataclass(kw_only=True, slots=True)
class ServiceAccount(Record):
    project_id: str
    name: str
    role: str = "member"

    def to_json(self) -> dict[str, Any]:
        return {"object": "organization.project.service_account", "id": self.id, "name": self.name,
                "role": self.role, "created_at": self.created_at}


@dataclass(kw_only=True, slots=True)
class ProjectKey(Record):
    project_id: str
    name: str
    value: str
    owner: dict[str, Any]
    last_used_at: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"object": "organization.project.api_key", "id": self.id, "name": self.name,
                "redacted_value": f"{self.value[:8]}...{self.value[-4:]}",
                "created_at": self.created_at, "last_used_at": self.last_used_at
                if self.last_used_at is not None else self.created_at, "owner": self.owner}


@dataclass(kw_only=True, slots=True)
class AuditEvent(Record):
    type: str
    details: dict[str, Any] | None = None
    project: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "effective_at": self.created_at,
                               "actor": ACTOR}
        if self.project is not None:
            out["project"] = self.project
        if self.details is not None:
            out[self.type] = self.details
        return out


def audit(state: ServerState, kind: str, details: dict[str, Any] | None = None,
          project: Project | None = None) -> None:
    """Write one event to the audit log."""
    scope = None if project is None else {"id": project.id, "name": project.name}
    state.audit_logs.add(AuditEvent(id=state.audit_logs.new_id(), created_at=state.now(), type=kind,
                                    details=details, project=scope))


def _role(body: dict[str, Any], allowed: tuple[str, ...]) -> str:
    role = body.get("role")
    if role not in allowed:
        raise ApiFailure.invalid("role", f"'role' must be one of {list(allowed)}, got {role!r}.")
    return str(role)


def _add_member(state: ServerState, project: Project, user: OrgUser, role: str) -> ProjectMember:
    if any(m.project_id == project.id and m.user_id == user.id for m in state.project_members):
        raise ApiFailure(409, f"User {user.id} is already a member of project {project.id}.")
    member = ProjectMember(id=state.project_members.new_id(), created_at=state.now(),
                           project_id=project.id, user_id=user.id, role=role)
    state.project_members.add(member)
    audit(state, "user.added", {"id": user.id, "data": {"role": role}}, project)
    return member


def accept_invite(state: ServerState, invite_id: str, name: str) -> OrgUser:
    """The invited person accepts: a user of the organization, a member of the invite's projects."""
    with state.lock:
        invite = state.invites.get(invite_id)
        if invite.status != "pending":
            raise ApiFailure(409, f"Invite {invite_id} is {invite.status}.")
        invite.status, invite.accepted_at = "accepted", state.now()
        user = OrgUser(id=state.next_id("user"), created_at=state.now(), name=name, email=invite.email,
                       role=invite.role)
        state.org_users.add(user)
        audit(state, "invite.accepted", {"id": invite.id})
        audit(state, "user.added", {"id": user.id, "data": {"role": user.role}})
        for wanted in invite.projects:
            _add_member(state, state.projects.get(wanted["id"]), user, wanted["role"])
        return user


# Invites -------------------------------------------------------------------------------


@routes.get("/v1/organization/invites")
async def list_invites(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.invites.page(request.query).to_json())


@routes.post("/v1/organization/invites")
async def create_invite(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "email", "role")
    role = _role(body, _ORG_ROLES)
    projects = []
    for p in body.get("projects") or []:
        if not isinstance(p, dict):
            raise ApiFailure.invalid("projects", "Each project must be an object with id and role.")
        state.projects.get(str(p.get("id")))
        projects.append({"id": str(p["id"]), "role": _role(p, _PROJECT_ROLES)})
    with state.lock:
        invite = Invite(id=state.next_id("invite"), created_at=state.now(), email=str(body["email"]),
                        role=role, projects=projects)
        state.invites.add(invite)
        audit(state, "invite.sent", {"id": invite.id, "data": {"email": invite.email, "role": role}})
    return json_response(invite.to_json())


@routes.get("/v1/organization/invites/{invite_id}")
async def retrieve_invite(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.invites.get(request.match_info["invite_id"]).to_json())


@routes.delete("/v1/organization/invites/{invite_id}")
async def delete_invite(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        invite = state.invites.get(request.match_info["invite_id"])
        if invite.status == "accepted":
            raise ApiFailure(409, "An accepted invite cannot be deleted.")
        state.invites.delete(invite.id)
        audit(state, "invite.deleted", {"id": invite.id})
    return json_response({"object": "organization.invite.deleted", "id": invite.id, "deleted": True})


# Users ---------------------------------------------------------------------------------


@routes.get("/v1/organization/users")
async def list_users(request: web.Request, state: ServerState) -> web.StreamResponse:
    emails = set(request.query.getall("emails", []) + request.query.getall("emails[]", []))
    page = state.org_users.page(request.query, where=(lambda u: u.email in emails) if emails else None)
    return json_response(page.to_json())


@routes.get("/v1/organization/users/{user_id}")
async def retrieve_user(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.org_users.get(request.match_info["user_id"]).to_json())


@routes.post("/v1/organization/users/{user_id}")
async def modify_user(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    role = _role(body, _ORG_ROLES)
    with state.lock:
        user = state.org_users.update(request.match_info["user_id"], role=role)
        audit(state, "user.updated", {"id": user.id, "changes_requested": {"role": role}})
    return json_response(user.to_json())


@routes.delete("/v1/organization/users/{user_id}")
async def delete_user(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        user = state.org_users.delete(request.match_info["user_id"])
        for m in state.project_members.values(lambda m: m.user_id == user.id):
            state.project_members.delete(m.id)
        audit(state, "user.deleted", {"id": user.id})
    return json_response({"object": "organization.user.deleted", "id": user.id, "deleted": True})


# Projects ------------------------------------------------------------------------------


def _project(request: web.Request, state: ServerState, *, active: bool = False) -> Project:
    project = state.projects.get(request.match_info["project_id"])
    if active and project.status == "archived":
        raise ApiFailure(400, f"Project {project.id} is archived.")
    return project


@routes.get("/v1/organization/projects")
async def list_projects(request: web.Request, state: ServerState) -> web.StreamResponse:
    archived = request.query.get("include_archived") == "true"
    page = state.projects.page(request.query, where=None if archived else lambda p: p.status == "active")
    return json_response(page.to_json())


@routes.post("/v1/organization/projects")
async def create_project(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "name")
    with state.lock:
        project = Project(id=state.next_id("proj"), created_at=state.now(), name=str(body["name"]))
        state.projects.add(project)
        seed_rate_limits(state, project)
        audit(state, "project.created", {"id": project.id, "data": {"name": project.name}}, project)
    return json_response(project.to_json())


@routes.get("/v1/organization/projects/{project_id}")
async def retrieve_project(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(_project(request, state).to_json())


@routes.post("/v1/organization/projects/{project_id}")
async def modify_project(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "name")
    with state.lock:
        project = _project(request, state, active=True)
        project.name = str(body["name"])
        audit(state, "project.updated", {"id": project.id, "changes_requested": {"title": project.name}},
              project)
    return json_response(project.to_json())


@routes.post("/v1/organization/projects/{project_id}/archive")
async def archive_project(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        project = _project(request, state)
        if project.status != "archived":
            project.status, project.archived_at = "archived", state.now()
            audit(state, "project.archived", {"id": project.id}, project)
    return json_response(project.to_json())


# Project users -------------------------------------------------------------------------


def _member(request: web.Request, state: ServerState, project: Project) -> ProjectMember:
    user_id = request.match_info["user_id"]
    for m in state.project_members.values(lambda m: m.project_id == project.id and m.user_id == user_id):
        return m
    raise ApiFailure(404, f"No user {user_id} in project {project.id}.", param="user_id")


@routes.get("/v1/organization/projects/{project_id}/users")
async def list_project_users(request: web.Request, state: ServerState) -> web.StreamResponse:
    project = _project(request, state)
    page = state.project_members.page(request.query, where=lambda m: m.project_id == project.id)
    return json_response(page.to_json(lambda m: m.render(state)))


@routes.post("/v1/organization/projects/{project_id}/users")
async def create_project_user(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "user_id", "role")
    role = _role(body, _PROJECT_ROLES)
    with state.lock:
        project = _project(request, state, active=True)
        member = _add_member(state, project, state.org_users.get(str(body["user_id"])), role)
    return json_response(member.render(state))


@routes.get("/v1/organization/projects/{project_id}/users/{user_id}")
async def retrieve_project_user(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(_member(request, state, _project(request, state)).render(state))


@routes.post("/v1/organization/projects/{project_id}/users/{user_id}")
async def modify_project_user(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    role = _role(body, _PROJECT_ROLES)
    with state.lock:
        project = _project(request, state, active=True)
        member = _member(request, state, project)
        member.role = role
        audit(state, "user.updated", {"id": member.user_id, "changes_requested": {"role": role}}, project)
    return json_response(member.render(state))


@routes.delete("/v1/organization/projects/{project_id}/users/{user_id}")
async def delete_project_user(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        project = _project(request, state)
        member = state.project_members.delete(_member(request, state, project).id)
        audit(state, "user.deleted", {"id": member.user_id}, project)
    return json_response({"object": "organization.project.user.deleted", "id": member.user_id,
                          "deleted": True})


# Service accounts and keys -------------------------------------------------------------


def _account(request: web.Request, state: ServerState, project: Project) -> ServiceAccount:
    account = state.service_accounts.get(request.match_info["service_account_id"])
    if account.project_id != project.id:
        raise ApiFailure(404, f"No service account {account.id} in project {project.id}.")
    return account


@routes.get("/v1/organization/projects/{project_id}/service_accounts")
async def list_service_accounts(request: web.Request, state: ServerState) -> web.StreamResponse:
    project = _project(request, state)
    page = state.service_accounts.page(request.query, where=lambda a: a.project_id == project.id)
    return json_response(page.to_json())


@routes.post("/v1/organization/projects/{project_id}/service_accounts")
async def create_service_account(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "name")
    with state.lock:
        project = _project(request, state, active=True)
        account = ServiceAccount(id=state.next_id("svc_acct"), created_at=state.now(),
                                 project_id=project.id, name=str(body["name"]))
        state.service_accounts.add(account)
        key = ProjectKey(id=state.project_keys.new_id(), created_at=state.now(), project_id=project.id,
                         name="Secret Key", value=f"sk-svcacct-{secrets.token_urlsafe(24)}",
                         owner={"type": "service_account", "service_account": account.to_json()})
        state.project_keys.add(key)
        audit(state, "service_account.created", {"id": account.id, "data": {"role": account.role}},
              project)
        audit(state, "api_key.created", {"id": key.id, "data": {"scopes": ["api.all"]}}, project)
    answer = account.to_json()
    answer["api_key"] = {"object": "organization.project.service_account.api_key", "value": key.value,
                         "name": key.name, "created_at": key.created_at, "id": key.id}
    return json_response(answer)


@routes.get("/v1/organization/projects/{project_id}/service_accounts/{service_account_id}")
async def retrieve_service_account(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(_account(request, state, _project(request, state)).to_json())


@routes.delete("/v1/organization/projects/{project_id}/service_accounts/{service_account_id}")
async def delete_service_account(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        project = _project(request, state)
        account = state.service_accounts.delete(_account(request, state, project).id)
        for key in state.project_keys.values(
                lambda k: k.owner.get("service_account", {}).get("id") == account.id):
            state.project_keys.delete(key.id)
            audit(state, "api_key.deleted", {"id": key.id}, project)
        audit(state, "service_account.deleted", {"id": account.id}, project)
    return json_response({"object": "organization.project.service_account.deleted", "id": account.id,
                          "deleted": True})


def _key(request: web.Request, state: ServerState, project: Project) -> ProjectKey:
    key = state.project_keys.get(request.match_info["key_id"])
    if key.project_id != project.id:
        raise ApiFailure(404, f"No API key {key.id} in project {project.id}.")
    return key


@routes.get("/v1/organization/projects/{project_id}/api_keys")
async def list_api_keys(request: web.Request, state: ServerState) -> web.StreamResponse:
    project = _project(request, state)
    return json_response(state.project_keys.page(request.query,
                                                 where=lambda k: k.project_id == project.id).to_json())


@routes.get("/v1/organization/projects/{project_id}/api_keys/{key_id}")
async def retrieve_api_key(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(_key(request, state, _project(request, state)).to_json())


@routes.delete("/v1/organization/projects/{project_id}/api_keys/{key_id}")
async def delete_api_key(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        project = _project(request, state)
        key = state.project_keys.delete(_key(request, state, project).id)
        audit(state, "api_key.deleted", {"id": key.id}, project)
    return json_response({"object": "organization.project.api_key.deleted", "id": key.id, "deleted": True})


# Audit logs ----------------------------------------------------------------------------


@routes.get("/v1/organization/audit_logs")
async def list_audit_logs(request: web.Request, state: ServerState) -> web.StreamResponse:
    q = request.query
    types = set(q.getall("event_types[]", []))
    projects = set(q.getall("project_ids[]", []))
    resources = set(q.getall("resource_ids[]", []))

    def matches(e: AuditEvent) -> bool:
        return ((not types or e.type in types)
                and (not projects or (e.project is not None and e.project["id"] in projects))
                and (not resources or (e.details or {}).get("id") in resources))

    return json_response(state.audit_logs.page(q, where=matches).to_json())


# Project rate limits -------------------------------------------------------------------

RATE_LIMITED_MODELS = {"gpt-4o": (10_000, 30_000_000), "gpt-4o-mini": (30_000, 150_000_000),
                       "dall-e-3": (7_500, 0)}
"""The models each new project gets a rate limit for: (requests, tokens) per minute."""


@dataclass(kw_only=True, slots=True)
class RateLimit(Record):
    # Its own id pages the list; the wire id is ``rl-<model>``, the same in every project.
    project_id: str
    model: str
    limits: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"object": "project.rate_limit", "id": f"rl-{self.model}", "model": self.model,
                **self.limits}


def seed_rate_limits(state: ServerState, project: Project) -> None:
    for model, (requests_, tokens) in RATE_LIMITED_MODELS.items():
        limits = {"max_requests_per_1_minute": requests_, "max_tokens_per_1_minute": tokens}
        if model.startswith("dall-e"):
            limits["max_images_per_1_minute"] = 50
        state.project_rate_limits.add(RateLimit(id=state.project_rate_limits.new_id(), created_at=state.now(),
                                              project_id=project.id, model=model, limits=limits))


_LIMIT_FIELDS = ("max_requests_per_1_minute", "max_tokens_per_1_minute", "max_images_per_1_minute",
                 "max_audio_megabytes_per_1_minute", "max_requests_per_1_day",
                 "batch_1_day_max_input_tokens")


@routes.get("/v1/organization/projects/{project_id}/rate_limits")
async def list_rate_limits(request: web.Request, state: ServerState) -> web.StreamResponse:
    project = _project(request, state)
    page = state.project_rate_limits.page(request.query, where=lambda r: r.project_id == project.id,
                                        default_limit=100, default_order="asc")
    return json_response(page.to_json())


@routes.post("/v1/organization/projects/{project_id}/rate_limits/{rate_limit_id}")
async def update_rate_limit(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    wanted = request.match_info["rate_limit_id"]
    with state.lock:
        project = _project(request, state, active=True)
        found = state.project_rate_limits.values(
            lambda r: r.project_id == project.id and f"rl-{r.model}" == wanted)
        if not found:
            raise ApiFailure(404, f"No rate limit {wanted} in project {project.id}.",
                             param="rate_limit_id")
        limit = found[0]
        for name, value in body.items():
            if name not in _LIMIT_FIELDS or type(value) is not int or value < 0:
                raise ApiFailure.invalid(name, f"'{name}' is not a rate limit that takes {value!r}.")
            limit.limits[name] = value
        audit(state, "rate_limit.updated", {"id": wanted, "changes_requested": dict(body)}, project)
    return json_response(limit.to_json())


# Admin API keys ------------------------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class AdminKey(Record):
    name: str
    value: str

    def to_json(self) -> dict[str, Any]:
        return {"object": "organization.admin_api_key", "id": self.id, "name": self.name,
                "redacted_value": f"{self.value[:9]}...{self.value[-4:]}", "created_at": self.created_at,
                "last_used_at": None, "owner": {"type": "user", "object": "organization.user",
                                                "id": "user-owner-mock", "name": "Owner",
                                                "created_at": 0, "role": "owner"}}


@routes.get("/v1/organization/admin_api_keys")
async def list_admin_keys(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.admin_keys.page(request.query, default_order="asc").to_json())


@routes.post("/v1/organization/admin_api_keys")
async def create_admin_key(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "name")
    with state.lock:
        key = AdminKey(id=state.admin_keys.new_id(), created_at=state.now(), name=str(body["name"]),
                       value=f"sk-admin-{secrets.token_urlsafe(24)}")
        state.admin_keys.add(key)
        audit(state, "api_key.created", {"id": key.id, "data": {"scopes": ["api.organization"]}})
    return json_response({**key.to_json(), "value": key.value})


@routes.get("/v1/organization/admin_api_keys/{key_id}")
async def retrieve_admin_key(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.admin_keys.get(request.match_info["key_id"]).to_json())


@routes.delete("/v1/organization/admin_api_keys/{key_id}")
async def delete_admin_key(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        key = state.admin_keys.delete(request.match_info["key_id"])
        audit(state, "api_key.deleted", {"id": key.id})
    return json_response({"object": "organization.admin_api_key.deleted", "id": key.id, "deleted": True})


# Certificates --------------------------------------------------------------------------

PEM_START = "-----BEGIN CERTIFICATE-----"
CERT_SECONDS = 365 * 24 * 3600


@dataclass(kw_only=True, slots=True)
class StoredCertificate(Record):
    name: str
    content: str
    active: bool = False
    projects: set[str] = field(default_factory=set)

    def render(self, kind: str, *, active: bool | None = None, content: bool = False) -> dict[str, Any]:
        details: dict[str, Any] = {"valid_at": self.created_at, "expires_at": self.created_at + CERT_SECONDS}
        if content:
            details["content"] = self.content
        out: dict[str, Any] = {"object": kind, "id": self.id, "name": self.name,
                               "created_at": self.created_at, "certificate_details": details}
        if active is not None:
            out["active"] = active
        return out


def _certificates(state: ServerState, body: dict[str, Any]) -> list[StoredCertificate]:
    require(body, "certificate_ids")
    ids = body["certificate_ids"]
    if not isinstance(ids, list) or not 1 <= len(ids) <= 10:
        raise ApiFailure.invalid("certificate_ids", "'certificate_ids' must list 1 to 10 ids.")
    return [state.certificates.get(str(i)) for i in ids]


@routes.get("/v1/organization/certificates")
async def list_certificates(request: web.Request, state: ServerState) -> web.StreamResponse:
    page = state.certificates.page(request.query)
    return json_response(page.to_json(lambda c: c.render("organization.certificate", active=c.active)))


@routes.post("/v1/organization/certificates")
async def upload_certificate(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "content")
    content = str(body["content"])
    if not content.startswith(PEM_START):
        raise ApiFailure.invalid("content", "The certificate must be PEM encoded.")
    with state.lock:
        cert = StoredCertificate(id=state.next_id("cert"), created_at=state.now(),
                                 name=str(body.get("name") or ""), content=content)
        state.certificates.add(cert)
    return json_response(cert.render("certificate"))


@routes.get("/v1/organization/certificates/{certificate_id}")
async def retrieve_certificate(request: web.Request, state: ServerState) -> web.StreamResponse:
    cert = state.certificates.get(request.match_info["certificate_id"])
    include = request.query.getall("include", []) + request.query.getall("include[]", [])
    return json_response(cert.render("certificate", content="content" in include))


@routes.post("/v1/organization/certificates/{certificate_id}")
async def modify_certificate(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "name")
    cert = state.certificates.update(request.match_info["certificate_id"], name=str(body["name"]))
    return json_response(cert.render("certificate"))


@routes.delete("/v1/organization/certificates/{certificate_id}")
async def delete_certificate(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        cert = state.certificates.get(request.match_info["certificate_id"])
        if cert.active or cert.projects:
            raise ApiFailure(400, f"Certificate {cert.id} is active: deactivate it first.")
        state.certificates.delete(cert.id)
    return json_response({"object": "certificate.deleted", "id": cert.id})


def _toggle_org(on: bool) -> Any:
    async def toggle(request: web.Request, state: ServerState) -> web.StreamResponse:
        body = await read_json(request)
        with state.lock:
            certs = _certificates(state, body)
            for c in certs:
                c.active = on
        return json_response({"object": "list", "data": [
            c.render("organization.certificate", active=c.active) for c in certs],
            "first_id": certs[0].id, "last_id": certs[-1].id, "has_more": False})

    return toggle


routes.post("/v1/organization/certificates/activate")(_toggle_org(True))
routes.post("/v1/organization/certificates/deactivate")(_toggle_org(False))


@routes.get("/v1/organization/projects/{project_id}/certificates")
async def list_project_certificates(request: web.Request, state: ServerState) -> web.StreamResponse:
    project = _project(request, state)
    page = state.certificates.page(request.query, where=lambda c: project.id in c.projects)
    return json_response(page.to_json(
        lambda c: c.render("organization.project.certificate", active=True)))


def _toggle_project(on: bool) -> Any:
    async def toggle(request: web.Request, state: ServerState) -> web.StreamResponse:
        body = await read_json(request)
        with state.lock:
            project = _project(request, state, active=True)
            certs = _certificates(state, body)
            for c in certs:
                (c.projects.add if on else c.projects.discard)(project.id)
        return json_response({"object": "list", "data": [
            c.render("organization.project.certificate", active=project.id in c.projects) for c in certs],
            "first_id": certs[0].id, "last_id": certs[-1].id, "has_more": False})

    return toggle


routes.post("/v1/organization/projects/{project_id}/certificates/activate")(_toggle_project(True))
routes.post("/v1/organization/projects/{project_id}/certificates/deactivate")(_toggle_project(False))


# Fine-tuning checkpoint permissions ----------------------------------------------------


@dataclass(kw_only=True, slots=True)
class CheckpointPermission(Record):
    checkpoint: str
    project_id: str

    def to_json(self) -> dict[str, Any]:
        return {"object": "checkpoint.permission", "id": self.id, "created_at": self.created_at,
                "project_id": self.project_id}


_PERMISSIONS = "/v1/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions"


@routes.post(_PERMISSIONS)
async def create_permissions(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "project_ids")
    ids = body["project_ids"]
    if not isinstance(ids, list) or not ids:
        raise ApiFailure.invalid("project_ids", "'project_ids' must list at least one project.")
    checkpoint = request.match_info["fine_tuned_model_checkpoint"]
    with state.lock:
        made = []
        for pid in ids:
            project = state.projects.get(str(pid))
            permission = CheckpointPermission(id=state.next_id("cp"), created_at=state.now(),
                                              checkpoint=checkpoint, project_id=project.id)
            state.checkpoint_permissions.add(permission)
            audit(state, "checkpoint_permission.created", {"id": permission.id, "data": {
                "project_id": project.id, "fine_tuned_model_checkpoint": checkpoint}}, project)
            made.append(permission.to_json())
    return json_response({"object": "list", "data": made, "first_id": made[0]["id"],
                          "last_id": made[-1]["id"], "has_more": False})


@routes.get(_PERMISSIONS)
async def list_permissions(request: web.Request, state: ServerState) -> web.StreamResponse:
    checkpoint = request.match_info["fine_tuned_model_checkpoint"]
    project = request.query.get("project_id")
    page = state.checkpoint_permissions.page(
        request.query, where=lambda p: p.checkpoint == checkpoint and project in (None, p.project_id),
        default_limit=10)
    return json_response(page.to_json())


@routes.delete(_PERMISSIONS + "/{permission_id}")
async def delete_permission(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        permission = state.checkpoint_permissions.get(request.match_info["permission_id"])
        if permission.checkpoint != request.match_info["fine_tuned_model_checkpoint"]:
            raise ApiFailure(404, f"No permission {permission.id} on this checkpoint.")
        state.checkpoint_permissions.delete(permission.id)
        audit(state, "checkpoint_permission.deleted", {"id": permission.id})
    return json_response({"object": "checkpoint.permission", "id": permission.id, "deleted": True})
