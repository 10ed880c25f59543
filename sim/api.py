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
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

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
        """Every output file's name and exact bytes (same scenario and seed, same bytes)."""
        import matplotlib.pyplot as plt

        from .report import render_report

        out: dict[str, bytes] = {
            "summary.json": (json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n").encode(),
            "daily.csv": _csv(self.daily),
            "participants.csv": _csv(self.participants),
            "cohorts.csv": _csv(self.cohorts),
        }
        pngs = {}
        for name, fig in self.plot().items():
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
            plt.close(fig)
            pngs[name] = buf.getvalue()
            out[f"figures/{name}.png"] = pngs[name]
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
            for name in contents:
                os.replace(tmp / name, out_dir / name)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return out_dir


def _csv(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a header row and Unix line ends; floats written as-is (shortest repr)."""
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


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
