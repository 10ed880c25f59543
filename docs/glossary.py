"""docs/glossary.md, written from the glossary's data (``sim/scheme/glossary.py``).

    python docs/glossary.py           # print the page
    python docs/glossary.py --write   # write docs/glossary.md

Each row's rulebook reference links to its heading in docs/rulebook.md (a section "§5.3" to
the heading numbered 5.3, an ambiguity "A19" to the heading "A19. ..."), with the anchor GitHub
gives that heading. ``tests/test_authoring.py`` checks that docs/glossary.md is exactly this
page and that every link resolves.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sim.scheme import glossary  # noqa: E402

RULEBOOK = HERE / "rulebook.md"
PAGE = HERE / "glossary.md"


def slug(text: str) -> str:
    """The anchor GitHub gives a heading (as tests/test_citations.py computes it)."""
    text = re.sub(r"[`*_]{1,2}(?=\S)|(?<=\S)[`*_]{1,2}", "", text.strip().lower())
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def rulebook_anchors() -> tuple[dict[str, str], dict[str, str]]:
    """Section number -> anchor, and ambiguity number -> anchor, of docs/rulebook.md."""
    sections, ambiguities, seen, fenced = {}, {}, Counter(), False
    for line in RULEBOOK.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        m = None if fenced else re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)
        if not m:
            continue
        text = m.group(1)
        base = slug(text)
        anchor = base if not seen[base] else f"{base}-{seen[base]}"
        seen[base] += 1
        if (n := re.match(r"^(\d+(?:\.\d+)*)\.?\s", text)):
            sections.setdefault(n.group(1), anchor)
        if (a := re.match(r"^A(\d+)\.\s", text)):
            ambiguities.setdefault(a.group(1), anchor)
    return sections, ambiguities


def linker():
    sections, ambiguities = rulebook_anchors()

    def link(ref: str) -> str:
        ref = re.sub(r"§(\d+(?:\.\d+)*)",
                     lambda m: f"[§{m.group(1)}](rulebook.md#{sections[m.group(1)]})", ref)
        return re.sub(r"\bA(\d+)\b",
                      lambda m: f"[A{m.group(1)}](rulebook.md#{ambiguities[m.group(1)]})", ref)

    return link


def page() -> str:
    return glossary.markdown(linker())


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        PAGE.write_text(page(), encoding="utf-8")
        print(f"wrote {PAGE}")
    else:
        print(page(), end="")
