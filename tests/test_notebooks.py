"""Every notebook in ``notebooks/`` runs top to bottom in a fresh kernel, within 3 minutes.

The notebooks are stored without outputs, so what a reader sees is always what the code does
now; this test is what keeps them true. Each runs in its own temporary folder (files it writes,
such as notebook 02's ``publication/``, land there).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
LIMIT_SECONDS = 180


def test_the_three_audiences_have_their_notebooks():
    names = {nb.stem for nb in NOTEBOOKS}
    assert {"01_how_the_scheme_works", "02_who_loses", "03_policy_levers"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_notebook_runs_in_a_fresh_kernel(path, tmp_path):
    book = nbformat.read(path, as_version=4)
    assert not any(cell.get("outputs") for cell in book.cells if cell.cell_type == "code"), \
        f"{path.name} is stored with outputs: clear them (they would go stale)"
    client = nbclient.NotebookClient(book, timeout=LIMIT_SECONDS, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    started = time.monotonic()
    client.execute()
    took = time.monotonic() - started
    assert took < LIMIT_SECONDS, f"{path.name} took {took:.0f} s"
    errors = [out for cell in book.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert not errors
    # every code cell ran, and the figures were drawn
    code = [cell for cell in book.cells if cell.cell_type == "code"]
    assert all(cell.get("execution_count") for cell in code)
    images = sum("image/png" in out.get("data", {})
                 for cell in code for out in cell.get("outputs", []))
    assert images >= 1, f"{path.name} drew no figure"
