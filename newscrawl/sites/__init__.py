"""Site profiles, one TOML file per site (see ``profile.py`` for the fields).

Profiles come from this package (the bundled ones) and from the directory the
``NEWSCRAWL_SITES_DIR`` setting names, if any: a user's own profiles, kept outside the
code (a pip-installed newscrawl, a deployment whose code is read-only, profiles in their
own repository). A profile there replaces a bundled one of the same name.

Adding a site is adding a ``<name>.toml`` file to either: ``scrapy list`` then shows a
spider of that name. Profiles are data; the loader only validates them. A file with a
mistake costs its own site only: it is left out of :func:`load_profiles` and its error kept
in :func:`broken_profiles`, so that crawling it says what is wrong and every other site,
and the ``news`` spider, still crawl.
"""

from __future__ import annotations

import tomllib
from dataclasses import MISSING
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscrawl.sites.profile import ProfileError, SiteProfile, unknown_names
from newscrawl.urls import registered_host

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = [
    "ProfileError",
    "SiteProfile",
    "broken_profiles",
    "load_profile",
    "load_profiles",
    "profile_from_mapping",
    "profile_of_url",
    "profiles_by_domain",
    "read_profiles",
    "sites_dir",
]

#: The bundled profiles' directory: this package.
BUNDLED_DIR = Path(__file__).parent

_TUPLE_FIELDS = ("domains", "sections", "feeds", "sitemaps", "keep_languages")

#: The keys a profile must have: its fields without a default.
_REQUIRED = tuple(
    name
    for name, spec in SiteProfile.__dataclass_fields__.items()
    if spec.default is MISSING and spec.default_factory is MISSING
)


def profile_from_mapping(data: dict[str, Any]) -> SiteProfile:
    """Build a profile from a mapping (a parsed TOML file, or spider arguments)."""
    known = set(SiteProfile.__dataclass_fields__)
    unknown = set(data) - known
    # Said together with the profile's other mistakes, if any: all of them at once.
    problems = [unknown_names("profile key", unknown, known)] if unknown else []
    values = {key: value for key, value in data.items() if key in known}
    for key in _TUPLE_FIELDS:
        if key in values:
            value = values[key]
            if isinstance(value, str):
                values[key] = (value,)
            elif isinstance(value, list | tuple):
                values[key] = tuple(value)  # else: the profile says what it must be
    earlier = values.get("earlier_selectors")
    if isinstance(earlier, list):
        values["earlier_selectors"] = tuple(earlier)
    elif isinstance(earlier, dict):  # [earlier_selectors], one table: a list of one
        values["earlier_selectors"] = (earlier,)
    missing = [key for key in _REQUIRED if key not in values]
    if missing:
        # Said as the file's mistake, not as Python's "__init__() missing 1 required
        # positional argument".
        name = values.get("name")
        whose = f"profile {name!r}: " if isinstance(name, str) else ""
        keys = ", ".join(repr(key) for key in missing)
        problems.append(f"{whose}missing key{'s' if len(missing) > 1 else ''} {keys}")
    else:
        try:
            profile = SiteProfile(**values)
        except (ProfileError, TypeError) as exc:  # TypeError: a value no check foresaw
            problems.append(str(exc))
    if problems:
        raise ProfileError("; ".join(problems))
    return profile


def load_profile(path: Path) -> SiteProfile:
    """Read and validate one TOML profile file."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        # A folder named x.toml, a dangling link, no permission: a broken profile like any
        # other, not a traceback of every command that reads the profiles.
        raise ProfileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: {exc}") from exc
    try:
        return profile_from_mapping(data)
    except ProfileError as exc:
        raise ProfileError(f"{path}: {exc}") from exc


def sites_dir(settings: BaseSettings) -> Path | None:
    """The directory of the user's own profiles (``NEWSCRAWL_SITES_DIR``), if one is set.

    A relative path is relative to the directory Scrapy runs in, as ``data/`` is.
    """
    value = settings.get("NEWSCRAWL_SITES_DIR")
    return Path(value) if value else None


def load_profiles(user_dir: Path | None = None) -> dict[str, SiteProfile]:
    """All valid profiles, bundled and in ``user_dir``, by name."""
    return read_profiles(user_dir)[0]


def broken_profiles(user_dir: Path | None = None) -> dict[str, ProfileError]:
    """The error of each profile file that is not valid, by file name (no suffix)."""
    return read_profiles(user_dir)[1]


def read_profiles(
    user_dir: Path | None = None,
) -> tuple[dict[str, SiteProfile], dict[str, ProfileError]]:
    """The valid profiles by name, and the errors of the others by file name: one reading."""
    profiles: dict[str, SiteProfile] = {}
    broken: dict[str, ProfileError] = {}
    paths = {path.stem: path for path in sorted(BUNDLED_DIR.glob("*.toml"))}
    if user_dir is not None:
        # The user's file of a name is the one that counts, valid or not: a broken edit of
        # a bundled profile says what is wrong, rather than the bundled one crawling.
        paths.update({path.stem: path for path in sorted(user_dir.glob("*.toml"))})
    for stem, path in sorted(paths.items()):
        try:
            profile = load_profile(path)
            if profile.name != stem:
                raise ProfileError(f"{path}: name {profile.name!r} differs from the file name")
        except ProfileError as exc:
            broken[stem] = exc
            continue
        profiles[profile.name] = profile
    return profiles, broken


def profiles_by_domain(profiles: dict[str, SiteProfile]) -> dict[str, SiteProfile]:
    """``profiles`` by each domain they name, without ``www.``."""
    return {
        domain.lower().removeprefix("www."): profile
        for profile in profiles.values()
        for domain in profile.domains
    }


def profile_of_url(by_domain: dict[str, SiteProfile], url: str) -> SiteProfile | None:
    """The profile of ``url``'s host or of the nearest domain above it, in ``by_domain``.

    ``by_domain``: of :func:`profiles_by_domain`. ``m.jpost.com``: the profile of
    ``jpost.com``, as a crawl of that profile follows its domains' subdomains
    (:func:`newscrawl.urls.host_allowed`). A dictionary lookup a label of the host, not a
    scan of the profiles.
    """
    host = registered_host(url)
    while host:
        if host in by_domain:
            return by_domain[host]
        host = host.partition(".")[2]
    return None
