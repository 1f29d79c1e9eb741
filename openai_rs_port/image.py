"""Images: generate, edit and vary images; save what comes back."""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from ._request import ApiRequest, FilePart, Multipart, json_body, json_decoder
from ._resource import Calls, Plan, Resource, binary_endpoint, endpoint, plan_endpoint
from .error import FileSaveError, OpenAIError
from .types.common import InputSource
from .types.image import (
    B64JsonImage,
    CreateImageEditRequest,
    CreateImageRequest,
    CreateImageVariationRequest,
    ImagesResponse,
)

__all__ = ["Images", "save_images"]

C = TypeVar("C")

_IMAGES = json_decoder(ImagesResponse)

# The API checks the declared type of uploaded images (gpt-image-1 refuses octet-stream).
_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


def image_part(field: str, source: InputSource) -> FilePart:
    """The file part for an image, typed by its filename's extension."""
    part: FilePart = source.part(field)
    ctype = _IMAGE_TYPES.get(os.path.splitext(part.filename)[1].lower())
    return replace(part, content_type=ctype) if ctype else part


def _fields(pairs: Mapping[str, object | None]) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in pairs.items() if v is not None)


class Images(Resource[C]):
    """Given a prompt and/or an input image, the model generates new images."""

    __slots__ = ()

    @endpoint
    def create(self, request: CreateImageRequest) -> ApiRequest[ImagesResponse]:
        """Creates an image given a prompt."""
        return ApiRequest("POST", "/images/generations", _IMAGES, body=json_body(request))

    @binary_endpoint
    def create_edit(self, request: CreateImageEditRequest) -> ApiRequest[ImagesResponse]:
        """Creates an edited or extended image given an original image and a prompt."""
        if isinstance(request.image, list):
            images = tuple(image_part("image[]", InputSource.coerce(i)) for i in request.image)
        else:
            images = (image_part("image", InputSource.coerce(request.image)),)
        mask = () if request.mask is None else (image_part("mask", request.mask),)
        fields = _fields({
            "prompt": request.prompt, "model": request.model, "n": request.n,
            "size": request.size, "response_format": request.response_format,
            "user": request.user, "quality": request.quality,
        })
        body = Multipart(fields=fields, files=images + mask)
        return ApiRequest("POST", "/images/edits", _IMAGES, multipart=body)

    @binary_endpoint
    def create_variation(self, request: CreateImageVariationRequest) -> ApiRequest[ImagesResponse]:
        """Creates a variation of a given image."""
        fields = _fields({
            "model": request.model, "n": request.n, "response_format": request.response_format,
            "size": request.size, "user": request.user,
        })
        body = Multipart(fields=fields, files=(image_part("image", request.image),))
        return ApiRequest("POST", "/images/variations", _IMAGES, multipart=body)

    @plan_endpoint
    def save(self, response: ImagesResponse, directory: str | os.PathLike[str]) -> Plan[list[Path]]:
        """Write every image of ``response`` into ``directory`` and return the paths.

        The directory is created if needed; b64_json images are decoded and URLs are
        downloaded over this client's connections (concurrently on ``AsyncClient``, with
        its retry policy, but without its credentials). A failed download or write raises
        ``FileSaveError`` naming each file that failed, once the others are written.
        """
        plan = _SavePlan(response, directory)
        bodies: list[Any] = []
        if plan.downloads:
            bodies = yield Calls(tuple(plan.downloads), concurrency=8, return_exceptions=True)
        return plan.finish(bodies)


# Saving -----------------------------------------------------------------------------------


_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _sniff(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return ".gif"
    return ".png"


def _url_name(url: str) -> str | None:
    name = _SAFE.sub("_", os.path.basename(unquote(urlsplit(url).path)))
    return name if name.strip("._") else None


class _SavePlan:
    """What saving a response does, apart from the downloads: one place for both modes."""

    def __init__(self, response: ImagesResponse, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise FileSaveError(f"cannot create directory {self.directory}: {e.strerror or e}") from None
        self.images = list(response.data or ())
        self.names: list[str | None] = []
        self.downloads: list[ApiRequest[bytes]] = []
        taken: set[str] = set()
        for i, image in enumerate(self.images):
            if isinstance(image, B64JsonImage):
                self.names.append(None)  # named once decoded, by its content
                continue
            name = _url_name(image.url) or f"image-{i}.png"
            if name in taken:
                name = f"{i}-{name}"
            taken.add(name)
            self.names.append(name)
            self.downloads.append(ApiRequest("GET", image.url, bytes))

    def finish(self, bodies: list[bytes | OpenAIError]) -> list[Path]:
        """Decode and write every image, given the download results in order."""
        fetched = iter(bodies)
        paths: list[Path] = []
        errors: list[str] = []
        for image, name in zip(self.images, self.names, strict=True):
            if isinstance(image, B64JsonImage):
                try:
                    data = base64.b64decode(image.b64_json, validate=True)
                except (binascii.Error, ValueError) as e:
                    errors.append(f"invalid base64 image data: {e}")
                    continue
                path = self.directory / f"{secrets.token_hex(5)}{_sniff(data)}"
            else:
                assert name is not None
                path = self.directory / name
                body = next(fetched)
                if isinstance(body, OpenAIError):
                    errors.append(f"cannot download {image.url} to {path}: {body}")
                    continue
                data = body
            try:
                path.write_bytes(data)
            except OSError as e:
                errors.append(f"cannot write {path}: {e.strerror or e}")
                continue
            paths.append(path)
        if errors:
            raise FileSaveError("; ".join(errors))
        return paths


def save_images(response: ImagesResponse, directory: str | os.PathLike[str], client: Any) -> Any:
    """``ImagesResponse.save``: through ``client``, or, without one, the save plan run on
    its own by the blocking transport (absolute image URLs need no credentials)."""
    if client is not None:
        return client.images().save(response, directory)
    from ._sync import run_detached

    return run_detached(Images.save.fn(None, response, directory))
