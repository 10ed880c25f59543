"""The layers of ``sim/`` hold (README "Layout"; contracts in pyproject.toml's
``[tool.importlinter]``): the engine never imports analysis, outputs, experiments or commands;
the reference model never imports the engine, so it stays an independent oracle; analysis
imports no plotting or templating library. ``.ci/run`` also runs ``lint-imports`` on its own."""

from __future__ import annotations

import os
from pathlib import Path

from importlinter import cli

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    code = cli.lint_imports(config_filename=os.fspath(ROOT / "pyproject.toml"), no_cache=True,
                            no_logo=True)
    assert code == 0, "an import contract is broken: run lint-imports to see which import"
