"""``behaviour.downline_notice_min`` (MODEL.md §3, sim/engine/decisions.py): the fewest
newcomers the watched best week must have brought before a member reads a trend from it, for
both ``newcomers_watched`` signals; through ``step()``, by hand and on a real run, and in the
per-agent reference (sim/reference.py), by hand. The oracle (tests/test_oracle.py, regime
DOWNLINE) compares the two models with the field at 2."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.engine.decisions import NOTICEABLE_WEEK
from sim.reference import ReferenceModel, core_scenario

from conftest import controlled_model

LOSS = 0.02  # behaviour.trust_newcomer_loss in these tests


def test_the_default_is_the_old_constant():
    """The field's default is the 10 the engine used to hard-code, still importable."""
    assert NOTICEABLE_WEEK == 10
    assert sim.load("quanmin-pingou").behaviour.downline_notice_min == NOTICEABLE_WEEK


@pytest.mark.parametrize("notice, expected", [
    # best weeks 20, 9, 10, 3; last weeks 5, 0, 0, 0. A member whose best reaches the minimum
    # loses LOSS x (1 - last / best): 0.02 x 0.75 = 0.015, or 0.02 for a week of none.
    (None, [0.015, 0.0, 0.02, 0.0]),  # the default, 10: 9 and 3 are below it
    (3, [0.015, 0.02, 0.02, 0.02]),  # 3 reaches it
    (4, [0.015, 0.02, 0.02, 0.0]),
    (21, [0.0, 0.0, 0.0, 0.0]),  # above every best week: nobody reads a trend
])
def test_downline_notice_min_through_step(notice, expected):
    """'downline': four members whose downline's best and last weeks are set by hand; one day
    costs each the loss worked out above, and nothing for a best week below the minimum."""
    extra = [] if notice is None else [f"behaviour.downline_notice_min={notice}"]
    model = controlled_model([-1, -1, -1, -1], overrides=[
        f"behaviour.trust_newcomer_loss={LOSS}", 'behaviour.newcomers_watched="downline"',
        *extra])
    w = model.downline_watch
    w.best[:4] = [20, 9, 10, 3]
    w.weekly[:4] = [5, 0, 0, 0]
    model.step()
    np.testing.assert_allclose(model.members.trust[:4], 1.0 - np.array(expected), atol=1e-6)


@pytest.mark.parametrize("notice, loss", [(None, 0.0), (8, 0.0), (7, LOSS), (1, LOSS)])
def test_the_minimum_applies_to_everyone_too(notice, loss):
    """'everyone': the scheme brought 1 newcomer a day for 7 days, then none for 6; today
    (recruitment off) none again, so the last 7 days brought 0 against a best week of 7. A
    minimum of 7 or less reads the trend (a fall of 1: LOSS for every member); 8 or the
    default 10 does not."""
    extra = [] if notice is None else [f"behaviour.downline_notice_min={notice}"]
    model = controlled_model([-1, -1, -1], overrides=[
        f"behaviour.trust_newcomer_loss={LOSS}", 'behaviour.newcomers_watched="everyone"',
        *extra])
    model.new_members_history[:] = [1] * 7 + [0] * 6
    model.step()
    assert model.new_members_history[-7:] == [0] * 7
    np.testing.assert_allclose(model.members.trust[:3], 1.0 - loss, atol=1e-6)


#: A real run where trust moves only with the newcomers a member watches: no loss to waiting
#: withdrawals, to failed groups or to contacts quitting, no gain from paid withdrawals.
ONLY_NEWCOMERS = ("behaviour.trust_wait_loss=0", "behaviour.trust_paid_gain=0",
                  "behaviour.trust_failed_group_loss=0", "network.local_trust=false",
                  f"behaviour.trust_newcomer_loss={LOSS}",
                  'behaviour.newcomers_watched="downline"')
DAYS = 120


def _run(notice: int):
    """The default preset, 3,000 people, trust moving only with newcomers; the run, and every
    member's trust after each day (rows: days)."""
    model = sim.SchemeModel("quanmin-pingou", participants=3000, days=DAYS, seed=4,
                            overrides=ONLY_NEWCOMERS + (f"behaviour.downline_notice_min={notice}",))
    trust = []
    for _ in range(DAYS):
        model.step()
        t = np.full(3000, np.nan)
        t[:model.members.count] = model.members.trust[:model.members.count]
        trust.append(t)
    return model, np.array(trust)


def _downline_by_day(upline: np.ndarray, join_day: np.ndarray, member: int) -> np.ndarray:
    """Newcomers per day anywhere below ``member``: each member walks up their own chain of
    uplines; those who meet ``member`` count on the day they joined."""
    per_day = np.zeros(DAYS, dtype=np.int64)
    for j in range(upline.size):
        above = upline[j]
        while above >= 0:
            if above == member:
                per_day[join_day[j]] += 1
                break
            above = upline[above]
    return per_day


def test_a_minimum_above_every_week_keeps_trust_and_a_low_one_costs_it():
    """With the minimum above anything a downline brings, no member ever loses trust (it
    stays at trust_initial); with 2, members do, and one member's trust, worked out by hand
    from the run's own tree day by day, is the engine's: the day's loss is LOSS x (1 - last 7
    days / best 7 days) once the best 7 days brought 2 or more. A member whose downline's best
    week brought exactly 1 keeps trust_initial."""
    initial = sim.load("quanmin-pingou").behaviour.trust_initial
    model, trust = _run(1_000_000)
    n = model.members.count
    assert n > 1000 and int(model.downline_watch.best[:n].max()) >= 10  # weeks there to read
    np.testing.assert_array_equal(trust[-1, :n], np.float32(initial))

    model, trust = _run(2)
    m = model.members
    n = m.count
    upline, join_day = m.upline[:n].astype(np.int64), m.join_day[:n].astype(np.int64)
    assert (trust[-1, :n] < np.float32(initial)).sum() > 50  # the rule acts on many
    best = model.downline_watch.best[:n]
    # the member with the largest best week whose trust has not reached 0 by the end
    member = int(max(np.flatnonzero(trust[-1, :n] > 0.05), key=lambda i: best[i]))
    per_day = _downline_by_day(upline, join_day, member)
    expected, t, top = [], float(initial), 0
    for day in range(DAYS):
        last = int(per_day[max(day - 6, 0):day + 1].sum())
        top = max(top, last)
        if day >= join_day[member] and top >= 2:
            t = min(max(t - LOSS * (1 - last / top), 0.0), 1.0)
        expected.append(t)
    got = trust[:, member]
    joined = np.arange(DAYS) >= join_day[member]
    assert top == best[member] >= 10 and expected[-1] < initial - 0.1  # a member worth checking
    np.testing.assert_allclose(got[joined], np.array(expected)[joined], atol=1e-4)
    ones = np.flatnonzero(best == 1)
    assert ones.size > 0
    np.testing.assert_array_equal(trust[-1, ones], np.float32(initial))


@pytest.mark.parametrize("notice, everyone_fall, downline_fall", [
    (None, 0.0, 0.0), (7, 1.0, 0.75), (8, 0.0, 0.75), (9, 0.0, 0.0)])
def test_the_reference_reads_the_same_field(notice, everyone_fall, downline_fall):
    """The per-agent reference (sim/reference.py), by hand: the scheme's 7 days of 1 newcomer
    then 7 of none (a best week of 7, a last week of 0: a fall of 1 once 7 is noticeable);
    a member whose downline's best week brought 8 and the last 2 (a fall of 1 - 2/8 = 0.75
    once 8 is noticeable). The oracle's default regimes run at the default minimum, so this
    is where the reference's 'everyone' signal meets another value of the field."""
    extra = [] if notice is None else [f"behaviour.downline_notice_min={notice}"]
    model = ReferenceModel(core_scenario("quanmin-pingou"), participants=10, days=10, seed=1,
                           overrides=extra)
    for today in [1] * 7 + [0] * 7:  # called once a day, as decide() does: a running best
        model.newcomers.append(today)
        fall = model.newcomer_fall()
    assert model.best_week == 7 and fall == pytest.approx(everyone_fall)
    model.join(None, 0)
    member = model.members[-1]
    member.downline_days.extend([1, 1, 0, 0, 0, 0, 0])
    member.downline_best = 8
    assert model.downline_fall(member) == pytest.approx(downline_fall)
