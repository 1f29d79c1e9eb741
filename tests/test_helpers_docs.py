"""docs/helpers.md runs as written, block after block, against its own local server."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest


def test_helpers_docs_run(capsys: pytest.CaptureFixture[str]) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "helpers.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", doc, re.S | re.M)
    assert len(blocks) == 8
    # A real module: dataclasses and get_type_hints look their class's module up.
    module = types.ModuleType("helpers_docs_example")
    sys.modules[module.__name__] = module
    namespace: dict[str, Any] = module.__dict__
    try:
        for i, block in enumerate(blocks):
            exec(compile(block, f"helpers.md block {i}", "exec"), namespace)
    finally:
        del sys.modules[module.__name__]
        server = namespace.get("server")
        if server is not None:
            server.stop()
    printed = capsys.readouterr().out
    # function-call-stream, by hand and with the accumulator: the same call.
    assert 'Function result: {"location": "Boston, MA", "temperature": "72", "unit": "fahrenheit"' in printed
    assert "function_call: get_current_weather {'location': 'Boston, MA', 'unit': 'fahrenheit'}" in printed
    # structured-outputs: the JSON by hand, the classes with the helper.
    assert '"final_answer": "x = -3.75"' in printed
    assert "Divide both sides by 8. -> x = -3.75\nanswer: x = -3.75" in printed
    # tool-call-stream: both calls answered, then the second turn streamed.
    assert printed.count('"windy"]}; {"location": "Atlanta, GA"') == 2  # the results, in the 2nd turn
    assert '[call_1] {"location": "Atlanta, GA", "temperature": "72", "unit": "celsius"' in printed
    assert "turns: 2 finished: True" in printed
    assert 'Function result: {"location": "Boston, MA", "temperature": "72", "unit": "celsius"' in printed
