"""mypy sees the plain result on Client, an awaitable on AsyncClient, and typed builder setters."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mypy import api

SNIPPET = """
from openai_rs_port import AsyncClient, Client
from openai_rs_port.types.model import ListModelResponse, Model
from openai_rs_port.types.common import CompletionUsage
from openai_rs_port._builder import Builder, Setter


class UsageArgs(Builder[CompletionUsage]):
    prompt_tokens = Setter[int]()
    completion_tokens = Setter[int]()
    total_tokens = Setter[int]()
    prompt_tokens_details = Setter[None]()
    completion_tokens_details = Setter[None]()


def sync_ok(c: Client) -> Model:
    listed: ListModelResponse = c.models().list()
    return listed.data[0]


async def async_ok(a: AsyncClient) -> Model:
    listed: ListModelResponse = await a.models().list()
    return await a.models().retrieve(listed.data[0].id)


async def forgot_await(a: AsyncClient) -> None:
    listed: ListModelResponse = a.models().list()  # error expected


def awaited_sync(c: Client) -> None:
    async def inner() -> None:
        await c.models().list()  # error expected


def builder_types() -> CompletionUsage:
    ok: CompletionUsage = UsageArgs().prompt_tokens(1).completion_tokens(2).total_tokens(3).build()
    UsageArgs().prompt_tokens("one")  # error expected
    return ok
"""


def test_mypy_distinguishes_modes_and_checks_setters(tmp_path: Path) -> None:
    src = tmp_path / "snippet.py"
    src.write_text(textwrap.dedent(SNIPPET).lstrip("\n"))
    out, err, _status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(src)]
    )
    lines = [line for line in out.splitlines() if ": error:" in line]
    error_lines = sorted({int(line.split(":")[1]) for line in lines})
    expected = [
        n for n, text in enumerate(src.read_text().splitlines(), 1) if "error expected" in text
    ]
    assert len(expected) == 3
    assert error_lines == expected, out + err
    assert "Coroutine" in next(line for line in lines if f":{expected[0]}:" in line)
