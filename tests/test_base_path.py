"""A build with another base path is not served stale pages by the cache, and `check` checks
what `build` writes without writing anything itself."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import NOW, TEST_SITE, article

from sitegen.build import BuildOptions, build
from sitegen.cli import main
from sitegen.incremental.cache import CACHE_DIR


def _internal_addresses(folder: Path) -> list[str]:
    found = []
    for page in folder.rglob("*.html"):
        found += re.findall(r'(?:href|src)="(/[^"]*)"', page.read_text(encoding="utf-8"))
    return found


def test_a_second_build_with_another_base_path_links_under_it(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(TEST_SITE, root)
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "plain"))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "bilaga",
                       base_url="https://example.se/bilaga/"))  # fmt: skip
    under = _internal_addresses(tmp_path / "bilaga")
    assert under and all(a.startswith("/bilaga/") for a in under)
    assert re.search(r'<link rel="stylesheet" href="/bilaga/css/site\.[0-9a-f]{10}\.css">', (
        tmp_path / "bilaga" / "index.html"
    ).read_text(encoding="utf-8"))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "again"))  # and back
    assert not any(a.startswith("/bilaga/") for a in _internal_addresses(tmp_path / "again"))


def test_base_url_changed_in_config_yaml_reaches_every_page(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(TEST_SITE, root)
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    config = root / "config.yaml"
    config.write_text(
        config.read_text().replace("https://test.example.se/", "https://example.se/bilaga/")
    )
    build(BuildOptions(root=root, now=NOW, output=out))
    assert all(a.startswith("/bilaga/") for a in _internal_addresses(out))


def test_check_writes_nothing_not_even_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(TEST_SITE, root, ignore=shutil.ignore_patterns(CACHE_DIR))
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 0, result.output
    assert not (root / CACHE_DIR).exists() and not (root / "public").exists()
    CliRunner().invoke(main, ["build", "--root", str(root), "--quiet"])
    before = {p.name: p.read_bytes() for p in (root / CACHE_DIR).iterdir()}
    config = root / "config.yaml"
    config.write_text(
        config.read_text().replace("https://test.example.se/", "https://example.se/bilaga/")
    )
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 0, result.output  # the links it checks carry the new base path
    assert {p.name: p.read_bytes() for p in (root / CACHE_DIR).iterdir()} == before


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
def test_links_in_bodies_to_other_articles_carry_the_base_path(make_site, tmp_path: Path, engine: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: `[Ale](ale.md)` became /2016/01/ale/ under /bilaga/ (a 404)."""
    root = make_site(
        {"2016/ale.md": article("Ale", "2016-01-20"),
         "2016/amal.md": article("Åmål", "2016-02-20", body="Se [Ale](ale.md#kontakt).")},
        config=f"title: T\nbase_url: https://example.se/bilaga/\nmarkdown: {{engine: {engine}}}\n",
    )  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    page = (tmp_path / "out" / "2016/02/amal/index.html").read_text(encoding="utf-8")
    assert 'href="/bilaga/2016/01/ale/#kontakt"' in page
    feed = (tmp_path / "out" / "feed.xml").read_text(encoding="utf-8")
    assert "/bilaga/2016/01/ale/#kontakt" in feed


# Every place of a body that holds an address from the root (`urls.rewrite_addresses`).
_FROM_ROOT_IN_BODY = re.compile(
    r"""\s(?:href|src|srcset|poster|action|formaction|cite|data)\s*=\s*["']?(/(?!/)[^"'\s>]*)"""
    r"""|url\(\s*["']?(/(?!/)[^"')]*)|url=\s*["']?(/(?!/)[^"'>]*)""",
    re.IGNORECASE,
)


@pytest.mark.parametrize("engine", ["python-markdown", "commonmark"])
@pytest.mark.parametrize("raw_html", ["sanitize", "allow"])
def test_every_address_from_the_root_in_a_body_carries_the_base_path(
    make_site, tmp_path: Path, engine: str, raw_html: str  # type: ignore[no-untyped-def]
) -> None:
    """Found by a tester: an image whose file is missing (`![x](/bilder/saknas.jpg)`, told
    in a warning) kept /bilder/saknas.jpg under /bilaga/, outside the site, while a link
    to a missing file got /bilaga/; so did raw HTML's video, poster, source, form and
    style addresses, which the post-pass does not read."""
    body = (
        "Se ![x](/bilder/saknas.jpg) och [pdf](/filer/saknas.pdf).\n\n"
        '<img src="/bilder/saknas2.jpg" alt="r">\n'
        '<video src="/film.mp4" poster="/poster.jpg"></video>\n'
        '<picture><source srcset="/bilder/a.webp 1x, /bilder/b.webp 2x"><img src="/bilder/a.jpg" alt="a"></picture>\n'
        "<p style=\"background: url('/bg.png')\">x</p>\n"
        '<form action="/sok/"><button formaction="/sok/">Sök</button></form>\n'
        '<blockquote cite="/om/">q</blockquote>\n'
        "<meta http-equiv=\"refresh\" content=\"30; URL='/ny/'\">\n"
        '<audio src=" /ljud.mp3 "></audio>\n\n'
        "    <a href=\"/kod/\">kod</a>\n"
    )
    root = make_site(
        {"2016/ale.md": article("Ale", "2016-01-20", body=body)},
        config=f"title: T\nbase_url: https://example.se/bilaga/\nmarkdown: {{engine: {engine}, raw_html: {raw_html}}}\n",
    )
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    page = (tmp_path / "out" / "2016/01/ale/index.html").read_text(encoding="utf-8")
    code = re.search(r"<pre><code>(.*?)</code></pre>", page, re.DOTALL)
    assert code and "/kod/" in code[1] and "/bilaga/kod/" not in code[1]  # a code sample is text, as written
    tags = page.replace(code[0], "")
    found = [next(a for a in m.groups() if a) for m in _FROM_ROOT_IN_BODY.finditer(tags)]
    assert re.search(r'<img (alt="x" )?src="/bilaga/bilder/saknas\.jpg"', page)
    assert [a for a in found if not a.startswith("/bilaga/")] == []
    if raw_html == "allow":
        assert {"/bilaga/film.mp4", "/bilaga/poster.jpg", "/bilaga/bg.png", "/bilaga/sok/", "/bilaga/om/"} <= set(found)
        assert 'srcset="/bilaga/bilder/a.webp 1x, /bilaga/bilder/b.webp 2x"' in page
        assert 'content="30; URL=&#39;/bilaga/ny/&#39;"' in page
        assert '<audio src="/bilaga/ljud.mp3">' in page  # as a browser reads ` /ljud.mp3 `
    feed = (tmp_path / "out" / "feed.xml").read_text(encoding="utf-8")
    assert "https://example.se/bilaga/bilder/saknas.jpg" in feed and "https://example.se/bilder/" not in feed
