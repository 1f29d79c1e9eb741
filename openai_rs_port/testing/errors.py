"""``ApiFailure``: the one error type of the local server."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

__all__ = ["ApiFailure"]


class ApiFailure(Exception):
    """An OpenAI error answer. Raise it anywhere in a handler (or a store); the server
    answers ``status`` with ``{"error": {"message", "type", "param", "code"}}``.

    ``server.script(...)`` raises it too, for a scripted response it cannot play.
    """

    def __init__(
        self, status: int, message: str, *, type: str = "invalid_request_error",
        param: str | None = None, code: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.headers = dict(headers or {})

    @classmethod
    def missing(cls, name: str) -> ApiFailure:
        """400 for a required parameter that was not sent."""
        return cls(400, f"Missing required parameter: '{name}'.", param=name,
                   code="missing_required_parameter")

    @classmethod
    def invalid(cls, name: str, message: str) -> ApiFailure:
        """400 for a parameter with a value the API does not take."""
        return cls(400, message, param=name, code="invalid_value")

    def to_json(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.type, "param": self.param,
                          "code": self.code}}

    def response(self) -> web.Response:
        body = json.dumps(self.to_json(), separators=(",", ":"), ensure_ascii=False).encode()
        return web.Response(body=body, status=self.status, headers=self.headers,
                            content_type="application/json")

    def __repr__(self) -> str:
        return f"ApiFailure({self.status}, {self.message!r}, param={self.param!r})"
