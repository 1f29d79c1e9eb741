"""Vector stores: processed files that the file search tool and ``search`` read."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Resource, endpoint, page_endpoint
from .assistants import BETA
from .types.vector_store import (
    CreateVectorStoreRequest,
    DeleteVectorStoreResponse,
    ListVectorStoresResponse,
    UpdateVectorStoreRequest,
    VectorStoreObject,
    VectorStoreSearchRequest,
    VectorStoreSearchResultsPage,
)
from .vector_store_file_batches import VectorStoreFileBatches
from .vector_store_files import VectorStoreFiles

__all__ = ["VectorStores"]

C = TypeVar("C")

_STORE = json_decoder(VectorStoreObject)
_STORES = json_decoder(ListVectorStoresResponse)
_DELETED = json_decoder(DeleteVectorStoreResponse)
_RESULTS = json_decoder(VectorStoreSearchResultsPage)


def _one(vector_store_id: str) -> str:
    return f"/vector_stores/{path_param(vector_store_id, 'vector_store_id')}"


class VectorStores(Resource[C]):
    """Create, search and manage vector stores; reach their files and file batches.

    The ``query`` of ``list`` is a mapping or ``(name, value)`` pairs (``limit``, ``order``,
    ``after``, ``before``).
    """

    __slots__ = ()

    def files(self, vector_store_id: str) -> VectorStoreFiles[C]:
        """The files of a vector store."""
        return self._sub(VectorStoreFiles, "/vector_stores/{vector_store_id}",
                         vector_store_id=vector_store_id)

    def file_batches(self, vector_store_id: str) -> VectorStoreFileBatches[C]:
        """The file batches of a vector store."""
        return self._sub(VectorStoreFileBatches, "/vector_stores/{vector_store_id}",
                         vector_store_id=vector_store_id)

    @endpoint
    def create(self, request: CreateVectorStoreRequest) -> ApiRequest[VectorStoreObject]:
        """Creates a vector store, optionally from files."""
        return ApiRequest("POST", "/vector_stores", _STORE, body=json_body(request), headers=BETA)

    @endpoint
    def retrieve(self, vector_store_id: str) -> ApiRequest[VectorStoreObject]:
        """Retrieves a vector store."""
        return ApiRequest("GET", _one(vector_store_id), _STORE, headers=BETA)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListVectorStoresResponse]:
        """Returns a list of vector stores."""
        return ApiRequest("GET", "/vector_stores", _STORES, query=query_pairs(query), headers=BETA)

    @endpoint
    def delete(self, vector_store_id: str) -> ApiRequest[DeleteVectorStoreResponse]:
        """Deletes a vector store."""
        return ApiRequest("DELETE", _one(vector_store_id), _DELETED, headers=BETA)

    @endpoint
    def update(
        self, vector_store_id: str, request: UpdateVectorStoreRequest
    ) -> ApiRequest[VectorStoreObject]:
        """Modifies a vector store."""
        return ApiRequest("POST", _one(vector_store_id), _STORE, body=json_body(request), headers=BETA)

    @endpoint
    def search(
        self, vector_store_id: str, request: VectorStoreSearchRequest
    ) -> ApiRequest[VectorStoreSearchResultsPage]:
        """Searches a vector store for chunks relevant to a query, with attribute filters."""
        return ApiRequest("POST", f"{_one(vector_store_id)}/search", _RESULTS, body=json_body(request),
                          headers=BETA)

