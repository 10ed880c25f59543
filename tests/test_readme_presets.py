"""README's "What each preset shows" is the presets' own runs (issue 14).

* the section between its markers is exactly what ``docs/preset_table.py`` writes from fresh
  runs of every preset at the baselines' settings;
* the figures printed in its table are recomputed here a second, simpler way, from the
  participants table of each run (pandas on the CSV columns), and must agree to the printed
  precision; the four groups are checked against ``summary.json``'s own groups;
* every comparative sentence follows its figures: built on made-up rows where the comparison
  goes one way, then the other;
* the third table (how long each preset lasted: growth peak, collapse, the largest cash
  promise per 100 yuan paid in) is recomputed from each run's daily table, participants table
  and the ledger's flows in ``summary.json``, the rules' flows named here by hand.

All presets together take about 10-20 s.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load():
    spec = importlib.util.spec_from_file_location("preset_table", ROOT / "docs" / "preset_table.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


table = _load()


@pytest.fixture(scope="module")
def done():
    return table.results()


@pytest.fixture(scope="module")
def rows(done):
    return table.runs(done)


def readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split(table.START, 1)[1].split(table.END, 1)[0].strip()


# ---------------------------------------------------------------------------------------
# README holds exactly what the runs say
# ---------------------------------------------------------------------------------------


def test_readme_preset_section_is_the_runs_own(rows):
    assert readme_section() == table.section(rows), (
        "README.md's preset section is not what the runs say: "
        "run `python docs/preset_table.py --write`")


def test_every_preset_has_its_row_and_the_settings_are_the_baselines(done):
    baselines = table.BASELINES
    assert list(done) == baselines.preset_names()
    assert table.PARTICIPANTS == 20_000 and table.SEED == 1
    for preset, result in done.items():
        sc = result.scenario
        assert (sc.run.participants, sc.run.days, sc.run.seed) == (
            20_000, baselines.sim.load(preset).run.days, 1)
    lines = [line for line in readme_section().splitlines() if line.startswith("| `")]
    named = [line.split("|")[1].strip().strip("`") for line in lines]
    assert named == list(done) * 3  # once in each table


def test_readme_says_which_command_makes_the_section():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    before = readme.split(table.START, 1)[0]
    assert re.sub(r"\s+", " ", table.COMMAND) in re.sub(r"\s+", " ", before.rsplit("## ", 1)[1])


# ---------------------------------------------------------------------------------------
# The table's figures, worked out a second way from participants.csv's columns
# ---------------------------------------------------------------------------------------


def _cells(preset: str, which: int = 0) -> list[str]:
    lines = [line for line in readme_section().splitlines() if line.startswith(f"| `{preset}` |")]
    return [c.strip() for c in lines[which].strip("|").split("|")]


def _percent(text: str) -> tuple[float, int]:
    """'96.8%' -> (0.968, 1): the share and its decimals."""
    number = text.rstrip("%")
    return float(number) / 100, len(number.split(".")[1]) if "." in number else 0


def _yuan_fen(text: str) -> int:
    return int(round(float(text.replace("−", "-").replace(",", "")) * 100))


def _close(text: str, share: float) -> bool:
    shown, digits = _percent(text)
    return abs(shown - share) <= 0.5 * 10 ** -(digits + 2) + 1e-12


def test_table_figures_recomputed_from_the_participants(done):
    for preset, result in done.items():
        p = result.participants
        cells = _cells(preset)
        assert int(cells[1].replace(",", "")) == len(p)
        net = {"shop": p["net_shop_fen"], "told": p["net_told_fen"], "cash": p["net_cash_fen"]}
        digits = set()
        for cell, measure in zip(cells[2:5], ("shop", "told", "cash")):
            assert _close(cell, float((net[measure] < 0).mean())), (preset, measure, cell)
            digits.add(_percent(cell)[1])
        assert len(digits) == 1, f"{preset}: the shares of a row have different decimals"
        behind = p.loc[p["net_shop_fen"] < 0, "net_shop_fen"]
        median = int(round(float(behind.median()))) if len(behind) else 0
        assert _yuan_fen(cells[5]) == median
        assert _yuan_fen(cells[6]) == -int(behind.sum())


def _groups_by_hand(p) -> dict:
    """The four groups, from join order and the size of the downline (README's definition)."""
    n = len(p)
    ranked = p.sort_values("id").reset_index(drop=True)
    first = ranked.iloc[: -(-n // 10)]        # the first tenth, rounded up
    later = ranked.iloc[n // 2:]
    return {"first tenth": first, "later half": later,
            "uplines 10+": p[p["downline_size"] >= 10], "no downline": p[p["downline_size"] == 0]}


def test_group_that_lost_most_recomputed(done):
    for preset, result in done.items():
        groups = {k: g for k, g in _groups_by_hand(result.participants).items() if len(g)}
        share = {k: float((g["net_shop_fen"] < 0).mean()) for k, g in groups.items()}
        median = {k: float(g["net_shop_fen"].median()) for k, g in groups.items()}
        cell = _cells(preset)[8]
        if max(share.values()) == 0:
            assert cell == "none: nobody is behind"
            continue
        top = max(share.values())
        tied = [k for k in groups if share[k] == top]
        deepest = min(median[k] for k in tied)
        winners = [k for k in tied if median[k] == deepest]
        named = cell.split(" (")[0]
        assert named == table.listing(winners), (preset, cell)
        assert _close(cell.split("(")[1].split(" behind")[0], top)


def test_groups_agree_with_the_summary(done):
    """The script's groups are who_lost's: the same shares behind a shop."""
    keys = {"first tenth": "first_tenth", "later half": "last_half", "uplines 10+": "uplines_10plus",
            "no downline": "no_downline"}
    for preset, result in done.items():
        row = table.row_of(preset, result)
        for name, key in keys.items():
            g, s = row.groups[name], result.summary[key]
            assert g.members == s["members"], (preset, name)
            assert round(g.behind, 6) == s["share_losing_shop"], (preset, name)
            assert g.median == s["median_net_shop_all_fen"], (preset, name)


def test_break_even_prices_recomputed(done):
    """At each printed break-even price at least half the members are not behind a shop, and
    one fen less leaves fewer than half: worked out member by member in integer fen, with the
    goods' market value swapped for their cost times (price / product cost)."""
    for preset, result in done.items():
        p, be = result.participants, result.summary["break_even"]
        cell = _cells(preset)[7]
        if be["market_per_cost"] is None:
            assert cell.startswith("none")
            continue
        need = -(-len(p) // 2)
        rest = (p["net_shop_fen"] - p["goods_market_fen"]).to_numpy(np.int64)  # cash, walk-away
        cost = p["goods_cost_fen"].to_numpy(np.int64)
        for product in be["products"]:
            price, goods = product["break_even_fen"], product["cost_fen"]
            assert f"{product['name']}: {table.yuan(price)} (sticker {table.yuan(product['sticker_fen'])}" in cell
            assert np.count_nonzero(rest * goods + cost * price >= 0) >= need, (preset, product)
            if price > 0:
                assert np.count_nonzero(rest * goods + cost * (price - 1) >= 0) < need, (preset, product)


def test_ahead_table_recomputed(done):
    for preset, result in done.items():
        p = result.participants
        cells = _cells(preset, which=1)
        assert _yuan_fen(cells[1]) == int(p["commissions_fen"].sum())
        assert _close(cells[2], float((p["net_shop_fen"] > 0).mean()))
        for cell, (name, g) in zip(cells[3:], _groups_by_hand(p).items()):
            if len(g):
                assert _close(cell, float((g["net_shop_fen"] > 0).mean())), (preset, name)
            else:
                assert cell == "(nobody)"


from conftest import CREDIT_COLUMNS, NOT_PROMISES  # noqa: E402


def _lasted_cells(rows, preset: str) -> list[str]:
    """A preset's row of the third table, as ``--write`` puts it into README.md (the first
    test holds README.md to exactly that)."""
    lines = [line for line in table.section(rows).splitlines()
             if line.startswith(f"| `{preset}` |")]
    return [c.strip() for c in lines[2].strip("|").split("|")]


def test_lasted_table_recomputed_from_the_runs_files(done, rows):
    by_preset = {row.preset: row for row in rows}
    for preset, result in done.items():
        d, p = result.daily, result.participants
        lasted = json.loads(json.dumps(result.summary))["lasted"]  # as summary.json holds it
        row = by_preset[preset]
        cells = _lasted_cells(rows, preset)
        # growth peak: the first day after day 0 with the most newcomers (daily.csv)
        new = d["new_members"].to_numpy()[1:]
        peak = (None if not new.size or new.max() <= 0
                else 1 + int(np.flatnonzero(new == new.max())[0]))
        assert cells[1] == ("none" if peak is None else table.day_text(row, peak)), preset
        # collapse: the first day daily.csv marks as collapsed
        collapsed = d.loc[d["collapsed"] == 1, "day"]
        exit_day = int(collapsed.iloc[0]) if len(collapsed) else None
        assert cells[2] == ("none" if exit_day is None else table.day_text(row, exit_day)), preset
        # the largest cash promise: summary.json's flows, which add up to the members' tallies
        credited = lasted["credited_fen"]
        assert set(credited) <= {f for fl in CREDIT_COLUMNS.values() for f in fl} | set(NOT_PROMISES)
        for column, flows in CREDIT_COLUMNS.items():
            assert sum(credited.get(f, 0) for f in flows) == int(p[column].sum()), (preset, column)
        paid_in = int(p["paid_in_fen"].sum())
        promises = {f: fen for f, fen in credited.items() if f not in NOT_PROMISES and fen > 0}
        if not promises:
            assert cells[3] == "none: no cash promised beyond the goods", preset
            continue
        top = max(promises.values())
        named = [f for f in promises if promises[f] == top]
        per_100 = math.floor(Fraction(top * 10_000, paid_in) + Fraction(1, 2))
        names, amount = cells[3].rsplit(": ", 1)
        assert names == table.listing([table.rule_name(f) for f in sorted(
            named, key=list(credited).index)]), preset
        assert _yuan_fen(amount.removesuffix(" each")) == per_100, preset


def test_fair_shop_is_said_to_lose_nothing():
    cells = _cells("fair-shop")
    assert cells[2] == "0.0%" and _yuan_fen(cells[5]) == 0 and _yuan_fen(cells[6]) == 0
    assert cells[8] == "none: nobody is behind"
    bullets = readme_section().split("\n- ")[1:]
    said = [line for line in bullets if "`fair-shop`" in line]
    assert any(line.startswith("`fair-shop`: every member nets exactly 0 against a shop, so "
                               "nobody is behind one") for line in said)
    assert not any(word in line for line in said for word in ("lost", "lose", "loser"))


def test_ending_cell_in_calendar_days_for_quarter_day_steps(done):
    result = done["classic-ponzi"]
    s = result.summary
    assert s["ending"] == "exit"
    assert _cells("classic-ponzi")[9] == (
        f"exit on step {s['collapse_day']:,} (calendar day {s['collapse_day'] / 4:,.2f})")


# ---------------------------------------------------------------------------------------
# Each comparative sentence goes the way its figures go
# ---------------------------------------------------------------------------------------


def row(preset="x", *, shop=0.9, told=0.0, cash=0.95, n=1000, ahead=10, commissions=1,
        early=(0.5, 0.1, -100), late=(0.9, 0.01, -300), up=(0.4, 0.3, 50), none=(0.95, 0.01, -350),
        all_zero=False):
    """A made-up row: each group is (share behind, share ahead, median fen)."""
    groups = {name: table.Group(name, 100, *values) for name, values in
              zip(table.GROUPS, (early, late, up, none))}
    summary = {"share_losing_shop": shop, "share_losing_told": told, "share_losing_cash": cash,
               "participants": n, "median_net_shop_fen": -100, "lost_shop_fen": 100,
               "ending": "exit", "collapse_day": 9, "activity_end_day": 8, "days": 10,
               "break_even": {"market_per_cost": 2.0, "assumed_market_per_cost": 1.25}}
    return table.Row(preset, summary, groups, commissions, all_zero, ahead, table.Fraction(1))


def joined(rows) -> str:
    return " ".join(table.sentences(rows))


def test_recruiters_sentence_follows_the_figures():
    assert "ten or more below them came out ahead of a shop more often" in joined(
        [row(up=(0.4, 0.30, 50), none=(0.9, 0.01, -300))])
    text = joined([row(up=(0.9, 0.01, -300), none=(0.4, 0.30, 50))])
    assert "ten or more below them came out ahead of a shop less often in `x` (1.0% against 30.0%)" in text
    assert "about as often" in joined([row(up=(0.9, 0.031, -300), none=(0.9, 0.030, -300))])


def test_early_late_sentence_follows_the_figures():
    assert "first tenth to join fared better than the later half's in `x` (−1.00 against −3.00" in joined(
        [row(early=(0.5, 0.1, -100), late=(0.9, 0.0, -300))])
    assert "first tenth to join fared worse in `x` (−3.00 against −1.00" in joined(
        [row(early=(0.9, 0.0, -300), late=(0.5, 0.1, -100))])
    assert "fared the same in `x`" in joined([row(early=(0.9, 0.0, -300), late=(0.5, 0.1, -300))])


def test_cash_against_shop_sentence_follows_the_figures():
    assert "more members are behind in cash than against a shop in `x` (99.0% against 80.0%)" in joined(
        [row(cash=0.99, shop=0.8)])
    assert "fewer in `x` (60.0% against 80.0%)" in joined([row(cash=0.6, shop=0.8)])


def test_told_sentence_follows_the_figures():
    assert "nobody is behind at the end in any preset" in joined([row(told=0.0)])
    text = joined([row("a", told=0.0), row("b", told=0.25)])
    assert "nobody is behind at the end in `a`" in text
    assert "some members are behind at the end in `b` (25.0%)" in text
    assert "any preset" not in text


def test_control_and_unpaid_sentences():
    control = row("shop", shop=0.0, cash=1.0, ahead=0, commissions=0, all_zero=True,
                  early=(0, 0, 0), late=(0, 0, 0), up=(0, 0, 0), none=(0, 0, 0))
    text = joined([control, row("a", commissions=0, ahead=24), row("b", commissions=0, ahead=0)])
    assert "`shop`: every member nets exactly 0 against a shop" in text
    assert "`a` and `b` pay no commissions at all" in text
    assert "in `a` 24 of 1,000 members still came out ahead" in text
    assert "in `b` nobody came out ahead" in text
    assert "`shop` pay" not in text  # the control is not counted among the schemes


def test_break_even_sentence_follows_the_figures():
    def be(found):
        r = row()
        r.summary["break_even"] = {"market_per_cost": found, "assumed_market_per_cost": 1.25}
        return r
    other = row("y")
    other.summary["break_even"] = {"market_per_cost": None, "assumed_market_per_cost": 1.25}
    assert "worth (in times their cost) more than the shop price the model assumes in `x` (2.33 against 1.25)" in " ".join(
        table.sentence_break_even([be(2.331762), other]))
    assert "worth (in times their cost) less in `x` (1.10 against 1.25)" in " ".join(
        table.sentence_break_even([be(1.1)]))
    assert "exactly that price in `x`" in " ".join(table.sentence_break_even([be(1.25)]))
    assert "No shop price would do in `y`" in " ".join(table.sentence_break_even([be(1.25), other]))


def test_lost_most_rule():
    r = row(early=(0.9, 0, -100), late=(0.9, 0, -300), up=(0.5, 0, -900), none=(0.8, 0, -400))
    assert [g.name for g in table.lost_most(r)] == ["later half"]  # tie on share: deeper median
    r = row(early=(0.95, 0, -100), late=(0.9, 0, -300), up=(0.5, 0, -900), none=(0.8, 0, -400))
    assert [g.name for g in table.lost_most(r)] == ["first tenth"]  # the share comes first
    r = row(early=(0, 0, 0), late=(0, 0, 0), up=(0, 0, 0), none=(0, 0, 0))
    assert table.lost_most(r) == [] and table.lost_most_cell(r) == "none: nobody is behind"


@pytest.mark.parametrize("values,expected", [
    ((0.997, 0.999, 0.99, 0.0), ["99.7%", "99.9%", "99.0%", "0.0%"]),
    ((0.9997, 1.0), ["99.97%", "100.00%"]),
    ((0.0024, 0.0025), ["0.24%", "0.25%"]),
    ((0.96, 0.961), ["96.0%", "96.1%"]),
])
def test_shares_share_decimals_and_never_round_a_part_to_all(values, expected):
    assert table.shares(values) == expected
    assert np.all([v == 0 or v == 1 or s not in ("0.0%", "100.0%")
                   for v, s in zip(values, table.shares(values))])


# ---------------------------------------------------------------------------------------
# The default-run section's own comparisons (docs/readme_figures.py) go the way of the figures
# ---------------------------------------------------------------------------------------


def _stall_result(found, behind_told=0):
    class Result:
        summary = {
            "at_stall": {"day": 60, "kind": "outside", "members": 100, "behind_told": behind_told,
                         "behind_shop": 80, "behind_shop_at_end": 95, "told_balances_fen": 10**8,
                         "walk_away_fen": 0, "told_balances_end_fen": 2 * 10**8,
                         "walk_away_end_fen": 0},
            "break_even": {"market_per_cost": found, "assumed_market_per_cost": 1.25, "reason": None,
                           "products": [{"name": "100 yuan draw", "sticker_fen": 10_000,
                                         "cost_fen": 3_000, "market_fen": 3_750,
                                         "break_even_fen": int(found * 3_000)}]},
        }
    return Result()


def test_default_run_sentences_follow_the_figures():
    figures = table.FIGURES
    assert "more than the 1.25 times the model assumes" in figures.stall_paragraph(_stall_result(2.33))
    assert "less than the 1.25 times the model assumes" in figures.stall_paragraph(_stall_result(1.1))
    assert "exactly the 1.25 times the model assumes" in figures.stall_paragraph(_stall_result(1.25))
    assert "nobody was behind as the scheme tells it" in figures.stall_paragraph(_stall_result(2.0))
    assert "7 were behind as the scheme tells it" in figures.stall_paragraph(_stall_result(2.0, 7))
    assert figures.shares(0.967897, 0.0, 0.995575) == ["96.8%", "0.0%", "99.6%"]
