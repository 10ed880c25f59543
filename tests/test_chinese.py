"""Chinese throughout (issue 17): the Chinese report of every preset, the Chinese draw page and
the closing line of ``pingou run --lang zh`` hold no English prose outside names, field keys,
units and numbers.

"English prose" is a run of three or more English words in a row, once the page is stripped of
its markup, its ``<code>`` elements (commands to type, scenario names), its embedded data
(figures, the font) and styles, the scenario fields' dotted keys (``draw.stake_yuan``), the
presets' names and the few names the pages cite (the rulebook, the authors of the evidence).
"""

from __future__ import annotations

import html
import re

import pytest

import sim
from sim.commands import cli
from sim.outputs import i18n, plots, report
from sim.outputs.report import assumption_rows
from sim.scheme import scenario as scenario_mod

PRESETS = scenario_mod.preset_names()

#: Names the Chinese pages may cite as they are.
NAMES = ("pingou-sim", "RULEBOOK", "ANCHORS.md", "ANCHORS", "MODEL.md", "MODEL", "Artzrouni",
         "Ponzi", "Zhu", "docs/rulebook.md", "VIP", "local_trust", "well-mixed", "small-world",
         "scale-free", "clustered", "file", "none", "true", "false")
#: A run of three or more English words, separated by spaces or light punctuation only.
PROSE = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:[ \t,;:]+[A-Za-z][A-Za-z'’\-]*){2,}")
FIELD_KEY = re.compile(r"\b[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b")


def words(page: str) -> str:
    """The words a reader sees on ``page``, less what may stay in English (module docstring)."""
    page = re.sub(r"data:[^\"')\s]+", " ", page)
    page = re.sub(r"<(style|script|code)\b.*?</\1>", " ", page, flags=re.S | re.I)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = FIELD_KEY.sub(" ", text)
    for name in sorted((*PRESETS, *NAMES), key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text)
    return text


def english_prose(text: str) -> list[str]:
    return sorted(set(PROSE.findall(text)))


def test_the_check_finds_english_prose():
    assert english_prose(words("<p>图中 the goods at sticker price 元</p>")) == [
        "the goods at sticker price"]
    assert english_prose(words("<p>见 <code>pingou run --set a.b=1</code>，draw.stake_yuan "
                               "与 RULEBOOK §14.1 (A3)</p>")) == []


@pytest.mark.parametrize("name", PRESETS)
def test_zh_report_of_every_preset_has_no_english_prose(name):
    result = sim.run(name, participants=300, days=30, seed=1)
    page = report.render_report(result, plots.render_pngs(result, "zh"), "zh")
    assert '<html lang="zh-CN">' in page
    assert english_prose(words(page)) == [], name
    # the source line is the preset's, in Chinese
    assert i18n.source_zh(result.scenario.meta.source) != result.scenario.meta.source


@pytest.mark.parametrize("name", PRESETS)
def test_zh_draw_page_of_every_preset_has_no_english_prose(name, tmp_path):
    assert cli.main(["draw", "--scenario", name, "--lang", "zh", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "draw.html").read_text(encoding="utf-8")
    assert english_prose(words(page)) == [], name


def test_every_assumption_a_preset_lists_has_a_chinese_meaning():
    missing = {row[0] for name in PRESETS
               for row in assumption_rows(scenario_mod.load(name), "zh")
               if row[2] == i18n.ASSUMPTION_ZH_MISSING}
    assert not missing


def test_chinese_is_spaced_one_way():
    """No space between Chinese and a number, a Latin word or more Chinese, in every template
    (the commands inside <code> keep theirs)."""
    han = "\u4e00-\u9fff\uff00-\uffef\u3000-\u303f"
    spaced = re.compile(rf"[{han}] +[0-9A-Za-z{han}]|[0-9A-Za-z%] +[{han}]")
    for key in i18n.ZH:
        text = i18n.t("zh", key, **{k: "1" for k in re.findall(r"{(\w+)}", i18n.ZH[key])})
        outside = re.sub(r"<code>.*?</code>", "", text)
        assert not spaced.search(outside), (key, text)
    assert i18n.money(123_456, "zh") == "1,234.56元" and i18n.money(98_765_432, "zh") == "98.77万元"


def test_closing_line_of_pingou_run_lang_zh_is_chinese(tmp_path, capsys):
    status = cli.main(["run", "--participants", "200", "--days", "20", "--lang", "zh",
                       "--out", str(tmp_path / "zh")])
    assert status == 0
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "名成员" in last and "报告：" in last, last
    assert english_prose(words(last.replace(str(tmp_path), " "))) == [], last
    cli.main(["run", "--participants", "200", "--days", "20", "--out", str(tmp_path / "en")])
    assert "members;" in capsys.readouterr().err


def test_user_scenario_gets_its_chinese_title(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[meta]\nname = "mine"\ntitle = "My own scheme"\ntitle_zh = "我自己的方案"\n'
                    '\n[draw]\nwinners = 2\n', encoding="utf-8")
    assert cli.main(["run", "--scenario", str(path), "--participants", "200", "--days", "20",
                     "--lang", "zh", "--out", str(tmp_path / "out"), "--quiet"]) == 0
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "我自己的方案" in h1 and "My own scheme" not in h1
