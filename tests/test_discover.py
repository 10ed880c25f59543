"""``pingou discover``: PRIM finds a box planted in a synthetic sweep, its figures are direct
counts, the condition is read safely, and the command runs end to end on a small real sweep."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import pingou
from sim.commands import cli
from sim.experiments import discover as disc
from sim.experiments import sweep


def _write_sweep(folder, points, seeds, outcome):
    """A sweep folder as ``pingou sweep`` leaves it (sweep.json and results.csv only, so the
    levers' values come back as text and must be rebuilt from the points): one row per
    point and seed, ``outcome(point, seed)`` the summary columns of that run."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sweep.json").write_text(json.dumps({"meta": {"grid": [], "ranges": []},
                                                   "points": points, "seeds": seeds}))
    rows = [{"point": i, "seed": s, "run": f"r{i}-{s}", **p, **outcome(p, s)}
            for i, p in enumerate(points) for s in seeds]
    pd.DataFrame(rows).to_csv(folder / "results.csv", index=False)
    return folder


def _planted(p):
    return 0.2 <= p["x"] <= 0.5 and p["y"] >= 3


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """500 points x 2 seeds: x and z uniform, y whole 0..5, w whole 0..100, c in 0, 60, none;
    the scheme collapses before day 180 exactly where 0.2 <= x <= 0.5 and y >= 3 (and never
    collapses at all in a third of the other runs: a blank collapse_day)."""
    rng = np.random.default_rng(7)
    points = [{"x": round(float(rng.random()), 4), "y": int(rng.integers(0, 6)),
               "z": round(float(rng.random()), 4), "w": int(rng.integers(0, 101)),
               "c": [0, 60, "none"][int(rng.integers(0, 3))]} for _ in range(500)]

    def outcome(p, seed):
        noise = np.random.default_rng(hash((p["x"], seed)) % 2**32)
        if _planted(p):
            day = 100 + int(noise.integers(0, 60))
        else:
            day = None if noise.random() < 1 / 3 else 200 + int(noise.integers(0, 100))
        return {"collapse_day": day, "share_losing_shop": round(float(noise.random()), 4),
                "ending": "exit" if day is not None else "running"}

    return _write_sweep(tmp_path_factory.mktemp("planted"), points, [0, 1], outcome)


def test_the_planted_box_is_found_with_its_bounds(planted):
    table, levers = disc.load_sweep(planted)
    assert [lv.name for lv in levers] == ["x", "y", "z", "w", "c"]  # not seed, not point
    assert {lv.name: lv.kind for lv in levers}["c"] == "values"
    found = disc.discover(table, "collapse_day < 180", levers)
    truth = table.apply(lambda r: _planted(r), axis=1)
    assert found.holds == int(truth.sum()) and found.runs == 1000
    box = found.boxes[0]
    limits = {r.lever.name: r for r in box.restrictions}
    assert set(limits) == {"x", "y"}  # the noise levers are left free
    assert limits["x"].low == pytest.approx(0.2, abs=0.03)
    assert limits["x"].high == pytest.approx(0.5, abs=0.03)
    assert limits["y"].low == 3 and limits["y"].high is None
    # the figures are direct counts on the table with the bounds as printed
    inside = ((table["x"] >= limits["x"].low) & (table["x"] <= limits["x"].high)
              & (table["y"] >= 3))
    holds = table["collapse_day"] < 180
    assert box.runs == int(inside.sum())
    assert box.holds == int((inside & holds).sum())
    assert box.density == pytest.approx((inside & holds).sum() / inside.sum())
    assert box.coverage == pytest.approx((inside & holds).sum() / holds.sum())
    assert box.density >= 0.95 and box.coverage >= 0.9
    # and the sentence says the same
    text = found.reading()
    assert f"collapse_day < 180 holds in {found.holds} of 1,000 runs" in text
    assert f"Box 1: {limits['x'].low:g} <= x <= {limits['x'].high:g} and y >= 3: " \
           f"{box.runs} runs" in text
    assert "collapse_day is blank in" in text  # the runs that never collapsed


def test_a_box_on_a_lever_with_words_keeps_a_set_of_values(planted):
    table, levers = disc.load_sweep(planted)
    # the levers come back from sweep.json as swept: 0 and 60 numbers, none a word
    assert set(table["c"].map(repr)) == {"0", "60", "'none'"}
    where = "c in [0, 'none'] and x <= 0.4"
    found = disc.discover(table, where, levers)
    box = found.boxes[0]
    limits = {r.lever.name: r for r in box.restrictions}
    assert set(limits) == {"c", "x"}
    assert limits["c"].values == [0, "none"]
    assert limits["x"].high == pytest.approx(0.4, abs=0.03) and limits["x"].low is None
    assert "c is 0 or none" in found.reading()
    # the rule written to the CSV is itself a condition that selects the box's runs
    rule = disc.condition(table, box.expression())
    assert int(rule.sum()) == box.runs
    assert int((rule & disc.condition(table, where)).sum()) == box.holds


def test_none_read_back_as_missing_is_the_value_none(planted):
    """A results table as pandas reads a sweep's Parquet (``none`` missing in a nullable
    integer column) or CSV (an empty cell: NaN): discover takes the missing value as the
    lever's value ``none``, the same box as on the table with the word."""
    table, levers = disc.load_sweep(planted)
    where = "c in [0, 'none'] and x <= 0.4"
    words = disc.discover(table, where, levers).boxes[0]
    for missing in (pd.NA, np.nan):
        raw = table.copy()
        c = [missing if v == "none" else v for v in table["c"]]
        raw["c"] = pd.array(c, dtype="Int64") if missing is pd.NA else np.array(c, dtype=float)
        box = disc.discover(raw, where, levers).boxes[0]
        limits = {r.lever.name: r for r in box.restrictions}
        assert (box.runs, box.holds) == (words.runs, words.holds)
        assert [disc._word(v) for v in limits["c"].values] == ["0", "none"]


def test_the_csv_holds_each_box(planted, tmp_path):
    table, levers = disc.load_sweep(planted)
    found = disc.discover(table, "collapse_day < 180", levers)
    path = disc.write_csv(found, tmp_path / "out" / "boxes.csv")
    written = pd.read_csv(path)
    assert list(written["box"]) == [b.number for b in found.boxes]
    first = written.iloc[0]
    assert first["runs"] == found.boxes[0].runs and first["holds"] == found.boxes[0].holds
    assert first["x_min"] == pytest.approx(found.boxes[0].restrictions[0].low)
    assert first["y_min"] == 3 and pd.isna(first["y_max"]) and pd.isna(first["z_min"])
    assert pd.isna(first["c_values"])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".pingou-manifest",
                                                                    "boxes.csv"]


def test_nothing_to_find_is_said_in_words(planted, tmp_path):
    table, levers = disc.load_sweep(planted)
    assert "holds in every run" in disc.discover(table, "x >= 0", levers).reading()
    assert "holds in no run" in disc.discover(table, "x < 0", levers).reading()
    seeds_only = _write_sweep(tmp_path / "seeds", [{}], [0, 1, 2],
                              lambda p, s: {"collapse_day": 90 + s})
    found = disc.discover_sweep(seeds_only, "collapse_day < 91")
    assert found.holds == 1 and found.boxes == []
    assert "varied no lever" in found.reading()


# ----------------------------------------------------------------------------------------
# The condition
# ----------------------------------------------------------------------------------------


@pytest.fixture
def small_table():
    return pd.DataFrame({"point": [0, 1, 2, 3], "seed": 0,
                         "policy.reserve_day": pd.Series([0, 60, "none", 60], dtype=object),
                         "collapse_day": [90.0, None, 150.0, 200.0],
                         "ending": ["exit", "running", "exit", "exit"],
                         "share_losing_shop": [0.95, 0.5, 0.92, 0.99]})


@pytest.mark.parametrize("where, expected", [
    ("collapse_day < 180", [True, False, True, False]),
    ("not collapse_day < 180", [False, True, False, True]),
    ("share_losing_shop > 0.9 and ending == 'exit'", [True, False, True, True]),
    ("policy.reserve_day == 'none' or policy.reserve_day == 0", [True, False, True, False]),
    ("`policy.reserve_day` in [0, 'none']", [True, False, True, False]),
    ("policy.reserve_day not in [60]", [True, False, True, False]),
    ("collapse_day - 100 >= 50 | (share_losing_shop < 0.6)", [False, True, True, True]),
    ("0.9 < share_losing_shop <= 0.95", [True, False, True, False]),
])
def test_conditions_are_worked_out_on_the_columns(small_table, where, expected):
    assert list(disc.condition(small_table, where)) == expected


@pytest.mark.parametrize("where, says", [
    ("colapse_day < 180", "unknown column 'colapse_day' (did you mean collapse_day"),
    ("collapse_day = 180", "write == to test equality"),
    ("collapse_day <", "not a condition"),
    ("", "is empty"),
    ("collapse_day", "not true or false"),
    ("1 < 2", "names no column"),
    ("policy.reserve_day > 30", "holds words as well as numbers"),
    ("ending == none", "a word is written in quotes"),
    ("collapse_day is None", "'is' is not allowed"),
    ("__import__('os').system('touch PWNED')", "a function call is not allowed"),
    ("ending.str.len() > 2", "a function call is not allowed"),
    ("().__class__.__bases__", "an attribute is not allowed"),
    ("ending[0] == 'e'", "a subscript is not allowed"),
    ("@collapse_day > 1", "not a condition"),
    ("[x for x in ending]", "a comprehension is not allowed"),
    ("`policy.reserve_day > 1", "a backtick is not closed"),
])
def test_a_bad_condition_is_one_line_naming_the_flag_the_value_and_the_columns(
        small_table, where, says, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(disc.DiscoverError) as caught:
        disc.condition(small_table, where)
    text = str(caught.value)
    assert "\n" not in text and says in text
    assert text.startswith(f"--where {where!r}: ")
    if says not in ("not true or false", "names no column"):
        assert "columns: point, seed, policy.reserve_day, collapse_day" in text
    assert not (tmp_path / "PWNED").exists()


# ----------------------------------------------------------------------------------------
# The command, end to end on a small real sweep
# ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_sweep(tmp_path_factory):
    """An audit before the exit (day 30) or after the run (day 150), with two reserve ratios:
    2 x 2 points x 2 seeds of 400 people over 120 days."""
    out = tmp_path_factory.mktemp("real")
    spec = sweep.build_spec("quanmin-pingou", grid=["policy.audit_day=30,150",
                                                    "policy.reserve_ratio=0.2,0.8"],
                            # an exit within the 120 days: the outside stall, one signal
                            base_overrides=["policy.reserve_day=0", "recruitment.stall_day=60",
                                            'behaviour.newcomers_watched="everyone"'], seeds=2,
                            participants=400, days=120)
    sweep.run_sweep(spec, out, workers=0, progress=False)
    return out


def test_discover_on_a_real_sweep(real_sweep, tmp_path, capsys):
    assert cli.main(["discover", str(real_sweep), "--where", "ending == 'exit'",
                     "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr()
    table = pd.read_csv(real_sweep / "results.csv")
    exits = table["ending"] == "exit"
    assert 0 < exits.sum() < len(table)  # the audit stops the exit in some runs
    lines = printed.out.splitlines()
    assert lines[0] == (f"ending == 'exit' holds in {exits.sum()} of {len(table)} runs "
                        f"({exits.mean():.0%}).")
    assert "policy.audit_day (30 to 150); policy.reserve_ratio (0.2 to 0.8)" in lines[1]
    boxes = pd.read_csv(tmp_path / "discover.csv")
    first = boxes.iloc[0]
    assert first["rule"] == "policy.audit_day >= 150"
    inside = table["policy.audit_day"] >= 150
    assert first["runs"] == inside.sum() and first["holds"] == (inside & exits).sum()
    assert first["coverage"] == pytest.approx((inside & exits).sum() / exits.sum())
    assert (f"Box 1: policy.audit_day >= 150: {inside.sum()} runs, "
            f"{(inside & exits).sum() / inside.sum():.0%} of them hold (density)") in printed.out
    assert "discover.csv" in printed.err
    # by default the boxes go beside the results
    assert cli.main(["discover", str(real_sweep), "--where", "ending == 'exit'"]) == 0
    assert (real_sweep / "discover.csv").read_text() == (tmp_path / "discover.csv").read_text()


def test_bad_where_on_the_command_line(real_sweep, capsys):
    assert cli.main(["discover", str(real_sweep), "--where", "colapse_day < 180"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("pingou discover: error: --where 'colapse_day < 180': unknown column")
    assert "columns: point, seed, run, policy.audit_day, policy.reserve_ratio" in err
    assert "collapse_day" in err and "Traceback" not in err


def test_not_a_sweep_is_one_line_exit_2(tmp_path, capsys):
    for folder, says in ((tmp_path / "absent", "no such folder"),
                         (tmp_path, "not a sweep folder (it has no sweep.json)")):
        assert cli.main(["discover", str(folder), "--where", "collapse_day < 180"]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and f"SWEEP_DIR {str(folder)!r}: {says}" in err
    (tmp_path / "sweep.json").write_text(json.dumps({"points": [{}], "seeds": [0]}))
    assert cli.main(["discover", str(tmp_path), "--where", "collapse_day < 180"]) == 2
    assert "the sweep has not finished" in capsys.readouterr().err


def test_the_pingou_command_refuses_a_bad_where_in_one_line(real_sweep):
    done = pingou("discover", str(real_sweep), "--where", "share_losing_shop >> 'x'")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "--where \"share_losing_shop >> 'x'\"" in done.stderr
    assert "columns: point, seed" in done.stderr and done.stdout == ""
