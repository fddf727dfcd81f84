"""Run the mock server: ``python -m tests.mockserver [--robots SPEC] [--port N]``.

Binds 127.0.0.1 (port 0 by default: any free port), prints ``PORT <n>`` on one line, and
serves until its standard input closes (the parent test process ended) or it is killed.
``--ignore-stdin`` keeps it running when started with no standard input (by hand, in the
background).
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from tests.mockserver.requestlog import LoggingSite, RequestLog
from tests.mockserver.resources.robots import ROBOTS_SPECS
from tests.mockserver.root import build_root


def _stop_when_stdin_closes(reactor: Any) -> None:
    sys.stdin.buffer.read()  # returns at end of file
    reactor.callFromThread(reactor.stop)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.mockserver", description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--robots", default="default", help=f"one of {', '.join(ROBOTS_SPECS)}")
    parser.add_argument("--ignore-stdin", action="store_true")
    args = parser.parse_args(argv)
    # Imported here, not at module level: pytest's doctest collection imports this module, and
    # installing a reactor in the test process would clash with Scrapy's asyncio reactor.
    from twisted.internet import reactor

    log = RequestLog()
    site = LoggingSite(build_root(log, robots=args.robots), log)
    port = reactor.listenTCP(args.port, site, interface="127.0.0.1")
    print(f"PORT {port.getHost().port}", flush=True)
    if not args.ignore_stdin:
        threading.Thread(target=_stop_when_stdin_closes, args=(reactor,), daemon=True).start()
    reactor.run()


if __name__ == "__main__":
    main()
