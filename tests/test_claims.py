"""Every output path has one owner: a second page or copied file claiming it is an error
naming both, never a silent overwrite (which would also make a cached build differ from a
cold one: whichever was written last would win)."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import article

from sitegen.cli import main

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


def test_a_file_in_content_where_a_page_goes_is_an_error(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale"), "index.html": "<p>min egen</p>"})
    result = run(root)
    assert result.exit_code == 1
    # Told at the file, which the editor can move, not at the page sitegen makes.
    assert ("content/index.html: error: the file content/index.html would be written to index.html, "
            "where the page / is written too; give one of them another address") in result.output  # fmt: skip


def test_two_taxonomies_with_one_path_are_a_config_error(make_site) -> None:  # type: ignore[no-untyped-def]
    root = make_site({"a.md": article("Ale", tags="[A]", kommun="Ale")}, TAXONOMIES)
    result = run(root)
    assert result.exit_code == 1
    assert (
        "config.yaml:3:21: error: taxonomies[2].path: 'etikett' is also the path of the "
        "taxonomy on line 2; each taxonomy needs its own" in result.output
    )
