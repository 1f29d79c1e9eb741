"""Fine-tuning jobs, with their events and checkpoints.

A job moves along the server's clock: ``validating_files`` (1 s), then ``queued`` or
``failed`` (a training file whose lines are not JSON objects with ``messages``, or a
``prompt``/``completion`` pair, or DPO's ``input`` and outputs), ``queued`` (1 s),
``running`` (3 s), ``succeeded``. On success it gets a fine-tuned model (served by the
models routes too), a results file, one checkpoint per epoch (the last three) and
metrics events. Each retrieve moves the clock a second (``Clock.poll_step``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..clock import StatusMachine, Step
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record
from ..wire import json_response, read_json, require
from .files import new_file
from .models import ModelRecord

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["Checkpoint", "Event", "FineTuningJob", "fine_tuning_machine", "routes"]

routes = RouteGroup("fine_tuning")

FINAL = frozenset({"succeeded", "failed", "cancelled"})
RUNNING_SECONDS = 3.0
_AUTO = {"batch_size": 1, "learning_rate_multiplier": 2.0, "n_epochs": 3, "beta": 0.1}


@dataclass(kw_only=True, slots=True)
class FineTuningJob(Record):
    model: str
    training_file: str
    validation_file: str | None = None
    method: dict[str, Any]
    seed: int
    suffix: str | None = None
    integrations: list[dict[str, Any]] | None = None
    metadata: dict[str, str] | None = None
    status: str = "validating_files"
    status_since: float = 0.0
    error: dict[str, Any] | None = None
    fine_tuned_model: str | None = None
    finished_at: int | None = None
    estimated_finish: int | None = None
    trained_tokens: int | None = None
    result_files: list[str] = field(default_factory=list)
    examples: int = 0
    tokens: int = 0

    @property
    def hyperparameters(self) -> dict[str, Any]:
        kind = self.method["type"]
        return dict(self.method.get(kind, {}).get("hyperparameters", {}))

    def to_json(self) -> dict[str, Any]:
        # `hyperparameters` at the top level holds only the three the spec lists there.
        hp = {k: v for k, v in self.hyperparameters.items()
              if k in ("batch_size", "learning_rate_multiplier", "n_epochs")}
        return {
            "object": "fine_tuning.job", "id": self.id, "created_at": self.created_at,
            "model": self.model, "organization_id": "org-mock", "status": self.status,
            "training_file": self.training_file, "validation_file": self.validation_file,
            "hyperparameters": hp, "method": self.method, "seed": self.seed,
            "error": self.error, "fine_tuned_model": self.fine_tuned_model,
            "finished_at": self.finished_at, "estimated_finish": self.estimated_finish,
            "trained_tokens": self.trained_tokens, "result_files": list(self.result_files),
            "integrations": self.integrations, "metadata": self.metadata,
        }


@dataclass(kw_only=True, slots=True)
class Event(Record):
    job_id: str
    level: str
    message: str
    type: str = "message"
    data: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"object": "fine_tuning.job.event", "id": self.id, "created_at": self.created_at,
                "level": self.level, "message": self.message, "type": self.type,
                "data": self.data if self.data is not None else {}}


@dataclass(kw_only=True, slots=True)
class Checkpoint(Record):
    job_id: str
    model: str
    step: int
    metrics: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {"object": "fine_tuning.job.checkpoint", "id": self.id,
                "created_at": self.created_at, "fine_tuning_job_id": self.job_id,
                "fine_tuned_model_checkpoint": f"{self.model}:ckpt-step-{self.step}",
                "step_number": self.step, "metrics": self.metrics}


def _training_errors(text: str) -> tuple[int, int, str | None]:
    # (examples, tokens, the first problem) of a training file.
    examples = tokens = 0
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
        except ValueError:
            return examples, tokens, f"Line {number} is not valid JSON."
        shapes = (("messages",), ("prompt", "completion"), ("input", "preferred_output"))
        if not isinstance(line, dict) or not any(all(k in line for k in s) for s in shapes):
            return examples, tokens, f"Line {number} has no 'messages'."
        examples += 1
        tokens += len(raw.split())
    if not examples:
        return 0, 0, "The training file has no examples."
    return examples, tokens, None


def fine_tuning_machine(state: ServerState) -> StatusMachine[FineTuningJob]:
    """How jobs move: the store of jobs settles each one with it when read."""

    def event(job: FineTuningJob, at: int, message: str, level: str = "info",
              kind: str = "message", data: dict[str, Any] | None = None) -> None:
        state.fine_tuning_events.add(Event(
            id=state.fine_tuning_events.new_id(), created_at=at, job_id=job.id, level=level,
            message=message, type=kind, data=data))

    def validated(job: FineTuningJob) -> str:
        stored = state.files.find(job.training_file)
        examples, tokens, problem = _training_errors(stored.data.decode("utf-8", "replace")
                                                     if stored else "")
        if problem is not None:
            job.error = {"code": "invalid_training_file", "message": problem,
                         "param": "training_file"}
            return "failed"
        job.examples, job.tokens = examples, tokens
        return "queued"

    def running(job: FineTuningJob, at: int) -> None:
        kind = job.method["type"]
        hp = job.method.setdefault(kind, {}).setdefault("hyperparameters", {})
        for name, value in list(hp.items()):
            if value == "auto":
                hp[name] = _AUTO[name]
        for name in ("batch_size", "learning_rate_multiplier", "n_epochs"):
            hp.setdefault(name, _AUTO[name])
        job.estimated_finish = int(at + RUNNING_SECONDS)
        event(job, at, "Fine-tuning job started")

    def succeeded(job: FineTuningJob, at: int) -> None:
        hp = job.hyperparameters
        epochs = int(hp["n_epochs"])
        per_epoch = max(1, math.ceil(job.examples / int(hp["batch_size"])))
        total = epochs * per_epoch
        name = f"ft:{job.model}:mock-org:{job.suffix or ''}:{job.id.rsplit('-', 1)[-1]}"
        rows = ["step,train_loss,train_accuracy"]
        for step in range(1, total + 1):
            loss = round(1.0 / (1 + step), 4)
            rows.append(f"{step},{loss},{round(1 - loss, 4)}")
            event(job, at, f"Step {step}/{total}: training loss={loss}", kind="metrics",
                  data={"step": step, "train_loss": loss, "total_steps": total})
        for epoch in range(max(1, epochs - 2), epochs + 1):
            step = epoch * per_epoch
            loss = round(1.0 / (1 + step), 4)
            state.fine_tuning_checkpoints.add(Checkpoint(
                id=state.fine_tuning_checkpoints.new_id(), created_at=at, job_id=job.id,
                model=name, step=step,
                metrics={"step": float(step), "train_loss": loss,
                         "train_mean_token_accuracy": round(1 - loss, 4), "valid_loss": loss,
                         "valid_mean_token_accuracy": round(1 - loss, 4),
                         "full_valid_loss": loss, "full_valid_mean_token_accuracy": round(1 - loss, 4)}))
            event(job, at, f"Checkpoint created at step {step}")
        results = new_file(state, "step_metrics.csv", "fine-tune-results",
                           ("\n".join(rows) + "\n").encode())
        job.result_files = [results.id]
        job.fine_tuned_model = name
        job.trained_tokens = job.tokens * epochs
        job.finished_at = at
        job.estimated_finish = None
        if name not in state.models:
            state.models.add(ModelRecord(id=name, created_at=at, owned_by="mock-org"))
        event(job, at, f"New fine-tuned model created: {name}")
        event(job, at, "The job has successfully completed")

    def failed(job: FineTuningJob, at: int) -> None:
        job.finished_at = at
        message = (job.error or {}).get("message", "The job failed.")
        event(job, at, f"Job failed: {message}", level="error")

    def cancelled(job: FineTuningJob, at: int) -> None:
        job.finished_at = at
        job.estimated_finish = None
        event(job, at, "Fine-tuning job cancelled")

    return StatusMachine(
        {
            "validating_files": Step(validated),
            "queued": Step("running"),
            "running": Step("succeeded", RUNNING_SECONDS),
        },
        {
            "validating_files": lambda job, at: event(
                job, at, f"Validating training file: {job.training_file}"),
            "queued": lambda job, at: event(job, at, "Files validated, moving job to queued state"),
            "running": running,
            "succeeded": succeeded,
            "failed": failed,
            "cancelled": cancelled,
        },
        clock=state.clock.time,
    )


def _method(body: dict[str, Any]) -> dict[str, Any]:
    method = body.get("method")
    if isinstance(method, dict) and method.get("type") in ("supervised", "dpo"):
        out = json.loads(json.dumps(method))
        out.setdefault(out["type"], {}).setdefault("hyperparameters", {})
        return dict(out)
    if method is not None:
        raise ApiFailure.invalid("method", "'method.type' must be 'supervised' or 'dpo'.")
    legacy = body.get("hyperparameters")
    hp = dict(legacy) if isinstance(legacy, dict) else {}
    return {"type": "supervised", "supervised": {"hyperparameters": hp}}


def _tuning_file(state: ServerState, file_id: Any, name: str) -> str:
    stored = state.files.find(str(file_id))
    if stored is None or stored.purpose != "fine-tune":
        raise ApiFailure.invalid(name, f"Invalid {name}: {file_id!r} is not a file of purpose 'fine-tune'.")
    return stored.id


@routes.post("/v1/fine_tuning/jobs")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "model", "training_file")
    validation = body.get("validation_file")
    job = FineTuningJob(
        id=state.fine_tuning_jobs.new_id(), created_at=state.now(), model=str(body["model"]),
        training_file=_tuning_file(state, body["training_file"], "training_file"),
        validation_file=None if validation is None else _tuning_file(state, validation,
                                                                      "validation_file"),
        method=_method(body), seed=int(body.get("seed") or 42), suffix=body.get("suffix"),
        integrations=body.get("integrations"), metadata=body.get("metadata"),
    )
    with state.lock:
        state.fine_tuning_jobs.add(job)
        state.fine_tuning_machine.start(job, "validating_files")
    return json_response(job.to_json())


def _metadata_filter(query: Any) -> dict[str, str]:
    return {k[len("metadata["):-1]: v for k, v in query.items()
            if k.startswith("metadata[") and k.endswith("]")}


@routes.get("/v1/fine_tuning/jobs")
async def list_jobs(request: web.Request, state: ServerState) -> web.StreamResponse:
    wanted = _metadata_filter(request.query)

    def matches(job: FineTuningJob) -> bool:
        meta = job.metadata or {}
        return all(meta.get(k) == v for k, v in wanted.items())

    page = state.fine_tuning_jobs.page(request.query, where=matches if wanted else None)
    return json_response(page.to_json())


def _job(request: web.Request, state: ServerState) -> FineTuningJob:
    return state.fine_tuning_jobs.get(request.match_info["fine_tuning_job_id"])


@routes.get("/v1/fine_tuning/jobs/{fine_tuning_job_id}")
async def retrieve(request: web.Request, state: ServerState) -> web.StreamResponse:
    state.clock.poll()
    return json_response(_job(request, state).to_json())


@routes.post("/v1/fine_tuning/jobs/{fine_tuning_job_id}/cancel")
async def cancel(request: web.Request, state: ServerState) -> web.StreamResponse:
    with state.lock:
        job = _job(request, state)
        if job.status in FINAL:
            raise ApiFailure(409, f"Cannot cancel a job with status '{job.status}'.")
        state.fine_tuning_machine.move(job, "cancelled")
    return json_response(job.to_json())


@routes.get("/v1/fine_tuning/jobs/{fine_tuning_job_id}/events")
async def list_events(request: web.Request, state: ServerState) -> web.StreamResponse:
    job = _job(request, state)
    page = state.fine_tuning_events.page(request.query, where=lambda e: e.job_id == job.id)
    return json_response(page.to_json())


@routes.get("/v1/fine_tuning/jobs/{fine_tuning_job_id}/checkpoints")
async def list_checkpoints(request: web.Request, state: ServerState) -> web.StreamResponse:
    job = _job(request, state)
    page = state.fine_tuning_checkpoints.page(request.query, where=lambda c: c.job_id == job.id,
                                              default_limit=10)
    return json_response(page.to_json())
