"""Pausing Python's cyclic garbage collector while a large structure without cycles is built.

A view of a million triples (:mod:`kg.network`) or an OWL RL closure (:mod:`kg.reasoning.rl`) makes
millions of small dicts, sets and tuples and no reference cycles; the collector would walk them again
and again as they grow (a third of a view's time at 50,000 nodes, more than half of the time to index
a million triples for the rules). What the collector owes is collected first: a networkx graph is a
cycle (its cached views refer back to it), so a view dropped since the last build is freed only by the
collector, and a build with the collector paused would keep it alive (each view of a loop of builds
would stay in memory: 2.3 times the memory of one at 100k triples).
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["paused", "without_gc"]


@contextmanager
def paused() -> Iterator[None]:
    """Pause the collector inside the block, after collecting its young generations.

    >>> import gc
    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    if enabled:
        gc.collect(1)  # the young generations, where a structure made with the collector paused ends up
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def without_gc(func: F) -> F:
    """The function, run with the collector :func:`paused`.

    >>> import gc
    >>> without_gc(gc.isenabled)(), gc.isenabled()
    (False, True)
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with paused():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
