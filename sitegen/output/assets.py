"""Assets: the theme's and the site's files of assets/, as they are published.

CSS and JavaScript are minified (by rcssmin and rjsmin, never by rules of our own) and get a
content hash in their names (`css/site.css` → `css/site.3f9a0c12e4.css`), so that hosts may
let browsers keep them for a year: a changed file is a new address. Templates reach every
asset through `asset('css/site.css')`, which knows the published names. Every other file is
published under its own name, as it is.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

from sitegen.incremental.fingerprint import digest

HASH_LENGTH = 10  # hex digits of the content hash in a published name: 40 bits


def _css(data: bytes) -> bytes:
    return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")  # type: ignore[no-any-return]


def _js(data: bytes) -> bytes:
    return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8")  # type: ignore[no-any-return]


MINIFIERS: dict[str, Callable[[bytes], bytes]] = {".css": _css, ".js": _js}


@dataclass(frozen=True)
class Asset:
    """One published file of assets/: its source, the name templates ask for (`css/site.css`),
    the path it is published at, and, for a minified one, its new bytes."""

    source: Path
    name: str
    path: str
    data: bytes | None = None  # None: published as the source is


def prepare(name: str, source: Path) -> Asset:
    """The asset `name` (a path below assets/) of file `source` as it will be published.
    Raises OSError when the file cannot be read, UnicodeDecodeError when CSS or JavaScript
    is not UTF-8."""
    stem, suffix = posixpath.splitext(name)
    minify = MINIFIERS.get(suffix.lower())
    if minify is None:
        return Asset(source, name, name)
    data = minify(source.read_bytes())
    return Asset(source, name, f"{stem}.{digest(data)[:HASH_LENGTH]}{suffix}", data)
