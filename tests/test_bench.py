"""The benchmark: the synthetic corpus, the measurements, and one tiny run end to end."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from mkdocs.utils import yaml as mkdocs_yaml

from bench import browser, floor
from bench.folders import folder_entries, site_paths
from bench.run import (
    FIGURES,
    build_floor,
    floor_config,
    main,
    measure_index,
    measure_output,
    run_process,
)
from bench.synth import Generator, vocabulary_curve, words, write_corpus
from generator.authors import author_key
from generator.corpus import read_corpus
from generator.model import build_catalogue, short_name, title_key
from tests.conftest import CORPUS, REPO, SiteBuild


@pytest.fixture(scope="module")
def papers() -> list[tuple[str, str]]:
    """Four hundred synthetic papers from seed 0."""
    return [(p.title, p.abstract) for p in Generator(seed=0).papers(400)]


def test_titles_are_unique_as_the_catalogue_matches_them(papers: list[tuple[str, str]]) -> None:
    keys = [title_key(title) for title, _ in papers]
    assert len(set(keys)) == len(keys) == 400


def test_the_same_seed_gives_the_same_papers_and_another_seed_others() -> None:
    first = list(Generator(seed=7).papers(30))
    again = list(Generator(seed=7).papers(30))
    other = list(Generator(seed=8).papers(30))
    assert first == again
    assert first != other


def test_titles_look_like_the_seeds_some_with_a_short_name(papers: list[tuple[str, str]]) -> None:
    seeds = [r.title for r in read_corpus([CORPUS], REPO).records]
    named = sum(1 for title, _ in papers if short_name(title)) / len(papers)
    seed_named = sum(1 for title in seeds if short_name(title)) / len(seeds)
    assert abs(named - seed_named) < 0.1
    longest_seed = max(len(title.split()) for title in seeds)
    assert all(len(title.split()) <= longest_seed + 6 for title, _ in papers)


def test_abstracts_are_made_of_seed_sentences_with_new_words(
    papers: list[tuple[str, str]],
) -> None:
    seed_text = " ".join(r.abstract for r in read_corpus([CORPUS], REPO).records)
    seed_words = set(words(seed_text))
    abstracts = [abstract for _, abstract in papers]
    # Most words come from the seeds; some do not, and no abstract is a copy of a seed's.
    found = [w for abstract in abstracts for w in words(abstract)]
    share_known = sum(1 for w in found if w in seed_words) / len(found)
    assert 0.8 < share_known < 0.995
    assert not set(abstracts) & {r.abstract for r in read_corpus([CORPUS], REPO).records}


def test_vocabulary_keeps_growing_past_the_seed_vocabulary() -> None:
    seed_vocabulary = len(
        set(words(" ".join(f"{r.title} {r.abstract}" for r in read_corpus([CORPUS], REPO).records)))
    )
    (_, small), (_, large) = vocabulary_curve([300, 1200])
    # Recombining seed sentences alone could never pass the seed's vocabulary.
    assert large > 1.3 * small
    assert large > 1.3 * seed_vocabulary


def test_fitted_heaps_exponent_is_that_of_real_text() -> None:
    assert 0.4 <= Generator().beta <= 0.7


def test_written_corpus_reads_without_problems_and_every_record_is_a_paper(
    tmp_path: Path,
) -> None:
    written = write_corpus(tmp_path, 250, seed=3, per_file=100)
    assert [path.name for path in written.files] == [
        "synth-0000.txt",
        "synth-0001.txt",
        "synth-0002.txt",
    ]
    reading = read_corpus([tmp_path], tmp_path)
    assert reading.problems == ()
    assert [file.records for file in reading.files] == [100, 100, 50]
    catalogue = build_catalogue(reading)
    assert len(catalogue.papers) == 250
    assert catalogue.merges == ()
    assert catalogue.problems == ()
    expected = [(p.title, p.abstract) for p in Generator(seed=3).papers(250)]
    assert sorted((p.title, p.abstract) for p in catalogue.papers) == sorted(expected)
    # Each file is a listing page: its chrome, then date headings.
    text = written.files[0].read_text(encoding="utf-8")
    assert text.startswith("new\n\n")
    assert re.search(r"^Jan 1$", text, re.M)


def test_records_with_authors_have_the_development_corpus_shape(tmp_path: Path) -> None:
    written = write_corpus(tmp_path, 3000, seed=3, per_file=1000, authors=True)
    assert [path.name for path in written.files] == [
        "synth-0000.jsonl",
        "synth-0001.jsonl",
        "synth-0002.jsonl",
    ]
    reading = read_corpus([tmp_path], tmp_path)
    assert reading.problems == ()
    catalogue = build_catalogue(reading)
    assert catalogue.problems == () and catalogue.merges == ()
    # The same papers as the dumps of the same seed, now with authors and dates.
    expected = [(p.title, p.abstract) for p in Generator(seed=3).papers(3000)]
    assert sorted((p.title, p.abstract) for p in catalogue.papers) == sorted(expected)
    assert all(p.date is not None for p in catalogue.papers)
    counts = sorted(len(p.authors) for p in catalogue.papers)
    # The development corpus: median 7 authors a paper, a tenth with 3 or fewer, a few hundreds.
    assert counts[len(counts) // 2] == 7 and 2 <= counts[len(counts) // 10] <= 4
    assert counts[-1] >= 100
    papers_of = Counter(author_key(name) for p in catalogue.papers for name in set(p.authors))
    # About 5.5 names a paper, most of them of one paper, a few of dozens (4,799 real papers:
    # 26,390 names, 66% of one paper, the most prolific of 54).
    assert 4 * 3000 < len(papers_of) < 7 * 3000
    singles = sum(1 for count in papers_of.values() if count == 1) / len(papers_of)
    assert 0.55 < singles < 0.75
    assert 15 <= max(papers_of.values()) <= 80


def test_the_synth_command_reports_the_vocabulary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.synth import main as synth_main

    assert synth_main(["40", "--out", str(tmp_path), "--per-file", "15"]) == 0
    line = capsys.readouterr().out
    assert "40 papers in 3 files" in line
    found = re.search(r"vocabulary (\d+) distinct words", line)
    assert found is not None
    records = read_corpus([tmp_path], tmp_path).records
    assert int(found.group(1)) == len(
        set(words(" ".join(f"{r.title} {r.abstract}" for r in records)))
    )


def test_the_topics_benchmark_reads_a_corpus_of_records_and_names_an_empty_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.topics import main as topics_main

    records = tmp_path / "records"
    write_corpus(records, 30, authors=True)
    assert sorted(path.suffix for path in records.iterdir()) == [".jsonl"]
    assert topics_main(["0", "--corpus", str(records)]) == 0
    assert "papers: 30\n" in capsys.readouterr().out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert topics_main(["0", "--corpus", str(empty)]) == 1
    assert (
        capsys.readouterr().err
        == "bench.topics: empty: no dump files (*.txt, *.jsonl, *.ndjson) in this folder\n"
    )


def test_each_build_process_reports_its_own_peak_memory(tmp_path: Path) -> None:
    # A child starts out counting the pages it shares with its parent, so the measuring runs in
    # a fresh, small process, as `python3 -m bench.run` does, not in this grown test process.
    script = """
import sys
from pathlib import Path
from bench.run import run_process
allocate = "x = bytearray(300 * 2**20); x[::4096] = b'1' * len(x[::4096])"
big = run_process([sys.executable, "-c", allocate], Path("."))
small = run_process([sys.executable, "-c", "pass"], Path("."))
print(big.ok and small.ok, big.peak_bytes, small.peak_bytes)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    ok, big, small = done.stdout.split()
    assert ok == "True"
    assert int(big) > 300 * 2**20
    # Measured after the big one: a maximum over all children would not drop again.
    assert int(small) < 100 * 2**20


def test_peak_memory_of_all_processes_sums_a_build_and_its_workers(tmp_path: Path) -> None:
    # A parent and a forked worker each touch 200 MB of their own, at the same time.
    script = """
import os, time
x = bytearray(200 * 2**20); x[::4096] = b'1' * len(x[::4096])
if os.fork() == 0:
    y = bytearray(200 * 2**20); y[::4096] = b'1' * len(y[::4096])
    time.sleep(1.0)
    os._exit(0)
os.wait()
"""
    result = run_process([sys.executable, "-c", script], tmp_path)
    assert result.ok
    # The largest process alone holds both, as a forked copy; together they hold more.
    assert result.tree_peak_bytes > result.peak_bytes + 150 * 2**20


def test_a_failing_build_keeps_its_status_and_output(tmp_path: Path) -> None:
    result = run_process([sys.executable, "-c", "import sys; sys.exit('broken')"], tmp_path)
    assert not result.ok
    assert result.status == 1
    assert "broken" in result.stderr


def test_search_index_is_every_file_under_search_but_its_page(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "index.html").write_text("<p>the search page</p>")
    data = b'{"docs": ["one", "two"]}' * 50
    (tmp_path / "search" / "index.json").write_bytes(data)
    (tmp_path / "search" / "chunks").mkdir()
    (tmp_path / "search" / "chunks" / "0.json").write_bytes(b"[]")
    index = measure_index(tmp_path, ("search/**/*",))
    assert index.files == ("search/chunks/0.json", "search/index.json")
    assert index.raw_bytes == len(data) + 2
    assert index.gzip_bytes == browser.gzipped_size(data) + browser.gzipped_size(b"[]")
    assert gzip.decompress(gzip.compress(data)) == data
    assert measure_index(tmp_path / "search" / "chunks", ("search/**/*",)).files == ()


@pytest.mark.slow
def test_floor_build_writes_its_pages_out_of_the_nav(tmp_path: Path) -> None:
    result = build_floor(REPO / "mkdocs.yml", tmp_path, 3)
    assert result.ok, result.stderr
    site = tmp_path / "floor-site"
    assert measure_output(site).paper_pages == 3
    page = (site / "papers" / "p0" / "p000002" / "index.html").read_text(encoding="utf-8")
    assert "Paper 2" in page
    assert floor.PARAGRAPH in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "All papers" in home
    assert "p000000" not in home


def test_floor_config_keeps_the_theme_and_nav_but_not_the_templates(tmp_path: Path) -> None:
    settings = floor_config(REPO / "mkdocs.yml", tmp_path, 7)
    with (REPO / "mkdocs.yml").open("rb") as source:
        ours = mkdocs_yaml.yaml_load(source)
    assert settings["nav"] == ours["nav"]
    assert settings["theme"]["name"] == ours["theme"]["name"]
    assert "custom_dir" not in settings["theme"]
    assert settings["plugins"] == []
    assert settings["extra"] == {floor.PAGES_KEY: 7}


_FAKE_HOME = """<!doctype html><html lang="en"><head><title>fake</title>
<script src="app.js"></script></head><body>
<input type="search" id="q"><ul id="results"></ul>
<a href="papers/">All papers</a></body></html>
"""
_FAKE_APP = """document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('q').addEventListener('input', async () => {
    const index = await (await fetch('search/index.json')).json();
    const list = document.getElementById('results');
    for (const slug of index.slugs) {
      const a = document.createElement('a');
      a.href = 'papers/' + slug + '/';
      a.textContent = slug;
      list.append(a);
    }
  }, {once: true});
});
"""


def _browser_or_skip() -> None:
    reason = browser.unavailable()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests must run in CI: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.mark.slow
def test_browser_download_counts_page_scripts_and_index_gzipped(tmp_path: Path) -> None:
    _browser_or_skip()
    (tmp_path / "index.html").write_text(_FAKE_HOME)
    (tmp_path / "app.js").write_text(_FAKE_APP)
    (tmp_path / "search").mkdir()
    index = ('{"slugs": [' + ",".join(f'"paper-{i}"' for i in range(300)) + "]}").encode()
    (tmp_path / "search" / "index.json").write_bytes(index)
    (tmp_path / "unused.json").write_bytes(b"[" + b"0," * 10000 + b"0]")

    download = browser.first_results(tmp_path, "anything", timeout_s=20)

    assert download.measured, download.reason
    expected = [_FAKE_HOME.encode(), _FAKE_APP.encode(), index]
    assert download.requests == 3
    assert download.gzip_bytes == sum(browser.gzipped_size(data) for data in expected)
    assert download.raw_bytes == sum(len(data) for data in expected)
    assert download.search_requests == 1
    assert download.search_gzip_bytes == browser.gzipped_size(index)


@pytest.mark.slow
def test_browser_download_finds_the_header_box_and_the_search_page_box(
    seed_site: tuple[Path, Any],
) -> None:
    _browser_or_skip()
    site_dir = seed_site[0]
    for start in ("", "search/"):
        download = browser.first_results(site_dir, "diffusion", timeout_s=30, start=start)
        assert download.measured, (start, download.reason)
        names = {name for name, _ in download.largest}
        assert any(name.startswith("search/t/") for name in names), (start, names)
        # The page, then lunr.js, the entry file, the query's shard and rows of results.
        assert download.requests >= 6, (start, download)


@pytest.mark.slow
def test_browser_download_says_why_when_there_is_no_search_box(tmp_path: Path) -> None:
    _browser_or_skip()
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title><p>no search here</p>")
    download = browser.first_results(tmp_path, "anything", timeout_s=5)
    assert not download.measured
    assert download.reason == "no search box on the home page"


@pytest.mark.slow
def test_benchmark_runs_end_to_end_and_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    # A word of the first synthetic title, so that a search finds at least that paper.
    query = max((w for w in Generator(seed=0).paper().title.split() if w.isalpha()), key=len)
    argv = ["--sizes", "50", "--no-seed-corpus", "--no-real", "--out", str(out), "--query", query]
    assert main([*argv, "--note", "a test"]) == 0
    text = out.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", text, re.M))
    for figure in FIGURES:
        assert figure in rows, figure
        assert rows[figure].strip(), figure
    assert rows["papers"] == "50"
    assert rows["paper pages written"] == "50"
    assert rows["floor: paper pages written"] == "50"
    # Synthetic abstracts recombine seed sentences, so nearly all match a topic; the few that
    # do not are reported as unsorted, one warning each.
    assert int(rows["warnings"]) <= 5
    assert float(rows["wall time"].removesuffix(" s")) > 0
    assert float(rows["ms per paper page"]) > 0
    assert int(rows["vocabulary of the corpus (distinct words)"].replace(",", "")) > 1000
    assert rows["ours / floor"].endswith("x")
    # Once the site has a search index, the benchmark must find its box and its results.
    if rows["search index, raw"] != "no search index" and browser.unavailable() is None:
        assert not rows["browser download before first results (gzipped)"].startswith("n/a")
    for line in ("## Targets", "- Commit: `", "- CPU: ", "- RAM: ", "mkdocs-material", "> a test"):
        assert line in text
    assert re.search(r"\| seed corpus: full build ≤ 2.0 s \| — \| not run \|", text)
    assert rows["within GitHub Pages' limits (1 GB site, 100 MB file)"] == "yes"
    assert rows["average paper page"].endswith(" KB")


def test_page_bytes_split_a_page_into_parts_that_add_up() -> None:
    from bench.page_bytes import PARTS, breakdown

    head = '<meta charset="utf-8"><title>T</title><script type="application/ld+json">{}</script>'
    header = (
        '<header><svg viewBox="0 0 1 1"><path d="M0"/></svg><div class="ps-search">s</div></header>'
    )
    article = '<article class="ps-paper"><h1>T</h1></article>'
    html = f"<html><head>{head}</head><body>{header}\n  {article}<script>x</script></body></html>"
    parts = breakdown(html)
    assert sum(parts[name] for name in PARTS) == len(html.encode())
    assert parts["header"] == len(header)
    assert parts["article (the paper)"] == len(article)
    assert parts["head: JSON-LD"] == len('<script type="application/ld+json">{}</script>')
    assert parts["head: meta tags"] == len('<meta charset="utf-8">')
    assert parts["body: scripts and config"] == len("<script>x</script>")
    assert parts["of the header: search box"] == len('<div class="ps-search">s</div>')
    assert parts["inline SVG icons, anywhere"] == len('<svg viewBox="0 0 1 1"><path d="M0"/></svg>')
    assert parts["whitespace, anywhere"] == sum(1 for char in html if char.isspace())


def test_search_quality_judges_recall_and_precision_against_word_containment(
    tmp_path: Path,
) -> None:
    from bench.quality import judge, read_truth

    records = [
        {"url": "papers/a/", "title": "Robust Training", "abstract": "We train robots."},
        {"url": "papers/b/", "title": "Vision", "abstract": "Robust vision models."},
        {"url": "papers/c/", "title": "Other", "abstract": "Nothing here."},
    ]
    (tmp_path / "papers.json").write_text(json.dumps(records), encoding="utf-8")
    truth, titles = read_truth(tmp_path / "papers.json")
    assert titles == ["Robust Training", "Vision", "Other"]
    assert truth.of("robust") == {0, 1}
    assert truth.of("robust training") == {0}  # "trains", "training": one stem
    assert truth.of("the") == set()
    quality = judge(truth, [("robust", [1, 2]), ("robust training", [0])])
    assert quality.recall == pytest.approx((0.5 + 1.0) / 2)
    assert quality.precision == pytest.approx((0.5 + 1.0) / 2)
    assert quality.worst[0] == ("robust", 0.5)


# --- bench.folders -------------------------------------------------------------------------------


def test_folder_entries_count_files_and_folders_once_each() -> None:
    counts = folder_entries(["index.html", "papers/ab/abc/index.html", "papers/ab/abd/index.html"])
    assert counts == {
        "": 2,
        "papers/": 1,
        "papers/ab/": 2,
        "papers/ab/abc/": 1,
        "papers/ab/abd/": 1,
    }


@pytest.mark.slow
def test_site_paths_are_the_files_a_build_writes(seed_site: SiteBuild) -> None:
    """Every path listed is in the built seed site, and the catalogue's folders hold exactly
    what is listed: the counts hold without a build."""
    site_dir = seed_site[0]
    paths = site_paths([CORPUS])
    built = {
        path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()
    }
    assert set(paths) <= built
    listed, written = folder_entries(paths), folder_entries(built)
    for folder in ["papers/", "papers/le/", "authors/", "dates/", "a-z/", "topics/", "feeds/"]:
        assert listed[folder] == written[folder], folder
    assert [
        folder
        for folder in written
        if folder.startswith("search/") and listed[folder] != written[folder]
    ] == ["search/"]  # which also holds the search page, a page of the docs folder
    assert written["search/"] == listed["search/"] + 1


def test_the_benchmark_dates_its_builds_after_every_paper_of_the_real_corpus() -> None:
    import json
    import os
    from datetime import UTC, datetime

    from bench.run import SOURCE_DATE_EPOCH

    records = REPO.parent / "shared" / "corpora" / "hf-daily-dev" / "records.jsonl"
    if not records.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real corpus is missing: {records}")
        pytest.skip("the real corpus is not beside the repository")
    lines = records.read_text(encoding="utf-8").splitlines()
    newest = max(json.loads(line).get("date") or "" for line in lines)
    built = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), UTC).date().isoformat()
    assert newest < built
