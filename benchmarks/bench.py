"""How fast is the engine, and how much faster than the per-agent reference model?

    python benchmarks/bench.py                      # 10k, 100k, 1M members, 365 days
    python benchmarks/bench.py --sizes 10000,100000 --json out.json

For every size, three cases, each in a fresh process:

* ``pingou run``: the real command, ``pingou run --participants N --days D --quiet``, default
  preset, writing every output file (summary, CSV files, figures, report) to a temporary
  folder. Its time is what a user waits for, imports and files included. This is the case the
  targets of issue 6 are about (at most 60 s and 2 GiB at 1M x 365).
* ``engine``: ``SchemeModel(...).run()`` alone, the simulation without the output files.
* ``reference``: ``ReferenceModel(...).run()``, the per-agent Mesa model (sim/reference.py),
  which implements the core rules only: ``engine`` and ``reference`` both run
  ``core_scenario("quanmin-pingou")``, the default preset without its dividend pools and
  regional agents, so the ratio compares the same rules;
  for the sizes in ``--reference-sizes`` (10k and 100k by default; 100k takes about two
  minutes, so 1M would take about half an hour). ``--reference-days`` runs it for fewer days
  than the engine; the ratio is then taken per member-day, an approximation (a member-day
  costs more while members play than after the exit).

Measured, for ``engine`` and ``reference`` over the ``run()`` call alone (imports and setup
excluded), for ``pingou run`` over the whole process:

* time: wall time, ``time.perf_counter``;
* CPU time: ``time.process_time`` around ``run()``; for ``pingou run``, the process's user
  plus system time;
* peak memory: the peak resident set of the process that ran the case,
  ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` read by a small wrapper process that ran only that
  case, so each figure is that case's own;
* member-days per second (the number of people who had joined, summed over the days) and
  seats per second.

The ratio to the reference is the reference's ``run()`` time over the engine's, for the same
scenario, size, days and seed, by wall time and by CPU time. On a shared machine the CPU
ratio is the one least disturbed by other work. The engine's figures are the median of
``--repeat`` runs (3 by default, each in a fresh process; the JSON keeps every one), since a
run of two seconds is easily disturbed; the reference and ``pingou run`` are run once.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


# -- the cases, each run in its own process ------------------------------------------------

def case_engine(n: int, days: int, seed: int) -> dict:
    from sim.engine.model import SchemeModel
    from sim.reference import core_scenario

    model = SchemeModel(core_scenario("quanmin-pingou"), participants=n, days=days, seed=seed)
    start, cpu = time.perf_counter(), time.process_time()
    model.run()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"run_seconds": seconds, "run_cpu_seconds": cpu, "days": model.day,
            "member_days": sum(row["members"] for row in model.rows),
            "seats": sum(row["seats"] for row in model.rows),
            "collapse_day": model.collapse_day}


def case_reference(n: int, days: int, seed: int) -> dict:
    from sim.reference import ReferenceModel, core_scenario

    model = ReferenceModel(core_scenario("quanmin-pingou"), participants=n, days=days, seed=seed)
    start, cpu = time.perf_counter(), time.process_time()
    model.run()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    daily = model.datacollector.get_model_vars_dataframe()
    return {"run_seconds": seconds, "run_cpu_seconds": cpu, "days": model.day,
            "member_days": int(daily["members"].sum()), "seats": int(daily["seats"].sum()),
            "collapse_day": model.collapse_day}


def case_pingou(n: int, days: int, seed: int) -> dict:
    """``pingou run`` as a user types it; reads the day count and seats from daily.csv."""
    import csv

    with tempfile.TemporaryDirectory(prefix="pingou-bench-") as tmp:
        out = Path(tmp) / "out"
        pingou = Path(sys.executable).with_name("pingou")
        entry = [str(pingou)] if pingou.exists() else [sys.executable, "-m", "sim"]
        cmd = entry + ["run", "--participants", str(n), "--days", str(days),
               "--seed", str(seed), "--quiet", "--out", str(out)]
        start = time.perf_counter()
        subprocess.run(cmd, check=True)
        seconds = time.perf_counter() - start
        with open(out / "daily.csv", newline="") as f:
            rows = list(csv.DictReader(f))
        summary = json.loads((out / "summary.json").read_text())
    return {"run_seconds": seconds, "days": len(rows),
            "member_days": sum(int(r["members"]) for r in rows),
            "seats": sum(int(r["seats"]) for r in rows),
            "collapse_day": summary["collapse_day"]}


CASES = {"engine": case_engine, "reference": case_reference, "pingou run": case_pingou}


def measure(kind: str, n: int, days: int, seed: int) -> dict:
    """Run one case in a fresh wrapper process, which runs it in a fresh child and reports
    that child's peak memory and CPU time along with the case's own figures."""
    cmd = [sys.executable, str(HERE), "_wrap", kind, str(n), str(days), str(seed)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def wrap(kind: str, n: int, days: int, seed: int) -> None:
    """(In the wrapper process.) Run the case in a child; print its figures as JSON."""
    cmd = [sys.executable, str(HERE), "_case", kind, str(n), str(days), str(seed)]
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    process_seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child and its own children
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures.setdefault("run_cpu_seconds", usage.ru_utime + usage.ru_stime)  # pingou run: all of it
    figures.update(kind=kind, participants=n, process_seconds=process_seconds,
                   process_cpu_seconds=usage.ru_utime + usage.ru_stime,
                   peak_mib=usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux
    print(json.dumps(figures))


# -- the table -------------------------------------------------------------------------------

def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import mesa
    import numpy

    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, numpy {numpy.__version__}, "
            f"Mesa {mesa.__version__}")


def table(results: list[dict]) -> str:
    """The figures as a Markdown table; the engine rows say how many times faster than the
    reference they ran, by wall time and by CPU time."""
    ref = {r["participants"]: r for r in results if r["kind"] == "reference"}
    lines = ["| members | case | days | time (s) | CPU time (s) | peak memory (MiB) | "
             "member-days/s | seats/s | x reference (time) | x reference (CPU) |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        rate = r["member_days"] / r["run_seconds"]
        seats = r["seats"] / r["run_seconds"]
        by_time = by_cpu = ""
        base = ref.get(r["participants"])
        if r["kind"] == "engine" and base is not None:
            if base["days"] == r["days"]:
                by_time = f"{base['run_seconds'] / r['run_seconds']:.1f}x"
                by_cpu = f"{base['run_cpu_seconds'] / r['run_cpu_seconds']:.1f}x"
            else:  # per member-day, when the reference ran fewer days
                def per_md(x, key):
                    return x["member_days"] / x[key]
                by_time = (f"{per_md(r, 'run_seconds') / per_md(base, 'run_seconds'):.1f}x "
                           "per member-day")
                by_cpu = (f"{per_md(r, 'run_cpu_seconds') / per_md(base, 'run_cpu_seconds'):.1f}x "
                          "per member-day")
        lines.append(f"| {r['participants']:,} | {r['kind']} | {r['days']} | "
                     f"{r['run_seconds']:.1f} | {r['run_cpu_seconds']:.1f} | "
                     f"{r['peak_mib']:,.0f} | {rate:,.0f} | {seats:,.0f} | {by_time} | {by_cpu} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10000,100000,1000000",
                   help="populations, comma-separated (default: 10000,100000,1000000)")
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--reference-sizes", default="10000,100000",
                   help="populations at which to run the reference model too")
    p.add_argument("--reference-days", type=int, default=None,
                   help="days for the reference (default: as many as the engine)")
    p.add_argument("--cases", default="pingou run,engine,reference",
                   help="which cases to run, comma-separated")
    p.add_argument("--repeat", type=int, default=3,
                   help="runs of the engine case; the table shows the median (default: 3)")
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    ref_sizes = {int(s) for s in args.reference_sizes.split(",") if s}
    cases = [c.strip() for c in args.cases.split(",")]
    print(f"# {machine()}", file=sys.stderr)
    results = []
    for n in sizes:
        for kind in ("pingou run", "engine", "reference"):
            if kind not in cases or (kind == "reference" and n not in ref_sizes):
                continue
            days = (args.reference_days or args.days) if kind == "reference" else args.days
            print(f"# {kind}, {n:,} members, {days} days ...", file=sys.stderr, flush=True)
            runs = []
            for _ in range(args.repeat if kind == "engine" else 1):
                runs.append(measure(kind, n, days, args.seed))
                print(f"#   {runs[-1]['run_seconds']:.1f} s, {runs[-1]['peak_mib']:,.0f} MiB",
                      file=sys.stderr, flush=True)
            r = sorted(runs, key=lambda x: x["run_seconds"])[(len(runs) - 1) // 2]  # median
            if len(runs) > 1:
                r = dict(r, repeats=[x["run_seconds"] for x in runs],
                         repeats_cpu=[x["run_cpu_seconds"] for x in runs])
            results.append(r)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "argv": sys.argv[1:],
                                         "results": results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("_wrap", "_case"):
        step, kind, n, days, seed = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
        if step == "_wrap":
            wrap(kind, n, days, seed)
        else:
            print(json.dumps(CASES[kind](n, days, seed)))
    else:
        sys.exit(main())
