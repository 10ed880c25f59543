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
