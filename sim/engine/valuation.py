"""What each member's position is worth (MODEL.md §6), in fen: one definition, read by the
daily record (``daily.csv``) and by ``participants.csv``, so the two can never disagree.

* ``net_cash = cash got back out - cash put in``: the member's outside pocket in the ledger.
* **Against a shop** (the headline): ``net_shop = net_cash + goods_market + walk_away``: is
  this person worse off than if they had bought the same goods in an ordinary shop and never
  joined?

  - ``goods_market``: the goods the member ended up with (products won, gift-package goods),
    at what they would cost in a shop: their cost with a retail margin
    (``valuation.retail_margin``, an assumption), ``goods_cost * 1_000_000 // (1_000_000 -
    margin_ppm)``, rounded down once per member on the member's total goods cost
    (``Params.market_per_cost``). Goods that cost 80 yuan are worth exactly 100 yuan at a
    20% margin, so every customer of ``fair-shop`` (cost 80% of its price) nets exactly 0.
  - ``walk_away``: what the member could take out if they stopped today, at the last day's
    withdrawal rules (``withdrawals.rules_on``): the wallet if it holds at least the minimum,
    less the fee (``amount * fee_ppm // 1_000_000``, rounded down as when a request is paid),
    plus every request already waiting, less its fee; nothing for anyone once payouts are
    frozen (the operator's exit, or the withdrawal-freeze policy). It is what the rules let a
    member take out, not capped by the platform's cash; the withdrawal cap (a policy lever)
    only spreads a wallet over several days, so it is not applied. Shopping gold, queued
    stakes, points and privileges count for nothing: none can be withdrawn without paying for
    more play.
* **As the scheme tells it**: ``net_told = net_cash + goods_sticker + wallet + shopping_gold +
  waiting withdrawals + queued stakes + points and privileges`` at the value the scheme gives
  them, whether or not payouts are frozen (this is what members are shown and believe):

  - consumption points at ``points.consumption_point_value_yuan`` each (0 by default: the
    sources give them no value, RULEBOOK §7 A28), rounded down per member;
  - dividend points at 0: the sources give them no yuan value (a "certificate for sharing in
    platform profit" that "cannot be withdrawn", RULEBOOK §6.1; the exchange rate is not given,
    A24); what they earn is the monthly dividend, counted once it reaches the wallet;
  - a privilege seat (a forced loss still owed, hidden rules 3-4) at the loser's reward of the
    member's price zone: the scheme sells a forced loss as a loss that pays (RULEBOOK §9, §14.3:
    "each loss pays 10 yuan").

All integer arithmetic on int64 arrays, a fixed number of array passes over the members per
call and no Python loop over them (the daily record calls it every day).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.engine.arrays import add_values
from sim.engine.policy import active_from
from sim.engine.withdrawals import rules_on
from sim.money import PPM
from sim.scheme.params import times


@dataclass
class Values:
    """Per member (the first ``count`` members), in fen."""

    net_cash: np.ndarray
    goods_market: np.ndarray
    walk_away: np.ndarray
    net_shop: np.ndarray
    net_told: np.ndarray
    told_balances: np.ndarray  # every balance at the value the scheme gives it: net_told - net_cash - goods_sticker
    waiting: np.ndarray  # withdrawal requests waiting, gross of the fee
    queued_stakes: np.ndarray  # stakes of seats still in a queue


def last_day(model) -> int:
    """The last day recorded (the day a finished run's state is from); ``model.day`` before
    the first record."""
    return model.rows[-1]["day"] if model.rows else model.day


def payouts_frozen(model, day: int) -> bool:
    """Whether nothing can be taken out on ``day``: the operator's exit froze every payout, or
    the withdrawal-freeze policy is in force."""
    return model.collapsed or active_from(model.scenario.policy.withdrawal_freeze_day, day)


def goods_market(model, n: int, out: np.ndarray | None = None) -> np.ndarray:
    """The first ``n`` members' goods at market price (fen): their cost with the retail margin,
    ``goods_cost * 1_000_000 // (1_000_000 - margin_ppm)``, rounded down per member (into
    ``out`` when given and the int64 path applies).

    No member's goods cost more than everything the suppliers were paid, so when that total
    times the ratio's numerator fits in int64 the product is done in int64 at once (one pass
    fewer than :func:`times`' own check); otherwise :func:`times` takes care of it."""
    ratio, cost = model.params.market_per_cost, model.members.goods_cost[:n]
    if model.ledger["suppliers"] * ratio.numerator < 2**63:
        market = np.multiply(cost, np.int64(ratio.numerator), out=out, dtype=np.int64)
        return np.floor_divide(market, np.int64(ratio.denominator), out=market)
    return times(cost, ratio)


class Buffers:
    """Arrays kept from one call of :func:`values` to the next (the daily record's), so that
    each day's valuation writes into memory already in use instead of asking the system for
    about ten fresh arrays as long as the membership: at millions of members, a fresh array
    costs about as much as the arithmetic done in it. The arrays of one call are overwritten
    by the next."""

    def __init__(self):
        self._arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, n: int, zero: bool) -> np.ndarray:
        """An int64 array of ``n`` (zeros when ``zero``), the one of ``name`` when it is long
        enough; a new one, with a quarter to spare, when not."""
        a = self._arrays.get(name)
        if a is None or a.size < n:
            a = self._arrays[name] = np.empty(n + n // 4, dtype=np.int64)
        a = a[:n]
        if zero:
            a.fill(0)
        return a


def _fresh(n: int, zero: bool) -> np.ndarray:
    return np.zeros(n, dtype=np.int64) if zero else np.empty(n, dtype=np.int64)


def values(model, day: int | None = None, buffers: Buffers | None = None) -> Values:
    """Every member's ``net_shop`` and ``net_told`` and their parts, valued at the withdrawal
    rules of ``day`` (default :func:`last_day`). ``net_cash`` is a view of the ledger's
    pockets: read it, never write it. With ``buffers`` (the daily record's) the arrays are
    those of :class:`Buffers`, valid until its next use; without, they are new."""
    day = last_day(model) if day is None else day
    m, led, p = model.members, model.ledger, model.params
    n = m.count

    def array(name: str, zero: bool = False) -> np.ndarray:
        return _fresh(n, zero) if buffers is None else buffers.get(name, n, zero)

    minimum, fee_ppm = rules_on(model, day)
    net_cash, wallet = led.pocket[:n], led.wallet[:n]
    waiting = array("waiting", zero=True)
    walk = array("walk", zero=True)
    q = model.requests
    if len(q):
        add_values(waiting, q.member, q.amount)
    if not payouts_frozen(model, day):
        # the fee is worked out only for the wallets that reach the minimum (a minority)
        can = np.flatnonzero(wallet >= max(minimum, 1))
        held = wallet[can]
        walk[can] = held - held * fee_ppm // PPM
        if len(q):
            add_values(walk, q.member, q.amount - q.amount * fee_ppm // PPM)
    market = goods_market(model, n, out=array("market"))
    shop = np.add(market, net_cash, out=array("shop"))
    shop += walk
    queued = model.queued_stakes(out=None if buffers is None
                                 else buffers.get("queued", m.count, zero=True))[:n]
    balances = np.add(wallet, led.shopping_gold[:n], out=array("balances"))
    if len(q):
        balances += waiting
    if any(len(queue) for queue in model.queues):
        balances += queued
    if p.consumption_point_fen:
        balances += times(m.consumption_points[:n], p.consumption_point_fen)
    h = model.scenario.hidden
    if h.privilege_after_wins or h.streak_wins:  # the rules that owe forced losses
        reward = np.asarray([zp.loser_reward for zp in model.zone_params], dtype=np.int64)
        per_seat = reward[m.zone[:n]] if reward.size > 1 else reward[0]
        balances += m.forced_losses_left[:n].astype(np.int64) * per_seat
    told = np.add(net_cash, m.goods_sticker[:n], out=array("told"), dtype=np.int64)
    told += balances
    return Values(net_cash=net_cash, goods_market=market, walk_away=walk, net_shop=shop,
                  net_told=told, told_balances=balances, waiting=waiting, queued_stakes=queued)


def behind(net: np.ndarray) -> int:
    """How many members' ``net`` is below 0 (``behind_shop`` and ``behind_told`` in daily.csv)."""
    return int(np.count_nonzero(net < 0))


def share(part: int, whole: int) -> float:
    """``part / whole`` to six decimals, never rounded to all or nothing: a share that is
    neither 0 nor 1 is kept within [0.000001, 0.999999], so that one member behind among two
    million is not written as 0.0, nor all but one as 1.0. 0.0 when ``whole`` is 0."""
    if whole <= 0:
        return 0.0
    if part <= 0 or part >= whole:
        return 0.0 if part <= 0 else 1.0
    return min(max(round(part / whole, 6), 0.000001), 0.999999)


def share_losing(net: np.ndarray) -> float:
    """The share of members whose ``net`` is below 0 (:func:`share`; 0.0 with no members):
    ``share_losing_shop`` and ``share_losing_told`` in daily.csv and in summary.json alike."""
    return share(behind(net), len(net))
