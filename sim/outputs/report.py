"""``report.html``: one self-contained page a journalist can send on (figures embedded).

Every sentence is built here from the run's own figures, in English or Chinese (the templates
are in :mod:`sim.outputs.i18n`); the page layout is the Jinja2 template ``templates/report.html.j2``.
"""

from __future__ import annotations

import base64

import jinja2
import numpy as np
import pandas as pd
from markupsafe import Markup

from sim.analysis.brochure import per_draw
from sim.analysis.lasted import PROMISE_FLOWS
from sim.outputs import plots
from sim.engine import valuation
from sim.outputs.i18n import (SAME_SHARE, TEXTS, assumption_zh, cjk_font_face, compared, count,
                              money, pct, pct_exact, pcts, source_zh, t, tidy_zh)
from sim.scheme.scenario import assumptions, toml_value

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("sim.outputs", "templates"),
                          autoescape=jinja2.select_autoescape(["html", "j2"]),
                          keep_trailing_newline=True)

#: Rules shown beside the assumptions (scenario fields, dotted).
RULE_FIELDS = ("draw.stake_yuan", "draw.group_size", "draw.winners", "draw.cost_ratio",
               "rewards.loser_reward_yuan", "rewards.loser_reward_rate",
               "rewards.winner_shopping_gold_rate", "release.per_play_rate",
               "release.static_daily_rate", "commission.level1_rate", "commission.level2_rate",
               "withdrawal.min_yuan", "withdrawal.fee_rate")


def _yuan_down(fen: int, lang: str) -> str:
    """A loss (a negative fen amount) as the amount lost."""
    return money(-int(fen), lang)


def end_holdings(summary: dict) -> tuple[int, int]:
    """(balances at the value the scheme gives them, what members could walk away with) on the
    last day, in fen: from ``summary["at_stall"]`` where the run has it; otherwise the balances
    the summary lists (wallets, shopping gold, waiting withdrawals, queued stakes, consumption
    points at their value) and the identity's walk-away term."""
    walk = int(summary["shop_identity"]["plus"].get("walk_away_fen", 0))
    at = summary.get("at_stall")
    if at and "told_balances_end_fen" in at:
        return int(at["told_balances_end_fen"]), int(at.get("walk_away_end_fen", walk))
    out = summary["outstanding"]
    held = (out["wallets_fen"] + out["shopping_gold_fen"] + out["withdrawals_waiting_fen"]
            + out["stakes_held_fen"] + out.get("consumption_points_value_fen", 0))
    return int(held), walk


def lead(summary: dict, lang: str = "en") -> str:
    """The first line: the share behind a shop, with the median loss of those behind and the
    total they lost; when nobody is behind, says so (and why)."""
    s = summary
    n = count(s["participants"])
    if s["participants"] == 0:
        return t(lang, "lead_nobody")
    if s["share_losing_shop"] > 0:
        return t(lang, "lead_behind", share=pct_exact(s["share_losing_shop"]), participants=n,
                 median=_yuan_down(s["median_net_shop_fen"], lang),
                 lost=money(s["lost_shop_fen"], lang))
    if s.get("gained_shop_fen", 0) > 0:
        return t(lang, "lead_ahead", participants=n, gained=money(s["gained_shop_fen"], lang))
    walk = s["shop_identity"]["plus"].get("walk_away_fen", 0)
    return t(lang, "lead_even_walk" if walk else "lead_even", participants=n)


def headline(summary: dict, lang: str = "en") -> list[str]:
    """The plain-language headline: the first line is the lead (the share behind a shop, the
    median loss of those behind, the total lost); then what the scheme tells members beside the
    shop measure, what members hold and what it is worth, the cash, cost and sticker measures
    described as what they are, the operator's take, the stall, the early warning (the day the
    week's net inflow turned negative) and how it ended."""
    s = summary
    lines = [lead(s, lang)]
    if s["participants"] == 0:
        return lines
    told, shop = pcts(s["share_losing_told"], s["share_losing_shop"])
    lines.append(t(lang, "hl_told_shop", told=told, shop=shop))
    held, walk = end_holdings(s)
    if held or walk:
        lines.append(t(lang, "hl_holdings", told_balances=money(held, lang),
                       walk_away=money(walk, lang)))
    else:
        lines.append(t(lang, "hl_holdings_none"))
    cash, cost, sticker = pcts(s["share_losing_cash"], s["share_losing_cost"],
                               s["share_losing_sticker"])
    valuations = t(lang, "hl_cash", cash=cash, cost=cost, sticker=sticker,
                   median_loss=money(s["median_loss_cash_fen"], lang))
    if s["share_losing_shop"] == 0 and s["share_losing_cash"] > 0:
        valuations += t(lang, "hl_cash_shop_note")
    elif s["share_losing_sticker"] < 0.5:
        valuations += t(lang, "hl_sticker_note")
    lines.append(valuations)
    lines.append(t(lang, "hl_operator", operator=money(s["operator_take_fen"], lang),
                   paid_in=money(s["paid_in_fen"], lang),
                   withdrawn=money(s["withdrawn_fen"], lang)))
    peak = s["recruitment_peak_day"]
    if s["stall_day"] is not None:
        lines.append(t(lang, "hl_stall_outside", stall=s["stall_day"], peak=peak))
    elif s.get("lasted", {}).get("recruited_by") != "contacts":
        lines.append(t(lang, "hl_stall_own", peak=peak))
    else:  # invitations on a network: the members' contacts ran out, not the population
        lines.append(t(lang, "hl_stall_own_network", peak=peak, joined=count(s["participants"]),
                       population=count(s["population"])))
    warning = s.get("early_warning") or {}
    if warning.get("day") is not None:
        ahead = warning.get("lead_days")
        if s["collapse_day"] is None:
            when = t(lang, "hl_warning_none")
        elif ahead is None:  # the exit came first: the warning came too late to be one
            when = None
        elif ahead == 0:
            when = t(lang, "hl_warning_same")
        else:
            when = (t(lang, "hl_warning_lead_one") if ahead == 1
                    else t(lang, "hl_warning_lead", days=ahead))
        if when is not None:
            lines.append(t(lang, "hl_warning", day=warning["day"], window=warning["window_days"],
                           lead=when))
    out = s["outstanding"]
    if s["collapse_day"] is not None:
        lines.append(t(lang, "hl_exit", day=s["collapse_day"],
                       wallets=money(out["wallets_fen"] + out["withdrawals_waiting_fen"], lang),
                       gold=money(out["shopping_gold_fen"], lang)))
    elif s["activity_end_day"] is not None:
        lines.append(t(lang, "hl_activity", day=s["activity_end_day"], peak=s["peak_day"],
                       stranded=money(s["stranded_at_activity_end_fen"] or 0, lang)))
    else:
        lines.append(t(lang, "hl_running", day=s["days"] - 1))
    return lines


# -- comparisons: each written by i18n.compared from the run's own figures ---------------------

#: Regions with fewer members than this are left out of the comparison of regions (said so).
REGION_MIN_MEMBERS = 30
#: The tolerance of "about the same" for two shares, in percentage points, as the page says it.
SAME_POINTS = round(SAME_SHARE * 100)


def _group_of(parts: pd.DataFrame, mask) -> dict:
    """A group's figures as ``summary.json`` gives them, worked out from ``participants``."""
    net = parts.loc[mask, "net_shop_fen"].to_numpy()
    return {"members": int(net.size),
            "share_losing_shop": float((net < 0).mean()) if net.size else 0.0,
            "median_net_shop_all_fen": int(round(float(np.median(net)))) if net.size else 0}


def _groups(summary: dict, participants: pd.DataFrame | None) -> dict:
    """The groups compared: the summary's where it has them, otherwise (``no_downline``, and
    any median missing) worked out from ``participants`` when given."""
    out = {k: dict(summary[k]) for k in ("first_tenth", "last_half", "uplines_10plus")
           if k in summary}
    if "no_downline" in summary:
        out["no_downline"] = dict(summary["no_downline"])
    if participants is not None and len(participants):
        p = participants
        ids = p["id"].to_numpy()
        masks = {"first_tenth": ids < max(1, int(np.ceil(len(p) * 0.1))),
                 "last_half": ids >= len(p) // 2,
                 "uplines_10plus": p["downline_size"].to_numpy() >= 10,
                 "no_downline": p["downline_size"].to_numpy() == 0}
        for name, mask in masks.items():
            if name not in out or "median_net_shop_all_fen" not in out[name]:
                out[name] = {**_group_of(p, mask), **out.get(name, {})}
    return out


def _pair(lang: str, key: str, a: dict, b: dict, a_slot: str, b_slot: str) -> str:
    """Two groups compared on the share behind a shop and, where both have it, on the median
    result of all their members: one sentence from ``key``, one from ``key_median``."""
    sa, sb = pcts(a["share_losing_shop"], b["share_losing_shop"])
    text = compared(lang, key, a["share_losing_shop"], b["share_losing_shop"], SAME_SHARE,
                    **{a_slot: sa, b_slot: sb, f"{a_slot}_n": count(a["members"]),
                       f"{b_slot}_n": count(b["members"]), "tol": SAME_POINTS})
    ma, mb = a.get("median_net_shop_all_fen"), b.get("median_net_shop_all_fen")
    if ma is not None and mb is not None and (a["share_losing_shop"] or b["share_losing_shop"]
                                              or ma or mb):
        text += compared(lang, f"{key}_median", ma, mb,
                         **{a_slot: money(ma, lang), b_slot: money(mb, lang)})
    return text


def region_comparison(participants: pd.DataFrame, lang: str = "en") -> str | None:
    """The region with the largest share behind a shop against the one with the smallest
    (regions with at least :data:`REGION_MIN_MEMBERS` members); None with fewer than two."""
    p = participants
    sizes = p.groupby("region", sort=False).size()
    kept = sorted((r for r, size in sizes.items() if size >= REGION_MIN_MEMBERS),
                  key=plots._natural)
    if len(kept) < 2:
        return None
    behind = (p["net_shop_fen"] < 0).groupby(p["region"], sort=False).mean()
    shares = {r: float(behind[r]) for r in kept}
    hi = max(kept, key=lambda r: shares[r])  # the first in natural order on a tie
    lo = min(kept, key=lambda r: shares[r])
    if shares[hi] == shares[lo]:
        hi, lo = kept[-1], kept[0]
    a, b = pcts(shares[hi], shares[lo])
    return compared(lang, "cmp_region", shares[hi], shares[lo], SAME_SHARE, min=REGION_MIN_MEMBERS,
                    hi_region=hi, lo_region=lo, hi=a, lo=b, hi_n=count(sizes[hi]),
                    lo_n=count(sizes[lo]), tol=SAME_POINTS)


def comparisons(summary: dict, lang: str = "en",
                participants: pd.DataFrame | None = None) -> list[str]:
    """The comparative sentences, each from the run's own figures and each stating the reverse
    when the figures reverse: the later half to join against the first tenth, members with 10
    or more below them against members with nobody below them, and (from ``participants``) the
    regions. A comparison with an empty group is left out."""
    groups = _groups(summary, participants)
    out = []
    late, early = groups.get("last_half"), groups.get("first_tenth")
    if late and early and late["members"] and early["members"]:
        out.append(_pair(lang, "cmp_late", late, early, "late", "early"))
    rec, none = groups.get("uplines_10plus"), groups.get("no_downline")
    if rec and none and rec["members"] and none["members"]:
        out.append(_pair(lang, "cmp_rec", rec, none, "rec", "none"))
    if participants is not None and len(participants):
        regions = region_comparison(participants, lang)
        if regions:
            out.append(regions)
        contacts = contacts_comparison(participants, lang)
        if contacts:
            out.append(contacts)
    return out


#: :func:`contacts_comparison`'s groups: the tenth of members with the most contacts, and the
#: half with the fewest.
HUB_SHARE, FEW_SHARE = 0.1, 0.5


def contact_groups(participants: pd.DataFrame) -> tuple[dict, dict] | None:
    """The members with the most contacts (at least the number the tenth with the most reach,
    ``hub_min``) and those with the fewest (at most the median, ``few_max``): for each, the
    members, the share behind a shop and the median result against a shop of all (fen). None
    when the two would overlap: everyone has about as many contacts (well mixed, everyone knows
    everyone; or a regular network)."""
    if "contacts" not in participants.columns or not len(participants):
        return None
    k = participants["contacts"].to_numpy()
    hub_min = int(np.ceil(np.quantile(k, 1 - HUB_SHARE)))
    few_max = int(np.floor(np.quantile(k, FEW_SHARE)))
    if hub_min <= few_max:
        return None
    net = participants["net_shop_fen"].to_numpy()

    def group(mask, **bound) -> dict:
        sub = net[mask]
        return {"members": int(mask.sum()),
                "share_losing_shop": valuation.share(int((sub < 0).sum()), sub.size),
                "median_net_shop_all_fen": int(round(float(np.median(sub)))), **bound}

    return group(k >= hub_min, hub_min=hub_min), group(k <= few_max, few_max=few_max)


def contacts_comparison(participants: pd.DataFrame, lang: str = "en") -> str | None:
    """The members with the most contacts against the half with the fewest
    (:func:`contact_groups`), on the share behind a shop and the median result; None without
    such groups (no network)."""
    groups = contact_groups(participants)
    if groups is None:
        return None
    hub, few = groups
    sa, sb = pcts(hub["share_losing_shop"], few["share_losing_shop"])
    text = compared(lang, "cmp_contacts", hub["share_losing_shop"], few["share_losing_shop"],
                    SAME_SHARE, hub=sa, few=sb, hub_n=count(hub["members"]),
                    few_n=count(few["members"]), hub_min=count(hub["hub_min"]),
                    few_max=count(few["few_max"]), tol=SAME_POINTS)
    ma, mb = hub["median_net_shop_all_fen"], few["median_net_shop_all_fen"]
    if hub["share_losing_shop"] or few["share_losing_shop"] or ma or mb:
        text += compared(lang, "cmp_contacts_median", ma, mb, hub=money(ma, lang),
                         few=money(mb, lang))
    return text


# -- behind the headline: the stall, how long it lasted, the loss split, the break-even price --


def stall_paragraph(summary: dict, lang: str = "en") -> str | None:
    """On the day growth stalled (``summary["at_stall"]``): who believed they were not behind,
    who was not behind a shop, how many of the members then are behind a shop at the end, and
    the believed value (balances at face value less walk-away) then and at the end. None when
    the run has no ``at_stall``."""
    at = summary.get("at_stall")
    if not at or not at.get("members"):
        return None
    n = int(at["members"])
    ahead_told, ahead_shop = n - int(at["behind_told"]), n - int(at["behind_shop"])
    end = int(at["behind_shop_at_end"])
    shares = pcts(ahead_told / n, ahead_shop / n, end / n)
    text = t(lang, "st_outside" if at["kind"] == "outside" else "st_own", day=at["day"],
             members=count(n))
    text += t(lang, "st_body", ahead_told=count(ahead_told), ahead_told_share=shares[0],
              ahead_shop=count(ahead_shop), ahead_shop_share=shares[1], members=count(n),
              behind_end=count(end), behind_end_share=shares[2])
    then = int(at["told_balances_fen"]) - int(at["walk_away_fen"])
    later = int(at["told_balances_end_fen"]) - int(at["walk_away_end_fen"])
    if not (at["told_balances_fen"] or at["walk_away_fen"] or at["told_balances_end_fen"]
            or at["walk_away_end_fen"]):
        return text + t(lang, "st_no_balances")
    text += t(lang, "st_value", balances=money(at["told_balances_fen"], lang),
              walk=money(at["walk_away_fen"], lang), then=money(then, lang),
              end=money(later, lang), balances_end=money(at["told_balances_end_fen"], lang),
              walk_end=money(at["walk_away_end_fen"], lang))
    return text


def _sentences(items: list[str], lang: str) -> str:
    """Whole sentences one after another: a space between them in English, none in Chinese."""
    return ("" if lang == "zh" else " ").join(items)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return t(lang, "list_sep").join(items[:-1]) + t(lang, "and") + items[-1]


def loss_split_sentence(summary: dict, lang: str = "en") -> str | None:
    """Of the total lost by those behind a shop: how much was paid for goods above their shop
    price, went in fees, is stranded in balances, and went to others (net); a part that
    offsets the loss is said to. None when the run has no split or nobody is behind."""
    parts = plots.loss_parts(summary)
    if not parts:
        return None
    lost = sum(parts.values())
    names = {"over_market_fen": "ls_over_market", "fees_fen": "ls_fees",
             "stranded_fen": "ls_stranded", "transfers_fen": "ls_transfers"}
    adds = [t(lang, names[k], amount=money(parts[k], lang))
            for k in plots.LOSS_PARTS if parts[k] > 0]
    offsets = [t(lang, names[k] + "_neg", amount=money(-parts[k], lang))
               for k in plots.LOSS_PARTS if parts[k] < 0]
    text = _join(adds, lang)
    if offsets:
        text = t(lang, "ls_offset", parts=text, offsets=_join(offsets, lang))
    return t(lang, "ls_sentence", lost=money(lost, lang),
             members=count(summary["loss_split"]["members"]), parts=text)


def break_even_sentence(summary: dict, lang: str = "en") -> str | None:
    """The price at which the median member would have broken even against a shop, beside the
    goods' sticker price and cost (``summary["break_even"]``); "no_goods" and "free" said as
    what they are. None when the run has no break-even figure."""
    be = summary.get("break_even")
    if not be:
        return None
    if be.get("reason") == "no_goods":
        return t(lang, "be_no_goods")
    if be.get("reason") == "free":
        return t(lang, "be_free")
    products = [p for p in be.get("products", []) if p.get("break_even_fen") is not None]
    if not products or be.get("market_per_cost") is None:
        return None
    named = len(products) > 1
    items = [t(lang, "be_product_named" if named else "be_product", name=p["name"],
               be=money(p["break_even_fen"], lang), sticker=money(p["sticker_fen"], lang),
               cost=money(p["cost_fen"], lang)) for p in products]
    markets = _join([money(p["market_fen"], lang) for p in products], lang)
    above = (sum(p["break_even_fen"] for p in products)
             > sum(p["market_fen"] for p in products))  # in whole fen: no float ties
    text = t(lang, "be_above" if above else "be_below", products=_join(items, lang),
             market=markets)
    share = be.get("share_of_sticker")
    if share is not None:
        text += compared(lang, "be_sticker", round(share, 6), 1.0, share=pct_exact(share))
    return text


def _per_100_money(fen: int | None, part: int, lang: str) -> str:
    """A figure per 100 yuan paid in (``fen``, from ``summary["lasted"]``) in money words; "less
    than 0.01 yuan" when a ``part`` above 0 rounds to 0."""
    fen = int(fen or 0)
    return t(lang, "lt_under_fen") if fen == 0 and part > 0 else money(fen, lang)


def _after_peak(lasted: dict, days: int | None, lang: str) -> str:
    """", N days after new members peaked" (or the day itself); empty without a peak."""
    if lasted.get("growth_peak_day") is None or days is None or days < 0:
        return ""
    if days == 0:
        return t(lang, "lt_after_same")
    return t(lang, "lt_after_one") if days == 1 else t(lang, "lt_after", days=count(days))


def _lasted_growth(lt: dict, lang: str) -> str:
    """How growth ended: by itself (and how newcomers came), cut by an outside event or a
    crackdown, or it never began."""
    kind, peak = lt.get("growth_ended"), lt.get("growth_peak_day")
    if kind is None or peak is None:
        return t(lang, "lt_growth_none")
    if kind in ("outside", "crackdown"):
        return t(lang, f"lt_growth_{kind}", peak=peak, cut=lt["growth_cut_day"])
    how = lt.get("recruited_by") or ("anyone" if lt.get("well_mixed") else "contacts")
    return t(lang, "lt_growth_own", peak=peak, members=count(lt["members_at_peak"]),
             population=count(lt["population"]), how=t(lang, f"lt_how_{how}"))


def _lasted_money(lt: dict, lang: str) -> list[str]:
    """Per 100 yuan paid in: the cash the rules credited and the rule that credited most of
    it, the shopping gold; then what went to the supplier, the operator and back out to
    members as withdrawals."""
    if not lt.get("paid_in_fen"):
        return [t(lang, "lt_paid_nothing")]
    per = (lambda name: _per_100_money(lt.get(f"{name}_per_100_fen"), lt.get(f"{name}_fen", 0),
                                       lang))
    net = t(lang, "lt_net") if lt.get("stakes_refunded_to_pocket_fen", 1) else ""
    gold = lt.get("shopping_gold_credited_fen", 0)
    largest = lt.get("largest_promise") or []
    rules = [f for f, fen in lt.get("credited_fen", {}).items() if f in PROMISE_FLOWS and fen]
    out, first = [], False  # first: no sentence has said "of every 100 yuan" yet
    if lt.get("promised_fen", 0) > 0 and largest:
        beyond = t(lang, "lt_beyond") if lt.get("stakes_refunded_to_wallet_fen", 0) else ""
        key = ("lt_money_one" if len(rules) == 1 else "lt_money_tie" if len(largest) > 1
               else "lt_money")
        out.append(t(lang, key, net=net, promised=per("promised"), beyond=beyond,
                     rule=_join([t(lang, f"lt_rule_{flow}") for flow in largest], lang),
                     amount=per("largest_promise")))
        if gold:
            out.append(t(lang, "lt_gold", gold=per("shopping_gold_credited")))
    elif gold:
        out.append(t(lang, "lt_money_gold_only", net=net, gold=per("shopping_gold_credited")))
    else:
        out.append(t(lang, "lt_money_none"))
        first = True
    parts = []
    if lt.get("suppliers_fen", 0) > 0:
        parts.append(t(lang, "lt_sp_suppliers", amount=per("suppliers")))
    parts.append(t(lang, "lt_sp_operator", amount=per("operator_take"))
                 if lt.get("operator_take_fen", 0) > 0 else t(lang, "lt_sp_operator_none"))
    parts.append(t(lang, "lt_sp_withdrawn", amount=per("withdrawn"))
                 if lt.get("withdrawn_fen", 0) > 0 else t(lang, "lt_sp_withdrawn_none"))
    out.append(t(lang, "lt_spent_first" if first else "lt_spent", net=net,
                 parts=_join(parts, lang)))
    return out


def _lasted_end(lt: dict, window: int, lang: str) -> str:
    """How it ended: the week's net inflow turning negative and the exit under its rule, or
    still running on the last day, and why not (nothing owed, no exit rule, an audit)."""
    warn, exit_day = lt.get("net_inflow_negative_day"), lt.get("collapse_day")
    if exit_day is not None:
        rule, days = lt.get("exit_rule"), lt.get("exit_days")
        if rule in ("net_outflow", "withdrawal_wait") and days is not None:
            why = (t(lang, f"lt_why_{rule}_one") if days == 1
                   else t(lang, f"lt_why_{rule}", days=count(days)))
        else:
            why = t(lang, "lt_why_other")
        after = _after_peak(lt, lt.get("days_peak_to_exit"), lang)
        if warn is not None and warn <= exit_day:
            net = t(lang, "lt_net") if lt.get("stakes_refunded_to_pocket_fen", 1) else ""
            return t(lang, "lt_end_warning", warn=warn, window=window, net=net, exit=exit_day,
                     why=why, after=after)
        return t(lang, "lt_end_no_warning", exit=exit_day, why=why, after=after)
    last = lt.get("through_day", 0)
    after = _after_peak(lt, lt.get("days_after_peak"), lang)
    owed = (sum(lt.get("credited_fen", {}).values()) or lt.get("shopping_gold_credited_fen", 0)
            or lt.get("withdrawn_fen", 0))
    if not owed:
        text = t(lang, "lt_running_nothing_owed", last=last, after=after)
    elif warn is not None:
        text = t(lang, "lt_running_warning", warn=warn, last=last, after=after)
    else:
        text = t(lang, "lt_running_no_warning", last=last, after=after)
    if lt.get("exit_rule") == "never":
        text += t(lang, "lt_never")
    elif lt.get("audit_day") is not None:
        text += t(lang, "lt_audit", audit=lt["audit_day"])
    return text


def lasted_paragraph(summary: dict, lang: str = "en") -> str | None:
    """Why the scheme lasted as long as it did (``summary["lasted"]``,
    :func:`sim.analysis.lasted.lasted_figures`): how growth ended (by itself, an outside stall, a
    crackdown, or it never began); per 100 yuan paid in, the cash the rules credited members
    and the rule that credited most of it (the own stakes refunded left out), the shopping
    gold, and what the supplier, the operator and the members' withdrawals took; then the day
    the week's net inflow turned negative and the day the operator stopped paying under its
    exit rule, counted from the growth peak, or, with no exit, that payouts had not stopped and
    why not (nothing owed, an operator that never exits, an audit). None when the run has no
    ``lasted`` or nobody joined."""
    lt = summary.get("lasted")
    if not lt or not summary.get("participants"):
        return None
    window = lt.get("window_days", (summary.get("early_warning") or {}).get("window_days", 7))
    return _sentences([_lasted_growth(lt, lang), *_lasted_money(lt, lang),
                       _lasted_end(lt, window, lang)], lang)


def detail(result, lang: str = "en") -> list[tuple[str, str]]:
    """The paragraphs under the headline, (label, text), those the run has figures for."""
    s = result.summary
    out = []
    cmp = comparisons(s, lang, result.participants)
    if cmp:
        out.append((t(lang, "d_compare"), _sentences(cmp, lang)))
    for label, text in (("d_stall", stall_paragraph(s, lang)),
                        ("d_lasted", lasted_paragraph(s, lang)),
                        ("d_split", loss_split_sentence(s, lang)),
                        ("d_break_even", break_even_sentence(s, lang))):
        if text:
            out.append((t(lang, label), text))
    return out


def key_figures(summary: dict, lang: str = "en") -> list[tuple[str, str]]:
    s, out = summary, summary["outstanding"]
    day = (lambda d: t(lang, "none") if d is None else str(d))
    held, walk = end_holdings(s)
    return [
        (t(lang, "k_participants"), count(s["participants"])),
        (t(lang, "k_shop"), pct_exact(s["share_losing_shop"])),
        (t(lang, "k_median_shop"), _yuan_down(s["median_net_shop_fen"], lang)),
        (t(lang, "k_lost"), money(s["lost_shop_fen"], lang)),
        (t(lang, "k_gained"), money(s["gained_shop_fen"], lang)),
        (t(lang, "k_told"), pct_exact(s["share_losing_told"])),
        (t(lang, "k_told_balances"), money(held, lang)),
        (t(lang, "k_walk_away"), money(walk, lang)),
        (t(lang, "k_paid_in"), money(s["paid_in_fen"], lang)),
        (t(lang, "k_withdrawn"), money(s["withdrawn_fen"], lang)),
        (t(lang, "k_suppliers"), money(s["suppliers_fen"], lang)),
        (t(lang, "k_operator"), money(s["operator_take_fen"], lang)),
        (t(lang, "k_cash"), money(s["platform_cash_fen"], lang)),
        (t(lang, "k_gold"), money(out["shopping_gold_fen"], lang)),
        (t(lang, "k_wallets"), money(out["wallets_fen"] + out["withdrawals_waiting_fen"], lang)),
        (t(lang, "k_share"), " / ".join(pcts(*(s[f"share_losing_{v}"]
                                              for v in ("cash", "cost", "sticker"))))),
        (t(lang, "k_median_loss"), money(s["median_loss_cash_fen"], lang)),
        (t(lang, "k_stall"), day(s["stall_day"])),
        (t(lang, "k_collapse"), day(s["collapse_day"])),
        (t(lang, "k_activity"), day(s["activity_end_day"])),
        (t(lang, "k_ledger"), str(s["ledger_imbalance_fen"])),
    ]


# -- what each figure shows in this run --------------------------------------------------------


def _per_100(part: int, whole: int, lang: str) -> str:
    """``part`` out of every 100 yuan of ``whole``, as money words."""
    return money(int(round(part * 10_000 / whole)) if whole else 0, lang)


def _median(values) -> int:
    return int(round(float(np.median(values))))


def told_vs_shop_finding(result, lang: str = "en") -> str | None:
    """What the first figure shows: the shares behind as told and against a shop on the stall
    day and on the last day, and the balances at face value at their peak beside what could be
    walked away with then."""
    d = result.daily
    if not len(d):
        return None
    day, kind = plots.stall_point(result.summary)
    row = d.iloc[min(day, len(d) - 1)]
    last = d.iloc[-1]
    told, shop, told_end, shop_end = pcts(float(row["share_losing_told"]),
                                          float(row["share_losing_shop"]),
                                          float(last["share_losing_told"]),
                                          float(last["share_losing_shop"]))
    column = plots.balances_column(d)
    top = int(d[column].idxmax())
    return t(lang, "r_told_shop", day=int(row["day"]),
             event=t(lang, "ev_word_outside" if kind == "outside" else "ev_word_own"),
             told=told, shop=shop, told_end=told_end, shop_end=shop_end,
             peak_balances=money(int(d[column].iloc[top]), lang), peak_day=int(d["day"].iloc[top]),
             peak_walk=money(int(d["walk_away_fen"].iloc[top]), lang))


def identity_finding(summary: dict, lang: str = "en") -> str:
    """The money figure in words: the members' total against a shop, the terms for and
    against them (each side largest first), and the largest term when there are more than
    two."""
    terms = plots.identity_terms(summary)
    name = (lambda k: t(lang, f"id_{k}") if f"id_{k}" in TEXTS[lang] else k)
    word = (lambda k, v: t(lang, "r_identity_term", name=name(k), amount=money(abs(v), lang)))
    plus = sorted(((k, v) for k, v in terms if v > 0), key=lambda kv: -kv[1])
    minus = sorted(((k, v) for k, v in terms if v < 0), key=lambda kv: kv[1])
    nothing = t(lang, "r_identity_nothing")
    text = t(lang, "r_identity", net=money(summary["shop_identity"]["net_shop_fen"], lang),
             plus=_join([word(k, v) for k, v in plus], lang) or nothing,
             minus=_join([word(k, v) for k, v in minus], lang) or nothing)
    if len(terms) > 2:  # with one term a side, the lists name the largest already
        top = max(terms, key=lambda kv: (abs(kv[1]), kv[1]))
        text += t(lang, "r_identity_top", top=word(*top))
    return text


def findings(result, lang: str = "en") -> dict[str, str]:
    """One computed sentence per figure: what it shows in this run. Those that compare groups
    go through :func:`sim.outputs.i18n.compared`."""
    s, d, p, c = result.summary, result.daily, result.participants, result.cohorts
    out = {}
    told_shop = told_vs_shop_finding(result, lang)
    if told_shop:
        out["told_vs_shop"] = told_shop
    peak = s["peak_day"]
    out["growth"] = t(lang, "r_growth", members=count(s["participants"]), peak=peak,
                      peak_active=count(int(d["active_members"].iloc[peak])) if len(d) else "0")
    end = plots.shown_end(result)
    if len(d) and end < int(d["day"].iloc[-1]):
        out["growth"] = _sentences([out["growth"], t(lang, "r_cropped", end=end, days=len(d),
                                                     last=plots.shown_last_change(result))],
                                   lang)
    if len(d) and d["promises_fen"].max() > 0:
        top = int(d["promises_fen"].idxmax())
        row = d.loc[top]
        out["cash_vs_promises"] = t(lang, "r_cash", day=int(row["day"]),
                                    promised=money(row["promises_fen"], lang),
                                    cash=money(row["platform_cash_fen"], lang),
                                    per100=_per_100(int(row["platform_cash_fen"]),
                                                    int(row["promises_fen"]), lang))
    if len(c):
        shares = c["share_losing_shop"]
        if shares.max() > 0:
            lo, hi = pcts(float(shares.min()), float(shares.max()))
            out["who_lost"] = t(lang, "r_who", weeks=len(c), lo=lo, hi=hi)
        else:
            out["who_lost"] = t(lang, "r_who_none", weeks=len(c))
    place = place_finding(p, lang)
    empty = plots.empty_regions(result) if len(p) else []
    if empty:  # a region where nobody joined has no bars: said in words too
        sep = t(lang, "list_sep")
        them = t(lang, "r_region_empty_them_many" if len(empty) > 1 else "r_region_empty_them")
        note = t(lang, "r_region_empty", regions=sep.join(empty), them=them)
        place = _sentences([place, note], lang) if place else note
    if place:
        out["by_place"] = place
    if s["shop_identity"]:
        out["money_flow"] = identity_finding(s, lang)
    dist = distribution_finding(p, lang)
    if dist:
        out["net_distribution"] = dist
    return out


def place_finding(participants: pd.DataFrame, lang: str = "en") -> str | None:
    """Members with 100 or more people below them against members with nobody below them:
    the share behind a shop (compared) and the median result; None when nobody has nobody
    below them."""
    size, net = participants["downline_size"], participants["net_shop_fen"]
    big, none = net[size >= 100], net[size == 0]
    if not len(none):
        return None
    none_share = float((none < 0).mean())
    if not len(big):
        return t(lang, "r_place_nobig", none=pct_exact(none_share),
                 none_median=money(_median(none), lang))
    big_share = float((big < 0).mean())
    b, n = pcts(big_share, none_share)
    return compared(lang, "r_place", big_share, none_share, SAME_SHARE, big=b, none=n,
                    big_median=money(_median(big), lang), none_median=money(_median(none), lang),
                    tol=SAME_POINTS)


def distribution_finding(participants: pd.DataFrame, lang: str = "en") -> str | None:
    """The later half's median result against a shop compared with the first half's (by order
    of joining); None without both halves."""
    p = participants
    late = (p["id"] >= len(p) // 2).to_numpy()
    if not (late.any() and (~late).any()):
        return None
    values = p["net_shop_fen"].to_numpy()
    first, later = _median(values[~late]), _median(values[late])
    text = compared(lang, "r_dist", later, first, first=money(first, lang),
                    later=money(later, lang))
    below, above = plots.distribution_outside(values / plots.YUAN)
    if below or above:  # the figure leaves them out: the words say how many
        bins = plots.distribution_bins(values / plots.YUAN)
        text = _sentences([text, t(lang, "r_dist_clipped", below=count(below),
                                   above=count(above), lo=money(int(round(bins[0] * 100)), lang),
                                   hi=money(int(round(bins[-1] * 100)), lang))], lang)
    return text


CAPTIONS = {"told_vs_shop": "c_told_shop", "growth": "c_growth", "cash_vs_promises": "c_cash",
            "who_lost": "c_who", "by_place": "c_breakdowns", "money_flow": "c_identity",
            "net_distribution": "c_dist"}
TITLES = {"told_vs_shop": "f_told_shop", "growth": "f_growth", "cash_vs_promises": "f_cash",
          "who_lost": "f_who", "by_place": "f_breakdowns", "money_flow": "f_identity",
          "net_distribution": "f_dist"}


# -- the brochure's arithmetic against the run ---------------------------------------------------


def brochure(result, lang: str = "en") -> dict | None:
    """The booked "profit" per draw in the seller's view beside what the run saw, or None when
    no group was drawn."""
    d = result.daily
    groups = int(d["groups"].sum()) if len(d) else 0
    if groups == 0:
        return None
    rule = per_draw(result.scenario)
    run_profit = int(round(int(d["booked_profit_fen"].sum()) / groups))
    run_promises = int(round(int(d["promises_fen"].iloc[-1]) / groups))
    rows = [(t(lang, key), money(int(rule[field]), lang))
            for key, field in (("b_rule_profit", "seller_profit_fen"),
                               ("b_new_gold", "new_shopping_gold_fen"),
                               ("b_net_gold", "net_new_shopping_gold_fen"),
                               ("b_accrual", "accrual_result_fen"))]
    rows.append((t(lang, "b_run_profit"), money(run_profit, lang)))
    rows.append((t(lang, "b_run_promises"), money(run_promises, lang)))
    return {"intro": t(lang, "b_intro", groups=count(groups)), "rows": rows,
            "verdict": compared(lang, "b", run_promises, run_profit,
                                profit=money(run_profit, lang),
                                promises=money(run_promises, lang)),
            "run_profit_fen": run_profit, "run_promises_fen": run_promises}


# -- the page ----------------------------------------------------------------------------------


def _value(value) -> str:
    """A value as the page shows it, the way ``--set`` takes it: TOML, but text and none bare."""
    if value is None:
        return "none"
    return value if isinstance(value, str) else toml_value(value)


#: Sections whose assumptions the page shows first: the behaviour of members and operator and
#: the run itself. The others (mostly features a scenario switches on) follow, folded.
MAIN_SECTIONS = ("run", "recruitment", "behaviour", "withdrawal", "operator", "policy",
                 "valuation")

#: Assumptions the headline measure rests on, shown even where the scenario's sources do not
#: mark them as assumptions: the goods' market price (MODEL.md §6).
HEADLINE_ASSUMPTIONS = ("valuation.retail_margin",)


def assumption_rows(scenario, lang: str = "en") -> list[tuple[str, str, str, str]]:
    """Every assumption of the scenario: (dotted name, value, meaning, reference), the main
    sections first."""
    rows = []
    listed = list(assumptions(scenario))
    names = {row[0] for row in listed}
    for dotted in HEADLINE_ASSUMPTIONS:
        section, field = dotted.split(".")
        spec = type(getattr(scenario, section)).model_fields.get(field)
        if dotted not in names and spec is not None:
            extra = spec.json_schema_extra or {}
            listed.append((dotted, getattr(getattr(scenario, section), field), spec.description,
                           extra.get("ref", "")))
    for name, value, doc, ref in listed:
        if lang == "zh":
            doc, ref = assumption_zh(name, ref)
        rows.append((name, _value(value), doc, ref))
    main = [r for r in rows if r[0].split(".")[0] in MAIN_SECTIONS]
    return main + [r for r in rows if r[0].split(".")[0] not in MAIN_SECTIONS]


def rule_values(scenario) -> list[tuple[str, str]]:
    out = []
    for dotted in RULE_FIELDS:
        section, field = dotted.split(".")
        value = getattr(getattr(scenario, section, None), field, None)
        if value is not None:
            out.append((dotted, _value(value)))
    return out


def html_text(lang: str, key: str, **values) -> Markup:
    """A text whose template holds HTML (``<code>``): the slots are escaped, the markup kept;
    Chinese spaced as :func:`sim.outputs.i18n.tidy_zh` sets it."""
    text = Markup(TEXTS[lang][key]).format(**values)
    return Markup(tidy_zh(str(text))) if lang == "zh" else text


def render_report(result, pngs: dict[str, bytes], lang: str = "en") -> str:
    s, sc = result.summary, result.scenario
    notes = findings(result, lang)
    rg = ranges_page(result, lang)
    figures = [{"name": name, "title": t(lang, TITLES[name]) if name in TITLES else name,
                "caption": (t(lang, CAPTIONS[name]) if name in CAPTIONS else "")
                + (rg["caption"] if rg and name in plots.BANDED else ""),
                "finding": notes.get(name, ""),
                "data": base64.b64encode(png).decode("ascii")} for name, png in pngs.items()]
    balances_note = (t(lang, "balances_after_exit", day=s["collapse_day"])
                     if s["collapse_day"] is not None else t(lang, "balances_running"))
    page = _ENV.get_template("report.html.j2").render(
        lang=lang, T=lambda key, **kw: t(lang, key, **kw),
        H=lambda key, **kw: html_text(lang, key, **kw), P=pct_exact, s=s, sc=sc,
        population=count(s["population"]), headline=headline(s, lang),
        detail=detail(result, lang), margin=pct(sc.valuation.retail_margin),
        key_figures=key_figures(s, lang), figures=figures, brochure=brochure(result, lang),
        assumptions=[r for r in assumption_rows(sc, lang) if r[0].split(".")[0] in MAIN_SECTIONS],
        more_assumptions=[r for r in assumption_rows(sc, lang)
                          if r[0].split(".")[0] not in MAIN_SECTIONS],
        rules=rule_values(sc),
        source=(source_zh(sc.meta.source) if lang == "zh" else sc.meta.source)
        or t(lang, "user_file"),
        balances_note=balances_note, rg=rg)
    # the Chinese font, cut down to the characters on this page (none in a Latin-only page)
    return page.replace("/* cjk-font */", cjk_font_face(page), 1)


# -- ranges over several seeds (pingou run --seeds K) -------------------------------------------


def _range_cells(name: str, kind: str, fig: dict, first, lang: str) -> tuple[str, str, str]:
    """One figure's median, 90% range and the run in detail's value, as the page shows them:
    shares with the same decimals, money in yuan (the median of those behind as a loss), days
    and people whole."""
    none = t(lang, "none")
    values = [fig["median"], fig["low"], fig["high"], first]
    if name == "median_net_shop_fen":  # a loss: the amount lost, the range turned round
        values = [None if v is None else -v for v in (fig["median"], fig["high"], fig["low"],
                                                      first)]
    if kind == "share":  # the three of the range read together (as the headline says them)
        cells = (pcts(*values[:3]) if values[0] is not None else [none] * 3) + [
            none if values[3] is None else pct_exact(values[3])]
    elif kind == "fen":
        cells = [none if v is None else money(v, lang) for v in values]
    else:
        cells = [none if v is None else count(v) for v in values]
    median, lo, hi, detail = cells
    span = none if fig["median"] is None else t(lang, "rg_range", lo=lo, hi=hi)
    return median, span, detail


def ranges_rows(result, lang: str = "en") -> list[tuple[str, str, str, str, str]]:
    """The table of ranges: (figure, median, 90% range, runs it is over, the run in detail)."""
    rg = result.ranges
    rows = []
    for name, fig in rg.figures.items():
        median, span, detail = _range_cells(name, rg.kinds[name], fig, rg.detail.get(name),
                                            lang)
        runs = (count(fig["seeds"]) if fig["seeds"] == rg.count
                else t(lang, "rg_runs_some", n=count(fig["seeds"]), runs=count(rg.count)))
        rows.append((t(lang, f"rg_f_{name}"), median, span, runs, detail))
    return rows


def ranges_headline(result, lang: str = "en") -> list[str]:
    """The headline over the runs: the share behind against a shop with its range, the loss
    of those behind, who joined and what the operator took, when payouts stopped and the early
    warning's lead; each figure its median and 90% range."""
    rg, f = result.ranges, result.ranges.figures
    first, last = rg.seeds[0], rg.seeds[-1]
    how = t(lang, "rg_how_wide" if rg.assumptions == "wide" else "rg_how", first=first,
            last=last)
    shop = f["share_losing_shop"]
    if not shop["high"]:
        lines = [t(lang, "rg_lead_none", runs=count(rg.count), how=how)]
    else:
        share, lo, hi = pcts(shop["median"], shop["low"], shop["high"])
        lead = t(lang, "rg_lead", runs=count(rg.count), how=how, share=share, lo=lo, hi=hi)
        loss, lost = f["median_net_shop_fen"], f["lost_shop_fen"]
        where = ("" if loss["seeds"] == rg.count
                 else t(lang, "rg_where_some", n=count(loss["seeds"])))
        lead = _sentences([lead, t(lang, "rg_loss", median=money(-loss["median"], lang),
                                   median_lo=money(-loss["high"], lang),
                                   median_hi=money(-loss["low"], lang), where=where,
                                   lost=money(lost["median"], lang),
                                   lost_lo=money(lost["low"], lang),
                                   lost_hi=money(lost["high"], lang))], lang)
        lines = [lead]
    joined, operator = f["participants"], f["operator_take_fen"]
    more = [t(lang, "rg_joined", joined=count(joined["median"]), joined_lo=count(joined["low"]),
              joined_hi=count(joined["high"]), operator=money(operator["median"], lang),
              operator_lo=money(operator["low"], lang),
              operator_hi=money(operator["high"], lang))]
    collapse = f["collapse_day"]
    if collapse["seeds"] == 0:
        more.append(t(lang, "rg_collapse_none"))
    else:
        key = "rg_collapse_all" if collapse["seeds"] == rg.count else "rg_collapse_some"
        more.append(t(lang, key, n=count(collapse["seeds"]), runs=count(rg.count),
                      day=collapse["median"], lo=collapse["low"], hi=collapse["high"]))
    warning = f["early_warning_lead_days"]
    if warning["seeds"]:
        more.append(t(lang, "rg_warning", n=count(warning["seeds"]), lead=warning["median"],
                      lo=warning["low"], hi=warning["high"]))
    lines.append(_sentences(more, lang))
    return lines


def _rho(value) -> str:
    """A correlation with two decimals and a true minus sign: -0.94 -> '−0.94'."""
    return f"{value:.2f}".replace("-", "−")


def sensitivity_text(result, lang: str = "en") -> list[Markup]:
    """With wide assumptions: which drawn assumption moves the share behind against a shop
    most (Spearman's rank correlation over the runs), the next ones, how rough the ranking is
    with this many runs, and the assumptions held by ``--set``."""
    rg = result.ranges
    sens = rg.sensitivity or {}
    rho, ranked = sens.get("rho", {}), sens.get("ranking", [])
    out = []
    if not ranked:
        out.append(Markup.escape(t(lang, "rg_sens_flat")))
    elif rho[ranked[0]] == 0:
        out.append(Markup.escape(t(lang, "rg_sens_zero", runs=count(rg.count))))
    else:
        top = ranked[0]
        tied = [k for k in ranked[1:] if abs(rho[k]) == abs(rho[top])]
        rest = [k for k in ranked[1:] if k not in tied][:2]
        name = (lambda k: t(lang, "rg_rho", name=k, rho=_rho(rho[k])))
        text = t(lang, "rg_sens_top", runs=count(rg.count), top=top, rho=_rho(rho[top]),
                 direction=t(lang, "rg_dir_up" if rho[top] > 0 else "rg_dir_down"))
        if tied:
            text += t(lang, "rg_tied", others=_join([name(k) for k in tied], lang))
        if rest:
            text += t(lang, "rg_next", next=_join([name(k) for k in rest], lang))
        out.append(Markup.escape(text))
        chance = sens.get("chance")
        out.append(Markup.escape(t(lang, "rg_sens_measure", runs=count(rg.count),
                                   chance=_rho(chance))))
        if chance is not None and abs(rho[top]) < chance:
            out.append(Markup.escape(t(lang, "rg_sens_weak")))
    if rg.held:
        keys = Markup(t(lang, "list_sep")).join(Markup("<code>{}</code>").format(k)
                                                 for k in rg.held)
        out.append(html_text(lang, "rg_held", keys=keys))
    return out


def _number(value, digits: int = 4) -> str:
    """A drawn assumption's value to ``digits`` significant digits, never in exponent form
    (summary.json has it whole): 4274.79 -> '4,275', 0.7679531 -> '0.768'."""
    if not isinstance(value, float):
        return _value(value)
    if abs(value) >= 10 ** digits:
        return f"{value:,.0f}"
    return f"{value:,.{digits}g}"


def sensitivity_rows(result, lang: str = "en") -> list[tuple[str, str, str]]:
    """(assumption, the range it was drawn from, its rank correlation with the headline), the
    assumptions in the order of the correlation's size, those with none last."""
    rg = result.ranges
    rho = (rg.sensitivity or {}).get("rho", {})
    ranked = (rg.sensitivity or {}).get("ranking", [])
    keys = ranked + [k for k in rg.drawn if k not in ranked]
    return [(k, t(lang, "rg_range", lo=_number(rg.drawn[k][0], 6),
                                 hi=_number(rg.drawn[k][1], 6)),
             _rho(rho[k]) if rho.get(k) is not None else t(lang, "rg_rho_none")) for k in keys]


def by_seed_table(result, lang: str = "en") -> dict:
    """Each run's headline figures (and, with wide assumptions, what it drew): the header and
    one row a seed."""
    rg = result.ranges
    names = ("share_losing_shop", "median_net_shop_fen", "lost_shop_fen", "collapse_day")
    drawn = list(rg.drawn) if rg.assumptions == "wide" else []
    head = ([t(lang, "rg_th_seed")] + [t(lang, f"rg_f_{n}") for n in names])
    none = t(lang, "none")
    shares = pcts(*[r["figures"]["share_losing_shop"] for r in rg.runs])
    rows = []
    for r, share in zip(rg.runs, shares):
        fig = r["figures"]
        loss = fig["median_net_shop_fen"]
        rows.append([str(r["seed"]), share, none if loss is None else money(-loss, lang),
                     money(fig["lost_shop_fen"], lang),
                     none if fig["collapse_day"] is None else str(fig["collapse_day"])]
                    + [_number(r["assumptions"][k]) for k in drawn])
    return {"head": head, "keys": drawn, "rows": rows}


def ranges_page(result, lang: str = "en") -> dict | None:
    """Everything the page says about the ranges (None for one run): the headline over the
    runs, how the ranges are made, the table, and with wide assumptions the sensitivity."""
    rg = getattr(result, "ranges", None)
    if rg is None:
        return None
    first, last, wide = rg.seeds[0], rg.seeds[-1], rg.assumptions == "wide"
    about = [Markup.escape(t(lang, "rg_method", runs=count(rg.count), first=first, last=last)),
             html_text(lang, "rg_why_wide", sample_seed=rg.sample_seed) if wide
             else html_text(lang, "rg_why")]
    if rg.count <= 20:
        about.append(html_text(lang, "rg_few", runs=count(rg.count)))
    about.append(Markup.escape(t(lang, "rg_files_wide" if wide else "rg_files", first=first,
                                 runs=count(rg.count))))
    about.append(Markup.escape(t(lang, "rg_bands")))
    return {"title": t(lang, "rg_h", runs=count(rg.count)), "nav": t(lang, "rg_nav"),
            "headline": ranges_headline(result, lang),
            "detail_title": t(lang, "rg_detail_h_wide" if wide else "rg_detail_h", seed=first),
            "about": about, "rows": ranges_rows(result, lang),
            "th_detail": t(lang, "rg_th_detail", seed=first),
            "sensitivity": sensitivity_text(result, lang) if wide else None,
            "sensitivity_rows": sensitivity_rows(result, lang) if wide else None,
            "by_seed_title": t(lang, "rg_by_seed_wide" if wide else "rg_by_seed"),
            "by_seed": by_seed_table(result, lang),
            "value_head": t(lang, "rg_th_value_seed", seed=first),
            "in_detail": t(lang, "rg_in_detail", seed=first),
            "caption": t(lang, "rg_caption", runs=count(rg.count), seed=first)}
