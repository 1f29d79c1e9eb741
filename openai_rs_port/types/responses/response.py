"""Types of the Responses API (``/responses``), as async-openai's ``types::responses``.

Requests (``CreateResponse`` and its input items and tools), the ``Response`` object with its
output items, and the input-item list. Streaming events are in ``types.responses.stream``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from ..._builder import Builder, JsonObject, Setter, seq
from ..._codec import ApiModel as _Base
from ..._codec import Tagged
from ..._pagination import CursorPage
from ..chat import ImageDetail, ReasoningEffort
from ..common import CompletionTokensDetails, PromptTokensDetails

__all__ = [
    "AllowedTools",
    "Annotation",
    "ButtonPress",
    "Click",
    "CodeInterpreter",
    "CodeInterpreterArgs",
    "CodeInterpreterCallOutput",
    "CodeInterpreterContainer",
    "CodeInterpreterContainerKind",
    "CodeInterpreterFile",
    "CodeInterpreterFileOutput",
    "CodeInterpreterResult",
    "CodeInterpreterTextOutput",
    "ComparisonFilter",
    "ComparisonType",
    "CompoundFilter",
    "CompoundType",
    "ComputerCallAction",
    "ComputerCallOutput",
    "ComputerCallOutputItem",
    "ComputerScreenshotImage",
    "ComputerUsePreview",
    "ComputerUsePreviewArgs",
    "Content",
    "ContentType",
    "CreateResponse",
    "CreateResponseArgs",
    "DoubleClick",
    "Drag",
    "ErrorObject",
    "FileCitation",
    "FilePath",
    "FileSearch",
    "FileSearchArgs",
    "FileSearchCallOutput",
    "FileSearchCallOutputStatus",
    "FileSearchResult",
    "Filter",
    "Function",
    "FunctionArgs",
    "FunctionCall",
    "FunctionCallOutput",
    "HostedToolType",
    "ImageGeneration",
    "ImageGenerationArgs",
    "ImageGenerationBackground",
    "ImageGenerationCallOutput",
    "ImageGenerationOutputFormat",
    "ImageGenerationQuality",
    "ImageGenerationSize",
    "Includable",
    "IncompleteDetails",
    "Input",
    "InputContent",
    "InputFile",
    "InputFileArgs",
    "InputImage",
    "InputImageArgs",
    "InputImageMask",
    "InputItem",
    "InputMessage",
    "InputMessageArgs",
    "InputMessageType",
    "InputText",
    "ItemMessage",
    "ItemReference",
    "ItemResource",
    "KeyPress",
    "LocalShell",
    "LocalShellAction",
    "LocalShellCallOutput",
    "Location",
    "LocationArgs",
    "Mcp",
    "McpAllowedToolsFilter",
    "McpApprovalFilter",
    "McpApprovalRequestOutput",
    "McpArgs",
    "McpCallOutput",
    "McpListToolsOutput",
    "McpToolInfo",
    "MessageContent",
    "MoveAction",
    "OutputContent",
    "OutputMessage",
    "OutputStatus",
    "OutputText",
    "Point",
    "RankingOptions",
    "ReasoningConfig",
    "ReasoningConfigArgs",
    "ReasoningItem",
    "ReasoningSummary",
    "Refusal",
    "RequireApproval",
    "RequireApprovalPolicy",
    "Response",
    "ResponseItemList",
    "Role",
    "SafetyCheck",
    "Screenshot",
    "Scroll",
    "ServiceTier",
    "Status",
    "SummaryText",
    "TextConfig",
    "TextFormatJsonObject",
    "TextFormatJsonSchema",
    "TextFormatText",
    "TextResponseFormat",
    "ToolChoice",
    "ToolChoiceFunction",
    "ToolChoiceHosted",
    "ToolChoiceMode",
    "ToolDefinition",
    "Truncation",
    "TypeAction",
    "UrlCitation",
    "Usage",
    "Wait",
    "WebSearchCallOutput",
    "WebSearchContextSize",
    "WebSearchPreview",
    "WebSearchPreviewArgs",
]

# ------------------------------------------------------------------------------ enums


class Role(StrEnum):
    """The role of a message's author."""

    USER = "user"
    ASSISTANT = "assistant"
    SYSTEM = "system"
    DEVELOPER = "developer"


class OutputStatus(StrEnum):
    """The status of an item."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    INCOMPLETE = "incomplete"


class Status(StrEnum):
    """The status of a response."""

    COMPLETED = "completed"
    FAILED = "failed"
    IN_PROGRESS = "in_progress"
    INCOMPLETE = "incomplete"


class ServiceTier(StrEnum):
    """The latency tier used to serve a response."""

    AUTO = "auto"
    DEFAULT = "default"
    FLEX = "flex"


class Truncation(StrEnum):
    """What to do when the conversation outgrows the context window."""

    AUTO = "auto"
    DISABLED = "disabled"


class ReasoningSummary(StrEnum):
    """How detailed a summary of its reasoning the model writes."""

    AUTO = "auto"
    CONCISE = "concise"
    DETAILED = "detailed"


class WebSearchContextSize(StrEnum):
    """How much context the web search gathers."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class InputMessageType(StrEnum):
    """The ``type`` of an input message (always ``message``)."""

    MESSAGE = "message"


class ComparisonType(StrEnum):
    """The operator of a comparison filter."""

    EQUALS = "eq"
    NOT_EQUALS = "ne"
    GREATER_THAN = "gt"
    GREATER_THAN_OR_EQUAL_TO = "gte"
    LESS_THAN = "lt"
    LESS_THAN_OR_EQUAL_TO = "lte"


class CompoundType(StrEnum):
    """How a compound filter joins its filters."""

    AND = "and"
    OR = "or"


class RequireApprovalPolicy(StrEnum):
    """Whether every MCP tool call needs approval."""

    ALWAYS = "always"
    NEVER = "never"


class ImageGenerationBackground(StrEnum):
    TRANSPARENT = "transparent"
    OPAQUE = "opaque"
    AUTO = "auto"


class ImageGenerationOutputFormat(StrEnum):
    PNG = "png"
    WEBP = "webp"
    JPEG = "jpeg"


class ImageGenerationQuality(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    AUTO = "auto"


class ImageGenerationSize(StrEnum):
    AUTO = "auto"
    SIZE_1024X1024 = "1024x1024"
    SIZE_1024X1536 = "1024x1536"
    SIZE_1536X1024 = "1536x1024"


class ToolChoiceMode(StrEnum):
    """Whether the model may, must, or must not call tools."""

    NONE = "none"
    AUTO = "auto"
    REQUIRED = "required"


class HostedToolType(StrEnum):
    """A built-in tool the model must use."""

    FILE_SEARCH = "file_search"
    WEB_SEARCH_PREVIEW = "web_search_preview"
    COMPUTER_USE_PREVIEW = "computer_use_preview"


class FileSearchCallOutputStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    SEARCHING = "searching"
    INCOMPLETE = "incomplete"
    FAILED = "failed"
    COMPLETED = "completed"


class ButtonPress(StrEnum):
    """The mouse button of a click."""

    LEFT = "left"
    RIGHT = "right"
    WHEEL = "wheel"
    BACK = "back"
    FORWARD = "forward"


class Includable(StrEnum):
    """Extra output data a response may include."""

    FILE_SEARCH_CALL_RESULTS = "file_search_call.results"
    MESSAGE_INPUT_IMAGE_IMAGE_URL = "message.input_image.image_url"
    COMPUTER_CALL_OUTPUT_OUTPUT_IMAGE_URL = "computer_call_output.output.image_url"


# ------------------------------------------------------------------------------ input content


@dataclass(frozen=True, slots=True, kw_only=True)
class InputText(_Base):
    """Text input to the model."""

    text: str
    type: Literal["input_text"] = field(default="input_text", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class InputImage(_Base):
    """An image input, by URL (or data URL) or by file id."""

    detail: ImageDetail
    file_id: str | None = None
    image_url: str | None = None
    type: Literal["input_image"] = field(default="input_image", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class InputFile(_Base):
    """A file input: its content (``file_data``) or an uploaded file's id."""

    file_data: str | None = None
    file_id: str | None = None
    filename: str | None = None
    type: Literal["input_file"] = field(default="input_file", init=False)


ContentType = Annotated[InputText | InputImage | InputFile, Tagged("type")]
"""A part of an input message's content, tagged by ``type``."""

InputContent = str | list[ContentType]
"""An input message's content: plain text or a list of parts."""


# ------------------------------------------------------------------------------ output content


@dataclass(frozen=True, slots=True, kw_only=True)
class FileCitation(_Base):
    """A citation to a file."""

    file_id: str
    index: int
    type: Literal["file_citation"] = field(default="file_citation", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlCitation(_Base):
    """A citation of a web resource."""

    end_index: int
    start_index: int
    title: str
    url: str
    type: Literal["url_citation"] = field(default="url_citation", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class FilePath(_Base):
    """A path to a file."""

    file_id: str
    index: int
    type: Literal["file_path"] = field(default="file_path", init=False)


Annotation = Annotated[FileCitation | UrlCitation | FilePath, Tagged("type")]
"""An annotation of output text, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputText(_Base):
    """Text output by the model, with its annotations."""

    annotations: list[Annotation]
    text: str
    type: Literal["output_text"] = field(default="output_text", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Refusal(_Base):
    """The model's refusal."""

    refusal: str
    type: Literal["refusal"] = field(default="refusal", init=False)


Content = Annotated[OutputText | Refusal, Tagged("type")]
"""A part of an output message's content, tagged by ``type``."""

MessageContent = Annotated[
    InputText | InputImage | InputFile | OutputText | Refusal, Tagged("type")
]
"""A part of a stored message's content: input parts or output parts, tagged by ``type``."""


# ------------------------------------------------------------------------------ tools


@dataclass(frozen=True, slots=True, kw_only=True)
class RankingOptions(_Base):
    """Ranking options of file search."""

    ranker: str | None = None
    score_threshold: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonFilter(_Base):
    """Compares ``key`` to ``value`` with the operator ``type``."""

    type: ComparisonType
    key: str
    value: str | float | bool


@dataclass(frozen=True, slots=True, kw_only=True)
class CompoundFilter(_Base):
    """Joins filters with ``and`` or ``or``."""

    type: CompoundType
    filters: list[Filter]


Filter = ComparisonFilter | CompoundFilter
"""A file-search filter on file attributes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FileSearch(_Base):
    """The file search tool: searches the given vector stores."""

    vector_store_ids: list[str]
    max_num_results: int | None = None
    filters: Filter | None = None
    ranking_options: RankingOptions | None = None
    type: Literal["file_search"] = field(default="file_search", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Function(_Base):
    """A function the model may call, described by a JSON Schema of its parameters."""

    name: str
    parameters: dict[str, Any] | None
    strict: bool | None
    description: str | None = None
    type: Literal["function"] = field(default="function", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Location(_Base):
    """The approximate location of the user, for web search."""

    type: str = "approximate"
    city: str | None = None
    country: str | None = None
    region: str | None = None
    timezone: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSearchPreview(_Base):
    """The web search tool."""

    user_location: Location | None = None
    search_context_size: WebSearchContextSize | None = None
    type: Literal["web_search_preview"] = field(default="web_search_preview", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ComputerUsePreview(_Base):
    """The computer use tool: a virtual computer's environment and display size."""

    environment: str
    display_width: int
    display_height: int
    type: Literal["computer_use_preview"] = field(default="computer_use_preview", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class McpAllowedToolsFilter(_Base):
    """Tool names of an MCP server."""

    tool_names: list[str] | None = None


AllowedTools = list[str] | McpAllowedToolsFilter
"""The MCP tools the model may use: a list of names or a filter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class McpApprovalFilter(_Base):
    """Which MCP tools always or never need approval."""

    always: McpAllowedToolsFilter | None = None
    never: McpAllowedToolsFilter | None = None


RequireApproval = RequireApprovalPolicy | McpApprovalFilter
"""Which MCP tool calls need approval: a policy for all, or a filter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Mcp(_Base):
    """A remote MCP server's tools."""

    server_label: str
    server_url: str
    allowed_tools: AllowedTools | None = None
    headers: dict[str, Any] | None = None
    require_approval: RequireApproval | None = None
    type: Literal["mcp"] = field(default="mcp", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInterpreterContainerKind(_Base):
    """``CodeInterpreterContainerKind::Auto``: a new container, with these files."""

    file_ids: list[str] | None = None
    type: Literal["auto"] = field(default="auto", init=False)


CodeInterpreterContainer = str | CodeInterpreterContainerKind
"""A container's id, or a container made for the call."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInterpreter(_Base):
    """The code interpreter tool, running in its container."""

    container: CodeInterpreterContainer
    type: Literal["code_interpreter"] = field(default="code_interpreter", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class InputImageMask(_Base):
    """A mask for image inpainting, by URL or file id."""

    image_url: str | None = None
    file_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageGeneration(_Base):
    """The image generation tool."""

    background: ImageGenerationBackground | None = None
    input_image_mask: InputImageMask | None = None
    model: str | None = None
    moderation: str | None = None
    output_compression: int | None = None
    output_format: ImageGenerationOutputFormat | None = None
    partial_images: int | None = None
    quality: ImageGenerationQuality | None = None
    size: ImageGenerationSize | None = None
    type: Literal["image_generation"] = field(default="image_generation", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalShell(_Base):
    """The local shell tool (``ToolDefinition::LocalShell``)."""

    type: Literal["local_shell"] = field(default="local_shell", init=False)


ToolDefinition = Annotated[
    FileSearch | Function | WebSearchPreview | ComputerUsePreview | Mcp | CodeInterpreter
    | ImageGeneration | LocalShell,
    Tagged("type"),
]
"""A tool the model may use, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolChoiceHosted(_Base):
    """The model must use this built-in tool."""

    type: HostedToolType


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolChoiceFunction(_Base):
    """The model must call this function."""

    name: str
    type: Literal["function"] = field(default="function", init=False)


ToolChoice = ToolChoiceMode | ToolChoiceHosted | ToolChoiceFunction
"""How the model chooses tools: a mode, a built-in tool, or a function."""


# ------------------------------------------------------------------------------ text and reasoning


@dataclass(frozen=True, slots=True, kw_only=True)
class TextFormatText(_Base):
    """Plain text output."""

    type: Literal["text"] = field(default="text", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class TextFormatJsonObject(_Base):
    """JSON mode: the output is a JSON object."""

    type: Literal["json_object"] = field(default="json_object", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class TextFormatJsonSchema(_Base):
    """Structured Outputs: the output follows the JSON Schema ``schema_`` (``schema`` on the wire)."""

    name: str
    schema_: dict[str, Any] = field(metadata={"wire": "schema"})
    description: str | None = None
    strict: bool | None = None
    type: Literal["json_schema"] = field(default="json_schema", init=False)


TextResponseFormat = Annotated[
    TextFormatText | TextFormatJsonObject | TextFormatJsonSchema, Tagged("type")
]
"""The format of text output, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TextConfig(_Base):
    """Text output settings."""

    format: TextResponseFormat


@dataclass(frozen=True, slots=True, kw_only=True)
class ReasoningConfig(_Base):
    """Settings of reasoning models."""

    effort: ReasoningEffort | None = None
    summary: ReasoningSummary | None = None


# ------------------------------------------------------------------------------ items


@dataclass(frozen=True, slots=True, kw_only=True)
class InputMessage(_Base):
    """A message input to the model (``role`` ``assistant`` replays an earlier answer)."""

    role: Role
    content: InputContent
    status: OutputStatus | None = None
    type: Literal["message"] = field(default="message", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemReference(_Base):
    """An earlier item, by id."""

    id: str
    type: Literal["item_reference"] = field(default="item_reference", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputMessage(_Base):
    """A message output by the model."""

    content: list[Content]
    id: str
    role: Role
    status: OutputStatus
    type: Literal["message"] = field(default="message", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryText(_Base):
    """A part of a reasoning summary."""

    text: str
    type: Literal["summary_text"] = field(default="summary_text", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReasoningItem(_Base):
    """The model's chain of thought, summarised."""

    id: str
    summary: list[SummaryText]
    encrypted_content: str | None = None
    status: OutputStatus | None = None
    type: Literal["reasoning"] = field(default="reasoning", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class FileSearchResult(_Base):
    """A file search hit."""

    file_id: str | None = None
    filename: str | None = None
    score: float | None = None
    text: str | None = None
    attributes: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FileSearchCallOutput(_Base):
    """A file search call: its queries and, when included, its results."""

    id: str
    queries: list[str]
    status: FileSearchCallOutputStatus
    results: list[FileSearchResult] | None = None
    type: Literal["file_search_call"] = field(default="file_search_call", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSearchCallOutput(_Base):
    """A web search call."""

    id: str
    status: str
    type: Literal["web_search_call"] = field(default="web_search_call", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class SafetyCheck(_Base):
    """A safety check of a computer call."""

    id: str
    code: str | None = None
    message: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Point(_Base):
    x: int
    y: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Click(_Base):
    button: ButtonPress
    x: int
    y: int
    type: Literal["click"] = field(default="click", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class DoubleClick(_Base):
    x: int
    y: int
    type: Literal["double_click"] = field(default="double_click", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Drag(_Base):
    path: list[Point]
    type: Literal["drag"] = field(default="drag", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyPress(_Base):
    keys: list[str]
    type: Literal["keypress"] = field(default="keypress", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class MoveAction(_Base):
    x: int
    y: int
    type: Literal["move"] = field(default="move", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Screenshot(_Base):
    type: Literal["screenshot"] = field(default="screenshot", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scroll(_Base):
    scroll_x: int
    scroll_y: int
    x: int
    y: int
    type: Literal["scroll"] = field(default="scroll", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeAction(_Base):
    text: str
    type: Literal["type"] = field(default="type", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Wait(_Base):
    type: Literal["wait"] = field(default="wait", init=False)


ComputerCallAction = Annotated[
    Click | DoubleClick | Drag | KeyPress | MoveAction | Screenshot | Scroll | TypeAction | Wait,
    Tagged("type"),
]
"""What a computer call does, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ComputerCallOutput(_Base):
    """A computer call: the action the model asks your code to perform."""

    action: ComputerCallAction
    call_id: str
    id: str
    pending_safety_checks: list[SafetyCheck]
    status: OutputStatus
    type: Literal["computer_call"] = field(default="computer_call", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ComputerScreenshotImage(_Base):
    """A screenshot answering a computer call."""

    image_url: str | None = None
    file_id: str | None = None
    type: Literal["computer_screenshot"] = field(default="computer_screenshot", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ComputerCallOutputItem(_Base):
    """The result of a computer call, sent back as input (``computer_call_output``)."""

    call_id: str
    output: ComputerScreenshotImage
    id: str | None = None
    acknowledged_safety_checks: list[SafetyCheck] | None = None
    status: OutputStatus | None = None
    type: Literal["computer_call_output"] = field(default="computer_call_output", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionCall(_Base):
    """A function call by the model; sent back as input before its output."""

    call_id: str
    name: str
    arguments: str
    id: str | None = None
    status: OutputStatus | None = None
    type: Literal["function_call"] = field(default="function_call", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionCallOutput(_Base):
    """The output of a function call, sent back as input (``function_call_output``)."""

    call_id: str
    output: str
    id: str | None = None
    status: OutputStatus | None = None
    type: Literal["function_call_output"] = field(default="function_call_output", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageGenerationCallOutput(_Base):
    """An image generation call; ``result`` is the base64 image."""

    id: str
    result: str | None
    status: str
    type: Literal["image_generation_call"] = field(default="image_generation_call", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInterpreterTextOutput(_Base):
    logs: str
    type: Literal["logs"] = field(default="logs", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInterpreterFile(_Base):
    file_id: str
    mime_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInterpreterFileOutput(_Base):
    files: list[CodeInterpreterFile]
    type: Literal["files"] = field(default="files", init=False)


CodeInterpreterResult = Annotated[CodeInterpreterTextOutput | CodeInterpreterFileOutput, Tagged("type")]
"""An output of the code interpreter: logs or files, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInterpreterCallOutput(_Base):
    """A code interpreter call: its code and results."""

    code: str
    id: str
    status: str
    container_id: str
    results: list[CodeInterpreterResult]
    type: Literal["code_interpreter_call"] = field(default="code_interpreter_call", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalShellAction(_Base):
    """A command to run on the local shell."""

    command: list[str]
    env: dict[str, str]
    timeout_ms: int | None = None
    user: str | None = None
    working_directory: str | None = None
    type: Literal["exec"] = field(default="exec", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalShellCallOutput(_Base):
    """A local shell call: the command the model asks your code to run."""

    action: LocalShellAction
    call_id: str
    id: str
    status: str
    type: Literal["local_shell_call"] = field(default="local_shell_call", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class McpCallOutput(_Base):
    """A call of an MCP server's tool."""

    arguments: str
    id: str
    name: str
    server_label: str
    error: str | None = None
    output: str | None = None
    type: Literal["mcp_call"] = field(default="mcp_call", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class McpToolInfo(_Base):
    """A tool of an MCP server."""

    name: str
    input_schema: dict[str, Any]
    annotations: dict[str, Any] | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class McpListToolsOutput(_Base):
    """The tools an MCP server offers."""

    id: str
    server_label: str
    tools: list[McpToolInfo]
    error: str | None = None
    type: Literal["mcp_list_tools"] = field(default="mcp_list_tools", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class McpApprovalRequestOutput(_Base):
    """A request for approval of an MCP tool call."""

    arguments: str
    id: str
    name: str
    server_label: str
    type: Literal["mcp_approval_request"] = field(default="mcp_approval_request", init=False)


OutputContent = Annotated[
    OutputMessage | FileSearchCallOutput | FunctionCall | WebSearchCallOutput | ComputerCallOutput
    | ReasoningItem | ImageGenerationCallOutput | CodeInterpreterCallOutput | LocalShellCallOutput
    | McpCallOutput | McpListToolsOutput | McpApprovalRequestOutput,
    Tagged("type"),
]
"""An output item of a response, tagged by ``type``."""

InputItem = Annotated[
    InputMessage | ItemReference | FunctionCall | FunctionCallOutput | ComputerCallOutput
    | ComputerCallOutputItem | FileSearchCallOutput | WebSearchCallOutput | ReasoningItem,
    Tagged("type"),
]
"""An item of a request's input, tagged by ``type``: a message, an earlier item by reference,
an output item sent back (function, computer, search calls, reasoning) or a call's output."""

Input = str | list[InputItem]
"""A request's input: text, or a list of items."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemMessage(_Base):
    """A stored message (input or output) of a response's input items."""

    id: str
    role: Role
    content: list[MessageContent]
    status: OutputStatus | None = None
    type: Literal["message"] = field(default="message", init=False)


ItemResource = Annotated[
    ItemMessage | FileSearchCallOutput | ComputerCallOutput | ComputerCallOutputItem
    | WebSearchCallOutput | FunctionCall | FunctionCallOutput,
    Tagged("type"),
]
"""An item of a stored response's input, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseItemList(_Base, CursorPage[ItemResource]):
    """A page of a response's input items."""

    data: list[ItemResource]
    has_more: bool
    first_id: str | None = None
    last_id: str | None = None
    object: str = "list"


# ------------------------------------------------------------------------------ request


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateResponse(_Base):
    """Creates a model response (``POST /responses``)."""

    input: Input
    model: str
    include: list[Includable] | None = None
    instructions: str | None = None
    max_output_tokens: int | None = None
    metadata: dict[str, str] | None = None
    parallel_tool_calls: bool | None = None
    previous_response_id: str | None = None
    reasoning: ReasoningConfig | None = None
    service_tier: ServiceTier | None = None
    store: bool | None = None
    stream: bool | None = None
    temperature: float | None = None
    text: TextConfig | None = None
    tool_choice: ToolChoice | None = None
    tools: list[ToolDefinition] | None = None
    top_p: float | None = None
    truncation: Truncation | None = None
    user: str | None = None


# ------------------------------------------------------------------------------ response


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorObject(_Base):
    """Why a response failed."""

    code: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IncompleteDetails(_Base):
    """Why a response is incomplete."""

    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Usage(_Base):
    """Token usage of a response."""

    input_tokens: int
    input_tokens_details: PromptTokensDetails
    output_tokens: int
    output_tokens_details: CompletionTokensDetails
    total_tokens: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Response(_Base):
    """A model response: its output items, status and usage.

    ``output_text`` joins the text of every output message, as openai-python's does.
    """

    created_at: int
    error: ErrorObject | None
    id: str
    incomplete_details: IncompleteDetails | None
    instructions: str | None
    model: str
    output: list[OutputContent]
    parallel_tool_calls: bool | None
    metadata: dict[str, str] | None
    tool_choice: ToolChoice | None
    temperature: float | None
    tools: list[ToolDefinition] | None
    top_p: float | None
    object: str = "response"
    max_output_tokens: int | None = None
    previous_response_id: str | None = None
    reasoning: ReasoningConfig | None = None
    service_tier: ServiceTier | None = None
    status: Status | None = None
    text: TextConfig | None = None
    truncation: Truncation | None = None
    usage: Usage | None = None
    user: str | None = None

    @property
    def output_text(self) -> str:
        """The text of every ``output_text`` part of every output message, joined."""
        return "".join(
            part.text
            for item in self.output
            if isinstance(item, OutputMessage)
            for part in item.content
            if isinstance(part, OutputText)
        )


# ------------------------------------------------------------------------------ builders


def _text_or_items(value: Any) -> Any:
    # Text stays text; any other iterable becomes a list (seq() would split a str).
    return value if isinstance(value, (str, list)) else list(value)


class InputImageArgs(Builder[InputImage]):
    """Builder of ``InputImage``."""

    detail = Setter[ImageDetail | str]()
    file_id = Setter[str]()
    image_url = Setter[str]()


class InputFileArgs(Builder[InputFile]):
    """Builder of ``InputFile``."""

    file_data = Setter[str]()
    file_id = Setter[str]()
    filename = Setter[str]()


class InputMessageArgs(Builder[InputMessage]):
    """Builder of ``InputMessage``; ``content`` takes text or any iterable of parts."""

    role = Setter[Role | str]()
    content = Setter[str | Iterable[ContentType | JsonObject]](convert=_text_or_items)
    status = Setter[OutputStatus | str]()


class ReasoningConfigArgs(Builder[ReasoningConfig]):
    """Builder of ``ReasoningConfig``."""

    effort = Setter[ReasoningEffort | str]()
    summary = Setter[ReasoningSummary | str]()


class FileSearchArgs(Builder[FileSearch]):
    """Builder of ``FileSearch``."""

    vector_store_ids = Setter[Iterable[str]](convert=seq())
    max_num_results = Setter[int]()
    filters = Setter[Filter | JsonObject]()
    ranking_options = Setter[RankingOptions | JsonObject]()


class FunctionArgs(Builder[Function]):
    """Builder of ``Function``; ``parameters`` is a JSON Schema object."""

    name = Setter[str]()
    parameters = Setter[JsonObject | None]()
    strict = Setter[bool | None]()
    description = Setter[str]()


class LocationArgs(Builder[Location]):
    """Builder of ``Location``."""

    type = Setter[str]()
    city = Setter[str]()
    country = Setter[str]()
    region = Setter[str]()
    timezone = Setter[str]()


class WebSearchPreviewArgs(Builder[WebSearchPreview]):
    """Builder of ``WebSearchPreview``."""

    user_location = Setter[Location | JsonObject]()
    search_context_size = Setter[WebSearchContextSize | str]()


class ComputerUsePreviewArgs(Builder[ComputerUsePreview]):
    """Builder of ``ComputerUsePreview``."""

    environment = Setter[str]()
    display_width = Setter[int]()
    display_height = Setter[int]()


class McpArgs(Builder[Mcp]):
    """Builder of ``Mcp``."""

    server_label = Setter[str]()
    server_url = Setter[str]()
    allowed_tools = Setter[list[str] | McpAllowedToolsFilter | JsonObject]()
    headers = Setter[JsonObject]()
    require_approval = Setter[RequireApprovalPolicy | McpApprovalFilter | str | JsonObject]()


class CodeInterpreterArgs(Builder[CodeInterpreter]):
    """Builder of ``CodeInterpreter``."""

    container = Setter[str | CodeInterpreterContainerKind | JsonObject]()


class ImageGenerationArgs(Builder[ImageGeneration]):
    """Builder of ``ImageGeneration``."""

    background = Setter[ImageGenerationBackground | str]()
    input_image_mask = Setter[InputImageMask | JsonObject]()
    model = Setter[str]()
    moderation = Setter[str]()
    output_compression = Setter[int]()
    output_format = Setter[ImageGenerationOutputFormat | str]()
    partial_images = Setter[int]()
    quality = Setter[ImageGenerationQuality | str]()
    size = Setter[ImageGenerationSize | str]()


class CreateResponseArgs(Builder[CreateResponse]):
    """Builder of ``CreateResponse``; ``input`` takes text or any iterable of items,
    ``tools`` and ``include`` any iterable."""

    input = Setter[str | Iterable[InputItem | JsonObject]](convert=_text_or_items)
    model = Setter[str]()
    include = Setter[Iterable[Includable | str]](convert=seq())
    instructions = Setter[str]()
    max_output_tokens = Setter[int]()
    metadata = Setter[dict[str, str]]()
    parallel_tool_calls = Setter[bool]()
    previous_response_id = Setter[str]()
    reasoning = Setter[ReasoningConfig | JsonObject]()
    service_tier = Setter[ServiceTier | str]()
    store = Setter[bool]()
    stream = Setter[bool]()
    temperature = Setter[float]()
    text = Setter[TextConfig | JsonObject]()
    tool_choice = Setter[ToolChoice | str | JsonObject]()
    tools = Setter[Iterable[ToolDefinition | JsonObject]](convert=seq())
    top_p = Setter[float]()
    truncation = Setter[Truncation | str]()
    user = Setter[str]()
