"""Step 4 of the day: settle every draw (RULEBOOK §4, §5, §10).

For each seat of a formed group, in this order within the draw (RULEBOOK §5.6, A22):

1. dynamic release 1 (§5.4, A14: winner item D = loser item B, applied once per seat):
   ``min(release_per_play, shopping gold held)`` moves from shopping gold to the wallet;
2. a winner's stake is kept, the supplier is paid the product's cost, and shopping gold of
   ``shopping_gold`` fen is credited (item C); a loser's stake is refunded to where it came
   from and the loser's reward is put in the wallet (loser item A);
3. the uplines are paid their commissions on the seat's stake, win or lose (§8, §10; see
   :mod:`sim.commissions`), and the uplines' shopping gold is released by dynamic release 2.

Steps 1 and 2 depend on the member's balance, so a member with several seats today has them
settled one after another, in group order. The engine does this exactly, without a loop over
seats: it settles the day in *waves*, wave k holding every member's k-th seat (in group order), so
that no member appears twice in a wave and each wave is one array operation.

With ``release.before_credit`` false, a winner's new shopping gold is credited before the
release of the same seat.
"""

from __future__ import annotations

import numpy as np

from .arrays import Counts
from .groups import Seats
from .commissions import downline_release, pay_commissions
from .policy import note_release, release_room


def waves(member: np.ndarray, scratch: np.ndarray):
    """Yield the positions of wave 0, 1, 2...: wave k holds every member's k-th position.

    ``scratch`` is an int64 work array as long as the population. Each wave costs one pass
    over the positions not yet placed; a member has at most a few seats a day, so there are
    few waves.
    """
    rest = np.arange(member.size)
    while rest.size:
        who = member[rest]
        scratch[who] = member.size
        np.minimum.at(scratch, who, rest)  # each member's first position not yet placed
        first = scratch[who] == rest
        yield rest[first]
        rest = rest[~first]


def refund(model, member: np.ndarray, from_wallet: np.ndarray, P: int,
           flow: str = "refund") -> None:
    """Give the stakes of the seats of ``member`` (``from_wallet``: how each was paid) back to
    where they came from: the wallet, or the member's outside pocket (RULEBOOK §3.7: refunds go
    back by the way they came, no fee)."""
    m, led = model.members, model.ledger
    led.move(f"{flow}_to_wallet", "stakes_held", "wallet", P, dst_who=member[from_wallet])
    outside = Counts(member[~from_wallet], m.spent.size)
    led.move(f"{flow}_settled", "stakes_held", "issuer", int(outside.times.sum()) * P)
    led.move(f"{flow}_to_pocket", "platform_cash", "pocket", outside.amounts(P),
             dst_who=outside.who, unique=outside.unique)
    outside.add(m.spent, -P)
    outside.add(m.refunded, P)


def release_and_credit(model, member: np.ndarray, win: np.ndarray, p, seated: Counts) -> int:
    """Steps 1-2 for the seats of ``member`` in group order (``win``: which of them won):
    dynamic release 1 and the winners' shopping-gold credit, each member's seats one after
    another. Returns the fen released.

    The sequence is worked out on compact copies of the balances of the members seated (one
    entry per member, so the work stays in the processor's cache even with millions of
    members), wave by wave (:func:`waves`); then each member's total credit and total release
    go through the ledger once. The balances end exactly as if every seat had been booked one
    at a time: within a wave no member appears twice, and members do not affect each other.
    """
    m, led = model.members, model.ledger
    if seated.unique:
        who = seated.who
        model.scratch[who] = np.arange(who.size)
        local = model.scratch[member]  # each seat's member, as an index into ``who``
    else:
        who, local = np.unique(member, return_inverse=True)
    gold = led.shopping_gold[who].copy()
    credit = np.zeros(who.size, dtype=np.int64)
    released = np.zeros(who.size, dtype=np.int64)
    room = release_room(model, who)  # the release cap, when a policy sets one
    G, r = p.shopping_gold, p.release_per_play
    for idx in waves(local, np.empty(who.size, dtype=np.int64)):
        seat = local[idx]
        if not p.release_before_credit:
            gold[seat[win[idx]]] += G
        if r:
            amount = np.minimum(gold[seat], r)
            if room is not None:
                amount = np.minimum(amount, room[seat])
                room[seat] -= amount
            gold[seat] -= amount
            released[seat] += amount
        if p.release_before_credit:
            gold[seat[win[idx]]] += G
    if G:
        credit = np.bincount(local[win], minlength=who.size).astype(np.int64) * G
        led.move("shopping_gold_credit", "issuer", "shopping_gold", credit, dst_who=who,
                 unique=True)
    total = led.move("release_play", "shopping_gold", "wallet", released, src_who=who,
                     dst_who=who, unique=True)
    if total:
        m.released[who] += released
        note_release(model, who, released)
    return total


def settle(model, seats: Seats, win: np.ndarray, p, groups: int | None = None) -> dict:
    """Settle drawn groups of one zone (``p``: that zone's Params): ``seats`` are the real
    members' seats (robots removed) and ``groups`` the number of draws; return the totals
    (fen) for the seller's view."""
    m, led = model.members, model.ledger
    out = {"stakes_kept": 0, "products": 0, "loser_rewards": 0, "releases": 0, "commissions": 0,
           "pools": 0, "winning_seats": 0, "losing_seats": 0}
    if len(seats) == 0:
        return out
    member, P = seats.member, p.stake
    lose = ~win

    # 1-2. per-member sequence: release and shopping-gold credit, seat after seat
    seated = Counts(member, m.seats.size)
    out["releases"] = release_and_credit(model, member, win, p, seated)

    # 2. winners pay: the stake is kept, the supplier paid, the product delivered
    winners = member[win]
    nw = winners.size
    out["winning_seats"] = int(nw)
    out["stakes_kept"] = led.move("stake_kept", "stakes_held", "issuer", nw * P)
    # A winner who staked from the wallet brought no cash in, yet the supplier must be paid:
    # when the platform's cash falls short of the products and the cash refunds of this
    # settlement, the operator puts in the difference (its account is what it took net of
    # what it put in).
    refunds_in_cash = int((lose & ~seats.from_wallet).sum()) * P
    shortfall = nw * p.product_cost + refunds_in_cash - led["platform_cash"]
    if shortfall > 0:
        led.move("operator_injection", "operator", "platform_cash", shortfall)
    out["products"] = led.move("products", "platform_cash", "suppliers", nw * p.product_cost)
    size = m.seats.size
    won = Counts(winners, size)  # each winner's number of wins in this batch, counted once
    if p.virtual_cash:  # the virtual-product trick (§13.2, A44): coins + cash buy the goods
        led.move("coin_cash", "pocket", "platform_cash", won.amounts(p.virtual_cash),
                 src_who=won.who, unique=won.unique)
        won.add(m.spent, p.virtual_cash)
        won.add(m.paid_in, p.virtual_cash)
        out["coin_cash"] = p.virtual_cash * nw
    won.add(m.wins, 1)
    won.add(m.goods_cost, p.goods_cost)
    won.add(m.goods_sticker, P)
    won.add(m.dividend_points, p.dividend_points)

    # 2. losers: stake refunded to where it came from, plus the loser's reward
    losers = member[lose]
    out["losing_seats"] = int(losers.size)
    refund(model, losers, seats.from_wallet[lose], P)
    out["loser_rewards"] = led.move("loser_reward", "issuer", "wallet", p.loser_reward,
                                    dst_who=losers)
    seated.add(m.seats, 1)
    seated.add(m.consumption_points, p.consumption_points)

    # 3. commissions on every seat, win or lose (RULEBOOK §10), and dynamic release 2 (§5.5)
    out["commissions"] = pay_commissions(model, member, p, seated)
    out["releases"] += downline_release(model, member, p)

    # dividend pools fed per draw (RULEBOOK §6.2, §6.4)
    if groups is None:
        groups = len(seats) // p.group_size
    if p.daily_pool:
        out["pools"] += led.move("daily_pool", "issuer", "daily_pool", nw * p.daily_pool)
        won.add(model.daily_pool_shares, P)
    monthly = nw * p.monthly_pool_rate_fen + groups * p.monthly_pool_per_draw
    if monthly:
        out["pools"] += led.move("monthly_pool", "issuer", "monthly_pool", monthly)
    return out
