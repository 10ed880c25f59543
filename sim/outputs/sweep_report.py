"""A sweep's ``report.html``: the headline outcomes against each swept key, in figures, a table
and plain sentences worked out from the sweep's own results table.

For each swept key, one figure of four panels: the share of members behind a shop
(``share_losing_shop``, MODEL.md §6), what those behind lost (``lost_shop_fen``, in yuan), the
day the operator exits (``collapse_day``) and the operator's take (``operator_take_fen``, in
yuan), against the key's values:

* a key given values (``--grid``): at each value, the median of its runs and their 90% range
  (the 5th to the 95th percentile), each run a dot beside it; ``none`` is a value of its own,
  labelled, after the numbers;
* a key sampled from a range (``--range`` with Latin hypercube, Sobol or random sampling): each
  run a dot, and a running median (the runs cut into bins of equal count along the key).

A run in which the operator never exits has no ``collapse_day``: it counts as later than any
day (a median or percentile that reaches such runs reads "no exit by day D", D the last day
simulated) and is drawn on the dashed line at the end of the run.

The sentences say which value of a key gave the lowest median, only where the data bear it
out: a value is lower than another when the whole 90% range of its runs lies below the other's
(over the seeds, and the other keys' values where several keys are swept); where the ranges
overlap it is "about the same". With one seed per point there is no seed-to-seed range, and
no value is said to be lower. A sampled key's sentence gives its Spearman rank correlation with
the outcome, and calls it a trend only beyond the 95% band of what chance gives for that many
runs (about ``1.96 / sqrt(n - 1)``).

The page holds no date and its PNG figures no software stamp: the same sweep gives the same
bytes. English only.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass, field

import jinja2
import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from sim.analysis.ranks import chance_band, rank_correlation
from sim.outputs import plots
from sim.outputs.i18n import cjk_font_face, count, figure_style, money, pcts

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("sim.outputs", "templates"),
                          autoescape=jinja2.select_autoescape(["html", "j2"]),
                          keep_trailing_newline=True)

#: The percentiles of the range drawn around each median, and that the sentences judge by.
LOW, HIGH = 5, 95

#: Below this many seeds a point, the page says that each range is rough.
ROUGH_SEEDS = 10

#: How many bins of equal count the running median of a sampled key cuts its runs into, at
#: most (fewer when there are fewer than eight runs a bin).
TREND_BINS = 12


@dataclass
class Axis:
    """One swept key as the report draws it: ``kind`` ``"values"`` (``labels``, the values in
    the order drawn; ``per_row``, each run's value as one of them) or ``"range"`` (``per_row``,
    each run's value as a number)."""

    key: str
    kind: str
    labels: list[str]
    per_row: list
    bounds: tuple[float, float] | None = None  # a sampled key's range as given (LO, HI)


@dataclass
class About:
    """What the page says the sweep was."""

    scenario: str
    points: int
    seeds: list[int]
    sample: int = 0  # points sampled from the ranges (0: none)
    method: str = ""  # how: lhs, sobol or random
    fixed: dict = field(default_factory=dict)  # keys given one value only: key -> value


@dataclass(frozen=True)
class Outcome:
    column: str
    title: str  # the panel's title
    noun: str  # what it is, in a sentence
    kind: str  # "share", "money" or "day"
    low: str  # the word for the lowest value
    high: str  # the word for higher values
    down: str  # lower, of one run against another
    colour: str


OUTCOMES = (
    Outcome("share_losing_shop", "Members behind a shop", "share of members behind a shop",
            "share", "lowest", "higher", "lower", plots.OKABE_ITO["vermillion"]),
    Outcome("lost_shop_fen", "Lost by those behind a shop", "amount lost by members behind a "
            "shop", "money", "smallest", "larger", "smaller", plots.OKABE_ITO["orange"]),
    Outcome("collapse_day", "Day the operator exits", "day of the operator's exit", "day",
            "earliest", "later", "earlier", plots.OKABE_ITO["blue"]),
    Outcome("operator_take_fen", "The operator's take", "amount the operator took", "money",
            "smallest", "larger", "smaller", plots.OKABE_ITO["purple"]),
)


# -- the numbers ------------------------------------------------------------------------------


def values_of(table: pd.DataFrame, outcome: Outcome) -> np.ndarray:
    """The outcome of each run as floats; for ``collapse_day``, a run without an exit is
    ``inf`` (later than any day); a figure missing for another reason is ``nan``."""
    if outcome.column not in table.columns:
        return np.full(len(table), np.nan)
    x = pd.to_numeric(table[outcome.column], errors="coerce").astype("float64").to_numpy()
    if outcome.kind == "day":
        x = np.where(np.isnan(x), np.inf, x)
    return x


def quantile(values: np.ndarray, q: float) -> float:
    """The ``q`` quantile (0 to 1) of ``values`` by linear interpolation between the two
    nearest ranks, as numpy's default; a quantile that reaches an ``inf`` is ``inf``. ``nan``s
    are left out (``nan`` if nothing is left)."""
    v = np.sort(values[~np.isnan(values)])
    if not len(v):
        return math.nan
    pos = q * (len(v) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    frac = pos - lo
    if frac == 0 or v[lo] == v[hi]:
        return float(v[lo])
    if math.isinf(v[hi]):
        return math.inf
    return float(v[lo] + (v[hi] - v[lo]) * frac)


@dataclass
class Spread:
    """The runs at one value: how many, their median and their 90% range."""

    runs: int
    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: np.ndarray) -> "Spread":
        return cls(int((~np.isnan(values)).sum()), quantile(values, 0.5),
                   quantile(values, LOW / 100), quantile(values, HIGH / 100))


def spreads(table: pd.DataFrame, axis: Axis, outcome: Outcome) -> dict[str, Spread]:
    """Each value of a ``"values"`` axis -> the :class:`Spread` of ``outcome`` over its runs."""
    x = values_of(table, outcome)
    labels = np.array(axis.per_row, dtype=object)
    return {label: Spread.of(x[labels == label]) for label in axis.labels}


def last_day(table: pd.DataFrame) -> int:
    """The last day simulated (the longest run's)."""
    if "days" in table.columns and table["days"].notna().any():
        return int(pd.to_numeric(table["days"], errors="coerce").max())
    finite = values_of(table, OUTCOMES[2])
    finite = finite[np.isfinite(finite)]
    return int(finite.max()) if len(finite) else 0


# -- the words --------------------------------------------------------------------------------


def shown(outcome: Outcome, value: float, end: int) -> str:
    """One figure of ``outcome`` as the page writes it (see :func:`shown_all` for shares)."""
    if math.isnan(value):
        return "-"
    if outcome.kind == "share":
        return pcts(value)[0]
    if outcome.kind == "money":
        return money(int(round(value)))
    if math.isinf(value):
        return f"no exit by day {end}"
    return f"day {_day(value)}"


def _day(value: float) -> str:
    """A day, or a median or percentile of days, to a tenth at most: 94, 94.5."""
    return f"{value:,.1f}".removesuffix(".0")


def shown_all(outcome: Outcome, values: list[float], end: int) -> list[str]:
    """Figures of ``outcome`` read together: shares with the same number of decimals, enough
    that no two different shares read the same (:func:`sim.outputs.i18n.pcts`)."""
    if outcome.kind != "share":
        return [shown(outcome, v, end) for v in values]
    known = [v for v in values if not math.isnan(v)]
    texts = iter(pcts(*known) if known else [])
    return ["-" if math.isnan(v) else next(texts) for v in values]


def _listed(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def grid_sentence(axis: Axis, outcome: Outcome, by_value: dict[str, Spread], seeds: int,
                  end: int) -> str:
    """Which value of ``axis`` gave the lowest median ``outcome``, said only where the 90%
    ranges of the runs do not overlap; "about the same" where they do."""
    key = axis.key
    labels = [v for v in axis.labels if by_value[v].runs]
    texts = dict(zip(labels, shown_all(outcome, [by_value[v].median for v in labels], end)))
    medians = [by_value[v].median for v in labels]
    if len(labels) < 2:
        return f"The {outcome.noun} is known for fewer than two values of {key}."
    if all(by_value[v].low == by_value[v].high == medians[0] for v in labels):
        return f"The {outcome.noun} was the same in every run: {texts[labels[0]]}."
    if seeds < 2:
        return (f"With one seed per point there is no seed-to-seed range to judge by, so no "
                f"value of {key} is said to give a {outcome.down} {outcome.noun}; the "
                f"medians are in the table.")
    best = min(labels, key=lambda v: (by_value[v].median, labels.index(v)))
    top = by_value[best].high
    clear = [v for v in labels if v != best and top < by_value[v].low]
    same = [v for v in labels if v != best and v not in clear]
    order = sorted(labels, key=lambda v: by_value[v].median)
    if not clear:
        low_text, high_text = texts[order[0]], texts[order[-1]]
        spread = (f"medians {low_text} to {high_text}" if low_text != high_text
                  else f"median {low_text}")
        return (f"The median {outcome.noun} was about the same whatever {key} ({spread}): "
                f"the differences are within the {LOW}th-{HIGH}th percentile range of the "
                f"runs at each value.")
    head = f"The median {outcome.noun} was {outcome.low} with {key} = {best} ({texts[best]})"
    if not same:
        nxt = next(v for v in order if v != best)
        return (f"{head}; with every other value it was {outcome.high}, beyond the "
                f"{LOW}th-{HIGH}th percentile ranges of the runs (next: {nxt}, {texts[nxt]}).")
    return (f"{head}, and {outcome.high} with "
            f"{_listed([f'{v} ({texts[v]})' for v in clear])}, beyond the {LOW}th-{HIGH}th "
            f"percentile ranges of the runs; with {_listed([f'{v} ({texts[v]})' for v in same])} "
            f"it was about the same as with {best} (the ranges overlap).")


def _number(value: float) -> str:
    return f"{value:,.6g}"


def range_sentence(axis: Axis, outcome: Outcome, table: pd.DataFrame, end: int) -> str:
    """Whether ``outcome`` rises or falls along a sampled key, by its rank correlation, said
    only beyond what chance gives for that many runs."""
    key = axis.key
    x = np.asarray(axis.per_row, dtype=float)
    y = values_of(table, outcome)
    keep = ~np.isnan(y)
    n = int(keep.sum())
    if n and np.all(y[keep] == y[keep][0]):
        return f"The {outcome.noun} was the same in every run: {shown(outcome, y[keep][0], end)}."
    if n < 4:
        return f"Too few runs ({n}) to tell whether the {outcome.noun} changes with {key}."
    rho, band = rank_correlation(x, y), chance_band(n)
    span = f"{key} from {_number(np.nanmin(x))} to {_number(np.nanmax(x))}"
    figures = f"rank correlation {rho:+.2f} over {count(n)} runs"
    if math.isnan(rho):
        return f"{_cap(key)} took one value only, so it shows no trend."
    if abs(rho) <= band:
        return (f"Over {span}, the {outcome.noun} shows no clear trend ({figures}, within the "
                f"\u00b1{band:.2f} that chance alone stays within 19 times in 20).")
    way = outcome.high if rho > 0 else outcome.down
    return (f"Over {span}, the {outcome.noun} tends to be {way} where {key} is higher "
            f"({figures}, beyond the \u00b1{band:.2f} that chance alone stays within 19 times "
            f"in 20).")


def sentences(table: pd.DataFrame, axis: Axis, seeds: int) -> list[str]:
    """The sentences of one key, one per outcome."""
    end = last_day(table)
    if axis.kind == "range":
        return [range_sentence(axis, o, table, end) for o in OUTCOMES]
    out = [grid_sentence(axis, o, spreads(table, axis, o), seeds, end) for o in OUTCOMES]
    if 1 < seeds < ROUGH_SEEDS:
        out.append(f"With {seeds} seeds a point, each range is rough; more seeds (--seeds) "
                   f"make it surer.")
    return out


def _cell(outcome: Outcome, s: Spread, end: int) -> str:
    """A median and its 90% range: ``81.4% (79.4% to 83.3%)``, ``day 94.5 (94 to 95)``."""
    median, low, high = shown_all(outcome, [s.median, s.low, s.high], end)
    if outcome.kind == "day":
        if math.isinf(s.low):
            return f"no exit by day {end}"
        low, high = _day(s.low), "no exit" if math.isinf(s.high) else _day(s.high)
    if low == high:
        return median
    return f"{median} ({low} to {high})"


def rows(table: pd.DataFrame, axis: Axis) -> list[list[str]]:
    """The table of one ``"values"`` key: a row per value (the value, its runs, each outcome's
    median and 90% range, and how many of its runs end in the operator's exit)."""
    end = last_day(table)
    by = {o.column: spreads(table, axis, o) for o in OUTCOMES}
    exits = values_of(table, OUTCOMES[2])
    labels = np.array(axis.per_row, dtype=object)
    out = []
    for label in axis.labels:
        runs = int((labels == label).sum())
        exited = int(np.isfinite(exits[labels == label]).sum())
        out.append([label, count(runs)] + [_cell(o, by[o.column][label], end) for o in OUTCOMES]
                   + [f"{count(exited)} of {count(runs)}"])
    return out


def overall(table: pd.DataFrame) -> list[list[str]]:
    """Each outcome over every run of the sweep: its median and 90% range."""
    end = last_day(table)
    return [[o.title, _cell(o, Spread.of(values_of(table, o)), end)] for o in OUTCOMES]


def correlations(table: pd.DataFrame, axis: Axis) -> list[str]:
    """A sampled key's rank correlation with each outcome, as text."""
    x = np.asarray(axis.per_row, dtype=float)
    out = []
    for o in OUTCOMES:
        rho = rank_correlation(x, values_of(table, o))
        out.append("-" if math.isnan(rho) else f"{rho:+.2f}")
    return out


# -- the figures ------------------------------------------------------------------------------


def _scale(table: pd.DataFrame, outcome: Outcome) -> tuple[float, str]:
    if outcome.kind == "share":
        return 0.01, "% of members"
    if outcome.kind == "money":
        top = np.nanmax(np.abs(values_of(table, outcome)), initial=0.0)
        return plots.money_unit(top, "en")
    return 1.0, "day"


def figure(table: pd.DataFrame, axis: Axis) -> Figure:
    """The four headline outcomes against one swept key (made without pyplot)."""
    end = last_day(table)
    fig = Figure(figsize=(9.2, 6.6))  # fixed margins: a layout engine doubles the time
    panels = fig.subplots(2, 2).ravel()
    fig.subplots_adjust(left=0.09, right=0.98, top=0.91, bottom=0.08, hspace=0.45, wspace=0.25)
    for ax, outcome in zip(panels, OUTCOMES):
        unit, label = _scale(table, outcome)
        y = values_of(table, outcome)
        drawn = np.where(np.isinf(y), end, y) / unit
        if axis.kind == "values":
            _grid_panel(ax, table, axis, outcome, drawn, unit, end)
        else:
            _range_panel(ax, axis, outcome, y, drawn, unit, end)
        if outcome.kind == "day":
            ax.axhline(end, color="#777777", linestyle="--", linewidth=0.9)
            ax.annotate(f"end of the run, no exit (day {end})", (0.01, end),
                        xycoords=("axes fraction", "data"), xytext=(0, 3),
                        textcoords="offset points", fontsize=8, color="#555555")
            ax.set_ylim(0, end * 1.08 if end else 1)
        elif outcome.kind == "share":
            ax.set_ylim(0, 105)
        else:
            ax.set_ylim(bottom=min(0.0, float(np.nanmin(drawn, initial=0.0)) * 1.05))
        ax.set_title(outcome.title, loc="left")
        ax.set_ylabel(label)
        ax.set_xlabel(axis.key)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.10g}"))
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
    how = (f"median and {LOW}th-{HIGH}th percentile of the runs at each value"
           if axis.kind == "values" else "each run, and the running median")
    fig.suptitle(f"{axis.key}: {how}", fontsize=11)
    return fig


def _grid_panel(ax, table, axis: Axis, outcome: Outcome, drawn, unit, end) -> None:
    labels = np.array(axis.per_row, dtype=object)
    by = spreads(table, axis, outcome)
    for i, label in enumerate(axis.labels):
        runs = drawn[labels == label]
        runs = runs[~np.isnan(runs)]
        if len(runs):  # each run a dot, spread evenly beside the value's place
            offsets = np.linspace(-0.16, 0.16, len(runs)) if len(runs) > 1 else np.zeros(1)
            ax.plot(i + 0.22 + offsets * 0.5, runs, linestyle="none", marker="o",
                    markersize=2.5, color=outcome.colour, alpha=0.35)
        s = by[label]
        if not s.runs:
            continue
        low, med, high = (min(v, end) / unit if outcome.kind == "day" else v / unit
                          for v in (s.low, s.median, s.high))
        ax.plot([i, i], [low, high], color=outcome.colour, linewidth=7, alpha=0.35,
                solid_capstyle="butt")
        ax.plot([i], [med], marker="D", markersize=6, color=outcome.colour,
                markeredgecolor="black", markeredgewidth=0.6, linestyle="none")
    ax.set_xticks(range(len(axis.labels)), axis.labels,
                  rotation=30 if len(axis.labels) > 6 else 0)
    ax.set_xlim(-0.6, len(axis.labels) - 0.3)


def _range_panel(ax, axis: Axis, outcome: Outcome, y, drawn, unit, end) -> None:
    x = np.asarray(axis.per_row, dtype=float)
    finite = ~np.isinf(y) & ~np.isnan(y)
    ax.plot(x[finite], drawn[finite], linestyle="none", marker="o", markersize=3,
            color=outcome.colour, alpha=0.45)
    if (~finite & ~np.isnan(y)).any():  # no exit: on the end-of-run line, hollow
        ax.plot(x[np.isinf(y)], drawn[np.isinf(y)], linestyle="none", marker="o",
                markersize=3.5, markerfacecolor="none", color=outcome.colour, alpha=0.6)
    trend = running_median(x, y)
    if trend is not None:
        tx, ty = trend
        ty = np.where(np.isinf(ty), end, ty) / unit
        ax.plot(tx, ty, color="black", linewidth=1.6, label="running median")
        ax.legend(loc="best", frameon=False)


def running_median(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The trend of ``y`` along ``x``: the runs sorted by ``x`` and cut into up to
    :data:`TREND_BINS` bins of equal count (eight runs a bin at least), each bin's median ``x``
    and median ``y`` (:func:`quantile`). ``None`` for fewer than 16 runs."""
    keep = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[keep], y[keep]
    if len(x) < 16:
        return None
    order = np.argsort(x, kind="stable")
    bins = np.array_split(order, min(TREND_BINS, len(x) // 8))
    return (np.array([quantile(x[b], 0.5) for b in bins]),
            np.array([quantile(y[b], 0.5) for b in bins]))


def png(fig: Figure) -> bytes:
    """``fig`` as PNG bytes, the same for the same figure (no software stamp)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=plots.DPI, metadata={"Software": None})
    return buf.getvalue()


# -- the page ---------------------------------------------------------------------------------


def _range_of(axis: Axis) -> str:
    """A sampled key's range: as given, and the values its runs took."""
    x = np.asarray(axis.per_row, dtype=float)
    took = f"{_number(np.nanmin(x))} to {_number(np.nanmax(x))}"
    if axis.bounds is None:
        return took
    return f"{_number(axis.bounds[0])} to {_number(axis.bounds[1])}; the runs' values {took}"


def render(table: pd.DataFrame, axes: list[Axis], about: About) -> str:
    """The page: the sweep in a sentence, every outcome over all runs, then for each swept
    key its figure, its table and its sentences."""
    end = last_day(table)
    population = sorted({int(v) for v in pd.to_numeric(table.get("population", pd.Series([])),
                                                       errors="coerce").dropna()})
    sections = []
    with matplotlib.rc_context(figure_style("en")):
        for axis in axes:
            fig = figure(table, axis)
            data = base64.b64encode(png(fig)).decode("ascii")
            section = {"key": axis.key, "kind": axis.kind, "png": data,
                       "sentences": sentences(table, axis, len(about.seeds))}
            if axis.kind == "values":
                section["rows"] = rows(table, axis)
            else:
                section["range"] = _range_of(axis)
                section["correlations"] = correlations(table, axis)
            sections.append(section)
    seeds = about.seeds
    seed_text = (f"seed {seeds[0]}" if len(seeds) == 1 else
                 f"seeds {seeds[0]} to {seeds[-1]}" if seeds == list(range(seeds[0],
                                                                             seeds[-1] + 1))
                 else "seeds " + ", ".join(str(s) for s in seeds))
    swept = []
    for axis in axes:
        if axis.kind == "values":
            swept.append(f"{axis.key} ({', '.join(axis.labels)})")
        else:
            swept.append(f"{axis.key} (sampled from {_range_of(axis)})")
    page = _ENV.get_template("sweep.html.j2").render(
        about=about, runs=count(len(table)), points=count(about.points),
        seed_count=count(len(seeds)), seed_text=seed_text,
        population=" or ".join(count(p) for p in population) or "-", days=end,
        swept=swept, fixed=sorted(about.fixed.items()), overall=overall(table),
        sections=sections, outcomes=OUTCOMES, low=LOW, high=HIGH,
        several=len(axes) > 1,
        method={"lhs": "Latin hypercube", "sobol": "scrambled Sobol",
                "random": "uniform random"}.get(about.method, about.method))
    return page.replace("/* cjk-font */", cjk_font_face(page), 1)
