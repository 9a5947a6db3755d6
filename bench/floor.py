"""MkDocs hooks for the floor build: N minimal generated pages, out of the nav, and nothing else.

`bench.run` writes a `mkdocs.yml` with the site's theme and nav, lists this file under `hooks:`
and sets `extra.floor_pages`; these hooks then add that many one-paragraph pages at
`papers/pNNNNNN/`, as the catalogue adds its paper pages. The floor is what the theme costs for
that many pages: the least a build of the catalogue can take.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.structure.files import File, Files, InclusionLevel

from generator import urls

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PAGES_KEY = "floor_pages"
"""The `extra` setting that tells how many pages to generate."""

PARAGRAPH = (
    "This page stands for one paper of the catalogue. It has a title and one paragraph of "
    "text about as long as a short abstract, so that the theme renders a page of the usual "
    "size: the header, the navigation, the footer and this content, and nothing else. The "
    "build reads no corpus and computes nothing for it; whatever time it takes is the time "
    "that the static site generator and its theme need for one page of a site this large."
)


def floor_src_uri(index: int) -> str:
    """The virtual source file of the `index`-th floor page."""
    return urls.src_uri(urls.paper_url(f"p{index:06d}"))


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    """Add `extra.floor_pages` generated pages, not in the nav."""
    count = int(config.extra.get(PAGES_KEY, 0))
    for index in range(count):
        content = f"# Paper {index}\n\n{PARAGRAPH}\n"
        files.append(
            File.generated(
                config, floor_src_uri(index), content=content, inclusion=InclusionLevel.NOT_IN_NAV
            )
        )
    return files
