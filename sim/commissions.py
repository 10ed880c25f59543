"""Commissions on every seat, win or lose, and dynamic release 2 (RULEBOOK §5.5, §10, §11).

Four layers, each paid from the platform's promises into wallets:

* **promotion** (§10.2): the direct and the indirect upline, each a fixed amount per seat, if
  their promoter status is valid today (§8, A29) and, when ordinary members earn no group
  commission (§11, A41), if they hold a package identity;
* **team differential** (团队级差, §10.3, A38): walking up the chain, each upline with a team
  tier is paid its tier's amount minus what the tiers below already took; the walk stops once
  the highest amount has been paid; missing tiers stay with the platform;
* **store tiers** (§10.3, A39): a second ladder of the same kind;
* **regional agents** (§10.3): the seat's district agent its amount, the city agent the city
  amount minus the district's, the province agent the province's minus the city's; a missing
  agent's part stays with the platform.

The policy cap on paid levels (:mod:`sim.policy`) limits how far up the chain the promotion
and ladder layers reach.
"""

from __future__ import annotations

import numpy as np

from .arrays import Counts, add_values
from .policy import commission_levels
from .redflags import note_level


def _pay(model, to: np.ndarray, amount, flow: str) -> int:
    """Credit ``amount`` (one per entry of ``to``, or one constant) to the wallets of ``to``."""
    if np.ndim(amount) == 0:
        if amount <= 0 or to.size == 0:
            return 0
        paid = Counts(to, model.members.commissions.size)  # counted once, used twice
        paid.add(model.members.commissions, int(amount))
        return model.ledger.move(flow, "issuer", "wallet", paid.amounts(amount),
                                 dst_who=paid.who, unique=paid.unique)
    keep = amount > 0
    to, amount = to[keep], amount[keep]
    if to.size == 0:
        return 0
    add_values(model.members.commissions, to, amount)
    return model.ledger.move(flow, "issuer", "wallet", amount, dst_who=to)


def _pay_each(model, who: np.ndarray, amount: np.ndarray, flow: str) -> int:
    """Credit ``amount[i]`` to member ``who[i]`` (``who`` without repeats): commissions and
    wallet."""
    if who.size == 0 or amount.sum() == 0:
        return 0
    model.members.commissions[who] += amount
    return model.ledger.move(flow, "issuer", "wallet", amount, dst_who=who, unique=True)


def ladder(model, member: np.ndarray, tier: np.ndarray, amounts: tuple, flow: str,
           levels: int) -> int:
    """Pay a differential ladder up each seat's upline chain; return the total paid."""
    amounts = np.asarray(amounts, dtype=np.int64)
    top = int(amounts.max())
    if top == 0 or levels < 1:
        return 0
    m = model.members
    current = m.upline[member].astype(np.int64)
    paid = np.zeros(member.size, dtype=np.int64)
    alive = np.flatnonzero(current >= 0)
    total, level = 0, 1
    while alive.size and level <= levels:
        up = current[alive]
        due = amounts[tier[up]]
        extra = due - paid[alive]
        paid_here = _pay(model, up, extra, flow)
        note_level(model, flow, level, paid_here)  # for the red flags (sim.redflags)
        total += paid_here
        paid[alive] = np.maximum(paid[alive], due)
        current[alive] = m.upline[up]
        alive = alive[(current[alive] >= 0) & (paid[alive] < top)]
        level += 1
    return total


def pay_commissions(model, member: np.ndarray, params, seated: Counts | None = None) -> int:
    """All commission layers on the seats of ``member`` (robots excluded by the caller).
    ``seated``, if given, is ``Counts(member, population)``: the promotion commissions are then
    worked out once per member seated rather than once per seat (the same amounts)."""
    m, day = model.members, model.day
    levels = commission_levels(model)
    total = 0
    # promotion, two levels (§10.2), to valid promoters (§8)
    ordinary_paid = model.scenario.gift.ordinary_earn_group_commission
    if seated is None or not seated.unique:
        seated = None
        sources, times = member, None
    else:  # each member seated today once, with their number of seats
        sources, times = seated.who, seated.times
    for level, uplines, amount in ((1, m.upline[sources], params.level1),
                                   (2, m.upline2[sources], params.level2)):
        if amount == 0 or level > levels:
            continue
        ok = uplines >= 0
        safe = np.maximum(uplines, 0)
        if params.require_promoter:
            ok &= m.promoter_until[safe] >= day
        if not ordinary_paid:
            ok &= m.identity[safe] > 0
        to = uplines[ok].astype(np.int64)
        if times is None:
            paid_here = _pay(model, to, amount, "commission")
        else:  # seats per upline: exact in float64 (counts far below 2**53)
            per = np.bincount(to, weights=times[ok], minlength=m.commissions.size)
            who = np.flatnonzero(per)
            paid_here = _pay_each(model, who, per[who].astype(np.int64) * int(amount),
                                  "commission")
        note_level(model, "commission", level, paid_here)  # for the red flags (sim.redflags)
        total += paid_here
    # differential ladders (§10.3)
    total += ladder(model, member, m.team_tier, params.team, "commission_team", levels)
    total += ladder(model, member, m.store_tier, params.store, "commission_store", levels)
    # regional agents, by the seat's own district (§10.3)
    if any(params.regional) and model.geography is not None:
        g = model.geography
        district = m.region[member].astype(np.int64)
        d, c, p = params.regional
        for agents, area, amount in ((g.district_agent, district, d),
                                     (g.city_agent, g.city_of(district), max(c - d, 0)),
                                     (g.province_agent, g.province_of(district), max(p - c, 0))):
            if amount == 0:
                continue
            to = agents[area]
            to = to[to >= 0]
            total += _pay(model, to, amount, "commission_regional")
    return total


def downline_release(model, member: np.ndarray, params) -> int:
    """Dynamic release 2 (§5.5, A21): each seat releases a fixed amount of its direct upline's
    shopping gold, and of its indirect upline's, into their wallets, capped by what they hold.
    Requests to one upline on one batch are summed, then capped (the same as one after another
    with a fixed amount); the direct uplines' are applied before the indirect uplines'."""
    from .policy import note_release, release_room

    m, led = model.members, model.ledger
    total = 0
    for level, uplines, amount in ((1, m.upline[member], params.release_direct),
                                   (2, m.upline2[member], params.release_indirect)):
        if amount == 0:
            continue
        up = uplines[uplines >= 0].astype(np.int64)
        if up.size == 0:
            continue
        who, count = np.unique(up, return_counts=True)
        release = np.minimum(count * amount, led.shopping_gold[who])
        room = release_room(model, who)
        if room is not None:
            release = np.minimum(release, room)
        moved = led.move("release_downline", "shopping_gold", "wallet", release, src_who=who,
                         dst_who=who, unique=True)
        note_level(model, "release_downline", level, moved)
        total += moved
        m.released[who] += release
        note_release(model, who, release)
    return total
