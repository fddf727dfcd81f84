"""PostgreSQL connections of one crawler process: the peak during ``scrapy crawl demo``.

Usage::

    python benchmarks/pg_connections.py
    python benchmarks/pg_connections.py --admin-url postgresql+psycopg://postgres@127.0.0.1/postgres
    python benchmarks/pg_connections.py --runs 2    # a second run: revisits, nothing new
    python benchmarks/pg_connections.py -s REACTOR_THREADPOOL_MAXSIZE=4  # any crawl setting

Creates a database of its own on the server, runs ``scrapy crawl demo`` (the bundled demo
site, no network) with the archive there, and meanwhile counts the server's connections to
that database (``pg_stat_activity``) every few milliseconds; prints the peak and the time
spent at each count, per run, then drops the database. The extraction workers never connect,
so every connection counted is the crawler process's. This is the figure the README's
"Scaling out" gives per crawler process.
"""

from __future__ import annotations

import argparse
import collections
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.005


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure(admin_url: str, database: str, runs: int, settings: list[str]) -> None:
    """Run the demo crawl ``runs`` times against ``database``; print its connections."""
    url = make_url(admin_url).set(database=database).render_as_string(False)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    command = [
        sys.executable, "-m", "scrapy", "crawl", "demo",
        "-s", f"NEWSCRAWL_DATABASE_URL={url}",
        "-s", "NEWSCRAWL_FEEDS_DIR=",
        "-s", f"NEWSCRAWL_DEMO_PORT={_free_port()}",
        "-s", "LOG_LEVEL=WARNING",
        *(arg for setting in settings for arg in ("-s", setting)),
    ]  # fmt: skip
    query = text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name")
    with admin.connect() as conn:
        for run in range(1, runs + 1):
            seen: collections.Counter[int] = collections.Counter()
            started = time.monotonic()
            crawl = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
            while crawl.poll() is None:
                seen[int(conn.execute(query, {"name": database}).scalar_one())] += 1
                time.sleep(POLL_SECONDS)
            elapsed = time.monotonic() - started
            after = int(conn.execute(query, {"name": database}).scalar_one())
            total = sum(seen.values()) or 1
            spread = ", ".join(f"{n}: {100 * k / total:.0f}%" for n, k in sorted(seen.items()))
            print(
                f"run {run}: exit {crawl.returncode}, {elapsed:.1f} s, peak {max(seen, default=0)} "
                f"connections, {after} left after exit; share of samples per count: {spread}"
            )
    admin.dispose()


def main() -> None:
    """Parse the arguments, create the database, measure, drop the database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--admin-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="a database to connect to while creating and dropping the crawl's own",
    )
    parser.add_argument("--runs", type=int, default=1, help="crawls in a row (default 1)")
    parser.add_argument(
        "-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
        help="a setting of the crawl, as with scrapy crawl -s",
    )  # fmt: skip
    args = parser.parse_args()
    database = f"newscrawl_conns_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        measure(args.admin_url, database, args.runs, args.settings)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
