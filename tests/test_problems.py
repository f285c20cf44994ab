"""Problems sort in one total order, whatever mix of known and unknown places they have."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import article, told

from sitegen.cli import main
from sitegen.errors import BuildError, Problem, quoted

WARNINGS = Path(__file__).parent / "fixtures" / "warnings"
PLACES = (None, 0, 1, 7)


def test_any_mix_of_known_and_unknown_places_sorts() -> None:
    problems = [
        Problem("content/a.md", line, column, field, "message")
        for line, column, field in itertools.product(PLACES, PLACES, (None, "", "kommun"))
    ]
    ordered = sorted(reversed(problems))
    assert ordered == sorted(problems)
    assert [(p.line, p.column) for p in ordered[:3]] == [(None, None)] * 3
    for a, b in itertools.combinations(ordered, 2):
        assert (a < b) + (a == b) + (a > b) == 1  # exactly one holds: the order is total
    assert BuildError(problems).problems == ordered


def test_unknown_line_comes_first_in_its_file() -> None:
    later = Problem("content/a.md", 4, 1, "image", "no file")
    unknown = Problem("content/a.md", None, None, "kommun", "not a kommun")
    other = Problem("content/0.md", 9, 9, None, "other file")
    assert sorted([later, unknown, other]) == [other, unknown, later]


def test_a_kommun_and_a_missing_image_do_not_crash_build_or_check(tmp_path: Path) -> None:
    """Two warnings about one article, one of them without a line, once crashed the sort."""
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "config.yaml").write_text("title: Test\n", encoding="utf-8")
    source = WARNINGS / "kommun-and-image.md"
    (root / "content" / source.name).write_bytes(source.read_bytes())
    for command in (["build", "--jobs", "1", "-o", str(tmp_path / "out")], ["check"]):
        result = CliRunner().invoke(main, [*command, "--root", str(root)])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        warnings = [line for line in result.output.splitlines() if "warning:" in line]
        assert warnings == [
            "content/kommun-and-image.md:4:1: warning: kommun: 'Alle' is not one of Sweden's "
            "290 municipalities; menade du 'Ale'? (a city district can be listed under "
            "stadsdelar: in config.yaml)",
            "content/kommun-and-image.md:5:1: warning: image: no file 'images/saknas.jpg' in "
            "content/ or assets/; the article is shown without a photo",
        ]


def test_warnings_an_editor_would_otherwise_never_hear_of(tmp_path: Path) -> None:
    """Found by helper sessions: `updated:` before `date:` was taken without a word, and
    `Versal.MD`, `lang.markdown` or Notepad's `Ale.md.txt` were not read as articles but
    published as raw files (a text file that is not an article is left alone)."""
    root = tmp_path / "site"
    (root / "content" / "2016").mkdir(parents=True)
    (root / "config.yaml").write_text("title: Test\n", encoding="utf-8")
    source = WARNINGS / "updated-before-date.md"
    (root / "content" / source.name).write_bytes(source.read_bytes())
    for name in ("Versal.MD", "2016/lång.markdown", "2016/Ale.md.txt", "2016/anteckning.txt"):
        (root / "content" / name).write_text("---\ntitle: X\ndate: 2016-01-20\n---\nText.\n", encoding="utf-8")
    (root / "content" / "2016" / "anteckning.txt").write_text("Bara text.\n", encoding="utf-8")  # a text to publish
    (root / "content" / ".well-known").mkdir()
    (root / "content" / ".well-known" / "security.txt").write_text(  # signed, as RFC 9116 asks
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:s@example.se\n", encoding="utf-8")
    (root / "content" / "2016" / "rule.txt").write_text("---\nAnteckningar, inte en artikel.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(root)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "warning:" in line]
    assert warnings == [
        "content/2016/Ale.md.txt: warning: is not read as an article (only names ending in .md "
        "are) and is published as it is, at /2016/Ale.md.txt: rename it to 2016/Ale.md",
        "content/2016/lång.markdown: warning: is not read as an article (only names ending in .md "
        "are) and is published as it is, at /2016/lång.markdown: rename it to 2016/lång.md",
        "content/Versal.MD: warning: is not read as an article (only names ending in .md are) and "
        "is published as it is, at /Versal.MD: rename it to Versal.md",
        "content/updated-before-date.md:4:1: warning: updated: is before the article's date; an "
        "article cannot change before it is published, so the date counts as its last change (in "
        "feeds, the sitemap and JSON-LD): give the day it was changed, or leave updated out",
    ]


def test_html_entities_in_front_matter_are_a_warning_naming_each_with_its_character(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: WordPress's exported titles hold `&amp;` and `&nbsp;`,
    which were shown to readers as written and made the address amal-amp-dalsland-nbsp-nara."""
    root = make_site({"a.md": '---\ntitle: "Åmål &amp; Dalsland&nbsp;– nära"\ndate: 2016-05-01\n'
                              'tags: ["Barn &amp; unga", "A & B; C"]\nlead: "Pris: 5 &euro"\n---\nText\n'})  # fmt: skip
    code, lines = told(root, command="check", kind="warning")
    assert code == 0
    assert lines == [
        "content/a.md:2:1: warning: title: has HTML entities, and front matter is plain text: they are "
        "shown as written (and in the address made from a title); write &amp; as '&', &nbsp; as a space",
        "content/a.md:4:8: warning: tags[1]: has HTML entities, and front matter is plain text: they are "
        "shown as written (and in the address made from a title); write &amp; as '&'",
        "content/a.md:4:27: warning: tags[2]: 'A & B; C' is read as one tag, with ';' in it; write "
        "tags: [Barn &amp; unga, A & B, C], a ',' between tags",
    ]


def test_several_tags_written_as_one_are_a_warning_at_its_line_with_the_list_to_write(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a newcomer: `tags: ["Ett, Två"]` and `tags: [Ett; Två]` were read, without a
    word, as one tag each, with an archive of its own. A warning: a tag may hold a comma."""
    root = make_site({"ale.md": (WARNINGS / "tags-joined.md").read_text(encoding="utf-8"),
                      "kil.md": article("Kil", tags="[Ett; Två]"), "ed.md": article("Ed", tags="[\"Ett,\"]")})  # fmt: skip
    code, warnings = told(root, command="check", kind="warning")
    fix = "tags: [Jobb, Socialförvaltning, Barn och unga, Introduktion]"
    assert code == 0 and warnings == [
        f"content/ale.md:6:5: warning: tags[2]: 'Socialförvaltning, Barn och unga' is read as one tag, "
        f"with ',' in it; write {fix}, a ',' between tags",
        f"content/ale.md:7:5: warning: tags[3]: 'Barn och unga; Introduktion' is read as one tag, "
        f"with ';' in it; write {fix}, a ',' between tags",
        "content/ed.md:4:8: warning: tags[1]: 'Ett,' is read as one tag, with ',' in it; write "
        "tags: [Ett], a ',' between tags",
        "content/kil.md:4:8: warning: tags[1]: 'Ett; Två' is read as one tag, with ';' in it; write "
        "tags: [Ett, Två], a ',' between tags",
    ]


def test_a_phone_number_no_one_has_is_a_warning_at_its_line(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `000-000 00 00` was linked as tel:+46000000000 without a
    word. A warning, not an error: libphonenumber's plan may lag behind a new number series."""
    root = make_site({"ale.md": (WARNINGS / "phone-not-in-use.md").read_text(encoding="utf-8")})
    code, warnings = told(root, "-o", str(tmp_path / "out"), kind="warning")
    assert code == 0 and warnings == [
        "content/ale.md:6:3: warning: contact.phone: '000-000 00 00' is no number in use by the numbering "
        "plan of +46 (by libphonenumber); a link would dial tel:+46000000000; check the digits",
    ]
    assert told(root, "--strict", command="check")[0] == 1


@pytest.mark.parametrize(("text", "shown"), [
    ("a\\b@ale.se", "'a\\b@ale.se'"),  # a '\' once, as written (repr() doubled it)
    ("Ale's", "\"Ale's\""),
    ("rad\nrad\tflik", "'rad\\nrad\\tflik'"),  # what would not show is written as repr() writes it
    ("a\xa0b\u200bc", "'a\\xa0b\\u200bc'"),
    (5, "5"), (["x"], "['x']"),  # not text: as repr() shows it
])  # fmt: skip
def test_quoted_shows_what_the_editor_wrote(text: object, shown: str) -> None:
    assert quoted(text) == shown


def test_messages_show_a_backslash_as_the_editor_wrote_it(make_site) -> None:  # type: ignore[no-untyped-def]
    """Found by a helper session: `mailto:a\\b@ale.se` was told as 'a\\\\b@ale.se' (repr()),
    two backslashes where the editor wrote one; so were other fields' values, in
    config.yaml and in front matter alike."""
    body = "Skriv till [oss](mailto:a\\b@ale.se).\n"
    root = make_site({"a.md": article("Ale", body=body, contact='{email: "a\\\\b@ale.se"}')},
                     'title: T\npermalinks:\n  home: "/start\\\\x/"\n')  # fmt: skip
    code, errors = told(root, command="check")
    assert code == 1
    assert ("config.yaml:3:3: error: permalinks.home: '/start\\x/' has a '\\'; write '/' between the parts: "
            '"/start/x/"') in errors
    assert any("contact.email: expected an e-mail address like namn@kommun.se, got 'a\\b@ale.se'" in e for e in errors)
    assert not any("\\\\" in line for line in errors)
    root = make_site({"a.md": article("Ale", body=body)})
    assert told(root, command="check", kind="warning") == (0, [
        "content/a.md:5:18: warning: the e-mail link (mailto:a\\b@ale.se) leads to no e-mail address: "
        "'a\\b@ale.se' is not written as one (namn@domän.se); write it like mailto:namn@kommun.se"])  # fmt: skip
