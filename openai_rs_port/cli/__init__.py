"""``openai-rs``: the command line of openai_rs_port (chat, files, batches, audio, a local server).

Installed as a console script by the ``[cli]`` extra (click, tqdm); ``python -m
openai_rs_port <command>`` runs it too. Without click installed it says which extra to
install, in one line, and exits 1.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

__all__ = ["main"]

MISSING_EXTRA = "error: openai-rs needs the cli extra: pip install 'openai_rs_port[cli]'"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``openai-rs`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    try:
        for name in ("click", "tqdm"):
            importlib.import_module(name)
    except ImportError:
        print(MISSING_EXTRA, file=sys.stderr)
        return 1
    from .app import run

    return run(sys.argv[1:] if argv is None else list(argv))
