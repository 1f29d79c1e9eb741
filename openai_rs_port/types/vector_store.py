"""Types of vector stores (``/vector_stores``), their files, file batches and search."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from .._builder import Builder, JsonObject, Setter, seq
from .._codec import ApiModel as _Base
from .._codec import Tagged
from .._pagination import CursorPage
from .assistant import StaticChunkingStrategy

__all__ = [
    "AttributeValue",
    "ComparisonFilter",
    "ComparisonType",
    "CompoundFilter",
    "CompoundFilterType",
    "CreateVectorStoreFileBatchRequest",
    "CreateVectorStoreFileBatchRequestArgs",
    "CreateVectorStoreFileRequest",
    "CreateVectorStoreFileRequestArgs",
    "CreateVectorStoreRequest",
    "CreateVectorStoreRequestArgs",
    "DeleteVectorStoreFileResponse",
    "DeleteVectorStoreResponse",
    "ListVectorStoreFilesResponse",
    "ListVectorStoresResponse",
    "Ranker",
    "RankingOptions",
    "UpdateVectorStoreRequest",
    "UpdateVectorStoreRequestArgs",
    "VectorStoreChunkingStrategy",
    "VectorStoreChunkingStrategyAuto",
    "VectorStoreChunkingStrategyStatic",
    "VectorStoreExpirationAfter",
    "VectorStoreFileBatchCounts",
    "VectorStoreFileBatchObject",
    "VectorStoreFileBatchStatus",
    "VectorStoreFileContentObject",
    "VectorStoreFileContentResponse",
    "VectorStoreFileCounts",
    "VectorStoreFileError",
    "VectorStoreFileErrorCode",
    "VectorStoreFileObject",
    "VectorStoreFileObjectChunkingStrategy",
    "VectorStoreFileObjectChunkingStrategyOther",
    "VectorStoreFileObjectChunkingStrategyStatic",
    "VectorStoreFileStatus",
    "VectorStoreObject",
    "VectorStoreSearchFilter",
    "VectorStoreSearchQuery",
    "VectorStoreSearchRequest",
    "VectorStoreSearchRequestArgs",
    "VectorStoreSearchResultContentObject",
    "VectorStoreSearchResultItem",
    "VectorStoreSearchResultsPage",
    "VectorStoreStatus",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreChunkingStrategyAuto(_Base):
    """``{"type": "auto"}``: 800-token chunks overlapping by 400."""

    type: Literal["auto"] = field(default="auto", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreChunkingStrategyStatic(_Base):
    """``{"type": "static", "static": {...}}``."""

    static: StaticChunkingStrategy
    type: Literal["static"] = field(default="static", init=False)


VectorStoreChunkingStrategy = Annotated[
    VectorStoreChunkingStrategyAuto | VectorStoreChunkingStrategyStatic, Tagged("type")
]
"""How files are chunked, tagged by ``type``: auto or static."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreExpirationAfter(_Base):
    """The store expires ``days`` (1 to 365) after ``anchor`` (``last_active_at``)."""

    anchor: str = "last_active_at"
    days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateVectorStoreRequest(_Base):
    file_ids: list[str] | None = None
    name: str | None = None
    expires_after: VectorStoreExpirationAfter | None = None
    chunking_strategy: VectorStoreChunkingStrategy | None = None
    metadata: dict[str, Any] | None = None


class VectorStoreStatus(StrEnum):
    EXPIRED = "expired"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreFileCounts(_Base):
    in_progress: int
    completed: int
    failed: int
    cancelled: int
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreObject(_Base):
    """A vector store (``vector_store``): processed files that file search reads."""

    id: str
    object: str = "vector_store"
    created_at: int
    name: str | None = None
    usage_bytes: int
    file_counts: VectorStoreFileCounts
    status: VectorStoreStatus
    expires_after: VectorStoreExpirationAfter | None = None
    expires_at: int | None = None
    last_active_at: int | None = None
    metadata: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListVectorStoresResponse(_Base, CursorPage[VectorStoreObject]):
    object: str = "list"
    data: list[VectorStoreObject]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteVectorStoreResponse(_Base):
    id: str
    object: str = "vector_store.deleted"
    deleted: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateVectorStoreRequest(_Base):
    name: str | None = None
    expires_after: VectorStoreExpirationAfter | None = None
    metadata: dict[str, Any] | None = None


class VectorStoreFileStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"


class VectorStoreFileErrorCode(StrEnum):
    SERVER_ERROR = "server_error"
    UNSUPPORTED_FILE = "unsupported_file"
    INVALID_FILE = "invalid_file"


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreFileError(_Base):
    code: VectorStoreFileErrorCode
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreFileObjectChunkingStrategyOther(_Base):
    """Files chunked before ``chunking_strategy`` existed (``{"type": "other"}``)."""

    type: Literal["other"] = field(default="other", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreFileObjectChunkingStrategyStatic(_Base):
    static: StaticChunkingStrategy
    type: Literal["static"] = field(default="static", init=False)


VectorStoreFileObjectChunkingStrategy = Annotated[
    VectorStoreFileObjectChunkingStrategyOther | VectorStoreFileObjectChunkingStrategyStatic,
    Tagged("type"),
]
"""How a file was chunked, tagged by ``type``: static or other."""

AttributeValue = str | int | float | bool
"""A file attribute or filter value: a string, a number or a boolean."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreFileObject(_Base):
    """A file attached to a vector store (``vector_store.file``)."""

    id: str
    object: str = "vector_store.file"
    usage_bytes: int
    created_at: int
    vector_store_id: str
    status: VectorStoreFileStatus
    last_error: VectorStoreFileError | None = None
    chunking_strategy: VectorStoreFileObjectChunkingStrategy | None = None
    attributes: dict[str, AttributeValue] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ListVectorStoreFilesResponse(_Base, CursorPage[VectorStoreFileObject]):
    object: str = "list"
    data: list[VectorStoreFileObject]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateVectorStoreFileRequest(_Base):
    file_id: str
    chunking_strategy: VectorStoreChunkingStrategy | None = None
    attributes: dict[str, AttributeValue] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteVectorStoreFileResponse(_Base):
    id: str
    object: str = "vector_store.file.deleted"
    deleted: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateVectorStoreFileBatchRequest(_Base):
    file_ids: list[str]
    """1 to 500 file ids."""
    chunking_strategy: VectorStoreChunkingStrategy | None = None
    attributes: dict[str, AttributeValue] | None = None


class VectorStoreFileBatchStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreFileBatchCounts(_Base):
    in_progress: int
    completed: int
    failed: int
    cancelled: int
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreFileBatchObject(_Base):
    """A batch of files attached to a vector store (``vector_store.files_batch``)."""

    id: str
    object: str = "vector_store.files_batch"
    created_at: int
    vector_store_id: str
    status: VectorStoreFileBatchStatus
    file_counts: VectorStoreFileBatchCounts


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreFileContentObject(_Base):
    type: str = "text"
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreFileContentResponse(_Base):
    """The parsed content of a vector store file."""

    object: str = "vector_store.file_content.page"
    data: list[VectorStoreFileContentObject]
    has_more: bool
    next_page: str | None = None


VectorStoreSearchQuery = str | list[str]
"""A search query: one string, or several."""


class ComparisonType(StrEnum):
    EQ = "eq"
    NE = "ne"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonFilter(_Base):
    """Compares the attribute ``key`` with ``value``."""

    type: ComparisonType
    key: str
    value: AttributeValue


class CompoundFilterType(StrEnum):
    AND = "and"
    OR = "or"


@dataclass(frozen=True, slots=True, kw_only=True)
class CompoundFilter(_Base):
    """Combines filters with ``and`` or ``or``."""

    type: CompoundFilterType
    filters: list[VectorStoreSearchFilter]


VectorStoreSearchFilter = ComparisonFilter | CompoundFilter
"""A comparison or a compound filter on file attributes (told apart by ``type``)."""


class Ranker(StrEnum):
    AUTO = "auto"
    DEFAULT_2024_11_15 = "default-2024-11-15"


@dataclass(frozen=True, slots=True, kw_only=True)
class RankingOptions(_Base):
    ranker: Ranker | None = None
    score_threshold: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreSearchRequest(_Base):
    """Searches a vector store for chunks relevant to a query."""

    query: VectorStoreSearchQuery
    rewrite_query: bool | None = None
    max_num_results: int | None = None
    filters: VectorStoreSearchFilter | None = None
    ranking_options: RankingOptions | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreSearchResultContentObject(_Base):
    type: str = "text"
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreSearchResultItem(_Base):
    file_id: str
    filename: str
    score: float
    attributes: dict[str, AttributeValue] | None = None
    content: list[VectorStoreSearchResultContentObject]


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorStoreSearchResultsPage(_Base):
    """The hits of a search, best first."""

    object: str = "vector_store.search_results.page"
    search_query: list[str]
    data: list[VectorStoreSearchResultItem]
    has_more: bool
    next_page: str | None = None


def _query(value: Any) -> Any:
    # A str is the whole query, not an iterable of queries.
    return value if isinstance(value, (str, list)) else list(value)


class CreateVectorStoreRequestArgs(Builder[CreateVectorStoreRequest]):
    """Builder of ``CreateVectorStoreRequest``; ``file_ids`` takes any iterable."""

    file_ids = Setter[Iterable[str]](convert=seq())
    name = Setter[str]()
    expires_after = Setter[VectorStoreExpirationAfter | JsonObject]()
    chunking_strategy = Setter[VectorStoreChunkingStrategy | JsonObject]()
    metadata = Setter[dict[str, Any]]()


class UpdateVectorStoreRequestArgs(Builder[UpdateVectorStoreRequest]):
    name = Setter[str]()
    expires_after = Setter[VectorStoreExpirationAfter | JsonObject]()
    metadata = Setter[dict[str, Any]]()


class CreateVectorStoreFileRequestArgs(Builder[CreateVectorStoreFileRequest]):
    file_id = Setter[str]()
    chunking_strategy = Setter[VectorStoreChunkingStrategy | JsonObject]()
    attributes = Setter[dict[str, AttributeValue]]()


class CreateVectorStoreFileBatchRequestArgs(Builder[CreateVectorStoreFileBatchRequest]):
    """Builder of ``CreateVectorStoreFileBatchRequest``; ``file_ids`` takes any iterable."""

    file_ids = Setter[Iterable[str]](convert=seq())
    chunking_strategy = Setter[VectorStoreChunkingStrategy | JsonObject]()
    attributes = Setter[dict[str, AttributeValue]]()


class VectorStoreSearchRequestArgs(Builder[VectorStoreSearchRequest]):
    """Builder of ``VectorStoreSearchRequest``: the query as a ``str`` or an iterable of them."""

    query = Setter[str | Iterable[str]](convert=_query)
    rewrite_query = Setter[bool]()
    max_num_results = Setter[int]()
    filters = Setter[VectorStoreSearchFilter | JsonObject]()
    ranking_options = Setter[RankingOptions | JsonObject]()
