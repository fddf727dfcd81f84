"""Where the page shows its lead image: the picture (a figure, a picture block, AMP's).

A page's first picture is not always its lead image: a story with a gallery further down,
a post with a photo in its text declare another picture (``og:image``) as theirs. A
picture's caption is the lead image's where the picture shows the same file (in any size
the site serves), or stands at the top of the article, before its text.

Here too what a file's URL tells: the site's furniture (a logo, a placeholder), and the
wide picture in the text that leads a page declaring none.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from newscrawl.extract.classwords import class_words

#: Class words of a caption's element, where it is no ``<figcaption>``.
CAPTION_HINT = re.compile(r"caption|legend|legende|bildunterschrift", re.IGNORECASE)

# Class/id words of a block that shows a picture, when the page uses no <figure>.
_IMAGE_BLOCK = class_words(
    r"photo|photos|image|images|img|picture|pic|media|figure|lead-?image|hero|foto|"
    r"bild"
)
_NOT_IMAGE_BLOCK = re.compile(
    r"avatar|author|logo|icon|gallery|sprite|ad-|-ad\b|social|share", re.IGNORECASE
)
# A picture block shows a caption, not an article: a few short text blocks at most.
_MAX_BLOCK_TEXT = 600


def _is_picture_block(element: HtmlElement) -> bool:
    """A ``<div>``-like block holding one picture and, at most, a short caption and credit.

    >>> from lxml.html import fromstring
    >>> _is_picture_block(fromstring('<div class="photo"><img src="a.jpg"><p>Caption.</p></div>'))
    True
    >>> _is_picture_block(fromstring('<div class="author-photo"><img src="a.jpg"></div>'))
    False
    """
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    if not _names_picture_block(names):
        return False
    if len(list(element.iter("img"))) != 1:
        return False
    text = element.text_content().strip()
    return 0 < len(text) <= _MAX_BLOCK_TEXT and next(element.iter("h1", "h2", "h3"), None) is None


@lru_cache(maxsize=4096)  # a page's blocks share a few class names; every block is asked
def _names_picture_block(names: str) -> bool:
    return bool(_IMAGE_BLOCK.search(names)) and not _NOT_IMAGE_BLOCK.search(names)


def first_picture(tree: HtmlElement) -> HtmlElement | None:
    """The first picture of the article: inside <article>/<main> when the page has one.

    A ``<figure>``, or else a block named like a picture (``<div class="photo">``) holding
    one image and its caption, or an AMP picture and the caption set after it.
    """
    anchor = next(_pictures(tree), None)
    return None if anchor is None else _as_figure(anchor)


def lead_picture(tree: HtmlElement, lead_url: str | None) -> HtmlElement | None:
    """The picture that shows the lead image ``lead_url``, if the page shows it.

    The first picture whose file is the lead image's (in any size the site serves), the
    one inside where it is a gallery's (see :func:`_own_picture`); else the first
    picture where it stands at the top of the article, before its text (a lead picture
    whose file the page declares under another name: a crop for social media).
    """
    anchors = list(_pictures(tree))
    if lead_url:
        showing = [
            anchor
            for anchor in anchors
            if any(same_file(lead_url, source) for source in picture_sources(anchor))
        ]
        # A video's poster may be the lead image's file, but its caption is the video's:
        # a picture of the file elsewhere has the picture's (one inside the video, none).
        videos = [anchor for anchor in showing if _is_video(anchor)]
        showing = [
            anchor
            for anchor in showing
            if not any(video is anchor or _is_inside(anchor, video) for video in videos)
        ] or showing
        if showing:
            return _as_figure(_own_picture(showing, lead_url))
    if anchors and _at_top(anchors[0]):
        return _as_figure(anchors[0])
    return None


def _own_picture(showing: list[HtmlElement], lead_url: str) -> HtmlElement:
    """Of the pictures ``showing`` the lead image, the one that shows it alone, with its caption.

    The outermost, unless it shows other pictures too (a gallery): then the one inside it.
    (Wrappers inside a picture show the same file, without its caption.)
    """
    chosen = showing[0]
    for anchor in showing[1:]:
        if _is_inside(anchor, chosen) and any(
            _distinctive(_file_name(source)) and not same_file(lead_url, source)
            for source in picture_sources(chosen)
        ):
            chosen = anchor
    return chosen


def _is_inside(element: HtmlElement, container: HtmlElement) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


_VIDEO_CLASS = class_words(r"video|video-wrapper|video-player|player")


def _is_video(picture: HtmlElement) -> bool:
    """Whether ``picture`` plays a video (its image is the poster).

    Told by its own names and its ``<video>``: a picture block may hold a video player
    beside the picture.
    """
    return (
        picture.get("data-video-id") is not None
        or _VIDEO_CLASS.search(picture.get("class") or "") is not None
        or next(picture.iter("video"), None) is not None
    )


def _pictures(tree: HtmlElement) -> Iterator[HtmlElement]:
    """The pictures of the page: those in <article>, then in <main>, then the others."""
    # Each element judged once: the page is walked once per container, the whole page last.
    judged: set[HtmlElement] = set()
    for container in (*tree.iter("article"), *tree.iter("main"), tree):
        for element in container.iter("figure", "div", "span", "section", "amp-img"):
            if element in judged:
                continue
            judged.add(element)
            if (
                element.tag == "figure"
                or (element.tag == "amp-img" and _amp_caption(element) is not None)
                or (element.tag != "amp-img" and _is_picture_block(element))
            ):
                yield element


def _as_figure(anchor: HtmlElement) -> HtmlElement:
    return _amp_figure(anchor) if anchor.tag == "amp-img" else anchor


def _amp_caption(image: HtmlElement) -> HtmlElement | None:
    """The caption AMP sets after ``<amp-img>``: a ``<figcaption>``, a "caption" block."""
    caption = image.getnext()
    if caption is not None and (
        caption.tag == "figcaption" or CAPTION_HINT.search(caption.get("class") or "")
    ):
        return caption
    return None


def _amp_figure(image: HtmlElement) -> HtmlElement:
    """An AMP picture and the caption set after it, as one (detached) ``<figure>``.

    AMP pages set ``<amp-img>`` and then ``<div class="amp-caption">`` (or a
    ``<figcaption>``) side by side, in no element of their own.
    """
    figure = image.makeelement("figure", {})
    for part in (image, _amp_caption(image)):
        if part is not None:
            copied = copy.deepcopy(part)
            copied.tail = None
            figure.append(copied)
    return figure


# A picture stands at the top of the article while the paragraphs before it hold no more
# text than a standfirst.
_TOP_TEXT = 300


def _at_top(picture: HtmlElement) -> bool:
    """Whether ``picture`` stands at the top of its article, before the text."""
    container = next((a for a in picture.iterancestors() if a.tag in ("article", "main")), None)
    if container is None:
        container = picture.getroottree().getroot()
    text = 0
    for element in container.iter():
        if element is picture:
            return True
        if element.tag == "p":
            text += len(element.text_content().strip())
            if text > _TOP_TEXT:
                return False
    return False


_SOURCE_ATTRIBUTES = ("src", "data-src", "data-original", "data-lazy-src", "srcset", "data-srcset")
# The commas between a srcset's candidates, not those in a URL ("/w_1200,h_600/a.jpg").
_SRCSET_COMMA = re.compile(r",(?=\s|https?:|/)")


def picture_sources(picture: HtmlElement) -> Iterator[str]:
    """The URLs of the files a picture shows: its images' sources, lazy ones, srcsets."""
    for image in picture.iter("img", "source", "amp-img"):
        for name in _SOURCE_ATTRIBUTES:
            value = image.get(name) or ""
            candidates = _SRCSET_COMMA.split(value) if "srcset" in name else [value]
            for candidate in candidates:
                url = candidate.strip().split(" ")[0] if candidate.strip() else ""
                if url and not url.startswith("data:"):
                    yield url


_EXTENSIONS = re.compile(r"(?:\.(?:jpe?g|png|webp|gif|avif|svg|tiff?|bmp|heic))+$")
# What a site adds to a file's name for a size or a crop of it: "-1024x683", "-scaled",
# "@2x", "_800w", WordPress's edit stamp "-e1643796012403", TYPO3's "csm_" and hash.
_VARIANT = re.compile(
    r"(?:^|[-_~])\d{2,5}x\d{2,5}|[-_]scaled|[-_]e\d{10,}|@\dx|[-_]\d{2,4}w(?![a-z])"
    r"|^csm_|_[0-9a-f]{10}$"
)
# Names that say nothing of the picture: a size ("3000.jpg") or a word every file has.
_GENERIC_NAMES = frozenset(
    {"image", "img", "original", "master", "default", "picture", "photo", "large", "full"}
    | {"index", "thumb", "thumbnail", "file", "download", "media"}
)


def same_file(url: str, other: str) -> bool:
    """Whether two image URLs are of one picture, in sizes or crops the site serves.

    The same name once its sizes are cut ("harbour-1024x683.jpg", "harbour.jpg") and, from
    a long one, a word for a version ("_og"); or a shared identifier (a number, a hash)
    where the names differ or say nothing.

    >>> same_file("https://x.example/up/harbour-1024x683.jpg", "/up/harbour.jpg?w=1200")
    True
    >>> same_file("https://x.example/img/4099641/7_v16_9_600.jpeg", "/img/4099641/7_v4_3.jpg")
    True
    >>> same_file("https://x.example/media/abc123/master/3000.jpg", "/media/def456/master/3000.jpg")
    False
    >>> same_file("https://x.example/up/parade-featured.jpg", "/up/parade-1.jpg")
    False
    >>> same_file("https://x.example/harbour-at-dawn-in-may_og.jpg", "/harbour-at-dawn-in-may.jpg")
    True
    """
    name, other_name = _file_name(url), _file_name(other)
    if _distinctive(name) and {name, _base_name(name)} & {other_name, _base_name(other_name)}:
        return True
    scope = "path" if not (_distinctive(name) and _distinctive(other_name)) else "name"
    return bool(_identifiers(url, scope) & _identifiers(other, scope))


@lru_cache(maxsize=1024)  # the lead image's URL is compared with every picture's sources
def _path(url: str) -> str:
    try:
        path = unquote(urlsplit(url.strip()).path).lower()
    except ValueError:
        return ""
    # A resizing service names the original's URL in its path: ".../fetch/w_600/https://..."
    return path.rsplit("://", 1)[-1]


@lru_cache(maxsize=1024)
def _file_name(url: str) -> str:
    name = _EXTENSIONS.sub("", _path(url).rstrip("/").rsplit("/", 1)[-1])
    return _VARIANT.sub("", name)


# A word a site adds to a long name for a version of the file: "_opengraph", "-social",
# "_i753". (Not any word: "harbour-boats", "harbour-crowd" are two pictures; nor a number:
# "harbour-1", "harbour-2" are a series.)
_VERSION_WORD = re.compile(
    r"[-_](?:[a-z]{1,3}\d+[a-z0-9]*|og|opengraph|social|share|facebook|twitter|teaser|large"
    r"|medium|small|thumb|thumbnail|original|full|big|wide)$"
)
_LONG_NAME = 16


def _base_name(name: str) -> str:
    """``name`` without a version word, where enough of it is left to tell the picture."""
    base = _VERSION_WORD.sub("", name)
    return base if len(base) >= _LONG_NAME else name


_NOT_LETTERS = re.compile(r"[^a-z]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGIT = re.compile(r"\d")
_SIZE = re.compile(r"\d+x\d+")


@lru_cache(maxsize=1024)
def _distinctive(name: str) -> bool:
    return len(_NOT_LETTERS.sub("", name)) >= 4 and name not in _GENERIC_NAMES


@lru_cache(maxsize=1024)
def _identifiers(url: str, scope: str) -> frozenset[str]:
    """Numbers and hashes in an image's file name (or, ``scope="path"``, its whole path)."""
    path = _path(url)
    text = path if scope == "path" else _EXTENSIONS.sub("", path.rsplit("/", 1)[-1])
    return frozenset(
        token
        for token in _NOT_ALNUM.split(text)
        if len(token) >= 6 and _DIGIT.search(token) and not _SIZE.fullmatch(token)
    )


# A site's furniture named in an image's file name: its logo, an icon, a placeholder or a
# blank, a default picture, an avatar. Not "dialogo.jpg", "silicone.jpg", "blanket.jpg".
_FURNITURE_NAME = re.compile(
    r"(?<![a-z])(?:logos?|icons?|blank|no-?im(?:g|age)|default-(?:user|image|avatar))(?![a-z])"
    r"|favicon|placeholder|avatar",
    re.IGNORECASE,
)
_FURNITURE_FOLDER = re.compile(r"/(?:avatars?|blavatar|icons?|favicons?|logos?)/", re.IGNORECASE)


def is_site_furniture(url: str) -> bool:
    """Whether an image URL is of the site's furniture, not of any article.

    Pages without a picture of their own declare the site's logo or a placeholder as their
    image (WordPress.com's ``blank.jpg``, a theme's ``default-user-image.png``), or a
    commenter's avatar is the first picture in them. Told by the file's name and folder:
    the pixels would take a download.

    >>> is_site_furniture("https://s0.wp.com/i/blank.jpg")
    True
    >>> is_site_furniture("https://x.example/img/fn_logo_fb_1200x630.jpg")
    True
    >>> is_site_furniture("https://secure.gravatar.com/avatar/02fc26e5?s=80")
    True
    >>> is_site_furniture("https://x.example/favicon-96.ico")
    True
    >>> is_site_furniture("https://x.example/sites/default/files/2024/dialogo-con-il-papa.jpg")
    False
    >>> is_site_furniture("https://media0.faz.net/ppmedia/aktuell/1/default-retina/tickets.jpg")
    False
    """
    try:
        path = urlsplit(url).path
    except ValueError:  # "http://[ccpa-preferences]": no picture to take either
        return True
    name = path.rsplit("/", 1)[-1]
    return (
        name.lower().endswith(".ico")
        or _FURNITURE_NAME.search(name) is not None
        or _FURNITURE_FOLDER.search(path) is not None
    )


# A picture at least this wide (its width attribute, or its srcset's widest) can lead a
# story; icons, avatars and buttons are narrower.
_LEAD_WIDTH = 300
_SRCSET_WIDTH = re.compile(r"\s(\d{2,5})w(?:\s*,|\s*$)")


def article_image(tree: HtmlElement) -> str | None:
    """The first wide picture inside the page's ``<article>`` (or ``<main>``), not a link's.

    The last resort where a page declares no image and shows none in a figure: a blog's
    photo set in the text. Only pictures whose markup says they are wide count (a width
    attribute, a srcset), and none that links to another page (a teaser's).

    >>> from lxml.html import fromstring
    >>> article_image(fromstring(
    ...     '<html><body><article><img src="/avatar.jpg" width="60">'
    ...     '<a href="/other"><img src="/teaser.jpg" width="800"></a>'
    ...     '<p><img src="/photo.jpg" width="1024"></p></article></body></html>'))
    '/photo.jpg'
    """
    for container in (*tree.iter("article"), *tree.iter("main")):
        for image in container.iter("img"):
            src = (image.get("src") or image.get("data-src") or "").strip()
            if not src or src.startswith("data:") or is_site_furniture(src):
                continue
            if _declared_width(image) < _LEAD_WIDTH:
                continue
            if any(ancestor.tag == "a" for ancestor in image.iterancestors()):
                continue
            return src
    return None


def _declared_width(image: HtmlElement) -> int:
    width = (image.get("width") or "").strip().removesuffix("px")
    if width.isdigit():
        return int(width)
    widths = _SRCSET_WIDTH.findall(image.get("srcset") or image.get("data-srcset") or "")
    return max(map(int, widths), default=0)
