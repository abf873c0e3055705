"""One PDF laid out by WeasyPrint: `render(job)`, in this process or in a spawned worker.

The PDFs of a build are independent documents (macros/pdf/renderer.py), so they are laid out side
by side, one per CPU, by a pool of *spawned* processes: a spawned worker starts a fresh
interpreter and receives only the job (an HTML string and a path), so nothing of the build's
process (its threads, its open files, Pango's state) is shared, on Linux as on macOS.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

PDF_VARIANT = "pdf/ua-1"
# WeasyPrint messages that mean something is missing from the PDF.
LOST = re.compile(r"Failed to load|Unable to|No anchor|alt description|Missing required", re.I)


@dataclass(frozen=True)
class Job:
    html: str
    base_url: str  # where relative URLs of the HTML resolve (print.css)
    target: Path


class Capture(logging.Handler):
    """Collects WeasyPrint's warnings while a document is laid out and written."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lost: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR or LOST.search(message):
            self.lost.append(message)


def render(job: Job) -> list[str]:
    """Lay out one HTML document and write it as a tagged PDF (PDF/UA-1); return WeasyPrint's
    messages of lost content, each after the PDF's file name."""
    from weasyprint import HTML
    from weasyprint.logger import LOGGER
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    capture = Capture()
    saved = LOGGER.handlers[:], LOGGER.level, LOGGER.propagate
    LOGGER.handlers[:], LOGGER.propagate = [capture], False
    LOGGER.setLevel(logging.WARNING)
    try:
        fetcher = URLFetcher(allowed_protocols={"file", "data"})  # nothing from the network
        html = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
        html.write_pdf(job.target, font_config=FontConfiguration(), pdf_variant=PDF_VARIANT)
    finally:
        LOGGER.handlers[:], level, LOGGER.propagate = saved
        LOGGER.setLevel(level)
    return [f"{job.target.name}: {message}" for message in capture.lost]


def render_all(jobs: list[Job]) -> Iterator[list[str]]:
    """Every job rendered, in order (its messages of lost content): by a pool of spawned
    workers when there are several jobs and several CPUs, else here."""
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2:
        yield from map(render, jobs)
        return
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=spawn) as pool:
        yield from pool.map(render, jobs)
