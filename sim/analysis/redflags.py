"""Legal red flags of a run (ANCHORS.md "The law"), from what actually happened in it.

Each flag is read off the ledger's named flows (``model.ledger.total``) and the recruitment
tree the run built, not off the scenario's settings: a rate that is set but never paid (no
upline, no valid promoter, nobody bought a package) raises nothing.

* ``pay_for_recruiting`` (拉人头, 《禁止传销条例》 Art. 7): money paid for bringing people in:
  gift-package referral commissions (``commission_gift``: paid because a recruit bought a
  package) and the funnel's task rewards (``task_reward``: 怎么做社交电商怎么起步's tasks are "send a link,
  lock a fan, get a cash reward", RULEBOOK §2.1).
* ``entry_fee`` (入门费, Art. 7): money or purchases paid to get in or to get an identity:
  gift packages (``gift_package``, RULEBOOK §11). A seat's stake is not counted: it buys one
  draw, and a fair shop's purchase is a seat too.
* ``team_pay`` (团队计酬, Art. 7): pay to someone because others below them played: promotion
  commissions (``commission``), the team and store ladders (``commission_team``,
  ``commission_store``), regional agents (``commission_regional``) and dynamic release 2
  (``release_downline``, an upline's shopping gold turned into cash by a downline's seat).
* ``three_levels_paid``: some seat or package paid someone three or more levels above its
  buyer in the recruitment tree (``paid_levels >= 3``; the levels each chain-walking flow
  actually paid are noted by the ledger as they happen, ``Ledger.note_level``). Regional agents are paid by
  place, not by the recruitment tree: their district-city-province tiers are not levels here.
* ``criminal_threshold`` (Criminal Law Art. 224-1 and the 2013 joint opinion: at least 30
  participants and at least 3 levels). Reading used here: at least 30 people joined, the
  recruitment tree has at least 3 levels counting the founders as level 1 (someone at depth
  2: founder -> recruit -> recruit's recruit), and pay is linked to that tree (``team_pay`` or
  ``pay_for_recruiting`` fired). Without linked pay a tree of customers who told friends is
  word of mouth, not a pyramid, so the flag implies one of those two.

The numbers behind the flags go in a separate ``recruitment_tree`` object (the flags are
booleans only).
"""

from __future__ import annotations

import numpy as np

PAY_FOR_RECRUITING = ("commission_gift", "task_reward")
ENTRY_FEE = ("gift_package",)
TEAM_PAY = ("commission", "commission_team", "commission_store", "commission_regional",
            "release_downline")
CRIMINAL_MEMBERS = 30  # Criminal Law Art. 224-1 with the 2013 joint opinion
CRIMINAL_LEVELS = 3


def _flows(model, names) -> int:
    total = model.ledger.total
    return int(sum(total.get(n, 0) for n in names))


def recruitment_tree(model, parts=None) -> dict:
    """The tree's numbers: how many joined, how deep it goes, how many sit deep in it, and the
    most levels any chain-walking flow paid."""
    m = model.members
    n = m.count
    depth = np.asarray(parts["depth"] if parts is not None else m.depth[:n], dtype=np.int64)
    levels = (int(depth.max()) + 1) if n else 0
    paid = dict(sorted(model.ledger.levels.items()))
    return {
        "participants": int(n),
        # levels of the tree, founders counted as level 1
        "tree_depth": levels,
        # share of members on level 3 or below (at least two uplines above them)
        "share_in_chains_3plus": round(float(np.mean(depth >= 2)), 6) if n else 0.0,
        "paid_levels": max(paid.values(), default=0),
        "paid_levels_by_flow": paid,
        "pay_for_recruiting_fen": _flows(model, PAY_FOR_RECRUITING),
        "entry_fee_fen": _flows(model, ENTRY_FEE),
        "team_pay_fen": _flows(model, TEAM_PAY),
    }


def red_flags(model, parts=None) -> dict:
    """The legal red flags of the run, each true or false (module docstring)."""
    tree = recruitment_tree(model, parts)
    recruiting = tree["pay_for_recruiting_fen"] > 0
    team = tree["team_pay_fen"] > 0
    return {
        "pay_for_recruiting": recruiting,
        "entry_fee": tree["entry_fee_fen"] > 0,
        "team_pay": team,
        "three_levels_paid": tree["paid_levels"] >= 3,
        "criminal_threshold": (tree["participants"] >= CRIMINAL_MEMBERS
                               and tree["tree_depth"] >= CRIMINAL_LEVELS
                               and (team or recruiting)),
    }


def summary(model, parts=None) -> dict:
    """The two objects ``summary.json`` carries: ``red_flags`` (booleans) and
    ``recruitment_tree`` (the numbers behind them)."""
    return {"red_flags": red_flags(model, parts), "recruitment_tree": recruitment_tree(model, parts)}
