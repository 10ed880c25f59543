"""The three-line API: ``sim.run(...)`` returns a :class:`Result`.

>>> import sim
>>> result = sim.run("quanmin-pingou", participants=2_000, days=120, seed=1)
>>> result.summary["ledger_imbalance_fen"]
0
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import analysis
from .model import DAILY_COLUMNS, SchemeModel
from .scenario import Scenario


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
        from .plots import FIGURES

        return {name: fn(self) for name, fn in FIGURES.items()}

    # -- files ----------------------------------------------------------------------------
    def files(self, lang: str = "en") -> dict[str, bytes]:
        """Every output file's name and exact bytes (same scenario and seed, same bytes).

        CSV files are UTF-8 without a byte-order mark, with a header row; every money column
        ``X_fen`` has an ``X_yuan`` twin right after it. ``lang`` ("en" or "zh") is the
        language of the report and its figures.
        """
        from .plots import render_pngs
        from .report import render_report

        out: dict[str, bytes] = {
            "summary.json": (json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n").encode(),
            "daily.csv": _csv(self.daily),
            "participants.csv": _csv(self.participants),
            "cohorts.csv": _csv(self.cohorts),
        }
        pngs = render_pngs(self, lang=lang)
        for name, png in pngs.items():
            out[f"figures/{name}.png"] = png
        out["report.html"] = render_report(self, pngs, lang=lang).encode("utf-8")
        return out

    def save(self, out_dir: str | os.PathLike, lang: str = "en") -> Path:
        """Write every file into ``out_dir``. All files are made first in a temporary folder
        beside it, then moved into place, so a failure leaves no half-written output."""
        out_dir = Path(out_dir)
        contents = self.files(lang=lang)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
        try:
            for name, data in contents.items():
                path = tmp / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            out_dir.mkdir(exist_ok=True)
            (out_dir / "figures").mkdir(exist_ok=True)
            for old in (out_dir / "figures").glob("*.png"):  # figures of an earlier run
                if f"figures/{old.name}" not in contents:
                    old.unlink()
            for name in contents:
                os.replace(tmp / name, out_dir / name)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return out_dir


def _csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV (no byte-order mark) with a header row and Unix line ends; floats written
    as-is (shortest repr). Beside every money column ``X_fen`` (integer fen) comes ``X_yuan``,
    the same amount in yuan with exactly two decimals, for spreadsheets and chart tools."""
    return with_yuan(df).to_csv(index=False, lineterminator="\n").encode("utf-8")


def with_yuan(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with an ``X_yuan`` column right after each ``X_fen`` column."""
    columns = {}
    for name in df.columns:
        columns[name] = df[name]
        if name.endswith("_fen") and name[:-4] + "_yuan" not in df.columns:
            columns[name[:-4] + "_yuan"] = _yuan_text(df[name])
    return pd.DataFrame(columns, index=df.index)


def _yuan_text(fen: pd.Series) -> pd.Series:
    """Integer fen as exact yuan text with two decimals: -123456 -> '-1234.56'."""
    missing = fen.isna().to_numpy()
    values = fen.fillna(0).to_numpy(dtype=np.int64)
    whole, cents = np.divmod(np.abs(values), 100)
    sign = np.where(values < 0, "-", "")
    text = ["" if gap else f"{s}{w}.{c:02d}" for gap, s, w, c in
            zip(missing.tolist(), sign.tolist(), whole.tolist(), cents.tolist())]
    return pd.Series(text, index=fen.index, dtype="object")


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
