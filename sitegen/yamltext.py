"""YAML parsing that remembers where every value stood, for errors that point at a line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
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

    def of(self, path: str) -> tuple[int | None, int | None]:
        while path:
            if path in self.lines:
                line, column = self.lines[path]
                return line + self.line_offset, column
            path = path.rpartition(".")[0]
        return None, None


class YamlSyntaxError(Exception):
    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def load(text: str, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document; raise YamlSyntaxError with the (offset) line of the fault."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        raise YamlSyntaxError(_describe(exc), line, column) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), None, None) from None
    finally:
        loader.dispose()
    positions = Positions(line_offset=line_offset)
    if node is not None:
        _record(node, "", positions)
    return data, positions


def _describe(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "; ".join(parts) or "invalid YAML"
    return f"invalid YAML: {message}"


def _record(node: yaml.Node, path: str, positions: Positions) -> None:
    if path:
        positions.lines[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        positions.source[path] = str(node.value)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = f"{path}.{key.value}" if path else str(key.value)
                _record(value, child, positions)
                # Errors about a field point at its key, where the editor looks.
                positions.lines[child] = (key.start_mark.line + 1, key.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record(item, f"{path}.{i}" if path else str(i), positions)
