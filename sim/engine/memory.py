"""How the process gets memory for the day's arrays: kept once the system has handed it over.

A day of the engine makes many short-lived arrays as long as the day's seats or the
membership. The C library (glibc's malloc) takes every block above 32 MB straight from the
system and gives it back when it is freed, so at millions of members each such array is memory
the system hands over again, a page of 4 KB at a time, with a fault and a page of zeros each:
on this project's 2-core machine a fresh 109 MB array (13.6 million int64) cost 17 ms to fill
against 11 ms for one already in use. :func:`keep_freed_memory` tells the C library to keep
such blocks once freed and to hand them out again: the next day's arrays then land in pages
already in use.

It is a setting of the whole process, made by ``pingou run`` for its one run (not by the
library: a program that imports ``sim`` keeps its own settings). Nothing a run computes
depends on it.
"""

from __future__ import annotations

import ctypes

#: glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4


def keep_freed_memory() -> bool:
    """Ask the C library to serve every block from its own heap (never a mapping of its own,
    which it would give back to the system when freed) and to keep the heap's free memory
    rather than give it back. Return whether the setting was taken: False where the C library
    is not glibc, or refuses it; nothing else changes then."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    # a threshold of 2**31 - 1 bytes: free memory at the top of the heap is only given back
    # once 2 GiB of it lie unused there (or when malloc_trim is called, as after the network
    # is built: sim.engine.network)
    return bool(mallopt(_M_MMAP_MAX, 0)) and bool(mallopt(_M_TRIM_THRESHOLD, 2**31 - 1))
