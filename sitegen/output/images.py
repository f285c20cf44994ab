"""Responsive images: each article photo and body image in several widths, WebP and JPEG.

An image is known by the hash of its bytes. Its variants (`WIDTHS` wide, never wider than
the original, plus `OG_WIDTH` for og:image) are made once with Pillow and kept in the
site's cache folder (`.sitegen-cache/images/<hash>/`), named as they are published
(`/img/<hash>/<name>-<width>.webp` and `.jpg`): an unchanged image is never processed
again, whichever article uses it and whatever else changed, and a changed one gets new
addresses, so browsers never keep a stale copy.

`measure` reads only what pages need to know (size, hash) and is pure but for reading the
files; `make_variants` is the one step that writes, into the cache folder only.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.content.files import FileStamp, file_stamp
from sitegen.content.photos import unwarned
from sitegen.site.pictures import Picture, Variant
from sitegen.urls import file_path, slugify

if TYPE_CHECKING:
    from PIL import Image

WIDTHS = (480, 960, 1600)  # px: phone, tablet and column, wide screens at 2x
OG_WIDTH = 1200  # px: what Facebook, LinkedIn and others ask of og:image
JPEG_QUALITY, WEBP_QUALITY = 82, 80
FOLDER = "img"  # where variants are published
IMAGE_CACHE = "images"  # the variants' folder in the site's cache folder
RECIPE = f"1 {WIDTHS} {OG_WIDTH} q{JPEG_QUALITY}/{WEBP_QUALITY}"  # a new recipe: new hashes
# The images measured and made smaller: those Pillow reads, TIFF and BMP too (a photographer's
# or a print workflow's), which most browsers do not show and pages then show by their
# variants alone; and HEIC and HEIF (an iPhone's photos), which Pillow reads only with a
# plugin: without one they are told as files it cannot read (see `pipeline._unreadable`).
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".heif")


def locate(url: str, folders: Iterable[Path]) -> Path | None:
    """The file a site URL (`/bilder/ale.jpg`, or `bilder/ale.jpg`; see `urls.file_url`) names in the first of
    `folders` holding it (content/, assets/, the theme's assets), or None."""
    clean = posixpath.normpath(file_path(url))
    if clean.startswith("..") or not clean.lower().endswith(SUFFIXES) or "://" in url:
        return None
    for folder in folders:
        path = folder / clean
        if path.is_file():
            return path
    return None


def measure(url: str, file: Path) -> Picture | None:
    """What pages need to know of the image `file` published at `url`: its size and the
    addresses of its variants. None when Pillow cannot read it, or cannot decode all of it
    (a file cut short by a failed upload: its header tells the size, its pixels stop), and
    for an animation (a GIF, WebP or PNG of several frames), whose variants would be its
    first frame alone; the page then shows the original, as before (see `animated`). A JPEG is decoded at an eighth of its size
    (libjpeg's DCT scaling still reads every scan), so this costs a few ms a photo, once:
    measures are kept by the file's stamp (`Measures`, `incremental.memos`)."""
    from PIL import Image, UnidentifiedImageError

    data = file.read_bytes()
    hashed = hashlib.blake2b(data, digest_size=8)  # of the bytes and then the recipe, not joined:
    hashed.update(RECIPE.encode())  # a camera's photo is megabytes, copied for nothing
    digest = hashed.hexdigest()  # 16 hex digits
    try:
        with unwarned(), Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if image.getexif().get(0x0112) in (5, 6, 7, 8):  # EXIF orientation: turned 90°
                width, height = height, width
            if getattr(image, "is_animated", False):
                return None
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return None
    # The name of the variants, made like a slug (`Åsa Öberg.jpg` → `asa-oberg-480.jpg`): a
    # space would split a srcset candidate in two, and the hash folder keeps them apart.
    stem = slugify(posixpath.splitext(posixpath.basename(file_path(url)))[0]) or "bild"
    widths = sorted({min(w, width) for w in WIDTHS})

    def variant(w: int, suffix: str) -> Variant:
        return Variant(f"/{FOLDER}/{digest}/{stem}-{w}.{suffix}", w, max(1, round(height * w / width)))

    return Picture(url, width, height, tuple(variant(w, "jpg") for w in widths),
                   tuple(variant(w, "webp") for w in widths), variant(min(OG_WIDTH, width), "jpg"))  # fmt: skip


def animated(file: Path) -> bool:
    """Whether `file` is an image of several frames (Pillow's `is_animated`), which `measure`
    leaves as it is; False for anything Pillow cannot open."""
    from PIL import Image

    try:
        with unwarned(), Image.open(file) as image:
            return bool(getattr(image, "is_animated", False))
    except Exception:  # noqa: BLE001 (Pillow raises many kinds for a damaged file)
        return False


class Measures:
    """`measure` through a memo of each file's last measure, kept while the file's stamp
    (`content.files.file_stamp`) stays the same, as `PhotoSizes` keeps photo sizes: `serve` keeps
    one between builds, so an unchanged image is not read again and gives the same
    `Picture` object, whose fingerprint the page keys then need not work out again."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple[FileStamp, Picture | None]] = {}

    def __len__(self) -> int:
        return len(self._known)

    def known(self) -> list[tuple[str, str, FileStamp, Picture | None]]:
        """Every measure kept: (url, file, the file's stamp, picture)."""
        return [(url, file, stamp, picture) for (url, file), (stamp, picture) in self._known.items()]

    def add(self, url: str, file: Path, stamp: FileStamp, picture: Picture | None) -> None:
        """Take `picture` as the measure of `file` (published at `url`) while its stamp is
        `stamp`: it must be what `measure(url, file)` gave."""
        self._known[(url, str(file))] = (stamp, picture)

    def measure(self, url: str, file: Path) -> Picture | None:
        """As `measure(url, file)`."""
        try:
            stat = os.stat(file)
        except OSError:
            return None
        stamp, key = file_stamp(stat), (url, str(file))
        known = self._known.get(key)
        if known is None or known[0] != stamp:
            known = self._known[key] = (stamp, measure(url, file))
        return known[1]


def variants_of(picture: Picture) -> list[Variant]:
    """Every file `picture` publishes, once each."""
    found = {v.url: v for v in (*picture.jpeg, *picture.webp, picture.og)}
    return [found[url] for url in sorted(found)]


def missing_variants(variants: list[Variant], cache: Path) -> list[Variant]:
    """Those of a picture's `variants` (see `variants_of`) that the cache folder `cache`
    does not hold yet."""
    return [v for v in variants if not (cache / v.url.lstrip("/")).is_file()]


def make_variants(missing: list[Variant], file: Path, cache: Path) -> int:
    """Write the variants `missing` (see `missing_variants`) of the image `file` into the
    cache folder `cache` (each in the place its URL names below it); returns how many were
    made. Pillow's output depends only on the pixels and the settings here (no metadata is
    kept), so a variant made again is the same bytes. Each size is resized from the
    original once, for its WebP and its JPEG (and og:image, when the same), and not at all
    when it is the original's. Raises OSError when Pillow cannot decode `file` (errno None)
    or the cache folder cannot hold them."""
    if not missing:
        return 0
    from PIL import Image, ImageOps

    image: Image.Image
    with unwarned():
        with Image.open(file) as image:
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # no copy of its pixels when not turned
        if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):  # 16 bits of grey (a scan): 8 kept
            image = image.point(lambda value: value / 256).convert("L")
        sized: dict[tuple[int, int], Image.Image] = {image.size: image}
        for folder in {(cache / v.url.lstrip("/")).parent for v in missing}:
            folder.mkdir(parents=True, exist_ok=True)
        for variant in missing:
            size = (variant.width, variant.height)
            if size not in sized:
                sized[size] = image.resize(size, Image.Resampling.LANCZOS)
            _save(_encoded(sized[size], variant.url.endswith(".webp")), cache / variant.url.lstrip("/"))
    return len(missing)


def _encoded(image: Image.Image, webp: bool) -> bytes:
    """`image` as WebP (its transparency kept) or as JPEG (see `_flattened`)."""
    buffer = io.BytesIO()
    if webp:
        keep_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
        _converted(image, "RGBA" if keep_alpha else "RGB").save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        _flattened(image).save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def _save(data: bytes, target: Path) -> None:
    """Write `data` to `target` whole or not at all, for a build killed meanwhile."""
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(data)
    partial.replace(target)


def _converted(image: Image.Image, mode: str) -> Image.Image:
    """`image` in `mode`: itself when already so (Pillow's `convert` would copy it)."""
    return image if image.mode == mode else image.convert(mode)


def _flattened(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparent parts on white, as a page's background shows them."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return _converted(image, "RGB")
