"""Head metadata: OpenGraph and citation tags, and JSON-LD that cannot leave its script."""

from __future__ import annotations

import json
import re

from generator.metadata import head_metadata, names_within, script_json

HOSTILE = '</script><script>alert(1)</script> & "quotes" \u2028 <!-- x'


def _metadata(url: str | None = "https://owner.github.io/shelf/papers/x/") -> object:
    return head_metadata(
        title=HOSTILE,
        topics=["Speech", "Robots"],
        url=url,
    )


def test_json_ld_round_trips_and_cannot_close_the_script() -> None:
    head = _metadata()
    text = str(head.json_ld)  # type: ignore[attr-defined]
    assert not re.search(r"[<>&\u2028]", text)
    data = json.loads(text)
    assert data == {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": HOSTILE,
        "about": [{"@type": "Thing", "name": "Speech"}, {"@type": "Thing", "name": "Robots"}],
        "url": "https://owner.github.io/shelf/papers/x/",
    }


def test_tags_without_a_url_leave_out_what_needs_one() -> None:
    with_url = {(t.attribute, t.key): t.content for t in _metadata().tags}  # type: ignore[attr-defined]
    assert with_url == {
        ("property", "og:type"): "article",
        ("property", "og:title"): HOSTILE,
        ("property", "og:url"): "https://owner.github.io/shelf/papers/x/",
        ("name", "citation_title"): HOSTILE,
        ("name", "citation_abstract_html_url"): "https://owner.github.io/shelf/papers/x/",
    }
    head = _metadata(url=None)
    keys = {t.key for t in head.tags}  # type: ignore[attr-defined]
    assert "og:url" not in keys and "citation_abstract_html_url" not in keys
    assert "url" not in json.loads(str(head.json_ld))  # type: ignore[attr-defined]


def test_empty_fields_are_left_out_of_json_ld() -> None:
    head = head_metadata(title="T", topics=[], url=None)
    assert json.loads(str(head.json_ld)) == {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": "T",
    }


def test_script_json_keeps_non_ascii_text() -> None:
    assert str(script_json({"a": "é <"})) == '{"a":"é \\u003c"}'


def test_record_fields_give_scholar_tags_and_json_ld() -> None:
    import datetime

    head = head_metadata(
        title="A Title",
        topics=[],
        url=None,
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
    text = str(head.json_ld)
    assert not re.search(r"[<>&\u2028]", text)
    data = json.loads(text)
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Lovelace"},
        {"@type": "Person", "name": HOSTILE},
    ]
    assert data["datePublished"] == "2024-03-08"
    assert data["sameAs"] == "https://arxiv.org/abs/2403.01234"


def test_the_one_citation_tag_of_a_huge_list_keeps_the_first_names_within_its_bytes() -> None:
    names = [f"Zoë Ångström {i}" for i in range(100)]  # 17 to 18 bytes of UTF-8 each
    assert names_within(names, 10_000) == names
    kept = names_within(names, 100)
    assert kept == names[:5]  # 5 names and 4 separators take 93 bytes; a sixth, 113
    assert len("; ".join(kept).encode("utf-8")) <= 100 < len("; ".join(names[:6]).encode())
