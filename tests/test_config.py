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
