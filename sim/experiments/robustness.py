"""Does the headline hang on the behavioural assumptions?

Members' behaviour and the operator's are not in the sources (MODEL.md): they are assumptions.
:func:`headline_robustness` samples them over wide ranges (Latin hypercube or Sobol, through
:mod:`sim.experiments.sweep`), runs each point over a few seeds, and reports

* how often the headline holds: *most members in the later half to join lose money* (share of
  the later half losing cash > 0.5, averaged over seeds) — in what share of the sampled space;
* which assumptions matter most: first-order sensitivity indices (RBD-FAST, from SALib, which
  works on any sample) of the later half's share losing, and of everyone's.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

import numpy as np
import pandas as pd
from SALib.analyze import rbd_fast

from sim.experiments.sweep import build_spec, run_sweep

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

HEADLINE = "most members in the later half to join lose money (cash)"


@dataclass
class Robustness:
    points: pd.DataFrame  # one row per sampled point: parameters, outcomes averaged over seeds
    holds_share: float  # share of the sampled points where the headline holds
    sensitivity: pd.DataFrame  # parameter, S1 (later half losing), S1 (everyone losing)

    def __repr__(self) -> str:
        return (f"The headline ({HEADLINE}) holds in {self.holds_share:.0%} of "
                f"{len(self.points)} sampled points.\n" + self.sensitivity.to_string(index=False))


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
        table = run_sweep(spec, out_dir or tmp, workers=workers, progress=progress)
    keys = list(ranges)
    outcomes = ["last_half_share_losing_cash", "share_losing_cash", "share_losing_cost",
                "participants"]
    points = table.groupby("point")[keys + outcomes].mean().reset_index()
    points["headline_holds"] = points["last_half_share_losing_cash"] > 0.5
    problem = {"num_vars": len(keys), "names": keys, "bounds": [list(ranges[k]) for k in keys]}
    X = points[keys].to_numpy(dtype=float)
    rows = {"parameter": keys}
    for label, column in (("S1_later_half_losing", "last_half_share_losing_cash"),
                          ("S1_everyone_losing", "share_losing_cash")):
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
                      sensitivity=sens)
