"""The one exception the extractor raises: the input cannot be an article at all."""

from __future__ import annotations

#: The reason of a page of teasers.
LISTING_PAGE = "listing-page"


class ExtractionError(ValueError):
    """The input is no article; ``reason`` is a short kebab-case stats key.

    Not an HTML page: ``empty`` (no bytes, or only whitespace), ``binary`` (an image, PDF,
    archive...), ``not-html`` (text without any markup, JSON, XML feeds), ``unparseable``
    (lxml found no document in it). An HTML page of no article: ``listing-page`` (a section,
    tag or author page of teasers, :mod:`newscrawl.extract.teaser_pages`).

    >>> err = ExtractionError("binary", "looks like a PDF")
    >>> err.reason, str(err)
    ('binary', 'binary: looks like a PDF')
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        super().__init__(f"{reason}: {detail}" if detail else reason)
