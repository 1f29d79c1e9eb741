"""Types shared by several API groups: usage, prompts, stop sequences, file inputs."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any

from .._codec import ApiModel as _Base

__all__ = [
    "CompletionTokensDetails",
    "CompletionUsage",
    "InputSource",
    "OrganizationRole",
    "Prompt",
    "PromptTokensDetails",
    "Stop",
]

Prompt = str | list[str] | list[int] | list[list[int]]
"""A completion prompt: a string, strings, a token list, or token lists (untagged)."""

Stop = str | list[str]
"""Up to 4 sequences where the API stops generating (untagged: a string or strings)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PromptTokensDetails(_Base):
    """Breakdown of tokens used in the prompt."""

    audio_tokens: int | None = None
    cached_tokens: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CompletionTokensDetails(_Base):
    """Breakdown of tokens used in a completion."""

    accepted_prediction_tokens: int | None = None
    audio_tokens: int | None = None
    reasoning_tokens: int | None = None
    rejected_prediction_tokens: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CompletionUsage(_Base):
    """Usage statistics for the completion request."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    prompt_tokens_details: PromptTokensDetails | None = None
    completion_tokens_details: CompletionTokensDetails | None = None


class OrganizationRole(StrEnum):
    OWNER = "owner"
    READER = "reader"


@dataclass(frozen=True, slots=True)
class InputSource:
    """Where file content comes from: a path, bytes (sent as ``upload`` without a filename), or a
    binary file object (Rust's ``InputSource``). File fields of requests accept all of these
    forms directly (see ``coerce``)."""

    path: str | None = None
    filename: str | None = None
    data: bytes | IO[bytes] | None = None

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> InputSource:
        return cls(path=os.fspath(path))

    @classmethod
    def from_bytes(cls, filename: str, data: bytes) -> InputSource:
        return cls(filename=filename, data=bytes(data))

    @classmethod
    def from_vec_u8(cls, filename: str, data: bytes | bytearray | list[int]) -> InputSource:
        return cls(filename=filename, data=bytes(data))

    @classmethod
    def from_file(cls, fileobj: IO[bytes], filename: str | None = None) -> InputSource:
        return cls(filename=filename, data=fileobj)

    @classmethod
    def coerce(cls, value: Any) -> InputSource:
        """Accept an ``InputSource``, a path, bytes, ``(filename, bytes)``, ``(filename, file)``,
        or a binary file object."""
        if isinstance(value, InputSource):
            return value
        if isinstance(value, (str, os.PathLike)):
            return cls.from_path(value)
        if isinstance(value, (bytes, bytearray, memoryview)):
            return cls(data=bytes(value))
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
            if isinstance(value[1], (bytes, bytearray, memoryview)):
                return cls.from_bytes(value[0], bytes(value[1]))
            if hasattr(value[1], "read"):
                return cls.from_file(value[1], value[0])
        if hasattr(value, "read"):
            return cls.from_file(value)
        from ..error import FileReadError

        raise FileReadError(f"unsupported file input: {type(value).__name__} (expected a path, bytes, "
                            "(filename, bytes) or a binary file object)")

    def part(self, field: str, content_type: str = "application/octet-stream") -> Any:
        """The multipart file part for this input (raises FileReadError on an empty path)."""
        from .._request import FilePart

        source: Any = self.path if self.path is not None else self.data
        if source is None:
            from ..error import FileReadError

            raise FileReadError(f"{field}: no file content given")
        filename = self.filename
        if filename is None and isinstance(source, bytes):
            # Bare bytes carry no name; the API wants one, as the official SDK sends.
            filename = "upload"
            logging.getLogger("openai_rs_port").debug("%s: bytes without a file name sent as %r",
                                                      field, filename)
        return FilePart.of(field, source, filename, content_type)
