"""Item pipelines: thin adapters from Scrapy to extract/ and storage/.

Order (see ITEM_PIPELINES): extract -> validate -> dedupe -> archive. Every item that does
not reach the archive is dropped with a reason counted under ``newscrawl/dropped/{reason}``.
"""
