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

from generator.errors import PapershelfError
from generator.export import PAPERS_JSON, papers_json
from generator.links import link_problems
from generator.model import Catalogue, build_catalogue
from generator.pages import Site, SitePage, build_site, site_pages, title_text
from generator.paper_page import paper_page
from generator.reader import read_corpus

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


class PapershelfPlugin(BasePlugin[_PluginConfig]):
    """Reads the corpus once per build and generates the paper pages and `papers.json`."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self._site: Site | None = None
        self._pages: dict[str, SitePage] = {}

    def corpus_paths(self, config: MkDocsConfig) -> list[Path]:
        """The configured corpus paths, relative ones taken from the folder of `mkdocs.yml`."""
        return [self.project_root(config) / path for path in self.config.corpus]

    @staticmethod
    def project_root(config: MkDocsConfig) -> Path:
        """The folder that holds `mkdocs.yml`, against which sources are named."""
        return Path(config.config_file_path or ".").resolve().parent

    def on_config(self, config: MkDocsConfig, /) -> MkDocsConfig | None:
        """Refuse settings under which the paper URLs would not resolve."""
        if not config.use_directory_urls:
            raise PluginError("papershelf: mkdocs.yml must keep use_directory_urls: true")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Read the corpus and add one virtual page per paper, the A–Z page and `papers.json`."""
        try:
            reading = read_corpus(self.corpus_paths(config), self.project_root(config))
            self.catalogue = with_link_problems(build_catalogue(reading))
        except PapershelfError as error:
            raise PluginError(str(error)) from None
        for problem in self.catalogue.problems:
            log.warning(str(problem))
        self._site = build_site(self.catalogue)
        self._pages = {page.src_uri: page for page in site_pages(self.catalogue)}
        _refuse_conflicts(files, [*self._pages, PAPERS_JSON], config)
        for page in self._pages.values():
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
        export = papers_json(self.catalogue, self._site.related)
        files.append(File.generated(config, PAPERS_JSON, content=export))
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Escape by default in the project's templates; MkDocs builds Jinja with autoescape off."""
        env.autoescape = _autoescape_under(TEMPLATE_FOLDER, env.autoescape)
        env.filters["paper_title"] = title_text
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
            if site_page.paper is not None:
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
            "paper_page": None,
        }
        if paper is not None and self._site is not None:
            extra["paper_page"] = paper_page(
                self._site, paper, url=page.canonical_url, site_name=config.site_name
            )
        context.update(extra)  # type: ignore[typeddict-item]
        return context

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        """Rebuild when a dump changes, as for any page of the docs."""
        for path in self.corpus_paths(config):
            if path.exists():
                server.watch(str(path))
        return server


def with_link_problems(catalogue: Catalogue) -> Catalogue:
    """The catalogue with a warning for each URL that a line break cut in an abstract."""
    return replace(catalogue, problems=catalogue.problems + link_problems(catalogue))


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
