"""The local HTTP target for the benchmarks: nginx serving canned bodies on a free loopback port.

nginx is started with its own config (rendered from nginx.conf.template) and writes its
pid, logs and temp files into benchmarks/.work/. Without an nginx binary, an aiohttp.web
server runs in a separate process instead (slower, so the ratios are less telling).

Paths served:
  POST /v1/chat/completions          -> bodies/chat_completion.json (1 KB)
  GET  /v1/models                    -> bodies/models.json
  POST /stream/v1/chat/completions   -> .work/stream.sse (N chat.completion.chunk events + [DONE])

Run alone to serve until Ctrl-C:  python benchmarks/target.py
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BODIES = HERE / "bodies"
WORK = HERE / ".work"
STREAM_CHUNKS = 2000

_WORDS = (
    "Ownership", " means", " each", " value", " has", " a", " single", " owner", ";",
    " borrowing", " lends", " it", " out", " without", " moving", " it", ".",
)


def stream_body(n_chunks: int = STREAM_CHUNKS) -> bytes:
    """An SSE body of ``n_chunks`` chat.completion.chunk events, as OpenAI sends them."""
    head = {
        "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
        "object": "chat.completion.chunk",
        "created": 1741570283,
        "model": "gpt-4o-mini-2024-07-18",
        "service_tier": "default",
        "system_fingerprint": "fp_06737a9306",
    }
    out = []
    for i in range(n_chunks):
        if i == 0:
            delta: dict[str, object] = {"role": "assistant", "content": "", "refusal": None}
            finish = None
        elif i == n_chunks - 1:
            delta, finish = {}, "stop"
        else:
            delta, finish = {"content": _WORDS[i % len(_WORDS)]}, None
        chunk = {
            **head,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        out.append(b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n")
    out.append(b"data: [DONE]\n\n")
    return b"".join(out)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Target:
    kind: str  # "nginx 1.22.1" or "aiohttp.web fallback"
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def stream_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/stream/v1"


def _wait_listening(port: int, proc: subprocess.Popen[bytes], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def _nginx_version(binary: str) -> str:
    r = subprocess.run([binary, "-v"], capture_output=True, text=True)
    return (r.stderr or r.stdout).strip().split("/")[-1] or "?"


def _start_nginx(binary: str) -> tuple[subprocess.Popen[bytes], int]:
    for d in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (WORK / d).mkdir(parents=True, exist_ok=True)
    template = (HERE / "nginx.conf.template").read_text()
    # As root, nginx would drop its worker to "nobody", which may not read /work.
    user = "user root;" if os.geteuid() == 0 else ""
    last_err = ""
    for _ in range(5):
        port = free_port()
        conf = (
            template.replace("@WORK@", str(WORK))
            .replace("@BODIES@", str(BODIES))
            .replace("@PORT@", str(port))
            .replace("@USER@", user)
        )
        conf_path = WORK / "nginx.conf"
        conf_path.write_text(conf)
        log = open(WORK / "nginx.stderr", "wb")
        proc = subprocess.Popen(
            [binary, "-p", str(WORK), "-e", str(WORK / "error.log"), "-c", str(conf_path)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        if _wait_listening(port, proc):
            return proc, port
        _stop(proc)
        last_err = (WORK / "nginx.stderr").read_text(errors="replace")
    raise RuntimeError(f"nginx did not start: {last_err}")


def _start_fallback() -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    log = open(WORK / "fallback.stderr", "wb")
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__)), "--fallback-serve", str(port)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    if not _wait_listening(port, proc):
        _stop(proc)
        raise RuntimeError("the aiohttp fallback server did not start")
    return proc, port


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # nginx: fast shutdown
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def serve(force_fallback: bool = False) -> Iterator[Target]:
    """Start the target, yield where it listens, stop it afterwards."""
    WORK.mkdir(exist_ok=True)
    (WORK / "stream.sse").write_bytes(stream_body())
    binary = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None
    )
    if binary and not force_fallback:
        proc, port = _start_nginx(binary)
        target = Target(f"nginx {_nginx_version(binary)} (1 worker)", port)
    else:
        proc, port = _start_fallback()
        reason = "forced" if binary else "nginx not installed"
        target = Target(f"aiohttp.web fallback in a separate process ({reason})", port)
    try:
        yield target
    finally:
        _stop(proc)


def _fallback_serve(port: int) -> None:
    from aiohttp import web

    chat = (BODIES / "chat_completion.json").read_bytes()
    models = (BODIES / "models.json").read_bytes()
    stream = (WORK / "stream.sse").read_bytes()

    async def chat_h(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(body=chat, content_type="application/json")

    async def models_h(request: web.Request) -> web.Response:
        return web.Response(body=models, content_type="application/json")

    async def stream_h(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(body=stream, content_type="text/event-stream")

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat_h)
    app.router.add_get("/v1/models", models_h)
    app.router.add_post("/stream/v1/chat/completions", stream_h)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--fallback-serve":
        _fallback_serve(int(sys.argv[2]))
    else:
        signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop nginx on SIGTERM too
        with serve(force_fallback="--fallback" in sys.argv) as t:
            print(f"{t.kind} at {t.base} (stream: {t.stream_base}); Ctrl-C to stop", flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
