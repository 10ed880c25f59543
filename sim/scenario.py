"""Scenarios: the rulebook and the behaviour as data, validated on load (MODEL.md §8).

A scenario is one TOML file. Presets ship in ``sim/presets/``; a user may pass the path of
their own file. Every field is declared once below with its default, its meaning, the
rulebook or model section it implements, and whether the value comes from the sources or is
an assumption. ``pingou show`` prints exactly these declarations.

Bad input raises :class:`ScenarioError`, whose text is one line naming the field, the value
given and what is allowed.
"""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .money import rate_to_ppm, yuan_to_fen


class ScenarioError(ValueError):
    """A scenario (file, preset name or override) that cannot be run. The text is one line."""


# --------------------------------------------------------------------------------------
# Field declarations
# --------------------------------------------------------------------------------------


def F(default, doc: str, ref: str, *, source: str = "assumption", **limits):
    """Declare a field: default, one-line meaning, the section it implements, its source.

    ``source`` is "assumption" for behavioural defaults the sources do not give, or the place
    the default value comes from (e.g. "RULEBOOK §4.2, file 002").
    """
    return Field(default, description=doc, json_schema_extra={"ref": ref, "source": source}, **limits)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=False)


Money = float  # yuan, at most two decimals (checked in Scenario._check_units)
Rate = float  # a fraction in [0, 1], at most six decimals


class Meta(Section):
    name: str = F("custom", "Short name of the scenario.", "MODEL §8", source="-")
    title: str = F("", "One line saying what the scenario is.", "MODEL §8", source="-")
    source: str = F("", "Where its rules and numbers come from.", "MODEL §8", source="-")


class Run(Section):
    participants: int = F(20_000, "Addressable population N: nobody outside it ever joins.",
                          "MODEL §2", ge=1, le=50_000_000)
    days: int = F(365, "Number of days simulated (one step is one day).", "MODEL §1", ge=1, le=3650)
    seed: int = F(1, "Seed of every random stream of the run.", "MODEL §7", source="-", ge=0,
                  le=2**63 - 1)


class Recruitment(Section):
    founders_share: Rate = F(0.0005, "Share of the population who found the scheme on day 0 "
                             "(no upline; at least one when above 0), so that the story is the "
                             "same at any population size.", "MODEL §2", ge=0, le=1)
    invite_rate: float = F(1.0, "Invitations a valid promoter sends per day.", "MODEL §2; RULEBOOK §8",
                           ge=0, le=100)
    conversion: Rate = F(0.20, "Chance that an invited person who has not joined yet joins.",
                         "MODEL §2; RULEBOOK §2 (A3: 10-60% in the funnel)", ge=0, le=1)
    stall_day: int | None = F(60, "Day an outside event (crackdown, bad press) cuts recruitment; "
                              "'none' for no outside stall.", "MODEL §2", ge=0, le=3650)
    stall_factor: float = F(0.0, "Recruitment is multiplied by this from the stall day on.",
                            "MODEL §2", source="MODEL.md §2 default", ge=0, le=1)
    regions: int = F(6, "Number of regions; recruits live in their inviter's region.",
                     "RULEBOOK §2 (six regions, file 003)", source="RULEBOOK §2.1, file 003",
                     ge=1, le=1000)


class Draw(Section):
    stake_yuan: Money = F(100.0, "Stake P per seat, equal to the product's sticker price.",
                          "RULEBOOK §3.2, §14.2", source="RULEBOOK §14.2 (case 1), file 002",
                          gt=0, le=10_000_000)
    group_size: int = F(10, "Seats n per group.", "RULEBOOK §3.1", source="RULEBOOK §3.1, file 002",
                        ge=1, le=1000)
    winners: int = F(3, "Winners w drawn per group (winning means paying and getting the product).",
                     "RULEBOOK §3.1, §3.6", source="RULEBOOK §3.1, file 002", ge=0, le=1000)
    daily_cap: int = F(5, "Seats one member may take per day.", "RULEBOOK §3.3 (A12)",
                       source="RULEBOOK §3.3, file 002 examples", ge=1, le=1000)
    cost_ratio: Rate = F(0.30, "Product cost c as a share of P (what the supplier is paid).",
                         "RULEBOOK §14.2", source="RULEBOOK §14.2 (case 1), file 002", ge=0, le=1)


class Rewards(Section):
    loser_reward_rate: Rate = F(0.0, "Loser's cash reward into the wallet, as a share of P (item A).",
                                "RULEBOOK §4.2", source="RULEBOOK §4.2, file 002", ge=0, le=1)
    loser_reward_yuan: Money = F(3.0, "Loser's cash reward, fixed part in yuan (added to the share).",
                                 "RULEBOOK §14.2", source="RULEBOOK §16.1 (case 1: 3 yuan), file 002",
                                 ge=0, le=10_000_000)
    winner_shopping_gold_rate: float = F(1.0, "Shopping gold credited to a winner, as a share of P (item C).",
                                         "RULEBOOK §4.1, §5.2", source="RULEBOOK §4.1, file 002",
                                         ge=0, le=10)
    winner_dividend_points_rate: float = F(1.0, "Dividend points given to a winner per yuan of P (item B).",
                                           "RULEBOOK §4.1, §6.1", source="RULEBOOK §4.1, file 002",
                                           ge=0, le=10)
    consumption_points_rate: float = F(1.0, "Consumption points given to every participant per yuan "
                                       "of P (winner item F, loser item C).", "RULEBOOK §7",
                                       source="RULEBOOK §4, file 002", ge=0, le=10)


class Release(Section):
    per_play_rate: Rate = F(0.05, "Dynamic release 1: share of P moved from shopping gold to the wallet "
                            "at each play, win or lose (winner D = loser B, A14).", "RULEBOOK §5.4, §4.3",
                            source="RULEBOOK §14.2 (case 1: 5%), file 002", ge=0, le=1)
    per_play_yuan: Money = F(0.0, "Dynamic release 1, fixed part in yuan per play.", "RULEBOOK §5.4",
                             source="RULEBOOK §5.4", ge=0, le=10_000_000)
    static_daily_rate: Rate = F(0.0, "Static release: share of the shopping-gold balance released "
                                "each night (0 = off).", "RULEBOOK §5.3 (A19)",
                                source="RULEBOOK §14.1 (off by default)", ge=0, le=1)
    before_credit: bool = F(True, "A winner's release uses the balance held before the win is credited.",
                            "RULEBOOK §5.6 (A22)", source="RULEBOOK §5.6 proposed reading")


class Pools(Section):
    daily_rate: Rate = F(0.0, "Daily dividend pool: share of winners' stakes, paid next night to that "
                         "day's winners pro rata (item E).", "RULEBOOK §6.4 (A27)",
                         source="RULEBOOK §14.2 (case 1: 2%); off until the rulebook issue", ge=0, le=1)
    monthly_rate: Rate = F(0.0, "Monthly dividend pool: share of winners' stakes per draw.",
                           "RULEBOOK §6.2 (A26)", source="RULEBOOK §14.2 (case 1: 3%); off until the "
                           "rulebook issue", ge=0, le=1)
    monthly_yuan_per_draw: Money = F(0.0, "Monthly pool, fixed yuan per draw (privilege mode: 10).",
                                     "RULEBOOK §6.2, §14.3", source="RULEBOOK §14.3", ge=0,
                                     le=10_000_000)


class Commission(Section):
    level1_rate: Rate = F(0.02, "Promotion commission to the direct upline, share of each seat's P.",
                          "RULEBOOK §10.2", source="RULEBOOK §10.2 (case 1), file 002", ge=0, le=1)
    level2_rate: Rate = F(0.01, "Promotion commission to the indirect upline, share of each seat's P.",
                          "RULEBOOK §10.2", source="RULEBOOK §10.2 (case 1), file 002", ge=0, le=1)
    level1_yuan: Money = F(0.0, "Promotion commission to the direct upline, fixed yuan per seat.",
                           "RULEBOOK §10.2", source="RULEBOOK §10.2 (privilege mode)", ge=0,
                           le=10_000_000)
    level2_yuan: Money = F(0.0, "Promotion commission to the indirect upline, fixed yuan per seat.",
                           "RULEBOOK §10.2", source="RULEBOOK §10.2 (privilege mode)", ge=0,
                           le=10_000_000)
    require_promoter: bool = F(True, "Only an upline whose promoter status is valid that day is paid; "
                               "otherwise the platform keeps the commission.", "RULEBOOK §8 (A29)",
                               source="RULEBOOK §8 proposed reading")


class Withdrawal(Section):
    min_yuan: Money = F(100.0, "Smallest withdrawal the platform accepts.", "RULEBOOK §13.1",
                        source="RULEBOOK §13.1 (start of the ramp), file 002", ge=0, le=10_000_000)
    fee_rate: Rate = F(0.065, "Fee kept by the platform on each withdrawal.", "RULEBOOK §13.1",
                       source="RULEBOOK §13.1 (start of the ramp), file 002", ge=0, le=1)


class Behaviour(Section):
    budget_median_yuan: Money = F(2000.0, "Median of the money a member is willing to put in over the "
                                  "whole run (log-normal).", "MODEL §3", source="MODEL.md §3 default",
                                  gt=0, le=100_000_000)
    budget_sigma: float = F(1.0, "Spread (sigma of the log) of members' budgets.", "MODEL §3",
                            ge=0, le=5)
    seats_per_day: float = F(1.0, "Seats a fully trusting member takes per day on average "
                             "(Poisson, capped by the daily cap and by what the member can pay).",
                             "MODEL §3", ge=0, le=1000)
    shopping_gold_hook: float = F(1.0, "Extra seats per day for a member holding shopping gold that "
                                  "only playing releases.", "MODEL §3", ge=0, le=1000)
    trust_initial: Rate = F(0.9, "Trust of a new member, in [0, 1].", "MODEL §3", ge=0, le=1)
    trust_paid_gain: float = F(0.02, "Trust gained when a withdrawal is paid in full.", "MODEL §3",
                               ge=0, le=1)
    trust_wait_loss: float = F(0.05, "Trust lost per day a member's withdrawal waits unpaid.",
                               "MODEL §3, §4", ge=0, le=1)
    trust_newcomer_loss: float = F(0.02, "Trust lost per day, times the fall of the last week's "
                                   "newcomers below the best week so far.", "MODEL §3", ge=0, le=1)
    quit_threshold: Rate = F(0.4, "Below this trust a member stops playing and asks for the whole "
                             "wallet.", "MODEL §3", ge=0, le=1)
    withdraw_propensity: Rate = F(0.2, "Daily chance that a playing member with at least the minimum "
                                  "in the wallet asks to withdraw it.", "MODEL §4", ge=0, le=1)


class Operator(Section):
    extraction: Literal["none", "profit_share", "cash_above_reserve"] = F(
        "profit_share", "What the operator moves to its own pocket each day: a share of the day's "
        "booked 'profit' (the sellers' own sense), or the cash above a reserve.", "MODEL §5")
    extraction_share: Rate = F(0.5, "Share taken under 'profit_share'.", "MODEL §5", ge=0, le=1)
    reserve_ratio: float = F(0.2, "Under 'cash_above_reserve', cash kept as a share of wallets and "
                             "waiting withdrawals.", "MODEL §5", ge=0, le=10)
    exit_rule: Literal["never", "withdrawal_wait", "net_outflow"] = F(
        "net_outflow", "When the operator freezes payouts and keeps the cash: withdrawals waiting too "
        "long, net inflow (paid in minus paid out) not positive too long, or never (the slow "
        "bleed).", "MODEL §5")
    exit_wait_days: int = F(14, "Under 'withdrawal_wait': days the oldest unpaid request may wait.",
                            "MODEL §5", ge=1, le=3650)
    exit_outflow_days: int = F(7, "Under 'net_outflow': consecutive days without positive net inflow.",
                               "MODEL §5", ge=1, le=3650)


class Policy(Section):
    """Policy levers: interventions that start on a given day ('none' = never)."""

    crackdown_day: int | None = F(None, "From this day recruitment stops (a crackdown on "
                                  "recruiting).", "MODEL §2; issue 7", source="policy lever",
                                  ge=0, le=3650)
    withdrawal_freeze_day: int | None = F(None, "From this day no withdrawal is paid; requests "
                                          "wait.", "MODEL §4; issue 7", source="policy lever",
                                          ge=0, le=3650)
    withdrawal_cap_day: int | None = F(None, "From this day each withdrawal request is capped at "
                                       "withdrawal_cap_yuan.", "MODEL §4; issue 7",
                                       source="policy lever", ge=0, le=3650)
    withdrawal_cap_yuan: Money = F(500.0, "The cap on one withdrawal request.", "issue 7",
                                   source="policy lever", ge=0, le=10_000_000)
    reserve_day: int | None = F(None, "From this day the platform must hold cash of at least "
                                "reserve_ratio times its outstanding money promises (wallets, "
                                "waiting withdrawals, shopping gold); the operator may not take "
                                "it, and at an exit it is paid out to members pro rata to their "
                                "claims.", "MODEL §5; issue 7", source="policy lever",
                                ge=0, le=3650)
    reserve_ratio: float = F(0.5, "The reserve requirement as a share of outstanding promises.",
                             "issue 7", source="policy lever", ge=0, le=10)
    commission_levels_day: int | None = F(None, "From this day commissions are paid on at most "
                                          "commission_levels levels above a seat.", "issue 7",
                                          source="policy lever", ge=0, le=3650)
    commission_levels: int = F(3, "Paid commission levels allowed under the cap.", "issue 7; "
                               "ANCHORS (3 levels: the criminal threshold)", source="policy lever",
                               ge=0, le=1000)
    release_cap_day: int | None = F(None, "From this day each member's shopping-gold release is "
                                    "capped per day at release_cap_yuan.", "issue 7",
                                    source="policy lever", ge=0, le=3650)
    release_cap_yuan: Money = F(10.0, "The cap on one member's release per day.", "issue 7",
                                source="policy lever", ge=0, le=10_000_000)
    audit_day: int | None = F(None, "From this day an audit stops the operator's extraction and "
                              "its exit.", "MODEL §5; issue 7", source="policy lever",
                              ge=0, le=3650)


# --------------------------------------------------------------------------------------
# Rules the sellers' worked examples need (issue 4, `pingou draw`). The simulation engine does
# not simulate these yet (see engine_unsupported()); every default is 0 / off, so a scenario that
# does not set them is unchanged.
# --------------------------------------------------------------------------------------

_FROM_002 = "off by default; values per preset from RULEBOOK §10.2, file 002"


class Team(Section):
    """Team differential (团队级差, RULEBOOK §10.2-§10.3, A38): tiers above a seat, low to high.

    A higher tier earns its amount minus what the tiers below it already took, so with every
    tier present a seat pays the highest tier's amount. A tier's amount per seat is its rate of
    P plus its fixed yuan. Tier 1 is V1 (cases 1-2) or 合伙人 "partner" (privilege mode), tier 2 is
    V2 or 联创 "co-founder", tier 3 is 董事 "director".
    """

    tier1_rate: Rate = F(0.0, "Team tier 1 (V1; 合伙人 partner), share of each seat's P.", "RULEBOOK §10.2-§10.3",
                         source=_FROM_002 + " (case 1: 1%, case 2: 0.5%)", ge=0, le=1)
    tier1_yuan: Money = F(0.0, "Team tier 1 (V1; 合伙人 partner), fixed yuan per seat.",
                          "RULEBOOK §10.2-§10.3", source=_FROM_002 + " (privilege mode: 0.5)",
                          ge=0, le=10_000_000)
    tier2_rate: Rate = F(0.0, "Team tier 2 (V2; 联创 co-founder), share of each seat's P.", "RULEBOOK §10.2-§10.3",
                         source=_FROM_002 + " (case 1: 2%, case 2: 1%)", ge=0, le=1)
    tier2_yuan: Money = F(0.0, "Team tier 2 (V2; 联创 co-founder), fixed yuan per seat.",
                          "RULEBOOK §10.2-§10.3", source=_FROM_002 + " (privilege mode: 1)",
                          ge=0, le=10_000_000)
    tier3_rate: Rate = F(0.0, "Team tier 3 (董事 director), share of each seat's P.", "RULEBOOK §10.2-§10.3",
                         source=_FROM_002 + " (no example uses it)", ge=0, le=1)
    tier3_yuan: Money = F(0.0, "Team tier 3 (董事 director), fixed yuan per seat.",
                          "RULEBOOK §10.2-§10.3", source=_FROM_002 + " (privilege mode: 1.5)",
                          ge=0, le=10_000_000)


class Regional(Section):
    """Regional agents (区域代理, RULEBOOK §10.2-§10.3, A38, A46), paid on the seat's region by
    differential: the district agent its amount, the city agent the city amount minus the
    district's, the province agent the province amount minus the city's; a missing agent's share
    stays with the platform. An amount per seat is the rate of P plus the fixed yuan."""

    district_rate: Rate = F(0.0, "District agent (区代), share of each seat's P.",
                            "RULEBOOK §10.2-§10.3",
                            source=_FROM_002 + " (rules: 1%, case 1: 1%, case 2: 0.5%)", ge=0, le=1)
    district_yuan: Money = F(0.0, "District agent, fixed yuan per seat.", "RULEBOOK §10.2-§10.3",
                             source=_FROM_002, ge=0, le=10_000_000)
    city_rate: Rate = F(0.0, "City agent (市代), share of each seat's P.", "RULEBOOK §10.2-§10.3 (A46)",
                        source=_FROM_002 + " (rules: 2, A46; case 1: 2%, case 2: 1%)", ge=0, le=1)
    city_yuan: Money = F(0.0, "City agent, fixed yuan per seat.", "RULEBOOK §10.2-§10.3",
                         source=_FROM_002 + " (privilege mode: 0.5)", ge=0, le=10_000_000)
    province_rate: Rate = F(0.0, "Province agent (省代), share of each seat's P.",
                            "RULEBOOK §10.2-§10.3", source=_FROM_002 + " (rules: 3%)", ge=0, le=1)
    province_yuan: Money = F(0.0, "Province agent, fixed yuan per seat.", "RULEBOOK §10.2-§10.3",
                             source=_FROM_002, ge=0, le=10_000_000)


class DownlineRelease(Section):
    """Dynamic release 2 (RULEBOOK §5.5, A21): a downline's seat releases the upline's shopping
    gold into the upline's wallet, capped by the upline's balance. Only the fixed mode has values
    in the sources (Appendix 2); the ratio-of-balance mode has none."""

    direct_yuan: Money = F(0.0, "Shopping gold the direct upline releases per seat a direct "
                           "downline takes.", "RULEBOOK §5.5, §14.4",
                           source="off by default; Appendix 2: 1 yuan (RULEBOOK §14.4, file 002)",
                           ge=0, le=10_000_000)
    indirect_yuan: Money = F(0.0, "Shopping gold the indirect upline releases per seat an "
                             "indirect downline takes.", "RULEBOOK §5.5, §14.4",
                             source="off by default; Appendix 2: 0.5 yuan (RULEBOOK §14.4, file 002)",
                             ge=0, le=10_000_000)


class Hidden(Section):
    """The operator's hidden rules 4 and 5 (拼团隐藏规则, RULEBOOK §9): forced losses, which a
    member welcomes because losing pays (the "no-win privilege", 不中奖特权)."""

    privilege_after_wins: int = F(0, "Hidden rule 4: after this many cumulative wins a member "
                                  "gets privilege_losses forced losses in a row (0 = off).",
                                  "RULEBOOK §9.1 rule 4, §14.3",
                                  source="off by default; privilege mode: 10 (RULEBOOK §14.3, file 002)",
                                  ge=0, le=1_000_000)
    privilege_losses: int = F(0, "Hidden rule 4: forced losses in a row that the privilege "
                              "promises.", "RULEBOOK §9.1 rule 4, §14.3",
                              source="off by default; privilege mode: 200 (RULEBOOK §14.3, file 002)",
                              ge=0, le=1_000_000)
    privilege_rearm: bool = F(True, "Rule 4 triggers again at every multiple of "
                              "privilege_after_wins, not only once.", "RULEBOOK §9.2 (A32)",
                              source="RULEBOOK §9.2 proposed reading")
    window_plays: int = F(0, "Hidden rule 5: plays per block; once a member has won "
                          "window_max_wins times in a block, the rest of the block must lose "
                          "(0 = off).", "RULEBOOK §9.1 rule 5, §9.2 (A34), §14.4",
                          source="off by default; Appendix 2: 5 (RULEBOOK §14.4, file 002)",
                          ge=0, le=1_000_000)
    window_max_wins: int = F(0, "Hidden rule 5: most wins allowed per block of window_plays.",
                             "RULEBOOK §9.1 rule 5, §14.4",
                             source="off by default; Appendix 2: 1 (RULEBOOK §14.4, file 002)",
                             ge=0, le=1_000_000)
    conflict: Literal["fail_and_reopen", "random_draw"] = F(
        "fail_and_reopen", "When fewer members than winners may win: the group fails, stakes "
        "are refunded and it reopens (成团流失), or the draw goes ahead and the privilege is void "
        "for it (随机开奖).", "RULEBOOK §9.3 (A35-A37)",
        source="RULEBOOK §14.3 (the resolution privilege mode describes), file 002")


class Chain(Section):
    """The worked examples' assumption about the recruitment tree (RULEBOOK §10.1)."""

    complete: bool = F(False, "Every seat has a direct and an indirect upline, every team tier "
                       "and every regional agent above it, all entitled to be paid, and each "
                       "upline holds enough shopping gold for dynamic release 2 (「10个人都有上级」). "
                       "`pingou draw` always counts a draw this way, as the brochures do; when "
                       "this is off it marks those lines as upper bounds.", "RULEBOOK §10.1, §16.1",
                       source="off by default; the file-002 worked examples assume it")


def _check_hidden(sc) -> None:
    """Hidden rules 4 and 5 come in pairs: both numbers set, or neither (RULEBOOK §9.1)."""
    h = sc.hidden
    if (h.privilege_after_wins > 0) != (h.privilege_losses > 0):
        raise ValueError(
            f"hidden.privilege_after_wins = {h.privilege_after_wins} and hidden.privilege_losses "
            f"= {h.privilege_losses}: set both above 0 (hidden rule 4 on) or both to 0 (off)")
    if (h.window_plays > 0) != (h.window_max_wins > 0) or h.window_max_wins > h.window_plays:
        raise ValueError(
            f"hidden.window_plays = {h.window_plays} and hidden.window_max_wins = "
            f"{h.window_max_wins}: set both to 0 (hidden rule 5 off), or 1 <= window_max_wins "
            f"<= window_plays")


class Scenario(BaseModel):
    """A whole scenario: every section with its defaults."""

    model_config = ConfigDict(extra="forbid", strict=True)

    meta: Meta = Field(default_factory=Meta)
    run: Run = Field(default_factory=Run)
    recruitment: Recruitment = Field(default_factory=Recruitment)
    draw: Draw = Field(default_factory=Draw)
    rewards: Rewards = Field(default_factory=Rewards)
    release: Release = Field(default_factory=Release)
    pools: Pools = Field(default_factory=Pools)
    commission: Commission = Field(default_factory=Commission)
    withdrawal: Withdrawal = Field(default_factory=Withdrawal)
    behaviour: Behaviour = Field(default_factory=Behaviour)
    operator: Operator = Field(default_factory=Operator)
    policy: Policy = Field(default_factory=Policy)
    team: Team = Field(default_factory=Team)
    regional: Regional = Field(default_factory=Regional)
    downline_release: DownlineRelease = Field(default_factory=DownlineRelease)
    hidden: Hidden = Field(default_factory=Hidden)
    chain: Chain = Field(default_factory=Chain)

    @model_validator(mode="after")
    def _check_relations(self):
        if self.draw.winners > self.draw.group_size:
            raise ValueError(
                f"draw.winners = {self.draw.winners}: must be at most draw.group_size "
                f"({self.draw.group_size}), the seats in a group")
        _check_hidden(self)
        _check_units(self)
        return self

    # -- derived integer quantities used by the engine ------------------------------------
    @property
    def stake_fen(self) -> int:
        return yuan_to_fen(self.draw.stake_yuan)

    def to_dict(self) -> dict:
        return self.model_dump(mode="python")


SECTIONS: dict[str, type[Section]] = {
    name: field.annotation for name, field in Scenario.model_fields.items()  # type: ignore[misc]
}


def _check_units(sc: Scenario) -> None:
    """Money has at most two decimals (whole fen), rates at most six (whole ppm)."""
    for sname, scls in SECTIONS.items():
        section = getattr(sc, sname)
        for fname, field in scls.model_fields.items():
            value = getattr(section, fname)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if not math.isfinite(value):
                raise ValueError(f"{sname}.{fname} = {value!r}: must be a finite number")
            if fname.endswith("_yuan") and abs(value * 100 - round(value * 100)) > 1e-6:
                raise ValueError(f"{sname}.{fname} = {value!r}: must be whole fen "
                                 "(at most two decimals of a yuan)")
            if fname.endswith("_rate") and abs(value * 1e6 - round(value * 1e6)) > 1e-3:
                raise ValueError(f"{sname}.{fname} = {value!r}: must have at most six decimals")


# --------------------------------------------------------------------------------------
# Loading, overrides and error messages
# --------------------------------------------------------------------------------------


def preset_names() -> list[str]:
    files = resources.files("sim.presets").iterdir()
    return sorted(p.name[:-5] for p in files if p.name.endswith(".toml"))


def preset_text(name: str) -> str:
    return resources.files("sim.presets").joinpath(f"{name}.toml").read_text(encoding="utf-8")


def _describe_allowed(loc: tuple, err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        field = _field_info(loc)
        return "must be " + _range_text(field) if field is not None else err["msg"].lower()
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}"
    if kind.endswith("_type") or kind in ("int_from_float", "bool_parsing", "int_parsing",
                                          "float_parsing"):
        field = _field_info(loc)
        want = _type_name(field.annotation) if field is not None else kind.replace("_type", "")
        return f"must be {want}"
    return err.get("msg", "is not allowed").replace("Value error, ", "")


def _field_info(loc: tuple):
    if len(loc) >= 2 and loc[0] in SECTIONS:
        return SECTIONS[loc[0]].model_fields.get(loc[1])
    return None


def _type_name(annotation) -> str:
    text = {int: "a whole number", float: "a number", bool: "true or false", str: "text"}
    if annotation in text:
        return text[annotation]
    args = getattr(annotation, "__args__", ())
    if args and type(None) in args:
        inner = [a for a in args if a is not type(None)][0]
        return f"{text.get(inner, inner)} or 'none'"
    if args:
        return "one of " + ", ".join(repr(a) for a in args)
    return str(annotation)


def _range_text(field) -> str:
    lo = hi = None
    lo_open = hi_open = False
    for m in field.metadata:
        if getattr(m, "ge", None) is not None:
            lo = m.ge
        if getattr(m, "gt", None) is not None:
            lo, lo_open = m.gt, True
        if getattr(m, "le", None) is not None:
            hi = m.le
        if getattr(m, "lt", None) is not None:
            hi, hi_open = m.lt, True
    parts = []
    if lo is not None:
        parts.append(f"{'>' if lo_open else '>='} {lo:g}" if isinstance(lo, float) else
                     f"{'>' if lo_open else '>='} {lo}")
    if hi is not None:
        parts.append(f"{'<' if hi_open else '<='} {hi:g}" if isinstance(hi, float) else
                     f"{'<' if hi_open else '<='} {hi}")
    return _type_name(field.annotation) + " " + " and ".join(parts)


def _unknown_field_message(loc: tuple, value: Any) -> str:
    if len(loc) == 1:
        known = list(SECTIONS)
        what = f"unknown section [{loc[0]}]"
    else:
        known = list(SECTIONS[loc[0]].model_fields) if loc[0] in SECTIONS else []
        what = f"unknown field {'.'.join(map(str, loc))}"
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    allowed = ", ".join(known)
    return f"{what} (= {value!r}){hint} Allowed here: {allowed}"


def _error_line(exc: ValidationError, origin: str) -> str:
    err = exc.errors()[0]
    loc = tuple(str(x) for x in err["loc"])
    value = err.get("input")
    if err["type"] == "extra_forbidden":
        return f"{origin}: {_unknown_field_message(loc, value)}"
    if not loc:  # model-level validator
        return f"{origin}: {err['msg'].replace('Value error, ', '')}"
    if err["type"] == "model_type":
        return f"{origin}: [{'.'.join(loc)}] must be a table of fields, got {value!r}"
    return f"{origin}: {'.'.join(loc)} = {value!r}: {_describe_allowed(loc, err)}"


def parse_set(item: str) -> tuple[list[str], Any]:
    """Parse one ``--set KEY=VALUE`` into a dotted path and a TOML value."""
    if "=" not in item:
        raise ScenarioError(f"--set {item!r}: must be KEY=VALUE, e.g. --set draw.winners=2")
    key, raw = item.split("=", 1)
    key, raw = key.strip(), raw.strip()
    path = key.split(".")
    if len(path) != 2 or not all(path):
        raise ScenarioError(f"--set {item!r}: KEY must be SECTION.FIELD, e.g. draw.winners; "
                            f"sections: {', '.join(SECTIONS)}")
    if raw == "":
        raise ScenarioError(f"--set {item!r}: VALUE is empty")
    if raw.lower() in ("none", "null"):
        return path, None
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw  # a bare word, e.g. an exit rule name; validation judges it
    return path, value


@dataclass
class Loaded:
    scenario: Scenario
    origin: str  # preset name or file path


def _read_toml(name_or_path: str) -> tuple[dict, str]:
    path = Path(name_or_path)
    if name_or_path in preset_names():
        return tomllib.loads(preset_text(name_or_path)), name_or_path
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ScenarioError(f"--scenario {name_or_path!r}: no such file")
        try:
            return tomllib.loads(path.read_text(encoding="utf-8")), str(path)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            msg = str(exc).splitlines()[0]
            raise ScenarioError(f"{path}: not valid TOML: {msg}") from None
    close = difflib.get_close_matches(name_or_path, preset_names(), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise ScenarioError(f"--scenario {name_or_path!r}: unknown scenario{hint} Allowed: "
                        f"{', '.join(preset_names())}, or the path of a .toml file")


def load(name_or_path: str = "quanmin-pingou", overrides: list[str] | tuple = (),
         **run_settings) -> Scenario:
    """Load a preset or a TOML file, apply ``--set`` overrides and run settings, validate.

    ``run_settings`` are ``participants``, ``days`` and ``seed``; ``None`` leaves the
    scenario's value.
    """
    data, origin = _read_toml(name_or_path)
    try:
        Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_error_line(exc, origin)) from None
    return _apply(data, origin, overrides, run_settings)


def load_object(sc: Scenario, overrides=(), **run_settings) -> Scenario:
    """A copy of ``sc`` with ``--set`` overrides and run settings applied, validated."""
    return _apply(sc.to_dict(), sc.meta.name, overrides, run_settings)


def _apply(data: dict, origin: str, overrides, run_settings: dict) -> Scenario:
    for item in overrides:
        path, value = parse_set(item)
        if path[0] not in SECTIONS:
            close = difflib.get_close_matches(path[0], list(SECTIONS), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ScenarioError(f"--set {item!r}: unknown section '{path[0]}'{hint} Allowed: "
                                f"{', '.join(SECTIONS)}")
        if path[1] not in SECTIONS[path[0]].model_fields:
            known = list(SECTIONS[path[0]].model_fields)
            close = difflib.get_close_matches(path[1], known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise ScenarioError(f"--set {item!r}: unknown field '{'.'.join(path)}'{hint} "
                                f"Allowed: {', '.join(known)}")
        data.setdefault(path[0], {})[path[1]] = value
    for key, value in run_settings.items():
        if value is not None:
            data.setdefault("run", {})[key] = value
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        origin = origin + " with your settings" if (overrides or any(
            v is not None for v in run_settings.values())) else origin
        raise ScenarioError(_error_line(exc, origin)) from None


def describe(sc: Scenario) -> str:
    """The fully resolved scenario as TOML, each field with its meaning, section and source."""
    lines = [f"# Scenario '{sc.meta.name}': {sc.meta.title}",
             f"# Source: {sc.meta.source}" if sc.meta.source else "# Source: -",
             "# Each field: its value, then what it means [the section it implements; where the",
             "# default comes from, or 'assumption' when the sources give no number].", ""]
    for sname, scls in SECTIONS.items():
        section = getattr(sc, sname)
        lines.append(f"[{sname}]")
        for fname, field in scls.model_fields.items():
            value = getattr(section, fname)
            extra = field.json_schema_extra or {}
            note = f"# {field.description} [{extra.get('ref', '')}; {extra.get('source', '')}]"
            lines.append(note)
            if value is None:
                lines.append(f"# {fname} = none")
            else:
                lines.append(f"{fname} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def assumptions(sc: Scenario) -> list[tuple[str, Any, str, str]]:
    """Every behavioural field marked as an assumption: (dotted name, value, meaning, ref)."""
    out = []
    for sname, scls in SECTIONS.items():
        for fname, field in scls.model_fields.items():
            extra = field.json_schema_extra or {}
            if extra.get("source") == "assumption" or str(extra.get("source", "")).startswith("MODEL"):
                out.append((f"{sname}.{fname}", getattr(getattr(sc, sname), fname),
                            field.description, extra.get("ref", "")))
    return out


def ppm(rate: float) -> int:
    return rate_to_ppm(rate)


def fen(yuan: float) -> int:
    return yuan_to_fen(yuan)


# --------------------------------------------------------------------------------------
# What the simulation engine cannot run yet
# --------------------------------------------------------------------------------------

#: Sections declared for the sellers' worked examples (issue 4) that the engine does not
#: simulate yet, and single fields of older sections in the same case.
_ENGINE_UNSUPPORTED_SECTIONS = ("team", "regional", "downline_release", "hidden", "chain")
_ENGINE_UNSUPPORTED_FIELDS = ("pools.monthly_rate", "pools.monthly_yuan_per_draw")


def engine_unsupported(sc: Scenario) -> list[str]:
    """Dotted names of the fields set away from their default that the engine does not
    simulate yet (``pingou draw`` counts them; ``pingou run`` cannot)."""
    names = [f"{s}.{f}" for s in _ENGINE_UNSUPPORTED_SECTIONS for f in SECTIONS[s].model_fields]
    names += _ENGINE_UNSUPPORTED_FIELDS
    out = []
    for dotted in names:
        sname, fname = dotted.split(".")
        if getattr(getattr(sc, sname), fname) != SECTIONS[sname].model_fields[fname].default:
            out.append(dotted)
    return out
