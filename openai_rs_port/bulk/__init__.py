"""The bulk runner: a Batch API input file (or any iterable of its lines) run on ``AsyncClient``
under the rate limit, with results appended to a Batch API output file as they complete.

``run_bulk(source, output)`` (or ``python -m openai_rs_port.bulk``) sends each line's body to
its endpoint (chat completions, completions, embeddings, moderations, responses) and appends
one output line per request. The pace follows the ``x-ratelimit-*`` headers (``RateControl``:
token buckets synced to the remaining counts, an AIMD concurrency window, 429 with
``retry-after`` honoured), and hand caps (``rpm``, ``tpm``) on top.

Resume: a killed run started again with the same output file sends no request whose line
was saved, and loses none; a last line cut by the kill is dropped and its request sent
again (see docs/bulk.md for the exact guarantee).
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import json
import math
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .._async import AsyncClient
from .._response import RateLimits
from ..config import OpenAIConfig
from ..error import ApiError, OpenAIError

__all__ = [
    "ENDPOINTS",
    "BulkSummary",
    "OutputLog",
    "RateControl",
    "estimate_tokens",
    "in_shard",
    "parse_shard",
    "read_requests",
    "run_bulk",
]

ENDPOINTS: Mapping[str, str] = {
    "/v1/chat/completions": "chat",
    "/v1/completions": "completions",
    "/v1/embeddings": "embeddings",
    "/v1/moderations": "moderations",
    "/v1/responses": "responses",
}
"""The URLs a line may name, and the client group that sends each."""

Line = dict[str, Any]


# ---------------------------------------------------------------- input

def read_requests(source: str | os.PathLike[str] | Iterable[Any]) -> Iterator[Line]:
    """The request lines of a JSONL file (read lazily) or of an iterable of dicts or models.

    Blank lines are skipped; a line that is not a JSON object with a ``custom_id`` raises
    ``ValueError`` naming it.
    """
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8") as f:
            for number, text in enumerate(f, 1):
                if text.strip():
                    yield _checked(_loads(text, number), number)
        return
    for number, item in enumerate(source, 1):
        if hasattr(item, "to_dict"):
            item = item.to_dict()
        yield _checked(item, number)


def _loads(text: str, number: int) -> Any:
    try:
        return json.loads(text)
    except ValueError as e:
        raise ValueError(f"input line {number} is not JSON: {e}") from None


def _checked(item: Any, number: int) -> Line:
    if not isinstance(item, dict) or not isinstance(item.get("custom_id"), str):
        raise ValueError(f"input line {number} is not an object with a string custom_id")
    return item


def parse_shard(text: str) -> tuple[int, int]:
    """``"i/N"`` (0 <= i < N) as ``(i, N)``."""
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise ValueError(f"a shard is i/N, not {text!r}") from None
    if n < 1 or not 0 <= i < n:
        raise ValueError(f"shard {text!r}: need 0 <= i < N")
    return i, n


def in_shard(custom_id: str, shard: tuple[int, int] | None) -> bool:
    """Whether ``custom_id`` belongs to ``shard``: a hash of the id, the same on every machine."""
    if shard is None or shard[1] == 1:
        return True
    digest = hashlib.blake2b(custom_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shard[1] == shard[0]


# ---------------------------------------------------------------- tokens

def _encoder() -> Any:
    try:
        return importlib.import_module("tiktoken").get_encoding("o200k_base")
    except Exception:
        # Not installed, or its tables cannot be fetched (offline): the byte estimate.
        return None


_ENCODER: Any = None
_ENCODER_LOADED = False


def _texts(value: Any) -> Iterator[str]:
    # Every string in a prompt, however nested (messages, content parts, input items).
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in ("type", "role", "image_url", "file_id"):
                yield from _texts(v)


def estimate_tokens(body: Mapping[str, Any]) -> int:
    """What a request may take from the token limit: its prompt plus its output cap.

    The prompt (``messages``, ``prompt``, ``input``) is counted with tiktoken when the
    ``[bulk]`` extra is installed, otherwise as a quarter of its UTF-8 bytes (rounded up);
    the cap is ``max_completion_tokens``, ``max_tokens`` or ``max_output_tokens`` (times
    ``n``) when set.
    """
    global _ENCODER, _ENCODER_LOADED
    if not _ENCODER_LOADED:
        _ENCODER, _ENCODER_LOADED = _encoder(), True
    prompt = 0
    for key in ("messages", "prompt", "input"):
        for text in _texts(body.get(key)):
            prompt += (len(_ENCODER.encode(text)) if _ENCODER is not None
                       else math.ceil(len(text.encode("utf-8")) / 4))
    cap = next((body[k] for k in ("max_completion_tokens", "max_tokens", "max_output_tokens")
                if isinstance(body.get(k), int)), 0)
    n = body.get("n")
    n = n if isinstance(n, int) else 1
    return max(1, prompt + cap * n)


# ---------------------------------------------------------------- output

class OutputLog:
    """The output JSONL: the ids already saved, and whole-line appends.

    Opening it reads every line; a last line without its newline, or not JSON, is what a
    kill cut short: it is cut off so that its request is sent again. Each result is then
    appended with one ``write`` of the whole line (``durable=True`` also fsyncs each one,
    for machine crashes; a killed process loses nothing the kernel was given).
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = False) -> None:
        self.path = Path(path)
        self.done: set[str] = set()
        self.cut = 0
        """How many bytes of a cut last line were dropped on opening."""
        self.durable = durable
        keep = 0
        if self.path.exists():
            with open(self.path, "rb") as f:
                for raw in f:
                    saved = raw.endswith(b"\n") and _custom_id(raw)
                    if not saved:
                        break
                    self.done.add(saved)
                    keep += len(raw)
            size = self.path.stat().st_size
            if keep < size:
                self.cut = size - keep
                with open(self.path, "r+b") as f:
                    f.truncate(keep)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, line: Line) -> None:
        data = (json.dumps(line, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view):]
        if self.durable:
            os.fsync(self._fd)
        self.done.add(line["custom_id"])

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _custom_id(raw: bytes) -> str | None:
    try:
        line = json.loads(raw)
    except ValueError:
        return None
    cid = line.get("custom_id") if isinstance(line, dict) else None
    return cid if isinstance(cid, str) else None


# ---------------------------------------------------------------- rate control

class _Bucket:
    """A token bucket: ``capacity`` at most, refilled at ``rate`` per second."""

    __slots__ = ("at", "capacity", "level", "rate")

    def __init__(self, capacity: float, rate: float, now: float) -> None:
        self.capacity, self.rate, self.level, self.at = capacity, rate, capacity, now

    def refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.at) * self.rate)
        self.at = now

    def wait(self, amount: float, now: float) -> float:
        self.refill(now)
        # A request bigger than the bucket goes once it is full.
        need = min(amount, self.capacity) - self.level
        return 0.0 if need <= 0 else need / self.rate


class RateControl:
    """When the next request may go: rate-limit buckets, a concurrency window, 429 pauses.

    * The server's limits, read from ``x-ratelimit-limit-*`` (per ``window`` seconds, 60
      as OpenAI's), become two token buckets, pulled down to ``x-ratelimit-remaining-*``
      on each answer; ``rpm`` and ``tpm`` add buckets of their own (one second of burst).
    * The number of requests in flight is an AIMD window: it grows by ``1/window`` per
      answer while the server reports headroom, halves on a 429 (once per pause), and
      stays within ``1..max_concurrency``.
    * ``share``: the part of the server's limits this runner may use (several runners on
      one organization's limit, as ``bulk.dask`` starts one per worker): the learned
      buckets are scaled by it. Hand caps are this runner's own.
    * A 429 pauses every sender for its ``retry-after-ms`` or ``retry-after`` (else the
      reset header, else one second).
    """

    def __init__(self, *, max_concurrency: int = 64, initial_concurrency: int = 8,
                 rpm: float | None = None, tpm: float | None = None,
                 window: float = 60.0, share: float = 1.0) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be >= 1")
        if not 0 < share <= 1:
            raise ValueError("share must be in (0, 1]")
        self.share = share
        now = time.monotonic()
        self.max_concurrency = max_concurrency
        self.window = float(min(max_concurrency, max(1, initial_concurrency)))
        self.period = window
        self.in_flight = 0
        self.paused_until = 0.0
        self._last_decrease = 0.0
        self._caps: tuple[_Bucket | None, _Bucket | None] = (
            None if rpm is None else _Bucket(max(1.0, rpm / 60), rpm / 60, now),
            None if tpm is None else _Bucket(max(1.0, tpm / 60), tpm / 60, now),
        )
        self._requests: _Bucket | None = None
        self._tokens: _Bucket | None = None
        self._cond = asyncio.Condition()
        self.history: list[tuple[float, int, float]] = []
        """``(time, in_flight, window)`` at each answer, for plots."""

    def _buckets(self) -> list[tuple[_Bucket, bool]]:
        # (bucket, counts tokens) pairs in force.
        out: list[tuple[_Bucket, bool]] = []
        rpm, tpm = self._caps
        for b, tokens in ((rpm, False), (tpm, True), (self._requests, False),
                          (self._tokens, True)):
            if b is not None:
                out.append((b, tokens))
        return out

    async def acquire(self, tokens: int) -> None:
        """Wait for a slot and for the buckets to hold one request and ``tokens``."""
        async with self._cond:
            while True:
                if self.in_flight >= int(self.window):
                    await self._cond.wait()
                    continue
                now = time.monotonic()
                wait = self.paused_until - now
                for b, counts_tokens in self._buckets():
                    wait = max(wait, b.wait(tokens if counts_tokens else 1, now))
                if wait <= 0:
                    for b, counts_tokens in self._buckets():
                        b.level -= tokens if counts_tokens else 1
                    self.in_flight += 1
                    return
                try:
                    await asyncio.wait_for(self._cond.wait(), wait)
                except TimeoutError:
                    pass

    async def release(self, limits: RateLimits | None, *, estimated: int = 0,
                      used: int | None = None, retry_after: float | None = None) -> None:
        """A request is answered: learn from its headers; ``retry_after`` set for a 429."""
        async with self._cond:
            now = time.monotonic()
            self.in_flight -= 1
            if limits is not None:
                self._learn(limits, now)
            if used is not None:
                # Give back (or take) the difference between the estimate and the usage.
                for b, counts_tokens in self._buckets():
                    if counts_tokens:
                        b.level = min(b.capacity, b.level + estimated - used)
            if retry_after is not None:
                self.paused_until = max(self.paused_until, now + retry_after)
                if now - self._last_decrease > retry_after:
                    self.window = max(1.0, self.window / 2)
                    self._last_decrease = now
            elif self._headroom(limits):
                self.window = min(float(self.max_concurrency), self.window + 1 / self.window)
            self.history.append((now, self.in_flight, self.window))
            self._cond.notify_all()

    def _headroom(self, limits: RateLimits | None) -> bool:
        if limits is None or limits.remaining_requests is None:
            return True
        return limits.remaining_requests > self.in_flight

    def _learn(self, limits: RateLimits, now: float) -> None:
        for name, limit, remaining in (("_requests", limits.limit_requests,
                                        limits.remaining_requests),
                                       ("_tokens", limits.limit_tokens,
                                        limits.remaining_tokens)):
            if limit is None or limit <= 0:
                continue
            mine = limit * self.share
            bucket: _Bucket | None = getattr(self, name)
            if bucket is None or bucket.capacity != mine:
                bucket = _Bucket(mine, mine / self.period, now)
                setattr(self, name, bucket)
            if remaining is not None:
                bucket.refill(now)
                bucket.level = min(bucket.level, remaining * self.share)


# ---------------------------------------------------------------- the run

@dataclass(slots=True)
class BulkSummary:
    """What a run did (``skipped``: already in the output file)."""

    seen: int = 0
    skipped: int = 0
    other_shards: int = 0
    succeeded: int = 0
    failed: int = 0
    rate_limited: int = 0
    retried: int = 0
    tokens: int = 0
    elapsed: float = 0.0
    cut: int = 0
    """Bytes of a cut last line dropped from the output file on starting."""
    history: list[tuple[float, int, float]] = field(default_factory=list, repr=False)

    def line(self) -> str:
        rate = (self.succeeded + self.failed) / self.elapsed if self.elapsed else 0.0
        return (f"done {self.succeeded}, failed {self.failed}, skipped {self.skipped} "
                f"(already saved), 429s {self.rate_limited}, retries {self.retried}, "
                f"tokens {self.tokens}, {rate:.1f} req/s over {self.elapsed:.1f}s")


_RETRYABLE = frozenset({408, 409, 429, 500, 502, 503, 504})


class _Progress:
    # tqdm when installed and asked for; silent otherwise.
    def __init__(self, enabled: bool | None, stream: TextIO, total: Callable[[], int | None]
                 ) -> None:
        if enabled is None:
            enabled = stream.isatty()
        self.bar: Any = None
        if enabled:
            try:
                tqdm = importlib.import_module("tqdm").tqdm
            except ImportError:
                return
            self.bar = tqdm(unit="req", file=stream, dynamic_ncols=True, total=total())

    def update(self, summary: BulkSummary) -> None:
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(failed=summary.failed, tokens=summary.tokens,
                                 refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


async def run_bulk(
    source: str | os.PathLike[str] | Iterable[Any],
    output: str | os.PathLike[str],
    *,
    client: AsyncClient | None = None,
    shard: tuple[int, int] | str | None = None,
    max_concurrency: int = 64,
    initial_concurrency: int = 8,
    rpm: float | None = None,
    tpm: float | None = None,
    window: float = 60.0,
    share: float = 1.0,
    max_attempts: int = 5,
    durable: bool = False,
    progress: bool | None = False,
    control: RateControl | None = None,
) -> BulkSummary:
    """Run every request of ``source`` not yet in ``output``, appending its result line.

    ``client``: an ``AsyncClient`` (default: one from the environment, closed at the end);
    its own retries are turned off, the runner retries instead: 429 (after its
    ``retry-after``) and 408/409/5xx/connection errors (with backoff) up to
    ``max_attempts`` sends, then an error line. Other HTTP errors are saved at once as a
    line whose ``response`` holds the status and error body, as the Batch API does.
    ``shard``: ``(i, N)`` or ``"i/N"``, only the ids of that shard. ``share``: the part of
    the server's limits this run may use (see ``RateControl``); ``control``: a
    ``RateControl`` shared by several runs on one event loop (the rate settings here are
    then unused). ``progress``: a tqdm bar on stderr (``None``: when stderr is a terminal).
    """
    if isinstance(shard, str):
        shard = parse_shard(shard)
    own = client is None
    base = client if client is not None else AsyncClient(OpenAIConfig())
    raw = base.with_options(max_retries=0).with_raw_response()
    ctl = control if control is not None else RateControl(
        max_concurrency=max_concurrency, initial_concurrency=initial_concurrency,
        rpm=rpm, tpm=tpm, window=window, share=share)
    log = OutputLog(output, durable=durable)
    summary = BulkSummary(cut=log.cut)
    def total() -> int | None:
        # What is left to do, for the ETA: known cheaply for a whole file (one pass).
        if shard is not None or not isinstance(source, str | os.PathLike):
            return None
        with open(source, "rb") as f:
            return max(0, sum(1 for raw in f if raw.strip()) - len(log.done))

    bar = _Progress(progress, sys.stderr, total)
    # Tasks alive at once (in flight, or waiting to retry): bounds memory with a lazy input.
    alive = asyncio.Semaphore(2 * ctl.max_concurrency)
    pending: set[str] = set()
    tasks: set[asyncio.Task[None]] = set()
    started = time.monotonic()

    async def one(line: Line) -> None:
        try:
            result = await _send(raw, line, ctl, summary, max_attempts)
            log.write(result)
            if result["error"] is None and result["response"]["status_code"] == 200:
                summary.succeeded += 1
            else:
                summary.failed += 1
            bar.update(summary)
        finally:
            pending.discard(line["custom_id"])
            alive.release()

    try:
        for line in read_requests(source):
            cid = line["custom_id"]
            summary.seen += 1
            if not in_shard(cid, shard):
                summary.other_shards += 1
                continue
            if cid in log.done or cid in pending:
                summary.skipped += 1
                continue
            await alive.acquire()
            pending.add(cid)
            task = asyncio.ensure_future(one(line))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        while tasks:
            await asyncio.gather(*list(tasks))
    finally:
        for t in list(tasks):
            t.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        log.close()
        bar.close()
        summary.elapsed = time.monotonic() - started
        summary.history = ctl.history
        if own:
            await base.close()
    return summary


def _line(cid: str, response: dict[str, Any] | None, error: dict[str, Any] | None) -> Line:
    return {"id": f"batch_req_{uuid.uuid4().hex}", "custom_id": cid, "response": response,
            "error": error}


def _error_body(e: ApiError) -> Any:
    if e.body:
        try:
            return json.loads(e.body)
        except ValueError:
            pass
    return {"error": {"message": e.message, "type": e.type, "param": e.param, "code": e.code}}


async def _send(raw: Any, line: Line, ctl: RateControl, summary: BulkSummary,
                max_attempts: int) -> Line:
    cid = line["custom_id"]
    url = str(line.get("url"))
    url = url if url.startswith("/v1/") else "/v1" + url
    body = line.get("body")
    if line.get("method", "POST") != "POST" or url not in ENDPOINTS:
        return _line(cid, None, {"code": "invalid_url",
                                 "message": f"The bulk runner sends POST to {sorted(ENDPOINTS)}, "
                                            f"not {line.get('method')} {line.get('url')}."})
    if not isinstance(body, dict) or body.get("stream"):
        return _line(cid, None, {"code": "invalid_body",
                                 "message": "The body must be a JSON object, without stream."})
    create = getattr(raw, ENDPOINTS[url])().create_byot
    estimated = estimate_tokens(body)
    attempt = 0
    while True:
        attempt += 1
        await ctl.acquire(estimated)
        try:
            answer = await create(body)
        except ApiError as e:
            limits = RateLimits.from_headers(e.headers)
            retry = e.status in _RETRYABLE and attempt < max_attempts * (4 if e.status == 429 else 1)
            if e.status == 429:
                summary.rate_limited += 1
                # Refused before any work: its estimated tokens go back.
                await ctl.release(limits, estimated=estimated, used=0,
                                  retry_after=_retry_after(e.headers, limits))
            else:
                await ctl.release(limits)
            if retry:
                summary.retried += 1
                if e.status != 429:
                    await asyncio.sleep(min(8.0, 0.25 * 2 ** (attempt - 1)))
                continue
            if e.status is None:
                return _line(cid, None, {"code": e.code or "api_error", "message": e.message})
            return _line(cid, {"status_code": e.status, "request_id": e.request_id,
                               "body": _error_body(e)}, None)
        except OpenAIError as e:
            await ctl.release(None)
            if attempt < max_attempts:
                summary.retried += 1
                await asyncio.sleep(min(8.0, 0.25 * 2 ** (attempt - 1)))
                continue
            return _line(cid, None, {"code": type(e).__name__, "message": str(e)})
        except BaseException:
            await ctl.release(None)
            raise
        value = answer.parse()
        usage = value.get("usage") if isinstance(value, dict) else None
        used = usage.get("total_tokens") if isinstance(usage, dict) else None
        if isinstance(used, int):
            summary.tokens += used
        await ctl.release(answer.rate_limits, estimated=estimated,
                          used=used if isinstance(used, int) else None)
        return _line(cid, {"status_code": answer.status, "request_id": answer.request_id,
                           "body": value}, None)


def _retry_after(headers: Mapping[str, str], limits: RateLimits) -> float:
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        text = headers.get(name)
        if text is not None:
            try:
                return max(0.0, float(text) * scale)
            except ValueError:
                pass
    resets = [r for r in (limits.reset_requests, limits.reset_tokens) if r]
    return min(resets) if resets else 1.0
