"""README's table of the presets, and the sentences under it, written from one run of each.

    python docs/preset_table.py           # print the table and the sentences
    python docs/preset_table.py --write   # put them into README.md, between its markers

Every preset runs with the settings of the stored baselines (``tests/baselines/regenerate.py``,
imported from there: 20,000 participants, the preset's own ``run.days``, seed 1), so the table
describes the same runs as ``tests/baselines/*.json``. ``tests/test_readme_presets.py`` runs
the same and fails when README.md says something else.

The columns, each from the run's ``summary.json`` or its ``participants.csv``:

* **members**: everyone who joined (``participants``);
* **behind a shop / as told / in cash**: the shares of members whose ``net_shop_fen``,
  ``net_told_fen``, ``net_cash_fen`` is below 0 (MODEL.md §6), printed with the same number of
  decimals within a row, as few as keep every share that is not exactly 0 or 1 off 0% and 100%
  and keep different shares apart;
* **median behind**: the median ``net_shop`` of the members behind a shop
  (``median_net_shop_fen``), **total lost**: what they lost together (``lost_shop_fen``);
* **break-even price**: ``summary["break_even"]``: for each product, the lowest shop price at
  which the median member would not be behind a shop (at least half the members at 0 or
  above), beside its sticker price and its cost; or why there is none (no goods, or the median
  member is behind whatever the goods are worth; or none needed: not behind with goods worth
  nothing);
* **group that lost most**: of four groups of members, **first tenth** (the first tenth to
  join, by order of joining), **later half** (the later half to join), **uplines 10+** (ten or
  more members below them in the recruitment tree, all levels) and **no downline** (nobody
  below them), the group with the largest share behind a shop; between groups with the same
  share, the one whose median member (of all the group's members) is further behind a shop;
  groups still equal are all named. Empty groups are left out; when nobody is behind, none;
* **ending**: the operator's exit and its day, or the day activity fell below a tenth of its
  peak, or still running on the last day (``ending``, ``collapse_day``, ``activity_end_day``);
  for a preset whose step is not a calendar day (``fund.days_per_year``), the step and the
  calendar day it falls on.

A second table gives, per preset, the commissions paid in all and the share of each group that
came out ahead of a shop (``net_shop_fen > 0``). A third, how long each lasted, from
``summary["lasted"]`` (:func:`sim.analysis.lasted.lasted_figures`):

* **growth peak**: the day with the most newcomers (``growth_peak_day``; none when nobody joined
  after the founders);
* **collapse**: the day the operator stopped paying and kept the cash (``collapse_day``), or
  none;
* **largest cash promise**: the rule (the ledger's flow) that credited members the most cash
  they could take out, with its yuan per 100 yuan members paid in (net of stakes refunded),
  the own stakes refunded to wallets not counted as a promise (``largest_promise``,
  ``largest_promise_per_100_fen``); none when the rules credited no such cash.

The sentences under the tables compare the groups and the measures, preset by preset, from the
same figures; each comparison is stated the way the figures go (more often, less often, or
about as often when two shares are within one percentage point, ``SAME_SHARE``; better, worse,
or the same for two medians, which are compared exactly).
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from sim.outputs.i18n import EN as EN_TEXTS  # the rules' names, as the report gives them

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- presets:start -->", "<!-- presets:end -->"
COMMAND = "python docs/preset_table.py --write"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _baselines():
    """``tests/baselines/regenerate.py``: the presets' names and the settings of their runs."""
    return _load("baselines_regenerate", ROOT / "tests" / "baselines" / "regenerate.py")


BASELINES = _baselines()
PARTICIPANTS, SEED = BASELINES.PARTICIPANTS, BASELINES.SEED
#: The default-run section's script: shares are written the same way in both sections.
FIGURES = _load("readme_figures", ROOT / "docs" / "readme_figures.py")

#: Two shares of members within one percentage point of each other read "about as often".
SAME_SHARE = 0.01

#: The groups compared, in the order they are named (the module docstring).
GROUPS = ("first tenth", "later half", "uplines 10+", "no downline")


# --------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------


def shares(values) -> list[str]:
    """Shares as percentages with one number of decimals for all (``readme_figures.shares``):
    the fewest, at least one, that keep every share strictly between 0 and 1 off "0%" and
    "100%" and different shares apart. 0.967897, 0.0, 0.995575 -> '96.8%', '0.0%', '99.6%'."""
    return FIGURES.shares(*values)


def share(value) -> str:
    return shares([value])[0]


def direction(a: float, b: float, tolerance: float = 0.0) -> str:
    """"more", "less" or "same": how ``a`` stands to ``b``, equal within ``tolerance``."""
    gap = round(float(a) - float(b), 9)
    return "more" if gap > tolerance else "less" if gap < -tolerance else "same"


def yuan(fen: int) -> str:
    """Integer fen as yuan, exactly, with two decimals and a true minus: -38374 -> '−383.74'."""
    fen = int(fen)
    sign = "−" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def code(name: str) -> str:
    return f"`{name}`"


# --------------------------------------------------------------------------------------
# The figures of one run
# --------------------------------------------------------------------------------------


@dataclass
class Group:
    name: str
    members: int
    behind: float   # share with net_shop < 0
    ahead: float    # share with net_shop > 0
    median: int     # median net_shop of all the group's members, fen (0 if empty)


@dataclass
class Row:
    preset: str
    summary: dict
    groups: dict          # name -> Group
    commissions_fen: int  # commissions paid to members in all
    all_zero: bool        # every member's net_shop is exactly 0
    ahead_members: int    # members with net_shop > 0
    steps_per_day: Fraction  # engine steps per calendar day (1 for the lottery schemes)


def group_masks(parts) -> dict:
    """The four groups of the module docstring, as boolean masks over participants.csv's rows.
    Members are numbered in order of joining (``id``)."""
    n = len(parts)
    order = parts["id"].to_numpy()
    below = parts["downline_size"].to_numpy()
    return {
        "first tenth": order < max(1, int(np.ceil(n * 0.1))),
        "later half": order >= n // 2,
        "uplines 10+": below >= 10,
        "no downline": below == 0,
    }


def _median(values: np.ndarray) -> int:
    return int(round(float(np.median(values)))) if values.size else 0


def row_of(preset: str, result) -> Row:
    s, parts = result.summary, result.participants
    net = parts["net_shop_fen"].to_numpy()
    groups = {}
    for name, mask in group_masks(parts).items():
        sub = net[mask]
        groups[name] = Group(name, int(mask.sum()),
                             float(np.mean(sub < 0)) if sub.size else 0.0,
                             float(np.mean(sub > 0)) if sub.size else 0.0, _median(sub))
    fund = result.scenario.fund
    per_day = (Fraction(fund.days_per_year).limit_denominator(1000) / 365 if fund.enabled
               else Fraction(1))
    return Row(preset, s, groups, int(parts["commissions_fen"].sum()), bool((net == 0).all()),
               int((net > 0).sum()), per_day)


def results() -> dict:
    """One run of every preset at the baselines' settings, by name, in name order."""
    return {preset: BASELINES.run(BASELINES.settings_for(preset))
            for preset in BASELINES.preset_names()}


def runs(done: dict | None = None) -> list[Row]:
    """The rows of the table: of ``done`` (:func:`results`), or of new runs."""
    done = results() if done is None else done
    return [row_of(preset, result) for preset, result in done.items()]


# --------------------------------------------------------------------------------------
# The cells
# --------------------------------------------------------------------------------------


def lost_most(row: Row) -> list[Group]:
    """The group (or groups) that lost most: the module docstring's rule."""
    present = [g for g in row.groups.values() if g.members]
    if not present or max(g.behind for g in present) == 0:
        return []
    top = max(g.behind for g in present)
    tied = [g for g in present if g.behind == top]
    deepest = min(g.median for g in tied)
    return [g for g in tied if g.median == deepest]


def lost_most_cell(row: Row) -> str:
    most = lost_most(row)
    if not most:
        return "none: nobody is behind"
    names = listing([g.name for g in most])
    g = most[0]
    return f"{names} ({share(g.behind)} behind; median member {yuan(g.median)} yuan)"


def break_even_cell(row: Row) -> str:
    """Each product's break-even price beside its sticker price and cost, or why there is none
    (``summary["break_even"]["reason"]``)."""
    be = row.summary["break_even"]
    products = be["products"]
    if be["reason"] == "no_goods":
        if not products:
            return "none: it sells no goods, and the median member is behind"
        return "none: the median member is behind whatever the goods are worth"
    if be["reason"] == "free":
        return "none needed: the median member is not behind even with goods worth nothing"
    return "; ".join(f"{p['name']}: {yuan(p['break_even_fen'])} (sticker {yuan(p['sticker_fen'])}, "
                     f"cost {yuan(p['cost_fen'])})" for p in products)


def day_text(row: Row, step: int) -> str:
    if row.steps_per_day == 1:
        return f"day {step}"
    day = Fraction(step) / row.steps_per_day
    return f"step {step:,} (calendar day {float(day):,.2f})"


def ending_cell(row: Row) -> str:
    s = row.summary
    if s["ending"] == "exit":
        return f"exit on {day_text(row, s['collapse_day'])}"
    if s["ending"] == "activity":
        return f"activity below a tenth of its peak on {day_text(row, s['activity_end_day'])}"
    return f"still running on {day_text(row, s['days'] - 1)}"


def main_table(rows: list[Row]) -> str:
    head = ("| preset | members | behind a shop | behind as told | behind in cash "
            "| median of those behind (yuan) | total lost (yuan) | break-even price (yuan) "
            "| group that lost most | ending |")
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---|---|---|"]
    for row in rows:
        s = row.summary
        shop, told, cash = shares([s["share_losing_shop"], s["share_losing_told"],
                                   s["share_losing_cash"]])
        lines.append(
            f"| {code(row.preset)} | {s['participants']:,} | {shop} | {told} | {cash} "
            f"| {yuan(s['median_net_shop_fen'])} | {yuan(s['lost_shop_fen'])} "
            f"| {break_even_cell(row)} | {lost_most_cell(row)} | {ending_cell(row)} |")
    return "\n".join(lines)


def rule_name(flow: str) -> str:
    """A rule's name as the report gives it in English (``sim.outputs.i18n``), without its
    article: ``"loser_reward"`` -> ``"losers' rewards"``."""
    return EN_TEXTS[f"lt_rule_{flow}"].removeprefix("the ")


def promise_cell(row: Row) -> str:
    """The largest cash promise per 100 yuan paid in (yuan), or why there is none."""
    lt = row.summary["lasted"]
    if not lt["paid_in_fen"]:
        return "none: nothing was paid in"
    if not lt["largest_promise"]:
        return "none: no cash promised beyond the goods"
    each = " each" if len(lt["largest_promise"]) > 1 else ""
    return (f"{listing([rule_name(f) for f in lt['largest_promise']])}: "
            f"{yuan(lt['largest_promise_per_100_fen'])}{each}")


def lasted_table(rows: list[Row]) -> str:
    head = ("| preset | growth peak | collapse | largest cash promise "
            "(yuan per 100 yuan paid in) |")
    lines = [head, "|---|---|---|---|"]
    for row in rows:
        lt = row.summary["lasted"]
        peak, exit_day = lt["growth_peak_day"], lt["collapse_day"]
        lines.append(f"| {code(row.preset)} | {'none' if peak is None else day_text(row, peak)} "
                     f"| {'none' if exit_day is None else day_text(row, exit_day)} "
                     f"| {promise_cell(row)} |")
    return "\n".join(lines)


def ahead_table(rows: list[Row]) -> str:
    head = ("| preset | commissions paid (yuan) | ahead of a shop: all members | "
            + " | ".join(GROUPS) + " |")
    lines = [head, "|---|---:|---:|" + "---:|" * len(GROUPS)]
    for row in rows:
        everyone = row.ahead_members / row.summary["participants"]
        present = [g for g in row.groups.values() if g.members]
        texts = iter(shares([everyone] + [g.ahead for g in present]))
        cells = [next(texts)] + [next(texts) if row.groups[name].members else "(nobody)"
                                 for name in GROUPS]
        lines.append(f"| {code(row.preset)} | {yuan(row.commissions_fen)} | "
                     + " | ".join(cells) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# The sentences
# --------------------------------------------------------------------------------------


def _pair(a: float, b: float) -> str:
    x, y = shares([a, b])
    return f"{x} against {y}"


def _by_direction(items, more: str, same: str, less: str) -> list[str]:
    """``items``: (direction, text) pairs; one clause per direction that occurs."""
    out = []
    for which, words in (("more", more), ("same", same), ("less", less)):
        texts = [text for d, text in items if d == which]
        if texts:
            out.append(f"{words} in {listing(texts)}")
    return out


def sentence_measures(rows: list[Row]) -> list[str]:
    """The control, the range behind a shop, cash against the shop measure, the scheme's own
    telling."""
    out = []
    for r in rows:
        if r.all_zero:
            out.append(f"{code(r.preset)}: every member nets exactly 0 against a shop, so "
                       f"nobody is behind one, while {share(r.summary['share_losing_cash'])} are "
                       "behind in cash: cash alone counts what a shop's customers pay for their "
                       "goods as a loss.")
    schemes = [r for r in rows if not r.all_zero]
    if len(schemes) > 1:
        lo = min(schemes, key=lambda r: r.summary["share_losing_shop"])
        hi = max(schemes, key=lambda r: r.summary["share_losing_shop"])
        low, high = shares([lo.summary["share_losing_shop"], hi.summary["share_losing_shop"]])
        out.append(f"In the {'other ' if len(schemes) < len(rows) else ''}presets between "
                   f"{low} ({code(lo.preset)}) and {high} ({code(hi.preset)}) of members are "
                   "behind a shop.")
    items = []
    for r in schemes:
        cash, shop = r.summary["share_losing_cash"], r.summary["share_losing_shop"]
        items.append((direction(cash, shop, SAME_SHARE), f"{code(r.preset)} ({_pair(cash, shop)})"))
    clauses = _by_direction(items, "more members are behind in cash than against a shop",
                            "about as many", "fewer")
    if clauses:
        out.append("Cash against the shop measure: " + "; ".join(clauses) + ".")
    told_zero = [r for r in rows if r.summary["share_losing_told"] == 0]
    told_some = [r for r in rows if r.summary["share_losing_told"] > 0]
    told = "As the scheme tells it (goods at sticker price, every balance at face value), "
    if not told_some:
        out.append(told + "nobody is behind at the end in any preset.")
    else:
        if told_zero:
            out.append(told + "nobody is behind at the end in "
                       + listing([code(r.preset) for r in told_zero]) + ".")
        out.append(("As the scheme tells it, " if told_zero else told)
                   + "some members are behind at the end in "
                   + listing([f"{code(r.preset)} ({share(r.summary['share_losing_told'])})"
                              for r in told_some]) + ".")
    return out


def sentence_recruiters(rows: list[Row]) -> list[str]:
    """Who came out ahead: recruiters against members with nobody below them, the presets
    without commissions, and whether recruiting was the only way ahead."""
    out = []
    schemes = [r for r in rows if not r.all_zero]
    some = [r for r in schemes if r.ahead_members > 0]
    items, treeless = [], []
    for r in some:
        up, none = r.groups["uplines 10+"], r.groups["no downline"]
        if not up.members or not none.members:
            treeless.append(r)
            continue
        items.append((direction(up.ahead, none.ahead, SAME_SHARE),
                      f"{code(r.preset)} ({_pair(up.ahead, none.ahead)})"))
    clauses = _by_direction(items, "more often than members with nobody below them",
                            "about as often", "less often")
    if clauses:
        out.append("Members with ten or more below them came out ahead of a shop "
                   + "; ".join(clauses) + ".")
    for r in treeless:
        missing = ("no member with ten or more below them" if not r.groups["uplines 10+"].members
                   else "no member with nobody below them")
        out.append(f"{code(r.preset)} has {missing}; "
                   f"{share(r.ahead_members / r.summary['participants'])} of its members came out "
                   "ahead of a shop.")
    unpaid = [r for r in schemes if r.commissions_fen == 0]
    if unpaid:
        told = [f"in {code(r.preset)} {r.ahead_members:,} of {r.summary['participants']:,} "
                "members still came out ahead of a shop" if r.ahead_members else
                f"in {code(r.preset)} nobody came out ahead of a shop" for r in unpaid]
        out.append(f"{listing([code(r.preset) for r in unpaid])} "
                   f"{'pays' if len(unpaid) == 1 else 'pay'} no commissions at all: "
                   + "; ".join(told) + ".")
    nobody = [r for r in schemes if r.ahead_members == 0 and r.commissions_fen > 0]
    if nobody:
        out.append("Nobody came out ahead of a shop in "
                   + listing([code(r.preset) for r in nobody]) + ".")
    without = [r for r in some if r.groups["no downline"].members
               and r.groups["no downline"].ahead > 0]
    if without:
        out.append("Members with nobody below them came out ahead of a shop too in "
                   + listing([f"{code(r.preset)} ({share(r.groups['no downline'].ahead)} of "
                              "them)" for r in without])
                   + ": coming out ahead does not take recruiting there.")
    return out


def sentence_early_late(rows: list[Row]) -> list[str]:
    """The first tenth to join against the later half, by the median member against a shop."""
    items = []
    for r in rows:
        if r.all_zero:
            continue
        early, late = r.groups["first tenth"], r.groups["later half"]
        if not early.members or not late.members:
            continue
        items.append((direction(early.median, late.median),
                      f"{code(r.preset)} ({yuan(early.median)} against {yuan(late.median)} yuan)"))
    clauses = _by_direction(items, "better than the later half's", "the same", "worse")
    if not clauses:
        return []
    return ["Against a shop, the median member of the first tenth to join fared "
            + "; ".join(clauses) + "."]


def sentence_break_even(rows: list[Row]) -> list[str]:
    """The break-even price against the shop price the model assumes (cost with its margin)."""
    items, none = [], []
    for r in rows:
        be = r.summary["break_even"]
        if be["market_per_cost"] is None:
            none.append(code(r.preset))
            continue
        found, assumed = be["market_per_cost"], be["assumed_market_per_cost"]
        items.append((direction(found, assumed),
                      f"{code(r.preset)} ({found:.2f} against {assumed:.2f})"))
    out = []
    clauses = _by_direction(items, "more than the shop price the model assumes",
                            "exactly that price", "less")
    if clauses:
        out.append("For the median member not to be behind a shop, the goods would have to be "
                   "worth (in times their cost) " + "; ".join(clauses) + ".")
    if none:
        out.append("No shop price would do in " + listing(none) + " (the table says why).")
    return out


def sentences(rows: list[Row]) -> list[str]:
    return (sentence_measures(rows) + sentence_recruiters(rows) + sentence_early_late(rows)
            + sentence_break_even(rows))


# --------------------------------------------------------------------------------------
# The section
# --------------------------------------------------------------------------------------


def wrap(text: str, width: int = 96, indent: str = "") -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = indent + word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def section(rows: list[Row] | None = None) -> str:
    rows = runs() if rows is None else rows
    intro = (f"One run of each preset: {PARTICIPANTS:,} people, the preset's own number of days, "
             f"seed {SEED}.")
    bullets = "\n".join(wrap(f"- {text}", indent="  ") for text in sentences(rows))
    return "\n\n".join([wrap(intro), main_table(rows), ahead_table(rows), lasted_table(rows),
                        bullets])


def main(argv: list[str]) -> int:
    return FIGURES.write_or_print(argv, section(), START, END)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
