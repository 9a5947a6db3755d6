"""Whitespace collapsed in built pages, and only where a browser shows it as one space."""

from __future__ import annotations

from html.parser import HTMLParser

from generator.whitespace import collapse_whitespace


def test_indentation_and_blank_lines_become_one_line_break() -> None:
    html = "<span>One</span>\n    \n\n      <a>Two</a>\n   <b>Three</b>"
    assert collapse_whitespace(html) == "<span>One</span>\n<a>Two</a>\n<b>Three</b>"


def test_a_line_break_next_to_a_block_goes() -> None:
    html = "<ul>\n    <li>One</li>\n\n      \n    <li>Two</li>\n</ul>\n<p>x</p>\n   <span>y</span>"
    assert collapse_whitespace(html) == "<ul><li>One</li><li>Two</li></ul><p>x</p><span>y</span>"
    html = '<head>\n  <meta charset="utf-8">\n  <title>T</title>\n</head>'
    assert collapse_whitespace(html) == '<head><meta charset="utf-8"><title>T</title></head>'


def test_a_line_break_between_inline_elements_stays_a_space() -> None:
    # Buttons side by side, a link beside a script, a byline's inline "and N more".
    for html in (
        "<button>Copy</button>\n<button>Copy link</button>",
        "<a>x</a>\n<script>1</script>\n<a>y</a>",
        "<span>a</span>\n<details>\n<summary>and 3 more</summary>\n</details>",
        "word\n<!-- a <p> comment -->\nword",
    ):
        assert collapse_whitespace(html) == html


def test_a_line_break_beside_an_element_kept_whole_goes_only_next_to_a_block() -> None:
    html = "<div>\n  <pre>a\n b</pre>\n  <span>x</span>\n</div>\n<script>\n1\n</script>\n<a>y</a>"
    expected = "<div><pre>a\n b</pre><span>x</span></div><script>\n1\n</script>\n<a>y</a>"
    assert collapse_whitespace(html) == expected


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
        html = f"<span>\n   {element}\n   </span>"
        # (A <pre> is a block: the line breaks beside it go; those inside it stay.)
        assert collapse_whitespace(html).split(element) in (
            ["<span>\n", "\n</span>"],
            ["<span>", "</span>"],
        )


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
