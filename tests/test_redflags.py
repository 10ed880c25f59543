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


@pytest.fixture(scope="module")
def shop():
    return sim.run("fair-shop", participants=2000, days=90, seed=1)


def test_fair_shop_fires_none(shop):
    assert fired(shop) == set()
    tree = shop.summary["recruitment_tree"]
    # a deep tree of customers who told friends, but no one was paid for it
    parts = shop.participants
    assert tree["participants"] == len(parts) >= 30
    assert tree["tree_depth"] == int(parts["depth"].max()) + 1 >= 3
    assert tree["share_in_chains_3plus"] == pytest.approx(float((parts["depth"] >= 2).mean()), abs=1e-6)
    assert tree["paid_levels"] == 0 and parts["commissions_fen"].sum() == 0
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
    assert int(parts["depth"].max()) == 1
    # every convert's pocket got the task reward, and nothing else came out to them
    converts = parts[parts["join_day"] > 0]
    assert len(converts) >= 30 and (converts["withdrawn_fen"] == 0).all()
    assert r.summary["recruitment_tree"]["pay_for_recruiting_fen"] == int(
        (converts["net_cash_fen"] + converts["paid_in_fen"]).sum()) > 0


def test_pay_for_recruiting_with_a_deep_tree_crosses_the_threshold():
    r = sim.run("fair-shop", participants=2000, days=60, seed=1, overrides=[
        "funnel.enabled=true", "funnel.task_reward_yuan=10",
        "recruitment.founders_share=0.01", "operator.extraction=none"])
    assert fired(r) == {"pay_for_recruiting", "criminal_threshold"}


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


def test_team_pay_alone_under_30_people():
    # a 2% commission to the direct upline on every purchase; 25 people, so however deep the
    # tree, not the criminal threshold
    r = sim.run("fair-shop", participants=25, days=365, seed=1,
                overrides=["commission.level1_rate=0.02"])
    assert fired(r) == {"team_pay"}
    parts = r.participants
    up, _ = uplines(parts)
    # one level: everyone paid has a direct downline who bought something
    buyers_up = set(up[(parts["seats"] > 0).to_numpy() & (up >= 0)])
    paid = set(parts.index[parts["commissions_fen"] > 0])
    assert paid and paid <= buyers_up
    assert r.summary["recruitment_tree"]["paid_levels"] == 1


def test_team_pay_in_the_scheme_crosses_the_threshold():
    r = sim.run("quanmin-pingou", participants=2000, days=90, seed=1,
                overrides=["commission.level2_rate=0"])
    assert fired(r) == {"team_pay", "criminal_threshold"}
    tree = r.summary["recruitment_tree"]
    assert tree["participants"] >= 30 and tree["tree_depth"] >= 3


def test_quanmin_pingou_as_published():
    # two levels of promotion commission: team pay, the threshold, but not three paid levels
    r = sim.run("quanmin-pingou", participants=2000, days=90, seed=1)
    assert fired(r) == {"team_pay", "criminal_threshold"}
    assert r.summary["recruitment_tree"]["paid_levels"] == 2


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
        up, _ = uplines(parts)
        tier = parts["team_tier"].to_numpy()
        seats = parts["seats"].to_numpy()
        expected = np.zeros(len(parts), dtype=np.int64)
        deepest = 0
        for buyer in np.flatnonzero(seats):
            who, level = up[buyer], 1
            while who >= 0 and tier[who] != 3:
                who, level = up[who], level + 1
            if who >= 0:
                expected[who] += seats[buyer] * 300
                deepest = max(deepest, level)
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


def test_policy_cap_on_levels_stops_three_levels_paid():
    r = sim.run("fair-shop", participants=2000, days=90, seed=1, overrides=[
        "team.tier3_rate=0.03", "team.tier3_share=0.2", "policy.commission_levels_day=0",
        "policy.commission_levels=2"])
    assert fired(r) == {"team_pay", "criminal_threshold"}
    assert r.summary["recruitment_tree"]["paid_levels"] == 2


def test_a_rate_that_is_never_paid_raises_nothing():
    # a commission rate is set, but the only member has no upline: nothing was paid
    r = sim.run("fair-shop", participants=1, days=30, seed=1,
                overrides=["commission.level1_rate=0.02"])
    assert fired(r) == set()

