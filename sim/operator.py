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
"""

from __future__ import annotations

import numpy as np

from .policy import active_from, reserve_required
from .money import pro_rata
from .withdrawals import oldest_wait


def booked_profit(draws: dict) -> int:
    return (draws["stakes_kept"] + draws.get("coin_cash", 0) + draws.get("ads", 0)
            - draws["products"] - draws["loser_rewards"] - draws["releases"]
            - draws["commissions"] - draws["pools"])


def ad_revenue(model, active_members: int) -> int:
    """Ad revenue of the day (RULEBOOK §13.3): a monthly amount per member who played, paid
    by advertisers into the platform's cash. Off unless the scenario sets it."""
    rate = model.scenario.ads.yuan_per_active_member_month
    if not rate or model.collapsed or active_members == 0:
        return 0
    amount = int(round(rate * 100)) * active_members // 30
    return model.ledger.move("ads", "advertisers", "platform_cash", amount)


def operate(model, draws: dict, net_inflow: int) -> None:
    op, led = model.scenario.operator, model.ledger
    if model.collapsed:
        return
    audited = active_from(model.scenario.policy.audit_day, model.day)  # policy lever
    reserve = reserve_required(model)  # policy lever: cash the operator may not take
    free_cash = max(led["platform_cash"] - led["stakes_held"] - reserve, 0)
    if op.extraction == "profit_share":
        take = max(booked_profit(draws), 0) * int(round(op.extraction_share * 1_000_000)) // 1_000_000
    elif op.extraction == "cash_above_reserve":
        own_reserve = int((led.wallet[: model.members.count].sum() + led["withdrawals_waiting"])
                          * op.reserve_ratio)
        take = free_cash - own_reserve
    else:
        take = 0
    take = 0 if audited else min(max(take, 0), free_cash)
    if take:
        led.move("extraction", "platform_cash", "operator", take)

    # exit rules
    if net_inflow > 0:
        model.had_inflow = True
    # the operator leaves once the scheme stops bringing money in: net inflow not positive
    model.outflow_streak = model.outflow_streak + 1 if (net_inflow <= 0 and model.had_inflow) else 0
    fire = False
    if op.exit_rule == "withdrawal_wait":
        fire = oldest_wait(model) >= op.exit_wait_days
    elif op.exit_rule == "net_outflow":
        fire = model.outflow_streak >= op.exit_outflow_days
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
    who = np.flatnonzero(claims)
    amount = pro_rata(reserve, claims[who])
    led.move("reserve_payout", "platform_cash", "pocket", amount, dst_who=who, unique=True)
    model.members.withdrawn[who] += amount
