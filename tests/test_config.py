"""config.yaml is read by its schema (the `Config` dataclass): a setting is one declaration."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.config import Config, _Checker
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
