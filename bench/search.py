"""Papershelf's search and Pagefind's, side by side, on the same built site and the same queries.

    python3 -m bench.search SITE_DIR [--label NAME] [--queries 50] [--pagefind] [--json OUT]

For each query, in a fresh Chromium context (a cold cache), under a sub-path, with every file
counted gzipped as GitHub Pages sends it:

- Papershelf: open the home page, type the query into the header's search box, and wait for the
  first result; count the search's files fetched from the first key press (its scripts, lunr.js
  and the index's files), and the time;
- Pagefind (`--pagefind`, from PyPI: `pip install '.[bench]'`): index the paper pages' article
  (`pagefind --glob 'papers/*/*/index.html' --root-selector article`), then open a page that
  loads Pagefind's own JavaScript API and shows its first ten results; count the files under
  `pagefind/` and the time.

Quality comes from the word-containment truth of `bench.quality`: Papershelf's answers by the
browser's own code run by Node over the site's files; Pagefind's from the browser, every result
resolved to its page (queries with more than `PAGEFIND_RECALL_CAP` results are left out of
Pagefind's recall, and said). The build cost of each: Papershelf's search step
(`build_search`, timed in a process of its own with its peak memory), Pagefind's whole run.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.browser import CHROMIUM, CHROMIUM_ARGS, PREFIX, gzipped_size, serve
from bench.quality import (
    TOP,
    Truth,
    benchmark_queries,
    judge,
    papershelf_answers,
    read_records,
    read_truth,
)
from generator.urls import PAPER_PAGES_GLOB

PAGEFIND_RECALL_CAP = 2000
SEARCH_PREFIXES = ("search/", "assets/javascripts/search")
PAGEFIND_PREFIX = "pagefind/"
_PAGEFIND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><input id="q" type="search"><ol id="results"></ol>
<script type="module">
const input = document.getElementById("q");
const list = document.getElementById("results");
let pagefind = null;
async function run() {
  if (!pagefind) {
    pagefind = await import("../pagefind/pagefind.js");
    // The site is served under a sub-path, which Pagefind's URLs must carry.
    await pagefind.options({ baseUrl: new URL("..", location.href).pathname });
  }
  const search = await pagefind.search(input.value);
  const shown = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  list.replaceChildren(...shown.map((data) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    item.append(link);
    return item;
  }));
  window.pagefindSearch = search;
}
input.addEventListener("input", () => { run(); });
window.pagefindAll = async (cap) => {
  const search = window.pagefindSearch;
  if (!search || search.results.length > cap) return null;
  const data = await Promise.all(search.results.map((r) => r.data()));
  return data.map((d) => d.url);
};
</script></body></html>
"""


@dataclass
class Timing:
    """One query's download and time to first results in the browser."""

    query: str
    bytes: int
    requests: int
    seconds: float
    top: list[str] = field(default_factory=list)
    """The first results' paper URLs, relative to the site."""
    all: list[str] | None = None


@dataclass
class SystemResult:
    """One search system over the benchmark's queries."""

    name: str
    timings: list[Timing]
    recall: float
    precision: float
    recall_queries: int
    build_seconds: float
    build_peak_mb: float
    build_cpu_seconds: float
    output_mb: float
    output_gzip_mb: float
    output_files: int
    failed: list[str] = field(default_factory=list)

    def median_kb(self) -> float:
        return statistics.median(t.bytes for t in self.timings) / 1024

    def max_kb(self) -> float:
        return max(t.bytes for t in self.timings) / 1024


def _tree_size(folder: Path) -> tuple[int, int, int]:
    raw = packed = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and path.name != "index.html":
            data = path.read_bytes()
            raw += len(data)
            packed += gzipped_size(data)
            files += 1
    return raw, packed, files


def build_cost(corpus: Sequence[Path], out: Path | None = None) -> tuple[float, float, float]:
    """The search step's seconds, the peak memory (MB) of a process that reads the corpus and
    runs only it, and the step's CPU seconds; with `out`, the process also writes the search's
    files and a `papers.json` there (a search-only site, `search_only_site`)."""
    extra = ["--out", str(out)] if out else []
    result = subprocess.run(
        [sys.executable, "-m", "bench.search", "--build-step", *extra, *map(str, corpus)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.splitlines()[-1])
    return figures["seconds"], figures["peak_mb"], figures["cpu_seconds"]


def search_only_site(corpus: Sequence[Path], shell: Path, out: Path) -> tuple[float, float, float]:
    """A site for measuring search alone on a catalogue too large to build whole in a benchmark
    run: a built site's pages and assets (`shell`), with the search files and `papers.json` of
    `corpus`. Result links lead to paper pages that are not there, which search never loads."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(shell, out, ignore=shutil.ignore_patterns("papers", "topics", "pagefind*"))
    shutil.rmtree(out / "search", ignore_errors=True)
    (out / "search").mkdir()
    shutil.copy2(shell / "search" / "index.html", out / "search" / "index.html")
    shutil.copy2(shell / "search" / "lunr.js", out / "search" / "lunr.js")
    return build_cost(corpus, out)


def _build_step(argv: Sequence[str]) -> None:
    from generator.pipeline import Sources, read_catalogue
    from generator.search_files import build_search
    from generator.topics import load_taxonomy

    out = None
    if argv and argv[0] == "--out":
        out, argv = Path(argv[1]), argv[2:]
    repo = Path(__file__).resolve().parent.parent
    sources = Sources(
        corpus=tuple(Path(c) for c in argv),
        taxonomy=repo / "topics.yml",
        overrides=repo / "topic-overrides.yml",
        root=repo,
    )
    taxonomy = load_taxonomy(sources.taxonomy, "topics.yml")
    catalogue = read_catalogue(sources, taxonomy)
    started, cpu_started = time.perf_counter(), time.process_time()
    data = build_search(catalogue)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if out is not None:
        for path, content in data.files.items():
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(content)
        records = [
            {"url": paper.url, "title": paper.title, "abstract": paper.abstract}
            for paper in catalogue.papers
        ]
        (out / "papers.json").write_text(json.dumps(records), encoding="utf-8")
    # CPU time too: on a shared machine, wall time says more about the others than about us.
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak}))


def browser_timings(
    site_dir: Path, queries: Sequence[str], system: str, cap: int = PAGEFIND_RECALL_CAP
) -> list[Timing]:
    """Each query's download and time, from a cold cache (Playwright in a thread of its own)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_timings, site_dir, queries, system, cap).result()


def _timings(site_dir: Path, queries: Sequence[str], system: str, cap: int) -> list[Timing]:
    from playwright.sync_api import sync_playwright

    out = []
    prefixes = SEARCH_PREFIXES if system == "papershelf" else (PAGEFIND_PREFIX,)
    with serve(site_dir) as (url, log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                if system == "papershelf":
                    page.goto(url, wait_until="load")
                    box, results = ".md-search__input", ".md-search-result__list > li a"
                else:
                    page.goto(url + "pagefind-bench/", wait_until="load")
                    box, results = "#q", "#results a"
                page.click(box)
                page.wait_for_timeout(50)
                before = len(log.snapshot())
                started = time.perf_counter()
                page.fill(box, query)
                try:
                    page.wait_for_selector(results, timeout=60_000)
                    seconds = time.perf_counter() - started
                except Exception:  # a query without results is measured as such
                    seconds = float("nan")
                sent = log.snapshot()[before:]
                tops = page.locator(results).evaluate_all("links => links.map(a => a.href)")
                top = [_in_site(href) for href in tops][:TOP]
                every = None
                if system == "pagefind":
                    found = page.evaluate(f"window.pagefindAll({cap})")
                    every = None if found is None else [_in_site(u) for u in found]
                counted = [
                    path
                    for path in sent
                    if path.relative_to(site_dir).as_posix().startswith(prefixes)
                ]
                out.append(
                    Timing(
                        query=query,
                        bytes=sum(gzipped_size(p.read_bytes()) for p in counted),
                        requests=len(counted),
                        seconds=seconds,
                        top=top,
                        all=every,
                    )
                )
                context.close()
        finally:
            browser.close()
    return out


def _in_site(url: str) -> str:
    """A URL as a path relative to the site root (papers.json's form)."""
    return url.split(PREFIX, 1)[-1]


def run_pagefind(site_dir: Path) -> tuple[float, float]:
    """Index the paper pages' article with Pagefind; its seconds and peak memory (MB)."""
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--glob",
        PAPER_PAGES_GLOB,
        "--root-selector",
        "article",
        "--quiet",
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    bench_page = site_dir / "pagefind-bench" / "index.html"
    bench_page.parent.mkdir(exist_ok=True)
    bench_page.write_text(_PAGEFIND_PAGE, encoding="utf-8")
    return seconds, max(after, before) / 1024


def _urls_to_refs(site_dir: Path) -> dict[str, int]:
    papers = read_records(site_dir / "papers.json")
    return {record["url"]: ref for ref, record in enumerate(papers)}


def measure(
    site_dir: Path, corpus: Sequence[Path], count: int, pagefind: bool
) -> tuple[Truth, list[SystemResult]]:
    truth, titles = read_truth(site_dir / "papers.json")
    queries = benchmark_queries(titles, count)
    refs = _urls_to_refs(site_dir)
    results = []
    answers = papershelf_answers(site_dir, queries)
    quality = judge(truth, answers)
    nan = float("nan")
    seconds, peak, cpu = build_cost(corpus) if corpus else (nan, nan, nan)
    raw, packed, files = _tree_size(site_dir / "search")
    timings = browser_timings(site_dir, queries, "papershelf")
    results.append(
        SystemResult(
            "Papershelf",
            timings,
            quality.recall,
            quality.precision,
            quality.queries,
            seconds,
            peak,
            cpu,
            raw / 2**20,
            packed / 2**20,
            files,
        )
    )
    if pagefind:
        seconds, peak = run_pagefind(site_dir)
        raw, packed, files = _tree_size(site_dir / "pagefind")
        timings = browser_timings(site_dir, queries, "pagefind")
        pf_answers = [
            (t.query, [refs[u] for u in t.all if u in refs]) for t in timings if t.all is not None
        ]
        pf_quality = judge(truth, pf_answers)
        top_answers = [(t.query, [refs[u] for u in t.top if u in refs]) for t in timings]
        pf_precision = judge(truth, top_answers).precision
        results.append(
            SystemResult(
                "Pagefind",
                timings,
                pf_quality.recall,
                pf_precision,
                pf_quality.queries,
                seconds,
                peak,
                nan,
                raw / 2**20,
                packed / 2**20,
                files,
            )
        )
    return truth, results


def overlap(first: SystemResult, second: SystemResult) -> float:
    """The mean share of the first's top ten that the second's top ten holds."""
    shares = []
    for a, b in zip(first.timings, second.timings, strict=True):
        if a.top:
            shares.append(len(set(a.top) & set(b.top)) / len(a.top))
    return statistics.fmean(shares) if shares else 0.0


def table(label: str, papers: int, results: Sequence[SystemResult]) -> list[str]:
    """Markdown rows, one per system."""
    rows = []
    for r in results:
        times = [t.seconds * 1000 for t in r.timings if t.seconds == t.seconds]
        requests = [t.requests for t in r.timings]
        rows.append(
            f"| {label} ({papers:,}) | {r.name} | {r.median_kb():.0f} / {r.max_kb():.0f} KB | "
            f"{statistics.median(requests):.0f} / {max(requests)} | "
            f"{statistics.median(times):.0f} / {max(times):.0f} ms | "
            f"{r.recall:.3f} ({r.recall_queries} q) | {r.precision:.2f} | "
            f"{r.build_seconds:.1f} s ({r.build_cpu_seconds:.1f} s CPU), "
            f"{r.build_peak_mb:.0f} MB | "
            f"{r.output_mb:.1f} MB ({r.output_gzip_mb:.1f} gz), {r.output_files:,} files |"
        )
    return rows


HEADER = [
    "| corpus | system | bytes before first results, gzipped (median / max) | requests "
    "(median / max) | time to first results (median / max) | recall | precision@10 | "
    "search build (wall time (CPU time), peak memory) | search output |",
    "|---|---|---|---|---|---|---|---|---|",
]


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "--build-step":
        _build_step(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site's folder")
    parser.add_argument("--corpus", type=Path, nargs="*", default=[], help="its corpus")
    parser.add_argument("--label", default="site")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--pagefind", action="store_true")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument(
        "--shell",
        type=Path,
        help="make SITE a search-only site of --corpus from this built site's pages first",
    )
    args = parser.parse_args(argv)
    cost = None
    if args.shell:
        cost = search_only_site(args.corpus, args.shell, args.site)
    truth, results = measure(args.site, [] if cost else args.corpus, args.queries, args.pagefind)
    if cost:
        results[0].build_seconds, results[0].build_peak_mb, results[0].build_cpu_seconds = cost
    lines = HEADER + table(args.label, truth.count, results)
    if len(results) == 2:
        lines.append("")
        lines.append(f"Top-10 overlap, Pagefind in Papershelf's: {overlap(*results):.2f}")
    print("\n".join(lines))
    if args.json:
        figures: dict[str, Any] = {
            "label": args.label,
            "papers": truth.count,
            "systems": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
