"""Every file a command writes is written whole or not at all, through :func:`atomic_folder`.

The files are made in a temporary folder inside the output folder, then moved into place (a
rename within one file system) only once every one of them is made. A failure before that
leaves the output folder as it was: the temporary folder goes, and so do the folders the write
had to create; nothing that was there before is touched. Ctrl-C or SIGTERM during the moves
waits until the last one is done, so the moves are never left half-way either.

A write removes or replaces only files that pingou itself wrote in that folder: each folder
keeps the names of the files written into it in :data:`MANIFEST`. A file of the same name as
one this write makes but not in the manifest is someone else's, and the write refuses it
(:class:`NotOurs`) rather than replace it; :func:`not_ours` lets a command check that before
it starts its work. Everything else in the folder (a photo in ``figures/``, notes) stays.
"""

from __future__ import annotations

import fnmatch
import os
import secrets
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

#: The file, in each output folder, that lists what pingou wrote there (one name a line).
MANIFEST = ".pingou-manifest"
_HEADER = ("# The files pingou wrote in this folder, one a line. pingou replaces or removes only "
           "these, never anything else here.\n")


class NotOurs(FileExistsError):
    """The folder holds a file (or a file where a folder must go) of a name this write makes,
    and no earlier pingou write made it: it is replaced by nobody."""

    def __init__(self, folder: Path, name: str):
        self.folder, self.name = folder, name
        super().__init__(f"{str(folder / name)!r} was not written by pingou (it is not in "
                         f"{MANIFEST}); move it away or give another folder")


class Staging:
    """The temporary folder of one write. Each file is made through :meth:`path`,
    :meth:`open` or :meth:`write_text`, which note its name for the move into place."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.names: list[str] = []

    def path(self, name: str) -> Path:
        """Where to make the file ``name``, which may hold folders (``figures/growth.png``)."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self.names.append(name)
        return path

    def open(self, name: str) -> BinaryIO:
        """The file ``name``, open for writing bytes."""
        return open(self.path(name), "wb")

    def write_text(self, name: str, text: str) -> None:
        """The file ``name``, holding ``text`` in UTF-8."""
        self.path(name).write_text(text, encoding="utf-8")


@contextmanager
def atomic_folder(folder: str | os.PathLike, *, stale: tuple[str, ...] = ()) -> Iterator[Staging]:
    """Write files into ``folder`` (made if missing) whole or not at all::

        with atomic_folder(out) as files:
            files.write_text("draw.html", html)

    When the block ends, the files it made are moved into ``folder`` in the order they were
    made, each over the file of the same name that an earlier pingou write left; a file of that
    name that pingou did not write stops the write (:class:`NotOurs`) before anything is moved.
    ``stale`` are glob patterns (in ``folder``) of files that an earlier write left and that
    this one replaces as a set, e.g. ``"figures/*.png"``: those listed in the manifest that it
    does not make again are removed; files that match but are not in the manifest stay.

    If anything fails (an ``OSError`` for a full disk, Ctrl-C), the temporary folder and the
    folders the write made (if still empty) are removed and the error goes on. The moves
    themselves (renames within one file system) run with Ctrl-C and SIGTERM held back until
    the last one is done; only a failure among them can leave a mix of old and new files.
    """
    folder = Path(folder)
    state = _Write(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        while True:
            state.tmp = fresh_name(folder, ".pingou-")  # named first, then made: fresh_name
            try:
                state.tmp.mkdir()
                break
            except FileExistsError:  # another write took the name meanwhile
                continue
        files = Staging(state.tmp)
        yield files
        clash = not_ours(folder, files.names)
        if clash is not None:
            raise NotOurs(folder, clash)
        with _signals_held():
            for name in files.names:
                state.made += _missing((folder / name).parent)
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
            state.listed = _record(folder, files.names)  # first: a file moved in is ours
            for name in files.names:
                os.replace(state.tmp / name, folder / name)
                state.moved += 1
            state.done = True
            _remove_stale(folder, stale, keep=set(files.names))
    finally:
        state.undo()


class _Write:
    """What one :func:`atomic_folder` has made so far, and how to take it back if it does not
    finish. Each write in progress is listed in :data:`_UNFINISHED` until it is undone or done,
    so that :func:`undo_unfinished` can take it back even when an interrupt came at a moment
    the ``with`` statement could not pass on (between the writer's setting up and the block's
    start, or at the very start of its end)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.made = _missing(folder)  # the folders this write makes, removed if it fails
        self.tmp: Path | None = None
        self.done, self.moved, self.listed = False, 0, None
        _UNFINISHED.append(self)

    def undo(self) -> None:
        """Remove the temporary folder; unless the files were moved in, take back the
        manifest and remove the folders this write made (if empty). Each step can be done
        again, and the write leaves :data:`_UNFINISHED` only once all are done: an interrupt
        in the middle leaves the rest to :func:`undo_unfinished`."""
        if self not in _UNFINISHED:
            return
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
        if not self.done:
            if not self.moved and self.listed is not None:
                _unrecord(self.folder, self.listed)  # nothing moved in: the manifest as it was
                self.listed = None
            for path in sorted(self.made, key=lambda p: len(p.parts), reverse=True):
                try:
                    path.rmdir()  # only if empty: a file moved in before the failure stays
                except OSError:
                    pass
        _UNFINISHED.remove(self)


#: The writes in progress (:class:`_Write`), oldest first.
_UNFINISHED: list[_Write] = []


def undo_unfinished() -> None:
    """Take back every write that did not finish (see :class:`_Write`); a command calls this
    on its way out after an error or an interrupt."""
    for write in reversed(list(_UNFINISHED)):
        write.undo()


def fresh_name(parent: Path, prefix: str) -> Path:
    """A path in ``parent``, starting with ``prefix``, that does not exist yet. The caller
    holds the name before it makes the folder, so an interrupt at any moment after the folder
    exists finds its name set for the ``finally`` that removes it."""
    while True:
        path = Path(parent) / f"{prefix}{secrets.token_hex(4)}"
        if not os.path.lexists(path):
            return path


def not_ours(folder: str | os.PathLike, names: Iterable[str]) -> str | None:
    """The first of ``names`` (files to write in ``folder``) that pingou may not replace: a
    file (or a link, or a folder) of that name that is not in the folder's manifest, or
    anything but a folder where one of its folders must go. ``None`` when every name is free
    or pingou's own."""
    folder = Path(folder)
    for name in names:
        parts = name.split("/")
        for i in range(1, len(parts) + 1):
            rel = "/".join(parts[:i])
            path = folder / rel
            if not os.path.lexists(path):
                break  # free from here down
            if i < len(parts):
                if not path.is_dir():
                    return rel  # a file where a folder must go
                continue  # a folder on the way (figures/): fine, whoever made it
            if rel not in written(folder) or (path.is_dir() and not path.is_symlink()):
                return rel
    return None


def written(folder: str | os.PathLike) -> set[str]:
    """The names (relative, with ``/``) of the files pingou wrote in ``folder``."""
    path = Path(folder) / MANIFEST
    try:
        stat = path.stat()
    except OSError:
        return set()
    key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    cached = _CACHE.get(path)
    if cached is None or cached[0] != key:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        cached = (key, {line for line in lines if line and not line.startswith("#")})
        _CACHE[path] = cached
    return cached[1]


#: manifest path -> ((inode, size, mtime), names): a sweep writes thousands of files into one
#: folder, one at a time, and must not read the growing manifest again for each
_CACHE: dict[Path, tuple[tuple, set[str]]] = {}


def _record(folder: Path, names: list[str]) -> int | None:
    """Add ``names`` to ``folder``'s manifest (appended: one small write, whatever its size).
    Return the manifest's size before (-1 if there was none; ``None`` if nothing was added)."""
    ours = written(folder)
    new = [n for n in dict.fromkeys(names) if n not in ours]
    if not new:
        return None
    path = folder / MANIFEST
    size = path.stat().st_size if path.exists() else -1
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write((_HEADER if size < 0 else "") + "".join(f"{n}\n" for n in new))
    except BaseException:  # a full disk: the manifest as it was (or none), then the error
        _unrecord(folder, size)
        raise
    if path in _CACHE:
        stat = path.stat()
        _CACHE[path] = ((stat.st_ino, stat.st_size, stat.st_mtime_ns), ours | set(new))
    return size


def _unrecord(folder: Path, size: int) -> None:
    """Take back what :func:`_record` added: the manifest cut back to ``size`` bytes, or
    removed if there was none (``size`` -1)."""
    path = folder / MANIFEST
    try:
        if size < 0:
            path.unlink(missing_ok=True)
        else:
            os.truncate(path, size)
    except OSError:
        pass
    _CACHE.pop(path, None)


def _remove_stale(folder: Path, patterns: tuple[str, ...], keep: set[str]) -> None:
    """Remove the files of the manifest that match ``patterns`` and are not in ``keep``, and
    take them off the manifest (rewritten whole, through a rename)."""
    ours = written(folder)
    gone = {n for n in ours if n not in keep and any(
        fnmatch.fnmatchcase(n, p) and n.count("/") == p.count("/") for p in patterns)}
    if not gone:
        return
    for name in gone:
        path = folder / name
        if path.is_file() or path.is_symlink():
            path.unlink()
    _CACHE.pop(folder / MANIFEST, None)
    fd, name = tempfile.mkstemp(dir=folder, prefix=".pingou-manifest.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(_HEADER + "".join(f"{n}\n" for n in sorted(ours - gone)))
        os.replace(name, folder / MANIFEST)
    except BaseException:  # a full disk: the manifest keeps names of files now gone, harmless
        os.unlink(name)
        raise


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) and SIGTERM for the block: one that comes is delivered, to
    the handler there was before, when the block ends. Only the main thread handles signals;
    elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    came: list[int] = []
    before = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        before[sig] = signal.signal(sig, lambda number, frame: came.append(number))
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
        if came:  # now, and here, not whenever Python next looks: the clean-up after us
            handler = before[came[0]]  # must not be cut short by it
            if callable(handler):
                handler(came[0], None)
            elif handler != signal.SIG_IGN:
                signal.raise_signal(came[0])  # the default action: the process ends


def _missing(folder: Path) -> list[Path]:
    """``folder`` and the folders above it that do not exist yet."""
    return [p for p in (folder, *folder.parents) if not p.exists()]
