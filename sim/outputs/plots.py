"""The report's figures (matplotlib, colour-blind-safe Okabe-Ito palette), in English or Chinese.

Each figure function takes a :class:`sim.api.Result` and a language and returns a matplotlib
Figure, made without pyplot (so no window opens, any backend works, and a notebook shows it
inline). The numbers come from the run's tables (``daily``, ``participants``, ``cohorts``,
``summary``); :func:`breakdowns`, :func:`by_week`, :func:`identity_terms`, :func:`stall_point`
and :func:`money_flow` compute the few that are not in them, so that the report's words and the
figures say the same thing. The headline measure is the shop measure (MODEL.md §6): the figures
draw it first, beside what the scheme tells members and the cash alone.
:func:`render_pngs` draws every figure to PNG bytes that are the same for the same run.
"""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from sim.outputs import i18n
from sim.outputs.i18n import t

OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000"}

YUAN = 100.0
DPI = 110

#: The three valuations that leave the balances out (MODEL.md §6, kept for continuity):
#: (name, colour, line style, hatch).
VALUATIONS = (("cash", OKABE_ITO["vermillion"], "-", None),
              ("cost", OKABE_ITO["orange"], "--", "//"),
              ("sticker", OKABE_ITO["blue"], ":", ".."))

#: What the figures draw: against a shop (the headline), as the scheme tells it, and the cash
#: alone: (name, colour, line style, hatch).
SHOWN = (("shop", OKABE_ITO["vermillion"], "-", None),
         ("told", OKABE_ITO["blue"], ":", ".."),
         ("cash", OKABE_ITO["orange"], "--", "//"))

#: Every valuation of a member's net that ``participants`` carries, the headline first.
ALL_VALUATIONS = ("shop", "told", "cash", "cost", "sticker")

#: Buckets of the breakdowns: (label, lowest, highest) inclusive, highest None = no limit.
DEPTH_BUCKETS = (("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4", 4, 4), ("5-9", 5, 9),
                 ("10-19", 10, 19), ("20+", 20, None))
DOWNLINE_BUCKETS = (("0", 0, 0), ("1-9", 1, 9), ("10-99", 10, 99), ("100-999", 100, 999),
                    ("1000+", 1000, None))

_thousands = FuncFormatter(lambda v, _: f"{v:,.0f}")
_decimals = FuncFormatter(lambda v, _: f"{v:,.1f}".rstrip("0").rstrip("."))


class ReportFigure(Figure):
    """A matplotlib Figure that shows itself as a PNG in Jupyter, whether or not pyplot (and
    with it the inline backend) was ever imported."""

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.savefig(buf, format="png", dpi=DPI)
        return buf.getvalue()


# -- numbers the figures and the words share ---------------------------------------------------


def _bucket(values: pd.Series, buckets) -> pd.Series:
    out = pd.Series(pd.NA, index=values.index, dtype="object")
    for label, lo, hi in buckets:
        mask = values >= lo if hi is None else values.between(lo, hi)
        out[mask] = label
    return out


def breakdown(parts: pd.DataFrame, key: pd.Series, order) -> pd.DataFrame:
    """Share losing (net below 0) and median net under each valuation the table carries (shop,
    told, cash, cost, sticker), for each group of ``key``."""
    rows = []
    shown = [v for v in ALL_VALUATIONS if f"net_{v}_fen" in parts.columns]
    nets = parts[[f"net_{v}_fen" for v in shown]]  # only what is read: the rows taken faster
    for label in order:
        sub = nets[key == label]
        if len(sub) == 0:
            continue
        row = {"group": str(label), "members": len(sub)}
        for v in shown:
            net = sub[f"net_{v}_fen"]
            row[f"share_losing_{v}"] = float((net < 0).mean())
            row[f"median_net_{v}_fen"] = int(round(float(net.median())))
        rows.append(row)
    columns = ["group", "members"] + [f"{what}_{v}" for v in shown
                                      for what in ("share_losing", "median_net")]
    columns = [c if not c.startswith("median_net_") else c + "_fen" for c in columns]
    return pd.DataFrame(rows, columns=columns)  # no members: no rows, the same columns


def breakdowns(result) -> dict[str, pd.DataFrame]:
    """Who lost by depth, size of downline, region and (when there is more than one) identity."""
    p = result.participants
    out = {
        "depth": breakdown(p, _bucket(p["depth"], DEPTH_BUCKETS), [b[0] for b in DEPTH_BUCKETS]),
        "downline": breakdown(p, _bucket(p["downline_size"], DOWNLINE_BUCKETS),
                              [b[0] for b in DOWNLINE_BUCKETS]),
        "region": breakdown(p, p["region"], sorted(p["region"].unique(), key=_natural)),
    }
    if p["identity"].nunique() > 1:
        out["identity"] = breakdown(p, p["identity"], sorted(p["identity"].unique()))
    return out


def by_week(parts: pd.DataFrame) -> pd.DataFrame:
    """Per week of joining: members, and the share behind and the median net of all its members
    under each valuation :data:`SHOWN` (the cohorts table's medians leave out shop and told)."""
    week = parts["join_week"]
    g = parts.groupby(week, sort=True)
    out = pd.DataFrame({"join_week": g.size().index.to_numpy(), "members": g.size().to_numpy()})
    for v, *_ in SHOWN:
        net = parts[f"net_{v}_fen"]
        out[f"share_losing_{v}"] = (net < 0).groupby(week, sort=True).mean().to_numpy()
        out[f"median_net_{v}_fen"] = g[f"net_{v}_fen"].median().round().astype("int64").to_numpy()
    return out


def stall_point(summary: dict) -> tuple[int, str]:
    """The day growth stalled and how: ``summary["at_stall"]`` where the run has it, otherwise
    the outside stall day if it fell inside the run ("outside"), else the recruitment peak
    ("own": growth stopped by itself)."""
    at = summary.get("at_stall")
    if at:
        return int(at["day"]), str(at["kind"])
    if summary.get("stall_day") is not None:
        return int(summary["stall_day"]), "outside"
    return int(summary.get("recruitment_peak_day") or 0), "own"


#: The terms of ``summary["shop_identity"]`` in the order the money figure draws them.
IDENTITY_PLUS = ("retail_margin_fen", "walk_away_fen", "operator_injected_fen", "ad_revenue_fen",
                 "market_return_fen")
IDENTITY_MINUS = ("operator_take_fen", "platform_cash_fen", "suppliers_beyond_goods_fen")


def identity_terms(summary: dict) -> list[tuple[str, int]]:
    """The non-zero terms of where the money went against a shop, signed (in fen, + for the
    members, - against them), in drawing order; they add up to ``shop_identity["net_shop_fen"]``
    (the summary's identity)."""
    ident = summary["shop_identity"]
    terms = [(k, int(ident["plus"][k])) for k in IDENTITY_PLUS if ident["plus"].get(k)]
    terms += [(k, -int(ident["minus"][k])) for k in IDENTITY_MINUS if ident["minus"].get(k)]
    extra = [k for k in ident["plus"] if k not in IDENTITY_PLUS and ident["plus"][k]]
    terms += [(k, int(ident["plus"][k])) for k in extra]
    extra = [k for k in ident["minus"] if k not in IDENTITY_MINUS and ident["minus"][k]]
    terms += [(k, -int(ident["minus"][k])) for k in extra]
    return terms


#: The parts of a loss against a shop (``summary["loss_split"]``), each signed so that the four
#: add up to what those behind lost: goods above market + fees + stranded - transfers.
LOSS_PARTS = ("over_market_fen", "fees_fen", "stranded_fen", "transfers_fen")


def loss_parts(summary: dict) -> dict[str, int] | None:
    """What those behind a shop lost, split (fen, each as it adds to the loss: the transfers
    turned round, so a net transfer to others is positive); None when the run has no split or
    nobody is behind. The parts add up to ``-loss_split["net_shop_fen"]``."""
    split = summary.get("loss_split")
    if not split or not split.get("members"):
        return None
    return {k: (-int(split[k]) if k == "transfers_fen" else int(split[k])) for k in LOSS_PARTS}


def _natural(text: str):
    digits = "".join(ch for ch in str(text) if ch.isdigit())
    return (int(digits) if digits else 0, str(text))


def money_flow(result) -> dict[str, int]:
    """Where the cash members put in ended up, in fen; the parts add up exactly.

    A member's cash result is what they got back out minus what they put in. Everything put in
    either came back to the same member (``own``: up to what they put in), went to members who
    got back more than they put in (``ahead``: their gains), to suppliers, to the operator, or
    is still in the platform's cash (the ledger's cash book balances, so nothing else is left).
    The gains are split by who made them: the first tenth to join, later members with at least
    one direct recruit (uplines), everyone else.
    """
    p, s = result.participants, result.summary
    paid = p["paid_in_fen"].to_numpy(dtype=np.int64)
    back = p["withdrawn_fen"].to_numpy(dtype=np.int64)
    gain = np.maximum(back - paid, 0)
    early = p["id"].to_numpy() < max(1, int(np.ceil(len(p) * 0.1)))
    upline = (p["direct_downlines"].to_numpy() > 0) & ~early
    return {
        "paid_in": int(paid.sum()),
        "own": int(np.minimum(back, paid).sum()),
        "ahead": int(gain.sum()),
        "suppliers": int(s["suppliers_fen"]),
        "operator": int(s["operator_take_fen"]),
        "cash": int(s["platform_cash_fen"]),
        "ahead_early": int(gain[early].sum()),
        "ahead_uplines": int(gain[upline].sum()),
        "ahead_others": int(gain[~early & ~upline].sum()),
        "commissions": int(p["commissions_fen"].sum()),
    }


def promise_layers(daily: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each kind of money promise per day, in fen; together they are ``promises_fen``."""
    layers = {
        "p_gold": daily["shopping_gold_fen"].to_numpy(dtype=np.int64),
        "p_wallets": daily["wallets_fen"].to_numpy(dtype=np.int64),
        "p_waiting": daily["withdraw_waiting_fen"].to_numpy(dtype=np.int64),
        "p_stakes": daily["stakes_held_fen"].to_numpy(dtype=np.int64),
    }
    layers["p_pools"] = daily["promises_fen"].to_numpy(dtype=np.int64) - sum(layers.values())
    return layers


# -- figure helpers ----------------------------------------------------------------------------


def _events(result, lang: str) -> list[tuple[int, str, str, str]]:
    s = result.summary
    out = []
    if s.get("stall_day") is not None:
        out.append((s["stall_day"], t(lang, "ev_stall", day=s["stall_day"]), OKABE_ITO["orange"],
                    "--"))
    warning = (s.get("early_warning") or {}).get("day")
    if warning is not None:
        out.append((warning, t(lang, "ev_warning", day=warning), OKABE_ITO["black"], "-."))
    if s.get("collapse_day") is not None:
        out.append((s["collapse_day"], t(lang, "ev_exit", day=s["collapse_day"]),
                    OKABE_ITO["vermillion"], "--"))
    if s.get("activity_end_day") is not None:
        out.append((s["activity_end_day"], t(lang, "ev_activity", day=s["activity_end_day"]),
                    "#555555", ":"))
    return out


def _mark_events(ax, result, lang: str, labels: bool = True) -> None:
    """Vertical lines on the stall, exit and end-of-play days (labelled in the legend)."""
    for day, label, colour, style in _events(result, lang):
        ax.axvline(day, color=colour, linestyle=style, linewidth=1.3,
                   label=label if labels else None)


def last_change_day(daily: pd.DataFrame) -> int:
    """The last day on which any figure the timelines show changed (0 if none did)."""
    cols = [c for c in ("members", "active_members", "new_members", "platform_cash_fen",
                        "operator_total_fen", "promises_fen", "dividend_points",
                        "consumption_points", "share_losing_shop", "share_losing_told",
                        "walk_away_fen", "told_balances_fen") if c in daily.columns]
    if len(daily) < 2:
        return 0
    changed = (daily[cols].diff().iloc[1:] != 0).any(axis=1).to_numpy().copy()
    changed |= (daily["active_members"].iloc[1:] != 0).to_numpy()
    idx = np.flatnonzero(changed)
    return int(daily["day"].iloc[idx[-1] + 1]) if idx.size else 0


def timeline_end(daily: pd.DataFrame) -> int:
    """Where the timelines stop: a little after the last change, so the story is not squeezed
    into the left edge by months in which nothing happens (the report says so)."""
    if len(daily) == 0:
        return 0
    last = int(daily["day"].iloc[-1])
    change = last_change_day(daily)
    return min(last, change + max(14, int(round(0.2 * change))))


def shown_last_change(result) -> int:
    """:func:`last_change_day` of the run, or with the runs' bands (``pingou run --seeds K``)
    the last day on which the run or any band changes."""
    last = last_change_day(result.daily)
    for band in (_bands(result) or {}).values():
        for values in band.values():
            changed = np.flatnonzero(np.diff(values) != 0)
            if changed.size:
                last = max(last, int(changed[-1]) + 1)
    return last


def shown_end(result) -> int:
    """Where the timeline figures stop: :func:`timeline_end` of the run, counting the changes
    of the runs' bands too when there are (:func:`shown_last_change`)."""
    d = result.daily
    if len(d) == 0:
        return 0
    change = shown_last_change(result)
    return min(int(d["day"].iloc[-1]), change + max(14, int(round(0.2 * change))))


def money_unit(max_fen: float, lang: str) -> tuple[float, str]:
    """A divisor and axis label that keep money axes readable: yuan, or millions of yuan
    (en) / 10,000s of yuan (万元, zh)."""
    if lang == "zh":
        return (10_000 * YUAN, "万元") if max_fen >= 100_000 * YUAN else (YUAN, t(lang, "yuan"))
    return (1e6 * YUAN, "million yuan") if max_fen >= 1e6 * YUAN else (YUAN, t(lang, "yuan"))


# -- bands of several runs (pingou run --seeds K) ---------------------------------------------

#: The timeline figures that draw the runs' bands when the result has ranges.
BANDED = ("told_vs_shop", "growth", "cash_vs_promises")


def _bands(result) -> dict | None:
    """The bands of the runs (``result.ranges.bands``), or None for one run."""
    ranges = getattr(result, "ranges", None)
    return None if ranges is None else ranges.bands


def _band_top(result, column: str) -> float:
    """The highest value of a band's 95th percentile (0 without bands)."""
    bands = _bands(result)
    if not bands or column not in bands or not len(bands[column]["high"]):
        return 0.0
    return float(np.max(bands[column]["high"]))


def _band(ax, result, column: str, colour: str, scale: float = 1.0, hatch=None) -> bool:
    """Draw a daily column's band over the runs on ``ax``: shaded from each day's 5th to 95th
    percentile, a thin dashed line on its median, under the run's own line (``hatch``: hatched
    in dark grey instead, over a filled area); ``scale`` divides the values (a money unit; 0.01
    for shares in percent). False (nothing drawn) for one run."""
    bands = _bands(result)
    if not bands or column not in bands:
        return False
    band = bands[column]
    day = result.daily["day"].to_numpy()[:len(band["median"])]
    if hatch is None:
        ax.fill_between(day, band["low"] / scale, band["high"] / scale, color=colour,
                        alpha=0.18, linewidth=0, zorder=0.5)
    else:  # over a filled area (the stacked promises): hatched, the area still seen through
        ax.fill_between(day, band["low"] / scale, band["high"] / scale, facecolor="none",
                        edgecolor="#222222", alpha=0.45, hatch=hatch, linewidth=0, zorder=2.2)
    ax.plot(day, band["median"] / scale, color="#222222" if hatch else colour, linewidth=1.0,
            linestyle=(0, (4, 2)), alpha=0.9, zorder=2.3 if hatch else 1.5)
    return True


def _with_band_legend(result, lang: str, handles: list, labels: list) -> tuple[list, list]:
    """The legend's entries with one more, saying what the bands and dashed lines are."""
    from matplotlib.lines import Line2D

    label = t(lang, "rg_band_legend", runs=f"{len(result.ranges.seeds):,}")
    proxy = Line2D([], [], color="#777777", linewidth=8, alpha=0.3, solid_capstyle="butt")
    return handles + [proxy], labels + [label]


# -- the figures -------------------------------------------------------------------------------


def _stall_event(result, lang: str) -> tuple[int, str]:
    """The stall as the timelines mark it: its day and its label."""
    day, kind = stall_point(result.summary)
    return day, t(lang, "ev_stall" if kind == "outside" else "ev_stall_own", day=day)


def balances_column(daily: pd.DataFrame) -> str:
    """The daily column of what members hold at the value the scheme gives it:
    ``told_balances_fen`` where the run records it, else ``promises_fen``."""
    return "told_balances_fen" if "told_balances_fen" in daily.columns else "promises_fen"


def told_vs_shop(result, lang: str = "en") -> Figure:
    """The gap over time between what members are told and what it is worth: the share of
    members so far behind as the scheme tells it and against a shop, and the balances at the
    value the scheme gives them against what members could walk away with; the stall (outside,
    or the recruitment peak when growth stopped by itself) and the exit marked and labelled."""
    d = result.daily
    fig = ReportFigure(figsize=(7.5, 5.8), layout="constrained")
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    day = d["day"].to_numpy()
    told = d["share_losing_told"].to_numpy(dtype=float) * 100
    shop = d["share_losing_shop"].to_numpy(dtype=float) * 100
    banded = _band(ax1, result, "share_losing_shop", OKABE_ITO["vermillion"], 0.01)
    _band(ax1, result, "share_losing_told", OKABE_ITO["blue"], 0.01)
    if not banded:  # with the runs' bands, the gap between the lines is left unshaded
        ax1.fill_between(day, told, shop, color=OKABE_ITO["vermillion"], alpha=0.12,
                         linewidth=0)
    ax1.plot(day, shop, color=OKABE_ITO["vermillion"], linewidth=2.4, label=t(lang, "ts_shop"))
    ax1.plot(day, told, color=OKABE_ITO["blue"], linewidth=2.2, linestyle=":",
             label=t(lang, "ts_told"))
    ax1.set_ylim(-3, 103)
    ax1.set_ylabel(t(lang, "ts_share_axis"))
    ax1.set_title(t(lang, "f_told_shop"))
    column = balances_column(d)
    balances = d[column].to_numpy(dtype=np.int64)
    walk = d["walk_away_fen"].to_numpy(dtype=np.int64)
    most = float(max(balances.max(initial=0), walk.max(initial=0), _band_top(result, column),
                     _band_top(result, "walk_away_fen")))
    unit, unit_label = money_unit(most, lang)
    if not banded:
        ax2.fill_between(day, walk / unit, balances / unit, where=balances >= walk,
                         color=OKABE_ITO["blue"], alpha=0.12, linewidth=0)
    _band(ax2, result, column, OKABE_ITO["blue"], unit)
    _band(ax2, result, "walk_away_fen", OKABE_ITO["green"], unit)
    ax2.plot(day, balances / unit, color=OKABE_ITO["blue"], linewidth=2.2, linestyle=":",
             label=t(lang, "ts_balances" if column == "told_balances_fen" else "ts_promises"))
    ax2.plot(day, walk / unit, color=OKABE_ITO["green"], linewidth=2.4,
             label=t(lang, "ts_walk"))
    ax2.set_ylabel(unit_label)
    ax2.yaxis.set_major_formatter(_thousands if unit == YUAN else _decimals)
    top = most / unit
    ax2.set_ylim(0, top * 1.06 if top > 0 else 1)  # nothing held: one tick at 0
    if top <= 0:
        ax2.set_yticks([0])
    ax2.set_xlabel(t(lang, "day"))
    events = [(*_stall_event(result, lang), OKABE_ITO["orange"])]
    if result.summary.get("collapse_day") is not None:
        c = result.summary["collapse_day"]
        events.append((c, t(lang, "ev_exit", day=c), OKABE_ITO["black"]))
    for ax in (ax1, ax2):
        for when, label, colour in events:
            ax.axvline(when, color=colour, linestyle="--", linewidth=1.3)
    for when, label, colour in events:  # labelled on the plot itself, beside the line
        ax1.annotate(label, xy=(when, 0.97), xycoords=ax1.get_xaxis_transform(),
                     xytext=(-4, 0), textcoords="offset points", rotation=90, ha="right",
                     va="top", fontsize=8, color=colour,
                     bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1})
    ax2.set_xlim(-1, shown_end(result) + 1)
    handles, labels = ax1.get_legend_handles_labels()
    more = ax2.get_legend_handles_labels()
    handles, labels = handles + more[0], labels + more[1]
    if banded:
        handles, labels = _with_band_legend(result, lang, handles, labels)
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=8.5)
    return fig


def growth(result, lang: str = "en") -> Figure:
    """Members joining and playing, newcomers per day, the stall and the collapse."""
    d = result.daily
    fig = ReportFigure(figsize=(7.5, 5.2), layout="constrained")
    ax1, ax2 = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2.2, 1]})
    banded = _band(ax1, result, "members", OKABE_ITO["blue"])
    _band(ax1, result, "active_members", OKABE_ITO["green"])
    ax1.plot(d["day"], d["members"], color=OKABE_ITO["blue"], linewidth=2,
             label=t(lang, "growth_members"))
    ax1.plot(d["day"], d["active_members"], color=OKABE_ITO["green"], linewidth=1.6,
             label=t(lang, "growth_active"))
    ax1.set_ylabel(t(lang, "growth_people"))
    ax1.yaxis.set_major_formatter(_thousands)
    ax1.set_title(t(lang, "f_growth"))
    _mark_events(ax1, result, lang)
    if banded:
        ax1.legend(*_with_band_legend(result, lang, *ax1.get_legend_handles_labels()),
                   loc="best")  # wherever it hides least of the bands
    else:
        ax1.legend(loc="upper left")
    ax2.bar(d["day"], d["new_members"], color=OKABE_ITO["sky"], width=1.0,
            label=t(lang, "growth_new"))
    ax2.set_ylabel(t(lang, "growth_new_axis"))
    ax2.set_xlabel(t(lang, "day"))
    ax2.yaxis.set_major_formatter(_thousands)
    _mark_events(ax2, result, lang, labels=False)
    ax2.set_xlim(-1, shown_end(result) + 1)
    return fig


def cash_vs_promises(result, lang: str = "en") -> Figure:
    """The platform's cash against each kind of promise, and the points handed out."""
    d = result.daily
    points = d[["dividend_points", "consumption_points"]]
    has_points = bool(points.to_numpy().any())
    if has_points:
        fig = ReportFigure(figsize=(7.5, 6.4), layout="constrained")
        ax, axp = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2.6, 1]})
    else:
        fig = ReportFigure(figsize=(7.5, 4.8), layout="constrained")
        ax = fig.subplots()
    colours = {"p_gold": OKABE_ITO["vermillion"], "p_wallets": OKABE_ITO["purple"],
               "p_waiting": OKABE_ITO["orange"], "p_stakes": OKABE_ITO["sky"],
               "p_pools": OKABE_ITO["yellow"]}
    layers = {k: v for k, v in promise_layers(d).items() if v.any()}
    top = max([float(d["promises_fen"].max()), float(d["platform_cash_fen"].max()),
               float(d["operator_total_fen"].max()), 0.0]) if len(d) else 0.0
    if _bands(result):
        top = max(top, _band_top(result, "promises_fen"), _band_top(result, "platform_cash_fen"))
    unit, unit_label = money_unit(top, lang)
    if layers:
        ax.stackplot(d["day"], *[v / unit for v in layers.values()],
                     labels=[t(lang, k) for k in layers], colors=[colours[k] for k in layers],
                     alpha=0.85, linewidth=0)
    banded = _band(ax, result, "promises_fen", OKABE_ITO["vermillion"], unit, hatch="xx")
    _band(ax, result, "platform_cash_fen", OKABE_ITO["green"], unit)
    ax.plot(d["day"], d["platform_cash_fen"] / unit, color=OKABE_ITO["green"], linewidth=2.6,
            label=t(lang, "cash_cash"))
    ax.plot(d["day"], d["operator_total_fen"] / unit, color=OKABE_ITO["black"], linewidth=1.8,
            linestyle=":", label=t(lang, "cash_operator"))
    ax.set_ylabel(unit_label)
    ax.yaxis.set_major_formatter(_thousands if unit == YUAN else _decimals)
    ax.set_title(t(lang, "f_cash"))
    _mark_events(ax, result, lang)
    last = ax
    if has_points:
        axp.plot(d["day"], d["dividend_points"], color=OKABE_ITO["blue"],
                 label=t(lang, "points_dividend"))
        axp.plot(d["day"], d["consumption_points"], color=OKABE_ITO["purple"], linestyle="--",
                 label=t(lang, "points_consumption"))
        axp.set_ylabel(t(lang, "points_axis"), fontsize=8.5)
        axp.yaxis.set_major_formatter(_thousands)
        _mark_events(axp, result, lang, labels=False)
        last = axp
    last.set_xlabel(t(lang, "day"))
    last.set_xlim(-1, shown_end(result) + 1)
    handles, labels = ax.get_legend_handles_labels()
    if has_points:
        more = axp.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    if banded:
        handles, labels = _with_band_legend(result, lang, handles, labels)
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=8.5)
    return fig


def who_lost(result, lang: str = "en") -> Figure:
    """Share of members behind, and the median result, by week of joining: against a shop, as
    the scheme tells it and in cash alone."""
    c, s = by_week(result.participants), result.summary
    fig = ReportFigure(figsize=(7.5, 5.6), layout="constrained")
    ax1, ax2 = fig.subplots(2, 1, sharex=True)
    for v, colour, ls, _ in SHOWN:
        ax1.plot(c["join_week"], c[f"share_losing_{v}"] * 100, color=colour, linestyle=ls,
                 marker="o", markersize=3, label=t(lang, f"v_{v}"))
        ax2.plot(c["join_week"], c[f"median_net_{v}_fen"] / YUAN, color=colour, linestyle=ls,
                 marker="o", markersize=3, label=t(lang, f"v_{v}"))
    ax1.set_ylabel(t(lang, "who_share"))
    ax1.set_ylim(-3, 103)
    ax1.set_title(t(lang, "f_who"))
    ax1.legend(loc="center right", fontsize=8.5)
    ax2.axhline(0, color="grey", linewidth=0.8)
    ax2.set_ylabel(t(lang, "who_median"))
    ax2.yaxis.set_major_formatter(_thousands)
    ax2.set_xlabel(t(lang, "who_week"))
    peak = s.get("recruitment_peak_day")
    if peak is not None:
        for ax in (ax1, ax2):
            ax.axvline(peak / 7, color="grey", linestyle="--", linewidth=1)
        ax1.annotate(t(lang, "who_peak"), xy=(peak / 7, 1), xycoords=("data", "axes fraction"),
                     xytext=(4, -13), textcoords="offset points", fontsize=8.5, color="grey")
    return fig


def by_place(result, lang: str = "en") -> Figure:
    """Share behind and median result by depth, size of downline, region (and identity):
    against a shop, as the scheme tells it and in cash alone."""
    tables = breakdowns(result)
    titles = {"depth": "bd_depth", "downline": "bd_downline", "region": "bd_region",
              "identity": "bd_identity"}
    fig = ReportFigure(figsize=(7.5, 2.5 * len(tables) + 0.6), layout="constrained")
    axes = fig.subplots(len(tables), 2, squeeze=False)
    width = 0.27
    for row, (name, tab) in enumerate(tables.items()):
        ax_share, ax_median = axes[row]
        x = np.arange(len(tab))
        ticks = [f"{g}\nn={m:,}" for g, m in zip(tab["group"], tab["members"])]
        for i, (v, colour, _, hatch) in enumerate(SHOWN):
            offset = (i - 1) * width
            ax_share.bar(x + offset, tab[f"share_losing_{v}"] * 100, width, color=colour,
                         hatch=hatch, edgecolor="white", linewidth=0.3, label=t(lang, f"v_{v}"))
            ax_median.bar(x + offset, tab[f"median_net_{v}_fen"] / YUAN, width, color=colour,
                          hatch=hatch, edgecolor="white", linewidth=0.3)
        for i, (v, *_rest) in enumerate(SHOWN):  # a bar of height 0 is still an answer
            for xi, share in zip(x, tab[f"share_losing_{v}"]):
                if share == 0:
                    ax_share.text(xi + (i - 1) * width, 1, "0", ha="center", va="bottom",
                                  fontsize=7, color=SHOWN[i][1])
        for ax in (ax_share, ax_median):
            ax.set_xticks(x, ticks, fontsize=7.5 if len(tab) <= 6 else 6.5)
            ax.set_xlabel(t(lang, titles[name]), fontsize=9)
        ax_share.set_ylim(0, 105)
        ax_share.set_ylabel(t(lang, "bd_share"), fontsize=9)
        ax_median.axhline(0, color="grey", linewidth=0.8)
        ax_median.set_ylabel(t(lang, "bd_median"), fontsize=9)
        ax_median.yaxis.set_major_formatter(_thousands)
        if name == "region" and empty_regions(result):  # a region without bars, said so
            ax_share.text(0.99, 0.97, t(lang, "bd_region_empty", regions=", ".join(
                empty_regions(result))), transform=ax_share.transAxes, ha="right", va="top",
                fontsize=7.5, color="#444444")
    fig.suptitle(t(lang, "f_breakdowns"), fontsize=12)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=8.5)
    return fig


def where_money_went(result, lang: str = "en") -> Figure:
    """The cash members put in, split by where it ended up; the gains, split by who made them
    (:func:`money_flow`). Kept for notebooks and scripts: the report's money figure is now
    :func:`money_identity`, where the money went against a shop."""
    f = money_flow(result)
    fig = ReportFigure(figsize=(7.5, 4.6), layout="constrained")
    axes = fig.subplots(2, 1)
    bars = (
        ("flow_in", f["paid_in"], (("flow_own", f["own"], "#BBBBBB", None),
                                   ("flow_to_ahead", f["ahead"], OKABE_ITO["blue"], None),
                                   ("flow_suppliers", f["suppliers"], OKABE_ITO["sky"], None),
                                   ("flow_operator", f["operator"], OKABE_ITO["black"], None),
                                   ("flow_cash", f["cash"], OKABE_ITO["green"], None))),
        ("flow_gains", f["ahead"], (("flow_early", f["ahead_early"], OKABE_ITO["blue"], "//"),
                                    ("flow_uplines", f["ahead_uplines"], OKABE_ITO["purple"], None),
                                    ("flow_others", f["ahead_others"], OKABE_ITO["yellow"], None))),
    )
    handles, labels = [], []
    for ax, (title, total, parts) in zip(axes, bars):
        unit, unit_label = money_unit(total, lang)
        left = 0.0
        for key, fen, colour, hatch in parts:
            if fen <= 0:
                continue
            width = fen / unit
            dark = colour in (OKABE_ITO["black"], OKABE_ITO["blue"], OKABE_ITO["green"])
            bar = ax.barh(0, width, left=left, color=colour, hatch=hatch,
                          edgecolor="white" if hatch else colour, linewidth=0.5, height=0.7)
            handles.append(bar)
            labels.append(t(lang, key))
            if total and fen / total >= 0.06:
                ax.text(left + width / 2, 0, i18n.pct(fen / total), ha="center", va="center",
                        fontsize=9, color="white" if dark else "black")
            left += width
        ax.set_yticks([0], [f"{t(lang, title)}\n({i18n.money(total, lang)})"], fontsize=9)
        ax.set_ylim(-0.6, 0.6)
        ax.set_xlim(0, max(left, 1e-9))
        ax.set_xlabel(unit_label, fontsize=9)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_formatter(_thousands if unit == YUAN else _decimals)
    axes[0].set_title(t(lang, "f_flow"))
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=8.5)
    return fig


def _wrap(text: str, lang: str) -> str:
    """A bar label on a few short lines."""
    import textwrap

    return "\n".join(textwrap.wrap(text, 7 if lang == "zh" else 16)) or text


def money_identity(result, lang: str = "en") -> Figure:
    """Where the money went against a shop, drawn to scale: the terms of
    ``summary["shop_identity"]`` as a waterfall (terms for the members up, terms against them
    down) ending in the members' total ``net_shop``; below it, when members are behind and the
    run has the split, what those behind lost split into its parts (:func:`loss_parts`)."""
    s = result.summary
    terms = identity_terms(s)
    net = int(s["shop_identity"]["net_shop_fen"])
    parts = loss_parts(s)
    if parts:
        fig = ReportFigure(figsize=(7.5, 6.6), layout="constrained")
        ax, axl = fig.subplots(2, 1, gridspec_kw={"height_ratios": [2.4, 1]})
    else:
        fig = ReportFigure(figsize=(7.5, 4.6), layout="constrained")
        ax = fig.subplots()
    running, levels = 0, [0, net]
    for _, v in terms:
        running += v
        levels.append(running)
    low, high = min(levels), max(levels)
    unit, unit_label = money_unit(float(max(-low, high)), lang)
    running = 0
    labels = []
    for i, (key, v) in enumerate(terms):
        colour = OKABE_ITO["green"] if v > 0 else OKABE_ITO["vermillion"]
        ax.bar(i, v / unit, bottom=running / unit, color=colour, width=0.62)
        ax.text(i, (running + v) / unit, i18n.money(v, lang), ha="center",
                va="bottom" if v > 0 else "top", fontsize=8)
        if i:
            ax.plot([i - 1.31, i - 0.31], [running / unit] * 2, color="#888888",
                    linewidth=0.8, linestyle=":")
        running += v
        labels.append(_wrap(t(lang, f"id_{key}") if f"id_{key}" in i18n.TEXTS[lang] else key,
                            lang))
    n = len(terms)
    ax.bar(n, net / unit, color=OKABE_ITO["black"] if net else "#888888", width=0.62)
    ax.text(n, net / unit, i18n.money(net, lang), ha="center", va="bottom" if net >= 0 else "top",
            fontsize=8.5)
    if n:
        ax.plot([n - 1.31, n - 0.31], [running / unit] * 2, color="#888888", linewidth=0.8,
                linestyle=":")
    labels.append(_wrap(t(lang, "id_net"), lang))
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xticks(np.arange(n + 1), labels, fontsize=8)
    ax.set_ylabel(unit_label)
    ax.set_xlabel(t(lang, "id_axis"), fontsize=8.5)
    ax.yaxis.set_major_formatter(_thousands if unit == YUAN else _decimals)
    pad = 0.14 * (high - low) or 1.0
    ax.set_ylim((low - pad) / unit, (high + pad) / unit)
    ax.set_title(t(lang, "f_identity"))
    if parts:
        lost = sum(parts.values())
        keys = [k for k in LOSS_PARTS if parts[k]]
        u, u_label = money_unit(float(max(abs(parts[k]) for k in keys)) if keys else 0.0, lang)
        y = np.arange(len(keys))[::-1]
        for yi, k in zip(y, keys):
            v = parts[k]
            axl.barh(yi, v / u, color=OKABE_ITO["vermillion"] if v > 0 else OKABE_ITO["green"],
                     height=0.6)
            axl.text(v / u, yi, " " + i18n.money(abs(v), lang) + " ", va="center",
                     ha="left" if v >= 0 else "right", fontsize=8)
        axl.set_yticks(y, [t(lang, f"lsb_{k}" + ("_neg" if parts[k] < 0 else "")) for k in keys],
                       fontsize=8.5)
        axl.axvline(0, color="#555555", linewidth=0.8)
        axl.set_xlabel(t(lang, "ls_axis", unit=u_label), fontsize=9)
        axl.xaxis.set_major_formatter(_thousands if u == YUAN else _decimals)
        ends = [0.0] + [parts[k] / u for k in keys]
        span = (max(ends) - min(ends)) or 1.0
        axl.set_xlim(min(ends) - 0.45 * span * (min(ends) < 0), max(ends) + 0.3 * span)
        axl.set_title(t(lang, "ls_title", lost=i18n.money(lost, lang)), fontsize=10)
    return fig


def distribution_bins(values: np.ndarray) -> np.ndarray:
    """The histogram's bins (yuan): about 80 over the 1st to 99th percentile of ``values``
    (widened to take in 0), centred on multiples of the bin width, so that 0 (a shop's
    customer's result) is the middle of one. Results outside them are not drawn:
    :func:`distribution_outside` counts them, and the figure says so."""
    lo, hi = np.percentile(values, [1, 99]) if len(values) else (0, 1)
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    step = (hi - lo) / 80 or 1.0
    return np.arange(np.floor(lo / step) - 0.5, np.ceil(hi / step) + 1.5) * step


def distribution_outside(values: np.ndarray) -> tuple[int, int]:
    """How many of ``values`` (yuan) lie below and above :func:`distribution_bins`' range."""
    bins = distribution_bins(values)
    return int((values < bins[0]).sum()), int((values > bins[-1]).sum())


def empty_regions(result) -> list[str]:
    """The regions of the scenario (``R1`` ... ``Rn``, ``recruitment.regions``) where nobody
    joined: the by-place figure has no bar for them, and says so."""
    present = set(result.participants["region"].astype(str).unique())
    n = int(result.scenario.recruitment.regions)
    return [f"R{i}" for i in range(1, n + 1) if f"R{i}" not in present]


def net_distribution(result, lang: str = "en") -> Figure:
    """How members' results against a shop are spread, early joiners against late ones."""
    p = result.participants
    fig = ReportFigure(figsize=(7.5, 3.8), layout="constrained")
    ax = fig.subplots()
    late = (p["id"] >= len(p) // 2).to_numpy()
    values = (p["net_shop_fen"] / YUAN).to_numpy()
    bins = distribution_bins(values)
    ax.hist(values[~late], bins=bins, color=OKABE_ITO["blue"], alpha=0.35,
            histtype="stepfilled", label=t(lang, "dist_first"))
    ax.hist(values[late], bins=bins, color=OKABE_ITO["vermillion"], linewidth=2,
            histtype="step", label=t(lang, "dist_later"))
    ax.set_xlim(bins[0], bins[-1])
    ax.axvline(0, color="black", linewidth=1)
    below, above = distribution_outside(values)
    ax.set_xlabel(t(lang, "dist_x_clipped", below=f"{below:,}", above=f"{above:,}")
                  if below or above else t(lang, "dist_x"))
    ax.set_ylabel(t(lang, "dist_y"))
    ax.xaxis.set_major_formatter(_thousands)
    ax.set_title(t(lang, "f_dist"))
    ax.legend()
    return fig


#: The report's figures in page order: name -> function(result, lang).
FIGURES = {
    "told_vs_shop": told_vs_shop,
    "growth": growth,
    "cash_vs_promises": cash_vs_promises,
    "who_lost": who_lost,
    "by_place": by_place,
    "money_flow": money_identity,
    "net_distribution": net_distribution,
}


def render_pngs(result, lang: str = "en") -> dict[str, bytes]:
    """Every figure as PNG bytes: the same run gives the same bytes (no date or software
    stamp in the file)."""
    return render_figures(result, lang)["png"]


#: The formats ``pingou run --figures`` writes: PNG (also embedded in the report), SVG (vector,
#: text drawn as paths so that Chinese needs no font where the file is opened), or both.
FIGURE_FORMATS = {"png": ("png",), "svg": ("svg",), "both": ("png", "svg")}


def render_figures(result, lang: str = "en", formats=("png",)) -> dict[str, dict[str, bytes]]:
    """Every figure in each of ``formats`` ("png", "svg"): ``{format: {name: bytes}}``, each
    figure drawn once. The same run gives the same bytes: no date or software stamp, and the
    SVG's element ids come from a fixed salt."""
    out = {fmt: {} for fmt in formats}
    style = dict(i18n.figure_style(lang), **{"svg.hashsalt": "pingou-sim", "svg.fonttype": "path"})
    with matplotlib.rc_context(style):
        for name, make in FIGURES.items():
            fig = make(result, lang)
            for fmt in formats:
                buf = io.BytesIO()
                meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
                fig.savefig(buf, format=fmt, dpi=DPI, metadata=meta)
                out[fmt][name] = buf.getvalue()
    return out
