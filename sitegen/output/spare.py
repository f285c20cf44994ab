"""The spare tree: the site before the current one, kept beside the output for the next build.

A build that made a whole new tree for every swap would create every folder of the site
and a link per file, and remove the swapped-out tree afterwards: at 5,000 articles about a
second of system calls for one edited article. Instead the tree that a swap takes out
(the previous site) is kept beside the output as `.NAME.spare-TOKEN`, and the next build
brings it up to date (the files changed since it was the output linked from the output,
the changed files written, what the site no longer has removed) and swaps it in. The two
trees share every unchanged file (hard links), so the spare costs little disk.

The cache knows what each tree holds: the output's files (`OutputEntry`s), and where the
spare differs from them. A spare is trusted only when its folders still have the
modification times they had when it was last complete: a file added to or removed from
either tree since (someone's own file dropped into `public/`) changes one, and that spare
is removed instead of used. A file changed in place is caught file by file, by its size
and modification time, as in the output.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from stat import S_ISREG
from typing import NamedTuple

from sitegen.incremental.fingerprint import digest


class OutputEntry(NamedTuple):
    """One file in the output: the key of what made it, and its bytes' identity on disk
    (BLAKE2b digest, size in bytes, modification time in nanoseconds). A named tuple, not
    a dataclass: the cache makes one for each of an output's files every build (15,492 at
    5,000 articles), and a tuple is made in a quarter of the time."""

    key: str
    digest: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Spare:
    """The tree kept beside the output: `.NAME.spare-TOKEN`; where its files differ from
    the output's (output path → its entry, None where it has no such file); the hash of
    its folders' modification times when it was last complete (see `folders_hash`)."""

    token: str
    differs: Mapping[str, OutputEntry | None]
    folders: str

    def files(self, output: Mapping[str, OutputEntry]) -> dict[str, OutputEntry]:
        """The spare's files, given the output's `output`."""
        found = {r: e for r, e in output.items() if r not in self.differs}
        found.update({r: e for r, e in self.differs.items() if e is not None})
        return found


@dataclass(frozen=True)
class Tree:
    """What the cache keeps of an output folder besides its files' entries: the hash of
    its folders' modification times as it was swapped in, and its spare, if one is kept."""

    folders: str
    spare: Spare | None = None


def differences(
    spare: Mapping[str, OutputEntry], output: Mapping[str, OutputEntry]
) -> dict[str, OutputEntry | None]:
    """Where `spare`'s files differ from `output`'s (see `Spare.differs`)."""
    found: dict[str, OutputEntry | None] = {}
    for relative, entry in spare.items():
        if output.get(relative) != entry:
            found[relative] = entry
    for relative in output.keys() - spare.keys():
        found[relative] = None
    return found


def written_as(path: str, entry: OutputEntry) -> bool:
    """Whether the file at `path` is still the plain file `entry` recorded: the same size and
    modification time (ns). A symbolic link in its place, even to the same bytes, is not
    what a build writes; a file that is missing or cannot be looked at is not either."""
    try:
        stat = os.lstat(path)
    except OSError:
        return False
    return S_ISREG(stat.st_mode) and stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns


def same_file(first: OutputEntry | None, second: OutputEntry | None) -> bool:
    """True when both entries describe the same bytes on disk (digest, size, time)."""
    return (
        first is not None
        and second is not None
        and (first.digest, first.size, first.mtime_ns) == (second.digest, second.size, second.mtime_ns)
    )


def folders_hash(top: str, files: Iterable[str] | Folders) -> str:
    """A hash of the modification times (ns) of `top` and every folder below it that holds
    one of `files` (paths relative to `top`, or their `Folders`), or "" when one is
    missing. Creating, removing or renaming an entry in a folder changes its time, so an
    equal hash says no file was added or removed in these folders since."""
    folders = files if isinstance(files, Folders) else Folders.of(files)
    prefix = top + os.sep
    try:
        times = [f"{folder}:{os.stat(prefix + folder if folder else top).st_mtime_ns}" for folder in folders.names]
    except OSError:
        return ""
    return digest("\n".join(times).encode())


@dataclass(frozen=True)
class Folders:
    """The folders (relative paths, sorted; "" the top) that hold a set of files (`files`),
    and those between them and the top: what `folders_hash` looks at. A build hashes three
    trees that mostly hold the same files, and works this out once for them (`same`)."""

    files: frozenset[str]
    names: tuple[str, ...]

    @classmethod
    def of(cls, files: Iterable[str]) -> Folders:
        listed = frozenset(files)
        folders = {relative.rpartition("/")[0] for relative in listed}
        for folder in list(folders):  # and the folders between them and the top
            while folder:
                folder = folder.rpartition("/")[0]
                if folder in folders:
                    break
                folders.add(folder)
        folders.add("")
        return cls(listed, tuple(sorted(folders)))

    def same(self, files: Collection[str]) -> Folders:
        """These folders when `files` are this set's files, else those of `files`."""
        return self if len(files) == len(self.files) and self.files.issuperset(files) else Folders.of(files)
