"""The deterministic text the server answers with: ``Echo: <input>``, word-count tokens."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["last_user_text", "pieces", "prompt_text", "text_of", "tokens", "usage"]


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
