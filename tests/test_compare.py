"""Counterfactuals with common random numbers."""

import contextlib
import io
import json
import math
import re

import numpy as np
import pandas as pd
import pytest

import sim
from sim.experiments.compare import LEAD, METRICS, compare, notes, sentences, summarise

SHOP = ("share_losing_shop", "share_losing_told", "last_half_share_losing_shop",
        "median_net_shop_fen", "lost_shop_fen")


def test_runs_are_identical_until_the_lever_acts():
    result = compare("quanmin-pingou", policy_set=["policy.crackdown_day=30"], seeds=3,
                     participants=1500, days=90)
    assert (result.diverged == 30).all()  # the crackdown changes nothing before day 30
    by_arm = result.runs.groupby("arm")["participants"].mean()
    assert by_arm["policy"] < by_arm["base"]


def test_a_lever_that_never_starts_changes_nothing():
    result = compare("quanmin-pingou", policy_set=["policy.crackdown_day=500"], seeds=2,
                     participants=800, days=80)
    assert result.diverged.isna().all()
    assert (result.table["difference"] == 0).all()
    # 80 days is before any exit of this scheme: a run that never collapsed counts as its last
    # day, and the table and the note under it say in how many runs that was
    runs = result.runs
    assert (runs["collapsed"] == 0).all() and (runs["collapse_day"] == 80).all()
    row = result.table.set_index("metric").loc["collapse_day"]
    assert (row["base_censored"], row["policy_censored"]) == (2, 2)
    note = [line for line in notes(result) if line.startswith("* day payouts were frozen")]
    assert len(note) == 1 and "in 2 of 2 base runs and 2 of 2 policy runs" in note[0]
    assert "(day 80)" in note[0] and "lower bounds" in note[0]
    said = " ".join(sentences(result.table, "x"))
    assert "about as many people lost money" in said and "fewer" not in said


def test_confidence_interval_is_the_paired_t_interval():
    # differences 1, 2, 3, 6: mean 3, sd sqrt(14/3), t(0.975, 3) = 3.182446305
    base = [10, 20, 30, 40]
    pol = [11, 22, 33, 46]
    rows = []
    for seed, (b, p) in enumerate(zip(base, pol)):
        rows.append({"seed": seed, "arm": "base", **{m: b for m in METRICS}})
        rows.append({"seed": seed, "arm": "policy", **{m: p for m in METRICS}})
    table = summarise(pd.DataFrame(rows)).set_index("metric")
    half = 3.182446305 * np.sqrt(14 / 3) / 2
    for metric in ("share_losing_cash", "people_losing_shop"):
        row = table.loc[metric]
        assert row["difference"] == 3
        assert np.isclose(row["ci95_low"], 3 - half) and np.isclose(row["ci95_high"], 3 + half)
    row = table.loc["gained_shop_fen"]  # money rows also in yuan
    assert row["difference_yuan"] == 0.03 and row["base_mean_yuan"] == 0.25
    assert np.isclose(row["ci95_low_yuan"], round((3 - half) / 100, 2))
    assert set(table.index) == set(METRICS)  # every metric a row, once


def _shop_figures(parts) -> dict:
    """The shop measure worked out from participants.csv's columns alone: each member's
    net_shop is net cash + goods at market price + walk-away value; the later half are the
    members who joined after the first half (by id, the order of joining)."""
    shop = (parts["net_cash_fen"] + parts["goods_market_fen"] + parts["walk_away_fen"]).to_numpy()
    assert (shop == parts["net_shop_fen"].to_numpy()).all()
    told = parts["net_told_fen"].to_numpy()
    later = parts["id"].to_numpy() >= len(parts) // 2
    behind = shop[shop < 0]
    return {"share_losing_shop": (shop < 0).sum() / len(shop),
            "share_losing_told": (told < 0).sum() / len(told),
            "last_half_share_losing_shop": (shop[later] < 0).sum() / later.sum(),
            # rounded to the nearest fen, as summary.json gives every median
            "median_net_shop_fen": int(round(float(np.median(behind)))) if behind.size else 0,
            "lost_shop_fen": -int(behind.sum()),
            "people_losing_shop": int((shop < 0).sum()),
            "people_gaining_shop": int((shop > 0).sum()),
            "gained_shop_fen": int(shop[shop > 0].sum()),
            "participants": len(shop)}


# -- the crackdown, by the command and by hand ---------------------------------------------------

SEEDS, SIZE = (0, 1, 2), dict(participants=2500, days=150)
LEVER = "policy.crackdown_day=30"
ARGS = ["compare", "--policy-set", LEVER, "--seeds", str(len(SEEDS)),
        "--participants", str(SIZE["participants"]), "--days", str(SIZE["days"])]
T_975_2 = (2 * 0.975 - 1) / math.sqrt(2 * 0.975 * 0.025)  # Student's t, 2 degrees of freedom


def _cli(args) -> str:
    from sim.commands.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0
    return out.getvalue()


@pytest.fixture(scope="module")
def crackdown(tmp_path_factory):
    """``pingou compare`` run in-process (printed, with --out), and each seed's two runs made
    again with ``sim.run``, their figures worked out from the participants tables."""
    text_dir = tmp_path_factory.mktemp("text")
    printed = _cli(ARGS + ["--out", str(text_dir)])
    hand = {"base": [], "policy": []}
    for seed in SEEDS:
        for arm, overrides in (("base", []), ("policy", [LEVER])):
            result = sim.run("quanmin-pingou", seed=seed, overrides=overrides, **SIZE)
            figures = _shop_figures(result.participants)
            figures["operator_take_fen"] = result.summary["operator_take_fen"]
            never = result.summary["collapse_day"] is None
            figures["collapse_day"] = SIZE["days"] if never else result.summary["collapse_day"]
            hand[arm].append(figures)
    return dict(printed=printed, hand=hand, table=pd.read_csv(text_dir / "comparison.csv"),
                runs=pd.read_csv(text_dir / "runs.csv", dtype=str, keep_default_na=False))


def _expected(hand, metric) -> dict:
    """Means, paired difference and its t interval, with numpy and the closed-form t quantile."""
    x = np.array([f[metric] for f in hand["base"]], dtype=float)
    y = np.array([f[metric] for f in hand["policy"]], dtype=float)
    d = y - x
    half = T_975_2 * d.std(ddof=1) / np.sqrt(d.size)
    return {"base_mean": x.mean(), "policy_mean": y.mean(), "difference": d.mean(),
            "ci95_low": d.mean() - half, "ci95_high": d.mean() + half}


HAND_ROWS = ("participants", "people_losing_shop", "share_losing_shop", "lost_shop_fen",
             "people_gaining_shop", "gained_shop_fen", "operator_take_fen", "collapse_day",
             "share_losing_told", "last_half_share_losing_shop", "median_net_shop_fen")


def test_comparison_csv_is_the_runs_own_figures_by_hand(crackdown):
    """Each row of comparison.csv is the mean over the seeds of each arm, and of the paired
    differences with their t interval, of the figures recomputed from each run's participants
    table; money rows also in yuan; the table leads with people and yuan."""
    table = crackdown["table"].set_index("metric")
    assert tuple(crackdown["table"]["metric"][:len(LEAD)]) == LEAD
    assert set(SHOP) | {"share_losing_cash", "median_net_cash_fen"} <= set(table.index)
    for metric in HAND_ROWS:
        want = _expected(crackdown["hand"], metric)
        # summary shares are rounded to 6 places, medians to the fen; an interval's ends
        # carry each seed's rounding times the t quantile (4.3 for 3 seeds): 1e-5 for shares
        for stat, value in want.items():
            tol = (1e-5 if stat.startswith("ci95") else 1e-6) if "share" in metric else 1
            assert table.loc[metric, stat] == pytest.approx(value, abs=tol), (metric, stat)
        if metric.endswith("_fen"):
            for stat, value in want.items():
                assert table.loc[metric, f"{stat}_yuan"] == pytest.approx(value / 100, abs=0.011)
        else:
            assert math.isnan(table.loc[metric, "base_mean_yuan"])
    assert (table.loc["people_losing_shop", "difference"] < 0
            and table.loc["people_losing_shop", "ci95_high"] < 0)  # the crackdown did something
    assert table.loc["people_losing_shop", "label"] == "people who lost money (against a shop)"


def test_runs_csv_has_people_and_yuan_beside_fen(crackdown):
    runs = crackdown["runs"]
    cols = list(runs.columns)
    for name in cols:
        if name.endswith("_fen"):
            assert cols[cols.index(name) + 1] == name[:-4] + "_yuan"
            fen = runs[name].astype(int).to_numpy()
            assert [f"{v / 100:.2f}" for v in fen] == list(runs[name[:-4] + "_yuan"]), name
    for arm in ("base", "policy"):
        mine = runs[runs.arm == arm].sort_values("seed")
        hand = crackdown["hand"][arm]
        for metric in ("people_losing_shop", "people_gaining_shop", "lost_shop_fen",
                       "gained_shop_fen", "participants"):
            assert list(mine[metric].astype(int)) == [f[metric] for f in hand], (arm, metric)


def _printed_rows(text) -> dict:
    """label -> [base, policy, difference, interval, metric] from the printed table."""
    rows = {}
    for line in text.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == 6:
            rows[cells[0].rstrip(" *")] = cells[1:]
    return rows


def _whole(value, signed=False) -> str:
    return f"{round(value):+,}" if signed else f"{round(value):,}"


def test_printed_table_is_in_people_and_yuan(crackdown):
    """The printed lead rows, in words, are the hand figures: whole people and whole yuan with
    thousands separators, the share in percent; the table is followed by its notes and ends
    with the sentences."""
    rows = _printed_rows(crackdown["printed"])
    labels = list(rows)
    assert labels[:3] == ["people who joined", "people who lost money (against a shop)",
                          "share of those who joined who lost money"]
    for label, metric, scale in (("people who joined", "participants", 1),
                                 ("people who lost money (against a shop)",
                                  "people_losing_shop", 1),
                                 ("yuan lost by them", "lost_shop_fen", 100),
                                 ("people who came out ahead (against a shop)",
                                  "people_gaining_shop", 1),
                                 ("yuan gained by them", "gained_shop_fen", 100),
                                 ("yuan the operator took", "operator_take_fen", 100)):
        want = {k: v / scale for k, v in _expected(crackdown["hand"], metric).items()}
        assert rows[label] == [_whole(want["base_mean"]), _whole(want["policy_mean"]),
                               _whole(want["difference"], True),
                               f"{_whole(want['ci95_low'], True)} to "
                               f"{_whole(want['ci95_high'], True)}", metric], label
    share = _expected(crackdown["hand"], "share_losing_shop")
    cells = rows["share of those who joined who lost money"]
    for cell, value in zip(cells[:2], (share["base_mean"], share["policy_mean"])):
        assert abs(float(cell.rstrip("%")) - 100 * value) < 0.051, cell
    assert cells[2].endswith(" pts")
    assert abs(float(cells[2][:-4]) - 100 * share["difference"]) < 0.051
    lines = crackdown["printed"].rstrip("\n").splitlines()
    assert "fewer people lost money against a shop" in lines[-1]
    assert "Runs identical up to the lever" in lines[-3]
    assert lines[-1] == " ".join(sentences(summarise_from(crackdown["runs"]), LEVER))


def summarise_from(runs_csv: pd.DataFrame) -> pd.DataFrame:
    runs = runs_csv[[c for c in runs_csv.columns if not c.endswith("_yuan")]].copy()
    for name in runs.columns:
        if name != "arm":
            runs[name] = pd.to_numeric(runs[name])
    return summarise(runs)


def test_the_sentence_follows_the_data_and_turns_round_with_the_arms(crackdown):
    """The last printed line is the sentences, with the hand figures in them; swapping base and
    policy turns "fewer" into "more" and "less" into "more", with the same amounts."""
    lost = _expected(crackdown["hand"], "people_losing_shop")
    yuan = {k: v / 100 for k, v in _expected(crackdown["hand"], "lost_shop_fen").items()}
    said = crackdown["printed"].rstrip("\n").splitlines()[-1]
    n, amount = _whole(-lost["difference"]), _whole(-yuan["difference"])
    assert said.startswith(f"With {LEVER}, {n} fewer people lost money against a shop "
                           f"({_whole(lost['policy_mean'])} with it against "
                           f"{_whole(lost['base_mean'])} without; 95% interval "
                           f"{_whole(-lost['ci95_high'])} to {_whole(-lost['ci95_low'])} fewer)")
    assert f"they lost {amount} yuan less in all" in said
    # the crackdown cuts who joins; the share of them behind moves by far less in proportion
    assert "The change is mostly in how many joined" in said

    runs = summarise_from(crackdown["runs"])
    swapped = crackdown["runs"].copy()
    swapped["arm"] = swapped["arm"].map({"base": "policy", "policy": "base"})
    back = " ".join(sentences(summarise_from(swapped), "the base"))
    assert f"{n} more people lost money against a shop" in back
    assert f"they lost {amount} yuan more in all" in back
    assert "fewer people lost" not in back and "yuan less" not in back
    assert sentences(runs, LEVER) != sentences(summarise_from(swapped), LEVER)


def _synthetic(joined, share, lost_fen) -> pd.DataFrame:
    """Runs with given figures per seed: {arm: [values per seed]}."""
    rows = []
    for arm in ("base", "policy"):
        for seed, (j, s, fen) in enumerate(zip(joined[arm], share[arm], lost_fen[arm])):
            row = {m: 0 for m in METRICS}
            row.update(participants=j, share_losing_shop=s, people_losing_shop=round(j * s),
                       lost_shop_fen=fen)
            rows.append({"seed": seed, "arm": arm, **row})
    return pd.DataFrame(rows)


def test_a_flat_share_with_far_fewer_people_reads_as_fewer_people():
    """The share behind barely moves while the number who joined, and so who lost, falls ten
    times over: the sentences say fewer people lost, that the change is in who joined, and that
    the share barely moved; never that losing became rarer."""
    runs = _synthetic(joined={"base": [4000, 3900, 4100], "policy": [300, 280, 310]},
                      share={"base": [0.970, 0.968, 0.972], "policy": [0.968, 0.966, 0.970]},
                      lost_fen={"base": [10**8, 9 * 10**7, 11 * 10**7],
                                "policy": [8 * 10**6, 7 * 10**6, 9 * 10**6]})
    first, second = sentences(summarise(runs), "a crackdown")
    fewer = round(np.mean([round(4000 * 0.970), round(3900 * 0.968), round(4100 * 0.972)])
                  - np.mean([round(300 * 0.968), round(280 * 0.966), round(310 * 0.970)]))
    assert first.startswith(f"With a crackdown, {fewer:,} fewer people lost money")
    assert second.startswith("The change is mostly in how many joined: 3,703 fewer people joined")
    assert "the share of them who lost money barely moved (96.8% against 97.0%, -0.2 pts" in second
    assert "fell" not in second


def test_an_interval_that_includes_0_reads_about_the_same():
    runs = _synthetic(joined={"base": [1000, 1000, 1000], "policy": [1000, 1000, 1000]},
                      share={"base": [0.90, 0.95, 0.92], "policy": [0.95, 0.90, 0.93]},
                      lost_fen={"base": [100, 200, 300], "policy": [300, 100, 250]})
    table = summarise(runs).set_index("metric")
    assert table.loc["people_losing_shop", "ci95_low"] < 0 < table.loc["people_losing_shop",
                                                                         "ci95_high"]
    first, second = sentences(summarise(runs), "x")
    assert "about as many people lost money against a shop as without it, as far as 3 seeds " \
           "can tell" in first
    assert "the total they lost was about the same" in first
    assert "more" not in first and "fewer" not in first and "less" not in first


def test_pingou_compare_prints_people_and_yuan_first():
    from conftest import pingou

    done = pingou("compare", "--policy-set", "policy.crackdown_day=20", "--seeds", "2",
                  "--participants", "400", "--days", "40")
    assert done.returncode == 0, done.stderr
    rows = list(_printed_rows(done.stdout).values())
    assert [cells[-1] for cells in rows[:len(LEAD)]] == list(LEAD)
    assert done.stdout.rstrip("\n").splitlines()[-1].startswith("With policy.crackdown_day=20, ")


def test_json_gives_the_figures_of_the_csv(tmp_path):
    """--json: the same table as comparison.csv (valid JSON: no NaN), the notes and sentences."""
    raw = _cli(["compare", "--policy-set", "policy.crackdown_day=20", "--seeds", "2",
                "--participants", "400", "--days", "40", "--json", "--out", str(tmp_path)])
    assert "NaN" not in raw
    got = json.loads(raw)
    csv = pd.read_csv(tmp_path / "comparison.csv")
    table = pd.DataFrame(got["table"])
    assert list(table.columns) == list(csv.columns) and list(table["metric"]) == list(csv["metric"])
    for name in csv.columns:
        if csv[name].dtype.kind == "f":
            assert np.allclose(table[name].astype(float), csv[name], equal_nan=True), name
        else:
            assert list(table[name].fillna("")) == list(csv[name].fillna("")), name
    assert got["sentences"] == sentences(csv, "policy.crackdown_day=20")
    assert got["notes"] and set(got["diverged_day"]) == {"0", "1"}
    assert all(day >= 20 for day in got["diverged_day"].values())  # nothing before the lever
