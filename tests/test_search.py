"""Search: Pagefind's index written with the site, deterministic, and kept when no article
page changed; the search page without JavaScript; the marks Pagefind reads."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import article, parse
from test_incremental import tree

from sitegen.build import BuildReport

CONFIG = "title: T\nbase_url: https://x.se/bilaga/\nsearch: true\n"
SITE = {
    "2016/ale.md": article("Lätt att leva i Ale", "2016-01-20", kommun="Ale",
                           tags="[Socialförvaltning, Barn och unga]", body="Ale har fjällräv."),
    "2017/amal.md": article("Attraktivt i Åmål", "2017-02-01", kommun="Åmål",
                            tags="[Socialförvaltning]", body="Åmål har älgar."),
    "2018/malmo.md": article("Malmö växer", "2018-03-01", kommun="Malmö",
                             tags="[Introduktion]", body="Malmö har hamnar."),
}  # fmt: skip


def test_the_index_is_written_with_the_site(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report: BuildReport = run_build(make_site(SITE, config=CONFIG))
    out = tmp_path / "public"
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["sv"]  # one index, stemmed as Swedish
    assert entry["languages"]["sv"]["page_count"] == 3  # the articles, not the archives
    assert (out / "pagefind/pagefind-ui.js").is_file()
    assert report.search is not None and report.search.pages == 3 and not report.search.skipped
    assert not list(tmp_path.glob(".public.new-*"))  # written into the tree that was swapped in


def test_article_pages_carry_what_pagefind_reads(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_build(make_site(SITE, config=CONFIG))
    page = parse(tmp_path / "public/2016/01/latt-att-leva-i-ale/index.html")
    body = page.select("[data-pagefind-body]")
    assert len(body) == 1 and body[0].name == "article" and body[0].h1.get_text() == "Lätt att leva i Ale"
    filters = [(e["data-pagefind-filter"], e.get_text()) for e in page.select("[data-pagefind-filter]")]
    assert filters == [("kommun", "Ale"), ("etikett", "Socialförvaltning"), ("etikett", "Barn och unga")]
    meta = {e["data-pagefind-meta"]: e.get_text() for e in page.select("[data-pagefind-meta]")}
    assert meta == {"kommun": "Ale", "publicerad": "20 januari 2016"}
    hidden = page.select_one("[data-pagefind-filter]").parent
    assert hidden.has_attr("hidden") and hidden.has_attr("data-pagefind-ignore")
    assert not page.select_one(".related [data-pagefind-body]")


def test_the_search_page_offers_the_indexes_without_javascript(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_build(make_site(SITE, config=CONFIG))
    page = parse(tmp_path / "public/sok/index.html")
    assert page.h1.get_text() == "Sök"
    sections = {s.h2.get_text(): [a["href"] for a in s.select("li a")] for s in page.select(".search-index")}
    assert sections == {
        "Etiketter": ["/bilaga/etikett/barn-och-unga/", "/bilaga/etikett/introduktion/",
                      "/bilaga/etikett/socialforvaltning/"],
        "Kommuner": ["/bilaga/kommun/ale/", "/bilaga/kommun/malmo/", "/bilaga/kommun/amal/"],
    }  # fmt: skip
    scripts = [s["src"] for s in page.select("script[src]")]
    assert scripts == ["/bilaga/pagefind/pagefind-ui.js"]
    assert page.select_one('link[href="/bilaga/pagefind/pagefind-ui.css"]')
    home = parse(tmp_path / "public/index.html")
    assert "/bilaga/sok/" in [a["href"] for a in home.select("nav a")]


def test_two_builds_write_the_same_index(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(SITE, config=CONFIG)
    run_build(root, output=tmp_path / "one", use_cache=False)
    run_build(root, output=tmp_path / "two", use_cache=False)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert [p for p in one if p.startswith("pagefind/")]
    assert one == two


def test_nothing_is_indexed_again_while_no_article_page_changed(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site(SITE, config=CONFIG)
    run_build(root)
    out = tmp_path / "public"
    inode = (out / "pagefind/pagefind-entry.json").stat().st_ino
    (root / "content/bilaga.txt").write_text("Ny fil.")  # a change no article page shows
    again: BuildReport = run_build(root)
    assert again.search is not None and again.search.skipped and again.search.pages == 0
    assert (out / "pagefind/pagefind-entry.json").stat().st_ino == inode  # kept, not written
    (root / "content/2018/malmo.md").write_text(SITE["2018/malmo.md"].replace("hamnar", "broar"))
    edited: BuildReport = run_build(root)
    assert edited.search is not None and not edited.search.skipped and edited.search.pages == 3
    cold = tmp_path / "cold"
    run_build(root, output=cold, use_cache=False)
    assert tree(out) == tree(cold)  # the index made again is the one a cold build makes


def test_without_search_there_is_no_index_and_no_search_page(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report: BuildReport = run_build(make_site(SITE, config="title: T\n"))
    out = tmp_path / "public"
    assert report.search is None
    assert not (out / "pagefind").exists() and not (out / "sok").exists()
    assert not parse(out / "2016/01/latt-att-leva-i-ale/index.html").select("[data-pagefind-body]")


def test_a_site_with_nothing_published_yet_builds_without_an_index(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by the second helper session: right after `sitegen new` (one draft) a build
    with `search: true` failed, because Pagefind refuses a site with no pages. The search
    page is there with its links by topic; the index comes with the first article, and
    goes again with the last."""
    root = make_site({"2016/ale.md": article("Utkast", "2016-01-20", draft="true")}, config=CONFIG)
    out = tmp_path / "public"
    report: BuildReport = run_build(root)
    assert report.search is not None and report.search.pages == 0
    assert (out / "sok/index.html").is_file() and not (out / "pagefind").exists()
    # and the search page asks for no part of an index that is not there (the third helper
    # session found two 404s, which made check --links fail)
    assert "pagefind" not in (out / "sok/index.html").read_text(encoding="utf-8")
    assert "Här finns inga artiklar att söka i ännu." in (out / "sok/index.html").read_text(encoding="utf-8")
    (root / "content/2016/ale.md").write_text(article("Lätt att leva i Ale", "2016-01-20"), encoding="utf-8")
    run_build(root)
    assert (out / "pagefind/pagefind-ui.js").is_file()
    (root / "content/2016/ale.md").write_text(article("Utkast", "2016-01-20", draft="true"), encoding="utf-8")
    run_build(root)
    assert not (out / "pagefind").exists()


def test_a_file_of_the_site_in_the_index_folder_is_an_error(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by the second helper session: content/pagefind/pagefind-ui.js was silently
    replaced by the index's own (and counted twice)."""
    from click.testing import CliRunner

    from sitegen.cli import main

    root = make_site(SITE, config=CONFIG)
    (root / "content/pagefind").write_text("en fil")  # the third helper session: a traceback
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert ("content/pagefind: error: the file content/pagefind would be written to pagefind, where the "
            "search index of search: true (config.yaml:3:1) writes its folder pagefind/; move it elsewhere") in result.output  # fmt: skip
    (root / "content/pagefind").unlink()
    (root / "content/pagefind").mkdir()
    (root / "content/pagefind/pagefind-ui.js").write_text("mitt")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert ("content/pagefind/pagefind-ui.js: error: the file content/pagefind/pagefind-ui.js would be "
            "written to pagefind/pagefind-ui.js, in the folder pagefind/ that the search index of search: "
            "true (config.yaml:3:1) writes whole, which would replace it; move it elsewhere") in result.output  # fmt: skip
    (root / "config.yaml").write_text("title: T\n")  # without search, the folder is the site's
    assert CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")]).exit_code == 0
    assert (tmp_path / "o/pagefind/pagefind-ui.js").read_text() == "mitt"


def test_working_folders_that_killed_builds_left_are_swept(tmp_path: Path) -> None:
    """Found by the second helper session: a build killed while Pagefind ran left its
    working folder (7 MB at 300 articles) in the temporary folder for good. The next index
    removes those untouched for a day; a running build's, and anything else, stays."""
    import os
    import time

    from sitegen.output.search import _sweep

    now = time.time()
    old, young, other = tmp_path / "sitegen-pagefind-old", tmp_path / "sitegen-pagefind-new", tmp_path / "annat"
    for folder in (old, young, other):
        (folder / "site").mkdir(parents=True)
        os.utime(folder, (now - 2 * 86400, now - 2 * 86400) if folder != young else (now, now))
    _sweep(tmp_path, now)
    assert not old.exists() and young.is_dir() and other.is_dir()


def test_pagefind_failing_is_told_at_search_true(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: Pagefind's failures were told at config.yaml without the
    line of `search: true`, which asks for the index."""
    import subprocess

    from click.testing import CliRunner

    from sitegen.cli import main

    def failing(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 3, "", "Error: boom\n")

    monkeypatch.setattr("sitegen.output.search.subprocess.run", failing)
    root = make_site(SITE, config=CONFIG)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "config.yaml:3:1: error: search: Pagefind failed (exit status 3): Error: boom\n" in result.output


def test_the_404_page_offers_a_search_box_that_opens_the_search_page(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A reader who followed a dead link gets a box: a GET form to the search page, whose
    script searches for its `q` (so it works under the base path, and without JavaScript
    it lands on the indexes)."""
    run_build(make_site(SITE, config=CONFIG))
    form = parse(tmp_path / "public/404.html").select_one("main form[role=search]")
    assert form is not None
    assert (form["action"], form.get("method")) == ("/bilaga/sok/", "get")
    box = form.select_one("input[type=search]")
    assert box["name"] == "q" and form.select_one(f"label[for={box['id']}]").get_text() == "Sök bland artiklarna"


def test_the_404_page_has_no_search_box_where_there_is_no_index(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_build(make_site(SITE, config="title: T\n"))
    assert parse(tmp_path / "public/404.html").select("form") == []
    draft = {"2016/ale.md": article("Utkast", "2016-01-20", draft="true")}  # nothing published
    run_build(make_site(draft, config=CONFIG, folder=tmp_path / "new-site"))
    assert parse(tmp_path / "public/404.html").select("form") == []
