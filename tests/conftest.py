"""Shared fixtures: a fixed `now`, tiny sites written into tmp_path, and parsed output."""

from __future__ import annotations

import errno
import os
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.build import BuildOptions, BuildReport, build

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
TEST_SITE = Path(__file__).parent / "site"
REPO = Path(__file__).parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/ from the test site's current output.")  # fmt: skip


def article(title: str, date: str = "2016-01-20", body: str = "Brödtext.", **fields: str) -> str:
    """The text of a Markdown article; extra fields are YAML lines as given."""
    lines = [f"title: {title}", f"date: {date}"] + [f"{k}: {v}" for k, v in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Write a site root: config.yaml plus content files given as {relative path: text}."""

    def make(
        files: dict[str, str], config: str = "title: Test\nper_page: 10\n", folder: Path | None = None
    ) -> Path:
        root = folder or tmp_path / "site"
        (root / "content").mkdir(parents=True, exist_ok=True)
        (root / "config.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
        for name, text in files.items():
            path = root / "content" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def run_build(tmp_path: Path) -> Callable[..., BuildReport]:
    def run(root: Path, **options: object) -> BuildReport:
        options.setdefault("output", tmp_path / "public")
        return build(BuildOptions(root=root, now=NOW, **options))  # type: ignore[arg-type]

    return run


@pytest.fixture
def fork_fails_after_one(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """`os.fork` forks one process, then fails as on a system with no room for another
    (EAGAIN, a CI runner's process limit). Returns the list of forks made (one item each)."""
    forked: list[int] = []
    fork = os.fork

    def fork_once() -> int:
        if forked:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        forked.append(1)
        return fork()

    monkeypatch.setattr(os, "fork", fork_once)
    return forked


def told(root: Path, *args: str, command: str = "build", kind: str = "error") -> tuple[int, list[str]]:
    """Run `sitegen COMMAND --root ROOT ARGS…` as a user does: its exit status, and the
    lines it told of `kind` (error or warning), in order."""
    from click.testing import CliRunner

    from sitegen.cli import main

    result = CliRunner().invoke(main, [command, "--root", str(root), *args])
    return result.exit_code, [line for line in result.output.splitlines() if f": {kind}: " in line]


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def built_test_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/site built once, for tests that only read its output."""
    output = tmp_path_factory.mktemp("test-site") / "public"
    build(BuildOptions(root=TEST_SITE, now=NOW, output=output, use_cache=False))
    return output
