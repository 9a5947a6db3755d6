"""The maintainer's report on the taxonomy (`papershelf topics`): where it falls short.

After adding listings, a maintainer wants to know whether `topics.yml` still gives every paper a
fitting home. The report gives the papers per topic (as primary topic, and in all), the share of
the largest topic, the papers no topic took, and suggested new topics: the unsorted papers and
those of the largest topic (the likeliest catch-all) grouped into clusters of similar papers,
each with its most distinctive terms and three example titles. A cluster that names no existing
topic is a candidate for a new entry in `topics.yml`.

Clusters come from k-means over the papers' TF-IDF vectors reduced by truncated SVD; both are
seeded, and the papers are sorted by slug first, so the same catalogue gives the same report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from generator.model import Catalogue, Paper

CLUSTER_SIZE = 12
"""About this many papers per suggested cluster ..."""
MAX_CLUSTERS = 8
"""... and at most this many clusters."""
MIN_CLUSTER = 3
"""A cluster of fewer papers is not worth a topic, and is not shown."""
TERMS_SHOWN = 6
EXAMPLES_SHOWN = 3
UNSORTED_SHOWN = 20


@dataclass(frozen=True, slots=True)
class TopicCount:
    """A topic's papers: as their primary topic, and in all."""

    slug: str
    name: str
    primary: int
    any: int


@dataclass(frozen=True, slots=True)
class Cluster:
    """A group of similar papers that the taxonomy files poorly: a candidate new topic."""

    size: int
    terms: tuple[str, ...]
    examples: tuple[str, ...]
    filed_under: str
    """The topic most of its papers are filed under now, or "unsorted"."""


@dataclass(frozen=True, slots=True)
class TopicReport:
    """Everything `papershelf topics` prints."""

    papers: int
    counts: tuple[TopicCount, ...]
    unsorted: tuple[Paper, ...]
    clusters: tuple[Cluster, ...]

    @property
    def largest(self) -> TopicCount | None:
        """The topic that is the primary topic of the most papers (`counts` is sorted so)."""
        return self.counts[0] if self.counts else None


def topic_report(catalogue: Catalogue) -> TopicReport:
    """The report for a catalogue whose papers are filed under their topics."""
    papers = sorted(catalogue.papers, key=lambda paper: paper.slug)
    primary = Counter(paper.topics[0].slug for paper in papers if paper.topics)
    anywhere = Counter(topic.slug for paper in papers for topic in paper.topics)
    counts = tuple(
        sorted(
            (
                TopicCount(topic.slug, topic.name, primary[topic.slug], anywhere[topic.slug])
                for topic in catalogue.topics
            ),
            key=lambda count: (-count.primary, -count.any, count.slug),
        )
    )
    unsorted = tuple(paper for paper in papers if not paper.topics)
    largest = counts[0].slug if counts and counts[0].primary else None
    poorly_filed = [
        paper for paper in papers if not paper.topics or paper.topics[0].slug == largest
    ]
    return TopicReport(len(papers), counts, unsorted, clusters(poorly_filed))


def clusters(papers: Sequence[Paper]) -> tuple[Cluster, ...]:
    """Groups of similar papers, largest first, each with its distinctive terms and examples."""
    if len(papers) < 2 * MIN_CLUSTER:
        return ()
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    texts = [f"{paper.title}. {paper.title}. {paper.abstract}" for paper in papers]
    vectorizer = TfidfVectorizer(
        sublinear_tf=True, stop_words="english", ngram_range=(1, 2), min_df=2, max_df=0.6
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # too few words shared by two papers
        return ()
    if matrix.shape[1] < 2:
        return ()
    count = max(2, min(MAX_CLUSTERS, len(papers) // CLUSTER_SIZE))
    dimensions = max(1, min(100, matrix.shape[1] - 1, len(papers) - 1))
    reduced = normalize(TruncatedSVD(dimensions, random_state=0).fit_transform(matrix))
    labels = KMeans(count, n_init=4, random_state=0).fit_predict(reduced)
    terms = vectorizer.get_feature_names_out()
    overall = np.asarray(matrix.mean(axis=0)).ravel()
    found = []
    for label in range(count):
        members = np.flatnonzero(labels == label)
        if len(members) < MIN_CLUSTER:
            continue
        inside = np.asarray(matrix[members].mean(axis=0)).ravel()
        # Distinctive: weighty inside the cluster, and more so than across these papers.
        distinct = inside * (inside / np.maximum(overall, 1e-12))
        order = np.lexsort((terms, -np.round(distinct, 12)))[:TERMS_SHOWN]
        centre = reduced[members].mean(axis=0)
        nearest = members[np.lexsort((members, -np.round(reduced[members] @ centre, 12)))]
        primaries = [papers[int(i)].topics[:1] for i in members]
        filed = Counter(topics[0].slug if topics else "unsorted" for topics in primaries)
        found.append(
            Cluster(
                len(members),
                tuple(str(terms[i]) for i in order),
                tuple(papers[int(i)].title for i in nearest[:EXAMPLES_SHOWN]),
                min(filed.items(), key=lambda item: (-item[1], item[0]))[0],
            )
        )
    return tuple(sorted(found, key=lambda cluster: (-cluster.size, cluster.terms)))


def render(report: TopicReport) -> str:
    """The report as the command prints it."""
    lines = [f"{report.papers} papers in {len(report.counts)} topics"]
    lines.append("papers per topic (primary / any):")
    width = max((len(count.slug) for count in report.counts), default=0)
    for count in report.counts:
        lines.append(f"  {count.slug:<{width}}  {count.primary:>6} / {count.any:>6}")
    largest = report.largest
    if largest is not None and report.papers:
        share = largest.primary / report.papers
        lines.append(f"largest topic: {largest.slug}, primary for {share:.1%} of papers")
    share = len(report.unsorted) / report.papers if report.papers else 0.0
    lines.append(f"unsorted: {len(report.unsorted)} papers ({share:.1%})")
    for paper in report.unsorted[:UNSORTED_SHOWN]:
        lines.append(f"  {paper.sources[0]}: {paper.title}")
    if len(report.unsorted) > UNSORTED_SHOWN:
        lines.append(f"  ... and {len(report.unsorted) - UNSORTED_SHOWN} more")
    lines.append("suggested new topics (clusters of unsorted papers and the largest topic's):")
    if not report.clusters:
        lines.append("  none: too few such papers to group")
    for number, cluster in enumerate(report.clusters, start=1):
        lines.append(
            f"  {number}. {cluster.size} papers, now mostly {cluster.filed_under}: "
            + ", ".join(cluster.terms)
        )
        lines.extend(f"     - {title}" for title in cluster.examples)
    return "\n".join(lines)
