"""The report's sentences follow the run's own figures (issue 14).

Every comparative sentence is built here from data where the comparison goes one way, the other
way and neither, in English and in Chinese, and must say what the data say. Shares read
together carry the same number of decimals and never round a part to all or nothing. The
fair-shop control's report says nobody is behind a shop; with ``operator.exit_rule=never`` the
report sets what members hold at face value beside what it is worth. The expected figures are
worked out here by hand or from ``participants.csv``'s columns, not by the report's code.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import itertools
import json
import random
import re

import numpy as np
import pandas as pd
import pytest

import sim
from sim import i18n, plots, report

LANGS = ("en", "zh")

#: What each direction of a comparison of shares behind reads as, per language.
SHARE_WORDS = {"en": {"more": "more than", "less": "fewer than", "same": "about the same as"},
               "zh": {"more": "多于", "less": "少于", "same": "大致相同"}}
#: ... and of a comparison of median results (higher is better).
MEDIAN_WORDS = {"en": {"more": "better than", "less": "worse than", "same": "is the same as"},
                "zh": {"more": "好于", "less": "差于", "same": "相同"}}
NOBODY = {"en": "Nobody", "zh": "没有人"}


def says(text: str, words: dict, which: str) -> bool:
    """``text`` has the words of direction ``which`` and none of the others'."""
    return words[which] in text and not any(w in text for k, w in words.items() if k != which)


# -- precision -------------------------------------------------------------------------------------


def test_shares_in_one_sentence_share_their_decimals_worked_by_hand():
    assert i18n.pcts(0.997, 0.999, 0.99, 0) == ["99.7%", "99.9%", "99.0%", "0.0%"]
    assert i18n.pcts(0.9996, 0.5) == ["99.96%", "50.00%"]  # 99.96 must not read 100.0
    assert i18n.pcts(0.00004, 1.0) == ["0.004%", "100.000%"]
    assert i18n.pcts(0.5, 0.5004) == ["50.00%", "50.04%"]  # different shares read differently
    assert i18n.pct_exact(0.966447) == "96.6%" and i18n.pct_exact(0.0) == "0.0%"


def test_no_part_reads_as_all_or_nothing_and_different_shares_never_read_alike():
    rng = random.Random(14)
    edges = [0.0, 1.0, 0.999999, 0.000001, 0.99, 0.999, 0.9996, 0.5, 0.995, 0.005]
    for _ in range(400):
        shares = [round(rng.choice([rng.random(), rng.choice(edges)]), 6)
                  for _ in range(rng.randint(1, 4))]
        texts = i18n.pcts(*shares)
        places = {len(x.rstrip("%").partition(".")[2]) for x in texts}
        assert len(places) == 1, (shares, texts)  # one number of decimals
        (digits,) = places
        assert digits >= 1
        for share, text in zip(shares, texts):
            value = float(text.rstrip("%"))
            assert abs(value - share * 100) <= 0.5 * 10 ** -digits + 1e-9, (share, text)
            if 0 < share < 1:
                assert value not in (0.0, 100.0), (shares, texts)
        for (a, x), (b, y) in itertools.combinations(zip(shares, texts), 2):
            assert (a == b) == (x == y), (shares, texts)


def test_a_sentence_of_shares_uses_one_precision():
    s = sim.run("fair-shop", participants=200, days=30).summary
    s = dict(s, share_losing_cash=0.997, share_losing_cost=0.999, share_losing_sticker=0.0,
             share_losing_shop=0.99, share_losing_told=0.0, median_net_shop_fen=-100,
             lost_shop_fen=5_000)
    lines = report.headline(s)
    assert lines[0].startswith("99.0% of the ")
    assert lines[1].endswith("0.0% of members are behind; against a shop, 99.0%.")
    assert "(cash only), 99.7% got back less" in lines[3]
    assert ("to the platform, 99.9%; at their sticker price, as the seller counts them, "
            "0.0%.") in lines[3]
    assert "99.7% / 99% / 0%" not in " ".join(lines) and "9 of every 10" not in " ".join(lines)
    row = dict(report.key_figures(s))[i18n.t("en", "k_share")]
    assert row == "99.7% / 99.9% / 0.0%"


def test_direction_and_its_tolerance():
    assert i18n.direction(0.52, 0.51, 0.01) == "same"  # one point apart: within the tolerance
    assert i18n.direction(0.5201, 0.51, 0.01) == "more"
    assert i18n.direction(0.4999, 0.51, 0.01) == "less"
    assert i18n.direction(-5, -3) == "less" and i18n.direction(3, 3) == "same"


def test_every_comparison_has_a_template_for_each_direction_in_both_languages():
    bases = {k.rsplit("_", 1)[0] for k in i18n.EN if k.endswith("_more")}
    assert {"cmp_late", "cmp_rec", "cmp_region", "cmp_late_median", "cmp_rec_median",
            "r_place", "r_dist", "be_sticker", "b"} <= bases
    for lang in LANGS:
        for base in bases:
            texts = [i18n.TEXTS[lang][f"{base}_{w}"] for w in ("more", "less", "same")]
            assert len(set(texts)) == 3, (lang, base)


# -- the groups compared -----------------------------------------------------------------------


def group(members: int, share: float, median: int | None = None) -> dict:
    g = {"members": members, "share_losing_shop": share}
    if median is not None:
        g["median_net_shop_all_fen"] = median
    return g


SHARE_CASES = [(0.9, 0.5, "more"), (0.5, 0.9, "less"), (0.505, 0.5, "same"), (0.6, 0.6, "same")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("late, early, which", SHARE_CASES)
def test_later_half_against_first_tenth(lang, late, early, which):
    s = {"last_half": group(1_000, late, -40_000), "first_tenth": group(200, early, -40_000)}
    (text,) = report.comparisons(s, lang)
    assert says(text, SHARE_WORDS[lang], which), text
    a, b = i18n.pcts(late, early)
    if lang == "en":
        assert text.startswith(f"Of the later half to join (1,000 people), {a} are behind a shop")
        assert f"first tenth ({b} of 200" in text
    else:
        assert text.startswith(f"后加入的一半人（1,000人）中，有{a}比在商店购物吃亏")
        assert f"最早加入的十分之一（200人中的{b}）" in text
    assert says(text, MEDIAN_WORDS[lang], "same")  # the medians are equal here


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("late, early, which", [(-50_000, -30_000, "less"),
                                                (-30_000, -50_000, "more"),
                                                (-30_000, -30_000, "same")])
def test_later_half_median_against_first_tenth(lang, late, early, which):
    s = {"last_half": group(1_000, 0.9, late), "first_tenth": group(200, 0.9, early)}
    (text,) = report.comparisons(s, lang)
    median_part = text.split("。" if lang == "zh" else ". ", 1)[1]
    assert says(median_part, MEDIAN_WORDS[lang], which), text
    assert i18n.money(late, lang) in median_part


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rec, none, which", SHARE_CASES)
def test_recruiters_against_members_with_nobody_below(lang, rec, none, which):
    s = {"uplines_10plus": group(50, rec, -20_000), "no_downline": group(900, none, -45_000)}
    (text,) = report.comparisons(s, lang)
    first = text.split("。" if lang == "zh" else ". ", 1)[0]
    assert says(first, SHARE_WORDS[lang], which), text
    a, b = i18n.pcts(rec, none)
    assert (f"(50), {a} are behind" if lang == "en" else f"（50人）中，有{a}") in text
    assert (f"({b} of 900" if lang == "en" else f"900人中的{b}") in text
    # the recruiters' median, -200 yuan, is above the others' -450 yuan: "better"
    assert says(text.split("。" if lang == "zh" else ". ", 1)[1], MEDIAN_WORDS[lang], "more")


@pytest.mark.parametrize("lang", LANGS)
def test_groups_nobody_is_behind_in_and_empty_groups(lang):
    s = {"last_half": group(1_000, 0.0, 0), "first_tenth": group(200, 0.0, 0),
         "uplines_10plus": group(0, 0.0), "no_downline": group(900, 0.3)}
    (text,) = report.comparisons(s, lang)  # the recruiters' group is empty: no sentence on it
    assert text.startswith(NOBODY[lang] if lang == "en" else "后加入的一半人")
    assert NOBODY[lang] in text and "%" not in text


def regions(spec: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Members by region: ``{region: (members, behind)}``; those behind at -100 fen."""
    rows = []
    for region, (members, behind) in spec.items():
        rows += [(region, -100 if i < behind else 0) for i in range(members)]
    df = pd.DataFrame(rows, columns=["region", "net_shop_fen"])
    return df.assign(id=np.arange(len(df)), downline_size=0)


@pytest.mark.parametrize("lang", LANGS)
def test_regions_largest_and_smallest_follow_the_data(lang):
    for spec, hi, lo in [({"R1": (40, 30), "R2": (40, 10), "R3": (5, 5)}, "R1", "R2"),
                         ({"R1": (40, 10), "R2": (40, 30), "R3": (5, 5)}, "R2", "R1")]:
        text = report.region_comparison(regions(spec), lang)
        # R3 (5 members, all behind) is below the minimum size and is not named
        assert "R3" not in text
        if lang == "en":
            assert f"largest in {hi} (75.0% of 40) and smallest in {lo} (25.0% of 40)" in text
        else:
            assert f"以{hi}最高（40人中的75.0%），以{lo}最低（40人中的25.0%）" in text


@pytest.mark.parametrize("lang", LANGS)
def test_regions_about_the_same_nobody_behind_and_too_few(lang):
    text = report.region_comparison(regions({"R1": (200, 100), "R2": (200, 99)}), lang)
    assert ("about the same everywhere" if lang == "en" else "大致相同") in text
    assert "50.0%" in text and "49.5%" in text
    text = report.region_comparison(regions({"R1": (40, 0), "R2": (40, 0)}), lang)
    assert NOBODY[lang] in text or "In no region" in text
    assert report.region_comparison(regions({"R1": (40, 20), "R2": (29, 0)}), lang) is None
    # the comparison is among the sentences when participants are given
    parts = regions({"R1": (40, 30), "R2": (40, 10)})
    assert report.region_comparison(parts, lang) in report.comparisons({}, lang, parts)


def downlines(big: tuple[int, int], none: tuple[int, int]) -> pd.DataFrame:
    """``big`` members with 100 below them and ``none`` with nobody: (members, behind)."""
    rows = [(150, -500 if i < big[1] else 800) for i in range(big[0])]
    rows += [(0, -300 if i < none[1] else 0) for i in range(none[0])]
    df = pd.DataFrame(rows, columns=["downline_size", "net_shop_fen"])
    return df.assign(id=np.arange(len(df)))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("big, none, which", [((10, 8), (10, 2), "more"),
                                              ((10, 2), (10, 8), "less"),
                                              ((10, 5), (10, 5), "same")])
def test_figure_finding_by_place_follows_the_data(lang, big, none, which):
    text = report.place_finding(downlines(big, none), lang)
    assert says(text, {k: v.replace("about the same as", "about the same")
                       for k, v in SHARE_WORDS[lang].items()}, which), text
    assert f"{big[1] * 10}.0%" in text and f"{none[1] * 10}.0%" in text


@pytest.mark.parametrize("lang", LANGS)
def test_figure_finding_by_place_without_a_big_group_or_anyone_behind(lang):
    text = report.place_finding(downlines((0, 0), (10, 3)), lang)
    assert "30.0%" in text and ("nobody had 100" if lang == "en" else "没有人下面有100人以上") in text
    text = report.place_finding(downlines((5, 0), (10, 0)), lang)
    assert NOBODY[lang] in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("first, later, which", [(-100, -900, "less"), (-900, -100, "more"),
                                                 (-400, -400, "same")])
def test_figure_finding_of_the_distribution_follows_the_medians(lang, first, later, which):
    df = pd.DataFrame({"id": np.arange(6), "net_shop_fen": [first] * 3 + [later] * 3})
    text = report.distribution_finding(df, lang)
    assert says(text, MEDIAN_WORDS[lang], which), text
    assert i18n.money(later, lang) in text


@pytest.mark.parametrize("lang", LANGS)
def test_identity_finding_names_the_largest_term(lang):
    ident = {"net_shop_fen": 0, "plus": {"retail_margin_fen": 300, "walk_away_fen": 50},
             "minus": {"operator_take_fen": 1_000, "platform_cash_fen": 200}}
    ident["net_shop_fen"] = 300 + 50 - 1_000 - 200
    text = report.identity_finding({"shop_identity": ident}, lang)
    top = i18n.t(lang, "r_identity_top", top=i18n.t(lang, "r_identity_term",
                                                   name=i18n.t(lang, "id_operator_take_fen"),
                                                   amount=i18n.money(1_000, lang)))
    assert text.endswith(top) and i18n.money(-850, lang) in text
    ident["plus"]["retail_margin_fen"] = 5_000
    ident["net_shop_fen"] = 5_000 + 50 - 1_000 - 200
    text = report.identity_finding({"shop_identity": ident}, lang)
    assert text.endswith(i18n.t(lang, "r_identity_top", top=i18n.t(
        lang, "r_identity_term", name=i18n.t(lang, "id_retail_margin_fen"),
        amount=i18n.money(5_000, lang))))


# -- behind the headline -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_stall_paragraph_counts_worked_by_hand(lang):
    at = {"day": 60, "kind": "outside", "members": 1_000, "behind_told": 100, "behind_shop": 700,
          "behind_shop_at_end": 950, "told_balances_fen": 5_000_000, "walk_away_fen": 1_000_000,
          "told_balances_end_fen": 9_000_000, "walk_away_end_fen": 0}
    text = report.stall_paragraph({"at_stall": at}, lang)
    # 1,000 - 100 = 900 not behind as told (90.0%), 1,000 - 700 = 300 against a shop (30.0%);
    # believed value 50,000 - 10,000 = 40,000 yuan then, 90,000 - 0 at the end
    if lang == "en":
        assert "On day 60, when an outside event stopped recruitment, 1,000 people" in text
        assert "900 of them (90.0%) were not behind; against a shop, 300 (30.0%)" in text
        assert "950 (95.0%) are behind a shop at the end" in text
        assert "was 40,000 yuan that day; at the end it is 90,000 yuan" in text
    else:
        assert "其中900人（90.0%）没有吃亏" in text and "300人（30.0%）没有吃亏" in text
        assert "950人（95.0%）" in text and "当天为4.00万元；到最后为9.00万元" in text
    own = report.stall_paragraph({"at_stall": dict(at, kind="own")}, lang)
    assert ("new members peaked" if lang == "en" else "新成员达到高峰") in own
    assert report.stall_paragraph({}, lang) is None


@pytest.mark.parametrize("lang", LANGS)
def test_loss_split_says_which_way_the_transfers_went(lang):
    split = {"members": 10, "over_market_fen": 3_000, "fees_fen": 100, "stranded_fen": 400,
             "transfers_fen": 2_500}
    split["net_shop_fen"] = split["transfers_fen"] - 3_000 - 100 - 400  # -1,000: 10 yuan lost
    text = report.loss_split_sentence({"loss_split": split}, lang)
    assert sum(plots.loss_parts({"loss_split": split}).values()) == 1_000
    if lang == "en":
        assert text == ("The 10 members behind a shop lost 10.00 yuan in all: they paid 30.00 yuan "
                        "for goods above their shop price, 1.00 yuan went in withdrawal fees and "
                        "4.00 yuan is stranded in balances they cannot withdraw; against that, "
                        "they received 25.00 yuan net from other members and the platform.")
    else:
        assert "合计亏了10.00元" in text and "净得到25.00元" in text
    split = dict(split, transfers_fen=-500, net_shop_fen=-500 - 3_000 - 100 - 400)
    text = report.loss_split_sentence({"loss_split": split}, lang)
    assert i18n.money(4_000, lang) in text
    assert ("5.00 yuan went to other members and the platform, net" in text if lang == "en"
            else "5.00元净流向了其他成员和平台" in text)
    assert ("against that" not in text) and ("另一方面" not in text)
    assert report.loss_split_sentence({"loss_split": dict(split, members=0)}, lang) is None


def break_even(be_fen: int, reason=None) -> dict:
    share = None if reason else be_fen / 10_000
    return {"break_even": {"market_per_cost": None if reason else be_fen / 3_000,
                           "share_of_sticker": share, "assumed_market_per_cost": 1.25,
                           "products": [{"name": "100 yuan draw", "sticker_fen": 10_000,
                                         "cost_fen": 3_000, "market_fen": 3_750,
                                         "break_even_fen": None if reason else be_fen}],
                           "reason": reason}}


@pytest.mark.parametrize("lang", LANGS)
def test_break_even_price_beside_sticker_and_cost(lang):
    text = report.break_even_sentence(break_even(7_001), lang)
    if lang == "en":
        assert text == ("The median member would have broken even against a shop only if the "
                        "goods were worth 70.01 yuan (sticker price 100.00 yuan, cost 30.00 "
                        "yuan); the model takes a shop's price to be 37.50 yuan. That is 70.0% "
                        "of their sticker price.")
    else:
        assert "只有当商品值70.01元（标价100.00元，成本30.00元）时" in text
        assert "这相当于标价的70.0%。" in text
    more = report.break_even_sentence(break_even(12_000), lang)
    assert ("more than their sticker price" if lang == "en" else "比标价还高") in more
    same = report.break_even_sentence(break_even(10_000), lang)
    assert same.endswith(i18n.t(lang, "be_sticker_same"))
    below = report.break_even_sentence(break_even(3_000), lang)  # below a shop's 37.50 yuan
    assert ("as long as the goods are worth at least 30.00 yuan" if lang == "en"
            else "只要商品至少值30.00元") in below
    no_goods = report.break_even_sentence(break_even(0, "no_goods"), lang)
    assert no_goods == i18n.t(lang, "be_no_goods")
    assert report.break_even_sentence(break_even(0, "free"), lang) == i18n.t(lang, "be_free")
    assert report.break_even_sentence({}, lang) is None


# -- whole runs ------------------------------------------------------------------------------------


def sentences(result, lang: str) -> list[str]:
    """Every sentence the report writes about the run: headline, the paragraphs under it and
    the findings under the figures."""
    return (report.headline(result.summary, lang)
            + [text for _, text in report.detail(result, lang)]
            + list(report.findings(result, lang).values()))


@pytest.mark.parametrize("lang", LANGS)
def test_fair_shop_report_says_nobody_is_behind_a_shop(lang):
    result = sim.run("fair-shop", participants=2_000, days=120)
    p = result.participants
    # the control, from the columns: cash result + goods at market + walk-away is 0 for all
    assert ((p["net_cash_fen"] + p["goods_market_fen"] + p["walk_away_fen"]) == 0).all()
    lead = report.headline(result.summary, lang)[0]
    assert lead == i18n.t(lang, "lead_even", participants=f"{len(p):,}")
    written = " ".join(sentences(result, lang))
    if lang == "en":
        assert not re.search(r"\b(lost|lose|loses|losing|loss|losses)\b|worse off|down,", written)
        assert "No member is behind a shop" in written
    else:
        assert "亏了" not in written and "亏损" not in written
        assert "没有成员比在商店购物吃亏" in written
    page = html.unescape(report.render_report(result, {}, lang))
    assert lead in page


@pytest.mark.parametrize("lang", LANGS)
def test_exit_rule_never_sets_told_beside_shop(lang):
    result = sim.run(sim.load("quanmin-pingou", ["operator.exit_rule=never",
                                                 "recruitment.stall_day=none"],
                              participants=2_000, days=150))
    s, p = result.summary, result.participants
    assert s["collapse_day"] is None and s["stall_day"] is None
    told, shop = (p["net_told_fen"] < 0).mean(), (p["net_shop_fen"] < 0).mean()
    assert told < shop  # the reading matters here: the report must say which is which
    a, b = i18n.pcts(told, shop)
    lines = report.headline(s, lang)
    assert lines[1] == i18n.t(lang, "hl_told_shop", told=a, shop=b)
    # what members hold, at the value the scheme gives it: every balance in net_told
    held = int((p["net_told_fen"] - p["net_cash_fen"] - p["goods_sticker_fen"]).sum())
    walk = int(p["walk_away_fen"].sum())
    assert held > walk
    assert lines[2] == i18n.t(lang, "hl_holdings", told_balances=i18n.money(held, lang),
                              walk_away=i18n.money(walk, lang))
    cash = (p["net_cash_fen"] < 0).mean()
    assert i18n.pcts(cash, s["share_losing_cost"], s["share_losing_sticker"])[0] in lines[3]
    assert lines[3].startswith(i18n.t(lang, "hl_cash", cash="@", cost="", sticker="",
                                      median_loss="").split("@")[0])


def test_pingou_run_closing_line_is_on_the_shop_measure(tmp_path, capsys):
    from sim.commands import run as run_command

    args = argparse.Namespace(scenario="quanmin-pingou", overrides=[], participants=300,
                              days=60, seed=None, out=str(tmp_path / "out"), lang="en",
                              quiet=False, figures="png")
    assert run_command.main(args) == 0
    line = capsys.readouterr().err.strip().splitlines()[-1]
    match = re.fullmatch(r"([\d,]+) members; (\d+\.(\d+))% behind a shop \((\d+\.(\d+))% in "
                         r"cash\); ending: (\w+); books off by (\d+) fen\. Report: (.+)", line)
    assert match, line
    people = pd.read_csv(tmp_path / "out" / "participants.csv")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert int(match.group(1).replace(",", "")) == len(people)
    assert len(match.group(3)) == len(match.group(5))  # the same decimals
    for text, column in ((match.group(2), "net_shop_fen"), (match.group(4), "net_cash_fen")):
        share = float((people[column] < 0).mean()) * 100
        assert abs(float(text) - share) <= 0.05 + 1e-9
    assert match.group(6) == summary["ending"] and match.group(7) == "0"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("profit, promises, which", [(5_000, 26_000, "more"),
                                                     (26_000, 5_000, "less"),
                                                     (5_000, 5_000, "same")])
def test_brochure_verdict_follows_promises_against_profit(lang, profit, promises, which):
    """The brochure section's verdict: promises grew by more than the booked "profit" per draw,
    by less, or by as much."""
    result = sim.run("quanmin-pingou", participants=300, days=40)
    groups = int(result.daily["groups"].sum())
    assert groups > 0
    daily = result.daily.copy()
    daily["booked_profit_fen"] = 0
    daily.loc[0, "booked_profit_fen"] = profit * groups
    daily["promises_fen"] = promises * groups
    section = report.brochure(dataclasses.replace(result, daily=daily), lang)
    assert (section["run_profit_fen"], section["run_promises_fen"]) == (profit, promises)
    assert section["verdict"] == i18n.t(lang, f"b_{which}", profit=i18n.money(profit, lang),
                                        promises=i18n.money(promises, lang))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("warning,collapse,expect", [
    (91, 95, "lead4"), (94, 95, "lead1"), (95, 95, "same"), (91, None, "never"),
    (97, 95, "silent"), (None, 95, "silent")])
def test_the_early_warning_sentence_follows_the_days(lang, warning, collapse, expect):
    """The warning is stated with how long before the exit it came, or that payouts never
    stopped; a warning that came after the exit is no warning and is not stated."""
    s = sim.run("fair-shop", participants=200, days=30).summary
    lead = None if warning is None or collapse is None or collapse < warning else collapse - warning
    s = dict(s, collapse_day=collapse,
             early_warning={"day": warning, "lead_days": lead, "window_days": 7})
    text = " ".join(report.headline(s, lang))
    words = {"en": {"lead4": "4 days before payouts stopped", "lead1": "1 day before payouts",
                    "same": "on the day payouts stopped", "never": "payouts never stopped"},
             "zh": {"lead4": "比兑付停止早4天", "lead1": "比兑付停止早1天",
                    "same": "正是兑付停止的那一天", "never": "而兑付始终没有停止"}}[lang]
    marker = {"en": "The early warning", "zh": "预警信号"}[lang]
    if expect == "silent":
        assert marker not in text
    else:
        assert marker in text and f"{warning}" in text and words[expect] in text
        assert all(w not in text for k, w in words.items() if k != expect)
