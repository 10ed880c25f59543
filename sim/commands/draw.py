"""``pingou draw``: one draw as the seller counts it, in full, and against the brochure.

Prints a table (or ``--json``: the keys of :data:`sim.analysis.brochure.KEYS`, money in integer fen);
``--out DIR`` also writes ``DIR/draw.html``, a one-page "brochure against the books". The
accounting is :mod:`sim.analysis.brochure`; this module only presents it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sim.analysis.brochure import LABELS, lines, per_draw
from sim.commands.cli import output_folder, writing
from sim.money import fmt_yuan
from sim.outputs.files import atomic_folder
from sim.scheme import scenario as scenario_mod

#: Lines of the seller's view in display order, each with the finer lines under it.
SELLER_ROWS = (
    ("income_fen", ()),
    ("products_fen", ()),
    ("loser_rewards_fen", ()),
    ("releases_fen", ("releases_per_play_fen", "releases_static_fen",
                      "releases_direct_downline_fen", "releases_indirect_downline_fen")),
    ("daily_pool_fen", ()),
    ("commissions_fen", ("commissions_promotion_fen", "commissions_team_fen",
                         "commissions_regional_fen")),
    ("profit_before_monthly_pool_fen", ()),
    ("monthly_pool_fen", ()),
    ("outflow_fen", ()),
    ("seller_profit_fen", ()),
)
#: Lines of the full view in display order.
FULL_ROWS = ("new_shopping_gold_fen", "net_new_shopping_gold_fen", "dividend_points_issued",
             "consumption_points_issued", "privilege_seats_promised", "refunds_fen",
             "accrual_result_fen")
#: Lines shown only when the brochure quotes them.
_ONLY_IF_PUBLISHED = {"profit_before_monthly_pool_fen"}
_UNITS = {"dividend_points_issued": "points", "consumption_points_issued": "points",
          "privilege_seats_promised": "seats"}


def add_parser(sub) -> None:
    p = sub.add_parser("draw", help="the accounting of one draw: the seller's view, the full view, "
                                    "and the brochure's own figures checked")
    p.add_argument("--scenario", default="quanmin-pingou", metavar="NAME|PATH",
                   help="preset name (see 'pingou scenarios') or path of a .toml file "
                        "(default: quanmin-pingou)")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scenario field by its dotted path, e.g. draw.winners=2 "
                        "(repeatable)")
    p.add_argument("--json", action="store_true", help="print one JSON object (money in fen)")
    p.add_argument("--out", metavar="DIR", help="also write DIR/draw.html, the brochure against "
                                                "the books on one page")
    p.add_argument("--lang", default="en", choices=["en", "zh"],
                   help="language of draw.html: en (English) or zh (Chinese); the table printed "
                        "and --json stay as they are")
    p.set_defaults(func=main)


def main(args) -> int:
    sc = scenario_mod.load(args.scenario, args.overrides)
    result = per_draw(sc)
    table = rows(result, lines(sc).values())
    if args.out is not None:
        out = output_folder("--out", args.out, ["draw.html"])
        write_page(out, render_page(sc, result, table, getattr(args, "lang", "en")))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_text(sc, result, table))
    if args.out is not None:
        print(f"Wrote {Path(args.out) / 'draw.html'}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------------------
# Rows shared by the text table and the page
# --------------------------------------------------------------------------------------


def rows(result: dict, values: dict) -> dict:
    """The seller's rows (with sub-rows) and the full rows, each with the brochure's figure."""
    published = result["published"] or {"figures": []}
    by_line = {f["line"]: f for f in published["figures"]}

    def row(line: str, depth: int = 0) -> dict:
        return {"line": line, "depth": depth, "value": values[line],
                "unit": _UNITS.get(line, "yuan"), "published": by_line.get(line)}

    seller = []
    for line, parts in SELLER_ROWS:
        if line in _ONLY_IF_PUBLISHED and line not in by_line:
            continue
        seller.append(row(line))
        seller += [row(part, 1) for part in parts if values[part] or part in by_line]
    return {"seller": seller, "full": [row(line) for line in FULL_ROWS]}


def amount(value, unit: str) -> str:
    if unit == "yuan":
        return fmt_yuan(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


def brochure_figure(fig: dict | None) -> str:
    if fig is None:
        return ""
    text = amount(fig["published_fen"], "yuan")
    return f"> {text}" if fig["relation"] == ">" else text


def mark(fig: dict | None) -> str:
    if fig is None:
        return ""
    return "✓" if fig["match"] else "✗"


def notes(sc, result: dict) -> list[str]:
    """What the reader must know to read the figures (readings of sim.analysis.brochure)."""
    out = ["Releases assume every member already holds enough shopping gold, as the brochures "
           "do (「假设之前都中过奖有购物基金余额」, RULEBOOK §16.1)."]
    paid_up_chain = (result["commissions_fen"] or sc.downline_release.direct_yuan
                     or sc.downline_release.indirect_yuan)
    if paid_up_chain and not sc.chain.complete:
        out.append("This scenario does not assume a complete upline chain (chain.complete = "
                   "false): commissions and downline releases are what a draw pays when every "
                   "seat has every upline, tier and agent, i.e. an upper bound.")
    pub = result["published"]
    if pub is not None and not pub["as_published"]:
        out.append("The scenario differs from the published example (--set or your file): the "
                   "brochure's figures describe the unchanged example.")
    return out


# --------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------


def render_text(sc, result: dict, table: dict) -> str:
    d = sc.draw
    out = [f"One draw of '{sc.meta.name}': {sc.meta.title}",
           f"Stake {d.stake_yuan:,.2f} yuan, {d.group_size} seats, {d.winners} "
           f"winner{'s' if d.winners != 1 else ''}. "
           f"Amounts in yuan per draw."]
    pub = result["published"]
    if pub is not None:
        out.append(f"Brochure: {pub['example']}, {pub['source']} [{pub['ref']}]")

    def label(r: dict) -> str:
        return "  of which " + LABELS[r["line"]] if r["depth"] else LABELS[r["line"]]

    width = max(len(label(r)) for r in table["seller"] + table["full"])

    def line(r: dict) -> str:
        unit = "" if r["unit"] == "yuan" else " " + r["unit"]
        fig = r["published"]
        text = f"  {label(r):<{width}} {amount(r['value'], r['unit']) + unit:>14}"
        if fig is not None:
            text += f"  {brochure_figure(fig):>10}  {mark(fig)}"
        return text.rstrip()

    head = f"  {'':<{width}} {'recomputed':>14}" + (f"  {'brochure':>10}" if pub else "")
    out += ["", "THE SELLER'S VIEW: what the brochure counts", head]
    out += [line(r) for r in table["seller"]]
    out += ["", "THE FULL VIEW: what the brochure leaves out"]
    out += [line(r) for r in table["full"]]
    if pub is not None:
        n = len(pub["mismatches"])
        what = "with the brochure" if pub["as_published"] else (
            "with the published example, which this scenario changes")
        out += ["", f"{n} mismatch{'es' if n != 1 else ''} {what}" + (":" if n else ".")]
        for m in pub["mismatches"]:
            fig = next(f for f in pub["figures"] if f["line"] == m["line"])
            why = m["note"] if pub["as_published"] else ""
            out.append(f"  ✗ {LABELS[m['line']]}: brochure {brochure_figure(fig)}, recomputed "
                       f"{amount(m['recomputed_fen'], 'yuan')}. {why}".rstrip())
        caveats = [f for f in pub["figures"] if f["match"] and f["note"] and pub["as_published"]]
        if caveats:
            out.append("Figures that hold, read this way:")
            out += [f"  ✓ {LABELS[f['line']]}: {f['note']}" for f in caveats]
    out += [""] + [f"Note: {n}" for n in notes(sc, result)]
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------


def headline(sc, result: dict) -> list[str]:
    """The page's first paragraph, in plain words, from the figures."""
    r, pub = result, result["published"]
    by_line = {f["line"]: f for f in (pub or {"figures": []})["figures"]}
    said = by_line.get("seller_profit_fen")
    out = []
    if said is not None and not pub["as_published"]:
        out.append(f"The published example books {fmt_yuan(said['published_fen'])} yuan of "
                   f"\"profit\" per draw{' (claimed)' if said['relation'] == '>' else ''}; "
                   f"with this scenario's changes, a draw books "
                   f"{fmt_yuan(r['seller_profit_fen'])}.")
    elif said is not None and said["relation"] == "=":
        text = (f"The brochure says the platform makes {fmt_yuan(said['published_fen'])} yuan "
                f"on every draw")
        if not said["match"]:
            text += f"; recomputed from its own rules, {fmt_yuan(r['seller_profit_fen'])}"
        out.append(text + ".")
    elif said is not None:
        out.append(f"The merchant is told: 「{said['quote']}」. Counted the seller's way, a draw "
                   f"books {fmt_yuan(r['seller_profit_fen'])} yuan of \"profit\".")
    else:
        out.append(f"Counted the way the sellers' brochures count, a draw books "
                   f"{fmt_yuan(r['seller_profit_fen'])} yuan of \"profit\".")
    collected = r["income_fen"] + r["refunds_fen"]  # every seat's stake
    out.append(f"Of the {fmt_yuan(collected)} yuan collected in a draw, "
               f"{fmt_yuan(r['refunds_fen'])} go straight back to the losers; the \"income\" is "
               f"the {fmt_yuan(r['income_fen'])} kept from the winners.")
    if r["new_shopping_gold_fen"]:
        out.append(f"The brochure leaves out the {fmt_yuan(r['new_shopping_gold_fen'])} yuan of "
                   f"shopping gold credited to the winners: that money is promised back. After the "
                   f"{fmt_yuan(r['releases_fen'])} yuan released in the same draw, the platform "
                   f"owes {fmt_yuan(r['net_new_shopping_gold_fen'])} yuan more after every draw.")
        verdict = "ahead" if r["accrual_result_fen"] >= 0 else "short"
        out.append(f"Counting that promise, each draw leaves the platform "
                   f"{fmt_yuan(abs(r['accrual_result_fen']))} yuan {verdict}.")
    if r["privilege_seats_promised"]:
        losing = sc.draw.group_size - sc.draw.winners
        seats = r["privilege_seats_promised"]
        text = (f"Each draw promises its winner{'s' if sc.draw.winners != 1 else ''} "
                f"{amount(seats, 'seats')} guaranteed losses to come, and has only {losing} losing "
                f"seats to give")
        if seats > losing:
            text += (f": the backlog grows by {amount(seats - losing, 'seats')} seats every draw, "
                     f"and groups start to fail, unless most winners never use their privilege "
                     f"(RULEBOOK §16.4)")
        out.append(text + ".")
    return out


def render_page(sc, result: dict, table: dict, lang: str = "en") -> str:
    """draw.html in ``lang``, the Chinese font embedded (:mod:`sim.outputs.draw_page`)."""
    from sim.outputs import draw_page

    return draw_page.render(sc, result, table, lang=lang, headline=headline(sc, result),
                            notes=notes(sc, result), labels=LABELS, amount=amount,
                            brochure_figure=brochure_figure, mark=mark)


def write_page(out: Path, html: str) -> None:
    """Write ``out/draw.html`` whole or not at all (:func:`sim.outputs.files.atomic_folder`)."""
    with writing("--out", str(out), "draw.html"), atomic_folder(out) as files:
        files.write_text("draw.html", html)
