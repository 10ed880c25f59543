"""Odd input (issue 18): nonsense that used to be accepted silently, values that ended in a
traceback, and messages that printed Python's type repr instead of saying what is allowed.

Each case of :data:`CASES` goes through the command's entry point (``sim.commands.cli.main``),
as ``pingou run`` and as ``pingou draw`` (the two share the scenario's validation), and must
give exit status 2 and one line on stderr, no traceback, that holds the fragments listed: the
field, the value as given and what is allowed. Nothing is written. A few go through a separate
process too, as a user would run them.

Then the valid extremes that used to misbehave: a population whose budgets reach 10^16 yuan
(the log-normal's far tail used to wrap to -9,223,372,036,854,775,808 fen with a numpy
warning), and a scheme with no founders through ``pingou run`` (a KeyError).
"""

from __future__ import annotations

import warnings

import pytest

import sim
from conftest import pingou
from sim.scheme.scenario import SECTIONS, ScenarioError

#: Two standard price zones, for the zones.weights cases.
ZONES = ["--set", "zones.stakes_yuan=[100,200]"]

#: name -> (arguments after the command, TOML file text or None, fragments of the one line).
#: ``{toml}`` in the arguments is the path of the TOML file.
CASES = {
    # -- not a finite number: nan and inf are refused in every field, in a list too
    "weights_nan": (ZONES + ["--set", "zones.weights=[nan,1]"], None,
                    ["zones.weights", "[nan, 1]", "a list of finite numbers"]),
    "weights_inf": (ZONES + ["--set", "zones.weights=[inf,1]"], None,
                    ["zones.weights", "[inf, 1]", "a list of finite numbers"]),
    "weights_nan_in_toml": (["--scenario", "{toml}"],
                            "[zones]\nstakes_yuan = [100.0, 200.0]\nweights = [1.0, nan]\n",
                            ["zones.weights", "[1.0, nan]", "a list of finite numbers"]),
    "stake_nan": (["--set", "draw.stake_yuan=nan"], None,
                  ["draw.stake_yuan", "nan", "finite number >= 0.01"]),
    "invite_rate_inf": (["--set", "recruitment.invite_rate=inf"], None,
                        ["recruitment.invite_rate", "inf", "finite number >= 0 and <= 100"]),
    "optional_number_minus_inf": (["--set", "fund.deposit_end_year=-inf"], None,
                                  ["fund.deposit_end_year", "-inf", "finite number >= 0"]),
    # -- weights: finite, from 0 to 1e9, one per zone, not all 0
    "weights_negative": (ZONES + ["--set", "zones.weights=[-1,1]"], None,
                         ["zones.weights", "[-1.0, 1.0]", "from 0 to 1,000,000,000"]),
    "weights_too_large": (ZONES + ["--set", "zones.weights=[1e300,1e300]"], None,
                          ["zones.weights", "1e+300", "from 0 to 1,000,000,000"]),
    "weights_all_zero": (ZONES + ["--set", "zones.weights=[0,0]"], None,
                         ["zones.weights", "[0.0, 0.0]", "not all 0"]),
    "weights_count": (ZONES + ["--set", "zones.weights=[1,1,1]"], None,
                      ["zones.weights", "[1.0, 1.0, 1.0]", "one weight per zone"]),
    # -- money that would be 0 fen where 0 breaks a rule: at least 0.01 yuan
    "stake_below_a_fen": (["--set", "draw.stake_yuan=1e-9"], None,
                          ["draw.stake_yuan", "1e-09", "an amount in yuan >= 0.01"]),
    "zone_stake_below_a_fen": (["--set", "zones.stakes_yuan=[100,1e-9]"], None,
                               ["zones.stakes_yuan", "[100.0, 1e-09]", "from 0.01"]),
    "large_zone_stake_below_a_fen": (["--set", "zones.large_stakes_yuan=[0.001]"], None,
                                     ["zones.large_stakes_yuan", "0.001", "from 0.01"]),
    "deposit_below_a_fen": (["--set", "fund.deposit_yuan=1e-9"], None,
                            ["fund.deposit_yuan", "1e-09", "an amount in yuan >= 0.01"]),
    "budget_below_a_fen": (["--set", "behaviour.budget_median_yuan=0.001"], None,
                           ["behaviour.budget_median_yuan", "0.001", ">= 0.01"]),
    "large_budget_below_a_fen": (["--set", "zones.large_budget_median_yuan=1e-9"], None,
                                 ["zones.large_budget_median_yuan", "1e-09", ">= 0.01"]),
    # -- money between two fen, where 0 is allowed: refused, not rounded to 0
    "reward_between_fen": (["--set", "rewards.loser_reward_yuan=1e-9"], None,
                           ["rewards.loser_reward_yuan", "1e-09", "whole fen",
                            "at most two decimals"]),
    "ad_revenue_between_fen": (["--set", "ads.yuan_per_active_member_month=0.005"], None,
                               ["ads.yuan_per_active_member_month", "0.005", "whole fen"]),
    # -- rates and shares are whole parts per million: refused, not rounded
    "cost_ratio_7_decimals": (["--set", "draw.cost_ratio=0.1234567"], None,
                              ["draw.cost_ratio", "0.1234567", "whole parts per million",
                               "six decimals"]),
    "founders_share_below_a_ppm": (["--set", "recruitment.founders_share=1e-7"], None,
                                   ["recruitment.founders_share", "1e-07",
                                    "whole parts per million"]),
    "extraction_share_8_decimals": (["--set", "operator.extraction_share=0.12345678"], None,
                                    ["operator.extraction_share", "0.12345678",
                                     "whole parts per million"]),
    "rate_in_toml_7_decimals": (["--scenario", "{toml}"], "[withdrawal]\nfee_rate = 0.0650001\n",
                                ["withdrawal.fee_rate", "0.0650001", "whole parts per million"]),
    # -- dates the run would carry past the calendar's end (9999-12-31)
    "calendar_past_its_end": (["--set", 'points.calendar_start="9999-12-31"'], None,
                              ["points.calendar_start", "9999-12-31", "no later than 9999-12-30",
                               "2 days"]),
    "calendar_past_its_end_bare_date": (["--set", "points.calendar_start=9999-12-31"], None,
                                        ["points.calendar_start", "9999-12-31",
                                         "no later than 9999-12-30"]),
    "calendar_past_its_end_toml_date": (["--scenario", "{toml}"],
                                        "[run]\ndays = 2\n\n[points]\n"
                                        "calendar_start = 9999-12-31\n",
                                        ["points.calendar_start", "9999-12-31",
                                         "no later than 9999-12-30"]),
    "calendar_not_a_date": (["--set", 'points.calendar_start="2025-13-01"'], None,
                            ["points.calendar_start", "2025-13-01", "YYYY-MM-DD"]),
    "calendar_a_number": (["--set", "points.calendar_start=3"], None,
                          ["points.calendar_start", "3", "a date YYYY-MM-DD"]),
    # -- a fund whose deposits would grow past any population in one day (an exact
    #    computation of millions of digits: the run hung)
    "fund_growth_per_day": (["--scenario", "classic-ponzi", "--set", "fund.days_per_year=0.0001",
                             "--set", "fund.deposit_growth_year=100"], None,
                            ["fund.deposit_growth_year = 100", "fund.days_per_year = 0.0001",
                             "at most 700"]),
    # -- type errors say what is allowed in words
    "list_given_a_number": (["--set", "zones.weights=1"], None,
                            ["zones.weights", "1", "must be a list of numbers"]),
    "list_given_text_items": (["--set", 'zones.stakes_yuan=["a"]'], None,
                              ["zones.stakes_yuan", "['a']", "must be a list of numbers"]),
    "number_given_text": (["--set", 'draw.stake_yuan="ten"'], None,
                          ["draw.stake_yuan", "ten", "must be a number"]),
    "number_given_a_list": (["--set", "recruitment.invite_rate=[1]"], None,
                            ["recruitment.invite_rate", "[1]", "must be a number"]),
    "whole_number_or_none": (["--set", 'recruitment.stall_day="soon"'], None,
                             ["recruitment.stall_day", "soon", "a whole number or 'none'"]),
    "number_or_none": (["--set", 'fund.deposit_end_year="soon"'], None,
                       ["fund.deposit_end_year", "soon", "a number or 'none'"]),
    "true_or_false": (["--set", "robots.can_win=3"], None,
                      ["robots.can_win", "3", "must be true or false"]),
    "text": (["--set", "meta.title=3"], None, ["meta.title", "3", "must be text"]),
    "choice_given_a_number": (["--set", "operator.exit_rule=3"], None,
                              ["operator.exit_rule", "3", "'never'", "'net_outflow'"]),
}

#: The two commands that validate a scenario, each with 2 days (so a run from 9999-12-30 is the
#: last that fits the calendar): ``pingou run`` and ``pingou draw``.
COMMANDS = {
    "run": ["run", "--participants", "20", "--days", "2", "--quiet"],
    "draw": ["draw", "--set", "run.days=2"],
}

#: one of each kind, also in a separate process
BY_PROCESS = ("weights_nan", "stake_below_a_fen", "cost_ratio_7_decimals",
              "calendar_past_its_end", "list_given_a_number")


def _argv(tmp_path, command: str, name: str):
    args, toml, _ = CASES[name]
    toml_path = tmp_path / "scenario.toml"
    if toml is not None:
        toml_path.write_text(toml, encoding="utf-8")
    out = tmp_path / "out"
    return [*COMMANDS[command], *[a.format(toml=toml_path) for a in args], "--out", str(out)], out


def _check(name, code, err, out, tmp_path):
    assert code == 2, (code, err)
    assert "Traceback" not in err and "<class" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    for fragment in CASES[name][2]:
        assert fragment in lines[0], f"{fragment!r} missing from: {lines[0]}"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "scenario.toml"] == []


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", CASES)
def test_odd_input_is_one_line(tmp_path, capsys, monkeypatch, command, name):
    from sim.commands.cli import main

    argv, out = _argv(tmp_path, command, name)
    monkeypatch.chdir(tmp_path)
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse may exit on its own
        code = exc.code
    _check(name, code, capsys.readouterr().err, out, tmp_path)


@pytest.mark.parametrize("name", BY_PROCESS)
def test_odd_input_in_a_process(tmp_path, name):
    argv, out = _argv(tmp_path, "run", name)
    proc = pingou(*argv, cwd=tmp_path)
    _check(name, proc.returncode, proc.stderr, out, tmp_path)


def test_the_last_date_that_fits_is_accepted():
    """The control of the calendar cases: 2 days from 9999-12-30 end on 9999-12-31, the
    calendar's last date, and run."""
    r = sim.run("quanmin-pingou", participants=20, days=2,
                overrides=['points.calendar_start="9999-12-30"'])
    assert r.summary["ledger_imbalance_fen"] == 0 and len(r.daily) == 2
    with pytest.raises(ScenarioError, match="no later than 9999-12-30"):
        sim.load("quanmin-pingou", ['points.calendar_start="9999-12-31"'], days=2)


def test_the_controls_are_accepted():
    """The values next to each refused one are accepted: a whole fen, a whole ppm, finite
    weights, a TOML date (read as its text)."""
    sc = sim.load("quanmin-pingou", ["draw.stake_yuan=0.01", "draw.cost_ratio=0.123457",
                                     "zones.stakes_yuan=[100,200]", "zones.weights=[0,1e9]",
                                     "rewards.loser_reward_yuan=0", "fund.deposit_yuan=0.01",
                                     "points.calendar_start=2025-02-01",
                                     "operator.extraction_share=0.000001"])
    assert sc.draw.stake_yuan == 0.01 and sc.points.calendar_start == "2025-02-01"
    assert sc.zones.weights == [0.0, 1e9]
    # a fund growing by e^666 a day (days_per_year 0.15) is still allowed; 0.0001 is not
    assert sim.load("classic-ponzi", ["fund.days_per_year=0.15",
                                      "fund.deposit_growth_year=100"]).fund.days_per_year == 0.15
    # a float computed in Python, a few bits off the decimal, is still the whole fen it means
    assert sim.load("quanmin-pingou", [f"draw.stake_yuan={0.1 + 0.2!r}"]).draw.stake_yuan


#: A value of the wrong type for every kind of field: a table (TOML's inline table) is none
#: of a number, a text, a list, true or false.
WRONG = "{a = 1}"


@pytest.mark.parametrize("section", [s for s in SECTIONS])
def test_no_message_prints_a_python_type(section):
    """Every field given a value of the wrong type: the line names the field and says what
    is allowed in words, never with Python's repr of a type ("<class 'float'>")."""
    for field in SECTIONS[section].model_fields:
        with pytest.raises(ScenarioError) as info:
            sim.load("quanmin-pingou", [f"{section}.{field}={WRONG}"])
        line = str(info.value)
        assert "\n" not in line and f"{section}.{field} = " in line, line
        assert "<class" not in line and "typing" not in line and "Annotated" not in line, line
        assert "must be " in line, line
        allowed = line.split("must be ", 1)[1]
        assert any(word in allowed for word in ("number", "text", "true or false", "list",
                                                "one of", "date")), line


# ---------------------------------------------------------------------------------------
# Valid extremes that used to misbehave
# ---------------------------------------------------------------------------------------


def test_budgets_in_the_far_tail_are_capped_never_wrapped():
    """A median budget of 10^8 yuan with sigma 5: among 20,000 members (all founders, so all
    drawn on day 0) the log-normal's tail passes int64's 9.2 * 10^18 fen, where a budget used
    to wrap to -9,223,372,036,854,775,808 with numpy's "invalid value encountered in cast".
    Now it is capped at 10^18 fen (10^16 yuan, more than anyone can stake in the longest
    run), without a warning, and the run balances."""
    from sim.engine.recruitment import BUDGET_CAP_FEN

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = sim.SchemeModel("quanmin-pingou", participants=20_000, days=3, seed=1,
                                overrides=["behaviour.budget_median_yuan=1e8",
                                           "behaviour.budget_sigma=5",
                                           "recruitment.founders_share=1"])
        model.run()
    budget = model.members.budget[:model.members.count]
    assert model.members.count == 20_000
    assert BUDGET_CAP_FEN == 10**18
    assert budget.min() > 0 and budget.max() == BUDGET_CAP_FEN  # the tail reached the cap
    assert (budget == BUDGET_CAP_FEN).sum() < 100  # only the far tail
    result = sim.api.Result.from_model(model)
    assert result.summary["ledger_imbalance_fen"] == 0
    assert (result.participants["paid_in_fen"] >= 0).all()


def test_pingou_run_with_no_founders_writes_its_files(tmp_path, capsys, monkeypatch):
    """recruitment.founders_share = 0 is valid: nobody is there on day 0 to invite anyone,
    so the scheme never starts. ``sim.run`` runs it and reports zero members
    (tests/test_extremes.py, "no founders"); ``pingou run`` must too: exit 0 and the files."""
    from sim.commands.cli import main

    monkeypatch.chdir(tmp_path)
    code = main(["run", "--participants", "200", "--days", "30", "--quiet",
                 "--set", "recruitment.founders_share=0", "--out", "out"])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "out" / "summary.json").is_file()
