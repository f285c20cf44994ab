"""Photo sizes: each article photo's width and height in pixels, read from the file's header.

Pillow reads only the header (`Image.open` is lazy), so this costs a file open per photo;
`PhotoSizes` remembers each file's size by its stamp (`files.file_stamp`) for the builds of
one process (`serve`), and every build asks again, so a replaced photo is never stale.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.content.files import FileStamp, file_stamp
from sitegen.urls import file_path


class PhotoSizes:
    """`of(urls, folders)`: (width, height) of each site-relative photo URL found in the
    first of `folders` holding it (as `image:` is looked up: content/, assets/, the
    theme's assets/); URLs of other sites and files that are not images (or too large for Pillow to decode
    safely, over `PIL.Image.MAX_IMAGE_PIXELS` twice) are left out."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[FileStamp, tuple[int, int] | None]] = {}

    def of(self, urls: Iterable[str], folders: tuple[Path, ...]) -> dict[str, tuple[int, int]]:
        found = {}
        for url in sorted(set(urls)):
            if not url.startswith("/"):
                continue
            size = self._size(url, folders)
            if size is not None:
                found[url] = size
        return found

    def _size(self, url: str, folders: tuple[Path, ...]) -> tuple[int, int] | None:
        for folder in folders:
            path = os.path.join(folder, file_path(url))
            try:
                stat = os.stat(path)
            except OSError:
                continue
            stamp = file_stamp(stat)
            known = self._known.get(path)
            if known is None or known[0] != stamp:
                known = self._known[path] = (stamp, _read(path))
            return known[1]
        return None


def _read(path: str) -> tuple[int, int] | None:
    from PIL import (  # here: a build that finds nothing changed reads no photo
        Image,
        UnidentifiedImageError,
    )

    try:
        with unwarned(), Image.open(path) as image:
            width, height = image.size
    # As `output.images.measure` reads them: too many pixels to decode safely (Pillow's
    # DecompressionBombError, no OSError) or a plugin's SyntaxError are no photo either.
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return int(width), int(height)


@contextmanager
def unwarned() -> Iterator[None]:
    """Python's warnings silenced while Pillow reads or writes an image. Pillow warns of what
    it reads anyway (EXIF data longer than the file, "Skipping tag 271"; a photo of 90 to 179
    megapixels, "could be decompression bomb DOS attack"), and Python printed each to the
    editor's terminal with a line of Pillow's own code; what it cannot read at all it
    raises, and the build tells that at the file (`pipeline._undrawable`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield
