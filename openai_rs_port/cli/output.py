"""Human or JSON output on stdout, and progress bars on stderr (only when it is a terminal)."""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

import click

# Imported by name, as the bulk runner does: tqdm ships no type information, and the bar is
# used through a handful of attributes (update, total, n, set_postfix_str).
_tqdm: Any = importlib.import_module("tqdm").tqdm


def jsonable(value: Any) -> Any:
    """A model (``to_dict``), or a list of them, as plain JSON values."""
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def emit_json(value: Any) -> None:
    """One JSON document (a line) on stdout."""
    click.echo(json.dumps(jsonable(value), ensure_ascii=False))


def bar(total: int | None, unit: str, desc: str | None = None, *, scale: bool = False) -> Any:
    """A tqdm bar on stderr, shown only when stderr is a terminal (never in a pipe or a log)."""
    return _tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, disable=not sys.stderr.isatty(),
                unit_scale=scale, unit_divisor=1024 if scale else 1000, leave=True)
