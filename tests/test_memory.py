"""sim.engine.memory: ``pingou run``'s setting of the C library's allocator (glibc only)."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

CHILD = r"""
import ctypes, sys
import numpy as np
from sim.engine.memory import keep_freed_memory

class Info(ctypes.Structure):  # glibc's struct mallinfo2
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
                 "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
if sys.argv[1] == "keep":
    assert keep_freed_memory()
before = libc.mallinfo2()
a = np.ones(8_000_000)  # 64 MB, above the 32 MB that glibc always maps on its own
during = libc.mallinfo2()
# bytes more in blocks mapped one by one, and in the heap
print(during.hblkhd - before.hblkhd, during.arena - before.arena)
"""


def _has_mallinfo2() -> bool:
    try:
        ctypes.CDLL(None).mallinfo2
    except (OSError, AttributeError):
        return False
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux") or not _has_mallinfo2(),
                    reason="glibc's allocator only")
def test_kept_freed_memory_serves_large_arrays_from_the_heap():
    """Without the setting, a 64 MB array is a block glibc maps on its own (and gives back to
    the system when freed); with it, no block is mapped so, and the array is in the heap,
    which grows by at least its 64 MB."""
    def run(mode):
        out = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True,
                             text=True, check=True).stdout.split()
        return int(out[0]), int(out[1])

    mapped, heap = run("plain")
    assert mapped >= 64_000_000 and heap < 64_000_000
    mapped, heap = run("keep")
    assert mapped == 0 and heap >= 64_000_000
