"""The validated data kept between builds, in .cache/data/ (gitignored).

Validating data/ needs pydantic, and importing it and building the models costs more than the
rest of this project's work in a build. The curriculum that a build validated is kept, as
records (macros/records.py: plain objects that unpickle without pydantic), with a key made of
every file under data/ (names and bytes) and of the code that reads them (Python, pydantic,
PyYAML and ruamel.yaml versions, the source of this package). A build whose key matches reads
it back instead of validating again; any change to a data file, or to the code, validates
again. Only data that passed validation is kept, so an error is never hidden by the cache.

The pages are not part of it: which page presents which item is read and checked on every
build (macros/loader.py, `check_pages`). The cache is best effort: one that cannot be read or
written costs a validation, nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from .fingerprint import code_fingerprint

CACHE_FILE = Path(".cache") / "data" / "curriculum.pickle"  # under the project's root
DISTRIBUTIONS = ("pydantic", "pydantic-core", "PyYAML", "ruamel.yaml")


def key(root: Path) -> str:
    """What the validated data depends on: every file under data/ and the code."""
    digest = hashlib.sha256(code_fingerprint(*DISTRIBUTIONS))
    data = root / "data"
    for path in sorted(data.rglob("*")):
        digest.update(b"\0" + path.relative_to(data).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(str(path.stat().st_size).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def stored_key(root: Path) -> str | None:
    """The key of the kept data, read without the data."""
    try:
        with (root / CACHE_FILE).open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # no cache yet, or one this code cannot read
        return None


def read(root: Path, expected: str) -> dict[str, Any] | None:
    """The data a previous build kept under the same key, or None."""
    try:
        with (root / CACHE_FILE).open("rb") as fh:
            if pickle.load(fh) != expected:
                return None
            return pickle.load(fh)
    except Exception:  # no cache yet, or one this code cannot read: validate
        return None


def write(root: Path, expected: str, data: dict[str, Any]) -> None:
    """Keep validated data, if data/ still has the key it was read with: the key first, then
    the data, so that `stored_key` reads the key alone."""
    if key(root) != expected:  # a file changed while it was read: keep nothing
        return
    path = root / CACHE_FILE
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temp.open("wb") as fh:
            pickle.dump(expected, fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        temp.replace(path)  # atomic: a build reading it sees the old or the new file
    except (OSError, pickle.PicklingError):
        with contextlib.suppress(OSError):
            temp.unlink()
