"""The site's content as plain, immutable data: articles and what they are filed under.

These dataclasses are also the front matter's schema: each field given with `entry()` is a
front matter key, and its metadata says what it is for. Validation (validate.py), the list of
known fields, `sitegen new`'s archetype (scaffold.py) and the README's table (reference.py)
are made from them; see schema.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sitegen.content.links import ArticleLink
from sitegen.content.schema import entries, entry
from sitegen.errors import Problem

Place = tuple[int | None, int | None]
# `published` of a page (content/sidor/) whose front matter gives no date.
UNDATED = datetime(1970, 1, 1, tzinfo=UTC)  # 1-based line and column in the file, where known


# Names a Swedish editor may give a phone number's or an e-mail address's field.
_PHONE = ("telefon", "tel", "telefonnummer", "mobil", "nummer")
_EMAIL = ("epost", "e-post", "mejl", "mail", "e-mail", "epostadress", "e-postadress")


@dataclass(frozen=True, kw_only=True)
class Person:
    name: str = entry(required=True, aliases=("namn",), sv="Namn")
    role: str | None = entry(None, aliases=("titel", "roll", "befattning"), sv="Titel, t.ex. Verksamhetschef")
    phone: str | None = entry(None, kind="phone", aliases=_PHONE, sv='Direktnummer, inom citattecken: "0303-33 00 00"')
    email: str | None = entry(None, kind="email", aliases=_EMAIL, sv="E-postadress")
    tel: str | None = None  # `phone` as a tel: link dials it (RFC 3966), worked out when read


@dataclass(frozen=True, kw_only=True)
class Contact:
    organisation: str | None = entry(None, aliases=("kommun", "arbetsgivare", "organisationsnamn"), sv="t.ex. Ale kommun")
    unit: str | None = entry(None, aliases=("enhet", "förvaltning", "avdelning"), sv="Förvaltning eller enhet")
    address: str | None = entry(None, aliases=("adress", "postadress", "besöksadress"), sv="Post- eller besöksadress")
    phone: str | None = entry(None, kind="phone", aliases=_PHONE, sv='Växelnummer, inom citattecken: "0303-33 00 00"')
    email: str | None = entry(None, kind="email", aliases=_EMAIL, sv="Gemensam e-postadress")
    web: str | None = entry(None, kind="url", aliases=("webb", "webbplats", "hemsida", "webbsida"),
                            sv="Webbplats med https://")  # fmt: skip
    people: tuple[Person, ...] = entry(
        (), aliases=("personer", "kontaktpersoner", "kontakter"), sv='Kontaktpersoner: - {name: "", role: "", phone: "", email: ""}',
        example="- {name: Iréne Blomqvist, role: Verksamhetschef}",
    )  # fmt: skip
    tel: str | None = None  # `phone` as a tel: link dials it (RFC 3966), worked out when read


@dataclass(frozen=True, kw_only=True)
class CallToAction:
    text: str = entry(required=True, aliases=("knapptext",))
    url: str = entry(required=True, kind="url", aliases=("länk", "adress", "webbadress"))


@dataclass(frozen=True, kw_only=True)
class FactBox:
    title: str | None = entry(None, aliases=("rubrik", "titel"))
    text: str = entry(required=True, aliases=("brödtext",))


@dataclass(frozen=True, kw_only=True)
class Article:
    """One Markdown file, validated; `body` is its HTML, encoded as UTF-8: that takes half the
    memory of a str holding a dash (–), and a site holds thousands of them."""

    source: str  # path relative to the site root, for messages: content/2016/ale.md
    title: str = entry(
        required=True, aliases=("titel", "rubrik"), sv="Rubriken",
        example="title: Lätt att leva för socionomer i Ale",
    )  # fmt: skip
    # Timezone-aware; midnight when the file gives a date only (then `has_time` is false).
    published: datetime = entry(
        key="date", required=True, aliases=("datum", "publicerad"), example="date: 2016-01-20",
        type_doc="date or ISO datetime",
        doc="a date without a time is midnight in `timezone`; later than now: built only "
        "with `--future`",
        sv="Publiceringsdag, ÅÅÅÅ-MM-DD. Ett datum framåt i tiden publiceras först den dagen.",
    )  # fmt: skip
    has_time: bool
    kommun: str | None = entry(
        None, doc="the municipality (or city district) the article presents; warned about "
        "when it is not one of Sweden's 290 or a district in `stadsdelar`",
        sv="Kommunen eller stadsdelen som presenteras, t.ex. Ale",
    )  # fmt: skip
    kicker: str | None = entry(
        None, aliases=("etikett",), doc="the label above the title",
        sv="Liten etikett ovanför rubriken, t.ex. Presentation",
    )  # fmt: skip
    lead: str | None = entry(
        None, aliases=("ingress",), doc="the ingress",
        sv="Ingressen: en eller två meningar som sammanfattar artikeln",
    )  # fmt: skip
    image: str | None = entry(  # the site URL of the photo (urls.file_url), once read
        None, kind="path", aliases=("bild",), type_doc="path",
        doc="looked for next to the article, then in `content/`, then in `assets/`, and "
        "published at that file's address; read as an address, as the body's images are (see "
        "[File names in addresses](#file-names-in-addresses)); a full `https://` address is used as it is; "
        "a `\\` in the path, which browsers read as `/`, is an error saying what to write "
        "(`image: bilder\\ale.jpg` → `image: bilder/ale.jpg`), in a full address too",
        sv="Bildfil i content/ eller assets/, t.ex. images/ale.jpg",
    )  # fmt: skip
    alt: str | None = entry(
        None, doc="the image's description for those who cannot see it; default: the caption",
        sv="Vad bilden visar, för den som inte ser den; annars används bildtexten",
    )  # fmt: skip
    caption: str | None = entry(
        None, aliases=("bildtext",), doc="the text under the image",
        sv="Bildtext: vilka som syns på bilden",
    )  # fmt: skip
    photographer: str | None = entry(
        None, aliases=("fotograf", "foto"), doc='shown as "Foto: …"',
        sv='Fotografens namn; visas som "Foto: …"',
    )  # fmt: skip
    tags: tuple[str, ...] = entry(
        (), aliases=("taggar", "etiketter"), example="tags: [Socialförvaltning, Barn och unga]",
        doc="one tag when equal ignoring capitals (and Unicode normalisation, and the white space "
        "and invisible characters text pasted from Word brings); shown in their most common spelling; "
        "a tag holding a `,` or `;` (`tags: [\"Ett, Två\"]`, `tags: [Ett; Två]`, read as one tag) is a "
        "warning at its line saying to write `tags: [Ett, Två]`",
        sv="Etiketter, t.ex. [Socialförvaltning, Barn och unga]", kind="terms",
    )  # fmt: skip
    cta: CallToAction | None = entry(
        None, doc="the call-to-action button",
        example='cta: {text: "Sök jobbet här!", url: "https://www.ale.se/jobb"}',
        sv='Knapp under texten, t.ex. {text: "Vi söker socionomer! Läs mer och ansök här!", '
        'url: "https://…"}',
    )  # fmt: skip
    factbox: FactBox | None = entry(
        None, aliases=("faktaruta", "fakta"),
        doc="a box of facts beside the text; a blank line in `text` starts a new paragraph",
        example='factbox: {title: Ale kommun, text: "Ale kommun ligger norr om Göteborg."}',
        sv="Faktaruta om kommunen: rubrik och text",
    )  # fmt: skip
    contact: Contact | None = entry(
        None, aliases=("kontakt",), sv="Kontaktblocket längst ned",
        doc="phones become `tel:` links in international form (`+46 (0)31-…` and `ankn. 12` "
        "understood; a text that is no phone number is an error, saying when it has too many or "
        "too few digits or a `+` code no country has; a range or a list, `0303-33 00 00–05` or "
        "`0303-33 00 00 eller 0303-33 00 01`, is an error that gives the first number to write, as "
        "a link dials one, and so are digits after a comma (`0303-33 00 00, 01`, or `;`, `#`), which "
        "libphonenumber would dial as an extension: write one as `ankn. 01`; a number in no range of its country's numbering plan, `000-000 00 00`, "
        "is a warning, as libphonenumber's plan may lag behind a new series), e-mails `mailto:` links (a "
        "leading `mailto:`, as copied from a link, is dropped); each field holds the number or "
        "address alone: a label or punctuation pasted with it (`Tel: 0303-33 00 00`, `E-post: "
        "a@ale.se`, `<a@ale.se>`, `a@ale.se,`, `Webb: www.ale.se`) is an error saying what to "
        "write, as the theme adds its own `Tel:` and `E-post:`",
        example='contact: {organisation: Ale kommun, phone: "0303-33 00 00"}',
    )  # fmt: skip
    slug: str = entry(
        kind="slug", doc="lower-case letters, digits and `-`; default: made from the title",
        sv="Sista delen av webbadressen; lämna tomt så görs den av rubriken",
    )  # fmt: skip
    draft: bool = entry(
        False, aliases=("utkast",), doc="drafts are built only with `--drafts`",
        sv="Utkast syns bara med --drafts och i förhandsvisningen. Ta bort raden när artikeln "
        "är klar.",
    )  # fmt: skip
    updated: datetime | None = entry(
        None, aliases=("uppdaterad", "andrad"), example="updated: 2016-02-03",
        type_doc="date or ISO datetime",
        doc="when the article was last changed, if after `date`: the feeds' `<updated>`, the "
        "sitemap's `lastmod` and JSON-LD's `dateModified`; default: `date`",
        sv="Senast ändrad, ÅÅÅÅ-MM-DD, om artikeln har ändrats efter publiceringen",
    )  # fmt: skip
    aliases: tuple[str, ...] = entry(
        (), kind="paths", example="aliases: [/2016/01/gammal-rubrik/]",
        type_doc="list of paths",
        doc="earlier addresses of the article, as paths on the site (without the base path): "
        "each gets a page that sends readers, feed readers and search engines on to the "
        "article, so that old links keep working after a new title, slug or date",
        sv="Tidigare webbadresser som ska leda hit, t.ex. [/2016/01/gammal-rubrik/]",
    )  # fmt: skip
    url: str
    body: bytes
    extra: Mapping[str, Any] = field(default_factory=dict)  # unknown keys, for templates
    # A page of content/sidor/ (`/{slug}/`, "Om bilagan"), not a dated article: never in
    # archives, taxonomies or feeds; its date may be left out (then `published` is UNDATED).
    page: bool = False
    links: tuple[ArticleLink, ...] = ()  # to other articles' Markdown files, resolved late
    # Each local file the article shows or links to (`image:`, then the body's images and
    # links to files): (path as written, the site URL of the file found for it, or None),
    # for checking that they are still found so.
    files: tuple[tuple[str, str | None], ...] = ()
    # The site URLs of the local images it shows (`image:`, then the body's images found),
    # once each, in order: the photos given smaller variants. A file the body only links to
    # (`[PDF](rapport.pdf)`, `[foto](bild.jpg)`) is in `files` and not here.
    images: tuple[str, ...] = ()
    # Where the URL's slug comes from: ("slug" or "title", line, column), for messages.
    slug_from: tuple[str, int | None, int | None] = ("slug", None, None)
    # Where each front matter value stands, by dotted path (`tags.0`), for messages.
    positions: Mapping[str, tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def date(self) -> date:
        return self.published.date()

    @property
    def modified(self) -> datetime:
        """When the article last changed: `updated` when given and later, else `published`."""
        return self.updated if self.updated and self.updated > self.published else self.published

    @property
    def dated(self) -> bool:
        return self.published != UNDATED

    def values(self, name: str) -> tuple[str, ...]:
        """The terms this article has for a taxonomy over front matter field `name`."""
        value = getattr(self, name) if name in _TERMS else self.extra.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        return tuple(v for v in value if isinstance(v, str))

    def place(self, path: str, term: str | None = None) -> Place:
        """Where front matter value `path` stands, or with `term`, which of its items is that
        term (the first that is); the enclosing value's place when that one is not known."""
        if term is not None:
            items = getattr(self, path) if path in _TERMS else self.extra.get(path)
            if isinstance(items, tuple | list) and term in items:
                path = f"{path}.{list(items).index(term)}"
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path.rpartition(".")[0]
        return None, None


# The known fields that can hold terms: text, or a list of text.
_TERMS = frozenset(e.name for e in entries(Article) if e.shape in ("text", "texts"))


@dataclass(frozen=True)
class ReadResult:
    """What reading one Markdown file gives: its article (None when it has errors), and the
    problems found in it."""

    article: Article | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
