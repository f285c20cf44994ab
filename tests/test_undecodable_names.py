"""File and folder names that are not UTF-8 (an old Windows's or Mac's, a zip's): an error
naming each, as a shell shows it, with what to do; never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import NOW, article, told

from sitegen.build import BuildOptions, build
from sitegen.content.files import latin1_guess, shown, undecodable, visible_files
from sitegen.errors import BuildError
from sitegen.incremental.cache import CACHE_DIR, Cache
from sitegen.incremental.pages import Memo
from sitegen.serve.server import Preview


def _bad(folder: Path, raw: bytes, data: bytes = b"x") -> None:
    """Write a file whose name is the bytes `raw` (not UTF-8) below `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(os.path.join(os.fsencode(folder), raw), "wb") as handle:
        handle.write(data)


def _site(make_site) -> Path:  # type: ignore[no-untyped-def]
    root: Path = make_site({"2016/ale.md": article("Ale")})
    _bad(root / "content" / "2016", b"ab\xff.md", article("X", date="2016-03-01").encode())
    _bad(root / "content" / "images", b"bild\xe4.jpg")
    os.mkdir(os.path.join(os.fsencode(root / "content"), b"mapp\xe5"))
    _bad(root / "content" / os.fsdecode(b"mapp\xe5"), b"a.md", article("Y").encode())
    _bad(root / "assets", b"st\xf6l.css", b"body{}")
    _bad(root / "layouts", b"t\xe9.html", b"{{ 1 }}")
    return root


EXPECTED = ["assets/st\\xf6l.css", "content/2016/ab\\xff.md", "content/images/bild\\xe4.jpg",
            "content/mapp\\xe5", "layouts/t\\xe9.html"]  # fmt: skip


@pytest.mark.parametrize("command", ["build", "check"])
def test_each_undecodable_name_is_an_error_in_one_run(make_site, command: str) -> None:  # type: ignore[no-untyped-def]
    root = _site(make_site)
    (root / "content" / "2016" / "trasig.md").write_text("---\ntitle: T\ndate: 2016-13-45\n---\n")
    status, errors = told(root, command=command)
    assert status == 1
    assert [line.split(": error: ")[0] for line in errors] == [*EXPECTED[:2], "content/2016/trasig.md:3:1",
                                                               *EXPECTED[2:]]  # fmt: skip
    assert "content/2016/ab\\xff.md: error: the name of this file is not valid UTF-8" in errors[1]
    assert "rename it, e.g. to 'abÿ.md' if it was written in Latin-1" in errors[1]
    assert "the name of this folder" in errors[4]


def test_a_name_gone_bad_after_a_good_build_is_told_by_the_next_build(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With the cache of a good build (whose snapshot and saved plan say nothing changed
    but the new file), and in a session whose memo holds the last plan (`serve`)."""
    root: Path = make_site({"2016/ale.md": article("Ale")})
    memo = Memo(Cache.open(root / CACHE_DIR, in_memory=True))
    for options in ({}, {"memo": memo}):
        build(BuildOptions(root=root, now=NOW, output=tmp_path / "public", **options))  # type: ignore[arg-type]
    _bad(root / "content" / "2016", b"ab\xff.md", article("X").encode())
    (root / "content" / "2016" / "ale.md").write_text(article("Ale", body="Ny text."), encoding="utf-8")
    for options in ({}, {"memo": memo}):
        with pytest.raises(BuildError) as caught:
            build(BuildOptions(root=root, now=NOW, output=tmp_path / "public", **options))  # type: ignore[arg-type]
        assert [p.path for p in caught.value.problems] == ["content/2016/ab\\xff.md"]


def test_serve_shows_the_error_and_stays_up(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _site(make_site)
    memo = Memo(Cache.open(root / CACHE_DIR, in_memory=True))
    preview = Preview(build=lambda target: build(BuildOptions(root=root, now=NOW, output=target, memo=memo)))
    try:
        assert [p.location for p in preview.rebuild()] == EXPECTED
    finally:
        preview.close()


def test_names_as_told() -> None:
    name = os.fsdecode(b"\xe4lv-\xc3\xa5r.md")  # one byte of Latin-1, then UTF-8's å
    assert undecodable(name) and not undecodable("älv-år.md")
    assert shown(name) == "\\xe4lv-år.md"
    assert latin1_guess(name) == "älv-år.md"


def test_listing_leaves_undecodable_names_out(tmp_path: Path) -> None:
    _bad(tmp_path / "a", b"b\xff.md")
    _bad(tmp_path / os.fsdecode(b"c\xff"), b"d.md")
    _bad(tmp_path / "a", b"e.md")
    assert visible_files(tmp_path) == ["a/e.md"]
