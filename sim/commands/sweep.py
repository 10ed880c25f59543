"""``pingou sweep``: many runs over a grid or a sample of parameters, on Dask."""

from __future__ import annotations

import os
import sys

from sim import api
from sim.commands.cli import (CommandError, Terminated, UsageError, WriteError, check_memory,
                              output_folder, positive_int, shown, writing)
from sim.experiments import sweep

#: Memory of one local Dask worker process before its first run (Python, the package, Dask):
#: measured 170 MiB resident, rounded up.
WORKER_MEMORY = 200 * 2**20


def add_parser(sub) -> None:
    p = sub.add_parser("sweep", help="run a scenario over a grid or sample of parameters and "
                       "seeds; one results table (CSV and Parquet) and a report")
    p.add_argument("--scenario", default="quanmin-pingou", metavar="NAME|PATH")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a field of the base scenario (repeatable)")
    p.add_argument("--grid", action="append", default=[], metavar="KEY=V1,V2,...",
                   help="values of one field, as --set takes them (numbers, none, true/false, "
                        "words); several --grid make every combination")
    p.add_argument("--sample", type=positive_int("--sample", 1, sweep.MAX_RUNS), default=0,
                   metavar="N",
                   help="draw N points from the --range box")
    p.add_argument("--range", dest="ranges", action="append", default=[], metavar="KEY=LO:HI",
                   help="range of one field for --sample (repeatable)")
    p.add_argument("--method", choices=["lhs", "sobol", "random"], default="lhs",
                   help="sampling method for --sample (default: Latin hypercube)")
    p.add_argument("--sample-seed", type=positive_int("--sample-seed", 0), default=0, metavar="S",
                   help="seed of the sampling of points (default 0)")
    p.add_argument("--seeds", type=positive_int("--seeds", 1, sweep.MAX_RUNS), required=True,
                   metavar="K",
                   help="seeds 0..K-1 for every point")
    p.add_argument("--participants", type=positive_int("--participants", 1, 50_000_000), metavar="N")
    p.add_argument("--days", type=positive_int("--days", 1, 3650), metavar="D")
    p.add_argument("--out", required=True, metavar="DIR", help="results folder (a rerun resumes)")
    p.add_argument("--workers", type=positive_int("--workers", 0, 1024), metavar="W",
                   help="local Dask worker processes (default: one per core; 0: run serially "
                        "without Dask)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--quiet", action="store_true",
                   help="no progress bar, and no closing line saying where the results are")
    p.set_defaults(func=main)


def main(args) -> int:
    spec = sweep.build_spec(args.scenario, grid=args.grid, ranges=args.ranges,
                            sample=args.sample, method=args.method, sample_seed=args.sample_seed,
                            seeds=args.seeds, base_overrides=args.overrides,
                            participants=args.participants, days=args.days)
    output_folder("--out", args.out, sweep.OUTPUT_NAMES)
    workers = args.workers
    reused = sweep.runs_done(spec, args.out)
    if args.scheduler is None:  # the runs are here: they must fit in this machine's memory
        workers = _workers_that_fit(spec, workers)
    try:
        with writing("--out", args.out, "the sweep"):
            table = sweep.run_sweep(spec, args.out, workers=workers, scheduler=args.scheduler,
                                    progress=not args.quiet)
    except sweep.SchedulerError as exc:
        raise UsageError(f"pingou sweep: error: --scheduler {shown(args.scheduler)}: "
                         f"{exc}") from None
    except sweep.WorkerError as exc:
        raise CommandError(f"pingou sweep: error: {exc}; {_kept(spec, args.out)}") from None
    except WriteError as exc:
        raise WriteError(f"{exc}; {_kept(spec, args.out)}") from None
    except MemoryError as exc:  # in this process, or in a run on a worker
        raise CommandError(f"pingou sweep: error: out of memory part-way through ({exc}); "
                           f"{_kept(spec, args.out)}") from None
    except (KeyboardInterrupt, Terminated) as exc:
        exc.note = _kept(spec, args.out)
        raise
    if not args.quiet:
        print(closing_line(args.out, len(table), len(spec.points), len(spec.seeds), reused),
              file=sys.stderr)
    return 0


def closing_line(out: str, runs: int, points: int, seeds: int, reused: int) -> str:
    """The line ``pingou sweep`` prints on stderr when it is done (as ``pingou run`` does;
    not with ``--quiet``): how many runs, how many of them were already done in ``out`` and
    reused, and where the files are, e.g. ``pingou: 150 runs (3 points x 50 seeds; 0 reused)
    -> sweep-out/results.csv, results.parquet, report.html``."""
    shape = (f"{points:,} {'point' if points == 1 else 'points'} x {seeds:,} "
             f"{'seed' if seeds == 1 else 'seeds'}")
    return (f"pingou: {runs:,} {'run' if runs == 1 else 'runs'} ({shape}; {reused:,} reused) -> "
            f"{os.path.join(out, 'results.csv')}, results.parquet, report.html")


def _workers_that_fit(spec, workers: int | None) -> int | None:
    """The local workers to start: as asked (``--workers``), or one per core but no more
    than fit in memory side by side; refuse (exit 2) when even the runs asked for do not."""
    need = spec.memory
    if workers == 0:
        check_memory(need)
        return 0
    if workers is None:
        cores = os.cpu_count() or 1
        shared = [lim.free for lim in api.memory_limits() if not lim.per_process]
        fit = min([lim // (need.total + WORKER_MEMORY) for lim in shared], default=cores)
        workers = max(1, min(cores, fit))
    check_memory(need, at_once=workers, each_process=WORKER_MEMORY,
                 hint=f" (--workers {workers}: fewer runs side by side need less)" if workers > 1
                 else "")
    return workers


def _kept(spec, out: str) -> str:
    done = sweep.runs_done(spec, out)
    if not done:
        return "no run was done"
    return (f"{done:,} of the {len(spec.points) * len(spec.seeds):,} runs "
            f"{'is' if done == 1 else 'are'} done and kept in {os.path.join(out, 'runs')}; "
            f"the same command again resumes the sweep")
