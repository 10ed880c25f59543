"""Benchmark of the social network's generation (issue 15): time and memory per person for
each kind at 1 million people, and for the default kind at 21 million (花生日记's members),
mean contacts 10.

    python benchmarks/network_bench.py [--n 1000000] [--large 21000000] [--mean 10]
                                       [--kinds clustered,small-world,...] [--seed 1]

Each build runs in a fresh process, so that its peak resident memory (the kernel's maxrss of
the child, what ``/usr/bin/time -v`` reports as "Maximum resident set size") is its own. A first
child only imports numpy, NetworKit and ``sim.engine.network``: its peak is the baseline taken
off the others. Printed per build: links, mean and largest number of contacts, people with none,
the average local clustering (wedge sampling, 100,000 wedges), the wall time of ``build`` (in
the child, imports excluded) and per person, the child's CPU time (user + system, imports and
the clustering estimate included: on a shared machine, a check on the wall time), the peak
memory above the baseline and per person, and the bytes per person of the CSR arrays that
stay. ``file`` reads an edge list of a ``random``
network of the same size written beforehand (the writing is not timed). ``--large 0`` skips the
large build.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

KINDS = ("clustered", "small-world", "scale-free", "random", "well-mixed", "file")

CHILD = r"""
import json, sys, time
import numpy as np
import networkit
from sim.engine import network as nw
args = json.loads(sys.argv[1])
if args["kind"] == "baseline":
    print(json.dumps({}))
    sys.exit(0)
if args["kind"] == "write":
    net = nw.build("random", args["n"], args["mean"], seed=args["seed"])
    u, v = net.edges()
    del net
    with open(args["path"], "w") as f:
        for s in range(0, u.size, 1 << 22):
            block = np.column_stack([u[s:s + (1 << 22)], v[s:s + (1 << 22)]])
            np.savetxt(f, block, fmt="%d")
    print(json.dumps({}))
    sys.exit(0)
params = {"path": args["path"]} if args["kind"] == "file" else None
t = time.perf_counter()
net = nw.build(args["kind"], args["n"], args["mean"], params, seed=args["seed"])
wall = time.perf_counter() - t
out = net.summary()
out["wall_s"] = wall
out["clustering"] = None if net.well_mixed else net.clustering_estimate(
    np.random.default_rng(0), 100_000)
print(json.dumps(out))
"""


def run(args: dict) -> tuple[dict, int]:
    """One build in a fresh process: (what it printed, its peak resident memory in bytes).
    Forked and reaped by hand, so that os.wait4 gives this child's own resource usage."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: stdout into the pipe, then exec
        os.close(r)
        os.dup2(w, 1)
        os.execv(sys.executable, [sys.executable, "-c", CHILD, json.dumps(args)])
    os.close(w)
    with os.fdopen(r) as f:
        text = f.read()
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{args['kind']} at {args['n']:,}: failed (exit "
                         f"{os.waitstatus_to_exitcode(status)})")
    out = json.loads(text or "{}")
    out["cpu_s"] = usage.ru_utime + usage.ru_stime  # the whole child, imports included
    return out, usage.ru_maxrss * 1024  # Linux: ru_maxrss in KiB


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--large", type=int, default=21_000_000)
    ap.add_argument("--mean", type=float, default=10.0)
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    kinds = [k for k in a.kinds.split(",") if k]
    _, base = run({"kind": "baseline", "n": 0, "mean": 0, "seed": 0})
    print(f"baseline (python, numpy, networkit, sim.engine.network imported): "
          f"{base / 2**20:,.0f} MiB; mean contacts {a.mean:g}, seed {a.seed}")
    head = (f"{'kind':<12} {'people':>11} {'links':>12} {'mean':>6} {'max':>7} {'none':>7} "
            f"{'clust':>6} {'time s':>7} {'us/person':>9} {'cpu s':>6} {'peak MiB':>9} "
            f"{'B/person':>9} {'CSR B/p':>8}")
    print(head)
    jobs = [(k, a.n) for k in kinds] + ([("clustered", a.large)] if a.large else [])
    with tempfile.TemporaryDirectory(prefix="network-bench-") as tmp:
        for kind, n in jobs:
            args = {"kind": kind, "n": n, "mean": a.mean, "seed": a.seed,
                    "path": os.path.join(tmp, f"edges-{n}.txt")}
            if kind == "file" and not os.path.exists(args["path"]):
                run({**args, "kind": "write"})
            out, peak = run(args)
            above = max(0, peak - base)
            graph = out.get("clustering") is not None
            cl = f"{out['clustering']:.3f}" if graph else "-"
            links = f"{out['edges']:,}" if graph else "all"
            mean = f"{out['mean_contacts']:.2f}" if graph else "n-1"
            top = f"{out['max_contacts']:,}" if graph else "n-1"
            print(f"{kind:<12} {n:>11,} {links:>12} {mean:>6} {top:>7} {out['isolated']:>7,} "
                  f"{cl:>6} {out['wall_s']:>7.1f} {out['wall_s'] / n * 1e6:>9.2f} "
                  f"{out['cpu_s']:>6.1f} {above / 2**20:>9,.0f} {above / n:>9.1f} "
                  f"{out['bytes'] / n:>8.1f}", flush=True)
            if os.path.exists(args["path"]) and kind == "file":
                os.remove(args["path"])


if __name__ == "__main__":
    main()
