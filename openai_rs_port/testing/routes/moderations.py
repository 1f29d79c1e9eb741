"""Moderations: a category is flagged when its name appears in the text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..echo import text_of
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..wire import json_response, read_json, require

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["MODERATION_CATEGORIES", "routes"]

routes = RouteGroup("moderations")

MODERATION_CATEGORIES = (
    "hate", "hate/threatening", "harassment", "harassment/threatening", "illicit",
    "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
    "sexual/minors", "violence", "violence/graphic",
)

# The categories the spec lets apply to images.
_IMAGE_CATEGORIES = frozenset({
    "self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "violence",
    "violence/graphic",
})


def _inputs(value: Any) -> list[tuple[str, bool]]:
    # (text, has_image) per result: a list of strings gives one result each.
    if isinstance(value, str):
        return [(value, False)]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [(v, False) for v in value]
    if isinstance(value, list):
        text = text_of(value)
        image = any(isinstance(p, dict) and p.get("type") == "image_url" for p in value)
        return [(text, image)]
    raise ApiFailure.invalid("input", "'input' is not a valid moderation input.")


@routes.post("/v1/moderations")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    body = await read_json(request)
    require(body, "input")
    results = []
    for text, image in _inputs(body["input"]):
        # Easy to trigger in demos: "violence" in the text flags violence.
        lowered = text.lower()
        flags = {c: c in lowered for c in MODERATION_CATEGORIES}
        results.append({
            "flagged": any(flags.values()),
            "categories": flags,
            "category_scores": {c: 0.99 if f else 0.0001 for c, f in flags.items()},
            "category_applied_input_types": {
                c: ["text", "image"] if image and c in _IMAGE_CATEGORIES else ["text"]
                for c in MODERATION_CATEGORIES
            },
        })
    return json_response({
        "id": state.next_id("modr"),
        "model": body.get("model") or "omni-moderation-latest",
        "results": results,
    })
