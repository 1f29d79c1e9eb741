"""``ServerState``: everything the local server remembers, shared by its loop thread and
the test's threads. Each kind of object has a typed store; ``reset()`` clears them all."""

from __future__ import annotations

import base64
import itertools
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .clock import Clock
from .gates import Gates
from .ratelimits import Buckets, RateLimits
from .routes.admin import (
    AdminKey,
    AuditEvent,
    CheckpointPermission,
    Invite,
    OrgUser,
    Project,
    ProjectKey,
    ProjectMember,
    RateLimit,
    ServiceAccount,
    StoredCertificate,
)
from .routes.assistants import (
    AssistantRecord,
    MessageRecord,
    RunRecord,
    StepRecord,
    ThreadRecord,
    run_machine,
)
from .routes.batches import Batch, batch_machine
from .routes.chat import StoredChatCompletion
from .routes.evals import EvalOutputItemRecord, EvalRecord, EvalRunRecord
from .routes.files import File
from .routes.fine_tuning import Checkpoint, Event, FineTuningJob, fine_tuning_machine
from .routes.images import Image
from .routes.models import ModelRecord, seed_models
from .routes.realtime import RealtimeSessionRecord
from .routes.responses import InputItemRecord, StoredResponse
from .routes.uploads import UploadStore
from .routes.vector_stores import (
    VectorStoreBatchRecord,
    VectorStoreFileRecord,
    VectorStoreRecord,
    vector_store_file_machine,
)
from .scripting import Scripts
from .store import Store

__all__ = ["RecordedRequest", "ServerState"]

_DEFAULT_LIMITS = RateLimits()


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as it reached the server. Header names are lower-cased."""

    method: str
    path: str
    raw_path: str
    query: tuple[tuple[str, str], ...]
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "raw_path": self.raw_path,
            "query": [list(p) for p in self.query],
            "headers": dict(self.headers),
            "body": base64.b64encode(self.body).decode("ascii"),
        }


class ServerState:
    """The stores, the clock, the gates, the scripts and the recorded requests.

    ``page_size`` is the default ``limit`` of every paginated list (``None``: each list's
    default from the spec); ``rate_limits`` the ``x-ratelimit-*`` headers (``None``: none).
    Both, and ``clock.poll_step``, go back to the constructor's values on ``reset()``.
    """

    def __init__(
        self, api_key: str | None = None, *, page_size: int | None = None,
        rate_limits: RateLimits | None = _DEFAULT_LIMITS, poll_step: float = 1.0,
    ) -> None:
        self.lock = threading.RLock()
        self.api_key = api_key
        self.page_size = page_size
        self.rate_limits = None if rate_limits is None else replace(rate_limits)
        self._settings = (page_size, rate_limits)
        self.clock = Clock(poll_step=poll_step)
        self.gates = Gates()
        self.scripts = Scripts()
        self._records: list[RecordedRequest] = []
        self._ids = itertools.count(1)
        self.requests_served = 0
        self.tokens_used = 0
        self._buckets: Buckets | None = None

        self.realtime_sessions: Store[RealtimeSessionRecord] = Store(self, "ek")
        self.models: Store[ModelRecord] = Store(
            self, "model", "The model '{id}' does not exist", param="model",
            code="model_not_found")
        self.files: Store[File] = Store(self, "file", "No such File object: {id}", param="id")
        self.uploads = UploadStore(self)
        self.images: Store[Image] = Store(self, "img", "No such image: {id}")
        self.batch_machine = batch_machine(self)
        self.batches: Store[Batch] = Store(
            self, "batch", "No batch found with id '{id}'.", on_read=self.batch_machine.settle)
        self.fine_tuning_machine = fine_tuning_machine(self)
        self.fine_tuning_jobs: Store[FineTuningJob] = Store(
            self, "ftjob", "Could not find fine-tuning job: {id}", param="fine_tuning_job_id",
            on_read=self.fine_tuning_machine.settle)
        self.fine_tuning_events: Store[Event] = Store(self, "ftevent")
        self.fine_tuning_checkpoints: Store[Checkpoint] = Store(self, "ftckpt")
        self.assistants: Store[AssistantRecord] = Store(
            self, "asst", "No assistant found with id '{id}'.", param="assistant_id")
        self.threads: Store[ThreadRecord] = Store(self, "thread", "No thread found with id '{id}'.",
                                                  param="thread_id")
        self.messages: Store[MessageRecord] = Store(self, "msg", "No message found with id '{id}'.",
                                                    param="message_id")
        self.run_machine = run_machine(self)
        self.runs: Store[RunRecord] = Store(self, "run", "No run found with id '{id}'.", param="run_id",
                                            on_read=self.run_machine.settle)
        self.run_steps: Store[StepRecord] = Store(self, "step", "No step found with id '{id}'.",
                                                  param="step_id")
        self.vector_store_file_machine = vector_store_file_machine(self)
        self.vector_stores: Store[VectorStoreRecord] = Store(
            self, "vs", "No vector store found with id '{id}'.", param="vector_store_id")
        self.vector_store_files: Store[VectorStoreFileRecord] = Store(
            self, "vsfile", "No file found with id '{id}'.", param="file_id",
            on_read=self.vector_store_file_machine.settle)
        self.vector_store_batches: Store[VectorStoreBatchRecord] = Store(
            self, "vsfb", "No file batch found with id '{id}'.", param="batch_id")
        self.chat_completions: Store[StoredChatCompletion] = Store(
            self, "chatcmpl", "No chat completion found with id '{id}'.", param="completion_id")
        self.evals: Store[EvalRecord] = Store(self, "eval", "Eval with id '{id}' not found.", param="eval_id")
        self.eval_runs: Store[EvalRunRecord] = Store(
            self, "evalrun", "No run found with id '{id}'.", param="run_id")
        self.eval_output_items: Store[EvalOutputItemRecord] = Store(
            self, "outputitem", "No output item found with id '{id}'.", param="output_item_id")
        self.responses: Store[StoredResponse] = Store(
            self, "resp", "Response with id '{id}' not found.", param="response_id")
        self.response_items: Store[InputItemRecord] = Store(self, "item")
        self.invites: Store[Invite] = Store(self, "invite", "No invite found with id '{id}'.",
                                            param="invite_id")
        self.org_users: Store[OrgUser] = Store(self, "user", "No user found with id '{id}'.",
                                               param="user_id")
        self.projects: Store[Project] = Store(self, "proj", "No project found with id '{id}'.",
                                              param="project_id")
        self.project_members: Store[ProjectMember] = Store(self, "projuser")
        self.service_accounts: Store[ServiceAccount] = Store(
            self, "svc_acct", "No service account found with id '{id}'.", param="service_account_id")
        self.project_keys: Store[ProjectKey] = Store(self, "key", "No API key found with id '{id}'.",
                                                     param="key_id")
        self.audit_logs: Store[AuditEvent] = Store(self, "audit_log")
        self.project_rate_limits: Store[RateLimit] = Store(self, "rl")
        self.admin_keys: Store[AdminKey] = Store(self, "key_admin", "No admin key found with id '{id}'.",
                                                 param="key_id")
        self.certificates: Store[StoredCertificate] = Store(
            self, "cert", "No certificate found with id '{id}'.", param="certificate_id")
        self.checkpoint_permissions: Store[CheckpointPermission] = Store(
            self, "cp", "No permission found with id '{id}'.", param="permission_id")
        seed_models(self.models)

    # What stores and routes use -------------------------------------------------------

    def next_id(self, prefix: str) -> str:
        """A fresh id: ``<prefix>-mock000001``, counting across every kind."""
        with self.lock:
            n = next(self._ids)
        return f"{prefix}-mock{n:06d}"

    def now(self) -> int:
        """The clock's time, for ``created_at`` and the like."""
        return self.clock.now()

    def use_tokens(self, count: int) -> None:
        """Count tokens an answer used (``x-ratelimit-remaining-tokens`` goes down)."""
        with self.lock:
            self.tokens_used += count
            buckets = self._enforced()
            if buckets is not None:
                buckets.charge(count)

    def served(self) -> int:
        """Count a ``/v1`` request; returns how many there were since the last reset."""
        with self.lock:
            self.requests_served += 1
            return self.requests_served

    def rate_limit_headers(self) -> dict[str, str]:
        with self.lock:
            limits = self.rate_limits
            if limits is None:
                return {}
            buckets = self._enforced()
            if buckets is not None:
                return buckets.headers()
            return limits.headers(self.requests_served, self.tokens_used)

    def _enforced(self) -> Buckets | None:
        # The buckets of the current limits (new settings start full ones).
        limits = self.rate_limits
        if limits is None or not limits.enforce:
            return None
        if self._buckets is None or self._buckets.limits is not limits:
            self._buckets = Buckets(limits)
        return self._buckets

    def admit(self) -> float | None:
        """Take one request from enforced limits: ``None`` if allowed, else seconds to wait."""
        with self.lock:
            buckets = self._enforced()
            return None if buckets is None else buckets.admit()

    @property
    def rate_limited(self) -> int:
        """How many requests the enforced limits answered 429 (since the limits were set)."""
        with self.lock:
            return 0 if self._buckets is None else self._buckets.rejected

    def stores(self) -> list[Store[Any]]:
        """Every store of this state (each typed field that holds one)."""
        return [v for v in vars(self).values() if isinstance(v, Store)]

    # Records --------------------------------------------------------------------------

    def record(self, rec: RecordedRequest) -> None:
        with self.lock:
            self._records.append(rec)

    def records(self) -> list[RecordedRequest]:
        with self.lock:
            return list(self._records)

    def reset(self) -> None:
        """Back to a fresh start: no scripts, records, gates or stored objects (the model
        catalogue again), the clock at its start, ids from 1, settings as constructed."""
        with self.lock:
            self.scripts.clear()
            self._records.clear()
            self.gates.clear()
            for store in self.stores():
                store.clear()
            seed_models(self.models)
            self.clock.reset()
            self._ids = itertools.count(1)
            self.requests_served = self.tokens_used = 0
            page_size, rate_limits = self._settings
            self.page_size = page_size
            self.rate_limits = None if rate_limits is None else replace(rate_limits)
            self._buckets = None
