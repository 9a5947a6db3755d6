"""The MkDocs plugin: glue that reads the corpus and adds the catalogue's pages to a build."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler, get_build_datetime

from generator import progress, site_folder, urls
from generator.checks import CheckedPages, check_site, files_of
from generator.csp import allow_live_reload, with_policy
from generator.errors import PapershelfError
from generator.escaping import escape_config, raw_text
from generator.export import PAPERS_JSON, part_name, write_papers_json
from generator.feeds import FeedSite, topic_feed_path
from generator.model import Catalogue
from generator.pages import PageMeta, snippet, title_text
from generator.pipeline import Build, Sources, build_site, load_topics
from generator.render import PaperPages, RenderedOnce, render_papers, sitemap_entries
from generator.search import lunr_js_path
from generator.search_files import LUNR_JS
from generator.sitemap import split_sitemap
from generator.topics import Taxonomy
from generator.views import View
from generator.whitespace import collapse_whitespace

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.papershelf")

TEMPLATE_FOLDER = "papershelf/"
"""Templates under this folder render corpus text, so Jinja escapes everything they print."""


class _PluginConfig(base.Config):
    corpus = c.ListOfItems(c.Type(str), default=["corpus"])
    taxonomy = c.Type(str, default="topics.yml")
    topic_overrides = c.Type(str, default="topic-overrides.yml")


class PapershelfPlugin(BasePlugin[_PluginConfig]):
    """Glue between the build pipeline (`generator.pipeline`) and MkDocs' build events.

    The hooks run in this order: `on_config` (nav, site folder), `on_files` (the whole
    pipeline), `on_page_markdown` and `on_page_context` (per generated page), `on_post_build`
    (papers.json, the site checks, then the new site swapped in); `on_build_error` cleans up a
    build that failed. (No `on_shutdown`: MkDocs would then keep one instance for every build
    of the process.)
    """

    live_reload = False
    """Under `papershelf serve`: the server adds an inline script to every page it serves."""

    def __init__(self) -> None:
        self.taxonomy: Taxonomy | None = None
        self.build: Build | None = None
        self.site_dir: Path | None = None
        """Where the site goes once it is built; MkDocs writes into a staging folder beside it."""
        self._staging: Path | None = None
        self.site_problems = 0
        """How many problems the site checks found in the last build, each a warning."""
        self._views: dict[str, View] = {}
        self._apart: list[View] = []
        """Pages outside the nav (paper, author, listing pages after the first): the plugin
        renders them after MkDocs' build, in forked workers (generator/render.py)."""
        self._nav: Navigation | None = None
        self._env: Environment | None = None
        self._files: Files | None = None

    @property
    def catalogue(self) -> Catalogue | None:
        """The catalogue the last build read."""
        return self.build.site.catalogue if self.build else None

    def sources(self, config: MkDocsConfig) -> Sources:
        """The corpus and taxonomy files, relative ones taken from the folder of `mkdocs.yml`."""
        root = Path(config.config_file_path or ".").resolve().parent
        return Sources(
            root=root,
            corpus=tuple(root / path for path in self.config.corpus),
            taxonomy=root / self.config.taxonomy,
            overrides=root / self.config.topic_overrides,
        )

    # Build events, in the order MkDocs calls them ---------------------------------------------

    def on_config(self, config: MkDocsConfig, /) -> MkDocsConfig | None:
        """Refuse a config under which paper URLs would not resolve or a site folder that is not
        ours to replace; list the topics in the nav; build into a staging folder."""
        if not config.use_directory_urls:
            raise PluginError("papershelf: mkdocs.yml must keep use_directory_urls: true")
        try:
            self.taxonomy = load_topics(self.sources(config))
            site_dir = Path(config.site_dir)
            site_folder.refuse_unsafe(
                site_dir, self._protected(config), shown=self.sources(config).shown(site_dir)
            )
        except PapershelfError as error:
            raise PluginError(str(error)) from None
        if config.nav is not None:
            config.nav = _with_topics(config.nav, self.taxonomy)
        escape_config(config)  # topic names in the nav, the site's name: text, never markup
        self.site_dir = site_dir
        self._staging = site_folder.staging_folder(site_dir)
        config.site_dir = str(self._staging)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Run the pipeline and add its pages and files to the build."""
        assert self.taxonomy is not None
        try:
            build = build_site(
                self.sources(config),
                self.taxonomy,
                _feed_site(config),
                get_build_datetime(),
                site_dir=Path(config.site_dir),
            )
        except PapershelfError as error:
            raise PluginError(str(error)) from None
        catalogue = build.site.catalogue
        for problem in catalogue.problems:
            log.warning(str(problem))
        for note in catalogue.notes:
            log.info(f"note: {note}")
        self.build = build
        self._views = {view.src_uri: view for view in build.views}
        reserved = [LUNR_JS, PAPERS_JSON, part_name(1)]
        generated = [*build.files, *build.written]
        _refuse_conflicts(files, [*self._views, *generated, *reserved], config)
        # MkDocs builds the nav's pages; the others, most of the site, render apart, in the
        # workers, which MkDocs' page loop (one process, Markdown on every page) is not.
        self._apart = [view for view in build.views if not view.in_nav]
        for view in build.views:
            if view.in_nav:
                files.append(File.generated(config, view.src_uri, content=""))
        for src_uri, content in build.files.items():
            files.append(File.generated(config, src_uri, content=content))
        # Written into the site folder already: MkDocs' copy of a file onto itself is skipped.
        site_dir = Path(config.site_dir)
        for src_uri in build.written:
            files.append(File.generated(config, src_uri, abs_src_path=str(site_dir / src_uri)))
        files.append(File.generated(config, LUNR_JS, abs_src_path=str(lunr_js_path())))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        """Keep the nav, which paper pages render with."""
        self._nav = nav

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Escape by default in the project's templates; MkDocs builds Jinja with autoescape off."""
        self._env, self._files = env, files
        progress.current().stage("rendering the home and the pages in the nav")
        env.autoescape = _autoescape_under(TEMPLATE_FOLDER, env.autoescape)
        env.filters["paper_title"] = title_text
        env.filters["snippet"] = snippet
        env.filters["topic_feed"] = topic_feed_path
        env.filters["count"] = count_of
        env.filters["number"] = number_of
        env.globals["rendered_once"] = RenderedOnce()
        # JSON printed into pages (the theme's configuration, the palette's options) without
        # the spaces after separators that Jinja's tojson writes by default.
        env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Give a generated page its template, and a title and description escaped for HTML."""
        view = self._views.get(page.file.src_uri)
        if view is not None:
            page.meta["template"] = view.template
            # The theme prints these into <title> and <meta> with autoescape off.
            page.meta["title"] = Markup.escape(view.title)
            page.meta["description"] = Markup.escape(view.description())
            if view.hide_toc:
                page.meta["hide"] = ["toc"]
        return markdown

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Hand the templates the site, and what the page's view adds."""
        assert self.build is not None
        extra: dict[str, object] = {"papershelf": self.build.site, "paper": None}
        view = self._views.get(page.file.src_uri)
        if view is not None:
            description = str(page.meta["description"].unescape())
            meta = PageMeta(page.canonical_url, raw_text(config.site_name), description)
            extra.update(view.context(self.build.site, meta))
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Collapse the templates' indentation (generator/whitespace.py), and write the page's
        Content-Security-Policy, which lists its inline scripts' hashes."""
        output = collapse_whitespace(output)
        try:
            return with_policy(output, page.file.dest_uri, live_reload=self.live_reload)
        except PapershelfError as error:
            raise PluginError(str(error)) from None

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """The same for pages built from a theme template alone: `404.html`."""
        if not template_name.endswith(".html"):
            return output_content
        try:
            return with_policy(output_content, template_name, live_reload=self.live_reload)
        except PapershelfError as error:
            raise PluginError(str(error)) from None

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        """List the pages rendered apart in the sitemap, after the pages MkDocs built."""
        if template_name == "sitemap.xml" and self._apart:
            urls_ = [view.url for view in self._apart]
            context["pages"] = [*context["pages"], *sitemap_entries(config, urls_)]  # type: ignore[list-item]
        return context

    @event_priority(-100)  # last, after any other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write `papers.json`, check the built site, and put it in place of the last one."""
        if self.build is None or self._staging is None or self.site_dir is None:
            return
        site = self.build.site
        write_papers_json(self._staging, site.catalogue, site.related)
        checked = self._render_papers(config)
        split_sitemap(self._staging, config.site_url)  # a large one: an index of gzipped parts
        progress.current().stage("checking the site")
        papers = [paper.url for paper in site.catalogue.papers]
        problems = check_site(self._staging, papers, site_url=config.site_url, checked=checked)
        self.site_problems = len(problems)
        for problem in problems:
            log.warning(str(problem))
        # Under strict, MkDocs aborts after this hook when anything was warned: keep the old site.
        if config.strict and _warnings_logged():
            return
        site_folder.publish(self._staging, self.site_dir)
        self._staging = None
        config.site_dir = str(self.site_dir)

    def on_build_error(self, *, error: Exception) -> None:
        """Remove the staging folder of a failed build; the last good site stays."""
        self.discard_staging()

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        """Rebuild when a dump or the taxonomy changes, as for any page of the docs; let the
        preview server's live-reload script run."""
        # MkDocs calls this after the first build, on that build's plugin only, and makes a
        # new plugin for each rebuild: the class notes that pages are previewed from now on,
        # and the pages built already have their policies relaxed.
        PapershelfPlugin.live_reload = True
        allow_live_reload(Path(config.site_dir))
        sources = self.sources(config)
        for path in [*sources.corpus, sources.taxonomy, sources.overrides]:
            if path.exists():
                server.watch(str(path))
        return server

    # Helpers ----------------------------------------------------------------------------------

    def _render_papers(self, config: MkDocsConfig) -> CheckedPages:
        """Render, write and check the pages outside the nav (generator/render.py)."""
        assert self._staging is not None and self._nav is not None
        assert self._env is not None and self._files is not None
        doc_files = self._files.documentation_pages()
        src_uris = [view.src_uri for view in self._apart]
        pages = {f"{view.url}index.html" for view in self._apart}
        site_files = files_of(self._staging) | pages
        job = PaperPages(config, self._env, self._nav, doc_files, src_uris, site_files)
        reporter = progress.current()
        reporter.start_pages(len(src_uris))
        try:
            return render_papers(job, progress=reporter.advance)
        except PapershelfError as error:
            raise PluginError(str(error)) from None

    def discard_staging(self) -> None:
        """Remove the staging folder of a build that did not finish; MkDocs calls no hook when
        a build is interrupted (Ctrl-C), so `papershelf build` calls this itself."""
        if self._staging is not None:
            site_folder.discard(self._staging)
            self._staging = None

    def _protected(self, config: MkDocsConfig) -> list[site_folder.Source]:
        """What a site folder may not be, hold or lie in: the project's own sources."""
        sources = self.sources(config)
        protected = [site_folder.Source(path, "corpus") for path in sources.corpus]
        protected += [
            site_folder.Source(Path(config.docs_dir), "docs folder"),
            site_folder.Source(sources.taxonomy, "taxonomy file"),
            site_folder.Source(sources.overrides, "topic overrides file"),
        ]
        if config.config_file_path:
            protected.append(site_folder.Source(Path(config.config_file_path), "config file"))
        custom_dir = getattr(config.theme, "custom_dir", None)
        if custom_dir:
            protected.append(site_folder.Source(Path(custom_dir), "theme folder"))
        return protected


def _feed_site(config: MkDocsConfig) -> FeedSite:
    """What the feeds say of the site, from `mkdocs.yml`."""
    site_url = config.site_url or None
    language = str(config.theme.get("language") or "en")
    description = raw_text(config.site_description or "")
    return FeedSite(raw_text(config.site_name), description, site_url, language)


def _with_topics(nav: list[Any], taxonomy: Taxonomy) -> list[Any]:
    """The nav with its `topics/index.md` entry grown into a section of every topic page."""
    topics_index = urls.src_uri(urls.TOPICS_URL)
    expanded: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value == topics_index:
                children = [{"Overview": topics_index}]
                children += [{topic.name: urls.src_uri(topic.url)} for topic in taxonomy.topics]
                item = {title: children}
            elif isinstance(value, list):
                item = {title: _with_topics(value, taxonomy)}
        expanded.append(item)
    return expanded


def _refuse_conflicts(files: Files, src_uris: list[str], config: MkDocsConfig) -> None:
    for src_uri in src_uris:
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(
                f"{Path(config.docs_dir).name}/{src_uri}: the catalogue generates this file; "
                "rename or remove the hand-written one"
            )


def _autoescape_under(folder: str, default: Any) -> Callable[[str | None], bool]:
    def autoescape(name: str | None) -> bool:
        if name is not None and name.startswith(folder):
            return True
        return bool(default(name) if callable(default) else default)

    return autoescape


def _warnings_logged() -> bool:
    """Whether MkDocs' strict mode has counted a warning in this build so far."""
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, CountHandler) and h.get_counts() for h in handlers)


def count_of(number: int, noun: str) -> str:
    """`1 paper`, `8,898 authors`: a count with its noun, for the templates."""
    return f"{number} {noun}" if number == 1 else f"{number_of(number)} {noun}s"


def number_of(number: int) -> str:
    """A count as readers write it: `8,898`."""
    return f"{number:,}"
