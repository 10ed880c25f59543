"""Legal red flags (ANCHORS.md "The law"; sim/redflags.py).

The control shop fires none. For each flag a scenario built from fair-shop or quanmin-pingou by
``--set`` overrides fires it, and the test asserts the exact set of flags that fire. Where flags
are linked by their definitions the expected set says so:

* ``criminal_threshold`` needs pay linked to the recruitment tree (``team_pay`` or
  ``pay_for_recruiting``), at least 30 participants and a tree of at least 3 levels; it never
  fires alone. A scenario that should fire one flag without it keeps the tree shallow (2 levels)
  or the organisation under 30 people.
* ``three_levels_paid`` is pay to someone 3 levels above a seat, because a downline played: it
  implies ``team_pay`` (no flow that pays on 3 levels is anything else).

Beside the flags, each case checks a figure derived independently from the participants table or
the ledger, so that a flag is not only compared with itself.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import sim

FLAGS = {"pay_for_recruiting", "entry_fee", "team_pay", "three_levels_paid", "criminal_threshold"}


def fired(result) -> set[str]:
    flags = result.summary["red_flags"]
    assert set(flags) == FLAGS
    assert all(isinstance(v, bool) for v in flags.values())  # booleans only
    return {k for k, v in flags.items() if v}


def uplines(parts):
    up = parts["upline"].to_numpy(dtype=float, na_value=-1).astype(np.int64)
    return up, np.where(up >= 0, up[np.maximum(up, 0)], -1)


def walked_depths(parts) -> list[int]:
    """Each member's depth in the recruitment tree, walked up the ``upline`` column one member
    at a time (a founder is 0), independently of the engine's own ``depth``."""
    up, _ = uplines(parts)
    depth = []
    for i, u in enumerate(up.tolist()):
        assert u < i  # an upline joins before its recruits
        depth.append(0 if u < 0 else depth[u] + 1)
    return depth


def tree_by_hand(parts) -> tuple[int, int]:
    """(people who joined, levels of the tree counting the founders as level 1)."""
    return len(parts), max(walked_depths(parts)) + 1


def downline_seats(parts) -> tuple[np.ndarray, np.ndarray]:
    """Per member, the seats taken by their direct and by their indirect downlines."""
    up, up2 = uplines(parts)
    seats = parts["seats"].to_numpy(dtype=np.int64)
    direct, indirect = np.zeros(len(parts), np.int64), np.zeros(len(parts), np.int64)
    np.add.at(direct, up[up >= 0], seats[up >= 0])
    np.add.at(indirect, up2[up2 >= 0], seats[up2 >= 0])
    return direct, indirect


def nearest_director(parts, max_levels=None):
    """Walk up from every buyer to the nearest member of team tier 3 (within ``max_levels``);
    each seat pays that member 3% of 100 yuan. Return (commissions per member, the most levels
    paid, the most levels the nearest director sits above a buyer, cap or no cap)."""
    up, _ = uplines(parts)
    tier = parts["team_tier"].to_numpy()
    seats = parts["seats"].to_numpy()
    paid = np.zeros(len(parts), dtype=np.int64)
    deepest = reach = 0
    for buyer in np.flatnonzero(seats):
        who, level = up[buyer], 1
        while who >= 0 and tier[who] != 3:
            who, level = up[who], level + 1
        if who >= 0:
            reach = max(reach, level)
            if max_levels is None or level <= max_levels:
                paid[who] += seats[buyer] * 300
                deepest = max(deepest, level)
    return paid, deepest, reach


@pytest.fixture(scope="module")
def shop():
    return sim.run("fair-shop", participants=2000, days=90, seed=1)


def test_fair_shop_fires_none(shop):
    assert fired(shop) == set()
    tree = shop.summary["recruitment_tree"]
    # a deep tree of customers who told friends, but no one was paid for it: the tree's
    # figures against the tree walked up the upline column by hand
    parts = shop.participants
    depth = walked_depths(parts)
    assert tree["participants"] == len(depth) >= 30
    assert tree["tree_depth"] == max(depth) + 1 >= 3
    assert tree["share_in_chains_3plus"] == pytest.approx(
        sum(d >= 2 for d in depth) / len(depth), abs=1e-6)
    assert tree["paid_levels"] == 0 and parts["commissions_fen"].sum() == 0
    assert tree["team_pay_fen"] == tree["pay_for_recruiting_fen"] == tree["entry_fee_fen"] == 0
    json.dumps(shop.summary)  # summary.json can hold it


def test_pay_for_recruiting_alone():
    # the 7+21 funnel pays each convert a cash task reward ("send a link, lock a fan, get cash",
    # RULEBOOK §2.1); no peer invitations and 30 days, so only the first funnel batch joins,
    # directly under the founders: a 2-level tree, below the criminal threshold's 3 levels
    r = sim.run("fair-shop", participants=2000, days=30, seed=1, overrides=[
        "funnel.enabled=true", "funnel.task_reward_yuan=10", "recruitment.conversion=0",
        "recruitment.founders_share=0.01", "operator.extraction=none"])
    assert fired(r) == {"pay_for_recruiting"}
    parts = r.participants
    assert max(walked_depths(parts)) == 1
    # the first funnel batch joins on day 7 + 21 = 28 (RULEBOOK §2.1, A8) and each convert is
    # paid the 10-yuan task reward in cash, as far as the platform's cash goes: with the cash
    # C left at the end of day 27 and k converts, min(1000, C // k) fen each (sim.engine.funnel)
    converts = parts[parts["join_day"] > 0]
    k = len(converts)
    assert k >= 30 and (converts["join_day"] == 28).all()
    cash = int(r.daily.loc[r.daily["day"] == 27, "platform_cash_fen"].iloc[0])
    each = min(1000, cash // k)
    assert each > 0
    # what came back to each convert's pocket: the reward and nothing else
    assert (converts["net_cash_fen"] + converts["paid_in_fen"] == each).all()
    assert (converts["withdrawn_fen"] == 0).all()
    assert r.summary["recruitment_tree"]["pay_for_recruiting_fen"] == k * each


def test_pay_for_recruiting_with_a_deep_tree_crosses_the_threshold():
    r = sim.run("fair-shop", participants=2000, days=60, seed=1, overrides=[
        "funnel.enabled=true", "funnel.task_reward_yuan=10",
        "recruitment.founders_share=0.01", "operator.extraction=none"])
    assert fired(r) == {"pay_for_recruiting", "criminal_threshold"}
    # by hand: at least 30 people, a tree of at least 3 levels, and cash paid to converts
    people, levels = tree_by_hand(r.participants)
    assert people >= 30 and levels >= 3
    assert r.participants["task_rewards_fen"].sum() > 0


def test_entry_fee_alone():
    # a 100-yuan VIP package bought on joining to get the identity; no referral commission
    r = sim.run("fair-shop", participants=2000, days=60, seed=1, overrides=[
        "gift.vip_price_yuan=100", "gift.vip_share=0.5"])
    assert fired(r) == {"entry_fee"}
    vip = r.participants["identity"] == "VIP"
    assert vip.sum() > 0
    assert r.summary["recruitment_tree"]["entry_fee_fen"] == 100 * 100 * int(vip.sum())


def test_gift_referral_commission_is_pay_for_recruiting_and_the_package_an_entry_fee():
    # linked by construction: the referral commission is a share of a package's price
    r = sim.run("fair-shop", participants=25, days=120, seed=1, overrides=[
        "gift.vip_price_yuan=100", "gift.vip_share=1", "gift.referral_level1_rate=0.2"])
    assert fired(r) == {"entry_fee", "pay_for_recruiting"}  # fewer than 30 people: no threshold
    parts, tree = r.participants, r.summary["recruitment_tree"]
    assert tree_by_hand(parts)[0] == 25 < 30
    # everyone buys the 100-yuan package on joining: 25 x 10000 fen of entry fees
    assert (parts["identity"] == "VIP").all()
    assert tree["entry_fee_fen"] == 25 * 10_000
    # each package pays 20% of 100 yuan = 2000 fen to the recruit's direct upline when that
    # upline is a valid promoter that day (RULEBOOK §8, §11): whole referrals, at most one per
    # member with an upline, and each upline at most one per direct recruit
    up, _ = uplines(parts)
    recruits = np.bincount(up[up >= 0], minlength=len(parts))
    paid = parts["commissions_fen"].to_numpy()  # fair-shop pays no other commission
    assert (paid % 2000 == 0).all() and (paid <= 2000 * recruits).all()
    assert 0 < tree["pay_for_recruiting_fen"] == int(paid.sum()) <= 2000 * int((up >= 0).sum())


def test_team_pay_alone_under_30_people():
    # a 2% commission to the direct upline on every purchase; 25 people, so however deep the
    # tree, not the criminal threshold
    r = sim.run("fair-shop", participants=25, days=365, seed=1,
                overrides=["commission.level1_rate=0.02"])
    assert fired(r) == {"team_pay"}
    parts = r.participants
    assert tree_by_hand(parts)[0] == 25
    # one level, 2% of 100 yuan = 200 fen per seat of a direct downline, paid while the upline
    # is a valid promoter: a whole number of seats' worth, and at most every such seat
    direct, _ = downline_seats(parts)
    paid = parts["commissions_fen"].to_numpy()
    assert paid.sum() > 0
    assert (paid % 200 == 0).all() and (paid <= 200 * direct).all()
    assert r.summary["recruitment_tree"]["paid_levels"] == 1


def test_team_pay_in_the_scheme_crosses_the_threshold():
    r = sim.run("quanmin-pingou", participants=2000, days=90, seed=1,
                overrides=["commission.level2_rate=0"])
    assert fired(r) == {"team_pay", "criminal_threshold"}
    parts = r.participants
    people, levels = tree_by_hand(parts)
    assert people >= 30 and levels >= 3
    # the only pay left above a seat is the direct upline's 2% (200 fen): a member who is not
    # a regional agent earns a whole number of those, at most one per direct downline's seat
    direct, _ = downline_seats(parts)
    plain = (parts["identity"] != "regional agent").to_numpy()
    paid = parts["commissions_fen"].to_numpy()
    assert paid[plain].sum() > 0
    assert (paid[plain] % 200 == 0).all() and (paid[plain] <= 200 * direct[plain]).all()


def test_quanmin_pingou_as_published():
    # two levels of promotion commission: team pay, the threshold, but not three paid levels
    r = sim.run("quanmin-pingou", participants=2000, days=90, seed=1)
    assert fired(r) == {"team_pay", "criminal_threshold"}
    assert r.summary["recruitment_tree"]["paid_levels"] == 2
    parts = r.participants
    people, levels = tree_by_hand(parts)
    assert people >= 30 and levels >= 3
    # by hand (RULEBOOK §10.2): 2% (200 fen) per direct downline's seat, 1% (100 fen) per
    # indirect downline's seat, to valid promoters only. A member who is not a regional agent
    # earns at most that, and some earn more than the direct part alone: the second level
    # was paid
    direct, indirect = downline_seats(parts)
    plain = (parts["identity"] != "regional agent").to_numpy()
    paid = parts["commissions_fen"].to_numpy()
    assert (paid[plain] % 100 == 0).all()
    assert (paid[plain] <= 200 * direct[plain] + 100 * indirect[plain]).all()
    assert (paid[plain] > 200 * direct[plain]).any()


def test_three_levels_paid_under_30_people():
    # one team tier ("director"), held by a fifth of members, paid on each seat to the nearest
    # director above it, however far up (the differential walk of RULEBOOK §10.3). Whether a
    # 25-person town grows a director three levels above a buyer is down to its dice, so the
    # flag is checked against the tree itself on several seeds, and at least one must fire it.
    deep_seen = 0
    for seed in range(1, 7):
        r = sim.run("fair-shop", participants=25, days=365, seed=seed,
                    overrides=["team.tier3_rate=0.03", "team.tier3_share=0.2"])
        # independently: walk up from every buyer to the nearest director; each seat pays that
        # director 3% of 100 yuan; the director's level above the buyer is the level paid
        parts = r.participants
        expected, deepest, _ = nearest_director(parts)
        assert (parts["commissions_fen"].to_numpy() == expected).all(), seed
        assert r.summary["recruitment_tree"]["paid_levels"] == deepest, seed
        want = {"team_pay"} if deepest else set()
        if deepest >= 3:
            want.add("three_levels_paid")
            deep_seen += 1
        assert fired(r) == want, seed  # fewer than 30 people: never the threshold
    assert deep_seen >= 1


def test_three_levels_paid_with_30_or_more():
    r = sim.run("fair-shop", participants=2000, days=90, seed=1,
                overrides=["team.tier3_rate=0.03", "team.tier3_share=0.2"])
    assert fired(r) == {"team_pay", "three_levels_paid", "criminal_threshold"}
    # by hand: each seat pays 300 fen to the nearest director above it; some director is paid
    # 3 or more levels above a buyer; 30 people or more in a tree of 3 levels or more
    parts = r.participants
    expected, deepest, _ = nearest_director(parts)
    assert (parts["commissions_fen"].to_numpy() == expected).all()
    assert r.summary["recruitment_tree"]["paid_levels"] == deepest >= 3
    people, levels = tree_by_hand(parts)
    assert people >= 30 and levels >= 3


def test_policy_cap_on_levels_stops_three_levels_paid():
    r = sim.run("fair-shop", participants=2000, days=90, seed=1, overrides=[
        "team.tier3_rate=0.03", "team.tier3_share=0.2", "policy.commission_levels_day=0",
        "policy.commission_levels=2"])
    assert fired(r) == {"team_pay", "criminal_threshold"}
    assert r.summary["recruitment_tree"]["paid_levels"] == 2
    # by hand: the same walk to the nearest director, but a director more than 2 levels above
    # the buyer is not paid; and the cap bites (some buyer's nearest director is 3+ levels up)
    parts = r.participants
    expected, deepest, reach = nearest_director(parts, max_levels=2)
    assert (parts["commissions_fen"].to_numpy() == expected).all()
    assert deepest == 2 and reach >= 3


def test_a_rate_that_is_never_paid_raises_nothing():
    # a commission rate is set, but the only member has no upline: nothing was paid
    r = sim.run("fair-shop", participants=1, days=30, seed=1,
                overrides=["commission.level1_rate=0.02", 'network.kind="well-mixed"'])
    assert fired(r) == set()

