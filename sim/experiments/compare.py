"""Counterfactuals: the same seeds under two scenarios, with common random numbers.

Each mechanism draws from its own random stream (:mod:`sim.rng`), so a base run and a policy
run with the same seed are identical, day for day, until the day the lever first changes
something; the report says which day that was. The difference of each outcome is averaged over
the seeds, with a 95% confidence interval from the paired differences (Student's t).

The table (:data:`ROWS`) leads with people and yuan, against buying the same goods in a shop
(the headline of MODEL.md §6): how many joined, how many lost money and what they lost in all,
how many came out ahead and what they gained, what the operator took, and when payouts were
frozen (the collapse). :func:`format_table` prints it in yuan and whole people with thousands
separators and shares as percentages; :func:`sentences` says in words what the figures say,
"more", "fewer" or "about the same" as the 95% interval lies above, below or around 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.scheme import scenario as scenario_mod
from sim.api import run
from sim.experiments.sweep import flatten

#: The outcomes compared, each a column of :attr:`Comparison.runs` and a row of its table: the
#: shop measure of MODEL.md §6 (share behind, as the scheme tells it, the later half's share
#: behind, the median of those behind, a negative fen amount, and the total they lost, a
#: positive one); then the cash, cost and sticker measures kept for continuity (cash counts the
#: goods as nothing), and how the run went; last (added later, so appended), the number of
#: people behind a shop and ahead of it (counts of members with ``net_shop_fen`` below and
#: above 0) and what those ahead gained. Each older name is a key of the flattened summary
#: (:func:`sim.experiments.sweep.flatten`), as in a sweep's results table. The table's order
#: is :data:`ROWS`.
METRICS = (
    "share_losing_shop", "share_losing_told", "last_half_share_losing_shop",
    "median_net_shop_fen", "lost_shop_fen",
    "share_losing_cash", "share_losing_cost", "share_losing_sticker",
    "last_half_share_losing_cash", "median_net_cash_fen", "collapsed", "collapse_day",
    "activity_end_day", "participants", "paid_in_fen", "withdrawn_fen", "operator_take_fen",
    "outstanding_shopping_gold_fen",
    "people_losing_shop", "people_gaining_shop", "gained_shop_fen",
)

#: The rows that lead the table, people and yuan first: who joined, who lost against a shop
#: (how many, what share of those who joined, how much in all), who came out ahead, what the
#: operator took, and the collapse (its day, and in how many runs it came at all).
LEAD = ("participants", "people_losing_shop", "share_losing_shop", "lost_shop_fen",
        "people_gaining_shop", "gained_shop_fen", "operator_take_fen", "collapse_day",
        "collapsed")

#: Every row of the table, in its order: :data:`LEAD`, then the rest of :data:`METRICS`.
ROWS = LEAD + tuple(m for m in METRICS if m not in LEAD)

#: Each row in plain words (the printed table, and the ``label`` column of comparison.csv).
LABELS = {
    "participants": "people who joined",
    "people_losing_shop": "people who lost money (against a shop)",
    "share_losing_shop": "share of those who joined who lost money",
    "lost_shop_fen": "yuan lost by them",
    "people_gaining_shop": "people who came out ahead (against a shop)",
    "gained_shop_fen": "yuan gained by them",
    "operator_take_fen": "yuan the operator took",
    "collapse_day": "day payouts were frozen (the collapse)",
    "collapsed": "runs in which payouts were frozen",
    "share_losing_told": "share behind as the scheme tells it",
    "last_half_share_losing_shop": "later half to join: share behind a shop",
    "median_net_shop_fen": "median net of those behind a shop, yuan",
    "share_losing_cash": "share behind in cash (goods count as nothing)",
    "share_losing_cost": "share behind, goods at their cost",
    "share_losing_sticker": "share behind, goods at sticker price",
    "last_half_share_losing_cash": "later half to join: share behind in cash",
    "median_net_cash_fen": "median net cash of those who joined, yuan",
    "activity_end_day": "day play died out",
    "paid_in_fen": "yuan members paid in",
    "withdrawn_fen": "yuan members got back",
    "outstanding_shopping_gold_fen": "yuan of shopping gold still promised",
}

#: The rows that are a day of the run: a run in which it never came counts as its last day
#: (censored), and the table says in how many runs that was (``base_censored``,
#: ``policy_censored``); what never came, in words.
CENSORED = {"collapse_day": "payouts were never frozen",
            "activity_end_day": "play never died out"}

#: The statistics of a row that :func:`summarise` also gives in yuan, for the rows in fen.
STATISTICS = ("base_mean", "policy_mean", "difference", "ci95_low", "ci95_high")


def unit(metric: str) -> str:
    """What a row counts: "yuan" (kept in fen), "people", "share" (of those who joined, a
    fraction), "day" or "runs" (the share of seeds in which the run collapsed)."""
    if metric.endswith("_fen"):
        return "yuan"
    if metric == "participants" or metric.startswith("people_"):
        return "people"
    if metric == "collapsed":
        return "runs"
    if metric.endswith("_day"):
        return "day"
    return "share"


@dataclass
class Comparison:
    table: pd.DataFrame  # one row per metric: means, difference and its 95% interval
    runs: pd.DataFrame  # one row per seed and arm
    diverged: pd.Series  # per seed: first day the two runs differ (None if never)

    def __repr__(self) -> str:
        return self.table.to_string(index=False)


def _outcomes(result) -> dict:
    """One run's row of :attr:`Comparison.runs`: the :data:`METRICS`, then ``days`` (the run's
    length) and, for each day of :data:`CENSORED`, ``censored_<day>`` (1 when it never came
    and the figure is the last day)."""
    flat = flatten(result.summary)
    days = result.summary["days"]
    flat["collapsed"] = int(result.summary["collapse_day"] is not None)
    net = result.participants["net_shop_fen"].to_numpy()
    # the count of members behind a shop, as summary.json's loss_split gives it (a count, not
    # a share times the members); counted from the participants table where it is missing
    behind = flat.get("loss_split_members")
    flat["people_losing_shop"] = int(np.count_nonzero(net < 0) if behind is None else behind)
    flat["people_gaining_shop"] = int(np.count_nonzero(net > 0))
    if flat.get("gained_shop_fen") is None:
        flat["gained_shop_fen"] = int(net[net > 0].sum())
    out = {}
    # a run that never collapsed (or never lost its activity) counts as the last day: censored
    for key in CENSORED:
        out[f"censored_{key}"] = int(flat[key] is None)
        if flat[key] is None:
            flat[key] = days
    return {**{k: flat[k] for k in METRICS}, "days": days, **out}


def first_difference(a: pd.DataFrame, b: pd.DataFrame):
    n = min(len(a), len(b))
    same = (a.iloc[:n].to_numpy() == b.iloc[:n].to_numpy()).all(axis=1)
    bad = np.flatnonzero(~same)
    return int(a["day"].iloc[bad[0]]) if bad.size else None


def arms(base="quanmin-pingou", policy=None, *, base_set=(), policy_set=(),
         participants: int | None = None, days: int | None = None):
    """The two scenarios :func:`compare` runs: ``base``, and ``policy`` (or the base with
    ``policy_set`` overrides)."""
    base_sc = scenario_mod.resolve(base, base_set, participants=participants, days=days)
    if policy is None:
        return base_sc, scenario_mod.load_object(base_sc, policy_set)
    return base_sc, scenario_mod.resolve(policy, policy_set, participants=participants, days=days)


def compare(base="quanmin-pingou", policy=None, *, base_set=(), policy_set=(), seeds=10,
            participants: int | None = None, days: int | None = None) -> Comparison:
    """Run ``base`` and ``policy`` (a scenario, or the base with ``policy_set`` overrides) on
    the same seeds and compare their outcomes."""
    base_sc, policy_sc = arms(base, policy, base_set=base_set, policy_set=policy_set,
                              participants=participants, days=days)
    seed_list = list(range(seeds)) if isinstance(seeds, int) else list(seeds)
    rows, diverged = [], {}
    for seed in seed_list:
        a = run(scenario_mod.load_object(base_sc, seed=seed))
        b = run(scenario_mod.load_object(policy_sc, seed=seed))
        rows.append({"seed": seed, "arm": "base", **_outcomes(a)})
        rows.append({"seed": seed, "arm": "policy", **_outcomes(b)})
        diverged[seed] = first_difference(a.daily, b.daily)
    runs = pd.DataFrame(rows)
    return Comparison(table=summarise(runs), runs=runs, diverged=pd.Series(diverged, name="day"))


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per metric (:data:`ROWS`, those that ``runs`` has): each arm's mean over the
    seeds, and the mean paired difference (policy - base) with its 95% interval (Student's t;
    NaN with one seed); then the row in words (``label``), its :func:`unit`, in how many seeds
    the policy run's figure is above and below the base run's (``seeds_policy_higher``,
    ``seeds_policy_lower``), the five figures in
    yuan for a row in fen (``base_mean_yuan`` ... ``ci95_high_yuan``, rounded to the fen; empty
    elsewhere) and, for a day that a run may never reach (:data:`CENSORED`), in how many seeds
    of each arm it did not and the figure is the run's last day (``base_censored``,
    ``policy_censored``; empty elsewhere)."""
    # not at the top: scipy.stats takes half a second to import, and every pingou command
    # imports this module (pingou compare's parser)
    from scipy import stats

    base = runs[runs.arm == "base"].set_index("seed")
    pol = runs[runs.arm == "policy"].set_index("seed")
    out = []
    for metric in ROWS:
        if metric not in runs.columns:
            continue
        x = base[metric].astype(float)
        y = pol[metric].astype(float)
        d = (y - x).to_numpy()
        n = d.size
        mean = float(d.mean()) if n else float("nan")
        if n > 1:
            half = float(stats.t.ppf(0.975, n - 1) * d.std(ddof=1) / np.sqrt(n))
        else:
            half = float("nan")
        row = {"metric": metric, "base_mean": float(x.mean()), "policy_mean": float(y.mean()),
               "difference": mean, "ci95_low": mean - half, "ci95_high": mean + half,
               "seeds": n, "label": LABELS.get(metric, metric), "unit": unit(metric),
               "seeds_policy_higher": int((d > 0).sum()), "seeds_policy_lower": int((d < 0).sum())}
        for name in STATISTICS:
            row[f"{name}_yuan"] = round(row[name] / 100, 2) if metric.endswith("_fen") else None
        flag = f"censored_{metric}"
        for arm, table in (("base", base), ("policy", pol)):
            row[f"{arm}_censored"] = (int(table[flag].sum()) if metric in CENSORED
                                      and flag in table.columns else None)
        out.append(row)
    table = pd.DataFrame(out)
    for name in STATISTICS:
        table[f"{name}_yuan"] = table[f"{name}_yuan"].astype(float)
    for arm in ("base", "policy"):
        table[f"{arm}_censored"] = table[f"{arm}_censored"].astype("Int64")
    return table


def records(table: pd.DataFrame) -> list[dict]:
    """The table's rows as plain dicts for JSON: numbers as Python numbers, a missing figure
    (NaN, an empty cell) as None, so that ``json.dumps`` writes valid JSON."""
    out = []
    for row in table.to_dict(orient="records"):
        clean = {}
        for key, value in row.items():
            if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
                clean[key] = None
            elif isinstance(value, (np.integer, int)) and not isinstance(value, bool):
                clean[key] = int(value)
            elif isinstance(value, (np.floating, float)):
                clean[key] = float(value)
            else:
                clean[key] = value
        out.append(clean)
    return out


# -- in words ----------------------------------------------------------------------------------


def direction(row) -> str:
    """Which way a row's difference (policy - base) goes: "more" when its 95% interval is above
    0, "less" when below, "same" when it includes 0. With one seed there is no interval: the
    sign of the difference itself."""
    low, high, diff = row["ci95_low"], row["ci95_high"], row["difference"]
    if math.isnan(low) or math.isnan(high):
        low = high = diff
    if round(low, 9) > 0:
        return "more"
    if round(high, 9) < 0:
        return "less"
    return "same"


def _number(value: float, metric: str) -> str:
    """A figure of ``metric`` as printed, without a sign: whole people and whole yuan with
    thousands separators (one decimal for a fraction of a person below 1), a share as a
    percentage, a day with one decimal."""
    kind = unit(metric)
    if math.isnan(value):
        return "n/a"
    if kind == "yuan":
        return f"{abs(round(value / 100)):,}"
    if kind == "people":
        whole = abs(round(value))
        return f"{whole:,}" if whole or value == 0 else f"{abs(value):.1f}"
    if kind == "day":
        return f"{abs(value):,.1f}"
    return _percent(abs(value))


def _percent(share: float) -> str:
    from sim.outputs.i18n import pct_exact

    return pct_exact(share)


def _signed(value: float, metric: str) -> str:
    """A difference as printed: its sign, then the figure (in percentage points for a share)."""
    if math.isnan(value):
        return "n/a"
    if unit(metric) in ("share", "runs"):
        return _points(value)
    text = _number(value, metric)
    if text.strip("0.,") == "":
        return text
    return ("-" if value < 0 else "+") + text


def _points(value: float, places: int | None = None) -> str:
    """A difference of shares in percentage points, with as few decimals (at least one) as keep
    a difference other than 0 from reading as 0: -0.000214 -> '-0.02 pts'."""
    if places is None:
        places = _places(value)
    text = f"{value * 100:+.{places}f}"
    if float(text) == 0:
        text = text.lstrip("+-")
    return f"{text} pts"


def _places(*values: float) -> int:
    for places in range(1, 7):
        if all(v == 0 or math.isnan(v) or float(f"{v * 100:.{places}f}") != 0 for v in values):
            return places
    return 6


def _interval(row) -> str:
    """A row's 95% interval as printed: 'LOW to HIGH' (signed), 'n/a' with one seed."""
    low, high, metric = row["ci95_low"], row["ci95_high"], row["metric"]
    if math.isnan(low) or math.isnan(high):
        return "n/a (one seed)"
    if unit(metric) in ("share", "runs"):
        places = _places(low, high)
        return f"{_points(low, places)[:-4]} to {_points(high, places)}"
    return f"{_signed(low, metric)} to {_signed(high, metric)}"


def _censored_rows(table: pd.DataFrame) -> dict:
    """The :data:`CENSORED` rows in which some run never reached the day: metric -> row."""
    out = {}
    for _, row in table.iterrows():
        if row["metric"] in CENSORED and "base_censored" in table.columns:
            if (pd.notna(row["base_censored"]) and row["base_censored"]) or (
                    pd.notna(row["policy_censored"]) and row["policy_censored"]):
                out[row["metric"]] = row
    return out


def format_table(table: pd.DataFrame) -> str:
    """The table as ``pingou compare`` prints it: each row in plain words, the two means, the
    difference (policy - base) and its 95% interval, people and yuan as whole numbers with
    thousands separators, shares as percentages (their differences in percentage points), and
    the row's name in comparison.csv; a day some run never reached is marked ``*``."""
    censored = _censored_rows(table)
    head = ("", "base", "policy", "difference", "95% interval", "in comparison.csv")
    lines = []
    for _, row in table.iterrows():
        metric = row["metric"]
        label = LABELS.get(metric, metric) + (" *" if metric in censored else "")
        if unit(metric) in ("share", "runs"):
            from sim.outputs.i18n import pcts

            a, b = pcts(row["base_mean"], row["policy_mean"])
        else:
            sign = "-" if row["base_mean"] < 0 else ""
            a = sign + _number(row["base_mean"], metric)
            sign = "-" if row["policy_mean"] < 0 else ""
            b = sign + _number(row["policy_mean"], metric)
        lines.append((label, a, b, _signed(row["difference"], metric), _interval(row), metric))
    widths = [max(len(line[i]) for line in [head] + lines) for i in range(len(head))]
    out = []
    for line in [head] + lines:
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:5], widths[1:5])]
        cells.append(line[5])
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def notes(comparison: Comparison) -> list[str]:
    """The lines under the table: how the figures were made, and, for each day that some run
    never reached (:data:`CENSORED`), in how many runs of each arm, that those count as the
    run's last day, and which way that bends the means and the difference."""
    table, runs = comparison.table, comparison.runs
    seeds = sorted(runs["seed"].unique())
    k = len(seeds)
    which = (f"seeds {seeds[0]}..{seeds[-1]}" if seeds == list(range(seeds[0], seeds[-1] + 1))
             and k > 1 else "seed" + ("s " if k > 1 else " ") + ", ".join(map(str, seeds)))
    out = [f"Means over {k} run{'s' if k != 1 else ''} per arm ({which}, the same in both "
           "arms); difference = policy - base, paired by seed, with its 95% interval (Student's t"
           + (")." if k > 1 else "; none with one seed).")]
    out.append("Against a shop: worse (or better) off than buying the same goods in an ordinary "
               "shop and never joining (MODEL.md §6).")
    for metric, row in _censored_rows(table).items():
        nb, np_ = int(row["base_censored"]), int(row["policy_censored"])
        last = {arm: sorted(int(d) for d in runs.loc[runs.arm == arm, "days"].unique())
                for arm in ("base", "policy")}
        days = (f"day {last['base'][-1]:,}" if last["base"] == last["policy"] and
                len(last["base"]) == 1 else
                f"base day {'/'.join(map(str, last['base']))}, policy day "
                f"{'/'.join(map(str, last['policy']))}")
        if nb and np_:
            bend = ("so both means are lower bounds (the day is later, if it comes at all) and "
                    "the difference cannot be read as the lever's full effect")
        elif np_:
            bend = ("so the policy mean is a lower bound (the day is later, if it comes at all) "
                    f"and the true difference is at least {_signed(row['difference'], metric)} "
                    "days")
        else:
            bend = ("so the base mean is a lower bound (the day is later, if it comes at all) "
                    f"and the true difference is at most {_signed(row['difference'], metric)} "
                    "days")
        out.append(f"* {LABELS.get(metric, metric)}: {CENSORED[metric]} in {nb} of {k} base "
                   f"runs and {np_} of {k} policy runs by the end of the run; those runs count "
                   f"as its last day ({days}), {bend}.")
    return out


def _people(value: float) -> str:
    return _number(value, "people_losing_shop")


def _spread(row, word: str = "") -> str:
    """A row's 95% interval in a sentence: as magnitudes in the words of its direction ('95%
    interval 2,964 to 4,084 fewer') when it is all on one side of 0, signed and said to include
    0 when it is not; for a share, signed in percentage points."""
    metric = row["metric"]
    low, high = row["ci95_low"], row["ci95_high"]
    tail = " yuan" if unit(metric) == "yuan" else ""
    if math.isnan(low) or math.isnan(high):
        return "one seed, so no interval"
    which = direction(row)
    if low == high == row["difference"] == 0:
        return "no difference in any seed"
    if unit(metric) in ("share", "runs"):
        return f"95% interval {_interval(row)}" + (
            f", which includes 0{_every_seed(row)}" if which == "same" else "")
    if which == "same":
        return (f"the 95% interval of the difference, {_signed(low, metric)} to "
                f"{_signed(high, metric)}{tail}, includes 0{_every_seed(row)}")
    lo, hi = (low, high) if which == "more" else (-high, -low)
    return f"95% interval {_number(lo, metric)} to {_number(hi, metric)}{tail} {word}"


def _as_far(row) -> str:
    """', as far as K seeds can tell' after "about the same" when the seeds differ (the interval
    includes 0 but is not 0 to 0), so that two far-apart means are not read as equal."""
    if row["ci95_low"] == row["ci95_high"] == row["difference"] == 0:
        return ""
    k = int(row["seeds"])
    return f", as far as {k} seed{'s' if k != 1 else ''} can tell"


def _every_seed(row) -> str:
    """', though it is lower with the policy in each of the 3 seeds' when every paired
    difference has the same sign but the interval still includes 0 (few seeds)."""
    k = int(row["seeds"])
    for column, word in (("seeds_policy_lower", "lower"), ("seeds_policy_higher", "higher")):
        if k > 1 and column in row.index and row[column] == k:
            return f", though it is {word} with it in each of the {k} seeds"
    return ""


def _log_ratio(a: float, b: float) -> float:
    return math.log(a / b) if a > 0 and b > 0 else float("nan")


def sentences(table: pd.DataFrame, lever: str = "the policy") -> list[str]:
    """Two sentences, made from the table's figures, on what ``lever`` did: how many more or
    fewer people lost money against a shop and how much more or less they lost in all; then
    how many joined and whether the share of them who lost moved. Each direction follows the
    95% interval (:func:`direction`): "about the same" (or "about as many") when it includes
    0. A share that moves by less than a percentage point
    (:data:`sim.outputs.i18n.SAME_SHARE`) "barely moved"; when the number who lost moved
    mostly because the number who joined did (the share's proportional change is less than
    half that of those who joined, in the same direction as the people), the second sentence
    says so first. Empty when the table lacks these rows."""
    from sim.outputs.i18n import SAME_SHARE, pcts

    rows = table.set_index("metric", drop=False)
    needed = ("people_losing_shop", "lost_shop_fen", "share_losing_shop", "participants")
    if not all(m in rows.index for m in needed):
        return []
    lost, yuan = rows.loc["people_losing_shop"], rows.loc["lost_shop_fen"]
    share, joined = rows.loc["share_losing_shop"], rows.loc["participants"]
    people_dir, yuan_dir, joined_dir = direction(lost), direction(yuan), direction(joined)
    word = {"more": "more", "less": "fewer"}

    counts = f"{_people(lost['policy_mean'])} with it against {_people(lost['base_mean'])} without"
    if people_dir == "same":
        first = (f"With {lever}, about as many people lost money against a shop as without it"
                 f"{_as_far(lost)} ({counts}; {_spread(lost)})")
    else:
        first = (f"With {lever}, {_number(lost['difference'], 'people_losing_shop')} "
                 f"{word[people_dir]} people lost money against a shop ({counts}; "
                 f"{_spread(lost, word[people_dir])})")
    conj = "but" if {people_dir, yuan_dir} == {"more", "less"} else "and"
    amounts = (f"{_number(yuan['policy_mean'], 'lost_shop_fen')} against "
               f"{_number(yuan['base_mean'], 'lost_shop_fen')} yuan")
    if yuan_dir == "same":
        first += (f", {conj} the total they lost was about the same{_as_far(yuan)} ({amounts}; "
                  f"{_spread(yuan)}).")
    else:
        more_less = "more" if yuan_dir == "more" else "less"
        first += (f", {conj} {'they' if people_dir != 'same' else 'those who lost'} lost "
                  f"{_number(yuan['difference'], 'lost_shop_fen')} yuan {more_less} in all "
                  f"({amounts}; {_spread(yuan, more_less)}).")

    sp, sb = pcts(share["policy_mean"], share["base_mean"])
    share_dir = direction(share)
    if share_dir != "same" and abs(share["difference"]) < SAME_SHARE:
        moved = "barely moved"
    else:
        moved = {"same": f"was about the same{_as_far(share)}", "more": "rose",
                 "less": "fell"}[share_dir]
    share_text = (f"the share of them who lost money {moved} ({sp} against {sb}, "
                  f"{_points(share['difference'])}; {_spread(share)})")
    if joined_dir == "same":
        joined_text = (f"about as many people joined{_as_far(joined)} "
                       f"({_people(joined['policy_mean'])} against "
                       f"{_people(joined['base_mean'])}; {_spread(joined)})")
    else:
        joined_text = (f"{_number(joined['difference'], 'participants')} {word[joined_dir]} "
                       f"people joined ({_people(joined['policy_mean'])} against "
                       f"{_people(joined['base_mean'])}; {_spread(joined, word[joined_dir])})")
    by_joining = _log_ratio(joined["policy_mean"], joined["base_mean"])
    by_share = _log_ratio(share["policy_mean"], share["base_mean"])
    mostly_joined = (people_dir != "same" and joined_dir == people_dir
                     and not math.isnan(by_joining) and not math.isnan(by_share)
                     and abs(by_share) < abs(by_joining) / 2)
    if mostly_joined:
        second = (f"The change is mostly in how many joined: {joined_text}, while "
                  f"{share_text}.")
    else:
        second = f"Of those who joined, {share_text}; {joined_text}."
    return [first, second]
