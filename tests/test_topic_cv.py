"""Tests of bench.topic_cv: folds of the training labels alone, and figures from a small run."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from bench.topic_cv import cross_validate, folds
from tests.conftest import FIXTURES


def test_folds_cover_the_training_labels_and_never_a_held_out_one() -> None:
    labels = yaml.safe_load((FIXTURES / "real_topic_labels.yml").read_text(encoding="utf-8"))
    labels = labels["papers"]
    found = folds(labels, 5)
    assert set(found) == {slug for slug, entry in labels.items() if entry["split"] == "train"}
    assert sorted(set(found.values())) == [0, 1, 2, 3, 4]
    assert min(list(found.values()).count(n) for n in range(5)) > len(found) / 10


def test_cross_validation_files_papers_without_their_own_labels(tmp_path: Path) -> None:
    labels = yaml.safe_load((FIXTURES / "real_topic_labels.yml").read_text(encoding="utf-8"))
    labels = labels["papers"]
    records = tmp_path / "labelled.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for entry in labels.values():
            record = {"title": entry["title"], "abstract": entry["abstract"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    hit, precision = cross_validate(records, labels, 3)
    # Out of fold, filing is worse than on papers that trained it, but far better than chance.
    assert 0.6 <= hit < 0.97
    assert 0.6 <= precision < 0.97
