"""Run the examples offline: ``python examples/run.py [NAME ...]``.

Starts the bundled local server (``openai_rs_port.testing.MockOpenAIServer``) on a free
loopback port, then runs each example's scripts (``main.py``, ``main_async.py``) with
``OPENAI_BASE_URL`` pointing at it and a placeholder ``OPENAI_API_KEY``, each in a fresh
temporary working directory, so nothing is written into the checkout.

With a real key, run a script directly instead: ``python examples/chat/main.py``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from openai_rs_port.testing import MockOpenAIServer

HERE = Path(__file__).resolve().parent
SCRIPTS = ("main.py", "main_async.py")


def examples() -> list[str]:
    """Every example folder, by name."""
    return sorted(p.name for p in HERE.iterdir() if p.is_dir() and scripts(p.name))


def scripts(name: str) -> list[Path]:
    """The scripts of one example, sync flavour first."""
    return [HERE / name / s for s in SCRIPTS if (HERE / name / s).exists()]


def expected(name: str) -> list[str]:
    """Lines that every script of the example must print (``expected.txt``)."""
    path = HERE / name / "expected.txt"
    if not path.exists():
        return []
    return [line for line in path.read_text().splitlines() if line.strip()]


def example_env(base_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OPENAI_", "AZURE_OPENAI", "GEMINI_", "OLLAMA_"))
           and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    # The Azure, Gemini and Ollama examples keep their real config shape; only the
    # addresses and keys they read from the environment point at the local server.
    env.update(OPENAI_BASE_URL=base_url, OPENAI_API_KEY="sk-local-examples",
               AZURE_OPENAI_ENDPOINT=base_url.removesuffix("/v1"),
               AZURE_OPENAI_API_KEY="azure-local-examples",
               GEMINI_BASE_URL=base_url, GEMINI_API_KEY="gemini-local-examples",
               OLLAMA_BASE_URL=base_url, PYTHONUNBUFFERED="1", NO_COLOR="1")
    return env


def run_script(script: Path, base_url: str, timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """Run one script against ``base_url`` in a new temporary directory."""
    with tempfile.TemporaryDirectory(prefix="example-") as cwd:
        # stdin at EOF: an interactive example then plays its demo lines instead of waiting.
        return subprocess.run(
            [sys.executable, str(script)], cwd=cwd, env=example_env(base_url), stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=timeout, check=False,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python examples/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="examples to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the examples and stop")
    args = parser.parse_args(argv)
    names = args.names or examples()
    if args.list:
        print("\n".join(names))
        return 0
    unknown = sorted(set(names) - set(examples()))
    if unknown:
        parser.error(f"no such example: {', '.join(unknown)}")
    failed: list[str] = []
    for name in names:
        for script in scripts(name):
            # A fresh server per script: examples count on an empty state.
            with MockOpenAIServer() as server:
                done = run_script(script, server.base_url)
            label = f"{name}/{script.name}"
            sys.stdout.write(done.stdout)
            sys.stderr.write(done.stderr)
            missing = [line for line in expected(name) if line not in done.stdout]
            if done.returncode != 0 or missing:
                failed.append(label)
                print(f"!! {label}: exit {done.returncode}, missing {missing}", file=sys.stderr)
            else:
                print(f"ok {label}")
    if failed:
        print(f"{len(failed)} failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
