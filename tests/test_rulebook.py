"""Rulebook mechanisms against numbers worked out by hand (RULEBOOK §5.5, §6, §9, §10, §12).

Each test sets up a handful of members by hand and checks the engine's functions against
what the rulebook's rules give on paper.
"""

import numpy as np
import pytest

import sim
from conftest import controlled_model
from sim import hidden
from sim.engine.commissions import ladder
from sim.engine.release import sequence
from sim.engine.groups import Seats
from sim.scheme.params import Params

#: The members are added by hand, a handful of them: no social network among them
NO_NETWORK = 'network.kind="well-mixed"'


def model_with(n_members: int, overrides=(), participants=None):
    """A model with ``n_members`` members (ids 0..n-1, no uplines) and nothing played yet."""
    m = sim.SchemeModel("quanmin-pingou", participants=participants or n_members, days=400,
                        seed=3, overrides=["recruitment.founders_share=0", NO_NETWORK, *overrides])
    upline = np.full(n_members, -1, dtype=np.int64)
    m.members.add(n_members, 0, upline, np.zeros(n_members, dtype=np.int64),
                  np.full(n_members, 10**9, dtype=np.int64), 1.0)
    return m


def seats(member, first_today=None, first_ever=None):
    member = np.asarray(member, dtype=np.int64)
    k = member.size
    return Seats(member, np.zeros(k, dtype=bool),
                 np.asarray(first_today if first_today is not None else [False] * k),
                 np.asarray(first_ever if first_ever is not None else [False] * k))


# --------------------------------------------------------------------------------------
# Hidden rules 1-2: the lettered examples of RULEBOOK §9.1 under the A30 reading
# --------------------------------------------------------------------------------------


def test_rule1_example_c_is_the_non_winner():
    # 「A B C D E ...，蓝色为当天非首次参团，红色为当天首次参团，则C为此团的"不中奖人"」: A and B are on
    # a later play of the day, C is the first (in join order) on their first play today.
    m = model_with(5, ["hidden.first_of_day_loses=true"])
    s = seats([0, 1, 2, 3, 4], first_today=[False, False, True, True, False])
    forced = hidden.forced_losers(m, s, 5)
    assert forced.tolist() == [False, False, True, False, False]


def test_rule1_literal_seat1_alternative_only_checks_the_first_seat():
    m = model_with(5, ["hidden.first_of_day_loses=true", "hidden.literal_seat1=true"])
    s = seats([0, 1, 2, 3, 4], first_today=[False, False, True, True, False])
    assert not hidden.forced_losers(m, s, 5).any()
    s = seats([0, 1, 2, 3, 4], first_today=[True, False, True, True, False])
    assert hidden.forced_losers(m, s, 5).tolist() == [True, False, False, False, False]


def test_rule2_example_and_union_with_rule1():
    # 「A B C D E F...，…绿色为新用户，则C为此团的"不中奖人"」: C is the first new user. With rule 1
    # on as well, B (first play today, not new) is picked by rule 1: two forced losers.
    m = model_with(6, ["hidden.first_of_day_loses=true", "hidden.new_user_loses=true"])
    s = seats(range(6), first_today=[False, True, True, False, False, False],
              first_ever=[False, False, True, False, True, False])
    assert np.flatnonzero(hidden.forced_losers(m, s, 6)).tolist() == [1, 2]


def test_rules_1_2_pick_one_per_group():
    m = model_with(4, ["hidden.first_of_day_loses=true"])
    s = seats([0, 1, 2, 3], first_today=[True, True, True, True])  # two groups of 2
    assert hidden.forced_losers(m, s, 2).tolist() == [True, False, True, False]


# --------------------------------------------------------------------------------------
# Rules 3-5: counters (RULEBOOK §9.2-§9.3)
# --------------------------------------------------------------------------------------


def play(m, member, won, forced=None):
    member = np.asarray(member, dtype=np.int64)
    won = np.asarray(won, dtype=bool)
    forced = np.zeros(member.size, dtype=bool) if forced is None else np.asarray(forced)
    hidden.update_counters(m, member, won, forced)


def test_privilege_cycle_10_wins_buy_200_forced_losses_and_rearm():
    # privilege mode: 「累计中10次，获得200次连续必不中」, re-armed at 20, 30... (A32)
    m = model_with(1, ["hidden.privilege_after_wins=10", "hidden.privilege_losses=200"])
    for k in range(9):
        play(m, [0], [True])
    assert m.members.forced_losses_left[0] == 0
    play(m, [0], [False])  # a loss on the way does not reset the cumulative count
    play(m, [0], [True])  # the 10th win
    assert m.members.forced_losses_left[0] == 200
    assert hidden.forced_losers(m, seats([0]), 1).tolist() == [True]
    for k in range(150):
        play(m, [0], [False], [True])
    assert m.members.forced_losses_left[0] == 50
    for k in range(50):
        play(m, [0], [False], [True])
    assert m.members.forced_losses_left[0] == 0
    for k in range(10):
        play(m, [0], [True])
    assert m.members.forced_losses_left[0] == 200  # 20 cumulative wins: a second privilege


def test_rule3_streak_and_overlap_takes_the_larger_grant():
    # rule 3: 3 wins in a row -> 5 forced losses; rule 4: 4 wins -> 2 forced losses. At the
    # 4th win (if rule 3 fired at 3 and 1 loss used) max(current, 2) applies, not a sum (A33).
    m = model_with(1, ["hidden.streak_wins=3", "hidden.streak_losses=5",
                       "hidden.privilege_after_wins=4", "hidden.privilege_losses=2"])
    play(m, [0], [True]); play(m, [0], [True]); play(m, [0], [True])
    assert m.members.forced_losses_left[0] == 5
    play(m, [0], [False], [True])
    assert m.members.forced_losses_left[0] == 4
    play(m, [0], [True], [True])  # a privileged win (random draw): 4th cumulative win
    assert m.members.forced_losses_left[0] == 4  # max(4, 2): kept, not stacked (sum: 6)
    # the other way round, where the new grant is the larger: rule 3 grants 2 at the 3rd win,
    # a loss uses one (1 left), the 4th cumulative win grants rule 4's 6: max(1, 6) = 6 (a
    # sum would give 7; keeping the current grant and ignoring the new one would give 1)
    m = model_with(1, ["hidden.streak_wins=3", "hidden.streak_losses=2",
                       "hidden.privilege_after_wins=4", "hidden.privilege_losses=6"])
    play(m, [0], [True]); play(m, [0], [True]); play(m, [0], [True])
    assert m.members.forced_losses_left[0] == 2
    play(m, [0], [False], [True])
    assert m.members.forced_losses_left[0] == 1
    play(m, [0], [True], [True])
    assert m.members.forced_losses_left[0] == 6


def test_rule5_one_win_in_five_locks_the_rest_of_the_block():
    # Appendix 2: 「5次zui多中一次」: blocks of 5 plays from the first (A34)
    m = model_with(1, ["hidden.window_plays=5", "hidden.window_max_wins=1"])
    play(m, [0], [False])
    play(m, [0], [True])  # 2nd play of the block wins: plays 3-5 must lose
    for _ in range(3):
        assert hidden.forced_losers(m, seats([0]), 1).tolist() == [True]
        play(m, [0], [False], [True])
    assert hidden.forced_losers(m, seats([0]), 1).tolist() == [False]  # a new block


# --------------------------------------------------------------------------------------
# Conflicts (RULEBOOK §9.3, A35-A37)
# --------------------------------------------------------------------------------------


def test_hidden_rules_act_in_the_days_draws():
    """The counters above, through ``model.step()`` (RULEBOOK §9.1 rules 1 and 4, §9.3
    resolution 1). Case 1 rates (conftest.CONTROL): P = 100 yuan, loser 3 yuan, release 5
    yuan a play, 100 yuan of gold a win.

    Rule 4 with K4 = 3, M4 = 2 in groups of 2 with 1 winner: A (0) starts with 10 forced
    losses, B (1) with none. Days 0-2: A must lose, so B wins each time; B's 3rd win (day 2)
    grants B 2 forced losses. Days 3-4: both privileged, a conflict: the group fails, no
    counter moves. By hand: A 10 - 3 = 7 forced losses left, 3 x 3 yuan = 900 fen in the
    wallet, no cash lost; B paid 3 x 100 yuan, gold 0 -> 100 (day 0, nothing to release
    before the credit) -> 100 - 5 + 100 = 195 -> 195 - 5 + 100 = 290 yuan, wallet 2 x 5 = 10
    yuan."""
    model = controlled_model([-1, -1], overrides=[
        "draw.group_size=2", "draw.winners=1", "hidden.privilege_after_wins=3",
        "hidden.privilege_losses=2"])
    m, led = model.members, model.ledger
    m.forced_losses_left[0] = 10
    for _ in range(5):
        model.step()
    assert [r["winning_seats"] for r in model.rows] == [1, 1, 1, 0, 0]
    assert [r["failed_groups"] for r in model.rows] == [0, 0, 0, 1, 1]
    assert m.wins[:2].tolist() == [0, 3] and m.seats[:2].tolist() == [3, 3]
    assert m.forced_losses_left[:2].tolist() == [7, 2]
    assert led.wallet[:2].tolist() == [900, 1000]
    assert led.shopping_gold[:2].tolist() == [0, 29000]
    assert led.pocket[:2].tolist() == [0, -30000]

    # Rule 1 (A30) in groups of 2 with 2 winners: each member takes one seat a day, so every
    # seat is a first play of the day and each group has one forced loser: 1 eligible seat
    # for 2 wins, a conflict every day: every group fails, every stake comes back.
    model = controlled_model([-1, -1], overrides=[
        "draw.group_size=2", "draw.winners=2", "hidden.first_of_day_loses=true"])
    for _ in range(2):
        model.step()
    assert [r["failed_groups"] for r in model.rows] == [1, 1]
    assert [r["winning_seats"] for r in model.rows] == [0, 0]
    assert model.ledger.pocket[:2].tolist() == [0, 0]
    assert model.members.seats[:2].tolist() == [0, 0]


def test_full_and_partial_conflicts_fail_under_fail_and_reopen():
    m = model_with(6, ["hidden.privilege_after_wins=1", "hidden.privilege_losses=9",
                       "draw.group_size=3", "draw.winners=2"])
    s = seats([0, 1, 2, 3, 4, 5])
    forced = np.array([True, True, True,  # group 0: everyone privileged
                       True, False, False])  # group 1: 2 eligible for 2 wins: no conflict
    win, ok = hidden.resolve(m, s, 3, 2, forced)
    assert ok.tolist() == [False, True]
    assert win[:3].tolist() == [False, False, False]
    assert win[3:].tolist() == [False, True, True]
    forced = np.array([True, True, False, True, False, False])
    win, ok = hidden.resolve(m, s, 3, 2, forced)  # group 0: 1 eligible for 2 wins (partial)
    assert ok.tolist() == [False, True]


def test_random_draw_fills_wins_from_the_privileged_and_keeps_their_privilege():
    m = model_with(3, ["hidden.privilege_after_wins=1", "hidden.privilege_losses=9",
                       "hidden.conflict=\"random_draw\"", "draw.group_size=3", "draw.winners=2"])
    m.members.forced_losses_left[:3] = [9, 9, 0]
    s = seats([0, 1, 2])
    forced = hidden.forced_losers(m, s, 3)
    assert forced.tolist() == [True, True, False]
    win, ok = hidden.resolve(m, s, 3, 2, forced)
    assert ok.all() and win[2] and win.sum() == 2  # the eligible one wins, one privileged too
    play(m, [0, 1, 2], win, forced)
    winner_priv = 0 if win[0] else 1
    loser_priv = 1 - winner_priv
    assert m.members.forced_losses_left[winner_priv] == 9  # A37: privilege set aside, kept
    assert m.members.forced_losses_left[loser_priv] == 8  # a loss uses one up


def test_a_failed_group_refunds_every_stake_and_pays_nothing():
    """Privilege mode with every member privileged: every group fails (quote 4 of §17).
    Resolution 1 (成团流失, A36): every stake back, and nothing paid: no loser reward, no
    release from the gold the members hold, no commission to their uplines, no points, and
    the failed seats are not plays (A31): no seat counted, no privilege used up.

    Member 0 is the direct upline of 1..4 (and a valid promoter: it plays too), member 1 the
    direct upline of 5 (so 0 is 5's indirect upline); everyone holds 20 yuan of gold, so a
    release or a commission paid by mistake would show in a wallet."""
    sc = ["hidden.privilege_after_wins=1", "hidden.privilege_losses=1000", "draw.group_size=2",
          "draw.winners=1", "draw.daily_cap=1", "behaviour.seats_per_day=50",
          "behaviour.withdraw_propensity=0", "operator.exit_rule=\"never\"",
          "operator.extraction=\"none\"", "recruitment.conversion=0",
          "commission.level1_rate=0.02", "commission.level2_rate=0.01",
          "release.per_play_rate=0.05", "rewards.loser_reward_yuan=3"]
    m = model_with(6, sc)
    m.members.upline[1:5] = 0
    m.members.upline[5] = 1
    m.members.upline2[5] = 0
    m.ledger.move("test", "issuer", "shopping_gold", np.full(6, 2000), dst_who=np.arange(6))
    m.members.forced_losses_left[:6] = 1000
    m.step()
    row = m.rows[-1]
    assert row["seats"] == 6 and row["failed_groups"] == 3 and row["winning_seats"] == 0
    assert row["groups"] == 3  # formed, then dissolved
    assert row["releases_fen"] == row["commissions_fen"] == row["loser_rewards_fen"] == 0
    assert row["products_fen"] == row["pools_fen"] == 0
    assert row["paid_in_fen"] == row["stakes_refunded_fen"] == 6 * 10_000  # 6 x 100 yuan
    assert (m.ledger.pocket[:6] == 0).all()  # every stake back where it came from
    assert (m.ledger.wallet[:6] == 0).all() and m.ledger["platform_cash"] == 0
    assert (m.ledger.shopping_gold[:6] == 2000).all()  # no release on a failed draw
    assert (m.members.seats[:6] == 0).all() and (m.members.wins[:6] == 0).all()
    assert (m.members.consumption_points[:6] == 0).all()
    assert (m.members.forced_losses_left[:6] == 1000).all()  # privileges not deducted


def test_groups_sharing_a_member_are_drawn_one_after_another():
    # members 0..5 in three groups of 2: (0,1) (2,0) (3,4) (1,5): group 1 follows group 0
    # (member 0), group 3 follows group 0 (member 1); group 2 shares no one.
    level = hidden.group_levels(np.array([0, 1, 2, 0, 3, 4, 1, 5]), 2)
    assert level.tolist() == [0, 1, 0, 1]
    level = hidden.group_levels(np.array([0, 1, 0, 2, 2, 3, 3, 0]), 2)  # a chain 0 -> 1 -> 2 -> 3
    assert level.tolist() == [0, 1, 2, 3]


# --------------------------------------------------------------------------------------
# Commission ladders (RULEBOOK §10.3, A38)
# --------------------------------------------------------------------------------------


def chain_model(tiers, overrides):
    """Member 0 plays; 1 is its upline, 2 is 1's upline, and so on; tiers[i] for member i+1."""
    k = len(tiers) + 1
    m = sim.SchemeModel("quanmin-pingou", participants=k, days=40, seed=1,
                        overrides=["recruitment.founders_share=0", NO_NETWORK, *overrides])
    m.members.add(k, 0, np.full(k, -1, dtype=np.int64), np.zeros(k, dtype=np.int64),
                  np.full(k, 10**9, dtype=np.int64), 1.0)
    for i in range(k - 1):
        m.members.upline[i] = i + 1
    for i in range(k - 2):
        m.members.upline2[i] = i + 2
    m.members.team_tier[1:] = tiers
    return m


def test_team_differential_with_missing_tiers():
    # tiers above the seat, nearest first: none, V2 (2 yuan), V1 (1 yuan), V3 (3 yuan):
    # V2 is paid 2; V1 nothing (1 < 2 already paid); V3 the difference 3 - 2 = 1.
    m = chain_model([0, 2, 1, 3], ["team.tier1_yuan=1", "team.tier2_yuan=2", "team.tier3_yuan=3"])
    p = Params.from_scenario(m.scenario)
    total = ladder(m, np.array([0]), m.members.team_tier, p.team, "commission_team", 100)
    assert total == 300
    assert m.ledger.wallet[:5].tolist() == [0, 0, 200, 0, 100]


def test_team_differential_stops_when_the_top_tier_is_paid_and_case1_rates():
    # case 1: V1 1%, V2 2% of 100 yuan. A V2 nearest pays the whole 2%; a V1 above gets nothing.
    m = chain_model([2, 1], ["team.tier1_rate=0.01", "team.tier2_rate=0.02"])
    p = Params.from_scenario(m.scenario)
    assert ladder(m, np.array([0]), m.members.team_tier, p.team, "commission_team", 100) == 200
    assert m.ledger.wallet[:3].tolist() == [0, 200, 0]
    # V1 nearest then V2: 1% to V1, the remaining 1% to V2: 7% in all with case 1's layers
    m = chain_model([1, 2], ["team.tier1_rate=0.01", "team.tier2_rate=0.02"])
    assert ladder(m, np.array([0]), m.members.team_tier, p.team, "commission_team", 100) == 200
    assert m.ledger.wallet[:3].tolist() == [0, 100, 100]


def test_commission_level_cap_stops_the_ladder():
    m = chain_model([0, 0, 3], ["team.tier3_yuan=3"])
    p = Params.from_scenario(m.scenario)
    assert ladder(m, np.array([0]), m.members.team_tier, p.team, "commission_team", 2) == 0  # tier 3 is 3 up
    assert ladder(m, np.array([0]), m.members.team_tier, p.team, "commission_team", 3) == 300


def test_downline_release_caps_at_the_uplines_gold():
    # Appendix 2: 1 yuan per direct-downline seat, 0.5 per indirect. Upline 1 holds 3.50 yuan
    # of gold: 5 seats of member 0 ask 5 yuan: only 3.50 comes out; upline 2 (indirect)
    # holds 10 yuan: 5 x 0.5 = 2.50.
    m = chain_model([0, 0], ["downline_release.direct_yuan=1", "downline_release.indirect_yuan=0.5"])
    m.ledger.move("test", "issuer", "shopping_gold", np.array([350, 1000]), dst_who=np.array([1, 2]))
    p = Params.from_scenario(m.scenario)
    seats = np.zeros(5, dtype=np.int64)  # five losing seats of member 0, in five draws
    out = sequence(m, seats, np.zeros(5, dtype=bool), np.arange(5), p)
    assert out.downline == 350 + 250 and out.downline_by_level == (350, 250)
    assert m.ledger.wallet[1:3].tolist() == [350, 250]
    assert m.ledger.shopping_gold[1:3].tolist() == [0, 750]


# --------------------------------------------------------------------------------------
# The points pool's calendar (RULEBOOK §6.2, A23)
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("start, payout_day, frozen_day", [
    ("2025-01-01", 30, 23),  # January: day 0 is the 1st, the 31st (day 30) pays
    ("2025-02-01", 27, 23),  # February 2025: the 28th (day 27) pays
    ("2024-02-01", 28, 23),  # February 2024, a leap year: the 29th (day 28)
    ("2025-04-01", 29, 23),  # April: the 30th (day 29)
])
def test_monthly_dividend_paid_on_the_last_day_to_points_held_at_the_freeze(start, payout_day,
                                                                             frozen_day):
    m = model_with(3, [f"points.calendar_start=\"{start}\"", "behaviour.seats_per_day=0",
                       "operator.exit_rule=\"never\"", "operator.extraction=\"none\""])
    m.members.dividend_points[:3] = [250, 100, 0]  # whole hundreds go in: 200 and 100
    m.ledger.move("test", "issuer", "monthly_pool", 1000)  # 10 yuan in the month's pool
    for day in range(payout_day + 1):
        if day == frozen_day + 1:
            m.members.dividend_points[2] = 500  # too late: the pool is frozen from the 25th
        m.step()
        if day < payout_day:
            assert m.ledger.wallet[:3].sum() == 0
    # 1000 fen split 200 : 100 -> 666 and 333, 1 fen left in the pool (rounded down)
    assert m.ledger.wallet[:3].tolist() == [666, 333, 0]
    assert m.ledger["monthly_pool"] == 1
    assert m.members.dividend_points_pool[:2].tolist() == [200, 100]
    assert m.members.dividend_points[:2].tolist() == [50, 0]
    # member 2's 500 points came on the 25th: the pool takes nothing in from the 25th to the
    # month's end (§6.2, A23), so they are still outside it
    assert m.members.dividend_points_pool[2] == 0 and m.members.dividend_points[2] == 500


# --------------------------------------------------------------------------------------
# The file-000 savings refund (RULEBOOK §12, A42)
# --------------------------------------------------------------------------------------


def test_lottery_5_2_savings_are_returned_daily_and_by_playing():
    # lottery-5-2: P = 99 yuan; savings = shopping gold; 0.03% a day (static, declining balance)
    # and 5% of P per play (4.95 yuan). A winner with 99 yuan of savings who stops playing:
    # night 1 releases floor(9900 x 0.0003) = floor(2.97) = 2 fen, then floor(9898 x 0.0003)
    # = 2, ... five nights of 2 fen: 9890 left, 10 fen in the wallet.
    m = sim.SchemeModel("lottery-5-2", participants=1, days=10, seed=1,
                        overrides=["recruitment.founders_share=0", NO_NETWORK,
                                   "behaviour.seats_per_day=0",
                                   "operator.exit_rule=\"never\""])
    m.members.add(1, 0, np.array([-1]), np.array([0]), np.array([10**9]), 1.0)
    m.ledger.move("test", "issuer", "shopping_gold", np.array([9900]), dst_who=np.array([0]))
    for _ in range(5):
        m.step()
    assert m.ledger.shopping_gold[0] == 9890
    assert m.ledger.wallet[0] == 10


def test_lottery_5_2_one_draw_by_hand():
    """One file-000 draw through a day (RULEBOOK §12, A42): 5 join, 2 win; every seat
    releases 5% of 99 yuan = 495 fen of savings (capped by the savings held, before the
    win's credit, §5.6); a winner's 99-yuan stake is kept and becomes 9900 fen of savings; a
    loser is refunded and gets a 10-yuan red envelope (1000 fen) in the wallet; the supplier
    gets 30% of 99 yuan = 2970 fen per product. At night 0.03% of each balance, rounded down,
    is returned to the wallet. No commission, points or pools in this variant."""
    n = 5
    m = sim.SchemeModel("lottery-5-2", participants=n, days=5, seed=2, overrides=[
        "recruitment.founders_share=0", "recruitment.conversion=0", NO_NETWORK,
        "behaviour.seats_per_day=1000", "behaviour.shopping_gold_hook=0", "draw.daily_cap=1",
        "behaviour.trust_initial=1", "behaviour.quit_threshold=0",
        "behaviour.trust_newcomer_loss=0", "behaviour.withdraw_propensity=0",
        "operator.extraction=\"none\"", "operator.exit_rule=\"never\""])
    m.members.add(n, 0, np.full(n, -1), np.zeros(n), np.full(n, 10**9), 1.0)
    gold0 = [0, 300, 495, 1000, 40000]
    m.ledger.move("test", "issuer", "shopping_gold", np.array(gold0), dst_who=np.arange(n))
    m.step()
    won = m.members.wins[:n].tolist()
    assert sum(won) == 2 and m.members.seats[:n].tolist() == [1] * n
    for i, g in enumerate(gold0):
        rel = min(495, g)  # dynamic release 1 on the balance before the draw
        gold = g - rel + (9900 if won[i] else 0)
        night = gold * 3 // 10_000  # 0.03%, rounded down
        assert m.ledger.shopping_gold[i] == gold - night, i
        assert m.ledger.wallet[i] == rel + night + (0 if won[i] else 1000), i
        assert m.ledger.pocket[i] == (-9900 if won[i] else 0), i
    r = m.rows[-1]
    assert r["products_fen"] == m.ledger["suppliers"] == 2 * 2970
    assert r["loser_rewards_fen"] == 3 * 1000
    assert r["commissions_fen"] == r["pools_fen"] == 0
    assert r["dividend_points"] == r["consumption_points"] == 0
    assert m.ledger["platform_cash"] == 2 * 9900 - 2 * 2970
