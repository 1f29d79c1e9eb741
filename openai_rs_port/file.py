"""Files: upload documents for Assistants, Batch, Fine-tuning and more."""

from __future__ import annotations

from typing import TypeVar

from ._request import ApiRequest, Multipart, Query, json_decoder, path_param, query_pairs
from ._resource import Resource, binary_endpoint, endpoint, page_endpoint
from .types.common import InputSource
from .types.file import CreateFileRequest, DeleteFileResponse, ListFilesResponse, OpenAIFile

__all__ = ["Files"]

C = TypeVar("C")

_FILE = json_decoder(OpenAIFile)
_LIST = json_decoder(ListFilesResponse)
_DELETE = json_decoder(DeleteFileResponse)

class Files(Resource[C]):
    """Upload documents that can be used with features like Assistants and Fine-tuning."""

    __slots__ = ()

    @binary_endpoint
    def create(self, request: CreateFileRequest) -> ApiRequest[OpenAIFile]:
        """Upload a file that can be used across various endpoints (up to 512 MB each)."""
        body = Multipart(
            fields=(("purpose", str(request.purpose)),),
            files=(InputSource.coerce(request.file).part("file"),),
        )
        return ApiRequest("POST", "/files", _FILE, multipart=body)

    @page_endpoint
    def list(self, query: Query | None = None) -> ApiRequest[ListFilesResponse]:
        """Returns a list of files.

        ``query`` filters it (``purpose``, ``limit``, ``order``, ``after``), as a mapping
        or as ``(name, value)`` pairs. Values are sent as strings in the given order;
        ``None`` values are left out.
        """
        return ApiRequest("GET", "/files", _LIST, query=query_pairs(query))

    @endpoint
    def retrieve(self, file_id: str) -> ApiRequest[OpenAIFile]:
        """Returns information about a specific file."""
        return ApiRequest("GET", f"/files/{path_param(file_id, 'file_id')}", _FILE)

    @endpoint
    def delete(self, file_id: str) -> ApiRequest[DeleteFileResponse]:
        """Delete a file."""
        return ApiRequest("DELETE", f"/files/{path_param(file_id, 'file_id')}", _DELETE)

    @binary_endpoint
    def content(self, file_id: str) -> ApiRequest[bytes]:
        """Returns the contents of the specified file, as bytes."""
        return ApiRequest("GET", f"/files/{path_param(file_id, 'file_id')}/content", bytes)
