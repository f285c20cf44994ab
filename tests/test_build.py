"""Whole builds of small sites: options, theme overrides, images, determinism, safety."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rcssmin
from click.testing import CliRunner
from conftest import NOW, REPO, TEST_SITE, article, parse

from sitegen.build import BuildOptions, build
from sitegen.cli import main
from sitegen.output.write import UnsafeOutput


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build(BuildOptions(root=TEST_SITE, now=NOW, output=first, use_cache=False))
    build(BuildOptions(root=TEST_SITE, now=NOW, output=second, jobs=2, use_cache=False))
    assert tree(first) == tree(second)


def test_parallel_reading_gives_the_same_site(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = {f"{i:03d}.md": article(f"Artikel {i}", f"2016-01-{1 + i % 28:02d}", tags="[A, B]")
             for i in range(210)}  # fmt: skip
    root = make_site(files)
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "one", jobs=1))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "two", jobs=2))
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_drafts_and_future_flags_show_them_marked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(
        BuildOptions(root=TEST_SITE, now=NOW, output=out, drafts=True, future=True, use_cache=False)
    )
    draft = parse(out / "2017/04/ett-utkast/index.html")
    assert draft.select_one(".flag").get_text() == "Utkast"
    future = parse(out / "2099/01/publiceras-i-framtiden/index.html")
    assert future.select_one(".flag").get_text() == "Schemalagd"


def test_base_url_with_a_path_prefixes_every_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(
        BuildOptions(
            root=TEST_SITE, now=NOW, output=out, base_url="https://x.se/bilaga", use_cache=False
        )
    )
    page = parse(out / "etikett/socialforvaltning/index.html")
    hrefs = [a["href"] for a in page.find_all("a") if not a["href"].startswith(("#", "http"))]
    assert hrefs and all(h.startswith("/bilaga/") for h in hrefs)
    assert (
        page.find("link", rel="canonical")["href"]
        == "https://x.se/bilaga/etikett/socialforvaltning/"
    )
    assert re.fullmatch(r"/bilaga/css/site\.[0-9a-f]{10}\.css", page.find("link", rel="stylesheet")["href"])


def test_site_layouts_override_the_theme_file_by_file(make_site, run_build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    (root / "layouts").mkdir()
    (root / "layouts" / "404.html").write_text("egen 404", encoding="utf-8")
    (root / "assets" / "css").mkdir(parents=True)
    (root / "assets" / "css" / "site.css").write_text("body { }", encoding="utf-8")
    run_build(root)
    out = tmp_path / "public"
    assert (out / "404.html").read_text() == "egen 404"
    [css] = (out / "css").glob("site.*.css")  # the site's, minified, not the theme's
    assert css.read_text() == "body{}"
    assert parse(out / "2016/01/ale/index.html").find("link", rel="stylesheet")["href"] == f"/css/{css.name}"
    assert parse(out / "2016/01/ale/index.html").h1.get_text() == "Ale"  # theme's article.html


def test_a_site_without_layouts_uses_the_shipped_theme(make_site, run_build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    run_build(root)
    theme_css = (REPO / "assets" / "css" / "site.css").read_text(encoding="utf-8")
    [css] = (tmp_path / "public" / "css").glob("site.*.css")
    assert css.read_text(encoding="utf-8") == rcssmin.cssmin(theme_css)
    assert (tmp_path / "public" / "favicon.svg").read_bytes() == (REPO / "assets" / "favicon.svg").read_bytes()


def test_an_image_an_editor_adds_is_copied_and_shown(make_site, run_build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    fields = {"image": "images/ale.jpg", "caption": "Tre socionomer.", "photographer": "Patrik B"}
    root = make_site({"2016/ale.md": article("Ale", **fields)})
    (root / "content" / "images").mkdir()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(root / "content" / "images" / "ale.jpg")
    run_build(root)
    out = tmp_path / "public"
    figure = parse(out / "2016/01/ale/index.html").select_one("figure.photo")
    # Shown as its resized variant (never wider than the 64 px original; see test_images.py).
    assert figure.img["src"].startswith("/img/") and figure.img["src"].endswith("/ale-64.jpg")
    assert figure.img["alt"] == "Tre socionomer."
    assert figure.figcaption.get_text() == "Tre socionomer."
    byline = parse(out / "2016/01/ale/index.html").select_one(".byline").get_text()
    assert " ".join(byline.split()) == "Publicerad 20 januari 2016 · Foto: Patrik B"
    assert Image.open(out / "images" / "ale.jpg").size == (64, 48)  # the original, copied
    assert Image.open(out / figure.img["src"].lstrip("/")).size == (64, 48)
    entry = parse(out / "index.html").select_one("article.entry img")
    assert entry["src"] == figure.img["src"]


def test_photographer_taxonomy_is_a_config_change(make_site, run_build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = """\
        title: Test
        taxonomies:
          - {field: tags, path: etikett, title: "Etikettarkiv: {term}", index_title: Etiketter, label: Taggar}
          - {field: photographer, path: fotograf, title: "Foto: {term}", index_title: Fotografer, label: Foto}
        """
    root = make_site({"a.md": article("Ale", photographer="Patrik Bergenstav")}, config)
    run_build(root)
    page = parse(tmp_path / "public/fotograf/patrik-bergenstav/index.html")
    assert page.h1.get_text() == "Foto: Patrik Bergenstav"
    assert parse(tmp_path / "public/fotograf/index.html").h1.get_text() == "Fotografer"
    link = parse(tmp_path / "public/2016/01/ale/index.html").select_one(".terms-photographer a")
    assert link["href"] == "/fotograf/patrik-bergenstav/"
    assert not (tmp_path / "public/kommun").exists()


def test_archive_full_text_shows_whole_articles(make_site, run_build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", body="## Rubrik\n\nHela texten.")},
                     "title: Test\narchive_full_text: true\n")  # fmt: skip
    run_build(root)
    entry = parse(tmp_path / "public/index.html").select_one("article.entry")
    assert "Hela texten." in entry.get_text()


def test_permalinks_can_change_article_urls(make_site, run_build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")},
                     "title: Test\npermalinks: {article: '/artiklar/{slug}/', page: 'p/{n}/'}\n")  # fmt: skip
    run_build(root)
    assert (tmp_path / "public/artiklar/ale/index.html").is_file()


def test_the_site_name_and_every_link_home_lead_to_the_home_page_set_in_permalinks(make_site, run_build, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: with `permalinks: {home: /start/}` the site's name on every page
    linked to `/`, where no page is, and the feed, JSON-LD and manifest named `/` as home."""
    import json

    from conftest import told

    root = make_site({"a.md": article("Ale", kommun="Ale")},
                     "title: Test\nbase_url: https://example.se/bilaga/\npermalinks: {home: /start/}\n")  # fmt: skip
    run_build(root)
    public = tmp_path / "public"
    home = parse(public / "start/index.html").select_one(".masthead-title a")
    assert (home["href"], home.get("aria-current")) == ("/bilaga/start/", "page")
    page = parse(public / "2016/01/ale/index.html")
    assert page.select_one(".masthead-title a").attrs == {"href": "/bilaga/start/"}
    assert [a["href"] for a in page.select(".site-nav a")][0] == "/bilaga/start/"
    graph = json.loads(page.select_one('script[type="application/ld+json"]').string)["@graph"]
    news, crumbs = graph[0], graph[-1]
    assert news["publisher"]["url"] == news["author"]["url"] == "https://example.se/bilaga/start/"
    assert crumbs["itemListElement"][0]["item"] == "https://example.se/bilaga/start/"
    feed = (public / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<uri>https://example.se/bilaga/start/</uri>") == 2 and "<uri>https://example.se/bilaga/</uri>" not in feed
    assert json.loads((public / "site.webmanifest").read_text(encoding="utf-8"))["start_url"] == "./start/"
    assert told(root, "--links", command="check") == (0, [])


def test_output_inside_the_site_sources_is_refused(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    with pytest.raises(UnsafeOutput):
        build(BuildOptions(root=root, now=NOW, output=root / "content"))
    with pytest.raises(UnsafeOutput):
        build(BuildOptions(root=root, now=NOW, output=root.parent))
    for cache in (root / ".sitegen-cache", root / ".sitegen-cache/site"):  # found by a tester: taken
        with pytest.raises(UnsafeOutput, match="overlaps the site's .sitegen-cache"):
            build(BuildOptions(root=root, now=NOW, output=cache))


@pytest.mark.parametrize(
    ("output", "told"),
    [("content", "is the site's content"), (".", "holds the site's config.yaml"),
     (".sitegen-cache/site", "is in the site's .sitegen-cache"), ("layouts/x", "is in the site's layouts")],
)
def test_an_output_option_inside_the_site_sources_is_a_usage_error(make_site, output: str, told: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session setting up CI: `build -o content` (a mistake in the command
    line) built the whole site, then ended with exit status 1, that of a content error, as
    if an article were wrong; `--report` in the same place was already a usage error."""
    root = make_site({"a.md": article("Ale")})
    (root / "layouts").mkdir()
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(root / output)])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '-o' / '--output': {root / output} {told}, and a build replaces" in result.output
    assert "Built" not in result.output
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing built, not even the cache


def test_an_unrelated_folder_is_never_replaced(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me")
    with pytest.raises(UnsafeOutput):
        build(BuildOptions(root=root, now=NOW, output=precious))
    assert (precious / "letter.txt").read_text() == "keep me"


def test_cli_build_check_and_options(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale"), "b.md": article("Utkast", draft="true")})
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        main, ["build", "--root", str(root), "-o", str(out), "--drafts", "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "Built 2 articles" in result.output
    assert (out / "2016/01/utkast/index.html").is_file()
    quiet = runner.invoke(main, ["build", "--root", str(root), "-o", str(out), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""
    check = runner.invoke(main, ["check", "--root", str(root)])
    assert check.exit_code == 0 and "OK: 1 article" in check.output  # as `build` builds it
    check = runner.invoke(main, ["check", "--root", str(root), "--drafts"])
    assert check.exit_code == 0 and "OK: 2 articles" in check.output
    assert not (root / "public").exists()  # check writes nothing
    usage = runner.invoke(main, ["build", "--jobs", "0"])
    assert usage.exit_code == 2


def test_output_dir_from_config(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")}, "title: Test\noutput_dir: dist\n")
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "dist" / "index.html").is_file()


def test_build_py_is_sitegen_build(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), "-o", str(out)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (out / "2016/01/ale/index.html").is_file()


def test_build_py_tells_its_usage_as_it_is_run() -> None:
    """Found by a newcomer: `python build.py --help` said `Usage: build.py build [OPTIONS]`,
    a command that does not work (`build` is taken as an extra argument)."""
    for flag in ("--help", "-h"):
        done = subprocess.run([sys.executable, str(REPO / "build.py"), flag], capture_output=True, text=True,
                              check=False)  # fmt: skip
        assert done.returncode == 0 and done.stdout.startswith("Usage: build.py [OPTIONS]\n"), done.stdout
        assert "--output DIRECTORY" in done.stdout and "Build the site" in done.stdout
    done = subprocess.run([sys.executable, str(REPO / "build.py"), "--bogus"], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("Usage: build.py [OPTIONS]\nTry 'build.py --help' for help.\n"), done.stderr


def test_not_a_site_root_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "no config.yaml" in result.output and "Traceback" not in result.output


def test_progress_bar_waits_a_second_then_draws_and_clears() -> None:
    import io

    from sitegen.cli import ProgressBar

    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar(stream, clock=lambda: now[0])
    bar("Artiklar", 10, 100)
    assert stream.getvalue() == ""  # a quick build shows no bar
    now[0] = 1.5
    bar("Sidor", 50, 100)
    assert stream.getvalue() == "\rSidor     [" + "#" * 15 + "-" * 15 + "] 50/100"
    bar.close()
    assert stream.getvalue().endswith("\r")


def test_builds_report_progress_to_the_callback(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, int, int]] = []
    root = make_site({f"{i}.md": article(f"A {i}") for i in range(3)})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "o",
                       progress=lambda *args: seen.append(args)))  # fmt: skip
    assert ("Artiklar", 3, 3) in seen
    assert seen[-1][0] == "Sidor" and seen[-1][1] == seen[-1][2]


def test_no_progress_bar_when_not_a_terminal(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")])
    assert "[#" not in result.output and "\r" not in result.output


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(
    make_site, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(blocker / "out")])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "Traceback" not in result.output


@pytest.mark.parametrize(("epoch", "built"), [("1500000000", False), ("1900000000", True)])
def test_source_date_epoch_is_the_builds_now(make_site, monkeypatch, epoch: str, built: bool) -> None:  # type: ignore[no-untyped-def]
    """reproducible-builds.org: SOURCE_DATE_EPOCH (here 2017-07-14 or 2030-03-17) is now."""
    root = make_site({"a.md": article("A", "2016-01-20"), "b.md": article("B", "2020-01-20")})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(root / "out")])
    assert result.exit_code == 0, result.output
    assert (root / "out/2020/01/b/index.html").exists() == built


def test_a_source_date_epoch_that_is_not_a_number_is_a_usage_error(make_site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("A")})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "igår")
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 2
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got 'igår'" in result.output


def test_build_py_with_a_dependency_missing_says_how_to_install_them(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`python build.py` where click is installed but a dependency that a build imports only
    when it needs it is not (rcssmin, for the stylesheet): one line, no traceback. (Without
    any dependency at all: tests/test_deploy_docs.py.)"""
    import subprocess
    import sys

    root = make_site({"a.md": article("Ale")})
    hide = ("import runpy, sys\n"
            "class Hide:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'rcssmin':\n"
            "            raise ModuleNotFoundError(\"No module named 'rcssmin'\", name=name)\n"
            "sys.meta_path.insert(0, Hide())\n"
            f"sys.argv = ['build.py', '--root', {str(root)!r}, '-o', {str(tmp_path / 'o')!r}]\n"
            f"runpy.run_path({str(REPO / 'build.py')!r}, run_name='__main__')\n")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ("build.py: cannot import 'rcssmin'; install sitegen and its dependencies "
                             "first: python -m pip install .\n")  # fmt: skip


def test_an_output_folder_sitegen_did_not_build_is_never_replaced(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, case 4: `-o www` on a folder holding index.html and x/notes.txt deleted
    notes.txt. Only an empty folder or one sitegen built (it has .sitegen-built) is."""
    root = make_site({"a.md": article("Ale")})
    www = tmp_path / "www"
    (www / "x").mkdir(parents=True)
    (www / "index.html").write_text("<p>min sida</p>")
    (www / "x" / "notes.txt").write_text("anteckningar")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(www)])
    assert result.exit_code == 1
    assert f"error: {www} exists and was not built by sitegen (it has no .sitegen-built file)" in result.output
    assert (www / "x" / "notes.txt").read_text() == "anteckningar"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(empty)]).exit_code == 0
    assert (empty / ".sitegen-built").is_file()
    (root / "content" / "b.md").write_text(article("Borås"))  # a full build replaces it
    assert CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(empty)]).exit_code == 0
    assert (empty / ".sitegen-built").is_file() and (empty / "2016/01/boras/index.html").is_file()


def test_symbolic_links_leaving_the_site_are_not_followed(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, case 6: `ln -s ../../secret.txt content/h.txt` published the secret."""
    secret = tmp_path / "secret.txt"
    secret.write_text("hemligt")
    root = make_site({"a.md": article("Ale")})
    (root / "content" / "h.txt").symlink_to(secret)
    (root / "content" / "s.md").symlink_to(secret)
    (root / "content" / "inne.txt").symlink_to(root / "config.yaml")  # inside: published
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f"content/h.txt: warning: a symbolic link to {secret}, outside the site" in result.output
    assert not (root / "public" / "h.txt").exists() and (root / "public" / "inne.txt").is_file()
    assert all(b"hemligt" not in p.read_bytes() for p in (root / "public").rglob("*") if p.is_file())
    strict = CliRunner().invoke(main, ["build", "--root", str(root), "--strict"])
    assert strict.exit_code == 1


def test_a_folder_built_before_the_marker_existed_is_still_replaced(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    old = tmp_path / "old"
    old.mkdir()
    for name in ("index.html", "404.html", "feed.xml", "sitemap.xml"):
        (old / name).write_text("<!-- an older sitegen -->")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(old)])
    assert result.exit_code == 0, result.output
    assert (old / ".sitegen-built").is_file()


def test_a_known_folder_without_the_marker_is_replaced_only_when_all_its_files_are_known(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A folder the cache knows but without a marker (built before markers) was let through
    only when it had a root index.html, which a site whose home is /start/ has not; now
    when every file in it is one the cache records, and never when another file is there."""
    root = make_site({"a.md": article("Ale")}, config="title: Test\npermalinks: {home: /start/}\n")
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out)]).exit_code == 0
    (out / ".sitegen-built").unlink()
    (root / "content" / "b.md").write_text(article("Borås"))
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / ".sitegen-built").is_file() and (out / "2016/01/boras/index.html").is_file()
    (out / ".sitegen-built").unlink()
    (out / "start" / "notes.txt").write_text("anteckningar")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out)])
    assert result.exit_code == 1
    assert f"error: {out} exists and was not built by sitegen" in result.output
    assert (out / "start" / "notes.txt").read_text() == "anteckningar"


def test_files_dropped_into_the_output_are_removed_and_reported(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: with nothing else changed, a file someone put into the
    output survived the next build, which said "0 removed"; after the next edit it vanished
    unreported. The output is what a cold build writes, and the report names what went."""
    import json

    root = make_site({"a.md": article("Ale"), "b.md": article("Åmål", "2016-01-21")})
    out = tmp_path / "public"
    for _ in range(2):
        assert CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out)]).exit_code == 0
    (out / "egen.txt").write_text("x")
    (out / "ny").mkdir()
    (out / "ny" / "sida.html").write_text("<p>min</p>")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert "2 removed" in result.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["removed_urls"] == ["http://localhost:8000/egen.txt", "http://localhost:8000/ny/sida.html"]
    cold = tmp_path / "cold"
    build(BuildOptions(root=root, now=NOW, output=cold, use_cache=False))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == sorted(
        p.relative_to(cold).as_posix() for p in cold.rglob("*"))  # fmt: skip


def test_without_the_cache_files_with_the_same_bytes_are_kept_not_written(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: a build without .sitegen-cache/ (a first CI run, an
    evicted cache) wrote every file anew and listed all of them as changed, so a deploy
    purged every address and rsync sent everything again. Files whose bytes are the same
    keep their inode and time, and only the rest are written and reported."""
    import json
    import shutil

    root = make_site({"a.md": article("Ale"), "b.md": article("Åmål", "2016-01-21")})
    out = tmp_path / "public"
    assert CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out)]).exit_code == 0
    before = {p.relative_to(out).as_posix(): p.stat() for p in out.rglob("*") if p.is_file()}
    shutil.rmtree(root / ".sitegen-cache")
    (root / "content" / "b.md").write_text(article("Åmål", "2016-01-21") + "\nNy mening.\n", encoding="utf-8")
    (out / "egen.txt").write_text("x")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r.json").read_text())
    changed = {u.removeprefix("http://localhost:8000/") for u in report["changed_urls"]}
    assert changed == {"2016/01/amal/", "feed.xml"}, changed
    assert report["removed_urls"] == ["http://localhost:8000/egen.txt"]
    after = {p.relative_to(out).as_posix(): p.stat() for p in out.rglob("*") if p.is_file()}
    kept = [r for r in after if r not in ("2016/01/amal/index.html", "feed.xml")]
    assert len(kept) >= 15 and all(after[r].st_ino == before[r].st_ino for r in kept if r != ".sitegen-built")
    cold = tmp_path / "cold"
    build(BuildOptions(root=root, now=NOW, output=cold, use_cache=False))
    assert {r: (out / r).read_bytes() for r in after} == {
        p.relative_to(cold).as_posix(): p.read_bytes() for p in cold.rglob("*") if p.is_file()}  # fmt: skip


def test_a_root_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    """Found by a helper session: `--root /nonexistent` ended with exit status 1, as a
    broken site does; a mistyped command line is status 2."""
    for command in ("build", "check", "serve", "new"):
        args = [command, "--root", str(tmp_path / "saknas")] + (["Rubrik"] if command == "new" else [])
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (command, result.output)
        assert "does not exist" in result.output


@pytest.mark.parametrize("times", ["kept", "lost", "lost, and a file added", "lost, and a folder added",
                                   "kept, and a file made a link", "lost, and a file made a link"])  # fmt: skip
def test_a_ci_run_with_the_output_restored_renders_nothing_that_did_not_change(
    make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, times: str
) -> None:  # type: ignore[no-untyped-def]
    """A CI run in a fresh clone (every source a new modification time) that restores
    .sitegen-cache/ and public/ from its cache: with their times (a tar archive, as GitHub's
    cache keeps them) or without them (a zip, as GitLab's; each kept file is then known by
    its bytes), no page is rendered, no file written, the output is left where it is (a
    helper session found it swapped when the times were lost), and it is what a cold build
    writes."""
    import shutil

    from sitegen.output.render import Renderer

    first = make_site({"a.md": article("Ale"), "b.md": article("Åmål", "2016-01-21")}, folder=tmp_path / "a")
    build(BuildOptions(root=first, now=NOW, output=first / "public"))
    clone = tmp_path / "clone"
    shutil.copytree(first, clone, ignore=shutil.ignore_patterns("public", ".sitegen-cache"),
                    copy_function=shutil.copy)  # a checkout: new times  # fmt: skip
    copy = shutil.copy2 if times.startswith("kept") else shutil.copy
    for folder in ("public", ".sitegen-cache"):
        shutil.copytree(first / folder, clone / folder, copy_function=copy)
    if times.startswith("lost"):  # the folders' times too
        for folder in (clone / "public").rglob("*"):
            if folder.is_dir():
                os.utime(folder)
    if times.endswith("file added"):
        (clone / "public/2016/egen.txt").write_text("x")
    if times.endswith("folder added"):
        (clone / "public/2016/tom").mkdir()
    if times.endswith("made a link"):  # the third helper session: a link in a file's place was kept
        shutil.copy2(clone / "public/robots.txt", tmp_path / "robots.txt")
        (clone / "public/robots.txt").unlink()
        (clone / "public/robots.txt").symlink_to(tmp_path / "robots.txt")
    inode = (clone / "public").stat().st_ino
    if not times.endswith("made a link"):  # robots.txt is rendered again: it was not there
        monkeypatch.setattr(Renderer, "render", lambda self, page: pytest.fail(f"rendered {page.url}"))
    report = build(BuildOptions(root=clone, now=NOW, output=clone / "public"))
    changed = times.endswith(("added", "made a link"))
    assert (report.read, report.written.removed) == (0, int(times.endswith("file added")))
    assert report.written.written == int(times.endswith("made a link"))
    assert ((clone / "public").stat().st_ino == inode) != changed  # left in place when nothing is to change
    assert not (clone / "public/robots.txt").is_symlink()
    assert not list(clone.glob(".public.new-*"))
    monkeypatch.undo()
    cold = tmp_path / "cold"
    build(BuildOptions(root=clone, now=NOW, output=cold, use_cache=False))
    built = {p.relative_to(clone / "public").as_posix(): p.read_bytes() if p.is_file() else None
             for p in (clone / "public").rglob("*")}  # fmt: skip
    assert built == {p.relative_to(cold).as_posix(): p.read_bytes() if p.is_file() else None for p in cold.rglob("*")}
