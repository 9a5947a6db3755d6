"""A call in a forked child: its value comes back, its failure is raised here."""

from __future__ import annotations

import os
import signal
import time

import pytest

from generator.errors import CorpusError, PapershelfError
from generator.forked import Forked, ForkError


def _pid_and(value: object) -> tuple[int, object]:
    return os.getpid(), value


def _fail(message: str) -> None:
    raise ValueError(message)


def test_the_call_runs_in_another_process_and_its_value_comes_back() -> None:
    pid, value = Forked("a test", _pid_and, {"rows": [1, 2, 3]}).result()
    assert pid != os.getpid()
    assert value == {"rows": [1, 2, 3]}


def test_arguments_are_inherited_not_pickled() -> None:
    # A lambda cannot be pickled: the child has it because it forked with it in memory.
    pid, value = Forked("a test", lambda n: (os.getpid(), n * 2), 21).result()
    assert pid != os.getpid()
    assert value == 42


def test_a_failure_in_the_child_is_one_line_naming_the_step() -> None:
    with pytest.raises(ForkError) as raised:
        Forked("relating papers", _fail, "no rows").result()
    assert str(raised.value) == "relating papers failed: ValueError: no rows"


def test_a_project_error_in_the_child_keeps_its_message() -> None:
    def bad_corpus() -> None:
        raise CorpusError("corpus/a.txt:3", "not a dump")

    with pytest.raises(ForkError) as raised:
        Forked("reading", bad_corpus).result()
    assert str(raised.value) == "reading failed: corpus/a.txt:3: not a dump"
    assert isinstance(raised.value, PapershelfError)  # shown as one line, no traceback


def test_a_child_killed_by_the_system_is_named() -> None:
    def killed() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(ForkError) as raised:
        Forked("building the search index", killed).result()
    assert str(raised.value) == (
        "building the search index failed: the child process was stopped by SIGKILL"
        " (out of memory?)"
    )


def test_a_child_whose_result_is_never_taken_is_stopped() -> None:
    with Forked("waiting", time.sleep, 60) as job:
        assert job.running
    assert not job.running
