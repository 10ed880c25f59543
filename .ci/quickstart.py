"""Print one command of README's Quickstart block: `install` (the first) or `test` (the second).

CI runs the test command exactly as README shows it, so README cannot drift from what CI does.
"""
import re
import sys
from pathlib import Path

text = Path(__file__).resolve().parent.parent.joinpath("README.md").read_text(encoding="utf-8")
section = text.split("## Quickstart", 1)[1]
block = re.search(r"```(?:bash|sh|console)?\n(.*?)```", section, re.S).group(1)
commands = [line.strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]
if len(commands) != 2:
    sys.exit(f"README Quickstart must hold exactly two commands, found {len(commands)}")
print(commands[{"install": 0, "test": 1}[sys.argv[1]]])
