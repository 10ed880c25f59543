"""``pingou run``: simulate a scheme and write the summary, tables, figures and report.

With ``--seeds K`` it makes K runs, seeds S to S+K-1 (S: ``--seed`` or the scenario's
``run.seed``), on local Dask workers (``--workers``, one per core by default, as many as fit
in memory, as ``pingou sweep``), and gives every headline figure its median and 90% range over
them (:mod:`sim.experiments.ranges`); ``--assumptions wide`` draws the behavioural assumptions
too, one set per seed. The files are those of seed S's run, with ``ranges`` in summary.json
and the ranges in the report. Without ``--seeds``, nothing of this is imported or done."""

from __future__ import annotations

import sys

from tqdm import tqdm

from sim import api
from sim.engine.memory import keep_freed_memory
from sim.commands.cli import (CommandError, UsageError, check_memory, output_folder,
                              positive_int, writing)
from sim.scheme import scenario as scenario_mod

#: The most seeds ``--seeds`` takes (:data:`sim.experiments.ranges.MAX_SEEDS`, not imported:
#: the module is loaded only for a run with ranges).
MAX_SEEDS = 1_000


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="simulate a scheme and write summary, CSV files and a report")
    p.add_argument("--scenario", default="quanmin-pingou", metavar="NAME|PATH",
                   help="preset name (see 'pingou scenarios') or path of a .toml file "
                        "(default: quanmin-pingou)")
    p.add_argument("--participants", type=positive_int("--participants", 1, 50_000_000),
                   metavar="N", help="addressable population")
    p.add_argument("--days", type=positive_int("--days", 1, 3650), metavar="D",
                   help="days to simulate")
    p.add_argument("--seed", type=positive_int("--seed", 0, 2**63 - 1), metavar="S",
                   help="random seed")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scenario field by its dotted path, e.g. draw.winners=2 "
                        "(repeatable)")
    p.add_argument("--out", default="pingou-out", metavar="DIR",
                   help="output folder (default: ./pingou-out)")
    p.add_argument("--lang", default="en", choices=["en", "zh"],
                   help="language of the report and its figures: en (English) or zh (Chinese)")
    p.add_argument("--figures", default="png", choices=["png", "svg", "both"],
                   help="the files of the figures in DIR/figures/: png (default), svg (vector, "
                        "for print and editing) or both; the report embeds PNG either way")
    p.add_argument("--seeds", type=positive_int("--seeds", 2, MAX_SEEDS), metavar="K",
                   help="run K seeds (the seed and the K-1 after it) and give every headline "
                        "figure its median and 90%% range (5th-95th percentile over the runs), "
                        "the timelines bands; the CSV files stay those of the first seed")
    p.add_argument("--assumptions", choices=["scenario", "wide"], default=None,
                   help="with --seeds: the scenario's own behavioural assumptions in every "
                        "run (scenario, the default) or, wide, a set drawn for each seed over "
                        "wide ranges (Latin hypercube), so the range takes in model "
                        "uncertainty too")
    p.add_argument("--workers", type=positive_int("--workers", 0, 1024), metavar="W",
                   help="with --seeds: local Dask worker processes (default: one per core, as "
                        "many as fit in memory; 0: the seeds one after the other)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=main)


def main(args) -> int:
    seeds = getattr(args, "seeds", None)  # a hand-built Namespace may have none of these
    for flag, value in (("--assumptions", getattr(args, "assumptions", None)),
                        ("--workers", getattr(args, "workers", None))):
        if value is not None and seeds is None:
            raise UsageError(f"pingou run: error: {flag} {value}: needs --seeds K (K runs, "
                             "K at least 2); without --seeds, pingou run makes one run")
    sc = scenario_mod.load(args.scenario, args.overrides, participants=args.participants,
                           days=args.days, seed=args.seed)
    if seeds is not None:
        return _with_ranges(args, sc)
    out = output_folder("--out", args.out, api.output_names(args.figures))  # before the run, not after it
    check_memory(api.memory_needed(sc))
    bar = tqdm(total=sc.run.days, unit="day", file=sys.stderr, delay=2.0, disable=args.quiet,
               desc=sc.meta.name, leave=False)

    def progress(day: int) -> None:
        bar.update(1)

    keep_freed_memory()  # the day's large arrays reuse pages already in use (sim.engine.memory)
    try:
        result = api.run(sc, progress=progress)
    finally:  # also on Ctrl-C: the bar's line is cleared before the command's last line
        bar.close()
    with writing("--out", args.out, "the output"):
        result.save(out, lang=args.lang, figures=args.figures)
    if not args.quiet:
        from sim.outputs.i18n import closing_line  # after the run: imported by the report

        print(closing_line(args.lang, result.summary, out / "report.html"), file=sys.stderr)
    return 0


def _with_ranges(args, sc) -> int:
    """``--seeds K``: the K runs of the ranges (on Dask, or one after the other), then the
    first seed's run in full, and its files with the ranges (:mod:`sim.experiments.ranges`)."""
    from types import SimpleNamespace

    from sim.commands.sweep import _workers_that_fit
    from sim.experiments import ranges, sweep

    held = [item.split("=", 1)[0].strip() for item in args.overrides]
    plan = ranges.plan(sc, args.seeds, args.assumptions or "scenario", held=held)
    out = output_folder("--out", args.out, api.output_names(args.figures))  # before the runs
    workers = _workers_that_fit(SimpleNamespace(memory=plan.memory), args.workers)
    runs = args.seeds if plan.assumptions == "wide" else args.seeds - 1
    seeds_bar = tqdm(total=runs, unit="run", file=sys.stderr, delay=2.0, disable=args.quiet,
                     desc=f"{sc.meta.name}, {args.seeds} seeds", leave=False)
    days_bar = None

    def progress(day: int) -> None:
        nonlocal days_bar
        if days_bar is None:  # the seeds are done: the first seed's run, in full
            seeds_bar.close()
            days_bar = tqdm(total=sc.run.days, unit="day", file=sys.stderr, delay=2.0,
                            disable=args.quiet, desc=f"{sc.meta.name}, seed {sc.run.seed}",
                            leave=False)
        days_bar.update(1)

    try:
        result = ranges.execute(plan, workers=workers, progress=progress,
                                done=lambda: seeds_bar.update(1))
    except sweep.WorkerError as exc:
        raise CommandError(f"pingou run: error: {exc}; nothing was written") from None
    finally:  # also on Ctrl-C: the bars' lines are cleared before the command's last line
        seeds_bar.close()
        if days_bar is not None:
            days_bar.close()
    with writing("--out", args.out, "the output"):
        result.save(out, lang=args.lang, figures=args.figures)
    if not args.quiet:
        from sim.outputs.i18n import closing_ranges_line

        print(closing_ranges_line(args.lang, result.summary, out / "report.html"),
              file=sys.stderr)
    return 0
