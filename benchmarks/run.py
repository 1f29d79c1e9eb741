"""Side-by-side benchmarks of openai_rs_port against raw requests/aiohttp and openai-python.

    .venv/bin/python benchmarks/run.py               # full run (~4 min), writes benchmarks/results.md
    .venv/bin/python benchmarks/run.py --quick       # fewer rounds (~1 min), no results.md
    .venv/bin/python benchmarks/run.py --only 2,3    # some figures only
    .venv/bin/python benchmarks/run.py --smoke       # seconds: every contender runs, figures checked

Every figure runs its contenders in many short rounds, interleaved (each round runs every
contender once, in a fresh random order), against a local nginx serving canned bodies
(see target.py). A contender's figure is the median over rounds, with the interquartile
range (IQR, p25-p75) beside it; its ratio to the baseline is taken within each round and
reported the same way (median and IQR of the per-round ratios). The garbage collector
stays on.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import gc
import importlib.util
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import target as target_mod  # noqa: E402

PY = sys.executable
X = "\u00d7"  # the multiplication sign of the ratios
DASH = "\u2013"  # between the ends of a range
API_KEY = "sk-bench-0000"
MODEL = "gpt-4o-mini"
SYSTEM = "You are a concise assistant."
USER = "Explain Rust ownership and borrowing in three sentences."
RAW_BODY: dict[str, Any] = {
    "messages": [{"content": SYSTEM, "role": "system"}, {"content": USER, "role": "user"}],
    "model": MODEL,
    "max_completion_tokens": 200,
    "temperature": 0.2,
}
RAW_HEADERS = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
# What the call-control contenders add to each call.
EXTRA_HEADERS = {"X-Bench-Trace": "trace-0001"}
EXPECTED_CONTENT = json.loads((target_mod.BODIES / "chat_completion.json").read_bytes())[
    "choices"][0]["message"]["content"]
HAVE_OPENAI = importlib.util.find_spec("openai") is not None


# ------------------------------------------------------------------ statistics


def quantile(values: list[float], p: float) -> float:
    """The p-quantile with linear interpolation between order statistics."""
    s = sorted(values)
    if not s:
        return float("nan")
    k = p * (len(s) - 1)
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def median_ci(values: list[float], z: float = 1.96) -> tuple[float, float]:
    """Distribution-free ~95% confidence interval of the median (order statistics of the
    binomial(n, 1/2) bounds); the whole range when there are too few values."""
    s = sorted(values)
    n = len(s)
    k = int((n - z * n ** 0.5) / 2)
    if k < 0 or n < 6:
        return s[0], s[-1]
    return s[k], s[n - 1 - k]


def iqr(values: list[float]) -> tuple[float, float]:
    return quantile(values, 0.25), quantile(values, 0.75)


@dataclass
class Check:
    """A target: the row's ratio to the baseline against ``limit``, as ``source`` states it."""

    limit: float
    versus: str
    source: str = ""


@dataclass
class Row:
    name: str
    values: list[float]  # one per round
    unit: str
    note: str = ""
    ratios: list[float] = field(default_factory=list)  # value / baseline value, per round

    @property
    def median(self) -> float:
        return statistics.median(self.values)


@dataclass
class Figure:
    number: int
    title: str
    baseline: str  # name of the row ratios are taken against
    higher_is_better: bool
    rows: list[Row] = field(default_factory=list)
    checks: dict[str, list[Check]] = field(default_factory=dict)  # row name -> its targets
    detail: str = ""
    extra: list[str] = field(default_factory=list)  # more lines for results.md

    def add(self, name: str, values: list[float], unit: str, note: str = "") -> Row:
        row = Row(name, values, unit, note)
        self.rows.append(row)
        return row

    def pair(self) -> None:
        """Ratios per round: rounds run every contender back to back, which cancels most of
        this VM's drift in speed."""
        base = self.row(self.baseline).values
        for row in self.rows:
            row.ratios = [v / b for v, b in zip(row.values, base, strict=True)]

    def row(self, name: str) -> Row:
        return next(r for r in self.rows if r.name == name)

    def ratio(self, name: str) -> float:
        return statistics.median(self.row(name).ratios)

    def meets(self, name: str, check: Check) -> bool:
        r = self.ratio(name)
        return r >= check.limit if self.higher_is_better else r <= check.limit

    def target_text(self, check: Check) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        src = f" ({check.source})" if check.source else ""
        return f"{sign} {check.limit:g}{X} {check.versus}{src}"

    def verdicts(self, name: str) -> list[str]:
        """One line per target: meets or misses at the median, and whether the 95% confidence
        interval of that median lies on one side of the target (then noise cannot explain
        the verdict) or straddles it (then this run cannot tell)."""
        out = []
        lo, hi = median_ci(self.row(name).ratios)
        for c in self.checks.get(name, []):
            ok = self.meets(name, c)
            inside = (lo >= c.limit) if self.higher_is_better else (hi <= c.limit)
            outside = (hi < c.limit) if self.higher_is_better else (lo > c.limit)
            where = "beyond noise" if inside or outside else "within noise"
            out.append(f"{'meets' if ok else 'MISSES'} {self.target_text(c)} "
                       f"(median's 95% CI {lo:.3f}{DASH}{hi:.3f}: {where})")
        return out


class GcClock:
    """Seconds spent in the garbage collector and collections run, while installed."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = 0
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections += 1

    def reset(self) -> None:
        self.seconds, self.collections = 0.0, 0

    def __enter__(self) -> GcClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def order(items: list[Any], k: int) -> list[Any]:
    """The running order of round ``k``: a fresh permutation (seeded, so runs repeat).

    Not a rotation: in a rotation each contender always follows the same one, and so
    always inherits its garbage (openai-python leaves the most) and its cache state.
    """
    out = list(items)
    random.Random(k).shuffle(out)
    return out


def package_version() -> str:
    """The commit the measured package is at, and whether its files differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "openai_rs_port"],
                               cwd=HERE.parent, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return f"commit {head}" + (" with uncommitted changes in openai_rs_port/" if dirty.strip() else "")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def our_request(stream: bool = False) -> Any:
    from openai_rs_port.types import (
        ChatCompletionRequestSystemMessageArgs,
        ChatCompletionRequestUserMessageArgs,
        CreateChatCompletionRequestArgs,
    )

    req = (
        CreateChatCompletionRequestArgs()
        .model(MODEL)
        .messages([
            ChatCompletionRequestSystemMessageArgs().content(SYSTEM).build(),
            ChatCompletionRequestUserMessageArgs().content(USER).build(),
        ])
        .max_completion_tokens(200)
        .temperature(0.2)
        .build()
    )
    assert req.to_dict() == RAW_BODY, req.to_dict()
    return req


def openai_kwargs() -> dict[str, Any]:
    return {
        "model": MODEL,
        "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER}],
        "max_completion_tokens": 200,
        "temperature": 0.2,
    }


def _content(result: Any) -> str:
    """The answer's text, whichever contender produced it."""
    if isinstance(result, dict):
        return str(result["choices"][0]["message"]["content"])
    if hasattr(result, "parse"):
        result = result.parse()
    return str(result.choices[0].message.content)


# ------------------------------------------------------------------ 1. import time

IMPORTS = [
    ("openai_rs_port.Client (sync, incl. requests)", "import openai_rs_port; openai_rs_port.Client"),
    ("openai_rs_port.AsyncClient (incl. aiohttp)", "from openai_rs_port import AsyncClient"),
    (
        "openai_rs_port.Client + chat types",
        "from openai_rs_port import Client; "
        "from openai_rs_port.types import CreateChatCompletionRequestArgs",
    ),
    ("import openai", "import openai"),
    ("import requests (reference)", "import requests"),
    ("import aiohttp (reference)", "import aiohttp"),
]


# The sandbox sets PYTHONDONTWRITEBYTECODE; pip wrote .pyc files for openai but nothing did for
# the editable openai_rs_port, which would then be compiled from source on every run.
_IMPORT_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time_import(stmt: str) -> tuple[float, float]:
    code = (
        "import time as _t; _s = _t.perf_counter()\n"
        f"{stmt}\n"
        "print(_t.perf_counter() - _s)"
    )
    t0 = time.perf_counter()
    out = subprocess.run(
        [PY, "-c", code], capture_output=True, text=True, check=True, env=_IMPORT_ENV
    )
    wall = time.perf_counter() - t0
    return float(out.stdout.strip()), wall


def fig_import(rounds: int) -> Figure:
    fig = Figure(
        1, "Import time (fresh interpreter, in-process time of the import statement)",
        baseline="import openai", higher_is_better=False,
    )
    fig.checks[IMPORTS[0][0]] = [Check(0.4, "import openai")]
    imports = IMPORTS if HAVE_OPENAI else [i for i in IMPORTS if i[1] != "import openai"]
    if not HAVE_OPENAI:
        fig.baseline = "import requests (reference)"
        fig.checks = {}
    for _, stmt in imports:  # warm the OS file cache and write missing .pyc files
        _time_import(stmt)
    inproc: dict[str, list[float]] = {n: [] for n, _ in imports}
    walls: dict[str, list[float]] = {n: [] for n, _ in imports}
    startup: list[float] = []
    for i in range(rounds):
        for name, stmt in order(imports, i):
            a, w = _time_import(stmt)
            inproc[name].append(a * 1e3)
            walls[name].append(w * 1e3)
        startup.append(_time_import("pass")[1] * 1e3)
    for name, _ in imports:
        fig.add(name, inproc[name], "ms", f"whole process {statistics.median(walls[name]):.0f} ms")
    fig.pair()
    fig.detail = (
        f"{rounds} rounds; each round starts one fresh `python -c` process per row, in a random "
        "order, with .pyc files present for every package (written by a warm-up run); bare "
        f"interpreter start-up (`python -c pass`) {statistics.median(startup):.0f} ms."
    )
    return fig


# ------------------------------------------------------------------ 2. sync latency

SYNC_RAW = "raw requests.Session.post + json.loads"
SYNC_OURS = "openai_rs_port Client.chat().create"
SYNC_OPTS = "openai_rs_port Client.with_options(headers=...).chat().create"
SYNC_RAWRESP = "openai_rs_port Client.with_raw_response().chat().create(...).parse()"
SYNC_OPENAI = "openai.OpenAI chat.completions.create"


def _sync_contenders(base: str) -> dict[str, tuple[Callable[[], Any], Callable[[], None]]]:
    import requests

    from openai_rs_port import Client, OpenAIConfig

    session = requests.Session()
    url = base + "/chat/completions"
    dumps, loads = json.dumps, json.loads

    def raw() -> Any:
        return loads(session.post(url, data=dumps(RAW_BODY), headers=RAW_HEADERS).content)

    client = Client(OpenAIConfig(api_key=API_KEY, api_base=base))
    req = our_request()
    extra = EXTRA_HEADERS

    def ours() -> Any:
        return client.chat().create(req)

    def opts() -> Any:
        return client.with_options(headers=extra).chat().create(req)

    def rawresp() -> Any:
        return client.with_raw_response().chat().create(req).parse()

    out: dict[str, tuple[Callable[[], Any], Callable[[], None]]] = {
        SYNC_RAW: (raw, session.close),
        SYNC_OURS: (ours, client.close),
        SYNC_OPTS: (opts, lambda: None),
        SYNC_RAWRESP: (rawresp, lambda: None),
    }
    if HAVE_OPENAI:
        import openai

        oc = openai.OpenAI(base_url=base, api_key=API_KEY, max_retries=0)
        kw = openai_kwargs()

        def oai() -> Any:
            return oc.chat.completions.create(**kw)

        out[SYNC_OPENAI] = (oai, oc.close)
    return out


def fig_sync_latency(base: str, rounds: int, block: int) -> Figure:
    fig = Figure(
        2, "Sync chat completion latency over keep-alive (per call)",
        baseline=SYNC_RAW, higher_is_better=False,
    )
    main = [Check(1.05, "raw requests", "issue 6"), Check(1.15, "raw requests", "issue 7")]
    fig.checks = {SYNC_OURS: main, SYNC_OPTS: main[1:], SYNC_RAWRESP: main[1:]}
    contenders = _sync_contenders(base)
    names = list(contenders)
    for name in names:  # warm-up: connection, lazy imports, compiled codecs; check the answer
        fn = contenders[name][0]
        for _ in range(50):
            result = fn()
        assert _content(result) == EXPECTED_CONTENT, (name, result)
    samples: dict[str, list[int]] = {n: [] for n in names}
    round_medians: dict[str, list[float]] = {n: [] for n in names}
    clock = time.perf_counter_ns
    for i in range(rounds):
        # Call by call: every contender's call is followed by the next contender's, so the
        # calls compared within a round lie milliseconds apart.
        out: dict[str, list[int]] = {n: [] for n in names}
        for j in range(block):
            for name in order(names, i * block + j):
                fn = contenders[name][0]
                t0 = clock()
                fn()
                out[name].append(clock() - t0)
        for name in names:
            samples[name] += out[name]
            round_medians[name].append(statistics.median(out[name]) / 1e3)
    for name in names:
        s = samples[name]
        fig.add(name, round_medians[name], "µs",
                f"single calls p10 {quantile(s, 0.1) / 1e3:.0f} µs, p90 {quantile(s, 0.9) / 1e3:.0f} µs")
        contenders[name][1]()
    fig.pair()
    raw = fig.row(SYNC_RAW).values
    ours = fig.row(SYNC_OURS).values
    for name in (SYNC_OURS, SYNC_OPTS, SYNC_RAWRESP):
        vals = fig.row(name).values
        d_raw = [v - b for v, b in zip(vals, raw, strict=True)]
        line = (f"{name}: {statistics.median(d_raw):+.0f} µs per call over raw requests "
                f"(IQR {iqr(d_raw)[0]:+.0f} to {iqr(d_raw)[1]:+.0f})")
        if name != SYNC_OURS:
            d_ours = [v - b for v, b in zip(vals, ours, strict=True)]
            ratio = [v / b for v, b in zip(vals, ours, strict=True)]
            line += (f", {statistics.median(d_ours):+.0f} µs over the plain call (IQR "
                     f"{iqr(d_ours)[0]:+.0f} to {iqr(d_ours)[1]:+.0f}; {statistics.median(ratio):.3f}{X})")
        fig.extra.append(line)
    fig.detail = (
        f"{rounds} rounds {X} {block} calls per contender, interleaved call by call (in each "
        "round the contenders take turns, one call each, in a fresh random order each turn); "
        f"each call timed alone, a round's value is the median of its {block} calls. "
        "POST of a 230-byte request, 1 KB JSON answer. The call-control rows make their client "
        "per call, as a caller does: "
        f"`with_options(headers={EXTRA_HEADERS})` and `with_raw_response()` then `.parse()`."
    )
    return fig


# ------------------------------------------------------------------ 3. async throughput

ASYNC_RAW = "raw aiohttp ClientSession.post + json.loads"
ASYNC_OURS = "openai_rs_port AsyncClient.chat().create"
ASYNC_OPTS = "openai_rs_port AsyncClient.with_options(headers=...).chat().create"
ASYNC_RAWRESP = "openai_rs_port AsyncClient.with_raw_response().chat().create(...).parse()"
ASYNC_OPENAI = "openai.AsyncOpenAI chat.completions.create"


async def _drive(call: Callable[[], Awaitable[Any]], total: int, concurrency: int) -> None:
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _async_contenders(
    base: str,
) -> dict[str, tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[Any]]]]:
    import aiohttp

    from openai_rs_port import AsyncClient, OpenAIConfig

    url = base + "/chat/completions"
    loads, dumps = json.loads, json.dumps
    session = aiohttp.ClientSession()

    async def raw() -> Any:
        async with session.post(url, data=dumps(RAW_BODY), headers=RAW_HEADERS) as r:
            return loads(await r.read())

    client = AsyncClient(OpenAIConfig(api_key=API_KEY, api_base=base))
    req = our_request()
    extra = EXTRA_HEADERS

    async def ours() -> Any:
        return await client.chat().create(req)

    async def opts() -> Any:
        return await client.with_options(headers=extra).chat().create(req)

    async def rawresp() -> Any:
        return (await client.with_raw_response().chat().create(req)).parse()

    async def nothing() -> None:
        return None

    out = {
        ASYNC_RAW: (raw, session.close),
        ASYNC_OURS: (ours, client.close),
        ASYNC_OPTS: (opts, nothing),
        ASYNC_RAWRESP: (rawresp, nothing),
    }
    if HAVE_OPENAI:
        import openai

        oc = openai.AsyncOpenAI(base_url=base, api_key=API_KEY, max_retries=0)
        kw = openai_kwargs()

        async def oai() -> Any:
            return await oc.chat.completions.create(**kw)

        out[ASYNC_OPENAI] = (oai, oc.close)
    return out


async def _async_rounds(
    base: str, rounds: int, total: int, openai_total: int, concurrency: int
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, list[float]], dict[str, int]]:
    contenders = await _async_contenders(base)
    names = list(contenders)
    totals = {n: openai_total if n == ASYNC_OPENAI else total for n in names}
    rates: dict[str, list[float]] = {n: [] for n in names}
    cpus: dict[str, list[float]] = {n: [] for n in names}
    gcs: dict[str, list[float]] = {n: [] for n in names}
    try:
        for name in names:  # open the connections, warm up, check the answer
            call = contenders[name][0]
            await _drive(call, concurrency * 2, concurrency)
            assert _content(await call()) == EXPECTED_CONTENT, name
        with GcClock() as gcc:
            for i in range(rounds):
                for name in order(names, i):
                    n = totals[name]
                    gc.collect()  # untimed: each contender starts clean and pays for its own garbage
                    gcc.reset()
                    c0, t0 = time.process_time(), time.perf_counter()
                    await _drive(contenders[name][0], n, concurrency)
                    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                    rates[name].append(n / wall)
                    cpus[name].append(cpu / n * 1e6)
                    gcs[name].append(gcc.seconds / n * 1e6)
    finally:
        for name in names:
            await contenders[name][1]()
    return rates, cpus, gcs, totals


def _new_loop_runner(loop: str) -> Callable[[Any], Any]:
    if loop == "uvloop":
        import uvloop

        return uvloop.run  # type: ignore[no-any-return]
    return asyncio.run


def fig_async(base: str, rounds: int, total: int, openai_total: int, loop: str,
              concurrency: int = 100) -> Figure:
    fig = Figure(
        3, f"Async chat completions at concurrency {concurrency} (throughput)",
        baseline=ASYNC_RAW, higher_is_better=True,
    )
    main = [Check(0.9, "raw aiohttp", "issue 6"), Check(0.8, "raw aiohttp", "issue 7")]
    fig.checks = {ASYNC_OURS: main, ASYNC_OPTS: main[1:], ASYNC_RAWRESP: main[1:]}
    rates, cpus, gcs, totals = _new_loop_runner(loop)(
        _async_rounds(base, rounds, total, openai_total, concurrency))
    for name, r in rates.items():
        fig.add(name, r, "req/s",
                f"{totals[name]:,} requests per round, client CPU {statistics.median(cpus[name]):.0f} "
                f"µs/request (IQR {iqr(cpus[name])[0]:.0f}{DASH}{iqr(cpus[name])[1]:.0f}), of which "
                f"garbage collector {statistics.median(gcs[name]):.0f}")
    fig.pair()
    raw_cpu = cpus[ASYNC_RAW]
    for name in (ASYNC_OURS, ASYNC_OPTS, ASYNC_RAWRESP):
        d = [v - b for v, b in zip(cpus[name], raw_cpu, strict=True)]
        line = (f"{name}: client CPU {statistics.median(d):+.0f} µs per request over raw aiohttp "
                f"(IQR {iqr(d)[0]:+.0f} to {iqr(d)[1]:+.0f})")
        if name != ASYNC_OURS:
            d2 = [v - b for v, b in zip(cpus[name], cpus[ASYNC_OURS], strict=True)]
            ratio = [v / b for v, b in zip(rates[name], rates[ASYNC_OURS], strict=True)]
            line += (f", {statistics.median(d2):+.0f} µs over the plain call (IQR {iqr(d2)[0]:+.0f} "
                     f"to {iqr(d2)[1]:+.0f}; throughput {statistics.median(ratio):.3f}{X} the plain call)")
        fig.extra.append(line)
    raw_rps = fig.row(ASYNC_RAW).median
    fig.extra.append(
        f"Target check: raw aiohttp reached {raw_rps:,.0f} req/s (median; IQR "
        f"{iqr(rates[ASYNC_RAW])[0]:,.0f}{DASH}{iqr(rates[ASYNC_RAW])[1]:,.0f}); the issue asks for a target "
        f"on which it reaches at least 8,000 ({'reached' if raw_rps >= 8000 else 'NOT reached'}). "
        f"Raw aiohttp's own CPU is {statistics.median(raw_cpu):.0f} µs per request, so one Python "
        f"process cannot go past about {1e6 / statistics.median(raw_cpu):,.0f} req/s on this machine."
    )
    fig.detail = (
        f"{rounds} rounds, contenders in a fresh random order in each; every contender sends "
        f"{total:,} requests from "
        f"{concurrency} workers sharing one session/client (openai-python {openai_total:,}, as it "
        f"is ~15{X} slower; req/s does not depend on the count). One event loop ({loop}) for the "
        f"whole figure; every contender opened its {concurrency} connections and sent "
        f"{concurrency * 2} warm-up requests first. Before each contender's turn an untimed "
        "`gc.collect()`, so that none inherits another's garbage. Client CPU is this process's "
        "CPU time per request."
    )
    return fig


# ------------------------------------------------------------------ 4. streaming

STREAM_RAW = "raw requests iter_lines() + json.loads"
STREAM_OURS = "openai_rs_port Client.chat().create_stream"


def _stream_contenders(stream_base: str) -> dict[str, tuple[Callable[[], int], Callable[[], None]]]:
    import requests

    from openai_rs_port import Client, OpenAIConfig

    session = requests.Session()
    url = stream_base + "/chat/completions"
    body = dict(RAW_BODY, stream=True)
    loads, dumps = json.loads, json.dumps

    def raw() -> int:
        n = 0
        with session.post(url, data=dumps(body), headers=RAW_HEADERS, stream=True) as r:
            for line in r.iter_lines():
                if line.startswith(b"data: "):
                    data = line[6:]
                    if data == b"[DONE]":
                        break
                    loads(data)
                    n += 1
        return n

    client = Client(OpenAIConfig(api_key=API_KEY, api_base=stream_base))
    req = our_request()

    def ours() -> int:
        n = 0
        with client.chat().create_stream(req) as stream:
            for _ in stream:
                n += 1
        return n

    out = {STREAM_RAW: (raw, session.close), STREAM_OURS: (ours, client.close)}
    if HAVE_OPENAI:
        import openai

        oc = openai.OpenAI(base_url=stream_base, api_key=API_KEY, max_retries=0)
        kw = openai_kwargs()

        def oai() -> int:
            n = 0
            with oc.chat.completions.create(stream=True, **kw) as stream:
                for _ in stream:
                    n += 1
            return n

        out["openai.OpenAI chat.completions.create(stream=True)"] = (oai, oc.close)
    return out


def fig_stream(stream_base: str, rounds: int) -> Figure:
    fig = Figure(
        4, f"Streamed chat completion chunks ({target_mod.STREAM_CHUNKS:,}-chunk SSE body)",
        baseline=STREAM_RAW, higher_is_better=True,
    )
    fig.checks[STREAM_OURS] = [Check(0.7, "raw")]
    contenders = _stream_contenders(stream_base)
    names = list(contenders)
    rates: dict[str, list[float]] = {n: [] for n in names}
    for name in names:
        n = contenders[name][0]()
        if n != target_mod.STREAM_CHUNKS:
            raise AssertionError(f"{name} yielded {n} chunks, expected {target_mod.STREAM_CHUNKS}")
    for i in range(rounds):
        for name in order(names, i):
            t0 = time.perf_counter()
            n = contenders[name][0]()
            rates[name].append(n / (time.perf_counter() - t0))
    for name in names:
        fig.add(name, rates[name], "chunks/s")
        contenders[name][1]()
    fig.pair()
    fig.detail = (
        f"{rounds} rounds of one stream per contender, interleaved; time from sending the request "
        "to the last chunk; each chunk is a ~290-byte `chat.completion.chunk` event. Raw uses "
        "`iter_lines()` with its default chunk size."
    )
    return fig


# ------------------------------------------------------------------ 5. decode


def _bench_calls(
    fns: dict[str, Callable[[], Any]], rounds: int, budget: float
) -> dict[str, list[float]]:
    """Mean time per call (µs) in each round; each round runs ~budget s per function."""
    counts: dict[str, int] = {}
    for name, fn in fns.items():
        n, t = 1, 0.0
        while t < budget / 5:
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            t = time.perf_counter() - t0
            n *= 2
        counts[name] = max(1, int(n / 2 * budget / max(t, 1e-9)))
    per_call: dict[str, list[float]] = {n: [] for n in fns}
    names = list(fns)
    for i in range(rounds):
        for name in order(names, i):
            fn, n = fns[name], counts[name]
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            per_call[name].append((time.perf_counter() - t0) / n * 1e6)
    return per_call


def fig_decode(rounds: int, budget: float) -> Figure:
    import decoders

    from openai_rs_port._codec import decoder_for
    from openai_rs_port.types import CreateChatCompletionResponse, CreateChatCompletionStreamResponse

    d = json.loads((target_mod.BODIES / "chat_completion.json").read_bytes())
    chunk = json.loads(target_mod.stream_body(3).split(b"\n\n")[1][6:])
    ours_resp = CreateChatCompletionResponse.from_dict(d)
    assert ours_resp == decoders.hand_response(d)
    assert CreateChatCompletionStreamResponse.from_dict(chunk) == decoders.hand_chunk(chunk)
    compiled = decoder_for(CreateChatCompletionResponse)
    compiled_chunk = decoder_for(CreateChatCompletionStreamResponse)
    names = {
        "hand": "hand-written decoder, same dataclasses",
        "from_dict": "openai_rs_port CreateChatCompletionResponse.from_dict",
        "compiled": "openai_rs_port compiled decoder (decoder_for, the client's hot path)",
        "dj": "dataclasses-json from_dict (equivalent @dataclass_json classes)",
    }
    fig = Figure(
        5, "Decode a 1 KB chat completion dict into typed objects (per call)",
        baseline=names["hand"], higher_is_better=False,
    )
    fig.checks[names["from_dict"]] = [Check(2, "hand-written")]
    fns: dict[str, Callable[[], Any]] = {
        "hand": lambda: decoders.hand_response(d),
        "from_dict": lambda: CreateChatCompletionResponse.from_dict(d),
        "compiled": lambda: compiled(d),
        "dj": lambda: decoders.DjResponse.from_dict(d),
        "chunk_hand": lambda: decoders.hand_chunk(chunk),
        "chunk_ours": lambda: compiled_chunk(chunk),
    }
    if HAVE_OPENAI:
        from openai.types.chat import ChatCompletion, ChatCompletionChunk

        assert ChatCompletion.model_validate(d).choices[0].message.content == EXPECTED_CONTENT
        names["construct"] = "openai ChatCompletion.construct (no validation)"
        names["validate"] = "openai ChatCompletion.model_validate"
        fns["construct"] = lambda: ChatCompletion.construct(**d)
        fns["validate"] = lambda: ChatCompletion.model_validate(d)
        fns["chunk_validate"] = lambda: ChatCompletionChunk.model_validate(chunk)
    per_round = _bench_calls(fns, rounds, budget)
    res = {k: statistics.median(v) for k, v in per_round.items()}
    for key, name in names.items():
        fig.add(name, per_round[key], "µs")
    fig.pair()
    chunk_ratio = statistics.median(
        o / h for o, h in zip(per_round["chunk_ours"], per_round["chunk_hand"], strict=True)
    )
    fig.detail = (
        f"{rounds} interleaved rounds of ~{budget:.2f} s per contender, mean per call in each round. "
        "Results checked equal to the hand-written decoder's. Per streaming chunk (~290 B): "
        f"hand-written {res['chunk_hand']:.2f} µs, openai_rs_port compiled {res['chunk_ours']:.2f} µs "
        f"({chunk_ratio:.2f}{X})"
        + (f", openai ChatCompletionChunk.model_validate {res['chunk_validate']:.2f} µs."
           if "chunk_validate" in res else ".")
    )
    return fig


# ------------------------------------------------------------------ target capacity


def wrk_capacity(base: str, seconds: int = 3) -> str | None:
    """What nginx serves to a C load generator (wrk, 1 thread, 100 connections), if installed."""
    wrk = shutil.which("wrk")
    if not wrk:
        return None
    lua = target_mod.WORK / "post.lua"
    lua.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = [[{json.dumps(RAW_BODY)}]]\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
    )
    r = subprocess.run([wrk, "-t1", "-c100", f"-d{seconds}s", "-s", str(lua), base + "/chat/completions"],
                       capture_output=True, text=True)
    for line in r.stdout.splitlines():
        if line.startswith("Requests/sec:"):
            return f"{float(line.split()[1]):,.0f} req/s"
    return None


# ------------------------------------------------------------------ report


def _fmt(v: float, unit: str) -> str:
    if unit in ("req/s", "chunks/s"):
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def _cell(row: Row) -> str:
    lo, hi = iqr(row.values)
    return f"{_fmt(row.median, row.unit)} {row.unit} [{_fmt(lo, row.unit)}{DASH}{_fmt(hi, row.unit)}]"


def render(figs: list[Figure], meta: dict[str, str]) -> str:
    out = [f"# Benchmark results — {meta['date']}", ""]
    out += [f"- {k}: {v}" for k, v in meta.items() if k != "date"]
    out += [
        "",
        f"Each cell: median over rounds [p25{DASH}p75]. \"vs baseline\" is the ratio to the baseline "
        f"measured within the same round, median over rounds [p25{DASH}p75]. The verdict is on that "
        "median; \"beyond noise\" means the 95% confidence interval of the median lies on one side "
        "of the target, \"within noise\" that it straddles the target.",
        "",
        "| figure | contender | median [IQR] | vs baseline [IQR] | target |",
        "|---|---|---|---|---|",
    ]
    for fig in figs:
        for i, row in enumerate(fig.rows):
            lo, hi = iqr(row.ratios)
            mark = ("baseline" if row.name == fig.baseline
                    else f"{fig.ratio(row.name):.2f}{X} [{lo:.2f}{DASH}{hi:.2f}]")
            tgt = "; ".join(fig.verdicts(row.name))
            title = f"**{fig.number}.** {fig.title}" if i == 0 else ""
            out.append(f"| {title} | {row.name} | {_cell(row)} | {mark} | {tgt} |")
    out.append("")
    for fig in figs:
        out.append(f"**{fig.number}. {fig.title}.** {fig.detail}")
        notes = [f"{r.name}: {r.note}" for r in fig.rows if r.note]
        if notes:
            out.append("  " + "; ".join(notes) + ".")
        for line in fig.extra:
            out.append(f"- {line}")
        out.append("")
    return "\n".join(out)


@contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    def handler(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


# (rounds and sizes) per mode
PLANS = {
    "full": {"import": 12, "sync": (60, 40), "async": (60, 500, 100), "stream": 40, "decode": (25, 0.05)},
    "quick": {"import": 4, "sync": (12, 30), "async": (6, 1000, 100), "stream": 10, "decode": (7, 0.03)},
    "smoke": {"import": 1, "sync": (2, 5), "async": (2, 200, 100), "stream": 2, "decode": (2, 0.005)},
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer rounds (~1 min); does not write results.md")
    ap.add_argument("--smoke", action="store_true",
                    help="a few seconds: every contender runs and its answer is checked; no results.md")
    ap.add_argument("--only", default="1,2,3,4,5", help="comma-separated figure numbers")
    ap.add_argument("--loop", choices=("asyncio", "uvloop"), default="asyncio",
                    help="event loop of figure 3 (default: stock asyncio)")
    ap.add_argument("--fallback-server", action="store_true",
                    help="use the aiohttp.web target even if nginx is installed")
    ap.add_argument("--no-write", action="store_true", help="do not write benchmarks/results.md")
    args = ap.parse_args()
    only = {int(x) for x in args.only.split(",") if x}
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    plan = PLANS[mode]
    write = mode == "full" and not args.no_write
    started = time.perf_counter()
    load_before = os.getloadavg()
    measured = package_version()  # as imported now, not as the tree may be at the end
    import openai_rs_port.types  # noqa: F401 - pin the code measured to this moment
    figs: list[Figure] = []
    import aiohttp
    import requests

    capacity = None
    with _sigterm_as_exit(), target_mod.serve(args.fallback_server) as tgt:
        log(f"target: {tgt.kind} at {tgt.base}; load average {load_before[0]:.2f}")
        if 1 in only:
            log("1. import time ...")
            figs.append(fig_import(rounds=plan["import"]))
        if 2 in only:
            log("2. sync latency ...")
            r2, b2 = plan["sync"]
            figs.append(fig_sync_latency(tgt.base, rounds=r2, block=b2))
        if 3 in only:
            if mode != "smoke":
                capacity = wrk_capacity(tgt.base)
            log("3. async throughput ...")
            r3, t3, o3 = plan["async"]
            figs.append(fig_async(tgt.base, rounds=r3, total=t3, openai_total=o3, loop=args.loop))
        if 4 in only:
            log("4. streaming ...")
            figs.append(fig_stream(tgt.stream_base, rounds=plan["stream"]))
        if 5 in only:
            log("5. decode ...")
            r5, b5 = plan["decode"]
            figs.append(fig_decode(rounds=r5, budget=b5))
        kind = tgt.kind
    elapsed = time.perf_counter() - started
    versions = f"requests {requests.__version__}, aiohttp {aiohttp.__version__}"
    if HAVE_OPENAI:
        import openai

        versions = f"openai {openai.__version__}, " + versions
    else:
        versions += " (openai not installed: its rows are left out)"
    meta = {
        "date": datetime.date.today().isoformat(),
        "command": f"`.venv/bin/python {' '.join(['benchmarks/run.py', *sys.argv[1:]])}`",
        "openai_rs_port": measured,
        "machine": f"{os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}",
        "target": kind + (f"; serves {capacity} to wrk (1 thread, 100 connections)" if capacity else ""),
        "versions": versions,
        "run time": f"{elapsed:.0f} s",
        "load average (1 min) before / after": (
            f"{load_before[0]:.2f} / {os.getloadavg()[0]:.2f} (other processes share the machine)"
        ),
    }
    text = render(figs, meta)
    print(text)
    print()
    for fig in figs:
        for name, checks in fig.checks.items():
            if checks:
                print(f"figure {fig.number}: {name}: {fig.ratio(name):.2f}{X}: "
                      + "; ".join(fig.verdicts(name)))
    if write:
        (HERE / "results.md").write_text(text + "\n")
        data = {"meta": meta, "figures": [
            {"number": f.number, "title": f.title, "baseline": f.baseline,
             "rows": {r.name: {"unit": r.unit, "per_round": r.values, "ratios": r.ratios}
                      for r in f.rows}}
            for f in figs]}
        (HERE / "results.json").write_text(json.dumps(data, indent=1) + "\n")
        log(f"wrote {HERE / 'results.md'} and results.json (every round's values)")


if __name__ == "__main__":
    main()
