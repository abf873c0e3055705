"""Validate the curriculum data alone, without building the site: `python -m tools.check`.

Runs the same loader as the build (macros/loader.py), so it prints the same messages: file,
line, field, what is wrong and how to fix it. Exit status 0 when the data is good, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

from macros.errors import DataError
from macros.loader import load


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path.cwd()
    try:
        cur = load(root)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    print(
        f"The curriculum data is valid: {len(cur.editions)} edition"
        f"{'s' if len(cur.editions) != 1 else ''} with {len(cur.sessions)} sessions, "
        f"{len(cur.modules)} modules, {len(cur.lessons)} lessons, {len(cur.case_studies)} case "
        f"studies, {len(cur.organisations)} organisations, {len(cur.terms)} glossary terms."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
