"""Commissions on every seat, win or lose (RULEBOOK §8, §10, §11).

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

The policy cap on paid levels (:mod:`sim.engine.policy`) limits how far up the chain the promotion
and ladder layers reach.
"""

from __future__ import annotations

import numpy as np

from sim.engine.arrays import Counts
from sim.engine.policy import commission_levels


def _pay(model, to: np.ndarray, amount, flow: str) -> int:
    """Credit ``amount`` (one per entry of ``to``, or one constant) to the wallets of ``to``."""
    if np.ndim(amount) == 0:
        if amount <= 0 or to.size == 0:
            return 0
        paid = Counts(to, model.members.capacity)
        return model.ledger.move(flow, "issuer", "wallet", paid.amounts(amount),
                                 dst_who=paid.who, unique=paid.unique)
    keep = amount > 0
    to, amount = to[keep], amount[keep]
    if to.size == 0:
        return 0
    return model.ledger.move(flow, "issuer", "wallet", amount, dst_who=to)


def _pay_each(model, who: np.ndarray, amount: np.ndarray, flow: str) -> int:
    """Credit ``amount[i]`` to the wallet of member ``who[i]`` (``who`` without repeats)."""
    if who.size == 0 or amount.sum() == 0:
        return 0
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
        model.ledger.note_level(flow, level, paid_here)  # for the red flags
        total += paid_here
        paid[alive] = np.maximum(paid[alive], due)
        current[alive] = m.upline[up]
        alive = alive[(current[alive] >= 0) & (paid[alive] < top)]
        level += 1
    return total


def pay_commissions(model, member: np.ndarray, params, seated: Counts | None = None) -> int:
    """All commission layers on the seats of ``member`` (robots excluded by the caller); return
    the total paid. ``seated``, if given, is ``Counts(member, population)``: the promotion
    commissions are then worked out once per member seated rather than once per seat (the
    same amounts)."""
    m, levels = model.members, commission_levels(model)
    return (promotion(model, member, params, levels, seated)
            + ladder(model, member, m.team_tier, params.team, "commission_team", levels)
            + ladder(model, member, m.store_tier, params.store, "commission_store", levels)
            + regional(model, member, params))


def promotion(model, member: np.ndarray, params, levels: int, seated: Counts | None) -> int:
    """The two-level promotion commission (§10.2): a fixed amount per seat to the direct and the
    indirect upline, if they are valid promoters today (§8) and, where ordinary members earn no
    group commission, hold a package identity (§11, A41)."""
    m, day = model.members, model.day
    ordinary_paid = model.scenario.gift.ordinary_earn_group_commission
    if seated is None or not seated.unique:
        sources, times = member, None
    else:  # each member seated today once, with their number of seats
        sources, times = seated.who, seated.times
    total = 0
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
            per = np.bincount(to, weights=times[ok], minlength=m.capacity)
            who = np.flatnonzero(per != 0)
            paid_here = _pay_each(model, who, per[who].astype(np.int64) * int(amount),
                                  "commission")
        model.ledger.note_level("commission", level, paid_here)  # for the red flags
        total += paid_here
    return total


def regional(model, member: np.ndarray, params) -> int:
    """Regional agents, by the seat's own district (§10.3): the district agent its amount, the
    city agent the city's minus the district's, the province agent the province's minus the
    city's; a missing agent's part stays with the platform."""
    g = model.geography
    if not any(params.regional) or g is None:
        return 0
    district = model.members.region[member].astype(np.int64)
    d, c, p = params.regional
    total = 0
    for agents, area, amount in ((g.district_agent, district, d),
                                 (g.city_agent, g.city_of(district), max(c - d, 0)),
                                 (g.province_agent, g.province_of(district), max(p - c, 0))):
        if amount == 0:
            continue
        to = agents[area]
        total += _pay(model, to[to >= 0], amount, "commission_regional")
    return total
