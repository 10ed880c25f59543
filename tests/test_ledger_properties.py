"""Every valid scenario balances to the fen, every day (MODEL.md §7).

Hypothesis draws scenarios across the whole valid range of the rules and the behaviour. The
engine checks its own books every day (it raises the day they are off), so each run is
checked here against figures rebuilt independently, from the scenario's numbers (``decimal``)
and from the counters the engine keeps apart from the money (seats, wins, queued seats, the
recruitment tree):

* cash: what members put in (net of refunds) = withdrawn + platform cash + operator +
  suppliers; the members' net cash sums to minus (platform cash + operator + suppliers);
* stakes, member by member: net cash paid in + what came into the wallet - what left it for
  withdrawals - the wallet now = P x wins + the stakes still queued (a won or queued seat
  costs exactly P, a lost one comes back in full);
* promises: what the platform owes = paid in - stakes kept + loser rewards + gold credited +
  commissions + pools - withdrawals settled (net + fee);
* withdrawals: requested = paid net + fees + still waiting in the queue; each member's fees
  lie within one fen per request of the fee rate times what they withdrew;
* shopping gold: each member's balance = wins x gold per win - released; with no static
  release, at most one release per play per seat;
* commissions: each member's = level-1 amount x their direct downlines' seats + level-2
  amount x their indirect downlines' seats (at most that under the promoter requirement);
* goods: each member's goods = wins x cost (and x P at the sticker price);
* flows: products and loser rewards each day from that day's counts of seats; the booked
  "profit" is the winners' stakes minus the outflows the sellers count.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim
from sim.scheme.scenario import Scenario


def fen_of(yuan) -> int:
    return int((Decimal(str(yuan)) * 100).to_integral_value())


def share(amount_fen: int, rate) -> int:
    """``rate`` of ``amount_fen`` rounded down to the fen (the rulebook's one rounding rule)."""
    return int((Decimal(amount_fen) * Decimal(str(rate))).to_integral_value(ROUND_FLOOR))


def scenario_dict(*, population=20, days=10, seed=1, n=10, w=3, stake=100.0, cost=0.3,
                  loser_rate=0.0, loser_yuan=3.0, gold_rate=1.0, release_rate=0.05,
                  release_yuan=0.0, static=0.0, before_credit=True, l1=0.02, l2=0.01,
                  l1_yuan=0.0, l2_yuan=0.0, require_promoter=True, daily_pool=0.0,
                  min_yuan=100.0, fee=0.065, cap=5, founders=0.2, invite=1.0, conversion=0.5,
                  stall_day=None, stall_factor=0.0, budget=2000.0, sigma=1.0, seats=1.0,
                  hook=1.0, trust=0.9, gain=0.02, wait_loss=0.05, newcomer_loss=0.02,
                  quit=0.4, propensity=0.2, extraction="profit_share", extraction_share=0.5,
                  reserve=0.2, exit_rule="net_outflow", exit_wait=14, exit_outflow=7,
                  regions=6) -> dict:
    return {
        "meta": {"name": "property"},
        "run": {"participants": population, "days": days, "seed": seed},
        "recruitment": {"founders_share": founders, "invite_rate": invite,
                        "conversion": conversion, "stall_day": stall_day,
                        "stall_factor": stall_factor, "regions": regions},
        "draw": {"stake_yuan": stake, "group_size": n, "winners": w, "daily_cap": cap,
                 "cost_ratio": cost},
        "rewards": {"loser_reward_rate": loser_rate, "loser_reward_yuan": loser_yuan,
                    "winner_shopping_gold_rate": gold_rate},
        "release": {"per_play_rate": release_rate, "per_play_yuan": release_yuan,
                    "static_daily_rate": static, "before_credit": before_credit},
        "pools": {"daily_rate": daily_pool},
        "commission": {"level1_rate": l1, "level2_rate": l2, "level1_yuan": l1_yuan,
                       "level2_yuan": l2_yuan, "require_promoter": require_promoter},
        "withdrawal": {"min_yuan": min_yuan, "fee_rate": fee},
        "behaviour": {"budget_median_yuan": budget, "budget_sigma": sigma,
                      "seats_per_day": seats, "shopping_gold_hook": hook,
                      "trust_initial": trust, "trust_paid_gain": gain,
                      "trust_wait_loss": wait_loss, "trust_newcomer_loss": newcomer_loss,
                      "quit_threshold": quit, "withdraw_propensity": propensity},
        "operator": {"extraction": extraction, "extraction_share": extraction_share,
                     "reserve_ratio": reserve, "exit_rule": exit_rule,
                     "exit_wait_days": exit_wait, "exit_outflow_days": exit_outflow},
        # the default clustered network needs twice as many people as mean contacts
        "network": {"kind": "clustered" if population >= 20 else "well-mixed"},
    }


def check_run(data: dict) -> None:
    """Run the scenario and check the books (see the module docstring).

    The engine raises ``LedgerError`` on the day its books are off or a balance goes negative,
    so a run that finishes has passed the engine's own daily check (its
    ``ledger_imbalance_fen`` column can only hold 0). Everything below is rebuilt instead
    from the rules and the scenario's numbers (worked out here with ``decimal``) and from
    counters the engine keeps apart from the money (seats, wins, queued seats, uplines), so
    that a wrong amount moved consistently on both sides of the books is still caught."""
    sc = Scenario.model_validate(data)
    res = sim.run(sc)
    daily, parts, s = res.daily, res.participants, res.summary
    d = data
    days = d["run"]["days"]
    assert len(daily) == days

    P = fen_of(d["draw"]["stake_yuan"])
    n = d["draw"]["group_size"]
    cost = share(P, d["draw"]["cost_ratio"])
    gold_per_win = share(P, d["rewards"]["winner_shopping_gold_rate"])
    loser = share(P, d["rewards"]["loser_reward_rate"]) + fen_of(d["rewards"]["loser_reward_yuan"])
    per_play = share(P, d["release"]["per_play_rate"]) + fen_of(d["release"]["per_play_yuan"])
    l1 = share(P, d["commission"]["level1_rate"]) + fen_of(d["commission"]["level1_yuan"])
    l2 = share(P, d["commission"]["level2_rate"]) + fen_of(d["commission"]["level2_yuan"])
    out = s["outstanding"]
    last = daily.iloc[-1]
    wins = int(parts["wins"].sum())
    settled = int(parts["seats"].sum())
    col = {c: parts[c].to_numpy(dtype=np.int64) for c in (
        "wins", "seats", "paid_in_fen", "withdrawn_fen", "withdrawal_fees_fen", "waiting_fen",
        "queued_stakes_fen", "wallet_fen", "shopping_gold_fen", "loser_rewards_fen",
        "commissions_fen", "released_fen", "dividends_fen", "net_cash_fen", "net_cost_fen",
        "net_sticker_fen")}

    # cash book: what members put in, plus what the operator had to put in for products,
    # is what members got out plus what the platform, the operator and suppliers hold
    held_by_platform = (s["platform_cash_fen"] + s["operator_take_fen"]
                        - s["operator_injected_fen"] + s["suppliers_fen"])
    assert s["paid_in_fen"] == s["withdrawn_fen"] + held_by_platform
    assert int(parts["net_cash_fen"].sum()) == -held_by_platform
    # the operator's account holds what it took less what it put in, and nothing else
    assert last["operator_total_fen"] == s["operator_take_fen"] - s["operator_injected_fen"]

    # each member's stakes (RULEBOOK §3.3, §3.7): every seat won or still queued cost exactly
    # P, paid from outside or from the wallet; every lost seat came back in full. So, per
    # member, net cash paid in + what came into the wallet (loser rewards, commissions,
    # releases, dividends) - what left it for withdrawals (paid net, fees, still waiting) -
    # the wallet now = P x wins + the stakes still queued.
    wallet_in = (col["loser_rewards_fen"] + col["commissions_fen"] + col["released_fen"]
                 + col["dividends_fen"])
    wallet_out = col["withdrawn_fen"] + col["withdrawal_fees_fen"] + col["waiting_fen"]
    stakes = col["paid_in_fen"] + wallet_in - wallet_out - col["wallet_fen"]
    assert (stakes == P * col["wins"] + col["queued_stakes_fen"]).all()
    if P > 0:
        assert (col["paid_in_fen"] % P == 0).all()  # only whole stakes are kept or held

    # goods and suppliers: c x P per product, at cost and at the sticker price
    assert s["suppliers_fen"] == wins * cost == int(daily["products_fen"].sum())
    assert (parts["goods_cost_fen"] == parts["wins"] * cost).all()
    assert (parts["goods_sticker_fen"] == parts["wins"] * P).all()
    cash_back = col["withdrawn_fen"] - col["paid_in_fen"]
    assert (col["net_cost_fen"] == cash_back + col["wins"] * cost).all()
    assert (col["net_sticker_fen"] == cash_back + col["wins"] * P).all()

    # seats, wins, rewards
    assert int(daily["winning_seats"].sum()) == wins
    assert (parts["wins"] <= parts["seats"]).all()
    if P > 0:
        queued = int(parts["queued_stakes_fen"].sum()) // P
        assert int(daily["seats"].sum()) == settled + queued
        assert out["stakes_held_fen"] == queued * P
    assert int(daily["loser_rewards_fen"].sum()) == (settled - wins) * loser
    # day by day: products and loser rewards from the day's counts of seats
    losing = daily["groups"] * n - daily["winning_seats"]
    assert (daily["products_fen"] == daily["winning_seats"] * cost).all()
    assert (daily["loser_rewards_fen"] == losing * loser).all()

    # commissions (RULEBOOK §10.2): l1 per seat to the direct upline, l2 to the indirect one,
    # the uplines read from the participants table. Without the promoter requirement every
    # seat pays; with it, only while the upline is a valid promoter, so at most that.
    up = parts["upline"].to_numpy(dtype=float, na_value=-1).astype(np.int64)
    up2 = np.where(up >= 0, up[np.maximum(up, 0)], -1)
    most = np.zeros(len(parts), dtype=np.int64)
    for uplines, amount in ((up, l1), (up2, l2)):
        has = uplines >= 0
        np.add.at(most, uplines[has], col["seats"][has] * amount)
    if d["commission"]["require_promoter"]:
        assert (col["commissions_fen"] <= most).all()
    else:
        assert (col["commissions_fen"] == most).all()
        assert int(daily["commissions_fen"].sum()) == int(most.sum())

    # shopping gold, member by member: item C credits gold_per_win per win; releases take out
    assert (col["shopping_gold_fen"] == col["wins"] * gold_per_win - col["released_fen"]).all()
    assert int(daily["releases_fen"].sum()) == wins * gold_per_win - out["shopping_gold_fen"]
    if d["release"]["static_daily_rate"] == 0:  # only dynamic release 1: per_play a seat at most
        assert (col["released_fen"] <= col["seats"] * per_play).all()

    # withdrawals: everything requested is paid (net + fee) or still waiting in the queue
    fees = int(daily["fees_fen"].sum())
    waiting = int(parts["waiting_fen"].sum())  # the queue of requests, member by member
    assert int(daily["withdraw_requested_fen"].sum()) == s["withdrawn_fen"] + fees + waiting
    assert last["withdraw_waiting_fen"] == out["withdrawals_waiting_fen"] == waiting
    # the fee (RULEBOOK §13.1): each request pays floor(amount x rate); a member has at most
    # one request paid a day, so their fees lie in (gross x rate - days, gross x rate]
    rate = Fraction(str(d["withdrawal"]["fee_rate"]))
    gross = col["withdrawn_fen"] + col["withdrawal_fees_fen"]
    exact = [g * rate for g in gross.tolist()]
    assert all(f <= e for f, e in zip(col["withdrawal_fees_fen"].tolist(), exact))
    assert all(f > e - days for f, e in zip(col["withdrawal_fees_fen"].tolist(), exact) if e)

    # promises: what the platform owes, rebuilt from the flows
    pools = int(daily["pools_fen"].sum())
    promised = (s["paid_in_fen"] - wins * P + int(daily["loser_rewards_fen"].sum())
                + wins * gold_per_win + int(daily["commissions_fen"].sum()) + pools
                - s["withdrawn_fen"] - fees)
    assert last["promises_fen"] == promised
    on_members = (out["wallets_fen"] + out["shopping_gold_fen"] + out["withdrawals_waiting_fen"]
                  + out["stakes_held_fen"])
    assert 0 <= promised - on_members <= pools  # the rest sits in the dividend pools

    # the sellers' booked "profit", day by day, from the day's counts (RULEBOOK §16): winners'
    # stakes, less products and loser rewards, less releases, commissions and pools
    booked = (daily["winning_seats"] * (P - cost) - losing * loser
              - daily["releases_fen"] - daily["commissions_fen"] - daily["pools_fen"])
    assert (daily["booked_profit_fen"] == booked).all()

    # who joined
    assert len(parts) <= d["run"]["participants"]
    joined = np.bincount(parts["join_day"].to_numpy(), minlength=len(daily))
    assert (daily["new_members"].to_numpy() == joined).all()  # founders on day 0
    assert (daily["members"].to_numpy() == np.cumsum(joined)).all()


# ---------------------------------------------------------------------------------------
# Random scenarios
# ---------------------------------------------------------------------------------------


# Hypothesis favours the small end of an integer range (and shrinks towards it): drawn
# plainly, trust, seats a day, budgets, conversion and the commission rates come out near 0,
# and a test of 150 examples then holds one run with any seat in it (measured). Each range
# below is therefore *rotated* so that its favoured end is an active, case-1-like value
# (``start``) while every valid value can still be drawn: the k-th value counts up from
# ``start`` and wraps around at the top of the range.


def around(lo: int, hi: int, start: int):
    """Any integer in [lo, hi]; hypothesis' favourite (k = 0) is ``start``."""
    return st.integers(0, hi - lo).map(lambda k: lo + (start - lo + k) % (hi - lo + 1))


def rates(max_ppm=1_000_000, start=0.0):
    return around(0, max_ppm, round(start * 1_000_000)).map(lambda k: k / 1_000_000)


def frac(hi, start=0.0):
    """A number in [0, hi] with at most six decimals (every ``*_rate`` field must have)."""
    return rates(int(hi * 1_000_000), start)


def yuan(max_fen, start=0.0):
    return around(0, max_fen, round(start * 100)).map(lambda k: k / 100)


@st.composite
def scenarios(draw):
    n = draw(around(1, 12, 10))
    return scenario_dict(
        population=draw(around(1, 80, 60)),
        days=draw(around(1, 30, 20)),
        seed=draw(st.integers(0, 2**32)),
        n=n,
        w=draw(around(0, n, min(3, n))),
        stake=draw(yuan(200_000, 100.0).filter(lambda v: v > 0)),  # 0.01 .. 2000 yuan
        cost=draw(rates(start=0.3)),
        loser_rate=draw(rates(200_000)),
        loser_yuan=draw(yuan(2_000, 3.0)),
        gold_rate=draw(rates(3_000_000, 1.0)),
        release_rate=draw(rates(500_000, 0.05)),
        release_yuan=draw(yuan(1_000)),
        static=draw(st.sampled_from([0.0, 0.0003, 0.003, 0.01, 0.5, 1.0])),
        before_credit=draw(st.booleans()),
        l1=draw(rates(100_000, 0.02)), l2=draw(rates(100_000, 0.01)),
        l1_yuan=draw(yuan(500)), l2_yuan=draw(yuan(500)),
        require_promoter=draw(st.booleans()),
        daily_pool=draw(rates(100_000)),
        min_yuan=draw(st.sampled_from([0.0, 0.01, 10.0, 100.0, 500.0])),
        fee=draw(st.sampled_from([0.065, 0.0, 0.08, 0.5, 1.0])),
        cap=draw(around(1, 6, 5)),
        founders=draw(st.sampled_from([0.2, 0.05, 0.0005, 1.0])),
        invite=draw(frac(3, 1.0)),
        conversion=draw(rates(start=0.5)),
        stall_day=draw(st.one_of(st.none(), st.integers(0, 30))),
        stall_factor=draw(frac(1)),
        budget=draw(yuan(1_000_000, 5_000.0).filter(lambda v: v > 0)),
        sigma=draw(frac(2, 1.0)),
        seats=draw(frac(8, 1.0)),
        hook=draw(frac(4, 1.0)),
        trust=draw(rates(start=0.9)),
        gain=draw(frac(0.2)),
        wait_loss=draw(frac(0.3)),
        newcomer_loss=draw(frac(0.2)),
        quit=draw(rates()),
        propensity=draw(rates(start=0.2)),
        extraction=draw(st.sampled_from(["profit_share", "none", "cash_above_reserve"])),
        extraction_share=draw(rates(start=0.5)),
        reserve=draw(frac(2, 0.2)),
        exit_rule=draw(st.sampled_from(["net_outflow", "withdrawal_wait", "never"])),
        exit_wait=draw(around(1, 10, 7)),
        exit_outflow=draw(around(1, 10, 7)),
        regions=draw(around(1, 8, 6)),
    )


@settings(max_examples=150, deadline=None, derandomize=True, print_blob=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_scenarios_balance_to_the_fen(data):
    check_run(data)


# ---------------------------------------------------------------------------------------
# Extreme but valid cases, each run explicitly
# ---------------------------------------------------------------------------------------

EXTREMES = {
    "w_equals_n": dict(n=10, w=10),
    "w_zero": dict(n=10, w=0),
    "n_one_w_one": dict(n=1, w=1),
    "n_one_w_zero": dict(n=1, w=0),
    "no_recruitment": dict(conversion=0.0),
    "fee_100_percent": dict(fee=1.0, min_yuan=0.0, propensity=1.0),
    "population_of_one": dict(population=1, founders=1.0, n=1, w=1),
    "population_of_one_in_groups_of_ten": dict(population=1, founders=1.0),
    "min_withdrawal_zero": dict(min_yuan=0.0, propensity=1.0),
    "stall_on_day_zero": dict(stall_day=0),
    "everyone_a_founder": dict(founders=1.0, population=40),
    "static_release_everything": dict(static=1.0, n=1, w=1),
    "huge_rewards": dict(loser_rate=1.0, loser_yuan=1000.0, release_rate=1.0, l1=1.0, l2=1.0,
                         daily_pool=1.0, gold_rate=10.0),
    "free_product_and_no_gold": dict(cost=0.0, gold_rate=0.0),
    "one_fen_stake": dict(stake=0.01, loser_yuan=0.0),
    "operator_grabs_all_free_cash": dict(extraction="cash_above_reserve", reserve=0.0),
    "quick_exit": dict(exit_rule="withdrawal_wait", exit_wait=1, propensity=1.0, min_yuan=0.0),
    "run_on_the_platform": dict(quit=1.0, propensity=1.0, min_yuan=0.0),
    "nobody_plays": dict(seats=0.0, hook=0.0),
}


@pytest.mark.parametrize("name", sorted(EXTREMES))
def test_extreme_valid_scenarios_balance(name):
    check_run(scenario_dict(**{"population": 40, "days": 30, "seed": 3, "founders": 0.2,
                               **EXTREMES[name]}))


def test_wallet_paid_winners_do_not_break_the_books():
    """Members who play with rewards kept in their wallets (stake from the wallet, RULEBOOK
    §3.3 proposal): the winners' products must still be paid without the platform's cash
    going below zero, and the run must finish with balanced books. Generous but valid
    rewards make most stakes wallet-paid."""
    check_run(scenario_dict(population=60, days=40, seed=0, founders=0.2, min_yuan=0.0,
                            loser_yuan=60.0, release_rate=0.5, extraction="none",
                            propensity=0.0))


# -- the scatter-add helpers behind every settlement -------------------------------------------

@settings(max_examples=200, deadline=None)
@given(size=st.integers(1, 60), data=st.data())
def test_counts_add_is_a_plain_scatter_add(size, data):
    """``Counts`` (one bincount, then adds over the members touched) must equal the slow,
    obvious ``np.add.at``, in all its regimes: few entries (under an eighth of the
    population) and many, these in increasing order (counted in runs) or not, repeats
    included."""
    from sim.engine.arrays import Counts

    idx = np.array(data.draw(st.lists(st.integers(0, size - 1), max_size=4 * size)),
                   dtype=np.int64)
    if data.draw(st.booleans()):
        idx = np.sort(idx)
    value = data.draw(st.integers(-10**12, 10**12))
    start = np.array(data.draw(st.lists(st.integers(-10**12, 10**12), min_size=size,
                                        max_size=size)), dtype=np.int64)
    counted = Counts(idx, size)
    got, expected = start.copy(), start.copy()
    counted.add(got, value)
    np.add.at(expected, idx, value)
    assert np.array_equal(got, expected)
    assert int(counted.amounts(value).sum()) == value * idx.size
    if counted.unique:  # the counted regime: each member once, with how often it appears
        who, times = np.unique(idx, return_counts=True)
        assert np.array_equal(counted.who, who) and np.array_equal(counted.times, times)


@settings(max_examples=100, deadline=None)
@given(size=st.integers(1, 40), data=st.data())
def test_a_move_of_one_amount_to_many_equals_the_move_of_an_array(size, data):
    """``Ledger.move(flow, src, dst, 7, dst_who=idx)`` (every index gets 7) must do what the
    same move with ``np.full(len(idx), 7)`` does, repeats included, and keep the books at 0."""
    from sim.engine.ledger import Ledger

    idx = np.array(data.draw(st.lists(st.integers(0, size - 1), max_size=3 * size)),
                   dtype=np.int64)
    amount = data.draw(st.integers(0, 10**9))
    one, many = Ledger(size), Ledger(size)
    total_one = one.move("balance_set", "issuer", "wallet", amount, dst_who=idx)
    total_many = many.move("balance_set", "issuer", "wallet", np.full(idx.size, amount), dst_who=idx)
    assert total_one == total_many == amount * idx.size
    assert np.array_equal(one.wallet, many.wallet)
    assert one["issuer"] == many["issuer"] == -amount * idx.size
    back = one.move("withdraw_request", "wallet", "withdrawals_waiting", amount, src_who=idx)
    assert back == total_one and not one.wallet.any() and one.imbalance() == 0
