"""Fine-tuning: jobs that tailor a model to your training data."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.fine_tuning import (
    CreateFineTuningCheckpointPermissionRequest,
    CreateFineTuningJobRequest,
    DeleteFineTuningCheckpointPermissionResponse,
    FineTuningJob,
    ListFineTuningCheckpointPermissionResponse,
    ListFineTuningJobCheckpointsResponse,
    ListFineTuningJobEventsResponse,
    ListPaginatedFineTuningJobsResponse,
)

__all__ = ["CheckpointPermissions", "FineTuning"]

C = TypeVar("C")

_JOB = json_decoder(FineTuningJob)
_JOBS = json_decoder(ListPaginatedFineTuningJobsResponse)
_EVENTS = json_decoder(ListFineTuningJobEventsResponse)
_CHECKPOINTS = json_decoder(ListFineTuningJobCheckpointsResponse)
_PERMISSIONS = json_decoder(ListFineTuningCheckpointPermissionResponse)
_PERMISSION_DELETED = json_decoder(DeleteFineTuningCheckpointPermissionResponse)


def _job(job_id: str) -> str:
    return f"/fine_tuning/jobs/{path_param(job_id, 'fine_tuning_job_id')}"


class FineTuning(Resource[C]):
    """Manage fine-tuning jobs to tailor a model to your specific training data.

    The ``query`` of the list methods is a mapping or ``(name, value)`` pairs
    (``after``, ``limit``); ``None`` values are left out.
    """

    __slots__ = ()

    def checkpoint_permissions(self, fine_tuned_model_checkpoint: str) -> CheckpointPermissions[C]:
        """The projects allowed to use checkpoint ``fine_tuned_model_checkpoint`` (admin key)."""
        return self._sub(CheckpointPermissions,
                         "/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions",
                         fine_tuned_model_checkpoint=fine_tuned_model_checkpoint)

    @endpoint
    def create(self, request: CreateFineTuningJobRequest) -> ApiRequest[FineTuningJob]:
        """Creates a job that fine-tunes a model from a dataset; the job starts queued."""
        return ApiRequest("POST", "/fine_tuning/jobs", _JOB, body=json_body(request))

    @page_endpoint
    def list_paginated(
        self, query: Query | None = None
    ) -> ApiRequest[ListPaginatedFineTuningJobsResponse]:
        """Lists your organization's fine-tuning jobs."""
        return ApiRequest("GET", "/fine_tuning/jobs", _JOBS, query=query_pairs(query))

    @endpoint
    def retrieve(self, fine_tuning_job_id: str) -> ApiRequest[FineTuningJob]:
        """Gets info about a fine-tuning job."""
        return ApiRequest("GET", _job(fine_tuning_job_id), _JOB)

    @endpoint
    def cancel(self, fine_tuning_job_id: str) -> ApiRequest[FineTuningJob]:
        """Immediately cancels a fine-tuning job."""
        return ApiRequest("POST", f"{_job(fine_tuning_job_id)}/cancel", _JOB)

    @page_endpoint
    def list_events(
        self, fine_tuning_job_id: str, query: Query | None = None
    ) -> ApiRequest[ListFineTuningJobEventsResponse]:
        """Gets status updates for a fine-tuning job."""
        return ApiRequest("GET", f"{_job(fine_tuning_job_id)}/events", _EVENTS, query=query_pairs(query))

    @page_endpoint
    def list_checkpoints(
        self, fine_tuning_job_id: str, query: Query | None = None
    ) -> ApiRequest[ListFineTuningJobCheckpointsResponse]:
        """Lists the checkpoints of a fine-tuning job."""
        return ApiRequest(
            "GET", f"{_job(fine_tuning_job_id)}/checkpoints", _CHECKPOINTS, query=query_pairs(query)
        )


class CheckpointPermissions(Resource[C]):
    """Which projects may use a fine-tuned checkpoint: ``fine_tuning().checkpoint_permissions(id)``.

    These calls need an admin key; as they are not under ``/organization/``, give the admin
    key as the API key of the client that makes them. ``query`` of ``list``:
    ``project_id``, ``after``, ``limit``, ``order``.
    """

    __slots__ = ()

    @endpoint
    def create(
        self, request: CreateFineTuningCheckpointPermissionRequest
    ) -> ApiRequest[ListFineTuningCheckpointPermissionResponse]:
        """Grants the projects of ``request`` the use of this checkpoint."""
        return ApiRequest("POST", self._prefix, _PERMISSIONS, body=json_body(request))

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListFineTuningCheckpointPermissionResponse]:
        """Lists the permissions of this checkpoint."""
        return ApiRequest("GET", self._prefix, _PERMISSIONS, query=query_pairs(query))

    @endpoint
    def delete(self, permission_id: str) -> ApiRequest[DeleteFineTuningCheckpointPermissionResponse]:
        """Revokes one permission of this checkpoint."""
        return ApiRequest("DELETE", f"{self._prefix}/{path_param(permission_id, 'permission_id')}",
                          _PERMISSION_DELETED)
