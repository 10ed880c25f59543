"""Would compiling the per-seat passes pay? A probe on what was the costliest one, the
shopping-gold sequence of a day's draws (``sim.engine.release.sequence``: a quarter of the
days' time at 4M people until it stopped sorting the members whose order cannot matter,
docs/benchmarks.md).

    pip install numba
    python benchmarks/release_kernel_probe.py --participants 500000

It runs the default preset at the given size, and at every call of the sequence times the
engine's array pass against a plain loop over the day's events in draw order compiled with
Numba (``_loop``: each release takes ``min(amount, balance, room under the cap)``, the rule of
RULEBOOK §5.6 read directly), checks that both give every member the same fen of every kind,
and prints the two totals. Numba is not a dependency of the project: this file is the
measurement behind the decision not to take it yet (docs/benchmarks.md, "The network at
scale").
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

try:
    from numba import njit
except ImportError:  # pragma: no cover
    sys.exit("release_kernel_probe: needs numba ('pip install numba'); the project does not")

import sim.engine.release as release
import sim.engine.settlement as settlement
from sim.engine.model import SchemeModel
from sim.engine.policy import active_from


@njit(cache=True)
def _loop(member, win, group, upline, upline2, gold, released_today, cap, has_cap, slot,
          per_play, credit, direct, indirect, before_credit):
    """Per member touched: the fen of each kind (DR1, CREDIT, DR2_DIRECT, DR2_INDIRECT)."""
    n = member.size
    touched = np.empty(3 * n, np.int64)
    bal = np.empty(3 * n, np.int64)
    room = np.empty(3 * n, np.int64)
    sums = np.zeros((3 * n, 4), np.int64)
    t = 0
    s0 = 0
    while s0 < n:
        s1 = s0
        while s1 < n and group[s1] == group[s0]:
            s1 += 1
        for phase in range(4):  # within a draw: release 1 and the credit in the rule's order,
            for s in range(s0, s1):  # then the direct uplines' release 2, then the indirect
                if phase < 2:
                    is_credit = (phase == 0) != before_credit
                    if is_credit and (credit == 0 or not win[s]):
                        continue
                    if not is_credit and per_play == 0:
                        continue
                    w, kind, amount = member[s], (1 if is_credit else 0), (credit if is_credit else per_play)
                elif phase == 2:
                    w, kind, amount = upline[member[s]], 2, direct
                else:
                    w, kind, amount = upline2[member[s]], 3, indirect
                if w < 0 or amount == 0:
                    continue
                i = slot[w]
                if i < 0:
                    i = t
                    slot[w], touched[i], bal[i] = i, w, gold[w]
                    room[i] = max(cap - released_today[w], 0) if has_cap else 0
                    t += 1
                if kind == 1:
                    bal[i] += amount
                    sums[i, 1] += amount
                    continue
                got = min(amount, bal[i])
                if has_cap:
                    got = min(got, room[i])
                    room[i] -= got
                bal[i] -= got
                sums[i, kind] += got
        s0 = s1
    for i in range(t):
        slot[touched[i]] = -1
    return touched[:t].copy(), sums[:t].copy()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--participants", type=int, default=500_000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args(argv)
    took = {"array_pass_s": 0.0, "compiled_loop_s": 0.0, "calls": 0}
    seen = {}
    book = release._book

    def keep(model, touched, sums):  # the array pass's per-member sums, one row per kind
        seen["touched"], seen["sums"] = touched, sums.T.copy()
        return book(model, touched, sums)

    release._book = keep
    slot = None

    def both(model, member, win, group, prm):
        nonlocal slot
        m, rc = model.members, model.release_cap
        if slot is None or slot.size < m.upline.size:
            slot = np.full(m.upline.size, -1, np.int64)
        has_cap = rc is not None and active_from(model.scenario.policy.release_cap_day, model.day)
        start = time.perf_counter()
        touched, sums = _loop(member.astype(np.int64), win, group, m.upline, m.upline2,
                              model.ledger.shopping_gold,
                              rc.released_today if rc is not None else np.zeros(1, np.int64),
                              int(model.params.release_cap or 0), has_cap, slot,
                              int(prm.release_per_play), int(prm.shopping_gold),
                              int(prm.release_direct), int(prm.release_indirect),
                              bool(prm.release_before_credit))
        order = np.argsort(touched)  # the array pass books the members in order
        touched, sums = touched[order], sums[order]
        middle = time.perf_counter()
        seen.clear()
        out = release.sequence(model, member, win, group, prm)
        took["array_pass_s"] += time.perf_counter() - middle
        took["compiled_loop_s"] += middle - start
        took["calls"] += 1
        if "touched" in seen and not (np.array_equal(seen["touched"], touched)
                                      and np.array_equal(seen["sums"], sums)):
            raise SystemExit(f"day {model.day}: the loop and the array pass disagree")
        return out

    settlement.sequence = both
    _loop(np.zeros(1, np.int64), np.zeros(1, bool), np.zeros(1, np.int64),  # compile first
          np.full(1, -1, np.int32), np.full(1, -1, np.int32), np.zeros(1, np.int64),
          np.zeros(1, np.int64), 0, False, np.full(1, -1, np.int64), 1, 1, 1, 1, True)
    start = time.perf_counter()
    model = SchemeModel("quanmin-pingou", participants=a.participants, seed=a.seed).run()
    took["whole_run_s"] = time.perf_counter() - start
    print(json.dumps({"participants": a.participants, "members": int(model.members.count),
                      **{k: round(v, 2) if isinstance(v, float) else v for k, v in took.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
