"""The social network (sim/engine/network.py, issue 15): each kind against its generator's
theory at a small size, the CSR arrays' invariants, what the engine asks of them, the same
network from the same seed in two processes, the file kind, and Gastwirth's random recursive
tree (ANCHORS.md, "Recruitment on social networks").

Theory used: G(n, m) has exactly m links; Barabási-Albert gives every newcomer m links, so the
least degree is m and the mean 2m (less the first few nodes' shortfall); Watts-Strogatz at
rewiring 0 is a ring where everyone has exactly 2k contacts and the clustering is
3(k-1) / (2(2k-1)) (Barrat and Weigt 2000); rewiring moves links and keeps their number; the
clustering of G(n, p) is about p = mean / (n - 1), while a random hyperbolic graph's is high,
highest at temperature 0 (Krioukov et al. 2010).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest

from sim.engine import network as nw
from sim.engine.network import Network, NetworkError

N = 3000
MEAN = 10
GRAPH_KINDS = ("clustered", "small-world", "scale-free", "random")


@pytest.fixture(scope="module")
def nets() -> dict[str, Network]:
    return {kind: nw.build(kind, N, MEAN, seed=11) for kind in GRAPH_KINDS}


def nx_graph(net: Network) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(net.n))
    u, v = net.edges()
    g.add_edges_from(zip(u.tolist(), v.tolist()))
    return g


def digest(net: Network) -> str:
    h = hashlib.sha256()
    h.update(net.offsets.tobytes())
    h.update(net.neighbours.tobytes())
    return h.hexdigest()


# -- the CSR arrays ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", GRAPH_KINDS)
def test_csr_is_simple_symmetric_and_sorted(nets, kind):
    net = nets[kind]
    assert net.offsets.dtype == np.int64 and net.neighbours.dtype == np.int32
    assert net.offsets.shape == (N + 1,) and net.offsets[0] == 0
    assert net.offsets[-1] == net.neighbours.size == 2 * net.n_edges
    owner = np.repeat(np.arange(N), net.degree())
    assert (net.neighbours != owner).all(), "self-loop"
    inside = owner[1:] == owner[:-1]
    assert (np.diff(net.neighbours.astype(np.int64))[inside] > 0).all(), \
        "a row is not strictly increasing: a duplicate link or an unsorted row"
    assert net.has_edge(net.neighbours, owner).all(), "a link stored in one direction only"
    u, v = net.edges()
    assert u.size == net.n_edges and (u < v).all()
    assert nx_graph(net).number_of_edges() == net.n_edges


def test_random_is_g_n_m_with_exactly_m_links(nets):
    net = nets["random"]
    assert net.n_edges == N * MEAN // 2
    deg = net.degree()
    assert deg.mean() == MEAN
    # degrees of G(n, m) are close to Poisson(mean): variance about the mean
    assert 0.8 * MEAN < deg.var() < 1.2 * MEAN
    # the whole range of ids is used evenly: no bias towards low ids
    assert abs(deg[: N // 2].mean() - deg[N // 2:].mean()) < 0.5


def test_scale_free_least_degree_m_and_mean_2m(nets):
    net, m = nets["scale-free"], MEAN // 2
    deg = net.degree()
    assert deg.min() == m
    # mean 2m, short only by the first few nodes' missing links (at most m * m of them)
    assert 2 * m - 2 * m * m / N <= deg.mean() <= 2 * m
    assert deg.max() > 10 * m  # the hubs of preferential attachment
    # renumbered at random: the hubs are not the first ids
    top = np.argsort(deg)[-10:]
    assert top.mean() > N / 10


def test_small_world_at_rewire_0_is_the_ring():
    k = MEAN // 2
    net = nw.build("small-world", N, MEAN, {"rewire": 0.0}, seed=3)
    assert (net.degree() == 2 * k).all()
    assert net.n_edges == N * k
    expected = 3 * (k - 1) / (2 * (2 * k - 1))
    assert nx.average_clustering(nx_graph(net)) == pytest.approx(expected, abs=1e-12)


def test_small_world_rewiring_keeps_the_number_of_links_and_lowers_clustering(nets):
    net, k = nets["small-world"], MEAN // 2
    assert net.n_edges == N * k
    ring = 3 * (k - 1) / (2 * (2 * k - 1))
    # Barrat and Weigt: C(p) is about C(0) (1 - p)^3, 0.486 at p = 0.1
    assert nx.average_clustering(nx_graph(net)) == pytest.approx(ring * 0.9 ** 3, abs=0.03)


def test_clustered_is_clustered_and_heavy_tailed(nets):
    clustered, random = nets["clustered"], nets["random"]
    deg = clustered.degree()
    assert abs(deg.mean() - MEAN) < 0.15 * MEAN
    c_clustered = nx.average_clustering(nx_graph(clustered))
    c_random = nx.average_clustering(nx_graph(random))
    assert c_random < 3 * MEAN / N  # G(n, m): about mean / n
    assert c_clustered > 0.5 and c_clustered > 20 * c_random
    assert deg.max() > 5 * random.degree().max()  # heavy tail: hubs a random graph lacks


def test_clustered_shuffle_keeps_every_degree_and_lowers_clustering():
    base = nw.build("clustered", N, MEAN, seed=5)
    shuffled = nw.build("clustered", N, MEAN, {"shuffle": 1.0}, seed=5)
    assert (np.sort(shuffled.degree()) == np.sort(base.degree())).all()
    rng = np.random.default_rng(0)
    assert shuffled.clustering_estimate(rng, 40_000) < 0.5 * base.clustering_estimate(rng, 40_000)


def test_clustering_estimate_agrees_with_networkx(nets):
    net = nets["clustered"]
    deg = net.degree()
    exact = nx.average_clustering(nx_graph(net), nodes=np.flatnonzero(deg >= 2).tolist())
    est = net.clustering_estimate(np.random.default_rng(2), 100_000)
    assert est == pytest.approx(exact, abs=4 * 0.5 / math.sqrt(100_000))


def test_mean_contacts_rounds_to_even_for_paired_kinds():
    assert nw.build("scale-free", 500, 7, seed=1).degree().min() == 4  # 7 -> 8: m = 4
    assert (nw.build("small-world", 500, 5, {"rewire": 0}, seed=1).degree() == 4).all()


# -- what the engine asks ----------------------------------------------------------------------


def test_neighbours_of_a_set_of_nodes(nets):
    net = nets["scale-free"]
    nodes = np.array([7, 0, 7, N - 1, 42])
    owner, contact = net.neighbours_of(nodes)
    assert (np.diff(owner) >= 0).all()
    for i, x in enumerate(nodes):
        assert (contact[owner == i] == net.neighbours[net.offsets[x]:net.offsets[x + 1]]).all()
    assert net.neighbours_of(np.empty(0, dtype=np.int64))[0].size == 0
    assert (net.degree(nodes) == np.bincount(owner, minlength=nodes.size)).all()


def test_sample_contact_is_a_contact_and_uniform(nets):
    net = nets["random"]
    rng = np.random.default_rng(1)
    x = int(np.argmax(net.degree()))
    picks = net.sample_contact(np.full(200_000, x), rng)
    row = net.neighbours[net.offsets[x]:net.offsets[x + 1]]
    assert np.isin(picks, row).all()
    counts = np.bincount(np.searchsorted(row, picks), minlength=row.size)
    expected = picks.size / row.size
    chi2 = ((counts - expected) ** 2 / expected).sum()
    assert chi2 < row.size + 5 * math.sqrt(2 * row.size)
    everyone = np.arange(N)
    picks = net.sample_contact(everyone, rng)
    lonely = net.degree() == 0
    assert (picks[lonely] == -1).all()
    assert net.has_edge(everyone[~lonely], picks[~lonely]).all()


def test_sample_contact_among_the_eligible_and_count_among(nets):
    net = nets["clustered"]
    rng = np.random.default_rng(3)
    eligible = rng.random(N) < 0.3
    everyone = np.arange(N)
    state = np.random.default_rng(9)
    picks = net.sample_contact(everyone, state, eligible)
    after_mask = state.random()
    state = np.random.default_rng(9)
    net.sample_contact(everyone, state)
    assert state.random() == after_mask, "the draws used must not depend on the mask"
    outside = net.count_among(None, eligible)
    assert ((picks >= 0) == (outside > 0)).all()
    got = picks >= 0
    assert eligible[picks[got]].all() and net.has_edge(everyone[got], picks[got]).all()
    some = np.array([3, 3, 10, 2999])
    assert (net.count_among(some, eligible) == outside[some]).all()
    manual = [int(eligible[net.neighbours[net.offsets[i]:net.offsets[i + 1]]].sum())
              for i in range(N)]
    assert outside.tolist() == manual
    # uniform among the eligible contacts of one person (one with about 20 of them)
    x = int(np.argmin(np.abs(outside - 20)))
    row = net.neighbours[net.offsets[x]:net.offsets[x + 1]]
    ok = row[eligible[row]]
    picks = net.sample_contact(np.full(100_000, x), rng, eligible)
    assert np.isin(picks, ok).all()
    counts = np.bincount(np.searchsorted(ok, picks), minlength=ok.size)
    expected = picks.size / ok.size
    assert ((counts - expected) ** 2 / expected).sum() < ok.size + 5 * math.sqrt(2 * ok.size)


def test_well_mixed_is_everyone_knowing_everyone():
    net = nw.build("well-mixed", 50, seed=1)
    assert net.well_mixed and net.nbytes == 0
    assert (net.degree() == 49).all() and net.n_edges == 50 * 49 // 2
    rng = np.random.default_rng(0)
    nodes = np.repeat(np.arange(50), 2000)
    picks = net.sample_contact(nodes, rng)
    assert (picks != nodes).all() and picks.min() == 0 and picks.max() == 49
    counts = np.bincount(picks[nodes == 0], minlength=50)[1:]
    assert counts.min() > 2000 / 49 * 0.5
    eligible = np.zeros(50, dtype=bool)
    eligible[[0, 5, 9]] = True
    picks = net.sample_contact(nodes, rng, eligible)
    assert set(picks[nodes == 5].tolist()) == {0, 9}
    assert set(picks[nodes == 1].tolist()) == {0, 5, 9}
    assert (net.count_among(np.array([5, 1]), eligible) == [2, 3]).all()
    with pytest.raises(NetworkError, match="well-mixed"):
        net.neighbours_of(np.array([1]))


# -- the same seed, the same network, in any process -----------------------------------------

CHILD = """
import hashlib, json, sys
from sim.engine import network as nw
out = {}
for kind in ("clustered", "small-world", "scale-free", "random"):
    net = nw.build(kind, 2000, 10, {"shuffle": 0.5} if kind == "clustered" else None, seed=int(sys.argv[1]))
    h = hashlib.sha256(net.offsets.tobytes() + net.neighbours.tobytes())
    out[kind] = h.hexdigest()
print(json.dumps(out))
"""


def test_same_seed_same_network_in_two_processes():
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, "21"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE,
                              env=dict(os.environ, PYTHONHASHSEED=hashseed))
             for hashseed in ("1", "999")]
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        outs.append(json.loads(out))
    a, b = outs
    assert a == b
    for kind in GRAPH_KINDS:  # and in this process; another seed gives another network
        params = {"shuffle": 0.5} if kind == "clustered" else None
        assert digest(nw.build(kind, 2000, 10, params, seed=21)) == a[kind]
        assert digest(nw.build(kind, 2000, 10, params, seed=22)) != a[kind]


# -- an edge list from a file ----------------------------------------------------------------


def test_file_reads_an_edge_list(tmp_path):
    path = tmp_path / "edges.txt"
    path.write_text("% sym unweighted\n% 5 4\n# a comment\n0 1\n1 2 0.5\n2 1\n3 3\n\n0 4  # end\n")
    net = nw.build("file", None, params={"path": str(path)})
    assert net.n == 5 and net.labels is None
    assert [x.tolist() for x in net.edges()] == [[0, 0, 1], [1, 4, 2]]
    # more people than the file names: the others have no contact
    net = nw.build("file", 8, params={"path": str(path)})
    assert net.n == 8 and net.degree().tolist() == [2, 2, 1, 0, 1, 0, 0, 0]
    # commas, large ids: renumbered in sorted order
    csv = tmp_path / "edges.csv"
    csv.write_text("100,7\n7,5000000000\n")
    net = nw.build("file", None, params={"path": str(csv)})
    assert net.n == 3 and net.labels.tolist() == [7, 100, 5_000_000_000]
    assert [x.tolist() for x in net.edges()] == [[0, 0], [1, 2]]
    gz = tmp_path / "edges.txt.gz"
    with gzip.open(gz, "wt") as f:
        f.write("0 1\n1 2\n")
    assert nw.build("file", None, params={"path": str(gz)}).n_edges == 2


@pytest.mark.parametrize("text, n, words", [
    ("0 1\n1 x\n", None, "not an edge list of two whole-number ids per line"),
    ("0 1\n2\n", None, "not an edge list"),
    ("0 1\n-1 2\n", None, "0 or above"),
    ("0 1\n1 2\n2 3\n", 3, "more than the 3 of the population"),
    ("# nothing\n", None, "no links"),
])
def test_a_bad_edge_list_gets_one_clear_line(tmp_path, text, n, words):
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(NetworkError) as e:
        nw.build("file", n, params={"path": str(path)})
    msg = str(e.value)
    assert "\n" not in msg and words in msg and "network.path" in msg and str(path) in msg


def test_bad_arguments_get_one_clear_line(tmp_path):
    cases = [
        (("star", 10), "network.kind = 'star': must be one of clustered, small-world"),
        (("random", 10, 10, None), "network.mean_contacts = 10: at most n - 1 = 9"),
        (("random", 0), "number of people 0"),
        (("clustered", 100, 10, {"rewire": 0.1}), "network.rewire is not a parameter of kind "
                                                 "'clustered' (its parameters: exponent, shuffle)"),
        (("clustered", 100, 10, {"exponent": 2.0}), "network.exponent = 2.0: must be a number above 2"),
        (("small-world", 100, 10, {"rewire": 1.5}), "network.rewire = 1.5"),
        (("file", 10, 10, {"path": str(tmp_path / "none.txt")}), "no such file"),
        (("file", 10), "kind 'file' needs the path"),
    ]
    for args, words in cases:
        with pytest.raises(NetworkError) as e:
            nw.build(*args)
        assert words in str(e.value) and "\n" not in str(e.value)


def test_from_edges_drops_self_loops_and_duplicates():
    net = Network.from_edges(4, [0, 1, 2, 2, 3], [1, 0, 2, 3, 2])
    assert [x.tolist() for x in net.edges()] == [[0, 2], [1, 3]]
    assert net.degree().tolist() == [1, 1, 1, 1]


# -- Gastwirth 1977: the random recursive tree -----------------------------------------------


def test_gastwirth_random_recursive_tree():
    """Equal effort on a well-mixed population: each newcomer's recruiter is uniform among
    those already in. Then the k-th of N entrants recruits on average H(N-1) - H(k-1), about
    ln(N/k); a share (k-1)/(N-1) of the k-th recruit nobody, about half of all entrants; and
    only the first N/e expect one recruit or more."""
    N, R = 2000, 400
    rng = np.random.default_rng(1977)
    j = np.arange(1, N)  # entrant j + 1 (1-based) joins when j are in
    recruiter = (rng.random((R, N - 1)) * j).astype(np.int64)  # 0-based, uniform in [0, j)
    recruiter += N * np.arange(R)[:, None]  # one block of N per run
    counts = np.bincount(recruiter.ravel(), minlength=R * N).reshape(R, N)
    mean = counts.mean(axis=0)  # mean recruits of the k-th entrant, k = 1..N
    k = np.arange(1, N + 1)
    harmonic = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, N))])  # H(0..N-1)
    exact = harmonic[N - 1] - harmonic[k - 1]
    sd = np.sqrt(np.maximum(exact, 1e-9) / R)  # sums of independent Bernoullis: var <= mean
    assert (np.abs(mean - exact) < 5 * sd + 1e-9).all()
    late = k >= 20
    assert np.abs(exact[late] - np.log(N / k[late])).max() < 0.03
    # about half recruit nobody
    nobody = (counts == 0).mean()
    assert nobody == pytest.approx(0.5, abs=0.01)
    # the first 1/e of entrants expect one recruit or more, the others fewer: exactly, and in
    # the simulation by blocks of 50 entrants (a block's mean has sd about 0.007 near the cut,
    # where the expectation is 1 +- 0.05)
    cut = N / math.e
    assert (exact >= 1).sum() == pytest.approx(cut, rel=0.01)
    blocks = mean[: N // 50 * 50].reshape(-1, 50).mean(axis=1)
    first, last = k[: N // 50 * 50].reshape(-1, 50)[:, 0], k[: N // 50 * 50].reshape(-1, 50)[:, -1]
    assert (blocks[last <= 0.95 * cut] > 1).all()
    assert (blocks[first >= 1.05 * cut] < 1).all()
