"""The names a site goes by, to tell its people from the site itself among authors.

Structured data and bylines often name the publisher ("ORF.at", "FOCUS online", "Nature
Editorial" on nature.com) where a person is expected; :mod:`newscrawl.extract.metadata`
asks these helpers which names are the site's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newscrawl.extract.authors import clean_authors, strip_publisher
from newscrawl.extract.fields import squash
from newscrawl.extract.names import AGENCIES
from newscrawl.extract.processors import unique


def _without_places(names: list[str]) -> list[str]:
    """The names of one author value that starts with the publisher's, places left out.

    A publisher signs "hessenschau.de, Frankfurt, Germany": one-word names after its own
    are places; an agency and a person's names (two words or more) are authors.

    >>> _without_places(["hessenschau.de", "Frankfurt", "Germany", "AFP", "Ann Lee"])
    ['hessenschau.de', 'AFP', 'Ann Lee']
    """
    return names[:1] + [n for n in names[1:] if " " in n or n.casefold() in AGENCIES]


class SiteNames:
    """The names a site goes by, to tell its people from the site itself among authors."""

    def __init__(self, names: list[str]) -> None:
        self.sites = [squash(name) for name in names]
        # A host's name before its suffix, as a desk's name starts with it: "Nature
        # Editorial" on nature.com, "MDR THÜRINGEN" on mdr.de.
        self.host_words = {
            squash(name.split(".")[0]) for name in names if "." in name and " " not in name.strip()
        }

    def names(self, name: str) -> bool:
        """Whether ``name`` is (the start of) one of the site's names, or they of it.

        With or without an English article before it: "The Riverside Herald" is the site
        of riversideherald.com, "The Verge" of theverge.com.

        >>> SiteNames(["riversideherald.com"]).names("The Riverside Herald")
        True
        >>> SiteNames(["theverge.com", "The Verge"]).names("The Verge")
        True
        >>> SiteNames(["riversideherald.com"]).names("The Times")
        False
        """
        words = name.split()
        if len(words) > 1 and words[0].casefold() == "the" and self._names(words[1:]):
            return True
        return self._names(words)

    def _names(self, words: list[str]) -> bool:
        if words and squash(words[0]) in self.host_words:
            return True
        squashed = squash(" ".join(words))
        return any(
            site and (squashed.startswith(site) or site.startswith(squashed)) for site in self.sites
        )

    def names_all(self, names: list[str]) -> bool:
        """Whether every one of ``names`` is the site's."""
        return all(self.names(name) for name in names)

    def cleaned(self, values: Sequence[str | None]) -> list[str]:
        """Names in author ``values``, the site's name cut from people's, its places left out."""
        names = []
        for value in values:
            found = [strip_publisher(name, self.sites) for name in clean_authors(value)]
            names += _without_places(found) if found and self.names(found[0]) else found
        return unique(names)

    def signed(self, names: list[str]) -> list[str]:
        """``names`` up to the site's own: "By Nada Tawfik, BBC News, New York" (a place)."""
        end = next((i for i, name in enumerate(names) if self.names(name)), None)
        return names if end is None else names[: end + 1]


# A web address written in an author value: "Deutsche Welle (www.dw.com)".
_ADDRESS = re.compile(r"(?:https?://|\bwww\.)([\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)


def addressed(value: str | None, host: str) -> str | None:
    """A declared author ``value`` that gives a web address: the site's, or nobody's.

    The site's own address makes the value the publisher's ("Deutsche Welle
    (www.dw.com)"); another site's makes it the credit of whoever built the site, which
    templates put in ``<meta name="author">`` ("Web Commerce GmbH www.w-commerce.de").

    >>> addressed("Deutsche Welle (www.dw.com)", "dw.com")
    'dw.com'
    >>> addressed("Web Commerce GmbH www.w-commerce.de", "ekiba.de") is None
    True
    >>> addressed("Ann Lee", "dw.com")
    'Ann Lee'
    """
    found = _ADDRESS.search(value or "")
    if found is None:
        return value
    named = found.group(1).lower().removeprefix("www.")
    if named == host or named.endswith("." + host) or host.endswith("." + named):
        return host
    return None
