"""A sample of the recruitment tree, drawn for the dashboard (issue 15).

Who recruited whom is a forest: each member hangs under their upline (the member whose
invitation brought them in), each founder is a root. The dashboard draws a sample of it:

* **The sample** (:func:`sample`) is the first ``cap`` members in joining order (at most
  :data:`TREE_CAP`). Member ids are given in joining order and a recruiter has always joined
  before their recruit, so every drawn member's upline is drawn too, or the member is a founder:
  the sample is a tree (a forest of the founders' trees) with nothing cut off above. It needs no
  random draw, so the same run always shows the same members, and once ``cap`` members have
  joined only their colours change from day to day. It is the top of the pyramid, the members
  who joined first; the caption says how many joined in all, and the status line above the
  charts counts everyone.
* **The layout** (:func:`layout`) is layered: a member one level below their upline, the
  founders on top. Along the width, the members who recruited nobody (the leaves) are evenly
  spaced in depth-first order (each member's recruits in joining order), one empty place
  between two founders' trees, and every recruiter is centred over the first and last of their
  recruits, so no two lines cross.
* **The colours** are each member's ``net_shop`` (MODEL.md §6) on the day drawn: behind against
  a shop (red: worse off than if they had bought the same goods in a shop), ahead (green) or
  even (grey), from :func:`sim.engine.valuation.values`, the definition of ``daily.csv`` and
  ``participants.csv``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.engine import valuation
from sim.outputs.plots import OKABE_ITO

#: The most members drawn: enough to show the shape, few enough to see each one.
TREE_CAP = 300

#: The colour of each side of the shop measure: -1 behind, 0 even, +1 ahead.
COLOURS = {-1: OKABE_ITO["vermillion"], 0: "#999999", 1: OKABE_ITO["green"]}

#: What each colour means, in the legend.
MEANINGS = {-1: "behind against a shop: worse off than buying the same goods in a shop",
            1: "ahead against a shop",
            0: "even: nothing gained or lost against a shop"}


_RGBA = np.array([to_rgba(COLOURS[k]) for k in (-1, 0, 1)])


class TreeSample(NamedTuple):
    """The drawn members, in joining order, with their places in the drawing."""

    ids: np.ndarray  # member ids (int64), in joining order
    parent: np.ndarray  # index into ids of each one's upline; -1 for a root (a founder)
    net_shop: np.ndarray  # fen, against a shop (MODEL.md §6), on the day drawn
    x: np.ndarray  # place along the width (float)
    level: np.ndarray  # levels below the root (int)
    members: int  # members so far, drawn or not

    @property
    def side(self) -> np.ndarray:
        """-1 behind, 0 even, +1 ahead against a shop, one per drawn member."""
        return np.sign(self.net_shop).astype(np.int8)

    @property
    def roots(self) -> np.ndarray:
        """Indexes (into ids) of the roots: the founders drawn."""
        return np.flatnonzero(self.parent < 0)

    def drawing_key(self) -> tuple:
        """Everything :func:`tree_figure` draws (the layout follows from ``parent``): two
        samples with equal keys give the same picture."""
        return (len(self.ids), self.members, self.parent.tobytes(), self.side.tobytes())

    def counts(self) -> dict[int, int]:
        """How many drawn members are behind (-1), even (0) and ahead (+1)."""
        side = self.side
        return {k: int(np.count_nonzero(side == k)) for k in (-1, 0, 1)}


def sample(model, cap: int = TREE_CAP) -> TreeSample:
    """The first ``cap`` members by joining order, their uplines, their ``net_shop`` on the
    model's last day and their places in the drawing (:func:`layout`)."""
    if cap < 1:
        raise ValueError(f"cap = {cap}: must be at least 1")
    m = model.members
    n = min(int(m.count), int(cap))
    ids = np.arange(n, dtype=np.int64)
    upline = m.upline[:n].astype(np.int64)
    # a recruiter joined before their recruit: the upline of a drawn member is drawn
    if np.any(upline >= ids):
        raise RuntimeError("an upline joined after their recruit: the sample is not a tree")
    parent = np.where(upline >= 0, upline, -1)
    net_shop = valuation.values(model).net_shop[:n].copy() if n else np.zeros(0, np.int64)
    x, level = layout(parent)
    return TreeSample(ids=ids, parent=parent, net_shop=net_shop, x=x, level=level,
                      members=int(m.count))


def layout(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A layered tree layout of the forest ``parent`` (each node's parent index, -1 for a
    root): ``(x, level)``. ``level`` is the number of steps up to the node's root. The leaves
    take the places 0, 1, 2, ... in depth-first order (children in index order, roots in index
    order, one empty place between two roots' trees); a node with children sits halfway between
    its first and last child."""
    parent = np.asarray(parent, dtype=np.int64)
    n = len(parent)
    children: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(parent.tolist()):
        if p >= 0:
            if p >= n or p == i:
                raise ValueError(f"node {i}: parent {p} is not another node")
            children[p].append(i)
    roots = [i for i in range(n) if parent[i] < 0]
    order: list[int] = []  # depth-first, each node before its children
    level = np.zeros(n, dtype=np.int64)
    x = np.zeros(n, dtype=float)
    place = 0
    for r, root in enumerate(roots):
        if r:
            place += 1  # an empty place between two trees
        stack = [root]
        while stack:
            v = stack.pop()
            order.append(v)
            if children[v]:
                for c in children[v]:
                    level[c] = level[v] + 1
                stack.extend(reversed(children[v]))
            else:
                x[v] = place
                place += 1
    if len(order) != n:
        raise ValueError("parent has a cycle: not a forest")
    for v in reversed(order):  # children before their parent
        kids = children[v]
        if kids:
            x[v] = (x[kids[0]] + x[kids[-1]]) / 2
    return x, level


def caption(tree: TreeSample, day: int | None) -> str:
    """What the drawing shows, with the counts of its own members (Markdown)."""
    n = len(tree.ids)
    if n == 0:
        return "No members yet: press *Step* or *Play*."
    c = tree.counts()
    when = "before the first day" if day is None else f"on day {day}"
    which = (f"all {n:,} members so far" if n == tree.members else
             f"the first {n:,} members to join, of {tree.members:,} so far")
    roots = len(tree.roots)
    return (f"**Who recruited whom: {which}**, each one level below their upline, "
            f"the {roots:,} founder{'s' if roots != 1 else ''} (diamonds) on top. "
            f"Against a shop {when}, {c[-1]:,} of them are behind (red: worse off than if "
            f"they had bought the same goods in a shop), {c[1]:,} ahead (green) and "
            f"{c[0]:,} even (grey).")


def tree_figure(tree: TreeSample) -> Figure:
    """The drawing of ``tree``: one line from each member up to their upline, one dot per
    member coloured by :attr:`TreeSample.side`, the founders as diamonds, a few levels numbered
    on the left and a legend of the colours. The dots are one collection in the order of
    ``tree.ids`` (``gid`` 'members'), the founders a second (``gid`` 'founders'). The day is not
    drawn (the caption says it): the same members with the same sides give the same picture,
    which the dashboard then does not redraw."""
    # Drawn for speed, as the dashboard redraws it every step: fixed margins (a layout engine
    # measures every label on each redraw), no axis machinery (its ticks are objects of their
    # own), few texts (each one is typeset anew on every drawing).
    fig = Figure(figsize=(9.0, 4.2))
    fig.subplots_adjust(left=0.065, right=0.99, top=0.92, bottom=0.16)
    ax = fig.add_subplot()
    ax.set_axis_off()
    n = len(tree.ids)
    which = (f"all {n:,} members so far" if n == tree.members else
             f"the first {n:,} members to join, of {tree.members:,} so far")
    fig.text(0.5, 0.975, f"Who recruited whom: {which}", fontsize=11, ha="center", va="top")
    if n == 0:
        ax.text(0.5, 0.5, "no members yet: press Step or Play", transform=ax.transAxes,
                ha="center", va="center", fontsize=9, color="#666666")
        return fig
    y = -tree.level.astype(float)
    kids = np.flatnonzero(tree.parent >= 0)
    ups = tree.parent[kids]
    segments = np.stack([np.column_stack([tree.x[ups], y[ups]]),
                         np.column_stack([tree.x[kids], y[kids]])], axis=1)
    ax.add_collection(LineCollection(segments, colors="#c8c8c8", linewidths=0.6, zorder=1))
    # RGBA rows looked up by side (matplotlib parses a list of colour names one by one)
    colours = _RGBA[tree.side + 1]
    size = 16 if n <= 120 else 9
    ax.scatter(tree.x, y, s=size, c=colours, linewidths=0, zorder=2, gid="members")
    roots = tree.roots
    ax.scatter(tree.x[roots], y[roots], s=70, marker="D", c=colours[roots], edgecolors="black",
               linewidths=0.8, zorder=3, gid="founders")
    top = int(tree.level.max())
    ax.set_ylim(-top - 0.6, 0.6)
    ax.set_xlim(tree.x.min() - 1, tree.x.max() + 1)
    levels = ax.get_yaxis_transform()  # x in axes fraction, y in data
    for lv in sorted({0, top // 2, top}):
        ax.text(-0.008, -lv, f"level {lv}", transform=levels, ha="right", va="center",
                fontsize=8, color="#444444")
    handles = [Line2D([], [], linestyle="", marker="o", markersize=6, markeredgewidth=0,
                      color=COLOURS[k], label=MEANINGS[k]) for k in (-1, 1, 0)]
    handles.append(Line2D([], [], linestyle="", marker="D", markersize=6, color="white",
                          markeredgecolor="black", label="founder (level 0: no upline)"))
    fig.legend(handles=handles, fontsize=8, loc="lower center", ncols=2, frameon=False,
               borderaxespad=0.2)
    return fig
