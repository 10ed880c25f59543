"""``pingou compare``: a policy against the base, on the same seeds.

It prints the table of :func:`sim.experiments.compare.format_table` (people who joined, who lost
money against a shop and what they lost, who came out ahead, what the operator took, the
collapse; then the other measures), the notes under it (how the figures were made; a day some
run never reached counts as the run's last day, and says so), the day the arms first differ,
and ends with the sentences of :func:`sim.experiments.compare.sentences`. ``--json`` prints
the same table (fen and yuan), notes and sentences; ``--out`` writes comparison.csv (the table)
and runs.csv (one row per seed and arm, each ``X_fen`` with its ``X_yuan`` twin), all or
nothing.
"""

from __future__ import annotations

import json

from sim import api
from sim.commands.cli import UsageError, check_memory, output_folder, positive_int, writing
from sim.experiments import compare as comparison
from sim.outputs.files import atomic_folder
from sim.scheme.scenario import ScenarioError

#: The files ``--out`` gets.
OUTPUT_NAMES = ("comparison.csv", "runs.csv")


def add_parser(sub) -> None:
    p = sub.add_parser("compare", help="compare a policy with the base scenario on the same "
                       "seeds (common random numbers), with 95%% confidence intervals")
    p.add_argument("--scenario", default="quanmin-pingou", metavar="NAME|PATH",
                   help="the base scenario")
    p.add_argument("--set", dest="base_set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a field of the base (and of the policy)")
    p.add_argument("--policy", metavar="NAME|PATH",
                   help="the policy scenario (default: the base with --policy-set)")
    p.add_argument("--policy-set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a field in the policy arm only, e.g. policy.crackdown_day=30")
    p.add_argument("--seeds", type=positive_int("--seeds", 1, 100_000), default=10, metavar="K")
    p.add_argument("--participants", type=positive_int("--participants", 1, 50_000_000), metavar="N")
    p.add_argument("--days", type=positive_int("--days", 1, 3650), metavar="D")
    p.add_argument("--json", action="store_true",
                   help="print the table (fen and yuan), its notes and sentences as JSON")
    p.add_argument("--out", metavar="DIR", help="also write comparison.csv and runs.csv here")
    p.set_defaults(func=main)


def main(args) -> int:
    if args.policy is None and not args.policy_set:
        raise UsageError("pingou compare: error: give --policy NAME or at least one --policy-set")
    if args.out is not None:
        output_folder("--out", args.out, OUTPUT_NAMES)  # before the runs, not after them
    for flag, items in (("--set", args.base_set), ("--policy-set", args.policy_set)):
        for item in items:
            if item.split("=", 1)[0].strip() == "run.seed":
                raise ScenarioError(f"{flag} {item!r}: run.seed is set by --seeds (both arms "
                                    "run the same seeds); set other fields with " + flag)
    base_set = list(args.base_set)
    policy_set = list(args.policy_set) if args.policy is None else base_set + list(args.policy_set)
    for sc in comparison.arms(args.scenario, args.policy, base_set=base_set,
                              policy_set=policy_set, participants=args.participants,
                              days=args.days):
        check_memory(api.memory_needed(sc))  # the runs go one at a time
    result = comparison.compare(args.scenario, args.policy, base_set=base_set,
                                policy_set=policy_set, seeds=args.seeds,
                                participants=args.participants, days=args.days)
    if args.out is not None:
        with writing("--out", args.out, "the output"), atomic_folder(args.out) as files:
            result.table.to_csv(files.path("comparison.csv"), index=False, lineterminator="\n")
            with files.open("runs.csv") as sink:
                api.write_csv(result.runs, sink)  # each X_fen with its X_yuan twin
    lever = describe(args)
    said = comparison.sentences(result.table, lever)
    first = result.diverged.dropna()
    if len(first):
        same = (f"Runs identical up to the lever: first differing day per seed ranges "
                f"{int(first.min())}..{int(first.max())}")
    else:
        same = "The two arms never differed: the lever changed nothing in these runs"
    if args.json:
        print(json.dumps({"base": args.scenario, "policy": lever,
                          "table": comparison.records(result.table),
                          "diverged_day": {int(k): (None if v is None or v != v else int(v))
                                           for k, v in result.diverged.items()},
                          "notes": comparison.notes(result), "sentences": said},
                         indent=2, ensure_ascii=False))
    else:
        print(f"Base: {args.scenario}{_with(args.base_set)}. Policy: {lever}.\n")
        print(comparison.format_table(result.table))
        print()
        for line in comparison.notes(result):
            print(line)
        print(same + ".")
        if said:
            print()
            print(" ".join(said))
    return 0


def _with(items) -> str:
    return f" with {', '.join(items)}" if items else ""


def describe(args) -> str:
    """The policy arm in words, for the sentences: its --policy-set overrides of the base, or
    the scenario --policy (with its own overrides)."""
    if args.policy is None:
        return ", ".join(args.policy_set)
    return f"the scenario {args.policy}{_with(args.policy_set)}"
