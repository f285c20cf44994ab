"""The build cache on disk: plain JSON in shards, only changed shards written again; anything
damaged, tampered with, stale or foreign only makes the build slower, never different; and a
cache made in one clone works in another clone at another path."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

import pytest
from conftest import NOW, article
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.build import BuildOptions, build
from sitegen.cli import main
from sitegen.incremental.cache import CACHE_DIR, Cache, shard_of


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def many(count: int) -> dict[str, str]:
    return {f"{i:02d}.md": article(f"Artikel {i}", f"2016-01-{1 + i % 28:02d}", tags="[A]")
            for i in range(count)}  # fmt: skip


def shards(root: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / CACHE_DIR).glob("reads-*.json")}


def test_the_cache_is_plain_json_never_pickle(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(5))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    files = sorted((root / CACHE_DIR).iterdir())
    assert files and all(f.suffix == ".json" for f in files)
    for found in files:
        header, _, payload = found.read_bytes().partition(b"\n")
        assert header.startswith(b"sitegen-cache ")
        json.loads(payload[: int(header.split()[-1])])  # plain JSON, then the raw bodies
        assert str(root).encode() not in payload  # no absolute paths


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
    assert len(loaded.reads) == 40 and b"Ny text." in loaded.reads["content/07.md"][2].article.body  # type: ignore[union-attr]


def test_read_results_survive_the_round_trip(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Everything an article holds comes back equal: dates with their zone, extra fields of
    every YAML kind, contact people, links, warnings."""
    text = (
        "---\ntitle: Ale\ndate: 2016-01-20T09:30:00+01:00\nkommun: Ale\ntags: [A, B]\n"
        "cta: {text: Sök, url: 'https://ale.se/'}\nfactbox: {title: Fakta, text: Text}\n"
        "contact:\n  phone: '0303-33 00 00'\n  people:\n    - {name: Iréne, role: Chef}\n"
        "extra_list: [1, 2.5, true, null, 2016-01-01]\nextra_map: {a: {b: [x]}, 3: y}\n"
        "image: saknas.jpg\n---\nSe [Borås](b.md#kontakt).\n"
    )
    root = make_site({"a.md": text, "b.md": article("Borås")})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    memory = Cache.open(None)
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "two", use_cache=False))
    loaded = Cache.open(root / CACHE_DIR).reads["content/a.md"][2]
    fresh = Cache.open(root / CACHE_DIR)
    assert loaded == fresh.reads["content/a.md"][2]
    assert loaded.article is not None and loaded.warnings  # the missing photo
    assert loaded.article.published.tzinfo is not None
    assert loaded.article.extra["extra_map"] == {"a": {"b": ["x"]}, 3: "y"}
    assert memory.reads == {}


def test_a_damaged_shard_means_reading_again_with_a_notice(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(40))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "first", use_cache=False))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    damaged = sorted((root / CACHE_DIR).glob("reads-*.json"))[0]
    damaged.write_bytes(damaged.read_bytes()[:-20])  # truncated
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "again"))
    assert 0 < report.read < 40  # that shard's articles only
    assert report.notices == [f"ignored {CACHE_DIR}/{damaged.name}: damaged (checksum mismatch)"]
    assert tree(tmp_path / "again") == tree(tmp_path / "first")


def test_a_same_length_edit_of_a_cached_text_is_not_published(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", body="Hemlig text.")})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "clean", use_cache=False))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    shard = root / CACHE_DIR / f"reads-{shard_of('content/a.md'):02d}.json"
    shard.write_bytes(shard.read_bytes().replace(b"Hemlig", b"Falsk!"))
    shutil.rmtree(tmp_path / "out")
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert report.read == 1 and report.notices
    assert tree(tmp_path / "out") == tree(tmp_path / "clean")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_damage_never_changes_the_output(make_site, tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("damage")
    root = make_site(many(6), folder=folder / "site")
    clean = folder / "clean"
    if not clean.exists():
        build(BuildOptions(root=root, now=NOW, output=clean, use_cache=False))
    build(BuildOptions(root=root, now=NOW, output=folder / "out"))
    files = sorted((root / CACHE_DIR).iterdir())
    victim = files[data.draw(st.integers(0, 99)) % len(files)]
    raw = bytearray(victim.read_bytes())
    kind = data.draw(st.sampled_from(["flip", "cut", "replace"]))
    if kind == "flip":
        raw[data.draw(st.integers(0, 10**6)) % len(raw)] ^= data.draw(st.integers(1, 255))
    elif kind == "cut":
        del raw[data.draw(st.integers(0, 10**6)) % len(raw) :]
    else:
        raw = bytearray(data.draw(st.binary(max_size=200)))
    victim.write_bytes(bytes(raw))
    out = folder / "rebuilt"
    shutil.rmtree(out, ignore_errors=True)
    build(BuildOptions(root=root, now=NOW, output=out))
    assert tree(out) == tree(clean)
    shutil.rmtree(root / CACHE_DIR)


def test_a_cache_from_another_clone_at_another_path_hits(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """As in CI: the site is checked out afresh elsewhere (new modification times), the
    cache restored into it: nothing is parsed again, and the output equals a cold build."""
    root = make_site(many(12))
    build(BuildOptions(root=root, now=NOW, output=root / "public"))
    clone = tmp_path / "elsewhere" / "clone"
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns("public"))
    for path in (clone / "content").rglob("*.md"):
        path.write_bytes(path.read_bytes())  # a fresh checkout: new modification times
    report = build(BuildOptions(root=clone, now=NOW, output=clone / "public"))
    assert report.read == 0 and report.notices == []
    cold = build(BuildOptions(root=clone, now=NOW, output=tmp_path / "cold", use_cache=False))
    assert cold.read == 12
    assert tree(clone / "public") == tree(tmp_path / "cold")


def test_a_stale_salt_misses_silently(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(5))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    (root / "config.yaml").write_text("title: Test\ntimezone: UTC\n")  # reading depends on it
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert report.read == 5 and report.notices == []


def test_a_foreign_file_is_ignored_with_one_line(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(5))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    (root / CACHE_DIR / "index.json").write_bytes(b"\x80\x04\x95 a pickle, say")
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert report.notices == [f"ignored {CACHE_DIR}/index.json: not a sitegen cache file"]


def test_the_cli_prints_the_notice(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    root = make_site(many(3))
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--root", str(root), "--quiet"]).exit_code == 0
    (root / CACHE_DIR / "index.json").write_text("garbage")
    result = runner.invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0
    assert "note: ignored .sitegen-cache/index.json: not a sitegen cache file" in result.output


@pytest.mark.parametrize("jobs", [1, 2])
def test_parallel_and_serial_reading_store_the_same(make_site, tmp_path: Path, jobs: int) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(260))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "one", jobs=jobs))
    stored = Cache.open(root / CACHE_DIR).reads
    shutil.rmtree(root / CACHE_DIR)
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "two", jobs=1))
    assert Cache.open(root / CACHE_DIR).reads == stored
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_cache_from_other_code_misses_without_a_notice(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(5))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    monkeypatch.setattr("sitegen.incremental.cache.code_version", lambda: "another")
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "two"))
    assert report.read == 5 and report.notices == []


def test_a_crafted_shard_nested_too_deep_is_a_notice_not_a_crash(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: JSON nested 100,000 deep raised RecursionError."""
    root = make_site(many(1))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    data = b"[" * 100_000 + b"]" * 100_000
    shard = next((root / CACHE_DIR).glob("reads-*.json"))
    # The header as the cache writes it, for this crafted part.
    fields = shard.read_bytes().partition(b"\n")[0].split(b" ")[:3]
    header = b" ".join([*fields, b"%08x" % zlib.crc32(data), b"%d" % len(data)]) + b"\n"
    shard.write_bytes(header + data)
    cache = Cache.open(root / CACHE_DIR)
    assert len(cache.reads) == 0 and cache.notices == [
        f"ignored {CACHE_DIR}/{shard.name}: not a cache this sitegen wrote"
    ]


def test_no_absolute_path_and_only_the_last_output_folders(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(1))
    for n in range(6):
        build(BuildOptions(root=root, now=NOW, output=tmp_path / "elsewhere" / f"out{n}"))
    for path in (root / CACHE_DIR).iterdir():
        assert str(tmp_path).encode() not in path.read_bytes(), path.name
    assert len(Cache.open(root / CACHE_DIR).outputs) == 4


def test_a_cache_that_cannot_be_saved_is_a_notice(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(many(2))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    (root / CACHE_DIR / "index.json").unlink()
    (root / CACHE_DIR / "index.json").mkdir()  # found by a tester: every build failed
    (root / "content" / "00.md").write_text(article("Ändrad"))
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert report.written.written > 0
    assert any(n.startswith(f"could not save {CACHE_DIR}/index.json") for n in report.notices)
    assert not list((root / CACHE_DIR).glob(".cache-*"))  # no temporary file left behind


def test_paths_are_not_part_of_the_reading_salt() -> None:
    """An editable install (the theme is the checkout) and an installed one (the theme is
    in the package) read the same: a cache made with one hits with the other."""
    from sitegen.content.read import ReadSettings
    from sitegen.incremental.code import portable

    def settings(root: Path, theme: Path) -> ReadSettings:
        return ReadSettings(root=root, content_dir=root / "content",
                            image_dirs=(root / "content", root / "assets", theme / "assets"),
                            permalink="/{slug}/", timezone="UTC", engine="commonmark")  # fmt: skip

    assert portable(settings(Path("/a"), Path("/a"))) == portable(settings(Path("/b"), Path("/t")))
    other = ReadSettings(root=Path("/a"), content_dir=Path("/a/content"), image_dirs=(),
                         permalink="/{slug}/", timezone="UTC", engine="python-markdown")  # fmt: skip
    assert portable(other) != portable(settings(Path("/a"), Path("/a")))


def test_the_summary_says_how_many_articles_were_read_and_how_many_came_from_the_cache(make_site) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    root = make_site(many(3))
    runner = CliRunner()
    assert "Built 3 articles (3 read, 0 from the cache)" in runner.invoke(main, ["build", "--root", str(root)]).output
    assert "Built 3 articles (0 read, 3 from the cache)" in runner.invoke(main, ["build", "--root", str(root)]).output
    (root / "content" / "01.md").write_text(article("Ny", "2016-01-02", tags="[A]"))
    assert "Built 3 articles (1 read, 2 from the cache)" in runner.invoke(main, ["build", "--root", str(root)]).output


def test_readings_encoded_ahead_are_saved_as_they_are_at_save(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`encode_reads` (done while the variants are made) saves the same bytes as encoding
    at `save`, and a reading stored or dropped after it is saved as it is then, not as it
    was encoded."""
    root = make_site({"a.md": article("Ale"), "b.md": article("Borås"), "c.md": article("Kil")})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    loaded = Cache.open(root / CACHE_DIR).reads
    a, b = loaded["content/a.md"], loaded["content/b.md"]

    def saved(folder: Path, ahead: bool, late: bool) -> dict[str, bytes]:
        cache = Cache.open(folder)
        cache.store_read("content/a.md", *a)
        cache.store_read("content/b.md", *b)
        if ahead:
            cache.encode_reads()
        if late:  # after encoding: b takes a's reading, a is gone
            cache.store_read("content/b.md", *a)
            cache.drop_read("content/a.md")
        cache.save()
        return {p.name: p.read_bytes() for p in folder.glob("reads-*.json")}

    assert saved(tmp_path / "ahead", True, False) == saved(tmp_path / "at-save", False, False)
    assert saved(tmp_path / "late", True, True) == saved(tmp_path / "late-at-save", False, True)
    late = Cache.open(tmp_path / "late").reads
    assert "content/a.md" not in late and late["content/b.md"] == a
