"""Shopping gold through a day's draws, held to a seat-by-seat loop (RULEBOOK §5.4-§5.6, A22).

The engine books a whole batch of draws at once (:mod:`sim.engine.release`: segments between a
member's credits, one array pass per segment). Here the same batch is booked the slow way,
exactly as the rulebook words it: draw after draw; within a draw, dynamic release 1 for every
seat on the balances before the draw, then the winners' credit, then dynamic release 2 to the
direct uplines, then to the indirect uplines; every release capped by the balance at that
moment and by the room left under the policy's release cap. Both must end with the same
balances, to the fen, on random batches.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.engine.release import sequence
from sim.scheme.params import Params

N = 12  # members in the hand-built town


def slow(gold, room, upline, upline2, member, win, group, p):
    """The batch seat by seat, draw by draw; return (gold, released per member)."""
    gold, released = list(gold), [0] * len(gold)
    room = None if room is None else list(room)

    def release(i, amount):
        got = min(amount, gold[i], room[i] if room is not None else amount)
        gold[i] -= got
        released[i] += got
        if room is not None:
            room[i] -= got

    for g in sorted(set(group.tolist())):
        seats = [k for k in range(member.size) if group[k] == g]
        if not p.release_before_credit:
            for k in seats:
                if win[k]:
                    gold[member[k]] += p.shopping_gold
        for k in seats:  # DR1 on the balances before the draw's credits
            release(member[k], p.release_per_play)
        if p.release_before_credit:
            for k in seats:
                if win[k]:
                    gold[member[k]] += p.shopping_gold
        for ups, amount in ((upline, p.release_direct), (upline2, p.release_indirect)):
            for k in seats:  # DR2: direct uplines first, then indirect
                if ups[member[k]] >= 0 and amount:
                    release(ups[member[k]], amount)
    return gold, released


def town(before_credit: bool, cap_yuan: float | None):
    overrides = ["downline_release.direct_yuan=1", "downline_release.indirect_yuan=0.5",
                 "release.per_play_yuan=2", "release.per_play_rate=0",
                 f"release.before_credit={'true' if before_credit else 'false'}"]
    if cap_yuan is not None:
        overrides += ["policy.release_cap_day=0", f"policy.release_cap_yuan={cap_yuan}"]
    model = sim.SchemeModel("static-dynamic", participants=N, days=5, seed=1,
                            overrides=['network.kind="well-mixed"', *overrides])
    model.members.count = N
    return model, Params.from_scenario(model.scenario)


@settings(max_examples=120, deadline=None)
@given(data=st.data(), before_credit=st.booleans(),
       cap=st.one_of(st.none(), st.sampled_from([0.5, 3.0, 7.0])))
def test_batch_release_matches_the_seat_by_seat_loop(data, before_credit, cap):
    model, p = town(before_credit, cap)
    m, led = model.members, model.ledger
    # a random recruitment tree: each member's upline is an earlier member or nobody
    up = np.array([-1] + [data.draw(st.integers(-1, i - 1)) for i in range(1, N)])
    m.upline[:N] = up
    m.upline2[:N] = np.where(up >= 0, up[np.maximum(up, 0)], -1)
    gold0 = np.array(data.draw(st.lists(st.sampled_from([0, 50, 100, 150, 250, 1000, 10000]),
                                        min_size=N, max_size=N)), dtype=np.int64)
    led.move("shopping_gold_credit", "issuer", "shopping_gold", gold0, dst_who=np.arange(N),
             unique=True)
    groups = data.draw(st.integers(1, 4))
    n = p.group_size
    member = np.array(data.draw(st.lists(st.integers(0, N - 1), min_size=groups * n,
                                         max_size=groups * n)), dtype=np.int64)
    win = np.array(data.draw(st.lists(st.booleans(), min_size=member.size,
                                      max_size=member.size)))
    group = np.arange(member.size) // n
    room0 = None if cap is None else [int(round(cap * 100))] * N
    want_gold, want_released = slow(gold0, room0, m.upline[:N], m.upline2[:N], member, win,
                                    group, p)
    wallet0 = led.wallet[:N].copy()
    out = sequence(model, member, win, group, p)
    assert led.shopping_gold[:N].tolist() == want_gold
    assert (led.wallet[:N] - wallet0).tolist() == want_released
    assert out.play + out.downline == sum(want_released)
    assert led.tally("released", N).tolist() == want_released
    assert led.imbalance() == 0


def test_a_later_win_does_not_feed_an_earlier_draws_release():
    """The upline (member 1, no gold) has a downline (member 0) in draw 0 and wins in draw 1:
    the downline's seat in draw 0 finds nothing to release (A22 orders DR2 within its draw);
    the upline's own DR1 in draw 1 comes before its credit, so it releases nothing either; the
    upline ends with the full 100 yuan of shopping gold credited and an empty wallet."""
    model, p = town(True, None)
    m, led = model.members, model.ledger
    m.upline[:N] = -1
    m.upline[0] = 1
    n = p.group_size
    member = np.array([0] + [5] * (n - 1) + [1] + [6] * (n - 1), dtype=np.int64)
    win = np.zeros(member.size, dtype=bool)
    win[n] = True  # the upline wins draw 1
    sequence(model, member, win, np.arange(member.size) // n, p)
    assert led.wallet[1] == 0
    assert led.shopping_gold[1] == p.shopping_gold == 10_000


def test_the_members_touched_are_the_same_by_either_route():
    """:func:`sim.engine.release._touched` finds the members of a batch by a sort when the
    batch is small against the population and by marking them when it is not: both give every
    member once, in increasing order, and each event's index among them (held to np.unique)."""
    from types import SimpleNamespace

    from sim.engine.release import _touched

    rng = np.random.default_rng(5)
    for size, events in ((1000, 40), (1000, 5000), (50, 3)):
        model = SimpleNamespace(members=SimpleNamespace(capacity=size),
                                scratch=np.full(size, -7, dtype=np.int64))
        who = rng.integers(0, size, events)
        want, want_local = np.unique(who, return_inverse=True)
        touched, local = _touched(model, who)
        assert touched.tolist() == want.tolist()
        assert local.tolist() == want_local.reshape(-1).tolist()
