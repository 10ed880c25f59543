"""The ``pingou`` command.

Each subcommand lives in its own module with ``add_parser(subparsers)`` and ``main(args)``;
this file only wires them together and turns every way a command can end into one line on
stderr and an exit status, never a traceback:

* 0: done;
* 1: the work failed: the output could not be written (a full disk, :func:`writing`) or the
  memory ran out part-way; nothing half-written is left;
* 2: bad input (a field, a flag, an output folder that cannot be written, a run too large for
  this machine's memory, :func:`check_memory`), refused before any work is done;
* 130: interrupted by Ctrl-C (SIGINT), 143: stopped by SIGTERM; the work stops at once, the
  temporary folder goes, child processes are ended, and whatever was written is whole.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

# Nothing heavy is imported here (not even the scenario module): until main() has set up the
# handling of Ctrl-C, an interrupt would print a traceback.

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
    "new": ".new",
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
        if message.endswith("expected one argument"):  # e.g. --range -1:1, taken for a flag
            message += " (a value that starts with '-' goes after '=', e.g. --range=KEY=-1:1)"
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


class Terminated(BaseException):
    """SIGTERM, raised in the main thread like Ctrl-C's KeyboardInterrupt, so that every
    ``finally`` on the way out runs (the temporary folder goes, the Dask cluster closes)."""


class _Signals:
    """Ctrl-C and SIGTERM for the time of one command: the first raises KeyboardInterrupt or
    :class:`Terminated`; any that come while the command winds down are ignored, so that the
    cleaning up is not cut short. The handlers there were before come back at the end."""

    def __enter__(self):
        self.before = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.before[sig] = signal.signal(sig, self._first)
        return self

    def _first(self, number, frame):
        for sig in self.before:
            signal.signal(sig, self._later)
        raise KeyboardInterrupt if number == signal.SIGINT else Terminated

    @staticmethod
    def _later(number, frame):
        pass  # already on the way out

    def __exit__(self, *exc):
        for sig, handler in self.before.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        return False


def main(argv: list[str] | None = None) -> int:
    with _Signals(), _unfinished_writes_undone():
        try:
            from sim.scheme.scenario import ScenarioError

            try:
                parser = build_parser()
                args = parser.parse_args(argv)
                status = int(args.func(args) or 0)
                sys.stdout.flush()  # a reader that left (| head) shows here, not at exit
                return status
            except ScenarioError as exc:
                raise UsageError(str(exc)) from None
        except CommandError as exc:
            return _fail(str(exc), exc.status)
        except MemoryError as exc:
            why = f" ({exc})" if str(exc) else ""
            return _fail(f"pingou: error: out of memory part-way through{why}; nothing "
                         f"half-written is left; try fewer --participants", 1)
        except BrokenPipeError:  # the reader of stdout left (pingou draw --json | head):
            _quiet_stdout()     # stop without a word, as Unix tools do: 128 + SIGPIPE
            return 141
        except KeyboardInterrupt as exc:
            return _fail(_stopped("interrupted (Ctrl-C)", exc), 130)
        except Terminated as exc:
            return _fail(_stopped("terminated (SIGTERM)", exc), 143)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that Python's own flush at exit finds no broken pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file (a test's StringIO)
        pass


@contextmanager
def _unfinished_writes_undone() -> Iterator[None]:
    """On the way out, take back any write the command began and did not finish
    (:func:`sim.outputs.files.undo_unfinished`): an interrupt can come at a moment when the
    writer's own clean-up cannot run."""
    try:
        yield
    finally:
        from sim.outputs.files import undo_unfinished

        undo_unfinished()


def _fail(text: str, status: int) -> int:
    text = " ".join(text.split("\n"))
    if not text.startswith("pingou"):
        text = f"pingou: error: {text}"
    print(text, file=sys.stderr)
    return status


def _stopped(what: str, exc: BaseException) -> str:
    """The line for an interrupted command; a command may add what it kept (``note``)."""
    note = getattr(exc, "note", None)
    return f"pingou: {what}; " + (note or "nothing half-written was left")


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


def shown(value: str) -> str:
    """``value`` quoted for a message, shortened in the middle when very long."""
    if len(value) <= 120:
        return repr(value)
    return f"{value[:60]!r}...{value[-40:]!r} ({len(value):,} characters)"


def output_folder(flag: str, value: str, names: Iterable[str] = ()) -> Path:
    """Check, before any work is done, that the folder ``value`` given to ``flag`` can be
    written: a name of a folder that is no longer than the file system allows, a folder or
    nothing yet (no file, no symbolic link that leads nowhere, on the way or at the end), and
    files can be made in it (or in the nearest folder above it that exists, where it will be
    made); ``names``, the files the command will write there, must be free or pingou's own
    (:func:`sim.outputs.files.not_ours`). Nothing is left on disk by the check. Raises
    :class:`UsageError` naming the flag, the value and what is wrong (:class:`WriteError` when
    the disk is full)."""
    from sim.outputs.files import MANIFEST, fresh_name, not_ours

    what = f"pingou: error: {flag} {shown(value)}"
    if not value:
        raise UsageError(f"{what}: must name a folder, e.g. {flag} pingou-out")
    out = Path(value)
    full = out.absolute()
    existing = Path(full.anchor)  # the deepest folder on the way that exists: mkdir starts there
    for part in full.parts[1:]:
        path = existing / part
        if not os.path.lexists(path):
            break
        if not path.exists():  # a symbolic link to nothing (or a loop of links)
            raise UsageError(f"{what}: {str(path)!r} is a symbolic link to "
                             f"{os.readlink(path)!r}, which does not exist; make that folder "
                             f"or give another {flag}")
        if not path.is_dir():
            if path == full:
                raise UsageError(f"{what}: exists and is not a folder")
            raise UsageError(f"{what}: {str(path)!r} is a file, not a folder")
        existing = path
    _check_length(what, full, existing, names)
    probe = fresh_name(existing, ".pingou-check.")  # named first: see fresh_name
    try:
        probe.mkdir()
    except OSError as exc:
        error = WriteError if exc.errno in (errno.ENOSPC, errno.EDQUOT) else UsageError
        raise error(f"{what}: cannot write in {str(existing)!r}: {exc.strerror or exc}") from None
    finally:
        if probe.is_dir():
            probe.rmdir()
    if existing == full:
        clash = not_ours(full, names)
        if clash is not None:
            raise UsageError(f"{what}: {clash!r} in it was not written by pingou (it is not in "
                             f"{MANIFEST}) and would be replaced; move it away or give another "
                             f"{flag}")
    return out


def _check_length(what: str, full: Path, existing: Path, names: Iterable[str]) -> None:
    """Refuse a folder name longer than the file system takes: a part of it longer than its
    longest name, or the whole, with the files to go in it and the writer's temporary folder,
    longer than its longest path."""
    try:
        longest_name = os.pathconf(existing, "PC_NAME_MAX")
        longest_path = os.pathconf(existing, "PC_PATH_MAX")
    except (OSError, ValueError):
        longest_name, longest_path = 255, 4096
    for part in full.parts[1:]:
        if len(os.fsencode(part)) > longest_name:
            raise UsageError(f"{what}: a name in it is {len(os.fsencode(part)):,} bytes "
                             f"long; this file system allows at most {longest_name}")
    inside = max((len(os.fsencode(n)) for n in names), default=32) + 32  # + .pingou-XXXXXXXX/
    if len(os.fsencode(str(full))) + inside > longest_path:
        raise UsageError(f"{what}: the path is {len(os.fsencode(str(full))):,} bytes long; "
                         f"with the files to go in it, at most {longest_path - inside:,} fit "
                         f"here")


@contextmanager
def writing(flag: str, value: str, what: str) -> Iterator[None]:
    """A failure while writing ``what`` into the folder ``value`` given to ``flag`` (a full
    disk) becomes one line, a :class:`WriteError`; the writer has removed what it had made."""
    try:
        yield
    except OSError as exc:
        raise WriteError(f"pingou: error: {flag} {shown(value)}: could not write {what}: "
                         f"{exc.strerror or exc}") from None


def check_memory(need, *, at_once: int = 1, each_process: int = 0, hint: str = "") -> None:
    """Refuse, before any work, a run that cannot fit in this machine's memory: ``need`` (a
    :class:`sim.api.MemoryNeed`) times ``at_once`` runs side by side, each in a process of
    its own that needs ``each_process`` more, against every limit of
    :func:`sim.api.memory_limits` (the physical memory, cgroups, ``ulimit -v``). The line gives
    the estimate, the memory available and under which limit, and how many members would fit.
    """
    from sim import api

    for limit in api.memory_limits():
        if limit.per_process:  # one run per process; what counts is its address space
            runs, scale, extra, kind = 1, api.ADDRESS_SPACE_PER_BYTE, 0, "address space"
        else:
            runs, scale, extra, kind = at_once, 1.0, each_process, "memory"
        needed = need.total * scale
        if (needed + extra) * runs <= limit.free:
            continue
        fits = need.members_that_fit(int((limit.free / runs - extra) / scale))
        each = f" each, {runs} at once," if runs > 1 else ""
        allowed = (f"at most about {fits:,} members would fit" if fits >= 1 else
                   "not even one member would fit")
        raise UsageError(
            f"pingou: error: {need.cause()}: a run needs about {needed / api.GiB:.2f} GiB of "
            f"{kind}{each} and {limit.free / api.GiB:.2f} GiB is available ({limit.what}); "
            f"{allowed}{hint}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
