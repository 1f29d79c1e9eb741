"""openai_rs_port: a typed OpenAI client ported from the Rust crate async-openai.

``Client`` runs on requests, ``AsyncClient`` on aiohttp; both share every API
group. Names load lazily so a sync-only script never imports aiohttp.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._logs import setup_from_env as _setup_logging

if TYPE_CHECKING:
    from ._async import AsyncClient, AsyncStream
    from ._flow import Backoff
    from ._pagination import AsyncPager, CursorPage, Page
    from ._request import Timeout
    from ._response import RateLimits, RawResponse
    from ._sync import Client, Stream
    from .config import AzureConfig, Config, OpenAIConfig

__version__ = "0.1.0"

_setup_logging()

_LAZY = {
    "Client": "._sync",
    "Stream": "._sync",
    "AsyncClient": "._async",
    "AsyncStream": "._async",
    "Backoff": "._flow",
    "Timeout": "._request",
    # What calls return besides the decoded values: raw responses and pages.
    "RawResponse": "._response",
    "RateLimits": "._response",
    "Page": "._pagination",
    "CursorPage": "._pagination",
    "AsyncPager": "._pagination",
    "OpenAIConfig": ".config",
    "AzureConfig": ".config",
    "Config": ".config",
}

__all__ = [
    "AsyncClient",
    "AsyncPager",
    "AsyncStream",
    "AzureConfig",
    "Backoff",
    "Client",
    "Config",
    "CursorPage",
    "OpenAIConfig",
    "Page",
    "RateLimits",
    "RawResponse",
    "Stream",
    "Timeout",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'openai_rs_port' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
