"""``pingou sweep``: many runs over a grid or a sample of parameters, on Dask."""

from __future__ import annotations

import sys

from sim.commands.cli import output_folder, positive_int
from sim.experiments import sweep


def add_parser(sub) -> None:
    p = sub.add_parser("sweep", help="run a scenario over a grid or sample of parameters and "
                       "seeds; one results table (CSV and Parquet)")
    p.add_argument("--scenario", default="quanmin-pingou", metavar="NAME|PATH")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a field of the base scenario (repeatable)")
    p.add_argument("--grid", action="append", default=[], metavar="KEY=V1,V2,...",
                   help="values of one field; several --grid make every combination")
    p.add_argument("--sample", type=positive_int("--sample", 1), default=0, metavar="N",
                   help="draw N points from the --range box")
    p.add_argument("--range", dest="ranges", action="append", default=[], metavar="KEY=LO:HI",
                   help="range of one field for --sample (repeatable)")
    p.add_argument("--method", choices=["lhs", "sobol", "random"], default="lhs",
                   help="sampling method for --sample (default: Latin hypercube)")
    p.add_argument("--sample-seed", type=positive_int("--sample-seed", 0), default=0, metavar="S",
                   help="seed of the sampling of points (default 0)")
    p.add_argument("--seeds", type=positive_int("--seeds", 1), required=True, metavar="K",
                   help="seeds 0..K-1 for every point")
    p.add_argument("--participants", type=positive_int("--participants", 1, 50_000_000), metavar="N")
    p.add_argument("--days", type=positive_int("--days", 1, 3650), metavar="D")
    p.add_argument("--out", required=True, metavar="DIR", help="results folder (a rerun resumes)")
    p.add_argument("--workers", type=positive_int("--workers", 0, 1024), metavar="W",
                   help="local Dask worker processes (default: one per core; 0: run serially "
                        "without Dask)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=main)


def main(args) -> int:
    spec = sweep.build_spec(args.scenario, grid=args.grid, ranges=args.ranges,
                            sample=args.sample, method=args.method, sample_seed=args.sample_seed,
                            seeds=args.seeds, base_overrides=args.overrides,
                            participants=args.participants, days=args.days)
    output_folder("--out", args.out)
    table = sweep.run_sweep(spec, args.out, workers=args.workers, scheduler=args.scheduler,
                            progress=not args.quiet)
    if not args.quiet:
        print(f"{len(table)} runs ({len(spec.points)} points x {len(spec.seeds)} seeds): "
              f"{args.out}/results.csv and results.parquet", file=sys.stderr)
    return 0
