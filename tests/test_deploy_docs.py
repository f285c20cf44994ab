"""docs/deploy.md's recipes work: each is parsed as its CI reads it, and its build commands
run in a fresh clone of this repository, twice, the second time through the kept cache.

Commands that install from the network (`python -m pip install .`) are replaced by this
test's own virtual environment: its `bin/` comes first on PATH, so `python` and `sitegen`
are the ones pytest runs with (sitegen installed from this checkout), and the install step
itself is left out. Everything else runs as written, with bash, in the clone.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

DOC = REPO / "docs" / "deploy.md"
INSTALL = "python -m pip install ."


def recipe(name: str) -> str:
    """The fenced block after `<!-- recipe: name -->`."""
    found = re.search(rf"<!-- recipe: {name} -->\n```\w+\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S)
    assert found, f"no recipe {name!r} in docs/deploy.md"
    return found.group(1)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository (its committed state, as CI checks it out)."""
    folder = tmp_path_factory.mktemp("deploy") / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(folder)], check=True)
    return folder


def run(commands: list[str], clone: Path, env: dict[str, str] | None = None) -> str:
    """Run the recipe's commands in the clone (the network install left out); its output."""
    script = "\n".join(["set -euo pipefail", *[c for c in commands if c.strip() != INSTALL]])
    environment = {**os.environ, "CI": "true", **(env or {})}
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"
    environment.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(["bash", "-c", script], cwd=clone, env=environment,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def built(clone: Path, publish: str, output: str, base: str) -> None:
    """The publish folder holds the site, under `base`, and the report says what it wrote."""
    site = clone / publish
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}">' in home
    assert (site / "404.html").is_file() and (site / "om-bilagan" / "index.html").is_file()
    report = json.loads((clone / "build-report.json").read_text(encoding="utf-8"))
    assert report["articles"] == 15 and "next_due" in report
    assert (clone / ".sitegen-cache" / "index.json").is_file()
    assert "from the cache" in output


def test_github_actions_recipe(clone: Path) -> None:
    workflow = yaml.safe_load(recipe("github-actions"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true, as PyYAML does
    assert triggers["schedule"][0]["cron"] and "push" in triggers
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == [".sitegen-cache", "public"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    commands = [s["run"] for s in steps if "run" in s]
    assert INSTALL in commands and any(c.startswith("sitegen build --strict") for c in commands)
    first = run(commands, clone)
    assert "(16 read, 0 from the cache)" in first
    second = run(commands, clone)  # the next run, with the cache restored
    built(clone, upload["with"]["path"], second, "https://socionom.example.se/")
    assert "(0 read, 16 from the cache)" in second


def test_gitlab_ci_recipe(clone: Path) -> None:
    job = yaml.safe_load(recipe("gitlab-ci"))["pages"]
    assert job["cache"]["paths"] == [".sitegen-cache/", "public/"]
    assert any("schedule" in rule["if"] for rule in job["rules"])
    commands = job["script"]
    pages_url = "https://redaktionen.gitlab.io/bilaga"
    output = run(commands, clone, {"CI_PAGES_URL": pages_url})
    [publish] = job["artifacts"]["paths"]
    built(clone, publish, output, pages_url + "/")


def test_netlify_recipe(clone: Path) -> None:
    config: dict[str, Any] = tomllib.loads(recipe("netlify"))
    [plugin] = config["plugins"]
    assert plugin["package"] == "netlify-plugin-cache" and plugin["inputs"]["paths"] == [".sitegen-cache", "public"]
    assert any(h["for"] == "/css/*" and "immutable" in h["values"]["Cache-Control"] for h in config["headers"])
    commands = [c.strip() for c in config["build"]["command"].split("&&")]
    output = run(commands, clone)
    built(clone, config["build"]["publish"], output, "https://socionom.example.se/")
    assert (clone / config["build"]["publish"] / "css").glob("site.*.css")


def test_build_py_without_the_dependencies_says_how_to_install_them() -> None:
    """`python -S`: no site-packages, so none of sitegen's dependencies, as on a machine with
    only Python; sitegen itself is found beside build.py."""
    done = subprocess.run([sys.executable, "-S", "build.py"], cwd=REPO, capture_output=True,
                          text=True, timeout=60, env={"PATH": os.environ["PATH"]})  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr  # one line
    assert "python -m pip install ." in done.stderr and "Traceback" not in done.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "`python build.py`" in readme and "without them it says so in one line" in readme
