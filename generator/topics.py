"""Filing papers under topics: the taxonomy file, its rules, the overrides file, and the ranking.

A topic's rules are patterns: regular expressions matched at word boundaries, case-insensitive,
where a space matches a space, a hyphen or nothing (`multi task` finds "multi-task" and
"multitask"). Acronyms are matched with their case (`RL`, not "rl" inside a word), with an
optional plural `s`. A pattern found in the title weighs more than one found in the abstract.

Rules alone file only the papers whose words they were written for. So a classifier
(`generator.classify`) is trained on the taxonomy's hand-labelled examples and on papers the
rules file confidently (shipped trained, `generator.topic_model`; trained when papers are filed
if the shipped one is out of date), and the two are combined (`assign_topics`): the
classifier's score, with the rules' as a smaller part, decides. Topics pinned by a record, and
the overrides file, win over both.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator.classify import (
    EXAMPLE_WEIGHT,
    RULE_EXAMPLE_WEIGHT,
    RULE_EXAMPLES_PER_TOPIC,
    Document,
    Example,
    TopicModel,
    load_examples,
    settings,
    topic_scores,
    train_model,
)
from generator.errors import TaxonomyError
from generator.model import Catalogue, Note, Paper, Problem, Source, Topic, title_key
from generator.patterns import backtracking_risk
from generator.prefilter import PatternPrefilter

if TYPE_CHECKING:
    import numpy as np

MAX_TOPICS = 4
"""No paper has more topics than this, overrides included."""
MAX_RULE_TOPICS = 3
"""The rules give at most this many: a fourth rule-found topic was more often wrong than right."""
TITLE_WEIGHT = 3.0
"""A pattern in the title counts this many times as much as one in the abstract."""
REPEAT_WEIGHT = 0.25
"""Each further mention of a pattern in the abstract, up to `REPEAT_CAP`, adds this much."""
REPEAT_CAP = 2
SECONDARY_MIN_SCORE = 2.0
"""A topic below the primary must score at least this: a title match, or two abstract signals."""
SECONDARY_MIN_SHARE = 0.4
"""... and at least this share of the primary topic's score."""
UNSORTED_SLUG = "unsorted"
CONFIDENT_SCORE = 5.0
"""Rules are confident when the best topic scores this much (a title match and two signals in
the abstract) ..."""
CONFIDENT_MARGIN = 1.5
"""... and this many times as much as the next topic: such a paper may train the classifier
(`generator.classify`) with the rules' topic. Its own topics are still chosen by the combined
score, as every paper's are: where confident rules decided them outright, cross-validation on
the training labels filed worse (primary hit 0.841 against 0.853, precision 0.865 against 0.880
on 559 papers)."""
RULE_SHARE = 0.6
"""In the combined score, the classifier's 0-1 score plus this times the rules' (capped, 0-1)."""
RULE_SCORE_CAP = 6.0
SECONDARY_CLASSIFIER_SCORE = 0.4
"""A further topic needs this classifier score, or ..."""
SECONDARY_TITLE_CLASSIFIER_SCORE = 0.2
"""... this score when the topic's rules match the title as well."""
SECONDARY_COMBINED_SCORE = 0.6
"""... or this combined score (the classifier's and the rules', as for the primary topic)."""
UNSORTED_CLASSIFIER_SCORE = 0.3
"""A paper no rule matches stays unsorted unless the classifier scores a topic this high."""
_TAXONOMY_KEYS = {"topics", "examples", "model"}

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOPIC_KEYS = {
    "slug",
    "name",
    "description",
    "patterns",
    "acronyms",
    "title_patterns",
    "fallback",
}
_OVERRIDE_KEYS = {"add", "remove", "primary"}
try:
    _sre_parser: Any = importlib.import_module("re._parser")
    """The standard library's parser of regular expressions (Python 3.11+), read by `needles`."""
except ImportError:  # Python 3.10 names it `sre_parse`; matching works without it, only slower
    _sre_parser = None
_WORD_CHAR = re.compile(r"\w")
_INLINE_FLAGS = re.compile(r"\(\?[-aiLmsux]")
"""A pattern that sets its own flags (`(?-i:GAN)`) is only run in its reference form."""
_EMPTY_PROBE = " a - b. 1 "
"""Text with every kind of boundary, on which a pattern must never match nothing."""


@dataclass(frozen=True, slots=True)
class Text:
    """A title or abstract as the patterns read it: as written, and lowercased once; with the
    patterns' needles (see `needles`) it contains, when the taxonomy's needles are given."""

    original: str
    lowered: str
    in_lowered: frozenset[str] | None = None
    in_original: frozenset[str] | None = None

    @classmethod
    def of(cls, text: str, taxonomy: Taxonomy | None = None) -> Text:
        lowered = text.lower()
        if taxonomy is None:
            return cls(text, lowered)
        return cls(
            text,
            lowered,
            taxonomy.needle_finder.found(lowered, folded=True),
            taxonomy.needle_finder.found(text, folded=False),
        )


class NeedleFinder:
    """Every needle a text contains, overlapping ones too, in one pass over the text.

    An Aho-Corasick automaton (pyahocorasick) finds all of hundreds of needles in the time of
    reading the text once, where testing `needle in text` for each reads it once per needle.
    """

    def __init__(self, folded: Iterable[str], exact: Iterable[str]) -> None:
        import ahocorasick

        self._automata = []
        for needles in (folded, exact):
            automaton = ahocorasick.Automaton()
            for needle in needles:
                automaton.add_word(needle, needle)
            if len(automaton):
                automaton.make_automaton()
            self._automata.append(automaton)

    def found(self, text: str, *, folded: bool) -> frozenset[str]:
        """The needles in `text`: of the case-insensitive patterns (for the lowercased text) when
        `folded`, else of the patterns matched with their case."""
        automaton = self._automata[0 if folded else 1]
        if not len(automaton):
            return frozenset()
        return frozenset(needle for _, needle in automaton.iter(text))


@dataclass(frozen=True, slots=True)
class Pattern:
    r"""One pattern of a topic, compiled twice.

    `reference` is the rule as documented: `(?<!\w)(?:...)(?!\w)`, case-insensitive unless it
    is an acronym. It defines what matches. `fast` finds the same matches several times
    quicker: it has no leading look-behind (which keeps the regular expression engine from
    skipping ahead to the characters a match can start with; the word boundary is checked
    here instead), and a case-insensitive pattern is lowercased and run, case-sensitive, on
    the lowercased text. A pattern that sets its own flags keeps the reference form. (The
    engine's case folding and `str.lower` differ on a few rare letters, such as the long s
    (U+017F), which the fast form does not read as an "s".)
    """

    reference: re.Pattern[str]
    fast: re.Pattern[str] | None
    folded: bool
    needles: frozenset[str] = frozenset()
    """Strings one of which every match contains (`language` for `(large|small) language`):
    text with none of them is passed over without running the pattern. Empty: no such set."""
    terms: tuple[frozenset[str], ...] = ()
    """Sets of strings, all of one of which every match contains (`{small, language}` and
    `{large, language}` for `(large|small) language`): a finer test than `needles`, made when
    the taxonomy's needle finder has read the text. Empty: no such sets."""

    def may_occur(self, text: Text) -> bool:
        """False when `text` lacks the pattern's needles, so it cannot match."""
        if not self.needles or self.fast is None:
            return True
        present = text.in_lowered if self.folded else text.in_original
        if present is None:
            subject = text.lowered if self.folded else text.original
            return any(needle in subject for needle in self.needles)
        if self.needles.isdisjoint(present):
            return False
        return not self.terms or any(term <= present for term in self.terms)

    def count(self, text: Text, limit: int) -> int:
        """How many times the pattern occurs in `text`, counting no further than `limit`."""
        if self.fast is None:
            return sum(1 for _ in itertools.islice(self.reference.finditer(text.original), limit))
        if not self.may_occur(text):
            return 0
        subject = text.lowered if self.folded else text.original
        found, position = 0, 0
        while found < limit:
            match = self.fast.search(subject, position)
            if match is None:
                break
            start = match.start()
            if start and _WORD_CHAR.match(subject, start - 1):
                position = start + 1  # inside a word: look again from the next character
                continue
            found += 1
            position = match.end()
        return found


@dataclass(frozen=True, slots=True)
class TopicRule:
    """A topic and the compiled patterns that select it."""

    topic: Topic
    patterns: tuple[Pattern, ...]
    title_patterns: tuple[Pattern, ...] = ()
    """Words that name the topic in a title but are too common in abstracts ("dataset")."""
    fallback: bool = False
    """A catch-all topic: a paper's primary topic, or none of its topics (`file_papers`)."""

    def score(self, title: str | Text, abstract: str | Text) -> float:
        """How strongly a paper's title and abstract point at this topic; 0 when not at all.

        The title counts once however many patterns it matches, so that overlapping patterns
        do not outweigh another topic's; each pattern the abstract mentions counts.
        """
        title = title if isinstance(title, Text) else Text.of(title)
        abstract = abstract if isinstance(abstract, Text) else Text.of(abstract)
        in_title = any(
            p.count(title, 1) for p in (*self.patterns, *self.title_patterns) if p.may_occur(title)
        )
        total = TITLE_WEIGHT if in_title else 0.0
        for pattern in self.patterns:
            if not pattern.may_occur(abstract):
                continue
            mentions = pattern.count(abstract, REPEAT_CAP + 1)
            if mentions:
                total += 1.0 + REPEAT_WEIGHT * (mentions - 1)
        return total


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The topics papers are filed under, in the file's order, with their rules."""

    path: str
    rules: tuple[TopicRule, ...]
    folded_needles: tuple[str, ...] = ()
    """Every needle of the case-insensitive patterns, sought once per text in lowercase."""
    exact_needles: tuple[str, ...] = ()
    """Every needle of the patterns matched with their case (acronyms)."""
    examples: tuple[Example, ...] = ()
    """Hand-labelled papers that train the classifier (see `generator.classify`)."""
    needle_finder: NeedleFinder = dataclasses.field(
        default_factory=lambda: NeedleFinder((), ()), compare=False, repr=False
    )
    """Finds the needles above in a text."""
    rule_needles: tuple[tuple[frozenset[str], frozenset[str]] | None, ...] = ()
    """Each rule's needles, case-insensitive and exact, one of which a text must contain for
    any of its patterns to match; None for a rule with a pattern that has no needles."""
    prefilter: PatternPrefilter = dataclasses.field(
        default_factory=lambda: PatternPrefilter(()), compare=False, repr=False
    )
    """Finds the patterns that may match a text, for a large catalogue (`all_rule_scores`)."""
    model: TopicModel | None = dataclasses.field(default=None, compare=False, repr=False)
    """The classifier trained ahead of time (`generator.topic_model`); None: train it when
    papers are filed."""
    model_path: Path | None = None
    """Where the file named by `model:` is, whether or not it exists."""
    fingerprint: str = ""
    """What a classifier is trained from (`model_fingerprint`): a model is used only when it
    was trained from the same."""

    @classmethod
    def of(
        cls, path: str, rules: tuple[TopicRule, ...], examples: tuple[Example, ...] = ()
    ) -> Taxonomy:
        """The taxonomy with its rules' needles gathered."""
        patterns = [p for rule in rules for p in (*rule.patterns, *rule.title_patterns)]
        folded = tuple(sorted({needle for p in patterns if p.folded for needle in _all_needles(p)}))
        exact = tuple(
            sorted({needle for p in patterns if not p.folded for needle in _all_needles(p)})
        )
        return cls(
            path,
            rules,
            folded,
            exact,
            examples,
            NeedleFinder(folded, exact),
            tuple(_needles_of(rule) for rule in rules),
            PatternPrefilter([(p.fast, p.folded) for p in patterns]),
        )

    @property
    def topics(self) -> tuple[Topic, ...]:
        return tuple(rule.topic for rule in self.rules)

    def topic(self, slug: str) -> Topic | None:
        """The topic with this slug, if the taxonomy has one."""
        return next((rule.topic for rule in self.rules if rule.topic.slug == slug), None)


@dataclass(frozen=True, slots=True)
class Override:
    """A maintainer's correction for one paper: topics to add or remove, perhaps its primary."""

    path: str
    line: int
    paper_slug: str
    add: tuple[Topic, ...] = ()
    remove: tuple[Topic, ...] = ()
    primary: Topic | None = None

    def apply(self, topics: Sequence[Topic]) -> tuple[Topic, ...]:
        """The paper's topics with this correction made, still at most `MAX_TOPICS`."""
        kept = [topic for topic in topics if topic not in self.remove]
        pinned = ([self.primary] if self.primary else []) + list(self.add)
        pinned = [topic for i, topic in enumerate(pinned) if topic not in pinned[:i]]
        if self.primary is not None:
            ranked = [*pinned, *(topic for topic in kept if topic not in pinned)]
        else:
            ranked = [*kept, *(topic for topic in pinned if topic not in kept)]
            # Topics the maintainer added stay, even when that leaves less room for the rules'.
            while len(ranked) > MAX_TOPICS and any(t not in pinned for t in ranked):
                ranked.remove(next(t for t in reversed(ranked) if t not in pinned))
        return tuple(ranked[:MAX_TOPICS])


def _all_needles(pattern: Pattern) -> frozenset[str]:
    return pattern.needles.union(*pattern.terms)


def _needles_of(rule: TopicRule) -> tuple[frozenset[str], frozenset[str]] | None:
    patterns = (*rule.patterns, *rule.title_patterns)
    if any(not p.needles or p.fast is None for p in patterns):
        return None
    folded = frozenset(n for p in patterns if p.folded for n in p.needles)
    exact = frozenset(n for p in patterns if not p.folded for n in p.needles)
    return folded, exact


def rule_scores(taxonomy: Taxonomy, title: str, abstract: str) -> tuple[float, ...]:
    """Each topic's rule score for a paper, in the taxonomy's order."""
    title_text, abstract_text = Text.of(title, taxonomy), Text.of(abstract, taxonomy)
    folded = (title_text.in_lowered or frozenset()) | (abstract_text.in_lowered or frozenset())
    exact = (title_text.in_original or frozenset()) | (abstract_text.in_original or frozenset())
    # A rule none of whose needles the paper contains cannot match: it scores 0 unread.
    return tuple(
        rule.score(title_text, abstract_text)
        if needles is None or not (needles[0].isdisjoint(folded) and needles[1].isdisjoint(exact))
        else 0.0
        for rule, needles in zip(taxonomy.rules, taxonomy.rule_needles, strict=True)
    )


PREFILTER_MIN_TEXTS = 2_000
"""From this many texts on, `PatternPrefilter` chooses the patterns to run: compiling it takes
about half a second, more than the needles save on a smaller catalogue."""


def all_rule_scores(
    taxonomy: Taxonomy, texts: Sequence[tuple[str, str]], *, prefilter: bool | None = None
) -> np.ndarray:
    """Each (title, abstract)'s rule scores, one row each: what `rule_scores` gives, quicker.

    Pattern by pattern rather than paper by paper: each pattern runs only on the texts where it
    may match. Those are found by `PatternPrefilter` for `PREFILTER_MIN_TEXTS` texts or more
    (or when `prefilter` says so), else by the needle finder, which reads every text once, and
    an index of which texts hold each needle: a pattern runs on the texts that hold all the
    needles of one of its `terms`.
    """
    import numpy as np

    if prefilter is None:
        prefilter = len(texts) >= PREFILTER_MIN_TEXTS
    prefilter = prefilter and taxonomy.prefilter.available
    patterns = [p for rule in taxonomy.rules for p in (*rule.patterns, *rule.title_patterns)]
    scores = np.zeros((len(texts), len(taxonomy.rules)))
    for field in (0, 1):
        originals = [pair[field] for pair in texts]
        fields: list[Text]
        if prefilter:
            fields = [Text.of(text) for text in originals]
            candidates = taxonomy.prefilter.candidates(originals)
        else:
            fields = [Text.of(text, taxonomy) for text in originals]
            index = _needle_index(fields)
            candidates = [sorted(_candidates(p, index, len(fields))) for p in patterns]
        at = 0
        for column, rule in enumerate(taxonomy.rules):
            found: dict[int, float] = {}
            for number, pattern in enumerate((*rule.patterns, *rule.title_patterns)):
                rows, at = candidates[at], at + 1
                if field == 1 and number >= len(rule.patterns):  # title patterns: titles only
                    continue
                for row in rows:
                    if field == 0:
                        if row not in found and pattern.count(fields[row], 1):
                            found[row] = TITLE_WEIGHT
                        continue
                    mentions = pattern.count(fields[row], REPEAT_CAP + 1)
                    if mentions:
                        mention = 1.0 + REPEAT_WEIGHT * (mentions - 1)
                        found[row] = found.get(row, 0.0) + mention
            for row, score in found.items():
                scores[row, column] += score
    return scores


_NeedleIndex = tuple[dict[str, set[int]], dict[str, set[int]]]


def _needle_index(texts: Sequence[Text]) -> _NeedleIndex:
    """For each needle, the texts (by position) that hold it: case-insensitive, then exact."""
    folded: dict[str, set[int]] = {}
    exact: dict[str, set[int]] = {}
    for row, text in enumerate(texts):
        for needle in text.in_lowered or ():
            folded.setdefault(needle, set()).add(row)
        for needle in text.in_original or ():
            exact.setdefault(needle, set()).add(row)
    return folded, exact


def _candidates(pattern: Pattern, index: _NeedleIndex, count: int) -> Iterable[int]:
    """The texts on which `pattern` may match, as its needles and terms tell."""
    if not pattern.needles or pattern.fast is None:
        return range(count)
    holding = index[0] if pattern.folded else index[1]
    empty: set[int] = set()
    if not pattern.terms:
        return set().union(*(holding.get(needle, empty) for needle in pattern.needles))
    found: set[int] = set()
    for term in pattern.terms:
        rows = sorted((holding.get(needle, empty) for needle in term), key=len)
        found |= rows[0].intersection(*rows[1:])
    return found


def rank_topics(taxonomy: Taxonomy, title: str, abstract: str) -> tuple[Topic, ...]:
    """A paper's topics by the rules alone, primary first: the best-scoring topic, then those
    close enough to it.

    Ties go to the topic that the taxonomy lists first, so the order is fixed by the file.
    """
    return _ranked_by_rules(taxonomy, rule_scores(taxonomy, title, abstract))


def _ranked_by_rules(taxonomy: Taxonomy, scores: Sequence[float]) -> tuple[Topic, ...]:
    scored = [
        (score, index, rule.topic)
        for index, (rule, score) in enumerate(zip(taxonomy.rules, scores, strict=True))
        if score > 0
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    if not scored:
        return ()
    top = scored[0][0]
    secondary = [
        topic
        for score, index, topic in scored[1:]
        if score >= SECONDARY_MIN_SCORE
        and score >= SECONDARY_MIN_SHARE * top
        and not taxonomy.rules[index].fallback
    ]
    return (scored[0][2], *secondary)[:MAX_RULE_TOPICS]


def assign_topics(
    catalogue: Catalogue, taxonomy: Taxonomy, overrides: Sequence[Override] = ()
) -> Catalogue:
    """The catalogue with every paper filed under its topics; unfiled papers become warnings."""
    by_slug = {override.paper_slug: override for override in overrides}
    known = {paper.slug for paper in catalogue.papers}
    # An overrides file may serve several corpora: a slug this one lacks is not fatal.
    problems: list[Problem] = [
        Problem(
            Source(override.path, override.line),
            f"no paper has the slug '{override.paper_slug}'; override ignored "
            "(the paper's page URL ends with its slug)",
        )
        for override in overrides
        if override.paper_slug not in known
    ]
    found = file_papers(taxonomy, [(paper.title, paper.abstract) for paper in catalogue.papers])
    papers: list[Paper] = []
    # A paper no topic takes is not lost (the Unsorted page lists it, `papershelf topics`
    # reports it): a note, which `--strict` lets pass, not a warning.
    notes: list[Note] = []
    for paper, filed in zip(catalogue.papers, found, strict=True):
        # Topics a record pins replace the rules' and classifier's findings; the overrides
        # file still has the last word.
        pinned = tuple(t for slug in paper.pinned_topics if (t := taxonomy.topic(slug)))
        topics = pinned[:MAX_TOPICS] or filed
        if paper.slug in by_slug:
            topics = by_slug[paper.slug].apply(topics)
        if not topics:
            message = f"no topic matches this paper; listed as unsorted: {paper.title}"
            notes.append(Note(paper.sources[0], message))
        papers.append(dataclasses.replace(paper, topics=topics))
    return dataclasses.replace(
        catalogue,
        papers=tuple(papers),
        problems=catalogue.problems + tuple(problems),
        notes=catalogue.notes + tuple(notes),
        topics=taxonomy.topics,
    )


def file_papers(
    taxonomy: Taxonomy, texts: Sequence[tuple[str, str]]
) -> tuple[tuple[Topic, ...], ...]:
    """Each (title, abstract)'s topics, primary first, by the rules and the classifier.

    The primary topic is the best combined score (the classifier's, plus `RULE_SHARE` of the
    rules'), and further topics are those the classifier scores at least
    `SECONDARY_CLASSIFIER_SCORE` (`SECONDARY_TITLE_CLASSIFIER_SCORE` when the topic's rules match
    the title too) or whose combined score reaches `SECONDARY_COMBINED_SCORE`, best first;
    `MAX_RULE_TOPICS` in all. A paper that no rule matches and the classifier scores below
    `UNSORTED_CLASSIFIER_SCORE` everywhere stays unsorted. Without a classifier (no examples,
    and no paper the rules file confidently), the rules alone decide, as `rank_topics` does.
    A fallback topic stays only where it is the primary one. Ties go to the topic the taxonomy
    lists first.
    """
    return file_by_scores(taxonomy, texts, all_rule_scores(taxonomy, texts))


def file_by_scores(
    taxonomy: Taxonomy, texts: Sequence[tuple[str, str]], scores: np.ndarray
) -> tuple[tuple[Topic, ...], ...]:
    """`file_papers`, given the texts' rule scores (`all_rule_scores`)."""
    import numpy as np

    best = scores.max(axis=1) if len(taxonomy.rules) else np.zeros(len(texts))
    by_rules = [_ranked_by_rules(taxonomy, row) for row in scores.tolist()]
    if taxonomy.model is not None:
        learned = taxonomy.model.scores(texts)
    else:
        documents = training_documents(taxonomy, texts, scores, by_rules)
        trained = topic_scores(documents, len(taxonomy.rules))
        if trained is None:
            return tuple(by_rules)
        learned = trained[: len(texts)]
    combined = learned + RULE_SHARE * np.minimum(scores, RULE_SCORE_CAP) / RULE_SCORE_CAP
    topics = taxonomy.topics
    filed: list[tuple[Topic, ...]] = []
    for row in range(len(texts)):
        chosen: list[int]
        if best[row] > 0 or learned[row].max() >= UNSORTED_CLASSIFIER_SCORE:
            chosen = [int(np.argmax(combined[row]))]
            # A stable sort keeps the taxonomy's order among equal scores.
            for other in np.argsort(-combined[row], kind="stable"):
                in_title = scores[row, other] >= TITLE_WEIGHT
                needed = (
                    SECONDARY_TITLE_CLASSIFIER_SCORE if in_title else SECONDARY_CLASSIFIER_SCORE
                )
                if other != chosen[0] and (
                    learned[row, other] >= needed
                    or combined[row, other] >= SECONDARY_COMBINED_SCORE
                ):
                    chosen.append(int(other))
        else:
            chosen = []
        chosen = [i for n, i in enumerate(chosen) if n == 0 or not taxonomy.rules[i].fallback]
        filed.append(tuple(topics[i] for i in chosen[:MAX_RULE_TOPICS]))
    return tuple(filed)


def train_classifier(taxonomy: Taxonomy, texts: Sequence[tuple[str, str]]) -> TopicModel | None:
    """The classifier as filing these (title, abstract)s trains it when no shipped model is
    current (`file_by_scores`), marked with the taxonomy's fingerprint; None when nothing
    trains one. `generator.topic_model` ships it."""
    scores = all_rule_scores(taxonomy, texts)
    by_rules = [_ranked_by_rules(taxonomy, row) for row in scores.tolist()]
    documents = training_documents(taxonomy, texts, scores, by_rules)
    return train_model(documents, len(taxonomy.rules), taxonomy.fingerprint)


def training_documents(
    taxonomy: Taxonomy,
    texts: Sequence[tuple[str, str]],
    scores: np.ndarray,
    by_rules: Sequence[tuple[Topic, ...]],
) -> list[Document]:
    """The papers to score, those the rules file confidently training with their primary topic
    (a capped number per topic, chosen by a hash of their text), then the labelled examples.

    `scores` are the texts' rule scores (`all_rule_scores`), `by_rules` their topics by the
    rules alone.
    """
    import numpy as np

    ordered = -np.sort(-scores, axis=1)
    runner_up = ordered[:, 1] if len(taxonomy.rules) > 1 else np.zeros(len(texts))
    confident = (ordered[:, 0] >= CONFIDENT_SCORE) & (ordered[:, 0] >= CONFIDENT_MARGIN * runner_up)
    index = {topic.slug: i for i, topic in enumerate(taxonomy.topics)}
    # A labelled example that is also in the catalogue trains as itself, with its own labels.
    labelled = {title_key(example.title): example for example in taxonomy.examples}
    keys = [title_key(title) for title, _ in texts]
    in_catalogue = set(keys) & labelled.keys()
    candidates: dict[str, list[tuple[str, int]]] = {}
    for row, (title, abstract) in enumerate(texts):
        if confident[row] and keys[row] not in in_catalogue:
            key = hashlib.sha256(f"{title}\n{abstract}".encode()).hexdigest()
            candidates.setdefault(by_rules[row][0].slug, []).append((key, row))
    training = {
        row for rows in candidates.values() for _, row in sorted(rows)[:RULE_EXAMPLES_PER_TOPIC]
    }
    documents = []
    for row, (title, abstract) in enumerate(texts):
        example = labelled.get(keys[row])
        if example is not None:
            targets = tuple(index[slug] for slug in example.topics)
            documents.append(Document(title, abstract, targets, EXAMPLE_WEIGHT))
        elif row in training:
            targets = (index[by_rules[row][0].slug],)
            documents.append(Document(title, abstract, targets, RULE_EXAMPLE_WEIGHT))
        else:
            documents.append(Document(title, abstract))
    documents += [
        Document(
            example.title,
            example.abstract,
            tuple(index[slug] for slug in example.topics),
            EXAMPLE_WEIGHT,
        )
        for key, example in sorted(labelled.items())
        if key not in in_catalogue
    ]
    return documents


def load_taxonomy(path: Path, name: str) -> Taxonomy:
    """Read and validate a taxonomy file; `name` is how messages call the file."""
    document, node = _load_yaml(path, name)
    if not isinstance(document, dict) or not isinstance(document.get("topics"), list):
        raise TaxonomyError(name, _line_of(node), "expected a 'topics:' list of topics")
    assert node is not None
    topics_node = _child(node, "topics")
    assert topics_node is not None
    rules: list[TopicRule] = []
    seen: dict[str, int] = {}
    for entry, entry_node in zip(document["topics"], topics_node.value, strict=True):
        line = entry_node.start_mark.line + 1
        rule = _topic_rule(entry, name, line)
        slug = rule.topic.slug
        if slug in seen:
            raise TaxonomyError(
                name, line, f"topic '{slug}': duplicate slug, first used at line {seen[slug]}"
            )
        seen[slug] = line
        rules.append(rule)
    if not rules:
        raise TaxonomyError(name, _line_of(topics_node), "the 'topics:' list is empty")
    unknown = sorted(set(document) - _TAXONOMY_KEYS)
    if unknown:
        raise TaxonomyError(name, _line_of(node), f"unknown key '{unknown[0]}'")
    examples: tuple[Example, ...] = ()
    if "examples" in document:
        where = _line_of(_child(node, "examples"))
        value = document["examples"]
        if not isinstance(value, str) or not value.strip():
            raise TaxonomyError(
                name, where, "'examples' names a JSON Lines file of labelled papers"
            )
        known = {rule.topic.slug for rule in rules}
        shown = (Path(name).parent / value).as_posix()
        examples = load_examples(path.parent / value, shown, known)
    taxonomy = Taxonomy.of(name, tuple(rules), examples)
    if "model" not in document:
        return taxonomy
    value = document["model"]
    if not isinstance(value, str) or not value.strip():
        where = _line_of(_child(node, "model"))
        raise TaxonomyError(name, where, "'model' names the file of the trained classifier")
    fingerprint = model_fingerprint(path, path.parent / document.get("examples", ""))
    model_path = path.parent / value
    return dataclasses.replace(
        taxonomy,
        model=_shipped_model(model_path, (Path(name).parent / value).as_posix(), fingerprint),
        model_path=model_path,
        fingerprint=fingerprint,
    )


def _shipped_model(path: Path, name: str, fingerprint: str) -> TopicModel | None:
    """The model in `path` when it was trained from what `fingerprint` names; None when the
    file is absent or out of date (the classifier is then trained as papers are filed)."""
    if not path.is_file():
        return None
    try:
        model = TopicModel.load(path)
    except ValueError as error:
        raise TaxonomyError(name, None, f"not a topic model ({error}); run {REGENERATE}") from None
    return model if model.fingerprint == fingerprint else None


REGENERATE = "python3 -m generator.topic_model"
"""The command that trains the shipped classifier again."""


def model_fingerprint(taxonomy: Path, examples: Path) -> str:
    """A digest of what trains the classifier: the taxonomy file, the examples file, and the
    settings of rules and training. A model with another fingerprint is out of date."""
    digest = hashlib.sha256()
    for path in (taxonomy, examples):
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    rules = (TITLE_WEIGHT, REPEAT_WEIGHT, REPEAT_CAP, CONFIDENT_SCORE, CONFIDENT_MARGIN)
    rules_too = (SECONDARY_MIN_SCORE, SECONDARY_MIN_SHARE, MAX_RULE_TOPICS)
    digest.update(f"{rules!r} {rules_too!r} {settings()}".encode())
    return digest.hexdigest()


def load_overrides(path: Path, name: str, taxonomy: Taxonomy) -> tuple[Override, ...]:
    """Read and validate an overrides file; a missing file means no overrides."""
    if not path.exists():
        return ()
    document, node = _load_yaml(path, name)
    if node is None or document is None:
        return ()
    if not isinstance(document, dict) or set(document) - {"papers"}:
        raise TaxonomyError(name, _line_of(node), "expected a 'papers:' mapping")
    papers = document.get("papers") or {}
    if not isinstance(papers, dict):
        raise TaxonomyError(name, _line_of(node), "'papers:' must map paper slugs to corrections")
    papers_node = _child(node, "papers")
    # Slugs as written: YAML would read `no` as false and `1984` as a number.
    entries = papers_node.value if isinstance(papers_node, yaml.MappingNode) else []
    if len(entries) != len(papers):
        raise TaxonomyError(name, _line_of(papers_node), "a paper is listed twice under 'papers:'")
    overrides = []
    for (key_node, _), entry in zip(entries, papers.values(), strict=True):
        slug = str(key_node.value)
        line = key_node.start_mark.line + 1
        where = f"paper '{slug}'"
        if not isinstance(entry, dict) or not entry or set(entry) - _OVERRIDE_KEYS:
            raise TaxonomyError(name, line, f"{where}: give 'add', 'remove' or 'primary'")
        at = (name, line, where)
        primary = _override_topics(entry, "primary", taxonomy, at)
        if len(primary) > 1:
            raise TaxonomyError(name, line, f"{where}: 'primary' takes one topic slug")
        add = _override_topics(entry, "add", taxonomy, at)
        if len({*primary, *add}) > MAX_TOPICS:
            raise TaxonomyError(name, line, f"{where}: a paper has at most {MAX_TOPICS} topics")
        overrides.append(
            Override(
                name,
                line,
                slug,
                add=add,
                remove=_override_topics(entry, "remove", taxonomy, at),
                primary=primary[0] if primary else None,
            )
        )
    return tuple(sorted(overrides, key=lambda override: override.paper_slug))


def unsorted(papers: Iterable[Paper]) -> tuple[Paper, ...]:
    """The papers that no topic took, in catalogue order."""
    return tuple(paper for paper in papers if not paper.topics)


def papers_by_topic(papers: Iterable[Paper]) -> Mapping[str, tuple[Paper, ...]]:
    """Each topic slug's papers: those whose primary topic it is first, then the rest, by slug."""
    primary: dict[str, list[Paper]] = {}
    secondary: dict[str, list[Paper]] = {}
    for paper in sorted(papers, key=lambda paper: paper.slug):
        for rank, topic in enumerate(paper.topics):
            (primary if rank == 0 else secondary).setdefault(topic.slug, []).append(paper)
    slugs = sorted(primary.keys() | secondary.keys())
    return {slug: (*primary.get(slug, []), *secondary.get(slug, [])) for slug in slugs}


def _topic_rule(entry: Any, name: str, line: int) -> TopicRule:
    if not isinstance(entry, dict):
        raise TaxonomyError(name, line, "each topic is a mapping with slug, name, description")
    slug = entry.get("slug")
    where = f"topic '{slug}'" if isinstance(slug, str) else "topic"
    unknown = sorted(set(entry) - _TOPIC_KEYS)
    if unknown:
        raise TaxonomyError(name, line, f"{where}: unknown key '{unknown[0]}'")
    for key in ("slug", "name", "description"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise TaxonomyError(name, line, f"{where}: '{key}' must be a non-empty string")
    assert isinstance(slug, str)
    if not _SLUG.fullmatch(slug):
        raise TaxonomyError(
            name, line, f"{where}: a slug is lowercase letters, digits and single hyphens"
        )
    if slug == UNSORTED_SLUG:
        raise TaxonomyError(name, line, f"{where}: '{UNSORTED_SLUG}' is kept for the unsorted page")
    compiled: dict[str, list[Pattern]] = {}
    for key in ("patterns", "acronyms", "title_patterns"):
        values = entry.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise TaxonomyError(name, line, f"{where}: '{key}' must be a list of strings")
        acronym = key == "acronyms"
        flags = 0 if acronym else re.IGNORECASE
        at = (name, line, where)
        compiled[key] = [_compile(value, flags, acronym=acronym, at=at) for value in values]
    patterns = (*compiled["patterns"], *compiled["acronyms"])
    if not patterns and not compiled["title_patterns"]:
        raise TaxonomyError(name, line, f"{where}: give at least one pattern or acronym")
    topic = Topic(slug, entry["name"].strip(), " ".join(entry["description"].split()))
    fallback = entry.get("fallback", False)
    if not isinstance(fallback, bool):
        raise TaxonomyError(name, line, f"{where}: 'fallback' must be true or false")
    return TopicRule(topic, patterns, tuple(compiled["title_patterns"]), fallback)


def _compile(value: str, flags: int, *, acronym: bool, at: tuple[str, int, str]) -> Pattern:
    body = value if acronym else value.replace(" ", r"[\s-]*")
    plural = "s?" if acronym else ""
    try:
        pattern = re.compile(rf"(?<!\w)(?:{body}){plural}(?![\w])", flags)
    except re.error as error:
        name, line, where = at
        raise TaxonomyError(
            name, line, f"{where}: invalid pattern '{value}': {error.msg}"
        ) from None
    if any(match.group() == "" for match in pattern.finditer(_EMPTY_PROBE)):
        name, line, where = at
        raise TaxonomyError(name, line, f"{where}: pattern '{value}' matches empty text")
    # Matching the probe above is safe whatever the pattern: the text is ten characters long.
    risk = backtracking_risk(pattern.pattern, flags)
    if risk is not None:
        name, line, where = at
        raise TaxonomyError(name, line, f"{where}: pattern '{value}' {risk}")
    if _INLINE_FLAGS.search(body):
        return Pattern(pattern, None, folded=False)
    folded = bool(flags & re.IGNORECASE)
    fast_body = _lowercase_pattern(body) if folded else body
    try:
        fast = re.compile(rf"(?:{fast_body}){plural}(?![\w])")
    except re.error:
        return Pattern(pattern, None, folded=False)
    return Pattern(pattern, fast, folded, needles(fast.pattern), needle_terms(fast.pattern))


def needles(source: str) -> frozenset[str]:
    """Literal strings one of which every match of `source` contains; empty when unknown.

    Read from the parsed expression: a sequence needs each of its required parts, so any one
    part's strings will do (the most selective is chosen); an alternation needs one of its
    branches' strings; a repeat needs its item's only when it repeats at least once.
    Look-arounds, classes and wildcards require nothing.
    """
    if _sre_parser is None:
        return frozenset()
    try:
        parsed = _sre_parser.parse(source)
    except Exception:  # a private module: if it ever changes, do without the shortcut
        return frozenset()
    found = _needles(list(parsed))
    return frozenset(found or ())


def _needles(items: list[Any]) -> set[str] | None:
    parser = _sre_parser
    choices: list[set[str]] = []
    run: list[str] = []
    for op, value in items:
        if op is parser.LITERAL:
            run.append(chr(value))
            continue
        if run:
            choices.append({"".join(run)})
            run = []
        needed: set[str] | None = None
        if op is parser.SUBPATTERN and not value[1] and not value[2]:  # no inline flags
            needed = _needles(list(value[3]))
        elif op is parser.BRANCH:
            branches = [_needles(list(branch)) for branch in value[1]]
            if all(branches):
                needed = set().union(*(b for b in branches if b))
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT) and value[0] >= 1:
            needed = _needles(list(value[2]))
        if needed:
            choices.append(needed)
    if run:
        choices.append({"".join(run)})
    # The most selective: the set whose shortest string is longest, then the smallest set.
    return max(choices, key=lambda c: (min(map(len, c)), -len(c), sorted(c)), default=None)


MAX_TERMS = 64
"""`needle_terms` gives at most this many sets for a pattern; past it, a part is left out."""
MIN_TERM_NEEDLE = 3
"""Shorter strings are left out of the sets: found in nearly every text, they would only slow
the needle finder."""


def needle_terms(source: str) -> tuple[frozenset[str], ...]:
    """Sets of literal strings, all of one of which every match of `source` contains.

    Finer than `needles`: `(small|large) language models?` gives `{small, language, model}`
    and `{large, language, model}`, so a text with "language" alone is passed over. A part
    whose strings are unknown, or that would make more than `MAX_TERMS` sets, is left out,
    which only makes the sets less selective, never wrong. Empty: no such sets.
    """
    if _sre_parser is None:
        return ()
    try:
        parsed = _sre_parser.parse(source)
    except Exception:  # a private module: if it ever changes, do without the shortcut
        return ()
    terms = _terms(list(parsed))
    if not terms or any(not term for term in terms):
        return ()
    # A set that holds another adds nothing: the smaller one is met whenever it is.
    kept = [t for t in terms if not any(other < t for other in terms)]
    return tuple(sorted(set(kept), key=lambda term: sorted(term)))


def _terms(items: list[Any]) -> list[frozenset[str]] | None:
    """The sets of a sequence of parsed items; None when it may match without any string."""
    parser = _sre_parser
    result: list[frozenset[str]] = [frozenset()]
    run: list[str] = []

    def join(part: list[frozenset[str]] | None) -> None:
        nonlocal result
        if not part:
            return
        joined = {a | b for a in result for b in part}
        if len(joined) <= MAX_TERMS:
            result = list(joined)

    for op, value in items:
        if op is parser.LITERAL:
            run.append(chr(value))
            continue
        if len(run) >= MIN_TERM_NEEDLE:
            join([frozenset({"".join(run)})])
        run = []
        if op is parser.SUBPATTERN and not value[1] and not value[2]:  # no inline flags
            join(_terms(list(value[3])))
        elif op is parser.BRANCH:
            branches = [_terms(list(branch)) for branch in value[1]]
            if all(b and all(b) for b in branches):
                join([term for branch in branches if branch for term in branch])
        elif op in (parser.MAX_REPEAT, parser.MIN_REPEAT) and value[0] >= 1:
            join(_terms(list(value[2])))
    if len(run) >= MIN_TERM_NEEDLE:
        join([frozenset({"".join(run)})])
    return None if result == [frozenset()] else result


def _lowercase_pattern(source: str) -> str:
    """A regular expression's letters lowercased, its escapes (`\\W`, `\\S`, `\xab`) kept."""
    out: list[str] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            escape = source[index + 1 : index + 2]
            width = 2 + {"x": 2, "u": 4, "U": 8}.get(escape, 0)
            if escape == "N":
                width = source.find("}", index) + 1 - index if "}" in source[index:] else 2
            out.append(source[index : index + width])
            index += width
        else:
            out.append(char.lower())
            index += 1
    return "".join(out)


def _override_topics(
    entry: dict[str, Any], key: str, taxonomy: Taxonomy, at: tuple[str, int, str]
) -> tuple[Topic, ...]:
    name, line, where = at
    values = entry.get(key, [])
    values = [values] if isinstance(values, str) else values
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise TaxonomyError(name, line, f"{where}: '{key}' must list topic slugs")
    topics = []
    for slug in values:
        topic = taxonomy.topic(slug)
        if topic is None:
            raise TaxonomyError(name, line, f"{where}: unknown topic '{slug}' in '{key}'")
        topics.append(topic)
    return tuple(topics)


def _load_yaml(path: Path, name: str) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError(name, None, "no such file") from None
    except (OSError, UnicodeError) as error:
        raise TaxonomyError(name, None, f"cannot be read: {error}") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        document = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else 1
        raise TaxonomyError(name, line, f"not valid YAML: {error.problem}") from None
    finally:
        loader.dispose()
    return document, node


def _line_of(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _child(node: yaml.Node, key: str) -> yaml.Node | None:
    """The value node of `key`; the last one, as YAML keeps the last of repeated keys."""
    found = None
    for key_node, value_node in node.value:
        if key_node.value == key:
            found = value_node
    return found
