"""A project's rate limits: ``client.projects().rate_limits(project_id)``."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.project_rate_limit import (
    ProjectRateLimit,
    ProjectRateLimitListResponse,
    ProjectRateLimitUpdateRequest,
)

__all__ = ["ProjectRateLimits"]

C = TypeVar("C")

_LIMIT = json_decoder(ProjectRateLimit)
_LIMITS = json_decoder(ProjectRateLimitListResponse)


class ProjectRateLimits(Resource[C]):
    """The per-model rate limits of a project. ``query``: ``limit``, ``after``, ``before``."""

    __slots__ = ()

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ProjectRateLimitListResponse]:
        """Lists the project's rate limits, one per model."""
        return ApiRequest("GET", self._prefix, _LIMITS, query=query_pairs(query))

    @endpoint
    def update(
        self, rate_limit_id: str, request: ProjectRateLimitUpdateRequest
    ) -> ApiRequest[ProjectRateLimit]:
        """Updates one rate limit of the project."""
        return ApiRequest("POST", f"{self._prefix}/{path_param(rate_limit_id, 'rate_limit_id')}", _LIMIT,
                          body=json_body(request))
