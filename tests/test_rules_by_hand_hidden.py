"""The hidden rules (RULEBOOK §9) through ``model.step()``, on cases worked out by hand.

Written to kill the mutants that survived in :mod:`sim.engine.hidden` and
:mod:`sim.engine.draws` (docs/mutation.md). Every case is built so that the draw has no
choice to make, or so that what is checked does not depend on it: a group of 2 with 1 winner
in which exactly one seat may win is decided by the rules alone (RULEBOOK §3.6: the w winners
are drawn among the eligible seats, so when exactly w are eligible they all win).

The controlled model of ``tests/conftest.py``: nobody is recruited, a member with trust 1 takes
one seat a day (``draw.daily_cap``), nobody withdraws, case-1 money (P = 100 yuan, loser
reward 3 yuan, dynamic release 5 yuan a play). Money in fen.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import P, controlled_model

PAIR = ("draw.group_size=2", "draw.winners=1")
#: turns the hidden-rule machinery on (RULEBOOK §9: rule 4 with a threshold no test reaches)
#: without any rule firing, so the draws go level by level through sim.engine.hidden
HIDDEN_ON = ("hidden.privilege_after_wins=100000", "hidden.privilege_losses=1")
#: arrival order of 20 members' seats (one each) that makes the groups of 2 (0, 10), (1, 11)...
PAIRS = [i // 2 + 10 * (i % 2) for i in range(20)]


class FixedArrival:
    """Stands in for the 'queue' stream: today's seats arrive in the order given (positions in
    the list of seats as the members chose them, i.e. by member id, a member's seats together)."""

    def __init__(self, order):
        self.order = np.asarray(order, dtype=np.int64)

    def permutation(self, k):
        assert k == self.order.size, f"{k} seats today, the test expected {self.order.size}"
        return self.order.copy()


def run_days(model, days):
    """Step ``days`` days; return per day (wins of each member that day, forced losses left
    after it)."""
    m = model.members
    n = m.count
    out = []
    for _ in range(days):
        before = m.wins[:n].copy()
        model.step()
        out.append(((m.wins[:n] - before).tolist(), m.forced_losses_left[:n].tolist()))
    return out


# ---------------------------------------------------------------------------------------
# Rule 3: K3 wins in a row, then M3 forced losses (RULEBOOK §9.1 rule 3, §9.3 counters)
# ---------------------------------------------------------------------------------------


def test_rule3_two_members_take_turns_by_hand():
    """Rule 3 with K3 = 2, M3 = 2; A (0) and B (1) in groups of 2 with 1 winner; B starts
    with 2 forced losses. Each day exactly one of them may win, so that one wins (§3.6):

    day 0: B forced (2) -> A wins, A streak 1; B's loss uses one (§9.3): B 1.
    day 1: B forced (1) -> A wins, A streak 2 = K3: A gets M3 = 2 forced losses, streak
           starts again at 0; B 0.
    day 2: A forced (2) -> B wins, B streak 1; A 1.
    day 3: A forced (1) -> B wins, B streak 2: B gets 2; A 0.
    days 4-7: the same again.
    So A wins on days 0, 1, 4, 5 and B on 2, 3, 6, 7; forced losses left after each day
    (A, B): (0, 1) (2, 0) (1, 0) (0, 2), and again. The daily privilege_seats column is their
    sum: 1, 2, 1, 2, ... A loss with no forced loss left would make the count negative: it
    never does."""
    model = controlled_model([-1, -1], overrides=[*PAIR, "hidden.streak_wins=2",
                                                  "hidden.streak_losses=2"])
    model.members.forced_losses_left[1] = 2
    got = run_days(model, 8)
    assert [w for w, _ in got] == [[1, 0], [1, 0], [0, 1], [0, 1]] * 2
    assert [f for _, f in got] == [[0, 1], [2, 0], [1, 0], [0, 2]] * 2
    assert [r["privilege_seats"] for r in model.rows] == [1, 2, 1, 2] * 2
    assert [r["failed_groups"] for r in model.rows] == [0] * 8


def test_a_loss_without_privilege_leaves_the_count_at_zero():
    """§9.3 counters: a loser's forced losses go down by one only if there are any. Two
    members, groups of 2 with 1 winner, the hidden rules on but none firing: every day one
    wins and one loses, and nobody ever holds a forced loss: 0 each, privilege_seats 0."""
    model = controlled_model([-1, -1], overrides=[*PAIR, *HIDDEN_ON])
    got = run_days(model, 4)
    assert all(sum(w) == 1 for w, _ in got)
    assert all(f == [0, 0] for _, f in got)
    assert [r["privilege_seats"] for r in model.rows] == [0, 0, 0, 0]


def test_one_forced_loss_left_still_forces_the_loss():
    """§9.3: a member with forced_losses_remaining > 0 is a forced loser; 1 is > 0. Ten pairs
    (0, 10), (1, 11) ... (9, 19) in groups of 2 with 1 winner; members 0-9 hold exactly one
    forced loss each. Day 0: in every pair the member without a forced loss wins, and the other
    uses up its one forced loss: wins 0 for 0-9, 1 for 10-19; forced losses all 0."""
    n = 20
    model = controlled_model([-1] * n, overrides=[*PAIR, *HIDDEN_ON])
    model.members.forced_losses_left[:10] = 1
    model.streams.queue = FixedArrival(PAIRS)
    model.step()
    assert model.members.wins[:n].tolist() == [0] * 10 + [1] * 10
    assert model.members.forced_losses_left[:n].tolist() == [0] * n


# ---------------------------------------------------------------------------------------
# Rule 4: K4 cumulative wins, then M4 forced losses; re-armed or once (A32, A33)
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("rearm, left_after_day5", [(True, [2, 0]), (False, [0, 0])])
def test_rule4_once_or_at_every_multiple_by_hand(rearm, left_after_day5):
    """Rule 4 with K4 = 2, M4 = 2; A (0) and B (1) in groups of 2 with 1 winner; B starts
    with 2 forced losses, so each day exactly one may win:

    day 0: B forced -> A wins (A's 1st win); B 1 left.
    day 1: B forced -> A wins (2nd = K4): A gets 2; B 0.
    day 2: A forced -> B wins (B's 1st); A 1.     day 3: A forced -> B wins (2nd): B 2; A 0.
    day 4: B forced -> A wins (3rd: not a multiple of 2); B 1.
    day 5: B forced -> A wins (4th): re-armed (A32, ``privilege_rearm``) at every multiple of
           K4, A gets 2 again; triggered once only, A gets nothing. B 0 either way.
    Forced losses left after day 5: (2, 0) re-armed, (0, 0) once."""
    model = controlled_model([-1, -1], overrides=[
        *PAIR, "hidden.privilege_after_wins=2", "hidden.privilege_losses=2",
        f"hidden.privilege_rearm={'true' if rearm else 'false'}"])
    model.members.forced_losses_left[1] = 2
    got = run_days(model, 6)
    assert [w for w, _ in got] == [[1, 0], [1, 0], [0, 1], [0, 1], [1, 0], [1, 0]]
    assert [f for _, f in got] == [[0, 1], [2, 0], [1, 0], [0, 2], [0, 1], left_after_day5]


def test_privileges_still_bind_when_rule5_is_on():
    """Rules 1-5 are a union (RULEBOOK §15: forced = rule1 ∪ rule2 ∪ {forced losses left > 0
    or rule-5 lockout}). With rule 5 on (blocks of 5 plays, at most 5 wins: it never locks
    anyone here), members 0-9 still hold 100 forced losses each. Ten pairs (0, 10), (1, 11)
    ... (9, 19) in groups of 2 with 1 winner, for 3 days: in every pair the member without a
    privilege wins; 0-9 never win and end with 97 forced losses, 10-19 win 3 times."""
    n = 20
    model = controlled_model([-1] * n, overrides=[*PAIR, "hidden.window_plays=5",
                                                  "hidden.window_max_wins=5"])
    model.members.forced_losses_left[:10] = 100
    model.streams.queue = FixedArrival(PAIRS)
    for _ in range(3):
        model.step()
    assert model.members.wins[:n].tolist() == [0] * 10 + [3] * 10
    assert model.members.forced_losses_left[:n].tolist() == [97] * 10 + [0] * 10


# ---------------------------------------------------------------------------------------
# Rule 5: at most Y wins in each block of X plays (A34)
# ---------------------------------------------------------------------------------------


def test_rule5_blocks_follow_one_another_by_hand():
    """Rule 5 with X = 2, Y = 1 for both A (0) and B (1), in groups of 2 with 1 winner. Day 0
    of each block: neither has won in the block, one of them wins (the draw); day 1: the
    winner has its 1 win in the block and must lose, so the other wins. Then both blocks of 2
    plays are full and a new block starts (A34: consecutive blocks of X plays from the first).
    So in every pair of days (0, 1), (2, 3), ... each member wins exactly once: 10 wins each
    in 20 days, and both block counters are back at 0 after every second day."""
    model = controlled_model([-1, -1], overrides=[*PAIR, "hidden.window_plays=2",
                                                  "hidden.window_max_wins=1"])
    m = model.members
    got = run_days(model, 20)
    for k in range(0, 20, 2):
        pair = np.array(got[k][0]) + np.array(got[k + 1][0])
        assert pair.tolist() == [1, 1], f"days {k}-{k + 1}: wins {got[k][0]}, {got[k + 1][0]}"
    assert m.wins[:2].tolist() == [10, 10]
    assert m.window_plays[:2].tolist() == [0, 0] and m.window_wins[:2].tolist() == [0, 0]


# ---------------------------------------------------------------------------------------
# Rules 1 and 2 through the day's queue (A30)
# ---------------------------------------------------------------------------------------


def test_rule2_alone_the_first_new_user_in_each_group_loses():
    """Rule 2 on, rule 1 off (RULEBOOK §9.1 rule 2, A30): on day 0 everyone plays for the
    first time ever, so in each group of 2 (1 winner) the first in join order must lose and
    the other wins. Ten pairs arrive (0, 10), (1, 11) ... (9, 19): members 10-19 win, 0-9 lose.
    The same with the pairs the other way round, (10, 0) ...: members 0-9 win."""
    n = 20
    for order, wins in ((PAIRS, [0] * 10 + [1] * 10),
                        ([(i + 10) % 20 for i in PAIRS], [1] * 10 + [0] * 10)):
        model = controlled_model([-1] * n, overrides=[*PAIR, "hidden.new_user_loses=true"])
        model.streams.queue = FixedArrival(order)
        model.step()
        assert model.members.wins[:n].tolist() == wins


@pytest.mark.parametrize("rule", ["first_of_day_loses", "new_user_loses"])
def test_rules_1_and_2_look_at_a_members_first_seat_only(rule):
    """Rules 1 and 2 (A30) concern a member's FIRST play of the day (rule 1) or ever (rule 2,
    day 0: everyone is new); a member's second seat of the day is neither. X (0) takes 2 seats
    (daily cap 2), Y (1) and Z (2) one each (their budgets hold one stake). The seats arrive
    X, Y, X, Z: groups of 2 with 1 winner, (X, Y) then (X, Z).
    (X, Y): X's first seat comes first and qualifies: X must lose, Y wins.
    (X, Z): X's seat is its second of the day and does not qualify; Z's does: Z loses, X wins.
    Wins: X 1, Y 1, Z 0."""
    model = controlled_model([-1, -1, -1], overrides=[*PAIR, "draw.daily_cap=2",
                                                      f"hidden.{rule}=true"])
    model.members.budget[[1, 2]] = P
    model.streams.queue = FixedArrival([0, 2, 1, 3])  # seats by member: X, X, Y, Z
    model.step()
    assert model.rows[-1]["seats"] == 4
    assert model.members.wins[:3].tolist() == [1, 1, 0]


def test_failed_groups_of_every_level_are_counted():
    """Two members who both hold 1000 forced losses take 2 seats a day (daily cap 2) in groups
    of 2 with 1 winner: two groups a day, each sharing both members, so drawn one after the
    other (two levels); each is a conflict and fails (A35, A36). failed_groups is 2 a day; each
    failure dents both members' trust by 0.02: 1 - 2 x 0.02 = 0.96 after day 0."""
    model = controlled_model([-1, -1], overrides=[*PAIR, "draw.daily_cap=2", *HIDDEN_ON,
                                                  "behaviour.trust_failed_group_loss=0.02"])
    model.members.forced_losses_left[:2] = 1000
    model.step()
    r = model.rows[-1]
    assert (r["seats"], r["groups"], r["failed_groups"], r["winning_seats"]) == (4, 2, 2, 0)
    assert model.members.trust[:2].tolist() == pytest.approx([0.96, 0.96], abs=1e-6)


# ---------------------------------------------------------------------------------------
# Conflicts under random_draw (A37) and void_permanently
# ---------------------------------------------------------------------------------------


def test_random_draw_fills_the_win_uniformly_among_the_privileged():
    """§9.3 resolution 2 (随机开奖, A37): when too few may win, the remaining wins are drawn
    uniformly among the privileged. A (0), B (1), C (2) all hold 1000 forced losses; groups of
    3 with 1 winner, and they arrive in the same order every day (0, 1, 2). Each day one of
    them wins, drawn uniformly: over 30 days each wins at least once (chance of a member never
    winning in 30 uniform draws: 3 x (2/3)^30, below 2e-5), and 30 wins in all. A privileged
    winner keeps its privilege (A37), each loss uses one: after 30 days the forced losses
    left are 1000 - (30 - wins) each."""
    model = controlled_model([-1] * 3, overrides=[
        "draw.group_size=3", "draw.winners=1", *HIDDEN_ON, 'hidden.conflict="random_draw"'])
    m = model.members
    m.forced_losses_left[:3] = 1000
    model.streams.queue = FixedArrival([0, 1, 2])
    for _ in range(30):
        model.step()
    wins = m.wins[:3]
    assert int(wins.sum()) == 30 and (wins >= 1).all(), wins.tolist()
    assert m.forced_losses_left[:3].tolist() == [1000 - (30 - int(w)) for w in wins]
    assert [r["failed_groups"] for r in model.rows] == [0] * 30


def test_void_permanently_a_privileged_winner_loses_the_rest():
    """§9.3 resolution 2 with the A37 alternative ``void_permanently``: A (0) and B (1) hold 5
    forced losses each; groups of 2 with 1 winner. Day 0: both privileged, a conflict; the
    draw goes ahead and one of them wins: its privilege is void (0 left), the other's loss
    uses one (4 left). Day 1: the winner of day 0 is now the only one who may win, so it wins
    again; the other has 3 left. So the forced losses left are (0, 4) or (4, 0) after day 0,
    and (0, 3) or (3, 0) after day 1, the same member at 0."""
    model = controlled_model([-1, -1], overrides=[
        *PAIR, *HIDDEN_ON, 'hidden.conflict="random_draw"', "hidden.void_permanently=true"])
    m = model.members
    m.forced_losses_left[:2] = 5
    got = run_days(model, 2)
    (w0, f0), (w1, f1) = got
    first = w0.index(1)
    assert w1 == w0  # the day-0 winner, now without privilege, wins day 1
    assert f0[first] == 0 and f0[1 - first] == 4
    assert f1[first] == 0 and f1[1 - first] == 3


def test_the_streak_starts_again_after_rule3_fires_even_on_privileged_wins():
    """Rule 3 (K3 = 2, M3 = 3) under random_draw with void_permanently (A37 alternative), in
    groups of 2 with 2 winners: every seat wins every draw (w = n), so A (0) and B (1) win
    every day, as privileged winners when they hold forced losses (a conflict that goes ahead).
    day 0: win, streak 1.   day 1: win, streak 2 = K3: 3 forced losses; the streak starts
    again at 0.   day 2: a privileged win: void, 0 left; streak 1.   day 3: streak 2: 3
    forced losses again.   day 4: void, 0; streak 1.   day 5: 3.
    Forced losses left after each day, each member: 0, 3, 0, 3, 0, 3."""
    model = controlled_model([-1, -1], overrides=[
        "draw.group_size=2", "draw.winners=2", "hidden.streak_wins=2", "hidden.streak_losses=3",
        'hidden.conflict="random_draw"', "hidden.void_permanently=true"])
    got = run_days(model, 6)
    assert [w for w, _ in got] == [[1, 1]] * 6
    assert [f for _, f in got] == [[0, 0], [3, 3], [0, 0], [3, 3], [0, 0], [3, 3]]


# ---------------------------------------------------------------------------------------
# Robots that may not win, with the hidden rules on (RULEBOOK §3.5 A13, §9.3 A35)
# ---------------------------------------------------------------------------------------


def test_robots_cannot_win_with_hidden_rules_on_by_hand():
    """Five members take a seat a day; groups of 4 with 2 winners; the operator fills the
    last group with robots each day (robots.fill = daily) and robots may not win; the hidden
    rules are on. Seats arrive 0, 1, 2, 3, 4 each day: group 1 = members 0-3, group 2 = member
    4 + 3 robots. Member 0 holds 5 forced losses.

    Group 1: 3 eligible seats (1, 2, 3) for 2 wins: no conflict (A35), 2 of them win, never 0.
    Group 2: only 1 real seat, so it has min(2, 1) = 1 win to give and 1 eligible seat: no
    conflict; member 4 wins. So each of 5 days: 3 winning seats, 3 robot seats, no failed
    group; member 0 never wins (5 -> 0 forced losses), member 4 wins every day, members 1-3
    win 2 x 5 = 10 times between them. Robots pay nothing: the members' pockets are down by
    the stakes kept, 3 x 5 x 100 yuan."""
    model = controlled_model([-1] * 5, overrides=[
        "draw.group_size=4", "draw.winners=2", "robots.fill=daily", "robots.can_win=false",
        *HIDDEN_ON])
    m, led = model.members, model.ledger
    m.forced_losses_left[0] = 5
    model.streams.queue = FixedArrival([0, 1, 2, 3, 4])
    for _ in range(5):
        model.step()
    assert [r["winning_seats"] for r in model.rows] == [3] * 5
    assert [r["robot_seats"] for r in model.rows] == [3] * 5
    assert [r["failed_groups"] for r in model.rows] == [0] * 5
    assert m.wins[0] == 0 and m.wins[4] == 5 and int(m.wins[1:4].sum()) == 10
    assert m.forced_losses_left[:5].tolist() == [0] * 5
    assert int(led.pocket[:5].sum()) == -15 * P


def test_a_failed_group_with_robots_refunds_only_the_real_seat():
    """One member holding 1000 forced losses; groups of 4 with 2 winners, robot fill daily,
    robots may not win: each day its seat + 3 robots make a group with min(2, 1) = 1 win to
    give and no eligible seat: a conflict, and under fail_and_reopen the group fails (A35,
    A36): the stake comes back, nothing is paid, and robots, who paid nothing, get nothing
    back. Three days: pocket 0, platform cash 0, no stake held, wallet 0 (no loser reward),
    one failed group a day; trust falls by behaviour.trust_failed_group_loss = 0.02 a day:
    1 -> 0.98 -> 0.96 -> 0.94 (MODEL.md §3); the forced losses are not used (A36)."""
    model = controlled_model([-1], overrides=[
        "draw.group_size=4", "draw.winners=2", "robots.fill=daily", "robots.can_win=false",
        *HIDDEN_ON, "behaviour.trust_failed_group_loss=0.02"])
    m, led = model.members, model.ledger
    m.forced_losses_left[0] = 1000
    trust = []
    for _ in range(3):
        model.step()
        trust.append(float(m.trust[0]))
    assert [r["failed_groups"] for r in model.rows] == [1, 1, 1]
    assert [r["robot_seats"] for r in model.rows] == [3, 3, 3]
    assert [r["paid_in_fen"] for r in model.rows] == [P] * 3
    assert [r["stakes_refunded_fen"] for r in model.rows] == [P] * 3
    assert led.pocket[0] == 0 and led.wallet[0] == 0 and led["platform_cash"] == 0
    assert led["stakes_held"] == 0 and m.forced_losses_left[0] == 1000
    assert trust == pytest.approx([0.98, 0.96, 0.94], abs=1e-6)


def test_failed_groups_dent_only_their_members_trust_down_to_zero():
    """MODEL.md §3: a member of a failed group loses trust_failed_group_loss of trust, never
    below 0; others keep theirs. Rule 1 in groups of 2 with 2 winners: each day both members
    are on their first play of the day, the first of them must lose, 1 eligible seat for 2
    wins: the group fails (A35, A36). A (0) and B (1) start at trust 0.03, loss 0.02: after
    day 0, 0.01; after day 1, max(0.01 - 0.02, 0) = 0, and with trust 0 they stop playing
    (day 2: no seat). C (2) has trust 1 but no money (budget 0), never plays: keeps trust 1."""
    model = controlled_model([-1, -1, -1], budget=0, overrides=[
        "draw.group_size=2", "draw.winners=2", "hidden.first_of_day_loses=true",
        "behaviour.trust_failed_group_loss=0.02"])
    m = model.members
    m.budget[:2] = 10**9
    m.trust[:2] = 0.03
    trust = []
    for _ in range(3):
        model.step()
        trust.append(m.trust[:3].tolist())
    assert [r["failed_groups"] for r in model.rows] == [1, 1, 0]
    assert [r["seats"] for r in model.rows] == [2, 2, 0]
    assert trust[0] == pytest.approx([0.01, 0.01, 1.0], abs=1e-6)
    assert trust[1] == [0.0, 0.0, 1.0] and trust[2] == [0.0, 0.0, 1.0]
