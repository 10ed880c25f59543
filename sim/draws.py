"""Steps 3-4 for one price zone: full groups, their draws and their settlement.

Without hidden rules every group is drawn at once, uniformly (RULEBOOK §3.6). With hidden
rules the groups are drawn level by level (see :mod:`sim.hidden`), each level's forced losers
judged on the counters its members hold at that moment. Robot seats (RULEBOOK §3.5) take part
in the draw but pay and receive nothing.
"""

from __future__ import annotations

import numpy as np

from . import hidden
from .groups import ROBOT, draw_winners, take_groups
from .settlement import refund, settle


def _add(totals: dict, part: dict) -> None:
    for key, value in part.items():
        totals[key] = totals.get(key, 0) + value


def _settle_real(model, seats, win, params, groups: int) -> dict:
    real = seats.member != ROBOT
    return settle(model, seats.select(real), win[real], params, groups=groups)


def fail(model, seats, params) -> None:
    """Groups dissolved under ``fail_and_reopen``: every stake back, nothing paid, and the
    members' trust dented (MODEL.md §3)."""
    real = seats.select(seats.member != ROBOT)
    refund(model, real.member, real.from_wallet, params.stake, flow="failed_refund")
    loss = np.float32(model.scenario.behaviour.trust_failed_group_loss)
    if loss and len(real):
        who = np.unique(real.member)
        model.members.trust[who] = np.maximum(model.members.trust[who] - loss, 0.0)


def run_zone(model, zone: int, params) -> dict:
    """Form, draw and settle today's groups in ``zone``; return the day's totals."""
    formed, robots = take_groups(model, zone)
    n, w = params.group_size, params.winners
    groups = len(formed) // n
    totals = {"formed_seats": len(formed), "robot_seats": robots, "failed_groups": 0}
    if groups == 0:
        return totals
    if not hidden.active(model.scenario):
        win = draw_winners(model.streams.draws, groups, n, w)
        _add(totals, _settle_real(model, formed, win, params, groups))
        return totals
    level = hidden.group_levels(formed.member, n)
    for lv in range(int(level.max()) + 1):
        chosen = np.flatnonzero(level == lv)
        seats = formed.select((chosen[:, None] * n + np.arange(n)).reshape(-1))
        forced = hidden.forced_losers(model, seats, n)
        win, ok = hidden.resolve(model, seats, n, w, forced)
        if not ok.all():
            fail(model, seats.select(np.repeat(~ok, n)), params)
            totals["failed_groups"] += int((~ok).sum())
        keep = np.repeat(ok, n)
        drawn, won, priv = seats.select(keep), win[keep], forced[keep]
        _add(totals, _settle_real(model, drawn, won, params, int(ok.sum())))
        real = drawn.member != ROBOT
        hidden.update_counters(model, drawn.member[real], won[real], priv[real])
    return totals
