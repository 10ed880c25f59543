"""The report's figures (matplotlib, colour-blind-safe Okabe-Ito palette).

Each function takes a :class:`sim.api.Result` and returns a matplotlib Figure; nothing here
computes a number the tables do not already hold.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000"}

YUAN = 100.0


def _mark_events(ax, summary: dict) -> None:
    events = []
    if summary.get("stall_day") is not None:
        events.append((summary["stall_day"], "stall", OKABE_ITO["orange"]))
    if summary.get("collapse_day") is not None:
        events.append((summary["collapse_day"], "payouts frozen", OKABE_ITO["vermillion"]))
    elif summary.get("activity_end_day") is not None:
        events.append((summary["activity_end_day"], "activity < 1/10 of peak", OKABE_ITO["vermillion"]))
    for day, label, colour in events:
        ax.axvline(day, color=colour, linestyle="--", linewidth=1.2)
        ax.annotate(label, xy=(day, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                    textcoords="offset points", color=colour, fontsize=8)


def timeline(result) -> plt.Figure:
    """Members joining and playing; the platform's cash against its promises."""
    d, s = result.daily, result.summary
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6.4), sharex=True, constrained_layout=True)
    ax1.plot(d["day"], d["members"], color=OKABE_ITO["blue"], label="members so far")
    ax1.plot(d["day"], d["active_members"], color=OKABE_ITO["green"], label="members who played that day")
    ax1b = ax1.twinx()
    ax1b.bar(d["day"], d["new_members"], color=OKABE_ITO["sky"], alpha=0.5, width=1.0,
             label="new members that day")
    ax1b.set_ylabel("new members per day")
    ax1.set_ylabel("members")
    ax1.set_title("Growth, stall and collapse")
    lines = ax1.get_legend_handles_labels()
    bars = ax1b.get_legend_handles_labels()
    ax1.legend(lines[0] + bars[0], lines[1] + bars[1], loc="center right", fontsize=8)
    _mark_events(ax1, s)

    ax2.plot(d["day"], d["platform_cash_fen"] / YUAN, color=OKABE_ITO["green"], linewidth=2,
             label="platform's cash")
    ax2.plot(d["day"], d["operator_total_fen"] / YUAN, color=OKABE_ITO["black"],
             label="taken by the operator (cumulative)")
    ax2.plot(d["day"], d["shopping_gold_fen"] / YUAN, color=OKABE_ITO["vermillion"],
             label="promised: shopping gold")
    ax2.plot(d["day"], (d["wallets_fen"] + d["withdraw_waiting_fen"]) / YUAN,
             color=OKABE_ITO["purple"], label="promised: wallets and waiting withdrawals")
    ax2.set_ylabel("yuan")
    ax2.set_xlabel("day")
    ax2.set_title("The platform's cash against its promises")
    ax2.legend(fontsize=8, loc="upper left")
    ax2.ticklabel_format(axis="y", style="plain")
    ax2.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    _mark_events(ax2, s)
    return fig


def who_lost(result) -> plt.Figure:
    """Share of members losing money, and the median result, by week of joining."""
    c, s = result.cohorts, result.summary
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(8, 6.4), sharex=True, constrained_layout=True)
    styles = (("cash", "cash only (products worth nothing)", OKABE_ITO["vermillion"], "-"),
              ("cost", "products at their cost", OKABE_ITO["orange"], "--"),
              ("sticker", "products at full sticker price (the seller's claim)", OKABE_ITO["blue"], ":"))
    for v, label, colour, ls in styles:
        ax1.plot(c["join_week"], c[f"share_losing_{v}"] * 100, color=colour, linestyle=ls,
                 marker="o", markersize=3, label=label)
        ax2.plot(c["join_week"], c[f"median_net_{v}_fen"] / YUAN, color=colour, linestyle=ls,
                 marker="o", markersize=3, label=label)
    ax1.set_ylabel("% of the week's joiners losing money")
    ax1.set_ylim(-3, 103)
    ax1.set_title("Who lost money, by week of joining")
    ax1.legend(fontsize=8, loc="lower right")
    ax2.axhline(0, color="grey", linewidth=0.8)
    ax2.set_ylabel("median result per member, yuan")
    ax2.set_xlabel("week of joining")
    for ax in (ax1, ax2):
        if s.get("recruitment_peak_day") is not None:
            ax.axvline(s["recruitment_peak_day"] / 7, color="grey", linestyle="--", linewidth=1)
    ax1.annotate("recruitment peak", xy=(s["recruitment_peak_day"] / 7, 1),
                 xycoords=("data", "axes fraction"), xytext=(3, -12), textcoords="offset points",
                 fontsize=8, color="grey")
    return fig


def net_distribution(result) -> plt.Figure:
    """How members' cash results are spread, early joiners against late ones."""
    p, s = result.participants, result.summary
    fig, ax = plt.subplots(figsize=(8, 3.6), constrained_layout=True)
    late = p["id"] >= len(p) // 2
    values = p["net_cash_fen"] / YUAN
    lo, hi = np.percentile(values, [1, 99]) if len(values) else (0, 1)
    bins = np.linspace(min(lo, 0), max(hi, 0) + 1, 60)
    ax.hist(values[~late], bins=bins, color=OKABE_ITO["blue"], alpha=0.6,
            label="the first half to join")
    ax.hist(values[late], bins=bins, color=OKABE_ITO["vermillion"], alpha=0.6,
            label="the later half to join")
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("cash got back minus cash put in, yuan (1st to 99th percentile)")
    ax.set_ylabel("members")
    ax.set_title("Members' cash results")
    ax.legend(fontsize=8)
    return fig


FIGURES = {"timeline": timeline, "who_lost": who_lost, "net_distribution": net_distribution}
