"""``report.html``: one self-contained page a journalist can send on (figures embedded).

Every sentence is built here from the run's own figures, in English or Chinese (the templates
are in :mod:`sim.outputs.i18n`); the page layout is the Jinja2 template ``templates/report.html.j2``.
"""

from __future__ import annotations

import base64

import jinja2
import numpy as np
from markupsafe import Markup

from sim.analysis.brochure import per_draw
from sim.outputs import plots
from sim.outputs.i18n import ASSUMPTIONS_ZH, TEXTS, cjk_font_face, count, money, pct, t, tenths
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


def headline(summary: dict, lang: str = "en") -> list[str]:
    """The plain-language headline: the first line is the lead (how many of every ten lost)."""
    s = summary
    lines = [
        t(lang, "lead", tenths=tenths(s["share_losing_cash"], lang)),
        t(lang, "hl_losers", participants=count(s["participants"]),
          share=pct(s["share_losing_cash"]), median_loss=money(s["median_loss_cash_fen"], lang)),
        t(lang, "hl_operator", operator=money(s["operator_take_fen"], lang),
          paid_in=money(s["paid_in_fen"], lang), withdrawn=money(s["withdrawn_fen"], lang)),
    ]
    peak = s["recruitment_peak_day"]
    if s["stall_day"] is not None:
        lines.append(t(lang, "hl_stall_outside", stall=s["stall_day"], peak=peak))
    else:
        lines.append(t(lang, "hl_stall_own", peak=peak))
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
    valuations = t(lang, "hl_valuations", cost=pct(s["share_losing_cost"]),
                   sticker=pct(s["share_losing_sticker"]))
    if s["share_losing_sticker"] < 0.5:
        valuations += t(lang, "hl_sticker_note")
    lines.append(valuations)
    late, early = s["last_half"], s["first_tenth"]
    lines.append(t(lang, "hl_groups", late_n=count(late["members"]),
                   late_share=pct(late["share_losing_cash"]),
                   late_median=money(late["median_net_cash_fen"], lang),
                   early_share=pct(early["share_losing_cash"]),
                   early_median=money(early["median_net_cash_fen"], lang),
                   uplines_share=pct(s["uplines_10plus"]["share_losing_cash"])))
    return lines


def key_figures(summary: dict, lang: str = "en") -> list[tuple[str, str]]:
    s, out = summary, summary["outstanding"]
    day = (lambda d: t(lang, "none") if d is None else str(d))
    return [
        (t(lang, "k_participants"), count(s["participants"])),
        (t(lang, "k_paid_in"), money(s["paid_in_fen"], lang)),
        (t(lang, "k_withdrawn"), money(s["withdrawn_fen"], lang)),
        (t(lang, "k_suppliers"), money(s["suppliers_fen"], lang)),
        (t(lang, "k_operator"), money(s["operator_take_fen"], lang)),
        (t(lang, "k_cash"), money(s["platform_cash_fen"], lang)),
        (t(lang, "k_gold"), money(out["shopping_gold_fen"], lang)),
        (t(lang, "k_wallets"), money(out["wallets_fen"] + out["withdrawals_waiting_fen"], lang)),
        (t(lang, "k_share"), " / ".join(pct(s[f"share_losing_{v}"])
                                       for v in ("cash", "cost", "sticker"))),
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


def findings(result, lang: str = "en") -> dict[str, str]:
    """One computed sentence per figure: what it shows in this run."""
    s, d, p, c = result.summary, result.daily, result.participants, result.cohorts
    out = {}
    peak = s["peak_day"]
    out["growth"] = t(lang, "r_growth", members=count(s["participants"]), peak=peak,
                      peak_active=count(int(d["active_members"].iloc[peak])) if len(d) else "0")
    end = plots.timeline_end(d)
    if len(d) and end < int(d["day"].iloc[-1]):
        out["growth"] += " " + t(lang, "r_cropped", last=plots.last_change_day(d), end=end,
                                 days=len(d))
    if len(d) and d["promises_fen"].max() > 0:
        top = int(d["promises_fen"].idxmax())
        row = d.loc[top]
        out["cash_vs_promises"] = t(lang, "r_cash", day=int(row["day"]),
                                    promised=money(row["promises_fen"], lang),
                                    cash=money(row["platform_cash_fen"], lang),
                                    per100=_per_100(int(row["platform_cash_fen"]),
                                                    int(row["promises_fen"]), lang))
    if len(c):
        out["who_lost"] = t(lang, "r_who", weeks=len(c), lo=pct(c["share_losing_cash"].min()),
                            hi=pct(c["share_losing_cash"].max()))
    size, net = p["downline_size"], p["net_cash_fen"]
    big, none = net[size >= 100], net[size == 0]
    if len(none):
        values = dict(none_share=pct(float((none < 0).mean())),
                      none_median=money(int(round(float(none.median()))), lang))
        if len(big):
            out["by_place"] = t(lang, "r_breakdowns", big_share=pct(float((big < 0).mean())),
                                big_median=money(int(round(float(big.median()))), lang),
                                **values)
        else:
            out["by_place"] = t(lang, "r_breakdowns_nobig", **values)
    f = plots.money_flow(result)
    if f["paid_in"] > 0:
        out["money_flow"] = t(lang, "r_flow", **{k: _per_100(f[k], f["paid_in"], lang) for k in
                                                ("own", "ahead", "suppliers", "operator", "cash")},
                              commissions=money(f["commissions"], lang))
    if len(p):
        late = (p["id"] >= len(p) // 2).to_numpy()
        values = p["net_cash_fen"].to_numpy()
        first = money(int(round(float(np.median(values[~late])))), lang) if (~late).any() else "-"
        later = money(int(round(float(np.median(values[late])))), lang) if late.any() else "-"
        out["net_distribution"] = t(lang, "r_dist", first=first, later=later)
    return out


CAPTIONS = {"growth": "c_growth", "cash_vs_promises": "c_cash", "who_lost": "c_who",
            "by_place": "c_breakdowns", "money_flow": "c_flow", "net_distribution": "c_dist"}
TITLES = {"growth": "f_growth", "cash_vs_promises": "f_cash", "who_lost": "f_who",
          "by_place": "f_breakdowns", "money_flow": "f_flow", "net_distribution": "f_dist"}


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
    verdict = "b_more" if run_promises > run_profit else "b_less"
    return {"intro": t(lang, "b_intro", groups=count(groups)), "rows": rows,
            "verdict": t(lang, verdict, profit=money(run_profit, lang),
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
MAIN_SECTIONS = ("run", "recruitment", "behaviour", "withdrawal", "operator", "policy")


def assumption_rows(scenario, lang: str = "en") -> list[tuple[str, str, str, str]]:
    """Every assumption of the scenario: (dotted name, value, meaning, reference), the main
    sections first."""
    rows = []
    for name, value, doc, ref in assumptions(scenario):
        if lang == "zh":
            doc = ASSUMPTIONS_ZH.get(name, doc)
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
    """A text whose template holds HTML (``<code>``): the slots are escaped, the markup kept."""
    return Markup(TEXTS[lang][key]).format(**values)


def render_report(result, pngs: dict[str, bytes], lang: str = "en") -> str:
    s, sc = result.summary, result.scenario
    notes = findings(result, lang)
    figures = [{"name": name, "title": t(lang, TITLES[name]) if name in TITLES else name,
                "caption": t(lang, CAPTIONS[name]) if name in CAPTIONS else "",
                "finding": notes.get(name, ""),
                "data": base64.b64encode(png).decode("ascii")} for name, png in pngs.items()]
    balances_note = (t(lang, "balances_after_exit", day=s["collapse_day"])
                     if s["collapse_day"] is not None else t(lang, "balances_running"))
    page = _ENV.get_template("report.html.j2").render(
        lang=lang, T=lambda key, **kw: t(lang, key, **kw),
        H=lambda key, **kw: html_text(lang, key, **kw), s=s, sc=sc,
        population=count(s["population"]), headline=headline(s, lang),
        key_figures=key_figures(s, lang), figures=figures, brochure=brochure(result, lang),
        assumptions=[r for r in assumption_rows(sc, lang) if r[0].split(".")[0] in MAIN_SECTIONS],
        more_assumptions=[r for r in assumption_rows(sc, lang)
                          if r[0].split(".")[0] not in MAIN_SECTIONS],
        rules=rule_values(sc),
        balances_note=balances_note)
    # the Chinese font, cut down to the characters on this page (none in a Latin-only page)
    return page.replace("/* cjk-font */", cjk_font_face(page), 1)
