"""Whitespace collapsed in built pages, and only where a browser shows it as one space."""

from __future__ import annotations

from html.parser import HTMLParser

from generator.whitespace import collapse_whitespace


def test_indentation_and_blank_lines_become_one_line_break() -> None:
    html = "<ul>\n    <li>One</li>\n\n      \n    <li>Two</li>\n</ul>\n"
    assert collapse_whitespace(html) == "<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n"


def test_spaces_without_a_line_break_are_left_alone() -> None:
    html = "<p>Two  spaces and a\ttab</p> <b>x</b>"
    assert collapse_whitespace(html) == html


def test_preformatted_text_scripts_styles_and_comments_are_kept_whole() -> None:
    kept = [
        '<pre class="ps-bibtex"><code>@misc{a,\n  title = {A},\n}</code></pre>',
        "<textarea>\n  typed\n</textarea>",
        "<script>\n  let a = 1\n  let b = `x\n   y`\n</script>",
        "<style>\n  p {\n    color: red;\n  }\n</style>",
        "<!-- a\n   comment <pre> -->",
    ]
    for element in kept:
        html = f"<div>\n   {element}\n   </div>"
        assert collapse_whitespace(html) == f"<div>\n{element}\n</div>"


def test_a_tag_over_several_lines_is_written_on_one_and_its_values_keep_line_breaks() -> None:
    html = '<button type="button"\n        data-copy="@misc{a,\n  title = {A}}"\n    hidden>'
    collapsed = collapse_whitespace(html)
    assert collapsed == '<button type="button" data-copy="@misc{a,&#10;  title = {A}}" hidden>'
    # The same attributes and values, as a browser's parser reads them.
    assert _attributes(collapsed) == _attributes(html)


def test_a_line_break_in_a_single_quoted_value_is_kept_too() -> None:
    html = "<a title='one\ntwo'\n   href=x>"
    assert collapse_whitespace(html) == "<a title='one&#10;two' href=x>"


def _attributes(html: str) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(attrs)

    Reader().feed(html)
    return found
