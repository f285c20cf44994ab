"""The site as a host serves it under a sub-path: built with `base_url:
https://example.se/bilaga/`, served under /bilaga/ by a real HTTP server on 127.0.0.1, and
crawled from the home page. Every internal link, stylesheet, icon, image and feed answers
200; the sitemap and every feed list exactly the published articles, by absolute address.
"""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import NOW, TEST_SITE
from PIL import Image

from sitegen.build import BuildOptions, build
from sitegen.urls import slugify

PUBLIC = "https://example.se/bilaga/"
MENU = """menu:
  header:
    - {text: Om bilagan, url: /om-bilagan/}
  footer:
    - {text: Kontakt, url: "/om-bilagan/#kontakt"}
    - {text: Flöde, url: /feed.xml}
"""


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder at /bilaga/ and nothing elsewhere, as a host serving a
    project site does."""

    def translate_path(self, path: str) -> str:
        if not urlsplit(path).path.startswith("/bilaga/"):
            return "/nonexistent/"
        return super().translate_path(path.replace("/bilaga/", "/", 1))

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    """(the server's address of the home page, the site root, the output folder)."""
    folder = tmp_path_factory.mktemp("crawl")
    root, out = folder / "site", folder / "public"
    shutil.copytree(TEST_SITE, root)
    config = (root / "config.yaml").read_text(encoding="utf-8").replace(
        "https://test.example.se/", PUBLIC
    )
    (root / "config.yaml").write_text(config + MENU, encoding="utf-8")
    (root / "content" / "bilder").mkdir()
    Image.new("RGB", (800, 533), "teal").save(root / "content" / "bilder" / "ale.jpg")
    ale = root / "content" / "2016" / "ale.md"
    ale.write_text(ale.read_text(encoding="utf-8").replace("kicker:", "image: bilder/ale.jpg\nkicker:"),
                   encoding="utf-8")  # fmt: skip
    (root / "content" / "sidor").mkdir()
    (root / "content" / "sidor" / "om-bilagan.md").write_text(
        "---\ntitle: Om bilagan\n---\n## Kontakt\n\nSkriv till redaktionen.\n", encoding="utf-8"
    )
    build(BuildOptions(root=root, now=NOW, output=out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/bilaga/", root, out
    finally:
        server.shutdown()
        server.server_close()


def _local(address: str, home: str) -> str | None:
    """The server's address for an address of the site (public or local), else None. Any
    address on the server's host counts, under /bilaga/ or not: a link that lost the base
    path answers 404 there, as on the host."""
    origin = home.removesuffix("bilaga/")
    if address.startswith(("https://example.se/", "http://example.se/")):
        return origin + address.split("example.se/", 1)[1]
    if address.startswith(origin):
        return address
    return None


def _get(address: str) -> tuple[int, bytes, str]:
    try:
        with urlopen(address, timeout=10) as answer:
            return answer.status, answer.read(), answer.headers.get_content_type()
    except HTTPError as error:
        return error.code, b"", ""


def _references(body: bytes, kind: str, at: str) -> list[str]:
    """Every address a page, feed or manifest refers to, resolved against `at`."""
    if kind == "text/html":
        soup = BeautifulSoup(body, "html.parser")
        found = [t.get("href") for t in soup.find_all(["a", "link"])]
        found += [t.get("src") for t in soup.find_all(["img", "script", "source"])]
        found += [m.get("content") for m in soup.find_all("meta", property="og:image")]
    elif kind in ("application/xml", "text/xml", "application/atom+xml"):
        parsed = feedparser.parse(body, resolve_relative_uris=False, sanitize_html=False)
        found = [link.href for link in parsed.feed.get("links", [])] + [parsed.feed.get("icon")]
        for entry in parsed.entries:
            found.append(entry.link)
            html = BeautifulSoup(entry.content[0].value, "html.parser")
            found += [t.get("href") for t in html.find_all("a")] + [t.get("src") for t in html.find_all("img")]
        found += [loc.text for loc in BeautifulSoup(body, "xml").find_all("loc")]
    else:
        import json

        found = [icon["src"] for icon in json.loads(body).get("icons", [])] if at.endswith(".webmanifest") else []
    return [urljoin(at, a) for a in found if a]


def test_every_internal_address_answers_200_from_the_home_page(served: tuple[str, Path, Path]) -> None:
    home, _, out = served
    queue, seen, broken = [home], {home}, []
    while queue:
        address = queue.pop()
        status, body, kind = _get(address)
        if status != 200:
            broken.append(f"{address}: {status}")
            continue
        for found in _references(body, kind, address):
            local = _local(urldefrag(found)[0], home)
            if local is not None and local not in seen:
                seen.add(local)
                queue.append(local)
    assert broken == []
    crawled = {a[len(home) :] for a in seen if a.startswith(home)}
    # reached by following links: pages, feeds, the sitemap's pages, the photo's variants, icons, CSS
    for expected in ("", "2016/01/latt-att-leva-for-socionomer-i-ale/", "om-bilagan/",
                     "etikett/socialforvaltning/feed.xml", "kommun/ale/feed.xml", "feed.xml",
                     "favicon.svg", "favicon.ico", "apple-touch-icon.png",
                     "site.webmanifest", "icon-192.png", "icon-512.png", "etikett/socialforvaltning/sida/2/"):  # fmt: skip
        assert expected in crawled, expected
    assert any(a.startswith("css/site.") and a.endswith(".css") for a in crawled)
    assert any(re.fullmatch(r"img/[0-9a-f]+/ale-\d+\.(jpg|webp)", a) for a in crawled)  # the photo, as pages show it
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    pages = {f.removesuffix("index.html") for f in files if f.endswith(".html") and f != "404.html"}
    assert pages <= crawled  # every page is reachable
    status, _, _ = _get(home + "finns-inte/")
    assert status == 404


def _published(root: Path) -> list[dict[str, Any]]:
    """Front matter of the articles a reader may see at NOW, newest first (the oracle)."""
    found = []
    for path in sorted((root / "content").rglob("*.md")):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        if path.parent.name == "sidor" or data.get("draft"):
            continue
        when = data["date"]
        when = when if isinstance(when, datetime) else datetime.combine(when, datetime.min.time(), UTC)
        if when.astimezone(UTC) <= NOW:
            data["url"] = f"{PUBLIC}{when:%Y/%m}/{slugify(data['title'])}/"
            data["day"] = when.date() if isinstance(when, datetime) else date.fromisoformat(str(when))
            found.append(data)
    return sorted(found, key=lambda a: a["day"], reverse=True)


def test_the_sitemap_and_every_feed_list_exactly_the_published_articles(served: tuple[str, Path, Path]) -> None:
    home, root, _ = served
    published = _published(root)
    assert len(published) == 4  # not the draft, not the one dated 2099
    status, body, _ = _get(home + "sitemap.xml")
    locs = [loc.text for loc in BeautifulSoup(body, "xml").find_all("loc")]
    assert all(loc.startswith(PUBLIC) for loc in locs) and len(locs) == len(set(locs))
    articles = {loc for loc in locs if loc[len(PUBLIC) :][:4].isdigit()}
    assert articles == {a["url"] for a in published}
    assert f"{PUBLIC}om-bilagan/" in locs
    feeds = {"feed.xml": published}
    for field, path in (("tags", "etikett"), ("kommun", "kommun")):
        terms = {slugify(t) for a in published for t in ([a[field]] if isinstance(a.get(field), str) else a.get(field, []))}
        for slug in terms:
            feeds[f"{path}/{slug}/feed.xml"] = [
                a for a in published
                if slug in {slugify(t) for t in ([a[field]] if isinstance(a.get(field), str) else a.get(field, []))}
            ]  # fmt: skip
    assert len(feeds) == 10
    for name, expected in feeds.items():
        status, body, _ = _get(home + name)
        assert status == 200, name
        parsed = feedparser.parse(body, resolve_relative_uris=False, sanitize_html=False)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        links = [e.link for e in parsed.entries]
        assert sorted(links) == sorted(a["url"] for a in expected), name
        assert parsed.feed.links[0].href.startswith(PUBLIC)
        assert "om-bilagan" not in body.decode()
