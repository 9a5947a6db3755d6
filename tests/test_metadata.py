"""Head metadata: OpenGraph's title and the citation tags, each fact once."""

from __future__ import annotations

from generator.metadata import head_metadata, names_within

HOSTILE = '</script><script>alert(1)</script> & "quotes" \u2028 <!-- x'


def test_each_fact_is_written_once_in_the_tag_its_consumers_read() -> None:
    head = head_metadata(title=HOSTILE)
    assert [(t.attribute, t.key, t.content) for t in head.tags] == [
        ("property", "og:type", "article"),
        ("property", "og:title", HOSTILE),
        ("name", "citation_title", HOSTILE),
    ]
    # The canonical link holds the address: no og:url, no citation_abstract_html_url.
    assert not hasattr(head, "json_ld")


def test_record_fields_give_scholar_tags() -> None:
    import datetime

    head = head_metadata(
        title="A Title",
        authors=["Ada Lovelace", HOSTILE],
        date=datetime.date(2024, 3, 8),
        arxiv_id="2403.01234",
        pdf_url="https://arxiv.org/pdf/2403.01234",
    )
    tags = [(t.key, t.content) for t in head.tags if t.key.startswith("citation_")]
    assert tags == [
        ("citation_title", "A Title"),
        ("citation_author", "Ada Lovelace"),
        ("citation_author", HOSTILE),
        ("citation_publication_date", "2024/03/08"),
        ("citation_arxiv_id", "2403.01234"),
        ("citation_pdf_url", "https://arxiv.org/pdf/2403.01234"),
    ]


def test_the_one_citation_tag_of_a_huge_list_keeps_the_first_names_within_its_bytes() -> None:
    names = [f"Zoë Ångström {i}" for i in range(100)]  # 17 to 18 bytes of UTF-8 each
    assert names_within(names, 10_000) == names
    kept = names_within(names, 100)
    assert kept == names[:5]  # 5 names and 4 separators take 93 bytes; a sixth, 113
    assert len("; ".join(kept).encode("utf-8")) <= 100 < len("; ".join(names[:6]).encode())
