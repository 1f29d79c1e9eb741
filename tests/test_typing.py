"""mypy sees the plain result on Client, an awaitable on AsyncClient, and typed builder setters."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mypy import api

SNIPPET = """
from openai_rs_port import AsyncClient, Client
from openai_rs_port.types.model import ListModelResponse, Model
from openai_rs_port.types.common import CompletionUsage
from openai_rs_port.types.file import ListFilesResponse, OpenAIFile
from openai_rs_port._response import RawResponse
from openai_rs_port.model import Models
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
    model: Model = a.models().retrieve("m")  # error expected


def new_ok(c: Client) -> Model:
    models: Models[Client] = Models.new(c)
    return models.retrieve("m")


def raw_sync(c: Client) -> Model:
    raw: RawResponse[Model] = c.with_raw_response().models().retrieve("m")
    limits: int | None = raw.rate_limits.remaining_requests
    return raw.parse()


async def raw_async(a: AsyncClient) -> Model:
    raw: RawResponse[Model] = await a.with_raw_response().models().retrieve("m")
    return raw.parse()


def pages_sync(c: Client) -> list[OpenAIFile]:
    page: ListFilesResponse = c.files().list({"limit": 2})
    return [f for f in c.files().with_options(headers={"x-a": "b"}).list()] + page.data


async def pages_async(a: AsyncClient) -> list[OpenAIFile]:
    page: ListFilesResponse = await a.files().list()
    return [f async for f in a.with_options(max_retries=1).files().list()] + page.data


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
