"""An independent deterministic model of recruitment, to check the engine against (issue 15).

The engine recruits member by member, at random (:mod:`sim.engine.recruitment`). Here the same
rules are written as ordinary differential equations for the expected numbers, integrated
with :func:`scipy.integrate.solve_ivp`, in the simplest setting the rules admit
(:data:`SIMPLE`): every member a valid promoter every day from the day after joining, nobody
quitting, recruitment at a fixed rate, no funnel and no fund. ``docs/meanfield.md`` derives
the equations term by term from the engine's code.

* :func:`well_mixed`: ``network.kind = "well-mixed"``. An invitation lands on anyone; on
  someone already in it is wasted: the engine's day is the logistic map, written as a
  differential equation whose one-day flow matches it.
* :func:`network`: a social network given by its degree distribution (a configuration-model
  network: no clustering, no degree correlations). The state is, per number of contacts k,
  the people not yet in by how many of their contacts are in, and the members by how many
  of their contacts are still outside: an approximate master equation (Gleeson, "High-
  accuracy approximation of binary-state dynamics on networks", Physical Review Letters 107,
  068701, 2011), whose classes say whether a member still has anyone to invite. Two rules of
  where an invitation goes: ``"targeted"``, the engine's (each goes to one of the promoter's
  contacts not yet in; a promoter with none left recruits nobody) and ``"uniform"`` (each goes
  to any contact, wasted on one already in, as the well-mixed kind wastes them; Zhu et al.,
  "Modeling and analysis of pyramid schemes on networks", Physica A, 2017, also let only
  people not yet in join), for comparison. Two rules of how many invitations a promoter
  sends (``recruitment.effort``): ``"per-promoter"``, the same rate for everyone, and
  ``"per-contact"``, a rate proportional to their number of contacts; ``"uniform"`` with
  ``"per-contact"`` is Zhu et al.'s rule, a fixed rate per link, wasted on a link to a member.

Time is continuous in the equations, in days; the engine's is not: a member who joins on day
t invites from day t + 1 on, so b = ``invite_rate * conversion`` joiners a member a day
multiply the members by 1 + b a day, where continuous growth at rate b would multiply them by
e^b. Each model's rate is set to the engine's day: the network's at g = ln(1 + b)
(:func:`continuous_rate`), exact while growth is exponential; the well-mixed equation so that
one day of it matches the engine's day at both ends (:func:`well_mixed`).

:func:`of_scenario` gives the model of a scenario (and refuses one outside :data:`SIMPLE`'s
setting, naming the field); :func:`engine_members` runs the engine over seeds for comparison;
``python -m sim.experiments.meanfield`` prints the comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.stats import poisson

#: Overrides that put a scenario in the setting the equations describe: everyone plays one seat
#: every day (a Poisson mean of 1,000 capped at one seat; budgets no run can spend), so that
#: every member is a valid promoter (RULEBOOK §8) from the day after joining; trust never
#: moves and nobody quits; nobody withdraws and the operator never stops the scheme; no
#: outside stall; refusals forgotten (network.refusals: the equations here are those of the
#: rule where only the yeses are drawn; the default, each contact one chance, is not yet
#: described by them).
SIMPLE = (
    "recruitment.stall_day=none",
    'network.refusals="forgotten"',
    "behaviour.seats_per_day=1000",
    "draw.daily_cap=1",
    "behaviour.shopping_gold_hook=0",
    "behaviour.budget_median_yuan=100000000",
    "behaviour.budget_sigma=0",
    "behaviour.trust_initial=1",
    "behaviour.quit_threshold=0",
    "behaviour.trust_newcomer_loss=0",
    "behaviour.trust_wait_loss=0",
    "behaviour.trust_failed_group_loss=0",
    "behaviour.trust_paid_gain=0",
    "behaviour.withdraw_propensity=0",
    "network.local_trust=false",
    'operator.extraction="none"',
    'operator.exit_rule="never"',
)

RULES = ("targeted", "uniform")
EFFORTS = ("per-promoter", "per-contact")


@dataclass(frozen=True)
class Curve:
    """Expected members at the end of each day 0..days - 1 of a run of ``days`` days (floats;
    day 0: the founders) among ``population`` people, as the engine's daily ``members``."""

    members: np.ndarray
    population: int

    @property
    def days(self) -> int:
        return int(self.members.size)

    @property
    def new_members(self) -> np.ndarray:
        """Expected newcomers per day (day 0: 0, the founders are not newcomers)."""
        return np.concatenate([[0.0], np.diff(self.members)])

    @property
    def peak_day(self) -> int | None:
        """The day with the most newcomers (as ``summary.growth_peak_day``); None if none."""
        new = self.new_members[1:]
        return int(np.argmax(new)) + 1 if new.size and new.max() > 0 else None

    @property
    def final_size(self) -> float:
        """Members on the last day."""
        return float(self.members[-1])

    def day_reaching(self, share: float) -> float:
        """The (fractional) day on which members reach ``share`` of the population, linear
        between days; nan if they never do."""
        target = share * self.population
        above = np.flatnonzero(self.members >= target)
        if not above.size:
            return math.nan
        d = int(above[0])
        if d == 0:
            return 0.0
        lo, hi = self.members[d - 1], self.members[d]
        return d - 1 + (target - lo) / (hi - lo)


def continuous_rate(daily: float) -> float:
    """The continuous growth rate g of a population that grows by ``daily`` (b) times itself a
    day: g = ln(1 + b). In the engine a member who joins on day t invites from day t + 1,
    so b joiners a member a day multiply the members by 1 + b a day; in the equations new
    members invite at once, and rate g gives the same growth, e^g = 1 + b."""
    return math.log1p(daily)


def founders_of(population: int, share: float, at_least: int = 6) -> int:
    """The engine's founders: ``share`` of the population, rounded up, at least ``at_least``
    (``recruitment.founders_min``) when share > 0, at most everybody
    (:func:`sim.engine.recruitment.founders_count`, recomputed in floating point)."""
    if share <= 0:
        return 0
    return min(population, max(math.ceil(population * share - 1e-9), at_least))


def _pieces(days: int, stall_day):
    """The time intervals on which the rate is constant: the engine's day t (its recruitment
    happens over (t - 1, t]) has the stall's factor from t = stall_day on."""
    if stall_day is None or stall_day > days or stall_day < 1:
        return [(0, days, stall_day if stall_day is not None and stall_day < 1 else None)]
    return [(0, stall_day - 1, None), (stall_day - 1, days, stall_day)]


def _integrate(rhs, y0: np.ndarray, days: int, rate_of, stall_day, stall_factor: float,
               rtol: float, done=None) -> np.ndarray:
    """y at t = 0, 1, ..., days - 1 (the ends of the run's days); ``rhs(t, y, g)`` is given
    g = ``rate_of(b)``, b the daily rate times the stall's factor where it applies (b = 1
    before: ``rate_of`` multiplies it by the scenario's). From the time the event ``done``
    fires (if given), y stays as it is then."""
    days -= 1
    out = np.empty((days + 1, y0.size))
    out[0] = y0
    y = y0
    for start, end, stalled in _pieces(days, stall_day):
        if end <= start:
            continue
        g = rate_of(stall_factor if stalled is not None else 1.0)
        t_eval = np.arange(start, end + 1, dtype=np.float64)
        sol = solve_ivp(rhs, (start, end), y, t_eval=t_eval, args=(g,), method="RK45",
                        rtol=rtol, atol=1e-12, events=done)
        if sol.status < 0:  # pragma: no cover - the systems are smooth and bounded
            raise RuntimeError(f"solve_ivp: {sol.message}")
        got = sol.y.shape[1]
        out[start:start + got] = sol.y.T
        if sol.status == 1:  # the event: nothing changes any more
            out[start + got:] = sol.y_events[0][0]
            break
        y = sol.y[:, -1]
    return out


def day_step_factor(u):
    """ln(1 + u) / u (1 at u = 0), for u > -1: the continuous rate that multiplies a quantity
    by 1 + u in one day, per unit of u."""
    u = np.asarray(u, dtype=np.float64)
    small = np.abs(u) < 1e-8
    safe = np.where(small, 1.0, u)
    return np.where(small, 1.0 - u / 2, np.log1p(safe) / safe)


def well_mixed(population: int, days: int, founders: int, daily_rate: float, *,
               stall_day: int | None = None, stall_factor: float = 0.0,
               rtol: float = 1e-8) -> Curve:
    """The well-mixed kind. Each member's b = ``daily_rate`` successful invitations a day
    land on anyone, only the share (N - M) / N of them on someone not yet in: the engine's
    day is the logistic map M -> M + f(M), f(M) = b M (N - M) / N. In continuous time,
    dM/dt = f(M) ln(1 + f'(M)) / f'(M), with f'(M) = b (1 - 2M / N): its one-day flow
    multiplies the members by 1 + b while few are in and the people outside by 1 - b once
    nearly all are, as the map does (a plain dM/dt = f(M) would grow by e^b a day). b must be
    below 1 (at 1 or more the map overshoots everyone and the engine's cap decides)."""
    if not 0 < daily_rate < 1:
        raise ValueError(f"daily_rate = {daily_rate:g}: the well-mixed equation needs 0 < b < 1")
    n = float(population)

    def rhs(t, y, g):  # g: b times the stall's factor
        x = y / n
        slope = g * (1.0 - 2.0 * x)
        return g * y * (1.0 - x) * day_step_factor(slope)

    y = _integrate(rhs, np.array([float(founders)]), days, lambda f: daily_rate * f, stall_day,
                   stall_factor, rtol)
    return Curve(np.minimum(y[:, 0], n), population)


# -- on a network ----------------------------------------------------------------------------


def degree_distribution(degrees) -> tuple[np.ndarray, np.ndarray]:
    """The distinct numbers of contacts and the share of people with each, from one number of
    contacts per person (e.g. ``network.degree()`` of the engine's network)."""
    k, count = np.unique(np.asarray(degrees, dtype=np.int64), return_counts=True)
    return k, count / count.sum()


def poisson_degrees(mean: float, tail: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """The degree distribution of a large Erdős-Rényi network with ``mean`` contacts:
    Poisson(mean), cut where the tail above is below ``tail`` and renormalised."""
    top = int(poisson.isf(tail, mean)) + 1
    k = np.arange(top + 1)
    p = poisson.pmf(k, mean)
    return k, p / p.sum()


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    """sum(a * b), without BLAS (whose threads cost more than they save at these sizes)."""
    return float(np.multiply(a, b).sum())


class _Classes:
    """The slots of the approximate master equation: for each degree class k, people not yet
    in by m = contacts in (0..k), members by o = contacts outside (0..k), flattened."""

    def __init__(self, ks: np.ndarray, pk: np.ndarray):
        keep = pk > 0
        self.ks, self.pk = ks[keep].astype(np.int64), pk[keep] / pk[keep].sum()
        sizes = self.ks + 1
        self.start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        self.k = np.repeat(self.ks, sizes).astype(np.float64)  # each slot's class
        self.j = (np.arange(sizes.sum()) - np.repeat(self.start, sizes)).astype(np.float64)
        # an outsider of slot (k, m) joining becomes a member of slot (k, o = k - m)
        self.to_member = (np.repeat(self.start, sizes) + (self.k - self.j)).astype(np.int64)
        self.size = int(sizes.sum())


def _binomial_start(cls: _Classes, eps: float) -> tuple[np.ndarray, np.ndarray]:
    """The founders: a share eps of the people, drawn whatever their contacts; an outsider's
    contacts are each in with probability eps, a founder's each outside with 1 - eps."""
    from scipy.stats import binom

    k, j = cls.k, cls.j
    w = np.repeat(cls.pk, cls.ks + 1)
    s = w * (1 - eps) * binom.pmf(j, k, eps)
    i = w * eps * binom.pmf(j, k, 1 - eps)
    return s, i


def effort_growth(degrees: tuple[np.ndarray, np.ndarray], mean_contacts: float,
                  outside_reach: float = 0.0) -> float:
    """kappa: under ``effort = "per-contact"``, how many times faster than a promoter's own
    rate b the members grow while few are in, on a configuration-model network. A member
    with k contacts recruits b k / mean_contacts a day; a recruit reached along a link has k
    contacts with probability k P(k) / <k> (a share 1 - rho of them), one reached as a
    stranger with P(k) (a share rho): so a day multiplies the members' sum of k by
    1 + b kappa, kappa = ((1 - rho) <k^2> / <k> + rho <k>) / mean_contacts (leaving out that
    a recruit's contacts run out: the one who brought them in is in already, so they recruit
    at most k - 1 people, which slows the growth a little on a sparse network)."""
    ks, pk = (np.asarray(a, dtype=np.float64) for a in degrees)
    k1, k2 = _dot(ks, pk), _dot(ks * ks, pk)
    rho = float(outside_reach)
    return ((1 - rho) * k2 / k1 + rho * k1) / float(mean_contacts)


def network(degrees: tuple[np.ndarray, np.ndarray], population: int, days: int, founders: int,
            daily_rate: float, *, outside_reach: float = 0.0, rule: str = "targeted",
            effort: str = "per-promoter", mean_contacts: float | None = None,
            stall_day: int | None = None, stall_factor: float = 0.0,
            rtol: float = 1e-6) -> Curve:
    """Recruitment on a configuration-model network with this degree distribution ``(k,
    share)`` (:func:`degree_distribution`, :func:`poisson_degrees`).

    Fractions of the population, per number of contacts k: ``s[k, m]`` not yet in with m
    contacts in, ``i[k, o]`` members with o contacts outside. A promoter sends invitations at
    rate g (:func:`continuous_rate` of ``daily_rate``); a share ``outside_reach`` go to
    anyone not yet in, uniformly; the others, under ``rule``:

    ``"targeted"`` (the engine's)
        to one of the promoter's contacts not yet in, uniformly; lost if there is none. A
        member with o > 0 recruits at rate g (1 - reach) whatever o is.
    ``"uniform"``
        to one of the promoter's k contacts, uniformly; wasted if that contact is in. A member
        recruits at rate g (1 - reach) o / k.

    ``effort = "per-contact"`` multiplies each member's rate (to contacts and to strangers)
    by k / ``mean_contacts`` (default: the mean of ``degrees``), and g is then
    ln(1 + b kappa) / kappa (:func:`effort_growth`), the engine's early growth; with
    ``"uniform"`` a link carries g / mean_contacts, Zhu et al.'s rate per link.

    The equations are in docs/meanfield.md."""
    if rule not in RULES:
        raise ValueError(f"rule = {rule!r}: must be one of {', '.join(RULES)}")
    if effort not in EFFORTS:
        raise ValueError(f"effort = {effort!r}: must be one of {', '.join(EFFORTS)}")
    cls = _Classes(*degrees)
    k, j = cls.k, cls.j
    outside_edges = k - j  # of an outsider slot: contacts not yet in
    has_outside = j >= 1  # of a member slot: someone left to invite
    ratio = np.divide(j, k, out=np.zeros_like(j), where=k > 0)  # member slot: o / k
    reach = float(outside_reach)
    kappa = 1.0
    weight = np.ones(cls.size)  # of a member slot: its rate over the per-promoter one
    if effort == "per-contact":
        mean = _dot(cls.ks, cls.pk) if mean_contacts is None else float(mean_contacts)
        weight = k / mean
        kappa = effort_growth((cls.ks, cls.pk), mean, reach)
    size = cls.size
    eps = founders / population
    s0, i0 = _binomial_start(cls, eps)
    floor = 1.0 / population

    def rhs(t, y, g):
        y = np.maximum(y, 0.0)  # the integrator's overshoots below 0 are no people
        s, i = y[:size], y[size:]
        contact = g * (1 - reach)
        own = contact * weight * (has_outside if rule == "targeted" else ratio)  # per member
        edges_s = _dot(j, s)  # member-outsider links, counted from the outsiders
        edges_i = _dot(j, i)  # the same links, counted from the members
        S = s.sum()
        # members weighted by their rate: per-contact, their contacts over the mean
        M = i.sum() if effort == "per-promoter" else _dot(weight, i)
        # the mean rate of invitations along one such link (at most g times the weight: a
        # member with o > 0 contacts outside sends at most that over them)
        lam = _dot(own, i) / edges_i if edges_i > 1e-300 else 0.0
        # per outsider, strangers' invitations, spread over those not yet in (counted as at
        # least one person: below that the equations describe nobody)
        sigma = g * reach * M / max(S, floor)
        hazard = j * lam + sigma
        joins = hazard * s
        oo = _dot(outside_edges, s)
        beta_s = _dot(outside_edges, joins) / oo if oo > 1e-300 else 0.0
        # other members' recruits among a member's outside contacts, per member-outsider link:
        # an outsider with m members around joins, recruited by one of them (or a stranger's
        # invitation), and every other one of the m loses a contact outside
        beta_i = _dot(s, j * lam * (j - 1) + sigma * j) / edges_s if edges_s > 1e-300 else 0.0
        ds = -joins
        up = outside_edges * beta_s * s  # s[k, m] -> s[k, m + 1]
        ds -= up
        ds[1:] += up[:-1]  # (no flow crosses a class: up is 0 at m = k)
        di = np.empty(size)
        di[cls.to_member] = joins  # (one outsider slot to each member slot)
        down = (own + j * beta_i) * i  # i[k, o] -> i[k, o - 1]
        di -= down
        di[:-1] += down[1:]  # (no flow crosses a class: down is 0 at o = 0)
        return np.concatenate([ds, di])

    def everyone_in(t, y, g):  # under a tenth of a person outside: nothing is left to do
        return float(np.maximum(y[:size], 0.0).sum()) * population - 0.1

    everyone_in.terminal = True
    y = _integrate(rhs, np.concatenate([s0, i0]), days,
                   lambda f: continuous_rate(daily_rate * f * kappa) / kappa, stall_day,
                   stall_factor, rtol, everyone_in)
    members = np.maximum(y[:, size:], 0.0).sum(axis=1) * population
    return Curve(np.clip(members, 0.0, population), population)


# -- a scenario --------------------------------------------------------------------------------


class OutsideSetting(ValueError):
    """A scenario whose rules the equations do not describe (one line naming the field)."""


def outside_setting(sc) -> list[str]:
    """What in scenario ``sc`` the equations do not describe: one line per field and value
    (empty: the scenario is in the setting of :data:`SIMPLE`, or one as simple)."""
    b, r, d, z = sc.behaviour, sc.recruitment, sc.draw, sc.zones
    why = []
    for name in ("trust_newcomer_loss", "trust_wait_loss", "trust_failed_group_loss"):
        if getattr(b, name) > 0:
            why.append(f"behaviour.{name} = {getattr(b, name):g}: trust may fall and members "
                       f"quit or skip days (must be 0)")
    if sc.network.local_trust:
        why.append("network.local_trust = true: trust may fall (must be false)")
    if sc.network.kind != "well-mixed" and sc.network.refusals != "forgotten":
        why.append(f"network.refusals = {sc.network.refusals!r}: a contact who says no is "
                   f"not asked again, which these equations leave out (must be 'forgotten')")
    if b.trust_initial < b.quit_threshold:
        why.append(f"behaviour.quit_threshold = {b.quit_threshold:g}: above trust_initial = "
                   f"{b.trust_initial:g}, members quit at once (must be at most it)")
    if b.trust_initial * b.seats_per_day < 30:
        why.append(f"behaviour.seats_per_day = {b.seats_per_day:g}: times trust_initial, "
                   f"{b.trust_initial * b.seats_per_day:g} seats a day on average, so members "
                   f"skip days and are then no valid promoters (must be 30 or more)")
    stake = max([d.stake_yuan, *z.stakes_yuan])
    packages = max(sc.gift.vip_price_yuan, sc.gift.special_price_yuan,
                   sc.gift.cofounder_price_yuan, sc.gift.agent_price_yuan)
    need = d.daily_cap * stake * sc.run.days + packages
    if b.budget_sigma > 0 or b.budget_median_yuan < need or z.large_prepaid_share > 0:
        why.append(f"behaviour.budget_median_yuan = {b.budget_median_yuan:,.0f} yuan with "
                   f"budget_sigma = {b.budget_sigma:g}: members may run out of money and stop "
                   f"playing (must be at least {need:,.0f} yuan with sigma 0 and no large "
                   f"prepaid members)")
    if sc.operator.exit_rule != "never":
        why.append(f"operator.exit_rule = {sc.operator.exit_rule!r}: the operator may end "
                   f"the scheme (must be 'never')")
    if sc.policy.crackdown_day is not None:
        why.append(f"policy.crackdown_day = {sc.policy.crackdown_day}: must be none")
    if sc.funnel.enabled:
        why.append("funnel.enabled = true: the 7+21 funnel is not in the equations")
    if sc.fund.enabled:
        why.append("fund.enabled = true: a fund's depositors are not in the equations")
    if r.founders_share <= 0:
        why.append("recruitment.founders_share = 0: nobody starts the scheme")
    b_day = r.invite_rate * r.conversion
    if sc.network.kind == "well-mixed" and not b_day < 1:
        why.append(f"recruitment.invite_rate * conversion = {b_day:g}: the well-mixed "
                   f"equation needs less than 1 joiner a promoter a day")
    return why


def of_scenario(sc, degrees: tuple[np.ndarray, np.ndarray] | None = None,
                rule: str = "targeted") -> Curve:
    """The equations' curve for scenario ``sc`` (a :class:`sim.scheme.scenario.Scenario` in
    the setting of :data:`SIMPLE`; :class:`OutsideSetting` names the first field that is not).
    A network other than well-mixed is described by its degree distribution: ``degrees``
    (e.g. :func:`degree_distribution` of the run's network), by default Poisson with
    ``network.mean_contacts`` for 'random' (a large G(n, m)); the other kinds need it given.
    The equations assume no clustering and no degree correlations: see docs/meanfield.md for
    the kinds where that holds. ``recruitment.effort`` is read as the engine reads it: with
    'per-contact', a promoter's rate is over ``network.mean_contacts`` (for 'file', over the
    mean of ``degrees``)."""
    why = outside_setting(sc)
    if why:
        raise OutsideSetting(why[0])
    r, n = sc.recruitment, sc.run.participants
    common = dict(population=n, days=sc.run.days, founders=founders_of(n, r.founders_share, r.founders_min),
                  daily_rate=r.invite_rate * r.conversion, stall_day=r.stall_day,
                  stall_factor=r.stall_factor)
    if sc.network.kind == "well-mixed":
        return well_mixed(**common)
    if degrees is None:
        if sc.network.kind != "random":
            raise OutsideSetting(f"network.kind = {sc.network.kind!r}: give its degree "
                                 f"distribution (degrees=)")
        degrees = poisson_degrees(sc.network.mean_contacts)
    mean = None if sc.network.kind == "file" else sc.network.mean_contacts
    return network(degrees, outside_reach=sc.network.outside_reach, rule=rule,
                   effort=r.effort, mean_contacts=mean, **common)


# -- the engine, for comparison ------------------------------------------------------------------


@dataclass
class EngineRuns:
    """Members at the end of each day, one row per seed, and each run's degrees."""

    members: np.ndarray  # (seeds, days) int64
    degrees: list

    def mean(self, population: int) -> Curve:
        return Curve(self.members.mean(axis=0), population)


def engine_members(preset: str, seeds, *, participants: int, days: int,
                   overrides=()) -> EngineRuns:
    """Run the engine (:class:`sim.engine.model.SchemeModel`) once per seed with
    :data:`SIMPLE` and ``overrides`` after it; return its members day by day."""
    from sim.engine.model import SchemeModel

    rows, degrees = [], []
    for seed in seeds:
        model = SchemeModel(preset, participants=participants, days=days, seed=int(seed),
                            overrides=[*SIMPLE, *overrides])
        model.run()
        rows.append([row["members"] for row in model.rows])
        degrees.append(None if model.network.well_mixed else model.network.degree())
    return EngineRuns(np.asarray(rows, dtype=np.int64), degrees)


@dataclass(frozen=True)
class Gap:
    """How far the engine's mean curve is from the equations'."""

    peak_engine: int
    peak_model: int
    final_engine: float
    final_model: float
    max_gap_share: float  # largest |engine - model| over the days, as a share of the population
    max_relative_gap: float  # largest |engine - model| / model over the days the model is >= 1%

    def lines(self) -> list[str]:
        return [f"peak day: engine {self.peak_engine}, equations {self.peak_model}",
                f"final size: engine {self.final_engine:,.0f}, equations {self.final_model:,.0f}",
                f"largest gap: {100 * self.max_gap_share:.2f}% of the population, "
                f"{100 * self.max_relative_gap:.1f}% of the equations' members"]


def gap(engine: Curve, model: Curve) -> Gap:
    e, m = engine.members, model.members
    n = model.population
    big = m >= 0.01 * n
    rel = np.abs(e - m)[big] / m[big]
    return Gap(engine.peak_day, model.peak_day, engine.final_size, model.final_size,
               float(np.abs(e - m).max() / n), float(rel.max()) if rel.size else 0.0)


def compare(kind: str, *, participants: int = 20_000, days: int = 80, seeds=range(1, 6),
            mean_contacts: float = 10.0, overrides=(), rule: str = "targeted",
            preset: str = "quanmin-pingou") -> tuple[Curve, Curve, Gap]:
    """The engine's mean curve over ``seeds`` and the equations' for the same scenario
    (network ``kind``; the degree distribution of the engine's own networks, pooled over the
    seeds, for any kind but well-mixed)."""
    from sim.scheme.scenario import load

    settings = [*SIMPLE, f"network.kind={kind}", f"network.mean_contacts={mean_contacts}",
                *overrides]
    sc = load(preset, settings, participants=participants, days=days)
    why = outside_setting(sc)
    if why:  # before the runs, not after them
        raise OutsideSetting(why[0])
    runs = engine_members(preset, seeds, participants=participants, days=days,
                          overrides=settings[len(SIMPLE):])
    degrees = None if kind == "well-mixed" else degree_distribution(np.concatenate(runs.degrees))
    model = of_scenario(sc, degrees, rule=rule)
    engine = runs.mean(participants)
    return engine, model, gap(engine, model)


def main(argv=None) -> int:  # pragma: no cover - a command for readers of docs/meanfield.md
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="python -m sim.experiments.meanfield",
                                 description="The engine's members day by day against the "
                                             "mean-field equations (docs/meanfield.md).")
    ap.add_argument("--kinds", default="well-mixed,random,scale-free")
    ap.add_argument("--participants", type=int, default=20_000)
    ap.add_argument("--days", type=int, default=80)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--set", action="append", default=[], metavar="SECTION.FIELD=VALUE")
    ap.add_argument("--rule", default="targeted", choices=RULES)
    a = ap.parse_args(argv)
    from sim.scheme.scenario import ScenarioError

    for kind in a.kinds.split(","):
        try:
            engine, model, g = compare(kind, participants=a.participants, days=a.days,
                                       seeds=range(1, a.seeds + 1), overrides=a.set,
                                       rule=a.rule)
        except (ScenarioError, OutsideSetting) as e:
            print(f"python -m sim.experiments.meanfield: {e}", file=sys.stderr)
            return 2
        rule = "" if kind == "well-mixed" else f", rule {a.rule}"
        print(f"{kind} ({a.participants:,} people, {a.seeds} seeds{rule}):")
        for line in g.lines():
            print("  " + line)
        for share in (0.1, 0.5, 0.9):
            print(f"  {100 * share:.0f}% in on day: engine {engine.day_reaching(share):.1f}, "
                  f"equations {model.day_reaching(share):.1f}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
