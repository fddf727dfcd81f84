"""Demo pages that are not articles: home, section listings, tag and author pages, about, 404.

Section pages list :data:`PAGE_SIZE` articles, newest first, and paginate with ``?page=N``:
both a ``<link rel="next">`` in the head and a visible "Next »" link in ``nav.pagination``.
"""

from __future__ import annotations

from newscrawl.demo.chrome import STATIC_PAGE_TITLES, esc, human_date, page
from newscrawl.demo.data import (
    DEMO_SECTIONS,
    SECTION_TITLES,
    SITE_NAME,
    DemoArticle,
    articles_by_author,
    articles_by_tag,
    articles_in_section,
    load_demo_articles,
    slugify,
)

#: Articles per section page.
PAGE_SIZE = 5


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """Return the number of listing pages for ``total`` articles (at least one).

    >>> page_count(9), page_count(10), page_count(0)
    (2, 2, 1)
    """
    return max(1, -(-total // size))


def _teaser(article: DemoArticle, heading: str = "h2") -> str:
    authors = ", ".join(article.authors)
    return (
        f'<li class="teaser"><a class="thumb" href="{esc(article.path)}">'
        f'<img src="{esc(article.image_path)}" alt="" width="160" height="90"></a>'
        f'<{heading} class="teaser-title"><a href="{esc(article.path)}">{esc(article.title)}</a>'
        f'</{heading}><p class="summary">{esc(article.description)}</p>'
        f'<p class="meta"><span class="teaser-byline">{esc(authors)}</span> · '
        f'<time datetime="{article.published.isoformat()}">{human_date(article.published)}</time>'
        "</p></li>"
    )


def _teasers(articles: list[DemoArticle], heading: str = "h2") -> str:
    items = "\n".join(_teaser(a, heading) for a in articles)
    return f'<ul class="article-list">\n{items}\n</ul>'


def render_home(base: str) -> bytes:
    """Render the front page: top stories, then the latest three of each section."""
    latest = load_demo_articles()
    blocks = [f'<section class="top-stories"><h1>Top stories</h1>{_teasers(latest[:6])}</section>']
    for slug in DEMO_SECTIONS:
        title = esc(SECTION_TITLES[slug])
        blocks.append(
            f'<section class="section-block"><h2><a href="/section/{slug}">{title}</a></h2>'
            f"{_teasers(articles_in_section(slug)[:3], 'h3')}"
            f'<p class="more"><a href="/section/{slug}">More {title} »</a></p></section>'
        )
    head = f'<link rel="canonical" href="{esc(base)}/">\n'
    head += f'<meta name="description" content="{esc(SITE_NAME)}: news, analysis, opinion.">\n'
    return page(f"{SITE_NAME} | News, analysis and opinion", "\n".join(blocks), head=head).encode()


def _pagination(path: str, number: int, pages: int) -> str:
    parts = []
    if number > 1:
        prev = path if number == 2 else f"{path}?page={number - 1}"
        parts.append(f'<a class="prev" rel="prev" href="{prev}">« Previous</a>')
    parts.append(f'<span class="current">Page {number} of {pages}</span>')
    if number < pages:
        parts.append(f'<a class="next" rel="next" href="{path}?page={number + 1}">Next »</a>')
    return f'<nav class="pagination" aria-label="Pages">{" ".join(parts)}</nav>'


def render_listing(
    base: str,
    path: str,
    title: str,
    articles: list[DemoArticle],
    number: int,
    *,
    section: str | None = None,
    intro: str = "",
) -> bytes | None:
    """Render page ``number`` of a list of articles, or return None if there is no such page."""
    pages = page_count(len(articles))
    if not 1 <= number <= pages:
        return None
    shown = articles[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    self_url = f"{base}{path}" + (f"?page={number}" if number > 1 else "")
    head = f'<link rel="canonical" href="{esc(self_url)}">\n'
    if number > 1:
        prev = f"{base}{path}" + (f"?page={number - 1}" if number > 2 else "")
        head += f'<link rel="prev" href="{esc(prev)}">\n'
    if number < pages:
        head += f'<link rel="next" href="{esc(base)}{path}?page={number + 1}">\n'
    heading = esc(title) + (f" – page {number}" if number > 1 else "")
    main = (
        f'<h1 class="section-title">{heading}</h1>{intro}\n{_teasers(shown)}\n'
        f"{_pagination(path, number, pages)}"
    )
    page_title = f"{title}{f' (page {number})' if number > 1 else ''} | {SITE_NAME}"
    return page(page_title, main, head=head, section=section, body_class="listing").encode()


def render_section(base: str, slug: str, number: int) -> bytes | None:
    """Render section page ``/section/<slug>?page=N``; None for an unknown section or page."""
    if slug not in SECTION_TITLES:
        return None
    return render_listing(
        base,
        f"/section/{slug}",
        SECTION_TITLES[slug],
        articles_in_section(slug),
        number,
        section=slug,
    )


def render_tag(base: str, tag_slug: str, number: int) -> bytes | None:
    """Render tag page ``/tag/<slug>``; None if no article has that tag."""
    articles = articles_by_tag(tag_slug)
    if not articles:
        return None
    name = next(t for t in articles[0].tags if slugify(t) == tag_slug)
    intro = f'<p class="intro">All our coverage of {esc(name)}.</p>'
    return render_listing(base, f"/tag/{tag_slug}", name, articles, number, intro=intro)


def render_author(base: str, author_slug: str, number: int) -> bytes | None:
    """Render author page ``/author/<slug>``; None for an unknown author."""
    articles = articles_by_author(author_slug)
    if not articles:
        return None
    name = next(n for n in articles[0].authors if slugify(n) == author_slug)
    intro = (
        f'<div class="author-bio"><p>{esc(name)} writes for {esc(SITE_NAME)}. '
        f"Follow {esc(name)}’s latest reporting below.</p></div>"
    )
    return render_listing(base, f"/author/{author_slug}", name, articles, number, intro=intro)


_STATIC_TEXT: dict[str, str] = {
    "about": (
        "The Daily Meridian has reported on Port Alder and the wider world since 1887, when "
        "a group of dock workers and teachers printed the first four-page edition on a hand "
        "press above a chandler’s shop. Today our newsroom of more than 120 journalists "
        "publishes around the clock in print and online. We are owned by the Meridian Trust, "
        "an independent foundation whose only purpose is to secure our journalism in "
        "perpetuity, free from commercial or political interference. Our editorial code "
        "commits us to accuracy, fairness and transparency, and we publish corrections "
        "promptly and prominently when we get things wrong. Readers can reach the readers’ "
        "editor through our contact page."
    ),
    "contact": (
        "Newsroom: news@meridian.example. Readers’ editor: readers@meridian.example. "
        "Advertising: ads@meridian.example. Post: 12 Quay Street, Port Alder."
    ),
    "privacy": (
        "We collect the information you give us when you subscribe or sign up to a newsletter, "
        "and information about how you use our website through cookies. We use it to run "
        "the service, measure readership and, with your consent, show relevant advertising. "
        "You can change your cookie preferences at any time."
    ),
    "terms": (
        "All content on this website is the copyright of The Daily Meridian unless stated "
        "otherwise. You may share links to our articles but may not republish them in full "
        "without permission."
    ),
    "subscribe": (
        "Support independent journalism from 2 crowns a week. Subscribers get unlimited "
        "access, the daily e-paper and our weekend magazine."
    ),
}


def render_static(slug: str) -> bytes | None:
    """Render one of the plain pages (about, contact, ...); None for an unknown one."""
    if slug not in STATIC_PAGE_TITLES:
        return None
    title = STATIC_PAGE_TITLES[slug]
    main = f'<div class="static-page"><h1>{esc(title)}</h1><p>{esc(_STATIC_TEXT[slug])}</p></div>'
    return page(f"{title} | {SITE_NAME}", main, body_class="static").encode()


def render_private() -> bytes:
    """Render a page under ``/private/``, which robots.txt disallows."""
    main = (
        '<div class="static-page"><h1>Staff directory</h1><p>Internal page. If you are reading '
        "this as a crawler, you ignored robots.txt.</p></div>"
    )
    return page(f"Staff directory | {SITE_NAME}", main, body_class="private").encode()


def render_not_found() -> bytes:
    """Render the body of a 404 response, with the full chrome like real sites."""
    main = (
        '<div class="error-page"><h1>Page not found</h1><p>Sorry, we couldn’t find the page '
        'you were looking for. Try the <a href="/">front page</a> or search our archive.</p></div>'
    )
    return page(f"Page not found | {SITE_NAME}", main, body_class="error").encode()
