"""Money is integer arithmetic, exact to the fen (MODEL.md §7; sim/scheme/params.py).

Every expected figure below is worked out by hand or recomputed here with exact rationals
(:mod:`fractions`) from the decimals of the scenario, never with the engine's own expressions.
Where a rule is at stake the model goes through ``model.step()``: balances are put on the books
through the ledger (so they stay balanced), then one day is run and its result read back.
Several cases are ones that floating point gets wrong by a fen (noted "float:"); the exact
figure is the one stated by the rounding rule: rounded down, the remainder stays with the payer.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

import sim
from conftest import CONTROL, controlled_model, fund_platform, give
from sim.scheme.params import Params
from sim.scheme.scenario import load, preset_names

PRESETS = preset_names()


def run_day(model, days: int = 1):
    for _ in range(days):
        model.step()
    return model.rows[-1]


# ---------------------------------------------------------------------------------------
# Params: every unit conversion once, against hand conversions of the preset's own decimals
# ---------------------------------------------------------------------------------------


def hand_fen(yuan) -> int:
    """Yuan to fen by decimal arithmetic on the number as written (no float product)."""
    fen = Decimal(repr(yuan)) * 100
    assert fen == fen.to_integral_value(), f"{yuan!r} yuan is not whole fen"
    return int(fen)


def hand_ppm(rate) -> int:
    ppm = Decimal(repr(rate)) * 1_000_000
    assert ppm == ppm.to_integral_value(), f"{rate!r} has more than six decimals"
    return int(ppm)


def hand_exact(x) -> Fraction:
    return Fraction(Decimal(repr(x)))


@pytest.mark.parametrize("preset", PRESETS)
def test_params_are_hand_conversions_of_the_preset(preset):
    sc = load(preset)
    p = Params.from_scenario(sc)
    w, op, g, f = sc.withdrawal, sc.operator, sc.gift, sc.fund
    assert p.withdraw_min_end == hand_fen(w.min_end_yuan)
    assert p.fee_end_ppm == hand_ppm(w.fee_end_rate)
    assert p.extraction_ppm == hand_ppm(op.extraction_share)
    assert p.operator_reserve == hand_exact(op.reserve_ratio)
    assert p.policy_reserve == hand_exact(sc.policy.reserve_ratio)
    assert p.ad_fen_per_member_month == hand_fen(sc.ads.yuan_per_active_member_month)
    assert p.task_reward == hand_fen(sc.funnel.task_reward_yuan)
    assert p.package_price == (0, hand_fen(g.vip_price_yuan), hand_fen(g.special_price_yuan),
                               hand_fen(g.cofounder_price_yuan), hand_fen(g.agent_price_yuan))
    assert p.package_cost_ppm == hand_ppm(g.product_cost_ratio)
    assert p.referral_ppm == (hand_ppm(g.referral_level1_rate), hand_ppm(g.referral_level2_rate))
    assert p.fund_initial_deposit == hand_fen(f.initial_deposit_yuan)
    assert p.fund_deposit == hand_fen(f.deposit_yuan)
    assert p.fund_deposits_year == hand_exact(f.deposit_start_yuan_year) * 100
    assert p.fund_growth_year == hand_exact(f.deposit_growth_year)
    assert p.fund_days_per_year == hand_exact(f.days_per_year)
    assert p.fund_interest_day == hand_exact(f.promised_rate_year) / hand_exact(f.days_per_year)
    assert p.fund_return_day == hand_exact(f.return_rate_year) / hand_exact(f.days_per_year)
    # the scenario-wide amounts are the same in every price zone's Params
    model = sim.SchemeModel(preset, participants=50, days=1)
    for zp in model.zone_params:
        for name in ("withdraw_min_end", "fee_end_ppm", "extraction_ppm", "operator_reserve",
                     "policy_reserve", "ad_fen_per_member_month", "task_reward", "package_price",
                     "package_cost_ppm", "referral_ppm", "fund_deposit", "fund_interest_day"):
            assert getattr(zp, name) == getattr(model.params, name), name


def test_params_hand_figures():
    """A few conversions written out by hand from the preset files."""
    gift = Params.from_scenario(load("gift-package"))
    # 399 / 999 / 2,999 / 9,999 yuan; 20% and 10% referrals
    assert gift.package_price == (0, 39_900, 99_900, 299_900, 999_900)
    assert gift.referral_ppm == (200_000, 100_000)
    ponzi = Params.from_scenario(load("classic-ponzi"))
    assert ponzi.fund_deposits_year == 113_000_000  # s0 = 1,130,000 yuan a year
    assert ponzi.fund_deposit == 100_000  # 1,000 yuan a depositor
    assert ponzi.fund_growth_year == Fraction(7187, 1000)
    assert ponzi.fund_deposit_end_year == Fraction(594_521, 1_000_000)
    assert ponzi.fund_interest_day == Fraction(32_888, 10_000 * 1460)  # 3.2888 a year / 1460
    quanmin = Params.from_scenario(load("quanmin-pingou"))
    assert quanmin.policy_reserve == Fraction(1, 2) and quanmin.operator_reserve == Fraction(1, 5)
    assert quanmin.extraction_ppm == 500_000
    # a ratio with more digits than ppm is kept exactly as written
    odd = Params.from_scenario(load("quanmin-pingou", ["policy.reserve_ratio=0.1234567"]))
    assert odd.policy_reserve == Fraction(1_234_567, 10_000_000)


# ---------------------------------------------------------------------------------------
# The reserve requirement (policy lever) and the operator's extraction
# ---------------------------------------------------------------------------------------

# member 0 holds the promises and paid the platform's cash in; it never plays (trust 0)
SOLO = [-1]


@pytest.mark.parametrize("wallet, gold, ratio, expected", [
    # promises 100,000,000 fen at 0.29: 29,000,000 exactly (float: 28,999,999)
    (40_000_000, 60_000_000, "0.29", 29_000_000),
    # 1,000,000,003 fen at 0.29 = 290,000,000.87: rounded down
    (3, 1_000_000_000, "0.29", 290_000_000),
    # a ratio with seven decimals, as written: 10^9 * 0.1234567 = 123,456,700
    (0, 1_000_000_000, "0.1234567", 123_456_700),
])
def test_reserve_requirement_is_exact(wallet, gold, ratio, expected):
    assert expected == (wallet + gold) * Fraction(ratio) // 1  # the hand figure, rounded down
    model = controlled_model(SOLO, trust=[0], overrides=[
        "policy.reserve_day=0", f"policy.reserve_ratio={ratio}",
        'operator.extraction="cash_above_reserve"', "operator.reserve_ratio=0"])
    give(model, "wallet", {0: wallet})
    give(model, "shopping_gold", {0: gold})
    cash = 2_000_000_000
    fund_platform(model, 0, cash)
    r = run_day(model)
    # the operator takes every fen above the required reserve and not one fen of it
    assert model.ledger["platform_cash"] == r["platform_cash_fen"] == expected
    assert model.ledger["operator"] == r["operator_take_fen"] == cash - expected
    assert r["ledger_imbalance_fen"] == 0


@pytest.mark.parametrize("wallet, ratio, expected", [
    (10_000_000, "0.57", 5_700_000),  # float: 5,699,999
    (100_000_000, "0.29", 29_000_000),  # float: 28,999,999
    (1_000_000_001, "0.2", 200_000_000),  # 200,000,000.2, rounded down
])
def test_extraction_cash_above_reserve_is_exact(wallet, ratio, expected):
    model = controlled_model(SOLO, trust=[0], overrides=[
        'operator.extraction="cash_above_reserve"', f"operator.reserve_ratio={ratio}"])
    give(model, "wallet", {0: wallet})
    cash = 3_000_000_000
    fund_platform(model, 0, cash)
    r = run_day(model)
    assert r["withdraw_requested_fen"] == 0  # the wallet stayed where it was
    assert model.ledger["platform_cash"] == expected
    assert model.ledger["operator"] == cash - expected


def test_extraction_profit_share_is_rounded_down():
    """Under profit_share the operator takes extraction_share of the day's booked profit,
    rounded down (the platform's cash keeps the fraction)."""
    model = controlled_model([-1] * 10, overrides=[
        'operator.extraction="profit_share"', "operator.extraction_share=0.333333"])
    r = run_day(model)
    profit = r["booked_profit_fen"]
    assert profit > 0 and profit * 333_333 % 1_000_000  # a fraction of a fen to round away
    assert model.ledger["operator"] == profit * Fraction("0.333333") // 1


def test_ad_revenue_is_whole_fen_rounded_down():
    # 26.71 yuan a member-month, 10 members played: 2671 * 10 / 30 = 890.33 fen -> 890
    model = controlled_model([-1] * 10, overrides=["ads.yuan_per_active_member_month=26.71"])
    r = run_day(model)
    assert r["active_members"] == 10
    assert model.ledger.today["ads"] == 890
    assert model.ledger["advertisers"] == -890


# ---------------------------------------------------------------------------------------
# Withdrawal ramp and task rewards
# ---------------------------------------------------------------------------------------


def test_withdrawal_ramp_minimum_and_fee_are_whole_fen_and_ppm():
    # over 10 days the minimum goes 100 -> 500.01 yuan and the fee 6.5% -> 8%; on day 3:
    # minimum 10,000 + 40,001 * 3 // 10 = 22,000 fen; fee 65,000 + 15,000 * 3 // 10 = 69,500 ppm
    model = controlled_model([-1, -1, -1], trust=[0, 0, 0], overrides=[
        "withdrawal.ramp_days=10", "withdrawal.min_end_yuan=500.01",
        "withdrawal.fee_end_rate=0.08", "behaviour.withdraw_propensity=1"])
    fund_platform(model, 2, 1_000_000)
    run_day(model, 3)  # days 0-2, nothing in the wallets
    give(model, "wallet", {0: 22_000, 1: 21_999})
    r = run_day(model)  # day 3
    assert r["withdraw_requested_fen"] == 22_000  # member 1 is one fen short of the minimum
    fee = 22_000 * 69_500 // 1_000_000  # 1,529.0 fen
    assert r["fees_fen"] == fee == 1529
    assert r["withdrawn_fen"] == 22_000 - fee
    assert int(model.ledger.pocket[0]) == 22_000 - fee


@pytest.mark.parametrize("cash, each", [(1_000_000, 1234), (5_003, 1000)])
def test_task_reward_is_whole_fen(cash, each):
    # five converts join on day 7; 12.34 yuan each, or the cash split evenly, rounded down
    model = sim.SchemeModel("quanmin-pingou", participants=6, days=30, seed=1, overrides=list(
        CONTROL) + ["funnel.enabled=true", "funnel.regions=1", "funnel.group_size=5",
                    "funnel.new_fraction=1", "funnel.conversion=1", "funnel.warmup_days=0",
                    "funnel.task_days=0", "funnel.start_day=7", "funnel.task_reward_yuan=12.34"])
    model.members.add(1, 0, np.array([-1], dtype=np.int64), np.array([0], dtype=np.int16),
                      np.array([0], dtype=np.int64), 0.0)  # the investor, never plays
    fund_platform(model, 0, cash)
    run_day(model, 7)
    assert model.members.count == 1
    run_day(model)  # day 7: the converts join and are paid
    assert model.members.count == 6
    rewards = model.ledger.tally("task_rewards", 6)
    assert rewards.tolist() == [0] + [each] * 5
    assert model.ledger.total["task_reward"] == 5 * each


# ---------------------------------------------------------------------------------------
# The classic fund (sim/engine/fund.py)
# ---------------------------------------------------------------------------------------


def exact_cumulative_floor(s0: Fraction, r: Fraction, t: Fraction) -> int:
    """floor(s0 (e^{r t} - 1) / r) from the exact power series s0 * sum_k r^(k-1) t^k / k!,
    with rational bounds on the tail: independent of decimal and of the engine."""
    if t <= 0:
        return 0
    if r == 0:
        return int(s0 * t // 1)
    assert r > 0
    x = r * t
    total, term, k = Fraction(0), s0 * t, 1  # term = s0 r^(k-1) t^k / k!
    while True:
        total += term
        nxt = term * x / (k + 1)
        k += 1
        if x / (k + 1) <= Fraction(1, 2):  # the tail from here on is below 2 * nxt
            lo, hi = total, total + 2 * nxt
            if lo // 1 == hi // 1:
                return int(lo // 1)
        term = nxt


PONZI = load("classic-ponzi")
S0 = Fraction(Decimal(repr(PONZI.fund.deposit_start_yuan_year))) * 100  # fen a year
RI = Fraction(Decimal(repr(PONZI.fund.deposit_growth_year)))
PER_YEAR = Fraction(Decimal(repr(PONZI.fund.days_per_year)))
T_END = Fraction(Decimal(repr(PONZI.fund.deposit_end_year)))


def test_exact_series_hand_check():
    # s0 = 1 fen a year, r = 1, t = 1: e - 1 = 1.718... -> 1; 10^6 fen: 1,718,281.8 -> 1,718,281
    assert exact_cumulative_floor(Fraction(1), Fraction(1), Fraction(1)) == 1
    assert exact_cumulative_floor(Fraction(10**6), Fraction(1), Fraction(1)) == 1_718_281


def test_fund_cumulative_deposits_are_exact_to_the_fen():
    """Day by day, the fund's deposits are floor(C(d + 1)) - floor(C(d)) of Artzrouni's
    s0 (e^{r_i t} - 1) / r_i, and the running total after d days is floor(C(d))."""
    days = 101
    model = sim.SchemeModel("classic-ponzi", participants=3000, days=days, seed=1,
                            overrides=["release.static_daily_rate=0"])
    model.run()
    C = [exact_cumulative_floor(S0, RI, min(Fraction(d, 1) / PER_YEAR, T_END))
         for d in range(days + 1)]
    paid = [r["paid_in_fen"] for r in model.rows]
    assert paid == [C[d + 1] - C[d] for d in range(days)]
    assert model.ledger.total["paid_in"] == C[days]
    # after 100 days: C = 9,999,876.5... fen, rounded down (rounding to nearest gave 9,999,877)
    assert C[100] == 9_999_876
    assert sum(paid[:100]) == 9_999_876
    # every deposit is at most 1,000 yuan; the day's depositors split it evenly
    new = [r["new_members"] for r in model.rows]
    assert new == [-(-a // 100_000) for a in paid]


def test_fund_deposits_stop_at_the_end_year():
    end = Fraction(1, 20)  # 0.05 of a year = 73 days of 1/1460: days 0-72 take deposits
    model = sim.SchemeModel("classic-ponzi", participants=3000, days=80, seed=1,
                            overrides=["fund.deposit_end_year=0.05",
                                       "release.static_daily_rate=0"])
    model.run()
    paid = [r["paid_in_fen"] for r in model.rows]
    assert model.ledger.total["paid_in"] == exact_cumulative_floor(S0, RI, end)
    assert all(a == 0 for a in paid[73:]) and paid[72] > 0


def test_fund_without_growth_is_s0_t_rounded_down():
    # 1,000.01 yuan a year = 100,001 fen, 365 days a year: after 10 days 2,739.75 -> 2,739 fen
    model = sim.SchemeModel("classic-ponzi", participants=50, days=10, seed=1, overrides=[
        "fund.deposit_start_yuan_year=1000.01", "fund.deposit_growth_year=0",
        "fund.days_per_year=365.0", "fund.deposit_end_year=none",
        "release.static_daily_rate=0"])
    model.run()
    assert [r["paid_in_fen"] for r in model.rows] == [
        100_001 * (d + 1) // 365 - 100_001 * d // 365 for d in range(10)]
    assert model.ledger.total["paid_in"] == 2739


FUND_ONLY = ["fund.enabled=true", "fund.deposit_start_yuan_year=0", "fund.initial_deposit_yuan=0",
             "fund.deposit_end_year=none"]


def test_fund_interest_per_depositor_is_rounded_down():
    # r_p = 30% a year, 365 days: gold * 3 / 3650 per depositor, rounded down
    gold = {0: 36_500, 1: 36_499, 2: 1_000_000_000_000, 3: 121}
    model = controlled_model([-1] * 4, trust=[0] * 4, overrides=FUND_ONLY + [
        "fund.days_per_year=365.0", "fund.promised_rate_year=0.3"])
    give(model, "shopping_gold", gold)
    run_day(model)
    got = model.ledger.tally("shopping_gold_credited", 4).tolist()
    # 36,500 fen: exactly 30 fen (float: 29); 36,499: 29.99 -> 29; 10^12: 821,917,808.2 -> ...808
    assert got == [30, 29, 821_917_808, 0]
    assert got == [g * 3 // 3650 for g in gold.values()]
    assert model.ledger.shopping_gold[:4].tolist() == [g + i for g, i in zip(gold.values(), got)]


def test_fund_interest_at_ponzis_rate_is_exact():
    # 3.2888 a year over 1460 days: 32,888 / 14,600,000 a day, an infinite decimal
    gold = {0: 14_600_000, 1: 100_000, 2: 7_777_777_777}
    model = controlled_model([-1] * 3, trust=[0] * 3, overrides=FUND_ONLY + [
        "fund.days_per_year=1460.0", "fund.promised_rate_year=3.2888"])
    give(model, "shopping_gold", gold)
    run_day(model)
    got = model.ledger.tally("shopping_gold_credited", 3).tolist()
    assert got == [32_888, 225, 17_520_243]  # 225.26..., 17,520,243.53... rounded down
    assert got == [g * 32_888 // 14_600_000 for g in gold.values()]


@pytest.mark.parametrize("cash, expected", [
    (20_000, 3),  # 20,000 * 0.03 / 200 = 3 exactly (float: 2)
    (1_000_000_007, 150_000),  # 150,000.001...: rounded down
])
def test_fund_real_return_is_exact(cash, expected):
    model = controlled_model(SOLO, trust=[0], overrides=FUND_ONLY + [
        "fund.days_per_year=200.0", "fund.promised_rate_year=0", "fund.return_rate_year=0.03"])
    fund_platform(model, 0, cash)
    run_day(model)
    assert expected == cash * 3 // 20_000
    assert model.ledger.today["fund_return"] == expected
    assert model.ledger["market"] == -expected
    assert model.ledger["platform_cash"] == cash + expected


@pytest.mark.parametrize("overrides", [
    # Artzrouni's introductory example at 200 days a year (tests/test_artzrouni.py)
    ["fund.days_per_year=200.0", "fund.deposit_start_yuan_year=100000000",
     "fund.deposit_growth_year=0.05", "fund.deposit_end_year=none"],
    # amounts far beyond a float's 16 digits: 10^13 yuan a year growing 20-fold a year
    ["fund.days_per_year=365.0", "fund.deposit_start_yuan_year=10000000000000",
     "fund.deposit_growth_year=20.0", "fund.deposit_end_year=none"],
])
def test_fund_cumulative_schedule_is_exact_at_any_size(overrides):
    from sim.engine.fund import cumulative_deposits

    sc = load("classic-ponzi", overrides)
    p = Params.from_scenario(sc)
    f = sc.fund
    s0 = Fraction(Decimal(repr(f.deposit_start_yuan_year))) * 100
    r = Fraction(Decimal(repr(f.deposit_growth_year)))
    per_year = Fraction(Decimal(repr(f.days_per_year)))
    for d in (0, 1, 2, 199, 200, 201, 1000, 1095):
        assert cumulative_deposits(p, d) == exact_cumulative_floor(s0, r, Fraction(d) / per_year), d


def test_a_share_of_a_huge_balance_does_not_overflow():
    """``share`` on int64 arrays equals Python's exact integer floor, also where ``amount *
    ppm`` would pass 2**63 (a balance of 9.3e12 fen at 100%, 2**62 fen at 65,000 ppm)."""
    import numpy as np

    from sim.money import share

    amounts = np.array([0, 1, 999_999, 1_000_000, -5, 9_300_000_000_000, 2**62], dtype=np.int64)
    for ppm in (0, 1, 65_000, 999_999, 1_000_000):
        assert share(amounts, ppm).tolist() == [int(a) * ppm // 1_000_000 for a in amounts]
