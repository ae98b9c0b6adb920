"""The one way chairship writes a file the user named (``-o PATH``): :func:`write_output`.

Every writer goes through :func:`write_output` (export formats today, any future ``-o`` writer
such as a chart or a calendar): it decides whether PATH is stdout, refuses what must never be
replaced, and writes a regular file atomically. The rules (docs/reference.md, "Writing files"):

- ``None``, ``-``, ``/dev/stdout`` (and ``/dev/fd/1``, or any path that is the very file open
  as stdout) mean stdout: the bytes are written there.
- A new path, in an existing directory: a temporary file next to it, then a rename, so a reader
  never sees half a file and a failure leaves nothing behind.
- An existing regular file: refused unless ``force``; with ``force`` it is replaced atomically
  and keeps its permission bits (mode). A file you may not write is refused, even with ``force``.
- A symbolic link is refused, even with ``force`` (it is never replaced nor followed): name the
  file it points to.
- A directory, a device, a FIFO or a socket is refused, even with ``force``.
- A file in ``protect`` (the dataset being read) is refused, even with ``force``. Files are
  compared by device and inode, so another name (a hard link, ``./x``, ``../d/x``) is caught.

No typer, no rich: a refusal is an :class:`OutputError` whose message is one line, for the
caller to print (``chairship: error: ...``) before exiting 1.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

# Content to write: the bytes, or a function that builds the file at the path it is given (an
# SQLite database); the function is called with a temporary path next to the target.
Content = bytes | Callable[[Path], None]

STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")


class OutputError(Exception):
    """A write that was refused or failed; ``str(e)`` is one line naming the path and why."""


def write_output(
    path: str | os.PathLike[str] | None,
    content: Content,
    *,
    force: bool = False,
    protect: Iterable[str | os.PathLike[str]] = (),
) -> Path | None:
    """Write ``content`` to ``path`` safely; return the path written, or None for stdout.

    ``path``: the user's ``-o`` value (None, ``-`` or ``/dev/stdout`` for stdout).
    ``content``: bytes, or a callable that builds the file at a temporary path it is given.
    ``force``: replace an existing regular file (keeping its mode); nothing else is replaced.
    ``protect``: files that must never be written (the dataset being read), by device/inode.

    Raises :class:`OutputError` (one line: ``cannot write PATH: why``) for every refusal and
    every I/O failure; nothing partial is left behind and an existing file is untouched.
    Exceptions raised by a ``content`` callable other than OSError propagate unchanged (after
    the temporary file is removed). Writing to stdout may exit through ``render.output``'s
    write-failure handling (exit 1, or 0 for a closed pipe), like every other output.
    """
    if path is None or is_stdout(path):
        _to_stdout(content)
        return None
    target = Path(path)
    try:
        _write_file(target, content, force, protect)
    except FileExistsError:
        raise OutputError(f"{target} exists; use --force to overwrite it") from None
    except OSError as e:
        raise OutputError(f"cannot write {target}: {e.strerror or e}") from None
    return target


def is_stdout(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names stdout: ``-``, ``/dev/stdout``, ``/dev/fd/1``, or the very file
    (same device and inode) that is open as stdout, when that is not a regular file."""
    text = os.fspath(path)
    if text in STDOUT_NAMES:
        return True
    try:
        out = os.fstat(1)
        st = os.stat(text)
    except (OSError, ValueError):
        return False
    return (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino) and not stat.S_ISREG(st.st_mode)


def _to_stdout(content: Content) -> None:
    from .render.output import emit_bytes

    if isinstance(content, bytes):
        emit_bytes(content)
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="chairship-") as d:
        tmp = Path(d) / "output"
        content(tmp)
        data = tmp.read_bytes()
    emit_bytes(data)


def _kind(mode: int) -> str | None:
    """Why a file of this mode may not be written, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISLNK(mode):
        return "is a symbolic link; give the file it points to"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def _refuse(target: Path, why: str) -> OutputError:
    return OutputError(f"cannot write {target}: {why}")


def _check(
    target: Path, force: bool, protect: Iterable[str | os.PathLike[str]]
) -> os.stat_result | None:
    """The target's lstat if it is a regular file we may replace, None if it does not exist;
    OutputError or FileExistsError otherwise."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    why = _kind(st.st_mode)
    if why is not None:
        raise _refuse(target, why)
    for p in protect:
        with contextlib.suppress(OSError):
            other = os.stat(p)
            if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                raise _refuse(target, "it is the dataset being read; write elsewhere")
    if not force:
        raise FileExistsError(errno.EEXIST, "file exists", str(target))
    if not os.access(target, os.W_OK):
        raise _refuse(target, "you may not write this file (its permissions forbid it)")
    return st


def _write_file(
    target: Path, content: Content, force: bool, protect: Iterable[str | os.PathLike[str]]
) -> None:
    import tempfile

    protect = tuple(protect)
    before = _check(target, force, protect)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as f:
                view = memoryview(content)
                while view:  # count every byte: a short write is an error, never a cut file
                    n = os.write(f.fileno(), view)
                    if n <= 0:
                        raise OSError(errno.EIO, "short write", str(target))
                    view = view[n:]
                os.fsync(f.fileno())
        else:
            os.close(fd)
            content(tmp)
            _fsync_file(tmp)
        # mkstemp creates the file 0600: a replaced file keeps its mode, a new one gets the mode
        # a normal new file gets (0666 less the umask).
        mode = stat.S_IMODE(before.st_mode) if before is not None else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        now = _check(target, force, protect)  # it may have changed while we were writing
        if (before is None) != (now is None) or (
            before is not None and now is not None and before.st_ino != now.st_ino
        ):
            raise _refuse(target, "it changed while the export was being written")
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        # SQLite may leave a rollback journal or WAL files next to the temporary database.
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-journal", "-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Make the rename durable; some file systems cannot fsync a directory (ignored)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
