"""Policy levers (interventions that start on a given day), in one place.

Each lever is a field of the scenario's ``[policy]`` section with a start day; the mechanisms
ask here whether a lever is in force today and apply it where it acts:

* crackdown: recruitment stops (:mod:`sim.engine.recruitment`);
* withdrawal freeze and cap (:mod:`sim.engine.withdrawals`);
* reserve requirement: cash the operator may not take, paid out to members at an exit
  (:mod:`sim.engine.operator`);
* cap on paid commission levels (:mod:`sim.engine.settlement`);
* cap on shopping-gold release per member per day (:mod:`sim.engine.settlement`, :mod:`sim.engine.night`);
* audit: no extraction and no exit (:mod:`sim.engine.operator`).
"""

from __future__ import annotations

import numpy as np

from sim.scheme.params import times


def active_from(start_day: int | None, day: int) -> bool:
    return start_day is not None and day >= start_day


class ReleaseCap:
    """The release cap's state: what each member has released today (fen)."""

    def __init__(self, capacity: int):
        self.released_today = np.zeros(capacity, dtype=np.int64)

    def new_day(self) -> None:
        self.released_today[:] = 0


def release_room(model, who: np.ndarray) -> np.ndarray | None:
    """How much more each member in ``who`` may release today under the release cap (None:
    no cap in force)."""
    pol = model.scenario.policy
    if model.release_cap is None or not active_from(pol.release_cap_day, model.day):
        return None
    return np.maximum(model.params.release_cap - model.release_cap.released_today[who], 0)


def note_release(model, who: np.ndarray, amount: np.ndarray) -> None:
    """Count ``amount`` against each member's cap for today."""
    if model.release_cap is not None and active_from(model.scenario.policy.release_cap_day,
                                                     model.day):
        model.release_cap.released_today[who] += amount


def commission_levels(model) -> int:
    """Levels of commission paid today above a seat (a large number when uncapped)."""
    pol = model.scenario.policy
    return pol.commission_levels if active_from(pol.commission_levels_day, model.day) else 1 << 30


def reserve_required(model) -> int:
    """Cash the platform must hold today under the reserve requirement (0 when none):
    ``policy.reserve_ratio`` times the outstanding promises (wallets, shopping gold, waiting
    withdrawals), in exact integer arithmetic on the ratio as written (``Params.policy_reserve``)
    and rounded down to the fen (MODEL.md §7: what is required of the platform never exceeds the
    exact product)."""
    pol, led = model.scenario.policy, model.ledger
    if not active_from(pol.reserve_day, model.day):
        return 0
    n = model.members.count
    promises = int(led.wallet[:n].sum()) + int(led.shopping_gold[:n].sum()) + led["withdrawals_waiting"]
    return times(promises, model.params.policy_reserve)
