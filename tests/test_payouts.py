"""Payouts against numbers worked out by hand from the rulebook.

Every expected number below is derived in the test from the rules (RULEBOOK §3.7, §4, §5,
§8, §10, §13.1) and the case-1 rates (§14.2): P = 100 yuan, 10 choose 3, product cost 30%
(30 yuan to the supplier), loser reward 3 yuan, dynamic release 5% of P = 5 yuan per play
(capped by the gold held, using the balance before a win is credited, §5.6 A22), promotion
commissions 2 yuan / 1 yuan per seat to a *valid* direct / indirect upline (§8 A29, §10.1).
Which seats win is random, so the tests read the winners from the model and then work out
every balance from the rules. Money is in fen.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

import pytest

from conftest import P, YUAN, controlled_model, fund_platform, give

COST = 30 * YUAN  # 30% of P, paid to the supplier per won seat
LOSER = 3 * YUAN  # loser's cash reward (case 1)
RELEASE = 5 * YUAN  # dynamic release 1, 5% of P
L1, L2 = 2 * YUAN, 1 * YUAN  # promotion commissions, 2% and 1% of P
GOLD_PER_WIN = P  # winner item C: shopping gold = 100% of P


def row(model) -> dict:
    return model.rows[-1]


def table(model):
    """The participants table (participants.csv) of the model as it stands, by member id."""
    from sim.analysis.who_lost import participants_table

    return participants_table(model).set_index("id")


# ---------------------------------------------------------------------------------------
# One draw
# ---------------------------------------------------------------------------------------


def test_one_draw_case1_rates_every_balance():
    """A 10-person group at case-1 rates, members with known shopping gold and uplines."""
    # 0 T: top, never plays, valid promoter today      1 U: upline T, never plays, valid
    # 2 V: no upline, never plays, NOT a valid promoter (never played)
    # 3..7 play with direct upline U (so indirect upline T); 8..12 play with direct upline V
    uplines = [-1, 0, -1] + [1] * 5 + [2] * 5
    trust = [0, 0, 0] + [1] * 10
    model = controlled_model(uplines, trust=trust)
    m, led = model.members, model.ledger
    m.promoter_until[[0, 1]] = 0  # valid through day 0
    players = list(range(3, 13))
    gold0 = {3: 0, 4: 200, 5: 499, 6: 500, 7: 501, 8: 750, 9: 5000, 10: 10000, 11: 0, 12: 123}
    wallet0 = {11: 9999, 12: 15000}  # 12 can pay the stake from the wallet; 11 cannot
    give(model, "shopping_gold", gold0)
    give(model, "wallet", wallet0)

    model.step()

    t = table(model)
    winners = [i for i in players if t.at[i, "wins"] == 1]
    assert len(winners) == 3
    assert all(t.at[i, "seats"] == 1 for i in players)
    assert all(t.at[i, "seats"] == 0 for i in (0, 1, 2))

    # by hand, member by member
    releases_total = 0
    cash_in = 0
    for i in players:
        g, w = gold0.get(i, 0), wallet0.get(i, 0)
        from_wallet = w >= P  # the stake comes from the wallet only if it holds a whole stake
        rel = min(RELEASE, g)  # release before the credit, capped by the balance (§5.6)
        releases_total += rel
        if i in winners:
            exp_gold = g - rel + GOLD_PER_WIN
            exp_wallet = w - (P if from_wallet else 0) + rel
            exp_pocket = 0 if from_wallet else -P  # the stake is kept
            exp_goods_cost, exp_goods_sticker, exp_dp = COST, P, 100
            cash_in += 0 if from_wallet else P
        else:
            exp_gold = g - rel
            exp_wallet = w + rel + LOSER  # stake refunded to where it came from
            exp_pocket = 0
            exp_goods_cost, exp_goods_sticker, exp_dp = 0, 0, 0
        assert led.shopping_gold[i] == exp_gold, f"member {i} gold"
        assert led.wallet[i] == exp_wallet, f"member {i} wallet"
        assert led.pocket[i] == exp_pocket, f"member {i} pocket"
        assert t.at[i, "net_cash_fen"] == exp_pocket
        assert t.at[i, "goods_cost_fen"] == exp_goods_cost
        assert t.at[i, "goods_sticker_fen"] == exp_goods_sticker
        assert t.at[i, "dividend_points"] == exp_dp
        assert t.at[i, "consumption_points"] == 100  # 100% of P in points, win or lose (§7)

    # uplines: U is the direct upline of 5 seats, T their indirect upline; V is not valid,
    # so the platform keeps V's 5 x 2 yuan (§8 A29, §10.1)
    assert led.wallet[1] == t.at[1, "commissions_fen"] == 5 * L1 == 1000
    assert led.wallet[0] == t.at[0, "commissions_fen"] == 5 * L2 == 500
    assert led.wallet[2] == t.at[2, "commissions_fen"] == 0
    assert (led.pocket[[0, 1, 2]] == 0).all()

    # the platform: winners' outside stakes in, products out; the suppliers: 3 x 30 yuan
    assert led["suppliers"] == 3 * COST == 9000
    assert led["platform_cash"] == cash_in - 3 * COST
    assert led["operator"] == 0 and led["stakes_held"] == 0
    # out of the members' pockets: only the stakes of winners who paid from outside
    assert int(led.pocket.sum()) == -cash_in

    r = row(model)
    assert r["seats"] == 10 and r["groups"] == 1 and r["winning_seats"] == 3
    assert r["products_fen"] == 9000
    assert r["loser_rewards_fen"] == 7 * LOSER == 2100
    # min(5 yuan, gold held) per player, members 3..12 in order
    assert r["releases_fen"] == releases_total == (0 + 200 + 499 + 500 + 500 + 500 + 500 + 500
                                                   + 0 + 123) == 3322
    assert r["commissions_fen"] == 1500
    # the day's cash in from outside, gross (9 stakes; member 12 paid from the wallet), and
    # the losers' outside stakes refunded: what stays is the winners' outside stakes
    from_outside = sum(1 for i in players if wallet0.get(i, 0) < P)
    assert r["paid_in_fen"] == from_outside * P == 90000
    assert r["paid_in_fen"] - r["stakes_refunded_fen"] == cash_in
    # the sellers' booked "profit": 300 - 90 - 21 - 33.22 - 15 = 140.78 yuan
    assert r["booked_profit_fen"] == 30000 - 9000 - 2100 - 3322 - 1500 == 14078
    assert r["platform_cash_fen"] == cash_in - 9000
    exp_gold_total = sum(gold0.values()) - 3322 + 3 * P
    assert r["shopping_gold_fen"] == exp_gold_total
    exp_wallets = sum(wallet0.values()) + 3322 + 2100 + 1500 - (P if 12 in winners else 0)
    assert r["wallets_fen"] == exp_wallets
    assert r["promises_fen"] == exp_wallets + exp_gold_total
    assert r["dividend_points"] == 300 and r["consumption_points"] == 1000
    assert r["ledger_imbalance_fen"] == 0


def test_case1_books_the_rulebook_246_yuan_of_outflows():
    """RULEBOOK §16.1, case 1, one draw with everything the case assumes: each of the 10
    players already holds >= 5 yuan of gold and has a complete, valid chain above it (a V1
    and a V2 upline, a district and a city agent). Outflows per the case: products
    3 x 30 = 90, loser rewards 7 x 3 = 21, releases 10 x 5 = 50, monthly pool 3% x 300 = 9,
    daily pool 2% x 300 = 6, commissions 10 x 7 = 70 (promotion 2 + 1, team differential
    V2 2% on top of V1 1%: 1 + 1, regional city 2% on top of district 1%: 1 + 1).
    Total 246; booked profit 300 - 246 = 54 yuan (the source's 51 is its arithmetic slip)."""
    # 0 T: V2, indirect upline     1 U: V1, direct upline of every player
    # 2 D: district agent          3 C: city agent             4..13: the 10 players
    uplines = [-1, 0, -1, -1] + [1] * 10
    model = controlled_model(uplines, trust=[0, 0, 0, 0] + [1] * 10, overrides=[
        "pools.daily_rate=0.02", "pools.monthly_rate=0.03", 'points.calendar_start="2025-01-01"',
        "team.tier1_rate=0.01", "team.tier2_rate=0.02",
        "regional.district_rate=0.01", "regional.city_rate=0.02", "regional.province_rate=0"])
    m, led = model.members, model.ledger
    m.promoter_until[[0, 1]] = 0
    m.team_tier[0], m.team_tier[1] = 2, 1
    model.geography.district_agent[0] = 2  # every member lives in district 0 of city 0
    model.geography.city_agent[0] = 3
    players = range(4, 14)
    give(model, "shopping_gold", {i: 50 * YUAN for i in players})

    model.step()

    r = row(model)
    assert r["winning_seats"] == 3
    assert r["products_fen"] == 9000
    assert r["loser_rewards_fen"] == 2100
    assert r["releases_fen"] == 5000
    assert r["pools_fen"] == 900 + 600
    assert r["commissions_fen"] == 7000
    assert r["booked_profit_fen"] == 30000 - 24600 == 5400
    # who got the 70 yuan: U 2 + 1 (V1), T 1 + 1 (V2 minus V1), D 1, C 2 - 1, per seat
    assert [int(led.wallet[i]) for i in range(4)] == [2000, 3000, 1000, 1000]
    t = table(model)
    for i in players:
        if t.at[i, "wins"]:
            assert led.wallet[i] == RELEASE + 200  # release + a third of the 6-yuan daily pool
            assert led.shopping_gold[i] == 50 * YUAN - RELEASE + P
        else:
            assert led.wallet[i] == RELEASE + LOSER
            assert led.shopping_gold[i] == 50 * YUAN - RELEASE
    assert led["daily_pool"] == 0  # paid out that night
    assert led["monthly_pool"] == 900  # paid at the month's end, not today
    assert led["platform_cash"] == 3 * P - 3 * COST == 21000
    assert r["ledger_imbalance_fen"] == 0


# ---------------------------------------------------------------------------------------
# One whole day
# ---------------------------------------------------------------------------------------


def test_one_day_small_population_by_hand():
    """30 members, 25 of them play one seat each: two groups are drawn, 5 seats wait in the
    queue with their stakes held, then withdrawals (min 10 yuan, fee 6.5%) are paid."""
    # 0 B top, 1 A (upline B), 2..4 non-players holding wallets, 5..29 players:
    # 5..14 direct upline A (indirect B), 15..29 no upline
    uplines = [-1, 0, -1, -1, -1] + [1] * 10 + [-1] * 15
    trust = [0] * 5 + [1] * 25
    model = controlled_model(uplines, trust=trust, overrides=[
        "withdrawal.min_yuan=10", "withdrawal.fee_rate=0.065", "behaviour.withdraw_propensity=1"])
    m, led = model.members, model.ledger
    m.promoter_until[[0, 1]] = 0
    players = list(range(5, 30))
    gold0 = {i: 40 * (i - 5) for i in players}  # 0, 40, 80, ..., 960 fen
    give(model, "shopping_gold", gold0)
    wallet0 = {2: 15000, 3: 1000, 4: 999}  # above, at and just below the 10-yuan minimum
    give(model, "wallet", wallet0)

    model.step()

    t = table(model)
    settled = [i for i in players if t.at[i, "seats"] == 1]
    queued = [i for i in players if t.at[i, "seats"] == 0]
    winners = [i for i in players if t.at[i, "wins"] == 1]
    assert all(t.at[i, "queued_stakes_fen"] == P for i in queued)
    assert len(settled) == 20 and len(queued) == 5 and len(winners) == 6
    assert set(winners) <= set(settled)

    # wallets after the draws, before withdrawals
    wallet = {i: 0 for i in range(30)}
    wallet.update(wallet0)
    gold = {i: 0 for i in range(30)}
    gold.update(gold0)
    pocket = {i: 0 for i in range(30)}
    releases = 0
    for i in players:
        pocket[i] = -P  # every stake came from outside (no player's wallet held 100 yuan)
        if i in queued:
            continue  # stake held, nothing settled yet
        rel = min(RELEASE, gold[i])
        releases += rel
        gold[i] -= rel
        wallet[i] += rel
        if i in winners:
            gold[i] += P
        else:
            wallet[i] += LOSER
            pocket[i] = 0  # refunded to the pocket it came from
    k = sum(1 for i in settled if uplines[i] == 1)  # settled seats below A
    wallet[1] += k * L1
    wallet[0] += k * L2

    # withdrawals: everyone holding >= 10 yuan asks for the whole wallet; fee rounded down
    requested = paid_net = fees = 0
    for i in range(30):
        if wallet[i] >= 10 * YUAN:
            fee = int((Decimal(wallet[i]) * Decimal("0.065")).to_integral_value(ROUND_FLOOR))
            requested += wallet[i]
            fees += fee
            paid_net += wallet[i] - fee
            pocket[i] += wallet[i] - fee
            wallet[i] = 0
    # cash after the draws: 25 stakes in, 14 refunded, 6 products: 250000 - 140000 - 18000 =
    # 92000 fen, of which the 5 queued stakes (50000) are held back; the test's premise is that
    # this covers every request (else some would wait and the figures below would differ)
    cash_after_draws = 25 * P - 14 * P - 6 * COST
    assert paid_net <= cash_after_draws - 5 * P  # premise of the test, not a check of the engine

    for i in range(30):
        assert led.wallet[i] == wallet[i], f"member {i} wallet"
        assert led.shopping_gold[i] == gold[i], f"member {i} gold"
        assert led.pocket[i] == pocket[i], f"member {i} pocket"
    assert led.wallet[4] == 999  # below the minimum: stays
    assert led.pocket[2] == 15000 - 975 and led.pocket[3] == 1000 - 65

    r = row(model)
    expected = {
        "new_members": 0, "members": 30, "active_members": 25, "seats": 25, "groups": 2,
        "winning_seats": 6, "paid_in_fen": 25 * P, "stakes_refunded_fen": 14 * P, "withdrawn_fen": paid_net,
        "withdraw_requested_fen": requested, "withdraw_waiting_fen": 0,
        "products_fen": 6 * COST, "loser_rewards_fen": 14 * LOSER, "releases_fen": releases,
        "commissions_fen": k * (L1 + L2), "pools_fen": 0, "fees_fen": fees,
        "booked_profit_fen": 6 * P - 6 * COST - 14 * LOSER - releases - k * (L1 + L2),
        "operator_take_fen": 0, "platform_cash_fen": cash_after_draws - paid_net,
        "operator_total_fen": 0, "wallets_fen": sum(wallet.values()),
        "shopping_gold_fen": sum(gold.values()), "stakes_held_fen": 5 * P,
        "promises_fen": sum(wallet.values()) + sum(gold.values()) + 5 * P,
        "dividend_points": 600, "consumption_points": 2000, "collapsed": 0,
        "ledger_imbalance_fen": 0,
    }
    assert {c: r[c] for c in expected} == expected
    assert led["suppliers"] == 6 * COST


# ---------------------------------------------------------------------------------------
# One member's release sequence (RULEBOOK §5.3, §5.4, §5.6)
# ---------------------------------------------------------------------------------------


def _alone(overrides, gold=0, trust=1.0):
    model = controlled_model([-1], trust=[trust],
                             overrides=["draw.group_size=1", "draw.winners=0", *overrides])
    if gold:
        give(model, "shopping_gold", {0: gold})
    return model


def _days(model, k):
    out = []
    for _ in range(k):
        model.step()
        led = model.ledger
        out.append((model.rows[-1]["releases_fen"], int(led.shopping_gold[0]),
                    int(led.wallet[0]), int(led.pocket[0])))
    return out


def test_release_sequence_loser_with_12_yuan_of_gold():
    """Always losing (w = 0) with 12 yuan of gold: 5, 5, 2, 0 yuan released; +3 yuan a day."""
    got = _days(_alone(["draw.winners=0"], gold=1200), 4)
    assert [g[0] for g in got] == [500, 500, 200, 0]
    assert [g[1] for g in got] == [700, 200, 0, 0]
    assert [g[2] for g in got] == [800, 1600, 2100, 2400]  # releases + 3 yuan a day
    assert [g[3] for g in got] == [0, 0, 0, 0]  # every stake refunded


def test_stake_paid_from_the_wallet_is_refunded_to_the_wallet():
    """RULEBOOK §3.3 proposal and §3.7: a wallet holding a whole stake pays it; a loser's
    stake goes back the way it came. 150 yuan in the wallet, losing every day: 150 + 3 a
    day, no money from outside, none back to the pocket, no cash on the platform."""
    model = _alone(["draw.winners=0"])
    give(model, "wallet", {0: 15000})
    got = _days(model, 3)
    assert [g[2] for g in got] == [15300, 15600, 15900]
    assert [g[3] for g in got] == [0, 0, 0]
    assert [r["paid_in_fen"] for r in model.rows] == [0, 0, 0]
    assert model.ledger["platform_cash"] == 0
    assert table(model).at[0, "paid_in_fen"] == 0


def test_release_sequence_winner_release_before_credit():
    """Always winning (w = n = 1), A22: day 1 releases 0 (no gold yet) then +100 gold; later
    days release 5 from the balance held before the new 100 is credited."""
    got = _days(_alone(["draw.winners=1"]), 4)
    assert [g[0] for g in got] == [0, 500, 500, 500]
    assert [g[1] for g in got] == [10000, 19500, 29000, 38500]
    assert [g[2] for g in got] == [0, 500, 1000, 1500]
    assert [g[3] for g in got] == [-10000, -20000, -30000, -40000]  # stakes kept


def test_release_sequence_winner_credit_before_release():
    """With release.before_credit = false the day's new gold can be released at once."""
    got = _days(_alone(["draw.winners=1", "release.before_credit=false"]), 3)
    assert [g[0] for g in got] == [500, 500, 500]
    assert [g[1] for g in got] == [9500, 19000, 28500]
    assert [g[2] for g in got] == [500, 1000, 1500]


def test_static_release_declining_balance_rounded_down():
    """RULEBOOK §5.3: 1% of the balance each night, rounded down to the fen, no play.
    12345 -> 123.45 -> 123; 12222 -> 122; 12100 -> 121; 11979 -> 119; 11860 -> 118."""
    got = _days(_alone(["release.static_daily_rate=0.01"], gold=12345, trust=0.0), 5)
    assert [g[0] for g in got] == [123, 122, 121, 119, 118]
    assert [g[1] for g in got] == [12222, 12100, 11979, 11860, 11742]
    assert [g[2] for g in got] == [123, 245, 366, 485, 603]


def test_static_release_three_per_mille_matches_decimal_arithmetic():
    """Appendix-2 style 3 per mille, 12 nights, checked against exact decimal arithmetic."""
    model = _alone(["release.static_daily_rate=0.003"], gold=987_654, trust=0.0)
    got = _days(model, 12)
    balance, paid = Decimal(987_654), Decimal(0)
    for rel, gold, wallet, _ in got:
        expect = (balance * Decimal("0.003")).to_integral_value(ROUND_FLOOR)
        balance -= expect
        paid += expect
        assert rel == int(expect) and gold == int(balance) and wallet == int(paid)
    assert got[0][0] == 2962  # 2962.962 -> 2962


def test_static_release_after_the_play_release():
    """A loser playing daily with static 1%: the play releases 5 yuan, the night 1% of what
    is left. 12345 -> 11845 -> -118 = 11727 -> 11227 -> -112 = 11115 -> 10615 -> -106."""
    got = _days(_alone(["draw.winners=0", "release.static_daily_rate=0.01"], gold=12345), 3)
    assert [g[0] for g in got] == [618, 612, 606]
    assert [g[1] for g in got] == [11727, 11115, 10509]
    assert [g[2] for g in got] == [918, 1830, 2736]  # releases + 3 yuan a day


# ---------------------------------------------------------------------------------------
# Withdrawals (RULEBOOK §13.1, MODEL.md §4)
# ---------------------------------------------------------------------------------------


def _bank(n_holders, overrides, cash=100_000):
    """``n_holders`` members who never play, plus an investor (the last member) whose
    outside money is the platform's cash."""
    model = controlled_model([-1] * (n_holders + 1), trust=[0] * (n_holders + 1),
                             overrides=["behaviour.withdraw_propensity=1", *overrides])
    if cash:
        fund_platform(model, n_holders, cash)
    return model


@pytest.mark.parametrize("min_yuan,fee_rate,wallets,expected_net", [
    # 6.5%: 10000 -> fee 650; 10001 -> 650.065 -> 650; 12345 -> 802.425 -> 802
    (100, "0.065", [9999, 10000, 10001, 12345], [None, 9350, 9351, 11543]),
    # 8%, minimum 500 yuan: 50000 -> fee 4000; 49999 stays; 12345 below the minimum
    (500, "0.08", [49999, 50000, 12345], [None, 46000, None]),
    # minimum 0: a single fen can be withdrawn (fee 0.065 fen -> 0)
    (0, "0.065", [1, 0], [1, None]),
    # fee 100%: the member gets nothing, the platform keeps the whole amount
    (100, "1", [12345], [0]),
])
def test_withdrawal_minimum_and_fee(min_yuan, fee_rate, wallets, expected_net):
    n = len(wallets)
    model = _bank(n, [f"withdrawal.min_yuan={min_yuan}", f"withdrawal.fee_rate={fee_rate}"])
    give(model, "wallet", {i: w for i, w in enumerate(wallets) if w})
    model.step()
    led = model.ledger
    requested = paid = 0
    for i, (w, net) in enumerate(zip(wallets, expected_net)):
        if net is None:  # below the minimum (or empty): no request, the wallet stays
            assert led.wallet[i] == w and led.pocket[i] == 0
        else:
            fee = int((Decimal(w) * Decimal(fee_rate)).to_integral_value(ROUND_FLOOR))
            assert net == w - fee
            assert led.wallet[i] == 0 and led.pocket[i] == net
            requested += w
            paid += net
    r = row(model)
    assert r["withdraw_requested_fen"] == requested
    assert r["withdrawn_fen"] == paid
    assert r["fees_fen"] == requested - paid
    assert r["withdraw_waiting_fen"] == 0
    assert led["platform_cash"] == 100_000 - paid  # the fee stays with the platform


def test_withdrawal_queue_is_fifo_and_a_request_that_cannot_be_paid_blocks_it():
    """Requests are paid in arrival order from the cash; one that cannot be paid in full
    blocks the ones behind it, even if they would fit."""
    model = _bank(2, ["withdrawal.min_yuan=100", "withdrawal.fee_rate=0.065"], cash=50_000)
    led = model.ledger
    A, B = 0, 1
    # day 0: A asks for 1000 yuan: fee 65 yuan, net 935 yuan; the platform has 500 yuan
    give(model, "wallet", {A: 100_000})
    model.step()
    assert led.pocket[A] == 0 and led["withdrawals_waiting"] == 100_000
    assert row(model)["withdraw_waiting_fen"] == 100_000
    # day 1: B asks for 200 yuan (net 187); 500 yuan would cover B, but B is behind A
    give(model, "wallet", {B: 20_000})
    model.step()
    assert led.pocket[B] == 0 and led.pocket[A] == 0
    assert row(model)["withdraw_waiting_fen"] == 120_000
    assert row(model)["withdraw_oldest_wait_days"] == 1
    assert led["platform_cash"] == 50_000
    # day 2: 500 more yuan: A is paid 935; 65 yuan left is less than B's 187
    fund_platform(model, 2, 50_000)
    model.step()
    assert led.pocket[A] == 93_500
    assert led.pocket[B] == 0
    assert led["platform_cash"] == 100_000 - 93_500 == 6_500
    assert row(model)["withdraw_waiting_fen"] == 20_000
    # day 3: exactly B's net arrives: B is paid, the cash is used up
    fund_platform(model, 2, 18_700 - 6_500)
    model.step()
    assert led.pocket[B] == 20_000 - 1_300 == 18_700
    assert led["platform_cash"] == 0
    assert row(model)["withdraw_waiting_fen"] == 0
    assert row(model)["ledger_imbalance_fen"] == 0


# ---------------------------------------------------------------------------------------
# Promoter validity and commissions (RULEBOOK §8 A29, §10)
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("upline_plays,paid_days", [
    # a new user playing on day d is valid on d and d+1
    ({0}, {0, 1}),
    ({2}, {2, 3}),
    # later plays add one day each: valid on the play day (expiry max(e, d-1) + 1)
    ({0, 3}, {0, 1, 3}),
    ({0, 1}, {0, 1, 2}),
    # playing every day keeps the status
    ({0, 1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 5}),
    # never playing: never valid, the platform keeps every commission
    (set(), set()),
])
def test_promoter_validity_decides_commissions(upline_plays, paid_days):
    """U's direct downline D loses one 100-yuan seat a day for 6 days (group of 1, w = 0);
    U plays only on ``upline_plays``. U earns 2 yuan on D's seat on exactly ``paid_days``."""
    model = controlled_model([-1, 0], trust=[0, 1], overrides=["draw.group_size=1",
                                                             "draw.winners=0"])
    m, led = model.members, model.ledger
    earned = []
    for day in range(6):
        m.trust[0] = 1.0 if day in upline_plays else 0.0
        before = int(table(model).at[0, "commissions_fen"]) if day else 0
        model.step()
        earned.append(int(table(model).at[0, "commissions_fen"]) - before)
    assert earned == [L1 if d in paid_days else 0 for d in range(6)]
    # U's wallet: the commissions, plus U's own 3 yuan loser reward per play
    assert led.wallet[0] == L1 * len(paid_days) + LOSER * len(upline_plays)
    assert sum(r["commissions_fen"] for r in model.rows) == L1 * len(paid_days)


def test_commissions_without_the_promoter_requirement():
    """With commission.require_promoter = false an upline who never plays is paid on every
    seat: 2 yuan to the direct and 1 yuan to the indirect upline."""
    model = controlled_model([-1, 0, 1], trust=[0, 0, 1], overrides=[
        "draw.group_size=1", "draw.winners=0", "commission.require_promoter=false"])
    for _ in range(3):
        model.step()
    led = model.ledger
    assert led.wallet[1] == 3 * L1 and led.wallet[0] == 3 * L2


def test_daily_dividend_split_pro_rata_to_stakes_won():
    """Daily pool: 2% of each won stake, paid that night to the day's winners in proportion
    to the stakes they won (A27), each share rounded down."""
    # group of 1, everyone wins; stake 33.33 yuan -> 2% = 66.66 fen -> 66 fen per won seat.
    # Member 0 takes 2 seats (cap 2), members 1 and 2 can afford only one.
    model = controlled_model([-1, -1, -1], overrides=[
        "draw.group_size=1", "draw.winners=1", "draw.daily_cap=2", "draw.stake_yuan=33.33",
        "pools.daily_rate=0.02", "release.per_play_rate=0"])
    model.members.budget[[1, 2]] = 3333
    model.step()
    led = model.ledger
    assert table(model)["wins"].tolist() == [2, 1, 1]
    # pool 4 x 66 = 264 fen; stakes won 6666 : 3333 : 3333 -> 132, 66, 66
    assert row(model)["pools_fen"] == 264
    assert [int(led.wallet[i]) for i in range(3)] == [132, 66, 66]
    assert led["daily_pool"] == 0
    assert [int(led.pocket[i]) for i in range(3)] == [-6666, -3333, -3333]
