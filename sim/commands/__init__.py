"""The ``pingou`` command: ``cli`` parses and dispatches; one module per command (``run``,
``scenarios``, ``draw``, ``sweep``, ``compare``, ``app``). Nothing imports this package."""
