"""Errors, named for what happened (async-openai's ``OpenAIError`` enum as a class tree)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._response import Headers

__all__ = [
    "APIConnectionError",
    "APITimeoutError",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "EventLoopMismatch",
    "FileReadError",
    "FileSaveError",
    "InternalServerError",
    "InvalidArgument",
    "JSONDeserialize",
    "MissingAPIKeyError",
    "NoNextPage",
    "NotFoundError",
    "OpenAIError",
    "PermissionDeniedError",
    "RateLimitError",
    "StreamError",
    "StreamTimeoutError",
    "UnprocessableEntityError",
    "api_error_from_response",
]


class OpenAIError(Exception):
    """Base of every error this library raises."""


class ApiError(OpenAIError):
    """The server answered with an error: OpenAI's error object plus HTTP details.

    ``status`` is None for an error object delivered inside a stream.
    """

    def __init__(
        self,
        message: str,
        *,
        type: str | None = None,
        param: str | None = None,
        code: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.status = status
        self.request_id = request_id
        self.body = body
        self.headers: Mapping[str, str] = Headers(headers)
        """The answer's headers (case-insensitive), e.g. a 429's ``x-ratelimit-*``."""

    def __str__(self) -> str:
        bits = [self.message]
        if self.status is not None:
            bits.append(f"status={self.status}")
        if self.type:
            bits.append(f"type={self.type}")
        if self.code is not None:
            bits.append(f"code={self.code}")
        if self.param:
            bits.append(f"param={self.param}")
        if self.request_id:
            bits.append(f"request_id={self.request_id}")
        return " | ".join(bits)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class BadRequestError(ApiError):
    """HTTP 400."""


class AuthenticationError(ApiError):
    """HTTP 401."""


class PermissionDeniedError(ApiError):
    """HTTP 403."""


class NotFoundError(ApiError):
    """HTTP 404."""


class ConflictError(ApiError):
    """HTTP 409."""


class UnprocessableEntityError(ApiError):
    """HTTP 422."""


class RateLimitError(ApiError):
    """HTTP 429."""


class InternalServerError(ApiError):
    """HTTP 5xx."""


class APIConnectionError(OpenAIError):
    """The request did not get an HTTP answer (DNS, refused, reset, TLS)."""


class APITimeoutError(APIConnectionError):
    """Connecting or reading took longer than the configured timeout."""


class JSONDeserialize(OpenAIError):
    """A body could not be decoded into the expected type; ``raw`` keeps the text."""

    def __init__(self, message: str, raw: str | bytes) -> None:
        super().__init__(message)
        self.raw = raw


class StreamError(OpenAIError):
    """A server-sent event stream broke: cut off, malformed, or undecodable."""


class StreamTimeoutError(APITimeoutError, StreamError):
    """An open event stream sent nothing for longer than the read timeout."""


class InvalidArgument(OpenAIError):
    """A request was rejected before any I/O: a builder or a call-time guard."""

    def __init__(self, message: str, *, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = missing


class MissingAPIKeyError(InvalidArgument):
    """A call to OpenAI's own API was about to go out with no API key."""


class EventLoopMismatch(InvalidArgument):
    """An ``AsyncClient`` was used on an event loop that its caller-given session is not on."""


class NoNextPage(OpenAIError):
    """``next_page()`` was called on the last page of a list."""


class FileSaveError(OpenAIError):
    """Writing a downloaded or decoded file failed."""


class FileReadError(OpenAIError):
    """Reading an input file failed."""


_STATUS_CLASSES: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _opt_str(v: Any) -> str | None:
    if v is None:
        return None
    return v if isinstance(v, str) else str(v)


def api_error_from_response(status: int | None, headers: Mapping[str, str], body: bytes) -> ApiError:
    """Map an HTTP error (or an in-stream error payload when status is None) to a typed error."""
    cls: type[ApiError]
    if status is None:
        cls = ApiError
    elif status >= 500:
        cls = InternalServerError
    else:
        cls = _STATUS_CLASSES.get(status, ApiError)
    obj: Any = None
    try:
        obj = json.loads(body) if body else None
    except ValueError:
        obj = None
    if isinstance(obj, dict) and isinstance(obj.get("error"), dict):
        obj = obj["error"]
    elif isinstance(obj, dict) and isinstance(obj.get("error"), str):
        obj = {"message": obj["error"]}
    if isinstance(obj, dict):
        message = obj.get("message")
        if not isinstance(message, str):
            message = json.dumps(message) if message is not None else ""
        err_type = _opt_str(obj.get("type"))
        param = _opt_str(obj.get("param"))
        code = _opt_str(obj.get("code"))
    else:
        message = body.decode("utf-8", "replace")[:2000] if body else ""
        err_type = param = code = None
    if not message:
        message = f"HTTP {status}" if status is not None else "stream error"
    return cls(
        message,
        type=err_type,
        param=param,
        code=code,
        status=status,
        request_id=headers.get("x-request-id"),
        body=body,
        headers=headers,
    )
