"""``report.html``: one self-contained page a journalist can send on (figures embedded).

The words are built here from the run's own figures; the page layout is the Jinja2 template
``templates/report.html.j2``.
"""

from __future__ import annotations

import base64

import jinja2

from .money import fmt_yuan
from .scenario import assumptions

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("sim", "templates"),
                          autoescape=jinja2.select_autoescape(["html", "j2"]),
                          keep_trailing_newline=True)

CAPTIONS = {
    "timeline": ("Top: everyone who has joined so far (blue), those who took at least one seat "
                 "that day (green) and the newcomers of each day (bars). Bottom: the cash the "
                 "platform holds (green) against what it has promised members: shopping gold "
                 "(red) and wallets plus withdrawals waiting (purple). Dashed lines mark the "
                 "outside stall and the collapse."),
    "who_lost": ("Each point is the members who joined in one week. Top: the share of them who "
                 "lost money, counting the products they won three ways. Bottom: the median "
                 "result per member, in yuan. Balances left on the platform are not counted: "
                 "they are promises, not money."),
    "net_distribution": ("How many members ended with each cash result (what they got back "
                         "minus what they put in, products not counted), for the first half of "
                         "the members to join and the later half."),
}


def tenths(share: float) -> str:
    """0.83 -> '8 of every 10' (rounded to the nearest tenth, never 0 when some lost)."""
    k = int(round(share * 10))
    if k == 0 and share > 0:
        return "Fewer than 1 in 10"
    if k == 10 and share < 1:
        return "Nearly all"
    return f"{k} of every 10"


def headline(summary: dict) -> list[str]:
    s = summary
    late = s["last_half"]
    early = s["first_tenth"]
    lines = [
        f"{tenths(s['share_losing_cash'])} members lost money: they got back less cash than they "
        f"put in ({s['share_losing_cash']:.0%} of {s['participants']:,}). Counting the products "
        f"they won at what they cost, {s['share_losing_cost']:.0%} lost; even counting them at "
        f"full sticker price, as the seller does, {s['share_losing_sticker']:.0%} lost"
        + (" (at sticker price a win is a purchase at full price and every loss pays a reward, "
           "so only money frozen on the platform can make a member lose)."
           if s['share_losing_sticker'] < 0.5 else "."),
        f"The median loser lost {fmt_yuan(s['median_loss_cash_fen'])} yuan in cash.",
        f"Of the later half to join ({late['members']:,} people), {late['share_losing_cash']:.0%} "
        f"lost cash (median result {fmt_yuan(late['median_net_cash_fen'])} yuan). The first tenth "
        f"to join: "
        f"{early['share_losing_cash']:.0%} lost cash (median {fmt_yuan(early['median_net_cash_fen'])} "
        f"yuan); members with 10 or more people below them: "
        f"{s['uplines_10plus']['share_losing_cash']:.0%} lost cash.",
        f"The operator took {fmt_yuan(s['operator_take_fen'])} yuan; members put in "
        f"{fmt_yuan(s['paid_in_fen'])} yuan and got {fmt_yuan(s['withdrawn_fen'])} yuan back out.",
    ]
    if s["stall_day"] is not None:
        stall = f"An outside event stopped recruitment on day {s['stall_day']}"
    else:
        stall = "No outside event stopped recruitment"
    lines.append(f"{stall}; recruitment had peaked on day {s['recruitment_peak_day']}.")
    if s["collapse_day"] is not None:
        lines.append(f"On day {s['collapse_day']} the operator froze all payouts and kept the cash: "
                     f"{fmt_yuan(s['outstanding']['wallets_fen'] + s['outstanding']['withdrawals_waiting_fen'])} "
                     f"yuan in wallets and waiting withdrawals and "
                     f"{fmt_yuan(s['outstanding']['shopping_gold_fen'])} yuan of shopping gold "
                     f"became worthless.")
    elif s["activity_end_day"] is not None:
        lines.append(f"The operator never froze payouts: the platform kept a cash margin on every "
                     f"draw. Instead activity died: on day {s['activity_end_day']} fewer than a "
                     f"tenth as many seats were taken as at the peak (day {s['peak_day']}), leaving "
                     f"{fmt_yuan(s['stranded_at_activity_end_fen'] or 0)} yuan of shopping gold and "
                     f"wallet balances that only more play would have paid.")
    else:
        lines.append("By the last day the scheme had neither collapsed nor lost its activity.")
    return lines


def render_report(result, pngs: dict[str, bytes], lang: str = "en") -> str:
    s = result.summary
    figures = [{"name": name, "caption": CAPTIONS.get(name, ""),
                "data": base64.b64encode(png).decode("ascii")} for name, png in pngs.items()]
    rows = [(name, value, doc, ref) for name, value, doc, ref in assumptions(result.scenario)]
    return _ENV.get_template("report.html.j2").render(
        s=s, sc=result.scenario, headline=headline(s), figures=figures, assumptions=rows,
        yuan=fmt_yuan, lang=lang)
