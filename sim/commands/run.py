"""``pingou run``: simulate a scheme and write the summary, tables, figures and report."""

from __future__ import annotations

import sys

from tqdm import tqdm

from sim import api
from sim.commands.cli import check_memory, output_folder, positive_int, writing
from sim.scheme import scenario as scenario_mod


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
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=main)


def main(args) -> int:
    sc = scenario_mod.load(args.scenario, args.overrides, participants=args.participants,
                           days=args.days, seed=args.seed)
    out = output_folder("--out", args.out, api.output_names(args.figures))  # before the run, not after it
    check_memory(api.memory_needed(sc))
    bar = tqdm(total=sc.run.days, unit="day", file=sys.stderr, delay=2.0, disable=args.quiet,
               desc=sc.meta.name, leave=False)

    def progress(day: int) -> None:
        bar.update(1)

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
