"""Step 3 of the day: pay the stakes, queue the seats, form full groups and draw winners
(RULEBOOK §3).

Each price zone has one first-in-first-out queue (§3.2, §3.4). A seat's stake is paid when the seat
joins the queue: from the wallet if it holds a whole stake, otherwise from outside (§3.3
proposal). Seats left over when the queue holds less than a full group wait for tomorrow. A
full group takes the next n seats in join order, and w winners are drawn uniformly without
replacement (§3.6). Winning means paying: the winner's stake is kept and the product delivered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Seats:
    """A batch of seats in queue order."""

    member: np.ndarray  # int64 member id
    from_wallet: np.ndarray  # bool: stake paid from the wallet (else from outside)

    def __len__(self) -> int:
        return int(self.member.size)

    @classmethod
    def empty(cls) -> "Seats":
        return cls(np.empty(0, dtype=np.int64), np.empty(0, dtype=bool))

    def take(self, k: int) -> tuple["Seats", "Seats"]:
        return (Seats(self.member[:k], self.from_wallet[:k]),
                Seats(self.member[k:], self.from_wallet[k:]))

    def append(self, other: "Seats") -> "Seats":
        return Seats(np.concatenate([self.member, other.member]),
                     np.concatenate([self.from_wallet, other.from_wallet]))


def join(model, zone: int, ids: np.ndarray, want: np.ndarray) -> int:
    """Pay the stakes of today's seats in ``zone`` and append them to its queue; return the
    seats joined."""
    m, p, led, day = model.members, model.zone_params[zone], model.ledger, model.day
    if ids.size == 0:
        return 0
    P = p.stake
    from_wallet = np.minimum(want, led.wallet[ids] // P) if P > 0 else want
    from_outside = want - from_wallet
    led.move("stake_from_wallet", "wallet", "stakes_held", from_wallet * P, src_who=ids, unique=True)
    led.move("paid_in", "pocket", "platform_cash", from_outside * P, src_who=ids, unique=True)
    led.move("stake_owed", "issuer", "stakes_held", int(from_outside.sum()) * P)
    m.spent[ids] += from_outside * P
    m.paid_in[ids] += from_outside * P
    # Promoter validity (RULEBOOK §8, A29): the first play of a day extends it by one day,
    # and a first-ever play by one more.
    first_ever = ~m.ever_played[ids]
    m.promoter_until[ids] = np.maximum(m.promoter_until[ids], day - 1) + 1 + first_ever
    m.ever_played[ids] = True
    # Seats in arrival order: members' seats interleave at random over the day.
    member = np.repeat(ids, want)
    wallet_flag = np.arange(member.size) - np.repeat(np.cumsum(want) - want, want) < np.repeat(from_wallet, want)
    order = model.streams.queue.permutation(member.size)
    model.queues[zone] = model.queues[zone].append(Seats(member[order], wallet_flag[order]))
    return int(member.size)


def form_groups(model, zone: int) -> tuple[Seats, np.ndarray]:
    """Take every full group from the head of the queue and draw its winners.

    Returns the seats of the formed groups in group order (group g holds seats
    ``g*n .. g*n+n-1``) and a boolean array, aligned with them, that is true for winners.
    """
    p = model.zone_params[zone]
    n, w = p.group_size, p.winners
    groups = len(model.queues[zone]) // n
    formed, model.queues[zone] = model.queues[zone].take(groups * n)
    if groups == 0:
        return formed, np.zeros(0, dtype=bool)
    if w == 0:
        win = np.zeros((groups, n), dtype=bool)
    elif w == n:
        win = np.ones((groups, n), dtype=bool)
    else:
        # uniform w of n per group: the w seats with the smallest random keys win
        keys = model.streams.draws.random((groups, n))
        chosen = np.argpartition(keys, w - 1, axis=1)[:, :w]
        win = np.zeros((groups, n), dtype=bool)
        np.put_along_axis(win, chosen, True, axis=1)
    return formed, win.reshape(-1)
