"""Clean text: LaTeX remnants made readable, delimited maths rendered to safe MathML."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.text import (
    MATH_LENGTH_ATTRIBUTES,
    MAX_MATH_LENGTH_EM,
    MAX_MATH_SPACE_EM,
    length_em,
    plain_text,
    sanitise_mathml,
    segments,
)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        # Remnants found in the seed corpus.
        (r"delta ({\delta}) that decides", "delta (δ) that decides"),
        (r"an \epsilon-ball", "an ε-ball"),
        ("CIFAR-10 (epsilon=8{255})", "CIFAR-10 (epsilon=8/255)"),
        ("a total of {255} levels", "a total of 255 levels"),
        ("M^3GPT: An Advanced Multimodal", "M³GPT: An Advanced Multimodal"),
        ("at least 10^23 FLOPs", "at least 10²³ FLOPs"),
        ("requiring 5times less data", "requiring 5× less data"),
        ("achieved 13.7times and 3.0times", "achieved 13.7× and 3.0×"),
        ("ImageNet 64times 64", "ImageNet 64× 64"),
        (r"(\eg adapters) and \ie this", "(e.g. adapters) and i.e. this"),
        (r"an apparently na\"{\i}ve technique", "an apparently naïve technique"),
        (r"Fr\'echet Inception Distance", "Fréchet Inception Distance"),
        (r"LL\"aMmlein models", "LLäMmlein models"),
        ("{D}en{o}ising {T}raining", "Denoising Training"),
        (r"75.3\% top-1, train \& test", "75.3% top-1, train & test"),
        ("language models~(PLMs)", "language models\u00a0(PLMs)"),
        ("i.e.~it does not", "i.e.\u00a0it does not"),
        ("the next step (u_{t+1})", "the next step (uₜ₊₁)"),
        # General symbol tables, not one title each.
        (r"a \times b \leq c \geq d \approx e \sim f", "a × b ≤ c ≥ d ≈ e ∼ f"),
        (r"\infty, \pm 1, x \rightarrow y, \Gamma", "∞, ± 1, x → y, Γ"),
        (r"\textbf{bold} and \emph{\textit{nested}}", "bold and nested"),
    ],
)
def test_latex_remnants_become_readable(written: str, shown: str) -> None:
    assert plain_text(written) == shown


@pytest.mark.parametrize(
    "written",
    [
        "sometimes it works",  # "times" inside a word, no digit before it
        "5 times faster",  # prose, spaced
        "5timesteps",  # a longer word
        "by ~3% and 1~5 demonstrations (~50%)",  # a tilde meaning "about" or a range
        "the jacket temperature (T_j) and singh_flava_2022",  # bare underscores: identifiers
        "x^{ab} stays",  # letters with no superscript form stay as written
    ],
)
def test_look_alikes_are_left_as_written(written: str) -> None:
    assert plain_text(written) == written


def test_unknown_macros_stay_as_written_and_the_self_name_macro_reads_as_the_short_name() -> None:
    assert plain_text(r"we propose \foo, a \bar{x} method") == r"we propose \foo, a \bar{x} method"
    assert plain_text(r"we propose \sysname, which") == r"we propose \sysname, which"
    assert plain_text(r"we propose \sysname, which", "DarwinLM") == "we propose DarwinLM, which"


def test_markdown_looking_characters_are_never_formatting() -> None:
    text = "**bold** and *em*, _under_ # not a heading `code` [a](b) > quote"
    assert segments(text) == segments(text)
    assert plain_text(text) == text
    assert [segment.kind for segment in segments(text)] == ["text"]


def test_template_syntax_is_text() -> None:
    text = "{{ 7 * 7 }} and {% if true %}x{% endif %}"
    assert plain_text(text) == text


def _math(text: str) -> list[ElementTree.Element]:
    found = [segment for segment in segments(text) if segment.kind == "math"]
    return [ElementTree.fromstring(str(segment.markup)) for segment in found]


def test_delimited_maths_becomes_mathml() -> None:
    parts = segments(r"a loss $x^2 + \epsilon$ and \(a \leq b\) then $$\sum_i x_i$$ end")
    assert [part.kind for part in parts] == ["text", "math", "text", "math", "text", "math", "text"]
    assert parts[0].text == "a loss "
    elements = _math(r"a loss $x^2 + \epsilon$ and \(a \leq b\) then $$\sum_i x_i$$ end")
    assert [element.tag for element in elements] == ["math", "math", "math"]
    assert [element.get("display") for element in elements] == ["inline", "inline", "block"]
    assert elements[0].find("./mrow/msup") is not None
    assert parts[1].text == "x² + ε", "plain text keeps a readable formula"


@pytest.mark.parametrize(
    "money",
    [
        "It costs $5 and $10 per run.",
        "$5 and $10",
        "Budgets from $20,000 to $30,000 were tried.",
        "between $5 for small runs and 10$ for large runs",
        "a lone $ sign and 5$",
        r"an escaped \$x\$ pair",
    ],
)
def test_dollars_used_as_money_stay_text(money: str) -> None:
    assert [segment.kind for segment in segments(money)] == ["text"]
    assert plain_text(money) == money.replace(r"\$", "$")


@pytest.mark.parametrize(
    "hostile",
    [
        "$<script>alert(1)</script>$",
        r"$\text{<script>alert(1)</script>}$",
        r"$\text{<img src=x onerror=alert(1)>}$",
        r"$\href{javascript:alert(1)}{x}$",
        r"$\style{background:url(x)}{x}$",
        r"$\class{evil}{x}$ and \(\color{red}{y}\)",
        r"$\mathrm{<img src=x onerror=alert(1)>}$",
    ],
)
def test_hostile_maths_cannot_add_elements_or_attributes(hostile: str) -> None:
    for segment in segments(hostile):
        if segment.kind != "math":
            assert segment.markup is None  # text: escaped by the template
            continue
        root = ElementTree.fromstring(str(segment.markup))
        for element in root.iter():
            assert element.tag in {"math", "mrow", "mi", "mn", "mo", "mtext", "msup", "mstyle"}
            assert set(element.attrib) <= {"display", "stretchy", "mathvariant"}
        assert "<script" not in str(segment.markup)


def test_sanitiser_refuses_foreign_elements_and_drops_unknown_attributes() -> None:
    ns = 'xmlns="http://www.w3.org/1998/Math/MathML"'
    assert sanitise_mathml(f"<math {ns}><script>x</script></math>") is None
    assert sanitise_mathml("<svg><g/></svg>") is None
    assert sanitise_mathml("<math><mi>x</mi>") is None
    kept = sanitise_mathml(f'<math {ns} display="inline" onclick="x"><mi href="y">&lt;</mi></math>')
    assert str(kept) == '<math display="inline"><mi>&lt;</mi></math>'


def _lengths(text: str) -> list[tuple[str, str, float]]:
    """(element, attribute, length in em) of every length attribute in the text's maths."""
    found = []
    for segment in segments(text):
        if segment.markup is None:
            continue
        for element in ElementTree.fromstring(str(segment.markup)).iter():
            for name, value in element.attrib.items():
                if name in MATH_LENGTH_ATTRIBUTES:
                    for part in value.split():
                        em = length_em(part)
                        assert em is not None, (name, value)
                        found.append((element.tag, name, em))
    return found


def test_lengths_are_read_in_em() -> None:
    assert length_em("2em") == 2.0
    assert length_em("-18mu") == pytest.approx(-1.0)
    assert length_em("16px") == pytest.approx(1.0)
    assert length_em("2.54cm") == pytest.approx(6.0)
    assert length_em("50%") == 0.5
    assert length_em("thinmathspace") == pytest.approx(3 / 18)
    assert length_em("[") is None
    assert length_em("1e9em") is None


def test_sizes_in_maths_are_capped() -> None:
    lengths = _lengths(r"Huge $\hspace{100000cm}\rule{5000cm}{5000cm}$ and $\kern99in x$")
    assert [(tag, name) for tag, name, _ in lengths] == [
        ("mspace", "width"),
        ("mspace", "height"),
        ("mspace", "width"),
        ("mspace", "width"),
    ]
    assert all(abs(em) <= MAX_MATH_LENGTH_EM for _, _, em in lengths)
    assert max(em for _, _, em in lengths) == MAX_MATH_LENGTH_EM


def test_a_formula_adds_little_horizontal_space_in_all() -> None:
    many = "$" + r"\hspace{1cm}" * 25 + "x$"
    widths = [em for _, name, em in _lengths(many) if name == "width"]
    assert len(widths) == 25
    assert sum(widths) == pytest.approx(MAX_MATH_SPACE_EM, abs=0.01)  # written to 1/1000 em


def test_ordinary_sizes_are_kept_as_written() -> None:
    kept = segments(r"$a\quad b \Bigg( \mathrlap{c}$")[0].markup
    assert 'width="1em"' in str(kept) and 'maxsize="2.470em"' in str(kept)
    assert 'width="0px"' in str(kept)


def test_unreadable_sizes_and_growing_text_are_dropped() -> None:
    ns = 'xmlns="http://www.w3.org/1998/Math/MathML"'
    mathml = (
        f'<math {ns}><mspace width="[" height="2em"/>'
        '<mstyle scriptlevel="-9"><mi>x</mi></mstyle></math>'
    )
    assert str(sanitise_mathml(mathml)) == (
        '<math><mspace height="2em"></mspace><mstyle><mi>x</mi></mstyle></math>'
    )


def test_links_inside_text_become_link_segments_and_cut_ones_stay_text() -> None:
    parts = segments("Code at {blue{https://github.com/a/b}}. Or https://github.com/c/d- e/f")
    assert [part.kind for part in parts] == ["text", "link", "text"]
    assert parts[1].link is not None and parts[1].link.url == "https://github.com/a/b"
    assert parts[2].text == ". Or https://github.com/c/d- e/f"


# --- any text at all ---------------------------------------------------------------------------

_TEX = st.lists(
    st.sampled_from(
        [
            "$",
            "$$",
            "\\(",
            "\\)",
            "\\[",
            "\\]",
            "{",
            "}",
            "^",
            "_",
            "\\",
            "\\frac",
            "\\sqrt",
            "\\hspace{1cm}",
            "\\rule{1cm}{1cm}",
            "\\mathbf",
            "\\left(",
            "\\right)",
            "\\begin{",
            "\\end{",
            "matrix}",
            "&",
            "\\\\",
            "\\alpha",
            "\\'",
            '\\"',
            "\\i",
            "x",
            "1",
            " ",
            "https://",
            "[::1",
            "]",
            "<",
            ">",
            "\x00",
            "\x1b",
            "\ud800",
            "\U0001d400",
            "times",
        ]
    )
    | st.text(max_size=4)
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.text() | _TEX, st.none() | st.text(max_size=8))
@example("$\ud800$", None)  # a lone surrogate in a formula
@example("see https://[anonymized] and http://[::1", None)
def test_no_text_makes_the_cleaner_raise(text: str, short_name: str | None) -> None:
    """Whatever an abstract holds, it becomes segments, and plain text, without an error."""
    pieces = segments(text, short_name)
    for piece in pieces:
        assert piece.kind in ("text", "math", "link")
        if piece.markup is not None:
            ElementTree.fromstring(str(piece.markup))  # well-formed MathML, or nothing
    assert isinstance(plain_text(text, short_name), str)
