"""Listing a site folder's files: visible ones only, in a stable order, fast for thousands."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

# Hidden names that are published all the same: `.well-known/` (RFC 8615: security.txt,
# the files that prove a domain is yours) and Apache's `.htaccess`.
PUBLISHED_HIDDEN = frozenset({".well-known", ".htaccess"})


# Copies editors and programs leave beside a file: never meant for readers (a backup of a
# draft would publish its text), so never published, nor read as templates.
_LEFT_BESIDE = (".bak", ".orig", ".old", ".save", ".tmp", ".swp", ".swo", ".kate-swp", "~")
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "icon\r", "ehthumbs.db"})  # Windows', macOS's

FileStamp = tuple[int, int, int]  # (size in bytes, modification time ns, status-change time ns)


def file_stamp(stat: os.stat_result) -> FileStamp:
    """What tells, without reading a file, whether it may have changed since it was last
    seen: its size, its modification time and its status-change time (ctime). Whatever
    is remembered of a file by its stamp (the cache's hashes, images' measures) is trusted
    only while all three are the same. The ctime is in it because `chmod`, `chown` and
    `setfacl` change who may read a file without touching its modification time: each sets
    the ctime, so a file made unreadable after a build is read again (and refused, as a
    build without the cache refuses it), as git's `core.trustctime` has it. A rename or a
    restore from a backup sets the ctime too: the file is then only hashed again."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def last_changed(stamp: FileStamp) -> int:
    """When (ns) a file's bytes or its permissions last changed, as its stamp tells: the
    later of its two times (for git's "racy" rule, which trusts a stamp only once older)."""
    return max(stamp[1], stamp[2])


def hidden(name: str) -> bool:
    """Whether a file or folder `name` is left out of the site: a name starting with '.'
    (`.DS_Store`, `.git`, Vim's `.ale.md.swp`), except those of PUBLISHED_HIDDEN; an
    editor's backup or autosave (`ale.md~`, `ale.md.bak`, `.orig`, `.old`, `.save`, `.tmp`,
    Emacs's `#ale.md#`), an Office lock file (`~$avtal.docx`) and the files Windows and
    macOS leave in folders (`Thumbs.db`, `desktop.ini`, `Icon\r`), as Jekyll and Hugo leave
    such files out."""
    if name.startswith("."):
        return name not in PUBLISHED_HIDDEN
    lower = name.lower()
    return (lower.endswith(_LEFT_BESIDE) or lower in _SYSTEM_FILES or name.startswith("~$")
            or (len(name) > 1 and name.startswith("#") and name.endswith("#")))  # fmt: skip


def visible_files(folder: Path, within: Path | None = None) -> list[str]:
    """Relative POSIX paths of the files below `folder`, skipping anything hidden (see `hidden`).

    With `within`, symbolic links that lead outside that folder (the site root) are left
    out, so that nothing from elsewhere on the machine is published; `escaping_links`
    names them. Linked folders are never followed. Names that are not UTF-8 are left out
    (and what is below such a folder): `undecodable_names` tells them."""
    found = []
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = [d for d in subdirectories if not hidden(d) and not undecodable(d)]
        prefix = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        shown = [name for name in names if not hidden(name) and not undecodable(name)]
        if within is not None:
            shown = [n for n in shown if not _escapes(os.path.join(directory, n), within)]
        found += [prefix + name for name in shown]
    return sorted(found)


def unlisted_folders(folder: Path) -> list[tuple[str, OSError]]:
    """(path below `folder`, "" for itself, and the error) of each visible folder the
    operating system would not list (no permission to read it): `visible_files`, as
    `os.walk` does, passes over them without a word, and with them their files."""
    refused: list[tuple[str, OSError]] = []

    def note(exc: OSError) -> None:
        relative = os.path.relpath(exc.filename, folder).replace(os.sep, "/") if exc.filename else ""
        refused.append(("" if relative == "." else relative, exc))

    if not folder.is_dir():
        return []
    for _, subdirectories, _ in os.walk(folder, onerror=note):
        subdirectories[:] = [d for d in subdirectories if not hidden(d) and not undecodable(d)]
    return sorted(refused, key=lambda found: found[0])


def undecodable(name: str) -> bool:
    """Whether a file or folder name as Python read it from the disk is not UTF-8: each
    byte that is not is kept as a lone surrogate (PEP 383), which no text can hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def shown(name: str) -> str:
    """`name` as a message can print it: each byte that is not UTF-8 as `\\xNN` (`ab\\xff.md`)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def latin1_guess(name: str) -> str:
    """`name` with each byte that is not UTF-8 read as Windows-1252 (Latin-1) instead,
    the encoding such names most often come in (`\\xe4` → `ä`)."""
    return "".join(bytes([ord(c) - 0xDC00]).decode("cp1252", "replace") if "\udc80" <= c <= "\udcff" else c
                   for c in name)  # fmt: skip


def undecodable_names(folder: Path) -> list[tuple[str, bool]]:
    """(path below `folder`, whether a folder) of each visible file or folder below
    `folder` whose name is not UTF-8 (see `undecodable`), in raw form; a folder so named is
    told once, not what is inside it. Linked folders are never followed."""
    found = []
    for directory, subdirectories, names in os.walk(folder):
        prefix = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found += [(prefix + d, True) for d in subdirectories if not hidden(d) and undecodable(d)]
        found += [(prefix + n, False) for n in names if not hidden(n) and undecodable(n)]
        subdirectories[:] = [d for d in subdirectories if not hidden(d) and not undecodable(d)]
    return sorted(found)


def escaping_links(folder: Path, within: Path) -> list[tuple[str, str]]:
    """(path below `folder`, where it leads) of each visible symbolic link below `folder`
    that leads outside `within`, or into a folder (neither is ever followed)."""
    found = []
    for directory, subdirectories, names in os.walk(folder):
        subdirectories[:] = [d for d in subdirectories if not hidden(d) and not undecodable(d)]
        for name in [*subdirectories, *names]:
            if undecodable(name):
                continue  # told by `undecodable_names`
            path = os.path.join(directory, name)
            leaves = _escapes(path, within) or os.path.isdir(path)
            if not hidden(name) and os.path.islink(path) and leaves:
                relative = os.path.relpath(path, folder).replace(os.sep, "/")
                found.append((relative, os.readlink(path)))
    return sorted(found)


def _escapes(path: str, within: Path) -> bool:
    if not os.path.islink(path):
        return False
    return not Path(os.path.realpath(path)).is_relative_to(within.resolve())


def nfc(name: str) -> str:
    """`name` in Unicode's composed form (NFC), as text is written: macOS writes file names
    decomposed (`o` + combining diaeresis for `ö`), and links in text name them composed."""
    return unicodedata.normalize("NFC", name)


def unicode_twins(paths: list[str]) -> list[tuple[str, str]]:
    """(first, second) for each path of `paths` that names the same file as an earlier one
    once both are in NFC: `älv.gif` with `ä` as one character and with `a` and a combining
    mark. Linux keeps both; macOS, links in text and the web's addresses see one name."""
    first: dict[str, str] = {}
    twins = []
    for path in paths:
        known = first.setdefault(nfc(path), path)
        if known != path:
            twins.append((known, path))
    return twins


def find_file(folder: Path, relative: str) -> Path | None:
    """The file at POSIX path `relative` below `folder`, each name compared in NFC, so that
    `älv.gif` in text finds a file whose name was written decomposed; None when there is
    no such file. `relative` must not climb out of `folder` (no `..`)."""
    exact = folder / relative
    try:
        if exact.is_file():
            return exact
    except OSError:  # a name longer than the file system allows (ENAMETOOLONG): no such file
        return None
    current = folder
    for part in relative.split("/"):
        try:
            names = os.listdir(current)
        except OSError:
            return None
        wanted = nfc(part)
        match = next((name for name in sorted(names) if nfc(name) == wanted), None)
        if match is None:
            return None
        current = current / match
    return current if current.is_file() else None
