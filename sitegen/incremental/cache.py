"""The build cache on disk: read results of unchanged sources, and what made each output file.

Kept in `.sitegen-cache/` in the site root, which CI may keep between runs and restore in a
fresh clone at another path: nothing in it names an absolute path or a modification time
of sitegen's files, and everything in it is keyed by content hashes (of the sources, of
sitegen's code, of the settings reading depends on). It holds plain JSON, never pickle, so
a cache restored from someone else's pull request cannot run code. Each file starts with a
line that carries the format, the version of sitegen's code that wrote it and a checksum
(CRC-32) of the rest: a truncated, damaged or foreign file is ignored with one line of
notice, and a file from other code, like any stale entry, only misses. Either way the
build is slower, never different.

Read results, most of the cache's bytes, are saved in 16 shards by source path, and only
the shards that changed are written again: one edited article rewrites one shard. The
results of a few pure steps that every build would otherwise work out again (related
reading, the images' measures) are kept each in a file of its own (`recall`, `keep`).
"""

from __future__ import annotations

import mmap
import os
import tempfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.content.model import ReadResult
from sitegen.incremental import jsonio
from sitegen.incremental.code import code_version
from sitegen.incremental.codec import Codec, CodecError
from sitegen.incremental.fingerprint import digest
from sitegen.output.spare import OutputEntry, Spare, Tree

CACHE_DIR = ".sitegen-cache"
_FORMAT = 8  # the layout of the files; sitegen's code version is checked too
_MAGIC = b"sitegen-cache"
_MAIN = "index.json"
_SHARDS = 16
_OUTPUTS = 4  # output folders remembered


def output_name(output: Path, root: Path) -> str:
    """How the cache names an output folder: by its path relative to the site root when it
    is inside it (`public`), else by a hash of its absolute path, so that no absolute path
    is ever saved."""
    resolved, root = output.resolve(), root.resolve()
    if resolved.is_relative_to(root):
        return resolved.relative_to(root).as_posix()
    return "elsewhere-" + digest(str(resolved).encode())


@dataclass(frozen=True)
class _Entry:
    """A read result as a shard stores it (see `Cache.reads`)."""

    key: str
    salt: str
    result: ReadResult
    fingerprint: str


_CODEC = Codec(_Entry)

Stamp = tuple[int, int, int, str]  # a file's stamp (`content.files.file_stamp`) and content hash


@dataclass
class Cache:
    """The cache in memory, for one build or a whole `serve` session; `save()` writes it back.

    `reads`: source → (hash of its bytes, the salt it was read under, its read result, the
    fingerprint of its article or "");
    `outputs`: output folder (relative to the site root where inside it) → file → entry;
    `stamps`: source → (size, mtime, ctime, hash), so that an unchanged file is not hashed again;
    `references`: a template source's hash → the templates it names (None: a computed name);
    `trees`: output folder → what is known of its folders and of the spare kept beside it.
    `notices` says what was ignored when loading, one line each.
    """

    folder: Path | None  # None: memory only
    _reads: dict[str, tuple[str, str, ReadResult, str]] | None = None  # loaded on first use
    _from: Path | None = None  # the folder it was loaded from
    outputs: dict[str, dict[str, OutputEntry]] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)
    references: dict[str, list[str | None]] = field(default_factory=dict)
    trees: dict[str, Tree] = field(default_factory=dict)
    snapshot: Any = None  # what the last build saw, as `incremental.unchanged` keeps it
    notices: list[str] = field(default_factory=list)
    _dirty: set[int] = field(default_factory=set)  # shards of `reads` changed since loaded
    _encoded: dict[int, tuple[bytes, bytes]] = field(default_factory=dict)  # see `encode_reads`
    _main_dirty: bool = False
    # Saved results of pure steps (see `recall`), by name: loaded on first use, and which to save.
    _memos: dict[str, dict[str, Any]] = field(default_factory=dict)
    _memos_dirty: dict[str, Codec] = field(default_factory=dict)
    # Before `reads` is loaded: each shard's entries as parsed JSON (with its raw part), for
    # `read_of`, and the readings stored since (see `store_read`).
    _parsed: dict[int, tuple[dict[str, Any], memoryview] | None] = field(default_factory=dict)
    _stored: dict[str, tuple[str, str, ReadResult, str]] = field(default_factory=dict)
    _files: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # see `keep_file`

    @classmethod
    def open(cls, folder: Path | None, *, in_memory: bool = False) -> Cache:
        """The cache saved in `folder` (an empty one if there is none); `in_memory` keeps it
        there, never saving it back. Never raises: what cannot be used is left out."""
        cache = cls(None if in_memory else folder)
        if folder is None or not folder.is_dir():
            return cache
        cache._from = folder
        main = cache._load(folder / _MAIN)
        if main is not None:
            try:
                cache.stamps = {s: (int(a), int(b), int(c), str(d)) for s, (a, b, c, d) in main["stamps"].items()}
                cache.outputs = {
                    out: {rel: OutputEntry(*entry) for rel, entry in files.items()}
                    for out, files in main["outputs"].items()
                }
                cache.references = dict(main["references"])
                cache.trees = {out: _tree(found) for out, found in main["trees"].items()}
                cache.snapshot = main.get("snapshot")
            except (KeyError, TypeError, ValueError, AttributeError):
                cache.notices.append(f"ignored {_MAIN} in {CACHE_DIR}/: not a cache this sitegen wrote")
                cache.stamps, cache.outputs, cache.references, cache.trees = {}, {}, {}, {}
        return cache

    @property
    def reads(self) -> dict[str, tuple[str, str, ReadResult, str]]:
        """The read results, loaded from the shards the first time they are asked for (a
        build that finds nothing changed never needs them)."""
        if self._reads is None:
            self._reads = {}
            if self._from is not None:
                for shard in range(_SHARDS):
                    self._load_shard(shard)
            self._reads.update(self._stored)
            self._parsed, self._stored = {}, {}
        return self._reads

    def read_of(self, source: str) -> tuple[str, str, ReadResult, str] | None:
        """What `reads` holds for `source`, decoding that one entry alone while `reads` is
        not loaded (a build that needs a few articles of thousands); None when there is none
        or it cannot be decoded."""
        if self._reads is not None:
            return self._reads.get(source)
        if source in self._stored:
            return self._stored[source]
        shard = shard_of(source)
        if shard not in self._parsed:
            self._parsed[shard] = self._parse_shard(shard)
        parsed = self._parsed[shard]
        if parsed is None or source not in parsed[0]:
            return None
        try:
            return _decode_entry(source, parsed[0][source], parsed[1])
        except CodecError:
            return None

    def set_snapshot(self, snapshot: Any) -> None:
        if snapshot != self.snapshot:
            self.snapshot = snapshot
            self._main_dirty = True

    def store_read(
        self, source: str, key: str, salt: str, result: ReadResult, fingerprint: str
    ) -> None:
        """Keep `result`, read from bytes hashing to `key` under settings hashing to `salt`,
        and the fingerprint of its article."""
        if self._reads is None:  # kept aside, not loading every shard for one reading
            self._stored[source] = (key, salt, result, fingerprint)
        else:
            self._reads[source] = (key, salt, result, fingerprint)
        self._dirty.add(shard_of(source))
        self._encoded.pop(shard_of(source), None)

    def drop_read(self, source: str) -> None:
        if self.reads.pop(source, None) is not None:
            self._dirty.add(shard_of(source))
            self._encoded.pop(shard_of(source), None)
        if self.stamps.pop(source, None) is not None:
            self._main_dirty = True

    def encode_reads(self) -> None:
        """Encode the shards of readings changed since the last save now, for `save` to
        write as they are unless a reading of theirs changes meanwhile: a build does it
        while other processes make its image variants, so that the work is not left for
        the end, when nothing else runs."""
        for shard in self._dirty - self._encoded.keys():
            self._encoded[shard] = self._shard_file(shard)

    def keep_stamp(self, source: str, stamp: Stamp) -> None:
        if self.stamps.get(source) != stamp:
            self.stamps[source] = stamp
            self._main_dirty = True

    def set_outputs(self, output: str, entries: dict[str, OutputEntry]) -> None:
        """What `output` (see `output_name`) now holds; the cache remembers the last few
        output folders only, the newest last."""
        if list(self.outputs)[-1:] != [output] or self.outputs[output] != entries:
            self.outputs.pop(output, None)
            self.outputs[output] = entries
            for old in list(self.outputs)[:-_OUTPUTS]:
                del self.outputs[old]
                self.trees.pop(old, None)
            self._main_dirty = True

    def set_tree(self, output: str, tree: Tree | None) -> None:
        """What is known of `output`'s folders and its spare (see `sitegen.output.spare`)."""
        if self.trees.get(output) != tree:
            if tree is None:
                del self.trees[output]
            else:
                self.trees[output] = tree
            self._main_dirty = True

    def add_references(self, references: Mapping[str, list[str | None]]) -> None:
        for known, names in references.items():
            if self.references.get(known) != names:
                self.references[known] = list(names)
                self._main_dirty = True

    def recall(self, name: str, codec: Codec) -> dict[str, Any]:
        """What was last kept under `name` (decoded with `codec`, the one it was kept
        with), loaded from its own file on first use: `{}` when there is none, or when it
        is damaged or from other code (with a notice for damage, as for every file here)."""
        if name not in self._memos:
            self._memos[name] = {}
            parts = self._load(self._from / _memo_name(name)) if self._from is not None else None
            if parts is not None:
                try:
                    self._memos[name] = codec.decode(parts[0], bytes(parts[1]))
                except CodecError:
                    self.notices.append(f"ignored {CACHE_DIR}/{_memo_name(name)}: not a cache this sitegen wrote")
        return self._memos[name]

    def keep(self, name: str, codec: Codec, entries: dict[str, Any]) -> None:
        """Keep `entries` under `name` instead of what was there, saved by `save` (encoded
        with `codec`) when they differ from it."""
        if self.recall(name, codec) != entries:
            self._memos[name] = entries
            self._memos_dirty[name] = codec

    def save(self) -> None:
        """Write the shards that changed, then the main file; nothing when memory only."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.notices.append(f"could not save {CACHE_DIR}/: {exc.strerror}")
            return
        saved = True
        for shard in sorted(self._dirty):
            encoded = self._encoded.pop(shard, None) or self._shard_file(shard)
            saved = self._write(_shard_name(shard), *encoded) and saved
        self._dirty.clear()
        if not saved and self.snapshot is not None:
            # A shard still holds an older reading than this build's: a snapshot saying what
            # this build saw would let the next build take that reading for this build's.
            self.snapshot = None
            self._main_dirty = True
        for name, codec in sorted(self._memos_dirty.items()):
            try:
                self._write(_memo_name(name), *codec.encode(self._memos[name]))
            except CodecError:
                self.notices.append(f"could not save {CACHE_DIR}/{_memo_name(name)}: a value it cannot hold")
        self._memos_dirty.clear()
        for name, (data, raw) in sorted(self._files.items()):
            self._write(name, data, raw, whole=False)
        self._files.clear()
        if self._main_dirty:
            main = {
                "stamps": self.stamps,
                "outputs": {out: {rel: [e.key, e.digest, e.size, e.mtime_ns]
                                  for rel, e in files.items()}
                            for out, files in self.outputs.items()},
                "references": self.references,
                "trees": {out: _plain_tree(tree) for out, tree in self.trees.items()},
                "snapshot": self.snapshot,
            }  # fmt: skip
            try:
                data = jsonio.dumps(main)
            except TypeError as exc:  # a value JSON cannot hold: the next build is a whole one
                self.notices.append(f"could not save {CACHE_DIR}/{_MAIN}: {exc}")
                return
            self._write(_MAIN, data)
            self._main_dirty = False

    def keep_file(self, name: str, data: bytes, raw: bytes) -> None:
        """Save a file of the caller's own (`name`, JSON part `data`, raw part `raw`) with
        the next `save`. Its header's checksum covers the JSON part alone: the raw part is
        read as it is used (see `load_file`), and the caller checks each piece of it it
        uses (a checksum of each in the JSON part). A file that cannot be written is a
        notice, and the file is left as it was, so the caller must be able to tell a stale
        file from a new one by its content."""
        self._files[name] = (data, raw)

    def load_file(self, name: str) -> tuple[bytes, memoryview] | None:
        """The (JSON part, raw part) of a file saved with `keep_file`, or None when there is
        none, or its JSON part is damaged (with a notice) or it is from other code. The raw
        part is the file mapped into memory, read from the disk only where it is used."""
        if self._from is None or name in (_MAIN,) or name.startswith(("reads-", "memo-")):
            return None
        parts = self._load(self._from / name, whole=False)
        return None if parts is None else (parts[0], parts[1])

    def _shard_file(self, shard: int) -> tuple[bytes, bytes]:
        """A shard's file as `save` writes it: while `reads` is not loaded, the entries not
        stored anew are copied from the file as they are, not decoded and encoded again."""
        if self._reads is not None:
            return _encode_shard(self._shard_entries(shard))
        if shard not in self._parsed:
            self._parsed[shard] = self._parse_shard(shard)
        stored = {s: e for s, e in self._stored.items() if shard_of(s) == shard}
        return _encode_shard(stored, self._parsed[shard])

    def _shard_entries(self, shard: int) -> dict[str, tuple[str, str, ReadResult, str]]:
        """Every reading in `shard`, as `reads` would hold it, without loading the others."""
        if self._reads is not None:
            return {s: e for s, e in self._reads.items() if shard_of(s) == shard}
        entries = {}
        parsed = self._parsed.get(shard) if shard in self._parsed else self._parse_shard(shard)
        if parsed is not None:
            try:
                entries = {source: _decode_entry(source, span, parsed[1]) for source, span in parsed[0].items()}
            except CodecError:
                entries = {}
        entries.update((s, e) for s, e in self._stored.items() if shard_of(s) == shard)
        return entries

    def _parse_shard(self, shard: int) -> tuple[dict[str, Any], memoryview] | None:
        """A shard's index (each source → where its entry lies in the raw part, see
        `_encode_shard`) and its raw part; None when it is missing or unusable (with a
        notice, as `_load` gives), or lists an entry of another shard."""
        parts = self._load(self._from / _shard_name(shard)) if self._from is not None else None
        if parts is None:
            return None
        try:
            index = jsonio.loads(parts[0])
        except (ValueError, RecursionError):
            index = None
        if type(index) is not dict or any(shard_of(source) != shard for source in index):
            self.notices.append(f"ignored {CACHE_DIR}/{_shard_name(shard)}: not a cache this sitegen wrote")
            return None
        return index, parts[1]

    def _write(self, name: str, data: bytes, raw: bytes = b"", *, whole: bool = True) -> bool:
        """Write a file: a header line (format, code, checksum of the JSON and raw parts, or
        of the JSON part alone when not `whole`, length of the JSON part), the JSON part,
        then the raw part (the bytes `Codec` keeps out of the JSON); False when it cannot
        be written, which is a notice, not a failed build: the output is already written."""
        assert self.folder is not None
        try:
            self._replace(name, data, raw, whole)
        except OSError as exc:
            self.notices.append(f"could not save {CACHE_DIR}/{name}: {exc.strerror}; "
                                "the next build will be slower")  # fmt: skip
            return False
        return True

    def _replace(self, name: str, data: bytes, raw: bytes, whole: bool) -> None:
        assert self.folder is not None
        checksum = zlib.crc32(raw, zlib.crc32(data)) if whole else zlib.crc32(data)
        header = b"%s %d %s %08x %d\n" % (_MAGIC, _FORMAT, code_version().encode(), checksum, len(data))
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".cache-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header + data)
                out.write(raw)
            os.replace(temporary, self.folder / name)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _load(self, path: Path, *, whole: bool = True) -> Any:
        """A file's (JSON part, raw part) checked against its header (CRC-32, which finds
        damage, not deliberate edits; of the JSON part alone when not `whole`), or None,
        with a notice when the file is there but unusable. The main file's JSON part comes
        parsed; the raw part is a memoryview of the file's bytes, or of the file mapped
        into memory when not `whole` (a plan's 20 MB are neither read nor copied)."""
        try:
            if whole:
                data: bytes | mmap.mmap = path.read_bytes()
            else:
                with open(path, "rb") as handle:
                    data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(handle.fileno()).st_size else b""
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.notices.append(f"ignored {CACHE_DIR}/{path.name}: cannot read it ({exc.strerror})")
            return None
        end = data.find(b"\n")
        header = bytes(data[:end] if end >= 0 else data[:])
        payload = memoryview(data)[end + 1 :] if end >= 0 else memoryview(b"")  # not copied
        parts = header.split(b" ")
        if parts[0] != _MAGIC:
            self.notices.append(f"ignored {CACHE_DIR}/{path.name}: not a sitegen cache file")
            return None
        if parts[1:3] != [str(_FORMAT).encode(), code_version().encode()]:
            return None  # another version of sitegen wrote it: simply a miss
        if len(parts) != 5 or not parts[4].isdigit():
            self.notices.append(f"ignored {CACHE_DIR}/{path.name}: not a sitegen cache file")
            return None
        split = int(parts[4])
        if parts[3] != b"%08x" % zlib.crc32(payload if whole else payload[:split]):
            self.notices.append(f"ignored {CACHE_DIR}/{path.name}: damaged (checksum mismatch)")
            return None
        if path.name == _MAIN:
            try:
                return jsonio.loads(payload[:split])
            except (ValueError, RecursionError):
                self.notices.append(f"ignored {CACHE_DIR}/{path.name}: damaged")
                return None
        return bytes(payload[:split]), payload[split:]

    def _load_shard(self, shard: int) -> None:
        parsed = self._parse_shard(shard)
        if parsed is None:
            return
        assert self._reads is not None
        try:
            entries = {source: _decode_entry(source, span, parsed[1]) for source, span in parsed[0].items()}
        except CodecError:
            self.notices.append(f"ignored {CACHE_DIR}/{_shard_name(shard)}: not a cache this sitegen wrote")
            return
        self._reads.update(entries)


def _plain_tree(tree: Tree) -> list[Any]:
    spare = tree.spare
    if spare is None:
        return [tree.folders, None]
    differs = {r: None if e is None else [e.key, e.digest, e.size, e.mtime_ns]
               for r, e in spare.differs.items()}  # fmt: skip
    return [tree.folders, [spare.token, differs, spare.folders]]


def _tree(found: Any) -> Tree:
    folders, spare = found
    if spare is None:
        return Tree(str(folders))
    token, differs, spare_folders = spare
    entries = {str(r): None if e is None else OutputEntry(str(e[0]), str(e[1]), int(e[2]), int(e[3]))
               for r, e in differs.items()}  # fmt: skip
    return Tree(str(folders), Spare(str(token), entries, str(spare_folders)))


def _encode_shard(entries: dict[str, tuple[str, str, ReadResult, str]],
                  kept: tuple[dict[str, Any], memoryview] | None = None) -> tuple[bytes, bytes]:  # fmt: skip
    """A shard's (JSON part, raw part): the raw part holds each entry on its own (its JSON,
    then the bytes `Codec` keeps out of it), so that one entry is decoded without parsing
    the others; the JSON part maps each source to [start, split, end] in the raw part. An
    entry of a kind the cache cannot hold is left out. `kept`: a shard as loaded (index,
    raw part) whose other entries are copied as they are."""
    index: dict[str, list[int]] = {}
    raw = bytearray()
    old_index, old_raw = kept if kept is not None else ({}, memoryview(b""))
    for source in sorted(entries.keys() | old_index.keys()):
        if source in entries:
            try:
                data, rest = _CODEC.encode({source: _Entry(*entries[source])})
            except CodecError:
                continue  # a value the cache cannot hold: keep what it can
        else:
            try:
                start, split, end = _span(old_index[source], len(old_raw))
            except CodecError:
                continue
            data, rest = bytes(old_raw[start:split]), bytes(old_raw[split:end])
        index[source] = [len(raw), len(raw) + len(data), len(raw) + len(data) + len(rest)]
        raw += data
        raw += rest
    return jsonio.dumps(index, sort_keys=True), bytes(raw)


def _span(span: Any, size: int) -> tuple[int, int, int]:
    """An entry's [start, split, end] in a shard's raw part of `size` bytes; raises CodecError."""
    try:
        start, split, end = (int(n) for n in span)
    except (TypeError, ValueError):
        raise CodecError("not a shard's index") from None
    if not 0 <= start <= split <= end <= size:
        raise CodecError("an entry outside the shard")
    return start, split, end


def _decode_entry(source: str, span: Any, raw: memoryview) -> tuple[str, str, ReadResult, str]:
    """The entry `_encode_shard` wrote for `source` at `span`; raises CodecError."""
    start, split, end = _span(span, len(raw))
    decoded = _CODEC.decode(bytes(raw[start:split]), bytes(raw[split:end]))
    entry = decoded.get(source)
    if len(decoded) != 1 or not isinstance(entry, _Entry):
        raise CodecError("an entry under another name")
    return (entry.key, entry.salt, entry.result, entry.fingerprint)


def shard_of(source: str) -> int:
    """The shard (0–15) a source's read result is saved in."""
    return zlib.crc32(source.encode()) % _SHARDS


def _memo_name(name: str) -> str:
    return f"memo-{name}.json"


def _shard_name(shard: int) -> str:
    return f"reads-{shard:02d}.json"
