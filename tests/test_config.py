"""config.yaml is read by its schema (the `Config` dataclass): a setting is one declaration."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sitegen.config import Config, MenuLink, _Checker, read_config
from sitegen.content import yamltext
from sitegen.content.schema import entry, keys


@dataclass(frozen=True, kw_only=True)
class Engine:
    engine: str = entry("python-markdown", choices=("python-markdown", "commonmark"), doc="…")


@dataclass(frozen=True, kw_only=True)
class Settings:
    per_page: int = entry(10, kind="count", doc="articles per archive page")
    markdown: Engine = entry(Engine(), doc="how Markdown becomes HTML")


def check(text: str) -> tuple[Settings, list[str]]:
    data, positions = yamltext.load(text)
    checker = _Checker(positions)
    return Settings(**checker.read(Settings, data)), [str(p) for p in checker.problems]


def test_every_setting_of_config_is_known_by_its_schema() -> None:
    assert keys(Config) == (
        "title", "description", "base_url", "per_page", "output_dir", "archive_full_text",
        "timezone", "feed_size", "permalinks", "taxonomies", "stadsdelar", "relative_urls", "slugs",
        "search", "markdown", "menu",
    )  # fmt: skip


def test_a_group_of_settings_is_read_by_the_same_rules() -> None:
    assert check("markdown: {engine: commonmark}\n") == (
        Settings(markdown=Engine(engine="commonmark")),
        [],
    )
    assert check("per_page: 5\n") == (Settings(per_page=5), [])


def test_a_group_of_settings_reports_like_the_top_level() -> None:
    settings, problems = check("per_page: 0\nmarkdown:\n  engine: cmark\n  enigne: x\n")
    assert settings == Settings()
    assert problems == [
        "config.yaml:1:1: per_page: expected a number of at least 1, got 0",
        "config.yaml:3:3: markdown.engine: expected one of python-markdown, commonmark, "
        "got 'cmark'; did you mean 'commonmark'?",
        "config.yaml:4:3: markdown.enigne: unknown setting; did you mean 'engine'?",
    ]
    assert check("markdown: commonmark\n")[1] == [
        "config.yaml:1:1: markdown: expected settings indented below it, one per line"
    ]
    assert check("markdown: {engine: 3}\n")[1] == [
        'config.yaml:1:12: markdown.engine: 3 is not read as text; put it in quotes: engine: "3"'
    ]


def test_base_url_must_be_an_address_pages_can_follow() -> None:
    """Found by a helper session: 'https://example.se/bil aga/?x=1#f' was taken, and pages
    got canonical addresses such as 'https://example.se/bil aga/?x=1#f/'."""
    from sitegen.config import base_url_problem

    assert base_url_problem("https://example.se/") is None
    assert base_url_problem("http://localhost:8000/bilaga") is None
    assert base_url_problem("https://example.se/bil%20aga/") is None
    expected = "expected an address like https://example.se/ or https://example.se/bilaga/, got "
    assert base_url_problem("foo") == expected + "'foo'"
    assert base_url_problem("ftp://example.se/") == expected + "'ftp://example.se/'"
    assert base_url_problem("https:///bilaga/") == expected + "'https:///bilaga/'"
    assert base_url_problem("https://example.se:80x/") == expected + "'https://example.se:80x/'"
    assert base_url_problem("https://example.se/bil aga/") == (
        expected + "'https://example.se/bil aga/': an address has no spaces (write %20)")  # fmt: skip
    for value in ("https://-/", "https://a..b/", "https://example.se:0/"):  # the second helper session's
        assert base_url_problem(value) == expected + repr(value)
    for value in ('https://example.se/"><script>/', "https://example.se/%zz/"):
        assert base_url_problem(value) == (
            f"{expected}{value!r}: an address has no \" < > \\ ^ ` {{ | }}, and % only before two hex digits (%20)")  # fmt: skip
    assert base_url_problem("http://[::1]:8000/") is None and base_url_problem("https://räksmörgås.se/") is None
    for value in ("https://example.se//bilaga/", "https://example.se/a/../bilaga/"):  # the third helper session's
        assert base_url_problem(value) == (
            f"{expected}{value!r}: its path has an empty or a dot segment ('//', '/./', '/../'), which "
            "would make its pages' links lead elsewhere")  # fmt: skip
    for value in ("https://example.se/?x=1", "https://example.se/#f", "https://example.se/?"):
        assert base_url_problem(value) == (
            f"{expected}{value!r}: the pages' addresses are put after it, so it has no ?query or #fragment")  # fmt: skip
    # A helper session's: the home page's address copied from a browser was taken as a folder,
    # and every link of the site led to https://example.se/bilaga/index.html/2016/01/ale/.
    for value, folder in (("https://example.se/bilaga/index.html", "https://example.se/bilaga/"),
                          ("http://localhost:8000/Start.PHP", "http://localhost:8000/")):
        name = value.rsplit("/", 1)[1]
        assert base_url_problem(value) == (
            f"{expected}{value!r}: it ends in a page's file name, {name!r}, not in a folder (the feed "
            f"would be at …/{name}/feed.xml); write {folder}")
    for value in ("https://example.se/v2.0/", "https://example.se/bilaga.html/", "https://example.se/a.html/b"):
        assert base_url_problem(value) is None  # a folder, as its final '/' or its place says



@pytest.mark.parametrize(("value", "meant"), [
    ("example.se/bilaga", "https://example.se/bilaga/"), ("www.example.se", "https://www.example.se/"),
    ("htps://example.se/bilaga/", "https://example.se/bilaga/"), ("https:/example.se", "https://example.se/"),
    ("localhost:8000", "http://localhost:8000/"), ("example.se/bilaga/index.html", "https://example.se/bilaga/"),
])  # fmt: skip
def test_a_base_url_without_its_scheme_is_told_with_the_address_meant(value: str, meant: str) -> None:
    """Found by a helper session: `base_url: example.se/bilaga` said only what an address is
    like, where a menu's `url` is told the address to write."""
    from sitegen.config import base_url_problem

    assert base_url_problem(value) == (
        f"expected an address like https://example.se/ or https://example.se/bilaga/, got {value!r}; write {meant}")


@pytest.mark.parametrize("value", ["bilaga", "ftp://example.se/", "https:///bilaga/"])
def test_a_base_url_that_names_no_address_gets_no_guess(value: str) -> None:
    from sitegen.config import base_url_problem

    assert base_url_problem(value) == (
        f"expected an address like https://example.se/ or https://example.se/bilaga/, got {value!r}")


def test_a_wrong_base_url_option_is_a_usage_error_and_one_in_config_yaml_an_error_at_its_line(make_site) -> None:  # type: ignore[no-untyped-def]
    """`--base-url foo` was reported as config.yaml's error, with exit status 1."""
    from click.testing import CliRunner
    from conftest import article

    from sitegen.cli import main

    root = make_site({"a.md": article("Ale")})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--base-url", "foo"])
    assert result.exit_code == 2
    assert "Invalid value for '--base-url': expected an address like https://example.se/" in result.output
    assert "config.yaml" not in result.output
    (root / "config.yaml").write_text("title: Test\nbase_url: https://example.se/bil aga/\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert "config.yaml:2:1: error: base_url: expected an address like" in result.output


def test_an_empty_title_a_menu_address_with_a_space_and_a_taxonomy_of_no_text_are_errors(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `title: ""` gave `<title>Senaste artiklarna – </title>` and
    an empty link home; a menu's `/om bilagan/` was written with its space; a taxonomy on
    `cta` or `date` made an empty archive and a menu entry."""
    from conftest import article, told

    config = ('title: ""\nmenu: {header: [{text: Om, url: "/om bilagan/"}]}\n'
              "taxonomies: [{field: cta, path: cta}, {field: date, path: datum}, {field: photographer, path: foto}]\n")  # fmt: skip
    root = make_site({"a.md": article("A")}, config)
    code, lines = told(root)
    assert code == 1
    assert lines == [
        "config.yaml:1:1: error: title: expected text, got nothing; the site needs a name (the header's "
        "link home says it, and every page's <title>)",
        "config.yaml:2:28: error: menu.header[1].url: '/om bilagan/': an address has no spaces (write %20)",
        "config.yaml:3:15: error: taxonomies[1].field: 'cta' holds a group of fields, not text or a list "
        "of text: a taxonomy files articles by a field such as tags or kommun",
        "config.yaml:3:40: error: taxonomies[2].field: 'date' holds a date, not text or a list of text: "
        "a taxonomy files articles by a field such as tags or kommun",
    ]


def test_a_menu_address_with_a_backslash_is_an_error_saying_what_to_write(make_site) -> None:  # type: ignore[no-untyped-def]
    """`url: /om\\bilagan/` was published as /om%5Cbilagan/, a 404, where a browser reads
    /om/bilagan/; an article's cta.url and contact.web are refused so already. A
    mailto:'s '\\' is no '/' to a browser, and is kept."""
    from conftest import article, told

    config = ("title: T\nmenu:\n  header:\n    - {text: Om, url: '/om\\bilagan/'}\n"
              "    - {text: Jobb, url: 'https://ale.se\\jobb?q=a\\b'}\n"
              "    - {text: Mejla, url: 'mailto:kommun@ale.se?subject=a\\b'}\n")  # fmt: skip
    root = make_site({"a.md": article("A")}, config)
    assert told(root) == (1, [
        "config.yaml:4:18: error: menu.header[1].url: '/om\\bilagan/' has a '\\', which browsers read as '/'; "
        "write url: /om/bilagan/",
        "config.yaml:5:20: error: menu.header[2].url: 'https://ale.se\\jobb?q=a\\b' has a '\\', which browsers "
        "read as '/'; write url: https://ale.se/jobb?q=a\\b",
    ])  # fmt: skip


def test_an_invisible_character_written_as_an_escape_in_config_is_an_error(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `title: "…\\v2027"` built, and every feed was invalid XML."""
    from conftest import article, told

    root = make_site({"a.md": article("A")}, 'title: "Socionom\\v2027"\nmenu: {footer: [{text: "Om\\x01", url: /om/}]}\n')
    code, lines = told(root)
    assert code == 1
    assert lines == [
        "config.yaml:1:1: error: title: an invisible control character (#x000b), written with a '\\' in the "
        "quotes, is in the text; remove it (a line break there? write the text on one line)",
        "config.yaml:2:18: error: menu.footer[1].text: an invisible control character (#x0001), written with "
        "a '\\' in the quotes, is in the text; remove it (a line break there? write the text on one line)",
    ]


@pytest.mark.parametrize("title", ["Etikettarkiv: {tag}", "{term", "{}", "{0}", "{term.x}", "{term!z}", "{term!r}"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_wrong_placeholder_in_a_taxonomy_title_is_an_error_and_its_default_is_used(make_site, title, command) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: `title: "Etikettarkiv: {tag}"` was told as an error, then kept,
    and planning the pages to find more errors ended in a traceback (KeyError: 'tag';
    ValueError, IndexError, AttributeError for the others). The articles are still checked."""
    from conftest import article, told

    config = f'title: Test\ntaxonomies:\n  - {{field: tags, path: etikett, title: "{title}"}}\n'
    root = make_site({"a.md": article("A", tags="[Ale]"), "b.md": article("B", date="2016-13-01")}, config)
    code, lines = told(root, command=command)
    assert code == 1
    assert lines == [
        f"config.yaml:3:34: error: taxonomies[1].title: {title!r} may use only {{term}}, like \"Etikettarkiv: {{term}}\"",
        "content/b.md:3:1: error: date: '2016-13-01' is not a real date: there is no month 13 (dates are written "
        "year-month-day); write date: 2016-01-13",
    ]
    config_read, _ = read_config(root)
    assert [(t.field, t.title) for t in config_read.taxonomies] == [("tags", "{term}")]


def test_a_taxonomy_with_a_wrong_path_or_the_field_of_another_is_left_out_without_follow_on_errors(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: `path: ''` was kept, and the index of tags was also told to clash
    with the home page; a second taxonomy of tags was kept, and every tag's archive was told
    as an error at an article, clashing with itself."""
    from conftest import article, told

    articles = {"a.md": article("A", tags="[Ale, Barn]"), "b.md": article("B", tags="[Ale]")}
    root = make_site(articles, "title: Test\ntaxonomies: [{field: tags, path: ''}]\nslugs: {tags: {Ale: ale}}\n")
    assert told(root) == (1, ["config.yaml:2:28: error: taxonomies[1].path: expected text, got ''"])
    assert read_config(root)[0].taxonomies == ()
    root = make_site(articles, "title: Test\ntaxonomies:\n  - {field: tags, path: etikett}\n"
                     "  - {field: tags, path: etikett}\n  - {field: kommun, path: kommun, label: 3}\n")  # fmt: skip
    code, lines = told(root, command="check")
    assert code == 1
    assert lines == [
        "config.yaml:4:6: error: taxonomies[2].field: 'tags' is also the field of the taxonomy on line 3; "
        "each taxonomy needs its own",
        "config.yaml:4:19: error: taxonomies[2].path: 'etikett' is also the path of the taxonomy on line 3; "
        "each taxonomy needs its own",
        'config.yaml:5:35: error: taxonomies[3].label: 3 is not read as text; put it in quotes: label: "3"',
    ]
    assert [(t.field, t.label) for t in read_config(root)[0].taxonomies] == [("tags", "tags"), ("kommun", "kommun")]
    root = make_site(articles, "title: Test\ntaxonomies: {field: photographer, path: foto}\nslugs: {photographer: {A: a}}\n")
    assert told(root) == (1, ["config.yaml:2:1: error: taxonomies: expected a list of taxonomies (field, path, title, …)"])


def test_a_setting_holding_an_invisible_character_is_its_default(make_site) -> None:  # type: ignore[no-untyped-def]
    """A setting told to hold a control character was still used (in the pages planned to
    find more errors); now each is its default, as every other wrong setting is."""
    from conftest import article

    root = make_site({"a.md": article("A")}, (
        'title: "Test\\v"\npermalinks: {home: "/s\\vx/"}\nstadsdelar: [Hisingen, "Ost\\v"]\n'
        'menu: {header: [{text: "Om\\v", url: /om/}, {text: Kontakt, url: /kontakt/}]}\n'
        'taxonomies: [{field: tags, path: etikett, title: "E\\v{term}"}]\nslugs: {tags: {"A\\v": a, B: b}}\n'))  # fmt: skip
    config, problems = read_config(root)
    assert len(problems) == 6
    assert (config.title, config.permalinks["home"], config.stadsdelar) == ("sitegen", "/", ("Hisingen",))
    assert config.menu.header == (MenuLink("Kontakt", "/kontakt/"),)
    assert config.taxonomies[0].title == "{term}" and config.taxonomies[0].slugs == (("B", "b"),)


def test_a_district_listed_twice_is_an_error_and_its_first_spelling_is_used(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: `stadsdelar: [Östra Göteborg, ÖSTRA GÖTEBORG]` was taken without a
    word, and the later spelling was shown, articles spelt as the first warned about."""
    root = make_site({}, "title: T\nstadsdelar: [Östra Göteborg, Hisingen, ÖSTRA GÖTEBORG]\n")
    config, problems = read_config(root)
    assert [str(p) for p in problems] == [
        "config.yaml:2:40: stadsdelar[3]: 'ÖSTRA GÖTEBORG' is listed already, as 'Östra Göteborg': "
        "list each district once, spelt as it is to be shown"
    ]
    assert config.stadsdelar == ("Östra Göteborg", "Hisingen")


def test_a_placeholder_in_braces_without_quotes_is_told_to_be_quoted(make_site) -> None:  # type: ignore[no-untyped-def]
    """`title: {term}` is YAML for a group holding `term`: it was told 'expected text, got a
    group of settings', with no word of the quotes it needs (articles' fields had it)."""
    root = make_site({}, "title: T\ntaxonomies:\n  - field: tags\n    path: etikett\n    title: {term}\n")
    config, problems = read_config(root)
    assert [str(p) for p in problems] == [
        "config.yaml:5:5: taxonomies[1].title: {term} is read as a group of settings (YAML's braces), "
        'not as text; put it in quotes: title: "{term}"'
    ]
    assert config.taxonomies[0].title == "{term}"


def test_an_item_of_a_list_of_names_that_is_no_text_is_told_at_its_place(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: `stadsdelar: [Hisingen, null]` was 'expected a list of names' for
    the whole list, and `footer:` left empty gave no word of how to write none."""
    root = make_site({}, "title: T\nstadsdelar: [Hisingen, null, 12]\nmenu: {footer: }\n")
    config, problems = read_config(root)
    assert [str(p) for p in problems] == [
        "config.yaml:2:24: stadsdelar[2]: null is read as nothing (YAML's null), not as text; put it in quotes: \"null\"",
        "config.yaml:2:30: stadsdelar[3]: 12 is not read as text; put it in quotes: \"12\"",
        "config.yaml:3:8: menu.footer: expected a list of links, like [{text: Om bilagan, url: /om-bilagan/}, "
        "{text: Flöde (Atom), url: /feed.xml}]; for none, write []",
    ]
    assert config.stadsdelar == ("Hisingen",)


def test_a_district_told_after_an_item_told_wrong_is_told_at_its_own_place(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: after a null item was left out, the repeat of a district was told
    at the index and column of the item before it."""
    root = make_site({}, "title: T\nstadsdelar: [null, Östra Göteborg, Östra Göteborg]\n")
    problems = [str(p) for p in read_config(root)[1]]
    assert problems[1:] == ["config.yaml:2:36: stadsdelar[3]: 'Östra Göteborg' is listed already, as "
                            "'Östra Göteborg': list each district once, spelt as it is to be shown"]  # fmt: skip


@pytest.mark.parametrize(("folder", "told"), [
    (".sitegen-cache", "is in the site's .sitegen-cache"), ("content/pub", "is in the site's content"),
    (".", "is the site's root or holds it"), ("..", "is the site's root or holds it"),
    ("public", None), ("../ut", None), ("/tmp/elsewhere", None),
])  # fmt: skip
def test_an_output_dir_among_the_sites_sources_is_an_error_at_its_line(make_site, folder: str, told: str | None) -> None:  # type: ignore[no-untyped-def]
    """Found by a tester: `output_dir: .sitegen-cache` passed check and failed build with no
    line of config.yaml (as `content/pub` did before)."""
    root = make_site({}, f'title: T\noutput_dir: "{folder}"\n')
    config, problems = read_config(root)
    if told is None:
        assert problems == [] and config.output_dir == folder
    else:
        assert [str(p) for p in problems] == [f"config.yaml:2:1: output_dir: {folder!r} {told}, which every build "
                                              f"would replace; " + ("choose another folder, like public" if "in the" in told
                                              else "write a folder in it, like public")]  # fmt: skip
        assert config.output_dir == "public"
