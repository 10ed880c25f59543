"""Parameter sweeps: many runs, one results table, on one laptop or a Dask cluster.

A sweep is a set of *points* (a grid of values, or points sampled from ranges by Latin
hypercube or Sobol sampling) times a number of seeds. Each run is identified by a key made of
everything that determines it (scenario, overrides, seed, population, days), and its summary
is written to ``DIR/runs/<key>.json`` as soon as it finishes, so an interrupted sweep picks up
where it stopped. The results table (``results.csv`` and ``results.parquet``, written together)
has one row per run, ordered by point and seed, whatever order the runs finished in: the same
sweep gives the same files whether it ran serially, on one worker or on many. Every file is
written whole or not at all (:mod:`sim.outputs.files`).

Its columns are the point's parameters and the run's summary flattened (:func:`flatten`):
among them the headline, measured against buying the same goods in a shop (MODEL.md §6:
``share_losing_shop``, ``share_losing_told``, ``median_net_shop_fen``, ``lost_shop_fen``,
``last_half_share_losing_shop``...), beside the cash, cost and sticker measures kept for
continuity (``share_losing_cash``...).

The runs go to Dask (``dask.distributed``): a local cluster with one single-threaded worker
process per core by default, or an existing cluster given by its scheduler address.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim import api
from sim.outputs.files import atomic_folder
from sim.scheme import scenario as scenario_mod
from sim.scheme.scenario import SECTIONS, Scenario, ScenarioError, toml_value


# ----------------------------------------------------------------------------------------
# What to run
# ----------------------------------------------------------------------------------------


@dataclass
class Spec:
    """A sweep: a base scenario, points (lists of overrides), seeds and run settings."""

    scenario: dict  # the fully resolved base scenario (so workers need no preset files)
    points: list[dict]  # each point: {"section.field": value}
    seeds: list[int]
    participants: int | None = None
    days: int | None = None
    meta: dict = field(default_factory=dict)

    def runs(self) -> list[dict]:
        """Every run in table order: point by point, seed by seed."""
        out = []
        for i, point in enumerate(self.points):
            for seed in self.seeds:
                run = {"point": i, "seed": int(seed), "params": point}
                run["key"] = run_key(self, point, seed)
                out.append(run)
        return out


def run_key(spec: Spec, point: dict, seed: int) -> str:
    text = json.dumps({"scenario": spec.scenario, "point": point, "seed": int(seed),
                       "participants": spec.participants, "days": spec.days},
                      sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _field(key: str):
    section, _, name = key.partition(".")
    if section not in SECTIONS or name not in SECTIONS[section].model_fields:
        known = ", ".join(f"{s}.{f}" for s in SECTIONS for f in SECTIONS[s].model_fields)
        raise ScenarioError(f"{key!r}: unknown field; fields are SECTION.FIELD, e.g. "
                            f"draw.winners (see 'pingou show'). Known: {known[:200]}...")
    return SECTIONS[section].model_fields[name]


def parse_grid(items: list[str]) -> list[tuple[str, list]]:
    """``["draw.winners=1,2,3", ...]`` -> [("draw.winners", [1, 2, 3]), ...]."""
    out = []
    for item in items:
        if "=" not in item:
            raise ScenarioError(f"--grid {item!r}: must be KEY=V1,V2,..., e.g. draw.winners=1,2,3")
        key, raw = item.split("=", 1)
        key = key.strip()
        _field(key)
        values = []
        for part in raw.split(","):
            if not part.strip():
                raise ScenarioError(f"--grid {item!r}: an empty value between commas")
            values.append(scenario_mod.parse_set(f"{key}={part.strip()}")[1])
        out.append((key, values))
    return out


def parse_ranges(items: list[str]) -> list[tuple[str, float, float]]:
    """``["behaviour.trust_initial=0.5:1"]`` -> [("behaviour.trust_initial", 0.5, 1.0)]."""
    out = []
    for item in items:
        try:
            key, raw = item.split("=", 1)
            lo_text, hi_text = raw.split(":")
            lo, hi = float(lo_text), float(hi_text)
        except ValueError:
            raise ScenarioError(f"--range {item!r}: must be KEY=LO:HI, e.g. "
                                "behaviour.trust_initial=0.5:1") from None
        key = key.strip()
        _field(key)
        if not lo < hi:
            raise ScenarioError(f"--range {item!r}: LO must be below HI")
        out.append((key, lo, hi))
    return out


def _snap(key: str, value: float):
    """A sampled number made valid for its field: whole numbers, whole fen, whole ppm."""
    annotation = _field(key).annotation
    if annotation is int or annotation == (int | None):
        return int(round(value))
    if key.endswith("_yuan"):
        return round(value, 2)
    return round(value, 6)


def sample_points(ranges: list[tuple[str, float, float]], n: int, method: str = "lhs",
                  seed: int = 0) -> list[dict]:
    """``n`` points in the box given by ``ranges``, by Latin hypercube or scrambled Sobol."""
    # not at the top: scipy.stats takes half a second to import, and every pingou command
    # imports this module (pingou sweep's parser); only sampling needs it
    from scipy.stats import qmc

    d = len(ranges)
    if method == "lhs":
        unit = qmc.LatinHypercube(d=d, seed=np.random.default_rng(seed)).random(n)
    elif method == "sobol":
        unit = qmc.Sobol(d=d, scramble=True, seed=np.random.default_rng(seed)).random(n)
    elif method == "random":
        unit = np.random.default_rng(seed).random((n, d))
    else:
        raise ScenarioError(f"--method {method!r}: must be one of lhs, sobol, random")
    lo = np.array([r[1] for r in ranges])
    hi = np.array([r[2] for r in ranges])
    values = qmc.scale(unit, lo, hi)
    return [{key: _snap(key, float(v)) for (key, _, _), v in zip(ranges, row)} for row in values]


def build_spec(scenario: str = "quanmin-pingou", *, grid: list[str] = (), ranges: list[str] = (),
               sample: int = 0, method: str = "lhs", sample_seed: int = 0, seeds=10,
               base_overrides: list[str] = (), participants: int | None = None,
               days: int | None = None) -> Spec:
    """Validate everything up front: a bad value fails before any run starts."""
    base = scenario_mod.load(scenario, base_overrides, participants=participants, days=days)
    grid_axes = parse_grid(list(grid))
    grid_points = [dict(zip([k for k, _ in grid_axes], combo))
                   for combo in itertools.product(*[v for _, v in grid_axes])] or [{}]
    range_axes = parse_ranges(list(ranges))
    if range_axes and sample <= 0:
        raise ScenarioError("--range needs --sample N (how many points to draw)")
    if sample and not range_axes:
        raise ScenarioError("--sample needs at least one --range KEY=LO:HI")
    sampled = sample_points(range_axes, sample, method, sample_seed) if range_axes else [{}]
    points = [{**g, **s} for g in grid_points for s in sampled]
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
    if not seed_list:
        raise ScenarioError("--seeds must be at least 1")
    for point in points:  # every point must be a valid scenario
        scenario_mod.load_object(base, _as_overrides(point))
    return Spec(scenario=base.model_dump(mode="json"), points=points, seeds=seed_list,
                participants=participants, days=days,
                meta={"scenario": base.meta.name, "grid": list(grid), "ranges": list(ranges),
                      "sample": sample, "method": method, "sample_seed": sample_seed})


def _as_overrides(point: dict) -> list[str]:
    """A point as ``--set`` overrides: ``{"draw.winners": 2}`` -> ``["draw.winners=2"]``."""
    return [f"{k}={toml_value(v)}" for k, v in point.items()]


# ----------------------------------------------------------------------------------------
# One run (this is what a worker executes)
# ----------------------------------------------------------------------------------------


def flatten(summary: dict, prefix: str = "") -> dict:
    """A summary with its nested dicts flattened: ``{"last_half": {"members": 3}}`` ->
    ``{"last_half_members": 3}``; a list is numbered from 0, so that every cell of the results
    table is one number or word: ``{"break_even": {"products": [{"name": "x"}]}}`` ->
    ``{"break_even_products_0_name": "x"}``."""
    out = {}
    for k, v in summary.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}_"))
        elif isinstance(v, (list, tuple)):
            out.update(flatten({str(i): item for i, item in enumerate(v)}, f"{prefix}{k}_"))
        else:
            out[f"{prefix}{k}"] = v
    return out


def run_one(scenario: dict, point: dict, seed: int) -> dict:
    """Run one point with one seed; return its flattened summary. ``scenario`` is the resolved
    base scenario as data (:attr:`Spec.scenario`: population and days included)."""
    base = Scenario.model_validate(scenario)
    sc = scenario_mod.load_object(base, _as_overrides(point), seed=seed)
    return flatten(api.run(sc).summary)


def _task(run: dict, scenario: dict) -> dict:
    return {"key": run["key"], "summary": run_one(scenario, run["params"], run["seed"])}


# ----------------------------------------------------------------------------------------
# The whole sweep
# ----------------------------------------------------------------------------------------


def run_sweep(spec: Spec, out_dir: str | os.PathLike, *, workers: int | None = None,
              scheduler: str | None = None, progress: bool = True) -> pd.DataFrame:
    """Run every run of ``spec`` not already done in ``out_dir``; write and return the table.

    ``workers=0`` runs serially in this process (no Dask); otherwise a local Dask cluster with
    ``workers`` single-threaded processes (default: one per core), or the existing cluster at
    ``scheduler``. Each file is written whole or not at all (:func:`atomic_folder`).
    """
    out = Path(out_dir)
    with atomic_folder(out) as files:
        files.write_text("sweep.json", json.dumps(
            {"meta": spec.meta, "points": spec.points, "seeds": spec.seeds,
             "participants": spec.participants, "days": spec.days, "scenario": spec.scenario},
            indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    runs = spec.runs()
    todo = [r for r in runs if not (out / "runs" / f"{r['key']}.json").exists()]
    bar = tqdm(total=len(runs), initial=len(runs) - len(todo), unit="run", disable=not progress,
               desc="sweep", file=None)

    def done(item: dict) -> None:
        with atomic_folder(out / "runs") as files:
            files.write_text(f"{item['key']}.json",
                             json.dumps(item["summary"], sort_keys=True) + "\n")
        bar.update(1)

    if todo and scheduler is None and workers == 0:
        for r in todo:
            done(_task(r, spec.scenario))
    elif todo:
        _run_on_dask(todo, spec.scenario, done, workers=workers, scheduler=scheduler)
    bar.close()
    table = collect(spec, out)
    with atomic_folder(out) as files:
        table.to_csv(files.path("results.csv"), index=False, lineterminator="\n")
        table.to_parquet(files.path("results.parquet"), index=False)
    return table


def _run_on_dask(todo: list[dict], scenario: dict, done, *, workers: int | None,
                 scheduler: str | None) -> None:
    """Run ``todo`` on a local Dask cluster of ``workers`` processes (default: one per core),
    or on the existing cluster at ``scheduler``; hand each result to ``done`` as it comes."""
    # not at the top: dask.distributed takes half a second to import, and every pingou
    # command imports this module (pingou sweep's parser); only a sweep on Dask needs it
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        n = workers or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = [client.submit(_task, r, scenario, pure=False) for r in todo]
        for fut in as_completed(futures):
            done(fut.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def collect(spec: Spec, out_dir: Path) -> pd.DataFrame:
    """The results table from the runs' files: one row per run, in :meth:`Spec.runs` order."""
    rows = []
    for r in spec.runs():
        summary = json.loads((Path(out_dir) / "runs" / f"{r['key']}.json").read_text())
        rows.append({"point": r["point"], "seed": r["seed"], "run": r["key"],
                     **{k: v for k, v in r["params"].items()}, **summary})
    return pd.DataFrame(rows)
