"""Step 2 of the day: each member's trust, quitting, and how many seats to take (MODEL.md §3).

* Trust falls every day by ``trust_newcomer_loss`` times how far the last week's newcomers
  have fallen below the best week so far. Whose newcomers is ``behaviour.newcomers_watched``:
  with ``'downline'`` (the default) each member watches their own downline (every level below
  them, :class:`sim.engine.seen.DownlineWatch`); with ``'everyone'`` every member watches the
  whole scheme's newcomers (one signal for all: the rule before the network). Either way no
  trend is read while the watched best week (the member's downline's, or the scheme's) has
  brought fewer than ``behaviour.downline_notice_min`` newcomers (default
  :data:`NOTICEABLE_WEEK`, 10).
  (Waiting withdrawals lower trust too; that is in :mod:`sim.engine.withdrawals`.)
* With ``network.local_trust`` (on by default; an assumption), trust also falls every day by
  ``network.trust_contact_quit_loss`` times the share of the member's own contacts in the
  scheme who have quit (kept up to date by :class:`sim.engine.seen.ContactTally`; counted
  from scratch by :func:`contacts_quit_share`): doubt spreads through the network that
  recruitment used (MODEL.md §3). When well mixed everyone's contacts are everyone, so it is
  the share of all other members who have quit.
* A member whose trust falls below ``quit_threshold`` quits: stops playing and, from then on,
  asks for the whole wallet (see :mod:`sim.engine.withdrawals`).
* Seats: Poisson with mean ``trust * (seats_per_day + shopping_gold_hook * hooked)``, where
  a member is hooked who holds shopping gold or unused forced losses (both only pay out by
  playing),
  capped by the daily cap and by what the wallet plus the rest of the budget can pay.
"""

from __future__ import annotations

import numpy as np

from sim.engine.members import ACTIVE, QUIT


#: The default of ``behaviour.downline_notice_min``: members only notice a slowdown once the
#: watched best week has brought at least this many newcomers (assumption: a handful of
#: joiners more or less is noise nobody reads as a trend). The engine reads the scenario's
#: field; this name stays for the code that imported it.
NOTICEABLE_WEEK = 10


def newcomer_fall(history: list[int], noticeable: int = NOTICEABLE_WEEK) -> float:
    """How far the last 7 days' newcomers are below the best 7-day total so far, in [0, 1];
    0 while the best 7 days brought fewer than ``noticeable`` newcomers."""
    if len(history) < 7:
        return 0.0
    weekly = np.convolve(np.asarray(history, dtype=np.float64), np.ones(7), mode="valid")
    best = weekly.max()
    if best < noticeable:
        return 0.0
    return float(max(0.0, 1.0 - weekly[-1] / best))


def contacts_quit_share(model, ids: np.ndarray) -> np.ndarray:
    """Per member of ``ids``: of their contacts who have joined, the share who have quit (0
    for a member with no contact in the scheme), float64."""
    m, net = model.members, model.network
    n = m.count
    people = m.person[:n]
    joined = np.zeros(net.n, dtype=bool)
    joined[people] = True
    quit_ = np.zeros(net.n, dtype=bool)
    quit_[people[m.status[:n] == QUIT]] = True
    who = m.person[ids]
    in_scheme = net.count_among(who, joined)
    gone = net.count_among(who, quit_)
    return gone / np.maximum(in_scheme, 1)


def update_trust(model) -> np.ndarray:
    """Today's trust from what each member sees, then today's quitters (see the module's
    docstring); the quitters are told to the contact tally. Return the members still active,
    in increasing order (what :func:`choose_seats` would look up again)."""
    b, m = model.scenario.behaviour, model.members
    if b.trust_newcomer_loss > 0:
        noticeable = b.downline_notice_min
        if model.downline_watch is None:  # 'everyone': one signal for all
            fall = newcomer_fall(model.new_members_history, noticeable)
            if fall > 0:
                trust = m.view("trust")
                trust -= np.float32(b.trust_newcomer_loss * fall)
                np.clip(trust, 0.0, 1.0, out=trust)
        else:
            watched = np.flatnonzero(model.downline_watch.best[:m.count] >= noticeable)
            fall = model.downline_watch.fall(watched, noticeable)
            hit = fall > 0
            if hit.any():
                ids = watched[hit]
                m.trust[ids] = np.clip(m.trust[ids] - np.float32(b.trust_newcomer_loss)
                                       * fall[hit].astype(np.float32), 0.0, 1.0)
    net, tally = model.scenario.network, model.contact_tally
    ids = np.flatnonzero(m.view("status") == ACTIVE)
    if tally is not None and net.trust_contact_quit_loss > 0 and tally.quits > 0:
        loss = net.trust_contact_quit_loss * tally.quit_share(m.person[ids])
        m.trust[ids] = np.clip(m.trust[ids] - loss.astype(np.float32), 0.0, 1.0)
    low = m.trust[ids] < b.quit_threshold
    if not low.any():
        return ids
    quitting = ids[low]
    m.status[quitting] = QUIT
    if tally is not None:
        tally.add_quit(m.person[quitting])
    return ids[~low]


def choose_seats(model, active: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return (member ids, seats wanted today) for members who take at least one seat.
    ``active``: the active members in increasing order, when the caller has them
    (:func:`update_trust` returns them); looked up otherwise."""
    if model.collapsed:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    b, m, p, led = model.scenario.behaviour, model.members, model.params, model.ledger
    ids = np.flatnonzero(m.view("status") == ACTIVE) if active is None else active
    if ids.size == 0:
        return ids, np.empty(0, dtype=np.int64)
    # the hook: shopping gold that only playing releases, or forced losses (a paying
    # privilege) that only playing uses
    hooked = (led.shopping_gold[ids] > 0) | (m.forced_losses_left[ids] > 0)
    mean = m.trust[ids].astype(np.float64) * (b.seats_per_day + b.shopping_gold_hook * hooked)
    want = model.streams.decisions.poisson(mean)
    want = np.minimum(want, p.daily_cap)
    stakes = model.zone_stakes_array
    # one zone: one stake, and a division by one number is several times faster
    stake = stakes[0] if stakes.size == 1 else stakes[m.zone[ids]]
    budget_left = np.maximum(m.budget[ids] - led.net_paid_in(ids), 0)
    afford = led.wallet[ids] // stake + budget_left // stake
    want = np.minimum(want, afford)
    keep = want > 0
    return ids[keep], want[keep].astype(np.int64)
