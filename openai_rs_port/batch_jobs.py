"""The Batch API job helper, written once for ``Client`` and ``AsyncClient``: a job of any size
split into batch files within OpenAI's limits, uploaded, run, followed, downloaded and
joined back to its inputs by ``custom_id``; failed or expired lines resubmitted on request;
a stopped run resumed from a small state file."""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ._resource import Calls, Plan, Resource, Sleep, plan_endpoint
from .batches import Batches
from .bulk import read_requests
from .error import InvalidArgument
from .file import Files
from .types.batch import BatchCompletionWindow, BatchEndpoint, BatchRequest
from .types.common import InputSource
from .types.file import CreateFileRequest, FilePurpose

__all__ = ["MAX_FILE_BYTES", "MAX_FILE_REQUESTS", "BatchJobResult", "BatchJobs", "split_lines"]

C = TypeVar("C")

MAX_FILE_REQUESTS = 50_000
MAX_FILE_BYTES = 200 * 1024 * 1024
"""OpenAI's limits on one batch input file: 50,000 requests and 200 MB."""

FINAL = frozenset({"completed", "failed", "expired", "cancelled"})

Line = dict[str, Any]


def split_lines(lines: Iterable[Line], *, max_requests: int = MAX_FILE_REQUESTS,
                max_bytes: int = MAX_FILE_BYTES) -> Iterator[bytes]:
    """The JSONL contents of batch files holding ``lines`` in order, each within the limits.

    One file is built at a time. A line longer than ``max_bytes`` raises ``InvalidArgument``.
    """
    if max_requests < 1 or max_bytes < 1:
        raise InvalidArgument("max_requests and max_bytes must be at least 1")
    chunk: list[bytes] = []
    size = 0
    for line in lines:
        data = (json.dumps(line, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
        if len(data) > max_bytes:
            raise InvalidArgument(f"line {line.get('custom_id')!r} is over {max_bytes} bytes")
        if chunk and (len(chunk) == max_requests or size + len(data) > max_bytes):
            yield b"".join(chunk)
            chunk, size = [], 0
        chunk.append(data)
        size += len(data)
    if chunk:
        yield b"".join(chunk)


@dataclass(slots=True)
class _Part:
    round: int
    index: int
    count: int
    file_id: str | None = None
    batch_id: str | None = None
    status: str | None = None
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None


@dataclass(slots=True)
class _State:
    endpoint: str
    parts: list[_Part] = field(default_factory=list)
    rounds: int = 0
    """Rounds whose parts are all uploaded and created (0: the first is not)."""

    @classmethod
    def load(cls, path: Path) -> _State | None:
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        return cls(endpoint=data["endpoint"], rounds=data["rounds"],
                   parts=[_Part(**p) for p in data["parts"]])

    def save(self, path: Path | None) -> None:
        if path is None:
            return
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1))
        # Atomic: a stop mid-save leaves the previous state.
        os.replace(tmp, path)


@dataclass(frozen=True, slots=True)
class BatchJobResult:
    """A finished job: each ``custom_id``'s output line (the last round's), and which failed.

    ``failed``: ids whose line is an error (``error`` set or a status other than 200);
    ``missing``: ids with no line at all (their batch expired, was cancelled or failed).
    """

    outputs: dict[str, Line]
    failed: list[str]
    missing: list[str]
    batch_ids: list[str]

    def joined(self, inputs: str | os.PathLike[str] | Iterable[Any]) -> Iterator[tuple[Line, Line | None]]:
        """``(input line, output line or None)`` for each input, in input order."""
        for line in read_requests(inputs):
            yield line, self.outputs.get(line["custom_id"])


def _ok(line: Line) -> bool:
    resp = line.get("response")
    return line.get("error") is None and isinstance(resp, dict) and resp.get("status_code") == 200


class _Bar:
    def __init__(self, enabled: bool, total: int) -> None:
        self.bar: Any = None
        if enabled:
            try:
                self.bar = importlib.import_module("tqdm").tqdm(total=total, unit="req")
            except ImportError:
                pass

    def show(self, done: int, total: int) -> None:
        if self.bar is not None:
            self.bar.total = total
            self.bar.n = done
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class BatchJobs(Resource[C]):
    """Large jobs on the Batch API: ``client.batch_jobs().run(source, state_path=...)``."""

    __slots__ = ()

    @plan_endpoint
    def run(
        self,
        source: str | os.PathLike[str] | Iterable[Any],
        *,
        state_path: str | os.PathLike[str] | None = None,
        resubmit: int = 0,
        poll_interval: float = 5.0,
        max_poll_interval: float = 60.0,
        max_requests: int = MAX_FILE_REQUESTS,
        max_bytes: int = MAX_FILE_BYTES,
        metadata: Mapping[str, str] | None = None,
        progress: bool = False,
    ) -> Plan[BatchJobResult]:
        """Run every line of ``source`` (a Batch API input file, or its lines) as batches.

        The lines (one ``url`` for all) are split into files of at most ``max_requests``
        lines and ``max_bytes`` bytes, each uploaded and run as a batch; the batches are
        retrieved every ``poll_interval`` seconds, the wait growing by half up to
        ``max_poll_interval``, until all are final; their output and error files are
        then read. ``resubmit``: how many more rounds to run for lines that failed or
        came back with no line (expired, cancelled). ``state_path``: a small JSON file
        of the files and batches made so far; a run stopped at any point and started
        again with it uploads and creates nothing twice (``source`` must give the same
        lines in the same order). ``progress``: a tqdm bar of the requests done.
        """
        files: Files[Any] = Files(self._client)
        batches: Batches[Any] = Batches(self._client)
        path = None if state_path is None else Path(state_path)
        state = None if path is None else _State.load(path)
        if state is None:
            first = next(iter(read_requests(source)), None)
            if first is None:
                raise InvalidArgument("the job has no lines")
            url = str(first.get("url"))
            if url not in set(BatchEndpoint):
                raise InvalidArgument(f"the Batch API runs {[str(e) for e in BatchEndpoint]}, "
                                      f"not {url!r}")
            state = _State(endpoint=url)
        bar = _Bar(progress, 0)
        try:
            todo: set[str] | None = None  # None: every line (the first round)
            for round_ in range(resubmit + 1):
                if round_ >= state.rounds:
                    lines = (x for x in read_requests(source)
                             if todo is None or x["custom_id"] in todo)
                    yield from self._submit(files, batches, state, path, round_, lines,
                                            max_requests, max_bytes, metadata)
                parts = [p for p in state.parts if p.round == round_]
                yield from self._follow(batches, state, path, parts, poll_interval,
                                        max_poll_interval, bar)
                outputs: dict[str, Line] = {}
                for part in state.parts:
                    if part.round <= round_:
                        for file_id in (part.output_file_id, part.error_file_id):
                            if file_id is not None:
                                [data] = yield Calls((Files.content.describe(files, file_id),))
                                for raw in bytes(data).splitlines():
                                    if raw.strip():
                                        out = json.loads(raw)
                                        # A later round's answer wins over an earlier error.
                                        if out["custom_id"] not in outputs or _ok(out):
                                            outputs[out["custom_id"]] = out
                ids = [x["custom_id"] for x in read_requests(source)]
                failed = [i for i in ids if i in outputs and not _ok(outputs[i])]
                missing = [i for i in ids if i not in outputs]
                todo = set(failed) | set(missing)
                if not todo:
                    break
        finally:
            bar.close()
        return BatchJobResult(outputs=outputs, failed=failed, missing=missing,
                              batch_ids=[p.batch_id for p in state.parts if p.batch_id])

    def _submit(self, files: Files[Any], batches: Batches[Any], state: _State, path: Path | None,
                round_: int, lines: Iterable[Line], max_requests: int, max_bytes: int,
                metadata: Mapping[str, str] | None) -> Plan[None]:
        known = {p.index: p for p in state.parts if p.round == round_}
        for index, data in enumerate(split_lines(lines, max_requests=max_requests,
                                                 max_bytes=max_bytes)):
            part = known.get(index)
            if part is None:
                part = _Part(round=round_, index=index, count=data.count(b"\n"))
                state.parts.append(part)
            if part.file_id is None:
                upload = CreateFileRequest(
                    file=InputSource.from_bytes(f"batch_job_r{round_}_{index:04d}.jsonl", data),
                    purpose=FilePurpose.BATCH)
                [stored] = yield Calls((Files.create.describe(files, upload),))
                part.file_id = stored.id
                state.save(path)
            if part.batch_id is None:
                request = BatchRequest(input_file_id=part.file_id,
                                       endpoint=BatchEndpoint(state.endpoint),
                                       completion_window=BatchCompletionWindow.W24H,
                                       metadata=dict(metadata) if metadata else None)
                [batch] = yield Calls((Batches.create.describe(batches, request),))
                part.batch_id = batch.id
                part.status = str(batch.status)
                state.save(path)
        state.rounds = round_ + 1
        state.save(path)

    def _follow(self, batches: Batches[Any], state: _State, path: Path | None,
                parts: list[_Part], interval: float, max_interval: float, bar: _Bar) -> Plan[None]:
        total = sum(p.count for p in parts)
        wait = interval
        while True:
            open_parts = [p for p in parts if p.status not in FINAL]
            bar.show(sum(p.completed + p.failed for p in parts), total)
            if not open_parts:
                return
            got = yield Calls(tuple(Batches.retrieve.describe(batches, str(p.batch_id))
                                    for p in open_parts), concurrency=8)
            for part, batch in zip(open_parts, got, strict=True):
                part.status = str(batch.status)
                part.output_file_id = batch.output_file_id
                part.error_file_id = batch.error_file_id
                if batch.request_counts is not None:
                    part.completed = batch.request_counts.completed
                    part.failed = batch.request_counts.failed
            state.save(path)
            if all(p.status in FINAL for p in parts):
                continue
            yield Sleep(wait)
            wait = min(max_interval, wait * 1.5)
