"""The one exception the extractor raises: the input cannot be an HTML page at all."""

from __future__ import annotations


class ExtractionError(ValueError):
    """The input is not an HTML page; ``reason`` is a short kebab-case stats key.

    Reasons: ``empty`` (no bytes, or only whitespace), ``binary`` (an image, PDF, archive...),
    ``not-html`` (text without any markup, JSON, XML feeds), ``unparseable`` (lxml found no
    document in it).

    >>> err = ExtractionError("binary", "looks like a PDF")
    >>> err.reason, str(err)
    ('binary', 'binary: looks like a PDF')
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        super().__init__(f"{reason}: {detail}" if detail else reason)
