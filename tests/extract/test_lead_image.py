"""The lead image's caption and credit as the page shows them beside the picture."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article

PARAGRAPH = "This sentence belongs to the article and says something worth reading. " * 4
URL = "https://x.com/news/story"


def _page(figure: str, *, head: str = "", before: str = "") -> str:
    paragraphs = f"<p>{PARAGRAPH}</p>" * 3
    return (
        f"<html><head>{head}</head><body><article><h1>Story</h1>{before}{figure}"
        f"{paragraphs}</article></body></html>"
    )


def _caption_and_credit(page: str) -> tuple[str | None, str | None]:
    article = extract_article(page, URL)
    return article["image_caption"], article["image_credit"]


@pytest.mark.parametrize(
    ("figcaption", "credit"),
    [
        ("<span>The minister in parliament, on Thursday.</span><span>Ann Lee</span>", "Ann Lee"),
        ("<p>The minister in parliament, on Thursday.</p><p>Jon Roe/AP</p>", "Jon Roe/AP"),
        (
            '<div class="text"><p>The minister in parliament, on Thursday.</p></div>'
            '<span class="byline">Jon Roe - staff, AP</span>',
            "Jon Roe - staff, AP",
        ),
    ],
)
def test_a_credit_set_apart_after_the_caption_is_the_credit(figcaption: str, credit: str) -> None:
    figure = f'<figure><img src="/p.jpg"><figcaption>{figcaption}</figcaption></figure>'
    assert _caption_and_credit(_page(figure)) == (
        "The minister in parliament, on Thursday.",
        credit,
    )


@pytest.mark.parametrize(
    ("figcaption", "caption"),
    [
        # The last words of the sentence, and a second sentence of the caption.
        ("Protesters marched in <a>Central Square</a>", "Protesters marched in Central Square"),
        (
            "<span>The minister in parliament.</span><span>She spoke for an hour.</span>",
            "The minister in parliament. She spoke for an hour.",
        ),
    ],
)
def test_a_captions_own_words_set_apart_are_no_credit(figcaption: str, caption: str) -> None:
    figure = f'<figure><img src="/p.jpg"><figcaption>{figcaption}</figcaption></figure>'
    assert _caption_and_credit(_page(figure)) == (caption, None)


def test_texts_in_elements_side_by_side_are_never_glued() -> None:
    figcaption = "<span>The old pier.</span><span>Rebuilt in 1920, it burned twice.</span>"
    figure = f'<figure><img src="/p.jpg"><figcaption>{figcaption}</figcaption></figure>'
    assert _caption_and_credit(_page(figure)) == (
        "The old pier. Rebuilt in 1920, it burned twice.",
        None,
    )


def test_a_script_or_style_in_a_caption_is_no_part_of_it() -> None:
    figcaption = (
        "<style>.credit{color:grey}</style>The old pier at dawn."
        '<script>{"@type": "ImageObject"}</script>'
    )
    figure = f'<figure><img src="/p.jpg"><figcaption>{figcaption}</figcaption></figure>'
    assert _caption_and_credit(_page(figure)) == ("The old pier at dawn.", None)


def test_labels_for_screen_readers_are_no_part_of_caption_or_credit() -> None:
    hidden = '<span class="visually-hidden">'
    figure = (
        f'<figure><div><img src="/p.jpg"><span role="text">{hidden}Image source, </span>'
        f"Harbour Authority</span></div><figcaption>{hidden}Image caption, </span>"
        "Divers inspect the old pier</figcaption></figure>"
    )
    assert _caption_and_credit(_page(figure)) == (
        "Divers inspect the old pier",
        "Harbour Authority",
    )


@pytest.mark.parametrize(
    "picture",
    [
        '<amp-img src="/storm.jpg" width="1200" height="800" layout="responsive"></amp-img>'
        '<div class="amp-caption">A tree blocks the road. <span class="amp-credit">'
        "Photo by Ann Lee/The Journal</span></div>",
        '<figure><amp-img src="/storm.jpg" width="1200" height="800"></amp-img>'
        "<figcaption>A tree blocks the road. Photo by Ann Lee/The Journal</figcaption></figure>",
    ],
)
def test_an_amp_pictures_caption_and_credit(picture: str) -> None:
    article = extract_article(_page(picture), URL)
    assert (article["image_url"], article["image_caption"], article["image_credit"]) == (
        "https://x.com/storm.jpg",
        "A tree blocks the road.",
        "Ann Lee/The Journal",
    )


def _declaring(image: str) -> str:
    return f'<meta property="og:image" content="https://x.com{image}">'


GALLERY = (
    '<figure class="gallery">'
    '<figure><img src="/up/parade-1.jpg"><figcaption>The band on Water Street.</figcaption></figure>'
    '<figure><img src="/up/parade-2.jpg"><figcaption>The grand marshal waves.</figcaption></figure>'
    "<figcaption>Photos by Sam Roe/The Daily</figcaption></figure>"
)


def test_a_gallery_further_down_gives_no_caption_to_another_lead_image() -> None:
    page = _page("", head=_declaring("/up/parade-featured.jpg"), before=f"<p>{PARAGRAPH}</p>")
    page = page.replace("</article>", f"{GALLERY}</article>")
    assert _caption_and_credit(page) == (None, None)


def test_the_picture_of_the_lead_images_file_gives_the_caption_in_any_size() -> None:
    # The lead image is the gallery's second picture, declared in another size.
    page = _page("", head=_declaring("/up/parade-2-1200x630.jpg"), before=f"<p>{PARAGRAPH}</p>")
    page = page.replace("</article>", f"{GALLERY}</article>")
    assert _caption_and_credit(page) == ("The grand marshal waves.", None)


def test_a_photo_in_the_text_gives_no_credit_to_another_lead_image() -> None:
    photo = (
        '<figure><img src="https://cdn.x.com/fetch/w_1456/newsroom.jpeg">'
        "<figcaption>The old newsroom. Photo by the author.</figcaption></figure>"
    )
    lead = "/fetch/w_1200/https%3A%2F%2Fmedia.x.com%2Fimages%2Fcover.jpeg"
    page = _page(photo, head=_declaring(lead), before=f"<p>{PARAGRAPH}</p>" * 2)
    assert _caption_and_credit(page) == (None, None)


def test_the_picture_at_the_top_keeps_its_caption_though_the_declared_file_is_named_apart() -> None:
    # A crop for social media, under a name of its own; the picture leads the article.
    figure = '<figure><img src="/img/a81f.jpg"><figcaption>The ferry at dawn.</figcaption></figure>'
    page = _page(figure, head=_declaring("/img/social-card-ferry.jpg"), before="<p>Standfirst.</p>")
    assert _caption_and_credit(page) == ("The ferry at dawn.", None)


def test_a_videos_caption_is_not_the_caption_of_its_poster_picture() -> None:
    video = (
        '<figure data-video-id="v1"><img src="/img/lagarde-1200x675.jpg">'
        "<figcaption>Video: how the bank works</figcaption></figure>"
    )
    photo = (
        '<figure><img src="/img/lagarde-600x338.jpg"><figcaption>Christine Lagarde in Frankfurt.'
        "</figcaption></figure>"
    )
    page = _page(video + photo, head=_declaring("/img/lagarde.jpg"))
    assert _caption_and_credit(page)[0] == "Christine Lagarde in Frankfurt."
