"""Every PDF and calendar (.ics) link on every page answers 200 with the right content type, from
the site as served (no browser needed, so not marked `browser`)."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

KINDS = {".pdf": ("application/pdf", b"%PDF-"), ".ics": ("text/calendar", b"BEGIN:VCALENDAR")}
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#?]+\.(?:pdf|ics))(?:[?#][^"]*)?"', re.I)


def download_links(served) -> dict[str, set[str]]:
    """absolute URL -> pages linking to it"""
    site: Path = served.site_dir
    links: dict[str, set[str]] = {}
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "pdf/")):
            continue
        page_url = served.url(rel.removesuffix("index.html"))
        for href in HREF.findall(path.read_text(encoding="utf-8")):
            if urlsplit(href).scheme in ("http", "https", "webcal"):
                continue  # absolute links to the published site are not served here
            links.setdefault(urljoin(page_url, href), set()).add(rel)
    return links


def check(served) -> list[str]:
    problems = []
    for url, pages in sorted(download_links(served).items()):
        suffix = Path(urlsplit(url).path).suffix.lower()
        want_type, magic = KINDS[suffix]
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                status, ctype, head = resp.status, resp.headers.get_content_type(), resp.read(64)
        except urllib.error.HTTPError as err:
            status, ctype, head = err.code, "", b""
        if status != 200 or ctype != want_type or not head.lstrip().startswith(magic):
            problems.append(f"{url} ({status}, {ctype}) linked from {sorted(pages)}")
    return problems


def test_every_calendar_and_pdf_link_answers(served):
    links = download_links(served)
    assert any(url.endswith(".ics") for url in links), "no calendar (.ics) link on any page"
    assert check(served) == []


@pytest.mark.pdf
def test_pdf_links_of_the_full_build_answer(pdf_site):
    """With PDFs built: every PDF link answers 200 with application/pdf."""
    from .browser_support import serve

    with serve(pdf_site) as served:
        links = download_links(served)
        assert any(url.endswith(".pdf") for url in links), "no PDF link in the full build"
        assert check(served) == []
