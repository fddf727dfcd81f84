"""Choosing the authors: structured data, the byline the page shows, "by" lines.

A base of :class:`~newscrawl.extract.metadata.MetadataChoices`: the page's declared
authors and the names it shows are weighed against each other and against the site's own
names (a publisher declared as the author yields to the people a byline names).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain

from newscrawl.extract.authors import clean_author_list, looks_like_person, starts_with_by
from newscrawl.extract.bylines import (
    author_links,
    dated_bylines,
    editor_credits,
    introduced_bylines,
    labelled_bylines,
    signatures,
)
from newscrawl.extract.fields import names_key, squash
from newscrawl.extract.listing import LISTING
from newscrawl.extract.names import AGENCIES
from newscrawl.extract.processors import normalize_for_hash
from newscrawl.extract.sitenames import SiteNames, addressed
from newscrawl.extract.state import PageState


def _user_names_of(names: list[str], shown: list[str]) -> bool:
    """Whether ``names`` are the ``shown`` names written as one word each, user-name style.

    >>> _user_names_of(["arianschlichenmayer"], ["Arian Schlichenmayer"])
    True
    >>> _user_names_of(["Will Knight"], ["Will Knigh t"])  # markup that split a word
    False
    """
    return all(" " not in name for name in names) and [squash(n) for n in names] == [
        squash(n) for n in shown
    ]


def _publication(name: str) -> bool:
    """Whether ``name`` is a publication's by its English article (no person's starts so).

    >>> _publication("The Riverside Herald"), _publication("The Associated Press")
    (True, False)
    >>> _publication("Theo Walcott")
    False
    """
    words = name.split()
    return len(words) > 1 and words[0] == "The" and name.casefold() not in AGENCIES


class AuthorChoices(PageState):
    """The authors of the article, chosen among the page's sources."""

    def authors(self, listed: Sequence[str] = ()) -> None:
        """Choose the authors: the first source that names any; a byline beats the publisher.

        Structured data often names the publisher as the author ("ORF.at", "FOCUS online"),
        which is what the page declares and is kept, unless the visible byline names a
        person: then the byline is the better answer ("STERN.de" vs "von Jemima Kelly").
        ``listed``, the authors the feed that listed the page names, come last: where the
        page names no one, or only its publisher.
        """
        site = SiteNames(self.site_names())
        chosen = self._declared_authors(site)
        byline = self._shown_byline(site)
        people = [n for n in byline if not site.names(n) and n.casefold() not in AGENCIES]
        if not byline and (chosen is None or site.names_all(chosen[1])):
            # Nothing marked as a byline: "Von Volkmar Kabisch und Benedikt Strunz" above the
            # story names the people, also where the publisher is declared as the author.
            # (Where a byline names the site, "by ..." lines are more often books reviewed.)
            introduced = site.signed(self._introduced_names())
            if chosen is None:
                # Last, a name set in bold at the end of the text, a small site's signature.
                byline = introduced or editor_credits(self.page_text) or self._signature(site)
            else:
                people = [name for name in introduced if not site.names(name)]
        if chosen is None and byline:
            chosen = ("byline", byline)
        elif people and chosen and site.names_all(chosen[1]):
            # The byline beats the declared publisher if it names people, not if its words
            # are categories ("CSP / Photovoltaik") or an author box's blurb.
            if all(looks_like_person(name) for name in people):
                chosen = ("byline", people)
        elif (
            people
            and chosen
            and all(map(looks_like_person, people))
            and all(name[:1].islower() for name in chosen[1])
        ):
            # The byline names people where the metadata gives words or user names in lower
            # case ("deinen Hochzeitsbloggern"), not a name.
            chosen = ("byline", people)
        elif people and chosen and _user_names_of(chosen[1], people):
            # The same names, as the page prints them: metadata gives the user names
            # ("arianschlichenmayer" for "Arian Schlichenmayer").
            chosen = ("byline", people)
        elif people and chosen and names_key(chosen[1]) < names_key(people):
            # The byline shows every author; the metadata only the first of them.
            known = names_key(chosen[1])
            extra = [n for n in people if normalize_for_hash(n) not in known]
            if all(looks_like_person(name) for name in extra):
                chosen = ("byline", people)
        if listed and (chosen is None or site.names_all(chosen[1])):
            # A blog's page that shows no byline; its feed's dc:creator names the writer.
            named = [name for name in site.cleaned(list(listed)) if not site.names(name)]
            if named:
                chosen = (LISTING, named)
        if chosen and not byline and not site.names_all(chosen[1]):
            chosen = self._people_over_organisation(chosen, site)
        if chosen and not site.names_all(chosen[1]):
            # The publisher listed beside the people who wrote the story is not an author,
            # nor is another publication ("Jane Doe | The Riverside Herald" on a partner).
            named = [name for name in chosen[1] if not site.names(name)]
            chosen = (chosen[0], [name for name in named if not _publication(name)] or named)
        if chosen:
            self.loader.add_value("authors", chosen[1])
            self.field_sources["authors"] = chosen[0]

    def _people_over_organisation(
        self, declared: tuple[str, list[str]], site: SiteNames
    ) -> tuple[str, list[str]]:
        """The people a "by" line names, where an organisation or a first name is declared.

        A foundation or company declared as the author ("Hanns-Seidel-Stiftung e.V"), or a
        first name alone ("Todd"), while "Von Uta Staschewski" stands above the text: the
        line names who wrote it. A declared person stays (a "von" line elsewhere may credit
        a book's author).
        """
        if all(looks_like_person(name) for name in declared[1]):
            return declared
        introduced = site.signed(self._introduced_names())
        if (
            introduced
            and not names_key(introduced) & names_key(declared[1])
            and all(looks_like_person(name) for name in introduced)
        ):
            return "byline", introduced
        return declared

    def _declared_authors(self, site: SiteNames) -> tuple[str, list[str]] | None:
        """(source, names) of the first structured source that names anyone.

        A source that names only the publisher yields to a later one that names people:
        a template declares its desk as the microdata author ("Nature Editorial") and the
        Dublin Core creator is the reporter.
        """
        candidates = self.structured(
            "authors", ("json-ld", "microdata", "meta", "opengraph", "twitter")
        )
        first: tuple[str, list[str]] | None = None
        for source, value in candidates:
            values = [value] if isinstance(value, str) else list(value)
            names = site.cleaned([addressed(v, self.host) for v in values])
            if not names:
                continue
            if first is None:
                first = source, names
                if not site.names_all(names):
                    return first
            elif not site.names_all(names) and all(map(looks_like_person, names)):
                return source, names
        return first

    def _shown_byline(self, site: SiteNames) -> list[str]:
        """Names the page shows as the byline, in its links to authors' pages or its facts."""
        # The first byline that names anyone: an author box may come first ("Published by
        # Ann Lee, a professor at ...") and give nothing a name could be taken from.
        for shown in self.shown_bylines:
            if names := site.cleaned([shown]):
                return names
        # Where nothing is marked as a byline: links to authors' pages name them, or a label
        # in a list of the article's facts does ("Autor: Peter Maahn"), or a meta line after
        # the date ("04.02.2022 | Uta Helkenberg"): the first that names a person, as the
        # next may be the teasers' of other stories ("Written by ..." under each).
        # Each source is read only if those before it name no one.
        sources: Iterator[str | None] = chain(
            [author_links(self.tree)],
            chain.from_iterable(reader(self.tree) for reader in (labelled_bylines, dated_bylines)),
        )
        for found in sources:
            names = [name for name in site.cleaned([found]) if looks_like_person(name)]
            if names:
                return names
        return []

    def _signature(self, site: SiteNames) -> list[str]:
        """The person a signature under the text names (:func:`signatures`), if any."""
        for signed in signatures(self.tree):
            names = [name for name in site.cleaned([signed]) if looks_like_person(name)]
            if names:
                return names
        return []

    def _introduced_names(self) -> list[str]:
        """Names after "by" in a post's meta line, an ``<address>``, a short paragraph.

        Nothing calls these texts a byline, so only texts that open with "by" or a byline's
        lead words, and names that read as a person's (or an agency) count: not "By the
        way", "Klimaneutralität von Unternehmen" or "Kommentar von Ann Lee".
        """
        for shown in introduced_bylines(self.tree, starts_with_by):
            names = [
                name
                for name in clean_author_list([shown])
                if looks_like_person(name) or name.casefold() in AGENCIES
            ]
            if names:
                return names
        return []
