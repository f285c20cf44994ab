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
