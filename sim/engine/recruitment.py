"""Step 1 of the day: recruitment by peer invitation, and the stall (MODEL.md §2).

Every valid promoter (RULEBOOK §8) sends invitations at ``invite_rate`` a day. An invitation
lands on someone who has not joined yet with probability equal to the share of the population
not yet joined, so growth saturates on its own; that person joins with probability
``conversion`` and the inviter becomes the direct upline. From ``stall_day`` on, recruitment is
multiplied by ``stall_factor``. The number of joiners per promoter is Poisson (an independent
thinning of a Poisson number of invitations).
"""

from __future__ import annotations

import numpy as np

from sim.engine.funnel import funnel_arrivals, pay_task_rewards
from sim.engine.joining import on_join
from sim.engine.members import ACTIVE
from sim.engine.policy import active_from


def draw_budgets(model, k: int) -> np.ndarray:
    b = model.scenario.behaviour
    rng = model.streams.budget
    budgets = rng.lognormal(mean=np.log(model.params.budget_median), sigma=b.budget_sigma, size=k)
    return np.maximum(np.round(budgets), 0).astype(np.int64)


def admit(model, day: int, upline: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Add new members with these uplines and regions; draw their budgets (large prepaid
    customers, A11, from their own distribution) and give them what joining gives
    (:func:`sim.engine.joining.on_join`). Return their ids."""
    sc, m = model.scenario, model.members
    k = int(upline.size)
    budgets = draw_budgets(model, k)
    z = sc.zones
    large = None
    if z.large_prepaid_share > 0:
        rng = model.streams.zones
        large = rng.random(k) < z.large_prepaid_share
        big = rng.lognormal(np.log(model.params.large_budget_median), sc.behaviour.budget_sigma, k)
        budgets = np.where(large, np.round(big).astype(np.int64), budgets)
    ids = m.add(k, day, upline, region, budgets, sc.behaviour.trust_initial)
    if large is not None:
        model.large_members[ids] = large
    on_join(model, ids)
    return ids


def founders(model) -> int:
    """Members on day 0: ``founders_share`` of the population, rounded up."""
    share_ppm = model.params.founders_ppm
    return min(-(-model.members.capacity * share_ppm // 1_000_000), model.members.capacity)


def recruit(model) -> int:
    """Add today's new members; return how many were recruited (founders do not count)."""
    sc, m, day = model.scenario, model.members, model.day
    rec = sc.recruitment
    if day == 0:
        k = founders(model)
        if k == 0:
            return 0
        region = model.streams.regions.integers(0, rec.regions, size=k)
        admit(model, day, np.full(k, -1, dtype=np.int64), region)
        return 0
    room = m.capacity - m.count
    if room <= 0 or model.collapsed:
        return 0
    factor = rec.stall_factor if (rec.stall_day is not None and day >= rec.stall_day) else 1.0
    if active_from(sc.policy.crackdown_day, day):  # policy lever: recruiting banned
        factor = 0.0
    joined = 0
    upline, region = funnel_arrivals(model, factor)  # the 7+21 funnel of file 003
    if upline.size:
        upline, region = upline[:room], region[:room]
        ids = admit(model, day, upline, region)
        pay_task_rewards(model, ids)
        joined = int(ids.size)
        room -= joined
        if room <= 0:
            return joined
    # invitations sent yesterday by the then-valid promoters land today
    promoters = np.flatnonzero((m.view("promoter_until") >= day - 1) & (m.view("status") == ACTIVE))
    if promoters.size == 0 or factor == 0.0:
        return joined
    lam = rec.invite_rate * factor * rec.conversion * (room / m.capacity)
    joins = model.streams.recruitment.poisson(lam, size=promoters.size)
    inviters = np.repeat(promoters, joins)
    if inviters.size > room:  # more successful invitations than people left: keep a random few
        keep = np.sort(model.streams.recruitment.choice(inviters.size, size=room, replace=False))
        inviters = inviters[keep]
    k = int(inviters.size)
    if k:
        admit(model, day, inviters, m.region[inviters])
    return joined + k
