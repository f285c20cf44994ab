"""Write stage: every build makes a complete new tree beside the output and swaps it in whole.

Later builds know from the cache what made each file, skip the ones whose inputs did not
change and the ones whose new bytes are the same: those are hard-linked from the current
output into the new tree (copied with their times where the file system refuses hard
links), so they keep their inode and modification time. Only changed files are written.

The guarantee: whenever the build is killed (SIGKILL included; a power cut is the file
system's journal's business), the output folder `public` is exactly the previous complete
site or exactly the next one, never a mix. On Linux (ext4, XFS, Btrfs, tmpfs and the other
file systems that have renameat2's RENAME_EXCHANGE) the new tree and `public` trade names
in one atomic step, so `public` is never absent. Elsewhere (another system, NFS) the swap
is two renames, `public` → `.public.old-*/public`, then `.public.new-*` → `public`, and a
kill between the two leaves no `public` for that moment. The next build repairs that first
(`recover`): it renames the previous site back, then removes every `.public.new-*` and
`.public.old-*` folder beside the output that no running build holds (each build `lockf`s
its folders' marker files), so leftovers never pile up. Nothing else beside the output is
ever touched. A build that `recover` races (two builds into one folder at once) may fail
with OSError; neither leaves a mixed site. The one exception is asked for: `serve`'s
private folders, which nobody reads while they are built, are updated in place
(`in_place`), which is much faster.
"""

from __future__ import annotations

import contextlib
import errno
import os
import posixpath
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from sitegen.content.files import visible_files
from sitegen.errors import quoted
from sitegen.incremental.fingerprint import digest
from sitegen.output.spare import (
    Folders,
    OutputEntry,
    Spare,
    Tree,
    differences,
    folders_hash,
    same_file,
    written_as,
)


class UnsafeOutput(Exception):
    """The output directory would overwrite the site's sources or something not built by us."""


@dataclass
class WriteStats:
    """What a build did to the output: counts, and the output paths (relative, `/`) of the
    files whose bytes changed (`changed`: new or rewritten) and of those removed."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)


class Output:
    """One build's writes into `folder`; `previous` is what the cache knows is there now."""

    def __init__(
        self,
        folder: Path,
        previous: dict[str, OutputEntry] | None,
        *,
        verify: bool = True,
        in_place: bool = False,
        tree: Tree | None = None,
    ) -> None:
        """`verify`: check that each kept file is still as written (size and modification
        time), for folders others may touch; `serve`'s private folders skip it. `in_place`:
        move the changed files into the existing folder one by one instead of swapping in a
        whole new tree, which costs a link and a folder per file (about 1.5 s for 5,000
        articles): only for folders nobody reads while they are built, as `serve`'s spare
        folder, since a killed build leaves such a folder mixed. `tree`: what the cache
        knows of the output's folders and of its spare tree (see `sitegen.output.spare`),
        which then becomes the new tree; `after` is what to remember once committed."""
        self.folder = folder.resolve()
        self.verify = verify
        self.in_place = in_place
        self._prefix = f"{self.folder}{os.sep}"  # plain strings in the per-file checks
        self.full = previous is None or not self.folder.is_dir()
        # An output the cache knows nothing of (no cache, or a cache made elsewhere): its
        # files with the very bytes this build makes are kept, with their times, not written.
        self._unknown = previous is None and self.folder.is_dir()
        self.previous = previous or {}
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        self._tree = None if in_place or self.full else tree
        self.after: Tree | None = None
        # The spare's files, when the new tree is the spare brought up to date; those of
        # them already right for this build.
        self.spare: dict[str, OutputEntry] | None = None
        self._in_spare: set[str] = set()
        self._folders: Folders | None = None  # see `_folders_of`
        taken = self._take_spare()
        _discard_spares(self.folder)
        if taken is not None:
            self.staging, self._claims = taken[0], [taken[1]]
        else:
            self.staging = Path(
                tempfile.mkdtemp(prefix=f".{self.folder.name}.new-", dir=self.folder.parent)
            )
            # Its marker now, locked while the build runs: `recover` leaves alone what is held.
            self._claims = [_claim(self.staging)]
        self._staging_prefix = f"{self.staging}{os.sep}"
        self.entries: dict[str, OutputEntry] = {}
        self.pending: list[str] = []
        self._written: set[str] = set()  # the same, for looking up
        self.stats = WriteStats()

    def unchanged(self, relative: str, key: str) -> bool:
        """True, and the file kept, when the file on disk was made from inputs with this key."""
        old = self.previous.get(relative)
        if self.full or old is None or old.key != key:
            return False
        if self._spare_holds(relative, old):
            self._in_spare.add(relative)
        elif not self._intact(relative, old):
            # Restored by a CI cache, or copied, without its time: known by its bytes.
            there = self._plain_file(relative, old.size)
            if there is None or digest(there[1]) != old.digest:
                return False
            old = old._replace(mtime_ns=there[0].st_mtime_ns)
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
        known = not self.full and old is not None and old.digest == found
        if known and old is not None and self._intact(relative, old):
            return OutputEntry(key, found, old.size, old.mtime_ns), False
        # A file whose time changed but not its bytes, or one of an output the cache does not know.
        if (known or self._unknown) and (there := self._plain_file(relative, len(data))) and there[1] == data:
            return OutputEntry(key, found, there[0].st_size, there[0].st_mtime_ns), False
        target = str(_inside(self.staging, relative))  # os on strings: once per page
        if self.spare is not None:  # the spare's file there may be a link to the output's
            _clear(self.staging, relative)
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

    def _plain_file(self, relative: str, size: int) -> tuple[os.stat_result, bytes] | None:
        """The stat and bytes of the output's file at `relative` when it is a plain file
        (not a link) of `size` bytes, else None."""
        path = self._prefix + relative
        try:
            stat = os.lstat(path)
            if not S_ISREG(stat.st_mode) or stat.st_size != size:
                return None
            with open(path, "rb") as handle:
                return stat, handle.read()
        except OSError:
            return None

    def read(self, relative: str) -> bytes:
        """The bytes of `relative` in the tree being built: staged by this build, or else
        kept from the output (for a step that reads the pages, as search indexing does). Only
        what this build wrote is read from the staging folder: when that folder is the spare
        brought up to date, its other files are the site before last until the commit."""
        folder = self.staging if relative in self._written else self.folder
        return _inside(folder, relative).read_bytes()

    def record(self, relative: str, entry: OutputEntry, staged: bool) -> None:
        self.entries[relative] = entry
        if staged:
            self.pending.append(relative)
            self._written.add(relative)
        else:
            self.stats.unchanged += 1

    def commit(self) -> WriteStats:
        """Complete the new tree (the kept files hard-linked from the output) and swap it in
        whole; returns what was done. Raises OSError when the disk refuses, the output as it
        was (a leftover of the new tree may stay, for the next build to remove)."""
        if self.in_place and not self.full:
            self._update()
            return self.stats
        if self._already_built():
            shutil.rmtree(self.staging, ignore_errors=True)
            self._release()
            self.after = Tree(folders_hash(str(self.folder), self._folders_of(self.entries)), None)
            return self.stats
        try:
            if not self.full:
                self._complete()
                gone = self.previous.keys() - self.entries.keys()
                self.stats.gone = sorted(gone | self._strays())
                self.stats.removed = len(self.stats.gone)
            elif self._unknown:  # the files kept from it, linked into the new tree
                pending = set(self.pending)
                _link_all(self.folder, self.staging, [r for r in self.entries if r not in pending])
                self.stats.gone = sorted(self._strays() - self.entries.keys())
                self.stats.removed = len(self.stats.gone)
            folders = folders_hash(str(self.staging), self._folders_of(self.entries))
            self.after = Tree(folders, self._swap())
        finally:
            self._release()
        self.stats.written = len(self.pending)
        self.stats.changed = sorted(self.pending)
        return self.stats

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self._release()

    def _already_built(self) -> bool:
        """True when the output already is this build's site, so that no new tree need be made
        and swapped in: no spare was taken, nothing was written or is gone, and nothing is in
        it that no build wrote (see `_unbuilt`). A CI run whose cache restored the output
        (with its times, as GitHub's tar archives, or without, as GitLab's zips) and changed
        nothing that shows ends here."""
        if self.spare is not None or self._tree is None or self.pending or self.entries.keys() != self.previous.keys():
            return False
        files, folders = self._unbuilt()
        return not files and not folders

    def _strays(self) -> set[str]:
        """The files in the output that no build wrote (someone's own, dropped in): the new
        tree has none of them, so the swap removes them."""
        return self._unbuilt()[0]

    def _unbuilt(self) -> tuple[set[str], bool]:
        """What is in the output that no build wrote: the files (relative paths) and whether
        there is a folder either (one that holds none of the site's files, or a link). Looked
        for only when the output's folders are not as the cache knows them: a file added or
        removed changes its folder's modification time, as does a restore that lost them."""
        if self._tree is not None and folders_hash(str(self.folder), self._folders_of(self.previous)) == self._tree.folders:
            return set(), False
        needed = {posixpath.dirname(relative) for relative in self.previous}
        for folder in list(needed):
            while folder:
                folder = posixpath.dirname(folder)
                needed.add(folder)
        files, folders = set(), False
        for directory, subfolders, names in os.walk(self.folder):
            prefix = os.path.relpath(directory, self.folder).replace(os.sep, "/")
            prefix = "" if prefix == "." else prefix
            folders = folders or prefix not in needed or any(
                os.path.islink(os.path.join(directory, name)) for name in subfolders)
            files |= {relative for name in names
                      if (relative := f"{prefix}/{name}" if prefix else name) not in self.previous and relative != MARKER}
        return files, folders

    def _take_spare(self) -> tuple[Path, int | None] | None:
        """The spare tree renamed to a staging folder and claimed, when the cache knows it
        and its folders are as it left them; else None, having changed nothing."""
        spare = self._tree.spare if self._tree is not None else None
        if spare is None:
            return None
        found = self.folder.parent / f".{self.folder.name}.spare-{spare.token}"
        files = spare.files(self.previous)
        if not found.is_dir() or folders_hash(str(found), self._folders_of(files)) != spare.folders:
            return None
        claim = _claim(found)  # before the rename: `recover` leaves a held staging folder alone
        staging = self.folder.parent / f".{self.folder.name}.new-{spare.token}"
        try:
            os.rename(found, staging)
        except OSError:  # another build took it
            if claim is not None:
                os.close(claim)
            return None
        self.spare = files
        return staging, claim

    def _folders_of(self, files: Mapping[str, OutputEntry]) -> Folders:
        """The folders that hold `files` (see `spare.Folders`): the output's, the spare's
        and the new tree's files are most often the same, and their folders worked out once."""
        self._folders = Folders.of(files) if self._folders is None else self._folders.same(files)
        return self._folders

    def _spare_holds(self, relative: str, entry: OutputEntry) -> bool:
        """True when the spare tree being updated already holds `entry`'s file there."""
        if self.spare is None or not same_file(self.spare.get(relative), entry):
            return False
        try:
            stat = os.stat(self._staging_prefix + relative)
        except OSError:
            return False
        return stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns

    def _complete(self) -> None:
        """Complete the new tree: link the kept files from the output (where the spare
        does not already hold them) and remove from the spare what the site no longer has."""
        pending = set(self.pending)
        keep = [r for r in self.entries if r not in pending and r not in self._in_spare]
        if self.spare is not None:
            keep = [r for r in keep if not self._spare_holds(r, self.entries[r])]
            for relative in keep:
                _clear(self.staging, relative)
            for relative in sorted(self.spare.keys() - self.entries.keys()):
                # Gone from the site, or a folder now (of files written this build).
                stale = str(_inside(self.staging, relative))
                if os.path.lexists(stale) and not os.path.isdir(stale):
                    os.unlink(stale)
                _prune_empty(_inside(self.staging, relative).parent, self.staging)
        _link_all(self.folder, self.staging, keep)

    def _swap(self) -> Spare | None:
        """Make the complete tree in `staging` the output: one exchange of names, or two
        renames, the old site first moved away into a `.name.old-*` folder (claimed, so
        that no other build's `recover` takes it while this one runs). The old site is
        then kept as the spare (returned) when the cache knew its folders, else removed."""
        os.chmod(self.staging, 0o755)
        if not self.folder.exists():
            os.replace(self.staging, self.folder)
            return None
        self._claims.append(_claim(self.folder))
        if _exchange(self.staging, self.folder):  # one step: `staging` now holds the old site
            return self._keep(self.staging)
        old = Path(tempfile.mkdtemp(prefix=f".{self.folder.name}.old-", dir=self.folder.parent))
        os.replace(self.folder, old / self.folder.name)
        # A kill here leaves no output folder: the next build's `recover` puts `old` back.
        os.replace(self.staging, self.folder)
        spare = self._keep(old / self.folder.name)
        shutil.rmtree(old, ignore_errors=True)
        return spare

    def _keep(self, site: Path) -> Spare | None:
        """Keep the swapped-out `site` as the spare, or remove it when the cache does not
        know its folders (a build before spares, or one without a cache)."""
        if self._tree is None or not self._tree.folders:
            shutil.rmtree(site, ignore_errors=True)
            return None
        token = self.staging.name.rpartition("-")[2]
        os.rename(site, self.folder.parent / f".{self.folder.name}.spare-{token}")
        return Spare(token, differences(self.previous, self.entries), self._tree.folders)

    def _update(self) -> None:
        """Move the staged files into the output and remove what is gone (`in_place`)."""
        self._release()
        for relative in [*self.pending, MARKER]:
            target = _inside(self.folder, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / relative, target)
        for relative in sorted(self.previous.keys() - self.entries.keys()):
            target = _inside(self.folder, relative)
            target.unlink(missing_ok=True)
            _prune_empty(target.parent, self.folder)
            self.stats.removed += 1
            self.stats.gone.append(relative)
        shutil.rmtree(self.staging, ignore_errors=True)
        self.stats.written = len(self.pending)
        self.stats.changed = sorted(self.pending)

    def _release(self) -> None:
        for claim in self._claims:
            if claim is not None:
                os.close(claim)
        self._claims = []

    def _intact(self, relative: str, old: OutputEntry) -> bool:
        """Whether the output's file at `relative` is still as `old` records it (see
        `spare.written_as`); always, without `verify`."""
        return not self.verify or written_as(self._prefix + relative, old)


def mirror(source: Path, target: Path, entries: dict[str, OutputEntry]) -> dict[str, OutputEntry]:
    """Fill the empty `target` with hard links to `source`'s built files and a MARKER of its
    own (so that a build may replace it, see `check_output`); returns its entries.

    The two folders then share files, safely: builds never write into a file, they move a
    new one in place of it. The marker is not shared: builds lock it."""
    target.mkdir(parents=True, exist_ok=True)
    (target / MARKER).write_text(_MARKER_TEXT)
    copied = {}
    for relative, entry in entries.items():
        link = _inside(target, relative)
        link.parent.mkdir(parents=True, exist_ok=True)
        os.link(_inside(source, relative), link)
        copied[relative] = entry
    return copied


def _clear(top: Path, relative: str) -> None:
    """Remove what the spare `top` has at `relative`, never touching the output's copy of
    a shared file: its file (a link), its folder where the site now has a file, or the file
    standing where the site now has a folder."""
    path = os.path.join(top, relative)
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
        return
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except NotADirectoryError:  # a parent of it is a file
        parent = os.path.dirname(relative)
        while parent and not os.path.isfile(os.path.join(top, parent)):
            parent = os.path.dirname(parent)
        if parent:
            os.unlink(os.path.join(top, parent))


def _discard_spares(folder: Path) -> None:
    """Remove the spare trees beside `folder` that no build is about to use."""
    pattern = re.compile(_SPARE.format(name=re.escape(folder.name)))
    for entry in os.scandir(folder.parent):
        if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def _link_all(source: Path, target: Path, relatives: list[str]) -> None:
    """Hard-link each of `source`'s files named in `relatives` to the same place below
    `target`, or copy it with its times where hard links fail (another device, a file
    system without them, too many links). Raises OSError when a file is missing or
    cannot be copied either. (On strings, not `Path`s, and each folder made with one
    `mkdir`, parents first: the first build after a cold one links every file of the
    site, 15,000 at 5,000 articles.)"""
    here, there = f"{source}{os.sep}", f"{target}{os.sep}"
    for relative in relatives:
        _checked(relative)
    for folder in Folders.of(relatives).names[1:]:  # sorted: each after its parent
        with contextlib.suppress(FileExistsError):
            os.mkdir(there + folder)
    linking = True
    for relative in relatives:
        if linking:
            try:
                os.link(here + relative, there + relative)
                continue
            except FileNotFoundError:
                raise
            except OSError:
                linking = False  # this file system will not: copy the rest
        shutil.copy2(here + relative, there + relative)


_LEFTOVER = r"\.{name}\.(new|old)-[a-z0-9_]{{8}}"  # as tempfile.mkdtemp names them
_SPARE = r"\.{name}\.spare-[a-z0-9_]{{8}}"


def recover(folder: Path) -> None:
    """Undo what a killed build left beside `folder`: if `folder` is missing while a
    `.name.old-*` folder holds the site it replaced (killed between the two renames of the
    swap), rename that site back; then remove every `.name.new-*` and `.name.old-*` folder
    beside `folder` that no running build holds. Touches nothing else. Raises OSError when
    the file system refuses a rename."""
    parent = folder.parent
    if not parent.is_dir():
        return
    pattern = re.compile(_LEFTOVER.format(name=re.escape(folder.name)))
    leftovers = [
        Path(entry.path)
        for entry in os.scandir(parent)
        if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
    ]
    leftovers = [path for path in leftovers if not _claimed(path, folder.name)]
    if not os.path.lexists(folder):
        sites = [
            old / folder.name
            for old in leftovers
            if old.name.startswith(f".{folder.name}.old-") and (old / folder.name / MARKER).is_file()
        ]
        if sites:
            newest = max(sites, key=lambda site: site.parent.stat().st_mtime_ns)
            os.replace(newest, folder)
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2  # from Linux's <fcntl.h> and <linux/fs.h>


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders' names in one atomic step, with Linux's renameat2(RENAME_EXCHANGE)
    (through the C library: the stdlib has no binding). Returns False, having changed
    nothing, where that is not available: another system, a C library without renameat2,
    a kernel or file system without the flag (NFS, for one). Raises OSError for any other
    failure."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def _claim(folder: Path) -> int | None:
    """Hold `folder` for this process: its MARKER file (written if missing) opened and locked
    with `lockf`, a lock of this process alone, not of the worker processes it forks, and
    released when it closes the file or dies. Returns the descriptor to close, or None where
    there are no such locks. Raises OSError when the file cannot be made."""
    if sys.platform == "win32":
        if not (folder / MARKER).exists():
            (folder / MARKER).write_text(_MARKER_TEXT)
        return None
    import fcntl

    handle = os.open(folder / MARKER, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX)
        if os.fstat(handle).st_size == 0:  # written through this descriptor: closing another
            os.write(handle, _MARKER_TEXT.encode())  # one would drop the lock
    except BaseException:
        os.close(handle)
        raise
    return handle


def _claimed(leftover: Path, name: str) -> bool:
    """True when a running build holds `leftover` (see `_claim`): a staging folder, or a
    `.old-*` folder whose `name` inside is the site being swapped out; or it cannot be told."""
    if sys.platform == "win32":
        return False
    import fcntl

    marker = leftover / name / MARKER if leftover.name.startswith(f".{name}.old-") else leftover / MARKER
    try:
        handle = os.open(marker, os.O_RDWR)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)  # which also drops that lock
    return False


def _inside(folder: Path, relative: str) -> Path:
    """`folder / relative`, refusing any path that could end up outside `folder`."""
    return folder / _checked(relative)


def _checked(relative: str) -> str:
    """`relative`, an output path (`/` between its parts), when it names a file below the
    output folder; raises UnsafeOutput for any path that could end up outside it."""
    clean = posixpath.normpath(relative)
    if clean != relative or clean.startswith(("/", "..")) or clean == "." or "\\" in relative:
        raise UnsafeOutput(f"refusing to write {quoted(relative)} outside the output directory")
    return relative


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
_MARKER_TEXT = "This folder was built by sitegen, which may replace it.\n"


def check_output(
    output: Path, sources: Iterable[Path], known: Iterable[str] | None = None
) -> None:
    """Refuse an output directory that holds the site, or an existing folder that sitegen
    did not build: one that is not empty and has no MARKER file. Replacing it would delete
    files someone else put there; raises UnsafeOutput. (A folder built before the marker
    existed passes when every file in it is one the cache records writing there, `known`,
    or when it holds every file such a build wrote at its root.)"""
    resolved = output.resolve()
    if (source := overlapped(output, sources)) is not None:
        raise UnsafeOutput(f"output directory {output} overlaps the site's {source.name}")
    if not resolved.is_dir() or not any(resolved.iterdir()) or (resolved / MARKER).is_file():
        return
    if known is not None and _only(resolved, set(known)):
        return
    if all((resolved / name).is_file() for name in _BUILT_BEFORE_THE_MARKER):
        return
    raise UnsafeOutput(f"{output} exists and was not built by sitegen (it has no {MARKER} "
                       "file), so replacing it could delete files that are not sitegen's; "
                       "empty or remove it, or choose another output directory")  # fmt: skip


def overlapped(output: Path, sources: Iterable[Path]) -> Path | None:
    """The first of `sources` (the site's own files and folders, resolved) that the output
    folder `output` is, holds or lies in: a build, which replaces the output whole, would
    delete or write into it. None when the output is apart from them all."""
    resolved = output.resolve()
    for source in sources:
        source = source.resolve()
        if resolved == source or source.is_relative_to(resolved) or resolved.is_relative_to(source):
            return source
    return None


def _only(folder: Path, known: set[str]) -> bool:
    """Whether every file below `folder`, hidden ones included, is one of `known` (relative
    paths with `/`)."""
    for top, _, names in os.walk(folder):
        for name in names:
            if Path(top, name).relative_to(folder).as_posix() not in known:
                return False
    return True


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
