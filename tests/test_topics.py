"""Tests of generator.topics: the taxonomy and overrides files, the rules, ranking and filing."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.classify import Example
from generator.cli import main
from generator.corpus import read_corpus
from generator.model import Catalogue, DumpFile, Note, Paper, Problem, Source, Topic
from generator.topics import (
    MAX_RULE_TOPICS,
    MAX_TOPICS,
    SECONDARY_MIN_SCORE,
    SECONDARY_MIN_SHARE,
    Override,
    Taxonomy,
    TaxonomyError,
    Text,
    _lowercase_pattern,
    all_rule_scores,
    assign_topics,
    file_papers,
    load_overrides,
    load_taxonomy,
    needle_terms,
    needles,
    papers_by_topic,
    rank_topics,
    rule_scores,
    unsorted,
)

REPO = Path(__file__).resolve().parent.parent


# --- helpers -------------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def taxonomy_error(tmp_path: Path, text: str) -> str:
    """The one-line message that loading this taxonomy text gives."""
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(write(tmp_path, "topics.yml", text), "topics.yml")
    message = str(caught.value)
    assert "\n" not in message
    return message


def entry(slug: str, *patterns: str, **more: Any) -> dict[str, Any]:
    """A taxonomy entry with a name and description made from its slug."""
    fields: dict[str, Any] = {"slug": slug, "name": slug.title(), "description": f"About {slug}."}
    if patterns:
        fields["patterns"] = list(patterns)
    return fields | more


def taxonomy(tmp_path: Path, *entries: dict[str, Any]) -> Taxonomy:
    """A taxonomy of these entries, loaded from a file the way the build loads one."""
    path = tmp_path / "topics.yml"
    path.write_text(yaml.safe_dump({"topics": list(entries)}, sort_keys=False), encoding="utf-8")
    return load_taxonomy(path, "topics.yml")


def slugs(topics: Sequence[Topic]) -> list[str]:
    return [topic.slug for topic in topics]


def score_of(tax: Taxonomy, slug: str, title: str, abstract: str) -> float:
    (rule,) = [rule for rule in tax.rules if rule.topic.slug == slug]
    return rule.score(title, abstract)


def words(prefix: str, count: int) -> list[str]:
    """`count` distinct words that no other prefix's words match: `prefix0`, `prefix1`, ..."""
    return [f"{prefix}{i}" for i in range(count)]


def topic(slug: str) -> Topic:
    return Topic(slug, slug.title(), f"About {slug}.")


def paper(slug: str, title: str = "", abstract: str = "", line: int = 1) -> Paper:
    return Paper(
        slug=slug,
        title=title or slug,
        abstract=abstract,
        short_name=None,
        sources=(Source("dump.txt", line), Source("other.txt", 7)),
    )


def catalogue(*papers: Paper, problems: Sequence[Problem] = ()) -> Catalogue:
    return Catalogue(tuple(papers), (DumpFile("dump.txt", len(papers)),), (), tuple(problems))


# A small taxonomy most filing tests share: each topic has one plain word.
ANIMALS = (entry("cats", "cat"), entry("dogs", "dog"), entry("birds", "bird"))


# --- taxonomy validation -------------------------------------------------------------------------

VALID_TOPIC = textwrap.dedent(
    """
    topics:
      - slug: cats
        name: Cats
        description: Papers about cats.
        patterns: [cat]
    """
).lstrip()


def test_a_valid_taxonomy_loads_with_its_topics_in_file_order(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, entry("zebras", "zebra"), entry("ants", "ant"))
    assert tax.path == "topics.yml"
    assert tax.topics == (
        Topic("zebras", "Zebras", "About zebras."),
        Topic("ants", "Ants", "About ants."),
    )
    assert tax.topic("ants") == Topic("ants", "Ants", "About ants.")
    assert tax.topic("unknown") is None


def test_a_description_is_folded_onto_one_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "topics.yml",
        """
        topics:
          - slug: cats
            name: "  Cats  "
            description: |
              Papers about
              cats.
            patterns: [cat]
        """,
    )
    (cats,) = load_taxonomy(path, "topics.yml").topics
    assert (cats.name, cats.description) == ("Cats", "Papers about cats.")


def test_a_missing_taxonomy_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(tmp_path / "absent.yml", "absent.yml")
    assert str(caught.value) == "absent.yml: no such file"


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    message = taxonomy_error(
        tmp_path,
        """
        topics:
          - slug: cats
           name: Cats
        """,
    )
    assert message == (
        "topics.yml:3: not valid YAML: expected <block end>, but found '<block mapping start>'"
    )


@pytest.mark.parametrize(
    "text",
    ["", "# only a comment\n", "topics: cats\n", "- slug: cats\n", "subjects:\n  - slug: cats\n"],
)
def test_a_file_without_a_topics_list_is_refused(tmp_path: Path, text: str) -> None:
    assert taxonomy_error(tmp_path, text) == "topics.yml:1: expected a 'topics:' list of topics"


def test_an_empty_topics_list_is_refused(tmp_path: Path) -> None:
    message = taxonomy_error(tmp_path, "# The catalogue's topics.\ntopics: []\n")
    assert message == "topics.yml:2: the 'topics:' list is empty"


def test_a_topic_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    message = taxonomy_error(tmp_path, VALID_TOPIC + "  - dogs\n")
    assert message == "topics.yml:6: each topic is a mapping with slug, name, description"


def test_an_unknown_key_is_named(tmp_path: Path) -> None:
    message = taxonomy_error(
        tmp_path,
        """
        topics:
          - slug: cats
            name: Cats
            description: Papers about cats.
            pattern: [cat]
        """,
    )
    assert message == "topics.yml:2: topic 'cats': unknown key 'pattern'"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            "name: Cats\n    description: About cats.",
            "topics.yml:2: topic: 'slug' must be a non-empty string",
        ),
        (
            "slug: 7\n    name: Cats\n    description: About cats.",
            "topics.yml:2: topic: 'slug' must be a non-empty string",
        ),
        (
            "slug: cats\n    description: About cats.",
            "topics.yml:2: topic 'cats': 'name' must be a non-empty string",
        ),
        (
            "slug: cats\n    name: '  '\n    description: About cats.",
            "topics.yml:2: topic 'cats': 'name' must be a non-empty string",
        ),
        (
            "slug: cats\n    name: Cats",
            "topics.yml:2: topic 'cats': 'description' must be a non-empty string",
        ),
        (
            "slug: cats\n    name: Cats\n    description:",
            "topics.yml:2: topic 'cats': 'description' must be a non-empty string",
        ),
    ],
)
def test_slug_name_and_description_are_required(tmp_path: Path, fields: str, message: str) -> None:
    text = "topics:\n  - " + fields + "\n    patterns: [cat]\n"
    assert taxonomy_error(tmp_path, text) == message


@pytest.mark.parametrize("slug", ["Cats", "big cats", "big--cats", "-cats", "cats-", "chats_"])
def test_a_malformed_slug_is_refused(tmp_path: Path, slug: str) -> None:
    text = f"topics:\n  - slug: '{slug}'\n    name: Cats\n    description: d\n    patterns: [cat]\n"
    assert taxonomy_error(tmp_path, text) == (
        f"topics.yml:2: topic '{slug}': a slug is lowercase letters, digits and single hyphens"
    )


def test_the_unsorted_slug_is_reserved(tmp_path: Path) -> None:
    text = "topics:\n  - slug: unsorted\n    name: Other\n    description: d\n    patterns: [x]\n"
    assert taxonomy_error(tmp_path, text) == (
        "topics.yml:2: topic 'unsorted': 'unsorted' is kept for the unsorted page"
    )


def test_a_duplicate_slug_names_the_first_line(tmp_path: Path) -> None:
    message = taxonomy_error(
        tmp_path,
        """
        topics:
          - slug: cats
            name: Cats
            description: Papers about cats.
            patterns: [cat]
          - slug: dogs
            name: Dogs
            description: Papers about dogs.
            patterns: [dog]
          - slug: cats
            name: More cats
            description: Papers about kittens.
            patterns: [kitten]
        """,
    )
    assert message == "topics.yml:10: topic 'cats': duplicate slug, first used at line 2"


def test_an_invalid_pattern_is_named(tmp_path: Path) -> None:
    text = VALID_TOPIC.replace("[cat]", "[cat, 'multi (task']")
    message = taxonomy_error(tmp_path, text)
    assert message.startswith(
        "topics.yml:2: topic 'cats': invalid pattern 'multi (task': missing ), "
        "unterminated subpattern"
    )


def test_an_invalid_pattern_error_gives_no_position_in_the_wrapped_pattern(
    tmp_path: Path,
) -> None:
    text = VALID_TOPIC.replace("[cat]", "['multi (task']")
    assert taxonomy_error(tmp_path, text) == (
        "topics.yml:2: topic 'cats': invalid pattern 'multi (task': "
        "missing ), unterminated subpattern"
    )


def test_a_pattern_that_matches_nothing_between_words_is_refused(tmp_path: Path) -> None:
    text = VALID_TOPIC.replace("[cat]", r"['\B']")
    assert "matches empty text" in taxonomy_error(tmp_path, text)


@pytest.mark.parametrize(
    ("key", "pattern"),
    [("patterns", "(cat)?"), ("patterns", " "), ("title_patterns", "x*"), ("acronyms", "(AI)?")],
)
def test_a_pattern_that_matches_empty_text_is_refused(
    tmp_path: Path, key: str, pattern: str
) -> None:
    text = VALID_TOPIC.replace("patterns: [cat]", f"{key}: ['{pattern}']")
    assert taxonomy_error(tmp_path, text) == (
        f"topics.yml:2: topic 'cats': pattern '{pattern}' matches empty text"
    )


@pytest.mark.parametrize("patterns", ["", "    patterns: []\n    acronyms: []\n"])
def test_a_topic_without_patterns_is_refused(tmp_path: Path, patterns: str) -> None:
    text = "topics:\n  - slug: cats\n    name: Cats\n    description: d\n" + patterns
    assert taxonomy_error(tmp_path, text) == (
        "topics.yml:2: topic 'cats': give at least one pattern or acronym"
    )


def test_title_patterns_alone_are_enough(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, entry("datasets", title_patterns=["dataset"]))
    assert slugs(rank_topics(tax, "A new dataset", "")) == ["datasets"]


@pytest.mark.parametrize("key", ["patterns", "acronyms", "title_patterns"])
@pytest.mark.parametrize("value", ["cat", "[1, 2]", "['']", "{cat: 1}", ""])
def test_patterns_must_be_a_list_of_strings(tmp_path: Path, key: str, value: str) -> None:
    text = "topics:\n  - slug: cats\n    name: Cats\n    description: d\n"
    text += f"    {key}: {value}\n"
    assert taxonomy_error(tmp_path, text) == (
        f"topics.yml:2: topic 'cats': '{key}' must be a list of strings"
    )


# --- overrides validation ------------------------------------------------------------------------


@pytest.fixture
def animals(tmp_path: Path) -> Taxonomy:
    return taxonomy(tmp_path, *ANIMALS)


def overrides_error(tmp_path: Path, animals: Taxonomy, text: str) -> str:
    with pytest.raises(TaxonomyError) as caught:
        load_overrides(write(tmp_path, "overrides.yml", text), "overrides.yml", animals)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_missing_overrides_file_means_no_overrides(tmp_path: Path, animals: Taxonomy) -> None:
    assert load_overrides(tmp_path / "absent.yml", "absent.yml", animals) == ()


@pytest.mark.parametrize("text", ["", "# Corrections for single papers.\n", "papers:\n"])
def test_an_empty_overrides_file_means_no_overrides(
    tmp_path: Path, animals: Taxonomy, text: str
) -> None:
    path = write(tmp_path, "overrides.yml", text)
    assert load_overrides(path, "overrides.yml", animals) == ()


def test_overrides_are_read_with_their_lines_and_sorted_by_paper(
    tmp_path: Path, animals: Taxonomy
) -> None:
    path = write(
        tmp_path,
        "overrides.yml",
        """
        # Corrections.
        papers:
          zoo-paper:
            add: [cats, dogs]
            remove: birds
          ant-paper:
            primary: birds
        """,
    )
    cats, dogs, birds = animals.topics
    assert load_overrides(path, "overrides.yml", animals) == (
        Override("overrides.yml", 6, "ant-paper", primary=birds),
        Override("overrides.yml", 3, "zoo-paper", add=(cats, dogs), remove=(birds,)),
    )


@pytest.mark.parametrize("key", ["add", "remove", "primary"])
def test_an_unknown_topic_in_an_override_is_named(
    tmp_path: Path, animals: Taxonomy, key: str
) -> None:
    text = f"papers:\n  zoo-paper:\n    add: [cats]\n  ant-paper:\n    {key}: [fish]\n"
    assert overrides_error(tmp_path, animals, text) == (
        f"overrides.yml:4: paper 'ant-paper': unknown topic 'fish' in '{key}'"
    )


def test_an_override_has_one_primary(tmp_path: Path, animals: Taxonomy) -> None:
    text = "papers:\n  zoo-paper:\n    primary: [cats, dogs]\n"
    assert overrides_error(tmp_path, animals, text) == (
        "overrides.yml:2: paper 'zoo-paper': 'primary' takes one topic slug"
    )


@pytest.mark.parametrize(
    "correction",
    ["{}", "", "cats", "[cats]", "{add: [cats], primry: dogs}"],
    ids=["empty", "nothing", "a string", "a list", "unknown key"],
)
def test_an_override_must_give_add_remove_or_primary(
    tmp_path: Path, animals: Taxonomy, correction: str
) -> None:
    text = f"papers:\n  zoo-paper: {{add: [cats]}}\n  ant-paper: {correction}\n"
    assert overrides_error(tmp_path, animals, text) == (
        "overrides.yml:3: paper 'ant-paper': give 'add', 'remove' or 'primary'"
    )


def test_override_topics_must_be_slugs(tmp_path: Path, animals: Taxonomy) -> None:
    text = "papers:\n  zoo-paper:\n    add: {cats: 1}\n"
    assert overrides_error(tmp_path, animals, text) == (
        "overrides.yml:2: paper 'zoo-paper': 'add' must list topic slugs"
    )


@pytest.mark.parametrize(
    "text", ["- zoo-paper\n", "papers: {}\nextra: 1\n", "paper:\n  zoo-paper: {add: [cats]}\n"]
)
def test_an_overrides_file_is_a_papers_mapping(
    tmp_path: Path, animals: Taxonomy, text: str
) -> None:
    assert (
        overrides_error(tmp_path, animals, text) == "overrides.yml:1: expected a 'papers:' mapping"
    )


def test_papers_must_map_slugs_to_corrections(tmp_path: Path, animals: Taxonomy) -> None:
    assert overrides_error(tmp_path, animals, "papers: [zoo-paper]\n") == (
        "overrides.yml:1: 'papers:' must map paper slugs to corrections"
    )


def test_an_empty_mapping_means_no_overrides(tmp_path: Path, animals: Taxonomy) -> None:
    path = write(tmp_path, "overrides.yml", "{}\n")
    assert load_overrides(path, "overrides.yml", animals) == ()


def test_a_numeric_paper_slug_keeps_its_line(tmp_path: Path, animals: Taxonomy) -> None:
    text = "papers:\n  zoo-paper: {add: [cats]}\n  1984: {add: [fish]}\n"
    assert overrides_error(tmp_path, animals, text) == (
        "overrides.yml:3: paper '1984': unknown topic 'fish' in 'add'"
    )


def test_an_override_for_a_paper_not_in_the_corpus_is_a_warning(
    tmp_path: Path, animals: Taxonomy
) -> None:
    text = "papers:\n  cat-paper: {add: [dogs]}\n  no-such-paper: {add: [cats]}\n"
    overrides = load_overrides(write(tmp_path, "overrides.yml", text), "overrides.yml", animals)
    filed = assign_topics(catalogue(paper("cat-paper", "A cat")), animals, overrides)
    assert [str(problem) for problem in filed.problems] == [
        "overrides.yml:3: no paper has the slug 'no-such-paper'; override ignored "
        "(the paper's page URL ends with its slug)"
    ]
    assert slugs(filed.papers[0].topics) == ["cats", "dogs"]


def test_check_with_an_overrides_file_made_for_another_corpus_warns_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "topics.yml", "topic-examples.jsonl"):
        (project / name).write_text((REPO / name).read_text(encoding="utf-8"), encoding="utf-8")
    for folder in ("site_src", "theme"):
        (project / folder).symlink_to(REPO / folder, target_is_directory=True)
    (project / "topic-overrides.yml").write_text(
        "# corrections\npapers:\n  a-paper-of-another-corpus: {remove: [robotics]}\n",
        encoding="utf-8",
    )
    dump = project / "a.txt"
    dump.write_text("Robot Arms That Learn\nWe train robot arms with reinforcement learning.\n")
    monkeypatch.chdir(project)
    assert main(["check", "--corpus", str(dump)]) == 0
    out = capsys.readouterr().out
    assert (
        "warning: topic-overrides.yml:3: no paper has the slug 'a-paper-of-another-corpus'; "
        "override ignored (the paper's page URL ends with its slug)"
    ) in out.splitlines()


# --- matching rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("Robot arms", True),
        ("a ROBOT arm", True),
        ("(robot)", True),
        ("robot-arm", True),
        ("robots", False),
        ("robotics", False),
        ("microrobot", False),
        ("robot_arm", False),
    ],
)
def test_patterns_ignore_case_and_match_whole_words(
    tmp_path: Path, text: str, matches: bool
) -> None:
    tax = taxonomy(tmp_path, entry("robotics", "robot"))
    assert bool(rank_topics(tax, "Title", text)) is matches
    assert bool(rank_topics(tax, text, "")) is matches


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("multi task learning", True),
        ("Multi-Task learning", True),
        ("multitask learning", True),
        ("multi  task", True),
        ("multi_task", False),
        ("multi, task", False),
        ("multitasking", False),
    ],
)
def test_a_space_in_a_pattern_matches_a_space_a_hyphen_or_nothing(
    tmp_path: Path, text: str, matches: bool
) -> None:
    tax = taxonomy(tmp_path, entry("multi-task", "multi task"))
    assert bool(rank_topics(tax, "Title", text)) is matches


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("offline RL", True),
        ("RLs and bandits", True),
        ("(RL)", True),
        ("offline rl", False),
        ("Rl", False),
        ("RLHF", False),
        ("URL", False),
        ("RLss", False),
    ],
)
def test_acronyms_keep_their_case_and_may_be_plural(
    tmp_path: Path, text: str, matches: bool
) -> None:
    tax = taxonomy(tmp_path, entry("rl", acronyms=["RL"]))
    assert bool(rank_topics(tax, "Title", text)) is matches


def test_title_patterns_count_only_in_titles(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, entry("datasets", "benchmark", title_patterns=["dataset"]))
    assert slugs(rank_topics(tax, "A Dataset of Cats", "")) == ["datasets"]
    assert rank_topics(tax, "Cats", "We train on a dataset of cats.") == ()
    assert slugs(rank_topics(tax, "Cats", "We release a benchmark.")) == ["datasets"]


def test_a_title_match_outweighs_an_abstract_mention(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, entry("cats", "cat"), entry("dogs", "dog"))
    title, abstract = "Dog training", "A study of how a cat watches."
    assert score_of(tax, "dogs", title, abstract) > score_of(tax, "cats", title, abstract) > 0
    assert slugs(rank_topics(tax, title, abstract))[0] == "dogs"


def test_the_title_counts_once_however_many_patterns_match_it(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, entry("cats", "cat", "kitten", "feline", title_patterns=["tabby"]))
    one = score_of(tax, "cats", "A cat", "")
    assert one > 0
    assert score_of(tax, "cats", "A cat, a kitten, a feline and a tabby", "") == one


def test_each_pattern_the_abstract_mentions_counts(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, entry("cats", "cat", "kitten", "feline"))
    one = score_of(tax, "cats", "", "A cat.")
    two = score_of(tax, "cats", "", "A cat and a kitten.")
    three = score_of(tax, "cats", "", "A cat, a kitten, a feline.")
    assert 0 < one < two < three


def test_repeated_abstract_mentions_add_less_and_are_capped(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, entry("cats", "cat", "kitten"))
    mentions = [score_of(tax, "cats", "", " ".join(["cat"] * n)) for n in range(1, 30)]
    assert mentions == sorted(mentions)
    assert mentions[0] < mentions[1]
    # A repeat adds less than a second pattern mentioned once.
    assert mentions[1] - mentions[0] < score_of(tax, "cats", "", "cat kitten") - mentions[0]
    # However often the abstract repeats it, a pattern adds no more than a few mentions do.
    assert mentions[-1] == mentions[-2] == mentions[9]


# --- ranking -------------------------------------------------------------------------------------


def many_word_topics(tmp_path: Path, counts: dict[str, int]) -> Taxonomy:
    """A taxonomy, in this order, of topics each with as many distinct one-word patterns."""
    return taxonomy(tmp_path, *(entry(slug, *words(slug, n)) for slug, n in counts.items()))


def abstract_mentioning(counts: dict[str, int]) -> str:
    """An abstract that mentions this many of each topic's words, once each."""
    return " ".join(word for slug, n in counts.items() for word in words(slug, n))


def test_the_best_scoring_topic_comes_first(tmp_path: Path) -> None:
    tax = many_word_topics(tmp_path, {"small": 3, "large": 3})
    ranked = rank_topics(tax, "", abstract_mentioning({"small": 2, "large": 3}))
    assert slugs(ranked)[0] == "large"


def test_ties_follow_the_taxonomy_order(tmp_path: Path) -> None:
    abstract = "The cat and the dog and the bird."
    forward = taxonomy(tmp_path, *ANIMALS)
    backward = taxonomy(tmp_path, *reversed(ANIMALS))
    assert slugs(rank_topics(forward, "", abstract))[0] == "cats"
    assert slugs(rank_topics(backward, "", abstract))[0] == "birds"
    both = MAX_RULE_TOPICS
    assert slugs(rank_topics(forward, "Cat, dog, bird", "")) == ["cats", "dogs", "birds"][:both]
    assert slugs(rank_topics(backward, "Cat, dog, bird", "")) == ["birds", "dogs", "cats"][:both]


def test_a_secondary_topic_needs_the_minimum_score(tmp_path: Path) -> None:
    enough = -int(-SECONDARY_MIN_SCORE // 1)  # the least whole number of mentions that is enough
    too_few = enough - 1
    if too_few < 1:
        pytest.skip("every single mention is enough for a secondary topic")
    # Equal scores, so the share of the primary's score is no obstacle.
    tax = many_word_topics(tmp_path, {"first": enough, "second": enough})
    kept = rank_topics(tax, "", abstract_mentioning({"first": enough, "second": enough}))
    assert slugs(kept) == ["first", "second"]
    dropped = rank_topics(tax, "", abstract_mentioning({"first": too_few, "second": too_few}))
    assert slugs(dropped) == ["first"]


def test_a_secondary_topic_needs_a_share_of_the_primary_score(tmp_path: Path) -> None:
    second = -int(-SECONDARY_MIN_SCORE // 1)
    # The smallest primary score that this secondary falls short of.
    first = second
    while second >= SECONDARY_MIN_SHARE * first:
        first += 1
    tax = many_word_topics(tmp_path, {"first": first, "second": second})
    dropped = rank_topics(tax, "", abstract_mentioning({"first": first, "second": second}))
    assert slugs(dropped) == ["first"]
    kept = rank_topics(tax, "", abstract_mentioning({"first": first - 1, "second": second}))
    assert slugs(kept) == ["first", "second"]


def test_the_rules_give_at_most_max_rule_topics(tmp_path: Path) -> None:
    count = MAX_RULE_TOPICS + 2
    counts = {f"topic{i}x": 1 for i in range(count)}
    tax = many_word_topics(tmp_path, counts)
    text = abstract_mentioning(counts)
    assert slugs(rank_topics(tax, text, text)) == list(counts)[:MAX_RULE_TOPICS]


def test_no_match_gives_no_topics(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, *ANIMALS)
    assert rank_topics(tax, "Fish", "A fish swims; catfish and dogma are not animals here.") == ()
    assert rank_topics(tax, "", "") == ()


# --- overrides applied ---------------------------------------------------------------------------

A, B, C, D, E, F = (topic(slug) for slug in "abcdef")


def override(**corrections: Any) -> Override:
    return Override("overrides.yml", 1, "paper", **corrections)


@pytest.mark.parametrize(
    ("correction", "before", "after"),
    [
        ({}, (A, B), (A, B)),
        ({"add": (C,)}, (A, B), (A, B, C)),
        ({"add": (A,)}, (A, B), (A, B)),
        ({"remove": (B,)}, (A, B, C), (A, C)),
        ({"remove": (D,)}, (A, B), (A, B)),
        ({"remove": (A,), "add": (D,)}, (A, B), (B, D)),
        ({"primary": C}, (A, B, C), (C, A, B)),
        ({"primary": D}, (A, B, C), (D, A, B, C)),
        ({"primary": D}, (), (D,)),
        ({"primary": A, "remove": (A,)}, (A, B), (A, B)),
        ({"primary": B, "add": (D,)}, (A, B, C), (B, D, A, C)),
        ({"remove": (A, B)}, (A, B), ()),
    ],
)
def test_an_override_adds_removes_and_sets_the_primary(
    correction: dict[str, Any], before: tuple[Topic, ...], after: tuple[Topic, ...]
) -> None:
    assert override(**correction).apply(before) == after


def test_an_override_never_gives_more_than_max_topics_and_added_topics_stay() -> None:
    rules = tuple(topic(f"rule-{i}") for i in range(MAX_TOPICS))
    added = topic("added")
    result = override(add=(added,)).apply(rules)
    assert len(result) == MAX_TOPICS
    assert added in result
    assert result[0] == rules[0]


def test_a_primary_set_by_an_override_survives_the_cap() -> None:
    rules = tuple(topic(f"rule-{i}") for i in range(MAX_TOPICS))
    chosen, added = topic("chosen"), topic("added")
    result = override(primary=chosen, add=(added,)).apply(rules)
    assert len(result) == MAX_TOPICS
    assert result[:2] == (chosen, added)


def test_adding_more_than_max_topics_is_capped() -> None:
    added = tuple(topic(f"added-{i}") for i in range(MAX_TOPICS + 1))
    assert override(add=added).apply(()) == added[:MAX_TOPICS]


def test_an_override_file_that_adds_too_many_topics_is_refused(tmp_path: Path) -> None:
    names = [f"topic-{i}" for i in range(MAX_TOPICS + 1)]
    many = taxonomy(tmp_path, *(entry(name, name) for name in names))
    text = f"papers:\n  a-paper:\n    primary: {names[0]}\n    add: [{', '.join(names[1:])}]\n"
    assert overrides_error(tmp_path, many, text) == (
        f"overrides.yml:2: paper 'a-paper': a paper has at most {MAX_TOPICS} topics"
    )


def test_a_slug_yaml_would_read_as_false_is_kept_as_written(
    tmp_path: Path, animals: Taxonomy
) -> None:
    path = write(tmp_path, "overrides.yml", "papers:\n  no: {add: [cats]}\n")
    assert [o.paper_slug for o in load_overrides(path, "overrides.yml", animals)] == ["no"]


# --- filing the catalogue ------------------------------------------------------------------------


def test_assign_topics_gives_papers_their_topics(animals: Taxonomy) -> None:
    cats, dogs, birds = animals.topics
    before = catalogue(
        paper("a-cat", "A cat", "The cat purrs."),
        paper("a-dog", "Walks", "A dog."),
        paper("pets", "Bird, dog and a cat", "A dog, a bird."),
    )
    after = assign_topics(before, animals)
    assert [p.topics for p in after.papers] == [(cats,), (dogs,), (dogs, birds, cats)]
    assert after.topics == animals.topics
    assert after.problems == ()
    assert [dataclasses.replace(p, topics=()) for p in after.papers] == list(before.papers)


def test_a_paper_no_topic_matches_is_kept_and_reported(animals: Taxonomy) -> None:
    earlier = Problem(Source("dump.txt", 1), "title has no abstract after it")
    before = catalogue(
        paper("a-cat", "A cat"),
        paper("fish-tales", "Fish tales", "Nothing here.", line=12),
        problems=[earlier],
    )
    after = assign_topics(before, animals)
    assert [p.slug for p in after.papers] == ["a-cat", "fish-tales"]
    assert after.papers[1].topics == ()
    # Not lost (the Unsorted page lists it), so a note, which `--strict` lets pass.
    assert after.problems == (earlier,)
    assert after.notes == (
        Note(Source("dump.txt", 12), "no topic matches this paper; listed as unsorted: Fish tales"),
    )
    assert str(after.notes[0]) == (
        "dump.txt:12: no topic matches this paper; listed as unsorted: Fish tales"
    )
    assert unsorted(after.papers) == (after.papers[1],)


def test_overrides_are_applied_when_filing(animals: Taxonomy) -> None:
    cats, dogs, birds = animals.topics
    before = catalogue(
        paper("a-cat", "A cat"),
        paper("a-dog", "A dog"),
        paper("fish-tales", "Fish tales"),
    )
    overrides = [
        Override("o.yml", 2, "a-cat", remove=(cats,)),
        Override("o.yml", 3, "a-dog", primary=birds),
        Override("o.yml", 4, "fish-tales", add=(cats,)),
    ]
    after = assign_topics(before, animals, overrides)
    assert [p.topics for p in after.papers] == [(), (birds, dogs), (cats,)]
    assert after.problems == ()
    assert [p.source for p in after.notes] == [Source("dump.txt", 1)]
    assert "A cat" in after.notes[0].message


def test_filing_does_not_depend_on_paper_order(animals: Taxonomy) -> None:
    papers = [
        paper("a-cat", "A cat", "The cat and the dog."),
        paper("a-dog", "Dogs", "A dog, a bird, a cat."),
        paper("fish-tales", "Fish"),
        paper("birds", "Bird song", "A cat listens."),
    ]
    overrides = [Override("o.yml", 2, "birds", add=(animals.topics[1],))]
    forward = assign_topics(catalogue(*papers), animals, overrides)
    backward = assign_topics(catalogue(*reversed(papers)), animals, overrides[::-1])
    assert {p.slug: p.topics for p in forward.papers} == {p.slug: p.topics for p in backward.papers}
    assert set(forward.notes) == set(backward.notes)
    assert len(forward.notes) == 1


# --- papers by topic -----------------------------------------------------------------------------


def test_papers_by_topic_lists_primary_papers_first_then_secondary_by_slug() -> None:
    def filed(slug: str, *topics: Topic) -> Paper:
        return dataclasses.replace(paper(slug), topics=topics)

    z_primary = filed("z-primary", A, B)
    m_secondary = filed("m-secondary", B, A)
    a_secondary = filed("a-secondary", C, A)
    b_primary = filed("b-primary", A)
    nothing = filed("nothing")
    grouped = papers_by_topic([z_primary, m_secondary, nothing, a_secondary, b_primary])
    assert list(grouped) == ["a", "b", "c"]
    assert grouped["a"] == (b_primary, z_primary, a_secondary, m_secondary)
    assert grouped["b"] == (m_secondary, z_primary)
    assert grouped["c"] == (a_secondary,)
    assert unsorted([z_primary, nothing, m_secondary]) == (nothing,)
    assert papers_by_topic([]) == {}


# --- the shipped files ---------------------------------------------------------------------------


@functools.cache
def shipped_taxonomy() -> Taxonomy:
    return load_taxonomy(REPO / "topics.yml", "topics.yml")


def test_the_shipped_taxonomy_loads_with_25_to_35_described_topics_and_its_examples() -> None:
    tax = shipped_taxonomy()
    topic_slugs = slugs(tax.topics)
    assert 25 <= len(topic_slugs) <= 35
    assert len(set(topic_slugs)) == len(topic_slugs)
    assert len(tax.examples) >= 300
    assert {slug for example in tax.examples for slug in example.topics} <= set(topic_slugs)
    for rule in tax.rules:
        assert rule.topic.name.strip(), rule.topic.slug
        assert rule.topic.description.strip(), rule.topic.slug
        assert rule.patterns or rule.title_patterns, rule.topic.slug


def test_the_shipped_overrides_are_a_handful_at_most() -> None:
    tax = shipped_taxonomy()
    overrides = load_overrides(REPO / "topic-overrides.yml", "topic-overrides.yml", tax)
    assert len(overrides) <= 5
    assert (REPO / "topic-overrides.yml").exists()


# --- properties ----------------------------------------------------------------------------------

# Words that the shipped patterns look for, so that generated text matches some topics.
_VOCABULARY = st.sampled_from(
    [
        "large",
        "language",
        "models",
        "multi-task",
        "RL",
        "robot",
        "speech",
        "diffusion",
        "pruning",
        "federated",
        "spiking",
        "dataset",
        "benchmark",
        "continual",
        "few-shot",
        "LLM",
        "LLMs",
        "GPU",
        "quantization",
        "the",
        "of",
        "a",
        "cat",
    ]
)
_TEXT = st.lists(st.one_of(_VOCABULARY, st.text(max_size=12)), max_size=30).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(title=_TEXT, abstract=_TEXT)
def test_ranking_gives_a_few_distinct_taxonomy_topics_deterministically(
    title: str, abstract: str
) -> None:
    tax = shipped_taxonomy()
    ranked = rank_topics(tax, title, abstract)
    assert len(ranked) <= MAX_RULE_TOPICS
    assert len(set(ranked)) == len(ranked)
    assert set(ranked) <= set(tax.topics)
    assert rank_topics(tax, title, abstract) == ranked
    scores = {rule.topic: rule.score(title, abstract) for rule in tax.rules}
    assert [scores[t] for t in ranked] == sorted((scores[t] for t in ranked), reverse=True)
    if ranked:
        assert scores[ranked[0]] == max(scores.values()) > 0
    else:
        assert max(scores.values()) == 0


def test_fast_matching_finds_what_the_documented_patterns_find() -> None:
    # Every pattern of the real taxonomy, on every seed title and abstract and on text made to
    # trip word boundaries and case: the fast form counts exactly what the reference form does.
    tax = load_taxonomy(REPO / "topics.yml", "topics.yml")
    records = read_corpus([REPO / "corpus"], REPO).records
    texts = [text for record in records for text in (record.title, record.abstract)]
    texts += ["xRL RL rls RLs", "Multi-Task multitask MULTI TASK", "İstanbul speech KELVIN"]
    texts += ["preLLM LLM_s LLMs-based (LLM)", "re-inforcement Reinforcement-learning"]
    read = [(text, Text.of(text), Text.of(text, tax)) for text in texts]
    checked = 0
    for rule in tax.rules:
        for pattern in (*rule.patterns, *rule.title_patterns):
            for text, plain, with_needles in read:
                expected = sum(1 for _ in itertools.islice(pattern.reference.finditer(text), 3))
                assert pattern.count(plain, 3) == expected, (pattern.reference, text)
                assert pattern.count(with_needles, 3) == expected, (pattern.reference, text)
                checked += 1
    assert checked > 100_000


@pytest.mark.parametrize(
    ("source", "lowered"),
    [
        (r"GAN\W+\S", r"gan\W+\S"),
        (r"\xAB\u00C9É", r"\xAB\u00C9é"),
        (r"\N{LATIN SMALL LETTER A}B", r"\N{LATIN SMALL LETTER A}b"),
    ],
)
def test_lowercasing_a_pattern_keeps_its_escapes(source: str, lowered: str) -> None:
    assert _lowercase_pattern(source) == lowered


def test_a_pattern_with_its_own_flags_keeps_its_reference_form(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, entry("gans", "(?-i:GAN)s?"))
    (pattern,) = tax.rules[0].patterns
    assert pattern.fast is None
    assert pattern.count(Text.of("GANs beat gans"), 3) == 1


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"(?:(large|small)[\s-]*language[\s-]*models?)(?![\w])", {"language"}),
        (r"(?:medic(al|ine)|clinical|patients?)(?![\w])", {"medic", "clinical", "patient"}),
        (r"(?:(?<!trained\W)rl)s?", {"rl"}),
        (r"(?:q+uick|c{2,}d)", {"uick", "d"}),
        (r"(?:x|y*)", set()),  # a branch that may match nothing: no needle is certain
        (r"(?:[a-z]+ing)", {"ing"}),
    ],
)
def test_needles_are_strings_every_match_contains(source: str, expected: set[str]) -> None:
    assert needles(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            r"(?:(large|small)[\s-]*language[\s-]*models?)(?![\w])",
            [{"large", "language", "model"}, {"small", "language", "model"}],
        ),
        (
            r"(?:align(ing)?[\s-]*models?|value[\s-]*alignment)",
            [{"align", "model"}, {"value", "alignment"}],
        ),
        (r"(?:x|y*)", []),  # a branch that may match nothing: no string is certain
        (r"(?:ab[\s-]*cde)", [{"cde"}]),  # strings shorter than three are left out
        (r"(?:cats?|dogs?)", [{"cat"}, {"dog"}]),
        (r"(?:(?<!trained\W)rl[\s-]*agents?)", [{"agent"}]),
    ],
)
def test_needle_terms_are_sets_of_strings_one_of_which_every_match_holds_in_full(
    source: str, expected: list[set[str]]
) -> None:
    terms = needle_terms(source)
    assert sorted(map(sorted, terms)) == sorted(map(sorted, expected))


def test_scoring_all_papers_at_once_gives_each_papers_rule_scores() -> None:
    # Both ways of choosing which patterns run (the needle index, Hyperscan) skip only patterns
    # that cannot match: the scores are those of scoring each paper alone.
    tax = shipped_taxonomy()
    records = read_corpus([REPO / "corpus"], REPO).records
    texts = [(record.title, record.abstract) for record in records]
    texts += [("xRL RL rls RLs", "Multi-Task multitask MULTI TASK\u00a0learning"), ("", "")]
    texts += [("Large\u00a0language  models", "İstanbul speech KELVIN preLLM LLMs-based (LLM)")]
    texts += [("A \ud800 lone surrogate in agentic coding", "tool use, GUI agents")]
    expected = [list(rule_scores(tax, title, abstract)) for title, abstract in texts]
    assert sum(map(sum, expected)) > 1000
    for prefilter in (False, True):
        found = all_rule_scores(tax, texts, prefilter=prefilter)
        assert found.tolist() == expected


# --- topics pinned by a record -------------------------------------------------------------------


def test_pinned_topics_replace_the_rules_and_overrides_still_apply(tmp_path: Path) -> None:
    tax = taxonomy(tmp_path, *ANIMALS)
    pinned = dataclasses.replace(
        paper("pinned", "A cat and a dog"), pinned_topics=("birds", "dogs", "no-such-topic")
    )
    corrected = dataclasses.replace(paper("corrected", "A cat"), pinned_topics=("birds",))
    plain = paper("plain", "A cat")
    overrides = [Override("overrides.yml", 1, "corrected", add=(topic("dogs"),))]
    filed = assign_topics(catalogue(corrected, pinned, plain), tax, overrides)
    by_slug = {p.slug: slugs(p.topics) for p in filed.papers}
    # In the record's order, primary first; a slug the taxonomy lacks (the reader reported
    # it) is passed over.
    assert by_slug["pinned"] == ["birds", "dogs"]
    assert by_slug["corrected"] == ["birds", "dogs"]
    assert by_slug["plain"] == ["cats"]


# --- labelled examples ---------------------------------------------------------------------------

_EXAMPLE_TAXONOMY = """\
examples: examples.jsonl
topics:
  - slug: cats
    name: Cats
    description: Cats.
    patterns:
      - cats?
  - slug: dogs
    name: Dogs
    description: Dogs.
    patterns:
      - dogs?
"""


def _with_examples(tmp_path: Path, lines: str) -> Path:
    (tmp_path / "examples.jsonl").write_text(lines, encoding="utf-8")
    path = tmp_path / "topics.yml"
    path.write_text(_EXAMPLE_TAXONOMY, encoding="utf-8")
    return path


def test_examples_are_read_beside_the_taxonomy(tmp_path: Path) -> None:
    line = '{"title": "Whiskers", "abstract": "A purring pet.", "topics": ["cats", "dogs"]}\n'
    tax = load_taxonomy(_with_examples(tmp_path, line + "\n"), "topics.yml")
    assert tax.examples == (Example("Whiskers", "A purring pet.", ("cats", "dogs")),)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "examples.jsonl:1: not valid JSON"),
        ("[1]", "examples.jsonl:1: each line is an object"),
        ('{"title": "", "abstract": "x", "topics": ["cats"]}', "'title' and 'abstract' must"),
        ('{"title": "T", "abstract": "x", "topics": []}', "'topics' must be a non-empty list"),
        ('{"title": "T", "abstract": "x", "topics": ["owls"]}', "unknown topic 'owls'"),
    ],
)
def test_a_bad_example_names_its_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(TaxonomyError, match=re.escape(message)):
        load_taxonomy(_with_examples(tmp_path, line + "\n"), "topics.yml")


def test_a_missing_examples_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "topics.yml"
    path.write_text(_EXAMPLE_TAXONOMY, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"^examples.jsonl: no such file"):
        load_taxonomy(path, "topics.yml")


def test_an_unknown_top_level_key_is_named(tmp_path: Path) -> None:
    path = tmp_path / "topics.yml"
    path.write_text("colour: red\n" + _EXAMPLE_TAXONOMY.split("\n", 1)[1], encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"topics.yml:1: unknown key 'colour'"):
        load_taxonomy(path, "topics.yml")


def test_the_classifier_files_a_paper_the_rules_cannot(tmp_path: Path) -> None:
    examples = "".join(
        f'{{"title": "{title}", "abstract": "{abstract}", "topics": ["{topic}"]}}\n'
        for title, abstract, topic in [
            ("Whiskers and yarn", "A kitten purrs and chases yarn.", "cats"),
            ("Purring kittens", "Kittens purr while they sleep on yarn.", "cats"),
            ("Yarn for kittens", "The kitten purrs at yarn.", "cats"),
            ("Barking puppies", "A puppy barks and fetches a stick.", "dogs"),
            ("Fetch the stick", "Puppies bark and fetch sticks.", "dogs"),
            ("Puppy barks", "The puppy barks at a stick.", "dogs"),
        ]
    )
    tax = load_taxonomy(_with_examples(tmp_path, examples), "topics.yml")
    texts = [("A new kitten", "It purrs at the yarn."), ("Loud puppy", "It barks for a stick.")]
    assert [slugs(topics) for topics in file_papers(tax, texts)] == [["cats"], ["dogs"]]
    # The rules alone know neither word.
    assert [rank_topics(tax, *text) for text in texts] == [(), ()]


def test_clear_rules_outweigh_a_classifier_that_knows_little(tmp_path: Path) -> None:
    examples = '{"title": "Puppy", "abstract": "A puppy barks.", "topics": ["dogs"]}\n' * 2
    tax = load_taxonomy(_with_examples(tmp_path, examples), "topics.yml")
    texts = [("Cats and a puppy", "Cats purr. A cat sleeps. Cats, cats and more cats.")]
    assert file_papers(tax, texts)[0][0].slug == "cats"


# --- fallback topics -----------------------------------------------------------------------------


def test_a_fallback_topic_is_a_papers_primary_topic_or_none_of_its_topics(tmp_path: Path) -> None:
    plain = taxonomy(tmp_path, entry("pets", "pets?"), entry("dogs", "dogs?"))
    fallback = taxonomy(tmp_path, entry("pets", "pets?", fallback=True), entry("dogs", "dogs?"))
    texts = [("Pets and dogs", "Pets. Pets, pets and a dog."), ("Pets", "Pets and pets.")]
    assert [slugs(topics) for topics in file_papers(plain, texts)] == [["pets", "dogs"], ["pets"]]
    assert [slugs(topics) for topics in file_papers(fallback, texts)] == [
        ["pets", "dogs"],
        ["pets"],
    ]
    texts = [("Dogs and pets", "Dogs. Dogs, dogs and a pet.")]
    assert [slugs(topics) for topics in file_papers(plain, texts)] == [["dogs", "pets"]]
    assert [slugs(topics) for topics in file_papers(fallback, texts)] == [["dogs"]]


def test_fallback_must_be_true_or_false(tmp_path: Path) -> None:
    message = taxonomy_error(tmp_path, VALID_TOPIC + "    fallback: maybe\n")
    assert message == "topics.yml:2: topic 'cats': 'fallback' must be true or false"


def test_the_shipped_taxonomy_has_language_models_as_its_only_fallback() -> None:
    assert [rule.topic.slug for rule in shipped_taxonomy().rules if rule.fallback] == [
        "large-language-models"
    ]


# --- the classifier's words ----------------------------------------------------------------------


def test_the_classifier_reads_words_and_pairs_as_scikit_learn_does() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    from generator.classify import _words_and_pairs

    reference = TfidfVectorizer(stop_words="english", ngram_range=(1, 2)).build_analyzer()
    records = read_corpus([REPO / "corpus"], REPO).records
    texts = [text for record in records for text in (record.title, record.abstract)]
    texts += ["", "a", "x_y 3D-GS a1 İstanbul naïve—café", "The of and"]
    for text in texts:
        assert _words_and_pairs(text, ENGLISH_STOP_WORDS) == reference(text)
