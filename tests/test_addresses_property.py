"""Issue 10's property: over random small sites (titles and terms with å/ä/ö, case
variants, decomposed forms, punctuation-only differences; random permalink patterns, base
paths and relative_urls), no two pages share an output path, or the build fails with the
collision error; and served under the base path by a real HTTP server, every internal
link, image and feed link in the output answers 200."""

from __future__ import annotations

import functools
import posixpath
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, unquote, urljoin, urlsplit
from urllib.request import urlopen
from xml.etree import ElementTree

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sitegen.build import BuildOptions, build
from sitegen.errors import BuildError
from sitegen.urls import term_key

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
GIF = b"GIF87a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x08\x04\x00\x01\x04\x04\x00;"  # a whole 1×1 GIF
ORIGIN = "https://example.se"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# Words that collide in slugs but are distinct terms, and spellings of one term.
WORDS = ["Habo", "Håbo", "habo", "HÅBO", nfd("Håbo"), "C++", "C#", "C", "Öl", "Ol", "öl",
         "Ärende", "Arende", "Barn & unga", "Barn unga", "barn-unga", "Etikett", "Kommun",
         "Sida", "Åmål", "Amal", nfd("Åmål"), "Sök"]  # fmt: skip
PATTERNS = ["/{year}/{month}/{slug}/", "/{slug}/", "/{year}/{slug}/", "/etikett/{slug}/",
            "/kommun/{slug}/", "/{year}/{month}/{day}/{slug}/", "/sida/{slug}/"]  # fmt: skip
BASES = ["", "/bilaga", "/a/b", "/tidning-2"]


@st.composite
def sites(draw: st.DrawFn) -> dict[str, object]:
    count = draw(st.integers(1, 5))
    articles = []
    for i in range(count):
        articles.append({
            "file": draw(st.sampled_from([f"a{i}", f"Ö{i}", nfd(f"Ö{i}"), f"å/ä{i}"])),
            "title": draw(st.sampled_from(WORDS)) + draw(st.sampled_from(["", f" {i}"])),
            "date": draw(st.sampled_from(["2016-01-20", "2016-01-21", "2017-05-01"])),
            "tags": draw(st.lists(st.sampled_from(WORDS), max_size=3)),
            "kommun": draw(st.none() | st.sampled_from(WORDS)),
            "image": draw(st.sampled_from([None, "bild.gif", nfd("älv.gif")])),
            "link": draw(st.none() | st.integers(0, count - 1)),
            "draft": draw(st.booleans()) and i > 0,
        })  # fmt: skip
    return {
        "articles": articles,
        "pattern": draw(st.sampled_from(PATTERNS)),
        "page": draw(st.sampled_from(["sida/{n}/", "p/{n}/"])),
        "per_page": draw(st.integers(1, 3)),
        "base": draw(st.sampled_from(BASES)),
        "relative": draw(st.booleans()),
        "copied_to": draw(st.sampled_from(["", "/kopia", "/x/y/z"])),  # with relative_urls
        "drafts": draw(st.booleans()),
    }


def write(root: Path, site: dict[str, object]) -> None:
    articles: list[dict[str, object]] = site["articles"]  # type: ignore[assignment]
    config = (f"title: Bilagan\nbase_url: {ORIGIN}{site['base']}/\nper_page: {site['per_page']}\n"
              f"relative_urls: {str(site['relative']).lower()}\n"
              f"permalinks: {{article: \"{site['pattern']}\", page: \"{site['page']}\"}}\n")  # fmt: skip
    (root / "content").mkdir(parents=True)
    (root / "config.yaml").write_text(config, encoding="utf-8")
    names = [f"{a['file']}.md" for a in articles]
    for a, name in zip(articles, names, strict=True):
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        body = "Brödtext."
        if a["link"] is not None:  # to another article's file, from this one's folder
            target = posixpath.relpath(names[a["link"]], posixpath.dirname(name))  # type: ignore[index]
            body += f" Se [den]({unicodedata.normalize('NFC', target)})."
        if a["image"]:
            (path.parent / str(a["image"])).write_bytes(GIF)
            body += f"\n\n![Bild]({unicodedata.normalize('NFC', str(a['image']))})"
        tags = ", ".join(f'"{t}"' for t in a["tags"])  # type: ignore[attr-defined]
        lines = ["---", f'title: "{a["title"]}"', f"date: {a['date']}", f"tags: [{tags}]"]
        if a["kommun"]:
            lines.append(f"kommun: \"{a['kommun']}\"")
        if a["draft"]:
            lines.append("draft: true")
        path.write_text("\n".join([*lines, "---", body, ""]), encoding="utf-8")


class _Addresses(HTMLParser):
    """Every address a page asks the browser to follow or load."""

    WANTED = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        value = dict(attrs).get(self.WANTED.get(tag, ""))
        if value:
            self.found.append(value)
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@contextmanager
def served(folder: Path, base: str) -> Iterator[str]:
    """`folder` served at http://127.0.0.1:port{base}/ (anything outside `base` is a 404)."""

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            plain = urlsplit(path).path
            if not (plain + "/").startswith(base + "/"):
                return str(folder / "no such file")
            return super().translate_path(plain[len(base):] or "/")

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def status(url: str) -> tuple[int, bytes]:
    parts = urlsplit(url)
    try:
        with urlopen(parts._replace(path=quote(unquote(parts.path))).geturl(), timeout=10) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, b""


def crawl(origin: str, at: str, base: str) -> dict[str, str]:
    """Every page reachable from the home page, the feed and the sitemap of the site served
    at `origin` + `at` (URL → its title), asserting that each internal address answers 200.
    Full addresses under the site's public one (`ORIGIN` + `base`) are asked of `origin`."""
    seen: dict[str, str] = {}
    todo = [f"{origin}{at}/", f"{origin}{at}/feed.xml", f"{origin}{at}/sitemap.xml"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        code, data = status(url)
        assert code == 200, f"{url}: {code} (linked from the site)"
        seen[url] = ""
        path = urlsplit(url).path
        if path.endswith(".xml"):
            found = _xml_addresses(data)
        elif path.endswith("/") or path.endswith(".html"):
            page = _Addresses()
            page.feed(data.decode("utf-8"))
            seen[url], found = page.title, page.found
        else:
            continue
        for address in found:
            absolute = urljoin(url, address)
            if absolute.startswith(ORIGIN + base + "/"):  # the feed's and sitemap's full addresses
                absolute = origin + at + absolute[len(ORIGIN + base) :]
            if absolute.startswith(origin):
                todo.append(absolute.partition("#")[0])
            else:
                assert urlsplit(absolute).scheme in ("https", "mailto", "tel"), address
    return seen


def _xml_addresses(data: bytes) -> list[str]:
    root = ElementTree.fromstring(data)
    found = [e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    for element in root.iter():
        if element.tag.endswith("}link") and element.get("href"):
            found.append(str(element.get("href")))
        if element.tag.endswith("}content") and element.text:
            page = _Addresses()
            page.feed(element.text)
            found += page.found
    for address in found:
        assert address.startswith(ORIGIN + "/"), f"not a full address in a feed or sitemap: {address}"
    return found


COLLISION = ("is also the URL of", "is written too", "so it cannot be a folder too", "must be a folder for")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sites())
def test_every_page_has_its_own_path_and_every_address_answers(site: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root, out = Path(folder) / "site", Path(folder) / "out"
        write(root, site)
        try:
            build(BuildOptions(root=root, now=NOW, output=out, drafts=bool(site["drafts"]),
                               use_cache=False))  # fmt: skip
        except BuildError as failed:
            event("collision")
            assert failed.problems and all(any(c in p.message for c in COLLISION)
                                           for p in failed.problems), failed.problems  # fmt: skip
            assert not out.exists()
            return
        event("built")
        base = str(site["base"])
        at = str(site["copied_to"]) if site["relative"] else base  # relative: under any path
        with served(out, at) as origin:
            pages = crawl(origin, at, base)
        titles = set(pages.values())
        articles: list[dict[str, object]] = site["articles"]  # type: ignore[assignment]
        shown = [a for a in articles if site["drafts"] or not a["draft"]]
        for a in shown:  # its own page, not overwritten by another
            title = unicodedata.normalize("NFC", str(a["title"]))  # as the text is read
            assert any(t.startswith(f"{title} – ") for t in titles), (title, titles)
        tags = {term_key(str(t)) for a in shown for t in a["tags"]}  # type: ignore[attr-defined]
        archives = {term_key(t.split(" – ")[0].removeprefix("Etikettarkiv: "))
                    for t in titles if t.startswith("Etikettarkiv: ")}  # fmt: skip
        assert archives == tags  # each tag its own archive, reached from the site
        shutil.rmtree(out)
