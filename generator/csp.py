"""The Content-Security-Policy of a page, written from the page itself once it is rendered.

A page may run its own files (`script-src 'self'`) and the inline scripts that it holds where
the theme writes them, each listed by the SHA-256 hash of its text: nothing else. An inline
script that a theme upgrade adds or changes is listed by its new hash, so the upgrade cannot
break the site; an event handler attribute (`onerror=...`), a `javascript:` URL or a script
added after the build runs nowhere, since the policy allows no `'unsafe-inline'`.

Inline scripts inside the page's `<article>` are never listed: that is where corpus text lands
(the theme writes no script there), so a script that escaped the escaping would still not run.
Data blocks (`<script type="application/ld+json">`, Material's JSON configuration) are not run
by browsers and need no hash.

Styles keep `style-src 'self' 'unsafe-inline'`, a decision: the topics overview sizes its bars
with `style` attributes, which hashes cannot list, and Material's own styles need nothing inline
(its scripts set styles through the CSSOM, which no policy restricts). Inline CSS cannot run a
script, and cannot load anything from another host (`default-src`, `img-src` and `font-src`
stay `'self'`), so a style that escaped the escaping could change how a page looks, not what it
runs or sends; the site holds no secret for a style to leak.

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
from pathlib import Path

from lxml import etree

from generator.errors import PolicyError

STATIC_DIRECTIVES = (
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
"""Every directive but `script-src`, which lists the page's own inline scripts."""

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
_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def allow_live_reload(site_dir: Path) -> None:
    """Relax the policy of every page built in `site_dir` as `policy(live_reload=True)` does."""
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        found = _POLICY_META.search(html)
        if found is not None:
            meta = _meta(policy(html, live_reload=True))
            path.write_text(html[: found.start()] + meta + html[found.end() :], encoding="utf-8")


def script_hash(text: str) -> str:
    """A CSP source for an inline script: the SHA-256 hash of its text as a browser reads it."""
    # Browsers turn CR LF and lone CRs into LF before they read a page.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script of `html` that a browser would run, outside `<article>`."""
    # libxml2's HTML parser, as browsers do, reads a script's text as it is written: no
    # character reference is decoded, and the script ends at the first `</script`.
    root = etree.fromstring(html, _PARSER)
    if root is None:
        return []
    return [
        script.text or ""
        for script in root.iter("script")
        if script.get("src") is None
        and (script.get("type") or "").strip().lower() in _JAVASCRIPT_TYPES
        and next(script.iterancestors("article"), None) is None
    ]


def policy(html: str, *, live_reload: bool = False) -> str:
    """The policy of a rendered page: `script-src` lists its inline scripts, sorted.

    With `live_reload` (`papershelf serve`), inline scripts are allowed without hashes: the
    preview server adds one to every page it serves, different for each request.
    """
    if live_reload:
        sources = ["'self'", "'unsafe-inline'"]
    else:
        sources = ["'self'", *sorted({script_hash(text) for text in inline_scripts(html)})]
    directives = [
        STATIC_DIRECTIVES[0],
        ("script-src", " ".join(sources)),
        *STATIC_DIRECTIVES[1:],
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


def _meta(content: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{content}">'
