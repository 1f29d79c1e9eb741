"""Embeddings: a deterministic unit vector per input, as floats or base64."""

from __future__ import annotations

import base64
import hashlib
import math
import struct
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ..echo import tokens
from ..errors import ApiFailure
from ..routing import RouteGroup
from ..wire import json_response, read_json, require

if TYPE_CHECKING:
    from ..state import ServerState

__all__ = ["embedding_list", "embedding_vector", "routes"]

routes = RouteGroup("embeddings")


def embedding_vector(text: str, dimensions: int) -> list[float]:
    """The deterministic unit vector the server returns for ``text``."""
    raw = b""
    counter = 0
    while len(raw) < 4 * dimensions:
        raw += hashlib.sha256(f"{counter}:{text}".encode()).digest()
        counter += 1
    ints = struct.unpack(f"<{dimensions}I", raw[: 4 * dimensions])
    vec = [i / 0xFFFFFFFF * 2.0 - 1.0 for i in ints]
    norm = math.sqrt(sum(v * v for v in vec)) or 1.0
    # Rounded through float32 so float and base64 answers agree exactly.
    return [struct.unpack("<f", struct.pack("<f", v / norm))[0] for v in vec]


def _inputs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        if not value:
            return []
        if all(isinstance(v, str) for v in value):
            return list(value)
        if all(isinstance(v, int) for v in value):
            return [" ".join(map(str, value))]
        if all(isinstance(v, list) for v in value):
            return [" ".join(map(str, v)) for v in value]
    raise ApiFailure.invalid("input", "'input' is not a valid embedding input.")


def embedding_list(body: dict[str, Any]) -> dict[str, Any]:
    """The embedding list answered for a request body; ``ApiFailure`` when it is invalid."""
    require(body, "model", "input")
    dims = body.get("dimensions") or 8
    if not isinstance(dims, int) or dims < 1:
        raise ApiFailure.invalid("dimensions", "'dimensions' must be a positive integer.")
    fmt = body.get("encoding_format") or "float"
    if fmt not in ("float", "base64"):
        raise ApiFailure.invalid("encoding_format", f"Invalid encoding_format: {fmt!r}.")
    inputs = _inputs(body["input"])
    data = []
    for i, text in enumerate(inputs):
        vec = embedding_vector(text, dims)
        emb: Any = vec
        if fmt == "base64":
            emb = base64.b64encode(struct.pack(f"<{dims}f", *vec)).decode("ascii")
        data.append({"object": "embedding", "index": i, "embedding": emb})
    count = sum(tokens(t) for t in inputs)
    return {"object": "list", "data": data, "model": body["model"],
            "usage": {"prompt_tokens": count, "total_tokens": count}}


@routes.post("/v1/embeddings")
async def create(request: web.Request, state: ServerState) -> web.StreamResponse:
    answer = embedding_list(await read_json(request))
    state.use_tokens(answer["usage"]["total_tokens"])
    return json_response(answer)
