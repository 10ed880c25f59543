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


#: The largest budget a member may have, fen (10^16 yuan). No member can spend more in any
#: valid run: at most 1,000 seats a day (draw.daily_cap) at the largest stake (10^9 yuan, a
#: large zone's) for 3,650 days is 3.65 * 10^17 fen, plus four gift packages of at most 10^7
#: yuan. So capping a budget here changes nothing a member does; it only keeps a far tail of
#: the log-normal (a median of 10^8 yuan with sigma 5) from overflowing int64 fen, where it
#: would wrap to a large negative number.
BUDGET_CAP_FEN = 10**18


def as_budgets(draws: np.ndarray) -> np.ndarray:
    """Log-normal draws (fen, float) as whole-fen budgets: rounded, capped at
    :data:`BUDGET_CAP_FEN` (before the conversion, so nothing wraps)."""
    return np.round(np.clip(draws, 0, BUDGET_CAP_FEN)).astype(np.int64)


def draw_budgets(model, k: int) -> np.ndarray:
    b = model.scenario.behaviour
    rng = model.streams.budget
    budgets = rng.lognormal(mean=np.log(model.params.budget_median), sigma=b.budget_sigma, size=k)
    return as_budgets(budgets)


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
        budgets = np.where(large, as_budgets(big), budgets)
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
    upline, region = funnel_arrivals(model, factor)  # the 7+21 funnel of 怎么做社交电商怎么起步 (RULEBOOK §2)
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
