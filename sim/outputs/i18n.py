"""The report's words in English and Chinese, the number formats, and the Chinese font.

Every sentence of the report and every label of its figures is a template here, in both
languages, with named slots that :mod:`sim.outputs.report` and :mod:`sim.outputs.plots` fill from the run's own
figures: nothing here is a number about a run.

The Chinese font is Noto Sans CJK SC (SIL Open Font License), shipped by the ``mpl-font``
package, a dependency of this project: :func:`figure_style` registers it with matplotlib at
run time, so Chinese labels never render as empty boxes ("tofu"), whatever fonts the machine has.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import re
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from matplotlib import font_manager

from sim.money import fmt_yuan

#: The Chinese font's family name as matplotlib knows it, and its file inside ``mpl_font``.
CJK_FAMILY = "Noto Sans CJK SC"
_CJK_FILE = ("fonts", "noto", "NotoSansCJKsc-Regular.otf")

_registered: str | None = None


def cjk_font_path() -> Path:
    """The Noto Sans CJK SC file shipped by ``mpl-font`` (found without importing it: importing
    ``mpl_font`` would change matplotlib's global settings)."""
    spec = importlib.util.find_spec("mpl_font")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the Chinese font package 'mpl-font' is not installed; "
                           "reinstall pingou-sim (pip install .)")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_CJK_FILE)
    if not path.is_file():
        raise RuntimeError(f"the Chinese font file is missing: {path}")
    return path


def register_cjk_font() -> str:
    """Register the Chinese font with matplotlib (once per process); return its family name."""
    global _registered
    if _registered is None:
        font_manager.fontManager.addfont(str(cjk_font_path()))
        _registered = CJK_FAMILY
    return _registered


def figure_style(lang: str = "en") -> dict:
    """matplotlib rcParams for the report's figures in ``lang`` (use with ``rc_context``)."""
    style = {"font.size": 10.5, "axes.titlesize": 12, "axes.labelsize": 10.5,
             "legend.fontsize": 9, "xtick.labelsize": 9.5, "ytick.labelsize": 9.5,
             "axes.spines.top": False, "axes.spines.right": False}
    if lang == "zh":
        style["font.family"] = [register_cjk_font(), "DejaVu Sans"]
        style["axes.unicode_minus"] = True
    else:  # Latin first; the Chinese font for any Chinese name in a label (gift-package's tiers)
        style["font.family"] = ["DejaVu Sans", register_cjk_font()]
    return style


#: The characters the embedded font serves: CJK punctuation, radicals, kana, ideographs and
#: full-width forms. Everything else (Latin, digits) keeps the reader's own font.
CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
              (0x20000, 0x2FFFF))
CJK_UNICODE_RANGE = ", ".join(f"U+{lo:X}-{hi:X}" for lo, hi in CJK_RANGES)


def is_cjk(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in CJK_RANGES)


def cjk_font_face(text: str) -> str:
    """A CSS ``@font-face`` rule embedding the Chinese font, cut down to the Chinese characters
    of ``text`` ("" when there are none), so that a report renders its Chinese on any device,
    even one without a Chinese font. The rule's ``unicode-range`` limits it to those
    characters, so the page can name it first without touching Latin text (named after the
    system fonts, a browser may keep the empty boxes it drew before the font was ready). The
    same text gives the same bytes (the font's timestamps are kept as shipped)."""
    chars = "".join(sorted(ch for ch in set(text) if is_cjk(ch)))
    if not chars:
        return ""
    font = TTFont(str(cjk_font_path()), recalcTimestamp=False, lazy=True)
    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = []
    options.name_IDs = [1, 2]
    options.name_languages = [0x409]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return ("@font-face { font-family: 'pingou-cjk'; "
            f"src: url(data:font/woff;base64,{data}) format('woff'); "
            f"unicode-range: {CJK_UNICODE_RANGE}; }}")


# -- numbers in words ------------------------------------------------------------------------


def pct(share: float) -> str:
    """A share as a percentage that never rounds a part to all or nothing: 0.997 -> '99.7%'."""
    if share <= 0:
        return "0%"
    if share >= 1:
        return "100%"
    for digits in range(4):
        text = f"{share * 100:.{digits}f}"
        if float(text) not in (0.0, 100.0):
            return text + "%"
    return f"{share * 100:.4f}%"


def pcts(*shares: float, digits: int = 1) -> list[str]:
    """Shares that are read together (one sentence, one table row) as percentages with the same
    number of decimals: at least ``digits``, and more where needed so that no share strictly
    between 0 and 1 reads as 0% or 100% and no two different shares read the same.
    ``pcts(0.997, 0.999, 0.99, 0)`` -> ``['99.7%', '99.9%', '99.0%', '0.0%']``."""
    distinct = len(set(shares))
    for places in range(max(0, digits), 9):
        texts = [f"{share * 100:.{places}f}" for share in shares]
        parts_kept = all(float(text) not in (0.0, 100.0)
                         for share, text in zip(shares, texts) if 0 < share < 1)
        if parts_kept and len(set(texts)) == distinct:
            return [text + "%" for text in texts]
    return [f"{share * 100:.8f}%" for share in shares]


def pct_exact(value: float, digits: int = 1) -> str:
    """One share on its own, as :func:`pcts` writes it: 0.966447 -> '96.6%', 0.9996 -> '99.96%'."""
    return pcts(value, digits=digits)[0]


#: Two shares within this many (one percentage point) read "about the same" in a comparison.
SAME_SHARE = 0.01


def direction(a: float, b: float, tolerance: float = 0.0) -> str:
    """How ``a`` compares with ``b``: "more" (above ``b`` by more than ``tolerance``), "less"
    (below it by more than ``tolerance``) or "same"."""
    gap = round(float(a) - float(b), 9)  # so that 0.52 - 0.51 is within a tolerance of 0.01
    if gap > tolerance:
        return "more"
    if gap < -tolerance:
        return "less"
    return "same"


def compared(lang: str, key: str, a: float, b: float, tolerance: float = 0.0, **values) -> str:
    """The one helper every comparative sentence goes through: the template ``key_more``,
    ``key_less`` or ``key_same`` as :func:`direction` says ``a`` stands to ``b``, with its
    slots filled; ``key_none`` instead, where the language has it, when both are 0."""
    which = direction(a, b, tolerance)
    if a == 0 and b == 0 and f"{key}_none" in TEXTS[lang]:
        which = "none"
    return t(lang, f"{key}_{which}", **values)


def money(fen: int, lang: str = "en") -> str:
    """A fen amount in words: '969.99 yuan', '57,923 yuan', '7.78 million yuan'; '969.99元',
    '5.79万元'. Amounts of 10,000 yuan or more are rounded (to the yuan, or to two decimals of a
    million / of 10,000 yuan); smaller ones are exact."""
    fen = int(fen)
    yuan = fen / 100
    if lang == "zh":
        if abs(yuan) >= 10_000:
            return f"{yuan / 10_000:,.2f}万元"
        return f"{fmt_yuan(fen)}元"
    if abs(yuan) >= 1_000_000:
        return f"{yuan / 1_000_000:,.2f} million yuan"
    if abs(yuan) >= 10_000:
        return f"{yuan:,.0f} yuan"
    return f"{fmt_yuan(fen)} yuan"


def count(n: int) -> str:
    return f"{int(n):,}"


def tenths(share: float, lang: str = "en") -> str:
    """How many of every ten members lost money, in words. The report no longer opens with it
    (it leads with the exact share behind a shop, :func:`pct_exact`); kept for the scripts that
    use it."""
    if share >= 1:
        return {"en": "Every member lost money",
                "zh": "所有成员都亏了钱"}[lang]
    if share >= 0.95:
        return {"en": "More than 9 of every 10 members lost money",
                "zh": "每10个成员中，超过9个亏了钱"}[lang]
    if share <= 0:
        return {"en": "No member lost money", "zh": "没有成员亏钱"}[lang]
    k = int(round(share * 10))
    if k == 0:
        return {"en": "Fewer than 1 in 10 members lost money",
                "zh": "每10个成员中不到1个亏了钱"}[lang]
    return {"en": f"About {k} of every 10 members lost money",
            "zh": f"每10个成员中约有{k}个亏了钱"}[lang]


# -- the words ---------------------------------------------------------------------------------

EN: dict[str, str] = {
    # page
    "page_title": "pingou-sim: {name}, who lost money",
    "h1": "Who lost money in “{title}”",
    "intro": ("A simulation of {population} people over {days} days (scenario <code>{name}</code>, "
              "seed {seed}). Source of the rules: {source}."),
    "user_file": "a user's file",
    "h_headline": "In short",
    "h_key": "Key figures",
    "h_figures": "The figures",
    "how_to_read": "How to read it:",
    "in_this_run": "In this run:",
    "h_red_flags": "Legal red flags",
    "red_flags_intro": ("What the law looks for (禁止传销条例 Art. 7; Criminal Law Art. 224-1 with the 2013 "
                        "joint opinion), checked against the money that actually moved in this run."),
    "rf_pay_for_recruiting": "Pay for recruiting people (拉人头)",
    "rf_entry_fee": "An entry fee, in money or purchases such as gift packages (入门费)",
    "rf_team_pay": "Pay to uplines based on downlines' sales (团队计酬)",
    "rf_three_levels_paid": "Commissions paid on three or more levels",
    "rf_criminal_threshold": "At least 30 participants and 3 levels, with pay linked to recruiting",
    "rf_yes": "YES",
    "rf_no": "no",
    "rf_tree": ("The recruitment tree: {members} members, {depth} levels deep; {share} of members "
                "three or more levels down; commissions paid up to {levels} levels above a seat."),
    "h_brochure": "The brochure's arithmetic against the run",
    "h_assumptions": "The assumptions that drive this result",
    "assumptions_intro": ("The rules come from the sellers' own documents (the rulebook sections "
                          "are cited in <code>pingou show {name}</code>). How people behave is not "
                          "in those documents: the values below are assumptions of the model, and "
                          "the result depends on them. Change any of them with "
                          "<code>pingou run --set SECTION.FIELD=VALUE</code>."),
    "rules_used": "The rules used",
    "more_assumptions": ("{n} more assumptions, for features of the rules that a scenario can "
                         "switch on (most are off in the default scheme)"),
    "th_figure": "figure", "th_value": "value", "th_setting": "setting",
    "th_meaning": "what it means",
    # headline
    "hl_sticker_note": (" At sticker price a win counts as a purchase at full price, so only money "
                        "left frozen on the platform can make a member lose."),
    "hl_operator": ("The operator took {operator}. Members put in {paid_in} and got "
                    "{withdrawn} back out."),
    "hl_stall_outside": ("Growth stalled on day {stall}, when an outside event cut recruitment "
                         "(new members had peaked on day {peak})."),
    "hl_stall_own": ("Growth stalled on its own: new members peaked on day {peak} and fell as "
                     "the population ran out; no outside event stopped recruitment."),
    "hl_stall_own_network": ("Growth stalled on its own: new members peaked on day {peak} and "
                             "fell as the people the members knew had joined or said no; "
                             "{joined} of the {population} people joined, and no outside "
                             "event stopped recruitment."),
    "hl_warning": ("The early warning: on day {day} the cash members put in over the last "
                   "{window} days, net of stakes refunded, fell below what they withdrew (the predictor of "
                   "collapse of Zhu et al. 2017), {lead}."),
    "hl_warning_lead": "{days} days before payouts stopped",
    "hl_warning_lead_one": "1 day before payouts stopped",
    "hl_warning_same": "on the day payouts stopped",
    "hl_warning_none": "and payouts never stopped",
    "hl_exit": ("Payouts stopped on day {day}: the operator froze them and kept the cash. "
                "{wallets} in wallets and waiting withdrawals and {gold} of shopping gold "
                "became worthless."),
    "hl_activity": ("Payouts never stopped: the platform kept a cash margin on every draw, so "
                    "it never ran dry. Instead play died out: on day {day} fewer than a tenth as "
                    "many seats were taken as at the peak (day {peak}), leaving {stranded} of "
                    "shopping gold and wallet balances that only more play would have paid."),
    "hl_running": ("Payouts had not stopped by the last day (day {day}), and play had not died "
                   "out."),
    # key figures
    "k_participants": "people who joined",
    "k_paid_in": "cash members put in (net of stakes refunded at once)",
    "k_withdrawn": "cash members got back out (withdrawals, after fees)",
    "k_suppliers": "paid to suppliers for products",
    "k_operator": "taken by the operator",
    "k_cash": "cash left on the platform",
    "k_gold": "shopping gold still promised",
    "k_wallets": "wallets and waiting withdrawals still promised",
    "k_stall": "day growth was stopped from outside",
    "k_collapse": "day payouts stopped (operator's exit)",
    "k_activity": "day play fell below a tenth of its peak",
    "k_ledger": "books balance to the fen every day (largest imbalance, fen)",
    "none": "none",
    # brochure
    "b_intro": ("The sellers' brochure shows the platform booking a profit on every draw. Here is "
                "that arithmetic for this scenario's rules, beside what the simulation actually "
                "saw over {groups} draws."),
    "b_rule_profit": "booked “profit” per draw, as the brochure counts it (from the rules)",
    "b_run_profit": ("booked “profit” per draw in this run (the same sum, over the draws that "
                     "took place)"),
    "b_new_gold": "new shopping gold promised to the winners of one draw (from the rules)",
    "b_net_gold": "of which not paid back by the same draw's releases (from the rules)",
    "b_accrual": "result per draw once the new promises are counted (from the rules)",
    "b_run_promises": ("growth of everything promised to members, per draw, in this run "
                       "(promises on the last day divided by the number of draws)"),
    "b_more": ("Every yuan of booked “profit” came with more in new promises: per draw, the run "
               "booked {profit} of “profit” while what the platform owed members grew by "
               "{promises}."),
    "b_less": ("Per draw, the run booked {profit} of “profit” while what the platform owed "
               "members grew by {promises}."),
    "b_same": ("Per draw, the run booked {profit} of “profit”, and what the platform owed "
               "members grew by as much, {promises}."),
    # figures: shared
    "day": "day",
    "yuan": "yuan",
    "ev_stall": "outside stall (day {day})",
    "ev_exit": "payouts frozen (day {day})",
    "ev_warning": "net inflow turns negative (day {day})",
    "ev_activity": "play < 1/10 of peak (day {day})",
    "v_cash": "cash only (products worth nothing)",
    "v_cost": "products at their cost",
    "v_sticker": "products at sticker price (the seller's claim)",
    # growth
    "f_growth": "Growth, stall and collapse",
    "growth_members": "joined so far",
    "growth_active": "played that day",
    "growth_new": "new members that day",
    "growth_people": "people",
    "growth_new_axis": "new per day",
    # cash
    "f_cash": "The platform's cash against each kind of promise",
    "cash_cash": "cash the platform holds",
    "cash_operator": "taken by the operator (running total)",
    "p_gold": "promised: shopping gold",
    "p_wallets": "promised: wallets",
    "p_waiting": "promised: withdrawals waiting",
    "p_stakes": "promised: stakes of seats in the queue",
    "p_pools": "promised: dividend pools",
    "points_dividend": "dividend points",
    "points_consumption": "consumption points",
    "points_axis": "points (no yuan value)",
    # who lost
    "f_who": "Who lost money, by week of joining",
    "who_share": "% of the week's joiners behind",
    "who_median": "median result per member, yuan",
    "who_week": "week of joining (week 0 = days 0-6)",
    "who_peak": "recruitment peak",
    # breakdowns
    "f_breakdowns": "Who lost money, by place in the scheme",
    "bd_share": "% behind",
    "bd_median": "median result, yuan",
    "bd_depth": "depth in the recruitment tree (0 = founder)",
    "bd_downline": "people below the member (all levels)",
    "bd_region": "region",
    "bd_identity": "identity",
    # money flow
    "f_flow": "Where the money went",
    "flow_in": "cash members\nput in",
    "flow_gains": "gains of those\nwho came out ahead",
    "flow_own": "back to the same members\n(their own money)",
    "flow_to_ahead": "to members who came out ahead",
    "flow_suppliers": "to suppliers, for products",
    "flow_operator": "to the operator",
    "flow_cash": "left on the platform",
    "flow_early": "the first tenth to join",
    "flow_uplines": "later members with people below them",
    "flow_others": "everyone else",
    "flow_axis": "yuan",
    # distribution
    "dist_first": "the first half to join",
    "dist_later": "the later half to join",
    "dist_y": "members",
    # captions: how to read, then what it shows in this run
    "c_growth": ("Top: everyone who has joined so far (blue) and those who took at least one "
                 "seat that day (green). Bottom: the newcomers of each day. Dashed lines mark the "
                 "outside stall and the day payouts were frozen; the dash-dotted line, the early "
                 "warning (the day the week's net inflow of cash turned negative); the dotted "
                 "line, the day play fell below a tenth of its peak."),
    "r_growth": ("{members} people joined; most seats were taken on day {peak}, with "
                 "{peak_active} members playing that day."),
    "r_cropped": ("Nothing these timelines show changes after day {last}, so they stop at day "
                  "{end} of {days}."),
    "c_cash": ("The coloured layers are what the platform owes its members, stacked: each kind "
               "of promise in yuan. The green line is the cash it actually holds; the black "
               "dotted line, what the operator has taken out so far. Only wallets can be "
               "withdrawn when a member asks; shopping gold comes back only as members keep "
               "playing. Where the layers rise above the green line, the platform could not pay "
               "what it owes if it all came due. After an exit the promises stay owed but will "
               "never be paid. The lower panel counts the points handed out, which the rules "
               "give no yuan value."),
    "r_cash": ("On day {day}, when the promises peaked, the platform owed members {promised} "
               "and held {cash} in cash: {per100} for every 100 yuan promised."),
    # the footer: what the measures are
    "footer": ("Made by pingou-sim from scenario <code>{name}</code>, seed {seed}: the same "
               "scenario and seed give the same numbers, byte for byte. Money is counted in "
               "whole fen (1 yuan = 100 fen) and the books balance every day. The headline "
               "measure is <strong>against a shop</strong>: the cash a member got back out minus "
               "the cash they put in, plus the goods they hold at what an ordinary shop would "
               "charge for them (their cost with a {margin} retail margin, an assumption: "
               "<code>valuation.retail_margin</code>), plus what they could withdraw if they "
               "stopped on the last day; {balances_note} <strong>As the scheme tells "
               "it</strong>: the goods at their sticker price and every balance on the platform "
               "(wallet, shopping gold, waiting withdrawals, queued stakes, points) at the value "
               "the scheme gives it. Three more measures are kept for comparison, and all three "
               "leave the balances out: cash only (the goods count as nothing), the goods at "
               "their cost to the platform, and the goods at their sticker price."),
    "balances_after_exit": ("after the operator's exit on day {day} nothing can be withdrawn, "
                            "so against a shop no balance counts."),
    "balances_running": ("the platform was still paying on the last day, so a wallet that "
                         "reaches the withdrawal minimum counts, less the fee."),
    # headline: the shop measure first
    "lead_behind": ("{share} of the {participants} members are worse off than if they had "
                    "bought the same goods in an ordinary shop: the median member behind is "
                    "{median} down, and those behind lost {lost} in all."),
    "lead_even": ("No member is behind a shop: what each of the {participants} members paid, "
                  "net of what they got back, bought goods worth exactly that at a shop's "
                  "price."),
    "lead_even_walk": ("No member is behind a shop: for each of the {participants} members, "
                       "what they paid, net of what they got back, is matched exactly by their "
                       "goods at a shop's price and what they can still withdraw."),
    "lead_ahead": ("No member is behind a shop: none of the {participants} members is worse off "
                   "than if they had bought the same goods in an ordinary shop, and those ahead "
                   "gained {gained} in all."),
    "lead_nobody": "Nobody joined.",
    "hl_told_shop": ("As the scheme tells it (goods at sticker price, every balance on the "
                     "platform at face value), {told} of members are behind; against a shop, "
                     "{shop}."),
    "hl_holdings": ("On the last day members held {told_balances} in balances at the value the "
                    "scheme gives them (wallets, shopping gold, waiting withdrawals, queued "
                    "stakes, points); what they could take out if they stopped was "
                    "{walk_away}."),
    "hl_holdings_none": "On the last day members held no balances on the platform.",
    "hl_cash": ("Counting the goods as nothing (cash only), {cash} got back less cash than they "
                "put in (the median of them got back {median_loss} less); counting the goods "
                "at their cost to the platform, {cost}; at their sticker price, as the seller "
                "counts them, {sticker}. These three leave every balance on the platform out."),
    "hl_cash_shop_note": (" A shop's customers score the same in cash alone: their cash paid "
                          "for the goods."),
    # comparisons: one template per direction, chosen by i18n.compared
    "cmp_late_more": ("Of the later half to join ({late_n} people), {late} are behind a shop, "
                      "more than of the first tenth ({early} of {early_n})."),
    "cmp_late_less": ("Of the later half to join ({late_n} people), {late} are behind a shop, "
                      "fewer than of the first tenth ({early} of {early_n})."),
    "cmp_late_same": ("Of the later half to join ({late_n} people), {late} are behind a shop, "
                      "about the same as of the first tenth ({early} of {early_n}; within "
                      "{tol} percentage point)."),
    "cmp_late_none": ("Nobody in the later half to join ({late_n} people) or in the first tenth "
                      "({early_n}) is behind a shop."),
    "cmp_late_median_more": (" The later half's median result against a shop, {late}, is "
                             "better than the first tenth's, {early}."),
    "cmp_late_median_less": (" The later half's median result against a shop, {late}, is "
                             "worse than the first tenth's, {early}."),
    "cmp_late_median_same": (" The later half's median result against a shop is the same as "
                             "the first tenth's: {late}."),
    "cmp_rec_more": ("Of members with 10 or more people below them ({rec_n}), {rec} are behind a "
                     "shop, more than of members with nobody below them ({none} of {none_n})."),
    "cmp_rec_less": ("Of members with 10 or more people below them ({rec_n}), {rec} are behind a "
                     "shop, fewer than of members with nobody below them ({none} of {none_n})."),
    "cmp_rec_same": ("Of members with 10 or more people below them ({rec_n}), {rec} are behind a "
                     "shop, about the same as of members with nobody below them ({none} of "
                     "{none_n}; within {tol} percentage point)."),
    "cmp_rec_none": ("Nobody with 10 or more people below them ({rec_n}) or with nobody below "
                     "them ({none_n}) is behind a shop."),
    "cmp_rec_median_more": (" Their median result against a shop, {rec}, is better than that of "
                            "members with nobody below them, {none}."),
    "cmp_rec_median_less": (" Their median result against a shop, {rec}, is worse than that of "
                            "members with nobody below them, {none}."),
    "cmp_rec_median_same": (" Their median result against a shop is the same as that of "
                            "members with nobody below them: {rec}."),
    "cmp_contacts_more": ("Of the members with the most contacts ({hub_min} or more: {hub_n} "
                          "people), {hub} are behind a shop, more than of the half with the "
                          "fewest ({few_max} or fewer: {few} of {few_n})."),
    "cmp_contacts_less": ("Of the members with the most contacts ({hub_min} or more: {hub_n} "
                          "people), {hub} are behind a shop, fewer than of the half with the "
                          "fewest ({few_max} or fewer: {few} of {few_n})."),
    "cmp_contacts_same": ("Of the members with the most contacts ({hub_min} or more: {hub_n} "
                          "people), {hub} are behind a shop, about the same as of the half with "
                          "the fewest ({few_max} or fewer: {few} of {few_n}; within {tol} "
                          "percentage point)."),
    "cmp_contacts_none": ("Nobody with the most contacts ({hub_min} or more: {hub_n} people) or "
                          "among the half with the fewest ({few_max} or fewer: {few_n}) is "
                          "behind a shop."),
    "cmp_contacts_median_more": (" Their median result against a shop, {hub}, is better than "
                                 "that of the half with the fewest contacts, {few}."),
    "cmp_contacts_median_less": (" Their median result against a shop, {hub}, is worse than "
                                 "that of the half with the fewest contacts, {few}."),
    "cmp_contacts_median_same": (" Their median result against a shop is the same as that of "
                                 "the half with the fewest contacts: {hub}."),
    "cmp_region_more": ("By region (regions with {min} or more members), the share behind a shop "
                        "is largest in {hi_region} ({hi} of {hi_n}) and smallest in {lo_region} "
                        "({lo} of {lo_n})."),
    "cmp_region_less": ("By region (regions with {min} or more members), the share behind a shop "
                        "is smallest in {hi_region} ({hi} of {hi_n}) and largest in {lo_region} "
                        "({lo} of {lo_n})."),
    "cmp_region_same": ("By region (regions with {min} or more members), the share behind a shop "
                        "is about the same everywhere: {lo} in {lo_region} ({lo_n} members) and "
                        "{hi} in {hi_region} ({hi_n}), within {tol} percentage point."),
    "cmp_region_none": ("In no region (of those with {min} or more members) is anyone behind a "
                        "shop."),
    # the sections under the headline
    "h_detail": "Behind the headline",
    "d_compare": "Who is behind, compared.",
    "d_stall": "When growth stalled.",
    "d_split": "Where the lost yuan went.",
    "d_break_even": "What the goods would have to be worth.",
    "d_lasted": "How long it lasted, and why.",
    # lasted_paragraph: growth, the money per 100 yuan paid in, the ending
    "lt_growth_own": ("Growth stalled by itself: new members peaked on day {peak} ({members} of "
                      "the {population} people in reach had joined by then), and no outside event "
                      "cut recruitment; {how}."),
    "lt_how_contacts": ("members invite mostly their own contacts, and fewer of those were left "
                        "outside"),
    "lt_how_anyone": "fewer people were left to invite",
    "lt_how_deposits": "the fund's depositors come on its own schedule, not by invitation",
    "lt_growth_outside": ("New members peaked on day {peak}; from day {cut} an outside event cut "
                          "recruitment."),
    "lt_growth_crackdown": ("New members peaked on day {peak}; from day {cut} a crackdown banned "
                            "recruiting."),
    "lt_growth_none": "Nobody joined after the founders, so growth never began.",
    "lt_paid_nothing": "Members paid no cash in, so the rules had none to draw on.",
    "lt_money": ("Of every 100 yuan members paid in{net}, the scheme's rules credited members "
                 "{promised} of cash they could take out{beyond}, the largest part from {rule} "
                 "({amount})."),
    "lt_money_one": ("Of every 100 yuan members paid in{net}, the scheme's rules credited members "
                     "{promised} of cash they could take out{beyond}, all of it from {rule}."),
    "lt_net": " (net of stakes refunded)",
    "lt_under_fen": "less than 0.01 yuan",
    "lt_money_tie": ("Of every 100 yuan members paid in{net}, the scheme's rules credited members "
                     "{promised} of cash they could take out{beyond}, the largest parts from "
                     "{rule} ({amount} each)."),
    "lt_beyond": " (their own stakes returned to their wallets not counted)",
    "lt_gold": "They also credited {gold} of shopping gold, which cannot be withdrawn until it is released.",
    "lt_money_gold_only": ("Of every 100 yuan members paid in{net}, the "
                           "scheme's rules credited no cash members could take out, only {gold} "
                           "of shopping gold, which cannot be withdrawn until it is released."),
    "lt_money_none": ("Members were promised no cash beyond their goods: the rules credited "
                      "nothing for them to take out."),
    "lt_spent": "Of the same 100 yuan, {parts}.",
    "lt_spent_first": "Of every 100 yuan members paid in{net}, {parts}.",
    "lt_sp_suppliers": "{amount} went to the supplier for goods",
    "lt_sp_operator": "the operator took {amount}",
    "lt_sp_operator_none": "the operator took nothing",
    "lt_sp_withdrawn": "members withdrew {amount}",
    "lt_sp_withdrawn_none": "members withdrew nothing",
    "lt_end_warning": ("On day {warn} the week's net inflow turned negative: the cash paid in over "
                       "{window} days{net} first fell short of what members withdrew. On day {exit}, "
                       "{why}, the operator stopped paying and kept the cash{after}."),
    "lt_end_no_warning": ("The week's net inflow never turned negative; on day {exit}, {why}, the "
                          "operator stopped paying and kept the cash{after}."),
    "lt_why_net_outflow": "after {days} days in a row with no more cash coming in than going out",
    "lt_why_net_outflow_one": "after a day with no more cash coming in than going out",
    "lt_why_withdrawal_wait": "when a withdrawal had waited {days} days unpaid",
    "lt_why_withdrawal_wait_one": "when a withdrawal had waited a day unpaid",
    "lt_why_other": "under its exit rule",
    "lt_after": ", {days} days after new members peaked",
    "lt_after_one": ", 1 day after new members peaked",
    "lt_after_same": ", on the day new members peaked",
    "lt_running_nothing_owed": ("With nothing owed to members, there was nothing to stop paying: "
                                "the scheme was still running on its last day, day {last}{after}."),
    "lt_running_warning": ("The week's net inflow turned negative on day {warn}, but payouts had not "
                           "stopped by the run's last day, day {last}{after}."),
    "lt_running_no_warning": ("The week's net inflow never turned negative, and payouts had not "
                              "stopped by the run's last day, day {last}{after}."),
    "lt_never": " This scenario's operator never exits.",
    "lt_audit": " From day {audit} an audit stopped the operator's exit.",
    # the rules that credit cash (sim.analysis.lasted.PROMISE_FLOWS)
    "lt_rule_loser_reward": "the losers' rewards",
    "lt_rule_commission": "the uplines' commissions",
    "lt_rule_commission_team": "the team differential",
    "lt_rule_commission_store": "the store tiers' rewards",
    "lt_rule_commission_regional": "the regional agents' commissions",
    "lt_rule_commission_gift": "the commissions on gift packages",
    "lt_rule_release_play": "shopping gold released by members' own play",
    "lt_rule_release_downline": "shopping gold released by downlines' play",
    "lt_rule_release_static": "the nightly static release of shopping gold",
    "lt_rule_daily_dividend": "the daily dividend",
    "lt_rule_monthly_dividend": "the monthly dividend",
    "lt_rule_task_reward": "the funnel's task rewards",
    "st_outside": ("On day {day}, when an outside event stopped recruitment, {members} people "
                   "had joined."),
    "st_own": ("On day {day}, when new members peaked and growth began to stall by itself, "
               "{members} people had joined."),
    "st_body": (" As the scheme told it, {ahead_told} of them ({ahead_told_share}) were not "
                "behind; against a shop, {ahead_shop} ({ahead_shop_share}) were not behind. Of "
                "those {members} members, {behind_end} ({behind_end_share}) are behind a shop at "
                "the end."),
    "st_value": (" The value members believed they held beyond what they could walk away with "
                 "(balances at face value, {balances}, less what could be withdrawn, {walk}) was "
                 "{then} that day; at the end it is {end} ({balances_end} less "
                 "{walk_end})."),
    "ls_sentence": "The {members} members behind a shop lost {lost} in all: {parts}.",
    "ls_offset": "{parts}; against that, {offsets}",
    "ls_over_market": "they paid {amount} for goods above their shop price",
    "ls_fees": "{amount} went in withdrawal fees",
    "ls_stranded": "{amount} is stranded in balances they cannot withdraw",
    "ls_transfers": "{amount} went to other members and the platform, net",
    "ls_over_market_neg": "their goods are worth {amount} more at a shop's price than they paid",
    "ls_transfers_neg": "they received {amount} net from other members and the platform",
    "ls_fees_neg": "{amount} of fees came back to them",
    "ls_stranded_neg": "{amount} of balances counts the other way",
    "and": " and ",
    "list_sep": ", ",
    "be_above": ("The median member would have broken even against a shop only if the goods "
                 "were worth {products}; the model takes a shop's price to be {market}."),
    "be_below": ("The median member breaks even against a shop as long as the goods are worth "
                 "at least {products}; the model takes a shop's price to be {market}."),
    "be_product": "{be} (sticker price {sticker}, cost {cost})",
    "be_product_named": "{be} for {name} (sticker price {sticker}, cost {cost})",
    "be_sticker_more": " That is more than their sticker price.",
    "be_sticker_less": " That is {share} of their sticker price.",
    "be_sticker_same": " That is their sticker price.",
    "be_no_goods": ("No price of the goods would make the median member break even against a "
                    "shop: they are behind whatever the goods are worth."),
    "be_free": ("The median member is not behind a shop even if the goods are worth "
                "nothing."),
    # key figures
    "k_shop": "share behind a shop (the headline)",
    "k_told": "share behind as the scheme tells it",
    "k_median_shop": "median loss of those behind a shop",
    "k_lost": "lost by those behind a shop, in all",
    "k_gained": "gained by those ahead of a shop, in all",
    "k_told_balances": "balances at face value on the last day",
    "k_walk_away": "of which members could withdraw",
    "k_share": ("share who got back less than they put in: cash only / goods at cost / goods at "
                "sticker price (balances left out)"),
    "k_median_loss": ("cash only: the median shortfall of those who got back less than they put "
                      "in"),
    "st_no_balances": " Members held no balances on the platform, then or at the end.",
    # figure: told against shop
    "v_shop": "against a shop (the headline)",
    "v_told": "as the scheme tells it",
    "f_told_shop": "What members were told, against what they could walk away with",
    "ts_share_axis": "% of members so far\nwho are behind",
    "ts_told": "behind as the scheme tells it",
    "ts_shop": "behind against a shop",
    "ts_balances": "balances at the value the scheme gives them",
    "ts_promises": "what the platform promised members",
    "ts_walk": "what members could walk away with",
    "ev_stall_own": "growth stalls by itself: new members peak (day {day})",
    "c_told_shop": ("Top: of the members who had joined by each day, the share behind as the "
                    "scheme tells it (goods at sticker price, every balance at face value) and "
                    "the share behind against a shop (goods at a shop's price, plus what they "
                    "could withdraw). Bottom: the balances members held at the value the scheme "
                    "gives them, against what they could actually have taken out if they "
                    "stopped. The gap between the lines is what members believed they had but "
                    "could not take out. Dashed lines mark the stall and the exit."),
    "r_told_shop": ("On day {day} ({event}), {told} of members were behind as the scheme tells "
                    "it and {shop} against a shop; on the last day, {told_end} and {shop_end}. "
                    "Balances at face value peaked at {peak_balances} on day {peak_day}, when "
                    "members could have walked away with {peak_walk}."),
    "ev_word_outside": "the outside stall",
    "ev_word_own": "the recruitment peak",
    # figure: the identity
    "f_identity": "Where the money went, against a shop",
    "id_retail_margin_fen": "retail margin a shop would have charged",
    "id_walk_away_fen": "what members can still withdraw",
    "id_operator_injected_fen": "put in by the operator",
    "id_ad_revenue_fen": "ad revenue",
    "id_market_return_fen": "the fund's market return",
    "id_operator_take_fen": "taken by the operator",
    "id_platform_cash_fen": "left in the platform's cash",
    "id_suppliers_beyond_goods_fen": "paid to suppliers for goods no member holds",
    "id_net": "members' result against a shop",
    "id_axis": "for members (up) or against them (down)",
    "ls_title": "Where the {lost} lost by those behind a shop went",
    "lsb_over_market_fen": "goods above their shop price",
    "lsb_fees_fen": "withdrawal fees",
    "lsb_stranded_fen": "stranded balances",
    "lsb_transfers_fen": "to others, net",
    "lsb_over_market_fen_neg": "goods worth more than paid",
    "lsb_fees_fen_neg": "fees returned",
    "lsb_stranded_fen_neg": "balances the other way",
    "lsb_transfers_fen_neg": "received from others, net",
    "ls_axis": "{unit}: adds to the loss (right) or offsets it (left)",
    "c_identity": ("Summed over all members, the result against a shop is an identity of the "
                   "books, to the fen: the bars going up count for the members, those going "
                   "down against them, and the last bar is what they add up to. The retail "
                   "margin is what an ordinary shop would have charged above the goods' cost: "
                   "the members did not pay it, so it counts for them. What the operator took "
                   "and what is left in the platform's cash count against them. Where members "
                   "are behind, the lower bar splits what they lost into its parts."),
    "r_identity": ("Summed over all members, the result against a shop is {net}. For them: "
                   "{plus}. Against them: {minus}."),
    "r_identity_top": " The largest term is {top}.",
    "r_identity_term": "{name} ({amount})",
    "r_identity_nothing": "nothing",
    # figure: who lost by week, by place; the distribution
    "c_who": ("Each point is everyone who joined in one week. Top: the share of them behind "
              "against a shop (the headline), as the scheme tells it, and in cash alone (goods "
              "counted as nothing). Bottom: the median result per member in yuan under the same "
              "measures (below zero: behind)."),
    "r_who": ("Across the {weeks} weeks with newcomers, the share behind a shop ran from {lo} to "
              "{hi}."),
    "r_who_none": "In none of the {weeks} weeks with newcomers was anyone behind a shop.",
    "c_breakdowns": ("Each row splits the members one way; each group shows the share behind "
                     "(left) and the median result (right), against a shop, as the scheme tells "
                     "it and in cash alone, as in the figure above; n is the number of members "
                     "in the group."),
    "r_place_more": ("Members with 100 or more people below them: {big} behind a shop (median "
                     "result {big_median}), more than members with nobody below them ({none}, "
                     "median {none_median})."),
    "r_place_less": ("Members with 100 or more people below them: {big} behind a shop (median "
                     "result {big_median}), fewer than members with nobody below them ({none}, "
                     "median {none_median})."),
    "r_place_same": ("Members with 100 or more people below them: {big} behind a shop (median "
                     "result {big_median}), about the same as members with nobody below them "
                     "({none}, median {none_median}; within {tol} percentage point)."),
    "r_place_none": ("Nobody with 100 or more people below them, or with nobody below them, is "
                     "behind a shop."),
    "r_place_nobig": ("Members with nobody below them: {none} behind a shop (median result "
                      "{none_median}); nobody had 100 or more people below them."),
    "f_dist": "Members' results against a shop",
    "dist_x": "result against a shop, yuan (1st to 99th percentile)",
    "dist_x_clipped": ("result against a shop, yuan: the 1st to 99th percentile drawn;\n"
                       "{below} members below it and {above} above it are not shown"),
    "r_dist_clipped": ("The figure draws the 1st to 99th percentile of results, {lo} to {hi}: "
                       "{below} members below that and {above} above it are not shown."),
    "bd_region_empty": "no members in {regions}",
    "r_region_empty": ("Nobody joined in {regions}: the figure has no bars for "
                       "{them}."),
    "r_region_empty_them": "it",
    "r_region_empty_them_many": "them",
    "c_dist": ("How many members ended with each result against a shop (cash got back minus "
               "cash put in, plus the goods at a shop's price and what they could withdraw), "
               "for the first half of the members to join and the later half. Left of the black "
               "line: behind."),
    "r_dist_more": ("The later half's median result against a shop, {later}, is better than the "
                    "first half's, {first}."),
    "r_dist_less": ("The later half's median result against a shop, {later}, is worse than the "
                    "first half's, {first}."),
    "r_dist_same": "The later half's median result against a shop is the same as the first half's: {later}.",
    # the line pingou run prints at the end
    "closing": ("{members} members; {shop} behind a shop ({cash} in cash); ending: {ending}; "
                "books off by {imbalance} fen. Report: {report}"),
    "ending_exit": "exit", "ending_activity": "activity", "ending_running": "running",
}

ZH: dict[str, str] = {
    "page_title": "pingou-sim：{name}，谁亏了钱",
    "h1": "“{title}”中谁亏了钱",
    "intro": ("对 {population} 人、{days} 天的模拟（情景 <code>{name}</code>，随机种子 {seed}）。"
              "规则来源：{source}。"),
    "user_file": "用户提供的文件",
    "h_headline": "要点",
    "h_key": "关键数字",
    "h_figures": "图表",
    "how_to_read": "怎么看：",
    "in_this_run": "本次模拟：",
    "h_red_flags": "法律上的危险信号",
    "red_flags_intro": ("法律关注的行为（《禁止传销条例》第七条；刑法第二百二十四条之一及2013年联合意见），"
                        "按本次模拟中实际发生的资金流动检验。"),
    "rf_pay_for_recruiting": "按拉人头计酬（拉人头）",
    "rf_entry_fee": "以缴纳费用或购买商品（包括大礼包）为入门条件（入门费）",
    "rf_team_pay": "以下线销售业绩为依据给上线计酬（团队计酬）",
    "rf_three_levels_paid": "佣金发放达到三级或以上",
    "rf_criminal_threshold": "参与人数达30人以上、层级达3级以上，且计酬与发展人员挂钩",
    "rf_yes": "是",
    "rf_no": "否",
    "rf_tree": ("推荐关系树：{members}名会员，共{depth}层；{share}的会员处在第三层或更深；"
                "每次参团的佣金最多向上发给{levels}级上线。"),
    "h_brochure": "宣传材料的算术与模拟结果对照",
    "h_assumptions": "决定这一结果的假设",
    "assumptions_intro": ("规则来自卖方自己的文件（规则手册的相应章节见 <code>pingou show {name}</code>）。"
                          "人们如何行动，这些文件并没有写：下列数值是模型的假设，结果取决于它们。"
                          "可以用 <code>pingou run --set 分节.字段=数值</code> 修改其中任何一项。"),
    "rules_used": "所用规则",
    "more_assumptions": "另外 {n} 项假设，针对情景可以开启的规则功能（默认方案中大多未开启）",
    "th_figure": "项目", "th_value": "数值", "th_setting": "设置", "th_meaning": "含义",
    "hl_sticker_note": "按标价计算，每次中签都相当于按全价购物，因此只有冻结在平台上的钱才会让成员亏损。",
    "hl_operator": "运营方拿走了 {operator}。成员共投入 {paid_in}，提现拿回 {withdrawn}。",
    "hl_stall_outside": "第 {stall} 天，外部事件切断了拉新，增长停滞（新成员在第 {peak} 天达到高峰）。",
    "hl_stall_own": "增长自行停滞：新成员在第 {peak} 天达到高峰，之后随着可拉的人越来越少而下降；没有外部事件中断拉新。",
    "hl_stall_own_network": "增长自行停滞：新成员在第 {peak} 天达到高峰，之后随着成员认识的人都已加入或已拒绝而下降；{population} 人中有 {joined} 人加入，没有外部事件中断拉新。",
    "hl_warning": ("预警信号：第 {day} 天，成员最近 {window} 天投入的现金（扣除退回的本金）少于他们提走的现金"
                   "（Zhu 等 2017 年提出的崩盘先兆），{lead}。"),
    "hl_warning_lead": "比兑付停止早 {days} 天",
    "hl_warning_lead_one": "比兑付停止早 1 天",
    "hl_warning_same": "正是兑付停止的那一天",
    "hl_warning_none": "而兑付始终没有停止",
    "hl_exit": ("第 {day} 天兑付停止：运营方冻结一切兑付，卷走现金。"
                "零钱和待付提现共 {wallets}、购物金 {gold}，全部化为乌有。"),
    "hl_activity": ("兑付始终没有停止：平台每次开奖都留有现金差价，所以从未断流。"
                    "但参与逐渐消失：第 {day} 天的参团数不到高峰（第 {peak} 天）的十分之一，"
                    "留下 {stranded} 的购物金和零钱余额，只有继续参团才能兑现。"),
    "hl_running": "到最后一天（第 {day} 天）兑付没有停止，参与也没有消失。",
    "k_participants": "加入人数",
    "k_paid_in": "成员投入的现金（扣除当即退回的参团金）",
    "k_withdrawn": "成员提现拿回的现金（扣除手续费）",
    "k_suppliers": "支付给供应商的商品成本",
    "k_operator": "运营方拿走的钱",
    "k_cash": "平台剩余现金",
    "k_gold": "尚未兑付的购物金",
    "k_wallets": "尚未兑付的零钱和待付提现",
    "k_stall": "外部事件中断增长的日子",
    "k_collapse": "兑付停止的日子（运营方跑路）",
    "k_activity": "参团数跌破高峰十分之一的日子",
    "k_ledger": "账目每天精确到分地平衡（最大差额，分）",
    "none": "无",
    "b_intro": ("卖方的宣传材料显示，平台每次开奖都记下一笔利润。下面按本情景的规则重算这笔账，"
                "并与模拟中实际发生的 {groups} 次开奖对照。"),
    "b_rule_profit": "宣传材料口径的每次开奖“利润”（按规则计算）",
    "b_run_profit": "本次模拟中每次开奖记下的“利润”（同一算法，按实际发生的开奖）",
    "b_new_gold": "每次开奖新承诺给中签者的购物金（按规则计算）",
    "b_net_gold": "其中未被同一次开奖的释放抵消的部分（按规则计算）",
    "b_accrual": "计入新承诺之后每次开奖的结果（按规则计算）",
    "b_run_promises": "本次模拟中每次开奖使平台对成员的承诺总额增加的数额（最后一天的承诺总额除以开奖次数）",
    "b_more": ("每一元记下的“利润”都伴随着更多的新承诺：本次模拟每次开奖记下 {profit} 的“利润”，"
               "而平台欠成员的钱增加了 {promises}。"),
    "b_less": "本次模拟每次开奖记下 {profit} 的“利润”，平台欠成员的钱增加了 {promises}。",
    "b_same": "本次模拟每次开奖记下 {profit} 的“利润”，平台欠成员的钱也增加了同样多（{promises}）。",
    "day": "天",
    "yuan": "元",
    "ev_stall": "外部停滞（第 {day} 天）",
    "ev_exit": "兑付冻结（第 {day} 天）",
    "ev_warning": "资金净流入转负（第 {day} 天）",
    "ev_activity": "参团不足高峰的 1/10（第 {day} 天）",
    "v_cash": "只算现金（商品不计价值）",
    "v_cost": "商品按成本价",
    "v_sticker": "商品按标价（卖方的说法）",
    "f_growth": "增长、停滞与崩盘",
    "growth_members": "累计加入",
    "growth_active": "当天参团",
    "growth_new": "当天新加入",
    "growth_people": "人数",
    "growth_new_axis": "每天新加入",
    "f_cash": "平台现金与各类承诺",
    "cash_cash": "平台持有的现金",
    "cash_operator": "运营方累计拿走",
    "p_gold": "承诺：购物金",
    "p_wallets": "承诺：零钱",
    "p_waiting": "承诺：待付提现",
    "p_stakes": "承诺：排队中的参团金",
    "p_pools": "承诺：分红池",
    "points_dividend": "分红积分",
    "points_consumption": "消费积分",
    "points_axis": "积分（无折算价）",
    "f_who": "按加入周统计：谁亏了钱",
    "who_share": "该周加入者中吃亏者的比例 %",
    "who_median": "每人结果的中位数（元）",
    "who_week": "加入的周次（第 0 周 = 第 0-6 天）",
    "who_peak": "拉新高峰",
    "f_breakdowns": "按在体系中的位置统计：谁亏了钱",
    "bd_share": "吃亏者比例 %",
    "bd_median": "结果中位数（元）",
    "bd_depth": "在推荐树中的层级（0 = 创始人）",
    "bd_downline": "成员下面的人数（所有层级）",
    "bd_region": "地区",
    "bd_identity": "身份",
    "f_flow": "钱去了哪里",
    "flow_in": "成员投入\n的现金",
    "flow_gains": "赚钱者\n的收益",
    "flow_own": "回到同一批成员手中\n（他们自己的钱）",
    "flow_to_ahead": "流向赚了钱的成员",
    "flow_suppliers": "流向供应商（商品）",
    "flow_operator": "流向运营方",
    "flow_cash": "留在平台上",
    "flow_early": "最早加入的十分之一",
    "flow_uplines": "之后加入、下面有人的成员",
    "flow_others": "其他人",
    "flow_axis": "元",
    "dist_first": "先加入的一半人",
    "dist_later": "后加入的一半人",
    "dist_y": "成员人数",
    "c_growth": ("上图：累计加入的人数（蓝）和当天至少参团一次的人数（绿）。下图：每天新加入的人数。"
                 "虚线标出外部停滞和兑付冻结的日子；点划线标出预警信号（一周资金净流入转负的那天）；"
                 "点线标出参团数跌破高峰十分之一的日子。"),
    "r_growth": "共有 {members} 人加入；参团最多的一天是第 {peak} 天，当天有 {peak_active} 人参团。",
    "r_cropped": "第 {last} 天之后，这些时间线上的数字不再变化，所以图表只画到第 {end} 天（共 {days} 天）。",
    "c_cash": ("彩色色块是平台欠成员的钱，按承诺种类（元）层层叠加；绿线是平台实际持有的现金；"
               "黑色点线是运营方累计拿走的钱。只有零钱可以随时申请提现；购物金只有在成员继续参团时才会释放回来。"
               "色块高出绿线的地方，意味着这些欠款一旦同时到期，平台无力兑付。"
               "跑路之后，这些承诺仍然挂在账上，但永远不会兑付。下图统计发放的积分，规则并未规定其折合多少元。"),
    "r_cash": ("第 {day} 天承诺达到最高：平台欠成员 {promised}，而手上只有现金 {cash}，"
               "即每承诺 100 元只有 {per100} 现金。"),
    "footer": ("由 pingou-sim 根据情景 <code>{name}</code>、随机种子 {seed} 生成：相同的情景和种子"
               "得到逐字节相同的结果。金额以整分计（1元=100分），账目每天都核对平衡。"
               "要点所用的口径是<strong>与在商店购物相比</strong>：成员提现拿回的现金减去投入的现金，"
               "加上所持商品按普通商店售价计的价值（成本加上 {margin} 的零售毛利，这是一项假设："
               "<code>valuation.retail_margin</code>），再加上最后一天停止参与时能提走的钱；{balances_note}"
               "<strong>按平台的说法</strong>：商品按标价计，平台上的每一笔余额（零钱、购物金、待付提现、"
               "排队中的参团金、积分）按平台给出的面值计。另外保留三种口径以便比较，三者都不计平台上的余额："
               "只算现金（商品不计价值）、商品按平台成本价、商品按标价。"),
    "balances_after_exit": "运营方在第 {day} 天跑路之后什么都提不出来，所以与商店相比，任何余额都不计。",
    "balances_running": "最后一天平台仍在兑付，所以达到提现门槛的零钱计入（扣除手续费）。",
    "lead_behind": ("在{participants}名成员中，有{share}比在普通商店买同样的商品亏得更多："
                    "吃亏者亏损的中位数为{median}，合计亏了{lost}。"),
    "lead_even": ("没有成员比在商店购物吃亏：{participants} 名成员每人投入的钱（扣除拿回的部分），"
                  "都买到了按商店售价恰好值这么多的商品。"),
    "lead_even_walk": ("没有成员比在商店购物吃亏：{participants} 名成员每人投入的钱（扣除拿回的部分），"
                       "恰好等于所持商品按商店售价计的价值加上仍可提走的钱。"),
    "lead_ahead": ("没有成员比在商店购物吃亏：{participants}名成员买同样的商品，都不比在普通商店花得多，"
                   "占便宜的人合计多得{gained}。"),
    "lead_nobody": "没有人加入。",
    "hl_told_shop": ("按平台的说法（商品按标价、平台上的每笔余额按面值），有{told}的成员吃亏；"
                     "与在普通商店购物相比，吃亏的成员占{shop}。"),
    "hl_holdings": ("最后一天，成员按平台给出的面值持有余额 {told_balances}（零钱、购物金、待付提现、"
                    "排队中的参团金、积分）；如果那时停止参与，能提走的是 {walk_away}。"),
    "hl_holdings_none": "最后一天，成员在平台上没有任何余额。",
    "hl_cash": ("只算现金（商品不计价值），有{cash}的成员拿回的现金少于投入的现金，这些人少拿回的中位数为{median_loss}；"
                "商品按平台的成本价计，这一比例为{cost}；按卖方标的标价计，这一比例为{sticker}。这三种算法都不计平台上的余额。"),
    "hl_cash_shop_note": "只算现金，商店的顾客也是同样的结果：他们的现金用来买了商品。",
    "cmp_late_more": ("后加入的一半人（{late_n} 人）中，有{late}比在商店购物吃亏，"
                      "多于最早加入的十分之一（{early_n} 人中的 {early}）。"),
    "cmp_late_less": ("后加入的一半人（{late_n} 人）中，有{late}比在商店购物吃亏，"
                      "少于最早加入的十分之一（{early_n} 人中的 {early}）。"),
    "cmp_late_same": ("后加入的一半人（{late_n} 人）中，有{late}比在商店购物吃亏，"
                      "与最早加入的十分之一（{early_n} 人中的 {early}）大致相同（相差不超过 {tol} 个百分点）。"),
    "cmp_late_none": "后加入的一半人（{late_n} 人）和最早加入的十分之一（{early_n} 人）中，没有人比在商店购物吃亏。",
    "cmp_late_median_more": "与商店相比，后加入的一半人结果的中位数为 {late}，好于最早加入的十分之一（{early}）。",
    "cmp_late_median_less": "与商店相比，后加入的一半人结果的中位数为 {late}，差于最早加入的十分之一（{early}）。",
    "cmp_late_median_same": "与商店相比，后加入的一半人结果的中位数与最早加入的十分之一相同：{late}。",
    "cmp_rec_more": ("下面有 10 人以上的成员（{rec_n} 人）中，有{rec}比在商店购物吃亏，"
                     "多于下面没有人的成员（{none_n} 人中的 {none}）。"),
    "cmp_rec_less": ("下面有 10 人以上的成员（{rec_n} 人）中，有{rec}比在商店购物吃亏，"
                     "少于下面没有人的成员（{none_n} 人中的 {none}）。"),
    "cmp_rec_same": ("下面有 10 人以上的成员（{rec_n} 人）中，有{rec}比在商店购物吃亏，"
                     "与下面没有人的成员（{none_n} 人中的 {none}）大致相同（相差不超过 {tol} 个百分点）。"),
    "cmp_rec_none": "下面有 10 人以上的成员（{rec_n} 人）和下面没有人的成员（{none_n} 人）中，没有人比在商店购物吃亏。",
    "cmp_rec_median_more": "与商店相比，他们结果的中位数为 {rec}，好于下面没有人的成员（{none}）。",
    "cmp_rec_median_less": "与商店相比，他们结果的中位数为 {rec}，差于下面没有人的成员（{none}）。",
    "cmp_rec_median_same": "与商店相比，他们结果的中位数与下面没有人的成员相同：{rec}。",
    "cmp_contacts_more": ("联系人最多的成员（{hub_min} 人及以上，共 {hub_n} 人）中，有{hub}比在商店购物"
                          "吃亏，多于联系人最少的一半成员（{few_max} 人及以下：{few_n} 人中的 {few}）。"),
    "cmp_contacts_less": ("联系人最多的成员（{hub_min} 人及以上，共 {hub_n} 人）中，有{hub}比在商店购物"
                          "吃亏，少于联系人最少的一半成员（{few_max} 人及以下：{few_n} 人中的 {few}）。"),
    "cmp_contacts_same": ("联系人最多的成员（{hub_min} 人及以上，共 {hub_n} 人）中，有{hub}比在商店购物"
                          "吃亏，与联系人最少的一半成员（{few_max} 人及以下：{few_n} 人中的 {few}）大致"
                          "相同（相差不超过 {tol} 个百分点）。"),
    "cmp_contacts_none": ("联系人最多的成员（{hub_min} 人及以上，共 {hub_n} 人）和联系人最少的一半成员"
                          "（{few_max} 人及以下，共 {few_n} 人）中，没有人比在商店购物吃亏。"),
    "cmp_contacts_median_more": "与商店相比，他们结果的中位数为 {hub}，好于联系人最少的一半成员（{few}）。",
    "cmp_contacts_median_less": "与商店相比，他们结果的中位数为 {hub}，差于联系人最少的一半成员（{few}）。",
    "cmp_contacts_median_same": "与商店相比，他们结果的中位数与联系人最少的一半成员相同：{hub}。",
    "cmp_region_more": ("按地区（{min} 人以上的地区），比在商店购物吃亏的比例以 {hi_region} 最高"
                        "（{hi_n} 人中的 {hi}），以 {lo_region} 最低（{lo_n} 人中的 {lo}）。"),
    "cmp_region_less": ("按地区（{min} 人以上的地区），比在商店购物吃亏的比例以 {hi_region} 最低"
                        "（{hi_n} 人中的 {hi}），以 {lo_region} 最高（{lo_n} 人中的 {lo}）。"),
    "cmp_region_same": ("按地区（{min} 人以上的地区），各地比在商店购物吃亏的比例大致相同："
                        "{lo_region}（{lo_n} 人）为 {lo}，{hi_region}（{hi_n} 人）为 {hi}，相差不超过 {tol} 个百分点。"),
    "cmp_region_none": "在 {min} 人以上的地区中，没有人比在商店购物吃亏。",
    "h_detail": "要点详解",
    "d_compare": "哪些人更吃亏：分组比较。",
    "d_stall": "增长停滞之时。",
    "d_split": "亏掉的钱去了哪里。",
    "d_break_even": "商品要值多少钱才不亏。",
    "d_lasted": "维持了多久，为什么。",
    "lt_growth_own": ("增长自行停滞：新成员在第 {peak} 天达到高峰（当时可触达的 {population} 人中已有 "
                      "{members} 人加入），没有外部事件切断拉新；{how}。"),
    "lt_how_contacts": "成员邀请的大多是自己的熟人，而还没加入的熟人越来越少",
    "lt_how_anyone": "还没加入、可以邀请的人越来越少",
    "lt_how_deposits": "基金的存款人按基金自己的进度到来，不靠邀请",
    "lt_growth_outside": "新成员在第 {peak} 天达到高峰；从第 {cut} 天起，外部事件切断了拉新。",
    "lt_growth_crackdown": "新成员在第 {peak} 天达到高峰；从第 {cut} 天起，打击行动禁止了拉新。",
    "lt_growth_none": "创始成员之后再没有人加入，增长从未开始。",
    "lt_paid_nothing": "成员没有投入任何现金，规则无钱可支。",
    "lt_money": ("成员每投入 100 元{net}，平台规则就给成员记入 {promised} 可以拿走的现金"
                 "{beyond}，其中最多的一项来自{rule}（{amount}）。"),
    "lt_money_one": ("成员每投入 100 元{net}，平台规则就给成员记入 {promised} 可以拿走的现金"
                     "{beyond}，全部来自{rule}。"),
    "lt_net": "（扣除退回的本金）",
    "lt_under_fen": "不到 0.01 元",
    "lt_money_tie": ("成员每投入 100 元{net}，平台规则就给成员记入 {promised} 可以拿走的现金"
                     "{beyond}，其中最多的几项来自{rule}（各 {amount}）。"),
    "lt_beyond": "（退回零钱的本人本金不计在内）",
    "lt_gold": "规则还记入 {gold} 购物金，释放之前不能提现。",
    "lt_money_gold_only": ("成员每投入 100 元{net}，平台规则没有记入可以拿走的现金，"
                           "只记入 {gold} 购物金，释放之前不能提现。"),
    "lt_money_none": "除了商品，成员没有得到任何现金承诺：规则没有给他们记入任何可以拿走的钱。",
    "lt_spent": "同样这 100 元中，{parts}。",
    "lt_spent_first": "成员每投入 100 元{net}，{parts}。",
    "lt_sp_suppliers": "{amount} 付给供应商买商品",
    "lt_sp_operator": "运营方拿走 {amount}",
    "lt_sp_operator_none": "运营方什么也没拿",
    "lt_sp_withdrawn": "成员提走 {amount}",
    "lt_sp_withdrawn_none": "成员什么也没提走",
    "lt_end_warning": ("第 {warn} 天，一周净流入转为负数：{window} 天内投入的现金{net}第一次不够支付成员的提现。"
                       "第 {exit} 天，{why}，运营方停止兑付并卷走现金{after}。"),
    "lt_end_no_warning": "一周净流入始终没有转为负数；第 {exit} 天，{why}，运营方停止兑付并卷走现金{after}。",
    "lt_why_net_outflow": "在连续 {days} 天流入的现金不多于流出之后",
    "lt_why_net_outflow_one": "在一天流入的现金不多于流出之后",
    "lt_why_withdrawal_wait": "在一笔提现等待 {days} 天仍未支付之时",
    "lt_why_withdrawal_wait_one": "在一笔提现等待一天仍未支付之时",
    "lt_why_other": "按其跑路规则",
    "lt_after": "，距新成员高峰 {days} 天",
    "lt_after_one": "，距新成员高峰 1 天",
    "lt_after_same": "，正是新成员达到高峰的那一天",
    "lt_running_nothing_owed": "平台不欠成员任何钱，也就无所谓停止兑付：到最后一天（第 {last} 天{after}）仍在运转。",
    "lt_running_warning": "第 {warn} 天一周净流入转为负数，但到最后一天（第 {last} 天{after}）兑付仍未停止。",
    "lt_running_no_warning": "一周净流入始终没有转为负数，到最后一天（第 {last} 天{after}）兑付也没有停止。",
    "lt_never": "这个情景中的运营方从不跑路。",
    "lt_audit": "从第 {audit} 天起，审计阻止了运营方跑路。",
    "lt_rule_loser_reward": "不中奖奖励",
    "lt_rule_commission": "上级的直推、间推佣金",
    "lt_rule_commission_team": "团队级差奖励",
    "lt_rule_commission_store": "店铺奖励",
    "lt_rule_commission_regional": "区域代理提成",
    "lt_rule_commission_gift": "礼包推广收益",
    "lt_rule_release_play": "成员本人参团释放的购物金",
    "lt_rule_release_downline": "下级参团加速释放的购物金",
    "lt_rule_release_static": "每晚静态释放的购物金",
    "lt_rule_daily_dividend": "日分红",
    "lt_rule_monthly_dividend": "月分红",
    "lt_rule_task_reward": "引流任务奖励",
    "st_outside": "第 {day} 天，外部事件切断拉新，此时已有 {members} 人加入。",
    "st_own": "第 {day} 天，新成员达到高峰，增长开始自行停滞，此时已有 {members} 人加入。",
    "st_body": ("按平台当时的说法，其中 {ahead_told} 人（{ahead_told_share}）没有吃亏；与在商店购物相比，"
                "{ahead_shop} 人（{ahead_shop_share}）没有吃亏。这 {members} 名成员中，到最后有 {behind_end} 人"
                "（{behind_end_share}）比在商店购物吃亏。"),
    "st_value": ("成员以为持有、却提不出来的价值（按面值计的余额 {balances}，减去能提走的 {walk}）"
                 "当天为 {then}；到最后为 {end}（{balances_end} 减去 {walk_end}）。"),
    "ls_sentence": "比在商店购物吃亏的 {members} 名成员合计亏了 {lost}：{parts}。",
    "ls_offset": "{parts}；另一方面，{offsets}",
    "ls_over_market": "他们为商品多付了 {amount}（高于商店售价的部分）",
    "ls_fees": "提现手续费 {amount}",
    "ls_stranded": "{amount} 困在提不出来的余额里",
    "ls_transfers": "{amount} 净流向了其他成员和平台",
    "ls_over_market_neg": "他们的商品按商店售价比他们所付的多值 {amount}",
    "ls_transfers_neg": "他们从其他成员和平台净得到 {amount}",
    "ls_fees_neg": "{amount} 的手续费退回给了他们",
    "ls_stranded_neg": "{amount} 的余额反向计入",
    "and": "，",
    "list_sep": "，",
    "be_above": "只有当商品值 {products}时，中位成员与在商店购物相比才能不亏；模型假定的商店售价为 {market}。",
    "be_below": "只要商品至少值 {products}，中位成员与在商店购物相比就不亏；模型假定的商店售价为 {market}。",
    "be_product": "{be}（标价 {sticker}，成本 {cost}）",
    "be_product_named": "{name} {be}（标价 {sticker}，成本 {cost}）",
    "be_sticker_more": "这比标价还高。",
    "be_sticker_less": "这相当于标价的 {share}。",
    "be_sticker_same": "这正是标价。",
    "be_no_goods": "商品无论值多少钱，中位成员与在商店购物相比都会吃亏。",
    "be_free": "即使商品一文不值，中位成员与在商店购物相比也不吃亏。",
    "k_shop": "比在商店购物吃亏的比例（要点口径）",
    "k_told": "按平台说法吃亏的比例",
    "k_median_shop": "比在商店购物吃亏者亏损的中位数",
    "k_lost": "比在商店购物吃亏者合计亏损",
    "k_gained": "比在商店购物占便宜的人合计多得",
    "k_told_balances": "最后一天按面值计的余额",
    "k_walk_away": "其中成员能提走的",
    "k_share": "拿回少于投入者的比例：只算现金 / 商品按成本价 / 商品按标价（不计余额）",
    "k_median_loss": "只算现金：拿回少于投入者少拿回金额的中位数",
    "st_no_balances": "无论当时还是最后，成员在平台上都没有余额。",
    "v_shop": "与在商店购物相比（要点口径）",
    "v_told": "按平台的说法",
    "f_told_shop": "成员被告知的，与能提走的",
    "ts_share_axis": "已加入成员中吃亏者的比例 %",
    "ts_told": "按平台的说法吃亏",
    "ts_shop": "与在商店购物相比吃亏",
    "ts_balances": "按平台面值计的余额",
    "ts_promises": "平台对成员的承诺",
    "ts_walk": "成员能提走的钱",
    "ev_stall_own": "增长自行停滞：新成员达到高峰（第 {day} 天）",
    "c_told_shop": ("上图：每天已加入的成员中，按平台说法吃亏的比例（商品按标价、每笔余额按面值），"
                    "以及与在商店购物相比吃亏的比例（商品按商店售价，加上能提走的钱）。"
                    "下图：成员按平台面值持有的余额，与停止参与时实际能提走的钱。"
                    "两条线之间的差距，就是成员以为拥有、却提不出来的部分。虚线标出停滞和跑路的日子。"),
    "r_told_shop": ("第 {day} 天（{event}），按平台说法吃亏的成员占 {told}，与在商店购物相比吃亏的占 {shop}；"
                    "最后一天分别为 {told_end} 和 {shop_end}。按面值计的余额在第 {peak_day} 天达到最高的 "
                    "{peak_balances}，当时成员能提走的只有 {peak_walk}。"),
    "ev_word_outside": "外部停滞",
    "ev_word_own": "拉新高峰",
    "f_identity": "钱去了哪里（与在商店购物相比）",
    "id_retail_margin_fen": "商店本会收取的零售毛利",
    "id_walk_away_fen": "成员仍能提走的钱",
    "id_operator_injected_fen": "运营方投入的钱",
    "id_ad_revenue_fen": "广告收入",
    "id_market_return_fen": "基金的市场收益",
    "id_operator_take_fen": "运营方拿走的钱",
    "id_platform_cash_fen": "平台剩余现金",
    "id_suppliers_beyond_goods_fen": "付给供应商、却没有成员持有的商品",
    "id_net": "成员与在商店购物相比的结果",
    "id_axis": "对成员有利（向上）或不利（向下）",
    "ls_title": "比在商店购物吃亏者亏掉的 {lost} 去了哪里",
    "lsb_over_market_fen": "商品高于商店售价的部分",
    "lsb_fees_fen": "提现手续费",
    "lsb_stranded_fen": "困住的余额",
    "lsb_transfers_fen": "净流向他人",
    "lsb_over_market_fen_neg": "商品值得比所付的多",
    "lsb_fees_fen_neg": "退回的手续费",
    "lsb_stranded_fen_neg": "反向计入的余额",
    "lsb_transfers_fen_neg": "从他人净得到",
    "ls_axis": "{unit}：计入亏损（向右）或抵消亏损（向左）",
    "c_identity": ("把所有成员加总，与在商店购物相比的结果是一个精确到分的账目恒等式：向上的柱子对成员有利，"
                   "向下的对成员不利，最后一根是它们的合计。零售毛利是普通商店在商品成本之上本会收取的钱："
                   "成员没有付这笔钱，所以计为对他们有利。运营方拿走的钱和平台剩余的现金计为对他们不利。"
                   "有成员吃亏时，下面一条把他们亏掉的钱分成几部分。"),
    "r_identity": "把所有成员加总，与在商店购物相比的结果为 {net}。对成员有利：{plus}。对成员不利：{minus}。",
    "r_identity_top": "最大的一项是{top}。",
    "r_identity_term": "{name}（{amount}）",
    "r_identity_nothing": "无",
    "c_who": ("每个点代表在同一周加入的所有人。上图：其中与在商店购物相比吃亏（要点口径）、按平台说法吃亏、"
              "只算现金（商品不计价值）吃亏的比例。下图：同样三种口径下每人结果的中位数（元，低于零即吃亏）。"),
    "r_who": "在有新人加入的 {weeks} 周里，比在商店购物吃亏的比例在 {lo} 到 {hi} 之间。",
    "r_who_none": "在有新人加入的 {weeks} 周里，没有人比在商店购物吃亏。",
    "c_breakdowns": ("每一行按一种方式给成员分组；每组显示吃亏者的比例（左）和结果的中位数（右），"
                     "口径为与在商店购物相比、按平台的说法和只算现金，与上图相同；n 是该组的人数。"),
    "r_place_more": ("下面有 100 人以上的成员：有{big}比在商店购物吃亏（结果中位数 {big_median}），"
                     "多于下面没有人的成员（{none}，中位数 {none_median}）。"),
    "r_place_less": ("下面有 100 人以上的成员：有{big}比在商店购物吃亏（结果中位数 {big_median}），"
                     "少于下面没有人的成员（{none}，中位数 {none_median}）。"),
    "r_place_same": ("下面有 100 人以上的成员：有{big}比在商店购物吃亏（结果中位数 {big_median}），"
                     "与下面没有人的成员大致相同（{none}，中位数 {none_median}；相差不超过 {tol} 个百分点）。"),
    "r_place_none": "下面有 100 人以上的成员和下面没有人的成员中，没有人比在商店购物吃亏。",
    "r_place_nobig": "下面没有人的成员：有{none}比在商店购物吃亏（结果中位数 {none_median}）；没有人下面有 100 人以上。",
    "f_dist": "成员与在商店购物相比的结果分布",
    "dist_x": "与在商店购物相比的结果（元，第 1 至第 99 百分位）",
    "dist_x_clipped": ("与在商店购物相比的结果（元）：只画出第1至第99百分位，\n"
                       "另有{below}人低于、{above}人高于这一范围，未画出"),
    "r_dist_clipped": "图中只画出第1至第99百分位的结果（{lo}至{hi}）：低于这一范围的{below}人和高于这一范围的{above}人没有画出。",
    "bd_region_empty": "{regions}没有成员",
    "r_region_empty": "{regions}没有人加入，所以图中没有{them}的柱子。",
    "r_region_empty_them": "这个地区",
    "r_region_empty_them_many": "这些地区",
    "c_dist": ("成员与在商店购物相比的结果（拿回的现金减去投入的现金，加上按商店售价计的商品和能提走的钱）的分布，"
               "分先加入的一半人和后加入的一半人。黑线左边为吃亏。"),
    "r_dist_more": "与商店相比，后加入的一半人结果的中位数为 {later}，好于先加入的一半人（{first}）。",
    "r_dist_less": "与商店相比，后加入的一半人结果的中位数为 {later}，差于先加入的一半人（{first}）。",
    "r_dist_same": "与商店相比，后加入的一半人结果的中位数与先加入的一半人相同：{later}。",
    "closing": ("{members} 名成员；{shop} 比在商店购物吃亏（只算现金为 {cash}）；结局：{ending}；"
                "账目差额 {imbalance} 分。报告：{report}"),
    "ending_exit": "运营方跑路", "ending_activity": "参与消失", "ending_running": "仍在运行",
}

# -- ranges over several seeds (pingou run --seeds K) -------------------------------------------

#: The words of the ranges (``pingou run --seeds K``, :mod:`sim.experiments.ranges`).
RANGES_EN: dict[str, str] = {
    "rg_h": "Ranges over {runs} runs",
    "rg_nav": "Ranges",
    "rg_how": "seeds {first} to {last}",
    "rg_how_wide": ("seeds {first} to {last}, each run with its own draw of the behavioural "
                    "assumptions"),
    "rg_lead": ("Across {runs} runs ({how}), the share of members behind against a shop, worse "
                "off than if they had bought the same goods in an ordinary shop, has a median of "
                "{share} (90% range {lo} to {hi})."),
    "rg_lead_none": "In none of the {runs} runs ({how}) is any member behind against a shop.",
    "rg_loss": ("Those behind lost a median of {median} each (90% range {median_lo} to "
                "{median_hi}{where}) and {lost} in all (90% range {lost_lo} to {lost_hi})."),
    "rg_where_some": ", over the {n} runs in which anyone was behind",
    "rg_joined": ("{joined} people joined (90% range {joined_lo} to {joined_hi}), and the "
                  "operator took {operator} (90% range {operator_lo} to {operator_hi})."),
    "rg_collapse_all": ("Payouts stopped in every run, on day {day} at the median (90% range "
                        "day {lo} to day {hi})."),
    "rg_collapse_some": ("Payouts stopped in {n} of the {runs} runs, on day {day} at the median "
                         "of those (90% range day {lo} to day {hi})."),
    "rg_collapse_none": "Payouts stopped in none of the runs.",
    "rg_warning": ("In the {n} runs in which the early warning came no later than payouts "
                   "stopping, it came a median of {lead} days before them (90% range {lo} to "
                   "{hi} days)."),
    "rg_detail_h": "One of the runs in detail: seed {seed}",
    "rg_detail_h_wide": "One run in detail: seed {seed}, with the scenario's own assumptions",
    "rg_method": ("How these ranges are made: each figure is the median over the {runs} runs "
                  "(seeds {first} to {last}), and its 90% range runs from its 5th to its 95th "
                  "percentile over them (linear interpolation between runs, as numpy's "
                  "percentile; amounts in fen, people and days rounded to whole ones). A figure "
                  "that not every run has, such as the day payouts stopped, is taken over the "
                  "runs that have it, and the table says over how many."),
    "rg_why": ("The runs have the same rules and assumptions and differ only in their random "
               "seed, that is, in chance: who is invited and joins, who wins each draw, who "
               "withdraws when. The range is the spread of the model's outcomes under chance "
               "alone: a range, not a confidence interval. It does not say how far the model is "
               "from the real scheme, and it leaves the assumptions as they are: "
               "<code>--assumptions wide</code> draws them too."),
    "rg_why_wide": ("The runs differ in their random seed and in the behavioural assumptions: "
                    "each run draws its own set from the wide ranges in the table below, by "
                    "Latin hypercube sampling seeded with {sample_seed} (the same command draws "
                    "the same sets). So the range takes in chance and also how much the result "
                    "hangs on assumptions that are not in the sellers' documents. It is a range "
                    "of the model's outcomes, not a confidence interval: it does not say how far "
                    "the model is from the real scheme."),
    "rg_few": ("With {runs} runs, the 5th percentile lies between the lowest and the "
               "second-lowest run, and the 95th between the two highest: more seeds "
               "(<code>--seeds</code>) give steadier ends."),
    "rg_files": ("The rest of this page (the sentences and figures given without a range, the "
                 "key figures) and the CSV files (daily.csv, participants.csv, cohorts.csv, "
                 "contacts.csv) are one run: seed {first}, the first of the runs."),
    "rg_files_wide": ("The rest of this page (the sentences and figures given without a range, "
                      "the key figures) and the CSV files (daily.csv, participants.csv, "
                      "cohorts.csv, contacts.csv) are one run: seed {first} with the "
                      "scenario's own assumptions (the values in the table of assumptions), not "
                      "one of the {runs} runs with drawn assumptions."),
    "rg_bands": ("The three timeline figures also show the runs as a band: shaded, each day's "
                 "5th to 95th percentile over the runs; a thin dashed line, each day's median; "
                 "the thick line is the run in detail."),
    "rg_th_median": "median",
    "rg_th_range": "90% range (5th to 95th percentile)",
    "rg_th_runs": "runs",
    "rg_th_detail": "run in detail (seed {seed})",
    "rg_range": "{lo} to {hi}",
    "rg_runs_some": "{n} of {runs}",
    "rg_f_share_losing_shop": "share behind against a shop (the headline)",
    "rg_f_last_half_share_losing_shop": "share behind against a shop, of the later half to join",
    "rg_f_share_losing_told": "share behind as the scheme tells it",
    "rg_f_median_net_shop_fen": "median loss of those behind a shop",
    "rg_f_lost_shop_fen": "lost by those behind a shop, in all",
    "rg_f_gained_shop_fen": "gained by those ahead of a shop, in all",
    "rg_f_participants": "people who joined",
    "rg_f_paid_in_fen": "cash members put in (net of stakes refunded at once)",
    "rg_f_withdrawn_fen": "cash members got back out",
    "rg_f_operator_take_fen": "taken by the operator",
    "rg_f_share_losing_cash": "share who got back less cash than they put in (cash only)",
    "rg_f_growth_peak_day": "day of most newcomers (the growth peak)",
    "rg_f_collapse_day": "day payouts stopped",
    "rg_f_early_warning_lead_days": "days from the early warning to payouts stopping",
    "rg_f_activity_end_day": "day play fell below a tenth of its peak",
    "rg_h_sens": "Which assumption moves the headline most",
    "rg_sens_top": ("Over the {runs} runs, the share behind against a shop follows {top} most "
                    "closely (Spearman's rank correlation {rho}): the higher it was drawn, the "
                    "{direction} members were behind."),
    "rg_dir_up": "more",
    "rg_dir_down": "fewer",
    "rg_sens_zero": ("Over the {runs} runs, no drawn assumption is related in rank to the share "
                     "behind against a shop: every Spearman rank correlation is 0."),
    "rg_tied": " Tied with it: {others}.",
    "rg_next": " Next come {next}.",
    "rg_rho": "{name} ({rho})",
    "rg_sens_measure": ("The measure is Spearman's rank correlation, over the runs, between each "
                        "drawn assumption and the share behind against a shop: from −1 to 1, "
                        "and 0 when the two are unrelated in rank. The assumptions are drawn "
                        "together, so the ranking is rough, the more so with few runs: with "
                        "{runs} runs, a correlation between −{chance} and {chance} could come "
                        "from chance alone (the two-sided 95% bound for unrelated figures, "
                        "1.96 / √({runs} − 1))."),
    "rg_sens_weak": ("No correlation here goes beyond what chance alone could give with this "
                     "many runs: the ranking is no more than a hint."),
    "rg_sens_flat": ("The share behind against a shop was the same in every run: no assumption "
                     "moved it."),
    "rg_held": "Held at the value given with <code>--set</code>, not drawn: {keys}.",
    "rg_th_assumption": "assumption",
    "rg_th_drawn": "drawn from",
    "rg_th_rho": "Spearman's rank correlation with the share behind",
    "rg_rho_none": "none (one value in every run)",
    "rg_by_seed": "Each run's figures",
    "rg_by_seed_wide": "Each run's figures and drawn assumptions",
    "rg_th_seed": "seed",
    "rg_th_value_seed": "value (seed {seed})",
    "rg_in_detail": "In the run in detail (seed {seed}):",
    "rg_band_legend": "shaded: 5th to 95th percentile of {runs} runs; thin dashed: their median",
    "rg_caption": (" The shaded band around a line is each day's 5th to 95th percentile over the "
                   "{runs} runs, the thin dashed line their median; the thick line is the run in "
                   "detail (seed {seed})."),
    "closing_ranges": ("{runs} runs (seeds {first} to {last}): {shop} behind a shop at the median "
                       "(90% range {lo} to {hi}); the CSV files are seed {first}'s. Report: "
                       "{report}"),
}

RANGES_ZH: dict[str, str] = {
    "rg_h": "{runs}次模拟的范围",
    "rg_nav": "范围",
    "rg_how": "随机种子{first}至{last}",
    "rg_how_wide": "随机种子{first}至{last}，每次模拟各自抽取一组行为假设",
    "rg_lead": ("在{runs}次模拟中（{how}），比在普通商店买同样的商品吃亏的成员比例，中位数为{share}"
                "（90%范围：{lo}至{hi}）。"),
    "rg_lead_none": "在{runs}次模拟中（{how}），没有一次有成员比在商店购物吃亏。",
    "rg_loss": ("吃亏者每人亏损的中位数为{median}（90%范围：{median_lo}至{median_hi}{where}），"
                "合计亏损{lost}（90%范围：{lost_lo}至{lost_hi}）。"),
    "rg_where_some": "，取自有人吃亏的{n}次模拟",
    "rg_joined": ("加入人数为{joined}（90%范围：{joined_lo}至{joined_hi}），运营方拿走{operator}"
                  "（90%范围：{operator_lo}至{operator_hi}）。"),
    "rg_collapse_all": "每次模拟都停止了兑付，中位数在第{day}天（90%范围：第{lo}天至第{hi}天）。",
    "rg_collapse_some": ("{runs}次模拟中有{n}次停止了兑付，这几次的中位数在第{day}天"
                         "（90%范围：第{lo}天至第{hi}天）。"),
    "rg_collapse_none": "没有一次模拟停止兑付。",
    "rg_warning": ("在预警信号不晚于兑付停止出现的{n}次模拟中，预警比兑付停止早的天数中位数为{lead}天"
                   "（90%范围：{lo}至{hi}天）。"),
    "rg_detail_h": "其中一次模拟的详情：随机种子{seed}",
    "rg_detail_h_wide": "一次模拟的详情：随机种子{seed}，采用情景本身的假设",
    "rg_method": ("范围的算法：每个数字取{runs}次模拟（随机种子{first}至{last}）的中位数，"
                  "90%范围从这些模拟的第5百分位到第95百分位（在相邻两次模拟之间线性插值，与 numpy "
                  "的百分位数算法相同；以分、人、天为单位的数字取整）。并非每次模拟都有的数字，"
                  "例如兑付停止的日子，只在有这个数字的模拟中计算，表中注明是几次。"),
    "rg_why": ("这些模拟的规则和假设完全相同，只有随机种子不同，也就是只有运气不同：谁受到邀请并加入、"
               "每团谁中签、谁在什么时候提现。所以这个范围是模型结果单纯因随机性而产生的波动，"
               "是一个范围，而不是置信区间。它不说明模型离真实的方案有多远，也没有改变假设："
               "<code>--assumptions wide</code> 会把假设也一并抽取。"),
    "rg_why_wide": ("这些模拟的随机种子不同，行为假设也不同：每次模拟用拉丁超立方抽样，从下表的宽范围中"
                    "抽取自己的一组假设（抽样种子为{sample_seed}，同一条命令抽到同样的假设）。"
                    "所以这个范围既包括随机性，也包括结果在多大程度上取决于卖方资料中没有的假设。"
                    "它是模型结果的范围，而不是置信区间：它不说明模型离真实的方案有多远。"),
    "rg_few": ("只有{runs}次模拟时，第5百分位落在最低和次低的两次模拟之间，第95百分位落在最高的两次之间："
               "增加随机种子（<code>--seeds</code>）能让范围的两端更稳定。"),
    "rg_files": ("本页其余部分（没有给出范围的句子和图、主要数字）以及 CSV 文件（daily.csv、"
                 "participants.csv、cohorts.csv、contacts.csv）都来自一次模拟：随机种子{first}，"
                 "即其中的第一次。"),
    "rg_files_wide": ("本页其余部分（没有给出范围的句子和图、主要数字）以及 CSV 文件（daily.csv、"
                      "participants.csv、cohorts.csv、contacts.csv）都来自一次模拟：随机种子{first}，采用情景本身的假设"
                      "（即假设表中的数值），不属于抽取假设的那{runs}次模拟。"),
    "rg_bands": ("三张时间线图也把这些模拟画成一条带：阴影为每天各次模拟的第5至第95百分位，"
                 "细虚线为每天的中位数；粗线是详细展示的那一次模拟。"),
    "rg_th_median": "中位数",
    "rg_th_range": "90%范围（第5至第95百分位）",
    "rg_th_runs": "模拟次数",
    "rg_th_detail": "详细展示的模拟（随机种子{seed}）",
    "rg_range": "{lo}至{hi}",
    "rg_runs_some": "{runs}次中的{n}次",
    "rg_f_share_losing_shop": "比在商店购物吃亏的比例（要点口径）",
    "rg_f_last_half_share_losing_shop": "后加入的一半人中比在商店购物吃亏的比例",
    "rg_f_share_losing_told": "按平台说法吃亏的比例",
    "rg_f_median_net_shop_fen": "比在商店购物吃亏者亏损的中位数",
    "rg_f_lost_shop_fen": "比在商店购物吃亏者合计亏损",
    "rg_f_gained_shop_fen": "比在商店购物占便宜的人合计多得",
    "rg_f_participants": "加入人数",
    "rg_f_paid_in_fen": "成员投入的现金（扣除当即退回的参团金）",
    "rg_f_withdrawn_fen": "成员提现拿回的现金",
    "rg_f_operator_take_fen": "运营方拿走的钱",
    "rg_f_share_losing_cash": "只算现金：拿回少于投入者的比例",
    "rg_f_growth_peak_day": "新成员最多的日子（增长高峰）",
    "rg_f_collapse_day": "兑付停止的日子",
    "rg_f_early_warning_lead_days": "从预警信号到兑付停止的天数",
    "rg_f_activity_end_day": "参团数跌破高峰十分之一的日子",
    "rg_h_sens": "哪项假设对要点影响最大",
    "rg_sens_top": ("在{runs}次模拟中，比在商店购物吃亏的比例与{top}关系最密切（斯皮尔曼等级相关系数{rho}）："
                    "这项假设抽得越高，吃亏的成员{direction}。"),
    "rg_dir_up": "越多",
    "rg_dir_down": "越少",
    "rg_sens_zero": "在{runs}次模拟中，没有一项抽取的假设与比在商店购物吃亏的比例在排序上有关系：斯皮尔曼等级相关系数全部为0。",
    "rg_tied": "与它并列的有：{others}。",
    "rg_next": "其次是{next}。",
    "rg_rho": "{name}（{rho}）",
    "rg_sens_measure": ("衡量方法是各次模拟中每项抽取的假设与比在商店购物吃亏的比例之间的斯皮尔曼等级相关系数："
                        "取值从−1到1，两者在排序上毫无关系时为0。各项假设是一起抽取的，所以这个排序只是粗略的，"
                        "模拟次数少时更是如此：只有{runs}次模拟时，−{chance}到{chance}之间的相关系数可能纯属偶然"
                        "（两者无关时的双侧95%界限，1.96 / √({runs} − 1)）。"),
    "rg_sens_weak": "这里没有一个相关系数超出这么多次模拟中偶然可能出现的范围：这个排序只能作为线索。",
    "rg_sens_flat": "每次模拟中比在商店购物吃亏的比例都相同：没有一项假设改变它。",
    "rg_held": "以下假设固定为 <code>--set</code> 给出的值，没有抽取：{keys}。",
    "rg_th_assumption": "假设",
    "rg_th_drawn": "抽取范围",
    "rg_th_rho": "与吃亏比例的斯皮尔曼等级相关系数",
    "rg_rho_none": "无（每次模拟取值相同）",
    "rg_by_seed": "每次模拟的数字",
    "rg_by_seed_wide": "每次模拟的数字和抽取的假设",
    "rg_th_seed": "随机种子",
    "rg_th_value_seed": "数值（随机种子{seed}）",
    "rg_in_detail": "详细展示的模拟（随机种子{seed}）：",
    "rg_band_legend": "阴影：{runs}次模拟的第5至第95百分位；细虚线：中位数",
    "rg_caption": ("线条周围的阴影带是每天{runs}次模拟的第5至第95百分位，细虚线是中位数；"
                   "粗线是详细展示的那一次模拟（随机种子{seed}）。"),
    "closing_ranges": ("{runs}次模拟（随机种子{first}至{last}）：比在商店购物吃亏的比例中位数为{shop}"
                       "（90%范围：{lo}至{hi}）；CSV 文件来自随机种子{first}。报告：{report}"),
}

EN.update(RANGES_EN)
ZH.update(RANGES_ZH)


TEXTS = {"en": EN, "zh": ZH}

#: Chinese meanings of the assumption fields (the English ones are the scenario's own
#: descriptions, see ``pingou show``).
ASSUMPTIONS_ZH: dict[str, str] = {
    "run.participants": "可被拉入的总人数 N：此外没有人会加入。",
    "run.days": "模拟的天数（每一步为一天）。",
    "recruitment.founders_share": "第 0 天创立体系的人占总人数的比例（没有上级；大于 0 时至少 founders_min 人），使不同规模下的故事相同。",
    "recruitment.invite_rate": "一个有效推广员每天发出的邀请数（effort 为 'per-contact' 时，指熟人数为平均值的推广员）。",
    "recruitment.effort": "推广员的邀请如何随熟人数增长：'per-promoter'，不论熟人多少，每天 invite_rate 个（每个人的时间有限：人脉广的人更早被拉进来，但不会邀请更多人）；'per-contact'，每天 invite_rate x 熟人数 / network.mean_contacts 个（'file' 时除以文件本身的平均熟人数），即 Zhu 等人传染病式模型中按每条关系计的速率，人脉广的人邀请更多。'well-mixed' 不读此项（人人熟人相同）。",
    "recruitment.conversion": "被邀请且尚未加入的人接受邀请加入的概率。",
    "recruitment.stall_day": "外部事件（打击、负面报道）切断拉新的日子；none（默认）表示没有外部停滞：成员认识的人用完时，增长自己停下。",
    "recruitment.founders_min": "founders_share 大于 0 时，创立者至少有这么多人（不超过总人数）：003 的六个大区各一人，使小规模的运行不取决于一个创立者最初的几个熟人。",
    "recruitment.stall_factor": "从停滞之日起，拉新乘以这个系数。",
    "behaviour.budget_median_yuan": "一个成员在整个期间愿意投入的钱的中位数（对数正态分布）。",
    "behaviour.budget_sigma": "成员预算的离散程度（对数的标准差）。",
    "behaviour.seats_per_day": "完全信任平台的成员平均每天参团次数（泊松分布，受每日上限和可支付金额限制）。",
    "behaviour.shopping_gold_hook": "持有只能靠参团释放的购物金的成员，每天额外参团的次数。",
    "behaviour.trust_initial": "新成员的信任度，取值 0 到 1。",
    "behaviour.trust_paid_gain": "一笔提现全额到账时增加的信任度。",
    "behaviour.trust_wait_loss": "提现每多等一天减少的信任度。",
    "behaviour.trust_newcomer_loss": "每天减少的信任度，乘以最近一周新人数比最好一周下降的幅度（谁的新人：newcomers_watched）。",
    "behaviour.newcomers_watched": "成员看谁的新人来决定信任：'downline'，自己下线（自己以下各层）的新人（最好一周不到 downline_notice_min 个新人的成员看不出趋势）；'everyone'，整个体系的新人（所有成员同一个信号，关系网之前的规则）。",
    "behaviour.downline_notice_min": "所看的最好一周至少要有多少新人（成员自己下线的，或 'everyone' 时整个体系的），才从中读出趋势；不到这个数，不因新人减少而失去信任。",
    "behaviour.quit_threshold": "信任度低于此值，成员停止参团并申请提走全部零钱。",
    "behaviour.withdraw_propensity": "零钱达到提现门槛、仍在参团的成员每天申请提现的概率。",
    "operator.extraction": "运营方每天转入自己口袋的钱：当天记账“利润”（卖方口径）的一部分，或超出准备金的现金。",
    "operator.extraction_share": "“利润分成”方式下拿走的比例。",
    "operator.reserve_ratio": "“超出准备金的现金”方式下，按零钱和待付提现的比例保留的现金。",
    "operator.exit_rule": "运营方何时冻结兑付、卷走现金：提现等待过久、净流入（投入减兑付）持续不为正，或永不（慢慢失血）。",
    "operator.exit_wait_days": "“提现等待”规则下，最早一笔未付提现可以等待的天数。",
    "operator.exit_outflow_days": "“净流出”规则下，净流入连续不为正的天数。",
    "valuation.retail_margin": ("商店的毛利占售价的比例：商品的市场价 = 成本 / (1 - retail_margin)，"
                                "按 0.20 计，成本 80 元的商品市场价为 100 元。"),
    # the rules a preset marks as assumed (its [sources] say so)
    "draw.stake_yuan": "每个座位的参团金 P，等于商品的标价（至少 1 分，即 0.01）。",
    "draw.group_size": "每团的座位数 n。",
    "draw.winners": "每团抽出的中奖人数 w（中奖就是付钱并拿到商品）。",
    "draw.daily_cap": "一个成员每天最多可参团的次数。",
    "draw.cost_ratio": "商品成本 c 占 P 的比例（付给供应商的钱）；和所有比例一样，以百万分之一为单位（最多六位小数）。",
    "rewards.loser_reward_rate": "未中奖者得到的现金奖励占 P 的比例，进入零钱（A 项）。",
    "rewards.loser_reward_yuan": "未中奖者现金奖励中的固定部分（元），加在按比例的部分之上。",
    "rewards.winner_shopping_gold_rate": "记给中奖者的购物金占 P 的比例（C 项）。",
    "rewards.winner_dividend_points_rate": "中奖者每 1 元 P 得到的分红积分（B 项）。",
    "rewards.consumption_points_rate": "每个参团者每 1 元 P 得到的消费积分（中奖者 F 项，未中奖者 C 项）。",
    "release.per_play_rate": "动态释放一：每次参团（无论中不中）从购物金转入零钱的金额占 P 的比例（中奖者 D 项 = 未中奖者 B 项，A14）。",
    "release.static_daily_rate": "静态释放：每晚释放的购物金余额比例（0 = 不释放）。",
    "commission.level1_rate": "给直接上线的推广佣金，占每个座位 P 的比例。",
    "commission.level2_rate": "给间接上线（上线的上线）的推广佣金，占每个座位 P 的比例。",
    "withdrawal.min_yuan": "平台受理的最低提现金额。",
    "withdrawal.fee_rate": "每笔提现平台扣下的手续费比例。",
    "withdrawal.ramp_days": "最低提现额和手续费在多少天内线性变到最终值（0 = 一开始就是最终值；A43 建议为 6 个月）。",
    "behaviour.trust_failed_group_loss": "成员参加的团失败时（隐藏规则互相冲突）减少的信任度。",
    "network.mean_contacts": "每个人平均认识的人数（'well-mixed' 和 'file' 不用这一项；'small-world' 和 'scale-free' 会取最接近的偶数）。",
    "network.exponent": "'clustered'：认识人数服从幂律分布 P(k) ~ k^-exponent 时的指数，须大于 2。",
    "network.shuffle": "'clustered'：生成关系网之后，平均每条关系做多少次保持人数不变的互换（0 = 不换）；换得越多，闭合的三角关系越少，每个人认识的人数不变。",
    "network.rewire": "'small-world'：环上每条关系被改接到一个随机的人的概率。",
    "network.outside_reach": "推广员的邀请中发给熟人以外、尚未加入者的比例（广告、陌生人），使分成几块的关系网也能拉满人；邀请人照样是上线。'well-mixed' 不用这一项。",
    "network.trust_contact_quit_loss": "开启 local_trust 时每天减少的信任度，乘以该成员已加入的熟人中已退出者所占的比例（0.1：一半熟人退出时，信任度在十天内从 0.9 降到退出线 0.4 以下）。",
    "network.local_trust": "信任度还随该成员已加入的熟人中已退出者的比例下降（怀疑沿关系网传播；'well-mixed' 时每个人的熟人就是所有人），叠加在其他行为信号之上。",
    "team.tier1_share": "从加入之日起就持有团队一级身份的成员比例（身份不变，A1）。",
    "team.tier2_share": "持有团队二级身份的成员比例。",
    "team.tier3_share": "持有团队三级身份的成员比例。",
    "team.tier3_rate": "团队三级（董事）的佣金，占每个座位 P 的比例。",
    "regional.agents": "每个区、市、省都有一名代理：在当地最先加入的成员（原始材料没有说代理如何产生，A1）。",
    "regional.districts_per_city": "每个市的区数（即 recruitment.regions 的区）。",
    "regional.cities_per_province": "每个省的市数。",
    "store.tier1_share": "持有门店一级身份的成员比例。",
    "store.tier2_share": "持有门店二级身份的成员比例。",
    "store.tier3_share": "持有门店三级身份的成员比例。",
    "gift.vip_price_yuan": "VIP 礼包的价格（0 = 不出售）。",
    "gift.special_price_yuan": "特约礼包的价格。",
    "gift.cofounder_price_yuan": "联创礼包的价格。",
    "gift.agent_price_yuan": "区域代理礼包的价格（买的人成为所在区的代理）。",
    "gift.vip_share": "新成员加入时购买 VIP 礼包的比例。",
    "gift.special_share": "新成员购买特约礼包的比例。",
    "gift.cofounder_share": "新成员购买联创礼包的比例。",
    "gift.agent_share": "新成员购买区域代理礼包的比例。",
    "gift.product_cost_ratio": "礼包中商品的成本占礼包价格的比例。",
    "gift.referral_level1_rate": "给购买者直接上线的佣金，占礼包价格的比例（VIP 礼包推广收益）。",
    "gift.referral_level2_rate": "给购买者间接上线的佣金，占礼包价格的比例。",
    "zones.weights": "新成员在买得起的专区（预算至少够 10 次参团）中如何选择；留空 = 各专区机会相同。每个专区一个权重，为 0 到 1e9 之间的有限数，不能全为 0。",
    "zones.large_prepaid_share": "新成员中大额预存充值客户的比例。",
    "zones.large_budget_median_yuan": "大额预存成员预算的中位数（上限与 behaviour.budget_median_yuan 相同）。",
    "points.move_to_pool": "成员一有机会（按日历）就把每满一百的自由分红积分转入分红池。",
    "funnel.start_day": "第一批每周团开团的日子。",
    "fund.days_per_year": "模型一年有多少天（下面的比例都是年率）。",
    "fund.deposit_yuan": "一名新存款人存入的钱（当天的金额分给所需人数的存款人；至少 1 分，即 0.01）。",
    "fund.return_rate_year": "r_n：基金现金每年的实际（名义）收益率。",
}

#: The rule sources of the presets in Chinese (``meta.source``, by its English text), with the
#: same citations; a source not listed here (a user's file) is shown as written.
SOURCES_ZH: dict[str, str] = {
    ("RULEBOOK §14.1 (the rules section of 微三云模式解析), with case 1's stake, cost and pool "
     "rates (§14.2, §16.1); per-value sources in [sources]; behaviour: model assumptions"):
        ("RULEBOOK §14.1（《微三云模式解析》的规则部分），参团金、成本和分红池比例取自案例一"
         "（§14.2、§16.1）；每个数值的出处见 [sources]；成员行为为模型假设"),
    ("RULEBOOK §14.2, §16.1 (微三云模式解析, 案例一); daily cap §3.3, withdrawals §13.1; "
     "per-value sources in [sources]; behaviour: model assumptions"):
        ("RULEBOOK §14.2、§16.1（《微三云模式解析》案例一）；每日上限见 §3.3，提现见 §13.1；"
         "每个数值的出处见 [sources]；成员行为为模型假设"),
    ("RULEBOOK §14.2, §16.2 (微三云模式解析, 案例二); daily cap §3.3, withdrawals §13.1; "
     "per-value sources in [sources]; behaviour: model assumptions"):
        ("RULEBOOK §14.2、§16.2（《微三云模式解析》案例二）；每日上限见 §3.3，提现见 §13.1；"
         "每个数值的出处见 [sources]；成员行为为模型假设"),
    ("ANCHORS.md (Artzrouni 2009): the fit to Ponzi 1920; r_w and r_n are assumptions; "
     "per-value sources in [sources]"):
        ("ANCHORS.md (Artzrouni 2009)：对庞兹1920年数据的拟合；r_w 和 r_n 为假设；"
         "每个数值的出处见 [sources]"),
    ("ANCHORS.md (云联惠: 16%, 116%, about 0.05% a day); the rest are assumptions; "
     "per-value sources in [sources]"):
        ("ANCHORS.md (云联惠)：按消费额的16%付款，承诺返还116%，每天约返0.05%；其余为假设；"
         "每个数值的出处见 [sources]"),
    ("control for comparison (assumptions, MODEL.md §6); same people and word of mouth as "
     "quanmin-pingou"):
        "用于比较的对照组（均为假设，MODEL.md §6）；人群和口口相传的方式与 quanmin-pingou 相同",
    ("RULEBOOK §11 (鸟哥笔记 2021) on top of §14.1 (微三云模式解析); package prices, shares and "
     "rates are assumptions (A40); per-value sources in [sources]"):
        ("RULEBOOK §11（鸟哥笔记2021年的文章），叠加在 §14.1（《微三云模式解析》）之上；"
         "礼包价格、购买比例和佣金比例为假设（A40）；每个数值的出处见 [sources]"),
    ("RULEBOOK §12, §16.5 (鸟哥笔记 2021); stake, cost and return rates: RULEBOOK A42 readings "
     "(assumptions); per-value sources in [sources]; behaviour: model assumptions"):
        ("RULEBOOK §12、§16.5（鸟哥笔记2021年的文章）；参团金、成本和返还比例取 RULEBOOK 的建议值"
         "（A42，为假设）；每个数值的出处见 [sources]；成员行为为模型假设"),
    ("RULEBOOK §14.3, §16.4 (微三云模式解析, 特权模式); rewards beyond those listed: RULEBOOK A45 "
     "reading; tier holders and agents: assumptions (A1); per-value sources in [sources]; "
     "behaviour: model assumptions"):
        ("RULEBOOK §14.3、§16.4（《微三云模式解析》特权模式）；未列出的奖励取 RULEBOOK 的建议值"
         "（A45）；各级身份持有者和代理为假设（A1）；每个数值的出处见 [sources]；成员行为为模型假设"),
    ("RULEBOOK §14.4, §16.6 (微三云模式解析, 附二); dividend and consumption points: RULEBOOK "
     "§4, the rules section (assumption); per-value sources in [sources]; behaviour: model "
     "assumptions"):
        ("RULEBOOK §14.4、§16.6（《微三云模式解析》附二）；分红积分和消费积分见 RULEBOOK §4，"
         "即规则部分（为假设）；每个数值的出处见 [sources]；成员行为为模型假设"),
}

#: Assumption references that carry English words, in Chinese (the same citations).
REFS_ZH: dict[str, str] = {
    "MODEL §2; RULEBOOK §2 (A3: 10-60% in the funnel)": "MODEL §2; RULEBOOK §2（A3：漏斗中为10-60%）",
}

#: The meaning shown for an assumption with no Chinese text yet (a field a user's file marks
#: as assumed): where to read it, rather than English in a Chinese table.
ASSUMPTION_ZH_MISSING = "（暂无中文说明：含义见 pingou show 的输出。）"


def assumption_zh(name: str, ref: str) -> tuple[str, str]:
    """The Chinese meaning and reference of the assumption ``name``."""
    return tidy_zh(ASSUMPTIONS_ZH.get(name, ASSUMPTION_ZH_MISSING)), REFS_ZH.get(ref, ref)


def source_zh(source: str) -> str:
    """A scenario's source line in Chinese where it is a preset's (:data:`SOURCES_ZH`)."""
    return SOURCES_ZH.get(" ".join(source.split()), source)


def closing_line(lang: str, summary: dict, report) -> str:
    """The line ``pingou run`` prints when it is done, in ``lang``."""
    s = summary
    shop, cash = pcts(s["share_losing_shop"], s["share_losing_cash"])
    ending = TEXTS[lang].get(f"ending_{s['ending']}", s["ending"])
    return t(lang, "closing", members=count(s["participants"]), shop=shop, cash=cash,
             ending=ending, imbalance=s["ledger_imbalance_fen"], report=report)


def closing_ranges_line(lang: str, summary: dict, report) -> str:
    """The line ``pingou run --seeds K`` prints when it is done: the headline's median and
    90% range over the runs, and which seed the CSV files are."""
    about, shop = summary["ranges_about"], summary["ranges"]["share_losing_shop"]
    median, lo, hi = pcts(shop["median"], shop["low"], shop["high"])
    return t(lang, "closing_ranges", runs=about["runs"], first=about["seeds"][0],
             last=about["seeds"][-1], shop=median, lo=lo, hi=hi, report=report)


def t(lang: str, key: str, **values) -> str:
    """The text ``key`` in ``lang`` with its slots filled (Chinese spaced by :func:`tidy_zh`)."""
    text = TEXTS[lang][key]
    text = text.format(**values) if values else text
    return tidy_zh(text) if lang == "zh" else text


# -- spacing in Chinese ------------------------------------------------------------------------

_HAN = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
#: A space beside a Chinese character or full-width mark, on either side of it (the other side
#: Chinese too, or a number, a Latin letter, a sign or a tag).
_SPACE = re.compile(rf"(?<=[{_HAN}])[ \u00a0]+(?=[{_HAN}0-9A-Za-z%<(\[“\-+−§])"
                    rf"|(?<=[0-9A-Za-z%>)\]”.])[ \u00a0]+(?=[{_HAN}])")
_CODE = re.compile(r"(<code>.*?</code>)", re.S)


def tidy_zh(text: str) -> str:
    """Chinese as it is set in print: no space between Chinese and a number, a Latin word or
    another Chinese character ("第 39 天" -> "第39天", "1.09 万元" -> "1.09万元"), one convention
    for every sentence, label and amount of the Chinese pages. Text inside ``<code>`` (a
    command to type) keeps its spaces."""
    kept = _CODE.sub(lambda m: m.group(1).replace(" ", "\x01"), text)
    return _SPACE.sub("", kept).replace("\x01", " ")


# the Chinese meanings as the page sets them (the same spacing as every other Chinese text)
ASSUMPTIONS_ZH.update({name: tidy_zh(text) for name, text in ASSUMPTIONS_ZH.items()})
