"""Types of the Assistants group (``/assistants``) and the tools shared by runs and threads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Literal

from .._builder import Builder, JsonObject, Setter, seq
from .._codec import ApiModel as _Base
from .._codec import Tagged
from .._pagination import CursorPage
from .chat import FunctionName, FunctionObject, ReasoningEffort, ResponseFormat

__all__ = [
    "AssistantObject",
    "AssistantToolCodeInterpreterResources",
    "AssistantToolFileSearchResources",
    "AssistantToolResources",
    "AssistantToolType",
    "AssistantTools",
    "AssistantToolsCode",
    "AssistantToolsFileSearch",
    "AssistantToolsFileSearchOverrides",
    "AssistantToolsFunction",
    "AssistantVectorStore",
    "AssistantVectorStoreChunkingStrategy",
    "AssistantVectorStoreChunkingStrategyAuto",
    "AssistantVectorStoreChunkingStrategyStatic",
    "AssistantsApiResponseFormatOption",
    "AssistantsApiToolChoiceMode",
    "AssistantsApiToolChoiceOption",
    "AssistantsNamedToolChoice",
    "CreateAssistantRequest",
    "CreateAssistantRequestArgs",
    "CreateAssistantToolFileSearchResources",
    "CreateAssistantToolResources",
    "DeleteAssistantResponse",
    "FileSearchRanker",
    "FileSearchRankingOptions",
    "ListAssistantsResponse",
    "ModifyAssistantRequest",
    "ModifyAssistantRequestArgs",
    "StaticChunkingStrategy",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantToolCodeInterpreterResources(_Base):
    """Files the code interpreter tool can read (at most 20)."""

    file_ids: list[str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantToolFileSearchResources(_Base):
    """The vector store attached (at most one)."""

    vector_store_ids: list[str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantToolResources(_Base):
    """Resources the assistant's tools use, by tool."""

    code_interpreter: AssistantToolCodeInterpreterResources | None = None
    file_search: AssistantToolFileSearchResources | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StaticChunkingStrategy(_Base):
    """Fixed-size chunks: tokens per chunk (100 to 4096) and the overlap between them."""

    max_chunk_size_tokens: int
    chunk_overlap_tokens: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantVectorStoreChunkingStrategyAuto(_Base):
    """``{"type": "auto"}``: 800-token chunks overlapping by 400."""

    type: Literal["auto"] = field(default="auto", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantVectorStoreChunkingStrategyStatic(_Base):
    """``{"type": "static", "static": {...}}``."""

    static: StaticChunkingStrategy
    type: Literal["static"] = field(default="static", init=False)


AssistantVectorStoreChunkingStrategy = Annotated[
    AssistantVectorStoreChunkingStrategyAuto | AssistantVectorStoreChunkingStrategyStatic,
    Tagged("type"),
]
"""How files are chunked, tagged by ``type``: auto or static."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantVectorStore(_Base):
    """A vector store created with the assistant from these files."""

    file_ids: list[str] | None = None
    chunking_strategy: AssistantVectorStoreChunkingStrategy | None = None
    metadata: dict[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateAssistantToolFileSearchResources(_Base):
    """Attach existing vector stores by id, or create one from files."""

    vector_store_ids: list[str] | None = None
    vector_stores: list[AssistantVectorStore] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateAssistantToolResources(_Base):
    code_interpreter: AssistantToolCodeInterpreterResources | None = None
    file_search: CreateAssistantToolFileSearchResources | None = None


AssistantsApiResponseFormatOption = Literal["auto"] | ResponseFormat
"""``"auto"`` or a response format (text, JSON object, JSON schema)."""


class FileSearchRanker(StrEnum):
    AUTO = "auto"
    DEFAULT_2024_08_21 = "default_2024_08_21"


@dataclass(frozen=True, slots=True, kw_only=True)
class FileSearchRankingOptions(_Base):
    """How file search results are ranked; results below ``score_threshold`` (0 to 1) are dropped."""

    ranker: FileSearchRanker | None = None
    score_threshold: float


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantToolsFileSearchOverrides(_Base):
    max_num_results: int | None = None
    """1 to 50 (20 by default for gpt-4* models, 5 for gpt-3.5-turbo)."""
    ranking_options: FileSearchRankingOptions | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantToolsCode(_Base):
    """``AssistantTools::CodeInterpreter``: ``{"type": "code_interpreter"}``."""

    type: Literal["code_interpreter"] = field(default="code_interpreter", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantToolsFileSearch(_Base):
    """``AssistantTools::FileSearch``."""

    file_search: AssistantToolsFileSearchOverrides | None = None
    type: Literal["file_search"] = field(default="file_search", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantToolsFunction(_Base):
    """``AssistantTools::Function``."""

    function: FunctionObject
    type: Literal["function"] = field(default="function", init=False)


AssistantTools = Annotated[
    AssistantToolsCode | AssistantToolsFileSearch | AssistantToolsFunction, Tagged("type")
]
"""A tool of an assistant or run, tagged by ``type``: code interpreter, file search or function."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantObject(_Base):
    """An assistant (``assistant``): a model with instructions and tools."""

    id: str
    object: str = "assistant"
    created_at: int
    name: str | None = None
    description: str | None = None
    model: str
    instructions: str | None = None
    tools: list[AssistantTools] = field(default_factory=list)
    tool_resources: AssistantToolResources | None = None
    metadata: dict[str, str] | None = None
    temperature: float | None = None
    top_p: float | None = None
    response_format: AssistantsApiResponseFormatOption | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateAssistantRequest(_Base):
    """Creates an assistant with a model and instructions."""

    model: str
    reasoning_effort: ReasoningEffort | None = None
    """o-series models only: how much the model reasons."""
    name: str | None = None
    description: str | None = None
    instructions: str | None = None
    tools: list[AssistantTools] | None = None
    tool_resources: CreateAssistantToolResources | None = None
    metadata: dict[str, str] | None = None
    temperature: float | None = None
    top_p: float | None = None
    response_format: AssistantsApiResponseFormatOption | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModifyAssistantRequest(_Base):
    """Modifies an assistant; fields left unset keep their value."""

    model: str | None = None
    reasoning_effort: ReasoningEffort | None = None
    name: str | None = None
    description: str | None = None
    instructions: str | None = None
    tools: list[AssistantTools] | None = None
    tool_resources: AssistantToolResources | None = None
    metadata: dict[str, str] | None = None
    temperature: float | None = None
    top_p: float | None = None
    response_format: AssistantsApiResponseFormatOption | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteAssistantResponse(_Base):
    id: str
    deleted: bool
    object: str = "assistant.deleted"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListAssistantsResponse(_Base, CursorPage[AssistantObject]):
    object: str = "list"
    data: list[AssistantObject]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool


class AssistantToolType(StrEnum):
    FUNCTION = "function"
    CODE_INTERPRETER = "code_interpreter"
    FILE_SEARCH = "file_search"


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantsNamedToolChoice(_Base):
    """Forces a tool: file search, code interpreter, or the named function."""

    type: AssistantToolType
    function: FunctionName | None = None


class AssistantsApiToolChoiceMode(StrEnum):
    NONE = "none"
    AUTO = "auto"
    REQUIRED = "required"


AssistantsApiToolChoiceOption = AssistantsApiToolChoiceMode | AssistantsNamedToolChoice
"""``none``, ``auto``, ``required``, or a named tool to call."""


class CreateAssistantRequestArgs(Builder[CreateAssistantRequest]):
    """Builder of ``CreateAssistantRequest``; ``tools`` takes any iterable."""

    model = Setter[str]()
    reasoning_effort = Setter[ReasoningEffort | str]()
    name = Setter[str]()
    description = Setter[str]()
    instructions = Setter[str]()
    tools = Setter[Iterable[AssistantTools | JsonObject]](convert=seq())
    tool_resources = Setter[CreateAssistantToolResources | JsonObject]()
    metadata = Setter[dict[str, str]]()
    temperature = Setter[float]()
    top_p = Setter[float]()
    response_format = Setter[AssistantsApiResponseFormatOption | JsonObject]()


class ModifyAssistantRequestArgs(Builder[ModifyAssistantRequest]):
    """Builder of ``ModifyAssistantRequest``; ``tools`` takes any iterable."""

    model = Setter[str]()
    reasoning_effort = Setter[ReasoningEffort | str]()
    name = Setter[str]()
    description = Setter[str]()
    instructions = Setter[str]()
    tools = Setter[Iterable[AssistantTools | JsonObject]](convert=seq())
    tool_resources = Setter[AssistantToolResources | JsonObject]()
    metadata = Setter[dict[str, str]]()
    temperature = Setter[float]()
    top_p = Setter[float]()
    response_format = Setter[AssistantsApiResponseFormatOption | JsonObject]()


