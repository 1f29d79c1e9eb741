"""Batches of files attached to a vector store at once."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from ._polling import deadline, poll_until
from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Calls, Plan, Resource, endpoint, page_endpoint, plan_endpoint
from .assistants import BETA
from .file import Files
from .types.common import InputSource
from .types.file import CreateFileRequest, FilePurpose
from .types.vector_store import (
    CreateVectorStoreFileBatchRequest,
    ListVectorStoreFilesResponse,
    VectorStoreChunkingStrategy,
    VectorStoreFileBatchObject,
    VectorStoreFileBatchStatus,
)

__all__ = ["VectorStoreFileBatches"]

C = TypeVar("C")

_BATCH = json_decoder(VectorStoreFileBatchObject)
_FILES = json_decoder(ListVectorStoreFilesResponse)


class VectorStoreFileBatches(Resource[C]):
    """The file batches of one vector store: ``client.vector_stores().file_batches(id)``.

    The ``query`` of ``list`` is a mapping or ``(name, value)`` pairs (``limit``, ``order``,
    ``after``, ``before``, ``filter``).
    """

    __slots__ = ()

    def _one(self, batch_id: str) -> str:
        return f"{self._prefix}/file_batches/{path_param(batch_id, 'batch_id')}"

    @endpoint
    def create(
        self, request: CreateVectorStoreFileBatchRequest
    ) -> ApiRequest[VectorStoreFileBatchObject]:
        """Attaches uploaded files to the vector store as one batch."""
        return ApiRequest("POST", f"{self._prefix}/file_batches", _BATCH, body=json_body(request),
                          headers=BETA)

    @endpoint
    def retrieve(self, batch_id: str) -> ApiRequest[VectorStoreFileBatchObject]:
        """Retrieves a file batch."""
        return ApiRequest("GET", self._one(batch_id), _BATCH, headers=BETA)

    @endpoint
    def cancel(self, batch_id: str) -> ApiRequest[VectorStoreFileBatchObject]:
        """Cancels a file batch: the files not processed yet are left out."""
        return ApiRequest("POST", f"{self._one(batch_id)}/cancel", _BATCH, headers=BETA)

    @page_endpoint
    def list(self, batch_id: str, query: Query | None = None) -> ApiRequest[ListVectorStoreFilesResponse]:
        """Returns a list of the files of a batch."""
        return ApiRequest("GET", f"{self._one(batch_id)}/files", _FILES, query=query_pairs(query),
                          headers=BETA)

    @plan_endpoint
    def upload_and_poll(
        self, files: Iterable[InputSource | Any], *, concurrency: int = 5,
        file_ids: Iterable[str] = (), chunking_strategy: VectorStoreChunkingStrategy | None = None,
        poll_interval: float = 1.0, timeout: float | None = None,
    ) -> Plan[VectorStoreFileBatchObject]:
        """Uploads ``files`` (``concurrency`` at once on ``AsyncClient``), attaches them with
        ``file_ids`` as one batch, and waits until the batch is processed."""
        until = deadline(poll_interval, timeout)
        uploads = tuple(
            Files.create.describe(self, CreateFileRequest(file=InputSource.coerce(f),
                                                          purpose=FilePurpose.ASSISTANTS))
            for f in files)
        uploaded = (yield Calls(uploads, concurrency=max(1, concurrency))) if uploads else []
        ids = [*file_ids, *(u.id for u in uploaded)]
        [batch] = yield Calls((VectorStoreFileBatches.create.describe(
            self, CreateVectorStoreFileBatchRequest(file_ids=ids, chunking_strategy=chunking_strategy)),))
        done: VectorStoreFileBatchObject = yield from poll_until(
            VectorStoreFileBatches.retrieve.describe(self, batch.id),
            lambda b: b.status is not VectorStoreFileBatchStatus.IN_PROGRESS, poll_interval, until,
            first=batch)
        return done
