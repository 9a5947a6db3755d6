"""Pages outside the nav (papers, authors, the archive's days, later pages of long lists):
rendered outside MkDocs' page loop, in forked worker processes, and checked as they are written.

MkDocs builds every page in one process, and runs Markdown on each, even on a page whose
Markdown is empty, as all of the catalogue's are. The plugin hands MkDocs the pages in the nav
and renders the others itself once MkDocs has built them (`on_post_build`), through the same
plugin events, context and templates as MkDocs would (`render_page`), but without Markdown. The
workers are forked when the catalogue, the Jinja environment and the nav are ready, so they
inherit them and nothing is pickled but each slice's bounds and what its check found. Each
worker checks the pages it writes (`generator.checks.PageChecker`) while they are in memory.

Pages are written to their own files and every result comes back in slice order, so the output
does not depend on the number of workers. Where forking is not safe (a process that runs other
threads, as `papershelf serve` does) or a site is small, the pages render in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date

from generator.checks import CheckedPages, PageChecker
from generator.errors import PapershelfError, RenderError
from generator.forked import cpu_count, fork_is_safe

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

PAGES_PER_WORKER = 100
"""Below this many pages per process, forking costs more than it saves (a fork of the built
process takes some 20 ms; a hundred pages take 0.3 s to render and check)."""
SLICE_PAGES = 250
"""Pages per slice of work: small enough to even out the workers and to show progress often."""


@dataclass(frozen=True)
class PaperPages:
    """What rendering the pages outside the nav needs, set up before the workers fork."""

    config: MkDocsConfig
    env: Environment
    nav: Navigation
    doc_files: Sequence[File]
    """The documentation pages MkDocs built, as its templates see them (`pages`)."""
    src_uris: Sequence[str]
    """Their virtual sources (`papers/<xx>/<slug>/index.md`, ...), in the order of the views."""
    site_files: frozenset[str]
    """Every file of the finished site, these pages included, for the link checks."""

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)


def render_page(job: PaperPages, src_uri: str, files: Files) -> tuple[str, str]:
    """One page through MkDocs' page events and its template: its path in the site, its HTML."""
    config = job.config
    plugins = config.plugins
    file = File.generated(config, src_uri, content="")
    page = Page(None, file, config)
    config._current_page = page
    try:
        page = plugins.on_pre_page(page, config=config, files=files)
        page.markdown = plugins.on_page_markdown("", page=page, config=config, files=files)
        page.content = plugins.on_page_content("", page=page, config=config, files=files)
        page.toc = get_toc([])
        page.active = True
        context = get_context(job.nav, job.doc_files, config, page)
        template = job.env.get_template(page.meta.get("template", "main.html"))
        context = plugins.on_page_context(context, page=page, config=config, nav=job.nav)
        output = plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
        config._current_page = None
    return file.dest_uri, output


def _render_slice(job: PaperPages, start: int, stop: int) -> CheckedPages:
    """Render, write and check the pages from `start` to `stop`."""
    checker = PageChecker(job.site_files, job.config.site_url or None)
    files = Files(list(job.doc_files))
    site_dir = job.site_dir
    made: set[Path] = set()
    for src_uri in job.src_uris[start:stop]:
        try:
            dest_uri, html = render_page(job, src_uri, files)
        except PapershelfError:
            raise
        except Exception as error:  # MkDocs names the page of a failed template; so do we
            raise RenderError(f"Error building page '{src_uri}': {error}") from error
        path = site_dir / dest_uri
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))
        checker.check(dest_uri, html)
    return checker.checked


class RenderedOnce:
    """Chrome that is the same on every paper page, rendered once a build (and a worker): the
    nav and the header's palette and search box depend only on the page's depth, which every
    paper page shares (`papers/<xx>/<slug>/`). Templates call it with the part's key and a macro
    that renders it: `rendered_once("nav", base_url, caller=nav)`."""

    def __init__(self) -> None:
        self._parts: dict[tuple[str, ...], Markup] = {}

    def __call__(self, *key: str, caller: Callable[[], str]) -> Markup:
        part = self._parts.get(key)
        if part is None:
            part = self._parts[key] = Markup(caller())
        return part


_JOB: PaperPages | None = None
"""The job of the running render, which forked workers inherit."""


def _render_inherited(bounds: tuple[int, int]) -> CheckedPages:
    assert _JOB is not None, "a worker forked before the job was set"
    return _render_slice(_JOB, *bounds)


def render_papers(
    job: PaperPages,
    *,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> CheckedPages:
    """Render, write and check every paper page; what the checks found, in the site's order.

    `workers` processes share the pages (by default one per CPU, when the pages are many and
    forking is safe); `progress` is told how many pages each finished slice wrote.
    """
    global _JOB
    total = len(job.src_uris)
    if workers is None:
        workers = min(cpu_count(), total // PAGES_PER_WORKER) if fork_is_safe() else 1
    # At least two slices a worker, so that none waits long for another's last slice.
    size = max(1, min(SLICE_PAGES, -(-total // (2 * max(workers, 1)))))
    bounds = [(start, min(start + size, total)) for start in range(0, total, size)]
    checked = CheckedPages()
    if workers <= 1:
        for start, stop in bounds:
            checked.extend(_render_slice(job, start, stop))
            if progress:
                progress(stop - start)
        return checked
    _JOB = job
    # Objects the garbage collector never visits stay shared with the workers, not copied.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for (start, stop), part in zip(bounds, _in_order(pool, bounds), strict=True):
                checked.extend(part)
                if progress:
                    progress(stop - start)
    finally:
        _JOB = None
        gc.unfreeze()
    return checked


def _in_order(pool: ProcessPoolExecutor, bounds: list[tuple[int, int]]) -> Iterator[CheckedPages]:
    # map() submits every slice at once and yields the results in the order of the slices.
    yield from pool.map(_render_inherited, bounds)


@dataclass(frozen=True, slots=True)
class SitemapPage:
    """What MkDocs' sitemap template reads of a page, for a page MkDocs did not build."""

    canonical_url: str | None
    abs_url: str | None
    update_date: str
    is_link: bool = False


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """A paper page as an entry of the template's `pages`, which it reads as files."""

    page: SitemapPage


def sitemap_entries(config: MkDocsConfig, urls: Sequence[str]) -> list[SitemapEntry]:
    """Pages rendered apart, as the sitemap lists them: the fields MkDocs gives its own."""
    site_url = config.site_url or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    date = get_build_date()
    entries = []
    for url in urls:
        canonical = urljoin(site_url, url) if site_url else None
        absolute = urlsplit(canonical).path if canonical else None
        entries.append(SitemapEntry(SitemapPage(canonical, absolute, date)))
    return entries
