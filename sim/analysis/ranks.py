"""Spearman's rank correlation over runs, and the size below which chance alone explains it:
what ``pingou run --seeds K --assumptions wide`` (:mod:`sim.experiments.ranges`) and a sweep's
page (:mod:`sim.outputs.sweep_report`) both say of a lever or an assumption."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: The two-sided 95% point of the normal distribution.
Z95 = 1.96


def rank_correlation(x, y) -> float:
    """Spearman's rank correlation of ``x`` and ``y`` over the runs where neither is NaN (ties
    get their mean rank; an ``inf`` is the highest rank); ``nan`` with fewer than two such
    runs or where either is the same in every one (no ranking to correlate)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keep = ~(np.isnan(x) | np.isnan(y))
    rx = pd.Series(x[keep]).rank(method="average").to_numpy()
    ry = pd.Series(y[keep]).rank(method="average").to_numpy()
    if len(rx) < 2 or rx.std() == 0 or ry.std() == 0:
        return math.nan
    return float(np.corrcoef(rx, ry)[0, 1])


def chance_band(n: int) -> float:
    """The rank correlation that chance alone stays within 19 times in 20 for ``n`` runs of
    unrelated figures: ``1.96 / sqrt(n - 1)`` (the large-sample normal approximation);
    ``inf`` for fewer than two runs."""
    return Z95 / math.sqrt(n - 1) if n > 1 else math.inf
