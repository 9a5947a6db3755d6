"""A call in a forked child: its value comes back, its failure is raised here."""

from __future__ import annotations

import os

import pytest

from generator.forked import Forked, ForkError


def _pid_and(value: object) -> tuple[int, object]:
    return os.getpid(), value


def _fail(message: str) -> None:
    raise ValueError(message)


def test_the_call_runs_in_another_process_and_its_value_comes_back() -> None:
    pid, value = Forked(_pid_and, {"rows": [1, 2, 3]}).result()
    assert pid != os.getpid()
    assert value == {"rows": [1, 2, 3]}


def test_arguments_are_inherited_not_pickled() -> None:
    # A lambda cannot be pickled: the child has it because it forked with it in memory.
    pid, value = Forked(lambda n: (os.getpid(), n * 2), 21).result()
    assert pid != os.getpid()
    assert value == 42


def test_a_failure_in_the_child_is_raised_with_its_traceback() -> None:
    with pytest.raises(ForkError, match=r"ValueError: no rows"):
        Forked(_fail, "no rows").result()
