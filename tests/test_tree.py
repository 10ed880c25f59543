"""The sample of the recruitment tree the dashboard draws (:mod:`sim.outputs.tree`, issue 15).

The layout is checked on a forest worked out by hand and, for its promises (each member one
level below their upline, no two at one place, no crossing lines), on random forests; the sample
of a real run against the participants table: a tree whose every member's upline is drawn or who
is a founder drawn as a root, never more than the cap, the earliest joiners, and each dot's
colour the sign of the member's shop measure recomputed from the table's parts.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from matplotlib.colors import to_rgba

from sim import app
from sim.analysis.who_lost import participants_table
from sim.outputs import tree


def test_layout_of_a_forest_by_hand():
    """Founder 0 recruited 1 and 2; 1 recruited 3 and 4; 2 recruited 5; 6 is a second founder.
    The leaves in depth-first order are 3, 4, 5, then (after one empty place) 6: places 0, 1, 2
    and 4. Member 1 sits halfway between 3 and 4 (0.5), member 2 over its one recruit 5 (2),
    founder 0 halfway between 1 and 2 (1.25)."""
    x, level = tree.layout(np.array([-1, 0, 0, 1, 1, 2, -1]))
    assert x.tolist() == [1.25, 0.5, 2.0, 0.0, 1.0, 2.0, 4.0]
    assert level.tolist() == [0, 1, 1, 2, 2, 2, 0]


def test_layout_rejects_what_is_not_a_forest():
    with pytest.raises(ValueError):
        tree.layout(np.array([1, 0]))  # a cycle: no root
    with pytest.raises(ValueError):
        tree.layout(np.array([-1, 5]))  # a parent that is not there


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_layout_is_a_layered_tree_without_crossings(seed):
    rng = np.random.default_rng(seed)
    n = 400
    # each node's parent is an earlier node (or none, 3% of them): a recruitment forest
    parent = np.array([-1] + [int(rng.integers(0, i)) if rng.random() > 0.03 else -1
                              for i in range(1, n)])
    x, level = tree.layout(parent)
    kids = np.flatnonzero(parent >= 0)
    assert (level[kids] == level[parent[kids]] + 1).all()
    assert (level[parent < 0] == 0).all()
    assert len(set(zip(x.tolist(), level.tolist()))) == n  # no two members at one place
    for p in np.unique(parent[kids]):  # each recruiter over the span of their recruits
        xs = x[parent == p]
        assert xs.min() <= x[p] <= xs.max()
    # no crossing: on every level, the order of the members is the order of their uplines
    for lv in range(1, int(level.max()) + 1):
        on = np.flatnonzero(level == lv)
        by_x = on[np.argsort(x[on])]
        assert (np.diff(x[parent[by_x]]) >= 0).all(), lv


@pytest.fixture(scope="module")
def snapshots():
    """A run on a clustered network that grows past the cap: on the last day with fewer
    members than the cap, the first day with more, and the last day (119), the tree sample,
    the participants table of that day, the drawing and the caption."""
    m = app.DashboardModel(network_kind="clustered", conversion=0.5, stall_day=80,
                           participants=3000, days=120, seed=2)

    def take(day):
        sample = tree.sample(m)
        return (sample, participants_table(m), tree.tree_figure(sample),
                tree.caption(sample, day))

    taken, below = {}, None
    for day in range(120):
        m.step()
        if m.members.count < tree.TREE_CAP:
            below = (day, take(day))  # the latest day below the cap so far
        elif m.members.count > tree.TREE_CAP and below is not None and not taken:
            taken[below[0]] = below[1]
            taken[day] = take(day)  # the first day past it
        if day == 119:
            taken[day] = take(day)
    assert len(taken) == 3, "the run did not grow past the cap"
    return taken


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def _collection(fig, gid):
    [found] = [c for c in fig.axes[0].collections if c.get_gid() == gid]
    return found


def test_sample_is_a_capped_tree_of_the_first_joiners(snapshots):
    for day, (sample, table, fig, _) in snapshots.items():
        members = len(table)
        drawn = sample.ids
        assert len(drawn) == min(members, tree.TREE_CAP), day
        assert sample.members == members
        # the earliest joiners: nobody left out joined before anybody drawn
        join = table["join_day"].to_numpy()
        if members > len(drawn):
            left_out = np.setdiff1d(table["id"].to_numpy(), drawn)
            assert join[left_out].min() >= join[drawn].max(), day
        # every drawn member's upline (from the table) is drawn, or the member is a root
        upline = table.set_index("id")["upline"]
        ids = set(drawn.tolist())
        for i, p in zip(drawn.tolist(), sample.parent.tolist()):
            if pd_isna(upline[i]):
                assert p == -1, (day, i)
            else:
                assert int(upline[i]) in ids and drawn[p] == int(upline[i]), (day, i)
        # the roots are the founders, each drawn as a diamond at the top
        founders = table.loc[table["upline"].isna(), "id"].to_numpy()
        assert drawn[sample.roots].tolist() == [f for f in founders if f in ids]
        diamonds = _collection(fig, "founders").get_offsets()
        assert sorted(map(tuple, np.asarray(diamonds).tolist())) == sorted(
            (float(sample.x[r]), 0.0) for r in sample.roots)
    first, second, _ = sorted(snapshots)
    assert len(snapshots[first][0].ids) < tree.TREE_CAP < len(snapshots[second][1])


def test_a_smaller_cap_holds():
    m = app.DashboardModel(participants=2000, days=60, conversion=0.4)
    for _ in range(40):
        m.step()
    assert m.members.count > 50
    small = tree.sample(m, cap=50)
    assert small.ids.tolist() == list(range(50))
    assert (small.parent < np.arange(50)).all()


def test_colours_and_caption_follow_the_shop_measure(snapshots):
    """Each dot's colour is the sign of the member's net against a shop, recomputed from the
    participants table as net cash + goods at market price + what can be walked away with; the
    caption's counts are those of the drawn members."""
    expected = {-1: to_rgba(tree.COLOURS[-1]), 0: to_rgba(tree.COLOURS[0]),
                1: to_rgba(tree.COLOURS[1])}
    assert expected[-1] != expected[0] != expected[1] != expected[-1]
    seen = set()
    for day, (sample, table, fig, text) in snapshots.items():
        t = table.set_index("id").loc[sample.ids]
        shop = (t["net_cash_fen"] + t["goods_market_fen"] + t["walk_away_fen"]).to_numpy()
        sign = np.sign(shop)
        dots = _collection(fig, "members")
        assert len(dots.get_offsets()) == len(sample.ids)
        colours = [tuple(c) for c in dots.get_facecolors().tolist()]
        assert colours == [expected[int(s)] for s in sign], day
        behind, ahead, even = (int((sign == k).sum()) for k in (-1, 1, 0))
        seen |= {k for k, c in ((-1, behind), (1, ahead), (0, even)) if c}
        said = re.search(r"on day (\d+), ([\d,]+) of them are behind .* ([\d,]+) ahead .* "
                         r"([\d,]+) even", text)
        assert said and int(said.group(1)) == day
        assert [int(g.replace(",", "")) for g in said.groups()[1:]] == [behind, ahead, even]
        drawn = len(sample.ids)
        assert (f"the first {drawn:,} members to join, of {len(table):,} so far" in text
                if drawn < len(table) else f"all {drawn:,} members so far" in text)
        # the legend says what each colour means
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        assert any(s.startswith("behind against a shop") for s in legend)
        assert any(s.startswith("ahead") for s in legend) and any(
            s.startswith("even") for s in legend)
    assert seen == {-1, 0, 1}  # every colour is exercised


def test_drawing_changes_as_the_model_steps(snapshots):
    pngs = []
    for _, (_, _, fig, _) in sorted(snapshots.items()):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=60)
        pngs.append(buf.getvalue())
    assert len(set(pngs)) == len(pngs)


def test_drawing_key_changes_exactly_when_the_picture_does(snapshots):
    """The dashboard redraws only when the key changes: it must change with a side, a member
    drawn or a member joined, and two samples with one key must draw the same picture."""
    sample = snapshots[119][0]
    flipped = sample.net_shop.copy()
    flipped[7] = -flipped[7] if flipped[7] else 1
    assert sample._replace(net_shop=flipped).drawing_key() != sample.drawing_key()
    # a different amount of the same sign: the same picture, the same key
    same_side = sample.net_shop * 2
    twin = sample._replace(net_shop=same_side)
    assert twin.drawing_key() == sample.drawing_key()

    def png(s):
        buf = io.BytesIO()
        tree.tree_figure(s).savefig(buf, format="png", dpi=40)
        return buf.getvalue()

    assert png(twin) == png(sample)
    assert sample._replace(members=sample.members + 1).drawing_key() != sample.drawing_key()
    moved = sample.parent.copy()
    moved[-1] = moved[-1] - 1 if moved[-1] > 0 else 1  # another upline for the last one
    assert sample._replace(parent=moved).drawing_key() != sample.drawing_key()


def test_before_anyone_joined():
    class Empty:
        class members:
            count = 0
            upline = np.zeros(0, dtype=np.int32)

    sample = tree.sample(Empty())
    assert len(sample.ids) == 0
    assert "No members yet" in tree.caption(sample, None)
    fig = tree.tree_figure(sample)
    assert any("no members yet" in t.get_text() for t in fig.axes[0].texts)
