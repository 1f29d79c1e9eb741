"""Exit codes, and the one line an error prints to stderr."""

from __future__ import annotations

from http import HTTPStatus
from typing import IO, Any

import click

from ..error import APIConnectionError, ApiError, OpenAIError

OTHER = 1
USAGE = 2  # click's own code for a usage error
API = 3
CONNECTION = 4


def _phrase(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def describe(e: OpenAIError) -> tuple[int, str]:
    """The exit code for ``e`` and its one-line message (the library's errors hold no key)."""
    if isinstance(e, ApiError):
        head = _phrase(e.status) if e.status is not None else "API error"
        if e.request_id:
            head += f" (request {e.request_id})"
        code, line = API, f"{head}: {e.message}"
    elif isinstance(e, APIConnectionError):  # timeouts included; the message says which
        code, line = CONNECTION, str(e)
    else:
        code, line = OTHER, str(e)
    return code, "error: " + " ".join(line.split())


class Failure(click.ClickException):
    """A command's own failure (exit 1), shown as the library's errors are: ``error: ...``."""

    exit_code = OTHER

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)
