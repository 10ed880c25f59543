"""Step 4 of the day: settle every draw (RULEBOOK §4, §5, §10).

For the seats of the formed groups of one zone (each with its draw):

1. shopping gold, draw after draw (:mod:`sim.engine.release`, RULEBOOK §5.4-§5.6, A22):
   dynamic release 1 for each seat, the winners' new shopping gold (item C), then dynamic
   release 2 to the seats' uplines;
2. winners pay: the stake is kept, the supplier is paid the product's cost, the goods and
   dividend points are the winner's (§4.1);
3. losers get the stake back where it came from, plus the loser's reward (§3.7, §4.2);
4. the uplines are paid their commissions on every seat, win or lose (§8, §10;
   :mod:`sim.engine.commissions`);
5. the dividend pools are fed (§6.2, §6.4).

Only step 1 depends on the order of the draws (balances); the others are sums over the seats.
The day's totals, as the sellers count them, are a :class:`DrawTotals`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from sim.engine.arrays import Counts
from sim.engine.commissions import pay_commissions
from sim.engine.groups import Seats
from sim.engine.release import sequence


@dataclass
class DrawTotals:
    """The day's draws in the sellers' terms (fen, or counts of seats and groups)."""

    formed_seats: int = 0  # seats in the groups formed, robots included
    robot_seats: int = 0
    failed_groups: int = 0
    winning_seats: int = 0
    losing_seats: int = 0
    stakes_kept: int = 0  # the winners' stakes: the brochure's "income"
    coin_cash: int = 0  # cash winners add to their coins under the virtual-product trick
    ads: int = 0  # ad revenue (RULEBOOK §13.3)
    products: int = 0
    loser_rewards: int = 0
    releases: int = 0  # shopping gold released to wallets (play, downline, static)
    commissions: int = 0
    pools: int = 0  # allocations to the dividend pools

    def __iadd__(self, other: "DrawTotals") -> "DrawTotals":
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def booked_profit(self) -> int:
        """The platform's "profit" as the sellers book it (RULEBOOK §16): winners' stakes kept
        (and coin cash, ad revenue) minus products, loser rewards, releases, commissions and
        pool allocations. It leaves out the promises made."""
        return (self.stakes_kept + self.coin_cash + self.ads - self.products
                - self.loser_rewards - self.releases - self.commissions - self.pools)


def refund(model, member: np.ndarray, from_wallet: np.ndarray, P: int,
           flow: str = "refund") -> None:
    """Give the stakes of the seats of ``member`` (``from_wallet``: how each was paid) back to
    where they came from: the wallet, or the member's outside pocket (RULEBOOK §3.7: refunds go
    back by the way they came, no fee)."""
    m, led = model.members, model.ledger
    led.move(f"{flow}_to_wallet", "stakes_held", "wallet", P, dst_who=member[from_wallet])
    outside = Counts(member[~from_wallet], m.capacity)
    led.move(f"{flow}_settled", "stakes_held", "issuer", int(outside.times.sum()) * P)
    led.move(f"{flow}_to_pocket", "platform_cash", "pocket", outside.amounts(P),
             dst_who=outside.who, unique=outside.unique)


def settle(model, seats: Seats, win: np.ndarray, group: np.ndarray, p,
           groups: int) -> DrawTotals:
    """Settle drawn groups of one zone (``p``: that zone's Params): ``seats`` are the real
    members' seats (robots removed), ``win`` which of them won, ``group`` each seat's draw,
    ``groups`` the number of draws; return the totals. The seats may come in any order: every
    step is a sum per member, and the shopping-gold sequence orders the events by ``group``
    itself (the engine hands them over in the order they were made, each player's together,
    :func:`sim.engine.groups.made_seats`)."""
    out = DrawTotals()
    if len(seats) == 0:
        return out
    member = seats.member
    seated = Counts(member, model.members.capacity)
    released = sequence(model, member, win, group, p)  # 1. shopping gold, draw after draw
    out.releases = released.play + released.downline
    won = _winners_pay(model, seats, win, p, out)  # 2
    _losers_refunded(model, seats, ~win, p, out)  # 3
    seated.add(model.members.seats, 1)
    seated.add(model.members.consumption_points, p.consumption_points)
    out.commissions = pay_commissions(model, member, p, seated)  # 4
    out.pools = _feed_pools(model, won, p, groups)  # 5
    return out


def _winners_pay(model, seats: Seats, win: np.ndarray, p, out: DrawTotals) -> Counts:
    """The winners' stakes are kept, the supplier paid, the goods delivered (RULEBOOK §4.1);
    return the winners counted (each winner once, with their wins)."""
    m, led, P = model.members, model.ledger, p.stake
    winners = seats.member[win]
    nw = winners.size
    out.winning_seats = int(nw)
    out.stakes_kept = led.move("stake_kept", "stakes_held", "issuer", nw * P)
    # A winner who staked from the wallet brought no cash in, yet the supplier must be paid:
    # when the platform's cash falls short of the products and the cash refunds of this
    # settlement, the operator puts in the difference (its account is what it took net of
    # what it put in).
    refunds_in_cash = int((~win & ~seats.from_wallet).sum()) * P
    shortfall = nw * p.product_cost + refunds_in_cash - led["platform_cash"]
    if shortfall > 0:
        led.move("operator_injection", "operator", "platform_cash", shortfall)
    out.products = led.move("products", "platform_cash", "suppliers", nw * p.product_cost)
    won = Counts(winners, m.capacity)
    if p.virtual_cash:  # the virtual-product trick (§13.2, A44): coins + cash buy the goods
        out.coin_cash = led.move("coin_cash", "pocket", "platform_cash",
                                 won.amounts(p.virtual_cash), src_who=won.who,
                                 unique=won.unique)
    won.add(m.wins, 1)
    won.add(m.goods_cost, p.goods_cost)
    won.add(m.goods_sticker, P)
    won.add(m.dividend_points, p.dividend_points)
    return won


def _losers_refunded(model, seats: Seats, lose: np.ndarray, p, out: DrawTotals) -> None:
    """Each loser's stake back where it came from, plus the loser's reward (§3.7, §4.2)."""
    losers = seats.member[lose]
    out.losing_seats = int(losers.size)
    refund(model, losers, seats.from_wallet[lose], p.stake)
    out.loser_rewards = model.ledger.move("loser_reward", "issuer", "wallet", p.loser_reward,
                                          dst_who=losers)


def _feed_pools(model, won: Counts, p, groups: int) -> int:
    """The dividend pools fed per draw (RULEBOOK §6.2, §6.4); return the fen allocated."""
    led, nw, total = model.ledger, int(won.times.sum()), 0
    if p.daily_pool:
        total += led.move("daily_pool", "issuer", "daily_pool", nw * p.daily_pool)
        won.add(model.daily_pool_shares, p.stake)
    monthly = nw * p.monthly_pool_rate_fen + groups * p.monthly_pool_per_draw
    if monthly:
        total += led.move("monthly_pool", "issuer", "monthly_pool", monthly)
    return total
