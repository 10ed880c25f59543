"""Step 6 of the day: withdrawals and the platform's cash (MODEL.md §4, RULEBOOK §13.1).

Only the wallet can be withdrawn. A member asks for the whole wallet when it holds at least the
minimum: a member who has quit asks every day; a playing member asks with probability
``withdraw_propensity`` a day. A request leaves the wallet at once and waits in one queue. The
platform pays the queue in arrival order from its cash, keeping back the stakes it holds for
seats still queued; the fee is deducted from the amount and stays with the platform. A request
that cannot be paid in full blocks the ones behind it. Every day a request waits lowers its
member's trust; a request paid in full raises it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .policy import active_from
from .population import QUIT


@dataclass
class Requests:
    member: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    amount: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    day: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int32))

    def __len__(self) -> int:
        return int(self.member.size)


def rules_today(model) -> tuple[int, int]:
    """Today's minimum (fen) and fee (ppm). With a ramp (RULEBOOK §13.1, A43) both move in a
    straight line from their start to their end values over ``ramp_days``, then stay."""
    w, p, day = model.scenario.withdrawal, model.params, model.day
    if not w.ramp_days:
        return p.withdraw_min, p.fee_ppm
    t = min(day, w.ramp_days)
    end_min, end_fee = int(round(w.min_end_yuan * 100)), int(round(w.fee_end_rate * 1_000_000))
    return (p.withdraw_min + (end_min - p.withdraw_min) * t // w.ramp_days,
            p.fee_ppm + (end_fee - p.fee_ppm) * t // w.ramp_days)


def withdraw(model) -> dict:
    m, p, led, b, day = model.members, model.params, model.ledger, model.scenario.behaviour, model.day
    out = {"requested": 0, "paid_gross": 0, "paid_net": 0, "fees": 0}
    if model.collapsed:
        return out
    # requests
    n = m.count
    wallet = led.wallet[:n]
    minimum, fee_ppm = rules_today(model)
    can = (wallet >= max(minimum, 1)) & ~m.waiting[:n]
    wants = can & (m.status[:n] == QUIT)
    playing = np.flatnonzero(can & (m.status[:n] != QUIT))
    if playing.size and b.withdraw_propensity > 0:
        chosen = playing[model.streams.withdrawals.random(playing.size) < b.withdraw_propensity]
        wants[chosen] = True
    who = np.flatnonzero(wants)
    if who.size:
        amount = wallet[who].copy()
        if active_from(model.scenario.policy.withdrawal_cap_day, day):  # policy lever
            amount = np.minimum(amount, p.withdraw_cap)
        out["requested"] = led.move("withdraw_request", "wallet", "withdrawals_waiting", amount,
                                    src_who=who, unique=True)
        m.waiting[who] = True
        # today's requests join the queue in random arrival order
        order = model.streams.withdrawals.permutation(who.size)
        q = model.requests
        model.requests = Requests(np.concatenate([q.member, who[order]]),
                                  np.concatenate([q.amount, amount[order]]),
                                  np.concatenate([q.day, np.full(who.size, day, dtype=np.int32)]))
    # payment in arrival order from the cash the platform has beyond the stakes it holds
    q = model.requests
    frozen = active_from(model.scenario.policy.withdrawal_freeze_day, day)  # policy lever
    if len(q) and not frozen:
        fee = q.amount * fee_ppm // 1_000_000
        net = q.amount - fee
        available = max(led["platform_cash"] - led["stakes_held"], 0)
        k = int(np.searchsorted(np.cumsum(net), available, side="right"))
        if k:
            paid_who = q.member[:k]
            out["paid_gross"] = led.move("withdraw_settled", "withdrawals_waiting", "issuer",
                                         int(q.amount[:k].sum()))
            out["paid_net"] = led.move("withdrawn", "platform_cash", "pocket", net[:k],
                                       dst_who=paid_who)
            out["fees"] = int(fee[:k].sum())
            led.total["withdrawal_fees"] += out["fees"]
            np.add.at(m.withdrawn, paid_who, net[:k])
            m.waiting[paid_who] = False
            m.trust[paid_who] = np.minimum(m.trust[paid_who] + np.float32(b.trust_paid_gain), 1.0)
            model.requests = Requests(q.member[k:], q.amount[k:], q.day[k:])
    # waiting lowers trust (MODEL.md §3): this is what turns a shortfall into a run
    q = model.requests
    if len(q) and b.trust_wait_loss > 0:
        waiting = np.unique(q.member)
        m.trust[waiting] = np.maximum(m.trust[waiting] - np.float32(b.trust_wait_loss), 0.0)
    return out


def oldest_wait(model) -> int:
    """Days the oldest unpaid request has waited (0 when none waits)."""
    q = model.requests
    return int(model.day - q.day.min()) if len(q) else 0
