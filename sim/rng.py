"""Named random streams (MODEL.md §7).

Each mechanism draws from its own stream, derived from the run's seed and the stream's name
alone. The same seed gives the same run in any process, and changing one mechanism does not
reshuffle the dice of the others (common random numbers).

A stream's generator depends on the seed and on the CRC-32 of its own name only, never on
which other streams exist or in which order they are first asked for, so adding a stream
leaves every other stream's draws as they were. :data:`NAMES` lists the streams the engine
uses.
"""

from __future__ import annotations

import zlib

import numpy as np

#: The streams of the engine, by the mechanism that draws from each. Any name gives a
#: stream; this list is for the reader (and a test that no two names share a CRC-32).
NAMES = (
    "recruitment",  # how many each promoter recruits (well-mixed)
    "regions",  # the founders' regions
    "budget",  # each newcomer's budget
    "zones",  # large prepaid customers, price zones
    "tiers",  # team and store tiers
    "gift",  # gift packages
    "funnel",  # the 7+21 funnel's converts and their uplines
    "decisions",  # seats per day
    "queue", "draws",  # the queues and the draws
    "withdrawals",  # who asks to withdraw
    "network",  # building the social network (sim.engine.network.build)
    "people",  # who, among the people not yet in, founders and strangers are (a network)
    "invitations",  # invitations along the network and the outside reach
)


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
