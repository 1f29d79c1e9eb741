"""Peak RSS of ``Uploads.upload_file`` sending a 1 GiB file to the project's local server.

    .venv/bin/python benchmarks/bench_upload_rss.py              # 1 GiB, both clients
    .venv/bin/python benchmarks/bench_upload_rss.py --size-mib 64 --part-mib 8   # quick

The file is written to a temporary directory in 1 MiB blocks (never held in memory).
The server runs in its own process: the project's Uploads and Files route groups
(``openai_rs_port.testing``) on an app that records no requests (``record=False``),
since recording would keep every byte sent. Its uploads of more than
64 MiB keep part sizes and hashes only. Each client mode runs in a fresh process, so
``ru_maxrss`` is that upload's own high-water mark; the target is under 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

MiB = 1024 * 1024
TARGET_MB = 150


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MiB


# ---------------------------------------------------------------- server process


def serve(port: int) -> None:
    from aiohttp import web

    from openai_rs_port.testing import ServerState, build_app
    from openai_rs_port.testing.routes import files, uploads

    app = build_app(ServerState(), [uploads.routes, files.routes], record=False)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None,
                handle_signals=True)


# ---------------------------------------------------------------- client process


def upload(mode: str, base_url: str, path: str, part_size: int, concurrency: int) -> dict[str, Any]:
    from openai_rs_port import AsyncClient, Client, OpenAIConfig

    config = OpenAIConfig(api_key="sk-bench", api_base=base_url)
    before = _current_rss_mb()
    start = time.perf_counter()
    if mode == "sync":
        with Client(config) as client:
            f = client.uploads().upload_file(path, "batch", part_size=part_size,
                                              concurrency=concurrency)
    else:
        async def main() -> Any:
            async with AsyncClient(config) as client:
                return await client.uploads().upload_file(path, "batch", part_size=part_size,
                                                          concurrency=concurrency)

        f = asyncio.run(main())
    seconds = time.perf_counter() - start
    return {"mode": mode, "file_bytes": f.bytes, "seconds": round(seconds, 2),
            "rss_before_mb": round(before, 1), "peak_rss_mb": round(_peak_rss_mb(), 1)}


# ---------------------------------------------------------------- orchestration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _write_file(path: str, size: int) -> str:
    digest = hashlib.sha256()
    block = os.urandom(MiB)
    with open(path, "wb") as f:
        left = size
        i = 0
        while left > 0:
            # A different block each time (cheaply), so no two parts are identical.
            chunk = (i.to_bytes(8, "little") + block[8:])[: min(MiB, left)]
            f.write(chunk)
            digest.update(chunk)
            left -= len(chunk)
            i += 1
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--part-mib", type=int, default=64)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--modes", default="sync,async")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    if args.client:
        print(json.dumps(upload(args.client, args.base_url, args.path, args.part_mib * MiB,
                                args.concurrency)))
        return

    port = _free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)])
    results = []
    try:
        _wait_port(port, time.monotonic() + 30)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "big.bin")
            _write_file(path, args.size_mib * MiB)
            for mode in args.modes.split(","):
                out = subprocess.run(
                    [sys.executable, __file__, "--client", mode, "--base-url",
                     f"http://127.0.0.1:{port}/v1", "--path", path, "--part-mib",
                     str(args.part_mib), "--concurrency", str(args.concurrency)],
                    check=True, capture_output=True, text=True,
                )
                results.append(json.loads(out.stdout))
    finally:
        server.terminate()
        server.wait(30)
    server_peak = _peak_rss_mb(resource.RUSAGE_CHILDREN)
    print(f"upload_file: {args.size_mib} MiB in parts of {args.part_mib} MiB, "
          f"concurrency {args.concurrency} (async)")
    print(f"{'client':<8}{'seconds':>9}{'RSS before':>12}{'peak RSS':>10}  target < {TARGET_MB} MB")
    for r in results:
        assert r["file_bytes"] == args.size_mib * MiB, r
        verdict = "ok" if r["peak_rss_mb"] < TARGET_MB else "OVER"
        print(f"{r['mode']:<8}{r['seconds']:>9}{r['rss_before_mb']:>10} MB"
              f"{r['peak_rss_mb']:>7} MB  {verdict}")
    print(f"(largest child process peak, the server included: {server_peak:.1f} MB)")


if __name__ == "__main__":
    main()
