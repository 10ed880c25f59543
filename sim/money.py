"""Money as integer fen, and the one rounding rule (MODEL.md §7).

1 yuan = 100 fen. Every amount the model moves is an integer number of fen, and every
percentage is a whole number of parts per million (ppm). A percentage of an amount is
``amount * ppm // 1_000_000``: rounded down, so the remainder stays with the payer.
"""

from __future__ import annotations

import numpy as np

FEN_PER_YUAN = 100
PPM = 1_000_000


def yuan_to_fen(yuan: float) -> int:
    """Exact conversion of a yuan amount with at most two decimals (validated elsewhere)."""
    return int(round(float(yuan) * FEN_PER_YUAN))


def rate_to_ppm(rate: float) -> int:
    """A fraction (0.05 = 5%) as whole parts per million."""
    return int(round(float(rate) * PPM))


def share(amount_fen, ppm: int):
    """``ppm`` parts per million of ``amount_fen``, rounded down (the payer keeps the rest).

    Works on Python ints and on int64 arrays alike. On arrays the amount is split into whole
    millions of fen and the rest, ``a // PPM * ppm + (a % PPM) * ppm // PPM``, which is the
    same floor but never forms ``a * ppm`` (that passes 2**63 for a balance above about 9.2e12
    fen at a rate of 100%).
    """
    if isinstance(amount_fen, np.ndarray):
        a, p = amount_fen.astype(np.int64), np.int64(ppm)
        return a // PPM * p + (a % PPM) * p // PPM
    return int(amount_fen) * int(ppm) // PPM


def fmt_yuan(fen: int) -> str:
    """A fen amount as yuan text, e.g. 123456 -> '1,234.56'."""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def pro_rata(total_fen: int, weights):
    """``total_fen`` split in proportion to integer ``weights``, each share rounded down, so
    the shares never add up to more than the total (the remainder stays with the payer).
    Exact integer arithmetic, falling back to Python integers when int64 could overflow."""
    whole = int(weights.sum())
    if whole <= 0:
        return np.zeros_like(weights)
    if int(weights.max(initial=0)) * int(total_fen) < 2**63:
        return weights * int(total_fen) // whole
    return np.array([int(w) * int(total_fen) // whole for w in weights], dtype=np.int64)
