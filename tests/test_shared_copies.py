"""The repository's copies of the shared material (tests/data) equal their source, where it exists.

The suite reads only tests/data. ``../shared`` (or ``$OPENAI_RS_PORT_SHARED``) is the source those
copies are made from; a plain clone does not have it. The ``*_if_shared_present`` tests fail on any
difference when it is there, and when it is absent they have nothing to compare and pass.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEED_NAMES, SHARED, SPEC

LICENSE = SPEC.parent / "LICENSE-openai-openapi"
SEED_TOOL = ROOT / "tests" / "tools" / "seed_names.py"
SEED = SHARED / "seed" / "000_f2a6a3f5ce7ccb2a.txt"


def test_copies_are_in_the_repository() -> None:
    for path in (SPEC, LICENSE, SEED_NAMES):
        assert path.is_file(), f"{path} is missing"
    assert LICENSE.read_text().startswith("The MIT License")
    assert "openapi:" in SPEC.read_text()[:200]
    assert sum(1 for line in SEED_NAMES.read_text().splitlines() if line.startswith("Function ")) > 100


def test_spec_and_license_equal_shared_if_shared_present() -> None:
    """Fails when a copy differs from ``../shared/openapi``; with no ``../shared``, nothing to compare."""
    if not SHARED.is_dir():
        return
    for copy in (SPEC, LICENSE):
        source = SHARED / "openapi" / copy.name
        assert source.is_file(), f"{source} is missing from the shared material"
        assert copy.read_bytes() == source.read_bytes(), f"{copy} differs from {source}: copy it again"


def test_seed_names_equal_shared_seed_if_shared_present() -> None:
    """Fails when tests/data/seed-names.txt is not what seed_names.py makes of the shared seed."""
    if not SHARED.is_dir():
        return
    out = subprocess.run([sys.executable, str(SEED_TOOL), "--check", "--seed", str(SEED)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_seed_names_tool_writes_and_checks(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text("# API\n\n## Enum: `Role`\n\n## Struct: `Chat`\n\n## Function: `new`\n"
                    "\n## Function: `new`\n")
    output = tmp_path / "names.txt"
    run = [sys.executable, str(SEED_TOOL), "--seed", str(seed), "--output", str(output)]
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 1
    assert subprocess.run(run, capture_output=True).returncode == 0
    assert [line for line in output.read_text().splitlines() if not line.startswith("#")] == [
        "Enum Role", "Function new", "Struct Chat",
    ]
    assert subprocess.run([*run, "--check"], capture_output=True).returncode == 0
    missing = subprocess.run([*run[:2], "--seed", str(tmp_path / "absent.txt"), "--check"],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "the seed is missing" in missing.stderr
