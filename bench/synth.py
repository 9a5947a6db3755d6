"""A synthetic corpus of any size, written as dumps in the listing page's blank-line layout.

The model, in three parts:

1. **Papers from seed papers.** Each synthetic paper starts from a seed paper of the real corpus
   (read with `generator.reader`). Its title is the seed's title with one to three content words
   swapped for words of other seed titles, and, as often as in the seeds (about a third), a
   fresh `ShortName:` prefix: an acronym of the title's capitalised words, two parts of seed
   names joined (`Omni` + `Flow`), or a new coinage. Its abstract has as many sentences as the
   seed's abstract; each is the seed's own sentence of that position (60%) or a sentence of any
   seed abstract, so a paper stays mostly about one subject, as topics and related papers expect.
   The seed's short name, where the abstract uses it, becomes the new one.

2. **Vocabulary that grows as in real text.** Recombined sentences alone never leave the seed's
   vocabulary; real text follows Heaps' law, `V(T) = K * T**beta`: the number of distinct words
   `V` keeps growing with the number of words `T`, ever more slowly. The seed corpus gives `K` and
   `beta` (measured on its two halves, about 0.53; kept within 0.4–0.7), and the synthetic text
   is treated as its continuation: the `T`-th word is a new one with probability
   `dV/dT = beta * K * T**(beta - 1)`. A new word replaces a content word (four letters or more,
   not a stop word), keeping its capitalisation, and the replacement holds for the rest of that
   paper, since a paper that coins a term uses it again. New words are drawn from a letter
   trigram model of the seed vocabulary (`multimorphic`-like words, most of them), acronyms
   (`QTRF`, `LVM3`) and hyphenated compounds. Another paper reuses an earlier coinage at half
   that rate, as new terms spread.

3. **Listings.** Papers are written in files of at most `per_file` papers (as a daily listing
   page holds), with the page chrome and a date heading every `per_day` papers.

Titles are unique by `generator.model.title_key`, so every record becomes its own paper. The
output depends on the seed corpus and `seed` alone: the same arguments give the same bytes.

Run `python3 -m bench.synth 10000 --out DIR` to write a corpus; it prints the vocabulary size.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import math
import random
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.corpus import read_corpus
from generator.model import short_name, title_key
from generator.reader import looks_like_abstract

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
PER_FILE = 1000
PER_DAY = 60
BASE_SENTENCE_SHARE = 0.6
REUSE_SHARE = 0.5
"""How often a paper takes up an earlier coinage, relative to coining one."""

WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
"""A word for counting the vocabulary: letters and digits, joined by apostrophes or hyphens."""
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
_TOKEN = re.compile(r"^(\W*)([A-Za-z]+)(\W*)$")
_CAMEL_PART = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_STOP_WORDS = frozenset(
    """
    about above after again against also among been before being below between both cannot
    could does doing down during each even every from further have having here into itself
    just like many more most much must only other over same shall should some such than that
    their them then there these they this those through under until upon very were what when
    where which while whom whose will with within without would your yours using used based
    well show shows shown propose proposed paper work results method methods approach
    """.split()  # noqa: SIM905
)
_CHROME = (
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_BETA_RANGE = (0.4, 0.7)


@dataclass(frozen=True, slots=True)
class SynthPaper:
    """One generated paper: a title and its abstract, each on one line."""

    title: str
    abstract: str


@dataclass(frozen=True, slots=True)
class _Seed:
    body: str
    name: str | None
    sentences: tuple[str, ...]


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, as the vocabulary counts them."""
    return [word.lower() for word in WORD.findall(text)]


def _is_content(word: str) -> bool:
    return len(word) >= 4 and word.isalpha() and word.lower() not in _STOP_WORDS


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class _Heaps:
    """The probability that the next word is a new one, fitted on the seed text."""

    def __init__(self, seed_words: Sequence[str]) -> None:
        total = len(seed_words)
        half = len(set(seed_words[: total // 2])) or 1
        distinct = len(set(seed_words)) or 1
        beta = math.log(distinct / half) / math.log(2) if total > 1 else 0.5
        self.beta = min(max(beta, _BETA_RANGE[0]), _BETA_RANGE[1])
        self.k = distinct / max(total, 1) ** self.beta
        self.seen = max(total, 1)

    def next_is_new(self) -> float:
        """The chance that the next word is new; counts the word."""
        self.seen += 1
        return float(self.beta * self.k * self.seen ** (self.beta - 1))


class _Coiner:
    """Makes words that the corpus has not used yet."""

    def __init__(self, vocabulary: Iterable[str], names: Iterable[str], rng: random.Random):
        self.rng = rng
        self.known = set(vocabulary)
        # Letter trigrams: "^^" starts a word and "$" ends it. Lists keep the seed's frequencies,
        # and dicts keep insertion order, so the walk depends on the seed alone.
        self.next_letters: dict[str, list[str]] = {}
        letters_words = sorted(word for word in self.known if word.isalpha() and len(word) >= 4)
        for word in letters_words:
            padded = f"^^{word}$"
            for i in range(len(padded) - 2):
                self.next_letters.setdefault(padded[i : i + 2], []).append(padded[i + 2])
        self.content = [word for word in letters_words if word not in _STOP_WORDS]
        self.name_parts = sorted({part for name in names for part in _CAMEL_PART.findall(name)})
        self.coined: list[str] = []

    def _fresh(self, word: str) -> bool:
        return bool(word) and word.lower() not in self.known

    def _remember(self, word: str) -> str:
        self.known.add(word.lower())
        self.coined.append(word)
        return word

    def _pseudo_word(self) -> str:
        state, letters = "^^", list[str]()
        while len(letters) < 13:
            letter = self.rng.choice(self.next_letters.get(state, ["$"]))
            if letter == "$":
                break
            letters.append(letter)
            state = state[1] + letter
        return "".join(letters)

    def _acronym(self) -> str:
        size = self.rng.randint(2, 5)
        letters = "".join(self.rng.choice("ABCDEFGHIJKLMNOPRSTUVW") for _ in range(size))
        return letters + (str(self.rng.randint(2, 9)) if self.rng.random() < 0.3 else "")

    def word(self, like: str) -> str:
        """A new word to stand in for `like`, with its capitalisation."""
        for attempt in itertools.count():
            roll = self.rng.random()
            if (like.isupper() and len(like) > 1) or roll < 0.15:
                candidate = self._acronym()
            elif roll < 0.25:
                first, second = self.rng.choice(self.content), self.rng.choice(self.content)
                candidate = _match_case(f"{first}-{second}", like)
            else:
                candidate = _match_case(self._pseudo_word(), like)
            if attempt > 20:
                candidate += str(attempt)
            if 4 <= len(candidate) <= 24 and self._fresh(candidate):
                return self._remember(candidate)
        raise AssertionError("unreachable")

    def name(self, body: str) -> str:
        """A short name for a title: an acronym of its capitalised words, seed parts, or new."""
        for attempt in itertools.count():
            roll = self.rng.random()
            initials = "".join(w[0] for w in body.split() if w[:1].isupper())
            if roll < 0.35 and len(initials) >= 2:
                candidate = initials[: self.rng.randint(2, 6)]
                candidate += self.rng.choice(("", "", "-2", "++", "3", "-X"))
            elif roll < 0.75 and len(self.name_parts) >= 2:
                candidate = self.rng.choice(self.name_parts) + self.rng.choice(self.name_parts)
            else:
                pseudo = self._pseudo_word()
                candidate = pseudo[:1].upper() + pseudo[1:] + self.rng.choice(("", "LM", "Net"))
            if attempt > 20:
                candidate += str(attempt)
            if short_name(f"{candidate}: x") == candidate and self._fresh(candidate):
                return self._remember(candidate)
        raise AssertionError("unreachable")

    def reuse(self) -> str | None:
        """A word coined earlier, for a paper that takes up someone else's term."""
        return self.rng.choice(self.coined) if self.coined else None


class Generator:
    """Makes synthetic papers from the seed corpus; see the module's docstring for the model."""

    def __init__(self, seed: int = 0, corpus: Sequence[Path] = (SEED_CORPUS,)) -> None:
        reading = read_corpus(list(corpus), REPO)
        self.rng = random.Random(seed)
        self.seeds: list[_Seed] = []
        seed_names: list[str] = []
        seed_words: list[str] = []
        for record in reading.records:
            if not record.abstract:
                continue
            name = short_name(record.title)
            body = record.title.partition(":")[2].strip() if name else record.title
            if name:
                seed_names.append(name)
            self.seeds.append(_Seed(body, name, tuple(_SENTENCE_BREAK.split(record.abstract))))
            seed_words.extend(words(f"{record.title} {record.abstract}"))
        if not self.seeds:
            raise ValueError("the seed corpus has no paper with an abstract")
        self.name_share = len(seed_names) / len(self.seeds)
        self.sentences = [sentence for seed in self.seeds for sentence in seed.sentences]
        self.title_words = sorted(
            {w for seed in self.seeds for w in seed.body.split() if _is_content(w)}
        )
        self.heaps = _Heaps(seed_words)
        tokens = [t for seed in self.seeds for s in seed.sentences for t in s.split()]
        eligible = sum(1 for t in tokens if (m := _TOKEN.match(t)) and _is_content(m.group(2)))
        # Only content words are replaced, so their rate is raised to keep the overall rate.
        self.boost = len(tokens) / max(eligible, 1)
        self.coiner = _Coiner(sorted(set(seed_words)), seed_names, self.rng)
        self.titles: set[str] = set()

    @property
    def beta(self) -> float:
        """The Heaps' law exponent fitted on the seed corpus."""
        return self.heaps.beta

    def papers(self, count: int) -> Iterator[SynthPaper]:
        """Yield `count` new papers, each with a title unique among all this generator made."""
        for _ in range(count):
            yield self.paper()

    def paper(self) -> SynthPaper:
        """One new paper."""
        seed = self.rng.choice(self.seeds)
        renames: dict[str, str] = {}
        title = self._title(seed, renames)
        name = short_name(title)
        if seed.name and name:
            renames[seed.name] = name
        elif seed.name:
            renames[seed.name] = self.coiner.word(seed.name)
        sentences = [
            own if self.rng.random() < BASE_SENTENCE_SHARE else self.rng.choice(self.sentences)
            for own in seed.sentences
        ]
        abstract = " ".join(self._mutate(sentence, renames) for sentence in sentences)
        while not looks_like_abstract(abstract) or len(abstract) < 300:
            abstract += " " + self._mutate(self.rng.choice(self.sentences), renames)
        return SynthPaper(title, abstract)

    def _title(self, seed: _Seed, renames: dict[str, str]) -> str:
        for attempt in itertools.count():
            body = self._swap_words(seed.body, self.rng.randint(1, 3 + attempt // 4))
            body = self._mutate(body, renames)
            if attempt >= 8:
                body = f"{body} with {self.coiner.word('Word')}"
            named = self.rng.random() < self.name_share
            title = f"{self.coiner.name(body)}: {body}" if named else body
            key = title_key(title)
            if key not in self.titles and not looks_like_abstract(title) and len(title) < 250:
                self.titles.add(key)
                return title
        raise AssertionError("unreachable")

    def _swap_words(self, body: str, swaps: int) -> str:
        tokens = body.split()
        slots = [i for i, token in enumerate(tokens) if _is_content(token)]
        for i in self.rng.sample(slots, min(swaps, len(slots))):
            tokens[i] = _match_case(self.rng.choice(self.title_words), tokens[i])
        return " ".join(tokens)

    def _mutate(self, text: str, renames: dict[str, str]) -> str:
        """Apply the paper's renames, and coin or reuse new words at the Heaps rate."""
        out = []
        for token in text.split():
            match = _TOKEN.match(token)
            rate = self.heaps.next_is_new() * self.boost
            if match is None or not (_is_content(match.group(2)) or match.group(2) in renames):
                out.append(token)
                continue
            lead, word, trail = match.groups()
            new = renames.get(word) or renames.get(word.lower())
            if new is None:
                roll = self.rng.random()
                if roll < rate:
                    new = self.coiner.word(word)
                elif roll < (1 + REUSE_SHARE) * rate:
                    new = self.coiner.reuse()
                if new is not None:
                    renames[word.lower()] = _match_case(new, word.lower())
                    new = _match_case(new, word)
            out.append(f"{lead}{new or word}{trail}")
        return " ".join(out)


# --- Authors ------------------------------------------------------------------------------------

AUTHOR_COUNTS = (
    *(
        (n, w)
        for n, w in enumerate(
            (
                82,
                158,
                286,
                450,
                516,
                515,
                492,
                443,
                362,
                304,
                218,
                152,
                142,
                101,
                74,
                55,
                41,
                39,
                39,
                34,
            ),
            start=1,
        )
    ),
    (25, 130),
    (35, 70),
    (50, 50),
    (80, 25),
    (150, 12),
    (300, 6),
    (600, 3),
)
"""Authors per paper and how many of the development corpus's 4,799 papers have that many
(exact from 1 to 20; the 296 longer lists in buckets up to its 664): median 7, mean about 10."""
NAME_K = 4.49
NAME_BETA = 0.80
"""Distinct names after T authorships follow Heaps' law, V(T) = K * T**beta, as measured on the
development corpus (3,908 names in its first 4,599 authorships, 26,390 in all 49,659)."""
_SYLLABLES = (
    "an",
    "ba",
    "chen",
    "da",
    "el",
    "fa",
    "ga",
    "han",
    "i",
    "jo",
    "ka",
    "li",
    "ma",
    "na",
    "o",
    "pe",
    "qi",
    "ra",
    "sa",
    "ta",
    "u",
    "va",
    "wei",
    "xu",
    "ya",
    "zhu",
    "lin",
    "son",
    "mar",
    "ter",
    "ro",
    "mi",
    "ne",
    "ko",
    "lu",
    "se",
    "to",
    "ri",
    "do",
    "ben",
)


class AuthorModel:
    """Author lists for synthetic papers, with the development corpus's shape.

    Each paper draws its number of authors from `AUTHOR_COUNTS`. Each authorship is a new name
    with Heaps' law's probability `dV/dT = beta * K * T**(beta - 1)`, else a name already used,
    drawn in proportion to how often it was (a Yule process): as in the real corpus, two thirds
    of the names write one paper, a few write dozens, and the pool of names grows with the
    corpus (about 280,000 names at 100,000 papers)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sizes = [n for n, _ in AUTHOR_COUNTS]
        self.weights = [w for _, w in AUTHOR_COUNTS]
        self.used: list[str] = []
        """Every authorship so far, by name: a uniform pick is a pick in proportion to use."""
        self.names: set[str] = set()

    def authors(self) -> list[str]:
        count = self.rng.choices(self.sizes, self.weights)[0]
        chosen: list[str] = []
        for _ in range(count):
            made = len(self.used) + len(chosen) + 1
            new = min(1.0, NAME_BETA * NAME_K * made ** (NAME_BETA - 1))
            name = None
            if self.used and self.rng.random() >= new:
                name = self.rng.choice(self.used)
                if name in chosen:
                    name = None
            chosen.append(name or self._new_name())
        self.used.extend(chosen)
        return chosen

    def _new_name(self) -> str:
        while True:
            given = "".join(self.rng.choices(_SYLLABLES, k=2)).capitalize()
            family = "".join(self.rng.choices(_SYLLABLES, k=self.rng.choice((2, 3)))).capitalize()
            name = f"{given} {family}"
            if name.lower() not in self.names:
                self.names.add(name.lower())
                return name


def dump_text(papers: Sequence[SynthPaper], first_day: int, per_day: int = PER_DAY) -> str:
    """One listing file: the page chrome, then date headings, titles and abstracts."""
    blocks = list(_CHROME)
    for index, paper in enumerate(papers):
        if index % per_day == 0:
            day = first_day + index // per_day
            blocks.append(f"{_MONTHS[day // 28 % 12]} {day % 28 + 1}")
        blocks.extend((paper.title, paper.abstract))
    return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True, slots=True)
class Written:
    """What `write_corpus` wrote: the files, the papers, and the vocabulary of their text."""

    files: tuple[Path, ...]
    papers: int
    words: int
    vocabulary: int
    first_short_name: str | None


FIRST_DAY = datetime.date(2020, 1, 1)
"""The date of the first listing day of a corpus of records."""


def records_text(papers: Sequence[SynthPaper], authors: AuthorModel, first_day: int) -> str:
    """One file of JSON Lines records: title, abstract, authors, and the listing day's date
    (`PER_DAY` papers a day from `FIRST_DAY`)."""
    lines = []
    for index, paper in enumerate(papers):
        date = FIRST_DAY + datetime.timedelta(days=first_day + index // PER_DAY)
        record = {
            "title": paper.title,
            "abstract": paper.abstract,
            "authors": authors.authors(),
            "date": date.isoformat(),
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def write_corpus(
    out: Path,
    count: int,
    *,
    seed: int = 0,
    per_file: int = PER_FILE,
    corpus: Sequence[Path] = (SEED_CORPUS,),
    authors: bool = False,
) -> Written:
    """Write `count` synthetic papers into `out` as dump files of at most `per_file` papers;
    with `authors`, as JSON Lines records that also carry authors and dates (`AuthorModel`).
    The papers are the same either way."""
    out.mkdir(parents=True, exist_ok=True)
    generator = Generator(seed, corpus)
    author_model = AuthorModel(random.Random(f"{seed}-authors"))
    files: list[Path] = []
    vocabulary: set[str] = set()
    total_words = 0
    first_name: str | None = None
    digits = max(4, len(str(max(count - 1, 0) // per_file)))
    for number, start in enumerate(range(0, count, per_file)):
        chunk = list(generator.papers(min(per_file, count - start)))
        for paper in chunk:
            found = words(f"{paper.title} {paper.abstract}")
            total_words += len(found)
            vocabulary.update(found)
            if first_name is None:
                first_name = short_name(paper.title)
        if authors:
            path = out / f"synth-{number:0{digits}d}.jsonl"
            text = records_text(chunk, author_model, first_day=start // PER_DAY)
        else:
            path = out / f"synth-{number:0{digits}d}.txt"
            text = dump_text(chunk, first_day=start // PER_DAY)
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return Written(tuple(files), count, total_words, len(vocabulary), first_name)


def vocabulary_curve(counts: Sequence[int], seed: int = 0) -> list[tuple[int, int]]:
    """The vocabulary size after each of `counts` papers (ascending), from one generator."""
    generator = Generator(seed)
    vocabulary: set[str] = set()
    curve: list[tuple[int, int]] = []
    made = 0
    for count in sorted(counts):
        for paper in generator.papers(count - made):
            vocabulary.update(words(f"{paper.title} {paper.abstract}"))
        made = count
        curve.append((count, len(vocabulary)))
    return curve


def main(argv: Sequence[str] | None = None) -> int:
    """`python3 -m bench.synth N --out DIR`: write a synthetic corpus and report its vocabulary."""
    parser = argparse.ArgumentParser(
        prog="python3 -m bench.synth", description="Write a synthetic corpus of N papers."
    )
    parser.add_argument("papers", type=int, help="how many papers to write")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write dumps into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--per-file", type=int, default=PER_FILE, help="papers per dump file")
    parser.add_argument(
        "--authors",
        action="store_true",
        help="write JSON Lines records with authors and dates instead of dumps",
    )
    args = parser.parse_args(argv)
    written = write_corpus(
        args.out, args.papers, seed=args.seed, per_file=args.per_file, authors=args.authors
    )
    print(
        f"{written.papers} papers in {len(written.files)} files under {args.out}: "
        f"{written.words} words, vocabulary {written.vocabulary} distinct words"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
