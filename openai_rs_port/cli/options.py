"""``--json``, accepted before the command (``openai-rs --json models``) and after it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from .config import Settings

F = TypeVar("F", bound=Callable[..., Any])


def _set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Settings).json = True


def json_option(f: F) -> F:
    """Adds ``--json`` to a command: its output becomes JSON (one object, or JSONL)."""
    return click.option("--json", "json_flag", is_flag=True, expose_value=False, callback=_set_json,
                        help="JSON output instead of text")(f)
