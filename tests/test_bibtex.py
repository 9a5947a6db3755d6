"""Tests of generator.bibtex: entries parsed back by bibtexparser, LaTeX decoded by pylatexenc."""

from __future__ import annotations

import dataclasses
import datetime
import re

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from generator.bibtex import bibtex_entries, citation_keys, entry, family_name, has_entry
from generator.corpus import read_corpus
from generator.model import Paper, Source, build_catalogue
from tests.conftest import FIXTURES, REPO


def _decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    # The text-mode commands for TeX's specials, which pylatexenc does not know by default.
    specials = {
        "textbraceleft": "{",
        "textbraceright": "}",
        "textbackslash": "\\",
        "textasciitilde": "~",
        "textasciicircum": "^",
    }
    macros = [MacroTextSpec(name, text) for name, text in specials.items()]
    context.add_context_category("tex-specials", prepend=True, macros=macros)
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", strict_latex_spaces=True)


DECODE = _decoder()


def parse(text: str) -> list[dict[str, str]]:
    parser = BibTexParser(common_strings=False, interpolate_strings=False)
    parser.ignore_nonstandard_types = False
    entries: list[dict[str, str]] = bibtexparser.loads(text, parser).entries
    return entries


def paper(title: str, authors: tuple[str, ...] = ("Ada Lovelace",), **more: object) -> Paper:
    fields: dict[str, object] = {"date": datetime.date(2024, 3, 18)} | more
    slug = str(more.pop("slug", title.lower().replace(" ", "-")))
    fields.pop("slug", None)
    return Paper(slug, title, "", None, (Source("a.jsonl", 1),), authors=authors, **fields)  # type: ignore[arg-type]


def round_trip(item: Paper, key: str = "key2024") -> dict[str, str]:
    (parsed,) = parse(entry(item, key))
    return parsed


def test_every_entry_of_the_fixtures_parses_back_to_the_paper() -> None:
    catalogue = build_catalogue(read_corpus([FIXTURES / "records"], REPO))
    entries = bibtex_entries(catalogue.papers)
    with_entry = [p for p in catalogue.papers if has_entry(p)]
    assert sorted(entries) == sorted(p.slug for p in with_entry)
    assert len(entries) == 6
    parsed = parse("\n".join(entries.values()))
    assert sorted(e["ID"] for e in parsed) == sorted(citation_keys(catalogue.papers).values())
    by_key = {e["ID"]: e for e in parsed}
    for item in with_entry:
        back = by_key[citation_keys(catalogue.papers)[item.slug]]
        assert back["ENTRYTYPE"] == "misc"
        assert DECODE.latex_to_text(back["title"]) == item.title
        names = [DECODE.latex_to_text(name) for name in back["author"].split(" and ")]
        assert len(names) == len(item.authors)
        assert back["year"] == str(item.date.year if item.date else "")
        if item.arxiv_id:
            assert (back["eprint"], back["archiveprefix"]) == (item.arxiv_id, "arXiv")
        else:
            assert "eprint" not in back
        assert back.get("primaryclass") == item.primary_class


def test_arxiv_fields_and_the_key() -> None:
    catalogue = build_catalogue(read_corpus([FIXTURES / "records" / "arxiv.jsonl"], REPO))
    (first, _) = sorted(catalogue.papers, key=lambda p: p.date or datetime.date.min)[::-1]
    text = bibtex_entries(catalogue.papers)[first.slug]
    assert text.startswith("@misc{balazs2007calculation,\n")
    back = parse(text)[0]
    assert back["eprint"] == "0704.0001"
    assert back["archiveprefix"] == "arXiv"
    assert back["primaryclass"] == "hep-ph"
    assert back["url"] == "https://arxiv.org/abs/0704.0001"
    assert back["title"] == (
        "{Calculation} of prompt diphoton production cross sections at {Tevatron} and {LHC} "
        "energies"
    )


def test_hostile_text_is_escaped_and_the_braces_balance() -> None:
    catalogue = build_catalogue(read_corpus([FIXTURES / "records" / "hostile.jsonl"], REPO))
    (item,) = catalogue.papers
    text = bibtex_entries(catalogue.papers)[item.slug]
    # BibTeX counts every brace, escaped or not: they must balance in each field.
    for line in text.splitlines()[1:-1]:
        value = line.split(" = ", 1)[1]
        depth = 0
        for ch in value:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0, line
        assert depth == 0, line
    back = parse(text)[0]
    assert DECODE.latex_to_text(back["title"]) == item.title
    assert [DECODE.latex_to_text(n) for n in back["author"].split(" and ")] == list(item.authors)
    # Every special character is escaped: none stands without its backslash.
    assert re.findall(r"(?<!\\)[$%#_&]", back["title"]) == []
    assert "\\emph" not in back["title"]


def test_capitals_are_protected_and_lowercase_words_are_not() -> None:
    back = round_trip(paper("BiPO: Bidirectional preference Optimization via GPT-4"))
    assert back["title"] == "{BiPO:} {Bidirectional} preference {Optimization} via {GPT-4}"


def test_a_name_with_a_suffix_is_written_family_first() -> None:
    back = round_trip(paper("T", authors=("Grace Hopper Jr.", "Lovelace, Ada", "Tom and Jerry")))
    assert back["author"] == "Hopper, Jr., Grace and Lovelace, Ada and {Tom and Jerry}"
    assert family_name("Grace Hopper Jr.") == "Hopper"
    assert family_name("Lovelace, Ada") == "Lovelace"


def test_no_entry_without_authors_or_a_year() -> None:
    assert not has_entry(paper("No Authors", authors=()))
    assert not has_entry(paper("No Date", date=None))
    assert has_entry(paper("Both"))
    assert bibtex_entries([paper("No Authors", authors=())]) == {}


def test_keys_are_unique_and_do_not_depend_on_input_order() -> None:
    papers = [
        paper("Sparse Experts", slug="b-paper"),
        paper("Sparse Mixtures", slug="a-paper"),
        paper("Sparse Models", slug="c-paper"),
        paper("Sparseb", slug="d-paper"),  # its own key is what a suffix would give
        paper("The Sparse Thing", authors=("Émilie du Châtelet",), slug="e-paper"),
        paper("Of a An", slug="f-paper"),
    ]
    keys = citation_keys(papers)
    assert keys == {
        "a-paper": "lovelace2024sparse",
        "b-paper": "lovelace2024sparsec",
        "c-paper": "lovelace2024sparsed",
        "d-paper": "lovelace2024sparseb",
        "e-paper": "chatelet2024sparse",
        "f-paper": "lovelace2024paper",
    }
    assert citation_keys(reversed(papers)) == keys


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Z")), min_size=1)
    .map(lambda text: " ".join(text.split()))
    .filter(bool),
    name=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Z")), min_size=1)
    .map(lambda text: " ".join(text.split()))
    .filter(lambda text: bool(text) and "," not in text),
)
def test_any_title_and_name_round_trip(title: str, name: str) -> None:
    item = dataclasses.replace(paper("T"), title=title, authors=(name,))
    back = round_trip(item)
    assert DECODE.latex_to_text(back["title"]) == title
    assert DECODE.latex_to_text(back["author"].strip("{}")) == name


@pytest.mark.parametrize("url", ["https://example.org/a{b}\\c", "https://example.org/100%#x"])
def test_urls_are_kept_verbatim_but_for_braces_and_backslashes(url: str) -> None:
    back = round_trip(paper("T", external_url=url))
    assert back["url"] == url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
