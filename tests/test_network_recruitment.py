"""Recruitment along the social network (issue 15; sim/engine/recruitment.py, MODEL.md §2):
invitations go to contacts not yet in, saturation is local, a small outside reach lets a
network in pieces fill; each member's ``contacts`` and ``contacts_outside_at_join``; the
``[network]`` section; the option of trust moved by one's own contacts quitting (MODEL.md §3).

With ``network.kind = "well-mixed"`` (the default for now) every figure of every preset stays
what it was: the stored baselines are compared here figure by figure, the only figures allowed
to be new being the ones this part of the issue adds."""

from __future__ import annotations

import importlib.util
import zlib
from pathlib import Path

import numpy as np
import pytest
from conftest import csv_bytes

import sim
from sim.analysis.who_lost import participants_table
from sim.engine import network as nw
from sim.engine.decisions import contacts_quit_share
from sim.engine.members import QUIT
from sim.rng import NAMES, Streams
from sim.scheme import fields
from sim.scheme.scenario import ScenarioError

N = 3000
#: a scheme that keeps recruiting (no outside stall), long enough to use its network up, from
#: ten founders at 2,000 people (with one, a cascade where each contact is one chance may die
#: out in the first days: the founder's few contacts all say no)
GROW = ["recruitment.stall_day=none", "recruitment.founders_share=0.005"]


def model_of(kind: str, *settings: str, participants: int = N, days: int = 120, seed: int = 3):
    model = sim.SchemeModel("quanmin-pingou", participants=participants, days=days, seed=seed,
                            overrides=[f"network.kind={kind}", *GROW, *settings])
    return model.run()


def members_of(model):
    m = model.members
    return m, m.count, m.person[:m.count]


def recount_outside(model) -> np.ndarray:
    """For each member, their contacts not in by the end of their join day, recounted from the
    network and the join days alone."""
    m, n, people = members_of(model)
    owner, contact = model.network.neighbours_of(people)
    row = model.row_of_person[contact]
    join = np.where(row >= 0, m.join_day[np.maximum(row, 0)], np.iinfo(np.int32).max)
    outside = join > m.join_day[:n][owner]
    return np.bincount(owner[outside], minlength=n)


@pytest.fixture(scope="module")
def random_model():
    return model_of("random", "network.outside_reach=0")


@pytest.fixture(scope="module")
def clustered_model():
    return model_of("clustered")  # with the default outside reach (1%)


# -- the section --------------------------------------------------------------------------------


def test_the_section_lists_the_kinds_of_the_network_module():
    assert fields.NETWORK_KINDS == nw.KINDS
    assert set(nw.SHAPE) == set(fields.NETWORK_KINDS)
    shape = {p for params in nw.SHAPE.values() for p in params}
    assert shape <= set(fields.Network.model_fields)


def test_defaults_are_the_clustered_network_with_no_outside_stall():
    sc = sim.load("quanmin-pingou")
    assert sc.network.kind == "clustered" and sc.network.local_trust
    assert sc.recruitment.stall_day is None and sc.behaviour.newcomers_watched == "downline"
    assert sc.network.refusals == "remembered" and sc.recruitment.founders_min == 6
    assert (sc.network.mean_contacts, sc.network.exponent, sc.network.shuffle,
            sc.network.rewire, sc.network.path) == (10.0, 3.0, 0.0, 0.1, "")


def test_pingou_show_lists_the_section(capsys):
    from sim.commands.cli import main

    assert main(["show", "quanmin-pingou"]) == 0
    text = capsys.readouterr().out
    block = text.split("[network]\n", 1)[1].split("\n\n", 1)[0]
    for name in fields.Network.model_fields:
        assert f"\n{name} = " in "\n" + block, name
    assert 'kind = "clustered"' in block and "outside_reach = 0.01" in block


@pytest.mark.parametrize("setting, words", [
    ("network.kind=ring", "must be one of"),
    ("network.mean_contacts=nan", "finite"),
    ("network.mean_contacts=0", "network.mean_contacts"),
    ("network.outside_reach=0.0000001", "whole parts per million"),
    ("network.rewire=1.5", "network.rewire"),
    ("network.exponent=2", "network.exponent"),
    ("network.kind=file", "needs network.path"),
])
def test_bad_values_are_refused_with_one_line(setting, words):
    with pytest.raises(ScenarioError) as info:
        sim.load("quanmin-pingou", [setting])
    line = str(info.value)
    assert "\n" not in line and words in line, line


def test_a_network_bigger_than_the_population_is_refused():
    with pytest.raises(ScenarioError, match="at most run.participants - 1 = 9"):
        sim.load("quanmin-pingou", ["network.kind=random"], participants=10)
    with pytest.raises(ScenarioError, match="gives everyone 10 contacts"):
        sim.load("quanmin-pingou", ["network.kind=scale-free"], participants=10)
    sim.load("quanmin-pingou", ["network.kind=well-mixed"], participants=10)  # no network


def test_a_clustered_network_denser_than_half_the_population_is_refused():
    """NetworKit's hyperbolic generator never returns for 16 people x 10 contacts (nor 12 x 8):
    'clustered' takes at most half the population as mean contacts, and says so in one line;
    at exactly half it builds (20 people x 10 contacts, the default's mean)."""
    with pytest.raises(ScenarioError, match="at most 8 with the 16 people") as info:
        sim.load("quanmin-pingou", participants=16)  # the default network: clustered, 10
    assert "\n" not in str(info.value) and 'network.kind = "well-mixed"' in str(info.value)
    model = sim.SchemeModel("quanmin-pingou", participants=20, days=1)
    assert model.network.kind == "clustered" and model.network.n == 20


def test_an_edge_list_that_cannot_be_read_is_refused_when_the_run_starts(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        sim.SchemeModel("quanmin-pingou", participants=100, days=2, overrides=[
            "network.kind=file", f'network.path="{tmp_path / "missing.txt"}"'])


def test_a_new_stream_leaves_every_other_streams_draws_as_they_were():
    assert len({zlib.crc32(name.encode()) for name in NAMES}) == len(NAMES)
    plain = Streams(7)
    new = ("network", "people", "invitations")  # the streams issue 15 adds
    first = {name: plain.get(name).random(5) for name in NAMES if name not in new}
    again = Streams(7)
    for name in new:  # asked for first and drawn from
        again.get(name).random(1000)
    for name, draws in first.items():
        assert (again.get(name).random(5) == draws).all(), name


# -- invitations along the network --------------------------------------------------------------


def test_every_upline_is_a_contact_on_a_random_network(random_model):
    m, n, people = members_of(random_model)
    assert n > N // 2, "the scheme should reach much of the network"
    up = m.upline[:n]
    has = up >= 0
    assert has.sum() == n - int((m.join_day[:n] == 0).sum())  # all but the founders
    assert random_model.network.has_edge(people[has], m.person[up[has]]).all()


def test_people_and_rows_map_both_ways(random_model, clustered_model):
    for model in (random_model, clustered_model):
        m, n, people = members_of(model)
        assert np.unique(people).size == n and people.min() >= 0
        assert (model.row_of_person[people] == np.arange(n)).all()
        assert (model.row_of_person >= 0).sum() == n


def test_contacts_and_contacts_outside_at_join_recount(random_model, clustered_model):
    for model in (random_model, clustered_model):
        m, n, people = members_of(model)
        table = participants_table(model)
        assert (table["contacts"].to_numpy() == model.network.degree(people)).all()
        assert (table["contacts_outside_at_join"].to_numpy() == recount_outside(model)).all()
        assert (table["contacts_outside_at_join"] <= table["contacts"]).all()


def test_saturation_is_local(clustered_model):
    """A member recruits only among their own contacts outside (or the odd stranger): nobody has
    more direct downlines than contacts outside at joining plus their strangers."""
    m, n, people = members_of(clustered_model)
    up = m.upline[:n]
    has = up >= 0
    contact = clustered_model.network.has_edge(people[has], m.person[up[has]])
    via_contact = np.bincount(up[has][contact], minlength=n)
    assert (via_contact <= m.contacts_outside_at_join[:n]).all()
    # the outside reach (1% of the invitations) is a small share of those who joined: larger
    # than 1%, for a promoter whose contacts have all been asked still reaches strangers
    assert 0.01 < (~contact).mean() < 0.1


def two_halves(tmp_path, n: int = N, mean: int = 10) -> Path:
    """An edge list of two random networks of n/2 people each, with no link between them."""
    rng = np.random.default_rng(5)
    half = n // 2
    lines = []
    for base in (0, half):
        a = rng.integers(0, half, half * mean // 2)
        b = rng.integers(0, half, half * mean // 2)
        lines += [f"{base + x} {base + y}" for x, y in zip(a, b) if x != y]
    path = tmp_path / "halves.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("reach", [0.0, 0.05])
def test_a_network_in_two_pieces(tmp_path, reach):
    path = two_halves(tmp_path)
    model = model_of("file", f'network.path="{path}"', f"network.outside_reach={reach}",
                     "recruitment.founders_share=0.0003",  # one founder in 3,000
                     "recruitment.founders_min=1")
    m, n, people = members_of(model)
    founders = people[m.join_day[:n] == 0]
    assert founders.size == 1
    theirs = people // (N // 2) == founders[0] // (N // 2)
    assert theirs.sum() > N // 4, "the founder's half should fill"
    if reach == 0:
        assert theirs.all(), "nobody in the other half knows anyone in: nobody joins from it"
    else:
        assert (~theirs).sum() > 100, "strangers reached outside seed the other half"


# -- well-mixed: today's model -----------------------------------------------------------------


def test_well_mixed_contacts_are_everyone():
    model = model_of("well-mixed", participants=2000, days=60)
    m, n, people = members_of(model)
    assert model.row_of_person is None and (people == np.arange(n)).all()
    assert (m.contacts[:n] == 2000 - 1).all()
    members_by_day = np.cumsum(np.bincount(m.join_day[:n], minlength=60))
    assert (m.contacts_outside_at_join[:n] == 2000 - members_by_day[m.join_day[:n]]).all()


def _baselines():
    path = Path(__file__).resolve().parent / "baselines" / "regenerate.py"
    spec = importlib.util.spec_from_file_location("baselines_regenerate_network", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: the figures issue 15 adds to every run (new in a baseline made before it)
NEW_FIGURES = {"participants.sum.contacts", "participants.sum.contacts_outside_at_join",
               "summary.growth_peak_day"}
NEW_PREFIXES = ("summary.lasted.",)
#: the baselines of release 0.2's model, stored before the network became the default
BEFORE = Path(__file__).resolve().parent / "fixtures" / "before_network"
PRESETS = Path(sim.__file__).resolve().parent / "scheme" / "presets"


@pytest.mark.parametrize("preset", ["quanmin-pingou", "classic-ponzi", "static-dynamic"])
def test_the_model_before_the_network_is_one_setting_away(preset):
    """BEFORE_NETWORK (well-mixed, the outside stall on day 60, everyone watching the whole
    scheme's newcomers, no doubt from contacts) gives every figure of the baselines stored
    before the network became the default, to the fen."""
    from conftest import BEFORE_NETWORK

    baselines = _baselines()
    stored = baselines.read(BEFORE / f"{preset}.json")
    st = stored["settings"]
    # a preset that sets its own stall day (classic-ponzi: none) keeps it
    own_stall = 'stall_day = "none"' in (PRESETS / f"{preset}.toml").read_text(encoding="utf-8")
    overrides = [o for o in BEFORE_NETWORK
                 if not (own_stall and o.startswith("recruitment.stall_day"))]
    new = baselines.figures(sim.run(st["preset"], participants=st["participants"],
                                    days=st["days"], seed=st["seed"], overrides=overrides))
    diffs = [(name, a, b) for name, a, b in baselines.differences(stored["figures"], new)
             if not ((name in NEW_FIGURES or name.startswith(NEW_PREFIXES))
                     and a is baselines.ABSENT)]
    assert not diffs, "\n".join(baselines.describe(*d) for d in diffs)


# -- every kind through sim.run -------------------------------------------------------------------


@pytest.mark.parametrize("kind", nw.KINDS)
def test_every_kind_runs_and_balances(tmp_path, kind):
    settings = [f"network.kind={kind}", *GROW]
    if kind == "file":
        settings.append(f'network.path="{two_halves(tmp_path, 2000)}"')
    result = sim.run("quanmin-pingou", participants=2000, days=150, seed=2, overrides=settings)
    s = result.summary
    assert s["ledger_imbalance_fen"] == 0
    assert s["participants"] > 100
    assert 1 <= s["growth_peak_day"] < 150
    assert result.daily["new_members"].iloc[s["growth_peak_day"]] == \
        result.daily["new_members"].iloc[1:].max()
    parts = result.participants
    assert {"contacts", "contacts_outside_at_join"} <= set(parts.columns)
    assert (parts["contacts_outside_at_join"] <= parts["contacts"]).all()


@pytest.mark.parametrize("kind", ["clustered", "small-world"])
def test_same_seed_same_participants_csv(kind):
    runs = [sim.run("quanmin-pingou", participants=2000, days=100, seed=9,
                    overrides=[f"network.kind={kind}"]) for _ in range(2)]
    assert csv_bytes(runs[0]) == csv_bytes(runs[1])
    other = sim.run("quanmin-pingou", participants=2000, days=100, seed=10,
                    overrides=[f"network.kind={kind}"])
    assert csv_bytes(other) != csv_bytes(runs[0])


def test_no_newcomer_after_day_0_has_no_growth_peak():
    s = sim.run("quanmin-pingou", participants=500, days=20, seed=1,
                overrides=["recruitment.invite_rate=0"]).summary
    assert s["growth_peak_day"] is None


# -- trust from one's own contacts (an option) ----------------------------------------------------


def test_contacts_quit_share_recounts(clustered_model):
    model = clustered_model
    m, n, people = members_of(model)
    rng = np.random.default_rng(1)
    m.status[:n] = np.where(rng.random(n) < 0.3, QUIT, m.status[:n])
    ids = np.arange(n)
    share = contacts_quit_share(model, ids)
    owner, contact = model.network.neighbours_of(people)
    row = model.row_of_person[contact]
    joined = row >= 0
    quit_ = joined & (m.status[np.maximum(row, 0)] == QUIT)
    expect = np.bincount(owner[quit_], minlength=n) / np.maximum(
        np.bincount(owner[joined], minlength=n), 1)
    assert np.allclose(share, expect)


def test_doubt_spreads_with_local_trust_and_not_without():
    base = ["network.kind=random", "recruitment.founders_share=0.005",
            "network.local_trust=false", 'behaviour.newcomers_watched="everyone"']
    off = sim.run("quanmin-pingou", participants=2000, days=200, seed=4,
                  overrides=base + ["recruitment.stall_day=none"])
    same = sim.run("quanmin-pingou", participants=2000, days=200, seed=4,
                   overrides=base + ["recruitment.stall_day=none",
                                     "network.trust_contact_quit_loss=0.5"])
    assert csv_bytes(off) == csv_bytes(same), "the loss is read only with local_trust on"
    on = sim.run("quanmin-pingou", participants=2000, days=200, seed=4,
                 overrides=base + ["recruitment.stall_day=none", "network.local_trust=true",
                                   "network.trust_contact_quit_loss=0.5"])
    assert on.summary["ledger_imbalance_fen"] == 0
    # members quit sooner when their contacts' quitting weighs on them
    quit_off = off.daily["quit_members"].to_numpy()
    quit_on = on.daily["quit_members"].to_numpy()
    first = int(np.flatnonzero(quit_off > 0)[0])
    assert quit_on[first] == quit_off[first]  # the first to quit have seen nobody quit
    assert quit_on[first + 1] > quit_off[first + 1]
    assert on.summary["collapse_day"] <= off.summary["collapse_day"]


# -- a contact's no (network.refusals) ----------------------------------------------------------


def star_model(tmp_path, refusals: str, leaves: int = 300, conversion: float = 0.3, seed=6):
    """One hub (person 0) with ``leaves`` contacts who know nobody else; nobody founds the
    scheme by itself: the hub is let in by hand on day 1 and then plays one seat a day (so it
    stays a valid promoter), asking at 100 invitations a day; no outside reach."""
    from conftest import BEHAVIOUR

    from sim.engine.recruitment import admit

    path = tmp_path / "star.txt"
    path.write_text("".join(f"0 {leaf}\n" for leaf in range(1, leaves + 1)))
    model = sim.SchemeModel("quanmin-pingou", participants=leaves + 1, days=60, seed=seed,
                            overrides=[*BEHAVIOUR, "network.kind=file", f'network.path="{path}"',
                                       f"recruitment.conversion={conversion}",
                                       "recruitment.invite_rate=100",
                                       "network.outside_reach=0",
                                       f'network.refusals="{refusals}"'])
    model.step()  # day 0: no founders
    admit(model, model.day, np.array([-1]), np.array([0]), people=np.array([0], dtype=np.int32))
    for _ in range(40):
        model.step()
    return model


def test_a_contact_who_says_no_is_not_asked_again(tmp_path):
    """Remembered refusals: the hub asks each of its 300 contacts once (100 asks a day, drawn
    among those not asked yet), each says yes with probability 0.3, and those who said no stay
    out for good: the leaves who joined are Binomial(300, 0.3) (mean 90, sd 7.9), and every
    other leaf's link is marked refused. Forgotten refusals: everyone the hub knows joins."""
    model = star_model(tmp_path, "remembered")
    joined = model.members.count - 1
    assert abs(joined - 90) < 4 * 7.94, joined
    hub_links = slice(model.network.offsets[0], model.network.offsets[1])
    assert int(model.refused[hub_links].sum()) == 300 - joined  # each no, once
    assert int(model.refused.sum()) == 300 - joined  # and nobody else asked anyone
    leaves_in = model.row_of_person[model.network.neighbours[hub_links]] >= 0
    assert not (leaves_in & model.refused[hub_links]).any()  # who said no is not in
    later = star_model(tmp_path, "remembered")  # the same seed: the same yeses
    assert later.members.count == model.members.count
    forgot = star_model(tmp_path, "forgotten")
    assert forgot.members.count == 301 and forgot.refused is None


def test_refusals_remembered_is_the_default_and_not_read_well_mixed():
    assert fields.Network().refusals == "remembered"
    well = sim.SchemeModel("quanmin-pingou", participants=500, days=5, seed=1,
                           overrides=["network.kind=well-mixed"])
    assert well.refused is None
    a = sim.run("quanmin-pingou", participants=1000, days=60, seed=1,
                overrides=["network.kind=well-mixed", 'network.refusals="forgotten"'])
    b = sim.run("quanmin-pingou", participants=1000, days=60, seed=1,
                overrides=["network.kind=well-mixed"])
    assert csv_bytes(a) == csv_bytes(b)
