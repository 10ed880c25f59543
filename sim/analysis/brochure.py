"""One draw as the sellers count it, and in full (issue 4; RULEBOOK §15, §16).

The sellers' brochures count a draw like this (the worked examples of 微三云模式解析, RULEBOOK §16):
income = the winners' stakes; outflows = products, loser rewards, releases of shopping gold,
the monthly and daily dividend pools, commissions; "profit" = income - outflows. That is the
**seller's view**. The **full view** adds what the brochures leave out: the shopping gold
credited to the winners (a "to-be-returned amount", §5.1) and its net growth after the releases
booked, the dividend and consumption points issued, the forced losses promised by the
privilege (§9.1 rule 4), the stakes refunded, and the accrual result = cash result - growth of
the shopping gold owed (§15, §16.3).

Readings, where the rulebook leaves a choice (each cites the line of the source it follows):

* Every share is taken per seat and rounded down (MODEL §7), as the engine pays it; the integer
  per-seat amounts come from :class:`sim.scheme.params.Params`.
* Dynamic release 1 is paid once on every seat (A14), everyone holding enough shopping gold:
  case 1's 「假设之前都中过奖有购物基金余额」 (§16.1 line 3).
* Dynamic release 2 is paid on every seat to both uplines, who hold enough shopping gold
  (Appendix 2's platform side, §16.6 lines 5-6).
* Static release is per member per night on the whole balance (§5.3, which ``pingou run``
  simulates), but Appendix 2 books 「静态释放1元」 per draw: 1% of the one winner's 100. It is
  read here as one night of the static rate on the shopping gold this draw credits (§16.6 calls
  the line a category mix). With static release off, the line is 0.
* Commissions are paid on every seat, win or lose (§10.1), with every upline, team tier and
  regional agent present (「10个人都有上级」); the team and regional layers pay by differential,
  so each costs its highest tier's amount per seat (§10.3, A38). ``chain.complete`` off only
  makes the draw command say these lines are upper bounds.
* The monthly pool is its rate of the winners' stakes plus its fixed yuan per draw; the daily
  pool its rate of the winners' stakes (§6.2 A26, §6.4).
* Privilege seats: each win brings its winner 1/K4 of the way to M4 forced losses (rule 4,
  re-arming at every K4 wins, A32), so a draw promises w·M4/K4 seats. Rules 1, 2 and 5 force
  losses too, but how many depends on the order of play, so they are not counted.
* The accrual result subtracts the growth of shopping gold only: it is the one promise with a
  face value in yuan. Points and privilege seats are shown in their own units (consumption
  points are valued at 0, A28; dividend points are paid from the pools already booked; a forced
  loss decides who gets a loser reward the draw pays anyway).

The brochures' own figures live in :mod:`sim.analysis.published`; :func:`per_draw` sets them beside
the recomputed ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sim.money import share
from sim.scheme.params import Params
from sim.analysis.published import EXAMPLES, Figure
from sim.scheme.scenario import Scenario, ScenarioError, load

#: The keys of ``pingou draw --json`` and of :func:`per_draw`, in order.
KEYS = (
    "income_fen", "products_fen", "loser_rewards_fen", "releases_fen", "monthly_pool_fen",
    "daily_pool_fen", "commissions_fen", "outflow_fen", "seller_profit_fen",
    "new_shopping_gold_fen", "net_new_shopping_gold_fen", "dividend_points_issued",
    "consumption_points_issued", "privilege_seats_promised", "refunds_fen",
    "accrual_result_fen", "published",
)

#: What each line is, in a few words (text table and HTML page).
LABELS = {
    "income_fen": "income: the winners' stakes",
    "products_fen": "products for the winners",
    "loser_rewards_fen": "cash rewards to the losers",
    "releases_fen": "shopping gold released as cash",
    "releases_per_play_fen": "by each player's own seat (dynamic release 1)",
    "releases_static_fen": "static release, one night (booked per draw)",
    "releases_direct_downline_fen": "to direct uplines (dynamic release 2)",
    "releases_indirect_downline_fen": "to indirect uplines (dynamic release 2)",
    "monthly_pool_fen": "monthly dividend pool",
    "daily_pool_fen": "daily dividend pool",
    "commissions_fen": "commissions to uplines, teams and agents",
    "commissions_promotion_fen": "promotion, 2 levels",
    "commissions_team_fen": "team differential",
    "commissions_regional_fen": "regional agents",
    "outflow_fen": "total outflows",
    "profit_before_monthly_pool_fen": "\"profit\" before the monthly pool",
    "seller_profit_fen": "\"profit\" per draw",
    "new_shopping_gold_fen": "shopping gold newly credited to the winners",
    "net_new_shopping_gold_fen": "net growth of shopping gold owed",
    "dividend_points_issued": "dividend points issued",
    "consumption_points_issued": "consumption points issued",
    "privilege_seats_promised": "forced-loss seats promised (privilege)",
    "refunds_fen": "stakes refunded to the losers",
    "accrual_result_fen": "accrual result: \"profit\" minus growth of shopping gold",
}


@dataclass(frozen=True)
class DrawLines:
    """Every line of one draw: money in fen, points in points, seats in seats."""

    income: int
    products: int
    loser_rewards: int
    releases_per_play: int
    releases_static: int
    releases_direct_downline: int
    releases_indirect_downline: int
    monthly_pool: int
    daily_pool: int
    commissions_promotion: int
    commissions_team: int
    commissions_regional: int
    new_shopping_gold: int
    dividend_points: int
    consumption_points: int
    privilege_seats: Fraction
    refunds: int

    @property
    def releases(self) -> int:
        return (self.releases_per_play + self.releases_static + self.releases_direct_downline
                + self.releases_indirect_downline)

    @property
    def commissions(self) -> int:
        return self.commissions_promotion + self.commissions_team + self.commissions_regional

    @property
    def outflow(self) -> int:
        return (self.products + self.loser_rewards + self.releases + self.monthly_pool
                + self.daily_pool + self.commissions)

    @property
    def seller_profit(self) -> int:
        return self.income - self.outflow

    @property
    def net_new_shopping_gold(self) -> int:
        return self.new_shopping_gold - self.releases

    @property
    def accrual_result(self) -> int:
        return self.seller_profit - self.net_new_shopping_gold

    def values(self) -> dict:
        """Every line by its name: the JSON keys (without ``published``) and the finer lines
        the brochures quote (``releases_static_fen``, ``commissions_team_fen``...)."""
        out = {
            "income_fen": self.income,
            "products_fen": self.products,
            "loser_rewards_fen": self.loser_rewards,
            "releases_fen": self.releases,
            "monthly_pool_fen": self.monthly_pool,
            "daily_pool_fen": self.daily_pool,
            "commissions_fen": self.commissions,
            "outflow_fen": self.outflow,
            "seller_profit_fen": self.seller_profit,
            "new_shopping_gold_fen": self.new_shopping_gold,
            "net_new_shopping_gold_fen": self.net_new_shopping_gold,
            "dividend_points_issued": self.dividend_points,
            "consumption_points_issued": self.consumption_points,
            "privilege_seats_promised": seats_number(self.privilege_seats),
            "refunds_fen": self.refunds,
            "accrual_result_fen": self.accrual_result,
        }
        for name in ("releases_per_play", "releases_static", "releases_direct_downline",
                     "releases_indirect_downline", "commissions_promotion", "commissions_team",
                     "commissions_regional"):
            out[f"{name}_fen"] = getattr(self, name)
        out["profit_before_monthly_pool_fen"] = self.seller_profit + self.monthly_pool
        return out


def seats_number(seats: Fraction) -> int | float:
    """A whole number of seats as an int, a fraction of one as a float."""
    return int(seats) if seats.denominator == 1 else round(float(seats), 6)


def lines(sc: Scenario) -> DrawLines:
    """The lines of one full draw of ``sc`` (see the module's readings)."""
    p = Params.from_scenario(sc)
    n, w, P = p.group_size, p.winners, p.stake
    losers = n - w
    new_gold = w * p.shopping_gold
    hidden = sc.hidden
    privilege = (Fraction(w * hidden.privilege_losses, hidden.privilege_after_wins)
                 if hidden.privilege_after_wins else Fraction(0))
    return DrawLines(
        income=w * P,
        products=w * p.product_cost,
        loser_rewards=losers * p.loser_reward,
        releases_per_play=n * p.release_per_play,
        releases_static=w * share(p.shopping_gold, p.static_ppm),
        releases_direct_downline=n * p.release_direct,
        releases_indirect_downline=n * p.release_indirect,
        monthly_pool=w * p.monthly_pool_rate_fen + p.monthly_pool_per_draw,
        daily_pool=w * p.daily_pool,
        commissions_promotion=n * (p.level1 + p.level2),
        # a differential ladder with every tier present costs its highest amount (A38)
        commissions_team=n * max(p.team),
        commissions_regional=n * max(p.regional),
        new_shopping_gold=new_gold,
        dividend_points=w * p.dividend_points,
        consumption_points=n * p.consumption_points,
        privilege_seats=privilege,
        refunds=losers * P,
    )


# --------------------------------------------------------------------------------------
# The brochure's own figures beside the recomputed ones
# --------------------------------------------------------------------------------------


def holds(figure: Figure, recomputed: int) -> bool:
    """Whether a recomputed line agrees with a published figure or claim."""
    if figure.relation == "=":
        return recomputed == figure.published_fen
    return recomputed > figure.published_fen  # ">": a claim of profit


def compare(sc: Scenario, drawn: DrawLines) -> dict | None:
    """The brochure's figures for ``sc``'s worked example beside the recomputed lines, with the
    mismatches; ``None`` when the scenario has no published example.

    ``as_published`` is false when the scenario's draw differs from the unchanged preset's
    (e.g. after ``--set``): the brochure's figures then describe another draw.
    """
    example = EXAMPLES.get(sc.meta.name)
    if example is None:
        return None
    values = drawn.values()
    try:
        as_published = lines(load(sc.meta.name)) == drawn
    except ScenarioError:  # a user file that borrows a preset's name
        as_published = False
    figures = []
    for f in example.figures:
        recomputed = values[f.line]
        figures.append({"line": f.line, "label": LABELS[f.line], "quote": f.quote,
                        "relation": f.relation, "published_fen": f.published_fen,
                        "recomputed_fen": recomputed, "match": holds(f, recomputed),
                        "note": f.note})
    mismatches = [{k: fig[k] for k in ("line", "relation", "published_fen", "recomputed_fen",
                                       "note")} for fig in figures if not fig["match"]]
    return {"example": example.title, "source": example.source, "ref": example.ref,
            "as_published": as_published, "figures": figures, "mismatches": mismatches}


def per_draw(sc: Scenario) -> dict:
    """One draw of ``sc`` in both views, with exactly the keys of ``pingou draw --json``
    (:data:`KEYS`): money in integer fen, the brochure's figures under ``published``."""
    drawn = lines(sc)
    values = drawn.values()
    out = {key: values[key] for key in KEYS if key != "published"}
    out["published"] = compare(sc, drawn)
    return out

