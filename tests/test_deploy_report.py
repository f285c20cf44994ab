"""`--report FILE`, scheduled publishing and SOURCE_DATE_EPOCH, through the command line."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import article

from sitegen.cli import _local, main
from sitegen.output.report import address

BASE = "https://example.se/bilaga/"
CONFIG = f"title: Bilagan\nbase_url: {BASE}\nper_page: 10\n"
EPOCH_2026 = int(datetime(2026, 1, 1, 12, tzinfo=UTC).timestamp())


def _build(root: Path, out: Path, report: Path, epoch: int = EPOCH_2026) -> tuple[dict[str, Any], str]:
    """Build with `--report`; (the report, the last line printed)."""
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-o", str(out), "--report", str(report), "--jobs", "1"],
        env={"SOURCE_DATE_EPOCH": str(epoch)},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(report.read_text(encoding="utf-8")), result.output.strip().splitlines()[-1]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".sitegen-built"}  # fmt: skip


def _site(make_site: Any) -> Path:
    root: Path = make_site({
        "2016/ale.md": article("Ale", "2016-01-20", "Text.", kommun="Ale", tags="[A, B]"),
        "2016/amal.md": article("Åmål", "2016-01-10", "Text.", kommun="Åmål", tags="[A]"),
        "2016/boras.md": article("Borås", "2016-01-05", "Text.", kommun="Borås", tags="[C]"),
    }, CONFIG)  # fmt: skip
    return root


def test_the_report_lists_exactly_the_urls_whose_bytes_changed(make_site: Any, tmp_path: Path) -> None:
    root, out, report = _site(make_site), tmp_path / "out", tmp_path / "report.json"
    first, _ = _build(root, out, report)
    assert first["written"] == len(_tree(out)) and first["unchanged"] == 0 and first["removed"] == 0
    assert sorted(first["changed_urls"]) == sorted(address(p, BASE) for p in _tree(out))
    before = _tree(out)
    (root / "content/2016/amal.md").write_text(article("Åmål", "2016-01-10", "Ny text.", kommun="Åmål", tags="[A]"))
    second, _ = _build(root, out, report)
    after = _tree(out)
    differing = sorted(p for p in after if before.get(p) != after[p])
    assert second["changed_urls"] == sorted(address(p, BASE) for p in differing)
    assert second["changed_urls"] == [
        f"{BASE}2016/01/amal/", f"{BASE}etikett/a/feed.xml", f"{BASE}feed.xml",
        f"{BASE}kommun/amal/feed.xml",
    ]  # fmt: skip
    assert second["written"] == 4 and second["unchanged"] == len(after) - 4
    assert second["removed"] == 0 and second["removed_urls"] == []
    (root / "content/2016/boras.md").unlink()
    third, _ = _build(root, out, report)
    assert f"{BASE}2016/01/boras/" in third["removed_urls"]
    assert f"{BASE}kommun/boras/feed.xml" in third["removed_urls"]
    assert third["removed"] == len(third["removed_urls"]) == len(set(before) - set(_tree(out)))
    nothing, line = _build(root, out, report)
    assert nothing["written"] == 0 and nothing["changed_urls"] == [] and nothing["removed_urls"] == []
    assert "0 written" in line


def test_a_future_article_appears_once_now_passes_its_date(make_site: Any, tmp_path: Path) -> None:
    root = _site(make_site)
    (root / "content/2026").mkdir()
    (root / "content/2026/kungsbacka.md").write_text(
        article("Kungsbacka", "2026-03-02T09:30:00+01:00", "Text.", kommun="Kungsbacka", tags="[A]")
    )
    (root / "content/2026/utkast.md").write_text(article("Utkast", "2026-02-01", draft="true"))
    out, report = tmp_path / "out", tmp_path / "report.json"
    before, line = _build(root, out, report)
    assert before["next_due"] == "2026-03-02T09:30:00+01:00"  # the draft's date is not due
    assert line.endswith("; next scheduled article due 2026-03-02T09:30:00+01:00")
    assert not (out / "2026").exists()
    assert "kungsbacka" not in (out / "feed.xml").read_text() + (out / "sitemap.xml").read_text()
    again, line = _build(root, out, report)  # nothing changed: still told
    assert again["written"] == 0 and again["next_due"] == "2026-03-02T09:30:00+01:00"
    assert line.endswith("; next scheduled article due 2026-03-02T09:30:00+01:00")
    due = int(datetime(2026, 3, 2, 8, 30, tzinfo=UTC).timestamp())
    after, line = _build(root, out, report, epoch=due)
    assert after["next_due"] is None and line.endswith("; no scheduled articles")
    url = f"{BASE}2026/03/kungsbacka/"
    assert url in after["changed_urls"] and (out / "2026/03/kungsbacka/index.html").is_file()
    assert f"<id>{url}</id>" in (out / "feed.xml").read_text()
    assert f"<loc>{url}</loc>" in (out / "sitemap.xml").read_text()
    assert f"<id>{url}</id>" in (out / "etikett/a/feed.xml").read_text()


def test_two_builds_with_one_source_date_epoch_are_byte_identical(make_site: Any, tmp_path: Path) -> None:
    root = _site(make_site)
    (root / "content/2026").mkdir()
    (root / "content/2026/senare.md").write_text(article("Senare", "2026-06-01", tags="[A]"))
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    _build(root, tmp_path / "one", tmp_path / "one.json")
    _build(copy, tmp_path / "two", tmp_path / "two.json")  # another folder, its own cache
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()
    shutil.rmtree(tmp_path / "two")
    _build(copy, tmp_path / "two", tmp_path / "two.json")  # through the cache this time
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")


def test_a_report_into_a_folder_that_does_not_exist_is_a_usage_error(make_site: Any, tmp_path: Path) -> None:
    root = make_site({"a.md": article("Ale")})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "out"),
                                       "--report", str(tmp_path / "nowhere" / "report.json")])  # fmt: skip
    assert result.exit_code == 2 and "--report" in result.output and "does not exist" in result.output
    assert not (tmp_path / "out").exists()  # told before anything is built


def test_q_is_quiet(make_site: Any, tmp_path: Path) -> None:
    root = make_site({"a.md": article("Ale")})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0 and result.output == ""


def test_a_build_with_the_preview_address_as_base_url_says_so(make_site: Any, tmp_path: Path) -> None:
    """Without base_url, the feed, sitemap and canonical links say http://localhost:8000/:
    the build says so (a note: sites are built with it for a preview too)."""
    root = make_site({"a.md": article("Ale")})
    runner, out = CliRunner(), ["-o", str(tmp_path / "out")]
    for _ in range(2):  # a real build, then one that finds nothing changed
        said = runner.invoke(main, ["build", "--root", str(root), *out]).output
        assert "note: base_url is http://localhost:8000/, a preview's address" in said
    said = runner.invoke(main, ["build", "--root", str(root), *out, "--base-url", "https://example.se/"]).output
    assert "note: base_url" not in said


@pytest.mark.parametrize("where", ["", "out", "out/r.json", "file/r.json", "out/new/r.json", "site/config.yaml",
                                   "site/content/r.json", "site/.sitegen-cache/index.json"])
def test_a_report_that_cannot_be_a_file_beside_the_output_is_a_usage_error(make_site: Any, tmp_path: Path, where: str) -> None:
    """Found by a helper session: `--report ''` built the site, then failed; a report in
    the output folder made every later build report it removed, and wrote it back."""
    root = make_site({"a.md": article("Ale")})
    assert root == tmp_path / "site"
    config = (root / "config.yaml").read_bytes()
    (tmp_path / "file").write_text("", encoding="utf-8")
    report = str(tmp_path / where) if where else ""
    (tmp_path / "out").mkdir()
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "out"), "--report", report])
    assert result.exit_code == 2 and "--report" in result.output, result.output
    assert not (tmp_path / "out" / "index.html").exists()  # told before anything is built
    if where.startswith("out/"):  # told where it is, not that a folder in the output is missing
        assert "is in the output folder" in result.output
    assert (root / "config.yaml").read_bytes() == config  # a report never overwrites the site's own files


@pytest.mark.parametrize(("address", "local"), [
    ("http://localhost:8000/", True), ("http://LOCALHOST/", True), ("http://127.1.2.3/", True),
    ("http://0.0.0.0:8000/", True), ("http://[::1]:8000/", True), ("http://site.localhost/", True),
    ("http://localhost.localdomain/", True), ("https://example.se/bilaga/", False),
    ("https://localhost-kommun.se/", False), ("http://10.0.0.5/", False),
])  # fmt: skip
def test_what_counts_as_a_preview_address(address: str, local: bool) -> None:
    assert _local(address) is local


def test_a_failed_build_leaves_no_report_of_an_earlier_one(make_site: Any, tmp_path: Path) -> None:
    """A purge step that runs whatever happened (`if: always()`) must not act on the last
    run's report: the build removes the report file before it starts."""
    root = make_site({"a.md": article("Ale", kommun="Malmo")})  # a warning: --strict fails
    report = tmp_path / "report.json"
    report.write_text('{"stale": 1}', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-o", str(tmp_path / "out"), "--strict",
                                       "--report", str(report)])  # fmt: skip
    assert result.exit_code == 1 and not report.exists()


def test_the_reports_addresses_are_escaped_on_a_host_as_browsers_look_it_up() -> None:
    """Found by a helper session: a base_url of other letters than ASCII came into the
    report as written (https://straße.se/bilagå/), where the feeds have its URI form."""
    from sitegen.output.report import address

    assert address("2016/01/ale/index.html", "https://straße.se/bilagå/") == "https://xn--strae-oqa.se/bilag%C3%A5/2016/01/ale/"
    assert address("bilder/50%.jpg", "https://x.se/") == "https://x.se/bilder/50%25.jpg"
