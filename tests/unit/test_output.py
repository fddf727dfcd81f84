"""Files the commands write: made whole or not at all, links and special files respected."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from newscrawl.commands._output import INTERRUPTED_EXIT_CODE, write_file


def writer(data: bytes, count: int = 1) -> Callable[[IO[bytes]], int]:
    def write(stream: IO[bytes]) -> int:
        stream.write(data)
        return count

    return write


def test_a_file_replaces_the_previous_one_whole_with_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    out.write_bytes(b"old\n")
    out.chmod(0o640)
    assert write_file(str(out), writer(b"new\n", 3)) == 3
    assert out.read_bytes() == b"new\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["export.jsonl"]


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "exports" / "latest-2026.jsonl"
    target.parent.mkdir()
    target.write_bytes(b"old\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    write_file(str(link), writer(b"new\n"))
    assert link.is_symlink() and target.read_bytes() == b"new\n"


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    read: list[bytes] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_bytes()))
    reader.start()
    write_file(str(fifo), writer(b"through the pipe\n"))
    reader.join(timeout=10)
    assert read == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_is_written_in_place() -> None:
    write_file(os.devnull, writer(b"gone\n"))
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, "SIGTERM"])
def test_a_stopped_export_leaves_the_previous_file_and_no_partial_one(
    tmp_path: Path, interruption: object
) -> None:
    out = tmp_path / "export.jsonl"
    out.write_bytes(b"the last good export\n")

    def write(stream: IO[bytes]) -> int:
        stream.write(b"half")
        if interruption == "SIGTERM":
            os.kill(os.getpid(), 15)  # as systemd or `timeout` stops a command
        raise KeyboardInterrupt  # (not reached with SIGTERM: its handler raises first)

    with pytest.raises(SystemExit) as stopped:
        write_file(str(out), write)
    assert stopped.value.code == INTERRUPTED_EXIT_CODE
    assert out.read_bytes() == b"the last good export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["export.jsonl"]


def test_a_file_that_cannot_be_written_ends_the_command_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ended:
        write_file(str(tmp_path / "no-such-dir" / "out.jsonl"), writer(b"x"))
    assert ended.value.code == 73
    assert capsys.readouterr().err == (
        f"cannot write {tmp_path}/no-such-dir/out.jsonl: No such file or directory\n"
    )
    full = Path("/dev/full")  # Linux's: writes fail with ENOSPC, as on a full disk
    with pytest.raises(SystemExit) as ended:
        write_file(str(full), writer(b"x" * 100_000))
    assert ended.value.code == 73 and stat.S_ISCHR(full.stat().st_mode)
