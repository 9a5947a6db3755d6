"""The plugin inside a real MkDocs build: pages, escaping, nav, data export and determinism."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator import urls
from generator.export import read_papers
from generator.pages import title_text
from generator.plugin import count_of, number_of
from generator.text import plain_text
from tests.conftest import (
    BUILD_EPOCH,
    FIXTURES,
    MISSING_ABSTRACT,
    REPO,
    SiteBuild,
    build_site,
    catalogue_of,
)
from tests.htmlpage import HtmlPage, read_page

pytestmark = pytest.mark.slow


def test_one_page_per_distinct_paper(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    catalogue = catalogue_of(seed_site)
    built = {path.parent.name for path in site_dir.glob(urls.PAPER_PAGES_GLOB)}
    assert len(catalogue.papers) == 310
    assert built == {paper.slug for paper in catalogue.papers}


def test_paper_page_shows_title_abstract_and_sources(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    for paper in catalogue_of(seed_site).papers:
        page = read_page(site_dir / paper.url / "index.html")
        assert page.h1 == [title_text(paper)]
        shown = plain_text(paper.abstract, paper.short_name)
        assert page.by_class["ps-abstract"] == [" ".join(shown.split())]
        assert page.title == f"{title_text(paper)} - Papershelf"
        sources = " ".join(page.by_class["ps-sources"])
        assert all(Path(source.path).stem in sources for source in paper.sources)
        assert "corpus/" not in sources  # listing names, not the repository's paths


def test_merged_paper_lists_every_source(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    merged = [paper for paper in catalogue_of(seed_site).papers if len(paper.sources) > 1]
    assert len(merged) == 2
    for paper in merged:
        text = read_page(site_dir / paper.url / "index.html").by_class["ps-sources"][0]
        assert {Path(source.path).stem for source in paper.sources} == {
            name for name in ("000_8107e9cb12cc6d0e", "004_2f715f9ffb135102") if name in text
        }


def test_papers_stay_out_of_the_nav(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    catalogue = catalogue_of(seed_site)
    topics = {f"/{topic.url}".rstrip("/") for topic in catalogue.topics}

    def nav_targets(url: str) -> set[str]:
        return {
            posixpath.normpath(posixpath.join("/", url, attrs.get("href") or ""))
            for tag, attrs in read_page(site_dir / url / "index.html").tags
            if tag == "a" and "md-nav__link" in (attrs.get("class") or "")
        }

    # The nav holds the hand-written pages, the Topics section and the A–Z list; the theme
    # prunes the section's pages except where it is open, so paper pages stay small.
    for url in ("", catalogue.papers[0].url, catalogue.papers[-1].url):
        assert nav_targets(url) == {"/", "/authors", "/dates", "/papers", "/search", "/topics"}, url
    for url in ("topics/", catalogue.topics[0].url):
        expected = {"/", "/authors", "/dates", "/papers", "/search", "/topics", *topics}
        assert nav_targets(url) == expected, url


def test_the_a_to_z_pages_link_every_paper_once_with_the_letter_bar(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    index = read_page(site_dir / "papers" / "index.html")
    assert index.h1 == ["All papers"]
    letter_pages = sorted(site_dir.glob("a-z/**/index.html"))
    letters = index.by_class["ps-letters"][0].split()
    assert letters[0] == "0–9" and "A" in letters
    linked: list[str] = []
    for path in letter_pages:
        page = read_page(path)
        url = path.parent.relative_to(site_dir).as_posix() + "/"
        # Every page has the whole letter bar.
        assert page.by_class["ps-letters"][0].split() == letters, url
        for tag, attrs in page.tags:
            if tag == "a" and "ps-summary__title" in (attrs.get("class") or "").split():
                target = posixpath.normpath(posixpath.join("/", url, attrs["href"] or ""))
                linked.append(target.removeprefix("/") + "/")
    assert sorted(linked) == sorted(paper.url for paper in catalogue_of(seed_site).papers)


def test_home_page_shows_the_newest_day_and_ways_in(seed_site: SiteBuild) -> None:
    site_dir, plugin = seed_site
    assert plugin.build is not None
    page = read_page(site_dir / "index.html")
    assert page.h1 == ["Papershelf"]
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    stats = html[html.index('<dl class="ps-stats">') :].split("</dl>")[0]
    assert re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", stats) == [
        ("Papers", "310"),
        ("Listings read", "2"),
        ("Duplicates merged", "2"),
    ]
    assert "papers/" in page.links and "dates/" in page.links
    # The seed's only dated listing is "Mar 18", with no year: its papers lead the page.
    ((day, shown),) = plugin.build.site.home
    assert day.title == "Mar 18"
    titles = page.by_class["ps-summary__title"]
    assert titles == [title_text(paper) for paper in shown]
    # The day holds more than the home page shows: the page links the whole day.
    assert 0 < len(shown) < day.count
    assert f"All {day.count} papers of Mar 18" in page.by_class["ps-home-day"][0]
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    summary = r'<li><a class="ps-summary__title".*?<time datetime="[^"]*">([^<]*)</time>'
    dates = re.findall(summary, html)
    assert len(dates) == len(titles) and set(dates) == {"Mar 18"}


def test_papers_json_lists_every_paper(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    exported = read_papers(site_dir)
    catalogue = catalogue_of(seed_site)
    assert [entry["slug"] for entry in exported] == [paper.slug for paper in catalogue.papers]
    for entry in exported:
        assert (site_dir / entry["url"] / "index.html").is_file()


def _markup(page: HtmlPage) -> set[tuple[str, tuple[str, ...]]]:
    return {(tag, tuple(sorted(attrs))) for tag, attrs in page.tags}


def test_hostile_text_is_shown_as_text(hostile_site: SiteBuild, seed_site: SiteBuild) -> None:
    site_dir, plugin = hostile_site
    # Every element and attribute on a hostile page must also occur on benign pages built from
    # the same templates: anything else came from the corpus. Every page, not only paper pages:
    # the home and A–Z pages print corpus text too.
    benign: set[tuple[str, tuple[str, ...]]] = set()
    for path in seed_site[0].rglob("*.html"):
        benign |= _markup(read_page(path))
    catalogue = catalogue_of(hostile_site)
    assert len(catalogue.papers) == 4
    for paper in catalogue.papers:
        page = read_page(site_dir / paper.url / "index.html")
        assert page.h1 == [title_text(paper)]
        shown = plain_text(paper.abstract, paper.short_name)
        assert page.by_class["ps-abstract"] == [" ".join(shown.split())]
        assert page.title == f"{title_text(paper)} - Papershelf"
        assert page.meta["description"].startswith(paper.abstract[:40])
    pages = sorted(site_dir.rglob("*.html"))
    # Every generated page (the paper pages among them), and the home, search and 404 pages.
    assert plugin.build is not None
    assert len(pages) == len(plugin.build.views) + 3
    assert len(plugin.build.views) > len(catalogue.papers) + len(catalogue.topics)
    for path in pages:
        html = path.read_text(encoding="utf-8")
        page = read_page(path)
        assert _markup(page) <= benign, path
        assert not [attrs for _, attrs in page.tags if any(name.startswith("on") for name in attrs)]
        urls = [value or "" for _, attrs in page.tags for value in attrs.values()]
        assert not [url for url in urls if url.strip().lower().startswith("javascript:")]
        assert "<script>alert" not in html
        assert "<iframe" not in html


def test_template_syntax_and_markdown_in_corpus_are_not_run(hostile_site: SiteBuild) -> None:
    site_dir, _ = hostile_site
    catalogue = catalogue_of(hostile_site)
    scripted = next(paper for paper in catalogue.papers if "Scripted" in paper.title)
    abstract = read_page(site_dir / scripted.url / "index.html").by_class["ps-abstract"][0]
    assert "{{ 7 * 7 }}" in abstract
    assert "{% if true %}jinja{% endif %}" in abstract
    assert "*emphasis*, _underscores_, # heading, `code`" in abstract
    html = (site_dir / scripted.url / "index.html").read_text(encoding="utf-8")
    assert "<em>emphasis</em>" not in html
    assert 'href="javascript:' not in html
    markers = next(paper for paper in catalogue.papers if "Template Markers" in paper.title)
    assert read_page(site_dir / markers.url / "index.html").h1 == [
        "{{ config.site_name }} and {% raw %}Template Markers{% endraw %}"
    ]


def test_build_is_byte_identical(
    seed_site: SiteBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds, one here and one in a new process with another hash seed, match byte for byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)  # the date the shared build was given
    first, second = seed_site[0], tmp_path / "second"
    subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--site-dir", str(second)],
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        check=True,
        capture_output=True,
    )
    first_files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    second_files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert first_files == second_files
    assert len(first_files) > 310
    different = [p for p in first_files if (first / p).read_bytes() != (second / p).read_bytes()]
    assert different == []


def test_problems_are_warnings_and_strict_fails(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(MISSING_ABSTRACT, encoding="utf-8")
    plugin = build_site([dump], tmp_path / "site")
    assert plugin.catalogue is not None
    assert len(plugin.catalogue.papers) == 2
    assert "dump.txt:1: title has no abstract" in caplog.text
    with pytest.raises(Abort, match="1 warnings in strict mode"):
        build_site([dump], tmp_path / "strict", strict=True)


def test_fatal_corpus_error_names_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(Abort):
        build_site([empty], tmp_path / "site")
    assert f"{empty.as_posix()}: empty file" in caplog.text


def test_hand_written_page_in_the_way_is_refused(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = tmp_path / "docs"
    (docs / "papers").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "papers" / "index.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(Abort):
        build_site([FIXTURES / "hostile.txt"], tmp_path / "site", docs_dir=str(docs))
    assert "docs/papers/index.md: the catalogue generates this file" in caplog.text


def test_counts_are_written_with_thousands_separators() -> None:
    assert count_of(8898, "author") == "8,898 authors"
    assert count_of(1, "paper") == "1 paper"
    assert number_of(100_000) == "100,000"
