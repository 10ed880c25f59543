"""A classic Ponzi fund in the same engine (ANCHORS.md: Artzrouni 2009), off unless
``fund.enabled``.

Artzrouni's fund: an initial deposit K, new deposits arriving at s(t) = s0 e^{r_i t}, a promised
rate r_p on every depositor's accumulated capital, withdrawals at rate r_w of that promised
capital, and a real return r_n on the fund's cash S: S' = r_n S + s - W. Here:

* **deposits** (this module, step 1 of the day): the amount due by the end of day ``d`` is
  ``C(t) = s0 (e^{r_i t} - 1) / r_i`` (``s0 t`` when r_i = 0) with ``t = min((d + 1) /
  days_per_year, deposit_end_year)`` years; the day's amount is ``floor(C(t1)) - floor(C(t0))``,
  computed on the running total so rounding never drifts. It arrives from new depositors who join
  with no upline, ``deposit_yuan`` each (the last part split evenly: the day's amount divided by
  the number of depositors, rounded down, the first ``amount % k`` of them one fen more); it
  moves from their pocket to the platform's cash (flow ``paid_in``, as a stake does) and the same
  face value is promised to them as **shopping gold** (flow ``fund_deposit``): the promised
  capital. When the population is used up, deposits stop (the last day's amount is cut to the
  depositors left, ``amount * room // k``, rounded down).
* **promised interest** (this module): every night's worth of r_p/day on each depositor's
  promised capital is added to it (flow ``fund_interest``, issuer -> shopping gold):
  ``floor(gold * r_p / days_per_year)`` per depositor, exactly.
* **real return** (this module): r_n/day on the platform's cash, paid in from the outside
  ``market`` (flow ``fund_return``): ``floor(cash * r_n / days_per_year)``, exactly.
* **withdrawals at r_w**: the engine's own static release (RULEBOOK §5.3, :mod:`sim.engine.night`)
  moves ``release.static_daily_rate`` of the promised capital into the wallet each night, and
  the engine's withdrawals (:mod:`sim.engine.withdrawals`, every depositor asks every day) pay it out
  of the cash. The day the cash cannot pay, requests wait: that is S reaching 0.

Time: one engine day is ``1 / days_per_year`` of a model year; the yearly rates are divided by
it. ``release.static_daily_rate`` must be set to r_w / days_per_year (six decimals).

Money here is never a float (MODEL.md §7). Every rate, ``days_per_year`` and ``s0`` come from
:class:`sim.scheme.params.Params` as exact fractions of the decimals written in the scenario,
so the interest and the return are exact integer arithmetic, rounded down (the remainder stays
with the payer: the issuer of the promise, the market). The cumulative deposits ``C(t)`` are
rounded down too (the depositors pay the whole fen due, the fraction stays with them); the
exponential is evaluated with :mod:`decimal` (correctly rounded ``Decimal.exp``, a software
arithmetic that gives the same digits on every platform) at a precision of the number of digits
of ``s0 / |r_i| * max(e^{r_i t}, 1)`` and of ``r_i t`` plus :data:`GUARD_DIGITS` (30): the error
is then below 10^-25 fen, so ``floor`` is the floor of the exact real value unless that value
lies within 10^-25 fen of a whole fen.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from fractions import Fraction

import numpy as np

from sim.engine.recruitment import admit
from sim.scheme.params import times

#: Decimal digits carried beyond those of the largest intermediate amount (see the module
#: docstring): the cumulative deposits are exact to well below a fen.
GUARD_DIGITS = 30


def _digits(x: Fraction) -> int:
    """Decimal digits of the integer part of |x| (at least 1)."""
    return max(len(str(abs(x.numerator) // x.denominator)), 1)


def cumulative_deposits(p, days: int) -> int:
    """Deposits due (fen) from time 0 to the end of engine day ``days - 1``, K not included:
    ``floor(s0 (e^{r_i t} - 1) / r_i)`` (``floor(s0 t)`` when r_i = 0), t = min(days /
    days_per_year, deposit_end_year) years. ``p`` is the run's :class:`Params`."""
    s0, r = p.fund_deposits_year, p.fund_growth_year
    t = Fraction(days) / p.fund_days_per_year
    if p.fund_deposit_end_year is not None:
        t = min(t, p.fund_deposit_end_year)
    if t <= 0 or s0 == 0:
        return 0
    if r == 0:
        return math.floor(s0 * t)
    x = r * t  # exact
    # digits needed: those of s0/|r| * max(e^x, 1) (the size of the terms) and of x (its
    # rounding error is multiplied by x in e^x), plus the guard digits
    # (log10 e < 0.4343: an integer bound on the digits of e^x, never below them)
    e_digits = x.numerator * 4343 // (x.denominator * 10_000) + 2 if x > 0 else 0
    prec = _digits(s0 / abs(r)) + e_digits + _digits(x) + GUARD_DIGITS
    ctx = decimal.Context(prec=prec, rounding=decimal.ROUND_HALF_EVEN, Emax=decimal.MAX_EMAX,
                          Emin=decimal.MIN_EMIN, traps=[decimal.InvalidOperation,
                                                        decimal.Overflow, decimal.DivisionByZero])
    xd = ctx.divide(Decimal(x.numerator), Decimal(x.denominator))
    em1 = ctx.subtract(ctx.exp(xd), Decimal(1))
    scale = s0 / r  # exact: s0 / r_i
    c = ctx.divide(ctx.multiply(em1, Decimal(scale.numerator)), Decimal(scale.denominator))
    return int(c.to_integral_value(rounding=decimal.ROUND_FLOOR))


def fund_day(model) -> int:
    """Deposits, promised interest and the real return of one day; return new depositors."""
    f, p = model.scenario.fund, model.params
    if not f.enabled or model.collapsed:
        return 0
    led, m, day = model.ledger, model.members, model.day
    new = 0
    if day == 0 and p.fund_initial_deposit > 0:
        new += _deposit(model, np.array([p.fund_initial_deposit], dtype=np.int64))
    room = m.capacity - m.count
    if room > 0:  # once the population is used up nobody is left to deposit
        amount = cumulative_deposits(p, day + 1) - cumulative_deposits(p, day)
        if amount > 0:
            each = p.fund_deposit
            k = -(-amount // each)
            if k > room:  # the population is used up: only who is left deposits
                amount, k = amount * room // k, room
            if k > 0:
                parts = np.full(k, amount // k, dtype=np.int64)
                parts[: amount % k] += 1
                new += _deposit(model, parts)
    # promised interest on the promised capital, then the real return on the cash
    n = m.count
    gold = led.shopping_gold[:n]
    who = np.flatnonzero(gold != 0)
    if who.size and p.fund_interest_day:
        interest = times(gold[who], p.fund_interest_day)
        led.move("fund_interest", "issuer", "shopping_gold", interest, dst_who=who, unique=True)
    if p.fund_return_day and led["platform_cash"] > 0:
        led.move("fund_return", "market", "platform_cash",
                 times(led["platform_cash"], p.fund_return_day))
    return new


def _deposit(model, amounts: np.ndarray) -> int:
    k = int(amounts.size)
    ids = admit(model, model.day, np.full(k, -1, dtype=np.int64), np.zeros(k, dtype=np.int64))
    led = model.ledger
    led.move("paid_in", "pocket", "platform_cash", amounts, src_who=ids, unique=True)
    led.move("fund_deposit", "issuer", "shopping_gold", amounts, dst_who=ids, unique=True)
    return k
