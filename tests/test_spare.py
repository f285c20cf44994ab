"""The spare tree: the previous site, kept beside the output and brought up to date by the
next build (see `sitegen.output.spare`). Whatever happened to either tree in between, the
output after each build equals a cold build's, byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import NOW, article

from sitegen.build import BuildOptions, BuildReport, build
from sitegen.output.spare import Folders, folders_hash
from sitegen.output.write import MARKER


def write_site(root: Path, edited: int = -1, files: dict[str, str] | None = None) -> None:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text("title: Test\nper_page: 5\n", encoding="utf-8")
    for n in range(12):
        body = f"Brödtext {n}." + (" Ändrad." if n == edited else "")
        text = article(f"Artikel {n}", f"2016-{n % 12 + 1:02}-10", body, tags=f"[t{n % 3}]")
        path = root / "content" / f"a{n:02}.md"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for name, text in (files or {}).items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def inodes(output: Path) -> dict[Path, int]:
    """Each built file's inode (not the marker: each tree has its own)."""
    return {p: p.stat().st_ino for p in output.rglob("*") if p.is_file() and p.name != MARKER}


def spares(output: Path) -> list[Path]:
    return sorted(output.parent.glob(f".{output.name}.spare-*"))


def cold(root: Path, tmp_path: Path) -> dict[str, bytes]:
    reference = tmp_path / f"cold-{len(list(tmp_path.glob('cold-*')))}"
    build(BuildOptions(root=root, now=NOW, output=reference, use_cache=False))
    return tree(reference)


def rebuild(root: Path, output: Path) -> BuildReport:
    return build(BuildOptions(root=root, now=NOW, output=output))


def test_builds_alternate_between_the_output_and_its_spare(tmp_path: Path) -> None:
    """Each edit's build updates the spare (the site before last) and swaps it in: the
    edited page is new, the rest are the same files, and only one spare is ever kept."""
    root, output = tmp_path / "site", tmp_path / "out" / "public"
    write_site(root)
    rebuild(root, output)
    for edited in (3, 7, 3, -1):
        write_site(root, edited)
        before = inodes(output)
        report = rebuild(root, output)
        assert tree(output) == cold(root, tmp_path)
        after = inodes(output)
        same = [p for p in after if before.get(p) == after[p]]
        assert len(same) == len(after) - report.written.written
        assert len(spares(output)) == 1


def test_a_file_dropped_into_the_output_never_comes_back(tmp_path: Path) -> None:
    """Someone's own file in the output, and a page changed in place there: the tree holding
    them becomes the spare, which is then not trusted as it is."""
    root, output = tmp_path / "site", tmp_path / "out" / "public"
    write_site(root)
    rebuild(root, output)
    write_site(root, 1)
    rebuild(root, output)
    (output / "egen.txt").write_text("min fil")
    (output / "2016" / "extra").mkdir()
    (output / "2016" / "extra" / "x.html").write_text("<p>x</p>")
    page = next(output.rglob("index.html"))
    page.write_text("ändrad på plats")  # the same inode as the spare's file
    for edited in (2, 3, 4):
        write_site(root, edited)
        rebuild(root, output)
        assert tree(output) == cold(root, tmp_path), f"after the edit of {edited}"


def test_a_file_of_the_spare_where_the_site_now_has_a_folder(tmp_path: Path) -> None:
    """A copied file becomes a folder of the same name, and back: the spare's stale entry
    of the other kind is cleared first."""
    root, output = tmp_path / "site", tmp_path / "out" / "public"
    write_site(root, files={"bilagor/plan": "en fil"})
    rebuild(root, output)
    write_site(root, 1)
    rebuild(root, output)
    os.remove(root / "content" / "bilagor" / "plan")
    write_site(root, 2, files={"bilagor/plan/del.txt": "en mapp"})
    rebuild(root, output)
    assert tree(output) == cold(root, tmp_path)
    (root / "content" / "bilagor" / "plan" / "del.txt").unlink()
    (root / "content" / "bilagor" / "plan").rmdir()
    write_site(root, 3, files={"bilagor/plan": "en fil igen"})
    rebuild(root, output)
    assert tree(output) == cold(root, tmp_path)
    write_site(root, 4)
    rebuild(root, output)
    assert tree(output) == cold(root, tmp_path)


def test_a_spare_the_cache_does_not_know_is_removed(tmp_path: Path) -> None:
    """Without the cache's record (deleted, or from another build) the spare is not used."""
    root, output = tmp_path / "site", tmp_path / "out" / "public"
    write_site(root)
    rebuild(root, output)
    write_site(root, 1)
    rebuild(root, output)
    (old,) = spares(output)
    (old / "fel.html").write_text("gammalt")
    for path in (root / ".sitegen-cache").iterdir():
        path.unlink()
    write_site(root, 2)
    rebuild(root, output)
    assert tree(output) == cold(root, tmp_path)
    assert old not in spares(output)


def test_the_folders_of_files_are_worked_out_again_for_other_files(tmp_path: Path) -> None:
    """`Folders.same` reuses the folders only for the very same files: the same number of
    other files, in other folders, gives their own folders (and so another hash once a
    folder of theirs changes)."""
    first = Folders.of(["a/b/index.html", "c.html", "a/d.html"])
    assert first.names == ("", "a", "a/b")
    assert first.same({"c.html": 1, "a/d.html": 2, "a/b/index.html": 3}) is first
    other = first.same(["x/y/index.html", "c.html", "a/d.html"])
    assert other.names == ("", "a", "x", "x/y")
    for folder in other.names:
        (tmp_path / folder).mkdir(exist_ok=True)
    assert folders_hash(str(tmp_path), other) == folders_hash(str(tmp_path), ["x/y/index.html", "c.html", "a/d.html"])
    before = folders_hash(str(tmp_path), other)
    (tmp_path / "x" / "y" / "stray.html").write_text("x")
    os.utime(tmp_path / "x" / "y", ns=(1, 1))
    assert folders_hash(str(tmp_path), other) != before
