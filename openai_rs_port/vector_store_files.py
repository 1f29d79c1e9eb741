"""Files attached to a vector store."""

from __future__ import annotations

from typing import Any, TypeVar

from ._polling import deadline, poll_until
from ._request import ApiRequest, Query, json_body, json_decoder, path_param, query_pairs
from ._resource import Calls, Plan, Resource, endpoint, page_endpoint, plan_endpoint
from .assistants import BETA
from .file import Files
from .types.common import InputSource
from .types.file import CreateFileRequest, FilePurpose
from .types.vector_store import (
    CreateVectorStoreFileRequest,
    DeleteVectorStoreFileResponse,
    ListVectorStoreFilesResponse,
    VectorStoreChunkingStrategy,
    VectorStoreFileContentResponse,
    VectorStoreFileObject,
    VectorStoreFileStatus,
)

__all__ = ["VectorStoreFiles"]

C = TypeVar("C")

_FILE = json_decoder(VectorStoreFileObject)
_FILES = json_decoder(ListVectorStoreFilesResponse)
_DELETED = json_decoder(DeleteVectorStoreFileResponse)
_CONTENT = json_decoder(VectorStoreFileContentResponse)


class VectorStoreFiles(Resource[C]):
    """The files of one vector store: ``client.vector_stores().files(vector_store_id)``.

    The ``query`` of ``list`` is a mapping or ``(name, value)`` pairs (``limit``, ``order``,
    ``after``, ``before``, ``filter``).
    """

    __slots__ = ()

    def _one(self, file_id: str) -> str:
        return f"{self._prefix}/files/{path_param(file_id, 'file_id')}"

    @endpoint
    def create(self, request: CreateVectorStoreFileRequest) -> ApiRequest[VectorStoreFileObject]:
        """Attaches an uploaded file to the vector store."""
        return ApiRequest("POST", f"{self._prefix}/files", _FILE, body=json_body(request), headers=BETA)

    @endpoint
    def retrieve(self, file_id: str) -> ApiRequest[VectorStoreFileObject]:
        """Retrieves a vector store file."""
        return ApiRequest("GET", self._one(file_id), _FILE, headers=BETA)

    @endpoint
    def delete(self, file_id: str) -> ApiRequest[DeleteVectorStoreFileResponse]:
        """Detaches a file from the vector store (the file itself stays; delete it with Files)."""
        return ApiRequest("DELETE", self._one(file_id), _DELETED, headers=BETA)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListVectorStoreFilesResponse]:
        """Returns a list of the vector store's files."""
        return ApiRequest("GET", f"{self._prefix}/files", _FILES, query=query_pairs(query), headers=BETA)

    @endpoint
    def retrieve_file_content(self, file_id: str) -> ApiRequest[VectorStoreFileContentResponse]:
        """Retrieves the parsed contents of a vector store file."""
        return ApiRequest("GET", f"{self._one(file_id)}/content", _CONTENT, headers=BETA)

    @plan_endpoint
    def upload_and_poll(
        self, file: InputSource | Any, *,
        chunking_strategy: VectorStoreChunkingStrategy | None = None,
        poll_interval: float = 1.0, timeout: float | None = None,
    ) -> Plan[VectorStoreFileObject]:
        """Uploads ``file`` (purpose ``assistants``), attaches it and waits until it is processed."""
        until = deadline(poll_interval, timeout)
        upload = Files.create.describe(
            self, CreateFileRequest(file=InputSource.coerce(file), purpose=FilePurpose.ASSISTANTS))
        [uploaded] = yield Calls((upload,))
        [attached] = yield Calls((VectorStoreFiles.create.describe(
            self, CreateVectorStoreFileRequest(file_id=uploaded.id, chunking_strategy=chunking_strategy)),))
        done: VectorStoreFileObject = yield from poll_until(
            VectorStoreFiles.retrieve.describe(self, attached.id),
            lambda f: f.status is not VectorStoreFileStatus.IN_PROGRESS, poll_interval, until,
            first=attached)
        return done
