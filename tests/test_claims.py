"""Every output path has one owner: a second page or copied file claiming it is an error
naming both, never a silent overwrite (which would also make a cached build differ from a
cold one: whichever was written last would win)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import article, told

from sitegen.cli import main
from sitegen.incremental.cache import CACHE_DIR

TAXONOMIES = """taxonomies:
  - {field: tags, path: etikett}
  - {field: kommun, path: etikett}
"""


def run(root, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1", *args])


def test_an_article_at_a_tag_archives_address_is_an_error(make_site) -> None:  # type: ignore[no-untyped-def]
    config = "title: T\npermalinks:\n  article: /etikett/{slug}/\n"
    root = make_site({"a.md": article("Socialförvaltning", tags="[Socialförvaltning]")}, config)
    result = run(root)
    assert result.exit_code == 1
    assert (  # told where the tag is written (the term's archive is made from there)
        "content/a.md:4:8: error: tags: the tags archive 'Socialförvaltning' would be written to "
        "etikett/socialforvaltning/index.html, where the article 'Socialförvaltning' "
        "(content/a.md:2:1) is written too; give one of them another address" in result.output
    )
    assert not (root / "public").exists()


def test_an_article_titled_like_the_tag_index_is_an_error(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Etikett")}, "title: T\npermalinks:\n  article: /{slug}/\n")
    result = run(root)
    assert result.exit_code == 1 and "the index of tags" in result.output


LISTED = """title: T
permalinks:
  article: /{slug}/
search: true
taxonomies:
  - field: tags
    path: etikett
  - {field: kommun, path: kommun}
"""


def test_a_clash_with_a_taxonomys_index_is_told_at_its_path_in_config_yaml(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by the last session: a clash with /etikett/ or /kommun/ named config.yaml's
    `taxonomies` with no line, though config.yaml sets the address (`path:`); and the
    search page's `search: true` likewise. Told at the setting, as a clash with the home
    page is at permalinks.home; a clash with an alias (only a redirect) at the alias."""
    files = {"a.md": article("Etikett"), "b.md": article("B", aliases="[/kommun/, /sok/]")}
    assert told(make_site(files, LISTED), command="check") == (1, [
        "config.yaml:7:5: error: taxonomies[1].path: the index of tags would be written to "
        "etikett/index.html, where the article 'Etikett' (content/a.md:2:1) is written too; "
        "give one of them another address",
        "content/b.md:4:11: error: aliases: the earlier address /kommun/ of 'B' would be written to "
        "kommun/index.html, where the index of kommun (config.yaml:8:21) is written too; "
        "give one of them another address",
        "content/b.md:4:21: error: aliases: the earlier address /sok/ of 'B' would be written to "
        "sok/index.html, where the search page (config.yaml:4:1) is written too; "
        "give one of them another address",
    ])  # fmt: skip


def test_a_clash_with_a_default_taxonomys_index_names_taxonomies(make_site) -> None:  # type: ignore[no-untyped-def]
    """config.yaml listing no taxonomies: the default's index has no line to be told at."""
    root = make_site({"a.md": article("Etikett")}, "title: T\npermalinks:\n  article: /{slug}/\n")
    assert told(root, command="check") == (1, [
        "content/a.md:2:1: error: title: the article 'Etikett' would be written to etikett/index.html, "
        "where the index of tags (a default, not set in config.yaml) is written too; give one of them another "
        "address"])  # fmt: skip


def test_a_file_in_content_where_a_page_goes_is_an_error(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale"), "index.html": "<p>min egen</p>"})
    result = run(root)
    assert result.exit_code == 1
    # Told at the file, which the editor can move, not at the page sitegen makes.
    assert ("content/index.html: error: the file content/index.html would be written to index.html, "
            "where the home page is written too; give one of them another address") in result.output  # fmt: skip


def test_two_taxonomies_with_one_path_are_a_config_error(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", tags="[A]", kommun="Ale")}, TAXONOMIES)
    result = run(root)
    assert result.exit_code == 1
    assert (
        "config.yaml:3:21: error: taxonomies[2].path: 'etikett' is also the path of the "
        "taxonomy on line 2; each taxonomy needs its own" in result.output
    )


def test_an_alias_or_a_file_over_an_images_smaller_copy_is_told_by_check_and_build_alike(make_site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: an alias at the path of an image's smaller copy passed
    `check`, and `build` failed naming the copy in .sitegen-cache (variants were claimed
    only once made); a file of content/ at a copy's path was silently replaced by it."""
    from test_images import picture_bytes

    from sitegen.output.images import measure

    root = make_site({"2016/a.md": article("Ale", image="foto.jpg")})
    (root / "content/2016/foto.jpg").write_bytes(picture_bytes(1200, 800))
    picture = measure("/2016/foto.jpg", root / "content/2016/foto.jpg")
    assert picture is not None
    copy = picture.jpeg[0].url  # /img/<hash>/foto-480.jpg
    (root / "content/b.md").write_text(article("Borås", "2016-01-21", aliases=f"[{copy}]"), encoding="utf-8")
    (root / "content" / copy.lstrip("/")).parent.mkdir(parents=True)
    (root / "content" / copy.lstrip("/")).write_bytes(b"min egen")
    expected = [
        f"content/b.md:4:11: error: aliases: the earlier address {copy}/ of 'Borås' would be written to "
        f"{copy[1:]}/index.html, but {copy[1:]} is where a smaller copy of content/2016/foto.jpg is "
        "written, so it cannot be a folder too; give one of them another address",
        f"content{copy}: error: the file content{copy} would be written to {copy[1:]}, where a smaller "
        "copy of content/2016/foto.jpg is written too; give one of them another address",
    ]
    assert told(root, command="check") == (1, expected)
    assert told(root, "-o", str(tmp_path / "out")) == (1, expected)
    assert not (tmp_path / "out").exists() and not (root / CACHE_DIR / "images").exists()
    (root / "content/fel.md").write_text(article("Fel", "2016-13-45"), encoding="utf-8")
    code, errors = told(root, command="check")  # told beside another error too
    assert code == 1 and len(errors) == 3 and set(expected) < set(errors)


def test_a_page_where_the_search_index_is_written_is_told_by_check_and_build_alike(make_site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: with search: true, an alias in pagefind/ passed `check`,
    and `build` ended in "[Errno 21] Is a directory" once Pagefind wrote its folder."""
    root = make_site({"a.md": article("Ale", aliases="[/pagefind/pagefind.js]")}, "title: T\nsearch: true\n")
    expected = [
        "content/a.md:4:11: error: aliases: the earlier address /pagefind/pagefind.js/ of 'Ale' would be "
        "written to pagefind/pagefind.js/index.html, in the folder pagefind/ that the search index of "
        "search: true (config.yaml:2:1) writes whole, which would replace it; give it another address"
    ]
    assert told(root, command="check") == (1, expected)
    assert told(root, "-o", str(tmp_path / "out")) == (1, expected)
    (root / "config.yaml").write_text("title: T\n")  # without search, the folder is the site's
    assert told(root, command="check") == (0, [])


def test_a_clash_of_a_file_and_a_folder_names_who_claims_which_path(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: an alias below a file (or a file below an alias) was said
    to be written "where" the other is, at the wrong one's path, and an alias inside a
    term's feed named the term's archive, not its feed."""
    root = make_site({"a.md": article("Ale", tags="[Barn]"),
                      "b.md": article("Borås", "2016-01-21", aliases="[/bilder/x.jpg/, /gammal.html, /etikett/barn/feed.xml/, /bilder/]"),  # fmt: skip
                      "bilder/x.jpg": "bild", "gammal.html/y.txt": "text"})  # fmt: skip
    assert told(root, command="check") == (1, [
        "content/b.md:4:11: error: aliases: the earlier address /bilder/x.jpg/ of 'Borås' would be written to "
        "bilder/x.jpg/index.html, but bilder/x.jpg is where the file content/bilder/x.jpg is written, so it "
        "cannot be a folder too; give one of them another address",
        "content/b.md:4:27: error: aliases: the earlier address /gammal.html of 'Borås' would be written to "
        "gammal.html, but gammal.html must be a folder for the file content/gammal.html/y.txt, written to "
        "gammal.html/y.txt; give one of them another address",
        "content/b.md:4:41: error: aliases: the earlier address /etikett/barn/feed.xml/ of 'Borås' would be "
        "written to etikett/barn/feed.xml/index.html, but etikett/barn/feed.xml is where the feed of the tags "
        "archive 'Barn' (content/a.md:4:8) is written, so it cannot be a folder too; give one of them another "
        "address",
    ])
    (root / "content/b.md").write_text(article("Borås", "2016-01-21", aliases="[/bilder/]"), encoding="utf-8")
    assert told(root, command="check") == (0, [])  # a page beside a file in one folder is no clash


def test_a_file_where_an_archive_needs_its_folder_is_told_once(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: each of the archive's pages and its feed was told apart,
    all at one line (four errors for one file)."""
    files = {f"a{n}.md": article(f"A{n}", f"2016-01-2{n}", tags="[Barn]") for n in (1, 2, 3)}
    root = make_site({**files, "etikett/barn": "x"}, "title: T\nper_page: 1\n")
    assert told(root, command="check") == (1, [
        "content/a3.md:4:8: error: tags: the tags archive 'Barn' would be written to etikett/barn/index.html, "
        "but etikett/barn is where the file content/etikett/barn is written, so it cannot be a folder too; "
        "give one of them another address"])  # fmt: skip


HOME_CLASHES = [  # permalinks.home at a page the site makes anyway: told once, where it is set
    ("/kommun/ale/", "the home page /kommun/ale/ would be written to kommun/ale/index.html, where the "
     "kommun archive 'Ale' (content/a.md:4:1) is written too; give one of them another address"),
    ("/etikett/", "the home page /etikett/ would be written to etikett/index.html, where the index "
     "of tags (a default, not set in config.yaml) is written too; give one of them another address"),
    ("/404.html/", "the home page /404.html/ would be written to 404.html/index.html, but 404.html is "
     "where sitegen's own /404.html is written, so it cannot be a folder too; give it another address"),
    ("/etikett/socialforvaltning/", "the home page /etikett/socialforvaltning/ would be written to "
     "etikett/socialforvaltning/index.html, where the tags archive 'Socialförvaltning' "
     "(content/a.md:5:8) is written too; give one of them another address"),
    ("/2016/01/ale/", "the home page /2016/01/ale/ would be written to 2016/01/ale/index.html, where "
     "the article 'Ale' (content/a.md:2:1) is written too; give one of them another address"),
]  # fmt: skip


@pytest.mark.parametrize(("home", "message"), HOME_CLASHES)
def test_a_home_page_address_that_clashes_is_told_once_at_its_setting(make_site, home: str, message: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: such a clash was blamed on an article (the kommun archive
    at the article's kommun line), or told without a line, or once per page of the
    archives, and the setting that caused it was never named."""
    files = {name: article(title, date, kommun="Ale", tags="[Socialförvaltning]")
             for name, title, date in [("a.md", "Ale", "2016-01-20"), ("b.md", "Borås", "2016-01-19"),
                                       ("c.md", "Cecilia", "2016-01-18")]}  # fmt: skip
    root = make_site(files, f"title: T\nper_page: 1\npermalinks:\n  home: {home}\n")
    code, errors = told(root, "--jobs", "1")
    assert code == 1
    assert errors == [f"config.yaml:4:3: error: permalinks.home: {message}"]
    assert told(root, command="check")[1] == errors


@pytest.mark.parametrize(("pattern", "message"), [
    ('page: "/sida/{n}/"', "permalinks.page: '/sida/{n}/' must not start with '/': it is put after each "
     "listing's own address (/etikett/x/sida/{n}/), so write \"sida/{n}/\""),
    ("home: start/", "permalinks.home: 'start/' must start with '/': write \"/start/\""),
    ('article: "{year}/{slug}/"', "permalinks.article: '{year}/{slug}/' must start with '/': write "
     "\"/{year}/{slug}/\""),
    # Found by a tester: 'start' was told it must end with '/', like "/", not what to write.
    ("home: start", "permalinks.home: 'start' must start and end with '/': write \"/start/\""),
    ('article: "/{year}/{slug}"', "permalinks.article: '/{year}/{slug}' must end with '/': write "
     "\"/{year}/{slug}/\""),
    ('page: "sida/{n}"', "permalinks.page: 'sida/{n}' must end with '/': write \"sida/{n}/\""),
    ('page: "/sida/{n}"', "permalinks.page: '/sida/{n}' must not start with '/': it is put after each "
     "listing's own address (/etikett/x/sida/{n}/), so write \"sida/{n}/\""),
    ('home: ""', "permalinks.home: '' must start and end with '/': write \"/\""),
    ('home: "/b%C3%B6rja"', "permalinks.home: '/b%C3%B6rja' must end with '/', and then '/b%C3%B6rja/' has "
     "a '%'; write the path with its letters (å, ä, ö) as they are, not %-escaped"),
    # Found by a tester: '//start/' sent every link home off the site (to a host 'start'),
    # '/start//' passed check and failed build, a %-escape, '?' or '#' named a folder that
    # the links did not lead to, and '.start' a folder that is never published.
    ('home: "//start/"', "permalinks.home: '//start/' has an empty part ('//'); write one '/' between the "
     "parts: \"/start/\""),
    ('home: "/start//"', "permalinks.home: '/start//' has an empty part ('//'); write one '/' between the "
     "parts: \"/start/\""),
    ('home: "/b%C3%B6rja/"', "permalinks.home: '/b%C3%B6rja/' has a '%'; write the path with its letters "
     "(å, ä, ö) as they are, not %-escaped"),
    ('page: "?p={n}/"', "permalinks.page: '?p={n}/' has a '?' or '#', which ends a path in an address: no "
     "folder can be named after it"),
    ('home: "/.start/"', "permalinks.home: '/.start/' has a part starting with '.', which is never published "
     "(and sitegen keeps for itself)"),
    ('page: "./{n}/"', "permalinks.page: './{n}/' has a '.' part; write the path without it"),
    # … and a tab, a backslash (told as a '..'), an å in two parts (found by a second tester)
    ('home: "/start\\t/"', "permalinks.home: '/start\\t/' has a control character (a tab?); write the path "
     "as a reader's browser shows it"),
    # (shown as written, where repr() doubled its '\': '/start\\\\x/')
    ('home: "/start\\\\x/"', "permalinks.home: '/start\\x/' has a '\\'; write '/' between the parts: "
     "\"/start/x/\""),
    ('home: "/a\\u030a/"', "permalinks.home: '/a\u030a/' has letters written in two parts (a and a ring above "
     "it); write each as one (å)"),
])  # fmt: skip
def test_a_permalink_pattern_rooted_the_wrong_way_is_an_error_at_its_line(make_site, pattern: str, message: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `page: "/sida/{n}/"` (rooted, as home and article are) was
    taken, and every archive's page 2 clashed with the home page's, blamed on an article's
    tags; a home or article pattern without the leading '/' made links that lead nowhere."""
    files = {name: article(title, date, tags="[Socialförvaltning]")
             for name, title, date in [("a.md", "Ale", "2016-01-20"), ("b.md", "Borås", "2016-01-19")]}  # fmt: skip
    root = make_site(files, f"title: T\nper_page: 1\npermalinks:\n  {pattern}\n")
    code, errors = told(root, "--jobs", "1")
    assert code == 1
    assert errors == [f"config.yaml:4:3: error: {message}"]


def test_a_clash_with_a_refused_settings_default_is_not_told_at_that_setting(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: with `home: start/` refused (and `/` standing in), an alias `/`
    was told to clash with 'the home page / (config.yaml:3:3)', a setting that says
    otherwise."""
    root = make_site({"a.md": article("Ale", aliases='["/"]')}, "title: T\npermalinks:\n  home: start/\n")
    code, errors = told(root, command="check")
    assert code == 1 and errors[0].startswith("config.yaml:3:3: error: permalinks.home: 'start/' must start with '/'")
    assert len(errors) == 2 and "config.yaml" not in errors[1]


def test_a_clash_a_taxonomys_path_causes_names_its_line_in_config_yaml(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: with `path: sida`, the tag '2' was told at the article as
    clashing with "the page /sida/2/", which is the home page's page 2, and the setting
    that caused it was named nowhere; a default taxonomy was named as "(config.yaml)",
    which lists none."""
    files = {f"{name}.md": article(name.upper(), tags='["2"]') for name in ("a", "b")}
    root = make_site(files, "title: T\nper_page: 1\ntaxonomies:\n  - {field: tags, path: sida}\n")
    assert told(root, command="check") == (1, [
        "content/a.md:4:8: error: tags: the tags archive '2' (under /sida/, as config.yaml:4:19 sets) would "
        "be written to sida/2/index.html, where page 2 of the home page is written too; give one of them "
        "another address"])  # fmt: skip
    root = make_site({"a.md": article("A"), "sidor/kommun.md": "---\ntitle: Kommun\n---\nText.\n"})
    assert told(root, command="check") == (1, [
        "content/sidor/kommun.md:2:1: error: title: the page 'Kommun' would be written to kommun/index.html, "
        "where the index of kommun (a default, not set in config.yaml) is written too; give one of them "
        "another address"])  # fmt: skip


@pytest.mark.parametrize(("name", "every"), [
    ("robots.txt", ""), ("sitemap.xml", ""), ("404.html", ""), ("site.webmanifest", ""),
    ("feed.xml", ", and with it every feed"),
])  # fmt: skip
@pytest.mark.parametrize("folder", ["content", "assets"])
def test_a_file_where_sitegen_writes_its_own_says_to_make_it_a_template(make_site, name: str, every: str,
                                                                       folder: str) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `content/robots.txt` was told "…where the page
    /robots.txt is written too; give one of them another address", which an editor cannot
    do for a file sitegen writes itself. Following the advice now publishes the file."""
    root = make_site({"a.md": article("Ale")})
    (root / folder).mkdir(exist_ok=True)
    (root / folder / name).write_text("User-agent: *\nDisallow: /privat/\n", encoding="utf-8")
    whose = "the site's feed" if name == "feed.xml" else "sitegen's own"
    assert told(root, command="check") == (1, [
        f"{folder}/{name}: error: the file {folder}/{name} would be written to {name}, where {whose} /{name} "
        f"is written too; to publish your own, make it the template layouts/{name}, which replaces the "
        f"theme's{every} (Jinja reads it: {{{{, {{% and {{# start its tags), or remove {folder}/{name}"])  # fmt: skip
    if name == "robots.txt":
        (root / "layouts").mkdir()
        (root / folder / name).rename(root / "layouts" / name)
        assert run(root).exit_code == 0
        assert (root / "public/robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /privat/\n"


def test_a_claim_inside_a_file_sitegen_writes_itself_is_told_to_move(make_site) -> None:  # type: ignore[no-untyped-def]
    """A page at /robots.txt/ or a file in a folder content/robots.txt/ cannot be a folder
    where sitegen writes its own robots.txt: the one an editor can change must move."""
    root = make_site({"a.md": article("Ale", aliases="[/robots.txt/]"), "robots.txt/x.txt": "x"})
    assert told(root, command="check") == (1, [
        "content/a.md:4:11: error: aliases: the earlier address /robots.txt/ of 'Ale' would be written to "
        "robots.txt/index.html, but robots.txt is where sitegen's own /robots.txt is written, so it cannot be "
        "a folder too; give it another address",
        "content/robots.txt/x.txt: error: the file content/robots.txt/x.txt would be written to robots.txt/x.txt, "
        "but robots.txt is where sitegen's own /robots.txt is written, so it cannot be a folder too; "
        "move it elsewhere"])  # fmt: skip
