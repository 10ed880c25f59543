"""Scenarios: the rulebook and the behaviour as data, validated on load (MODEL.md §8).

A scenario is one TOML file. Presets ship in ``sim/scheme/presets/``; a user may pass the path of
their own file, which may start from a preset (or another file) with ``extends = "PRESET"``
(:func:`_read_scenario`); without it, a field left out takes its declared default. Every field is declared once below with its default, its meaning, the
rulebook or model section it implements, and whether the value comes from the sources or is
an assumption. ``pingou show`` prints exactly these declarations.

A scenario file also says where its *own* values come from: a ``[sources]`` table maps each field
it sets (``[sources.draw]`` ``stake_yuan = "RULEBOOK §14.2 ..."``, or ``draw.stake_yuan = ...``
under ``[sources]``) to its source, or to a text starting with "assumption" when the sources
give no number. Every name in it must be a field (a typo is refused on load); ``pingou show``
prints each source next to its value, and a value changed by ``--set`` or a run setting is
marked as the user's.

Bad input raises :class:`ScenarioError`, whose text is one line naming the field, the value
given and what is allowed; a misspelt name gets the closest real one as a hint
(:func:`did_you_mean`). :func:`toml_value` writes a value as TOML, for ``pingou show`` and
wherever else a value is written for ``--set`` to read.
"""

from __future__ import annotations

import datetime
import difflib
import math
import tomllib
import typing
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from sim.scheme.fields import (Ads, Behaviour, Chain, Commission, DownlineRelease, Draw, Fund, Funnel, Gift,
                     Hidden, Meta, Network, Operator, Points, Policy, Pools, Recruitment,
                     Regional, Release, Rewards, Robots, Run, Section, Store, Team, Valuation,
                     Withdrawal, Zones, WHOLE_FEN, WHOLE_PPM, _check_hidden, _check_issue3,
                     _check_network, is_assumption, unit_of, whole_fen, whole_ppm)
from sim.money import rate_to_ppm, yuan_to_fen


class ScenarioError(ValueError):
    """A scenario (file, preset name or override) that cannot be run. The text is one line."""


class Scenario(BaseModel):
    """A whole scenario: every section with its defaults."""

    model_config = ConfigDict(extra="forbid", strict=True)

    meta: Meta = Field(default_factory=Meta)
    run: Run = Field(default_factory=Run)
    recruitment: Recruitment = Field(default_factory=Recruitment)
    network: Network = Field(default_factory=Network)
    draw: Draw = Field(default_factory=Draw)
    rewards: Rewards = Field(default_factory=Rewards)
    release: Release = Field(default_factory=Release)
    pools: Pools = Field(default_factory=Pools)
    commission: Commission = Field(default_factory=Commission)
    withdrawal: Withdrawal = Field(default_factory=Withdrawal)
    behaviour: Behaviour = Field(default_factory=Behaviour)
    operator: Operator = Field(default_factory=Operator)
    policy: Policy = Field(default_factory=Policy)
    team: Team = Field(default_factory=Team)
    regional: Regional = Field(default_factory=Regional)
    downline_release: DownlineRelease = Field(default_factory=DownlineRelease)
    hidden: Hidden = Field(default_factory=Hidden)
    chain: Chain = Field(default_factory=Chain)
    store: Store = Field(default_factory=Store)
    gift: Gift = Field(default_factory=Gift)
    robots: Robots = Field(default_factory=Robots)
    zones: Zones = Field(default_factory=Zones)
    points: Points = Field(default_factory=Points)
    ads: Ads = Field(default_factory=Ads)
    funnel: Funnel = Field(default_factory=Funnel)
    fund: Fund = Field(default_factory=Fund)
    valuation: Valuation = Field(default_factory=Valuation)
    #: Where this scenario's own values come from: section -> field -> source text (one line;
    #: "assumption..." where the sources give none). Not a section: no rule reads it.
    sources: dict[str, dict[str, str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_relations(self):
        _check_units(self)  # each field on its own first, then how fields relate
        if self.draw.winners > self.draw.group_size:
            raise ValueError(
                f"draw.winners = {self.draw.winners}: must be at most draw.group_size "
                f"({self.draw.group_size}), the seats in a group")
        _check_hidden(self)
        _check_issue3(self)
        _check_network(self)
        _check_sources(self)
        return self

    def to_dict(self) -> dict:
        return self.model_dump(mode="python")


SECTIONS: dict[str, type[Section]] = {
    name: field.annotation for name, field in Scenario.model_fields.items()  # type: ignore[misc]
    if isinstance(field.annotation, type) and issubclass(field.annotation, Section)
}

#: The source text given to a value set by ``--set`` or by a run setting (participants, days,
#: seed): the scenario's own source no longer applies to it.
OVERRIDE_SOURCE = "your setting (--set or a run setting), not the scenario's"


def _check_sources(sc: Scenario) -> None:
    """Every entry of ``[sources]`` names a real field and holds one non-empty line."""
    for sname, fields in sc.sources.items():
        if sname not in SECTIONS:
            raise ValueError(f"unknown section sources.{sname}{did_you_mean(sname, SECTIONS)}; "
                             f"allowed: {', '.join(SECTIONS)}")
        known = list(SECTIONS[sname].model_fields)
        for fname, text in fields.items():
            if fname not in known:
                raise ValueError(f"unknown field sources.{sname}.{fname} (= {text!r}): "
                                 f"{sname}.{fname} is not a field{did_you_mean(fname, known)}; "
                                 f"allowed here: {', '.join(known)}")
            if not text.strip() or "\n" in text or "\r" in text:
                raise ValueError(f"sources.{sname}.{fname} = {text!r}: must be one non-empty "
                                 "line saying where the value comes from, or starting with "
                                 "'assumption'")


def source_of(sc: Scenario, dotted: str) -> str | None:
    """The scenario's own source for field ``dotted`` ("section.field"), or None."""
    section, _, field = dotted.partition(".")
    return sc.sources.get(section, {}).get(field)


def _check_units(sc: Scenario) -> None:
    """Every number finite; money (``Money``, ``*_yuan``) in whole fen, at most two decimals;
    rates and shares (``Rate``, ``*_rate``) in whole parts per million, at most six decimals.

    Refused, never rounded: the engine computes in whole fen and whole ppm (MODEL.md §7), so
    a value between two of them would be changed silently (a stake of 1e-9 yuan is 0 fen; a
    cost ratio of 0.1234567 would be 0.123457)."""
    for sname, scls in SECTIONS.items():
        section = getattr(sc, sname)
        for fname, field in scls.model_fields.items():
            value = getattr(section, fname)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if not math.isfinite(value):
                raise ValueError(f"{sname}.{fname} = {value!r}: must be a finite number")
            unit = unit_of(fname, field)
            if unit is WHOLE_FEN and not whole_fen(value):
                raise ValueError(f"{sname}.{fname} = {value!r}: must be whole fen, an amount in "
                                 "yuan with at most two decimals")
            if unit is WHOLE_PPM and not whole_ppm(value):
                raise ValueError(f"{sname}.{fname} = {value!r}: must be whole parts per million, "
                                 "at most six decimals (rates and shares are whole ppm)")


# --------------------------------------------------------------------------------------
# Loading, overrides and error messages
# --------------------------------------------------------------------------------------


def did_you_mean(word: str, choices) -> str:
    """The hint of every "unknown name" message: `` (did you mean 'X'?)`` with the choice
    closest to the misspelt ``word`` (:func:`difflib.get_close_matches`), or "" when none is
    close. The message goes on with "; allowed: ..." and every choice."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def preset_names() -> list[str]:
    files = resources.files("sim.scheme.presets").iterdir()
    return sorted(p.name[:-5] for p in files if p.name.endswith(".toml"))


def preset_text(name: str) -> str:
    return resources.files("sim.scheme.presets").joinpath(f"{name}.toml").read_text(encoding="utf-8")


def _describe_allowed(loc: tuple, err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        field = _field_info(loc)
        return "must be " + _range_text(field) if field is not None else err["msg"].lower()
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}"
    if kind == "finite_number":  # nan or inf
        field = _field_info(loc)
        if field is not None and typing.get_origin(field.annotation) is list:
            return "must be a list of finite numbers"
        bounds = _bounds_text(field) if field is not None else ""
        return "must be a finite number" + (f" {bounds}" if bounds else "")
    if kind.endswith("_type") or kind in ("int_from_float", "bool_parsing", "int_parsing",
                                          "float_parsing"):
        field = _field_info(loc)
        if field is None:
            return "must be " + kind.replace("_type", "").replace("_", " ")
        extra = field.json_schema_extra or {}
        return f"must be {extra.get('allowed') or _type_name(field.annotation)}"
    return err.get("msg", "is not allowed").replace("Value error, ", "")


def _field_info(loc: tuple):
    if len(loc) >= 2 and loc[0] in SECTIONS:
        return SECTIONS[loc[0]].model_fields.get(loc[1])
    return None


#: What each type of value is called in a message.
_TYPE_TEXT = {int: "a whole number", float: "a number", bool: "true or false", str: "text"}
_PLURAL = {int: "whole numbers", float: "numbers", bool: "true or false values", str: "texts"}


def _type_name(annotation) -> str:
    """A field's type in words, as a message says what is allowed: "a whole number", "a
    number", "true or false", "text", "a list of numbers", "a whole number or 'none'",
    "one of 'never', 'net_outflow'"; never Python's repr of a type."""
    if annotation in _TYPE_TEXT:
        return _TYPE_TEXT[annotation]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if origin is list:
        inner = args[0] if args else None
        return f"a list of {_PLURAL.get(inner, 'values')}"
    if origin is dict:
        return "a table"
    if args and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return " or ".join(_type_name(a) for a in inner) + " or 'none'"
    if args:
        return " or ".join(_type_name(a) for a in args)
    return "a value"


def _range_text(field) -> str:
    """What a bounded field allows, e.g. "a number >= 0 and <= 1"."""
    bounds = _bounds_text(field)
    unit = next((m for m in field.metadata if m is WHOLE_FEN), None)
    what = unit.what if unit is not None else _type_name(field.annotation)
    return what + (f" {bounds}" if bounds else "")


def _bounds_text(field) -> str:
    """A field's bounds, e.g. ">= 0 and <= 1" ("" when it has none)."""
    lo = hi = None
    lo_open = hi_open = False
    for m in field.metadata:
        if getattr(m, "ge", None) is not None:
            lo = m.ge
        if getattr(m, "gt", None) is not None:
            lo, lo_open = m.gt, True
        if getattr(m, "le", None) is not None:
            hi = m.le
        if getattr(m, "lt", None) is not None:
            hi, hi_open = m.lt, True
    parts = []
    if lo is not None:
        parts.append(f"{'>' if lo_open else '>='} {lo:g}" if isinstance(lo, float) else
                     f"{'>' if lo_open else '>='} {lo}")
    if hi is not None:
        parts.append(f"{'<' if hi_open else '<='} {hi:g}" if isinstance(hi, float) else
                     f"{'<' if hi_open else '<='} {hi}")
    return " and ".join(parts)


def _unknown_field_message(loc: tuple, value: Any) -> str:
    if len(loc) == 1:
        known = [EXTENDS, *SECTIONS]
        what = f"unknown section [{loc[0]}]"
    else:
        known = list(SECTIONS[loc[0]].model_fields) if loc[0] in SECTIONS else []
        what = f"unknown field {'.'.join(map(str, loc))}"
    hint = did_you_mean(str(loc[-1]), known)
    return f"{what} (= {value!r}){hint}; allowed here: {', '.join(known)}"


def _error_line(exc: ValidationError, origin: str, data: dict | None = None) -> str:
    """The one line of a validation error. ``data`` is what was validated: an error inside a
    list (``zones.weights``' second item) names the field and shows the whole list given."""
    err = exc.errors()[0]
    loc = tuple(str(x) for x in err["loc"])
    value = err.get("input")
    if len(loc) > 2 and loc[0] in SECTIONS and loc[1] in SECTIONS[loc[0]].model_fields:
        section = (data or {}).get(loc[0])
        if isinstance(section, dict) and loc[1] in section:
            value = section[loc[1]]
        loc = loc[:2]
    if err["type"] == "extra_forbidden":
        return f"{origin}: {_unknown_field_message(loc, value)}"
    if not loc:  # model-level validator
        return f"{origin}: {err['msg'].replace('Value error, ', '')}"
    if loc[0] == "sources":
        return (f"{origin}: {'.'.join(loc)} = {value!r}: [sources] must map section.field to one "
                'line of text, e.g. draw.stake_yuan = "RULEBOOK §14.2"')
    if err["type"] == "model_type":
        return f"{origin}: [{'.'.join(loc)}] must be a table of fields, got {value!r}"
    return f"{origin}: {'.'.join(loc)} = {value!r}: {_describe_allowed(loc, err)}"


def parse_set(item: str) -> tuple[list[str], Any]:
    """Parse one ``--set KEY=VALUE`` into a dotted path and a TOML value."""
    if "=" not in item:
        raise ScenarioError(f"--set {item!r}: must be KEY=VALUE, e.g. --set draw.winners=2")
    key, raw = item.split("=", 1)
    key, raw = key.strip(), raw.strip()
    path = key.split(".")
    if len(path) != 2 or not all(path):
        raise ScenarioError(f"--set {item!r}: KEY must be SECTION.FIELD, e.g. draw.winners; "
                            f"sections: {', '.join(SECTIONS)}")
    if raw == "":
        field = _field_info(tuple(path))
        allowed = f"; {key} must be {_range_text(field) if field.metadata else _type_name(field.annotation)}" \
            if field is not None else ""
        raise ScenarioError(f"--set {item!r}: VALUE is empty{allowed}")
    if raw.lower() in ("none", "null"):
        return path, "none"  # None for fields that may be none (see _none_words), else a word
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw  # a bare word, e.g. an exit rule name; validation judges it
    return path, value


def _read_toml(name_or_path: str) -> tuple[dict, str]:
    path = Path(name_or_path)
    if name_or_path in preset_names():
        return tomllib.loads(preset_text(name_or_path)), name_or_path
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ScenarioError(f"--scenario {name_or_path!r}: no such file")
        try:
            return tomllib.loads(path.read_text(encoding="utf-8")), str(path)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            msg = str(exc).splitlines()[0]
            raise ScenarioError(f"{path}: not valid TOML: {msg}") from None
    hint = did_you_mean(name_or_path, preset_names())
    raise ScenarioError(f"--scenario {name_or_path!r}: unknown scenario{hint}; allowed: "
                        f"{', '.join(preset_names())}, or the path of a .toml file")


#: The key, at the top of a scenario file, that names the scenario it starts from: a preset
#: (``extends = "lottery-5-2"``) or the path of another file, relative to the file's folder.
EXTENDS = "extends"


def _read_scenario(name_or_path: str, chain: tuple[str, ...] = ()) -> tuple[dict, str]:
    """The data of a preset or a file, with its ``extends`` resolved: the base scenario's
    values, then the file's own on top of them, field by field.

    The base's ``[sources]`` go with its values; a field the file sets loses the base's source
    for it and takes the file's own (its ``[sources]``), else "your value in FILE". Unless the
    file sets them, ``meta.name`` becomes the file's name and ``meta.title`` (and
    ``title_zh``, ``source``) say what it changed, so that nothing reads as the preset's. The
    base may extend a scenario in turn; a cycle is refused, one line naming it."""
    data, origin = _read_toml(name_or_path)
    if EXTENDS not in data:
        return data, origin
    base = data.pop(EXTENDS)
    here = origin if name_or_path in preset_names() else str(Path(origin).resolve())
    where = f"{origin}: {EXTENDS} = {toml_value(base) if isinstance(base, str) else repr(base)}"
    if not isinstance(base, str) or not base.strip():
        raise ScenarioError(f"{where}: must be the name of a preset ({', '.join(preset_names())})"
                            " or the path of a .toml file, in quotes")
    if base in preset_names():
        target = key = base
    elif base.endswith(".toml") or "/" in base or "\\" in base:
        if name_or_path in preset_names():
            raise ScenarioError(f"{where}: a preset may extend only a preset")
        path = Path(base).expanduser()
        path = path if path.is_absolute() else Path(origin).parent / path
        if not path.is_file():
            stem = Path(base).stem
            hint = f" (did you mean the preset '{stem}'?)" if stem in preset_names() else ""
            raise ScenarioError(f"{where}: no such file ({path}){hint}")
        target, key = str(path), str(path.resolve())
    else:
        raise ScenarioError(f"{where}: unknown preset{did_you_mean(base, preset_names())}; "
                            f"allowed: {', '.join(preset_names())}, or the path of a .toml file")
    if key in (*chain, here):
        loop = " -> ".join(Path(k).name for k in (*chain, here, key))
        raise ScenarioError(f"{where}: a cycle ({loop}): a scenario cannot extend itself")
    base_data, base_origin = _read_scenario(target, (*chain, here))
    _none_words(base_data)
    try:
        base_sc = Scenario.model_validate(base_data)
    except ValidationError as exc:
        raise ScenarioError(_error_line(exc, base_origin, base_data)) from None
    return _extend(base_data, base_sc, data, origin, name_or_path in preset_names()), origin


def _extend(base: dict, base_sc: Scenario, own: dict, origin: str, preset: bool) -> dict:
    """``own`` (a file's data, without ``extends``) on top of ``base`` (see _read_scenario)."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    sources = {k: dict(v) for k, v in base_sc.sources.items()}
    own_sources = own.get("sources", {})
    changed = []
    for sname, section in own.items():
        if sname == "sources":
            continue
        if sname not in SECTIONS or not isinstance(section, dict):
            out[sname] = section  # refused by validation, naming the file
            continue
        out[sname] = {**out.get(sname, {}), **section}
        if sname == "meta":
            continue
        for fname, value in section.items():
            changed.append((sname, fname, value))
            if fname in SECTIONS[sname].model_fields:
                sources.setdefault(sname, {})[fname] = (
                    f"your value in {Path(origin).name}, not the one of '{base_sc.meta.name}'")
    if isinstance(own_sources, dict):
        for sname, fields in own_sources.items():
            if isinstance(fields, dict) and isinstance(sources.get(sname, {}), dict):
                sources.setdefault(sname, {}).update(fields)
            else:
                sources[sname] = fields  # refused by validation
    else:
        sources = own_sources  # refused by validation
    out["sources"] = sources
    meta = out.setdefault("meta", {})
    given = own.get("meta", {}) if isinstance(own.get("meta"), dict) else {}
    if not preset and isinstance(meta, dict):
        shown = [f"{s}.{f} = {toml_value(v) if not isinstance(v, dict) else v}"
                 for s, f, v in changed[:4]]
        if len(changed) > 4:
            shown.append(f"and {len(changed) - 4} more")
        what = ", ".join(shown)
        if "name" not in given:
            meta["name"] = Path(origin).stem
        if "title" not in given:
            meta["title"] = f"{base_sc.meta.name}, changed: {what}" if changed else \
                f"{base_sc.meta.name}, unchanged"
            if "title_zh" not in given:
                meta["title_zh"] = f"{base_sc.meta.name}，改动：{what}" if changed else \
                    f"{base_sc.meta.name}，未改动"
        elif "title_zh" not in given:
            meta["title_zh"] = ""  # the file's own title, not the base's Chinese one
        if "source" not in given:
            fields = ", ".join(f"{s}.{f}" for s, f, _ in changed)
            meta["source"] = (base_sc.meta.source or base_sc.meta.name) + (
                f"; changed in {Path(origin).name}: {fields}" if changed else "")
    return out


def load(name_or_path: str = "quanmin-pingou", overrides: list[str] | tuple = (),
         **run_settings) -> Scenario:
    """Load a preset or a TOML file, apply ``--set`` overrides and run settings, validate.

    A file that starts with ``extends = "PRESET"`` (or the path of another file) starts from
    that scenario's values (:func:`_read_scenario`); without it, an omitted field takes its
    default (:data:`SECTIONS`' declarations, what ``pingou show`` of an empty file prints).
    ``run_settings`` are ``participants``, ``days`` and ``seed``; ``None`` leaves the
    scenario's value.
    """
    data, origin = _read_scenario(name_or_path)
    _none_words(data)
    try:
        Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_error_line(exc, origin, data)) from None
    return _apply(data, origin, overrides, run_settings)


def resolve(scenario: "Scenario | str", overrides=(), **run_settings) -> Scenario:
    """A preset name, a TOML path or a Scenario, with overrides and run settings applied."""
    if isinstance(scenario, str):
        return load(scenario, overrides, **run_settings)
    if overrides or any(v is not None for v in run_settings.values()):
        return load_object(scenario, overrides, **run_settings)
    return scenario


def load_object(sc: Scenario, overrides=(), **run_settings) -> Scenario:
    """A copy of ``sc`` with ``--set`` overrides and run settings applied, validated."""
    return _apply(sc.to_dict(), sc.meta.name, overrides, run_settings)


def _apply(data: dict, origin: str, overrides, run_settings: dict) -> Scenario:
    for item in overrides:
        path, value = parse_set(item)
        if path[0] not in SECTIONS:
            raise ScenarioError(f"--set {item!r}: unknown section '{path[0]}'"
                                f"{did_you_mean(path[0], SECTIONS)}; allowed: "
                                f"{', '.join(SECTIONS)}")
        if path[1] not in SECTIONS[path[0]].model_fields:
            known = list(SECTIONS[path[0]].model_fields)
            raise ScenarioError(f"--set {item!r}: unknown field '{'.'.join(path)}'"
                                f"{did_you_mean(path[1], known)}; allowed: {', '.join(known)}")
        data.setdefault(path[0], {})[path[1]] = value
        _mark_override(data, path[0], path[1])
    for key, value in run_settings.items():
        if value is not None:
            data.setdefault("run", {})[key] = value
            _mark_override(data, "run", key)
    _none_words(data)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        origin = origin + " with your settings" if (overrides or any(
            v is not None for v in run_settings.values())) else origin
        raise ScenarioError(_error_line(exc, origin, data)) from None


def _mark_override(data: dict, section: str, field: str) -> None:
    """The value of ``section.field`` is now the user's: say so in ``[sources]``."""
    sources = data.setdefault("sources", {})
    if isinstance(sources, dict):
        own = sources.setdefault(section, {})
        if isinstance(own, dict):  # anything else is refused by validation
            own[field] = OVERRIDE_SOURCE


def _none_words(data: dict) -> None:
    """TOML has no null: a field that may be 'none' (e.g. ``stall_day = "none"``) says so with
    the word, which becomes None here. And a TOML date (``calendar_start = 2025-01-01``,
    ``--set points.calendar_start=2025-01-01``) given to a field of text becomes its text,
    YYYY-MM-DD, as if it had been quoted."""
    for sname, section in data.items():
        if sname not in SECTIONS or not isinstance(section, dict):
            continue
        for fname, value in section.items():
            field = SECTIONS[sname].model_fields.get(fname)
            if field is None:
                continue
            if (isinstance(value, str) and value.lower() == "none"
                    and type(None) in getattr(field.annotation, "__args__", ())):
                section[fname] = None
            elif (field.annotation is str and isinstance(value, datetime.date)
                  and not isinstance(value, datetime.datetime)):
                section[fname] = value.isoformat()


def describe(sc: Scenario) -> str:
    """The fully resolved scenario as TOML, each field with its meaning, section and source."""
    lines = [f"# Scenario '{sc.meta.name}': {sc.meta.title}",
             f"# Source: {sc.meta.source}" if sc.meta.source else "# Source: -",
             "# Each field: what it means [the section it implements; where the default comes",
             "# from, or 'assumption' when the sources give no number], then its value; a value",
             "# the scenario sets itself is followed by its own source ('# source: ...').",
             "# Amounts in yuan are whole fen (at most two decimals); rates and shares are whole",
             "# parts per million (at most six decimals): anything finer is refused, not rounded.",
             ""]
    for sname, scls in SECTIONS.items():
        section = getattr(sc, sname)
        own = sc.sources.get(sname, {})
        lines.append(f"[{sname}]")
        for fname, field in scls.model_fields.items():
            value = getattr(section, fname)
            extra = field.json_schema_extra or {}
            note = f"# {field.description} [{extra.get('ref', '')}; {extra.get('source', '')}]"
            lines.append(note)
            text = toml_value(value)
            if fname in own:
                text += f"  # source: {own[fname]}"
            lines.append(f"{fname} = {text}")
        lines.append("")
    if any(sc.sources.values()):
        lines += ["# The scenario's own sources again, as data (the '# source:' notes above), so",
                  "# that this text loads back as the same scenario.", "[sources]"]
        for sname, scls in SECTIONS.items():
            own = sc.sources.get(sname, {})
            for fname in scls.model_fields:
                if fname in own:
                    lines.append(f"{sname}.{fname} = {toml_value(own[fname])}")
        lines.append("")
    return "\n".join(lines)


#: What a TOML basic string must escape, and how; the other control characters (but the tab)
#: are written as \uXXXX.
_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_char(ch: str) -> str:
    if ch in _TOML_ESCAPES:
        return _TOML_ESCAPES[ch]
    return f"\\u{ord(ch):04x}" if (ch < " " and ch != "\t") or ch == "\x7f" else ch


def toml_value(value) -> str:
    """``value`` as TOML text, as ``pingou show`` prints it and ``--set`` reads it back: true
    or false; a number as Python writes it (the shortest text that reads back the same); text
    in double quotes, escaped where TOML requires it; a list in brackets on one line. TOML has
    no null: None is the text "none", which a field that may be none reads as None.

    Written by hand, not with tomli-w: tomli-w puts each item of a list on its own line and
    has no None, so it would not give ``pingou show``'s text."""
    if value is None:
        return '"none"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + "".join(_toml_char(ch) for ch in value) + '"'
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return str(value)


def assumptions(sc: Scenario) -> list[tuple[str, Any, str, str]]:
    """Every field marked as an assumption, by its declaration (behaviour the sources give no
    number for) or by the scenario's own ``[sources]``: (dotted name, value, meaning, ref)."""
    out = []
    for sname, scls in SECTIONS.items():
        own = sc.sources.get(sname, {})
        for fname, field in scls.model_fields.items():
            extra = field.json_schema_extra or {}
            declared = (extra.get("source") == "assumption"
                        or str(extra.get("source", "")).startswith("MODEL"))
            if declared or is_assumption(own.get(fname, "")):
                out.append((f"{sname}.{fname}", getattr(getattr(sc, sname), fname),
                            field.description, extra.get("ref", "")))
    return out


def ppm(rate: float) -> int:
    return rate_to_ppm(rate)


def fen(yuan: float) -> int:
    return yuan_to_fen(yuan)
