"""Scatter-adds over member arrays: the one hot operation of the engine.

``np.add.at`` is exact, and fast (about a nanosecond an entry, numpy 2) when the values are
integers of the target's own type; given values that must be cast first (a Python int into
an int32 array) it falls back to a path a hundred times slower. So integers of the target's
type go to ``np.add.at`` at any size. Anything else keeps the two routes it had: ``np.add.at``
for few entries, ``np.bincount`` for many: for integer counts times a constant exact integer
arithmetic, for varying integer amounts float64 weights, which is exact while every
per-member sum stays below 2**53 fen (about 90 trillion yuan), checked here.
"""

from __future__ import annotations

import numpy as np

_EXACT = 2**53


def _typed(target: np.ndarray, value):
    """``value`` as a scalar of ``target``'s integer type when it is one exactly, else None
    (a float target too: there the order of the additions could change the sum)."""
    if target.dtype.kind not in "iu":
        return None
    try:
        typed = target.dtype.type(value)
    except (OverflowError, TypeError, ValueError):
        return None
    return typed if typed == value else None


def add_constant(target: np.ndarray, idx: np.ndarray, value: int) -> None:
    """``target[idx] += value`` for every position of ``idx``, repeats included."""
    if idx.size == 0 or value == 0:
        return
    typed = _typed(target, value)
    if typed is not None:  # exact, and as fast as the bincount below at any size
        np.add.at(target, idx, typed)
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
    same_int = values.dtype == target.dtype and target.dtype.kind in "iu"
    if (idx.size * 8 < target.size or same_int
            or np.abs(values).max(initial=0) * idx.size >= _EXACT):
        # integers of the same type: np.add.at's fast path, exact
        np.add.at(target, idx, values)
        return
    sums = np.bincount(idx, weights=values, minlength=target.size)
    target += np.rint(sums).astype(target.dtype)


def waves(member: np.ndarray, scratch: np.ndarray):
    """Yield the positions of wave 0, 1, 2...: wave k holds every member's k-th position, so no
    member appears twice in a wave and each wave can be one array operation.

    ``scratch`` is an int64 work array as long as the population. Each wave costs one pass
    over the positions not yet placed; a member has at most a few seats a day, so there are
    few waves.
    """
    rest = np.arange(member.size)
    while rest.size:
        who = member[rest]
        scratch[who] = member.size
        np.minimum.at(scratch, who, rest)  # each member's first position not yet placed
        first = scratch[who] == rest
        yield rest[first]
        rest = rest[~first]


class Counts:
    """How many times each member appears in ``idx``: counted once, then used for several
    scatter-adds of constants (``target[idx] += value``, repeats included).

    With few entries (under an eighth of the population) counting over the whole population
    would cost more than it saves, and ``who`` is ``idx`` itself with ``times`` all 1
    (``unique`` False). With many, ``who`` holds the members touched, each once and in
    increasing order, and ``times`` their counts, so every add is a plain fancy-index add over
    those members: entries already in increasing order are counted in runs, in one pass over
    them; others by one ``np.bincount`` over the population. Integer arithmetic throughout:
    exact.
    """

    __slots__ = ("who", "times", "unique")

    def __init__(self, idx: np.ndarray, size: int):
        if idx.size * 8 < size:
            self.who, self.times, self.unique = idx, np.ones(idx.size, dtype=np.int64), False
        elif (idx[1:] >= idx[:-1]).all():  # in order: counted in runs
            starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])
            self.who, self.unique = idx[starts], True
            self.times = np.diff(np.r_[starts, idx.size]).astype(np.int64, copy=False)
        else:
            counts = np.bincount(idx, minlength=size)
            self.who = np.flatnonzero(counts != 0)  # 5 times faster than on the counts
            self.times, self.unique = counts[self.who], True

    def add(self, target: np.ndarray, value: int) -> None:
        """``target[idx] += value`` for every entry of ``idx``."""
        if value == 0 or self.who.size == 0:
            return
        if self.unique:
            target[self.who] += (self.times * value).astype(target.dtype, copy=False)
        else:
            typed = _typed(target, value)
            np.add.at(target, self.who, value if typed is None else typed)

    def amounts(self, value: int) -> np.ndarray:
        """Per entry of ``who``: ``value`` times its count (fen, int64)."""
        return self.times * int(value)
