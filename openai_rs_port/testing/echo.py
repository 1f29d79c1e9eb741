"""The deterministic text the server answers with: ``Echo: <input>``, word-count tokens."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = [
    "function_arguments", "last_user_text", "pieces", "prompt_text", "sample_json", "text_of", "tokens",
    "usage",
]


def text_of(content: Any) -> str:
    """The text of a message's content: a string, or the text parts of a list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text"
        )
    return ""


def last_user_text(messages: Any) -> str:
    """The text of the last user message (what a chat answer echoes)."""
    if isinstance(messages, list):
        for m in reversed(messages):
            if isinstance(m, dict) and m.get("role") == "user":
                return text_of(m.get("content"))
    return ""


def prompt_text(prompt: Any) -> str:
    """The first prompt of a completions request, tokens joined by spaces."""
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, list) and prompt:
        first = prompt[0]
        if isinstance(first, str):
            return first
        if isinstance(first, int):
            return " ".join(str(t) for t in prompt)
        if isinstance(first, list):
            return " ".join(str(t) for t in first)
    return ""


def tokens(text: str) -> int:
    """The server's token count: words, at least one for non-empty text."""
    return max(1, len(text.split())) if text else 0


def pieces(text: str, n: int = 4) -> list[str]:
    """``text`` in ``n`` (or fewer) consecutive non-empty pieces: the deltas of a stream."""
    if not text:
        return []
    size = max(1, math.ceil(len(text) / n))
    return [text[i : i + size] for i in range(0, len(text), size)]


def usage(prompt: str, completion: str) -> dict[str, int]:
    p, c = tokens(prompt), tokens(completion)
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


def function_arguments(parameters: Any, prompt: str) -> dict[str, Any]:
    """The arguments a function is called with: one value per string property of its schema,
    the first of its enum or else the user's text; ``{"input": <text>}`` when it has none."""
    props = (parameters.get("properties") or {}) if isinstance(parameters, Mapping) else {}
    args = {name: (schema.get("enum") or [prompt])[0] for name, schema in props.items()
            if isinstance(schema, dict) and schema.get("type") == "string"}
    return args or {"input": prompt}


def sample_json(schema: Any, prompt: str, root: Any = None) -> Any:
    """A value that fits a JSON schema (a structured-outputs answer): strings are the first of
    their enum or the user's text, numbers 0, booleans true, arrays one item, objects every
    property; ``$ref`` to ``#/$defs/...`` (or ``definitions``) and the first of ``anyOf`` followed."""
    root = schema if root is None else root
    if not isinstance(schema, Mapping):
        return prompt
    if "$ref" in schema:
        target: Any = root
        for part in str(schema["$ref"]).removeprefix("#/").split("/"):
            target = target.get(part, {}) if isinstance(target, Mapping) else {}
        return sample_json(target, prompt, root)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            return sample_json(schema[key][0], prompt, root)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        return {name: sample_json(sub, prompt, root) for name, sub in props.items()}
    if kind == "array":
        return [sample_json(schema.get("items") or {}, prompt, root)]
    return {"integer": 0, "number": 0, "boolean": True, "null": None}.get(str(kind), prompt)
