"""The engine's recruitment against an independent mean-field model, and in distribution
(issue 15; sim/experiments/meanfield.py, docs/meanfield.md).

In the simplest setting (``meanfield.SIMPLE``: every member a valid promoter every day from the
day after joining, nobody quitting, no stall), recruitment is the whole of what moves the
members' count, and three checks hold it to its rules:

* the equations themselves, against what can be worked out by hand: pure growth by 1 + b a
  day, the well-mixed equation's day against the logistic map, the network's final size
  against percolation, the rule of the uniform target on a dense network against the
  logistic equation;
* the engine's mean curve over a few seeds on a sparse random network against the
  approximate master equation of docs/meanfield.md (Poisson degrees, not the run's network):
  the peak day, the days on which a tenth, a half and nine tenths are in, the final size;
  with ``recruitment.effort = "per-contact"`` too;
* the law of each day, given the day before: well mixed, the day's newcomers are
  min(Poisson(b M (N - M) / N), N - M) (the randomized probability-integral transform of
  every day of every seed is uniform: Kolmogorov-Smirnov; their sum is within a few standard
  deviations of its mean); on a network, each person not yet in joins with probability
  1 - exp(-H), H the invitations expected from their contacts in and from strangers,
  recomputed here from the network and who is in (calibration by bins of that probability),
  under either effort.

The seeds are fixed, so no test is flaky; each threshold is a statistical one (alpha 0.001) or
a tolerance stated with the figures it was set on (docs/meanfield.md).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from scipy.optimize import brentq

from sim.engine.model import SchemeModel
from sim.experiments import meanfield as mf

PRESET = "quanmin-pingou"
ALPHA = 0.001

#: the network check: a sparse Erdős-Rényi network (4 contacts on average, where saturation is
#: local: a member's few contacts run out), no outside reach, 1% founders (200: the take-off is
#: nearly deterministic), three seeds
N_NET, DAYS_NET, SEEDS_NET = 20_000, 50, (1, 2, 3)
NET = ("network.kind=random", "network.mean_contacts=4", "network.outside_reach=0",
       "recruitment.founders_share=0.01")
B = 0.2  # invite_rate 1 x conversion 0.2, the preset's

#: tolerances of the engine's mean curve against the equations (docs/meanfield.md: on seeds
#: 1-3 the gaps are 0.0-0.5 day and 1 day on the peak; the engine's own mean, over 20 seeds or
#: at a million people, lags the equations by 0.4, 0.8 and 0.9-1.0 day on the 10%, 50% and
#: 90% days, so 1 day is tight at 90%; broken rules move them by 3 days or more)
DAYS_TOLERANCE = 1.0
PEAK_TOLERANCE = 2
FINAL_TOLERANCE = 0.005  # share of the population


@pytest.fixture(scope="module")
def network_runs():
    return mf.engine_members(PRESET, SEEDS_NET, participants=N_NET, days=DAYS_NET, overrides=NET)


# -- the equations by hand ------------------------------------------------------------------


def test_targeted_invitations_to_anyone_grow_by_one_plus_b_a_day():
    """Every invitation to a stranger (outside reach 1): no promoter runs out of people to
    invite, each recruits b a day, the members grow by 1 + b a day until the room runs out."""
    n, founders = 1_000_000, 100
    curve = mf.network(mf.poisson_degrees(4), n, 40, founders, B, outside_reach=1.0)
    days = np.arange(40)
    hand = founders * (1 + B) ** days
    early = hand < 0.01 * n
    assert early.sum() > 20
    assert np.allclose(curve.members[early], hand[early], rtol=2e-3)


def test_the_stall_multiplies_the_days_from_the_stall_day_on():
    """recruitment.stall_day = 10 with stall_factor = 0.5: the engine's day t recruits at half
    the rate from t = 10 on (sim.engine.recruitment.recruit), so the members grow by 1 + b a
    day up to day 9 and by 1 + b / 2 a day after; with factor 0 they stop on day 9."""
    n, founders, days = 10_000_000, 100, 30
    t = np.arange(days)
    hand = founders * (1 + B) ** np.minimum(t, 9) * (1 + B / 2) ** np.maximum(t - 9, 0)
    half = mf.network(mf.poisson_degrees(4), n, days, founders, B, outside_reach=1.0,
                      stall_day=10, stall_factor=0.5)
    assert np.allclose(half.members, hand, rtol=2e-3)
    for curve in (mf.network(mf.poisson_degrees(4), n, days, founders, B, stall_day=10),
                  mf.well_mixed(n, days, founders, B, stall_day=10)):
        assert curve.final_size == pytest.approx(curve.members[9]) and curve.members[9] > 400


def test_per_contact_effort_grows_by_one_plus_b_kappa_a_day():
    """effort = "per-contact" on Poisson(c) degrees with mean_contacts c: a member with k
    contacts recruits b k / c a day, and a recruit reached along a link has k contacts with
    probability k P(k) / c, so while few are in the members multiply by 1 + b <k^2> / c^2 =
    1 + b (1 + 1 / c) a day: 1.22 at c = 10 (b = 0.2), against 1 + b = 1.2 per-promoter. (A
    recruit with k contacts recruits at most k - 1 people, which slows both a little: 0.1% at
    c = 10, measured 1.2197 and 1.1985; at c = 4, 1.227 and 1.166.) With every invitation to
    a stranger (outside reach 1) a recruit is anyone, of mean c contacts: 1 + b again."""
    n, founders, c = 100_000_000, 100, 10.0
    degrees = mf.poisson_degrees(c)
    assert mf.effort_growth(degrees, c) == pytest.approx(1 + 1 / c, rel=1e-9)
    for effort, factor in (("per-contact", 1 + B * (1 + 1 / c)), ("per-promoter", 1 + B)):
        curve = mf.network(degrees, n, 40, founders, B, effort=effort, mean_contacts=c)
        ratio = curve.members[21:40] / curve.members[20:39]
        assert curve.members[39] < 0.01 * n
        assert np.allclose(ratio, factor, rtol=0.0015), (effort, ratio)
    strangers = mf.network(degrees, n, 30, founders, B, outside_reach=1.0,
                           effort="per-contact", mean_contacts=c)
    hand = founders * (1 + B) ** np.arange(30)
    assert np.allclose(strangers.members, hand, rtol=2e-3)


def test_the_well_mixed_day_is_the_logistic_map():
    """The well-mixed equation's members day by day against the engine's mean day,
    M -> M + b M (N - M) / N, worked out by hand."""
    n, founders, days = 5_000, 50, 80
    hand = [float(founders)]
    for _ in range(days - 1):
        m = hand[-1]
        hand.append(m + B * m * (n - m) / n)
    curve = mf.well_mixed(n, days, founders, B)
    assert np.abs(curve.members - np.array(hand)).max() < 0.003 * n
    plain = [founders * math.exp(B * t) for t in range(10)]  # dM/dt = b M: too fast
    assert curve.members[9] < 0.9 * plain[9]


def test_the_network_fills_its_giant_component():
    """No outside reach: in the end everyone connected to a founder is in. On a
    configuration-model network with founders a share e drawn at random, a link does not
    bring its end in with probability u = (1 - e) G1(u), and the share in is
    1 - (1 - e) G0(u) (G0 = G1 = exp(c (x - 1)) for Poisson degrees with mean c)."""
    n, c, founders = 100_000, 3.0, 100
    e = founders / n
    u = brentq(lambda x: x - (1 - e) * math.exp(c * (x - 1)), 0.0, 1.0 - 1e-12)
    share = 1 - (1 - e) * math.exp(c * (u - 1))
    curve = mf.network(mf.poisson_degrees(c), n, 400, founders, B)
    assert abs(curve.final_size / n - share) < 2e-3
    assert curve.members[-1] - curve.members[-30] < 1e-3 * n  # it has stopped


def test_the_uniform_rule_on_a_dense_network_is_the_logistic_equation():
    """Invitations to any contact, wasted on one already in: with many contacts a member's
    share of contacts outside is the population's, dM/dt = g M (N - M) / N."""
    n, founders, days, k = 100_000, 100, 70, 400
    curve = mf.network((np.array([k]), np.array([1.0])), n, days, founders, B, rule="uniform")
    g = mf.continuous_rate(B)
    t = np.arange(days)
    logistic = n / (1 + (n / founders - 1) * np.exp(-g * t))
    assert np.abs(curve.members - logistic).max() < 0.01 * n


# -- the engine's mean curve -------------------------------------------------------------------


def test_the_engine_on_a_random_network_follows_the_equations(network_runs):
    assert network_runs.members.shape == (len(SEEDS_NET), DAYS_NET)
    engine = network_runs.mean(N_NET)
    model = mf.network(mf.poisson_degrees(4), N_NET, DAYS_NET, mf.founders_of(N_NET, 0.01), B)
    assert engine.members[0] == 200 and model.members[0] == pytest.approx(200)
    for share in (0.1, 0.5, 0.9):
        got, want = engine.day_reaching(share), model.day_reaching(share)
        assert abs(got - want) <= DAYS_TOLERANCE, (share, got, want)
    assert abs(engine.peak_day - model.peak_day) <= PEAK_TOLERANCE
    assert abs(engine.final_size - model.final_size) <= FINAL_TOLERANCE * N_NET
    # the final size is the giant component's, not everyone (no outside reach)
    assert 0.97 * N_NET < model.final_size < 0.99 * N_NET


def test_the_engine_with_per_contact_effort_follows_the_equations():
    """The same network with recruitment.effort = "per-contact", held to the same
    tolerances. Measured: the engine 11.7, 21.0 and 28.2 for the 10%, 50% and 90% days, peak
    23, final 19,577; the equations on Poisson degrees 11.5, 20.3 and 27.4, peak 22, final
    19,568. The per-promoter equations are 2.5 to 7 days later (14.0, 25.6, 34.5)."""
    runs = mf.engine_members(PRESET, SEEDS_NET, participants=N_NET, days=DAYS_NET,
                             overrides=[*NET, 'recruitment.effort="per-contact"'])
    engine = runs.mean(N_NET)
    founders = mf.founders_of(N_NET, 0.01)
    model = mf.network(mf.poisson_degrees(4), N_NET, DAYS_NET, founders, B,
                       effort="per-contact", mean_contacts=4)
    for share in (0.1, 0.5, 0.9):
        got, want = engine.day_reaching(share), model.day_reaching(share)
        assert abs(got - want) <= DAYS_TOLERANCE, (share, got, want)
    assert abs(engine.peak_day - model.peak_day) <= PEAK_TOLERANCE
    assert abs(engine.final_size - model.final_size) <= FINAL_TOLERANCE * N_NET
    flat = mf.network(mf.poisson_degrees(4), N_NET, DAYS_NET, founders, B)
    assert abs(engine.day_reaching(0.9) - flat.day_reaching(0.9)) > DAYS_TOLERANCE


def test_of_scenario_gives_the_same_equations_and_refuses_what_they_do_not_describe():
    from sim.scheme.scenario import load

    sc = load(PRESET, [*mf.SIMPLE, *NET], participants=N_NET, days=DAYS_NET)
    direct = mf.network(mf.poisson_degrees(4), N_NET, DAYS_NET, 200, B)
    assert np.allclose(mf.of_scenario(sc).members, direct.members)
    per_contact = load(PRESET, [*mf.SIMPLE, *NET, 'recruitment.effort="per-contact"'],
                       participants=N_NET, days=DAYS_NET)
    by_hand = mf.network(mf.poisson_degrees(4), N_NET, DAYS_NET, 200, B, effort="per-contact",
                         mean_contacts=4)
    assert np.allclose(mf.of_scenario(per_contact).members, by_hand.members)
    with pytest.raises(mf.OutsideSetting, match="behaviour.trust_newcomer_loss = 0.02"):
        mf.of_scenario(load(PRESET, ["network.kind=random"]))
    why = mf.outside_setting(load(PRESET))
    assert any(w.startswith("behaviour.seats_per_day") for w in why)
    assert any(w.startswith("operator.exit_rule") for w in why)


# -- the law of each day -----------------------------------------------------------------------


def randomized_pit(x, cdf_below, cdf_at, rng):
    """Uniform on [0, 1] when each x has the law whose cdf gives cdf_below = F(x - 1) and
    cdf_at = F(x) (the randomized probability-integral transform of a discrete law)."""
    return cdf_below + rng.random(np.size(x)) * (cdf_at - cdf_below)


def test_well_mixed_newcomers_in_distribution():
    n, days, seeds, founders_share = 5_000, 45, range(1, 9), 0.01
    runs = mf.engine_members(PRESET, seeds, participants=n, days=days,
                             overrides=["network.kind=well-mixed",
                                        f"recruitment.founders_share={founders_share}"])
    members = runs.members
    before, new = members[:, :-1], np.diff(members, axis=1)
    room = n - before
    mu = B * before * room / n
    live = room > 0
    x, mu, room = new[live], mu[live], room[live]
    # F of min(Poisson(mu), room): Poisson's below the room, 1 at it
    below = np.where(x > 0, stats.poisson.cdf(x - 1, mu), 0.0)
    at = np.where(x >= room, 1.0, stats.poisson.cdf(x, mu))
    u = randomized_pit(x, below, at, np.random.default_rng(15))
    assert stats.kstest(u, "uniform").pvalue > ALPHA
    # the mean: each day's expected newcomers, the cap at the room included
    j = np.arange(n + 1)
    mean = np.array([np.minimum(j, r) @ stats.poisson.pmf(j, m) + r * stats.poisson.sf(n, m)
                     for m, r in zip(mu, room)])
    z = (x.sum() - mean.sum()) / math.sqrt(mu.sum())
    assert abs(z) < stats.norm.isf(ALPHA / 2)
    assert u.size > 250  # days of growth and of saturation, not a run over in a few days
    # and the mean curve is the well-mixed equation's
    engine = runs.mean(n)
    model = mf.well_mixed(n, days, mf.founders_of(n, founders_share), B)
    for share in (0.1, 0.5, 0.9):
        assert abs(engine.day_reaching(share) - model.day_reaching(share)) <= DAYS_TOLERANCE


def joining_probabilities(model, b: float, reach: float, per_contact_of: float | None = None
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Before a day: the people not yet in and each one's probability of joining that day,
    1 - exp(-H), from the network and who is in alone. Every member is a promoter (SIMPLE);
    each sends Poisson(b) successful invitations (with ``per_contact_of`` = c, Poisson(b k / c)
    for a member with k contacts), a share ``reach`` to anyone not yet in, the others to one
    of their contacts not yet in (lost if they have none). So a person not yet in gets
    Poisson(b w_v (1 - reach) / o_v) invitations from each contact v in with o_v contacts
    outside (w_v = 1, or k_v / c), and Poisson(b reach W / S) from strangers, W the members'
    sum of w, S people outside."""
    net = model.network
    inn = model.row_of_person >= 0
    outsiders = np.flatnonzero(~inn)
    w = np.ones(net.n) if per_contact_of is None else net.degree() / per_contact_of
    owner, contact = net.neighbours_of(outsiders)
    is_member = inn[contact]
    owner, contact = owner[is_member], contact[is_member]
    left = np.zeros(net.n, dtype=np.int64)
    np.add.at(left, contact, 1)  # each member contact's contacts outside: one per such link
    h = np.bincount(owner, weights=b * w[contact] * (1 - reach) / left[contact],
                    minlength=outsiders.size).astype(np.float64)
    h += b * reach * w[inn].sum() / max(outsiders.size, 1)  # (nobody outside: h is empty)
    return outsiders, 1 - np.exp(-h)


@pytest.mark.parametrize("reach, effort", [(0.0, "per-promoter"), (0.05, "per-promoter"),
                                           (0.05, "per-contact")])
def test_network_newcomers_in_distribution(reach, effort):
    """Each day, each person not yet in joins with the probability worked out from the
    network and who is in: the joins against those probabilities, by bins of probability
    (a chi-square over ten bins holding a tenth of the expected joins each, each bin's variance
    sum p (1 - p)), and in total."""
    n, days = 5_000, 40
    model = SchemeModel(PRESET, participants=n, days=days, seed=4, overrides=[
        *mf.SIMPLE, "network.kind=random", "network.mean_contacts=4",
        f"network.outside_reach={reach}", "recruitment.founders_share=0.01",
        f'recruitment.effort="{effort}"'])
    model.step()  # day 0: the founders
    probs, joined = [], []
    per_contact_of = 4.0 if effort == "per-contact" else None
    while model.running:
        who, p = joining_probabilities(model, B, reach, per_contact_of)
        if not who.size:
            break
        model.step()
        probs.append(p)
        joined.append(model.row_of_person[who] >= 0)
    p, y = np.concatenate(probs), np.concatenate(joined)
    assert y.sum() > 0.9 * n  # the run went through its growth and most of its saturation
    assert not y[p == 0].any(), "someone joined whom nobody could invite"
    # ten bins by the chance of joining, each holding a tenth of the expected joins
    order = np.argsort(p, kind="stable")
    p, y = p[order], y[order]
    bins = np.minimum((10 * np.cumsum(p) / p.sum()).astype(np.int64), 9)
    observed = np.bincount(bins, weights=y, minlength=10)
    expected = np.bincount(bins, weights=p, minlength=10)
    variance = np.bincount(bins, weights=p * (1 - p), minlength=10)
    assert (variance > 20).all()
    chi2 = float((((observed - expected) ** 2) / variance).sum())
    assert stats.chi2.sf(chi2, observed.size) > ALPHA, (chi2, observed, expected)
    z = (y.sum() - p.sum()) / math.sqrt((p * (1 - p)).sum())
    assert abs(z) < stats.norm.isf(ALPHA / 2), z
