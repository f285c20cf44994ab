"""The sites the browser tests and the screenshots look at, and how they are served.

- the sample site: this repository, as editors wrote it (no photos);
- a photo site: the sample site with generated pictures (abstract shapes, never people) on a
  few articles, so the cover's lead story, cards and an article page show a photo;
- a full-text site: the sample site with `archive_full_text: true`.

`PAGE_KINDS` names one address of every kind of page, on the site that shows it; the
accessibility tests and `python -m tests.browser.screenshots` both go through all of them.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from sitegen.build import BuildOptions, build

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 1, tzinfo=UTC)

# Articles of the photo site that get a generated picture: the newest (the cover's lead
# story), one on the cover's grid, and Ale (an article page with a photo and a credit).
PHOTOS = {
    "content/2020/gor-skillnad-for-barn-och-ungdomar-i-uppsala.md": ((10, 90, 99), (231, 241, 241)),
    "content/2019/boras-ska-bli-socionomernas-forstahandsval.md": ((154, 52, 18), (255, 240, 194)),
    "content/2016/latt-att-leva-for-socionomer-i-ale.md": ((28, 31, 35), (111, 166, 171)),
}


ALT = "Ringar i två färger (en genererad testbild)"


@dataclass(frozen=True)
class PageKind:
    name: str  # also the screenshot's file name
    site: str  # "sample", "photo" or "fulltext"
    path: str
    what: str  # for the README and messages


PAGE_KINDS = (
    PageKind("home", "sample", "/", "the cover: lead story, grid of cards, sections by topic"),
    PageKind("home-photos", "photo", "/", "the cover when articles have photos"),
    PageKind("home-page-2", "sample", "/sida/2/", "the home page's page 2"),
    PageKind("tag", "sample", "/etikett/socialforvaltning/", "a tag archive"),
    PageKind("kommun", "sample", "/kommun/malmo/", "a kommun archive"),
    PageKind(
        "facet", "sample", "/kommun/malmo/etikett/arbetsmiljo/", "a kommun × tag archive (facet)"
    ),
    PageKind("tags", "sample", "/etikett/", "the tag index"),
    PageKind("kommuner", "sample", "/kommun/", "the kommun index"),
    PageKind(
        "article",
        "sample",
        "/2019/05/i-alingsas-samlas-verksamheten-runt-klienten/",
        "an article without a photo: call to action, fact box, contact card",
    ),
    PageKind(
        "article-kicker",
        "sample",
        "/2018/01/stabilitet-praglar-socialtjansten-i-kungsbacka/",
        "an article with a kicker: the label above the title links its kommun",
    ),
    PageKind(
        "article-photo",
        "photo",
        "/2016/01/latt-att-leva-for-socionomer-i-ale/",
        "an article with a photo, its caption and credit",
    ),
    PageKind(
        "fulltext",
        "fulltext",
        "/kommun/malmo/",
        "an archive with archive_full_text: true",
    ),
    PageKind("page", "sample", "/om-bilagan/", "a page that is not an article (content/sidor/)"),
    PageKind("search", "sample", "/sok/", "the search page, before a search: the box, and the indexes"),
    PageKind("404", "sample", "/404.html", "the page for an address that does not exist"),
)


def build_sites(folder: Path) -> dict[str, Path]:
    """Build the three sites under `folder`; their output folders by name."""
    sample = folder / "sample"
    build(BuildOptions(root=REPO, now=NOW, output=sample))
    photo_root = _copy_sample(folder / "photo-src")
    for source, colours in PHOTOS.items():
        _add_photo(photo_root, source, colours)
    full_root = _copy_sample(folder / "fulltext-src")
    config = full_root / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "archive_full_text: false", "archive_full_text: true"
        ),
        encoding="utf-8",
    )
    outputs = {"sample": sample, "photo": folder / "photo", "fulltext": folder / "fulltext"}
    build(BuildOptions(root=photo_root, now=NOW, output=outputs["photo"]))
    build(BuildOptions(root=full_root, now=NOW, output=outputs["fulltext"]))
    return outputs


def _copy_sample(root: Path) -> Path:
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "config.yaml", root / "config.yaml")
    return root


def _add_photo(root: Path, source: str, colours: tuple[tuple[int, int, int], ...]) -> None:
    """A 1600×1067 picture of overlapping circles in two colours, and the article's
    `image:` pointing at it."""
    name = Path(source).stem[:24] + ".jpg"
    image = Image.new("RGB", (1600, 1067), colours[1])
    draw = ImageDraw.Draw(image)
    for i in range(7):
        x, y, r = 200 + i * 210, 300 + (i % 3) * 220, 160 + (i % 4) * 60
        draw.ellipse((x - r, y - r, x + r, y + r), outline=colours[0], width=18)
    (root / "content" / "images").mkdir(exist_ok=True)
    image.save(root / "content" / "images" / name, quality=85)
    path = root / source
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"^(title: .*)$", rf"\1\nimage: images/{name}\nalt: {ALT}", text, count=1,
               flags=re.M),
        encoding="utf-8",
    )


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files like SimpleHTTPRequestHandler, without a log line per request on stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path, handler_class: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """`http://127.0.0.1:<free port>` serving `folder` (through `handler_class`) until the
    block ends."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
