"""Progress a person can see: stages as plain lines in a log, and a bar on a terminal."""

from __future__ import annotations

import io
import threading

from generator import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_default_reports_nothing_and_a_build_reports_where_it_is_told() -> None:
    out = io.StringIO()
    progress.current().stage("unseen")
    with progress.reporting(progress.Lines("papershelf", out)):
        progress.current().stage("reading the corpus")
        progress.current().start_pages(3)
        progress.current().advance(3)
    progress.current().stage("unseen again")
    assert out.getvalue() == (
        "papershelf: reading the corpus\n"
        "papershelf: writing 3 pages of papers, authors and listings\n"
    )


def test_plain_lines_off_a_terminal_and_a_bar_on_one() -> None:
    assert type(progress.for_stream("papershelf", io.StringIO())) is progress.Lines
    terminal = _Terminal()
    bars = progress.for_stream("papershelf", terminal)
    assert type(bars) is progress.Bars
    with progress.reporting(bars):
        bars.stage("finding related papers")
        bars.start_pages(400)
        bars.advance(250)
        bars.advance(150)
        bars.stage("checking the site")
    shown = terminal.getvalue()
    assert shown.startswith("papershelf: finding related papers\n")
    assert "papershelf: pages" in shown and "400/400" in shown
    # The bar is finished before the next stage's line.
    assert shown.rstrip().endswith("papershelf: checking the site")


def test_a_bar_starts_no_thread_so_the_pages_may_still_render_in_forked_workers() -> None:
    # tqdm's monitor thread would make forking unsafe (generator/forked.py), and every page
    # would then render in one process whenever the build runs on a terminal.
    from tqdm._monitor import TMonitor

    bars = progress.for_stream("papershelf", _Terminal())
    with progress.reporting(bars):
        bars.start_pages(400)
        assert not any(isinstance(thread, TMonitor) for thread in threading.enumerate())
        bars.advance(400)
