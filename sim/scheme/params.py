"""The scenario turned into the integer quantities the engine uses (fen, ppm, counts).

Computed once at setup, so the daily step does no unit conversion and no money is ever
computed in floating point. Three kinds of number come out of here:

* **amounts in fen** (int): ``sim.money.yuan_to_fen`` (``scenario.fen`` is the same function),
  exact for the whole-fen amounts the scenario validates;
* **rates in ppm** (int): ``sim.money.rate_to_ppm`` (``scenario.ppm``), for the fields declared
  as rates (six decimals at most); a share of an amount is then
  ``amount * ppm // 1_000_000``;
* **exact ratios** (:class:`fractions.Fraction`, a pair of integers): for the few ratios the
  scenario does not hold to six decimals (the two reserve ratios, and the fund's yearly rates
  and its days per year, whose per-day rates such as 3.2888 / 1460 have no finite decimal
  expansion), and the two valuations of what members hold: the market price per fen of goods
  cost, ``1_000_000 / (1_000_000 - retail margin in ppm)`` (5/4 at a 20% margin, so goods
  that cost 80 yuan are worth exactly 100), and the fen a consumption point is worth.
  :func:`exact` reads the decimal as written in the scenario; :func:`times` applies a ratio to
  an amount in integer arithmetic.

Every amount that is a share of a stake is rounded down once, here (MODEL.md §7: the remainder
stays with the payer).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from sim.money import PPM, rate_to_ppm, share, yuan_to_fen
from sim.scheme.scenario import Scenario

fen, ppm = yuan_to_fen, rate_to_ppm  # the same functions as sim.scheme.scenario.fen / ppm


def exact(value: float | int) -> Fraction:
    """The number as written in the scenario, exactly: the shortest decimal that reads back as
    the same float (``repr``), e.g. 0.29 -> 29/100, not the binary float's
    0.28999999999999998002... Every decimal of up to 15 significant digits read from a TOML
    file comes back exactly as typed."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"not a number: {value!r}")
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def times(amount, ratio: Fraction):
    """``amount`` (fen; a Python int or an int64 array) times an exact ``ratio``, rounded
    down: ``amount * numerator // denominator`` in integer arithmetic (MODEL.md §7: the
    remainder stays with the payer). Arrays fall back to Python integers where int64 could
    overflow, so the result is exact for any amount."""
    num, den = ratio.numerator, ratio.denominator
    if not isinstance(amount, np.ndarray):
        return int(amount) * num // den
    a = amount.astype(np.int64, copy=False)
    if a.size == 0:
        return a.copy()
    if int(np.abs(a).max()) * abs(num) < 2**63 and den < 2**63:
        return a * np.int64(num) // np.int64(den)
    return np.array([v * num // den for v in a.tolist()], dtype=np.int64)


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
    # -- the withdrawal ramp (RULEBOOK §13.1, A43; sim.engine.withdrawals.rules_today)
    withdraw_min_end: int  # fen: the minimum at the end of the ramp
    fee_end_ppm: int  # the fee at the end of the ramp
    # -- the operator (MODEL.md §5; sim.engine.operator)
    extraction_ppm: int  # share of the booked profit taken under 'profit_share'
    operator_reserve: Fraction  # under 'cash_above_reserve': reserve / (wallets + waiting)
    ad_fen_per_member_month: int  # ad revenue per member who played, per month (RULEBOOK §13.3)
    # -- policy lever (sim.engine.policy.reserve_required)
    policy_reserve: Fraction  # required reserve / outstanding promises
    # -- the funnel (RULEBOOK §2.3, A4; sim.engine.funnel)
    task_reward: int  # fen of cash per convert
    # -- gift packages (RULEBOOK §11; sim.engine.joining)
    package_price: tuple  # fen by identity: 0 (none), 1 VIP, 2 special, 3 co-founder, 4 agent
    package_cost_ppm: int  # cost of a package's goods, ppm of its price
    referral_ppm: tuple  # referral commission to the level-1 and level-2 uplines, ppm of the price
    # -- who joins (MODEL.md §2-§3; sim.engine.recruitment)
    founders_ppm: int  # share of the population there on day 0
    founders_min: int  # at least this many founders when founders_ppm > 0
    budget_median: int  # fen: median budget (log-normal)
    large_budget_median: int  # fen: median budget of the large prepaid members (A11)
    # -- a classic fund (ANCHORS.md, Artzrouni 2009; sim.engine.fund), exact ratios
    fund_initial_deposit: int  # fen: K
    fund_deposit: int  # fen: what one new depositor puts in
    fund_deposits_year: Fraction  # s0: fen of deposits per year at time 0
    fund_growth_year: Fraction  # r_i, per year
    fund_days_per_year: Fraction  # engine days per model year
    fund_deposit_end_year: Fraction | None  # deposits stop at this time (years); None: never
    fund_interest_day: Fraction  # r_p per engine day: promised_rate_year / days_per_year
    fund_return_day: Fraction  # r_n per engine day: return_rate_year / days_per_year
    # -- what members hold, valued (MODEL.md §6; sim.engine.valuation), exact ratios
    market_per_cost: Fraction  # a shop's price per fen of goods cost: 1 / (1 - retail margin)
    consumption_point_fen: Fraction  # fen one consumption point is worth in the points mall

    @classmethod
    def from_scenario(cls, sc: Scenario, stake: int | None = None) -> "Params":
        """The amounts of ``sc``, for its stake or for ``stake`` fen (another price zone)."""
        P = fen(sc.draw.stake_yuan) if stake is None else int(stake)
        f = sc.fund
        per_year = exact(f.days_per_year)
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
            withdraw_min_end=fen(sc.withdrawal.min_end_yuan),
            fee_end_ppm=ppm(sc.withdrawal.fee_end_rate),
            extraction_ppm=ppm(sc.operator.extraction_share),
            operator_reserve=exact(sc.operator.reserve_ratio),
            ad_fen_per_member_month=fen(sc.ads.yuan_per_active_member_month),
            policy_reserve=exact(sc.policy.reserve_ratio),
            task_reward=fen(sc.funnel.task_reward_yuan),
            founders_ppm=ppm(sc.recruitment.founders_share),
            founders_min=sc.recruitment.founders_min,
            budget_median=fen(sc.behaviour.budget_median_yuan),
            large_budget_median=fen(sc.zones.large_budget_median_yuan),
            package_price=(0,) + tuple(fen(getattr(sc.gift, f"{name}_price_yuan"))
                                       for name in ("vip", "special", "cofounder", "agent")),
            package_cost_ppm=ppm(sc.gift.product_cost_ratio),
            referral_ppm=(ppm(sc.gift.referral_level1_rate), ppm(sc.gift.referral_level2_rate)),
            fund_initial_deposit=fen(f.initial_deposit_yuan),
            fund_deposit=fen(f.deposit_yuan),
            fund_deposits_year=exact(f.deposit_start_yuan_year) * 100,
            fund_growth_year=exact(f.deposit_growth_year),
            fund_days_per_year=per_year,
            fund_deposit_end_year=(None if f.deposit_end_year is None
                                   else exact(f.deposit_end_year)),
            fund_interest_day=exact(f.promised_rate_year) / per_year,
            fund_return_day=exact(f.return_rate_year) / per_year,
            market_per_cost=Fraction(PPM, PPM - ppm(sc.valuation.retail_margin)),
            consumption_point_fen=exact(sc.points.consumption_point_value_yuan) * 100,
        )
