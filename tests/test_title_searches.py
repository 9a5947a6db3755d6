"""The look-up a page writes: Google Scholar's search for the exact title, properly encoded."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from generator.title_searches import title_search

TITLE = 'M^3GPT: C++ & C# at 50% </script> "quoted" #1?'


def test_a_search_for_the_exact_title() -> None:
    search = title_search(TITLE)
    assert search.name == "Google Scholar"
    url = urlsplit(search.url)
    assert (url.scheme, url.netloc, url.path) == ("https", "scholar.google.com", "/scholar")
    assert parse_qs(url.query) == {"q": [f'"{TITLE}"']}


def test_the_url_carries_no_raw_special_characters() -> None:
    url = urlsplit(title_search(TITLE).url)
    assert not set(url.query) & set(' <>"#'), url.query
    # "+" stands for a space, as in a form's query; the title's own "+" is encoded.
    assert "%26" in url.query and "%23" in url.query and "C%2B%2B+%26+C" in url.query
    assert url.fragment == ""
