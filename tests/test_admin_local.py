"""Organization administration on the local server, in both modes: a whole onboarding
(project, invite, the user joins, a service account created and rotated, the audit log read
page by page) and the admin key sent to admin calls only."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Harness

from openai_rs_port import OpenAIConfig
from openai_rs_port._pagination import AsyncPager
from openai_rs_port.error import ApiError
from openai_rs_port.testing import MockOpenAIServer
from openai_rs_port.testing.routes.admin import accept_invite
from openai_rs_port.types import (
    AuditLogEventType,
    InviteRequestArgs,
    InviteStatus,
    OrganizationRole,
    ProjectApiKeyOwnerType,
    ProjectCreateRequest,
    ProjectServiceAccountCreateRequest,
    ProjectStatus,
    ProjectUpdateRequest,
    ProjectUserCreateRequest,
    ProjectUserRole,
    ProjectUserUpdateRequest,
    UserRoleUpdateRequest,
)

pytest_plugins = ["local_server"]

ADMIN_KEY = "sk-admin-" + "a" * 40


def collect(h: Harness, pager: Any) -> list[Any]:
    """Every item of every page of a list call, in either mode."""
    if h.is_async:
        assert isinstance(pager, AsyncPager)

        async def run() -> list[Any]:
            return [x async for x in pager]

        return h.call(run())  # type: ignore[no-any-return]
    return list(pager)


def test_onboarding_flow(local: Harness, local_server: MockOpenAIServer) -> None:
    c = local.client
    project = local.call(c.projects().create(ProjectCreateRequest(name="Analytics")))
    assert project.status is ProjectStatus.ACTIVE and project.id.startswith("proj")

    invite = local.call(c.invites().create(
        InviteRequestArgs().email("ada@example.com").role("reader")
        .projects([{"id": project.id, "role": "member"}]).build()))
    assert invite.status is InviteStatus.PENDING and invite.accepted_at is None
    assert [i.id for i in collect(local, c.invites().list())] == [invite.id]

    # Ada follows the link in her mail.
    user = accept_invite(local_server.state, invite.id, "Ada")
    joined = local.call(c.invites().retrieve(invite.id))
    assert joined.status is InviteStatus.ACCEPTED and joined.accepted_at is not None
    [listed] = local.call(c.users().list({"emails": "ada@example.com"})).data
    assert (listed.id, listed.name, listed.role) == (user.id, "Ada", OrganizationRole.READER)
    assert local.call(c.users().modify(user.id, UserRoleUpdateRequest(role="owner"))).role is (
        OrganizationRole.OWNER)

    members = c.projects().users(project.id)
    [member] = local.call(members.list()).data
    assert (member.id, member.email, member.role) == (user.id, "ada@example.com", ProjectUserRole.MEMBER)
    assert local.call(members.modify(user.id, ProjectUserUpdateRequest(role="owner"))).role is (
        ProjectUserRole.OWNER)
    assert local.call(members.retrieve(user.id)).role is ProjectUserRole.OWNER
    with pytest.raises(ApiError) as e:
        local.call(members.create(ProjectUserCreateRequest(user_id=user.id, role="member")))
    assert e.value.status == 409

    # A service account for CI, then rotated: a new account (and key), the old one deleted.
    accounts = c.projects().service_accounts(project.id)
    keys = c.projects().api_keys(project.id)
    old = local.call(accounts.create(ProjectServiceAccountCreateRequest(name="ci-bot")))
    assert old.api_key.value.startswith("sk-svcacct-") and old.api_key.value not in repr(old)
    [old_key] = local.call(keys.list()).data
    assert old_key.id == old.api_key.id and old_key.owner.type is ProjectApiKeyOwnerType.SERVICE_ACCOUNT
    assert old_key.owner.service_account is not None and old_key.owner.service_account.id == old.id
    assert old.api_key.value not in old_key.redacted_value
    new = local.call(accounts.create(ProjectServiceAccountCreateRequest(name="ci-bot")))
    assert new.api_key.value != old.api_key.value
    assert local.call(accounts.delete(old.id)).deleted is True
    assert [a.id for a in collect(local, accounts.list())] == [new.id]
    assert [k.id for k in collect(local, keys.list())] == [new.api_key.id]
    assert local.call(keys.retrieve(new.api_key.id)).name == "Secret Key"
    with pytest.raises(ApiError) as e:
        local.call(accounts.retrieve(old.id))
    assert e.value.status == 404

    renamed = local.call(c.projects().modify(project.id, ProjectUpdateRequest(name="Analytics EU")))
    assert renamed.name == "Analytics EU"

    # The audit log, newest first, read two events a page.
    logs = collect(local, c.audit_logs().get({"limit": 2}))
    gets = [r for r in local_server.requests("/v1/organization/audit_logs")]
    assert len(gets) == (len(logs) + 1) // 2
    assert [str(log.type) for log in reversed(logs)] == [
        "project.created", "invite.sent", "invite.accepted", "user.added", "user.added",
        "user.updated", "user.updated", "service_account.created", "api_key.created",
        "service_account.created", "api_key.created", "api_key.deleted", "service_account.deleted",
        "project.updated",
    ]
    assert all(isinstance(log.type, AuditLogEventType) for log in logs)
    by_type = {str(log.type): log for log in reversed(logs)}  # the newest of each type
    sent = by_type["invite.sent"].payload()
    assert sent is not None and sent.data is not None and sent.data.email == "ada@example.com"
    created = by_type["service_account.created"]
    assert created.project is not None and created.project.id == project.id
    assert created.payload() is not None and created.payload().id == new.id
    assert by_type["api_key.deleted"].payload().id == old.api_key.id
    assert logs[0].actor.api_key is not None and logs[0].actor.api_key.id == "key-admin-mock"

    # Filters: by type, repeated pairs.
    only = local.call(c.audit_logs().get([("event_types[]", "service_account.created"),
                                          ("event_types[]", "service_account.deleted")])).data
    assert [str(log.type) for log in only] == ["service_account.deleted", "service_account.created",
                                               "service_account.created"]

    archived = local.call(c.projects().archive(project.id))
    assert archived.status is ProjectStatus.ARCHIVED and archived.archived_at is not None
    assert local.call(c.projects().list()).data == []
    assert [p.id for p in local.call(c.projects().list({"include_archived": True})).data] == [project.id]

    assert local.call(members.delete(user.id)).deleted is True
    assert local.call(c.users().delete(user.id)).deleted is True
    assert local.call(c.users().list()).data == []


def test_invite_delete_and_missing_objects(local: Harness) -> None:
    c = local.client
    invite = local.call(c.invites().create(InviteRequestArgs().email("b@example.com").role("owner").build()))
    assert local.call(c.invites().delete(invite.id)).deleted is True
    for call in (lambda: c.invites().retrieve(invite.id), lambda: c.users().retrieve("user-nope"),
                 lambda: c.projects().retrieve("proj-nope"),
                 lambda: c.projects().api_keys("proj-nope").list()):
        with pytest.raises(ApiError) as e:
            local.call(call())
        assert e.value.status == 404


def test_admin_key_goes_to_admin_calls_only(local: Harness, local_server: MockOpenAIServer) -> None:
    config = OpenAIConfig(api_key="sk-test-" + "k" * 40, api_base=local_server.base_url,
                          admin_key=ADMIN_KEY)
    client = local.make(config=config)
    local.call(client.projects().list())
    local.call(client.models().list())
    [admin] = local_server.requests("/v1/organization/projects")
    [plain] = local_server.requests("/v1/models")
    assert admin.headers["authorization"] == f"Bearer {ADMIN_KEY}"
    assert plain.headers["authorization"] == "Bearer sk-test-" + "k" * 40
    # Without an admin key, admin calls use the API key.
    local.call(local.client.users().list())
    [users] = local_server.requests("/v1/organization/users")
    assert users.headers["authorization"] == f"Bearer {local.config.api_key.expose_secret()}"
    # The admin key shows nowhere.
    assert ADMIN_KEY not in repr(config) and "admin_key=SecretString('[REDACTED]')" in repr(config)
    assert ADMIN_KEY not in repr(client)
    with pytest.raises(ApiError) as e:
        local.call(client.projects().retrieve("proj-missing"))
    assert ADMIN_KEY not in str(e.value) and ADMIN_KEY not in repr(e.value)


def test_admin_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ADMIN_KEY", ADMIN_KEY)
    config = OpenAIConfig(api_key="sk-plain")
    assert config.admin_key.expose_secret() == ADMIN_KEY
    assert config.headers_for("/organization/users")["Authorization"] == f"Bearer {ADMIN_KEY}"
    assert config.headers_for("/models")["Authorization"] == "Bearer sk-plain"
    assert config.headers_for("/organizations")["Authorization"] == "Bearer sk-plain"
    other = config.with_admin_key("sk-admin-other")
    assert other.admin_key.expose_secret() == "sk-admin-other" and other != config
    assert other.with_api_key("sk-2").admin_key.expose_secret() == "sk-admin-other"
    monkeypatch.delenv("OPENAI_ADMIN_KEY")
    assert not OpenAIConfig(api_key="sk-plain").admin_key
    assert "admin_key" not in repr(OpenAIConfig(api_key="sk-plain"))


def _bucket(start: int, tokens: int) -> dict[str, Any]:
    return {"object": "bucket", "start_time": start, "end_time": start + 86400, "result": [
        {"object": "organization.usage.completions.result", "input_tokens": tokens, "output_tokens": 1,
         "num_model_requests": 1}]}


def test_usage_pages_follow_next_page(local: Harness, local_server: MockOpenAIServer) -> None:
    path = "/v1/organization/usage/completions"
    local_server.script(
        path,
        {"json": {"object": "page", "data": [_bucket(0, 1)], "has_more": True, "next_page": "pg_2"}},
        {"json": {"object": "page", "data": [_bucket(86400, 2)], "has_more": True, "next_page": "pg_3"}},
        {"json": {"object": "page", "data": [_bucket(172800, 3)], "has_more": False, "next_page": None}},
        method="GET")
    buckets = collect(local, local.client.usage().completions({"start_time": 0, "limit": 1}))
    assert [b.result[0].input_tokens for b in buckets] == [1, 2, 3]
    queries = [r.query for r in local_server.requests(path)]
    assert queries == [(("start_time", "0"), ("limit", "1")),
                       (("start_time", "0"), ("limit", "1"), ("page", "pg_2")),
                       (("start_time", "0"), ("limit", "1"), ("page", "pg_3"))]


def test_costs_page_by_hand(local: Harness, local_server: MockOpenAIServer) -> None:
    path = "/v1/organization/costs"
    cost = {"object": "organization.costs.result", "amount": {"value": 0.25, "currency": "usd"}}
    local_server.script(
        path,
        {"json": {"object": "page", "data": [{**_bucket(0, 0), "result": [cost]}], "has_more": True,
                  "next_page": "pg_2"}},
        {"json": {"object": "page", "data": [], "has_more": False, "next_page": None}},
        method="GET")
    first = local.call(local.client.costs().list({"start_time": 0}))
    assert first.has_next_page() and first.data[0].result[0].amount.value == 0.25
    last = local.call(first.next_page())
    assert last.data == [] and not last.has_next_page()
    assert local_server.requests(path)[1].query == (("start_time", "0"), ("page", "pg_2"))


def test_docs_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/admin.md runs as written, block after block, against its own server."""
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "admin.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    assert len(blocks) >= 7
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"admin.md block {i}", "exec"), namespace)
    finally:
        server = namespace.get("server")
        if server is not None:
            server.stop()
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "pending"
    assert printed[1] == "[('ada@example.com', <ProjectUserRole.OWNER: 'owner'>)]"
    assert printed[2] == "True"
    assert len([line for line in printed if " service_account." in line or " project." in line]) >= 3
    assert "2" in printed
    assert printed[-3:] == ["gpt-4o, input        $1.25", "gpt-4o, output       $0.50",
                            "total                $1.75"]


def test_admin_key_stays_out_of_logs_and_off_the_plain_path(
        local: Harness, local_server: MockOpenAIServer, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from openai_rs_port import Client

    # No admin key: the flow never asks for per-path headers.
    with Client(OpenAIConfig(api_key="sk-plain")) as plain:
        assert plain._settings.headers_for is None
    config = OpenAIConfig(api_key="sk-test-" + "k" * 40, api_base=local_server.base_url,
                          admin_key=ADMIN_KEY)
    client = local.make(config=config)
    assert client._settings.headers_for is not None
    local_server.script("/v1/organization/users", {"status": 500}, {"pass": True}, method="GET")
    with caplog.at_level(logging.DEBUG, logger="openai_rs_port"):
        local.call(client.users().list())
    assert caplog.records and all(ADMIN_KEY not in r.getMessage() for r in caplog.records)
    assert len(local_server.requests("/v1/organization/users")) == 2  # retried, same key
    assert {r.headers["authorization"] for r in local_server.requests("/v1/organization/users")} == {
        f"Bearer {ADMIN_KEY}"}


def test_rate_limits_admin_keys_and_certificates(local: Harness) -> None:
    from openai_rs_port.types import (
        AdminApiKeyCreateRequest,
        ModifyCertificateRequest,
        ProjectRateLimitUpdateRequestArgs,
        ToggleCertificatesRequest,
        UploadCertificateRequest,
    )

    c = local.client
    project = local.call(c.projects().create(ProjectCreateRequest(name="Live")))
    limits = c.projects().rate_limits(project.id)
    by_model = {r.model: r for r in collect(local, limits.list({"limit": 2}))}
    assert set(by_model) == {"gpt-4o", "gpt-4o-mini", "dall-e-3"}
    updated = local.call(limits.update(by_model["gpt-4o"].id, ProjectRateLimitUpdateRequestArgs()
                                       .max_requests_per_1_minute(100).build()))
    assert (updated.id, updated.max_requests_per_1_minute) == ("rl-gpt-4o", 100)
    assert updated.max_tokens_per_1_minute == by_model["gpt-4o"].max_tokens_per_1_minute
    [event] = local.call(c.audit_logs().get([("event_types[]", "rate_limit.updated")])).data
    # A type without a typed payload field (async-openai has none for it): the raw JSON.
    assert event.type is AuditLogEventType.RATE_LIMIT_UPDATED
    assert event.payload() == {"id": "rl-gpt-4o", "changes_requested": {"max_requests_per_1_minute": 100}}

    keys = c.admin_api_keys()
    key = local.call(keys.create(AdminApiKeyCreateRequest(name="ops")))
    assert key.value is not None and key.value.startswith("sk-admin-") and key.value not in repr(key)
    listed = local.call(keys.retrieve(key.id))
    assert listed.value is None and listed.redacted_value.endswith(key.value[-4:])
    assert [k.id for k in collect(local, keys.list())] == [key.id]
    assert local.call(keys.delete(key.id)).deleted is True

    certs = c.certificates()
    cert = local.call(certs.upload(UploadCertificateRequest(
        name="mtls", content="-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")))
    assert cert.object == "certificate" and cert.certificate_details.content is None
    full = local.call(certs.retrieve(cert.id, {"include": "content"}))
    assert full.certificate_details.content is not None
    assert full.certificate_details.content.startswith("-----BEGIN")
    assert local.call(certs.modify(cert.id, ModifyCertificateRequest(name="mtls-2"))).name == "mtls-2"
    toggle = ToggleCertificatesRequest(certificate_ids=[cert.id])
    assert [x.active for x in local.call(certs.activate(toggle)).data] == [True]
    assert [x.active for x in local.call(certs.list()).data] == [True]
    assert [x.active for x in local.call(certs.deactivate(toggle)).data] == [False]
    in_project = c.projects().certificates(project.id)
    local.call(in_project.activate(toggle))
    assert [x.id for x in local.call(in_project.list()).data] == [cert.id]
    with pytest.raises(ApiError) as e:
        local.call(certs.delete(cert.id))  # still active in the project
    assert e.value.status == 400
    local.call(in_project.deactivate(toggle))
    assert local.call(in_project.list()).data == []
    assert local.call(certs.delete(cert.id)).id == cert.id


def test_checkpoint_permissions(local: Harness) -> None:
    from openai_rs_port.types import CreateFineTuningCheckpointPermissionRequestArgs

    c = local.client
    first = local.call(c.projects().create(ProjectCreateRequest(name="A")))
    second = local.call(c.projects().create(ProjectCreateRequest(name="B")))
    permissions = c.fine_tuning().checkpoint_permissions("ft:gpt-4o-mini:org:demo:ckpt-step-2")
    granted = local.call(permissions.create(CreateFineTuningCheckpointPermissionRequestArgs()
                                            .project_ids([first.id, second.id]).build()))
    assert [p.project_id for p in granted.data] == [first.id, second.id]
    assert [p.project_id for p in collect(local, permissions.list({"limit": 1}))] == [second.id, first.id]
    assert [p.project_id for p in local.call(permissions.list({"project_id": first.id})).data] == [first.id]
    assert local.call(permissions.delete(granted.data[0].id)).deleted is True
    assert [p.project_id for p in local.call(permissions.list()).data] == [second.id]
    other = c.fine_tuning().checkpoint_permissions("ft:other:ckpt")
    assert local.call(other.list()).data == []
    with pytest.raises(ApiError) as e:
        local.call(other.delete(granted.data[1].id))
    assert e.value.status == 404
