"""The bulk runner at a rate limit, against the local server in its own process.

    .venv/bin/python benchmarks/bench_bulk.py                      # 100,000 requests at 1,000/s
    .venv/bin/python benchmarks/bench_bulk.py --requests 20000 --write

1. ``--requests`` chat requests through ``run_bulk`` (in a child process: its peak RSS is
   measured alone) against the server enforcing ``--limit`` requests per ``--window``
   seconds: the sustained rate (over the run's second half, long after the initial full
   bucket) as a share of the limit, the 429s as a share of the requests
   (from the server's own log), the peak RSS, and a PNG of throughput and concurrency
   over time when matplotlib is installed.
2. The same job through ``python -m openai_rs_port.bulk``, SIGKILLed at random points 3
   times and resumed: duplicates and lost lines in the output, and requests sent again,
   counted from the server's log.
3. A hand-written ``asyncio.Semaphore`` + openai-python loop (openai's own retries honour
   ``retry-after``) on the same job at the same limit.

Not a timed test: run by hand, figures recorded in benchmarks/bulk.md (``--write``).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KEY = "sk-bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``python -m openai_rs_port.testing`` in its own process, driven by its control API."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.api = self.base + "/v1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "openai_rs_port.testing", "--port", str(self.port)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        self.proc.stdout.readline()  # "serving ..." once listening

    def control(self, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=600) as r:
            return json.loads(r.read())

    def limit(self, limit: int, window: float) -> None:
        self.control("/_control/reset", {})
        self.control("/_control/settings", {"rate_limits": {
            "limit_requests": limit, "limit_tokens": 1_000_000_000, "window": window,
            "enforce": True}})

    def sent(self) -> Counter[str]:
        """How many chat requests the server received per custom_id (the prompt)."""
        out: Counter[str] = Counter()
        for r in self.control("/_control/requests")["data"]:
            if r["path"] == "/v1/chat/completions":
                body = json.loads(base64.b64decode(r["body"]))
                out[body["messages"][0]["content"]] += 1
        return out

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def write_input(path: Path, n: int) -> None:
    with open(path, "w") as f:
        for i in range(n):
            cid = f"b-{i:06d}"
            f.write(json.dumps({"custom_id": cid, "method": "POST", "url": "/v1/chat/completions",
                                "body": {"model": "gpt-4o-mini",
                                         "messages": [{"role": "user", "content": cid}]}}) + "\n")


def child(args: argparse.Namespace) -> None:
    # The runner alone in this process: its figures and peak RSS go to --report.
    from openai_rs_port import AsyncClient, OpenAIConfig
    from openai_rs_port.bulk import run_bulk

    async def go() -> Any:
        async with AsyncClient(OpenAIConfig(api_key=KEY, api_base=args.base)) as c:
            return await run_bulk(args.input, args.output, client=c, window=args.window,
                                  max_concurrency=args.concurrency)

    summary = asyncio.run(go())
    done_at = sorted(t for t, _, _ in summary.history)
    Path(args.report).write_text(json.dumps({
        "elapsed": summary.elapsed, "succeeded": summary.succeeded, "failed": summary.failed,
        "rate_limited": summary.rate_limited,
        "history": [[t - done_at[0], n, w] for t, n, w in summary.history],
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def sustained(times: list[float]) -> float:
    """Answers per second over the second half of the run: the initial full bucket (a
    burst over the limit) and the ramp-up are long over by then."""
    times = sorted(times)
    if len(times) < 4:
        return float("nan")
    mid = (times[0] + times[-1]) / 2
    return sum(1 for t in times if t >= mid) / (times[-1] - mid)


def run_runner(server: Server, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    server.limit(args.limit, args.window)
    out, report = work / "out.jsonl", work / "report.json"
    out.unlink(missing_ok=True)
    subprocess.run([sys.executable, __file__, "--child", "--base", server.api,
                    "--input", str(work / "in.jsonl"), "--output", str(out),
                    "--report", str(report), "--window", str(args.window),
                    "--concurrency", str(args.concurrency)], check=True, cwd=ROOT)
    rep: dict[str, Any] = json.loads(report.read_text())
    sent = server.sent()
    rate = sustained([t for t, _, _ in rep["history"]])
    rep.update(sent=sum(sent.values()), rate=rate, limit_rate=args.limit / args.window,
               share_429=(sum(sent.values()) - args.requests) / args.requests)
    return rep


def kill_and_resume(server: Server, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    server.limit(args.limit, args.window)
    out = work / "killed.jsonl"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "openai_rs_port.bulk", str(work / "in.jsonl"), "-o", str(out),
           "--api-base", server.api, "--window", str(args.window), "--no-progress",
           "--max-concurrency", str(args.concurrency)]
    env = {**os.environ, "OPENAI_API_KEY": KEY}
    rng = random.Random(7)
    expected = args.requests / (args.limit / args.window)
    for _ in range(3):
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, 0.3) * expected)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
    lines = Counter(json.loads(x)["custom_id"] for x in out.read_text().splitlines())
    ids = {f"b-{i:06d}" for i in range(args.requests)}
    sent = server.sent()
    return {"duplicates": sum(n - 1 for n in lines.values()), "lost": len(ids - set(lines)),
            "sent": sum(sent.values()), "sent_again": sum(n - 1 for n in sent.values())}


def run_openai(server: Server, args: argparse.Namespace) -> dict[str, Any]:
    from openai import AsyncOpenAI, RateLimitError

    server.limit(args.limit, args.window)
    times: list[float] = []
    failed = 0

    async def go() -> None:
        nonlocal failed
        client = AsyncOpenAI(api_key=KEY, base_url=server.base + "/v1", max_retries=5)
        limit = asyncio.Semaphore(args.concurrency)

        async def one(i: int) -> None:
            nonlocal failed
            async with limit:
                try:
                    await client.chat.completions.create(
                        model="gpt-4o-mini",
                        messages=[{"role": "user", "content": f"b-{i:06d}"}])
                    times.append(time.monotonic())
                except RateLimitError:
                    failed += 1

        await asyncio.gather(*(one(i) for i in range(args.requests)))
        await client.close()

    t0 = time.monotonic()
    asyncio.run(go())
    sent = sum(server.sent().values())
    return {"elapsed": time.monotonic() - t0, "rate": sustained(times),
            "failed": failed, "share_429": (sent - args.requests + failed) / args.requests}


def plot(rep: dict[str, Any], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    hist = rep["history"]
    ts = [t for t, _, _ in hist]
    end = int(max(ts)) + 1
    per_second = Counter(int(t) for t in ts)
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(range(end), [per_second[s] for s in range(end)], label="answers/s")
    ax.axhline(rep["limit_rate"], linestyle="--", color="grey", label="limit")
    ax2 = ax.twinx()
    ax2.plot(ts, [n for _, n, _ in hist], color="tab:orange", alpha=0.5, label="in flight")
    ax.set_xlabel("seconds")
    ax.legend(loc="lower left")
    ax2.legend(loc="lower right")
    fig.savefig(path, dpi=100)
    return True


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--requests", type=int, default=100_000)
    p.add_argument("--limit", type=int, default=1000, help="requests per --window")
    p.add_argument("--window", type=float, default=1.0)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--write", action="store_true", help="append the figures to bulk.md")
    p.add_argument("--skip-openai", action="store_true")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    for name in ("--base", "--input", "--output", "--report"):
        p.add_argument(name, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args)
        return
    server = Server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            write_input(work / "in.jsonl", args.requests)
            rep = run_runner(server, work, args)
            png = ROOT / "benchmarks" / "bulk_throughput.png"
            plotted = plot(rep, png)
            killed = kill_and_resume(server, work, args)
            theirs = None if args.skip_openai else run_openai(server, args)
    finally:
        server.stop()
    rows = [
        f"- {args.requests:,} chat requests at {args.limit:,} per {args.window:g} s "
        f"({rep['limit_rate']:,.0f}/s), max concurrency {args.concurrency}",
        f"- bulk runner: {rep['elapsed']:.1f} s, sustained {rep['rate']:,.0f}/s = "
        f"{rep['rate'] / rep['limit_rate']:.1%} of the limit, 429s {rep['share_429']:.2%} "
        f"of requests, failed {rep['failed']}, peak RSS {rep['maxrss_mb']:.0f} MB",
        f"- killed 3 times and resumed: {killed['duplicates']} duplicates, {killed['lost']} "
        f"lost; the server got {killed['sent']:,} requests ({killed['sent_again']} sent again, "
        "in flight at a kill, or 429)",
        ("- openai-python + asyncio.Semaphore: skipped" if theirs is None else
         f"- openai-python + asyncio.Semaphore({args.concurrency}): {theirs['elapsed']:.1f} s, "
         f"sustained {theirs['rate']:,.0f}/s = {theirs['rate'] / rep['limit_rate']:.1%}, "
         f"429s {theirs['share_429']:.2%} of requests, {theirs['failed']} given up"),
        f"- plot: {'benchmarks/bulk_throughput.png' if plotted else 'matplotlib not installed'}",
    ]
    text = "\n".join(rows)
    print(text)
    if args.write:
        with open(ROOT / "benchmarks" / "bulk.md", "a") as f:
            f.write(f"\n## {time.strftime('%Y-%m-%d %H:%M')} UTC, {os.cpu_count()} CPUs\n\n"
                    f"{text}\n")


if __name__ == "__main__":
    main()
