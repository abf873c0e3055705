"""Lighthouse report of a built site, served as GitHub Pages serves it (a report, not a test).

    python -m tools.lighthouse SITE_DIR [--runs 3] [--page URL ...] [--json-dir DIR]

Builds nothing: SITE_DIR is a finished build (e.g. `mkdocs build -d /tmp/site`). The folder is
served on 127.0.0.1 under the path of its site_url (read from the home page's canonical link),
each text response gzip-compressed with `Cache-Control: max-age=600`, as GitHub Pages does.
Lighthouse comes from the npm registry (`npx --yes lighthouse@VERSION`, cached by npm after the
first run; nothing is installed in the repository) and drives Debian's Chromium with the mobile
preset (Lighthouse's default: Moto G Power, simulated slow 4G). Prints the performance and
accessibility scores of each page, with the median of --runs runs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Lighthouse 13 needs Node 22; 12.2.3 runs on Debian's Node 20.
LIGHTHOUSE = "lighthouse@12.2.3"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".ics", ".txt"}
CACHE_CONTROL = "max-age=600"


def default_pages() -> list[str]:
    """One page of each kind, from the repository's data: the home page, the current
    edition's first session and its at-a-glance page, the first lesson and case study."""
    from macros.loader import load
    from macros.render import doc_url

    cur = load(Path(__file__).resolve().parents[1])
    eid = cur.current_edition()
    docs = [
        cur.pages["sessions"][cur.edition_sessions(eid)[0]],
        f"programme/{eid}/at-a-glance.md",
        next(iter(cur.pages["lessons"].values())),
        next(iter(cur.pages["case_studies"].values())),
    ]
    return ["", *(doc_url(doc, True) for doc in docs)]


def site_prefix(site: Path) -> str:
    """The path part of site_url ("/curriculum/"), from the home page's canonical link."""
    home = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    prefix = urlsplit(found.group(1)).path if found else "/"
    return prefix if prefix.endswith("/") else prefix + "/"


class PagesHandler(SimpleHTTPRequestHandler):
    """Static files under `prefix`, gzip for text, a 10-minute cache, 404.html for the rest."""

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        rel = path[len(self.prefix) :] if path.startswith(self.prefix) else None
        file = Path(self.directory, rel) if rel is not None else None
        if file is not None and file.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            file = file / "index.html"
        status = 200
        if file is None or not file.is_file():
            status, file = 404, Path(self.directory, "404.html")
        body = file.read_bytes()
        zipped = file.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            body = gzip.compress(body, 6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        if zipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # quiet
        pass


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    prefix = site_prefix(site)
    handler = partial(PagesHandler, directory=str(site), prefix=prefix)
    handler.extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".svg": "image/svg+xml",
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"


def lighthouse(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile preset): the report's JSON."""
    cmd = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not out.is_file():
        raise SystemExit(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def summary(report: dict) -> dict:
    cats, audits = report["categories"], report["audits"]
    return {
        "performance": round(cats["performance"]["score"] * 100),
        "accessibility": round(cats["accessibility"]["score"] * 100),
        "FCP s": round(audits["first-contentful-paint"]["numericValue"] / 1000, 2),
        "LCP s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2),
        "TBT ms": round(audits["total-blocking-time"]["numericValue"]),
        "CLS": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--page", action="append", help="site-relative URL (default: five pages)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is shown")
    parser.add_argument("--json-dir", type=Path, help="keep the Lighthouse JSON reports here")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html: build the site first")
    httpd, root = serve(args.site.resolve())
    keep = args.json_dir
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    print(f"{LIGHTHOUSE}, mobile preset, served gzip + Cache-Control: {CACHE_CONTROL} at {root}")
    header = ("page", "performance", "accessibility", "FCP s", "LCP s", "TBT ms", "CLS")
    print("  ".join(f"{h:>13}" if i else f"{h:<50}" for i, h in enumerate(header)))
    worst = 100
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page in args.page or default_pages():
                runs = []
                for n in range(args.runs):
                    name = (page.strip("/").replace("/", "_") or "home") + f"-{n + 1}.json"
                    runs.append(summary(lighthouse(root + page, (keep or Path(tmp)) / name)))
                row = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                worst = min(worst, row["performance"])
                cells = [f"/{page}"] + [f"{row[k]:g}" for k in header[1:]]
                print("  ".join(f"{c:>13}" if i else f"{c:<50}" for i, c in enumerate(cells)))
    finally:
        httpd.shutdown()
        httpd.server_close()
    print(f"lowest performance score: {worst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
