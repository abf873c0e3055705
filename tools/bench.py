"""Benchmark the site's build: `make bench` (a script, not a test; prints a Markdown table).

    .venv/bin/python -m tools.bench [--runs 3] [--modules 50] [--pdf-modules 10]
                                   [--only real,pdf,serve,synth,weight] [--json FILE]

Every build runs in its own process, on a temporary copy of the project (nothing in the
repository is written). Several runs each; the table shows medians (min–max in brackets).

1. macros overhead: `mkdocs build` without PDFs (PDF_EXPORT=0) against a plain mkdocs-material
   build of the same rendered Markdown. The rendered Markdown is exported by an extra hook
   (after the macros ran, with the derived nav and the glossary) into a temporary docs dir that
   a plain config builds: same theme features, Markdown extensions and assets; no macros, no
   hooks, no custom_dir, search plugin only. Our build is timed twice per run: cold (the
   project's .cache/ removed first: compiled templates and validated data; a first build) and
   warm (the cache the cold build left: any later build, and every rebuild of `mkdocs serve`).
   Two more plain builds per run: the floor (mkdocs-macros added as it comes, pages not
   rendered) and plain Material with this project's two speed-ups that any MkDocs build could
   use, hooks/gc_freeze.py and hooks/theme_cache.py (Material's compiled templates kept in
   .cache/), cold and warm like ours, to show how much of our ratio they account for.
2. PDF overhead: the full build (PDFs on) against the plain build plus one WeasyPrint render
   (`HTML(...).write_pdf()`) of every page that goes into a PDF, each page's <article> with the
   project's print stylesheet. A ratio near 1 means no page is laid out more than once.
3. live reload: `mkdocs serve` (PDF_EXPORT=0, as `make serve`) on a copy of the project; one
   data file (a session's YAML) is edited and the time from the edit to the server's
   "Reloading browsers" is measured, plus the rebuild alone ("Detected file changes" to
   "Reloading browsers"; the edit-to-detection part is the watcher's debounce).
4. scale: tools/synth.py generates N modules × 8 sessions (+ lessons and case studies) from
   the real data's shape; build time without PDFs, time per page against the real site's, peak
   memory (the build process's peak RSS, or the sampled summed PSS of it and its forked PDF
   workers if larger), and the PDF build at --pdf-modules.
5. page weight: HTML of each page type + the site's own CSS/JS, gzip -9; PDF sizes.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.synth import copy_project, generate, mkdocs_config  # noqa: E402

VENV_BIN = Path(sys.executable).parent
MKDOCS = str(VENV_BIN / "mkdocs")
PYTHON = sys.executable
# Python writes and reuses the bytecode of this project's modules, as it does for the installed
# packages (plain Material's): the first build of each copy compiles them.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["NO_MKDOCS_2_WARNING"] = "1"
OWN_ASSETS = ("assets/curriculum.css", "assets/localtime.js")

EXPORT_HOOK = '''
"""Bench only: write each page's Markdown after the macros ran, the nav and the glossary."""
import json
from pathlib import Path

import yaml

OUT = Path(__file__).parent / "rendered"


def on_nav(nav, config, files):  # the nav and glossary are derived from data at on_files
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

RENDER_PAGES = """
import sys, re
from pathlib import Path
from weasyprint import HTML
site, css = Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding="utf-8")
ARTICLE = re.compile(r"<article\\b.*?</article>", re.S)
for rel in sys.argv[3:]:
    page = site / rel / "index.html" if rel else site / "index.html"
    article = ARTICLE.search(page.read_text(encoding="utf-8")).group(0)
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>p</title>'
        f'<link rel="stylesheet" href="{site.as_uri()}/assets/curriculum.css">'
        f"<style>{css}</style></head><body><main class=\\"md-typeset\\">{article}</main>"
        "</body></html>"
    )
    HTML(string=html, base_url=page.as_uri(), media_type="print").write_pdf()
"""


# ------------------------------------------------------------------------------- helpers
def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int]:
    """Run a process; (wall seconds, peak memory in KiB).

    Peak memory is the larger of the process's own peak RSS (wait4) and the peak, sampled every
    0.1 s, of the summed PSS of the process and its descendants (the forked PDF workers: PSS
    shares copy-on-write pages out between them, so the sum is what the build occupies)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    tree_peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            tree_peak[0] = max(tree_peak[0], tree_pss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.stderr.write(out.decode(errors="replace")[-4000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)} in {cwd}")
    return wall, max(usage.ru_maxrss, tree_peak[0])


def tree_pss(pid: int) -> int:
    """Summed PSS in KiB of a process and its descendants (Linux /proc; 0 elsewhere)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue
    return total


def clear_cache(project: Path) -> None:
    """Remove the project's .cache/ (compiled templates, macros/template_cache.py, and validated
    data, macros/data_cache.py): a cold build."""
    shutil.rmtree(project / ".cache", ignore_errors=True)


MACROS_FLOOR = "mkdocs-macros-floor.yml"
PLAIN_SPEEDUPS = "plain-speedups.yml"


def mkdocs_build(
    project: Path, site: Path, pdf: bool, config: str = "mkdocs.yml", strict=True, cold=False
):
    """One build; `cold`: without the .cache/ a previous build left."""
    if cold:
        clear_cache(project)
    env = {**ENV, "PDF_EXPORT": "1" if pdf else "0"}
    cmd = [MKDOCS, "build", "-q", "-f", str(project / config), "-d", str(site)]
    if strict:
        cmd.insert(2, "--strict")
    shutil.rmtree(site, ignore_errors=True)
    return run(cmd, project, env)


def med(values: list[float]) -> float:
    return statistics.median(values)


def fmt(values: list[float], unit: str = "s") -> str:
    if len(values) == 1:
        return f"{values[0]:.2f} {unit}"
    return f"{med(values):.2f} {unit} ({min(values):.2f}–{max(values):.2f})"


def pages_of(site: Path) -> list[str]:
    return sorted(
        p.parent.relative_to(site).as_posix().replace(".", "")
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    )


def machine() -> dict:
    info = {
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        ),
        "nproc": os.cpu_count(),
        "memory": "",
        "os": platform.platform(),
        "python": platform.python_version(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    info["memory"] = f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "?"
    from importlib.metadata import version

    info["packages"] = ", ".join(
        f"{name} {version(name)}"
        for name in (
            "mkdocs",
            "mkdocs-material",
            "mkdocs-macros-plugin",
            "mkdocs-pdf-export-plugin",
            "weasyprint",
            "pydantic",
            "ruamel.yaml",
            "pikepdf",
        )
    )
    return info


# ------------------------------------------------------------------------- plain Material
def plain_project(project: Path, work: Path) -> tuple[Path, list[str]]:
    """Export the rendered Markdown of `project` and write a plain Material project of it.

    Returns (plain project dir, docs paths of the pages that go into a PDF)."""
    import yaml

    conf = mkdocs_config(project)
    (project / "bench_export.py").write_text(EXPORT_HOOK, encoding="utf-8")
    overlay = {"INHERIT": "mkdocs.yml", "hooks": [*conf.get("hooks", []), "bench_export.py"]}
    (project / "bench-export.yml").write_text(yaml.safe_dump(overlay), encoding="utf-8")
    shutil.rmtree(project / "rendered", ignore_errors=True)
    mkdocs_build(project, work / "export-site", pdf=False, config="bench-export.yml")
    rendered = project / "rendered"
    plain = work / "plain"
    shutil.rmtree(plain, ignore_errors=True)
    docs = plain / "docs"
    shutil.copytree(project / "docs", docs, ignore=shutil.ignore_patterns("*.md"))
    pdf_pages = []
    for md in rendered.rglob("*.md"):
        rel = md.relative_to(rendered)
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        text = md.read_text(encoding="utf-8")
        (docs / rel).write_text(text, encoding="utf-8")
        if not re.search(r"^pdf: false$", text.split("\n---\n", 1)[0], re.M):
            pdf_pages.append(rel.as_posix())
    nav = json.loads((rendered / "_nav.json").read_text())
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
    theme = {k: v for k, v in conf["theme"].items() if k != "custom_dir"}
    plain_conf = {
        "site_name": conf["site_name"],
        "site_url": "https://example.org/",
        "theme": theme,
        "extra_css": conf.get("extra_css", []),
        "extra_javascript": ["assets/localtime.js"],
        "plugins": ["search"],
        "markdown_extensions": extensions,
        "nav": nav,
    }
    (plain / "mkdocs.yml").write_text(
        yaml.safe_dump(plain_conf, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    # The floor: the same plain build with mkdocs-macros loaded as it comes (no module, pages not
    # rendered). The stack requires the plugin; this is its cost before any code of this project.
    floor = {
        "INHERIT": "mkdocs.yml",
        "plugins": ["search", {"macros": {"render_by_default": False}}],
    }
    (plain / MACROS_FLOOR).write_text(yaml.safe_dump(floor, sort_keys=False), encoding="utf-8")
    # Plain Material with this project's general-purpose speed-ups: long-lived objects out of the
    # garbage collector's walks, Material's compiled templates kept in .cache/ (imports the
    # project's `macros` package, about 9 ms): how much of our ratio they account for.
    hooks = [str(project / "hooks" / name) for name in ("gc_freeze.py", "theme_cache.py")]
    speedups = {"INHERIT": "mkdocs.yml", "hooks": hooks}
    (plain / PLAIN_SPEEDUPS).write_text(yaml.safe_dump(speedups, sort_keys=False), encoding="utf-8")
    return plain, pdf_pages


def page_url(src: str) -> str:
    """docs path -> directory URL (use_directory_urls), as in the built site."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")].rstrip("/")
    return stem


# --------------------------------------------------------------------------------- parts
def bench_real(work: Path, runs: int, results: dict) -> None:
    project = copy_project(work / "project")
    plain, pdf_pages = plain_project(project, work)
    results["real_pages"] = len(pages_of(work / "export-site"))
    results["pdf_pages"] = len(pdf_pages)
    ours, warm, base, floor, sped_cold, sped = [], [], [], [], [], []
    for _ in range(runs):
        ours.append(mkdocs_build(project, work / "ours", pdf=False, cold=True)[0])
        warm.append(mkdocs_build(project, work / "ours", pdf=False)[0])
        base.append(mkdocs_build(plain, work / "plain-site", pdf=False, strict=False)[0])
        site, conf = work / "floor-site", MACROS_FLOOR
        floor.append(mkdocs_build(plain, site, pdf=False, config=conf, strict=False)[0])
        site, conf = work / "plain-speedups-site", PLAIN_SPEEDUPS
        sped_cold.append(mkdocs_build(plain, site, False, conf, strict=False, cold=True)[0])
        sped.append(mkdocs_build(plain, site, pdf=False, config=conf, strict=False)[0])
    results["build_nopdf"] = ours  # cold
    results["build_nopdf_warm"] = warm
    results["plain"] = base
    results["plain_macros"] = floor
    results["plain_speedups_cold"] = sped_cold
    results["plain_speedups"] = sped
    results["_plain_dir"] = str(plain)
    results["_pdf_pages"] = pdf_pages
    results["_project"] = str(project)


def bench_pdf(work: Path, runs: int, results: dict) -> None:
    project, plain = Path(results["_project"]), Path(results["_plain_dir"])
    script = work / "render_pages.py"
    script.write_text(RENDER_PAGES, encoding="utf-8")
    urls = [page_url(src) for src in results["_pdf_pages"]]
    full, rss, renders = [], [], []
    for _ in range(runs):
        wall, peak = mkdocs_build(project, work / "ours-pdf", pdf=True, cold=True)
        full.append(wall)
        rss.append(peak)
        mkdocs_build(plain, work / "plain-site", pdf=False, strict=False)
        css = project / "overrides" / "pdf" / "print.css"
        renders.append(
            run([PYTHON, str(script), str(work / "plain-site"), str(css), *urls], work)[0]
        )
    results["build_pdf"] = full
    results["build_pdf_rss"] = rss
    results["weasy_renders"] = renders
    results["pdf_sizes"] = {
        p.name: p.stat().st_size for p in sorted((work / "ours-pdf" / "pdf").glob("*.pdf"))
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_serve(work: Path, runs: int, results: dict) -> None:
    project = copy_project(work / "serve-project")
    port = free_port()
    env = {**ENV, "PDF_EXPORT": "0"}
    cmd = [MKDOCS, "serve", "--strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(
        cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[tuple[float, str]] = []
    cond = threading.Condition()

    def reader() -> None:
        for line in proc.stdout:
            with cond:
                lines.append((time.perf_counter(), line))
                cond.notify_all()

    threading.Thread(target=reader, daemon=True).start()

    def wait_for(text: str, start: int, timeout: float = 120) -> tuple[int, float]:
        deadline = time.perf_counter() + timeout
        with cond:
            while True:
                for i in range(start, len(lines)):
                    if text in lines[i][1]:
                        return i, lines[i][0]
                left = deadline - time.perf_counter()
                if left <= 0 or proc.poll() is not None:
                    tail = "".join(line for _, line in lines[-30:])
                    raise SystemExit(f"mkdocs serve: no '{text}' line\n{tail}")
                cond.wait(left)

    total, rebuild = [], []
    try:
        pos, _ = wait_for("Serving on", 0)
        session = sorted((project / "data" / "sessions").glob("*.yml"))[1]
        original = session.read_text(encoding="utf-8")
        for n in range(runs):
            time.sleep(1.0)
            edited = re.sub(r"^(title: .*?)\s*$", rf"\1 (edit {n})", original, count=1, flags=re.M)
            assert edited != original
            started = time.perf_counter()
            session.write_text(edited, encoding="utf-8")
            pos, detected = wait_for("Detected file changes", pos + 1)
            pos, reloaded = wait_for("Reloading browsers", pos + 1)
            total.append(reloaded - started)
            rebuild.append(reloaded - detected)
            with cond:
                errors = [line for _, line in lines if "ERROR" in line or "WARNING" in line]
            if errors:
                raise SystemExit("mkdocs serve reported:\n" + "".join(errors))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    results["serve_total"] = total
    results["serve_rebuild"] = rebuild


def bench_synth(
    work: Path, runs: int, modules: int, pdf_modules: int, results: dict, plain_runs: int = 0
) -> None:
    project = work / f"synth-{modules}"
    counts = generate(project, modules)
    # macros' overhead at this size too: the plain build runs in the same loop as ours (cold,
    # warm, plain), so that a drift of the machine's speed reaches both sides alike
    plain = plain_project(project, work / "synth-plain")[0] if plain_runs else None
    walls, warm, rss, base = [], [], [], []
    for i in range(runs):
        wall, peak = mkdocs_build(project, work / "synth-site", pdf=False, cold=True)
        walls.append(wall)
        rss.append(peak)
        wall, peak = mkdocs_build(project, work / "synth-site", pdf=False)
        warm.append(wall)
        rss.append(peak)
        if plain is not None and i < plain_runs:
            site = work / "synth-plain-site"
            base.append(mkdocs_build(plain, site, pdf=False, strict=False)[0])
    results["synth"] = {
        "modules": modules,
        "pages": len(pages_of(work / "synth-site")),
        "counts": counts,
        "build": walls,  # cold
        "build_warm": warm,
        "rss": rss,
    }
    if base:
        results["synth"]["plain"] = base
    shutil.rmtree(project, ignore_errors=True)
    if pdf_modules:
        project = work / f"synth-pdf-{pdf_modules}"
        generate(project, pdf_modules)
        wall, peak = mkdocs_build(project, work / "synth-pdf-site", pdf=True)
        nopdf, _ = mkdocs_build(project, work / "synth-pdf-nopdf", pdf=False, cold=True)
        results["synth_pdf"] = {
            "modules": pdf_modules,
            "pages": len(pages_of(work / "synth-pdf-nopdf")),
            "build": wall,
            "nopdf": nopdf,
            "rss": peak,
            "pdfs": len(list((work / "synth-pdf-site" / "pdf").glob("*.pdf"))),
            "handbook": (work / "synth-pdf-site" / "pdf" / "handbook.pdf").stat().st_size,
        }
        shutil.rmtree(project, ignore_errors=True)


PAGE_TYPES = {
    "home": "",
    "session": "programme/sessions/2020-12-01-cluster-strategy-1",
    "programme overview": "programme",
    "at a glance": "programme/at-a-glance",
    "module": "modules/module-4",
    "lesson": "material/strategic-analysis",
    "case study": "case-studies/mezcal-cluster",
    "glossary": "glossary",
    "downloads": "downloads",
}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def bench_weight(work: Path, results: dict) -> None:
    site = work / "ours-pdf" if (work / "ours-pdf").exists() else work / "ours"
    own = {a: gz((site / a).read_bytes()) for a in OWN_ASSETS if (site / a).exists()}
    rows = {}
    for name, url in PAGE_TYPES.items():
        page = site / url / "index.html" if url else site / "index.html"
        if page.exists():
            data = page.read_bytes()
            rows[name] = (len(data), gz(data))
    results["weight"] = {"own": own, "pages": rows}


# ---------------------------------------------------------------------------------- report
def report(results: dict, info: dict, runs: int) -> str:
    out = []
    add = out.append
    add(f"- Machine: {info['cpu']}, {info['nproc']} CPUs, {info['memory']} RAM; {info['os']}")
    add(f"- Python {info['python']}; {info['packages']}")
    add(f"- Load average before: {info['load']}; after: {results.get('load_after', '?')}")
    add(f"- Runs per measurement: {runs} (median, min–max in brackets)")
    add("")
    add("| Measurement | This project | Reference | Ratio | Target |")
    add("|---|---|---|---|---|")
    if "build_nopdf" in results:
        ours, base = results["build_nopdf"], results["plain"]
        add(
            f"| 1. build without PDFs ({results['real_pages']} pages) vs plain Material, "
            "same rendered Markdown, cold (empty .cache/: a first build) | "
            f"{fmt(ours)} | {fmt(base)} | "
            f"{med(ours) / med(base):.2f}× | ≤ 1.2× |"
        )
        if results.get("build_nopdf_warm"):
            warm = results["build_nopdf_warm"]
            add(
                "| 1. the same, warm (.cache/ of the previous build: templates, validated data) | "
                f"{fmt(warm)} | "
                f"{fmt(base)} | {med(warm) / med(base):.2f}× | ≤ 1.2× |"
            )
        if results.get("plain_macros"):
            floor = results["plain_macros"]
            add(
                f"| 1. floor: the plain build with mkdocs-macros loaded as it comes (no module, "
                f"pages not rendered) | {fmt(floor)} | {fmt(base)} | "
                f"{med(floor) / med(base):.2f}× | |"
            )
        if results.get("plain_speedups") and results.get("build_nopdf_warm"):
            ref, warm = results["plain_speedups"], results["build_nopdf_warm"]
            add(
                "| 1. our warm build vs plain Material with hooks/gc_freeze.py and "
                "hooks/theme_cache.py too (they speed plain Material up as well), warm | "
                f"{fmt(warm)} | {fmt(ref)} | {med(warm) / med(ref):.2f}× | |"
            )
            ref_cold = results["plain_speedups_cold"]
            add(
                "| 1. our cold build vs the same, cold | "
                f"{fmt(results['build_nopdf'])} | {fmt(ref_cold)} | "
                f"{med(results['build_nopdf']) / med(ref_cold):.2f}× | |"
            )
    if "build_pdf" in results:
        full = results["build_pdf"]
        ref = [p + r for p, r in zip(results["plain"], results["weasy_renders"], strict=False)]
        add(
            f"| 2. full build with PDFs vs plain + one WeasyPrint render of each of "
            f"{results['pdf_pages']} pages | {fmt(full)} | {fmt(ref)} "
            f"(renders alone {fmt(results['weasy_renders'])}) | {med(full) / med(ref):.2f}× "
            f"| ≤ 1.3× |"
        )
        add(
            f"| peak memory, full build with PDFs | {med(results['build_pdf_rss']) / 1024:.0f} MiB"
            " | | | < 1 GiB |"
        )
    if "serve_total" in results:
        add(
            f"| 3. `mkdocs serve` (PDFs off): edit of one data file → browsers reloaded | "
            f"{fmt(results['serve_total'])} | rebuild alone {fmt(results['serve_rebuild'])} | | |"
        )
    if "synth" in results:
        syn = results["synth"]
        per = med(syn["build"]) / syn["pages"]
        line = (
            f"| 4. synthetic {syn['modules']} modules × 8 sessions ({syn['pages']} pages), "
            f"no PDFs | {fmt(syn['build'])}, {per * 1000:.0f} ms/page | "
        )
        if "build_nopdf" in results:
            real = med(results["build_nopdf"]) / results["real_pages"]
            line += f"real site {real * 1000:.0f} ms/page | {per / real:.2f}× | ≤ 1.1× |"
        else:
            line += " | | ≤ 1.1× |"
        add(line)
        if syn.get("plain"):
            add(
                f"| 1b. synthetic {syn['modules']} modules, no PDFs, vs plain Material, cold | "
                f"{fmt(syn['build'])} | {fmt(syn['plain'])} | "
                f"{med(syn['build']) / med(syn['plain']):.2f}× | ≤ 1.2× |"
            )
            if syn.get("build_warm"):
                add(
                    f"| 1b. the same, warm | {fmt(syn['build_warm'])} | {fmt(syn['plain'])} | "
                    f"{med(syn['build_warm']) / med(syn['plain']):.2f}× | ≤ 1.2× |"
                )
        add(
            f"| peak memory, synthetic {syn['modules']} modules, no PDFs | "
            f"{max(syn['rss']) / 1024:.0f} MiB | | | < 1 GiB |"
        )
    if "synth_pdf" in results:
        sp = results["synth_pdf"]
        pdf_time = sp["build"] - sp["nopdf"]
        add(
            f"| synthetic {sp['modules']} modules ({sp['pages']} pages) with PDFs "
            f"({sp['pdfs']} PDFs) | {sp['build']:.1f} s (PDF part {pdf_time:.1f} s, "
            f"{pdf_time / sp['pages'] * 1000:.0f} ms/page), "
            f"peak memory {sp['rss'] / 1024:.0f} MiB, "
            f"handbook {sp['handbook'] / 1024:.0f} KiB | | | < 1 GiB |"
        )
    if "weight" in results:
        w = results["weight"]
        own = sum(w["own"].values())
        parts = ", ".join(f"{k.split('/')[-1]} {v / 1024:.1f}" for k, v in w["own"].items())
        add(f"| 5. own CSS + JS, gzip | {own / 1024:.1f} KiB ({parts}) | | | ≤ 15 KB |")
    out.append("")
    if "weight" in results:
        add("| Page type | HTML | HTML gzip | + own CSS/JS gzip |")
        add("|---|---|---|---|")
        own = sum(results["weight"]["own"].values())
        for name, (raw, packed) in results["weight"]["pages"].items():
            add(
                f"| {name} | {raw / 1024:.1f} KiB | {packed / 1024:.1f} KiB | "
                f"{(packed + own) / 1024:.1f} KiB |"
            )
        for name, size in results.get("pdf_sizes", {}).items():
            add(f"| PDF {name} | {size / 1024:.0f} KiB | | |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modules", type=int, default=50, help="synthetic modules (0: skip)")
    parser.add_argument(
        "--pdf-modules", type=int, default=5, help="synthetic modules for the PDF build (0: skip)"
    )
    parser.add_argument(
        "--no-synth-plain",
        dest="synth_plain",
        action="store_false",
        help="skip the plain Material build of the synthetic curriculum",
    )
    parser.add_argument("--only", default="real,pdf,serve,synth,weight")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    info = machine()
    results: dict = {}
    work = Path(tempfile.mkdtemp(prefix="curriculum-bench-"))
    try:
        if parts & {"real", "pdf", "weight"}:
            print("1. real site vs plain Material …", file=sys.stderr, flush=True)
            bench_real(work, args.runs, results)
        if "pdf" in parts:
            print("2. PDFs vs one render per page …", file=sys.stderr, flush=True)
            bench_pdf(work, args.runs, results)
        if "serve" in parts:
            print("3. live reload …", file=sys.stderr, flush=True)
            bench_serve(work, args.runs, results)
        if "synth" in parts and args.modules:
            print(f"4. synthetic {args.modules} modules …", file=sys.stderr, flush=True)
            plain_runs = args.runs if args.synth_plain else 0
            bench_synth(work, args.runs, args.modules, args.pdf_modules, results, plain_runs)
        if "weight" in parts:
            bench_weight(work, results)
        results["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(report(results, info, args.runs))
    if args.json:
        clean = {k: v for k, v in results.items() if not k.startswith("_")}
        args.json.write_text(json.dumps({"machine": info, **clean}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
