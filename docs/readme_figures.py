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
from sim.money import fmt_yuan
from sim.scheme.params import Params

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- default-run:start -->", "<!-- default-run:end -->"
PRESET, PEOPLE, DAYS, SEED = "quanmin-pingou", 20_000, 365, 1


def pct(share: float) -> str:
    return f"{100 * share:.1f}%"


def yuan(fen: int | Fraction) -> str:
    """Yuan with up to two decimals and no trailing zeros (30, 21.5, 969.99)."""
    text = f"{float(fen) / 100:,.2f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


def millions(fen: int) -> str:
    return f"{fen / 100 / 1e6:,.1f} million"


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
    lost = (f"{pct(s['share_losing_cash'])} of members lost cash ({pct(s['share_losing_cost'])} "
            f"even counting their products at cost); the median loser lost "
            f"{fmt_yuan(s['median_loss_cash_fen'])} yuan; "
            f"{millions(s['outstanding']['shopping_gold_fen'])} yuan of shopping gold was left "
            "promised")
    return f"{told}. {lost}. `summary.json` holds the figures exactly."


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
    s = result.summary
    ahead = int((result.participants["net_cash_fen"] > 0).sum())
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
        f"{yuan(odds * p.goods_cost)} yuan, plus {yuan(odds * p.shopping_gold)} yuan of new "
        f"shopping gold that only more seats can release. Each seat also pays other members: "
        f"{yuan(commission)} yuan of commission to its uplines")
    if regional:
        text += f", up to {yuan(regional)} yuan to its region's agents"
    if pools:
        text += f" and {yuan(pools)} yuan into the dividend pools"
    text += (f". In the run {ahead:,} of {s['participants']:,} members came out ahead in cash. "
             f"Counted at the products' full sticker price (the seller's own claim), {sticker}; "
             "the report shows all three valuations and the shopping gold left stranded when "
             "play stops.")
    return text


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
    return "\n\n".join(wrap(t) for t in (run_paragraph(result), seat_paragraph(result)))


def replace_in(readme: str, body: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{body}\n{END}{tail}"


def main(argv: list[str]) -> int:
    body = section()
    if "--write" in argv:
        README.write_text(replace_in(README.read_text(encoding="utf-8"), body), encoding="utf-8")
    else:
        print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
