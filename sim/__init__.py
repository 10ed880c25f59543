"""pingou-sim: an agent-based model of "social e-commerce" group-buy lottery schemes.

>>> import sim
>>> result = sim.run("quanmin-pingou", participants=20_000, days=365, seed=1)
>>> result.summary["share_losing_cash"]  # doctest: +SKIP

``sim.SchemeModel`` is the ``mesa.Model`` behind it; ``sim.load`` reads a scenario.
"""

from .api import Result, run
from .model import SchemeModel
from .scenario import Scenario, ScenarioError, load

__all__ = ["Result", "Scenario", "ScenarioError", "SchemeModel", "load", "run"]
__version__ = "0.2.0"
