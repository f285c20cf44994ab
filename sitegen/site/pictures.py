"""Responsive images as data: an image's variants (widths, WebP and JPEG), and a body's
<img> tags written as <picture> elements that offer them.

The files are made by `output.images`; this module only knows their addresses and sizes,
which is all a page needs, so a page's key covers every variant it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from sitegen.content.dimensions import Dimension, judge
from sitegen.content.links import FILE, quote_attribute
from sitegen.urls import start_tag_attributes

FALLBACK_WIDTH = 960  # px: the <img src> of browsers that read no srcset
# What the article column takes: the whole screen on a phone, about 44rem beside the
# fact box on a wide one. The theme may say otherwise where it includes picture.html.
BODY_SIZES = "(min-width: 60em) 44rem, 100vw"


@dataclass(frozen=True)
class Variant:
    url: str  # from the site root: /img/3f…/ale-480.webp
    width: int  # px
    height: int  # px


@dataclass(frozen=True)
class Picture:
    """One source image's variants: `fallback` for <img src>, `width` and `height` (its
    intrinsic size, for the page to keep its place before it loads), `jpeg` and `webp`
    for srcset (narrowest first), `og` (1200 px wide, or the original's width if less) for
    og:image."""

    source: str  # the image's site URL: /bilder/ale.jpg
    width: int  # px, of the original as shown (EXIF rotation applied)
    height: int
    jpeg: tuple[Variant, ...]
    webp: tuple[Variant, ...]
    og: Variant

    @property
    def fallback(self) -> Variant:
        fitting = [v for v in self.jpeg if v.width <= FALLBACK_WIDTH]
        return fitting[-1] if fitting else self.jpeg[0]


def srcset(variants: tuple[Variant, ...], prefix: str = "") -> str:
    """`/img/…-480.webp 480w, /img/…-960.webp 960w`, each URL after the base path `prefix`."""
    return ", ".join(f"{prefix}{v.url} {v.width}w" for v in variants)


_IMG = re.compile(r"<img\b[^>]*>")
# What the rewrite writes itself; every other attribute the editor gave (class, id, style,
# loading, data-id1, xml:lang, …) is kept as written.
_WRITTEN = frozenset({"src", "srcset", "sizes", "width", "height"})
_LENGTH = re.compile(r"([0-9]+(?:\.[0-9]+)?)([a-z]+)\s*$")


class _Attributes(HTMLParser):
    """Reads one start tag's attributes as HTML does: names in lower case, values unescaped
    and None for a bare name; single-quoted and unquoted values too."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = start_tag_attributes(self.get_starttag_text() or "")  # `&region=` as HTML reads it

    handle_startendtag = handle_starttag


def attributes(tag: str) -> dict[str, str | None]:
    """The attributes of the start tag `tag` (`<img src="a.jpg" data-id1='7' hidden>`) by
    name, as HTML reads them (values unescaped; the first of a name given twice)."""
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    found: dict[str, str | None] = {}
    for name, value in parser.attrs:
        found.setdefault(name, value)
    return found


def responsive(html: str, pictures: dict[str, Picture], base: str) -> str:
    """`html` (an article body as read: each image's src is `FILE` + its site URL) with each
    <img> whose image is in `pictures` (site URL → Picture) written as a <picture> with a
    WebP source, a JPEG srcset, `sizes`, a width and height (see `dimensions`), and
    loading="lazy" (a body's images are below the fold) unless it says otherwise; its
    other attributes (alt, title, class, data-…, …) kept, each name and value intact.
    Other images are left as they are."""

    def one(match: re.Match[str]) -> str:
        given = attributes(match.group(0))
        src = given.get("src") or ""  # `före &amp; efter.jpg` names `före & efter.jpg`
        picture = pictures.get(src.removeprefix(FILE)) if src.startswith(FILE) else None
        if picture is None:
            return match.group(0)
        sizes, width, height = dimensions(picture, given.get("width"), given.get("height"))
        sized = "".join(f' {name}="{value}"' for name, value in (("width", width), ("height", height)) if value)
        kept = "".join(f' {name}="{quote_attribute(value)}"' if value is not None else f" {name}"
                       for name, value in given.items() if name not in _WRITTEN)  # fmt: skip
        lazy = "" if "loading" in given else ' loading="lazy"'
        lazy += "" if "decoding" in given else ' decoding="async"'
        sizes = escape(sizes)
        return (f'<picture><source type="image/webp" srcset="{srcset(picture.webp, base)}" sizes="{sizes}">'
                f'<img src="{base}{picture.fallback.url}" srcset="{srcset(picture.jpeg, base)}" sizes="{sizes}"'
                f"{sized}{kept}{lazy}></picture>")  # fmt: skip

    return _IMG.sub(one, html)


def dimensions(picture: Picture, width: str | None, height: str | None) -> tuple[str, str, str]:
    """(sizes, width, height) for a body image of `picture` whose tag gave `width` and
    `height` (unescaped; None where it gave none); "" for an attribute to leave out. Each
    is read as browsers read it (`dimensions.judge`): pixels (`300`, `300px`, `0300`) or a
    percentage (`50%`); any other value (`12.5em`, which browsers show 12.5 pixels wide,
    `0`, `auto`) counts as not given (the post-pass told the editor of it).
    Without either: the fallback's size, and the article column's `BODY_SIZES`.
    A width or height in pixels is the editor's (WordPress's "medium"): the other follows
    from the image's proportions unless given too, and `sizes` is that many pixels, so the
    browser fetches a variant that fits. A percentage is kept, and nothing is made up to
    go with it: a height in pixels would contradict a width of 50% of the column. A
    percentage width takes that share of the column's `sizes`."""
    wide, high = judge("width", width)[0], judge("height", height)[0]
    if wide is None and high is None:
        return BODY_SIZES, str(picture.fallback.width), str(picture.fallback.height)
    if wide is None and high is not None and not high.percent:
        wide = Dimension(max(1, round(picture.width * high.value / picture.height)))
    elif high is None and wide is not None and not wide.percent:
        high = Dimension(max(1, round(picture.height * wide.value / picture.width)))
    if wide is None or wide.percent:
        sizes = _share(BODY_SIZES, wide.value / 100) if wide else BODY_SIZES
    else:
        sizes = f"{wide}px"
    return sizes, str(wide or ""), str(high or "")


def _share(sizes: str, fraction: float) -> str:
    """`sizes` (a `sizes` value: conditions, each with the length it takes, and a last
    length) with each length multiplied by `fraction`: `(min-width: 60em) 44rem, 100vw`
    at 0.5 is `(min-width: 60em) 22rem, 50vw`."""

    def scaled(entry: str) -> str:
        length = _LENGTH.search(entry)
        if length is None:
            return entry
        number = f"{float(length.group(1)) * fraction:.4f}".rstrip("0").rstrip(".")
        return f"{entry[: length.start()]}{number}{length.group(2)}"

    return ", ".join(scaled(entry.strip()) for entry in sizes.split(","))
