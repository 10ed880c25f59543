"""Extreme but valid runs still run, balance their books and say what they must.

Each row of :data:`CASES` is a scenario at an edge of what the fields allow (every seat wins,
no seat wins, groups of one, a population of one, nobody recruited, a 100% withdrawal fee, a
stall on day 0, every hidden rule at once, a scheme with no founders...), run through
``sim.run(...)`` with every warning turned into an error (a warning on a valid run hides a
wrong figure: numpy's "invalid value encountered in cast" is how a wrapped int64 shows). Each
must

* balance: ``ledger_imbalance_fen`` 0 in the summary and on every day;
* add up: the summary's members and money in are participants.csv's;
* and hold one or two facts that follow from the rules by hand (w = n: nobody is ever refunded
  a stake; fee 100%: nothing withdrawn reaches a pocket), each next to a check that the case
  is not empty (groups were drawn, withdrawals were paid), so that no fact holds only because
  nothing happened.

Then every preset at 50 members, over its own number of days. Money in fen.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import sim
from sim.scheme.scenario import preset_names

#: Every hidden rule of RULEBOOK §9 on at once: rules 1 and 2 (first play of the day, first
#: play ever), 3 (after 2 wins in a row, 2 forced losses), 4 (after every 2 wins, 3 forced
#: losses) and 5 (at most 1 win per block of 5 plays).
ALL_HIDDEN = (
    "hidden.first_of_day_loses=true",
    "hidden.new_user_loses=true",
    "hidden.streak_wins=2",
    "hidden.streak_losses=2",
    "hidden.privilege_after_wins=2",
    "hidden.privilege_losses=3",
    "hidden.window_plays=5",
    "hidden.window_max_wins=1",
)


def every_seat_wins(r):
    """w = n: no seat loses, so no stake is ever refunded and no loser reward is paid; every
    drawn seat wins."""
    d = r.daily
    assert d["groups"].sum() > 0
    assert d["winning_seats"].sum() == 10 * d["groups"].sum()
    assert d["stakes_refunded_fen"].sum() == 0 and d["loser_rewards_fen"].sum() == 0
    assert (r.participants["stakes_refunded_fen"] == 0).all()


def no_seat_wins(r):
    """w = 0: nobody wins, so nobody gets a product, and no shopping gold is credited."""
    d, p = r.daily, r.participants
    assert d["groups"].sum() > 0
    assert d["winning_seats"].sum() == 0 and (p["wins"] == 0).all()
    assert d["products_fen"].sum() == 0 and (p["goods_cost_fen"] == 0).all()
    assert r.summary["outstanding"]["shopping_gold_fen"] == 0


def groups_of_one(r):
    """n = 1, w = 1: a seat is a full group the moment it joins the queue, and it wins: each
    day's groups are that day's seats, every one a win, and nothing waits in a queue."""
    d = r.daily
    assert d["seats"].sum() > 0
    assert (d["groups"] == d["seats"]).all() and (d["winning_seats"] == d["seats"]).all()
    assert (r.participants["queued_stakes_fen"] == 0).all()


def groups_of_one_nobody_wins(r):
    """n = 1, w = 0: every seat is drawn at once and loses."""
    d = r.daily
    assert d["seats"].sum() > 0
    assert (d["groups"] == d["seats"]).all() and d["winning_seats"].sum() == 0


def population_of_one(r):
    """One person: the founder, alone. With nobody above, no promotion commission is paid;
    but the founder is the first to join their district, city and province, so the agent of
    all three (regional.agents), and is paid the whole regional ladder, 3% of P (1% + 2% - 1%
    + 3% - 2%, RULEBOOK §10.3), on each of their own drawn seats: 300 fen a seat."""
    p = r.participants
    assert r.summary["population"] == 1 and len(p) == 1
    assert pd.isna(p["upline"].iloc[0]) and p["depth"].iloc[0] == 0  # no upline
    seats = int(p["seats"].iloc[0])
    assert seats > 0
    assert p["commissions_fen"].iloc[0] == r.daily["commissions_fen"].sum() == 300 * seats


def founders_only(r):
    """Nobody is recruited: the 10 founders (0.05% of 20,000) are the members, every day."""
    d, p = r.daily, r.participants
    assert len(p) == 10 and (d["members"] == 10).all()
    assert (p["join_day"] == 0).all() and (p["depth"] == 0).all()
    assert d["new_members"].iloc[1:].sum() == 0
    assert p["seats"].sum() > 0


def fee_takes_all(r):
    """A 100% withdrawal fee: withdrawals are paid, and all of each is fee, so nothing withdrawn
    ever reaches a pocket; what a member received is what came some other way."""
    s, p = r.summary, r.participants
    assert s["withdrawal_fees_fen"] > 0  # requests were paid...
    assert s["withdrawal_fees_fen"] == r.daily["fees_fen"].sum()
    assert s["withdrawn_fen"] == 0 and (p["withdrawn_fen"] == 0).all()  # ...into no pocket
    assert (p["received_fen"] == p["reserve_payout_fen"] + p["task_rewards_fen"]).all()


def no_founders(r):
    """A scheme with no founders never starts: nobody ever joins, no money moves."""
    s, d = r.summary, r.daily
    assert s["participants"] == 0 and len(r.participants) == 0
    assert (d["members"] == 0).all() and d["seats"].sum() == 0
    assert s["paid_in_fen"] == 0 and s["withdrawn_fen"] == 0 and s["operator_take_fen"] == 0


def hidden_fail_and_reopen(r):
    """Every hidden rule, a conflict resolved by failing the group (成团流失): conflicts happen,
    a failed group's seats are not plays (A31), so the members' seats are the n seats of
    each group drawn, and each drawn group has exactly its w winners (a group that could not
    have them failed)."""
    d, p = r.daily, r.participants
    assert d["failed_groups"].sum() > 0
    drawn = d["groups"].sum() - d["failed_groups"].sum()
    assert drawn > 0
    assert p["seats"].sum() == 10 * drawn
    assert d["winning_seats"].sum() == 3 * drawn


def hidden_random_draw(r):
    """Every hidden rule, a conflict resolved by drawing anyway (随机开奖): no group ever
    fails, and every group has its w winners, privileged or not."""
    d, p = r.daily, r.participants
    assert d["groups"].sum() > 0 and d["failed_groups"].sum() == 0
    assert p["seats"].sum() == 10 * d["groups"].sum()
    assert d["winning_seats"].sum() == 3 * d["groups"].sum()


def hidden_robots_may_not_win(r):
    """Every hidden rule, with robots completing the last group each day but never winning:
    a drawn group's wins go to its real seats, w of them, fewer only in a robot-filled group
    with fewer than w real seats (at most one such group a day, with at least one real seat,
    so at most w - 1 wins short a day); and every win is a member's."""
    d, p = r.daily, r.participants
    w = r.scenario.draw.winners
    drawn = d["groups"].sum() - d["failed_groups"].sum()
    robot_days = int((d["robot_seats"] > 0).sum())
    assert robot_days > 0 and drawn > 0
    assert w * drawn - (w - 1) * robot_days <= d["winning_seats"].sum() <= w * drawn
    assert p["wins"].sum() == d["winning_seats"].sum()


def release_2_with_nobody_above(r):
    """Dynamic release 2 on, and the only shopping-gold event there could be: founders alone
    have no uplines, so no seat releases anyone's gold (and nobody holds any)."""
    d = r.daily
    assert d["groups"].sum() > 0
    assert d["releases_fen"].sum() == 0 and (r.participants["released_fen"] == 0).all()
    assert r.summary["outstanding"]["shopping_gold_fen"] == 0


#: name -> (preset, --set overrides, participants, days, the facts to check)
CASES = {
    "w = n": ("quanmin-pingou", ("draw.winners=10",), 300, 90, every_seat_wins),
    "w = 0": ("quanmin-pingou", ("draw.winners=0",), 300, 90, no_seat_wins),
    "n = 1": ("quanmin-pingou", ("draw.group_size=1", "draw.winners=1"), 300, 90,
              groups_of_one),
    "n = 1, w = 0": ("quanmin-pingou", ("draw.group_size=1", "draw.winners=0"), 300, 90,
                     groups_of_one_nobody_wins),
    "population of 1": ("quanmin-pingou", ('network.kind="well-mixed"', "draw.stake_yuan=100",
                                           "regional.agents=true",
                                           "regional.district_rate=0.01",
                                           "regional.city_rate=0.02",
                                           "regional.province_rate=0.03"), 1, 90,
                        population_of_one),
    "no recruitment": ("quanmin-pingou", ("recruitment.conversion=0",), 20_000, 90,
                       founders_only),
    "stall on day 0": ("quanmin-pingou", ("recruitment.stall_day=0",), 20_000, 90,
                       founders_only),
    "withdrawal fee 100%": ("quanmin-pingou", ("withdrawal.fee_rate=1",
                                               "withdrawal.fee_end_rate=1"), 300, 120,
                            fee_takes_all),
    "dynamic release 2 alone, founders only": (
        "quanmin-pingou", ("recruitment.conversion=0", "release.per_play_rate=0",
                           "release.per_play_yuan=0", "draw.winners=0",
                           "downline_release.direct_yuan=1",
                           "downline_release.indirect_yuan=0.5"), 20_000, 60,
        release_2_with_nobody_above),
    "no founders": ("quanmin-pingou", ("recruitment.founders_share=0",), 300, 60,
                    no_founders),
    "every hidden rule, fail and reopen": (
        "quanmin-pingou", ALL_HIDDEN + ("hidden.conflict=fail_and_reopen",), 300, 120,
        hidden_fail_and_reopen),
    "every hidden rule, random draw": (
        "quanmin-pingou", ALL_HIDDEN + ("hidden.conflict=random_draw",
                                        "hidden.void_permanently=true",
                                        "hidden.literal_seat1=true"), 300, 120,
        hidden_random_draw),
    "every hidden rule, robots that may not win": (
        "quanmin-pingou", ALL_HIDDEN + ("robots.fill=daily", "robots.can_win=false",
                                        "hidden.conflict=fail_and_reopen"), 300, 120,
        hidden_robots_may_not_win),
}


def run_quietly(preset, overrides, participants, days):
    """``sim.run`` with every warning an error: a valid run warns about nothing."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return sim.run(preset, participants=participants, days=days, seed=1,
                       overrides=list(overrides))


def check_books(r):
    """The books balance, every day, and the summary is the sum of its members."""
    s, p, d = r.summary, r.participants, r.daily
    assert s["ledger_imbalance_fen"] == 0
    assert (d["ledger_imbalance_fen"] == 0).all()
    assert s["participants"] == len(p) <= s["population"]
    assert s["paid_in_fen"] == int(p["paid_in_fen"].sum())
    assert s["withdrawn_fen"] == int(p["withdrawn_fen"].sum())


@pytest.mark.parametrize("name", CASES)
def test_extreme_but_valid_runs(name):
    preset, overrides, participants, days, facts = CASES[name]
    r = run_quietly(preset, overrides, participants, days)
    assert len(r.daily) == days
    check_books(r)
    facts(r)


@pytest.mark.parametrize("preset", preset_names())
def test_every_preset_at_50_members(preset):
    """Each preset as it is, at 50 members over its own number of days. By hand, the cash
    book: what the members are out of pocket together is where it went, the platform's cash,
    the operator's take (less what it put in), the suppliers and, with a minus, the
    advertisers' money (no preset has a fund with a real return, the one other source)."""
    sc = sim.load(preset)
    assert not (sc.fund.enabled and sc.fund.return_rate_year)
    r = run_quietly(preset, (), 50, None)
    s = r.summary
    assert s["population"] == 50 and len(r.daily) == sc.run.days
    check_books(r)
    assert 1 <= s["participants"] <= 50 and s["paid_in_fen"] > 0
    out_of_pocket = -int(r.participants["net_cash_fen"].sum())
    assert out_of_pocket == (s["platform_cash_fen"] + s["operator_take_fen"]
                             - s["operator_injected_fen"] + s["suppliers_fen"]
                             - s["ad_revenue_fen"])


@pytest.mark.xfail(strict=True, reason="sim/engine/hidden.py judges a group's forced losers on "
                   "the counters before its draw, so a member with two seats in one group "
                   "(taken the same day, or one left in the queue from an earlier day) can win "
                   "twice in one block of rule 5; RULEBOOK A34 does not say how plays in the "
                   "same draw count: a reading for the lead to choose (static-dynamic, the "
                   "preset with rule 5, has no such draw at its baseline settings)")
def test_rule_5_holds_for_a_member_with_two_seats_in_one_group():
    """Hidden rule 5 alone (at most 1 win in each block of 5 plays, RULEBOOK §9.1, A34):
    every member has at most ceil(seats / 5) wins, their seats being their plays (A31)."""
    r = run_quietly("quanmin-pingou", ("hidden.window_plays=5", "hidden.window_max_wins=1",
                                       "hidden.conflict=fail_and_reopen"), 300, 120)
    p = r.participants
    assert p["wins"].sum() > 0
    assert (p["wins"] <= np.ceil(p["seats"] / 5)).all()
