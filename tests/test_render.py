"""Pages outside the nav (papers, authors, later pages of lists) rendered apart from MkDocs'
page loop: the same site whether one process or several render them, listed in the sitemap,
and checked as they are written."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import Markup

from generator import forked, pipeline, related, render
from generator.checks import PageChecker
from tests.conftest import CORPUS, FIXTURES, SiteBuild, build_site, catalogue_of

pytestmark = pytest.mark.slow


def _digests(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_forked_workers_write_the_same_site_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same build date for both, which the feeds and the sitemap carry.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_site([CORPUS], tmp_path / "one")
    forks: list[int] = []
    real = render.ProcessPoolExecutor

    def counting(*args: object, **kwargs: object) -> render.ProcessPoolExecutor:
        forks.append(int(kwargs["max_workers"]))  # type: ignore[call-overload]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "PAGES_PER_WORKER", 10)
    monkeypatch.setattr(render, "SLICE_PAGES", 7)  # slices that end mid-way, out of step
    monkeypatch.setattr(render, "cpu_count", lambda: 3)
    # Under pytest-xdist, execnet's I/O thread runs beside the tests; it holds no lock that the
    # rendering takes, so forking is safe here although another thread runs.
    monkeypatch.setattr(render, "fork_is_safe", lambda: True)
    monkeypatch.setattr(render, "ProcessPoolExecutor", counting)
    # The search index and related papers in forked children too, as in a large catalogue.
    monkeypatch.setattr(pipeline, "SEARCH_BESIDE_MIN_PAPERS", 1)
    monkeypatch.setattr(pipeline, "fork_is_safe", lambda: True)
    monkeypatch.setattr(related, "PARALLEL_MIN_PAPERS", 1)
    monkeypatch.setattr(related, "fork_is_safe", lambda: True)
    children: list[str] = []
    real_forked = forked.Forked.__init__

    def noting(
        self: forked.Forked[object], step: str, function: Callable[..., object], *args: object
    ) -> None:
        children.append(function.__name__)
        real_forked(self, step, function, *args)

    monkeypatch.setattr(forked.Forked, "__init__", noting)
    build_site([CORPUS], tmp_path / "site")
    assert {"_write_search_files", "_tfidf", "latent_vectors", "_nearest_rows"} <= set(children)
    assert forks == [3]
    assert _digests(tmp_path / "site") == _digests(tmp_path / "one")


def test_every_paper_page_is_written_and_in_the_sitemap(seed_site: SiteBuild) -> None:
    site_dir, _ = seed_site
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for paper in catalogue_of(seed_site).papers:
        assert (site_dir / paper.url / "index.html").is_file()
        assert f"<loc>http://127.0.0.1:8000/{paper.url}</loc>" in sitemap
    # The pages MkDocs built come first, as before paper pages were rendered apart.
    first = catalogue_of(seed_site).papers[0]
    assert sitemap.rindex("/topics/") < sitemap.index(f"/{first.url}</loc>")


def test_pages_outside_the_nav_render_apart_and_are_in_the_sitemap(seed_site: SiteBuild) -> None:
    site_dir, plugin = seed_site
    assert plugin.build is not None
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    apart = [view for view in plugin.build.views if not view.in_nav]
    kinds = {type(view).__name__ for view in apart}
    # Not only paper pages: the archive's days and the unsorted papers too (and author pages,
    # where the corpus names authors).
    assert {"PaperView", "DayView", "UnsortedView"} <= kinds
    for view in apart:
        assert (site_dir / view.url / "index.html").is_file()
        assert f"<loc>http://127.0.0.1:8000/{view.url}</loc>" in sitemap
    # Each page once: MkDocs built none of them.
    assert all(sitemap.count(f"/{view.url}</loc>") == 1 for view in apart)


def test_a_problem_in_a_page_a_worker_wrote_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    checked: list[str] = []
    real_check = PageChecker.check

    def check(self: PageChecker, page: str, html: str) -> None:
        checked.append(page)
        # A page that lost its <h1>: the checks see what the worker wrote.
        real_check(self, page, html.replace('<h1 id="paper-title">', "<h2>", 1))

    monkeypatch.setattr(PageChecker, "check", check)
    plugin = build_site([FIXTURES / "dumps" / "several_headings.txt"], tmp_path / "site")
    catalogue = plugin.catalogue
    assert catalogue is not None
    urls = {f"{paper.url}index.html" for paper in catalogue.papers}
    assert urls <= set(checked)
    messages = [record.getMessage() for record in caplog.records]
    for url in urls:
        assert f"{url}: 0 <h1> elements, where one is due" in messages


def test_rendered_once_renders_each_part_once_per_key() -> None:
    once = render.RenderedOnce()
    calls: list[str] = []

    def part(text: str) -> Callable[[], str]:
        def caller() -> str:
            calls.append(text)
            return f"<nav>{text}</nav>"

        return caller

    assert once("nav", "../..", caller=part("a")) == Markup("<nav>a</nav>")
    assert once("nav", "../..", caller=part("b")) == Markup("<nav>a</nav>")
    assert once("nav", "..", caller=part("c")) == Markup("<nav>c</nav>")
    assert calls == ["a", "c"]
