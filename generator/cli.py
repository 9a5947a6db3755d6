"""The `papershelf` command: build, serve and check, on top of the same steps as the plugin."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator import progress, site_folder
from generator.corpus import display_path
from generator.errors import PapershelfError, escape_controls
from generator.model import Catalogue
from generator.pipeline import load_topics, read_catalogue
from generator.plugin import PapershelfPlugin, count_of

PROG = "papershelf"
DEFAULT_CONFIG = "mkdocs.yml"


class _LineHandler(logging.Handler):
    """Prints each MkDocs log record as one line on stderr, and counts the errors."""

    def __init__(self) -> None:
        super().__init__()
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors += 1
        level = record.levelname.lower()
        message = escape_controls(record.getMessage().replace("\n", " "))
        print(f"{PROG}: {level}: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    handler = _LineHandler()
    mkdocs_log = logging.getLogger("mkdocs")
    saved = (mkdocs_log.level, mkdocs_log.propagate)
    mkdocs_log.addHandler(handler)
    # serve keeps running: its INFO lines tell the address and each rebuild.
    verbose = args.verbose or args.command == "serve"
    mkdocs_log.setLevel(logging.INFO if verbose else logging.WARNING)
    mkdocs_log.propagate = False
    try:
        status: int = args.run(args)
    except (PapershelfError, MkDocsException, OSError, UnicodeError) as error:
        # MkDocs has already logged the cause of an abort; say it once.
        if handler.errors == 0:
            print(f"{PROG}: error: {_one_line(error)}", file=sys.stderr)
        _print_site_left_alone(args, "failed")
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        _print_site_left_alone(args, "interrupted")
        return 130
    finally:
        mkdocs_log.removeHandler(handler)
        mkdocs_log.setLevel(saved[0])
        mkdocs_log.propagate = saved[1]
    return status


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", default=DEFAULT_CONFIG, metavar="FILE")
    common.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress too")
    corpus = argparse.ArgumentParser(add_help=False)
    corpus.add_argument(
        "--corpus",
        action="append",
        metavar="PATH",
        help="a dump file or a folder of dumps; repeat for several (default: corpus/)",
    )

    parser = argparse.ArgumentParser(
        prog=PROG, description="Build a static catalogue website from dumps of paper listings."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", parents=[common, corpus], help="build the site")
    build.add_argument("--site-dir", metavar="DIR", help="write the site here (default: site/)")
    build.add_argument(
        "--strict", action="store_true", help="fail on any warning or problem in the built site"
    )
    build.set_defaults(run=_build)

    serve = commands.add_parser(
        "serve", parents=[common], help="preview the site, rebuilding on every change"
    )
    serve.add_argument("-a", "--dev-addr", metavar="IP:PORT", help="default: 127.0.0.1:8000")
    serve.set_defaults(run=_serve)

    check = commands.add_parser(
        "check", parents=[common, corpus], help="read the corpus and report, without building"
    )
    check.add_argument("--strict", action="store_true", help="exit non-zero on any warning")
    check.set_defaults(run=_check)

    topics = commands.add_parser(
        "topics",
        parents=[common, corpus],
        help="papers per topic, unsorted papers and suggested new topics",
    )
    topics.set_defaults(run=_topics)
    return parser


def _load(args: argparse.Namespace, **overrides: Any) -> tuple[MkDocsConfig, PapershelfPlugin]:
    config_file = Path(args.config_file)
    if not config_file.is_file():
        raise PapershelfError(f"{config_file}: no such file; run papershelf in the project folder")
    config = load_config(config_file=str(config_file), **overrides)
    plugin = config.plugins.get("papershelf")
    if not isinstance(plugin, PapershelfPlugin):
        raise PapershelfError(f"{config_file}: the papershelf plugin is not enabled under plugins")
    if getattr(args, "corpus", None):
        plugin.config.corpus = [str(Path(path).resolve()) for path in args.corpus]
    return config, plugin


def _build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build

    started = time.perf_counter()
    # Without --strict, mkdocs.yml's own `strict` setting stands.
    overrides: dict[str, Any] = {"strict": True} if args.strict else {}
    if args.site_dir:
        overrides["site_dir"] = str(Path(args.site_dir).resolve())
    config, plugin = _load(args, **overrides)
    site_dir = display_path(Path(config.site_dir), Path.cwd())
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with progress.reporting(progress.for_stream(PROG)):
            build(config)
    finally:
        plugin.discard_staging()
        config.plugins.on_shutdown()
        # A build that stops once the site folder was accepted leaves the last site alone.
        if plugin.site_dir is not None and site_folder.is_site(plugin.site_dir):
            args.site_left_alone = site_dir
    assert plugin.catalogue is not None
    # With --verbose, MkDocs' log has printed each note already, as the build read it.
    if not logging.getLogger("mkdocs.plugins.papershelf").isEnabledFor(logging.INFO):
        for note in plugin.catalogue.notes:
            print(f"{PROG}: note: {note}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    summary = _summary(plugin.catalogue, plugin.site_problems)
    print(f"{PROG}: {summary}; site in {site_dir}/ in {elapsed:.1f} s")
    return 0


def _print_site_left_alone(args: argparse.Namespace, how: str) -> None:
    """After a build that did not finish, say that the last site was not touched."""
    site_dir = getattr(args, "site_left_alone", None)
    if site_dir is not None:
        print(f"{PROG}: build {how}; the site in {site_dir}/ is left as it was", file=sys.stderr)


def _serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    _load(args)
    overrides = {"dev_addr": args.dev_addr} if args.dev_addr else {}
    serve(config_file=args.config_file, **overrides)
    return 0


def _check(args: argparse.Namespace) -> int:
    config, plugin = _load(args)
    sources = plugin.sources(config)
    catalogue = read_catalogue(sources, load_topics(sources))
    print(report(catalogue))
    return 1 if args.strict and catalogue.problems else 0


def _topics(args: argparse.Namespace) -> int:
    from generator.topic_report import render, topic_report

    config, plugin = _load(args)
    sources = plugin.sources(config)
    print(render(topic_report(read_catalogue(sources, load_topics(sources)))))
    return 0


def report(catalogue: Catalogue) -> str:
    """The `check` report: each file, the totals, each merged duplicate and each warning."""
    lines = [f"{file.path}: {count_of(file.records, 'record')}" for file in catalogue.files]
    lines.append(_summary(catalogue))
    for merge in catalogue.merges:
        note = "; abstracts differ, the longer kept" if merge.abstracts_differ else ""
        lines.append(f"merged: {merge.merged} repeats {merge.kept} ({merge.title}){note}")
    lines.extend(f"warning: {problem}" for problem in catalogue.problems)
    lines.extend(f"note: {note}" for note in catalogue.notes)
    return "\n".join(escape_controls(line) for line in lines)


def _summary(catalogue: Catalogue, site_problems: int = 0) -> str:
    """The totals; a build's warnings count the site checks' problems with the corpus's."""
    warnings = len(catalogue.problems) + site_problems
    return (
        f"{count_of(len(catalogue.files), 'file')}, {count_of(catalogue.record_count, 'record')}, "
        f"{count_of(len(catalogue.papers), 'paper')}, "
        f"{count_of(len(catalogue.merges), 'duplicate')} merged, "
        f"{count_of(warnings, 'warning')}, {count_of(len(catalogue.notes), 'note')}"
    )


def _one_line(error: BaseException) -> str:
    return escape_controls(" ".join(str(error).split())) or type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
