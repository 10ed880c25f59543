"""The points pool's monthly calendar and the monthly dividend (RULEBOOK §6.2-§6.3).

Day 0 of a run is ``points.calendar_start``. In each calendar month:

* days 1-24: members may move dividend points into the pool, in whole hundreds (days 1-5
  also out; members here never move them out, A24-A25);
* at 00:00 on day 25 the pool is frozen and each member's points in it are recorded;
* at 24:00 on the last day of the month (the 28th, 29th, 30th or 31st: the freeze runs to the
  month's end, A23) the month's dividend pool is paid into wallets in proportion to the
  recorded points, each share rounded down, the remainder left in the pool for next month.
  Points are not used up by a dividend (A25). A month with no recorded points pays nothing and
  its pool carries over.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

import numpy as np

from sim.money import pro_rata


@dataclass
class PointsCalendar:
    """The calendar's state: the date of day 0, and the points recorded at this month's
    freeze (None outside the freeze)."""

    start: datetime.date
    snapshot: np.ndarray | None = None


def date_of(model, day: int) -> datetime.date:
    return model.points_calendar.start + datetime.timedelta(days=day)


def night_points(model) -> None:
    """The calendar's events at the end of ``model.day``."""
    m, led = model.members, model.ledger
    today = date_of(model, model.day)
    n = m.count
    if model.scenario.points.move_to_pool and today.day <= 24:
        free = m.dividend_points[:n]
        if free.any():  # a read of the points instead of four passes when nobody holds any
            move = free // 100 * 100
            m.dividend_points_pool[:n] += move
            free -= move
    state = model.points_calendar
    if today.day == 24:  # 00:00 on day 25: freeze and record
        state.snapshot = m.dividend_points_pool[:n].copy()
    last = calendar.monthrange(today.year, today.month)[1]
    if today.day == last and state.snapshot is not None:
        weights = state.snapshot
        pool = led["monthly_pool"]
        if pool > 0 and weights.sum() > 0:
            who = np.flatnonzero(weights != 0)
            led.move("monthly_dividend", "monthly_pool", "wallet", pro_rata(pool, weights[who]),
                     dst_who=who, unique=True)
        state.snapshot = None
