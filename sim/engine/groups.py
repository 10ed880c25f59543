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
from typing import NamedTuple

import numpy as np


ROBOT = -1  # the member id of a robot seat (RULEBOOK §3.5)


@dataclass
class Seats:
    """A batch of seats in queue order, one entry per seat."""

    member: np.ndarray  # int64 member id, ROBOT for a robot
    from_wallet: np.ndarray  # bool: stake paid from the wallet (else from outside)
    first_today: np.ndarray  # bool: the member's first seat of the day (hidden rule 1)
    first_ever: np.ndarray  # bool: the member's first seat ever (hidden rule 2)

    FIELDS = ("member", "from_wallet", "first_today", "first_ever")

    def __len__(self) -> int:
        return int(self.member.size)

    @classmethod
    def empty(cls) -> "Seats":
        return cls(np.empty(0, dtype=np.int64), *(np.empty(0, dtype=bool) for _ in range(3)))

    def select(self, index) -> "Seats":
        return Seats(*(getattr(self, f)[index] for f in self.FIELDS))

    def take(self, k: int) -> tuple["Seats", "Seats"]:
        return self.select(slice(0, k)), self.select(slice(k, None))

    def append(self, other: "Seats") -> "Seats":
        return Seats(*(np.concatenate([getattr(self, f), getattr(other, f)]) for f in self.FIELDS))


def take_part(model, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Today's players ``ids`` take part: return, per player, whether this is their first play
    of the day and their first play ever (hidden rules 1 and 2), and extend their promoter
    validity (RULEBOOK §8, A29): the first play of a day extends it by one day, a first-ever
    play by one more.

    Called once for all of the day's players before any price zone's draws and before the
    day's gift-package referrals are paid, so that a member who plays today is a valid promoter
    for every draw of today, whichever zone it is in and whenever in the day it happens (the
    rule grants validity for the day on which the user takes part: 「用户当天有参与，平台赠送
    “1天推广员有效期”」).
    """
    m, day = model.members, model.day
    first_ever = ~m.ever_played[ids]
    first_today = m.played_on[ids] != day
    m.promoter_until[ids] = np.where(first_today,
                                     np.maximum(m.promoter_until[ids], day - 1) + 1 + first_ever,
                                     m.promoter_until[ids])
    m.ever_played[ids] = True
    m.played_on[ids] = day
    return first_today, first_ever


def join(model, zone: int, ids: np.ndarray, want: np.ndarray, first_play_today: np.ndarray,
         new_user: np.ndarray) -> int:
    """Pay the stakes of today's seats in ``zone`` and append them to its queue, shuffled;
    keep them as made too (``model.batches[zone]``, a :class:`Batch`, for
    :func:`made_seats`); return the seats joined. ``first_play_today`` and ``new_user`` come
    from :func:`take_part`."""
    p, led = model.zone_params[zone], model.ledger
    if ids.size == 0:
        return 0
    P = p.stake
    from_wallet = np.minimum(want, led.wallet[ids] // P) if P > 0 else want
    from_outside = want - from_wallet
    led.move("stake_from_wallet", "wallet", "stakes_held", from_wallet * P, src_who=ids, unique=True)
    led.move("paid_in", "pocket", "platform_cash", from_outside * P, src_who=ids, unique=True)
    led.move("stake_owed", "issuer", "stakes_held", int(from_outside.sum()) * P)
    # Seats in arrival order: members' seats interleave at random over the day. They are
    # laid out in that order only where something reads them so (below, and Shuffled).
    made = np.repeat(ids, want)  # each player's seats together, as made
    rank = np.arange(made.size) - np.repeat(np.cumsum(want) - want, want)  # k-th seat today
    wallet_made = rank < np.repeat(from_wallet, want)
    order = model.streams.queue.permutation(made.size)  # the seats as made, in queue order
    arrival = np.empty_like(order)  # each seat's place in the queue's order
    arrival[order] = np.arange(order.size)
    before = model.queues[zone]
    h = model.scenario.hidden
    if h.first_of_day_loses or h.new_user_loses:  # hidden rules 1 and 2 read these flags
        # the member's first seat of the day is the one that arrives earliest: each member's
        # seats are one block before the shuffle, so the block's smallest arrival position is it
        first = np.zeros(made.size, dtype=bool)
        first[np.minimum.reduceat(arrival, np.cumsum(want) - want)] = True
        first &= np.repeat(first_play_today, want)[order]
        first_ever = first & np.repeat(new_user, want)[order]
        model.queues[zone] = before.append(Seats(made[order], wallet_made[order], first, first_ever))
    else:  # nothing reads the flags, and the draws read only the seats held over
        model.queues[zone] = Shuffled(before, made, wallet_made, order)
    model.batches[zone] = Batch(model.day, len(before), arrival, made, wallet_made, before)
    return int(made.size)


class Shuffled(Seats):
    """A queue that ends with today's seats as :func:`join` made them (``member``,
    ``from_wallet``: each player's together), of which ``order[:count]`` (all when ``count``
    is None) are in the queue, in queue order, after the seats ``before`` held over from
    earlier days: the same seats, in the same order, as a :class:`Seats` of them, laid out
    only when a field is read.

    On a day without hidden rules 1 and 2 the draws read only how many seats there are and
    the few held over to the next day (:meth:`take`), and settle the drawn seats in the order
    made (:func:`made_seats`): laying out millions of seats in queue order, a gather at
    random over them per field, is skipped. Its flags of hidden rules 1 and 2 read False:
    nothing reads them on such a day."""

    def __init__(self, before: Seats, member: np.ndarray, from_wallet: np.ndarray,
                 order: np.ndarray, count: int | None = None):
        self._before, self._member, self._from_wallet = before, member, from_wallet
        self._order = order
        self._count = int(order.size if count is None else count)
        self._laid: Seats | None = None

    def __len__(self) -> int:
        return len(self._before) + self._count

    def __getattr__(self, name: str):
        if name in Seats.FIELDS:
            return getattr(self._laid_out(), name)
        raise AttributeError(name)

    def __repr__(self) -> str:
        return f"Shuffled({len(self._before)} held + {self._count} of today's seats)"

    def _today(self, start: int, stop: int) -> Seats:
        """Today's seats at places ``start`` .. ``stop`` - 1 among them, in queue order."""
        at = self._order[start:stop]
        none = np.zeros(at.size, dtype=bool)
        return Seats(self._member[at], self._from_wallet[at], none, none)

    def _laid_out(self) -> Seats:
        if self._laid is None:
            self._laid = self._before.append(self._today(0, self._count))
        return self._laid

    def take(self, k: int) -> tuple["Seats", "Seats"]:
        held = len(self._before)
        if not held <= k <= len(self):
            return self._laid_out().take(k)
        return (Shuffled(self._before, self._member, self._from_wallet, self._order, k - held),
                self._today(k - held, self._count))


class Batch(NamedTuple):
    """The seats :func:`join` queued in a zone on ``day``: ``held`` seats were in the queue
    before them; ``arrival`` is each new seat's place among the new ones in the queue's
    (shuffled) order, ``member`` and ``from_wallet`` the seats as made, each player's
    together; ``before`` the seats held over themselves."""

    day: int
    held: int
    arrival: np.ndarray
    member: np.ndarray
    from_wallet: np.ndarray
    before: Seats  # the ``held`` seats themselves, in queue order


def made_seats(model, zone: int, formed: Seats, win: np.ndarray
               ) -> tuple[Seats, np.ndarray, np.ndarray] | None:
    """Today's drawn seats of ``zone`` (``formed``, the head of its queue as
    :func:`take_groups` takes them, and ``win``, in group order), robots left out, in the
    order :func:`join` made them: each player's seats together, players in increasing id,
    the few seats held over from earlier days each put among its member's; returned as
    (seats, win, each seat's group). None when no seat joined the zone today.

    Settling in this order gives the same sums as in group order (every settlement is a sum
    per member, and the shopping-gold sequence orders its events by their group itself); it
    reads and writes the member arrays in near-increasing order rather than at random, which
    at tens of millions of members is where the settlement's time went (cache misses). The
    seats' hidden-rule flags are not carried over: the settlement does not read them."""
    batch = model.batches[zone]
    if batch is None or batch.day != model.day:
        return None
    n = model.zone_params[zone].group_size
    keep = batch.arrival < len(formed) - batch.held  # today's seats in the formed groups
    at = batch.arrival[keep]
    at += batch.held  # their places in the groups
    member, from_wallet, won = batch.member[keep], batch.from_wallet[keep], win[at]
    before = batch.before.take(min(batch.held, len(formed)))[0]  # the drawn ones of them
    held = np.argsort(before.member, kind="stable")
    if held.size:  # the few seats held over (fewer than a group), each among its member's
        where = np.searchsorted(member, before.member[held])
        member = np.insert(member, where, before.member[held])
        from_wallet = np.insert(from_wallet, where, before.from_wallet[held])
        won = np.insert(won, where, win[held])
        at = np.insert(at, where, held)
    unread = np.broadcast_to(np.False_, member.shape)
    return Seats(member, from_wallet, unread, unread), won, at // n


def take_groups(model, zone: int) -> tuple[Seats, int]:
    """Take every full group from the head of the zone's queue (group g holds seats
    ``g*n .. g*n+n-1``). With daily robot fill (RULEBOOK §3.5, A13) the operator completes the
    last, unfilled group with robots. Returns the seats and the number of robot seats."""
    p = model.zone_params[zone]
    n = p.group_size
    queue = model.queues[zone]
    groups = len(queue) // n
    formed, model.queues[zone] = queue.take(groups * n)
    robots = 0
    left = model.queues[zone]
    if model.scenario.robots.fill == "daily" and len(left):
        robots = n - len(left)
        fill = Seats(np.full(robots, ROBOT, dtype=np.int64), *(np.zeros(robots, dtype=bool)
                                                              for _ in range(3)))
        formed = formed.append(left).append(fill)
        model.queues[zone] = Seats.empty()
    return formed, robots


def draw_winners(rng, groups: int, n: int, w: int, eligible: np.ndarray | None = None) -> np.ndarray:
    """Winners of each group: ``w`` seats drawn uniformly without replacement among the
    eligible ones (all, when ``eligible`` is None; RULEBOOK §3.6); a group with fewer than
    ``w`` eligible seats has every eligible seat win. Returns a boolean array over the seats,
    in group order."""
    if groups == 0 or w == 0:
        return np.zeros(groups * n, dtype=bool)
    if w == n:
        return np.ones(groups * n, dtype=bool)
    keys = rng.random((groups, n))
    if eligible is not None:
        keys[~eligible.reshape(groups, n)] = 2.0  # never among the w smallest
    chosen = np.argpartition(keys, w - 1, axis=1)[:, :w]
    win = np.zeros((groups, n), dtype=bool)
    np.put_along_axis(win, chosen, True, axis=1)
    win = win.reshape(-1)
    if eligible is not None:
        win &= eligible
    return win
