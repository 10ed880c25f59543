"""The files add up: ``participants.csv`` to ``summary.json``, row by row and in total, and
``daily.csv`` to both, in every preset with every optional flow of money switched on (the
funnel's task rewards, gift packages and their referrals, ad revenue, the virtual-product
trick's coin cash, a reserve paid out at the exit), and in the classic fund (deposits, promised
interest, the real return).

The identities are the ledger's two books read off the output tables alone:

* each member: ``net_cash = received - paid_in`` and ``received = withdrawn + reserve payout +
  task rewards``; and that is the member's outside pocket in the ledger;
* all members: what members lost in cash is what the platform, the operator and the suppliers
  hold, less the money that came from outside the members (ads, a fund's real return, the
  operator's injections);
* each summary figure is its column's sum, and each daily flow summed over the days is the
  same figure.
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.scheme.scenario import preset_names

from conftest import BEFORE_NETWORK

EVERY_FLOW = (
    "funnel.enabled=true", "funnel.start_day=0", "funnel.task_reward_yuan=20",
    "gift.vip_share=0.2", "gift.vip_price_yuan=399", "gift.agent_share=0.01",
    "gift.agent_price_yuan=999", "gift.referral_level1_rate=0.2",
    "gift.referral_level2_rate=0.1",
    "ads.yuan_per_active_member_month=3",
    "policy.reserve_day=0", "policy.reserve_ratio=0.3",
)
COIN_CASH = ("rewards.virtual_product=true", "rewards.virtual_cash_share=0.4")


def run(name: str, overrides=()):
    return sim.run(name, participants=1500, days=200, seed=3, overrides=overrides)


def check_books(result) -> None:
    s, parts, daily, led = result.summary, result.participants, result.daily, result.model.ledger
    # row by row
    assert (parts["received_fen"] == parts["withdrawn_fen"] + parts["reserve_payout_fen"]
            + parts["task_rewards_fen"]).all()
    assert (parts["net_cash_fen"] == parts["received_fen"] - parts["paid_in_fen"]).all()
    assert (parts["net_cash_fen"].to_numpy() == led.pocket[: len(parts)]).all()
    # in total
    for key in ("paid_in_fen", "withdrawn_fen", "stakes_refunded_fen", "task_rewards_fen",
                "received_fen", "reserve_payout_fen", "withdrawal_fees_fen"):
        assert s[key] == int(parts[key].sum()), key
    assert s["outstanding"]["wallets_fen"] == int(parts["wallet_fen"].sum())
    assert s["outstanding"]["shopping_gold_fen"] == int(parts["shopping_gold_fen"].sum())
    # the cash book: members' net cash, the platform, the operator, the suppliers and the
    # outside payers (advertisers, a fund's market) sum to zero
    outside = s["ad_revenue_fen"] - led["market"] + s["operator_injected_fen"]
    held = s["platform_cash_fen"] + s["operator_take_fen"] + s["suppliers_fen"]
    assert int(parts["net_cash_fen"].sum()) == outside - held
    # day by day
    assert (daily["paid_in_fen"] >= 0).all()
    assert int(daily["paid_in_fen"].sum() - daily["stakes_refunded_fen"].sum()) == s["paid_in_fen"]
    assert int(daily["stakes_refunded_fen"].sum()) == s["stakes_refunded_fen"]
    assert int(daily["withdrawn_fen"].sum()) == s["withdrawn_fen"]
    assert int(daily["fees_fen"].sum()) == s["withdrawal_fees_fen"]
    assert int(daily["operator_take_fen"].sum()) == s["operator_take_fen"]
    assert (daily["ledger_imbalance_fen"] == 0).all()


@pytest.mark.parametrize("name", preset_names())
def test_files_add_up_with_every_optional_flow(name):
    overrides = () if name == "classic-ponzi" else EVERY_FLOW
    result = run(name, overrides)
    check_books(result)
    if name != "classic-ponzi":  # every optional flow did move money
        total = result.model.ledger.total
        for flow in ("task_reward", "gift_package", "commission_gift", "ads"):
            assert total[flow] > 0, flow


def test_files_add_up_with_coin_cash():
    result = run("quanmin-pingou", COIN_CASH)
    assert result.model.ledger.total["coin_cash"] > 0
    check_books(result)


def test_reserve_paid_out_at_the_exit_is_received_not_withdrawn():
    result = run("quanmin-pingou", EVERY_FLOW + BEFORE_NETWORK)  # an exit within the run
    s = result.summary
    assert s["collapse_day"] is not None and s["reserve_payout_fen"] > 0
    parts = result.participants
    got = parts["reserve_payout_fen"] > 0
    assert (parts.loc[got, "received_fen"] > parts.loc[got, "withdrawn_fen"]).all()


def test_a_pocket_move_that_feeds_no_tally_is_refused():
    """The ledger refuses to move a member's pocket under a flow that keeps no tally: no
    mechanism can pay a member behind the tallies' back."""
    model = sim.SchemeModel("quanmin-pingou", participants=10, days=1, seed=1,
                            overrides=['network.kind="well-mixed"'])
    model.step()
    with pytest.raises(sim.engine.ledger.LedgerError, match="feeds no tally"):
        model.ledger.move("gift", "platform_cash", "pocket", np.array([1]),
                          dst_who=np.array([0]))


def test_a_wallet_move_that_feeds_no_tally_is_refused():
    """The same for the wallet, either way: every fen into or out of a wallet is tallied, which
    is what lets ``check_tallies`` rebuild every wallet from the tallies."""
    model = sim.SchemeModel("quanmin-pingou", participants=10, days=1, seed=1,
                            overrides=['network.kind="well-mixed"'])
    model.step()
    with pytest.raises(sim.engine.ledger.LedgerError, match="wallet but feeds no tally"):
        model.ledger.move("gift", "issuer", "wallet", np.array([1]), dst_who=np.array([0]))
    model.ledger.move("balance_set", "issuer", "wallet", np.array([5]), dst_who=np.array([0]))
    with pytest.raises(sim.engine.ledger.LedgerError, match="wallet but feeds no tally"):
        model.ledger.move("take", "wallet", "issuer", np.array([1]), src_who=np.array([0]))


def test_a_wallet_changed_behind_the_tallies_is_caught():
    """``check_tallies`` rebuilds every wallet from its tallies (credits in, stakes and
    withdrawal requests out): a wallet changed without a move is reported with the member."""
    result_model = sim.SchemeModel("quanmin-pingou", participants=300, days=40, seed=2)
    for _ in range(40):
        result_model.step()
    n = result_model.members.count
    result_model.ledger.check_tallies(n)  # as run: every wallet is its tallies
    held = np.flatnonzero(result_model.ledger.wallet[:n] > 0)
    assert held.size
    result_model.ledger.wallet[held[0]] += 1
    with pytest.raises(sim.engine.ledger.LedgerError, match=f"member {held[0]}: wallet"):
        result_model.ledger.check_tallies(n)
