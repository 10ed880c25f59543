"""Rewrite the stored baselines: one fixed-seed run of every preset, its figures in JSON.

    python tests/baselines/regenerate.py              # every preset
    python tests/baselines/regenerate.py case-1 ...   # only these presets
    python tests/baselines/regenerate.py --check      # compare only, write nothing

For each preset it prints which figures changed (stored -> new). A changed baseline belongs
in the commit that changed the model, with the reason in the commit message (README.md
beside this file). ``tests/test_baselines.py`` imports this file for the same settings,
figures and comparison, so the test and the files cannot drift apart.

Only ``import sim`` and its public names are used (``sim.run``, ``sim.load``), plus the
preset TOML files found through ``importlib.resources``, so the baselines survive a
reorganisation of the modules inside ``sim``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

import sim

HERE = Path(__file__).resolve().parent

#: Every baseline runs this many participants with this seed; the number of days is the
#: preset's own (``run.days``: 365 for the lottery schemes, 1460 quarter-days, one model
#: year, for classic-ponzi), so that each run holds growth, the stall, withdrawals and the
#: exit or the end of activity. All presets together take about 8 s (2 cores, 2026-11).
PARTICIPANTS = 20_000
SEED = 1

SETTINGS_KEYS = ("days", "participants", "preset", "seed")


# --------------------------------------------------------------------------------------
# Which presets
# --------------------------------------------------------------------------------------


def preset_names() -> list[str]:
    """The names of the presets, as ``pingou scenarios`` lists them.

    A public ``sim.preset_names()`` is used if the package ever offers one; otherwise every
    ``*.toml`` file in a folder named ``presets`` anywhere inside package ``sim`` (now
    ``sim/presets/``, perhaps later ``sim/scheme/presets/``) is a preset named after its file.
    """
    public = getattr(sim, "preset_names", None)
    if callable(public):
        names = sorted(public())
    else:
        names = sorted(_toml_stems(resources.files("sim")))
    if not names:
        raise RuntimeError("no preset found: neither sim.preset_names() nor a 'presets' folder "
                           "of .toml files inside package sim")
    return names


def _toml_stems(folder, depth: int = 0) -> set[str]:
    found: set[str] = set()
    if depth > 4:
        return found
    for entry in folder.iterdir():
        if not entry.is_dir() or entry.name.startswith((".", "_")):
            continue
        if entry.name == "presets":
            found |= {f.name[:-5] for f in entry.iterdir()
                      if f.is_file() and f.name.endswith(".toml")}
        found |= _toml_stems(entry, depth + 1)
    return found


def baseline_path(preset: str) -> Path:
    return HERE / f"{preset}.json"


def stored_names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.json"))


def settings_for(preset: str) -> dict:
    """The settings a new baseline of ``preset`` is made with."""
    return {"preset": preset, "participants": PARTICIPANTS, "days": sim.load(preset).run.days,
            "seed": SEED}


# --------------------------------------------------------------------------------------
# The figures of one run
# --------------------------------------------------------------------------------------


def run(settings: dict):
    return sim.run(settings["preset"], participants=settings["participants"],
                   days=settings["days"], seed=settings["seed"])


def figures(result) -> dict:
    """The figures a baseline stores, by dotted name:

    - ``summary.K``: every number, true/false or null in ``result.summary``, nested dicts
      flattened with dots (``summary.outstanding.wallets_fen``); text and lists are skipped
      (``ending`` follows from ``collapse_day`` and ``activity_end_day``);
    - ``daily.rows``, ``daily.sum.C`` and ``daily.last.C`` for every numeric column C of the
      daily table but ``day``: the sum over the days (for a flow such as ``paid_in_fen`` the
      run's total, for a stock such as ``wallets_fen`` its area, which moves when its timing
      moves) and the final row (the stocks left at the end);
    - ``participants.rows``, ``participants.sum.C`` for every numeric column but ``id`` and
      ``upline``, and ``participants.count.C.V``, the members whose text column C is V
      (``status``, ``identity``, ``region``).
    """
    out: dict = {}
    _flatten(result.summary, "summary", out)
    daily = result.daily
    out["daily.rows"] = len(daily)
    for col in daily.columns:
        if col == "day" or not _numeric(daily[col]):
            continue
        out[f"daily.sum.{col}"] = _number(daily[col].sum())
        out[f"daily.last.{col}"] = _number(daily[col].iloc[-1]) if len(daily) else None
    parts = result.participants
    out["participants.rows"] = len(parts)
    for col in parts.columns:
        if col in ("id", "upline"):
            continue
        if _numeric(parts[col]):
            out[f"participants.sum.{col}"] = _number(parts[col].sum())
        elif col in ("status", "identity", "region"):
            for value, count in parts[col].astype("string").value_counts(dropna=False).items():
                out[f"participants.count.{col}.{value}"] = int(count)
    return dict(sorted(out.items()))


def _flatten(value, name: str, out: dict) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{name}.{key}", out)
        return
    if value is None or isinstance(value, (bool, np.bool_, int, float, np.integer, np.floating)):
        out[name] = _number(value)
    # text, lists and anything else: not a figure


def _numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)


def _number(value):
    """A plain Python bool, int, float or None (what JSON writes and reads back exactly)."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return None if math.isnan(value) else value
    raise TypeError(f"not a number: {value!r}")


# --------------------------------------------------------------------------------------
# Files and comparison
# --------------------------------------------------------------------------------------


def dumps(baseline: dict) -> bytes:
    """The exact bytes of a baseline file: ``settings`` then ``figures``, each with its keys
    sorted, indent 1, UTF-8, a final newline. Same figures, same bytes."""
    ordered = {section: dict(sorted(baseline[section].items()))
               for section in ("settings", "figures")}
    return (json.dumps(ordered, indent=1, ensure_ascii=False, allow_nan=False)
            + "\n").encode("utf-8")


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def make(settings: dict) -> dict:
    """The baseline of one run: its settings and its figures."""
    return {"settings": dict(sorted(settings.items())), "figures": figures(run(settings))}


ABSENT = "(absent)"


def _kind(value) -> str:
    return {bool: "bool", int: "int", float: "float", type(None): "null"}.get(type(value), "other")


def differences(stored: dict, new: dict) -> list[tuple[str, object, object]]:
    """``(name, stored, new)`` for every figure that is not exactly the same, in name order;
    a figure missing on one side is :data:`ABSENT` there. ``1``, ``1.0`` and ``true`` differ."""
    out = []
    for name in sorted(set(stored) | set(new)):
        a, b = stored.get(name, ABSENT), new.get(name, ABSENT)
        if a is ABSENT or b is ABSENT or _kind(a) != _kind(b) or a != b:
            out.append((name, a, b))
    return out


def show(value) -> str:
    return value if value is ABSENT else json.dumps(value)


def describe(name: str, a, b) -> str:
    """One line: ``name: stored -> new`` and, for two numbers, the change."""
    text = f"{name}: {show(a)} -> {show(b)}"
    if _kind(a) in ("int", "float") and _kind(b) in ("int", "float"):
        delta = b - a
        text += f"  ({delta:+d})" if isinstance(delta, int) else f"  ({delta:+.6g})"
    return text


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="*", metavar="PRESET", help="default: every preset")
    parser.add_argument("--check", action="store_true",
                        help="only compare with the stored files; write nothing; exit status 1 "
                             "if any figure differs")
    parser.add_argument("--prune", action="store_true",
                        help="delete the baseline files of presets that no longer exist")
    args = parser.parse_args(argv)

    names = preset_names()
    unknown = [p for p in args.presets if p not in names]
    if unknown:
        parser.error(f"unknown preset {', '.join(unknown)}; presets: {', '.join(names)}")
    todo = args.presets or names
    changed = 0
    for preset in todo:
        path = baseline_path(preset)
        start = time.perf_counter()
        baseline = make(settings_for(preset))
        seconds = time.perf_counter() - start
        old = read(path) if path.exists() else None
        s = baseline["settings"]
        head = (f"{preset} ({s['participants']} participants, {s['days']} days, seed {s['seed']}, "
                f"{seconds:.1f} s)")
        if old is None:
            print(f"{head}: new baseline, {len(baseline['figures'])} figures")
            changed += 1
        else:
            diffs = differences(old.get("settings", {}), baseline["settings"])
            diffs = [(f"settings.{n}", a, b) for n, a, b in diffs]
            diffs += differences(old.get("figures", {}), baseline["figures"])
            if diffs:
                changed += 1
                print(f"{head}: {len(diffs)} changed")
                for item in diffs:
                    print("  " + describe(*item))
            else:
                print(f"{head}: unchanged")
        data = dumps(baseline)
        if not args.check and (not path.exists() or path.read_bytes() != data):
            path.write_bytes(data)

    stale = [n for n in stored_names() if n not in names]
    for name in stale:
        if args.prune and not args.check:
            baseline_path(name).unlink()
            print(f"{name}: no such preset; baseline removed")
        else:
            print(f"{name}: no such preset; remove {baseline_path(name).name} "
                  "(or run with --prune)")
    if args.check:
        return 1 if changed or stale else 0
    if changed:
        print("Name the reason for each changed figure in the commit message "
              "(tests/baselines/README.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
