"""A call run in a forked child process, beside the parent's own work: the second core for a
step of the build.

The child inherits the call's arguments as they are in memory when it forks, so only its result
is pickled (back through a pipe). A build forks only where that is safe: no other thread runs
in the process (a forked copy of a thread's lock can deadlock), as under `papershelf serve`.
Callers compute the same thing either way, so the result never depends on whether they forked.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

from generator.errors import PapershelfError

log = logging.getLogger("mkdocs.plugins.papershelf")

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


class ForkError(PapershelfError):
    """A step run in a forked child failed: one line naming the step and what went wrong (the
    child's traceback, if it had one, is logged at debug level)."""


class Forked(Generic[T]):
    """`function(*args)`, started at once in a forked child; `result()` waits for it.

    `step` names the work in messages ("building the search index"). A caller that may fail
    before it takes the result uses the object as a context manager, or calls `close()`, so
    that the child is stopped, not left waiting on its pipe.
    """

    def __init__(self, step: str, function: Callable[..., T], *args: object) -> None:
        self.step = step
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
        """The call's value; a `ForkError` if it raised or the child died without one."""
        try:
            ok, value = self._receive.recv()
        except EOFError:
            self._process.join()
            ok, value = False, (_ended(self._process.exitcode), None)
        finally:
            self.close()
        if not ok:
            message, details = value
            if details:
                log.debug("%s, in a forked child:\n%s", self.step, details)
            raise ForkError(f"{self.step} failed: {message}")
        return value  # type: ignore[no-any-return]

    @property
    def running(self) -> bool:
        """Whether the child still runs."""
        return self._process.is_alive()

    def close(self) -> None:
        """Stop the child if it still runs, and wait for it."""
        self._receive.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _ended(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
        return f"the child process was stopped by {name} (out of memory?)"
    return f"the child process ended ({code}) with no result"


def _run(
    send: multiprocessing.connection.Connection,
    function: Callable[..., T],
    args: tuple[object, ...],
) -> None:
    outcome: tuple[bool, object]
    try:
        outcome = (True, function(*args))
    except PapershelfError as error:  # a message for the user, as it is
        outcome = (False, (str(error), None))
    except BaseException as error:  # reported to the parent, which raises it
        outcome = (False, (f"{type(error).__name__}: {error}", traceback.format_exc()))
    send.send(outcome)
    send.close()
