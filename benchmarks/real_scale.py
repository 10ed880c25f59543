"""The recruitment tree at the scale of the real schemes, from runs too large for a notebook.

    python benchmarks/real_scale.py --sizes 8960000,21000000        # runs, then collects
    python benchmarks/real_scale.py --collect OUT_DIR [OUT_DIR ...]  # folders already made

For each size it runs the real command, ``pingou run --participants N --quiet --out DIR``
(the default preset, 365 days, seed 1), timed with ``/usr/bin/time -v`` (wall time, peak
resident memory and minor page faults), then reads the tree back from the run's own files: ``summary.json``
(``recruitment_tree``, the growth peak, the ending) and ``participants.csv`` (the ``depth``
and ``direct_downlines`` columns: how many members sit at each level below a founder, and how
many founders' trees hold anyone but the founder). It writes ``benchmarks/real_scale.json``
(each size its own entry, with the date it was made; sizes not run this time keep theirs),
which notebook 05 reads and sets beside the published figures of 云联惠 and 花生日记
(docs/evidence.md). A size is refused before it runs when the machine's memory cannot hold it
(``pingou run``'s own check), and the file says so.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve()
OUT = HERE.parent / "real_scale.json"


def tree_of(folder: Path) -> dict:
    """The figures of one run's folder, each from its own files."""
    s = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    parts = pd.read_csv(folder / "participants.csv", usecols=["depth", "direct_downlines"])
    by_depth = parts["depth"].value_counts().sort_index()
    founders = parts["depth"] == 0
    tree = s["recruitment_tree"]
    return {
        "people": int(s["population"]),
        "members": int(len(parts)),
        "levels": int(tree["tree_depth"]),
        "share_in_chains_3plus": float(tree["share_in_chains_3plus"]),
        "founders": int(founders.sum()),
        "trees_with_recruits": int((founders & (parts["direct_downlines"] > 0)).sum()),
        "members_by_depth": {int(k): int(v) for k, v in by_depth.items()},
        "growth_peak_day": s.get("growth_peak_day"),
        "collapse_day": s.get("collapse_day"),
        "activity_end_day": s.get("activity_end_day"),
        "share_losing_shop": s.get("share_losing_shop"),
        "ledger_imbalance_fen": s.get("ledger_imbalance_fen"),
    }


def timed_run(n: int, folder: Path) -> dict:
    """``pingou run`` at ``n`` people into ``folder``: its exit status, wall time, peak
    memory and minor page faults (``/usr/bin/time -v``)."""
    pingou = Path(sys.executable).with_name("pingou")
    cmd = ["/usr/bin/time", "-v", str(pingou), "run", "--participants", str(n), "--quiet",
           "--out", str(folder)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    # pages the system handed over on a first touch, each a fault of its own
    faults = re.search(r"Minor \(reclaiming a frame\) page faults: (\d+)", done.stderr)
    seconds = None
    if wall:
        h, m, sec = wall.groups()
        seconds = int(h or 0) * 3600 + int(m) * 60 + float(sec)
    return {"command": f"pingou run --participants {n} --quiet --out DIR",
            "exit_status": done.returncode, "wall_s": seconds,
            "peak_rss_gib": int(rss.group(1)) / 2**20 if rss else None,
            "minor_page_faults": int(faults.group(1)) if faults else None,
            "refused": done.stderr.strip().splitlines()[-1] if done.returncode == 2 else None}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="8960000,21000000")
    p.add_argument("--collect", nargs="*", type=Path,
                   help="read these run folders instead of running (timings then unknown)")
    p.add_argument("--timings", type=Path,
                   help="with --collect: a JSON file of {people: {wall_s, peak_rss_gib}}")
    p.add_argument("--out", type=Path, default=OUT)
    a = p.parse_args(argv)
    runs = []
    if a.collect:
        timings = json.loads(a.timings.read_text()) if a.timings else {}
        for folder in a.collect:
            row = tree_of(folder)
            row.update(timings.get(str(row["people"]), {}))
            runs.append(row)
    else:
        for n in (int(x) for x in a.sizes.split(",")):
            with tempfile.TemporaryDirectory(prefix="pingou-real-scale-") as tmp:
                folder = Path(tmp) / "out"
                timing = timed_run(n, folder)
                row = {"people": n, **timing}
                if timing["exit_status"] == 0:
                    row.update(tree_of(folder))
                runs.append(row)
    # the sizes not run this time keep their earlier entries (each with its own date)
    today = date.today().isoformat()
    for row in runs:
        row.setdefault("made", today)
    kept = []
    if a.out.exists():
        earlier = json.loads(a.out.read_text(encoding="utf-8"))
        for row in earlier.get("runs", []):
            row.setdefault("made", earlier.get("made"))
            if row["people"] not in {r["people"] for r in runs}:
                kept.append(row)
    runs = sorted(kept + runs, key=lambda r: r["people"])
    a.out.write_text(json.dumps({"made": today, "runs": runs}, indent=1,
                                ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
