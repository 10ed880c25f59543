"""``pingou new NAME [--from PRESET] [--extends] [--out PATH]``: a scenario file to edit.

Two forms, both commented field by field as ``pingou show`` prints them (each field's meaning,
the rulebook or model section it implements, and where the preset's value comes from):

* the whole scenario (the default): every field of the preset with its value, and the
  preset's ``[sources]`` at the end; the file stands on its own;
* ``--extends``: a short file, ``extends = "PRESET"`` and every field commented out; the
  fields left commented keep the preset's value and source, and a line uncommented is the
  user's (:func:`sim.scheme.scenario._read_scenario`).

The file is ``NAME.toml`` (``--out PATH`` for another; an existing folder gets ``NAME.toml``
inside it). An existing file is never replaced: the command refuses, one line, exit status 2.
The file is written whole or not at all (:func:`sim.outputs.files.atomic_folder`, which lists
it in the folder's manifest like every file pingou writes).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sim.commands.cli import UsageError, output_folder, shown, writing
from sim.outputs.files import atomic_folder
from sim.scheme import scenario as scenario_mod

#: The preset a new scenario starts from when ``--from`` is not given.
DEFAULT_FROM = "quanmin-pingou"


def add_parser(sub) -> None:
    p = sub.add_parser("new", help="write a scenario file to edit, commented field by field, "
                                   "starting from a preset")
    p.add_argument("name", metavar="NAME", help="the new scenario's name (letters, digits, '-', "
                                                "'_' or '.'); the file is NAME.toml")
    p.add_argument("--from", dest="base", default=DEFAULT_FROM, metavar="PRESET",
                   help=f"the preset (or .toml file) to start from (default: {DEFAULT_FROM}; "
                        "see 'pingou scenarios')")
    p.add_argument("--extends", action="store_true",
                   help="write a short file, extends = \"PRESET\" and every field commented out, "
                        "instead of the whole scenario")
    p.add_argument("--out", metavar="PATH", help="the file to write (default: ./NAME.toml; a "
                                                 "folder: NAME.toml in it); never replaced")
    p.set_defaults(func=main)


def main(args) -> int:
    name = _name(args.name)
    base = _base(args.base)
    sc = scenario_mod.load(base)
    path = _target(args.out, name)
    if os.path.lexists(path):
        raise UsageError(f"pingou: error: new: {str(path)!r} exists, and pingou new never "
                         f"replaces a file; give another NAME or --out, or move it away")
    folder = output_folder("--out", str(path.parent), [path.name])
    text = extends_text(name, base, sc, path) if args.extends else whole_text(name, base, sc)
    with writing("--out", str(path), path.name), atomic_folder(folder) as files:
        files.write_text(path.name, text)
    print(f"pingou new: wrote {path}; edit it, then: pingou show {path} (or pingou run "
          f"--scenario {path})", file=sys.stderr)
    return 0


def _name(text: str) -> str:
    """NAME, checked: a short name that can be a file name and is no preset's."""
    name = text[:-5] if text.endswith(".toml") else text
    allowed = "letters, digits, '-', '_' or '.', not starting with '.' or '-'"
    if (not name or len(name) > 100 or name[0] in ".-"
            or not all(ch.isalnum() or ch in "-_." for ch in name)):
        raise UsageError(f"pingou: error: new NAME {shown(text)}: must be {allowed}, at most "
                         f"100 characters, e.g. my-scheme")
    if name in scenario_mod.preset_names():
        raise UsageError(f"pingou: error: new NAME {name!r}: is a preset's name; give the new "
                         f"scenario a name of its own, e.g. my-{name}")
    return name


def _base(text: str) -> str:
    """``--from``: a preset, or the path of an existing .toml file."""
    presets = scenario_mod.preset_names()
    if text in presets or (text.endswith(".toml") and Path(text).is_file()):
        return text
    raise UsageError(f"pingou: error: new --from {shown(text)}: unknown preset"
                     f"{scenario_mod.did_you_mean(text, presets)}; allowed: "
                     f"{', '.join(presets)}, or the path of a .toml file")


def _target(out: str | None, name: str) -> Path:
    if out is None:
        return Path(f"{name}.toml")
    if out == "":
        raise UsageError("pingou: error: new --out '': must name a file, e.g. --out my-scheme.toml")
    path = Path(out)
    return path / f"{name}.toml" if path.is_dir() else path


def whole_text(name: str, base: str, sc: scenario_mod.Scenario) -> str:
    """The whole scenario ``sc`` as ``pingou show`` prints it, named ``name``, with a header
    saying how to edit it; it loads back as ``sc`` but for ``[meta]``."""
    data = sc.to_dict()
    data["meta"] = {"name": name, "title": f"{name}, written from {sc.meta.name}: {sc.meta.title}",
                    "title_zh": "", "source": sc.meta.source}
    mine = scenario_mod.Scenario.model_validate(data)
    header = [
        f"# {name}: a scenario written by `pingou new {name} --from {base}`, every field of",
        f"# '{sc.meta.name}' with its value. Edit the values, and the [meta] title to say what",
        "# your scheme is. When you change a value, change its line in [sources] at the end to",
        "# say where your value comes from (the brochure's words, or a text starting with",
        "# 'assumption'), or delete that line: otherwise the report cites the preset's source for",
        "# your value. Check it with `pingou show FILE`; run it with `pingou run --scenario FILE`.",
        "# A shorter way: `pingou new NAME --from PRESET --extends` writes only what you change.",
        "#",
    ]
    return "\n".join(header) + "\n" + scenario_mod.describe(mine)


def extends_text(name: str, base: str, sc: scenario_mod.Scenario, path: Path) -> str:
    """A file ``extends = base`` with every field of ``sc`` commented out, each with its meaning,
    section and source, as ``pingou show`` prints them."""
    if base not in scenario_mod.preset_names():  # a file: its path from where the new one goes
        base = os.path.relpath(Path(base).resolve(), path.parent.resolve())
    lines = [
        f"# {name}: a scenario that starts from '{sc.meta.name}' ({sc.meta.title}).",
        f"# Written by `pingou new {name} --extends`. Every field below is commented out and",
        f"# keeps {sc.meta.name}'s value and source; to change one, remove the '# ' in front of",
        "# it and edit the value: it is then yours, and `pingou show FILE` marks it so. Say where",
        "# your value comes from in [sources] at the end (the brochure's words, or a text",
        "# starting with 'assumption'). Run it with `pingou run --scenario FILE`.",
        "# Each field: what it means [the section it implements; where the default comes from],",
        "# then the preset's value and its own source.",
        f"extends = {scenario_mod.toml_value(base)}",
        "",
        "[meta]",
        f"name = {scenario_mod.toml_value(name)}",
        "# One line saying what the scenario is (empty: the preset's name and what you changed).",
        f"# title = {scenario_mod.toml_value(f'{name}: ...')}",
        "# The same line in Chinese, for reports in Chinese (--lang zh).",
        "# title_zh = \"...\"",
        "",
    ]
    for sname, scls in scenario_mod.SECTIONS.items():
        if sname == "meta":
            continue
        section = getattr(sc, sname)
        own = sc.sources.get(sname, {})
        lines.append(f"[{sname}]")
        for fname, field in scls.model_fields.items():
            extra = field.json_schema_extra or {}
            lines.append(f"# {field.description} [{extra.get('ref', '')}; "
                         f"{extra.get('source', '')}]")
            text = f"# {fname} = {scenario_mod.toml_value(getattr(section, fname))}"
            if fname in own:
                text += f"  # source: {own[fname]}"
            lines.append(text)
        lines.append("")
    lines += [
        "# Where your values come from: one line for each field you set, e.g.",
        "# [sources.draw]",
        "# winners = \"my brochure: 「5人组团，1人中奖」\"",
        "",
    ]
    return "\n".join(lines)
