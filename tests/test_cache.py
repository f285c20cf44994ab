"""The build cache on disk: saved in shards, only changed shards written again, and anything
damaged, stale or from another sitegen only makes the build slower, never different."""

from __future__ import annotations

import pickle
from pathlib import Path

from conftest import NOW, article

from sitegen.build import BuildOptions, build
from sitegen.incremental.cache import CACHE_DIR, Cache, shard_of


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def many(count: int) -> dict[str, str]:
    return {f"{i:02d}.md": article(f"Artikel {i}", f"2016-01-{1 + i % 28:02d}", tags="[A]")
            for i in range(count)}  # fmt: skip


def shards(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("reads-*.pickle")}


def test_editing_one_article_rewrites_one_shard(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(40))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    before = shards(root)
    assert len(before) > 4  # the articles are spread over several shards
    (root / "content" / "07.md").write_text(article("Artikel 7", "2016-01-08", body="Ny text."))
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    after = shards(root)
    assert report.read == 1
    assert after.keys() == before.keys()
    assert sum(after[name] != before[name] for name in after) == 1
    loaded = Cache.open(root / CACHE_DIR)
    assert len(loaded.reads) == 40 and b"Ny text." in loaded.reads["content/07.md"][1].article.body


def test_a_damaged_shard_means_reading_again(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(40))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "first", use_cache=False))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    damaged = sorted((root / CACHE_DIR).glob("reads-*.pickle"))[0]
    damaged.write_bytes(b"not a pickle")
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "again"))
    assert 0 < report.read < 40  # that shard's articles only
    assert tree(tmp_path / "again") == tree(tmp_path / "first")


def test_a_shard_saved_under_other_settings_is_ignored(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A shard whose salt is not the main file's (a build stopped between the two) is unused."""
    root = make_site(many(10))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    name = f"reads-{shard_of('content/00.md'):02d}.pickle"
    stored = pickle.loads((root / CACHE_DIR / name).read_bytes())
    assert "content/00.md" in stored["reads"]
    (root / CACHE_DIR / name).write_bytes(pickle.dumps({**stored, "salt": "another"}))
    reads = Cache.open(root / CACHE_DIR).reads
    assert "content/00.md" not in reads and len(reads) == 10 - len(stored["reads"])


def test_a_cache_from_another_sitegen_version_is_ignored(
    make_site, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(5))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    monkeypatch.setattr("sitegen.incremental.cache.__version__", "0.0.0-other")
    assert Cache.open(root / CACHE_DIR).reads == {}
    assert build(BuildOptions(root=root, now=NOW, output=tmp_path / "out")).read == 5


def test_shards_pickled_by_reading_workers_are_the_cache(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With many articles and two jobs, the workers pickle whole shards; the cache saves those
    bytes as they are. They must load back as what one process would have saved."""
    root = make_site(many(260))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "one", jobs=2))
    parallel = Cache.open(root / CACHE_DIR).reads
    (root / CACHE_DIR / "cache.pickle").unlink()
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "two", jobs=1))
    serial = Cache.open(root / CACHE_DIR).reads
    assert len(parallel) == 260 and parallel.keys() == serial.keys()
    assert all(pickle.dumps(parallel[s]) == pickle.dumps(serial[s]) for s in serial)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    # Loaded back, nothing is read again; one edit rewrites one shard.
    before = shards(root)
    (root / "content" / "07.md").write_text(article("Artikel 7", "2016-01-08", body="Ny."))
    assert build(BuildOptions(root=root, now=NOW, output=tmp_path / "one", jobs=2)).read == 1
    after = shards(root)
    assert sum(after[name] != before[name] for name in after) == 1
