"""Models: a fixed catalogue, plus the models that fine-tuning jobs create."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..clock import CREATED
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..store import Record, Store
from ..wire import json_response

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["MODELS", "ModelRecord", "routes", "seed_models"]

routes = RouteGroup("models")

MODELS = (
    ("gpt-4o-mini", "system"),
    ("gpt-4o", "system"),
    ("gpt-3.5-turbo-instruct", "system"),
    ("text-embedding-3-small", "system"),
    ("omni-moderation-latest", "system"),
    ("ft:gpt-4o-mini:mock-org::mock001", "mock-org"),
)
"""The catalogue every server starts with: (id, owned_by)."""


@dataclass(kw_only=True, slots=True)
class ModelRecord(Record):
    owned_by: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "object": "model", "created": self.created_at,
                "owned_by": self.owned_by}


def seed_models(store: Store[ModelRecord]) -> None:
    for model_id, owner in MODELS:
        store.add(ModelRecord(id=model_id, created_at=CREATED, owned_by=owner))


@routes.get("/v1/models")
async def list_models(request: web.Request, state: ServerState) -> web.StreamResponse:
    # Not cursor-paginated in the API: every model, in catalogue order.
    return json_response({"object": "list", "data": [m.to_json() for m in state.models]})


@routes.get("/v1/models/{model}")
async def retrieve(request: web.Request, state: ServerState) -> web.StreamResponse:
    return json_response(state.models.get(request.match_info["model"]).to_json())


@routes.delete("/v1/models/{model}")
async def delete(request: web.Request, state: ServerState) -> web.StreamResponse:
    model = state.models.get(request.match_info["model"])
    if model.owned_by == "system":
        raise ApiFailure(403, "You do not have permission to delete this model.",
                         code="model_not_deletable")
    state.models.delete(model.id)
    return json_response({"id": model.id, "object": "model", "deleted": True})
