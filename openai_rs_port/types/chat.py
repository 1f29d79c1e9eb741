"""Types of the Chat group (``/chat/completions``): messages, tools, requests, responses, chunks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from .._builder import Builder, JsonObject, Setter, seq
from .._codec import ApiModel as _Base
from .._codec import Tagged
from .._pagination import CursorPage
from ..error import InvalidArgument
from .common import CompletionUsage, Stop

if TYPE_CHECKING:
    from .._async import AsyncStream
    from .._sync import Stream

__all__ = [
    "AsyncChatCompletionResponseStream",
    "ChatChoice",
    "ChatChoiceLogprobs",
    "ChatChoiceStream",
    "ChatCompletionAnnotation",
    "ChatCompletionAnnotationUrlCitation",
    "ChatCompletionAudio",
    "ChatCompletionAudioFormat",
    "ChatCompletionAudioVoice",
    "ChatCompletionDeleted",
    "ChatCompletionFunctionCall",
    "ChatCompletionFunctionCallMode",
    "ChatCompletionFunctionCallOption",
    "ChatCompletionFunctions",
    "ChatCompletionFunctionsArgs",
    "ChatCompletionList",
    "ChatCompletionMessageList",
    "ChatCompletionMessageToolCall",
    "ChatCompletionMessageToolCallChunk",
    "ChatCompletionModalities",
    "ChatCompletionNamedToolChoice",
    "ChatCompletionRequestAssistantMessage",
    "ChatCompletionRequestAssistantMessageArgs",
    "ChatCompletionRequestAssistantMessageAudio",
    "ChatCompletionRequestAssistantMessageContent",
    "ChatCompletionRequestAssistantMessageContentPart",
    "ChatCompletionRequestDeveloperMessage",
    "ChatCompletionRequestDeveloperMessageArgs",
    "ChatCompletionRequestDeveloperMessageContent",
    "ChatCompletionRequestFunctionMessage",
    "ChatCompletionRequestFunctionMessageArgs",
    "ChatCompletionRequestMessage",
    "ChatCompletionRequestMessageContentPartAudio",
    "ChatCompletionRequestMessageContentPartAudioArgs",
    "ChatCompletionRequestMessageContentPartFile",
    "ChatCompletionRequestMessageContentPartImage",
    "ChatCompletionRequestMessageContentPartImageArgs",
    "ChatCompletionRequestMessageContentPartRefusal",
    "ChatCompletionRequestMessageContentPartRefusalBuilder",
    "ChatCompletionRequestMessageContentPartRefusalBuilderError",
    "ChatCompletionRequestMessageContentPartText",
    "ChatCompletionRequestMessageContentPartTextArgs",
    "ChatCompletionRequestSystemMessage",
    "ChatCompletionRequestSystemMessageArgs",
    "ChatCompletionRequestSystemMessageContent",
    "ChatCompletionRequestSystemMessageContentPart",
    "ChatCompletionRequestToolMessage",
    "ChatCompletionRequestToolMessageArgs",
    "ChatCompletionRequestToolMessageContent",
    "ChatCompletionRequestToolMessageContentPart",
    "ChatCompletionRequestUserMessage",
    "ChatCompletionRequestUserMessageArgs",
    "ChatCompletionRequestUserMessageContent",
    "ChatCompletionRequestUserMessageContentPart",
    "ChatCompletionResponseMessage",
    "ChatCompletionResponseMessageAudio",
    "ChatCompletionResponseStream",
    "ChatCompletionStoredMessage",
    "ChatCompletionStreamOptions",
    "ChatCompletionStreamResponseDelta",
    "ChatCompletionTokenLogprob",
    "ChatCompletionTool",
    "ChatCompletionToolArgs",
    "ChatCompletionToolChoiceMode",
    "ChatCompletionToolChoiceOption",
    "ChatCompletionToolType",
    "ChatCompletionUrlCitation",
    "CreateChatCompletionRequest",
    "CreateChatCompletionRequestArgs",
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "FileObject",
    "FinishReason",
    "FunctionCall",
    "FunctionCallStream",
    "FunctionName",
    "FunctionObject",
    "FunctionObjectArgs",
    "ImageDetail",
    "ImageUrl",
    "ImageUrlArgs",
    "InputAudio",
    "InputAudioFormat",
    "PredictionContent",
    "PredictionContentContent",
    "ReasoningEffort",
    "ResponseFormat",
    "ResponseFormatJsonObject",
    "ResponseFormatJsonSchema",
    "ResponseFormatJsonSchemaFormat",
    "ResponseFormatText",
    "Role",
    "ServiceTier",
    "ServiceTierResponse",
    "TopLogprobs",
    "UpdateChatCompletionRequest",
    "WebSearchContextSize",
    "WebSearchLocation",
    "WebSearchOptions",
    "WebSearchUserLocation",
    "WebSearchUserLocationType",
]


# ---------------------------------------------------------------- enums


class Role(StrEnum):
    """The author of a chat message."""

    DEVELOPER = "developer"
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"
    FUNCTION = "function"


class FinishReason(StrEnum):
    """Why the model stopped generating tokens."""

    STOP = "stop"
    LENGTH = "length"
    TOOL_CALLS = "tool_calls"
    CONTENT_FILTER = "content_filter"
    FUNCTION_CALL = "function_call"


class ImageDetail(StrEnum):
    """How closely the model looks at an image."""

    AUTO = "auto"
    LOW = "low"
    HIGH = "high"


class InputAudioFormat(StrEnum):
    WAV = "wav"
    MP3 = "mp3"


class ChatCompletionToolType(StrEnum):
    FUNCTION = "function"


class ChatCompletionToolChoiceMode(StrEnum):
    """The string forms of ``ChatCompletionToolChoiceOption``."""

    NONE = "none"
    AUTO = "auto"
    REQUIRED = "required"


class ChatCompletionFunctionCallMode(StrEnum):
    """The string forms of the deprecated ``ChatCompletionFunctionCall``."""

    NONE = "none"
    AUTO = "auto"


class ChatCompletionModalities(StrEnum):
    """Output types the model should generate."""

    TEXT = "text"
    AUDIO = "audio"


class ChatCompletionAudioVoice(StrEnum):
    ALLOY = "alloy"
    ASH = "ash"
    BALLAD = "ballad"
    CORAL = "coral"
    ECHO = "echo"
    FABLE = "fable"
    ONYX = "onyx"
    NOVA = "nova"
    SAGE = "sage"
    SHIMMER = "shimmer"
    VERSE = "verse"


class ChatCompletionAudioFormat(StrEnum):
    WAV = "wav"
    AAC = "aac"
    MP3 = "mp3"
    FLAC = "flac"
    OPUS = "opus"
    PCM16 = "pcm16"


class ReasoningEffort(StrEnum):
    """How much effort reasoning models spend on reasoning."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ServiceTier(StrEnum):
    """The latency tier requested for processing."""

    AUTO = "auto"
    DEFAULT = "default"
    FLEX = "flex"


class ServiceTierResponse(StrEnum):
    """The latency tier that processed the request."""

    AUTO = "auto"
    SCALE = "scale"
    DEFAULT = "default"
    FLEX = "flex"


class WebSearchContextSize(StrEnum):
    """How much context window space web search results may use."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class WebSearchUserLocationType(StrEnum):
    APPROXIMATE = "approximate"


# ---------------------------------------------------------------- content parts


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestMessageContentPartText(_Base):
    """A text content part."""

    text: str
    type: Literal["text"] = field(default="text", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestMessageContentPartRefusal(_Base):
    """A refusal content part (assistant messages only)."""

    refusal: str
    type: Literal["refusal"] = field(default="refusal", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageUrl(_Base):
    """An image, by URL or as a base64 data URL."""

    url: str
    detail: ImageDetail | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestMessageContentPartImage(_Base):
    """An image content part."""

    image_url: ImageUrl
    type: Literal["image_url"] = field(default="image_url", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class InputAudio(_Base):
    """Base64 encoded audio data and its format."""

    data: str
    format: InputAudioFormat


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestMessageContentPartAudio(_Base):
    """An audio input content part."""

    input_audio: InputAudio
    type: Literal["input_audio"] = field(default="input_audio", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class FileObject(_Base):
    """A file given inline (``file_data``, base64) or by uploaded ``file_id``."""

    file_data: str | None = None
    file_id: str | None = None
    filename: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestMessageContentPartFile(_Base):
    """A file content part, for text generation from files."""

    file: FileObject
    type: Literal["file"] = field(default="file", init=False)


ChatCompletionRequestUserMessageContentPart = Annotated[
    ChatCompletionRequestMessageContentPartText
    | ChatCompletionRequestMessageContentPartImage
    | ChatCompletionRequestMessageContentPartAudio
    | ChatCompletionRequestMessageContentPartFile,
    Tagged("type"),
]
ChatCompletionRequestSystemMessageContentPart = Annotated[
    ChatCompletionRequestMessageContentPartText, Tagged("type")
]
ChatCompletionRequestToolMessageContentPart = Annotated[
    ChatCompletionRequestMessageContentPartText, Tagged("type")
]
ChatCompletionRequestAssistantMessageContentPart = Annotated[
    ChatCompletionRequestMessageContentPartText | ChatCompletionRequestMessageContentPartRefusal,
    Tagged("type"),
]

ChatCompletionRequestUserMessageContent = str | list[ChatCompletionRequestUserMessageContentPart]
ChatCompletionRequestSystemMessageContent = (
    str | list[ChatCompletionRequestSystemMessageContentPart]
)
ChatCompletionRequestDeveloperMessageContent = (
    str | list[ChatCompletionRequestMessageContentPartText]
)
ChatCompletionRequestToolMessageContent = str | list[ChatCompletionRequestToolMessageContentPart]
ChatCompletionRequestAssistantMessageContent = (
    str | list[ChatCompletionRequestAssistantMessageContentPart]
)
PredictionContentContent = str | list[ChatCompletionRequestMessageContentPartText]


# ---------------------------------------------------------------- tool calls


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionCall(_Base):
    """The name and JSON arguments of a function the model called."""

    name: str
    arguments: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionMessageToolCall(_Base):
    """A tool call generated by the model."""

    id: str
    function: FunctionCall
    type: ChatCompletionToolType = ChatCompletionToolType.FUNCTION


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionCallStream(_Base):
    """A piece of a function call, as streamed."""

    name: str | None = None
    arguments: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionMessageToolCallChunk(_Base):
    """A piece of a tool call, as streamed; ``index`` says which call it extends."""

    index: int
    id: str | None = None
    type: ChatCompletionToolType | None = None
    function: FunctionCallStream | None = None


# ---------------------------------------------------------------- messages


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestDeveloperMessage(_Base):
    """Instructions the model follows regardless of user messages (o1 and newer)."""

    content: ChatCompletionRequestDeveloperMessageContent
    name: str | None = None
    role: Literal["developer"] = field(default="developer", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestSystemMessage(_Base):
    """Instructions the model follows regardless of user messages."""

    content: ChatCompletionRequestSystemMessageContent
    name: str | None = None
    role: Literal["system"] = field(default="system", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestUserMessage(_Base):
    """A message sent by an end user: text, images, audio or files."""

    content: ChatCompletionRequestUserMessageContent
    name: str | None = None
    role: Literal["user"] = field(default="user", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestAssistantMessageAudio(_Base):
    """A previous audio response from the model, by id."""

    id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestAssistantMessage(_Base):
    """A message the model sent earlier; ``content`` is needed unless it called tools."""

    content: ChatCompletionRequestAssistantMessageContent | None = None
    refusal: str | None = None
    name: str | None = None
    audio: ChatCompletionRequestAssistantMessageAudio | None = None
    tool_calls: list[ChatCompletionMessageToolCall] | None = None
    function_call: FunctionCall | None = None
    role: Literal["assistant"] = field(default="assistant", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestToolMessage(_Base):
    """Tool message"""

    content: ChatCompletionRequestToolMessageContent
    tool_call_id: str
    role: Literal["tool"] = field(default="tool", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionRequestFunctionMessage(_Base):
    """Deprecated: the result of a function call (use tool messages)."""

    content: str | None
    name: str
    role: Literal["function"] = field(default="function", init=False)


ChatCompletionRequestMessage = Annotated[
    ChatCompletionRequestDeveloperMessage
    | ChatCompletionRequestSystemMessage
    | ChatCompletionRequestUserMessage
    | ChatCompletionRequestAssistantMessage
    | ChatCompletionRequestToolMessage
    | ChatCompletionRequestFunctionMessage,
    Tagged("role"),
]
"""A message of the conversation, tagged by ``role``."""


# ---------------------------------------------------------------- tools and options


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionObject(_Base):
    """A function the model may call; ``parameters`` is a JSON Schema object."""

    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionTool(_Base):
    """A tool the model may call (only functions for now)."""

    function: FunctionObject
    type: ChatCompletionToolType = ChatCompletionToolType.FUNCTION


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionFunctions(_Base):
    """Deprecated: a function the model may call (use tools)."""

    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionName(_Base):
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionNamedToolChoice(_Base):
    """Specifies a tool the model should use. Use to force the model to call a specific function."""

    function: FunctionName
    type: ChatCompletionToolType = ChatCompletionToolType.FUNCTION


ChatCompletionToolChoiceOption = ChatCompletionToolChoiceMode | ChatCompletionNamedToolChoice
"""``none``, ``auto``, ``required``, or a named function to call."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionFunctionCallOption(_Base):
    """Forces the model to call the named function."""

    name: str


ChatCompletionFunctionCall = ChatCompletionFunctionCallMode | ChatCompletionFunctionCallOption
"""Deprecated: ``none``, ``auto``, or a named function to call."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFormatJsonSchema(_Base):
    """A JSON Schema for Structured Outputs.

    The schema itself is ``schema_`` (``schema`` on the wire): ``Model.schema()`` owns the name.
    """

    name: str
    description: str | None = None
    schema_: dict[str, Any] | None = field(default=None, metadata={"wire": "schema"})
    strict: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFormatText(_Base):
    type: Literal["text"] = field(default="text", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFormatJsonObject(_Base):
    type: Literal["json_object"] = field(default="json_object", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseFormatJsonSchemaFormat(_Base):
    """``{"type": "json_schema", "json_schema": ...}``: Structured Outputs."""

    json_schema: ResponseFormatJsonSchema
    type: Literal["json_schema"] = field(default="json_schema", init=False)


ResponseFormat = Annotated[
    ResponseFormatText | ResponseFormatJsonObject | ResponseFormatJsonSchemaFormat, Tagged("type")
]
"""The format the model must output, tagged by ``type``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionStreamOptions(_Base):
    """Options for streaming response. Only set this when you set `stream: true`."""

    include_usage: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PredictionContent(_Base):
    """Known output (e.g. a file being regenerated) that speeds up a response."""

    content: PredictionContentContent
    type: Literal["content"] = field(default="content", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionAudio(_Base):
    """Voice and format of audio output (with ``modalities=["text", "audio"]``)."""

    voice: ChatCompletionAudioVoice
    format: ChatCompletionAudioFormat


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSearchLocation(_Base):
    """Approximate location parameters for the search."""

    country: str | None = None
    region: str | None = None
    city: str | None = None
    timezone: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSearchUserLocation(_Base):
    approximate: WebSearchLocation
    type: WebSearchUserLocationType = WebSearchUserLocationType.APPROXIMATE


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSearchOptions(_Base):
    """Options for the web search tool."""

    search_context_size: WebSearchContextSize | None = None
    user_location: WebSearchUserLocation | None = None


# ---------------------------------------------------------------- request


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateChatCompletionRequest(_Base):
    """A chat completion request; build it with ``CreateChatCompletionRequestArgs``."""

    messages: list[ChatCompletionRequestMessage]
    model: str
    store: bool | None = None
    reasoning_effort: ReasoningEffort | None = None
    metadata: dict[str, str] | None = None
    frequency_penalty: float | None = None
    logit_bias: dict[str, int] | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    n: int | None = None
    modalities: list[ChatCompletionModalities] | None = None
    prediction: PredictionContent | None = None
    audio: ChatCompletionAudio | None = None
    presence_penalty: float | None = None
    response_format: ResponseFormat | None = None
    seed: int | None = None
    service_tier: ServiceTier | None = None
    stop: Stop | None = None
    stream: bool | None = None
    stream_options: ChatCompletionStreamOptions | None = None
    temperature: float | None = None
    top_p: float | None = None
    tools: list[ChatCompletionTool] | None = None
    tool_choice: ChatCompletionToolChoiceOption | None = None
    parallel_tool_calls: bool | None = None
    user: str | None = None
    web_search_options: WebSearchOptions | None = None
    function_call: ChatCompletionFunctionCall | None = None
    functions: list[ChatCompletionFunctions] | None = None


# ---------------------------------------------------------------- response


@dataclass(frozen=True, slots=True, kw_only=True)
class TopLogprobs(_Base):
    token: str
    logprob: float
    bytes: list[int] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionTokenLogprob(_Base):
    """A token's log probability, with the most likely alternatives at its position."""

    token: str
    logprob: float
    bytes: list[int] | None = None
    top_logprobs: list[TopLogprobs]


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatChoiceLogprobs(_Base):
    content: list[ChatCompletionTokenLogprob] | None = None
    refusal: list[ChatCompletionTokenLogprob] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionResponseMessageAudio(_Base):
    """Audio the model generated (when audio output was requested)."""

    id: str
    expires_at: int
    data: str
    transcript: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionUrlCitation(_Base):
    """A web page cited by the message, and where in the content it is cited."""

    end_index: int
    start_index: int
    url: str
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionAnnotationUrlCitation(_Base):
    url_citation: ChatCompletionUrlCitation
    type: Literal["url_citation"] = field(default="url_citation", init=False)


ChatCompletionAnnotation = Annotated[ChatCompletionAnnotationUrlCitation, Tagged("type")]
"""An annotation of a response message (unknown kinds stay raw JSON)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionResponseMessage(_Base):
    """A chat completion message generated by the model."""

    role: Role
    content: str | None = None
    refusal: str | None = None
    tool_calls: list[ChatCompletionMessageToolCall] | None = None
    annotations: list[ChatCompletionAnnotation] | None = None
    function_call: FunctionCall | None = None
    audio: ChatCompletionResponseMessageAudio | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatChoice(_Base):
    index: int
    message: ChatCompletionResponseMessage
    finish_reason: FinishReason | None = None
    logprobs: ChatChoiceLogprobs | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateChatCompletionResponse(_Base):
    """Represents a chat completion response returned by model, based on the provided input."""

    id: str
    choices: list[ChatChoice]
    created: int
    model: str
    object: str
    service_tier: ServiceTierResponse | None = None
    system_fingerprint: str | None = None
    usage: CompletionUsage | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionStreamResponseDelta(_Base):
    """A chat completion delta generated by streamed model responses."""

    content: str | None = None
    function_call: FunctionCallStream | None = None
    tool_calls: list[ChatCompletionMessageToolCallChunk] | None = None
    role: Role | None = None
    refusal: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatChoiceStream(_Base):
    index: int
    delta: ChatCompletionStreamResponseDelta
    finish_reason: FinishReason | None = None
    logprobs: ChatChoiceLogprobs | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateChatCompletionStreamResponse(_Base):
    """Represents a streamed chunk of a chat completion response returned by model."""

    id: str
    choices: list[ChatChoiceStream]
    created: int
    model: str
    object: str
    service_tier: ServiceTierResponse | None = None
    system_fingerprint: str | None = None
    usage: CompletionUsage | None = None


if TYPE_CHECKING:
    ChatCompletionResponseStream: TypeAlias = Stream[CreateChatCompletionStreamResponse]
    AsyncChatCompletionResponseStream: TypeAlias = AsyncStream[CreateChatCompletionStreamResponse]
else:

    def __getattr__(name: str) -> Any:
        # Resolved on first use so importing the types does not import requests or aiohttp.
        if name == "ChatCompletionResponseStream":
            from .._sync import Stream

            value = Stream[CreateChatCompletionStreamResponse]
        elif name == "AsyncChatCompletionResponseStream":
            from .._async import AsyncStream

            value = AsyncStream[CreateChatCompletionStreamResponse]
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value


# ---------------------------------------------------------------- setter conversions
# Each adapts a convenient input and hands anything else on unchanged: the setter then
# checks it against the field's type (a dict as the wire form), naming the path.


def _content(value: Any) -> Any:
    """A string, or any iterable of content parts, as the wire's ``str | list``."""
    if isinstance(value, (str, list)):
        return value
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        return list(value)
    return value


def _stop(value: Any) -> Any:
    if isinstance(value, (str, list)):
        return value
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        return list(value)
    return value


def _tool_choice(value: Any) -> Any:
    # As async-openai's From<&str>: a mode name, or else the name of the function to call.
    if isinstance(value, str) and not isinstance(value, ChatCompletionToolChoiceMode):
        if value in ChatCompletionToolChoiceMode._value2member_map_:
            return ChatCompletionToolChoiceMode(value)
        return ChatCompletionNamedToolChoice(function=FunctionName(name=value))
    return value


def _function_call(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, ChatCompletionFunctionCallMode):
        if value in ChatCompletionFunctionCallMode._value2member_map_:
            return ChatCompletionFunctionCallMode(value)
        return ChatCompletionFunctionCallOption(name=value)
    return value


def _image_url(value: Any) -> Any:
    return ImageUrl(url=value) if isinstance(value, str) else value


def _prediction(value: Any) -> Any:
    return PredictionContent(content=value) if isinstance(value, str) else value


def _logit_bias(value: Any) -> Any:
    # Token ids are JSON object keys, so they travel as strings.
    return {str(k): v for k, v in value.items()} if isinstance(value, Mapping) else value


def _json_object(value: Any) -> Any:
    return dict(value) if isinstance(value, Mapping) else value


# ---------------------------------------------------------------- builders


class ChatCompletionRequestMessageContentPartTextArgs(
    Builder[ChatCompletionRequestMessageContentPartText]
):
    text = Setter[str]()


class ChatCompletionRequestMessageContentPartRefusalBuilderError(InvalidArgument):
    """Raised by ``ChatCompletionRequestMessageContentPartRefusalBuilder.build()``."""


class ChatCompletionRequestMessageContentPartRefusalBuilder(
    Builder[ChatCompletionRequestMessageContentPartRefusal]
):
    _error = ChatCompletionRequestMessageContentPartRefusalBuilderError
    refusal = Setter[str]()


class ImageUrlArgs(Builder[ImageUrl]):
    url = Setter[str]()
    detail = Setter[ImageDetail | str]()


class ChatCompletionRequestMessageContentPartImageArgs(
    Builder[ChatCompletionRequestMessageContentPartImage]
):
    image_url = Setter[ImageUrl | str | JsonObject](convert=_image_url)


class ChatCompletionRequestMessageContentPartAudioArgs(
    Builder[ChatCompletionRequestMessageContentPartAudio]
):
    input_audio = Setter[InputAudio | JsonObject]()


class ChatCompletionRequestDeveloperMessageArgs(Builder[ChatCompletionRequestDeveloperMessage]):
    content = Setter[str | Iterable[ChatCompletionRequestMessageContentPartText | JsonObject]](
        convert=_content
    )
    name = Setter[str]()


class ChatCompletionRequestSystemMessageArgs(Builder[ChatCompletionRequestSystemMessage]):
    content = Setter[str | Iterable[ChatCompletionRequestSystemMessageContentPart | JsonObject]](
        convert=_content
    )
    name = Setter[str]()


class ChatCompletionRequestUserMessageArgs(Builder[ChatCompletionRequestUserMessage]):
    content = Setter[str | Iterable[ChatCompletionRequestUserMessageContentPart | JsonObject]](
        convert=_content
    )
    name = Setter[str]()


class ChatCompletionRequestAssistantMessageArgs(Builder[ChatCompletionRequestAssistantMessage]):
    content = Setter[str | Iterable[ChatCompletionRequestAssistantMessageContentPart | JsonObject]](
        convert=_content
    )
    refusal = Setter[str]()
    name = Setter[str]()
    audio = Setter[ChatCompletionRequestAssistantMessageAudio | JsonObject]()
    tool_calls = Setter[Iterable[ChatCompletionMessageToolCall | JsonObject]](convert=seq())
    function_call = Setter[FunctionCall | JsonObject]()


class ChatCompletionRequestToolMessageArgs(Builder[ChatCompletionRequestToolMessage]):
    content = Setter[str | Iterable[ChatCompletionRequestToolMessageContentPart | JsonObject]](
        convert=_content
    )
    tool_call_id = Setter[str]()


class ChatCompletionRequestFunctionMessageArgs(Builder[ChatCompletionRequestFunctionMessage]):
    content = Setter[str | None]()
    name = Setter[str]()


class FunctionObjectArgs(Builder[FunctionObject]):
    name = Setter[str]()
    description = Setter[str]()
    parameters = Setter[Mapping[str, Any]](convert=_json_object)
    strict = Setter[bool]()


class ChatCompletionToolArgs(Builder[ChatCompletionTool]):
    type = Setter[ChatCompletionToolType | str]()
    function = Setter[FunctionObject | JsonObject]()


class ChatCompletionFunctionsArgs(Builder[ChatCompletionFunctions]):
    name = Setter[str]()
    description = Setter[str]()
    parameters = Setter[Mapping[str, Any]](convert=_json_object)


class CreateChatCompletionRequestArgs(Builder[CreateChatCompletionRequest]):
    messages = Setter[Iterable[ChatCompletionRequestMessage | JsonObject]](convert=seq())
    model = Setter[str]()
    store = Setter[bool]()
    reasoning_effort = Setter[ReasoningEffort | str]()
    metadata = Setter[Mapping[str, str]](convert=_json_object)
    frequency_penalty = Setter[float]()
    logit_bias = Setter[Mapping[str, int] | Mapping[int, int]](convert=_logit_bias)
    logprobs = Setter[bool]()
    top_logprobs = Setter[int]()
    max_tokens = Setter[int]()
    max_completion_tokens = Setter[int]()
    n = Setter[int]()
    modalities = Setter[Iterable[ChatCompletionModalities | str]](convert=seq())
    prediction = Setter[PredictionContent | str | JsonObject](convert=_prediction)
    audio = Setter[ChatCompletionAudio | JsonObject]()
    presence_penalty = Setter[float]()
    response_format = Setter[ResponseFormat | JsonObject]()
    seed = Setter[int]()
    service_tier = Setter[ServiceTier | str]()
    stop = Setter[str | Iterable[str]](convert=_stop)
    stream = Setter[bool]()
    stream_options = Setter[ChatCompletionStreamOptions | JsonObject]()
    temperature = Setter[float]()
    top_p = Setter[float]()
    tools = Setter[Iterable[ChatCompletionTool | JsonObject]](convert=seq())
    tool_choice = Setter[ChatCompletionToolChoiceOption | str | JsonObject](convert=_tool_choice)
    parallel_tool_calls = Setter[bool]()
    user = Setter[str]()
    web_search_options = Setter[WebSearchOptions | JsonObject]()
    function_call = Setter[ChatCompletionFunctionCall | str | JsonObject](convert=_function_call)
    functions = Setter[Iterable[ChatCompletionFunctions | JsonObject]](convert=seq())


# ---------------------------------------------------------------- stored chat completions


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionList(_Base, CursorPage[CreateChatCompletionResponse]):
    """A page of the chat completions stored with ``store: true``."""

    data: list[CreateChatCompletionResponse]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool
    object: str = "list"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionStoredMessage(_Base):
    """A message of a stored chat completion, with its id."""

    id: str
    role: Role
    content: str | None = None
    refusal: str | None = None
    tool_calls: list[ChatCompletionMessageToolCall] | None = None
    annotations: list[ChatCompletionAnnotation] | None = None
    function_call: FunctionCall | None = None
    audio: ChatCompletionResponseMessageAudio | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionMessageList(_Base, CursorPage[ChatCompletionStoredMessage]):
    """A page of the messages of a stored chat completion."""

    data: list[ChatCompletionStoredMessage]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool
    object: str = "list"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChatCompletionDeleted(_Base):
    """The answer to deleting a stored chat completion."""

    id: str
    deleted: bool
    object: str = "chat.completion.deleted"


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateChatCompletionRequest(_Base):
    """New metadata of a stored chat completion (the only field that can change)."""

    metadata: dict[str, str]
