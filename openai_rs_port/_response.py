"""What a call answered besides its value: status, headers, request id, rate limits, timing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Headers", "RateLimits", "RawResponse", "parse_duration"]

T = TypeVar("T")


class Headers(Mapping[str, str]):
    """A read-only, case-insensitive view of response headers."""

    __slots__ = ("_ci", "_items")

    def __init__(self, headers: Mapping[str, str] | None = None) -> None:
        # requests' and aiohttp's header objects are case-insensitive already: wrap, don't copy.
        self._ci: Mapping[str, str] | None = (
            headers if type(headers).__name__ in _CASE_INSENSITIVE else None)
        items: dict[str, tuple[str, str]] = {}
        if self._ci is None and headers is not None:
            for k, v in headers.items():
                items[k.lower()] = (k, v)
        self._items = items

    def __getitem__(self, key: str) -> str:
        if self._ci is not None:
            return self._ci[key]
        return self._items[key.lower()][1]

    def __contains__(self, key: object) -> bool:
        if self._ci is not None:
            return key in self._ci
        return isinstance(key, str) and key.lower() in self._items

    def __iter__(self) -> Iterator[str]:
        if self._ci is not None:
            return iter(dict.fromkeys(self._ci))
        return (k for k, _ in self._items.values())

    def __len__(self) -> int:
        if self._ci is not None:
            return len(dict.fromkeys(self._ci))
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


_CASE_INSENSITIVE = frozenset({"CaseInsensitiveDict", "CIMultiDictProxy", "CIMultiDict"})


_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ms|h|m|s)")


def parse_duration(text: str | None) -> float | None:
    """Seconds in an API duration (``1s``, ``6m0s``, ``20ms``, ``1h2m``, or a bare number)."""
    if text is None:
        return None
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    total = 0.0
    pos = 0
    for m in _DURATION.finditer(text):
        if m.start() != pos:
            return None
        value = float(m.group(1))
        unit = m.group(2)
        total += value * {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}[unit]
        pos = m.end()
    if pos != len(text) or pos == 0:
        return None
    return total


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class RateLimits:
    """The ``x-ratelimit-*`` headers; a missing or malformed header is ``None``.

    ``reset_requests`` and ``reset_tokens`` are in seconds.
    """

    limit_requests: int | None = None
    limit_tokens: int | None = None
    remaining_requests: int | None = None
    remaining_tokens: int | None = None
    reset_requests: float | None = None
    reset_tokens: float | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimits:
        """Parse the rate-limit headers of any case-insensitive mapping."""
        get = headers.get
        return cls(
            limit_requests=_int(get("x-ratelimit-limit-requests")),
            limit_tokens=_int(get("x-ratelimit-limit-tokens")),
            remaining_requests=_int(get("x-ratelimit-remaining-requests")),
            remaining_tokens=_int(get("x-ratelimit-remaining-tokens")),
            reset_requests=parse_duration(get("x-ratelimit-reset-requests")),
            reset_tokens=parse_duration(get("x-ratelimit-reset-tokens")),
        )


class RawResponse(Generic[T]):
    """An answer with its HTTP details; ``parse()`` gives the typed value.

    For a stream, the headers are there before the first event and ``parse()``
    returns the stream itself.
    """

    __slots__ = ("_parse", "_value", "elapsed", "headers", "status")

    def __init__(self, status: int, headers: Mapping[str, str], elapsed: float,
                 parse: Callable[[], T]) -> None:
        self.status = status
        self.headers: Headers = headers if isinstance(headers, Headers) else Headers(headers)
        self.elapsed = elapsed
        """Seconds from sending the first attempt to the answer's headers."""
        self._parse = parse
        self._value: Any = _UNSET

    @property
    def request_id(self) -> str | None:
        """The ``x-request-id`` header."""
        return self.headers.get("x-request-id")

    @property
    def rate_limits(self) -> RateLimits:
        return RateLimits.from_headers(self.headers)

    def parse(self) -> T:
        """The typed value (decoded once; later calls return the same object)."""
        if self._value is _UNSET:
            self._value = self._parse()
        value: T = self._value
        return value

    def _map(self, fn: Callable[[T], Any]) -> RawResponse[Any]:
        parse = self._parse
        return RawResponse(self.status, self.headers, self.elapsed, lambda: fn(parse()))

    def __repr__(self) -> str:
        return (f"RawResponse(status={self.status}, request_id={self.request_id!r}, "
                f"elapsed={self.elapsed:.3f})")


_UNSET: Any = object()
