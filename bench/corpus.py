"""A deterministic corpus of articles shaped like the supplement's, for benchmarking.

    python bench/corpus.py N OUT_DIR [--seed S] [--format sitegen|hugo|pelican]

writes N articles into OUT_DIR as a sitegen site root (config.yaml + content/{year}/{slug}.md),
or as an equivalent Hugo or Pelican site. The same N and seed give byte-identical files: all
randomness comes from one `random.Random(seed)`, nothing depends on hash randomisation, the
clock or the machine, and the word lists are fixed copies in bench/data/.

Each article has front matter like content/**/*.md (title, date, kommun, lead, caption,
photographer, 1–4 tags, cta, factbox, contact with people; some a kicker) and a body of
400–1200 words of Swedish words written the way the supplement's editors write: `## `
subheadings (now and then two with the same text), "– " quote paragraphs, and in some
articles a photo in the body (`![Alt](/bilder/…jpg)`, a small JPEG made with Pillow) with its
caption, a `> ` block quote, a list (some nested, indented by 4 spaces), a link whose text and
address have å ä ö, `&` in the text, a link to another article's `.md` file, a pipe table or a
footnote. bench/README.md gives the proportions. Titles are unique, so no two articles share
a URL. Tags are drawn Zipf-like from 60 names; kommun from Sweden's municipalities; dates
from 2015–2024.

The three formats hold the same articles and produce the same set of pages: one per article,
home and every tag and kommun archive paginated by 10 (page n ≥ 2 under …/sida/n/), and the
tag and kommun indexes. `expected_pages()` counts them.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import io
import itertools
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any
from urllib.parse import quote as quote_url

# Bump when the generated text or the manifest changes, so cached corpora (bench/.corpora/)
# are regenerated (4: the manifest counts the facet archives sitegen writes; 5: phone
# numbers have real area codes).
GENERATOR_VERSION = 5
PER_PAGE = 10
DATA = Path(__file__).resolve().parent / "data"
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2024, 12, 31)
SITE_TITLE = "Socionom i kommunen"
SITE_DESCRIPTION = (
    "Kommuner och stadsdelar presenterar sin socialtjänst för socionomer som söker jobb."
)
BASE_URL = "https://socionom.example.se/"
# Swedish area codes (without their 0) that take a six-digit number: Göteborg, Kungälv, ...
AREA_CODES = (31, 303, 300, 40, 13, 16, 18, 19, 21, 23, 26, 35, 36, 42, 44, 46, 54, 60, 63, 90,
              340, 322, 520, 532, 173, 498, 910, 920)  # fmt: skip

# By popularity: tag k (1-based) is drawn with weight 1/k.
TAGS = [
    "Socialförvaltning", "Barn och unga", "Rekrytering", "Introduktion", "Arbetsmiljö",
    "Samverkan", "Ekonomiskt bistånd", "Missbruk & beroende", "Äldreomsorg", "Öppenvård",
    "Ensamkommande", "Utbildning", "Karriärbyte", "Funktionshinder", "Familjehem",
    "Försörjningsstöd", "Våld i nära relationer", "Myndighetsutövning", "Mottagning", "Utredning",
    "Placering", "Hemtjänst", "Socialpsykiatri", "Boendestöd", "Skolkurator",
    "Kompetensutveckling", "Handledning", "Ledarskap", "Lön och förmåner", "Mentorskap",
    "Nyutexaminerad", "Digitalisering", "Integration", "Hemlöshet", "Kriminalvård",
    "Förebyggande arbete", "Föräldraskapsstöd", "Fältarbete", "Ungdomsmottagning", "Psykisk ohälsa",
    "Biståndshandläggning", "Särskilt boende", "Barnahus", "Skyddat boende", "Anhörigstöd",
    "Överförmyndare", "Flyktingmottagning", "Arbetsmarknad", "Friskvård", "Distansarbete",
    "Glesbygd", "Storstad", "Forskning", "Metodutveckling", "Kvalitetsarbete",
    "Jämställdhet", "Barnkonventionen", "Socionomprogrammet", "Praktik", "Sommarjobb",
]  # fmt: skip

FIRST_NAMES = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Emma", "Ingrid", "Malin",
    "Linnéa", "Åsa", "Sofia", "Annika", "Helena", "Johanna", "Ulla", "Camilla", "Therese", "Jenny",
    "Lars", "Mikael", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Thomas", "Jan",
    "Fredrik", "Daniel", "Magnus", "Mattias", "Björn", "Håkan", "Göran", "Jörgen", "Ahmed", "Ali",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist",
    "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist",
    "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg",
    "Wallin", "Engström", "Åberg", "Söderberg", "Ström", "Hedlund", "Öberg", "Blomqvist",
]  # fmt: skip
ROLES = [
    "socialsekreterare", "enhetschef", "verksamhetschef", "avdelningschef", "förvaltningschef",
    "biträdande enhetschef", "förste socialsekreterare", "utredare", "familjebehandlare",
    "biståndshandläggare", "processledare", "metodutvecklare", "socionom", "kurator",
    "rekryteringsansvarig", "HR-konsult", "kommunikatör", "handledare", "boendestödjare",
]  # fmt: skip
UNITS = [
    "Socialförvaltningen", "Individ- och familjeomsorgen", "Barn och unga", "Vuxenenheten",
    "Försörjningsstöd", "Mottagningsenheten", "Familjehemsenheten", "Socialpsykiatrin",
    "Äldreomsorgen", "Funktionsstöd", "Arbetsmarknadsenheten", "Öppenvården",
]  # fmt: skip
# What else a body may hold, and in what share of the articles (drawn once per article). The
# seeds (the scraped supplement) have photos in about one article in five, a pull quote or a
# list in one in fifteen; tables, footnotes and links to other articles are rarer there, but
# editors do write them and every Markdown engine must handle them.
FEATURES = {
    "photo": 0.30,  # one photo in the body (a second one in 1 of 6 of these), with a caption
    "blockquote": 0.10,  # a `> ` pull quote
    "list": 0.15,  # a list after a sentence ending in ':'; 1 in 3 nested, 1 in 4 numbered
    "local_link": 0.25,  # a link to the kommun's site with å ä ö in its text and address
    "ampersand": 0.15,  # "&" in a sentence (Missbruk & beroende, Arbete & välfärd)
    "article_link": 0.15,  # "Läs också: [title](../2016/slug.md)", to an earlier article
    "repeated_heading": 0.10,  # two `## ` subheadings with the same text
    "table": 0.06,  # a pipe table of jobs, pay and hours
    "footnote": 0.03,  # a footnote reference [^1] and its text at the end
}
AMPERSANDS = ["Missbruk & beroende", "Arbete & välfärd", "Vård & omsorg", "Barn & familj",
              "Stöd & service", "Individ & familj"]  # fmt: skip
SOURCES = ["Socialstyrelsen", "SCB", "Sveriges Kommuner och Regioner", "Akademikerförbundet SSR",
           "Vision", "Arbetsmiljöverket", "IVO"]  # fmt: skip
SITE_PAGES = ["omsorg-och-stöd", "jobba-hos-oss/lediga-tjänster", "socialtjänst/barn-och-unga",
              "stöd-och-hjälp/ekonomiskt-bistånd", "om-kommunen/förvaltningar/socialförvaltningen",
              "jobb-och-karriär/möt-våra-socionomer"]  # fmt: skip
HEADINGS_AGAIN = ["Kontakt", "Om arbetsplatsen", "Så söker du", "Vi erbjuder", "Fakta"]
KICKERS = ["Presentation", "Reportage", "Intervju", "Porträtt", "Nyheter", "Karriär"]
CTA_JOBS = ["socionomer", "socialsekreterare", "enhetschef", "familjebehandlare", "utredare",
            "biståndshandläggare", "socialsekreterare till Barn och unga"]  # fmt: skip
TITLE_TEMPLATES = [
    "{K} satsar på {a} {b}", "I {K} {a} {b} {c}", "{A} {b} i {K}", "Socionomer i {K} {a} {b}",
    "Så {a} {K} {b} {c}", "{A} och {b} i {Ks} socialtjänst", "Nytt {a} för {b} i {K}",
    "{K} söker socionomer som vill {a}", "Från {a} till {b} i {K}", "{A} {b} – {c} i {K}",
    "Här {a} socialtjänsten i {K} {b}", "{Ks} {a} {b} {c}",
]  # fmt: skip


@dataclass(frozen=True)
class Photo:
    """An image file of the corpus: `path` relative to the site's image folder's parent."""

    path: str  # bilder/2016/slug-1.jpg, shown at /bilder/2016/slug-1.jpg
    seed: int  # what it is drawn from (see photo_bytes)

    @property
    def url(self) -> str:
        return "/" + self.path


@dataclass
class Article:
    slug: str
    title: str
    date: date
    kommun: str
    tags: list[str]
    lead: str
    caption: str
    photographer: str
    cta: dict[str, str]
    factbox: dict[str, str]
    contact: dict[str, Any]
    body: str
    kicker: str | None = None
    words: int = 0
    photos: list[Photo] = field(default_factory=list)  # the images the body shows

    @property
    def path(self) -> str:
        """Relative to content/."""
        return f"{self.date.year}/{self.slug}.md"

    @property
    def url(self) -> str:
        return f"/{self.date.year}/{self.date.month:02d}/{self.slug}/"


_TRANSLIT = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "ae", "ø": "o"})


def slugify(text: str) -> str:
    """As sitegen's contract says: lower case, å ä → a, ö → o, é → e, other runs → one -."""
    text = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFC", text).lower().translate(_TRANSLIT)
    )
    text = text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def organisation(kommun: str) -> str:
    """Ale kommun, Alingsås kommun, Norrköpings kommun: the genitive s after a consonant."""
    if kommun[-1] in "aeiouyåäöé" or kommun.endswith(("s", "x", "z")):
        return f"{kommun} kommun"
    return f"{kommun}s kommun"


def _read_list(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def kommuner() -> list[str]:
    # Håbo and Habo are two municipalities whose names make one slug (habo): sitegen files both
    # under /kommun/habo/ and Pelican would write the same page twice. Leave Håbo out, so that
    # every generator makes the same pages.
    return [k for k in _read_list("kommuner.txt") if k != "Håbo"]


@dataclass
class _Words:
    words: list[str]
    cum: list[float]
    long: list[str] = field(default_factory=list)  # for titles and headings

    @classmethod
    def load(cls) -> _Words:
        words, weights = [], []
        for line in _read_list("vocabulary.txt"):
            count, word = line.split(" ", 1)
            words.append(word)
            weights.append(int(count))
        return cls(words, list(itertools.accumulate(weights)), [w for w in words if len(w) >= 5])


class _Writer:
    """Draws all the text of one corpus from one Random."""

    def __init__(self, seed: int) -> None:
        self.rng = Random(seed)
        self.vocab = _Words.load()
        self.kommuner = kommuner()
        self.tag_cum = list(itertools.accumulate(1 / k for k in range(1, len(TAGS) + 1)))
        # Photographers: a fixed pool, some much busier than others.
        pool = Random(seed + 1)
        self.photographers = [
            f"{pool.choice(FIRST_NAMES)} {pool.choice(LAST_NAMES)}" for _ in range(40)
        ]
        self.photo_cum = list(itertools.accumulate(1 / math.sqrt(k) for k in range(1, 41)))

    # -- words and sentences ------------------------------------------------------------------

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab.words, cum_weights=self.vocab.cum, k=k)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def sentence(self, lo: int = 5, hi: int = 18, kommun: str | None = None) -> str:
        words = self.words(self.rng.randint(lo, hi))
        r = self.rng.random()
        if kommun and r < 0.12:
            words.insert(self.rng.randrange(1, len(words)), kommun)
        elif r < 0.2:
            words.insert(self.rng.randrange(1, len(words)), self.rng.choice(FIRST_NAMES))
        if len(words) > 8 and self.rng.random() < 0.4:
            i = self.rng.randrange(3, len(words) - 2)
            words[i] += ","
        if self.rng.random() < 0.04:
            i = self.rng.randrange(len(words) - 1)
            words[i : i + 2] = [f"**{words[i]} {words[i + 1]}**"]
        end = self.rng.choices([".", "?", "!"], cum_weights=[92, 97, 100])[0]
        text = " ".join(words)
        return text[0].upper() + text[1:] + end

    def sentences(self, lo: int, hi: int, kommun: str | None = None) -> str:
        return " ".join(self.sentence(kommun=kommun) for _ in range(self.rng.randint(lo, hi)))

    def phrase(self, lo: int, hi: int) -> str:
        """Capitalised words without a full stop, for headings and list items."""
        text = " ".join(self.words(self.rng.randint(lo, hi)))
        return text[0].upper() + text[1:]

    def quote(self, kommun: str, attributed: bool = True) -> str:
        if not attributed:  # a quote that goes on from the one before, as in the seeds
            return f"– {self.sentences(1, 3, kommun)}"
        said = self.rng.choice(["säger", "berättar", "menar", "konstaterar", "förklarar"])
        text = self.sentences(1, 3, kommun)[:-1]
        who = self.name() if self.rng.random() < 0.5 else self.rng.choice(FIRST_NAMES)
        role = f", {self.rng.choice(ROLES)}" if self.rng.random() < 0.4 else ""
        return f"– {text}, {said} {who}{role}."

    # -- an article -----------------------------------------------------------------------

    def title(self, kommun: str) -> str:
        template = self.rng.choice(TITLE_TEMPLATES)
        a, b, c = (self.rng.choice(self.vocab.long) for _ in range(3))
        genitive = kommun if kommun.endswith(("s", "x", "z")) else kommun + "s"
        return template.format(K=kommun, Ks=genitive, a=a, b=b, c=c, A=a.capitalize())

    def tags(self) -> list[str]:
        chosen: list[str] = []
        wanted = self.rng.randint(1, 4)
        while len(chosen) < wanted:
            tag = TAGS[bisect.bisect(self.tag_cum, self.rng.random() * self.tag_cum[-1])]
            if tag not in chosen:
                chosen.append(tag)
        return chosen

    def body(self, a: Article, kslug: str, target: int, earlier: list[Article]) -> None:
        """Fill in a.body, a.words and a.photos: running text of about `target` words, with
        the extras FEATURES draws for this article placed among its paragraphs."""
        rng = self.rng
        features = [name for name, share in FEATURES.items() if rng.random() < share]
        extras = [block for name in features for block in self.extra(name, a, kslug, earlier)]
        count = sum(len(block.split()) for block in extras)
        blocks: list[str] = []
        while count < target:
            r = rng.random()
            if r < 0.45:
                block = self.quote(a.kommun, attributed=rng.random() < 0.55)
            elif r < 0.48:
                job = rng.choice(CTA_JOBS)
                block = f"[Vi söker {job}, läs mer och ansök här!]({a.cta['url']})"
            else:
                block = self.sentences(2, 5, a.kommun)
            blocks.append(block)
            count += len(block.split())
        for block in extras:  # never before the first paragraph
            blocks.insert(rng.randint(1, len(blocks)), block)
        if "ampersand" in features:
            i = self._paragraph(blocks)
            blocks[i] += (
                f" Verksamheten {rng.choice(AMPERSANDS)} har {rng.randint(8, 90)} medarbetare."
            )
        if "local_link" in features:
            i = self._paragraph(blocks)
            unit = rng.choice(UNITS)
            address = f"https://www.{kslug}.se/{rng.choice(SITE_PAGES)}"
            if rng.random() < 0.35:  # copied from an address bar that encodes å ä ö
                address = quote_url(address, safe="/:")
            blocks[i] += f" Läs mer om [{unit.lower()} och socialtjänsten i {a.kommun}]({address})."
        if "footnote" in features:
            i = self._paragraph(blocks)
            blocks[i] += "[^1]"
            blocks.append(f"[^1]: Källa: {rng.choice(SOURCES)}, {rng.randint(2012, 2024)}.")
        blocks = self.headings(blocks, repeat="repeated_heading" in features)
        a.body = "\n\n".join(blocks) + "\n"
        a.words = len(a.body.split())

    def _paragraph(self, blocks: list[str]) -> int:
        """A plain paragraph of running text (not a quote, link, list, table, image …)."""
        plain = [i for i, b in enumerate(blocks) if b[0].isupper() and "\n" not in b]
        return self.rng.choice(plain) if plain else 0

    def headings(self, blocks: list[str], repeat: bool) -> list[str]:
        """`## ` subheadings every 4–6 blocks; with `repeat`, two of them have the same text."""
        out: list[str] = []
        at: list[int] = []
        since = -self.rng.randint(1, 2)
        for block in blocks:
            if since >= self.rng.randint(4, 6) and not block.startswith("[^"):
                at.append(len(out))
                out.append("## " + self.phrase(1, 4))
                since = 0
            out.append(block)
            since += 1
        if repeat and len(at) >= 2:
            first, second = sorted(self.rng.sample(at, 2))
            out[first] = out[second] = "## " + self.rng.choice(HEADINGS_AGAIN)
        return out

    def extra(self, name: str, a: Article, kslug: str, earlier: list[Article]) -> list[str]:
        """The blocks of one of FEATURES; the ones that change a paragraph are done in body()."""
        rng = self.rng
        if name == "photo":
            blocks = []
            for k in range(1, 3 if rng.random() < 1 / 6 else 2):
                photo = Photo(f"bilder/{a.date.year}/{a.slug}-{k}.jpg", rng.getrandbits(32))
                a.photos.append(photo)
                people = f"{self.name()} och {self.name()}"
                alt = f"{people} på {rng.choice(UNITS).lower()} i {a.kommun}"
                caption = (
                    f"*Från vänster: {people}, {rng.choice(ROLES)}er. Foto: {self.photographer()}*"
                )
                blocks.append(f"![{alt}]({photo.url})\n\n{caption}")
            return blocks
        if name == "blockquote":
            text = f"> ”{self.sentence(6, 16, a.kommun)[:-1]}.”"
            if rng.random() < 0.5:
                text += f"\n>\n> {self.name()}, {rng.choice(ROLES)}"
            return [text]
        if name == "list":
            return [f"{self.sentence(4, 10)[:-1]}:\n\n{self.list_items()}"]
        if name == "article_link" and earlier:
            other = earlier[rng.randrange(len(earlier))]
            return [f"Läs också: [{other.title}](../{other.path})"]
        if name == "table":
            rows = [
                f"| {rng.choice(ROLES).capitalize()} | {rng.randrange(30_000, 48_000, 500):,} kr "
                f"| {rng.choice(['Heltid', 'Heltid, dagtid', 'Deltid 75 %', 'Heltid, jour'])} |"
                .replace(",", " ", 1)
                for _ in range(rng.randint(3, 6))
            ]  # fmt: skip
            head = "| Tjänst | Ingångslön | Omfattning |\n| :--- | ---: | :--- |"
            intro = f"Så ser villkoren ut för nya medarbetare i {a.kommun}:"
            return [intro + "\n\n" + "\n".join([head, *rows])]
        return []

    def list_items(self) -> str:
        """3–6 items; 1 in 3 lists nested (4 spaces), 1 in 4 numbered."""
        numbered, nested = self.rng.random() < 0.25, self.rng.random() < 1 / 3
        lines = []
        for i in range(1, self.rng.randint(3, 6) + 1):
            lines.append(f"{i}. " if numbered else "- ")
            lines[-1] += self.phrase(2, 9)
            if nested and self.rng.random() < 0.5:
                lines += ["    - " + self.phrase(1, 6) for _ in range(self.rng.randint(2, 3))]
        return "\n".join(lines)

    def photographer(self) -> str:
        return self.photographers[
            bisect.bisect(self.photo_cum, self.rng.random() * self.photo_cum[-1])
        ]

    def contact(self, kommun: str, kslug: str) -> dict[str, Any]:
        people = [self.person(kslug) for _ in range(self.rng.choice([0, 1, 1, 1, 2, 2, 3, 4]))]
        full = {
            "organisation": organisation(kommun),
            "unit": self.rng.choice(UNITS),
            "address": f"Box {self.rng.randint(1, 999)}, {self.rng.randint(100, 999)} "
                       f"{self.rng.randint(10, 99)} {kommun}",
            "phone": self.phone(),
            "email": f"kommun@{kslug}.se",
            "web": f"https://www.{kslug}.se",
        }  # fmt: skip
        shape = self.rng.random()
        if shape < 0.15:  # only a web address, like Borås
            contact: dict[str, Any] = {"web": full["web"]}
        elif shape < 0.3:  # only people, like Göteborg
            contact = {}
            people = people or [self.person(kslug)]
        else:
            contact = {
                k: v for k, v in full.items() if k == "organisation" or self.rng.random() < 0.8
            }
        if people:
            contact["people"] = people
        return contact

    def phone(self) -> str:
        pairs = " ".join(str(self.rng.randint(10, 99)) for _ in range(3))
        # A real area code (the same draws as before, so the rest of the corpus is unchanged):
        # a made-up one (066) is no number in use, which sitegen warns about.
        return f"0{AREA_CODES[self.rng.randint(10, 999) % len(AREA_CODES)]}-{pairs}"

    def person(self, kslug: str) -> dict[str, str]:
        name = self.name()
        email = slugify(name).replace("-", ".") + f"@{kslug}.se"
        return {
            "name": name,
            "role": self.rng.choice(ROLES).capitalize(),
            "phone": self.phone(),
            "email": email,
        }

    def article(self, used: set[str], earlier: list[Article]) -> Article:
        rng = self.rng
        kommun = rng.choice(self.kommuner)
        kslug = slugify(kommun)
        for attempt in itertools.count():
            title = self.title(kommun)
            if attempt > 20:
                title += f" {attempt}"
            slug = slugify(title)
            if slug not in used:
                break
        used.add(slug)
        day = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
        if rng.random() < 0.4:
            lead = f"{self.quote(kommun)[:-1]} i {kommun}."
        else:
            lead = self.sentences(1, 2, kommun)
        first, second = self.name(), self.name()
        caption = f"{first}, {rng.choice(ROLES)}, och {second}, {rng.choice(ROLES)} i {kommun}."
        photographer = self.photographer()
        tags = self.tags()
        job = rng.choice(CTA_JOBS)
        cta = {
            "text": f"Vi söker {job}! Läs mer och ansök här!",
            "url": f"https://www.{kslug}.se/jobb",
        }
        factbox = {"title": organisation(kommun), "text": self.sentences(2, 5, kommun)}
        contact = self.contact(kommun, kslug)
        kicker = rng.choice(KICKERS) if rng.random() < 0.3 else None
        article = Article(slug, title, day, kommun, tags, lead, caption, photographer, cta,
                          factbox, contact, body="", kicker=kicker)  # fmt: skip
        self.body(article, kslug, rng.randint(400, 1200), earlier)
        return article


def generate(n: int, seed: int = 1) -> list[Article]:
    """N articles, always the same ones for the same N and seed (a prefix of a larger N's)."""
    writer, used = _Writer(seed), set[str]()
    articles: list[Article] = []
    for _ in range(n):
        articles.append(writer.article(used, articles))
    return articles


def photo_bytes(photo: Photo) -> bytes:
    """A small JPEG (240×160, a few kB) drawn from photo.seed: sky, ground and 1–4 people.
    The same seed and Pillow version give the same bytes."""
    return _photo_bytes(photo.seed)


@functools.cache
def _photo_bytes(seed: int) -> bytes:
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        sys.exit("bench/corpus.py: the corpus's photos need Pillow: pip install pillow "
                 "(it is in sitegen's test extras: pip install -e '.[test]')")  # fmt: skip
    rng = Random(seed)
    width, height = 240, 160

    def colour(lo: int, hi: int) -> tuple[int, int, int]:
        return (rng.randint(lo, hi), rng.randint(lo, hi), rng.randint(lo, hi))

    picture = Image.new("RGB", (width, height), colour(120, 230))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, rng.randint(80, 110), width, height), fill=colour(40, 140))
    for _ in range(rng.randint(1, 4)):
        x, y = rng.randint(10, width - 50), rng.randint(40, 70)
        draw.rectangle((x, y + 22, x + 34, height), fill=colour(20, 200))
        draw.ellipse((x + 7, y, x + 27, y + 22), fill=(rng.randint(150, 240), 170, 140))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=70)
    return out.getvalue()


# -- YAML, written by hand so the files look like the editors' ------------------------------

_PLAIN = re.compile(r"^[^\W_][\w .–/-]*$")  # letters, digits, spaces, . – / - (no : # ? , etc.)


def yaml_scalar(value: str) -> str:
    """Plain when YAML reads it back as the same text, else double-quoted (JSON is valid YAML)."""
    if (
        _PLAIN.match(value)
        and not value.endswith(" ")
        and not re.fullmatch(r"[0-9 .:-]+|true|false|yes|no|null|on|off", value, re.I)
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(mapping: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {yaml_scalar(v)}" for k, v in mapping.items()) + "}"


def front_matter(a: Article, hugo: bool = False) -> str:
    lines = [f"title: {yaml_scalar(a.title)}", f"date: {a.date.isoformat()}"]
    if (
        hugo
    ):  # Hugo: the slug explicitly (its own slugs keep å ä ö), terms under the taxonomies' names
        lines.append(f"slug: {a.slug}")
        lines.append(f"kommun: [{yaml_scalar(a.kommun)}]")
    else:
        lines.append(f"kommun: {yaml_scalar(a.kommun)}")
    if a.kicker:
        lines.append(f"kicker: {a.kicker}")
    lines += [f"lead: {yaml_scalar(a.lead)}", f"caption: {yaml_scalar(a.caption)}",
              f"photographer: {yaml_scalar(a.photographer)}"]  # fmt: skip
    lines.append(f"{'etikett' if hugo else 'tags'}: [{', '.join(yaml_scalar(t) for t in a.tags)}]")
    lines += [f"cta: {_flow(a.cta)}", f"factbox: {_flow(a.factbox)}", "contact:"]
    for key, value in a.contact.items():
        if key == "people":
            lines.append("  people:")
            lines += [f"    - {_flow(p)}" for p in value]
        else:
            lines.append(f"  {key}: {yaml_scalar(value)}")
    return "---\n" + "\n".join(lines) + "\n---\n"


# -- the three site formats ---------------------------------------------------------------

SITEGEN_CONFIG = f"""\
# A generated benchmark corpus (bench/corpus.py); the same settings as the supplement.
title: {SITE_TITLE}
description: {SITE_DESCRIPTION}
base_url: {BASE_URL}
per_page: {PER_PAGE}
archive_full_text: false
timezone: Europe/Stockholm
taxonomies:
  - {{field: tags, path: etikett, title: "Etikettarkiv: {{term}}", index_title: Etiketter,
     label: Taggar}}
  - {{field: kommun, path: kommun, title: "Kommun: {{term}}", index_title: Kommuner,
     label: Kommun}}
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _write_photos(articles: list[Article], folder: Path) -> None:
    for a in articles:
        for photo in a.photos:
            target = folder / photo.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(photo_bytes(photo))


def write_sitegen(articles: list[Article], out: Path) -> None:
    """content/{year}/{slug}.md, and the photos in content/bilder/ (sitegen copies content's
    other files as they are, so /bilder/… is where the bodies point)."""
    _write(out / "config.yaml", SITEGEN_CONFIG)
    for a in articles:
        _write(out / "content" / a.path, front_matter(a) + a.body)
    _write_photos(articles, out / "content")


def write_hugo(articles: list[Article], out: Path) -> None:
    """Hugo ≥ 0.146 (its template system of layouts/page.html, home.html, term.html, …).

    The configuration and layouts are the files in bench/data/hugo/."""
    template = DATA / "hugo"
    for source in sorted(template.rglob("*")):
        if source.is_file():
            _write(out / source.relative_to(template), source.read_text(encoding="utf-8"))
    for a in articles:
        _write(out / "content" / "posts" / a.path, front_matter(a, hugo=True) + a.body)
    _write_photos(articles, out / "static")  # static/bilder/… is published at /bilder/…


PELICAN_CONFIG = f"""\
# A generated benchmark corpus (bench/corpus.py): the sitegen corpus as a Pelican site,
# with the default theme (notmyidea) and the Markdown reader. kommun is the category.
SITENAME = {SITE_TITLE!r}
SITEURL = {BASE_URL.rstrip("/")!r}
RELATIVE_URLS = False
PATH = "content"
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "sv"
DEFAULT_DATE_FORMAT = "%d %B %Y"
USE_FOLDER_AS_CATEGORY = False

DEFAULT_PAGINATION = {PER_PAGE}
PAGINATED_TEMPLATES = {{"index": None, "tag": None, "category": None}}
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/sida/{{number}}/", "{{base_name}}/sida/{{number}}/index.html"),
)

ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{slug}}/index.html"
TAG_URL = "etikett/{{slug}}/"
TAG_SAVE_AS = "etikett/{{slug}}/index.html"
TAGS_SAVE_AS = "etikett/index.html"
CATEGORY_URL = "kommun/{{slug}}/"
CATEGORY_SAVE_AS = "kommun/{{slug}}/index.html"
CATEGORIES_SAVE_AS = "kommun/index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories"]
STATIC_PATHS = ["bilder"]  # the photos the bodies show, at /bilder/…
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
PAGE_SAVE_AS = ""

# One feed, like sitegen's feed.xml.
FEED_ALL_ATOM = "feed.xml"
FEED_MAX_ITEMS = 20
CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

# Pelican's own incremental build (off by default; bench/run.py sets it per measurement).
CACHE_PATH = "cache"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


def _pelican_value(text: str) -> str:
    return " ".join(text.split())


def write_pelican(articles: list[Article], out: Path) -> None:
    _write(out / "pelicanconf.py", PELICAN_CONFIG)
    for a in articles:
        meta = [
            ("Title", a.title), ("Date", a.date.isoformat()), ("Category", a.kommun),
            ("Tags", ", ".join(a.tags)), ("Slug", a.slug), ("Summary", a.lead),
            ("Caption", a.caption), ("Photographer", a.photographer),
        ]  # fmt: skip
        if a.kicker:
            meta.append(("Kicker", a.kicker))
        header = "".join(f"{k}: {_pelican_value(v)}\n" for k, v in meta)
        _write(out / "content" / a.path, header + "\n" + pelican_body(a.body))
    _write_photos(articles, out / "content")  # STATIC_PATHS = ["bilder"]


def pelican_body(body: str) -> str:
    """Links to other articles' files in Pelican's own syntax: {filename}/2016/ale.md."""
    return _MD_LINK.sub(r"]({filename}/\1)", body)


_MD_LINK = re.compile(r"\]\(\.\./(\d{4}/[^)\s]+\.md)\)")


WRITERS = {"sitegen": write_sitegen, "hugo": write_hugo, "pelican": write_pelican}


def expected_pages(articles: list[Article], per_page: int = PER_PAGE) -> dict[str, int]:
    """The index.html pages each generator should write for these articles."""

    def pages(n: int) -> int:
        return max(1, math.ceil(n / per_page))

    tags: dict[str, int] = {}
    places: dict[str, int] = {}
    for a in articles:
        for t in a.tags:
            tags[slugify(t)] = tags.get(slugify(t), 0) + 1
        places[slugify(a.kommun)] = places.get(slugify(a.kommun), 0) + 1
    counts = {
        "articles": len(articles),
        "home": pages(len(articles)),
        "tag archives": sum(pages(n) for n in tags.values()),
        "tag index": 1,
        "kommun archives": sum(pages(n) for n in places.values()),
        "kommun index": 1,
    }
    counts["total"] = sum(counts.values())
    # sitegen alone also writes an archive per kommun × tag shared by two or more articles
    # (the facets): not asked of the peers, so not in "total".
    pairs: dict[tuple[str, str], int] = {}
    for a in articles:
        for t in {slugify(t) for t in a.tags}:
            pairs[slugify(a.kommun), t] = pairs.get((slugify(a.kommun), t), 0) + 1
    counts["facet archives"] = sum(pages(n) for n in pairs.values() if n >= 2)
    counts["sitegen total"] = counts["total"] + counts["facet archives"]
    return counts


_MIX = {
    "photo": re.compile(r"(?m)^!\[[^\]]+\]\(/bilder/[^)]+\.jpg\)$"),
    "two photos": re.compile(r"(?s)^(?=(?:.*?\n!\[){2})"),
    "block quote": re.compile(r"(?m)^> ”"),
    "list": re.compile(r"(?m)^(?:- |1\. )"),
    "nested list": re.compile(r"(?m)^    - "),
    "numbered list": re.compile(r"(?m)^1\. "),
    "å ä ö in a link's text and address": re.compile(
        r"\[[^\]]*[åäöÅÄÖ][^\]]*\]\(https://[^)]*(?:[åäö]|%C3%A[45]|%C3%B6)[^)]*\)"),
    "& in the text": re.compile(r"(?m)^[A-ZÅÄÖ].* & "),
    "link to another article's .md": re.compile(r"\]\(\.\./\d{4}/[^)]+\.md\)"),
    "two subheadings alike": re.compile(r"(?ms)^## ([^\n]+)$.*^## \1$"),
    "table": re.compile(r"(?m)^\| :--- \| ---: \| :--- \|$"),
    "footnote": re.compile(r"(?m)^\[\^1\]: "),
}  # fmt: skip


def content_mix(articles: list[Article]) -> dict[str, Any]:
    """What the bodies hold, read back from their Markdown: the share of articles with each
    kind of content (bench/README.md quotes these), and the kinds of blocks overall."""
    shares = {
        kind: round(sum(1 for a in articles if pattern.search(a.body)) / len(articles), 3)
        for kind, pattern in _MIX.items()
    }
    blocks = [b for a in articles for b in a.body.split("\n\n")]
    kinds = {"– quote": sum(b.startswith("– ") for b in blocks),
             "## subheading": sum(b.startswith("## ") for b in blocks)}  # fmt: skip
    return {
        "articles with": shares,
        "blocks": len(blocks),
        "block shares": {k: round(v / len(blocks), 3) for k, v in kinds.items()},
        "photos": sum(len(a.photos) for a in articles),
    }


def write(n: int, out: Path, seed: int = 1, fmt: str = "sitegen",
          articles: list[Article] | None = None) -> list[Article]:  # fmt: skip
    articles = generate(n, seed) if articles is None else articles
    WRITERS[fmt](articles, out)
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="directory to write (must not exist, or be empty)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--format", choices=sorted(WRITERS), default="sitegen",
                        help="site format (default sitegen)")  # fmt: skip
    parser.add_argument("--mix", action="store_true",
                        help="also print what the bodies hold (shares of articles, blocks)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        parser.error(f"{args.out} exists and is not an empty directory")
    articles = write(args.n, args.out, args.seed, args.format)
    words = sum(a.words for a in articles)
    counts = expected_pages(articles)
    mean = words / len(articles)
    print(
        f"{args.format} site with {len(articles)} articles ({mean:.0f} words on average) "
        f"in {args.out}; {counts['total']} pages expected",
        file=sys.stderr,
    )
    if args.mix:
        print(json.dumps(content_mix(articles), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
