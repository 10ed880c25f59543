"""The module paths of release 0.2.0, kept working: ``import sim.model``, ``from sim.scenario
import load``, ``sim.robustness.headline_robustness()`` and the like load the module's new home
in the layout of 0.3.0 (``sim.engine.model``, ``sim.scheme.scenario``, ...), the same module
object, so old scripts and notebooks keep running."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys

#: old module (under ``sim.``) -> its home now
MOVED = {
    "fields": "scheme.fields", "scenario": "scheme.scenario", "params": "scheme.params",
    "presets": "scheme.presets",
    "model": "engine.model", "population": "engine.members", "arrays": "engine.arrays",
    "ledger": "engine.ledger", "recruitment": "engine.recruitment", "funnel": "engine.funnel",
    "joining": "engine.joining", "fund": "engine.fund", "decisions": "engine.decisions",
    "groups": "engine.groups", "hidden": "engine.hidden", "draws": "engine.draws",
    "settlement": "engine.settlement", "commissions": "engine.commissions",
    "night": "engine.night", "calendar": "engine.calendar", "withdrawals": "engine.withdrawals",
    "operator": "engine.operator", "policy": "engine.policy",
    "redflags": "analysis.redflags", "brochure": "analysis.brochure",
    "published": "analysis.published",
    "plots": "outputs.plots", "report": "outputs.report", "i18n": "outputs.i18n",
    "sweep": "experiments.sweep", "compare": "experiments.compare",
    "robustness": "experiments.robustness",
    "cli": "commands.cli", "cmd_run": "commands.run", "cmd_scenarios": "commands.scenarios",
    "cmd_draw": "commands.draw", "cmd_sweep": "commands.sweep",
    "cmd_compare": "commands.compare", "cmd_app": "commands.app",
}


class _Moved(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``sim.<old>`` and hands back the module at its new home."""

    def find_spec(self, name, path=None, target=None):
        if name.startswith("sim.") and name[4:] in MOVED:
            return importlib.util.spec_from_loader(name, self)
        return None

    def create_module(self, spec):
        return importlib.import_module("sim." + MOVED[spec.name[4:]])

    def exec_module(self, module) -> None:  # already executed at its new home
        pass


def install() -> None:
    if not any(isinstance(f, _Moved) for f in sys.meta_path):
        sys.meta_path.append(_Moved())
