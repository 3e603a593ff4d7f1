"""Writing an output file safely: exports, charts and data packages.

Every output is written to a temporary file first and only then put in place, so a
failure, an interrupt or an empty result leaves the target as it was. Then:

* a regular file (or no file) at the target: the temporary file, made beside it,
  is renamed over it; it keeps the old file's mode, or a new file gets
  ``0666 & ~umask`` (0644 under the usual umask), never the 0600 of a temp file;
* ``-``: the bytes are copied to standard output (nothing named ``-`` is made);
* anything else (a symlink, a FIFO, a device, a socket, a directory) is refused
  with a one-line ``OutputError``; with ``write_through`` the bytes are written
  *into* it (through the symlink to its target, into the FIFO), never replacing it.

The temporary file is removed on any exit Python sees: an error, Ctrl-C, and
SIGTERM (``terminate_as_exit`` turns it into ``SystemExit``). Only SIGKILL can
leave one behind: a hidden ``.<name>.*.part`` beside the target.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crawler.query import OutputError

STDOUT = "-"


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a directory"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fail(out: Path | str, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {out}: {exc.strerror or exc}")


@contextlib.contextmanager
def safe_output(out: str | Path, write_through: bool = False) -> Iterator[str]:
    """A temporary path to write; put in place at ``out`` if the block succeeds.

    See the module docstring for what "in place" means for each kind of target.
    """
    if str(out) == STDOUT:
        fd, tmp = tempfile.mkstemp(prefix=".tuyengiao-", suffix=".part")
        os.close(fd)
        try:
            yield tmp
            with open(tmp, "rb") as src:
                try:
                    shutil.copyfileobj(src, sys.stdout.buffer)
                    sys.stdout.buffer.flush()
                except BrokenPipeError:
                    _quiet_stdout()
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        return
    out = Path(out)
    try:
        st: os.stat_result | None = os.lstat(out)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _fail(out, exc) from None
    through = st is not None and not stat.S_ISREG(st.st_mode)
    if st is not None and through:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"cannot write {out}: it is a directory")
        if not write_through:
            raise OutputError(
                f"refusing to replace {out}: it is {_kind(st.st_mode)}; "
                "--write-through writes into it"
            )
        target = os.stat(out) if stat.S_ISLNK(st.st_mode) else st
        if stat.S_ISDIR(target.st_mode):
            raise OutputError(f"cannot write {out}: it points to a directory")
    parent = (
        Path(tempfile.gettempdir()) if through else (out.parent if str(out.parent) else Path("."))
    )
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=parent)
    except OSError as exc:
        raise _fail(out, exc) from None
    try:
        mode = stat.S_IMODE(st.st_mode) if st is not None and not through else 0o666 & ~_umask()
        os.fchmod(fd, mode)
        os.close(fd)
        yield tmp
        try:
            if through:
                with open(tmp, "rb") as src, open(out, "r+b" if _seekable(out) else "wb") as dst:
                    shutil.copyfileobj(src, dst)
                    if dst.seekable():
                        dst.truncate()
            else:
                os.replace(tmp, out)
        except OSError as exc:
            raise _fail(out, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _seekable(path: Path) -> bool:
    """A regular file behind a symlink is rewritten in place (r+b, then truncated)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _quiet_stdout() -> None:
    """A reader that went away (``| head``): stop writing, say nothing."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@contextlib.contextmanager
def terminate_as_exit() -> Iterator[None]:
    """Within the block, SIGTERM raises ``SystemExit(143)`` so ``finally`` clauses run."""

    def handler(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)
