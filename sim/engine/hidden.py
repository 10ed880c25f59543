"""The operator's hidden rules: who must lose, and what happens when too many must
(RULEBOOK §9).

Forced losses are welcome to a member: losing pays the stake back plus a reward, so a forced
loss is a "no-win privilege" (不中奖特权).

* Rule 1 (A30): in each group, going through the seats in join order, the first member on
  their first play of the day must lose (``literal_seat1``: only the first seat is looked at).
* Rule 2: the same for a member's first play ever. Rules 1 and 2 may pick two people.
* Rule 3: after ``streak_wins`` wins in a row, the next ``streak_losses`` plays must lose.
* Rule 4: after ``privilege_after_wins`` cumulative wins (again at every multiple with
  ``privilege_rearm``, A32), the next ``privilege_losses`` plays must lose. Overlapping grants
  do not add up: the larger one counts (A33).
* Rule 5 (A34): plays are counted in consecutive blocks of ``window_plays`` from the first;
  once a member has ``window_max_wins`` wins in a block, the rest of the block must lose.

Only seats of groups actually drawn count as plays (A31). A conflict is a group with fewer
eligible seats than winners (A35). Under ``fail_and_reopen`` (成团流失) the group fails: every
stake is refunded, nothing is paid, no counter moves (A36; here the dissolved group's members
may join again the next day, rather than being requeued). Under ``random_draw`` (随机开奖) the
group goes ahead: every eligible seat wins and the remaining wins are drawn among the
privileged ones, whose privilege is set aside for that draw only (A37; ``void_permanently``: a
privileged winner loses the rest of it).

A member's outcome in one group changes what they may do in their next group, so groups that
share a member are drawn one after another: each group gets a *level*, one more than the level
of the previous group of any of its members, and each level is drawn as one array operation.
"""

from __future__ import annotations

import numpy as np

from sim.engine.arrays import waves
from sim.engine.groups import ROBOT


def active(sc) -> bool:
    h = sc.hidden
    return bool(h.first_of_day_loses or h.new_user_loses or h.streak_wins
                or h.privilege_after_wins or h.window_plays)


def group_levels(member: np.ndarray, n: int) -> np.ndarray:
    """Level of each group: 0, or one more than the level of any earlier group that shares a
    member with it. Seats are in group order (``n`` per group)."""
    groups = member.size // n
    level = np.zeros(groups, dtype=np.int64)
    real = np.flatnonzero(member != ROBOT)
    if real.size == 0:
        return level
    order = real[np.argsort(member[real], kind="stable")]
    same = member[order[1:]] == member[order[:-1]]
    prev_g = order[:-1][same] // n
    next_g = order[1:][same] // n
    step = prev_g != next_g
    prev_g, next_g = prev_g[step], next_g[step]
    while prev_g.size:
        new = level.copy()
        np.maximum.at(new, next_g, level[prev_g] + 1)
        if np.array_equal(new, level):
            break
        level = new
    return level


def forced_losers(model, seats, n: int) -> np.ndarray:
    """Seats that must lose under rules 1-5, given the members' counters now."""
    h, m = model.scenario.hidden, model.members
    member = seats.member
    real = member != ROBOT
    safe = np.where(real, member, 0)
    forced = np.zeros(member.size, dtype=bool)
    forced |= real & (m.forced_losses_left[safe] > 0)
    if h.window_plays:
        forced |= real & (m.window_wins[safe] >= h.window_max_wins)
    for on, flag in ((h.first_of_day_loses, seats.first_today), (h.new_user_loses, seats.first_ever)):
        if not on:
            continue
        qualifies = (flag & real).reshape(-1, n)
        if h.literal_seat1:
            pick = np.zeros_like(qualifies)
            pick[:, 0] = qualifies[:, 0]
        else:
            first = qualifies.argmax(axis=1)
            pick = np.zeros_like(qualifies)
            rows = np.flatnonzero(qualifies.any(axis=1))
            pick[rows, first[rows]] = True
        forced |= pick.reshape(-1)
    return forced


def update_counters(model, member: np.ndarray, win: np.ndarray, forced: np.ndarray) -> None:
    """Counters after a drawn group (RULEBOOK §9.3): seats of real members, in order, one
    wave per repeat of a member."""
    h, m = model.scenario.hidden, model.members
    for idx in waves(member, model.scratch):
        who, won, priv = member[idx], win[idx], forced[idx]
        streak = np.where(won, m.win_streak[who] + 1, 0)
        total = m.total_wins_counted[who] + won
        left = m.forced_losses_left[who]
        left = np.where(~won & (left > 0), left - 1, left)  # a loss uses up a forced loss
        if h.void_permanently:
            left = np.where(won & priv, 0, left)
        if h.streak_wins:
            hit = won & (streak >= h.streak_wins)
            left = np.where(hit, np.maximum(left, h.streak_losses), left)
            streak = np.where(hit, 0, streak)
        if h.privilege_after_wins:
            k = h.privilege_after_wins
            hit = won & ((total % k == 0) if h.privilege_rearm else (total == k))
            left = np.where(hit, np.maximum(left, h.privilege_losses), left)
        m.win_streak[who] = streak
        m.total_wins_counted[who] = total
        m.forced_losses_left[who] = left
        if h.window_plays:
            plays = m.window_plays[who] + 1
            wins = m.window_wins[who] + won
            full = plays >= h.window_plays
            m.window_plays[who] = np.where(full, 0, plays)
            m.window_wins[who] = np.where(full, 0, wins)


def resolve(model, seats, n: int, w: int, forced: np.ndarray, robot: np.ndarray | None = None):
    """Draw the groups of one level under the hidden rules.

    ``robot``, when given, marks robot seats that may not win (``robots.can_win`` false,
    RULEBOOK §3.5): they are never winners, so a group has ``min(w, real seats)`` wins to
    give, and a conflict is fewer eligible real seats than that.

    Returns (win, ok_groups): the winners over all seats, and which groups were drawn (the
    others failed under ``fail_and_reopen``)."""
    h = model.scenario.hidden
    groups = len(seats) // n
    eligible = ~forced
    wins_due = np.full(groups, w)
    if robot is not None:
        eligible = eligible & ~robot
        wins_due = np.minimum(w, (~robot).reshape(groups, n).sum(axis=1))
    count = eligible.reshape(groups, n).sum(axis=1)
    conflict = count < wins_due
    rng = model.streams.draws
    keys = rng.random((groups, n))
    if h.conflict == "fail_and_reopen":
        ok = ~conflict
        keys[~eligible.reshape(groups, n)] = 2.0
    else:  # random_draw: the eligible first, then the privileged at random (A37)
        ok = np.ones(groups, dtype=bool)
        keys[~eligible.reshape(groups, n)] += 1.0
    if robot is not None:
        keys[robot.reshape(groups, n)] = 3.0  # after every real seat
    win = np.zeros((groups, n), dtype=bool)
    if w:
        chosen = np.argpartition(keys, w - 1, axis=1)[:, :w] if w < n else np.tile(np.arange(n), (groups, 1))
        np.put_along_axis(win, chosen, True, axis=1)
    win[~ok] = False
    if robot is not None:
        win &= ~robot.reshape(groups, n)
    return win.reshape(-1), ok
