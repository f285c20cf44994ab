"""YAML parsing that remembers where every value stood, for errors that point at a line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from sitegen.content.fieldnames import oddity, read_as
from sitegen.errors import Problem, quoted

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C when libyaml is there


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loading, but dates stay text: we parse them ourselves and report bad ones."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Positions:
    """1-based (line, column) of each value, by dotted path (`contact.people.0.email`)."""

    lines: dict[str, tuple[int, int]] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)  # scalars as written
    line_offset: int = 0
    # Keys given twice or written with odd characters: each an error, and the rest is read
    faults: list[TextError] = field(default_factory=list)

    def of(self, path: str) -> tuple[int | None, int | None]:
        while path:
            if path in self.lines:
                line, column = self.lines[path]
                return line + self.line_offset, column
            path = path.rpartition(".")[0]
        return None, None


def display(path: str) -> str:
    """A dotted path for messages, counting list items from 1: `contact.people[1].email`."""
    return re.sub(r"\.(\d+)", lambda m: f"[{int(m.group(1)) + 1}]", path)


_INDENTED_MORE = ("this line is indented more than the field above it; "
                  "fields at the same level must start in the same column")  # fmt: skip
# (words in PyYAML's context, words in its problem, message, point at where the thing starts)
_FIXED = (
    ("flow sequence", "", "the list that starts with '[' here is not closed properly: "
     "end it with ']' on the same line, with ',' between the items", True),
    ("flow mapping", "", "the '{' here is not closed properly: "
     "end it with '}' on the same line, with ',' between the parts", True),
    ("quoted scalar", "end of stream", "the quote that starts here is never closed; "
     "add the same quote mark at the end of the text", True),
    ("quoted scalar", "escape", "a backslash (\\) inside double quotes; "
     "use single quotes around this text", False),
    ("simple key", "", "expected a field like 'kommun: Ale' on this line; "
     "add ':' and a space after the field name", True),
    ("", "another document", "a second '---' line; remove it", False),
)  # fmt: skip


class TextError(Exception):
    """A file that cannot be read as text or as YAML, with the place of the fault."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class KeyFaults(TextError):
    """Keys written twice, or with characters a reader cannot see (see `fieldnames`): each
    an error in `faults`, in the order they stand (the first is this error's own message and
    place). `data` and `positions` are what was read all the same, the last of each repeated
    key kept (as YAML keeps it) and each odd key as the reader sees it, so that a caller can
    go on to find the other errors of the file in them."""

    def __init__(self, faults: list[TextError], data: Any, positions: Positions) -> None:
        super().__init__(faults[0].message, faults[0].line, faults[0].column)
        self.faults = faults
        self.data = data
        self.positions = positions

    def problems(self, source: str) -> list[Problem]:
        """Each fault as an error of the file `source` (its path from the site root)."""
        return [Problem(source, fault.line, fault.column, None, fault.message) for fault in self.faults]


# What XML 1.0 forbids (§2.2), less tab and newline: C0 controls, and U+FFFE, U+FFFF (the
# feed cannot carry them); and the C1 controls, which it may, but no reader sees (Windows
# text read as Latin-1 turns its dashes and quotes into them).
# What YAML reads as null (nothing) when written without quotes, besides an empty value.
NULL = re.compile(r"~|null|Null|NULL")
READ_AS_NULL = "is read as nothing (YAML's null)"  # after the word as written: `Null is read as …`
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def invisible_problem(character: str, escaped: bool = False) -> str:
    """Why `character` (one that `INVISIBLE` finds) cannot stay, and what to do; `escaped`:
    it was written as an escape in double quotes (`"\v"`), as conversion scripts write."""
    what = f"an invisible control character (#x{ord(character):04x})"
    if escaped:
        what += ", written with a '\\' in the quotes,"
    meant = bytes([ord(character)]).decode("cp1252", "replace") if 0x80 <= ord(character) <= 0x9f else ""
    if meant and meant != "\ufffd":
        return f"{what} is in the text, where Windows text read as Latin-1 had {quoted(meant)}; write {quoted(meant)} instead"
    if escaped:
        return f"{what} is in the text; remove it (a line break there? write the text on one line)"
    return f"{what} is in the text; delete it (it often comes along when text is copied from another program)"


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is dropped); otherwise a TextError at the first unreadable byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = raw[:200]
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or max(head[0::2].count(0), head[1::2].count(0)) * 5 > len(head) * 2:
            raise TextError("the file is saved as UTF-16 (Unicode, as some Windows programs write it); "
                            "save it again with the encoding UTF-8", 1, 1) from None  # a mark, or every other byte 0
        if b"\x00" in head:
            raise TextError("this is not a text file (it holds binary data, as an image does); "
                            "move it out of this folder", 1, 1) from None  # fmt: skip
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8", "replace")) + 1
        seen = raw[exc.start : exc.start + 1].decode("cp1252", "replace")
        message = (
            f"the file is not saved as UTF-8 (this looks like {quoted(seen)} saved as Latin-1 "
            "or Windows text); save it again with the encoding UTF-8"
        )
        raise TextError(message, line, column) from None


def load(text: str, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document; raise TextError with the (offset) line of the fault, or
    KeyFaults (a TextError) with every key given twice or written oddly, and what was read."""
    try:
        data, positions = _parse(text, line_offset)
    except yaml.MarkedYAMLError as exc:
        message, line, column = _explain(exc, text.split("\n"))
        if line is None or column is None:
            raise TextError(message, None, None) from None
        raise TextError(message, line + 1 + line_offset, column + 1) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        column = exc.position - text.rfind("\n", 0, exc.position)
        raise TextError(invisible_problem(chr(exc.character)), line, column) from None
    except yaml.YAMLError as exc:
        raise TextError(f"the fields cannot be read: {exc}", None, None) from None
    except _BadTag as exc:
        node, kind = exc.node, exc.node.tag.rpartition(":")[2]
        message = f"{quoted(node.value)} is not a valid {kind}, as its '!!{kind}' says; remove '!!{kind}'"
        line, column = node.start_mark.line + 1 + line_offset, node.start_mark.column + 1
        raise TextError(message, line, column) from None
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:  # PyYAML's, for !!tags
        raise TextError(f"the fields cannot be read: {exc}", None, None) from None
    except RecursionError:
        raise TextError(
            f"the fields are nested too deeply to be read (lists or mappings inside each "
            f"other, more than about {MAX_DEPTH} levels); write them flatter",
            1 + line_offset, 1,
        ) from None  # fmt: skip
    if positions.faults:  # found mapping by mapping: an outer one's before those inside it
        positions.faults.sort(key=lambda fault: (fault.line or 0, fault.column or 0))
        raise KeyFaults(positions.faults, data, positions)
    return data, positions


READ_ON = 10  # fields YAML cannot read that a file is read on past, in one run
_TOP_FIELD = re.compile(r"""([^\s#\-\[\]{},:][^:]*?)\s*:(?:\s|$)""")  # `title: …`, unindented


def leave_out(lines: list[str], fault: int) -> tuple[list[str], str | None] | None:
    """For reading on past a fault that `load` raised: the document's `lines` with what holds
    line `fault` (0-based; past the end counts as in the last field) left out, made empty
    lines so that every other line keeps its number, and the name of the field left out, as
    a reader sees it (`fieldnames.read_as`, quotes round it dropped). What is left out is the
    line alone when it starts in the first column but is no field (`kommun Ale`, its ':'
    forgotten; the name is then None), else the top-level field that holds it, from its
    `key:` line to the next top-level field's. None when no field holds the line (a fault
    before the first field)."""
    if fault < len(lines) and _stray(lines[fault]):
        return lines[:fault] + [""] + lines[fault + 1 :], None
    starts = [(number, found.group(1)) for number, line in enumerate(lines) if (found := _TOP_FIELD.match(line))]
    before = [(number, key) for number, key in starts if number <= fault]
    if not before:
        return None
    first, key = before[-1]
    stop = next((number for number, _ in starts if number > fault), len(lines))
    return lines[:first] + [""] * (stop - first) + lines[stop:], read_as(key.strip("'\""))


def _stray(line: str) -> bool:
    """Whether `line` starts in the first column with text that is neither a field nor a comment."""
    return bool(line.strip()) and not line[0].isspace() and not line.startswith("#") and not _TOP_FIELD.match(line)


def about(field: str | None, name: str | None) -> bool:
    """Whether a problem's `field` (a dotted path as `display` writes it) is the field `name`
    or inside it: what reading on says of a field `leave_out` left out."""
    return name is not None and field is not None and (field == name or field.startswith((name + ".", name + "[")))


MAX_DEPTH = 100  # lists and mappings inside each other, in front matter
MAX_VALUES = 10_000  # values front matter may hold, counting each use of an alias again


def _check_size(node: yaml.Node, line_offset: int) -> None:
    """Refuse front matter deeper than MAX_DEPTH, or holding more than MAX_VALUES values once
    its aliases are counted where they are used: nine nested aliases in 385 bytes stand for
    387 million values, and walking them would exhaust the machine."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise TextError(
                f"the fields are nested more than {MAX_DEPTH} levels deep (lists or mappings "
                "inside each other); write them flatter",
                node.start_mark.line + 1 + line_offset, node.start_mark.column + 1,
            )  # fmt: skip
        if id(node) in sizes:
            return sizes[id(node)]
        found = 1
        if isinstance(node, yaml.SequenceNode | yaml.MappingNode):
            parts = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            for part in parts:  # a text (most values) counts 1, but at a depth too deep
                found += 1 if depth < MAX_DEPTH and isinstance(part, yaml.ScalarNode) else size(part, depth + 1)
        sizes[id(node)] = found = min(found, MAX_VALUES + 1)
        if found > MAX_VALUES:
            raise TextError(
                f"the fields hold more than {MAX_VALUES:,} values once their aliases "
                "(*name) are counted where they are used; write the values out instead",
                node.start_mark.line + 1 + line_offset, node.start_mark.column + 1,
            )  # fmt: skip
        return found

    size(node, 1)


def _parse(text: str, line_offset: int) -> tuple[Any, Positions]:
    positions = Positions(line_offset=line_offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, positions
        _check_size(node, line_offset)
        try:
            return _walk(node, "", positions, loader, set()), positions
        except _Unusual:
            positions = Positions(line_offset=line_offset)
            data = loader.construct_document(node)
            _record(node, "", positions)
            return data, positions
    finally:
        loader.dispose()


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "merge"))
_OTHER_SCALARS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null"))


class _BadTag(Exception):
    """A scalar whose explicit tag (`!!int abc`) PyYAML cannot construct."""

    def __init__(self, node: yaml.ScalarNode) -> None:
        super().__init__(node.value)
        self.node = node


class _Unusual(Exception):
    """Front matter that `_walk` leaves to PyYAML's constructor: aliases of lists or
    mappings (PyYAML shares one object between them), merge keys, other tags."""


def _walk(node: yaml.Node, path: str, positions: Positions, loader: Any, seen: set[int]) -> Any:
    """The value PyYAML's safe constructor makes of `node`, with `_record`'s positions noted
    in the same pass: front matter is parsed for every article, and one walk costs half of two.
    The place of `path` itself is noted by the caller, where it is known (a list item's,
    a field's key), before its contents', so that `positions.lines` keeps `_record`'s order.
    """
    if isinstance(node, yaml.ScalarNode):
        positions.source[path] = str(node.value)
        return _scalar(node, loader)
    if id(node) in seen:
        raise _Unusual
    seen.add(id(node))
    lines = positions.lines
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        items = []
        for i, item in enumerate(node.value):
            child = _child(path, i)
            lines[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_walk(item, child, positions, loader, seen))
        return items
    if not isinstance(node, yaml.MappingNode) or node.tag != _MAP:
        raise _Unusual
    if any(key.tag == _MERGE for key, _ in node.value):
        raise _Unusual  # PyYAML's constructor merges (and checks) them first
    _check_keys(node, positions)
    mapping = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise _Unusual
        name = _scalar(key, loader)  # before the value, as PyYAML does (for the same errors)
        if key.tag == _STR:
            name = read_as(name)  # `kommun\u200b` (told as a fault) is read as `kommun`
        child = _child(path, _key_name(key))
        _note_key(positions, child, key)
        mapping[name] = _walk(value, child, positions, loader, seen)
    return mapping


def _scalar(node: yaml.ScalarNode, loader: Any) -> Any:
    if node.tag == _STR:
        return node.value
    if node.tag in _OTHER_SCALARS:
        try:
            return loader.yaml_constructors[node.tag](loader, node)
        except (ValueError, TypeError, ArithmeticError, LookupError):  # '!!int ' is empty
            raise _BadTag(node) from None
    raise _Unusual


def _explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[str, int | None, int | None]:
    """PyYAML's complaint in words an editor can act on, and the 0-based line and column."""
    context, problem = exc.context or "", exc.problem or ""
    mark, start = exc.problem_mark or exc.context_mark, exc.context_mark or exc.problem_mark
    if mark is None or start is None:
        return f"the fields cannot be read ({problem or context})", None, None
    line = lines[mark.line] if mark.line < len(lines) else ""
    before, char = line[: mark.column], line[mark.column : mark.column + 1]
    indent = len(line) - len(line.lstrip())
    if char == "\t" or "\t" in line[:indent]:
        return "a tab character; indent with spaces only", mark.line, mark.column
    if "mapping values are not allowed" in problem and ": " in before:
        message = f"the value has a ': ' in it; put the whole value in quotes: {_quoted(line)}"
        return message, mark.line, mark.column
    if "mapping values are not allowed" in problem:
        return _INDENTED_MORE, mark.line, indent
    if "block sequence entries are not allowed" in problem and ":" in before:  # `tags: - Ett`
        key, item = line.partition(":")[0].strip(), line[mark.column + 1 :].strip()
        return (f"a '-' on the line of '{key}:'; for a list write {key}: [{item}] (or each '- …' on a "
                f"line of its own below it); for text put it in quotes: {_quoted(line)}"), mark.line, mark.column
    if "flow node" in context and char and char in ",]}":
        return f"an empty item before this {quoted(char)}; remove the extra ','", mark.line, mark.column
    if "flow node" in context and not char and (opened := _unclosed(lines)):  # the end: `tags: [Ett,`
        return _FIXED[0 if opened[2] == "[" else 1][2], opened[0], opened[1]
    for in_context, in_problem, message, at_start in _FIXED:
        if in_context in context and in_problem in problem:
            where = start if at_start else mark
            return message, where.line, where.column
    if "expected key" in problem or "<block end>" in problem:
        return _not_a_key(line, before), mark.line, mark.column
    if any(words in problem for words in ("start any token", "undefined alias", "for the tag")):
        message = f"a value cannot start with {quoted(char)}; put it in quotes: {_quoted(line)}"
        return message, mark.line, mark.column
    said = "; ".join(filter(None, (context, problem)))
    return f"the fields cannot be read (YAML says: {said})", mark.line, mark.column


def _unclosed(lines: list[str]) -> tuple[int, int, str] | None:
    """The last '[' or '{' outside quotes that no ']' or '}' closes on its own line (`tags:
    [Ett,` at the end of the front matter), as (0-based line, column, mark), or None."""
    for number in range(len(lines) - 1, -1, -1):
        opened: list[int] = []
        quote = ""
        for column, char in enumerate(lines[number]):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and (column == 0 or lines[number][column - 1] in " \t[{,:"):
                quote = char
            elif char == "#" and (column == 0 or lines[number][column - 1] in " \t"):
                break
            elif char in "[{":
                opened.append(column)
            elif char in "]}" and opened:
                opened.pop()
        if opened:
            return number, opened[0], lines[number][opened[0]]
    return None


def _inside_own_quotes(value: str) -> str | None:
    """The text inside `value` when it is in quotes that the text holds too (`"Hon sa "hej""`
    → `Hon sa "hej"`), a `# comment` after them or not; else None."""
    own = re.fullmatch(r"""(["'])(.*)\1(?:[ \t]+#.*)?""", value)
    return own[2] if own and own[1] in own[2] else None


def _not_a_key(line: str, before: str) -> str:
    closing = before.rstrip()[-1:]
    if closing in ("'", '"') and _inside_own_quotes(line.partition(":")[2].strip()):
        return f"the text holds the quote mark {closing!r} that ends it; write {_quoted(line)}"
    if closing and closing in "\"']}":
        return (f"text after the closing {quoted(closing)}; put quotes around the whole value: "
                f"{_quoted(line)}")  # fmt: skip
    if line.lstrip().startswith("-"):
        return ("a line starting with '-' where a field was expected; "
                "write a list as tags: [Barn och unga, Missbruk]")  # fmt: skip
    return ("this line does not line up with the fields above it; "
            "fields at the same level must start in the same column")  # fmt: skip


def _quoted(line: str) -> str:
    """`title: Ale: lätt att leva` → `title: "Ale: lätt att leva"`, as an example to copy.
    A value the editor put in quotes that hold the same mark (`lead: "Hon sa "hej""`,
    `title: 'Det är Ale's tur'`, with the archetype's `# comment` after it or not) gets the
    other mark instead of a second pair around the first: `lead: 'Hon sa "hej"'`,
    `title: "Det är Ale's tur"`; a second pair would publish the first as text."""
    key, _, value = line.partition(":")
    value = value.strip()
    value = _inside_own_quotes(value) or value
    if '"' not in value:
        return f'{key.strip()}: "{value}"'
    return f"{key.strip()}: '{value.replace(chr(39), chr(39) * 2)}'"


def _record(node: yaml.Node, path: str, positions: Positions) -> None:
    """`_walk`'s positions alone, for front matter that PyYAML's constructor built."""
    _note(positions, path, node)
    if isinstance(node, yaml.MappingNode):
        _check_keys(node, positions)
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = _child(path, _key_name(key))
                _record(value, child, positions)
                _note_key(positions, child, key)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record(item, _child(path, i), positions)


def _note(positions: Positions, path: str, node: yaml.Node) -> None:
    """Where the value at `path` starts, and a scalar as written."""
    if path:
        positions.lines[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        positions.source[path] = str(node.value)


def _note_key(positions: Positions, path: str, key: yaml.ScalarNode) -> None:
    # Errors about a field point at its key, where the editor looks.
    positions.lines[path] = (key.start_mark.line + 1, key.start_mark.column + 1)


def _key_name(key: yaml.ScalarNode) -> str:
    """A key as written, or as a reader sees it when it is text (see `_check_keys`)."""
    return read_as(key.value) if key.tag == _STR else key.value


def _child(path: str, name: object) -> str:
    return f"{path}.{name}" if path else str(name)


def _check_keys(node: yaml.MappingNode, positions: Positions) -> None:
    """A fault for each key written twice (YAML would quietly keep only the last value),
    compared as a reader sees them (`fieldnames.read_as`), and for each written with an
    invisible character, an unusual space or full-width letters; noted in `positions.faults`."""
    names = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
    if len(set(names)) == len(names) and all(name.isascii() for name in names):
        return  # nearly every mapping: no need to find where each stands
    seen: dict[str, int] = {}
    span = (_place(node.start_mark), _place(node.end_mark))
    for key, _ in node.value:
        # Keys merged in with `<<: *anchor` stand elsewhere and may be overridden here.
        if not isinstance(key, yaml.ScalarNode) or not span[0] <= _place(key.start_mark) < span[1]:
            continue
        line = key.start_mark.line + 1 + positions.line_offset
        written, name = key.value, _key_name(key)
        odd = oddity(written) if key.tag == _STR else None
        if name in seen:
            message = f"{quoted(name)} is given twice (also on line {seen[name]}); keep one"
            if odd:
                message += f" (here it is written {quoted(written)}, {odd})"
        elif odd:
            message = f"the name {quoted(written)} is written {odd}; retype it as {name}"
        else:
            seen[name] = line
            continue
        seen.setdefault(name, line)
        positions.faults.append(TextError(message, line, key.start_mark.column + 1))


def _place(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line, mark.column
