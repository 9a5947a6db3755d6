"""URL patterns: one place for every URL the catalogue generates, and every built page fits one."""

from __future__ import annotations

import pytest

from generator import urls
from generator.model import Paper, Source, Topic
from tests.conftest import SiteBuild, catalogue_of


def test_model_urls_come_from_the_patterns() -> None:
    paper = Paper("bipo", "BiPO", "", None, (Source("a.txt", 1),))
    assert paper.url == urls.paper_url("bipo") == "papers/bi/bipo/"
    assert Topic("speech", "Speech", "").url == urls.topic_url("speech") == "topics/speech/"
    assert urls.src_uri(paper.url) == "papers/bi/bipo/index.md"


@pytest.mark.parametrize(
    ("slug", "url"),
    [
        ("bipo", "papers/bi/bipo/"),
        ("x", "papers/x/x/"),
        ("4d", "papers/4d/4d/"),
        ("a-b", "papers/a-/a-b/"),
        ("paper-1a2b3c4d", "papers/pa/paper-1a2b3c4d/"),
    ],
)
def test_paper_pages_sit_in_a_folder_of_their_slugs_first_two_characters(
    slug: str, url: str
) -> None:
    assert urls.paper_url(slug) == url
    assert urls.author_url(slug) == "authors/" + url.removeprefix("papers/")


def test_archive_and_list_urls() -> None:
    assert urls.day_url(2025, 3, 8) == "dates/2025/03/08/"
    assert urls.month_url(2025, 3) == "dates/2025/03/"
    assert urls.no_year_day_url(3, 18) == "dates/no-year/03-18/"
    assert urls.page_url("topics/speech/", 1) == "topics/speech/"
    assert urls.page_url("topics/speech/", 2) == "topics/speech/2/"
    assert urls.letter_url("0-9") == "a-z/0-9/"


def test_topic_feeds_never_take_the_catalogue_feed_or_sitemap() -> None:
    assert urls.topic_feed_url("speech") == "feeds/speech.xml"
    assert urls.topic_feed_url("all") == "feeds/topic-all.xml" != urls.CATALOGUE_FEED_URL
    assert urls.topic_feed_url("sitemap") == "feeds/topic-sitemap.xml"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("papers/bi/bipo/", True),
        ("papers/bipo/", False),
        ("papers/bi/bipo/2/", False),
        ("topics/speech/", True),
        ("papers/", True),
        ("papers/a/b/c/", False),
        ("papers//", False),
        ("authors/al/", True),
        ("authors/al/2/", True),
        ("authors/al/alan-turing/x/y/", False),
        ("authors/al/alan-turing/", True),
        ("dates/2025/03/18/", True),
        ("dates/2025/03/18/x/", False),
        ("dates/2025/03/18/2/", True),
        ("authors/al/alan-turing/3/", True),
        ("authors/al/alan-turing/x/", False),
        ("topics/speech/a-z/2/", True),
        ("a-z/s/3/", True),
        ("nothing/", False),
    ],
)
def test_matches_takes_one_segment_per_slug(url: str, expected: bool) -> None:
    assert urls.matches(url) is expected


@pytest.mark.slow
def test_every_generated_page_of_a_built_site_matches_a_pattern(seed_site: SiteBuild) -> None:
    site_dir, plugin = seed_site
    assert plugin.build is not None
    generated = [view.url for view in plugin.build.views]
    assert len(generated) > len(catalogue_of(seed_site).papers)
    assert [url for url in generated if not urls.matches(url)] == []
    assert all((site_dir / url / "index.html").is_file() for url in generated)
