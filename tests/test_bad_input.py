"""Bad input to ``pingou run`` (CONTRACT.md): exit status 2, exactly one line on stderr that
names the field or flag, the value given and what is allowed, no traceback, and no output
folder left behind.

The cases in :data:`BY_PROCESS` each run ``python -m sim run ...`` in a separate process, as
a user would. Starting Python and importing the package costs a few seconds on a shared
machine, so the further variants in :data:`CASES` outside that set go through the same entry
point (``sim.commands.cli.main``) inside the test process."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import pingou

GOOD_TOML = """\
[draw]
stake_yuan = 100.0
group_size = 10
winners = 3
"""

#: name -> (extra arguments, TOML file text or None, fragments the one line must contain:
#: the field or flag, the value, and what is allowed)
CASES = {
    "unknown_scenario": (["--scenario", "nosuchscheme"], None,
                         ["--scenario", "nosuchscheme", "quanmin-pingou"]),
    "missing_toml_file": (["--scenario", "{dir}/absent.toml"], None,
                          ["--scenario", "absent.toml", "no such file"]),
    "misspelt_toml_field": (["--scenario", "{toml}"],
                            "[draw]\nwiners = 2\n",
                            ["winers", "2", "winners"]),
    "unknown_toml_section": (["--scenario", "{toml}"],
                             "[drwa]\nwinners = 2\n",
                             ["drwa", "draw"]),
    "wrong_type_in_toml": (["--scenario", "{toml}"],
                           '[draw]\ngroup_size = "ten"\n',
                           ["draw.group_size", "ten", "whole number"]),
    "float_for_int_in_toml": (["--scenario", "{toml}"],
                              "[draw]\ngroup_size = 10.5\n",
                              ["draw.group_size", "10.5", "whole number"]),
    "negative_in_toml": (["--scenario", "{toml}"],
                         "[withdrawal]\nfee_rate = -0.1\n",
                         ["withdrawal.fee_rate", "-0.1", ">= 0"]),
    "more_winners_than_seats_in_toml": (["--scenario", "{toml}"],
                                        "[draw]\ngroup_size = 5\nwinners = 6\n",
                                        ["winners", "6", "group_size"]),
    "wrong_type_set": (["--set", "draw.group_size=ten"], None,
                       ["draw.group_size", "ten", "whole number"]),
    "bool_for_number_set": (["--set", "draw.winners=true"], None,
                            ["draw.winners", "True", "whole number"]),
    "negative_set": (["--set", "draw.stake_yuan=-5"], None,
                     ["draw.stake_yuan", "-5", ">= 0.01"]),
    "out_of_range_rate_set": (["--set", "draw.cost_ratio=1.5"], None,
                              ["draw.cost_ratio", "1.5", "<= 1"]),
    "out_of_range_cap_set": (["--set", "draw.daily_cap=0"], None,
                             ["draw.daily_cap", "0", ">= 1"]),
    "fraction_of_a_fen_set": (["--set", "draw.stake_yuan=100.001"], None,
                              ["draw.stake_yuan", "100.001", "two decimals"]),
    "bad_choice_set": (["--set", 'operator.exit_rule="sometimes"'], None,
                       ["operator.exit_rule", "sometimes", "never"]),
    "more_winners_than_seats_set": (["--set", "draw.winners=11"], None,
                                    ["draw.winners", "11", "group_size"]),
    "set_without_equals": (["--set", "draw.winners"], None,
                           ["--set", "draw.winners", "KEY=VALUE"]),
    "set_unknown_section": (["--set", "drwa.winners=2"], None,
                            ["--set", "drwa", "draw"]),
    "set_unknown_field": (["--set", "draw.winers=2"], None,
                          ["--set", "draw.winers", "winners"]),
    "set_no_field": (["--set", "draw=3"], None,
                     ["--set", "draw=3", "SECTION.FIELD"]),
    "set_empty_value": (["--set", "draw.winners="], None,
                        ["--set", "draw.winners", "whole number"]),
    "participants_zero": (["--participants", "0"], None,
                          ["--participants", "0", ">= 1"]),
    "participants_negative": (["--participants", "-3"], None,
                              ["--participants", "-3", ">= 1"]),
    "participants_not_a_number": (["--participants", "many"], None,
                                  ["--participants", "many", "whole number"]),
    "participants_fraction": (["--participants", "1.5"], None,
                              ["--participants", "1.5", "whole number"]),
    "participants_too_many": (["--participants", "50000001"], None,
                              ["--participants", "50000001", "<= 50000000"]),
    "days_zero": (["--days", "0"], None, ["--days", "0", ">= 1"]),
    "seed_negative": (["--seed", "-1"], None, ["--seed", "-1", ">= 0"]),
}


#: one case per kind of mistake, each run in its own process
BY_PROCESS = (
    "unknown_scenario", "misspelt_toml_field", "wrong_type_in_toml", "negative_set",
    "more_winners_than_seats_set", "set_without_equals", "set_empty_value",
    "participants_not_a_number",
)
IN_PROCESS = tuple(name for name in CASES if name not in BY_PROCESS)


def _prepare(base: Path, name: str):
    args, toml, _ = CASES[name]
    case_dir = base / name
    case_dir.mkdir()
    toml_path = case_dir / "scenario.toml"
    if toml is not None:
        toml_path.write_text(toml, encoding="utf-8")
    args = [a.format(toml=toml_path, dir=case_dir) for a in args]
    out = case_dir / "out"
    defaults = [] if any(a == "--participants" for a in args) else ["--participants", "20"]
    defaults += [] if any(a == "--days" for a in args) else ["--days", "2"]
    return ["run", *args, *defaults, "--quiet", "--out", str(out)], out, case_dir


def _check(name, returncode, stderr, out, case_dir):
    fragments = CASES[name][2]
    assert returncode == 2, (returncode, stderr)
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    line = lines[0]
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} missing from: {line}"
    assert not out.exists()
    leftovers = [p.name for p in case_dir.iterdir() if p.name not in ("scenario.toml",)]
    assert leftovers == [], leftovers  # no half-written or temporary folder either


def _run_case(base: Path, name: str):
    argv, out, case_dir = _prepare(base, name)
    proc = pingou(*argv, cwd=case_dir)
    return proc, out, case_dir


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """The :data:`BY_PROCESS` cases, each in its own process, two at a time."""
    base = tmp_path_factory.mktemp("bad")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(_run_case, base, name) for name in BY_PROCESS}
        return {name: f.result() for name, f in futures.items()}


@pytest.mark.parametrize("name", BY_PROCESS)
def test_bad_input_in_a_process(results, name):
    proc, out, case_dir = results[name]
    _check(name, proc.returncode, proc.stderr, out, case_dir)


@pytest.mark.parametrize("name", IN_PROCESS)
def test_bad_input_through_the_entry_point(tmp_path, capsys, monkeypatch, name):
    from sim.commands.cli import main

    argv, out, case_dir = _prepare(tmp_path, name)
    monkeypatch.chdir(case_dir)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse may still exit on its own
        code = exc.code
    captured = capsys.readouterr()
    _check(name, code, captured.err, out, case_dir)


def test_good_input_is_accepted(tmp_path, monkeypatch):
    """The control: the same arguments with valid values write the output."""
    from sim.commands.cli import main

    toml = tmp_path / "ok.toml"
    toml.write_text(GOOD_TOML, encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    code = main(["run", "--scenario", str(toml), "--participants", "20", "--days", "2",
                 "--set", "draw.winners=2", "--set", "recruitment.stall_day=none",
                 "--set", "operator.exit_rule=never", "--quiet", "--out", str(out)])
    assert code == 0
    assert (out / "summary.json").is_file() and (out / "daily.csv").is_file()


def test_bare_none_for_a_choice_named_none(capsys):
    """``--set operator.extraction=none``: 'none' is one of the allowed values of this field
    (``pingou show`` prints it as ``extraction = "none"``, and the error message lists it as
    allowed), so the bare word must select it, as a bare word does for every other choice
    (e.g. ``operator.exit_rule=never``)."""
    from sim.commands.cli import main

    code = main(["show", "quanmin-pingou", "--set", "operator.extraction=none"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert 'extraction = "none"' in captured.out


# -- the output folder ----------------------------------------------------------------------

WRITERS = {  # command -> arguments that make it write into --out
    "run": ["run", "--participants", "20", "--days", "2", "--quiet"],
    "draw": ["draw", "--scenario", "case-1"],
    "sweep": ["sweep", "--seeds", "1", "--participants", "20", "--days", "2", "--workers", "0",
              "--quiet"],
    "compare": ["compare", "--policy-set", "policy.crackdown_day=1", "--seeds", "1",
                "--participants", "20", "--days", "2"],
}


def _bad_out(tmp_path):
    """Three places no command can write its folder: an existing file, a path below a file,
    and (on Linux) a folder inside /proc, where nothing can be made even by root."""
    afile = tmp_path / "afile"
    afile.write_text("keep me\n")
    places = {"a file": (afile, "exists and is not a folder"),
              "below a file": (afile / "sub", "is a file, not a folder")}
    if Path("/proc/self").is_dir():
        places["unwritable"] = (Path("/proc/pingou-out"), "cannot write in '/proc'")
    return afile, places


@pytest.mark.parametrize("command", WRITERS)
def test_an_unwritable_out_is_refused_before_any_work(tmp_path, capsys, monkeypatch, command):
    """Checked before the simulation runs (a 1M-member run must not end in this error), with
    exit status 2, one line naming --out and the value, and nothing written."""
    import sim.api
    import sim.experiments.compare
    import sim.experiments.sweep
    from sim.commands.cli import main

    def no_work(*args, **kwargs):
        raise AssertionError("the command started its work before checking --out")

    for module, name in ((sim.api, "run"), (sim.experiments.compare, "compare"), (sim.experiments.sweep, "run_sweep")):
        monkeypatch.setattr(module, name, no_work)
    afile, places = _bad_out(tmp_path)
    monkeypatch.chdir(tmp_path)
    for what, (place, why) in places.items():
        code = main(WRITERS[command] + ["--out", str(place)])
        err = capsys.readouterr().err
        assert code == 2, (what, err)
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert "--out" in err and str(place) in err and why in err, (what, err)
    assert afile.read_text() == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]  # no check folder left


def test_a_failure_while_writing_leaves_nothing(tmp_path, capsys, monkeypatch):
    """The disk fills while the files are written: one line that says so, exit status 1 (the
    input was fine), and neither the output folder nor the temporary one is left behind."""
    import errno

    import sim.api
    from sim.commands.cli import main

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sim.api, "write_csv", disk_full)
    monkeypatch.chdir(tmp_path)
    code = main(WRITERS["run"] + ["--out", "out"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "--out 'out'" in err and "No space left on device" in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["run", "draw", "compare"])
def test_a_failure_while_moving_the_files_into_place_leaves_nothing(tmp_path, capsys,
                                                                     monkeypatch, command):
    """Every command writes through the one atomic writer (sim.outputs.files): a failure in
    its last step, the move into place, is one line and exit status 1, and leaves neither the
    output folder (with the folders it had to make) nor the temporary one."""
    import errno

    import sim.outputs.files
    from sim.commands.cli import main

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sim.outputs.files.os, "replace", disk_full)
    monkeypatch.chdir(tmp_path)
    code = main(WRITERS[command] + ["--out", "made/out"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "--out 'made/out'" in err and "No space left on device" in err, err
    assert list(tmp_path.iterdir()) == []


# -- odd command-line input (issue 18): one line before any work, nothing written ----------

def _free_port() -> int:
    """A port of this machine where nothing listens (bound for a moment, then let go)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: name -> (arguments, fragments the one line must contain); {dir} is the case's folder,
#: {port} a port nobody listens on, {taken} a port something listens on
ODD = {
    "run --out ''": (["run", *WRITERS["run"][1:], "--out", ""], ["--out ''", "must name a folder"]),
    "draw --out ''": (["draw", "--out", ""], ["--out ''", "must name a folder"]),
    "compare --out ''": ([*WRITERS["compare"], "--out", ""], ["--out ''", "must name a folder"]),
    "sweep --out ''": ([*WRITERS["sweep"], "--out", ""], ["--out ''", "must name a folder"]),
    "--out a link to nothing": ([*WRITERS["run"], "--out", "{dir}/link"],
                                ["--out", "link", "symbolic link", "does not exist"]),
    "--out below a link to nothing": ([*WRITERS["sweep"], "--out", "{dir}/link/sweep"],
                                      ["--out", "link", "symbolic link", "does not exist"]),
    "--out a name too long": ([*WRITERS["draw"], "--out", "x" * 300],
                              ["--out", "300 bytes long", "at most 255"]),
    "--out a path too long": ([*WRITERS["compare"], "--out", "/".join(["y" * 200] * 25)],
                              ["--out", "the path is", "at most"]),
    "--seeds too many": (["sweep", "--seeds", "1000000000", "--out", "o"],
                         ["--seeds", "1000000000", "<= 100000"]),
    "--sample too many": (["sweep", "--sample", "1000000000", "--range",
                           "behaviour.trust_initial=0.5:1", "--seeds", "1", "--out", "o"],
                          ["--sample", "1000000000", "<= 100000"]),
    "points x seeds too many": (["sweep", "--sample", "1000", "--range",
                                 "behaviour.trust_initial=0.5:1", "--seeds", "1000", "--out",
                                 "o"], ["--sample 1,000 x --seeds 1,000", "at most 100,000"]),
    "--range infinite": (["sweep", "--sample", "4", "--range", "behaviour.trust_initial=-inf:inf",
                          "--seeds", "1", "--out", "o"],
                         ["--range", "-inf:inf", "finite numbers"]),
    "--range -inf:inf": (["sweep", "--sample", "4", "--range", "-inf:inf", "--seeds", "1",
                          "--out", "o"], ["--range", "expected one argument", "--range=KEY"]),
    "--scheduler garbage": ([*WRITERS["sweep"][:-3], "--scheduler", "garbage", "--out", "o"],
                            ["--scheduler", "'garbage'", "tcp://HOST:8786"]),
    "--scheduler where nobody listens": ([*WRITERS["sweep"][:-3], "--scheduler",
                                          "tcp://127.0.0.1:{port}", "--out", "o"],
                                         ["--scheduler", "127.0.0.1", "no Dask scheduler"]),
    "app --host not an address": (["app", "--host", "256.1.1.1", "--no-open"],
                                  ["--host", "256.1.1.1", "0 to 255"]),
    "app --host not of this machine": (["app", "--host", "192.0.2.1", "--no-open"],
                                       ["--host", "192.0.2.1", "cannot listen there"]),
    "app --port taken": (["app", "--port", "{taken}", "--no-open"],
                         ["--port", "{taken}", "already in use"]),
}


@pytest.mark.parametrize("name", ODD)
def test_odd_command_input_is_one_line_before_any_work(tmp_path, capsys, monkeypatch, name):
    """Each is refused with exit status 2 and one line naming the flag, the value and what is
    allowed, before any run (or the dashboard) starts and without writing anything."""
    import socket
    import subprocess

    import sim.api
    import sim.experiments.compare
    from sim.commands.cli import main

    def no_work(*args, **kwargs):
        raise AssertionError("the command started its work")

    for module, attr in ((sim.api, "run"), (sim.experiments.compare, "run"),
                         (subprocess, "call")):
        monkeypatch.setattr(module, attr, no_work)
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    args, fragments = ODD[name]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        fill = dict(dir=tmp_path, port=_free_port(), taken=taken.getsockname()[1])
        monkeypatch.chdir(tmp_path)
        code = main([a.format(**fill) for a in args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment.format(**fill) in err, f"{fragment!r} missing from: {err}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link"]  # nothing written


SILENT_OVERRIDES = {
    "grid key twice": (["sweep", "--grid", "draw.winners=1,2", "--grid", "draw.winners=3"],
                       ["--grid", "draw.winners=3", "swept twice"]),
    "grid value twice": (["sweep", "--grid", "draw.winners=1,2,1"],
                         ["--grid", "draw.winners=1,2,1", "given twice"]),
    "grid and range on one key": (["sweep", "--grid", "behaviour.trust_initial=0.5,1",
                                   "--sample", "4", "--range", "behaviour.trust_initial=0.5:1"],
                                  ["--range", "behaviour.trust_initial=0.5:1", "swept twice"]),
    "grid over the seed": (["sweep", "--grid", "run.seed=1,2"],
                           ["--grid", "run.seed=1,2", "set by --seeds"]),
    "range over the seed": (["sweep", "--sample", "4", "--range", "run.seed=1:9"],
                            ["--range", "run.seed=1:9", "set by --seeds"]),
    "compare policy seed": (["compare", "--policy-set", "run.seed=5"],
                            ["--policy-set", "run.seed=5", "set by --seeds"]),
    "compare base seed": (["compare", "--set", "run.seed=5", "--policy-set",
                           "policy.crackdown_day=10"], ["--set", "run.seed=5", "set by --seeds"]),
}


@pytest.mark.parametrize("case", SILENT_OVERRIDES, ids=list(SILENT_OVERRIDES))
def test_what_a_flag_would_silently_override_is_refused(case, tmp_path, capsys):
    """A sweep or comparison would silently override these (--seeds sets run.seed; a key swept
    twice keeps one of its sweeps): each is refused before any run, one line, exit 2."""
    from sim.commands.cli import main

    args, words = SILENT_OVERRIDES[case]
    if args[0] == "sweep":
        args = [*args, "--seeds", "1", "--participants", "20", "--days", "2",
                "--out", str(tmp_path / "sweep")]
    code = main(args)
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1, err
    assert all(w in err for w in words), err
    assert not (tmp_path / "sweep").exists()
