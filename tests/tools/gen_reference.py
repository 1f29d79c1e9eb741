"""Generate the API reference pages of the docs site from the package's modules.

One page per public module: a module whose dotted path has no part starting with ``_`` (nor
``__main__``) and that declares ``__all__``. Each page, ``docs/reference/<dotted name>.md``,
holds a mkdocstrings directive (``::: openai_rs_port.chat``), which renders every name of that
``__all__``. This also writes ``docs/reference/index.md`` (the modules, by kind) and the
reference part of ``mkdocs.yml``'s nav, between its ``# reference:begin`` and
``# reference:end`` lines.

Public modules without ``__all__`` (the ``types`` packages, whose names are their modules'; the
command-line tool's inner modules, documented in docs/cli.md) get no page; the script lists
them.

    python tests/tools/gen_reference.py           rewrite what has drifted
    python tests/tools/gen_reference.py --check   exit 1 and print a diff when anything has drifted

The modules are read with ``ast``, never imported.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "openai_rs_port"
REFERENCE = ROOT / "docs" / "reference"
MKDOCS = ROOT / "mkdocs.yml"
BEGIN, END = "# reference:begin", "# reference:end"

KINDS = {
    "client": "Clients, configuration and errors",
    "group": "API groups",
    "helper": "Helpers and jobs",
    "types": "Types",
    "testing": "The local server",
    "cli": "Command line",
}
# Modules of the client itself, rather than an API group or a helper.
CLIENT_MODULES = {"openai_rs_port", "openai_rs_port.config", "openai_rs_port.error"}
# A page is rendered with these options on top of mkdocs.yml's: the package page shows the
# clients with the group accessors and options they inherit from the private base client.
PAGE_OPTIONS = {"openai_rs_port": ["inherited_members: true"]}


@dataclass(frozen=True)
class Module:
    dotted: str
    names: tuple[str, ...]
    kind: str

    @property
    def page(self) -> str:
        return f"{self.dotted}.md"


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _all(tree: ast.Module) -> tuple[str, ...] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return tuple(ast.literal_eval(value))
    return None


def _is_group(tree: ast.Module) -> bool:
    # An API group module defines a class on Resource[C] (Chat, Files, ...).
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name) \
                        and base.value.id == "Resource":
                    return True
    return False


def _kind(dotted: str, tree: ast.Module) -> str:
    parts = dotted.split(".")
    if len(parts) > 1 and parts[1] in ("types", "testing", "cli"):
        return parts[1]
    if dotted in CLIENT_MODULES:
        return "client"
    return "group" if _is_group(tree) else "helper"


def read_modules() -> tuple[list[Module], list[str]]:
    """The public modules with ``__all__``, and the public ones without."""
    modules: list[Module] = []
    without: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        dotted = _dotted(path)
        inner = dotted.split(".")[1:]
        if any(part.startswith("_") for part in inner) or "__pycache__" in path.parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        names = _all(tree)
        if names is None:
            without.append(dotted)
            continue
        modules.append(Module(dotted, names, _kind(dotted, tree)))
    return modules, without


def page_text(m: Module) -> str:
    lines = [f"# `{m.dotted}`", "", f"::: {m.dotted}"]
    extra = PAGE_OPTIONS.get(m.dotted)
    if extra:
        lines += ["    options:", *(f"      {o}" for o in extra)]
    return "\n".join(lines) + "\n"


def index_text(modules: list[Module]) -> str:
    out = [
        "# API reference",
        "",
        "Generated from the docstrings by mkdocstrings, one page per public module (a module",
        "with `__all__`): `python tests/tools/gen_reference.py` writes these pages, and",
        "`tests/test_docs_reference.py` checks that every name of every `__all__` is on the",
        "built site. Request and response types are imported from `openai_rs_port.types`",
        "(`from openai_rs_port.types import CreateChatCompletionRequestArgs`) whichever",
        "module below defines them; `types.responses` and `types.realtime` are namespaces",
        "of their own.",
    ]
    for kind, title in KINDS.items():
        members = [m for m in modules if m.kind == kind]
        if not members:
            continue
        # Names only: a summary from each docstring would make every docstring edit a drift.
        out += ["", f"## {title}", ""]
        out += [f"* [`{m.dotted}`]({m.page})" for m in members]
    return "\n".join(out) + "\n"


def nav_text(modules: list[Module], indent: str) -> str:
    out = [f"{indent}- API reference:", f"{indent}    - reference/index.md"]
    for kind, title in KINDS.items():
        members = [m for m in modules if m.kind == kind]
        if not members:
            continue
        out.append(f"{indent}    - {title}:")
        out += [f"{indent}        - {m.dotted}: reference/{m.page}" for m in members]
    return "\n".join(out) + "\n"


def mkdocs_text(current: str, modules: list[Module]) -> str:
    lines = current.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == BEGIN]
    ends = [i for i, line in enumerate(lines) if line.strip() == END]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise SystemExit(f"mkdocs.yml needs one {BEGIN!r} line and one {END!r} line after it")
    indent = lines[starts[0]][: len(lines[starts[0]]) - len(lines[starts[0]].lstrip())]
    return "".join(lines[: starts[0] + 1]) + nav_text(modules, indent) + "".join(lines[ends[0]:])


def expected() -> dict[Path, str]:
    modules, _ = read_modules()
    files = {REFERENCE / m.page: page_text(m) for m in modules}
    files[REFERENCE / "index.md"] = index_text(modules)
    files[MKDOCS] = mkdocs_text(MKDOCS.read_text(), modules)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report drift, write nothing")
    args = parser.parse_args(argv)
    files = expected()
    stale = sorted(p for p in REFERENCE.glob("*.md") if p not in files)
    drift = [(p, text) for p, text in files.items() if not p.exists() or p.read_text() != text]
    if args.check:
        for p, text in drift:
            old = p.read_text().splitlines(keepends=True) if p.exists() else []
            rel = p.relative_to(ROOT).as_posix()
            sys.stdout.writelines(difflib.unified_diff(old, text.splitlines(keepends=True), rel, rel))
        for p in stale:
            print(f"stale page: {p.relative_to(ROOT).as_posix()}")
        if drift or stale:
            print("the API reference has drifted: run python tests/tools/gen_reference.py")
            return 1
        return 0
    REFERENCE.mkdir(parents=True, exist_ok=True)
    for p, text in drift:
        p.write_text(text)
    for p in stale:
        p.unlink()
    _, without = read_modules()
    print(f"{len(files) - 1} reference files, {len(drift)} rewritten, {len(stale)} removed; "
          f"public modules without __all__ (no page): {', '.join(without) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
