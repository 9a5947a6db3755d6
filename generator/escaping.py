"""Strings from configuration, escaped for the theme, which prints them with autoescape off.

MkDocs renders Material's templates with Jinja's autoescape off, and Material prints the site's
name, description, author, copyright, repository name, the palette toggles' names and every nav
title as they are. A topic name `<img src=x onerror=...>` in `topics.yml` would be markup on
every page. So every such string is turned into `Markup` holding its escaped text once the
configuration is read: printed raw, it is text; printed where autoescape is on (the templates
under `theme/papershelf/`), Jinja sees that it is escaped already and leaves it. `raw_text`
gives back the text, for uses outside HTML (the feeds, which feedgen escapes itself).

No string of configuration is HTML: `&copy;` in `copyright` shows as written (write `©`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

TEXT_SETTINGS = ("site_name", "site_description", "site_author", "copyright", "repo_name")
"""Settings of `mkdocs.yml` that Material prints as they are."""


def escape_config(config: MkDocsConfig) -> None:
    """Escape, in place, every string of `config` that the theme prints without escaping."""
    for key in TEXT_SETTINGS:
        value = config.get(key)
        if isinstance(value, str):
            config[key] = Markup.escape(value)
    if config.nav is not None:
        config.nav = escape_nav(config.nav)
    palette = config.theme.get("palette")
    for option in palette if isinstance(palette, list) else [palette]:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if isinstance(toggle, dict) and isinstance(toggle.get("name"), str):
            toggle["name"] = Markup.escape(toggle["name"])


def escape_nav(nav: list[Any]) -> list[Any]:
    """The nav with every title escaped; paths, URLs and the nesting are kept."""
    escaped: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            item = {
                Markup.escape(title) if isinstance(title, str) else title: (
                    escape_nav(value) if isinstance(value, list) else value
                )
                for title, value in item.items()
            }
        escaped.append(item)
    return escaped


def raw_text(value: str) -> str:
    """The text a setting stands for: an escaped one unescaped, any other as it is."""
    return value.unescape() if isinstance(value, Markup) else value
