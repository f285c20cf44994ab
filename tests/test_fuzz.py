"""Any input either builds, with well-formed pages, feed and sitemap, or fails with our
errors (exit status 1, file and line, no traceback); nothing is ever written outside the
output folder, and no build of these small sites takes longer than the stated bound.

The bound: hypothesis's deadline of 30 s for one example (a site of three short articles,
built twice); a build that hangs or explodes fails the test instead of stalling CI.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sitegen.cli import main

YAML_PIECES = ["title: ", "date: ", "2016-01-20", "2016-13-45", "tags: ", "[", "]", "{", "}",
               ", ", "- ", "\n", "\n  ", ": ", "&a ", "*a", "<<: ", "!!str ", "!!int ", "!!binary ",
               "!!python/object ", "? ", "'", '"', "#", "kommun: ", "Åmål", "Ale", "cta: ",
               "url: ", "javascript:x", "//evil.example/", "contact: ", "people: ", "~", "yes",
               "0303-330000", "\t", "\x00", "\x1b", "\u2028", "\ufeff", "𝔘", "\U0010fffd", " "]  # fmt: skip
BODY_PIECES = ["# ", "## ", "- ", "> ", "    ", "* ", "1. ", "[x](", ")", "](b.md#k)", "![a](",
               "<script>", "</div>", "<h2 id=x>", "&", "&amp;", "*", "_", "`", "```\n", "|a|b|\n",
               "|-|-|\n", "[^1]", "[^1]: n\n", "\n", "\n\n", "Å", "ö", "\r",
               "\u200b", "🙂", "\U0001f600", "x" * 300, "<!--", "-->", "<b>", "</b>", "<", ">", '"', "'",
               "{#id}", "\\", "&#0;", "&#xD800;", "&nbsp", "\U000e0001", "\U0010fffd"]  # fmt: skip

_pieces = st.lists(st.sampled_from(YAML_PIECES), max_size=25).map("".join)
# Half of them start valid, so that the random rest reaches validation and the build.
front_matter = _pieces | _pieces.map(lambda rest: "title: Å\ndate: 2016-01-20\n" + rest.lstrip("\n"))
# Text of every plane but controls (a control character is an error, tested on its own).
_text = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20)
bodies = st.lists(st.sampled_from(BODY_PIECES) | _text, max_size=40).map("".join)


class _Parser(HTMLParser):
    """Parses a page; `broken` holds what the parser could not take."""

    def __init__(self) -> None:
        super().__init__()
        self.broken: list[str] = []

    def error(self, message: str) -> None:  # pragma: no cover (older Pythons only)
        self.broken.append(message)


def _well_formed(output: Path) -> None:
    for page in output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!doctype html>") and text.rstrip().endswith("</html>"), page
        parser = _Parser()
        parser.feed(text)
        parser.close()
        assert not parser.broken, page
    for name in ("feed.xml", "sitemap.xml"):
        ET.parse(output / name)  # raises on anything but well-formed XML


@settings(max_examples=100, deadline=timedelta(seconds=30),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(fields=front_matter, body=bodies, other=bodies)
def test_any_input_builds_or_fails_with_our_errors(tmp_path_factory, fields: str, body: str, other: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fuzz")
    root = folder / "site"
    (root / "content").mkdir(parents=True)
    (root / "config.yaml").write_text("title: Fuzz\n", encoding="utf-8")
    (root / "content" / "a.md").write_text(f"---\n{fields}\n---\n{body}\n", encoding="utf-8", errors="surrogatepass")
    (root / "content" / "b.md").write_text(f"---\ntitle: B\ndate: 2016-01-21\n---\n{other}\n", encoding="utf-8")
    (root / "content" / "c.md").write_text(f"---\ntitle: C\ndate: 2016-01-22\ntags: [Å]\n---\n{body}{other}\n", encoding="utf-8")
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    after = {p.relative_to(folder) for p in folder.rglob("*")}
    written = {p for p in after - set(before) if p.parts[:2] not in (("site", "public"), ("site", ".sitegen-cache"))}
    assert written == set() or all(p.parts[:2] == ("site", "public") for p in written), written
    event(f"exit status {result.exit_code}")
    if result.exit_code == 1:
        assert re.search(r"^content/[abc]\.md:\d+(:\d+)?: error: ", result.output, re.M), result.output
        assert not (root / "public").exists()  # a failed first build writes no output
        return
    _well_formed(root / "public")
    again = CliRunner().invoke(main, ["build", "--root", str(root), "--jobs", "1"])
    assert again.exit_code == 0 and "0 written" in again.output  # and the cache agrees
