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
from dataclasses import replace
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from .sites import PAGE_KINDS, REPO, build_sites, serve

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
DARK = ("home", "article")  # page kinds also shot in the dark scheme
# Shots of a state that scripts draw: (name, page kind whose site it is on, address, the CSS
# selector that shows the state is drawn).
SCRIPTED = (("search-results", "search", "/sok/?q=socionomer", ".pagefind-ui__result"),)
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"]


def shoot(out: Path) -> list[Path]:
    """Save every screenshot into `out` (created if missing); the files written."""
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("SITEGEN_CHROMIUM", "/usr/bin/chromium")
    written = []
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack, sync_playwright() as pw:
        sites = build_sites(Path(tmp))
        addresses = {name: stack.enter_context(serve(folder)) for name, folder in sites.items()}
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        shots = [(kind, size, "light", None) for kind in PAGE_KINDS for size in WIDTHS]
        shots += [(k, size, "dark", None) for k in PAGE_KINDS if k.name in DARK for size in WIDTHS]
        kinds = {kind.name: kind for kind in PAGE_KINDS}
        for name, kind_name, path, drawn in SCRIPTED:
            kind = replace(kinds[kind_name], name=name, path=path)
            shots += [(kind, size, "light", drawn) for size in WIDTHS]
        for kind, size, scheme, drawn in shots:
            width, height = WIDTHS[size]
            context = browser.new_context(
                viewport={"width": width, "height": height},
                color_scheme=scheme,  # type: ignore[arg-type]
                locale="sv-SE",
            )
            page = context.new_page()
            page.goto(addresses[kind.site] + kind.path, wait_until="load")
            if drawn:
                page.locator(drawn).first.wait_for()
            suffix = "" if scheme == "light" else "-dark"
            path = out / f"{kind.name}{suffix}-{size}.png"
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
