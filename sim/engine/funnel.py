"""The organised "7+21" funnel of 怎么做社交电商怎么起步 as a second recruitment channel (RULEBOOK §2).

Every 7 days from ``start_day``, each of the funnel's regions pulls a group of ``group_size``
people (``new_fraction`` of them new to the scheme, A2) into a 7-day warm-up; at its end a
share ``conversion`` (A3) type "1" and go through 21 days of tasks; on the day the tasks end
they join as members, each with a member of that region as direct upline (the shop owner who
pulled them, A7; a random member of the region, or of the whole scheme if the region has
none yet). The outside stall and a crackdown cut the funnel as they cut invitations. A task
reward (A4), if set, is cash the platform pays each convert.
"""

from __future__ import annotations

import numpy as np



def funnel_arrivals(model, factor: float) -> tuple[np.ndarray, np.ndarray]:
    """Converts joining today: (upline per convert, region per convert)."""
    f, m, day = model.scenario.funnel, model.members, model.day
    empty = np.empty(0, dtype=np.int64)
    if not f.enabled or factor == 0.0:
        return empty, empty
    opened = day - f.warmup_days - f.task_days  # the groups whose tasks end today
    if opened < f.start_day or (opened - f.start_day) % 7:
        return empty, empty
    rng = model.streams.funnel
    districts = model.scenario.recruitment.regions
    people = int(f.group_size * f.new_fraction)
    converts = rng.binomial(people, f.conversion * factor, size=f.regions)
    region = np.repeat(np.arange(f.regions) % districts, converts)
    n = m.count
    upline = np.full(region.size, -1, dtype=np.int64)
    if n:
        members_region = m.region[:n]
        for r in np.unique(region):
            pool = np.flatnonzero(members_region == r)
            if pool.size == 0:
                pool = np.arange(n)
            at = np.flatnonzero(region == r)
            upline[at] = pool[rng.integers(0, pool.size, size=at.size)]
    return upline, region


def pay_task_rewards(model, ids: np.ndarray) -> None:
    """The task reward (A4), paid in cash to each convert, as far as the platform's cash goes:
    when it is short, each convert gets the cash divided by the number of converts, rounded
    down (the platform keeps the remainder)."""
    reward = model.params.task_reward
    if reward and ids.size:
        each = min(reward, model.ledger["platform_cash"] // ids.size)
        model.ledger.move("task_reward", "platform_cash", "pocket", np.full(ids.size, each),
                          dst_who=ids, unique=True)

