"""Writing a scheme (issue 17): ``extends``, ``pingou new``, the glossary, and README's section
"Model a scheme from its brochure", whose example is run here as a newcomer would run it."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim import api
from sim.commands import cli, new
from sim.scheme import glossary
from sim.scheme import scenario as scenario_mod
from sim.scheme.scenario import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Model a scheme from its brochure", 1)[1].split("\n## ", 1)[0]


def readme_example() -> str:
    section = readme_section()
    block = section.split("<!-- authoring-example:start -->", 1)[1].split(
        "<!-- authoring-example:end -->", 1)[0]
    return re.search(r"```toml\n(.*?)```", block, re.S).group(1)


def values(sc) -> dict:
    """Every field's value but [meta]'s, by dotted name."""
    return {f"{s}.{f}": v for s, sec in sc.to_dict().items() if s not in ("meta", "sources")
            for f, v in sec.items()}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- the README's example ----------------------------------------------------------------------


def test_the_readme_example_is_extends_and_the_changed_lines():
    lines = [line for line in readme_example().splitlines() if line.strip()]
    assert lines == ['extends = "lottery-5-2"', "draw.winners = 1",
                     "rewards.loser_reward_yuan = 5.0"]


def test_the_readme_example_runs_and_its_change_takes_effect(tmp_path):
    path = write(tmp_path / "my-lottery.toml", readme_example())
    out = tmp_path / "out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main(["run", "--scenario", str(path), "--participants", "3000", "--days",
                           "45", "--out", str(out), "--quiet"])
    assert status == 0, err.getvalue()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    daily = pd.read_csv(out / "daily.csv")
    people = pd.read_csv(out / "participants.csv")
    assert summary["scenario"] == "my-lottery"  # as the README says: the run takes the file's name
    groups = int(daily["groups"].sum())
    assert groups > 100 and int(daily["failed_groups"].sum()) == 0
    assert int(daily["robot_seats"].sum()) == 0
    # one winner in each group of five (the preset has two), a 5-yuan reward to each loser
    assert int(daily["winning_seats"].sum()) == groups == int(people["wins"].sum())
    losing_seats = 5 * groups - groups
    assert int(daily["loser_rewards_fen"].sum()) == 500 * losing_seats
    assert int(people["loser_rewards_fen"].sum()) == 500 * losing_seats
    # everything else is the preset's
    mine, preset = scenario_mod.load(str(path)), scenario_mod.load("lottery-5-2")
    changed = {k for k, v in values(mine).items() if values(preset)[k] != v}
    assert changed == {"draw.winners", "rewards.loser_reward_yuan"}


def test_the_readme_title_of_the_example_is_what_the_loader_writes(tmp_path):
    sc = scenario_mod.load(str(write(tmp_path / "my-lottery.toml", readme_example())))
    assert f"(`{sc.meta.title}`)" in " ".join(readme_section().split())
    assert sc.meta.name == "my-lottery"


def test_the_readme_lists_where_the_defaults_differ_from_the_default_preset():
    """README says which fields an empty file does not share with quanmin-pingou."""
    section = " ".join(readme_section().split())
    paragraph = section.split("Without `extends`", 1)[1].split("So a file", 1)[0]
    named = set(re.findall(r"`([a-z_]+\.[a-z0-9_]+)`", paragraph))
    empty, default = scenario_mod.Scenario(), scenario_mod.load("quanmin-pingou")
    differ = {k for k, v in values(empty).items() if values(default)[k] != v}
    assert differ and named == differ


# -- extends -----------------------------------------------------------------------------------


def test_omitted_fields_take_the_presets_values_and_sources(tmp_path):
    path = write(tmp_path / "a.toml", 'extends = "privilege-mode"\n[draw]\nwinners = 2\n')
    sc, base = scenario_mod.load(str(path)), scenario_mod.load("privilege-mode")
    assert sc.draw.winners == 2
    assert {k: v for k, v in values(sc).items() if k != "draw.winners"} == \
        {k: v for k, v in values(base).items() if k != "draw.winners"}
    # the preset's sources go with its values; the changed value is marked as the user's
    assert sc.sources["draw"]["winners"] == "your value in a.toml, not the one of 'privilege-mode'"
    assert sc.sources["draw"]["stake_yuan"] == base.sources["draw"]["stake_yuan"]
    def rest(sources):
        return {(s, f): t for s, fs in sources.items() for f, t in fs.items()
                if (s, f) != ("draw", "winners")}

    assert rest(sc.sources) == rest(base.sources)
    assert sc.meta.name == "a" and sc.meta.title == "privilege-mode, changed: draw.winners = 2"
    assert "changed in a.toml: draw.winners" in sc.meta.source
    assert "your value in a.toml" in scenario_mod.describe(sc)


def test_a_files_own_sources_and_meta_win(tmp_path):
    path = write(tmp_path / "b.toml", 'extends = "lottery-5-2"\ndraw.winners = 1\n'
                 'sources.draw.winners = "my brochure: 5 join, 1 wins"\n'
                 '[meta]\nname = "mine"\ntitle = "My lottery"\n')
    sc = scenario_mod.load(str(path))
    assert sc.sources["draw"]["winners"] == "my brochure: 5 join, 1 wins"
    assert (sc.meta.name, sc.meta.title, sc.meta.title_zh) == ("mine", "My lottery", "")


def test_without_extends_omitted_fields_take_the_defaults(tmp_path):
    sc = scenario_mod.load(str(write(tmp_path / "c.toml", "[draw]\nwinners = 2\n")))
    assert values(sc) == {**values(scenario_mod.Scenario()), "draw.winners": 2}
    assert sc.sources == {}


def test_extends_a_file_that_extends_a_preset(tmp_path):
    write(tmp_path / "base.toml", 'extends = "lottery-5-2"\ndraw.winners = 1\n')
    (tmp_path / "sub").mkdir()
    path = write(tmp_path / "sub" / "top.toml", 'extends = "../base.toml"\ndraw.group_size = 6\n')
    sc = scenario_mod.load(str(path))
    assert (sc.draw.group_size, sc.draw.winners, sc.draw.stake_yuan) == (6, 1, 99.0)
    assert sc.sources["draw"]["winners"] == "your value in base.toml, not the one of 'lottery-5-2'"
    assert sc.sources["draw"]["group_size"] == "your value in top.toml, not the one of 'base'"
    assert sc.meta.name == "top"


@pytest.mark.parametrize("text, words", [
    ('extends = "lotery-5-2"\n', ["unknown preset", "(did you mean 'lottery-5-2'?)"]),
    ('extends = "nowhere.toml"\n', ["no such file"]),
    ('extends = "lottery-5-2.toml"\n', ["no such file", "did you mean the preset 'lottery-5-2'"]),
    ("extends = 3\n", ["must be the name of a preset"]),
    ('extend = "lottery-5-2"\n', ["unknown section [extend]", "did you mean 'extends'"]),
    ('extends = "lottery-5-2"\n[draw]\nwiners = 1\n', ["draw.winers", "did you mean 'winners'"]),
    ('extends = "lottery-5-2"\n[draw]\nwinners = 9\n', ["draw.winners = 9", "at most"]),
])
def test_bad_extends_is_one_line(tmp_path, text, words):
    with pytest.raises(ScenarioError) as exc:
        scenario_mod.load(str(write(tmp_path / "bad.toml", text)))
    message = str(exc.value)
    assert "\n" not in message and message.startswith(str(tmp_path / "bad.toml"))
    for word in words:
        assert word in message


@pytest.mark.parametrize("files", [
    {"self.toml": 'extends = "self.toml"\n'},
    {"x.toml": 'extends = "y.toml"\n', "y.toml": 'extends = "./x.toml"\n'},
])
def test_a_cycle_is_refused_in_one_line(tmp_path, files):
    for name, text in files.items():
        write(tmp_path / name, text)
    first = next(iter(files))
    with pytest.raises(ScenarioError) as exc:
        scenario_mod.load(str(tmp_path / first))
    assert "a cycle" in str(exc.value) and "\n" not in str(exc.value)
    assert f"{first} -> " in str(exc.value)


def test_pingou_show_refuses_an_unknown_preset_in_extends_with_status_2(tmp_path, capsys):
    path = write(tmp_path / "bad.toml", 'extends = "quanmin-pingu"\n')
    assert cli.main(["show", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "did you mean 'quanmin-pingou'" in err


# -- pingou new --------------------------------------------------------------------------------


def new_args(**kw) -> argparse.Namespace:
    """The arguments ``pingou new`` parses (its own parser, as cli.py would build it)."""
    parser = cli.Parser(prog="pingou")
    sub = parser.add_subparsers(dest="command", parser_class=cli.Parser)
    new.add_parser(sub)
    argv = ["new", kw.pop("name")]
    for key, value in kw.items():
        flag = "--" + key.replace("base", "from")
        argv += [flag] if value is True else [flag, str(value)]
    return parser.parse_args(argv)


@pytest.mark.parametrize("preset", ["lottery-5-2", "quanmin-pingou", "consumption-rebate"])
def test_new_writes_the_whole_scenario_that_loads_back_as_the_preset(tmp_path, preset):
    path = tmp_path / "mine.toml"
    assert new.main(new_args(name="mine", base=preset, out=path)) == 0
    text = path.read_text(encoding="utf-8")
    sc, base = scenario_mod.load(str(path)), scenario_mod.load(preset)
    assert values(sc) == values(base) and sc.sources == base.sources
    assert sc.meta.name == "mine"
    # every field with its meaning, section and source, as pingou show prints them
    for sname, scls in scenario_mod.SECTIONS.items():
        for fname, field in scls.model_fields.items():
            assert f"# {field.description} [{field.json_schema_extra['ref']};" in text
            assert re.search(rf"^{fname} = ", text, re.M)
    for sname, fields in base.sources.items():
        for fname, source in fields.items():
            assert f"  # source: {source}" in text


def test_new_extends_writes_a_short_file_with_every_field_commented_out(tmp_path):
    path = tmp_path / "short.toml"
    assert new.main(new_args(name="short", base="lottery-5-2", extends=True, out=path)) == 0
    text = path.read_text(encoding="utf-8")
    assert 'extends = "lottery-5-2"' in text.splitlines()
    assert "# winners = 2  # source: RULEBOOK §12" in text
    sc = scenario_mod.load(str(path))
    assert values(sc) == values(scenario_mod.load("lottery-5-2")) and sc.meta.name == "short"
    # uncommenting a line makes the change, as the file's header says
    write(path, text.replace("# winners = 2  #", "winners = 1  #"))
    assert scenario_mod.load(str(path)).draw.winners == 1


def test_new_refuses_to_replace_a_file_in_one_line_with_status_2(tmp_path):
    path = write(tmp_path / "mine.toml", "# my own notes\n")
    with pytest.raises(cli.UsageError) as exc:
        new.main(new_args(name="mine", out=path))
    assert exc.value.status == 2 and "\n" not in str(exc.value) and "exists" in str(exc.value)
    assert path.read_text(encoding="utf-8") == "# my own notes\n"
    # a second pingou new over its own earlier file is refused all the same
    other = tmp_path / "other.toml"
    new.main(new_args(name="other", out=other))
    before = other.read_text(encoding="utf-8")
    with pytest.raises(cli.UsageError):
        new.main(new_args(name="other", base="lottery-5-2", out=other))
    assert other.read_text(encoding="utf-8") == before


def test_new_writes_name_toml_in_a_folder_and_through_the_atomic_writer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert new.main(new_args(name="here")) == 0
    assert scenario_mod.load("here.toml").meta.name == "here"
    (tmp_path / "dir").mkdir()
    assert new.main(new_args(name="there", out=tmp_path / "dir")) == 0
    assert (tmp_path / "dir" / "there.toml").is_file()
    assert "there.toml" in (tmp_path / "dir" / ".pingou-manifest").read_text(encoding="utf-8")


def test_new_leaves_nothing_when_the_write_fails(tmp_path, monkeypatch):
    from sim.outputs import files

    def full(self, name, text):
        self.path(name).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.Staging, "write_text", full)
    with pytest.raises(cli.WriteError) as exc:
        new.main(new_args(name="mine", out=tmp_path / "a" / "mine.toml"))
    assert "No space left" in str(exc.value) and not (tmp_path / "a").exists()


@pytest.mark.parametrize("kw, words", [
    ({"name": "mine", "base": "lotery-5-2"}, ["--from", "did you mean 'lottery-5-2'"]),
    ({"name": "lottery-5-2"}, ["is a preset's name"]),
    ({"name": "my scheme"}, ["NAME", "must be letters"]),
    ({"name": "../up"}, ["NAME", "must be letters"]),
])
def test_new_refuses_bad_input_in_one_line(tmp_path, kw, words):
    with pytest.raises(cli.UsageError) as exc:
        new.main(new_args(out=tmp_path / "x.toml", **kw))
    assert exc.value.status == 2 and "\n" not in str(exc.value)
    for word in words:
        assert word in str(exc.value)
    assert not (tmp_path / "x.toml").exists()


# -- the glossary ------------------------------------------------------------------------------


def test_every_field_the_glossary_names_exists():
    for term in glossary.TERMS:
        for dotted in term.fields:
            section, _, field = dotted.partition(".")
            assert field in scenario_mod.SECTIONS[section].model_fields, f"{term.zh}: {dotted}"
        assert term.fields or term.note, f"{term.zh}: no field and no note saying why"
    assert len(glossary.fields()) > 60


@pytest.mark.parametrize("word, field", [
    ("不中奖奖励", "rewards.loser_reward_rate"), ("购物金", "rewards.winner_shopping_gold_rate"),
    ("直推", "commission.level1_rate"), ("间推", "commission.level2_rate"),
    ("静态释放", "release.static_daily_rate"), ("动态释放", "release.per_play_rate"),
    ("分红池", "pools.monthly_rate"), ("提现门槛", "withdrawal.min_yuan"),
    ("手续费", "withdrawal.fee_rate"), ("特权", "hidden.privilege_after_wins"),
    ("机器人", "robots.fill"), ("区域代理", "regional.agents"), ("礼包", "gift.vip_price_yuan"),
])
def test_the_glossary_maps_the_brochures_words(word, field):
    assert any(word in t.zh and field in t.fields for t in glossary.TERMS), word


def test_the_glossarys_quotations_are_the_rulebooks():
    rulebook = (ROOT / "docs" / "rulebook.md").read_text(encoding="utf-8")
    for term in glossary.TERMS:
        for quote in re.findall(r"「(.*?)」", term.en + term.note):
            assert quote in rulebook, f"{term.zh}: 「{quote}」 is not quoted in the rulebook"


def test_docs_glossary_md_is_the_glossarys_data_and_its_links_resolve():
    spec = importlib.util.spec_from_file_location("glossary_page", ROOT / "docs" / "glossary.py")
    page = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(page)
    written = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert written == page.page(), "docs/glossary.md is stale: run python docs/glossary.py --write"
    sys.path.insert(0, str(Path(__file__).parent))
    from test_citations import anchors

    targets = re.findall(r"\]\(rulebook\.md#([^)]+)\)", written)
    rulebook_anchors = anchors(ROOT / "docs" / "rulebook.md")
    assert targets and all(t in rulebook_anchors for t in targets)
    for term in glossary.TERMS:
        assert f"| {term.zh} |" in written


def test_pingou_show_glossary_prints_every_term(capsys):
    assert cli.main(["show", "--glossary"]) == 0
    out = capsys.readouterr().out
    assert out == glossary.text()
    for term in glossary.TERMS:
        assert f"{term.zh} ({term.pinyin})" in out
        assert ", ".join(term.fields) in out
    assert cli.main(["show"]) == 2


def test_api_runs_an_extended_file(tmp_path):
    path = write(tmp_path / "tiny.toml", 'extends = "lottery-5-2"\ndraw.winners = 1\n')
    result = api.run(str(path), participants=300, days=20, seed=1)
    assert result.summary["scenario"] == "tiny"
