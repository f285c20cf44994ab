"""The deploy report (`sitegen build --report FILE`): what a build changed, as JSON for CI.

A pipeline reads it to purge a CDN of exactly the addresses whose bytes changed, and to
schedule the next build for when the next scheduled article becomes due.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote, urljoin

from sitegen.output.write import WriteStats
from sitegen.urls import uri

FORMAT = 1  # the report's "format"; raised when a key changes meaning or goes away


def address(relative: str, base_url: str) -> str:
    """The public address of output file `relative` (`2016/01/ale/index.html` →
    `https://example.se/bilaga/2016/01/ale/`): a folder's index.html is the folder, as
    every host serves it; characters outside URLs are percent-encoded (RFC 3986), in the
    base URL's path too, and its host is written as browsers look it up (see `urls.uri`)."""
    path = relative.removesuffix("index.html") if relative.rsplit("/", 1)[-1] == "index.html" else relative
    return uri(urljoin(base_url, quote(path)))


def deploy_report(
    written: WriteStats,
    base_url: str,
    articles: int,
    pages: int,
    next_due: datetime | None,
) -> dict[str, Any]:
    """The report as plain data: counts of files written, unchanged and removed; the
    addresses of the files whose bytes changed (written anew: new ones included) and of
    those removed, sorted; and `next_due`, when the first scheduled article becomes due
    (ISO 8601 with its offset), or null."""
    return {
        "format": FORMAT,
        "articles": articles,
        "pages": pages,
        "written": written.written,
        "unchanged": written.unchanged,
        "removed": written.removed,
        "changed_urls": sorted(address(r, base_url) for r in written.changed),
        "removed_urls": sorted(address(r, base_url) for r in written.gone),
        "next_due": next_due.isoformat() if next_due else None,
    }
