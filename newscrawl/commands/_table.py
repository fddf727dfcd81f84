"""Tables the reporting commands print: one row a line, columns aligned."""

from __future__ import annotations


def aligned(rows: list[list[str]]) -> str:
    """``rows`` (the heading first) in aligned columns: the first to the left, numbers right.

    >>> print(aligned([["SITE", "ARTICLES"], ["jpost", "12"]]))
    SITE   ARTICLES
    jpost        12
    """
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )
