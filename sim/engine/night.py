"""Step 5 of the day: the night settlement at 00:00 (RULEBOOK §5.3, §6.4).

* The daily dividend pool fed by today's draws is split among today's winners in proportion to
  the stakes they won (A27); each share is rounded down and the remainder stays in the pool.
* The points pool's calendar and the monthly dividend (:mod:`sim.engine.calendar`).
* Static release: each member's shopping gold releases ``static_daily_rate`` of its balance
  (rounded down) into the wallet, on a declining balance (A19).
"""

from __future__ import annotations

import numpy as np

from sim.engine.calendar import night_points
from sim.engine.policy import note_release, release_room
from sim.money import pro_rata


def night(model) -> None:
    m, p, led = model.members, model.params, model.ledger
    if model.collapsed:
        return
    night_points(model)
    if p.daily_pool:
        weights = model.daily_pool_shares
        total = int(weights.sum())
        pool = led["daily_pool"]
        if total > 0:
            who = np.flatnonzero(weights != 0)  # on a bool array: 5 times faster
            if pool > 0:
                amount = pro_rata(pool, weights[who])
                led.move("daily_dividend", "daily_pool", "wallet", amount, dst_who=who,
                         unique=True)
            weights[who] = 0  # only today's winners hold shares: the rest are 0 already
    if p.static_ppm:
        gold = led.shopping_gold[: m.count]
        who = np.flatnonzero(gold != 0)
        amount = gold[who] * p.static_ppm // 1_000_000
        room = release_room(model, who)
        if room is not None:
            amount = np.minimum(amount, room)
        led.move("release_static", "shopping_gold", "wallet", amount, src_who=who, dst_who=who,
                 unique=True)
        note_release(model, who, amount)
