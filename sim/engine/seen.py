"""What each member sees, kept up to date as people join and quit (MODEL.md §3).

Two running tallies, each updated only by the day's joiners or quitters, never by a pass over
every contact of every member:

* :class:`DownlineWatch`: per member, the newcomers of their own downline (every level below
  them) in the last seven days, and the best seven days so far. With
  ``behaviour.newcomers_watched = 'downline'`` (the default) a member's trust falls when
  their own downline's weekly newcomers fall below their best week, the way the scheme's
  weekly newcomers do for everybody under ``'everyone'``.
* :class:`ContactTally`: per person, how many of their contacts have joined and how many have
  quit, for ``network.local_trust`` (doubt spreading through the network). It gives exactly
  what :func:`sim.engine.decisions.contacts_quit_share` counts from scratch.
"""

from __future__ import annotations

from collections import deque

import numpy as np


class DownlineWatch:
    """Per member, the newcomers in their downline over the last 7 days (``weekly``) and the
    most in any 7 days so far (``best``), int32 over the whole population.

    :meth:`joined` is called once a day, after the day's recruitment, with the first member
    row that joined today: every ancestor of each newcomer (upline, upline's upline, up to a
    founder) counts one more newcomer today. The day's counts are kept, sparse, for 7 days,
    then taken off ``weekly`` again."""

    WINDOW = 7

    def __init__(self, capacity: int):
        self.weekly = np.zeros(capacity, dtype=np.int32)
        self.best = np.zeros(capacity, dtype=np.int32)
        self._days: deque[tuple[np.ndarray, np.ndarray]] = deque()

    def joined(self, upline: np.ndarray, first: int, count: int) -> None:
        """Today's newcomers are members ``first`` to ``count - 1``; ``upline`` is the direct
        upline of every member (-1 for none)."""
        if len(self._days) == self.WINDOW:  # the day that leaves the window
            ids, k = self._days.popleft()
            self.weekly[ids] -= k
        chains = []
        anc = upline[first:count]
        anc = anc[anc >= 0]
        while anc.size:
            chains.append(anc)
            anc = upline[anc]
            anc = anc[anc >= 0]
        if chains:
            ids, k = np.unique(np.concatenate(chains), return_counts=True)
            ids = ids.astype(np.int64)
            k = k.astype(np.int32)
            self.weekly[ids] += k
            self.best[ids] = np.maximum(self.best[ids], self.weekly[ids])
        else:
            ids, k = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int32)
        self._days.append((ids, k))

    def fall(self, ids: np.ndarray, noticeable: int) -> np.ndarray:
        """Per member of ``ids``: how far their downline's last 7 days of newcomers are below
        their best 7 days, in [0, 1], float64; 0 for a member whose best week brought fewer
        than ``noticeable`` newcomers (they have no trend to read)."""
        best = self.best[ids].astype(np.float64)
        seen = best >= noticeable
        out = np.zeros(ids.size, dtype=np.float64)
        out[seen] = 1.0 - self.weekly[ids][seen] / best[seen]
        return out


class ContactTally:
    """Per person of the network, how many contacts have joined (``joined``) and how many of
    them have quit (``quit``), int32; for a well-mixed population, the two totals (everyone's
    contacts are everyone else).

    The two counts of a person sit side by side in memory (``joined`` and ``quit`` are views
    of one array of pairs), so that :meth:`quit_share`, which reads both for every member
    still playing every day, at random over the people, reads one place per person, not
    two."""

    def __init__(self, network):
        self.network = network
        self.quits = 0
        self.members = 0
        if network.well_mixed:
            self.joined = self.quit = None
            self._pairs = None
        else:
            self._pairs = np.zeros((network.n, 2), dtype=np.int32)  # (joined, quit)
            self.joined, self.quit = self._pairs[:, 0], self._pairs[:, 1]

    def _add(self, counter: np.ndarray, people: np.ndarray) -> None:
        if people.size:
            _, contact = self.network.neighbours_of(people)
            np.add.at(counter, contact, counter.dtype.type(1))  # typed: the fast path

    def add_joined(self, people: np.ndarray) -> None:
        """These people joined: each of their contacts has one more contact in the scheme."""
        self.members += int(people.size)
        if self.joined is not None:
            self._add(self.joined, people)

    def add_quit(self, people: np.ndarray) -> None:
        """These people quit: each of their contacts has one more contact who quit."""
        self.quits += int(people.size)
        if self.quit is not None:
            self._add(self.quit, people)

    def quit_share(self, people: np.ndarray) -> np.ndarray:
        """Per person of ``people`` (all of them members still playing): of their contacts
        who have joined, the share who have quit (0 with no contact in the scheme), float64."""
        if self.joined is None:  # well mixed: everyone else is a contact
            share = self.quits / max(self.members - 1, 1)
            return np.full(people.size, share, dtype=np.float64)
        people = np.asarray(people, dtype=np.int64)
        # both counts of each person in one gather: the pair as one 8-byte number
        pairs = self._pairs.view(np.int64).reshape(-1)[people].view(np.int32).reshape(-1, 2)
        return pairs[:, 1] / np.maximum(pairs[:, 0], 1).astype(np.float64)
