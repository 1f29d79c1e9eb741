"""Generate the bookkeeping of ``openai_rs_port.types`` from the source of its modules.

For the package and, separately, for each of its subpackages (``types.responses`` and the like are
namespaces of their own: their names never enter the parent's index), this writes:

* each module's ``__all__``;
* the package's ``_index.py``, the table ``name -> module`` that the lazy ``__getattr__`` reads;
* the star imports of the ``if TYPE_CHECKING:`` block in the package's ``__init__.py``.

A module's public names are its top-level classes, functions, assignments and type aliases, also
those under a top-level ``if``/``try`` such as ``if TYPE_CHECKING:`` (a module ``__getattr__``
serves them at runtime), whose names do not start with ``_``. TypeVars, ParamSpecs, TypeVarTuples and
imported names are not public. A name made public by two modules of one package is an error.

    python tests/tools/gen_types.py           rewrite what has drifted
    python tests/tools/gen_types.py --check   exit 1 and print a diff when anything has drifted

The modules are read with ``ast``, never imported, so the script works on a broken tree too.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PACKAGE = ROOT / "openai_rs_port" / "types"
LINE_LENGTH = 110  # pyproject's ruff line-length
_TYPEVAR_FACTORIES = {"TypeVar", "ParamSpec", "TypeVarTuple"}
INDEX_FILE = "_index.py"


class GenerationError(Exception):
    """The tree cannot be described (a name defined twice, a file of an unexpected shape)."""


@dataclass
class Package:
    path: Path
    dotted: str
    modules: dict[str, list[str]] = field(default_factory=dict)  # module -> public names, sorted
    sources: dict[str, tuple[Path, str, ast.Module]] = field(default_factory=dict)
    subpackages: list[Package] = field(default_factory=list)


# ------------------------------------------------------------------------------------- reading


def _dotted_name(package: Path) -> str:
    parts = [package.name]
    parent = package.parent
    while (parent / "__init__.py").exists():
        parts.append(parent.name)
        parent = parent.parent
    return ".".join(reversed(parts))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_typevar(value: ast.expr | None) -> bool:
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in _TYPEVAR_FACTORIES


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for elt in target.elts for n in _target_names(elt)]
    return []  # attribute or subscript assignments bind no module name


def public_names(tree: ast.Module) -> list[str]:
    """The names a module makes public, in ruff's RUF022 order."""
    defined: set[str] = set()
    imported: set[str] = set()

    def visit(body: list[ast.stmt], type_checking: bool) -> None:
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                imported.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                if not _is_typevar(node.value):
                    defined.update(n for t in node.targets for n in _target_names(t))
            elif isinstance(node, ast.AnnAssign):
                # A bare `x: T` binds nothing at runtime, except as a declaration for type
                # checkers whose value a module __getattr__ supplies.
                if (node.value is not None or type_checking) and not _is_typevar(node.value):
                    defined.update(_target_names(node.target))
            elif type(node).__name__ == "TypeAlias":  # `type X = ...` (Python 3.12)
                defined.update(_target_names(node.name))  # type: ignore[attr-defined]
            elif isinstance(node, ast.If):
                visit(node.body, type_checking or _is_type_checking(node.test))
                visit(node.orelse, type_checking)
            elif isinstance(node, ast.Try):
                visit(node.body, type_checking)
                for handler in node.handlers:
                    visit(handler.body, type_checking)
                visit(node.orelse, type_checking)
                visit(node.finalbody, type_checking)

    visit(tree.body, False)
    return sort_all(n for n in defined - imported if not n.startswith("_"))


def sort_all(names: Iterable[str]) -> list[str]:
    """ruff's isort-style order for ``__all__`` (RUF022): CONSTANTS, then Classes, then the rest."""

    def key(name: str) -> tuple[int, list[tuple[int, str]]]:
        if len(name) > 1 and name.upper() == name and name.lower() != name:
            category = 0
        elif name[:1].isupper():
            category = 1
        else:
            category = 2
        natural = [(int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"(\d+)", name) if p]
        return category, natural

    return sorted(set(names), key=key)


def read_package(path: Path) -> Package:
    """The package at ``path`` and its subpackages, with every module's public names."""
    errors: list[str] = []
    package = _read(path, errors)
    if errors:
        raise GenerationError("\n".join(errors))
    return package


def _read(path: Path, errors: list[str]) -> Package:
    if not (path / "__init__.py").exists():
        raise GenerationError(f"{path} is not a package (no __init__.py)")
    package = Package(path, _dotted_name(path))
    for file in sorted(path.glob("*.py")):
        if file.name.startswith("_"):
            continue
        source = file.read_text()
        try:
            tree = ast.parse(source, str(file))
        except SyntaxError as e:
            errors.append(f"{file}:{e.lineno}: cannot parse: {e.msg}")
            continue
        package.sources[file.stem] = (file, source, tree)
        package.modules[file.stem] = public_names(tree)
    for sub in sorted(p.parent for p in path.glob("*/__init__.py")):
        if not sub.name.startswith("_"):
            package.subpackages.append(_read(sub, errors))

    owners: dict[str, list[str]] = {}
    for module, names in package.modules.items():
        for name in names:
            owners.setdefault(name, []).append(module)
    for name, modules in sorted(owners.items()):
        if len(modules) > 1:
            where = ", ".join(f"{package.dotted}.{m}" for m in modules)
            errors.append(
                f"{name!r} is defined in {len(modules)} modules of {package.dotted}: {where}. "
                "Keep one definition (import it in the other module), or make one private (_name)."
            )
    children = {*package.modules, *(s.path.name for s in package.subpackages)}
    for name in sorted(children & set(owners)):
        errors.append(f"{name!r} in {package.dotted}.{owners[name][0]} shadows the submodule "
                      f"{package.dotted}.{name}")
    return package


# ------------------------------------------------------------------------------------- writing


def format_all(names: list[str]) -> str:
    one_line = "__all__ = [" + ", ".join(f'"{n}"' for n in names) + "]"
    if not names:
        return "__all__: list[str] = []\n"
    if len(one_line) <= LINE_LENGTH:
        return one_line + "\n"
    return "__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n"


def with_all(file: Path, source: str, tree: ast.Module, names: list[str]) -> str:
    """``source`` with its top-level ``__all__`` replaced (or added after the imports)."""
    lines = source.splitlines(keepends=True)
    block = format_all(names)
    found = [
        node for node in tree.body
        if (isinstance(node, ast.Assign) and any(_target_names(t) == ["__all__"] for t in node.targets))
        or (isinstance(node, ast.AnnAssign) and _target_names(node.target) == ["__all__"])
        or (isinstance(node, ast.AugAssign) and _target_names(node.target) == ["__all__"])
    ]
    if len(found) > 1 or any(isinstance(n, ast.AugAssign) for n in found):
        raise GenerationError(f"{file}:{found[-1].lineno}: __all__ is generated; bind it only once")
    if found:
        old = found[0]
        assert old.end_lineno is not None
        return "".join([*lines[: old.lineno - 1], block, *lines[old.end_lineno :]])
    end = 0
    for node in tree.body:
        leading = (
            isinstance(node, (ast.Import, ast.ImportFrom))
            or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and end == 0)
            or (isinstance(node, ast.If) and _is_type_checking(node.test)
                and all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in node.body))
        )
        if not leading:
            break
        assert node.end_lineno is not None
        end = node.end_lineno
    return "".join([*lines[:end], "\n" if end else "", block, *lines[end:]])


def index_source(package: Package) -> str:
    entries = "".join(
        f'    "{name}": "{module}",\n' for module, names in package.modules.items() for name in names
    )
    return (
        f'"""Which module of ``{package.dotted}`` defines each public name.\n'
        "\n"
        "Generated from the modules' source by tests/tools/gen_types.py: do not edit, run\n"
        "``python tests/tools/gen_types.py``.\n"
        '"""\n'
        "\n"
        "from __future__ import annotations\n"
        "\n"
        f"INDEX: dict[str, str] = {{\n{entries}}}\n"
    )


def with_star_imports(init: Path, source: str, modules: list[str]) -> str:
    """``__init__.py`` whose ``if TYPE_CHECKING:`` block star-imports every module."""
    tree = ast.parse(source, str(init))
    blocks = [n for n in tree.body if isinstance(n, ast.If) and _is_type_checking(n.test)]
    if len(blocks) != 1:
        raise GenerationError(
            f"{init}: needs exactly one top-level `if TYPE_CHECKING:` block for the generated star "
            f"imports (found {len(blocks)})"
        )
    block = blocks[0]
    stray = [
        s for s in block.body
        if not (isinstance(s, ast.ImportFrom) and s.level == 1 and [a.name for a in s.names] == ["*"])
    ]
    if stray or block.orelse:
        line = stray[0].lineno if stray else block.lineno
        raise GenerationError(f"{init}:{line}: the `if TYPE_CHECKING:` block is generated and may hold "
                              "only `from .module import *` lines")
    assert block.end_lineno is not None
    lines = source.splitlines(keepends=True)
    body = "".join(f"    from .{m} import *  # noqa: F403\n" for m in modules) or "    pass\n"
    return "".join([*lines[: block.lineno - 1], "if TYPE_CHECKING:\n", body, *lines[block.end_lineno :]])


def generate(package: Package) -> dict[Path, str]:
    """Every generated file of ``package`` and its subpackages: path -> wanted content."""
    out: dict[Path, str] = {}
    for module, (file, source, tree) in package.sources.items():
        out[file] = with_all(file, source, tree, package.modules[module])
    out[package.path / INDEX_FILE] = index_source(package)
    init = package.path / "__init__.py"
    out[init] = with_star_imports(init, init.read_text(), list(package.modules))
    for sub in package.subpackages:
        out.update(generate(sub))
    return out


# ------------------------------------------------------------------------------------- command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on drift")
    parser.add_argument("--package", type=Path, default=DEFAULT_PACKAGE,
                        help=f"package directory (default: {DEFAULT_PACKAGE.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    try:
        wanted = generate(read_package(args.package.resolve()))
    except GenerationError as e:
        print(f"gen_types: {e}", file=sys.stderr)
        return 2
    drifted = {
        path: text for path, text in wanted.items()
        if not path.exists() or path.read_text() != text
    }
    for path, text in drifted.items():
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        if args.check:
            old = path.read_text().splitlines(keepends=True) if path.exists() else []
            sys.stdout.writelines(
                difflib.unified_diff(old, text.splitlines(keepends=True), f"a/{shown}", f"b/{shown}")
            )
        else:
            path.write_text(text)
            print(f"gen_types: wrote {shown}")
    if args.check and drifted:
        print(f"gen_types: {len(drifted)} file(s) drifted; run `python tests/tools/gen_types.py`",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
