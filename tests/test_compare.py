"""Counterfactuals with common random numbers."""

import numpy as np
import pytest

import sim
from sim.experiments.compare import METRICS, compare, summarise

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


def test_confidence_interval_is_the_paired_t_interval():
    import pandas as pd

    # differences 1, 2, 3, 6: mean 3, sd sqrt(14/3), t(0.975, 3) = 3.182446305
    base = [10, 20, 30, 40]
    pol = [11, 22, 33, 46]
    rows = []
    for seed, (b, p) in enumerate(zip(base, pol)):
        rows.append({"seed": seed, "arm": "base", **{m: b for m in _metrics()}})
        rows.append({"seed": seed, "arm": "policy", **{m: p for m in _metrics()}})
    table = summarise(pd.DataFrame(rows)).set_index("metric")
    half = 3.182446305 * np.sqrt(14 / 3) / 2
    row = table.loc["share_losing_cash"]
    assert row["difference"] == 3
    assert np.isclose(row["ci95_low"], 3 - half) and np.isclose(row["ci95_high"], 3 + half)


def _metrics():
    from sim.experiments.compare import METRICS

    return METRICS


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
            "median_net_shop_fen": float(np.median(behind)) if behind.size else 0.0,
            "lost_shop_fen": -int(behind.sum())}


def test_the_shop_measure_leads_and_its_differences_are_the_runs_own():
    """The table leads with the shop measure; each of its differences is the mean over the seeds
    of (policy run - base run), each run's figure recomputed from its own participants table."""
    seeds, size = (0, 1), dict(participants=1200, days=90)
    result = compare("quanmin-pingou", policy_set=["policy.crackdown_day=30"], seeds=list(seeds),
                     **size)
    assert tuple(result.table["metric"][:len(SHOP)]) == SHOP
    assert {"share_losing_cash", "share_losing_cost", "share_losing_sticker",
            "last_half_share_losing_cash", "median_net_cash_fen"} <= set(METRICS)  # kept
    diffs = {m: [] for m in SHOP}
    for seed in seeds:
        base = _shop_figures(sim.run("quanmin-pingou", seed=seed, **size).participants)
        pol = _shop_figures(sim.run("quanmin-pingou", seed=seed,
                                    overrides=["policy.crackdown_day=30"], **size).participants)
        for m in SHOP:
            diffs[m].append(pol[m] - base[m])
    table = result.table.set_index("metric")
    for m in SHOP:
        # summary shares are rounded to 6 decimals, medians to the fen
        assert table.loc[m, "difference"] == pytest.approx(np.mean(diffs[m]), abs=1e-6 if
                                                           "share" in m else 1), m
    assert any(table.loc[m, "difference"] != 0 for m in SHOP)  # the lever moved the measure


def test_pingou_compare_prints_the_shop_measure_first():
    from conftest import pingou

    done = pingou("compare", "--policy-set", "policy.crackdown_day=20", "--seeds", "2",
                  "--participants", "400", "--days", "40")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[0] == "metric"
    assert [line.split()[0] for line in lines[1:1 + len(SHOP)]] == list(SHOP)
