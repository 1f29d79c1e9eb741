"""Servers for the network tests: a forward proxy, a TLS front for the local server, and a CA.

* ``ForwardProxy``: an HTTP proxy on 127.0.0.1 that serves absolute-form requests
  (``GET http://host:port/path``) and ``CONNECT host:port`` tunnels, and records each
  request line with its headers. What it forwards carries ``X-Via-Test-Proxy``, so the
  target's own record shows that a request came through it.
* ``TLSFront``: a TLS endpoint on 127.0.0.1 relaying the decrypted bytes to a plain server
  (the local ``MockOpenAIServer``); it counts the handshakes that succeeded.
* ``make_ca``: a self-signed CA and a server certificate for 127.0.0.1, made with the
  ``openssl`` command (the ``cryptography`` package is not a dependency).

Each server runs its own asyncio loop in a thread, so tests of either mode can use it.
Imported by test modules (no asserts here): PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import ssl
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["VIA_HEADER", "CertFiles", "ForwardProxy", "Proxied", "TLSFront", "make_ca"]

VIA_HEADER = "X-Via-Test-Proxy"

class _ThreadServer:
    """An asyncio server on 127.0.0.1 served from a loop in a background thread."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self._ssl = ssl_context
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            await self.handle(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            self._writers.discard(writer)
            await _close(writer)

    def start(self) -> None:
        started = threading.Event()

        async def listen() -> None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self._ssl)
            self.port = self._server.sockets[0].getsockname()[1]

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(listen())
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name=type(self).__name__, daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError(f"{type(self).__name__} did not start")

    def stop(self) -> None:
        async def shut() -> None:
            assert self._server is not None
            self._server.close()
            for w in list(self._writers):
                w.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self._server.wait_closed()

        if self._thread is None:
            return
        asyncio.run_coroutine_threadsafe(shut(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
        self._thread = None


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(Exception):
        await writer.wait_closed()


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (OSError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(Exception):
            if writer.can_write_eof():
                writer.write_eof()


async def _relay(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
    up_reader: asyncio.StreamReader, up_writer: asyncio.StreamWriter,
) -> None:
    """Copy both ways until the target is done answering, then close both ends."""
    out = asyncio.ensure_future(_copy(reader, up_writer))
    try:
        await _copy(up_reader, writer)
    finally:
        out.cancel()
        await asyncio.gather(out, return_exceptions=True)
        await _close(up_writer)


@dataclass(frozen=True)
class Proxied:
    """One request as the proxy received it: ``GET http://...`` or ``CONNECT host:port``."""

    method: str
    target: str
    headers: dict[str, str]  # names lower-cased


class ForwardProxy(_ThreadServer):
    """A forward proxy that records what went through it (``seen``)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._seen: list[Proxied] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def seen(self) -> list[Proxied]:
        with self._lock:
            return list(self._seen)

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *lines = head.decode("latin-1").split("\r\n")
        method, target, version = request_line.split(" ", 2)
        fields = [line.split(":", 1) for line in lines if ":" in line]
        headers = {k.strip().lower(): v.strip() for k, v in fields}
        with self._lock:
            self._seen.append(Proxied(method, target, headers))
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            up_reader, up_writer = await asyncio.open_connection(host, int(port))
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await _relay(reader, writer, up_reader, up_writer)
            return
        parts = urlsplit(target)
        if parts.scheme != "http" or not parts.hostname:
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        up_reader, up_writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        # One request per connection: the target is told to close, and so is the client.
        hop = {"proxy-authorization", "proxy-connection", "connection", "keep-alive"}
        kept = "".join(f"{k}:{v}\r\n" for k, v in fields if k.strip().lower() not in hop)
        up_writer.write(
            f"{method} {path} {version}\r\n{kept}{VIA_HEADER}: yes\r\nConnection: close\r\n\r\n"
            .encode("latin-1")
        )
        await _relay(reader, writer, up_reader, up_writer)


class TLSFront(_ThreadServer):
    """TLS on 127.0.0.1 in front of a plain HTTP server at ``target`` (``host``, ``port``)."""

    def __init__(self, certs: CertFiles, target: tuple[str, int]) -> None:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(certs.cert, certs.key)
        super().__init__(ctx)
        self._target = target
        self.handshakes = 0

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}/v1"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.handshakes += 1  # the handler runs only after a completed handshake
        up_reader, up_writer = await asyncio.open_connection(*self._target)
        await _relay(reader, writer, up_reader, up_writer)


@dataclass(frozen=True)
class CertFiles:
    ca: Path  # the CA certificate (PEM): what a client trusts
    cert: Path  # the server certificate for 127.0.0.1 / localhost, signed by the CA
    key: Path


def make_ca(directory: Path) -> CertFiles:
    """A throwaway CA and a server certificate signed by it, valid for two days."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("the network tests need the `openssl` command to make certificates")
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca, key, csr, cert = (directory / n for n in
                                  ("ca.key", "ca.pem", "server.key", "server.csr", "server.pem"))
    ext = directory / "server.ext"
    ext.write_text(
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid,issuer\n"
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def run(*args: str) -> None:
        subprocess.run([openssl, *args], check=True, capture_output=True, timeout=60)

    run("req", "-x509", *ec, "-keyout", str(ca_key), "-out", str(ca), "-days", "2",
        "-subj", "/CN=openai_rs_port test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-addext", "subjectKeyIdentifier=hash")
    run("req", "-new", *ec, "-keyout", str(key), "-out", str(csr), "-subj", "/CN=127.0.0.1")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key),
        "-CAcreateserial", "-out", str(cert), "-days", "2", "-extfile", str(ext))
    return CertFiles(ca, cert, key)
