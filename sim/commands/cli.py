"""The ``pingou`` command.

Each subcommand lives in its own module with ``add_parser(subparsers)`` and ``main(args)``;
this file only wires them together and turns bad input into one line on stderr with exit
status 2 (no traceback), and a failure while writing the output into one line with exit
status 1 (:func:`writing`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sim.scheme.scenario import ScenarioError

#: subcommand name -> module (relative to ``sim``) defining add_parser() and main()
COMMANDS = {
    "run": ".run",
    "scenarios": ".scenarios",
    "show": ".scenarios",
    "draw": ".draw",
    "sweep": ".sweep",
    "compare": ".compare",
    "app": ".app",
    "discover": ".discover",
}


class CommandError(Exception):
    """A command cannot go on; the text is one line, ``status`` the exit status."""

    status = 1


class UsageError(CommandError):
    """Bad command-line input; the text is one line."""

    status = 2


class WriteError(CommandError):
    """The output could not be written (disk full, a folder removed under us); nothing
    half-written is left behind."""

    status = 1


class Parser(argparse.ArgumentParser):
    """argparse, but an error is one line and exit status 2, never the usage block."""

    def error(self, message: str):  # noqa: D401
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> Parser:
    parser = Parser(prog="pingou", description="Simulate group-buy lottery schemes and see who "
                    "loses money when growth stalls.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    seen = set()
    for name, module in COMMANDS.items():
        if module in seen:
            continue
        seen.add(module)
        mod = importlib.import_module(module, __package__)
        mod.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    except (CommandError, ScenarioError) as exc:
        text = str(exc).replace("\n", " ")
        if not text.startswith("pingou"):
            text = f"pingou: error: {text}"
        print(text, file=sys.stderr)
        return getattr(exc, "status", 2)
    except KeyboardInterrupt:
        print("pingou: interrupted", file=sys.stderr)
        return 130


def positive_int(flag: str, lo: int = 1, hi: int | None = None):
    """An argparse type that names the flag, the value and the range in its error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise UsageError(f"pingou: error: {flag} {text!r}: must be a whole number") from None
        if value < lo or (hi is not None and value > hi):
            allowed = f">= {lo}" + (f" and <= {hi}" if hi is not None else "")
            raise UsageError(f"pingou: error: {flag} {value}: must be {allowed}")
        return value

    return parse


def output_folder(flag: str, value: str) -> Path:
    """Check, before any work is done, that the folder ``value`` given to ``flag`` can be
    written: it is a folder or does not exist yet, and files can be made in it (or in the
    nearest folder above it that exists, where it will be made). Nothing is left on disk by
    the check. Raises :class:`UsageError` naming the flag, the value and what is wrong."""
    out = Path(value)
    if out.exists() and not out.is_dir():
        raise UsageError(f"pingou: error: {flag} {value!r}: exists and is not a folder")
    existing = out.absolute()
    while not existing.exists():  # the nearest folder that exists: where mkdir starts
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"pingou: error: {flag} {value!r}: {str(existing)!r} is a file, "
                         f"not a folder")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".pingou-check.", dir=existing))
    except OSError as exc:
        raise UsageError(f"pingou: error: {flag} {value!r}: cannot write in "
                         f"{str(existing)!r}: {exc.strerror or exc}") from None
    return out


@contextmanager
def writing(flag: str, value: str, what: str) -> Iterator[None]:
    """A failure while writing ``what`` into the folder ``value`` given to ``flag`` (a full
    disk) becomes one line, a :class:`WriteError`; the writer has removed what it had made."""
    try:
        yield
    except OSError as exc:
        raise WriteError(f"pingou: error: {flag} {value!r}: could not write {what}: "
                         f"{exc.strerror or exc}") from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
