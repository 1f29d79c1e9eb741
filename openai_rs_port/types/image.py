"""Types of the Images group (``/images/generations``, ``/images/edits``, ``/images/variations``)."""

from __future__ import annotations

import os
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias, overload

from .._builder import Builder, Setter
from .._codec import ApiModel as _Base
from .common import InputSource

if TYPE_CHECKING:
    from .._async import AsyncClient
    from .._sync import Client

__all__ = [
    "B64JsonImage",
    "CreateImageEditRequest",
    "CreateImageEditRequestArgs",
    "CreateImageRequest",
    "CreateImageRequestArgs",
    "CreateImageVariationRequest",
    "CreateImageVariationRequestArgs",
    "DallE2ImageSize",
    "Image",
    "ImageBackground",
    "ImageInput",
    "ImageModel",
    "ImageModeration",
    "ImageOutputFormat",
    "ImageQuality",
    "ImageResponseFormat",
    "ImageSize",
    "ImageSource",
    "ImageStyle",
    "ImagesInputTokensDetails",
    "ImagesResponse",
    "ImagesUsage",
    "UrlImage",
]

ImageInput = InputSource
"""An image to upload: a path, ``from_bytes(filename, bytes)``, ``from_vec_u8`` or a file object."""

ImageSource: TypeAlias = InputSource | str | os.PathLike[str] | tuple[str, bytes] | IO[bytes]
"""What image setters accept: an ``ImageInput``, a path, ``(filename, bytes)`` or a binary file."""


class ImageModel(StrEnum):
    """The image model; any other model name can be given as a plain string."""

    DALL_E_2 = "dall-e-2"
    DALL_E_3 = "dall-e-3"
    GPT_IMAGE_1 = "gpt-image-1"


class ImageSize(StrEnum):
    """Size of generated images (which sizes apply depends on the model)."""

    AUTO = "auto"
    S256X256 = "256x256"
    S512X512 = "512x512"
    S1024X1024 = "1024x1024"
    S1792X1024 = "1792x1024"
    S1024X1792 = "1024x1792"
    S1536X1024 = "1536x1024"
    S1024X1536 = "1024x1536"


class DallE2ImageSize(StrEnum):
    """The sizes ``dall-e-2`` produces."""

    S256X256 = "256x256"
    S512X512 = "512x512"
    S1024X1024 = "1024x1024"


class ImageResponseFormat(StrEnum):
    """How ``dall-e-2``/``dall-e-3`` return images (``gpt-image-1`` always returns b64_json)."""

    URL = "url"
    B64_JSON = "b64_json"


class ImageQuality(StrEnum):
    """``standard``/``hd`` for dall-e-3; ``low``/``medium``/``high``/``auto`` for gpt-image-1."""

    STANDARD = "standard"
    HD = "hd"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    AUTO = "auto"


class ImageStyle(StrEnum):
    """The style of ``dall-e-3`` images."""

    VIVID = "vivid"
    NATURAL = "natural"


class ImageBackground(StrEnum):
    """Background transparency of ``gpt-image-1`` images."""

    TRANSPARENT = "transparent"
    OPAQUE = "opaque"
    AUTO = "auto"


class ImageModeration(StrEnum):
    """Content-moderation level of ``gpt-image-1``."""

    LOW = "low"
    AUTO = "auto"


class ImageOutputFormat(StrEnum):
    """File format of ``gpt-image-1`` images."""

    PNG = "png"
    JPEG = "jpeg"
    WEBP = "webp"


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateImageRequest(_Base):
    """Creates an image given a prompt (sent as JSON)."""

    prompt: str
    model: ImageModel | str | None = None
    n: int | None = None
    quality: ImageQuality | None = None
    response_format: ImageResponseFormat | None = None
    output_format: ImageOutputFormat | None = None
    output_compression: int | None = None
    """0-100: compression of ``jpeg``/``webp`` output (gpt-image-1)."""
    size: ImageSize | None = None
    moderation: ImageModeration | None = None
    background: ImageBackground | None = None
    style: ImageStyle | None = None
    user: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateImageEditRequest(_Base):
    """Edits one image (or, with gpt-image-1, up to 16) given a prompt; sent as multipart.

    One image goes as the ``image`` part; a list goes as repeated ``image[]`` parts.
    """

    image: InputSource | list[InputSource]
    prompt: str
    mask: InputSource | None = None
    model: ImageModel | str | None = None
    n: int | None = None
    size: DallE2ImageSize | ImageSize | None = None
    response_format: ImageResponseFormat | None = None
    user: str | None = None
    quality: ImageQuality | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateImageVariationRequest(_Base):
    """Creates variations of an image (dall-e-2); sent as multipart."""

    image: InputSource
    model: ImageModel | str | None = None
    n: int | None = None
    response_format: ImageResponseFormat | None = None
    size: DallE2ImageSize | None = None
    user: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlImage(_Base):
    """``Image::Url``: the URL of a generated image (valid for 60 minutes)."""

    url: str
    revised_prompt: str | None = None

    def __post_init__(self) -> None:
        # Lets the untagged union fall through to B64JsonImage on {"url": null, "b64_json": ...}.
        if not isinstance(self.url, str):
            raise TypeError("UrlImage.url must be a string")


@dataclass(frozen=True, slots=True, kw_only=True)
class B64JsonImage(_Base):
    """``Image::B64Json``: a generated image, base64-encoded."""

    b64_json: str
    revised_prompt: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.b64_json, str):
            raise TypeError("B64JsonImage.b64_json must be a string")


Image: TypeAlias = UrlImage | B64JsonImage
"""A generated image: ``UrlImage`` or ``B64JsonImage`` (untagged, by which key is present)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ImagesInputTokensDetails(_Base):
    text_tokens: int
    image_tokens: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ImagesUsage(_Base):
    """Token usage of a gpt-image-1 request."""

    total_tokens: int
    input_tokens: int
    output_tokens: int
    input_tokens_details: ImagesInputTokensDetails


@dataclass(frozen=True, slots=True, kw_only=True)
class ImagesResponse(_Base):
    """The answer of every image endpoint."""

    created: int
    data: list[Image] | None = None
    usage: ImagesUsage | None = None

    @overload
    def save(self, directory: str | os.PathLike[str], client: Client | None = None) -> list[Path]: ...

    @overload
    def save(
        self, directory: str | os.PathLike[str], client: AsyncClient
    ) -> Coroutine[Any, Any, list[Path]]: ...

    def save(self, directory: str | os.PathLike[str], client: Any = None) -> Any:
        """Write every image into ``directory`` (created if needed) and return the paths.

        b64_json images are decoded; URLs are downloaded over ``client``'s connections
        (concurrently, and as an awaitable, with an ``AsyncClient``; without a client,
        over a short-lived blocking one). A failed download or write raises
        ``FileSaveError`` naming each file, after the other images are written.
        Same as ``client.images().save(response, directory)``.
        """
        from ..image import save_images

        return save_images(self, directory, client)


def _image(value: Any) -> InputSource:
    return InputSource.coerce(value)


def _one_or_many(value: Any) -> InputSource | list[InputSource]:
    # A (filename, bytes) pair is one image; any other list, tuple or iterable holds several.
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], (bytes, bytearray)):
        return InputSource.coerce(value)
    if isinstance(value, (InputSource, str, os.PathLike)) or hasattr(value, "read"):
        return InputSource.coerce(value)
    if isinstance(value, Iterable):
        return [InputSource.coerce(v) for v in value]
    return InputSource.coerce(value)


class CreateImageRequestArgs(Builder[CreateImageRequest]):
    """Builder of ``CreateImageRequest``."""

    prompt = Setter[str]()
    model = Setter[ImageModel | str]()
    n = Setter[int]()
    quality = Setter[ImageQuality | str]()
    response_format = Setter[ImageResponseFormat | str]()
    output_format = Setter[ImageOutputFormat | str]()
    output_compression = Setter[int]()
    size = Setter[ImageSize | str]()
    moderation = Setter[ImageModeration | str]()
    background = Setter[ImageBackground | str]()
    style = Setter[ImageStyle | str]()
    user = Setter[str]()


class CreateImageEditRequestArgs(Builder[CreateImageEditRequest]):
    """Builder of ``CreateImageEditRequest``; ``image`` takes one image or an iterable of them."""

    image = Setter[ImageSource | Iterable[ImageSource]](convert=_one_or_many)
    prompt = Setter[str]()
    mask = Setter[ImageSource](convert=_image)
    model = Setter[ImageModel | str]()
    n = Setter[int]()
    size = Setter[DallE2ImageSize | ImageSize | str]()
    response_format = Setter[ImageResponseFormat | str]()
    user = Setter[str]()
    quality = Setter[ImageQuality | str]()


class CreateImageVariationRequestArgs(Builder[CreateImageVariationRequest]):
    """Builder of ``CreateImageVariationRequest``."""

    image = Setter[ImageSource](convert=_image)
    model = Setter[ImageModel | str]()
    n = Setter[int]()
    response_format = Setter[ImageResponseFormat | str]()
    size = Setter[DallE2ImageSize | str]()
    user = Setter[str]()
