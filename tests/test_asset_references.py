"""How stylesheets and modules name other files: found as a browser reads them (strings and
comments skipped), published with the other files' published names or relative to
themselves, whatever characters a path has, and checked by `check --links`."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import NOW, article, told
from hypothesis import example, given
from hypothesis import strategies as st

from sitegen.build import BuildOptions, build
from sitegen.output.assets import _addresses
from sitegen.output.references import css_references, js_references, written


@pytest.mark.parametrize(("text", "addresses"), [
    ('@import "/css/bas fil.css";', ["/css/bas fil.css"]),
    ("@import url( '/a\\20 b.css' ) screen;", ["/a b.css"]),
    ("@IMPORT/**/url(x\\ y.css);", ["x y.css"]),
    ("a{background:URL( /img/å.png )}", ["/img/å.png"]),
    ('a{background:url("b%C3%A5t.png")}', ["b%C3%A5t.png"]),
    ('.a{content:"url(/x)"}', []),  # a string that says url(…) is text
    (".b{content:'see url(/img/a.png)'}", []),
    (".b{content:'it\\'s url(/a.png)'}.c{background:url(/c.png)}", ["/c.png"]),  # an escaped quote
    ("/* url(/c.png) @import 'd.css'; */", []),
    (".d{x:my-url(/no)}.e{x:myurl(/no)}@importer 'no.css';", []),
    ('.f{background:url(data:image/png;base64,AAA)}', ["data:image/png;base64,AAA"]),
    ('.g{content:"open\n.h{background:url(/h.png)}', ["/h.png"]),  # a string left open ends at its line
    # A string directly inside image-set() is an address (CSS Images 4), in no other function
    ('.c{background-image:image-set("/img/a.png" 1x, url("/img/b.png") 2x)}', ["/img/a.png", "/img/b.png"]),
    (".c{background:-webkit-image-set('/a\\20 b.png' 1x)}", ["/a b.png"]),
    ('.c{x:IMAGE-SET("/a.png" type("image/avif"), linear-gradient(red, blue) 2x, "b.png" 3x)}', ["/a.png", "b.png"]),
    ('.c{x:image-set(/* "/no.png" ) */ url( /a.png ) 1x, cross-fade(url(/b.png), "/no.png") 2x, "/c.png")}',
     ["/a.png", "/b.png", "/c.png"]),
    ('.c{x:image-set("/a.png" 1x)}.d{content:"/no.png";font-family:"f"}', ["/a.png"]),  # the set has ended
    ('.c{x:my-image-set("/no.png");y:image-setx("/no.png");z:attr(x, "/no.png")}', []),
])  # fmt: skip
def test_a_stylesheets_addresses_are_its_url_tokens_and_import_targets(text: str, addresses: list[str]) -> None:
    assert [found.address for found in css_references(text)] == addresses


@pytest.mark.parametrize(("text", "addresses"), [
    ('import"/pagefind/pagefind.js";import{x}from"./u.js";import("/js/ny fil.js");',
     ["/pagefind/pagefind.js", "./u.js", "/js/ny fil.js"]),
    ("export*from'../e.js';export{a}from './\\u00e5.js'", ["../e.js", "./å.js"]),
    ('const s="import(\\"/js/u.js\\")",t=\'import "/no.js"\',u=`from "/no.js"`;', []),
    ('var r=/"/g;import"./after-a-regexp.js"', ["./after-a-regexp.js"]),
    ('var q=a/b/c;import"./after-a-division.js"', ["./after-a-division.js"]),
    ('// import "/no.js"\n/* import "/no.js" */Array.from("x");x.import("y")', []),
    ('import"lit";import{a}from"@scope/pkg";import"https://cdn.example/x.js"', ["https://cdn.example/x.js"]),
    # Template literals whose substitutions hold code: strings, templates, braces, comments, regexps
    ('import { html } from "./lit.js";\nconst view = (ok) => html`<p>${ok ? html`<b>ja</b>` : ""}</p>`;\n'
     'export async function later() { const m = await import("./late.js"); return m.x; }', ["./lit.js", "./late.js"]),
    ('const q = `${"`"}`;import"./a.js"', ["./a.js"]),
    ("const l = (items) => `<ul>${items.map(i => `<li>${i}</li>`)}</ul>`;import'./a.js'", ["./a.js"]),
    ('`${ {a: `}`}.a } ${(() => { return "}" + \'`\' })()} import "/no.js"`;import"./a.js"', ["./a.js"]),
    ('`${ /* } ` */ x // `}\n }${ s.replace(/[`}{]/g, "") }\\${ import "/no.js" }`;import"./a.js"', ["./a.js"]),
    ('`1${`2${`3${`4${`5${"`"}`}`}`}`}`;import"./a.js"', ["./a.js"]),
    ('`a${await import("./in.js")}b`;import"./a.js"', ["./in.js", "./a.js"]),
    ('`${a}` / 2 / `${b}`;import"./a.js"', ["./a.js"]),  # a division after a template, no regexp
    ("`open ${x", []), ("`open\\", []), ("`${`${'", []),  # left open to the end
    # Comments between import or from and its address
    ('import(/* comment */ "./late.js");import/**/"./b.js";import{c}from// c\n"./c.js"', ["./late.js", "./b.js", "./c.js"]),
])  # fmt: skip
def test_a_modules_addresses_are_its_imports(text: str, addresses: list[str]) -> None:
    assert [found.address for found in js_references(text)] == addresses


@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\0"), min_size=1))
@example("\r\x0b")  # \v is no whitespace to CSS, though it is to Python's \s
@example("\\ ")  # a space after an escape by code is taken with it
def test_an_address_written_back_reads_as_itself(address: str) -> None:
    for quote in ('"', "'", ""):
        [css] = css_references(f"a{{b:url({quote}{written(address, quote, True)}{quote})}}")
        assert css.address == address
        [in_set] = css_references(f"a{{b:image-set({quote}{written(address, quote, True)}{quote} 1x)}}") if quote else [css]
        assert in_set.address == address
    for quote in ('"', "'"):
        [js] = js_references(f"import{quote}{written('./' + address, quote, False)}{quote};")
        assert js.address == "./" + address
        [js] = js_references(f"`${{`${{'`'}}`}}`;import(/* a */{quote}{written('./' + address, quote, False)}{quote});")
        assert js.address == "./" + address


# Text of a template literal, and code inside its substitutions, that a scanner may take for
# the end of one or the other (or for an import) if it does not read them as JavaScript does.
_TEMPLATE_TEXT = st.sampled_from(["a", " ", "\n", "{", "}", '"', "'", "/", "//", "/*", "$a", "\\`", "\\${", "\\\\",
                                  'import "/no.js"'])
_CODE = st.recursive(
    st.sampled_from(["x", '"}`${"', "'`}'", "`}`", "/[`}{]/g.source", "1"]),
    lambda inner: st.one_of(
        st.builds(lambda parts: "`" + "".join(parts) + "`",
                  st.lists(st.one_of(_TEMPLATE_TEXT, inner.map(lambda code: "${" + code + "}")), max_size=5)),
        inner.map(lambda code: f"{{a: {code}}}.a"),
        inner.map(lambda code: f"(() => {{ return {code}; }})()"),
        inner.map(lambda code: f"{code} /* }} ` */"),
        inner.map(lambda code: f"{code} // }} `\n"),
        inner.map(lambda code: f"f(/}}`/g, {code}) / 2"),
        st.tuples(inner, inner).map(lambda pair: f"[{pair[0]}, {pair[1]}]"),
    ),
    max_leaves=12,
)  # fmt: skip


@given(_CODE)
@example('html`<p>${ok ? html`<b>ja</b>` : ""}</p>`')
@example('`${"`"}`')
@example("`<ul>${items.map(i => `<li>${i}</li>`)}</ul>`")
def test_an_import_after_template_literals_is_found(code: str) -> None:
    """Found by a tester: `import("./late.js")` after a template literal whose substitution
    held another (`html`<p>${ok ? html`<b>ja</b>` : ""}</p>``) was not found, so it was
    published unhashed to a file that is not there; any nesting of templates, strings,
    braces, comments and regexps inside substitutions is read as JavaScript reads it."""
    text = f'import "./before.js";\nconst t = {code};\nimport("./after.js");'
    assert [found.address for found in js_references(text)] == ["./before.js", "./after.js"]


EXTRA_CSS = """@import "/css/bas fil.css";
@import "b%C3%A5t.css";
@import url('/css/åäö.css') screen;
.a { content: "url(/x)" }
.b { content: 'see url(/img/a.png)' }
.c { background: url(/img/logo%20stor.png?v=1#x) }
.d { background: url( "/fonts/typsnitt (1).woff2" ) }
"""
MAIN_JS = """import "/pagefind/pagefind.js";
import { x } from "/js/util.js";
import("/js/ny fil.js");
import { y } from "/js/vendor/lib.mjs";
const s = 'import "/js/util.js"';
"""


def assets_site(make_site: Any, config: str) -> Path:
    """A site whose stylesheet and module name other files in every way, with spaces,
    å, ä, ö, brackets and %-escapes in their paths."""
    root: Path = make_site({"a.md": article("Ale")}, config)
    files = {"css/extra.css": EXTRA_CSS, "css/bas fil.css": ".b{color:red}", "css/båt.css": ".c{color:blue}",
             "css/åäö.css": ".d{color:green}", "js/main.js": MAIN_JS, "js/util.js": "export const x = 1;",
             "js/ny fil.js": "export const z = 1;", "js/vendor/lib.mjs": "export const y = 1;\n",
             "img/logo stor.png": "png", "fonts/typsnitt (1).woff2": "woff"}  # fmt: skip
    for name, text in files.items():
        (root / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "assets" / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("config", [
    "title: T\nbase_url: https://example.se/bilaga/\nsearch: true\n",
    "title: T\nbase_url: https://example.se/bilaga/\nsearch: true\nrelative_urls: true\n",
])  # fmt: skip
def test_every_address_of_a_stylesheet_or_module_leads_to_its_file_under_a_base_path(
    make_site: Any, tmp_path: Path, config: str
) -> None:
    """Found by a helper session: `@import "/css/bas fil.css"` (a space) and `b%C3%A5t.css`
    (%-escaped) were not given the hashed names, and `import "/pagefind/pagefind.js"` in a
    module was left from the server's root (not under /bilaga/), where a stylesheet's
    address is made relative; strings that only say `url(/x)` were rewritten."""
    root = assets_site(make_site, config)
    out = tmp_path / "out"
    build(BuildOptions(root=root, now=NOW, output=out))
    [extra] = out.glob("css/extra.*.css")
    [main_js] = out.glob("js/main.*.js")
    [base] = out.glob("css/bas fil.*.css")
    [util] = out.glob("js/util.*.js")
    text, code = extra.read_text(encoding="utf-8"), main_js.read_text(encoding="utf-8")
    assert text.startswith(f'@import "{base.name.replace(" ", "%20")}";')
    assert '.a{content:"url(/x)"}.b{content:\'see url(/img/a.png)\'}' in text  # text, as written
    assert ".c{background:url(../img/logo%20stor.png?v=1#x)}" in text
    assert f'import"../pagefind/pagefind.js";import{{x}}from"./{util.name}";' in code
    assert "import{y}from\"./vendor/lib.mjs\";const s='import \"/js/util.js\"';" in code
    # Each address, resolved as a browser resolves it under /bilaga/, names a published file.
    for published, found in [(extra, css_references(text)), (main_js, js_references(code))]:
        here = "https://example.se/bilaga/" + published.relative_to(out).as_posix()
        assert len(found) == (3 + 2 if published == extra else 4)
        for reference in found:
            path = unquote(urlsplit(urljoin(here, reference.address)).path)
            assert path.startswith("/bilaga/") and (out / path.removeprefix("/bilaga/")).is_file(), reference
    assert told(root, "--links", command="check") == (0, [])


def test_check_links_tells_where_a_stylesheet_or_module_names_a_missing_file(make_site: Any) -> None:
    """Found by a helper session: a module's `import "./saknas.js"` was not checked, and a
    stylesheet's broken address was told at its published name, not where it is written."""
    root = assets_site(make_site, "title: T\nbase_url: https://example.se/bilaga/\n")
    (root / "assets/css/extra.css").write_text(
        '/* url(/img/i-en-kommentar.png) */\n@import "saknas.css";\n'
        """.x { background: url( "/img/borta bild.png" ) ; content: 'url(/img/text.png)' }\n"""
        ".y { background: url(/img/borta%20bild.png) }\n"
    )  # fmt: skip
    (root / "assets/js/main.js").write_text('import "./saknas.js";\nimport "lit";\nimport("/js/borta fil.js");\n')
    assert told(root, "--links", command="check") == (1, [
        "assets/css/extra.css:2:10: error: saknas.css: no such page or file",
        "assets/css/extra.css:3:24: error: /img/borta bild.png: no such page or file",
        "assets/css/extra.css:4:22: error: /img/borta%20bild.png: no such page or file",
        "assets/js/main.js:1:9: error: ./saknas.js: no such page or file",
        "assets/js/main.js:3:9: error: /js/borta fil.js: no such page or file",
    ])  # fmt: skip


BILAGA = "title: T\nbase_url: https://example.se/bilaga/\n"
APP_JS = """import { html } from "./lit.js";
const view = (ok) => html`<p>${ok ? html`<b>ja</b>` : ""}</p>`;
export async function later() { const m = await import("./late.js"); return m.x; }
"""


def with_assets(make_site: Any, files: dict[str, str]) -> Path:
    """A site under /bilaga/ with `files` (their paths below assets/ → their text)."""
    root: Path = make_site({"a.md": article("Ale")}, BILAGA)
    for name, text in files.items():
        (root / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "assets" / name).write_text(text, encoding="utf-8")
    return root


def test_a_module_imports_published_files_after_nested_template_literals(make_site: Any, tmp_path: Path) -> None:
    """Found by a tester: after `html`<p>${ok ? html`<b>ja</b>` : ""}</p>`` the module's
    `import("./late.js")` was published as written, while only `late.<hash>.js` was
    (a 404 in the browser), its hash did not cover late.js, and `check --links` said OK."""
    root = with_assets(make_site, {"js/app.js": APP_JS, "js/lit.js": "export const html = (s) => s;",
                                   "js/late.js": "export const x = 1;"})  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    [app], [late] = (tmp_path / "out").glob("js/app.*.js"), (tmp_path / "out").glob("js/late.*.js")
    assert f'await import("./{late.name}")' in app.read_text(encoding="utf-8")
    (root / "assets/js/late.js").write_text("export const x = 2;")
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "again"))
    [changed] = (tmp_path / "again").glob("js/app.*.js")
    assert changed.name != app.name  # its hash covers late.js
    (root / "assets/js/app.js").write_text(APP_JS.replace("./late.js", "./saknas.js"))
    assert told(root, "--links", command="check") == (1, [
        "assets/js/app.js:3:57: error: ./saknas.js: no such page or file"])  # fmt: skip


def test_a_module_whose_minifying_would_change_its_templates_text_is_published_as_written(
    make_site: Any, tmp_path: Path
) -> None:
    """Found by testers: rjsmin collapses the spaces of a template inside a `${…}` (and of
    every template after `${"`"}`), so the page would show other text, and reads a regular
    expression after `=>` as a division. Such a module is published as written, its
    imports still rewritten; any other is minified."""
    nested = 'import { x } from "./late.js";\nexport const a = `a ${ `b   c` } d`;\nexport const b = `x   y`;\n'
    # rjsmin took this regex for a division and `\//` for a comment eating the line: a SyntaxError
    regex = 'import { x } from "./late.js";\nexport const isAbsolute = (u) => /^https?:\\/\\//.test(u);\n'
    # … and after `await` (or else, case, in, …): found by a second tester
    after_keyword = 'import "./late.js";\nexport async function f(s) { return await /^https?:\\/\\//.test(s) }\n'
    plain = "export const c = `e   f`;  //  a comment\n"
    root = with_assets(make_site, {"js/nested.js": nested, "js/regex.js": regex, "js/plain.js": plain,
                                   "js/keyword.js": after_keyword, "js/late.js": "export const x = 1;"})  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    [late] = (tmp_path / "out").glob("js/late.*.js")
    for name, text in (("nested", nested), ("regex", regex), ("keyword", after_keyword)):
        [published] = (tmp_path / "out").glob(f"js/{name}.*.js")
        assert published.read_text(encoding="utf-8") == text.replace("./late.js", f"./{late.name}")
    [minified] = (tmp_path / "out").glob("js/plain.*.js")
    assert minified.read_text(encoding="utf-8") == "export const c=`e   f`;"


def test_the_strings_of_an_image_set_are_published_and_checked_as_addresses(make_site: Any, tmp_path: Path) -> None:
    """Found by a tester: in `image-set("/img/a.png" 1x, url("/img/b.png") 2x)` only the
    url() was made relative, so under /bilaga/ the first address led nowhere, and `check
    --links` did not check it; a plain string directly inside image-set() is a URL."""
    css = '.c{background-image:image-set("/img/a.png" 1x, url("/img/b.png") 2x)}\n'
    css += ".d{background:-webkit-image-set('/img/a b.png' 1x)}\n"
    root = with_assets(make_site, {"css/extra.css": css, "img/a.png": "a", "img/b.png": "b", "img/a b.png": "c"})
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    [extra] = (tmp_path / "out").glob("css/extra.*.css")
    assert extra.read_text(encoding="utf-8") == (
        '.c{background-image:image-set("../img/a.png" 1x,url("../img/b.png") 2x)}'
        ".d{background:-webkit-image-set('../img/a%20b.png' 1x)}"
    )  # fmt: skip
    (root / "assets/css/extra.css").write_text(css.replace("/img/a.png", "/img/saknas.png"))
    assert told(root, "--links", command="check") == (1, [
        "assets/css/extra.css:1:32: error: /img/saknas.png: no such page or file"])  # fmt: skip


def test_the_query_and_fragment_of_an_address_are_published_as_written(make_site: Any, tmp_path: Path) -> None:
    """Found by a tester: the `?` of an empty query was dropped, in `url('/fonts/f.woff2?#iefix')`
    (the @font-face hack for old IE) and in `import "./late.js?"` (another module to a
    browser than `./late.js`)."""
    css = "@font-face{font-family:F;src:url('/fonts/f.woff2?#iefix')}.a{background:url(/img/a.png#)}"
    css += ".b{background:url(/img/a.png?v=1#x)}"
    js = 'import "./late.js?";import "./late.js#";import "./late.js?#";import "./late.js";import "/img/a.png?"'
    root = with_assets(make_site, {"css/extra.css": css, "js/app.js": js, "js/late.js": "export const x = 1;",
                                   "fonts/f.woff2": "f", "img/a.png": "a"})  # fmt: skip
    build(BuildOptions(root=root, now=NOW, output=tmp_path / "out"))
    [extra], [app] = (tmp_path / "out").glob("css/extra.*.css"), (tmp_path / "out").glob("js/app.*.js")
    [late] = (tmp_path / "out").glob("js/late.*.js")
    assert extra.read_text(encoding="utf-8") == ("@font-face{font-family:F;src:url('../fonts/f.woff2?#iefix')}"
                                                 ".a{background:url(../img/a.png#)}.b{background:url(../img/a.png?v=1#x)}")
    assert app.read_text(encoding="utf-8") == (f'import"./{late.name}?";import"./{late.name}#";'
                                               f'import"./{late.name}?#";import"./{late.name}";import"../img/a.png?"')
    assert told(root, "--links", command="check") == (0, [])


@given(st.text("?#a=&/%é ", max_size=12).map(lambda rest: "?" + rest) | st.text("?#a=&/%é ", max_size=12).map(lambda rest: "#" + rest))
@example("?")
@example("#")
@example("?#iefix")
def test_what_follows_the_path_of_an_address_is_kept_as_written(rest: str) -> None:
    """`?…` and `#…` after the path of a stylesheet's or module's address are what it is
    published with, byte for byte (the `?` of an empty query was dropped)."""
    minified = {"css/a.css": b"", "js/a.js": b"", "img/b.png": b""}
    for name, text in [("css/a.css", f'a{{b:url("/img/b.png{rest}")}}'), ("js/a.js", f'import"./a.js{rest}"')]:
        [found] = _addresses(name, text.encode(), minified)
        assert found.rest == rest and found.target == ("img/b.png" if name.endswith(".css") else "js/a.js")
