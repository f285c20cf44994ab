"""Where things live: slugs, URL patterns, and the file each URL is written to."""

from __future__ import annotations

import contextlib
import posixpath
import re
import string
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from html.entities import html5
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit

import idna

from sitegen.errors import quoted
from sitegen.output.references import Reference, css_references
from sitegen.output.references import written as written_in_css

DEFAULT_PERMALINKS: Mapping[str, str] = {
    "article": "/{year}/{month}/{slug}/",
    "home": "/",
    "page": "sida/{n}/",
}
# What each permalink pattern may use; the first name listed must be used.
PLACEHOLDERS: Mapping[str, tuple[str, ...]] = {
    "article": ("slug", "year", "month", "day"), "page": ("n",), "home": (),
}  # fmt: skip

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_UNSAFE_SEGMENT = re.compile(r"(^|/)\.\.?(/|$)")


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Lower case ASCII: å ä → a, ö → o, é → e, others transliterated, the rest one `-`."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if not text.isascii():
        from text_unidecode import unidecode  # here: loading its tables takes 8 ms, seldom needed

        text = unidecode(text)  # ß → ss, ø → o, Москва → Moskva
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def term_key(name: str) -> str:
    """What makes two spellings one term: equal as a reader sees them, after Unicode
    normalisation and case folding (Unicode's canonical caseless match, chapter 3.13: NFD,
    casefold, then NFC so that the key compares as text is usually written). `Socialförvaltning`,
    `socialförvaltning` and its decomposed form are one term; `Habo` and `Håbo`, `C++` and
    `C#` are not. What a reader cannot see does not count either, as text pasted from Word
    or a web page brings it: every run of white space (a no-break space, a thin space, two
    spaces) is one space, and the invisible format characters (Unicode category Cf: a soft
    hyphen, a zero-width space, a word joiner, a byte order mark) are left out, so
    `Barn och\u00a0unga` and `Social\u00adförvaltning` are `Barn och unga` and
    `Socialförvaltning`."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", visible(name)).casefold())


def visible(text: str) -> str:
    """`text` as a reader sees it: every run of white space one space, and the invisible
    format characters (Unicode category Cf) left out (see `term_key`)."""
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


@dataclass(frozen=True)
class UrlPattern:
    """A URL pattern such as `/{year}/{month}/{slug}/`; output path and URL come from it alike."""

    pattern: str

    @property
    def fields(self) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self.pattern) if name}

    def expand(self, **values: str) -> str:
        return normalise(self.pattern.format(**values))


def normalise(url: str) -> str:
    """A site-relative URL with one leading `/`, no doubled slashes."""
    url = "/" + url.lstrip("/")
    return re.sub(r"/{2,}", "/", url)


def is_safe(url: str) -> bool:
    """True when the URL stays inside the output directory (no `..`, no backslashes)."""
    return not _UNSAFE_SEGMENT.search(url) and "\\" not in url and "\x00" not in url


def output_path(url: str) -> str:
    """The file a URL is written to, relative to the output directory."""
    path = url.lstrip("/")
    if not path or path.endswith("/"):
        return path + "index.html"
    return path


def paged(root_url: str, number: int, page_pattern: str = DEFAULT_PERMALINKS["page"]) -> str:
    """URL of page `number` of an archive rooted at `root_url`; page 1 is the root itself."""
    if number == 1:
        return root_url
    return normalise(posixpath.join(root_url, page_pattern.format(n=number)))


def base_path(base_url: str) -> str:
    """The path part of the site's base URL (`https://x.se/bilaga/` → `/bilaga`), as the
    site's addresses are written: %-escaped (`/bilagå/` → `/bilag%C3%A5`, see `uri`)."""
    return uri(urlsplit(base_url).path.rstrip("/"))


# What a file's name may hold as it is in the path of its address (RFC 3986's pchar but '%').
_FILE_SAFE = "/!$&'()*+,;=:@~"


def file_url(path: str) -> str:
    """The site URL of the file at `path` below content/ or assets/, named as the file
    system names it (`bilder/100%-rätt.jpg`): `/bilder/100%25-r%C3%A4tt.jpg`. What an
    address cannot hold as it is gets %-escaped as UTF-8, a '%', '#' or '?' in the name
    too, which would start an escape, the fragment or the query (`nr#1.jpg` → `nr%231.jpg`)."""
    return "/" + quote(path.lstrip("/"), safe=_FILE_SAFE)


def file_path(url: str) -> str:
    """The path below content/ or assets/ of the file at site URL `url` (`file_url`'s
    inverse): `/bilder/100%25-r%C3%A4tt.jpg` → `bilder/100%-rätt.jpg`."""
    return unquote(url).lstrip("/")


# Every address the site writes for one of its own pages or files goes through `address`
# (templates' `url` filter, links and images in article bodies); `rewrite_addresses` then
# makes a rendered page's addresses relative (relative_urls: true) or a feed's absolute.


@lru_cache(maxsize=65536)  # the same few thousand addresses, on page after page
def address(url: str, base: str) -> str:
    """The address written for site URL `url` (`/etikett/x/`, from the site root) on a site
    whose base path is `base` (`/bilaga`, see `base_path`): `/bilaga/etikett/x/`. Anything
    that is not a site URL (`https://…`, `mailto:…`, `#id`, `//host/`) stays where it leads.
    Either is %-escaped as RFC 3986 asks, as `uri` escapes (`/a b/` → `/a%20b/`, an escape
    already there kept), since a page's HTML must hold it as a URI too: a raw space ends
    an address in a srcset and is invalid in an href. Spaces and controls around `url`
    are dropped, as a browser drops them (see `trimmed`): ` /om/` is `/bilaga/om/`, and a
    '\\' is read as a browser reads it (see `slashed`): `/filer\\a.pdf` is
    `/bilaga/filer/a.pdf`, not a name with a '\\' in it (`%5C`)."""
    url = slashed(trimmed(url))
    if not url.startswith("/") or url.startswith("//"):
        return uri(url)
    return uri(base + url)


@lru_cache(maxsize=65536)  # the same few thousand addresses, on page after page
def absolute(url: str, base_url: str) -> str:
    """Site URL `url` as a full address under `base_url` (`https://x.se/bilaga/`), as the
    feed, the sitemap and canonical links need: `https://x.se/bilaga/etikett/x/`. An
    address on another host (`//cdn.se/x`) is made whole on its own host, as `address`
    leaves it there: `https://cdn.se/x`; any other is %-escaped alone (see `uri`). Spaces
    around `url` are dropped, and a '\\' read, as by `address`."""
    url = slashed(trimmed(url))
    if url.startswith("//"):
        return uri(join(base_url, url))
    return uri(join(base_url, url.lstrip("/")) if url.startswith("/") else url)


@lru_cache(maxsize=65536)
def on_host(rooted: str, base_url: str) -> str:
    """`rooted` (an address from the server's root, as `address` gives it:
    `/bilaga/etikett/x/`) as a full address on `base_url`'s host:
    `https://x.se/bilaga/etikett/x/` (RFC 3986 reference resolution, see `join`)."""
    return uri(join(base_url, rooted))


def join(base: str, reference: str) -> str:
    """`reference` resolved against the address `base` by RFC 3986's rules (§5.2), as
    `urllib.parse.urljoin` resolves it, but for a `;`: urljoin still reads RFC 1808's URL
    parameters, and drops a `;` that ends a path (`/filer/a;` became `/filer/a`, another
    address). RFC 3986 has no parameters; `;` is a character of a path like another."""
    if ";" not in base + reference or _STAND_IN in base + reference:
        return urljoin(base, reference)
    return urljoin(base.replace(";", _STAND_IN), reference.replace(";", _STAND_IN)).replace(_STAND_IN, ";")


_STAND_IN = "\ue000"  # for ';' in `join`: a private use character, no URL's and not stripped as a control is


# What RFC 3986 lets stand in a URI as it is: its reserved and unreserved characters, and
# '%' (an address already escaped stays as it is).
_URI_SAFE = ":/?#@!$&'()*+,;=%-._~"  # ('[' and ']' only for an IPv6 host, never in a path)


_URI_CHARACTERS = re.compile(r"(?:[A-Za-z0-9:/?#@!$&'()*+,;=._~-]|%[0-9A-Fa-f]{2})*")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def uri(address: str) -> str:
    """`address` as a URI (RFC 3986): what one cannot hold %-escaped as UTF-8 (`Åsa
    Öberg.jpg` → `%C3%85sa%20%C3%96berg.jpg`, `50%rabatt` → `50%25rabatt`; an escape
    already there, `%C3%A4`, is kept), and a host of other letters than ASCII in the
    ASCII form browsers look up (`göteborg.se` → `xn--gteborg-90a.se`, see `ascii_host`;
    RFC 3986 §3.2.2): whole addresses are read by feed readers, crawlers (the sitemap
    protocol asks for escaped URLs) and social sites' scrapers, not browsers. A host that
    has no such form is left as it is (the settings and fields that give hosts refuse
    one, see `host_problem`)."""
    if _URI_CHARACTERS.fullmatch(address):
        return address
    parts = urlsplit(address)
    netloc = parts.netloc
    if not netloc.isascii() and "@" not in netloc:
        host, colon, port = netloc.partition(":")
        with contextlib.suppress(ValueError):  # a name IDNA cannot write: left as it is
            netloc = ascii_host(host) + colon + port
    cut = address.index(parts.netloc) + len(parts.netloc) if parts.netloc else 0
    head, rest = address[:cut].replace(parts.netloc, netloc) if parts.netloc else "", address[cut:]
    return head + quote(_LONE_PERCENT.sub("%25", rest), safe=_URI_SAFE)


_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def page_key(written: str, base_url: str = "", page: str = "/") -> str:
    """What names the page `written` leads to, so that two spellings of one address compare
    equal: `written` as a page writes it (from the server's root, `/bilaga/jobb/`, whole,
    or relative to the page at address `page`), on a site published at `base_url`. One
    key for: a whole address on the site's own host (`https://x.se/bilaga/jobb/`, the host
    in any case, its default port written or not) and the same from the root; `http` and
    `https` (the same host serves both, one redirecting to the other); %-escapes and the
    letters they stand for (`s%c3%b6ka`, `söka`, as `uri` and RFC 3986 §6.2.2 compare);
    `.` and `..` parts, as a browser removes them from every path (`/a/./b/`, `/a/x/../b/`:
    RFC 3986 §5.2.4); a host written with its final `.` (`x.se.`, the same name in DNS);
    a folder's address with its final `/` or without it (`/jobb`: a last part with no
    suffix, as every page's is; `/x.pdf` names a file and `/x.pdf/` a folder, two
    addresses); and on the site's own host a folder's `index.html`, where every page is
    written (`output_path`), and `//` for `/` (no address of the site has an empty part:
    `normalise`, `pattern_problem`; a server that does not merge them answers 404, never
    another page). On another host `//` counts: servers need not merge it. The query and
    the fragment count, their escapes compared as the path's. Other schemes (`mailto:`)
    are compared as written, %-escapes aside (`subject=Ansökan`, as Python-Markdown
    writes a link's, and `subject=Ans%C3%B6kan`, as `uri` writes `cta.url`, are one). The
    spaces and controls around `written` are dropped, as a browser drops them (`trimmed`)."""
    whole = uri(trimmed(written))
    try:
        parts = urlsplit(join(page, whole))
        own = urlsplit(uri(base_url)) if base_url else None
        where = _host_and_port(parts)
        own_where = _host_and_port(own) if own else None
    except ValueError:  # a port that is no number: compared as written
        return written
    if parts.scheme not in ("", *_DEFAULT_PORTS):
        return _escapes(whole)
    path = _without_dot_segments(_escapes(parts.path))  # (%2E is '.': RFC 3986 §6.2.2 order)
    if where is None or where == own_where:
        where = None  # the site's own page: its path from the server's root
        path = re.sub(r"/{2,}", "/", path)
        path = path.removesuffix("index.html") if path.endswith("/index.html") else path
    key = ("//" + where if where else "") + _as_folder(path)
    return key + ("?" + _escapes(parts.query) if parts.query else "") + ("#" + _escapes(parts.fragment) if parts.fragment else "")


def _host_and_port(parts: SplitResult) -> str | None:
    """`host:port` of an http(s) address split as `parts` (lower case, without the final
    `.` of a name written whole, `x.se.`; the scheme's default port left out), or None for
    an address without a host. Raises ValueError for a port that is no number."""
    host = (parts.hostname or "").removesuffix(".")
    if not host:
        return None
    port = parts.port
    return host + (f":{port}" if port and port != _DEFAULT_PORTS.get(parts.scheme) else "")


def _without_dot_segments(path: str) -> str:
    """`path` with its `.` and `..` parts resolved as RFC 3986 §5.2.4 does for every
    address (`/a/./b/../c` → `/a/c`, `/a/..` → `/`; a `..` above the root stays there)."""
    if "." not in path:
        return path
    segments = path.split("/")
    kept = segments[:1]  # '' for a path from the root
    for at, segment in enumerate(segments[1:], 1):
        last = at == len(segments) - 1
        if segment in (".", ".."):
            if segment == ".." and len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")  # `/a/.` and `/a/b/..` name the folder: `/a/`
        else:
            kept.append(segment)
    return "/".join(kept) or "/"


def _as_folder(path: str) -> str:
    """The one spelling of `path` (an address's path, dot parts resolved) by which a folder
    written without its final `/` (`/jobb`) and with it (`/jobb/`) compare equal: with its
    final `/`. A last part with a suffix (`/x.pdf`) names a file, whose address is another
    than the folder's of that name (`/x.pdf/`, written to `x.pdf/index.html` as
    `output_path` has it); every page's last part has none (slugs hold no `.`)."""
    if path.endswith("/"):
        return path
    if posixpath.splitext(path.rpartition("/")[2])[1]:
        return path
    return path + "/"


def _escapes(text: str) -> str:
    """`text` with its %-escapes as RFC 3986 §6.2.2.2 normalises them: in upper case, and
    those of unreserved characters (`%7E`) as the characters."""

    def one(match: re.Match[str]) -> str:
        letter = chr(int(match[0][1:], 16))
        return letter if letter in _UNRESERVED else match[0].upper()

    return _ESCAPE.sub(one, text)


@lru_cache(maxsize=1024)
def ascii_host(host: str) -> str:
    """`host` as browsers look it up (WHATWG URL: UTS #46 mapping, then IDNA 2008): each
    label of other letters than ASCII as its A-label (`straße.se` → `xn--strae-oqa.se`,
    `Göteborg.se` → `xn--gteborg-90a.se`), ASCII labels as they are. Python's own 'idna'
    codec is IDNA 2003, which maps ß to ss: `strasse.se`, another domain. Raises
    ValueError (idna.IDNAError) saying what is wrong with a label."""
    if host.isascii():
        return host
    mapped = idna.uts46_remap(host, std3_rules=False, transitional=False)
    return ".".join(label if label.isascii() else idna.alabel(label).decode("ascii") for label in mapped.split("."))


def host_problem(address: str) -> str | None:
    """Why the host of whole address `address` (`https://göteborg.se/…`) cannot be looked
    up, as an editor can act on it, or None (also for an address without a host)."""
    try:
        host = urlsplit(address).hostname or ""
    except ValueError:
        return None  # (told by the caller's own checks)
    try:
        ascii_host(host)
    except ValueError as exc:
        return (f"its host {quoted(host)} is not a domain name browsers can look up (IDNA 2008: {exc}); "
                "check its spelling")  # fmt: skip
    return None


@lru_cache(maxsize=65536)
def relative(target: str, page: str) -> str:
    """`target` (an address from the server's root, as `address` gives it) as seen from the
    page at address `page`, such that it works from any folder and from `file://`, where a
    folder does not open its index.html: `/etikett/x/#a` from `/2016/01/ale/` is
    `../../../etikett/x/index.html#a`."""
    cut = min((i for i in (target.find("?"), target.find("#")) if i >= 0), default=len(target))
    path, rest = target[:cut], target[cut:]
    here = page.split("/")[1:-1]  # the page's folders: /2016/01/ale/ → 2016, 01, ale
    there = path.split("/")[1:]  # the target's folders, then its file name ('' for a folder)
    shared = 0
    while shared < min(len(here), len(there) - 1) and here[shared] == there[shared]:
        shared += 1
    found = "/".join([".."] * (len(here) - shared) + there[shared:])
    if path.endswith("/"):
        found += "index.html"
    return found + rest


# A start tag, its attribute values quoted or not (a '>' inside quotes is part of a value:
# `<source media="(width >= 40em)" srcset="…">`), and one attribute in it.
# Each part can be read one way only (an unquoted value is never empty), so that text that
# only starts like a tag (`i<list.length` in a script) fails in linear time.
_TAG = re.compile(r"""<[A-Za-z][^\s/>]*(?:\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*(?:\s*/)?\s*>""")
_ATTRIBUTE = re.compile(r"""(\s)([^\s=>/"']+)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# Attributes that hold an address (HTML's URL attributes; a name ending so, as data-src, too).
_URL_NAME = re.compile(
    r"(?:^|[-:])(?:poster|action|formaction|cite|data|background|longdesc)\Z|(?:href|src|srcset)\Z", re.IGNORECASE
)  # (xlink:href, imagesrcset, data-src; not metadata)
# Where CSS may name an address: a url( or an image-set( (whose strings are addresses),
# in any case (CSS's names are: `URL(`, `Image-Set(`).
_CSS_FUNCTION = re.compile(r"url\(|image-set\(", re.IGNORECASE)
_STYLE_ELEMENT = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.IGNORECASE | re.DOTALL)
_ESCAPED_STYLE_ELEMENT = re.compile(r"(&lt;style\b.*?&gt;)(.*?)(&lt;/style&gt;)", re.IGNORECASE | re.DOTALL)
# Whether a text may hold a <style> element, in any case (faster than two `in` tests).
_STYLE_START = re.compile(r"<style", re.IGNORECASE)
_ESCAPED_STYLE_START = re.compile(r"&lt;style", re.IGNORECASE)
# What comes before a refresh's address in its content (WHATWG HTML, "shared declarative
# refresh steps"): the time (`0`, `1.5`, `.5`), ';' or ',' or spaces, then maybe `url=`
# (any case, spaces around '=') and a quote; the address ends at the same quote, or with
# the value. After `u` or `ur` that go on otherwise no quote is skipped (`ur'x'` is the
# address).
_REFRESH = re.compile(
    r"""[\t\n\f\r ]*(?:[0-9]+|(?=\.))[0-9.]*(?:[\t\n\f\r ]+[;,]?|[;,])[\t\n\f\r ]*"""
    r"""(?:[uU][rR][lL][\t\n\f\r ]*=[\t\n\f\r ]*)?(["']?)"""
)
# Where an attribute may hold an address from the root: a value starting with '/' (after
# the spaces a browser drops, see `trimmed`; a srcset's first candidate too) or a refresh
# (`http-equiv="refresh"`, in any case: its tag's content holds an address, see
# `_refresh`), a srcset's later candidate, a url( or an image-set( in any case (CSS's
# names are: `URL(`, `Url(`).
# Three patterns, each starting with one character, which the regex engine skips to
# quickly: as one pattern of alternatives, every '=', ',' and 'u' was tried, 2× as slow.
_FROM_ROOT = (
    re.compile(r"""=\s*(?:"|'|&\#34;|&\#39;)?(?:[\x00-\x20]*/(?!/)|[rR][eE][fF][rR][eE][sS][hH])"""),
    re.compile(r",\s*/(?!/)"),
    re.compile(r"\((?:(?<=[uU][rR][lL]\()|(?<=-[sS][eE][tT]\())"),  # (IGNORECASE: 5× slower)
)
# The start of an Atom text construct of type html (RFC 4287 §3.1.1.2), a custom feed
# layout's too; its end is found with str.find (a lazy .*? up to it took ms per feed).
_HTML_CONTENT = re.compile(r"""<(content|summary|subtitle|rights|title)\b[^>]*?\btype\s*=\s*["']html["'][^>]*>""")
# The same, escaped once more (Jinja's escaping: &lt; &gt; &#34; &#39;), as a feed's
# content holds them; a '"' inside a value was then written &amp;quot; or &amp;#34;.
_QUOTED = r"&#34;[^&]*(?:&(?!#34;)[^&]*)*&#34;|&#39;[^&]*(?:&(?!#39;)[^&]*)*&#39;"  # linear: no .*?
_ESCAPED_TAG = re.compile(
    rf"&lt;[A-Za-z][^\s/&]*(?:\s+[^\s=&/]+(?:\s*=\s*(?:{_QUOTED}|[^\s&]+))?)*(?:\s*/)?\s*&gt;"
)
_ESCAPED_ATTRIBUTE = re.compile(
    r"(\s)([^\s=&/]+)(\s*=\s*)(?:&#34;([^&]*(?:&(?!#34;)[^&]*)*)&#34;|&#39;([^&]*(?:&(?!#39;)[^&]*)*)&#39;|([^\s&]+))"
)


def rewrite_tags(html: str, change: Callable[[str, str, str], str | None], escaped: bool = False,
                 near: Sequence[re.Pattern[str]] = ()) -> str:  # fmt: skip
    """`html` with `change(name, value, tag)` applied to each attribute of each start tag
    (its name in lower case, its value as written, the whole tag as written), a None
    keeping the value as it is. Only
    tags count: `data=/tmp/x` in a paragraph and `<a href="/x">` shown in a code sample
    (`&lt;a href="/x"&gt;`) are text. `escaped`: `html` is escaped once more (a feed's
    content), and its tags are `&lt;a href=&#34;/x&#34;&gt;`. `near`: only the tags holding
    a place one of these patterns finds are read (a speed-up, for changes that need such a
    place)."""
    quotes = ("&#34;", "&#39;") if escaped else ('"', "'")

    def attribute(match: re.Match[str]) -> str:
        space, name, equals, double, single, bare = match.groups()
        value = next(v for v in (double, single, bare) if v is not None)
        new = change(name.lower(), value, match.string)
        if new is None or new == value:
            return match.group(0)
        quote = quotes[0] if double is not None else quotes[1] if single is not None else ""
        return f"{space}{name}{equals}{quote}{new}{quote}"

    tag, one = (_ESCAPED_TAG, _ESCAPED_ATTRIBUTE) if escaped else (_TAG, _ATTRIBUTE)
    if not near:
        return tag.sub(lambda found: one.sub(attribute, found.group(0)), html)
    # Only the tags around a place `near` finds: a feed's 20 whole articles hold thousands
    # of tags, and a few addresses from the root.
    opener, pieces, at = "&lt;" if escaped else "<", [], 0
    for hint in sorted(place.start() for pattern in near for place in pattern.finditer(html)):
        if hint < at:
            continue
        start = html.rfind(opener, at, hint)
        for _ in range(4):  # a '<' inside a quoted value: look further back
            if start < 0:
                break
            found = tag.match(html, start)
            if found and found.end() > hint:
                pieces += [html[at:start], one.sub(attribute, found.group(0))]
                at = found.end()
                break
            start = html.rfind(opener, at, start)
    return "".join(pieces) + html[at:] if pieces else html


def rewrite_addresses(text: str, change: Callable[[str], str], escaped: bool = False,
                      wanted: Callable[[str, str], bool] | None = None,
                      near: Sequence[re.Pattern[str]] = ()) -> str:  # fmt: skip
    """Every address from the root in `text`'s URL attributes (href, src, each candidate of
    a srcset, poster, action, formaction, cite, data, longdesc and names ending so, whatever
    their case and quotes), in the `url()`s of its style attributes and `<style>` elements
    and in a refresh's target (`<meta http-equiv="refresh" content="0; url=/x/">`), passed
    through `change` (`relative` or `absolute`, bound to a page). Only tags count (see
    `rewrite_tags`). `escaped`: `text` is an Atom feed, whose `<content type="html">`
    holds HTML escaped once more, whose tags count too; its titles and summaries are text.
    `wanted(name, address)`: which addresses to change instead of those from the root (the
    attribute's name in lower case, `style` for a `<style>` element's; the address as the
    text it stands for, without the spaces around it, see `trimmed`); `near`, with it:
    only the tags holding a place one of these patterns finds are read (see
    `rewrite_tags`), which must find each tag with an address `wanted` takes; none: every
    tag is read."""
    if wanted is None:
        wanted, near = _wanted_from_root, _FROM_ROOT
    if escaped:
        pieces, at = [], 0
        styled = _ESCAPED_STYLE_START.search(text) is not None  # (looked for once, not in each entry)
        for start in _HTML_CONTENT.finditer(text):
            end = text.find(f"</{start[1]}>", start.end())
            if start.start() < at or end < 0:
                continue
            inner = _rewritten(text[start.end() : end], change, True, wanted, near)
            if styled and _ESCAPED_STYLE_START.search(inner):
                inner = _ESCAPED_STYLE_ELEMENT.sub(lambda e: e[1] + _css_urls(e[2], change, wanted, 1) + e[3], inner)
            pieces += [_rewritten(text[at : start.end()], change, False, wanted, near), inner]  # the feed's own tags, then
            at = end
        return "".join(pieces) + _rewritten(text[at:], change, False, wanted, near)
    text = _rewritten(text, change, False, wanted, near)
    if _STYLE_START.search(text):
        text = _STYLE_ELEMENT.sub(lambda m: m[1] + _css_urls(m[2], change, wanted, 0) + m[3], text)
    return text


def _rewritten(text: str, change: Callable[[str], str], escaped: bool, wanted: Callable[[str, str], bool],
               near: Sequence[re.Pattern[str]]) -> str:  # fmt: skip
    """`rewrite_addresses`'s work on the attributes of `text`'s tags. An address is
    changed as the text it stands for, its character references read (`&amp;` is `&`,
    twice over in a feed's escaped content) and written again after: `/a/?x=1&amp;y=2`
    is `/a/?x=1&y=2`, and `&#39;` is no fragment (`#`) and no URL parameter (`;`)."""

    def address(name: str, written: str) -> str:
        value = _read_attribute(written, escaped)
        if not wanted(name, trimmed(value)):
            return written
        new = change(trimmed(value))  # `href=" /om/"` leads to /om/
        return written if new == value else _write_attribute(new, escaped)

    def one(name: str, value: str, tag: str) -> str | None:
        if name == "style":
            return _css_urls(value, change, wanted, 2 if escaped else 1) if _CSS_FUNCTION.search(value) else None
        if name == "content":
            return _refresh(value, tag, change, escaped, wanted)
        if not holds_address(name):
            return None
        if name.endswith("srcset"):
            pieces, at = [], 0
            for start, end in srcset_addresses(value):
                pieces += [value[at:start], address(name, value[start:end])]
                at = end
            return "".join(pieces) + value[at:]
        return address(name, value)

    return rewrite_tags(text, one, escaped, near)


def css_addresses(css: str) -> list[tuple[Reference, str]]:
    """Each place the CSS text `css` (a style attribute's value, its references read, or a
    stylesheet's text) names an address (a `url()` token, an `@import`'s target, a string
    directly in `image-set()`: `references.css_references`, which undoes CSS's escapes as
    CSS Syntax Level 3 reads them, §4.3.5–4.3.7), with the address a browser loads for it:
    the token's value read by the URL parser (`trimmed`, `slashed`). `url(bilder\\ale.jpg)`
    is `bilder` + a line break (`\\a`) + `le.jpg`, so `bilderle.jpg`;
    `url('bilder\\5c ale.jpg')` is `bilder\\ale.jpg`, so `bilder/ale.jpg`;
    `url(/filer\\a.png)` is `/filer.png`. The page's own code and its feed rewrite these
    addresses (`rewrite_addresses`) and `check --links` checks them, all as read here."""
    return [(reference, slashed(trimmed(reference.address))) for reference in css_references(css)]


def _css_urls(written: str, change: Callable[[str], str], wanted: Callable[[str, str], bool], layers: int) -> str:
    """`written` (a style attribute's value or a `<style>` element's text, as written) with
    each address it names (see `css_addresses`) that `wanted` takes passed through
    `change` and written back in its place, escaped as CSS and the HTML around it need
    (`references.written`, `attribute_text`). `layers`: how many times `written` is
    HTML-escaped around its CSS (0 for a `<style>` element's text, 1 for a style
    attribute's value or a feed's escaped `<style>`, 2 for a style attribute in a feed's
    escaped content). The rest of `written` is kept byte for byte."""
    css, places = _read_with_places(written, layers)
    pieces, at = [], 0
    for reference, address in css_addresses(css):
        if not wanted("style", address) or (new := change(address)) == reference.address:
            continue
        piece = written_in_css(new, reference.quote, css=True)
        for _ in range(layers):
            piece = attribute_text(piece)
        pieces += [written[at : places[reference.start]], piece]
        at = places[reference.end]
    return "".join(pieces) + written[at:] if pieces else written


def _read_with_places(written: str, layers: int) -> tuple[str, list[int]]:
    """The text `written` stands for once its character references are read `layers` times
    (see `attribute_value`), and for each of its characters (and its end) the offset in
    `written` where what stands for it starts."""
    text, places = written, list(range(len(written) + 1))
    for _ in range(layers):
        if "&" not in text:
            break
        pieces: list[str] = []
        inner: list[int] = []
        at = 0
        for found in _REFERENCE.finditer(text):
            read = _referenced(found)
            pieces += [text[at : found.start()], read]
            kept = read == found[0]  # (a name HTML does not read here: text as written)
            inner += range(at, found.end()) if kept else [*range(at, found.start()), *[found.start()] * len(read)]
            at = found.end()
        pieces.append(text[at:])
        inner += range(at, len(text) + 1)
        text, places = "".join(pieces), [places[offset] for offset in inner]
    return text, places


def _from_root(value: str) -> bool:
    return value.startswith("/") and not value.startswith("//")


def _read_attribute(written: str, escaped: bool) -> str:
    """The text an attribute's value `written` stands for (see `attribute_value`);
    `escaped`: written escaped once more, in a feed's content (`&amp;amp;` is `&`)."""
    return attribute_value(unescape(written) if escaped else written)


def _write_attribute(text: str, escaped: bool) -> str:
    """`text` written as an attribute's value (see `attribute_text`), and escaped once
    more when `escaped` (a feed's content): `_read_attribute` undone."""
    written = attribute_text(text)
    return attribute_text(written) if escaped else written


def _wanted_from_root(name: str, value: str) -> bool:
    return _from_root(value)


def srcset_addresses(value: str) -> list[tuple[int, int]]:
    """Where the address of each image candidate of the srcset `value` (as written) is, as
    (start, end) offsets, as WHATWG HTML's "parse a srcset attribute" reads it: spaces and
    commas before a candidate are skipped; its address runs to the next space, a comma
    inside it is part of it (`data:image/png;base64,…`, `/a,b.jpg 2x`) and commas that end
    it are not, and end the candidate; else its descriptors (`2x`, `640w`) run to the next
    comma outside parentheses."""
    spans: list[tuple[int, int]] = []
    at, end = 0, len(value)
    while True:
        while at < end and value[at] in _SRCSET_SKIPPED:
            at += 1
        if at == end:
            return spans
        start = at
        while at < end and value[at] not in _HTML_SPACE:
            at += 1
        stop = at
        while value[stop - 1] == ",":
            stop -= 1
        spans.append((start, stop))
        if stop < at:  # commas after the address: the next candidate follows
            continue
        in_parentheses = False
        while at < end and (in_parentheses or value[at] != ","):
            in_parentheses = value[at] == "(" or (in_parentheses and value[at] != ")")
            at += 1


_HTML_SPACE = frozenset("\t\n\f\r ")  # HTML's ASCII whitespace
_SRCSET_SKIPPED = _HTML_SPACE | {","}


def _refresh(written: str, tag: str, change: Callable[[str], str], escaped: bool,
             wanted: Callable[[str, str], bool]) -> str | None:  # fmt: skip
    """The content attribute `written` of the start tag `tag` with its target passed
    through `change`, when `tag` is a refresh (`<meta http-equiv="refresh" content="0;
    url='/x/'">`, HTML's redirect: its http-equiv in any case) whose target `wanted`
    takes (see `rewrite_addresses`); else None. The target is read as WHATWG HTML's "shared
    declarative refresh steps" read it (see `_REFRESH`): quoted or not, `URL` in any
    case, spaces around '=', a time with a fraction, `,` for `;`, no `url=` at all; another
    tag's content (a description's `3 / 4 …`) is no address. `escaped`: as in
    `rewrite_tags`."""
    value = _read_attribute(written, escaped)
    if (span := _refresh_span(value)) is None:
        return None
    target = value[span[0] : span[1]]
    if not wanted("content", trimmed(target)):
        return None
    attribute = _ESCAPED_ATTRIBUTE if escaped else _ATTRIBUTE
    given = [(m[2].lower(), next(v for v in m.groups()[3:] if v is not None)) for m in attribute.finditer(tag)]
    kind = dict(reversed(given)).get("http-equiv")  # (written twice: HTML reads the first)
    if kind is None or _read_attribute(kind, escaped).lower() != "refresh":
        return None
    new = value[: span[0]] + change(trimmed(target)) + value[span[1] :]
    return _write_attribute(new, escaped)


def _refresh_span(content: str) -> tuple[int, int] | None:
    """Where the target stands in a refresh's `content` (its references read), as
    `_REFRESH` finds it: to the quote that opened it, else to the end; None when `content`
    names no address (`5`, a reload)."""
    if not (found := _REFRESH.match(content)):
        return None
    end = content.find(found[1], found.end()) if found[1] else -1
    return found.end(), end if end >= 0 else len(content)


def refresh_target(content: str) -> str | None:
    """The address a refresh's `content` attribute (`0; url='/x/'`, its references read)
    sends the reader to, as WHATWG HTML's "shared declarative refresh steps" read it (see
    `_REFRESH`), without the spaces a browser drops; None when it names none."""
    span = _refresh_span(content)
    return trimmed(content[span[0] : span[1]]) or None if span else None


def holds_address(name: str) -> bool:
    """Whether the attribute `name` (in lower case) holds an address: HTML's URL
    attributes (href, src, srcset, poster, action, formaction, cite, data, background,
    longdesc) and names ending so (xlink:href, imagesrcset, data-src). A `content` holds one only
    in a refresh (see `refresh_target`), a `style` in its url()s."""
    return _URL_NAME.search(name) is not None


def trimmed(address: str) -> str:
    """`address`, as written in an attribute (its references read), as a browser's URL
    parser takes it (WHATWG URL, "basic URL parser"): without the C0 controls and spaces
    around it, and without any tab or line break inside. `<a href=" /om/">` leads to
    `/om/`, and `<a href=" ../02/">` is a relative address."""
    return address.strip(URL_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")


URL_SPACE = "".join(map(chr, range(0x21)))  # C0 controls and space: dropped around an address


def slashed(address: str) -> str:
    """`address` (as `trimmed` gives it) with each '\\' a browser reads as '/' written '/',
    as WHATWG URL's parser reads it: in an address of a "special" scheme (http, https,
    ws, wss, ftp, file) and in a relative one, which a page of the site (http, https, or
    file:// with `relative_urls`) resolves as of its own scheme, every '\\' before the
    query and the fragment is a '/', in the host's part as in the path:
    `bilder\\ale.jpg` → `bilder/ale.jpg`, `..\\filer\\a.pdf` → `../filer/a.pdf`,
    `\\\\cdn.se\\x` → `//cdn.se/x` (another host), `https://ale.se\\jobb` →
    `https://ale.se/jobb`. In the query and the fragment a '\\' is itself (`?q=a\\b`), and
    so it is in any other scheme's address (`mailto:`, `tel:`, `data:`, `javascript:`).
    A '%5C' is an escaped '\\', part of a name, never a '/'."""
    if "\\" not in address:
        return address
    cut = min((at for at in (address.find("?"), address.find("#")) if at >= 0), default=len(address))
    head = address[:cut]
    scheme = _SCHEME.match(head)
    if "\\" not in head or (scheme and scheme[1].lower() not in _SPECIAL_SCHEMES):
        return address
    return head.replace("\\", "/") + address[cut:]


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")  # RFC 3986 §3.1, as WHATWG URL reads one
_SPECIAL_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp", "file"})  # WHATWG URL's "special" schemes


def attribute_value(written: str) -> str:
    """The text an HTML attribute's value `written` stands for, its character references
    read as HTML reads them in an attribute (`&amp;` is `&`, `&#39;` is `'`). Unlike
    `html.unescape`, which reads text between tags, a named reference left without its
    ';' and followed by a letter, digit or '=' is text as written: a browser reads
    `/sok/?a=1&region=vg` as that address, not as `/sok/?a=1®ion=vg` (`&reg`)."""
    return _REFERENCE.sub(_referenced, written) if "&" in written else written


# A character reference as `html.unescape` finds one (a name of up to 32 characters).
_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def _referenced(found: re.Match[str]) -> str:
    """What the reference `found` stands for in an attribute's value (see `attribute_value`)."""
    name = found[1]
    if name[0] != "#" and name not in html5:
        # No whole name: `html.unescape` takes the longest name it starts with (`reg` of
        # `region=vg`); HTML does not in an attribute when a letter, digit or '=' follows it.
        known = next((size for size in range(len(name) - 1, 1, -1) if name[:size] in html5), None)
        after = name[known:known + 1] if known is not None else ""
        if after and (after in _LETTERS_AND_DIGITS or after == "="):
            return found[0]
    return unescape(found[0])


_LETTERS_AND_DIGITS = frozenset(string.ascii_letters + string.digits)


def start_tag_attributes(tag: str) -> list[tuple[str, str | None]]:
    """The attributes of the start tag `tag` (as `HTMLParser.get_starttag_text` gives it),
    in order: names in lower case, None for a bare name, each value read by
    `attribute_value`, as HTML reads it (html.parser's own attributes are read with
    `html.unescape`, which takes `&region=` for `®ion=`). Tokenized by the HTML standard's
    attribute states (WHATWG HTML §13.2.5.32–39: a name runs to white space, '/', '>' or
    '=', a value is quoted or runs to white space or '>'), with sitegen's own pattern."""
    at = _TAG_NAME.match(tag).end()  # type: ignore[union-attr]  # (it matches "" too)
    attributes: list[tuple[str, str | None]] = []
    while match := _START_TAG_ATTRIBUTE.match(tag, at):
        name, value = match.group(1, 2)
        if value is not None and value[:1] in "'\"" and len(value) > 1 and value[-1] == value[0]:
            value = value[1:-1]
        attributes.append((name.lower(), attribute_value(value) if value else value))
        at = match.end()
    return attributes


_TAG_NAME = re.compile(r"<?[^\t\n\f\r />]*")
_START_TAG_ATTRIBUTE = re.compile(r"""[\t\n\f\r /]*([^\t\n\f\r />][^\t\n\f\r />=]*)"""
                                  r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*("[^"]*"|'[^']*'|[^\t\n\f\r >]*))?""")


def attribute_text(text: str) -> str:
    """`text` as an HTML attribute's value in quotes of either kind, and as XML text: `&`,
    `<`, `>` and both quotes written as character references (`&#34;` and `&#39;`, as
    MarkupSafe writes them)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))  # fmt: skip


def pattern_problem(key: str, pattern: str) -> str | None:
    """Why permalink pattern `pattern` cannot be used for `key` (article, page, home), or
    None when it can."""
    allowed = PLACEHOLDERS[key]
    sample = {name: "1" for name in allowed}
    names = ", ".join(f"{{{name}}}" for name in allowed) or "no {…} at all"
    if not uses_only(pattern, sample):
        unknown = _placeholders(pattern) - set(allowed)
        if unknown:
            return f"uses {{{sorted(unknown)[0]}}}, which is not known; it may use {names}"
        return f"has a '{{' or '}}' out of place; it may use {names}, written just so"
    if allowed and f"{{{allowed[0]}}}" not in pattern:
        return f"must contain {{{allowed[0]}}}, or every {key} would get the same address"
    if key == "page" and pattern.startswith("/"):
        page = _mended(key, pattern) or pattern.lstrip("/")
        return (f"must not start with '/': it is put after each listing's own address "
                f"(/etikett/x/{page}), so write \"{page}\"")
    unrooted = key != "page" and not pattern.startswith("/")
    if unrooted or not pattern.endswith("/"):
        ends = "start and end" if unrooted and not pattern.endswith("/") else "start" if unrooted else "end"
        if mended := _mended(key, pattern):
            return f"must {ends} with '/': write \"{mended}\""
        slashed = _slashed(key, pattern)
        return f"must {ends} with '/', and then {slashed!r} {pattern_problem(key, slashed)}"
    problem = _folder_problem(pattern.format(**sample))
    mended = _mended(key, pattern) if problem and ("//" in pattern or "\\" in pattern) else None
    return f"{problem}: \"{mended}\"" if mended else problem


def _mended(key: str, pattern: str) -> str | None:
    """The pattern the editor most likely meant by `pattern` for `key`, when only its '/'
    are wrong (`_slashed`): `start` → `/start/` for home, `/sida/{n}` → `sida/{n}/` for
    page; None when that pattern would not do either."""
    mended = _slashed(key, pattern)
    return mended if mended != pattern and pattern_problem(key, mended) is None else None


def _slashed(key: str, pattern: str) -> str:
    """`pattern` with its '/' as `key` needs them: one at its start (not for page, which
    follows a listing's address) and one at its end, one between parts where it has
    several or a '\\'."""
    parts = re.sub(r"[/\\]+", "/", pattern).strip("/")
    return ("" if key == "page" else "/") + parts + ("/" if parts else "")


def _folder_problem(path: str) -> str | None:
    """Why the pattern `path` (its placeholders filled in, nothing else changed) cannot name
    the folders a page is written to and addressed by alike (the rules aliases follow,
    `validate.site_path`), or None."""
    parts = path.strip("/").split("/")
    if "//" in path:
        return "has an empty part ('//'); write one '/' between the parts"
    if "\\" in path:
        return "has a '\\'; write '/' between the parts"
    if any(ord(character) < 0x20 or 0x7F <= ord(character) < 0xA0 for character in path):
        return "has a control character (a tab?); write the path as a reader's browser shows it"
    if unicodedata.normalize("NFC", path) != path:
        return "has letters written in two parts (a and a ring above it); write each as one (å)"
    if "?" in path or "#" in path:
        return "has a '?' or '#', which ends a path in an address: no folder can be named after it"
    if "%" in path:
        return "has a '%'; write the path with its letters (å, ä, ö) as they are, not %-escaped"
    if "." in parts:
        return "has a '.' part; write the path without it"
    if ".." in parts or not is_safe(UrlPattern(path).expand().lstrip("/")):
        return "would put pages outside the site; remove the '..'"
    if any(part.startswith(".") for part in parts if part):
        return "has a part starting with '.', which is never published (and sitegen keeps for itself)"
    return None


def _placeholders(pattern: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        return set()


def uses_only(pattern: str, values: dict[str, str]) -> bool:
    """True when `pattern` uses only `values`, as plain {name} placeholders."""
    try:
        fields = list(string.Formatter().parse(pattern))
        pattern.format(**values)
    except (ValueError, KeyError, IndexError, AttributeError):
        return False
    return all(name is None or (name in values and not spec and not conversion)
               for _, name, spec, conversion in fields)  # fmt: skip
