"""Types of the Responses API, as ``async_openai::types::responses``.

Requests, responses and items are in ``types.responses.response``, streaming events in
``types.responses.stream``; a name imported from here loads only its module. Names such as
``Role`` or ``FunctionCall`` are this API's own, apart from ``openai_rs_port.types``'s.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._index import INDEX

if TYPE_CHECKING:
    from .response import *  # noqa: F403
    from .stream import *  # noqa: F403


def __getattr__(name: str) -> Any:
    module = INDEX.get(name)
    if module is None:
        raise AttributeError(f"module 'openai_rs_port.types.responses' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *INDEX])
