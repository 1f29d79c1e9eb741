"""Types of the Embeddings group (``/embeddings``)."""

from __future__ import annotations

import binascii
import sys
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from ..error import InvalidArgument

__all__ = [
    "Base64Embedding",
    "Base64EmbeddingVector",
    "CreateBase64EmbeddingResponse",
    "CreateEmbeddingRequest",
    "CreateEmbeddingRequestArgs",
    "CreateEmbeddingResponse",
    "Embedding",
    "EmbeddingInput",
    "EmbeddingUsage",
    "EncodingFormat",
]

EmbeddingInput = str | list[str] | list[int] | list[list[int]]
"""Text or token ids to embed: a string, strings, a token list, or token lists (untagged)."""


class EncodingFormat(StrEnum):
    FLOAT = "float"
    BASE64 = "base64"


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEmbeddingRequest(_Base):
    """Request body of ``POST /embeddings``."""

    model: str
    input: EmbeddingInput
    encoding_format: EncodingFormat | None = None
    user: str | None = None
    dimensions: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Embedding(_Base):
    """An embedding vector returned by the embedding endpoint."""

    index: int
    object: str = "embedding"
    embedding: list[float]


class Base64EmbeddingVector(str):
    """A base64 string of little-endian float32 values, as sent with ``encoding_format=base64``.

    ``to_floats()`` mirrors Rust's ``Vec<f32>: From<Base64EmbeddingVector>``.
    """

    __slots__ = ()

    def to_bytes(self) -> bytes:
        """The raw little-endian float32 bytes."""
        return binascii.a2b_base64(self, strict_mode=True)

    def to_floats(self) -> list[float]:
        """The vector as Python floats (each exactly the float32 that was sent)."""
        raw = self.to_bytes()
        if len(raw) % 4:
            raise ValueError(f"a base64 embedding holds whole float32 values, got {len(raw)} bytes")
        values = array("f", raw)
        if sys.byteorder == "big":
            values.byteswap()
        return values.tolist()

    def to_numpy(self) -> Any:
        """The vector as a writable ``numpy.ndarray`` of float32 (needs the optional numpy)."""
        try:
            import numpy as np
        except ImportError:
            raise ImportError(
                "Base64EmbeddingVector.to_numpy() needs numpy: pip install numpy "
                "(or use to_floats(), which needs nothing)"
            ) from None
        return np.frombuffer(bytearray(self.to_bytes()), dtype="<f4")


@dataclass(frozen=True, slots=True, kw_only=True)
class Base64Embedding(_Base):
    """A base64-encoded embedding vector returned by the embedding endpoint."""

    index: int
    object: str = "embedding"
    embedding: Base64EmbeddingVector

    def __post_init__(self) -> None:
        # The codec hands over a plain str; wrap it so the vector knows how to decode itself.
        value: object = self.embedding
        if type(value) is not Base64EmbeddingVector:
            if not isinstance(value, str):
                raise TypeError(
                    f"a base64 embedding must be a base64 string, not {type(value).__name__}"
                )
            object.__setattr__(self, "embedding", Base64EmbeddingVector(value))

    def to_floats(self) -> list[float]:
        """The decoded vector as Python floats."""
        return self.embedding.to_floats()

    def to_numpy(self) -> Any:
        """The decoded vector as a float32 ``numpy.ndarray`` (needs the optional numpy)."""
        return self.embedding.to_numpy()


@dataclass(frozen=True, slots=True, kw_only=True)
class EmbeddingUsage(_Base):
    """Token usage of an embedding request."""

    prompt_tokens: int
    total_tokens: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEmbeddingResponse(_Base):
    """Embeddings as lists of floats."""

    object: str = "list"
    model: str
    data: list[Embedding]
    usage: EmbeddingUsage


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateBase64EmbeddingResponse(_Base):
    """Embeddings as base64 strings (``encoding_format=base64``)."""

    object: str = "list"
    model: str
    data: list[Base64Embedding]
    usage: EmbeddingUsage


def _text_or_tokens(field: str) -> Any:
    """Converter for prompt-like fields: a str, or iterables of str, of int or of int iterables."""
    message = f"{field} must be a str, or a list of str, of int, or of int lists"

    def ints(value: Any) -> list[int]:
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            raise InvalidArgument(message)
        out = list(value)
        if not all(type(x) is int for x in out):
            raise InvalidArgument(message)
        return out

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return value
        if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
            raise InvalidArgument(message)
        items = [x if isinstance(x, (str, int)) else ints(x) for x in value]
        kinds = {type(x) for x in items}
        if len(kinds) > 1 or not kinds <= {str, int, list}:
            raise InvalidArgument(message)
        return items

    return convert


class CreateEmbeddingRequestArgs(Builder[CreateEmbeddingRequest]):
    """Builder of ``CreateEmbeddingRequest``."""

    model = Setter[str]()
    input = Setter[str | Iterable[str] | Iterable[int] | Iterable[Iterable[int]]](
        convert=_text_or_tokens("input")
    )
    encoding_format = Setter[EncodingFormat | str]()
    user = Setter[str]()
    dimensions = Setter[int]()
