"""Issue 13, case 3: a build killed at any moment never leaves a mixed site.

`sitegen build` runs in a child process on a site of 150 articles and is killed with
SIGKILL, after random delays (seeded) and at the swap's exact steps; the output folder must
then be byte for byte the previous complete site or the next one (or, between the two
renames of the swap where folders cannot be exchanged, absent until the next build puts the
previous one back), and the next build must equal a cold build and leave nothing beside the
output.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import NOW, article

from sitegen.build import BuildOptions, build
from sitegen.output.spare import OutputEntry
from sitegen.output.write import MARKER, Output, UnsafeOutput, _link_all, recover

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and lockf are POSIX")

_ARTICLES = 150
_KILLS = 12
_ENV = {**os.environ, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (relative path → bytes); empty when there is no folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def beside(output: Path) -> list[str]:
    """What sits next to `output` other than itself and one spare tree (the previous site,
    kept for the next build): leftovers of a build."""
    names = sorted(p.name for p in output.parent.iterdir() if p.name != output.name)
    spares = [name for name in names if name.startswith(f".{output.name}.spare-")]
    return [name for name in names if name not in spares[:1]]


def write_site(root: Path, description: str, edited: int) -> None:
    """The site in one of its states: the config's description, and which article (if any,
    -1 for none) has an edited body."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(f"title: Test\nper_page: 10\ndescription: {description}\n",
                                      encoding="utf-8")  # fmt: skip
    for n in range(_ARTICLES):
        body = f"Brödtext {n}." + (" Ändrad." if n == edited else "")
        text = article(f"Artikel {n}", f"2016-{n % 12 + 1:02}-{n % 28 + 1:02}", body,
                       tags=f"[t{n % 7}, u{n % 3}]")  # fmt: skip
        path = root / "content" / f"a{n:03}.md"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def start_build(root: Path, output: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from sitegen.cli import main; main()",
               "build", "--root", str(root), "-o", str(output), "--quiet", "--jobs", "2"]  # fmt: skip
    # A session of its own: its worker processes, orphaned by the kill, can be ended too.
    return subprocess.Popen(command, env=_ENV, stdout=subprocess.DEVNULL, start_new_session=True)


def kill(child: subprocess.Popen[bytes]) -> None:
    """SIGKILL the build, then the worker processes it leaves (they would idle on)."""
    child.send_signal(signal.SIGKILL)
    child.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)


def test_a_killed_build_leaves_the_previous_or_the_next_site(tmp_path: Path) -> None:
    rng = random.Random(13)
    root, output = tmp_path / "site", tmp_path / "out" / "public"
    cold: dict[tuple[str, int], dict[str, bytes]] = {}

    def expected(state: tuple[str, int]) -> dict[str, bytes]:
        if state not in cold:
            reference = tmp_path / "cold" / f"{len(cold)}"
            write_site(tmp_path / "cold-site", *state)
            build(BuildOptions(root=tmp_path / "cold-site", now=NOW, output=reference,
                               use_cache=False))  # fmt: skip
            cold[state] = tree(reference)
        return cold[state]

    state = ("Första", -1)
    write_site(root, *state)
    started = time.perf_counter()
    assert start_build(root, output).wait() == 0
    took = time.perf_counter() - started
    assert tree(output) == expected(state)

    seen = {"previous": 0, "next": 0, "absent": 0}
    for n in range(_KILLS):
        kind = ("full", "edit", "config")[n % 3]
        if kind == "full":  # no cache: the whole site written into a new tree
            shutil.rmtree(root / ".sitegen-cache", ignore_errors=True)
        elif kind == "edit":
            state = (state[0], rng.randrange(_ARTICLES))
        else:
            state = ("Andra" if state[0] == "Första" else "Första", state[1])
        previous = tree(output)
        write_site(root, *state)
        following = expected(state)
        child = start_build(root, output)
        time.sleep(rng.uniform(0.1, 1.1) * took)
        kill(child)
        found = tree(output)
        if not output.exists():
            seen["absent"] += 1
            recover(output)  # what the next build does first
            found = tree(output)
            assert found == previous
        elif found == previous:
            seen["previous"] += 1
        else:
            assert found == following, f"kill {n} ({kind}) left a mixed site"
            seen["next"] += 1
        assert start_build(root, output).wait() == 0
        assert tree(output) == following, f"the build after kill {n} ({kind})"
        assert beside(output) == [], f"leftovers after kill {n} ({kind})"
    # The delays reach both sides of the swap, so both outcomes are checked.
    print(f"{_KILLS} kills: {seen}")
    assert seen["previous"] and seen["next"], seen


# The swap's steps in `Output._swap`, and a kill after so many: (how the swap is made, how
# many steps, what the output must then hold). "renames" is the fallback where folders
# cannot be exchanged: its two calls of os.replace are the build's first.
_STEPS = [
    pytest.param("exchange", 0, "previous", id="exchange-before"),
    pytest.param("exchange", 1, "next", id="exchange-after"),
    pytest.param("renames", 0, "previous", id="renames-before"),
    pytest.param("renames", 1, "absent", id="renames-between"),
    pytest.param("renames", 2, "next", id="renames-after"),
]

_KILL_AT = """
import os, signal, sys
import sitegen.output.write as write
how, at, count = sys.argv[1], int(sys.argv[2]), [0]
def step(then):
    if count[0] == at:
        os.kill(os.getpid(), signal.SIGKILL)
    done = then()
    count[0] += 1
    if count[0] == at:
        os.kill(os.getpid(), signal.SIGKILL)
    return done
if how == "renames":
    write._exchange = lambda first, second: False
    real_replace = os.replace
    os.replace = lambda source, target: step(lambda: real_replace(source, target))
else:
    real_exchange = write._exchange
    write._exchange = lambda first, second: step(lambda: real_exchange(first, second))
sys.argv[1:3] = []
from sitegen.cli import main
main()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
@pytest.mark.parametrize(("how", "step", "left"), _STEPS)
def test_a_kill_at_each_step_of_the_swap_is_repaired(tmp_path: Path, how: str, step: int, left: str) -> None:  # fmt: skip
    root, output = tmp_path / "site", tmp_path / "out" / "public"
    write_site(root, "Första", -1)
    build(BuildOptions(root=root, now=NOW, output=output))
    previous = tree(output)
    write_site(root, "Andra", 5)
    reference = tmp_path / "cold"
    build(BuildOptions(root=root, now=NOW, output=reference, use_cache=False))
    following = tree(reference)

    command = [sys.executable, "-c", _KILL_AT, how, str(step), "build", "--root", str(root),
               "-o", str(output), "--quiet", "--jobs", "1"]  # fmt: skip
    assert subprocess.run(command, env=_ENV, check=False).returncode == -signal.SIGKILL
    assert {"previous": previous, "absent": {}, "next": following}[left] == tree(output)
    assert beside(output), "the killed build left its folders"

    build(BuildOptions(root=root, now=NOW, output=output))
    assert tree(output) == following
    assert beside(output) == []


def test_recover_removes_only_the_leftovers_of_this_output(tmp_path: Path) -> None:
    """Folders of another output, or named alike by someone else, or held by a running
    build, stay; an absent output gets the site it replaced back."""
    output = tmp_path / "public"
    old = tmp_path / ".public.old-abcd1234"
    (old / "public").mkdir(parents=True)
    (old / "public" / MARKER).write_text("")
    (old / "public" / "index.html").write_text("förra")
    keep = [".public.new-x", ".public.newer-abcd1234", ".www.new-abcd1234", "public.new-abcd1234"]
    for name in keep:
        (tmp_path / name).mkdir()
    (tmp_path / ".public.new-abcd1234").mkdir()
    # A build in progress, in another process (the locks are a process's own), holds its
    # staging folder until it ends.
    running = subprocess.Popen(
        [sys.executable, "-c", _RUNNING, str(output)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert running.stdout is not None and running.stdin is not None
    staging = running.stdout.readline().strip()

    recover(output)

    assert (output / "index.html").read_text() == "förra"
    assert beside(output) == sorted([*keep, staging])
    running.communicate("")
    recover(output)
    assert beside(output) == sorted(keep)


_RUNNING = """
import sys
from pathlib import Path
from sitegen.output.write import Output
output = Output(Path(sys.argv[1]), None)
print(output.staging.name, flush=True)
sys.stdin.read()
"""


def test_kept_files_are_copied_where_hard_links_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A file system without hard links: the kept files are copied with their times."""
    output = tmp_path / "public"
    first = Output(output, None)
    first.write("a/b.html", "k1", b"one")
    first.write("c.html", "k2", b"two")
    first.commit()
    before = {r: e for r, e in first.entries.items()}

    def refuse(source: str, target: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    second = Output(output, before)
    assert second.unchanged("a/b.html", "k1")
    second.write("c.html", "k3", b"three")
    stats = second.commit()
    assert (stats.written, stats.unchanged) == (1, 1)
    assert tree(output) == {MARKER: tree(output)[MARKER], "a/b.html": b"one", "c.html": b"three"}
    kept: OutputEntry = second.entries["a/b.html"]
    assert (output / "a/b.html").stat().st_mtime_ns == kept.mtime_ns
    assert beside(output) == []


def test_an_incremental_build_links_the_unchanged_files_into_the_new_tree(tmp_path: Path) -> None:
    """The swapped-in tree holds the unchanged files themselves (same inode, same time),
    and only the changed ones are new."""
    root, output = tmp_path / "site", tmp_path / "out" / "public"
    write_site(root, "Första", -1)
    build(BuildOptions(root=root, now=NOW, output=output))
    before = {path: path.stat() for path in output.rglob("*") if path.is_file() and path.name != MARKER}
    write_site(root, "Första", 2)
    report = build(BuildOptions(root=root, now=NOW, output=output))
    assert report.written.written >= 1
    after = {path: path.stat() for path in output.rglob("*") if path.is_file() and path.name != MARKER}
    assert after.keys() == before.keys()
    same = [p for p in after if (after[p].st_ino, after[p].st_mtime_ns)
            == (before[p].st_ino, before[p].st_mtime_ns)]  # fmt: skip
    assert len(same) == len(after) - report.written.written
    assert beside(output) == []


def test_linking_the_kept_files_makes_their_folders_and_refuses_paths_outside(tmp_path: Path) -> None:
    """`_link_all` (every file of the site, in the first build after a cold one) makes
    each folder, deep ones below folders that exist already included, links each file
    to the same inode, and refuses a path from a forged cache before linking anything."""
    source, target = tmp_path / "public", tmp_path / "new"
    files = ["index.html", "a/index.html", "a/b/c/index.html", "a-b/x.css", "d/e/f.txt"]
    for relative in files:
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_text(relative)
    (target / "a").mkdir(parents=True)  # made before, as by the pages this build wrote
    _link_all(source, target, files)
    for relative in files:
        assert (target / relative).stat().st_ino == (source / relative).stat().st_ino
    for forged in ("../outside.html", "a/../../x", "/etc/x", "a/./b.html"):
        elsewhere = tmp_path / "again"
        with pytest.raises(UnsafeOutput):
            _link_all(source, elsewhere, ["index.html", forged])
        assert not elsewhere.exists()
