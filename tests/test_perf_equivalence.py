"""The engine's and the files' faster routes give what the simple ones give (small sizes).

Each fast route (sim/engine/release.py's ordering and per-member sums, Network.sample_link's
skipping and its one look per person, the typed np.add.at of sim/engine/arrays.py, the yuan
text of sim/api.py, the daily valuation's kept arrays) is checked against a simple version:
a stable sort on one key, a look at every link of every node, a Python loop, Python's own
string formatting, the valuation in new arrays.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

import sim
from sim.api import _yuan_arrow
from sim.engine.arrays import Counts, add_constant, add_values
from sim.engine.network import Network
from sim.engine.recruitment import not_in
from sim.engine.release import _member_order


# -- release: each member's events in order ---------------------------------------------------


def _events_like_a_day(rng, members: int, seats: int):
    """Events as sim.engine.release._events makes them: a few parts, each in draw order, each
    of one phase; many members with several events in one draw (ties on all three keys)."""
    group = np.sort(rng.integers(0, max(seats // 10, 1), seats))
    parts = []
    for phase in (1, 0, 2, 3):  # the order _events appends them (credit before release 1)
        keep = rng.random(seats) < (0.3 if phase == 0 else 0.9)
        parts.append((rng.integers(0, members, seats)[keep], group[keep], phase))
    who = np.concatenate([p[0] for p in parts]).astype(np.int64)
    grp = np.concatenate([p[1] for p in parts]).astype(np.int64)
    phase = np.concatenate([np.full(p[0].size, p[2], dtype=np.int8) for p in parts])
    return who, grp, phase


@pytest.mark.parametrize("members,seats", [(5, 40), (50, 2_000), (3_000, 20_000)])
def test_member_order_is_the_stable_sort_on_member_draw_and_phase(members, seats):
    rng = np.random.default_rng(members)
    who, grp, phase = _events_like_a_day(rng, members, seats)
    key = (who * (int(grp.max()) + 1) + grp) * 4 + phase  # the one-key stable sort
    expected = np.argsort(key, kind="stable")
    order, sorted_who = _member_order(who, grp, phase)
    np.testing.assert_array_equal(order, expected)
    np.testing.assert_array_equal(sorted_who, who[expected])
    # draws out of order too: the order does not rely on the runs
    shuffled = rng.permutation(who.size)
    w, g, ph = who[shuffled], grp[shuffled], phase[shuffled]
    key = (w * (int(g.max()) + 1) + g) * 4 + ph
    np.testing.assert_array_equal(_member_order(w, g, ph)[0], np.argsort(key, kind="stable"))


def test_member_order_keeps_ties_in_the_order_given():
    """Three events of member 7 in draw 2 at phase 3: they stay in the order given, after
    member 7's draw-1 event and before member 8's."""
    who = np.array([7, 8, 7, 7, 7], dtype=np.int64)
    grp = np.array([2, 0, 2, 1, 2], dtype=np.int64)
    phase = np.array([3, 0, 3, 0, 3], dtype=np.int8)
    order, sorted_who = _member_order(who, grp, phase)
    assert order.tolist() == [3, 0, 2, 4, 1]
    assert sorted_who.tolist() == [7, 7, 7, 7, 8]


# -- network: one open link to someone not yet in ----------------------------------------------


def _small_network(rng, n: int = 300, links: int = 1_500) -> Network:
    u = rng.integers(0, n, links)
    v = rng.integers(0, n, links)
    return Network.from_edges(n, u, v, kind="random")


def _sample_link_by_looking_at_every_link(net, nodes, u, eligible, open_links):
    """For node i, the k open links to eligible people in the order of ``neighbours``, and the
    one at floor(u[i] * k) (at most k - 1); -1 when k is 0."""
    out = np.full(nodes.size, -1, dtype=np.int64)
    for i, node in enumerate(nodes):
        ok = [pos for pos in range(net.offsets[node], net.offsets[node + 1])
              if open_links[pos] and eligible[net.neighbours[pos]]]
        if ok:
            out[i] = ok[min(int(u[i] * len(ok)), len(ok) - 1)]
    return out


def test_sample_link_with_repeats_and_skip_is_the_look_at_every_link():
    rng = np.random.default_rng(11)
    net = _small_network(rng)
    eligible = rng.random(net.n) < 0.5
    open_links = rng.random(net.neighbours.size) < 0.6
    nodes = rng.integers(0, net.n, 2_000)  # many people several times
    u = np.random.default_rng(5).random(nodes.size)
    expected = _sample_link_by_looking_at_every_link(net, nodes, u, eligible, open_links)
    assert (expected >= 0).any() and (expected < 0).any()

    draws = np.random.default_rng(5)
    got = net.sample_link(nodes, draws, eligible, open_links)
    np.testing.assert_array_equal(got, expected)
    after = draws.random()

    # skipping people known to have no such link changes nothing, not even the draws
    none_left = np.zeros(net.n, dtype=bool)
    none_left[nodes[expected < 0]] = True
    draws = np.random.default_rng(5)
    np.testing.assert_array_equal(net.sample_link(nodes, draws, eligible, open_links,
                                                  skip=none_left), expected)
    assert draws.random() == after  # exactly one uniform number per node, skipped or not
    # the closed links given instead of the open ones: the same links, the same draws
    draws = np.random.default_rng(5)
    np.testing.assert_array_equal(net.sample_link(nodes, draws, eligible,
                                                  closed_links=~open_links), expected)
    assert draws.random() == after
    # both or neither: refused before anything is drawn, even where nobody would be looked at
    for wrong in ({"open_links": open_links, "closed_links": ~open_links}, {}):
        with pytest.raises(TypeError, match="one of open_links and closed_links"):
            net.sample_link(nodes[:0], np.random.default_rng(5), eligible, **wrong)
    # and a skip of everyone is -1 for all, with the same draws
    draws = np.random.default_rng(5)
    everyone = np.ones(net.n, dtype=bool)
    assert (net.sample_link(nodes, draws, eligible, open_links, skip=everyone) == -1).all()
    assert draws.random() == after


def test_nobody_left_to_ask_stays_so_for_the_rest_of_the_run():
    """The engine stops looking at the links of a person once they had nobody left to ask
    (model.asked_everyone). That is right only because it lasts: on every day of a growing
    run, nobody so marked has a link that is still open (not refused) to someone not yet in,
    and some are marked, and some who are not do have such a link."""
    model = sim.SchemeModel("quanmin-pingou", participants=3_000, days=120, seed=4)
    net = model.network
    owner = np.repeat(np.arange(net.n), np.diff(net.offsets))
    both_days = 0
    for _ in range(120):
        model.step()
        askable = ~model.refused & not_in(model)[net.neighbours]
        someone_left = np.bincount(owner[askable], minlength=net.n) > 0
        assert not (someone_left & model.asked_everyone).any()
        both_days += bool(model.asked_everyone.any() and someone_left.any())
    assert both_days > 30, "the run must have people of both kinds for the check to mean much"


# -- scatter-adds ----------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
@pytest.mark.parametrize("entries", [10, 5_000])  # below and above an eighth of the target
def test_scatter_adds_are_a_loop(dtype, entries):
    rng = np.random.default_rng(entries)
    size = 8_000
    idx = rng.integers(0, 300, entries)  # repeats
    values = rng.integers(0, 10**6, entries).astype(np.int64)

    def loop(add):
        target = np.arange(size, dtype=dtype)
        for i, v in zip(idx.tolist(), add):
            target[i] += v
        return target

    target = np.arange(size, dtype=dtype)
    add_constant(target, idx, 7)
    np.testing.assert_array_equal(target, loop([7] * entries))
    assert target.dtype == dtype

    target = np.arange(size, dtype=dtype)
    add_values(target, idx, values.astype(dtype))
    np.testing.assert_array_equal(target, loop(values.astype(dtype).tolist()))

    for value in (1, 3):
        target = np.arange(size, dtype=dtype)
        Counts(idx, size).add(target, value)
        np.testing.assert_array_equal(target, loop([value] * entries))


# -- yuan text ---------------------------------------------------------------------------------


def _yuan_by_hand(fen):
    if fen is None:
        return None
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def test_yuan_text_is_python_formatting_of_the_fen():
    rng = np.random.default_rng(2)
    values = np.concatenate([rng.integers(-10**e, 10**e + 1, 300) for e in range(19)]
                            + [np.array([0, 1, -1, 9, -9, 10, 99, 100, -100, 101, -101,
                                         2**63 - 1, -(2**63) + 1])])
    got = _yuan_arrow(pa.array(values)).to_pylist()
    assert got == [_yuan_by_hand(int(v)) for v in values]
    # a slice (an offset into the buffer) and int32 fen
    assert _yuan_arrow(pa.array(values).slice(5, 400)).to_pylist() == got[5:405]
    small = values[np.abs(values) < 2**31].astype(np.int32)
    assert _yuan_arrow(pa.array(small)).to_pylist() == [_yuan_by_hand(int(v)) for v in small]
    # missing amounts stay missing
    assert _yuan_arrow(pa.array([5, None, -12345])).to_pylist() == ["0.05", None, "-123.45"]
    assert _yuan_arrow(pa.array([], type=pa.int64())).to_pylist() == []


# -- the daily valuation in kept arrays --------------------------------------------------------


def test_the_valuation_in_kept_arrays_is_the_valuation_in_new_ones():
    """The daily record values the members in arrays kept from one day to the next
    (sim.engine.valuation.Buffers); every figure is the one a call with new arrays gives, day
    after day, as the membership grows (the kept arrays are reused, then outgrown) and with
    withdrawals waiting (payouts frozen from day 70, a policy lever) and stakes in a queue."""
    from sim.engine import valuation

    model = sim.SchemeModel("quanmin-pingou", participants=3_000, days=120, seed=3,
                            overrides=["policy.withdrawal_freeze_day=70"])
    kept = valuation.Buffers()
    checked, covered = 0, set()
    while model.running:
        model.step()
        if model.day % 7:
            continue
        got = valuation.values(model, buffers=kept)
        want = valuation.values(model)
        for name in ("net_cash", "goods_market", "walk_away", "net_shop", "net_told",
                     "told_balances", "waiting", "queued_stakes"):
            np.testing.assert_array_equal(getattr(got, name), getattr(want, name), err_msg=name)
            if getattr(want, name).any():
                covered.add(name)
        checked += 1
    assert checked == 17
    # every part was somewhere not all zeros, so the comparison saw each of them at work
    assert covered == {"net_cash", "goods_market", "walk_away", "net_shop", "net_told",
                       "told_balances", "waiting", "queued_stakes"}


# -- the settlement in the order the seats were made --------------------------------------------


def _state(model) -> dict:
    """Every per-member array of the ledger and the members, and the daily rows."""
    led, m = model.ledger, model.members
    out = {f"ledger.{a}": getattr(led, a).copy() for a in ("pocket", "wallet", "shopping_gold")}
    out.update({f"tally.{k}": v.copy() for k, v in led._tallies.items()})
    out.update({f"members.{k}": v.copy() for k, v in vars(m).items()
                if isinstance(v, np.ndarray)})
    out["rows"] = [dict(r) for r in model.rows]
    out["scalars"] = dict(led.scalar)
    return out


def _assert_same_state(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    assert a["rows"] == b["rows"]
    assert a["scalars"] == b["scalars"]
    for key in a:
        if key not in ("rows", "scalars"):
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)


#: Scenarios whose settlement differs in kind: the default; two price zones with robots
#: filling the last group daily (robots among the formed seats, seats held over to the next
#: day); the release cap with the credit before release 1 (the shopping-gold sequence's
#: ordered path at work).
SETTLE_CASES = [
    ("quanmin-pingou", []),
    ("quanmin-pingou", ["zones.stakes_yuan=[100,200]", "robots.fill=daily",
                        "robots.can_win=false"]),
    ("static-dynamic", ["hidden.streak_wins=0", "hidden.privilege_after_wins=0",
                        "hidden.first_of_day_loses=false", "hidden.new_user_loses=false",
                        "hidden.window_plays=0", "hidden.window_max_wins=0",
                        "release.before_credit=true",
                        "policy.release_cap_day=20"]),
]


@pytest.mark.parametrize("preset,overrides", SETTLE_CASES)
def test_settling_in_the_order_made_is_settling_in_group_order(preset, overrides, monkeypatch):
    """sim.engine.draws hands the drawn seats to the settlement in the order sim.engine.groups
    .join made them (each player's seats together) rather than in group order, for the memory's
    sake; every balance, tally, member count and daily figure is the same as in group order,
    day by day."""
    import sim.engine.draws as draws

    def run():
        model = sim.SchemeModel(preset, participants=2_000, days=90, seed=5, overrides=overrides)
        model.run()
        return model

    made = run()
    assert made.rows[-1]["members"] > 500 and sum(r["seats"] for r in made.rows) > 20_000
    with monkeypatch.context() as patch:
        patch.setattr(draws, "made_seats", lambda *args: None)  # group order
        grouped = run()
    _assert_same_state(_state(made), _state(grouped))


@pytest.mark.parametrize("fill", ["off", "daily"])
def test_made_seats_are_the_real_drawn_seats_players_together(fill, monkeypatch):
    """Through step(): on every day, the seats handed to the settlement are the real seats of
    the formed groups, each once, with its own stake's source, outcome and group; each
    player's seats come together, players in increasing id, the seats held over from earlier
    days among them (without robots: some days hold seats over), and without the robots
    (filling daily: some days have robots, and nothing is held over)."""
    import sim.engine.draws as draws
    from sim.engine.groups import ROBOT, made_seats

    model = sim.SchemeModel("quanmin-pingou", participants=2_000, days=60, seed=2,
                            overrides=[f"robots.fill={fill}"])
    seen = []

    def check(model_, zone, formed, win):
        got = made_seats(model_, zone, formed, win)
        seats, won, group = got
        real = np.flatnonzero(formed.member != ROBOT)
        n = model_.zone_params[zone].group_size

        def rows(member, from_wallet, win_, grp):
            return sorted(zip(member.tolist(), from_wallet.tolist(), win_.tolist(), grp.tolist()))

        assert rows(seats.member, seats.from_wallet, won, group) == rows(
            formed.member[real], formed.from_wallet[real], win[real], real // n)
        held = min(model_.batches[zone].held, len(formed))
        assert (np.diff(seats.member) >= 0).all()  # players together, in id order
        seen.append((held, len(formed) - real.size))
        return got

    monkeypatch.setattr(draws, "made_seats", check)
    model.run()
    assert len(seen) > 40
    held_over, robots = any(h > 0 for h, _ in seen), any(r > 0 for _, r in seen)
    assert (held_over, robots) == ((True, False) if fill == "off" else (False, True))
    assert model.batches == [None]  # not kept past the day's draws
    assert made_seats(model, 0, model.queues[0], np.zeros(0, dtype=bool)) is None


# -- groups: a queue laid out only when read ---------------------------------------------------


def _seats(rng, size: int):
    from sim.engine.groups import Seats

    return Seats(rng.integers(0, 50, size), rng.random(size) < 0.5,
                 np.zeros(size, dtype=bool), np.zeros(size, dtype=bool))


def _fields(seats):
    return [getattr(seats, f).tolist() for f in seats.FIELDS]


@pytest.mark.parametrize("held,today", [(0, 23), (4, 23), (7, 0), (3, 1)])
def test_a_shuffled_queue_is_the_queue_laid_out(held, today):
    """groups.Shuffled (today's seats kept as made with the shuffle's order) reads as the
    queue built the simple way, the held seats then today's in shuffled order, whatever is
    taken from its head: its fields, its length, the head and the rest of every take, and a
    take of a head taken already."""
    from sim.engine.groups import Seats, Shuffled

    rng = np.random.default_rng(held * 100 + today)
    before, made = _seats(rng, held), _seats(rng, today)
    order = rng.permutation(today)
    plain = before.append(Seats(made.member[order], made.from_wallet[order],
                                np.zeros(today, dtype=bool), np.zeros(today, dtype=bool)))
    lazy = Shuffled(before, made.member, made.from_wallet, order)
    assert len(lazy) == len(plain) and _fields(lazy) == _fields(plain)
    for k in range(len(plain) + 1):
        fresh = Shuffled(before, made.member, made.from_wallet, order)  # nothing laid out yet
        head, rest = fresh.take(k)
        want_head, want_rest = plain.take(k)
        assert len(head) == k and len(rest) == len(plain) - k
        assert _fields(head) == _fields(want_head) and _fields(rest) == _fields(want_rest)
        for j in range(k + 1):
            assert [_fields(x) for x in head.take(j)] == [_fields(x) for x in want_head.take(j)]
