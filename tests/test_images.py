"""Responsive images: variants in several widths, WebP and JPEG, with srcset, sizes, width
and height; made with Pillow once per image (cached by content hash); og:image 1200 wide."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import article, parse
from PIL import Image

from sitegen.build import BuildReport
from sitegen.cli import main
from sitegen.incremental.cache import CACHE_DIR
from sitegen.output.images import make_variants, measure, missing_variants, variants_of
from sitegen.site.pictures import Variant

CONFIG = "title: T\nbase_url: https://x.se/bilaga/\n"


def picture_bytes(width: int, height: int, kind: str = "JPEG", seed: int = 0) -> bytes:
    """A generated image (bands of colour, no people): what a test site may show."""
    mode = "RGBA" if kind == "PNG" else "RGB"
    image = Image.new(mode, (width, height), (200, 220, 240, 255)[: len(mode)])
    for band in range(0, width, 40):
        colour = ((band * 7 + seed * 50) % 256, (band * 3) % 256, 120, 128)[: len(mode)]
        image.paste(colour, (band, height // 3, band + 20, height))
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def make(make_site, seed: int = 0):  # type: ignore[no-untyped-def]
    root = make_site({
        "2016/ale.md": article("Ale", "2016-01-20", image="bilder/foto.jpg", alt="Kommunhuset",
                               caption="Kommunhuset i Nödinge.", photographer="Ann Öberg",
                               body="Text.\n\n![Ett kontor](inne.png)\n\nMer text."),
        "2016/amal.md": article("Åmål", "2016-01-10", body="Ingen bild."),
    }, config=CONFIG)  # fmt: skip
    (root / "content/bilder").mkdir()
    (root / "content/bilder/foto.jpg").write_bytes(picture_bytes(2000, 1000, seed=seed))
    (root / "content/2016/inne.png").write_bytes(picture_bytes(800, 600, "PNG"))
    return root


def srcset(value: str) -> list[tuple[str, str]]:
    return [tuple(candidate.strip().split(" ")) for candidate in value.split(",")]  # type: ignore[misc]


def opened(out: Path, url: str) -> tuple[str | None, tuple[int, int]]:
    with Image.open(out / url.removeprefix("/bilaga/")) as image:
        return image.format, image.size


def test_the_photo_is_offered_in_widths_and_formats(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_build(make(make_site))
    out = tmp_path / "public"
    page = parse(out / "2016/01/ale/index.html")
    figure = page.select_one("figure.photo")
    source, img = figure.select_one("picture source"), figure.select_one("picture img")
    assert source["type"] == "image/webp"
    webp, jpeg = srcset(source["srcset"]), srcset(img["srcset"])
    assert [w for _, w in webp] == [w for _, w in jpeg] == ["480w", "960w", "1600w"]
    for url, width in webp + jpeg:
        assert url.startswith("/bilaga/img/")
        kind, size = opened(out, url)
        assert kind == ("WEBP" if url.endswith(".webp") else "JPEG")
        assert size == (int(width[:-1]), int(width[:-1]) // 2)  # the photo's 2:1, kept
    assert (img["width"], img["height"]) == ("960", "480")
    assert img["src"] == jpeg[1][0] and img["alt"] == "Kommunhuset"
    assert source["sizes"] == img["sizes"] and "100vw" in img["sizes"]
    assert not img.has_attr("loading")  # the top of the page: not lazy
    assert "Kommunhuset i Nödinge." in figure.figcaption.get_text()
    assert "Foto: Ann Öberg" in page.get_text()


def test_body_images_become_pictures_never_wider_than_the_original(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_build(make(make_site))
    out = tmp_path / "public"
    body = parse(out / "2016/01/ale/index.html").select_one(".body")
    img = body.select_one("picture img")
    assert img["alt"] == "Ett kontor" and img["loading"] == "lazy"
    assert [w for _, w in srcset(img["srcset"])] == ["480w", "800w"]  # 800 px wide: no 960, no 1600
    assert (img["width"], img["height"]) == ("800", "600")
    webp = srcset(body.select_one("picture source")["srcset"])
    assert [opened(out, url) for url, _ in webp] == [("WEBP", (480, 360)), ("WEBP", (800, 600))]
    # A transparent PNG: the JPEG fallback is flattened on white, the WebP keeps its alpha.
    assert opened(out, img["src"])[0] == "JPEG"
    with Image.open(out / webp[0][0].removeprefix("/bilaga/")) as image:
        assert image.mode == "RGBA"


def test_og_image_is_the_1200_wide_variant(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run_build(make(make_site))
    out = tmp_path / "public"
    page = parse(out / "2016/01/ale/index.html")
    og = page.select_one('meta[property="og:image"]')["content"]
    assert og.startswith("https://x.se/bilaga/img/") and og.endswith("-1200.jpg")
    assert opened(out, og.removeprefix("https://x.se"))[1] == (1200, 600)
    assert page.select_one('meta[property="og:image:width"]')["content"] == "1200"
    assert page.select_one('meta[name="twitter:image"]')["content"] == og  # never the 2000 px original
    without = parse(out / "2016/01/amal/index.html")  # no photo: the site's icon
    assert without.select_one('meta[property="og:image"]')["content"] == "https://x.se/bilaga/icon-512.png"
    assert not without.select('meta[name="twitter:image"]')


def test_the_feed_shows_the_photo_in_a_variant_not_the_original(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A photo may be several megabytes: feed readers get its 960 px JPEG, as the page's
    <img src> is, never the original file."""
    run_build(make(make_site))
    feed = (tmp_path / "public" / "feed.xml").read_text(encoding="utf-8")
    assert "bilder/foto.jpg" not in feed
    shown = re.search(r'&lt;img src=&#34;(https://x\.se/bilaga/img/[0-9a-f]+/foto-960\.jpg)&#34;', feed)
    assert shown is not None
    assert opened(tmp_path / "public", shown.group(1).removeprefix("https://x.se"))[1] == (960, 480)


def test_archive_cards_are_lazy_but_the_lead_story(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make(make_site)
    (root / "content/2016/ny.md").write_text(article("Ny", "2016-02-01", image="bilder/foto.jpg"))
    run_build(root)
    home = parse(tmp_path / "public/index.html")
    cards = home.select("article.card img")
    assert [c.get("loading") for c in cards] == [None, "lazy"]  # the cover's lead, then a card
    assert all(c.has_attr("srcset") and c.has_attr("width") for c in cards)


def test_an_unchanged_image_is_never_processed_again(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make(make_site)
    first: BuildReport = run_build(root)
    assert first.images == 11  # 3 widths × 2 formats + og for the photo, 2 × 2 for the PNG
    (root / "content/2016/amal.md").write_text(article("Åmål", "2016-01-10", body="Ny text."))
    assert run_build(root).images == 0
    again: BuildReport = run_build(root, output=tmp_path / "other", use_cache=False)
    assert again.images == 0  # a cold build of the pages still takes the variants from the cache
    images = root / CACHE_DIR / "images"
    cached = sorted(p.relative_to(images).as_posix() for p in images.rglob("*") if p.is_file())
    assert len(cached) == 11
    (root / "content/bilder/foto.jpg").write_bytes(picture_bytes(2000, 1000, seed=1))
    changed: BuildReport = run_build(root)
    assert changed.images == 7  # the new photo's; the PNG's are kept
    page = parse(tmp_path / "public/2016/01/ale/index.html")
    old = [name for name in cached if "/foto-" in name]
    assert len(old) == 7 and not any(name in str(page) for name in old)  # new addresses


def test_variants_made_again_are_the_same_bytes(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make(make_site)
    run_build(root, output=tmp_path / "one")
    for made in (root / CACHE_DIR / "images").rglob("*"):
        if made.is_file():
            made.unlink()
    assert run_build(root, output=tmp_path / "two").images == 11
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one/img").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two/img").rglob("*") if p.is_file()}
    assert one == two and len(one) == 11


def test_an_image_pillow_cannot_read_is_shown_as_it_is(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make(make_site)
    (root / "content/bilder/foto.jpg").write_bytes(b"not a picture")
    report: BuildReport = run_build(root)
    page = parse(tmp_path / "public/2016/01/ale/index.html")
    img = page.select_one("figure.photo img")
    assert img["src"] == "/bilaga/bilder/foto.jpg" and not img.has_attr("srcset")
    assert report.images == 4  # the PNG's only


def test_a_photo_cut_short_is_shown_as_it_is_with_a_warning_at_its_file(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: a JPEG cut short by a failed upload has a whole header
    (so its size could be read), and the build failed making its variants with
    ".sitegen-cache/images: error: cannot hold the images' variants (None: None)", the
    warnings gone; `check` said OK."""
    root = make(make_site)
    whole = picture_bytes(2000, 1000)
    (root / "content/bilder/foto.jpg").write_bytes(whole[: len(whole) // 2])
    warning = ("cannot be read as an image: it is cut short or damaged (an upload that failed?): its "
               "header gives 2000 × 1000 pixels, but not all its pixels can be read: pages show it as it "
               "is, without the smaller copies phones load; copy it again, or save it again as JPEG or "
               "PNG; shown by content/2016/ale.md:4 (image:)")  # fmt: skip
    report: BuildReport = run_build(root)
    assert [(w.path, w.message) for w in report.warnings] == [("content/bilder/foto.jpg", warning)]
    img = parse(tmp_path / "public/2016/01/ale/index.html").select_one("figure.photo img")
    assert img["src"] == "/bilaga/bilder/foto.jpg" and not img.has_attr("srcset")
    check = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert check.exit_code == 0 and f"content/bilder/foto.jpg: warning: {warning}" in check.output
    strict = CliRunner().invoke(main, ["check", "--root", str(root), "--strict"])
    assert strict.exit_code == 1 and f"content/bilder/foto.jpg: error: {warning}" in strict.output


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_photo_too_large_to_decode_safely_is_a_warning_not_a_traceback(make_site, tmp_path: Path, monkeypatch, command: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: an `image:` of 20000 × 20000 pixels (over twice Pillow's
    MAX_IMAGE_PIXELS, which it refuses to open) ended `build` and `check` in a traceback
    (PIL.Image.DecompressionBombError from reading the photo's size), where the same file
    in the body was a warning. Pillow's limit is lowered here so that a small photo is over it."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 900_000)  # refused above 1.8 million: 2000 × 1000 is
    root = make(make_site)
    result = CliRunner().invoke(main, [command, "--root", str(root)])
    assert "Traceback" not in result.output and result.exit_code == 0, result.output
    assert ("content/bilder/foto.jpg: warning: cannot be read as an image: it has more than the 1.8 "
            "million pixels Pillow decodes (its guard against images "
            "made to exhaust a machine's memory): pages show it as it is, without the smaller copies phones "
            "load, and readers load all of it; save it smaller, as JPEG (4000 pixels wide is more than any "
            "page shows); shown by content/2016/ale.md:4 (image:)") in result.output  # fmt: skip
    if command == "build":
        img = parse(root / "public/2016/01/ale/index.html").select_one("figure.photo img")
        assert img["src"] == "/bilaga/bilder/foto.jpg" and not img.has_attr("srcset")


def test_pillows_warnings_about_photos_it_reads_are_not_printed(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: a photo of 95 megapixels, and one whose EXIF data runs past
    the file's end (as some phones' editing apps leave it), were built well, but the terminal
    showed Python's 'PIL/Image.py:3593: DecompressionBombWarning: … could be decompression
    bomb DOS attack.' and 'PIL/TiffImagePlugin.py:946: UserWarning: Tag data larger than
    file. Skipping tag 271' with a line of Pillow's code each. Pillow's limit is lowered here
    so that a small photo is over the size it warns at (but under twice it, which it refuses)."""
    import warnings

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_500_000)  # 2000 × 1000 is over it
    root = make(make_site)
    exif = Image.Exif()
    exif[0x010F] = "Kamerafabriken"  # the maker, 271
    data = exif.tobytes()
    damaged = io.BytesIO()
    Image.open(io.BytesIO(picture_bytes(800, 600, "PNG"))).convert("RGB").save(
        damaged, "JPEG", exif=data[:20] + b"\xff" * 10 + data[30:])
    (root / "content/2016/inne.jpg").write_bytes(damaged.getvalue())
    (root / "content/2016/ale.md").write_text(
        (root / "content/2016/ale.md").read_text(encoding="utf-8").replace("inne.png", "inne.jpg"), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1"])
    assert result.exit_code == 0 and ": warning:" not in result.output and "Warning" not in result.output, result.output
    assert [str(w.message) for w in caught] == []
    assert len(list((root / "public/img").rglob("*.webp"))) == 5  # both photos made smaller: 3 and 2 widths


@pytest.mark.parametrize(("name", "kind", "mode"), [("foto.tif", "TIFF", "CMYK"), ("foto.tiff", "TIFF", "RGB"),
                                             ("foto.bmp", "BMP", "RGB")])  # fmt: skip
def test_a_tiff_or_bmp_photo_is_shown_by_variants_browsers_show(make_site, run_build, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   name: str, kind: str, mode: str) -> None:  # fmt: skip
    """Found by a helper session: a TIFF (a photographer's, a print workflow's, often CMYK)
    was published as it is, in an <img> that Chrome and Firefox show as a broken image,
    with no warning and no smaller copies; Pillow reads it as it reads a JPEG."""
    root = make(make_site)
    (root / "content/2016/ale.md").write_text(
        (root / "content/2016/ale.md").read_text().replace("bilder/foto.jpg", f"bilder/{name}"))
    buffer = io.BytesIO()
    Image.open(io.BytesIO(picture_bytes(2000, 1000))).convert(mode).save(buffer, kind)
    (root / "content/bilder" / name).write_bytes(buffer.getvalue())
    report: BuildReport = run_build(root)
    assert report.warnings == []
    img = parse(tmp_path / "public/2016/01/ale/index.html").select_one("figure.photo img")
    assert img["src"].startswith("/bilaga/img/") and img["src"].endswith("/foto-960.jpg")
    assert opened(tmp_path / "public", img["src"]) == ("JPEG", (960, 480))
    assert [w for _, w in srcset(img["srcset"])] == ["480w", "960w", "1600w"]


def test_a_heic_photo_is_told_to_be_saved_as_jpeg(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: an iPhone's HEIC photo was published as it is, with no
    warning, in an <img> that browsers other than Safari show as a broken image."""
    root = make(make_site)
    (root / "content/2016/ale.md").write_text(
        (root / "content/2016/ale.md").read_text().replace("bilder/foto.jpg", "bilder/IMG_0042.HEIC"))
    (root / "content/bilder/IMG_0042.HEIC").write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(200))
    report: BuildReport = run_build(root)
    assert [(w.path, w.message) for w in report.warnings] == [("content/bilder/IMG_0042.HEIC", (
        "is a HEIC photo (an iPhone's own format), which most browsers cannot show (only Safari "
        "does) and sitegen cannot make smaller copies of: save it as JPEG (on the iPhone, Camera "
        "settings, Formats: Most Compatible, takes JPEG photos); shown by content/2016/ale.md:4 (image:)"))]  # fmt: skip
    img = parse(tmp_path / "public/2016/01/ale/index.html").select_one("figure.photo img")
    assert img["src"] == "/bilaga/bilder/IMG_0042.HEIC" and not img.has_attr("srcset")


BROKEN = "pages show a broken image in its place"


@pytest.mark.parametrize(("data", "told"), [
    (b"%PDF-1.7\n", "it is a PDF document, whatever its name says: " + BROKEN + "; save the picture as JPEG "
     "or PNG (a PDF is linked to from the text instead: [Rapport](rapport.pdf))"),
    (b"\n<!DOCTYPE html>\n<html lang=sv>", "it is a web page (HTML), whatever its name says: saved from a "
     "browser, it is the page the picture was on, or an error page; " + BROKEN + "; save the picture "
     "itself (right-click it: Save image as…)"),
    (b"", "it is empty (0 bytes; a copy or upload that failed?): " + BROKEN + "; copy the image again"),
    (b"PK\x03\x04" + bytes(40), "it is a ZIP archive (a Word, Excel or PowerPoint document is one), "
     "whatever its name says: " + BROKEN + "; save the picture as JPEG or PNG"),
    (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + bytes(200), "HEIC"),
    (b"not a picture", "(damaged, or not the kind of file its name says): pages show it as it is, without the "
     "smaller copies phones load; save it again as JPEG or PNG"),
])  # fmt: skip
def test_an_image_that_cannot_be_read_is_told_what_it_is_and_who_shows_it(make_site, data: bytes, told: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: a PDF named foto.jpg, an empty file and a photo of too many pixels
    were all told "cannot be read as an image (damaged, cut short, not the kind of file its
    name says, or too large to decode safely) … save it again as JPEG or PNG", and not which
    article uses it; now what the file's bytes say it is, and each article that shows it:
    `image:` at its line, a body image by its article."""
    root = make(make_site)
    (root / "content/2016/amal.md").write_text(article("Åmål", "2016-01-10", body="![Foto](../bilder/foto.jpg)"))
    (root / "content/bilder/foto.jpg").write_bytes(data)
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    warnings = [line for line in result.output.splitlines() if "foto.jpg: warning:" in line]
    shown = "; shown by content/2016/ale.md:4 (image:), content/2016/amal.md (in its text)"
    start = "content/bilder/foto.jpg: warning: "
    assert warnings == [start + ("is a HEIC photo (an iPhone's own format), which most browsers cannot "
                                 "show (only Safari does) and sitegen cannot make smaller copies of: save "
                                 "it as JPEG (on the iPhone, Camera settings, Formats: Most Compatible, "
                                 "takes JPEG photos)" if told == "HEIC" else "cannot be read as an image"
                                 + (" " if told.startswith("(") else ": ") + told) + shown]  # fmt: skip


def test_variants_of_a_photo_named_with_spaces_and_marks_have_names_a_srcset_can_hold(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `Åsa Öberg.jpg` gave `srcset="/…/Åsa Öberg-480.jpg 480w"`,
    which a browser reads as the address `/…/Åsa` and the descriptor `Öberg-480.jpg`: every
    such photo loaded its fallback, never the small WebP."""
    root = make_site({"2016/a.md": article("Ale", image="Åsa Öberg.jpg", alt="Åsa")}, config=CONFIG)
    (root / "content/2016/Åsa Öberg.jpg").write_bytes(picture_bytes(1200, 800))
    run_build(root)
    page = parse(tmp_path / "public/2016/01/ale/index.html")
    webp = page.select_one('figure.photo source[type="image/webp"]')["srcset"]
    assert [descriptor for _, descriptor in srcset(webp)] == ["480w", "960w", "1200w"]
    assert all(re.fullmatch(r"/bilaga/img/[0-9a-f]{16}/asa-oberg-\d+\.webp", url) for url, _ in srcset(webp))
    assert (tmp_path / "public/2016/Åsa Öberg.jpg").is_file()  # the original, at its own address


def test_an_animation_is_shown_as_it_is_and_a_16_bit_scan_keeps_its_greys(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: an animated GIF's variants were its first frame alone (no
    warning), and a 16-bit grey PNG (an archive's scan) came out almost all white."""
    root = make_site({"2016/a.md": article("Ale", image="skanning.png", alt="Skanning",
                                           body="![Animerad](anim.gif)")}, config=CONFIG)  # fmt: skip
    frames = [Image.new("RGB", (200, 100), (i * 50, 255 - i * 50, 0)) for i in range(5)]
    frames[0].save(root / "content/2016/anim.gif", save_all=True, append_images=frames[1:], duration=200, loop=0)
    scan = Image.new("I;16", (600, 400))
    scan.putdata([(x * 65535) // 599 for _ in range(400) for x in range(600)])
    scan.save(root / "content/2016/skanning.png")
    report: BuildReport = run_build(root)
    assert report.warnings == []
    page = parse(tmp_path / "public/2016/01/ale/index.html")
    body_image = page.select_one('.body img[alt="Animerad"]')
    assert body_image["src"] == "/bilaga/2016/anim.gif" and not page.select(".body picture")
    with Image.open(tmp_path / "public/2016/anim.gif") as published:
        assert published.n_frames == 5
    [variant] = (tmp_path / "public/img").glob("*/skanning-480.jpg")
    with Image.open(variant) as small:
        greys = [small.convert("L").getpixel((x, 5)) for x in (0, 120, 240, 479)]
    assert greys[0] < 10 and 40 < greys[1] < 70 and 110 < greys[2] < 145 and greys[3] > 245, greys


def with_pictures(make_site, run_build, body: str, size: tuple[int, int], *names: str) -> BuildReport:  # type: ignore[no-untyped-def]
    """Build a site of one article with `body` and a generated picture of `size` beside it
    for each of `names`, each with its own colours."""
    root = make_site({"2016/a.md": article("Ale", body=body)}, config=CONFIG)
    for seed, name in enumerate(names):
        (root / "content/2016" / name).write_bytes(picture_bytes(*size, seed=seed))
    report: BuildReport = run_build(root)
    return report


def test_body_images_in_html_keep_the_editors_width_and_want_an_alt_text(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: an <img> without alt got none and no warning; WordPress's
    width="300" became 960 (the image shown three times as wide); an image named with '&'
    got no variants."""
    body = ('<img src="foto.jpg">\n\n<img src="foto.jpg" width="300" alt="Liten">\n\n'
            '![Före](<före & efter.jpg>)\n\n<img src="foto.jpg" height="100" alt="Låg">')  # fmt: skip
    report = with_pictures(make_site, run_build, body, (1200, 800), "foto.jpg", "före & efter.jpg")
    assert [(w.line, w.column, w.message) for w in report.warnings] == [
        (5, 11, "the image 'foto.jpg' has no alt text, so a reader who cannot see it hears its file "
         'name: write what it shows, <img src="foto.jpg" alt="…"> or ![…](foto.jpg), or alt="" for '
         "one that only decorates")]  # fmt: skip
    images = parse(tmp_path / "public/2016/01/ale/index.html").select(".body picture img")
    assert len(images) == 4
    small = images[1]
    assert (small["width"], small["height"], small["sizes"], small["alt"]) == ("300", "200", "300px", "Liten")
    low = images[3]  # a height alone: the width follows (a helper session found 960 × 576)
    assert (low["width"], low["height"], low["sizes"]) == ("150", "100", "150px")
    assert "/fore-efter-480.jpg 480w" in images[2]["srcset"]


def test_each_image_without_alt_is_told_at_its_own_place(make_site, run_build) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: the warning pointed at the first `src="kopia.jpg"` of the
    file (which had an alt), and a second image with the same address was not told."""
    body = ('<img src="kopia.jpg" alt="Med alt">\n\nText.\n\n<img src="kopia.jpg">\n\n'
            "<IMG SRC=\"kopia2.jpg\">\n\n<img src='kopia2.jpg' width=120>")  # fmt: skip
    report = with_pictures(make_site, run_build, body, (100, 80), "kopia.jpg", "kopia2.jpg")
    assert [(w.line, w.column, w.message.split(" has ")[0]) for w in report.warnings] == [
        (9, 11, "the image 'kopia.jpg'"), (11, 11, "the image 'kopia2.jpg'"), (13, 11, "the image 'kopia2.jpg'")]


def test_an_image_without_alt_is_found_past_links_and_code_to_the_same_file(make_site, run_build) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: told inside the inline code that showed the tag."""
    body = ('Se [bilden](foto.jpg), eller skriv `<img src="foto.jpg">`.\n\n![Bild [1] med alt](foto.jpg)\n\n'
            '<img src="foto.jpg">')  # fmt: skip
    report = with_pictures(make_site, run_build, body, (100, 80), "foto.jpg")
    assert [(w.line, w.column) for w in report.warnings] == [(9, 11)]


def test_check_makes_no_variants(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import NOW

    from sitegen.build import BuildOptions, build

    root = make(make_site)
    build(BuildOptions(root=root, now=NOW, write=False))
    assert not (root / CACHE_DIR / "images").exists()


def test_an_image_path_with_dot_dot_inside_content_is_found_as_the_body_finds_it(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`image: ../bilder/foto.jpg` in content/2016/ale.md is content/bilder/foto.jpg: found,
    as the same path in the body is (it was refused as pointing outside content/; found by a
    helper session); one that does leave content/ is still an error."""
    root = make(make_site)
    source = root / "content/2016/ale.md"
    source.write_text(source.read_text(encoding="utf-8").replace("image: bilder/foto.jpg", "image: ../bilder/foto.jpg"),
                      encoding="utf-8")  # fmt: skip
    report = run_build(root)
    assert not [w for w in report.warnings if w.field == "image"]
    og = parse(tmp_path / "public/2016/01/ale/index.html").select_one('meta[property="og:image"]')["content"]
    assert og.endswith("/foto-1200.jpg")
    source.write_text(source.read_text(encoding="utf-8").replace("image: ../bilder/foto.jpg", "image: ../../foto.jpg"),
                      encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 1 and "image: '../../foto.jpg' points outside content/ and assets/" in result.output


def test_a_width_or_height_in_percent_is_kept_and_nothing_contradicts_it(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `<img width="50%">` (valid for browsers, which show it at
    half the column) became width="960" height="640"; `300px` was dropped the same way. A
    percentage takes its share of the column's `sizes`; no pixel height is made up beside
    a width that is not in pixels."""
    body = ('<img src="foto.jpg" width="50%" alt="Halv">\n\n<img src="foto.jpg" height="50%" alt="Hög">\n\n'
            '<img src="foto.jpg" width="300px" alt="Px">\n\n'
            '<img src="foto.jpg" width="25%" height="200" alt="Båda">')  # fmt: skip
    with_pictures(make_site, run_build, body, (1200, 800), "foto.jpg")
    images = parse(tmp_path / "public/2016/01/ale/index.html").select(".body picture img")
    shown = [(i["alt"], i.get("width"), i.get("height"), i["sizes"]) for i in images]
    column = "(min-width: 60em) 44rem, 100vw"
    assert shown == [("Halv", "50%", None, "(min-width: 60em) 22rem, 50vw"), ("Hög", None, "50%", column),
                     ("Px", "300", "200", "300px"), ("Båda", "25%", "200", "(min-width: 60em) 11rem, 25vw")]  # fmt: skip
    assert all(i.has_attr("srcset") for i in images)
    sources = parse(tmp_path / "public/2016/01/ale/index.html").select(".body picture source")
    assert [s["sizes"] for s in sources] == [i["sizes"] for i in images]


SIZED = ('<img src="foto.jpg" alt="Em" width="12.5em">\n\n<img src="foto.jpg" alt="Noll" width="0">\n\n'
         '<img src="foto.jpg" alt="Auto" width="300" height="auto">\n\n<img src="foto.jpg" alt="Minus" height="-5">\n\n'
         '<img src="foto.jpg" alt="Nolla" width="0300">\n\n<img src="foto.jpg" alt="Bråk" width="300.5">\n\n'
         '<img src="foto.jpg" alt="Mellanslag" width="50 %">\n\n<img src="https://x.se/a.jpg" alt="Ute" width="0" height="20">\n\n'
         '<img src="foto.jpg" alt="Snedstreck" width=300/>\n\n<img src="foto.jpg" alt="Semikolon" width="300px;">')  # fmt: skip


@pytest.mark.parametrize("markdown", ["{engine: python-markdown}", "{engine: commonmark}",
                                      "{engine: commonmark, raw_html: allow}", "{raw_html: allow}"])  # fmt: skip
def test_a_width_or_height_is_read_as_browsers_read_it_and_one_they_misread_is_left_out_and_told(
    make_site, tmp_path: Path, markdown: str
) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: `width="12.5em"` was kept and written beside `sizes` for the whole
    column; HTML reads a dimension by its own rules (digits, an optional fraction, `%`
    right after it; the rest ignored), so Chromium showed the photo 12.5 × 8.3 pixels, and
    `width="0"` hid it. Such a width or height (another unit, zero, or one HTML cannot read)
    is left out, the image shown at its own proportions, and told at its line; `0300` and
    `300.5` are read as browsers read them, and so are `300/` (an unquoted `width=300/>`)
    and `300px;`, whose stray marks name no other unit (found by a tester: left out)."""
    from conftest import told

    root = make_site({"2016/a.md": article("Ale", body=SIZED)}, config=CONFIG + f"markdown: {markdown}\n")
    (root / "content/2016/foto.jpg").write_bytes(picture_bytes(1200, 800))
    status, warnings = told(root, kind="warning")
    advice = "write pixels ({0}=\"300\") or a percentage ({0}=\"50%\"); until then the image is shown as if it had no {0}"
    assert (status, warnings) == (0, [
        "content/2016/a.md:5:11: warning: the image 'foto.jpg': width=\"12.5em\": HTML reads it as 12.5 pixels; "
        + advice.format("width"),
        "content/2016/a.md:7:11: warning: the image 'foto.jpg': width=\"0\": HTML reads it as 0 pixels, which hides "
        "the image; " + advice.format("width"),
        "content/2016/a.md:9:11: warning: the image 'foto.jpg': height=\"auto\": HTML reads no size in it (it must "
        "start with a digit), so browsers ignore it; " + advice.format("height"),
        "content/2016/a.md:11:11: warning: the image 'foto.jpg': height=\"-5\": HTML reads no size in it (it must "
        "start with a digit), so browsers ignore it; " + advice.format("height"),
        "content/2016/a.md:17:11: warning: the image 'foto.jpg': width=\"50 %\": HTML reads it as 50 pixels; "
        + advice.format("width"),
        "content/2016/a.md:19:11: warning: the image 'https://x.se/a.jpg': width=\"0\": HTML reads it as 0 pixels, "
        "which hides the image; " + advice.format("width"),
    ])  # fmt: skip
    page = parse(root / "public/2016/01/ale/index.html")
    shown = [(i["alt"], i.get("width"), i.get("height"), i.get("sizes")) for i in page.select(".body img")]
    column = "(min-width: 60em) 44rem, 100vw"
    assert shown == [("Em", "960", "640", column), ("Noll", "960", "640", column), ("Auto", "300", "200", "300px"),
                     ("Minus", "960", "640", column), ("Nolla", "300", "200", "300px"),
                     ("Bråk", "300.5", "200", "300.5px"), ("Mellanslag", "960", "640", column),
                     ("Ute", None, "20", None), ("Snedstreck", "300", "200", "300px"),
                     ("Semikolon", "300", "200", "300px")]  # fmt: skip


def test_a_body_image_keeps_the_editors_other_attributes(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """With raw_html: allow an editor's class, id and loading reach the page: the rewrite
    into a <picture> kept only alt and title, and always made the image lazy."""
    root = make_site({"2016/a.md": article("Ale", body='<img src="foto.jpg" alt="A" class="höger" id="karta" '
                                           'loading="eager">')},
                     config=CONFIG + "markdown: {raw_html: allow}\n")  # fmt: skip
    (root / "content/2016/foto.jpg").write_bytes(picture_bytes(1200, 800))
    run_build(root)
    img = parse(tmp_path / "public/2016/01/ale/index.html").select_one(".body picture img")
    assert (img["class"], img["id"], img["loading"], img["decoding"]) == (["höger"], "karta", "eager", "async")
    assert (img["width"], img["height"]) == ("960", "640")


def test_an_attribute_written_twice_is_read_as_html_reads_it_the_first(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: `<img src="foto.jpg" src="annan.jpg">` was made a <picture> of
    annan.jpg (the last), where a browser shows foto.jpg (the first)."""
    root = make_site({"2016/a.md": article("Ale", body='<img src="foto.jpg" src="annan.jpg" alt="A">')},
                     config=CONFIG + "markdown: {raw_html: allow}\n")  # fmt: skip
    (root / "content/2016/foto.jpg").write_bytes(picture_bytes(1200, 800))
    report = run_build(root)
    assert report.warnings == []  # annan.jpg, missing, is never looked for
    img = parse(tmp_path / "public/2016/01/ale/index.html").select_one(".body picture img")
    assert "/foto-960.jpg" in img["src"]
    # So with a width or height (found by a second tester: every copy was judged, and the
    # second used): width="0" after width="300" is ignored, height="100" after "abc" too.
    twice = '<img src="foto.jpg" alt="A" width="300" width="0">\n\n<img src="foto.jpg" alt="B" height="abc" height="100">'
    (root / "content/2016/a.md").write_text(article("Ale", body=twice), encoding="utf-8")
    report = run_build(root)
    assert [w.message[:40] for w in report.warnings] == ["the image 'foto.jpg': height=\"abc\": HTML"]
    shown = [(i["alt"], i.get("width"), i.get("height")) for i in parse(tmp_path / "public/2016/01/ale/index.html").select(".body img")]
    assert shown == [("A", "300", "200"), ("B", "960", "640")]


def test_a_body_image_keeps_each_attribute_whole_as_html_reads_it(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: with raw_html: allow the rewrite into a <picture> read attribute
    names as letters and '-' only, and values only in double quotes: WordPress's
    `data-id1="7"` became a bare `data-id` and `xml:lang="sv"` became `xml lang="sv"`.
    Each attribute is read as HTML reads it and written back whole, its value escaped."""
    body = ("<img src=\"foto.jpg\" alt=\"A\" class=\"wp-image-12\" data-id1=\"7\" aria-describedby=\"cap1\" "
            "xml:lang=\"sv\" data-x_y.z='a \"b\" &amp; c' title=Kort hidden>")  # fmt: skip
    root = make_site({"2016/a.md": article("Ale", body=body)}, config=CONFIG + "markdown: {raw_html: allow}\n")
    (root / "content/2016/foto.jpg").write_bytes(picture_bytes(1200, 800))
    run_build(root)
    img = parse(tmp_path / "public/2016/01/ale/index.html").select_one(".body picture img")
    given = {name: img.get(name) for name in ("alt", "class", "data-id1", "aria-describedby", "xml:lang",
                                              "data-x_y.z", "title", "hidden")}  # fmt: skip
    assert given == {"alt": "A", "class": ["wp-image-12"], "data-id1": "7", "aria-describedby": "cap1",
                     "xml:lang": "sv", "data-x_y.z": 'a "b" & c', "title": "Kort", "hidden": ""}  # fmt: skip
    assert not {"data-id", "xml", "lang"} & set(img.attrs)
    assert (img["width"], img["height"]) == ("960", "640")


def test_an_image_without_alt_is_never_placed_in_an_indented_code_block(make_site, run_build) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `![](foto.jpg)` shown as an example in a code block
    indented 4 spaces was told as the place of the image without alt below it; in a list
    item's text, indented as far, it is an image, and the warning's place."""
    body = ('Exempel:\n\n    <img src="foto.jpg">\n\nHär:\n\n<img src="foto.jpg">\n\n'
            '- Punkt\n\n    <img src="foto.jpg">')  # fmt: skip
    report = with_pictures(make_site, run_build, body, (100, 80), "foto.jpg")
    assert [(w.line, w.column) for w in report.warnings] == [(11, 11), (15, 15)]


def test_files_named_with_percent_hash_or_question_mark_are_found_and_published_escaped(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: a body image, photo or linked file whose name holds '%',
    '#' or '?' was published at its name as it is (`src="/bilaga/bilder/anim#1.gif"`, a
    request for `anim`), and one written as its name reads was told only as missing."""
    body = ("![A](/bilder/100%25-rätt.jpg)\n\n![B](/bilder/100%-rätt.jpg)\n\n![C](/bilder/nr%231.jpg)\n\n"
            "![D](../bilder/vad%3F.jpg)\n\n![E](/bilder/anim%231.gif)\n\n"
            "[Plan](plan%20100%25.pdf?v=2#sida=3) [Nr](nr%231.md)")  # fmt: skip
    root = make_site({"2016/a.md": article("Ale", image="/bilder/anim%231.gif", alt="Anim", body=body),
                      "2016/nr#1.md": article("Nummer ett", "2016-01-05")}, config=CONFIG)  # fmt: skip
    (root / "content/bilder").mkdir()
    for name in ("100%-rätt.jpg", "nr#1.jpg", "vad?.jpg"):
        (root / "content/bilder" / name).write_bytes(picture_bytes(600, 400))
    frames = [Image.new("RGB", (60, 40), (i * 80, 0, 0)) for i in range(3)]
    frames[0].save(root / "content/bilder/anim#1.gif", save_all=True, append_images=frames[1:], loop=0)
    (root / "content/2016/plan 100%.pdf").write_bytes(b"%PDF-1.4\n")
    report: BuildReport = run_build(root)
    assert report.warnings == []
    out = tmp_path / "public"
    page = parse(out / "2016/01/ale/index.html")
    pictures = {img["alt"]: img for img in page.select(".body picture img")}
    assert sorted(pictures) == ["A", "B", "C", "D"]
    assert "/100-ratt-480.jpg 480w" in pictures["A"]["srcset"] and "/nr-1-480.jpg" in pictures["C"]["srcset"]
    assert pictures["A"]["src"] == pictures["B"]["src"]  # the same file, however it is written
    plain = page.select_one('.body img[alt="E"]')  # an animation is shown as it is, at its escaped address
    assert plain["src"] == "/bilaga/bilder/anim%231.gif" and (out / "bilder/anim#1.gif").is_file()
    assert page.select_one("figure.photo img")["src"] == "/bilaga/bilder/anim%231.gif"
    og = page.select_one('meta[property="og:image"]')["content"]
    assert og == "https://x.se/bilaga/bilder/anim%231.gif"
    hrefs = [a["href"] for a in page.select(".body a")]
    assert hrefs == ["/bilaga/2016/plan%20100%25.pdf?v=2#sida=3", "/bilaga/2016/01/nummer-ett/"]
    assert (out / "2016/plan 100%.pdf").is_file()


def test_an_address_naming_no_file_is_told_with_the_name_it_reads_as_and_the_way_to_write_it(make_site, run_build) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `![](/bilder/nr#1.jpg)` for the file nr#1.jpg was told as
    missing without a word of the '#', which ends the file's name in an address; the
    photo's was told as "did you mean 'bilder/nr#1.jpg'?" (the name written)."""
    body = ("![A](/bilder/nr#1.jpg)\n\n![B](/bilder/saknas%25.jpg)\n\n[C](nr#1.md) och [D](../bilder/vad?.jpg)")
    root = make_site({"2016/a.md": article("Ale", image="/bilder/nr#1.jpg", alt="Nr", body=body),
                      "2016/nr#1.md": article("Nummer ett", "2016-01-05")}, config=CONFIG)  # fmt: skip
    (root / "content/bilder").mkdir()
    for name in ("nr#1.jpg", "vad?.jpg"):
        (root / "content/bilder" / name).write_bytes(picture_bytes(60, 40))
    report: BuildReport = run_build(root)
    hint = "is there: in an address, '#' and '?' end the file's name and '%' starts an escape, so write it"
    assert [(w.line, w.column, w.field, w.message) for w in report.warnings] == [
        (4, 1, "image", f"no file 'bilder/nr' in content/ or assets/; the file 'bilder/nr#1.jpg' {hint} "
         "'/bilder/nr%231.jpg'; the article is shown without a photo"),
        (7, 6, None, "no image file '/bilder/nr#1.jpg' (read as the file name '/bilder/nr') next to the article, "
         f"in content/ or in assets/; the file 'bilder/nr#1.jpg' {hint} '/bilder/nr%231.jpg'; the image will not show"),
        (9, 6, None, "no image file '/bilder/saknas%25.jpg' (read as the file name '/bilder/saknas%.jpg') next to "
         "the article, in content/ or in assets/; the image will not show"),
        (11, 5, None, "no file 'nr#1.md' (read as the file name 'nr') next to the article, in content/ or in "
         f"assets/; the file '2016/nr#1.md' {hint} 'nr%231.md'"),
        (11, 22, None, "no file '../bilder/vad?.jpg' (read as the file name '../bilder/vad') next to the article, "
         f"in content/ or in assets/; the file 'bilder/vad?.jpg' {hint} '../bilder/vad%3F.jpg'"),
    ]  # fmt: skip


def test_each_variant_is_the_photo_turned_as_shown_at_its_own_size(tmp_path: Path) -> None:
    """Each size is resized once for its WebP and JPEG (and og:image) and the original's
    size not at all: every file must still be its own size, the photo turned as its EXIF
    orientation says (6: turned a quarter clockwise, so its left half is shown on top)."""
    photo = Image.new("RGB", (1000, 500), (220, 30, 30))
    photo.paste((30, 30, 220), (500, 0, 1000, 500))
    exif = Image.Exif()
    exif[0x0112] = 6
    photo.save(tmp_path / "foto.jpg", "JPEG", exif=exif)
    picture = measure("/foto.jpg", tmp_path / "foto.jpg")
    assert picture is not None and (picture.width, picture.height) == (500, 1000)
    cache = tmp_path / "cache"
    assert make_variants(missing_variants(variants_of(picture), cache), tmp_path / "foto.jpg", cache) == 4  # 480 and 500, each WebP and JPEG
    for variant in variants_of(picture):
        with Image.open(cache / variant.url.lstrip("/")) as made:
            assert made.size == (variant.width, variant.height), variant.url
            rgb = made.convert("RGB")
            top, bottom = rgb.getpixel((variant.width // 2, 10)), rgb.getpixel((variant.width // 2, variant.height - 10))
        assert top[0] > 180 > top[2] and bottom[2] > 180 > bottom[0], (variant.url, top, bottom)
    assert missing_variants(variants_of(picture), cache) == []



def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def failing_at_foto(missing: list[Variant], file: Path, cache: Path) -> int:
    """`make_variants`, but for `foto.jpg` as for a file Pillow cannot decode whole (at
    the module's top: a pool's process is handed it by name)."""
    if file.name == "foto.jpg":
        raise OSError("broken data stream when reading image file")
    return make_variants(missing, file, cache)


def slowly(missing: list[Variant], file: Path, cache: Path) -> int:
    """`make_variants`, a third of a second later."""
    time.sleep(0.3)
    return make_variants(missing, file, cache)


APART = pytest.mark.parametrize("apart", [False, True], ids=["in the build's process", "in a pool's"])


@APART
def test_a_photo_that_cannot_be_made_smaller_fails_the_build_at_its_file_the_output_untouched(make_site, tmp_path: Path, monkeypatch, apart: bool) -> None:  # type: ignore[no-untyped-def]
    """The variants are made while the pages are planned and keyed: an image Pillow
    measured but cannot decode whole still fails the build once, named, before publishing."""
    import sitegen.pipeline

    monkeypatch.setattr(sitegen.pipeline, "_VARIANTS_APART_FROM", 1 if apart else 10**9)
    root, out = make(make_site), tmp_path / "out"
    assert CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out)]).exit_code == 0
    before = tree(out)
    (root / "content/bilder/foto.jpg").write_bytes(picture_bytes(2000, 1000, seed=1))  # new variants
    monkeypatch.setattr(sitegen.pipeline, "make_variants", failing_at_foto)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.count(" error: ") == 1
    assert ("content/bilder/foto.jpg: error: cannot be made into smaller copies (broken data stream "
            "when reading image file): save it again as JPEG or PNG") in result.output  # fmt: skip
    assert tree(out) == before


@APART
def test_a_build_failing_while_variants_are_made_leaves_nothing_writing_into_the_cache(make_site, tmp_path: Path, monkeypatch, apart: bool) -> None:  # type: ignore[no-untyped-def]
    """A template error found while the variants are made: told as before, and every
    process and thread making them has finished when the build returns (`serve` builds
    again in the same process: two writers of one variant would leave a broken file)."""
    import multiprocessing
    import threading

    import sitegen.pipeline

    monkeypatch.setattr(sitegen.pipeline, "_VARIANTS_APART_FROM", 1 if apart else 10**9)
    root = make(make_site)
    (root / "layouts").mkdir()
    (root / "layouts/404.html").write_text("{% extends 'base.html' %}\n{% if %}\n", encoding="utf-8")
    monkeypatch.setattr(sitegen.pipeline, "make_variants", slowly)
    threads = threading.active_count()
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 1 and "layouts/404.html:2: error: Expected an expression" in result.output
    assert threading.active_count() == threads and not multiprocessing.active_children()
    assert not (tmp_path / "out").exists()
    for variant in (root / CACHE_DIR / "images").rglob("*"):
        assert variant.is_dir() or not variant.name.endswith(".part"), variant


def in_which_process(missing: list[Variant], file: Path, cache: Path) -> int:
    """`make_variants`, noting the process that made them in the cache's parent folder."""
    made = make_variants(missing, file, cache)
    (cache.parent / f"made-by-{os.getpid()}").touch()
    return made


def test_variants_made_in_a_pool_are_the_bytes_made_in_the_build(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sitegen.pipeline

    root = make(make_site)
    monkeypatch.setattr(sitegen.pipeline, "make_variants", in_which_process)
    made = {}
    for apart in (False, True):
        monkeypatch.setattr(sitegen.pipeline, "_VARIANTS_APART_FROM", 1 if apart else 10**9)
        out = tmp_path / f"out-{apart}"
        result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(out), "--jobs", "2"])
        assert result.exit_code == 0, result.output
        made[apart] = tree(out / "img")
        makers = {p.name for p in (root / CACHE_DIR).glob("made-by-*")}
        assert (makers == {f"made-by-{os.getpid()}"}) is not apart, makers
        (root / CACHE_DIR).rename(tmp_path / f"cache-{apart}")
    assert len(made[True]) == 11 and made[True] == made[False]


_KILLED_SCRIPT = r"""
import multiprocessing, os, signal, sys, time
from pathlib import Path
import sitegen.pipeline
from sitegen.output.images import measure

def sleeping(missing, file, cache):
    time.sleep(60)
    return 0

sitegen.pipeline.make_variants = sleeping
folder = Path(sys.argv[1])
picture = measure("/foto.jpg", folder / "foto.jpg")
pictures = {f"/foto{i}.jpg": (picture, folder / "foto.jpg") for i in range(20)}
variants = sitegen.pipeline._Variants(pictures, folder / "cache", 2)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    """Whether process `pid` is there and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_the_processes_making_variants_end_with_a_build_that_is_killed(tmp_path: Path) -> None:
    """A build killed while its variants are made in other processes (SIGTERM from a CI
    runner's timeout, SIGKILL) leaves none of them behind: they waited for ever."""
    import subprocess
    import sys

    (tmp_path / "foto.jpg").write_bytes(picture_bytes(800, 600))
    with subprocess.Popen([sys.executable, "-c", _KILLED_SCRIPT, str(tmp_path)], stdout=subprocess.PIPE, text=True) as build:
        workers = [int(pid) for pid in build.stdout.readline().split()] if build.stdout else []
        build.wait(30)
    assert len(workers) == 2
    try:
        deadline = time.monotonic() + 5
        while any(map(_running, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _running(pid)]
    finally:
        for pid in workers:
            if _running(pid):
                os.kill(pid, 9)


def test_variants_are_made_in_the_build_when_no_process_can_be_forked(make_site, tmp_path: Path, monkeypatch, fork_fails_after_one) -> None:  # type: ignore[no-untyped-def]
    """Forking fails when the system has no room for another process (EAGAIN, a CI
    runner's process limit): the build makes its variants itself rather than ending in a
    traceback."""
    import multiprocessing

    import sitegen.pipeline

    monkeypatch.setattr(sitegen.pipeline, "_VARIANTS_APART_FROM", 1)
    root = make(make_site)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "out"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert fork_fails_after_one and len(tree(tmp_path / "out/img")) == 11
    assert not multiprocessing.active_children()  # the one forked is not left waiting for work


def test_a_photo_the_body_only_links_to_gets_no_variants(make_site, run_build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: a JPEG only linked to (`[bilden i full storlek](stor.jpg)`)
    was given the smaller WebP and JPEG copies of a shown photo, published for no page, and
    a damaged file only linked to was told to be an image that will not show. The link leads
    to the file as it is; a photo shown elsewhere still gets its variants."""
    root = make_site({
        "2016/ale.md": article("Ale", body="[Bilden i full storlek](stor.jpg) och [skadad](trasig.jpg)."),
        "2016/amal.md": article("Åmål", "2016-01-10", body="![Kontoret](visad.jpg) och [samma](visad.jpg)."),
    }, config=CONFIG)  # fmt: skip
    (root / "content/2016/stor.jpg").write_bytes(picture_bytes(2000, 1000))
    (root / "content/2016/visad.jpg").write_bytes(picture_bytes(1200, 800, seed=1))
    (root / "content/2016/trasig.jpg").write_bytes(b"not a JPEG")
    report = run_build(root)
    out = tmp_path / "public"
    made = {path.name for path in (out / "img").rglob("*") if path.is_file()}
    assert made and all(name.startswith("visad-") for name in made)
    ale = parse(out / "2016/01/ale/index.html")
    links = [a["href"] for a in ale.select(".body a")]
    assert links == ["/bilaga/2016/stor.jpg", "/bilaga/2016/trasig.jpg"]  # the files as they are
    assert (out / "2016/stor.jpg").read_bytes() == (root / "content/2016/stor.jpg").read_bytes()
    assert (out / "2016/trasig.jpg").read_bytes() == b"not a JPEG"
    assert not [w for w in report.warnings if "trasig" in w.message]
