"""Costs: what the organization spent, per day."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_decoder, query_pairs
from ._resource import Resource, page_endpoint
from .types.usage import UsageResponse

__all__ = ["Costs"]

C = TypeVar("C")

_COSTS = json_decoder(UsageResponse)


class Costs(Resource[C]):
    """Costs of the organization (admin key), in daily buckets from ``start_time``.

    The ``query``: ``start_time`` (required), ``end_time``, ``bucket_width`` (``1d``),
    ``limit``, ``page``, and repeated pairs for ``project_ids`` and ``group_by``
    (``project_id``, ``line_item``). Iterating the answer reads every later page.
    """

    __slots__ = ()

    @page_endpoint
    def list(self, query: Query) -> ApiRequest[UsageResponse]:
        """Lists the organization's costs; each result is a ``CostsResult``."""
        return ApiRequest("GET", "/organization/costs", _COSTS, query=query_pairs(query))
