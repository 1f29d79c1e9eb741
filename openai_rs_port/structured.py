"""Structured outputs from Python types: a strict JSON schema, and the reply decoded back.

``response_format_from(Weather)`` builds the ``json_schema`` response format of a
dataclass (an ``ApiModel`` too), a ``TypedDict`` or an ``Enum``; ``parse_as(Weather, text)``
turns the model's JSON reply into a ``Weather``. The schema follows the strict-mode rules
of Structured Outputs: every object lists all its properties as required, has
``additionalProperties: false``, and optional fields are unions with ``null``. A
``dict[str, V]`` (which strict mode cannot express as an object) is a list of
``{"key", "value"}`` entries on the wire, turned back into a dict by ``parse_as``.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from .error import JSONDeserialize, OpenAIError
from .types.chat import (
    ChatCompletionResponseMessage,
    CreateChatCompletionResponse,
    FinishReason,
    ResponseFormatJsonSchema,
    ResponseFormatJsonSchemaFormat,
)
from .types.responses.response import (
    OutputMessage,
    Refusal,
    Response,
    TextConfig,
    TextFormatJsonSchema,
)

__all__ = [
    "ContentFilterError",
    "LengthFinishReasonError",
    "ParsedChatCompletion",
    "ParsedResponse",
    "RefusalError",
    "decode_value",
    "json_schema_for",
    "parse_as",
    "parse_chat_completion",
    "parse_response",
    "response_format_from",
    "schema_name",
    "text_format_from",
]

T = TypeVar("T")

_NoneType = type(None)
_UNIONS = (Union, types.UnionType)
_PRIMITIVES: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    _NoneType: {"type": "null"},
}


class RefusalError(OpenAIError):
    """The model refused to answer in the requested format; ``refusal`` is its message."""

    def __init__(self, refusal: str) -> None:
        super().__init__(f"the model refused: {refusal}")
        self.refusal = refusal


class LengthFinishReasonError(OpenAIError):
    """The reply stopped at the token limit (``finish_reason: length``): its JSON is cut off.

    ``completion`` is the reply as it came (its usage says how many tokens were spent).
    """

    def __init__(self, completion: Any) -> None:
        super().__init__("the reply stopped at the length limit before its JSON was complete; "
                         "raise max_completion_tokens")
        self.completion = completion


class ContentFilterError(OpenAIError):
    """The reply was stopped by the content filter (``finish_reason: content_filter``)."""

    def __init__(self, completion: Any) -> None:
        super().__init__("the reply was stopped by the content filter")
        self.completion = completion


def schema_name(tp: Any) -> str:
    """The name a schema goes under: the class's name, in the ``^[a-zA-Z0-9_-]+$`` alphabet."""
    name = getattr(tp, "__name__", None) or "Output"
    return "".join(c if c.isalnum() or c in "_-" else "_" for c in name)[:64]


def _is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__total__")


def _is_named(tp: Any) -> bool:
    return isinstance(tp, type) and (
        dataclasses.is_dataclass(tp) or _is_typeddict(tp) or issubclass(tp, enum.Enum))


def _fields(tp: type) -> list[tuple[str, str, Any]]:
    """(python name, wire name, type) of each field a class has on the wire.

    A dataclass's ``init=False`` field (a tagged union member's ``type``) is there as the
    ``Literal`` of its one value: the decoder checks it and does not pass it on.
    """
    hints = get_type_hints(tp, include_extras=True)
    if dataclasses.is_dataclass(tp):
        out = []
        for f in dataclasses.fields(tp):
            hint = hints[f.name]
            if not f.init:
                if f.default is dataclasses.MISSING:
                    continue
                hint = Literal[f.default]
            out.append((f.name, f.metadata.get("wire", f.name), hint))
        return out
    return [(k, k, hints[k]) for k in hints]


def _fixed(tp: type) -> frozenset[str]:
    if dataclasses.is_dataclass(tp):
        return frozenset(f.name for f in dataclasses.fields(tp) if not f.init)
    return frozenset()


def _strip(tp: Any) -> Any:
    """``Annotated[X, ...]`` and ``NotRequired``/``Required``/``ReadOnly`` as plain ``X``."""
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (typing.NotRequired, typing.Required):
            tp = get_args(tp)[0]
        else:
            return tp


class _SchemaBuilder:
    def __init__(self, root: Any) -> None:
        self.root = root
        self.defs: dict[str, dict[str, Any]] = {}
        self.names: dict[Any, str] = {}

    def ref(self, tp: Any) -> dict[str, Any]:
        if tp is self.root:
            return {"$ref": "#"}
        name = self.names.get(tp)
        if name is None:
            name = schema_name(tp)
            while name in self.defs:
                name += "_"
            self.names[tp] = name
            self.defs[name] = {}  # reserved first: a recursive field refers back to it
            self.defs[name] = self.named(tp)
        return {"$ref": f"#/$defs/{name}"}

    def named(self, tp: type) -> dict[str, Any]:
        if issubclass(tp, enum.Enum):
            values = [m.value for m in tp]
            out: dict[str, Any] = {"enum": values}
            kinds = {type(v) for v in values}
            if len(kinds) == 1 and (kind := next(iter(kinds))) in _PRIMITIVES:
                out = {**_PRIMITIVES[kind], **out}
            return out
        props = {wire: self.of(hint) for _, wire, hint in _fields(tp)}
        out = {"type": "object", "properties": props, "required": list(props),
               "additionalProperties": False}
        doc = _summary(tp.__doc__)
        if doc and not doc.startswith(tp.__name__ + "("):  # a dataclass's generated doc says nothing
            out["description"] = doc
        return out

    def of(self, tp: Any) -> dict[str, Any]:
        tp = _strip(tp)
        if tp is Any:
            raise TypeError("Any has no strict schema: name the type")
        if tp in _PRIMITIVES:
            return dict(_PRIMITIVES[tp])
        if _is_named(tp):
            return self.ref(tp)
        origin = get_origin(tp)
        args = get_args(tp)
        if origin is Literal:
            kinds = {type(a) for a in args}
            out: dict[str, Any] = {"enum": list(args)}
            if len(kinds) == 1 and (kind := next(iter(kinds))) in _PRIMITIVES:
                out = {**_PRIMITIVES[kind], **out}
            return out
        if origin in _UNIONS:
            return {"anyOf": [self.of(a) for a in args]}
        if origin in (list, tuple, set, frozenset) or tp in (list, tuple):
            if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
                raise TypeError(f"{tp!r}: only tuple[X, ...] has a strict schema")
            if not args:
                raise TypeError(f"{tp!r}: name the item type")
            return {"type": "array", "items": self.of(args[0])}
        if origin in (dict, Mapping) or origin is typing.Mapping:
            if len(args) != 2 or _strip(args[0]) is not str:
                raise TypeError(f"{tp!r}: only dict[str, V] has a schema")
            return {"type": "array", "items": {
                "type": "object", "properties": {"key": {"type": "string"}, "value": self.of(args[1])},
                "required": ["key", "value"], "additionalProperties": False}}
        raise TypeError(f"{tp!r} has no strict JSON schema")


def json_schema_for(tp: Any) -> dict[str, Any]:
    """The strict JSON schema of ``tp``: a dataclass, ``ApiModel``, ``TypedDict`` or ``Enum``
    (an ``Enum`` or any other root becomes an object with one ``value`` property, since
    strict mode wants an object at the root)."""
    if isinstance(tp, type) and (dataclasses.is_dataclass(tp) or _is_typeddict(tp)):
        b = _SchemaBuilder(tp)
        out = b.named(tp)
    else:
        b = _SchemaBuilder(None)
        out = {"type": "object", "properties": {"value": b.of(tp)}, "required": ["value"],
               "additionalProperties": False}
    if b.defs:
        out["$defs"] = b.defs
    return out


def _wraps(tp: Any) -> bool:
    return not (isinstance(tp, type) and (dataclasses.is_dataclass(tp) or _is_typeddict(tp)))


def response_format_from(
    tp: Any, *, name: str | None = None, description: str | None = None
) -> ResponseFormatJsonSchemaFormat:
    """The strict ``json_schema`` response format for ``tp`` (see ``json_schema_for``)."""
    return ResponseFormatJsonSchemaFormat(json_schema=ResponseFormatJsonSchema(
        name=name or schema_name(tp), description=description, schema_=json_schema_for(tp),
        strict=True))


# ---------------------------------------------------------------- decoding


class _Mismatch(ValueError):
    pass


def _decode(tp: Any, data: Any, path: str) -> Any:
    tp = _strip(tp)
    if tp is Any:
        return data
    if tp is _NoneType:
        if data is None:
            return None
        raise _Mismatch(f"{path}: expected null, got {data!r}")
    if tp is bool:
        if type(data) is bool:
            return data
        raise _Mismatch(f"{path}: expected a boolean, got {data!r}")
    if tp is int:
        if type(data) is int:
            return data
        raise _Mismatch(f"{path}: expected an integer, got {data!r}")
    if tp is float:
        if type(data) in (int, float):
            return float(data)
        raise _Mismatch(f"{path}: expected a number, got {data!r}")
    if tp is str:
        if type(data) is str:
            return data
        raise _Mismatch(f"{path}: expected a string, got {data!r}")
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            raise _Mismatch(f"{path}: {data!r} is not one of {[m.value for m in tp]}") from None
    if isinstance(tp, type) and (dataclasses.is_dataclass(tp) or _is_typeddict(tp)):
        if not isinstance(data, dict):
            raise _Mismatch(f"{path}: expected an object, got {data!r}")
        fields = _fields(tp)
        unknown = set(data) - {wire for _, wire, _ in fields}
        if unknown:
            raise _Mismatch(f"{path}: unknown properties {sorted(unknown)}")
        values: dict[str, Any] = {}
        fixed = _fixed(tp)
        for name, wire, hint in fields:
            if wire not in data:
                raise _Mismatch(f"{path}.{wire}: missing")
            value = _decode(hint, data[wire], f"{path}.{wire}")
            if name not in fixed:
                values[name] = value
        if _is_typeddict(tp):
            return values
        return tp(**values)
    origin = get_origin(tp)
    args = get_args(tp)
    if origin is Literal:
        for a in args:
            if data == a and type(data) is type(a):
                return a
        raise _Mismatch(f"{path}: {data!r} is not one of {list(args)}")
    if origin in _UNIONS:
        errors = []
        for a in args:
            try:
                return _decode(a, data, path)
            except _Mismatch as e:
                errors.append(str(e))
        raise _Mismatch(" / ".join(errors))
    if origin in (list, tuple, set, frozenset):
        if not isinstance(data, list):
            raise _Mismatch(f"{path}: expected an array, got {data!r}")
        items = [_decode(args[0], v, f"{path}[{i}]") for i, v in enumerate(data)]
        return items if origin is list else origin(items)
    if origin in (dict, Mapping) or origin is typing.Mapping:
        if not isinstance(data, list):
            raise _Mismatch(f"{path}: expected an array of key/value entries, got {data!r}")
        out: dict[str, Any] = {}
        for i, entry in enumerate(data):
            if not (isinstance(entry, dict) and set(entry) == {"key", "value"}
                    and isinstance(entry["key"], str)):
                raise _Mismatch(f"{path}[{i}]: expected {{key, value}}, got {entry!r}")
            out[entry["key"]] = _decode(args[1], entry["value"], f"{path}[{i}].value")
        return out
    raise _Mismatch(f"{path}: {tp!r} cannot be decoded")


def decode_value(tp: Any, data: Any, path: str = "$") -> Any:
    """JSON data shaped by ``json_schema_for``'s rules, as a ``tp``; ``ValueError`` naming
    the path when it does not fit (used by function tools for their arguments)."""
    return _decode(tp, data, path)


def parse_as(tp: type[T], text: str) -> T:
    """The model's JSON reply ``text`` as a ``tp`` (the shape ``response_format_from(tp)``
    asked for). Raises ``JSONDeserialize`` (with ``raw``: the text) when it does not fit."""
    try:
        data = json.loads(text)
    except ValueError as e:
        raise JSONDeserialize(f"the reply is not JSON: {e}", text) from None
    try:
        if _wraps(tp):
            if not (isinstance(data, dict) and set(data) == {"value"}):
                raise _Mismatch("$: expected an object with one property, value")
            value: T = _decode(tp, data["value"], "$.value")
        else:
            value = _decode(tp, data, "$")
    except _Mismatch as e:
        raise JSONDeserialize(f"the reply does not fit {schema_name(tp)}: {e}", text) from None
    return value


def _summary(doc: str | None) -> str | None:
    if not doc:
        return None
    import inspect

    text = inspect.cleandoc(doc).split("\n\n", 1)[0]
    return " ".join(text.split()) or None


# ---------------------------------------------------------------- chat


@dataclass(frozen=True, slots=True)
class ParsedChatCompletion(Generic[T]):
    """A chat completion with its first choice's content decoded: ``parsed``."""

    completion: CreateChatCompletionResponse
    parsed: T

    @property
    def message(self) -> ChatCompletionResponseMessage:
        """The first choice's message."""
        return self.completion.choices[0].message


def parse_chat_completion(completion: CreateChatCompletionResponse, tp: type[T]) -> ParsedChatCompletion[T]:
    """``completion``'s first choice decoded as a ``tp``.

    Raises ``RefusalError`` on a refusal, ``LengthFinishReasonError`` when the reply stopped
    at the length limit, ``ContentFilterError`` when filtered, and ``JSONDeserialize`` (with
    the raw text) when the content does not fit ``tp``.
    """
    if not completion.choices:
        raise JSONDeserialize("the completion has no choices", "")
    choice = completion.choices[0]
    if choice.message.refusal:
        raise RefusalError(choice.message.refusal)
    if choice.finish_reason == FinishReason.LENGTH:
        raise LengthFinishReasonError(completion)
    if choice.finish_reason == FinishReason.CONTENT_FILTER:
        raise ContentFilterError(completion)
    return ParsedChatCompletion(completion, parse_as(tp, choice.message.content or ""))


# ---------------------------------------------------------------- responses


def text_format_from(tp: Any, *, name: str | None = None, description: str | None = None) -> TextConfig:
    """The Responses API's ``text`` setting asking for ``tp``'s strict JSON schema."""
    return TextConfig(format=TextFormatJsonSchema(
        name=name or schema_name(tp), description=description, schema_=json_schema_for(tp), strict=True))


@dataclass(frozen=True, slots=True)
class ParsedResponse(Generic[T]):
    """A response with its output text decoded: ``parsed``."""

    response: Response
    parsed: T


def parse_response(response: Response, tp: type[T]) -> ParsedResponse[T]:
    """``response``'s output text decoded as a ``tp``.

    Raises ``RefusalError`` when an output message refuses, ``LengthFinishReasonError``
    when the response is incomplete at ``max_output_tokens``, ``ContentFilterError`` when
    filtered, and ``JSONDeserialize`` (with the raw text) when the text does not fit ``tp``.
    """
    for item in response.output:
        if isinstance(item, OutputMessage):
            for part in item.content:
                if isinstance(part, Refusal):
                    raise RefusalError(part.refusal)
    reason = response.incomplete_details.reason if response.incomplete_details else None
    if reason == "max_output_tokens":
        raise LengthFinishReasonError(response)
    if reason == "content_filter":
        raise ContentFilterError(response)
    return ParsedResponse(response, parse_as(tp, response.output_text))
