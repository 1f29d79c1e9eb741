"""Types of the Evals group (``/evals``): evals, their runs and the runs' output items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from .._builder import Builder, JsonObject, Setter, seq
from .._codec import ApiModel as _Base
from .._codec import Tagged
from .._pagination import CursorPage
from .chat import ReasoningEffort

__all__ = [
    "CreateEvalCompletionsRunDataSource",
    "CreateEvalCustomDataSourceConfig",
    "CreateEvalDataSourceConfig",
    "CreateEvalJsonlRunDataSource",
    "CreateEvalLogsDataSourceConfig",
    "CreateEvalRequest",
    "CreateEvalRequestArgs",
    "CreateEvalRunRequest",
    "CreateEvalRunRequestArgs",
    "DeleteEvalResponse",
    "DeleteEvalRunResponse",
    "Eval",
    "EvalApiError",
    "EvalCompletionsSource",
    "EvalCustomDataSourceConfig",
    "EvalDataSourceConfig",
    "EvalGrader",
    "EvalInputMessages",
    "EvalInputText",
    "EvalItem",
    "EvalItemContentPart",
    "EvalItemReferenceInputMessages",
    "EvalJsonlFileContentSource",
    "EvalJsonlFileIdSource",
    "EvalJsonlSource",
    "EvalLabelModelGrader",
    "EvalList",
    "EvalOutputText",
    "EvalPythonGrader",
    "EvalResponsesSource",
    "EvalRun",
    "EvalRunCriteriaResult",
    "EvalRunDataSource",
    "EvalRunList",
    "EvalRunModelUsage",
    "EvalRunOutputItem",
    "EvalRunOutputItemList",
    "EvalRunResultCounts",
    "EvalSamplingParams",
    "EvalScoreModelGrader",
    "EvalStoredCompletionsDataSourceConfig",
    "EvalStoredCompletionsSource",
    "EvalStringCheckGrader",
    "EvalTemplateInputMessages",
    "EvalTextSimilarityGrader",
    "UpdateEvalRequest",
]

# ---------------------------------------------------------------- messages of graders and templates


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalInputText(_Base):
    """Text input to the model (may hold ``{{item.name}}`` template references)."""

    text: str
    type: Literal["input_text"] = field(default="input_text", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalOutputText(_Base):
    """Text output by the model."""

    text: str
    type: Literal["output_text"] = field(default="output_text", init=False)


EvalItemContentPart = Annotated[EvalInputText | EvalOutputText, Tagged("type")]
"""A typed text part of an eval message, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalItem(_Base):
    """A message of a grader's input or of a template; content may hold template strings."""

    role: str
    content: str | EvalItemContentPart
    type: Literal["message"] = field(default="message", init=False)


# ---------------------------------------------------------------- graders (testing criteria)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalLabelModelGrader(_Base):
    """A model that labels each item; ``passing_labels`` are the labels that pass."""

    name: str
    model: str
    input: list[EvalItem]
    labels: list[str]
    passing_labels: list[str]
    type: Literal["label_model"] = field(default="label_model", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalStringCheckGrader(_Base):
    """Compares ``input`` to ``reference`` with ``operation`` (``eq``, ``ne``, ``like``, ``ilike``)."""

    name: str
    input: str
    reference: str
    operation: str
    type: Literal["string_check"] = field(default="string_check", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalTextSimilarityGrader(_Base):
    """Scores how similar ``input`` is to ``reference`` by ``evaluation_metric``."""

    input: str
    reference: str
    pass_threshold: float
    evaluation_metric: str
    name: str | None = None
    type: Literal["text_similarity"] = field(default="text_similarity", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalPythonGrader(_Base):
    """A Python script that grades each item."""

    name: str
    source: str
    pass_threshold: float | None = None
    image_tag: str | None = None
    type: Literal["python"] = field(default="python", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalScoreModelGrader(_Base):
    """A model that scores each item within ``range``."""

    name: str
    model: str
    input: list[EvalItem]
    sampling_params: dict[str, Any] | None = None
    pass_threshold: float | None = None
    range: list[float] | None = None
    type: Literal["score_model"] = field(default="score_model", init=False)


EvalGrader = Annotated[
    EvalLabelModelGrader | EvalStringCheckGrader | EvalTextSimilarityGrader | EvalPythonGrader
    | EvalScoreModelGrader,
    Tagged("type"),
]
"""A testing criterion of an eval, tagged by ``type``."""


# ---------------------------------------------------------------- data source configs of evals


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEvalCustomDataSourceConfig(_Base):
    """Items of your own, described by a JSON Schema."""

    item_schema: dict[str, Any]
    include_sample_schema: bool | None = None
    type: Literal["custom"] = field(default="custom", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEvalLogsDataSourceConfig(_Base):
    """Items from your stored completions, filtered by metadata."""

    metadata: dict[str, Any] | None = None
    type: Literal["logs"] = field(default="logs", init=False)


CreateEvalDataSourceConfig = Annotated[
    CreateEvalCustomDataSourceConfig | CreateEvalLogsDataSourceConfig, Tagged("type")
]
"""Where a new eval's items come from, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalCustomDataSourceConfig(_Base):
    """A custom data source: the JSON Schema of its items (``schema_``, ``schema`` on the wire)."""

    # The spec says an object; its own example (what Prism serves) is the schema as JSON text.
    schema_: dict[str, Any] | str = field(metadata={"wire": "schema"})
    type: Literal["custom"] = field(default="custom", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalStoredCompletionsDataSourceConfig(_Base):
    """Stored completions as the data source, with the schema of their items."""

    schema_: dict[str, Any] | str = field(metadata={"wire": "schema"})
    metadata: dict[str, str] | None = None
    type: Literal["stored_completions"] = field(default="stored_completions", init=False)


EvalDataSourceConfig = Annotated[
    EvalCustomDataSourceConfig | EvalStoredCompletionsDataSourceConfig, Tagged("type")
]
"""An eval's data source configuration, tagged by ``type``."""


# ---------------------------------------------------------------- evals


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEvalRequest(_Base):
    """Creates an eval: where its items come from and how each is graded."""

    data_source_config: CreateEvalDataSourceConfig
    testing_criteria: list[EvalGrader]
    name: str | None = None
    metadata: dict[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateEvalRequest(_Base):
    """A new name or metadata for an eval."""

    name: str | None = None
    metadata: dict[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Eval(_Base):
    """An eval: a data source and the testing criteria its runs apply."""

    id: str
    data_source_config: EvalDataSourceConfig
    testing_criteria: list[EvalGrader]
    name: str
    created_at: int
    metadata: dict[str, str] | None
    object: str = "eval"


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalList(_Base, CursorPage[Eval]):
    data: list[Eval]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool
    object: str = "list"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteEvalResponse(_Base):
    eval_id: str
    deleted: bool
    object: str = "eval.deleted"


# ---------------------------------------------------------------- run data sources


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalJsonlFileContentSource(_Base):
    """Items given inline: each ``{"item": {...}, "sample": {...}}``."""

    content: list[dict[str, Any]]
    type: Literal["file_content"] = field(default="file_content", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalJsonlFileIdSource(_Base):
    """Items in an uploaded JSONL file."""

    id: str
    type: Literal["file_id"] = field(default="file_id", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalStoredCompletionsSource(_Base):
    """Stored chat completions, filtered."""

    metadata: dict[str, str] | None = None
    model: str | None = None
    created_after: int | None = None
    created_before: int | None = None
    limit: int | None = None
    type: Literal["stored_completions"] = field(default="stored_completions", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalResponsesSource(_Base):
    """Stored responses, filtered."""

    metadata: dict[str, Any] | None = None
    model: str | None = None
    instructions_search: str | None = None
    created_after: int | None = None
    created_before: int | None = None
    has_tool_calls: bool | None = None
    reasoning_effort: ReasoningEffort | None = None
    temperature: float | None = None
    top_p: float | None = None
    users: list[str] | None = None
    allow_parallel_tool_calls: bool | None = None
    type: Literal["responses"] = field(default="responses", init=False)


EvalJsonlSource = Annotated[EvalJsonlFileContentSource | EvalJsonlFileIdSource, Tagged("type")]
"""The items of a JSONL run, tagged by ``type``."""

EvalCompletionsSource = Annotated[
    EvalJsonlFileContentSource | EvalJsonlFileIdSource | EvalStoredCompletionsSource
    | EvalResponsesSource,
    Tagged("type"),
]
"""The items of a run that samples a model, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalTemplateInputMessages(_Base):
    """Messages built for each item from a template (``{{item.name}}`` references)."""

    template: list[EvalItem]
    type: Literal["template"] = field(default="template", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalItemReferenceInputMessages(_Base):
    """Messages taken from each item (``item.name``)."""

    item_reference: str
    type: Literal["item_reference"] = field(default="item_reference", init=False)


EvalInputMessages = Annotated[
    EvalTemplateInputMessages | EvalItemReferenceInputMessages, Tagged("type")
]
"""How a run builds each item's prompt, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalSamplingParams(_Base):
    temperature: float | None = None
    max_completion_tokens: int | None = None
    top_p: float | None = None
    seed: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEvalJsonlRunDataSource(_Base):
    """A run over items as they are (JSONL content or file)."""

    source: EvalJsonlSource
    type: Literal["jsonl"] = field(default="jsonl", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEvalCompletionsRunDataSource(_Base):
    """A run that samples ``model`` on each item (the spec's completions and responses sources:
    both are typed ``completions``)."""

    source: EvalCompletionsSource
    input_messages: EvalInputMessages | None = None
    sampling_params: EvalSamplingParams | None = None
    model: str | None = None
    type: Literal["completions"] = field(default="completions", init=False)


EvalRunDataSource = Annotated[
    CreateEvalJsonlRunDataSource | CreateEvalCompletionsRunDataSource, Tagged("type")
]
"""The data a run grades, tagged by ``type``."""


# ---------------------------------------------------------------- runs


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateEvalRunRequest(_Base):
    """Starts a run of an eval on a data source."""

    data_source: EvalRunDataSource
    name: str | None = None
    metadata: dict[str, str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalApiError(_Base):
    code: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalRunResultCounts(_Base):
    total: int | None = None
    errored: int | None = None
    failed: int | None = None
    passed: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalRunModelUsage(_Base):
    model_name: str | None = None
    invocation_count: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    cached_tokens: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalRunCriteriaResult(_Base):
    testing_criteria: str
    passed: int
    failed: int


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalRun(_Base):
    """A run of an eval: its status, counts and usage."""

    id: str
    eval_id: str
    status: str
    model: str
    name: str
    created_at: int
    report_url: str
    result_counts: EvalRunResultCounts
    per_model_usage: list[EvalRunModelUsage]
    per_testing_criteria_results: list[EvalRunCriteriaResult]
    data_source: EvalRunDataSource
    metadata: dict[str, str] | None
    error: EvalApiError | None
    object: str = "eval.run"


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalRunList(_Base, CursorPage[EvalRun]):
    data: list[EvalRun]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool
    object: str = "list"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteEvalRunResponse(_Base):
    run_id: str | None = None
    deleted: bool | None = None
    object: str = "eval.run.deleted"


# ---------------------------------------------------------------- output items


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalRunOutputItem(_Base):
    """The grading of one item of a run: its results and the model's sample."""

    id: str
    run_id: str
    eval_id: str
    created_at: int
    status: str
    datasource_item_id: int
    datasource_item: dict[str, Any]
    results: list[dict[str, Any]]
    sample: dict[str, Any]
    object: str = "eval.run.output_item"


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalRunOutputItemList(_Base, CursorPage[EvalRunOutputItem]):
    data: list[EvalRunOutputItem]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool
    object: str = "list"


# ---------------------------------------------------------------- builders


class CreateEvalRequestArgs(Builder[CreateEvalRequest]):
    """Builder of ``CreateEvalRequest``; ``testing_criteria`` takes any iterable."""

    data_source_config = Setter[CreateEvalDataSourceConfig | JsonObject]()
    testing_criteria = Setter[Iterable[EvalGrader | JsonObject]](convert=seq())
    name = Setter[str]()
    metadata = Setter[dict[str, str]]()


class CreateEvalRunRequestArgs(Builder[CreateEvalRunRequest]):
    """Builder of ``CreateEvalRunRequest``."""

    data_source = Setter[EvalRunDataSource | JsonObject]()
    name = Setter[str]()
    metadata = Setter[dict[str, str]]()
