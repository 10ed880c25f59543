"""``pingou compare``: a policy against the base, on the same seeds."""

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
    p.add_argument("--json", action="store_true", help="print the table as JSON")
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
            result.runs.to_csv(files.path("runs.csv"), index=False, lineterminator="\n")
    if args.json:
        print(json.dumps({"table": result.table.to_dict(orient="records"),
                          "diverged_day": {int(k): v for k, v in result.diverged.items()}},
                         indent=2))
    else:
        print(result.table.to_string(index=False, float_format=lambda v: f"{v:,.4g}"))
        first = result.diverged.dropna()
        print(f"\nRuns identical up to the lever: first differing day per seed ranges "
              f"{int(first.min()) if len(first) else '-'}..{int(first.max()) if len(first) else '-'}")
    return 0
