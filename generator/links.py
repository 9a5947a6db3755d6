"""The links that abstracts give: URLs found in the text, trimmed, classified, or reported.

Abstracts copied from a listing page carry URLs as plain text, glued to the sentence around
them: a full stop, a closing bracket or the remnant of a LaTeX colour command
(`{blue{https://...}}.`) may follow a URL without a space. Those characters are trimmed. A URL
that a line break cut in two (`https://github.com/xo28/efficient- NLP-multistage-training`) is
not linked as if it were whole: it is reported with the paper's `file:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlsplit

from generator.model import Catalogue, Link, LinkKind, Note, Paper, Problem

# A URL runs to the first space, quote, angle bracket or brace: none of them can stand in a URL
# unencoded, and braces in the corpus are LaTeX remnants around it.
_URL = re.compile(r"\bhttps?://[^\s<>\"{}|`^]*", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?'\u2019\u201d*"
_CLOSERS = {")": "(", "]": "[", ">": "<"}
# LaTeX escapes that copies keep inside URLs (`jumping\_cod`).
_LATEX_ESCAPE = re.compile(r"\\([_%&#~$])")
# A URL cannot sensibly end with these: a line break cut it there.
_CUT_ENDINGS = ("-", "_", "=", "&", "?", "%", "\\")
# After a single space, a token with one of these characters continues a cut URL (`io/page`);
# an English word never has them.
_CONTINUATION = re.compile(r"[/_=#~%]|\.(?:html?|php|py|md|pdf)$", re.IGNORECASE)
_CONTINUATION_TRIM = ".,;:!?)]'\""

_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "hf.co")
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "b23.tv")


@dataclass(frozen=True, slots=True)
class UrlSpan:
    """Where a URL stands in a text: `text[start:end]`, and the link, unless it was cut."""

    start: int
    end: int
    link: Link | None

    malformed: bool = False
    """Not a URL after all (`https://[anonymized]`, `http://[::1`): shown as text, a warning."""

    @property
    def cut(self) -> bool:
        """A line break cut this URL: it is shown as text and reported, never linked."""
        return self.link is None and not self.malformed


def url_spans(text: str) -> list[UrlSpan]:
    """Every http(s) URL in `text`, in order, trimmed of the punctuation that follows it."""
    spans: list[UrlSpan] = []
    if "://" not in text:  # every URL has it; most texts have none, and skip the scan
        return spans
    for match in _URL.finditer(text):
        raw = _trim(match.group())
        if not raw:
            continue
        end = match.start() + len(raw)
        url = _LATEX_ESCAPE.sub(r"\1", raw)
        try:
            is_cut = _is_cut(url, text[end:])
        except ValueError:  # urlsplit refuses a bracketed host that is no IPv6 address
            spans.append(UrlSpan(match.start(), end, None, malformed=True))
            continue
        spans.append(UrlSpan(match.start(), end, None if is_cut else Link(url, classify(url))))
    return spans


@lru_cache(maxsize=1 << 17)
def find_links(text: str) -> tuple[Link, ...]:
    """The whole links of a text, each once, in order of appearance.

    Asked of each abstract by the code badge, the search flags, `papers.json` and the page:
    the cache keys on the abstract itself (not a copy) and holds only its few links.
    """
    seen: dict[str, Link] = {}
    for span in url_spans(text):
        if span.link is not None:
            seen.setdefault(span.link.url, span.link)
    return tuple(seen.values())


def paper_links(paper: Paper) -> tuple[Link, ...]:
    """The links a paper's records give (`code_url`, `url`), then those its abstract gives."""
    given = [Link(paper.code_url, "code")] if paper.code_url else []
    if paper.external_url:
        given.append(Link(paper.external_url, classify(paper.external_url)))
    seen: dict[str, Link] = {link.url: link for link in given}
    for link in find_links(paper.abstract):
        seen.setdefault(link.url, link)
    return tuple(seen.values())


def paper_has_code(paper: Paper) -> bool:
    """Whether a paper links to code, by its records' `code_url` or by its abstract."""
    return any(link.kind == "code" for link in paper_links(paper))


def attach_links(catalogue: Catalogue) -> Catalogue:
    """The catalogue with each paper's links found once, for its page, lists and exports."""
    papers = tuple(replace(paper, links=paper_links(paper)) for paper in catalogue.papers)
    return replace(catalogue, papers=papers)


def classify(url: str) -> LinkKind:
    """Code hosts, video sites, and everything else as a project page."""
    host = (urlsplit(url).hostname or "").lower()
    if _on(host, _CODE_HOSTS):
        return "code"
    if _on(host, _VIDEO_HOSTS):
        return "video"
    return "project"


def link_problems(catalogue: Catalogue) -> tuple[tuple[Problem, ...], tuple[Note, ...]]:
    """Warnings for the abstracts' URLs that cannot be read, and notes for those cut by a line
    break; each at the first source of its paper, in catalogue order."""
    warnings: list[Problem] = []
    notes: list[Note] = []
    for paper in catalogue.papers:
        for span in url_spans(paper.abstract):
            fragment = paper.abstract[span.start : span.end]
            if span.malformed:
                message = f"the abstract's URL {fragment} is not a valid URL; shown as text"
                warnings.append(Problem(paper.sources[0], message))
            elif span.cut:
                message = (
                    f"the abstract's URL {fragment} looks cut by a line break; "
                    "shown as text, not linked"
                )
                notes.append(Note(paper.sources[0], message))
    return tuple(warnings), tuple(notes)


def _trim(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION:
            url = url[:-1]
        elif last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last):
            # A closing bracket that opened before the URL ("(see https://x.io/)").
            url = url[:-1]
        else:
            break
    scheme_only = url.lower() in ("http:", "https:", "http:/", "https:/")
    return "" if scheme_only else url


def _is_cut(url: str, after: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if "." not in host.strip("."):
        return True  # "https://youtu" with "be/..." on the next line
    if url.endswith(_CUT_ENDINGS):
        return True
    if after.startswith(" ") and not after.startswith("  "):
        token = after[1:].split(" ", 1)[0].rstrip(_CONTINUATION_TRIM)
        return bool(token) and bool(_CONTINUATION.search(token))
    return False


def _on(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)
