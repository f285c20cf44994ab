"""The test site's rendered pages against tests/golden/; `pytest --update-golden` rewrites them.

Only pages (HTML and XML) are compared: the stylesheet changes too often to pin, and it is
copied byte for byte anyway. For the same reason a fingerprinted asset's name is compared without
its content hash (`site.7b058e493b.css` as `site.<hash>.css`): a change to the stylesheet alone
must not break the golden pages (tests/test_build.py checks the link reaches the file). Review a
golden diff like code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
FINGERPRINT = re.compile(r"(?<=\.)[0-9a-f]{10}(?=\.(?:css|js)\b)")


def pages(folder: Path) -> dict[str, str]:
    """Every page under `folder` by its path, fingerprints replaced by `<hash>`."""
    return {
        p.relative_to(folder).as_posix(): FINGERPRINT.sub("<hash>", p.read_text(encoding="utf-8"))
        for p in sorted(folder.rglob("*"))
        if p.suffix in {".html", ".xml"}
    }


def test_test_site_matches_golden(built_test_site: Path, request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in pages(built_test_site).items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
    expected, actual = pages(GOLDEN), pages(built_test_site)
    assert sorted(actual) == sorted(expected), "pages added or removed; see --update-golden"
    for name in expected:
        assert actual[name] == expected[name], f"{name} differs from tests/golden/{name}"
