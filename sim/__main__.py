"""``python -m sim`` is the ``pingou`` command."""
import sys

from .cli import main

sys.exit(main())
