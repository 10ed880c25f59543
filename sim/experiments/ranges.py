"""Ranges on the headline figures: one scenario over K seeds (``pingou run --seeds K``).

The K runs take the run's seed and the K-1 after it (seed S, S+1, ..., S+K-1, where S is
``--seed`` or the scenario's ``run.seed``), so the first of them is exactly the run that
``pingou run`` without ``--seeds`` makes: its CSV files, its figures and its sentences are
those of seed S, and the ranges come on top. The runs go to a local Dask cluster of
single-threaded worker processes, one per core by default (the machinery of
:mod:`sim.experiments.sweep`), or run one after the other (``workers=0``); either way the
results are taken in seed order, so the same command gives the same files whatever the number
of workers.

Each headline figure (:data:`FIGURES`) gets its median over the runs and a 90% range: from its
5th to its 95th percentile over the runs (``numpy.percentile``, linear interpolation between
runs); amounts in fen, people and days are rounded to whole ones, shares to six decimals. A
figure that a run may not have (the day payouts stopped, when they never did) is taken over
the runs that have it, and says over how many (``seeds``). It is the spread of the model's
outcomes, a range, not a confidence interval. The timeline figures get bands: each day's 5th
and 95th percentile and median over the runs (:data:`TIMELINES`).

With ``assumptions="wide"`` each run also draws its own set of behavioural assumptions, over
the ranges the robustness study uses (:data:`sim.experiments.robustness.BEHAVIOUR_RANGES`),
by Latin hypercube sampling (:func:`sim.experiments.sweep.sample_points`) seeded with S: one
drawn point per seed, so the range takes in model uncertainty as well as chance. Assumptions
fixed with ``--set`` are not drawn. The detailed run (the CSV files, the figures, the words
not given with a range) is then seed S with the scenario's own assumptions, the values the
report's table of assumptions shows; the K runs of the ranges are the drawn ones. Which
assumption moves the headline (the share behind against a shop) most is measured by
Spearman's rank correlation over the K runs (:func:`sensitivity`).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

import numpy as np

from sim import api
from sim.analysis import ranks
from sim.analysis.ranks import chance_band, rank_correlation
from sim.experiments import sweep
from sim.scheme import scenario as scenario_mod
from sim.scheme.scenario import Scenario, ScenarioError, toml_value

#: The most seeds one ``pingou run --seeds`` takes: the runs' figures and timelines stay a few
#: megabytes; a larger study is a sweep (``pingou sweep``).
MAX_SEEDS = 1_000

#: The percentiles of a range and its middle.
LOW, MIDDLE, HIGH = 5, 50, 95

#: What the assumptions of the K runs are: the scenario's own, or drawn from wide ranges.
ASSUMPTIONS = ("scenario", "wide")

#: The headline figures given with a range, in the order the report lists them: the key in
#: ``summary.json`` (nested keys joined by ``_``, as :func:`sim.experiments.sweep.flatten`)
#: and its kind: "share" (0 to 1), "fen" (money), "people" or "days". The first is the
#: headline (MODEL.md §6), and the figure :func:`sensitivity` measures.
FIGURES = (
    ("share_losing_shop", "share"),
    ("last_half_share_losing_shop", "share"),
    ("share_losing_told", "share"),
    ("median_net_shop_fen", "fen"),
    ("lost_shop_fen", "fen"),
    ("gained_shop_fen", "fen"),
    ("participants", "people"),
    ("paid_in_fen", "fen"),
    ("withdrawn_fen", "fen"),
    ("operator_take_fen", "fen"),
    ("share_losing_cash", "share"),
    ("growth_peak_day", "days"),
    ("collapse_day", "days"),
    ("early_warning_lead_days", "days"),
    ("activity_end_day", "days"),
)
KINDS = dict(FIGURES)
HEADLINE = FIGURES[0][0]

#: The daily columns the timeline figures draw with bands (``daily.csv``).
TIMELINES = ("share_losing_shop", "share_losing_told", "told_balances_fen", "promises_fen",
             "walk_away_fen", "members", "active_members", "platform_cash_fen")

#: A two-sided 95% bound on Spearman's correlation of unrelated figures over K runs is about
#: ``Z95 / sqrt(K - 1)`` (:func:`sim.analysis.ranks.chance_band`).
Z95 = ranks.Z95


# ----------------------------------------------------------------------------------------
# What to run
# ----------------------------------------------------------------------------------------


@dataclass
class Plan:
    """The runs of a range: the scenario (with the first seed), the seeds, and for each seed
    the assumptions drawn for it (``{}``: the scenario's own)."""

    scenario: Scenario
    seeds: list[int]
    assumptions: str = "scenario"
    points: list[dict] = field(default_factory=list)  # one per seed: {"section.field": value}
    drawn: dict = field(default_factory=dict)  # the ranges drawn from: key -> (low, high)
    held: list[str] = field(default_factory=list)  # assumptions fixed by --set, not drawn
    sample_seed: int | None = None
    memory: "api.MemoryNeed | None" = None  # what the largest of the runs needs

    def scenario_of(self, i: int) -> Scenario:
        """The scenario of the ``i``-th run (its seed and drawn assumptions)."""
        return scenario_mod.load_object(self.scenario, _overrides(self.points[i]),
                                        seed=self.seeds[i])


def _overrides(point: dict) -> list[str]:
    return [f"{k}={toml_value(v)}" for k, v in point.items()]


def plan(scenario: Scenario, seeds: int, assumptions: str = "scenario",
         held=()) -> Plan:
    """The K runs of ``scenario``: seeds S to S+K-1 (S its ``run.seed``), each with the
    scenario's own assumptions or (``assumptions="wide"``) a set drawn for it; ``held`` names
    assumptions fixed by ``--set``, which are not drawn. Every run is validated here, before
    any starts."""
    if assumptions not in ASSUMPTIONS:
        raise ScenarioError(f"--assumptions {assumptions!r}: must be one of "
                            f"{', '.join(ASSUMPTIONS)}")
    if not 2 <= int(seeds) <= MAX_SEEDS:
        raise ScenarioError(f"--seeds {seeds}: must be >= 2 and <= {MAX_SEEDS:,} (a range "
                            "needs at least two runs)")
    first = int(scenario.run.seed)
    last = first + int(seeds) - 1
    if last > 2**63 - 1:
        raise ScenarioError(f"--seeds {seeds}: with --seed {first} the last seed would be "
                            f"{last}, above the largest seed, {2**63 - 1}; give a smaller --seed")
    out = Plan(scenario=scenario, seeds=list(range(first, last + 1)), assumptions=assumptions,
               points=[{} for _ in range(int(seeds))])
    if assumptions == "wide":
        from sim.experiments.robustness import BEHAVIOUR_RANGES  # SALib: only when drawing

        held = sorted(set(held) & set(BEHAVIOUR_RANGES))
        drawn = {k: v for k, v in BEHAVIOUR_RANGES.items() if k not in held}
        if not drawn:
            raise ScenarioError("--assumptions wide: every assumption it draws is fixed by "
                                f"--set ({', '.join(held)}); leave some free")
        out.drawn, out.held, out.sample_seed = drawn, held, first
        out.points = sweep.sample_points([(k, lo, hi) for k, (lo, hi) in drawn.items()],
                                         int(seeds), "lhs", seed=first)
    need = api.memory_needed(scenario)
    for i, point in enumerate(out.points):
        if point:  # the scenario's own assumptions were validated when it was loaded
            point_need = api.memory_needed(out.scenario_of(i))
            if point_need.total > need.total:
                need = point_need
    out.memory = need
    return out


# ----------------------------------------------------------------------------------------
# One run's figures (what a worker sends back)
# ----------------------------------------------------------------------------------------


def figures_of(summary: dict) -> dict:
    """The :data:`FIGURES` of one run's summary; None where the run does not have the figure:
    a day that never came, the early warning's lead when payouts never stopped or stopped
    first, and the median loss of those behind when nobody was."""
    flat = sweep.flatten(summary)
    out = {}
    for name, _ in FIGURES:
        value = flat.get(name)
        if name == "median_net_shop_fen" and not summary.get("share_losing_shop"):
            value = None
        out[name] = value
    return out


def timelines_of(daily) -> dict[str, np.ndarray]:
    """The :data:`TIMELINES` columns of one run's daily table, as float arrays."""
    return {c: daily[c].to_numpy(dtype=float) for c in TIMELINES if c in daily.columns}


def run_one(scenario: dict, point: dict, seed: int) -> dict:
    """Run one seed (``scenario``: the plan's scenario as data, so that a worker needs no
    preset file) and return its figures and timelines."""
    base = Scenario.model_validate(scenario)
    result = api.run(scenario_mod.load_object(base, _overrides(point), seed=seed))
    return {"seed": int(seed), "figures": figures_of(result.summary),
            "timelines": timelines_of(result.daily)}


# ----------------------------------------------------------------------------------------
# The runs
# ----------------------------------------------------------------------------------------


def run_all(the_plan: Plan, *, skip_first: bool = False, workers: int | None = None,
            done=None) -> list[dict]:
    """Run the plan's seeds (all but the first with ``skip_first``) on a local Dask cluster of
    ``workers`` single-threaded processes (default one per core; 0: one after the other in
    this process); ``done()`` is called after each run. Returns each run's :func:`run_one`
    in seed order, whatever order they finished in. The cluster's processes are ended on the
    way out, whatever happens (Ctrl-C, SIGTERM, a worker that died: :class:`sweep.WorkerError`).
    """
    data = the_plan.scenario.model_dump(mode="json")
    todo = [(point, seed) for point, seed in zip(the_plan.points, the_plan.seeds)]
    if skip_first:
        todo = todo[1:]
    results: dict[int, dict] = {}
    if not todo:
        return []
    if workers == 0:
        for point, seed in todo:
            results[seed] = run_one(data, point, seed)
            if done:
                done()
    else:
        with sweep.local_client(min(workers or os.cpu_count() or 1, len(todo))) as client:
            from dask.distributed import as_completed
            from distributed import KilledWorker

            futures = [client.submit(run_one, data, point, seed, pure=False)
                       for point, seed in todo]
            try:
                for fut in as_completed(futures):
                    try:
                        item = fut.result()
                    except KilledWorker as exc:
                        raise sweep.WorkerError(
                            f"a Dask worker died while running a seed ({exc}); most often it "
                            "ran out of memory") from None
                    results[item["seed"]] = item
                    if done:
                        done()
            finally:
                client.cancel(futures)
    return [results[seed] for _, seed in todo]


# ----------------------------------------------------------------------------------------
# The ranges
# ----------------------------------------------------------------------------------------


def _rounded(value: float, kind: str):
    return round(float(value), 6) if kind == "share" else int(round(float(value)))


def figure_range(values, kind: str) -> dict:
    """``{median, low, high, seeds}`` of one figure over the runs that have it (None values
    left out; ``seeds``: how many runs it is taken over): the 50th, 5th and 95th percentile
    (``numpy.percentile``, linear), rounded as its kind is (:func:`_rounded`)."""
    present = np.asarray([v for v in values if v is not None], dtype=float)
    if not present.size:
        return {"median": None, "low": None, "high": None, "seeds": 0}
    low, median, high = np.percentile(present, [LOW, MIDDLE, HIGH])
    return {"median": _rounded(median, kind), "low": _rounded(low, kind),
            "high": _rounded(high, kind), "seeds": int(present.size)}


def spearman(x, y) -> float | None:
    """Spearman's rank correlation of ``x`` and ``y``
    (:func:`sim.analysis.ranks.rank_correlation`), six decimals; None when either is the same in every run (no ranking to correlate)."""
    rho = rank_correlation(x, y)
    return None if math.isnan(rho) else round(rho, 6)


def sensitivity(points: list[dict], outcome: list[float]) -> dict:
    """Which drawn assumption moves ``outcome`` (the headline, one value a run) most:
    Spearman's rank correlation of each with it over the runs, the largest in size first
    (``top``; ties in the order of the ranges); ``chance``: the size below which a
    correlation could come from chance alone (two-sided 95%, :data:`Z95` / sqrt(K - 1))."""
    keys = list(points[0]) if points else []
    rho = {k: spearman([p[k] for p in points], outcome) for k in keys}
    ranked = sorted((k for k in keys if rho[k] is not None), key=lambda k: -abs(rho[k]))
    k = len(outcome)
    return {"measure": "spearman", "outcome": HEADLINE, "rho": rho, "ranking": ranked,
            "top": ranked[0] if ranked else None,
            "chance": round(chance_band(k), 6) if k > 1 else None}


@dataclass
class Ranges:
    """The ranges of a multi-seed run: per figure ``{median, low, high, seeds}``, the bands
    of the timelines, each run's figures and, with wide assumptions, what was drawn and which
    assumption moves the headline most."""

    seeds: list[int]
    assumptions: str
    figures: dict  # name -> {median, low, high, seeds}
    runs: list[dict]  # per seed: {"seed", "figures", ("assumptions")}
    bands: dict  # daily column -> {"low", "median", "high"}: float arrays, one value a day
    drawn: dict = field(default_factory=dict)
    held: list[str] = field(default_factory=list)
    sample_seed: int | None = None
    sensitivity: dict | None = None
    kinds: dict = field(default_factory=lambda: dict(KINDS))  # figure -> its kind
    detail: dict = field(default_factory=dict)  # the figures of the run in detail (the files')

    @property
    def count(self) -> int:
        return len(self.seeds)

    def about(self) -> dict:
        """How the ranges were made, for ``summary.json`` (``ranges_about``)."""
        out = {"runs": self.count, "seeds": list(self.seeds),
               "percentiles": {"low": LOW, "median": MIDDLE, "high": HIGH},
               "interpolation": "linear (numpy.percentile), over the runs that have the "
                                "figure; fen, people and days rounded to whole ones",
               "files_seed": self.seeds[0], "assumptions": self.assumptions}
        if self.assumptions == "wide":
            out["files_assumptions"] = "the scenario's own (not drawn)"
            out["sampling"] = {"method": "lhs", "sample_seed": self.sample_seed,
                               "ranges": {k: list(v) for k, v in self.drawn.items()},
                               "held_by_set": list(self.held)}
            out["sensitivity"] = self.sensitivity
        out["by_seed"] = self.runs
        return out


def ranges_of(the_plan: Plan, runs: list[dict]) -> Ranges:
    """The ranges of the plan's runs (each a :func:`run_one`, in seed order)."""
    figures = {name: figure_range([r["figures"][name] for r in runs], kind)
               for name, kind in FIGURES}
    bands = {}
    for column in TIMELINES:
        if all(column in r["timelines"] for r in runs):
            stack = np.vstack([r["timelines"][column] for r in runs])
            low, median, high = np.percentile(stack, [LOW, MIDDLE, HIGH], axis=0)
            bands[column] = {"low": low, "median": median, "high": high}
    wide = the_plan.assumptions == "wide"
    by_seed = []
    for point, r in zip(the_plan.points, runs):
        row = {"seed": r["seed"]}
        if wide:
            row["assumptions"] = dict(point)
        row["figures"] = r["figures"]
        by_seed.append(row)
    sens = None
    if wide:
        sens = sensitivity(the_plan.points, [float(r["figures"][HEADLINE]) for r in runs])
    return Ranges(seeds=list(the_plan.seeds), assumptions=the_plan.assumptions, figures=figures,
                  runs=by_seed, bands=bands, drawn=dict(the_plan.drawn),
                  held=list(the_plan.held), sample_seed=the_plan.sample_seed, sensitivity=sens)


def attach(result, ranges: Ranges):
    """``result`` (the first seed's run) with the ranges: ``summary["ranges"]`` and
    ``summary["ranges_about"]`` for ``summary.json``, and ``result.ranges`` for the report's
    words and bands."""
    ranges.detail = figures_of(result.summary)
    result.summary["ranges"] = ranges.figures
    result.summary["ranges_about"] = ranges.about()
    result.ranges = ranges
    return result


def run(scenario: "str | Scenario" = "quanmin-pingou", *, seeds: int = 10,
        assumptions: str = "scenario", participants: int | None = None,
        days: int | None = None, seed: int | None = None, overrides=(),
        workers: int | None = 0, progress=None) -> "api.Result":
    """Run ``scenario`` over ``seeds`` seeds (the seed and the ones after it) and return the
    first seed's :class:`sim.api.Result` with the ranges attached (:func:`attach`):
    ``result.summary["ranges"]``, ``result.ranges``; ``result.save(...)`` writes the report
    with them. ``workers``: 0 (the default here) runs the seeds one after the other; None, a
    local Dask cluster with one worker per core. ``progress``, if given, is called with the
    number of days done of the first seed's run, as :func:`sim.api.run`'s."""
    sc = scenario_mod.resolve(scenario, overrides, participants=participants, days=days,
                              seed=seed)
    held = [item.split("=", 1)[0].strip() for item in overrides]
    the_plan = plan(sc, seeds, assumptions, held=held)
    return execute(the_plan, workers=workers, progress=progress)


def execute(the_plan: Plan, *, workers: int | None = None, progress=None, done=None):
    """Run a plan: the seeds of the ranges first (:func:`run_all`), then the first seed in
    full in this process (the files' run: with the scenario's own assumptions), one after the
    other so that their memory is never needed at once."""
    wide = the_plan.assumptions == "wide"
    others = run_all(the_plan, skip_first=not wide, workers=workers, done=done)
    result = api.run(the_plan.scenario, progress=progress)
    if not wide:  # the first seed's figures are the files' run's
        others = [{"seed": the_plan.seeds[0], "figures": figures_of(result.summary),
                   "timelines": timelines_of(result.daily)}] + others
    return attach(result, ranges_of(the_plan, others))
