"""Types of the Batches group (``/batches``) and of its JSONL input and output lines."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, TypeVar, cast

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .._codec import coerce, decoder_for
from .._pagination import CursorPage
from ..error import InvalidArgument, JSONDeserialize

__all__ = [
    "Batch",
    "BatchCompletionWindow",
    "BatchEndpoint",
    "BatchError",
    "BatchErrors",
    "BatchRequest",
    "BatchRequestArgs",
    "BatchRequestCounts",
    "BatchRequestInput",
    "BatchRequestInputMethod",
    "BatchRequestOutput",
    "BatchRequestOutputError",
    "BatchRequestOutputResponse",
    "BatchStatus",
    "ListBatchesResponse",
]

L = TypeVar("L", bound="_JsonLines")


class BatchEndpoint(StrEnum):
    """The endpoint every request of a batch goes to."""

    V1_CHAT_COMPLETIONS = "/v1/chat/completions"
    V1_EMBEDDINGS = "/v1/embeddings"
    V1_COMPLETIONS = "/v1/completions"
    V1_RESPONSES = "/v1/responses"


class BatchCompletionWindow(StrEnum):
    """The time frame within which a batch should be processed (only ``24h`` for now)."""

    W24H = "24h"


class BatchStatus(StrEnum):
    VALIDATING = "validating"
    FAILED = "failed"
    IN_PROGRESS = "in_progress"
    FINALIZING = "finalizing"
    COMPLETED = "completed"
    EXPIRED = "expired"
    CANCELLING = "cancelling"
    CANCELLED = "cancelled"


class BatchRequestInputMethod(StrEnum):
    """The HTTP method of a batch input line (only ``POST``)."""

    POST = "POST"


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchRequest(_Base):
    """Creates and executes a batch from an uploaded JSONL file of requests."""

    input_file_id: str
    """An uploaded file of purpose ``batch``: up to 50,000 requests, up to 200 MB."""
    endpoint: BatchEndpoint
    completion_window: BatchCompletionWindow
    metadata: dict[str, str] | None = None
    """Up to 16 key-value pairs (keys up to 64 characters, values up to 512)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchError(_Base):
    code: str | None = None
    """An error code identifying the error type."""
    message: str | None = None
    param: str | None = None
    """The name of the parameter that caused the error, if applicable."""
    line: int | None = None
    """The line number of the input file where the error occurred, if applicable."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchErrors(_Base):
    object: str | None = None
    data: list[BatchError] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchRequestCounts(_Base):
    """The request counts for different statuses within the batch."""

    total: int
    completed: int
    failed: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Batch(_Base):
    id: str
    object: str = "batch"
    endpoint: str
    """The OpenAI API endpoint used by the batch."""
    errors: BatchErrors | None = None
    input_file_id: str
    completion_window: str
    status: BatchStatus
    output_file_id: str | None = None
    """The file of the outputs of successfully executed requests."""
    error_file_id: str | None = None
    """The file of the outputs of requests with errors."""
    created_at: int
    in_progress_at: int | None = None
    expires_at: int | None = None
    finalizing_at: int | None = None
    completed_at: int | None = None
    failed_at: int | None = None
    expired_at: int | None = None
    cancelling_at: int | None = None
    cancelled_at: int | None = None
    request_counts: BatchRequestCounts | None = None
    metadata: dict[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBatchesResponse(_Base, CursorPage[Batch]):
    data: list[Batch]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool
    object: str = "list"


class _JsonLines(_Base):
    """JSONL (one compact JSON object per line) for the batch file line types."""

    __slots__ = ()
    # Input lines are the caller's own data, read as strictly as a constructor reads them;
    # output lines are answers, read as leniently as any response.
    _strict_lines: ClassVar[bool] = False

    @classmethod
    def to_jsonl(cls: type[L], items: Iterable[L]) -> str:
        """The lines of ``items``, each ending with a newline."""
        return "".join(item.to_json() + "\n" for item in items)

    @classmethod
    def from_jsonl(cls: type[L], text: str | bytes) -> list[L]:
        """Decode every non-blank line; ``JSONDeserialize`` names the first bad line."""
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        decode = functools.partial(coerce, cls) if cls._strict_lines else decoder_for(cls)
        out: list[L] = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                out.append(cast(L, decode(json.loads(line))))
            except (ValueError, InvalidArgument) as e:  # bad JSON, or a line that does not fit
                err = JSONDeserialize(f"{cls.__name__}, line {number}: {e}", line)
            else:
                continue
            raise err
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchRequestInput(_JsonLines):
    """One line of a batch input file: ``BatchRequestInput.to_jsonl(lines)`` writes the file.

    ``body`` is the request body: JSON data or a request model (encoded when written).
    """

    _strict_lines: ClassVar[bool] = True

    custom_id: str
    """Your unique id of this request, used to match outputs to inputs."""
    method: BatchRequestInputMethod = BatchRequestInputMethod.POST
    url: BatchEndpoint
    body: Any = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchRequestOutputResponse(_Base):
    status_code: int
    request_id: str
    """The request id, to quote when contacting support."""
    body: dict[str, Any]
    """The JSON body of the response."""


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchRequestOutputError(_Base):
    """Why a request failed with a non-HTTP error."""

    code: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchRequestOutput(_JsonLines):
    """One line of a batch output or error file: ``BatchRequestOutput.from_jsonl(text)``."""

    id: str
    custom_id: str
    response: BatchRequestOutputResponse | None = None
    error: BatchRequestOutputError | None = None


class BatchRequestArgs(Builder[BatchRequest]):
    """Builder of ``BatchRequest``; the enums also take their wire strings."""

    input_file_id = Setter[str]()
    endpoint = Setter[BatchEndpoint | str]()
    completion_window = Setter[BatchCompletionWindow | str]()
    metadata = Setter[dict[str, str]]()
