"""Types of the Realtime API, as ``async_openai::types::realtime``.

Sessions made over REST are in ``types.realtime.session``; a name imported from here loads
only its module. Names such as ``ToolChoice`` are this API's own.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._index import INDEX

if TYPE_CHECKING:
    from .events import *  # noqa: F403
    from .session import *  # noqa: F403


def __getattr__(name: str) -> Any:
    module = INDEX.get(name)
    if module is None:
        raise AttributeError(f"module 'openai_rs_port.types.realtime' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *INDEX])
