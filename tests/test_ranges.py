"""Ranges on the headline figures (issue 16): ``pingou run --seeds K`` and
``--assumptions wide``.

Each range is checked against a second computation: every seed run on its own with
``sim.run`` and the percentiles taken with numpy here; the drawn assumptions against the
Latin hypercube's defining property and the robustness ranges; the rank correlation against
scipy's. The files are the same whatever the number of workers, the CSV files are the first
seed's (those of the run without ``--seeds``), bad input and a run too large are one line and
exit 2, and Ctrl-C during the runs on Dask is exit 130 with no worker left and nothing written.
"""

from __future__ import annotations

import glob
import io
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

import sim
from conftest import pingou_cmd

SIZE = {"participants": 2_000, "days": 120}
ARGS = ["--participants", "2000", "--days", "120"]


def _main(argv, capsys):
    from sim.commands.cli import main

    code = main(argv)
    return code, capsys.readouterr().err


def _one_line(err: str) -> str:
    assert "Traceback" not in err, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    return err.strip()


@pytest.fixture(scope="module")
def fixed():
    """Seeds 5, 6, 7 with the scenario's own assumptions, one after the other."""
    from sim.experiments import ranges

    return ranges.run("quanmin-pingou", seeds=3, seed=5, workers=0, **SIZE)


@pytest.fixture(scope="module")
def wide():
    """Seeds 2 to 5, each with its own draw of the assumptions; trust_wait_loss held by --set."""
    from sim.experiments import ranges

    return ranges.run("quanmin-pingou", seeds=4, seed=2, assumptions="wide", workers=0,
                      overrides=["behaviour.trust_wait_loss=0.05"], **SIZE)


def test_each_range_is_the_percentiles_of_the_seeds_run_one_by_one(fixed):
    """The seeds are the run's seed and the two after it; every range is numpy's 5th, 50th
    and 95th percentile of the seeds' own figures; the bands are each day's."""
    runs = [sim.run("quanmin-pingou", seed=s, **SIZE) for s in (5, 6, 7)]
    got = fixed.summary["ranges"]
    assert fixed.summary["ranges_about"]["seeds"] == [5, 6, 7]
    assert fixed.summary["seed"] == 5
    for name, tolerance in (("share_losing_shop", 1e-6), ("share_losing_told", 1e-6),
                            ("lost_shop_fen", 0.5), ("operator_take_fen", 0.5),
                            ("participants", 0.5), ("growth_peak_day", 0.5)):
        values = np.array([r.summary[name] for r in runs], dtype=float)
        low, median, high = np.percentile(values, [5, 50, 95])
        assert got[name]["seeds"] == 3, name
        assert abs(got[name]["median"] - median) <= tolerance, (name, got[name], median)
        assert abs(got[name]["low"] - low) <= tolerance, (name, got[name], low)
        assert abs(got[name]["high"] - high) <= tolerance, (name, got[name], high)
    # a figure not every run may have: taken over those that have it
    days = [r.summary["collapse_day"] for r in runs if r.summary["collapse_day"] is not None]
    assert got["collapse_day"]["seeds"] == len(days)
    if days:
        assert abs(got["collapse_day"]["median"] - np.median(days)) <= 0.5
    # the median of those behind, a loss: stays negative fen in JSON
    losses = np.array([r.summary["median_net_shop_fen"] for r in runs], dtype=float)
    assert got["median_net_shop_fen"]["median"] < 0
    assert abs(got["median_net_shop_fen"]["median"] - np.median(losses)) <= 0.5
    # the bands: each day's percentiles over the seeds
    stack = np.vstack([r.daily["share_losing_shop"].to_numpy(dtype=float) for r in runs])
    band = fixed.ranges.bands["share_losing_shop"]
    assert np.allclose(band["low"], np.percentile(stack, 5, axis=0))
    assert np.allclose(band["high"], np.percentile(stack, 95, axis=0))
    # the first seed is the run itself: its tables are those of the run without --seeds
    assert fixed.daily.equals(runs[0].daily)
    assert fixed.participants.equals(runs[0].participants)


def test_wide_assumptions_are_a_latin_hypercube_of_the_robustness_ranges(wide):
    """One drawn point per seed over BEHAVIOUR_RANGES (less the assumption held by --set),
    each assumption's values one in each of the K equal slices of its range; each seed's
    figures are what sim.run gives with those values; the measure is Spearman's."""
    from scipy.stats import spearmanr

    from sim.experiments.robustness import BEHAVIOUR_RANGES

    about = wide.summary["ranges_about"]
    assert about["assumptions"] == "wide" and about["seeds"] == [2, 3, 4, 5]
    assert about["sampling"]["held_by_set"] == ["behaviour.trust_wait_loss"]
    drawn = [row["assumptions"] for row in about["by_seed"]]
    expected = {k: v for k, v in BEHAVIOUR_RANGES.items() if k != "behaviour.trust_wait_loss"}
    assert all(set(point) == set(expected) for point in drawn)
    for key, (lo, hi) in expected.items():
        values = np.array([point[key] for point in drawn])
        assert ((values >= lo) & (values <= hi)).all(), key
        slices = np.minimum(((values - lo) / (hi - lo) * 4).astype(int), 3)
        assert sorted(slices) == [0, 1, 2, 3], (key, values)
    # the second seed, run on its own with its drawn assumptions
    row = about["by_seed"][1]
    own = sim.run("quanmin-pingou", seed=row["seed"], overrides=[
        "behaviour.trust_wait_loss=0.05", *[f"{k}={v}" for k, v in row["assumptions"].items()]],
        **SIZE)
    assert own.summary["share_losing_shop"] == row["figures"]["share_losing_shop"]
    assert own.summary["lost_shop_fen"] == row["figures"]["lost_shop_fen"]
    # the run in detail keeps the scenario's own assumptions
    assert wide.scenario.behaviour.budget_median_yuan == sim.load(
        "quanmin-pingou").behaviour.budget_median_yuan
    # the measure: Spearman's rank correlation with the share behind, the largest named
    shares = [r["figures"]["share_losing_shop"] for r in about["by_seed"]]
    sens = about["sensitivity"]
    for key in expected:
        rho = spearmanr([p[key] for p in drawn], shares).statistic
        assert abs(sens["rho"][key] - rho) < 1e-6, key
    top = max(expected, key=lambda k: abs(sens["rho"][k]))
    assert abs(sens["rho"][sens["top"]]) == abs(sens["rho"][top])
    assert abs(sens["chance"] - 1.96 / np.sqrt(3)) < 1e-6


def test_the_wide_report_names_the_assumption_in_both_languages(wide):
    """The page names the assumption that moves the headline most, and says how rough the
    ranking is; the Chinese page has no English prose."""
    from sim.outputs import report
    from test_chinese import english_prose, words

    top = wide.summary["ranges_about"]["sensitivity"]["top"]
    en = report.render_report(wide, {}, "en")
    assert f"follows {top} most closely (Spearman" in en
    assert "the ranking is rough" in en and "could come from chance alone" in en
    assert "not one of the 4 runs with drawn assumptions" in en
    zh = report.render_report(wide, {}, "zh")
    assert f"与{top}关系最密切" in zh and "斯皮尔曼等级相关系数" in zh
    assert english_prose(words(zh)) == []


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """``pingou run --seeds 3`` at a small size, one after the other and on 2 Dask workers:
    every file's bytes."""
    from sim.commands.cli import main
    from test_reproducible import tree

    base = tmp_path_factory.mktemp("ranges")
    small = ["--participants", "600", "--days", "40", "--quiet", "--seed", "3", "--seeds", "3"]
    for name, workers in (("serial", "0"), ("dask", "2")):
        assert main(["run", *small, "--workers", workers, "--out", str(base / name)]) == 0
    return {name: tree(base / name) for name in ("serial", "dask")}


def test_the_same_command_writes_the_same_bytes_with_any_number_of_workers(written):
    """--workers 0 (one after the other) and 2 (a local Dask cluster): byte-identical files."""
    serial, dask = written["serial"], written["dask"]
    assert serial.keys() == dask.keys() and "report.html" in serial
    for name in serial:
        assert serial[name] == dask[name], f"{name} differs with 2 workers"


def test_the_report_gives_each_headline_figure_its_range(written):
    """summary.json carries the ranges in fen; the page says each in yuan with its range,
    how it is computed, over how many seeds, and that the CSV files are the first seed's."""
    from sim.outputs.i18n import money, pcts

    summary = json.loads(written["serial"]["summary.json"])
    page = written["serial"]["report.html"].decode()
    assert summary["seed"] == 3 and summary["ranges_about"]["seeds"] == [3, 4, 5]
    assert summary["ranges"]["share_losing_shop"]["seeds"] == 3
    assert isinstance(summary["ranges"]["lost_shop_fen"]["median"], int)
    shop = summary["ranges"]["share_losing_shop"]
    median, low, high = pcts(shop["median"], shop["low"], shop["high"])
    assert f"has a median of {median} (90% range {low} to {high})" in page
    lost = summary["ranges"]["lost_shop_fen"]
    assert f"{money(lost['median'])} in all (90% range {money(lost['low'])} to " in page
    assert "5th to its 95th percentile" in page and "not a confidence interval" in page
    assert "the CSV files (daily.csv, participants.csv, cohorts.csv, contacts.csv) are one run: seed 3" in page
    assert "Ranges over 3 runs" in page and "seeds 3 to 5" in page
    # the CSV files are those of the run without --seeds, byte for byte
    one = sim.run("quanmin-pingou", participants=600, days=40, seed=3)
    for name in ("daily", "participants"):
        buf = io.BytesIO()
        sim.api.write_csv(getattr(one, name), buf)
        assert written["serial"][f"{name}.csv"] == buf.getvalue(), name


@pytest.mark.parametrize("argv, words", [
    (["--seeds", "0"], "--seeds 0: must be >= 2"),
    (["--seeds", "1"], "--seeds 1: must be >= 2"),
    (["--seeds", "x"], "--seeds 'x': must be a whole number"),
    (["--seeds", "3", "--assumptions", "narrow"], "invalid choice: 'narrow'"),
    (["--assumptions", "wide"], "--assumptions wide: needs --seeds K"),
    (["--workers", "2"], "--workers 2: needs --seeds K"),
    (["--seeds", "3", "--seed", str(2**63 - 2)], "the last seed would be"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, argv, words):
    import sim.api

    monkeypatch.setattr(sim.api, "run", lambda *a, **k: pytest.fail("the run started"))
    code, err = _main(["run", *ARGS, *argv, "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and words in _one_line(err), err
    assert not (tmp_path / "out").exists()


def test_runs_that_do_not_fit_in_memory_side_by_side_are_refused(tmp_path, capsys, monkeypatch):
    """As the sweep: one worker per core unless fewer fit; asked for more than fit, or when
    not even one fits, one line naming the need and what is available, exit 2."""
    import sim.api
    from sim.commands.sweep import WORKER_MEMORY

    need = sim.api.memory_needed(sim.load("quanmin-pingou", participants=2000, days=120))
    room = (need.total + WORKER_MEMORY) * 2 + 1
    monkeypatch.setattr(sim.api, "memory_limits", lambda: [sim.api.MemoryLimit(room, "RAM")])
    monkeypatch.setattr(sim.api, "run", lambda *a, **k: pytest.fail("the run started"))
    code, err = _main(["run", *ARGS, "--seeds", "4", "--workers", "3", "--out",
                       str(tmp_path / "out")], capsys)
    line = _one_line(err)
    assert code == 2 and "3 at once" in line and "GiB" in line and "--workers" in line, line
    monkeypatch.setattr(sim.api, "memory_limits",
                        lambda: [sim.api.MemoryLimit(need.total // 2, "RAM")])
    code, err = _main(["run", *ARGS, "--seeds", "4", "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and "would fit" in _one_line(err), err
    assert not (tmp_path / "out").exists()


def _group(pgid: int) -> list[str]:
    out = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(stat)
    return out


def test_ctrl_c_during_the_runs_on_dask_leaves_no_worker_and_nothing_written(tmp_path):
    """Ctrl-C at the terminal (to the whole process group) once the workers run: exit 130,
    one line, every worker ended, no output folder."""
    out = tmp_path / "out"
    proc = subprocess.Popen(pingou_cmd("run", "--participants", "20000", "--seeds", "6",
                                       "--workers", "2", "--quiet", "--out", str(out)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    start = time.monotonic()
    while proc.poll() is None and time.monotonic() - start < 120:
        if len(_group(proc.pid)) >= 4:  # the command, the resource tracker and a worker...
            time.sleep(1.0)             # ...which has begun its run
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()[1].decode()
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    err = err.decode()
    deadline = time.monotonic() + 10
    while _group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.returncode == 130, err
    assert _one_line(err).startswith("pingou: interrupted (Ctrl-C)"), err
    assert _group(proc.pid) == [], "processes outlived the command"
    assert not out.exists()
