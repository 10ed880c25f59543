"""Shopping gold through a day's draws: dynamic release 1, the winners' credit and dynamic
release 2, draw after draw (RULEBOOK §5.4-§5.6).

Within one draw the order is (§5.6, A22): dynamic release 1 for every seat, on the balances
before the draw (``min(release_per_play, shopping gold)`` per seat, A14); then each winner's new
shopping gold; then dynamic release 2: each seat releases ``release_direct`` of its direct
upline's shopping gold and ``release_indirect`` of its indirect upline's (§5.5, A21), the direct
uplines' first. Draws follow one another in group order, so a win in a later group never feeds
a release of an earlier one. With ``release.before_credit`` false, a draw's credit comes before
its dynamic release 1. Every release is capped by the balance at that moment (§5.6) and, when
the policy's release cap is in force, by what the member may still release today.

The engine does this exactly without a loop over seats. Each member's balance sees a sequence
of events (their own seats' releases and credits, their downlines' seats' releases), ordered
by draw and by the phase within the draw. Between two credits, releases only take away, so a
run of them is one cap: the k-th release of the run gets ``clip(cap - earlier releases of the
run, 0, amount)``, with ``cap`` the balance (and the room under the release cap) when the run
starts. So each member's events split into *segments* at their credits, a member has at most a
few credits a day (one per winning seat), and the day is settled in one array pass per segment
index: segment k of every member at once. Only members whose releases of the batch their
balance (or room) cannot cover in full need this: for the others the order changes nothing, and
their events are settled without a sort.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from sim.engine.policy import note_release, release_room

DR1, CREDIT, DR2_DIRECT, DR2_INDIRECT = 0, 1, 2, 3


@dataclass
class Released:
    """Fen released by the batch: by dynamic release 1, and by release 2 to each level."""

    play: int = 0
    downline: int = 0
    downline_by_level: tuple[int, int] = (0, 0)


class _Part(NamedTuple):
    """The events of one kind in a batch: whose they are and in which draw (arrays), at which
    phase of the draw, and the amount each one asks for (or credits)."""

    kind: int
    phase: int
    amount: int
    who: np.ndarray
    grp: np.ndarray


def _events(model, member, win, group, p) -> list[_Part] | None:
    """Every event of the batch, as one part per kind (the kinds that occur); None when there
    is none."""
    m = model.members
    parts = []
    dr1_phase, credit_phase = (0, 1) if p.release_before_credit else (1, 0)
    if p.release_per_play:
        parts.append(_Part(DR1, dr1_phase, p.release_per_play, member, group))
    if p.shopping_gold and win.any():
        parts.append(_Part(CREDIT, credit_phase, p.shopping_gold, member[win], group[win]))
    for kind, uplines, amount in ((DR2_DIRECT, m.upline[member], p.release_direct),
                                  (DR2_INDIRECT, m.upline2[member], p.release_indirect)):
        if amount:
            has = uplines >= 0
            parts.append(_Part(kind, kind, amount, uplines[has].astype(np.int64), group[has]))
    parts = [q for q in parts if q.who.size]
    # none at all: e.g. dynamic release 2 is the only mechanism on and no seat of the batch
    # has an upline (founders playing alone)
    return parts or None


def _member_order(who: np.ndarray, grp: np.ndarray, phase: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """The order of the events by member, then draw, then phase, events equal in all three
    in the order given (a stable sort on the three), and ``who`` in that order.

    Done as two sorts: a stable one by draw and phase (which merges the runs when the events
    come as a few runs in draw order), then one by member of keys made unique by the position in
    that order, packed into one int64 (``who << bits | position``), so that a plain sort of the
    numbers gives the same order as a stable sort and carries the positions along."""
    size = who.size
    bits = max(int(size).bit_length(), 1)
    top = int(who.max()) if size else 0
    if (size and int(who.min()) < 0) or top.bit_length() + bits > 62:  # pragma: no cover
        key = (who * (int(grp.max()) + 1) + grp) * 4 + phase
        order = np.argsort(key, kind="stable")
        return order, who[order]
    by_draw = np.argsort(grp.astype(np.int64) * 4 + phase, kind="stable")
    packed = who[by_draw].astype(np.int64) << bits
    packed |= np.arange(size, dtype=np.int64)
    packed.sort()
    order = by_draw[packed & ((1 << bits) - 1)]
    packed >>= bits
    return order, packed


def _touched(model, who: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The members of ``who``, each once and in increasing order, and each event's index among
    them. With many events, without a sort: the members are marked in a pass over the
    population and ``model.scratch`` (a work array as long as it, free between the engine's
    passes) maps each to its index."""
    n = model.members.capacity
    if who.size * 8 < n:
        touched, local = np.unique(who, return_inverse=True)
        return touched, local.reshape(-1)
    mark = np.zeros(n, dtype=bool)
    mark[who] = True
    touched = np.flatnonzero(mark)
    pos = model.scratch
    pos[touched] = np.arange(touched.size)
    return touched, pos[who]


def sequence(model, member: np.ndarray, win: np.ndarray, group: np.ndarray, p) -> Released:
    """Book the shopping-gold events of a batch of seats (``member`` in any order, ``win``
    which of them won, ``group`` each seat's draw, which gives the events their order) and
    return the fen released.

    Order only matters for a member whose releases the balance (or the room under the cap)
    cannot cover in full. A member who can, at the start of the batch, gets every release in
    full, whatever the order, as credits only add; a member with no room, or with no balance and
    no credit coming, gets nothing. Both are settled from counts of their events of each kind;
    only the others' events are put in order (:func:`_ordered`), so most of a day's events are
    neither sorted nor summed one by one."""
    parts = _events(model, member, win, group, p)
    if parts is None:
        return Released()
    who = np.concatenate([q.who for q in parts]) if len(parts) > 1 else parts[0].who
    bounds = np.cumsum([0] + [q.who.size for q in parts])
    touched, local = _touched(model, who)
    size = touched.size
    # per kind and member: how many events, and the fen they ask for (or credit) in full
    count = np.zeros((4, size), dtype=np.int64)
    per = np.zeros((4, 1), dtype=np.int64)
    for q, start, stop in zip(parts, bounds[:-1], bounds[1:]):
        count[q.kind] = np.bincount(local[start:stop], minlength=size)
        per[q.kind] = q.amount
    sums = count * per  # exact: int64 throughout
    asked = sums[DR1] + sums[DR2_DIRECT] + sums[DR2_INDIRECT]
    gold = model.ledger.shopping_gold[touched]
    room = release_room(model, touched)  # the release cap, when a policy sets one
    cap = gold if room is None else np.minimum(gold, room)
    nothing = (cap == 0) & (count[CREDIT] == 0)
    if room is not None:
        nothing |= room == 0
    full = (cap >= asked) & ~nothing
    for k in (DR1, DR2_DIRECT, DR2_INDIRECT):
        sums[k] *= full
    hard = np.flatnonzero(~(full | nothing)[local])
    if hard.size:  # the others' events, part by part, then in order
        cut = np.searchsorted(hard, bounds)
        at = [hard[cut[i]:cut[i + 1]] - bounds[i] for i in range(len(parts))]
        kind = np.concatenate([np.full(x.size, q.kind, dtype=np.int8) for q, x in zip(parts, at)])
        amount = np.concatenate([np.full(x.size, q.amount, dtype=np.int64)
                                 for q, x in zip(parts, at)])
        got = _ordered(local[hard],
                       np.concatenate([q.grp[x] for q, x in zip(parts, at)]),
                       np.concatenate([np.full(x.size, q.phase, dtype=np.int8)
                                       for q, x in zip(parts, at)]),
                       kind, amount, gold.copy(), None if room is None else room.copy())
        out = kind != CREDIT
        np.add.at(sums.reshape(-1), kind[out].astype(np.int64) * size + local[hard][out],
                  got[out])
    return _book(model, touched, sums)


def _ordered(local, grp, phase, kind, amount, gold, room) -> np.ndarray:
    """The fen each event releases, for events whose order matters: ``local`` is each event's
    member (an index into ``gold`` and ``room``, each member's balance and room at the start of
    the batch, both changed here), ``grp`` and ``phase`` its place in the day."""
    # each member's events in order: by draw, then phase, ties in the order made
    order, owner_of = _member_order(local, grp, phase)
    kind, amount = kind[order], amount[order]
    new = np.empty(owner_of.size, dtype=bool)
    new[0] = True
    np.not_equal(owner_of[1:], owner_of[:-1], out=new[1:])
    credit = kind == CREDIT
    # the segment of each event: how many of its member's credits come at or before it
    starts = np.flatnonzero(new)
    running = np.cumsum(credit)
    base = np.repeat(running[starts] - credit[starts], np.diff(np.r_[starts, owner_of.size]))
    segment = running - base
    released = np.zeros(amount.size, dtype=np.int64)
    # the events of segment k, in event order, are by_segment[bounds[k]:bounds[k + 1]]
    small = segment.astype(np.uint16) if segment.max() < 1 << 16 else segment  # radix sort
    by_segment = np.argsort(small, kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(segment))]
    for k in range(bounds.size - 1):
        at = by_segment[bounds[k]:bounds[k + 1]]
        gains = at[credit[at]]
        if gains.size:  # a credit opens its segment
            np.add.at(gold, owner_of[gains], amount[gains])
        out = at[~credit[at]]
        if out.size == 0:
            continue
        owner = owner_of[out]
        cap = gold[owner] if room is None else np.minimum(gold[owner], room[owner])
        # releases before this one in the same segment of the same member
        cum = np.cumsum(amount[out])
        head = np.r_[True, owner[1:] != owner[:-1]]
        head_at = np.flatnonzero(head)
        before = cum - amount[out] - np.repeat((cum - amount[out])[head_at],
                                               np.diff(np.r_[head_at, out.size]))
        got = np.clip(cap - before, 0, amount[out])
        released[out] = got
        np.subtract.at(gold, owner, got)  # exact: int64 throughout
        if room is not None:
            np.subtract.at(room, owner, got)
    result = np.empty(amount.size, dtype=np.int64)
    result[order] = released
    return result


def _book(model, touched, sums) -> Released:
    """Book the batch's credits and releases per member (``sums[kind]``: the fen of each kind
    for each member of ``touched``), one move per flow."""
    led = model.ledger
    credit = sums[CREDIT]
    if credit.any():
        led.move("shopping_gold_credit", "issuer", "shopping_gold", credit, dst_who=touched,
                 unique=True)
    out = Released()
    play = sums[DR1]
    out.play = led.move("release_play", "shopping_gold", "wallet", play, src_who=touched,
                        dst_who=touched, unique=True)
    levels = []
    for level, k in ((1, DR2_DIRECT), (2, DR2_INDIRECT)):
        moved = led.move("release_downline", "shopping_gold", "wallet",
                         sums[k], src_who=touched, dst_who=touched, unique=True)
        led.note_level("release_downline", level, moved)
        levels.append(moved)
    out.downline, out.downline_by_level = sum(levels), (levels[0], levels[1])
    total = sums[DR1] + sums[DR2_DIRECT] + sums[DR2_INDIRECT]
    if total.any():
        note_release(model, touched, total)
    return out
