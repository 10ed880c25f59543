"""Commissions (RULEBOOK §8, §10, §11) through ``model.step()``, on cases worked out by hand.

Written to kill the mutants that survived in :mod:`sim.engine.commissions` (docs/mutation.md).
Each case: one or a few downlines lose a seat in a group of 1 with no winner (so nothing else
reaches the uplines' wallets), uplines who do not play but are valid promoters today
(``promoter_until`` = day 0, RULEBOOK §8 A29) unless a case says otherwise, and every commission
layer spelled out in the overrides. Money in fen; P = 100 yuan = 10,000 fen.
"""

from __future__ import annotations

import pytest

from conftest import controlled_model

ALONE = ("draw.group_size=1", "draw.winners=0")
#: every layer off; each test turns on what it checks
NO_LAYERS = (
    "commission.level1_rate=0", "commission.level2_rate=0",
    "commission.level1_yuan=0", "commission.level2_yuan=0",
    "team.tier1_rate=0", "team.tier2_rate=0", "team.tier3_rate=0",
    "team.tier1_yuan=0", "team.tier2_yuan=0", "team.tier3_yuan=0",
    "store.tier1_rate=0", "store.tier2_rate=0", "store.tier3_rate=0",
    "regional.district_rate=0", "regional.city_rate=0", "regional.province_rate=0",
    "regional.district_yuan=0", "regional.city_yuan=0", "regional.province_yuan=0",
    "rewards.loser_reward_yuan=0", "release.per_play_rate=0",
)


def chain(uplines, players, overrides, **kw):
    """A controlled model with ``uplines``; the members in ``players`` play one seat a day,
    the others never play but are valid promoters on day 0."""
    n = len(uplines)
    model = controlled_model(uplines, trust=[1.0 if i in players else 0.0 for i in range(n)],
                             overrides=[*ALONE, *NO_LAYERS, *overrides], **kw)
    model.members.promoter_until[:n] = 0
    return model


def test_team_and_store_ladders_and_promotion_on_one_seat():
    """D (3) plays one 100-yuan seat; its chain upward: U1 (2), U2 (1), U3 (0).

    * promotion (§10.2): 2% to the direct upline U1 = 200, 1% to the indirect U2 = 100;
    * team differential (§10.3, A38), tier 1 = 1%: U1 has no team tier, U2 is tier 1: 100;
      the top amount is paid, the walk stops;
    * store ladder (§10.3, A39), 1% / 2% / 3%: U1 is store tier 1: 100; U2 none; U3 tier 3:
      3% - 1% = 200.
    Wallets: U1 200 + 100 = 300, U2 100 + 100 = 200, U3 200; commissions 700 in all, all of
    them in the members' commissions tally; the red flags' paid levels: promotion 2, team 2,
    store 3 (U3 is three levels above the seat)."""
    model = chain([-1, 0, 1, 2], {3}, [
        "commission.level1_rate=0.02", "commission.level2_rate=0.01", "team.tier1_rate=0.01",
        "store.tier1_rate=0.01", "store.tier2_rate=0.02", "store.tier3_rate=0.03"])
    m, led = model.members, model.ledger
    m.team_tier[1] = 1
    m.store_tier[2], m.store_tier[0] = 1, 3
    model.step()
    assert led.wallet[:3].tolist() == [200, 200, 300]
    assert model.rows[-1]["commissions_fen"] == 700
    assert led.tally("commissions", 4).tolist() == [200, 200, 300, 0]
    assert led.levels == {"commission": 2, "commission_team": 2, "commission_store": 3}


def test_the_ladder_reaches_member_zero():
    """Member ids start at 0: a seat whose direct upline is member 0 pays member 0's tier
    (team tier 2 = 2 yuan a seat, §10.3). D (1) plays, its upline is 0: 0 gets 200."""
    model = chain([-1, 0], {1}, ["team.tier2_yuan=2"])
    model.members.team_tier[0] = 2
    model.step()
    assert model.ledger.wallet[0] == 200 and model.rows[-1]["commissions_fen"] == 200


def test_one_fen_differences_are_paid():
    """Amounts rounded to the fen are paid down to 1 fen (MODEL.md §7): team tier 1 = 1 yuan,
    tier 2 = 1.01 yuan; D (2)'s direct upline U1 (1) is tier 1, U2 (0) above it tier 2:
    U1 gets 100, U2 the difference 101 - 100 = 1 fen. With only tier 1 at 0.01 yuan (the top
    amount is then 1 fen), U1 gets that 1 fen."""
    model = chain([-1, 0, 1], {2}, ["team.tier1_yuan=1", "team.tier2_yuan=1.01"])
    model.members.team_tier[1], model.members.team_tier[0] = 1, 2
    model.step()
    assert model.ledger.wallet[:2].tolist() == [1, 100]
    model = chain([-1, 0, 1], {2}, ["team.tier1_yuan=0.01"])
    model.members.team_tier[1] = 1
    model.step()
    assert model.ledger.wallet[:2].tolist() == [0, 1]


@pytest.mark.parametrize("participants", [None, 50], ids=["per-member", "per-seat"])
def test_a_one_fen_promotion_commission_is_paid(participants):
    """Promotion commission of 0.01 yuan a seat (§10.2, a fixed amount): D (1)'s upline U (0)
    gets 1 fen for D's seat, and the day's commissions are 1 fen. (With a population of 50 the
    engine pays per seat, with 2 it pays per member seated; the same amounts.)"""
    model = chain([-1, 0], {1}, ["commission.level1_yuan=0.01"], participants=participants)
    model.step()
    assert model.ledger.wallet[0] == 1 and model.rows[-1]["commissions_fen"] == 1


@pytest.mark.parametrize("participants", [None, 50], ids=["per-member", "per-seat"])
def test_promotion_levels_the_cap_and_a_missing_level_one(participants):
    """§10.2 promotion, D (2) -> U1 (1) -> U2 (0). The red flags record how far up pay
    reached: 1 level with only the direct upline paid, 2 with the indirect one too.

    * level 1 only (2 yuan): U1 200, levels {commission: 1};
    * level 2 only (1 yuan, level 1 set to 0): U2 still gets its 100, levels 2;
    * both, under the policy cap of 1 paid level from day 0 (MODEL.md §4-§5): U1 200 and U2
      nothing."""
    cases = [
        (["commission.level1_yuan=2"], [0, 200], 1),
        (["commission.level2_yuan=1"], [100, 0], 2),
        (["commission.level1_yuan=2", "commission.level2_yuan=1",
          "policy.commission_levels_day=0", "policy.commission_levels=1"], [0, 200], 1),
    ]
    for overrides, wallets, levels in cases:
        model = chain([-1, 0, 1], {2}, overrides, participants=participants)
        model.step()
        assert model.ledger.wallet[:2].tolist() == wallets, overrides
        assert model.ledger.levels == {"commission": levels}, overrides


def test_the_level_cap_of_one_still_pays_the_direct_uplines_tier():
    """Under the policy cap of 1 paid level (MODEL.md §4-§5) the team ladder still pays the
    direct upline (§10.3): D (1)'s upline U (0) is team tier 1 = 1 yuan: U gets 100."""
    model = chain([-1, 0], {1}, ["team.tier1_yuan=1", "policy.commission_levels_day=0",
                                 "policy.commission_levels=1"])
    model.members.team_tier[0] = 1
    model.step()
    assert model.ledger.wallet[0] == 100


def test_only_package_holders_earn_promotion_when_ordinary_members_do_not():
    """§11, A41: with ``gift.ordinary_earn_group_commission`` false only a member holding a
    package identity earns the promotion commission, and only as a valid promoter (§8).
    V (0): VIP (identity 1), valid; O (1): ordinary, valid; I (2): 特约 (identity 2), NOT a
    valid promoter (promoter_until -1). Their direct downlines 3, 4, 5 play a seat each, and
    member 6, with no upline at all, too; level 1 = 2 yuan. V gets 200; O and I nothing;
    nobody is paid for member 6's seat: commissions 200 in all."""
    model = chain([-1, -1, -1, 0, 1, 2, -1], {3, 4, 5, 6},
                  ["commission.level1_yuan=2", "gift.ordinary_earn_group_commission=false"])
    m = model.members
    m.identity[[0, 1, 2]] = [1, 0, 2]
    m.promoter_until[2] = -1
    model.step()
    assert model.ledger.wallet[:3].tolist() == [200, 0, 0]
    assert model.rows[-1]["commissions_fen"] == 200


def test_regional_agents_by_differential_to_the_fen():
    """§10.3 regional layer: the district agent its amount, the city agent city minus
    district, the province agent province minus city; a missing agent's part stays with the
    platform. D (3) plays in district 0; agents: district 0, city 1, province 2.

    * district 0.01 yuan, city 0.01, province 0.03: district 1 fen, city 1 - 1 = 0,
      province 3 - 1 = 2 fen; 3 fen in all;
    * the same with no province agent: 1 + 0 + 0 = 1 fen; the day's commissions 1 fen;
    * the same with no agent at all: nothing paid, commissions 0."""
    rates = ["regional.district_yuan=0.01", "regional.city_yuan=0.01",
             "regional.province_yuan=0.03"]
    for agents, wallets, total in (((0, 1, 2), [1, 0, 2], 3), ((0, 1, -1), [1, 0, 0], 1),
                                   ((-1, -1, -1), [0, 0, 0], 0)):
        model = chain([-1, -1, -1, -1], {3}, rates)
        g = model.geography
        g.district_agent[0], g.city_agent[0], g.province_agent[0] = agents
        model.step()
        assert model.ledger.wallet[:3].tolist() == wallets, agents
        assert model.rows[-1]["commissions_fen"] == total, agents
