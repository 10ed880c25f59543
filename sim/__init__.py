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

import sys as _sys

_ARGV = _sys.orig_argv
if ("-m" in _ARGV[1:] and _ARGV[_ARGV.index("-m") + 1:][:1] == ["sim"]
        or _sys.argv[0].rsplit("/", 1)[-1] == "pingou"):
    # The ``pingou`` command (``pingou ...`` or ``python -m sim ...``): Ctrl-C or SIGTERM from
    # here until the command sets up its own handling (sim.commands.cli.main) ends it with one
    # line, not an import's traceback. Nothing is written yet, so there is nothing to undo.
    import os as _os
    import signal as _signal

    def _at_start_up(number, frame):
        what = "interrupted (Ctrl-C)" if number == _signal.SIGINT else "terminated (SIGTERM)"
        _os.write(2, f"pingou: {what}; nothing half-written was left\n".encode())
        _os._exit(130 if number == _signal.SIGINT else 143)

    for _number in (_signal.SIGINT, _signal.SIGTERM):
        _signal.signal(_number, _at_start_up)

from sim import _compat  # noqa: E402  (after the handler: it imports importlib's machinery)

_compat.install()

__all__ = ["Result", "Scenario", "ScenarioError", "SchemeModel", "load", "run"]
__version__ = "0.3.0.dev0"


def __getattr__(name: str):
    """Load, on first use of any of its names, what ``import sim`` gives (``sim.run``,
    ``sim.SchemeModel``..., and the modules they need, ``sim.api``, ``sim.engine``...), so
    that ``import sim`` itself takes no time: the ``pingou`` command imports it before it can
    set up its handling of Ctrl-C, and numpy, pandas and mesa take seconds to import, during
    which an interrupt would print a traceback."""
    from sim.api import Result, run
    from sim.engine.model import SchemeModel
    from sim.scheme.scenario import Scenario, ScenarioError, load

    globals().update(Result=Result, run=run, SchemeModel=SchemeModel, Scenario=Scenario,
                     ScenarioError=ScenarioError, load=load)
    try:
        return globals()[name]
    except KeyError:
        raise AttributeError(f"module 'sim' has no attribute {name!r}") from None


def __dir__():
    return sorted(set(globals()) | set(__all__))
