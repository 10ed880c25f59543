"""``pingou discover``: the boxes of a sweep's levers in which a condition holds (PRIM)."""

from __future__ import annotations

import sys
from pathlib import Path

from sim.commands.cli import CommandError, UsageError, output_folder, positive_int, writing
from sim.experiments import discover as discovery


def share(flag: str):
    """An argparse type for a share between 0 and 1 that names the flag and the value."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise UsageError(f"pingou: error: {flag} {text!r}: must be a number between 0 "
                             f"and 1, e.g. 0.8") from None
        if not 0 < value <= 1:
            raise UsageError(f"pingou: error: {flag} {text}: must be > 0 and <= 1, e.g. 0.8")
        return value

    return parse


def add_parser(sub) -> None:
    p = sub.add_parser("discover", help="find the boxes of a sweep's levers in which a "
                       "condition holds (PRIM scenario discovery), with coverage and density")
    p.add_argument("sweep_dir", metavar="SWEEP_DIR", help="the --out folder of a pingou sweep")
    p.add_argument("--where", required=True, metavar="EXPRESSION",
                   help="a condition on the results table's columns, e.g. \"collapse_day < "
                        "180\" or \"share_losing_shop > 0.9\" (comparisons, and, or, not, "
                        "in [...], words in quotes: policy.reserve_day == 'none')")
    p.add_argument("--boxes", type=positive_int("--boxes", 1, 20), default=3, metavar="N",
                   help="at most N boxes (default 3)")
    p.add_argument("--min-density", type=share("--min-density"), default=0.8, metavar="SHARE",
                   help="a box must have the condition hold in at least this share of its "
                        "runs (default 0.8)")
    p.add_argument("--out", metavar="FILE",
                   help="the CSV of the boxes (default SWEEP_DIR/discover.csv; a folder: "
                        "discover.csv in it)")
    p.set_defaults(func=main)


def main(args) -> int:
    if args.out is None:
        flag, value, out = "SWEEP_DIR", args.sweep_dir, Path(args.sweep_dir) / "discover.csv"
    elif not args.out:
        raise UsageError("pingou discover: error: --out '': must name a file or a folder, "
                         "e.g. --out boxes.csv")
    else:
        flag, value, out = "--out", args.out, Path(args.out)
        if out.is_dir():
            out = out / "discover.csv"
    try:
        table, levers = discovery.load_sweep(args.sweep_dir)
        output_folder(flag, str(out.parent), [out.name])  # before the work, not after it
        found = discovery.discover(table, args.where, levers, boxes=args.boxes,
                                   min_density=args.min_density)
    except discovery.DiscoverError as exc:
        raise UsageError(f"pingou discover: error: {exc}") from None
    except ImportError as exc:  # the PRIM package is missing
        raise CommandError(f"pingou discover: error: {exc}") from None
    with writing(flag, value, "the boxes"):
        discovery.write_csv(found, out)
    print(found.reading())
    print(f"The boxes: {out}", file=sys.stderr)
    return 0
