"""URL canonicalization: one spelling per article, whatever link led to it.

Pure functions:

* :func:`canonicalize_url` gives the URL recorded as ``canonical_url``: w3lib's
  canonicalization (sorted query, escaped path, no fragment) without tracking parameters,
  default ports, AMP markers or a trailing slash. It keeps the scheme, because a URL must
  still lead to the page.
* :func:`url_key` gives the deduplication key: the canonical URL without its scheme and
  without the ``www.``/``m.``/``amp.`` host prefixes that serve the same article. The archive
  holds one article per key (a UNIQUE constraint).
* :func:`join_url` resolves a link a page gives, or refuses it when it is malformed;
  :func:`is_http_url` checks a URL a user gives.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url
from w3lib.url import safe_url_string

#: The longest article URL the archive keys (its URL columns' length): the limit of the
#: sitemap protocol and of the first browsers; a longer one is tracking garbage, or a trap.
MAX_URL_LENGTH = 2048

# Query parameters that identify a campaign, a click or a share, never an article. Prefixes
# end with "_"; the rest are exact names (compared in lower case).
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "at_", "_hs", "ga_", "oly_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "twclid",
        "ttclid", "li_fat_id", "mkt_tok", "_ga", "_gl", "ocid", "cmpid", "cmp", "spm",
        "ito", "itm_source", "itm_medium", "itm_campaign", "itm_content", "ref", "ref_src",
        "referrer", "source", "src", "share", "smid", "sr_share", "feature", "xtor",
        "ns_campaign", "ns_mchannel", "ns_source", "ns_linkname", "ns_fee", "wt_mc",
        "rss", "from", "cid",
        # Session ids in links for clients without cookies: new ones every visit.
        "jsessionid", "phpsessid", "sessionid", "oscsid", "zenid", "cfid", "cftoken",
        # Switches to an AMP rendering of the same article (?amp=1, ?outputType=amp).
        "amp", "outputtype", "output",
        # ... and to its print version (?print=1).
        "print", "printable", "printview", "print_friendly", "printer_friendly",
    }
)  # fmt: skip
# Parameters that choose a rendering by their value, dropped for a print version only
# (?view=print): their other values may choose other pages.
_RENDERING_NAMES = frozenset({"view", "format", "mode", "layout", "template", "style"})
_PRINT_VALUES = frozenset({"print", "printable", "printer", "print-friendly", "printview"})
# A session id set in the path (Java servlets' ";jsessionid=...", in the links of many
# government sites): a new one every visit, so the same page under ever new URLs.
_SESSION_PATH_PARAMETER = re.compile(r";(?:jsessionid|phpsessid)=[^/?#;]*", re.IGNORECASE)
# An AMP or print version's marker in the path: /story/amp, /story.amp.html, /story/print.
_AMP_PATH = re.compile(r"(?:/amp(?=/|$)|\.amp(?=$|\.html?$)|/amp\.html?$|/print/?$)", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_EQUIVALENT_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")


def join_url(base: str, href: str | None) -> str | None:
    """Resolve ``href`` (a link, a ``src``, a declared URL) against ``base``, the page's URL.

    None when ``href`` is empty or malformed: real pages carry links the standard library
    refuses with ValueError, such as ``http://[ccpa-preferences]`` (a consent-dialog
    placeholder in the menus of a large group of US local news sites) or a port out of
    range, and one such link must cost nothing but itself.

    >>> join_url("https://example.com/world/a", " ../sport/b ")
    'https://example.com/sport/b'
    >>> join_url("https://example.com/a", "http://[ccpa-preferences]") is None
    True
    >>> join_url("https://example.com/a", "https://example.com:99999/b") is None
    True
    """
    joined = _joined(base, href)
    return joined[0] if joined else None


def join_http_url(base: str, href: str | None) -> str | None:
    """:func:`join_url`, but only an http(s) URL with a host (not ``mailto:``, ``ftp:``).

    >>> join_http_url("https://example.com/a", "/b"), join_http_url("https://e.com/", "ftp://e.com/")
    ('https://example.com/b', None)
    """
    joined = _joined(base, href)
    return joined[0] if joined and _is_http(joined[1]) else None


def _joined(base: str, href: str | None) -> tuple[str, SplitResult] | None:
    href = (href or "").strip()
    if not href:
        return None
    try:
        url = urljoin(base, href)
    except ValueError:
        return None
    parts = _well_formed(url)
    return (url, parts) if parts else None


def is_http_url(url: str) -> bool:
    """Whether ``url`` is a well-formed absolute http(s) URL with a host.

    >>> is_http_url("https://example.com/world"), is_http_url("example.com/world")
    (True, False)
    >>> is_http_url("http://[x]/world")
    False
    """
    parts = _well_formed(url)
    return parts is not None and _is_http(parts)


def _is_http(parts: SplitResult) -> bool:
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _well_formed(url: str) -> SplitResult | None:
    """``url`` split, or None if the parser refuses it (a bad IPv6 host, a port out of range).

    Refused too: what w3lib's stricter parser refuses, which Scrapy's requests and
    :func:`canonicalize_url` use (``https://ex[::1].co/``, a host with characters that NFKC
    normalisation turns into a slash): a URL taken here must be one they can take.

    >>> _well_formed("https://ex[::1].co/a") is None, _well_formed("https://\uff3c.com/a") is None
    (True, True)
    >>> _well_formed("https://münchen.de/a").hostname
    'münchen.de'
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - the port is only checked when read
        safe_url_string(url)
    except ValueError:
        return None
    return parts


def _is_tracking(name: str, value: str = "") -> bool:
    """Whether a query parameter tracks a click or switches to another rendering.

    >>> _is_tracking("utm_source"), _is_tracking("view", "print"), _is_tracking("view", "2")
    (True, True, False)
    """
    lowered = name.lower()
    if lowered in _RENDERING_NAMES:
        return value.lower() in _PRINT_VALUES
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def canonicalize_url(url: str) -> str:
    """Return the canonical spelling of an article URL.

    >>> canonicalize_url("HTTPS://www.Example.com:443/news/story-1/?utm_source=tw&b=2&a=1#top")
    'https://www.example.com/news/story-1?a=1&b=2'
    >>> canonicalize_url("https://example.com/news/story-1/amp/")
    'https://example.com/news/story-1'
    >>> canonicalize_url("http://[2001:db8::1]:8080/news/story-1")
    'http://[2001:db8::1]:8080/news/story-1'
    """
    parts = urlsplit(w3lib_canonicalize_url(url.strip()))
    parts = parts._replace(path=_SESSION_PATH_PARAMETER.sub("", parts.path))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    netloc = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if path != "/":
        path = path.rstrip("/") or "/"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(k, v)
        ]
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def url_key(url: str) -> str:
    """Return the deduplication key of a URL: canonical, without scheme and host prefixes.

    >>> url_key("http://www.example.com/news/story-1/?fbclid=abc")
    'example.com/news/story-1'
    >>> url_key("https://example.com/news/story-1") == url_key("http://m.example.com/news/story-1")
    True
    """
    parts = urlsplit(canonicalize_url(url))
    netloc = parts.netloc
    for prefix in _EQUIVALENT_HOST_PREFIXES:
        if netloc.startswith(prefix) and netloc.count(".") >= 2:
            netloc = netloc[len(prefix) :]
            break
    return urlunsplit(("", netloc, parts.path, parts.query, ""))[2:]


# A Wayback Machine snapshot: /web/<timestamp><flags>/<archived URL> ("http:/x.org" too).
_WAYBACK = re.compile(
    r"^https?://web\.archive\.org/web/\d{1,14}[a-z_]*/(?P<scheme>https?):/+(?P<rest>.+)$",
    re.IGNORECASE,
)


def archived_url(url: str) -> str:
    """The URL a Wayback Machine snapshot ``url`` archives; any other URL as it is.

    An archived page is the original site's: its name and its clock are that site's.

    >>> archived_url("https://web.archive.org/web/20200808063632/https://www.przepisy.pl/a")
    'https://www.przepisy.pl/a'
    >>> archived_url("https://example.com/web/1/https://x.org/")
    'https://example.com/web/1/https://x.org/'
    """
    match = _WAYBACK.match(url)
    if not match:
        return url
    archived = f"{match['scheme']}://{match['rest']}"
    # The archived URL as the snapshot's address spells it: one no parser takes is no site's.
    return archived if is_http_url(archived) else url


# A host name's labels (RFC 1123; "_" too, which real hosts carry), in ASCII (IDNA) form.
_HOST_NAME = re.compile(
    r"(?=.{1,253}$)(?:(?!-)[a-z0-9_-]{1,63}(?<!-)\.)*(?!-)[a-z0-9-]{1,63}(?<!-)\.?"
)


def is_domain(value: str) -> bool:
    """Whether ``value`` is a host name (international ones too) or an IP address.

    >>> [is_domain(d) for d in ("example.com", "bücher.de", "127.0.0.1", "::1", "localhost")]
    [True, True, True, True, True]
    >>> [is_domain(d) for d in ("https://example.com", "not a domain!", "-x.com", "")]
    [False, False, False, False]
    """
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        pass
    try:
        name = value.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    return bool(_HOST_NAME.fullmatch(name))


def host_allowed(url: str, domains: Iterable[str]) -> bool:
    """Whether ``url``'s host is one of ``domains`` or a subdomain of one (port aside).

    >>> host_allowed("http://m.example.com:8080/a", ["example.com"])
    True
    >>> host_allowed("http://notexample.com/a", ["example.com"])
    False
    >>> host_allowed("http://[::1]/", ["::1"])
    True
    """
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith(f".{d}") for d in (d.lower() for d in domains))


def registered_host(url: str) -> str:
    """The host of ``url`` in lower case without ``www.``, used as a default site name.

    >>> registered_host("https://WWW.Example.co.uk/x")
    'example.co.uk'
    """
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def strip_tracking(url: str) -> str:
    """Drop tracking parameters and session ids (and the fragment) from a URL, nothing else.

    Safe for a URL about to be requested: unlike :func:`canonicalize_url`, it keeps the
    path exactly as the site spelled it, but for a session id set in it.

    >>> strip_tracking("https://example.com/a/story-1/?id=7&utm_medium=rss#comments")
    'https://example.com/a/story-1/?id=7'
    >>> strip_tracking("https://example.com/a/story-1.html;jsessionid=6E16038CD8.2_cid387?nn=9")
    'https://example.com/a/story-1.html?nn=9'
    """
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _is_tracking(k, v)]
    query = parts.query if len(kept) == len(pairs) else urlencode(kept)
    path = _SESSION_PATH_PARAMETER.sub("", parts.path)
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def slugify(text: str) -> str:
    """Return the URL slug of a name or a tag: no accents, lower case, words joined by "-".

    >>> slugify("Tomás Ferreira"), slugify("Food security")
    ('tomas-ferreira', 'food-security')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))
