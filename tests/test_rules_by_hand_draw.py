"""Joining, the draw and settlement (RULEBOOK §3, §4, §16) through ``model.step()``, on cases
worked out by hand; and the points pool's calendar (§6.2-§6.3).

Written to kill the mutants that survived in :mod:`sim.engine.groups`,
:mod:`sim.engine.settlement` and :mod:`sim.engine.calendar` (docs/mutation.md). The controlled
model of ``tests/conftest.py`` (case-1 money: P = 100 yuan, product cost 30 yuan, loser
reward 3 yuan, dynamic release 5 yuan a play). Money in fen.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import P, controlled_model, fund_platform, give

COST = 3000  # 30% of P, paid to the supplier per won seat
HIDDEN_ON = ("hidden.privilege_after_wins=100000", "hidden.privilege_losses=1")


def test_a_day_with_no_player_takes_no_seat():
    """Nobody plays (trust 0): no seat, no group, nothing paid in, on each of 3 days."""
    model = controlled_model([-1, -1], trust=[0.0, 0.0])
    for _ in range(3):
        model.step()
    assert [(r["seats"], r["groups"], r["paid_in_fen"]) for r in model.rows] == [(0, 0, 0)] * 3


def test_a_one_fen_stake_from_an_empty_wallet_comes_from_outside():
    """The smallest stake the scenario allows, 0.01 yuan = 1 fen (§3.3 proposal: from the wallet
    if it holds a whole stake, else from outside). The member's wallet is empty, so each day's
    winning seat (group of 1, 1 winner) is paid from its pocket: after 3 days the pocket is
    -3 fen and the wallet 0 (no product cost: 30% of 1 fen rounds down to 0)."""
    model = controlled_model([-1], overrides=["draw.stake_yuan=0.01", "draw.group_size=1",
                                              "draw.winners=1", "release.per_play_rate=0"])
    for _ in range(3):
        model.step()
    assert model.ledger.pocket[0] == -3 and model.ledger.wallet[0] == 0
    assert [r["paid_in_fen"] for r in model.rows] == [1, 1, 1]


def test_wallet_pays_the_whole_stakes_it_holds_and_refunds_go_back_the_same_way():
    """§3.3 proposal, §3.7: 3 seats a day each (daily cap 3) for members 0 and 1, whose
    wallets hold 250 yuan: for each, 2 stakes from the wallet and the third from outside. All
    six seats lose (groups of 1, no winner): each member's two wallet stakes go back to the
    wallet and the third to the pocket, plus 3 x 3 yuan of loser reward, nothing released (no
    gold). Each wallet 25,000 + 900, each pocket 0; paid in 2 x 10,000, refunded 2 x 10,000."""
    model = controlled_model([-1, -1], overrides=["draw.group_size=1", "draw.winners=0",
                                                  "draw.daily_cap=3"])
    give(model, "wallet", {0: 25_000, 1: 25_000})
    model.step()
    r = model.rows[-1]
    assert model.ledger.wallet[:2].tolist() == [25_900, 25_900]
    assert model.ledger.pocket[:2].tolist() == [0, 0]
    assert (r["seats"], r["paid_in_fen"], r["stakes_refunded_fen"]) == (6, 2 * P, 2 * P)


def test_booked_profit_counts_coin_cash_and_ad_revenue_as_income():
    """RULEBOOK §16 (the sellers' "profit"): winners' stakes kept, plus the coin cash of the
    virtual-product trick (§13.2, A44) and ad revenue (§13.3), minus products, loser rewards,
    releases, commissions and pools. One member wins its seat (group of 1, 1 winner) and holds
    no gold: stake kept 10,000; coin cash 30% of P = 3,000; ads 30 yuan a member a month =
    3,000 x 1 // 30 = 100 a day; products 30% of P = 3,000; nothing else. Booked profit
    10,000 + 3,000 + 100 - 3,000 = 10,100."""
    model = controlled_model([-1], overrides=[
        "draw.group_size=1", "draw.winners=1", "rewards.virtual_product=true",
        "rewards.virtual_cash_share=0.3", "rewards.virtual_cost_yuan=0",
        "ads.yuan_per_active_member_month=30"])
    model.step()
    r = model.rows[-1]
    assert (r["products_fen"], r["releases_fen"], r["commissions_fen"]) == (COST, 0, 0)
    assert r["booked_profit_fen"] == 10_100


@pytest.mark.parametrize("n, w, real", [(4, 2, 2), (10, 3, 3), (10, 3, 2)])
def test_robots_that_cannot_win_leave_every_win_to_the_real_seats(n, w, real):
    """Robot fill daily, robots may not win (§3.5, A13), no hidden rule: each day ``real``
    members take a seat, the operator fills the group with n - real robots, and the group has
    min(w, real) wins for its real seats. With real <= w every real seat wins, every day for
    10 days: wins = 10 each, winning seats = real a day, the stakes kept 10 x real x P."""
    model = controlled_model([-1] * real, overrides=[
        f"draw.group_size={n}", f"draw.winners={w}", "robots.fill=daily",
        "robots.can_win=false"])
    for _ in range(10):
        model.step()
    assert model.members.wins[:real].tolist() == [10] * real
    assert [r["winning_seats"] for r in model.rows] == [real] * 10
    assert [r["robot_seats"] for r in model.rows] == [n - real] * 10
    assert int(model.ledger.pocket[:real].sum()) == -10 * real * P


def test_the_books_name_every_flow_of_a_draw_by_hand():
    """One group of 3, 1 winner, the hidden rules on: A (0) may win, B (1) and C (2) hold
    forced losses, so A wins (§3.6) and B and C lose. A and C stake from their wallets (150
    and 100 yuan), B from outside (§3.3 proposal). Gold before: A 10 yuan, B 2 yuan, C 0.

    The day's flows in the ledger (fen), by the rules:
    stakes: from wallets 2 x 10,000; paid in from outside 10,000, owed by the issuer to the
    held stakes 10,000; dynamic release 1 (§5.4, before the credit): A min(500, 1000) = 500,
    B 200, C 0: 700; A's new gold 10,000; A's stake kept 10,000 (§3.7 "income");
    the supplier 3,000 (§4.1 item A at 30%). The platform holds only B's 10,000 of cash and
    must pay the supplier 3,000 and refund B 10,000 in cash: the operator puts in the
    shortfall, 3,000 + 10,000 - 10,000 = 3,000. Refunds (§3.7): C's 10,000 to the wallet,
    B's 10,000 to the pocket (settled by the issuer, 10,000); loser rewards 2 x 300.

    After the day: A wallet 15,000 - 10,000 + 500 = 5,500, gold 1,000 - 500 + 10,000 =
    10,500; B wallet 200 + 300 = 500, pocket 0; C wallet 10,300; platform cash 10,000 + 3,000
    - 3,000 - 10,000 = 0; the operator -3,000; the suppliers 3,000. Tallies: loser rewards
    (B, C) 300 each, gold credited A 10,000, released A 500, B 200."""
    model = controlled_model([-1] * 3, overrides=["draw.group_size=3", "draw.winners=1",
                                                  *HIDDEN_ON])
    m, led = model.members, model.ledger
    m.forced_losses_left[[1, 2]] = 1000
    give(model, "wallet", {0: 15_000, 2: 10_000})
    give(model, "shopping_gold", {0: 1000, 1: 200})
    model.step()
    today = {k: v for k, v in led.today.items() if v}
    assert today == {
        "stake_from_wallet": 20_000, "paid_in": 10_000, "stake_owed": 10_000,
        "release_play": 700, "shopping_gold_credit": 10_000, "stake_kept": 10_000,
        "operator_injection": 3_000, "products": 3_000, "refund_to_wallet": 10_000,
        "refund_settled": 10_000, "refund_to_pocket": 10_000, "loser_reward": 600,
    }
    assert led.wallet[:3].tolist() == [5_500, 500, 10_300]
    assert led.shopping_gold[:3].tolist() == [10_500, 0, 0]
    assert led.pocket[:3].tolist() == [0, 0, 0]
    assert (led["platform_cash"], led["operator"], led["suppliers"]) == (0, -3_000, 3_000)
    assert led.tally("loser_rewards", 3).tolist() == [0, 300, 300]
    assert led.tally("shopping_gold_credited", 3).tolist() == [10_000, 0, 0]
    assert led.tally("released", 3).tolist() == [500, 200, 0]
    assert model.rows[-1]["releases_fen"] == 700


def test_the_operator_puts_in_a_one_fen_shortfall():
    """A winner who staked from the wallet brings no cash, yet the supplier is paid 30 yuan
    (§4.1; MODEL.md §5: the operator puts in what the platform's cash lacks). The platform
    holds 29.99 yuan (an investor's), the winner (group of 1, 1 winner) stakes from a
    100-yuan wallet: the operator puts in 3,000 - 2,999 = 1 fen; platform cash 0 after."""
    model = controlled_model([-1, -1], trust=[1.0, 0.0], overrides=[
        "draw.group_size=1", "draw.winners=1"])
    give(model, "wallet", {0: P})
    fund_platform(model, 1, 2_999)
    model.step()
    led = model.ledger
    assert (led["operator"], led["platform_cash"], led["suppliers"]) == (-1, 0, COST)
    assert led.total["operator_injection"] == 1


def test_a_failed_groups_books_name_the_failed_refunds():
    """§9.3 resolution 1 (A36): rule 1 in a group of 2 with 2 winners fails every day (one of
    the two on their first play of the day must lose: 1 eligible seat for 2 wins). Both stake
    from outside; both stakes come back to the pockets as failed-group refunds: 20,000 in,
    20,000 out, named as such in the books, and nothing else moves."""
    model = controlled_model([-1, -1], overrides=[
        "draw.group_size=2", "draw.winners=2", "hidden.first_of_day_loses=true"])
    model.step()
    today = {k: v for k, v in model.ledger.today.items() if v}
    assert today == {"paid_in": 2 * P, "stake_owed": 2 * P, "failed_refund_settled": 2 * P,
                     "failed_refund_to_pocket": 2 * P}


# ---------------------------------------------------------------------------------------
# The points pool's calendar (RULEBOOK §6.2-§6.3, A23, A25)
# ---------------------------------------------------------------------------------------


def calendar_model(start, overrides=()):
    """Three members who never play; the calendar starts on ``start``."""
    return controlled_model([-1] * 3, trust=[0.0] * 3, overrides=[
        f'points.calendar_start="{start}"', *overrides])


def test_points_given_on_the_24th_still_go_into_the_pool_and_share():
    """§6.2: days 1-24 points go into the pool in whole hundreds; at 00:00 on the 25th the
    pool is frozen and recorded; the pool pays on the month's last day (A23). January 2025 from
    the 1st: member 0 gets 300 points on the 24th (day 23), member 1 gets 100 on the 1st. On
    the 31st (day 30) the 10-yuan pool pays 1000 x 300/400 = 750 and 250."""
    model = calendar_model("2025-01-01")
    m = model.members
    model.ledger.move("test_setup", "issuer", "monthly_pool", 1000)
    m.dividend_points[1] = 100
    for day in range(31):
        if day == 23:
            m.dividend_points[0] = 300
        model.step()
    assert model.ledger.wallet[:2].tolist() == [750, 250]
    assert m.dividend_points_pool[:2].tolist() == [300, 100]


def test_points_held_outside_the_pool_share_nothing_when_moving_is_off():
    """With points.move_to_pool false the members keep their points outside the pool (A24-A25:
    only points in the pool at the freeze share): nothing is recorded, nothing is paid, the
    10 yuan stay in the pool."""
    model = calendar_model("2025-01-01", ["points.move_to_pool=false"])
    model.ledger.move("test_setup", "issuer", "monthly_pool", 1000)
    model.members.dividend_points[0] = 500
    for _ in range(31):
        model.step()
    assert model.ledger.wallet[0] == 0 and model.ledger["monthly_pool"] == 1000
    assert model.members.dividend_points_pool[0] == 0


@pytest.mark.parametrize("start", ["2025-01-25", "2025-01-26"])
def test_a_run_that_starts_after_the_freeze_pays_that_month_nothing(start):
    """A25: only the points in the pool at the freeze (00:00 on the 25th, the end of the 24th)
    share the month's pool. A run whose day 0 is the 25th or later never saw January's freeze:
    on January 31 nothing is paid, though member 0 already holds 200 points in the pool; the
    pool (10 yuan) carries over and February's freeze (the end of Feb 24) records them, so
    on February 28 member 0 gets the whole 1000 fen."""
    model = calendar_model(start)
    model.members.dividend_points_pool[0] = 200
    model.ledger.move("test_setup", "issuer", "monthly_pool", 1000)
    jan31 = 31 - int(start[-2:])
    for day in range(jan31 + 1):
        model.step()
    assert model.ledger.wallet[0] == 0 and model.ledger["monthly_pool"] == 1000
    for day in range(28):
        model.step()
    assert model.ledger.wallet[0] == 1000 and model.ledger["monthly_pool"] == 0


def test_a_one_fen_monthly_pool_is_paid():
    """The smallest pool, 1 fen, is paid to the one member recorded at the freeze (pro rata,
    rounded down: 1 x 100/100 = 1)."""
    model = calendar_model("2025-01-01")
    model.members.dividend_points[0] = 100
    model.ledger.move("test_setup", "issuer", "monthly_pool", 1)
    for _ in range(31):
        model.step()
    assert model.ledger.wallet[0] == 1 and model.ledger["monthly_pool"] == 0
