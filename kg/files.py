"""Writing output files so that an error never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.errors import KGError

__all__ = ["WriteError", "atomic_write", "describe_os_error", "write_bytes"]

_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EROFS: "the file system is read-only; write somewhere else",
    errno.EACCES: "permission denied; write somewhere else or change the permissions",
    errno.EPERM: "not permitted; write somewhere else or change the permissions",
    errno.ENOENT: "no such file or directory",
    errno.EISDIR: "it is a directory; give a file name",
    errno.ENOTDIR: "a part of the path is not a directory",
}


class WriteError(KGError):
    """An output that cannot be written (disk full, read-only, no permission …); what it held is intact.

    >>> str(WriteError("out.ttl", OSError(errno.ENOSPC, "No space left on device")))
    'out.ttl: cannot write: the disk is full; free some space and run again (nothing was changed)'
    """

    def __init__(self, path: str, error: OSError) -> None:
        self.path, self.error = path, error
        super().__init__(f"{path}: cannot write: {describe_os_error(error)} (nothing was changed)")


def describe_os_error(error: OSError) -> str:
    """What an operating-system error means for the user, in a few words.

    >>> describe_os_error(OSError(errno.EROFS, "Read-only file system"))
    'the file system is read-only; write somewhere else'
    >>> describe_os_error(OSError(errno.EIO, "Input/output error"))
    'Input/output error'
    """
    return _ADVICE.get(error.errno or 0, error.strerror or str(error))


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """Open a temporary file next to ``path`` for writing, and move it into place on success.

    If the block raises, the temporary file is removed and an existing ``path`` is left untouched.
    A path that is not a regular file (``/dev/stdout``, a device, a FIFO) is written directly: there is
    nothing to replace, and renaming over it would put a regular file in its place.

    Args:
        path: the file to write.

    Yields:
        A binary file object.

    Raises:
        WriteError: when the file cannot be written (the disk is full, the file system is read-only …).

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as f:
    ...     _ = f.write(b"done")
    >>> target.read_bytes()
    b'done'
    """
    target = Path(path)
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        try:
            with open(target, "wb") as special:
                yield special
        except OSError as e:
            raise WriteError(str(target), e) from e
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise WriteError(str(target), e) from e
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            # keep the permissions a user gave the file they asked us to overwrite
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as e:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(e, OSError) and not isinstance(e, KGError):
            raise WriteError(str(target), e) from e
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.ttl"
    >>> write_bytes(target, b"ok")
    >>> target.read_text()
    'ok'
    """
    with atomic_write(path) as handle:
        handle.write(data)
