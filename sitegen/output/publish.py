"""Publishing: render the pages whose keys changed and stage them, then commit the output.

With many pages and several jobs, pages are rendered in forked worker processes, which
get the work from the pool's initializer (inherited through the fork, never pickled) and
hand back only what they staged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from sitegen.errors import Problem
from sitegen.output.render import Renderer
from sitegen.output.spare import OutputEntry
from sitegen.output.write import WriteStats
from sitegen.site.plan import Page
from sitegen.urls import output_path

Progress = Callable[[str, int, int], None]
_PARALLEL_FROM = 200  # below this many pages to render, a process pool costs more than it saves
_STEP = 100  # pages between progress reports when rendering in one process


class Target(Protocol):
    """Where a build's files go: `Output` (staged, then swapped in) or `DryRun`."""

    def unchanged(self, relative: str, key: str) -> bool: ...
    def write(self, relative: str, key: str, data: bytes) -> None: ...
    def prepare(self, relative: str, key: str, data: bytes) -> tuple[OutputEntry, bool]: ...
    def record(self, relative: str, entry: OutputEntry, staged: bool) -> None: ...
    def commit(self) -> WriteStats: ...
    def abort(self) -> None: ...


def publish(
    pages: list[Page],
    assets: dict[str, tuple[Path | bytes, str]],
    key_of: Callable[[Page], str],
    renderer: Renderer,
    target: Target,
    jobs: int,
    progress: Progress,
    after: Callable[[], None] | None = None,
) -> WriteStats:
    """Copy the assets (output path → (file or its bytes, key)) and render the pages whose
    key the target does not hold yet, then run `after` (a step that writes files made from
    the pages, as the search index) before the target commits; raises BuildError for
    template problems (or from `after`), leaving the target as it was."""
    try:
        for relative, (source, key) in assets.items():
            if not target.unchanged(relative, key):
                data = source if isinstance(source, bytes) else source.read_bytes()
                target.write(relative, key, data)
        todo = []
        for page in pages:
            relative, key = output_path(page.url), key_of(page)
            if not target.unchanged(relative, key):
                todo.append((page, relative, key))
        for relative, entry, staged in _render_all(todo, renderer, target, jobs, progress):
            target.record(relative, entry, staged)
        renderer.raise_problems()
        if after is not None:
            after()
    except BaseException:
        target.abort()
        raise
    return target.commit()


Job = tuple[Page, str, str]  # page, output path, key
Done = tuple[str, OutputEntry, bool]


def _render_all(
    todo: list[Job], renderer: Renderer, target: Target, jobs: int, progress: Progress
) -> list[Done]:
    # Imported here, not at the top: most rebuilds render in-process.
    from sitegen.output.workers import forked_pool

    many = jobs > 1 and len(todo) >= _PARALLEL_FROM
    pool = forked_pool(jobs, _start_worker, (todo, renderer, target)) if many else None
    if pool is None:  # one job, few pages, or no process can be forked
        done: list[Done] = []
        for start in range(0, len(todo), _STEP):
            done += _render_slice(todo[start : start + _STEP], renderer, target)
            progress("Sidor", len(done), len(todo))
        return done
    slices = jobs * 8
    finished: list[Done] = []
    with pool:
        for part, problems, pages in pool.map(_render_in_worker, range(slices), [slices] * slices):
            finished += part
            renderer.add_problems(problems, pages)
            progress("Sidor", len(finished), len(todo))
    return finished


def _render_slice(todo: list[Job], renderer: Renderer, target: Target) -> list[Done]:
    done = []
    for page, relative, key in todo:
        data = renderer.render(page)
        if data is not None:
            done.append((relative, *target.prepare(relative, key, data)))
    return done


# A worker process's work, set by the pool's initializer in that process only.
_work: tuple[list[Job], Renderer, Target] | None = None


def _start_worker(todo: list[Job], renderer: Renderer, target: Target) -> None:
    global _work
    _work = (todo, renderer, target)


def _render_in_worker(index: int, count: int) -> tuple[list[Done], dict[str, Problem], dict[str, set[tuple[str, str | None]]]]:
    assert _work is not None, "run by a pool started with _start_worker"
    todo, renderer, target = _work
    renderer.problems, renderer.pages = {}, {}  # this slice's alone: the others' are told by their own
    done = _render_slice(todo[index::count], renderer, target)
    return done, renderer.problems, renderer.pages
