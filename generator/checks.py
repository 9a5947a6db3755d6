"""Checks on a built site: what must hold before it is published.

Every internal link and asset resolves when the site is served under a sub-path; every page
parses, has one `<h1>`, a `<title>` and a language, a Content-Security-Policy first in its
`<head>` that blocks none of the page's own inline scripts and styles, and no maths sized to
overflow the window (a MathML length beyond what `generator/text.py` lets through, as a page
from another generator or an edited page may hold); pages and the site fit their size
budgets, and no file is over GitHub Pages' limit; the sitemap lists every paper page.
`check_site` reads the site once: it lists the files, then parses each HTML page (with lxml,
and a scan of its tags in one regular expression; a page with something to report is read again
by the standard library's parser, which gives each message its line) and looks links up in the
set of files, so its cost is linear in the size of the site.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import posixpath
import re
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from generator.csp import allows, runs
from generator.errors import SitemapError
from generator.forked import cpu_count, fork_is_safe
from generator.sitemap import MAX_URLS, SITEMAP, read_sitemap
from generator.text import MATH_LENGTH_ATTRIBUTES, MAX_MATH_LENGTH_EM, length_em

PAPER_PAGE_BUDGET = 40 * 1024
"""A paper page's HTML stays small: the catalogue has thousands of them."""
PAGE_BUDGET = 40 * 1024
"""Every other page too: listings (home, topics, days, months, letters, authors) are split into
pages that stay within it."""
SITE_BUDGET = 900 * 1024 * 1024
"""Under GitHub Pages' 1 GB limit on a published site, with room to grow: a catalogue of 100,000
papers is to fit in it (the benchmark's target)."""
FILE_BUDGET = 100 * 1024 * 1024
"""GitHub Pages refuses to publish a file over 100 MB."""
FOLDER_BUDGET = 50_000
"""Files and folders in one folder; beyond this, hosts and file systems slow down."""

SUB_PATH = "/sub-path/"
"""Links are resolved as if the site were served here, as GitHub Pages serves a project site."""
NOT_FOUND_PAGE = "404.html"
"""MkDocs writes this page with root-absolute links from `site_url`, as it is served anywhere."""
PAGES_PER_WORKER = 150
"""Below this many pages per process, starting processes costs more than it saves. (The 336
pages of the bundled corpus: 0.54 s in one process, 0.38 s in two forked ones.)"""
SPAWNED_PAGES_PER_WORKER = 1000
"""The same where processes must be spawned: a spawned process imports the command afresh."""
MAX_PARSE_ERRORS = 5
"""Parse errors reported per page; the first ones tell what went wrong."""

# fmt: off
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
})
# Elements whose end tag HTML lets an author leave out.
_OPTIONAL_END = frozenset({
    "body", "caption", "colgroup", "dd", "dt", "head", "html", "li", "optgroup", "option", "p",
    "rb", "rp", "rt", "rtc", "tbody", "td", "tfoot", "th", "thead", "tr",
})
# fmt: on
_FOREIGN = frozenset({"svg", "math"})
# Attributes that hold a URL the browser fetches or follows, and on which elements (None: any).
_URL_ATTRIBUTES = {
    "href": None,
    "src": None,
    "poster": None,
    "action": None,
    "formaction": None,
    "data": frozenset({"object"}),
}
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript"})


@dataclass(frozen=True, slots=True, order=True)
class SiteProblem:
    """One thing wrong with the built site, in one of its files."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class Budgets:
    """Size limits on the built site, in bytes and in folder entries."""

    paper_page_bytes: int = PAPER_PAGE_BUDGET
    page_bytes: int = PAGE_BUDGET
    site_bytes: int = SITE_BUDGET
    file_bytes: int = FILE_BUDGET
    folder_entries: int = FOLDER_BUDGET


@dataclass
class _PageFacts:
    """What the checks need from one parsed page."""

    lang: str | None = None
    title: str | None = None
    h1_count: int = 0
    base_href: str | None = None
    ids: set[str] = field(default_factory=set)
    urls: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    oversized: list[str] = field(default_factory=list)
    policy: str | None = None
    """The Content-Security-Policy of the page's first `<meta http-equiv>` policy."""
    before_policy: list[str] = field(default_factory=list)
    """Elements of `<head>` before the policy, which it does not cover."""
    inline: list[tuple[int, str, str | None]] = field(default_factory=list)
    """(line, `script` or `style`, text) of inline scripts and styles; text None for a `style`
    attribute."""


class _PageReader(HTMLParser):
    """Reads one page with the standard library's parser, noting what browsers would repair."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = _PageFacts()
        self._open: list[str] = []
        self._foreign = 0
        self._math = 0
        self._title: list[str] | None = None
        self._head = False
        self._code: tuple[int, str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag not in _VOID:
            self._open.append(tag)
            if tag in _FOREIGN:
                self._foreign += 1
                self._math += tag == "math"
            elif tag == "title":
                self._title = []
            elif tag == "style" or (tag == "script" and self._inline_script(attrs)):
                self._code = (self.getpos()[0], tag, [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag not in _VOID and not self._foreign:
            self._error(f"<{tag}/> does not close itself in HTML")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag not in self._open:
            self._error(f"stray </{tag}>")
            return
        while self._open:
            open_tag = self._open.pop()
            if open_tag in _FOREIGN:
                self._foreign -= 1
                self._math -= open_tag == "math"
            if open_tag == tag:
                break
            if open_tag not in _OPTIONAL_END and not self._foreign:
                self._error(f"</{tag}> closes <{open_tag}>, which was left open")
        if tag == "title" and self._title is not None:
            self.facts.title = " ".join("".join(self._title).split())
            self._title = None
        elif tag in {"script", "style"} and self._code is not None:
            line, kind, text = self._code
            self.facts.inline.append((line, kind, "".join(text)))
            self._code = None

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)
        elif self._code is not None:
            self._code[2].append(data)

    def close(self) -> None:
        super().close()
        unclosed = [tag for tag in self._open if tag not in _OPTIONAL_END and tag not in _FOREIGN]
        if unclosed:
            self._error(f"<{unclosed[-1]}> is never closed")

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        facts = self.facts
        names = [name for name, _ in attrs]
        if len(set(names)) != len(names):
            self._error(f"<{tag}> repeats an attribute")
        for name, value in attrs:
            if name.startswith("on"):
                self._error(f"<{tag}> has an event handler attribute {name}")
            if value is None:
                continue
            if name == "id":
                facts.ids.add(value)
            elements = _URL_ATTRIBUTES.get(name, frozenset())
            if name in _URL_ATTRIBUTES and (elements is None or tag in elements):
                facts.urls.append((tag, name, value))
            elif name == "srcset":
                facts.urls.extend((tag, name, c.split()[0]) for c in value.split(",") if c.split())
        if self._math or tag == "math":
            self._check_lengths(tag, attrs)
        if "style" in names:
            facts.inline.append((self.getpos()[0], "style", None))
        self._note_policy(tag, attrs)
        if tag == "html" and facts.lang is None:
            facts.lang = dict(attrs).get("lang") or ""
        elif tag == "h1":
            facts.h1_count += 1
        elif tag == "a" and (anchor := dict(attrs).get("name")):
            facts.ids.add(anchor)
        elif tag == "base" and facts.base_href is None:
            facts.base_href = dict(attrs).get("href")

    def _note_policy(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        facts = self.facts
        if tag == "head":
            self._head = True
        elif tag == "body":
            self._head = False
        elif facts.policy is None and self._head:
            attributes = dict(attrs)
            if (attributes.get("http-equiv") or "").lower() == "content-security-policy":
                facts.policy = attributes.get("content") or ""
            else:
                facts.before_policy.append(tag)

    @staticmethod
    def _inline_script(attrs: list[tuple[str, str | None]]) -> bool:
        attributes = dict(attrs)
        return "src" not in attributes and runs(attributes.get("type"))

    def _check_lengths(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name not in MATH_LENGTH_ATTRIBUTES or not value:
                continue
            lengths = [length_em(part) for part in value.split()]
            if any(em is not None and abs(em) > MAX_MATH_LENGTH_EM for em in lengths):
                self.facts.oversized.append(
                    f"line {self.getpos()[0]}: <{tag} {name}={value!r}> in maths is larger than "
                    f"{MAX_MATH_LENGTH_EM:g} em, so the page may not fit the window"
                )

    def _error(self, message: str) -> None:
        self.facts.errors.append(f"line {self.getpos()[0]}: {message}")


def read_page(html: str) -> _PageFacts:
    """Parse one page; parse errors are noted in the facts, never raised.

    A page is read by lxml, in C, when a scan of its tags finds nothing to report; a page with
    anything to report is read again by the standard library's parser, whose events give each
    message its line (a page as the site writes it is read once, quickly).
    """
    facts = _quick_facts(html)
    if facts is not None:
        return facts
    reader = _PageReader()
    try:
        reader.feed(html)
        reader.close()
    except (AssertionError, ValueError) as error:  # the parser's own give-ups
        reader.facts.errors.append(f"the HTML parser gave up: {error}")
    return reader.facts


_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
"""A tag's attributes: anything up to its `>`, quoted values whole."""
if sys.version_info >= (3, 11):
    # The same, read in runs and never backtracked into (each branch starts with a character
    # the others cannot, so the one way to read the attributes is the longest): a third quicker.
    _ATTRIBUTES = r"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+"""
_UNREAD = re.compile(
    rf"<!--.*?-->|<(script|style)\b{_ATTRIBUTES}>.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
"""Comments, and the text of scripts and styles: what holds no tags."""
_TAG = re.compile(rf"<(/?)([a-zA-Z][^\s/>]*)({_ATTRIBUTES})>")
"""A start or end tag, with its attributes."""
_ATTRIBUTE_NAME = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_HANDLER = re.compile(r"\son", re.IGNORECASE)
_ODD = re.compile(r"<[?]|<!(?!--|doctype)|<(?:script|style)\b", re.IGNORECASE)
"""What the scan leaves to the standard library's reader: a processing instruction, CDATA, and a
script or style whose end tag is missing."""
_EMPTY: frozenset[str] = frozenset()
_HEAD_TAG = re.compile(r"<head[\s>]", re.IGNORECASE)
_IDS = etree.XPath("//@id | //a/@name")
_URLS = etree.XPath(
    "//@href | //@src | //@poster | //@action | //@formaction | //object/@data | //@srcset"
)
"""The attributes of `_URL_ATTRIBUTES`, and `srcset`, in the page's order."""
_STYLE_ATTRIBUTES = etree.XPath("boolean(//@style)")
_HTML_PARSER = etree.HTMLParser(remove_comments=True)
"""One parser for every page (a parser may be used again, in the thread that made it)."""


@functools.lru_cache(maxsize=4096)
def _plain_attributes(attributes: str) -> bool:
    """Whether a tag's attributes name none twice and hold no event handler. (Cached: most tags
    of a site repeat the attributes of others, as `class="md-nav__item"`.)"""
    names = _ATTRIBUTE_NAME.findall(attributes.lower())
    if len(names) > 1 and len(set(names)) != len(names):
        return False
    return not (_HANDLER.search(attributes) and any(n.startswith("on") for n in names))


def _well_formed(html: str) -> bool:
    """Whether the page's tags nest as the standard library's reader requires, with no
    repeated attribute, self-closed element or event handler: nothing it would report."""
    tags = _UNREAD.sub("", html)
    if _ODD.search(tags):
        return False
    stack: list[str] = []
    foreign = 0
    for closing, name, attributes in _TAG.findall(tags):
        tag = name.lower()
        if closing:
            if tag in _VOID:
                continue
            if tag not in stack:
                return False
            while stack:
                open_tag = stack.pop()
                if open_tag in _FOREIGN:
                    foreign -= 1
                if open_tag == tag:
                    break
                if open_tag not in _OPTIONAL_END and not foreign:
                    return False
            continue
        if attributes:
            if not _plain_attributes(attributes):
                return False
            if attributes[-1] == "/" or attributes.rstrip().endswith("/"):
                if tag not in _VOID and not foreign:
                    return False
                continue
        if tag not in _VOID:
            stack.append(tag)
            foreign += tag in _FOREIGN
    return not [tag for tag in stack if tag not in _OPTIONAL_END and tag not in _FOREIGN]


def _quick_facts(html: str) -> _PageFacts | None:
    """The facts of a page with nothing to report, read by lxml; None for any other page."""
    if not _well_formed(html):
        return None
    try:
        root = etree.fromstring(html, _HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None
    if root is None or root.tag != "html":
        return None
    facts = _PageFacts(lang=root.get("lang"))
    head = root.find("head")
    if head is None or _HEAD_TAG.search(html) is None:
        return None  # no <head> written: the standard library's reader finds no policy
    for element in head:
        if not isinstance(element.tag, str):
            continue
        if (element.get("http-equiv") or "").lower() == "content-security-policy":
            facts.policy = element.get("content") or ""
            break
        facts.before_policy.append(element.tag)
    if facts.policy is None or facts.before_policy:
        return None
    for element in root.iter("title"):  # the last one, as the standard library's reader
        facts.title = " ".join((element.text or "").split())
    facts.h1_count = sum(1 for _ in root.iter("h1"))
    for element in root.iter("base"):
        facts.base_href = element.get("href")
        break
    for element in root.iter("script", "style"):
        attributes = element.attrib
        inline = element.tag == "style" or (
            "src" not in attributes and runs(attributes.get("type"))
        )
        if inline and not allows(facts.policy, f"{element.tag}-src", element.text or ""):
            return None
    if _STYLE_ATTRIBUTES(root) and not allows(facts.policy, "style-src", None):
        return None
    if any(_oversized(math) for math in root.iter("math")):
        return None
    facts.ids.update(_IDS(root))
    for value in _URLS(root):
        tag, name = value.getparent().tag, value.attrname
        if name == "srcset":
            facts.urls.extend((tag, name, c.split()[0]) for c in value.split(",") if c.split())
        else:
            facts.urls.append((tag, name, str(value)))
    return facts


def _oversized(math: etree._Element) -> bool:
    """Whether maths holds a length that the standard library's reader would report."""
    for element in math.iter():
        for name, value in element.attrib.items():
            if name in MATH_LENGTH_ATTRIBUTES and value:
                lengths = [length_em(part) for part in value.split()]
                if any(em is not None and abs(em) > MAX_MATH_LENGTH_EM for em in lengths):
                    return True
    return False


@dataclass
class _Inventory:
    """Every file of the site, by path relative to the site's root, and its size."""

    sizes: dict[str, int] = field(default_factory=dict)
    crowded: list[tuple[str, int]] = field(default_factory=list)


def _inventory(site_dir: Path, folder_budget: int) -> _Inventory:
    inventory = _Inventory()
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(site_dir / folder) as entries:
            count = 0
            for entry in entries:
                count += 1
                rel = f"{folder}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append(f"{rel}/")
                else:
                    inventory.sizes[rel] = entry.stat(follow_symlinks=False).st_size
        if count > folder_budget:
            inventory.crowded.append((folder or "./", count))
    return inventory


def files_of(site_dir: Path) -> frozenset[str]:
    """Every file in `site_dir`, by its path from there."""
    return frozenset(_inventory(site_dir, FOLDER_BUDGET).sizes)


_Fragment = tuple[str, str, str, str]
"""A link to `target#fragment`: the page it is on, the link, the target file and the fragment."""


class _Links:
    """Resolves the URLs of a page as a browser would under `SUB_PATH`, and checks the targets."""

    def __init__(self, files: Iterable[str], site_url: str | None) -> None:
        self.files = frozenset(files)
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.site_path = urlsplit(self.site_url).path if self.site_url else None
        self.fragments: list[_Fragment] = []

    def check(self, page: str, facts: _PageFacts) -> list[str]:
        """Problems with the page's URLs; fragment links are kept for `check_fragments`."""
        base = SUB_PATH + page
        if facts.base_href is not None:
            base = urljoin(base, facts.base_href.strip())
        problems = []
        for tag, attribute, raw in facts.urls:
            problem = self._check_one(page, base, raw.strip())
            if problem:
                problems.append(f"<{tag} {attribute}={raw!r}>: {problem}")
        return problems

    def _check_one(self, page: str, base: str, url: str) -> str | None:
        if not url:
            return None
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in _SCRIPT_SCHEMES:
            return "a script URL"
        if scheme or parts.netloc:
            if self.site_url and url.startswith(self.site_url):
                url = SUB_PATH + url[len(self.site_url) :]
            else:
                return None  # external: not fetched
        elif url.startswith("/"):
            if page == NOT_FOUND_PAGE and self.site_path and url.startswith(self.site_path):
                url = SUB_PATH + url[len(self.site_path) :]
            else:
                return "root-absolute, so it breaks when the site is served under a sub-path"
        path, fragment = _resolve(base, url)
        if not (path + "/").startswith(SUB_PATH):
            return "leads out of the site"
        target = unquote(path[len(SUB_PATH) :])
        if target == "" or target.endswith("/"):
            target += "index.html"
        if target not in self.files:
            if f"{target}/index.html" not in self.files:
                return f"no {target} in the site"
            target = f"{target}/index.html"
        if fragment and target.endswith(".html"):
            self.fragments.append((page, url, target, unquote(fragment)))
        return None


_NOT_PLAIN = (":", "?", "//", "\t", "\r", "\n")


def _resolve(base: str, url: str) -> tuple[str, str]:
    """The path and fragment of `url` resolved against the path `base`, as `urljoin` resolves
    them (a path that climbs above the root may differ, as out of the site either way). A plain
    relative path (`../x/`, the most of a site's links) is joined as a path, several times
    quicker; anything else goes through `urljoin`."""
    rest, _, fragment = url.partition("#")
    plain = rest and rest[0] not in "/ " and not any(mark in rest for mark in _NOT_PLAIN)
    if not plain:
        resolved = urlsplit(urljoin(base, url))
        return resolved.path, resolved.fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), rest))
    last = rest.rsplit("/", 1)[-1]
    if rest.endswith("/") or last in {".", ".."}:
        joined = joined.rstrip("/") + "/"
    return joined, fragment


def _fragment_problems(
    fragments: Iterable[_Fragment], ids: dict[str, frozenset[str]]
) -> list[SiteProblem]:
    """Links to `page#fragment` whose page has no such id."""
    return [
        SiteProblem(page, f"link {url!r}: {target} has no id {fragment!r}")
        for page, url, target, fragment in fragments
        if target in ids and fragment not in ids[target]
    ]


@dataclass
class CheckedPages:
    """What checking some of a site's pages found: their problems, the ids each page holds, and
    the links to fragments of other pages, which are checked once every page's ids are known.

    Pages of a kind hold the same ids (`ps-content`, `paper-title`): equal sets are kept once,
    here and in what a worker sends back (100,000 pages, a few distinct sets)."""

    problems: list[SiteProblem] = field(default_factory=list)
    ids: dict[str, frozenset[str]] = field(default_factory=dict)
    fragments: list[_Fragment] = field(default_factory=list)
    _shared: dict[frozenset[str], frozenset[str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def add_ids(self, page: str, ids: Iterable[str]) -> frozenset[str]:
        """Note the ids of a page; the set kept, shared with any equal one."""
        held = frozenset(ids)
        held = self.ids[page] = self._shared.setdefault(held, held)
        return held

    def extend(self, other: CheckedPages) -> None:
        """Add what another process checked."""
        self.problems.extend(other.problems)
        for page, ids in other.ids.items():
            self.add_ids(page, ids)
        self.fragments.extend(other.fragments)


class PageChecker:
    """Checks pages one at a time against the site's files, as they are written or read.

    `files` are every file the site will hold, by path from its root; the paper pages' renderer
    (generator/render.py) checks each page it writes while the page is still in memory.
    """

    def __init__(self, files: Iterable[str], site_url: str | None) -> None:
        self._links = _Links(files, site_url)
        self.checked = CheckedPages(fragments=self._links.fragments)

    def check(self, page: str, html: str) -> None:
        """Parse one page and check it and its links; `page` is its path from the site's root."""
        facts = read_page(html)
        ids = self.checked.add_ids(page, facts.ids)
        self.checked.problems.extend(_page_problems(page, facts))
        fragments = self.checked.fragments
        start = len(fragments)
        self.checked.problems.extend(
            SiteProblem(page, message) for message in self._links.check(page, facts)
        )
        # Links to the page's own ids (a skip link's `#ps-content`) are checked at once; links
        # to other pages' ids wait for those pages.
        found = fragments[start:]
        if any(target == page for _, _, target, _ in found):
            del fragments[start:]
            fragments.extend(link for link in found if link[2] != page)
            own = (link for link in found if link[2] == page)
            self.checked.problems.extend(_fragment_problems(own, {page: ids}))

    def check_file(self, site_dir: Path, page: str) -> None:
        """Read one page of the site in `site_dir` and check it."""
        try:
            html = (site_dir / page).read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            message = f"not UTF-8: {error.reason} at byte {error.start}"
            self.checked.problems.append(SiteProblem(page, message))
            return
        self.check(page, html)


def _check_pages(
    site_dir: Path, pages: list[str], files: frozenset[str], site_url: str | None
) -> CheckedPages:
    """Parse `pages` and check them and their links."""
    checker = PageChecker(files, site_url)
    for page in pages:
        checker.check_file(site_dir, page)
    return checker.checked


def _page_problems(page: str, facts: _PageFacts) -> list[SiteProblem]:
    problems = [SiteProblem(page, f"HTML: {error}") for error in facts.errors[:MAX_PARSE_ERRORS]]
    if len(facts.errors) > MAX_PARSE_ERRORS:
        more = len(facts.errors) - MAX_PARSE_ERRORS
        problems.append(SiteProblem(page, f"HTML: {more} more parse errors"))
    problems.extend(SiteProblem(page, message) for message in facts.oversized[:MAX_PARSE_ERRORS])
    problems.extend(SiteProblem(page, message) for message in _policy_problems(facts))
    if not facts.lang:
        problems.append(SiteProblem(page, "<html> has no lang"))
    if not facts.title:
        problems.append(SiteProblem(page, "no <title>, or an empty one"))
    if facts.h1_count != 1:
        problems.append(SiteProblem(page, f"{facts.h1_count} <h1> elements, where one is due"))
    return problems


def _policy_problems(facts: _PageFacts) -> list[str]:
    """The page's Content-Security-Policy: present, first in `<head>`, and letting the page's
    own inline scripts and styles apply (a theme or a hand-written page may add one that it
    does not list, which browsers would refuse)."""
    if facts.policy is None:
        return ["no Content-Security-Policy <meta> in <head>"]
    problems = []
    if facts.before_policy:
        first = facts.before_policy[0]
        problems.append(
            f"<{first}> comes before the Content-Security-Policy in <head>, which does not cover it"
        )
    blocked = []
    for line, kind, text in facts.inline:
        if not allows(facts.policy, f"{kind}-src", text):
            what = "a style attribute" if text is None else f"an inline {kind}"
            effect = "never runs" if kind == "script" else "never applies"
            blocked.append(
                f"line {line}: {what} that the Content-Security-Policy blocks: it {effect}"
            )
    problems.extend(blocked[:MAX_PARSE_ERRORS])
    if len(blocked) > MAX_PARSE_ERRORS:
        problems.append(f"{len(blocked) - MAX_PARSE_ERRORS} more blocked by the policy")
    return problems


def _sitemap_problems(
    site_dir: Path, files: frozenset[str], paper_pages: list[str], site_url: str | None
) -> list[SiteProblem]:
    try:
        sitemap = read_sitemap(site_dir, site_url)
    except SitemapError as error:
        return [SiteProblem(error.path, error.message)]
    prefix = site_url.rstrip("/") + "/" if site_url else ""
    problems = []
    listed = set()
    for loc in sitemap.parts:
        if not prefix or not loc.startswith(prefix):
            problems.append(SiteProblem(SITEMAP, f"lists {loc!r}, which is not under {prefix!r}"))
    for name, locs in sitemap.files:
        if len(locs) > MAX_URLS:
            problems.append(
                SiteProblem(name, f"lists {len(locs)} URLs, over the {MAX_URLS} a sitemap may")
            )
        for url in locs:
            if not prefix or not url.startswith(prefix):
                problems.append(SiteProblem(name, f"lists {url!r}, which is not under {prefix!r}"))
                continue
            page = url[len(prefix) :]
            listed.add(page)
            if (f"{page}index.html" if page == "" or page.endswith("/") else page) not in files:
                problems.append(SiteProblem(name, f"lists {url}, which is not in the site"))
    missing = [url for url in paper_pages if url not in listed]
    if paper_pages and len(missing) == len(paper_pages):
        hint = "" if site_url else " (site_url is not set, and MkDocs lists no page without it)"
        problems.append(
            SiteProblem(SITEMAP, f"lists none of the {len(paper_pages)} paper pages{hint}")
        )
        return problems
    problems.extend(SiteProblem(SITEMAP, f"does not list the paper page {url}") for url in missing)
    return problems


def check_site(
    site_dir: Path,
    paper_urls: Iterable[str],
    *,
    site_url: str | None = None,
    budgets: Budgets = Budgets(),
    workers: int | None = None,
    checked: CheckedPages | None = None,
) -> list[SiteProblem]:
    """Every problem of the built site in `site_dir`, sorted by file; none means it may ship.

    `paper_urls` are the paper pages the site must hold (`papers/<xx>/<slug>/`); `site_url` is the
    address the site is built for, which the sitemap and canonical links carry. Pages are parsed
    by `workers` processes (by default, one per CPU for a large site, and none for a small one).
    Pages already checked as they were written (`checked`) are not read again.
    """
    inventory = _inventory(site_dir, budgets.folder_entries)
    problems = [
        SiteProblem(
            folder, f"{count} files and folders, over the budget of {budgets.folder_entries}"
        )
        for folder, count in inventory.crowded
    ]
    total = sum(inventory.sizes.values())
    if total > budgets.site_bytes:
        problems.append(
            SiteProblem(
                "./", f"the site is {_size(total)}, over the budget of {_size(budgets.site_bytes)}"
            )
        )
    problems.extend(
        SiteProblem(path, f"{_size(size)}, over the budget of {_size(budgets.file_bytes)} a file")
        for path, size in sorted(inventory.sizes.items())
        if size > budgets.file_bytes
    )

    files = frozenset(inventory.sizes)
    found = CheckedPages()
    if checked is not None:
        found.extend(checked)
    pages = sorted(path for path in files if path.endswith(".html") and path not in found.ids)
    if workers is None:
        per_worker = PAGES_PER_WORKER if _start_method() == "fork" else SPAWNED_PAGES_PER_WORKER
        workers = min(cpu_count(), len(pages) // per_worker) or 1
    for part in _map_pages(site_dir, pages, files, site_url, workers):
        found.extend(part)
    problems.extend(found.problems)
    problems.extend(_fragment_problems(found.fragments, found.ids))

    paper_pages = sorted(paper_urls)
    for url in paper_pages:
        page = f"{url}index.html"
        size = inventory.sizes.get(page)
        if size is None:
            problems.append(SiteProblem(page, "the paper's page is missing"))
        elif size > budgets.paper_page_bytes:
            budget = _size(budgets.paper_page_bytes)
            problems.append(
                SiteProblem(page, f"{_size(size)}, over a paper page's budget of {budget}")
            )
    papers = {f"{url}index.html" for url in paper_pages}
    problems.extend(
        SiteProblem(page, f"{_size(size)}, over a page's budget of {_size(budgets.page_bytes)}")
        for page, size in sorted(inventory.sizes.items())
        if page.endswith(".html") and page not in papers and size > budgets.page_bytes
    )
    problems.extend(_sitemap_problems(site_dir, files, paper_pages, site_url))
    # By file; within a file, in the order found (parse errors by line, then the rest).
    return sorted(problems, key=lambda problem: problem.path)


def _map_pages(
    site_dir: Path, pages: list[str], files: frozenset[str], site_url: str | None, workers: int
) -> list[CheckedPages]:
    """`_check_pages` over slices of `pages`, in processes when `workers` > 1; results in order."""
    if workers <= 1 or len(pages) < 2:
        if not pages:
            return []
        return [_check_pages(site_dir, pages, files, site_url)]
    # A few slices per worker even out slow and fast slices; map() keeps their order.
    size = -(-len(pages) // (workers * 4))
    slices = [pages[start : start + size] for start in range(0, len(pages), size)]
    context = multiprocessing.get_context(_start_method())
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        n = len(slices)
        return list(pool.map(_check_pages, [site_dir] * n, slices, [files] * n, [site_url] * n))


def _start_method() -> str:
    """Fork, which starts a worker at once with everything imported, unless this process runs
    other threads (`papershelf serve` does): a forked copy of a thread's lock can deadlock."""
    if fork_is_safe():
        return "fork"
    return "spawn"


def _size(size: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"
