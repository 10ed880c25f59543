"""The robustness analysis finds what matters: a rule that decides who loses versus a setting
that barely touches anything; and its headline is the shop measure, not cash."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import qmc

from sim.experiments.robustness import HEADLINE, analyse, headline_robustness
from sim.outputs.i18n import pct


def test_sensitivity_ranks_a_decisive_rule_above_an_idle_setting():
    # winners per group from 0 to 10: with 0 winners nobody ever pays for a product, so nobody
    # can lose cash; with 10 every seat is a purchase. A tiny trust gain on paid withdrawals
    # changes next to nothing.
    result = headline_robustness(
        "quanmin-pingou", n=40, seeds=1, participants=300, days=60, workers=0,
        ranges={"draw.winners": (0.0, 10.0), "behaviour.trust_paid_gain": (0.0, 0.001)})
    sens = result.sensitivity.set_index("parameter")
    for label in ("S1_everyone_losing", "S1_later_half_losing", "S1_everyone_losing_cash"):
        s = sens[label]
        assert s["draw.winners"] > 0.5, label
        assert s["draw.winners"] > s["behaviour.trust_paid_gain"] + 0.3, label
    assert result.sensitivity["parameter"][0] == "draw.winners"  # ranked on the headline
    # and the headline cannot hold everywhere: with 0 winners a member can only lose a stake
    # still queued when the platform stops, so far fewer lose than where 3 or more win
    zero = result.points[result.points["draw.winners"] == 0]
    many = result.points[result.points["draw.winners"] >= 3]
    assert len(zero) > 0 and len(many) > 0
    for measure in ("shop", "cash"):
        assert zero[f"share_losing_{measure}"].max() < many[f"share_losing_{measure}"].min()
        assert not zero[f"last_half_share_losing_{measure}"].gt(0.5).any()
    assert result.holds_share < 1
    assert result.holds_share == result.points["headline_holds"].mean()


def test_the_fair_shop_control_never_carries_the_headline_though_its_customers_lose_cash():
    """An honest shop: its customers all pay for what they buy (they "lose" in cash), and none
    is behind against a shop. The headline follows the shop column: it holds nowhere, while the
    cash reading would hold everywhere."""
    result = headline_robustness(
        "fair-shop", n=12, seeds=1, participants=300, days=60, workers=0,
        ranges={"behaviour.seats_per_day": (0.3, 1.0),
                "behaviour.budget_median_yuan": (2_000.0, 20_000.0)})
    p = result.points
    assert (p["last_half_share_losing_shop"] == 0).all() and (p["lost_shop_fen"] == 0).all()
    assert (p["last_half_share_losing_cash"] > 0.5).all()
    assert not p["headline_holds"].any() and p["headline_holds_cash"].all()
    assert result.holds_share == 0 and result.holds_share_cash == 1
    assert (result.sensitivity["S1_later_half_losing"] == 0).all()  # a constant depends on nothing
    text = result.reading()
    assert "holds at 0 of 12 sampled points (0%)" in text
    assert "is 0% at every point" in text
    assert "it would hold at 12 of 12 points: 12 more than against a shop" in text


def _table(shop_of, cash_of, n=32, seed=3) -> pd.DataFrame:
    """A sweep table by hand: ``n`` Latin-hypercube points of two parameters ``a`` and ``b`` in
    [0, 1], two seeds each; the later half's share behind a shop and in cash are
    ``shop_of(a, b, seed)`` and ``cash_of(a, b, seed)``."""
    unit = qmc.LatinHypercube(d=2, seed=np.random.default_rng(seed)).random(n)
    rows = []
    for i, (a, b) in enumerate(unit):
        for s in (0, 1):
            shop, cash = shop_of(a, b, s), cash_of(a, b, s)
            rows.append({"point": i, "seed": s, "a": a, "b": b,
                         "last_half_share_losing_shop": shop, "share_losing_shop": shop,
                         "share_losing_told": 0.0, "median_net_shop_fen": -100 * shop,
                         "lost_shop_fen": 1000 * shop, "last_half_share_losing_cash": cash,
                         "share_losing_cash": cash, "share_losing_cost": cash,
                         "participants": 100})
    return pd.DataFrame(rows)


def test_headline_is_judged_on_the_shop_column_averaged_over_seeds():
    """The later half's share behind a shop follows ``a`` and the cash share follows ``b``, and
    the two seeds of a point can fall on both sides of half: the point's average decides."""
    # shop: seeds give a and 0.4 (mean (a + 0.4) / 2 > 0.5 iff a > 0.6);
    # cash: seeds give b and 0.9 (mean > 0.5 iff b > 0.1)
    table = _table(lambda a, b, s: a if s == 0 else 0.4, lambda a, b, s: b if s == 0 else 0.9)
    ranges = {"a": (0.0, 1.0), "b": (0.0, 1.0)}
    result = analyse(table, ranges)
    a = table.groupby("point")["a"].first()
    b = table.groupby("point")["b"].first()
    assert result.points["headline_holds"].tolist() == (a > 0.6).tolist()
    assert result.points["headline_holds_cash"].tolist() == (b > 0.1).tolist()
    assert result.holds_share == pytest.approx((a > 0.6).mean())
    assert result.holds_share_cash == pytest.approx((b > 0.1).mean())
    assert 0 < result.holds_share < result.holds_share_cash < 1
    # the sensitivity of the headline is that of the shop share: a drives it, b does not; the
    # cash columns the other way round
    sens = result.sensitivity.set_index("parameter")
    assert result.sensitivity["parameter"][0] == "a"
    assert sens.loc["a", "S1_later_half_losing"] > 0.5 > sens.loc["b", "S1_later_half_losing"]
    assert sens.loc["b", "S1_later_half_losing_cash"] > 0.5 > sens.loc["a",
                                                                       "S1_later_half_losing_cash"]
    # the sentences: the counts, the range of the point averages, the driver, the comparison
    holds, cash = int((a > 0.6).sum()), int((b > 0.1).sum())
    later = (a + 0.4) / 2
    text = result.reading()
    assert text.startswith(f"The headline ({HEADLINE}) holds at {holds} of 32 sampled points "
                           f"({pct(holds / 32)}).")
    assert f"runs from {pct(later.min())} to {pct(later.max())} across the points" in text
    assert "Of the assumptions, a (S1 = " in text
    assert f"at {cash} of 32 points: {cash - holds} more than against a shop." in text


def test_reading_says_fewer_when_cash_holds_at_fewer_points():
    table = _table(lambda a, b, s: 0.9, lambda a, b, s: a)  # shop everywhere, cash where a > .5
    result = analyse(table, {"a": (0.0, 1.0), "b": (0.0, 1.0)})
    a = table.groupby("point")["a"].first()
    cash = int((a > 0.5).sum())
    assert result.holds_share == 1
    text = result.reading()
    assert "holds at 32 of 32 sampled points (100%)" in text
    assert "is 90% at every point" in text
    assert "No assumption alone has a detectable effect on it" in text
    assert f"it would hold at {cash} of 32 points: {32 - cash} fewer than against a shop." in text
