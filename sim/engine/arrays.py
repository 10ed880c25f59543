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

    With many entries, one ``np.bincount`` gives the members touched (``who``, each once) and
    their counts (``times``), so every add is a plain fancy-index add over those members. With
    few entries (under an eighth of the population) counting over the whole population would
    cost more than it saves, and ``who`` is ``idx`` itself with ``times`` all 1 (``unique``
    False). Integer arithmetic throughout: exact.
    """

    __slots__ = ("who", "times", "unique")

    def __init__(self, idx: np.ndarray, size: int):
        if idx.size * 8 < size:
            self.who, self.times, self.unique = idx, np.ones(idx.size, dtype=np.int64), False
        else:
            counts = np.bincount(idx, minlength=size)
            self.who = np.flatnonzero(counts)
            self.times, self.unique = counts[self.who], True

    def add(self, target: np.ndarray, value: int) -> None:
        """``target[idx] += value`` for every entry of ``idx``."""
        if value == 0 or self.who.size == 0:
            return
        if self.unique:
            target[self.who] += (self.times * value).astype(target.dtype, copy=False)
        else:
            np.add.at(target, self.who, value)

    def amounts(self, value: int) -> np.ndarray:
        """Per entry of ``who``: ``value`` times its count (fen, int64)."""
        return self.times * int(value)
