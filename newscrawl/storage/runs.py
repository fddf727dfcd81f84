"""Crawl runs and the per-site run lock, in the archive database.

A run takes the lock of its site (a ``crawl_locks`` row whose name is UNIQUE, so two
processes cannot both insert it) and keeps it alive with a heartbeat. A second run of the
same site finds the row and is refused with :class:`RunLocked`, unless the holder is dead:
a process of this host that no longer exists, or a heartbeat older than ``stale_after``
(a holder on another host, or a frozen one). A stale lock is taken over, and the dead run
is recorded as such. Because the lock lives in the database, it works for every process
that shares the archive, on one machine or several.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from newscrawl.storage.models import CrawlLock, CrawlRun
from newscrawl.storage.rows import utcnow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from newscrawl.storage.reading import ArchiveReader

#: finish_reason of a run that died without closing (found when its lock was taken over).
DIED = "died"
#: finish_reason of a run refused because another run of the site held the lock.
LOCKED = "locked"
#: finish_reason of a run that finished without doing its work (the summary says why:
#: :func:`newscrawl.extensions.summary.run_failure`).
FAILED = "failed"
#: Count columns of a run, set from the crawl's stats.
COUNT_COLUMNS = (
    "requests", "articles_new", "articles_changed", "articles_unchanged", "articles_removed",
    "articles_restored", "skipped", "errors",
)  # fmt: skip


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or held) a run lock."""

    name: str
    run_id: int | None
    pid: int
    host: str
    acquired_at: datetime
    heartbeat_at: datetime

    def describe(self, now: datetime | None = None) -> str:
        """One line for logs: who, since when, last heartbeat."""
        now = now or utcnow()
        return (
            f"run {self.run_id} (pid {self.pid} on {self.host}) since "
            f"{self.acquired_at:%Y-%m-%d %H:%M:%S} UTC, last heartbeat "
            f"{(now - self.heartbeat_at).total_seconds():.0f}s ago"
        )


class RunLocked(Exception):
    """Another live run holds the lock of this site."""

    def __init__(self, holder: LockHolder) -> None:
        super().__init__(f"another run of {holder.name!r} is in progress: {holder.describe()}")
        self.holder = holder


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder(row: CrawlLock) -> LockHolder:
    return LockHolder(row.name, row.run_id, row.pid, row.host, row.acquired_at, row.heartbeat_at)


def run_key(spider: object) -> str:
    """What a spider's runs are recorded and locked under: its site (``run_key``), or name."""
    return str(getattr(spider, "run_key", None) or getattr(spider, "name", ""))


class RunBook:
    """Runs and locks of one archive."""

    def __init__(self, archive: ArchiveReader) -> None:
        self._write = archive._write_sessions
        self._read = archive._read_sessions
        self.host = socket.gethostname()
        self.pid = os.getpid()

    def is_stale(self, holder: LockHolder, stale_after: timedelta) -> bool:
        """Whether the holder of a lock is dead."""
        if holder.host == self.host and not _pid_alive(holder.pid):
            return True
        return utcnow() - holder.heartbeat_at > stale_after

    def start(
        self, spider: str, run_key: str, stale_after: timedelta, *, lock: bool = True
    ) -> tuple[int, LockHolder | None]:
        """Take the lock of ``run_key`` and record a new run.

        Returns the run id and the holder of a stale lock taken over (or None); raises
        :class:`RunLocked` if a live run holds the lock. Without ``lock`` (processes that
        share a run, in scale-out mode, each record theirs), the run is only recorded, and
        the runs of ``run_key`` whose process is dead are recorded as such: no lock
        taken over does it for them.
        """
        now = utcnow()
        with self._write.begin() as session:
            if not lock:
                self._mark_dead_runs(session, run_key, stale_after)
                run = self._new_run(session, spider, run_key, now)
                return run.id, None
            stale = None
            row = session.scalars(select(CrawlLock).where(CrawlLock.name == run_key)).first()
            if row is not None:
                holder = _holder(row)
                if not self.is_stale(holder, stale_after):
                    raise RunLocked(holder)
                stale = holder
                session.delete(row)
                _mark_died(session, holder)
                session.flush()
            run = self._new_run(session, spider, run_key, now)
            try:
                with session.begin_nested():
                    session.add(
                        CrawlLock(
                            name=run_key,
                            run_id=run.id,
                            pid=self.pid,
                            host=self.host,
                            acquired_at=now,
                            heartbeat_at=now,
                        )
                    )
            except IntegrityError:
                # Only possible without serialized writers (PostgreSQL): someone was faster.
                row = session.scalars(select(CrawlLock).where(CrawlLock.name == run_key)).one()
                raise RunLocked(_holder(row)) from None
            return run.id, stale

    def _new_run(
        self, session: Session, spider: str, run_key: str, now: datetime, **ended: Any
    ) -> CrawlRun:
        """Insert a run of this process, started ``now`` (``ended``: it ended already)."""
        run = CrawlRun(
            spider=spider, run_key=run_key, started_at=now, heartbeat_at=now,
            pid=self.pid, host=self.host, dropped={},
            **dict.fromkeys(COUNT_COLUMNS, 0), **ended,
        )  # fmt: skip
        session.add(run)
        session.flush()
        return run

    def _mark_dead_runs(self, session: Session, run_key: str, stale_after: timedelta) -> None:
        """Record as died the unfinished runs of ``run_key`` whose process is dead."""
        running = session.scalars(
            select(CrawlRun).where(CrawlRun.run_key == run_key, CrawlRun.finished_at.is_(None))
        )
        for run in running:
            holder = LockHolder(
                run_key, run.id, run.pid, run.host, run.started_at, run.heartbeat_at
            )
            if self.is_stale(holder, stale_after):
                _mark_died(session, holder)

    def refused(self, spider: str, run_key: str) -> int:
        """Record a run that did not start because the site was locked."""
        now = utcnow()
        with self._write.begin() as session:
            run = self._new_run(
                session, spider, run_key, now, finished_at=now, finish_reason=LOCKED
            )
            return run.id

    def heartbeat(
        self,
        run_id: int,
        run_key: str,
        counts: dict[str, Any],
        dead_after: timedelta | None = None,
    ) -> None:
        """Keep the lock alive and save the counts so far.

        ``dead_after`` (processes sharing a run, without the lock): also record as died
        the runs of ``run_key`` whose process is dead (gone from this host, or silent that
        long), which otherwise show as running until a later process of the site starts.
        """
        now = utcnow()
        with self._write.begin() as session:
            if dead_after is not None:
                self._mark_dead_runs(session, run_key, dead_after)
            session.execute(
                update(CrawlLock)
                .where(CrawlLock.name == run_key, CrawlLock.run_id == run_id)
                .values(heartbeat_at=now)
            )
            # A late heartbeat must not overwrite the final counts of a finished run.
            session.execute(
                update(CrawlRun)
                .where(CrawlRun.id == run_id, CrawlRun.finished_at.is_(None))
                .values(heartbeat_at=now, **counts)
            )

    def finish(
        self,
        run_id: int,
        run_key: str,
        reason: str,
        counts: dict[str, Any],
        failure: str | None = None,
    ) -> None:
        """Record the end of a run (``failure``: why a failed one failed), release its lock."""
        now = utcnow()
        with self._write.begin() as session:
            session.execute(
                update(CrawlRun)
                .where(CrawlRun.id == run_id)
                .values(
                    finished_at=now,
                    heartbeat_at=now,
                    finish_reason=reason,
                    failure=failure,
                    **counts,
                )
            )
            session.execute(
                delete(CrawlLock).where(CrawlLock.name == run_key, CrawlLock.run_id == run_id)
            )

    def holder(self, run_key: str) -> LockHolder | None:
        """Who holds the lock of ``run_key`` now, if anyone."""
        with self._read() as session:
            row = session.scalars(select(CrawlLock).where(CrawlLock.name == run_key)).first()
            return None if row is None else _holder(row)

    def last_run_was_complete(self, run_key: str) -> bool:
        """Whether the last run of ``run_key`` that ended (not refused) read all it meant to.

        It finished (not killed, shut down or failed), and no listing page of it went
        unfetched: every section page it asked for was read (or answered that it is gone,
        or is one robots.txt forbids: a page no run will read must not keep every later
        run from stopping its pagination early). False when there is none.
        """
        query = (
            select(CrawlRun.finish_reason, CrawlRun.listing_problems)
            .where(
                CrawlRun.run_key == run_key,
                CrawlRun.finished_at.is_not(None),
                CrawlRun.finish_reason != LOCKED,
            )
            .order_by(CrawlRun.id.desc())
            .limit(1)
        )
        with self._read() as session:
            row = session.execute(query).first()
        if row is None or row.finish_reason != "finished":
            return False
        return not (row.listing_problems or {}).get("not-fetched")

    def runs(self, spider: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """The latest runs, newest first, as dicts of their columns.

        ``spider``: only the runs of this spider, or of this site: a run key as ``scrapy
        runs`` shows it ("news:local"), or the site's name in it ("local").
        """
        query = select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
        if spider is not None:
            query = query.where(
                or_(
                    CrawlRun.spider == spider,
                    CrawlRun.run_key == spider,
                    CrawlRun.run_key.endswith(f":{spider}", autoescape=True),
                )
            )
        with self._read() as session:
            return [
                {c.key: getattr(row, c.key) for c in CrawlRun.__table__.columns}
                for row in session.scalars(query)
            ]

    def spiders(self) -> list[str]:
        """The names of the spiders and sites (run keys) that have runs recorded, in order."""
        with self._read() as session:
            spiders = set(session.scalars(select(CrawlRun.spider).distinct()))
            sites = set(session.scalars(select(CrawlRun.run_key).distinct()))
        return sorted(spiders | sites)


def _mark_died(session: Session, holder: LockHolder) -> None:
    if holder.run_id is None:
        return
    session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == holder.run_id, CrawlRun.finished_at.is_(None))
        .values(finish_reason=DIED, finished_at=holder.heartbeat_at)
    )
