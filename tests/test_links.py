"""Links in abstracts: every URL shape of the seed corpus, classification and cut URLs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.links import classify, find_links, link_problems, url_spans
from generator.model import Catalogue, Link, Paper, Source
from tests.conftest import CORPUS


@pytest.mark.parametrize(
    ("text", "url"),
    [
        # Each shape that occurs in the seed corpus.
        ("Code is at https://github.com/ML-GSAI/DPT.", "https://github.com/ML-GSAI/DPT"),
        (
            "at https://github.com/THUDM/VisualAgentBench.",
            "https://github.com/THUDM/VisualAgentBench",
        ),
        ("Code: http://github.com/WangYueFt/rfs/.", "http://github.com/WangYueFt/rfs/"),
        ("https://github.com/google-research/l2p .", "https://github.com/google-research/l2p"),
        ("published at https://aka.ms/orca-lm), a 13-billion", "https://aka.ms/orca-lm"),
        ("this web site (https://omniflatten.github.io/).", "https://omniflatten.github.io/"),
        (
            "available at {blue{https://github.com/pengshuai-rin/MultiMath}}.",
            "https://github.com/pengshuai-rin/MultiMath",
        ),
        (
            "found at https://yxyang.github.io/jumping\\_cod/.",
            "https://yxyang.github.io/jumping_cod/",
        ),
        ("videos: https://youtu.be/gCuUyGETbTU (part 1)", "https://youtu.be/gCuUyGETbTU"),
        ("available at https://github.com/SpassMed/Med-Llama3 in the future.", None),
        ("Website: https://sites.google.com/view/myodex", "https://sites.google.com/view/myodex"),
        ("at https://github.com/KarelDO/xmc.dspy.", "https://github.com/KarelDO/xmc.dspy"),
        (
            "see https://github.com/tensorflow/addons/blob/master/x/lamb.py",
            "https://github.com/tensorflow/addons/blob/master/x/lamb.py",
        ),
        ("Demo: https://0nutation.github.io/SpeechGPT.github.io/.", None),
        ("weights: https://huggingface.co/McmanusChen/MCL-base.", None),
        ("Project page: http://sites.research.google/videopoet/", None),
        # Shapes the seeds do not have but that a copy produces.
        (
            "(see https://en.wikipedia.org/wiki/Foo_(bar))",
            "https://en.wikipedia.org/wiki/Foo_(bar)",
        ),
        ("[https://x.io/a]", "https://x.io/a"),
        ('"https://x.io/a"', "https://x.io/a"),
        ("HTTPS://X.IO/a!", "HTTPS://X.IO/a"),
        ("at https://x.io/a?b=1&c=2;", "https://x.io/a?b=1&c=2"),
    ],
)
def test_url_is_trimmed_of_what_follows_it(text: str, url: str | None) -> None:
    expected = url or re.search(r"https?://\S+", text).group().rstrip(".")  # type: ignore[union-attr]
    assert [link.url for link in find_links(text)] == [expected]


def test_every_url_in_the_seed_corpus_is_linked_or_reported() -> None:
    paths = sorted(CORPUS.glob("*.txt"))
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    found = cut = 0
    for line in lines:
        for span in url_spans(line):
            if span.link is None:
                cut += 1
                continue
            found += 1
            url = span.link.url
            assert url.startswith(("http://", "https://"))
            assert url[-1] not in ".,;:)}]'\"", url
            assert url.count("(") == url.count(")"), url
            assert "\\" not in url and "{" not in url and "}" not in url
    assert found == line_count_of_urls(lines) - cut
    assert cut == 1, "the seeds hold one URL cut by a line break"


def line_count_of_urls(lines: list[str]) -> int:
    return sum(len(re.findall(r"https?://", line)) for line in lines)


@pytest.mark.parametrize(
    "text",
    [
        "Code is available at: https://github.com/xo28/efficient- NLP-multistage-training",
        "Code: https://github.com/a/b_ c.",
        "Videos: https://youtu",
        "Code: https:// github.com/a/b",
        "Page: https://x.github.io/proj continues/index.html",
        "Page: https://x.github.io/proj page_two",
    ],
)
def test_urls_cut_by_a_line_break_are_not_linked(text: str) -> None:
    assert find_links(text) == ()
    assert any(span.cut for span in url_spans(text)) or "https:// " in text


def test_a_url_followed_by_prose_is_whole() -> None:
    text = "at https://github.com/a/b in the future and https://x.io/ for videos"
    assert [link.url for link in find_links(text)] == ["https://github.com/a/b", "https://x.io/"]


@pytest.mark.parametrize(
    "text",
    ["ftp://x.io/file", "javascript:alert(1)", "file:///etc/passwd", "mailto:a@b.c", "www.x.io"],
)
def test_only_http_and_https_are_links(text: str) -> None:
    assert find_links(f"See {text} now.") == ()


def test_links_are_listed_once_in_order() -> None:
    text = "https://b.io/ then https://a.io/ and https://b.io/ again"
    assert [link.url for link in find_links(text)] == ["https://b.io/", "https://a.io/"]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://github.com/a/b", "code"),
        ("https://gist.github.com/a/1", "code"),
        ("https://gitlab.com/a/b", "code"),
        ("https://bitbucket.org/a/b", "code"),
        ("https://huggingface.co/McmanusChen/MCL-base", "code"),
        ("https://www.youtube.com/watch?v=x", "video"),
        ("https://youtu.be/gCuUyGETbTU", "video"),
        ("https://vimeo.com/1", "video"),
        ("https://www.bilibili.com/video/BV1", "video"),
        ("https://omniflatten.github.io/", "project"),
        ("https://sites.google.com/view/myodex", "project"),
        ("https://hnuzhy.github.io/projects/YOTO", "project"),
        ("https://notgithub.com/a/b", "project"),
        ("https://github.com.evil.io/a", "project"),
    ],
)
def test_links_are_classified_by_host(url: str, kind: str) -> None:
    assert classify(url) == kind
    assert Link(url, classify(url)).kind == kind


def test_host_label_drops_www() -> None:
    assert Link("https://www.youtube.com/watch?v=x", "video").host == "youtube.com"


def test_cut_urls_are_reported_at_the_papers_first_source() -> None:
    paper = Paper(
        "efficient",
        "Efficient",
        "Code is available at: https://github.com/xo28/efficient- NLP-multistage-training",
        None,
        (Source("corpus/a.txt", 12), Source("corpus/b.txt", 3)),
    )
    whole = Paper("whole", "Whole", "Code at https://github.com/a/b.", None, (Source("b.txt", 1),))
    warnings, problems = link_problems(Catalogue((paper, whole), (), (), ()))
    assert warnings == ()
    assert [str(problem) for problem in problems] == [
        "corpus/a.txt:12: the abstract's URL https://github.com/xo28/efficient- looks cut by a "
        "line break; shown as text, not linked"
    ]


@pytest.mark.parametrize(
    "url", ["https://[anonymized]", "http://[::1", "https://[anonymized]/code", "http://[x]:80/"]
)
def test_a_url_that_cannot_be_parsed_is_text_and_a_warning(url: str) -> None:
    abstract = f"Code will be at {url}. We study things."
    (span,) = url_spans(abstract)
    assert span.malformed and not span.cut and span.link is None
    assert abstract[span.start : span.end] == url
    assert find_links(abstract) == ()
    paper = Paper("p", "P", abstract, None, (Source("corpus/a.txt", 7),))
    warnings, notes = link_problems(Catalogue((paper,), (), (), ()))
    assert [str(w) for w in warnings] == [
        f"corpus/a.txt:7: the abstract's URL {url} is not a valid URL; shown as text"
    ]
    assert notes == ()


@settings(max_examples=300, deadline=None)
@given(
    st.text()
    | st.lists(
        st.sampled_from(["http://", "https://", "[", "]", ":", "/", ".", " ", "a", "1", "%", "-"])
        | st.text(max_size=3)
    ).map("".join)
)
def test_no_text_makes_the_link_finder_raise(text: str) -> None:
    """Whatever an abstract holds, its URLs are found, classified and shown without an error."""
    for span in url_spans(text):
        assert 0 <= span.start < span.end <= len(text)
        if span.link is not None:
            assert span.link.host == span.link.host.strip()
            assert classify(span.link.url) == span.link.kind
    find_links.cache_clear()
    assert all(link.url.lower().startswith("http") for link in find_links(text))
    paper = Paper("p", "P", text, None, (Source("a.txt", 1),))
    link_problems(Catalogue((paper,), (), (), ()))
