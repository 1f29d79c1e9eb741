"""Make tests/data/seed-names.txt, the seed's Enum, Struct and Function names, from the seed itself.

The seed (async-openai's API reference) lives in the shared material beside the repository
(``../shared``, or ``$OPENAI_RS_PORT_SHARED``), which a plain clone does not have; the tests read
only the list this script writes.

    python tests/tools/seed_names.py           write tests/data/seed-names.txt from the seed
    python tests/tools/seed_names.py --check   exit 1 and print a diff when the list differs
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_FILE = "000_f2a6a3f5ce7ccb2a.txt"
OUTPUT = ROOT / "tests" / "data" / "seed-names.txt"


def default_seed() -> Path:
    shared = Path(os.environ.get("OPENAI_RS_PORT_SHARED", ROOT.parent / "shared"))
    return shared / "seed" / SEED_FILE


def names_file(seed_text: str, seed_name: str = SEED_FILE) -> str:
    """The content of seed-names.txt: one ``Kind name`` line per distinct entry, sorted."""
    entries = set(re.findall(r"^## (Enum|Struct|Function): `(\w+)`", seed_text, re.M))
    lines = sorted(f"{kind} {name}" for kind, name in entries)
    return (
        f"# The Enum, Struct and Function names of the seed {seed_name} (async-openai's API reference).\n"
        "# Made by tests/tools/seed_names.py; do not edit.\n"
        + "".join(f"{line}\n" for line in lines)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on a difference")
    parser.add_argument("--seed", type=Path, default=None, help=f"the seed (default: {default_seed()})")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the list to write or check")
    args = parser.parse_args(argv)
    seed: Path = args.seed or default_seed()
    if not seed.is_file():
        print(f"seed_names: the seed is missing: {seed} (set OPENAI_RS_PORT_SHARED or pass --seed)",
              file=sys.stderr)
        return 2
    wanted = names_file(seed.read_text(), seed.name)
    current = args.output.read_text() if args.output.exists() else ""
    if current == wanted:
        return 0
    if args.check:
        sys.stdout.writelines(difflib.unified_diff(
            current.splitlines(keepends=True), wanted.splitlines(keepends=True),
            str(args.output), f"made from {seed}",
        ))
        print(f"seed_names: {args.output} differs from {seed}; run `python tests/tools/seed_names.py`",
              file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(wanted)
    print(f"seed_names: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
