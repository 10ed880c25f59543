"""Who lost by contacts (issue 15): the shop measure broken down by each member's number of
contacts and by contacts still outside on the day they joined, checked by hand on a small
table and, on a run over a network, against a second computation with explicit bin edges."""

import numpy as np
import pandas as pd
import pytest

import sim
from sim.analysis.who_lost import CONTACT_COLUMNS, contact_bins, contacts_table


def test_bins_are_zero_one_then_doublings():
    low, high = contact_bins(np.array([0, 1, 2, 3, 4, 7, 8, 15, 16, 1000]))
    assert low.tolist() == [0, 1, 2, 2, 4, 4, 8, 8, 16, 512]
    assert high.tolist() == [0, 1, 3, 3, 7, 7, 15, 15, 31, 1023]


def test_a_small_table_by_hand():
    parts = pd.DataFrame({
        "contacts": [3, 2, 9, 0],
        "contacts_outside_at_join": [0, 1, 1, 0],
        "net_shop_fen": [-100, -300, 50, 0],
        "net_told_fen": [10, -5, 60, 0],
        "downline_size": [2, 0, 5, 0],
    })
    t = contacts_table(parts).set_index(["by", "bin"])
    two = t.loc[("contacts", "2-3")]  # members 0 and 1: both behind
    assert (two.members, two.share_losing_shop, two.share_losing_told) == (2, 1.0, 0.5)
    assert (two.median_net_shop_fen, two.lost_shop_fen, two.gained_shop_fen) == (-200, 400, 0)
    assert two.mean_downline == 1.0
    nine = t.loc[("contacts", "8-15")]
    assert (nine.members, nine.share_losing_shop, nine.median_net_shop_fen,
            nine.gained_shop_fen) == (1, 0.0, 0, 50)
    assert t.loc[("contacts", "0")].members == 1  # even: neither behind nor ahead
    zero = t.loc[("contacts_outside_at_join", "0")]  # members 0 and 3
    assert (zero.members, zero.share_losing_shop, zero.median_net_shop_all_fen) == (2, 0.5, -50)
    one = t.loc[("contacts_outside_at_join", "1")]  # members 1 and 2
    assert (one.lost_shop_fen, one.gained_shop_fen, one.median_net_shop_all_fen) == (300, 50,
                                                                                     -125)
    assert list(contacts_table(parts, well_mixed=True).columns) == list(CONTACT_COLUMNS)
    assert contacts_table(parts, well_mixed=True).empty


@pytest.fixture(scope="module")
def scale_free():
    return sim.run(sim.load("quanmin-pingou", ["network.kind=scale-free"], participants=3000,
                            days=160))


def test_a_network_run_against_explicit_edges(scale_free):
    parts = scale_free.participants
    table = contacts_table(parts)
    edges = np.array([0, 1, 2] + [2 ** k for k in range(2, 40)])
    for by in ("contacts", "contacts_outside_at_join"):
        mine = table[table.by == by].reset_index(drop=True)
        which = np.searchsorted(edges, parts[by].to_numpy(), side="right") - 1
        expect = []
        for i in np.unique(which):
            net = parts["net_shop_fen"].to_numpy()[which == i]
            expect.append((int(edges[i]), int(edges[i + 1]) - 1, net.size,
                           float(np.mean(net < 0)), -int(net[net < 0].sum()),
                           int(net[net > 0].sum())))
        got = list(zip(mine.low, mine.high, mine.members, mine.share_losing_shop,
                       mine.lost_shop_fen, mine.gained_shop_fen))
        assert [g[:3] for g in got] == [e[:3] for e in expect]
        assert [g[4:] for g in got] == [e[4:] for e in expect]
        assert np.allclose([g[3] for g in got], [e[3] for e in expect], atol=1e-6)
        # every member is in exactly one bin, and the bins' losses add up to the run's
        assert mine.members.sum() == len(parts)
        assert mine.lost_shop_fen.sum() == scale_free.summary["lost_shop_fen"]


def test_the_report_compares_the_most_and_the_fewest_contacts(scale_free):
    """The report's sentence on contacts: the tenth with the most contacts against the half
    with the fewest, shares and medians recomputed here, the direction word as they go, in
    both languages; no such sentence well mixed (everyone knows everyone)."""
    from sim.outputs import report

    parts = scale_free.participants
    k = parts["contacts"].to_numpy()
    net = parts["net_shop_fen"].to_numpy()
    hub_min, few_max = int(np.ceil(np.quantile(k, 0.9))), int(np.floor(np.median(k)))
    hub, few = net[k >= hub_min], net[k <= few_max]
    a, b = (hub < 0).mean(), (few < 0).mean()
    text = report.contacts_comparison(parts, "en")
    assert f"({hub_min} or more: {hub.size:,} people)" in text
    assert f"({few_max} or fewer: " in text and f" of {few.size:,})" in text
    word = "more than" if a > b + 0.01 else "fewer than" if a < b - 0.01 else "about the same"
    assert word in text, text
    assert f"{a * 100:.1f}%" in text and f"{b * 100:.1f}%" in text
    median_word = "better" if np.median(hub) > np.median(few) else "worse"
    assert median_word in text
    zh = report.contacts_comparison(parts, "zh")
    assert f"{hub_min}人及以上" in zh and ("多于" if word == "more than" else
                                          "少于" if word == "fewer than" else "大致相同") in zh
    # swapped figures: the sentence turns round
    flipped = parts.assign(net_shop_fen=-parts["net_shop_fen"] - 1)
    other = report.contacts_comparison(flipped, "en")
    assert ("fewer than" in other) == (word == "more than")
    well = sim.run(sim.load("quanmin-pingou", ['network.kind="well-mixed"'], participants=1000,
                            days=60))
    assert report.contacts_comparison(well.participants, "en") is None
    assert all("contacts" not in s for s in report.comparisons(well.summary, "en",
                                                              well.participants))
