"""Filing and relating papers alone, at any size: the time and memory of the topics and related
papers steps, without the rest of a build.

    python3 -m bench.topics 10000 [--corpus DIR]

Writes a synthetic corpus of N papers (`bench.synth`) unless `--corpus` names a corpus already
written (dumps or JSON Lines records), reads it, then times `assign_topics` (rules and the
classifier) and `related_papers` apart, and prints the process's peak resident memory. Each run
is one process, so the figures include importing scikit-learn once.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.synth import write_corpus
from generator.corpus import find_dumps, read_corpus
from generator.errors import CorpusError, PapershelfError
from generator.model import build_catalogue
from generator.related import related_papers
from generator.topics import assign_topics, load_taxonomy

REPO = Path(__file__).resolve().parent.parent


class _Clock:
    """Wall and CPU seconds since the last lap: on a shared machine the two differ widely."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        lap = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return lap


def measure(corpus: Path) -> dict[str, object]:
    """Seconds to read, file and relate the dumps under `corpus`, and the peak memory in MB."""
    clock = _Clock()
    catalogue = build_catalogue(read_corpus(find_dumps([corpus], corpus.parent), corpus.parent))
    if not catalogue.papers:
        raise CorpusError(str(corpus), "no papers to file")
    read = clock.lap()
    taxonomy = load_taxonomy(REPO / "topics.yml", "topics.yml")
    filed = assign_topics(catalogue, taxonomy)
    topics = clock.lap()
    related = related_papers(filed.papers)
    relating = clock.lap()
    shown = sum(len(others) for others in related.values()) / max(len(related), 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "papers": len(filed.papers),
        "read s (wall, cpu)": read,
        "topics s (wall, cpu)": topics,
        "related s (wall, cpu)": relating,
        "related per paper": shown,
        "peak MB": peak,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.topics", description=__doc__)
    parser.add_argument("papers", type=int, help="how many synthetic papers")
    parser.add_argument(
        "--corpus", type=Path, help="a corpus already written: dumps or records (skips writing)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        corpus = args.corpus or Path(folder)
        if args.corpus is None:
            write_corpus(corpus, args.papers)
        try:
            figures = measure(corpus)
        except PapershelfError as error:
            print(f"bench.topics: {error}", file=sys.stderr)
            return 1
        for name, value in figures.items():
            if isinstance(value, tuple):
                print(f"{name}: {value[0]:,.1f}, {value[1]:,.1f}")
            else:
                print(f"{name}: {value:,.1f}" if isinstance(value, float) else f"{name}: {value:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
