"""Generated corpora. ~150 articles with tag variants, drafts and future dates: every archive
lists every article that belongs to it exactly once, in order. And the benchmark's corpus
(bench/corpus.py): its bodies hold what editors write, and sitegen builds it cleanly."""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import NOW, REPO, parse
from PIL import Image

from sitegen.build import BuildOptions, build
from sitegen.urls import slugify

TAGS = ["Socialförvaltning", "socialförvaltning", "SOCIALFÖRVALTNING", "Socialfo\u0308rvaltning",
        "Barn och unga", "barn och unga", "Missbruk & beroende", "Arbetsmiljö", "Introduktion",
        "Ekonomiskt bistånd", "Äldreomsorg", "Öppenvård"]  # fmt: skip
KOMMUNER = ["Ale", "Åmål", "Östhammar", "Borås", "Malmö", "Uppsala", "Östra Göteborg"]


def write_corpus(root: Path, seed: int, count: int = 150) -> dict[str, dict[str, object]]:
    rng = random.Random(seed)
    (root / "content").mkdir(parents=True)
    (root / "config.yaml").write_text("title: Korpus\nper_page: 7\n", encoding="utf-8")
    expected = {}
    for i in range(count):
        year, month, day = rng.randint(2015, 2027), rng.randint(1, 12), rng.randint(1, 28)
        title = f"Artikel {rng.choice('ABCÅÄÖZ')}{i:03d}"
        tags = rng.sample(TAGS, rng.randint(0, 4))
        draft = rng.random() < 0.1
        text = (f"---\ntitle: {title}\ndate: {year}-{month:02d}-{day:02d}\n"
                f"kommun: {rng.choice(KOMMUNER)}\ntags: [{', '.join(tags)}]\n"
                f"draft: {'true' if draft else 'false'}\n---\nText {i}.\n")  # fmt: skip
        (root / "content" / f"{i:03d}.md").write_text(text, encoding="utf-8")
        published = (year, month, day) <= (NOW.year, NOW.month, NOW.day)
        if published and not draft:
            expected[f"/{year}/{month:02d}/{slugify(title)}/"] = {
                "tags": {slugify(t) for t in tags}, "date": (year, month, day),
            }  # fmt: skip
    return expected


def archive(output: Path, root: str) -> list[str]:
    """Every entry link across all pages of an archive, following rel=next."""
    links, page = [], output / root.strip("/") / "index.html"
    while True:
        soup = parse(page)
        links += [a["href"] for a in soup.select("article.entry h2 a")]
        following = soup.find("link", rel="next")
        if following is None:
            return links
        page = output / following["href"].strip("/") / "index.html"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_archive_lists_each_article_exactly_once(tmp_path: Path, seed: int) -> None:
    expected = write_corpus(tmp_path / "site", seed)
    output = tmp_path / "public"
    build(BuildOptions(root=tmp_path / "site", now=NOW, output=output))

    home = archive(output, "/")
    assert sorted(home) == sorted(expected)
    dates = [expected[url]["date"] for url in home]
    assert dates == sorted(dates, reverse=True)

    by_tag: dict[str, set[str]] = defaultdict(set)
    for url, info in expected.items():
        for tag in info["tags"]:  # type: ignore[attr-defined]
            by_tag[tag].add(url)
    tag_dirs = {p.name for p in (output / "etikett").iterdir() if p.is_dir()}
    assert tag_dirs == set(by_tag)
    for tag, urls in by_tag.items():
        listed = archive(output, f"/etikett/{tag}/")
        assert len(listed) == len(set(listed)), f"{tag}: an article is listed twice"
        assert set(listed) == urls, tag
    variants = parse(output / "etikett" / "index.html").select("ul.term-list a")
    names = [a.get_text() for a in variants]
    spellings = [n for n in names if re.fullmatch("(?i)socialf.rvaltning", n)]
    assert len(spellings) == (1 if "socialforvaltning" in by_tag else 0)


# -- the benchmark's corpus (bench/corpus.py) ----------------------------------------------

sys.path.insert(0, str(REPO / "bench"))
import corpus as bench_corpus  # noqa: E402

BENCH_N = 200  # enough for every kind of content at seed 1 (the rarest, footnotes, is 3%)


@pytest.fixture(scope="module")
def bench_articles() -> list[bench_corpus.Article]:
    return bench_corpus.generate(BENCH_N, seed=1)


def test_bench_corpus_is_deterministic_and_a_prefix_of_a_larger_one(
    bench_articles: list[bench_corpus.Article],
) -> None:
    again = bench_corpus.generate(BENCH_N, seed=1)
    assert [a.body for a in again] == [a.body for a in bench_articles]
    assert [a.photos for a in again] == [a.photos for a in bench_articles]
    smaller = bench_corpus.generate(50, seed=1)
    assert [a.body for a in smaller] == [a.body for a in bench_articles[:50]]
    assert bench_corpus.generate(50, seed=2)[0].body != smaller[0].body


def test_bench_bodies_hold_every_kind_of_content_in_proportions_like_the_seeds(
    bench_articles: list[bench_corpus.Article],
) -> None:
    mix = bench_corpus.content_mix(bench_articles)
    shares = mix["articles with"]
    assert set(shares) >= {
        "photo", "two photos", "block quote", "list", "nested list", "numbered list",
        "å ä ö in a link's text and address", "& in the text", "link to another article's .md",
        "two subheadings alike", "table", "footnote",
    }  # fmt: skip
    assert all(share > 0 for share in shares.values()), shares
    assert 0.2 < shares["photo"] < 0.4
    assert shares["footnote"] < shares["table"] < shares["list"] < shares["photo"]
    # The seeds: about a third of the blocks are "– " quotes, one in seven a subheading.
    assert 0.28 < mix["block shares"]["– quote"] < 0.45
    assert 0.1 < mix["block shares"]["## subheading"] < 0.2
    words = sum(a.words for a in bench_articles) / len(bench_articles)
    assert 700 < words < 950


def test_bench_corpus_builds_cleanly_with_everything_in_its_place(tmp_path: Path) -> None:
    root, output = tmp_path / "site", tmp_path / "public"
    articles = bench_corpus.write(BENCH_N, root, seed=1)
    photos = [p for a in articles for p in a.photos]
    assert photos
    for photo in photos:  # small real JPEGs, where the bodies point
        path = root / "content" / photo.path
        assert path.stat().st_size < 20_000
        with Image.open(path) as image:
            assert image.format == "JPEG" and image.size == (240, 160)
    for a in articles:
        for target in re.findall(r"\]\(\.\./(\d{4}/[^)]+\.md)\)", a.body):
            assert (root / "content" / target).is_file(), (a.path, target)

    report = build(BuildOptions(root=root, now=NOW, output=output))
    assert report.warnings == []
    counts = bench_corpus.expected_pages(articles)
    assert sum(1 for _ in output.rglob("index.html")) == counts["sitegen total"]
    found = defaultdict(int)
    for a in articles:
        soup = parse(output / a.url.strip("/") / "index.html")
        content = soup.select_one("main") or soup
        # The body's photos (content/bilder/), shown as their resized variants.
        found["img"] += len([i for i in content.select(".body picture img[src^='/img/']")
                             if (output / i["src"].lstrip("/")).is_file()])  # fmt: skip
        found["table"] += len(content.select("table"))
        found["blockquote"] += len(content.select("blockquote"))
        found["nested list"] += len(content.select("li > ul"))
        found["footnote"] += len(content.select("sup[id^='fnref'], div.footnote"))
        found["article link"] += len([x for x in content.select("a[href]")
                                      if re.fullmatch(r"/\d{4}/\d\d/[a-z0-9-]+/", x["href"])
                                      and "Läs också" in x.parent.get_text()])  # fmt: skip
        assert not content.select("a[href$='.md']"), a.path
        ids = [h["id"] for h in content.select("h2[id]")]
        assert len(ids) == len(set(ids)), a.path
    assert all(found[k] for k in ("img", "table", "blockquote", "nested list", "footnote",
                                  "article link")), dict(found)  # fmt: skip


def test_bench_corpus_other_formats_carry_the_photos_and_links(tmp_path: Path) -> None:
    articles = bench_corpus.generate(60, seed=1)
    bench_corpus.write(60, tmp_path / "hugo", fmt="hugo", articles=articles)
    bench_corpus.write(60, tmp_path / "pelican", fmt="pelican", articles=articles)
    for a in articles:
        for photo in a.photos:
            assert (tmp_path / "hugo" / "static" / photo.path).is_file()
            assert (tmp_path / "pelican" / "content" / photo.path).is_file()
    linked = [a for a in articles if ".md)" in a.body]
    assert linked
    text = (tmp_path / "pelican" / "content" / linked[0].path).read_text(encoding="utf-8")
    assert "]({filename}/" in text and "](../" not in text


def test_bench_run_reads_the_build_summary_and_stops_in_one_line_on_a_rejected_engine() -> None:
    import run as bench_run

    said = "Built 5000 articles into /tmp/out in 29.69 s: 9157 written, 0 unchanged, 0 removed"
    assert bench_run._summary(f"progress\n{said}\n") == said
    assert bench_run._counts(said) == "9,157 written, 0 unchanged"
    told = "Built 5000 articles (12 read, 4988 from the cache) in 1.2 s: 7 written, 9150 unchanged"
    assert bench_run._counts(told) == "12 read, 4,988 from the cache, 7 written, 9,150 unchanged"

    error = "config.yaml:13:1: error: markdown: unknown setting"
    rejects = [
        sys.executable,
        "-c",
        f"import sys; sys.exit(print({error!r}, file=sys.stderr) or 1)",
    ]
    tool = bench_run.Tool("sitegen", "0.1.0", rejects)
    bench_run.check_engines(tool, ["python-markdown"])  # the default is never checked
    with pytest.raises(SystemExit) as stopped:
        bench_run.check_engines(tool, ["python-markdown", "commonmark"])
    message = str(stopped.value.code)
    assert "\n" not in message and error in message and "--engines python-markdown" in message


def test_bench_floor_runs_every_stage_on_the_corpus(tmp_path: Path) -> None:
    """bench/floor.py, the least a Python build could take: every article and archive page
    written, and the photos' variants made by sitegen's own `make_variants`."""
    import subprocess

    articles = bench_corpus.write(30, tmp_path / "site", seed=1)
    photos = sum(len(a.photos) for a in articles)
    ran = subprocess.run([sys.executable, str(REPO / "bench" / "floor.py"), str(tmp_path / "site"), "--jobs", "2"],
                         capture_output=True, text=True, check=True)  # fmt: skip
    lines = ran.stdout.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["articles", "archives", "variants"]
    counts = re.match(r"(\d+) articles, (\d+) archives, (\d+) photos \((\d+) variants\)", lines[3])
    assert counts is not None, ran.stdout
    assert int(counts[1]) == 30 and int(counts[2]) > 1
    assert photos > 0 and int(counts[3]) >= photos and int(counts[4]) >= 2 * photos  # a WebP and a JPEG at least
