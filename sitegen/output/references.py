"""Where a stylesheet or a JavaScript module names another file, found as a browser reads it.

A stylesheet names a file in a `url()` token (`url(a.png)`, `url("a.png")`), as the
target of `@import` (`@import "x.css"`, `@import url(x.css)`) and in a string directly
inside `image-set()` (`image-set("a.png" 1x)`); a module in `import "./x.js"`, `… from
"./x.js"` (import and export) and `import("./x.js")`. Strings, comments (and a script's
template literals and regular expressions) are skipped as a whole, so the text `"url(/x)"`
in a `content:` value or `'import "/x.js"'` in a script is never taken for an address; a
template literal's `${…}` substitutions are read as code, which may hold strings, blocks
and templates of its own, to any depth. An address is read with the language's escapes
resolved (`\\20` in CSS, `\\u00e5` in JavaScript), and written back with `written`, escaped
for the place it stands in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """One address in a text: `start`:`end` is what to replace to write another (inside its
    quotes, or the whole of an unquoted `url()`'s value), `address` what it says with escapes
    resolved, `quote` the quote it stands in (`"`, `'`, or "" for an unquoted url)."""

    start: int
    end: int
    address: str
    quote: str


_WS_CHARACTERS = r" \t\n\r\f"  # whitespace to CSS (not \v, nor a no-break space, as \s is)
_WS = f"[{_WS_CHARACTERS}]"
_CSS_STRING = r""""(?:[^"\\\n\r\f]|\\(?:\r\n|.))*"|'(?:[^'\\\n\r\f]|\\(?:\r\n|.))*'"""
_CSS_OPEN_STRING = r"""["'](?:[^\\\n\r\f]|\\(?:\r\n|.))*?(?=[\n\r\f]|\Z)"""  # left open: to its line's end
_CSS_URL = (  # what follows `url(` and its spaces: a string or an unquoted address
    rf"""(?:(?P<quoted>{_CSS_STRING})|(?P<bare>(?>(?:[^"'()\\{_WS_CHARACTERS}]|\\[0-9a-fA-F]{{1,6}}{_WS}?|\\.)+))(?={_WS}*\)))"""
)
_CSS = re.compile(
    rf"""/\*.*?(?:\*/|\Z)                                    # a comment
      | (?<![\w\\-])(?:@import(?![\w-])(?:{_WS}|/\*.*?\*/)*(?:url\({_WS}*)?|url\({_WS}*){_CSS_URL}  # an address
      | (?<![\w\\-])(?P<set>(?:-webkit-)?image-set\()         # an image-set(), whose strings are addresses
      | {_CSS_STRING} | {_CSS_OPEN_STRING}                  # a string, or one left open
    """,
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)
_CSS_IN_SET = re.compile(  # what stands inside image-set(…)
    rf"""/\*.*?(?:\*/|\Z)
      | (?<![\w\\-])url\({_WS}*{_CSS_URL}(?:{_WS}*\))?        # a url(), to its ")"
      | (?P<plain>{_CSS_STRING}) | {_CSS_OPEN_STRING}
      | (?P<paren>[()])
    """,
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)
_CSS_ESCAPE = re.compile(rf"\\(?:([0-9a-fA-F]{{1,6}})(?:\r\n|{_WS})?|(\r\n|[\n\r\f])|(.))", re.DOTALL)

_JS_STRING = r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
_JS_GAP = r"(?:\s|/\*.*?\*/|//[^\n]*)*"  # what may stand between `import` or `from` and its address
_JS_CODE = r"""//[^\n]*|/\*.*?(?:\*/|\Z)                   # comments
  | (?<![\w$.])(?:import{gap}(?:\({gap})?|from{gap})(?P<quoted>{string})  # an address
  | {string}                                               # a string
  | (?:(?<=[(,=:\[!&|?{{;+\-*%<>~^])|(?<=\breturn|\btypeof|\bdelete)|(?<=\bawait|\byield|\bthrow)
     |(?<=\belse|\bcase|\bvoid)|(?<=\bin|\bof|\bdo)|(?<=\bnew)|(?<=\binstanceof)|^)\s*  # a keyword an expression follows
    (?P<regex>/(?![/*])(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/)   # a regular expression
  | (?P<token>{tokens})                                    # what opens or closes a template or a block
"""
_JS = re.compile(_JS_CODE.format(gap=_JS_GAP, string=_JS_STRING, tokens="`"), re.VERBOSE | re.DOTALL | re.MULTILINE)
_JS_IN_SUBSTITUTION = re.compile(  # code inside a template's `${…}`, whose braces count
    _JS_CODE.format(gap=_JS_GAP, string=_JS_STRING, tokens="[`{}]"), re.VERBOSE | re.DOTALL | re.MULTILINE
)
_JS_TEMPLATE = re.compile(r"(?:[^`\\$]+|\\.|\$(?!\{))*+(`|\$\{)?", re.DOTALL)  # a template's text, to its end or a `${`
_JS_ESCAPE = re.compile(r"\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(\r\n|[\n\r\u2028\u2029])|(.))", re.DOTALL)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_JS_SINGLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def css_references(text: str) -> list[Reference]:
    """Each `url()` token, `@import` target and string directly inside `image-set()` (an
    address there, CSS Images 4) of the stylesheet `text`, in order."""
    found: list[Reference] = []
    at: int | None = 0
    while at is not None:
        at = _css_outside_sets(text, at, found)
    return found


def _css_outside_sets(text: str, at: int, found: list[Reference]) -> int | None:
    """Read `text` from `at` to the end of the next image-set(), adding the addresses to
    `found`: where the reading goes on, or None at the end of `text`."""
    for match in _CSS.finditer(text, at):
        if match.group("set"):
            return _image_set(text, match.end(), found)
        found += _css_address(text, match)
    return None


def _image_set(text: str, at: int, found: list[Reference]) -> int | None:
    """Where the reading of `text` goes on after the image-set() whose `(` ends at `at`
    (None at the end of `text`), with its addresses added to `found`: its url()s, and its
    strings outside other functions."""
    depth = 0  # functions open inside it
    for match in _CSS_IN_SET.finditer(text, at):
        paren = match.group("paren")
        if paren == ")" and not depth:
            return match.end()
        if paren:
            depth += 1 if paren == "(" else -1
        elif match.group("plain") is not None and not depth:
            start, end = match.span("plain")
            found.append(Reference(start + 1, end - 1, _css_unescaped(text[start + 1 : end - 1]), text[start]))
        else:
            found += _css_address(text, match)
    return None


def _css_address(text: str, match: re.Match[str]) -> list[Reference]:
    """The address of a url() or @import that `match` found in `text`, if it found one."""
    if match.group("quoted") is not None:
        start, end = match.span("quoted")
        return [Reference(start + 1, end - 1, _css_unescaped(text[start + 1 : end - 1]), text[start])]
    if match.group("bare") is not None:
        start, end = match.span("bare")
        return [Reference(start, end, _css_unescaped(text[start:end]), "")]
    return []


def js_references(text: str) -> list[Reference]:
    """Each module address (`import "…"`, `from "…"`, `import("…")`, comments allowed
    before the address) of the script `text`, in order; not a bare name (`import "lit"`),
    which an import map resolves, since the HTML standard reads as an address only one
    starting with `/`, `./` or `../` or a whole URL. A template literal is read as
    JavaScript reads it: its `${…}` substitutions hold code, with strings, comments,
    regular expressions, blocks and templates of their own, to any depth."""
    return _js_scan(text)[0]


def misread_by_minifiers(text: str) -> bool:
    """Whether a minifier that reads JavaScript by rules of thumb could change what the
    script `text` does or shows: when it holds a regular expression literal, or a backtick
    inside a `${…}` substitution (a template within a template, or a string or comment
    holding one). rjsmin (1.3.0) takes a `/` after `=>`, `typeof` and the like for
    division, so `=> /^https?:\\/\\//` became a comment that ate the rest of the line (a
    SyntaxError), and it collapses the spaces of templates within templates (`a ${`b   c`}`
    → `b c`, and every template after `${"`"}`); `assets` publishes such a script as
    written."""
    return _js_scan(text)[1]


def _js_scan(text: str) -> tuple[list[Reference], bool]:
    """`js_references(text)`, and `misread_by_minifiers(text)`."""
    found: list[Reference] = []
    open_braces: list[int] = []  # for each substitution the scan is inside, the braces open in it
    nested: list[bool] = []
    at: int | None = 0
    while at is not None:
        at = _js_code(text, at, open_braces, found, nested)
    return found, bool(nested)


def _js_code(text: str, at: int, open_braces: list[int], found: list[Reference], nested: list[bool]) -> int | None:
    """Read the code of `text` from `at` (inside the substitutions `open_braces` counts the
    braces of) to a template's text, adding its addresses to `found` (and True to `nested`
    for a regular expression, or a backtick inside a substitution): where code goes on after that text, or None at
    the end of `text`."""
    for match in (_JS_IN_SUBSTITUTION if open_braces else _JS).finditer(text, at):
        if not nested and (match.group("regex") or open_braces and "`" in match.group(0)):
            nested.append(True)
        token = match.group("token")
        if token == "{":
            open_braces[-1] += 1
        elif token == "}" and open_braces[-1]:
            open_braces[-1] -= 1
        elif token:  # "`" opens a template, a "}" of no block closes a substitution
            if token == "}":
                open_braces.pop()
            return _template_text(text, match.end(), open_braces)
        elif match.group("quoted") is not None:
            found += _js_address(text, match)
    return None


def _template_text(text: str, at: int, open_braces: list[int]) -> int:
    """Where code goes on after the text of a template literal from `at` in `text`: after
    its closing backtick, or after a `${`, then counted in `open_braces`."""
    match = _JS_TEMPLATE.match(text, at)
    assert match is not None  # it matches the empty text too
    if match.group(1) == "${":
        open_braces.append(0)
    elif match.group(1) is None:
        return len(text)  # a template left open
    return match.end()


def _js_address(text: str, match: re.Match[str]) -> list[Reference]:
    """The module address that `match` found in `text`, if it is one (not a bare name)."""
    start, end = match.span("quoted")
    address = _js_unescaped(text[start + 1 : end - 1])
    if address.startswith(("/", "./", "../")) or _SCHEME.match(address):
        return [Reference(start + 1, end - 1, address, text[start])]
    return []


def references(name: str, text: str) -> list[Reference]:
    """The references of the file `name` (a stylesheet if it ends in `.css`, else a script)."""
    return css_references(text) if name.lower().endswith(".css") else js_references(text)


def written(address: str, quote: str, css: bool) -> str:
    """`address` as it may stand between `quote`s (or, with none, in an unquoted CSS `url()`)
    of a stylesheet (`css`) or a script."""
    if css:
        special = r"[\\\n\r\f" + quote + "]" if quote else r"""[\\\s"'()\x00-\x1f\x7f]"""
        return re.sub(special, _css_escape, address)
    return re.sub(r"[\\\n\r\u2028\u2029" + quote + "]",
                  lambda m: f"\\u{ord(m.group()):04x}" if m.group() in "\n\r\u2028\u2029" else "\\" + m.group(),
                  address)  # fmt: skip


def _css_escape(match: re.Match[str]) -> str:
    """A character escaped in CSS: a control character by its code, ended by a space (which
    the reader takes with it), any other by a backslash before it."""
    character = match.group()
    return f"\\{ord(character):x} " if character < " " or character == "\x7f" else "\\" + character


def _css_unescaped(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return "" if match.group(2) else match.group(3)

    return _CSS_ESCAPE.sub(one, text)


def _js_unescaped(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2) or match.group(3)
        if code:
            number = int(code, 16)
            return chr(number) if number <= 0x10FFFF else "\ufffd"
        if match.group(4):
            return ""  # a line continuation
        return _JS_SINGLE.get(match.group(5), match.group(5))

    return _JS_ESCAPE.sub(one, text)
