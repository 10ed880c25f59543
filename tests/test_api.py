"""The public surface of CONTRACT.md: ``sim.run``, ``sim.SchemeModel`` (a ``mesa.Model``),
``pingou scenarios`` and ``pingou show``."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest

import sim
from conftest import pingou_cmd

# Copied from CONTRACT.md, not from the code.
SUMMARY_KEYS = {
    "scenario", "seed", "days", "population", "participants", "stall_day", "collapse_day",
    "peak_day", "activity_end_day", "paid_in_fen", "withdrawn_fen", "operator_take_fen",
    "platform_cash_fen", "outstanding", "share_losing_cash", "share_losing_cost",
    "share_losing_sticker", "median_net_cash_fen", "ledger_imbalance_fen",
    "share_losing_shop", "median_net_shop_fen", "lost_shop_fen", "gained_shop_fen",
    "share_losing_told",
}
OUTSTANDING_KEYS = {"wallets_fen", "shopping_gold_fen", "dividend_points", "consumption_points",
                    "privilege_seats"}
DAILY_COLUMNS = (
    "day, new_members, active_members, seats, groups, failed_groups, paid_in_fen, "
    "withdrawn_fen, withdraw_requested_fen, withdraw_waiting_fen, platform_cash_fen, "
    "operator_take_fen, wallets_fen, shopping_gold_fen, ledger_imbalance_fen, share_losing_shop, "
    "share_losing_told").split(", ")
PARTICIPANT_COLUMNS = (
    "id, join_day, upline, depth, identity, region, seats, wins, paid_in_fen, withdrawn_fen, "
    "wallet_fen, shopping_gold_fen, goods_cost_fen, goods_sticker_fen, net_cash_fen, "
    "goods_market_fen, walk_away_fen, net_shop_fen, net_told_fen").split(", ")

SMALL = dict(participants=300, days=15, seed=4,
             overrides=("recruitment.founders_share=0.05", "recruitment.conversion=0.5"))

PRESETS_DIR = Path(sim.__file__).parent / "scheme" / "presets"


@pytest.fixture(scope="module")
def result():
    return sim.run("quanmin-pingou", **SMALL)


def test_run_returns_the_contract_tables(result):
    s, daily, parts = result.summary, result.daily, result.participants
    assert SUMMARY_KEYS <= set(s), SUMMARY_KEYS - set(s)
    assert OUTSTANDING_KEYS <= set(s["outstanding"])
    assert isinstance(daily, pd.DataFrame) and isinstance(parts, pd.DataFrame)
    assert set(DAILY_COLUMNS) <= set(daily.columns), set(DAILY_COLUMNS) - set(daily.columns)
    assert set(PARTICIPANT_COLUMNS) <= set(parts.columns), \
        set(PARTICIPANT_COLUMNS) - set(parts.columns)


def test_run_summary_agrees_with_the_tables(result):
    s, daily, parts = result.summary, result.daily, result.participants
    assert (s["scenario"], s["seed"], s["days"], s["population"]) == ("quanmin-pingou", 4, 15, 300)
    assert daily["day"].tolist() == list(range(15))
    assert s["participants"] == len(parts) > 15  # more than the 15 founders joined
    assert parts["id"].tolist() == list(range(len(parts)))
    net = parts["net_cash_fen"].to_numpy()
    assert s["median_net_cash_fen"] == int(round(float(np.median(net))))
    assert s["share_losing_cash"] == pytest.approx(float(np.mean(net < 0)), abs=1e-6)
    sticker = net + parts["goods_sticker_fen"].to_numpy()
    assert s["share_losing_sticker"] == pytest.approx(float(np.mean(sticker < 0)), abs=1e-6)
    assert s["paid_in_fen"] == int(parts["paid_in_fen"].sum()) == int(
        daily["paid_in_fen"].sum() - daily["stakes_refunded_fen"].sum())
    assert (daily["paid_in_fen"] >= 0).all()  # gross: what came in that day
    assert s["outstanding"]["wallets_fen"] == int(parts["wallet_fen"].sum())
    assert s["outstanding"]["shopping_gold_fen"] == int(daily["shopping_gold_fen"].iloc[-1])
    assert s["ledger_imbalance_fen"] == 0 and (daily["ledger_imbalance_fen"] == 0).all()
    # founders have no upline; everyone else's upline joined before them
    up = parts["upline"]
    assert up[parts["join_day"] == 0].isna().all()
    later = parts[parts["join_day"] > 0]
    assert (later["upline"].astype("int64") < later["id"]).all()
    peak = int(np.argmax(daily["seats"].to_numpy()))
    assert s["peak_day"] == peak


def test_run_accepts_a_scenario_object_and_a_toml_path(tmp_path):
    sc = sim.load("quanmin-pingou", list(SMALL["overrides"]), participants=300, days=15, seed=4)
    a = sim.run(sc)
    path = tmp_path / "mine.toml"  # the preset's own text, as a user's file
    path.write_text((PRESETS_DIR / "quanmin-pingou.toml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    b = sim.run(str(path), participants=300, days=15, seed=4,
                overrides=list(SMALL["overrides"]))
    pd.testing.assert_frame_equal(a.daily, b.daily)


def test_save_writes_the_bytes_of_files(result, tmp_path, monkeypatch):
    """``save`` streams the CSV files to disk in chunks; ``files`` holds them in memory. Both
    must give the same bytes, and a second save over the first leaves no stray file."""
    import sim.api
    from sim.outputs.files import MANIFEST

    expected = result.files()  # whole tables in one chunk
    monkeypatch.setattr(sim.api, "CSV_CHUNK_ROWS", 7)  # many chunks even for a small run
    out = result.save(tmp_path / "out")
    written = {p.relative_to(out).as_posix(): p.read_bytes()
               for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFEST}
    assert len(result.participants) > 7 * 10
    assert written == expected
    (out / "figures" / "old.png").write_bytes(b"a figure an earlier run made")
    with open(out / MANIFEST, "a", encoding="utf-8") as f:  # ... and listed as pingou's
        f.write("figures/old.png\n")
    (out / "figures" / "photo.png").write_bytes(b"the user's own picture")
    (out / "notes.txt").write_text("the user's own file")
    result.save(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left
    assert not (out / "figures" / "old.png").exists()  # the figures are this run's
    assert (out / "figures" / "photo.png").read_bytes() == b"the user's own picture"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        {name.split("/")[0] for name in expected} | {"notes.txt", MANIFEST})


def test_result_plot_gives_figures(result):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    figs = result.plot()
    assert figs and all(isinstance(f, Figure) for f in figs.values())
    for f in figs.values():
        plt.close(f)


def test_scheme_model_is_a_mesa_model_stepping_one_day():
    model = sim.SchemeModel("quanmin-pingou", participants=SMALL["participants"], days=6,
                            seed=SMALL["seed"], overrides=SMALL["overrides"])
    assert isinstance(model, mesa.Model)
    assert model.datacollector.get_model_vars_dataframe().empty
    for k in range(1, 4):
        model.step()
        df = model.datacollector.get_model_vars_dataframe()
        assert len(df) == k
        assert df["day"].tolist() == list(range(k))
    assert model.running
    model.step(), model.step(), model.step()
    assert not model.running  # 6 days asked, 6 steps taken
    df = model.datacollector.get_model_vars_dataframe()
    assert len(df) == 6
    assert set(DAILY_COLUMNS) <= set(df.columns)
    # stepping by hand is the same run as sim.run with the same seed
    same = sim.run("quanmin-pingou", participants=SMALL["participants"], days=6,
                   seed=SMALL["seed"], overrides=SMALL["overrides"])
    for col in DAILY_COLUMNS:
        assert df[col].tolist() == same.daily[col].tolist(), col


# ---------------------------------------------------------------------------------------
# pingou scenarios / pingou show
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def commands():
    procs = {name: subprocess.Popen(pingou_cmd(*args), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
             for name, args in (("scenarios", ("scenarios",)),
                                ("show", ("show", "quanmin-pingou")))}
    out = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=300)
        out[name] = (proc.returncode, stdout, stderr)
    return out


def test_pingou_scenarios_lists_every_preset_once(commands):
    code, out, err = commands["scenarios"]
    assert code == 0, err
    presets = sorted(p.stem for p in PRESETS_DIR.glob("*.toml"))
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == len(presets)
    assert sorted(line.split()[0] for line in lines) == presets
    assert "quanmin-pingou" in presets
    assert all(len(line.split(None, 1)) == 2 for line in lines)  # a name and a description


def test_pingou_show_is_the_resolved_scenario_as_toml(commands, tmp_path):
    code, out, err = commands["show"]
    assert code == 0, err
    shown = tomllib.loads(out)
    # every value the preset file sets is shown as set (RULEBOOK §14.1-§14.2 values)
    preset = tomllib.loads((PRESETS_DIR / "quanmin-pingou.toml").read_text(encoding="utf-8"))
    for section, fields in preset.items():
        for name, value in fields.items():
            assert shown[section][name] == value, f"{section}.{name}"
    assert shown["draw"]["group_size"] == 10 and shown["draw"]["winners"] == 3
    assert shown["draw"]["stake_yuan"] == 100.0 and shown["draw"]["cost_ratio"] == 0.3
    # the shown text is itself a scenario file that loads to the same scenario
    path = tmp_path / "shown.toml"
    path.write_text(out, encoding="utf-8")
    assert sim.load(str(path)) == sim.load("quanmin-pingou")


def test_pingou_show_documents_every_field(commands):
    from sim.scheme.scenario import SECTIONS

    code, out, err = commands["show"]
    lines = out.splitlines()
    section = None
    seen = {}
    for i, line in enumerate(lines):
        m = re.fullmatch(r"\[(\w+)\]", line)
        if m:
            section = m.group(1)
            continue
        m = re.fullmatch(r"#? ?(\w+) = .*", line)
        if m and section is not None and m.group(1) in SECTIONS.get(section).model_fields:
            seen[(section, m.group(1))] = lines[i - 1]
    for sname, scls in SECTIONS.items():
        for fname in scls.model_fields:
            assert (sname, fname) in seen, f"{sname}.{fname} not shown"
            note = seen[(sname, fname)]
            m = re.fullmatch(r"# (.+) \[(.+); (.+)\]", note)
            assert m, f"{sname}.{fname}: no meaning/section comment above it: {note!r}"
            meaning, ref = m.group(1), m.group(2)
            assert len(meaning) > 10, f"{sname}.{fname}: meaning {meaning!r}"
            assert ref.strip() not in ("", "-"), f"{sname}.{fname}: no section"


def test_figures_as_svg_are_reproducible_vector_files(tmp_path):
    """``pingou run --figures svg`` writes every figure as SVG instead of PNG (the report still
    embeds PNG), ``both`` writes both; the same run gives the same bytes in two processes, and
    text is drawn as paths, so Chinese labels need no font where the file is opened."""
    from conftest import pingou

    from sim.outputs.plots import FIGURES

    for folder, figures in (("a", "svg"), ("b", "svg"), ("c", "both")):
        done = pingou("run", "--participants", "600", "--days", "60", "--quiet", "--lang", "zh",
                      "--figures", figures, "--out", str(tmp_path / folder))
        assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "a" / "figures").iterdir())
    assert names == sorted(f"{name}.svg" for name in FIGURES)
    both = sorted(p.name for p in (tmp_path / "c" / "figures").iterdir())
    assert both == sorted([f"{n}.svg" for n in FIGURES] + [f"{n}.png" for n in FIGURES])
    for name in FIGURES:
        one = (tmp_path / "a" / "figures" / f"{name}.svg").read_bytes()
        assert one == (tmp_path / "b" / "figures" / f"{name}.svg").read_bytes()
        assert one.startswith(b"<?xml") and b"<text" not in one and b"<path" in one
    assert b"data:image/png;base64," in (tmp_path / "a" / "report.html").read_bytes()
