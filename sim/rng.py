"""Named random streams (MODEL.md §7).

Each mechanism draws from its own stream, derived from the run's seed and the stream's name
alone. The same seed gives the same run in any process, and changing one mechanism does not
reshuffle the dice of the others (common random numbers).
"""

from __future__ import annotations

import zlib

import numpy as np

class Streams:
    """``streams.draws`` is the numpy Generator of the 'draws' mechanism, and so on."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._cache: dict[str, np.random.Generator] = {}

    def get(self, name: str) -> np.random.Generator:
        if name not in self._cache:
            key = zlib.crc32(name.encode("utf-8"))
            seq = np.random.SeedSequence(entropy=self.seed, spawn_key=(key,))
            self._cache[name] = np.random.Generator(np.random.PCG64(seq))
        return self._cache[name]

    def __getattr__(self, name: str) -> np.random.Generator:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name)
