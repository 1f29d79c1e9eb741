"""Shared fixtures: Prism on the spec (tests/data/openapi), and one harness that runs each test in both modes.

A test is written once against ``h`` (a ``Harness``):

    def test_list(prism):
        models = prism.call(prism.client.models().list())

``prism.call`` returns the value directly for ``Client`` and runs the awaitable
to completion for ``AsyncClient``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from openai_rs_port import AsyncClient, Backoff, Client, OpenAIConfig

ROOT = Path(__file__).resolve().parent.parent
# The tests read only the repository's copies, so that a plain clone passes.
DATA = ROOT / "tests" / "data"
SPEC = DATA / "openapi" / "openai-openapi-2025-04-29.yaml"
SEED_NAMES = DATA / "seed-names.txt"
# The shared reference material the copies are made from; it sits beside the repository when
# present (OPENAI_RS_PORT_SHARED overrides), and only test_shared_copies.py reads it.
SHARED = Path(os.environ.get("OPENAI_RS_PORT_SHARED", ROOT.parent / "shared"))
PRISM_BIN = ROOT / "tests" / "prism" / "node_modules" / ".bin" / "prism"

TEST_KEY = "sk-test-SECRET-0123456789abcdef"

# Fixtures `local_server` and `local`: the project's own server (tests/local_server.py).
pytest_plugins = ["local_server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, proc: subprocess.Popen[bytes] | None, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"prism exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("prism did not start in time")


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    """Base URL of a Prism mock of the spec (``PRISM_URL`` reuses a running one)."""
    existing = os.environ.get("PRISM_URL")
    if existing:
        yield existing.rstrip("/")
        return
    exe = str(PRISM_BIN) if PRISM_BIN.exists() else shutil.which("prism")
    if exe is None:
        raise RuntimeError("Prism is not installed: run `npm ci --prefix tests/prism`")
    if not SPEC.exists():
        raise RuntimeError(f"the spec is missing: {SPEC} (tests/data/openapi is part of the repository)")
    log_path = ROOT / "tests" / "prism" / "prism.log"
    log_path.write_bytes(b"")
    proc, port = _start_prism(exe, log_path)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _start_prism(exe: str, log_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start Prism on a free port; a start that dies (a port taken meanwhile) is tried again."""
    failures = []
    for _ in range(3):
        port = free_port()
        with open(log_path, "ab") as log:
            proc = subprocess.Popen(
                [exe, "mock", "-h", "127.0.0.1", "-p", str(port), str(SPEC)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_port(port, proc, time.monotonic() + 90)
            return proc, port
        except RuntimeError as e:
            proc.kill()
            proc.wait()
            failures.append(str(e))
    tail = log_path.read_text(errors="replace")[-3000:]
    raise RuntimeError(f"Prism did not start: {failures}\n--- {log_path} ---\n{tail}")


class Harness:
    """One client in one mode, with helpers that make a test body mode-agnostic."""

    def __init__(self, mode: str, config: OpenAIConfig, backoff: Backoff | None = None) -> None:
        self.mode = mode
        self.config = config
        self.loop: asyncio.AbstractEventLoop | None = None
        self.client: Any
        if mode == "sync":
            self.client = Client(config, backoff=backoff)
        else:
            self.loop = asyncio.new_event_loop()
            self.client = AsyncClient(config, backoff=backoff)

    @property
    def is_async(self) -> bool:
        return self.loop is not None

    def make(self, **kwargs: Any) -> Any:
        """Another client of the same mode (closed by ``close``)."""
        cls = AsyncClient if self.is_async else Client
        kwargs.setdefault("config", self.config)
        c = cls(**kwargs)
        self._extra.append(c)
        return c

    _extra: list[Any]

    def call(self, result: Any) -> Any:
        """The value of an endpoint call in either mode."""
        if self.loop is not None:
            return self.loop.run_until_complete(result)
        return result

    def run(self, coro_or_value: Any) -> Any:
        return self.call(coro_or_value)

    def next(self, stream: Any) -> Any:
        """The next stream item; raises StopIteration at the end in both modes."""
        if self.loop is not None:
            try:
                return self.loop.run_until_complete(stream.__anext__())
            except StopAsyncIteration:
                raise StopIteration from None
        return next(stream)

    def collect(self, stream: Any) -> list[Any]:
        out = []
        while True:
            try:
                out.append(self.next(stream))
            except StopIteration:
                return out

    def close_stream(self, stream: Any) -> None:
        if self.loop is not None:
            self.loop.run_until_complete(stream.aclose())
        else:
            stream.close()

    def sleep(self, seconds: float) -> None:
        if self.loop is not None:
            self.loop.run_until_complete(asyncio.sleep(seconds))
        else:
            time.sleep(seconds)

    def close(self) -> None:
        clients = [self.client, *self._extra]
        if self.loop is not None:
            for c in clients:
                self.loop.run_until_complete(c.close())
            # Let aiohttp finish closing transports before the loop goes.
            self.loop.run_until_complete(asyncio.sleep(0.01))
            pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
            self.loop.close()
            assert not pending, f"tasks left pending: {pending}"
        else:
            for c in clients:
                c.close()


Harness._extra = []


def make_harness(mode: str, config: OpenAIConfig, backoff: Backoff | None = None) -> Harness:
    h = Harness(mode, config, backoff)
    h._extra = []
    return h


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def prism(prism_url: str, mode: str) -> Iterator[Harness]:
    """A harness whose client talks to Prism, in each mode."""
    cfg = OpenAIConfig(api_key=TEST_KEY, api_base=prism_url)
    h = make_harness(mode, cfg, Backoff.disabled())
    try:
        yield h
    finally:
        h.close()
