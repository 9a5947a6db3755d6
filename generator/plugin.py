"""The MkDocs plugin: glue that reads the corpus and adds the catalogue's pages to a build."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_build_datetime

from generator.bibtex import bibtex_entries
from generator.corpus import display_path, read_corpus
from generator.errors import PapershelfError
from generator.escaping import escape_config, raw_text
from generator.export import PAPERS_JSON, TOPICS_JSON, topics_json, write_papers_json
from generator.feeds import (
    EMPTY_SITEMAP,
    FEEDS_SITEMAP,
    FeedSite,
    build_feeds,
    topic_feed_path,
)
from generator.links import link_problems
from generator.model import Catalogue, build_catalogue
from generator.pages import (
    TOPICS_INDEX_URI,
    Site,
    SitePage,
    build_site,
    site_pages,
    title_text,
    topic_src_uri,
)
from generator.paper_page import paper_page
from generator.search import LUNR_JS, build_search, lunr_js_path
from generator.topics import Taxonomy, assign_topics, load_overrides, load_taxonomy

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
    """Reads the corpus once per build and generates the paper pages and `papers.json`."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.taxonomy: Taxonomy | None = None
        self._site: Site | None = None
        self._pages: dict[str, SitePage] = {}
        self._bibtex: dict[str, str] = {}

    def corpus_paths(self, config: MkDocsConfig) -> list[Path]:
        """The configured corpus paths, relative ones taken from the folder of `mkdocs.yml`."""
        return [self.project_root(config) / path for path in self.config.corpus]

    @staticmethod
    def project_root(config: MkDocsConfig) -> Path:
        """The folder that holds `mkdocs.yml`, against which sources are named."""
        return Path(config.config_file_path or ".").resolve().parent

    def taxonomy_paths(self, config: MkDocsConfig) -> list[Path]:
        """The taxonomy file and the overrides file, relative ones taken as for the corpus."""
        root = self.project_root(config)
        return [root / self.config.taxonomy, root / self.config.topic_overrides]

    def taxonomy_of(self, config: MkDocsConfig) -> Taxonomy:
        """The taxonomy file, read once per build: `on_config` needs it for the nav."""
        if self.taxonomy is None:
            path = self.taxonomy_paths(config)[0]
            self.taxonomy = load_taxonomy(path, display_path(path, self.project_root(config)))
        return self.taxonomy

    def load_catalogue(self, config: MkDocsConfig) -> Catalogue:
        """Read the corpus, model it and file every paper under its topics."""
        root = self.project_root(config)
        taxonomy = self.taxonomy_of(config)
        overrides_path = self.taxonomy_paths(config)[1]
        overrides = load_overrides(overrides_path, display_path(overrides_path, root), taxonomy)
        known_topics = {topic.slug for topic in taxonomy.topics}
        catalogue = build_catalogue(read_corpus(self.corpus_paths(config), root, known_topics))
        catalogue = assign_topics(catalogue, taxonomy, overrides)
        warnings, notes = link_problems(catalogue)
        return replace(
            catalogue, problems=catalogue.problems + warnings, notes=catalogue.notes + notes
        )

    def on_config(self, config: MkDocsConfig, /) -> MkDocsConfig | None:
        """Refuse settings under which the paper URLs would not resolve; list topics in the nav."""
        if not config.use_directory_urls:
            raise PluginError("papershelf: mkdocs.yml must keep use_directory_urls: true")
        self.taxonomy = None  # a rebuild reads the file afresh
        try:
            taxonomy = self.taxonomy_of(config)
        except PapershelfError as error:
            raise PluginError(str(error)) from None
        if config.nav is not None:
            config.nav = _with_topics(config.nav, taxonomy)
        escape_config(config)  # topic names in the nav, the site's name: text, never markup
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Read the corpus and add the paper, topic and A–Z pages, the JSON exports and the
        search index."""
        try:
            self.catalogue = self.load_catalogue(config)
        except PapershelfError as error:
            raise PluginError(str(error)) from None
        for problem in self.catalogue.problems:
            log.warning(str(problem))
        for note in self.catalogue.notes:
            log.info(f"note: {note}")
        self._site = build_site(self.catalogue)
        self._pages = {page.src_uri: page for page in site_pages(self._site)}
        # papers.json holds every abstract: it is written in on_post_build, a paper at a time,
        # rather than held here as one more copy of the corpus text.
        exports = {TOPICS_JSON: topics_json(self._site.topics)}
        # The index is built from the finished catalogue: papers filed under their topics.
        try:
            search, lunr_js = build_search(self.catalogue), lunr_js_path()
        except PapershelfError as error:
            raise PluginError(str(error)) from None
        exports.update(search.files())
        feeds: dict[str, str | bytes] = {FEEDS_SITEMAP: EMPTY_SITEMAP}
        feeds.update(build_feeds(self.catalogue, _feed_site(config), get_build_datetime()))
        self._bibtex = bibtex_entries(self.catalogue.papers)
        generated = [*self._pages, *exports, *feeds, LUNR_JS, PAPERS_JSON]
        _refuse_conflicts(files, generated, config)
        for page in self._pages.values():
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
        for src_uri, content in exports.items():
            files.append(File.generated(config, src_uri, content=content))
        for src_uri, feed in feeds.items():
            files.append(File.generated(config, src_uri, content=feed))
        files.append(File.generated(config, LUNR_JS, abs_src_path=str(lunr_js)))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write `papers.json` into the built site."""
        if self.catalogue is None or self._site is None:
            return
        path = Path(config.site_dir) / PAPERS_JSON
        with path.open("w", encoding="utf-8", newline="\n") as out:
            write_papers_json(out, self.catalogue, self._site.related)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Escape by default in the project's templates; MkDocs builds Jinja with autoescape off."""
        env.autoescape = _autoescape_under(TEMPLATE_FOLDER, env.autoescape)
        env.filters["paper_title"] = title_text
        env.filters["topic_feed"] = topic_feed_path
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Give a generated page its template, and a title and description escaped for HTML."""
        site_page = self._pages.get(page.file.src_uri)
        if site_page is not None:
            page.meta["template"] = site_page.template
            # The theme prints these into <title> and <meta> with autoescape off.
            page.meta["title"] = Markup.escape(site_page.title)
            page.meta["description"] = Markup.escape(site_page.description)
            if site_page.paper is not None or site_page.listing is not None:
                page.meta["hide"] = ["toc"]
        return markdown

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Hand the templates the catalogue, and the paper on a paper page."""
        site_page = self._pages.get(page.file.src_uri)
        paper = site_page.paper if site_page is not None else None
        extra: dict[str, object] = {
            "papershelf": self._site,
            "paper": paper,
            "listing": site_page.listing if site_page is not None else None,
            "paper_page": None,
            "bibtex": self._bibtex.get(paper.slug) if paper is not None else None,
        }
        if paper is not None and self._site is not None:
            extra["paper_page"] = paper_page(
                self._site, paper, url=page.canonical_url, site_name=raw_text(config.site_name)
            )
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        """Rebuild when a dump or the taxonomy changes, as for any page of the docs."""
        for path in [*self.corpus_paths(config), *self.taxonomy_paths(config)]:
            if path.exists():
                server.watch(str(path))
        return server


def _feed_site(config: MkDocsConfig) -> FeedSite:
    """What the feeds say of the site, from `mkdocs.yml`."""
    site_url = config.site_url or None
    language = str(config.theme.get("language") or "en")
    description = raw_text(config.site_description or "")
    return FeedSite(raw_text(config.site_name), description, site_url, language)


def _with_topics(nav: list[Any], taxonomy: Taxonomy) -> list[Any]:
    """The nav with its `topics/index.md` entry grown into a section of every topic page."""
    expanded: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, value),) = item.items()
            if value == TOPICS_INDEX_URI:
                children = [{"Overview": TOPICS_INDEX_URI}]
                children += [{topic.name: topic_src_uri(topic)} for topic in taxonomy.topics]
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
