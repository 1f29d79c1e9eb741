"""The bulk runner over a Dask cluster: each partition of a bag (or data frame) of request
lines is run by ``run_bulk`` on its worker, with one ``AsyncClient`` and one ``RateControl``
per worker, each worker holding ``1/N`` of the organization's limits.

Needs the ``[dask]`` extra (``dask[distributed]``).
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._async import AsyncClient
from ..config import OpenAIConfig
from . import RateControl, run_bulk

__all__ = ["run_bag", "run_dataframe"]


@dataclass(frozen=True, slots=True)
class _Settings:
    api_base: str | None
    api_key: str | None = field(repr=False)
    share: float
    rpm: float | None
    tpm: float | None
    window: float
    max_concurrency: int
    max_attempts: int


class _Worker:
    """What one worker process keeps between partitions: a loop thread, a client, a control."""

    def __init__(self, settings: _Settings) -> None:
        self.settings = settings
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True,
                         name="openai-rs-bulk").start()
        self.client = AsyncClient(OpenAIConfig(api_key=settings.api_key,
                                               api_base=settings.api_base))
        self.control: RateControl = self.run(self._control())

    async def _control(self) -> RateControl:
        # Made on the worker's loop, which its condition belongs to.
        s = self.settings
        return RateControl(max_concurrency=s.max_concurrency, rpm=s.rpm, tpm=s.tpm,
                           window=s.window, share=s.share)

    def run(self, coro: Any) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coro, self.loop)
        return future.result()


_WORKERS: dict[_Settings, _Worker] = {}
_LOCK = threading.Lock()


def _worker(settings: _Settings) -> _Worker:
    with _LOCK:
        worker = _WORKERS.get(settings)
        if worker is None:
            worker = _WORKERS[settings] = _Worker(settings)
        return worker


def _partition(lines: list[Any], index: int, output_dir: str,
               settings: _Settings) -> list[dict[str, Any]]:
    worker = _worker(settings)
    path = Path(output_dir) / f"part-{index:05d}.jsonl"
    worker.run(run_bulk(list(lines), path, client=worker.client, control=worker.control,
                        max_attempts=settings.max_attempts))
    with open(path, encoding="utf-8") as f:
        return [json.loads(raw) for raw in f if raw.strip()]


def _workers() -> int:
    client = importlib.import_module("distributed").get_client()
    return max(1, len(client.scheduler_info()["workers"]))


def run_bag(
    bag: Any,
    output_dir: str | os.PathLike[str] | None = None,
    *,
    config: OpenAIConfig | None = None,
    workers: int | None = None,
    rpm: float | None = None,
    tpm: float | None = None,
    window: float = 60.0,
    max_concurrency: int = 64,
    max_attempts: int = 5,
) -> list[dict[str, Any]]:
    """Run the request lines of a Dask bag; the output lines, in ``custom_id`` order.

    Partition ``i`` appends its results to ``output_dir/part-i.jsonl`` (a directory all
    workers see; default a new temporary one), so running the same bag again with the
    same directory resumes each partition as ``run_bulk`` does. ``workers`` (default: the
    current ``distributed`` client's count) splits the limits: each worker's runner
    takes ``1/workers`` of the server's ``x-ratelimit-*`` limits and of ``rpm``/``tpm``,
    so that together they stay within the organization's. ``config`` gives the API base
    and key (default: each worker's environment).
    """
    # Imported by name: dask is an optional extra, without type information.
    dask: Any = importlib.import_module("dask")
    n = workers if workers is not None else _workers()
    folder = str(output_dir) if output_dir is not None else tempfile.mkdtemp(prefix="bulk-")
    os.makedirs(folder, exist_ok=True)
    settings = _Settings(
        api_base=config.api_base if config is not None else None,
        api_key=config.api_key.expose_secret() if config is not None else None,
        share=1.0 / n, rpm=None if rpm is None else rpm / n, tpm=None if tpm is None else tpm / n,
        window=window, max_concurrency=max_concurrency, max_attempts=max_attempts)
    parts = [dask.delayed(_partition, pure=False)(p, i, folder, settings)
             for i, p in enumerate(bag.to_delayed())]
    results = dask.compute(*parts)
    lines = [line for part in results for line in part]
    lines.sort(key=lambda x: x["custom_id"])
    return lines


def run_dataframe(frame: Any, output_dir: str | os.PathLike[str] | None = None,
                  **kwargs: Any) -> list[dict[str, Any]]:
    """``run_bag`` on a Dask data frame with ``custom_id``, ``method``, ``url`` and ``body``
    columns (one row a request)."""
    return run_bag(frame.to_bag(format="dict"), output_dir, **kwargs)
