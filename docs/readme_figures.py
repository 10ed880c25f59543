"""The README's "What the default run shows" section, written from the default run and the
default preset's own amounts, so that every figure in it is the run's.

    python docs/readme_figures.py           # print the section
    python docs/readme_figures.py --write   # put it into README.md, between its markers

``tests/test_readme.py`` runs the same and fails when README.md says something else.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import sim
from sim.scheme.params import Params

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- default-run:start -->", "<!-- default-run:end -->"
PRESET, PEOPLE, DAYS, SEED = "quanmin-pingou", 20_000, 365, 1


def shares(*values: float) -> list[str]:
    """Shares read together as percentages with one number of decimals for all: the fewest (at
    least one) that keep every share strictly between 0 and 1 off "0%" and "100%" and different
    shares apart. ``shares(0.967897, 0.0, 0.995575)`` -> ``['96.8%', '0.0%', '99.6%']``."""
    values = [float(v) for v in values]
    for digits in range(1, 7):
        texts = [f"{100 * v:.{digits}f}" for v in values]
        clear = all(not (0 < v < 1) or float(t) not in (0.0, 100.0)
                    for v, t in zip(values, texts))
        if clear and len(set(texts)) == len(set(values)):
            break
    return [t + "%" for t in texts]


def pct(share: float) -> str:
    return shares(share)[0]


def yuan(fen: int | Fraction) -> str:
    """Yuan with up to two decimals and no trailing zeros (30, 21.5, 969.99)."""
    text = f"{float(fen) / 100:,.2f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


def millions(fen: int, digits: int = 1) -> str:
    return f"{fen / 100 / 1e6:,.{digits}f} million".replace("-", "−")


def run_paragraph(result) -> str:
    s, sc = result.summary, result.scenario
    founders = int(result.daily["members"].iloc[0])
    parts = [f"`pingou run` ({PEOPLE:,} people, {DAYS} days, seed {SEED}): the scheme grows by "
             f"invitation from {founders:,} founders to {s['participants']:,} members"]
    if s["stall_day"] is not None:
        parts.append(f"an outside event stops recruitment on day {s['stall_day']}")
    events = []
    if s["activity_end_day"] is not None:
        events.append((s["activity_end_day"], f"on day {s['activity_end_day']} activity falls "
                                              "below a tenth of its peak"))
    if s["collapse_day"] is not None:
        op = sc.operator
        why = (f"after {op.exit_outflow_days} days in a row in which no more money came in than "
               "went out" if op.exit_rule == "net_outflow" else
               f"once a withdrawal has waited {op.exit_wait_days} days")
        events.append((s["collapse_day"], f"on day {s['collapse_day']}, {why}, the operator "
                                          "freezes payouts and keeps the cash"))
    told = "; ".join(parts)
    if events:
        told += "; trust drains as newcomers stop and members quit; " + ", and ".join(
            what for _, what in sorted(events))
    return f"{told}. {who_lost(result)} `summary.json` holds the figures exactly."


#: The terms of ``summary["shop_identity"]`` in words (MODEL.md §6: where the money went).
IDENTITY_WORDS = {
    "retail_margin_fen": "the retail margin a shop would have charged for the same goods",
    "walk_away_fen": "what members could still have withdrawn",
    "operator_injected_fen": "what the operator put in",
    "ad_revenue_fen": "ad revenue",
    "market_return_fen": "the fund's return on its cash",
    "operator_take_fen": "what the operator took",
    "platform_cash_fen": "the cash left on the platform",
    "suppliers_beyond_goods_fen": "what was bought that no member holds as goods",
}


def who_lost(result) -> str:
    """Who is behind against a shop (the headline), as the scheme tells it and in cash, and
    where the money went: the run's own shares, all with the same decimals."""
    s, sc = result.summary, result.scenario
    shop, told, cash = shares(s["share_losing_shop"], s["share_losing_told"],
                              s["share_losing_cash"])
    margin = f"{100 * sc.valuation.retail_margin:g}%"
    text = ("Against buying the same goods in a shop (the goods at a shop's price, their cost "
            f"with a {margin} retail margin, plus what a member could still have withdrawn), ")
    if s["share_losing_shop"] > 0:
        text += (f"{shop} of members are behind, by a median of "
                 f"{yuan(-s['median_net_shop_fen'])} yuan and {millions(s['lost_shop_fen'], 2)} "
                 "yuan in all.")
    else:
        text += "nobody is behind."
    gold = s["outstanding"]["shopping_gold_fen"]
    told_text = (f"{told} are behind" if s["share_losing_told"] > 0 else "nobody is behind")
    text += (" As the scheme tells it (goods at sticker price and every balance at face value, "
             f"{millions(gold, 2)} yuan of shopping gold left promised among them), {told_text}. "
             f"In cash alone, which counts the goods as nothing, {cash} are behind.")
    ident = s["shop_identity"]
    plus = [(k, v) for k, v in ident["plus"].items() if v]
    minus = [(k, v) for k, v in ident["minus"].items() if v]
    if plus or minus:
        terms = [f"{millions(v, 2)} yuan, {IDENTITY_WORDS.get(k, k)}" if i == 0 else
                 f"plus {millions(v, 2)} yuan, {IDENTITY_WORDS.get(k, k)}"
                 for i, (k, v) in enumerate(plus)]
        terms += [f"less {millions(v, 2)} yuan, {IDENTITY_WORDS.get(k, k)}" for k, v in minus]
        text += (f" Where the money went: those behind lost {millions(s['lost_shop_fen'], 2)} "
                 f"yuan and those ahead gained {millions(s['gained_shop_fen'], 2)}, "
                 f"{millions(ident['net_shop_fen'], 2)} yuan in all, which is "
                 + "; ".join(terms) + ".")
    return text



def seat_paragraph(result) -> str:
    """The per-seat arithmetic of the default preset's rules, from its own amounts."""
    p = Params.from_scenario(result.scenario)
    P, odds = p.stake, Fraction(p.winners, p.group_size)
    kept = odds * P
    reward = (1 - odds) * p.loser_reward
    cash = -kept + reward + p.release_per_play
    commission = p.level1 + p.level2
    regional = max(p.regional) if any(p.regional) else 0
    pools = odds * (p.daily_pool + p.monthly_pool_rate_fen)
    s, parts = result.summary, result.participants
    ahead_shop = int((parts["net_shop_fen"] > 0).sum())
    ahead_cash = int((parts["net_cash_fen"] > 0).sum())
    sticker = ("nobody is behind: a win costs exactly that price, so this count cannot show a "
               "loss" if s["share_losing_sticker"] == 0 else
               f"{pct(s['share_losing_sticker'])} are behind")
    text = (
        f"What the rules themselves imply, worked out by hand from the rulebook (the default "
        f"preset: P = {yuan(P)} yuan, {p.winners} winners in {p.group_size}, product cost "
        f"{yuan(p.goods_cost)} yuan, loser reward {yuan(p.loser_reward)} yuan, release "
        f"{yuan(p.release_per_play)} yuan a play): a seat costs a member, on average, "
        f"{float(odds):g} × {yuan(P)} = {yuan(kept)} yuan of stake kept, and brings back "
        f"{float(1 - odds):g} × {yuan(p.loser_reward)} = {yuan(reward)} yuan of loser reward and up "
        f"to {yuan(p.release_per_play)} yuan of released shopping gold: **{yuan(cash)} yuan of "
        f"cash per seat** for {float(odds):g} of a product that cost the platform "
        f"{yuan(odds * p.goods_cost)} yuan ({yuan(odds * p.goods_cost * p.market_per_cost)} yuan "
        f"at a shop's price), plus {yuan(odds * p.shopping_gold)} yuan of new "
        f"shopping gold that only more seats can release. Each seat also pays other members: "
        f"{yuan(commission)} yuan of commission to its uplines")
    if regional:
        text += f", up to {yuan(regional)} yuan to its region's agents"
    if pools:
        text += f" and {yuan(pools)} yuan into the dividend pools"
    text += (f". In the run {ahead_shop:,} of {s['participants']:,} members came out ahead of "
             f"a shop ({ahead_cash:,} in cash). Counted at the products' full sticker price (the "
             f"seller's own claim) and leaving the balances out, {sticker}.")
    return text


def stall_paragraph(result) -> str:
    """The day growth stalled against the end (``summary["at_stall"]``), and the break-even
    price of the goods (``summary["break_even"]``)."""
    s = result.summary
    st, be = s["at_stall"], s["break_even"]
    parts = []
    if st is not None:
        when = (f"On day {st['day']}, when the outside event stopped growth"
                if st["kind"] == "outside" else
                f"On day {st['day']}, when newcomers peaked and growth stopped by itself")
        told = ("nobody was behind as the scheme tells it" if st["behind_told"] == 0 else
                f"{st['behind_told']:,} were behind as the scheme tells it")
        walk = (lambda fen: "nothing" if fen == 0 else f"{millions(fen, 2)} yuan")
        parts.append(
            f"{when}, {st['members']:,} members had joined: {told}, {st['behind_shop']:,} were "
            f"behind a shop, and by the end {st['behind_shop_at_end']:,} of the same members "
            f"were. Their balances at the value the scheme gives them came to "
            f"{millions(st['told_balances_fen'], 2)} yuan that day, of which "
            f"{walk(st['walk_away_fen'])} could have been withdrawn; at the end "
            f"{millions(st['told_balances_end_fen'], 2)} yuan, of which "
            f"{walk(st['walk_away_end_fen'])} could be.")
    if be["market_per_cost"] is not None and be["products"]:
        goods = be["products"][0]
        compared = ("more than" if be["market_per_cost"] > be["assumed_market_per_cost"] else
                    "less than" if be["market_per_cost"] < be["assumed_market_per_cost"] else
                    "exactly")
        parts.append(
            f"For the median member not to be behind a shop, the {goods['name']}'s product "
            f"(sticker {yuan(goods['sticker_fen'])} yuan, cost {yuan(goods['cost_fen'])} yuan) "
            f"would have to be worth {yuan(goods['break_even_fen'])} yuan in a shop: "
            f"{be['market_per_cost']:.2f} times its cost, {compared} the "
            f"{be['assumed_market_per_cost']:.2f} times the model assumes.")
    elif be["reason"] is not None:
        parts.append({"no_goods": "No price of the goods would keep the median member from "
                                  "being behind a shop.",
                      "free": "The median member is not behind a shop even with the goods "
                              "worth nothing."}[be["reason"]])
    return " ".join(parts)


def wrap(text: str, width: int = 96) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def section() -> str:
    result = sim.run(PRESET, participants=PEOPLE, days=DAYS, seed=SEED)
    paragraphs = (run_paragraph(result), stall_paragraph(result), seat_paragraph(result))
    return "\n\n".join(wrap(t) for t in paragraphs if t)


def replace_in(readme: str, body: str, start: str = START, end: str = END) -> str:
    """``readme`` with what stands between the markers ``start`` and ``end`` replaced by
    ``body``."""
    head, rest = readme.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def write_or_print(argv: list[str], body: str, start: str = START, end: str = END) -> int:
    """With ``--write`` in ``argv``, put ``body`` between the markers in README.md; else print
    it (docs/preset_table.py uses this too, with its own markers)."""
    if "--write" in argv:
        text = README.read_text(encoding="utf-8")
        README.write_text(replace_in(text, body, start, end), encoding="utf-8")
    else:
        print(body)
    return 0


def main(argv: list[str]) -> int:
    return write_or_print(argv, section())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
