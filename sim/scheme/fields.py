"""Every scenario field, declared once: default, meaning, the section it implements, source.

One class per section of a scenario's TOML file (``[draw]``, ``[rewards]``...). ``F`` declares
a field; ``source`` says where its default comes from, or "assumption" for behaviour the
sources do not give a number for. :mod:`sim.scheme.scenario` assembles the sections, loads and
validates files, and prints them (``pingou show``).
"""

from __future__ import annotations

import datetime
import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# --------------------------------------------------------------------------------------
# Field declarations
# --------------------------------------------------------------------------------------


#: A source text that starts with this word marks a value the sources do not give (a choice of
#: the model). Used by ``F(..., source=...)`` below and by a scenario's own ``[sources]`` table.
ASSUMPTION = "assumption"


def is_assumption(source: str) -> bool:
    """Whether a source text marks an assumption (it starts with 'assumption')."""
    return source.strip().lower().startswith(ASSUMPTION)


def F(default, doc: str, ref: str, *, source: str = ASSUMPTION, allowed: str | None = None,
      **limits):
    """Declare a field: default, one-line meaning, the section it implements, its source.

    ``source`` is "assumption" for behavioural defaults the sources do not give, or the place
    the default value comes from (e.g. "RULEBOOK §4.2, 微三云模式解析"). ``allowed``, for a field
    whose type alone does not say it (a date held as text), is what a message about a value
    of the wrong type says is allowed, e.g. "a date YYYY-MM-DD".
    """
    extra = {"ref": ref, "source": source}
    if allowed is not None:
        extra["allowed"] = allowed
    return Field(default, description=doc, json_schema_extra=extra, **limits)


class Section(BaseModel):
    # allow_inf_nan=False: no field of a scenario means anything at nan or infinity (an
    # "unlimited" is spelt 'none' where a field has one), so a number must be finite, in a
    # list too (zones.weights = [nan, 1] is refused)
    model_config = ConfigDict(extra="forbid", strict=True, validate_assignment=False,
                              allow_inf_nan=False)


class Unit:
    """What a number of a field counts, for its validation (``scenario._check_units``) and its
    messages: ``WHOLE_FEN`` an amount in yuan, held to whole fen (at most two decimals);
    ``WHOLE_PPM`` a rate or share, held to whole parts per million (at most six decimals)."""

    def __init__(self, name: str, what: str):
        self.name, self.what = name, what

    def __repr__(self) -> str:
        return f"Unit({self.name!r})"


WHOLE_FEN = Unit("fen", "an amount in yuan")
WHOLE_PPM = Unit("ppm", "a number")

#: An amount in yuan, in whole fen (at most two decimals): refused otherwise, never rounded.
Money = Annotated[float, WHOLE_FEN]
#: A rate or a share, in whole parts per million (at most six decimals): refused otherwise,
#: never rounded (the engine computes with whole ppm, MODEL.md §7). Every field whose name
#: ends in ``_rate`` is held to whole ppm too.
Rate = Annotated[float, WHOLE_PPM]


def _whole(x: float) -> bool:
    """Whether ``x`` is a whole number, but for the last few bits a float computation may
    have lost (0.1 + 0.2 is 0.30000000000000004: 30 fen all the same)."""
    return abs(x - round(x)) <= 4 * math.ulp(x)


def whole_fen(yuan: float) -> bool:
    """Whether an amount in yuan is a whole number of fen (at most two decimals)."""
    return _whole(yuan * 100)


def whole_ppm(rate: float) -> bool:
    """Whether a rate is a whole number of parts per million (at most six decimals)."""
    return _whole(rate * 1_000_000)


#: The largest weight of a price zone (zones.weights): weights are relative, and their sums
#: must stay exact enough to choose by.
MAX_ZONE_WEIGHT = 1e9
#: The largest stake of a price zone, yuan.
MAX_ZONE_STAKE_YUAN = 1e9
#: The fastest a classic fund's deposits may grow in one engine day, as the exponent r_i /
#: days_per_year (e^700 is about 10^304). Beyond it one day's deposits exceed anything a
#: population can pay many times over, and computing them exactly (sim.engine.fund, to the
#: fen) takes a number with millions of digits: minutes, or hours, for one day.
MAX_FUND_GROWTH_PER_DAY = 700


def unit_of(name: str, field) -> "Unit | None":
    """The unit of field ``name`` (its declaration), or None for a plain number."""
    for m in field.metadata:
        if isinstance(m, Unit):
            return m
    if name.endswith("_yuan"):
        return WHOLE_FEN
    if name.endswith("_rate"):
        return WHOLE_PPM
    return None


class Meta(Section):
    name: str = F("custom", "Short name of the scenario.", "MODEL §8", source="-")
    title: str = F("", "One line saying what the scenario is.", "MODEL §8", source="-")
    title_zh: str = F("", "The same line in Chinese, for reports in Chinese (--lang zh; empty: "
                          "the title is used).", "MODEL §8", source="-")
    source: str = F("", "Where its rules and numbers come from.", "MODEL §8", source="-")


class Run(Section):
    participants: int = F(20_000, "Addressable population N: nobody outside it ever joins.",
                          "MODEL §2", ge=1, le=50_000_000)
    days: int = F(365, "Number of days simulated (one step is one day).", "MODEL §1", ge=1, le=3650)
    seed: int = F(1, "Seed of every random stream of the run.", "MODEL §7", source="-", ge=0,
                  le=2**63 - 1)


class Recruitment(Section):
    founders_share: Rate = F(0.0005, "Share of the population who found the scheme on day 0 "
                             "(no upline; at least founders_min when above 0), so that the story is the "
                             "same at any population size.", "MODEL §2", ge=0, le=1)
    founders_min: int = F(6, "With founders_share above 0, at least this many founders, "
                          "whatever the population (no more than the population): one for "
                          "each of the six regions of 003, so "
                          "that a small run does not hang on one founder's first contacts.",
                          "MODEL §2; RULEBOOK §2.1",
                          source="RULEBOOK §2.1 (six regions, each running its own line, "
                          "怎么做社交电商怎么起步)", ge=0, le=50_000_000)
    invite_rate: float = F(1.0, "Invitations a valid promoter sends per day (with effort = "
                           "'per-contact', a promoter with the mean number of contacts).",
                           "MODEL §2; RULEBOOK §8", ge=0, le=100)
    effort: Literal["per-promoter", "per-contact"] = F(
        "per-promoter", "How a promoter's invitations grow with their contacts: "
        "'per-promoter', invite_rate a day whatever their contacts (each person's time is the "
        "limit: a hub is reached sooner but does not invite more); 'per-contact', invite_rate "
        "x contacts / network.mean_contacts a day (with 'file', over the file's own mean number "
        "of contacts), a rate per link as in Zhu et al.'s "
        "epidemic-type models, where hubs invite more. Not read by 'well-mixed' (everyone has "
        "the same contacts).", "MODEL §2",
        source="per-promoter: equal effort, as in Gastwirth 1977; an assumption. "
        "per-contact: Zhu et al. 2017 (ANCHORS (Recruitment on social networks))")
    conversion: Rate = F(0.20, "Chance that an invited person who has not joined yet joins.",
                         "MODEL §2; RULEBOOK §2 (A3: 10-60% in the funnel)", ge=0, le=1)
    stall_day: int | None = F(None, "Day an outside event (crackdown, bad press) cuts "
                              "recruitment; 'none' (the default) for no outside stall: growth "
                              "stops by itself when the people the members know are used up.",
                              "MODEL §2", source="MODEL.md §2 (none: the stall is an outcome "
                              "of the run, not an input)", ge=0, le=3650)
    stall_factor: float = F(0.0, "Recruitment is multiplied by this from the stall day on.",
                            "MODEL §2", source="MODEL.md §2 default", ge=0, le=1)
    regions: int = F(6, "Number of regions; recruits live in their inviter's region.",
                     "RULEBOOK §2 (six regions, 怎么做社交电商怎么起步)", source="RULEBOOK §2.1, 怎么做社交电商怎么起步",
                     ge=1, le=1000)


#: The kinds of network (sim/engine/network.py's KINDS, which a test keeps equal to this).
NETWORK_KINDS = ("clustered", "small-world", "scale-free", "random", "well-mixed", "file")


class Network(Section):
    """Who knows whom among the addressable population (MODEL §2; sim/engine/network.py).
    With a network, each valid promoter's invitations go to their own contacts who have not
    joined yet (saturation is local), and a small share ``outside_reach`` to anyone not yet
    in. 'clustered' is the default; 'well-mixed' is the model without a network (an
    invitation can land on anyone), the model before the network. Each shape parameter is
    read only by its own kind."""

    kind: Literal["clustered", "small-world", "scale-free", "random", "well-mixed", "file"] = F(
        "clustered", "The network: 'clustered' (heavy-tailed with many closed triangles: a "
        "random hyperbolic graph), 'small-world' (Watts-Strogatz), 'scale-free' "
        "(Barabasi-Albert), 'random' (Erdos-Renyi G(n, m)), 'well-mixed' (no network: "
        "everyone can meet everyone) or 'file' (an edge list, network.path).", "MODEL §2",
        source="clustered: real pyramid networks are sparse, clustered and heavy-tailed "
        "(ANCHORS (Recruitment on social networks): Feng, Gong and Sun 2019; Zhu et al. 2017, "
        "2018)")
    mean_contacts: float = F(10.0, "Mean number of contacts a person has (not read by "
                             "'well-mixed' and 'file'; 'small-world' and 'scale-free' round it "
                             "to an even number).", "MODEL §2", gt=0, le=10_000)
    exponent: float = F(3.0, "'clustered': exponent of the power law of the number of contacts "
                        "(P(k) ~ k^-exponent), above 2.", "MODEL §2", gt=2, le=100)
    shuffle: float = F(0.0, "'clustered': degree-preserving link switches per link after "
                       "generation (0 = none); more switches, fewer closed triangles, every "
                       "person keeping their number of contacts.", "MODEL §2", ge=0, le=100)
    rewire: Rate = F(0.1, "'small-world': probability that each link of the ring is rewired "
                     "to a random person.", "MODEL §2", ge=0, le=1)
    path: str = F("", "'file': the edge list, two whole-number ids per line (white space or a "
                  "comma between them; '#' comments; .gz and .bz2 read as they are); ids 0 to "
                  "run.participants - 1 are people as they are, other ids are renumbered.",
                  "MODEL §2", source="-", allowed="text, the path of an edge-list file")
    outside_reach: Rate = F(0.01, "Share of a promoter's invitations that go to someone who is "
                            "not a contact, anyone not yet in (advertising, strangers), so that "
                            "a network in several pieces still fills; the inviter is the "
                            "upline all the same. Not read by 'well-mixed'.", "MODEL §2")
    refusals: Literal["remembered", "forgotten"] = F(
        "remembered", "What a contact's 'no' means: 'remembered', each invitation goes to a "
        "contact not yet in whom the promoter has not asked before, who joins with probability "
        "recruitment.conversion or says no, and is not asked by that promoter again (other "
        "contacts may still ask); 'forgotten', only successful invitations are drawn (at "
        "invite_rate x conversion a day), each to a contact not yet in, so that anyone a member "
        "knows joins in the end. Not read by 'well-mixed'.", "MODEL §2",
        source="remembered: the independent cascade model of social contagion (Kempe, "
        "Kleinberg and Tardos 2003), each contact one chance; an assumption: a friend who said "
        "no is not asked again")
    local_trust: bool = F(True, "Trust also falls with the share of the member's own contacts "
                          "in the scheme who have quit (doubt spreading through the network; "
                          "with 'well-mixed', everyone's contacts are everyone), on top of the "
                          "other signals of behaviour.", "MODEL §3",
                          source="MODEL.md §3 (on: doubt spreads through the network "
                          "recruitment used; SHIPR-type models, Xue et al. 2021)")
    trust_contact_quit_loss: float = F(0.1, "With local_trust: trust lost per day, times the "
                                       "share of the member's contacts in the scheme who have "
                                       "quit (0.1: with half of them gone, a member's trust "
                                       "falls from 0.9 below the quit threshold 0.4 in ten "
                                       "days).", "MODEL §3", source="assumption", ge=0,
                                       le=1)


class Draw(Section):
    stake_yuan: Money = F(100.0, "Stake P per seat, equal to the product's sticker price "
                          "(at least one fen, 0.01).", "RULEBOOK §3.2, §14.2",
                          source="RULEBOOK §14.2 (case 1), 微三云模式解析", ge=0.01, le=10_000_000)
    group_size: int = F(10, "Seats n per group.", "RULEBOOK §3.1", source="RULEBOOK §3.1, 微三云模式解析",
                        ge=1, le=1000)
    winners: int = F(3, "Winners w drawn per group (winning means paying and getting the product).",
                     "RULEBOOK §3.1, §3.6", source="RULEBOOK §3.1, 微三云模式解析", ge=0, le=1000)
    daily_cap: int = F(5, "Seats one member may take per day.", "RULEBOOK §3.3 (A12)",
                       source="RULEBOOK §3.3, the examples of 微三云模式解析", ge=1, le=1000)
    cost_ratio: Rate = F(0.30, "Product cost c as a share of P (what the supplier is paid); "
                         "like every rate, in whole parts per million (at most six decimals).",
                         "RULEBOOK §14.2", source="RULEBOOK §14.2 (case 1), 微三云模式解析", ge=0, le=1)


class Rewards(Section):
    loser_reward_rate: Rate = F(0.0, "Loser's cash reward into the wallet, as a share of P (item A).",
                                "RULEBOOK §4.2", source="RULEBOOK §4.2, 微三云模式解析", ge=0, le=1)
    loser_reward_yuan: Money = F(3.0, "Loser's cash reward, fixed part in yuan (added to the share).",
                                 "RULEBOOK §14.2", source="RULEBOOK §16.1 (case 1: 3 yuan), 微三云模式解析",
                                 ge=0, le=10_000_000)
    winner_shopping_gold_rate: float = F(1.0, "Shopping gold credited to a winner, as a share of P (item C).",
                                         "RULEBOOK §4.1, §5.2", source="RULEBOOK §4.1, 微三云模式解析",
                                         ge=0, le=10)
    winner_dividend_points_rate: float = F(1.0, "Dividend points given to a winner per yuan of P (item B).",
                                           "RULEBOOK §4.1, §6.1", source="RULEBOOK §4.1, 微三云模式解析",
                                           ge=0, le=10)
    consumption_points_rate: float = F(1.0, "Consumption points given to every participant per yuan "
                                       "of P (winner item F, loser item C).", "RULEBOOK §7",
                                       source="RULEBOOK §4, 微三云模式解析", ge=0, le=10)
    virtual_product: bool = F(False, "The virtual-product trick: the winner gets a virtual card "
                              "plus P in shopping coins, spent on real goods with coins plus a "
                              "cash part.", "RULEBOOK §13.2 (A44)", source="off; RULEBOOK §13.2")
    virtual_cost_yuan: Money = F(0.0, "Cost of the virtual card per win.", "RULEBOOK §13.2 (A44)",
                                 source="RULEBOOK A44 reading", ge=0, le=10_000_000)
    virtual_cash_share: Rate = F(0.3, "Cash part k of a coin redemption, as a share of the "
                                 "goods' price (k >= c).", "RULEBOOK §13.2 (A44)",
                                 source="RULEBOOK A44 reading (k = c)", ge=0, le=1)


class Release(Section):
    per_play_rate: Rate = F(0.05, "Dynamic release 1: share of P moved from shopping gold to the wallet "
                            "at each play, win or lose (winner D = loser B, A14).", "RULEBOOK §5.4, §4.3",
                            source="RULEBOOK §14.2 (case 1: 5%), 微三云模式解析", ge=0, le=1)
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
                         source="off by default; RULEBOOK §14.1 takes case 1's 2% (§14.2)", ge=0, le=1)
    monthly_rate: Rate = F(0.0, "Monthly dividend pool: share of winners' stakes per draw.",
                           "RULEBOOK §6.2 (A26)", source="off by default; RULEBOOK §14.1 takes case 1's "
                           "3% (§14.2)", ge=0, le=1)
    monthly_yuan_per_draw: Money = F(0.0, "Monthly pool, fixed yuan per draw (privilege mode: 10).",
                                     "RULEBOOK §6.2, §14.3", source="RULEBOOK §14.3", ge=0,
                                     le=10_000_000)


class Commission(Section):
    level1_rate: Rate = F(0.02, "Promotion commission to the direct upline, share of each seat's P.",
                          "RULEBOOK §10.2", source="RULEBOOK §10.2 (case 1), 微三云模式解析", ge=0, le=1)
    level2_rate: Rate = F(0.01, "Promotion commission to the indirect upline, share of each seat's P.",
                          "RULEBOOK §10.2", source="RULEBOOK §10.2 (case 1), 微三云模式解析", ge=0, le=1)
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
                        source="RULEBOOK §13.1 (start of the ramp), 微三云模式解析", ge=0, le=10_000_000)
    fee_rate: Rate = F(0.065, "Fee kept by the platform on each withdrawal.", "RULEBOOK §13.1",
                       source="RULEBOOK §13.1 (start of the ramp), 微三云模式解析", ge=0, le=1)
    min_end_yuan: Money = F(100.0, "Minimum withdrawal at the end of the ramp (control method: "
                            "500 or more).", "RULEBOOK §13.1 (A43)",
                            source="no ramp by default; RULEBOOK §13.1: 500", ge=0, le=10_000_000)
    fee_end_rate: Rate = F(0.065, "Withdrawal fee at the end of the ramp (control method: 8%).",
                           "RULEBOOK §13.1 (A43)", source="no ramp by default; RULEBOOK §13.1: 8%",
                           ge=0, le=1)
    ramp_days: int = F(0, "Days over which minimum and fee move linearly to their end values "
                       "(0 = no ramp; A43 proposes 6 months).", "RULEBOOK §13.1 (A43)",
                       ge=0, le=3650)


class Behaviour(Section):
    budget_median_yuan: Money = F(2000.0, "Median of the money a member is willing to put in over the "
                                  "whole run (log-normal; one member's budget is at most 10^16 "
                                  "yuan, more than anyone can stake in the longest run, so the "
                                  "cap changes nothing a member does).", "MODEL §3",
                                  source="MODEL.md §3 default", ge=0.01, le=100_000_000)
    budget_sigma: float = F(1.0, "Spread (sigma of the log) of members' budgets.", "MODEL §3",
                            ge=0, le=5)
    seats_per_day: float = F(1.0, "Seats a fully trusting member takes per day on average "
                             "(Poisson, capped by the daily cap and by what the member can pay).",
                             "MODEL §3", ge=0, le=1000)
    shopping_gold_hook: float = F(1.0, "Extra seats per day for a member holding shopping gold that "
                                  "only playing releases, or forced losses (a privilege) that "
                                  "only playing uses.", "MODEL §3", ge=0, le=1000)
    trust_initial: Rate = F(0.9, "Trust of a new member, in [0, 1].", "MODEL §3", ge=0, le=1)
    trust_paid_gain: float = F(0.02, "Trust gained when a withdrawal is paid in full.", "MODEL §3",
                               ge=0, le=1)
    trust_wait_loss: float = F(0.05, "Trust lost per day a member's withdrawal waits unpaid.",
                               "MODEL §3, §4", ge=0, le=1)
    trust_newcomer_loss: float = F(0.02, "Trust lost per day, times the fall of the last week's "
                                   "newcomers below the best week so far (whose newcomers: "
                                   "newcomers_watched).", "MODEL §3", ge=0, le=1)
    newcomers_watched: Literal["downline", "everyone"] = F(
        "downline", "Whose newcomers a member watches for trust_newcomer_loss: 'downline', their "
        "own downline's (every level below them; a member whose best week brought fewer than "
        "downline_notice_min newcomers reads no trend), or 'everyone', the whole scheme's (one signal for all "
        "members, the rule before the network).", "MODEL §3",
        source="MODEL.md §3 (downline: what a member sees is their own: their wallet, their "
        "recruits, their contacts); the threshold of 10 a week (downline_notice_min) is an "
        "assumption")
    downline_notice_min: int = F(10, "The fewest newcomers the watched best week must have "
                                 "brought (a member's downline's, or with 'everyone' the whole "
                                 "scheme's) before a trend is read from it; below it, no trust "
                                 "is lost to newcomers.", "MODEL §3",
                                 source="assumption", ge=1, le=1_000_000)
    trust_failed_group_loss: float = F(0.02, "Trust lost when a group a member joined fails "
                                       "(hidden-rule conflicts).", "MODEL §3; RULEBOOK §17 "
                                       "quote 4", ge=0, le=1)
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
                                  "recruiting).", "MODEL §2 (policy lever)", source="policy lever",
                                  ge=0, le=3650)
    withdrawal_freeze_day: int | None = F(None, "From this day no withdrawal is paid; requests "
                                          "wait.", "MODEL §4 (policy lever)", source="policy lever",
                                          ge=0, le=3650)
    withdrawal_cap_day: int | None = F(None, "From this day each withdrawal request is capped at "
                                       "withdrawal_cap_yuan.", "MODEL §4 (policy lever)",
                                       source="policy lever", ge=0, le=3650)
    withdrawal_cap_yuan: Money = F(500.0, "The cap on one withdrawal request.", "MODEL §4-§5 (policy lever)",
                                   source="policy lever", ge=0, le=10_000_000)
    reserve_day: int | None = F(None, "From this day the platform must hold cash of at least "
                                "reserve_ratio times its outstanding money promises (wallets, "
                                "waiting withdrawals, shopping gold); the operator may not take "
                                "it, and at an exit it is paid out to members pro rata to their "
                                "claims.", "MODEL §5 (policy lever)", source="policy lever",
                                ge=0, le=3650)
    reserve_ratio: float = F(0.5, "The reserve requirement as a share of outstanding promises.",
                             "MODEL §4-§5 (policy lever)", source="policy lever", ge=0, le=10)
    commission_levels_day: int | None = F(None, "From this day commissions are paid on at most "
                                          "commission_levels levels above a seat.", "MODEL §4-§5 (policy lever)",
                                          source="policy lever", ge=0, le=3650)
    commission_levels: int = F(3, "Paid commission levels allowed under the cap.", "ANCHORS (3 levels: the criminal threshold)", source="policy lever",
                               ge=0, le=1000)
    release_cap_day: int | None = F(None, "From this day each member's shopping-gold release is "
                                    "capped per day at release_cap_yuan.", "MODEL §4-§5 (policy lever)",
                                    source="policy lever", ge=0, le=3650)
    release_cap_yuan: Money = F(10.0, "The cap on one member's release per day.", "MODEL §4-§5 (policy lever)",
                                source="policy lever", ge=0, le=10_000_000)
    audit_day: int | None = F(None, "From this day an audit stops the operator's extraction and "
                              "its exit.", "MODEL §5 (policy lever)", source="policy lever",
                              ge=0, le=3650)


# --------------------------------------------------------------------------------------
# The rest of the rulebook: commission ladders, agents, dynamic release 2, hidden rules and
# everything after. Every default is 0 / off, so a scenario that does not set them is the
# plain scheme above.
# --------------------------------------------------------------------------------------

_FROM_002 = "off by default; values per preset from RULEBOOK §10.2, 微三云模式解析"


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
    tier1_share: Rate = F(0.0, "Share of members who hold team tier 1 from the day they join "
                          "(tiers are static, A1).", "RULEBOOK §1.1 (A1)", ge=0, le=1)
    tier2_share: Rate = F(0.0, "Share of members who hold team tier 2.", "RULEBOOK §1.1 (A1)",
                          ge=0, le=1)
    tier3_share: Rate = F(0.0, "Share of members who hold team tier 3.", "RULEBOOK §1.1 (A1)",
                          ge=0, le=1)


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
    agents: bool = F(False, "Every district, city and province has an agent: the first member "
                     "to join there (the sources do not say how agents are chosen, A1).",
                     "RULEBOOK §1.1 (A1), §10.3")
    districts_per_city: int = F(2, "Districts (recruitment.regions) per city.", "RULEBOOK §10.3",
                                ge=1, le=1000)
    cities_per_province: int = F(3, "Cities per province.", "RULEBOOK §10.3", ge=1, le=1000)


class DownlineRelease(Section):
    """Dynamic release 2 (RULEBOOK §5.5, A21): a downline's seat releases the upline's shopping
    gold into the upline's wallet, capped by the upline's balance. Only the fixed mode has values
    in the sources (Appendix 2); the ratio-of-balance mode has none."""

    direct_yuan: Money = F(0.0, "Shopping gold the direct upline releases per seat a direct "
                           "downline takes.", "RULEBOOK §5.5, §14.4",
                           source="off by default; Appendix 2: 1 yuan (RULEBOOK §14.4, 微三云模式解析)",
                           ge=0, le=10_000_000)
    indirect_yuan: Money = F(0.0, "Shopping gold the indirect upline releases per seat an "
                             "indirect downline takes.", "RULEBOOK §5.5, §14.4",
                             source="off by default; Appendix 2: 0.5 yuan (RULEBOOK §14.4, 微三云模式解析)",
                             ge=0, le=10_000_000)


class Hidden(Section):
    """The operator's hidden rules 4 and 5 (拼团隐藏规则, RULEBOOK §9): forced losses, which a
    member welcomes because losing pays (the "no-win privilege", 不中奖特权)."""

    privilege_after_wins: int = F(0, "Hidden rule 4: after this many cumulative wins a member "
                                  "gets privilege_losses forced losses in a row (0 = off).",
                                  "RULEBOOK §9.1 rule 4, §14.3",
                                  source="off by default; privilege mode: 10 (RULEBOOK §14.3, 微三云模式解析)",
                                  ge=0, le=1_000_000)
    privilege_losses: int = F(0, "Hidden rule 4: forced losses in a row that the privilege "
                              "promises.", "RULEBOOK §9.1 rule 4, §14.3",
                              source="off by default; privilege mode: 200 (RULEBOOK §14.3, 微三云模式解析)",
                              ge=0, le=1_000_000)
    privilege_rearm: bool = F(True, "Rule 4 triggers again at every multiple of "
                              "privilege_after_wins, not only once.", "RULEBOOK §9.2 (A32)",
                              source="RULEBOOK §9.2 proposed reading")
    window_plays: int = F(0, "Hidden rule 5: plays per block; once a member has won "
                          "window_max_wins times in a block, the rest of the block must lose "
                          "(0 = off).", "RULEBOOK §9.1 rule 5, §9.2 (A34), §14.4",
                          source="off by default; Appendix 2: 5 (RULEBOOK §14.4, 微三云模式解析)",
                          ge=0, le=1_000_000)
    window_max_wins: int = F(0, "Hidden rule 5: most wins allowed per block of window_plays.",
                             "RULEBOOK §9.1 rule 5, §14.4",
                             source="off by default; Appendix 2: 1 (RULEBOOK §14.4, 微三云模式解析)",
                             ge=0, le=1_000_000)
    first_of_day_loses: bool = F(False, "Hidden rule 1: in each group, the first member (in join "
                                 "order) on their first play of the day must lose.",
                                 "RULEBOOK §9.1 rule 1 (A30)", source="RULEBOOK §9.1, 微三云模式解析")
    new_user_loses: bool = F(False, "Hidden rule 2: in each group, the first member on their "
                             "first play ever must lose.", "RULEBOOK §9.1 rule 2 (A30)",
                             source="RULEBOOK §9.1, 微三云模式解析")
    literal_seat1: bool = F(False, "Rules 1-2 look only at the group's first seat, instead of "
                            "the first qualifying member (A30 alternative).", "RULEBOOK §9.1 (A30)",
                            source="RULEBOOK §9.1 alternative reading")
    streak_wins: int = F(0, "Hidden rule 3: after this many wins in a row a member gets "
                         "streak_losses forced losses (0 = off).", "RULEBOOK §9.1 rule 3",
                         source="off; the sources give no numbers", ge=0, le=1_000_000)
    streak_losses: int = F(0, "Hidden rule 3: forced losses after a winning streak.",
                           "RULEBOOK §9.1 rule 3", source="off; the sources give no numbers",
                           ge=0, le=1_000_000)
    void_permanently: bool = F(False, "Under 'random_draw', a privileged member who wins loses "
                               "the rest of the privilege (A37 alternative).", "RULEBOOK §9.3 (A37)",
                               source="RULEBOOK §9.3 alternative reading")
    conflict: Literal["fail_and_reopen", "random_draw"] = F(
        "fail_and_reopen", "When fewer members than winners may win: the group fails, stakes "
        "are refunded and it reopens (成团流失), or the draw goes ahead and the privilege is void "
        "for it (随机开奖).", "RULEBOOK §9.3 (A35-A37)",
        source="RULEBOOK §14.3 (the resolution privilege mode describes), 微三云模式解析")


class Chain(Section):
    """The worked examples' assumption about the recruitment tree (RULEBOOK §10.1)."""

    complete: bool = F(False, "Every seat has a direct and an indirect upline, every team tier "
                       "and every regional agent above it, all entitled to be paid, and each "
                       "upline holds enough shopping gold for dynamic release 2 (「10个人都有上级」). "
                       "`pingou draw` always counts a draw this way, as the brochures do; when "
                       "this is off it marks those lines as upper bounds. A simulation ignores it: "
                       "there the chain is whatever recruitment built.", "RULEBOOK §10.1, §16.1",
                       source="off by default; the worked examples of 微三云模式解析 assume it")


class Store(Section):
    """Store tiers (店铺奖励, RULEBOOK §10.3, A39): a differential ladder of its own over the
    upline chain, like the team layer. Off in every preset."""

    tier1_rate: Rate = F(0.0, "Store tier 1 (lowest), share of each seat's P.", "RULEBOOK §10.3 (A39)",
                         source="off; rules example 1% (RULEBOOK §10.2)", ge=0, le=1)
    tier2_rate: Rate = F(0.0, "Store tier 2, share of each seat's P.", "RULEBOOK §10.3 (A39)",
                         source="off; rules example 2%", ge=0, le=1)
    tier3_rate: Rate = F(0.0, "Store tier 3 (highest), share of each seat's P.",
                         "RULEBOOK §10.3 (A39)", source="off; rules example 3%", ge=0, le=1)
    tier1_share: Rate = F(0.0, "Share of members holding store tier 1.", "RULEBOOK §10.3 (A39)",
                          ge=0, le=1)
    tier2_share: Rate = F(0.0, "Share of members holding store tier 2.", "RULEBOOK §10.3 (A39)",
                          ge=0, le=1)
    tier3_share: Rate = F(0.0, "Share of members holding store tier 3.", "RULEBOOK §10.3 (A39)",
                          ge=0, le=1)


class Gift(Section):
    """Membership gift packages (会员制大礼包, RULEBOOK §11, 鸟哥笔记 2021): buying one confers an
    identity. The sources give no prices or rates (A40): every number here is an input."""

    vip_price_yuan: Money = F(0.0, "Price of the VIP package (0 = not sold).", "RULEBOOK §11 (A40)",
                              ge=0, le=10_000_000)
    special_price_yuan: Money = F(0.0, "Price of the 特约 (contracted) package.", "RULEBOOK §11 (A40)",
                                  ge=0, le=10_000_000)
    cofounder_price_yuan: Money = F(0.0, "Price of the 联创 (co-founder) package.",
                                    "RULEBOOK §11 (A40)", ge=0, le=10_000_000)
    agent_price_yuan: Money = F(0.0, "Price of the regional-agent package (makes the buyer the "
                                "agent of their district).", "RULEBOOK §11 (A40)", ge=0,
                                le=10_000_000)
    vip_share: Rate = F(0.0, "Share of new members who buy the VIP package on joining.",
                        "RULEBOOK §11", ge=0, le=1)
    special_share: Rate = F(0.0, "Share of new members who buy the 特约 package.", "RULEBOOK §11",
                            ge=0, le=1)
    cofounder_share: Rate = F(0.0, "Share of new members who buy the 联创 package.",
                              "RULEBOOK §11", ge=0, le=1)
    agent_share: Rate = F(0.0, "Share of new members who buy the regional-agent package.",
                          "RULEBOOK §11", ge=0, le=1)
    product_cost_ratio: Rate = F(0.3, "Cost of a package's goods as a share of its price.",
                                 "RULEBOOK §11 (A40)", ge=0, le=1)
    referral_level1_rate: Rate = F(0.0, "Commission to the buyer's direct upline, share of the "
                                   "package price (VIP gift-package promotion income).",
                                   "RULEBOOK §11 (A41)", ge=0, le=1)
    referral_level2_rate: Rate = F(0.0, "Commission to the buyer's indirect upline.",
                                   "RULEBOOK §11 (A41)", ge=0, le=1)
    ordinary_earn_group_commission: bool = F(True, "Ordinary members (no package) are paid "
                                             "promotion commissions on their downlines' seats; "
                                             "鸟哥笔记 2021 says they only earn on mall purchases "
                                             "(false), the worked examples of 微三云模式解析 pay every "
                                             "upline (true).",
                                             "RULEBOOK §11 (A41)",
                                             source="true: the worked examples of 微三云模式解析; the "
                                             "gift-package "
                                             "preset sets false (鸟哥笔记 2021)")


class Robots(Section):
    """Robot fill and manual opening with virtual users (机器人补位, RULEBOOK §3.5, A13)."""

    fill: Literal["off", "daily"] = F("off", "At the end of each day the operator completes the "
                                      "last unfilled group with robots ('daily') or never ('off').",
                                      "RULEBOOK §3.5 (A13)", source="off (RULEBOOK A13 reading)")
    can_win: bool = F(True, "Robots take part in the draw; a robot 'win' is a winner who pays "
                      "nothing.", "RULEBOOK §3.5 (A13)", source="RULEBOOK A13 reading")


class Zones(Section):
    """Price zones (拼团区, RULEBOOK §3.2, A10-A11). Each zone has its own queue."""

    stakes_yuan: list[float] = F([], "Standard zones' stakes; empty = one zone at draw.stake_yuan. "
                                 "The rules list 99/299/399/599.", "RULEBOOK §3.2 (A10)",
                                 source="RULEBOOK §3.2, 微三云模式解析")
    weights: list[float] = F([], "How new members choose their zone among those they can afford "
                             "(at least 10 stakes in their budget); empty = equal. One weight "
                             "per zone, each a finite number from 0 to 1e9, not all 0.",
                             "RULEBOOK §3.2")
    large_stakes_yuan: list[float] = F([], "Large prepaid zones' stakes (万元区...), open only to "
                                       "large prepaid members.", "RULEBOOK §3.2 (A11)",
                                       source="RULEBOOK §3.2, 微三云模式解析 (10,000 to 1,000,000)")
    large_prepaid_share: Rate = F(0.0, "Share of new members who are large prepaid customers "
                                  "(大额预存充值客户).", "RULEBOOK §3.2 (A11)", ge=0, le=1)
    large_budget_median_yuan: Money = F(200_000.0, "Median budget of a large prepaid member "
                                        "(capped like behaviour.budget_median_yuan's).",
                                        "RULEBOOK §3.2", ge=0.01, le=1e12)


class Points(Section):
    """Dividend points, the points pool and its calendar, consumption points (RULEBOOK §6-§7)."""

    calendar_start: str = F("2025-01-01", "Date of day 0, for the points pool's monthly "
                            "calendar (days 1-5 in/out, 6-24 in only, 25-end frozen, A23): "
                            "YYYY-MM-DD, quoted or a TOML date, so that the run's last day "
                            "comes no later than 9999-12-31.",
                            "RULEBOOK §6.2 (A23)", source="assumption: any date; months matter",
                            allowed='a date YYYY-MM-DD, e.g. "2025-01-01"')
    move_to_pool: bool = F(True, "Members move every whole hundred of free dividend points into "
                           "the pool as soon as the calendar allows.", "RULEBOOK §6.2-§6.3")
    consumption_point_value_yuan: float = F(0.0, "What one consumption point is worth in the "
                                            "points mall, counted as a promise (0 = nothing, "
                                            "cash accounting).", "RULEBOOK §7 (A28)",
                                            source="RULEBOOK A28 reading", ge=0, le=100)


class Valuation(Section):
    """What a member's goods would cost in an ordinary shop, for the shop measure of who lost
    money (MODEL.md §6). It moves no money: it only values the goods members ended up with."""

    retail_margin: Rate = F(0.20, "A shop's margin as a share of its price: the goods' market "
                            "price is their cost / (1 - retail_margin), so the market price of "
                            "goods that cost 80 yuan is 100 yuan at 0.20.", "MODEL §6",
                            source="assumption (MODEL.md §6: the fair-shop control's margin)",
                            ge=0, lt=1)


class Ads(Section):
    """Outside revenue the sources claim (RULEBOOK §13.3): off, because no source backs it."""

    yuan_per_active_member_month: Money = F(0.0, "Ad revenue per member who played that day, per "
                                            "month (claims range 15 to 26.7).",
                                            "RULEBOOK §13.3", source="off (RULEBOOK §13.3 reading)",
                                            ge=0, le=1000)


class Funnel(Section):
    """The organised "7+21" funnel of 怎么做社交电商怎么起步 (RULEBOOK §2) as a recruitment channel."""

    enabled: bool = F(False, "Each region pulls a 500-person group into a 7-day warm-up every "
                      "week; converts do 21 days of tasks, then join.", "RULEBOOK §2",
                      source="off; RULEBOOK §2.1, 怎么做社交电商怎么起步")
    regions: int = F(6, "Regions running the funnel (大区).", "RULEBOOK §2.1",
                     source="RULEBOOK §2.1, 怎么做社交电商怎么起步", ge=1, le=1000)
    group_size: int = F(500, "People pulled into each weekly group.", "RULEBOOK §2.1",
                        source="RULEBOOK §2.1, 怎么做社交电商怎么起步", ge=1, le=1_000_000)
    new_fraction: Rate = F(1.0, "Share of each group who are new to the scheme (A2).",
                           "RULEBOOK §2.3 (A2)", source="RULEBOOK A2 reading (upper bound)",
                           ge=0, le=1)
    conversion: Rate = F(0.10, "Share who type '1' after the warm-up (A3: 10-60%).",
                         "RULEBOOK §2.3 (A3)", source="RULEBOOK A3 reading (the stated floor)",
                         ge=0, le=1)
    warmup_days: int = F(7, "Phase 1 (warm-up) days.", "RULEBOOK §2.1", source="怎么做社交电商怎么起步", ge=0,
                         le=365)
    task_days: int = F(21, "Phase 2 (tasks) days.", "RULEBOOK §2.1", source="怎么做社交电商怎么起步", ge=0,
                       le=365)
    start_day: int = F(0, "Day the first weekly groups open.", "RULEBOOK §2.3 (A8)", ge=0, le=3650)
    task_reward_yuan: Money = F(0.0, "Cash the platform pays each convert for the tasks (A4).",
                                "RULEBOOK §2.3 (A4)", source="RULEBOOK A4 reading", ge=0,
                                le=10_000_000)



_INPUT = "input: a parameter of Artzrouni's model"
_SCALE = "scaling choice (the mean-field limit does not depend on it)"


class Fund(Section):
    """A classic Ponzi fund (ANCHORS.md: Artzrouni 2009; :mod:`sim.engine.fund`): deposits at a growing
    rate, a promised rate on deposited capital, a real return on the fund's cash. Withdrawals at
    rate r_w are the static release (``release.static_daily_rate`` = r_w / days_per_year) paid
    out by the ordinary withdrawals. Off by default; the classic-ponzi preset turns it on."""

    enabled: bool = F(False, "Run the scheme as a classic fund: deposits, promised interest, "
                      "a return on the cash.", "ANCHORS (Artzrouni 2009)", source="off")
    days_per_year: float = F(365.0, "Engine days per model year (the rates below are yearly).",
                             "ANCHORS (Artzrouni 2009)", source=_SCALE, gt=0, le=100_000)
    initial_deposit_yuan: Money = F(0.0, "K: the first depositor's deposit on day 0.",
                                    "ANCHORS (Artzrouni 2009)", source=_INPUT, ge=0, le=1e13)
    deposit_start_yuan_year: float = F(0.0, "s0: deposits per year at time 0 (yuan per year).",
                                       "ANCHORS (Artzrouni 2009)", source=_INPUT, ge=0, le=1e13)
    deposit_growth_year: float = F(0.0, "r_i: growth rate of deposits per year, s(t) = "
                                   "s0 e^(r_i t); r_i / days_per_year at most 700.", "ANCHORS (Artzrouni 2009)", source=_INPUT,
                                   ge=-100, le=100)
    deposit_end_year: float | None = F(None, "Deposits stop from this time (years; 'none' = "
                                       "never): Ponzi's bad press of July 1920.",
                                       "ANCHORS (Artzrouni 2009)", source=_INPUT, ge=0, le=1000)
    deposit_yuan: Money = F(1000.0, "What one new depositor puts in (the day's amount is split "
                            "among as many depositors as it takes; at least one fen, 0.01).",
                            "ANCHORS (Artzrouni 2009)", source=_SCALE, ge=0.01, le=1e13)
    promised_rate_year: float = F(0.10, "r_p: promised rate per year, credited daily to each "
                                  "depositor's promised capital (shopping gold).",
                                  "ANCHORS (Artzrouni 2009)",
                                  source="Artzrouni's introductory example: 10%", ge=0, le=100)
    return_rate_year: float = F(0.0, "r_n: real (nominal) return per year on the fund's cash.",
                                "ANCHORS (Artzrouni 2009)",
                                source="Artzrouni's introductory example: 2% or 3%", ge=0, le=100)


def _check_issue3(sc) -> None:
    """Relations between the rulebook-issue fields."""
    t = sc.team
    if t.tier1_share + t.tier2_share + t.tier3_share > 1 + 1e-9:
        raise ValueError(f"team.tier1_share + tier2_share + tier3_share = "
                         f"{t.tier1_share + t.tier2_share + t.tier3_share:g}: must be at most 1")
    st = sc.store
    if st.tier1_share + st.tier2_share + st.tier3_share > 1 + 1e-9:
        raise ValueError("store.tier1_share + tier2_share + tier3_share: must be at most 1")
    g = sc.gift
    if g.vip_share + g.special_share + g.cofounder_share + g.agent_share > 1 + 1e-9:
        raise ValueError("gift.vip_share + special_share + cofounder_share + agent_share: must be "
                         "at most 1")
    z = sc.zones
    for name in ("stakes_yuan", "large_stakes_yuan"):
        values = getattr(z, name)
        for v in values:
            if not (0.01 <= v <= MAX_ZONE_STAKE_YUAN and whole_fen(v)):
                raise ValueError(
                    f"zones.{name} = {values!r}: holds {v!r}; each stake must be an amount in "
                    f"yuan from 0.01 to {MAX_ZONE_STAKE_YUAN:,.0f}, in whole fen (at most two "
                    "decimals)")
    if z.weights and len(z.weights) != len(z.stakes_yuan):
        raise ValueError(f"zones.weights = {z.weights!r}: {len(z.weights)} values for "
                         f"{len(z.stakes_yuan)} zones (zones.stakes_yuan); give one weight per "
                         "zone, or none ([])")
    if any(not 0 <= w <= MAX_ZONE_WEIGHT for w in z.weights) or (z.weights
                                                                  and sum(z.weights) <= 0):
        raise ValueError(f"zones.weights = {z.weights!r}: each weight must be a number from 0 "
                         f"to {MAX_ZONE_WEIGHT:,.0f}, and not all 0")
    if z.large_prepaid_share > 0 and not z.large_stakes_yuan:
        raise ValueError("zones.large_prepaid_share > 0 needs zones.large_stakes_yuan")
    try:
        start = datetime.date.fromisoformat(sc.points.calendar_start)
    except ValueError:
        raise ValueError(f"points.calendar_start = {sc.points.calendar_start!r}: must be a date "
                         "YYYY-MM-DD") from None
    # the run's last day, start + days - 1, must be a date of the calendar (9999-12-31 at most)
    latest = datetime.date.max - datetime.timedelta(days=sc.run.days - 1)
    if start > latest:
        raise ValueError(f"points.calendar_start = {sc.points.calendar_start!r}: a run of "
                         f"{sc.run.days} days from it ends after 9999-12-31, the calendar's last "
                         f"date; must be a date YYYY-MM-DD no later than {latest.isoformat()} "
                         "(or run fewer days)")
    w = sc.withdrawal
    if w.ramp_days and (w.min_end_yuan < w.min_yuan or w.fee_end_rate < w.fee_rate):
        raise ValueError("withdrawal.min_end_yuan and fee_end_rate: must not be below min_yuan and "
                         "fee_rate (the ramp only raises them)")
    f = sc.fund
    if f.enabled and f.deposit_growth_year / f.days_per_year > MAX_FUND_GROWTH_PER_DAY:
        raise ValueError(
            f"fund.deposit_growth_year = {f.deposit_growth_year!r} with fund.days_per_year = "
            f"{f.days_per_year!r}: deposits would grow by e^"
            f"{f.deposit_growth_year / f.days_per_year:.6g} in one engine day; "
            f"deposit_growth_year / days_per_year must be at most {MAX_FUND_GROWTH_PER_DAY}")
    r = sc.rewards
    if r.virtual_product and r.virtual_cash_share < sc.draw.cost_ratio:
        raise ValueError(f"rewards.virtual_cash_share = {r.virtual_cash_share:g}: must be at "
                         f"least draw.cost_ratio ({sc.draw.cost_ratio:g}), the cash part covers "
                         "the cost (RULEBOOK §13.2, A44)")


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




def _check_network(sc) -> None:
    """The network fits the population, and a 'file' network names its file (whether the file
    can be read is known only when the run builds the network)."""
    net, n = sc.network, sc.run.participants
    if net.kind == "file" and not net.path.strip():
        raise ValueError("network.kind = 'file' needs network.path, the path of an edge list")
    if net.kind in ("small-world", "scale-free"):
        links = 2 * max(1, round(net.mean_contacts / 2))
        if links >= n:
            raise ValueError(f"network.mean_contacts = {net.mean_contacts:g}: kind "
                             f"{net.kind!r} gives everyone {links} contacts, which needs more "
                             f"than the {n:,} people of run.participants; at most "
                             f"{2 * ((n - 1) // 2)} here")
    elif net.kind == "clustered" and net.mean_contacts > n / 2:
        # NetworKit's hyperbolic generator does not return when the mean degree is more than
        # about half the nodes (seen at 12 people x 8 contacts and 16 x 10; fine up to n / 2)
        raise ValueError(f"network.mean_contacts = {net.mean_contacts:g}: kind 'clustered' "
                         f"needs at least twice as many people as mean contacts; at most "
                         f"{n / 2:g} with the {n:,} people of run.participants (or "
                         f"network.kind = \"well-mixed\" for a population this small)")
    elif net.kind == "random" and net.mean_contacts > n - 1:
        raise ValueError(f"network.mean_contacts = {net.mean_contacts:g}: must be at most "
                         f"run.participants - 1 = {n - 1:,}")
