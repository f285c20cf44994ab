"""Saved results of pure steps that every build would otherwise work out again: related
reading's lists and the images' measures, kept in the build cache (`Cache.recall`) so that a
new process (`sitegen build` after an edit, a CI run) does not redo them.

Each is found again only by what it was made from: the lists by a hash of their whole
input, a measure by its file's stamp (`content.files.file_stamp`: size, modification time,
status-change time), trusted only for a file last changed well before it was measured (git's "racy" rule, as `incremental.unchanged` keeps
the snapshot). Whatever does not match is worked out again, as a build without the cache
does, so the output is the same either way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.files import last_changed
from sitegen.incremental.cache import Cache
from sitegen.incremental.codec import Codec
from sitegen.incremental.fingerprint import digest
from sitegen.incremental.unchanged import RACY_NS
from sitegen.output.images import Measures
from sitegen.site.pictures import Picture
from sitegen.site.related import Lists, related_lists


@dataclass(frozen=True)
class _Lists:
    inputs: str  # hash of `related_lists`'s arguments
    lists: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class _Measured:
    url: str
    folder: int  # which of the image folders holds the file
    relative: str  # the file's path in it
    size: int  # bytes
    mtime_ns: int
    ctime_ns: int  # the status-change time: `chmod` sets it
    picture: Picture | None


_LISTS, _MEASURES = Codec(_Lists), Codec(_Measured)


def saved_lists(cache: Cache) -> Lists:
    """`site.related.related_lists` through `cache`: the lists of the last build whose
    input was the same, else worked out and kept for the next."""

    def lists(order: tuple[str, ...], members: tuple[tuple[str, ...], ...], count: int) -> dict[str, tuple[str, ...]]:
        inputs = digest(repr((order, members, count)).encode())
        kept = cache.recall("related", _LISTS).get("lists")
        if isinstance(kept, _Lists) and kept.inputs == inputs:
            return kept.lists
        found = related_lists(order, members, count)
        cache.keep("related", _LISTS, {"lists": _Lists(inputs, found)})
        return found

    return lists


def recall_measures(measures: Measures, cache: Cache, folders: tuple[Path, ...]) -> None:
    """Give `measures` the images' measures kept in `cache` (`folders`: where images are
    found, in order, as `keep_measures` was given them)."""
    for kept in cache.recall("measures", _MEASURES).values():
        if 0 <= kept.folder < len(folders):
            measures.add(kept.url, folders[kept.folder] / kept.relative, (kept.size, kept.mtime_ns, kept.ctime_ns),
                         kept.picture)  # fmt: skip


def keep_measures(measures: Measures, cache: Cache, folders: tuple[Path, ...], taken_ns: int,
                  used: set[tuple[str, str]]) -> None:  # fmt: skip
    """Keep in `cache` the measures of `measures` that this build used (`used`: (url,
    file)) whose file is in one of `folders` and was last changed well before `taken_ns`
    (time.time_ns() before anything was measured)."""
    kept = {}
    for url, file, stamp, picture in measures.known():
        if (url, file) not in used or last_changed(stamp) >= taken_ns - RACY_NS:
            continue  # it may change again without its stamp showing it
        for number, folder in enumerate(folders):
            relative = os.path.relpath(file, folder)
            if not relative.startswith(".."):
                kept[f"{url} {number} {relative}"] = _Measured(url, number, relative, *stamp, picture)
                break
    cache.keep("measures", _MEASURES, dict(sorted(kept.items())))
