"""Every file a command writes is written whole or not at all, through :func:`atomic_folder`.

The files are made in a temporary folder inside the output folder, then moved into place (a
rename within one file system) only once every one of them is made. A failure before that
leaves the output folder as it was: the temporary folder goes, and so do the folders the write
had to create; nothing that was there before is touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator


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
    made, each over any file of the same name. ``stale`` are glob patterns (in ``folder``) of
    files that an earlier write left and that this one replaces as a set, e.g.
    ``"figures/*.png"``: those it does not make again are removed. If anything fails, the
    temporary folder and the folders the write made (if still empty) are removed and the error
    (an ``OSError`` for a full disk) goes on; only a failure among the moves themselves (renames
    within one file system) can leave a mix of old and new files.
    """
    folder = Path(folder)
    made = _missing(folder)  # the folders this write makes, removed again if it fails
    tmp, done = None, False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".pingou-", dir=folder))
        files = Staging(tmp)
        yield files
        for name in files.names:
            made += _missing((folder / name).parent)
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
        for name in files.names:
            os.replace(tmp / name, folder / name)
        done = True
        for pattern in stale:
            for old in folder.glob(pattern):
                if old.relative_to(folder).as_posix() not in files.names:
                    old.unlink()
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for path in ([] if done else sorted(made, key=lambda p: len(p.parts), reverse=True)):
            try:
                path.rmdir()  # only if empty: a file moved in before the failure stays
            except OSError:
                pass


def _missing(folder: Path) -> list[Path]:
    """``folder`` and the folders above it that do not exist yet."""
    return [p for p in (folder, *folder.parents) if not p.exists()]
