"""A sweep's report.html: its sentences say what the numbers say (a value is "lowest" only
beyond the spread of the runs, "about the same" otherwise; a trend only beyond chance), its
table holds the medians and percentiles worked out here with numpy, and the same table gives
the same bytes. On synthetic results tables, so no run is needed."""

from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.outputs import sweep_report as sr
from sim.outputs.i18n import money

DAYS = 150


def _table(groups: dict[str, dict[str, np.ndarray]]) -> tuple[pd.DataFrame, sr.Axis]:
    """A results table with one row per run: ``groups`` maps a value of the key ``k`` to its
    runs' columns."""
    frames = []
    for label, columns in groups.items():
        n = len(next(iter(columns.values())))
        frame = pd.DataFrame({"k": [label] * n, "days": DAYS, "population": 2000})
        for name, values in columns.items():
            frame[name] = values
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    for o in sr.OUTCOMES:  # the outcomes a test leaves out: the same in every run
        if o.column not in table:
            table[o.column] = 1000 if o.kind != "share" else 0.5
    return table, sr.Axis("k", "values", list(groups), table["k"].tolist())


def _noise(seed: int, n: int = 10) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, 0.01, n)


def _verdict(table: pd.DataFrame, column: str) -> tuple[str, list[str], list[str]]:
    """By numpy: the value with the lowest median, the values whose 5th percentile lies above
    its 95th (clearly higher), and the others (about the same)."""
    runs = {k: table.loc[table["k"] == k, column].to_numpy(float) for k in table["k"].unique()}
    best = min(runs, key=lambda k: np.median(runs[k]))
    top = np.percentile(runs[best], 95)
    clear = [k for k in runs if k != best and top < np.percentile(runs[k], 5)]
    same = [k for k in runs if k != best and k not in clear]
    return best, clear, same


def test_lowest_only_beyond_the_spread_and_about_the_same_within_it():
    table, axis = _table({"0": {"share_losing_shop": 0.60 + _noise(1)},
                          "60": {"share_losing_shop": 0.605 + _noise(2)},
                          "none": {"share_losing_shop": 0.90 + _noise(3)}})
    best, clear, same = _verdict(table, "share_losing_shop")
    assert clear == ["none"] and len(same) == 1  # as planted: 0 and 60 overlap
    line = sr.sentences(table, axis, seeds=10)[0]
    median = {k: np.median(table.loc[table["k"] == k, "share_losing_shop"]) for k in axis.labels}
    found = re.fullmatch(r"The median share of members behind a shop was lowest with k = (\S+) "
                         r"\(([\d.]+)%\), and higher with none \(([\d.]+)%\), beyond the "
                         r"5th-95th percentile ranges of the runs; with (\S+) \(([\d.]+)%\) it "
                         r"was about the same as with (\S+) \(the ranges overlap\)\.", line)
    assert found, line
    assert found[1] == found[6] == best and found[4] == same[0]
    # the shares as printed (two decimals: one would read 60.4% for both 0 and 60)
    for group, k in ((2, best), (3, "none"), (5, same[0])):
        assert float(found[group]) == pytest.approx(median[k] * 100, abs=0.005)


def test_lowest_against_every_other_value():
    table, axis = _table({"a": {"share_losing_shop": 0.30 + _noise(4)},
                          "b": {"share_losing_shop": 0.50 + _noise(5)},
                          "c": {"share_losing_shop": 0.70 + _noise(6)}})
    best, clear, same = _verdict(table, "share_losing_shop")
    assert (best, same) == ("a", [])
    line = sr.sentences(table, axis, seeds=10)[0]
    assert "was lowest with k = a" in line and "with every other value it was higher" in line
    assert "about the same" not in line


def test_about_the_same_when_every_range_overlaps():
    table, axis = _table({"0": {"lost_shop_fen": np.round(1e6 + 1e6 * _noise(7))},
                          "1": {"lost_shop_fen": np.round(1e6 + 1e6 * _noise(8))}})
    assert _verdict(table, "lost_shop_fen")[1] == []
    line = sr.sentences(table, axis, seeds=10)[1]
    assert line.startswith("The median amount lost by members behind a shop was about the "
                           "same whatever k")
    assert "smallest" not in line and "larger" not in line


def test_one_seed_says_no_value_is_lower():
    table, axis = _table({"0": {"share_losing_shop": np.array([0.2])},
                          "1": {"share_losing_shop": np.array([0.9])}})
    line = sr.sentences(table, axis, seeds=1)[0]
    assert "no seed-to-seed range" in line and "lowest" not in line


def test_no_exit_counts_as_later_than_any_day():
    # value a: every run exits on day 90 or 91; value b: 3 of 10 runs never exit
    table, axis = _table({"a": {"collapse_day": np.array([90.0, 91] * 5)},
                          "b": {"collapse_day": np.array([120.0] * 7 + [np.nan] * 3)},
                          "c": {"collapse_day": np.array([np.nan] * 10)}})
    rows = {r[0]: r for r in sr.rows(table, axis)}
    assert rows["a"][-1] == "10 of 10" and rows["b"][-1] == "7 of 10" and rows["c"][-1] == "0 of 10"
    # b: median 120; its 95th percentile reaches the runs without an exit
    assert rows["b"][4] == "day 120 (120 to no exit)"
    assert rows["c"][4] == f"no exit by day {DAYS}"
    line = sr.sentences(table, axis, seeds=10)[2]
    assert line.startswith("The median day of the operator's exit was earliest with k = a "
                           "(day 90.5)")


def test_table_cells_are_numpys_medians_and_percentiles():
    rng = np.random.default_rng(11)
    lost = {k: rng.integers(1_000_00, 9_000_000_00, 20) for k in ("x", "y")}
    table, axis = _table({k: {"lost_shop_fen": v} for k, v in lost.items()})
    rows = {r[0]: r for r in sr.rows(table, axis)}
    for k, v in lost.items():
        med, lo, hi = (round(float(np.percentile(v, q))) for q in (50, 5, 95))
        assert rows[k][3] == f"{money(med)} ({money(lo)} to {money(hi)})"
        assert rows[k][1] == "20"


def _ranged(y: np.ndarray, x: np.ndarray) -> tuple[pd.DataFrame, sr.Axis]:
    table = pd.DataFrame({"days": DAYS, "population": 2000, "share_losing_shop": y,
                          "lost_shop_fen": 1000, "collapse_day": 100.0,
                          "operator_take_fen": 5000})
    return table, sr.Axis("behaviour.trust_initial", "range", [], list(x))


@pytest.mark.parametrize("slope,says", [(0.5, "tends to be higher where"),
                                        (-0.5, "tends to be lower where"),
                                        (0.0, "shows no clear trend")])
def test_a_sampled_key_has_a_trend_only_beyond_chance(slope, says):
    rng = np.random.default_rng(3)
    x = rng.uniform(0.5, 1.0, 60)
    y = 0.5 + slope * x + rng.normal(0, 0.05, 60)
    rho = stats.spearmanr(x, y).statistic
    band = 1.96 / np.sqrt(60 - 1)
    assert (abs(rho) > band) == (slope != 0)  # the planted data are what the case says
    table, axis = _ranged(y, x)
    line = sr.sentences(table, axis, seeds=1)[0]
    assert says in line, line
    assert f"rank correlation {rho:+.2f} over 60 runs" in line
    assert f"\u00b1{band:.2f}" in line
    assert sr.sentences(table, axis, seeds=1)[1] == ("The amount lost by members behind a shop "
                                                     "was the same in every run: 10.00 yuan.")


def test_running_median_bins_of_equal_count():
    x = np.arange(40, dtype=float)[::-1]
    y = x * 2
    tx, ty = sr.running_median(x, y)
    assert len(tx) == 5  # 40 runs, 8 a bin at least
    assert tx.tolist() == [3.5, 11.5, 19.5, 27.5, 35.5] and ty.tolist() == [7, 23, 39, 55, 71]
    assert sr.running_median(x[:10], y[:10]) is None


def test_the_page_is_reproducible_and_embeds_one_png_per_key():
    table, axis = _table({"0": {"share_losing_shop": 0.6 + _noise(1)},
                          "none": {"share_losing_shop": 0.9 + _noise(2)}})
    rng = np.random.default_rng(5)
    table["x"] = rng.uniform(0, 1, len(table))
    ranged = sr.Axis("x", "range", [], table["x"].tolist())
    about = sr.About(scenario="quanmin-pingou", points=20, seeds=list(range(10)), sample=10,
                     method="lhs")
    page = sr.render(table, [axis, ranged], about)
    assert page == sr.render(table, [axis, ranged], about)  # same table, same bytes
    figures = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(figures) == 2
    for data in figures:
        png = base64.b64decode(data)
        assert png.startswith(b"\x89PNG") and b"Software" not in png
    assert not re.search(r"20\d\d-\d\d-\d\d", page)  # no date
    assert "<code>0</code>" in page and "<code>none</code>" in page
    assert "Latin hypercube" in page and "20 points x 10" in page
