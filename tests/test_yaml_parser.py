"""The fast YAML reader (libyaml's nodes, values built in macros/loader.py) gives exactly what
ruamel.yaml's round-trip reader gives: the same values of the same types, floats that remember
how they were typed, and the same line for every key and item."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import loader  # noqa: E402


def fast(text: str):
    """The libyaml path only (no fallback to ruamel.yaml)."""
    node = yaml.compose(text, Loader=loader._Loader)
    return None if node is None else loader._build(node, {})


def same(a, b, where="") -> None:
    assert type(a) is type(b), (where, a, b, type(a), type(b))
    if isinstance(a, loader._Map):
        assert list(a) == list(b), where
        assert a.line == b.line, where
        assert a.key_lines == b.key_lines, where
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, loader._Seq):
        assert len(a) == len(b), where
        assert a.line == b.line, where
        assert a.item_lines == b.item_lines, where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, float):
        assert (math.isnan(a) and math.isnan(b)) or a == b, (where, a, b)
        for attr in ("_width", "_prec"):
            assert getattr(a, attr, None) == getattr(b, attr, None), (where, attr)
    else:  # ruamel's own types (a tagged value) compare by their text
        assert a == b or repr(a) == repr(b), (where, a, b)


def yaml_texts():
    for path in sorted((ROOT / "data").rglob("*.yml")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "docs").rglob("*.md")):
        match = re.match(r"---\n(.*?)\n---\n", path.read_text(encoding="utf-8"), re.S)
        if match:
            yield str(path.relative_to(ROOT)), match.group(1)


TEXTS = list(yaml_texts())


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[n for n, _ in TEXTS])
def test_data_and_front_matter_read_as_ruamel_reads_them(name, text):
    same(fast(text), loader._ruamel_load(text), name)


TRICKY = """\
a: 9:30
b: 09:30
c: 9.30
d: yes
e: no
f: on
g: off
h: null
i: ~
j: ''
k: 010
l: 0o10
m: 0x1F
n: 1_000
o: 1e3
p: .inf
q: 2020-12-01
r: 2020-12-32
s: "quoted"
t: >-
  multi
  line

  para
u: |
  lit
    indented
v: &x [1, 2]
w: *x
x:
y: True
z: FALSE
aa: -.INF
ab: .NaN
ac: +12
ad: -0x1
ae: 1.
af: .5
ag: 1E3
ah: 0b101
ai: 1_0.5
aj: NULL
ak: Null
al: 0o
am: 0x
ao: 12:30:00
aq: 2020-12-01 10:00:00
ar: 0.
as: -0
at: 00
au: 0011
ax: -1.5e-3
ay: '9:30'
az: "2020-12-01"
city: Łódź
місто: Київ
empty list: []
empty map: {}
flow: {one: 1, two: [a, b], three: 9:30}
nested:
  - id: first
    when: 9:30
  -
  - - deep
    - 1.50
  - >
    folded
    keep
  - plain
    continued
1: int key
null: null key
2020-12-01: date key
"""


def test_tricky_scalars_read_as_ruamel_reads_them():
    for text in (TRICKY, TRICKY.replace("\n", "\r\n")):
        text = text.replace("\r\n", "\n") if "\r" in text else text
        same(fast(text), loader._ruamel_load(text), "tricky")
    value = fast(TRICKY)
    assert value["a"] == "9:30" and value["d"] == "yes" and value["k"] == 10
    assert value["q"] == "2020-12-01" and value["h"] is None and value["x"] is None
    assert value["v"] is value["w"]
    assert loader.line_of(value, ("nested", 2, 1)) == 65  # the line of "- 1.50"


def test_crlf_is_read_like_lf():
    crlf = TRICKY.replace("\n", "\r\n")
    assert loader.parse_yaml_text(crlf, "x.yml") == loader.parse_yaml_text(TRICKY, "x.yml")
    same(fast(crlf), fast(TRICKY), "crlf")


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "a: [1, 2\nb: 3\n",  # unclosed flow
        "a: 'open\nb: 3\n",  # unclosed quote
        "a: *nowhere\n",  # unknown alias
        "a: !!binary aGk=\n",  # a tag the fast reader leaves to ruamel
        "base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n",  # merge key
        "a: !!bool yes\n",
        "---\na: 1\n---\nb: 2\n",  # two documents
    ],
)
def test_the_unusual_goes_to_ruamel(text):
    try:
        expected = ("value", loader._ruamel_load(text))
    except Exception as err:
        expected = ("error", type(err), str(err))
    try:
        got = ("value", loader._load(text))
    except Exception as err:
        got = ("error", type(err), str(err))
    assert got[0] == expected[0]
    if got[0] == "value":
        same(got[1], expected[1], text)
    else:
        assert got == expected


def test_data_and_front_matter_take_the_fast_path():
    assert [name for name, text in TEXTS if loader._TO_RUAMEL.search(text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "a: x\u2028y\nb: 1\n",  # LS: a line break for libyaml only
        'a: "x\u2028y"\nb: 1\n',
        "%YAML 1.1\n---\na: yes\n",  # YAML 1.1 values for ruamel
        "a:\tb\n",  # ruamel rejects the tab
        "a: !!str 9\n",  # ruamel keeps the tag
        "a: !\n",
        "&name: x\n",  # a colon in the anchor for ruamel
        "a: >-\n \n    text\n      more\n",  # ruamel rejects
        "a: >#\n  text\n",
        "a: 1\rb: 2\n",
        "a: \ufeffb\n",
    ],
)
def test_where_libyaml_differs_ruamel_reads(text):
    assert loader._TO_RUAMEL.search(text)
    test_the_unusual_goes_to_ruamel(text)
