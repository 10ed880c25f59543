"""The members, as typed numpy arrays: one row per member, one array per attribute.

Arrays are allocated for the whole addressable population once; ``count`` says how many rows
are members so far (rows join in order, so row index = member id). ``person`` is each member's
person of the population, their node of the social network (:mod:`sim.engine.network`; the
row itself when the population is well mixed); ``contacts`` and ``contacts_outside_at_join``
are filled on the day they join (:mod:`sim.engine.recruitment`). Money balances (pocket,
wallet, shopping gold) and every money tally (paid in, withdrawn, commissions...) live in the
:class:`~sim.engine.ledger.Ledger`, not here.
"""

from __future__ import annotations

import numpy as np

ACTIVE, QUIT = 0, 1
STATUS_NAMES = {ACTIVE: "active", QUIT: "quit"}
#: identities conferred by gift packages (RULEBOOK §11); the team tier follows (A40)
IDENTITIES = {0: "ordinary", 1: "VIP", 2: "特约 contracted", 3: "联创 co-founder",
              4: "regional agent"}


class Members:
    def __init__(self, capacity: int):
        self.capacity = int(capacity)
        self.count = 0
        n = self.capacity
        self.join_day = np.full(n, -1, dtype=np.int32)
        self.upline = np.full(n, -1, dtype=np.int32)  # direct upline (直推上级), -1 for none
        self.upline2 = np.full(n, -1, dtype=np.int32)  # indirect upline (间推上级)
        self.depth = np.zeros(n, dtype=np.int32)  # levels below a founder
        self.region = np.zeros(n, dtype=np.int16)
        self.person = np.full(n, -1, dtype=np.int32)  # node of the network (people up to 2^31)
        self.contacts = np.zeros(n, dtype=np.int32)  # the person's number of contacts
        self.contacts_outside_at_join = np.zeros(n, dtype=np.int32)  # not yet in, at joining
        self.direct_downlines = np.zeros(n, dtype=np.int32)
        self.budget = np.zeros(n, dtype=np.int64)  # fen this person is willing to put in
        self.trust = np.zeros(n, dtype=np.float32)
        self.status = np.zeros(n, dtype=np.int8)
        self.promoter_until = np.full(n, -1, dtype=np.int32)  # last day of promoter validity
        self.ever_played = np.zeros(n, dtype=bool)
        self.played_on = np.full(n, -1, dtype=np.int32)  # last day with a seat
        self.waiting = np.zeros(n, dtype=bool)  # has a withdrawal request waiting
        self.team_tier = np.zeros(n, dtype=np.int8)  # 0 none, 1..3 (RULEBOOK §10.3)
        self.store_tier = np.zeros(n, dtype=np.int8)  # 0 none, 1..3 (A39)
        self.identity = np.zeros(n, dtype=np.int8)  # IDENTITIES (RULEBOOK §11)
        self.zone = np.zeros(n, dtype=np.int16)  # the price zone the member plays in
        # hidden-rule counters (RULEBOOK §9.2-§9.3)
        self.win_streak = np.zeros(n, dtype=np.int32)
        self.total_wins_counted = np.zeros(n, dtype=np.int32)
        self.forced_losses_left = np.zeros(n, dtype=np.int32)
        self.window_plays = np.zeros(n, dtype=np.int32)
        self.window_wins = np.zeros(n, dtype=np.int32)
        # what happened to each member, for the who-lost tables
        self.seats = np.zeros(n, dtype=np.int32)
        self.wins = np.zeros(n, dtype=np.int32)
        self.goods_cost = np.zeros(n, dtype=np.int64)
        self.goods_sticker = np.zeros(n, dtype=np.int64)
        self.dividend_points = np.zeros(n, dtype=np.int64)  # outside the pool ("free")
        self.dividend_points_pool = np.zeros(n, dtype=np.int64)  # in the points pool (§6.2)
        self.consumption_points = np.zeros(n, dtype=np.int64)

    def add(self, k: int, day: int, upline: np.ndarray, region: np.ndarray,
            budget: np.ndarray, trust: float, person: np.ndarray | None = None) -> np.ndarray:
        """Add ``k`` members who join on ``day``, the people ``person`` of the population (their
        own ids when None: a well-mixed population); return their ids."""
        ids = np.arange(self.count, self.count + k, dtype=np.int64)
        self.count += k
        self.join_day[ids] = day
        self.person[ids] = ids if person is None else person
        self.upline[ids] = upline
        has_up = upline >= 0
        self.upline2[ids] = np.where(has_up, self.upline[np.maximum(upline, 0)], -1)
        self.depth[ids] = np.where(has_up, self.depth[np.maximum(upline, 0)] + 1, 0)
        self.region[ids] = region
        self.budget[ids] = budget
        self.trust[ids] = trust
        if has_up.any():
            np.add.at(self.direct_downlines, upline[has_up], 1)
        return ids

    def view(self, name: str) -> np.ndarray:
        """The attribute for the members so far."""
        return getattr(self, name)[: self.count]
