"""Where a build spends its time: cProfile over one in-process build of a synthetic corpus.

    python3 -m bench.profile 10000 [--top 30] [--stats FILE]

Prints the time spent in each area (our code, MkDocs, the theme's templates, Jinja, Markdown,
the standard library) by own time, then the functions with the most own and cumulative time.
Profiling slows Python down, about twice, evenly enough that the shares hold.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.run import CONFIG, SOURCE_DATE_EPOCH
from bench.synth import write_corpus

_AREAS = (
    ("/generator/", "papershelf (generator/)"),
    ("/material/templates/", "theme templates (Jinja, compiled)"),
    ("/theme/", "papershelf templates (Jinja, compiled)"),
    ("/mkdocs/", "MkDocs"),
    ("/material/", "mkdocs-material (Python)"),
    ("/jinja2/", "Jinja2 runtime"),
    ("/markupsafe/", "MarkupSafe"),
    ("/markdown/", "Markdown"),
    ("/pymdownx/", "pymdown-extensions"),
    ("/yaml/", "PyYAML"),
    ("/lunr/", "lunr.py"),
    ("/slugify/", "python-slugify"),
)


def area(filename: str) -> str:
    """The area of the code a profiled function belongs to."""
    for marker, name in _AREAS:
        if marker in filename:
            return name
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C)"
    if "site-packages" in filename:
        return "other packages: " + filename.split("site-packages/")[1].split("/")[0]
    return "Python standard library"


def profile_build(corpus: Path, site: Path, config: Path = CONFIG) -> pstats.Stats:
    """Build the site in this process under cProfile."""
    from generator.cli import main

    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    profiler = cProfile.Profile()
    argv = ["build", "-f", str(config), "--corpus", str(corpus), "--site-dir", str(site)]
    status = profiler.runcall(main, argv)
    if status != 0:
        raise RuntimeError(f"the build failed with status {status}")
    return pstats.Stats(profiler)


def summary(stats: pstats.Stats, top: int) -> str:
    """The time by area, then the top functions by own and by cumulative time."""
    table = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in table.values())
    by_area: dict[str, float] = {}
    for (filename, _, _), entry in table.items():
        by_area[area(filename)] = by_area.get(area(filename), 0.0) + entry[2]
    lines = [f"own time by area (of {total:.1f} s profiled):"]
    for name, seconds in sorted(by_area.items(), key=lambda item: -item[1]):
        lines.append(f"  {seconds:7.2f} s  {100 * seconds / total:5.1f}%  {name}")

    def label(key: tuple[str, int, str]) -> str:
        filename, line, function = key
        short = filename.split("site-packages/")[-1].replace(str(Path.cwd()) + "/", "")
        return f"{function} ({short}:{line})"

    for title, column in (("own", 2), ("cumulative", 3)):
        lines.append(f"\ntop {top} functions by {title} time:")
        ranked = sorted(table.items(), key=lambda item: -item[1][column])[:top]
        for key, entry in ranked:
            lines.append(f"  {entry[column]:7.2f} s  {entry[1]:>9} calls  {label(key)}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Profile one build of N synthetic papers and print where the time goes."""
    parser = argparse.ArgumentParser(prog="python3 -m bench.profile", description=__doc__)
    parser.add_argument("papers", type=int)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stats", type=Path, help="also save the raw profile here (pstats)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="papershelf-profile-") as scratch:
        corpus = Path(scratch) / "corpus"
        write_corpus(corpus, args.papers, seed=args.seed)
        started = time.perf_counter()
        stats = profile_build(corpus, Path(scratch) / "site")
        print(f"profiled build of {args.papers} papers: {time.perf_counter() - started:.1f} s")
    if args.stats:
        stats.dump_stats(str(args.stats))
    print(summary(stats, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
