"""A call run in a forked child process, beside the parent's own work: the second core for a
step of the build.

The child inherits the call's arguments as they are in memory when it forks, so only its result
is pickled (back through a pipe). A build forks only where that is safe: no other thread runs
in the process (a forked copy of a thread's lock can deadlock), as under `papershelf serve`.
Callers compute the same thing either way, so the result never depends on whether they forked.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def fork_is_safe() -> bool:
    """Whether this process may fork: no other thread runs, and the platform forks."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ForkError(RuntimeError):
    """A forked call failed; the message carries the child's traceback."""


class Forked(Generic[T]):
    """`function(*args)`, started at once in a forked child; `result()` waits for it."""

    def __init__(self, function: Callable[..., T], *args: object) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # Objects the garbage collector never visits stay shared with the child, not copied.
        gc.freeze()
        try:
            self._process = context.Process(target=_run, args=(send, function, args), daemon=True)
            self._process.start()
        finally:
            gc.unfreeze()
        send.close()

    def result(self) -> T:
        """The call's value; its exception, as a `ForkError`, if it raised one."""
        try:
            ok, value = self._receive.recv()
        except EOFError:
            ok, value = False, f"the child process ended ({self._process.exitcode}) with no result"
        finally:
            self._receive.close()
            self._process.join()
        if not ok:
            raise ForkError(value)
        return value  # type: ignore[no-any-return]


def _run(
    send: multiprocessing.connection.Connection,
    function: Callable[..., T],
    args: tuple[object, ...],
) -> None:
    try:
        outcome: tuple[bool, object] = (True, function(*args))
    except BaseException:  # reported to the parent, which raises it
        outcome = (False, traceback.format_exc())
    send.send(outcome)
    send.close()
