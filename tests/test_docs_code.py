"""Every ```python block of docs/**/*.md and of README.md runs, against the local server.

The convention, for whoever writes a page:

* The ```python blocks of one page run in order, in one namespace: a real module registered in
  ``sys.modules`` (dataclasses and ``get_type_hints`` look their class's module up).
* Before a page runs, the harness starts a fresh ``MockOpenAIServer``, sets ``OPENAI_BASE_URL`` to
  its ``base_url`` and ``OPENAI_API_KEY`` to a placeholder, and changes to an empty temporary
  directory. So a block is written as user code: ``client = Client()``. A page may still start
  its own server; a ``server`` left in the namespace is stopped afterwards, and so are the
  clients left open.
* A block may use top-level ``await`` / ``async with`` / ``async for`` (as in ``python -m
  asyncio``): the page's async blocks share one event loop, so an ``AsyncClient`` made in one
  block can be used in the next.
* A block fenced ```python title="Needs a live key"``` is not run (on the site it renders under
  that title). No other title is allowed on a python block.
* A ```text title="Output"``` block right after a python block is that block's expected
  standard output, compared exactly (trailing whitespace of each line and trailing blank lines
  aside). Pages with a dedicated test (below) have none: nothing would compare them.
* Every page with python blocks is run by exactly one test: a dedicated test (one that reads
  ``ROOT / "docs" / "<page>.md"`` or hands ``"<page>.md"`` to a runner, and ``exec``s its
  blocks, with assertions of its own), or else this harness. ``test_every_page_is_run_once``
  checks it from the files.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import sys
import types
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from openai_rs_port import AsyncClient, Client
from openai_rs_port.testing import MockOpenAIServer

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LIVE_KEY = "Needs a live key"
OUTPUT = "Output"

# A fence opens with three or more backticks (or tildes) and closes with the same run; the
# indent lets a block sit in a list item.
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.S | re.M,
)
TITLE = re.compile(r'title="(?P<title>[^"]*)"')


@dataclass
class Block:
    index: int  # among the page's python blocks
    line: int
    lang: str
    title: str | None
    code: str
    output: str | None = None  # the expected stdout, from the Output block after it


def _strip(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def parse(path: Path) -> list[Block]:
    """The page's python blocks, each with the Output block that follows it."""
    return parse_checked(path)[0]


def parse_checked(path: Path) -> tuple[list[Block], list[str]]:
    """The page's python blocks, and what is wrong with its fences (kept for a test to report)."""
    text = path.read_text()
    blocks: list[Block] = []
    problems: list[str] = []
    previous_end: int | None = None
    for m in FENCE.finditer(text):
        info = m["info"].strip()
        lang = info.split()[0] if info else ""
        title_m = TITLE.search(info)
        title = title_m["title"] if title_m else None
        body = m["body"]
        if m["indent"]:
            body = "\n".join(line[len(m["indent"]):] for line in body.splitlines()) + "\n"
        line = text.count("\n", 0, m.start()) + 1
        if lang in ("py", "python3", "pycon"):
            problems.append(f"{page_id(path)}:{line}: fence a runnable block as ```python, not ```{lang}")
        if lang == "python":
            blocks.append(Block(sum(b.lang == "python" for b in blocks), line, lang, title, body))
        elif title == OUTPUT:
            follows = bool(blocks) and previous_end is not None and not text[previous_end:m.start()].strip()
            if not follows or blocks[-1].output is not None:
                problems.append(f"{page_id(path)}:{line}: an Output block must follow a python block")
            else:
                blocks[-1].output = body
        if lang == "python" and title not in (None, LIVE_KEY):
            problems.append(f"{page_id(path)}:{line}: title {title!r} on a python block (only {LIVE_KEY!r})")
        previous_end = m.end() if lang == "python" else None
    return blocks, problems


def pages() -> list[Path]:
    """README.md and every docs page, generated reference pages included."""
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def page_id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def dedicated() -> Counter[str]:
    """Docs pages run by a test of their own: the test files that name them and exec blocks."""
    names = {p.name for p in DOCS.glob("*.md")}
    claims: Counter[str] = Counter()
    for test in sorted((ROOT / "tests").glob("test_*.py")):
        if test.name == Path(__file__).name:
            continue
        source = test.read_text()
        if "exec(" not in source:
            continue
        # ``"docs" / "admin.md"``, or a page handed to a runner: ``docs_run("bulk.md", ...)``.
        for name in set(re.findall(r'(?:"docs"\s*/\s*|\w\()"([\w.-]+\.md)"', source)) & names:
            claims[f"docs/{name}"] += 1
    return claims


def harness_pages() -> list[Path]:
    claimed = dedicated()
    return [p for p in pages() if page_id(p) not in claimed and any(b.lang == "python" for b in parse(p))]


def test_every_page_is_run_once() -> None:
    claimed = dedicated()
    twice = sorted(page for page, n in claimed.items() if n > 1)
    assert not twice, f"pages run by more than one dedicated test: {twice}"
    with_code = {page_id(p) for p in pages() if any(b.title != LIVE_KEY for b in parse(p))}
    ours = {page_id(p) for p in harness_pages()}
    assert not ours & set(claimed)
    assert with_code <= ours | set(claimed), sorted(with_code - ours - set(claimed))
    # README.md and docs/architecture.md had no test of their own: the harness runs them.
    assert {"README.md", "docs/architecture.md"} <= ours
    # A dedicated test asserts what it wants; an Output block on its page would go unchecked.
    unchecked = sorted(page for page in claimed if any(b.output is not None for b in parse(ROOT / page)))
    assert not unchecked, f"Output blocks on pages that the harness does not run: {unchecked}"


def test_fences(capsys: pytest.CaptureFixture[str]) -> None:
    """Python blocks are fenced ```python, titled only as needing a live key; Output blocks follow one."""
    live: list[str] = []
    problems: list[str] = []
    for path in pages():
        blocks, wrong = parse_checked(path)
        problems += wrong
        live += [f"{page_id(path)}:{b.line}" for b in blocks if b.title == LIVE_KEY]
    assert not problems, "\n".join(problems)
    with capsys.disabled():
        print(f"\n{len(live)} python block(s) marked {LIVE_KEY!r}: {', '.join(live) or 'none'}")


def _close_leftovers(namespace: dict[str, Any], runner: asyncio.Runner | None, own: MockOpenAIServer) -> None:
    for value in list(namespace.values()):
        if isinstance(value, MockOpenAIServer) and value is not own:
            value.stop()
        elif isinstance(value, AsyncClient):
            if runner is not None:
                runner.run(value.close())
        elif isinstance(value, Client):
            value.close()


def run_page(path: Path, label: str, workdir: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> int:
    """Run the page's blocks as the module docstring says; how many ran."""
    blocks, problems = parse_checked(path)
    assert not problems, "\n".join(problems)
    monkeypatch.chdir(workdir)
    module = types.ModuleType("docs_" + re.sub(r"\W", "_", label[:-3]))
    module.__file__ = str(path)
    namespace: dict[str, Any] = module.__dict__
    runner: asyncio.Runner | None = None
    ran = 0
    with MockOpenAIServer() as own:
        monkeypatch.setenv("OPENAI_BASE_URL", own.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-docs-placeholder")
        # The same answers whoever runs it: none of the caller's own OpenAI settings.
        for name in ("OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_ADMIN_KEY"):
            monkeypatch.delenv(name, raising=False)
        sys.modules[module.__name__] = module
        try:
            for b in blocks:
                if b.title == LIVE_KEY:
                    continue
                where = f"{label} block {b.index} (line {b.line})"
                # Line numbers in tracebacks are the page's; no __future__ import leaks in from here.
                source = "\n" * b.line + b.code
                code = compile(source, where, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
                capsys.readouterr()
                try:
                    if code.co_flags & inspect.CO_COROUTINE:
                        if runner is None:
                            runner = asyncio.Runner()
                        runner.run(eval(code, namespace))
                    else:
                        exec(code, namespace)
                except Exception as e:
                    raise AssertionError(f"{where} raised {type(e).__name__}: {e}") from e
                printed = capsys.readouterr().out
                sys.stdout.write(printed)  # shown by pytest if a later check fails
                if b.output is not None:
                    assert _strip(printed) == _strip(b.output), f"{where}: stdout is not its Output block"
                ran += 1
        finally:
            del sys.modules[module.__name__]
            try:
                _close_leftovers(namespace, runner, own)
            finally:
                if runner is not None:
                    runner.close()
    return ran


@pytest.mark.parametrize("path", harness_pages(), ids=page_id)
def test_page_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str]) -> None:
    assert run_page(path, page_id(path), tmp_path, monkeypatch, capsys), f"{page_id(path)}: no block ran"


PAGE = """# A page

```python
from openai_rs_port import Client

client = Client()
print(client.models().retrieve("gpt-4o").id)
```

```text title="Output"
gpt-4o
```

1. In a list:

    ```python
    async with AsyncClient() as aclient:     # top-level await, one loop for the page
        print((await aclient.models().retrieve("gpt-4o")).owned_by)
    ```

````markdown
```python
raise SystemExit("a block inside another fence is not run")
```
````

```python title="Needs a live key"
raise SystemExit("not run")
```
"""


def test_the_harness_on_a_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE.replace("async with", "from openai_rs_port import AsyncClient\n    async with"))
    blocks, problems = parse_checked(page)
    assert not problems
    assert [(b.line, b.title, b.output) for b in blocks] == [
        (3, None, "gpt-4o\n"), (16, None, None), (28, LIVE_KEY, None)]
    assert blocks[1].code.startswith("from openai_rs_port import AsyncClient\nasync with")  # dedented
    assert run_page(page, "page.md", tmp_path, monkeypatch, capsys) == 2
    assert "system" in capsys.readouterr().out

    # A wrong Output fails, naming the page and the block.
    page.write_text(PAGE.replace("```text title=\"Output\"\ngpt-4o", "```text title=\"Output\"\ngpt-4"))
    with pytest.raises(AssertionError, match=r"page.md block 0 \(line 3\): stdout is not its Output block"):
        run_page(page, "page.md", tmp_path, monkeypatch, capsys)
    # So does a block that raises.
    page.write_text("```python\n1 / 0\n```\n")
    with pytest.raises(AssertionError, match=r"page.md block 0 \(line 1\) raised ZeroDivisionError"):
        run_page(page, "page.md", tmp_path, monkeypatch, capsys)


@pytest.mark.parametrize(("text", "problem"), [
    ("```py\nx = 1\n```\n", "fence a runnable block as ```python, not ```py"),
    ('```python title="Needs a key"\nx = 1\n```\n', "title 'Needs a key' on a python block"),
    ('Text.\n\n```text title="Output"\n1\n```\n', "an Output block must follow a python block"),
    ('```python\nx = 1\n```\n\nText.\n\n```text title="Output"\n1\n```\n',
     "an Output block must follow a python block"),
])
def test_fence_problems_are_found(tmp_path: Path, text: str, problem: str) -> None:
    page = tmp_path / "page.md"
    page.write_text(text)
    _, problems = parse_checked(page)
    assert len(problems) == 1 and problem in problems[0]
