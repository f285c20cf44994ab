"""`aliases:` in front matter: an article's earlier addresses send readers on to it."""

from __future__ import annotations

from xml.etree import ElementTree

from click.testing import CliRunner
from conftest import article, parse

from sitegen.cli import main

BILAGA = "title: T\nbase_url: https://example.se/bilaga/\n"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args])
    return result.exit_code, result.output


def test_each_earlier_address_sends_readers_on_to_the_article(make_site) -> None:  # type: ignore[no-untyped-def]
    aliases = '[/2016/01/gammal-rubrik/, "/g%C3%B6teborg", /gammal.html, /2016/01/gammal-rubrik/]'
    root = make_site({"ale.md": article("Ny rubrik", aliases=aliases)}, BILAGA)
    code, output = run("build", "--root", str(root))
    assert code == 0, output
    out = root / "public"
    for path in ("2016/01/gammal-rubrik/index.html", "göteborg/index.html", "gammal.html"):
        page = parse(out / path)
        assert page.html["lang"] == "sv"
        assert page.select_one('link[rel="canonical"]')["href"] == "https://example.se/bilaga/2016/01/ny-rubrik/"
        assert page.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=/bilaga/2016/01/ny-rubrik/"
        assert page.select_one('meta[name="robots"]')["content"] == "noindex"
        link = page.select_one("body a")
        assert (link["href"], link.text) == ("/bilaga/2016/01/ny-rubrik/", "Ny rubrik")
    locs = [e.text for e in ElementTree.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert "https://example.se/bilaga/2016/01/ny-rubrik/" in locs
    assert not [loc for loc in locs if "gammal" in str(loc) or "teborg" in str(loc)]
    code, output = run("check", "--root", str(root), "--links")
    assert code == 0, output


def test_with_relative_urls_the_refresh_is_relative_too(make_site) -> None:  # type: ignore[no-untyped-def]
    """A helper session found the refresh sent a copy opened from disk to the live site."""
    root = make_site({"ale.md": article("Ale", aliases="[/gammal/]")}, BILAGA + "relative_urls: true\n")
    code, output = run("build", "--root", str(root))
    assert code == 0, output
    page = parse(root / "public/gammal/index.html")
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../2016/01/ale/index.html"
    assert page.select_one("body a")["href"] == "../2016/01/ale/index.html"


def test_a_themes_refresh_written_with_quotes_is_relative_too(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: a site's own alias.html writing its target in quotes
    (`content="0; URL='…'"`, as HTML allows) kept it from the root with relative_urls, so
    a copy opened from disk was sent to the disk's root."""
    root = make_site({"ale.md": article("Ale", aliases="[/gammal/]")}, BILAGA + "relative_urls: true\n")
    (root / "layouts").mkdir()
    (root / "layouts/alias.html").write_text(
        "<!doctype html><html lang=sv><title>{{ target.text }}</title>\n"
        "<meta http-equiv=\"Refresh\" content=\"0; URL = '{{ target.url | url }}'\">\n"
        "<meta name=\"description\" content=\"3 {{ target.url | url }}\">\n", encoding="utf-8"
    )
    code, output = run("build", "--root", str(root))
    assert code == 0, output
    page = parse(root / "public/gammal/index.html")
    assert page.select_one('meta[http-equiv="Refresh"]')["content"] == "0; URL = '../2016/01/ale/index.html'"
    assert page.select_one('meta[name="description"]')["content"] == "3 /bilaga/2016/01/ale/"  # no address


def test_a_wrong_alias_is_an_error_at_its_line_with_what_to_write(make_site) -> None:  # type: ignore[no-untyped-def]
    aliases = "\n  - https://example.se/2016/01/x/\n  - gammal/\n  - /x?p=12\n  - /a/../b/\n  - /a//b/\n  - 12"
    root = make_site({"ale.md": article("Ale", aliases=aliases)})
    code, output = run("build", "--root", str(root))
    assert code == 1
    assert [line for line in output.splitlines() if ": error: " in line] == [
        "content/ale.md:5:5: error: aliases[1]: 'https://example.se/2016/01/x/' is a whole address; "
        "write its path on this site alone: /2016/01/x/, less the path of base_url if it starts with "
        "it (/bilaga/2016/01/x/ is /2016/01/x/ for a site at https://example.se/bilaga/)",
        "content/ale.md:6:5: error: aliases[2]: 'gammal/' is not a path on this site; write it from "
        "the site's root: /gammal/",
        "content/ale.md:7:5: error: aliases[3]: '/x?p=12' has a '?' or '#'; a static site answers a "
        "path alone: write /x",
        "content/ale.md:8:5: error: aliases[4]: '/a/../b/' has a '.' or '..' part; write the path as "
        "a reader's browser shows it",
        "content/ale.md:9:5: error: aliases[5]: '/a//b/' has an empty part ('//'); write one '/' between the parts",
        'content/ale.md:10:5: error: aliases[6]: 12 is read as a number, not as text; put it in quotes: "12"',
    ]


def test_an_alias_written_with_the_base_path_is_told_to_be_written_without_it(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: with base_url https://example.se/bilaga/, an alias copied
    from the old address as a reader's browser shows it (/bilaga/2016/01/gammal/) was
    published at /bilaga/bilaga/2016/01/gammal/, with no word, and the old links still led
    nowhere; and a whole address was told to be written "without the base path:
    /bilaga/2016/01/x/", the base path still in it."""
    root = make_site({"ale.md": article("Ale", aliases="[/bilaga/2016/01/gammal/, /bilagan/x/]")}, BILAGA)
    code, output = run("build", "--root", str(root))
    assert code == 0, output
    assert [line for line in output.splitlines() if ": warning: " in line] == [
        "content/ale.md:4:11: warning: aliases: '/bilaga/2016/01/gammal/' starts with /bilaga/, the path "
        "of base_url (https://example.se/bilaga/), which every address of the site is given anyway: as "
        "written the earlier address would be /bilaga/bilaga/2016/01/gammal/, and links to "
        "/bilaga/2016/01/gammal/ would find nothing; write /2016/01/gammal/"]  # fmt: skip
    code, output = run("check", "--root", str(root), "--strict", "--base-url", "https://example.se/")
    assert code == 0, output  # at the root of a host, /bilaga/… is a path like any other
    code, output = run("check", "--root", str(root), "--strict")
    assert code == 1 and "content/ale.md:4:11: error: aliases: '/bilaga/2016/01/gammal/' starts with" in output


def test_an_alias_at_the_home_pages_address_is_a_clash_and_one_at_the_root_is_fine_elsewhere(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `aliases: ["/"]` was refused as "the home page's address"
    even with `permalinks: {home: /start/}`, where nothing else is written at /. An alias at
    the home page's real address is a clash, told at the alias."""
    root = make_site({"ale.md": article("Ale", aliases='["/"]')})
    code, output = run("build", "--root", str(root))
    assert code == 1
    assert [line for line in output.splitlines() if ": error: " in line] == [
        "content/ale.md:4:11: error: aliases: the earlier address / of 'Ale' would be written to "
        "index.html, where the home page is written too; give one of them another address"]  # fmt: skip
    root = make_site({"ale.md": article("Ale", aliases='["/", /x/]')}, "title: T\npermalinks: {home: /start/}\n")
    code, output = run("build", "--root", str(root))
    assert code == 0, output
    page = parse(root / "public/index.html")  # a redirect to the article, as at any earlier address
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=/2016/01/ale/"
    assert (root / "public/start/index.html").is_file()
    root = make_site({"ale.md": article("Ale", aliases='[/x/, /start/]')}, "title: T\npermalinks: {home: /start/}\n")
    code, output = run("build", "--root", str(root))
    assert code == 1
    assert [line for line in output.splitlines() if ": error: " in line] == [
        "content/ale.md:4:16: error: aliases: the earlier address /start/ of 'Ale' would be written to "
        "start/index.html, where the home page /start/ (config.yaml:2:14) is written too; give one of "
        "them another address"]  # fmt: skip


def test_an_alias_at_another_pages_address_is_an_error_naming_both(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"ale.md": article("Ale"),
                      "boras.md": article("Borås", "2016-01-21", aliases="[/x/, /2016/01/ale/]")})  # fmt: skip
    code, output = run("build", "--root", str(root))
    assert code == 1
    assert ("content/boras.md:4:16: error: aliases: the earlier address /2016/01/ale/ of 'Borås' would be "
            "written to 2016/01/ale/index.html, where the article 'Ale' (content/ale.md:2:1) is written "
            "too; give one of them another address") in output  # fmt: skip


def test_an_alias_where_a_file_is_or_a_path_sitegen_cannot_write_is_an_error_at_its_line(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `aliases: [/feed.xml]` made feed.xml a folder in an
    incremental build (the site's feed gone) and a cold build ended in "[Errno 21] Is a
    directory"; `/a%00b/` ended in a traceback, `/a//b/` in "refusing to write", and
    `/%C3/` made a folder named '�'."""
    root = make_site({"ale.md": article("Ale"), "b.md": article("Borås", "2016-01-21", aliases="[/feed.xml, /favicon.ico]")})
    code, output = run("build", "--root", str(root))
    assert code == 1
    errors = [line for line in output.splitlines() if ": error: " in line]
    assert len(errors) == 2, errors
    assert errors[0] == (
        "content/b.md:4:11: error: aliases: the earlier address /feed.xml/ of 'Borås' would be written to "
        "feed.xml/index.html, but feed.xml is where the site's feed /feed.xml is written, so it cannot be a "
        "folder too; give it another address")  # fmt: skip
    assert errors[1] == (
        "content/b.md:4:22: error: aliases: the earlier address /favicon.ico/ of 'Borås' would be written to "
        "favicon.ico/index.html, but favicon.ico is where the file (theme) assets/favicon.ico is written, so "
        "it cannot be a folder too; give one of them another address")  # fmt: skip
    assert "Errno" not in output and "Traceback" not in output
    wrong = '[/a%00b/, "/a//b/", "/%C3/", /.sitegen-built, "/vad%3F/"]'
    (root / "content/b.md").write_text(article("Borås", "2016-01-21", aliases=wrong), encoding="utf-8")
    code, output = run("build", "--root", str(root))
    assert code == 1 and "Traceback" not in output
    assert [line.split(": error: ")[1] for line in output.splitlines() if ": error: " in line] == [
        "aliases[1]: '/a%00b/' has a control character (written %00 or so); write the path as a reader's browser shows it",
        "aliases[2]: '/a//b/' has an empty part ('//'); write one '/' between the parts",
        "aliases[3]: '/%C3/' has %-escapes that are not UTF-8 text; write the path with its letters (å, ä, ö) as they are",
        "aliases[4]: '/.sitegen-built' has a part starting with '.', which is never published (and sitegen keeps for itself)",
        "aliases[5]: '/vad%3F/' has a '?' or '#' (written %3F or %23), which no folder of a static site can be named after",
    ]


def test_a_renamed_articles_feed_entry_keeps_its_id_through_its_first_alias(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: a new title gave the entry a new id, and readers showed the
    article again as new (RFC 4287: an entry's id never changes)."""
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    root = make_site({"ale.md": article("Gammal rubrik")}, BILAGA)
    assert run("build", "--root", str(root))[0] == 0
    ids = [e.findtext(f"{atom}id") for e in ElementTree.parse(root / "public/feed.xml").getroot().iter(f"{atom}entry")]
    (root / "content/ale.md").write_text(article("Ny rubrik", aliases="[/2016/01/gammal-rubrik/]"), encoding="utf-8")
    assert run("build", "--root", str(root))[0] == 0
    again = [e.findtext(f"{atom}id") for e in ElementTree.parse(root / "public/feed.xml").getroot().iter(f"{atom}entry")]
    assert ids == again == ["https://example.se/bilaga/2016/01/gammal-rubrik/"]
