"""Every citation the package prints resolves to a heading of ``docs/`` (issue 17).

The package cites its design by short names: ``RULEBOOK §14.1`` (a numbered section of
``docs/rulebook.md``), ``A43`` (an ambiguity, an entry headed "A43." there), ``MODEL §2`` or
``MODEL.md §2`` (a numbered section of ``docs/model.md``) and ``ANCHORS.md (云联惠)`` or
``ANCHORS "The law"`` (``docs/evidence.md``: the words in brackets or quotes name one of its
headings). The source documents are cited by their titles as ``docs/rulebook.md`` §0.1 lists
them, never by a file name.

What is collected, for every preset: the field declarations (meaning, section, source), the
presets' own ``[sources]``, ``pingou scenarios`` and ``pingou show NAME``, the assumptions
table's reference column (``scenario.assumptions``), ``pingou draw`` (text and ``draw.html``);
``report.html`` of one small run in each language; the notebooks' markdown; and every string
literal and comment in ``sim/**/*.py`` and the page templates (docstrings included). A bare
``§n`` belongs to the document named just before it in the same list (``MODEL §4-§5``),
otherwise to the rulebook.
"""

from __future__ import annotations

import ast
import contextlib
import html
import io
import json
import re
import tokenize
from collections import Counter
from pathlib import Path

import pytest

from sim.commands import cli
from sim.scheme import scenario as scenario_mod

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RULEBOOK, MODEL, EVIDENCE = DOCS / "rulebook.md", DOCS / "model.md", DOCS / "evidence.md"
#: the documents of docs/ that other documents and the README link into
DESIGN = (RULEBOOK, MODEL, EVIDENCE)

# -- the documents' headings ---------------------------------------------------------------------

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s")
AMBIGUITY_HEADING = re.compile(r"^A(\d+)\.\s")


def headings(path: Path) -> list[tuple[int, str, int]]:
    """(level, text, line number) of every heading outside code blocks."""
    out, fenced = [], False
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.startswith("```"):
            fenced = not fenced
            continue
        m = None if fenced else HEADING.match(line)
        if m:
            out.append((len(m.group(1)), m.group(2), i))
    return out


def slug(text: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped (letters of any
    script, digits, spaces, hyphens and underscores kept), spaces to hyphens."""
    text = re.sub(r"[`*_]{1,2}(?=\S)|(?<=\S)[`*_]{1,2}", "", text.strip().lower())
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen, out = Counter(), set()
    for _, text, _ in headings(path):
        base = slug(text)
        out.add(base if not seen[base] else f"{base}-{seen[base]}")
        seen[base] += 1
    return out


def numbered(path: Path) -> dict[str, tuple[int, int]]:
    """Section number ("14.1") -> (first line, line after the section) of a document."""
    heads = headings(path)
    out = {}
    for k, (level, text, line) in enumerate(heads):
        m = NUMBERED.match(text)
        if not m:
            continue
        end = next((ln for lv, _, ln in heads[k + 1:] if lv <= level),
                   len(path.read_text(encoding="utf-8").splitlines()))
        out[m.group(1)] = (line, end)
    return out


def section_text(path: Path, number: str) -> str:
    start, end = numbered(path)[number]
    return "\n".join(path.read_text(encoding="utf-8").splitlines()[start:end])


RULE_SECTIONS = numbered(RULEBOOK)
MODEL_SECTIONS = numbered(MODEL)
AMBIGUITIES = {int(m.group(1)) for _, text, _ in headings(RULEBOOK)
               if (m := AMBIGUITY_HEADING.match(text))}


def normal(text: str) -> str:
    return " ".join(re.sub(r"[()\"“”]", " ", text).lower().split())


EVIDENCE_HEADINGS = [normal(text) for _, text, _ in headings(EVIDENCE)]


def source_documents() -> list[tuple[str, str]]:
    """(short title, the entry's text) of each source document in rulebook §0.1."""
    text = section_text(RULEBOOK, "0.1")
    parts = re.split(r"^#### (.+)$", text, flags=re.M)
    return [(parts[i].strip(), parts[i + 1]) for i in range(1, len(parts), 2)]


# -- what the package prints ---------------------------------------------------------------------


def pingou(*argv: str) -> str:
    """What ``pingou ARGV`` prints (in-process), failing the test if it fails."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(argv))
    assert status == 0, f"pingou {' '.join(argv)}: {err.getvalue()}"
    return out.getvalue()


def page_text(page: str) -> str:
    """The words of an HTML page: no embedded data (figures, fonts), styles or scripts."""
    page = re.sub(r"data:[^\"')\s]+", " ", page)
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def has_option(command: str, option: str) -> bool:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return option in sub.choices[command]._option_string_actions


def python_texts() -> list[tuple[str, str]]:
    """Every string literal (docstrings included) and comment of sim/**/*.py."""
    out = []
    for path in sorted((ROOT / "sim").rglob("*.py")):
        where = str(path.relative_to(ROOT))
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.append((f"{where}:{node.lineno}", node.value))
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                out.append((f"{where}:{tok.start[0]}", tok.string))
    return out


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> list[tuple[str, str]]:
    """(where, text) of everything collected (see the module docstring)."""
    texts = []
    for sname, section in scenario_mod.SECTIONS.items():
        texts.append((f"fields [{sname}]", section.__doc__ or ""))
        for fname, field in section.model_fields.items():
            extra = field.json_schema_extra or {}
            texts += [(f"fields {sname}.{fname}", field.description or ""),
                      (f"fields {sname}.{fname} ref", str(extra.get("ref", ""))),
                      (f"fields {sname}.{fname} source", str(extra.get("source", "")))]
    texts.append(("pingou scenarios", pingou("scenarios")))
    tmp = tmp_path_factory.mktemp("citations")
    langs = ["en"] + (["zh"] if has_option("draw", "--lang") else [])
    for name in scenario_mod.preset_names():
        sc = scenario_mod.load(name)
        texts.append((f"{name} [meta]", f"{sc.meta.title}\n{sc.meta.title_zh}\n{sc.meta.source}"))
        texts += [(f"{name} [sources.{s}] {f}", t) for s, fs in sc.sources.items()
                  for f, t in fs.items()]
        texts += [(f"{name} assumptions {row[0]}", str(row[3]))
                  for row in scenario_mod.assumptions(sc)]
        texts.append((f"pingou show {name}", pingou("show", name)))
        for lang in langs:
            out = tmp / f"draw-{name}-{lang}"
            extra = ("--lang", lang) if lang != "en" else ()
            texts.append((f"pingou draw {name} {lang}",
                          pingou("draw", "--scenario", name, "--out", str(out), *extra)))
            texts.append((f"draw.html {name} {lang}",
                          page_text((out / "draw.html").read_text(encoding="utf-8"))))
    for lang in ("en", "zh"):
        out = tmp / f"run-{lang}"
        pingou("run", "--participants", "400", "--days", "40", "--out", str(out), "--lang", lang,
               "--quiet")
        texts.append((f"report.html {lang}",
                      page_text((out / "report.html").read_text(encoding="utf-8"))))
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texts += [(f"{notebook.name} cell {i}", "".join(c["source"]))
                  for i, c in enumerate(cells) if c["cell_type"] == "markdown"]
    texts += python_texts()
    for template in sorted((ROOT / "sim").rglob("*.j2")):
        texts.append((str(template.relative_to(ROOT)), template.read_text(encoding="utf-8")))
    return texts


# -- the citations in a text ---------------------------------------------------------------------

DOC = r"RULEBOOK|MODEL(?:\.md)?|ANCHORS(?:\.md)?"
SEC = r"§\s?\d+(?:\.\d+)*"
#: a document named before a list of its sections: "MODEL §4-§5", "RULEBOOK §15, §16.3"
CHAIN = re.compile(rf"\b({DOC})\s*({SEC}(?:\s*(?:,|-|–|and|or)\s*{SEC})*)")
SECTION = re.compile(r"§\s?(\d+(?:\.\d+)*)")
AMBIGUITY = re.compile(r"\bA(\d{1,2})\b(?:\s*[-–]\s*A(\d{1,2})\b)?")
ANCHOR_CITE = re.compile(r"\bANCHORS(?:\.md)?(?:\s*\(([^)]*)\)|\s*\"([^\"]*)\"|:\s*([^,;()]+))?")
QUOTE = re.compile(r"§17 quote (\d+)")
RULE = re.compile(r"§9\.1 rule (\d+)")
#: how the source documents must not be cited: by file name or file number, or a path
#: outside the repository
FORBIDDEN = re.compile(r"\bfile[ -]?00\d\b|文件\s?00\d|\b\d{3}_[0-9a-f]{16}\b|shared/")


def citations(text: str) -> list[tuple[str, str]]:
    """(kind, target) of every citation in ``text``: kinds "RULEBOOK", "MODEL", "A", "ANCHORS"."""
    out, owner = [], {}
    for m in CHAIN.finditer(text):
        doc = m.group(1).removesuffix(".md")
        for s in SECTION.finditer(m.group(2)):
            owner[m.start(2) + s.start()] = doc
    for s in SECTION.finditer(text):
        doc = owner.get(s.start(), "RULEBOOK")
        if doc == "ANCHORS":
            out.append(("ANCHORS", "§" + s.group(1)))
        else:
            out.append((doc, s.group(1)))
    for m in AMBIGUITY.finditer(text):
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        out += [("A", str(k)) for k in range(first, last + 1)]
    for m in ANCHOR_CITE.finditer(text):
        key = next((g for g in m.groups() if g is not None), None)
        if key is not None:
            key = re.split(r"[,;:]", key)[0]
        out.append(("ANCHORS", normal(key) if key and key.strip() else ""))
    return out


def resolves(kind: str, target: str) -> bool:
    if kind == "RULEBOOK":
        return target in RULE_SECTIONS
    if kind == "MODEL":
        return target in MODEL_SECTIONS
    if kind == "A":
        return int(target) in AMBIGUITIES
    # ANCHORS: the whole page, or a heading that holds the words in brackets
    return target == "" or any(target in h for h in EVIDENCE_HEADINGS)


# -- the tests -----------------------------------------------------------------------------------


def test_every_printed_citation_resolves_to_a_heading_in_docs(printed):
    found, broken = Counter(), []
    for where, text in printed:
        for kind, target in citations(text):
            found[kind] += 1
            if not resolves(kind, target):
                broken.append(f"{where}: {kind} {target!r}")
        # the numbered quotes of §17 and the five hidden rules of §9.1
        for m in QUOTE.finditer(text):
            if not re.search(rf"^{m.group(1)}\. ", section_text(RULEBOOK, "17"), re.M):
                broken.append(f"{where}: RULEBOOK §17 has no quote {m.group(1)}")
        for m in RULE.finditer(text):
            if f"**Rule {m.group(1)}," not in section_text(RULEBOOK, "9.1"):
                broken.append(f"{where}: RULEBOOK §9.1 has no rule {m.group(1)}")
    assert not broken, f"{len(broken)} citations resolve to nothing in docs/:\n" + "\n".join(
        sorted(set(broken)))
    # every kind of citation is in use, so a change of form cannot make the test vacuous
    assert all(found[kind] > 0 for kind in ("RULEBOOK", "MODEL", "A", "ANCHORS")), found


def test_source_documents_are_cited_by_title_not_by_file(printed):
    bad = sorted({f"{where}: {m.group(0)!r}" for where, text in printed
                  for m in FORBIDDEN.finditer(text)})
    assert not bad, "cited by file name, file number or a path outside the repository:\n" + \
        "\n".join(bad)


def test_the_rulebook_lists_each_source_document_with_title_publisher_and_date():
    docs = source_documents()
    assert [title for title, _ in docs] == ["微三云模式解析", "鸟哥笔记 2021", "社交电商系统百科 2025",
                                            "怎么做社交电商怎么起步"]
    for title, entry in docs:
        for part in ("**Title**", "**Publisher**", "**Date**", "**What it gives**"):
            assert part in entry, f"{title}: no {part}"


def test_every_ambiguity_has_an_entry_and_the_index_lists_them_all():
    assert AMBIGUITIES == set(range(1, 47))
    index = section_text(RULEBOOK, "18")
    listed = {int(k) for k in re.findall(r"\[A(\d+)\]\(#", index)}
    assert listed == AMBIGUITIES


def test_the_documents_are_numbered_as_the_package_cites_them():
    assert {str(k) for k in range(0, 19)} <= set(RULE_SECTIONS)
    assert {str(k) for k in range(1, 9)} <= set(MODEL_SECTIONS)


def test_every_field_the_design_documents_name_exists():
    """The documents say what the code does by naming its fields (`section.field`, `*` for a
    family such as `team.tier*_rate`): each must be a field of the scenario."""
    named, missing = 0, []
    for path in DESIGN:
        for token in re.findall(r"`([a-z_]+)\.([a-z0-9_*]+)`", path.read_text(encoding="utf-8")):
            section, field = token
            if section not in scenario_mod.SECTIONS:
                continue  # a file name (`summary.json`) or a module, not a field
            named += 1
            pattern = re.compile(field.replace("*", "[a-z0-9_]*") + "$")
            if not any(pattern.match(f) for f in scenario_mod.SECTIONS[section].model_fields):
                missing.append(f"{path.name}: {section}.{field}")
    assert named > 50 and not missing, missing


LINK = re.compile(r"\]\(([^)\s]*)\)")


@pytest.mark.parametrize("path", [*DESIGN, ROOT / "README.md"], ids=lambda p: p.name)
def test_links_into_the_design_documents_resolve(path):
    """Every relative link of the design documents (and the README's links into docs/) names
    a file that exists and, after '#', one of its headings."""
    broken = []
    for target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        if path.name == "README.md" and dest not in DESIGN:
            continue
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(target)
    assert not broken, f"{path.name}: links to nothing: {broken}"


def test_the_readme_links_the_design_documents():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in DESIGN:
        assert f"](docs/{path.name})" in readme, f"README does not link docs/{path.name}"
