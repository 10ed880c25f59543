"""README's "What the default run shows" is the default run's own figures: the section between
its markers must be exactly what ``docs/readme_figures.py`` writes from a fresh run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_default_run_section_is_the_runs_own():
    spec = importlib.util.spec_from_file_location("readme_figures", ROOT / "docs" / "readme_figures.py")
    figures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(figures)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    written = readme.split(figures.START, 1)[1].split(figures.END, 1)[0].strip()
    assert written == figures.section(), (
        "README.md's default-run section is not what the run says: "
        "run `python docs/readme_figures.py --write`")
