"""The three-line API: ``sim.run(...)`` returns a :class:`Result`.

>>> import sim
>>> result = sim.run("quanmin-pingou", participants=2_000, days=120, seed=1)
>>> result.summary["ledger_imbalance_fen"]
0
"""

from __future__ import annotations

import io
import json
import math
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from sim.analysis import who_lost as analysis
from sim.engine.model import DAILY_COLUMNS, SchemeModel
from sim.outputs.files import atomic_folder
from sim.scheme.scenario import Scenario


@dataclass
class Result:
    """What one run produced: the tables behind every output file."""

    scenario: Scenario
    summary: dict
    daily: pd.DataFrame
    participants: pd.DataFrame
    cohorts: pd.DataFrame
    model: SchemeModel = field(repr=False)
    #: With ``pingou run --seeds K`` (:mod:`sim.experiments.ranges`): the ranges over the K
    #: runs, which the report and the timeline figures show; None for one run.
    ranges: object = field(default=None, repr=False)

    @classmethod
    def from_model(cls, model: SchemeModel) -> "Result":
        daily = pd.DataFrame(model.rows, columns=list(DAILY_COLUMNS))
        parts = analysis.participants_table(model)
        return cls(scenario=model.scenario, summary=analysis.summary_dict(model, daily, parts),
                   daily=daily, participants=parts, cohorts=analysis.cohorts_table(parts),
                   model=model)

    @property
    def contacts(self) -> pd.DataFrame:
        """Who lost by number of contacts and by contacts still outside at joining
        (:func:`sim.analysis.who_lost.contacts_table`; the columns only when well mixed)."""
        return analysis.contacts_table(self.participants,
                                       well_mixed=self.scenario.network.kind == "well-mixed")

    def plot(self):
        """The report's main figures, as a dict of name -> matplotlib Figure."""
        from sim.outputs.plots import FIGURES  # not at the top: see _outputs

        return {name: fn(self) for name, fn in FIGURES.items()}

    # -- files ----------------------------------------------------------------------------
    def files(self, lang: str = "en", figures: str = "png") -> dict[str, bytes]:
        """Every output file's name and exact bytes (same scenario and seed, same bytes).

        CSV files are UTF-8 without a byte-order mark, with a header row; every money column
        ``X_fen`` has an ``X_yuan`` twin right after it. ``lang`` ("en" or "zh") is the
        language of the report and its figures; ``figures`` the figures' files: "png" (the
        default), "svg" or "both" (the report embeds PNG whatever it is). :meth:`save` writes
        the same bytes, but streams the CSV files to disk instead of holding them in memory.
        """
        out: dict[str, bytes] = {}
        for name, write in self._outputs(lang, figures):
            buf = io.BytesIO()
            write(buf)
            out[name] = buf.getvalue()
        return out

    def _outputs(self, lang: str, figures: str = "png"):
        """``(file name, writer)`` pairs in the order they are made; ``writer(binary_file)``
        writes that file's bytes. The figures are made once and also go into the report."""
        # imported here, not at the top: matplotlib and jinja2 take half a second to import,
        # and ``import sim``, which every pingou command does, needs neither
        from sim.outputs.plots import FIGURE_FORMATS, render_figures
        from sim.outputs.report import render_report

        summary = (json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n").encode()
        yield "summary.json", lambda f: f.write(summary)
        for name in TABLES:
            yield f"{name}.csv", lambda f, table=getattr(self, name): write_csv(table, f)
        wanted = FIGURE_FORMATS[figures]
        drawn = render_figures(self, lang=lang, formats=tuple(dict.fromkeys(("png", *wanted))))
        for fmt in wanted:
            for name, data in drawn[fmt].items():
                yield f"figures/{name}.{fmt}", lambda f, data=data: f.write(data)
        pngs = drawn["png"]
        yield "report.html", lambda f: f.write(render_report(self, pngs, lang=lang).encode())

    def save(self, out_dir: str | os.PathLike, lang: str = "en", figures: str = "png") -> Path:
        """Write every file into ``out_dir``, whole or not at all (:func:`atomic_folder`: a
        failure leaves no half-written output). A file there of the same name that pingou did
        not write is not replaced (:class:`sim.outputs.files.NotOurs`); figures an earlier run
        left there and this one does not make are removed, and nothing else."""
        out_dir = Path(out_dir)
        with atomic_folder(out_dir, stale=("figures/*.png", "figures/*.svg")) as staged:
            for name, write in self._outputs(lang, figures):
                with staged.open(name) as f:
                    write(f)
        return out_dir


#: The tables of a run written as CSV files, in the order :meth:`Result.save` writes them.
TABLES = ("daily", "participants", "cohorts", "contacts")


def output_names(figures: str = "png") -> list[str]:
    """The files :meth:`Result.save` writes (relative to the output folder), in its order,
    known before the run, so that a command can check the folder first."""
    from sim.outputs.plots import FIGURE_FORMATS, FIGURES  # not at the top: see _outputs

    return (["summary.json"] + [f"{name}.csv" for name in TABLES]
            + [f"figures/{name}.{fmt}" for fmt in FIGURE_FORMATS[figures] for name in FIGURES]
            + ["report.html"])


CSV_CHUNK_ROWS = 131_072
"""Rows converted and written at a time, so a million-member table is never held as text."""


def write_csv(df: pd.DataFrame, sink) -> None:
    """Write ``df`` to the binary file ``sink`` as CSV: UTF-8 (no byte-order mark), a header
    row, Unix line ends, no index. Beside every money column ``X_fen`` (integer fen) comes
    ``X_yuan``, the same amount in yuan with exactly two decimals, for spreadsheets and chart
    tools. Missing values are empty cells; text is quoted only where it holds a comma, a
    quote or a line end. Floats are written in their shortest exact form (``0``, ``0.5``).

    The table is converted and written by Arrow in chunks of :data:`CSV_CHUNK_ROWS` rows,
    the yuan text made by Arrow's compute kernels: no Python loop over rows. A second thread
    converts the next chunk while this one is written (both run in Arrow and numpy, which let
    go of the interpreter's lock), so a large table keeps both of two cores busy; the bytes
    are the same."""
    quoting = "none"
    for name in df.columns:  # text that would need quotes anywhere: quote text everywhere
        column = df[name]
        if column.dtype.kind in "OSUT" or isinstance(column.dtype, (pd.StringDtype,
                                                                        pd.CategoricalDtype)):
            text = pa.array(column.astype("string"), type=pa.large_string())
            if pc.any(pc.match_substring_regex(text, r'[,"\r\n]')).as_py():
                quoting = "needed"
    # batch_size: rows Arrow formats at a time; 8,192 writes the same bytes as its default
    # 1,024 in about 60% of the time
    options = pacsv.WriteOptions(include_header=True, quoting_style=quoting,
                                 quoting_header="none", batch_size=8192)
    starts = range(0, max(len(df), 1), CSV_CHUNK_ROWS)
    if len(starts) == 1:  # one chunk: nothing to overlap
        batch = _arrow_with_yuan(df)
        with pacsv.CSVWriter(sink, batch.schema, write_options=options) as writer:
            writer.write_table(batch)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pingou-csv") as ahead:
        convert = ahead.submit(_arrow_with_yuan, df.iloc[:CSV_CHUNK_ROWS])
        writer = None
        try:
            for start in starts:
                batch = convert.result()
                after = start + CSV_CHUNK_ROWS
                if after < len(df):
                    convert = ahead.submit(_arrow_with_yuan, df.iloc[after:after + CSV_CHUNK_ROWS])
                if writer is None:
                    writer = pacsv.CSVWriter(sink, batch.schema, write_options=options)
                writer.write_table(batch)
        finally:  # an error or Ctrl-C: the chunk under way is dropped
            convert.cancel()
        writer.close()


def _arrow_with_yuan(df: pd.DataFrame) -> pa.Table:
    columns, names = [], []
    for name in df.columns:
        values = df[name]
        if values.dtype.kind in "OSUT" or isinstance(values.dtype, (pd.StringDtype,
                                                                        pd.CategoricalDtype)):
            array = pa.array(values.astype("string"), type=pa.string())
        else:
            array = pa.Array.from_pandas(values)
        columns.append(array)
        names.append(str(name))
        if str(name).endswith("_fen") and name[:-4] + "_yuan" not in df.columns:
            columns.append(_yuan_arrow(array))
            names.append(name[:-4] + "_yuan")
    return pa.table(columns, names=names)


def _yuan_arrow(fen: pa.Array) -> pa.Array:
    """Integer fen as exact yuan text with two decimals: -123456 -> '-1234.56'; null stays
    null. Integer arithmetic only, so any int64 amount is exact.

    Without nulls the fen are read as the unscaled values of a two-decimal Arrow decimal
    (16 bytes each: the int64 and its sign extension), which Arrow writes as this text in one
    cast; with nulls, or with -2**63 (whose magnitude is no int64: refused, as always), the
    text is made from the parts."""
    fen = pc.cast(fen, pa.int64())
    if fen.null_count == 0:
        values = fen.to_numpy(zero_copy_only=False)
        if values.size == 0 or values.min() > np.iinfo(np.int64).min:
            words = np.empty((values.size, 2), dtype=np.int64)
            words[:, 0] = values
            words[:, 1] = values >> 63  # two's complement: -1 above a negative amount
            if sys.byteorder != "little":  # pragma: no cover - Arrow's buffers are little-endian
                words = words.astype("<i8")
            decimal = pa.Array.from_buffers(pa.decimal128(19, 2), values.size,
                                            [None, pa.py_buffer(words)])
            return pc.cast(decimal, pa.string())
    magnitude = pc.abs_checked(fen)
    whole = pc.divide(magnitude, 100)  # integer division: both are integers
    cents = pc.subtract(magnitude, pc.multiply(whole, 100))
    sign = pc.if_else(pc.less(fen, 0), "-", "")
    return pc.binary_join_element_wise(sign, pc.cast(whole, pa.string()), ".",
                                       pc.utf8_lpad(pc.cast(cents, pa.string()), 2, "0"), "")


def with_yuan(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with an ``X_yuan`` column (text, two decimals; empty where the amount
    is missing) right after each ``X_fen`` column, as in the CSV files."""
    columns = {}
    for name in df.columns:
        columns[name] = df[name]
        if name.endswith("_fen") and name[:-4] + "_yuan" not in df.columns:
            columns[name[:-4] + "_yuan"] = _yuan_text(df[name])
    return pd.DataFrame(columns, index=df.index)


def _yuan_text(fen: pd.Series) -> pd.Series:
    """Integer fen as exact yuan text with two decimals: -123456 -> '-1234.56'; missing
    amounts become empty text."""
    text = _yuan_arrow(pa.Array.from_pandas(fen)).fill_null("")
    return pd.Series(text.to_numpy(zero_copy_only=False), index=fen.index, dtype="object")


def run(scenario: "str | Scenario" = "quanmin-pingou", *, participants: int | None = None,
        days: int | None = None, seed: int | None = None, overrides=(), progress=None) -> Result:
    """Run a scenario (preset name, TOML path or :class:`Scenario`) and return its Result.

    ``overrides`` are ``"section.field=value"`` strings, as ``pingou run --set``.
    ``progress``, if given, is called with the number of days done after each day.
    """
    model = SchemeModel(scenario, participants=participants, days=days, seed=seed,
                        overrides=overrides)
    model.run(progress=progress)
    return Result.from_model(model)


# ----------------------------------------------------------------------------------------
# Memory: what a run needs, and what this machine can give (checked before a command starts)
# ----------------------------------------------------------------------------------------

MiB = 2**20
GiB = 2**30

#: Bytes a run needs beyond a process that has imported ``sim``, calibrated on the peak
#: resident memory of ``pingou run`` (``/usr/bin/time -v``, Linux, numpy 2.4) at 1,000 to
#: 1,000,000 members, 30 to 3,650 days and 1 to 100 seats per member a day, every member
#: joining (``recruitment.conversion=1``, ``invite_rate=100``, no stall), each figure rounded
#: up. The peak comes either while the days run (the member arrays and the busiest day's seats)
#: or while the tables, figures and files are made (the member arrays and the participants
#: table), whichever is higher. Measured, MiB over the 153 MiB of the import (estimate): 1M
#: members over 120 days 1,008 (1,048); 400k 476 (504); 100k 205 (232); 100k at 100 seats a
#: day 1,795 (1,939), at 50 seats 937 (986), at 10 seats 221 (231); 1,000 members over 3,650
#: days 178 (198); the default preset at 1M over 365 days, where a third never join, 832
#: (1,052). The funnel's term is the size of the arrays it draws a week's converts in.
MEMORY_FIXED = 140 * MiB  # the figures and the report (matplotlib), whatever the run's size
MEMORY_PER_MEMBER_RUN = 330  # member arrays and the ledger's per-member accounts, per member
MEMORY_PER_MEMBER_OUT = 950  # the same, plus the participants table and its CSV, per member
MEMORY_PER_SEAT = 200  # one seat of the busiest day: the queue and the draw's work arrays
MEMORY_PER_DAY = 16 * 1024  # one day's row of daily.csv and the day's history
MEMORY_PER_CONVERT = 40  # one convert of the funnel's weekly intake, as the engine draws it
#: Address space a run maps per byte of the estimate: what counts against ``ulimit -v``
#: (RLIMIT_AS) is more than the resident memory (arrays made for the whole population, the
#: heap's free space, threads' stacks). Measured under a 1.6 GB limit (0.97 GiB free after
#: the import), every member joining: 600,000 members ran, 700,000 did not (estimates 0.67
#: and 0.76 GiB); so 1.4.
ADDRESS_SPACE_PER_BYTE = 1.4


@dataclass
class MemoryNeed:
    """What one run needs (:attr:`total`, bytes), from the sizes that drive it."""

    members: int  # the addressable population: the member arrays are made for all of it
    seats_per_member: float  # seats a member takes on the busiest day, at most
    converts: int  # the funnel's intake of one week (0 without the funnel)
    days: int
    network_peak: int = 0  # building the social network, at its peak (0: well-mixed)
    # the network's arrays once built, and what members see (sim.engine.seen), held through
    # the days
    network_kept: int = 0
    network_kind: str = "well-mixed"
    mean_contacts: float = 0.0

    @property
    def seats(self) -> int:
        """The most seats one day can hold."""
        return int(self.members * self.seats_per_member)

    @property
    def total(self) -> int:
        while_days_run = (self.members * MEMORY_PER_MEMBER_RUN + self.seats * MEMORY_PER_SEAT
                          + self.converts * MEMORY_PER_CONVERT + self.network_kept)
        # the model, and so its network, is still held while the files are made
        while_files_are_made = (MEMORY_FIXED + self.members * MEMORY_PER_MEMBER_OUT
                                + self.network_kept)
        return int(max(while_days_run, while_files_are_made, self.network_peak)
                   + self.days * MEMORY_PER_DAY)

    def cause(self) -> str:
        """What makes the run large, in words naming the fields: the biggest of its parts."""
        parts = {
            f"--participants (run.participants) {self.members:,}":
                self.members * MEMORY_PER_MEMBER_OUT,
            f"up to {self.seats:,} seats a day ({self.members:,} members x "
            f"{self.seats_per_member:g}: behaviour.seats_per_day + shopping_gold_hook, at most "
            f"draw.daily_cap)": self.seats * MEMORY_PER_SEAT,
            f"a funnel intake of {self.converts:,} people a week (funnel.regions x group_size x "
            f"new_fraction x conversion)": self.converts * MEMORY_PER_CONVERT,
            f"--days (run.days) {self.days:,}": self.days * MEMORY_PER_DAY,
            f"a {self.network_kind} network of {self.members:,} people with "
            f"{self.mean_contacts:g} contacts each on average (network.kind, "
            f"network.mean_contacts)": max(self.network_peak, self.network_kept),
        }
        return max(parts, key=parts.get)

    def members_that_fit(self, free: int) -> int:
        """The largest population that would fit in ``free`` bytes, all else the same."""
        room = free - self.days * MEMORY_PER_DAY
        per_network = (max(self.network_peak, self.network_kept) / self.members
                       if self.members else 0.0)  # both grow with the population
        per_member_run = (MEMORY_PER_MEMBER_RUN + self.seats_per_member * MEMORY_PER_SEAT
                          + self.network_kept / max(self.members, 1))
        return max(0, int(min((room - self.converts * MEMORY_PER_CONVERT) / per_member_run,
                              (room - MEMORY_FIXED)
                              / (MEMORY_PER_MEMBER_OUT + self.network_kept / max(self.members, 1)),
                              room / per_network if per_network else math.inf)))


def memory_needed(scenario: Scenario) -> MemoryNeed:
    """An upper estimate of the memory one run of ``scenario`` needs (see the constants above
    for how it was measured): every member of the population may join, and on the busiest day
    each takes the seats of a fully trusting member (the mean of the Poisson draw, at most the
    daily cap)."""
    b, f = scenario.behaviour, scenario.funnel
    converts = int(f.regions * int(f.group_size * f.new_fraction) * f.conversion) if f.enabled else 0
    n, net = scenario.run.participants, scenario.network
    peak = kept = 0
    if net.kind != "well-mixed":
        from sim.engine.network import peak_bytes_estimate

        peak = peak_bytes_estimate(net.kind, n, net.mean_contacts)
        # Network.nbytes (the CSR arrays), and a refusal flag per link when remembered
        kept = int(8 * n + (5 if net.refusals == "remembered" else 4) * n * net.mean_contacts)
        if net.local_trust:  # sim.engine.seen.ContactTally: two int32 counts per person
            kept += 8 * n
    if b.newcomers_watched == "downline":  # sim.engine.seen.DownlineWatch: two int32 a member
        kept += 8 * n
    return MemoryNeed(members=n,
                      seats_per_member=min(scenario.draw.daily_cap,
                                           b.seats_per_day + b.shopping_gold_hook),
                      converts=converts, days=scenario.run.days, network_peak=peak,
                      network_kept=kept, network_kind=net.kind,
                      mean_contacts=float(net.mean_contacts))


@dataclass
class MemoryLimit:
    """How much more memory can be had (bytes, :attr:`free`) under one limit, in words
    (:attr:`what`); ``per_process`` limits (the address-space limit) apply to each process
    alone, the others to all the processes of this machine or container together."""

    free: int
    what: str
    per_process: bool = False


def memory_limits() -> list[MemoryLimit]:
    """Every limit on the memory this process and its children can still take: the physical
    memory available (``MemAvailable``), each cgroup memory limit above this process less what
    its processes use (reclaimable file cache not counted), and the soft ``RLIMIT_AS`` and
    ``RLIMIT_DATA`` limits less what this process already maps. Linux; elsewhere only the
    ``resource`` limits are known."""
    out = []
    meminfo = _read_kib("/proc/meminfo", "MemAvailable:")
    if meminfo is not None:
        out.append(MemoryLimit(meminfo, "the physical memory available"))
    out += _cgroup_limits()
    try:
        import resource
    except ImportError:  # not on a POSIX system
        return out
    for name, what, used in (("RLIMIT_AS", "address-space", "VmSize:"),
                             ("RLIMIT_DATA", "data", "VmData:")):
        soft, _ = resource.getrlimit(getattr(resource, name))
        if soft != resource.RLIM_INFINITY and soft >= 0:
            mapped = _read_kib("/proc/self/status", used) or 0
            out.append(MemoryLimit(max(soft - mapped, 0),
                                   f"the {what} limit ({name}, ulimit) of {soft / GiB:.2f} GiB "
                                   f"less the {mapped / GiB:.2f} GiB this process maps",
                                   per_process=True))
    return out


def _read_kib(path: str, key: str) -> int | None:
    """The ``key`` line of a ``/proc`` file in bytes (its figure is in kB)."""
    try:
        with open(path, encoding="ascii") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _cgroup_limits(membership: str = "/proc/self/cgroup",
                   mount: str = "/sys/fs/cgroup") -> list[MemoryLimit]:
    """The memory limits of the cgroups this process is in (``membership``), v2
    (``memory.max``) or v1 (``memory.limit_in_bytes``, under ``mount``/memory), at its own
    level and every level above it that is visible."""
    try:
        with open(membership, encoding="ascii") as f:
            lines = f.read().splitlines()
    except OSError:
        return []
    out, seen = [], set()
    for line in lines:
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if controllers == "":  # v2
            root, limit, usage, inactive = (Path(mount), "memory.max", "memory.current",
                                            "inactive_file")
        elif "memory" in controllers.split(","):  # v1
            root, limit, usage, inactive = (Path(mount) / "memory", "memory.limit_in_bytes",
                                            "memory.usage_in_bytes", "total_inactive_file")
        else:
            continue
        here = root / path.lstrip("/")
        for folder in (here, *here.parents):  # a container may show only its own level
            if folder != root and root not in folder.parents or folder in seen:
                continue
            seen.add(folder)
            try:
                cap = (folder / limit).read_text().strip()
                used = int((folder / usage).read_text())
            except (OSError, ValueError):
                continue
            if cap == "max" or int(cap) >= 2**60:  # no limit at this level
                continue
            stat = {}
            try:
                for row in (folder / "memory.stat").read_text().splitlines():
                    key, _, value = row.partition(" ")
                    stat[key] = int(value)
            except (OSError, ValueError):
                pass
            used -= min(stat.get(inactive, 0), used)
            out.append(MemoryLimit(max(int(cap) - used, 0),
                                   f"the cgroup limit of {int(cap) / GiB:.2f} GiB less the "
                                   f"{used / GiB:.2f} GiB in use"))
    return out
