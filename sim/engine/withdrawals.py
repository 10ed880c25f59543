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

from sim.engine.policy import active_from
from sim.engine.members import QUIT


@dataclass
class Requests:
    member: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    amount: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    day: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int32))

    def __len__(self) -> int:
        return int(self.member.size)


def rules_today(model) -> tuple[int, int]:
    """Today's minimum (fen) and fee (ppm): :func:`rules_on` ``model.day``."""
    return rules_on(model, model.day)


def rules_on(model, day: int) -> tuple[int, int]:
    """The minimum (fen) and fee (ppm) of ``day``. With a ramp (RULEBOOK §13.1, A43) both move
    in a straight line from their start to their end values over ``ramp_days``, then stay; each
    day's value is rounded down to the whole fen and the whole ppm (integer arithmetic on the
    values ``Params`` converted once)."""
    w, p = model.scenario.withdrawal, model.params
    if not w.ramp_days:
        return p.withdraw_min, p.fee_ppm
    t = min(day, w.ramp_days)
    end_min, end_fee = p.withdraw_min_end, p.fee_end_ppm
    return (p.withdraw_min + (end_min - p.withdraw_min) * t // w.ramp_days,
            p.fee_ppm + (end_fee - p.fee_ppm) * t // w.ramp_days)


@dataclass
class Paid:
    """The day's withdrawals (fen): asked for, paid (gross of the fee, and net of it), fees."""

    requested: int = 0
    paid_gross: int = 0
    paid_net: int = 0
    fees: int = 0


def withdraw(model) -> Paid:
    """Step 6: today's requests join the queue, the platform pays what it can in order, and
    waiting lowers trust."""
    out = Paid()
    if model.collapsed:
        return out
    minimum, fee_ppm = rules_today(model)
    out.requested = request(model, minimum)
    if not active_from(model.scenario.policy.withdrawal_freeze_day, model.day):  # policy lever
        pay(model, fee_ppm, out)
    waiting_lowers_trust(model)
    return out


def request(model, minimum: int) -> int:
    """Members who ask for their whole wallet today (at least ``minimum``): every member who
    has quit, and a playing member with probability ``withdraw_propensity``. The requests leave
    the wallets and join the queue in random arrival order; return the fen asked for."""
    m, p, led, day = model.members, model.params, model.ledger, model.day
    b = model.scenario.behaviour
    n = m.count
    wallet = led.wallet[:n]
    can = (wallet >= max(minimum, 1)) & ~m.waiting[:n]
    wants = can & (m.status[:n] == QUIT)
    playing = np.flatnonzero(can & (m.status[:n] != QUIT))
    if playing.size and b.withdraw_propensity > 0:
        chosen = playing[model.streams.withdrawals.random(playing.size) < b.withdraw_propensity]
        wants[chosen] = True
    who = np.flatnonzero(wants)
    if who.size == 0:
        return 0
    amount = wallet[who].copy()
    if active_from(model.scenario.policy.withdrawal_cap_day, day):  # policy lever
        amount = np.minimum(amount, p.withdraw_cap)
    asked = led.move("withdraw_request", "wallet", "withdrawals_waiting", amount, src_who=who,
                     unique=True)
    m.waiting[who] = True
    order = model.streams.withdrawals.permutation(who.size)
    q = model.requests
    model.requests = Requests(np.concatenate([q.member, who[order]]),
                              np.concatenate([q.amount, amount[order]]),
                              np.concatenate([q.day, np.full(who.size, day, dtype=np.int32)]))
    return asked


def pay(model, fee_ppm: int, out: Paid) -> None:
    """Pay the queue in arrival order from the cash the platform has beyond the stakes it
    holds; the first request that cannot be paid in full stops the rest. The fee (rounded
    down) stays with the platform. A member paid in full trusts a little more."""
    m, led, q = model.members, model.ledger, model.requests
    if not len(q):
        return
    fee = q.amount * fee_ppm // 1_000_000
    net = q.amount - fee
    available = max(led["platform_cash"] - led["stakes_held"], 0)
    k = int(np.searchsorted(np.cumsum(net), available, side="right"))
    if k == 0:
        return
    paid_who = q.member[:k]
    # the promise is settled (the fee part stays with the platform), then the cash paid
    settled = led.move("withdraw_settled", "withdrawals_waiting", "issuer", int(net[:k].sum()))
    out.fees = led.move("withdrawal_fee", "withdrawals_waiting", "issuer", fee[:k],
                        for_who=paid_who)
    out.paid_gross = settled + out.fees
    out.paid_net = led.move("withdrawn", "platform_cash", "pocket", net[:k], dst_who=paid_who)
    m.waiting[paid_who] = False
    gain = np.float32(model.scenario.behaviour.trust_paid_gain)
    m.trust[paid_who] = np.minimum(m.trust[paid_who] + gain, 1.0)
    model.requests = Requests(q.member[k:], q.amount[k:], q.day[k:])


def waiting_lowers_trust(model) -> None:
    """Every day a request waits lowers its member's trust (MODEL.md §3): this is what turns a
    shortfall into a run."""
    q, loss = model.requests, model.scenario.behaviour.trust_wait_loss
    if len(q) and loss > 0:
        m = model.members
        waiting = np.unique(q.member)
        m.trust[waiting] = np.maximum(m.trust[waiting] - np.float32(loss), 0.0)


def oldest_wait(model) -> int:
    """Days the oldest unpaid request has waited (0 when none waits)."""
    q = model.requests
    return int(model.day - q.day.min()) if len(q) else 0
