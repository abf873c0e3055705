"""What the build's caches depend on besides their input: Python, package versions and the
source of this package (macros/template_cache.py, macros/data_cache.py)."""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@cache
def _source_digest() -> bytes:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.digest()


@cache
def code_fingerprint(*distributions: str) -> bytes:
    """Python's version, the versions of the given distributions and this package's source,
    as loaded by this process."""
    digest = hashlib.sha256(sys.version.encode())
    for name in distributions:
        digest.update(f"\n{name} {version(name)}".encode())
    digest.update(_source_digest())
    return digest.digest()
