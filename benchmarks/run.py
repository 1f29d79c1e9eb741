"""Side-by-side benchmarks of openai_rs_port against raw requests/aiohttp and openai-python.

    .venv/bin/python benchmarks/run.py            # full run, writes benchmarks/results.md
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats (a smoke test of the figures)
    .venv/bin/python benchmarks/run.py --only 2,4 # some figures only

Every figure compares contenders in the same run, interleaved round by round (the starting
contender rotates), against a local nginx serving canned bodies (see target.py), so the
server is not the bottleneck. Figures are medians; the garbage collector stays on.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import target as target_mod  # noqa: E402

PY = sys.executable
X = "\u00d7"  # the multiplication sign of the ratios
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


@dataclass
class Row:
    name: str
    value: float
    unit: str
    note: str = ""


@dataclass
class Figure:
    number: int
    title: str
    baseline: str  # name of the row ratios are taken against
    higher_is_better: bool
    limit: float  # the target ratio of ``ours`` to ``baseline``
    versus: str  # how the target names the baseline
    ours: str  # name of the row the target applies to
    rows: list[Row] = field(default_factory=list)
    detail: str = ""
    # name -> median over rounds of (value / baseline value) within the same round. Rounds
    # run every contender back to back, so this cancels the VM's slow drifts in speed.
    paired: dict[str, float] = field(default_factory=dict)

    def pair(self, per_round: dict[str, list[float]]) -> None:
        base = per_round[self.baseline]
        for name, values in per_round.items():
            self.paired[name] = statistics.median(v / b for v, b in zip(values, base, strict=True))

    @property
    def target(self) -> str:
        return f"{'≥' if self.higher_is_better else '≤'} {self.limit:g}{X} {self.versus}"

    def row(self, name: str) -> Row:
        return next(r for r in self.rows if r.name == name)

    def ratio(self, name: str) -> float:
        if name in self.paired:
            return self.paired[name]
        return self.row(name).value / self.row(self.baseline).value


def rotate(items: list[Any], k: int) -> list[Any]:
    k %= len(items)
    return items[k:] + items[:k]


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


def fig_import(runs: int) -> Figure:
    fig = Figure(
        1, "Import time (fresh interpreter, in-process time of the import statement)",
        baseline="import openai", higher_is_better=False, limit=0.4, versus="import openai",
        ours=IMPORTS[0][0],
    )
    for _, stmt in IMPORTS:  # warm the OS file cache and write missing .pyc files
        _time_import(stmt)
    inproc: dict[str, list[float]] = {n: [] for n, _ in IMPORTS}
    walls: dict[str, list[float]] = {n: [] for n, _ in IMPORTS}
    startup: list[float] = []
    for i in range(runs):
        for name, stmt in rotate(IMPORTS, i):
            a, w = _time_import(stmt)
            inproc[name].append(a)
            walls[name].append(w)
        startup.append(_time_import("pass")[1])
    for name, _ in IMPORTS:
        fig.rows.append(Row(
            name, statistics.median(inproc[name]) * 1e3, "ms",
            f"whole process {statistics.median(walls[name]) * 1e3:.0f} ms",
        ))
    fig.pair(inproc)
    fig.detail = (
        f"{runs} fresh `python -c` processes per row, interleaved, with .pyc files present for "
        "every package (written by a warm-up run); bare interpreter start-up "
        f"(`python -c pass`) {statistics.median(startup) * 1e3:.0f} ms."
    )
    return fig


# ------------------------------------------------------------------ 2. sync latency


def _sync_contenders(base: str) -> dict[str, tuple[Callable[[], Any], Callable[[], None]]]:
    import openai
    import requests

    from openai_rs_port import Client, OpenAIConfig

    session = requests.Session()
    url = base + "/chat/completions"
    dumps, loads = json.dumps, json.loads

    def raw() -> Any:
        return loads(session.post(url, data=dumps(RAW_BODY), headers=RAW_HEADERS).content)

    client = Client(OpenAIConfig(api_key=API_KEY, api_base=base))
    req = our_request()

    def ours() -> Any:
        return client.chat().create(req)

    oc = openai.OpenAI(base_url=base, api_key=API_KEY, max_retries=0)
    kw = openai_kwargs()

    def oai() -> Any:
        return oc.chat.completions.create(**kw)

    return {
        "raw requests.Session.post + json.loads": (raw, session.close),
        "openai_rs_port Client.chat().create": (ours, client.close),
        "openai.OpenAI chat.completions.create": (oai, oc.close),
    }


def fig_sync_latency(base: str, rounds: int, block: int) -> Figure:
    fig = Figure(
        2, "Sync chat completion latency over keep-alive (per call)",
        baseline="raw requests.Session.post + json.loads", higher_is_better=False,
        limit=1.15, versus="raw requests", ours="openai_rs_port Client.chat().create",
    )
    contenders = _sync_contenders(base)
    names = list(contenders)
    samples: dict[str, list[int]] = {n: [] for n in names}
    round_medians: dict[str, list[float]] = {n: [] for n in names}
    for name in names:  # warm-up: connection, lazy imports, compiled codecs
        fn = contenders[name][0]
        for _ in range(50):
            fn()
    clock = time.perf_counter_ns
    for i in range(rounds):
        for name in rotate(names, i):
            fn = contenders[name][0]
            out: list[int] = []
            for _ in range(block):
                t0 = clock()
                fn()
                out.append(clock() - t0)
            samples[name] += out
            round_medians[name].append(statistics.median(out))
    for name in names:
        s = samples[name]
        q = statistics.quantiles(s, n=10)
        fig.rows.append(Row(
            name, statistics.median(s) / 1e3, "µs",
            f"p10 {q[0] / 1e3:.0f} µs, p90 {q[-1] / 1e3:.0f} µs",
        ))
        contenders[name][1]()
    fig.pair(round_medians)
    fig.detail = (
        f"{rounds} rounds {X} {block} calls per contender, interleaved; each call timed alone "
        f"({rounds * block} samples each). POST of a 230-byte request, 1 KB JSON answer."
    )
    return fig


# ------------------------------------------------------------------ 3. async throughput


async def _drive(call: Callable[[], Any], total: int, concurrency: int) -> None:
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _async_round(kind: str, base: str, total: int, concurrency: int) -> tuple[float, float]:
    """One contender's round: (requests per second, CPU seconds of this process per request)."""
    import aiohttp
    import openai

    from openai_rs_port import AsyncClient, OpenAIConfig

    url = base + "/chat/completions"
    loads, dumps = json.loads, json.dumps
    closer: Callable[[], Any]
    if kind == "raw":
        session = aiohttp.ClientSession()

        async def call() -> Any:
            async with session.post(url, data=dumps(RAW_BODY), headers=RAW_HEADERS) as r:
                return loads(await r.read())

        closer = session.close
    elif kind == "ours":
        client = AsyncClient(OpenAIConfig(api_key=API_KEY, api_base=base))
        req = our_request()

        async def call() -> Any:
            return await client.chat().create(req)

        closer = client.close
    else:
        oc = openai.AsyncOpenAI(base_url=base, api_key=API_KEY, max_retries=0)
        kw = openai_kwargs()

        async def call() -> Any:
            return await oc.chat.completions.create(**kw)

        closer = oc.close
    try:
        await _drive(call, concurrency * 2, concurrency)  # open the connections, warm up
        c0, t0 = time.process_time(), time.perf_counter()
        await _drive(call, total, concurrency)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        return total / wall, cpu / total
    finally:
        await closer()


def fig_async(base: str, rounds: int, total: int, openai_total: int, concurrency: int = 100) -> Figure:
    names = {
        "raw": "raw aiohttp ClientSession.post + json.loads",
        "ours": "openai_rs_port AsyncClient.chat().create",
        "openai": "openai.AsyncOpenAI chat.completions.create",
    }
    totals = {"raw": total, "ours": total, "openai": openai_total}
    fig = Figure(
        3, f"Async chat completions at concurrency {concurrency} (throughput)",
        baseline=names["raw"], higher_is_better=True, limit=0.8, versus="raw aiohttp",
        ours=names["ours"],
    )
    rates: dict[str, list[float]] = {k: [] for k in names}
    cpus: dict[str, list[float]] = {k: [] for k in names}
    kinds = list(names)
    for i in range(rounds):
        for kind in rotate(kinds, i):
            rps, cpu = asyncio.run(_async_round(kind, base, totals[kind], concurrency))
            rates[kind].append(rps)
            cpus[kind].append(cpu)
    for kind, name in names.items():
        r = rates[kind]
        fig.rows.append(Row(
            name, statistics.median(r), "req/s",
            f"{totals[kind]:,} requests per round, client CPU "
            f"{statistics.median(cpus[kind]) * 1e6:.0f} µs/request, rounds "
            + ", ".join(f"{x:,.0f}" for x in r),
        ))
    fig.pair({names[k]: v for k, v in rates.items()})
    fig.detail = (
        f"{rounds} interleaved rounds per contender, {concurrency} workers sharing one "
        f"session/client, after {concurrency * 2} warm-up requests; a new event loop per round "
        f"(stock asyncio). openai-python gets fewer requests per round because it is ~10{X} slower; "
        "req/s does not depend on the count."
    )
    return fig


# ------------------------------------------------------------------ 4. streaming


def _stream_contenders(stream_base: str) -> dict[str, tuple[Callable[[], int], Callable[[], None]]]:
    import openai
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

    oc = openai.OpenAI(base_url=stream_base, api_key=API_KEY, max_retries=0)
    kw = openai_kwargs()

    def oai() -> int:
        n = 0
        with oc.chat.completions.create(stream=True, **kw) as stream:
            for _ in stream:
                n += 1
        return n

    return {
        "raw requests iter_lines() + json.loads": (raw, session.close),
        "openai_rs_port Client.chat().create_stream": (ours, client.close),
        "openai.OpenAI chat.completions.create(stream=True)": (oai, oc.close),
    }


def fig_stream(stream_base: str, rounds: int) -> Figure:
    fig = Figure(
        4, f"Streamed chat completion chunks ({target_mod.STREAM_CHUNKS:,}-chunk SSE body)",
        baseline="raw requests iter_lines() + json.loads", higher_is_better=True,
        limit=0.7, versus="raw", ours="openai_rs_port Client.chat().create_stream",
    )
    contenders = _stream_contenders(stream_base)
    names = list(contenders)
    rates: dict[str, list[float]] = {n: [] for n in names}
    for name in names:
        n = contenders[name][0]()
        if n != target_mod.STREAM_CHUNKS:
            raise AssertionError(f"{name} yielded {n} chunks, expected {target_mod.STREAM_CHUNKS}")
    for i in range(rounds):
        for name in rotate(names, i):
            t0 = time.perf_counter()
            n = contenders[name][0]()
            rates[name].append(n / (time.perf_counter() - t0))
    for name in names:
        fig.rows.append(Row(name, statistics.median(rates[name]), "chunks/s"))
        contenders[name][1]()
    fig.pair(rates)
    fig.detail = (
        f"{rounds} streams per contender, interleaved; time from sending the request to the "
        f"last chunk; each chunk is a ~290-byte `chat.completion.chunk` event. Raw uses "
        f"`iter_lines()` with its default chunk size."
    )
    return fig


# ------------------------------------------------------------------ 5. decode


def _bench_calls(
    fns: dict[str, Callable[[], Any]], rounds: int, budget: float
) -> dict[str, list[float]]:
    """Mean time per call (seconds) in each round; each round runs ~budget s per function."""
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
        for name in rotate(names, i):
            fn, n = fns[name], counts[name]
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            per_call[name].append((time.perf_counter() - t0) / n)
    return per_call


def fig_decode(rounds: int, budget: float) -> Figure:
    import decoders
    from openai.types.chat import ChatCompletion, ChatCompletionChunk

    from openai_rs_port._codec import decoder_for
    from openai_rs_port.types import CreateChatCompletionResponse, CreateChatCompletionStreamResponse

    d = json.loads((target_mod.BODIES / "chat_completion.json").read_bytes())
    chunk = json.loads(target_mod.stream_body(3).split(b"\n\n")[1][6:])
    ours_resp = CreateChatCompletionResponse.from_dict(d)
    assert ours_resp == decoders.hand_response(d)
    assert CreateChatCompletionStreamResponse.from_dict(chunk) == decoders.hand_chunk(chunk)
    assert ChatCompletion.model_validate(d).choices[0].message.content == d["choices"][0][
        "message"]["content"]
    compiled = decoder_for(CreateChatCompletionResponse)
    compiled_chunk = decoder_for(CreateChatCompletionStreamResponse)
    names = {
        "hand": "hand-written decoder, same dataclasses",
        "from_dict": "openai_rs_port CreateChatCompletionResponse.from_dict",
        "compiled": "openai_rs_port compiled decoder (decoder_for, the client's hot path)",
        "dj": "dataclasses-json from_dict (equivalent @dataclass_json classes)",
        "construct": "openai ChatCompletion.construct (no validation)",
        "validate": "openai ChatCompletion.model_validate",
    }
    fig = Figure(
        5, "Decode a 1 KB chat completion dict into typed objects (per call)",
        baseline=names["hand"], higher_is_better=False, limit=2, versus="hand-written",
        ours=names["from_dict"],
    )
    fns: dict[str, Callable[[], Any]] = {
        "hand": lambda: decoders.hand_response(d),
        "from_dict": lambda: CreateChatCompletionResponse.from_dict(d),
        "compiled": lambda: compiled(d),
        "dj": lambda: decoders.DjResponse.from_dict(d),
        "construct": lambda: ChatCompletion.construct(**d),
        "validate": lambda: ChatCompletion.model_validate(d),
        "chunk_hand": lambda: decoders.hand_chunk(chunk),
        "chunk_ours": lambda: compiled_chunk(chunk),
        "chunk_validate": lambda: ChatCompletionChunk.model_validate(chunk),
        "chunk_construct": lambda: ChatCompletionChunk.construct(**chunk),
    }
    per_round = _bench_calls(fns, rounds, budget)
    res = {k: statistics.median(v) for k, v in per_round.items()}
    for key, name in names.items():
        fig.rows.append(Row(name, res[key] * 1e6, "µs"))
    fig.pair({name: per_round[key] for key, name in names.items()})
    chunk_ratio = statistics.median(
        o / h for o, h in zip(per_round["chunk_ours"], per_round["chunk_hand"], strict=True)
    )
    fig.detail = (
        f"{rounds} interleaved rounds of ~{budget:.2f} s per contender, median of the mean per call. "
        "Results checked equal to the hand-written decoder's. Per streaming chunk (~290 B): "
        f"hand-written {res['chunk_hand'] * 1e6:.2f} µs, openai_rs_port compiled "
        f"{res['chunk_ours'] * 1e6:.2f} µs "
        f"({chunk_ratio:.2f}{X}), "
        f"openai ChatCompletionChunk.construct {res['chunk_construct'] * 1e6:.2f} µs, "
        f"model_validate {res['chunk_validate'] * 1e6:.2f} µs."
    )
    return fig


# ------------------------------------------------------------------ report


def _fmt(v: float, unit: str) -> str:
    if unit in ("req/s", "chunks/s"):
        return f"{v:,.0f} {unit}"
    if v >= 100:
        return f"{v:,.0f} {unit}"
    if v >= 10:
        return f"{v:.1f} {unit}"
    return f"{v:.2f} {unit}"


def verdict(fig: Figure) -> str:
    r = fig.ratio(fig.ours)
    ok = r >= fig.limit if fig.higher_is_better else r <= fig.limit
    return f"{r:.2f}{X} ({'meets' if ok else 'MISSES'} target {fig.target})"


def render(figs: list[Figure], meta: dict[str, str]) -> str:
    out = [f"# Benchmark results — {meta['date']}", ""]
    out += [f"- {k}: {v}" for k, v in meta.items() if k != "date"]
    out.append("")
    out += [
        "| figure | contender | median | vs baseline | target |",
        "|---|---|---|---|---|",
    ]
    for fig in figs:
        for i, row in enumerate(fig.rows):
            ratio = fig.ratio(row.name)
            mark = "baseline" if row.name == fig.baseline else f"{ratio:.2f}{X}"
            tgt = verdict(fig).split(" (")[1].rstrip(")") if row.name == fig.ours else ""
            title = f"**{fig.number}.** {fig.title}" if i == 0 else ""
            out.append(f"| {title} | {row.name} | {_fmt(row.value, row.unit)} | {mark} | {tgt} |")
    out += [
        "",
        "\"vs baseline\" is the median over rounds of the ratio to the baseline measured in the "
        "same round (contenders run back to back in each round, starting contender rotating), "
        "so it can differ a little from the ratio of the two medians.",
        "",
    ]
    for fig in figs:
        out.append(f"**{fig.number}. {fig.title}.** {fig.detail}")
        notes = [f"{r.name}: {r.note}" for r in fig.rows if r.note]
        if notes:
            out.append("  " + "; ".join(notes) + ".")
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repeats (~1 min)")
    ap.add_argument("--only", default="1,2,3,4,5", help="comma-separated figure numbers")
    ap.add_argument("--fallback-server", action="store_true",
                    help="use the aiohttp.web target even if nginx is installed")
    ap.add_argument("--no-write", action="store_true", help="do not write benchmarks/results.md")
    args = ap.parse_args()
    only = {int(x) for x in args.only.split(",") if x}
    q = args.quick
    started = time.perf_counter()
    load_before = os.getloadavg()
    figs: list[Figure] = []
    import aiohttp
    import openai
    import requests

    with _sigterm_as_exit(), target_mod.serve(args.fallback_server) as tgt:
        log(f"target: {tgt.kind} at {tgt.base}")
        if 1 in only:
            log("1. import time ...")
            figs.append(fig_import(runs=5 if q else 15))
        if 2 in only:
            log("2. sync latency ...")
            figs.append(fig_sync_latency(tgt.base, rounds=4 if q else 20, block=100 if q else 250))
        if 3 in only:
            log("3. async throughput ...")
            figs.append(fig_async(tgt.base, rounds=1 if q else 9, total=2000 if q else 5000,
                                  openai_total=500 if q else 1000))
        if 4 in only:
            log("4. streaming ...")
            figs.append(fig_stream(tgt.stream_base, rounds=3 if q else 30))
        if 5 in only:
            log("5. decode ...")
            figs.append(fig_decode(rounds=3 if q else 9, budget=0.1 if q else 0.25))
        kind = tgt.kind
    elapsed = time.perf_counter() - started
    meta = {
        "date": datetime.date.today().isoformat(),
        "command": f"`.venv/bin/python {' '.join(['benchmarks/run.py', *sys.argv[1:]])}`",
        "machine": f"{os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}",
        "target": kind,
        "versions": (f"openai {openai.__version__}, requests {requests.__version__}, "
                     f"aiohttp {aiohttp.__version__}"),
        "run time": f"{elapsed:.0f} s",
        "load average (1 min) before / after": (
            f"{load_before[0]:.2f} / {os.getloadavg()[0]:.2f} (other processes share the machine)"
        ),
    }
    text = render(figs, meta)
    print(text)
    print()
    for fig in figs:
        print(f"figure {fig.number}: {fig.ours}: {verdict(fig)}")
    if not args.no_write:
        (HERE / "results.md").write_text(text + "\n")
        log(f"wrote {HERE / 'results.md'}")


if __name__ == "__main__":
    main()
