"""Parameter sweeps: many runs, one results table, on one laptop or a Dask cluster.

A sweep is a set of *points* (a grid of values, or points sampled from ranges by Latin
hypercube or Sobol sampling) times a number of seeds. Each run is identified by a key made of
everything that determines it (scenario, overrides, seed, population, days), and its summary
is written to ``DIR/runs/<key>.json`` as soon as it finishes, so an interrupted sweep picks up
where it stopped; the file also holds, under ``"set"``, the value each swept field had in the
run's validated scenario (``null`` for ``none``). The results table (``results.csv`` and
``results.parquet``) and the sweep's report (``report.html``, :mod:`sim.outputs.sweep_report`)
are written together, whole or not at all (:mod:`sim.outputs.files`), once every run is done.
The table has one row per run, ordered by point and seed, whatever order the runs finished
in: the same sweep gives the same files, byte for byte, whether it ran serially, on one worker
or on many.

Its columns are ``point``, ``seed``, ``run`` (the key), one column per swept field, then the
run's summary flattened (:func:`flatten`): among them the headline, measured against buying
the same goods in a shop (MODEL.md §6: ``share_losing_shop``, ``share_losing_told``,
``median_net_shop_fen``, ``lost_shop_fen``, ``last_half_share_losing_shop``...), beside the
cash, cost and sticker measures kept for continuity (``share_losing_cash``...).

A swept field's column has the type of the field (:func:`param_column`), the same in every
sweep whatever its values:

* a whole number that may be ``none`` (every ``*_day`` lever, ``recruitment.stall_day``):
  pandas' nullable ``Int64``, missing (``<NA>``) for ``none``; in ``results.csv`` ``none`` is an
  empty cell, as every missing figure of pingou's CSV files is (a run's ``collapse_day`` when
  the operator never exits), so ``pandas.read_csv`` reads the column as numbers with ``NaN``
  for ``none``. A whole number that cannot be ``none``: ``int64``;
* a decimal number: ``float64`` (``NaN`` for ``none`` where the field allows it);
* true/false: ``bool``, written ``true``/``false`` in the CSV;
* a word (``operator.extraction``, ``network.kind``...): text, as written; ``none`` here is the
  word, one of the field's values (``operator.extraction=none``), not a missing value;
* a list (``zones.stakes_yuan=[10,100]``): its TOML text, ``[10.0, 100.0]``.

The values exactly as swept (``0``, ``60`` and the word ``none``) are in ``sweep.json``'s
``points``, which a row's ``point`` indexes; ``pingou discover`` rebuilds its levers from there
(:func:`sim.experiments.discover.load_sweep`), so it reads either file the same.

Beside every money column ``X_fen`` (integer fen) comes ``X_yuan``, the same amount in yuan:
in ``results.csv`` exact text with two decimals (``-1234.56``, as in every pingou CSV file:
:func:`sim.api.write_csv`), in ``results.parquet`` a ``float64`` equal to ``X_fen / 100``
(missing where the amount is).

The runs go to Dask (``dask.distributed``): a local cluster with one single-threaded worker
process per core by default, or an existing cluster given by its scheduler address.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import signal
import threading
import typing
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from sim import api
from sim.outputs.files import atomic_folder
from sim.scheme import scenario as scenario_mod
from sim.scheme.scenario import SECTIONS, Scenario, ScenarioError, toml_value

#: The most runs (points x seeds) one sweep may hold: its list of runs, the results table and
#: the files of the runs stay well within a laptop's memory and disk (about 1 KiB of memory
#: and 5 KiB of disk a run). A larger study is several sweeps.
MAX_RUNS = 100_000

#: Seconds to wait for an existing Dask scheduler (``--scheduler``) to answer before giving up.
CONNECT_TIMEOUT = 10

#: The files a sweep writes in its folder besides ``runs/<key>.json`` (one per run, never
#: replaced: a run already there counts as done); the last three are written together.
OUTPUT_NAMES = ("sweep.json", "results.csv", "results.parquet", "report.html")


class SchedulerError(Exception):
    """The ``--scheduler`` address is not one, or no Dask scheduler answers there."""


class WorkerError(Exception):
    """A Dask worker died while running a run (most often: it ran out of memory)."""


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
    memory: "api.MemoryNeed | None" = None  # what the largest point's run needs

    def runs(self) -> list[dict]:
        """Every run in table order: point by point, seed by seed."""
        out = []
        for i, point in enumerate(self.points):
            keys = _keys(self, point)
            for seed in self.seeds:
                out.append({"point": i, "seed": int(seed), "params": point,
                            "key": keys(int(seed))})
        return out


def run_key(spec: Spec, point: dict, seed: int) -> str:
    """The key of one run: the hash of everything that determines it."""
    text = json.dumps({"scenario": spec.scenario, "point": point, "seed": int(seed),
                       "participants": spec.participants, "days": spec.days},
                      sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _keys(spec: Spec, point: dict):
    """:func:`run_key` for ``point`` as a function of the seed, the same text hashed but the
    scenario (the bulk of it) hashed once for all the seeds: a sweep of 100,000 runs lists
    them in a second, not in minutes."""
    def part(value) -> str:
        return json.dumps(value, sort_keys=True, separators=(",", ":"))

    head = hashlib.sha256(  # the keys in sorted order: days, participants, point, scenario, seed
        f'{{"days":{part(spec.days)},"participants":{part(spec.participants)},'
        f'"point":{part(point)},"scenario":{part(spec.scenario)},"seed":'.encode())

    def key(seed: int) -> str:
        h = head.copy()
        h.update(f"{seed}}}".encode())
        return h.hexdigest()[:20]

    return key


def _field(key: str):
    section, _, name = key.partition(".")
    if section not in SECTIONS or name not in SECTIONS[section].model_fields:
        known = ", ".join(f"{s}.{f}" for s in SECTIONS for f in SECTIONS[s].model_fields)
        raise ScenarioError(f"{key!r}: unknown field; fields are SECTION.FIELD, e.g. "
                            f"draw.winners (see 'pingou show'). Known: {known[:200]}...")
    return SECTIONS[section].model_fields[name]


def _field_type(key: str) -> tuple[bool, object]:
    """(whether the field may be ``none``, its type without ``None``): ``policy.reserve_day``
    -> (True, int); ``operator.extraction`` -> (False, Literal[...]); ``zones.weights`` ->
    (False, list[float])."""
    annotation = _field(key).annotation
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, type(int | None)) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return True, rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]
    return False, annotation


def _kind_words(base) -> str:
    if base is bool:
        return "true or false"
    if typing.get_origin(base) in (list, tuple):
        return "a list"
    return "a word"


def _is_none(value, nullable: bool) -> bool:
    return value is None or (nullable and isinstance(value, str)
                             and value.strip().lower() in ("none", "null"))


def param_column(key: str, values: list) -> pd.Series:
    """The results table's column of the swept field ``key``, holding ``values`` (one per
    run, as the points hold them: ``"none"`` for none), typed by the field (see the module
    docstring): ``Int64`` with ``<NA>`` for none for a whole number that may be none,
    ``int64``, ``float64`` (``NaN`` for none), ``bool``, text (pandas' text type), or a
    list's TOML text."""
    nullable, base = _field_type(key)
    if base is bool:
        return pd.Series([bool(v) for v in values], dtype=bool)
    if base is int:
        if nullable:
            return pd.Series(pd.array([None if _is_none(v, True) else int(v) for v in values],
                                      dtype="Int64"))
        return pd.Series([int(v) for v in values], dtype="int64")
    if base is float:
        return pd.Series([math.nan if _is_none(v, nullable) else float(v) for v in values],
                         dtype="float64")
    if typing.get_origin(base) in (list, tuple):
        return pd.Series([None if v is None else toml_value(list(v)) for v in values])
    # text: pandas' own text type (``str`` from pandas 3 on, ``object`` before)
    return pd.Series([None if _is_none(v, nullable) else str(v) for v in values])


#: Fields a sweep sets itself, from its own flags: a grid or range over them would be silently
#: overridden, so it is refused.
SET_BY_FLAGS = {"run.seed": "--seeds"}


def _swept_key(flag: str, item: str, key: str, seen: set[str]) -> None:
    """Refuse a key that a sweep's own flag sets, or that is swept twice."""
    if key in SET_BY_FLAGS:
        raise ScenarioError(f"{flag} {item!r}: {key} is set by {SET_BY_FLAGS[key]} (the seeds "
                            f"of every point); sweep other fields with {flag}")
    if key in seen:
        raise ScenarioError(f"{flag} {item!r}: {key} is swept twice; give it once, with all its "
                            "values (--grid KEY=V1,V2,... or one --range KEY=LO:HI)")
    seen.add(key)


def _split_values(raw: str) -> list[str]:
    """A grid's values, split at the commas that are not inside brackets or quotes:
    ``0,60,none`` -> ``["0", "60", "none"]``; ``[10,100],[20]`` -> ``["[10,100]", "[20]"]``;
    ``"a,b",c`` -> ``['"a,b"', "c"]``."""
    parts, current, depth, quote, escaped = [], [], 0, None, False
    for ch in raw:
        if quote is not None:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def parse_grid(items: list[str], seen: set[str] | None = None) -> list[tuple[str, list]]:
    """``["draw.winners=1,2,3", ...]`` -> [("draw.winners", [1, 2, 3]), ...]. Each value is
    read as ``--set`` reads it: numbers, ``none`` (for a field that may be none; for a word
    field such as ``operator.extraction`` the word itself), ``true``/``false``, words (bare or
    in quotes) and lists in brackets (a comma inside brackets or quotes does not split). A key
    swept twice, a value given twice, or ``run.seed`` (set by ``--seeds``) is refused."""
    out, seen = [], set() if seen is None else seen
    for item in items:
        if "=" not in item:
            raise ScenarioError(f"--grid {item!r}: must be KEY=V1,V2,..., e.g. draw.winners=1,2,3")
        key, raw = item.split("=", 1)
        key = key.strip()
        _field(key)
        _swept_key("--grid", item, key, seen)
        values = []
        for part in _split_values(raw):
            if not part.strip():
                raise ScenarioError(f"--grid {item!r}: an empty value between commas")
            value = scenario_mod.parse_set(f"{key}={part.strip()}")[1]
            if any(value == v and type(value) is type(v) for v in values):
                raise ScenarioError(f"--grid {item!r}: the value {part.strip()} is given twice; "
                                    "give each value once")
            values.append(value)
        out.append((key, values))
    return out


def parse_ranges(items: list[str], seen: set[str] | None = None) -> list[tuple[str, float, float]]:
    """``["behaviour.trust_initial=0.5:1"]`` -> [("behaviour.trust_initial", 0.5, 1.0)]; a key
    swept twice (here or in ``seen``, the grid's keys) or ``run.seed`` is refused."""
    out, seen = [], set() if seen is None else seen
    for item in items:
        try:
            key, raw = item.split("=", 1)
            lo_text, hi_text = raw.split(":")
            lo, hi = float(lo_text), float(hi_text)
        except ValueError:
            raise ScenarioError(f"--range {item!r}: must be KEY=LO:HI, e.g. "
                                "behaviour.trust_initial=0.5:1") from None
        key = key.strip()
        _, base = _field_type(key)
        if base not in (int, float):
            raise ScenarioError(f"--range {item!r}: {key} is {_kind_words(base)}, not a number; "
                                f"give its values with --grid {key}=V1,V2,...")
        _swept_key("--range", item, key, seen)
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ScenarioError(f"--range {item!r}: LO and HI must be finite numbers, e.g. "
                                "behaviour.trust_initial=0.5:1")
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
    swept: set[str] = set()
    grid_axes = parse_grid(list(grid), swept)
    range_axes = parse_ranges(list(ranges), swept)
    if range_axes and sample <= 0:
        raise ScenarioError("--range needs --sample N (how many points to draw)")
    if sample and not range_axes:
        raise ScenarioError("--sample needs at least one --range KEY=LO:HI")
    n_seeds = seeds if isinstance(seeds, int) else len(seeds)
    if n_seeds < 1:
        raise ScenarioError("--seeds must be at least 1")
    _check_size(grid_axes, sample if range_axes else 0, n_seeds)  # before anything is made
    grid_points = [dict(zip([k for k, _ in grid_axes], combo))
                   for combo in itertools.product(*[v for _, v in grid_axes])] or [{}]
    sampled = sample_points(range_axes, sample, method, sample_seed) if range_axes else [{}]
    points = [{**g, **s} for g in grid_points for s in sampled]
    seed_list = list(range(seeds)) if isinstance(seeds, int) else [int(s) for s in seeds]
    need = None
    for point in points:  # every point must be a valid scenario
        point_need = api.memory_needed(scenario_mod.load_object(base, _as_overrides(point)))
        if need is None or point_need.total > need.total:
            need = point_need
    return Spec(scenario=base.model_dump(mode="json"), points=points, seeds=seed_list,
                participants=participants, days=days,
                meta={"scenario": base.meta.name, "grid": list(grid), "ranges": list(ranges),
                      "sample": sample, "method": method, "sample_seed": sample_seed},
                memory=need)


def _check_size(grid_axes: list[tuple[str, list]], sample: int, seeds: int) -> None:
    """Refuse a sweep of more than :data:`MAX_RUNS` runs, counted before any point is made."""
    combos = math.prod(len(values) for _, values in grid_axes)
    points = combos * max(sample, 1)
    runs = points * seeds
    if runs <= MAX_RUNS:
        return
    if seeds > MAX_RUNS:
        raise ScenarioError(f"--seeds {seeds}: a sweep holds at most {MAX_RUNS:,} runs")
    if sample > MAX_RUNS:
        raise ScenarioError(f"--sample {sample}: a sweep holds at most {MAX_RUNS:,} runs")
    what = " x ".join([f"{len(v):,} values of {k}" for k, v in grid_axes]
                      + ([f"--sample {sample:,}"] if sample else []) + [f"--seeds {seeds:,}"])
    raise ScenarioError(f"{what} = {runs:,} runs: a sweep holds at most {MAX_RUNS:,} runs; "
                        f"split it into several sweeps")


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
    return _run_point(scenario, point, seed)[0]


def _run_point(scenario: dict, point: dict, seed: int) -> tuple[dict, dict]:
    """:func:`run_one`'s summary, and the value each key of ``point`` had in the validated
    scenario that ran (as JSON: ``None`` for none)."""
    base = Scenario.model_validate(scenario)
    sc = scenario_mod.load_object(base, _as_overrides(point), seed=seed)
    data = sc.model_dump(mode="json")
    values = {}
    for key in point:
        section, _, name = key.partition(".")
        values[key] = data[section][name]
    return flatten(api.run(sc).summary), values


def _task(run: dict, scenario: dict) -> dict:
    summary, values = _run_point(scenario, run["params"], run["seed"])
    return {"key": run["key"], "summary": summary, "set": values}


# ----------------------------------------------------------------------------------------
# The whole sweep
# ----------------------------------------------------------------------------------------


def run_sweep(spec: Spec, out_dir: str | os.PathLike, *, workers: int | None = None,
              scheduler: str | None = None, progress: bool = True,
              report: bool = True) -> pd.DataFrame:
    """Run every run of ``spec`` not already done in ``out_dir``; write and return the table
    (as ``results.parquet`` holds it: :func:`collect`), and with it ``report.html`` unless
    ``report`` is false (a caller that only wants the table: a report an earlier write left
    there is then removed, as it would no longer match).

    ``workers=0`` runs serially in this process (no Dask); otherwise a local Dask cluster with
    ``workers`` single-threaded processes (default: one per core), or the existing cluster at
    ``scheduler`` (:class:`SchedulerError` if it does not answer within
    :data:`CONNECT_TIMEOUT` seconds, before anything is written). Each file is written whole or
    not at all (:func:`atomic_folder`), each run's as soon as it is done: an interrupted sweep
    (Ctrl-C, SIGTERM, a full disk) keeps the runs done so far, and the local cluster's worker
    processes are ended on the way out.
    """
    out = Path(out_dir)
    runs = spec.runs()
    todo = [r for r in runs if not (out / "runs" / f"{r['key']}.json").exists()]
    about = json.dumps({"meta": spec.meta, "points": spec.points, "seeds": spec.seeds,
                        "participants": spec.participants, "days": spec.days,
                        "scenario": spec.scenario},
                       indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    described = []  # sweep.json goes with the first run done, so a sweep stopped before
    # any run is done leaves nothing behind
    with _runner(todo, workers=workers, scheduler=scheduler) as run_all:
        bar = tqdm(total=len(runs), initial=len(runs) - len(todo), unit="run",
                   disable=not progress, desc="sweep", file=None, leave=False)

        def done(item: dict) -> None:
            with atomic_folder(out) as files:
                if not described:
                    files.write_text("sweep.json", about)
                files.write_text(f"runs/{item['key']}.json",
                                 json.dumps({**item["summary"], "set": item["set"]},
                                            sort_keys=True) + "\n")
            described.append(True)
            bar.update(1)

        try:
            run_all(todo, spec.scenario, done)
        finally:
            bar.close()
    table = collect(spec, out)
    # the page is made before the write: a failure leaves the folder as it was
    page = render_report(spec, table) if report else None
    with atomic_folder(out, stale=("report.html",)) as files:
        if not described:
            files.write_text("sweep.json", about)
        with files.open("results.csv") as sink:  # the yuan columns as exact text
            api.write_csv(table.drop(columns=_yuan_columns(table)), sink)
        table.to_parquet(files.path("results.parquet"), index=False)
        if page is not None:
            files.write_text("report.html", page)
    return table


def runs_done(spec: Spec, out_dir: str | os.PathLike) -> int:
    """How many of ``spec``'s runs have their file in ``out_dir`` (done, kept for a rerun)."""
    folder = Path(out_dir) / "runs"
    return sum((folder / f"{r['key']}.json").exists() for r in spec.runs())


@contextmanager
def _runner(todo: list[dict], *, workers: int | None, scheduler: str | None):
    """A function ``run_all(todo, scenario, done)`` that runs ``todo`` serially, on a local
    Dask cluster or on the cluster at ``scheduler`` and hands each result to ``done`` as it
    comes; the cluster is set up (or reached) on entry and closed on the way out, whatever
    happens in between."""
    if scheduler is not None:
        check_scheduler(scheduler)
    if not todo or (scheduler is None and workers == 0):
        yield _run_serially
        return
    if scheduler is None:
        with local_client(workers or os.cpu_count() or 1) as client:
            yield lambda todo, scenario, done: _run_on_dask(client, todo, scenario, done)
        return
    from dask.distributed import Client  # not at the top: see local_client

    client = None
    with _errors_only():
        try:
            try:
                client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise SchedulerError(f"no Dask scheduler answered there within "
                                     f"{CONNECT_TIMEOUT} s ({_reason(exc)})") from None
            yield lambda todo, scenario, done: _run_on_dask(client, todo, scenario, done)
        finally:
            if client is not None:
                client.close(timeout=CONNECT_TIMEOUT)


@contextmanager
def local_client(workers: int):
    """A Dask client of a local cluster of ``workers`` single-threaded worker processes, for
    the time of the block (a sweep's runs, ``pingou run --seeds``): Ctrl-C blocked in the
    workers (:func:`_quiet_children`), Dask's log kept to its critical lines
    (:func:`_errors_only`), no dashboard; the client and the cluster are closed on the way out,
    whatever happens in between."""
    # not at the top: dask.distributed takes half a second to import, and every pingou
    # command imports this module (pingou sweep's parser); only a run on Dask needs it
    from dask.distributed import Client, LocalCluster

    cluster = client = None
    with _errors_only():
        try:
            with _quiet_children():
                # no dashboard; the scheduler's own web server (health, metrics) on a free
                # port of this machine, not on 8787, which may be taken
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None,
                                       scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
            client = Client(cluster)
            yield client
        finally:
            if client is not None:
                client.close(timeout=CONNECT_TIMEOUT)
            if cluster is not None:
                cluster.close(timeout=CONNECT_TIMEOUT)


@contextmanager
def _quiet_children():
    """Start the local cluster's processes with Ctrl-C blocked in them: a Ctrl-C at the
    terminal goes to every process of the command, and a worker would print a traceback of
    its own; this process alone handles it and ends the workers (on the way out of
    :func:`_runner`). The threads made meanwhile (the cluster's event loop, which starts the
    workers, again when one must be restarted) keep the block and hand it to each process they
    start; this thread takes a Ctrl-C that came meanwhile as soon as the block ends."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()  # first: starting it unblocks Ctrl-C in this thread
    main = threading.current_thread() is threading.main_thread()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if main else None
    try:
        yield
    finally:
        if before is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextmanager
def _errors_only():
    """Dask's own log lines (a cancelled task, a worker that lost its scheduler as the
    cluster closes) kept to the critical ones, here and in the workers (which read the setting
    from the environment as they start), for the time of the block: what goes wrong with a run
    reaches the command as an exception, and becomes its one line."""
    import logging

    logger = logging.getLogger("distributed")
    level, env = logger.level, os.environ.get("DASK_LOGGING__DISTRIBUTED")
    logger.setLevel(logging.CRITICAL)
    os.environ["DASK_LOGGING__DISTRIBUTED"] = "critical"
    try:
        yield
    finally:
        logger.setLevel(level)
        if env is None:
            os.environ.pop("DASK_LOGGING__DISTRIBUTED", None)
        else:
            os.environ["DASK_LOGGING__DISTRIBUTED"] = env


def check_scheduler(address: str) -> None:
    """Refuse (:class:`SchedulerError`) what cannot be a Dask scheduler's address, and an
    address where nothing takes a connection: that is known at once, where Dask would retry
    for its whole timeout."""
    import socket

    from distributed.comm import registry
    from distributed.comm.addressing import parse_address, parse_host_port

    example = "an address like tcp://HOST:8786"
    try:
        scheme, location = parse_address(address)
    except ValueError as exc:
        raise SchedulerError(f"must be {example} ({exc})") from None
    if scheme not in registry.backends or scheme == "inproc":
        known = ", ".join(sorted(b for b in registry.backends if b != "inproc"))
        raise SchedulerError(f"must be {example}; the protocol {scheme!r} is not one of {known}")
    if scheme not in ("tcp", "tls", "ws", "wss"):
        return
    try:
        host, port = parse_host_port(location)
    except ValueError as exc:
        raise SchedulerError(f"must be {example} ({exc})") from None
    if not host or not 0 < port < 65536:
        raise SchedulerError(f"must be {example}, with a host and a port from 1 to 65535")
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        why = getattr(exc, "strerror", None) or str(exc) or "no answer"
        raise SchedulerError(f"no Dask scheduler answers there ({why})") from None


def _reason(exc: BaseException) -> str:
    """The innermost reason of a connection failure, in one line."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    return " ".join(str(exc).split()) or type(exc).__name__


def _run_serially(todo: list[dict], scenario: dict, done) -> None:
    for r in todo:
        done(_task(r, scenario))


def _run_on_dask(client, todo: list[dict], scenario: dict, done) -> None:
    """Run ``todo`` on the cluster of ``client``; hand each result to ``done`` as it comes."""
    from dask.distributed import as_completed
    from distributed import KilledWorker

    futures = [client.submit(_task, r, scenario, pure=False) for r in todo]
    try:
        for fut in as_completed(futures):
            try:
                result = fut.result()
            except KilledWorker as exc:
                raise WorkerError(f"a Dask worker died while running a run ({exc}); most "
                                  "often it ran out of memory") from None
            done(result)
    finally:
        try:
            client.cancel(futures)  # an existing cluster stops working for us
        except Exception:  # noqa: BLE001 - the client is going anyway; the first error stands
            pass


def collect(spec: Spec, out_dir: Path) -> pd.DataFrame:
    """The results table from the runs' files: one row per run, in :meth:`Spec.runs` order,
    as ``results.parquet`` holds it: the swept fields typed (:func:`param_column`) and a
    ``X_yuan`` column (``X_fen / 100``) after every ``X_fen`` column."""
    rows = []
    for r in spec.runs():
        summary = json.loads((Path(out_dir) / "runs" / f"{r['key']}.json").read_text())
        summary.pop("set", None)  # the swept values as run: the points' columns say the same
        rows.append({"point": r["point"], "seed": r["seed"], "run": r["key"], **summary})
    table = pd.DataFrame(rows)
    for i, key in enumerate(swept_keys(spec)):
        column = param_column(key, [spec.points[p].get(key) for p in table["point"]])
        table.insert(3 + i, key, column.set_axis(table.index))
    return with_yuan(table)


def swept_keys(spec: Spec) -> list[str]:
    """The keys of the sweep's points, in the order they were given."""
    keys: list[str] = []
    for point in spec.points:
        keys += [k for k in point if k not in keys]
    return keys


def with_yuan(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with ``X_yuan`` (``X_fen / 100``, a float; missing where the amount is) right
    after each money column ``X_fen`` that has none yet."""
    columns = {}
    for name in table.columns:
        columns[name] = table[name]
        yuan = f"{name[:-4]}_yuan"
        if name.endswith("_fen") and yuan not in table.columns:
            columns[yuan] = pd.to_numeric(table[name], errors="coerce").astype("float64") / 100
    return pd.DataFrame(columns, index=table.index)


def _yuan_columns(table: pd.DataFrame) -> list[str]:
    """The ``X_yuan`` columns that :func:`with_yuan` added (a swept ``*_yuan`` field, which
    has no ``_fen`` column beside it, is not one)."""
    return [c for c in table.columns
            if c.endswith("_yuan") and f"{c[:-5]}_fen" in table.columns]


# ----------------------------------------------------------------------------------------
# The report
# ----------------------------------------------------------------------------------------


def _label(value) -> str:
    """A swept value as ``--set`` writes it: ``none``, ``true``, ``60``, ``0.5``, a word."""
    if value is None or (isinstance(value, str) and value.lower() in ("none", "null")):
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return toml_value(value)


def _order(values: list) -> list:
    """A grid key's distinct values in the report's order: numbers from low to high, then
    true/false, words and lists as given, ``none`` last."""
    distinct = []
    for v in values:
        if not any(v == u and type(v) is type(u) for u in distinct):
            distinct.append(v)

    def rank(item):
        i, v = item
        if _label(v) == "none":
            return (2, 0.0, i)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return (0, float(v), i)
        return (1, 0.0, i)

    return [v for _, v in sorted(enumerate(distinct), key=rank)]


def report_axes(spec: Spec, table: pd.DataFrame) -> list:
    """The swept keys as the report draws them (:class:`sim.outputs.sweep_report.Axis`): a
    key of ``--range`` as numbers (a scatter), any other key that takes two or more values as
    labelled categories (``none`` one of them)."""
    from sim.outputs.sweep_report import Axis

    ranged = {key: (lo, hi) for key, lo, hi in parse_ranges(list(spec.meta.get("ranges", [])))}
    points = [spec.points[int(p)] for p in table["point"]]
    axes = []
    for key in swept_keys(spec):
        if key in ranged:
            axes.append(Axis(key, "range", [], [float(p[key]) for p in points], ranged[key]))
            continue
        order = _order([p.get(key) for p in spec.points])
        if len(order) > 1:
            axes.append(Axis(key, "values", [_label(v) for v in order],
                             [_label(p.get(key)) for p in points]))
    return axes


def render_report(spec: Spec, table: pd.DataFrame) -> str:
    """The sweep's ``report.html`` (:func:`sim.outputs.sweep_report.render`) for its results
    table (:func:`collect`)."""
    from sim.outputs import sweep_report  # not at the top: it imports matplotlib

    ranged = [item.split("=", 1)[0].strip() for item in spec.meta.get("ranges", [])]
    fixed = {k: v for k, v in (spec.points[0] if spec.points else {}).items()
             if k not in ranged and len(_order([p.get(k) for p in spec.points])) == 1}
    about = sweep_report.About(
        scenario=str(spec.meta.get("scenario") or spec.scenario.get("meta", {}).get("name", "")),
        points=len(spec.points), seeds=list(spec.seeds),
        sample=int(spec.meta.get("sample") or 0) if ranged else 0,
        method=str(spec.meta.get("method") or ""),
        fixed={k: _label(v) for k, v in fixed.items()})
    return sweep_report.render(table, report_axes(spec, table), about)
