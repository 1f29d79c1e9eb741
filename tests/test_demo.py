"""The README's main job: the demo runs offline through both clients."""

from __future__ import annotations

import os
import subprocess
import sys


def test_demo_runs_both_clients_offline() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    proc = subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", "-m", "openai_rs_port", "demo"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "== Client (requests)" in out and "== AsyncClient (aiohttp)" in out
    assert "Echo: Hello from the sync client" in out
    assert "Echo: Hello from the async client" in out
    assert out.count("demo.jsonl -> b'{\"prompt\"") == 2
    assert "demo finished: both clients OK" in out
    assert "Traceback" not in proc.stderr
