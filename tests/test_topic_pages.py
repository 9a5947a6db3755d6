"""Topics in the built site: the overview, one page per topic, topic links and `topics.json`."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from pathlib import Path

import pytest

from generator import urls
from generator.dates import newest_first
from generator.export import read_papers
from generator.model import Paper
from generator.pages import paginate, summary_bytes
from generator.views import TOPIC_PAGE_SIZE
from tests.conftest import CORPUS, SiteBuild, catalogue_of, read_site_catalogue
from tests.htmlpage import read_page

pytestmark = pytest.mark.slow


def _linked_papers(site_dir: Path, url: str, css_class: str) -> list[str]:
    """The paper slugs that links of `css_class` on the page at `url` point to, in page order."""
    page = read_page(site_dir / url / "index.html")
    slugs = []
    for tag, attrs in page.tags:
        if tag == "a" and css_class in (attrs.get("class") or "").split():
            target = posixpath.normpath(posixpath.join("/", url, attrs["href"] or ""))
            slug = target.rsplit("/", 1)[1]
            assert target == "/" + urls.paper_url(slug).rstrip("/"), target
            slugs.append(slug)
    return slugs


def test_every_paper_has_one_to_four_topics_and_none_is_unsorted(seed_site: SiteBuild) -> None:
    catalogue = catalogue_of(seed_site)
    assert all(1 <= len(paper.topics) <= 4 for paper in catalogue.papers)
    assert not [problem for problem in catalogue.problems if "unsorted" in problem.message]
    unsorted = read_page(seed_site[0] / "topics" / "unsorted" / "index.html")
    assert unsorted.h1 == ["Unsorted"]
    assert _linked_papers(seed_site[0], "topics/unsorted/", "ps-summary__title") == []


def _listed_on_every_page(site_dir: Path, first_url: str) -> list[str]:
    """The papers of a paginated list, following its pages (`url`, `url/2/`, ...)."""
    listed = _linked_papers(site_dir, first_url, "ps-summary__title")
    number = 2
    while (site_dir / first_url / str(number) / "index.html").is_file():
        listed += _linked_papers(site_dir, f"{first_url}{number}/", "ps-summary__title")
        number += 1
    return listed


def test_each_topic_lists_exactly_its_papers_newest_first_and_a_to_z(seed_site: SiteBuild) -> None:
    site_dir, plugin = seed_site
    assert plugin.build is not None
    catalogue = catalogue_of(seed_site)
    files = [file.path for file in catalogue.files]
    assert 25 <= len(catalogue.topics) <= 35
    for topic in catalogue.topics:
        carriers = [paper for paper in catalogue.papers if topic in paper.topics]
        newest = newest_first(carriers, plugin.build.site.dates, files)
        assert _listed_on_every_page(site_dir, topic.url) == [p.slug for p in newest]
        a_z = _listed_on_every_page(site_dir, f"{topic.url}a-z/")
        assert a_z == sorted(paper.slug for paper in carriers), topic.slug
        page = read_page(site_dir / topic.url / "index.html")
        assert page.h1 == [topic.name]
        assert page.by_class["ps-topic-count"][0].startswith(f"{len(carriers)} paper")
        # Pages of at most TOPIC_PAGE_SIZE papers, fewer where their summaries are long.
        pages = len(paginate(newest, TOPIC_PAGE_SIZE, topic.url, size=summary_bytes))
        assert pages >= -(-len(carriers) // TOPIC_PAGE_SIZE)
        assert (site_dir / topic.url / str(pages + 1)).exists() is False


def test_overview_lists_every_topic_with_its_count_largest_first(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    catalogue = catalogue_of(seed_site)
    page = read_page(site_dir / "topics" / "index.html")
    counts = {
        topic.name: sum(topic in paper.topics for paper in catalogue.papers)
        for topic in catalogue.topics
    }
    names = page.by_class["ps-topics__name"]
    assert sorted(names) == sorted(counts)
    assert [counts[name] for name in names] == sorted(counts.values(), reverse=True)
    shown = [int(text.split()[0]) for text in page.by_class["ps-topics__count"]]
    assert shown == [counts[name] for name in names]


def test_paper_pages_link_their_topics_in_rank_order(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    for paper in catalogue_of(seed_site).papers:
        page = read_page(site_dir / paper.url / "index.html")
        links = [
            posixpath.normpath(posixpath.join("/", paper.url, attrs["href"] or ""))
            for tag, attrs in page.tags
            if tag == "a" and "ps-chip--link" in (attrs.get("class") or "").split()
        ]
        assert links == [f"/{topic.url}".rstrip("/") for topic in paper.topics]


def test_json_exports_carry_the_topics(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    catalogue = catalogue_of(seed_site)
    papers = read_papers(site_dir)
    assert [entry["topics"] for entry in papers] == [
        [topic.slug for topic in paper.topics] for paper in catalogue.papers
    ]
    topics = json.loads(gzip.decompress((site_dir / "topics.json.gz").read_bytes()))
    assert [entry["slug"] for entry in topics] == [topic.slug for topic in catalogue.topics]
    for entry in topics:
        carriers = {paper.slug for paper in catalogue.papers if entry["slug"] in _slugs(paper)}
        assert entry["count"] == len(entry["papers"]) == len(carriers)
        assert set(entry["papers"]) == carriers


def test_adding_a_paper_moves_no_page_and_refiles_no_paper(
    seed_site: SiteBuild, tmp_path: Path
) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "Quadruped Robots Learn to Climb Stairs\n\n"
        "We train legged robots to climb stairs with reinforcement learning in simulation. "
        "The policy transfers to real hardware without fine-tuning.\n",
        encoding="utf-8",
    )
    before = catalogue_of(seed_site)
    after = read_site_catalogue([CORPUS, extra])
    old = {paper.slug: paper for paper in before.papers}
    new = {paper.slug: paper for paper in after.papers}
    assert set(new) - set(old) == {"quadruped-robots-learn-to-climb-stairs"}
    assert all(
        new[slug].url == paper.url and new[slug].topics == paper.topics
        for slug, paper in old.items()
    )
    assert [topic.url for topic in after.topics] == [topic.url for topic in before.topics]
    assert new["quadruped-robots-learn-to-climb-stairs"].primary_topic is not None


def _slugs(paper: Paper) -> list[str]:
    return [topic.slug for topic in paper.topics]


def test_topic_listings_badge_exactly_the_papers_that_link_code(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    exported = read_papers(site_dir)
    has_code = {entry["slug"] for entry in exported if entry["has_code"]}
    assert has_code, "the seeds link code from dozens of abstracts"
    for topic in catalogue_of(seed_site).topics:
        html = (site_dir / topic.url / "index.html").read_text(encoding="utf-8")
        # Each listed paper is one <li>, its title link first: its badge sits inside it.
        items = html.split('<li><a class="ps-summary__title"')[1:]
        slugs = _linked_papers(site_dir, topic.url, "ps-summary__title")
        assert len(items) == len(slugs)
        for slug, item in zip(slugs, items, strict=True):
            assert ("ps-badge--code" in item) == (slug in has_code), (topic.slug, slug)


def test_summary_bytes_bound_the_summaries_as_rendered(seed_site: SiteBuild) -> None:
    """`summary_bytes`, which cuts listing pages, is never less than a summary's bytes as the
    template writes it, and not much more: a page of fifty typical summaries is not cut."""
    site_dir, _ = seed_site
    by_slug = {paper.slug: paper for paper in catalogue_of(seed_site).papers}
    estimated = written = listed = 0
    for topic in catalogue_of(seed_site).topics:
        html = (site_dir / topic.url / "index.html").read_text(encoding="utf-8")
        items = re.findall(r'<li><a class="ps-summary__title".*?</li>\n?', html, re.DOTALL)
        slugs = _linked_papers(site_dir, topic.url, "ps-summary__title")
        assert len(items) == len(slugs)
        listed += len(items)
        for slug, item in zip(slugs, items, strict=True):
            size = summary_bytes(by_slug[slug], shown_on=topic)
            assert len(item.encode("utf-8")) <= size, (topic.slug, slug)
            estimated += size
            written += len(item.encode("utf-8"))
    assert listed > len(by_slug)
    assert estimated <= written * 1.15
    assert written / listed < 500
