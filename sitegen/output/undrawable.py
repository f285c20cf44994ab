"""Why an image file Pillow cannot read is no image, in words an editor can act on.

`output.images.measure` gives no measure for such a file, and the build shows it as it is
(`pipeline._undrawable` warns at it). What the file really is decides what to do: a PDF or
a web page saved under an image's name is no picture at all, an empty file is a failed
copy, a photo of too many pixels wants saving smaller, one cut short wants copying again.
The file's first bytes tell most of these (their "magic numbers": `%PDF`, `PK`, `<html`);
Pillow's reading of its header tells the rest.
"""

from __future__ import annotations

import re
from pathlib import Path

_SHOWN = "pages show it as it is, without the smaller copies phones load"
_BROKEN = "pages show a broken image in its place"
_HEIC = ("is a HEIC photo (an iPhone's own format), which most browsers cannot show (only Safari "
         "does) and sitegen cannot make smaller copies of: save it as JPEG (on the iPhone, Camera "
         "settings, Formats: Most Compatible, takes JPEG photos)")  # fmt: skip
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
_HTML = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|script|div|p)[\s>]",
                   re.IGNORECASE | re.DOTALL)  # fmt: skip


def undrawable(file: Path) -> str:
    """The warning for the image `file`, which Pillow cannot read: what it is, what pages do
    with it and what to do, as far as its bytes tell (PDF, web page, ZIP archive such as an
    Office document, empty, HEIC, more pixels than Pillow's limit (which it names),
    cut short); else that it cannot be read, in general words."""
    try:
        with open(file, "rb") as handle:
            head = handle.read(1024)
    except OSError:
        head = b""  # gone or locked since: told in general words
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS or file.suffix.lower() in (".heic", ".heif"):
        return _HEIC
    cannot = "cannot be read as an image: it is"
    if not head and file.is_file() and file.stat().st_size == 0:
        return f"{cannot} empty (0 bytes; a copy or upload that failed?): {_BROKEN}; copy the image again"
    if head.startswith(b"%PDF"):
        return (f"{cannot} a PDF document, whatever its name says: {_BROKEN}; save the picture as JPEG or "
                "PNG (a PDF is linked to from the text instead: [Rapport](rapport.pdf))")  # fmt: skip
    if _HTML.match(head.removeprefix(b"\xef\xbb\xbf")):
        return (f"{cannot} a web page (HTML), whatever its name says: saved from a browser, it is the "
                f"page the picture was on, or an error page; {_BROKEN}; save the picture itself "
                "(right-click it: Save image as…)")  # fmt: skip
    if head.startswith(b"PK\x03\x04"):
        return (f"{cannot} a ZIP archive (a Word, Excel or PowerPoint document is one), whatever its "
                f"name says: {_BROKEN}; save the picture as JPEG or PNG")  # fmt: skip
    return _by_pillow(file)


def _by_pillow(file: Path) -> str:
    """The warning for `file` from what Pillow reads of it (through `Image.open` only): too
    many pixels, or a header it reads and pixels it does not (cut short), or nothing it knows."""
    from PIL import Image

    from sitegen.content.photos import unwarned

    limit = 2 * Image.MAX_IMAGE_PIXELS if Image.MAX_IMAGE_PIXELS else None  # above it Pillow refuses
    try:
        with unwarned(), Image.open(file) as image:
            size = image.size
            try:
                image.load()
            except Exception:  # noqa: BLE001 (a header it reads, pixels it does not)
                pass
            else:
                return _general()  # read whole now: it is not what `measure` stopped at
    except Image.DecompressionBombError:  # the size is not told: Pillow refuses before giving it
        if limit is None:
            return _general()
        return (f"cannot be read as an image: it has more than the {_millions(limit)} Pillow decodes "
                f"(its guard against images made to exhaust a machine's memory): {_SHOWN}, and readers "
                "load all of it; save it smaller, as JPEG (4000 pixels wide is more than any page shows)")  # fmt: skip
    except Exception:  # noqa: BLE001 (Pillow raises many kinds for what it does not know)
        return _general()
    return (f"cannot be read as an image: it is cut short or damaged (an upload that failed?): its "
            f"header gives {size[0]} × {size[1]} pixels, but not all its pixels can be read: {_SHOWN}; "
            "copy it again, or save it again as JPEG or PNG")  # fmt: skip


def _general() -> str:
    return ("cannot be read as an image (damaged, or not the kind of file its name says): "
            f"{_SHOWN}; save it again as JPEG or PNG")


def _millions(pixels: int) -> str:
    """`pixels` in words: '400 million pixels', '1.8 million pixels'."""
    count = pixels / 1_000_000
    return f"{count:.0f} million pixels" if count >= 10 else f"{count:.1f} million pixels"
