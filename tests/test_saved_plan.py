"""The plan a whole build saves for the next build from the command line
(`incremental.saved`): after edits to article bodies alone, only the pages showing them are
decoded and rendered again, and the output is what a cold build writes; anything the plan
cannot vouch for is a whole build."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path

import pytest
from conftest import NOW, article
from test_incremental import tree

from sitegen.build import BuildOptions, BuildReport, build
from sitegen.incremental.bodies import _Finder
from sitegen.incremental.cache import CACHE_DIR, Cache
from sitegen.incremental.fingerprint import Fingerprints
from sitegen.incremental.saved import PLAN_FILE, SavedPlan, Unsavable, encode_plan
from sitegen.site.plan import Page
from sitegen.site.views import Link

SITE = {"a.md": article("Ale", tags="[Socialförvaltning, Öppenvård]", kommun="Ale", lead="Ingress."),
        "b.md": article("Borås", "2016-01-21", tags="[Öppenvård]", body="Se [Ale](a.md)."),
        "c.md": article("Christinehamn", "2016-01-22", tags="[Socialförvaltning]")}  # fmt: skip


class Planning:
    """Counts the whole builds (each plans every page) from the moment it is made."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import sitegen.pipeline

        self.count = 0
        real = sitegen.pipeline.plan

        def counting(*args: object, **kwargs: object) -> list[Page]:
            self.count += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(sitegen.pipeline, "plan", counting)


def _edit(root: Path, name: str, old: str, new: str) -> None:
    source = root / "content" / name
    text = source.read_text(encoding="utf-8")
    assert old in text
    source.write_text(text.replace(old, new), encoding="utf-8")


def _edit_and_build(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *, whole: bool,
                    edit: tuple[str, str, str] = ("a.md", "Brödtext.", "Ny text.")) -> BuildReport:  # fmt: skip
    """Edit a source, build from the command line into `out`, and check that the build was
    a whole one (or not) and wrote what a cold build writes."""
    planning = Planning(monkeypatch)
    _edit(root, *edit)
    report = build(BuildOptions(root=root, now=NOW, output=out))
    assert planning.count == (1 if whole else 0)
    assert tree(out) == _cold(root, out.parent / "cold")
    return report


def _cold(root: Path, folder: Path) -> dict[str, bytes]:
    shutil.rmtree(folder, ignore_errors=True)
    build(BuildOptions(root=root, now=NOW, output=folder, use_cache=False))
    return tree(folder)


def test_a_build_after_a_body_edit_renders_only_the_pages_showing_it(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = make_site(SITE)
    out = tmp_path / "out"
    first = build(BuildOptions(root=root, now=NOW, output=out))
    planning = Planning(monkeypatch)
    _edit(root, "a.md", "Brödtext.", "Ny *text*.")
    again = build(BuildOptions(root=root, now=NOW, output=out))
    assert planning.count == 0
    assert (again.read, again.cached, again.pages, again.articles) == (1, 2, first.pages, 3)
    assert again.warnings == first.warnings
    assert sorted(again.written.changed) == [  # the article's page and every feed holding it
        "2016/01/ale/index.html", "etikett/oppenvard/feed.xml", "etikett/socialforvaltning/feed.xml",
        "feed.xml", "kommun/ale/feed.xml"]  # fmt: skip
    assert tree(out) == _cold(root, tmp_path / "cold")
    planning.count = 0
    _edit(root, "a.md", "Ny *text*.", "Tredje texten.")  # and again: the plan still holds
    build(BuildOptions(root=root, now=NOW, output=out))
    assert planning.count == 0
    assert tree(out) == _cold(root, tmp_path / "cold")


def test_any_other_edit_is_a_whole_build(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A title shows on other articles' pages (Borås links Ale by its title), which hold no
    view of it: only a whole build gets them right."""
    root = make_site(SITE)
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    _edit_and_build(root, out, monkeypatch, whole=True, edit=("a.md", "title: Ale", "title: Alingsås"))


def test_a_page_removed_from_the_output_is_written_again(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A page the edit does not touch, gone from the output (deleted by hand), is decoded
    from the plan and written again."""
    root = make_site(SITE)
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    (out / "2016/01/christinehamn/index.html").unlink()
    (out / "etikett/oppenvard/index.html").write_text("ändrad för hand", encoding="utf-8")
    again = _edit_and_build(root, out, monkeypatch, whole=False)
    assert {"2016/01/christinehamn/index.html", "etikett/oppenvard/index.html"} <= set(again.written.changed)


@pytest.mark.parametrize("damage", ["flipped", "foreign", "other-token", "missing", "reading"])
def test_a_plan_it_cannot_vouch_for_means_a_whole_build(make_site, tmp_path: Path, monkeypatch, damage: str) -> None:  # type: ignore[no-untyped-def]
    root = make_site(SITE)
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    plan_file = root / CACHE_DIR / PLAN_FILE
    data = plan_file.read_bytes()
    header, _, payload = data.partition(b"\n")
    if damage == "flipped":  # damaged on the way: the checksum tells
        plan_file.write_bytes(header + b"\n" + payload.replace(b'"Ale"', b'"Alx"', 1))
    elif damage == "foreign":  # checksum right, content not a plan
        cache = Cache.open(root / CACHE_DIR)
        cache.keep_file(PLAN_FILE, b'{"token": "x"}', b"")
        cache.save()
    elif damage == "other-token":  # a plan of another build (its snapshot was not saved)
        cache = Cache.open(root / CACHE_DIR)
        loaded = cache.load_file(PLAN_FILE)
        assert loaded is not None
        cache.keep_file(PLAN_FILE, loaded[0].replace(b'"token":"', b'"token":"0', 1), loaded[1])
        cache.save()
    elif damage == "missing":
        plan_file.unlink()
    else:  # the reading of an article a touched page shows is gone from the cache
        for shard in (root / CACHE_DIR).glob("reads-*.json"):
            if b"c.md" in shard.read_bytes():
                shard.unlink()
    report = _edit_and_build(root, out, monkeypatch, whole=True)
    if damage in ("flipped", "foreign"):
        assert any(PLAN_FILE in notice for notice in report.notices), report.notices


def test_every_page_decodes_to_what_was_planned(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each saved page comes back with a context equal to the planned one, down to its
    fingerprint (and so its key): tuples stay tuples, Markup stays Markup, views are made
    around the same articles."""
    import sitegen.pipeline

    captured: dict[str, object] = {}
    real = sitegen.pipeline.encode_plan

    def capture(token, pages, articles, values, assets):  # type: ignore[no-untyped-def]
        captured.update(pages=pages, articles=articles, values=values)
        return real(token, pages, articles, values, assets)

    monkeypatch.setattr(sitegen.pipeline, "encode_plan", capture)
    root = make_site({**SITE, "sidor/om.md": article("Om oss")})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    pages, articles = captured["pages"], captured["articles"]
    loaded = Cache.open(root / CACHE_DIR).load_file(PLAN_FILE)
    assert loaded is not None
    plan = SavedPlan(*loaded)
    same = Fingerprints().of
    assert plan.values() == captured["values"]
    assert len(plan) == len(pages) > 15  # type: ignore[arg-type]
    for index, page in enumerate(pages):  # type: ignore[arg-type]
        decoded = plan.page(index, articles.__getitem__)  # type: ignore[attr-defined]
        assert decoded == page and same(decoded.context) == same(page.context), page.url
    finder = _Finder()  # serve's way of finding the pages that hold an article's view
    for source in ("content/a.md", "content/b.md", "content/sidor/om.md"):
        holding = [i for i, page in enumerate(pages) if any(v.article.source == source for v in finder(page.context))]  # type: ignore[arg-type]
        assert plan.holders_of([source]) == holding and holding, source


def test_a_context_of_another_kind_is_not_saved() -> None:
    class Other:
        pass

    page = Page("/x/", "list.html", {"page": {"title": "X"}, "what": Other()})
    with pytest.raises(Unsavable):
        encode_plan("t", [page], {}, None, {})
    with pytest.raises(Unsavable):
        encode_plan("t", [Page("/x/", "list.html", {"when": NOW})], {}, None, {})
    data, raw = encode_plan("t", [Page("/x/", "list.html", {"links": (Link("a", "/a/"),) * 40})], {}, None, {})
    assert SavedPlan(data, raw).page(0, {}.__getitem__).context == {"links": (Link("a", "/a/"),) * 40}


def test_decoding_makes_no_class_but_the_views(tmp_path: Path) -> None:
    """A plan from someone else's cache names classes by text: only sitegen's view classes
    are made, so no other code runs."""
    data, raw = encode_plan("t", [Page("/x/", "list.html", {"link": Link("a", "/a/")})], {}, None, {})
    bad = raw.replace(b"sitegen.site.views.Link", b"subprocess.Popen")
    with pytest.raises(ValueError):  # shorter: the page's part no longer fits
        SavedPlan(data, bad).page(0, {}.__getitem__)
    plain = json.loads(data)
    plain["pages"][0][4:] = [0, len(bad), zlib.crc32(bad)]  # the piece's checksum made right
    with pytest.raises(KeyError):
        SavedPlan(json.dumps(plain).encode(), bad).page(0, {}.__getitem__)


def test_one_reading_is_decoded_alone_and_saving_keeps_the_others(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`Cache.read_of` decodes one entry without loading every shard; a reading stored
    before the shards are loaded is saved with the rest of its shard, not instead of it."""
    root = make_site({f"{n}.md": article(f"Artikel {n}", body=f"Text {n}.") for n in range(40)})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    full = Cache.open(root / CACHE_DIR).reads
    lazy = Cache.open(root / CACHE_DIR)
    one = lazy.read_of("content/7.md")
    assert one is not None and one[2] == full["content/7.md"][2] and one[:2] == full["content/7.md"][:2]
    assert lazy._reads is None  # noqa: SLF001 (nothing else was loaded)
    key, salt, result, fingerprint = one
    lazy.store_read("content/7.md", "other", salt, result, fingerprint)
    lazy.save()
    again = Cache.open(root / CACHE_DIR).reads
    assert again.keys() == full.keys()
    assert again["content/7.md"][0] == "other"
    assert all(again[s] == full[s] for s in full if s != "content/7.md")


@pytest.mark.parametrize("values", [{"$x": 1}, [1], {"$c": ["sitegen.site.views.Link", ["a", "/a/"]]}])
def test_site_values_that_do_not_decode_mean_a_whole_build(make_site, tmp_path: Path, monkeypatch, values: object) -> None:  # type: ignore[no-untyped-def]
    """A plan.json edited by hand, its checksum made right again (so it is read as the
    plan), whose site values are no `SiteInfo`: a whole build, not a traceback."""
    root = make_site(SITE)
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    cache = Cache.open(root / CACHE_DIR)
    loaded = cache.load_file(PLAN_FILE)
    assert loaded is not None
    plain = json.loads(loaded[0])
    plain["values"] = values
    cache.keep_file(PLAN_FILE, json.dumps(plain).encode(), bytes(loaded[1]))
    cache.save()
    _edit_and_build(root, out, monkeypatch, whole=True)


def test_a_copied_file_gone_from_the_output_means_a_whole_build_that_counts_the_edit(make_site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The plan does not know how to make a copied file (a stylesheet, an image): one gone
    from the output makes the build a whole one, which reads the edited file (and says so:
    the fast path keeps nothing it read before it gives up) and leaves no folder behind."""
    root = make_site(SITE)
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    stylesheet = next((out / "css").glob("site.*.css"))
    stylesheet.unlink()
    report = _edit_and_build(root, out, monkeypatch, whole=True)
    assert report.read == 1 and stylesheet.is_file()
    assert not list(tmp_path.glob(".out.new-*"))  # no staging folder left, claimed or not


@pytest.mark.parametrize("foreign", ["unedited", "edited"])
def test_a_shard_from_another_site_is_not_taken_for_this_ones_readings(make_site, tmp_path: Path, monkeypatch, foreign: str) -> None:  # type: ignore[no-untyped-def]
    """Readings are keyed by their source's bytes: shards copied from another site with
    the same article paths (or left by a build that did not finish) hold readings of
    other bytes, which the build after a body edit must not take for this site's, neither
    for an article it shows unedited nor for the last reading of the edited one."""
    root = make_site(SITE)
    other = dict(SITE)
    if foreign == "unedited":  # the other site's c.md, shown in the feeds beside a.md
        other["c.md"] = article("Christinehamn", "2016-01-22", tags="[Socialförvaltning]", body="Främmande text.")
    else:  # the other site's b.md has the tag this site's b.md is given below
        other["b.md"] = article("Borås", "2016-01-21", tags="[Öppenvård, Arbetsmiljö]", body="Annan text.")
    elsewhere = make_site(other, folder=tmp_path / "elsewhere")
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    build(BuildOptions(root=elsewhere, now=NOW, output=tmp_path / "out-elsewhere"))
    for shard in (elsewhere / CACHE_DIR).glob("reads-*.json"):
        shutil.copyfile(shard, root / CACHE_DIR / shard.name)
    if foreign == "unedited":
        _edit(root, "a.md", "Brödtext.", "Ny text.")
    else:
        _edit(root, "b.md", "[Öppenvård]\n---\nSe [Ale](a.md).", "[Öppenvård, Arbetsmiljö]\n---\nNy text.")
    build(BuildOptions(root=root, now=NOW, output=out))
    assert tree(out) == _cold(root, tmp_path / "cold")


def test_an_entry_is_named_by_its_place_in_the_plan_alone() -> None:
    """A view or shared container is named by its index in the plan: one outside its
    table (a negative one, which Python would count from the end) is refused."""
    links = (Link("a", "/a/"),) * 40  # long enough to be written once, as a shared entry
    data, raw = encode_plan("t", [Page("/x/", "list.html", {"links": links})], {}, None, {})
    assert SavedPlan(data, raw).page(0, {}.__getitem__).context == {"links": links}
    plain = json.loads(data)
    start, end, _ = plain["pages"][0][4:]
    page = raw[start:end]
    assert b'{"$r":0}' in page
    forged = raw[:start] + page.replace(b'{"$r":0}', b'{"$r":-1}')
    plain["pages"][0][4:] = [start, len(forged), zlib.crc32(forged[start:])]
    with pytest.raises(ValueError):
        SavedPlan(json.dumps(plain).encode(), forged).page(0, {}.__getitem__)
