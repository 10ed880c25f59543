"""How long the scheme lasted, and what in its rules drew the cash (``summary.json``'s
``lasted``; MODEL.md §2, §4, §5).

A scheme lasts as long as the cash paid in covers what its rules let members take out. This
module reads, from the run's daily table and the ledger's totals (integer fen, per named flow),
when growth ended, when the week's net inflow first turned negative, when the operator stopped
paying, and, per 100 yuan members paid in, what each rule credited to members as cash they
could withdraw, beside the shopping gold credited, what the supplier was paid and what the
operator took.

**Up to the exit.** From the exit on nothing moves: recruitment, play, the night's releases,
withdrawals and the operator all stop once ``model.collapsed`` (``sim.engine``), so the
ledger's totals for the whole run are its totals up to the exit day (that day included);
``tests/test_lasted.py`` checks this by stepping a run past its exit.

**Per 100 yuan paid in** is ``part * 10_000 / paid_in`` fen, rounded to the nearest fen
(a half fen up), where ``paid_in`` is the cash members put in from outside net of the stakes
refunded to their pockets (``summary["paid_in_fen"]``: a losing seat's stake paid from outside
goes straight back, and was never the platform's to spend). None when nobody paid anything in.

**Which credits are promises.** Every flow that puts cash within a member's reach (into the
wallet, or straight into the outside pocket) feeds one of the ledger's tallies in
:data:`CASH_CREDIT_TALLIES`; each flow is one rule, and ``credited_fen`` lists them all. Three of
them are not a promise of the scheme's rules and are left out of ``promised_fen`` and of the
``largest_promise``:

* the stakes of losing seats (and of failed groups) refunded to the wallet they were paid from
  (``wallet_refunds``): the member's own money, already in the wallet before the seat, coming
  back where it was; no rule adds anything by it (a stake refunded to the outside pocket is
  netted out of ``paid_in`` for the same reason);
* the reserve paid out at an exit (``reserve_payout``): a policy lever's, not the scheme's;
* balances set by hand before a day (``balances_set``): a test's or a notebook's, never a rule's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.analysis.who_lost import early_warning, growth_peak_day
from sim.engine.ledger import TALLIES

#: The ledger's tallies of cash credited to members (wallet or pocket), each fed by flows that
#: are one rule each (:data:`sim.engine.ledger.TALLIES`), in the order the report lists them.
CASH_CREDIT_TALLIES = ("loser_rewards", "commissions", "released", "dividends", "task_rewards",
                       "wallet_refunds", "reserve_payout", "balances_set")
#: Of those, the tallies whose flows are not a promise of the scheme's rules (module docstring).
NOT_PROMISE_TALLIES = ("wallet_refunds", "reserve_payout", "balances_set")
#: Every flow of cash credited to members, and those that are promises, in the report's order.
CREDIT_FLOWS = tuple(flow for tally in CASH_CREDIT_TALLIES for flow in TALLIES[tally])
PROMISE_FLOWS = tuple(flow for tally in CASH_CREDIT_TALLIES if tally not in NOT_PROMISE_TALLIES
                      for flow in TALLIES[tally])


def per_100(part: int, whole: int) -> int | None:
    """``part`` fen out of every 100 yuan (10,000 fen) of ``whole`` fen, rounded to the nearest
    fen, a half fen up: ``per_100(1, 3) == 3333`` (33.33 yuan per 100). None when ``whole``
    is not above 0."""
    part, whole = int(part), int(whole)
    if whole <= 0:
        return None
    return (2 * part * 10_000 + whole) // (2 * whole)


def recruited_by(scenario) -> str:
    """How newcomers came: ``"deposits"`` (a classic fund's depositors, on the fund's own
    schedule, ``fund.enabled``), ``"contacts"`` (invitations on a social network, most of them,
    all but ``network.outside_reach``, to the promoter's own contacts) or ``"anyone"`` (well
    mixed, or a network whose invitations mostly go to strangers)."""
    if scenario.fund.enabled:
        return "deposits"
    net = scenario.network
    return "contacts" if net.kind != "well-mixed" and net.outside_reach < 0.5 else "anyone"


def growth_ending(model, daily: pd.DataFrame, peak: int | None, through: int) -> tuple:
    """(how growth ended, the day of the outside cut or None): ``"outside"`` (the scenario's
    outside stall, ``recruitment.stall_day``, on or before ``through``), ``"crackdown"`` (the
    policy lever ``policy.crackdown_day``, the same), the earlier of the two when both (the
    outside stall on a tie); else ``"own"`` (nothing outside cut recruitment: newcomers fell off
    by themselves); None when nobody joined after the founders (``peak`` is None)."""
    if peak is None:
        return None, None
    cuts = [(day, kind) for day, kind in ((model.scenario.recruitment.stall_day, "outside"),
                                          (model.scenario.policy.crackdown_day, "crackdown"))
            if day is not None and day <= through and day < len(daily)]
    if not cuts:
        return "own", None
    day, kind = min(cuts, key=lambda c: (c[0], c[1] != "outside"))
    return kind, int(day)


def lasted_figures(model, daily: pd.DataFrame) -> dict:
    """``summary["lasted"]``: when growth ended and payouts stopped, and what the rules drew.

    * ``growth_ended``: ``"own"``, ``"outside"``, ``"crackdown"`` or None
      (:func:`growth_ending`); ``growth_cut_day``: the day of the outside cut, or None;
      ``well_mixed``: whether everyone knew everyone (no social network); ``recruited_by``:
      :func:`recruited_by`;
    * ``growth_peak_day``: the day with the most newcomers (:func:`growth_peak_day`), None when
      nobody joined after day 0; ``members_at_peak``: the members that day; ``population``:
      the people the scheme could reach;
    * ``net_inflow_negative_day``: the first day the week's net inflow (paid in less stakes
      refunded less withdrawn, over 7 days) was below 0 after it had once been above
      (:func:`sim.analysis.who_lost.early_warning`'s day), or None; ``window_days``: those 7;
    * ``collapse_day``: the day the operator froze payouts and kept the cash, or None;
      ``through_day``: the last day counted (the exit, else the run's last day);
      ``members_through``: the members on that day;
    * ``days_peak_to_exit``: ``collapse_day - growth_peak_day`` (None without both);
      ``days_after_peak``: ``through_day - growth_peak_day`` (None without a peak);
    * ``exit_rule`` and ``exit_days``: the operator's exit rule and its number of days (the
      days a withdrawal may wait, or the days in a row without positive net inflow; None under
      ``never``); ``audit_day``: the policy lever that stops the exit, when on or before
      ``through_day``, else None;
    * ``paid_in_fen``: cash paid in from outside, net of the stakes refunded to the pockets
      (``stakes_refunded_to_pocket_fen``);
    * ``credited_fen``: per flow (one rule each, :data:`CREDIT_FLOWS`), the cash credited to
      members that the member could withdraw or had in hand (wallet credits; the funnel's task
      rewards and a reserve payout straight into the pocket); the flows that moved nothing are
      left out; ``credited_per_100_fen``: each per 100 yuan paid in (:func:`per_100`);
    * ``promised_fen`` and ``promised_per_100_fen``: the same summed over the promises only
      (:data:`PROMISE_FLOWS`: the own stakes refunded, a reserve payout and balances set by hand
      left out, module docstring); ``stakes_refunded_to_wallet_fen``: those refunds;
    * ``largest_promise``: the promise flows with the largest total (a list: all of them on a
      tie, in :data:`PROMISE_FLOWS` order; empty when no promise credited anything), and
      ``largest_promise_fen`` / ``largest_promise_per_100_fen``: that total;
    * ``withdrawn_fen``: the withdrawals paid (net of the fee); ``shopping_gold_credited_fen``:
      shopping gold (and a fund's promised capital) credited; ``suppliers_fen``: what the
      supplier was paid for goods; ``operator_take_fen``: what the operator took (extraction
      and the exit); each with its ``*_per_100_fen``.
    """
    led, sc = model.ledger, model.scenario
    total = led.total
    days = len(daily)
    collapse = model.collapse_day
    through = int(collapse) if collapse is not None else max(days - 1, 0)
    peak = growth_peak_day(daily) if days else None
    kind, cut = growth_ending(model, daily, peak, through)
    paid_in = (sum(int(total[f]) for f in TALLIES["paid_in"])
               - sum(int(total[f]) for f in TALLIES["stakes_refunded"]))
    credited = {f: int(total[f]) for f in CREDIT_FLOWS if total.get(f, 0)}
    promised = {f: v for f, v in credited.items() if f in PROMISE_FLOWS}
    top = max(promised.values(), default=0)
    largest = [f for f in PROMISE_FLOWS if top > 0 and promised.get(f) == top]
    warning = early_warning(daily, collapse)
    op = sc.operator
    exit_days = {"withdrawal_wait": op.exit_wait_days,
                 "net_outflow": op.exit_outflow_days}.get(op.exit_rule)
    audit = sc.policy.audit_day
    members = daily["members"].to_numpy(dtype=np.int64) if days else np.zeros(0, np.int64)
    money = {
        "withdrawn_fen": int(total["withdrawn"]),
        "shopping_gold_credited_fen": sum(int(total[f])
                                          for f in TALLIES["shopping_gold_credited"]),
        "suppliers_fen": int(led["suppliers"]),
        "operator_take_fen": int(total["extraction"] + total["exit_take"]),
    }
    out = {
        "growth_ended": kind,
        "growth_cut_day": cut,
        "well_mixed": sc.network.kind == "well-mixed",
        "recruited_by": recruited_by(sc),
        "growth_peak_day": peak,
        "members_at_peak": int(members[peak]) if peak is not None else None,
        "population": int(sc.run.participants),
        "net_inflow_negative_day": warning["day"],
        "window_days": warning["window_days"],
        "collapse_day": collapse,
        "through_day": through,
        "members_through": int(members[through]) if days else 0,
        "days_peak_to_exit": (collapse - peak if collapse is not None and peak is not None
                              else None),
        "days_after_peak": through - peak if peak is not None else None,
        "exit_rule": op.exit_rule,
        "exit_days": exit_days,
        "audit_day": audit if audit is not None and audit <= through and audit < days else None,
        "paid_in_fen": paid_in,
        "stakes_refunded_to_pocket_fen": sum(int(total[f]) for f in TALLIES["stakes_refunded"]),
        "credited_fen": credited,
        "credited_per_100_fen": {f: per_100(v, paid_in) for f, v in credited.items()},
        "promised_fen": sum(promised.values()),
        "promised_per_100_fen": per_100(sum(promised.values()), paid_in),
        "stakes_refunded_to_wallet_fen": sum(int(total[f]) for f in TALLIES["wallet_refunds"]),
        "largest_promise": largest,
        "largest_promise_fen": top if largest else None,
        "largest_promise_per_100_fen": per_100(top, paid_in) if largest else None,
    }
    for name, fen in money.items():
        out[name] = fen
        out[name.removesuffix("_fen") + "_per_100_fen"] = per_100(fen, paid_in)
    return out
