"""Shopping gold through a day's draws (RULEBOOK §5.3-§5.6) through ``model.step()``, on
cases worked out by hand.

Written to kill the mutants that survived in :mod:`sim.engine.release` and
:mod:`sim.engine.draws` (docs/mutation.md). Money in fen; P = 100 yuan = 10,000 fen.
"""

from __future__ import annotations

import numpy as np

from conftest import BEHAVIOUR, P, controlled_model, give


class FixedArrival:
    """Stands in for the 'queue' stream: today's seats arrive in the order given (positions in
    the list of seats as the members chose them, i.e. by member id)."""

    def __init__(self, order):
        self.order = np.asarray(order, dtype=np.int64)

    def permutation(self, k):
        assert k == self.order.size, f"{k} seats today, the test expected {self.order.size}"
        return self.order.copy()


def test_two_wins_in_a_day_each_release_capped_by_the_balance_then():
    """One member, two seats a day (daily cap 2), groups of 1 that always win; each win
    credits 1% of P = 100 fen of shopping gold; dynamic release 1 is 5 yuan a play, capped by
    the balance at that moment, before the draw's credit (§5.4, §5.6, A22). Starting gold 300:

    draw 1: release min(500, 300) = 300 -> 0; credit 100 -> 100;
    draw 2: release min(500, 100) = 100 -> 0; credit 100 -> 100.
    Released 400 (the day's releases_fen), gold 100, wallet 400 (both stakes came from
    outside: the wallet was empty when they were paid)."""
    model = controlled_model([-1], overrides=[
        "draw.group_size=1", "draw.winners=1", "draw.daily_cap=2",
        "rewards.winner_shopping_gold_rate=0.01"])
    give(model, "shopping_gold", {0: 300})
    model.step()
    led = model.ledger
    assert model.members.wins[0] == 2
    assert model.rows[-1]["releases_fen"] == 400
    assert led.shopping_gold[0] == 100 and led.wallet[0] == 400 and led.pocket[0] == -2 * P
    assert led.tally("released", 1).tolist() == [400]
    assert led.tally("shopping_gold_credited", 1).tolist() == [200]


def dr2_model(uplines, overrides=()):
    """Preset static-dynamic's releases (§14.4): DR1 2 yuan a seat, DR2 1 yuan of the direct
    upline's gold and 0.5 yuan of the indirect upline's per downline seat; no static release,
    commissions off, no loser reward."""
    return controlled_model(uplines, preset="static-dynamic", control=BEHAVIOUR, overrides=[
        "draw.stake_yuan=100", "rewards.winner_shopping_gold_rate=1",
        "release.per_play_rate=0", "release.per_play_yuan=2", "release.before_credit=true",
        "release.static_daily_rate=0", "downline_release.direct_yuan=1",
        "downline_release.indirect_yuan=0.5", "commission.level1_rate=0",
        "commission.level1_yuan=0", "commission.level2_rate=0", "commission.level2_yuan=0",
        "rewards.loser_reward_rate=0", "rewards.loser_reward_yuan=0",
        "pools.daily_rate=0", "pools.monthly_rate=0", "pools.monthly_yuan_per_draw=0",
        "regional.agents=false", "hidden.window_plays=0", "hidden.window_max_wins=0",
        *overrides])


def test_downline_release_in_the_same_draw_comes_after_the_wins():
    """§5.6, A22: within ONE draw, DR1 for every seat, then the winners' new gold, then DR2,
    whatever the seats' order. U (0) and its direct downline D (1) share a group of 2 with 2
    winners; D's seat comes first. U holds no gold, D 150 fen.

    DR1: U min(200, 0) = 0; D min(200, 150) = 150. Credits: U 10,000, D 10,000 - 0.
    DR2: D's seat releases min(100, 10,000) = 100 of U's new gold.
    By hand: U gold 9,900, wallet 100; D gold 10,000, wallet 150; the day's releases
    150 + 100 = 250 fen; the red flags see pay one level up (release_downline: 1)."""
    model = dr2_model([-1, 0], ["draw.group_size=2", "draw.winners=2"])
    give(model, "shopping_gold", {1: 150})
    model.streams.queue = FixedArrival([1, 0])  # D's seat, then U's
    model.step()
    led = model.ledger
    assert model.members.wins[:2].tolist() == [1, 1]
    assert led.shopping_gold[:2].tolist() == [9900, 10000]
    assert led.wallet[:2].tolist() == [100, 150]
    assert model.rows[-1]["releases_fen"] == 250
    assert led.levels == {"release_downline": 1}


def test_indirect_downline_release_is_level_two():
    """§5.5: D (2)'s seat releases 1 yuan of its direct upline U (1)'s gold and 0.5 yuan of its
    indirect upline G (0)'s. Both hold 10 yuan; D loses its seat (group of 1, no winner).
    U 1000 -> 900, G 1000 -> 950; the day's releases 150 fen; the red flags see pay two
    levels up (release_downline: 2)."""
    model = dr2_model([-1, 0, 1], ["draw.group_size=1", "draw.winners=0"])
    model.members.trust[:2] = 0.0
    give(model, "shopping_gold", {0: 1000, 1: 1000})
    model.step()
    led = model.ledger
    assert led.shopping_gold[:2].tolist() == [950, 900]
    assert led.wallet[:2].tolist() == [50, 100]
    assert model.rows[-1]["releases_fen"] == 150
    assert led.levels == {"release_downline": 2}
    assert led.tally("released", 3).tolist() == [50, 100, 0]


def test_the_release_cap_counts_the_days_play_release_before_the_static_release():
    """The policy's release cap (MODEL.md §4-§5: at most ``release_cap_yuan`` released per
    member per day) covers every release of the day: dynamic release 1 in the draws and the
    static release at night (§5.3). Cap 5 yuan from day 0; the member holds 1,000 yuan of
    gold, loses a seat a day (group of 1, no winner), DR1 5% of P = 5 yuan, static 1% a
    night. Day 0: DR1 releases 500 = the cap, so the night's static release (1% of 99,500 =
    995) is held to 0. Gold 99,500, wallet 500 + the 3-yuan loser reward."""
    model = controlled_model([-1], overrides=[
        "draw.group_size=1", "draw.winners=0", "release.static_daily_rate=0.01",
        "policy.release_cap_day=0", "policy.release_cap_yuan=5"])
    give(model, "shopping_gold", {0: 100_000})
    model.step()
    led = model.ledger
    assert model.rows[-1]["releases_fen"] == 500
    assert led.shopping_gold[0] == 99_500 and led.wallet[0] == 500 + 300
