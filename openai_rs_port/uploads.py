"""Uploads: send a large file in parts, then complete it into a File.

``upload_file`` is written once, as a plan (``_resource.Plan``): a generator that
yields the calls of each step (create, then every part, then complete) and receives
their results. ``AsyncClient`` sends the parts of a step concurrently, ``Client``
one after another.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Callable
from typing import Any, TypeVar

from ._codec import coerce
from ._request import ApiRequest, Multipart, json_body, json_decoder, path_param
from ._resource import Calls, Plan, Resource, binary_endpoint, endpoint, plan_endpoint
from .error import FileReadError, InvalidArgument, JSONDeserialize, OpenAIError
from .types.file import OpenAIFile
from .types.upload import (
    AddUploadPartRequest,
    CompleteUploadRequest,
    CreateUploadRequest,
    FileSlice,
    Upload,
    UploadPart,
    UploadPurpose,
)

__all__ = ["MAX_PART_SIZE", "Uploads"]

C = TypeVar("C")

MAX_PART_SIZE = 64 * 1024 * 1024
"""The largest part the API accepts (64 MB)."""

_UPLOAD = json_decoder(Upload)
_PART = json_decoder(UploadPart)


def _mime_type(filename: str) -> str:
    if filename.endswith(".jsonl"):
        return "text/jsonl"
    guessed, _ = mimetypes.guess_type(filename, strict=False)
    return guessed or "application/octet-stream"


def _reporting(api: ApiRequest[Any], on_part: Callable[[int], object] | None, size: int) -> ApiRequest[Any]:
    # The answer is decoded once, when that part is in: the one moment both clients share,
    # whether the parts go one after another or concurrently.
    if on_part is None:
        return api
    decode = api.decode

    def decode_and_report(body: bytes) -> Any:
        part = decode(body)
        on_part(size)
        return part

    return api._replace(decode=decode_and_report)


class Uploads(Resource[C]):
    """Upload large files in multiple parts (up to 8 GB in total, 64 MB per part)."""

    __slots__ = ()

    @endpoint
    def create(self, request: CreateUploadRequest) -> ApiRequest[Upload]:
        """Creates an Upload that you can add Parts to; it expires an hour after creation.

        Completing it yields a File made of all the parts. ``mime_type`` must suit the
        purpose (``text/jsonl`` for batch and fine-tune).
        """
        return ApiRequest("POST", "/uploads", _UPLOAD, body=json_body(request))

    @binary_endpoint
    def add_part(self, upload_id: str, request: AddUploadPartRequest) -> ApiRequest[UploadPart]:
        """Adds a Part (at most 64 MB) to an Upload. Parts can be added in parallel."""
        body = Multipart(files=(request.data.part("data"),))
        return ApiRequest(
            "POST", f"/uploads/{path_param(upload_id, 'upload_id')}/parts", _PART, multipart=body
        )

    @endpoint
    def complete(self, upload_id: str, request: CompleteUploadRequest) -> ApiRequest[Upload]:
        """Completes the Upload; the returned Upload carries the ready File.

        ``part_ids`` give the order of the parts; their bytes must add up to the size
        given at creation. No parts may be added afterwards.
        """
        return ApiRequest(
            "POST", f"/uploads/{path_param(upload_id, 'upload_id')}/complete", _UPLOAD,
            body=json_body(request),
        )

    @endpoint
    def cancel(self, upload_id: str) -> ApiRequest[Upload]:
        """Cancels the Upload. No parts may be added afterwards."""
        # No body at all: the operation defines none (and Prism answers 415 to one).
        return ApiRequest("POST", f"/uploads/{path_param(upload_id, 'upload_id')}/cancel", _UPLOAD)

    @plan_endpoint
    def upload_file(
        self,
        path: str | os.PathLike[str],
        purpose: UploadPurpose | str,
        mime_type: str | None = None,
        *,
        filename: str | None = None,
        part_size: int = MAX_PART_SIZE,
        concurrency: int = 4,
        md5: str | None = None,
        on_part: Callable[[int], object] | None = None,
    ) -> Plan[OpenAIFile]:
        """Upload a local file of any size in parts and return the resulting File.

        The file is split into parts of ``part_size`` bytes (at most 64 MB), each read
        from disk in blocks as it is sent, so memory stays bounded whatever the size.
        The async client sends up to ``concurrency`` parts at once. A part that fails
        is retried by the client's ``Backoff`` like any call; if it still fails, the
        Upload is cancelled and the error raised. ``mime_type`` is guessed from the
        file name when not given (``text/jsonl`` for ``.jsonl``); ``md5`` (hex) lets
        the server check the bytes it received. ``on_part(n)`` is called as each part is
        added, with its size in bytes (for a progress bar).
        """
        path = os.fspath(path)
        if not path:
            raise FileReadError("upload_file: the file path is empty")
        if not 0 < part_size <= MAX_PART_SIZE:
            raise InvalidArgument(f"part_size must be between 1 and {MAX_PART_SIZE} bytes")
        if concurrency < 1:
            raise InvalidArgument("concurrency must be at least 1")
        try:
            size = os.stat(path).st_size
        except OSError as e:
            raise FileReadError(f"cannot read {path!r}: {e.strerror or e}") from None
        name = filename or os.path.basename(path)
        create = CreateUploadRequest(
            filename=name, purpose=coerce(UploadPurpose, purpose, "purpose"), bytes=size,
            mime_type=mime_type or _mime_type(name),
        )
        [upload] = yield Calls((Uploads.create.describe(self, create),))
        parts = tuple(
            _reporting(Uploads.add_part.describe(self, upload.id, AddUploadPartRequest(
                data=FileSlice(path, offset, min(part_size, size - offset), name))),
                on_part, min(part_size, size - offset))
            for offset in range(0, size, part_size)
        )
        try:
            added = yield Calls(parts, concurrency)
            complete = CompleteUploadRequest(part_ids=[p.id for p in added], md5=md5)
            [done] = yield Calls((Uploads.complete.describe(self, upload.id, complete),))
        except OpenAIError:
            # Leave no pending Upload behind; the original error is what matters.
            try:
                yield Calls((Uploads.cancel.describe(self, upload.id),))
            except OpenAIError:
                pass
            raise
        if done.file is None:
            raise JSONDeserialize(f"Upload {done.id}: completed without a 'file'", done.to_json())
        file: OpenAIFile = done.file
        return file
