"""Batches: large sets of API requests processed asynchronously within 24 hours."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .types.batch import Batch, BatchRequest, ListBatchesResponse

__all__ = ["Batches"]

C = TypeVar("C")

_BATCH = json_decoder(Batch)
_LIST = json_decoder(ListBatchesResponse)


class Batches(Resource[C]):
    """Create large batches of API requests for asynchronous processing, at a discount.

    The requests are a JSONL file (``BatchRequestInput.to_jsonl``) uploaded with purpose
    ``batch``; the results come back as files (``BatchRequestOutput.from_jsonl``).
    """

    __slots__ = ()

    @endpoint
    def create(self, request: BatchRequest) -> ApiRequest[Batch]:
        """Creates and executes a batch from an uploaded file of requests."""
        return ApiRequest("POST", "/batches", _BATCH, body=json_body(request))

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListBatchesResponse]:
        """Lists your organization's batches; ``query`` takes ``after`` and ``limit``.

        ``query`` is a mapping or ``(name, value)`` pairs; ``None`` values are left out.
        """
        return ApiRequest("GET", "/batches", _LIST, query=query_pairs(query))

    @endpoint
    def retrieve(self, batch_id: str) -> ApiRequest[Batch]:
        """Retrieves a batch."""
        return ApiRequest("GET", f"/batches/{path_param(batch_id, 'batch_id')}", _BATCH)

    @endpoint
    def cancel(self, batch_id: str) -> ApiRequest[Batch]:
        """Cancels an in-progress batch: ``cancelling`` for up to 10 minutes, then ``cancelled``
        with partial results (if any) in the output file."""
        return ApiRequest("POST", f"/batches/{path_param(batch_id, 'batch_id')}/cancel", _BATCH)
