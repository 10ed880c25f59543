"""Shared helpers for the engine tests.

The payout tests build a *controlled* model: nobody is recruited, everybody who plays takes
exactly one seat a day (a huge Poisson mean capped by a daily cap of 1), nobody withdraws
unless a test says so, the operator neither extracts nor exits, and the case-1 rates of the
rulebook (RULEBOOK §14.2) are spelled out field by field, so that a change to a preset cannot
move the expected numbers. The members are added by hand, with known uplines, before the
first day; a test can then put known balances on them through the ledger.

Money is in fen throughout (1 yuan = 100 fen).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

import numpy as np

import sim

YUAN = 100  # fen per yuan
P = 100 * YUAN  # the case-1 stake, 100 yuan

#: Overrides under which a day can be worked out by hand, whatever the preset: nobody new,
#: one seat a day for a member with trust 1 and none with trust 0, nobody withdraws, and the
#: operator neither extracts nor exits.
BEHAVIOUR = (
    # nobody new: the members are added by the test
    "recruitment.founders_share=0",
    "recruitment.conversion=0",
    "recruitment.stall_day=none",
    # no network: the members the test adds are all there is (a test of the network sets
    # network.kind after these)
    'network.kind="well-mixed"',
    # exactly one seat a day for a member with trust 1, none for a member with trust 0
    "behaviour.seats_per_day=1000",
    "behaviour.shopping_gold_hook=0",
    "behaviour.trust_initial=1",
    "behaviour.quit_threshold=0",
    "behaviour.trust_newcomer_loss=0",
    "behaviour.trust_wait_loss=0",
    "behaviour.trust_paid_gain=0",
    "behaviour.withdraw_propensity=0",
    "draw.daily_cap=1",
    # the operator stays out of the way
    'operator.extraction="none"',
    'operator.exit_rule="never"',
)

#: The model of release 0.2, before the social network: anyone may invite anyone, an outside
#: event stops recruitment on day 60, and every member reads the whole scheme's newcomers; a
#: test that needs an exit within a short run (what happens at the operator's exit) uses it.
BEFORE_NETWORK = ('network.kind="well-mixed"', "recruitment.stall_day=60",
                  'behaviour.newcomers_watched="everyone"', "network.local_trust=false")

#: BEHAVIOUR and case 1's rates: the day's payouts derivable by hand (see the module docstring).
CONTROL = BEHAVIOUR + (
    # case 1 (RULEBOOK §14.2, §16.1): P = 100, 10 choose 3, cost 30%, loser 3 yuan,
    # dynamic release 5% of P, commissions 2% / 1%; no static release, no pools
    "draw.stake_yuan=100",
    "draw.group_size=10",
    "draw.winners=3",
    "draw.cost_ratio=0.3",
    "rewards.loser_reward_rate=0",
    "rewards.loser_reward_yuan=3",
    "rewards.winner_shopping_gold_rate=1",
    "rewards.winner_dividend_points_rate=1",
    "rewards.consumption_points_rate=1",
    "release.per_play_rate=0.05",
    "release.per_play_yuan=0",
    "release.static_daily_rate=0",
    "release.before_credit=true",
    "commission.level1_rate=0.02",
    "commission.level2_rate=0.01",
    "commission.level1_yuan=0",
    "commission.level2_yuan=0",
    "commission.require_promoter=true",
    "pools.daily_rate=0",
    "pools.monthly_rate=0",
    "regional.district_rate=0",
    "regional.city_rate=0",
    "regional.province_rate=0",
    "regional.agents=false",
    "withdrawal.min_yuan=100",
    "withdrawal.fee_rate=0.065",
)

#: The flows of cash the rules credit members, by the participants.csv column of their tally,
#: written out here by hand (RULEBOOK §4.2, §5, §6, §10, §11, §2), and the credits that are not
#: a promise (the members' own stakes back in their wallets, a policy's reserve paid at an
#: exit, balances set by hand): tests/test_lasted.py and tests/test_readme_presets.py.
CREDIT_COLUMNS = {
    "loser_rewards_fen": ("loser_reward",),
    "commissions_fen": ("commission", "commission_team", "commission_store",
                        "commission_regional", "commission_gift"),
    "released_fen": ("release_play", "release_downline", "release_static"),
    "dividends_fen": ("daily_dividend", "monthly_dividend"),
    "task_rewards_fen": ("task_reward",),
}
NOT_PROMISES = ("refund_to_wallet", "failed_refund_to_wallet", "reserve_payout", "balance_set")

#: A budget no test comes near (10 million yuan), so affordability never limits a seat.
BIG_BUDGET = 1_000_000_000


def controlled_model(uplines, *, trust=None, overrides=(), budget=BIG_BUDGET, seed=1,
                     days=365, preset="quanmin-pingou", control=CONTROL, participants=None):
    """A model whose members are added by hand: member ``i`` has direct upline ``uplines[i]``
    (-1 for none; an upline must come before its downline) and trust ``trust[i]`` (1 = plays
    one seat a day, 0 = never plays). ``overrides`` come after ``control`` (:data:`CONTROL`:
    the behaviour held still and case 1's rates; :data:`BEHAVIOUR`: the behaviour only, the
    preset's own rates). ``participants`` (default: as many as added) leaves room for
    recruits."""
    n = len(uplines)
    trust = [1.0] * n if trust is None else list(trust)
    model = sim.SchemeModel(preset, participants=participants or n, days=days, seed=seed,
                            overrides=list(control) + list(overrides))
    for i, up in enumerate(uplines):
        assert up < i, "an upline must be added before its downline"
        model.members.add(1, 0, np.array([up], dtype=np.int64), np.array([0], dtype=np.int16),
                          np.array([budget], dtype=np.int64), float(trust[i]))
    assert model.members.count == n
    # the members are the people 0..n-1 of the population: tell the network's map and the
    # tally of contacts in the scheme (sim.engine.seen), as recruitment would
    if model.row_of_person is not None:
        model.row_of_person[:n] = np.arange(n)
    if model.contact_tally is not None:
        model.contact_tally.add_joined(model.members.person[:n])
    return model


def give(model, account: str, amounts: dict) -> None:
    """Put known balances on members before a day: ``account`` is 'wallet' or
    'shopping_gold'; ``amounts`` maps member id -> fen. The platform's own account (the
    issuer) owes them, so the books stay balanced; a wallet balance is the ledger's
    ``balance_set`` flow, so the member's wallet tallies still add up."""
    ids = np.array(list(amounts), dtype=np.int64)
    fen = np.array(list(amounts.values()), dtype=np.int64)
    flow = "balance_set" if account == "wallet" else "test_setup"
    model.ledger.move(flow, "issuer", account, fen, dst_who=ids, unique=True)


def fund_platform(model, investor: int, fen: int) -> None:
    """Put ``fen`` of real cash on the platform, paid from member ``investor``'s outside
    pocket (so the cash book stays balanced)."""
    model.ledger.move("paid_in", "pocket", "platform_cash", np.array([fen], dtype=np.int64),
                      src_who=np.array([investor], dtype=np.int64))


def pingou_cmd(*args) -> list[str]:
    return [sys.executable, "-m", "sim", *args]


def pingou(*args, cwd=None, env=None, timeout=300) -> subprocess.CompletedProcess:
    """Run ``python -m sim ARGS`` in a separate process; ``env`` adds environment variables."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run(pingou_cmd(*args), capture_output=True, text=True, cwd=cwd,
                          env=full_env, timeout=timeout)


def csv_bytes(result) -> bytes:
    """The exact bytes of a run's participants.csv (``sim.api.write_csv``), to compare runs."""
    buf = io.BytesIO()
    sim.api.write_csv(result.participants, buf)
    return buf.getvalue()
