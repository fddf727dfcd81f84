"""The boilerplate around every demo page: header, menu, sidebar, newsletter, cookie notice, footer.

Real news pages carry far more text outside the article than inside it; an extractor that
keeps any of these blocks in a body is wrong. Every function returns HTML text; callers escape
nothing twice because every value goes through :func:`esc` exactly once, here or in the caller.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from newscrawl.demo.data import (
    DEMO_SECTIONS,
    SECTION_TITLES,
    SITE_NAME,
    SITE_TIMEZONE,
    DemoArticle,
    load_demo_articles,
)

#: Site-relative paths of the plain (non-article) pages, with their titles.
STATIC_PAGE_TITLES: dict[str, str] = {
    "about": "About us",
    "contact": "Contact us",
    "privacy": "Privacy and cookies",
    "terms": "Terms of use",
    "subscribe": "Subscribe",
}


def esc(text: str) -> str:
    """Escape text for HTML content and attribute values.

    >>> esc('Fish & "chips" <b>')
    'Fish &amp; &quot;chips&quot; &lt;b&gt;'
    """
    return html.escape(text, quote=True)


def human_datetime(moment: datetime) -> str:
    """Format a datetime the way the paper prints it: ``4 February 2025, 08:00 GMT``.

    >>> from datetime import timezone, timedelta
    >>> human_datetime(datetime(2025, 6, 3, 4, 50, tzinfo=timezone.utc))
    '3 June 2025, 05:50 BST'
    """
    local = moment.astimezone(ZoneInfo(SITE_TIMEZONE))
    return f"{local.day} {local:%B %Y, %H:%M} {local.tzname()}"


def human_date(moment: datetime) -> str:
    """Format a date as ``4 February 2025``."""
    local = moment.astimezone(ZoneInfo(SITE_TIMEZONE))
    return f"{local.day} {local:%B %Y}"


def most_read() -> list[DemoArticle]:
    """Return the five articles of the "Most Read" box (a fixed, mixed selection)."""
    articles = load_demo_articles()
    return [articles[i] for i in (2, 9, 5, 17, 13) if i < len(articles)]


def _most_read_html() -> str:
    items = "".join(
        f'<li><span class="rank">{n}</span> <a href="{esc(a.path)}">{esc(a.title)}</a></li>'
        for n, a in enumerate(most_read(), start=1)
    )
    return f'<section class="most-read"><h2>Most Read</h2><ol>{items}</ol></section>'


_NEWSLETTER = (
    '<section class="newsletter-signup"><h2>The Morning Briefing</h2>'
    "<p>Start your day with the stories that matter, straight to your inbox. Free, every "
    "weekday at 6 a.m.</p>"
    '<form action="/subscribe" method="get"><label for="nl-email">Email address</label> '
    '<input id="nl-email" type="email" name="email" placeholder="you@example.com"> '
    '<button type="submit">Sign up</button></form>'
    '<p class="small">By signing up you agree to our <a href="/terms">terms</a>. '
    "You can unsubscribe at any time.</p></section>"
)

_COOKIE_NOTICE = (
    '<div id="cookie-notice" class="cookie-banner" role="dialog" aria-label="Cookie consent">'
    "<p>We use cookies to remember your preferences, measure how our journalism is read and "
    "show you relevant advertising. You can accept all cookies or choose which ones we use.</p>"
    '<button type="button" class="accept">Accept all</button> '
    '<a class="manage" href="/privacy">Manage preferences</a></div>'
)


def _nav_html(current: str | None) -> str:
    items = ['<li><a href="/">Home</a></li>']
    for slug in DEMO_SECTIONS:
        attr = ' aria-current="page"' if slug == current else ""
        items.append(f'<li><a href="/section/{slug}"{attr}>{esc(SECTION_TITLES[slug])}</a></li>')
    items.append('<li><a href="/about">About us</a></li>')
    return f'<nav class="main-nav" aria-label="Sections"><ul>{"".join(items)}</ul></nav>'


def _footer_html() -> str:
    sections = " ".join(
        f'<li><a href="/section/{s}">{esc(SECTION_TITLES[s])}</a></li>' for s in DEMO_SECTIONS
    )
    pages = " ".join(
        f'<li><a href="/{slug}">{esc(title)}</a></li>' for slug, title in STATIC_PAGE_TITLES.items()
    )
    return (
        '<footer class="site-footer"><div class="footer-columns">'
        f"<div><h3>Sections</h3><ul>{sections}</ul></div>"
        f"<div><h3>{esc(SITE_NAME)}</h3><ul>{pages}"
        '<li><a href="/private/staff-directory">Staff intranet</a></li></ul></div>'
        '<div><h3>Follow us</h3><ul><li><a href="/rss.xml">RSS</a></li>'
        '<li><a href="/atom.xml">Atom</a></li><li><a href="/sitemap.xml">Sitemap</a></li>'
        '<li><a href="https://social.example/@dailymeridian">Social</a></li></ul></div></div>'
        f'<p class="copyright">© 2025 {esc(SITE_NAME)}. All rights reserved. '
        "Registered office: 12 Quay Street, Port Alder.</p></footer>"
    )


def page(
    title: str,
    main: str,
    *,
    head: str = "",
    section: str | None = None,
    body_class: str = "",
) -> str:
    """Wrap ``main`` (HTML) in the full page: head, cookie notice, header, menu, sidebar, footer.

    ``title`` is plain text (escaped here); ``head`` is extra HTML for ``<head>``.
    """
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n{head}"
        '<link rel="stylesheet" href="/static/site.css">\n'
        f'<link rel="alternate" type="application/rss+xml" title="{esc(SITE_NAME)}" '
        'href="/rss.xml">\n</head>\n'
        f'<body class="{esc(body_class)}">\n{_COOKIE_NOTICE}\n'
        '<header class="site-header"><div class="masthead">'
        f'<a class="logo" href="/">{esc(SITE_NAME)}</a>'
        '<p class="tagline">Independent journalism since 1887</p></div>'
        '<div class="header-tools"><a class="button" href="/subscribe">Subscribe</a> '
        '<form class="search" action="/search" method="get"><input name="q" '
        'aria-label="Search"></form></div></header>\n'
        f"{_nav_html(section)}\n"
        f'<div class="page-wrap">\n<main id="content">\n{main}\n</main>\n'
        f'<aside class="sidebar">{_most_read_html()}{_NEWSLETTER}</aside>\n</div>\n'
        f"{_footer_html()}\n</body>\n</html>\n"
    )


SITE_CSS = """body{font-family:Georgia,serif;margin:0;color:#222}
.site-header,.main-nav,.page-wrap,.site-footer{max-width:1100px;margin:0 auto;padding:0 1rem}
.logo{font-size:2rem;font-weight:bold;color:#111;text-decoration:none}
.main-nav ul{display:flex;gap:1rem;list-style:none;padding:0;border-bottom:2px solid #111}
.page-wrap{display:grid;grid-template-columns:3fr 1fr;gap:2rem}
.cookie-banner{background:#f3efe6;padding:.5rem 1rem;font-size:.85rem}
.ad-slot{background:#eee;color:#888;text-align:center;padding:2rem;font-size:.8rem}
.share-bar a{margin-right:.5rem}.tags li{display:inline;margin-right:.5rem}
.credit,.image-credit{color:#666;font-size:.8rem}.site-footer{border-top:1px solid #ccc}
img{max-width:100%;height:auto;background:#888}
"""
