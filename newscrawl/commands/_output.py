"""Where the commands write what they print or export: stdout, or a file made safely.

* A reader of stdout that stops early (``scrapy export -o - | head``) is no error
  (:mod:`newscrawl.stdout`).
* A file is written under a temporary name beside it and renamed over it when complete, so
  that a reader never sees half of it and an export that fails (a full disk) or is stopped
  (Ctrl-C, SIGTERM) leaves the previous file as it was, and no temporary one. The new file
  keeps the old one's permissions (an export kept from other users stays so); a symbolic
  link is written through (the link stays, its target is replaced); a FIFO, a device or
  another file that is not a regular one is written in place (renaming over it would put
  a regular file in its stead: ``-o /dev/stdout`` too).
* A file that cannot be written (a missing folder, no permission, a full disk) ends the
  command with one line and exit code 73 (EX_CANTCREAT), as an archive that cannot be
  created does; one stopped, with one line and exit code 130 (as a shell reports Ctrl-C).
"""

from __future__ import annotations

import signal
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, NoReturn

from newscrawl.commands._archive import CANNOT_CREATE_EXIT_CODE
from newscrawl.stdout import reader_may_stop

#: Exit code of a command stopped by Ctrl-C or SIGTERM while it wrote its file (128 + 2).
INTERRUPTED_EXIT_CODE = 130


class _Stopped(Exception):
    """SIGTERM arrived while a file was written."""


def _stop(signum: int, frame: Any) -> None:
    raise _Stopped


def write_file(output: str, write: Callable[[IO[bytes]], int]) -> int:
    """Write ``output`` with ``write`` as described in the module docstring; return its count.

    Ends the command (``SystemExit``) when the file cannot be written or the writing is
    stopped.
    """
    target = Path(output)
    try:
        if target.is_symlink():
            target = target.resolve()
        mode = target.stat().st_mode if target.exists() else None
    except OSError as exc:  # a link that loops, a folder that cannot be read
        _cannot_write(output, exc)
    if mode is not None and not stat.S_ISREG(mode):
        return _write_in_place(output, target, write)
    partial = target.with_name(f".{target.name}.partial")
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        with partial.open("wb") as stream:
            count = write(stream)
        if mode is not None:
            partial.chmod(stat.S_IMODE(mode))
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        _cannot_write(output, exc)
    except (KeyboardInterrupt, _Stopped):
        partial.unlink(missing_ok=True)
        kept = "left as it was" if mode is not None else "not made"
        print(f"Stopped: {output} {kept}", file=sys.stderr)
        raise SystemExit(INTERRUPTED_EXIT_CODE) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    return count


def write_stdout(write: Callable[[IO[bytes]], int]) -> int:
    """Write to stdout with ``write``; return its count (as far as the reader read).

    Ends the command when stdout cannot be written (a full disk it was sent to) or the
    writing is stopped.
    """
    try:
        with reader_may_stop():
            return write(sys.stdout.buffer)
        return 0  # the reader stopped early
    except OSError as exc:
        _cannot_write("stdout", exc)
    except KeyboardInterrupt:
        print("Stopped", file=sys.stderr)
        raise SystemExit(INTERRUPTED_EXIT_CODE) from None


def _write_in_place(output: str, target: Path, write: Callable[[IO[bytes]], int]) -> int:
    try:
        with target.open("wb") as stream:
            return write(stream)
    except OSError as exc:
        _cannot_write(output, exc)
    except KeyboardInterrupt:
        print(f"Stopped: {output} not written whole", file=sys.stderr)
        raise SystemExit(INTERRUPTED_EXIT_CODE) from None


def _cannot_write(output: str, exc: OSError) -> NoReturn:
    print(f"cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
    raise SystemExit(CANNOT_CREATE_EXIT_CODE) from None
