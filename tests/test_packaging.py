"""The package builds as an sdist and a wheel (the wheel from the sdist, as ``python -m
build`` does), and installs into a clean venv where the base dependencies alone are
enough to import it, see its ``py.typed``, and run the README's demo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*cmd: str | Path, cwd: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.timeout(900)
def test_sdist_and_wheel_install_with_base_dependencies(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "build", "--outdir", dist, ROOT)
    wheels = list(dist.glob("openai_rs_port-*.whl"))
    sdists = list(dist.glob("openai_rs_port-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, list(dist.iterdir())

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)
    py = venv / "bin" / "python"
    _run(py, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheels[0])
    installed = _run(py, "-m", "pip", "list", "--format=freeze").lower()
    # The extras stay out of a base install.
    for extra in ("click", "tqdm", "numpy", "mkdocs", "pytest"):
        assert f"{extra}==" not in installed, extra
    # Run from a directory without the checkout, so the installed copy is what imports.
    probe = ("import pathlib, openai_rs_port, openai_rs_port.types, openai_rs_port.testing;"
             "from openai_rs_port import AsyncClient, Client;"
             "root = pathlib.Path(openai_rs_port.__file__).parent;"
             "print(root, (root / 'py.typed').exists(), openai_rs_port.__version__)")
    where, typed, version = _run(py, "-c", probe, cwd=tmp_path).split()
    assert Path(where).is_relative_to(venv) and typed == "True" and version == "0.1.0"
    assert "demo finished: both clients OK" in _run(py, "-m", "openai_rs_port", "demo", cwd=tmp_path)
    # The console script is installed; without the cli extra it names the extra, in one line.
    cli = subprocess.run([str(venv / "bin" / "openai-rs"), "models"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60, check=False)
    assert (cli.returncode, cli.stdout) == (1, "")
    assert cli.stderr == "error: openai-rs needs the cli extra: pip install 'openai_rs_port[cli]'\n"

    # The sdist alone carries everything the build needs.
    _run(py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
         "--force-reinstall", sdists[0])
    where, typed, _ = _run(py, "-c", probe, cwd=tmp_path).split()
    assert Path(where).is_relative_to(venv) and typed == "True"
