"""Incremental builds: after any sequence of edits, the cached build equals a fresh full build,
and a build with nothing changed writes nothing."""

from __future__ import annotations

import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import NOW, article
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from sitegen.build import BuildOptions, build
from sitegen.content.read import ReadSettings
from sitegen.errors import BuildError
from sitegen.incremental import reading
from sitegen.incremental.cache import Cache, output_name
from sitegen.incremental.pages import Memo, PageKeys
from sitegen.output.write import mirror
from sitegen.site.plan import Page, plan

BASE = ("/{year}/{month}/{slug}/", "http://localhost:8000/", 0, "", "python-markdown", "sanitize")
CONFIG = (2, "sida/{n}/", *BASE)  # the settings each example starts from
LATER = NOW.replace(month=7)  # after the articles dated 2026-06-01
TAGS = ["Socialförvaltning", "socialförvaltning", "Barn och unga", "Arbetsmiljö", "Öppenvård"]
TITLES = ["Ale", "Åmål", "Borås", "Östhammar", "Zeta", "Malmö", "Kungsbacka"]
TAXONOMIES = [
    "",
    "taxonomies:\n  - {field: tags, path: etikett, title: 'Etikettarkiv: {term}', index_title: Etiketter, label: Taggar}\n",
    "taxonomies:\n  - {field: tags, path: amne, title: 'Ämne: {term}', index_title: Ämnen, label: Ämnen}\n"
    "  - {field: photographer, path: foto, title: 'Foto: {term}', index_title: Foto, label: Foto}\n",
]
# Article templates: the theme's, one of our own, and the same one using more of what it
# is given (a new variable: the page's key must already cover it).
ARTICLE_LAYOUTS = [
    "",
    '{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>{% endblock %}\n',
    '{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>'
    "<p>{{ article.extra.note | default('') }} {{ site.description }} {{ article.photographer }}"
    "</p>{% endblock %}\n",
]

BODIES = ["Ny text.", "## Rubrik\n\nMer text med *kursiv*.", "Text.", "Text med [länk](Åmål.md).",
          "Bild:\n\n![Ett rum](bild.jpg)", "- a\n  - b"]  # fmt: skip

edits = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(TITLES), st.integers(1, 28),
              st.lists(st.sampled_from(TAGS), max_size=3), st.sampled_from(["Text.", "Annan text.", "- a\n  - b", "<b>fet</b> <script>x()</script>", "![Bild](bild.gif) [Ale](Ale.md)",
                                                                     "Bild:\n\n![Ett rum](bild.jpg)"]),
              st.sampled_from(["", "note: Notis", "photographer: Ann Öberg", "draft: true",
                               "date: 2026-06-01", "kommun: Malmö", "kommun: Ale",
                               "image: bilder/ale.jpg", "updated: 2016-03-01",
                               "image: bild.jpg", "aliases: [/gammal/]", "aliases: [/annan/]", "aliases: [/2016/01/forr/, /forr.html]",
                               "lead: En ingress.",
                               # contact.tel, worked out when read, shown on the article's page
                               'contact: {phone: "0303-33 00 00"}', 'contact: {phone: "031-365 34 85 ankn. 12"}'])),
    st.tuples(st.just("delete"), st.sampled_from(TITLES)),
    st.tuples(st.just("rename"), st.sampled_from(TITLES), st.sampled_from(TITLES)),
    st.tuples(st.just("layout"), st.sampled_from(["", "<p>egen fot</p>"])),
    st.tuples(st.just("article_layout"), st.integers(0, len(ARTICLE_LAYOUTS) - 1)),
    st.tuples(st.just("config"), st.integers(1, 3), st.sampled_from(["sida/{n}/", "page/{n}/"]),
              st.sampled_from(["/{year}/{month}/{slug}/", "/artiklar/{slug}/"]),
              st.sampled_from(["http://localhost:8000/", "https://example.se/bilaga/"]),
              st.integers(0, len(TAXONOMIES) - 1), st.sampled_from(["", "Om socialt arbete"]),
              st.sampled_from(["python-markdown", "commonmark"]), st.sampled_from(["sanitize", "allow"])),
    st.tuples(st.just("options"), st.sampled_from([None, "https://cdn.example.se/x/"]),
              st.booleans(), st.booleans()),
    st.tuples(st.just("asset"), st.sampled_from(["", "body { color: red }"])),
    st.tuples(st.just("home"), st.sampled_from(["/", "/start/"])),  # permalinks.home: every link home
    # A body's image found next to the article, in content/ or in assets/, or not at all.
    st.tuples(st.just("image"), st.sampled_from(["content/sub", "content", "assets"]), st.booleans()),
    # Settings of addresses, added to (or taken from) whatever config.yaml holds.
    st.tuples(st.just("addresses"), st.booleans(), st.sampled_from(["", "Socialförvaltning: soc"])),
    # the stylesheet every page links by its hash; a photo whose size og:image tells; a page
    st.tuples(st.just("style"), st.sampled_from(["", "body { color: red }", "body { color: blue }"])),
    st.tuples(st.just("photo"), st.sampled_from([None, (40, 30), (60, 20)])),
    st.tuples(st.just("page"), st.sampled_from(["", "Om oss.", "Annan text."])),
    st.tuples(st.just("picture"), st.sampled_from([None, 0, 1, 2])),
    st.tuples(st.just("break"), st.sampled_from(TITLES)),
    # Only the text below an article's front matter: `serve` then renders only its pages.
    st.tuples(st.just("body"), st.sampled_from(TITLES), st.sampled_from(BODIES)),
    st.tuples(st.just("now"), st.sampled_from([NOW, LATER])),
    st.tuples(st.just("nothing")),
)  # fmt: skip


def _photo(width: int, colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (width, width // 2), colour)
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


# The third is the first redrawn at the same size: only its variants' addresses change.
PHOTOS = [_photo(600, (200, 120, 40)), _photo(500, (40, 120, 200)), _photo(600, (90, 160, 60))]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def apply(root: Path, edit: tuple[object, ...]) -> None:
    kind = edit[0]
    content = root / "content"
    if kind == "write":
        _, title, day, tags, body, extra = edit
        text = article(str(title), f"2016-02-{day:02d}", str(body), tags=f"[{', '.join(tags)}]")  # type: ignore[call-overload]
        if extra:
            key = str(extra).split(":")[0]
            lines = [line for line in text.split("\n") if not line.startswith(f"{key}:")]
            text = "\n".join(lines).replace("---\n", f"---\n{extra}\n", 1)
        (content / f"{title}.md").write_text(text, encoding="utf-8")
    elif kind == "delete":
        (content / f"{edit[1]}.md").unlink(missing_ok=True)
    elif kind == "rename":
        source, target = content / f"{edit[1]}.md", content / "sub" / f"{edit[2]}.md"
        if source.exists():
            target.parent.mkdir(exist_ok=True)
            source.replace(target)
    elif kind in ("layout", "article_layout"):
        name = "404.html" if kind == "layout" else "article.html"
        text = str(edit[1]) if kind == "layout" else ARTICLE_LAYOUTS[int(edit[1])]  # type: ignore[call-overload]
        layout = root / "layouts" / name
        layout.parent.mkdir(exist_ok=True)
        if text:
            layout.write_text(text, encoding="utf-8")
        else:
            layout.unlink(missing_ok=True)
    elif kind == "config":
        _, per_page, page, permalink, base_url, taxonomies, description, engine, raw = edit
        config = (f"title: Test\nper_page: {per_page}\nbase_url: {base_url}\n"
                  f"description: '{description}'\npermalinks:\n  page: {page}\n"
                  f"  article: {permalink}\nmarkdown: {{engine: {engine}, raw_html: {raw}}}\n"
                  f"{TAXONOMIES[taxonomies]}")  # type: ignore[call-overload,index]
        (root / "config.yaml").write_text(config, encoding="utf-8")
    elif kind == "asset":
        css = root / "assets" / "extra.css"
        css.parent.mkdir(exist_ok=True)
        if edit[1]:
            css.write_text(str(edit[1]), encoding="utf-8")
        else:
            css.unlink(missing_ok=True)
    elif kind == "image":
        image = root / str(edit[1]) / "bild.gif"
        if edit[2]:
            image.parent.mkdir(exist_ok=True)
            image.write_bytes(b"GIF89a" + str(edit[1]).encode())
        else:
            image.unlink(missing_ok=True)
    elif kind == "home":
        config = root / "config.yaml"
        lines = [line for line in config.read_text(encoding="utf-8").split("\n") if not line.startswith("  home:")]
        lines.insert(lines.index("permalinks:") + 1, f"  home: {edit[1]}")
        config.write_text("\n".join(lines), encoding="utf-8")
    elif kind == "addresses":
        config = root / "config.yaml"
        lines = [line for line in config.read_text(encoding="utf-8").split("\n")
                 if not line.startswith(("relative_urls:", "slugs:"))]  # fmt: skip
        lines.insert(1, f"relative_urls: {str(edit[1]).lower()}")
        if edit[2]:
            lines.insert(1, f"slugs: {{tags: {{{edit[2]}}}}}")
        config.write_text("\n".join(lines), encoding="utf-8")
    elif kind == "style":
        css = root / "assets" / "css" / "site.css"
        css.parent.mkdir(parents=True, exist_ok=True)
        if edit[1]:
            css.write_text(str(edit[1]), encoding="utf-8")
        else:
            css.unlink(missing_ok=True)
    elif kind == "photo":
        photo = content / "bilder" / "ale.jpg"
        photo.parent.mkdir(exist_ok=True)
        if edit[1]:
            Image.new("RGB", edit[1], "teal").save(photo)  # type: ignore[arg-type]
        else:
            photo.unlink(missing_ok=True)
    elif kind == "page":
        page = content / "sidor" / "om.md"
        page.parent.mkdir(exist_ok=True)
        if edit[1]:
            page.write_text(f"---\ntitle: Om bilagan\n---\n{edit[1]}\n", encoding="utf-8")
        else:
            page.unlink(missing_ok=True)
    elif kind == "picture":  # a generated picture (or none) that articles name as bild.jpg
        photo = content / "bild.jpg"
        if edit[1] is None:
            photo.unlink(missing_ok=True)
        else:
            photo.write_bytes(PHOTOS[int(edit[1])])  # type: ignore[call-overload]
    elif kind == "search":
        config = root / "config.yaml"
        lines = [line for line in config.read_text(encoding="utf-8").split("\n") if not line.startswith("search:")]
        config.write_text("\n".join(lines) + f"\nsearch: {str(edit[1]).lower()}\n", encoding="utf-8")
    elif kind == "body":
        source = content / f"{edit[1]}.md"
        if source.exists():
            _, front, _ = source.read_text(encoding="utf-8").split("---\n", 2)
            source.write_text(f"---\n{front}---\n{edit[2]}\n", encoding="utf-8")
    elif kind == "break":
        (content / f"{edit[1]}.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(edits, min_size=1, max_size=6))
# a photo replaced by one of another size (og:image's width and height), a new stylesheet
# (every page's link to its hashed name), a page of content/sidor/ edited
@example(steps=[("photo", (40, 30)), ("write", "Ale", 3, [], "Text.", "image: bilder/ale.jpg"),
                ("photo", (60, 20)), ("style", "body { color: red }"), ("page", "Om oss."),
                ("page", "Annan text.")])  # fmt: skip
# Every run also tries each setting that reading depends on, changed alone:
@example(steps=[("config", 2, "sida/{n}/", "/artiklar/{slug}/", *BASE[1:])])
# Search: the index follows every change of an article page, and only those.
@example(steps=[("search", True), ("write", "Ale", 3, ["Arbetsmiljö"], "Text.", "kommun: Malmö"),
                ("nothing",), ("asset", "body { color: red }"), ("search", False), ("search", True)])
# ... and a site with nothing published: no index, and a search page that asks for none,
# until the first article is out again (the search page's `indexed`).
@example(steps=[("search", True), ("write", "Ale", 3, [], "Text.", "draft: true"), ("delete", "Åmål"),
                ("delete", "Borås"), ("delete", "Östhammar"), ("write", "Ale", 3, [], "Text.", ""),
                ("write", "Ale", 3, [], "Text.", "draft: true")])  # fmt: skip
# Images: a photo and a body image appear, change and disappear; their variants follow.
@example(steps=[("picture", 0), ("write", "Ale", 3, [], "Bild:\n\n![Ett rum](bild.jpg)", "image: bild.jpg"),
                ("picture", 1), ("picture", None), ("picture", 0), ("picture", 2),
                ("write", "Ale", 3, [], "Text.", "image: bild.jpg"), ("picture", 0)])
# Body text alone, as editors mostly save: of an article on archive pages and in feeds, of a
# draft, of a scheduled article before and after it comes due, of one with a photo, of a
# page of content/sidor/; then a link added, an image added (whole builds again).
@example(steps=[("body", "Ale", "Ny text."), ("body", "Ale", "## Rubrik\n\nMer text med *kursiv*."),
                ("write", "Zeta", 5, ["Arbetsmiljö"], "Text.", "draft: true"), ("body", "Zeta", "Ny text."),
                ("options", None, True, True), ("body", "Zeta", "Text."),
                ("write", "Malmö", 6, [], "Text.", "date: 2026-06-01"), ("body", "Malmö", "Ny text."),
                ("now", LATER), ("body", "Malmö", "Text."), ("page", "Om oss."), ("page", "Annan text."),
                ("body", "Åmål", "Text med [länk](Åmål.md)."), ("body", "Borås", "Bild:\n\n![Ett rum](bild.jpg)"),
                ("picture", 0), ("body", "Borås", "Ny text."), ("body", "Borås", "Bild:\n\n![Ett rum](bild.jpg)"),
                ("write", "Kungsbacka", 7, [], "Text.", "image: bild.jpg"), ("body", "Kungsbacka", "- a\n  - b")])
# Related reading and facets: one article's tags or kommun change other articles' pages.
@example(steps=[("write", "Ale", 3, ["Arbetsmiljö"], "Text.", "kommun: Malmö"),
                ("write", "Åmål", 4, ["Arbetsmiljö"], "Text.", "kommun: Malmö"),
                ("write", "Ale", 3, ["Öppenvård"], "Text.", "kommun: Malmö")])
@example(steps=[("write", "Ale", 3, [], "- a\n  - b", ""), ("config", *CONFIG[:6], "commonmark", "sanitize")])
@example(steps=[("write", "Ale", 3, [], "<b>fet</b> <script>x()</script>", ""),
                ("config", *CONFIG[:6], "python-markdown", "allow")])  # fmt: skip
# ... and each place a body's image may be found, in turn, and the address settings.
@example(steps=[("rename", "Ale", "Ale"), ("write", "Borås", 3, [], "![Bild](bild.gif) [Ale](Ale.md)", ""),
                ("image", "assets", True), ("image", "content", True), ("addresses", True, ""),
                ("rename", "Borås", "Borås"), ("image", "content/sub", True), ("image", "content", False),
                ("addresses", False, "Socialförvaltning: soc")])  # fmt: skip
# An article's earlier addresses (their pages, the feeds' entry ids): added, changed,
# moved with the article's file, and removed.
@example(steps=[("write", "Ale", 3, [], "Text.", "aliases: [/gammal/]"),
                ("write", "Ale", 3, [], "Text.", "aliases: [/annan/]"),  # the same places, another value
                ("write", "Ale", 3, [], "Text.", "aliases: [/2016/01/forr/, /forr.html]"),
                ("rename", "Ale", "Ale"), ("write", "Ale", 3, [], "Text.", "")])  # fmt: skip
# A phone number's tel: link, worked out when read (contact.tel), then a body edit after it.
@example(steps=[("write", "Ale", 3, [], "Text.", 'contact: {phone: "0303-33 00 00"}'),
                ("write", "Ale", 3, [], "Text.", 'contact: {phone: "031-365 34 85 ankn. 12"}'),
                ("body", "Ale", "Ny text.")])  # fmt: skip
# The home page moved (`site.home`: every page's link home, the feeds' author).
@example(steps=[("write", "Ale", 3, [], "Text.", ""), ("home", "/start/"), ("body", "Ale", "Ny text."),
                ("home", "/")])  # fmt: skip
def test_cached_builds_equal_full_builds(steps: list[tuple[object, ...]]) -> None:
    """Whatever changes (content, templates, a template using a new variable, config:
    base URL, permalinks (the home page's too), per_page, taxonomies, relative_urls, slugs; images found
    elsewhere; flags: --base-url, --drafts, --future), a
    build through the cache writes the same bytes as a cold build, on disk (as `sitegen
    build` does) and in memory (as `sitegen serve` does, alternating two folders)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        (root / "content").mkdir(parents=True)
        apply(root, ("config", *CONFIG))
        for title in TITLES[:4]:
            apply(root, ("write", title, 3, ["Socialförvaltning"], "Text.", ""))
        flags: dict[str, object] = {}
        now = NOW
        incremental = Path(folder) / "incremental"
        build(BuildOptions(root=root, now=NOW, output=incremental))
        # As `sitegen serve` builds: one cache kept in memory, with its memos, across builds
        # that alternate between two folders, the second one primed from the first.
        session = Memo(Cache.open(None, in_memory=True))
        slots = [Path(folder).resolve() / "slot-a", Path(folder).resolve() / "slot-b"]
        build(BuildOptions(root=root, now=NOW, output=slots[0], memo=session, verify_output=False))
        outputs = session.cache.outputs
        outputs[output_name(slots[1], root)] = mirror(slots[0], slots[1], outputs[output_name(slots[0], root)])
        for number, step in enumerate(steps):
            if step[0] == "options":
                flags = {"base_url": step[1], "drafts": step[2], "future": step[3]}
            elif step[0] == "now":
                now = step[1]  # type: ignore[assignment]
            elif step[0] != "nothing":
                apply(root, step)
            full = Path(folder) / "full"
            shutil.rmtree(full, ignore_errors=True)
            try:
                build(BuildOptions(root=root, now=now, output=full, use_cache=False, **flags))  # type: ignore[arg-type]
            except BuildError as failure:
                before = tree(incremental)
                try:
                    build(BuildOptions(root=root, now=now, output=incremental, **flags))  # type: ignore[arg-type]
                except BuildError:
                    assert tree(incremental) == before  # a failed build leaves the output alone
                    with pytest.raises(BuildError):
                        build(BuildOptions(root=root, now=now, output=slots[0], memo=session,
                                           verify_output=False, **flags))  # type: ignore[arg-type]  # fmt: skip
                    continue
                raise AssertionError(
                    "the cached build succeeded where a full build failed"
                ) from failure
            build(BuildOptions(root=root, now=now, output=incremental, **flags))  # type: ignore[arg-type]
            assert tree(incremental) == tree(full), f"after {step}"
            slot = slots[(number + 1) % 2]
            build(BuildOptions(root=root, now=now, output=slot, memo=session,
                               verify_output=False, **flags))  # type: ignore[arg-type]  # fmt: skip
            assert tree(slot) == tree(full), f"serving, after {step}"


def test_a_new_page_pattern_rewrites_the_links_to_later_pages(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({f"{t}.md": article(t, tags="[A]") for t in TITLES[:5]})
    base = ("/{year}/{month}/{slug}/", "http://localhost:8000/", 0, "", "python-markdown", "sanitize")
    apply(root, ("config", 2, "sida/{n}/", *base))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    apply(root, ("config", 2, "page/{n}/", *base))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "full", use_cache=False))
    assert tree(tmp_path / "out") == tree(tmp_path / "full")
    assert 'href="/page/2/"' in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_nothing_changed_writes_nothing(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", tags="[A, B]"), "b.md": article("Borås")})
    out = tmp_path / "out"
    first = build(BuildOptions(root=root, now=NOW, output=out))
    assert first.written.written > 0
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = build(BuildOptions(root=root, now=NOW, output=out))
    assert second.written.written == 0 and second.written.removed == 0 and second.read == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_editing_one_body_rewrites_only_its_page_and_the_feed(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", tags="[A]"), "b.md": article("Borås", tags="[A]")})
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    (root / "content" / "a.md").write_text(article("Ale", body="Ny text.", tags="[A]"))
    report = build(BuildOptions(root=root, now=NOW, output=out))
    assert report.read == 1
    # the article, feed.xml and the feed of tag A; archives show no body
    assert report.written.written == 3


def test_a_file_changed_by_hand_in_the_output_is_rewritten(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale")})
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    page = out / "2016/01/ale/index.html"
    original = page.read_bytes()
    page.write_text("tampered")
    build(BuildOptions(root=root, now=NOW, output=out))
    assert page.read_bytes() == original


def test_serve_trusts_its_own_folders_without_checking_each_file(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """verify_output=False skips the per-file check (serve's folders are its own), so even a
    file changed by hand stays as it is until its page changes."""
    root = make_site({"a.md": article("Ale")})
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    page = out / "2016/01/ale/index.html"
    page.write_text("tampered")
    build(BuildOptions(root=root, now=NOW, output=out, verify_output=False))
    assert page.read_text() == "tampered"


def test_a_removed_article_disappears_with_its_folders(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", tags="[Unik]"), "b.md": article("Borås")})
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    assert (out / "etikett" / "unik").is_dir()
    (root / "content" / "a.md").unlink()
    report = build(BuildOptions(root=root, now=NOW, output=out))
    assert report.written.removed >= 2
    assert not (out / "2016/01/ale").exists() and not (out / "etikett" / "unik").exists()


def test_adding_the_missing_photo_rebuilds_the_article(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", image="images/ale.png")})
    out = tmp_path / "out"
    first = build(BuildOptions(root=root, now=NOW, output=out))
    assert first.warnings and "<img" not in (out / "2016/01/ale/index.html").read_text()
    (root / "content" / "images").mkdir()
    Image.new("RGB", (2, 1)).save(root / "content" / "images" / "ale.png")
    second = build(BuildOptions(root=root, now=NOW, output=out))
    assert not second.warnings
    assert '<img src="/img/' in (out / "2016/01/ale/index.html").read_text()  # a variant of it


def test_parallel_render_equals_serial(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = {f"{i:03d}.md": article(f"Artikel {i}", f"2016-01-{1 + i % 28:02d}", tags="[A, B]")
             for i in range(250)}  # fmt: skip
    root = make_site(files)
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "one", jobs=1, use_cache=False))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "two", jobs=2, use_cache=False))
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_in_parallel_leaves_the_cycle_collector_as_it_found_it(make_site, tmp_path: Path,
                                                                      enabled: bool) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    # Paused while the workers' results arrive (see `reading._uncollected`), not left so.
    root = make_site({f"{i:03d}.md": article(f"Artikel {i}", "2016-01-02") for i in range(210)})
    (gc.enable if enabled else gc.disable)()
    try:
        build(BuildOptions(root=root, now=NOW, output=tmp_path / "out", jobs=2, use_cache=False))
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_a_read_worker_collects_its_garbage_though_forked_while_collection_was_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "_worker", None)
    gc.disable()
    try:
        reading._start_worker(ReadSettings(root=Path("."), content_dir=Path("content"), image_dirs=(),
                                           permalink="{slug}/", timezone="UTC", engine="commonmark"))
        assert gc.isenabled()
    finally:
        gc.enable()


def test_a_serving_session_follows_a_tag_respelled_by_other_articles(
    make_site, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """An article unchanged on disk still shows its tag as the other articles now spell it."""
    root = make_site({"a.md": article("Ale", tags="[Socialförvaltning]"),
                      "b.md": article("Borås", tags="[Socialförvaltning]")})  # fmt: skip
    session = Memo(Cache.open(None, in_memory=True))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "one", memo=session))
    for name, title in (("b.md", "Borås"), ("c.md", "Christinehamn")):
        (root / "content" / name).write_text(article(title, tags="[socialförvaltning]"))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "two", memo=session))
    page = (tmp_path / "two" / "2016/01/ale/index.html").read_text(encoding="utf-8")
    assert ">socialförvaltning</a>" in page and ">Socialförvaltning</a>" not in page


def _no_planning(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("planned the pages again")

    monkeypatch.setattr("sitegen.pipeline.plan", refuse)


def test_a_build_with_nothing_changed_reads_and_plans_nothing(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", kommun="Alle"), "b.md": article("Borås")})
    out = tmp_path / "out"
    first = build(BuildOptions(root=root, now=NOW, output=out))
    _no_planning(monkeypatch)
    again = build(BuildOptions(root=root, now=NOW, output=out))
    assert (again.articles, again.pages, again.read) == (first.articles, first.pages, 0)
    assert again.warnings == first.warnings and again.warnings  # said again, the same
    assert again.written.written == 0 and again.written.unchanged == first.written.written


def test_a_build_with_nothing_changed_imports_no_stage(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`sitegen build` with nothing changed answers without loading Jinja, the Markdown
    engines, Pillow or the pipeline: a third of its time was importing them."""
    root = make_site({"a.md": article("Ale", image="bild.jpg"), "b.md": article("Borås")})
    Image.new("RGB", (60, 40), "teal").save(root / "content" / "bild.jpg")
    out = tmp_path / "out"
    command = [sys.executable, "-c", "import sys\nfrom sitegen.cli import main\ntry: main()\n"
               "except SystemExit: pass\nheavy = ('jinja2', 'PIL', 'markdown', 'cmarkgfm', 'nh3', "
               "'sitegen.pipeline')\nprint(sorted(m for m in heavy if m in sys.modules))",
               "build", "--root", str(root), "-o", str(out), "--quiet"]  # fmt: skip
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "jinja2" in first.stdout  # a real build: the stages were needed
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "[]", again.stderr


def test_a_session_renders_only_the_pages_showing_an_edited_body(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """In a session (`serve`), a save that changes only an article's text reads that file
    alone and renders only the pages that show its text, without planning the site again;
    the output is what a cold build writes."""
    root = make_site({"a.md": article("Ale", tags="[Socialförvaltning]", kommun="Ale"),
                      "b.md": article("Borås", "2016-01-21", tags="[Socialförvaltning]")})  # fmt: skip
    session = Memo(Cache.open(None, in_memory=True))
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out, memo=session, verify_output=False))
    source = root / "content" / "a.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Brödtext.", "Ny *text*."), encoding="utf-8")
    _no_planning(monkeypatch)
    again = build(BuildOptions(root=root, now=NOW, output=out, memo=session, verify_output=False))
    assert again.read == 1 and again.cached == 1
    assert sorted(again.written.changed) == [  # the article's page and every feed holding it
        "2016/01/ale/index.html", "etikett/socialforvaltning/feed.xml", "feed.xml",
        "kommun/ale/feed.xml"]  # fmt: skip
    assert "Ny <em>text</em>." in (out / "2016/01/ale/index.html").read_text(encoding="utf-8")
    monkeypatch.undo()
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "cold", use_cache=False))
    assert tree(out) == tree(tmp_path / "cold")


def test_a_session_builds_whole_again_after_a_failed_rebuild_of_bodies(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Whatever goes wrong while rendering an edited text again (here: a crash), the next
    build of the session is a whole one, so no fault of this path can stick."""
    root = make_site({"a.md": article("Ale"), "b.md": article("Borås", "2016-01-21")})
    session = Memo(Cache.open(None, in_memory=True))
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out, memo=session, verify_output=False))
    source = root / "content" / "a.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Brödtext.", "Ny text."), encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("sitegen.incremental.bodies.Planned.with_views", crash)
    with pytest.raises(RuntimeError):
        build(BuildOptions(root=root, now=NOW, output=out, memo=session, verify_output=False))
    monkeypatch.undo()
    again = build(BuildOptions(root=root, now=NOW, output=out, memo=session, verify_output=False))
    assert again.read == 0 and again.cached == 2  # a whole build, the text read already
    assert "Ny text." in (out / "2016/01/ale/index.html").read_text(encoding="utf-8")


def _counting_keys(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs of the pages whose keys are worked out from their contexts, from now on."""
    keyed: list[str] = []
    real = PageKeys.of

    def of(self: PageKeys, page: Page) -> str:
        keyed.append(page.url)
        return real(self, page)

    monkeypatch.setattr(PageKeys, "of", of)
    return keyed


def test_a_build_after_an_edited_body_keys_only_the_pages_showing_it(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`sitegen build` after a save that changed only an article's text keys only the pages
    whose contexts hold that article (the others keep the keys the last build wrote), and
    writes what a cold build writes; after any other edit it keys every page."""
    root = make_site({"a.md": article("Ale", tags="[Socialförvaltning, Öppenvård]", kommun="Ale"),
                      "b.md": article("Borås", "2016-01-21", tags="[Öppenvård]"),
                      "c.md": article("Christinehamn", "2016-01-22", tags="[Socialförvaltning]")})  # fmt: skip
    out = tmp_path / "out"
    first = build(BuildOptions(root=root, now=NOW, output=out))
    source = root / "content" / "a.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Brödtext.", "Ny *text*."), encoding="utf-8")
    keyed = _counting_keys(monkeypatch)
    again = build(BuildOptions(root=root, now=NOW, output=out))
    assert again.read == 1 and first.pages == 17
    assert sorted(keyed) == [  # not Borås's and Christinehamn's pages, which link Ale by its title
        "/", "/2016/01/ale/", "/etikett/oppenvard/", "/etikett/oppenvard/feed.xml", "/etikett/socialforvaltning/",
        "/etikett/socialforvaltning/feed.xml", "/feed.xml", "/kommun/ale/", "/kommun/ale/feed.xml"]  # fmt: skip
    assert "Ny <em>text</em>." in (out / "2016/01/ale/index.html").read_text(encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "cold", use_cache=False))
    assert tree(out) == tree(tmp_path / "cold")
    source.write_text(source.read_text(encoding="utf-8").replace("title: Ale", "title: Alingsås"), encoding="utf-8")
    keyed.clear()
    last = build(BuildOptions(root=root, now=NOW, output=out))
    assert len(keyed) == last.pages  # a title shows on other articles' pages ("Läs också")
    shutil.rmtree(tmp_path / "cold")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "cold", use_cache=False))
    assert tree(out) == tree(tmp_path / "cold")


def test_a_cache_saved_in_part_makes_the_next_build_a_whole_one(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """When a shard of read results cannot be written (a full disk), the cache keeps an
    older reading of an article than the build that just ran: it then keeps no snapshot
    either, so the next build takes nothing of the last one on trust (here: after a title
    changed and changed back, with the text edited, Borås's page links Ale's new address)."""
    root = make_site({"a.md": article("Ale"), "b.md": article("Borås", "2016-01-21")})
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    source = root / "content" / "a.md"
    source.write_text(source.read_text(encoding="utf-8").replace("title: Ale", "title: Alingsås"), encoding="utf-8")
    real = Cache._replace

    def full_disk(self: Cache, name: str, *rest: object) -> None:
        if name.startswith("reads-"):
            raise OSError(28, "No space left on device")
        real(self, name, *rest)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Cache, "_replace", full_disk)
        report = build(BuildOptions(root=root, now=NOW, output=out))
    assert any("could not save .sitegen-cache/reads-" in notice for notice in report.notices)
    source.write_text(source.read_text(encoding="utf-8").replace("title: Alingsås", "title: Ale")
                      .replace("Brödtext.", "Ny text."), encoding="utf-8")  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=out))
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "cold", use_cache=False))
    assert tree(out) == tree(tmp_path / "cold")


def test_a_copied_file_saved_twice_within_its_time_resolution_is_copied_again(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file of content/ published as it is, rewritten with as many bytes and the same
    modification time (two saves within a coarse clock's tick): its key holds its bytes'
    hash while it is that new (git's "racy" rule), so the new bytes are published."""
    root = make_site({"a.md": article("Ale")})
    document = root / "content" / "doc.txt"
    document.write_text("version A\n", encoding="utf-8")
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    stamp = document.stat().st_mtime_ns
    document.write_text("version B\n", encoding="utf-8")
    os.utime(document, ns=(stamp, stamp))
    build(BuildOptions(root=root, now=NOW, output=out))
    assert (out / "doc.txt").read_text(encoding="utf-8") == "version B\n"


def test_a_session_keys_every_page_after_a_failed_build_whatever_it_read(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A session's readings of a failed build stay in its memory, so that a later build may
    find them already read, but they are not the last good build's: a whole build after
    it keys every page, as a new title shown in another article's "Läs också" needs."""
    root = make_site({"a.md": article("Ale", tags="[Öppenvård]"),
                      "b.md": article("Borås", "2016-01-21", tags="[Öppenvård]")})  # fmt: skip
    session = Memo(Cache.open(tmp_path / "cache"))  # with a folder: as `build` keeps a snapshot
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out, memo=session, verify_output=False))
    source = root / "content" / "a.md"
    source.write_text(source.read_text(encoding="utf-8").replace("title: Ale", "title: Alingsås"), encoding="utf-8")

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sitegen.pipeline.publish", full_disk)
        with pytest.raises(OSError):
            build(BuildOptions(root=root, now=NOW, output=out, memo=session, verify_output=False))
    source.write_text(source.read_text(encoding="utf-8").replace("Brödtext.", "Ny text."), encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=out, memo=session, verify_output=False))
    assert "Alingsås" in (out / "2016/01/boras/index.html").read_text(encoding="utf-8")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "cold", use_cache=False))
    assert tree(out) == tree(tmp_path / "cold")


@pytest.mark.parametrize("change", ["title", "tags", "offset", "link", "new file", "template", "now"])
def test_a_session_plans_again_after_any_other_change(make_site, tmp_path: Path, change: str) -> None:  # type: ignore[no-untyped-def]
    """A change to anything but body text (front matter, a link in the text, another file,
    the time passing an article's date) makes a whole build, planned again."""
    root = make_site({"a.md": article("Ale", "2016-01-20T00:30:00+01:00", tags="[Socialförvaltning]"),
                      "b.md": article("Borås", "2026-06-01", tags="[Socialförvaltning]")})  # fmt: skip
    session = Memo(Cache.open(None, in_memory=True))
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out, memo=session, verify_output=False, future=True))
    source, now = root / "content" / "a.md", NOW
    text = source.read_text(encoding="utf-8")
    if change == "title":
        source.write_text(text.replace("title: Ale", "title: Alingsås"), encoding="utf-8")
    elif change == "tags":
        source.write_text(text.replace("[Socialförvaltning]", "[Öppenvård]"), encoding="utf-8")
    elif change == "offset":  # the same moment: Borås's "Läs också" shows Ale's date, a day earlier
        source.write_text(text.replace("2016-01-20T00:30:00+01:00", "2016-01-19T23:30:00Z"), encoding="utf-8")
    elif change == "link":
        source.write_text(text.replace("Brödtext.", "Se [Borås](b.md)."), encoding="utf-8")
    elif change == "new file":
        (root / "content" / "c.md").write_text(article("Christinehamn"), encoding="utf-8")
    elif change == "template":
        (root / "layouts").mkdir()
        (root / "layouts" / "404.html").write_text("<p>Borta</p>\n", encoding="utf-8")
    elif change == "now":
        now = LATER  # Borås comes due
    planned: list[int] = []
    real_plan = plan

    def counting(*args: object, **kwargs: object) -> object:
        planned.append(1)
        return real_plan(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sitegen.pipeline.plan", counting)
        build(BuildOptions(root=root, now=now, output=out, memo=session, verify_output=False, future=True))
    assert planned == [1]
    build(BuildOptions(root=root, now=now, output=tmp_path / "cold", use_cache=False, future=True))
    assert tree(out) == tree(tmp_path / "cold")


@pytest.mark.parametrize(
    "change",
    ["same-size edit", "new file", "template", "config", "flag", "now", "output touched",
     "other output"],
)  # fmt: skip
def test_any_change_means_a_real_build(make_site, tmp_path: Path, change: str) -> None:  # type: ignore[no-untyped-def]
    """Each of these must not be taken for 'nothing changed'; the result equals a cold build."""
    root = make_site({"a.md": article("Ale", body="Text A."),
                      "b.md": article("Borås", date="2026-03-01")})  # fmt: skip
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    options: dict[str, object] = {"output": out, "now": NOW}
    if change == "same-size edit":  # and the same modification time: only the bytes tell
        path = root / "content" / "a.md"
        before = path.stat()
        path.write_text(article("Ale", body="Text B."))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif change == "new file":
        (root / "content" / "bild.txt").write_text("x")
    elif change == "template":
        (root / "layouts").mkdir()
        (root / "layouts" / "404.html").write_text("<p>Borta</p>")
    elif change == "config":
        (root / "config.yaml").write_text("title: Annan\nper_page: 10\n")
    elif change == "flag":
        options["future"] = True
    elif change == "now":
        options["now"] = NOW.replace(month=4)  # Borås is published now
    elif change == "output touched":
        (out / "index.html").write_text("tampered")
    else:
        options["output"] = tmp_path / "other"
    report = build(BuildOptions(root=root, **options))  # type: ignore[arg-type]
    assert report.written.written > 0
    cold = tmp_path / "cold"
    build(BuildOptions(root=root, use_cache=False, **{**options, "output": cold}))  # type: ignore[arg-type]
    assert tree(Path(str(options["output"]))) == tree(cold)


def test_retagging_an_article_off_the_cover_updates_the_covers_topics(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The cover's sections by topic come from every article's tags: retagging one that is
    not on the cover's page still changes the cover, in a cached build as in a cold one."""
    files = {f"{i}.md": article(f"A{i}", date=f"2016-01-{10 + i}", tags="[Alfa, Beta]")
             for i in range(4)}  # fmt: skip
    root = make_site(files, "title: Test\nper_page: 2\n")
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    assert "<h3" not in (out / "index.html").read_text(encoding="utf-8")  # no topic: all share both
    (root / "content" / "0.md").write_text(
        article("A0", date="2016-01-10", tags="[Alfa, Gamma]"), encoding="utf-8")  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=out))
    home = (out / "index.html").read_text(encoding="utf-8")
    assert ">Beta</a></h3>" in home and ">Gamma</a></h3>" in home  # now on some, not all
    assert ">Alfa</a></h3>" not in home  # still on every article
    cold = tmp_path / "cold"
    build(BuildOptions(root=root, now=NOW, output=cold, use_cache=False))
    assert tree(out) == tree(cold)
