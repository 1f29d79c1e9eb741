"""After the README's ``pip install -e .``, mypy finds the package from a user's own directory.

setuptools' default editable install for a flat layout is an import hook, which type checkers
cannot follow; setup.cfg's ``package_dir`` makes it a static ``.pth`` path instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

from conftest import ROOT

SCRIPT = """
from openai_rs_port import AsyncClient, Client, OpenAIConfig
from openai_rs_port.types import CreateEmbeddingRequest, CreateEmbeddingRequestArgs


def request() -> CreateEmbeddingRequest:
    return CreateEmbeddingRequestArgs.default().model("text-embedding-3-small").input("hi").build()


def clients() -> tuple[Client, AsyncClient]:
    return Client(OpenAIConfig(api_key="")), AsyncClient()


reveal_type(request().model)
"""


def test_mypy_strict_sees_the_installed_package_outside_the_checkout(tmp_path: Path) -> None:
    assert metadata.distribution("openai_rs_port"), "install the package first (tests/run.sh does)"
    script = tmp_path / "user_script.py"
    script.write_text(textwrap.dedent(SCRIPT).lstrip("\n"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".mypy_cache"),
         script.name],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )
    assert not tmp_path.is_relative_to(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert re.search(r'Revealed type is "(builtins\.)?str"', out.stdout), out.stdout
