"""The report, its figures and the CSV files: what a journalist sends on.

Checked on a small run of the default scheme: the page is one self-contained file, its headline
is computed from the run, every figure has a caption, the Chinese report has Chinese text and
a font for every Chinese character it shows, the figures use the colour-blind-safe palette,
and the CSV files open cleanly (UTF-8, header row, yuan beside fen).
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import html
import io
import re
import string
import subprocess
import sys
import warnings
from decimal import Decimal

import matplotlib
import numpy as np
import pandas as pd
import pytest

import sim
from sim import i18n, plots, report
from sim.api import with_yuan


@pytest.fixture(scope="module")
def result():
    # an outside stall on day 60 and one signal for all, so that the run has both marks and an
    # exit within its 150 days (the default, with no outside stall: tests/test_lasted.py)
    return sim.run("quanmin-pingou", participants=2_000, days=150, seed=1,
                   overrides=["recruitment.stall_day=60", 'behaviour.newcomers_watched="everyone"'])


@pytest.fixture(scope="module")
def files_en(result):
    return result.files(lang="en")


@pytest.fixture(scope="module")
def files_zh(result):
    return result.files(lang="zh")


def page_text(page: str) -> str:
    """The words a reader sees (no style sheet, no tags, entities decoded)."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page))


# -- the page ----------------------------------------------------------------------------------


def test_report_is_one_self_contained_file_readable_on_a_phone(files_en):
    html = files_en["report.html"].decode("utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    # nothing to fetch: no external script, style sheet, image or font
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html and "<link" not in html
    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert len(images) == len(plots.FIGURES)
    assert all(src.startswith("data:image/png;base64,") for src in images)
    # the embedded images are the figure files
    for name in plots.FIGURES:
        encoded = base64.b64encode(files_en[f"figures/{name}.png"]).decode("ascii")
        assert f"data:image/png;base64,{encoded}" in html


def test_headline_leads_with_the_shop_measure_worked_out_from_the_members(result, files_en):
    """The lead is the share behind a shop, the median loss of those behind and the total they
    lost, recomputed here from participants.csv's net_shop_fen; as told and in cash follow,
    each described as what it is."""
    s = result.summary
    text = page_text(files_en["report.html"].decode("utf-8"))
    people = pd.read_csv(io.BytesIO(files_en["participants.csv"]))
    net = people["net_shop_fen"]
    behind = net[net < 0]
    share = len(behind) / len(people)
    assert 0 < share < 1  # this run has members on both sides
    lead = report.headline(s)[0]
    assert lead == (f"{share * 100:.1f}% of the {len(people):,} members are worse off than if they "
                    "had bought the same goods in an ordinary shop: the median member behind is "
                    f"{i18n.money(-int(round(behind.median())))} down, and those behind lost "
                    f"{i18n.money(-int(behind.sum()))} in all.")
    assert f"<p class=\"lead\"><strong>{lead}</strong></p>" in files_en["report.html"].decode()
    told = (people["net_told_fen"] < 0).mean()
    assert (f"As the scheme tells it (goods at sticker price, every balance on the platform at "
            f"face value), {told * 100:.1f}% of members are behind; against a shop, "
            f"{share * 100:.1f}%.") in text
    cash = (people["net_cash_fen"] < 0).mean()
    assert f"Counting the goods as nothing (cash only), {cash * 100:.1f}% got back less" in text
    assert "More than 9 of every 10" not in text and "lost money." not in text
    assert f"The operator took {i18n.money(s['operator_take_fen'])}" in text
    assert f"Growth stalled on day {s['stall_day']}" in text
    assert s["collapse_day"] is not None  # this run ends with the operator's exit
    assert f"Payouts stopped on day {s['collapse_day']}" in text


def test_headline_numbers_follow_the_summary(result):
    s = dict(result.summary)
    s.update(share_losing_shop=0.62, median_net_shop_fen=-12_345, lost_shop_fen=4_567_800,
             participants=1_234, share_losing_told=0.0, share_losing_cash=0.997,
             share_losing_cost=0.999, share_losing_sticker=0.99, median_loss_cash_fen=54_321,
             operator_take_fen=987_654_321,
             stall_day=None, recruitment_peak_day=41, collapse_day=None, activity_end_day=77,
             peak_day=50, stranded_at_activity_end_fen=55_500)
    lines = report.headline(s)
    assert lines[0] == ("62.0% of the 1,234 members are worse off than if they had bought the "
                        "same goods in an ordinary shop: the median member behind is 123.45 yuan "
                        "down, and those behind lost 45,678 yuan in all.")
    assert lines[1].endswith("0.0% of members are behind; against a shop, 62.0%.")
    joined = " ".join(lines)
    assert ("Counting the goods as nothing (cash only), 99.7% got back less cash than they put in "
            "(the median of them got back 543.21 yuan less); counting the goods at their cost "
            "to the platform, 99.9%; at their sticker price, as the seller counts them, "
            "99.0%.") in joined
    assert "The operator took 9.88 million yuan." in joined
    assert "Growth stalled on its own: new members peaked on day 41" in joined
    assert "Payouts never stopped" in joined and "on day 77" in joined and "555.00 yuan" in joined
    zh = " ".join(report.headline(s, "zh"))
    assert "在1,234名成员中，有62.0%比在普通商店买同样的商品亏得更多" in zh and "987.65万元" in zh


@pytest.mark.parametrize("share, words", [(1.0, "Every member lost money"),
                                          (0.97, "More than 9 of every 10 members lost money"),
                                          (0.912, "About 9 of every 10 members lost money"),
                                          (0.03, "Fewer than 1 in 10 members lost money"),
                                          (0.0, "No member lost money")])
def test_tenths(share, words):
    assert i18n.tenths(share) == words


def test_percentages_never_round_a_part_to_all_or_nothing():
    assert i18n.pct(0.997) == "99.7%"
    assert i18n.pct(0.99999) == "99.999%"
    assert i18n.pct(0.0004) == "0.04%"
    assert i18n.pct(0.5) == "50%"


def test_every_figure_has_a_title_a_caption_and_a_finding(result, files_en):
    html = files_en["report.html"].decode("utf-8")
    figures = re.findall(r"<figure id=\"fig-(\w+)\">(.*?)</figure>", html, flags=re.S)
    assert [name for name, _ in figures] == list(plots.FIGURES)
    for name, body in figures:
        assert "<h3>" in body
        assert "How to read it:" in body, name
        assert "In this run:" in body, name


def test_assumptions_box_shows_values(result, files_en):
    text = page_text(files_en["report.html"].decode("utf-8"))
    assert "The assumptions that drive this result" in text
    b = result.scenario.behaviour
    assert f"behaviour.budget_median_yuan {b.budget_median_yuan}" in text
    assert f"behaviour.quit_threshold {b.quit_threshold}" in text
    assert f"operator.exit_rule {result.scenario.operator.exit_rule}" in text


def test_where_the_money_went_adds_up(result):
    f = plots.money_flow(result)
    assert f["own"] + f["ahead"] + f["suppliers"] + f["operator"] + f["cash"] == f["paid_in"]
    assert f["ahead_early"] + f["ahead_uplines"] + f["ahead_others"] == f["ahead"]
    assert f["paid_in"] == result.summary["paid_in_fen"]


def test_first_figure_is_told_against_shop_with_the_stall_and_exit_marked(result):
    """Daily shares behind as told and against a shop, balances at face value against the
    walk-away total, and the stall and the exit drawn as labelled lines on their days."""
    from matplotlib.colors import to_hex

    assert list(plots.FIGURES)[0] == "told_vs_shop"
    d, s = result.daily, result.summary
    fig = plots.told_vs_shop(result, "en")
    top, bottom = fig.axes[:2]
    drawn = {line.get_label(): line for line in top.get_lines()}
    assert np.allclose(drawn["behind against a shop"].get_ydata(), d["share_losing_shop"] * 100)
    assert np.allclose(drawn["behind as the scheme tells it"].get_ydata(),
                       d["share_losing_told"] * 100)
    lines = {line.get_label(): line for line in bottom.get_lines()}
    unit = 1e8 if d["told_balances_fen"].max() >= 1e8 else 100
    assert np.allclose(lines["balances at the value the scheme gives them"].get_ydata() * unit,
                       d["told_balances_fen"])
    assert np.allclose(lines["what members could walk away with"].get_ydata() * unit,
                       d["walk_away_fen"])
    # this run has an outside stall (day 60) and an exit: both marked, on both panels
    assert s["stall_day"] == 60 and s["collapse_day"] is not None
    for ax in (top, bottom):
        marks = {float(line.get_xdata()[0]) for line in ax.get_lines()
                 if len(set(line.get_xdata())) == 1}
        assert {60.0, float(s["collapse_day"])} <= marks
    labels = [text.get_text() for text in top.texts]
    assert "outside stall (day 60)" in labels
    assert f"payouts frozen (day {s['collapse_day']})" in labels
    shop_colour = to_hex(drawn["behind against a shop"].get_color())
    assert shop_colour == plots.OKABE_ITO["vermillion"].lower()


def test_money_figure_draws_the_identity_to_scale(result):
    """The bars are the identity's terms, each its own height in yuan, and the last bar is the
    members' total against a shop summed from participants.csv's column."""
    s = result.summary
    fig = plots.money_identity(result, "en")
    ax = fig.axes[0]
    bars = [patch for patch in ax.patches]
    terms = plots.identity_terms(s)
    assert len(bars) == len(terms) + 1
    unit = 1e8 if max(abs(v) for _, v in terms) >= 1e8 else 100
    heights = [round(bar.get_height() * unit) for bar in bars]
    assert heights[:-1] == [v for _, v in terms]
    assert heights[-1] == int(result.participants["net_shop_fen"].sum()) == sum(heights[:-1])
    # each bar starts where the one before it ended (a waterfall)
    level = 0
    for bar, (_, v) in zip(bars, terms):
        assert round(bar.get_y() * unit) == level
        level += v
    # the split of the loss, below: its parts add up to what those behind lost
    parts = plots.loss_parts(s)
    behind = result.participants["net_shop_fen"]
    assert sum(parts.values()) == -int(behind[behind < 0].sum())


def test_by_week_agrees_with_the_cohorts_table(result):
    weeks, c = plots.by_week(result.participants), result.cohorts
    assert weeks["join_week"].tolist() == c["join_week"].tolist()
    assert weeks["members"].tolist() == c["members"].tolist()
    assert np.allclose(weeks["share_losing_shop"], c["share_losing_shop"], atol=1e-6)
    assert np.allclose(weeks["share_losing_told"], c["share_losing_told"], atol=1e-6)
    assert weeks["median_net_cash_fen"].tolist() == c["median_net_cash_fen"].tolist()


def test_breakdowns_cover_every_member(result):
    for name, table in plots.breakdowns(result).items():
        assert table["members"].sum() == len(result.participants), name


# -- the brochure's arithmetic -------------------------------------------------------------------


def test_brochure_section_sets_the_seller_view_beside_the_run(result, files_en):
    brochure = pytest.importorskip("sim.analysis.brochure")
    d = result.daily
    groups = int(d["groups"].sum())
    section = report.brochure(result)
    assert section is not None
    assert section["run_profit_fen"] == round(int(d["booked_profit_fen"].sum()) / groups)
    assert section["run_promises_fen"] == round(int(d["promises_fen"].iloc[-1]) / groups)
    seller = brochure.per_draw(result.scenario)["seller_profit_fen"]
    text = page_text(files_en["report.html"].decode("utf-8"))
    assert "The brochure's arithmetic against the run" in text
    assert i18n.money(seller) in text
    assert i18n.money(section["run_promises_fen"]) in text


def test_report_has_no_brochure_section_when_no_group_was_drawn(result):
    """With no draw in the run there is nothing to set the brochure's figures beside."""
    nothing_drawn = dataclasses.replace(result, daily=result.daily.assign(groups=0))
    assert report.brochure(nothing_drawn) is None
    html = report.render_report(nothing_drawn, {}, lang="en")
    assert "The brochure's arithmetic" not in html


# -- Chinese -------------------------------------------------------------------------------------


def test_both_languages_have_the_same_texts_and_slots():
    assert set(i18n.EN) == set(i18n.ZH)
    fields = (lambda text: {f for _, f, _, _ in string.Formatter().parse(text) if f})
    for key in i18n.EN:
        assert fields(i18n.EN[key]) == fields(i18n.ZH[key]), key


def test_zh_report_is_in_chinese(result, files_zh):
    html = files_zh["report.html"].decode("utf-8")
    assert '<html lang="zh-CN">' in html
    text = page_text(html)
    assert report.headline(result.summary, "zh")[0] in text
    assert "比在普通商店买同样的商品亏得更多" in text
    assert f"第{result.summary['collapse_day']}天兑付停止" in text
    assert "决定这一结果的假设" in text
    # the behavioural assumptions are explained in Chinese, not in the scenario's English
    for name in ("behaviour.quit_threshold", "behaviour.budget_median_yuan", "operator.exit_rule"):
        assert i18n.ASSUMPTIONS_ZH[name] in text
    assert "Below this trust a member stops playing" not in text
    # the heading names the scheme in Chinese (the preset's title_zh), the English page in English
    h1 = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert "全民拼购拼团抽奖：10人团，3人中奖" in h1 and "group-buy lottery" not in h1


def test_every_preset_has_a_chinese_title():
    from sim.scheme.scenario import load, preset_names

    for name in preset_names():
        title_zh = load(name).meta.title_zh
        assert title_zh and any("\u4e00" <= ch <= "\u9fff" for ch in title_zh), name


def test_zh_report_carries_a_font_for_every_chinese_character(files_zh):
    from fontTools.ttLib import TTFont

    html = files_zh["report.html"].decode("utf-8")
    match = re.search(r"font-family: 'pingou-cjk'; "
                      r"src: url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\) format\('woff'\); "
                      r"unicode-range: ([^;]+);", html)
    assert match, "no embedded Chinese font"
    font = TTFont(io.BytesIO(base64.b64decode(match.group(1))))
    cmap = font.getBestCmap()
    shown = {ch for ch in page_text(html) if ord(ch) > 0x2000}
    assert len(shown) > 100
    served = [ch for ch in shown if i18n.is_cjk(ch)]
    assert not [ch for ch in served if ord(ch) not in cmap], "characters without a glyph (tofu)"
    # what the font does not serve is typographic punctuation any system font has
    assert {ch for ch in shown if not i18n.is_cjk(ch)} <= set("“”‘’–—…−·")
    assert match.group(2) == i18n.CJK_UNICODE_RANGE
    body_fonts = re.search(r"body \{ font-family: ([^;]+);", html).group(1)
    assert body_fonts.startswith('"pingou-cjk"')  # the page's text uses it


def _glyph_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if "missing from" in str(w.message)
            or "Glyph" in str(w.message)]


def test_zh_figures_render_chinese_without_missing_glyphs(result):
    assert i18n.register_cjk_font() == "Noto Sans CJK SC"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pngs = plots.render_pngs(result, lang="zh")
    assert not _glyph_warnings(caught)
    assert set(pngs) == set(plots.FIGURES)
    # and the Chinese labels do reach the font: without it, the same text does warn
    from matplotlib.figure import Figure

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
            fig = Figure()
            fig.suptitle(i18n.t("zh", "f_growth"))
            fig.savefig(io.BytesIO(), format="png")
    assert _glyph_warnings(caught)


def test_zh_and_en_figures_differ_only_by_language(result, files_en, files_zh):
    for name in plots.FIGURES:
        assert files_en[f"figures/{name}.png"] != files_zh[f"figures/{name}.png"]
    assert files_en["daily.csv"] == files_zh["daily.csv"]


# -- figures -------------------------------------------------------------------------------------


def _colours(fig) -> set[str]:
    from matplotlib.colors import to_hex

    found = set()
    for ax in fig.axes:
        for line in ax.get_lines():
            found.add(to_hex(line.get_color()))
        for patch in ax.patches:
            found.add(to_hex(patch.get_facecolor(), keep_alpha=False))
        for coll in ax.collections:
            for colour in coll.get_facecolor():
                found.add(to_hex(colour, keep_alpha=False))
    return found


def test_figures_use_the_okabe_ito_palette_and_greys(result):
    from matplotlib.colors import to_rgb

    allowed = {c.lower() for c in plots.OKABE_ITO.values()}
    for name, make in plots.FIGURES.items():
        for colour in _colours(make(result, "en")):
            r, g, b = to_rgb(colour)
            assert colour in allowed or (r == g == b), f"{name}: {colour} is not in the palette"


def test_pngs_carry_no_date_or_software_stamp(files_en):
    for name in plots.FIGURES:
        png = files_en[f"figures/{name}.png"]
        assert b"Software" not in png and b"Creation Time" not in png and b"tIME" not in png


def test_outputs_are_byte_identical_for_the_same_run(result, files_zh):
    again = result.files(lang="zh")
    assert again == files_zh


# -- CSV files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, table", [("daily.csv", "daily"),
                                         ("participants.csv", "participants"),
                                         ("cohorts.csv", "cohorts"),
                                         ("contacts.csv", "contacts")])
def test_csv_files_open_cleanly_with_yuan_beside_fen(result, files_en, name, table):
    data = files_en[name]
    assert not data.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte-order mark
    assert data.decode("ascii")  # plain ASCII, so any spreadsheet reads it in any encoding
    assert b"\r" not in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header = rows[0]
    assert all(len(row) == len(header) for row in rows)
    original = list(getattr(result, table).columns)
    twins = {c for c in header if c.endswith("_yuan") and c[:-5] + "_fen" in header}
    assert [c for c in header if c not in twins] == original
    for i, column in enumerate(header):
        if column.endswith("_fen"):
            assert header[i + 1] == column[:-4] + "_yuan"
            for row in rows[1:]:
                fen, yuan = row[i], row[i + 1]
                if fen == "":
                    assert yuan == ""
                    continue
                assert re.fullmatch(r"-?\d+\.\d\d", yuan), yuan
                assert Decimal(yuan) * 100 == Decimal(fen)


def test_contract_columns_are_kept(files_en):
    daily = pd.read_csv(io.BytesIO(files_en["daily.csv"]))
    for column in ("day", "new_members", "active_members", "seats", "groups", "failed_groups",
                   "paid_in_fen", "withdrawn_fen", "withdraw_requested_fen",
                   "withdraw_waiting_fen", "platform_cash_fen", "operator_take_fen",
                   "wallets_fen", "shopping_gold_fen", "ledger_imbalance_fen"):
        assert column in daily.columns
    people = pd.read_csv(io.BytesIO(files_en["participants.csv"]))
    for column in ("id", "join_day", "upline", "depth", "identity", "region", "seats", "wins",
                   "paid_in_fen", "withdrawn_fen", "wallet_fen", "shopping_gold_fen",
                   "goods_cost_fen", "goods_sticker_fen", "net_cash_fen"):
        assert column in people.columns
    assert (people["net_cash_yuan"] * 100).round().astype("int64").equals(people["net_cash_fen"])


def test_with_yuan_handles_missing_values():
    df = pd.DataFrame({"a_fen": pd.array([1234, None, -5], dtype="Int64"), "b": [1, 2, 3]})
    out = with_yuan(df)
    assert list(out.columns) == ["a_fen", "a_yuan", "b"]
    assert list(out["a_yuan"]) == ["12.34", "", "-0.05"]


def test_write_csv_quotes_only_text_that_needs_it_and_chunks_do_not_show(monkeypatch):
    import sim.api as api

    df = pd.DataFrame({"name": ["plain", "a, b", 'say "hi"'],
                       "amount_fen": pd.array([-1, None, 9_007_199_254_740_993], dtype="Int64"),
                       "share": [0.5, 0.0, 1e-05]})
    buf = io.BytesIO()
    api.write_csv(df, buf)
    text = buf.getvalue().decode("utf-8")
    # worked by hand: -1 fen is -0.01 yuan; 2**53 + 1 fen stays exact (no float on the way)
    assert text.splitlines()[0] == "name,amount_fen,amount_yuan,share"
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1:] == [["plain", "-1", "-0.01", "0.5"], ["a, b", "", "", "0"],
                        ['say "hi"', "9007199254740993", "90071992547409.93", "0.00001"]]
    # without commas or quotes nothing is quoted; a table written in chunks of 2 rows is the
    # same bytes as one written whole
    plain = pd.DataFrame({"status": ["quit", "active", "quit", "hooked", "quit"],
                          "net_fen": [100, -250, 0, 7, -99_999]})
    whole = io.BytesIO()
    api.write_csv(plain, whole)
    assert b'"' not in whole.getvalue()
    monkeypatch.setattr(api, "CSV_CHUNK_ROWS", 2)
    chunked = io.BytesIO()
    api.write_csv(plain, chunked)
    assert chunked.getvalue() == whole.getvalue() == (
        b"status,net_fen,net_yuan\nquit,100,1.00\nactive,-250,-2.50\nquit,0,0.00\n"
        b"hooked,7,0.07\nquit,-99999,-999.99\n")


# -- the command ---------------------------------------------------------------------------------


def test_pingou_run_lang_zh_and_a_bad_language(tmp_path):
    done = subprocess.run([sys.executable, "-m", "sim", "run", "--participants", "300", "--days",
                           "60", "--out", str(tmp_path / "zh"), "--lang", "zh", "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "zh" / "report.html").read_text(encoding="utf-8")
    assert "谁亏了钱" in html
    bad = subprocess.run([sys.executable, "-m", "sim", "run", "--lang", "fr", "--out",
                          str(tmp_path / "fr")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1 and "--lang" in bad.stderr
    assert not (tmp_path / "fr").exists()


def test_english_figures_draw_chinese_names_without_missing_glyphs():
    """gift-package's identities carry Chinese names; the English figures draw them with the
    Chinese font as a fallback, so matplotlib warns of no missing glyph (they were boxes)."""
    import warnings

    from sim.outputs.plots import render_pngs

    result = sim.run("gift-package", participants=2000, days=120, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pngs = render_pngs(result, lang="en")
    assert pngs


# -- issue 17: the figure and page defects ------------------------------------------------------


def test_assumption_names_are_never_broken_mid_word(files_en):
    page = files_en["report.html"].decode("utf-8")
    assert "td.key code { overflow-wrap: normal; word-break: normal; white-space: nowrap; }" in page
    assert '<td class="key"><code>recruitment.stall_day</code></td>' in page
    css = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    # the rule that keeps names whole comes after the general one that lets code wrap anywhere
    assert css.index("td.key code") > css.index("code { font-size")


def test_histogram_says_it_is_clipped_and_how_many_lie_outside(result):
    values = (result.participants["net_shop_fen"] / plots.YUAN).to_numpy()
    below, above = plots.distribution_outside(values)
    bins = plots.distribution_bins(values)
    assert below == int((values < bins[0]).sum()) and above == int((values > bins[-1]).sum())
    assert below + above > 0  # 2,000 members: the 1st and 99th percentiles leave some out
    for lang in ("en", "zh"):
        with matplotlib.rc_context(i18n.figure_style(lang)):
            fig = plots.net_distribution(result, lang)
        label = fig.axes[0].get_xlabel()
        assert f"{below:,}" in label and f"{above:,}" in label
        words = report.findings(result, lang)["net_distribution"]
        assert f"{below:,}" in words and f"{above:,}" in words
    assert "1st to 99th percentile" in plots.net_distribution(result, "en").axes[0].get_xlabel()


def test_regions_without_members_are_named_in_the_figure_and_the_words():
    r = sim.run("quanmin-pingou", participants=300, days=30, seed=1)
    empty = plots.empty_regions(r)
    present = set(r.participants["region"])
    assert empty and not present & set(empty)
    assert len(empty) + len(present) == r.scenario.recruitment.regions
    for lang in ("en", "zh"):
        with matplotlib.rc_context(i18n.figure_style(lang)):
            fig = plots.by_place(r, lang)
        notes = [t.get_text() for ax in fig.axes for t in ax.texts]
        assert any(all(region in n for region in empty) for n in notes), notes
        assert all(region in report.findings(r, lang)["by_place"] for region in empty)
