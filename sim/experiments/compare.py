"""Counterfactuals: the same seeds under two scenarios, with common random numbers.

Each mechanism draws from its own random stream (:mod:`sim.rng`), so a base run and a policy
run with the same seed are identical, day for day, until the day the lever first changes
something; the report says which day that was. The difference of each outcome is averaged over
the seeds, with a 95% confidence interval from the paired differences (Student's t). The
outcomes (:data:`METRICS`) lead with the shop measure, the headline of MODEL.md §6.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.scheme import scenario as scenario_mod
from sim.api import run
from sim.experiments.sweep import flatten

#: The outcomes compared, in the order of the table: the headline first, against buying the
#: same goods in a shop (MODEL.md §6: share behind, as the scheme tells it, the later half's
#: share behind, the median of those behind, a negative fen amount, and the total they lost, a
#: positive one); then the cash, cost and sticker measures kept for continuity (cash counts the
#: goods as nothing), and how the run went. Each name is a key of the flattened summary
#: (:func:`sim.experiments.sweep.flatten`), as in a sweep's results table.
METRICS = (
    "share_losing_shop", "share_losing_told", "last_half_share_losing_shop",
    "median_net_shop_fen", "lost_shop_fen",
    "share_losing_cash", "share_losing_cost", "share_losing_sticker",
    "last_half_share_losing_cash", "median_net_cash_fen", "collapsed", "collapse_day",
    "activity_end_day", "participants", "paid_in_fen", "withdrawn_fen", "operator_take_fen",
    "outstanding_shopping_gold_fen",
)


@dataclass
class Comparison:
    table: pd.DataFrame  # one row per metric: means, difference and its 95% interval
    runs: pd.DataFrame  # one row per seed and arm
    diverged: pd.Series  # per seed: first day the two runs differ (None if never)

    def __repr__(self) -> str:
        return self.table.to_string(index=False)


def _outcomes(result) -> dict:
    flat = flatten(result.summary)
    days = result.summary["days"]
    flat["collapsed"] = int(result.summary["collapse_day"] is not None)
    # a run that never collapsed (or never lost its activity) counts as the last day: censored
    for key in ("collapse_day", "activity_end_day"):
        if flat[key] is None:
            flat[key] = days
    return {k: flat[k] for k in METRICS}


def first_difference(a: pd.DataFrame, b: pd.DataFrame):
    n = min(len(a), len(b))
    same = (a.iloc[:n].to_numpy() == b.iloc[:n].to_numpy()).all(axis=1)
    bad = np.flatnonzero(~same)
    return int(a["day"].iloc[bad[0]]) if bad.size else None


def arms(base="quanmin-pingou", policy=None, *, base_set=(), policy_set=(),
         participants: int | None = None, days: int | None = None):
    """The two scenarios :func:`compare` runs: ``base``, and ``policy`` (or the base with
    ``policy_set`` overrides)."""
    base_sc = scenario_mod.resolve(base, base_set, participants=participants, days=days)
    if policy is None:
        return base_sc, scenario_mod.load_object(base_sc, policy_set)
    return base_sc, scenario_mod.resolve(policy, policy_set, participants=participants, days=days)


def compare(base="quanmin-pingou", policy=None, *, base_set=(), policy_set=(), seeds=10,
            participants: int | None = None, days: int | None = None) -> Comparison:
    """Run ``base`` and ``policy`` (a scenario, or the base with ``policy_set`` overrides) on
    the same seeds and compare their outcomes."""
    base_sc, policy_sc = arms(base, policy, base_set=base_set, policy_set=policy_set,
                              participants=participants, days=days)
    seed_list = list(range(seeds)) if isinstance(seeds, int) else list(seeds)
    rows, diverged = [], {}
    for seed in seed_list:
        a = run(scenario_mod.load_object(base_sc, seed=seed))
        b = run(scenario_mod.load_object(policy_sc, seed=seed))
        rows.append({"seed": seed, "arm": "base", **_outcomes(a)})
        rows.append({"seed": seed, "arm": "policy", **_outcomes(b)})
        diverged[seed] = first_difference(a.daily, b.daily)
    runs = pd.DataFrame(rows)
    return Comparison(table=summarise(runs), runs=runs, diverged=pd.Series(diverged, name="day"))


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per metric: each arm's mean over the seeds, and the mean paired difference
    (policy - base) with its 95% interval (Student's t)."""
    # not at the top: scipy.stats takes half a second to import, and every pingou command
    # imports this module (pingou compare's parser)
    from scipy import stats

    base = runs[runs.arm == "base"].set_index("seed")
    pol = runs[runs.arm == "policy"].set_index("seed")
    out = []
    for metric in METRICS:
        x = base[metric].astype(float)
        y = pol[metric].astype(float)
        d = (y - x).to_numpy()
        n = d.size
        mean = float(d.mean()) if n else float("nan")
        if n > 1:
            half = float(stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / np.sqrt(n))
        else:
            half = float("nan")
        out.append({"metric": metric, "base_mean": float(x.mean()), "policy_mean": float(y.mean()),
                    "difference": mean, "ci95_low": mean - half, "ci95_high": mean + half,
                    "seeds": n})
    return pd.DataFrame(out)
