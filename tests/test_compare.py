"""Counterfactuals with common random numbers."""

import numpy as np

from sim.experiments.compare import compare, summarise


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
