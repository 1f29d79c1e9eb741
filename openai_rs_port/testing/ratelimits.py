"""``RateLimits``: the ``x-ratelimit-*`` headers the server puts on every ``/v1`` answer,
and, when ``enforce`` is set, the limits themselves (429 with ``retry-after`` once spent)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["LIMITED_PATHS", "Buckets", "RateLimits"]

LIMITED_PATHS = frozenset({"/v1/chat/completions", "/v1/completions", "/v1/embeddings",
                           "/v1/moderations", "/v1/responses"})
"""The model endpoints an enforced limit applies to (POST only): files and batches are free."""


@dataclass(slots=True)
class RateLimits:
    """The limits the server reports, and enforces when ``enforce`` is set.

    Not enforced, ``remaining_requests`` left as ``None`` counts down from
    ``limit_requests`` with every ``/v1`` request since the last reset (the one being
    answered included), and ``remaining_tokens`` left as ``None`` counts down from
    ``limit_tokens`` by the ``usage.total_tokens`` of the answers so far. The resets are
    sent as given, in OpenAI's duration form (``1s``, ``6m0s``, ``20ms``).

    Enforced, both limits are token buckets that refill over ``window`` seconds (60:
    per minute, as OpenAI's are): a POST to a model endpoint (``LIMITED_PATHS``) takes
    one request, and its answer's ``usage.total_tokens`` are taken once known; with no
    request left, or the tokens spent, the server answers 429 ``rate_limit_exceeded``
    with ``retry-after`` (whole seconds, rounded up) and ``retry-after-ms``. The headers
    then report the buckets: the remaining counts, and the resets as the time until
    each bucket is full again.

    A scripted response's own ``headers`` win over these, header by header.
    """

    limit_requests: int = 10_000
    limit_tokens: int = 2_000_000
    remaining_requests: int | None = None
    remaining_tokens: int | None = None
    reset_requests: str = "1s"
    reset_tokens: str = "6m0s"
    enforce: bool = False
    window: float = 60.0

    def headers(self, requests_served: int, tokens_used: int) -> dict[str, str]:
        requests = self.remaining_requests
        if requests is None:
            requests = max(0, self.limit_requests - requests_served)
        tokens = self.remaining_tokens
        if tokens is None:
            tokens = max(0, self.limit_tokens - tokens_used)
        return {
            "x-ratelimit-limit-requests": str(self.limit_requests),
            "x-ratelimit-limit-tokens": str(self.limit_tokens),
            "x-ratelimit-remaining-requests": str(requests),
            "x-ratelimit-remaining-tokens": str(tokens),
            "x-ratelimit-reset-requests": self.reset_requests,
            "x-ratelimit-reset-tokens": self.reset_tokens,
        }


def duration(seconds: float) -> str:
    """OpenAI's duration form: ``20ms``, ``1.5s``, ``6m0s``."""
    if seconds < 1:
        return f"{max(0, round(seconds * 1000))}ms"
    if seconds < 60:
        return f"{seconds:.3f}".rstrip("0").rstrip(".") + "s"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}m{rest:.0f}s"


class Buckets:
    """The enforced limits of one ``RateLimits``: two token buckets, full at the start."""

    __slots__ = ("_at", "_now", "limits", "rejected", "requests", "tokens")

    def __init__(self, limits: RateLimits, now: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._now = now
        self._at = now()
        self.requests = float(limits.limit_requests)
        self.tokens = float(limits.limit_tokens)
        self.rejected = 0
        """How many requests were answered 429."""

    def _refill(self) -> None:
        t = self._now()
        elapsed, self._at = t - self._at, t
        lim = self.limits
        self.requests = min(lim.limit_requests,
                            self.requests + elapsed * lim.limit_requests / lim.window)
        self.tokens = min(lim.limit_tokens, self.tokens + elapsed * lim.limit_tokens / lim.window)

    def admit(self) -> float | None:
        """Take one request: ``None`` if allowed, else the seconds until one would be."""
        self._refill()
        lim = self.limits
        if self.requests < 1:
            self.rejected += 1
            return (1 - self.requests) * lim.window / lim.limit_requests
        if self.tokens <= 0:
            # Tokens are charged after the answer, so the bucket can go below zero.
            self.rejected += 1
            return (1 - self.tokens) * lim.window / lim.limit_tokens
        self.requests -= 1
        return None

    def charge(self, tokens: int) -> None:
        self._refill()
        self.tokens -= tokens

    def headers(self) -> dict[str, str]:
        self._refill()
        lim = self.limits
        return {
            "x-ratelimit-limit-requests": str(lim.limit_requests),
            "x-ratelimit-limit-tokens": str(lim.limit_tokens),
            "x-ratelimit-remaining-requests": str(max(0, math.floor(self.requests))),
            "x-ratelimit-remaining-tokens": str(max(0, math.floor(self.tokens))),
            "x-ratelimit-reset-requests": duration(
                (lim.limit_requests - self.requests) * lim.window / lim.limit_requests),
            "x-ratelimit-reset-tokens": duration(
                (lim.limit_tokens - self.tokens) * lim.window / lim.limit_tokens),
        }
