"""Look-ups elsewhere: searches for the exact title, properly encoded."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from generator.title_searches import title_searches

TITLE = 'M^3GPT: C++ & C# at 50% </script> "quoted" #1?'


def test_four_searches_for_the_exact_title() -> None:
    found = {search.name: urlsplit(search.url) for search in title_searches(TITLE)}
    assert list(found) == ["arXiv", "Semantic Scholar", "Google Scholar", "Hugging Face Papers"]
    arxiv = found["arXiv"]
    assert (arxiv.scheme, arxiv.netloc, arxiv.path) == ("https", "arxiv.org", "/search/")
    assert parse_qs(arxiv.query) == {"query": [TITLE], "searchtype": ["title"]}
    assert parse_qs(found["Semantic Scholar"].query) == {"q": [TITLE]}
    assert found["Semantic Scholar"].netloc == "www.semanticscholar.org"
    assert parse_qs(found["Google Scholar"].query) == {"q": [f'"{TITLE}"']}
    assert found["Google Scholar"].path == "/scholar"
    assert parse_qs(found["Hugging Face Papers"].query) == {"q": [TITLE]}
    assert found["Hugging Face Papers"].path == "/papers"


def test_urls_carry_no_raw_special_characters() -> None:
    for search in title_searches(TITLE):
        query = urlsplit(search.url).query
        assert not set(query) & set(' <>"#'), search.url
        # "+" stands for a space, as in a form's query; the title's own "+" is encoded.
        assert "%26" in query and "%23" in query and "C%2B%2B+%26+C" in query
        assert urlsplit(search.url).fragment == ""
