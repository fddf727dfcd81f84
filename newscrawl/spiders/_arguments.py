"""Checking spider arguments (``-a name=value``): one clear error for a wrong one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawl.sites.profile import ProfileError, unknown_names

if TYPE_CHECKING:
    from collections.abc import Iterable


def parse_positive_int(name: str, value: Any) -> int:
    """A spider argument that must be a positive integer, with a clear error otherwise.

    >>> parse_positive_int("max_pages", "3")
    3
    >>> parse_positive_int("max_pages", "three")
    Traceback (most recent call last):
    newscrawl.sites.profile.ProfileError: -a max_pages='three': expected a whole number
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ProfileError(f"-a {name}={value!r}: expected a whole number") from None
    if number < 1:
        raise ProfileError(f"-a {name}={value!r}: must be at least 1")
    return number


def unknown_arguments(unknown: Iterable[str], known: Iterable[str]) -> str:
    """The error for ``-a`` arguments a spider does not take, naming the likely intent.

    >>> unknown_arguments(["start_url"], ["start_urls", "feeds", "max_pages"])
    "unknown argument 'start_url' (did you mean 'start_urls'?); known: feeds, max_pages, start_urls"
    """
    return unknown_names("argument", unknown, known)
