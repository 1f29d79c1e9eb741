"""Text from an argument, or from stdin (``-``, or no argument with stdin not a terminal)."""

from __future__ import annotations

import sys

import click


def text_or_stdin(value: str | None, what: str) -> str:
    """``value``, or all of stdin when ``value`` is ``-`` or absent and stdin is piped."""
    if value == "-" or (value is None and not sys.stdin.isatty()):
        text = sys.stdin.read().rstrip("\r\n")  # the newline that ends the piped line
        if not text.strip():
            raise click.UsageError(f"stdin is empty: give {what} as an argument")
        return text
    if value is None:
        raise click.UsageError(f"give {what} as an argument, or '-' to read it from stdin")
    return value


def lines_or_stdin(values: tuple[str, ...], what: str) -> list[str]:
    """``values``, or the non-empty lines of stdin when none are given (or just ``-``)."""
    if values and values != ("-",):
        return list(values)
    if values != ("-",) and sys.stdin.isatty():
        raise click.UsageError(f"give {what} as arguments, or pipe them on stdin, one a line")
    return [line.rstrip("\r\n") for line in sys.stdin if line.strip()]
