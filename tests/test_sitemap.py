"""The sitemap: over the limit of URLs a sitemap may list, an index of parts; the site checks
follow the index."""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator import sitemap
from generator.checks import check_site
from generator.sitemap import MAX_URLS, part_name, read_sitemap, split_sitemap
from tests.conftest import CORPUS, build_epoch, build_site
from tests.test_checks import PAPERS, SITE_URL, _site, _sitemap

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PAGES = ["", "papers/", *PAPERS]


def _problems(site: Path) -> list[str]:
    return [str(problem) for problem in check_site(site, PAPERS, site_url=SITE_URL)]


def test_a_sitemap_within_the_limits_is_left_as_it_is(tmp_path: Path) -> None:
    site = _site(tmp_path)
    before = (site / "sitemap.xml").read_bytes()
    assert split_sitemap(site, SITE_URL, limit=len(PAGES), max_bytes=len(before)) == []
    assert (site / "sitemap.xml").read_bytes() == before
    assert MAX_URLS == 50_000


def test_a_large_sitemap_becomes_an_index_of_one_gzipped_part(tmp_path: Path) -> None:
    site = _site(tmp_path)
    before = (site / "sitemap.xml").read_bytes()
    written = split_sitemap(site, SITE_URL, max_bytes=len(before) - 1)
    assert written == ["sitemap-001.xml.gz", "sitemap.xml", "sitemap.xml.gz"]
    data = (site / "sitemap-001.xml.gz").read_bytes()
    assert data[3] == 0 and data[4:8] == b"\0\0\0\0"  # no file name, no time
    assert data[9] == 255  # no operating system
    part = ElementTree.fromstring(gzip.decompress(data))
    assert [loc.text for loc in part.iter(f"{NS}loc")] == [SITE_URL + page for page in PAGES]
    assert b"\n  " not in gzip.decompress(data)  # not indented
    assert read_sitemap(site, SITE_URL).urls == tuple(SITE_URL + page for page in PAGES)
    assert _problems(site) == []


def test_a_sitemap_over_the_limit_becomes_an_index_of_parts(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress((site / "sitemap.xml").read_bytes()))
    written = split_sitemap(site, SITE_URL, limit=3)
    assert written == [part_name(1), part_name(2), "sitemap.xml", "sitemap.xml.gz"]
    index = ElementTree.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{NS}sitemapindex"
    assert [loc.text for loc in index.iter(f"{NS}loc")] == [
        f"{SITE_URL}sitemap-001.xml.gz",
        f"{SITE_URL}sitemap-002.xml.gz",
    ]
    assert (
        gzip.decompress((site / "sitemap.xml.gz").read_bytes())
        == (site / "sitemap.xml").read_bytes()
    )
    parts = [
        ElementTree.fromstring(gzip.decompress((site / name).read_bytes())) for name in written[:2]
    ]
    assert all(part.tag == f"{NS}urlset" for part in parts)
    # Every URL once, in the sitemap's order, at most `limit` a part.
    listed = [[loc.text for loc in part.iter(f"{NS}loc")] for part in parts]
    assert listed == [[SITE_URL + page for page in PAGES[:3]], [SITE_URL + PAGES[3]]]
    assert read_sitemap(site, SITE_URL).urls == tuple(SITE_URL + page for page in PAGES)
    # The site checks follow the index to its parts, and find nothing wrong.
    assert _problems(site) == []


def test_the_checks_name_a_missing_part_and_a_page_no_part_lists(tmp_path: Path) -> None:
    site = _site(tmp_path)
    split_sitemap(site, SITE_URL, limit=3)
    (site / part_name(2)).write_bytes(gzip.compress(_sitemap([]).encode()))
    assert _problems(site) == ["sitemap.xml: does not list the paper page papers/b/"]
    (site / part_name(2)).write_text(_sitemap([]), encoding="utf-8")
    assert _problems(site) == ["sitemap-002.xml.gz: not gzip: Not a gzipped file (b'<?')"]
    (site / part_name(2)).unlink()
    assert _problems(site) == ["sitemap-002.xml.gz: missing"]


def test_the_checks_name_a_sitemap_over_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path)
    monkeypatch.setattr("generator.checks.MAX_URLS", 3)
    assert _problems(site) == ["sitemap.xml: lists 4 URLs, over the 3 a sitemap may"]


@pytest.mark.slow
def test_a_build_over_the_limit_writes_an_index_that_lists_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seeds' site with a limit of 100 URLs a sitemap: parts of every page, paper pages
    among them, and a build whose site checks pass."""
    monkeypatch.setattr(sitemap, "MAX_URLS", 100)
    monkeypatch.setattr("generator.checks.MAX_URLS", 100)
    with build_epoch():
        plugin = build_site([CORPUS], tmp_path / "site", site_url="https://owner.github.io/repo/")
    assert plugin.site_problems == 0
    assert plugin.catalogue is not None
    site = tmp_path / "site"
    found = read_sitemap(site, "https://owner.github.io/repo/")
    assert len(found.parts) > 3
    assert all(len(urls) <= 100 for _, urls in found.files)
    urls = found.urls
    assert len(urls) == len(set(urls)) > len(plugin.catalogue.papers)
    pages = {f"https://owner.github.io/repo/{paper.url}" for paper in plugin.catalogue.papers}
    assert pages <= set(urls)
