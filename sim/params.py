"""The scenario turned into the integer quantities the engine uses (fen, ppm, counts).

Computed once at setup, so the daily step does no unit conversion. Every amount that is a
share of a stake is rounded down once, here (MODEL.md §7: the remainder stays with the payer).
"""

from __future__ import annotations

from dataclasses import dataclass

from .money import share
from .scenario import Scenario, fen, ppm


def per_seat(stake: int, rate: float, yuan: float) -> int:
    """A rate of the stake rounded down plus a fixed amount: the convention of every paired
    ``*_rate``/``*_yuan`` field (MODEL.md §7)."""
    return share(stake, ppm(rate)) + fen(yuan)


@dataclass(frozen=True)
class Params:
    stake: int  # P, fen
    group_size: int  # n
    winners: int  # w
    daily_cap: int
    product_cost: int  # fen paid to the supplier per won seat: c * P (or under the virtual-
    #                    product trick, the card's cost plus the goods bought with coins)
    goods_cost: int  # what the goods a winner ends up with cost: c * P
    virtual_cash: int  # virtual-product trick: cash a winner adds to the coins, k * P
    loser_reward: int  # fen into a loser's wallet
    shopping_gold: int  # fen of shopping gold credited per won seat
    release_per_play: int  # dynamic release 1, fen per seat (capped by the balance)
    static_ppm: int  # static release per night, ppm of the balance
    release_before_credit: bool
    level1: int  # fen per seat to the direct upline
    level2: int  # fen per seat to the indirect upline
    require_promoter: bool
    daily_pool: int  # fen per won seat into the daily dividend pool
    monthly_pool_rate_fen: int  # fen per won seat into the monthly pool
    monthly_pool_per_draw: int  # fen per draw into the monthly pool
    dividend_points: int  # points per won seat
    consumption_points: int  # points per seat
    withdraw_min: int
    fee_ppm: int
    withdraw_cap: int  # policy lever: largest request paid under the cap
    release_cap: int  # policy lever: largest release per member per day under the cap
    team: tuple  # fen per seat for team tiers 0 (none), 1, 2, 3 (RULEBOOK §10.3)
    store: tuple  # fen per seat for store tiers 0..3 (A39)
    regional: tuple  # fen per seat for the district, city and province agents (cumulative)
    release_direct: int  # dynamic release 2: fen of the direct upline's gold per downline seat
    release_indirect: int  # dynamic release 2: the indirect upline's

    @classmethod
    def from_scenario(cls, sc: Scenario, stake: int | None = None) -> "Params":
        """The amounts of ``sc``, for its stake or for ``stake`` fen (another price zone)."""
        P = fen(sc.draw.stake_yuan) if stake is None else int(stake)
        return cls(
            stake=P,
            group_size=sc.draw.group_size,
            winners=sc.draw.winners,
            daily_cap=sc.draw.daily_cap,
            product_cost=share(P, ppm(sc.draw.cost_ratio)) + (
                fen(sc.rewards.virtual_cost_yuan) if sc.rewards.virtual_product else 0),
            goods_cost=share(P, ppm(sc.draw.cost_ratio)),
            virtual_cash=share(P, ppm(sc.rewards.virtual_cash_share)) if sc.rewards.virtual_product else 0,
            loser_reward=per_seat(P, sc.rewards.loser_reward_rate, sc.rewards.loser_reward_yuan),
            shopping_gold=share(P, ppm(sc.rewards.winner_shopping_gold_rate)),
            release_per_play=per_seat(P, sc.release.per_play_rate, sc.release.per_play_yuan),
            static_ppm=ppm(sc.release.static_daily_rate),
            release_before_credit=sc.release.before_credit,
            level1=per_seat(P, sc.commission.level1_rate, sc.commission.level1_yuan),
            level2=per_seat(P, sc.commission.level2_rate, sc.commission.level2_yuan),
            require_promoter=sc.commission.require_promoter,
            daily_pool=share(P, ppm(sc.pools.daily_rate)),
            monthly_pool_rate_fen=share(P, ppm(sc.pools.monthly_rate)),
            monthly_pool_per_draw=fen(sc.pools.monthly_yuan_per_draw),
            dividend_points=share(P, ppm(sc.rewards.winner_dividend_points_rate)) // 100,
            consumption_points=share(P, ppm(sc.rewards.consumption_points_rate)) // 100,
            withdraw_min=fen(sc.withdrawal.min_yuan),
            fee_ppm=ppm(sc.withdrawal.fee_rate),
            withdraw_cap=fen(sc.policy.withdrawal_cap_yuan),
            release_cap=fen(sc.policy.release_cap_yuan),
            team=(0,) + tuple(per_seat(P, getattr(sc.team, f"tier{t}_rate"),
                                       getattr(sc.team, f"tier{t}_yuan")) for t in (1, 2, 3)),
            store=(0,) + tuple(per_seat(P, getattr(sc.store, f"tier{t}_rate"), 0.0)
                               for t in (1, 2, 3)),
            regional=tuple(per_seat(P, getattr(sc.regional, f"{a}_rate"),
                                    getattr(sc.regional, f"{a}_yuan"))
                           for a in ("district", "city", "province")),
            release_direct=fen(sc.downline_release.direct_yuan),
            release_indirect=fen(sc.downline_release.indirect_yuan),
        )
