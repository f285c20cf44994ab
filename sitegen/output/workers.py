"""Pools of forked worker processes that do not outlive the build that started them.

A worker of `concurrent.futures.ProcessPoolExecutor` waits for work on a pipe that it
holds both ends of (forked from its parent): when the parent is killed (SIGTERM from a
CI runner or `kill`, SIGKILL), nothing tells the worker, which goes on making what it
was given and then waits for ever. A worker of `forked_pool` watches its parent and
ends as soon as it is gone.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_WATCH_EVERY = 0.1  # seconds between two looks at whether the parent is still there


def forked_pool(jobs: int, initializer: Callable[..., None] | None = None,
                initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor | None:  # fmt: skip
    """A pool of `jobs` processes forked from this one now, each started with
    `initializer(*initargs)` when given, and ending when this process ends, however it
    ends; None where processes cannot be forked: on a system without fork, or with no room
    for another process (EAGAIN, a CI runner's limit), the processes forked before the
    one that failed stopped. The caller then does the work itself."""
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        return None
    before = set(mp.active_children())
    pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork"), initializer=_start,
                               initargs=(os.getpid(), initializer, initargs))  # fmt: skip
    try:
        pool.submit(int).result()  # a first task: the pool forks its processes for it
    except OSError:
        started = set(mp.active_children()) - before
        for process in started:  # a pool whose next fork failed would wait for them for ever
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        for process in started:
            process.join()
        return None
    return pool


def _start(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """In a worker: watch `parent`, then run the pool's own initializer."""
    threading.Thread(target=_end_with, args=(parent,), daemon=True, name="sitegen-parent-watch").start()
    if initializer is not None:
        initializer(*initargs)


def _end_with(parent: int) -> None:
    """End this process once `parent` is no longer its parent (it has ended, and this one
    was handed to another). Whatever it was writing is left as a `.part` file at most:
    every file of the cache and the output is written whole under another name first."""
    while os.getppid() == parent:
        time.sleep(_WATCH_EVERY)
    os._exit(1)
