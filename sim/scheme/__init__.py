"""The scheme: the rulebook as data.

``fields`` declares every scenario field (its default, meaning, rulebook section and source),
``scenario`` loads and validates a TOML file or a preset (``presets/``), and ``params`` turns a
scenario into the integer amounts (fen, ppm, counts) the engine uses. Imports only
:mod:`sim.money`.
"""
