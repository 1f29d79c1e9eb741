"""Types of the Fine-tuning group (``/fine_tuning/jobs``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from .._builder import Builder, JsonObject, Setter, seq
from .._codec import ApiModel as _Base
from .._codec import Tagged
from .._pagination import CursorPage

__all__ = [
    "BatchSize",
    "Beta",
    "CreateFineTuningCheckpointPermissionRequest",
    "CreateFineTuningCheckpointPermissionRequestArgs",
    "CreateFineTuningJobRequest",
    "CreateFineTuningJobRequestArgs",
    "DPOHyperparameters",
    "DeleteFineTuningCheckpointPermissionResponse",
    "FineTuneDPOMethod",
    "FineTuneJobError",
    "FineTuneMethod",
    "FineTuneMethodDPO",
    "FineTuneMethodSupervised",
    "FineTuneSupervisedMethod",
    "FineTuningCheckpointPermission",
    "FineTuningIntegration",
    "FineTuningJob",
    "FineTuningJobCheckpoint",
    "FineTuningJobCheckpointMetrics",
    "FineTuningJobEvent",
    "FineTuningJobEventType",
    "FineTuningJobIntegrationType",
    "FineTuningJobStatus",
    "Hyperparameters",
    "LearningRateMultiplier",
    "Level",
    "ListFineTuningCheckpointPermissionResponse",
    "ListFineTuningJobCheckpointsResponse",
    "ListFineTuningJobEventsResponse",
    "ListPaginatedFineTuningJobsResponse",
    "NEpochs",
    "WandB",
]

# "auto" or a number: untagged, as async-openai's `enum X { X(n), Auto }` with serde(untagged).
NEpochs = Literal["auto"] | int
"""Epochs to train for (1 to 50), or ``"auto"``."""

BatchSize = Literal["auto"] | int
"""Examples per batch (1 to 256), or ``"auto"``."""

LearningRateMultiplier = Literal["auto"] | float
"""Scaling factor for the learning rate (above 0), or ``"auto"``."""

Beta = Literal["auto"] | float
"""DPO's penalty weight between the policy and the reference model (0 to 2), or ``"auto"``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Hyperparameters(_Base):
    """Hyperparameters of supervised fine-tuning; the server picks any left unset (``auto``)."""

    batch_size: BatchSize | None = None
    learning_rate_multiplier: LearningRateMultiplier | None = None
    n_epochs: NEpochs | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DPOHyperparameters(_Base):
    """Hyperparameters of DPO fine-tuning; the server picks any left unset (``auto``)."""

    beta: Beta | None = None
    batch_size: BatchSize | None = None
    learning_rate_multiplier: LearningRateMultiplier | None = None
    n_epochs: NEpochs | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuneSupervisedMethod(_Base):
    hyperparameters: Hyperparameters | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuneDPOMethod(_Base):
    hyperparameters: DPOHyperparameters | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuneMethodSupervised(_Base):
    """``FineTuneMethod::Supervised``: ``{"type": "supervised", "supervised": {...}}``."""

    supervised: FineTuneSupervisedMethod | None = None
    type: Literal["supervised"] = field(default="supervised", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuneMethodDPO(_Base):
    """``FineTuneMethod::DPO``: ``{"type": "dpo", "dpo": {...}}``."""

    dpo: FineTuneDPOMethod | None = None
    type: Literal["dpo"] = field(default="dpo", init=False)


FineTuneMethod = Annotated[FineTuneMethodSupervised | FineTuneMethodDPO, Tagged("type")]
"""The method used for fine-tuning, tagged by ``type``."""


class FineTuningJobIntegrationType(StrEnum):
    WANDB = "wandb"


@dataclass(frozen=True, slots=True, kw_only=True)
class WandB(_Base):
    """Weights and Biases settings: the project that metrics are sent to, and run details."""

    project: str
    name: str | None = None
    """A display name for the run (the job id by default)."""
    entity: str | None = None
    """The team or username of the run (the API key's default entity by default)."""
    tags: list[str] | None = None
    """Tags passed through to WandB, next to the ones OpenAI adds."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuningIntegration(_Base):
    """An integration of a fine-tuning job; only Weights and Biases exists."""

    type: FineTuningJobIntegrationType = FineTuningJobIntegrationType.WANDB
    wandb: WandB


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateFineTuningJobRequest(_Base):
    """Creates a job that fine-tunes a model from a dataset."""

    model: str
    training_file: str
    """An uploaded JSONL file of purpose ``fine-tune``."""
    hyperparameters: Hyperparameters | None = None
    """Deprecated: pass them under ``method`` instead."""
    suffix: str | None = None
    """Up to 64 characters added to the fine-tuned model's name."""
    validation_file: str | None = None
    integrations: list[FineTuningIntegration] | None = None
    seed: int | None = None
    method: FineTuneMethod | None = None
    metadata: dict[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuneJobError(_Base):
    """Why a fine-tuning job failed."""

    code: str
    message: str
    param: str | None = None
    """The invalid parameter (usually ``training_file`` or ``validation_file``), if any."""


class FineTuningJobStatus(StrEnum):
    VALIDATING_FILES = "validating_files"
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuningJob(_Base):
    """A fine-tuning job created through the API (``fine_tuning.job``)."""

    id: str
    created_at: int
    error: FineTuneJobError | None = None
    fine_tuned_model: str | None = None
    """The model being created; None while the job runs."""
    finished_at: int | None = None
    hyperparameters: Hyperparameters
    model: str
    """The base model being fine-tuned."""
    object: str = "fine_tuning.job"
    organization_id: str
    result_files: list[str]
    """The compiled results file ids (read them with the Files API)."""
    status: FineTuningJobStatus
    trained_tokens: int | None = None
    training_file: str
    validation_file: str | None = None
    integrations: list[FineTuningIntegration] | None = None
    seed: int
    estimated_finish: int | None = None
    method: FineTuneMethod | None = None
    metadata: dict[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPaginatedFineTuningJobsResponse(_Base, CursorPage[FineTuningJob]):
    data: list[FineTuningJob]
    has_more: bool
    object: str = "list"


class Level(StrEnum):
    """The log level of a fine-tuning job event."""

    INFO = "info"
    WARN = "warn"
    ERROR = "error"


class FineTuningJobEventType(StrEnum):
    MESSAGE = "message"
    METRICS = "metrics"


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuningJobEvent(_Base):
    """A fine-tuning job event (``fine_tuning.job.event``)."""

    id: str
    created_at: int
    level: Level
    message: str
    object: str = "fine_tuning.job.event"
    type: FineTuningJobEventType | None = None
    data: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListFineTuningJobEventsResponse(_Base, CursorPage[FineTuningJobEvent]):
    data: list[FineTuningJobEvent]
    object: str = "list"
    has_more: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuningJobCheckpointMetrics(_Base):
    """Metrics at the step of a checkpoint."""

    step: float | None = None
    train_loss: float | None = None
    train_mean_token_accuracy: float | None = None
    valid_loss: float | None = None
    valid_mean_token_accuracy: float | None = None
    full_valid_loss: float | None = None
    full_valid_mean_token_accuracy: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuningJobCheckpoint(_Base):
    """A checkpoint of a fine-tuning job that is ready to use (``fine_tuning.job.checkpoint``)."""

    id: str
    created_at: int
    fine_tuned_model_checkpoint: str
    step_number: int
    metrics: FineTuningJobCheckpointMetrics
    fine_tuning_job_id: str
    object: str = "fine_tuning.job.checkpoint"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListFineTuningJobCheckpointsResponse(_Base, CursorPage[FineTuningJobCheckpoint]):
    data: list[FineTuningJobCheckpoint]
    object: str = "list"
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool


class CreateFineTuningJobRequestArgs(Builder[CreateFineTuningJobRequest]):
    """Builder of ``CreateFineTuningJobRequest``; ``integrations`` takes any iterable."""

    model = Setter[str]()
    training_file = Setter[str]()
    hyperparameters = Setter[Hyperparameters | JsonObject]()
    suffix = Setter[str]()
    validation_file = Setter[str]()
    integrations = Setter[Iterable[FineTuningIntegration | JsonObject]](convert=seq())
    seed = Setter[int]()
    method = Setter[FineTuneMethod | JsonObject]()
    metadata = Setter[dict[str, str]]()


@dataclass(frozen=True, slots=True, kw_only=True)
class FineTuningCheckpointPermission(_Base):
    """A project's permission to use a fine-tuned model checkpoint (``checkpoint.permission``)."""

    id: str
    created_at: int
    project_id: str
    object: str = "checkpoint.permission"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListFineTuningCheckpointPermissionResponse(_Base, CursorPage[FineTuningCheckpointPermission]):
    data: list[FineTuningCheckpointPermission]
    object: str = "list"
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateFineTuningCheckpointPermissionRequest(_Base):
    """Grants projects the use of a checkpoint."""

    project_ids: list[str]


class CreateFineTuningCheckpointPermissionRequestArgs(Builder[CreateFineTuningCheckpointPermissionRequest]):
    """Builder of ``CreateFineTuningCheckpointPermissionRequest``; ``project_ids`` takes any iterable."""

    project_ids = Setter[Iterable[str]](convert=seq())


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteFineTuningCheckpointPermissionResponse(_Base):
    id: str
    object: str = "checkpoint.permission"
    deleted: bool
