"""Every example under examples/ runs offline against a fresh local server, as
``python examples/run.py NAME`` runs it, and prints what its expected.txt says."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from openai_rs_port.testing import MockOpenAIServer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("examples_run", EXAMPLES / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


run = _runner()
SCRIPTS = [script for name in run.examples() for script in run.scripts(name)]


@pytest.mark.parametrize("name", run.examples())
def test_example_is_strictly_typed(name: str) -> None:
    """A user copying an example into a strictly typed project gets no mypy error."""
    from mypy import api

    # One folder per run: every folder has its own main.py, which mypy would see as one module
    # defined twice. The cache is the one `mypy openai_rs_port` in tests/run.sh just filled.
    out, err, status = api.run(["--strict", "--cache-dir", str(ROOT / ".mypy_cache"),
                                *map(str, run.scripts(name))])
    assert status == 0, out + err


@pytest.mark.parametrize("script", SCRIPTS, ids=[f"{s.parent.name}/{s.name}" for s in SCRIPTS])
def test_example_runs_offline(script: Path) -> None:
    expected = run.expected(script.parent.name)
    assert expected, f"{script.parent.name} has no expected.txt: its run would assert nothing"
    with MockOpenAIServer() as server:
        done = run.run_script(script, server.base_url)
        assert server.requests(), "the example made no request to the local server"
    assert done.returncode == 0, done.stderr
    missing = [line for line in expected if line not in done.stdout]
    assert not missing, f"not printed: {missing}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"


def test_readme_lists_every_example_with_its_command() -> None:
    table = (EXAMPLES / "README.md").read_text()
    listed = set(re.findall(r"^\| \[`?([\w-]+)`?\]\(", table, re.M))
    assert listed == set(run.examples())
    for name in run.examples():
        assert f"python examples/run.py {name}" in table, name
