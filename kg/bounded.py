"""Running a query with a time and memory ceiling, and stopping it on Ctrl-C (``kg query --timeout``).

Oxigraph cannot be interrupted in the middle of a query, and while it computes, Python does not run
the main thread's signal handlers, so Ctrl-C waited for the query (a cartesian product ignored it for
over a minute). The work therefore runs in a helper thread (the engine releases the interpreter while
it computes) and the main thread watches it ten times a second: the time spent, the memory of the
process (on Linux, from ``/proc``), and Ctrl-C, which it receives at once. When a limit is passed the
caller learns it by a :class:`LimitError`; the helper thread cannot be stopped, so a program (``kg``)
ends the process then, as the command line does.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from kg.errors import KGError

__all__ = ["DEFAULT_TIMEOUT", "LimitError", "default_max_memory", "memory_used", "run_bounded"]

T = TypeVar("T")

#: Seconds a command-line query may run by default: generous for a terminal, finite for a script.
DEFAULT_TIMEOUT = 300.0
_POLL = 0.1


class LimitError(KGError):
    """Work stopped because it passed its time or memory ceiling.

    >>> LimitError("stopped").exit_code
    2
    """


def memory_used() -> int | None:
    """The resident memory of this process in bytes, where the platform says it (Linux); else ``None``.

    >>> used = memory_used()
    >>> used is None or used > 1_000_000
    True
    """
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def default_max_memory() -> int | None:
    """The default memory ceiling: 80 % of the machine's memory, where it can be read; else ``None``.

    >>> ceiling = default_max_memory()
    >>> ceiling is None or ceiling > 0
    True
    """
    try:
        return int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") * 0.8)
    except (OSError, ValueError, AttributeError):
        return None


def run_bounded(
    work: Callable[[], T],
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = None,
    what: str = "the query",
) -> T:
    """Run ``work`` and return what it returns, or stop waiting for it when it passes a limit.

    Args:
        work: the function to run (it runs in another thread).
        timeout: seconds it may take; ``None`` or 0 for no limit.
        max_memory: bytes of resident memory the process may reach; ``None`` for no limit (and where
            the platform does not say how much memory a process uses).
        what: what the work is, for messages.

    Raises:
        LimitError: when a limit was passed, saying which and which option raises it.
        KeyboardInterrupt: on Ctrl-C, at once.
        Exception: whatever ``work`` raised.

    >>> run_bounded(lambda: 6 * 7)
    42
    >>> run_bounded(lambda: time.sleep(5), timeout=0.2)
    Traceback (most recent call last):
    ...
    kg.bounded.LimitError: the query was stopped after the time limit of 0.2 s (--timeout SECONDS)
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as e:  # handed to the waiting thread
            # the engine's objects in the frames must be freed in this thread, which made them
            traceback.clear_frames(e.__traceback__)
            outcome["error"] = e
        finally:
            done.set()

    started = time.monotonic()
    threading.Thread(target=target, name="kg-bounded-work", daemon=True).start()
    while not done.wait(_POLL):  # Ctrl-C interrupts the wait, not the engine
        if timeout and time.monotonic() - started > timeout:
            raise LimitError(f"{what} was stopped after the time limit of {timeout:g} s (--timeout SECONDS)")
        if max_memory is not None:
            used = memory_used()
            if used is not None and used > max_memory:
                raise LimitError(
                    f"{what} was stopped when the process used {used / 2**20:,.0f} MiB, over the limit of "
                    f"{max_memory / 2**20:,.0f} MiB (--max-memory MIB)"
                )
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]
