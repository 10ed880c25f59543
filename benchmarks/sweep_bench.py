"""Benchmark of a large sweep: 1,000 runs of 10,000 members over 365 days (issue 7's target:
at most 10 minutes on a 2-core machine).

    python benchmarks/sweep_bench.py [--runs 1000] [--participants 10000] [--days 365] [--workers 2]

Runs ``pingou sweep`` (a local Dask cluster, one worker process per core) over a grid of
10 stall days x (runs / 10) seeds, into a fresh temporary folder, and prints the wall time,
runs per minute and member-days per second.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--participants", type=int, default=10_000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()
    points = 10
    seeds = max(1, a.runs // points)
    stall = ",".join(str(d) for d in range(30, 30 + 10 * points, 10))
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "sim", "sweep", "--grid", f"recruitment.stall_day={stall}",
               "--seeds", str(seeds), "--participants", str(a.participants), "--days", str(a.days),
               "--workers", str(a.workers), "--out", tmp, "--quiet"]
        start = time.perf_counter()
        subprocess.run(cmd, check=True)
        wall = time.perf_counter() - start
    runs = points * seeds
    print(f"{runs} runs of {a.participants:,} members x {a.days} days on {a.workers} workers: "
          f"{wall:.1f} s ({runs / wall * 60:.0f} runs/min, "
          f"{runs * a.participants * a.days / wall:,.0f} member-days/s)")


if __name__ == "__main__":
    main()
