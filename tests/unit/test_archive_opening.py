"""How the commands open an archive: one that is not there, empty, or not writable here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import UsageError
from scrapy.settings import Settings
from sqlalchemy.exc import OperationalError

from newscrawl.commands._archive import open_archive
from newscrawl.storage import Archive
from tests.unit.test_archive import article


def settings_for(url: str) -> Settings:
    return Settings({"NEWSCRAWL_DATABASE_URL": url})


def test_an_archive_this_process_may_not_write_is_read_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only file system, a backup, another user's folder: SQLite would not open a
    WAL archive there at all ("unable to open database file")."""
    path = tmp_path / "backup" / "archive.sqlite"
    archive = Archive(f"sqlite:///{path}")
    archive.store_articles([article("https://one.example/a-1", "h1")], [None])
    archive.close()
    real_access = os.access

    def no_writing_here(target: Any, mode: int, **kwargs: Any) -> bool:
        if mode & os.W_OK and str(target).startswith(str(path.parent)):
            return False
        return real_access(target, mode, **kwargs)

    monkeypatch.setattr(os, "access", no_writing_here)
    reader = open_archive(settings_for(f"sqlite:///{path}"), create=False, read_only=True)
    try:
        assert [a["url"] for a in reader.iter_articles()] == ["https://one.example/a-1"]
        with pytest.raises(OperationalError, match="readonly"):
            reader.store_articles([article("https://one.example/a-2", "h2")], [None])
    finally:
        reader.close()
    assert not Path(f"{path}-shm").exists()  # opened as the file it is, nothing made beside


def test_an_empty_file_or_a_uri_to_nothing_is_no_archive(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    for url in (f"sqlite:///{empty}", f"sqlite:///file:{tmp_path}/none.sqlite?mode=ro&uri=true"):
        with pytest.raises(UsageError, match="no archive at "):
            open_archive(settings_for(url), create=False)
    assert empty.read_bytes() == b"" and not (tmp_path / "none.sqlite").exists()


def test_an_archive_the_command_must_write_but_may_not_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite says only "unable to open database file" of a file or folder that this user
    may read but not write (a crawl, an import and reprocess write the archive)."""
    path = tmp_path / "backup" / "archive.sqlite"
    Archive(f"sqlite:///{path}").close()
    real_access = os.access

    def read_only_folder(target: Any, mode: int, **kwargs: Any) -> bool:
        if mode & os.W_OK and str(target).startswith(str(path.parent)):
            return False
        return real_access(target, mode, **kwargs)

    def refused(url: str) -> Archive:
        raise OperationalError("PRAGMA journal_mode", {}, Exception("unable to open database file"))

    monkeypatch.setattr(os, "access", read_only_folder)
    monkeypatch.setattr("newscrawl.storage.Archive", refused)
    with pytest.raises(SystemExit) as ended:
        open_archive(settings_for(f"sqlite:///{path}"), refusal="Not crawling: ")
    assert ended.value.code == 73
    said = capsys.readouterr().err
    assert said.startswith(f"Not crawling: cannot open the archive at sqlite:///{path}: ")
    assert said.rstrip().endswith(
        f"unable to open database file ({path} is read-only for this user)"
    )
