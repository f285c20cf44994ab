"""Screenshots of every kind of page, at desktop and phone width, into docs/screenshots/.

    python -m tests.browser.screenshots [--out DIR]

Builds the sample site, a copy with generated photos and a copy with `archive_full_text:
true` (`tests/browser/sites.py`), serves each over HTTP and saves, for every page kind,
`<kind>-desktop.png` (1280 px wide) and `<kind>-phone.png` (390 px), whole pages, in the
light scheme; the cover and an article in the dark scheme (`*-dark-*.png`); and the search
page showing results (`search-results-*.png`), shot once Pagefind's UI has drawn them. Uses
Debian's Chromium (/usr/bin/chromium, or $SITEGEN_CHROMIUM), like the browser tests.
The README shows them; look at every one after changing the theme.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from .sites import PAGE_KINDS, REPO, PageKind, build_sites, serve

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
DARK = ("home", "article")  # page kinds also shot in the dark scheme
# Shots of a state that scripts draw: (name, page kind whose site it is on, address, the CSS
# selector that shows the state is drawn).
SCRIPTED = (("search-results", "search", "/sok/?q=socionomer", ".pagefind-ui__result"),)
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]


@dataclass(frozen=True)
class Shot:
    """One screenshot: the page kind (its site and address), the viewport's name in WIDTHS,
    the colour scheme, and a CSS selector to wait for when scripts draw what is shot."""

    kind: PageKind
    size: str
    scheme: str = "light"
    drawn: str | None = None

    @property
    def file_name(self) -> str:
        """`<kind>[-dark]-<size>.png`, the name in docs/screenshots/ and the README."""
        suffix = "" if self.scheme == "light" else "-dark"
        return f"{self.kind.name}{suffix}-{self.size}.png"


def plan() -> list[Shot]:
    """Every screenshot `shoot` takes, in order."""
    shots = [Shot(kind, size) for kind in PAGE_KINDS for size in WIDTHS]
    shots += [Shot(kind, size, "dark") for kind in PAGE_KINDS if kind.name in DARK for size in WIDTHS]
    kinds = {kind.name: kind for kind in PAGE_KINDS}
    for name, kind_name, path, drawn in SCRIPTED:
        kind = replace(kinds[kind_name], name=name, path=path)
        shots += [Shot(kind, size, drawn=drawn) for size in WIDTHS]
    return shots


def shoot(out: Path) -> list[Path]:
    """Save every screenshot into `out` (created if missing); the files written."""
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
    written = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack, sync_playwright() as pw:
        sites = build_sites(Path(tmp))
        addresses = {name: stack.enter_context(serve(folder)) for name, folder in sites.items()}
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        for shot in plan():
            width, height = WIDTHS[shot.size]
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme=shot.scheme,  # type: ignore[arg-type]
                locale="sv-SE",
            )
            page = context.new_page()
            page.goto(addresses[shot.kind.site] + shot.kind.path, wait_until="load")
            if shot.drawn:
                page.locator(shot.drawn).first.wait_for()
            path = out / shot.file_name
            page.screenshot(path=str(path), full_page=True)
            _shrink(path)
            written.append(path)
            context.close()
        browser.close()
    return written


def _shrink(path: Path) -> None:
    """Rewrite the PNG with a 256-colour palette: a third of the bytes in the repository,
    and text and flat colours look the same."""
    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    for path in shoot(parser.parse_args().out):
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)


if __name__ == "__main__":
    main()
