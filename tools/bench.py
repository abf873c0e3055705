"""Benchmark the build against plain mkdocs-material: `make bench` prints a Markdown table.

    .venv/bin/python -m tools.bench [--runs 7] [--sizes 10,50,100] [--pdf-modules 50]
                                   [--only serve,real,pdf,synth,synth-pdf] [--json FILE]

Each figure is a ratio against plain mkdocs-material building the same pages, timed in the same
run: whole processes (`mkdocs build` or `mkdocs serve`), ours and the reference in turn, several
runs, medians. Absolute times depend on the machine and its load; the ratios are what to compare.
Every build runs on a temporary copy of the project: nothing in the repository is written.

The reference, "plain": the same pages as Markdown after the macros ran (a hook added to our
build writes each page's Markdown, the derived nav and the glossary), built by a config with the
same theme, features, Markdown extensions and assets, without macros, hooks or custom_dir.

1. `mkdocs serve` (PDFs off, as `PDF_EXPORT=0 make serve`): the time from saving an edit to
   "Reloading browsers", ours after an edit of a session's YAML, plain after an edit of a page;
   both servers run side by side and are edited in turn.
2. `mkdocs build` of the site without PDFs. There are no caches: every build is a first build.
3. The same on the synthetic curriculum (tools/synth.py: N copies of the published module with
   the most sessions, delivered across N/5 editions), against plain at the largest size but one
   (50 modules in 10 editions by default); and the cost per page at the largest size against the
   smallest.
4. The full build with PDFs against plain + one WeasyPrint pass per page that goes into a PDF
   (each page's <article> with the site's CSS and the print stylesheet, laid out once). Ours lays
   each page out once too, in one document per module PDF and one for the handbook's front, side
   by side in spawned workers (one per CPU): the wall time, and the CPU time of all processes.
5. Peak memory of the synthetic curriculum's build with PDFs: the largest summed RSS of the
   build's process tree, PDF workers included (sampled every 0.1 s), or the kernel's peak for
   one process, if larger; and the largest single process.
Page weight: HTML of each page type and the site's own CSS/JS, gzip -9; the PDFs' sizes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.synth import copy_project, generate, mkdocs_config  # noqa: E402

MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
PYTHON = sys.executable
# The caller's environment without the build's own variables (each build sets what it needs).
# Python keeps the bytecode of the project's modules, as it does for the installed packages
# (plain Material's) and in any checkout: each project is built once, untimed, first.
BUILD_VARIABLES = ("SOURCE_DATE_EPOCH", "PDF_EXPORT", "SITE_URL", "REPO_URL", "OFFLINE_COPY")
ENV = {
    k: v for k, v in os.environ.items() if k not in (*BUILD_VARIABLES, "PYTHONDONTWRITEBYTECODE")
}
ENV["NO_MKDOCS_2_WARNING"] = "1"
TARGETS = {"serve": 1.6, "real": 1.6, "synth": 1.5, "per_page": 1.2, "pdf": 1.3, "memory": 2048}

EXPORT_HOOK = '''
"""Bench only: write each page's Markdown after the macros ran, the nav and the glossary."""
import json
from pathlib import Path

import yaml

OUT = Path(__file__).parent / "rendered"


def on_nav(nav, config, files):  # the macros derived the nav and the glossary at on_config
    OUT.mkdir(exist_ok=True)
    (OUT / "_nav.json").write_text(json.dumps(config.nav))
    glossary = config.mdx_configs.get("abbr", {}).get("glossary", {})
    (OUT / "_glossary.json").write_text(json.dumps(glossary))


def on_page_markdown(markdown, page, config, files):
    meta = {k: str(v) if hasattr(v, "__html__") else v for k, v in page.meta.items()}
    meta = {k: v for k, v in meta.items() if isinstance(v, (str, int, float, bool, list))}
    path = OUT / page.file.src_path
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "---\\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\\n" if meta else ""
    path.write_text(head + markdown, encoding="utf-8")
'''

# One WeasyPrint pass per page: argv = site, print.css, page URLs.
RENDER_PAGES = """
import re, sys
from pathlib import Path
from weasyprint import HTML
site, css = Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8")
ARTICLE = re.compile(r"<article\\b.*?</article>", re.S)
laid_out = 0
for url in sys.argv[3:]:
    page = site / url / "index.html"
    article = ARTICLE.search(page.read_text(encoding="utf-8")).group(0)
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>p</title>'
        f'<link rel="stylesheet" href="{site.as_uri()}/assets/curriculum.css">'
        f'<style>{css}</style></head><body><main class="md-typeset">{article}</main>'
        "</body></html>"
    )
    doc = HTML(string=html, base_url=page.as_uri(), media_type="print").render()
    doc.write_pdf()
    laid_out += len(doc.pages)
print(laid_out)
"""


# ------------------------------------------------------------------------------ processes
def tree_rss(pid: int) -> int:
    """Summed RSS in KiB of a process and its descendants (Linux /proc; 0 elsewhere)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue
    return total


class Run(NamedTuple):
    """One process run to its end."""

    wall: float  # seconds
    rss: int  # KiB: the peak of the process tree's summed RSS (or `largest`, if larger)
    largest: int  # KiB: the peak RSS of the largest single process (the kernel's, wait4)
    cpu: float  # seconds of CPU, user + system, of the process and its waited-for children
    out: str = ""  # what it printed


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run a process to its end: its wall time, memory and CPU time."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.stderr.write(out.decode(errors="replace")[-4000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)} in {cwd}")
    cpu = usage.ru_utime + usage.ru_stime
    text = out.decode(errors="replace")
    return Run(wall, max(usage.ru_maxrss, peak[0]), usage.ru_maxrss, cpu, text)


def build(project: Path, site: Path, pdf: bool = False, config: str = "mkdocs.yml") -> Run:
    """One `mkdocs build` (strict for ours; plain Material's pages may keep the odd warning)."""
    strict = ["--strict"] if config != PLAIN else []
    cmd = [MKDOCS, "build", *strict, "-q", "-f", str(project / config), "-d", str(site)]
    shutil.rmtree(site, ignore_errors=True)
    return run(cmd, project, {**ENV, "PDF_EXPORT": "1" if pdf else "0"})


PLAIN = "plain.yml"  # the plain project's config (so `build` knows not to be strict)


# ------------------------------------------------------------------------- plain Material
def plain_project(project: Path, plain: Path) -> list[str]:
    """Build `project` once with the export hook and write a plain Material project of its
    rendered Markdown into `plain` (config PLAIN). Returns the docs paths of the pages that go
    into a PDF (all but those with `pdf: false`)."""
    import yaml

    conf = mkdocs_config(project)
    (project / "bench_export.py").write_text(EXPORT_HOOK, encoding="utf-8")
    overlay = {"INHERIT": "mkdocs.yml", "hooks": [*conf.get("hooks", []), "bench_export.py"]}
    (project / "bench-export.yml").write_text(yaml.safe_dump(overlay), encoding="utf-8")
    rendered = project / "rendered"
    shutil.rmtree(rendered, ignore_errors=True)
    build(project, plain / "export-site", config="bench-export.yml")
    shutil.rmtree(plain / "export-site")
    docs = plain / "docs"
    shutil.copytree(project / "docs", docs, ignore=shutil.ignore_patterns("*.md"))
    pdf_pages = []
    for md in sorted(rendered.rglob("*.md")):
        rel = md.relative_to(rendered)
        text = md.read_text(encoding="utf-8")
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
        if not re.search(r"^pdf: false$", text.split("\n---\n", 1)[0], re.M):
            pdf_pages.append(rel.as_posix())
    glossary = json.loads((rendered / "_glossary.json").read_text())
    extensions = []
    for ext in conf.get("markdown_extensions", []):
        name = next(iter(ext)) if isinstance(ext, dict) else ext
        opts = dict(ext[name]) if isinstance(ext, dict) else {}
        if name == "abbr":
            opts["glossary"] = glossary
        if name == "pymdownx.snippets":
            opts["base_path"] = [str(project)]
        extensions.append({name: opts} if opts else name)
    plain_conf = {
        "site_name": conf["site_name"],
        "site_url": conf.get("site_url"),
        "theme": {k: v for k, v in conf["theme"].items() if k != "custom_dir"},
        "extra_css": conf.get("extra_css", []),
        "extra_javascript": [
            p.relative_to(docs).as_posix() for p in sorted((docs / "assets").glob("*.js"))
        ],
        "plugins": ["search"],
        "markdown_extensions": extensions,
        "nav": json.loads((rendered / "_nav.json").read_text()),
    }
    text = yaml.safe_dump(plain_conf, allow_unicode=True, sort_keys=False)
    (plain / PLAIN).write_text(text, encoding="utf-8")
    return pdf_pages


def page_url(src: str) -> str:
    """docs path -> directory URL, as in the built site ("" for the home page)."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index").rstrip("/")
    return stem


# --------------------------------------------------------------------------------- parts
def bench_real(work: Path, runs: int, res: dict) -> None:
    """2. The site without PDFs, ours and plain in turn."""
    project = copy_project(work / "project")
    pdf_pages = plain_project(project, work / "plain")  # the first build of ours
    build(work / "plain", work / "plain-site", config=PLAIN)  # and of plain, untimed
    ours, plain = [], []
    for _ in range(runs):
        ours.append(build(project, work / "site").wall)
        plain.append(build(work / "plain", work / "plain-site", config=PLAIN).wall)
    res["real"] = {"pages": len(list((project / "docs").rglob("*.md"))), "ours": ours}
    res["real"]["plain"] = plain
    res["_pdf_pages"] = pdf_pages


def bench_pdf(work: Path, runs: int, res: dict) -> None:
    """4. The full build with PDFs against plain + one WeasyPrint pass per PDF page."""
    import pikepdf

    from macros.loader import load
    from macros.pdf.plan import plan

    project, plain = work / "project", work / "plain"
    script = work / "render_pages.py"
    script.write_text(RENDER_PAGES, encoding="utf-8")
    pdf_pages = res["_pdf_pages"]
    urls = [page_url(src) for src in pdf_pages]
    css = str(project / "macros" / "pdf" / "print.css")
    ours, ref, renders, peak, cpu, ref_cpu = [], [], [], [], [], []
    for _ in range(runs):
        built = build(project, work / "pdf-site", pdf=True)
        ours.append(built.wall)
        cpu.append(built.cpu)
        peak.append(built.rss)
        base = build(plain, work / "plain-site", config=PLAIN)
        render = run([PYTHON, str(script), str(work / "plain-site"), css, *urls], work)
        ref.append(base.wall + render.wall)
        ref_cpu.append(base.cpu + render.cpu)
        renders.append(render.wall)
        ref_pdf_pages = int(render.out.split()[-1])
    outputs = plan(load(project), pdf_pages, set())
    site_pdfs = work / "pdf-site" / "pdf"
    with pikepdf.open(site_pdfs / "handbook.pdf") as handbook:  # its front + every module PDF
        laid_out = len(handbook.pages)
    res["pdf"] = {
        "ours": ours,
        "ref": ref,
        "renders": renders,
        "cpu": cpu,
        "ref_cpu": ref_cpu,
        "rss": peak,
        "pages": len(pdf_pages),
        "layouts": sum(len(out.pages) for out in outputs),  # each page in one document
        "documents": len(outputs),  # each with its cover and contents
        "pdf_pages": laid_out,
        "ref_pdf_pages": ref_pdf_pages,
        "sizes": {p.name: p.stat().st_size for p in sorted(site_pdfs.glob("*"))},
    }


def bench_serve(work: Path, runs: int, res: dict) -> None:
    """1. Edit to reload: our server after a YAML edit, plain Material's after a page edit."""
    project = copy_project(work / "serve-project")
    plain = work / "serve-plain"  # bench_real's plain project: the same pages
    shutil.copytree(work / "plain", plain, ignore=shutil.ignore_patterns("*site"))
    session = sorted((project / "data" / "editions").glob("*/sessions/*.yml"))[0]
    page = sorted((plain / "docs").rglob("*.md"))[0]
    ours = Server(project, "mkdocs.yml", ["--strict"])
    base = Server(plain, PLAIN, [])
    try:
        for n in range(runs):
            for server, path, edit in ((ours, session, edit_title), (base, page, edit_page)):
                original = path.read_text(encoding="utf-8")
                time.sleep(1.0)
                server.timed_edit(path, edit(original, n))
    finally:
        ours.stop()
        base.stop()
    res["serve"] = {"ours": ours.total, "plain": base.total}
    res["serve"] |= {"ours_rebuild": ours.rebuild, "plain_rebuild": base.rebuild}


def edit_title(yaml_text: str, n: int) -> str:
    """A session's title with " (edit n)" added, inside its quotes if it has some."""

    def add(match: re.Match) -> str:
        value = match.group(1)
        if value[:1] in "\"'" and value[-1:] == value[:1]:
            return f"title: {value[:-1]} (edit {n}){value[-1]}"
        return f"title: {value} (edit {n})"

    edited = re.sub(r"^title: (.*?)\s*$", add, yaml_text, count=1, flags=re.M)
    assert edited != yaml_text, "the session file has no title line"
    return edited


def edit_page(markdown: str, n: int) -> str:
    return markdown.rstrip("\n") + f"\n\nEdit {n}.\n"


class Server:
    """`mkdocs serve` of a project (PDFs off), its log lines read as they come."""

    def __init__(self, project: Path, config: str, args: list[str]):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cmd = [MKDOCS, "serve", *args, "-f", str(project / config), "--livereload"]
        cmd += ["--dev-addr", f"127.0.0.1:{port}"]
        self.proc = subprocess.Popen(
            cmd,
            cwd=project,
            env={**ENV, "PDF_EXPORT": "0"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[tuple[float, str]] = []
        self.cond = threading.Condition()
        self.total: list[float] = []
        self.rebuild: list[float] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.pos = self.wait_for("Serving on", 0)[0]

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append((time.perf_counter(), line))
                self.cond.notify_all()

    def wait_for(self, text: str, start: int, timeout: float = 300) -> tuple[int, float]:
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for i in range(start, len(self.lines)):
                    if text in self.lines[i][1]:
                        return i, self.lines[i][0]
                left = deadline - time.perf_counter()
                if left <= 0 or self.proc.poll() is not None:
                    tail = "".join(line for _, line in self.lines[-30:])
                    raise SystemExit(f"mkdocs serve: no '{text}' line\n{tail}")
                self.cond.wait(left)

    def timed_edit(self, path: Path, text: str) -> None:
        """Save `text` into `path`; time the rebuild that follows."""
        started = time.perf_counter()
        path.write_text(text, encoding="utf-8")
        self.pos, detected = self.wait_for("Detected file changes", self.pos + 1)
        self.pos, reloaded = self.wait_for("Reloading browsers", self.pos + 1)
        self.total.append(reloaded - started)
        self.rebuild.append(reloaded - detected)
        with self.cond:
            errors = [line for _, line in self.lines if "ERROR" in line]
        if errors:
            raise SystemExit("mkdocs serve reported:\n" + "".join(errors))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def bench_synth(work: Path, runs: int, sizes: list[int], res: dict) -> None:
    """3. Synthetic curricula without PDFs, every size and plain in turn."""
    ref = sizes[-2] if len(sizes) > 1 else sizes[0]
    projects = {n: work / f"synth-{n}" for n in sizes}
    counts = {n: generate(projects[n], n) for n in sizes}
    plain_project(projects[ref], work / f"synth-{ref}-plain")  # a first build of `ref`
    build(work / f"synth-{ref}-plain", work / "synth-plain-site", config=PLAIN)
    for n in sizes:  # first builds, untimed
        if n != ref:
            build(projects[n], work / "synth-site")
    times: dict[int, list[float]] = {n: [] for n in sizes}
    rss: dict[int, list[int]] = {n: [] for n in sizes}
    plain = []
    for _ in range(runs):
        for n in sizes:
            built = build(projects[n], work / "synth-site")
            times[n].append(built.wall)
            rss[n].append(built.rss)
        plain.append(
            build(work / f"synth-{ref}-plain", work / "synth-plain-site", config=PLAIN).wall
        )
    res["synth"] = {
        "ref": ref,
        "sizes": {
            n: {
                "pages": counts[n]["total"],
                "editions": synth_editions(projects[n]),
                "ours": times[n],
                "rss": rss[n],
            }
            for n in sizes
        },
        "plain": plain,
    }


def synth_editions(project: Path) -> int:
    """How many editions tools/synth.py added (the content's own are not counted)."""
    return len(list((project / "data" / "editions").glob("synth-*/edition.yml")))


def bench_synth_pdf(work: Path, modules: int, res: dict) -> None:
    """5. One build of the synthetic curriculum with PDFs: time and peak memory."""
    project = work / f"synth-{modules}"
    if not project.exists():
        generate(project, modules)
    built = build(project, work / "synth-pdf-site", pdf=True)
    pdfs = sorted((work / "synth-pdf-site" / "pdf").glob("*.pdf"))
    res["synth_pdf"] = {
        "modules": modules,
        "editions": synth_editions(project),
        "pages": len(list((project / "docs").rglob("*.md"))),
        "build": built.wall,
        "cpu": built.cpu,
        "rss": built.rss,
        "largest": built.largest,
        "pdfs": len(pdfs),
        "bytes": sum(p.stat().st_size for p in pdfs),
    }


def bench_weight(work: Path, res: dict) -> None:
    """Page weight: each page type's HTML, the site's own CSS and JS (gzip -9)."""
    from macros.loader import load

    project = work / "project"
    site = work / "pdf-site" if (work / "pdf-site").exists() else work / "site"
    cur = load(project)
    overview = cur.pages["editions"][cur.current_edition()]
    types = {"home": "index.md", "programme": "programme/index.md", "edition": overview}
    types["at a glance"] = overview.replace("index.md", "at-a-glance.md")
    for kind, name in (("sessions", "session"), ("modules", "module"), ("lessons", "lesson")):
        if cur.pages[kind]:
            types[name] = next(iter(cur.pages[kind].values()))
    if cur.pages["case_studies"]:
        types["case study"] = next(iter(cur.pages["case_studies"].values()))
    types |= {"glossary": "glossary.md", "downloads": "downloads.md"}
    pages = {}
    for name, src in types.items():
        html = site / page_url(src) / "index.html"
        if html.is_file():
            data = html.read_bytes()
            pages[f"{name} ({src})"] = (len(data), gz(data))
    own = {p.name: gz(p.read_bytes()) for p in sorted((site / "assets").glob("*.*s"))}
    res["weight"] = {"pages": pages, "own": own}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


# ---------------------------------------------------------------------------------- report
def med(values: list[float]) -> float:
    return statistics.median(values)


def ratio(ours: list[float], ref: list[float]) -> float:
    """Median of the runs' ratios when paired (each pair ran back to back, so a drift of the
    machine's speed reaches both sides), else the ratio of the medians."""
    if len(ours) == len(ref):
        return med([a / b for a, b in zip(ours, ref, strict=True)])
    return med(ours) / med(ref)


def fmt(values: list[float], unit: str = "s") -> str:
    if len(values) == 1:
        return f"{values[0]:.2f} {unit}"
    return f"{med(values):.2f} {unit} ({min(values):.2f}–{max(values):.2f})"


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else f"**missed** ({value / target - 1:+.0%})"


def report(res: dict, info: dict) -> str:
    out: list[str] = []
    add = out.append
    add(f"- Machine: {info['cpu']}, {info['nproc']} CPUs, {info['memory']} RAM; {info['os']}")
    add(f"- Python {info['python']}; {info['packages']}")
    add(
        f"- Load average (1, 5, 15 min) before: {info['load']}; after: {res.get('load_after', '?')}"
    )
    add(f"- Runs per measurement: {info['runs']} (median, min–max in brackets)")
    add("")
    add("| # | Measurement | This project | Plain Material | Ratio | Target | |")
    add("|---|---|---|---|---|---|---|")

    def row(num, what, ours, plain, target=None, unit="s") -> None:
        value = ratio(ours, plain)
        goal = f"≤ {target}×" if target else ""
        met = verdict(value, target) if target else ""
        cells = f"{fmt(ours, unit)} | {fmt(plain, unit)} | {value:.2f}×"
        add(f"| {num} | {what} | {cells} | {goal} | {met} |")

    if "serve" in res:
        s = res["serve"]
        row(
            1,
            "`mkdocs serve`, PDFs off: saving an edit → browsers reloaded (ours: a session's "
            "YAML; plain: a page)",
            s["ours"],
            s["plain"],
            TARGETS["serve"],
        )
        row(
            "",
            "the same, rebuild alone (from 'Detected file changes')",
            s["ours_rebuild"],
            s["plain_rebuild"],
        )
    if "real" in res:
        r = res["real"]
        row(
            2,
            f"`mkdocs build` without PDFs, real site ({r['pages']} pages)",
            r["ours"],
            r["plain"],
            TARGETS["real"],
        )
    if "synth" in res:
        syn = res["synth"]
        sizes = syn["sizes"]
        ref = sizes[syn["ref"]]
        row(
            3,
            f"`mkdocs build` without PDFs, synthetic {syn['ref']} modules in "
            f"{ref.get('editions', '?')} editions ({ref['pages']} pages)",
            ref["ours"],
            syn["plain"],
            TARGETS["synth"],
        )
        per = {n: [t / v["pages"] * 1000 for t in v["ours"]] for n, v in sizes.items()}
        small, large = min(sizes), max(sizes)
        if large != small:
            listed = ", ".join(
                f"{med(per[n]):.1f} at {n} ({sizes[n]['pages']} pages)" for n in sizes
            )
            row(
                3,
                f"cost per page, {large} modules against {small} (ours at {small} as the "
                f"reference); ms/page: {listed}",
                per[large],
                per[small],
                TARGETS["per_page"],
                "ms",
            )
    if "pdf" in res:
        p = res["pdf"]
        row(
            4,
            f"full build with PDFs, real site, against plain + one WeasyPrint pass per page "
            f"({p['pages']} pages in PDFs; ours lays out {p['layouts']} in {p['documents']} "
            f"documents, each with a cover and contents: {p['pdf_pages']} PDF pages, the "
            f"reference {p['ref_pdf_pages']})",
            p["ours"],
            p["ref"],
            TARGETS["pdf"],
        )
        row(
            "",
            "the same, CPU time of all processes (ours: the build and its PDF workers)",
            p["cpu"],
            p["ref_cpu"],
        )
        add(
            f"| | the reference's WeasyPrint passes alone; peak memory of our build | "
            f"{max(p['rss']) / 1024:.0f} MiB | {fmt(p['renders'])} | | | |"
        )
    if "synth_pdf" in res:
        sp = res["synth_pdf"]
        mib = sp["rss"] / 1024
        nopdf = res.get("synth", {}).get("sizes", {}).get(sp["modules"])
        part = f", of which PDFs about {sp['build'] - med(nopdf['ours']):.0f} s" if nopdf else ""
        add(
            f"| 5 | peak memory (summed RSS of the process tree, PDF workers included), "
            f"synthetic {sp['modules']} modules in {sp.get('editions', '?')} editions "
            f"({sp['pages']} pages) with PDFs; one build, {sp['build']:.0f} s{part}, "
            f"{sp['pdfs']} PDFs, {sp['bytes'] / 2**20:.1f} MiB | {mib:.0f} MiB | | | "
            f"≤ {TARGETS['memory']} MiB | {verdict(mib / TARGETS['memory'], 1)} |"
        )
        if "largest" in sp:
            add(
                f"| | the largest single process of that build; its CPU time "
                f"{sp['cpu']:.0f} s | {sp['largest'] / 1024:.0f} MiB |||||"
            )
    if "synth" in res:
        peak = max(max(v["rss"]) for v in res["synth"]["sizes"].values())
        add(f"| | peak memory without PDFs, largest synthetic size | {peak / 1024:.0f} MiB |||||")
    if "weight" in res:
        w = res["weight"]
        own = sum(w["own"].values())
        parts = ", ".join(f"{k} {v / 1024:.1f}" for k, v in w["own"].items())
        add("")
        add(f"Page weight (gzip -9). Own CSS + JS: {own / 1024:.1f} KiB ({parts} KiB).")
        add("")
        add("| Page | HTML | gzip | + own CSS/JS |")
        add("|---|---|---|---|")
        for name, (raw, packed) in w["pages"].items():
            kib = (raw / 1024, packed / 1024, (packed + own) / 1024)
            add(f"| {name} | {kib[0]:.1f} KiB | {kib[1]:.1f} KiB | {kib[2]:.1f} KiB |")
        for name, size in res.get("pdf", {}).get("sizes", {}).items():
            add(f"| PDF {name} | {size / 1024:.0f} KiB | | |")
    return "\n".join(out)


def machine(runs: int) -> dict:
    from importlib.metadata import version

    cpu = [x for x in Path("/proc/cpuinfo").read_text().splitlines() if x.startswith("model name")]
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    names = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "mkdocs-pdf-export-plugin")
    return {
        "cpu": cpu[0].split(":", 1)[1].strip() if cpu else platform.processor(),
        "nproc": os.cpu_count(),
        "memory": f"{int(mem.group(1)) / 2**20:.1f} GiB" if mem else "?",
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": ", ".join(f"{n} {version(n)}" for n in (*names, "weasyprint")),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "runs": runs,
    }


PARTS = ("serve", "real", "pdf", "synth", "synth-pdf")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="10,50,100", help="synthetic modules, comma-separated")
    parser.add_argument("--pdf-modules", type=int, default=50, help="synthetic size with PDFs")
    parser.add_argument("--only", default=",".join(PARTS), help=f"some of {','.join(PARTS)}")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    sizes = sorted(int(n) for n in args.sizes.split(","))
    info = machine(args.runs)
    res: dict = {}
    work = Path(tempfile.mkdtemp(prefix="curriculum-bench-"))
    steps = [
        ("real", lambda: bench_real(work, args.runs, res)),
        ("pdf", lambda: bench_pdf(work, args.runs, res)),
        ("serve", lambda: bench_serve(work, args.runs, res)),
        ("synth", lambda: bench_synth(work, args.runs, sizes, res)),
        ("synth-pdf", lambda: bench_synth_pdf(work, args.pdf_modules, res)),
    ]
    if parts & {"pdf", "serve"}:
        parts.add("real")  # they use its copy of the project and its plain reference
    try:
        for name, step in steps:
            if name in parts:
                print(f"{name} …", file=sys.stderr, flush=True)
                step()
        if "real" in parts:
            bench_weight(work, res)
        res["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(res, info))
    if args.json:
        clean = {k: v for k, v in res.items() if not k.startswith("_")}
        args.json.write_text(json.dumps({"machine": info, **clean}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
