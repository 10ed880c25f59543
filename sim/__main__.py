"""``python -m sim`` is the ``pingou`` command."""
import sys

from sim.commands.cli import main

sys.exit(main())
