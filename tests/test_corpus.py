"""A generated corpus of ~150 articles with tag variants, drafts and future dates: every
archive lists every article that belongs to it exactly once, in order."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import NOW, parse

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
