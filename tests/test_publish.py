"""Publishing: feeds per term, head metadata read as search engines and social sites read it,
pages that are not articles, the menu, hashed and minified assets."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import extruct
import feedparser
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import NOW, TEST_SITE, article, parse
from PIL import Image

from sitegen.build import BuildOptions, build
from sitegen.cli import main
from sitegen.output.render import SiteInfo, environment

BASE = "https://example.se/bilaga/"
CONFIG = f"title: Bilagan\ndescription: Om socialtjänst.\nbase_url: {BASE}\nper_page: 2\n"
ALE = article(
    "Lätt att leva i Ale", "2016-01-20", "Brödtext med [en länk](../2016/amal.md).",
    kommun="Ale", lead="Ale kommuns vision.", image="bilder/ale.jpg",
    caption="Tre socionomer.", photographer="Patrik Bergenstav",
    tags="[Socialförvaltning, Barn och unga]", updated="2016-02-03",
    cta='{text: "Sök jobbet!", url: "/jobb/"}',
    factbox='{title: Ale kommun, text: "Ale ligger norr om Göteborg."}',
    contact='{organisation: Ale kommun, email: kommun@ale.se, phone: "0303-33 00 00"}',
)
AMAL = article("Attraktivt i Åmål", "2016-01-10", "Text.", kommun="Åmål", tags="[Socialförvaltning]")


@pytest.fixture
def site(make_site: Any, tmp_path: Path) -> Path:
    """A two-article site under /bilaga/ with a photo, built into tmp_path/out."""
    root: Path = make_site({"2016/ale.md": ALE, "2016/amal.md": AMAL}, CONFIG)
    (root / "content" / "bilder").mkdir()
    Image.new("RGB", (640, 427), "teal").save(root / "content" / "bilder" / "ale.jpg")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    return tmp_path / "out"


def _feed(path: Path) -> Any:
    # As published: feedparser neither resolves addresses nor sanitizes for us here.
    parsed = feedparser.parse(path.read_bytes(), resolve_relative_uris=False, sanitize_html=False)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_every_term_has_a_valid_feed_linked_from_its_archive(built_test_site: Path) -> None:
    archives = sorted(built_test_site.glob("etikett/*/index.html")) + sorted(
        built_test_site.glob("kommun/*/index.html")
    )
    assert len(archives) == 9
    for archive in archives:
        root = archive.parent.relative_to(built_test_site).as_posix()
        feeds = [link["href"] for link in parse(archive).find_all("link", rel="alternate")]
        assert feeds == ["/feed.xml", f"/{root}/feed.xml"]  # the site's, then the term's
        parsed = _feed(built_test_site / root / "feed.xml")
        assert parsed.feed.link == f"https://test.example.se/{root}/"
        assert parsed.feed.title.startswith("Testbilagan – ")
        listed = [a["href"] for a in parse(archive).select(".entry h2 a")]
        pages = sorted(archive.parent.glob("sida/*/index.html"))
        listed += [a["href"] for p in pages for a in parse(p).select(".entry h2 a")]
        assert [e.link for e in parsed.entries] == [f"https://test.example.se{u}" for u in listed]


def test_feed_entries_hold_the_whole_article_with_absolute_addresses(site: Path) -> None:
    parsed = _feed(site / "etikett/socialforvaltning/feed.xml")
    entry = parsed.entries[0]
    assert entry.title == "Lätt att leva i Ale"
    assert entry.link == f"{BASE}2016/01/latt-att-leva-i-ale/"
    assert entry.author == "Bilagan"
    assert entry.published == "2016-01-20T00:00:00+01:00"
    assert entry.updated == "2016-02-03T00:00:00+01:00"
    assert [t.term for t in entry.tags] == ["Socialförvaltning", "Barn och unga", "Ale"]
    assert entry.summary == "Ale kommuns vision."
    html = BeautifulSoup(entry.content[0].value, "html.parser")
    assert _og_variant(site, html.find("img")["src"]) == (640, 427)  # a variant (960 px at most), not the original
    assert "Foto: Patrik Bergenstav" in html.find("figcaption").get_text()
    assert html.select_one(".lead").get_text() == "Ale kommuns vision."
    assert html.select_one(".cta a")["href"] == f"{BASE}jobb/"
    assert "Ale ligger norr om Göteborg." in html.select_one(".factbox").get_text()
    assert html.select_one(".contact a[href^=mailto]")["href"] == "mailto:kommun@ale.se"
    assert html.select_one(".body a")["href"] == f"{BASE}2016/01/attraktivt-i-amal/"
    for tag in html.find_all(href=True) + html.find_all(src=True):
        address = tag.get("href") or tag.get("src")
        assert re.match(r"^(https://|mailto:|tel:|#)", address), address
    site_feed = _feed(site / "feed.xml")
    assert [e.link for e in site_feed.entries] == [
        f"{BASE}2016/01/latt-att-leva-i-ale/", f"{BASE}2016/01/attraktivt-i-amal/",
    ]  # fmt: skip
    assert site_feed.feed.updated == "2016-02-03T00:00:00+01:00"


def _data(page: Path, url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(Open Graph properties, JSON-LD nodes by @type) as extruct reads them."""
    found = extruct.extract(page.read_text(encoding="utf-8"), base_url=url,
                            syntaxes=["json-ld", "opengraph"], uniform=True)  # fmt: skip
    [graph] = found["json-ld"]
    assert graph["@context"] == "https://schema.org"
    nodes = {node["@type"]: node for node in graph["@graph"]}
    [og] = found["opengraph"]
    return og, nodes


def _og_variant(site: Path, url: str) -> tuple[int, int]:
    """The size of the output file behind an og:image address, which must be the variant
    made from the article's photo `bilder/ale.jpg` (`img/<content hash>/ale-<width>.jpg`)."""
    assert re.fullmatch(re.escape(BASE) + r"img/[0-9a-f]{16}/ale-\d+\.jpg", url), url
    with Image.open(site / url.removeprefix(BASE)) as variant:
        return variant.size


def test_an_article_has_open_graph_twitter_cards_and_news_article(site: Path) -> None:
    url = f"{BASE}2016/01/latt-att-leva-i-ale/"
    page = site / "2016/01/latt-att-leva-i-ale/index.html"
    og, nodes = _data(page, url)
    assert og["og:site_name"] == "Bilagan" and og["og:locale"] == "sv_SE"
    assert og["@type"] == "article" and og["og:url"] == url
    assert og["og:title"] == "Lätt att leva i Ale" and og["og:description"] == "Ale kommuns vision."
    # og:image and twitter:image are the photo's Open Graph variant (1200 wide at most; this
    # photo is 640, never enlarged), a file in the output (a card's image must stay under
    # 5 MB, an original photo may not); JSON-LD keeps the original, at its full size.
    assert _og_variant(site, og["og:image"]) == (640, 427)
    assert (og["og:image:width"], og["og:image:height"]) == ("640", "427")
    soup = parse(page)
    assert soup.find("link", rel="canonical")["href"] == url
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert soup.find("meta", attrs={"name": "twitter:image"})["content"] == og["og:image"]
    news = nodes["NewsArticle"]
    assert news["headline"] == "Lätt att leva i Ale"
    assert news["datePublished"] == "2016-01-20T00:00:00+01:00"
    assert news["dateModified"] == "2016-02-03T00:00:00+01:00"
    assert news["image"]["url"] == f"{BASE}bilder/ale.jpg"
    assert (news["image"]["width"], news["image"]["height"]) == (640, 427)
    assert news["image"]["creditText"] == "Patrik Bergenstav"
    assert news["about"] == {"@type": "AdministrativeArea", "name": "Ale", "url": f"{BASE}kommun/ale/"}
    assert news["publisher"]["name"] == "Bilagan" and news["publisher"]["url"] == BASE
    assert news["publisher"]["logo"]["url"] == f"{BASE}icon-512.png"
    assert news["keywords"] == ["Socialförvaltning", "Barn och unga"]


def test_archives_have_breadcrumbs_and_a_collection_page(site: Path) -> None:
    url = f"{BASE}etikett/socialforvaltning/"
    og, nodes = _data(site / "etikett/socialforvaltning/index.html", url)
    assert og["@type"] == "website" and og["og:description"] == "Etikettarkiv: Socialförvaltning – Om socialtjänst."
    assert _og_variant(site, og["og:image"]) == (640, 427)  # the newest entry's photo
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Start", BASE), (2, "Etiketter", f"{BASE}etikett/"),
        (3, "Etikettarkiv: Socialförvaltning", url),
    ]  # fmt: skip
    collection = nodes["CollectionPage"]
    assert collection["url"] == url and collection["name"] == "Etikettarkiv: Socialförvaltning"
    assert [i["url"] for i in collection["mainEntity"]["itemListElement"]] == [
        f"{BASE}2016/01/latt-att-leva-i-ale/", f"{BASE}2016/01/attraktivt-i-amal/",
    ]  # fmt: skip
    _, home = _data(site / "index.html", BASE)
    assert home["CollectionPage"]["url"] == BASE and "BreadcrumbList" not in home
    _, index = _data(site / "kommun/index.html", f"{BASE}kommun/")
    # An index's trail ends with itself once (a helper session found Kommuner twice).
    assert [(c["position"], c["name"]) for c in index["BreadcrumbList"]["itemListElement"]] == [(1, "Start"), (2, "Kommuner")]
    assert [i["name"] for i in index["CollectionPage"]["mainEntity"]["itemListElement"]] == [
        "Ale", "Åmål",
    ]  # fmt: skip
    missing = parse(site / "404.html")  # served at every unknown address: not canonical
    assert missing.find("link", rel="canonical") is None
    # Nor is /404.html the address of what a shared dead link shows (og:url said so), and
    # served at /404.html itself with status 200 it is no page for search engines.
    assert missing.find("meta", property="og:url") is None
    assert [m["content"] for m in missing.find_all("meta", attrs={"name": "robots"})] == ["noindex"]
    assert parse(site / "index.html").find("meta", attrs={"name": "robots"}) is None


def test_sitemap_robots_manifest_and_icons(site: Path) -> None:
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    lastmod = {u.loc.text: u.lastmod.text if u.lastmod else None for u in sitemap.find_all("url")}
    assert lastmod[f"{BASE}2016/01/latt-att-leva-i-ale/"] == "2016-02-03T00:00:00+01:00"
    assert lastmod[f"{BASE}2016/01/attraktivt-i-amal/"] == "2016-01-10T00:00:00+01:00"
    assert lastmod[f"{BASE}etikett/socialforvaltning/"] == "2016-02-03T00:00:00+01:00"
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"\nSitemap: {BASE}sitemap.xml\n" in robots and "User-agent: *" in robots
    head = parse(site / "index.html").head
    assert head.find("link", rel="manifest")["href"] == "/bilaga/site.webmanifest"
    assert head.find("link", rel="icon", type="image/svg+xml")["href"] == "/bilaga/favicon.svg"
    import json

    manifest = json.loads((site / "site.webmanifest").read_text(encoding="utf-8"))
    # Addresses relative to the manifest (at the site's root), which hold under a base path
    # and with relative_urls (a helper session found /icon-192.png there, a 404 under /bilaga/).
    assert manifest["name"] == "Bilagan" and manifest["start_url"] == manifest["scope"] == "./"
    for icon in manifest["icons"]:
        assert not icon["src"].startswith("/") and (site / icon["src"]).is_file()
    for name in ("favicon.ico", "favicon.svg", "apple-touch-icon.png", "icon-512.png"):
        assert (site / name).is_file()


PAGE = "---\ntitle: Om bilagan\nlead: Vad bilagan är.\n---\n## Kontakt\n\nSkriv till oss.\n"
MENU = """menu:
  header:
    - {text: Om bilagan, url: /om-bilagan/}
  footer:
    - {text: Kontakt, url: "/om-bilagan/#kontakt"}
    - {text: Flöde, url: /feed.xml}
"""


def test_a_page_of_sidor_is_in_the_sitemap_and_menus_but_no_archive_or_feed(make_site: Any, tmp_path: Path) -> None:
    root = make_site({"sidor/om-bilagan.md": PAGE, "2016/ale.md": ALE.replace("image: bilder/ale.jpg\n", "")},
                     CONFIG + MENU)  # fmt: skip
    report = build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    out = tmp_path / "out"
    assert report.articles == 1
    page = parse(out / "om-bilagan/index.html")
    assert page.h1.get_text() == "Om bilagan" and page.select_one(".lead").get_text() == "Vad bilagan är."
    assert page.find(id="kontakt") is not None
    assert page.find("meta", property="og:type")["content"] == "website"
    assert f"{BASE}om-bilagan/" in (out / "sitemap.xml").read_text(encoding="utf-8")
    everything_else = [p for p in out.rglob("*") if p.suffix in (".html", ".xml")
                       and p.parent.name != "om-bilagan" and p.name != "sitemap.xml"]  # fmt: skip
    for other in everything_else:
        text = other.read_text(encoding="utf-8")
        assert "Vad bilagan är" not in text and "om-bilagan/\"" not in text.replace(
            'href="/bilaga/om-bilagan/"', ""
        ), other
    header = [a["href"] for a in parse(out / "index.html").select(".site-nav a")]
    assert header == ["/bilaga/", "/bilaga/etikett/", "/bilaga/kommun/", "/bilaga/om-bilagan/"]
    footer = [(a.get_text(), a["href"]) for a in parse(out / "index.html").select(".site-footer a")]
    assert footer == [("Kontakt", "/bilaga/om-bilagan/#kontakt"), ("Flöde", "/bilaga/feed.xml")]


def test_a_page_may_have_a_date_and_a_draft_page_is_left_out(make_site: Any, tmp_path: Path) -> None:
    dated = PAGE.replace("title: Om bilagan\n", "title: Om bilagan\ndate: 2016-05-01\n")
    root = make_site({"sidor/om-bilagan.md": dated,
                      "sidor/utkast.md": "---\ntitle: Utkast\ndraft: true\n---\nText.\n"}, CONFIG)  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}om-bilagan/</loc><lastmod>2016-05-01T00:00:00+02:00</lastmod>" in sitemap
    assert not (tmp_path / "out" / "utkast").exists()


def test_an_article_outside_sidor_still_needs_a_date(make_site: Any, tmp_path: Path) -> None:
    root = make_site({"om.md": "---\ntitle: Om\n---\nText.\n"}, CONFIG)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1 and "content/om.md:1:1: error: date:" in result.output


@pytest.mark.parametrize(
    ("menu", "message"),
    [
        ("menu: {footer: [{text: Kontakt, url: 'om/'}]}",
         "config.yaml:1:33: error: menu.footer[1].url: expected a path on the site starting with one '/'"),
        ("menu: {header: Om}", "config.yaml:1:8: error: menu.header: expected a list of links"),
        ("menu: {header: [{text: Om}]}", "config.yaml:1:17: error: menu.header[1]: expected {text: …, url: …}"),
        ("menu: {sidfot: []}", "config.yaml:1:8: error: menu.sidfot: unknown setting"),
    ],
)  # fmt: skip
def test_a_wrong_menu_is_an_error_with_its_place(make_site: Any, tmp_path: Path, menu: str, message: str) -> None:
    root = make_site({"a.md": article("Ale")}, menu + "\n")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert message in result.output, result.output


@pytest.mark.parametrize(("url", "meant"), [
    ("om-bilagan", "/om-bilagan/"), ("om/kontakt/", "/om/kontakt/"), ("htps://www.ale.se/jobb", "https://www.ale.se/jobb"),
    ("https:/ale.se", "https://ale.se"), ("www.ale.se/jobb", "https://www.ale.se/jobb"), ("kontakt@ale.se", "mailto:kontakt@ale.se"),
])  # fmt: skip
def test_a_menu_link_mistyped_is_told_with_the_url_meant(make_site: Any, tmp_path: Path, url: str, meant: str) -> None:
    """Found by a helper session: a menu's url written without its '/' or with a slip of
    https:// was told only that it was wrong, where cta.url and contact.web say what to write."""
    root = make_site({"a.md": article("Ale")}, f"menu: {{footer: [{{text: Kontakt, url: '{url}'}}]}}\n")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert (f"config.yaml:1:33: error: menu.footer[1].url: expected a path on the site starting with one '/' "
            f"(/om-bilagan/) or an address with https://, got {url!r}; write url: {meant}\n") in result.output


def test_css_and_js_are_minified_and_hashed_and_reached_through_asset(make_site: Any, tmp_path: Path) -> None:
    root = make_site({"a.md": article("Ale")})
    (root / "assets" / "js").mkdir(parents=True)
    (root / "assets" / "js" / "sok.js").write_text("function  hej ( a ) {\n  // kommentar\n  return a ;\n}\n")
    (root / "layouts" / "partials").mkdir(parents=True)
    (root / "layouts" / "404.html").write_text("<script src=\"{{ asset('js/sok.js') }}\"></script>")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    [js] = (tmp_path / "out" / "js").glob("sok.*.js")
    assert re.fullmatch(r"sok\.[0-9a-f]{10}\.js", js.name)
    assert js.read_text() == "function hej(a){return a;}"
    assert (tmp_path / "out" / "404.html").read_text() == f'<script src="/js/{js.name}"></script>'
    [css] = (tmp_path / "out" / "css").glob("site.*.css")
    assert "\n\n" not in css.read_text() and "/*" not in css.read_text()
    assert parse(tmp_path / "out" / "2016/01/ale/index.html").find("link", rel="stylesheet")["href"] == f"/css/{css.name}"
    assert not (tmp_path / "out" / "css" / "site.css").exists()
    # a changed stylesheet is a new address, and every page links to it
    (root / "assets" / "css").mkdir()
    (root / "assets" / "css" / "site.css").write_text("body { color: red }")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    [new] = (tmp_path / "out" / "css").glob("site.*.css")
    assert new.name != css.name and new.read_text() == "body{color:red}"
    assert parse(tmp_path / "out" / "2016/01/ale/index.html").find("link", rel="stylesheet")["href"] == f"/css/{new.name}"


def test_stylesheets_and_modules_reach_each_other_by_their_published_names(make_site: Any, tmp_path: Path) -> None:
    """Found by a helper session: `@import url("reset.css")` and `import … from "./util.js"`
    were published as written, beside files renamed with their hashes, so the browser got
    404s and `check --links` said OK."""
    root = make_site({"a.md": article("Ale")}, "title: T\nbase_url: https://example.se/bilaga/\n")
    css, js = root / "assets/css", root / "assets/js"
    (css / "fonts").mkdir(parents=True)
    js.mkdir()
    (css / "main.css").write_text('@import url("reset.css");\n@import "fonts/f.css";\n'
                                  "body { background: url(/bilder/bg.png?v=2) }\n"
                                  ".x { background: url(data:image/png;base64,AAA) }\n")  # fmt: skip
    (css / "reset.css").write_text("html { margin: 0 }\n")
    (css / "fonts/f.css").write_text("@font-face { src: url(a.woff2) }\n")
    (css / "fonts/a.woff2").write_bytes(b"wOF2")
    (js / "main.js").write_text('import { f } from "./util.js";\nf();\nimport("./lazy.js");\n')
    (js / "util.js").write_text('import { g } from "./main.js";\nexport function f() {}\n')  # a circle
    (js / "lazy.js").write_text("export const x = 1;\n")
    out = tmp_path / "out"

    def published() -> dict[str, str]:
        return {p.relative_to(out).as_posix().split(".")[0]: p.relative_to(out).as_posix()
                for p in out.glob("*/**/*.*s") if p.suffix in (".css", ".js")}  # fmt: skip

    build(BuildOptions(root=root, now=NOW, output=out))
    names = published()
    assert (out / names["css/main"]).read_text() == (
        f'@import url("{names["css/reset"][4:]}");@import "{names["css/fonts/f"][4:]}";'
        "body{background:url(../bilder/bg.png?v=2)}.x{background:url(data:image/png;base64,AAA)}"
    )  # the address from the root made relative: under /bilaga/ it is /bilaga/bilder/bg.png
    assert (out / names["js/main"]).read_text() == (
        f'import{{f}}from"./{names["js/util"][3:]}";f();import("./{names["js/lazy"][3:]}");'
    )
    assert (out / names["js/util"]).read_text().startswith(f'import{{g}}from"./{names["js/main"][3:]}";')
    # A change in a file reached through another is a new address for that one too.
    (css / "reset.css").write_text("html { margin: 1px }\n")
    build(BuildOptions(root=root, now=NOW, output=out))
    again = published()
    assert again["css/reset"] != names["css/reset"] and again["css/main"] != names["css/main"]
    assert again["css/fonts/f"] == names["css/fonts/f"] and again["js/main"] == names["js/main"]
    # check --links follows what stylesheets load: the background is missing, told where
    # the stylesheet's source writes it.
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--links"])
    assert result.exit_code == 1
    assert "assets/css/main.css:3:24: error: /bilder/bg.png?v=2: no such page or file" in result.output
    assert "a.woff2" not in result.output


def test_a_stylesheet_or_module_named_from_the_root_is_reached_by_its_published_name(make_site: Any, tmp_path: Path) -> None:
    """Found by a helper session: `@import "/css/base.css"` became `@import "base.css"`,
    which is not published (base.css gets a hash in its name)."""
    root = make_site({"a.md": article("Ale")})
    (root / "assets/css").mkdir(parents=True)
    (root / "assets/js").mkdir()
    (root / "assets/css/extra.css").write_text('@import "/css/base.css"; .a { color: red }\n')
    (root / "assets/css/base.css").write_text(".b { color: blue }\n")
    (root / "assets/js/main.js").write_text('import "/js/util.js";\n')
    (root / "assets/js/util.js").write_text("export const x = 1;\n")
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    [extra] = out.glob("css/extra.*.css")
    [base] = out.glob("css/base.*.css")
    assert extra.read_text() == f'@import "{base.name}";.a{{color:red}}'
    [main_js] = out.glob("js/main.*.js")
    [util] = out.glob("js/util.*.js")
    assert main_js.read_text() == f'import"./{util.name}";'
    assert CliRunner().invoke(main, ["check", "--root", str(root), "--links"]).exit_code == 0


def test_asset_of_a_file_that_does_not_exist_is_a_template_error(make_site: Any, tmp_path: Path) -> None:
    root = make_site({"a.md": article("Ale")})
    (root / "layouts").mkdir()
    (root / "layouts" / "404.html").write_text("x\n{{ asset('css/saknas.css') }}")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "layouts/404.html:2: error: asset('css/saknas.css'): no such file in assets/" in result.output


def test_asset_gives_each_file_its_own_address_in_each_form(tmp_path: Path) -> None:
    """`asset()` works its addresses out once per environment: each file's, with and without
    `absolute`, and under the base path of that environment's site."""
    site = SiteInfo(title="T", description="", base_url=BASE, language="sv", nav=(), labels=(),
                    archive_full_text=False,
                    assets=(("css/site.css", "css/site.0123456789.css"), ("favicon.ico", "favicon.ico")))  # fmt: skip
    template = environment([tmp_path], site).from_string(
        "{{ asset('css/site.css') }} {{ asset('css/site.css', absolute=true) }} {{ asset('favicon.ico') }}"
        " {{ asset('favicon.ico', absolute=true) }}"
    )
    assert template.render() == ("/bilaga/css/site.0123456789.css https://example.se/bilaga/css/site.0123456789.css"
                                 " /bilaga/favicon.ico https://example.se/bilaga/favicon.ico")  # fmt: skip
    other = environment([tmp_path], replace(site, base_url="https://example.se/", assets=(("favicon.ico", "f.ico"),)))
    assert other.from_string("{{ asset('favicon.ico') }} {{ asset('favicon.ico', absolute=true) }}").render() == (
        "/f.ico https://example.se/f.ico"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_template_error_some_articles_bring_about_says_on_which_pages(make_site: Any, jobs: str) -> None:
    """Found by a helper session: `{{ article.extra.region }}` failed on every article
    without `region:`, and the error named no article. With 250 articles the pages are
    rendered in worker processes (--jobs 2), whose problems are gathered the same way."""
    files = {f"a{i:03}.md": article(f"Artikel {i}", f"2016-01-{1 + i % 28:02}") for i in range(250)}
    files["a000.md"] = article("Artikel 0", "2016-01-01", region="Väst")
    root = make_site(files)
    (root / "layouts").mkdir()
    article_html = (TEST_SITE.parent.parent / "layouts/article.html").read_text(encoding="utf-8")
    (root / "layouts/article.html").write_text(
        article_html.replace("{% endblock %}", "<p>{{ article.extra.region }}</p>\n{% endblock %}", 1), encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", jobs])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("layouts/article.html:")
    assert errors[0].endswith(": error: article.extra.region: article.extra has no key 'region'; to show it "
                              "where it is given, write article.extra.region | default(\"\"), or test it: "
                              "{% if article.extra.region %}; "
                              "on /2016/01/artikel-1/ (content/a001.md) and 248 other pages")  # fmt: skip


NOT_SEEN = ("it is defined, but not seen from this line: a template imported without context sees neither the "
            "page's names nor those of the template importing it (write `{% import \"…\" as … with context %}`), "
            "and a name set inside a {% for %} loop or a macro is not seen outside it")


@pytest.mark.parametrize(("written", "told"), [
    ("{{ other.titel }}", "other.titel: other has no field 'titel' (did you mean 'title'?)"),
    ("{{ other['titel'] }}", "other.titel: other has no field 'titel' (did you mean 'title'?)"),
    ("{{ other.rubrik }}", "other.rubrik: other has no field 'rubrik'; its fields: date_iso, date_text, "
                           "kicker, kommun, title, url"),
    ("{{ article.titel }}", "article.titel: article has no field 'titel' (did you mean 'title'?)"),
    ("{{ article.newer.txt }}", "article.newer.txt: article.newer has no field 'txt' (did you mean 'text'?)"),
    ("{{ page.titel }}", "page.titel: page has no key 'titel' (did you mean 'title'?)"),
    ("{{ article.title.text }}", "article.title.text: article.title is text, which has no field 'text'"),
    ("{{ article.kicker.text }}", "article.kicker.text: article.kicker is empty (none), which has no field "
                                  "'text'; test it first: {% if article.kicker %}"),
    ("{{ (other | attr('titel')) }}", "the value has no field 'titel' (did you mean 'title'?)"),
    ("{{ artcle.title }}", "'artcle' is undefined (did you mean 'article'?)"),  # among the page's names
    ("{{ sitee.title }}", "'sitee' is undefined (did you mean 'site'?)"),  # and the templates' globals
    ("{{ rubrik }}", "'rubrik' is undefined"),  # nothing close
    ("{{ othr.title }}", "'othr' is undefined (did you mean 'other'?)"),  # the loop's own name
    ("{% set rubrik = other.title %}{{ rubirk }}", "'rubirk' is undefined (did you mean 'rubrik'?)"),
    ("{% macro kort(titel) %}{{ titl }}{% endmacro %}{{ kort(other.title) }}",
     "'titl' is undefined (did you mean 'titel'?)"),
    ("{% import 'partials/facet_links.html' as lankar %}{{ lankr }}", "'lankr' is undefined (did you mean 'lankar'?)"),
    ("{% import 'partials/meta.html' as metadata %}", "'page' is undefined here: " + NOT_SEEN
     + " (in the built-in theme's layouts/partials/meta.html:15, which this line uses)"),  # the page's name
    ("{% for n in [1] %}{% set inne = n %}{% endfor %}{{ inne }}", "'inne' is undefined here: " + NOT_SEEN),
])  # fmt: skip
def test_a_misspelt_field_in_a_template_is_told_at_its_line_as_the_template_names_it(
    make_site: Any, written: str, told: str
) -> None:
    """Found by a newcomer: `{{ other.titel }}` was told as "'sitegen.site.views.Teaser
    object' has no attribute 'titel'", a class a template author never sees; and a
    misspelt name (`{{ artcle.title }}`) as undefined with no word of the name meant."""
    root = make_site({"a.md": article("Ale", tags="[Jobb]"), "b.md": article("Kil", "2016-01-21", tags="[Jobb]"),
                      "c.md": article("Ed", "2016-01-22")})  # a tag on 2 of 3 articles: related
    (root / "layouts/partials").mkdir(parents=True)
    (root / "layouts/partials/related.html").write_text(
        "{% for other in article.related %}\n<p>\n" + written + "</p>\n{% endfor %}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert errors == [f"layouts/partials/related.html:3: error: {told}; on /2016/01/ale/ (content/a.md) "
                      "and 1 other page"]  # fmt: skip


def test_an_error_in_a_theme_template_the_sites_own_uses_is_told_at_the_sites_line(make_site: Any) -> None:
    """Found by a helper session: it was told at `layouts/partials/entry.html:12`, a file
    the site does not have (the theme's), and the site's line that included it was not named."""
    root = make_site({"a.md": article("Ale"), "sidor/om.md": "---\ntitle: Om\n---\nText.\n"})
    (root / "layouts").mkdir()
    (root / "layouts/page.html").write_text('{% extends "base.html" %}\n{% block content %}\n'
                                            '{% include "partials/entry.html" %}\n{% endblock %}\n')  # fmt: skip
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert re.search(r"^layouts/page\.html:3: error: 'entry' is undefined \(in the built-in theme's "
                     r"layouts/partials/entry\.html:\d+, which this line uses\); on /om/ \(content/sidor/om\.md\)$",
                     result.output, re.MULTILINE), result.output  # fmt: skip


def test_the_sample_site_has_an_om_bilagan_page_in_its_menus(tmp_path: Path) -> None:
    repo = TEST_SITE.parent.parent
    build(BuildOptions(root=repo, now=NOW, output=tmp_path / "out", use_cache=False))
    page = parse(tmp_path / "out" / "om-bilagan" / "index.html")
    assert page.h1.get_text() == "Om bilagan"
    assert {h.get("id") for h in page.select(".body h2")} >= {"ansvarig-utgivare", "kontakt"}
    footer = [a.get_text() for a in page.select(".site-footer a")]
    assert footer == ["Om bilagan", "Ansvarig utgivare", "Kontakt", "Prenumerera via flöde (Atom)"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ 1 / 0 }}", "division by zero (ZeroDivisionError)"),
        ('{{ "x" + 1 }}', 'can only concatenate str (not "int") to str (TypeError)'),
        ("{% for x in 5 %}{% endfor %}", "'int' object is not iterable (TypeError)"),
        ('{% include "partials/saknas.html" %}', "template 'partials/saknas.html' not found"),
    ],
)
def test_an_exception_in_a_template_is_an_error_at_its_line(make_site: Any, tmp_path: Path, line: str,
                                                            message: str) -> None:  # fmt: skip
    """Whatever a template raises is reported at the template's line, every one in one run
    (a partial included by every page, and 404.html), never as a traceback, and the
    previous output stays as it was."""
    root = make_site({"a.md": article("Ale")})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "o"))
    before = (tmp_path / "o" / "index.html").read_bytes()
    (root / "layouts" / "partials").mkdir(parents=True)
    footer = (TEST_SITE.parent.parent / "layouts" / "partials" / "footer.html").read_text(encoding="utf-8")
    (root / "layouts" / "partials" / "footer.html").write_text(f"{footer}\n{line}\n", encoding="utf-8")
    (root / "layouts" / "404.html").write_text("x\n{{ saknas }}\n")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"layouts/partials/footer.html:{footer.count(chr(10)) + 2}: error: {message}" in result.output
    assert "layouts/404.html:2: error: 'saknas' is undefined" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (tmp_path / "o" / "index.html").read_bytes() == before


def test_a_stylesheet_saved_as_latin_1_is_told_at_its_line_with_the_letter(make_site: Any) -> None:
    """Found by a helper session: it was "cannot be read as UTF-8 text to minify: 'utf-8'
    codec can't decode byte 0xe5 in position 31", without a line."""
    root = make_site({"a.md": article("Ale")})
    (root / "assets/css").mkdir(parents=True)
    (root / "assets/css/egen.css").write_bytes("body { color: red }\n/* Åmål */\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert ("assets/css/egen.css:2:4: error: the file is not saved as UTF-8 (this looks like 'Å' saved "
            "as Latin-1 or Windows text); save it again with the encoding UTF-8") in result.output  # fmt: skip


def test_a_page_without_a_photo_offers_the_sites_icon_as_og_image(make_site: Any, tmp_path: Path) -> None:
    """Found by a helper session: no page of the sample site had an og:image, which Open
    Graph asks of every page."""
    root = make_site({"a.md": article("Ale")}, "title: Bilagan\nbase_url: https://example.se/bilaga/\n")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    for page in ("2016/01/ale/index.html", "index.html", "etikett/index.html"):
        head = parse(tmp_path / "out" / page).head
        image = head.find("meta", property="og:image")["content"]
        assert image == f"{BASE}icon-512.png" and (tmp_path / "out/icon-512.png").is_file()
        assert head.find("meta", property="og:image:alt")["content"] == "Bilagan"


def test_an_article_without_a_lead_and_the_search_page_have_descriptions_of_their_own(make_site: Any, tmp_path: Path) -> None:
    """Found by a helper session: they had the site's description, the home page's too."""
    body = "Med spårvagn från **centrala** Göteborg tar det tjugo minuter. " * 6
    root = make_site({"a.md": article("Ale", body=body)}, "title: Bilagan\ndescription: Om jobb.\nsearch: true\n")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    described = parse(tmp_path / "out/2016/01/ale/index.html").head.find("meta", attrs={"name": "description"})["content"]
    assert described.startswith("Med spårvagn från centrala Göteborg tar det tjugo minuter.")
    assert described.endswith("minuter. Med spårvagn från centrala Göteborg tar…") and len(described) <= 160
    search = parse(tmp_path / "out/sok/index.html").head.find("meta", attrs={"name": "description"})["content"]
    home = parse(tmp_path / "out/index.html").head.find("meta", attrs={"name": "description"})["content"]
    assert search == "Sök – Om jobb." and home == "Om jobb."


def test_the_icons_whole_addresses_are_escaped_under_a_base_path_with_marks(make_site: Any, tmp_path: Path) -> None:
    """Found by a helper session: og:image, the feed's <icon> and JSON-LD's logo held a raw å."""
    root = make_site({"a.md": article("Ale")}, "title: T\nbase_url: https://example.se/bilagå/\n")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    head = parse(tmp_path / "out/2016/01/ale/index.html").head
    assert head.find("meta", property="og:image")["content"] == "https://example.se/bilag%C3%A5/icon-512.png"
    assert "<icon>https://example.se/bilag%C3%A5/icon-192.png</icon>" in (tmp_path / "out/feed.xml").read_text()


def test_a_description_from_the_text_leaves_out_footnotes_tables_and_code(make_site: Any, tmp_path: Path) -> None:
    """Found by a helper session: 'Socialtjänsten1 i Ale … En fotnot. ↩', a table's cells
    run together, 164 characters for 160; and a body of an image alone had no description."""
    body = ("Socialtjänsten[^1] i Ale &amp; Kungälv har vuxit.\n\n| Kommun | Invånare |\n| --- | --- |\n"
            "| Ale | 30000 |\n\n```\nkod()\n```\n\n[^1]: En fotnot som inte hör hemma i beskrivningen.")  # fmt: skip
    root = make_site({"a.md": article("Ale", body=body), "b.md": article("Bild", "2016-01-21", body="![Foto](x.png)")},
                     "title: T\ndescription: Om jobb.\n")  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))

    def described(page: str) -> str:
        return str(parse(tmp_path / "out" / page).head.find("meta", attrs={"name": "description"})["content"])

    assert described("2016/01/ale/index.html") == "Socialtjänsten i Ale & Kungälv har vuxit."
    # Inline markup does not part words, nor leave a space before a stop (the next session).
    (root / "content/a.md").write_text(article("Ale", body="**Ale kommun**, söker [socionomer](https://x.se/j). "
                                                            "Ytan är 20 m<sup>2</sup>.[^1]\n\n[^1]: Not."), encoding="utf-8")  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    assert described("2016/01/ale/index.html") == "Ale kommun, söker socionomer. Ytan är 20 m2."
    assert described("2016/01/bild/index.html") == "Om jobb."  # no prose: the site's


def test_pages_are_rendered_in_the_build_when_no_process_can_be_forked(make_site, tmp_path: Path, monkeypatch, fork_fails_after_one) -> None:  # type: ignore[no-untyped-def]
    """Forking fails when the system has no room for another process (EAGAIN, a CI
    runner's limit): the build renders its pages itself, the same bytes as with --jobs 1,
    rather than ending in a traceback, and leaves no process it forked waiting for work."""
    import multiprocessing

    import sitegen.output.publish

    root = make_site({f"{i:02d}.md": article(f"Artikel {i}", f"2016-01-{1 + i % 28:02d}") for i in range(6)})
    serial = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "one"), "--jobs", "1"])
    assert serial.exit_code == 0, serial.output
    monkeypatch.setattr(sitegen.output.publish, "_PARALLEL_FROM", 1)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "two"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert fork_fails_after_one and not multiprocessing.active_children()
    files = {p.relative_to(tmp_path / "one").as_posix(): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    assert files == {p.relative_to(tmp_path / "two").as_posix(): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
