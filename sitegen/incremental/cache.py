"""The build cache: read results of unchanged sources, and what each output file was made from.

Kept in `.sitegen-cache/` in the site root (CI may keep it between runs), keyed by content
hashes and a salt that changes with sitegen's code and the settings reading depends on, so a
stale entry is never used: it only misses.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen import __version__

if TYPE_CHECKING:
    from sitegen.site.views import ViewMemo

CACHE_DIR = ".sitegen-cache"
_FORMAT = 3


@dataclass(frozen=True)
class OutputEntry:
    """One file in the output: the key of what made it, and its bytes' identity on disk."""

    key: str
    digest: str
    size: int
    mtime_ns: int


@dataclass
class Memo:
    """Work kept between the builds of one process (`serve`), never saved: each entry holds
    what it was made from, and is used only when that is unchanged."""

    views: ViewMemo | None = None  # article views, made by the first build
    page_keys: dict[Any, str] = field(default_factory=dict)  # page identity → key
    urls: dict[str, str] = field(default_factory=dict)  # source → its article's URL


@dataclass
class Cache:
    """In memory for one build or a whole `serve` session; `save()` writes it back.

    Read results, most of the cache's bytes, are saved in shards by source path, and only
    the shards that changed are written again: one edited article rewrites one shard."""

    folder: Path | None  # None: memory only
    salt: str = ""
    stamps: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # (size, mtime, digest)
    outputs: dict[str, dict[str, OutputEntry]] = field(default_factory=dict)  # by output dir
    compiled: dict[str, bytes] = field(default_factory=dict)  # Jinja's bytecode, by template
    references: dict[str, Any] = field(default_factory=dict)  # template hash → names it uses
    changed: bool = False  # anything to save?
    memo: Memo = field(default_factory=Memo)
    _reads: dict[str, tuple[str, Any]] = field(default_factory=dict)  # source → (digest, result)
    _dirty: set[int] = field(default_factory=set)  # shards of `_reads` changed since loaded
    _packed: dict[int, bytes] = field(default_factory=dict)  # whole shards, pickled by workers
    _loaded_salt: str | None = None

    @classmethod
    def open(cls, folder: Path | None, *, in_memory: bool = False) -> Cache:
        """The cache saved in `folder`; `in_memory` keeps it there, never saving it back."""
        cache = cls(None if in_memory else folder)
        stored = _load(folder / _MAIN) if folder is not None else None
        if folder is None or stored is None:
            return cache
        cache.stamps, cache.outputs = stored["stamps"], stored["outputs"]
        cache.compiled, cache.references = stored["compiled"], stored["references"]
        cache._loaded_salt = stored["salt"]
        for shard in range(_SHARDS):
            part = _load(folder / _shard_name(shard))
            if part is not None and part["salt"] == stored["salt"]:
                cache._reads.update(part["reads"])
        return cache

    @property
    def reads(self) -> Mapping[str, tuple[str, Any]]:
        return self._reads

    def store_read(self, source: str, key: str, result: Any) -> None:
        self._reads[source] = (key, result)
        self._touch(shard_of(source))

    def drop_read(self, source: str) -> None:
        del self._reads[source]
        self._touch(shard_of(source))

    def empty_shards(self) -> set[int]:
        """Shards holding no read result: ones that `adopt_shard` may fill whole."""
        return set(range(_SHARDS)) - {shard_of(source) for source in self._reads}

    def adopt_shard(self, shard: int, packed: bytes) -> Mapping[str, tuple[str, Any]]:
        """Take an empty shard's read results (see `empty_shards`) as `pack_shard` pickled
        them (in a worker process, while reading); they are saved as these bytes, not pickled
        again."""
        with _long_lived():
            reads: dict[str, tuple[str, Any]] = pickle.loads(packed)["reads"]
        self._reads.update(reads)
        self._dirty.discard(shard)
        self._packed[shard] = packed
        self.changed = True
        return reads

    def _touch(self, shard: int) -> None:
        self._dirty.add(shard)
        self._packed.pop(shard, None)
        self.changed = True

    def use_salt(self, salt: str) -> None:
        """Drop read results made under other settings or another version of sitegen."""
        if self._loaded_salt not in (None, salt) or (self.salt and self.salt != salt):
            self._reads.clear()
            self._packed.clear()
            self._dirty.update(range(_SHARDS))
            self.changed = True
        self.salt = self._loaded_salt = salt

    def save(self) -> None:
        if self.folder is None:
            return
        # Shards first, the main file last: a shard saved under another salt than the main
        # file's (a build stopped in between) is ignored when loading, never trusted.
        self.save_reads()
        main = {"stamps": self.stamps, "outputs": self.outputs,
                "compiled": self.compiled, "references": self.references}  # fmt: skip
        self._write(_MAIN, _pack(self.salt, main))
        self.changed = False

    def save_reads(self) -> None:
        """Write the shards of read results that changed. A build calls it before rendering,
        so that the shards its reading workers pickled are not held (and inherited by the
        render workers) meanwhile; `save` writes what is left and the main file."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        by_shard: dict[int, dict[str, tuple[str, Any]]] = {shard: {} for shard in self._dirty}
        for source, entry in self._reads.items():
            if (shard := shard_of(source)) in by_shard:
                by_shard[shard][source] = entry
        for shard, packed in sorted(self._packed.items()):
            self._write(_shard_name(shard), packed)
        for shard, reads in sorted(by_shard.items()):
            self._write(_shard_name(shard), pack_shard(self.salt, reads))
        self._dirty.clear()
        self._packed.clear()

    def _write(self, name: str, packed: bytes) -> None:
        assert self.folder is not None
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".cache-")
        with os.fdopen(handle, "wb") as out:
            out.write(packed)
        os.replace(temporary, self.folder / name)


def pack_shard(salt: str, reads: Mapping[str, tuple[str, Any]]) -> bytes:
    """A shard file's bytes: the read results of its sources, pickled with the cache's salt."""
    return _pack(salt, {"reads": dict(reads)})


def _pack(salt: str, data: dict[str, Any]) -> bytes:
    stored = {"format": _FORMAT, "version": __version__, "salt": salt, **data}
    return pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)


_MAIN = "cache.pickle"
_SHARDS = 16


def shard_of(source: str) -> int:
    return zlib.crc32(source.encode()) % _SHARDS


def _shard_name(shard: int) -> str:
    return f"reads-{shard:02d}.pickle"


def _load(path: Path) -> dict[str, Any] | None:
    """A saved part of the cache, or None when it is missing, damaged or from another sitegen."""
    try:
        with path.open("rb") as handle, _long_lived():
            stored = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError):
        return None  # a damaged cache is only a slower build
    if not isinstance(stored, dict):
        return None
    if stored.get("format") != _FORMAT or stored.get("version") != __version__:
        return None
    return stored


@contextmanager
def _long_lived() -> Iterator[None]:
    """For making objects that live as long as the process: the cyclic garbage collector
    would walk them all several times while they are made (at 5,000 articles, loading takes
    0.29 s instead of 0.11 s) and again at every full collection after, so it is paused and
    they are then moved out of its sight (`gc.freeze`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def code_salt(*parts: object) -> str:
    """A hash of sitegen's own code (so an upgrade or a local edit misses) and `parts`."""
    package = Path(__file__).parent
    stamp = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(package.glob("*.py"))]
    return digest(repr((__version__, stamp, parts)).encode())
