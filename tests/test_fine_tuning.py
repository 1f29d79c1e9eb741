"""Fine-tuning group against Prism, in both modes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import Harness
from spec import assert_valid

from openai_rs_port.error import InvalidArgument
from openai_rs_port.fine_tuning import FineTuning
from openai_rs_port.types import (
    CreateFineTuningJobRequest,
    CreateFineTuningJobRequestArgs,
    DPOHyperparameters,
    FineTuneDPOMethod,
    FineTuneJobError,
    FineTuneMethodDPO,
    FineTuneMethodSupervised,
    FineTuneSupervisedMethod,
    FineTuningIntegration,
    FineTuningJob,
    FineTuningJobCheckpoint,
    FineTuningJobCheckpointMetrics,
    FineTuningJobEvent,
    FineTuningJobEventType,
    FineTuningJobIntegrationType,
    FineTuningJobStatus,
    Hyperparameters,
    Level,
    ListFineTuningJobCheckpointsResponse,
    ListFineTuningJobEventsResponse,
    ListPaginatedFineTuningJobsResponse,
    WandB,
)

AUTO = Hyperparameters(batch_size="auto", learning_rate_multiplier="auto", n_epochs="auto")


def check_job(j: Any) -> None:
    """Field by field against the spec's FineTuningJob as Prism fills it in."""
    assert type(j) is FineTuningJob
    assert j.id == "string"
    assert j.created_at == 0
    assert j.error == FineTuneJobError(code="string", message="string", param="string")
    assert j.fine_tuned_model == "string"
    assert j.finished_at == 0
    assert j.hyperparameters == AUTO
    assert j.model == "string"
    assert j.object == "fine_tuning.job"
    assert j.organization_id == "string"
    assert j.result_files == ["file-abc123"]
    assert j.status is FineTuningJobStatus.VALIDATING_FILES
    assert j.trained_tokens == 0
    assert j.training_file == "string"
    assert j.validation_file == "string"
    assert j.integrations == [
        FineTuningIntegration(
            wandb=WandB(project="my-wandb-project", name="string", entity="string", tags=["custom-tag"])
        )
    ]
    assert j.integrations[0].type is FineTuningJobIntegrationType.WANDB
    assert j.seed == 0
    assert j.estimated_finish == 0
    # Prism sends both payloads; the tag picks the variant.
    assert type(j.method) is FineTuneMethodSupervised
    assert j.method.type == "supervised"
    assert j.method.supervised == FineTuneSupervisedMethod(hyperparameters=AUTO)
    assert j.metadata == {"property1": "string", "property2": "string"}


FULL = (
    CreateFineTuningJobRequestArgs.default()
    .model("gpt-4o-mini")
    .training_file("file-abc123")
    .hyperparameters(Hyperparameters(batch_size=8, learning_rate_multiplier=0.5, n_epochs="auto"))
    .suffix("custom-model-name")
    .validation_file("file-def456")
    .integrations(
        iter([FineTuningIntegration(wandb=WandB(project="p", name="run", entity="team", tags=["a"]))])
    )
    .seed(42)
    .method(FineTuneMethodDPO(dpo=FineTuneDPOMethod(hyperparameters=DPOHyperparameters(
        beta=0.1, batch_size="auto", learning_rate_multiplier=2, n_epochs=3))))
    .metadata({"team": "research"})
    .build()
)


# ---------------------------------------------------------------- builder and types


def test_builder_names_every_missing_field() -> None:
    with pytest.raises(InvalidArgument) as e:
        CreateFineTuningJobRequestArgs.default().build()
    assert e.value.missing == ("model", "training_file")
    with pytest.raises(InvalidArgument) as e:
        CreateFineTuningJobRequestArgs().model("gpt-4o-mini").seed(1).build()
    assert e.value.missing == ("training_file",)
    assert "training_file" in str(e.value)


def test_full_request_on_the_wire() -> None:
    assert FULL.integrations is not None and isinstance(FULL.integrations, list)
    assert FULL.to_dict() == {
        "model": "gpt-4o-mini",
        "training_file": "file-abc123",
        "hyperparameters": {"batch_size": 8, "learning_rate_multiplier": 0.5, "n_epochs": "auto"},
        "suffix": "custom-model-name",
        "validation_file": "file-def456",
        "integrations": [
            {"type": "wandb", "wandb": {"project": "p", "name": "run", "entity": "team", "tags": ["a"]}}
        ],
        "seed": 42,
        "method": {"dpo": {"hyperparameters": {"beta": 0.1, "batch_size": "auto",
                                               "learning_rate_multiplier": 2, "n_epochs": 3}},
                   "type": "dpo"},
        "metadata": {"team": "research"},
    }
    assert_valid("CreateFineTuningJobRequest", FULL)
    assert CreateFineTuningJobRequest.from_dict(FULL.to_dict()) == FULL


def test_supervised_method_on_the_wire() -> None:
    method = FineTuneMethodSupervised(supervised=FineTuneSupervisedMethod(
        hyperparameters=Hyperparameters(n_epochs=2)))
    req = CreateFineTuningJobRequest(model="m", training_file="f", method=method)
    assert req.to_dict()["method"] == {"supervised": {"hyperparameters": {"n_epochs": 2}},
                                       "type": "supervised"}
    assert_valid("CreateFineTuningJobRequest", req)
    assert CreateFineTuningJobRequest.from_dict(req.to_dict()) == req


@pytest.mark.parametrize("bad", [0, 51, "sometimes"])
def test_spec_catches_out_of_range_epochs(bad: Any) -> None:
    # The unions are typed ("auto" | int); the spec check shows what the server would refuse.
    from spec import schema_errors

    req = CreateFineTuningJobRequest(model="m", training_file="f",
                                     hyperparameters=Hyperparameters(n_epochs=bad))
    assert schema_errors("CreateFineTuningJobRequest", req.to_dict())


def test_auto_or_number_unions_decode_by_json_kind() -> None:
    h = Hyperparameters.from_dict({"batch_size": 4, "learning_rate_multiplier": 1, "n_epochs": "auto"})
    assert h == Hyperparameters(batch_size=4, learning_rate_multiplier=1, n_epochs="auto")
    d = DPOHyperparameters.from_dict({"beta": 0.25})
    assert d.beta == 0.25 and d.batch_size is None


# ---------------------------------------------------------------- endpoints through Prism


def test_create_minimal(prism: Harness) -> None:
    req = CreateFineTuningJobRequestArgs().model("gpt-4o-mini").training_file("file-abc123").build()
    assert req.to_dict() == {"model": "gpt-4o-mini", "training_file": "file-abc123"}
    assert_valid("CreateFineTuningJobRequest", req)
    check_job(prism.call(prism.client.fine_tuning().create(req)))


def test_create_full(prism: Harness) -> None:
    api = FineTuning.create.fn(prism.client.fine_tuning(), FULL)
    assert (api.method, api.path) == ("POST", "/fine_tuning/jobs")
    assert json.loads(api.body) == FULL.to_dict()
    check_job(prism.call(prism.client.fine_tuning().create(FULL)))


def test_list_paginated(prism: Harness) -> None:
    for query in (None, {"after": "ftjob-abc", "limit": 3}):
        page = prism.call(prism.client.fine_tuning().list_paginated(query))
        assert type(page) is ListPaginatedFineTuningJobsResponse
        assert page.object == "list"
        assert page.has_more is True
        assert len(page.data) == 1
        check_job(page.data[0])
    api = FineTuning.list_paginated.fn(prism.client.fine_tuning(), {"after": "ft-1", "limit": 3})
    assert (api.path, api.query) == ("/fine_tuning/jobs", (("after", "ft-1"), ("limit", "3")))


def test_retrieve_and_cancel(prism: Harness) -> None:
    check_job(prism.call(prism.client.fine_tuning().retrieve("ft-AF1WoRqd3aJAHsqc9NY7iL8F")))
    check_job(prism.call(prism.client.fine_tuning().cancel("ft-AF1WoRqd3aJAHsqc9NY7iL8F")))
    api = FineTuning.cancel.fn(prism.client.fine_tuning(), "ft/1")
    assert (api.method, api.path, api.body) == ("POST", "/fine_tuning/jobs/ft%2F1/cancel", None)


def test_list_events(prism: Harness) -> None:
    for query in (None, {"after": "ftevent-1", "limit": 2}):
        page = prism.call(prism.client.fine_tuning().list_events("ft-AF1", query))
        assert type(page) is ListFineTuningJobEventsResponse
        assert page.object == "list"
        assert page.has_more is True
        [event] = page.data
        assert type(event) is FineTuningJobEvent
        assert event.object == "fine_tuning.job.event"
        assert event.id == "string"
        assert event.created_at == 0
        assert event.level is Level.INFO
        assert event.message == "string"
        assert event.type is FineTuningJobEventType.MESSAGE
        assert event.data == {}
    api = FineTuning.list_events.fn(prism.client.fine_tuning(), "ft-AF1", [("limit", 2)])
    assert (api.path, api.query) == ("/fine_tuning/jobs/ft-AF1/events", (("limit", "2"),))


def test_list_checkpoints(prism: Harness) -> None:
    for query in (None, {"after": "ftckpt-1", "limit": 10}):
        page = prism.call(prism.client.fine_tuning().list_checkpoints("ft-AF1", query))
        assert type(page) is ListFineTuningJobCheckpointsResponse
        assert page.object == "list"
        assert page.first_id == "string" and page.last_id == "string"
        assert page.has_more is True
        [ckpt] = page.data
        assert type(ckpt) is FineTuningJobCheckpoint
        assert ckpt.id == "string"
        assert ckpt.created_at == 0
        assert ckpt.fine_tuned_model_checkpoint == "string"
        assert ckpt.step_number == 0
        assert ckpt.metrics == FineTuningJobCheckpointMetrics(
            step=0, train_loss=0, train_mean_token_accuracy=0, valid_loss=0,
            valid_mean_token_accuracy=0, full_valid_loss=0, full_valid_mean_token_accuracy=0,
        )
        assert ckpt.fine_tuning_job_id == "string"
        assert ckpt.object == "fine_tuning.job.checkpoint"
    api = FineTuning.list_checkpoints.fn(prism.client.fine_tuning(), "ft-AF1", {"after": "c"})
    assert (api.path, api.query) == ("/fine_tuning/jobs/ft-AF1/checkpoints", (("after", "c"),))


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_ids_are_checked(prism: Harness, bad: str) -> None:
    ft = prism.client.fine_tuning()
    for call in (lambda: ft.retrieve(bad), lambda: ft.cancel(bad), lambda: ft.list_events(bad),
                 lambda: ft.list_checkpoints(bad)):
        with pytest.raises(InvalidArgument):
            prism.call(call())
