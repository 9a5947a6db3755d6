"""Title searches: links that search other catalogues for a paper's exact title.

The corpus has no identifiers (no arXiv number, no DOI), so the next best thing is a search for
the title, quoted where the search engine takes quotes as an exact phrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True, slots=True)
class TitleSearch:
    """A search for the paper on another site."""

    name: str
    url: str


def title_searches(title: str) -> tuple[TitleSearch, ...]:
    """Searches for `title` on arXiv, Semantic Scholar, Google Scholar and Hugging Face Papers."""

    def query(**params: str) -> str:
        # Spaces as "+", as an HTML form sends them and every one of these sites reads them:
        # two bytes shorter than "%20" for every space of the title, in four links a page.
        return urlencode(params)

    phrase = f'"{title}"'
    return (
        TitleSearch("arXiv", f"https://arxiv.org/search/?{query(query=title, searchtype='title')}"),
        TitleSearch("Semantic Scholar", f"https://www.semanticscholar.org/search?{query(q=title)}"),
        TitleSearch("Google Scholar", f"https://scholar.google.com/scholar?{query(q=phrase)}"),
        TitleSearch("Hugging Face Papers", f"https://huggingface.co/papers?{query(q=title)}"),
    )
