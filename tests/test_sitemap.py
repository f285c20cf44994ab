"""The sitemap: one file while it holds what sitemaps.org allows one file (50,000 addresses,
50 MB), else several files and their index at /sitemap.xml, which robots.txt names."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import article

from sitegen.site import plan

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.se/bilaga/"
CONFIG = f"title: T\nbase_url: {BASE}\nper_page: 2\n"


def _site(make_site):  # type: ignore[no-untyped-def]
    """Seven articles in two kommuner, with tags: some thirty addresses to list."""
    files = {f"a{n}.md": article(f"Artikel {n}", f"2016-0{n}-1{n}", kommun="Ale" if n % 2 else "Borås",
                                 tags=f"[Jobb, Ämne {n % 3}]", updated=f"2016-0{n}-2{n}T10:30:00Z")
             for n in range(1, 8)}  # fmt: skip
    return make_site(files, CONFIG)


def _urls(path: Path) -> list[tuple[str, str | None]]:
    """The (loc, lastmod) of a sitemap file, read as the protocol says one is written."""
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{NS}urlset"
    found = []
    for url in root:
        assert url.tag == f"{NS}url" and [child.tag for child in url][0] == f"{NS}loc"
        found.append((str(url.findtext(f"{NS}loc")), url.findtext(f"{NS}lastmod")))
    return found


def test_a_sitemap_over_the_limit_is_split_with_an_index_that_robots_names(make_site, run_build, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    root = _site(make_site)
    run_build(root, output=tmp_path / "one", use_cache=False)
    whole = _urls(tmp_path / "one/sitemap.xml")
    assert len(whole) > 20 and len(set(whole)) == len(whole)
    assert not list((tmp_path / "one").glob("sitemap-*.xml"))
    monkeypatch.setattr(plan, "SITEMAP_URLS", 10)
    run_build(root, output=tmp_path / "split", use_cache=False)
    out = tmp_path / "split"
    index = ElementTree.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{NS}sitemapindex"
    files = [(e.findtext(f"{NS}loc"), e.findtext(f"{NS}lastmod")) for e in index]
    count = -(-len(whole) // 10)
    assert [loc for loc, _ in files] == [f"{BASE}sitemap-{n}.xml" for n in range(1, count + 1)]
    listed = []
    for loc, lastmod in files:
        urls = _urls(out / str(loc).removeprefix(BASE))
        assert 0 < len(urls) <= 10
        assert lastmod == max((m for _, m in urls if m), key=datetime.fromisoformat)
        listed += urls
    assert listed == whole  # every page once, in the same order, with its lastmod
    assert f"\nSitemap: {BASE}sitemap.xml\n" in (out / "robots.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(plan, "SITEMAP_URLS", 50_000)  # the next build: one file again, the rest gone
    run_build(root, output=tmp_path / "split", use_cache=False)
    assert (out / "sitemap.xml").read_bytes() == (tmp_path / "one/sitemap.xml").read_bytes()
    assert not list(out.glob("sitemap-*.xml"))


def test_a_sitemap_over_the_size_limit_is_split_too(make_site, run_build, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    root = _site(make_site)
    limit = 2_000
    monkeypatch.setattr(plan, "SITEMAP_BYTES", limit)
    run_build(root, use_cache=False)
    out = tmp_path / "public"
    files = sorted(out.glob("sitemap-*.xml"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(files) > 2
    for file in files:
        assert len(file.read_bytes()) <= limit, file
    listed = [url for file in files for url in _urls(file)]
    assert len(listed) == len(set(listed)) and f"{BASE}2016/01/artikel-1/" in dict(listed)


def test_a_page_where_a_sitemap_file_goes_is_an_error(make_site, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from conftest import told

    root = _site(make_site)
    (root / "content/sitemap-2.xml").write_text("<min/>", encoding="utf-8")
    assert told(root, command="check") == (0, [])
    monkeypatch.setattr(plan, "SITEMAP_URLS", 10)
    assert told(root, command="check") == (1, [
        "content/sitemap-2.xml: error: the file content/sitemap-2.xml would be written to sitemap-2.xml, "
        "where sitegen's own /sitemap-2.xml is written too; remove content/sitemap-2.xml, or move it elsewhere"])  # fmt: skip
