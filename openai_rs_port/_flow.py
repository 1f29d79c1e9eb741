"""The logic of one call, written once as a generator (psycopg's shape).

The generator yields ``Send`` or ``Sleep`` and receives an ``HttpResponse``
(or has an ``APIConnectionError`` thrown in). A sync and an async driver run it.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlencode, urljoin, urlsplit

from ._request import ApiRequest, HttpRequest, HttpResponse, MultipartBody, Timeout, scrub_secrets
from ._response import RawResponse
from .config import OPENAI_API_BASE
from .error import APIConnectionError, ApiError, MissingAPIKeyError, api_error_from_response

__all__ = ["Backoff", "CallSettings", "Send", "Sleep", "call_flow"]

T = TypeVar("T")


def _default_jitter(delay: float) -> float:
    return delay * (1.0 + 0.25 * random.random())


@dataclass(frozen=True, slots=True)
class Backoff:
    """Retry policy. Delays come from ``backoff.expo`` (0.5 s * 2**n, capped), plus jitter.

    ``retry-after-ms`` / ``retry-after`` from the server win, capped at ``max_retry_after``.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    multiplier: float = 2.0
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    jitter: Callable[[float], float] | None = _default_jitter

    @classmethod
    def disabled(cls) -> Backoff:
        """No retries at all."""
        return cls(max_retries=0)

    def waits(self) -> Iterator[float]:
        import backoff  # imported on first retry only: it pulls in asyncio

        gen = backoff.expo(base=self.multiplier, factor=self.initial_delay, max_value=self.max_delay)
        next(gen)  # backoff's generators are primed with one send(None)
        jitter = self.jitter
        for d in gen:
            yield jitter(d) if jitter is not None else d

    def retry_after(self, headers: Mapping[str, str]) -> float | None:
        ms = headers.get("retry-after-ms")
        seconds: float | None = None
        if ms is not None:
            try:
                seconds = float(ms) / 1000.0
            except ValueError:
                seconds = None
        if seconds is None:
            ra = headers.get("retry-after")
            if ra is not None:
                try:
                    seconds = float(ra)
                except ValueError:
                    import email.utils

                    try:
                        parsed = email.utils.parsedate_to_datetime(ra)
                    except (TypeError, ValueError, IndexError):
                        parsed = None
                    if parsed is not None:
                        seconds = parsed.timestamp() - time.time()
        if seconds is None or seconds != seconds:  # NaN
            return None
        return min(max(seconds, 0.0), self.max_retry_after)


@dataclass(frozen=True, slots=True)
class CallSettings:
    """What the flow needs from a client: its config and policies, and per-call options."""

    config: Any
    backoff: Backoff
    timeout: Timeout
    headers: tuple[tuple[str, str], ...] = ()
    query: tuple[tuple[str, str], ...] = ()
    extra_body: Mapping[str, Any] | None = None
    raw: bool = False
    # Checked once per settings, not per call: OpenAI's own API with no key set.
    key_missing: bool = False
    # The config's ``headers_for(path)`` when its headers depend on the path (an admin key
    # set); None keeps every call on ``headers()``, at no cost.
    headers_for: Callable[[str], Mapping[str, str]] | None = None

    @classmethod
    def of(cls, config: Any, backoff: Backoff, timeout: Timeout, **options: Any) -> CallSettings:
        headers_for = getattr(config, "headers_for", None)
        if headers_for is not None and not getattr(config, "admin_key", True):
            headers_for = None
        try:
            missing = config.api_base.startswith(OPENAI_API_BASE) and not config.api_key
        except AttributeError:
            missing = False
        if missing and headers_for is not None:
            missing = False  # an admin key alone: admin calls work, the others get the 401
        return cls(config, backoff, timeout, key_missing=missing, headers_for=headers_for, **options)


class Send(NamedTuple):
    request: HttpRequest


class Sleep(NamedTuple):
    seconds: float


_USER_AGENT = "openai_rs_port/0.1.0"
_ABSOLUTE = ("http://", "https://")
# Lines name the method, URL, status and request id; never headers or bodies.
log = logging.getLogger("openai_rs_port")
_RETRY_STATUSES = frozenset({408, 409, 429})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
_SECRET_HEADERS = frozenset({"authorization", "api-key"})


def _should_retry(status: int, err: ApiError) -> bool:
    if status == 429:
        return err.type != "insufficient_quota" and err.code != "insufficient_quota"
    return status in _RETRY_STATUSES or status >= 500


def build_url(settings: CallSettings, api: ApiRequest[Any]) -> str:
    if api.path.startswith(_ABSOLUTE):
        return api.path
    config = settings.config
    url: str = config.url(api.path)
    query = config.query()
    if query or api.query or settings.query:
        url += ("&" if "?" in url else "?") + urlencode([*query.items(), *api.query, *settings.query])
    return url


def _merge_body(api: ApiRequest[Any], extra: Mapping[str, Any]) -> ApiRequest[Any]:
    """A provider's extra parameters, merged into the top level (theirs win)."""
    if api.multipart is not None:
        fields = tuple((k, v) for k, v in api.multipart.fields if k not in extra)
        added = tuple((k, v if isinstance(v, str) else json.dumps(v)) for k, v in extra.items())
        return api._replace(multipart=replace(api.multipart, fields=fields + added))
    data = json.loads(api.body) if api.body else {}
    if not isinstance(data, dict):
        return api
    data.update(extra)
    return api._replace(body=json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())


def _same(value: T) -> T:
    return value


def _retry_hint(headers: Mapping[str, str]) -> bool | None:
    # The server's word on retrying wins over the status rule, as in the official SDKs.
    hint = headers.get("x-should-retry")
    if hint == "true":
        return True
    if hint == "false":
        return False
    return None


def call_flow(
    api: ApiRequest[T], settings: CallSettings
) -> Generator[Send | Sleep, HttpResponse, Any]:
    """Send, retry, follow redirects, map errors, decode. Returns the open response for streams.

    Under ``settings.raw`` it returns a ``RawResponse`` (whose value is the open
    response for a stream).
    """
    absolute = api.path.startswith(_ABSOLUTE)
    if settings.key_missing and not absolute:
        raise MissingAPIKeyError(
            "no API key: set the OPENAI_API_KEY environment variable, or pass "
            "OpenAIConfig(api_key=...) / .with_api_key(...)"
        )
    if settings.extra_body and not absolute:
        api = _merge_body(api, settings.extra_body)
    url = build_url(settings, api)
    # Credentials go only to the API, never to an absolute download URL (an image).
    if absolute:
        headers = {}
    elif settings.headers_for is None:
        headers = dict(settings.config.headers())
    else:
        headers = dict(settings.headers_for(api.path))
    if api.headers:
        headers.update(api.headers)
    if settings.headers and not absolute:
        headers.update(settings.headers)
    if api.body is not None:
        headers["Content-Type"] = "application/json"
    stream = api.stream is not None
    started = time.monotonic() if settings.raw else 0.0
    if stream:
        headers["Accept"] = "text/event-stream"
    policy = settings.backoff
    waits: Iterator[float] | None = None
    attempt = 0
    redirects = 0
    method = api.method
    send_body = True
    if "User-Agent" not in headers:
        headers["User-Agent"] = _USER_AGENT
    debug = log.isEnabledFor(logging.DEBUG)
    info = log.isEnabledFor(logging.INFO)
    sent = 0.0
    while True:
        body: bytes | MultipartBody | None = api.body if send_body else None
        if api.multipart is not None and send_body:
            content_type, body = api.multipart.encode()
            headers["Content-Type"] = content_type
        request = HttpRequest(method, url, headers, body, settings.timeout, stream)
        if debug:
            log.debug("request %s %s (attempt %d)", method, scrub_secrets(url, request), attempt + 1)
        if info:
            sent = time.monotonic()
        try:
            response = yield Send(request)
        except APIConnectionError as e:
            if attempt >= policy.max_retries:
                raise
            if waits is None:
                waits = policy.waits()
            attempt += 1
            wait = next(waits)
            log.info("retrying %s %s in %.2fs after %s", method, scrub_secrets(url, request), wait,
                     type(e).__name__)
            yield Sleep(wait)
            continue
        status = response.status
        if info:
            log.info("%s %s -> %d in %.0f ms (x-request-id %s)", method, scrub_secrets(url, request),
                     status, (time.monotonic() - sent) * 1000, response.headers.get("x-request-id"))
        if status < 300:
            if settings.raw:
                value: Callable[[], Any] = (
                    partial(_same, response) if stream else partial(api.decode, response.body))
                return RawResponse(status, response.headers, time.monotonic() - started, value)
            if stream:
                return response
            return api.decode(response.body)
        location = response.headers.get("location")
        if status in _REDIRECTS and location and redirects < _MAX_REDIRECTS:
            redirects += 1
            target = urljoin(url, location)
            if urlsplit(target).netloc != urlsplit(url).netloc:
                # Never carry credentials to another host.
                headers = {k: v for k, v in headers.items() if k.lower() not in _SECRET_HEADERS}
            if status == 303:
                method = "GET"
                send_body = False
                headers.pop("Content-Type", None)
            url = target
            continue
        err = api_error_from_response(status, response.headers, response.body)
        retry = _retry_hint(response.headers)
        if retry is None:
            retry = _should_retry(status, err)
        if attempt >= policy.max_retries or not retry:
            raise err
        delay = policy.retry_after(response.headers)
        if delay is None:
            if waits is None:
                waits = policy.waits()
            delay = next(waits)
        attempt += 1
        log.info("retrying %s %s in %.2fs after HTTP %d", method, scrub_secrets(url, request), delay,
                 status)
        yield Sleep(delay)
