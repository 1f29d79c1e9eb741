"""The OpenAPI spec (tests/data/openapi) as JSON Schema, to check what we send (Prism accepts most bodies)."""

from __future__ import annotations

import functools
import json
import pickle
from pathlib import Path
from typing import Any

import yaml
from conftest import SPEC
from jsonschema import Draft4Validator

_CACHE = Path(__file__).resolve().parent / ".spec-cache.pickle"


def _convert(node: Any) -> Any:
    """OpenAPI 3.0 ``nullable`` into JSON Schema; everything else passes through."""
    if isinstance(node, list):
        return [_convert(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: _convert(v) for k, v in node.items() if not k.startswith("x-")}
    if out.pop("nullable", False):
        t = out.get("type")
        if isinstance(t, str) and "$ref" not in out and "enum" not in out:
            out["type"] = [t, "null"]
        else:
            return {"anyOf": [out, {"type": "null"}]}
    out.pop("discriminator", None)
    return out


@functools.lru_cache(maxsize=1)
def spec() -> dict[str, Any]:
    mtime = SPEC.stat().st_mtime
    if _CACHE.exists():
        try:
            cached_mtime, data = pickle.loads(_CACHE.read_bytes())
            if cached_mtime == mtime:
                return data  # type: ignore[no-any-return]
        except Exception:
            pass
    raw = yaml.load(SPEC.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    data = _convert(raw)
    try:
        _CACHE.write_bytes(pickle.dumps((mtime, data)))
    except OSError:
        pass
    return data  # type: ignore[no-any-return]


def schema_errors(name: str, instance: Any) -> list[str]:
    """Every violation of ``components.schemas[name]`` by ``instance`` (JSON-like data)."""
    root = {"$ref": f"#/components/schemas/{name}", "components": spec()["components"]}
    v = Draft4Validator(root)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(instance)]


def assert_valid(name: str, instance: Any) -> None:
    """Fail with every violation when ``instance`` (a model or JSON data) breaks schema ``name``."""
    if hasattr(instance, "to_dict"):
        instance = instance.to_dict()
    instance = json.loads(json.dumps(instance))
    errors = schema_errors(name, instance)
    assert not errors, f"{name} violations:\n" + "\n".join(errors[:20])


def request_schema_name(method: str, path: str) -> str | None:
    """The schema name of an operation's JSON or multipart request body."""
    op = spec()["paths"][path][method.lower()]
    content = op.get("requestBody", {}).get("content", {})
    for media in ("application/json", "multipart/form-data"):
        ref = content.get(media, {}).get("schema", {}).get("$ref")
        if ref:
            return str(ref.rsplit("/", 1)[-1])
    return None
