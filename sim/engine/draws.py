"""Steps 3-4 for one price zone: full groups, their draws and their settlement.

Without hidden rules every group is drawn at once, uniformly (RULEBOOK §3.6). With hidden
rules the groups are drawn level by level (see :mod:`sim.engine.hidden`), each level's forced losers
judged on the counters its members hold at that moment. Robot seats (RULEBOOK §3.5) take part
in the draw but pay and receive nothing.
"""

from __future__ import annotations

import numpy as np

from sim.engine import hidden
from sim.engine.groups import ROBOT, draw_winners, made_seats, take_groups
from sim.engine.settlement import DrawTotals, refund, settle


def _settle_real(model, seats, win, params, groups: int) -> DrawTotals:
    """Settle the drawn groups ``seats`` (group order, ``groups`` of them): robots take part in
    the draw but pay and receive nothing (RULEBOOK §3.5, A13)."""
    real = seats.member != ROBOT
    group = np.flatnonzero(real) // params.group_size
    return settle(model, seats.select(real), win[real], group, params, groups)


def fail(model, seats, params) -> None:
    """Groups dissolved under ``fail_and_reopen``: every stake back, nothing paid, and the
    members' trust dented (MODEL.md §3)."""
    real = seats.select(seats.member != ROBOT)
    refund(model, real.member, real.from_wallet, params.stake, flow="failed_refund")
    loss = np.float32(model.scenario.behaviour.trust_failed_group_loss)
    if loss and len(real):
        who = np.unique(real.member)
        model.members.trust[who] = np.maximum(model.members.trust[who] - loss, 0.0)


def run_zone(model, zone: int, params) -> DrawTotals:
    """Form, draw and settle today's groups in ``zone``; return the day's totals."""
    formed, robots = take_groups(model, zone)
    n, w = params.group_size, params.winners
    groups = len(formed) // n
    totals = DrawTotals(formed_seats=len(formed), robot_seats=robots)
    if groups == 0:
        return totals
    # robots that may not win (RULEBOOK §3.5, A13) are never among a group's winners
    robot = formed.member == ROBOT if (robots and not model.scenario.robots.can_win) else None
    if not hidden.active(model.scenario):
        win = draw_winners(model.streams.draws, groups, n, w,
                           eligible=None if robot is None else ~robot)
        made = made_seats(model, zone, formed, win)  # the same sums, in a cheaper order
        if made is None:
            totals += _settle_real(model, formed, win, params, groups)
        else:
            totals += settle(model, *made, params, groups)
        return totals
    level = hidden.group_levels(formed.member, n)
    for lv in range(int(level.max()) + 1):
        chosen = np.flatnonzero(level == lv)
        seats_at = (chosen[:, None] * n + np.arange(n)).reshape(-1)
        seats = formed.select(seats_at)
        forced = hidden.forced_losers(model, seats, n)
        win, ok = hidden.resolve(model, seats, n, w, forced,
                                 robot=None if robot is None else robot[seats_at])
        if not ok.all():
            fail(model, seats.select(np.repeat(~ok, n)), params)
            totals.failed_groups += int((~ok).sum())
        keep = np.repeat(ok, n)
        drawn, won, priv = seats.select(keep), win[keep], forced[keep]
        totals += _settle_real(model, drawn, won, params, int(ok.sum()))
        real = drawn.member != ROBOT
        hidden.update_counters(model, drawn.member[real], won[real], priv[real])
    return totals
