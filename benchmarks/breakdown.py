"""Where openai_rs_port's own per-call CPU goes, stage by stage, in both modes.

    .venv/bin/python benchmarks/breakdown.py            # all three parts, prints markdown
    .venv/bin/python benchmarks/breakdown.py --write    # ... and writes benchmarks/profile.md
    .venv/bin/python benchmarks/breakdown.py --quick    # fewer rounds
    .venv/bin/python benchmarks/breakdown.py --no-io    # parts A and C only (no nginx needed)

A. Stages without I/O. ``client.chat().create(req)`` is stepped by hand, as ``_invoke`` and
   the driver step it, with ``time.perf_counter_ns()`` between the stages: the group
   accessor, describing the call (``json_body`` is timed alone too), ``call_flow`` up to its
   ``Send``, the transport's ``send`` over a stand-in session that answers at once from
   memory (so only our wrapper code runs, not requests or aiohttp), and the rest of the
   flow, which includes decoding (``json_decoder``, timed alone too). The whole public call
   over the same stand-in session is timed in the same rounds; what it costs beyond the sum
   of the stages is the driver and the glue (``drive``, ``_perform``, ``_finish``, the bound
   method). The flow's header statements and ``build_url`` are replayed alone. Each stage's
   value is the median over rounds of its mean per call, the timer's own cost subtracted.
B. The same call against nginx, one layer added at a time, with the process's CPU time per
   call: raw requests/aiohttp, our transport's ``send`` with a prebuilt ``HttpRequest``,
   ``drive(call_flow(api))`` with a prebuilt ``ApiRequest``, ``client._invoke`` (adds the
   encoding), ``client.chat().create``, and the call-control forms. Interleaved rounds;
   the step between two rows is what that layer costs, I/O libraries included.
D. and E. Raw aiohttp and raw requests called with our transport's settings (timeouts,
   session, redirects, headers) one at a time: what the libraries charge for them.
F. Part A's pieces of work (encoding, typed decoding, the accessor) added to a real sync
   call: what they cost between real I/O, where caches are cold.
C. cProfile of the public call over the stand-in session, restricted to functions in
   openai_rs_port (own time per call). cProfile inflates small functions; it names them,
   part A gives the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests
import run
import target
from multidict import CIMultiDict, CIMultiDictProxy
from requests.structures import CaseInsensitiveDict

import openai_rs_port
from openai_rs_port import AsyncClient, Client, OpenAIConfig
from openai_rs_port._async import drive as async_drive
from openai_rs_port._flow import Send, build_url, call_flow
from openai_rs_port._request import HttpRequest, Timeout, json_body
from openai_rs_port._sse import END, NEED_DATA, EventStreamParser, SSEDecoder
from openai_rs_port._sync import drive as sync_drive
from openai_rs_port.chat import Chat

BODY = (target.BODIES / "chat_completion.json").read_bytes()
ANSWER_HEADERS = {"Content-Type": "application/json", "Content-Length": str(len(BODY)),
                  "Server": "nginx", "Connection": "keep-alive"}
PKG = str(Path(openai_rs_port.__file__).resolve().parent)
X = run.X
DASH = run.DASH


# ------------------------------------------------------------------ stand-in sessions


class _SyncAnswer:
    __slots__ = ("content", "headers", "status_code")

    def __init__(self) -> None:
        self.status_code = 200
        self.headers = CaseInsensitiveDict(ANSWER_HEADERS)
        self.content = BODY


class MemorySession:
    """Takes ``requests.Session.request``'s arguments; answers the canned completion.

    The answer is built once, so ``send`` measures our wrapper and nothing of the stand-in.
    """

    def __init__(self) -> None:
        self._answer = _SyncAnswer()

    def request(self, method: str, url: str, **kwargs: Any) -> _SyncAnswer:
        return self._answer

    def close(self) -> None:
        pass


class _AsyncAnswer:
    __slots__ = ("headers", "status")

    def __init__(self) -> None:
        self.status = 200
        self.headers = CIMultiDictProxy(CIMultiDict(ANSWER_HEADERS))

    async def read(self) -> bytes:
        return BODY

    def release(self) -> None:
        pass


class AsyncMemorySession:
    """Takes ``aiohttp.ClientSession.request``'s arguments; answers the canned completion."""

    _loop = None
    closed = False

    def __init__(self) -> None:
        self._answer = _AsyncAnswer()

    async def request(self, method: str, url: str, **kwargs: Any) -> _AsyncAnswer:
        return self._answer

    async def close(self) -> None:
        pass


def _config(base: str = "http://127.0.0.1:9/v1") -> OpenAIConfig:
    return OpenAIConfig(api_key=run.API_KEY, api_base=base)


# ------------------------------------------------------------------ A. stages without I/O

STAGES = [
    ("accessor", "group accessor + bound method: `client.chat().create`"),
    ("describe", "describe: `Chat.create` body (json_body + ApiRequest)"),
    ("json_body", "  of which `json_body(request)` (request encoding)"),
    ("flow_send", "flow: `call_flow` up to its Send (URL, headers, HttpRequest)"),
    ("headers", "  of which the header statements (replayed alone)"),
    ("url", "  of which `build_url` (alone)"),
    ("send", "transport `send`, our wrapper only (stand-in session)"),
    ("flow_tail", "flow after the answer, incl. decode"),
    ("tail_logic", "  of which the flow's own steps (same call, decode swapped for a no-op)"),
    ("decode", "  of which `api.decode(body)` (json_decoder: json.loads + typed)"),
    ("typed", "    of which the typed decode of the dict"),
    ("glue", "driver and glue: whole call minus the stages above"),
    ("whole", "**whole `client.chat().create(req)`, stand-in session**"),
]
TOP = ("accessor", "describe", "flow_send", "send", "flow_tail")
REF = [
    ("raw_dumps", "reference: `json.dumps(body)` as raw code does"),
    ("raw_loads", "reference: `json.loads(answer)` as raw code does"),
]


def _header_replay(settings: Any, api: Any) -> Callable[[], Any]:
    """The header statements of ``call_flow``, as they run for this call."""

    def headers() -> dict[str, str]:
        absolute = False
        h = {} if absolute else dict(settings.config.headers())
        if api.headers:
            h.update(api.headers)
        if settings.headers and not absolute:
            h.update(settings.headers)
        if api.body is not None:
            h["Content-Type"] = "application/json"
        if "User-Agent" not in h:
            h["User-Agent"] = "openai_rs_port/0.1.0"
        return h

    return headers


def _tail_logic(api: Any, settings: Any, resp: Any, number: int, tick: float) -> float:
    """Mean ns of the flow's steps after the answer, with decoding swapped for a no-op."""
    api = api._replace(decode=_noop)
    clock = time.perf_counter_ns
    total = 0
    for _ in range(number):
        gen = call_flow(api, settings)
        gen.send(None)
        t0 = clock()
        try:
            gen.send(resp)
        except StopIteration:
            pass
        total += clock() - t0
    return total / number - tick


def _noop(body: bytes) -> None:
    return None


def _timer_cost(clock: Callable[[], int], n: int = 20000) -> float:
    best = float("inf")
    for _ in range(5):
        t0 = clock()
        for _ in range(n):
            clock()
        best = min(best, (clock() - t0) / n)
    return best


def _alone(fns: dict[str, Callable[[], Any]], number: int) -> dict[str, float]:
    """Mean ns per call of each function, one pass."""
    out = {}
    for name, fn in fns.items():
        t0 = time.perf_counter_ns()
        for _ in range(number):
            fn()
        out[name] = (time.perf_counter_ns() - t0) / number
    return out


def sync_stages(rounds: int, number: int) -> dict[str, list[float]]:
    client = Client(_config(), http_client=MemorySession())  # type: ignore[arg-type]
    req = run.our_request()
    fn = Chat.create.fn
    settings = client._settings
    transport = client._transport
    chat = client.chat()
    api = fn(chat, req)
    typed = api.decode  # json_decoder's closure
    from openai_rs_port._codec import decoder_for
    from openai_rs_port.types import CreateChatCompletionResponse

    dec = decoder_for(CreateChatCompletionResponse)
    data = json.loads(BODY)
    clock = time.perf_counter_ns
    tick = _timer_cost(clock)
    alone = {
        "json_body": lambda: json_body(req),
        "headers": _header_replay(settings, api),
        "url": lambda: build_url(settings, api),
        "decode": lambda: typed(BODY),
        "typed": lambda: dec(data),
        "raw_dumps": lambda: json.dumps(run.RAW_BODY),
        "raw_loads": lambda: json.loads(BODY),
        "whole": lambda: client.chat().create(req),
    }
    samples: dict[str, list[float]] = {k: [] for k, _ in [*STAGES, *REF]}
    for _ in range(3):  # warm-up
        _alone(alone, number // 10)
    for _ in range(rounds):
        acc = dict.fromkeys(TOP, 0)
        for _ in range(number):
            t0 = clock()
            res = client.chat()
            res.create  # noqa: B018 - the bound method, as the caller's expression makes it
            t1 = clock()
            a = fn(res, req)
            t2 = clock()
            gen = call_flow(a, settings)
            action = gen.send(None)
            t3 = clock()
            resp = transport.send(action.request)
            t4 = clock()
            try:
                gen.send(resp)
            except StopIteration:
                pass
            t5 = clock()
            acc["accessor"] += t1 - t0
            acc["describe"] += t2 - t1
            acc["flow_send"] += t3 - t2
            acc["send"] += t4 - t3
            acc["flow_tail"] += t5 - t4
        for k, v in acc.items():
            samples[k].append(v / number - tick)
        for k, v in _alone(alone, number).items():
            samples[k].append(v)
        samples["tail_logic"].append(_tail_logic(api, settings, resp, number, tick))
    _glue(samples)
    return samples


def _glue(samples: dict[str, list[float]]) -> None:
    for i in range(len(samples["whole"])):
        samples["glue"].append(samples["whole"][i] - sum(samples[k][i] for k in TOP))


def async_stages(rounds: int, number: int) -> dict[str, list[float]]:
    async def main() -> dict[str, list[float]]:
        client = AsyncClient(_config(), http_client=AsyncMemorySession())  # type: ignore[arg-type]
        req = run.our_request()
        fn = Chat.create.fn
        settings = client._settings
        transport = client._transport
        chat = client.chat()
        api = fn(chat, req)
        typed = api.decode
        from openai_rs_port._codec import decoder_for
        from openai_rs_port.types import CreateChatCompletionResponse

        dec = decoder_for(CreateChatCompletionResponse)
        data = json.loads(BODY)
        clock = time.perf_counter_ns
        tick = _timer_cost(clock)
        alone = {
            "json_body": lambda: json_body(req),
            "headers": _header_replay(settings, api),
            "url": lambda: build_url(settings, api),
            "decode": lambda: typed(BODY),
            "typed": lambda: dec(data),
            "raw_dumps": lambda: json.dumps(run.RAW_BODY),
            "raw_loads": lambda: json.loads(BODY),
        }

        async def whole(n: int) -> float:
            t0 = clock()
            for _ in range(n):
                await client.chat().create(req)
            return (clock() - t0) / n

        samples: dict[str, list[float]] = {k: [] for k, _ in [*STAGES, *REF]}
        await transport.send(HttpRequest("POST", "http://x/", {}, b"", Timeout()))  # binds the loop
        for _ in range(3):
            _alone(alone, number // 10)
            await whole(number // 10)
        for _ in range(rounds):
            acc = dict.fromkeys(TOP, 0)
            for _ in range(number):
                t0 = clock()
                res = client.chat()
                res.create  # noqa: B018
                t1 = clock()
                a = fn(res, req)
                t2 = clock()
                gen = call_flow(a, settings)
                action = gen.send(None)
                t3 = clock()
                resp = await transport.send(action.request)
                t4 = clock()
                try:
                    gen.send(resp)
                except StopIteration:
                    pass
                t5 = clock()
                acc["accessor"] += t1 - t0
                acc["describe"] += t2 - t1
                acc["flow_send"] += t3 - t2
                acc["send"] += t4 - t3
                acc["flow_tail"] += t5 - t4
            for k, v in acc.items():
                samples[k].append(v / number - tick)
            for k, v in _alone(alone, number).items():
                samples[k].append(v)
            samples["tail_logic"].append(_tail_logic(api, settings, resp, number, tick))
            samples["whole"].append(await whole(number))
        _glue(samples)
        await client.close()
        return samples

    return asyncio.run(main())


def driver_alone(rounds: int, number: int) -> dict[str, list[float]]:
    """The drivers' loop over a one-Send generator, with a perform that answers at once."""
    action = Send(HttpRequest("POST", "http://x/", {}, b"", Timeout()))
    answer = object()

    def flow() -> Any:
        r = yield action
        return r

    def perform(a: Any) -> Any:
        return answer

    async def aperform(a: Any) -> Any:
        return answer

    def sync_once() -> None:
        sync_drive(flow(), perform)

    def gen_once() -> None:  # the generator alone, stepped inline, for subtraction
        g = flow()
        g.send(None)
        try:
            g.send(answer)
        except StopIteration:
            pass

    out: dict[str, list[float]] = {"sync": [], "async": [], "gen": []}

    async def amain() -> None:
        for _ in range(rounds):
            t0 = time.perf_counter_ns()
            for _ in range(number):
                await async_drive(flow(), aperform)
            out["async"].append((time.perf_counter_ns() - t0) / number)
            r = _alone({"sync": sync_once, "gen": gen_once}, number)
            out["sync"].append(r["sync"])
            out["gen"].append(r["gen"])

    asyncio.run(amain())
    return out


def call_control_alone(rounds: int, number: int) -> dict[str, list[float]]:
    """What making the call-control clients costs, per call, before any I/O."""
    sc = Client(_config(), http_client=MemorySession())  # type: ignore[arg-type]
    headers = run.EXTRA_HEADERS
    fns = {
        "with_options(headers=...)": lambda: sc.with_options(headers=headers),
        "with_options(headers=...).chat()": lambda: sc.with_options(headers=headers).chat(),
        "with_raw_response()": lambda: sc.with_raw_response(),
        "with_raw_response().chat()": lambda: sc.with_raw_response().chat(),
    }
    req = run.our_request()
    opts = sc.with_options(headers=headers)
    rawc = sc.with_raw_response()
    fns["prebuilt with_options client: .chat().create(req)"] = lambda: opts.chat().create(req)
    fns["prebuilt raw client: .chat().create(req).parse()"] = lambda: rawc.chat().create(req).parse()
    fns["plain client: .chat().create(req)"] = lambda: sc.chat().create(req)
    out: dict[str, list[float]] = {k: [] for k in fns}
    _alone(fns, number // 10)
    for i in range(rounds):
        for k, v in _alone(dict(run.order(list(fns.items()), i)), number).items():
            out[k].append(v)
    return out


# ------------------------------------------------------------------ B. layers with I/O


def _sync_layers(base: str) -> dict[str, Callable[[], Any]]:
    session = requests.Session()
    url = base + "/chat/completions"
    dumps, loads = json.dumps, json.loads
    client = Client(_config(base))
    req = run.our_request()
    chat = client.chat()
    api = Chat.create.fn(chat, req)
    settings = client._settings
    transport = client._transport
    gen = call_flow(api, settings)
    prebuilt = gen.send(None).request
    gen.close()
    perform = client._perform
    fn = Chat.create.fn
    headers = run.EXTRA_HEADERS
    return {
        "raw: session.post + json.loads": lambda: loads(
            session.post(url, data=dumps(run.RAW_BODY), headers=run.RAW_HEADERS).content),
        "transport.send(prebuilt HttpRequest) + json.loads": lambda: loads(transport.send(prebuilt).body),
        "drive(call_flow(prebuilt ApiRequest)) (+ flow, driver, typed decode)": lambda: sync_drive(
            call_flow(api, settings), perform),
        "client._invoke(Chat.create.fn, chat, req) (+ encoding)": lambda: client._invoke(fn, chat, req),
        "client.chat().create(req) (+ accessor, bound method)": lambda: client.chat().create(req),
        "client.with_options(headers=...).chat().create(req)": lambda: client.with_options(
            headers=headers).chat().create(req),
        "client.with_raw_response().chat().create(req).parse()": lambda: client.with_raw_response(
        ).chat().create(req).parse(),
    }


Layers = tuple[dict[str, list[float]], dict[str, list[float]]]  # CPU and GC µs per call


def sync_layers(base: str, rounds: int, block: int) -> Layers:
    return _sync_cpu(_sync_layers(base), rounds, block)


def _sync_cpu(fns: dict[str, Callable[[], Any]], rounds: int, block: int) -> Layers:
    """CPU µs per call: in each round ``block`` turns, one call of each function per turn in
    a fresh random order; a round's value is the mean over its calls."""
    for fn in fns.values():
        for _ in range(30):
            fn()
    cpu: dict[str, list[float]] = {k: [] for k in fns}
    gcs: dict[str, list[float]] = {k: [] for k in fns}
    names = list(fns)
    clock = time.process_time_ns
    with run.GcClock() as gcc:
        for i in range(rounds):
            acc = dict.fromkeys(names, 0)
            gc_acc = dict.fromkeys(names, 0.0)
            for j in range(block):
                for name in run.order(names, i * block + j):
                    fn = fns[name]
                    before = gcc.seconds
                    c0 = clock()
                    fn()
                    acc[name] += clock() - c0
                    gc_acc[name] += gcc.seconds - before
            for name in names:
                cpu[name].append(acc[name] / block / 1e3)
                gcs[name].append(gc_acc[name] / block * 1e6)
    return cpu, gcs


def warm_vs_cold(base: str, rounds: int, block: int) -> Layers:
    """Part A's pieces of work added to a real call: what they cost between real I/O."""
    from openai_rs_port._codec import decoder_for
    from openai_rs_port.types import CreateChatCompletionResponse

    client = Client(_config(base))
    req = run.our_request()
    api = Chat.create.fn(client.chat(), req)
    transport = client._transport
    gen = call_flow(api, client._settings)
    prebuilt = gen.send(None).request
    gen.close()
    dec = decoder_for(CreateChatCompletionResponse)
    loads, dumps, body = json.loads, json.dumps, run.RAW_BODY
    send = transport.send
    return _sync_cpu({
        "transport.send(prebuilt) + json.loads": lambda: loads(send(prebuilt).body),
        "+ json.dumps(body dict), as raw code encodes": lambda: (dumps(body), loads(send(prebuilt).body)),
        "+ json_body(request), our encoding": lambda: (json_body(req), loads(send(prebuilt).body)),
        "+ typed decode of the answer": lambda: dec(loads(send(prebuilt).body)),
        "+ client.chat().create (accessor, bound method) alone": lambda: (
            client.chat().create, loads(send(prebuilt).body)),
    }, rounds, block)


def requests_options(base: str, rounds: int, block: int) -> Layers:
    """Raw requests calls made the way our transport makes them, one setting at a time."""
    session = requests.Session()
    url = base + "/chat/completions"
    body = json.dumps(run.RAW_BODY)
    h = run.RAW_HEADERS
    ours = {**h, "User-Agent": "openai_rs_port/0.1.0"}
    t = Timeout()
    timeout = (t.connect, t.read)
    post, req, loads = session.post, session.request, json.loads
    return _sync_cpu({
        "requests defaults: session.post(url, data=, headers=)": lambda: loads(
            post(url, data=body, headers=h).content),
        "+ timeout=(5, 600), as ours (sockets with a timeout poll before each read)": lambda: loads(
            req("POST", url, data=body, headers=h, timeout=timeout).content),
        "+ allow_redirects=False, stream=False, verify=None, proxies=None, as ours": lambda: loads(
            req("POST", url, data=body, headers=h, timeout=timeout, allow_redirects=False,
                stream=False, verify=None, proxies=None).content),
        "+ our User-Agent header": lambda: loads(
            req("POST", url, data=body, headers=ours, timeout=timeout, allow_redirects=False,
                stream=False, verify=None, proxies=None).content),
    }, rounds, block)


def async_layers(base: str, rounds: int, total: int, concurrency: int = 100) -> Layers:
    import aiohttp

    async def main() -> Layers:
        session = aiohttp.ClientSession()
        url = base + "/chat/completions"
        dumps, loads = json.dumps, json.loads
        client = AsyncClient(_config(base))
        req = run.our_request()
        chat = client.chat()
        api = Chat.create.fn(chat, req)
        settings = client._settings
        transport = client._transport
        gen = call_flow(api, settings)
        prebuilt = gen.send(None).request
        gen.close()
        perform = client._perform
        fn = Chat.create.fn
        headers = run.EXTRA_HEADERS

        async def raw() -> Any:
            async with session.post(url, data=dumps(run.RAW_BODY), headers=run.RAW_HEADERS) as r:
                return loads(await r.read())

        async def send() -> Any:
            return loads((await transport.send(prebuilt)).body)

        async def flow() -> Any:
            return await async_drive(call_flow(api, settings), perform)

        async def invoke() -> Any:
            return await client._invoke(fn, chat, req)

        async def public() -> Any:
            return await client.chat().create(req)

        async def opts() -> Any:
            return await client.with_options(headers=headers).chat().create(req)

        async def rawresp() -> Any:
            return (await client.with_raw_response().chat().create(req)).parse()

        fns: dict[str, Callable[[], Awaitable[Any]]] = {
            "raw: session.post + json.loads": raw,
            "transport.send(prebuilt HttpRequest) + json.loads": send,
            "drive(call_flow(prebuilt ApiRequest)) (+ flow, driver, typed decode)": flow,
            "client._invoke(Chat.create.fn, chat, req) (+ encoding)": invoke,
            "client.chat().create(req) (+ accessor, bound method)": public,
            "client.with_options(headers=...).chat().create(req)": opts,
            "client.with_raw_response().chat().create(req).parse()": rawresp,
        }
        return await _async_cpu(fns, rounds, total, concurrency, (session.close, client.close))

    return asyncio.run(main())


async def _async_cpu(
    fns: dict[str, Callable[[], Awaitable[Any]]], rounds: int, total: int, concurrency: int,
    closers: tuple[Callable[[], Awaitable[Any]], ...],
) -> Layers:
    for f in fns.values():
        await run._drive(f, concurrency * 2, concurrency)
    cpu: dict[str, list[float]] = {k: [] for k in fns}
    gcs: dict[str, list[float]] = {k: [] for k in fns}
    names = list(fns)
    with run.GcClock() as gcc:
        for i in range(rounds):
            for name in run.order(names, i):
                gcc.reset()
                c0 = time.process_time()
                await run._drive(fns[name], total, concurrency)
                cpu[name].append((time.process_time() - c0) / total * 1e6)
                gcs[name].append(gcc.seconds / total * 1e6)
    for close in closers:
        await close()
    return cpu, gcs


def aiohttp_options(base: str, rounds: int, total: int, concurrency: int = 100) -> Layers:
    """Raw aiohttp calls made the way our transport makes them, one setting at a time."""
    import aiohttp

    async def main() -> Layers:
        url = base + "/chat/completions"
        plain = aiohttp.ClientSession()
        # As AiohttpTransport._open makes its session.
        ours = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, ttl_dns_cache=300),
                                     auto_decompress=True, skip_auto_headers=("User-Agent",))
        body = json.dumps(run.RAW_BODY).encode()
        t = Timeout()
        read_timeout = aiohttp.ClientTimeout(total=None, sock_connect=t.connect, sock_read=t.read)
        no_timeout = aiohttp.ClientTimeout(total=None)
        headers = run.RAW_HEADERS

        def call(session: aiohttp.ClientSession, **kw: Any) -> Callable[[], Awaitable[Any]]:
            async def f() -> Any:
                r = await session.request("POST", url, data=body, headers=headers, **kw)
                try:
                    data = await r.read()
                finally:
                    r.release()
                return json.loads(data)

            return f

        fns = {
            "aiohttp defaults (ClientTimeout total=300 s)": call(plain),
            "ClientTimeout(total=None): no timer at all": call(plain, timeout=no_timeout),
            "ClientTimeout(total=None, sock_connect=5, sock_read=600), as ours": call(
                plain, timeout=read_timeout),
            "+ our session (TCPConnector(limit=0, ttl_dns_cache=300), skip User-Agent)": call(
                ours, timeout=read_timeout),
            "+ allow_redirects=False, proxy=None, as ours": call(
                ours, timeout=read_timeout, allow_redirects=False, proxy=None),
        }
        return await _async_cpu(fns, rounds, total, concurrency, (plain.close, ours.close))

    return asyncio.run(main())


# ------------------------------------------------------------------ C. cProfile


def own_profile(mode: str, number: int) -> list[tuple[str, float, float, int]]:
    """(function, own µs per call, cumulative µs per call, calls per call), our files only."""
    req = run.our_request()
    prof = cProfile.Profile()
    if mode == "sync":
        client = Client(_config(), http_client=MemorySession())  # type: ignore[arg-type]
        for _ in range(200):
            client.chat().create(req)
        prof.enable()
        for _ in range(number):
            client.chat().create(req)
        prof.disable()
    else:
        async def main() -> None:
            client = AsyncClient(_config(), http_client=AsyncMemorySession())  # type: ignore[arg-type]
            for _ in range(200):
                await client.chat().create(req)
            prof.enable()
            for _ in range(number):
                await client.chat().create(req)
            prof.disable()

        asyncio.run(main())
    st = pstats.Stats(prof)
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        if file.startswith(PKG):
            rel = file[len(PKG) + 1:]
            rows.append((f"{rel}:{line} {func}", tt / number * 1e6, ct / number * 1e6, nc // number))
    rows.sort(key=lambda r: -r[1])
    return rows


# ------------------------------------------------------------------ streams


def stream_stages(rounds: int) -> dict[str, list[float]]:
    from openai_rs_port._codec import decoder_for
    from openai_rs_port.types import CreateChatCompletionStreamResponse

    body = target.stream_body()
    pieces = [body[i: i + 65536] for i in range(0, len(body), 65536)]
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
                while p.next_item() not in (NEED_DATA, END):
                    pass

        return go

    fns: dict[str, Callable[[], None]] = {
        "raw: split lines + json.loads": raw_lines,
        "SSEDecoder.feed alone": sse_only,
        "EventStreamParser, no typed decode": parser(lambda x: x),
        "EventStreamParser + typed decode": parser(typed),
    }
    out: dict[str, list[float]] = {k: [] for k in fns}
    names = list(fns)
    for i in range(rounds):
        for name in run.order(names, i):
            t0 = time.perf_counter_ns()
            fns[name]()
            out[name].append((time.perf_counter_ns() - t0) / n / 1e3)
    return out


# ------------------------------------------------------------------ report


def _diff(data: dict[str, list[float]], a: str, b: str) -> str:
    d = [x - y for x, y in zip(data[a], data[b], strict=True)]
    lo, hi = run.iqr(d)
    return f"{statistics.median(d):+.0f} [{lo:+.0f}{DASH}{hi:+.0f}]"


def _steps(data: dict[str, list[float]]) -> dict[str, str]:
    names = list(data)
    plain = names[4]
    out = {names[0]: ""}
    prev = names[0]
    for k in names[1:]:
        if k.startswith("client.with_"):
            out[k] = _diff(data, k, plain)
        else:
            out[k] = _diff(data, k, prev)
            prev = k
    return out


def _mi(values: list[float], scale: float = 1.0) -> str:
    lo, hi = run.iqr(values)
    return f"{statistics.median(values) * scale:.2f} [{lo * scale:.2f}{DASH}{hi * scale:.2f}]"


def report(args: argparse.Namespace) -> str:
    q = args.quick
    rounds, number = (7, 1000) if q else (25, 2000)
    out: list[str] = []
    load = __import__("os").getloadavg()
    out += [
        "# Per-call CPU profile of openai_rs_port's own code",
        "",
        f"- command: `.venv/bin/python benchmarks/breakdown.py {' '.join(sys.argv[1:])}`".rstrip(),
        f"- machine: {platform.platform()}, Python {platform.python_version()}; "
        f"load average (1 min) at start {load[0]:.2f}",
        f"- openai_rs_port: {run.package_version()}",
        "- values: median over rounds [p25" + DASH + "p75], µs per call",
        "",
        "## A. Stages of one `chat().create` call, no I/O",
        "",
        f"{rounds} rounds {X} {number:,} calls. Stepped by hand as the client steps it; the "
        "transport runs over a stand-in session that answers at once, so `send` is only our "
        "wrapper (requests' and aiohttp's own cost is in part B).",
        "",
        "| stage | Client (sync) µs/call | AsyncClient µs/call |",
        "|---|---|---|",
    ]
    log("A. stages, sync ...")
    s = sync_stages(rounds, number)
    log("A. stages, async ...")
    a = async_stages(rounds, number)
    for key, label in [*STAGES, *REF]:
        out.append(f"| {label} | {_mi(s[key], 1e-3)} | {_mi(a[key], 1e-3)} |")
    log("A. drivers alone ...")
    d = driver_alone(rounds, number)
    out += [
        "",
        "The drivers alone, over a generator that yields one `Send` and a perform that "
        f"answers at once: `_sync.drive` {_mi(d['sync'], 1e-3)} µs, `_async.drive` "
        f"{_mi(d['async'], 1e-3)} µs per call, of which stepping the generator itself "
        f"{_mi(d['gen'], 1e-3)} µs.",
        "",
    ]
    log("A. call-control clients ...")
    cc = call_control_alone(rounds, number)
    out += ["Making the call-control clients (sync `Client`, no I/O; stand-in session):", "",
            "| expression | µs/call |", "|---|---|"]
    for k, v in cc.items():
        out.append(f"| `{k}` | {_mi(v, 1e-3)} |")
    out.append("")
    if not args.no_io:
        with target.serve() as tgt:
            out += [
                "## B. Layer by layer against nginx (client CPU per call)",
                "",
                f"Target: {tgt.kind}. Each row adds one layer of the client to the row above. "
                "CPU time of this process per call (`time.process_time`), so the I/O wait "
                "does not count, but requests' and aiohttp's work on our arguments does.",
                "",
            ]
            lr, lb = (5, 20) if q else (30, 30)
            log("B. sync layers ...")
            sl, sg = sync_layers(tgt.base, lr, lb)
            ar, at = (5, 1000) if q else (15, 1500)
            log("B. async layers ...")
            al, ag = async_layers(tgt.base, ar, at)
            out += [
                f"Sync: {lr} rounds {X} {lb} turns; in each turn every row makes one call, in a "
                f"fresh random order. Async: {ar} rounds {X} "
                f"{at:,} requests at concurrency 100. \"step\" is the median over rounds of the "
                "difference to the row above in the same round (the call-control rows: to the "
                "plain `client.chat().create` row) [p25" + DASH + "p75]; GC is the time spent in "
                "the garbage collector, per call.",
                "",
                "| layer | Client CPU µs/call | step | GC | AsyncClient CPU µs/request | step | GC |",
                "|---|---|---|---|---|---|---|",
            ]
            ss, sa = _steps(sl), _steps(al)
            for k in sl:
                out.append(f"| {k} | {_mi(sl[k])} | {ss[k]} | {statistics.median(sg[k]):.1f} "
                           f"| {_mi(al[k])} | {sa[k]} | {statistics.median(ag[k]):.1f} |")
            names = list(sl)
            out += [
                "",
                f"Whole client over raw (paired per round): sync {_diff(sl, names[4], names[0])} µs, "
                f"async {_diff(al, names[4], names[0])} µs of CPU per call.",
                "",
            ]
            log("D. aiohttp options ...")
            dc, dg = aiohttp_options(tgt.base, ar, at)
            out += [
                "## D. Raw aiohttp, called with our transport's settings one at a time",
                "",
                f"{ar} rounds {X} {at:,} requests at concurrency 100, CPU µs per request; each "
                "row changes one thing from the row above (the second row: from the first). "
                "This is how much of the transport's step in part B is aiohttp's work on our "
                "settings rather than our code.",
                "",
                "| aiohttp call | CPU µs/request | step | GC µs/request |",
                "|---|---|---|---|",
            ]
            dn = list(dc)
            for i, k in enumerate(dn):
                step = "" if i == 0 else _diff(dc, k, dn[0] if i == 2 else dn[i - 1])
                if i == 2:
                    step += " vs defaults"
                out.append(f"| {k} | {_mi(dc[k])} | {step} | {statistics.median(dg[k]):.1f} |")
            out.append("")
            log("E. requests options ...")
            ec, _eg = requests_options(tgt.base, lr, lb)
            out += [
                "## E. Raw requests, called with our transport's settings one at a time",
                "",
                f"{lr} rounds {X} {lb} turns as in part B, CPU µs per call; each row adds one "
                "setting to the row above.",
                "",
                "| requests call | CPU µs/call | step |",
                "|---|---|---|",
            ]
            en = list(ec)
            for i, k in enumerate(en):
                step = "" if i == 0 else _diff(ec, k, en[i - 1])
                out.append(f"| {k} | {_mi(ec[k])} | {step} |")
            out.append("")
    if not args.no_io:
        with target.serve() as tgt:
            lr, lb = (5, 20) if q else (40, 30)
            log("F. warm vs cold ...")
            fc, _fg = warm_vs_cold(tgt.base, lr, lb)
            out += [
                "## F. Part A's work between real I/O (sync)",
                "",
                f"{lr} rounds {X} {lb} turns as in part B: each row adds one piece of work to a "
                "real call over nginx; \"step\" is its cost there, paired with the first row, "
                "against its cost in part A's tight loop. Between real I/O our code runs with "
                "cold caches, so it costs more than part A says.",
                "",
                "| sync call over nginx | CPU µs/call | step |",
                "|---|---|---|",
            ]
            fn_ = list(fc)
            for i, k in enumerate(fn_):
                out.append(f"| {k} | {_mi(fc[k])} | {'' if i == 0 else _diff(fc, k, fn_[0])} |")
            out.append("")
    log("C. cProfile ...")
    n = 3000 if q else 10000
    out += [
        "## C. cProfile, openai_rs_port functions only (own time per call)",
        "",
        f"{n:,} calls of `client.chat().create(req)` over the stand-in session. Under the "
        "profiler every function call costs more, so these are larger than part A's figures.",
        "",
    ]
    for mode in ("sync", "async"):
        rows = own_profile(mode, n)
        total = sum(r[1] for r in rows)
        out += [f"**{mode}** (own time in openai_rs_port: {total:.1f} µs/call under cProfile)", "",
                "| function | own µs/call | cumulative µs/call | calls/call |", "|---|---|---|---|"]
        for name, tt, ct, nc in rows[:15]:
            out.append(f"| `{name}` | {tt:.2f} | {ct:.2f} | {nc} |")
        out.append("")
    log("streams ...")
    st = stream_stages(5 if q else 15)
    out += [
        "## Per streaming chunk, no I/O",
        "",
        f"The {target.STREAM_CHUNKS:,}-chunk body fed in 64 KiB pieces; µs per chunk.",
        "",
        "| stage | µs/chunk |",
        "|---|---|",
    ]
    for k, v in st.items():
        out.append(f"| {k} | {_mi(v)} |")
    out.append("")
    return "\n".join(out)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer rounds")
    ap.add_argument("--no-io", action="store_true", help="skip part B (needs no nginx)")
    ap.add_argument("--write", action="store_true", help="write benchmarks/profile.md")
    args = ap.parse_args()
    text = report(args)
    print(text)
    if args.write:
        (Path(__file__).resolve().parent / "profile.md").write_text(text + "\n")
        log("wrote benchmarks/profile.md")
