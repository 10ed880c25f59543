"""What drives an outcome across a sweep: the boxes of swept levers in which a condition holds.

Scenario discovery (Bryant and Lempert 2010) with PRIM, the Patient Rule Induction Method
(Friedman and Fisher 1999), from the ``PRIM`` package (Project Platypus' standalone version of
the EMA Workbench's implementation). Given a sweep's results table (:mod:`sim.experiments.sweep`:
one row per run) and a condition on its columns, such as ``collapse_day < 180`` or
``share_losing_shop > 0.9``, it finds boxes: a range of each of a few swept levers (or a set
of values, for a lever with words among its values, such as a ``*_day`` lever with ``none``),
inside which the condition holds in most runs. Each box has

* its *density*: the share of the runs inside it in which the condition holds;
* its *coverage*: the share of all the runs in which it holds that fall inside it.

Only the sweep's own levers are candidate dimensions of a box: the keys of its points
(``sweep.json``) that take more than one value; the seeds are not. The condition is read as a
pandas expression (:meth:`pandas.DataFrame.eval`) after it has been checked, node by node, to
hold nothing but column names, numbers, words in quotes, comparisons, arithmetic, ``and``,
``or``, ``not`` and ``in [...]``: no call, no attribute, no subscript, no variable, so no code
of the user's can run. A column name with dots (``policy.reserve_day``) may be written as it
is, or in backticks.

Each box's figures are counted directly on the whole table, with the bounds as printed (each
bound is the shortest number that selects exactly the runs PRIM's box selects), so anyone can
check a box by filtering the table. PRIM finds box 2 among the runs outside box 1, and so on;
a later box's counts include any runs it shares with an earlier box, and ``new_runs`` and
``new_holds`` count those it adds.
"""

from __future__ import annotations

import ast
import difflib
import json
import math
import numbers
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.outputs.files import atomic_folder
from sim.outputs.i18n import pct

#: The package that provides PRIM, as pip names it (the error when it is missing says so).
PRIM_REQUIREMENT = "PRIM>=1.0,<2"

EXAMPLES = "e.g. collapse_day < 180 or share_losing_shop > 0.9"


class DiscoverError(ValueError):
    """Bad input: the text is one line naming the flag or folder, the value and what is
    allowed."""


# ----------------------------------------------------------------------------------------
# The sweep's table and its levers
# ----------------------------------------------------------------------------------------


@dataclass
class Lever:
    """One swept key: ``kind`` is ``"number"`` (a range can be cut) or ``"values"`` (words among
    its values, e.g. ``none``, or true/false: a set of values is kept); ``values`` are its
    distinct values, numbers in order and then words."""

    name: str
    kind: str
    values: list

    def describe(self) -> str:
        if self.kind == "number":
            return f"{self.name} ({_number(min(self.values))} to {_number(max(self.values))})"
        return f"{self.name} ({', '.join(_word(v) for v in self.values)})"


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _word(value) -> str:
    """A value as a reader (and ``--set``) writes it: ``none``, ``true``, ``60``, ``0.5``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "none"  # a sweep's "none" read back from Parquet (missing) or CSV (empty: NaN)
    if _is_number(value):
        return _number(value)
    return str(value)


def _number(value) -> str:
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.12g}"


def levers_of(points: list[dict]) -> list[Lever]:
    """The levers of a sweep: the keys of its points that take more than one value."""
    keys: list[str] = []
    for point in points:
        keys += [k for k in point if k not in keys]
    levers = []
    for key in keys:
        values = []
        for point in points:
            v = point.get(key)
            if not any(v == u and type(v) is type(u) for u in values):
                values.append(v)
        if len(values) < 2:
            continue
        kind = "number" if all(_is_number(v) for v in values) else "values"
        # numbers in order, then words (a *_day lever's none, "never", after every day)
        values.sort(key=lambda v: (0, float(v), "") if _is_number(v) else (1, 0.0, _word(v)))
        levers.append(Lever(key, kind, values))
    return levers


def _numeric_outcomes(table: pd.DataFrame, skip: set[str]) -> pd.DataFrame:
    """Columns that hold numbers and blanks only (a summary's ``None`` read back from Parquet
    as objects) become numbers, so that ``collapse_day < 180`` compares numbers."""
    for col in table.columns:
        if col in skip or table[col].dtype != object:
            continue
        present = table[col].dropna()
        if all(_is_number(v) for v in present):
            table[col] = pd.to_numeric(table[col], errors="coerce").astype(float)
    return table


def load_sweep(folder: str | os.PathLike) -> tuple[pd.DataFrame, list[Lever]]:
    """A sweep's results table and its levers, from the folder ``pingou sweep --out`` wrote.

    The levers' columns are rebuilt from the points of ``sweep.json`` (through each row's
    ``point``), so they hold the values exactly as swept (``0``, ``60`` and ``none``), whether
    the table was read from Parquet or from CSV. Raises :class:`DiscoverError` (one line) for a
    folder that is not a finished sweep."""
    path = Path(folder)
    name = f"SWEEP_DIR {str(folder)!r}"
    if not path.exists():
        raise DiscoverError(f"{name}: no such folder; give the --out folder of a pingou sweep")
    if not path.is_dir():
        raise DiscoverError(f"{name}: is a file, not a folder; give the --out folder of a "
                            "pingou sweep")
    meta_path = path / "sweep.json"
    if not meta_path.is_file():
        raise DiscoverError(f"{name}: not a sweep folder (it has no sweep.json); make one with "
                            "pingou sweep ... --out DIR")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        points = meta["points"]
        if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise DiscoverError(f"{name}: its sweep.json is not one pingou sweep wrote (no list "
                            "of points)") from None
    table = None
    for results, read in (("results.parquet", pd.read_parquet), ("results.csv", pd.read_csv)):
        if (path / results).is_file():
            try:
                table = read(path / results)
                break
            except Exception:  # noqa: BLE001 - an unreadable table: try the other one
                continue
    if table is None:
        raise DiscoverError(f"{name}: has no readable results table (results.parquet or "
                            "results.csv): the sweep has not finished; run the same pingou "
                            "sweep again to finish it")
    if "point" not in table.columns or not len(table):
        raise DiscoverError(f"{name}: its results table has no runs (or no point column)")
    index = pd.to_numeric(table["point"], errors="coerce")
    if index.isna().any() or not index.between(0, len(points) - 1).all():
        raise DiscoverError(f"{name}: its results table does not match its sweep.json (a point "
                            "outside the sweep's points)")
    levers = levers_of(points)
    table = table.copy()
    for lever in levers:
        column = [points[int(i)].get(lever.name) for i in index]
        if lever.kind == "number":
            kinds = {type(v) for v in column}
            table[lever.name] = pd.Series(column, index=table.index,
                                          dtype="int64" if kinds == {int} else "float64")
        else:
            table[lever.name] = pd.Series(column, index=table.index, dtype=object)
    return _numeric_outcomes(table, {lv.name for lv in levers}), levers


# ----------------------------------------------------------------------------------------
# The condition
# ----------------------------------------------------------------------------------------

_ALLOWED = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub,
            ast.UAdd, ast.Invert, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv,
            ast.Mod, ast.Pow, ast.BitAnd, ast.BitOr, ast.Compare, ast.Eq, ast.NotEq, ast.Lt,
            ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Constant, ast.List, ast.Tuple,
            ast.Name, ast.Attribute, ast.Load)

_WHAT = {ast.Call: "a function call", ast.Subscript: "a subscript", ast.Lambda: "a lambda",
         ast.IfExp: "an if-expression", ast.NamedExpr: "an assignment", ast.Starred: "a star",
         ast.JoinedStr: "an f-string", ast.Dict: "a dict", ast.Set: "a set",
         ast.ListComp: "a comprehension", ast.GeneratorExp: "a comprehension",
         ast.SetComp: "a comprehension", ast.DictComp: "a comprehension", ast.Is: "'is'",
         ast.IsNot: "'is not'", ast.MatMult: "'@'", ast.Await: "await", ast.Yield: "yield"}


def _columns_line(table: pd.DataFrame) -> str:
    return f"columns: {', '.join(map(str, table.columns))}"


def _dotted(node) -> str | None:
    """``policy.reserve_day`` (an attribute of a name) as one dotted name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def condition(table: pd.DataFrame, where: str, flag: str = "--where") -> pd.Series:
    """``where`` worked out on ``table``: a boolean Series, one value per run (a blank, such as
    the ``collapse_day`` of a run that did not collapse, makes a comparison false).

    The expression may hold only column names (dotted names as they are, or any name in
    backticks), numbers, words in quotes, comparisons (``< <= > >= == != in``), arithmetic,
    ``and``/``or``/``not`` (or ``& | ~``) and lists of values; it is checked node by node
    before pandas reads it. Anything else raises :class:`DiscoverError`, one line naming
    ``flag``, the expression and the columns available."""
    head = f"{flag} {where!r}"
    text, quoted = where, {}

    def backtick(match):
        key = f"__column_{len(quoted)}__"
        quoted[key] = match.group(1)
        return key

    text = re.sub(r"`([^`]*)`", backtick, text)
    if "`" in text:
        raise DiscoverError(f"{head}: a backtick is not closed; {_columns_line(table)}")
    if not text.strip():
        raise DiscoverError(f"{head}: is empty; give a condition, {EXAMPLES}; "
                            f"{_columns_line(table)}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        hint = "; write == to test equality" if re.search(r"(?<![<>=!])=(?!=)", where) else ""
        raise DiscoverError(f"{head}: not a condition that can be read ({exc.msg}){hint}; "
                            f"{EXAMPLES} ('and', 'or', 'not', quotes around words such as "
                            f"'none'); {_columns_line(table)}") from None

    used: dict[str, str] = {}  # column -> the plain name it goes by in the frame pandas reads

    def column(name: str, node) -> ast.Name:
        if name not in table.columns:
            close = difflib.get_close_matches(name, [str(c) for c in table.columns], n=3)
            maybe = f" (did you mean {' or '.join(close)}?)" if close else ""
            word = " (a word is written in quotes: 'none')" if name.lower() in (
                "none", "true", "false", "never") and not close else ""
            raise DiscoverError(f"{head}: unknown column {name!r}{maybe}{word}; "
                                f"{_columns_line(table)}")
        used.setdefault(name, f"c{len(used)}")
        return ast.copy_location(ast.Name(id=used[name], ctx=ast.Load()), node)

    class Rewrite(ast.NodeTransformer):
        def generic_visit(self, node):
            if not isinstance(node, _ALLOWED):
                what = _WHAT.get(type(node), type(node).__name__)
                raise DiscoverError(f"{head}: {what} is not allowed; use column names, "
                                    f"numbers, words in quotes, comparisons, arithmetic, and, "
                                    f"or, not, in [...]; {EXAMPLES}; {_columns_line(table)}")
            return super().generic_visit(node)

        def visit_Attribute(self, node):
            name = _dotted(node)
            if name is None:  # an attribute of something other than a name
                raise DiscoverError(f"{head}: an attribute is not allowed; {EXAMPLES}; "
                                    f"{_columns_line(table)}")
            return column(name, node)

        def visit_Name(self, node):
            return column(quoted.get(node.id, node.id), node)

        def visit_Constant(self, node):
            if node.value is None or not isinstance(node.value, (int, float, str)):
                raise DiscoverError(f"{head}: {node.value!r} is not allowed; compare with "
                                    f"numbers or words in quotes (a blank is never equal to "
                                    f"anything); {_columns_line(table)}")
            return node

    tree = Rewrite().visit(tree)
    if not used:
        raise DiscoverError(f"{head}: names no column; {EXAMPLES}; {_columns_line(table)}")
    frame = pd.DataFrame({short: table[name] for name, short in used.items()},
                         index=table.index)
    try:
        result = frame.eval(ast.unparse(tree), engine="python", local_dict={}, global_dict={})
    except Exception as exc:  # noqa: BLE001 - the expression is checked: this is bad input
        mixed = [n for n in used if table[n].dtype == object]
        hint = (f"; {', '.join(mixed)} holds words as well as numbers: test it with == or "
                f"in [...], e.g. {mixed[0]} in [0, 60]" if mixed else "")
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DiscoverError(f"{head}: cannot be worked out on the results ({reason}){hint}; "
                            f"{_columns_line(table)}") from None
    if not isinstance(result, pd.Series) or len(result) != len(table):
        raise DiscoverError(f"{head}: gives one value, not one per run; {EXAMPLES}")
    if not pd.api.types.is_bool_dtype(result.dtype):
        raise DiscoverError(f"{head}: gives numbers or words, not true or false for each run; "
                            f"compare it, {EXAMPLES}")
    return result.fillna(False).astype(bool)


# ----------------------------------------------------------------------------------------
# The boxes
# ----------------------------------------------------------------------------------------


@dataclass
class Restriction:
    """A box's limit on one lever: ``low``/``high`` (either may be None: unlimited) for a number,
    ``values`` (the values kept) for a lever with words among its values."""

    lever: Lever
    low: float | None = None
    high: float | None = None
    values: list | None = None

    def mask(self, column: pd.Series) -> pd.Series:
        if self.values is not None:
            keep = {_word(v) for v in self.values}
            return column.map(_word).isin(keep)
        inside = pd.Series(True, index=column.index)
        if self.low is not None:
            inside &= column >= self.low
        if self.high is not None:
            inside &= column <= self.high
        return inside

    def words(self) -> str:
        name = self.lever.name
        if self.values is not None:
            shown = [_word(v) for v in self.values]
            return f"{name} is {' or '.join(shown)}" if len(shown) <= 2 else \
                f"{name} is {', '.join(shown[:-1])} or {shown[-1]}"
        if self.low is not None and self.high is not None:
            if self.low == self.high:
                return f"{name} = {_number(self.low)}"
            return f"{_number(self.low)} <= {name} <= {_number(self.high)}"
        if self.low is not None:
            return f"{name} >= {_number(self.low)}"
        return f"{name} <= {_number(self.high)}"

    def expression(self) -> str:
        """The restriction as a ``--where`` condition."""
        name = self.lever.name
        if self.values is not None:
            shown = [repr(v) if isinstance(v, (str, bool)) else _word(v) for v in self.values]
            return f"{name} in [{', '.join(shown)}]"
        if self.low is not None and self.high is not None and self.low == self.high:
            return f"{name} == {_number(self.low)}"
        return self.words()


@dataclass
class Box:
    """One box and its figures, counted on the whole table."""

    number: int
    restrictions: list[Restriction]
    runs: int
    holds: int
    new_runs: int
    new_holds: int
    total_holds: int

    @property
    def density(self) -> float:
        return self.holds / self.runs if self.runs else 0.0

    @property
    def coverage(self) -> float:
        return self.holds / self.total_holds if self.total_holds else 0.0

    def words(self) -> str:
        return " and ".join(r.words() for r in self.restrictions)

    def expression(self) -> str:
        return " and ".join(r.expression() for r in self.restrictions)

    def mask(self, table: pd.DataFrame) -> pd.Series:
        inside = pd.Series(True, index=table.index)
        for r in self.restrictions:
            inside &= r.mask(table[r.lever.name])
        return inside


def _nice_low(below: float, inside: float) -> float:
    """The shortest number ``b`` with ``below < b <= inside``, nearest ``inside``: ``x >= b``
    then keeps exactly the values ``x >= inside`` keeps (there is none strictly between)."""
    for digits in range(13):
        scale = 10 ** digits
        k = math.floor(inside * scale + 1e-9)
        b = k / scale
        if below < b <= inside:
            return float(b)
    return float(inside)


def _nice_high(inside: float, above: float) -> float:
    """The shortest number ``b`` with ``inside <= b < above``, nearest ``inside``."""
    for digits in range(13):
        scale = 10 ** digits
        k = math.ceil(inside * scale - 1e-9)
        b = k / scale
        if inside <= b < above:
            return float(b)
    return float(inside)


def _restrictions(lims, init, levers: list[Lever], table: pd.DataFrame) -> list[Restriction]:
    """PRIM's box limits as restrictions, each with bounds that select, over the whole table,
    exactly the runs PRIM's own bounds select."""
    out = []
    for lever in levers:
        if lever.kind == "values":
            kept = set(lims[lever.name][0])
            if kept == set(init[lever.name][0]):
                continue
            out.append(Restriction(lever, values=[v for v in lever.values if _word(v) in kept]))
            continue
        column = table[lever.name].astype(float)
        lo, hi = float(lims[lever.name][0]), float(lims[lever.name][1])
        values = np.unique(column.to_numpy())
        low = high = None
        below, inside = values[values < lo], values[values >= lo]
        if len(below) and len(inside):
            low = _nice_low(float(below.max()), float(inside.min()))
        above, inside = values[values > hi], values[values <= hi]
        if len(above) and len(inside):
            high = _nice_high(float(inside.max()), float(above.min()))
        if low is not None or high is not None:
            out.append(Restriction(lever, low=low, high=high))
    return out


def _quasi_p(restrictions: list[Restriction], drop: int, table: pd.DataFrame,
             flags: pd.Series) -> float:
    """The quasi-p value of one restriction (Bryant and Lempert 2010; the EMA Workbench's
    ``qp``): the chance of a density at least the box's in as many runs, drawn at the density
    of the box without that restriction (one-sided binomial)."""
    from scipy.stats import binom  # noqa: PLC0415 - scipy.stats is slow to import

    inside = pd.Series(True, index=table.index)
    for r in restrictions:
        inside &= r.mask(table[r.lever.name])
    looser = pd.Series(True, index=table.index)
    for i, r in enumerate(restrictions):
        if i != drop:
            looser &= r.mask(table[r.lever.name])
    n, h = int(inside.sum()), int((inside & flags).sum())
    n0, h0 = int(looser.sum()), int((looser & flags).sum())
    if n == 0 or n0 == 0:
        return 1.0
    return float(binom.sf(h - 1, n, h0 / n0))


def _significant(restrictions: list[Restriction], table: pd.DataFrame, flags: pd.Series,
                 min_density: float, alpha: float) -> list[Restriction]:
    """The restrictions less those not borne out: one at a time, the one with the highest
    quasi-p value above ``alpha`` goes, as long as the box keeps ``min_density``. With few
    runs and many levers PRIM also cuts where the runs merely happen to thin out; this keeps
    the box to the limits that the runs support."""
    kept = list(restrictions)
    while len(kept) > 1:
        scores = sorted(((_quasi_p(kept, i, table, flags), i) for i in range(len(kept))),
                        reverse=True)
        for qp, i in scores:
            if qp <= alpha:
                return kept
            rest = kept[:i] + kept[i + 1:]
            inside = pd.Series(True, index=table.index)
            for r in rest:
                inside &= r.mask(table[r.lever.name])
            if inside.sum() and (inside & flags).sum() / inside.sum() >= min_density:
                kept = rest
                break
        else:
            return kept
    return kept


def _import_prim():
    try:
        import prim  # noqa: PLC0415 - only discovery needs it (and it imports matplotlib)
    except ImportError:
        raise ImportError(f"pingou discover needs the PRIM package: pip install "
                          f"'{PRIM_REQUIREMENT}'") from None
    return prim


def find_boxes(table: pd.DataFrame, holds: pd.Series, levers: list[Lever], *, boxes: int = 3,
               min_density: float = 0.8, peel_alpha: float = 0.05,
               mass_min: float = 0.05, alpha: float = 0.05) -> list[Box]:
    """Up to ``boxes`` boxes of ``levers`` in which ``holds`` is mostly true, by PRIM.

    On each box's peeling trajectory, the step kept is the one with the best balance of
    coverage and density (their harmonic mean) among those with a density of at least
    ``min_density`` (fewer restricted levers first on a tie). Of that box's limits, those
    whose quasi-p value is above ``alpha`` are dropped (:func:`_significant`). The search stops
    when no step reaches that density, or no run where it holds is left outside the boxes."""
    holds = holds.astype(bool).to_numpy()
    total = int(holds.sum())
    if not levers or total == 0 or total == len(holds):
        return []
    prim = _import_prim()
    x = pd.DataFrame(index=range(len(table)))
    for lever in levers:
        column = table[lever.name].reset_index(drop=True)
        if lever.kind == "number":
            x[lever.name] = column.astype("int64" if column.dtype.kind in "iu" else "float64")
        else:
            x[lever.name] = column.map(_word).astype(object)
    search = prim.Prim(x, holds, peel_alpha=peel_alpha, paste_alpha=peel_alpha,
                       mass_min=mass_min)
    found: list[Box] = []
    covered = pd.Series(False, index=table.index)
    flags = pd.Series(holds, index=table.index)
    for number in range(1, boxes + 1):
        if not (flags & ~covered).any():
            break
        box = search.find_box()
        if box is None:
            break
        trajectory = box.peeling_trajectory
        best, best_key = None, None
        for i in range(len(trajectory)):
            cov, dens = float(trajectory["coverage"].iloc[i]), float(trajectory["density"].iloc[i])
            dims = int(trajectory["res dim"].iloc[i])
            if dens < min_density or dims == 0 or cov <= 0:
                continue
            key = (round(2 * cov * dens / (cov + dens), 12), -dims)
            if best_key is None or key > best_key:
                best, best_key = i, key
        if best is None:
            break
        box.select(best)
        # the limits of the step kept (the PRIM package exposes them only as this list)
        restrictions = _restrictions(box._box_lims[best], search._box_init, levers, table)
        restrictions = _significant(restrictions, table, flags, min_density, alpha)
        if not restrictions:
            break
        candidate = Box(number, restrictions, 0, 0, 0, 0, total)
        inside = candidate.mask(table)
        candidate.runs, candidate.holds = int(inside.sum()), int((inside & flags).sum())
        candidate.new_runs = int((inside & ~covered).sum())
        candidate.new_holds = int((inside & ~covered & flags).sum())
        if candidate.new_holds == 0:
            break
        found.append(candidate)
        covered |= inside
    return found


# ----------------------------------------------------------------------------------------
# The whole discovery, in words and as a table
# ----------------------------------------------------------------------------------------


@dataclass
class Discovery:
    """The condition, how often it holds, and the boxes found."""

    where: str
    runs: int
    holds: int
    levers: list[Lever]
    boxes: list[Box]
    min_density: float
    blanks: dict[str, int] = field(default_factory=dict)
    held: set = field(default_factory=set)  # runs inside some box (their index)

    @property
    def share(self) -> float:
        return self.holds / self.runs if self.runs else 0.0

    def sentences(self) -> list[str]:
        """The findings in plain words, one sentence (or two) a line."""
        out = [f"{self.where} holds in {self.holds:,} of {self.runs:,} runs ({pct(self.share)})."]
        for col, n in self.blanks.items():
            out.append(f"{col} is blank in {n:,} {'run' if n == 1 else 'runs'} (the run has no "
                       f"such figure, e.g. no collapse); a comparison with a blank is false.")
        if not self.levers:
            out.append("The sweep varied no lever, only the seeds, so there is no box to find.")
            return out
        out.append("The boxes are drawn over the levers the sweep varied: "
                   + "; ".join(lv.describe() for lv in self.levers)
                   + " (the seeds are not levers).")
        if self.holds == 0:
            out.append("It holds in no run, so there is no box to find.")
            return out
        if self.holds == self.runs:
            out.append("It holds in every run, so no lever tells the runs apart.")
            return out
        if not self.boxes:
            out.append(f"No box of these levers has it hold in at least {pct(self.min_density)} "
                       f"of its runs: it depends on the seed, or on levers together in a way "
                       f"that no box captures.")
            return out
        for box in self.boxes:
            new = ""
            if box.number > 1 and box.new_runs != box.runs:
                earlier = "box 1" if box.number == 2 else f"boxes 1-{box.number - 1}"
                new = f" ({box.new_runs:,} of them outside {earlier})"
            out.append(f"Box {box.number}: {box.words()}: {box.runs:,} runs{new}, "
                       f"{pct(box.density)} of them hold (density), {pct(box.coverage)} of all "
                       f"that hold (coverage).")
        if len(self.boxes) > 1:
            out.append(f"Together the boxes take in {pct(len(self.held) / self.holds)} of the "
                       f"runs where it holds.")
        return out

    def reading(self) -> str:
        return "\n".join(self.sentences())

    def to_frame(self) -> pd.DataFrame:
        """One row per box: its rule (a ``--where`` condition), its figures, and each lever's
        limits (``LEVER_min``, ``LEVER_max``, or ``LEVER_values`` joined by ``|``; blank where
        the box leaves the lever free)."""
        columns = ["box", "rule", "runs", "holds", "density", "coverage", "new_runs",
                   "new_holds", "where", "all_runs", "all_holds"]
        for lv in self.levers:
            columns += [f"{lv.name}_min", f"{lv.name}_max"] if lv.kind == "number" \
                else [f"{lv.name}_values"]
        rows = []
        for box in self.boxes:
            row = {"box": box.number, "rule": box.expression(), "runs": box.runs,
                   "holds": box.holds, "density": round(box.density, 6),
                   "coverage": round(box.coverage, 6), "new_runs": box.new_runs,
                   "new_holds": box.new_holds, "where": self.where, "all_runs": self.runs,
                   "all_holds": self.holds}
            for r in box.restrictions:
                if r.values is not None:
                    row[f"{r.lever.name}_values"] = "|".join(_word(v) for v in r.values)
                else:
                    row[f"{r.lever.name}_min"] = r.low
                    row[f"{r.lever.name}_max"] = r.high
            rows.append(row)
        return pd.DataFrame(rows, columns=columns)


def discover(table: pd.DataFrame, where: str, levers: list[Lever], *, boxes: int = 3,
             min_density: float = 0.8, flag: str = "--where", **prim_options) -> Discovery:
    """The boxes of ``levers`` in which ``where`` holds, on a results table (a lever's missing
    values, as pandas reads a sweep's ``none`` from Parquet or CSV, are the word ``none``)."""
    table = _none_as_word(table, levers)
    holds = condition(table, where, flag)
    named = [c for c in table.columns if re.search(rf"(?<![\w.`]){re.escape(str(c))}(?![\w.`])",
                                                   where) or f"`{c}`" in where]
    blanks = {c: int(table[c].isna().sum()) for c in named if table[c].isna().any()}
    found = find_boxes(table, holds, levers, boxes=boxes, min_density=min_density,
                       **prim_options)
    held = pd.Series(False, index=table.index)
    for box in found:
        held |= box.mask(table)
    return Discovery(where=where.strip(), runs=len(table), holds=int(holds.sum()),
                     levers=levers, boxes=found, min_density=min_density, blanks=blanks,
                     held=set(table.index[held & holds]))


def _none_as_word(table: pd.DataFrame, levers: list[Lever]) -> pd.DataFrame:
    """``table`` with each lever's missing values (NA, NaN) as the word ``none`` when ``none``
    is one of its values; the table itself when there are none."""
    fix = [lv.name for lv in levers if "none" in lv.values and lv.name in table.columns
           and table[lv.name].isna().any()]
    if not fix:
        return table
    table = table.copy()
    for name in fix:
        column = table[name].astype(object)
        table[name] = column.where(column.notna(), "none").map(
            lambda v: int(v) if isinstance(v, float) and v.is_integer() else v)
    return table


def discover_sweep(folder: str | os.PathLike, where: str, **options) -> Discovery:
    """:func:`discover` on the sweep in ``folder`` (what ``pingou discover`` runs)."""
    table, levers = load_sweep(folder)
    return discover(table, where, levers, **options)


def write_csv(discovery: Discovery, path: str | os.PathLike) -> Path:
    """The boxes to the CSV file ``path``, whole or not at all (:func:`atomic_folder`)."""
    path = Path(path)
    with atomic_folder(path.parent) as files:
        discovery.to_frame().to_csv(files.path(path.name), index=False, lineterminator="\n")
    return path
