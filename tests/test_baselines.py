"""Stored baselines (tests/baselines/README.md): a fixed-seed run of every preset must give
exactly the figures stored in ``tests/baselines/PRESET.json``, so that any change to the
model's results shows in the diff of the commit that made it. All presets together take
about 10 s.

The settings, the figures and their comparison come from ``tests/baselines/regenerate.py``,
the script that writes the files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent / "baselines" / "regenerate.py"
_spec = importlib.util.spec_from_file_location("baselines_regenerate", _PATH)
baselines = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(baselines)

PRESETS = baselines.preset_names()
SCRIPT = "python tests/baselines/regenerate.py"


def mismatch_message(preset: str, stored: dict, diffs) -> str:
    s = stored["settings"]
    lines = [f"{preset}: {len(diffs)} figure(s) differ from tests/baselines/{preset}.json "
             f"({s['participants']} participants, {s['days']} days, seed {s['seed']}), "
             "stored -> now:"]
    lines += ["  " + baselines.describe(*item) for item in diffs]
    lines.append(f"If the model was meant to change, run `{SCRIPT} {preset}` and give the "
                 "reason for these changes in the commit message (tests/baselines/README.md).")
    return "\n".join(lines)


@pytest.mark.parametrize("preset", PRESETS)
def test_preset_gives_its_stored_figures(preset):
    path = baselines.baseline_path(preset)
    if not path.exists():
        pytest.fail(f"{preset}: no baseline; run `{SCRIPT} {preset}`", pytrace=False)
    stored = baselines.read(path)
    assert stored["settings"]["preset"] == preset, f"{path.name} holds another preset"
    new = baselines.figures(baselines.run(stored["settings"]))
    diffs = baselines.differences(stored["figures"], new)
    if diffs:
        pytest.fail(mismatch_message(preset, stored, diffs), pytrace=False)


def test_every_preset_has_a_baseline_and_every_baseline_a_preset():
    assert PRESETS, "no preset found"
    stored = baselines.stored_names()
    missing = sorted(set(PRESETS) - set(stored))
    stale = sorted(set(stored) - set(PRESETS))
    assert not missing, (f"presets without a baseline: {', '.join(missing)}; run "
                         f"`{SCRIPT} {' '.join(missing)}`")
    assert not stale, (f"baselines without a preset: {', '.join(stale)}; delete them "
                       f"(`{SCRIPT} --prune`)")


@pytest.mark.parametrize("preset", PRESETS)
def test_baseline_is_at_the_current_settings_and_written_as_the_script_writes(preset):
    """A baseline made at other settings than the script now uses (its size, the seed or
    the preset's own ``run.days`` changed), or edited by hand, must be regenerated."""
    path = baselines.baseline_path(preset)
    if not path.exists():
        pytest.skip("no baseline (reported by the test above)")
    stored = baselines.read(path)
    assert stored["settings"] == baselines.settings_for(preset), (
        f"{path.name} was made at {stored['settings']}, the script now uses "
        f"{baselines.settings_for(preset)}; run `{SCRIPT} {preset}`")
    assert path.read_bytes() == baselines.dumps(stored), (
        f"{path.name} is not written as the script writes it (hand-edited?); "
        f"run `{SCRIPT} {preset}`")


def test_a_change_of_results_is_caught_and_named():
    """The comparison itself: other figures (another seed) are reported one by one, with the
    stored and the new value; the same figures, and 1 against 1.0 or true, are told apart."""
    stored = {"a": 1, "b": 0.5, "c": None, "d": True, "gone": 3}
    new = {"a": 1, "b": 0.5000001, "c": None, "d": 1, "added": 0}
    diffs = baselines.differences(stored, new)
    assert [name for name, *_ in diffs] == ["added", "b", "d", "gone"]
    assert baselines.differences(stored, dict(stored)) == []
    text = mismatch_message("x", {"settings": {"participants": 1, "days": 1, "seed": 1}}, diffs)
    assert "b: 0.5 -> 0.5000001" in text and "gone: 3 -> (absent)" in text
    assert "regenerate.py x" in text and "commit message" in text


def test_another_seed_shows_in_the_figures():
    """The figures are fine enough to see a change: the cheapest lottery preset run with
    another seed differs from its baseline in many figures, money totals among them."""
    preset = "quanmin-pingou" if "quanmin-pingou" in PRESETS else PRESETS[0]
    stored = baselines.read(baselines.baseline_path(preset))
    other = dict(stored["settings"], seed=stored["settings"]["seed"] + 1)
    diffs = baselines.differences(stored["figures"], baselines.figures(baselines.run(other)))
    names = {name for name, *_ in diffs}
    assert "summary.seed" in names and "summary.paid_in_fen" in names and len(names) > 50
