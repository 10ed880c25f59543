"""``pingou scenarios`` (the presets, one line each) and ``pingou show SCENARIO``."""

from __future__ import annotations

from sim.scheme import scenario as scenario_mod


def add_parser(sub) -> None:
    p = sub.add_parser("scenarios", help="list the preset scenarios, one line each")
    p.set_defaults(func=list_main)
    p = sub.add_parser("show", help="print a scenario, fully resolved, with each field's meaning")
    p.add_argument("scenario", metavar="SCENARIO", nargs="?",
                   help="preset name or path of a .toml file")
    p.add_argument("--glossary", action="store_true",
                   help="print the brochures' Chinese terms and the fields that carry each")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override a field by its dotted path, e.g. draw.winners=2")
    p.set_defaults(func=show_main)


def list_main(args) -> int:
    names = scenario_mod.preset_names()
    width = max(len(n) for n in names)
    for name in names:
        sc = scenario_mod.load(name)
        print(f"{name:<{width}}  {sc.meta.title}  [{sc.meta.source}]")
    return 0


def show_main(args) -> int:
    if getattr(args, "glossary", False):
        from sim.scheme.glossary import text

        print(text(), end="")
        return 0
    if args.scenario is None:
        from sim.commands.cli import UsageError

        raise UsageError("pingou show: error: give a SCENARIO (a preset name or the path of a "
                         ".toml file), or --glossary")
    sc = scenario_mod.load(args.scenario, args.overrides)
    print(scenario_mod.describe(sc))
    return 0
