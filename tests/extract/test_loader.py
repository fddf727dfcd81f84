"""The article loader: a source's value is kept when its field's processor keeps any of it."""

from __future__ import annotations

from itemloaders.processors import MapCompose

from newscrawl.extract.loader import ArticleLoader


def test_add_if_kept_adds_what_the_input_processor_keeps() -> None:
    loader = ArticleLoader()
    assert not loader.add_if_kept("title", "  \n ")
    assert not loader.add_if_kept("tags", [])
    assert loader.get_collected_values("title") == []
    assert loader.add_if_kept("title", "Rates  rise &amp; fall")
    assert loader.add_if_kept("tags", "Economy, Rates")
    assert loader.get_collected_values("title") == ["Rates rise & fall"]
    assert loader.load_item()["tags"] == ["Economy", "Rates"]


def test_add_if_kept_runs_the_input_processor_once() -> None:
    calls: list[str] = []

    def counted(value: str) -> str:
        calls.append(value)
        return value.strip()

    class CountingLoader(ArticleLoader):
        title_in = MapCompose(counted)

    loader = CountingLoader()
    assert loader.add_if_kept("title", " Story ")
    assert calls == [" Story "]
    assert loader.get_output_value("title") == "Story"
