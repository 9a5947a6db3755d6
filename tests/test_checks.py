"""The checks on a built site: each one passes a whole site and names the page of a broken one."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs.config import load_config

from generator import checks
from generator.checks import Budgets, SiteProblem, check_site, read_page
from generator.csp import source_hash
from generator.plugin import PapershelfPlugin
from generator.text import segments
from tests.conftest import REPO

SITE_URL = "https://owner.github.io/repo/"
PAPERS = ["papers/a/", "papers/b/"]

STYLE = "p { margin: 0 }"
POLICY = f"default-src 'self'; style-src 'self' {source_hash(STYLE)}"
"""A policy that lets the pages' files and one inline style apply."""

PAGE = """<!doctype html>
<html lang="en">
  <head><meta http-equiv="Content-Security-Policy" content="{policy}">
    <meta charset="utf-8">
    <title>{title}</title>
    <link rel="canonical" href="{canonical}">
    <link rel="stylesheet" href="{root}assets/site.css">
  </head>
  <body>
    <header><a href="{root}">Home</a> <a href="{root}papers/">All papers</a></header>
    <svg viewBox="0 0 1 1"><path d="M0 0h1v1z"/></svg>
    <h1 id="top">{title}</h1>
    {body}
    <script src="{root}assets/site.js"></script>
  </body>
</html>
"""


def _page(url: str, body: str = "", title: str = "A page") -> str:
    root = "../" * url.count("/")
    return PAGE.format(title=title, canonical=SITE_URL + url, root=root, body=body, policy=POLICY)


def _sitemap(urls: list[str]) -> str:
    entries = "".join(f"<url><loc>{SITE_URL}{url}</loc></url>" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )


def _site(tmp_path: Path, **changes: str) -> Path:
    """A small site that passes every gate, with files replaced or added by `changes`.

    Keys are paths with `/` written `__` (`papers__a__index_html` is `papers/a/index.html`).
    """
    files = {
        "index.html": _page("", '<p><a href="papers/b/#top">B</a></p>', "Home"),
        "papers/index.html": _page("papers/", '<a href="a/">A</a> <a href="b/">B</a>'),
        "papers/a/index.html": _page("papers/a/", '<h2 id="abstract">Abstract</h2>'),
        "papers/b/index.html": _page("papers/b/", '<a href="../..">Home</a>'),
        "assets/site.css": "body { margin: 0 }",
        "assets/site.js": "",
        "sitemap.xml": _sitemap(["", "papers/", *PAPERS]),
    }
    for key, content in changes.items():
        files[key.replace("__", "/").replace("_html", ".html").replace("_xml", ".xml")] = content
    site = tmp_path / "site"
    for path, content in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(content, encoding="utf-8")
    return site


def _problems(
    site: Path, budgets: Budgets | None = None, site_url: str | None = SITE_URL
) -> list[str]:
    budgets = budgets or Budgets()
    return [str(p) for p in check_site(site, PAPERS, site_url=site_url, budgets=budgets)]


def test_a_whole_site_passes(tmp_path: Path) -> None:
    assert _problems(_site(tmp_path)) == []


def test_a_problem_is_one_line_naming_the_file() -> None:
    problem = SiteProblem("papers/a/index.html", "2 <h1> elements, where one is due")
    assert str(problem) == "papers/a/index.html: 2 <h1> elements, where one is due"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('<a href="../missing/">x</a>', "<a href='../missing/'>: no papers/missing/index.html"),
        ('<img src="../../assets/gone.png" alt="">', "<img src='../../assets/gone.png'>: no "),
        ('<img srcset="../../assets/x.png 2x" alt="">', "<img srcset='../../assets/x.png'>: no "),
        ('<a href="/papers/b/">x</a>', "<a href='/papers/b/'>: root-absolute"),
        ('<a href="../../../other/">x</a>', "<a href='../../../other/'>: leads out of the site"),
        ('<a href="javascript:alert(1)">x</a>', "<a href='javascript:alert(1)'>: a script URL"),
        ('<a href=" JavaScript:void(0)">x</a>', "a script URL"),
        (f'<a href="{SITE_URL}papers/c/">x</a>', f"<a href='{SITE_URL}papers/c/'>: no papers/c/"),
        ('<a href="#nowhere">x</a>', "link '#nowhere': papers/a/index.html has no id 'nowhere'"),
        ('<a href="../b/#top2">x</a>', "link '../b/#top2': papers/b/index.html has no id 'top2'"),
    ],
)
def test_a_link_that_does_not_resolve_is_named(tmp_path: Path, body: str, problem: str) -> None:
    site = _site(tmp_path, papers__a__index_html=_page("papers/a/", body))
    problems = _problems(site)
    assert len(problems) == 1
    assert problems[0].startswith("papers/a/index.html: ")
    assert problem in problems[0]


def test_broken_stylesheet_and_script_in_the_head_are_named(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "assets" / "site.css").unlink()
    (site / "assets" / "site.js").unlink()
    problems = _problems(site)
    assert len(problems) == 2 * 4
    assert "papers/b/index.html: <link href='../../assets/site.css'>: no assets/site.css" in (
        "\n".join(problems)
    )
    assert "index.html: <script src='assets/site.js'>: no assets/site.js in the site" in problems


def test_links_that_do_resolve_pass(tmp_path: Path) -> None:
    body = (
        '<a href="https://example.org/x">external</a> <a href="mailto:a@example.org">mail</a>'
        '<a href="../b">folder, no slash</a> <a href="../b/index.html#top">file and id</a>'
        f'<a href="{SITE_URL}papers/b/">canonical form</a> <a href="">this page</a>'
        '<a href="../../papers/%62/">escaped</a> <img src="data:image/png;base64,AA==" alt="">'
    )
    site = _site(tmp_path, papers__a__index_html=_page("papers/a/", body))
    assert _problems(site) == []


def test_a_base_element_changes_how_links_resolve(tmp_path: Path) -> None:
    page = _page("papers/a/", '<a href="b/">B</a>').replace("<head>", '<head><base href="../">')
    site = _site(tmp_path, papers__a__index_html=page)
    problems = _problems(site)
    # Against papers/, b/ resolves and ../../assets/site.css leads out of the site.
    assert all("<a href='b/'>" not in problem for problem in problems)
    assert "papers/a/index.html: <link href='../../assets/site.css'>: leads out of the site" in (
        problems
    )


def test_not_found_page_may_use_root_absolute_links_under_the_site_url(tmp_path: Path) -> None:
    page = (
        '<!doctype html><html lang="en"><head>'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}"><title>Not found</title>'
        '<link rel="stylesheet" href="/repo/assets/site.css"></head>'
        '<body><h1>404</h1><a href="/repo/">Home</a><a href="/elsewhere/">x</a></body></html>'
    )
    problems = _problems(_site(tmp_path, **{"404_html": page}))
    assert problems == [
        "404.html: <a href='/elsewhere/'>: root-absolute, so it breaks when the "
        "site is served under a sub-path"
    ]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<div><p>text</div></div>", "13: stray </div>"),
        ("<article><span>text</article>", "13: </article> closes <span>, which was left open"),
        ("<section>left open", "15: </body> closes <section>, which was left open"),
        ("<div/>", "13: <div/> does not close itself in HTML"),
        (
            '<img src="../../assets/site.js" onerror="alert(1)" alt="">',
            "13: <img> has an event handler attribute onerror",
        ),
        ('<p class="a" class="b">x</p>', "<p> repeats an attribute"),
    ],
)
def test_malformed_html_is_named_with_its_line(tmp_path: Path, body: str, problem: str) -> None:
    site = _site(tmp_path, papers__a__index_html=_page("papers/a/", body))
    problems = _problems(site)
    assert len(problems) == 1
    assert problems[0].startswith("papers/a/index.html: HTML: line ")
    assert problems[0].endswith(problem)


def test_well_formed_html_with_optional_end_tags_and_svg_passes() -> None:
    facts = read_page(
        '<!doctype html><html lang="en"><head><title>T</title><body><ul><li>one<li>two</ul>'
        '<p>para<p>graph<dl><dt>a<dd>b</dl><svg><g><path d="M0"/></g></svg>'
        "<script>if (a < b && '</div>') {}</script><h1>T</h1>"
    )
    assert facts.errors == []
    assert (facts.lang, facts.title, facts.h1_count) == ("en", "T", 1)


def test_maths_sized_to_overflow_the_window_is_named(tmp_path: Path) -> None:
    body = (
        '<p><math><mrow><mspace width="100000cm"></mspace>'
        '<mspace width="2em" height="3em"></mspace><mo maxsize="2.47em">(</mo></mrow></math></p>'
        '<svg width="5000" height="10"><rect width="5000" height="10"/></svg>'
    )
    site = _site(tmp_path, papers__a__index_html=_page("papers/a/", body))
    assert _problems(site) == [
        "papers/a/index.html: line 13: <mspace width='100000cm'> in maths is larger than 3 em, "
        "so the page may not fit the window"
    ]


def test_maths_the_sanitiser_wrote_passes() -> None:
    formula = segments(r"$\hspace{100000cm}\rule{5000cm}{5000cm} \Bigg( x \qquad y$")[0]
    facts = read_page(f'<html lang="en"><title>T</title><h1>T</h1><p>{formula.markup}</p>')
    assert facts.oversized == [] and facts.errors == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<script>go()</script>", "line 13: an inline script that the Content-Security-Policy"),
        ("<style>h1 {}</style>", "line 13: an inline style that the Content-Security-Policy"),
        ('<p style="margin: 0">x</p>', "line 13: a style attribute that the Content-Security"),
    ],
)
def test_what_the_policy_blocks_is_named(tmp_path: Path, body: str, problem: str) -> None:
    site = _site(tmp_path, papers__a__index_html=_page("papers/a/", body))
    assert [p.split(": ", 1)[1][: len(problem)] for p in _problems(site)] == [problem]


def test_what_the_policy_lists_passes(tmp_path: Path) -> None:
    body = f'<style>{STYLE}</style><script type="application/ld+json">{{}}</script>'
    site = _site(tmp_path, papers__a__index_html=_page("papers/a/", body))
    assert _problems(site) == []


def test_a_page_without_a_policy_or_with_one_too_late_is_named(tmp_path: Path) -> None:
    page = _page("papers/a/")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    late = page.replace(meta, '<link rel="icon" href="data:,">' + meta)
    without = page.replace(meta, "")
    site = _site(tmp_path, papers__a__index_html=late, papers__b__index_html=without)
    assert _problems(site) == [
        "papers/a/index.html: <link> comes before the Content-Security-Policy in <head>, "
        "which does not cover it",
        "papers/b/index.html: no Content-Security-Policy <meta> in <head>",
    ]


def test_an_element_open_at_the_end_of_the_file_is_named() -> None:
    facts = read_page('<html lang="en"><title>T</title><h1>T</h1><div><main>\n<p>cut short')
    assert facts.errors == ["line 2: <main> is never closed"]


def test_parse_errors_are_capped_per_page(tmp_path: Path) -> None:
    site = _site(tmp_path, papers__a__index_html=_page("papers/a/", "</div>" * 9))
    problems = _problems(site)
    assert len(problems) == 6
    assert problems[-1] == "papers/a/index.html: HTML: 4 more parse errors"


def test_a_page_not_in_utf8_is_named(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "papers" / "b" / "index.html").write_bytes("<p>caf\u00e9</p>".encode("latin-1"))
    problems = _problems(site)
    assert problems == ["papers/b/index.html: not UTF-8: invalid continuation byte at byte 6"]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('<h1 id="top">A page</h1>', "", "0 <h1> elements, where one is due"),
        ('<h1 id="top">A page</h1>', "<h1>1</h1><h1>2</h1>", "2 <h1> elements, where one is due"),
        ("<title>A page</title>", "<title> </title>", "no <title>, or an empty one"),
        ("<title>A page</title>", "", "no <title>, or an empty one"),
        ('<html lang="en">', "<html>", "<html> has no lang"),
        ('<html lang="en">', '<html lang="">', "<html> has no lang"),
    ],
)
def test_every_page_needs_one_h1_a_title_and_a_language(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    # The A–Z page, not only the paper pages: the gate reads every page.
    page = _page("papers/").replace(old, new)
    problems = _problems(_site(tmp_path, papers__index_html=page))
    assert problems == [f"papers/index.html: {problem}"]


def test_size_budgets(tmp_path: Path) -> None:
    site = _site(tmp_path, papers__b__index_html=_page("papers/b/", "<p>x</p>" * 200))
    size = (site / "papers" / "b" / "index.html").stat().st_size
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    budgets = Budgets(paper_page_bytes=size - 1, site_bytes=total - 1, folder_entries=2)
    problems = _problems(site, budgets)
    assert (
        f"papers/b/index.html: {size / 1024:.1f} KB, over a paper page's budget of "
        in (problems[-1])
    )
    assert "./: 4 files and folders, over the budget of 2" in problems
    assert "papers/: 3 files and folders, over the budget of 2" in problems
    assert any(problem.startswith("./: the site is ") for problem in problems)
    assert len(problems) == 4
    assert _problems(site, Budgets(paper_page_bytes=size, site_bytes=total, folder_entries=4)) == []


def test_every_page_kind_has_a_budget(tmp_path: Path) -> None:
    listing = _page("papers/", '<a href="a/">A</a> <a href="b/">B</a>' + "<p>x</p>" * 200)
    site = _site(tmp_path, papers__index_html=listing)
    size = (site / "papers" / "index.html").stat().st_size
    home = (site / "index.html").stat().st_size
    assert home < size
    problems = _problems(site, Budgets(page_bytes=size - 1))
    assert problems == [
        f"papers/index.html: {size / 1024:.1f} KB, over a page's budget of "
        f"{(size - 1) / 1024:.1f} KB"
    ]
    # Paper pages answer to their own budget only; every other page, to this one.
    over = _problems(site, Budgets(page_bytes=100, paper_page_bytes=size))
    assert [problem.split(":")[0] for problem in over] == ["index.html", "papers/index.html"]
    assert _problems(site, Budgets(page_bytes=size)) == []


def test_a_file_over_the_file_budget_is_named(tmp_path: Path) -> None:
    """GitHub Pages refuses a file over 100 MB: a part of papers.json, say."""
    site = _site(tmp_path)
    (site / "papers-001.json").write_text("[" + "0," * 600 + "0]\n", encoding="utf-8")
    budget = Budgets(file_bytes=1024)
    assert _problems(site, budget) == ["papers-001.json: 1.2 KB, over the budget of 1.0 KB a file"]
    assert Budgets().file_bytes == 100 * 1024 * 1024


def test_a_missing_paper_page_is_named(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site / "papers" / "b" / "index.html").unlink()
    problems = _problems(site)
    assert "papers/b/index.html: the paper's page is missing" in problems
    assert (
        "sitemap.xml: lists https://owner.github.io/repo/papers/b/, which is not in the site"
        in (problems)
    )


def test_the_sitemap_lists_every_paper_page(tmp_path: Path) -> None:
    site = _site(tmp_path, sitemap_xml=_sitemap(["", "papers/", "papers/a/"]))
    assert _problems(site) == ["sitemap.xml: does not list the paper page papers/b/"]


@pytest.mark.parametrize(
    ("sitemap", "site_url", "problem"),
    [
        (None, SITE_URL, "sitemap.xml: missing"),
        ("<urlset>", SITE_URL, "sitemap.xml: not XML: no element found: line 1, column 8"),
        (_sitemap([]), SITE_URL, "sitemap.xml: lists none of the 2 paper pages"),
        (
            _sitemap([]),
            None,
            "sitemap.xml: lists none of the 2 paper pages (site_url is not set, and MkDocs lists "
            "no page without it)",
        ),
    ],
)
def test_a_missing_or_empty_sitemap_is_one_problem(
    tmp_path: Path, sitemap: str | None, site_url: str | None, problem: str
) -> None:
    site = _site(tmp_path, sitemap_xml=sitemap or "")
    if sitemap is None:
        (site / "sitemap.xml").unlink()
    problems = [p for p in _problems(site, site_url=site_url) if p.startswith("sitemap.xml")]
    assert problems == [problem]


# Whole sites, built by MkDocs.


def _site_url() -> str:
    url = load_config(config_file=str(REPO / "mkdocs.yml")).site_url
    assert url
    return url


def _gate(build: tuple[Path, PapershelfPlugin]) -> list[str]:
    site_dir, plugin = build
    assert plugin.catalogue is not None
    papers = [paper.url for paper in plugin.catalogue.papers]
    return [str(problem) for problem in check_site(site_dir, papers, site_url=_site_url())]


@pytest.mark.slow
def test_the_seed_site_passes_every_gate(seed_site: tuple[Path, PapershelfPlugin]) -> None:
    assert _gate(seed_site) == []


@pytest.mark.slow
def test_the_hostile_site_passes_every_gate(hostile_site: tuple[Path, PapershelfPlugin]) -> None:
    assert _gate(hostile_site) == []


@pytest.mark.slow
def test_seed_paper_pages_stay_well_under_their_budget(
    seed_site: tuple[Path, PapershelfPlugin],
) -> None:
    site_dir, plugin = seed_site
    assert plugin.catalogue is not None
    sizes = [(site_dir / p.url / "index.html").stat().st_size for p in plugin.catalogue.papers]
    assert max(sizes) < Budgets().paper_page_bytes * 3 / 4


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


@pytest.mark.slow
def test_crawl_under_a_sub_path_finds_no_broken_link(
    seed_url: str, seed_site: tuple[Path, PapershelfPlugin]
) -> None:
    """Follow every internal link and asset from the home page over HTTP, as a reader would."""
    host = urlsplit(seed_url).netloc
    queue, seen, broken, pages = deque([seed_url]), {seed_url}, [], set()
    while queue:
        url = queue.popleft()
        status, kind, body = _fetch(url)
        if status != 200:
            broken.append(f"{url}: HTTP {status}")
            continue
        if kind != "text/html":
            continue
        pages.add(url)
        for _, _, link in read_page(body.decode("utf-8")).urls:
            target = urljoin(url, link.strip()).split("#")[0]
            parts = urlsplit(target)
            if parts.scheme in ("http", "https") and parts.netloc == host and target not in seen:
                seen.add(target)
                queue.append(target)
    assert broken == []
    catalogue = seed_site[1].catalogue
    assert catalogue is not None
    # Every paper is reached by following links, and every asset was fetched.
    assert {seed_url + paper.url for paper in catalogue.papers} <= pages
    assert any("/assets/javascripts/" in url for url in seen)
    assert any("/assets/stylesheets/papershelf.css" in url for url in seen)


def test_pages_checked_in_several_processes_give_the_same_problems(tmp_path: Path) -> None:
    # Links to ids on pages that another process reads, and problems on several pages.
    site = _site(
        tmp_path,
        index_html=_page("", '<a href="papers/a/#gone">x</a><a href="/abs/">y</a>', "Home"),
        papers__b__index_html=_page("papers/b/", '<a href="../a/#top">A</a></div>'),
    )
    serial = check_site(site, PAPERS, site_url=SITE_URL, workers=1)
    assert len(serial) == 3
    assert check_site(site, PAPERS, site_url=SITE_URL, workers=2) == serial


@pytest.mark.parametrize(
    "html",
    [
        "<a title=\"x>y\" href='../b/'>B</a><p class=c>t</p>",
        '<a title="never closed>and on" <b>x</b>',
        "<img alt='it\"s' src=x.png><br/>",
        '<script type="module">let a = "<p>";</script><p>after</p>',
        '<script src="a.js">',
        "<a " + "x" * 2000,
    ],
)
def test_the_quick_tag_scan_reads_tags_as_the_plain_pattern_does(html: str) -> None:
    # The scan reads attributes in runs where Python can (3.11: possessive repeats); the tags it
    # finds must be those the plain pattern finds, broken pages included.
    plain = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
    tag = re.compile(rf"<(/?)([a-zA-Z][^\s/>]*)({plain})>")
    unread = re.compile(
        rf"<!--.*?-->|<(script|style)\b{plain}>.*?</\1\s*>", re.DOTALL | re.IGNORECASE
    )
    assert checks._UNREAD.sub("", html) == unread.sub("", html)
    assert checks._TAG.findall(html) == tag.findall(html)
