"""What the crawler process imports: not what only the extraction workers need.

The extractor (trafilatura and its dependencies) and numpy (MinHash signatures) run in the
worker processes; scrapy-redis only with ``NEWSCRAWL_REDIS_URL``; Alembic only when the
archive's schema needs a migration. Imported in the crawler process too, they cost it ~40 MB
that every crawl would carry (issue 6's memory target).
"""

from __future__ import annotations

import json

from tests.utils import run_python

# Loads what `scrapy crawl` loads from the project's settings (commands, add-ons,
# extensions, middlewares, pipelines, scheduler, duplicate filter, every spider), as a fresh
# process.
_LOAD_COMPONENTS = """
import json
import sys

from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import load_object, walk_modules
from scrapy.utils.project import get_project_settings

settings = get_project_settings()
# What the scrapy command does first: import every command's module, Scrapy's and ours.
for package in ("scrapy.commands", settings["COMMANDS_MODULE"]):
    walk_modules(package)
names = ["ADDONS", "EXTENSIONS", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "ITEM_PIPELINES"]
for name in names:
    for path, order in settings.getdict(name).items():
        if order is not None:
            load_object(path)
load_object(settings["SCHEDULER"])
load_object(settings["DUPEFILTER_CLASS"])
loader = SpiderLoader.from_settings(settings)
for spider in loader.list():
    loader.load(spider)
print(json.dumps(sorted(sys.modules)))
"""


def _modules_of_a_crawler() -> set[str]:
    done = run_python("-c", _LOAD_COMPONENTS)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


def test_the_crawler_process_leaves_extraction_redis_and_migrations_to_others() -> None:
    modules = _modules_of_a_crawler()
    assert {"newscrawl.pipelines.extract", "newscrawl.spiders.news", "scrapy"} <= modules
    heavy = {"trafilatura", "htmldate", "justext", "numpy", "newscrawl.extract.article"}
    heavy |= {"newscrawl.storage.minhash", "scrapy_redis", "redis", "alembic"}
    assert heavy.isdisjoint(modules)
