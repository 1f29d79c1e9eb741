"""Where openai_rs_port's per-call CPU goes, without any I/O.

    .venv/bin/python benchmarks/breakdown.py

Each stage of a chat completion call is timed alone on canned bytes (the call flow is driven
with a transport object that answers from memory), next to what raw requests code does
(``json.dumps`` the body, ``json.loads`` the answer). A second table does the same per
streaming chunk. Stages are interleaved over rounds; medians and minimums are printed, since
this shared 2-core VM changes speed by up to 2x from second to second.
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run
import target

from openai_rs_port import Client, OpenAIConfig
from openai_rs_port._codec import decoder_for
from openai_rs_port._flow import call_flow
from openai_rs_port._request import HttpRequest, HttpResponse, json_body
from openai_rs_port._sse import EventStreamParser, SSEDecoder
from openai_rs_port._sync import run_sync
from openai_rs_port.chat import Chat
from openai_rs_port.types import (
    CreateChatCompletionResponse,
    CreateChatCompletionStreamResponse,
)

BODY = (target.BODIES / "chat_completion.json").read_bytes()
HEADERS = {"content-type": "application/json", "content-length": str(len(BODY))}


class MemoryTransport:
    """Answers every request with the canned chat completion."""

    def send(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse(200, HEADERS, BODY)


def measure(fns: dict[str, Callable[[], Any]], rounds: int, number: int) -> None:
    samples: dict[str, list[float]] = {k: [] for k in fns}
    names = list(fns)
    for i in range(rounds):
        for name in run.rotate(names, i):
            fn = fns[name]
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            samples[name].append((time.perf_counter() - t0) / number * 1e6)
    width = max(map(len, names))
    for name in names:
        s = samples[name]
        print(f"  {name:{width}}  median {statistics.median(s):7.2f} µs   min {min(s):7.2f} µs")


def call_stages() -> None:
    client = Client(OpenAIConfig(api_key=run.API_KEY, api_base="http://127.0.0.1:9/v1"))
    req = run.our_request()
    chat = client.chat()
    api = Chat.create.fn(chat, req)
    settings = client._settings
    memory = MemoryTransport()
    data = json.loads(BODY)
    typed = decoder_for(CreateChatCompletionResponse)
    raw_body = run.RAW_BODY
    print("Per chat completion call (1 KB answer), no I/O:")
    measure({
        "raw: json.dumps(body) + json.loads(answer)": lambda: (json.dumps(raw_body), json.loads(BODY)),
        "json.loads(answer) alone": lambda: json.loads(BODY),
        "client.chat().create (bound method lookup)": lambda: client.chat().create,
        "describe: Chat.create body (json_body + ApiRequest)": lambda: Chat.create.fn(chat, req),
        "  json_body(request)": lambda: json_body(req),
        "flow + sync driver + decode (run_sync(call_flow))": lambda: run_sync(
            call_flow(api, settings), memory  # type: ignore[arg-type]
        ),
        "  decode: json.loads + typed": lambda: api.decode(BODY),
        "  typed decode of the dict alone": lambda: typed(data),
    }, rounds=25, number=2000)


def stream_stages() -> None:
    body = target.stream_body()
    pieces = [body[i : i + 65536] for i in range(0, len(body), 65536)]
    typed = decoder_for(CreateChatCompletionStreamResponse)
    n = target.STREAM_CHUNKS

    def raw_lines() -> None:
        for line in io.BytesIO(body):
            if line.startswith(b"data: "):
                d = line[6:]
                if d.startswith(b"[DONE]"):
                    break
                json.loads(d)

    def sse_only() -> None:
        d = SSEDecoder()
        for p in pieces:
            d.feed(p)

    def parser(decode: Callable[[Any], Any]) -> Callable[[], None]:
        def go() -> None:
            p = EventStreamParser(decode)
            for piece in pieces:
                p.feed(piece)

        return go

    print(f"Per streaming chunk ({n:,}-chunk body fed in 64 KiB pieces), no I/O:")
    samples: dict[str, list[float]] = {}
    fns: dict[str, Callable[[], None]] = {
        "raw: split lines + json.loads": raw_lines,
        "SSEDecoder.feed alone": sse_only,
        "EventStreamParser, no typed decode": parser(lambda x: x),
        "EventStreamParser + typed decode": parser(typed),
    }
    names = list(fns)
    for i in range(15):
        for name in run.rotate(names, i):
            t0 = time.perf_counter()
            fns[name]()
            samples.setdefault(name, []).append((time.perf_counter() - t0) / n * 1e6)
    width = max(map(len, names))
    for name in names:
        s = samples[name]
        print(f"  {name:{width}}  median {statistics.median(s):7.2f} µs   min {min(s):7.2f} µs")


if __name__ == "__main__":
    call_stages()
    print()
    stream_stages()
