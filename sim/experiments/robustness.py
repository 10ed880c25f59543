"""Does the headline hang on the behavioural assumptions?

Members' behaviour and the operator's are not in the sources (MODEL.md): they are assumptions.
:func:`headline_robustness` samples them over wide ranges (Latin hypercube or Sobol, through
:mod:`sim.experiments.sweep`), runs each point over a few seeds, and reports

* how often the headline holds: *most members in the later half to join are behind against a
  shop*, worse off than if they had bought the same goods in an ordinary shop and never joined
  (MODEL.md §6: the later half's ``share_losing_shop`` > 0.5, averaged over seeds), in what
  share of the sampled space;
* which assumptions matter most: first-order sensitivity indices (RBD-FAST, from SALib, which
  works on any sample) of the later half's share behind against a shop, and of everyone's.

The cash measure (cash got back less cash put in, the goods counted as nothing) is kept beside
it as extra columns, for continuity: ``headline_holds_cash``, ``holds_share_cash`` and the
``..._cash`` sensitivity indices. It is not the headline: an honest shop's customers all "lose"
the price of what they bought on it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import rbd_fast

from sim.experiments.sweep import build_spec, run_sweep
from sim.outputs.i18n import pct

#: Behavioural assumptions and the wide ranges they are swept over.
BEHAVIOUR_RANGES = {
    "behaviour.budget_median_yuan": (300.0, 10_000.0),
    "behaviour.budget_sigma": (0.2, 1.5),
    "behaviour.seats_per_day": (0.2, 3.0),
    "behaviour.shopping_gold_hook": (0.0, 3.0),
    "behaviour.trust_newcomer_loss": (0.002, 0.08),
    "behaviour.trust_wait_loss": (0.0, 0.2),
    "behaviour.quit_threshold": (0.1, 0.7),
    "behaviour.withdraw_propensity": (0.02, 0.9),
    "recruitment.invite_rate": (0.3, 3.0),
    "recruitment.conversion": (0.05, 0.6),
    "operator.extraction_share": (0.0, 1.0),
}

HEADLINE = ("most members in the later half to join are behind against a shop: worse off than "
            "if they had bought the same goods in an ordinary shop")
#: The headline as it was measured before the shop measure (kept for continuity).
HEADLINE_CASH = ("most members in the later half to join got back less cash than they put in "
                 "(cash only: the goods count as nothing)")

#: The outcomes averaged over the seeds at each point: the shop measure (the headline), then
#: the cash and cost measures and the number who joined.
OUTCOMES = ("last_half_share_losing_shop", "share_losing_shop", "share_losing_told",
            "median_net_shop_fen", "lost_shop_fen",
            "last_half_share_losing_cash", "share_losing_cash", "share_losing_cost",
            "participants")

#: The sensitivity columns: label -> the outcome it is the first-order index of.
SENSITIVITY = {
    "S1_later_half_losing": "last_half_share_losing_shop",
    "S1_everyone_losing": "share_losing_shop",
    "S1_later_half_losing_cash": "last_half_share_losing_cash",
    "S1_everyone_losing_cash": "share_losing_cash",
}


@dataclass
class Robustness:
    points: pd.DataFrame  # one row per sampled point: parameters, outcomes averaged over seeds
    holds_share: float  # share of the sampled points where the headline holds (shop measure)
    sensitivity: pd.DataFrame  # parameter, S1 of each outcome in SENSITIVITY, headline first
    holds_share_cash: float = float("nan")  # the same on the cash measure (continuity)

    def __repr__(self) -> str:
        return self.reading() + "\n" + self.sensitivity.to_string(index=False)

    def reading(self) -> str:
        """The result in sentences, every figure from this analysis."""
        n = len(self.points)
        holds = int(self.points["headline_holds"].sum())
        later = self.points["last_half_share_losing_shop"]
        text = [f"The headline ({HEADLINE}) holds at {holds} of {n} sampled "
                f"{'point' if n == 1 else 'points'} ({pct(self.holds_share)})."]
        if n and later.min() == later.max():
            text.append(f"The later half's share behind against a shop is {pct(later.min())} "
                        f"at every point.")
        elif n:
            text.append(f"The later half's share behind against a shop runs from "
                        f"{pct(later.min())} to {pct(later.max())} across the points.")
        sens = self.sensitivity
        top = sens[sens["S1_later_half_losing"] > 0].head(2)
        if len(top):
            named = [f"{r.parameter} (S1 = {r.S1_later_half_losing:.2f})"
                     for r in top.itertuples()]
            text.append(f"Of the assumptions, {named[0]} alone explains the largest share of "
                        f"its variance" + (f"; next comes {named[1]}." if len(named) > 1 else "."))
        else:
            text.append("No assumption alone has a detectable effect on it (every S1 is 0 or "
                        "below).")
        if "headline_holds_cash" in self.points:
            cash = int(self.points["headline_holds_cash"].sum())
            if cash == holds:
                compared = "as many as against a shop"
            else:
                compared = f"{abs(cash - holds)} {'more' if cash > holds else 'fewer'} than " \
                           f"against a shop"
            text.append(f"Measured in cash alone (goods counted as nothing), it would hold at "
                        f"{cash} of {n} points: {compared}.")
        return " ".join(text)


def headline_robustness(scenario: str = "quanmin-pingou", *, n: int = 64, seeds: int = 2,
                        participants: int = 3_000, days: int = 240, method: str = "lhs",
                        ranges: dict | None = None, workers: int | None = 0, out_dir=None,
                        sample_seed: int = 0, progress: bool = False) -> Robustness:
    """Sample the behavioural assumptions and measure the headline at every point."""

    ranges = ranges or BEHAVIOUR_RANGES
    spec = build_spec(scenario, ranges=[f"{k}={lo}:{hi}" for k, (lo, hi) in ranges.items()],
                      sample=n, method=method, sample_seed=sample_seed, seeds=seeds,
                      participants=participants, days=days)
    with tempfile.TemporaryDirectory() as tmp:
        table = run_sweep(spec, out_dir or tmp, workers=workers, progress=progress,
                          report=out_dir is not None)  # no page for a folder thrown away
    return analyse(table, ranges, sample_seed=sample_seed)


def analyse(table: pd.DataFrame, ranges: dict, *, sample_seed: int = 0) -> Robustness:
    """The analysis of a sweep's results table (one row per run, a ``point`` column, one column
    per key of ``ranges`` and the :data:`OUTCOMES`): outcomes averaged over the seeds of each
    point, the headline judged on each point's average, the sensitivity indices."""
    keys = list(ranges)
    points = table.groupby("point")[keys + list(OUTCOMES)].mean().reset_index()
    points["headline_holds"] = points["last_half_share_losing_shop"] > 0.5
    points["headline_holds_cash"] = points["last_half_share_losing_cash"] > 0.5
    problem = {"num_vars": len(keys), "names": keys, "bounds": [list(ranges[k]) for k in keys]}
    X = points[keys].to_numpy(dtype=float)
    rows = {"parameter": keys}
    for label, column in SENSITIVITY.items():
        Y = points[column].to_numpy(dtype=float)
        if np.ptp(Y) == 0:  # a constant outcome depends on nothing
            rows[label] = [0.0] * len(keys)
        else:
            # SALib's bootstrap uses half the sample; the interference M must stay well
            # below a quarter of it, so small samples get fewer harmonics
            M = max(1, min(10, len(Y) // 8))
            rows[label] = list(rbd_fast.analyze(problem, X, Y, M=M, seed=sample_seed)["S1"])
    sens = pd.DataFrame(rows).sort_values("S1_later_half_losing", ascending=False,
                                          ignore_index=True)
    return Robustness(points=points, holds_share=float(points["headline_holds"].mean()),
                      sensitivity=sens,
                      holds_share_cash=float(points["headline_holds_cash"].mean()))
