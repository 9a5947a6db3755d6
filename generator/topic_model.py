"""The topic classifier trained ahead of time and shipped beside the taxonomy.

    python3 -m generator.topic_model [--corpus RECORDS]

Training the classifier (`generator.classify`) costs more than filing papers with it, and
needs scikit-learn, whose import alone takes most of a second. So the repository ships it
trained (`model:` in `topics.yml`, a NumPy archive) as a build of the reference corpus trains
it: on the hand-labelled examples, and on the papers of the real corpus of Hugging Face daily
papers (`../shared/corpora/hf-daily-dev/records.jsonl`) that the rules file confidently. A
paper's topics then depend on its own title and abstract alone, whatever else the catalogue
holds.

The model records a fingerprint of the taxonomy file, the examples and the settings it was
trained from (`generator.topics.model_fingerprint`). After any of them changes, the shipped
model is out of date and is not used: builds train the classifier themselves, from the
examples and their own catalogue's confident papers, until this command is run again (a test
fails meanwhile). The same inputs give the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.classify import TopicModel
from generator.corpus import read_corpus
from generator.model import build_catalogue
from generator.topics import load_taxonomy, train_classifier

REPO = Path(__file__).resolve().parent.parent
REFERENCE_CORPUS = REPO.parent / "shared" / "corpora" / "hf-daily-dev" / "records.jsonl"


def train(taxonomy_path: Path, corpus: Path) -> TopicModel | None:
    """The classifier as a build of `corpus` with this taxonomy trains it; None when nothing
    trains one."""
    taxonomy = load_taxonomy(taxonomy_path, taxonomy_path.name)
    papers = build_catalogue(read_corpus([corpus], corpus.parent)).papers
    return train_classifier(taxonomy, [(paper.title, paper.abstract) for paper in papers])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m generator.topic_model", description=__doc__)
    parser.add_argument("--taxonomy", type=Path, default=REPO / "topics.yml", help="topics.yml")
    parser.add_argument(
        "--corpus", type=Path, default=REFERENCE_CORPUS, help="the corpus whose papers train it"
    )
    args = parser.parse_args(argv)
    taxonomy = load_taxonomy(args.taxonomy, args.taxonomy.name)
    if taxonomy.model_path is None:
        print(f"{args.taxonomy}: no 'model:' file is named; nothing to train", file=sys.stderr)
        return 1
    model = train(args.taxonomy, args.corpus)
    if model is None:
        print(f"{args.taxonomy}: too few examples to train a classifier", file=sys.stderr)
        return 1
    model.save(taxonomy.model_path)
    print(f"wrote {taxonomy.model_path} ({taxonomy.model_path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
