"""``openai_rs_port.types`` loads one module per name; its table and ``__all__`` lists are generated.

The generator is tests/tools/gen_types.py (run by tests/run.sh with ``--check`` before pytest).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import openai_rs_port.types as types
from openai_rs_port.types._index import INDEX

GEN = Path(__file__).resolve().parent / "tools" / "gen_types.py"
TYPES_INIT = Path(str(types.__file__))


def gen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(GEN), *map(str, args)], capture_output=True, text=True)


def test_generated_bookkeeping_is_current() -> None:
    """The index, the TYPE_CHECKING imports and every ``__all__`` are what gen_types.py makes."""
    out = gen("--check")
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_indexed_name_resolves_in_its_module() -> None:
    for name, module in INDEX.items():
        assert getattr(types, name) is getattr(importlib.import_module(f"{types.__name__}.{module}"), name)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root / "pkg" / "types"


# Packages laid out as openai_rs_port.types is, with a subpackage that reuses names of the parent.
LAZY_INIT = TYPES_INIT.read_text()
TREE = {
    "pkg/__init__.py": "",
    "pkg/types/__init__.py": LAZY_INIT,
    "pkg/types/_index.py": "INDEX: dict[str, str] = {}\n",
    "pkg/types/chat.py": """
        from __future__ import annotations

        from enum import StrEnum
        from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

        from .common import Usage

        if TYPE_CHECKING:
            from collections import OrderedDict

        __all__ = ["Stale"]

        T = TypeVar("T")


        class Role(StrEnum):
            USER = "user"


        def helper() -> None: ...


        def _private() -> None: ...


        Alias = Usage
        Stop: TypeAlias = str | list[str]
        A, B = 1, 2
        _HIDDEN = 3

        if TYPE_CHECKING:
            Stream: TypeAlias = OrderedDict[str, Role]
        else:

            def __getattr__(name: str) -> Any:
                if name == "Stream":
                    from collections import OrderedDict

                    return OrderedDict[str, Role]
                raise AttributeError(name)
        """,
    "pkg/types/common.py": """
        from dataclasses import dataclass


        @dataclass
        class Usage:
            total: int
        """,
    "pkg/types/responses/__init__.py": LAZY_INIT,
    "pkg/types/responses/common.py": """
        from enum import StrEnum


        class Role(StrEnum):
            ASSISTANT = "assistant"


        class FunctionCall:
            pass
        """,
}


def test_generator_on_a_tree_with_a_subpackage(tmp_path: Path) -> None:
    package = _tree(tmp_path, TREE)
    assert gen("--check", "--package", package).returncode == 1
    out = gen("--package", package)
    assert out.returncode == 0, out.stderr
    assert gen("--check", "--package", package).returncode == 0

    namespace: dict[str, object] = {}
    exec((package / "_index.py").read_text(), namespace)
    assert namespace["INDEX"] == {
        "A": "chat", "Alias": "chat", "B": "chat", "Role": "chat", "Stop": "chat", "Stream": "chat",
        "helper": "chat", "Usage": "common",
    }, "the subpackage's names stay out of the parent's index"
    chat_all = '__all__ = ["A", "Alias", "B", "Role", "Stop", "Stream", "helper"]'
    assert chat_all in (package / "chat.py").read_text()
    sub = package / "responses"
    assert (sub / "common.py").read_text().splitlines()[2] == '__all__ = ["FunctionCall", "Role"]'
    assert "from .common import *  # noqa: F403" in (sub / "__init__.py").read_text()
    assert '"pkg.types.responses"' not in (package / "_index.py").read_text()

    code = (
        "import sys\n"
        "from pkg.types import Role, Stream\n"
        "from pkg.types.responses import Role as ResponsesRole, FunctionCall\n"
        "import pkg.types\n"
        "print(Role.USER.value, ResponsesRole.ASSISTANT.value, FunctionCall.__module__, Stream.__name__)\n"
        "print(hasattr(pkg.types, 'FunctionCall'), 'FunctionCall' in dir(pkg.types))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["user assistant pkg.types.responses.common OrderedDict", "False False"]

    chat = package / "chat.py"
    chat.write_text(chat.read_text() + "\n\nclass Added:\n    pass\n")
    drift = gen("--check", "--package", package)
    assert drift.returncode == 1
    assert '+    "Added": "chat",' in drift.stdout and "drifted" in drift.stderr


def test_a_name_defined_in_two_modules_fails_both_modes(tmp_path: Path) -> None:
    package = _tree(tmp_path, {**TREE, "pkg/types/moderation.py": "class Usage:\n    pass\n"})
    before = {p: p.read_text() for p in package.rglob("*.py")}
    for args in (("--check",), ()):
        out = gen(*args, "--package", package)
        assert out.returncode == 2
        assert "'Usage' is defined in 2 modules of pkg.types: pkg.types.common, pkg.types.moderation" \
            in out.stderr
    assert before == {p: p.read_text() for p in package.rglob("*.py")}, "nothing is written on an error"


def test_a_name_loads_only_its_module() -> None:
    code = (
        "import sys\n"
        "from openai_rs_port.types import CreateEmbeddingRequestArgs\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('openai_rs_port.types.'))\n"
        "print(','.join(loaded))\n"
        "print('requests' in sys.modules, 'aiohttp' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, heavy = out.stdout.splitlines()
    assert "openai_rs_port.types.embedding" in loaded.split(",")
    assert "openai_rs_port.types.chat" not in loaded.split(",")
    assert heavy == "False False"


def test_each_client_imports_only_its_own_http_library() -> None:
    code = (
        "import sys\n"
        "from openai_rs_port import {cls}\n"
        "{cls}().chat()\n"
        "print('requests' in sys.modules, 'aiohttp' in sys.modules)\n"
    )
    for cls, expected in (("Client", "True False"), ("AsyncClient", "False True")):
        out = subprocess.run([sys.executable, "-c", code.format(cls=cls)], capture_output=True,
                             text=True, check=True)
        assert out.stdout.strip() == expected, (cls, out.stdout, out.stderr)
