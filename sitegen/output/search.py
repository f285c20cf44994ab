"""Search: the article pages as built, indexed by Pagefind into `pagefind/` in the output.

Pagefind (https://pagefind.app) runs as the binary the `pagefind-bin` package ships,
through its documented command line. Each article page's HTML, as written this build, is
given to it at its path in the site, so its URL is the one from the site's root (the
search page gives the base path to Pagefind's UI); Pagefind reads
what the layouts marked (`data-pagefind-body`, `-filter`, `-meta`, see
`layouts/partials/search_data.html`) and stems Swedish. The bundle it writes (the index,
the fragments, its scripts and its UI) is put into the output through the build's
target like every other file, so it is swapped in with the rest of the site, atomically.

Pagefind cannot update an index in place, so indexing is all or nothing, and it is
skipped when it would give the same files: the index's key is a hash of every article
page's bytes (their digests, as the target knows them), their URLs, the language and
Pagefind's version; when the output already holds an index made with that key, its
files are kept. Pagefind's own output is not quite a function of its input (see
`stable`), so the bundle is made one before it is written; `tests/test_search.py` builds
twice and compares.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol

from sitegen.errors import BuildError, Problem
from sitegen.incremental.fingerprint import digest
from sitegen.output.spare import OutputEntry

FOLDER = "pagefind"  # the bundle's folder in the output, Pagefind's default name


class SearchTarget(Protocol):
    """What indexing needs of the build's target (`write.Output`)."""

    entries: dict[str, OutputEntry]

    def unchanged(self, relative: str, key: str) -> bool: ...
    def write(self, relative: str, key: str, data: bytes) -> None: ...
    def read(self, relative: str) -> bytes: ...


@dataclass(frozen=True)
class Indexed:
    """What indexing did: `pages` given to Pagefind (0 when skipped), `seconds` it took
    (wall-clock, Pagefind's process included), `skipped` when the output's index was kept."""

    pages: int
    seconds: float
    skipped: bool


# Who asks for the index, for its errors: `search: true`, where config.yaml's line is unknown.
SEARCH_SETTING = Problem("config.yaml", None, None, "search", "the search index")


def index_pages(
    pages: Sequence[str],
    target: SearchTarget,
    previous: Mapping[str, OutputEntry],
    language: str,
    setting: Problem = SEARCH_SETTING,
) -> Indexed:
    """Index `pages` (the output paths of the article pages, as written this build) into
    `FOLDER/` through `target`; each page's URL is the one its path gives, from the site's
    root (the search page gives Pagefind's UI the base path as `baseUrl`). `previous` is what the output held
    before this build (output path → entry). With no pages, no index is written (the search
    page then offers its links by topic and kommun, as without JavaScript). Raises
    BuildError when Pagefind cannot run, told at `setting` (`search: true`, at its line
    in config.yaml)."""
    start = time.perf_counter()
    ordered = sorted(pages)
    if not ordered:  # nothing published yet (a new site's one draft): Pagefind refuses an empty
        return Indexed(0, time.perf_counter() - start, False)  # site; /sok/ shows its indexes
    key = digest(repr((_pagefind_version(), language,
                       [(path, target.entries[path].digest) for path in ordered])).encode())  # fmt: skip
    kept = [path for path, entry in previous.items() if path.startswith(f"{FOLDER}/") and entry.key == key]
    if kept and all(target.unchanged(path, key) for path in sorted(kept)):
        return Indexed(0, time.perf_counter() - start, True)
    documents = [(path, target.read(path)) for path in ordered]
    for relative, data in _pagefind(documents, language, setting):
        target.write(f"{FOLDER}/{relative}", key, data)
    return Indexed(len(documents), time.perf_counter() - start, False)


def _pagefind(documents: list[tuple[str, bytes]], language: str, setting: Problem) -> list[tuple[str, bytes]]:
    """Pagefind's bundle for these documents (output path, HTML): (path in the bundle,
    bytes), sorted. The pages are put in a temporary folder as they are in the site, so
    that Pagefind gives each the URL the site gives it (`2016/01/ale/index.html` →
    `/2016/01/ale/`), and the `pagefind` binary indexes it, as its command line is
    documented. (Pagefind's Python API reads one answer per tenth of a second, so one
    call per page takes minutes for a large site; the binary takes a second or two.)"""
    binary = _binary(setting)
    _sweep(Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(prefix=_TEMPORARY) as folder:
        site, bundle = Path(folder) / "site", Path(folder) / "bundle"
        for relative, html in documents:
            path = site / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(html)
        command = [str(binary), "--site", str(site), "--output-path", str(bundle),
                   "--force-language", language, "--silent"]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise _problem(setting, f"could not run Pagefind ({binary}): {exc}") from exc
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise _problem(setting, f"Pagefind failed (exit status {done.returncode}): "
                           f"{said[-1] if said else 'it said nothing'}")  # fmt: skip
        found = {p.relative_to(bundle).as_posix(): p.read_bytes()
                 for p in bundle.rglob("*") if p.is_file()}  # fmt: skip
    if "pagefind-entry.json" not in found:
        raise _problem(setting, "Pagefind wrote no index")
    return sorted(stable(found).items())


_TEMPORARY = "sitegen-pagefind-"  # the working folders' prefix, in the system's temporary folder
_STALE = 24 * 3600  # seconds: a working folder untouched this long is a killed build's


def _sweep(folder: Path, now: float | None = None) -> None:
    """Remove the working folders (`_TEMPORARY*` in `folder`) that builds killed while
    indexing left behind (SIGKILL runs no clean-up): those untouched for `_STALE` seconds.
    A running build's folder is younger: it writes into it as it starts."""
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            stale = entry.name.startswith(_TEMPORARY) and now - entry.stat(follow_symlinks=False).st_mtime > _STALE
            if stale and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue


def _binary(setting: Problem) -> Path:
    """The `pagefind` binary the `pagefind-bin` package ships."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise _problem(setting, f"the pagefind-bin package is missing ({exc}); install sitegen's "
                       "dependencies again: pip install -e .") from exc  # fmt: skip
    try:
        return Path(get_executable())
    except FileNotFoundError as exc:
        raise _problem(setting, f"the pagefind-bin package has no binary: {exc}") from exc


def stable(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's bundle (path → bytes) made a function of its input. Pagefind lists each
    filter's values in a hash map's order, which differs from run to run (Pagefind issue
    #638: since 1.3 the fragments are stable, "the filter/metadata indexes" are not), and
    names files by the hash of their bytes. So each `filter/*.pf_filter` gets its values
    sorted and a name made from its new bytes, and the metadata file, which names the
    filter files, and `pagefind-entry.json`, which names it, follow. A bundle in a form
    this does not know is returned as it is (then a test comparing two builds fails)."""
    try:
        return _stable(bundle)
    except (ValueError, OSError, EOFError, KeyError):
        return bundle


def _stable(bundle: dict[str, bytes]) -> dict[str, bytes]:
    found = dict(bundle)
    renamed: dict[str, str] = {}  # old name → new, without folder and suffix ("sv_acdef53")
    for path in sorted(p for p in bundle if p.startswith("filter/") and p.endswith(".pf_filter")):
        data = _sorted_filter(gzip.decompress(bundle[path]))
        old = path.removeprefix("filter/").removesuffix(".pf_filter")
        renamed[old] = _name(old, data)
        del found[path]
        found[f"filter/{renamed[old]}.pf_filter"] = gzip.compress(data, mtime=0)
    metas = [p for p in bundle if p.startswith("pagefind.") and p.endswith(".pf_meta")]
    entry = bundle["pagefind-entry.json"].decode("utf-8")
    for path in metas:
        data = _sorted_meta(gzip.decompress(bundle[path]))
        for old, new in renamed.items():
            if data.count(old.encode()) != 1:
                raise ValueError(f"{old} named {data.count(old.encode())} times in {path}")
            data = data.replace(old.encode(), new.encode())  # as long: CBOR lengths hold
        old = path.removeprefix("pagefind.").removesuffix(".pf_meta")
        new = _name(old, data)
        if entry.count(f'"{old}"') != 1:
            raise ValueError(f"{old} not named once in pagefind-entry.json")
        entry = entry.replace(f'"{old}"', f'"{new}"')
        del found[path]
        found[f"pagefind.{new}.pf_meta"] = gzip.compress(data, mtime=0)
    found["pagefind-entry.json"] = entry.encode("utf-8")
    return found


def _name(old: str, data: bytes) -> str:
    """A name like Pagefind's (`sv_` and hex digits, as many as it used) for `data`."""
    language, _, digits = old.rpartition("_")
    return f"{language}_{hashlib.sha256(data).hexdigest()[: len(digits)]}"


_MAGIC = b"pagefind_dcd"  # what Pagefind's index files start with, then CBOR


def _sorted_filter(data: bytes) -> bytes:
    """A filter index with its values in byte order. Its layout (Pagefind 1.x): the magic
    bytes, then CBOR [name, [[value, [page, …]], …]]; ValueError for anything else."""
    at = _pair_start(data)
    at = _skip(data, at)  # the filter's name
    values, end = _sorted_pairs(data, at)
    if end != len(data):
        raise ValueError("bytes after the filter index")
    return data[:at] + values


def _sorted_meta(data: bytes) -> bytes:
    """The metadata index with its lists of filters and of sort keys (items 3 and 4 of
    [version, pages, index chunks, filters, sorts, …], each [[name, …], …]) in byte
    order of their names; the other items, whose order means something (a page's number
    is its place), as they are."""
    if not data.startswith(_MAGIC):
        raise ValueError("not a Pagefind index file")
    major, count, at = _head(data, len(_MAGIC))
    if major != 4 or count < 5:
        raise ValueError("the metadata index is not the array this reader knows")
    parts = [data[:at]]
    for item in range(count):
        if item in (3, 4):
            sorted_items, at = _sorted_pairs(data, at)
            parts.append(sorted_items)
        else:
            end = _skip(data, at)
            parts.append(data[at:end])
            at = end
    if at != len(data):
        raise ValueError("bytes after the metadata index")
    return b"".join(parts)


def _pair_start(data: bytes) -> int:
    if not data.startswith(_MAGIC):
        raise ValueError("not a Pagefind index file")
    major, count, at = _head(data, len(_MAGIC))
    if (major, count) != (4, 2):
        raise ValueError("a filter index is a pair")
    return at


def _sorted_pairs(data: bytes, at: int) -> tuple[bytes, int]:
    """The CBOR array at `at` of arrays that each start with text, its items in byte order
    of that text (each item's bytes as they were), and where the array ends."""
    major, count, start = _head(data, at)
    if major != 4:
        raise ValueError("expected an array")
    items = []
    end = start
    for _ in range(count):
        item, end = end, _skip(data, end)
        kind, _, inner = _head(data, item)
        text_kind, length, text = _head(data, inner)
        if (kind, text_kind) != (4, 3):
            raise ValueError("expected arrays that start with text")
        items.append((data[text : text + length], data[item:end]))
    return data[at:start] + b"".join(raw for _, raw in sorted(items)), end


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """A CBOR item's major type and argument, and where what follows the head starts."""
    first = data[at]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError("a CBOR length this reader does not know")
    return major, int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def _skip(data: bytes, at: int) -> int:
    """Where the CBOR item at `at` ends: unsigned integers, text and arrays only."""
    major, argument, at = _head(data, at)
    if major == 0:
        return at
    if major == 3:
        return at + argument
    if major == 4:
        for _ in range(argument):
            at = _skip(data, at)
        return at
    raise ValueError(f"CBOR major type {major} in a filter index")


def _pagefind_version() -> str:
    try:
        return version("pagefind-bin")
    except PackageNotFoundError:
        return "missing"


def _problem(setting: Problem, message: str) -> BuildError:
    return BuildError([replace(setting, message=message)])
