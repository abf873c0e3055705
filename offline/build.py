"""Build the offline copy of the site and zip it, deterministically.

    .venv/bin/python -m offline.build DEST.zip [--site SITE_DIR]

Builds the site (strict) with Material's offline plugin on (OFFLINE_COPY=true: no directory
URLs, search index inlined, so the pages and the search work when index.html is opened from
disk), then writes DEST.zip: one top folder, entries sorted, the build's time on every entry
(SOURCE_DATE_EPOCH, macros/settings.py) and fixed permissions, so the same site and the same
SOURCE_DATE_EPOCH give the same bytes. PDFs follow
PDF_EXPORT like any build. With --site, the ZIP's size is also written into that site's
Downloads page (`make site` builds the ZIP into the site it publishes, so its link never 404s).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from macros.pdf import human_size
from macros.settings import build_time

ROOT = Path(__file__).resolve().parents[1]
SWITCH = "OFFLINE_COPY"  # environment variable that turns the offline plugin on (mkdocs.yml)
TOP = "smartctclusters-curriculum"  # the folder the ZIP unpacks to
SIZE = re.compile(r'(<span class="ct-offline-size">)[^<]*(</span>)')


def zip_dir(src: Path, dest: Path, top: str = TOP) -> None:
    """Zip src into dest under `top/`: sorted entries, fixed times and modes (reproducible)."""
    stamp = max(build_time().timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # ZIP starts in 1980
    names = sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file())
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in names:
            info = zipfile.ZipInfo(f"{top}/{name}", stamp)
            info.external_attr = 0o644 << 16
            zf.writestr(info, (src / name).read_bytes(), zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(dest)


def build_offline(site_dir: Path, root: Path = ROOT) -> None:
    env = {**os.environ, SWITCH: "true", "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    cmd = [str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)]
    proc = subprocess.run(cmd, cwd=root, env=env, check=False)
    if proc.returncode:
        raise SystemExit(f"offline build failed ({proc.returncode})")


def fill_size(site: Path, size: int) -> None:
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if 'class="ct-offline-size"' in text:
            text = SIZE.sub(lambda m: f"{m.group(1)}{human_size(size)}{m.group(2)}", text)
            html.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="the ZIP to write")
    parser.add_argument("--site", type=Path, help="a built site whose Downloads page gets the size")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="offline-", ignore_cleanup_errors=True) as work:
        build_offline(Path(work) / TOP)
        zip_dir(Path(work) / TOP, args.dest)
    size = args.dest.stat().st_size
    if args.site:
        fill_size(args.site, size)
    print(f"{args.dest}: {human_size(size)}")


if __name__ == "__main__":
    main()
