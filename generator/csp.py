"""The Content-Security-Policy of a page, written from the page itself once it is rendered.

A page may run its own files (`script-src 'self'`) and the inline scripts that it holds where
the theme writes them, each listed by the SHA-256 hash of its text: nothing else. An inline
script that a theme upgrade adds or changes is listed by its new hash, so the upgrade cannot
break the site; an event handler attribute (`onerror=...`), a `javascript:` URL or a script
added after the build runs nowhere, since the policy allows no `'unsafe-inline'`.

Inline scripts and styles inside the page's `<article>` are never listed: that is where corpus
text lands (the theme writes neither there), so a script that escaped the escaping would still
not run.
Data blocks (`<script type="application/ld+json">`, Material's JSON configuration) are not run
by browsers and need no hash.

Styles follow the same rule (`style-src 'self'` and the hashes of the page's `<style>`
elements): no `style` attribute applies, so markup that escaped the escaping cannot restyle a
page either (overlay a fake link, hide a warning). The templates size things with attributes
instead (the topics' bars are SVG); Material's scripts set styles through the CSSOM
(`element.style.top = ...`), which a policy does not restrict.

The policy is a `<meta>` element, the first child of `<head>`, since a static host may send no
header: a browser applies a meta policy only to what follows it.

`papershelf serve` relaxes `script-src` to `'self' 'unsafe-inline'` in the pages it previews:
MkDocs' preview server adds an inline live-reload script to each page, different per request.
A built site never has it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from generator.errors import PolicyError

OTHER_DIRECTIVES = (
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
"""The directives after `default-src 'self'`, `script-src` and `style-src`, which list the
page's own inline scripts and styles."""

_JAVASCRIPT_TYPES = frozenset(
    {
        "",
        "module",
        "text/javascript",
        "application/javascript",
        "application/ecmascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    }
)
"""`type` values under which a browser runs a script (HTML's JavaScript MIME types)."""

_PARSER = etree.HTMLParser(huge_tree=True, no_network=True)
"""Reused: one parser per process, as lxml recommends; `huge_tree` for topic pages of many MB."""
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_CODE_TAG = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
_QUOTED_ATTRIBUTE = re.compile(r'\s*([a-z][a-z0-9-]*)="([^"]*)"')
_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def allow_live_reload(site_dir: Path) -> None:
    """Relax the policy of every page built in `site_dir` as `policy(live_reload=True)` does."""
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        found = _POLICY_META.search(html)
        if found is not None:
            meta = _meta(policy(html, live_reload=True))
            path.write_text(html[: found.start()] + meta + html[found.end() :], encoding="utf-8")


def source_hash(text: str) -> str:
    """A CSP source for an inline script or style: the SHA-256 hash of its text as a browser
    reads it."""
    # Browsers turn CR LF and lone CRs into LF before they read a page.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass(frozen=True, slots=True)
class InlineCode:
    """The text of a page's inline scripts that a browser would run, and of its `<style>`
    elements, outside its `<article>`, in the order of the page."""

    scripts: tuple[str, ...]
    styles: tuple[str, ...]


def inline_code(html: str) -> InlineCode:
    """The inline scripts and styles of `html` that its policy lists."""
    if not _may_hold_inline_code(html):
        return InlineCode((), ())
    # libxml2's HTML parser, as browsers do, reads a script's or a style's text as it is
    # written: no character reference is decoded, and it ends at the first `</script`.
    root = etree.fromstring(html, _PARSER)
    scripts: list[str] = []
    styles: list[str] = []
    for element in root.iter("script", "style") if root is not None else ():
        if next(element.iterancestors("article"), None) is not None:
            continue
        if element.tag == "style":
            styles.append(element.text or "")
        elif element.get("src") is None and runs(element.get("type")):
            scripts.append(element.text or "")
    return InlineCode(tuple(scripts), tuple(styles))


def _may_hold_inline_code(html: str) -> bool:
    """False when every `<script>` of the page loads a file or holds data, and it has no
    `<style>`: then it has no inline code, and need not be parsed (most pages, whose scripts
    are all files). Anything else, or anything unusual in a tag, is left to the parser."""
    for found in _CODE_TAG.finditer(html):
        if found.group(1).lower() == "style":
            return True
        attributes = found.group(2)
        names = dict(_QUOTED_ATTRIBUTE.findall(attributes))
        if _QUOTED_ATTRIBUTE.sub("", attributes).strip():
            return True  # an attribute not written name="value"
        if "src" not in names and runs(names.get("type")):
            return True
    return False


def policy(html: str, *, live_reload: bool = False) -> str:
    """The policy of a rendered page: `script-src` and `style-src` list its inline scripts and
    styles by hash, sorted.

    With `live_reload` (`papershelf serve`), inline scripts are allowed without hashes: the
    preview server adds one to every page it serves, different for each request.
    """
    code = inline_code(html)
    if live_reload:
        scripts = ["'self'", "'unsafe-inline'"]
    else:
        scripts = ["'self'", *sorted({source_hash(text) for text in code.scripts})]
    styles = ["'self'", *sorted({source_hash(text) for text in code.styles})]
    directives = [
        ("default-src", "'self'"),
        ("script-src", " ".join(scripts)),
        ("style-src", " ".join(styles)),
        *OTHER_DIRECTIVES,
    ]
    return "; ".join(f"{name} {value}" for name, value in directives)


def with_policy(html: str, page: str, *, live_reload: bool = False) -> str:
    """The page with its policy inserted as the first element of `<head>`; `page` names it in
    errors."""
    head = _HEAD.search(html)
    if head is None:
        raise PolicyError(page, "no <head> element to hold the Content-Security-Policy")
    meta = _meta(policy(html, live_reload=live_reload))
    return f"{html[: head.end()]}\n    {meta}{html[head.end() :]}"


def runs(script_type: str | None) -> bool:
    """Whether a browser runs a `<script>` of this `type` (data blocks it does not)."""
    return (script_type or "").strip().lower() in _JAVASCRIPT_TYPES


def allows(policy_text: str, directive: str, inline: str | None) -> bool:
    """Whether a policy lets an inline script or style apply under `directive` (`script-src`,
    `style-src`): its text `inline`, or a `style` attribute when `inline` is None, which no
    hash can list."""
    directives = {
        name.lower(): values
        for name, *values in (part.split() for part in policy_text.split(";") if part.strip())
    }
    sources = directives.get(directive, directives.get("default-src", []))
    if inline is not None and source_hash(inline) in sources:
        return True
    # A browser ignores 'unsafe-inline' when a hash or a nonce is listed.
    listed = any(source.startswith(("'sha", "'nonce-")) for source in sources)
    return "'unsafe-inline'" in sources and not listed


def _meta(content: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'
