"""``openai_rs_port.types`` loads one module per name: its table must match the modules' ``__all__``."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import openai_rs_port.types as types
from openai_rs_port.types._index import INDEX


def _modules() -> list[str]:
    return [m.name for m in pkgutil.iter_modules(types.__path__) if not m.name.startswith("_")]


def test_index_matches_every_module_all() -> None:
    expected: dict[str, str] = {}
    for name in _modules():
        for public in importlib.import_module(f"openai_rs_port.types.{name}").__all__:
            expected.setdefault(public, name)
    fix = "\n".join(f'    "{k}": "{v}",' for k, v in sorted(expected.items()))
    assert INDEX == expected, f"types/_index.py drifted; the table should read:\n{fix}"


def test_type_checking_imports_cover_every_module() -> None:
    source = Path(str(types.__file__)).read_text()
    missing = [m for m in _modules() if f"from .{m} import *" not in source]
    assert not missing, f"types/__init__.py TYPE_CHECKING block lacks: {missing}"


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
