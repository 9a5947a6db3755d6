"""Strings from configuration are text: escaped in the theme's templates, raw in the feeds."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from markupsafe import Markup
from mkdocs.config import load_config

from generator.escaping import escape_config, escape_nav, raw_text
from tests.conftest import HOSTILE_NAME, REPO, SiteBuild
from tests.htmlpage import read_page

SITE_NAME = "</title><script>alert(4)</script><i>Shelf</i> & co"


def test_nav_titles_are_escaped_at_every_depth_and_paths_kept() -> None:
    nav = [
        "index.md",
        {"<b>Home</b>": "index.md"},
        {"A & B": [{"<i>x</i>": "x.md"}, "y.md", {"Out": "https://example.org/?a=1&b=2"}]},
    ]
    assert escape_nav(nav) == [
        "index.md",
        {"&lt;b&gt;Home&lt;/b&gt;": "index.md"},
        {
            "A &amp; B": [
                {"&lt;i&gt;x&lt;/i&gt;": "x.md"},
                "y.md",
                {"Out": "https://example.org/?a=1&b=2"},
            ]
        },
    ]
    title = next(iter(escape_nav([{"<b>": "a.md"}])[0]))
    assert isinstance(title, Markup)


def test_escaping_twice_changes_nothing() -> None:
    once = escape_nav([{"a < b & c": "a.md"}])
    assert escape_nav(once) == once


def test_settings_and_palette_names_are_escaped(tmp_path: Path) -> None:
    config = load_config(
        config_file=str(REPO / "mkdocs.yml"),
        site_dir=str(tmp_path),
        site_name="<i>Shelf</i>",
        site_description='"><b>',
        copyright="&copy; me",
    )
    escape_config(config)
    assert config.site_name == "&lt;i&gt;Shelf&lt;/i&gt;"
    assert config.site_description == "&#34;&gt;&lt;b&gt;"
    assert config.copyright == "&amp;copy; me"
    names = [option["toggle"]["name"] for option in config.theme["palette"]]
    assert names and all(isinstance(name, Markup) for name in names)
    assert raw_text(config.site_name) == "<i>Shelf</i>"
    assert raw_text("a &amp; b") == "a &amp; b"  # only escaped settings are unescaped


@pytest.mark.slow
def test_no_page_holds_markup_from_configuration(hostile_config_site: SiteBuild) -> None:
    site_dir, _ = hostile_config_site
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        page = read_page(path)
        for tag, attributes in page.tags:
            assert tag not in {"img", "i"}, (path, tag)
            assert not any(name.startswith("on") for name in attributes), (path, tag)
        source = path.read_text(encoding="utf-8")
        assert "<script>alert" not in source, path
        assert "<i>Shelf" not in source, path


@pytest.mark.slow
def test_configuration_text_is_shown_as_written(hostile_config_site: SiteBuild) -> None:
    site_dir, _ = hostile_config_site
    topic = read_page(site_dir / "topics" / "hostile-topic" / "index.html")
    assert topic.title == f"{HOSTILE_NAME} - {SITE_NAME}"
    assert topic.h1 == [HOSTILE_NAME]
    nav = " ".join(topic.by_class["md-nav__link"])
    assert HOSTILE_NAME in nav and "Quiet Topic" in nav
    assert topic.by_class["ps-topic-description"] == [
        '"><svg onload=alert(2)> </title><script>alert(3)</script> & more'
    ]
    notes = read_page(site_dir / "notes" / "index.html")
    assert notes.title == f"{HOSTILE_NAME} notes - {SITE_NAME}"
    assert notes.h1 == [f"{HOSTILE_NAME} notes"]
    home = read_page(site_dir / "search" / "index.html")
    assert SITE_NAME in " ".join(home.by_class["md-header__topic"])
    assert HOSTILE_NAME in " ".join(home.by_class["md-nav__link"])


@pytest.mark.slow
def test_the_feeds_carry_the_names_unescaped(hostile_config_site: SiteBuild) -> None:
    site_dir, _ = hostile_config_site
    feed = feedparser.parse((site_dir / "feeds" / "hostile-topic.xml").read_bytes())
    assert feed.bozo == 0
    assert SITE_NAME in feed.feed.title and HOSTILE_NAME in feed.feed.title
