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
    for quote in ('"', "'"):
        [js] = js_references(f"import{quote}{written('./' + address, quote, False)}{quote};")
        assert js.address == "./" + address


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
