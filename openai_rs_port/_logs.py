"""``OPENAI_LOG=info|debug``: the ``openai_rs_port`` logger on stderr.

The library logs metadata only (method, URL with secrets scrubbed, status, request id,
timings, retries, decoding leniency by field path): never a key, a header or a body.
Without ``OPENAI_LOG`` nothing is configured, and the logger is the application's to set up.
"""

from __future__ import annotations

import logging
import os
import warnings

LOGGER = "openai_rs_port"
_LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``OPENAI_LOG`` installs (its class tells it apart from the user's)."""


def setup_from_env() -> None:
    value = os.environ.get("OPENAI_LOG", "").strip().lower()
    if not value:
        return
    level = _LEVELS.get(value)
    if level is None:
        warnings.warn(f"OPENAI_LOG={value!r} ignored: use 'info' or 'debug'", stacklevel=2)
        return
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h, _EnvHandler) for h in logger.handlers):
        handler = _EnvHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
