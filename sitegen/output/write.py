"""Write stage: files are staged beside the output and moved in only when the build succeeds.

The first build into a folder fills a fresh directory and swaps it in whole. Later builds
know from the cache what made each file, skip the ones whose inputs did not change, leave
alone the ones whose new bytes are the same, and remove the ones no page makes any more.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.files import visible_files
from sitegen.incremental.fingerprint import digest


class UnsafeOutput(Exception):
    """The output directory would overwrite the site's sources or something not built by us."""


@dataclass(frozen=True)
class OutputEntry:
    """One file in the output: the key of what made it, and its bytes' identity on disk
    (BLAKE2b digest, size in bytes, modification time in nanoseconds)."""

    key: str
    digest: str
    size: int
    mtime_ns: int


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


class Output:
    """One build's writes into `folder`; `previous` is what the cache knows is there now."""

    def __init__(
        self, folder: Path, previous: dict[str, OutputEntry] | None, *, verify: bool = True
    ) -> None:
        """`verify`: check that each kept file is still as written (size and modification
        time), for folders others may touch; `serve`'s private folders skip it."""
        self.folder = folder.resolve()
        self.verify = verify
        self._prefix = f"{self.folder}{os.sep}"  # plain strings in the per-file checks
        self.full = previous is None or not self.folder.is_dir()
        self.previous = previous or {}
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(
            tempfile.mkdtemp(prefix=f".{self.folder.name}.new-", dir=self.folder.parent)
        )
        self.entries: dict[str, OutputEntry] = {}
        self.pending: list[str] = []
        self.stats = WriteStats()

    def unchanged(self, relative: str, key: str) -> bool:
        """True, and the file kept, when the file on disk was made from inputs with this key."""
        old = self.previous.get(relative)
        if self.full or old is None or old.key != key or not self._intact(relative, old):
            return False
        self.entries[relative] = old
        self.stats.unchanged += 1
        return True

    def write(self, relative: str, key: str, data: bytes) -> None:
        self.record(relative, *self.prepare(relative, key, data))

    def prepare(self, relative: str, key: str, data: bytes) -> tuple[OutputEntry, bool]:
        """Stage `data` unless the output already holds these bytes; changes nothing else,
        so worker processes may call it and hand the result to `record`."""
        found = digest(data)
        old = self.previous.get(relative)
        if (
            not self.full
            and old is not None
            and old.digest == found
            and self._intact(relative, old)
        ):
            return OutputEntry(key, found, old.size, old.mtime_ns), False
        target = str(_inside(self.staging, relative))  # os on strings: once per page
        os.makedirs(os.path.dirname(target), exist_ok=True)
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            # Moving the file into the output keeps its size and time: note them now.
            stat = os.fstat(handle)
        finally:
            os.close(handle)
        return OutputEntry(key, found, stat.st_size, stat.st_mtime_ns), True

    def record(self, relative: str, entry: OutputEntry, staged: bool) -> None:
        self.entries[relative] = entry
        if staged:
            self.pending.append(relative)
        else:
            self.stats.unchanged += 1

    def commit(self) -> WriteStats:
        """Move the staged files in and remove what is gone; returns what was done."""
        (self.staging / MARKER).write_text("This folder was built by sitegen, which may replace it.\n")
        if self.full:
            self._swap()
        else:
            for relative in [*self.pending, MARKER]:
                target = _inside(self.folder, relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.staging / relative, target)
            for relative in sorted(self.previous.keys() - self.entries.keys()):
                target = _inside(self.folder, relative)
                target.unlink(missing_ok=True)
                _prune_empty(target.parent, self.folder)
                self.stats.removed += 1
            shutil.rmtree(self.staging, ignore_errors=True)
        self.stats.written = len(self.pending)
        return self.stats

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _swap(self) -> None:
        os.chmod(self.staging, 0o755)
        old = None
        if self.folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}.old-", dir=self.folder.parent))
            os.replace(self.folder, old / self.folder.name)
        os.replace(self.staging, self.folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _intact(self, relative: str, old: OutputEntry) -> bool:
        if not self.verify:
            return True
        try:
            stat = os.stat(self._prefix + relative)
        except OSError:
            return False
        return stat.st_size == old.size and stat.st_mtime_ns == old.mtime_ns


def mirror(source: Path, target: Path, entries: dict[str, OutputEntry]) -> dict[str, OutputEntry]:
    """Fill the empty `target` with hard links to `source`'s built files; returns its entries.

    The two folders then share files, safely: builds never write into a file, they move a
    new one in place of it."""
    copied = {}
    for relative, entry in entries.items():
        link = _inside(target, relative)
        link.parent.mkdir(parents=True, exist_ok=True)
        os.link(_inside(source, relative), link)
        copied[relative] = entry
    return copied


def _inside(folder: Path, relative: str) -> Path:
    """`folder / relative`, refusing any path that could end up outside `folder`."""
    clean = posixpath.normpath(relative)
    if clean != relative or clean.startswith(("/", "..")) or clean == "." or "\\" in relative:
        raise UnsafeOutput(f"refusing to write {relative!r} outside the output directory")
    return folder / relative


def _prune_empty(folder: Path, top: Path) -> None:
    """Remove `folder` and its parents below `top` while they are empty."""
    while (
        folder != top
        and folder.is_relative_to(top)
        and folder.is_dir()
        and not any(folder.iterdir())
    ):
        folder.rmdir()
        folder = folder.parent


MARKER = ".sitegen-built"  # in every output folder sitegen writes: it may replace that folder
_BUILT_BEFORE_THE_MARKER = ("index.html", "404.html", "feed.xml", "sitemap.xml")


def check_output(output: Path, sources: Iterable[Path], known: bool = False) -> None:
    """Refuse an output directory that holds the site, or an existing folder that sitegen
    did not build: one that is not empty and has no MARKER file. Replacing it would delete
    files someone else put there. (A folder built before the marker existed passes when it
    is `known` to the cache, or holds every file such a build wrote at its root.)"""
    resolved = output.resolve()
    for source in sources:
        source = source.resolve()
        if resolved == source or source.is_relative_to(resolved) or resolved.is_relative_to(source):
            raise UnsafeOutput(f"output directory {output} overlaps the site's {source.name}")
    if not resolved.is_dir() or not any(resolved.iterdir()) or (resolved / MARKER).is_file():
        return
    if known and (resolved / "index.html").is_file():
        return
    if all((resolved / name).is_file() for name in _BUILT_BEFORE_THE_MARKER):
        return
    raise UnsafeOutput(f"{output} exists and was not built by sitegen (it has no {MARKER} "
                       "file), so replacing it could delete files that are not sitegen's; "
                       "empty or remove it, or choose another output directory")  # fmt: skip


def files_under(
    folder: Path, skip_suffix: str | None = None, within: Path | None = None
) -> Iterator[tuple[str, Path]]:
    """(relative path, file) for every visible file below `folder`, in a stable order;
    with `within`, not the symbolic links leading outside it (see `visible_files`)."""
    if folder.is_dir():
        for name in visible_files(folder, within):
            if skip_suffix is None or not name.endswith(skip_suffix):
                yield name, folder / name


class DryRun:
    """A target that writes nothing (`sitegen check`): every page is rendered, so that
    template errors surface, and then dropped."""

    def __init__(self) -> None:
        self.entries: dict[str, OutputEntry] = {}
        self.stats = WriteStats()

    def unchanged(self, relative: str, key: str) -> bool:
        return False

    def write(self, relative: str, key: str, data: bytes) -> None:
        self.record(relative, *self.prepare(relative, key, data))

    def prepare(self, relative: str, key: str, data: bytes) -> tuple[OutputEntry, bool]:
        return OutputEntry(key, digest(data), len(data), 0), False

    def record(self, relative: str, entry: OutputEntry, staged: bool) -> None:
        self.entries[relative] = entry

    def commit(self) -> WriteStats:
        return self.stats

    def abort(self) -> None:
        pass
