"""The consumption-rebate preset (云联惠, ANCHORS.md): pay 16% of a purchase, promised 116% back
through points released at 0.05% a day (sim/scheme/presets/consumption-rebate.toml)."""

from __future__ import annotations

import sim


def test_promise_and_release_follow_the_anchored_numbers():
    r = sim.run("consumption-rebate", participants=2000, days=120, seed=1)
    parts = r.participants
    bought = parts["seats"] > 0
    assert bought.sum() > 0 and r.summary["ledger_imbalance_fen"] == 0
    # each 100-yuan "purchase" costs 16 yuan and is promised 116 yuan (fen); a member whose
    # wallet holds 16 yuan of released rebate pays the next stake from it (wallet first)
    assert (parts["paid_in_fen"] <= parts["seats"] * 1600).all()
    from_wallet = r.model.ledger.total["stake_from_wallet"]
    assert int(parts["paid_in_fen"].sum()) + from_wallet == int(parts["seats"].sum()) * 1600
    promised = parts["released_fen"] + parts["shopping_gold_fen"]
    assert (promised == parts["seats"] * 11600).all()
    # a balance held t nights at 0.05% of what is left releases at most 1 - 0.9995^t of itself
    held = 120 - parts["join_day"]
    bound = (parts["seats"] * 11600 * (1 - 0.9995 ** held)).to_numpy()
    assert (parts["released_fen"].to_numpy() <= bound + 1).all()
    assert parts["released_fen"].sum() > 0


def test_five_purchases_are_paid_back_at_five_per_ten_thousand_of_what_is_left():
    """One member makes five 16-yuan "purchases" on day 0 (the daily cap) and none after. By
    hand (ANCHORS.md 云联惠; RULEBOOK §5.3, declining balance, rounded down to the fen):
    5 x 1600 = 8000 fen paid, 5 x 116 yuan = 58000 fen promised (7.25 x 1600 each); night 0
    releases floor(58000 x 0.0005) = floor(29.0) = 29 fen, night 1 floor(57971 x 0.0005) =
    floor(28.99) = 28, night 2 floor(57943 x 0.0005) = 28, ..., each night checked with
    ``decimal``: 1681 fen in 60 nights, 56319 left (a straight line on the 58000 promised
    would pay 29 a night, 1740; the continuous 58000 x (1 - 0.9995^60) is 1714.6, the
    difference is the rounding down). Nothing else moves: no goods cost, no other release."""
    from decimal import ROUND_FLOOR, Decimal

    import numpy as np

    model = sim.SchemeModel("consumption-rebate", participants=1, days=60, seed=1, overrides=[
        "recruitment.founders_share=0", "recruitment.conversion=0", 'network.kind="well-mixed"',
        "behaviour.seats_per_day=1000", "behaviour.quit_threshold=0",
        "behaviour.trust_newcomer_loss=0", "behaviour.withdraw_propensity=0",
        'operator.extraction="none"', 'operator.exit_rule="never"'])
    model.members.add(1, 0, np.array([-1]), np.array([0]), np.array([10**9]), 1.0)
    led = model.ledger
    model.step()
    assert model.members.seats[0] == 5 and led.pocket[0] == -8000
    assert led["suppliers"] == 0
    model.members.trust[0] = 0.0  # no more purchases
    balance, paid = Decimal(58000), Decimal(0)
    for night in range(60):
        if night:
            model.step()
        release = (balance * Decimal("0.0005")).to_integral_value(ROUND_FLOOR)
        balance -= release
        paid += release
        assert led.shopping_gold[0] == int(balance), night
        assert led.wallet[0] == int(paid), night
        assert model.rows[-1]["releases_fen"] == int(release), night
    assert (int(paid), int(balance)) == (1681, 56319)
    assert led.pocket[0] == -8000 and model.members.seats[0] == 5
