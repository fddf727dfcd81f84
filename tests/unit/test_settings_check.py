"""newscrawl's settings read before a command starts (``newscrawl.commands._settings``)."""

from __future__ import annotations

import pytest
from scrapy.exceptions import UsageError
from scrapy.settings import Settings

import newscrawl.settings
from newscrawl.commands._settings import _checks, check_settings, known_settings
from newscrawl.middlewares._addresses import AddressPolicy


def _settings(**values: object) -> Settings:
    settings = Settings()
    settings.setmodule(newscrawl.settings, priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


def test_the_defaults_pass() -> None:
    check_settings(_settings())


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("NEWSCRAWL_KEEP_RAW", "maybe", "boolean"),
        ("NEWSCRAWL_MAX_PAGES", "five", "invalid literal"),
        ("NEWSCRAWL_ARCHIVE_LINGER", "x", "could not convert"),
        ("NEWSCRAWL_REVISIT_SCHEDULE", "3h", "expected AGE:INTERVAL"),
        ("NEWSCRAWL_REVISIT_SCHEDULE", "7d:1d,3h:15m", "ages must increase"),
        ("NEWSCRAWL_RECHECK_REJECTED_AFTER", "xyz", "expected a duration"),
        ("NEWSCRAWL_EXTRACT_WORKERS", "abc", "invalid literal"),
        ("NEWSCRAWL_EXTRACT_WORKERS", "-1", "must be 0 or more"),
        ("NEWSCRAWL_BACKOFF_HTTP_CODES", "429,soon", "invalid literal"),
        ("NEWSCRAWL_SSRF_ALLOW", "10.0.0.0/99", "not an address or network"),
        ("NEWSCRAWL_SSRF_ALLOW", "10.0.0.256", "not an address or network"),
        ("NEWSCRAWL_MIN_WORDS", "-5", "must be 0 or more"),
        ("NEWSCRAWL_MAX_PAGES", "0", "must be 1 or more"),
        ("NEWSCRAWL_FIELD_WATCH_ARTICLES", "0", "must be 1 or more"),
        ("NEWSCRAWL_KEEP_LANGUAGES", "de,German", "'German' is not a language code"),
        ("NEWSCRAWL_BACKOFF_MAX", "-1", "must be 0 or more"),
        ("NEWSCRAWL_DEMO_PORT", "99999", "must be 65535 or less"),
        ("NEWSCRAWL_DEMO_PORT", "-1", "must be 0 or more"),
        ("DOWNLOAD_DELAY", "abc", "could not convert"),
        ("DOWNLOAD_DELAY", "-1", "must be 0 or more"),
        ("CONCURRENT_REQUESTS", "abc", "invalid literal"),
        ("CONCURRENT_REQUESTS", "0", "must be 1 or more"),
        ("AUTOTHROTTLE_ENABLED", "sometimes", "boolean"),
    ],
)
def test_a_value_the_component_cannot_read_is_a_usage_error(
    name: str, value: str, said: str
) -> None:
    with pytest.raises(UsageError, match=f"setting {name}=.*{said}"):
        check_settings(_settings(**{name: value}))


def test_a_misspelled_name_on_the_command_line_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"did you mean NEWSCRAWL_MAX_PAGES\?"):
        check_settings(_settings(NEWSCRAWL_MAXPAGES="1"))
    # One a project's settings module sets may be the project's own.
    settings = _settings()
    settings.set("NEWSCRAWL_MY_OWN", "1", priority="project")
    check_settings(settings)


def test_every_setting_that_is_not_text_is_checked() -> None:
    """A setting added to newscrawl.settings must be added to the checks too."""
    checked = set(_checks())
    for name in known_settings():
        default = getattr(newscrawl.settings, name)
        if isinstance(default, str) or name == "NEWSCRAWL_DATABASE_URL":
            continue  # text; the database URL is checked when the archive is opened
        assert name in checked, name


def test_an_allow_list_keeps_host_names_and_networks() -> None:
    policy = AddressPolicy(["intranet.example", "10.1.0.0/16", "[::1]"])
    assert policy.hosts == frozenset({"intranet.example"})
    assert len(policy.networks) == 2
