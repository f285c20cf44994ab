"""The plan kept by a session for body edits (`sitegen.incremental.bodies`), stage by stage:
finding the pages that hold a view, giving them the new one, and telling a body edit from
any other change. The whole path, built and compared with cold builds, is tested in
test_incremental.py."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sitegen.content.files import visible_files
from sitegen.content.model import Article, ReadResult
from sitegen.errors import Problem
from sitegen.incremental.bodies import Planned
from sitegen.incremental.fingerprint import digest
from sitegen.incremental.unchanged import Survey, changed_files, survey
from sitegen.site.paginate import Pager
from sitegen.site.plan import Page
from sitegen.site.views import ArticleView, Link

WHEN = datetime(2016, 1, 20, tzinfo=UTC)


def article(title: str, body: bytes = b"<p>Text.</p>", **fields: Any) -> Article:
    slug = title.lower()
    return Article(source=f"content/{slug}.md", title=title, published=WHEN, has_time=False,
                   slug=slug, url=f"/2016/01/{slug}/", body=body, **fields)  # fmt: skip


def view(item: Article) -> ArticleView:
    return ArticleView(item, {"tags": (Link("Arbetsmiljö", "/etikett/arbetsmiljo/"),)}, None, None, (), False)


@dataclass(frozen=True)
class Box:
    """A context value of a kind the plan does not make (yet): a view inside a dataclass."""

    label: str
    held: Any


@dataclass(frozen=True)
class Links:
    """A dataclass whose fields cannot hold a view: never looked into."""

    first: Link
    rest: tuple[Link, ...]


def planned(pages: list[Page], results: dict[str, ReadResult]) -> Planned:
    files = Survey(0, {"content:ale.md": (1, 1, ""), "config:": (2, 2, "")})
    return Planned("inputs", files, (None, None), pages, [f"key-{i}" for i in range(len(pages))],
                   results, None)  # fmt: skip


def test_finds_every_page_holding_a_view_wherever_its_context_keeps_it() -> None:
    ale, boras = view(article("Ale")), view(article("Boras"))
    pages = [
        Page("/2016/01/ale/", "article.html", {"page": {"title": "Ale"}, "article": ale}),
        Page("/", "list.html", {"entries": [boras, ale], "page": {"pager": Pager(1, (boras, ale), ("/",))}}),
        Page("/x/", "x.html", {"box": Box("x", (1, {"deep": [ale]}))}),
        Page("/y/", "y.html", {"links": Links(Link("a", "/a/"), ()), "title": "Ale"}),
    ]
    holders = planned(pages, {}).holders()
    assert holders[id(ale)] == (ale, [0, 1, 2])
    assert holders[id(boras)] == (boras, [1])


def test_the_new_view_replaces_the_old_one_everywhere_and_nothing_else_changes() -> None:
    old_ale, boras = view(article("Ale")), view(article("Boras"))
    listed = [boras, old_ale]
    pages = [
        Page("/2016/01/ale/", "article.html", {"page": {"title": "Ale"}, "article": old_ale}),
        Page("/", "list.html", {"entries": listed, "page": {"pager": Pager(1, tuple(listed), ("/",)), "n": 1}}),
        Page("/x/", "x.html", {"box": Box("x", (1, {"deep": [old_ale]}))}),
        Page("/2016/01/boras/", "article.html", {"page": {"title": "Boras"}, "article": boras}),
    ]
    plan = planned(pages, {})
    new_ale = replace(old_ale, article=article("Ale", b"<p>Ny text.</p>"))
    keyed: list[str] = []
    after = plan.with_views({id(old_ale): new_ale}, lambda page: keyed.append(page.url) or f"new {page.url}")
    assert keyed == ["/2016/01/ale/", "/", "/x/"]
    assert after.keys == ["new /2016/01/ale/", "new /", "new /x/", "key-3"]
    assert after.pages[3] is pages[3]  # untouched: the same object, so its key is known
    assert after.pages[0].context["article"] is new_ale
    listing = after.pages[1].context
    assert listing["entries"] == [boras, new_ale] and listing["entries"][0] is boras
    assert listing["page"]["pager"].items == (boras, new_ale) and listing["page"]["n"] == 1
    assert after.pages[2].context["box"].held[1]["deep"] == [new_ale]
    assert pages[1].context["entries"] == [boras, old_ale]  # the old plan is left as it was
    assert after.holders()[id(new_ale)] == (new_ale, [0, 1, 2]) and id(old_ale) not in after.holders()


def test_only_a_change_of_body_text_alone_counts() -> None:
    before = article("Ale", positions={"title": (2, 8)})
    old = ReadResult(before)
    plan = planned([Page("/2016/01/ale/", "article.html", {"article": view(before)})],
                   {"content/ale.md": old})  # fmt: skip

    def check(new: ReadResult) -> bool:
        return plan.bodies_only({"content/ale.md": new}) is not None

    assert check(ReadResult(replace(before, body=b"<p>Ny text.</p>")))
    assert plan.bodies_only({"content/ale.md": ReadResult(replace(before))}) == {}  # saved as it was
    assert not check(ReadResult(replace(before, title="Ale kommun")))
    assert not check(ReadResult(replace(before, tags=("Arbetsmiljö",))))
    assert not check(ReadResult(replace(before, files=(("bild.jpg", "/bild.jpg"),))))
    # The same moment in another time zone: equal datetimes, but shown as another day.
    moved = datetime.fromisoformat("2016-01-19T23:30:00+00:00")
    offset = replace(before, published=moved.astimezone(timezone(timedelta(hours=1))))
    plan = planned(plan.pages, {"content/ale.md": ReadResult(offset)})
    assert check(ReadResult(replace(offset, body=b"<p>Ny text.</p>")))
    assert replace(offset, published=moved) == offset and not check(ReadResult(replace(offset, published=moved)))
    # The same fields, but a value moved to another line: warnings would point elsewhere.
    assert not check(ReadResult(replace(before, positions={"title": (3, 8)})))
    warning = Problem("content/ale.md", 9, 1, None, "an image that is not there")
    assert not check(ReadResult(before, warnings=(warning,)))
    assert not check(ReadResult(None, errors=(warning,)))


def test_what_changed_between_two_surveys(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "b.md").write_bytes(b"text")
    places = {"content": tmp_path / "content", "config": tmp_path / "config.yaml"}
    before = Survey(10, {"content:a.md": (5, 1, ""), "content:b.md": (4, 2, digest(b"text")),
                         "config:": (3, 3, "")})  # fmt: skip
    assert changed_files(before, Survey(20, dict(before.files)), places) == set()
    moved = Survey(20, {**before.files, "content:a.md": (5, 9, "")})
    assert changed_files(before, moved, places) == {"content:a.md"}
    # Racy when first seen (its hash noted): the same size and time, other bytes ...
    rewritten = Survey(20, {**before.files, "content:b.md": (4, 2, "h2")})
    assert changed_files(before, rewritten, places) == {"content:b.md"}
    # ... or, no longer racy now (no hash taken), its bytes hashed again: the same.
    settled = Survey(20, {**before.files, "content:b.md": (4, 2, "")})
    assert changed_files(before, settled, places) == set()
    (tmp_path / "content" / "b.md").write_bytes(b"tekt")
    assert changed_files(before, settled, places) == {"content:b.md"}
    assert changed_files(before, Survey(20, {"content:a.md": (5, 1, "")}), places) is None


def test_edited_names_the_sources_when_nothing_but_articles_changed() -> None:
    plan = planned([], {"content/ale.md": ReadResult(article("Ale"))})
    files = plan.files.files
    text = Survey(1, {**files, "content:ale.md": (2, 5, "")})
    places: dict[str, Path] = {}  # nothing racy here: no file is read
    assert plan.edited("inputs", text, places, WHEN) == ["content/ale.md"]
    assert plan.edited("other options", text, places, WHEN) is None
    assert plan.edited("inputs", Survey(1, {**files, "config:": (3, 5, "")}), places, WHEN) is None
    dated = replace(plan, published=(WHEN, datetime(2017, 1, 1, tzinfo=UTC)))
    assert dated.edited("inputs", text, places, datetime(2016, 6, 1, tzinfo=UTC)) == ["content/ale.md"]
    assert dated.edited("inputs", text, places, datetime(2017, 1, 1, tzinfo=UTC)) is None  # one came due


def test_a_survey_lists_the_files_visible_files_lists(tmp_path: Path) -> None:
    """The survey (taken on every save in `serve`, so listed with os.scandir) sees the same
    files as everything else that lists a site folder: hidden names left out, linked
    folders not followed, linked files listed."""
    content = tmp_path / "content"
    for name in ("a.md", "2016/b.md", "2016/bilder/c.jpg", ".hidden.md", ".git/x", "2016/.d.md"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(name)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "e.md").write_text("e")
    (content / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (content / "l.md").symlink_to(tmp_path / "elsewhere" / "e.md")
    (tmp_path / "config.yaml").write_text("title: T\n")
    found = survey({"content": content, "config": tmp_path / "config.yaml", "layouts": tmp_path / "layouts"})
    assert sorted(found.files) == ["config:", *(f"content:{n}" for n in visible_files(content))]
    assert sorted(found.files) == ["config:", "content:2016/b.md", "content:2016/bilder/c.jpg",
                                   "content:a.md", "content:l.md"]  # fmt: skip
    stat = (content / "a.md").stat()
    assert found.files["content:a.md"][:3] == (4, stat.st_mtime_ns, stat.st_ctime_ns)
    assert found.files["content:a.md"][3] == digest(b"a.md")  # just written: racy, so hashed
