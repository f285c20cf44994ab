"""Reading through the cache: a source whose bytes and reading settings are unchanged is not
parsed again; the rest are parsed, in worker processes when there are many.

A cached result is used only when its source's bytes hash the same (a file is hashed again
whenever its stamp moved: its size, modification time or status-change time, which `chmod`
sets, so that a file made unreadable is read again and refused as without the cache), it was read under the same `salt` (sitegen's
code and the reading settings), and what reading looked at outside the file is unchanged
(`read.still_valid`).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sitegen.content.files import file_stamp, last_changed
from sitegen.content.model import ReadResult
from sitegen.content.read import ReadSettings, read_article, still_valid
from sitegen.incremental.cache import Cache, Stamp
from sitegen.incremental.fingerprint import Fingerprints, digest

Progress = Callable[[str, int, int], None]
_RACY_NS = 2_000_000_000  # a file modified this recently may change again within its mtime
_PARALLEL_FROM = 200  # below this many files to read, a process pool costs more than it saves
_STEP = 100  # sources a worker reads at a time, and between progress reports


def read_sources(
    sources: list[str],
    settings: ReadSettings,
    cache: Cache,
    salt: str,
    fingerprints: Fingerprints,
    jobs: int,
    progress: Progress,
) -> tuple[list[ReadResult], int]:
    """Each source's read result (sources are paths relative to the site root, read in
    this order) and how many of them were parsed; the cache is updated to match, and
    `fingerprints` told each article's fingerprint (computed once, when it is read)."""
    folder = str(settings.root)
    results: dict[str, ReadResult] = {}
    todo: list[str] = []
    for source in sources:
        hit = cache.reads.get(source)
        path = os.path.join(folder, source)
        fresh = hit and hit[1] == salt and hit[0] == _content_key(path, source, cache)
        if hit and fresh and still_valid(hit[2], settings):
            results[source] = hit[2]
            if hit[2].article is not None:
                fingerprints.remember(hit[2].article, hit[3])
        else:
            todo.append(source)
    for parsed in _parse(todo, settings, jobs, progress):
        results[parsed[0]] = keep(parsed, cache, salt, fingerprints)
    for gone in cache.reads.keys() - results.keys():
        cache.drop_read(gone)
    return [results[source] for source in sources], len(todo)


def read_again(sources: list[str], settings: ReadSettings, cache: Cache, salt: str,
               fingerprints: Fingerprints) -> dict[str, ReadResult]:  # fmt: skip
    """Parse `sources` (paths relative to the site root) in this process, as `read_sources`
    does those that changed, and keep their results in the cache; the rest of the cache is
    left as it is (for a rebuild that reads nothing else, see `incremental.bodies`)."""
    return {parsed[0]: keep(parsed, cache, salt, fingerprints) for parsed in parse_again(sources, settings)}


def parse_again(sources: list[str], settings: ReadSettings) -> list[Parsed]:
    """Parse `sources` in this process, keeping nothing: each one's (source, stamp of the
    bytes read or None, read result, its article's fingerprint or "")."""
    return _Reader(settings).read(sources)


def keep(parsed: Parsed, cache: Cache, salt: str, fingerprints: Fingerprints) -> ReadResult:
    """A parsed source's result, kept in the cache (with its stamp) and its article's
    fingerprint told to `fingerprints`."""
    source, stamp, result, fingerprint = parsed
    if stamp is not None:
        _keep_stamp(source, stamp, cache)
    cache.store_read(source, stamp[3] if stamp else "", salt, result, fingerprint)
    if result.article is not None:
        fingerprints.remember(result.article, fingerprint)
    return result


def _content_key(path: str, source: str, cache: Cache) -> str:
    """The hash of a file's bytes, read again only when its stamp (`file_stamp`) moved."""
    try:
        now = file_stamp(os.stat(path))
        stamp = cache.stamps.get(source)
        if stamp is not None and stamp[:3] == now:
            return stamp[3]
        with open(path, "rb") as handle:
            key = digest(handle.read())
    except OSError:
        return ""  # unreadable: reading it again tells why
    _keep_stamp(source, (*now, key), cache)
    return key


def _keep_stamp(source: str, stamp: Stamp, cache: Cache) -> None:
    # Like git's "racy" check: a file modified within the clock's granularity of now could be
    # saved again with the same size and time, so its stamp is trusted only once it is older.
    if time.time_ns() - last_changed(stamp[:3]) > _RACY_NS:
        cache.keep_stamp(source, stamp)


Parsed = tuple[str, Stamp | None, ReadResult, str]  # …, the article's fingerprint or ""


def _parse(sources: list[str], settings: ReadSettings, jobs: int, progress: Progress) -> list[Parsed]:
    """Each source read and parsed, with the stamp of the bytes read (None if unreadable)."""
    chunks = [sources[start : start + _STEP] for start in range(0, len(sources), _STEP)]
    done: list[Parsed] = []
    if jobs <= 1 or len(sources) < _PARALLEL_FROM:
        reader = _Reader(settings)
        for chunk in chunks:
            done += reader.read(chunk)
            progress("Artiklar", len(done), len(sources))
        return done
    from concurrent.futures import ProcessPoolExecutor  # here: most rebuilds read in-process

    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(settings,)) as pool, _uncollected():
        for part in pool.map(_read_in_worker, chunks):
            done += part
            progress("Artiklar", len(done), len(sources))
    return done


@contextmanager
def _uncollected() -> Iterator[None]:
    """Python's cycle collector paused meanwhile (as it was before, after): the results
    arrive as hundreds of thousands of new objects, none of them garbage, which it would
    otherwise walk again and again as they pile up (40% of the CPU time taken to unpickle
    them), and nothing made meanwhile in this process is a cycle left behind."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Reader:
    """Reads sources and fingerprints their articles."""

    def __init__(self, settings: ReadSettings) -> None:
        self.settings = settings
        self.fingerprints = Fingerprints()

    def read(self, sources: list[str]) -> list[Parsed]:
        done: list[Parsed] = []
        for source in sources:
            path = self.settings.root / source
            stamp: Stamp | None = None
            try:
                with open(path, "rb") as handle:
                    stat, raw = os.fstat(handle.fileno()), handle.read()
                stamp = (*file_stamp(stat), digest(raw))
            except OSError:
                raw = None  # reading it again says why
            result = read_article(path, self.settings, raw)
            article = result.article
            fingerprint = self.fingerprints.of(article) if article is not None else ""
            self.fingerprints.forget_all_but(set())
            done.append((source, stamp, result, fingerprint))
        return done


# A worker process's reader, set by the pool's initializer in that process only.
_worker: _Reader | None = None


def _start_worker(settings: ReadSettings) -> None:
    global _worker
    gc.enable()  # forked while the parent's collector was paused (`_uncollected`): parsing makes garbage
    _worker = _Reader(settings)


def _read_in_worker(sources: list[str]) -> list[Parsed]:
    assert _worker is not None, "run by a pool started with _start_worker"
    return _worker.read(sources)
