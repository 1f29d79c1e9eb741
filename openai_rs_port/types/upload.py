"""Types of the Uploads group (``/uploads``): large files sent in parts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .common import InputSource
from .file import OpenAIFile

__all__ = [
    "AddUploadPartRequest",
    "CompleteUploadRequest",
    "CreateUploadRequest",
    "CreateUploadRequestArgs",
    "FileSlice",
    "Upload",
    "UploadPart",
    "UploadPurpose",
    "UploadStatus",
]


class UploadPurpose(StrEnum):
    """The intended purpose of the uploaded file."""

    ASSISTANTS = "assistants"
    VISION = "vision"
    BATCH = "batch"
    FINE_TUNE = "fine-tune"


class UploadStatus(StrEnum):
    """The status of an Upload."""

    PENDING = "pending"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateUploadRequest(_Base):
    """Request to create an Upload object that can accept byte chunks in the form of Parts."""

    filename: str
    purpose: UploadPurpose
    bytes: int
    """The number of bytes in the file you are uploading."""
    mime_type: str
    """Must fall within the supported MIME types for the purpose (``text/jsonl`` for batch, fine-tune)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Upload(_Base):
    """The Upload object can accept byte chunks in the form of Parts."""

    id: str
    created_at: int
    filename: str
    bytes: int
    purpose: UploadPurpose
    status: UploadStatus
    expires_at: int
    object: str = "upload"
    file: OpenAIFile | None = None
    """The ready File object once the Upload is completed."""


@dataclass(frozen=True, slots=True, kw_only=True)
class UploadPart(_Base):
    """A chunk of bytes added to an Upload."""

    id: str
    created_at: int
    upload_id: str
    object: str = "upload.part"


@dataclass(frozen=True, slots=True)
class FileSlice:
    """``length`` bytes of the file at ``path`` from ``offset``: one part of a large file.

    Read from disk in blocks on every attempt, so a part is never held in memory.
    """

    path: str
    offset: int
    length: int
    filename: str | None = None

    def part(self, field: str, content_type: str = "application/octet-stream") -> Any:
        """The multipart file part for this slice."""
        from .._request import FilePart

        return FilePart.of(field, self.path, self.filename, content_type, offset=self.offset,
                           length=self.length)


@dataclass(frozen=True, slots=True, kw_only=True)
class AddUploadPartRequest(_Base):
    """Request parameters for adding a part (at most 64 MB) to an Upload: sent as multipart.

    ``data`` is an ``InputSource`` or a ``FileSlice``; the constructor also takes bytes, a
    path, ``(filename, bytes)`` or a binary file object, as ``InputSource.coerce`` does.
    """

    data: InputSource | FileSlice


@dataclass(frozen=True, slots=True, kw_only=True)
class CompleteUploadRequest(_Base):
    """Request parameters for completing an Upload."""

    part_ids: list[str]
    """The ordered list of Part IDs."""
    md5: str | None = None
    """MD5 checksum (hex) of the whole file, checked against the bytes uploaded."""


class CreateUploadRequestArgs(Builder[CreateUploadRequest]):
    """Builder of ``CreateUploadRequest``."""

    filename = Setter[str]()
    purpose = Setter[UploadPurpose | str]()
    bytes = Setter[int]()
    mime_type = Setter[str]()
