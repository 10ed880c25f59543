"""Where each lost yuan went, the break-even price and the figures at the stall (MODEL.md §6).

* A member's ``net_shop`` splits into goods paid above market, fees, stranded balances and net
  transfers, to the fen: checked by hand through ``step()`` and, for every preset, recomputed
  per member from the other columns of ``participants.csv`` as written to disk.
* The break-even price is checked against a brute-force count at that price and a fen below.
* ``at_stall`` is checked against the rows of ``daily.csv`` and ``participants.csv``.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sim
from sim.api import write_csv
from sim.analysis.who_lost import LOSS_PARTS, break_even, participants_table
from sim.scheme.scenario import preset_names

from conftest import controlled_model, give

PPM = 1_000_000


# ---------------------------------------------------------------------------------------
# By hand, through step()
# ---------------------------------------------------------------------------------------


def split(model) -> pd.DataFrame:
    return participants_table(model)[["net_shop_fen", *LOSS_PARTS, "wins"]]


def test_one_draw_by_hand():
    """Case 1 (conftest.CONTROL): ten members, one seat each, one group, nobody recruited
    anybody. P = 100 yuan, goods cost 30% = 30 yuan, market at a 20% margin = 30 / 0.8 =
    37.50 yuan. A winner paid 100 yuan for goods a shop sells at 37.50: 62.50 yuan above
    market, nothing else (their 100 yuan of shopping gold is a promise, not fen). A loser got
    the stake back and a 3-yuan reward in the wallet, below the 100-yuan minimum: 3 yuan moved
    to them (transfers) and 3 yuan stranded, net 0."""
    model = controlled_model([-1] * 10)
    model.step()
    t = split(model)
    win, lose = t[t["wins"] == 1], t[t["wins"] == 0]
    assert len(win) == 3 and len(lose) == 7
    assert (win["over_market_fen"] == 6250).all() and (win["net_shop_fen"] == -6250).all()
    assert (win[["fees_fen", "stranded_fen", "transfers_fen"]] == 0).all().all()
    assert (lose["transfers_fen"] == 300).all() and (lose["stranded_fen"] == 300).all()
    assert (lose[["over_market_fen", "fees_fen", "net_shop_fen"]] == 0).all().all()


def test_commissions_are_transfers_and_a_frozen_wallet_is_stranded():
    """Member 0 recruited members 1-10 and never plays (trust 0; promoter validity off);
    members 1-10 play one seat each: one group. Member 0 earns the level-1 commission, 2% of
    100 yuan, on each of the 10 seats: 20 yuan, all of it a transfer from the others, all
    stranded in a wallet under the 100-yuan minimum. Given 200 yuan more, member 0 could walk
    away with 220 yuan less the 6.5% fee (22000 * 0.065 = 1430 fen): only the fee is
    stranded. Once payouts are frozen (the operator's exit), all 220 yuan is."""
    model = controlled_model([-1] + [0] * 10, trust=[0] + [1] * 10,
                             overrides=("commission.require_promoter=false",))
    model.step()
    row = split(model).iloc[0]
    assert (row["transfers_fen"], row["stranded_fen"], row["net_shop_fen"]) == (2000, 2000, 0)
    give(model, "wallet", {0: 20000})
    t = participants_table(model)
    assert t.loc[0, "walk_away_fen"] == 22000 - 1430
    assert (t.loc[0, "stranded_fen"], t.loc[0, "transfers_fen"]) == (1430, 22000)
    assert t.loc[0, "net_shop_fen"] == 22000 - 1430
    model.collapsed = True  # what the operator's exit does to payouts
    t = participants_table(model)
    assert (t.loc[0, "stranded_fen"], t.loc[0, "net_shop_fen"]) == (22000, 0)


def test_a_stake_paid_from_the_wallet_is_counted_once():
    """Ten members each given 500 yuan in the wallet play one seat, paid from the wallet
    (a stake comes out of the wallet first when it holds one). Nothing is paid in from
    outside. The 500 yuan given is a credit (a transfer to the member) either way.

    * A winner: the wallet keeps 400 yuan; they could walk away with 400 less the 6.5% fee
      (26 yuan): 374 yuan; their goods are worth 37.50 in a shop. net_shop = 411.50 yuan =
      500 (transfers) - 62.50 (over market) - 26 (stranded: the fee).
    * A loser: the stake comes back to the wallet with the 3-yuan reward: 503 yuan; the fee
      is 50300 * 0.065 = 3269.5 -> 3269 fen; net_shop = 470.31 yuan = 503 - 32.69."""
    model = controlled_model([-1] * 10)
    give(model, "wallet", {i: 50000 for i in range(10)})
    model.step()
    t = participants_table(model)
    assert (t["paid_in_fen"] == 0).all()
    win, lose = t[t["wins"] == 1], t[t["wins"] == 0]
    assert len(win) == 3
    assert (win["wallet_stakes_fen"] == 10000).all() and (lose["wallet_stakes_fen"] == 0).all()
    assert (win["net_shop_fen"] == 41150).all()
    assert (win[["transfers_fen", "over_market_fen", "fees_fen", "stranded_fen"]]
            == [50000, 6250, 0, 2600]).all().all()
    assert (lose["net_shop_fen"] == 47031).all()
    assert (lose[["transfers_fen", "over_market_fen", "fees_fen", "stranded_fen"]]
            == [50300, 0, 0, 3269]).all().all()


def test_a_paid_withdrawal_is_a_fee_not_a_stranded_balance():
    """A member with 300 yuan who withdraws it all (propensity 1, the platform holding the
    cash): paid 300 less 6.5% (19.50 yuan) into the pocket. The fee is now a fee paid, nothing
    is stranded, and the 300 yuan given is the transfer: net_shop = 280.50 yuan."""
    model = controlled_model([-1], trust=[0], overrides=("behaviour.withdraw_propensity=1",))
    give(model, "wallet", {0: 30000})
    from conftest import fund_platform

    fund_platform(model, 0, 0)  # nothing: the given wallet is the issuer's promise
    model.ledger.move("ads", "advertisers", "platform_cash", 100_000)  # cash to pay it with
    for _ in range(3):
        model.step()
    t = participants_table(model)
    assert t.loc[0, "withdrawn_fen"] == 30000 - 1950
    assert (t.loc[0, "fees_fen"], t.loc[0, "stranded_fen"], t.loc[0, "transfers_fen"]) == (
        1950, 0, 30000)
    assert t.loc[0, "net_shop_fen"] == 28050


# ---------------------------------------------------------------------------------------
# Every preset: the parts from the files
# ---------------------------------------------------------------------------------------


def run_to_disk(name, tmp_path, participants=3000, seed=4):
    days = 800 if name == "classic-ponzi" else 200
    result = sim.run(name, participants=participants, days=days, seed=seed)
    # the tables and the summary as ``Result.save`` writes them (not the figures and report)
    for name in ("daily", "participants"):
        with open(tmp_path / f"{name}.csv", "wb") as f:
            write_csv(getattr(result, name), f)
    (tmp_path / "summary.json").write_text(json.dumps(result.summary, indent=2) + "\n")
    parts = pd.read_csv(tmp_path / "participants.csv")
    summary = json.loads((tmp_path / "summary.json").read_text())
    daily = pd.read_csv(tmp_path / "daily.csv")
    return result, parts, summary, daily


def yuan_to_fen(column: pd.Series) -> np.ndarray:
    """participants.csv holds money in fen (columns ending _fen): as int64."""
    return column.to_numpy(np.int64)


@pytest.fixture(scope="module", params=preset_names())
def written(request, tmp_path_factory):
    return run_to_disk(request.param, tmp_path_factory.mktemp(request.param))


def test_the_parts_follow_from_the_other_columns(written):
    """From the CSV: over market = sticker - market; fees = the withdrawal fees; stranded =
    wallet + waiting + queued - walk-away; transfers = credits (loser rewards, commissions,
    releases, dividends, task rewards, reserve payout) - money that bought nothing (paid in +
    wallet stakes - goods at sticker - queued). The four add up to net_shop, which the file
    gives separately (from the valuation of the ledger's balances)."""
    _, p, s, _ = written
    c = {name: yuan_to_fen(p[name]) for name in p.columns if name.endswith("_fen")}
    over = c["goods_sticker_fen"] - c["goods_market_fen"]
    stranded = c["wallet_fen"] + c["waiting_fen"] + c["queued_stakes_fen"] - c["walk_away_fen"]
    credits = (c["loser_rewards_fen"] + c["commissions_fen"] + c["released_fen"]
               + c["dividends_fen"] + c["task_rewards_fen"] + c["reserve_payout_fen"])
    nothing = c["paid_in_fen"] + c["wallet_stakes_fen"] - c["goods_sticker_fen"] - c["queued_stakes_fen"]
    assert np.array_equal(c["over_market_fen"], over)
    assert np.array_equal(c["fees_fen"], c["withdrawal_fees_fen"])
    assert np.array_equal(c["stranded_fen"], stranded)
    assert np.array_equal(c["transfers_fen"], credits - nothing)
    assert np.array_equal(credits - nothing - over - c["withdrawal_fees_fen"] - stranded,
                          c["net_shop_fen"])
    assert (stranded >= 0).all()
    # the summary's split is the same parts summed over those behind
    behind = c["net_shop_fen"] < 0
    ls = s["loss_split"]
    assert ls["members"] == int(behind.sum())
    assert ls["net_shop_fen"] == -s["lost_shop_fen"] == int(c["net_shop_fen"][behind].sum())
    for name in LOSS_PARTS:
        assert ls[name] == int(c[name][behind].sum())
    assert ls["net_shop_fen"] == (ls["transfers_fen"] - ls["over_market_fen"] - ls["fees_fen"]
                                  - ls["stranded_fen"])


def test_at_the_stall_from_the_files(written):
    """``at_stall`` is the row of daily.csv on the stall day (the outside one, or the
    recruitment peak when growth stopped by itself), and its members' state at the end from
    participants.csv (they are those who joined by that day)."""
    result, p, s, d = written
    at = s["at_stall"]
    stall = result.scenario.recruitment.stall_day
    if stall is not None and stall < len(d):
        assert (at["kind"], at["day"]) == ("outside", stall)
    else:
        assert (at["kind"], at["day"]) == ("own", s["recruitment_peak_day"])
    row = d.iloc[at["day"]]
    assert at["members"] == row["members"] == int((p["join_day"] <= at["day"]).sum())
    assert (at["behind_told"], at["behind_shop"]) == (row["behind_told"], row["behind_shop"])
    assert (at["told_balances_fen"], at["walk_away_fen"]) == (row["told_balances_fen"],
                                                               row["walk_away_fen"])
    then = p[p["join_day"] <= at["day"]]
    assert at["behind_shop_at_end"] == int((then["net_shop_fen"] < 0).sum())
    assert at["behind_told_at_end"] == int((then["net_told_fen"] < 0).sum())
    assert at["told_balances_end_fen"] == d["told_balances_fen"].iloc[-1]
    # the last row of daily.csv is the members' state in participants.csv
    told_balances = p["net_told_fen"] - p["net_cash_fen"] - p["goods_sticker_fen"]
    assert int(told_balances.sum()) == d["told_balances_fen"].iloc[-1]
    assert d["behind_shop"].iloc[-1] == int((p["net_shop_fen"] < 0).sum())
    assert d["behind_told"].iloc[-1] == int((p["net_told_fen"] < 0).sum())
    shares = d["behind_shop"] / d["members"].where(d["members"] > 0)
    assert np.allclose(shares.fillna(0), d["share_losing_shop"], atol=1e-6)


def test_break_even_price_by_count(written):
    """At the break-even price at least half the members are not behind a shop, and at one
    fen less fewer are (for schemes with one product, whose every member's goods are a whole
    number of that product). The count uses exact integers: a member with goods costing ``c``
    and the rest of their net ``a`` is not behind at price ``x`` for a product costing ``k``
    when ``a * k + c * x >= 0``."""
    result, p, s, _ = written
    be = s["break_even"]
    a = yuan_to_fen(p["net_shop_fen"]) - yuan_to_fen(p["goods_market_fen"])
    c = yuan_to_fen(p["goods_cost_fen"])
    need = -(-len(p) // 2)
    if be["reason"] == "no_goods":
        assert be["market_per_cost"] is None
        # no price is enough: even with goods worth any amount, fewer than half reach 0
        assert int(((a >= 0) | (c > 0)).sum()) < need
        return
    if be["reason"] == "free":
        assert int((a >= 0).sum()) >= need
        return
    products = be["products"]
    assert products
    if len(products) == 1 and result.scenario.gift.vip_share == 0:
        k, x = products[0]["cost_fen"], products[0]["break_even_fen"]
        assert int((a * k + c * x >= 0).sum()) >= need
        assert int((a * k + c * (x - 1) >= 0).sum()) < need


def test_the_controls_break_even_price_is_its_price():
    """fair-shop sells at cost / 0.8: a customer paid 100 yuan for goods that cost 80. They
    break even when the goods are worth exactly what they paid: 100 yuan, the sticker."""
    s = sim.run("fair-shop", participants=2000, days=120, seed=3).summary
    be = s["break_even"]
    assert be["reason"] is None and be["market_per_cost"] == 1.25
    assert [(x["sticker_fen"], x["cost_fen"], x["market_fen"], x["break_even_fen"])
            for x in be["products"]] == [(10000, 8000, 10000, 10000)]


def test_break_even_free_and_no_goods():
    """Built by hand on a tiny model's products: four members.
    * Two are ahead without goods and two are behind with goods costing 10 yuan: half already
      reach 0 with goods worth nothing: "free".
    * Three behind without goods: no price helps the median member: "no_goods".
    * Five members, one ahead, four behind holding goods costing 10 yuan (thresholds 1.5, 2, 4
      and 6 times cost): three must reach 0, one already does, so the second threshold, 2
      times cost; a 100-yuan fair-shop product that costs 80 yuan then breaks even at 160."""
    model = sim.SchemeModel("fair-shop", participants=10, days=1, seed=1,
                            overrides=['network.kind="well-mixed"'])

    def frame(a, c):
        a, c = np.array(a), np.array(c)
        return pd.DataFrame({"net_shop_fen": a, "goods_market_fen": 0 * a, "goods_cost_fen": c,
                             "goods_sticker_fen": c})

    assert break_even(model, frame([5, 0, -10, -10], [0, 0, 1000, 1000]))["reason"] == "free"
    out = break_even(model, frame([5, -1, -1, -1], [0, 0, 0, 0]))
    assert (out["reason"], out["market_per_cost"]) == ("no_goods", None)
    out = break_even(model, frame([5, -1500, -2000, -4000, -6000], [0, 1000, 1000, 1000, 1000]))
    assert (out["reason"], out["market_per_cost"]) == (None, 2.0)
    assert out["products"][0]["break_even_fen"] == 2 * 8000


def test_groups_include_those_who_recruited_nobody(written):
    _, p, s, _ = written
    none = p[p["downline_size"] == 0]
    g = s["no_downline"]
    assert g["members"] == len(none)
    assert g["share_losing_shop"] == round(float((none["net_shop_fen"] < 0).mean()), 6)
    assert g["median_net_shop_all_fen"] == int(round(none["net_shop_fen"].median()))
    assert g["lost_shop_fen"] == -int(none.loc[none["net_shop_fen"] < 0, "net_shop_fen"].sum())


def test_a_share_is_never_rounded_to_all_or_nothing():
    """Six decimals, except that a share strictly between 0 and 1 never becomes 0.0 or 1.0:
    one member behind among two million is 0.000001, all but one 0.999999."""
    from sim.engine.valuation import share, share_losing

    assert share(1, 2_000_000) == 0.000001 and share(1_999_999, 2_000_000) == 0.999999
    assert share(0, 5) == 0.0 and share(5, 5) == 1.0 and share(0, 0) == 0.0
    assert share(1, 3) == 0.333333 and share(2, 3) == 0.666667
    assert share_losing(np.array([-1] + [0] * 2_999_999)) == 0.000001


def test_the_early_warning_from_the_daily_file(written):
    """The early warning is the first day, after the week's net inflow was once positive, on
    which the last seven days' paid in - refunded - withdrawn (daily.csv) sum below 0; worked
    out here with a plain loop over the days."""
    _, _, s, d = written
    flow = (d["paid_in_fen"] - d["stakes_refunded_fen"] - d["withdrawn_fen"]).tolist()
    seen_positive, expected = False, None
    for day in range(len(flow)):
        week = sum(flow[max(0, day - 6):day + 1])
        if week > 0:
            seen_positive = True
        elif week < 0 and seen_positive:
            expected = day
            break
    w = s["early_warning"]
    assert w["day"] == expected
    if expected is not None and s["collapse_day"] is not None and s["collapse_day"] >= expected:
        assert w["lead_days"] == s["collapse_day"] - expected
    else:
        assert w["lead_days"] is None


def test_the_early_warning_by_hand():
    """A made-up week: inflow 5, 5, then withdrawals of 3 a day. Sums over the last seven days:
    5, 10, 7, 4, 1, -2 (day 5): the warning is day 5, three days before an exit on day 8."""
    from sim.analysis.who_lost import early_warning

    d = pd.DataFrame({"paid_in_fen": [5, 5, 0, 0, 0, 0, 0], "stakes_refunded_fen": [0] * 7,
                      "withdrawn_fen": [0, 0, 3, 3, 3, 3, 3]})
    assert early_warning(d, 8) == {"day": 5, "lead_days": 3, "window_days": 7}
    assert early_warning(d, None)["lead_days"] is None
    assert early_warning(d, 4)["lead_days"] is None  # an exit before the warning: no lead
    quiet = d.assign(withdrawn_fen=[0] * 7)
    assert early_warning(quiet, None)["day"] is None
