"""Defects an audit found in the engine, each pinned by a case worked out by hand from the rulebook.

Each test builds a small case (a handful of members added by hand, a few days), runs it through
``step()`` or ``sim.run``, and compares the result with figures worked out on paper from the
rulebook, not with the engine's own expressions. Each one failed on the engine as it stood when
it was written, and states the behaviour the fix must have:

1. promoter validity (RULEBOOK §8, A29): a member who takes a seat on day d is a valid promoter
   for all of day d's draws and for the gift-package referral commissions paid on day d, in
   whatever order the price zones are drawn or the packages bought;
2. ``robots.can_win = false`` (RULEBOOK §3.5, A13): a robot seat never wins, so a group's w wins
   go to its real seats, and all of them win when it has fewer than w;
3. funnel task rewards (RULEBOOK §2.3, A4) and reserve payouts reach the members' tallies in
   participants.csv, and the money columns add up to the member's outside pocket and to the
   summary;
4. dynamic release 2 (RULEBOOK §5.5, §5.6 A22): draws are settled one after another in group
   order, and within a draw DR1 comes first, then the winners' new shopping gold, then DR2. A win
   in a later group cannot feed the DR2 of a seat in an earlier group;
5. daily.csv's ``paid_in_fen`` is the cash paid in from outside that day, gross (never negative),
   and the new ``stakes_refunded_fen`` is the stakes refunded to outside that day.

Only ``import sim`` and its public names are used, plus attributes of a model object. Money is in
fen (1 yuan = 100 fen).
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from conftest import BEFORE_NETWORK, BEHAVIOUR, controlled_model

YUAN = 100  # fen per yuan

def hand_model(preset: str, uplines, overrides=(), *, trust=None, participants=None,
               days: int = 30) -> sim.SchemeModel:
    """A model of ``preset`` whose members are added by hand before day 0 (conftest's
    ``controlled_model`` with the behaviour held still and the preset's own rates)."""
    return controlled_model(uplines, trust=trust, overrides=overrides, days=days, preset=preset,
                            control=BEHAVIOUR, participants=participants)


class FixedArrival:
    """Stands in for the 'queue' random stream: today's seats arrive in the order given
    (positions in the list of seats as the members chose them, i.e. by member id)."""

    def __init__(self, order):
        self.order = np.asarray(order, dtype=np.int64)

    def permutation(self, k):
        assert k == self.order.size, f"{k} seats today, the test expected {self.order.size}"
        return self.order.copy()


# ---------------------------------------------------------------------------------------
# 1. Promoter validity is judged on the day's play, before any draw (RULEBOOK §8, A29)
# ---------------------------------------------------------------------------------------


#: quanmin-pingou's 2% / 1% promotion commission (RULEBOOK §10.2), and no other payment into
#: a wallet: no loser cash, no team, regional or store layer, no dividend pools.
PROMOTION_ONLY = (
    "commission.level1_rate=0.02", "commission.level1_yuan=0",
    "commission.level2_rate=0.01", "commission.level2_yuan=0", "commission.require_promoter=true",
    "rewards.loser_reward_rate=0", "rewards.loser_reward_yuan=0",
    "team.tier1_rate=0", "team.tier2_rate=0", "team.tier3_rate=0",
    "regional.district_rate=0", "regional.city_rate=0", "regional.province_rate=0",
    "regional.agents=false", "pools.daily_rate=0", "pools.monthly_rate=0",
)


def test_promoter_playing_in_another_price_zone_is_paid_for_that_days_draws():
    """Two price zones, 99 and 299 yuan (RULEBOOK §3.2); D's direct upline is U. Both take 2
    seats on day 0, D in one zone and U in the other. Neither had played before, so U has no
    validity left from an earlier day; its validity comes from its play today (§8, A29: the first
    play of day d makes it valid through day d), and that holds for every one of day d's draws,
    whichever zone is drawn first. Groups of 1 with no winner, so each seat is drawn the day it
    is taken; no loser cash, no other commission layer and no pools (:data:`PROMOTION_ONLY`),
    so U's wallet holds only its promotion commissions.

    Level-1 promotion commission (quanmin-pingou, §10.2: 2% of P per seat, rounded down):
    D in the 99 zone:  2 seats x 2% x 99 yuan  = 2 x 1.98 yuan = 396 fen;
    D in the 299 zone: 2 seats x 2% x 299 yuan = 2 x 5.98 yuan = 1,196 fen.
    The engine drew the 99 zone, and paid its commissions, before U's 299-zone seats were
    taken, so it paid 0 when D was in the 99 zone (and 1,196 the other way round)."""
    for d_zone, u_zone, expected in ((0, 1, 2 * 198), (1, 0, 2 * 598)):
        model = hand_model("quanmin-pingou", [-1, 0],
                           ["zones.stakes_yuan=[99.0, 299.0]", "draw.group_size=1",
                            "draw.winners=0", "draw.daily_cap=2", *PROMOTION_ONLY])
        U, D = 0, 1
        model.members.zone[U] = u_zone
        model.members.zone[D] = d_zone
        assert model.members.promoter_until[U] < 0  # U was never a promoter before today
        model.step()
        assert int(model.members.seats[D]) == 2 and int(model.members.seats[U]) == 2
        stake = (99, 299)[d_zone]
        paid = int(model.ledger.wallet[U])  # U's wallet holds only its commissions
        assert paid == expected, (
            f"D plays the {stake}-yuan zone, U the other: U's level-1 commission is {paid} fen, "
            f"by hand 2 x 2% x {stake} yuan = {expected}")


def test_gift_package_referral_paid_to_upline_who_plays_that_day():
    """Preset gift-package (RULEBOOK §11, A40-A41). U holds the VIP identity and has played
    before (not a new user). On day 0 U plays, so it is valid through day 0 (§8, A29: expiry =
    max(expiry, d-1) + 1 = 0) and its invitation lands on day 1 (MODEL §2): D joins with U as
    direct upline and buys the VIP package, 399 yuan (every newcomer buys it here).

    * U plays on day 1 too, so it is a valid promoter all of day 1 and is owed the referral
      commission gift.referral_level1_rate x price = 20% x 399 yuan = 79.80 yuan = 7,980 fen
      (D has no indirect upline). The engine paid the referral before U's day-1 seat and so
      withheld it.
    * Control: if U does not play on day 1, its validity ended with day 0, and nothing is due.
    D's own seat waits in the queue (3 seats, groups of 10): no seat commission either way."""
    overrides = ["recruitment.conversion=1", "recruitment.invite_rate=100",
                 "behaviour.budget_median_yuan=100000", "behaviour.budget_sigma=0",
                 "draw.group_size=10", "gift.vip_price_yuan=399", "gift.vip_share=1", "gift.special_share=0",
                 "gift.cofounder_share=0", "gift.agent_share=0", "gift.referral_level1_rate=0.2",
                 "gift.referral_level2_rate=0.1", "regional.agents=false"]
    U, D = 0, 1
    for u_plays_day1, expected in ((True, 7980), (False, 0)):
        model = hand_model("gift-package", [-1], overrides, participants=2)
        m = model.members
        m.identity[U] = 1  # VIP (RULEBOOK §11)
        m.ever_played[U] = True  # an established member, not a new user
        model.step()  # day 0: U plays
        assert int(m.promoter_until[U]) == 0 and m.count == 1
        if not u_plays_day1:
            m.trust[U] = 0.0
        model.step()  # day 1: D joins, buys the package; U plays (or not)
        assert m.count == 2 and int(m.upline[D]) == U and int(m.identity[D]) == 1
        assert int(m.seats[U]) == 0  # no group formed: U's wallet can only hold the referral
        paid = int(model.ledger.wallet[U])
        assert paid == expected, (
            f"U {'plays' if u_plays_day1 else 'does not play'} on the day D buys the VIP "
            f"package: referral paid {paid} fen, by hand "
            f"{'20% x 399 yuan = 7980' if u_plays_day1 else '0'}")


# ---------------------------------------------------------------------------------------
# 2. robots.can_win = false: robots never win (RULEBOOK §3.5, A13)
# ---------------------------------------------------------------------------------------


def test_robots_that_cannot_win_leave_the_wins_to_real_seats():
    """quanmin-pingou, 10 choose 3, P = 100 yuan, robot fill at the end of each day
    (RULEBOOK §3.5, A13) with robots.can_win = false.

    Day 0: 5 members take 1 seat each: one group of 5 real seats + 5 robots. No robot may win,
    so the 3 wins go to 3 of the 5 real seats: 3 members win once, and the stakes kept (from
    outside, so out of the members' pockets) are 3 x 100 yuan = 30,000 fen.
    Day 1: only members 0 and 1 play: 2 real seats + 8 robots, fewer real seats than winners, so
    both win (min(w, real seats) = 2): the pockets are down 5 x 100 yuan = 50,000 fen in all.
    The engine ignored the flag and let robots win."""
    model = hand_model("quanmin-pingou", [-1] * 5,
                       ["draw.stake_yuan=100", "draw.group_size=10", "draw.winners=3",
                        "robots.fill=daily", "robots.can_win=false"])
    m, led = model.members, model.ledger
    model.step()
    wins0 = m.wins[:5].copy()
    assert int(m.seats[:5].sum()) == 5
    assert int(wins0.sum()) == 3 and int(wins0.max()) == 1, (
        f"day 0, 5 real seats + 5 robots, robots cannot win: real wins {wins0.tolist()}, "
        "by hand 3 of the 5 real seats win")
    assert int(led.pocket[:5].sum()) == -3 * 100 * YUAN
    m.trust[2:5] = 0.0
    model.step()
    assert (m.wins[:2] - wins0[:2]).tolist() == [1, 1], (
        f"day 1, 2 real seats + 8 robots: wins of members 0 and 1 went "
        f"{wins0[:2].tolist()} -> {m.wins[:2].tolist()}, by hand each wins once more")
    assert int(led.pocket[:5].sum()) == -5 * 100 * YUAN


def test_robots_that_cannot_win_whole_run_daily_counts():
    """quanmin-pingou, 2,000 people, 60 days, seed 1, robot fill daily. With one zone and no
    hidden rules, each day's full groups have 3 real winners each, and the one group the robots
    complete has min(3, 10 - robot seats) real winners when robots cannot win (RULEBOOK §3.5,
    A13): daily winning_seats = 3 x (groups - 1) + min(3, 10 - robot_seats) on every day with
    robots. With can_win = true robots keep winning as before, so some days fall short of that,
    and the two runs differ."""
    n, w = 10, 3
    runs = {flag: sim.run("quanmin-pingou", participants=2000, days=60, seed=1,
                          overrides=["draw.group_size=10", "draw.winners=3", "robots.fill=daily",
                                     f"robots.can_win={flag}"]).daily
            for flag in ("false", "true")}

    def by_hand(d):
        robots = d["robot_seats"].to_numpy()
        groups = d["groups"].to_numpy()
        return np.where(robots > 0, w * (groups - 1) + np.minimum(w, n - robots), w * groups)

    d = runs["false"]
    assert (d["robot_seats"] > 0).sum() > 10  # robots complete a group on most days
    wrong = np.flatnonzero(d["winning_seats"].to_numpy() != by_hand(d))
    assert wrong.size == 0, (
        f"can_win=false: on {wrong.size} of {len(d)} days the real winning seats differ from "
        f"3 x (groups - 1) + min(3, real seats of the robot group); days {wrong[:3].tolist()}: "
        f"{d['winning_seats'].to_numpy()[wrong[:3]].tolist()} vs {by_hand(d)[wrong[:3]].tolist()}")
    t = runs["true"]
    assert (t["winning_seats"].to_numpy() < by_hand(t)).any()  # robots do win with can_win=true
    assert not t["winning_seats"].equals(d["winning_seats"])


# ---------------------------------------------------------------------------------------
# 3. Task rewards and reserve payouts reach participants.csv (RULEBOOK §2.3 A4; MODEL §5-§6)
# ---------------------------------------------------------------------------------------

FUNNEL_HAND = (
    "recruitment.founders_share=0.25", "recruitment.founders_min=1", "recruitment.stall_day=none",
    "recruitment.conversion=0", 'network.kind="well-mixed"',
    "behaviour.seats_per_day=1000", "behaviour.shopping_gold_hook=0", "behaviour.trust_initial=1",
    "behaviour.budget_median_yuan=100000", "behaviour.budget_sigma=0",
    "behaviour.withdraw_propensity=0", "draw.daily_cap=1",
    'operator.extraction="none"', 'operator.exit_rule="never"',
    "draw.stake_yuan=100", "draw.group_size=10",
    "funnel.enabled=true", "funnel.regions=1", "funnel.group_size=3", "funnel.conversion=1",
    "funnel.warmup_days=0", "funnel.task_days=0", "funnel.start_day=1",
    "funnel.task_reward_yuan=20",
)


def test_funnel_task_rewards_in_participants_by_hand():
    """4 people, 2 days. Day 0: 1 founder (25% of 4) takes a seat of 100 yuan from outside.
    Day 1: the funnel (RULEBOOK §2, one region, a group of 3, all convert, no warm-up or task
    days) brings 3 converts, each paid the task reward of 20 yuan (A4) in cash from the
    platform (which holds the founder's 100 yuan, enough for 3 x 20); each takes a seat of 100
    yuan, as does the founder. 5 seats wait in the queue (groups of 10): nothing is drawn.

    By hand, per member (fen):
    founder: paid in 2 x 10,000 = 20,000; task reward 0; received 0; net cash -20,000;
    convert:  paid in 10,000; task reward 2,000; received 2,000; net cash 2,000 - 10,000 = -8,000.
    Summary: paid in 50,000, withdrawn 0, task rewards 6,000, received 6,000.
    The engine left the task rewards out of the tallies (net cash -8,000 but withdrawn -
    paid in = -10,000) and has no columns task_rewards_fen, reserve_payout_fen, received_fen."""
    r = sim.run("quanmin-pingou", participants=4, days=2, seed=1, overrides=list(FUNNEL_HAND))
    p = r.participants.set_index("id")
    assert p["join_day"].tolist() == [0, 1, 1, 1]
    missing = {"task_rewards_fen", "reserve_payout_fen", "received_fen"} - set(p.columns)
    assert not missing, f"participants.csv lacks the columns {sorted(missing)}"
    assert p["paid_in_fen"].tolist() == [20000, 10000, 10000, 10000]
    assert p["withdrawn_fen"].tolist() == [0, 0, 0, 0]
    assert p["task_rewards_fen"].tolist() == [0, 2000, 2000, 2000]
    assert p["reserve_payout_fen"].tolist() == [0, 0, 0, 0]
    assert p["received_fen"].tolist() == [0, 2000, 2000, 2000]
    assert p["net_cash_fen"].tolist() == [-20000, -8000, -8000, -8000]
    assert r.model.ledger.pocket[:4].tolist() == [-20000, -8000, -8000, -8000]
    s = r.summary
    assert (s["paid_in_fen"], s["withdrawn_fen"]) == (50000, 0)
    assert (s.get("task_rewards_fen"), s.get("received_fen")) == (6000, 6000)


@pytest.mark.parametrize("extra", [(), ("policy.reserve_day=0", *BEFORE_NETWORK)],
                         ids=["funnel", "funnel-and-reserve-payout-at-exit"])
def test_participants_cash_columns_add_up_to_the_pocket(extra):
    """quanmin-pingou, 3,000 people, 120 days, seed 1, funnel on from day 0 with a task reward of
    20 yuan (RULEBOOK §2.3, A4); converts join from day 28. With ``policy.reserve_day = 0``, on the
    model before the network (``BEFORE_NETWORK``, so that the operator exits within the 120
    days), the exit pays the reserve out to members (MODEL §5).

    Every cash movement between a member's outside pocket and the platform is either paid in
    (stakes, net of stakes refunded, and packages) or received (withdrawals, task rewards,
    reserve payouts), so for EVERY member: received = withdrawn + task rewards + reserve payout,
    net cash = received - paid in, and net cash = the pocket (the ledger's own figure, MODEL §6:
    net_cash = cash out - cash in). The files add up to the summary. The engine left the task
    rewards out (1,225 of 3,000 rows had net cash != withdrawn - paid in) and counted reserve
    payouts as withdrawals."""
    r = sim.run("quanmin-pingou", participants=3000, days=120, seed=1,
                overrides=["funnel.enabled=true", "funnel.task_reward_yuan=20", *extra])
    p, s, led = r.participants, r.summary, r.model.ledger
    if extra:
        assert s["reserve_payout_fen"] > 0  # the exit paid the reserve out
    missing = {"task_rewards_fen", "reserve_payout_fen", "received_fen"} - set(p.columns)
    assert not missing, (
        f"participants.csv lacks the columns {sorted(missing)}; "
        f"{int((p['net_cash_fen'] != p['withdrawn_fen'] - p['paid_in_fen']).sum())} of {len(p)} "
        "rows have net_cash_fen != withdrawn_fen - paid_in_fen")
    assert (p["task_rewards_fen"] > 0).sum() > 100  # converts joined and were paid
    if extra:
        assert (p["reserve_payout_fen"] > 0).sum() > 100
    received = p["withdrawn_fen"] + p["task_rewards_fen"] + p["reserve_payout_fen"]
    assert (p["received_fen"] == received).all()
    assert (p["net_cash_fen"] == p["received_fen"] - p["paid_in_fen"]).all()
    assert (p["net_cash_fen"].to_numpy() == led.pocket[:len(p)]).all()
    assert s["paid_in_fen"] == int(p["paid_in_fen"].sum())
    assert s["withdrawn_fen"] == int(p["withdrawn_fen"].sum())
    assert s["task_rewards_fen"] == int(p["task_rewards_fen"].sum())
    assert s["received_fen"] == int(p["received_fen"].sum())
    assert s["reserve_payout_fen"] == int(p["reserve_payout_fen"].sum())


# ---------------------------------------------------------------------------------------
# 4. Dynamic release 2 is settled draw by draw (RULEBOOK §5.5, §5.6 A22)
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("hidden", [(), ("hidden.window_plays=0", "hidden.window_max_wins=0")],
                         ids=["with-hidden-rule-5", "no-hidden-rules"])
def test_downline_release_uses_the_uplines_gold_at_that_draw(hidden):
    """Preset static-dynamic (RULEBOOK §14.4): P = 100 yuan, DR1 2 yuan per seat, DR2 1 yuan of
    the direct upline's shopping gold per seat of a direct downline, a win credits P of shopping
    gold, level-1 commission 0.3% of P = 30 fen. Groups of 1 that always win, so each seat is its
    own draw; static release off, so the night moves nothing.

    U holds no shopping gold; D and D2 are its direct downlines. Today's seats arrive D, U, D2:
    group 1 = D, group 2 = U, group 3 = D2, drawn one after another in that order (§5.6, A22:
    within a draw DR1, then the winners' credit, then DR2).
    * group 1: D's seat asks U for 1 yuan, U holds 0: min(100, 0) = 0 released;
    * group 2: U's DR1 on a balance of 0 releases 0, then U is credited 10,000;
    * group 3: D2's seat releases min(100, 10,000) = 100 fen of U's gold.
    By hand: released by DR2 = 100 fen; U's wallet = 2 x 30 (commissions) + 100 = 160 fen;
    U's shopping gold = 10,000 - 100 = 9,900 fen. The engine applied the day's DR2 after all
    its credits, so D's seat in group 1 released from U's win in group 2: 200, 260 and 9,800."""
    model = hand_model("static-dynamic", [-1, 0, 0],
                       ["draw.stake_yuan=100", "draw.group_size=1", "draw.winners=1",
                        "rewards.winner_shopping_gold_rate=1", "release.per_play_rate=0",
                        "release.per_play_yuan=2", "release.before_credit=true",
                        "release.static_daily_rate=0", "downline_release.direct_yuan=1",
                        "downline_release.indirect_yuan=0.5", "commission.level1_rate=0.003",
                        "commission.level1_yuan=0", "pools.daily_rate=0", "pools.monthly_rate=0",
                        "regional.agents=false", *hidden])
    U, D, D2 = 0, 1, 2
    led = model.ledger
    assert int(led.shopping_gold[U]) == 0
    model.streams.queue = FixedArrival([D, U, D2])  # today's seats by member id: 0, 1, 2
    model.step()
    assert model.members.wins[:3].tolist() == [1, 1, 1]
    assert int(led.total["release_downline"]) == 100, (
        f"released by DR2: {int(led.total['release_downline'])} fen, by hand 0 (D, group 1, "
        "before U's win) + 100 (D2, group 3, after it) = 100")
    assert int(led.wallet[U]) == 160
    assert int(led.shopping_gold[U]) == 9900


# ---------------------------------------------------------------------------------------
# 5. daily.csv: paid in gross, stakes refunded apart (MODEL §4, §6; RULEBOOK §3.7)
# ---------------------------------------------------------------------------------------


def test_daily_paid_in_is_gross_and_refunds_are_their_own_column():
    """quanmin-pingou, 12 people, 2 days; every member's budget is one stake (100 yuan), each
    takes at most 1 seat a day. Day 0: 9 founders (75% of 12) take a seat each from outside:
    paid in 9 x 100 = 900 yuan; 9 seats wait (groups of 10). Day 1: the founders' invitations
    bring the 3 people left, who take a seat each (300 yuan); the founders' budgets are spent.
    The queue holds 12 seats: one group of the 9 day-0 seats and the first of today's, 3 win and
    7 lose, every stake paid from outside, so 7 x 100 = 700 yuan go back to the losers' pockets
    (RULEBOOK §3.7, refunds go back the way they came).

    By hand (fen): daily paid_in = [90,000, 30,000], daily stakes_refunded = [0, 70,000];
    summary paid_in (net of refunds) = 120,000 - 70,000 = 50,000. The engine's daily paid_in was
    net of the day's refunds: -40,000 on day 1."""
    overrides = ["recruitment.founders_share=0.75", "recruitment.stall_day=none",
                 'network.kind="well-mixed"',
                 "recruitment.conversion=1", "recruitment.invite_rate=100",
                 "behaviour.seats_per_day=1000", "behaviour.shopping_gold_hook=0",
                 "behaviour.trust_initial=1", "behaviour.budget_median_yuan=100",
                 "behaviour.budget_sigma=0", "behaviour.withdraw_propensity=0",
                 "draw.daily_cap=1", "draw.stake_yuan=100", "draw.group_size=10",
                 "draw.winners=3", 'operator.extraction="none"', 'operator.exit_rule="never"']
    r = sim.run("quanmin-pingou", participants=12, days=2, seed=1, overrides=overrides)
    d = r.daily
    assert d["members"].tolist() == [9, 12] and d["seats"].tolist() == [9, 3]
    assert d["groups"].tolist() == [0, 1] and d["winning_seats"].tolist() == [0, 3]
    assert d["paid_in_fen"].tolist() == [90000, 30000], (
        f"daily paid_in_fen {d['paid_in_fen'].tolist()}, by hand [90000, 30000] (gross)")
    assert "stakes_refunded_fen" in d.columns, "daily.csv has no stakes_refunded_fen column"
    assert d["stakes_refunded_fen"].tolist() == [0, 70000]
    assert r.summary["paid_in_fen"] == 50000
    assert r.summary["stakes_refunded_fen"] == 70000


@pytest.mark.parametrize("preset, participants, days, overrides", [
    ("quanmin-pingou", 2000, 120, ()),
    ("gift-package", 2000, 120, ("rewards.virtual_product=true",)),
    ("privilege-mode", 5000, 365, ()),
    ("classic-ponzi", None, None, ()),
], ids=["quanmin-pingou", "gift-package-with-virtual-product", "privilege-mode-failed-groups",
        "classic-ponzi-deposits"])
def test_daily_paid_in_is_never_negative_and_adds_up(preset, participants, days, overrides):
    """Whole runs (seed 1). Every fen that comes in from outside (a stake paid from outside, a
    gift package, the cash part of a coin redemption under the virtual-product trick, a fund
    deposit) is counted in daily paid_in the day it comes in, so it is never negative, and every
    stake refunded to outside (a loser's, or a failed group's, RULEBOOK §3.7, §9.3) is counted in
    daily stakes_refunded the day it goes back. So sum(paid_in) - sum(stakes_refunded) = the
    summary's paid_in (net of refunds, = participants' paid_in), and sum(stakes_refunded) = the
    summary's stakes_refunded. The engine's daily paid_in was net of the day's refunds (negative
    on days 12, 18, 22, 25, 28 of quanmin-pingou, 2,000 people, 120 days; days 5, 10, 12 of
    privilege-mode) and left out the virtual product's coin cash."""
    r = sim.run(preset, participants=participants, days=days, seed=1, overrides=list(overrides))
    d, s = r.daily, r.summary
    negative = d.index[d["paid_in_fen"] < 0].tolist()
    assert not negative, (f"daily paid_in_fen is negative on days {negative[:5]}: "
                          f"{d['paid_in_fen'][d['paid_in_fen'] < 0].tolist()[:5]} fen")
    assert "stakes_refunded_fen" in d.columns, "daily.csv has no stakes_refunded_fen column"
    assert (d["stakes_refunded_fen"] >= 0).all()
    assert int(d["paid_in_fen"].sum() - d["stakes_refunded_fen"].sum()) == s["paid_in_fen"]
    assert int(d["stakes_refunded_fen"].sum()) == s["stakes_refunded_fen"]
    assert s["paid_in_fen"] == int(r.participants["paid_in_fen"].sum())
