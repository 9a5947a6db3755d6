"""The Content-Security-Policy written from each page: which scripts it lists, and where it goes."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from lxml import etree

from generator.csp import allow_live_reload, inline_code, policy, source_hash, with_policy
from generator.errors import PolicyError

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>t</title>
<script>var theme = 1;</script>
<script type="application/ld+json">{"a": "b"}</script>
<script id="__config" type="application/json">{"base": "."}</script>
<script src="assets/bundle.js"></script>
<style>:root{--md-text-font:"Roboto"}</style>
</head><body>
<article class="md-content__inner"><h1>t</h1><script>alert("in the content")</script>
<style>body{display:none}</style></article>
<script type="module">import "./a.js";</script>
<script type=" TEXT/JavaScript ">x &amp;&amp; y</script>
</body></html>
"""


def _directives(text: str) -> dict[str, list[str]]:
    parts = (part.split() for part in text.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_runnable_inline_scripts_and_styles_outside_the_content_are_found_as_written() -> None:
    code = inline_code(PAGE)
    assert code.scripts == ("var theme = 1;", 'import "./a.js";', "x &amp;&amp; y")
    assert code.styles == (':root{--md-text-font:"Roboto"}',)


def test_a_script_ends_where_a_browser_ends_it() -> None:
    page = "<html><head><script>a = '<\\/script>'; b = '<p>';</script></head></html>"
    assert inline_code(page).scripts == ("a = '<\\/script>'; b = '<p>';",)


def test_the_hash_is_over_the_utf8_text_with_line_breaks_as_browsers_read_them() -> None:
    expected = base64.b64encode(hashlib.sha256("a\nb ä".encode()).digest()).decode()
    assert source_hash("a\r\nb ä") == source_hash("a\rb ä") == f"'sha256-{expected}'"
    assert inline_code("<head><script>a\r\nb ä</script></head>").scripts == ("a\nb ä",)


def test_the_policy_lists_each_script_once_sorted_and_nothing_inline_else() -> None:
    page = PAGE.replace("</body>", "<script>var theme = 1;</script></body>")
    directives = _directives(policy(page))
    scripts = directives["script-src"]
    hashes = sorted({source_hash(text) for text in inline_code(PAGE).scripts})
    assert scripts == ["'self'", *hashes] and len(hashes) == 3
    assert source_hash('alert("in the content")') not in scripts
    assert directives["style-src"] == ["'self'", source_hash(':root{--md-text-font:"Roboto"}')]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'unsafe-inline'" not in directives["style-src"]


def test_a_preview_allows_the_live_reload_script() -> None:
    directives = _directives(policy(PAGE, live_reload=True))
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == _directives(policy(PAGE))["style-src"]


def test_pages_built_before_a_preview_began_are_relaxed(tmp_path: Path) -> None:
    page = tmp_path / "papers" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(with_policy(PAGE, "papers/x/index.html"), encoding="utf-8")
    allow_live_reload(tmp_path)
    assert page.read_text(encoding="utf-8") == with_policy(PAGE, "x", live_reload=True)


def test_the_policy_is_the_first_element_of_the_head() -> None:
    written = with_policy(PAGE, "index.html")
    head = etree.fromstring(written, etree.HTMLParser()).find("head")
    first = head[0]
    assert first.tag == "meta" and first.get("http-equiv") == "Content-Security-Policy"
    assert first.get("content") == policy(PAGE)
    # Nothing else of the page changes.
    start = written.index("\n    <meta http-equiv")
    end = written.index(">", start) + 1
    assert written[:start] + written[end:] == PAGE


def test_a_head_with_attributes_and_capitals_is_found() -> None:
    written = with_policy("<HTML><HEAD data-x='1'><title>t</title></HEAD></HTML>", "a.html")
    assert written.startswith("<HTML><HEAD data-x='1'>\n    <meta http-equiv=")


def test_a_page_without_a_head_is_one_line_naming_it() -> None:
    with pytest.raises(PolicyError) as raised:
        with_policy("<p>no head here</p>", "papers/x/index.html")
    assert str(raised.value) == (
        "papers/x/index.html: no <head> element to hold the Content-Security-Policy"
    )
