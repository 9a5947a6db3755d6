"""The title search a paper page links: Google Scholar, for the paper's exact title.

The corpus has few identifiers (an arXiv number at best, which the page links on its own), so
the next best thing is a search for the title, quoted where the search engine takes quotes as an
exact phrase. The page writes this one search, which works without scripts; the paper's script
(theme/assets/javascripts/paper.js) adds searches of arXiv, Semantic Scholar and Hugging Face
Papers beside it, built from the same title, so the page does not carry the title four times.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True, slots=True)
class TitleSearch:
    """A search for the paper on another site."""

    name: str
    url: str


def title_search(title: str) -> TitleSearch:
    """A search for the exact `title` on Google Scholar."""
    # Spaces as "+", as an HTML form sends them: two bytes shorter than "%20" each.
    query = urlencode({"q": f'"{title}"'})
    return TitleSearch("Google Scholar", f"https://scholar.google.com/scholar?{query}")
