"""What each member sees (sim/engine/seen.py, MODEL.md §3): their own downline's newcomers
and their contacts' quitting, kept as running tallies; checked against a count from scratch
every day of real runs, and through ``step()`` by hand."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.engine.decisions import NOTICEABLE_WEEK, contacts_quit_share
from sim.engine.members import ACTIVE, QUIT

from conftest import controlled_model


def _model(kind: str, participants: int, seed: int = 3):
    return sim.SchemeModel("quanmin-pingou", participants=participants, days=200, seed=seed,
                           overrides=[f"network.kind={kind!r}".replace("'", '"')])


@pytest.mark.parametrize("kind", ["clustered", "well-mixed"])
def test_contact_tally_is_the_count_from_scratch_every_day(kind):
    """The tally's share of each playing member's contacts in the scheme who have quit equals
    contacts_quit_share's count over the network, on every day of a run that sees growth and
    quitting."""
    model = _model(kind, 3000)
    quit_days = 0
    for _ in range(200):
        model.step()
        m = model.members
        ids = np.flatnonzero(m.view("status") == ACTIVE)
        if ids.size == 0:
            break
        expected = contacts_quit_share(model, ids)
        got = model.contact_tally.quit_share(m.person[ids])
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
        quit_days += bool(expected.any())
        assert model.contact_tally.quits == int((m.view("status") == QUIT).sum())
    assert quit_days > 20, "the run must see members quit for the check to mean anything"


def _downline_weekly_by_hand(upline: np.ndarray, join_day: np.ndarray, day: int) -> np.ndarray:
    """Per member, how many of those who joined on days day-6..day sit anywhere below them:
    each such newcomer walks up their chain of uplines one step at a time."""
    weekly = np.zeros(upline.size, dtype=np.int64)
    for j in np.flatnonzero((join_day >= day - 6) & (join_day <= day)):
        above = upline[j]
        while above >= 0:
            weekly[above] += 1
            above = upline[above]
    return weekly


def test_downline_watch_is_the_walk_up_the_tree_every_day():
    """The watch's weekly newcomers per member, and its best week, are those of a walk up
    each newcomer's chain of uplines, on every day of a growing run."""
    model = _model("clustered", 2000)
    best = np.zeros(2000, dtype=np.int64)
    deepest = 0
    for day in range(140):
        model.step()
        m = model.members
        n = m.count
        weekly = _downline_weekly_by_hand(m.upline[:n].astype(np.int64), m.join_day[:n], day)
        best[:n] = np.maximum(best[:n], weekly)
        np.testing.assert_array_equal(model.downline_watch.weekly[:n], weekly)
        np.testing.assert_array_equal(model.downline_watch.best[:n], best[:n])
        deepest = max(deepest, int(m.depth[:n].max()))
    assert deepest >= 5 and (best >= NOTICEABLE_WEEK).sum() >= 3, "a tree worth checking"


def test_a_falling_downline_costs_trust_through_step():
    """By hand: member 0's downline brought 20 newcomers in its best week and 5 in the last,
    so a day costs them trust_newcomer_loss x (1 - 5/20) = 0.02 x 0.75 = 0.015; member 1's
    best week brought 9 (below the 10 anyone notices) and 0 since, which costs nothing;
    member 2's best was 10 and the last week 0: 0.02. With 'everyone', nobody loses (the
    scheme's newcomers, none, never reached a noticeable week)."""
    for watched, expected in (("downline", [1 - 0.015, 1.0, 1 - 0.02]),
                              ("everyone", [1.0, 1.0, 1.0])):
        model = controlled_model([-1, -1, -1], overrides=[
            "behaviour.trust_newcomer_loss=0.02", f'behaviour.newcomers_watched="{watched}"'])
        if watched == "downline":
            w = model.downline_watch
            w.best[:3] = [20, 9, 10]
            w.weekly[:3] = [5, 0, 0]
        else:
            assert model.downline_watch is None
        model.step()
        np.testing.assert_allclose(model.members.trust[:3], expected, atol=1e-6)


def test_contacts_quitting_cost_trust_through_step(tmp_path):
    """By hand, on a network of five: 0 knows 1, 2 and 3; 3 knows 4. Members 1 and 2 have
    quit. Member 0 has three contacts in the scheme, two of them gone: a day costs
    trust_contact_quit_loss x 2/3 = 0.1 x 2/3. Members 3 and 4 have no contact who quit.
    With network.local_trust off, nobody loses."""
    edges = tmp_path / "five.txt"
    edges.write_text("0 1\n0 2\n0 3\n3 4\n")
    for local, loss in ((True, 0.1 * 2 / 3), (False, 0.0)):
        model = controlled_model([-1, 0, 0, 0, 3], overrides=[
            'network.kind="file"', f'network.path="{edges}"',
            f"network.local_trust={str(local).lower()}", "network.trust_contact_quit_loss=0.1"])
        model.members.status[[1, 2]] = QUIT
        if local:
            model.contact_tally.add_quit(np.array([1, 2]))
        model.step()
        np.testing.assert_allclose(model.members.trust[[0, 3, 4]], [1 - loss, 1.0, 1.0],
                                   atol=1e-6)


def test_quitting_spreads_through_contacts_end_to_end():
    """The default preset with contacts' quitting counted, against the same run without it:
    members quit sooner (the run's own figures, same seed)."""
    def quit_by(local: bool) -> int:
        r = sim.run(sim.load("quanmin-pingou", [f"network.local_trust={str(local).lower()}"],
                             participants=3000, days=365, seed=2))
        return int(r.daily["quit_members"].iloc[250])
    assert quit_by(True) > quit_by(False)
