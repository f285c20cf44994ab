"""Saved results of pure steps (`incremental.memos`): related reading's lists and the images'
measures, found again by a new process only while what they were made from is the same."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import NOW, article
from PIL import Image

from sitegen.build import BuildOptions, build
from sitegen.incremental.cache import Cache
from sitegen.incremental.memos import saved_lists
from sitegen.output import images
from sitegen.site.pictures import Picture
from sitegen.site.related import related_lists

ORDER = ("content/a.md", "content/b.md", "content/c.md")
MEMBERS = (("content/a.md", "content/b.md"), ("content/b.md", "content/c.md"), ORDER)


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("worked out again")


def test_related_lists_are_found_again_by_a_new_process_for_the_same_input(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cache = Cache.open(tmp_path)
    found = saved_lists(cache)(ORDER, MEMBERS, 3)
    assert found == related_lists(ORDER, MEMBERS, 3) and found["content/a.md"] == ("content/b.md",)
    cache.save()
    monkeypatch.setattr("sitegen.incremental.memos.related_lists", _refuse)
    assert saved_lists(Cache.open(tmp_path))(ORDER, MEMBERS, 3) == found
    with pytest.raises(AssertionError, match="worked out again"):  # another input: not the kept lists
        saved_lists(Cache.open(tmp_path))(ORDER, MEMBERS[1:], 3)
    with pytest.raises(AssertionError, match="worked out again"):
        saved_lists(Cache.open(tmp_path))(ORDER, MEMBERS, 2)


def test_a_damaged_memo_is_ignored_with_a_notice(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path)
    saved_lists(cache)(ORDER, MEMBERS, 3)
    cache.save()
    memo = tmp_path / "memo-related.json"
    memo.write_bytes(memo.read_bytes()[:-5])
    again = Cache.open(tmp_path)
    assert saved_lists(again)(ORDER, MEMBERS, 3) == related_lists(ORDER, MEMBERS, 3)
    assert again.notices == ["ignored .sitegen-cache/memo-related.json: damaged (checksum mismatch)"]


def _a_minute_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock put a minute ahead, so that files saved just now are no longer "racy" (see
    `memos`): setting a file's modification time back would not do, as that sets its
    status-change time, part of its stamp, to now."""
    import time

    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + 60_000_000_000)


def test_an_image_is_measured_once_and_again_when_it_changes(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A new `sitegen build` finds the images' measures in the cache (Pillow not asked), and
    measures an image again when its file changed; the output is a cold build's."""
    root = make_site({"a.md": article("Ale", image="bild.jpg", body="![Ett rum](rum.png)")})
    photo, room = root / "content" / "bild.jpg", root / "content" / "rum.png"
    Image.new("RGB", (600, 400), "teal").save(photo)
    Image.new("RGB", (300, 300), "navy").save(room)
    _a_minute_later(monkeypatch)
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    (root / "content" / "a.md").write_text(article("Ale", image="bild.jpg", body="Ny text.\n\n![Ett rum](rum.png)"),
                                           encoding="utf-8")  # fmt: skip
    measured = _counting(monkeypatch)
    build(BuildOptions(root=root, now=NOW, output=out))
    assert measured == []
    Image.new("RGB", (500, 250), "olive").save(photo)  # a new photo: new size, new variants
    build(BuildOptions(root=root, now=NOW, output=out))
    assert measured == ["/bild.jpg"]
    page = (out / "2016/01/ale/index.html").read_text(encoding="utf-8")
    assert 'width="500" height="250"' in page
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "cold", use_cache=False))
    assert _files(out) == _files(tmp_path / "cold")


def test_an_image_changed_just_now_is_not_kept(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An image modified moments before the build may change again without its size and
    time showing it (a second save within the file system's time resolution): its measure
    is not kept, so the next build measures it again."""
    root = make_site({"a.md": article("Ale", image="bild.jpg")})
    Image.new("RGB", (600, 400), "teal").save(root / "content" / "bild.jpg")  # just now
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    measured = _counting(monkeypatch)
    # A new title, not only a new text: after a body edit alone nothing is measured (the
    # plan saved with the last build holds, see test_saved_plan.py).
    (root / "content" / "a.md").write_text(article("Alingsås", image="bild.jpg"), encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert measured == ["/bild.jpg"]


def test_an_image_saved_again_unseen_is_measured_again_after_a_body_edit(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The build after an edit to body text alone measures nothing (it renders from the
    saved plan), so an image saved again after the last build with the same size and
    modification time (within the file system's time resolution) must make it a whole
    build: the snapshot hashed the image, modified just before it was taken."""
    root = make_site({"a.md": article("Ale", image="bild.jpg")})
    photo = root / "content" / "bild.jpg"
    Image.effect_noise((600, 400), 90).convert("RGB").save(photo)  # just now
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    stat, size = photo.stat(), photo.stat().st_size
    Image.new("RGB", (300, 200), "teal").save(photo)  # other bytes, padded to the same size
    with open(photo, "ab") as handle:
        handle.write(b"\0" * (size - photo.stat().st_size))
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (photo.stat().st_size, photo.stat().st_mtime_ns) == (size, stat.st_mtime_ns)
    (root / "content" / "a.md").write_text(article("Ale", image="bild.jpg", body="Ny text."), encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=out))
    assert 'width="300" height="200"' in (out / "2016/01/ale/index.html").read_text(encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "cold", use_cache=False))
    assert _files(out) == _files(tmp_path / "cold")


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the images Pillow measures, from now on."""
    measured: list[str] = []
    real = images.measure

    def counting(url: str, file: Path) -> Picture | None:
        measured.append(url)
        return real(url, file)

    monkeypatch.setattr(images, "measure", counting)
    return measured


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
