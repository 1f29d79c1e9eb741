"""Types of the Moderations group (``/moderations``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from .._builder import Builder, JsonObject, Setter
from .._codec import ApiModel as _Base
from .._codec import Tagged
from ..error import InvalidArgument

__all__ = [
    "Category",
    "CategoryAppliedInputTypes",
    "CategoryScore",
    "ContentModerationResult",
    "CreateModerationRequest",
    "CreateModerationRequestArgs",
    "CreateModerationResponse",
    "ModInputType",
    "ModerationContentPart",
    "ModerationContentPartImageUrl",
    "ModerationContentPartText",
    "ModerationImageUrl",
    "ModerationInput",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ModerationImageUrl(_Base):
    """An image to classify: a URL or a ``data:`` URL of base64 image data."""

    url: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ModerationContentPartText(_Base):
    """Text to classify (``ModerationContentPart::Text``)."""

    text: str
    type: Literal["text"] = field(default="text", init=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ModerationContentPartImageUrl(_Base):
    """An image to classify (``ModerationContentPart::ImageUrl``)."""

    image_url: ModerationImageUrl
    type: Literal["image_url"] = field(default="image_url", init=False)


ModerationContentPart = Annotated[
    ModerationContentPartText | ModerationContentPartImageUrl, Tagged("type")
]
"""A part of a multi-modal moderation input, tagged by ``type``."""

ModerationInput = str | list[ModerationContentPart] | list[str]
"""A string, strings, or multi-modal parts to classify (untagged; parts listed first so
decoding turns part objects into typed parts, while strings pass through unchanged)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateModerationRequest(_Base):
    """Request body of ``POST /moderations``."""

    input: ModerationInput
    model: str | None = None


class ModInputType(StrEnum):
    """The type of input a category score applies to."""

    TEXT = "text"
    IMAGE = "image"


@dataclass(frozen=True, slots=True, kw_only=True)
class Category(_Base):
    """Whether each category is flagged (``illicit*`` can be null from older models)."""

    hate: bool
    hate_threatening: bool = field(metadata={"wire": "hate/threatening"})
    harassment: bool
    harassment_threatening: bool = field(metadata={"wire": "harassment/threatening"})
    illicit: bool | None
    illicit_violent: bool | None = field(metadata={"wire": "illicit/violent"})
    self_harm: bool = field(metadata={"wire": "self-harm"})
    self_harm_intent: bool = field(metadata={"wire": "self-harm/intent"})
    self_harm_instructions: bool = field(metadata={"wire": "self-harm/instructions"})
    sexual: bool
    sexual_minors: bool = field(metadata={"wire": "sexual/minors"})
    violence: bool
    violence_graphic: bool = field(metadata={"wire": "violence/graphic"})


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryScore(_Base):
    """The score of each category as predicted by the model."""

    hate: float
    hate_threatening: float = field(metadata={"wire": "hate/threatening"})
    harassment: float
    harassment_threatening: float = field(metadata={"wire": "harassment/threatening"})
    illicit: float
    illicit_violent: float = field(metadata={"wire": "illicit/violent"})
    self_harm: float = field(metadata={"wire": "self-harm"})
    self_harm_intent: float = field(metadata={"wire": "self-harm/intent"})
    self_harm_instructions: float = field(metadata={"wire": "self-harm/instructions"})
    sexual: float
    sexual_minors: float = field(metadata={"wire": "sexual/minors"})
    violence: float
    violence_graphic: float = field(metadata={"wire": "violence/graphic"})


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryAppliedInputTypes(_Base):
    """The input types each category score applies to."""

    hate: list[ModInputType]
    hate_threatening: list[ModInputType] = field(metadata={"wire": "hate/threatening"})
    harassment: list[ModInputType]
    harassment_threatening: list[ModInputType] = field(
        metadata={"wire": "harassment/threatening"}
    )
    illicit: list[ModInputType]
    illicit_violent: list[ModInputType] = field(metadata={"wire": "illicit/violent"})
    self_harm: list[ModInputType] = field(metadata={"wire": "self-harm"})
    self_harm_intent: list[ModInputType] = field(metadata={"wire": "self-harm/intent"})
    self_harm_instructions: list[ModInputType] = field(
        metadata={"wire": "self-harm/instructions"}
    )
    sexual: list[ModInputType]
    sexual_minors: list[ModInputType] = field(metadata={"wire": "sexual/minors"})
    violence: list[ModInputType]
    violence_graphic: list[ModInputType] = field(metadata={"wire": "violence/graphic"})


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentModerationResult(_Base):
    """The moderation verdict for one input."""

    flagged: bool
    categories: Category
    category_scores: CategoryScore
    category_applied_input_types: CategoryAppliedInputTypes


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateModerationResponse(_Base):
    """Represents if a given text input is potentially harmful."""

    id: str
    model: str
    results: list[ContentModerationResult]


_PARTS = (ModerationContentPartText, ModerationContentPartImageUrl)
_BAD_INPUT = "input must be a str, a list of str, or a list of moderation content parts"


def _moderation_input(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, (*_PARTS, Mapping)):
        return [value]  # one part (a dict is its wire form, checked by the setter)
    if not isinstance(value, Iterable) or isinstance(value, bytes):
        raise InvalidArgument(_BAD_INPUT)
    return list(value)


class CreateModerationRequestArgs(Builder[CreateModerationRequest]):
    """Builder of ``CreateModerationRequest``."""

    input = Setter[
        str | Iterable[str] | ModerationContentPart | JsonObject
        | Iterable[ModerationContentPart | JsonObject]
    ](convert=_moderation_input)
    model = Setter[str]()
