"""What the extraction fork server imports before it forks any worker.

The fork server imports this module (:mod:`newscrawl.pipelines._pool` names it as the one to
preload), and every worker the server forks inherits what it did: the extractor imported,
the garbage collector's objects frozen (see the end). Keeping Scrapy out depends on an
environment variable the crawler sets only while it starts the fork server; anywhere else,
importing this module imports the extractor and freezes the objects there. (The crawler
names this module by its name and does not import it: it would load the extractor, ~10 MB,
into the crawler process.)

It keeps Scrapy and Twisted out of the workers, ~22 MB in the fork server and in each worker.
The extractor needs neither, but itemloaders imports itemadapter, which imports Scrapy
whenever it is installed, to recognise Scrapy's ``Item`` classes; the extractor only loads
plain dicts. A ``None`` entry in ``sys.modules`` is Python's documented way to make an import
fail with ImportError, which itemadapter takes to mean that there are no Scrapy items.

That alone would break the workers: before running its first task, a worker started by
multiprocessing runs the parent's main script again (``multiprocessing.spawn.prepare``), so
that functions defined there can be unpickled, and the crawler's main script is the ``scrapy``
command, which imports Scrapy. Nothing the workers run is defined there. The crawler passes
the path of its main script in :data:`MAIN_SCRIPT_ENV` (empty when a worker would not run one),
and the server records it as the ``__file__`` of its own ``__main__``, inherited by every
worker: ``prepare`` does not run a main script that is already the worker's ``__main__``.
Without the variable (the server was started some other way, or the crawler's main is a
module that ``prepare`` would import) Scrapy stays importable and workers run as
multiprocessing runs them.
"""

from __future__ import annotations

import gc
import os
import sys

# The worker module imports no Scrapy (nor anything that does), so it may come first.
from newscrawl.pipelines._worker import MAIN_SCRIPT_ENV

_main_script = os.environ.pop(MAIN_SCRIPT_ENV, None)
if _main_script is not None and "scrapy" not in sys.modules:
    if _main_script:
        sys.modules["__main__"].__file__ = _main_script
    sys.modules["scrapy"] = None  # type: ignore[assignment]

# What every worker needs, imported once here and shared by the workers the server forks:
# the extractor and numpy (signatures), which the worker module itself leaves to first use
# (the crawler process imports it too).
import newscrawl.extract.article  # noqa: E402
import newscrawl.storage.minhash  # noqa: E402,F401

# The workers share these objects with the server, page by page, until one writes to them.
# Moved out of the garbage collector's reach: a worker's collections would otherwise write
# to every one (the collector's own bookkeeping) and copy their pages into the worker.
# ~7 MB less private memory in each worker, 15 MB less PSS for the server and two workers.
gc.freeze()
