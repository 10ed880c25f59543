"""A classic Ponzi fund in the same engine (ANCHORS.md: Artzrouni 2009), off unless
``fund.enabled``.

Artzrouni's fund: an initial deposit K, new deposits arriving at s(t) = s0 e^{r_i t}, a promised
rate r_p on every depositor's accumulated capital, withdrawals at rate r_w of that promised
capital, and a real return r_n on the fund's cash S: S' = r_n S + s - W. Here:

* **deposits** (this module, step 1 of the day): the amount due over the day,
  ``s0 (e^{r_i t1} - e^{r_i t0}) / r_i`` (computed on the running total, so rounding never
  drifts), arrives from new depositors who join with no upline, ``deposit_yuan`` each (the last
  part split evenly); it moves from their pocket to the platform's cash (flow ``paid_in``, as a
  stake does) and the same face value is promised to them as **shopping gold** (flow
  ``fund_deposit``): the promised capital. When the population is used up, deposits stop.
* **promised interest** (this module): every night's worth of r_p/day on each depositor's
  promised capital is added to it (flow ``fund_interest``, issuer -> shopping gold, rounded down
  per depositor).
* **real return** (this module): r_n/day on the platform's cash, paid in from the outside
  ``market`` (flow ``fund_return``, rounded down).
* **withdrawals at r_w**: the engine's own static release (RULEBOOK §5.3, :mod:`sim.night`)
  moves ``release.static_daily_rate`` of the promised capital into the wallet each night, and
  the engine's withdrawals (:mod:`sim.withdrawals`, every depositor asks every day) pay it out
  of the cash. The day the cash cannot pay, requests wait: that is S reaching 0.

Time: one engine day is ``1 / days_per_year`` of a model year; the yearly rates are divided by
it. ``release.static_daily_rate`` must be set to r_w / days_per_year (six decimals).
"""

from __future__ import annotations

import math

import numpy as np

from .scenario import fen


def _cumulative_fen(f, years: float) -> int:
    """Deposits due from time 0 to ``years`` (fen), K not included."""
    s0 = f.deposit_start_yuan_year * 100
    if f.deposit_end_year is not None:
        years = min(years, f.deposit_end_year)
    if f.deposit_growth_year == 0:
        return int(round(s0 * years))
    return int(round(s0 * math.expm1(f.deposit_growth_year * years) / f.deposit_growth_year))


def fund_day(model) -> int:
    """Deposits, promised interest and the real return of one day; return new depositors."""
    f = model.scenario.fund
    if not f.enabled or model.collapsed:
        return 0
    led, m, day = model.ledger, model.members, model.day
    dt = 1.0 / f.days_per_year
    amount = _cumulative_fen(f, (day + 1) * dt) - _cumulative_fen(f, day * dt)
    new = 0
    if day == 0 and f.initial_deposit_yuan > 0:
        new += _deposit(model, np.array([fen(f.initial_deposit_yuan)], dtype=np.int64))
    if amount > 0:
        each = fen(f.deposit_yuan)
        k = -(-amount // each)
        room = m.capacity - m.count
        if k > room:  # the population is used up: only who is left deposits
            amount, k = amount * room // k, room
        if k > 0:
            parts = np.full(k, amount // k, dtype=np.int64)
            parts[: amount % k] += 1
            new += _deposit(model, parts)
    # promised interest on the promised capital, then the real return on the cash
    n = m.count
    gold = led.shopping_gold[:n]
    who = np.flatnonzero(gold)
    if who.size and f.promised_rate_year:
        interest = np.floor(gold[who] * (f.promised_rate_year * dt)).astype(np.int64)
        led.move("fund_interest", "issuer", "shopping_gold", interest, dst_who=who, unique=True)
    if f.return_rate_year and led["platform_cash"] > 0:
        led.move("fund_return", "market", "platform_cash",
                 int(led["platform_cash"] * (f.return_rate_year * dt)))
    return new


def _deposit(model, amounts: np.ndarray) -> int:
    from .recruitment import admit

    k = int(amounts.size)
    ids = admit(model, model.day, np.full(k, -1, dtype=np.int64), np.zeros(k, dtype=np.int64))
    led, m = model.ledger, model.members
    led.move("paid_in", "pocket", "platform_cash", amounts, src_who=ids, unique=True)
    led.move("fund_deposit", "issuer", "shopping_gold", amounts, dst_who=ids, unique=True)
    m.spent[ids] += amounts
    m.paid_in[ids] += amounts
    return k
