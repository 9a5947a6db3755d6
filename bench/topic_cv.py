"""Cross-validation of topic filing on the training labels, never on the held-out ones.

    python3 -m bench.topic_cv [--folds 5] [--records FILE]

The papers of `tests/fixtures/real_topic_labels.yml` whose split is `train` are cut into folds
by a hash of their slug. For each fold, the classifier is trained without that fold's papers
(the shipped examples less those papers) and the real corpus is filed; the fold's papers are
then scored as `tests/test_topics_real.py` scores them. The figures over all folds estimate how
filing does on papers nobody labelled, without looking at the held-out split, so settings
(`generator.classify`'s and `generator.topics`') can be chosen on them. The rules' scores do
not depend on the examples: they are computed once.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.corpus import read_corpus
from generator.model import build_catalogue, title_key
from generator.topics import all_rule_scores, file_by_scores, load_taxonomy

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "fixtures" / "real_topic_labels.yml"
RECORDS = REPO.parent / "shared" / "corpora" / "hf-daily-dev" / "records.jsonl"


def folds(labels: Mapping[str, Any], count: int) -> dict[str, int]:
    """Each training paper's fold, by a hash of its slug; held-out papers are in none."""
    return {
        slug: int(hashlib.sha256(f"cv {slug}".encode()).hexdigest(), 16) % count
        for slug, entry in labels.items()
        if entry["split"] == "train"
    }


def cross_validate(records: Path, labels: Mapping[str, Any], count: int) -> tuple[float, float]:
    """Primary hit and precision over all folds of the training labels."""
    taxonomy = load_taxonomy(REPO / "topics.yml", "topics.yml")
    papers = build_catalogue(read_corpus([records], REPO)).papers
    texts = [(paper.title, paper.abstract) for paper in papers]
    row = {paper.slug: index for index, paper in enumerate(papers)}
    fold = folds(labels, count)
    fold_of_title = {title_key(labels[slug]["title"]): number for slug, number in fold.items()}
    scores = all_rule_scores(taxonomy, texts)
    hits = assigned = accepted = 0
    for number in range(count):
        examples = tuple(
            example
            for example in taxonomy.examples
            if fold_of_title.get(title_key(example.title)) != number
        )
        # Without the shipped model, which the fold's own labels trained: trained afresh.
        fold_taxonomy = dataclasses.replace(taxonomy, examples=examples, model=None)
        filed = file_by_scores(fold_taxonomy, texts, scores)
        for slug in sorted(slug for slug, n in fold.items() if n == number):
            entry, topics = labels[slug], [topic.slug for topic in filed[row[slug]]]
            hits += entry["primary"] in topics if entry["primary"] else not topics
            assigned += len(topics)
            accepted += sum(topic in entry["accepted"] for topic in topics)
    return hits / max(len(fold), 1), accepted / max(assigned, 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.topic_cv", description=__doc__)
    parser.add_argument("--folds", type=int, default=5, help="how many folds (5)")
    parser.add_argument("--records", type=Path, default=RECORDS, help="the real corpus")
    args = parser.parse_args(argv)
    labels = yaml.safe_load(LABELS.read_text(encoding="utf-8"))["papers"]
    hit, precision = cross_validate(args.records, labels, args.folds)
    papers = len(folds(labels, args.folds))
    print(f"{args.folds}-fold cross-validation on {papers} training labels:")
    print(f"primary hit {hit:.3f}, precision {precision:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
