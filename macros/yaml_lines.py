"""YAML as editors write it: values with the line of every key, errors in an editor's words.

ruamel.yaml reads YAML 1.2 (9:30, yes and on stay text, 010 is 10) and keeps the line of every
key and list item (`line_of`). Dates stay text: the models parse them, so an impossible date
such as 2020-12-32 is reported with its file, line and field rather than as a parser error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from .errors import DataError, Problem


class _Constructor(RoundTripConstructor):
    """Round-trip values (with line numbers), dates kept as the text the editor wrote."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def _parser() -> YAML:
    parser = YAML(typ="rt", pure=True)
    parser.Constructor = _Constructor
    parser.allow_duplicate_keys = False
    return parser


def line_of(node: Any, path: Iterable[str | int]) -> int:
    """The 1-based line of the deepest part of `path` that exists in the parsed YAML."""
    line = node.lc.line + 1 if isinstance(node, (CommentedMap, CommentedSeq)) else 1
    for step in path:
        if isinstance(node, CommentedMap) and step in node:
            line = node.lc.key(step)[0] + 1
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and step < len(node):
            line = node.lc.item(step)[0] + 1
        else:
            break
        node = node[step]
    return line


def read_yaml(path: Path, rel: str) -> Any:
    """Parse one YAML file strictly (UTF-8 without BOM, spaces not tabs, no duplicate keys)."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        what = "the file starts with a byte-order mark (BOM)"
        raise _unreadable(rel, 1, what, "save the file as 'UTF-8' (without BOM) in your editor")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        what = f"the file is not valid UTF-8 (byte 0x{raw[err.start]:02x})"
        fix = "save the file with the UTF-8 encoding; names like Łódź or Київ are welcome"
        raise _unreadable(rel, line, what, fix) from None
    return parse_yaml(text, rel)


def parse_yaml(text: str, rel: str, line_offset: int = 0) -> Any:
    """Parse YAML text; `line_offset` is added to line numbers (front matter after its ---)."""
    text = text.replace("\r\n", "\n")
    for number, content in enumerate(text.split("\n"), start=1):
        if "\t" in content[: len(content) - len(content.lstrip(" \t"))]:
            what = "a tab character is used for indentation"
            fix = "indent with spaces only (YAML does not allow tabs)"
            raise _unreadable(rel, number + line_offset, what, fix)
    try:
        return _parser().load(text)
    except DuplicateKeyError as err:
        raise DataError([_duplicate_key(err, rel, line_offset)]) from None
    except MarkedYAMLError as err:
        raise DataError([_syntax(err, rel, line_offset)]) from None
    except Exception as err:  # anything else the parser trips on still names the file
        fix = "compare the file with a neighbouring data file and correct its values"
        raise _unreadable(rel, 0, f"the YAML cannot be read: {err}", fix) from None


def _unreadable(rel: str, line: int, what: str, fix: str) -> DataError:
    """A file the parser cannot read: one problem, at a line but no field."""
    return DataError([Problem(rel, line, "", what, fix)])


def _duplicate_key(err: DuplicateKeyError, rel: str, offset: int) -> Problem:
    key = re.search(r'found duplicate key "([^"]*)"', str(err))
    first = err.context_mark.line + 1 + offset if err.context_mark else 0
    what = f"the key appears twice in the same block (first near line {first}); "
    what += "YAML would silently keep only the last value"
    line, field = err.problem_mark.line + 1 + offset, key.group(1) if key else ""
    return Problem(rel, line, field, what, "delete one of the two, or merge them")


def _syntax(err: MarkedYAMLError, rel: str, offset: int) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 + offset if mark else 0
    what = str(err.problem or err.context or "unexpected text")
    context = str(err.context or "")
    if context and err.problem and err.context_mark:
        start = err.context_mark.line + 1 + offset
        if context.startswith(("while scanning", "while parsing a flow")) and start != line:
            # an unclosed quote or [, a key without its colon: the mistake is where it
            # started; the parser only notices it further down
            what += f" ({context} that starts here; noticed on line {line})"
            line = start
        elif start != line:
            what += f" ({context} that starts on line {start})"
        else:
            what += f" ({context})"
    fix = (
        "check indentation, colons after keys and quotes around text that contains ': ' or "
        "starts with a special character"
    )
    return Problem(rel, line, "", f"the YAML cannot be read: {what}", fix)
