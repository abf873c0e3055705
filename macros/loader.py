"""Read data/*.yml and the pages' front matter, validate everything, build the Curriculum.

Nothing renders until this succeeds: any problem raises DataError listing file, line and field.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import yaml

from . import background, data_cache
from .errors import DataError, FixableValueError, Problem
from .records import ID_PATTERN, record

if TYPE_CHECKING:  # pydantic and the models are imported when data is validated, not before
    from pydantic import BaseModel, ValidationError

    from .models import CaseStudy, Lesson, Module, Organisation, Programme, Session, Term

M = TypeVar("M", bound="BaseModel")

# Which front-matter key ties a page to which kind of data.
PAGE_KEYS = {
    "session": "sessions",
    "module": "modules",
    "lesson": "lessons",
    "case_study": "case_studies",
}


@dataclass
class Source:
    """Where a piece of data came from, to point editors at the right line."""

    file: str
    node: Any  # the parsed mapping, carrying line numbers

    def line(self, *path: str | int) -> int:
        return line_of(self.node, path)


@dataclass
class Curriculum:
    root: Path
    programme: Programme
    sessions: dict[str, Session]
    modules: dict[str, Module]
    organisations: dict[str, Organisation]
    case_studies: dict[str, CaseStudy]
    lessons: dict[str, Lesson]
    terms: list[Term]
    pages: dict[str, dict[str, str]]  # kind -> id -> docs-relative page path
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)

    def __repr__(self) -> str:
        # Short: mkdocs-macros writes every page variable into its debug log at each build,
        # and the full dataclass repr is every data item of the curriculum.
        counts = ", ".join(
            f"{len(getattr(self, kind))} {kind}"
            for kind in ("sessions", "modules", "lessons", "case_studies", "organisations")
        )
        return f"<Curriculum {self.root}: {counts}>"

    # -- derived relations -------------------------------------------------------------------
    # Pages ask these once per item they show: the ones that would walk every agenda item are
    # answered from indexes built on first use (the data does not change once loaded).
    @cached_property
    def _module_by_session(self) -> dict[str, Module]:
        index: dict[str, Module] = {}
        for m in self.modules.values():
            for sid in m.sessions:
                index.setdefault(sid, m)
        return index

    @cached_property
    def _session_numbers(self) -> dict[str, int]:
        return {sid: n for n, sid in enumerate(self.sessions, start=1)}

    @cached_property
    def _agenda_refs(self) -> dict[tuple[str, str], list[tuple[str, int]]]:
        """("presenter" or "case_study", id) -> (session id, agenda index) of the items naming
        it, in programme order."""
        refs: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for sid, s in self.sessions.items():
            for i, item in enumerate(s.agenda):
                for oid in dict.fromkeys(item.presenters):
                    refs.setdefault(("presenter", oid), []).append((sid, i))
                for cid in dict.fromkeys(item.case_studies):
                    refs.setdefault(("case_study", cid), []).append((sid, i))
        return refs

    def module_of(self, session_id: str) -> Module | None:
        return self._module_by_session.get(session_id)

    def session_number(self, session_id: str) -> int:
        return self._session_numbers[session_id]

    def presented_by(self, org_id: str) -> list[tuple[str, int]]:
        """(session id, agenda index) of the items an organisation presents."""
        return list(self._agenda_refs.get(("presenter", org_id), ()))

    def expert_in(self, org_id: str) -> list[str]:
        return [sid for sid, s in self.sessions.items() if s.expert == org_id]

    def items_with_case_study(self, cs_id: str) -> list[tuple[str, int]]:
        return list(self._agenda_refs.get(("case_study", cs_id), ()))

    def lessons_with_case_study(self, cs_id: str) -> list[str]:
        return [lid for lid, lesson in self.lessons.items() if cs_id in lesson.case_studies]

    def module_lessons(self, module_id: str) -> list[str]:
        return [lid for lid, lesson in self.lessons.items() if lesson.module == module_id]

    def module_case_studies(self, module_id: str) -> list[str]:
        """The case studies a module's lessons and sessions use: those of its lessons first,
        then those of its agenda items, each once."""
        found = [
            cid for lid in self.module_lessons(module_id) for cid in self.lessons[lid].case_studies
        ]
        for sid in self.modules[module_id].sessions:
            found += [cid for item in self.sessions[sid].agenda for cid in item.case_studies]
        return list(dict.fromkeys(found))

    def source_file(self, kind: str, item_id: str = "") -> str:
        return self.sources[(kind, item_id)].file


# ------------------------------------------------------------------------------------ YAML
#
# libyaml (PyYAML's C parser) reads the text into nodes; the values are built here, with YAML
# 1.2 rules (9:30, yes and on stay text, 010 is 10) and dates kept as text: the models parse
# them, so an impossible date such as 2020-12-32 is reported with its file, line and field.
# Anything out of the ordinary (a syntax error, a duplicate key, a tag or merge key this does not
# build) goes to ruamel.yaml's round-trip parser, which words the error or builds the value.

_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_TAG = "tag:yaml.org,2002:"
# The implicit types of ruamel.yaml's YAML 1.2 resolver, with the first characters they need.
_RESOLVERS = [
    ("bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    ("float", _FLOAT, "-+0123456789."),
    ("int", _INT, "-+0123456789"),
    ("merge", re.compile(r"^(?:<<)$"), "<"),
    ("null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    (
        "timestamp",
        re.compile(
            r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
            |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
            (?:[Tt]|[ \t]+)[0-9][0-9]?
            :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
            (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
            re.X,
        ),
        "0123456789",
    ),
    ("value", re.compile(r"^(?:=)$"), "="),
]


class _Loader(yaml.CSafeLoader):
    yaml_implicit_resolvers: ClassVar[dict] = {}


for _name, _regexp, _first in _RESOLVERS:
    _Loader.add_implicit_resolver(_TAG + _name, _regexp, list(_first))


class _Map(dict):
    """A mapping that knows the line of each of its keys (0-based, like the parser's marks)."""

    __slots__ = ("key_lines", "line")


class _Seq(list):
    """A sequence that knows the line of each of its items (0-based)."""

    __slots__ = ("item_lines", "line")


class _Float(float):
    """A float that remembers how it was typed (9.30: width 4, dot at 1), as ruamel's does."""

    __slots__ = ("_prec", "_width")


class _Unusual(Exception):
    """Something this builder leaves to ruamel.yaml."""


def _int(text: str) -> int:
    value = text.replace("_", "")
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    base = {"0b": 2, "0x": 16, "0o": 8}.get(value[:2])
    return sign * (int(value[2:], base) if base else int(value))


def _float(text: str) -> float:
    value = text.replace("_", "").lower()
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    number = _Float(sign * float(value))
    if "e" in value:
        mantissa = re.split("[eE]", text)[0]
        number._width = len(mantissa) - (1 if mantissa[0] in "+-" else 0)
        number._prec = mantissa.find(".")
    else:
        number._width, number._prec = len(text), text.find(".")
    return number


_SCALARS = {
    _TAG + "str": str,
    _TAG + "timestamp": str,
    _TAG + "null": lambda text: None,
    _TAG + "bool": lambda text: {"true": True, "false": False}[text.lower()],
    _TAG + "int": _int,
    _TAG + "float": _float,
}


def _build(node: yaml.Node, memo: dict[int, Any]) -> Any:
    if id(node) in memo:
        return memo[id(node)]
    if isinstance(node, yaml.ScalarNode):
        convert = _SCALARS.get(node.tag)
        if convert is None:
            raise _Unusual(node.tag)
        try:
            return convert(node.value)
        except (ValueError, IndexError, KeyError):
            raise _Unusual(node.tag) from None
    if isinstance(node, yaml.SequenceNode) and node.tag == _TAG + "seq":
        seq = memo[id(node)] = _Seq()
        seq.line = node.start_mark.line
        seq.item_lines = [item.start_mark.line for item in node.value]
        seq.extend(_build(item, memo) for item in node.value)
        return seq
    if isinstance(node, yaml.MappingNode) and node.tag == _TAG + "map":
        mapping = memo[id(node)] = _Map()
        mapping.line = node.start_mark.line
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                raise _Unusual(key_node.tag)
            key = _build(key_node, memo)
            if key in mapping:  # ruamel words the error
                raise _Unusual("duplicate key")
            mapping.key_lines[key] = key_node.start_mark.line
            mapping[key] = _build(value_node, memo)
        return mapping
    raise _Unusual(node.tag)


def _from_ruamel(value: Any, memo: dict[int, Any]) -> Any:
    """ruamel.yaml's values as the builder above gives them (plain types, line numbers kept)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarbool import ScalarBoolean
    from ruamel.yaml.scalarfloat import ScalarFloat

    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, CommentedMap):
        mapping = memo[id(value)] = _Map()
        mapping.line = value.lc.line
        mapping.key_lines = {}
        for key, item in value.items():
            plain = _from_ruamel(key, memo)
            mapping.key_lines[plain] = value.lc.key(key)[0]
            mapping[plain] = _from_ruamel(item, memo)
        return mapping
    if isinstance(value, CommentedSeq):
        seq = memo[id(value)] = _Seq()
        seq.line = value.lc.line
        seq.item_lines = [value.lc.item(i)[0] for i in range(len(value))]
        seq.extend(_from_ruamel(item, memo) for item in value)
        return seq
    if isinstance(value, ScalarFloat):
        number = _Float(value)
        number._width, number._prec = value._width, value._prec
        return number
    if isinstance(value, (bool, ScalarBoolean)):
        return bool(value)
    for kind in (str, int, float):
        if isinstance(value, kind):
            return kind(value)
    return value


def _ruamel_load(text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        pass

    _Constructor.add_constructor(
        "tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str
    )
    parser = YAML(typ="rt", pure=True)
    parser.Constructor = _Constructor
    parser.allow_duplicate_keys = False
    return _from_ruamel(parser.load(text), {})


# Where libyaml and ruamel.yaml differ (found by comparing the two on mutated data files): libyaml
# counts NEL, LS and PS as line breaks (YAML 1.1) and skips a byte-order mark inside the text;
# ruamel.yaml rejects a tab between tokens (`key:<tab>value`), keeps an explicit tag (`!!str x`)
# on the value and reads a bare `!` as null, allows a colon in an anchor (`&name: x`), rejects a
# block scalar whose first line holds only spaces when the text below is indented further or
# whose header has a comment without a space before it (`>#`), and reads values by YAML 1.1
# after a `%YAML 1.1` directive. Texts with any of these, or a lone carriage return (CRLF is
# made LF before), go to ruamel.yaml.
_TO_RUAMEL = re.compile(
    r"[\t\r\x85\u2028\u2029\ufeff]|^%|(?:^|[\s\[{,])(?:&\S|!)"
    r"|[|>][-+0-9]*(?:#|[ ]*(?:#.*)?\n[ ]+\n)",
    re.M,
)


def _load(text: str) -> Any:
    if _TO_RUAMEL.search(text):
        return _ruamel_load(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
        return None if node is None else _build(node, {})
    except (yaml.YAMLError, _Unusual, RecursionError):
        return _ruamel_load(text)


def line_of(node: Any, path: Iterable[str | int]) -> int:
    """The 1-based line of the deepest part of `path` that exists in the parsed YAML."""
    line = node.line + 1 if isinstance(node, (_Map, _Seq)) else 1
    for step in path:
        if isinstance(node, _Map) and step in node:
            line = node.key_lines[step] + 1
            node = node[step]
        elif isinstance(node, _Seq) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step] + 1
            node = node[step]
        else:
            break
    return line


def read_yaml(path: Path, rel: str) -> Any:
    """Parse one YAML file strictly (UTF-8 without BOM, spaces not tabs, no duplicate keys)."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(
            [
                Problem(
                    rel,
                    1,
                    "",
                    "the file starts with a byte-order mark (BOM)",
                    "save the file as 'UTF-8' (without BOM) in your editor",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            [
                Problem(
                    rel,
                    line,
                    "",
                    f"the file is not valid UTF-8 (byte 0x{raw[err.start]:02x})",
                    "save the file with the UTF-8 encoding; names like Łódź or Київ are welcome",
                )
            ]
        ) from None
    return parse_yaml_text(text, rel)


# Parsed YAML by text, kept for the life of the process: `mkdocs serve` reloads the config on
# every change and loads data/ again, and only the edited file needs parsing again. Only
# successes are kept (errors are raised anew); the parsed nodes are never modified.
_PARSED: dict[str, Any] = {}


def parse_yaml_text(text: str, rel: str, line_offset: int = 0) -> Any:
    text = text.replace("\r\n", "\n")
    if text in _PARSED:
        return _PARSED[text]
    parsed = _parse_yaml_text(text, rel, line_offset)
    if len(_PARSED) > 50_000:
        _PARSED.clear()
    _PARSED[text] = parsed
    return parsed


def _parse_yaml_text(text: str, rel: str, line_offset: int) -> Any:
    for number, content in enumerate(text.split("\n"), start=1):
        indent = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in indent:
            raise DataError(
                [
                    Problem(
                        rel,
                        number + line_offset,
                        "",
                        "a tab character is used for indentation",
                        "indent with spaces only (YAML does not allow tabs)",
                    )
                ]
            )
    try:
        return _load(text)
    except Exception as err:  # only from ruamel.yaml (see _load): worded below
        error = err
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError

    try:
        raise error
    except DuplicateKeyError as err:
        key = re.search(r'found duplicate key "([^"]*)"', str(err))
        first = err.context_mark.line + 1 + line_offset if err.context_mark else 0
        raise DataError(
            [
                Problem(
                    rel,
                    err.problem_mark.line + 1 + line_offset,
                    key.group(1) if key else "",
                    f"the key appears twice in the same block (first near line {first}); "
                    "YAML would silently keep only the last value",
                    "delete one of the two, or merge them",
                )
            ]
        ) from None
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        what = str(err.problem or err.context or "unexpected text")
        context = str(err.context or "")
        if context and err.problem and err.context_mark:
            start = err.context_mark.line + 1 + line_offset
            if context.startswith(("while scanning", "while parsing a flow")) and start != line:
                # an unclosed quote or [, a key without its colon: the mistake is where it
                # started; the parser only notices it further down
                what += f" ({context} that starts here; noticed on line {line})"
                line = start
            elif start != line:
                what += f" ({context} that starts on line {start})"
            else:
                what += f" ({context})"
        raise DataError(
            [
                Problem(
                    rel,
                    line,
                    "",
                    f"the YAML cannot be read: {what}",
                    "check indentation, colons after keys and quotes around text that "
                    "contains ': ' or starts with a special character",
                )
            ]
        ) from None
    except Exception as err:  # anything else the parser trips on still names the file
        raise DataError(
            [
                Problem(
                    rel,
                    0,
                    "",
                    f"the YAML cannot be read: {err}",
                    "compare the file with a neighbouring data file and correct its values",
                )
            ]
        ) from None


# ------------------------------------------------------------------------------ validation


def _loc_text(loc: tuple[str | int, ...]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


# pydantic error type -> (what the field expects, how to fix), in an editor's words
_EXPECTED = {
    "string_type": (
        "text",
        "write the text after the colon on the same line (put it in quotes if it contains ': ' "
        "or starts with [ { - or #)",
    ),
    "int_type": ("a whole number", "write digits only, for example 20"),
    "int_parsing": ("a whole number", "write digits only, for example 20"),
    "int_from_float": ("a whole number", "write digits only, without a decimal point"),
    "bool_type": ("true or false", "write true or false"),
    "bool_parsing": ("true or false", "write true or false"),
    "list_type": (
        "a list",
        "write the entries in brackets, e.g. [mlc, spri], or one per line starting with '- '",
    ),
    "dict_type": ("a block of 'field: value' lines", "indent the fields under this key"),
    "model_type": ("a block of 'field: value' lines", "indent the fields under this key"),
    "model_attributes_type": (
        "a block of 'field: value' lines",
        "indent the fields under this key",
    ),
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a block of 'field: value' lines"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


def _problems_from(err: ValidationError, rel: str, node: Any, model: type[BaseModel]):
    for e in err.errors():
        loc = tuple(s for s in e["loc"] if not (isinstance(s, str) and s.startswith("function-")))
        name = _loc_text(loc)
        kind = e["type"]
        ctx_err = (e.get("ctx") or {}).get("error")
        if isinstance(ctx_err, FixableValueError) and ctx_err.field:
            loc = (*loc, ctx_err.field)
            name = _loc_text(loc)
        if isinstance(ctx_err, FixableValueError):
            what, fix = ctx_err.what, ctx_err.fix
        elif kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            what = f"unknown field '{loc[-1]}'"
            fix = (f"did you mean '{close[0]}'? " if close else "") + (
                f"allowed fields here: {', '.join(allowed)}"
            )
        elif kind == "missing":
            what = f"required field '{loc[-1]}' is missing"
            fix = f"add '{loc[-1]}:' with a value"
        elif e.get("input") is None and kind != "missing":
            what = "the field is empty"
            fix = "write a value after the colon, or remove the line if the field is optional"
        elif kind == "string_too_short":
            what = "the field is empty"
            fix = "write a value, or remove the field if it is optional"
        elif kind == "too_short":
            what = "the list is empty"
            fix = "add at least one entry"
        elif kind == "string_pattern_mismatch":
            what = f"'{e['input']}' is not a valid id"
            fix = "use lowercase letters, digits and single hyphens, e.g. mezcal-cluster"
        elif kind == "enum" or kind == "literal_error":
            expected = e["ctx"].get("expected", "")
            close = difflib.get_close_matches(
                str(e["input"]), re.findall(r"'([^']*)'", expected), n=1
            )
            what = f"'{e['input']}' is not allowed"
            fix = (f"did you mean '{close[0]}'? " if close else "") + f"use one of: {expected}"
        elif kind.startswith("date"):
            what = f"'{e['input']}' is not a date"
            fix = "write the date as YYYY-MM-DD, e.g. 2020-12-01"
        elif kind in _EXPECTED:
            expected, fix = _EXPECTED[kind]
            what = f"expected {expected}, got {_describe(e.get('input'))}"
        else:
            got = e.get("input")
            what = f"{e['msg'][0].lower()}{e['msg'][1:]}" + (
                f" (got {got!r})" if not isinstance(got, (dict, list)) else ""
            )
            fix = "correct the value's type, see CONTRIBUTING.md for what each field holds"
        yield Problem(rel, line_of(node, loc), name, what, fix)


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        info = current.model_fields.get(step)
        if info is None:
            break
        current = _model_in(info.annotation)
        if current is None:
            return []
    return list(current.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found:
            return found
    return None


def validate(model: type[M], node: Any, rel: str, problems: list[Problem]) -> M | None:
    if not isinstance(node, dict):
        problems.append(
            Problem(
                rel,
                1,
                "",
                "the file is empty or is not a set of 'field: value' lines",
                "compare it with a neighbouring data file and start from its structure",
            )
        )
        return None
    from pydantic import ValidationError

    try:
        return model.model_validate(dict(node))
    except ValidationError as err:
        problems.extend(_problems_from(err, rel, node, model))
        return None


# ----------------------------------------------------------------------------------- pages

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*\r?\n", re.S)


def scan_pages(docs: Path, root: Path, problems: list[Problem]):
    """Find which page presents which session, module, lesson or case study.

    Returns (pages, lines, unreadable): `unreadable` is True when some page's front matter
    could not be read (already reported), so what it presents is unknown."""
    pages: dict[str, dict[str, str]] = {kind: {} for kind in PAGE_KEYS.values()}
    lines: dict[tuple[str, str], tuple[str, int]] = {}
    unreadable = False
    for path in sorted(docs.rglob("*.md")):
        rel_doc = path.relative_to(docs).as_posix()
        rel = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")  # MkDocs accepts a BOM in pages
        except UnicodeDecodeError as err:
            problems.append(
                Problem(
                    rel,
                    raw[: err.start].count(b"\n") + 1,
                    "",
                    f"the page is not valid UTF-8 (byte 0x{raw[err.start]:02x})",
                    "save the file with the UTF-8 encoding",
                )
            )
            unreadable = True
            continue
        match = FRONT_MATTER.match(text)
        if not match:
            continue
        try:
            meta = parse_yaml_text(match.group(1), rel, line_offset=1)
        except DataError as err:
            problems.extend(err.problems)
            unreadable = True
            continue
        if not isinstance(meta, dict):
            continue
        for key, kind in PAGE_KEYS.items():
            if key not in meta:
                continue
            item_id = str(meta[key])
            line = line_of(meta, (key,)) + 1
            if item_id in pages[kind]:
                problems.append(
                    Problem(
                        rel,
                        line,
                        key,
                        f"{key} '{item_id}' already has a page: docs/{pages[kind][item_id]}",
                        "each one has exactly one page; remove this line or the other page",
                    )
                )
                continue
            pages[kind][item_id] = rel_doc
            lines[(kind, item_id)] = (rel, line)
    return pages, lines, unreadable


# ------------------------------------------------------------------------------------ load


def _index(items, kind: str, rel: str, node: Any, key: str, problems: list[Problem]) -> dict:
    out: dict = {}
    for i, item in enumerate(items):
        if item.id in out:
            problems.append(
                Problem(
                    rel,
                    line_of(node, (key, i, "id")),
                    f"{key}[{i}].id",
                    f"the id '{item.id}' is used twice",
                    f"give every entry in {rel} its own id",
                )
            )
        out[item.id] = item
    return out


def _at_path(node: Any, path: tuple) -> Any:
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _check_refs(
    refs: list[str],
    known: dict | set,
    what: str,
    known_file: str,
    rel: str,
    node: Any,
    path: tuple,
    problems: list[Problem],
) -> None:
    for j, ref in enumerate(refs):
        if ref not in known:
            close = difflib.get_close_matches(ref, list(known), n=1)
            # a single id (expert: x) is checked as a one-element list: name the field itself
            where = (*path, j) if isinstance(_at_path(node, path), list) else path
            problems.append(
                Problem(
                    rel,
                    line_of(node, where),
                    _loc_text(where),
                    f"unknown {what} '{ref}'",
                    (f"did you mean '{close[0]}'? " if close else "")
                    + f"use an id defined in {known_file}",
                )
            )


UNREADABLE = object()  # a data file that is missing or cannot be parsed (already reported)


def load(root: Path | str, docs_dir: str = "docs", *, cache: bool = False) -> Curriculum:
    """Validate data/ and the pages' front matter; raise DataError with every problem found.

    With `cache`, data/ is validated only when it (or the code) changed since the last build
    that validated it; otherwise the curriculum that build kept is read back (data_cache)."""
    root = Path(root)
    problems: list[Problem] = []
    key = data_cache.key(root) if cache else ""
    data = data_cache.read(root, key) if cache else None
    fresh = data is None
    if data is None:
        data, failed, known_sessions = read_data(root, problems)
    else:  # kept only when valid: nothing failed, every session file is valid
        failed, known_sessions = set(), data["sessions"]
    pages = check_pages(root, docs_dir, data, failed, known_sessions, problems)
    if problems or data["programme"] is None:
        raise DataError(problems)
    if cache and fresh:
        data_cache.write(root, key, data)
    return Curriculum(root=root, pages=pages, **data)


def prefetch(root: Path | str) -> Callable[[], None] | None:
    """Validate data/ in a forked child (macros/background.py) when the kept curriculum is
    stale, so that it is ready when `load(..., cache=True)` asks for it; meanwhile MkDocs loads
    its plugins and theme and lists the site's files on the first core. Returns the function
    that waits for the child, or None when there is nothing to do (the kept data is current, or
    forking is off). The child keeps the data only when it is valid: otherwise `load` validates
    again and reports the problems itself."""
    root = Path(root)
    if not background.enabled():
        return None
    key = data_cache.key(root)
    if data_cache.stored_key(root) == key:
        return None

    def validate() -> None:
        problems: list[Problem] = []
        data, _, _ = read_data(root, problems)
        if not problems and data["programme"] is not None:
            data_cache.write(root, key, data)

    return background.start("validate data", validate)


def freeze(value: Any) -> Any:
    """Validated models as records (macros/records.py), in the same lists and dicts."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return record(type(value).__name__, {name: freeze(getattr(value, name)) for name in fields})
    if isinstance(value, list):
        return [freeze(v) for v in value]
    if isinstance(value, dict):
        return {k: freeze(v) for k, v in value.items()}
    return value


def read_data(root: Path, problems: list[Problem]) -> tuple[dict[str, Any], set[str], dict]:
    """Parse and validate every file of data/ (pydantic) and check references between them.

    Returns (the Curriculum's data fields as records, the kinds whose file failed, the session
    ids known to exist, including those whose file failed) and appends to `problems`."""
    from .models import (
        CaseStudiesFile,
        GlossaryFile,
        LessonsFile,
        ModulesFile,
        OrganisationsFile,
        Programme,
        Session,
    )

    data = root / "data"
    sources: dict[tuple[str, str], Source] = {}

    def read(name: str):
        path = data / name
        rel = f"data/{name}"
        if not path.exists():
            problems.append(
                Problem(rel, 0, "", "the file is missing", "restore it from the repository")
            )
            return UNREADABLE, rel
        try:
            return read_yaml(path, rel), rel  # an empty file gives None: validate() reports it
        except DataError as err:
            problems.extend(err.problems)
            return UNREADABLE, rel

    node, rel = read("programme.yml")
    programme = validate(Programme, node, rel, problems) if node is not UNREADABLE else None
    if programme:
        sources[("programme", "")] = Source(rel, node)

    failed: set[str] = set()  # kinds whose file could not be read: skip references to them

    def read_list(name: str, model, key: str, kind: str) -> dict:
        node, rel = read(name)
        parsed = validate(model, node, rel, problems) if node is not UNREADABLE else None
        if parsed is None:
            failed.add(kind)
            return {}
        items = _index(getattr(parsed, key), kind, rel, node, key, problems)
        for i, item in enumerate(getattr(parsed, key)):
            sources[(kind, item.id)] = Source(rel, node[key][i])
        sources[(kind, "")] = Source(rel, node)
        return items

    modules = read_list("modules.yml", ModulesFile, "modules", "modules")
    organisations = read_list("organisations.yml", OrganisationsFile, "organisations", "orgs")
    case_studies = read_list("case-studies.yml", CaseStudiesFile, "case_studies", "case_studies")
    lessons = read_list("lessons.yml", LessonsFile, "lessons", "lessons")

    terms: list[Term] = []
    node, rel = read("glossary.yml")
    if node is not UNREADABLE:
        glossary = validate(GlossaryFile, node, rel, problems)
        if glossary:
            terms = glossary.terms
            sources[("glossary", "")] = Source(rel, node)
            seen: dict[str, int] = {}
            for i, t in enumerate(terms):
                if t.term in seen:
                    problems.append(
                        Problem(
                            rel,
                            line_of(node, ("terms", i, "term")),
                            f"terms[{i}].term",
                            f"the term '{t.term}' is defined twice",
                            "keep one definition",
                        )
                    )
                seen[t.term] = i

    # sessions: one file each, the file name is the id
    sessions: dict[str, Session] = {}
    invalid_sessions: set[str] = set()  # files that exist but failed: not "unknown" elsewhere
    for path in sorted((data / "sessions").glob("*")):
        rel = f"data/sessions/{path.name}"
        if path.suffix not in (".yml", ".yaml"):
            problems.append(
                Problem(rel, 0, "", "this is not a .yml file", "rename it to end in .yml")
            )
            continue
        if not re.match(ID_PATTERN, path.stem):
            problems.append(
                Problem(
                    rel,
                    0,
                    "",
                    f"'{path.stem}' cannot be a session id",
                    "name session files with lowercase letters, digits and hyphens, "
                    "e.g. 2020-12-01-cluster-strategy-1.yml",
                )
            )
            continue
        try:
            node = read_yaml(path, rel)
        except DataError as err:
            problems.extend(err.problems)
            invalid_sessions.add(path.stem)  # reported once, here, not as "unknown" elsewhere
            continue
        session = validate(Session, node, rel, problems)
        if session is None:
            invalid_sessions.add(path.stem)
            continue
        sources[("sessions", path.stem)] = Source(rel, node)
        for i, fld, what, fix in session.timeline_issues():
            problems.append(
                Problem(rel, line_of(node, ("agenda", i, fld)), f"agenda[{i}].{fld}", what, fix)
            )
        if programme and not programme.first_date <= session.date <= programme.last_date:
            problems.append(
                Problem(
                    rel,
                    line_of(node, ("date",)),
                    "date",
                    f"{session.date} is outside the programme "
                    f"({programme.first_date} to {programme.last_date})",
                    "correct the date, or the programme's first_date/last_date in "
                    "data/programme.yml",
                )
            )
        sessions[path.stem] = session
    if not sessions and not any(p.file.startswith("data/sessions/") for p in problems):
        problems.append(
            Problem("data/sessions", 0, "", "there are no sessions", "add one .yml per session")
        )
    sessions = dict(sorted(sessions.items(), key=lambda kv: (kv[1].date, kv[1].start)))

    # cross references; ids whose file failed above are not reported a second time
    targets = {
        "orgs": (organisations, "organisation", "data/organisations.yml"),
        "case_studies": (case_studies, "case study", "data/case-studies.yml"),
        "modules": (modules, "module", "data/modules.yml"),
        "sessions": ({**sessions, **dict.fromkeys(invalid_sessions)}, "session", "data/sessions/"),
    }

    def refs(kind: str, ids: list[str], src: Source, path: tuple) -> None:
        if kind in failed:
            return
        known, what, known_file = targets[kind]
        _check_refs(ids, known, what, known_file, src.file, src.node, path, problems)

    for sid, s in sessions.items():
        src = sources[("sessions", sid)]
        if s.expert:
            refs("orgs", [s.expert], src, ("expert",))
        for i, item in enumerate(s.agenda):
            refs("orgs", item.presenters, src, ("agenda", i, "presenters"))
            refs("case_studies", item.case_studies, src, ("agenda", i, "case_studies"))
    owner: dict[str, str] = {}
    for mid, m in modules.items():
        src = sources[("modules", mid)]
        refs("sessions", m.sessions, src, ("sessions",))
        for j, sid in enumerate(m.sessions):
            if sid in owner:
                problems.append(
                    Problem(
                        src.file,
                        src.line("sessions", j),
                        f"sessions[{j}]",
                        f"session '{sid}' already belongs to module '{owner[sid]}'",
                        "a session belongs to one thematic module; remove it from one of them",
                    )
                )
            owner[sid] = mid
    numbers: dict[int, str] = {}
    for mid, m in modules.items():
        if m.number in numbers:
            src = sources[("modules", mid)]
            problems.append(
                Problem(
                    src.file,
                    src.line("number"),
                    "number",
                    f"module number {m.number} is also used by '{numbers[m.number]}'",
                    "give every module its own number",
                )
            )
        numbers[m.number] = mid
    for lid, lesson in lessons.items():
        src = sources[("lessons", lid)]
        refs("modules", [lesson.module], src, ("module",))
        refs("sessions", lesson.sessions, src, ("sessions",))
        refs("case_studies", lesson.case_studies, src, ("case_studies",))

    out = {
        "programme": freeze(programme),
        "sessions": freeze(sessions),
        "modules": freeze(dict(sorted(modules.items(), key=lambda kv: kv[1].number))),
        "organisations": freeze(organisations),
        "case_studies": freeze(case_studies),
        "lessons": freeze(lessons),
        "terms": freeze(sorted(terms, key=lambda t: t.term.lower())),
        "sources": sources,
    }
    return out, failed, {**out["sessions"], **dict.fromkeys(invalid_sessions)}


def check_pages(
    root: Path,
    docs_dir: str,
    data: dict[str, Any],
    failed: set[str],
    known_sessions: dict,
    problems: list[Problem],
) -> dict[str, dict[str, str]]:
    """Every session, published module, lesson and case study has exactly one page, and every
    page names an item that exists. Returns the pages: kind -> id -> docs path."""
    sources = data["sources"]
    pages, page_lines, unreadable_pages = scan_pages(root / docs_dir, root, problems)
    known = {
        "sessions": known_sessions,
        "modules": data["modules"],
        "lessons": data["lessons"],
        "case_studies": data["case_studies"],
    }
    for key, kind in PAGE_KEYS.items():
        items = known[kind]
        if kind in failed:
            continue
        for (page_kind, page_id), (rel, line) in page_lines.items():
            if page_kind == kind and page_id not in items:
                close = difflib.get_close_matches(page_id, list(items), n=1)
                problems.append(
                    Problem(
                        rel,
                        line,
                        key,
                        f"the page names {key.replace('_', ' ')} '{page_id}', "
                        "which is not in data/",
                        (f"did you mean '{close[0]}'? " if close else "")
                        + "use an id that exists in data/, or add the data first",
                    )
                )
        for item_id, item in items.items():
            if unreadable_pages:  # a page we could not read may be the one presenting it
                break
            if item is None or (kind == "modules" and item.status != "published"):
                continue
            if item_id not in pages[kind]:
                src = sources[(kind, item_id)]
                problems.append(
                    Problem(
                        src.file,
                        src.line("id") if kind != "sessions" else 1,
                        "id" if kind != "sessions" else "",
                        f"'{item_id}' has no page in {docs_dir}/",
                        f"add a page whose front matter says '{key}: {item_id}' "
                        "(copy a neighbouring page)",
                    )
                )
    return pages
