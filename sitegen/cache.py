"""The build cache: read results of unchanged sources, and what each output file was made from.

Kept in `.sitegen-cache/` in the site root (CI may keep it between runs), keyed by content
hashes and a salt that changes with sitegen's code and the settings reading depends on, so a
stale entry is never used: it only misses.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__

CACHE_DIR = ".sitegen-cache"
_FORMAT = 2


@dataclass(frozen=True)
class OutputEntry:
    """One file in the output: the key of what made it, and its bytes' identity on disk."""

    key: str
    digest: str
    size: int
    mtime_ns: int


@dataclass
class Cache:
    """In memory for one build or a whole `serve` session; `save()` writes it back."""

    folder: Path | None  # None: memory only
    salt: str = ""
    reads: dict[str, tuple[str, Any]] = field(default_factory=dict)  # source → (digest, result)
    stamps: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # (size, mtime, digest)
    outputs: dict[str, dict[str, OutputEntry]] = field(default_factory=dict)  # by output dir
    changed: bool = False  # anything to save?
    _loaded_salt: str | None = None

    @classmethod
    def open(cls, folder: Path | None, *, in_memory: bool = False) -> Cache:
        """The cache saved in `folder`; `in_memory` keeps it there, never saving it back."""
        cache = cls(None if in_memory else folder)
        if folder is not None and (folder / "cache.pickle").is_file():
            try:
                with (folder / "cache.pickle").open("rb") as handle:
                    stored = pickle.load(handle)
                if stored.get("format") == _FORMAT and stored.get("version") == __version__:
                    cache.reads = stored["reads"]
                    cache.stamps = stored["stamps"]
                    cache.outputs = stored["outputs"]
                    cache._loaded_salt = stored["salt"]
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError):
                pass  # a damaged cache is only a slower build
        return cache

    def use_salt(self, salt: str) -> None:
        """Drop read results made under other settings or another version of sitegen."""
        if self._loaded_salt not in (None, salt) or (self.salt and self.salt != salt):
            self.reads.clear()
            self.changed = True
        self.salt = self._loaded_salt = salt

    def save(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        stored = {"format": _FORMAT, "version": __version__, "salt": self.salt,
                  "reads": self.reads, "stamps": self.stamps, "outputs": self.outputs}  # fmt: skip
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".cache-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(stored, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.folder / "cache.pickle")
        self.changed = False


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def code_salt(*parts: object) -> str:
    """A hash of sitegen's own code (so an upgrade or a local edit misses) and `parts`."""
    package = Path(__file__).parent
    stamp = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(package.glob("*.py"))]
    return digest(repr((__version__, stamp, parts)).encode())
