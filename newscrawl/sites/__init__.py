"""Site profiles, one TOML file per site in this package (see ``profile.py`` for the fields).

Adding a site is adding a ``<name>.toml`` file here: ``scrapy list`` then shows a spider of
that name. Profiles are data; the loader only validates them. A file with a mistake costs
its own site only: it is left out of :func:`load_profiles` and its error kept in
:func:`broken_profiles`, so that crawling it says what is wrong and every other site, and
the ``news`` spider, still crawl.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from newscrawl.sites.profile import ProfileError, SiteProfile

__all__ = [
    "ProfileError",
    "SiteProfile",
    "broken_profiles",
    "load_profile",
    "load_profiles",
    "profile_from_mapping",
]

PROFILES_DIR = Path(__file__).parent

_TUPLE_FIELDS = ("domains", "sections", "feeds", "sitemaps")


def profile_from_mapping(data: dict[str, Any]) -> SiteProfile:
    """Build a profile from a mapping (a parsed TOML file, or spider arguments)."""
    known = set(SiteProfile.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise ProfileError(f"unknown profile keys {sorted(unknown)}; known: {sorted(known)}")
    values = dict(data)
    for key in _TUPLE_FIELDS:
        if key in values:
            value = values[key]
            values[key] = (value,) if isinstance(value, str) else tuple(value)
    try:
        return SiteProfile(**values)
    except TypeError as exc:  # a required key is missing
        raise ProfileError(str(exc)) from exc


def load_profile(path: Path) -> SiteProfile:
    """Read and validate one TOML profile file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: {exc}") from exc
    try:
        return profile_from_mapping(data)
    except ProfileError as exc:
        raise ProfileError(f"{path}: {exc}") from exc


def load_profiles() -> dict[str, SiteProfile]:
    """All bundled profiles that are valid, by name."""
    return _read_all()[0]


def broken_profiles() -> dict[str, ProfileError]:
    """The error of each bundled profile file that is not valid, by file name (no suffix)."""
    return _read_all()[1]


@cache
def _read_all() -> tuple[dict[str, SiteProfile], dict[str, ProfileError]]:
    profiles: dict[str, SiteProfile] = {}
    broken: dict[str, ProfileError] = {}
    for path in sorted(PROFILES_DIR.glob("*.toml")):
        try:
            profile = load_profile(path)
            if profile.name != path.stem:
                raise ProfileError(f"{path}: name {profile.name!r} differs from the file name")
        except ProfileError as exc:
            broken[path.stem] = exc
            continue
        profiles[profile.name] = profile
    return profiles, broken
