"""The route groups of the local server, one module each.

A new group is a module here that declares ``routes = RouteGroup("name")`` and
decorates its handlers (see ``openai_rs_port.testing.routing``), added to ``ALL``; its
stores are typed fields of ``ServerState``.
"""

from __future__ import annotations

from ..routing import RouteGroup
from . import (
    admin,
    assistants,
    audio,
    batches,
    chat,
    completions,
    control,
    embeddings,
    evals,
    files,
    fine_tuning,
    images,
    models,
    moderations,
    realtime,
    responses,
    uploads,
    vector_stores,
)

__all__ = ["ALL", "CONTROL"]

ALL: tuple[RouteGroup, ...] = (
    models.routes,
    chat.routes,
    completions.routes,
    embeddings.routes,
    moderations.routes,
    files.routes,
    uploads.routes,
    images.routes,
    audio.routes,
    batches.routes,
    fine_tuning.routes,
    assistants.routes,
    vector_stores.routes,
    responses.routes,
    evals.routes,
    admin.routes,
    realtime.routes,
)
"""Every API group: what ``MockOpenAIServer()`` serves (with ``CONTROL``, always)."""

CONTROL = control.routes
"""The ``/_control`` API, which every server serves."""
