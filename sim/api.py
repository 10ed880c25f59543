"""The three-line API: ``sim.run(...)`` returns a :class:`Result`.

>>> import sim
>>> result = sim.run("quanmin-pingou", participants=2_000, days=120, seed=1)
>>> result.summary["ledger_imbalance_fen"]
0
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

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

    @classmethod
    def from_model(cls, model: SchemeModel) -> "Result":
        daily = pd.DataFrame(model.rows, columns=list(DAILY_COLUMNS))
        parts = analysis.participants_table(model)
        return cls(scenario=model.scenario, summary=analysis.summary_dict(model, daily, parts),
                   daily=daily, participants=parts, cohorts=analysis.cohorts_table(parts),
                   model=model)

    def plot(self):
        """The report's main figures, as a dict of name -> matplotlib Figure."""
        from sim.outputs.plots import FIGURES  # not at the top: see _outputs

        return {name: fn(self) for name, fn in FIGURES.items()}

    # -- files ----------------------------------------------------------------------------
    def files(self, lang: str = "en") -> dict[str, bytes]:
        """Every output file's name and exact bytes (same scenario and seed, same bytes).

        CSV files are UTF-8 without a byte-order mark, with a header row; every money column
        ``X_fen`` has an ``X_yuan`` twin right after it. ``lang`` ("en" or "zh") is the
        language of the report and its figures. :meth:`save` writes the same bytes, but
        streams the CSV files to disk instead of holding them in memory.
        """
        out: dict[str, bytes] = {}
        for name, write in self._outputs(lang):
            buf = io.BytesIO()
            write(buf)
            out[name] = buf.getvalue()
        return out

    def _outputs(self, lang: str):
        """``(file name, writer)`` pairs in the order they are made; ``writer(binary_file)``
        writes that file's bytes. The figures are made once and also go into the report."""
        # imported here, not at the top: matplotlib and jinja2 take half a second to import,
        # and ``import sim``, which every pingou command does, needs neither
        from sim.outputs.plots import render_pngs
        from sim.outputs.report import render_report

        summary = (json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n").encode()
        yield "summary.json", lambda f: f.write(summary)
        for name in ("daily", "participants", "cohorts"):
            yield f"{name}.csv", lambda f, table=getattr(self, name): write_csv(table, f)
        pngs = render_pngs(self, lang=lang)
        for name, png in pngs.items():
            yield f"figures/{name}.png", lambda f, png=png: f.write(png)
        yield "report.html", lambda f: f.write(render_report(self, pngs, lang=lang).encode())

    def save(self, out_dir: str | os.PathLike, lang: str = "en") -> Path:
        """Write every file into ``out_dir``, whole or not at all (:func:`atomic_folder`: a
        failure leaves no half-written output). Figures an earlier run left there and this one
        does not make are removed."""
        out_dir = Path(out_dir)
        with atomic_folder(out_dir, stale=("figures/*.png",)) as staged:
            for name, write in self._outputs(lang):
                with staged.open(name) as f:
                    write(f)
        return out_dir


CSV_CHUNK_ROWS = 131_072
"""Rows converted and written at a time, so a million-member table is never held as text."""


def write_csv(df: pd.DataFrame, sink) -> None:
    """Write ``df`` to the binary file ``sink`` as CSV: UTF-8 (no byte-order mark), a header
    row, Unix line ends, no index. Beside every money column ``X_fen`` (integer fen) comes
    ``X_yuan``, the same amount in yuan with exactly two decimals, for spreadsheets and chart
    tools. Missing values are empty cells; text is quoted only where it holds a comma, a
    quote or a line end. Floats are written in their shortest exact form (``0``, ``0.5``).

    The table is converted and written by Arrow in chunks of :data:`CSV_CHUNK_ROWS` rows,
    the yuan text made by Arrow's compute kernels: no Python loop over rows."""
    quoting = "none"
    for name in df.columns:  # text that would need quotes anywhere: quote text everywhere
        column = df[name]
        if column.dtype.kind in "OSUT" or isinstance(column.dtype, (pd.StringDtype,
                                                                        pd.CategoricalDtype)):
            text = pa.array(column.astype("string"), type=pa.large_string())
            if pc.any(pc.match_substring_regex(text, r'[,"\r\n]')).as_py():
                quoting = "needed"
    options = pacsv.WriteOptions(include_header=True, quoting_style=quoting,
                                 quoting_header="none")
    writer = None
    for start in range(0, max(len(df), 1), CSV_CHUNK_ROWS):
        batch = _arrow_with_yuan(df.iloc[start:start + CSV_CHUNK_ROWS])
        if writer is None:
            writer = pacsv.CSVWriter(sink, batch.schema, write_options=options)
        writer.write_table(batch)
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
    null. Integer arithmetic only, so any int64 amount is exact."""
    fen = pc.cast(fen, pa.int64())
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
