"""Types of the Files group (``/files``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from typing import IO

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .._pagination import CursorPage
from .common import InputSource

__all__ = [
    "CreateFileRequest",
    "CreateFileRequestArgs",
    "DeleteFileResponse",
    "FileInput",
    "FilePurpose",
    "ListFilesResponse",
    "OpenAIFile",
    "OpenAIFilePurpose",
]

FileInput = InputSource
"""The file to upload: a path, or bytes with a filename (Rust's ``FileInput { source }``)."""


class FilePurpose(StrEnum):
    """The intended purpose of an uploaded file."""

    ASSISTANTS = "assistants"
    BATCH = "batch"
    FINE_TUNE = "fine-tune"
    VISION = "vision"
    USER_DATA = "user_data"
    EVALS = "evals"


class OpenAIFilePurpose(StrEnum):
    """The purpose of a stored file, including the output purposes the API assigns."""

    ASSISTANTS = "assistants"
    ASSISTANTS_OUTPUT = "assistants_output"
    BATCH = "batch"
    BATCH_OUTPUT = "batch_output"
    FINE_TUNE = "fine-tune"
    FINE_TUNE_RESULTS = "fine-tune-results"
    VISION = "vision"
    USER_DATA = "user_data"
    EVALS = "evals"


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateFileRequest(_Base):
    """An upload: sent as multipart/form-data, never as JSON."""

    file: InputSource
    purpose: FilePurpose


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenAIFile(_Base):
    """The ``File`` object: a document that has been uploaded to OpenAI."""

    id: str
    object: str = "file"
    bytes: int
    created_at: int
    expires_at: int | None = None
    filename: str
    purpose: OpenAIFilePurpose
    status: str
    """Deprecated: ``uploaded``, ``processed`` or ``error``."""
    status_details: str | None = None
    """Deprecated: see the ``error`` field of a fine-tuning job instead."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ListFilesResponse(_Base, CursorPage[OpenAIFile]):
    object: str = "list"
    data: list[OpenAIFile]
    first_id: str | None = None
    """None on an empty list (servers send null or leave it out)."""
    last_id: str | None = None
    has_more: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteFileResponse(_Base):
    id: str
    object: str = "file"
    deleted: bool


class CreateFileRequestArgs(Builder[CreateFileRequest]):
    """Builder of ``CreateFileRequest``; ``file`` takes a path, ``(filename, bytes)``,
    a binary file object, or an ``InputSource``."""

    file = Setter[InputSource | str | os.PathLike[str] | tuple[str, bytes] | IO[bytes]](
        convert=InputSource.coerce
    )
    purpose = Setter[FilePurpose | str]()
