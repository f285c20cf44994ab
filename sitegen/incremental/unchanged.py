"""Nothing changed since the last build: then the output already is what a build would write.

After a successful build the cache keeps a snapshot of everything that build was made from:
the stamp of every file under the site's content/, layouts/ and assets/, the theme's files
and config.yaml; sitegen's code (`code_version`); the options; and the span of "now" in
which the same articles are published (from the newest one dated at or before the build's
now to the first one dated after it). A later build that finds all of it the same, and the
output's files as they were written, has nothing to do, and says so without reading a
single article.

The output must be as that build left it: each file's size and modification time, and
the modification times of its folders (a file added to the output, or removed, changes its
folder's), so that a build after someone dropped a file into the output removes it.

A file's stamp (`content.files.file_stamp`: its size, modification time and status-change
time, which `chmod` sets) is trusted only when all of it is unchanged and the file was last
changed well before the snapshot was taken (git's "racy" rule); otherwise its bytes are
hashed and compared. So a file made unreadable since (`chmod 000`) is never taken for one
unchanged: the build goes on to read it, and fails as a build without the cache does.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sitegen.content.files import file_stamp, hidden, last_changed
from sitegen.content.model import Article
from sitegen.errors import Problem
from sitegen.incremental.cache import Cache
from sitegen.incremental.code import code_version
from sitegen.incremental.codec import Codec, CodecError
from sitegen.incremental.fingerprint import digest
from sitegen.output.spare import OutputEntry, folders_hash, written_as

RACY_NS = 2_000_000_000  # coarser than any file system's modification-time granularity
Listed = tuple[int, int, int, str]  # a file's stamp (`FileStamp`) and the hash of its bytes, or ""


@dataclass(frozen=True)
class _Warnings:
    problems: tuple[Problem, ...]


_PROBLEMS = Codec(_Warnings)


@dataclass(frozen=True)
class Seen:
    """What a build saw, and what it reported."""

    inputs: str  # hash of sitegen's code and the options
    files: dict[str, Listed]  # "site:content/…" → (size, mtime ns, ctime ns, hash)
    taken_ns: int  # when the files were listed (time.time_ns())
    published: tuple[str | None, str | None]  # now may move within [first, second)
    output: str
    articles: int
    pages: int
    warnings: str  # the warnings, encoded
    next_due: str | None = None  # when the first scheduled article becomes due (ISO 8601)
    drafts: int = 0  # articles with draft: true it left out
    plan: str | None = None  # the token of the plan saved with it (`incremental.saved`)


def inputs_key(options: dict[str, object]) -> str:
    """A hash of sitegen's code and a build's options (plain values, by name)."""
    return digest(repr((code_version(), sorted(options.items()))).encode())


@dataclass(frozen=True)
class Survey:
    """Every input file's stamp and hash (size, mtime ns, ctime ns, hash), by "place:relative
    path", listed at `taken_ns`; the hash only of files changed so recently that their stamp
    could stay the same through another save ("" for the rest, and for a file it could not
    read)."""

    taken_ns: int
    files: dict[str, Listed]

    def sources(self) -> int:
        """How many Markdown sources (content/…md) it lists."""
        return sum(1 for name in self.files if markdown_source(name))


def survey(places: dict[str, Path]) -> Survey:
    """List the files below each of `places` (a folder, or a single file), before anything
    reads them: the visible ones, as `content.files.visible_files` lists them (hidden names
    left out, linked folders not followed). Raises OSError for a file it cannot stat."""
    taken = time.time_ns()
    found = {}
    for name, place in places.items():
        if place.is_file():
            listed: Iterator[tuple[str, str, os.stat_result]] = iter([("", str(place), os.stat(place))])
        elif place.is_dir():
            listed = _files(str(place), "")
        else:
            continue
        for relative, path, stat in listed:
            stamp = file_stamp(stat)
            racy = last_changed(stamp) >= taken - RACY_NS
            found[f"{name}:{relative}"] = (*stamp, _hash(path) if racy else "")
    return Survey(taken, found)


def _files(folder: str, prefix: str) -> Iterator[tuple[str, str, os.stat_result]]:
    """(path below the listed folder, path, stat) of each visible file below `folder`,
    through `os.scandir` (no path joined twice: `serve` surveys the site on every save)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if hidden(entry.name):
                continue
            if entry.is_dir():
                if not entry.is_symlink():  # a linked folder is never followed
                    yield from _files(entry.path, f"{prefix}{entry.name}/")
            else:
                yield prefix + entry.name, entry.path, entry.stat()


def still_built(
    cache: Cache,
    inputs: str,
    now: Survey,
    places: dict[str, Path],
    when: datetime,
    output: Path,
    output_name: str,
    verify: bool,
) -> tuple[int, int, list[Problem], str | None, int] | None:
    """(articles, pages, warnings, next due, drafts left out) of the last build when a build now (at `when`, with the
    files as `now` found them) would write exactly what is there, else None. A damaged
    snapshot only misses."""
    seen = _seen(cache.snapshot)
    if seen is None or seen.inputs != inputs or seen.output != output_name:
        return None
    first, second = seen.published
    if (first and when < datetime.fromisoformat(first)) or (
        second and when >= datetime.fromisoformat(second)
    ):
        return None
    if changed_files(Survey(seen.taken_ns, seen.files), now, places) != set():
        return None
    entries, tree = cache.outputs.get(output_name), cache.trees.get(output_name)
    if entries is None or not output.is_dir():
        return None
    if verify and (not _intact(output, entries) or tree is None or folders_hash(str(output), entries) != tree.folders):
        return None  # a file changed, or one was added or removed (someone's own, left in the output)
    warnings = warnings_of(seen)
    if warnings is None:
        return None
    return seen.articles, seen.pages, warnings, seen.next_due, seen.drafts


def markdown_source(name: str) -> bool:
    """Whether a listed file ("place:relative path") is a Markdown source of content/."""
    return name.startswith("content:") and name.endswith(".md")


def edited_sources(seen: Seen | None, inputs: str, now: Survey, places: dict[str, Path],
                   when: datetime) -> list[str] | None:  # fmt: skip
    """The Markdown sources ("content/…md") whose bytes changed since the last build, which
    saw `seen` (`last_build`), when nothing else did: the same code and options (`inputs`,
    the output folder's name included), the same set of files below `places`, no other
    file changed, and `when` within the span of the same published articles. Else None
    (and None when there is no snapshot)."""
    if seen is None or seen.inputs != inputs:
        return None
    first, second = seen.published
    if (first and when < datetime.fromisoformat(first)) or (second and when >= datetime.fromisoformat(second)):
        return None
    changed = changed_files(Survey(seen.taken_ns, seen.files), now, places)
    if changed is None or not all(markdown_source(name) for name in changed):
        return None
    return ["content/" + name.removeprefix("content:") for name in sorted(changed)]


def changed_files(before: Survey, now: Survey, places: dict[str, Path]) -> set[str] | None:
    """The files ("place:relative path", below `places`) whose bytes differ between two
    surveys of them (or whose permissions may differ), or None when files were added or
    removed. A file racy when `before` was taken (its hash noted) is compared by its hash,
    hashed again if need be; the others by their stamps (`content.files.file_stamp`)."""
    if now.files.keys() != before.files.keys():
        return None
    changed = set()
    for name, (*stamp, known) in now.files.items():
        *stamp_was, known_was = before.files[name]
        if stamp != stamp_was:
            changed.add(name)
        elif known_was and (known or _hash(_path(places, name))) != known_was:
            changed.add(name)  # racy when last seen: only the bytes tell
    return changed


def published_span(articles: list[Article], when: datetime) -> tuple[datetime | None, datetime | None]:
    """The span of "now" around `when` in which the same `articles` are published, and the
    same `updated:` dates lie ahead (each warned about): from the newest such moment at or
    before `when` to the first one after it (None: no bound)."""
    moments = [a.published for a in articles] + [a.updated for a in articles if a.updated is not None]
    before = [moment for moment in moments if moment <= when]
    after = [moment for moment in moments if moment > when]
    return (max(before) if before else None, min(after) if after else None)


def snapshot(
    inputs: str,
    survey: Survey,
    published: tuple[datetime | None, datetime | None],
    output_name: str,
    counts: tuple[int, int, int],
    warnings: list[Problem],
    next_due: datetime | None = None,
    plan: str | None = None,
) -> dict[str, Any]:
    """The snapshot of a successful build, as plain data for the cache; `survey` as taken
    before the build read anything; `published` the span of its now in which the same
    articles are published (`published_span`); `counts`: (articles, pages, drafts left
    out); `plan` the token of the plan saved with it, if any."""
    first, second = published
    data, _ = _PROBLEMS.encode({"warnings": _Warnings(tuple(warnings))})
    return {
        "inputs": inputs, "files": survey.files, "taken_ns": survey.taken_ns,
        "published": [first.isoformat() if first else None, second.isoformat() if second else None],
        "output": output_name, "articles": counts[0], "pages": counts[1], "drafts": counts[2],
        "warnings": data.decode(), "next_due": next_due.isoformat() if next_due else None,
        "plan": plan,
    }  # fmt: skip


def last_build(cache: Cache) -> Seen | None:
    """What the last build saved in `cache` saw and reported, or None (no snapshot, or a
    damaged one)."""
    return _seen(cache.snapshot)


def last_key(cache: Cache, seen: Seen, source: str) -> str | None:
    """The hash of the bytes a Markdown source ("content/…md") had when the build that
    saved `seen` listed it: as that listing noted it (a file modified just before), else
    as the cache's stamp of the same size and times tells; None when neither knows."""
    listed = seen.files.get("content:" + source.removeprefix("content/"))
    if listed is None:
        return None
    if listed[3]:
        return listed[3]
    stamp = cache.stamps.get(source)
    return stamp[3] if stamp is not None and stamp[:3] == listed[:3] else None


def warnings_of(seen: Seen) -> list[Problem] | None:
    """The warnings a build reported, as its snapshot keeps them; None when damaged."""
    try:
        return list(_PROBLEMS.decode(seen.warnings.encode(), b"")["warnings"].problems)
    except (CodecError, KeyError):
        return None


def _seen(stored: Any) -> Seen | None:
    try:
        files = {str(k): (int(a), int(b), int(c), str(d)) for k, (a, b, c, d) in stored["files"].items()}
        first, second = stored["published"]
        return Seen(str(stored["inputs"]), files, int(stored["taken_ns"]), (first, second),
                    str(stored["output"]), int(stored["articles"]), int(stored["pages"]),
                    str(stored["warnings"]), stored.get("next_due"), int(stored.get("drafts", 0)),
                    _token(stored.get("plan")))  # fmt: skip
    except (TypeError, KeyError, ValueError, AttributeError):
        return None


def _token(value: Any) -> str | None:
    return value if type(value) is str else None


def _path(places: dict[str, Path], name: str) -> str:
    place, _, relative = name.partition(":")
    return str(places[place] / relative if relative else places[place])


def _hash(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except OSError:
        return ""


def _intact(output: Path, entries: dict[str, OutputEntry]) -> bool:
    prefix = str(output) + os.sep
    return all(written_as(prefix + relative, entry) for relative, entry in entries.items())
