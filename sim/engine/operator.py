"""Step 7 of the day: the operator's extraction and exit (MODEL.md §5).

* Extraction, each day: under ``profit_share``, a share of the day's booked "profit" in the
  sellers' own sense (winners' stakes kept minus products, loser rewards, releases,
  commissions and pool allocations; RULEBOOK §16); under ``cash_above_reserve``, all cash above
  a reserve of ``reserve_ratio`` times the wallets and waiting withdrawals. Never more than the
  cash beyond the stakes held for queued seats.
* Exit: ``withdrawal_wait`` fires when the oldest unpaid withdrawal has waited
  ``exit_wait_days``; ``net_outflow`` when money in (stakes paid from outside, net of refunds)
  minus money paid out (withdrawals) has not been positive for ``exit_outflow_days`` days in a
  row, once the scheme has taken money in. When the chosen rule fires, the operator freezes every payout and takes all the cash.
  From that day every wallet, shopping-gold balance and point is worth nothing.

Rounding (MODEL.md §7), all integer arithmetic on fen with the rates converted once in
:class:`sim.scheme.params.Params`:

* ``profit_share``: ``profit * extraction_ppm // 1_000_000``, rounded down (the remainder stays
  in the platform's cash);
* ``cash_above_reserve``: the operator's own reserve is ``(wallets + waiting) * reserve_ratio``
  on the ratio exactly as written, rounded down to the fen, and the take is the free cash above
  it (so a fraction of a fen of reserve is not kept back);
* ad revenue: ``fen per member-month * members who played // 30``, rounded down (the
  advertisers keep the remainder).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.engine.policy import active_from, reserve_required
from sim.money import PPM, pro_rata
from sim.scheme.params import times
from sim.engine.withdrawals import oldest_wait


@dataclass
class ExitWatch:
    """What the ``net_outflow`` exit rule watches: whether the scheme has taken money in yet,
    and for how many days in a row since then net inflow has not been positive."""

    had_inflow: bool = False
    outflow_streak: int = 0

    def update(self, net_inflow: int) -> int:
        """Take in today's net inflow; return the streak of days without a positive one."""
        if net_inflow > 0:
            self.had_inflow = True
        self.outflow_streak = self.outflow_streak + 1 if (net_inflow <= 0 and self.had_inflow) else 0
        return self.outflow_streak


def ad_revenue(model, active_members: int) -> int:
    """Ad revenue of the day (RULEBOOK §13.3): a monthly amount per member who played, paid
    by advertisers into the platform's cash. Off unless the scenario sets it. The day's amount
    is the monthly amount (whole fen, ``Params.ad_fen_per_member_month``) times the members who
    played, divided by 30 and rounded down."""
    rate = model.params.ad_fen_per_member_month
    if not rate or model.collapsed or active_members == 0:
        return 0
    amount = rate * int(active_members) // 30
    return model.ledger.move("ads", "advertisers", "platform_cash", amount)


def operate(model, draws, net_inflow: int) -> None:
    """Extraction, then the exit rule, on the day's draws (a ``DrawTotals``) and net inflow."""
    op, p, led = model.scenario.operator, model.params, model.ledger
    if model.collapsed:
        return
    audited = active_from(model.scenario.policy.audit_day, model.day)  # policy lever
    reserve = reserve_required(model)  # policy lever: cash the operator may not take
    free_cash = max(led["platform_cash"] - led["stakes_held"] - reserve, 0)
    if op.extraction == "profit_share":
        take = max(draws.booked_profit(), 0) * p.extraction_ppm // PPM
    elif op.extraction == "cash_above_reserve":
        owed = int(led.wallet[: model.members.count].sum()) + int(led["withdrawals_waiting"])
        own_reserve = times(owed, p.operator_reserve)
        take = free_cash - own_reserve
    else:
        take = 0
    take = 0 if audited else min(max(take, 0), free_cash)
    if take:
        led.move("extraction", "platform_cash", "operator", take)

    # exit rules: the operator leaves once the scheme stops bringing money in
    streak = model.exit_watch.update(net_inflow)
    fire = False
    if op.exit_rule == "withdrawal_wait":
        fire = oldest_wait(model) >= op.exit_wait_days
    elif op.exit_rule == "net_outflow":
        fire = streak >= op.exit_outflow_days
    if fire and not audited:
        model.collapsed = True
        model.collapse_day = model.day
        if reserve:
            pay_out_reserve(model, min(reserve, led["platform_cash"]))
        led.move("exit_take", "platform_cash", "operator", led["platform_cash"])


def pay_out_reserve(model, reserve: int) -> None:
    """At an exit under a reserve requirement, the reserve goes to members pro rata to what
    they were owed (wallets, waiting withdrawals, shopping gold), rounded down; the promises
    themselves stay on the books, frozen."""
    led, n = model.ledger, model.members.count
    claims = led.wallet[:n] + led.shopping_gold[:n]
    if len(model.requests):
        claims = claims.copy()
        np.add.at(claims, model.requests.member, model.requests.amount)
    total = int(claims.sum())
    if total <= 0:
        return
    who = np.flatnonzero(claims != 0)
    amount = pro_rata(reserve, claims[who])
    led.move("reserve_payout", "platform_cash", "pocket", amount, dst_who=who, unique=True)
