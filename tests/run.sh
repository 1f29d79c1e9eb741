#!/usr/bin/env bash
# The whole test suite, set-up included: a venv with the package and its test extras,
# Prism from npm, then lint, strict typing and pytest (which starts Prism and the local server).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# Editable as a static .pth path (setup.cfg's package_dir), so that mypy run on a script outside
# the checkout finds the package (tests/test_install_typing.py); reinstalling replaces an older
# import-hook install.
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
if [ ! -x tests/prism/node_modules/.bin/prism ]; then
  npm ci --prefix tests/prism --no-audit --no-fund --loglevel=error
fi
echo "== generated types bookkeeping (python tests/tools/gen_types.py rewrites it)"
.venv/bin/python tests/tools/gen_types.py --check
echo "== generated API reference pages (python tests/tools/gen_reference.py rewrites them)"
.venv/bin/python tests/tools/gen_reference.py --check
echo "== ruff"
.venv/bin/ruff check openai_rs_port tests benchmarks examples
echo "== mypy --strict"
.venv/bin/mypy openai_rs_port
echo "== mkdocs build --strict"
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -q
echo "== pytest"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
