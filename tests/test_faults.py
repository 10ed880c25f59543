"""Faults (issue 18): nothing of the user's lost, nothing half-written, one line and the exit
status of CONTRACT.md (1 a failed write or memory running out part-way, 2 refused before any
work, 130 Ctrl-C, 143 SIGTERM), never a traceback.

* the output folder: a command replaces or removes only what pingou wrote there
  (``.pingou-manifest``), never a file of the user's;
* Ctrl-C and SIGTERM in real processes (``python -m sim``), at start-up, during the days,
  during the write, during a sweep on Dask (runs done are kept; no worker outlives it) and a
  comparison;
* a full disk (a small tmpfs: root only, as in CI) through every command that writes;
* memory: a run too large for the machine (physical memory, a cgroup, ``ulimit -v``) is
  refused with the estimate and what is available; memory running out anyway is one line.
"""

from __future__ import annotations

import errno
import glob
import json
import os
import resource
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import pingou_cmd

SMALL = ["--participants", "20", "--days", "2"]

#: command -> arguments that make it write into --out (small and quick)
WRITERS = {
    "run": ["run", *SMALL, "--quiet"],
    "draw": ["draw", "--scenario", "case-1"],
    "compare": ["compare", "--policy-set", "policy.crackdown_day=1", "--seeds", "1", *SMALL],
    "sweep": ["sweep", "--seeds", "1", *SMALL, "--workers", "0", "--quiet"],
}
#: command -> a file it writes in its --out folder
WRITES = {"run": "summary.json", "draw": "draw.html", "compare": "runs.csv",
          "sweep": "results.csv"}


def _main(argv, capsys):
    from sim.commands.cli import main

    code = main(argv)
    err = capsys.readouterr().err
    return code, err


def _one_line(err: str) -> str:
    assert "Traceback" not in err, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    return err.strip()


def _no_work(monkeypatch):
    """Make every command's work fail the test if it starts."""
    import sim.api
    import sim.experiments.compare

    def no_work(*args, **kwargs):
        raise AssertionError("the command started its work")

    monkeypatch.setattr(sim.api, "run", no_work)
    monkeypatch.setattr(sim.experiments.compare, "run", no_work)


# -- the output folder: only pingou's own files are replaced or removed ----------------------


def test_a_rerun_removes_only_what_pingou_wrote(tmp_path, capsys, monkeypatch):
    """The user's photo in figures/ and notes beside the report stay; a figure an earlier run
    made (listed in the manifest) that this run does not make is removed."""
    from sim.outputs.files import MANIFEST, written

    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert _main(WRITERS["run"] + ["--out", "out"], capsys)[0] == 0
    assert "summary.json" in written(out) and "figures/growth.png" in written(out)
    (out / "figures" / "photo.png").write_bytes(b"the user's photo")
    (out / "notes.txt").write_text("the user's notes")
    (out / "figures" / "retired.png").write_bytes(b"a figure an earlier release made")
    with open(out / MANIFEST, "a", encoding="utf-8") as f:
        f.write("figures/retired.png\n")
    assert _main(WRITERS["run"] + ["--out", "out"], capsys)[0] == 0
    assert (out / "figures" / "photo.png").read_bytes() == b"the user's photo"
    assert (out / "notes.txt").read_text() == "the user's notes"
    assert not (out / "figures" / "retired.png").exists()
    assert "figures/retired.png" not in written(out) and "report.html" in written(out)
    assert (out / "summary.json").is_file() and (out / "figures" / "growth.png").is_file()
    assert [p.name for p in out.iterdir() if p.name.startswith(".pingou-")] == [MANIFEST]


@pytest.mark.parametrize("command", WRITERS)
def test_a_file_pingou_did_not_write_is_never_replaced(tmp_path, capsys, monkeypatch, command):
    """A file of the name the command writes that is not in the manifest is the user's (or
    from release 0.2.0): refused before any work, exit 2, one line naming --out and it."""
    _no_work(monkeypatch)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / WRITES[command]).write_text("the user's own file")
    code, err = _main(WRITERS[command] + ["--out", "out"], capsys)
    line = _one_line(err)
    assert code == 2, err
    assert "--out 'out'" in line and repr(WRITES[command]) in line and "not written by" in line
    assert (out / WRITES[command]).read_text() == "the user's own file"
    assert [p.name for p in out.iterdir()] == [WRITES[command]]


def test_the_writer_itself_replaces_no_file_of_the_users(tmp_path):
    """The last guard, for a file that appears while the command works: the atomic writer
    moves nothing in, and leaves no temporary folder."""
    from sim.outputs.files import NotOurs, atomic_folder

    (tmp_path / "a.txt").write_text("the user's")
    with pytest.raises(NotOurs):
        with atomic_folder(tmp_path) as files:
            files.write_text("b.txt", "new")
            files.write_text("a.txt", "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert (tmp_path / "a.txt").read_text() == "the user's"


# -- Ctrl-C and SIGTERM, in real processes --------------------------------------------------

#: name -> (arguments, signal, to the whole process group (as a terminal's Ctrl-C) or to the
#: main process only (as `kill`), when: "start" as soon as numpy is being loaded (the command's
#: start-up imports; a signal before Python runs any of the package's code, in the interpreter's
#: own start-up, is beyond any program), "days" 4 s after start, "write" when the writer's
#: temporary folder appears, "a run" when a sweep's first run is on disk)
SIGNALS = {
    "run, Ctrl-C at start-up": (["run", "--participants", "20000", "--quiet"],
                                signal.SIGINT, True, "start"),
    "run, SIGTERM during the days": (["run", "--participants", "300000", "--quiet"],
                                     signal.SIGTERM, False, "days"),
    "run, SIGTERM while writing": (["run", "--participants", "100000", "--quiet"],
                                   signal.SIGTERM, False, "write"),
    "run, Ctrl-C while writing, with the progress bar": (["run", "--participants", "100000"],
                                                         signal.SIGINT, True, "write"),
    "sweep on Dask, Ctrl-C": (["sweep", "--seeds", "6", "--participants", "20000", "--workers",
                               "2", "--quiet"], signal.SIGINT, True, "a run"),
    "sweep on Dask, SIGTERM": (["sweep", "--seeds", "6", "--participants", "20000", "--workers",
                                "2", "--quiet"], signal.SIGTERM, False, "a run"),
    "compare, SIGTERM": (["compare", "--policy-set", "policy.crackdown_day=30", "--seeds", "40",
                          "--participants", "20000"], signal.SIGTERM, False, "days"),
}


def _group(pgid: int) -> list[str]:
    """The processes of process group ``pgid`` still running (not zombies), as text."""
    out = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = Path(stat).read_text()
        except OSError:
            continue
        fields = text.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(text[:120])
    return out


def _loading(pid: int, library: str) -> bool:
    """Whether process ``pid`` has begun to load ``library`` (a shared object of it is mapped)."""
    try:
        return library in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


def _interrupt(base: Path, name: str):
    args, sig, to_group, when = SIGNALS[name]
    out = base / name.replace(" ", "_").replace(",", "")
    proc = subprocess.Popen(pingou_cmd(*args, "--out", str(out)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=base, start_new_session=True)
    start = time.monotonic()
    while proc.poll() is None and time.monotonic() - start < 120:
        waited = time.monotonic() - start
        if ((when == "start" and _loading(proc.pid, "numpy")) or (when == "days" and waited > 4)
                or (when == "write" and glob.glob(str(out / ".pingou-*")))
                or (when == "a run" and glob.glob(str(out / "runs" / "*.json")))):
            break
        time.sleep(0.01)
    sent = time.monotonic()
    if proc.poll() is not None:  # done before the signal: the test fails, showing why
        return proc.returncode, proc.communicate()[1].decode(), 0, out, []
    (os.killpg if to_group else os.kill)(proc.pid, sig)
    stdout, stderr = proc.communicate(timeout=60)
    took = time.monotonic() - sent
    deadline = time.monotonic() + 10
    while _group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    # bytes, decoded here: text mode would turn the progress bar's \r into line ends
    return proc.returncode, stderr.decode(), took, out, _group(proc.pid)


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory):
    """Every case of :data:`SIGNALS`, each in its own process, three at a time."""
    base = tmp_path_factory.mktemp("signals")
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {name: pool.submit(_interrupt, base, name) for name in SIGNALS}
        return {name: f.result() for name, f in futures.items()}


@pytest.mark.parametrize("name", SIGNALS)
def test_ctrl_c_and_sigterm_stop_at_once_and_leave_nothing_half_written(interrupted, name):
    code, err, took, out, left = interrupted[name]
    sig = SIGNALS[name][1]
    assert code == (130 if sig == signal.SIGINT else 143), err
    assert "Traceback" not in err, err
    assert err.count("\n") == 1, err  # a progress bar redraws its line with \r only
    line = err.rsplit("\r", 1)[-1].strip()
    assert line.startswith("pingou: interrupted (Ctrl-C)" if sig == signal.SIGINT
                           else "pingou: terminated (SIGTERM)"), err
    assert took < 20, f"took {took:.1f} s to stop"
    assert left == [], f"processes outlived the command: {left}"
    temporary = [p for p in glob.glob(str(out / "**" / ".pingou-*"), recursive=True)
                 if os.path.isdir(p)]
    assert not temporary, ("a temporary folder is left", [list(os.walk(p)) for p in temporary],
                           err)
    if name.startswith("sweep"):  # the runs done are kept, whole, for the rerun
        kept = sorted((out / "runs").glob("*.json"))
        assert kept and f"{len(kept)} of the 6 runs" in line and "resumes" in line, line
        for path in kept:
            assert json.loads(path.read_text())["ledger_imbalance_fen"] == 0
        assert json.loads((out / "sweep.json").read_text())["seeds"] == list(range(6))
        assert not (out / "results.csv").exists()
    else:  # nothing was written, and the folder the write would have made is gone too
        assert not out.exists(), sorted(out.rglob("*"))


# -- a full disk, through every command that writes ---------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs of a given size in KiB, unmounted afterwards (root only, as in CI)."""
    if os.geteuid() != 0:
        pytest.skip("a full disk needs a small tmpfs, which only root can mount (CI runs as "
                    "root)")
    mounted = []

    def make(kib: int) -> Path:
        where = tmp_path / f"disk{len(mounted)}"
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(where)],
                              capture_output=True, text=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(where)
        return where

    yield make
    for where in mounted:
        subprocess.run(["umount", str(where)], check=True)


#: case -> (command, tmpfs size in KiB (a file takes whole 4 KiB pages), runs left whole)
FULL = {
    "run": ("run", 64, 0),
    "draw": ("draw", 8, 0),
    "compare": ("compare", 4, 0),
    "compare, no room left for the manifest": ("compare", 8, 0),
    "sweep, before any run": ("sweep", 12, 0),
    "sweep, after one run": ("sweep", 28, 1),
}


@pytest.mark.parametrize("case", FULL)
def test_a_full_disk_is_one_line_and_leaves_nothing_half_written(small_disk, capsys, case):
    command, kib, kept = FULL[case]
    disk = small_disk(kib)
    out = disk / "out" / "here"
    argv = WRITERS[command] + ["--out", str(out)]
    if command == "sweep":
        argv = ["sweep", "--seeds", "3", "--participants", "50", "--days", "5", "--workers", "0",
                "--quiet", "--out", str(out)]
    code, err = _main(argv, capsys)
    line = _one_line(err)
    assert code == 1, err
    assert f"--out {str(out)!r}" in line and "No space left on device" in line, line
    left = sorted(p.relative_to(disk).as_posix() for p in disk.rglob("*"))
    if not kept:
        assert left == [], left
    else:
        runs = [p for p in left if p.startswith("out/here/runs/")]
        assert len(runs) == kept and f"{kept} of the 3 runs is done" in line, (left, line)
        assert set(left) == {"out", "out/here", "out/here/.pingou-manifest", "out/here/runs",
                             "out/here/sweep.json", *runs}, left
        for name in runs + ["out/here/sweep.json"]:
            json.loads((disk / name).read_text())  # whole


# -- memory ---------------------------------------------------------------------------------


def test_a_run_too_large_for_the_memory_is_refused_before_it_starts(tmp_path, capsys,
                                                                      monkeypatch):
    """Against each kind of limit: the line names --participants and its value, gives the
    estimate and the memory available under that limit, and how many members would fit."""
    import sim.api

    _no_work(monkeypatch)
    monkeypatch.chdir(tmp_path)
    for limit in (sim.api.MemoryLimit(2**30, "the physical memory available"),
                  sim.api.MemoryLimit(2**30, "the cgroup limit of 1.00 GiB less 0 in use"),
                  sim.api.MemoryLimit(2**30, "the address-space limit (RLIMIT_AS)", True)):
        monkeypatch.setattr(sim.api, "memory_limits", lambda: [limit])
        code, err = _main(["run", "--participants", "2000000", "--quiet"], capsys)
        line = _one_line(err)
        assert code == 2, err
        need = sim.api.memory_needed(sim.load("quanmin-pingou", participants=2_000_000)).total
        if limit.per_process:
            need *= sim.api.ADDRESS_SPACE_PER_BYTE
        assert "--participants" in line and "2,000,000" in line, line
        assert f"needs about {need / 2**30:.2f} GiB" in line and "1.00 GiB is available" in line
        assert limit.what in line and "at most about" in line and "members would fit" in line
        fits = int(line.split("at most about ")[1].split()[0].replace(",", ""))
        assert 0 < fits < 2_000_000
    assert list(tmp_path.iterdir()) == []


def test_the_same_run_starts_when_it_fits(tmp_path, capsys, monkeypatch):
    """The control: a limit above the estimate lets the run go on."""
    import sim.api

    monkeypatch.setattr(sim.api, "memory_limits",
                        lambda: [sim.api.MemoryLimit(64 * 2**30, "the physical memory")])
    monkeypatch.chdir(tmp_path)
    assert _main(WRITERS["run"] + ["--out", "out"], capsys)[0] == 0


def test_under_ulimit_v_a_large_run_is_refused_not_crashed(tmp_path):
    """A real address-space limit of 1.6 GB (a small machine): 2,000,000 members would need
    about twice that; refused at once with the limit in the line."""
    limit = 1_600_000_000

    def small_machine():
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))

    done = subprocess.run(pingou_cmd("run", "--participants", "2000000", "--quiet", "--out",
                                     str(tmp_path / "out")),
                          capture_output=True, text=True, timeout=120, preexec_fn=small_machine)
    line = _one_line(done.stderr)
    assert done.returncode == 2, done.stderr
    assert "--participants" in line and "RLIMIT_AS" in line and "address space" in line, line
    assert not (tmp_path / "out").exists()


def test_memory_running_out_part_way_is_one_line(tmp_path, capsys, monkeypatch):
    """An allocation that fails anyway (the estimate is an estimate): exit 1, one line."""
    import sim.engine.model

    def too_big(self, *args, **kwargs):
        raise MemoryError("Unable to allocate 7.45 GiB for an array with shape (1000000000,) "
                          "and data type int64")

    monkeypatch.setattr(sim.engine.model.SchemeModel, "run", too_big)
    monkeypatch.chdir(tmp_path)
    code, err = _main(WRITERS["run"] + ["--out", "out"], capsys)
    line = _one_line(err)
    assert code == 1 and "out of memory" in line and "7.45 GiB" in line, err
    assert list(tmp_path.iterdir()) == []


#: what makes a run large -> (overrides, words of the field in the line)
LARGE = {
    "members": (["run.participants=50000000"], "--participants (run.participants) 50,000,000"),
    "seats": (["behaviour.seats_per_day=1000", "draw.daily_cap=1000"], "seats a day"),
    "funnel": (["funnel.enabled=true", "funnel.regions=1000", "funnel.group_size=1000000",
                "funnel.conversion=1"], "funnel intake of 1,000,000,000 people"),
}


@pytest.mark.parametrize("what", LARGE)
def test_the_estimate_names_what_makes_a_run_large(what):
    """The estimate grows with what drives the memory (members, the busiest day's seats, the
    funnel's weekly intake), names it, and inverts: the population it says fits does."""
    import sim
    from sim.api import memory_needed

    overrides, words = LARGE[what]
    # well mixed, so that the network's build (its own test) does not set the base
    plain = ['network.kind="well-mixed"']
    base = memory_needed(sim.load("quanmin-pingou", plain))
    need = memory_needed(sim.load("quanmin-pingou", plain + overrides))
    assert need.total > 20 * base.total and words in need.cause()
    assert need.members_that_fit(need.total) >= need.members
    assert need.members_that_fit(need.total // 2) < need.members


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_a_cgroup_limit_is_read_without_its_file_cache(tmp_path, version):
    """A container's limit (cgroup v1 or v2), less what its processes use, reclaimable file
    cache not counted; a level without a limit is skipped."""
    from sim.api import _cgroup_limits

    gib = 2**30
    if version == "v2":
        (tmp_path / "proc").write_text("0::/box/job\n")
        job, top = tmp_path / "fs" / "box" / "job", tmp_path / "fs" / "box"
        files = {"memory.max": "max", "memory.current": str(gib), "memory.stat":
                 "anon 1\ninactive_file 0\n"}
        top_files = {"memory.max": str(4 * gib), "memory.current": str(3 * gib),
                     "memory.stat": f"anon 1\ninactive_file {gib}\n"}
    else:
        (tmp_path / "proc").write_text("4:memory:/box/job\n3:cpu:/elsewhere\n")
        job, top = tmp_path / "fs" / "memory" / "box" / "job", tmp_path / "fs" / "memory" / "box"
        files = {"memory.limit_in_bytes": str(2**63 - 4096), "memory.usage_in_bytes": str(gib)}
        top_files = {"memory.limit_in_bytes": str(4 * gib),
                     "memory.usage_in_bytes": str(3 * gib),
                     "memory.stat": f"cache 5\ntotal_inactive_file {gib}\n"}
    for folder, content in ((job, files), (top, top_files)):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in content.items():
            (folder / name).write_text(text)
    limits = _cgroup_limits(str(tmp_path / "proc"), str(tmp_path / "fs"))
    assert [lim.free for lim in limits] == [2 * gib], limits  # 4 GiB - (3 - 1 of file cache)
    assert "cgroup limit of 4.00 GiB" in limits[0].what


def test_a_sweep_too_large_for_its_workers_takes_fewer(monkeypatch):
    """One worker per core by default, but no more than fit in memory side by side; asked
    for more than fit (--workers), refused."""
    import sim.api
    from sim.commands import sweep as command
    from sim.commands.cli import UsageError
    from sim.experiments import sweep

    spec = sweep.build_spec("quanmin-pingou", seeds=1, participants=1000, days=10)
    room = (spec.memory.total + command.WORKER_MEMORY) * 3 + 1
    monkeypatch.setattr(sim.api, "memory_limits", lambda: [sim.api.MemoryLimit(room, "RAM")])
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert command._workers_that_fit(spec, None) == 3
    assert command._workers_that_fit(spec, 2) == 2
    with pytest.raises(UsageError, match="4 at once"):
        command._workers_that_fit(spec, 4)


def test_a_failed_check_for_space_is_a_failed_write(tmp_path, capsys, monkeypatch):
    """No room even for the check's empty folder: exit 1 (the input was fine), not 2."""
    mkdir = Path.mkdir

    def full(self, *args, **kwargs):
        if self.name.startswith(".pingou-check."):
            raise OSError(errno.ENOSPC, "No space left on device")
        return mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", full)
    _no_work(monkeypatch)
    monkeypatch.chdir(tmp_path)
    code, err = _main(WRITERS["run"] + ["--out", "out"], capsys)
    assert code == 1 and "No space left on device" in _one_line(err), err


def test_the_files_checked_before_a_run_are_the_files_it_writes():
    """``pingou run`` checks the names of :func:`sim.api.output_names` before the run; a
    figure added without it would replace a user's file unchecked."""
    import sim
    from sim.api import output_names

    result = sim.run("quanmin-pingou", participants=50, days=3)
    assert list(result.files()) == output_names()


def test_a_sweep_at_its_limit_keeps_its_run_keys():
    """The keys of a sweep's runs (its resume) are hashed faster, the same keys as before."""
    from sim.experiments import sweep

    spec = sweep.build_spec("quanmin-pingou", grid=["draw.winners=1,3",
                                                    "recruitment.stall_day=none,30"],
                            seeds=3, participants=1000, days=10)
    runs = spec.runs()
    assert len({r["key"] for r in runs}) == 12
    assert all(r["key"] == sweep.run_key(spec, r["params"], r["seed"]) for r in runs)


@pytest.mark.parametrize("kind", ["clustered", "random"])
def test_the_estimate_counts_the_network_and_holds_for_one_built(kind):
    """A network adds what building it takes (sim.engine.network.peak_bytes_estimate) to the
    estimate, and is named when it is what makes the run large; the estimate holds: building
    it in a fresh process raises the peak resident memory by less than it says."""
    import sim
    from sim.api import memory_needed
    from sim.engine.network import peak_bytes_estimate

    n = 200_000
    plain = memory_needed(sim.load("quanmin-pingou", participants=n))
    need = memory_needed(sim.load("quanmin-pingou", [f"network.kind={kind}",
                                                     "network.mean_contacts=60"], participants=n))
    assert need.total >= peak_bytes_estimate(kind, n, 60) > 0
    assert need.total > plain.total and f"a {kind} network of 200,000 people" in need.cause()
    assert need.members_that_fit(need.total) >= n > need.members_that_fit(need.total // 2)
    # the peak resident memory of this process's own memory map (VmHWM), not ru_maxrss:
    # Linux carries that over from the parent across exec, so a large pytest hides the growth
    script = (f"from sim.engine import network; "
              f"hwm = lambda: int(next(line for line in open('/proc/self/status') "
              f"if line.startswith('VmHWM:')).split()[1]) * 1024; "
              f"before = hwm(); "
              f"net = network.build({kind!r}, {n}, mean_contacts=60, seed=1); "
              f"print(hwm() - before)")
    grew = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True).stdout)
    assert 0 < grew < peak_bytes_estimate(kind, n, 60), grew
