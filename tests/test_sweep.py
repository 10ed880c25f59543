"""Sweeps: identical results whatever runs them, resumable, and runs on a Dask cluster."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from sim import sweep
from sim.scheme.scenario import ScenarioError

SMALL = dict(participants=600, days=70)


def test_grid_is_every_combination_times_seeds():
    spec = sweep.build_spec("quanmin-pingou", grid=["draw.winners=1,2,3", "draw.group_size=10,12"],
                            seeds=2, **SMALL)
    assert len(spec.points) == 6
    assert {(p["draw.winners"], p["draw.group_size"]) for p in spec.points} == {
        (w, n) for w in (1, 2, 3) for n in (10, 12)}
    runs = spec.runs()
    assert [(r["point"], r["seed"]) for r in runs] == [(i, s) for i in range(6) for s in (0, 1)]
    assert len({r["key"] for r in runs}) == 12


def test_sampled_points_stay_in_range_and_are_valid_values():
    spec = sweep.build_spec("quanmin-pingou", ranges=["behaviour.trust_initial=0.5:1",
                                                      "draw.daily_cap=1:8",
                                                      "withdrawal.min_yuan=0:500"],
                            sample=16, method="lhs", seeds=1, **SMALL)
    assert len(spec.points) == 16
    for p in spec.points:
        assert 0.5 <= p["behaviour.trust_initial"] <= 1
        assert isinstance(p["draw.daily_cap"], int) and 1 <= p["draw.daily_cap"] <= 8
        assert round(p["withdrawal.min_yuan"], 2) == p["withdrawal.min_yuan"]
    # Latin hypercube: each of the 16 equal slices of a range holds exactly one point
    slices = sorted(int((p["behaviour.trust_initial"] - 0.5) / 0.5 * 16) for p in spec.points)
    assert slices == list(range(16))


@pytest.mark.parametrize("bad", [["draw.winers=1,2"], ["draw.winners=1,,2"], ["draw.winners"],
                                 ["draw.winners=11"]])
def test_bad_grid_is_refused_before_any_run(bad):
    with pytest.raises(ScenarioError):
        sweep.build_spec("quanmin-pingou", grid=bad, seeds=1, **SMALL)


def test_serial_one_worker_and_two_workers_give_identical_files(tmp_path):
    spec = sweep.build_spec("quanmin-pingou", grid=["draw.winners=1,3"], seeds=2, **SMALL)
    outs = {}
    for name, workers in (("serial", 0), ("one", 1), ("two", 2)):
        sweep.run_sweep(spec, tmp_path / name, workers=workers, progress=False)
        outs[name] = ((tmp_path / name / "results.csv").read_bytes(),
                      (tmp_path / name / "results.parquet").read_bytes())
    assert outs["serial"] == outs["one"] == outs["two"]
    table = pd.read_csv(tmp_path / "serial" / "results.csv")
    assert len(table) == 4
    assert (table["ledger_imbalance_fen"] == 0).all()
    # the two arms really differ: 1 winner in 10 is not 3 in 10
    assert table.groupby("draw.winners")["paid_in_fen"].mean().nunique() == 2


def test_rerun_skips_runs_already_done(tmp_path):
    spec = sweep.build_spec("quanmin-pingou", grid=["draw.winners=1,3"], seeds=2, **SMALL)
    sweep.run_sweep(spec, tmp_path, workers=0, progress=False)
    done = sorted((tmp_path / "runs").glob("*.json"))
    assert len(done) == 4
    # tamper with one stored result: a rerun must reuse it, not recompute it
    summary = json.loads(done[0].read_text())
    summary["participants"] = -1
    done[0].write_text(json.dumps(summary))
    table = sweep.run_sweep(spec, tmp_path, workers=0, progress=False)
    assert (table["participants"] == -1).sum() == 1


def test_sweep_through_an_existing_two_worker_dask_cluster(tmp_path):
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        cmd = [sys.executable, "-m", "sim", "sweep", "--grid", "draw.winners=1,3", "--seeds", "2",
               "--participants", "600", "--days", "70", "--out", str(tmp_path / "dask"),
               "--scheduler", cluster.scheduler_address, "--quiet"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    serial = sweep.build_spec("quanmin-pingou", grid=["draw.winners=1,3"], seeds=2, **SMALL)
    sweep.run_sweep(serial, tmp_path / "serial", workers=0, progress=False)
    assert ((tmp_path / "dask" / "results.csv").read_bytes()
            == (tmp_path / "serial" / "results.csv").read_bytes())


def test_results_table_carries_the_shop_measure_of_each_run(tmp_path):
    """The results table has the shop measure (the headline) beside the cash measure, and each
    row's figures are that run's, recomputed here from its participants table."""
    import numpy as np

    import sim

    spec = sweep.build_spec("quanmin-pingou", grid=["draw.winners=1,3"], seeds=1, **SMALL)
    table = sweep.run_sweep(spec, tmp_path, workers=0, progress=False)
    for _, row in table.iterrows():
        parts = sim.run("quanmin-pingou", seed=int(row["seed"]),
                        overrides=[f"draw.winners={row['draw.winners']}"], **SMALL).participants
        shop = (parts["net_cash_fen"] + parts["goods_market_fen"] + parts["walk_away_fen"])
        behind = shop[shop < 0]
        later = parts["id"] >= len(parts) // 2
        assert row.share_losing_shop == pytest.approx((shop < 0).mean(), abs=1e-6)
        assert row.share_losing_told == pytest.approx((parts["net_told_fen"] < 0).mean(), abs=1e-6)
        assert row.last_half_share_losing_shop == pytest.approx((shop[later] < 0).mean(), abs=1e-6)
        assert row.lost_shop_fen == -behind.sum()
        assert abs(row.median_net_shop_fen - np.median(behind)) <= 0.5
        assert row.share_losing_cash == pytest.approx((parts["net_cash_fen"] < 0).mean(), abs=1e-6)
    # the two points differ on the headline measure, not only in cash
    assert table["lost_shop_fen"].nunique() == 2
    # every cell is one number or word (nested parts of the summary are flattened)
    assert not table.map(lambda v: isinstance(v, (list, tuple, dict))).any().any()


def test_flatten_names_nested_keys_and_numbers_lists():
    summary = {"share_losing_shop": 0.5, "last_half": {"share_losing_shop": 0.75, "members": 4},
               "break_even": {"market_per_cost": 2.5, "products": [
                   {"name": "a", "break_even_fen": 7500}, {"name": "b", "break_even_fen": None}]}}
    assert sweep.flatten(summary) == {
        "share_losing_shop": 0.5, "last_half_share_losing_shop": 0.75, "last_half_members": 4,
        "break_even_market_per_cost": 2.5,
        "break_even_products_0_name": "a", "break_even_products_0_break_even_fen": 7500,
        "break_even_products_1_name": "b", "break_even_products_1_break_even_fen": None}
