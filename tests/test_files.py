"""Issue 10, cases 3 and 5: files named in text are found as a browser and an editor expect.
Decomposed (NFD) file names, as macOS writes them, match the composed text that names
them; images in article bodies resolve like `image:` (next to the article, then content/,
then assets/), carry the base path, and a missing one is a warning at its line:column."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from xml.etree import ElementTree

from click.testing import CliRunner
from conftest import NOW, REPO, article, parse
from PIL import Image

from sitegen.build import BuildOptions, build
from sitegen.cli import main

GIF = b"GIF87a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x08\x04\x00\x01\x04\x04\x00;"  # a whole 1×1 GIF
# Images Pillow does not resize: these tests are of the addresses of the files themselves.
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def nfd(name: str) -> str:
    return unicodedata.normalize("NFD", name)


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1", *args])


def test_decomposed_file_names_are_found_by_composed_text(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({
        "2016/ale.md": article("Ale", body="Se [Töreboda](Töreboda.md) och ![Älven](../images/älv.gif).",
                               image="images/älv.gif"),
    })  # fmt: skip
    (root / "content/2016" / nfd("Töreboda.md")).write_text(article("Töreboda", "2016-01-19"), encoding="utf-8")
    (root / "content/images").mkdir()
    (root / "content/images" / nfd("älv.gif")).write_bytes(GIF)
    result = run(root, "--strict")
    assert result.exit_code == 0, result.output
    out = root / "public"
    page = parse(out / "2016/01/ale/index.html")
    assert page.select_one("a[href='/2016/01/toreboda/']").get_text() == "Töreboda"
    sources = [img["src"] for img in page.select("article img")]
    assert sources == ["/images/%C3%A4lv.gif"] * 2  # the photo, then the body's: ä composed (NFD: a%CC%88)
    assert [p.name for p in (out / "images").iterdir()] == ["älv.gif"]  # composed, once
    assert (out / "images/älv.gif").read_bytes() == GIF


def test_a_body_image_beside_the_article_gets_its_address_and_the_base_path(make_site) -> None:  # type: ignore[no-untyped-def]
    body = "![En bild](bild.svg)\n\n![Logga](logga.svg) ![Karta](/kartor/karta.svg)"
    root = make_site({"2016/a.md": article("A", body=body)},
                     "title: T\nbase_url: https://example.se/bilaga/\n")  # fmt: skip
    (root / "content/2016/bild.svg").write_bytes(SVG)
    (root / "content/logga.svg").write_bytes(SVG)
    (root / "assets/kartor").mkdir(parents=True)
    (root / "assets/kartor/karta.svg").write_bytes(SVG)
    result = run(root, "--strict")
    assert result.exit_code == 0, result.output
    out = root / "public"
    page = parse(out / "2016/01/a/index.html")
    assert [(i["alt"], i["src"]) for i in page.select("article img")] == [
        ("En bild", "/bilaga/2016/bild.svg"), ("Logga", "/bilaga/logga.svg"),
        ("Karta", "/bilaga/kartor/karta.svg"),
    ]  # fmt: skip
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.svg")) == [
        "2016/bild.svg", "favicon.svg", "kartor/karta.svg", "logga.svg"]  # fmt: skip (the theme's icon too)
    feed = ElementTree.parse(out / "feed.xml").getroot()
    content = next(feed.iter("{http://www.w3.org/2005/Atom}content")).text or ""
    assert 'src="https://example.se/bilaga/2016/bild.svg"' in content


def test_a_body_image_next_to_the_article_wins_over_one_in_assets(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"2016/a.md": article("A", body="![Bild](bild.svg)")})
    (root / "assets").mkdir()
    (root / "assets/bild.svg").write_bytes(SVG)
    out = root / "public"
    build(BuildOptions(root=root, now=NOW, output=out))
    assert parse(out / "2016/01/a/index.html").select_one("article img")["src"] == "/bild.svg"
    (root / "content/2016/bild.svg").write_bytes(SVG)  # the cached read is not used now
    build(BuildOptions(root=root, now=NOW, output=out))
    assert parse(out / "2016/01/a/index.html").select_one("article img")["src"] == "/2016/bild.svg"


def test_a_missing_body_image_is_a_warning_at_its_place_and_an_error_with_strict(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"2016/a.md": article("A", body="Text.\n\nSe ![En bild](saknas.svg) här.")})
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 0
    assert ("content/2016/a.md:7:15: warning: no image file 'saknas.svg' next to the article, "
            "in content/ or in assets/; the image will not show") in result.output  # fmt: skip
    assert run(root, "--strict").exit_code == 1
    out = root / "public"
    report = build(BuildOptions(root=root, now=NOW, output=out))
    assert [w.line for w in report.warnings] == [7]
    (root / "content/2016/saknas.svg").write_bytes(SVG)  # added: found at the next build
    report = build(BuildOptions(root=root, now=NOW, output=out))
    assert report.warnings == []
    assert parse(out / "2016/01/a/index.html").select_one("article img")["src"] == "/2016/saknas.svg"


def test_images_elsewhere_are_left_as_written(make_site) -> None:  # type: ignore[no-untyped-def]
    body = "![A](https://example.org/a.gif) ![B](//cdn.example.org/b.gif)"
    root = make_site({"2016/a.md": article("A", body=body)})
    assert run(root, "--strict").exit_code == 0
    page = parse(root / "public/2016/01/a/index.html")
    assert [i["src"] for i in page.select("article img")] == [
        "https://example.org/a.gif", "//cdn.example.org/b.gif"]  # fmt: skip


def test_relative_urls_reach_body_images_from_disk(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"2016/a.md": article("A", body="![Bild](bild.svg)")}, "title: T\nrelative_urls: true\n")
    (root / "content/2016/bild.svg").write_bytes(SVG)
    assert run(root).exit_code == 0
    page = root / "public/2016/01/a/index.html"
    src = parse(page).select_one("article img")["src"]
    assert src == "../../bild.svg" and (page.parent / src).resolve().read_bytes() == SVG


def test_links_in_the_body_to_the_sites_files_and_pages_carry_the_base_path(make_site) -> None:  # type: ignore[no-untyped-def]
    body = "[Karta](karta.pdf#sida=2), [Om](/om-bilagan/), [Utkast](utkast.md), [Bort](saknas.pdf)"
    root = make_site({"2016/a.md": article("A", body=body),
                      "2016/utkast.md": article("Utkast", draft="true")},
                     "title: T\nbase_url: https://example.se/bilaga/\n")  # fmt: skip
    (root / "content/2016/karta.pdf").write_bytes(b"%PDF-1.4")
    assert run(root).exit_code == 0
    links = parse(root / "public/2016/01/a/index.html").select("article p a, article p a:not([href])")
    assert [(a.get_text(), a.get("href")) for a in links] == [
        ("Karta", "/bilaga/2016/karta.pdf#sida=2"), ("Om", "/bilaga/om-bilagan/"),
        ("Utkast", None),  # a draft's page is not published: text, not a link to a 404
        ("Bort", "saknas.pdf"),  # not found: as written, for check --links to report
    ]  # fmt: skip


def test_two_files_whose_names_differ_only_in_unicode_form_are_an_error(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `älv.gif` written composed and decomposed (and two such
    articles) were published as one file, and a link to one silently reached the other.
    Every such pair is an error naming both, in content/ and assets/, in one run; the
    previous output stays."""
    root = make_site({"a.md": article("Ale") + "\n![älv](älv.gif) och [Töreboda](Töreboda.md)\n",
                      "Töreboda.md": article("Töreboda")})  # fmt: skip
    assert run(root, "-o", str(tmp_path / "o")).exit_code == 0
    before = (tmp_path / "o" / "index.html").read_bytes()
    (root / "content" / nfd("Töreboda.md")).write_text(article("Töreboda igen"), encoding="utf-8")
    (root / "content" / "älv.gif").write_bytes(GIF)
    (root / "content" / nfd("älv.gif")).write_bytes(GIF + b"x")
    (root / "assets" / "bilder").mkdir(parents=True)
    for name in ("Åmål.jpg", nfd("Åmål.jpg")):
        (root / "assets" / "bilder" / name).write_bytes(GIF)
    result = run(root, "-o", str(tmp_path / "o"))
    assert result.exit_code == 1, result.output
    twins = [line for line in result.output.splitlines() if "only with its letters encoded another way" in line]
    assert sorted(twins) == sorted(
        f"{second}: error: has the same name as {first}, only with its letters encoded another way "
        "(Unicode NFD and NFC: 'ä' as 'a' and a combining mark, or as one character), so the two "
        "would be published at one address: rename or remove one"
        for first, second in [(f"content/{nfd('Töreboda.md')}", "content/Töreboda.md"),
                              (f"content/{nfd('älv.gif')}", "content/älv.gif"),
                              (f"assets/bilder/{nfd('Åmål.jpg')}", "assets/bilder/Åmål.jpg")])  # fmt: skip
    assert (tmp_path / "o" / "index.html").read_bytes() == before


def test_editors_backups_are_left_out_and_a_binary_template_is_told_as_such(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: an Emacs backup `layouts/partials/footer.html~` of a
    once-broken template failed every build; a PNG dropped into layouts/ was said to be
    'saved as UTF-16'."""
    root = make_site({"a.md": article("Ale")})
    (root / "layouts/partials").mkdir(parents=True)
    (root / "layouts/partials/footer.html~").write_text("{% if %}\n")
    (root / "layouts/partials/#footer.html#").write_text("{% if %}\n")
    (root / "layouts/404.html.bak").write_text("{% if %}\n")
    (root / "content/ale.md~").write_text(article("Gammal"))
    # A helper session found a draft's backups published, with Windows' and Office's files:
    for name in ("hemlig.md.bak", "hemlig.md.orig", "hemlig.md.old", "x.save", "x.tmp", "x.kate-swp",
                 "Thumbs.db", "desktop.ini", "~$avtal.docx", "Icon\r"):
        (root / "content" / name).write_text("Hemlig text.\n")
    (root / "assets").mkdir()
    (root / "assets/site.css~").write_text("x")
    result = run(root, "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    published = {p.name for p in (tmp_path / "o").rglob("*")}
    assert not [name for name in published if "hemlig" in name or name.startswith(("x.", "~", "Thumbs", "desktop", "Icon"))
                or name.endswith(("~", "#", ".bak"))]  # fmt: skip
    Image.new("RGB", (8, 8)).save(root / "layouts/partials/logo.png")
    result = run(root, "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert ("layouts/partials/logo.png:1:1: error: this is not a text file (it holds binary data, "
            "as an image does); move it out of this folder") in result.output  # fmt: skip


def test_a_template_saved_with_a_byte_order_mark_puts_none_into_pages(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: Notepad's BOM in a partial became a U+FEFF text node in
    every page's <body>."""
    root = make_site({"a.md": article("Ale")})
    (root / "layouts/partials").mkdir(parents=True)
    footer = (REPO / "layouts/partials/footer.html").read_text(encoding="utf-8")
    (root / "layouts/partials/footer.html").write_bytes(b"\xef\xbb\xbf" + footer.encode())
    assert run(root, "-o", str(tmp_path / "o")).exit_code == 0
    assert "\ufeff" not in (tmp_path / "o/index.html").read_text(encoding="utf-8")


def test_well_known_and_htaccess_are_published_other_hidden_files_not(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by the second helper session: content/.well-known/security.txt (RFC 8615) and
    content/.htaccess were never published, and a file put into the output by hand is
    removed by the next build, so there was no way to publish them. A change to them is a
    change to the site."""
    root = make_site({"a.md": article("Ale")})
    (root / "content/.well-known").mkdir()
    (root / "content/.well-known/security.txt").write_text("Contact: mailto:it@ale.se\n")
    (root / "content/.htaccess").write_text("ErrorDocument 404 /404.html\n")
    (root / "content/.DS_Store").write_bytes(b"\0")
    (root / "content/.git").mkdir()
    (root / "content/.git/config").write_text("x")
    assert run(root, "-o", str(tmp_path / "o")).exit_code == 0
    out = tmp_path / "o"
    assert (out / ".well-known/security.txt").read_text() == "Contact: mailto:it@ale.se\n"
    assert (out / ".htaccess").is_file()
    assert not (out / ".DS_Store").exists() and not (out / ".git").exists()
    (root / "content/.well-known/security.txt").write_text("Contact: mailto:ny@ale.se\n")
    assert run(root, "-o", str(tmp_path / "o")).exit_code == 0
    assert (out / ".well-known/security.txt").read_text() == "Contact: mailto:ny@ale.se\n"
