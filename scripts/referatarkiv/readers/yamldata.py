"""YAML for the archive's own metadata: front matter, sidecars, ``kommune.yml``, ``udvalg.yml``.

PyYAML's ``safe_load`` is YAML 1.1 with all its implicit types, and it expands aliases. For
hand-written metadata that gives surprises and a denial of service:

- ``start_time: 17:00`` is the sexagesimal integer 1020, ``committee: yes`` is ``True``,
  ``founded: 2021-13-45`` raises ValueError while loading, ``date: 2021-01-06 10:00:00`` is a datetime;
- a "billion laughs" document (nested aliases, a few hundred bytes) expands to gigabytes.

So the text is only *composed* with PyYAML (its scanner and parser, the well-kept part) into nodes,
with **no implicit types** (every plain scalar is text; ``~``, ``null`` and an empty value are
None) and **no aliases** (an ``*alias`` is an error at its line; anchors alone are harmless). The
nodes are turned into plain dicts, lists, strings and None here, each mapping remembering the line
of each key (:class:`YamlMap`), so that a caller can check each value's type and report a wrong one
at its line. Explicit tags other than ``!!str``, ``!!seq``, ``!!map`` and ``!!null`` (``!!python/…``
among them) are errors, as are duplicate keys and keys that are not text.

Lines are 1-based in the text given; callers add the offset of the text in its file.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + "str", _TAG + "seq", _TAG + "map", _TAG + "null"}
_NULLS = {"", "~", "null", "Null", "NULL"}
MAX_DEPTH = 50  # nesting; metadata is two or three levels deep


@dataclass
class YamlProblem:
    line: int  # 1-based in the text
    message: str


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class YamlMap(dict):
    """A mapping from YAML; ``line`` is where it starts, ``lines[key]`` where each key is."""

    line: int = 1
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class YamlList(list):
    """A sequence from YAML; ``line`` is where it starts, ``lines[i]`` where each element is."""

    line: int = 1
    lines: list


class _NoAliasComposer(Composer):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlError(event.start_mark.line + 1,
                            f"YAML-alias (*{event.anchor}) er ikke tilladt i referatarkivets filer; skriv værdien ud")
        return super().compose_node(parent, index)


class _Loader(Reader, Scanner, Parser, _NoAliasComposer, BaseResolver):
    """PyYAML's reader, scanner and parser; composing only, without implicit types."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _NoAliasComposer.__init__(self)
        BaseResolver.__init__(self)


def load(text: str) -> object:
    """The YAML document in ``text`` as YamlMap / YamlList / str / None. Raises :class:`YamlError`
    (with the line) for invalid YAML, aliases, unknown tags, duplicate or non-text keys."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise YamlError(mark.line + 1 if mark else 1, f"ugyldig YAML: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise YamlError(1, f"ugyldig YAML: {e}") from None
    except RecursionError:
        raise YamlError(1, "ugyldig YAML: for dybt indlejret") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _value(node, 0)


def _value(node, depth: int) -> object:
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise YamlError(line, "YAML er for dybt indlejret")
    if node.tag not in _ALLOWED_TAGS:
        tag = node.tag.replace(_TAG, "!!")
        raise YamlError(line, f"YAML-mærket {tag} er ikke tilladt; skriv værdien som tekst")
    if isinstance(node, ScalarNode):
        if node.tag == _TAG + "null" or (node.style is None and node.value in _NULLS):
            return None
        return node.value
    if isinstance(node, SequenceNode):
        out = YamlList(_value(n, depth + 1) for n in node.value)
        out.line = line
        out.lines = [n.start_mark.line + 1 for n in node.value]
        return out
    if isinstance(node, MappingNode):
        out = YamlMap()
        out.line = line
        out.lines = {}
        for knode, vnode in node.value:
            kline = knode.start_mark.line + 1
            if knode.tag == _TAG + "merge" or (isinstance(knode, ScalarNode) and knode.value == "<<" and knode.style is None):
                raise YamlError(kline, "YAML-fletning (<<) er ikke tilladt; skriv nøglerne ud")
            key = _value(knode, depth + 1)
            if not isinstance(key, str):
                raise YamlError(kline, "en nøgle skal være tekst")
            if key in out:
                raise YamlError(kline, f"nøglen »{key}« står to gange (også linje {out.lines[key]})")
            out[key] = _value(vnode, depth + 1)
            out.lines[key] = kline
        return out
    raise YamlError(line, "ukendt YAML-node")  # pragma: no cover


def type_name(value: object) -> str:
    if isinstance(value, dict):
        return "en ordbog (nøgle: værdi)"
    if isinstance(value, list):
        return "en liste"
    if value is None:
        return "tom"
    return "tekst"
