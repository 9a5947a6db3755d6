"""Readable text from titles and abstracts: LaTeX remnants cleaned, maths rendered as MathML.

Listing sites strip LaTeX only in part. What is left falls in three kinds, each with its rule:

- delimited maths (`$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`) is rendered to MathML at build time by
  latex2mathml, then passed through an allowlist of MathML elements and attributes, so that
  nothing inside the delimiters can add a script, a link or a style, and sizes are capped
  (below) so that no formula can stretch a page. A `$` is maths only under
  Pandoc's rule (the opening `$` has a non-space on its right, the closing one a non-space on
  its left and no digit after it), and an opening `$` before a number whose "maths" reads as
  prose is money: `$5 and $10` stays text;
- known commands outside maths become Unicode by general tables (Greek letters, operators,
  arrows, accents, escaped characters, the well-known abbreviation macros `\\eg`, `\\ie`), and
  `^3`/`^{23}`/`_{t+1}` become superscripts and subscripts when Unicode has every character;
- remnants whose backslash the listing dropped: `5times` (a number glued to `times`, always
  `\\times`, since no English word is spelled so) becomes `5×`; `8{255}` (a number glued to a
  braced number, what `\\frac{8}{255}` leaves) becomes `8/255`; other braces around a word
  (`{255}`, `{D}en{o}ising`) are dropped.

Unknown macros are kept as written (`\\foo`): the reader sees that something was not expanded,
and no word is made up. The one exception is the macro a paper uses for its own system's name
(`\\sysname`, `\\method`, ...), which reads as the paper's short name when its title gives one.

Text is never run through Markdown: `*`, `_`, `#` and backticks are shown as written.

Sizes in MathML (`\\hspace{100000cm}`, `\\rule{5000cm}{5000cm}`, `\\Bigg`) are lengths on
attributes: each is capped at `MAX_MATH_LENGTH_EM` (TeX's widest named space, `\\qquad`, is
2 em; `\\Bigg` is 2.47 em), the horizontal space of one formula (every `width`, `lspace` and
`rspace`) at `MAX_MATH_SPACE_EM` in all, and a length that cannot be read is dropped;
`scriptlevel` may only shrink text (`mathsize` is not allowed at all).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from latex2mathml.converter import convert as latex_to_mathml
from markupsafe import Markup, escape

from generator.links import url_spans
from generator.model import Link

_CONTROLS = [*range(0x20), *range(0x7F, 0xA0)]
_SPACES = str.maketrans({"\ufeff": None, "\u200b": None} | {chr(c): " " for c in _CONTROLS})
"""Zero-width spaces and stray byte-order marks go; control characters become spaces."""


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace or control characters into one space, and trim."""
    # str.split() splits on what str.isspace() calls whitespace, controls now among it.
    return " ".join(text.translate(_SPACES).split())


SegmentKind = Literal["text", "math", "link"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a cleaned text: plain text, a rendered formula, or a link from the text."""

    kind: SegmentKind
    text: str
    """What the piece reads as in plain text (the formula as Unicode, the link's URL)."""
    markup: Markup | None = None
    """For maths: the sanitised MathML element."""
    link: Link | None = None


SYMBOLS: dict[str, str] = {
    # Greek letters
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    # Operators and relations
    "times": "×", "cdot": "·", "div": "÷", "pm": "±", "mp": "∓", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃",
    "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "infty": "∞",
    "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "sqrt": "√",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇",
    "cup": "∪", "cap": "∩", "forall": "∀", "exists": "∃", "neg": "¬", "land": "∧",
    "lor": "∨", "emptyset": "∅", "circ": "∘", "ast": "∗", "star": "⋆", "oplus": "⊕",
    "otimes": "⊗", "ell": "ℓ", "prime": "′", "degree": "°", "deg": "°",
    # Arrows
    "rightarrow": "→", "to": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "uparrow": "↑",
    "downarrow": "↓", "mapsto": "↦", "longrightarrow": "⟶",
    # Text symbols
    "ldots": "…", "dots": "…", "cdots": "⋯", "dagger": "†", "ddagger": "‡", "S": "§",
    "P": "¶", "checkmark": "✓", "copyright": "©", "textregistered": "®",
    "texttrademark": "™", "textasciitilde": "~", "textbackslash": "\\", "ss": "ß",
    "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
    "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}  # fmt: skip
"""Commands that name one symbol, and the symbol."""

ABBREVIATIONS: dict[str, str] = {
    "eg": "e.g.", "ie": "i.e.", "etal": "et al.", "etc": "etc.", "wrt": "w.r.t.",
    "vs": "vs.", "cf": "cf.", "aka": "a.k.a.",
}  # fmt: skip
"""The abbreviation macros that conference style files define."""

SELF_NAME_MACROS = frozenset(
    {"sysname", "methodname", "modelname", "algname", "method", "model", "ours", "system"}
)
"""Macros that papers define for their own system's name; they read as the paper's short name."""

_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "r": "\u030a",
    "k": "\u0328",
}  # fmt: skip
_SYMBOL_ACCENT = re.compile(
    r"""\\(["'`^~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij]|[A-Za-z]))"""
)
_LETTER_ACCENT = re.compile(r"\\([cvuHrk])\s*\{\s*(\\[ij]|[A-Za-z])\s*\}")
_ESCAPED = re.compile(r"\\([%&_#$])")
_SPACING = re.compile(r"\\[,;:! ]|\\\\")
_FORMATTING = re.compile(
    r"\\(?:textbf|textit|emph|texttt|textsf|textrm|textsc|underline|mathrm|mathbf|mathit"
    r"|mathcal|mathbb|text|url|mbox)\s*\{([^{}]*)\}"
)
_COLOUR_NAMES = (
    "red|blue|green|cyan|magenta|yellow|black|gray|grey|white|orange|purple|brown|teal|violet"
    "|pink|olive|lime|darkgray|lightgray"
)
# `\textcolor{blue}{x}`, and the `{blue{x}}` a listing leaves of it once backslashes go.
_COLOUR = re.compile(
    rf"\\textcolor\s*\{{(?:{_COLOUR_NAMES})\}}\{{([^{{}}]*)\}}|\{{(?:{_COLOUR_NAMES})\{{([^{{}}]*)\}}\}}",
    re.IGNORECASE,
)
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_TIMES_REMNANT = re.compile(r"(\d)times(?![A-Za-z])")
_FRACTION_REMNANT = re.compile(r"(?<![\w.])(\d+)\{(\d+)\}")
_WORD_BRACES = re.compile(r"(?<![\^_\\])\{([^{}\s\\]*)\}")
_AFTER_COMMAND = re.compile(r"\\[A-Za-z]+$")
_TIE = re.compile(r"(?<=[A-Za-z.)\]])~(?=\S)")
_SUPERSCRIPT = re.compile(r"\^(?:\{([^{}]+)\}|([-+]?\d+))")
_SUBSCRIPT = re.compile(r"_\{([^{}]+)\}")
_SUPERSCRIPTS = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
_SUBSCRIPTS = dict(
    zip("0123456789+-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)

# Maths delimiters: display forms first, so that `$$` is never read as two `$`.
_DELIMITED = re.compile(
    r"(?<!\\)\$\$(?P<dd>.+?)(?<!\\)\$\$|\\\[(?P<bd>.+?)\\\]|\\\((?P<pi>.+?)\\\)|(?<!\\)\$"
)
_PROSE_IN_MONEY = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")
_MATH_MAX_CHARS = 400

MAX_MATH_LENGTH_EM = 3.0
"""The largest length a MathML attribute may give, in em: `\\Bigg` delimiters are 2.47 em."""
MAX_MATH_SPACE_EM = 6.0
"""The horizontal space one formula may add in all, in em: three `\\qquad`s."""
MATH_LENGTH_ATTRIBUTES = frozenset({
    "width", "height", "depth", "lspace", "rspace", "minsize", "maxsize", "linethickness",
    "columnspacing", "rowspacing",
})  # fmt: skip
"""MathML attributes that hold lengths (or lists of them), which can stretch a page."""
_HORIZONTAL = frozenset({"width", "lspace", "rspace"})
_EM_PER_UNIT = {
    "em": 1.0, "ex": 0.5, "mu": 1 / 18, "px": 1 / 16, "pt": 1 / 12, "pc": 1.0, "in": 6.0,
    "cm": 6 / 2.54, "mm": 6 / 25.4, "": 1.0,
}  # fmt: skip
"""CSS units in em, at the browser's default 16 px em (`mu` is TeX's 1/18 em); a bare number,
as in `linethickness`, is taken as a multiple of the default."""
_LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(em|ex|mu|px|pt|pc|in|cm|mm|%)?\s*")
_NAMED_LENGTHS = {
    "veryverythinmathspace": 1 / 18, "verythinmathspace": 2 / 18, "thinmathspace": 3 / 18,
    "mediummathspace": 4 / 18, "thickmathspace": 5 / 18, "verythickmathspace": 6 / 18,
    "veryverythickmathspace": 7 / 18, "thin": 0.05, "medium": 0.1, "thick": 0.2,
}  # fmt: skip

_MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
_MATHML_ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot", "msub",
    "msup", "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle",
    "mpadded", "mphantom", "menclose", "mfenced", "semantics",
})  # fmt: skip
_MATHML_ATTRIBUTES = frozenset({
    "display", "stretchy", "fence", "separator", "lspace", "rspace", "mathvariant", "accent",
    "accentunder", "movablelimits", "largeop", "symmetric", "minsize", "maxsize", "linethickness",
    "columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines",
    "displaystyle", "scriptlevel", "width", "height", "depth", "form", "notation", "open",
    "close", "separators",
})  # fmt: skip


@lru_cache(maxsize=4096)
def segments(text: str, short_name: str | None = None) -> tuple[Segment, ...]:
    """The cleaned text as segments of prose, rendered maths and links, in order."""
    text = _COLOUR.sub(lambda m: m.group(1) or m.group(2) or "", text)
    result: list[Segment] = []
    position = 0
    for start, end, tex, display in _maths(text):
        result.extend(_prose_segments(text[position:start], short_name))
        result.append(_math_segment(tex, display, text[start:end], short_name))
        position = end
    result.extend(_prose_segments(text[position:], short_name))
    return tuple(_merge_text(result))


def plain_text(text: str, short_name: str | None = None) -> str:
    """The cleaned text as plain Unicode, for titles, descriptions and metadata."""
    return "".join(segment.text for segment in segments(text, short_name))


def clean_prose(text: str, short_name: str | None = None) -> str:
    """Prose outside maths with its LaTeX remnants made readable (the rules in the docstring)."""
    # Each rule runs only on text holding the character its every match needs: most prose
    # has no backslash, caret or brace, and skips the scans.
    if "\\" in text:
        text = _SYMBOL_ACCENT.sub(_accented, text)
        text = _LETTER_ACCENT.sub(_accented, text)
        text = _ESCAPED.sub(r"\1", text)
        text = _SPACING.sub(" ", text)
        for _ in range(3):  # nested formatting: \textbf{\emph{x}}
            text = _FORMATTING.sub(r"\1", text)
        text = _COMMAND.sub(lambda m: _command(m, short_name), text)
    if "^" in text:
        text = _SUPERSCRIPT.sub(lambda m: _script(m, _SUPERSCRIPTS), text)
    if "_{" in text:
        text = _SUBSCRIPT.sub(lambda m: _script(m, _SUBSCRIPTS), text)
    if "times" in text:
        text = _TIMES_REMNANT.sub(r"\1×", text)
    if "{" in text:
        text = _FRACTION_REMNANT.sub(r"\1/\2", text)
        for _ in range(3):  # nested groups: {{x}}
            text = _WORD_BRACES.sub(_unbrace, text)
    if "~" in text:
        text = _TIE.sub("\u00a0", text)
    return text


def sanitise_mathml(mathml: str) -> Markup | None:
    """The MathML re-serialised with allowed elements and attributes only; None if refused."""
    try:
        root = ElementTree.fromstring(mathml)
    except (ElementTree.ParseError, UnicodeEncodeError):  # a lone surrogate cannot be UTF-8
        return None
    parts: list[str] = []
    if not _serialise(root, parts, [MAX_MATH_SPACE_EM]):
        return None
    return Markup("".join(parts))


def length_em(value: str) -> float | None:
    """A MathML length (`2em`, `-3.5cm`, `thinmathspace`, `50%`) in em, or None if unreadable;
    a percentage counts as that share of one em."""
    named = _NAMED_LENGTHS.get(value.strip())
    if named is not None:
        return named
    match = _LENGTH.fullmatch(value)
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2) or ""
    return number / 100 if unit == "%" else number * _EM_PER_UNIT[unit]


def _capped(name: str, value: str, space: list[float]) -> str | None:
    """The attribute's value within the caps, or None to drop it; `space` holds what is left
    of the formula's horizontal space."""
    if name == "scriptlevel":
        level = value.strip()
        return level if level in {"0", "1", "2", "+1", "+2"} else None
    if name not in MATH_LENGTH_ATTRIBUTES:
        return value
    lengths = [length_em(part) for part in value.split()]
    if not lengths or any(length is None for length in lengths):
        return None
    capped = [max(-MAX_MATH_LENGTH_EM, min(MAX_MATH_LENGTH_EM, e or 0.0)) for e in lengths]
    if name in _HORIZONTAL:
        capped = [min(e, space[0]) if e > 0 else e for e in capped]
        space[0] -= sum(e for e in capped if e > 0)
    if capped == lengths:
        return value
    return " ".join(f"{e:.3f}".rstrip("0").rstrip(".") + "em" for e in capped)


def _maths(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, TeX, display) of each delimited formula, in order."""
    found: list[tuple[int, int, str, bool]] = []
    position = 0
    while match := _DELIMITED.search(text, position):
        if match.group("dd") or match.group("bd"):
            tex = match.group("dd") or match.group("bd")
            found.append((match.start(), match.end(), tex, True))
            position = match.end()
        elif match.group("pi"):
            found.append((match.start(), match.end(), match.group("pi"), False))
            position = match.end()
        else:
            close = _closing_dollar(text, match.start())
            if close is None:
                position = match.start() + 1
                continue
            found.append((match.start(), close + 1, text[match.start() + 1 : close], False))
            position = close + 1
    return [span for span in found if len(span[2]) <= _MATH_MAX_CHARS and span[2].strip()]


def _closing_dollar(text: str, start: int) -> int | None:
    after = text[start + 1 : start + 2]
    if not after or after.isspace():
        return None
    index = start + 1
    while (index := text.find("$", index + 1)) != -1:
        if text[index - 1] == "\\":
            continue
        if text[index - 1].isspace() or text[index + 1 : index + 2].isdigit():
            continue  # not a closing `$` (Pandoc's rule)
        content = text[start + 1 : index]
        if after.isdigit() and _PROSE_IN_MONEY.search(content):
            return None  # "$5 for ten runs, about 3$": prices, not maths
        return index
    return None


def _math_segment(tex: str, display: bool, written: str, short_name: str | None) -> Segment:
    readable = clean_prose(_unicode_tex(tex), short_name)
    try:
        mathml = latex_to_mathml(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many types for TeX it cannot read
        mathml = ""
    markup = sanitise_mathml(mathml) if mathml else None
    if markup is None:
        return Segment("text", clean_prose(written, short_name))
    return Segment("math", readable, markup=markup)


def _unicode_tex(tex: str) -> str:
    """A formula as readable Unicode for plain-text uses: symbols mapped, braces kept for now."""
    return _COMMAND.sub(lambda m: SYMBOLS.get(m.group(1), m.group(0)), tex)


def _prose_segments(text: str, short_name: str | None) -> list[Segment]:
    result: list[Segment] = []
    position = 0
    for span in url_spans(text):
        result.append(Segment("text", clean_prose(text[position : span.start], short_name)))
        if span.link is None:
            result.append(Segment("text", text[span.start : span.end]))
        else:
            result.append(Segment("link", span.link.url, link=span.link))
        position = span.end
    result.append(Segment("text", clean_prose(text[position:], short_name)))
    return result


def _merge_text(pieces: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for piece in pieces:
        if piece.kind == "text" and not piece.text:
            continue
        if piece.kind == "text" and merged and merged[-1].kind == "text":
            merged[-1] = Segment("text", merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def _unbrace(match: re.Match[str]) -> str:
    # The argument of a macro that is kept as written stays braced: `\\bar{x}`.
    if _AFTER_COMMAND.search(match.string, 0, match.start()):
        return match.group(0)
    return match.group(1)


def _accented(match: re.Match[str]) -> str:
    accent = _ACCENTS[match.group(1)]
    letter = next(group for group in match.groups()[1:] if group)
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter)
    return unicodedata.normalize("NFC", base + accent)


def _command(match: re.Match[str], short_name: str | None) -> str:
    name = match.group(1)
    if name in SYMBOLS:
        return SYMBOLS[name]
    if name in ABBREVIATIONS:
        return ABBREVIATIONS[name]
    if name in SELF_NAME_MACROS and short_name:
        return short_name
    return match.group(0)


def _script(match: re.Match[str], table: dict[str, str]) -> str:
    chars = match.group(1) if match.group(1) is not None else match.group(2)
    if all(ch in table for ch in chars):
        return "".join(table[ch] for ch in chars)
    return match.group(0)


def _serialise(element: ElementTree.Element, parts: list[str], space: list[float]) -> bool:
    if not element.tag.startswith(_MATHML_NS):
        return False
    name = element.tag.removeprefix(_MATHML_NS)
    if name not in _MATHML_ELEMENTS:
        return False
    kept = (
        (key, _capped(key, value, space))
        for key, value in sorted(element.attrib.items())
        if key in _MATHML_ATTRIBUTES
    )
    attributes = "".join(f' {key}="{escape(value)}"' for key, value in kept if value is not None)
    parts.append(f"<{name}{attributes}>")
    parts.append(str(escape(element.text or "")))
    for child in element:
        if not _serialise(child, parts, space):
            return False
        parts.append(str(escape(child.tail or "")))
    parts.append(f"</{name}>")
    return True
