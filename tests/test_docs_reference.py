"""Every public name is on the built API reference: the site's ``objects.inv`` lists it.

The names are derived from the package at runtime, not from the generator: each public module's
``__all__`` (a module whose dotted path has no part starting with ``_``), and every public
method of every API group class (``Resource`` subclasses), ``_byot`` twins included, which
exist only at runtime. The site is the one ``tests/run.sh`` built just before pytest
(``mkdocs build --strict``) when it is newer than everything it is built from; otherwise this
builds one into a temporary directory.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import openai_rs_port
from openai_rs_port._resource import Resource

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "tools"))
import gen_reference  # noqa: E402

SOURCES = [ROOT / "mkdocs.yml", *(ROOT / "docs").rglob("*.md"), *(ROOT / "openai_rs_port").rglob("*.py"),
           *(ROOT / "tests" / "tools").glob("*.py")]


def public_modules() -> Iterator[str]:
    yield "openai_rs_port"
    for info in pkgutil.walk_packages(openai_rs_port.__path__, "openai_rs_port."):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]):
            yield info.name


def public_names() -> set[str]:
    names: set[str] = set()
    for dotted in public_modules():
        module = importlib.import_module(dotted)
        for name in getattr(module, "__all__", ()):
            names.add(f"{dotted}.{name}")
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, Resource) and obj.__module__ == dotted:
                names.update(f"{dotted}.{name}.{attr}" for attr in vars(obj) if not attr.startswith("_"))
    return names


def inventory(site: Path) -> dict[str, str]:
    """``objects.inv``: name -> the page it points to (4 header lines, then zlib)."""
    header_and_body = (site / "objects.inv").read_bytes().split(b"\n", 4)
    assert header_and_body[0] == b"# Sphinx inventory version 2"
    out: dict[str, str] = {}
    for line in zlib.decompress(header_and_body[4]).decode().splitlines():
        name, _domain, _priority, uri, _display = line.split(" ", 4)
        out[name] = uri.replace("$", name)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = ROOT / "site"
    inv = built / "objects.inv"
    if inv.exists() and inv.stat().st_mtime > max(p.stat().st_mtime for p in SOURCES):
        return built
    out = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                   cwd=ROOT, check=True, timeout=600)
    return out


def test_reference_pages_are_generated_and_current() -> None:
    expected = gen_reference.expected()
    drift = [p.name for p, text in expected.items() if not p.exists() or p.read_text() != text]
    assert not drift, f"run python tests/tools/gen_reference.py: {drift}"
    pages = {p.stem for p in (ROOT / "docs" / "reference").glob("*.md")} - {"index"}
    with_all = {d for d in public_modules() if hasattr(importlib.import_module(d), "__all__")}
    assert pages == with_all


@pytest.mark.timeout(600)
def test_every_public_name_is_on_the_site(site: Path) -> None:
    names = public_names()
    inv = inventory(site)
    missing = sorted(names - set(inv))
    assert not missing, f"{len(missing)} public names not on the API reference: {missing[:20]}"
    # Each entry points to a page that was built, at an anchor that page has.
    for name in sorted(names)[::50]:
        page, _, anchor = inv[name].partition("#")
        html = (site / page / "index.html" if page.endswith("/") else site / page).read_text()
        assert f'id="{anchor}"' in html, (name, inv[name])
    # The groups, their methods and the twins that exist only at runtime are there.
    assert {"openai_rs_port.Client.chat", "openai_rs_port.chat.Chat.create_stream",
            "openai_rs_port.chat.Chat.create_stream_byot",
            "openai_rs_port.types.chat.CreateChatCompletionRequestArgs",
            "openai_rs_port.testing.MockOpenAIServer"} <= set(inv)
