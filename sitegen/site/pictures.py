"""Responsive images as data: an image's variants (widths, WebP and JPEG), and a body's
<img> tags written as <picture> elements that offer them.

The files are made by `output.images`; this module only knows their addresses and sizes,
which is all a page needs, so a page's key covers every variant it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape

from sitegen.content.links import FILE

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
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)(?:="([^"]*)")?')


def responsive(html: str, pictures: dict[str, Picture], base: str) -> str:
    """`html` (an article body as read: each image's src is `FILE` + its site URL) with each
    <img> whose image is in `pictures` (site URL → Picture) written as a <picture> with a
    WebP source, a JPEG srcset, its width and height, and loading="lazy" (a body's images
    are below the fold); its alt and title kept. Other images are left as they are."""

    def one(match: re.Match[str]) -> str:
        attributes = dict(_ATTRIBUTE.findall(match.group(0)[4:-1]))
        src = unescape(attributes.get("src", ""))  # `före &amp; efter.jpg` names `före & efter.jpg`
        picture = pictures.get(src.removeprefix(FILE)) if src.startswith(FILE) else None
        if picture is None:
            return match.group(0)
        fallback = picture.fallback
        kept = "".join(f' {name}="{attributes[name]}"' for name in ("alt", "title") if name in attributes)
        sizes, width, height = escape(BODY_SIZES), fallback.width, fallback.height
        given_width, given_height = attributes.get("width", ""), attributes.get("height", "")
        if given_width.isdigit() and int(given_width) > 0:
            # The editor's own width (WordPress's "medium", 300 px): shown so, the browser
            # picking the variant for it; the height follows, unless the editor gave one too.
            width = int(given_width)
            height = int(given_height) if given_height.isdigit() else max(1, round(picture.height * width / picture.width))
            sizes = f"{width}px"
        elif given_height.isdigit() and int(given_height) > 0:  # a height alone: the width follows
            height = int(given_height)
            width = max(1, round(picture.width * height / picture.height))
            sizes = f"{width}px"
        return (f'<picture><source type="image/webp" srcset="{srcset(picture.webp, base)}" sizes="{sizes}">'
                f'<img src="{base}{fallback.url}" srcset="{srcset(picture.jpeg, base)}" sizes="{sizes}" '
                f'width="{width}" height="{height}"{kept} loading="lazy" decoding="async">'
                "</picture>")  # fmt: skip

    return _IMG.sub(one, html)
