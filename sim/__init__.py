"""pingou-sim: an agent-based model of "social e-commerce" group-buy lottery schemes.

>>> import sim
>>> result = sim.run("quanmin-pingou", participants=20_000, days=365, seed=1)
>>> result.summary["share_losing_cash"]  # doctest: +SKIP

``sim.SchemeModel`` is the ``mesa.Model`` behind it; ``sim.load`` reads a scenario.

The package, by layer (each imports only the ones below it):

* :mod:`sim.commands`: the ``pingou`` command, one module per subcommand;
  :mod:`sim.app`: the live dashboard;
* :mod:`sim.experiments`: sweeps, comparisons, robustness (many runs);
* :mod:`sim.api`: ``sim.run`` and its :class:`Result` (the files of one run);
* :mod:`sim.outputs`: figures, the report, the two languages, the atomic writer of every
  output folder;
* :mod:`sim.analysis`: who lost, red flags, the brochure's arithmetic (reads results);
* :mod:`sim.engine`: the members, the ledger and the day's mechanisms;
* :mod:`sim.scheme`: the rulebook as data (fields, scenarios, presets, params);
* :mod:`sim.money`, :mod:`sim.rng`: integer fen and named random streams.

:mod:`sim.reference` is a second, per-agent model of the same rules that imports nothing of
the engine: the independent oracle the tests hold the engine to.
"""

from sim import _compat
from sim.api import Result, run
from sim.engine.model import SchemeModel
from sim.scheme.scenario import Scenario, ScenarioError, load

_compat.install()

__all__ = ["Result", "Scenario", "ScenarioError", "SchemeModel", "load", "run"]
__version__ = "0.3.0.dev0"
