"""Who lost money against a shop, and as the scheme tells it (MODEL.md §6; issue 14).

* ``fair-shop`` (the control: an ordinary shop at a 20% margin) scores exactly 0 for every
  member against a shop, at several sizes and seeds, while the cash measure says everyone lost;
* in every preset, ``net_shop_fen`` and ``net_told_fen`` are recomputed for every member from
  the other columns of participants.csv and the scenario's rules alone (the margin, the
  withdrawal minimum and fee of the last day, the exit);
* where the money went: summed over members, ``net_shop`` is the retail margin plus the
  walk-away values and the outside money, less what the operator took, the cash left on the
  platform and what was bought that no member holds as goods; to the fen, in every preset and
  with every optional flow of money switched on;
* the daily record and participants.csv share one definition: the last day's shares in
  daily.csv are the summary's;
* a hand-built case through ``step()``: the walk-away value worked out by hand (the minimum,
  the fee rounded down), before and after the operator's exit;
* with ``exit_rule = never`` and no stall, told and shop side by side: the scheme's story is
  rosier than a shop's, member by member and day by day.

Money is in fen.
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from conftest import controlled_model, fund_platform, give, pingou
from sim.scheme.scenario import preset_names
from test_books import COIN_CASH, EVERY_FLOW

PPM = 1_000_000
SCHEMES = [p for p in preset_names() if p != "fair-shop"]


def run(name: str, overrides=(), participants=3000, days=None, seed=5):
    return sim.run(name, participants=participants, days=days, seed=seed, overrides=overrides)


# ---------------------------------------------------------------------------------------
# The control scores zero
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("participants,days,seed", [(300, 60, 1), (2000, 200, 2),
                                                    (5000, 365, 3), (20_000, 365, 11)])
def test_fair_shop_customers_net_exactly_zero_against_a_shop(participants, days, seed):
    r = run("fair-shop", participants=participants, days=days, seed=seed)
    s, p = r.summary, r.participants
    assert len(p) > 0 and p["wins"].sum() > 0
    # the market price of the goods is the shop's own price, so every purchase nets 0
    assert (p["goods_market_fen"] == p["goods_sticker_fen"]).all()
    assert (p["net_shop_fen"] == 0).all()
    assert s["share_losing_shop"] == 0.0
    assert (s["median_net_shop_fen"], s["lost_shop_fen"], s["gained_shop_fen"]) == (0, 0, 0)
    assert (r.daily["share_losing_shop"] == 0.0).all()
    # ... while cash alone says every customer who bought anything lost money
    bought = p["wins"] > 0
    assert (p.loc[bought, "net_cash_fen"] < 0).all()


# ---------------------------------------------------------------------------------------
# Every member's nets, recomputed from the other columns and the rules
# ---------------------------------------------------------------------------------------


def rules_on(sc, day: int) -> tuple[int, int]:
    """The withdrawal minimum (fen) and fee (ppm) of ``day``, from the scenario as written
    (RULEBOOK §13.1: a straight-line ramp rounded down to the fen and the ppm)."""
    w = sc.withdrawal
    minimum, fee = round(w.min_yuan * 100), round(w.fee_rate * PPM)
    if w.ramp_days:
        t = min(day, w.ramp_days)
        minimum += (round(w.min_end_yuan * 100) - minimum) * t // w.ramp_days
        fee += (round(w.fee_end_rate * PPM) - fee) * t // w.ramp_days
    return minimum, fee


def expected_nets(result) -> tuple[list[int], list[int]]:
    """(net_shop, net_told) of every member, in Python integers, from the participants table's
    other columns, the summary and the scenario."""
    sc, s, p = result.scenario, result.summary, result.participants
    last = s["days"] - 1
    margin = round(sc.valuation.retail_margin * PPM)
    minimum, fee = rules_on(sc, last)
    freeze = sc.policy.withdrawal_freeze_day
    frozen = s["collapse_day"] is not None or (freeze is not None and freeze <= last)
    point = round(sc.points.consumption_point_value_yuan * 100)  # fen per point, whole here
    stake = round(sc.draw.stake_yuan * 100)
    loser = (stake * round(sc.rewards.loser_reward_rate * PPM) // PPM
             + round(sc.rewards.loser_reward_yuan * 100))
    cols = ("net_cash_fen", "goods_cost_fen", "goods_sticker_fen", "wallet_fen",
            "shopping_gold_fen", "waiting_fen", "queued_stakes_fen", "consumption_points",
            "privilege_seats")
    shop, told = [], []
    for cash, cost, sticker, wallet, gold, waiting, queued, points, seats in zip(
            *(p[c].tolist() for c in cols)):
        market = cost * PPM // (PPM - margin)
        walk = 0
        if not frozen:
            if wallet >= max(minimum, 1):
                walk += wallet - wallet * fee // PPM
            walk += waiting - waiting * fee // PPM  # one request at most per member
        shop.append(cash + market + walk)
        told.append(cash + sticker + wallet + gold + waiting + queued + points * point
                    + seats * loser)
    return shop, told


CASES = ([(name, ()) for name in preset_names()]
         + [(name, EVERY_FLOW) for name in preset_names() if name != "classic-ponzi"]
         + [("quanmin-pingou", COIN_CASH),
            ("classic-ponzi", ("fund.return_rate_year=0.03",)),
            ("quanmin-pingou", ("policy.withdrawal_freeze_day=80",)),
            ("quanmin-pingou", ("withdrawal.ramp_days=400", "withdrawal.min_end_yuan=500",
                                "withdrawal.fee_end_rate=0.08", 'operator.exit_rule="never"')),
            ("quanmin-pingou", ("points.consumption_point_value_yuan=0.01",
                                "valuation.retail_margin=0.35"))])
IDS = [f"{name}{'+' + ','.join(o) if o else ''}" for name, o in CASES]


@pytest.fixture(scope="module", params=CASES, ids=IDS)
def result(request):
    name, overrides = request.param
    return run(name, overrides)


def test_every_members_nets_follow_from_the_other_columns(result):
    p = result.participants
    if result.model.requests.member.size:  # the fee is rounded per request: one per member
        assert np.unique(result.model.requests.member).size == result.model.requests.member.size
    shop, told = expected_nets(result)
    assert p["net_shop_fen"].tolist() == shop
    assert p["net_told_fen"].tolist() == told
    # the summary's headline figures are those of the column
    s, net = result.summary, p["net_shop_fen"].to_numpy()
    assert s["share_losing_shop"] == round(float(np.mean(net < 0)), 6)
    assert s["share_losing_told"] == round(float(np.mean(p["net_told_fen"] < 0)), 6)
    assert s["lost_shop_fen"] == -int(net[net < 0].sum()) >= 0
    assert s["gained_shop_fen"] == int(net[net > 0].sum()) >= 0
    behind = net[net < 0]
    assert s["median_net_shop_fen"] == (int(round(float(np.median(behind)))) if behind.size else 0)


def test_where_the_money_went_to_the_fen(result):
    s, p, d, led = result.summary, result.participants, result.daily, result.model.ledger
    ident = s["shop_identity"]
    plus, minus = ident["plus"], ident["minus"]
    assert ident["net_shop_fen"] == sum(plus.values()) - sum(minus.values())
    # each term is a figure found elsewhere in the outputs or the books
    assert ident["net_shop_fen"] == int(p["net_shop_fen"].sum()) == (s["gained_shop_fen"]
                                                                    - s["lost_shop_fen"])
    assert plus["retail_margin_fen"] == int((p["goods_market_fen"] - p["goods_cost_fen"]).sum())
    assert plus["walk_away_fen"] == int(p["walk_away_fen"].sum()) == int(d["walk_away_fen"].iloc[-1])
    assert plus["operator_injected_fen"] == s["operator_injected_fen"]
    assert plus["ad_revenue_fen"] == s["ad_revenue_fen"] == -led["advertisers"]
    assert plus["market_return_fen"] == led.total["fund_return"]
    assert minus["operator_take_fen"] == s["operator_take_fen"] == int(d["operator_take_fen"].sum())
    assert minus["platform_cash_fen"] == s["platform_cash_fen"] == int(d["platform_cash_fen"].iloc[-1])
    assert minus["suppliers_beyond_goods_fen"] == s["suppliers_fen"] - int(p["goods_cost_fen"].sum())
    assert all(v >= 0 for v in (*plus.values(), *minus.values()))
    # the virtual-product trick's cards are the only supplies no member holds as goods
    coins = result.scenario.rewards.virtual_product
    assert (minus["suppliers_beyond_goods_fen"] > 0) == (coins and result.scenario.rewards.virtual_cost_yuan > 0)


def test_the_last_days_shares_are_the_summarys(result):
    s, last = result.summary, result.daily.iloc[-1]
    assert last["share_losing_shop"] == s["share_losing_shop"]
    assert last["share_losing_told"] == s["share_losing_told"]
    assert last["walk_away_fen"] == int(result.participants["walk_away_fen"].sum())


def test_the_optional_flows_did_move_money():
    """The cases above do reach the terms they are there for."""
    assert run("classic-ponzi", ("fund.return_rate_year=0.03",)).summary[
        "shop_identity"]["plus"]["market_return_fen"] > 0
    every = run("quanmin-pingou", EVERY_FLOW).summary["shop_identity"]["plus"]
    assert every["ad_revenue_fen"] > 0
    coin = run("quanmin-pingou", COIN_CASH + ("rewards.virtual_cost_yuan=2",))
    assert coin.summary["shop_identity"]["minus"]["suppliers_beyond_goods_fen"] > 0
    shop, told = expected_nets(coin)
    assert coin.participants["net_shop_fen"].tolist() == shop
    assert coin.summary["shop_identity"]["net_shop_fen"] == (
        sum(coin.summary["shop_identity"]["plus"].values())
        - sum(coin.summary["shop_identity"]["minus"].values()))


def test_gift_package_goods_are_valued_like_products():
    """A package's goods (at ``gift.product_cost_ratio`` of its price, rounded down per
    package) are worth their cost with the retail margin, like a product won."""
    r = run("gift-package", participants=2000, days=30)
    p = r.participants
    bought = p[(p["identity"] != "ordinary") & (p["wins"] == 0)]
    assert len(bought) > 0
    assert (bought["goods_cost_fen"] > 0).all()
    assert (bought["goods_market_fen"] == bought["goods_cost_fen"] * 5 // 4).all()


def test_the_margin_is_a_sweepable_assumption(tmp_path):
    sc = sim.load("quanmin-pingou")
    field = type(sc.valuation).model_fields["retail_margin"]
    assert sc.valuation.retail_margin == 0.20
    assert field.json_schema_extra["source"].startswith("assumption")
    shop = sim.load("fair-shop")  # its market price is its own price: margin = 1 - cost ratio
    assert round(shop.valuation.retail_margin * PPM) == PPM - round(shop.draw.cost_ratio * PPM)
    half = run("quanmin-pingou", ("valuation.retail_margin=0.5",), participants=1000, days=60)
    p = half.participants
    assert (p["goods_market_fen"] == p["goods_cost_fen"] * 2).all()
    zero = run("quanmin-pingou", ("valuation.retail_margin=0",), participants=1000, days=60)
    assert (zero.participants["goods_market_fen"] == zero.participants["goods_cost_fen"]).all()
    for bad, why in (("1", "< 1"), ("0.1234567", "six decimals"), ("-0.1", ">= 0")):
        out = pingou("run", "--participants", "10", "--days", "1", "--set",
                     f"valuation.retail_margin={bad}", "--out", str(tmp_path / "out"))
        assert out.returncode == 2 and "valuation.retail_margin" in out.stderr, out.stderr
        assert why in out.stderr, out.stderr


# ---------------------------------------------------------------------------------------
# By hand, through step()
# ---------------------------------------------------------------------------------------


def test_walk_away_by_hand_before_and_after_the_exit():
    """Three members who never play (trust 0) and ask to withdraw whatever they can (every
    day, propensity 1); the platform holds too little cash to pay anyone, so the requests wait
    and the operator leaves when the oldest has waited a day (``withdrawal_wait``, 1 day).

    Member 0: wallet 123.45 yuan, paid 30 yuan in.   Member 1: wallet exactly the 100-yuan
    minimum. Member 2: wallet 99.99 yuan (below the minimum), paid 50 yuan in. Fee 6.5%,
    rounded down: 12345 * 0.065 = 802.425 -> 802 fen; 10000 * 0.065 = 650 fen."""
    model = controlled_model([-1, -1, -1], trust=[0, 0, 0], overrides=(
        "behaviour.withdraw_propensity=1", 'operator.exit_rule="withdrawal_wait"',
        "operator.exit_wait_days=1"))
    give(model, "wallet", {0: 12345, 1: 10000, 2: 9999})
    fund_platform(model, 0, 3000)
    fund_platform(model, 2, 5000)  # 80 yuan of cash: less than either request
    from sim.analysis.who_lost import participants_table

    model.step()  # day 0: members 0 and 1 ask for their wallets; nothing can be paid
    assert not model.collapsed and model.ledger["withdrawals_waiting"] == 12345 + 10000
    t = participants_table(model)
    assert t["waiting_fen"].tolist() == [12345, 10000, 0]
    assert t["wallet_fen"].tolist() == [0, 0, 9999]
    assert t["walk_away_fen"].tolist() == [12345 - 802, 10000 - 650, 0]
    assert t["net_shop_fen"].tolist() == [-3000 + 11543, 9350, -5000]
    assert t["net_told_fen"].tolist() == [-3000 + 12345, 10000, -5000 + 9999]
    day0 = model.rows[-1]
    assert day0["walk_away_fen"] == 11543 + 9350
    assert (day0["share_losing_shop"], day0["share_losing_told"]) == (round(1 / 3, 6), 0.0)

    model.step()  # day 1: the oldest request has waited a day: the operator freezes payouts
    assert model.collapsed and model.collapse_day == 1
    t = participants_table(model)
    assert t["walk_away_fen"].tolist() == [0, 0, 0]
    assert t["net_shop_fen"].tolist() == [-3000, 0, -5000]
    assert t["net_told_fen"].tolist() == [9345, 10000, 4999]  # the scheme still shows them
    day1 = model.rows[-1]
    assert day1["walk_away_fen"] == 0
    assert (day1["share_losing_shop"], day1["share_losing_told"]) == (round(2 / 3, 6), 0.0)
    # where the money went: the 80 yuan the two paid in are the operator's
    from sim.analysis.who_lost import shop_identity

    ident = shop_identity(model, t)
    assert ident["net_shop_fen"] == -8000 == -ident["minus"]["operator_take_fen"]


def test_walk_away_uses_the_last_days_withdrawal_rules():
    """Under a ramp the minimum and fee change every day; the participants table values a
    wallet at the rules of the last day run, as the last row of daily.csv does (not at the
    next day's). Ramp over 10 days from 100 yuan / 6.5% to 500 yuan / 8%: on day 2 the
    minimum is 100 + 400 * 2 // 10 = 180 yuan and the fee 65000 + 15000 * 2 // 10 = 68000 ppm;
    on day 3 the minimum would be 220 yuan."""
    model = controlled_model([-1], trust=[0], days=3, overrides=(
        "withdrawal.ramp_days=10", "withdrawal.min_end_yuan=500", "withdrawal.fee_end_rate=0.08"))
    give(model, "wallet", {0: 20000})
    model.run()
    from sim.analysis.who_lost import participants_table

    fee = 20000 * 68000 // PPM  # 1360 fen
    assert participants_table(model)["walk_away_fen"].tolist() == [20000 - fee]
    assert model.rows[-1]["walk_away_fen"] == 20000 - fee


# ---------------------------------------------------------------------------------------
# Told and shop, side by side
# ---------------------------------------------------------------------------------------


def test_without_an_exit_told_and_shop_side_by_side():
    """With ``exit_rule = never`` and no outside stall the platform keeps paying out: members
    can walk away with the wallets that reach the minimum, yet they are told far more than
    that. As the scheme tells
    it nobody is behind (a win is a purchase at full price, every balance counts at face
    value); against a shop most are."""
    r = run("quanmin-pingou", ('operator.exit_rule="never"', "recruitment.stall_day=none"),
            participants=5000, days=365)
    s, p, d = r.summary, r.participants, r.daily
    assert s["collapse_day"] is None
    # member by member, the told value is at least the shop value: sticker above market, and
    # every balance at face value above what can be taken out
    assert (p["net_told_fen"] >= p["net_shop_fen"]).all()
    assert (p["goods_sticker_fen"] >= p["goods_market_fen"]).all()
    assert s["share_losing_told"] < 0.05 < 0.5 < s["share_losing_shop"]
    # day by day, the same gap
    assert (d["share_losing_told"] <= d["share_losing_shop"]).all()
    assert (d["walk_away_fen"] <= d["promises_fen"]).all()
    assert d["walk_away_fen"].max() > 0
    # once play has stopped, what is left in the wallets is below the withdrawal minimum: the
    # platform still pays, yet nobody can take it out
    if s["ending"] == "activity" and s["shop_identity"]["plus"]["walk_away_fen"] == 0:
        assert s["outstanding"]["wallets_fen"] > 0
        assert (p["wallet_fen"] < round(r.scenario.withdrawal.min_yuan * 100)).all()
