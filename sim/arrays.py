"""Scatter-adds over member arrays: the one hot operation of the engine.

``np.add.at`` is exact but slow on large inputs; ``np.bincount`` is fast. For integer counts
times a constant the bincount route is exact integer arithmetic. For varying integer amounts
it goes through float64 weights, which is exact while every per-member sum stays below 2**53
fen (about 90 trillion yuan), checked here.
"""

from __future__ import annotations

import numpy as np

_EXACT = 2**53


def add_constant(target: np.ndarray, idx: np.ndarray, value: int) -> None:
    """``target[idx] += value`` for every position of ``idx``, repeats included."""
    if idx.size == 0 or value == 0:
        return
    if idx.size * 8 < target.size:
        np.add.at(target, idx, value)
        return
    counts = np.bincount(idx, minlength=target.size)
    target += (counts * value).astype(target.dtype, copy=False)


def add_values(target: np.ndarray, idx: np.ndarray, values: np.ndarray) -> None:
    """``target[idx] += values`` with repeats in ``idx`` summed."""
    if idx.size == 0:
        return
    if idx.size * 8 < target.size or np.abs(values).max(initial=0) * idx.size >= _EXACT:
        np.add.at(target, idx, values)
        return
    sums = np.bincount(idx, weights=values, minlength=target.size)
    target += np.rint(sums).astype(target.dtype)
