"""How long a scheme lasted, and what in its rules drew the cash (``summary["lasted"]``,
:mod:`sim.analysis.lasted`; the report's paragraph ``report.lasted_paragraph``).

* the figures per 100 yuan paid in are worked out a second way, through real runs on the
  clustered network with no outside stall: the run stepped day by day by hand, the ledger's
  flows of each day summed up to the exit (and checked to stop after it), each rule's flows
  named here by hand, the per-100 rounding done with exact fractions; and the same sums checked
  against the columns of ``participants.csv`` (per member tallies) and ``daily.csv``;
* the paragraph, in English and Chinese, says what the figures say: a collapse or none, growth
  that stalled by itself, an outside stall or a crackdown, no growth, nothing paid in, a tie,
  one rule, shopping gold alone; on made-up summaries and on real runs.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
import math

import numpy as np
import pytest

import sim
from sim.api import Result
from sim.engine.model import SchemeModel
from sim.outputs import i18n, report

from conftest import CREDIT_COLUMNS, NOT_PROMISES

LANGS = ("en", "zh")
NETWORK = ["network.kind=clustered", "recruitment.stall_day=none"]

BY_COLUMN = CREDIT_COLUMNS
PROMISES = tuple(f for flows in BY_COLUMN.values() for f in flows)


def per_100(part: int, whole: int) -> int:
    """Fen per 100 yuan, to the nearest fen, a half up: by exact fractions."""
    return math.floor(Fraction(part * 10_000, whole) + Fraction(1, 2))


def stepped(name: str, participants: int, days: int | None = None):
    """A run stepped by hand: the result, and the flows summed day by day up to the exit (all
    the run's days without one), with the flows of the days after the exit."""
    sc = sim.load(name, NETWORK)
    model = SchemeModel(sc, participants=participants, days=days or sc.run.days, seed=1)
    upto, after = defaultdict(int), defaultdict(int)
    while model.running:
        exited_before = model.collapsed
        model.step()
        for flow, fen in model.ledger.today.items():
            (after if exited_before else upto)[flow] += fen
    return Result.from_model(model), upto, after


@pytest.fixture(scope="module")
def privilege():
    return stepped("privilege-mode", 3_000)


@pytest.fixture(scope="module")
def quanmin():
    return stepped("quanmin-pingou", 3_000, days=200)


@pytest.fixture(scope="module")
def shop():
    return stepped("fair-shop", 3_000, days=200)


def _check_figures(result, upto, after):
    lt = result.summary["lasted"]
    p, d = result.participants, result.daily
    # nothing moves once the operator has gone
    assert not any(after.values()), dict(after)
    # paid in: from outside, net of stakes refunded to the pocket, three ways
    paid_in = (upto["paid_in"] + upto["gift_package"] + upto["coin_cash"]
               - upto["refund_to_pocket"] - upto["failed_refund_to_pocket"])
    assert lt["paid_in_fen"] == paid_in == int(p["paid_in_fen"].sum()) == int(
        d["paid_in_fen"].sum() - d["stakes_refunded_fen"].sum())
    assert paid_in > 0
    # each rule's credits: the day-by-day sums, and the members' tallies by column
    credited = {f: fen for f, fen in upto.items() if f in PROMISES + NOT_PROMISES and fen}
    assert lt["credited_fen"] == credited
    for column, flows in BY_COLUMN.items():
        assert sum(credited.get(f, 0) for f in flows) == int(p[column].sum()), column
    assert credited.get("loser_reward", 0) == int(d["loser_rewards_fen"].sum())
    assert sum(credited.get(f, 0) for f in BY_COLUMN["released_fen"]) == int(
        d["releases_fen"].sum())
    for flow, fen in credited.items():
        assert lt["credited_per_100_fen"][flow] == per_100(fen, paid_in), flow
    promised = sum(fen for f, fen in credited.items() if f in PROMISES)
    assert lt["promised_fen"] == promised
    assert lt["promised_per_100_fen"] == per_100(promised, paid_in)
    assert lt["stakes_refunded_to_wallet_fen"] == (upto["refund_to_wallet"]
                                                   + upto["failed_refund_to_wallet"])
    top = max((fen for f, fen in credited.items() if f in PROMISES), default=0)
    assert lt["largest_promise"] == [f for f in PROMISES if top and credited.get(f) == top]
    if top:
        assert lt["largest_promise_per_100_fen"] == per_100(top, paid_in)
    # the other shares of each 100 yuan
    gold = upto["shopping_gold_credit"] + upto["fund_deposit"] + upto["fund_interest"]
    suppliers = upto["products"] + upto["gift_goods"]
    operator = upto["extraction"] + upto["exit_take"]
    assert suppliers == result.summary["suppliers_fen"]
    assert operator == int(d["operator_take_fen"].sum()) == result.summary["operator_take_fen"]
    assert upto["withdrawn"] == int(d["withdrawn_fen"].sum()) == int(p["withdrawn_fen"].sum())
    for name, fen in (("shopping_gold_credited", gold), ("suppliers", suppliers),
                      ("operator_take", operator), ("withdrawn", upto["withdrawn"])):
        assert lt[f"{name}_fen"] == fen, name
        assert lt[f"{name}_per_100_fen"] == per_100(fen, paid_in), name
    return lt


def _peak_by_hand(daily) -> int | None:
    new = daily["new_members"].to_numpy()[1:]
    return None if not new.size or new.max() <= 0 else 1 + int(np.flatnonzero(new == new.max())[0])


def test_per_100_figures_of_a_collapse_recomputed(privilege):
    result, upto, after = privilege
    lt = _check_figures(result, upto, after)
    d = result.daily
    exit_day = int(d["day"][d["collapsed"] == 1].iloc[0])
    assert lt["collapse_day"] == exit_day == lt["through_day"]
    assert lt["growth_peak_day"] == _peak_by_hand(d)
    assert lt["days_peak_to_exit"] == exit_day - _peak_by_hand(d) == lt["days_after_peak"]
    assert lt["growth_ended"] == "own" and lt["recruited_by"] == "contacts"
    # the week's net inflow, by hand: the first 7-day sum below 0 after one above 0
    flow = (d["paid_in_fen"] - d["stakes_refunded_fen"] - d["withdrawn_fen"]).to_numpy()
    week = [int(flow[max(0, i - 6):i + 1].sum()) for i in range(len(flow))]
    first_up = next(i for i, w in enumerate(week) if w > 0)
    negative = next((i for i in range(first_up, len(week)) if week[i] < 0), None)
    assert lt["net_inflow_negative_day"] == negative
    # privilege mode's losers are rewarded on every forced loss: the largest promise
    assert lt["largest_promise"] == ["loser_reward"]
    assert lt["stakes_refunded_to_wallet_fen"] > lt["largest_promise_fen"]  # refunds left out


def test_per_100_figures_of_a_run_with_shopping_gold_recomputed(quanmin):
    lt = _check_figures(*quanmin)
    assert lt["shopping_gold_credited_fen"] > 0 and lt["suppliers_fen"] > 0


@pytest.mark.parametrize("name", ["case-1", "gift-package", "static-dynamic", "lottery-5-2",
                                  "consumption-rebate"])
def test_per_100_figures_of_the_other_presets_recomputed(name):
    """Team and regional commissions (case-1), gift packages and their goods and referrals
    (gift-package), releases by downlines' play and static (static-dynamic), red envelopes
    (lottery-5-2), a rebate's static release (consumption-rebate)."""
    result, upto, after = stepped(name, 2_000)
    lt = _check_figures(result, upto, after)
    assert lt["promised_fen"] > 0


def test_per_100_figures_of_a_fund_recomputed():
    """A classic fund: the promised capital and its interest are its shopping gold, the nightly
    release is what depositors withdraw, and it ends when a withdrawal waits."""
    result, upto, after = stepped("classic-ponzi", 2_000)
    lt = _check_figures(result, upto, after)
    assert upto["fund_interest"] > 0 and lt["recruited_by"] == "deposits"
    assert lt["largest_promise"] == ["release_static"] and lt["suppliers_fen"] == 0
    assert lt["exit_rule"] == "withdrawal_wait" and lt["collapse_day"] is not None
    text = report.lasted_paragraph(result.summary, "en")
    assert "the fund's depositors come on its own schedule, not by invitation" in text
    assert "all of it from the nightly static release of shopping gold" in text
    assert "went to the supplier" not in text


def test_fair_shop_promises_nothing_and_never_collapses(shop):
    result, upto, after = shop
    lt = _check_figures(result, upto, after)
    assert lt["credited_fen"] == {} and lt["promised_fen"] == 0 and lt["largest_promise"] == []
    assert lt["collapse_day"] is None and lt["through_day"] == len(result.daily) - 1
    # 20% margin: of each 100 yuan, 80 to the supplier, 20 to the owner
    assert (lt["suppliers_per_100_fen"], lt["operator_take_per_100_fen"]) == (8_000, 2_000)


# -- the paragraph on real runs ------------------------------------------------------------------


def _yuan(fen: int, lang: str) -> str:
    """fen as the report writes an amount under 10,000 yuan, worked out by hand."""
    text = f"{fen // 100:,}.{fen % 100:02d}"
    return f"{text} yuan" if lang == "en" else f"{text}元"


@pytest.mark.parametrize("lang", LANGS)
def test_paragraph_of_a_collapse(privilege, lang):
    result = privilege[0]
    lt = result.summary["lasted"]
    text = report.lasted_paragraph(result.summary, lang)
    peak, exit_day = _peak_by_hand(result.daily), lt["collapse_day"]
    rule = _yuan(lt["largest_promise_per_100_fen"], lang)
    if lang == "en":
        assert text.startswith(f"Growth stalled by itself: new members peaked on day {peak} ")
        assert "members invite mostly their own contacts" in text
        assert (f"credited members {_yuan(lt['promised_per_100_fen'], lang)} of cash they could "
                "take out") in text
        assert f"the largest part from the losers' rewards ({rule})" in text
        assert f"On day {lt['net_inflow_negative_day']} the week's net inflow turned negative" in text
        assert (f"On day {exit_day}, after 7 days in a row with no more cash coming in than going "
                f"out, the operator stopped paying and kept the cash, {exit_day - peak} days after "
                "new members peaked.") in text
        assert "shopping gold" not in text  # privilege mode credits none
    else:
        assert text.startswith(f"增长自行停滞：新成员在第{peak}天达到高峰")
        assert f"其中最多的一项来自不中奖奖励（{rule}）" in text
        assert f"第{exit_day}天，在连续7天流入的现金不多于流出之后，运营方停止兑付并卷走现金" in text
        assert f"距新成员高峰{exit_day - peak}天" in text


@pytest.mark.parametrize("lang", LANGS)
def test_paragraph_of_the_fair_shop(shop, lang):
    result = shop[0]
    text = report.lasted_paragraph(result.summary, lang)
    last = len(result.daily) - 1
    if lang == "en":
        assert "Members were promised no cash beyond their goods" in text
        assert ("Of every 100 yuan members paid in, 80.00 yuan went to the supplier for goods, "
                "the operator took 20.00 yuan and members withdrew nothing.") in text
        assert f"still running on its last day, day {last}" in text
        assert text.endswith("This scenario's operator never exits.")
        assert "stopped paying" not in text and "turned negative" not in text
    else:
        assert "除了商品，成员没有得到任何现金承诺" in text and f"第{last}天" in text
        assert "80.00元付给供应商买商品，运营方拿走20.00元，成员什么也没提走" in text
        assert text.endswith("这个情景中的运营方从不跑路。") and "停止兑付并" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_paragraph_is_behind_the_headline(privilege, lang):
    labels = [label for label, _ in report.detail(privilege[0], lang)]
    assert i18n.t(lang, "d_lasted") in labels
    assert labels.index(i18n.t(lang, "d_lasted")) == labels.index(i18n.t(lang, "d_stall")) + 1


# -- the paragraph on made-up figures ------------------------------------------------------------


def made_up(**changes) -> dict:
    """A summary with only what the paragraph reads: a collapse on day 150 after a peak on day
    100, under the net-outflow rule; 60 yuan promised per 100 yuan paid in, 30 of it loser
    rewards."""
    lt = {"growth_ended": "own", "growth_cut_day": None, "well_mixed": False,
          "recruited_by": "contacts", "growth_peak_day": 100, "members_at_peak": 1_200,
          "population": 5_000, "net_inflow_negative_day": 140, "window_days": 7,
          "collapse_day": 150, "through_day": 150, "members_through": 2_000,
          "days_peak_to_exit": 50, "days_after_peak": 50, "exit_rule": "net_outflow",
          "exit_days": 7, "audit_day": None, "paid_in_fen": 1_000_000,
          "stakes_refunded_to_pocket_fen": 500_000,
          "credited_fen": {"loser_reward": 300_000, "commission": 200_000,
                           "daily_dividend": 100_000, "refund_to_wallet": 900_000},
          "credited_per_100_fen": {"loser_reward": 3_000, "commission": 2_000,
                                   "daily_dividend": 1_000, "refund_to_wallet": 9_000},
          "promised_fen": 600_000, "promised_per_100_fen": 6_000,
          "stakes_refunded_to_wallet_fen": 900_000, "largest_promise": ["loser_reward"],
          "largest_promise_fen": 300_000, "largest_promise_per_100_fen": 3_000,
          "withdrawn_fen": 400_000, "withdrawn_per_100_fen": 4_000,
          "shopping_gold_credited_fen": 0, "shopping_gold_credited_per_100_fen": 0,
          "suppliers_fen": 300_000, "suppliers_per_100_fen": 3_000,
          "operator_take_fen": 250_000, "operator_take_per_100_fen": 2_500}
    lt.update(changes)
    return {"participants": 2_000, "lasted": lt, "early_warning": {"window_days": 7}}


def en(**changes) -> str:
    return report.lasted_paragraph(made_up(**changes), "en")


def zh(**changes) -> str:
    return report.lasted_paragraph(made_up(**changes), "zh")


def test_collapse_sentence_worked_by_hand():
    text = en()
    assert text == (
        "Growth stalled by itself: new members peaked on day 100 (1,200 of the 5,000 people in "
        "reach had joined by then), and no outside event cut recruitment; members invite mostly "
        "their own contacts, and fewer of those were left outside. Of every 100 yuan members "
        "paid in (net of stakes refunded), the scheme's rules credited members 60.00 yuan of "
        "cash they could take out (their own stakes returned to their wallets not counted), the "
        "largest part from the losers' rewards (30.00 yuan). Of the same 100 yuan, 30.00 yuan "
        "went to the supplier for goods, the operator took 25.00 yuan and members withdrew "
        "40.00 yuan. On day 140 the week's net inflow turned negative: the cash paid in over 7 "
        "days (net of stakes refunded) first fell short of what members withdrew. On day 150, "
        "after 7 days in a row with no more cash coming in than going out, the operator stopped "
        "paying and kept the cash, 50 days after new members peaked.")
    assert zh() == (
        "增长自行停滞：新成员在第100天达到高峰（当时可触达的5,000人中已有1,200人加入），没有外部事件切断"
        "拉新；成员邀请的大多是自己的熟人，而还没加入的熟人越来越少。成员每投入100元（扣除退回的本金），"
        "平台规则就给成员记入60.00元可以拿走的现金（退回零钱的本人本金不计在内），其中最多的一项来自"
        "不中奖奖励（30.00元）。同样这100元中，30.00元付给供应商买商品，运营方拿走25.00元，成员提走"
        "40.00元。第140天，一周净流入转为负数：7天内投入的现金（扣除退回的本金）第一次不够支付成员的"
        "提现。第150天，在连续7天流入的现金不多于流出之后，运营方停止兑付并卷走现金，距新成员高峰50天。")


def test_no_collapse_sentences_both_ways():
    running = dict(collapse_day=None, through_day=364, days_peak_to_exit=None,
                   days_after_peak=264)
    text = en(**running)
    assert ("The week's net inflow turned negative on day 140, but payouts had not stopped by "
            "the run's last day, day 364, 264 days after new members peaked.") in text
    assert "stopped paying" not in text
    text = en(**running, net_inflow_negative_day=None)
    assert ("The week's net inflow never turned negative, and payouts had not stopped by the "
            "run's last day, day 364, 264 days after new members peaked.") in text
    assert en(**running, exit_rule="never", exit_days=None).endswith(
        " This scenario's operator never exits.")
    assert en(**running, audit_day=120).endswith(" From day 120 an audit stopped the operator's exit.")
    assert "never exits" not in en(**running)
    assert "到最后一天（第364天，距新成员高峰264天）兑付仍未停止" in zh(**running)
    assert "一周净流入始终没有转为负数" in zh(**running, net_inflow_negative_day=None)
    assert zh(**running, exit_rule="never").endswith("这个情景中的运营方从不跑路。")


def test_nothing_promised_nothing_owed():
    nothing = dict(collapse_day=None, through_day=364, days_peak_to_exit=None,
                   days_after_peak=264, credited_fen={}, credited_per_100_fen={},
                   promised_fen=0, promised_per_100_fen=0, stakes_refunded_to_wallet_fen=0,
                   largest_promise=[], largest_promise_fen=None,
                   largest_promise_per_100_fen=None, withdrawn_fen=0, withdrawn_per_100_fen=0,
                   stakes_refunded_to_pocket_fen=0, net_inflow_negative_day=None)
    text = en(**nothing)
    assert ("Members were promised no cash beyond their goods: the rules credited nothing for "
            "them to take out. Of every 100 yuan members paid in, 30.00 yuan went to the "
            "supplier for goods, the operator took 25.00 yuan and members withdrew nothing. With "
            "nothing owed to members, there was nothing to stop paying: the scheme was still "
            "running on its last day, day 364, 264 days after new members peaked.") in text
    assert "成员每投入100元，30.00元付给供应商买商品" in zh(**nothing)
    assert "平台不欠成员任何钱" in zh(**nothing)


def test_how_growth_ended_each_way():
    assert en(growth_ended="outside", growth_cut_day=60).startswith(
        "New members peaked on day 100; from day 60 an outside event cut recruitment. ")
    assert en(growth_ended="crackdown", growth_cut_day=40).startswith(
        "New members peaked on day 100; from day 40 a crackdown banned recruiting. ")
    assert "fewer people were left to invite" in en(recruited_by="anyone", well_mixed=True)
    assert "the fund's depositors come on its own schedule" in en(recruited_by="deposits")
    assert "contacts" not in en(recruited_by="anyone")
    none = dict(growth_ended=None, growth_peak_day=None, members_at_peak=None,
                days_peak_to_exit=None, days_after_peak=None)
    text = en(**none)
    assert text.startswith("Nobody joined after the founders, so growth never began. ")
    assert "peaked" not in text and text.endswith("the operator stopped paying and kept the cash.")
    assert zh(**none).startswith("创始成员之后再没有人加入，增长从未开始。")
    assert zh(growth_ended="outside", growth_cut_day=60).startswith(
        "新成员在第100天达到高峰；从第60天起，外部事件切断了拉新。")
    assert zh(growth_ended="crackdown", growth_cut_day=40).startswith(
        "新成员在第100天达到高峰；从第40天起，打击行动禁止了拉新。")


def test_exit_on_the_peak_and_the_day_after_and_without_a_warning():
    assert en(days_peak_to_exit=0).endswith("kept the cash, on the day new members peaked.")
    assert en(days_peak_to_exit=1).endswith("kept the cash, 1 day after new members peaked.")
    text = en(net_inflow_negative_day=None)
    assert ("The week's net inflow never turned negative; on day 150, after 7 days in a row "
            "with no more cash coming in than going out, the operator stopped paying") in text
    # a week that turned negative only after the exit is not a warning before it
    assert "never turned negative" in en(net_inflow_negative_day=151)
    assert "when a withdrawal had waited 14 days unpaid" in en(exit_rule="withdrawal_wait",
                                                              exit_days=14)
    assert "when a withdrawal had waited a day unpaid" in en(exit_rule="withdrawal_wait",
                                                            exit_days=1)
    assert "在一笔提现等待14天仍未支付之时" in zh(exit_rule="withdrawal_wait", exit_days=14)


def test_which_rule_is_named():
    tie = en(largest_promise=["loser_reward", "commission"], largest_promise_per_100_fen=3_000)
    assert ("the largest parts from the losers' rewards and the uplines' commissions "
            "(30.00 yuan each)") in tie
    one = en(credited_fen={"release_static": 600_000, "refund_to_wallet": 900_000},
             largest_promise=["release_static"], largest_promise_per_100_fen=6_000)
    assert "60.00 yuan of cash they could take out (their own stakes returned to their " \
           "wallets not counted), all of it from the nightly static release of shopping gold." in one
    assert "全部来自每晚静态释放的购物金" in zh(credited_fen={"release_static": 600_000},
                                      largest_promise=["release_static"])
    # the refunds to wallets (900,000 fen, more than any rule) are said to be left out
    assert "(their own stakes returned to their wallets not counted), the largest part from " \
           "the losers' rewards (30.00 yuan)" in en()
    assert "not counted" not in en(stakes_refunded_to_wallet_fen=0)


def test_shopping_gold_and_amounts_under_a_fen():
    text = en(shopping_gold_credited_fen=1_175_000, shopping_gold_credited_per_100_fen=11_750)
    assert ("They also credited 117.50 yuan of shopping gold, which cannot be withdrawn until "
            "it is released.") in text
    only = en(promised_fen=0, promised_per_100_fen=0, largest_promise=[],
              largest_promise_fen=None, largest_promise_per_100_fen=None,
              credited_fen={}, shopping_gold_credited_fen=1_175_000,
              shopping_gold_credited_per_100_fen=11_750)
    assert ("the scheme's rules credited no cash members could take out, only 117.50 yuan of "
            "shopping gold") in only
    assert "Of the same 100 yuan" in only
    assert "the operator took less than 0.01 yuan" in en(operator_take_fen=50,
                                                          operator_take_per_100_fen=0)
    assert "the operator took nothing" in en(operator_take_fen=0, operator_take_per_100_fen=0)
    assert "运营方拿走不到0.01元" in zh(operator_take_fen=50, operator_take_per_100_fen=0)
    assert "(net of stakes refunded)" not in en(stakes_refunded_to_pocket_fen=0)


def test_nothing_paid_in_and_nobody_joined():
    text = en(paid_in_fen=0, promised_per_100_fen=None)
    assert "Members paid no cash in, so the rules had none to draw on." in text
    assert "100 yuan" not in text
    assert "成员没有投入任何现金" in zh(paid_in_fen=0)
    assert report.lasted_paragraph({**made_up(), "participants": 0}, "en") is None
    assert report.lasted_paragraph({"participants": 10}, "en") is None


def test_every_rule_that_can_be_named_has_its_words_in_both_languages():
    from sim.analysis.lasted import CREDIT_FLOWS, PROMISE_FLOWS
    from sim.engine.ledger import TALLIES

    assert set(PROMISE_FLOWS) == set(PROMISES)  # the ledger's kinds, as named here by hand
    assert set(CREDIT_FLOWS) == set(PROMISES) | set(NOT_PROMISES)
    assert set(TALLIES["wallet_refunds"]) | {"reserve_payout", "balance_set"} == set(NOT_PROMISES)
    for lang in LANGS:
        for flow in PROMISE_FLOWS:
            assert i18n.TEXTS[lang][f"lt_rule_{flow}"], (lang, flow)


def test_real_summary_holds_every_figure_it_documents(privilege):
    from sim.analysis import lasted as module

    lt = privilege[0].summary["lasted"]
    doc = module.lasted_figures.__doc__
    for key in lt:  # each figure named in the docstring (a ``*_per_100_fen`` with its base)
        assert f"``{key}``" in doc or key.endswith("_per_100_fen"), key


def test_the_headline_says_what_ran_out():
    """On the network the headline says the members' contacts were used up, with how many of
    the people joined; well mixed, that the population ran out; both from the run."""
    from sim.outputs import report

    net = sim.run(sim.load("quanmin-pingou", participants=3000, days=200, seed=1))
    s = net.summary
    line = [x for x in report.headline(s, "en") if x.startswith("Growth stalled")][0]
    assert "the people the members knew had joined or said no" in line
    assert f"{s['participants']:,} of the 3,000 people joined" in line
    assert f"3,000人中有{s['participants']:,}人加入" in "".join(report.headline(s, "zh"))
    well = sim.run(sim.load("quanmin-pingou", ['network.kind="well-mixed"'], participants=3000,
                            days=200, seed=1)).summary
    line = [x for x in report.headline(well, "en") if x.startswith("Growth stalled")][0]
    assert "the population ran out" in line and "said no" not in line
