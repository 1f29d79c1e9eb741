"""The same network in both modes: proxies (environment and ``proxy=``), NO_PROXY, and TLS
trust (``verify=``, SSL_CERT_FILE, REQUESTS_CA_BUNDLE), each test run for ``Client`` and
``AsyncClient`` against the local server, through a local proxy and a local TLS front.
Then ``AsyncClient`` across event loops (a second ``asyncio.run()``).
"""

from __future__ import annotations

import asyncio
import base64
import gc
import logging
import ssl
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from conftest import TEST_KEY, Harness, free_port
from network_servers import VIA_HEADER, CertFiles, ForwardProxy, TLSFront, make_ca

from openai_rs_port import AsyncClient, Backoff, Client, OpenAIConfig
from openai_rs_port.error import APIConnectionError, EventLoopMismatch, InvalidArgument
from openai_rs_port.testing import MockOpenAIServer

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")

pytestmark = pytest.mark.filterwarnings(
    # requests warns on every unverified request (verify=False); aiohttp does not.
    "ignore::urllib3.exceptions.InsecureRequestWarning"
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy or CA variable from the machine (this one sets the CA ones) leaks in."""
    for name in PROXY_VARIABLES + CA_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture(scope="module")
def proxy_server() -> Iterator[ForwardProxy]:
    proxy = ForwardProxy()
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture
def proxy(proxy_server: ForwardProxy) -> Iterator[ForwardProxy]:
    proxy_server.clear()
    yield proxy_server
    proxy_server.clear()


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> CertFiles:
    return make_ca(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls(certs: CertFiles, local_server: MockOpenAIServer) -> Iterator[TLSFront]:
    parts = local_server.base_url.split("/")[2].split(":")
    front = TLSFront(certs, (parts[0], int(parts[1])))
    front.start()
    try:
        yield front
    finally:
        front.stop()


def models_via(h: Harness, **kwargs: Any) -> Any:
    """``models().list()`` on a new client of the harness's mode, made with ``kwargs``."""
    kwargs.setdefault("backoff", Backoff.disabled())
    client = h.make(**kwargs)
    return h.call(client.models().list())


def https_config(tls: TLSFront) -> OpenAIConfig:
    return OpenAIConfig(api_key=TEST_KEY, api_base=tls.base_url)


def last_request_via_proxy(server: MockOpenAIServer) -> bool:
    return server.requests()[-1].headers.get(VIA_HEADER.lower()) == "yes"


# ---------------------------------------------------------------- proxies


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
def test_proxy_from_the_environment(
    local: Harness, local_server: MockOpenAIServer, proxy: ForwardProxy,
    monkeypatch: pytest.MonkeyPatch, variable: str,
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    assert models_via(local).data
    # The proxy got the absolute-form request, and the server got it from the proxy.
    assert [(p.method, p.target) for p in proxy.seen] == [
        ("GET", f"{local_server.base_url}/models")
    ]
    assert proxy.seen[0].headers["authorization"] == f"Bearer {TEST_KEY}"
    assert last_request_via_proxy(local_server)


def test_explicit_proxy_wins_over_the_environment(
    local: Harness, local_server: MockOpenAIServer, proxy: ForwardProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The environment names a proxy that refuses connections: using it would fail.
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # does not apply to proxy=
    assert models_via(local, proxy=proxy.url).data
    assert [(p.method, p.target) for p in proxy.seen] == [
        ("GET", f"{local_server.base_url}/models")
    ]
    assert last_request_via_proxy(local_server)


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "localhost,127.0.0.1", "127.0.0.0/8", "*"])
def test_no_proxy_bypasses_the_proxy(
    local: Harness, local_server: MockOpenAIServer, proxy: ForwardProxy,
    monkeypatch: pytest.MonkeyPatch, no_proxy: str,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert models_via(local).data
    assert proxy.seen == []
    assert local_server.requests()[-1].path == "/v1/models"
    assert not last_request_via_proxy(local_server)


def test_no_proxy_for_another_host_still_proxies(
    local: Harness, local_server: MockOpenAIServer, proxy: ForwardProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "example.invalid,10.0.0.0/8")
    assert models_via(local).data
    assert len(proxy.seen) == 1
    assert last_request_via_proxy(local_server)


def test_https_through_the_proxy_tunnel(
    mode: str, local: Harness, proxy: ForwardProxy, tls: TLSFront, certs: CertFiles,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    explicit = models_via(local, config=https_config(tls), proxy=proxy.url, verify=certs.ca)
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    from_env = models_via(local, config=https_config(tls), verify=certs.ca)
    assert explicit.data and from_env.data
    # Two tunnels; the proxy saw only CONNECT, never the request (it is encrypted).
    assert [(p.method, p.target) for p in proxy.seen] == [
        ("CONNECT", f"127.0.0.1:{tls.port}"), ("CONNECT", f"127.0.0.1:{tls.port}")
    ]


def test_proxy_credentials_are_sent_and_never_shown(
    local: Harness, proxy: ForwardProxy,
) -> None:
    password = "pr0xy-s3cret"
    assert models_via(local, proxy=f"http://alice:{password}@127.0.0.1:{proxy.port}").data
    token = base64.b64encode(f"alice:{password}".encode()).decode()
    assert proxy.seen[0].headers["proxy-authorization"] == f"Basic {token}"
    # A proxy that cannot be reached: the error names no password.
    dead = f"http://alice:{password}@127.0.0.1:{free_port()}"
    client = local.make(proxy=dead, backoff=Backoff.disabled())
    with pytest.raises(APIConnectionError) as e:
        local.call(client.models().list())
    assert password not in str(e.value) and password not in repr(e.value)
    assert password not in repr(client)


def test_copies_share_the_proxied_transport(
    local: Harness, local_server: MockOpenAIServer, proxy: ForwardProxy,
) -> None:
    client = local.make(proxy=proxy.url, backoff=Backoff.disabled())
    copies = [client.with_timeout(30), client.with_options(headers={"x-per-call": "1"})]
    for copy in copies:
        assert copy._transport is client._transport
        assert local.call(copy.models().list()).data
    assert len(proxy.seen) == 2
    assert proxy.seen[1].headers["x-per-call"] == "1"
    assert last_request_via_proxy(local_server)


@pytest.mark.parametrize("bad", ["127.0.0.1:3128", "socks5://127.0.0.1:1080", "http://", 3128])
def test_a_malformed_proxy_is_refused_at_once(mode: str, bad: Any) -> None:
    cls = AsyncClient if mode == "async" else Client
    with pytest.raises(InvalidArgument, match="proxy must be"):
        cls(OpenAIConfig(api_key=TEST_KEY), proxy=bad)


# ---------------------------------------------------------------- TLS


def test_verify_with_the_ca_file(local: Harness, tls: TLSFront, certs: CertFiles) -> None:
    assert models_via(local, config=https_config(tls), verify=certs.ca).data
    assert models_via(local, config=https_config(tls), verify=str(certs.ca)).data
    assert tls.handshakes >= 2


def hashed_directory(certs: CertFiles, directory: Path) -> Path:
    """What `openssl rehash` makes of the CA: ``<subject hash>.0``, the certificate."""
    import subprocess

    subject_hash = subprocess.run(
        ["openssl", "x509", "-hash", "-noout", "-in", str(certs.ca)],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    (directory / f"{subject_hash}.0").write_bytes(certs.ca.read_bytes())
    return directory


def test_verify_with_a_directory_of_hashed_certificates(
    local: Harness, tls: TLSFront, certs: CertFiles, tmp_path: Path,
) -> None:
    verify = hashed_directory(certs, tmp_path)
    assert models_via(local, config=https_config(tls), verify=verify).data


@pytest.mark.parametrize(
    "variable", ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_DIR"]
)
def test_verify_with_the_ca_from_the_environment(
    local: Harness, tls: TLSFront, certs: CertFiles, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path, variable: str,
) -> None:
    where = hashed_directory(certs, tmp_path) if variable == "SSL_CERT_DIR" else certs.ca
    monkeypatch.setenv(variable, str(where))
    assert models_via(local, config=https_config(tls)).data


def test_requests_variables_come_before_ssl_cert_file(
    local: Harness, tls: TLSFront, certs: CertFiles, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import certifi

    monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())  # trusts public CAs only
    with pytest.raises(APIConnectionError, match="certificate verification failed"):
        models_via(local, config=https_config(tls))
    # An explicit verify= comes before every variable.
    assert models_via(local, config=https_config(tls), verify=certs.ca).data


def test_verify_with_an_ssl_context(
    local: Harness, tls: TLSFront, certs: CertFiles, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import certifi

    # The variable must not add to (or replace) what the context trusts.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    context = ssl.create_default_context(cafile=str(certs.ca))
    assert models_via(local, config=https_config(tls), verify=context).data
    # A context that trusts nothing else fails, whatever the environment says.
    with pytest.raises(APIConnectionError, match="certificate verification failed"):
        models_via(local, config=https_config(tls), verify=ssl.create_default_context())


def test_an_untrusted_certificate_fails_clearly(
    local: Harness, tls: TLSFront,
) -> None:
    with pytest.raises(APIConnectionError) as e:
        models_via(local, config=https_config(tls))
    message = str(e.value)
    assert message.startswith(f"certificate verification failed for https://127.0.0.1:{tls.port}: ")
    assert "verify=" in message and "SSL_CERT_FILE" in message
    assert TEST_KEY not in message and "/v1/models" not in message


def test_verify_false_skips_verification(local: Harness, tls: TLSFront) -> None:
    assert models_via(local, config=https_config(tls), verify=False).data


def test_a_missing_ca_bundle_is_refused_at_once(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    cls = AsyncClient if mode == "async" else Client
    config = OpenAIConfig(api_key=TEST_KEY)
    with pytest.raises(InvalidArgument, match="does not exist"):
        cls(config, verify=tmp_path / "nope.pem")
    with pytest.raises(InvalidArgument, match="verify must be"):
        cls(config, verify=1)  # type: ignore[arg-type]
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "gone.pem"))
    with pytest.raises(InvalidArgument, match="SSL_CERT_FILE"):
        cls(config)


def test_a_callers_session_is_used_as_configured(
    local: Harness, local_server: MockOpenAIServer, proxy: ForwardProxy,
) -> None:
    session: Any
    if local.is_async:
        session = local.run(_aiohttp_session(proxy.url))
    else:
        session = requests.Session()
        session.proxies = {"http": proxy.url}
    try:
        own = local.client.with_http_client(session)
        assert local.call(own.models().list()).data
        assert len(proxy.seen) == 1 and last_request_via_proxy(local_server)
        # Network settings belong on such a session, not beside it.
        cls = type(local.client)
        for kwargs in ({"proxy": proxy.url}, {"verify": False}):
            with pytest.raises(InvalidArgument, match="your own session"):
                cls(local.config, http_client=session, **kwargs)
    finally:
        if local.is_async:
            local.run(session.close())
        else:
            session.close()


async def _aiohttp_session(proxy: str) -> Any:
    import aiohttp

    return aiohttp.ClientSession(proxy=proxy)


# ---------------------------------------------------------------- one client, two event loops
# Async only by nature: each test runs asyncio loops of its own.


def _loop_noise(caplog: pytest.LogCaptureFixture, caught: list[warnings.WarningMessage]) -> list[str]:
    """Warnings, and asyncio's or aiohttp's log records, that a clean hand-over leaves none of."""
    gc.collect()
    logged = [r.getMessage() for r in caplog.records
              if r.name.split(".")[0] in ("asyncio", "aiohttp") and r.levelno >= logging.WARNING]
    return logged + [f"{w.category.__name__}: {w.message}" for w in caught]


def test_an_async_client_opens_a_new_session_on_a_new_loop(
    local_server: MockOpenAIServer, caplog: pytest.LogCaptureFixture,
) -> None:
    client = AsyncClient(OpenAIConfig(api_key=TEST_KEY, api_base=local_server.base_url),
                         backoff=Backoff.disabled())
    sessions: list[Any] = []

    async def call() -> Any:
        models = await client.models().list()
        sessions.append(client._transport._session)
        return models

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert asyncio.run(call()).data
        # asyncio.run() closed the session on its way out, on the loop it belonged to.
        assert sessions[0].closed
        assert asyncio.run(call()).data
        assert asyncio.run(call()).data
        assert len({id(s) for s in sessions}) == 3
        asyncio.run(client.close())
        assert all(s.closed for s in sessions)
        sessions.clear()
        assert _loop_noise(caplog, caught) == []


def test_an_async_client_moves_between_loops_that_stay_open(
    local_server: MockOpenAIServer, caplog: pytest.LogCaptureFixture,
) -> None:
    client = AsyncClient(OpenAIConfig(api_key=TEST_KEY, api_base=local_server.base_url),
                         backoff=Backoff.disabled())
    first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            assert first.run_until_complete(client.models().list()).data
            old = client._transport._session
            assert second.run_until_complete(client.models().list()).data
            assert second.run_until_complete(client.models().list()).data
            assert client._transport._session is not old
            second.run_until_complete(client.close())
            # The first loop closes its session the next time it runs.
            for _ in range(10):
                if old.closed:
                    break
                first.run_until_complete(asyncio.sleep(0.01))
            assert old is not None and old.closed
        finally:
            for loop in (first, second):
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()
        del old
        assert _loop_noise(caplog, caught) == []


def test_a_callers_session_on_another_loop_is_refused_clearly(
    local_server: MockOpenAIServer, caplog: pytest.LogCaptureFixture,
) -> None:
    import aiohttp

    client = AsyncClient(OpenAIConfig(api_key=TEST_KEY, api_base=local_server.base_url),
                         backoff=Backoff.disabled())

    async def with_own_session() -> Any:
        session = aiohttp.ClientSession()
        own = client.with_http_client(session)
        assert (await own.models().list()).data  # fine on the loop it was made on
        await session.close()
        return own

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        own = asyncio.run(with_own_session())
        with pytest.raises(EventLoopMismatch) as e:
            asyncio.run(_list_models(own))
        assert isinstance(e.value, InvalidArgument)
        assert "created on another event loop" in str(e.value)
        assert "asyncio.run()" in str(e.value)
        asyncio.run(client.close())
        assert _loop_noise(caplog, caught) == []


def test_a_client_busy_on_a_loop_in_another_thread_is_not_taken_over(
    local_server: MockOpenAIServer,
) -> None:
    import threading

    client = AsyncClient(OpenAIConfig(api_key=TEST_KEY, api_base=local_server.base_url),
                         backoff=Backoff.disabled())
    other = asyncio.new_event_loop()
    thread = threading.Thread(target=other.run_forever, daemon=True)
    thread.start()
    try:
        assert asyncio.run_coroutine_threadsafe(_list_models(client), other).result(10).data
        with pytest.raises(EventLoopMismatch, match="running in another thread"):
            asyncio.run(_list_models(client))
        # The other loop's session was left alone: it still serves there.
        assert asyncio.run_coroutine_threadsafe(_list_models(client), other).result(10).data
        asyncio.run_coroutine_threadsafe(client.close(), other).result(10)
    finally:
        other.call_soon_threadsafe(other.stop)
        thread.join(10)
        other.close()


async def _list_models(client: Any) -> Any:
    return await client.models().list()
