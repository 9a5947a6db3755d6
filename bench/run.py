"""The benchmark: build the real site from synthetic corpora of several sizes, and the floor.

For each size N it writes a synthetic corpus (`bench.synth`), builds the site with the real
command and configuration (`papershelf build`, so every feature of the site is measured), and
builds the floor: the same theme and nav with N minimal generated pages and nothing else
(`bench/floor.py`). Each build runs in a process of its own, whose wall time and peak memory
(`ru_maxrss` from `wait4`) are its own. It then measures the output, the search index and, in
Chromium, the bytes a browser downloads before the first search results, and writes the figures,
the ratios and the targets to a Markdown report.

    python3 -m bench.run --sizes 1000 10000 --out bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import itertools
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils import yaml as mkdocs_yaml

from bench import browser, floor, page_bytes
from bench.synth import SEED_CORPUS, write_corpus
from generator import urls

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "mkdocs.yml"
SOURCE_DATE_EPOCH = "1796083200"
"""Every build is dated 1 December 2026: after the real corpus's newest paper, since a build
takes a date after next year for a mistake and ignores it (at 2023, the real corpus lost 3,758
dates to warnings)."""
DEFAULT_QUERY = "diffusion"
SEARCH_GLOBS = ("search/**/*", "**/search_index.json")
"""The search index: every file under the site's `search/` folder (its HTML page aside), or a
`search_index.json` anywhere. A search that writes its files elsewhere adds its glob here."""
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "jinja2",
    "markdown",
    "pymdown-extensions",
    "lunr",
    "python-slugify",
    "pyyaml",
    "playwright",
)
MB = 1024 * 1024
GITHUB_PAGES_SITE = 1024 * MB
"""GitHub Pages publishes a site of at most 1 GB..."""
GITHUB_PAGES_FILE = 100 * MB
"""... and no file over 100 MB."""
REAL_CORPUS = REPO.parent / "shared" / "corpora" / "hf-daily-dev"
"""Real papers (titles, abstracts, authors, dates), beside the project where it is checked out."""
REAL_LABEL = "real: hf-daily-dev"


@dataclass(frozen=True)
class Process:
    """One build: its wall time, its peak resident memory, and how it ended."""

    seconds: float
    peak_bytes: int
    """The largest resident set of the build's process or of any one of its worker processes."""
    status: int
    stdout: str
    stderr: str
    tree_peak_bytes: int = 0
    """The most the build's process and its workers held at once: their resident sets summed,
    sampled every 50 ms (pages that forked workers share are counted in each)."""

    @property
    def ok(self) -> bool:
        return self.status == 0


@dataclass(frozen=True)
class Output:
    """A built site on disk."""

    bytes: int
    files: int
    paper_pages: int
    paper_page_bytes: int = 0
    largest_file: tuple[str, int] = ("", 0)
    """The largest file of the site, by its path from the site's root, and its size."""

    @property
    def average_paper_page(self) -> float:
        return self.paper_page_bytes / self.paper_pages if self.paper_pages else 0.0

    @property
    def fits_github_pages(self) -> bool:
        """Within GitHub Pages' limits: a published site of 1 GB, a file of 100 MB."""
        return self.bytes <= GITHUB_PAGES_SITE and self.largest_file[1] <= GITHUB_PAGES_FILE


@dataclass(frozen=True)
class SearchIndex:
    """The files of the search index, with their total size raw and gzipped."""

    files: tuple[str, ...]
    raw_bytes: int
    gzip_bytes: int


@dataclass(frozen=True)
class Measurement:
    """Every figure for one corpus size."""

    label: str
    papers: int
    vocabulary: int | None
    ours: Process
    output: Output
    warnings: int
    index: SearchIndex
    download: browser.Download
    page_download: browser.Download
    """The same, from the search page (`search/`) and its own search box."""
    floor: Process
    floor_output: Output
    page_parts: dict[str, float] = field(default_factory=dict)
    """The average paper page's bytes by element (`bench.page_bytes`)."""

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.ours.seconds / max(self.papers, 1)

    @property
    def floor_ms_per_page(self) -> float:
        return 1000 * self.floor.seconds / max(self.papers, 1)

    @property
    def ratio(self) -> float:
        return self.ours.seconds / self.floor.seconds if self.floor.seconds else float("inf")


@dataclass
class Options:
    """How the benchmark runs."""

    sizes: list[int]
    seed_corpus: bool = True
    real_corpus: Path | None = None
    """Real papers, measured beside the synthetic sizes (`REAL_CORPUS`)."""
    seed: int = 0
    authors: bool = True
    """Synthetic papers as records with authors and dates (`bench.synth.AuthorModel`), which
    make author pages; without, as dumps of titles and abstracts."""
    config: Path = CONFIG
    query: str = DEFAULT_QUERY
    browser: bool = True
    timeout: float | None = None
    keep: Path | None = None
    note: str = ""
    search_globs: tuple[str, ...] = SEARCH_GLOBS
    log: list[str] = field(default_factory=list)
    load_before: tuple[float, float, float] | None = None


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The worktree's code, whatever copy of the package is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    return env


def run_process(command: Sequence[str], cwd: Path, timeout: float | None = None) -> Process:
    """Run `command` in a process of its own; its own wall time and peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(list(command), cwd=cwd, env=_env(), stdout=out, stderr=err)
        deadline = None if timeout is None else started + timeout
        tree_peak = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, tree_rss(child.pid))
            if deadline is not None and time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Process(
            seconds=seconds,
            peak_bytes=usage.ru_maxrss * 1024,  # kilobytes on Linux
            status=child.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            tree_peak_bytes=max(tree_peak, usage.ru_maxrss * 1024),
        )


def tree_rss(pid: int) -> int:
    """The resident sets of process `pid` and of its descendants, summed (0 once it is gone)."""
    total = 0
    pending = [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/statm", encoding="ascii") as statm:
                total += int(statm.read().split()[1]) * page
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


def build_ours(config: Path, corpus: Path, site: Path, timeout: float | None = None) -> Process:
    """The real build, as a user runs it."""
    command = [sys.executable, "-m", "generator.cli", "build", "-f", str(config)]
    command += ["--corpus", str(corpus), "--site-dir", str(site)]
    return run_process(command, config.parent, timeout)


def floor_config(config: Path, docs: Path, pages: int) -> dict[str, Any]:
    """The floor's `mkdocs.yml`: the site's theme (without its templates) and nav, N pages."""
    with config.open("rb") as source:
        ours = mkdocs_yaml.yaml_load(source) or {}  # MkDocs' loader: it knows `!ENV`
    theme = dict(ours.get("theme") or {"name": "material"})
    theme.pop("custom_dir", None)
    return {
        "site_name": ours.get("site_name", "Papershelf"),
        "docs_dir": str(docs),
        "theme": theme,
        "nav": ours.get("nav", [{"Home": "index.md"}, {"All papers": "papers/index.md"}]),
        "plugins": [],
        "hooks": [str(Path(floor.__file__).resolve())],
        "extra": {floor.PAGES_KEY: pages},
    }


def _nav_files(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") and "://" not in nav else []
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in _nav_files(value)]
    if isinstance(nav, list):
        return [f for item in nav for f in _nav_files(item)]
    return []


def build_floor(config: Path, work: Path, pages: int, timeout: float | None = None) -> Process:
    """The floor build: bare mkdocs-material with `pages` generated pages out of the nav."""
    docs = work / "floor-docs"
    settings = floor_config(config, docs, pages)
    for name in _nav_files(settings["nav"]):
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {path.parent.name or 'Home'}\n\n{floor.PARAGRAPH}\n", encoding="utf-8")
    floor_yml = work / "floor-mkdocs.yml"
    floor_yml.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(floor_yml)]
    command += ["-d", str(work / "floor-site")]
    return run_process(command, work, timeout)


def measure_output(site: Path) -> Output:
    """The size of a built site, its file count, its paper pages and its largest file."""
    total = files = 0
    largest = ("", 0)
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            if size > largest[1]:
                largest = (path.relative_to(site).as_posix(), size)
    sizes = [path.stat().st_size for path in site.glob(urls.PAPER_PAGES_GLOB)]
    return Output(total, files, len(sizes), sum(sizes), largest)


def measure_index(site: Path, globs: Sequence[str]) -> SearchIndex:
    """The search index's files (see `SEARCH_GLOBS`), raw and gzipped."""
    found = sorted(
        {
            path
            for pattern in globs
            for path in site.glob(pattern)
            if path.is_file() and path.suffix != ".html"
        }
    )
    raw = gz = 0
    for path in found:
        data = path.read_bytes()
        raw += len(data)
        gz += browser.gzipped_size(data)
    return SearchIndex(tuple(p.relative_to(site).as_posix() for p in found), raw, gz)


def _count_warnings(process: Process) -> int:
    return sum(1 for line in process.stderr.splitlines() if ": warning:" in line)


def measure(
    label: str, corpus: Path, papers: int, vocabulary: int | None, options: Options, work: Path
) -> Measurement:
    """Build ours and the floor for one corpus, and measure everything."""
    site = work / "site"
    _say(options, f"{label}: building the site")
    ours = build_ours(options.config, corpus, site, options.timeout)
    if not ours.ok:
        raise RuntimeError(f"{label}: the build failed ({ours.status}):\n{ours.stderr[-2000:]}")
    output = measure_output(site)
    _, page_parts = page_bytes.average(site)
    index = measure_index(site, options.search_globs)
    if options.browser:
        _say(options, f"{label}: searching in Chromium")
        download = browser.first_results(site, options.query)
        page_download = browser.first_results(site, options.query, start="search/")
    else:
        download = browser.Download(False, "skipped (--no-browser)")
        page_download = download
    _say(options, f"{label}: building the floor")
    floor_run = build_floor(options.config, work, output.paper_pages or papers, options.timeout)
    if not floor_run.ok:
        raise RuntimeError(f"{label}: the floor failed:\n{floor_run.stderr[-2000:]}")
    floor_output = measure_output(work / "floor-site")
    return Measurement(
        label=label,
        papers=papers,
        vocabulary=vocabulary,
        ours=ours,
        output=output,
        warnings=_count_warnings(ours),
        index=index,
        download=download,
        page_download=page_download,
        floor=floor_run,
        floor_output=floor_output,
        page_parts=page_parts,
    )


def _say(options: Options, message: str) -> None:
    options.log.append(message)
    print(f"bench: {message}", file=sys.stderr, flush=True)


def _papers_in(corpus: Path, config: Path) -> int:
    from generator.corpus import read_corpus
    from generator.model import build_catalogue

    return len(build_catalogue(read_corpus([corpus], config.parent)).papers)


def run(options: Options) -> list[Measurement]:
    """Every measurement the options ask for, the seed corpus first, then each size."""
    results: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="papershelf-bench-") as scratch:
        root = options.keep or Path(scratch)
        if options.seed_corpus:
            work = root / "seed"
            work.mkdir(parents=True, exist_ok=True)
            count = _papers_in(SEED_CORPUS, options.config)
            results.append(measure("seed corpus", SEED_CORPUS, count, None, options, work))
        if options.real_corpus is not None:
            work = root / "real"
            work.mkdir(parents=True, exist_ok=True)
            count = _papers_in(options.real_corpus, options.config)
            results.append(measure(REAL_LABEL, options.real_corpus, count, None, options, work))
        for size in options.sizes:
            work = root / f"n{size}"
            _say(options, f"{size}: writing the synthetic corpus")
            written = write_corpus(
                work / "corpus", size, seed=options.seed, authors=options.authors
            )
            results.append(
                measure(f"{size:,}", work / "corpus", size, written.vocabulary, options, work)
            )
    return results


# The report.


@dataclass(frozen=True)
class Target:
    """One target of the benchmark, and whether the figures meet it."""

    name: str
    verdict: str
    figure: str


def _by_size(results: Sequence[Measurement]) -> dict[int, Measurement]:
    return {r.papers: r for r in results if r.label not in ("seed corpus", REAL_LABEL)}


_Check = tuple[
    str, "Measurement | None", Callable[[Measurement], bool], Callable[[Measurement], str]
]


def targets(results: Sequence[Measurement]) -> list[Target]:
    """The targets, each with pass, miss or not run."""
    sized = _by_size(results)
    seed = next((r for r in results if r.label == "seed corpus"), None)
    one, ten, hundred = sized.get(1_000), sized.get(10_000), sized.get(100_000)
    # (target, the measurement it is judged on, whether it is met, the figure shown)
    checks: list[_Check] = [
        ("seed corpus: full build ≤ 2.0 s", seed,
         lambda r: r.ours.seconds <= 2.0, lambda r: f"{r.ours.seconds:.2f} s"),
        ("10,000 papers: at most 2.0 times the floor", ten,
         lambda r: r.ratio <= 2.0, lambda r: f"{r.ratio:.2f}x"),
        ("time(10k) / time(1k) ≤ 11", ten if one is not None else None,
         lambda r: r.ours.seconds / _seconds(one) <= 11,
         lambda r: f"{r.ours.seconds / _seconds(one):.2f}"),
        ("time(100k) / time(10k) ≤ 11", hundred if ten is not None else None,
         lambda r: r.ours.seconds / _seconds(ten) <= 11,
         lambda r: f"{r.ours.seconds / _seconds(ten):.2f}"),
        ("100,000 papers: full build ≤ 240 s", hundred,
         lambda r: r.ours.seconds <= 240, lambda r: f"{r.ours.seconds:.0f} s"),
        ("100,000 papers: peak memory ≤ 2 GB, all processes", hundred,
         lambda r: r.ours.tree_peak_bytes <= 2 * 1024 * MB,
         lambda r: _mb(r.ours.tree_peak_bytes)),
        ("100,000 papers: output ≤ 900 MB", hundred,
         lambda r: r.output.bytes <= 900 * MB, lambda r: _mb(r.output.bytes)),
        ("100,000 papers: a paper page ≤ 7 KB on average", hundred,
         lambda r: r.output.average_paper_page <= 7 * 1024,
         lambda r: _kb(int(r.output.average_paper_page))),
        ("10,000 papers: search downloads ≤ 1 MB gzipped before the first results", ten,
         lambda r: r.download.measured and r.download.gzip_bytes <= 1_000_000,
         lambda r: _download_cell(r.download)),
    ]  # fmt: skip
    out = []
    for name, result, met, figure in checks:
        if result is None:
            out.append(Target(name, "not run", "—"))
        elif name.endswith("first results") and not result.download.measured:
            out.append(Target(name, "n/a", figure(result)))
        else:
            out.append(Target(name, "pass" if met(result) else "**miss**", figure(result)))
    return out


def _seconds(result: Measurement | None) -> float:
    return result.ours.seconds if result is not None else float("nan")


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= 10 * MB else f"{size / MB:,.1f} MB"


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size >= 10 * 1024 else f"{size / 1024:,.1f} KB"


def _index_cell(index: SearchIndex, gzipped: bool) -> str:
    if not index.files:
        return "no search index"
    return _kb(index.gzip_bytes if gzipped else index.raw_bytes)


def _download_cell(download: browser.Download) -> str:
    if not download.measured:
        return f"n/a ({download.reason})"
    return f"{_kb(download.gzip_bytes)} in {download.requests} requests"


FIGURES = (
    "papers",
    "vocabulary of the corpus (distinct words)",
    "warnings",
    "paper pages written",
    "wall time",
    "peak memory",
    "peak memory, all processes",
    "ms per paper page",
    "output size",
    "output files",
    "average paper page",
    "largest file",
    "within GitHub Pages' limits (1 GB site, 100 MB file)",
    "search index, raw",
    "search index, gzipped",
    "browser download before first results (gzipped)",
    "of which after the first key press",
    "browser download from the search page before first results (gzipped)",
    "floor: paper pages written",
    "floor: wall time",
    "floor: peak memory",
    "floor: ms per page",
    "ours / floor",
)
"""The rows of the figures table, in order; the tests check that each is in the report."""


def _rows(r: Measurement) -> list[str]:
    d = r.download
    return [
        f"{r.papers:,}",
        "seed" if r.vocabulary is None else f"{r.vocabulary:,}",
        str(r.warnings),
        f"{r.output.paper_pages:,}",
        f"{r.ours.seconds:.2f} s",
        _mb(r.ours.peak_bytes),
        _mb(r.ours.tree_peak_bytes),
        f"{r.ms_per_page:.2f}",
        _mb(r.output.bytes),
        f"{r.output.files:,}",
        _kb(int(r.output.average_paper_page)),
        f"{_mb(r.output.largest_file[1])} (`{r.output.largest_file[0]}`)",
        "yes" if r.output.fits_github_pages else "**no**",
        _index_cell(r.index, gzipped=False),
        _index_cell(r.index, gzipped=True),
        _download_cell(d),
        f"{_kb(d.search_gzip_bytes)} in {d.search_requests} requests" if d.measured else "n/a",
        _download_cell(r.page_download),
        f"{r.floor_output.paper_pages:,}",
        f"{r.floor.seconds:.2f} s",
        _mb(r.floor.peak_bytes),
        f"{r.floor_ms_per_page:.2f}",
        f"{r.ratio:.2f}x",
    ]


def machine() -> list[str]:
    """The machine and software the figures were measured on."""
    model = "unknown"
    memory = "unknown"
    with_path = Path("/proc/cpuinfo")
    if with_path.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", with_path.read_text(), re.M)
        model = found.group(1).strip() if found else model
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s*(\d+) kB", meminfo.read_text(), re.M)
        memory = f"{int(found.group(1)) / 1024 / 1024:.1f} GB" if found else memory
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    lines = [
        f"- CPU: {os.cpu_count()} cores, {model}",
        f"- RAM: {memory}",
        f"- OS: {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {', '.join(versions)}",
    ]
    chromium = browser.CHROMIUM
    if Path(chromium).exists():
        version = subprocess.run(
            [chromium, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        lines.append(f"- Browser: {version or chromium}")
    return lines


def commit() -> str:
    """The commit measured, marked when the worktree has uncommitted changes."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    head = git("rev-parse", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{head} (with uncommitted changes)" if dirty else head


def _load_line(options: Options) -> str:
    def shown(load: tuple[float, float, float]) -> str:
        return " / ".join(f"{value:.2f}" for value in load)

    before = f"{shown(options.load_before)} before, " if options.load_before else ""
    return (
        f"- Load average (1 / 5 / 15 min): {before}{shown(os.getloadavg())} after; "
        "another busy process on the machine slows every figure"
    )


def report(results: Sequence[Measurement], options: Options, command: str) -> str:
    """The Markdown report."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Benchmark results", ""]
    lines += [
        "Written by `python3 -m bench.run`; see the README's Benchmark section. Every build runs",
        "in a process of its own with `SOURCE_DATE_EPOCH` fixed; wall time and peak memory",
        "(resident set) are that process's own, Python's start-up included.",
        "",
        f"- Date: {now}",
        f"- Commit: `{commit()}`",
        f"- Command: `{command}`",
        f"- Synthetic corpus seed: {options.seed}; search query: `{options.query}`",
        *machine(),
        _load_line(options),
        "",
    ]
    if options.note:
        lines += [f"> {options.note}", ""]
    lines += ["## Figures", ""]
    header = ["figure", *(r.label for r in results)]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("| " + " | ".join(["---"] + ["---:"] * len(results)) + " |")
    columns = [_rows(r) for r in results]
    for i, name in enumerate(FIGURES):
        lines.append("| " + " | ".join([name, *(column[i] for column in columns)]) + " |")
    lines += ["", "## Ratios", ""]
    sized = _by_size(results)
    for r in results:
        lines.append(
            f"- {r.label}: ours / floor = {r.ratio:.2f} "
            f"({r.ms_per_page:.2f} ms against {r.floor_ms_per_page:.2f} ms per page)"
        )
    sizes = sorted(sized)
    for small, large in itertools.pairwise(sizes):
        growth = sized[large].ours.seconds / sized[small].ours.seconds
        floor_growth = sized[large].floor.seconds / sized[small].floor.seconds
        lines.append(
            f"- time({large:,}) / time({small:,}) = {growth:.2f} for {large / small:g} times the "
            f"papers (floor: {floor_growth:.2f})"
        )
    lines += ["", "## A paper page, by element", ""]
    lines += [
        "Bytes of the average paper page (of the first 200 by path), by part "
        "(`python3 -m bench.page_bytes SITE`); the last rows overlap the parts.",
        "",
        "| part | " + " | ".join(r.label for r in results) + " |",
        "| --- |" + " ---: |" * len(results),
    ]
    for name in (*page_bytes.PARTS, *page_bytes.ALSO):
        shown = name if name in page_bytes.PARTS else f"({name})"
        cells = [f"{r.page_parts.get(name, 0):,.0f}" for r in results]
        lines.append(f"| {shown} | " + " | ".join(cells) + " |")
    lines += ["", "## Targets", "", "| target | figure | verdict |", "| --- | ---: | --- |"]
    lines += [f"| {t.name} | {t.figure} | {t.verdict} |" for t in targets(results)]
    lines += ["", "## Search", ""]
    for r in results:
        if r.index.files:
            shown = ", ".join(f"`{f}`" for f in r.index.files[:6])
            more = f" and {len(r.index.files) - 6} more" if len(r.index.files) > 6 else ""
            lines.append(f"- {r.label}: index files {shown}{more}")
        else:
            globs = ", ".join(f"`{glob}`" for glob in options.search_globs)
            lines.append(f"- {r.label}: no search index (no file matches {globs})")
        if r.download.measured:
            biggest = ", ".join(f"`{name}` {_kb(size)}" for name, size in r.download.largest)
            lines.append(
                f"  - first results after {r.download.seconds:.2f} s; largest downloads: {biggest}"
            )
    return "\n".join(lines) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python3 -m bench.run",
        description="Build the site from synthetic corpora of each size, and the floor; "
        "write the figures to a Markdown report.",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS.md")
    parser.add_argument("--no-seed-corpus", action="store_true", help="skip the seed corpus")
    parser.add_argument(
        "--real",
        type=Path,
        default=REAL_CORPUS,
        metavar="PATH",
        help="a corpus of real papers measured too (default: ../shared/corpora/hf-daily-dev/, "
        "when it is there)",
    )
    parser.add_argument("--no-real", action="store_true", help="skip the real corpus")
    parser.add_argument("--seed", type=int, default=0, help="synthetic corpus seed")
    parser.add_argument(
        "--no-authors",
        action="store_true",
        help="synthetic papers as dumps, without authors or dates (as before authors)",
    )
    parser.add_argument("-f", "--config-file", type=Path, default=CONFIG, metavar="FILE")
    parser.add_argument("--query", default=DEFAULT_QUERY, help="the search query typed")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser figure")
    parser.add_argument("--timeout", type=float, help="seconds allowed for each build")
    parser.add_argument("--keep", type=Path, help="build here and keep the corpora and sites")
    parser.add_argument("--note", default="", help="a remark printed at the top of the report")
    parser.add_argument(
        "--search-glob",
        action="append",
        metavar="GLOB",
        help="the search index's files in the site; repeats (default: "
        + ", ".join(SEARCH_GLOBS)
        + ")",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write the report."""
    args = _parser().parse_args(argv)
    options = Options(
        sizes=sorted(set(args.sizes)),
        seed_corpus=not args.no_seed_corpus,
        real_corpus=None if args.no_real or not args.real.exists() else args.real.resolve(),
        seed=args.seed,
        authors=not args.no_authors,
        config=args.config_file.resolve(),
        query=args.query,
        browser=not args.no_browser,
        timeout=args.timeout,
        keep=args.keep.resolve() if args.keep else None,
        note=args.note,
        search_globs=tuple(args.search_glob or SEARCH_GLOBS),
    )
    given = list(argv) if argv is not None else sys.argv[1:]
    shown = shlex.join(["python3", "-m", "bench.run", *given])
    options.load_before = os.getloadavg()
    try:
        results = run(options)
    except RuntimeError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    text = report(results, options, shown)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
