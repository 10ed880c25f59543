"""Policy levers (interventions that start on a given day), in one place.

Each lever is a field of the scenario's ``[policy]`` section with a start day; the mechanisms
ask here whether a lever is in force today and apply it where it acts:

* crackdown: recruitment stops (:mod:`sim.recruitment`);
* withdrawal freeze and cap (:mod:`sim.withdrawals`);
* reserve requirement: cash the operator may not take, paid out to members at an exit
  (:mod:`sim.operator`);
* cap on paid commission levels (:mod:`sim.settlement`);
* cap on shopping-gold release per member per day (:mod:`sim.settlement`, :mod:`sim.night`);
* audit: no extraction and no exit (:mod:`sim.operator`).
"""

from __future__ import annotations

import numpy as np


def active_from(start_day: int | None, day: int) -> bool:
    return start_day is not None and day >= start_day


def release_room(model, who: np.ndarray) -> np.ndarray | None:
    """How much more each member in ``who`` may release today under the release cap (None:
    no cap in force)."""
    pol = model.scenario.policy
    if not active_from(pol.release_cap_day, model.day):
        return None
    return np.maximum(model.params.release_cap - model.released_today[who], 0)


def note_release(model, who: np.ndarray, amount: np.ndarray) -> None:
    if active_from(model.scenario.policy.release_cap_day, model.day):
        model.released_today[who] += amount


def commission_levels(model) -> int:
    """Levels of commission paid today above a seat (a large number when uncapped)."""
    pol = model.scenario.policy
    return pol.commission_levels if active_from(pol.commission_levels_day, model.day) else 1 << 30


def reserve_required(model) -> int:
    """Cash the platform must hold today under the reserve requirement (0 when none)."""
    pol, led = model.scenario.policy, model.ledger
    if not active_from(pol.reserve_day, model.day):
        return 0
    n = model.members.count
    promises = int(led.wallet[:n].sum() + led.shopping_gold[:n].sum()) + led["withdrawals_waiting"]
    return int(promises * pol.reserve_ratio)
