"""Request and response types, as ``async_openai::types``.

Each API group's types live in their own module (``types.chat``,
``types.embedding``, ...); a name imported from here loads only its module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._index import INDEX

if TYPE_CHECKING:
    from .admin_api_key import *  # noqa: F403
    from .assistant import *  # noqa: F403
    from .assistant_stream import *  # noqa: F403
    from .audio import *  # noqa: F403
    from .audit_log import *  # noqa: F403
    from .batch import *  # noqa: F403
    from .certificate import *  # noqa: F403
    from .chat import *  # noqa: F403
    from .common import *  # noqa: F403
    from .completion import *  # noqa: F403
    from .embedding import *  # noqa: F403
    from .eval import *  # noqa: F403
    from .file import *  # noqa: F403
    from .fine_tuning import *  # noqa: F403
    from .image import *  # noqa: F403
    from .invites import *  # noqa: F403
    from .message import *  # noqa: F403
    from .model import *  # noqa: F403
    from .moderation import *  # noqa: F403
    from .project_api_key import *  # noqa: F403
    from .project_rate_limit import *  # noqa: F403
    from .project_service_account import *  # noqa: F403
    from .project_users import *  # noqa: F403
    from .projects import *  # noqa: F403
    from .run import *  # noqa: F403
    from .step import *  # noqa: F403
    from .thread import *  # noqa: F403
    from .upload import *  # noqa: F403
    from .usage import *  # noqa: F403
    from .users import *  # noqa: F403
    from .vector_store import *  # noqa: F403


# Subpackages are namespaces of their own (their names clash with ours): reachable as attributes.
_SUBPACKAGES = frozenset({"realtime", "responses"})


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return importlib.import_module(f"{__name__}.{name}")
    module = INDEX.get(name)
    if module is None:
        raise AttributeError(f"module 'openai_rs_port.types' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *INDEX])
