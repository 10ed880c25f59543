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
                      (tmp_path / name / "results.parquet").read_bytes(),
                      (tmp_path / name / "report.html").read_bytes())
    assert outs["serial"] == outs["one"] == outs["two"]  # the report too: same sweep, same bytes
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


# ----------------------------------------------------------------------------------------
# Every value a field allows, none among them (README's own example: reserve_day=0,60,none)
# ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def none_sweep(tmp_path_factory):
    """README's sweep, small: policy.reserve_day 0, 60 and none, 2 seeds of 2,000 people over
    150 days (6 runs), with an outside stall on day 60 and one signal for all, so that every
    run ends in the operator's exit (where a reserve is paid out)."""
    out = tmp_path_factory.mktemp("none")
    spec = sweep.build_spec("quanmin-pingou", grid=["policy.reserve_day=0,60,none"], seeds=2,
                            base_overrides=["recruitment.stall_day=60",
                                            'behaviour.newcomers_watched="everyone"'],
                            participants=2000, days=150)
    sweep.run_sweep(spec, out, workers=0, progress=False)
    return out


def _csv_rows(path):
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_grid_with_none_reads_back_typed_from_parquet_and_csv(none_sweep):
    table = pd.read_parquet(none_sweep / "results.parquet")
    assert str(table["policy.reserve_day"].dtype) == "Int64"  # nullable whole numbers
    assert len(table) == 6
    for _, row in table.iterrows():
        # what the run itself says was set in its validated scenario (null for none)
        told = json.loads((none_sweep / "runs" / f"{row['run']}.json").read_text())["set"]
        value = row["policy.reserve_day"]
        if told["policy.reserve_day"] is None:
            assert value is pd.NA
            # and the run really had no reserve: nothing was paid out of one at the exit
            assert row["reserve_payout_fen"] == 0
        else:
            assert value == told["policy.reserve_day"]
            assert row["reserve_payout_fen"] > 0
    assert sorted(table["policy.reserve_day"].dropna().tolist()) == [0, 0, 60, 60]
    assert int(table["policy.reserve_day"].isna().sum()) == 2
    # in the CSV, none is an empty cell (pandas reads it as NaN), the others their number
    cells = [r["policy.reserve_day"] for r in _csv_rows(none_sweep / "results.csv")]
    assert cells == ["" if pd.isna(v) else str(v) for v in table["policy.reserve_day"]]
    again = pd.read_csv(none_sweep / "results.csv")
    assert (again["policy.reserve_day"].isna().tolist()
            == table["policy.reserve_day"].isna().tolist())
    # the CSV and the Parquet file hold the same columns, in the same order
    assert list(again.columns) == list(table.columns)


def test_every_fen_column_has_its_yuan_column_beside_it(none_sweep):
    table = pd.read_parquet(none_sweep / "results.parquet")
    csv_rows = _csv_rows(none_sweep / "results.csv")
    columns = list(table.columns)
    money = [c for c in columns if c.endswith("_fen")]
    assert {"lost_shop_fen", "operator_take_fen", "paid_in_fen"} <= set(money)
    for name in money:
        yuan = name[:-4] + "_yuan"
        assert columns[columns.index(name) + 1] == yuan  # right after it; nothing renamed
        for i, fen in enumerate(table[name]):
            text = csv_rows[i][yuan]
            if pd.isna(fen):
                assert pd.isna(table[yuan].iloc[i]) and text == ""
                continue
            fen = int(fen)
            # Parquet: a float, fen / 100; CSV: exact text with two decimals
            assert table[yuan].iloc[i] == fen / 100
            assert text == f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def test_discover_runs_on_a_sweep_with_none_from_parquet_and_from_csv(none_sweep, tmp_path):
    import shutil

    from sim.experiments import discover as disc

    table = pd.read_parquet(none_sweep / "results.parquet")
    csv_only = tmp_path / "csv-only"
    shutil.copytree(none_sweep, csv_only)
    (csv_only / "results.parquet").unlink()
    readings = []
    for folder in (none_sweep, csv_only):
        found = disc.discover_sweep(folder, "policy.reserve_day == 'none'")
        assert found.holds == int(table["policy.reserve_day"].isna().sum()) == 2
        assert found.runs == 6
        assert [lv.values for lv in found.levers] == [[0, 60, "none"]]
        assert found.boxes and found.boxes[0].restrictions[0].values == ["none"]
        behind = disc.discover_sweep(folder, "share_losing_shop > 0.9")
        assert behind.holds == int((table["share_losing_shop"] > 0.9).sum())
        readings.append(found.reading() + behind.reading())
    assert readings[0] == readings[1]


def test_report_figures_and_table_are_the_sweeps_own_numbers(none_sweep):
    import base64
    import re

    import numpy as np

    from sim.outputs.i18n import money

    html = (none_sweep / "report.html").read_text(encoding="utf-8")
    assert "report.html" in (none_sweep / ".pingou-manifest").read_text().splitlines()
    figures = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(figures) == 1  # one swept key
    assert base64.b64decode(figures[0]).startswith(b"\x89PNG")
    table = pd.read_parquet(none_sweep / "results.parquet")
    groups = {"0": table["policy.reserve_day"] == 0, "60": table["policy.reserve_day"] == 60,
              "none": table["policy.reserve_day"].isna()}
    for label, rows in groups.items():
        lost = table.loc[rows.fillna(False).astype(bool), "lost_shop_fen"].to_numpy()
        median, low, high = (np.percentile(lost, q) for q in (50, 5, 95))
        cell = f"{money(round(median))} ({money(round(low))} to {money(round(high))})"
        assert f"<td><code>{label}</code></td><td class=\"num\">2</td>" in html
        assert cell in html, cell
    share = {k: table.loc[v.fillna(False).astype(bool), "share_losing_shop"] for k, v in
             groups.items()}
    best = min(share, key=lambda k: share[k].median())
    apart = all(np.percentile(share[best], 95) < np.percentile(share[k], 5)
                for k in share if k != best)
    said = re.search(r"The median share of members behind a shop was (lowest with "
                     r"policy.reserve_day = (\S+)|about the same)", html).group(1)
    if apart:
        assert said.startswith("lowest") and said.endswith(f"= {best}")
    assert "rough" in html  # 2 seeds: the page says its ranges are rough


def test_values_of_every_kind_in_a_grid_and_the_closing_line(tmp_path, capsys):
    """A whole number that may be none, true/false and a word whose own value is 'none': each
    lands typed, and the command says how many runs it made and reused and where they went."""
    from sim.commands import cli

    out = tmp_path / "kinds"
    argv = ["sweep", "--grid", "recruitment.stall_day=10,none",
            "--grid", "hidden.new_user_loses=false,true",
            "--grid", "operator.extraction=none,profit_share", "--seeds", "1",
            "--participants", "600", "--days", "30", "--workers", "0", "--out", str(out)]
    assert cli.main(argv) == 0
    err = capsys.readouterr().err.rsplit("\r", 1)[-1].strip()
    assert err == (f"pingou: 8 runs (8 points x 1 seed; 0 reused) -> {out}/results.csv, "
                   f"results.parquet, report.html")
    table = pd.read_parquet(out / "results.parquet")
    assert str(table["recruitment.stall_day"].dtype) == "Int64"
    assert table["hidden.new_user_loses"].dtype == bool
    assert set(table["operator.extraction"]) == {"none", "profit_share"}  # a word, not missing
    for _, row in table.iterrows():
        told = json.loads((out / "runs" / f"{row['run']}.json").read_text())["set"]
        # the value set, as the run's validated scenario had it, and as its summary says
        if told["recruitment.stall_day"] is None:
            assert row["recruitment.stall_day"] is pd.NA and pd.isna(row["stall_day"])
        else:
            assert row["recruitment.stall_day"] == told["recruitment.stall_day"] == 10
            assert row["stall_day"] == 10
        assert told["hidden.new_user_loses"] is bool(row["hidden.new_user_loses"])
        assert told["operator.extraction"] == row["operator.extraction"]
    rows = _csv_rows(out / "results.csv")
    assert {r["recruitment.stall_day"] for r in rows} == {"10", ""}
    assert {r["hidden.new_user_loses"] for r in rows} == {"true", "false"}
    assert {r["operator.extraction"] for r in rows} == {"none", "profit_share"}
    assert pd.read_csv(out / "results.csv")["hidden.new_user_loses"].dtype == bool
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3  # one figure per swept key
    # again: every run is reused, and the line says so; the same report
    assert cli.main(argv) == 0
    err = capsys.readouterr().err.rsplit("\r", 1)[-1].strip()
    assert err.startswith("pingou: 8 runs (8 points x 1 seed; 8 reused) -> ")
    assert (out / "report.html").read_text(encoding="utf-8") == html


def test_grid_values_split_at_commas_outside_brackets_and_quotes():
    assert sweep._split_values("0,60,none") == ["0", "60", "none"]
    assert sweep._split_values("[10,100],[20]") == ["[10,100]", "[20]"]
    assert sweep._split_values('"a,b",c') == ['"a,b"', "c"]
    axes = sweep.parse_grid(["zones.stakes_yuan=[10,100],[20,200]",
                             'operator.extraction="none",profit_share'])
    assert axes == [("zones.stakes_yuan", [[10, 100], [20, 200]]),
                    ("operator.extraction", ["none", "profit_share"])]
    column = sweep.param_column("zones.stakes_yuan", [[10, 100], [20.5, 200]])
    assert column.tolist() == ["[10, 100]", "[20.5, 200]"]


def test_a_range_over_a_field_that_is_not_a_number_is_one_line():
    with pytest.raises(ScenarioError, match=r"network.local_trust is true or false, not a "
                                            r"number; give its values with --grid"):
        sweep.build_spec("quanmin-pingou", ranges=["network.local_trust=0:1"], sample=2,
                         seeds=1, **SMALL)
