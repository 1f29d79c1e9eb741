"""``RateLimits``: the ``x-ratelimit-*`` headers the server puts on every ``/v1`` answer."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RateLimits"]


@dataclass(slots=True)
class RateLimits:
    """The limits the server reports (it never enforces them: script a 429 for that).

    ``remaining_requests`` left as ``None`` counts down from ``limit_requests`` with every
    ``/v1`` request since the last reset (the one being answered included), and
    ``remaining_tokens`` left as ``None`` counts down from ``limit_tokens`` by the
    ``usage.total_tokens`` of the answers so far. The resets are sent as given, in
    OpenAI's duration form (``1s``, ``6m0s``, ``20ms``).

    A scripted response's own ``headers`` win over these, header by header.
    """

    limit_requests: int = 10_000
    limit_tokens: int = 2_000_000
    remaining_requests: int | None = None
    remaining_tokens: int | None = None
    reset_requests: str = "1s"
    reset_tokens: str = "6m0s"

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
