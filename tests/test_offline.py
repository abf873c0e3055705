"""The offline copy (offline/build.py): a ZIP of the site that works from file://.

Built once here from the fixture curriculum, without PDFs (tested elsewhere), with a fixed
SOURCE_DATE_EPOCH. Checks: the ZIP holds index.html under one top folder, pages link files of the
copy (.html, no directory URLs), the old addresses of moved pages lead to files of the copy too,
the search index is inlined, nothing is loaded from another host, the ZIP is reproducible and
dated by SOURCE_DATE_EPOCH, the Downloads page links to it, and, in Chromium opened on file://,
a search finds a case study.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EPOCH

from offline.build import TOP, build_offline, fill_size, zip_dir

SCRIPT_SRC = re.compile(r'<script[^>]*\bsrc="([^"]+)"')


STAMP = time.gmtime(int(EPOCH))[:6]


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory: pytest.TempPathFactory, fixture_root: Path) -> Path:
    work = tmp_path_factory.mktemp("offline")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        build_offline(work / TOP, fixture_root)
        zip_dir(work / TOP, work / "copy.zip")
    return work / "copy.zip"


@pytest.fixture(scope="module")
def unpacked(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(dest)
    return dest / TOP


def test_zip_holds_the_site_under_one_folder(offline_zip: Path) -> None:
    with zipfile.ZipFile(offline_zip) as zf:
        names = zf.namelist()
        assert f"{TOP}/index.html" in names
        assert all(n.startswith(f"{TOP}/") for n in names)
        assert f"{TOP}/search/search_index.js" in names, "search index not inlined for file://"
        assert f"{TOP}/programme/fixture-2021/sessions/2021-03-22-opening.html" in names
        assert names == sorted(names)
        assert {i.date_time for i in zf.infolist()} == {STAMP}


def test_zip_is_reproducible(
    offline_zip: Path, unpacked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    zip_dir(unpacked, tmp_path / "a.zip")
    zip_dir(unpacked, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert (tmp_path / "a.zip").read_bytes() == offline_zip.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # before 1980: ZIP dates start in 1980
    zip_dir(unpacked, tmp_path / "c.zip")
    with zipfile.ZipFile(tmp_path / "c.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_pages_link_files_and_load_nothing_from_elsewhere(unpacked: Path) -> None:
    pages = sorted(unpacked.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for src in SCRIPT_SRC.findall(html):
            assert "://" not in src and not src.startswith("//"), f"{page.name} loads {src}"
        assert 'rel="stylesheet" href="http' not in html, f"{page.name} loads a remote style"
    home = (unpacked / "index.html").read_text(encoding="utf-8")
    assert 'href="programme/index.html"' in home
    assert (unpacked / "assets/javascripts/iframe-worker-shim.js").is_file()


def broken_links(copy: Path, where: str) -> list[str]:
    """Relative links (within the elements `where` selects) of every page of the copy that
    lead to no file of the copy: a directory URL (`x/`) opens a folder, or nothing, from disk.
    The 404 page is left out: a web server shows it, with links from the site's root."""
    problems = []
    for page in sorted(copy.rglob("*.html")):
        rel = page.relative_to(copy).as_posix()
        if rel == "404.html" or rel.startswith("assets/"):
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for a in soup.select(f"{where} a[href]"):
            href = a["href"]
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^#", href, re.I):
                continue
            target = page.parent / href.split("#")[0].split("?")[0]
            if not target.is_file():
                problems.append(f"{rel}: {href}")
    return sorted(set(problems))


def test_pages_link_files_of_the_copy(unpacked: Path) -> None:
    """The navigation, the content and the header: every relative link opens a file."""
    assert broken_links(unpacked, "body > :not(div.md-container)") == []
    assert broken_links(unpacked, "div.md-container > :not(footer)") == []
    hub = (unpacked / "programme/index.html").read_text(encoding="utf-8")
    assert 'href="fixture-2021/index.html"' in hub  # the edition's overview, from the hub


def test_footer_links_files_of_the_copy(unpacked: Path) -> None:
    assert broken_links(unpacked, "footer") == []


def test_old_addresses_lead_to_files_of_the_copy(unpacked: Path, fixture_cur) -> None:
    """A session's address before editions (programme/sessions/<id>) is a redirect in the
    copy too, to its page in its edition's folder, as a file."""
    for sid in fixture_cur.sessions:
        old = unpacked / f"programme/sessions/{sid}.html"
        url = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', old.read_text("utf-8"))
        target = (old.parent / url.group(1)).resolve()
        assert target == (unpacked / f"programme/fixture-2021/sessions/{sid}.html").resolve()
        assert target.is_file()


def test_downloads_page_links_the_copy(unpacked: Path, fixture_site: Path, tmp_path) -> None:
    # in the copy itself: the published site's ZIP
    html = (unpacked / "downloads.html").read_text(encoding="utf-8")
    assert re.search(r'href="https?://[^"]+/curriculum-offline\.zip"', html)
    # on the site (normal build): a relative link, and the size once the ZIP exists
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    page = site / "downloads" / "index.html"
    assert 'href="../curriculum-offline.zip"' in page.read_text(encoding="utf-8")
    fill_size(site, 1234567)
    assert '<span class="ct-offline-size">1.2 MB</span>' in page.read_text(encoding="utf-8")


def test_search_works_from_file_url(unpacked: Path) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed")
    from browser.browser_support import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found")
        pytest.skip("Chromium not found")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((unpacked / "index.html").as_uri())
            page.keyboard.press("/")  # Material's shortcut: focus the search field
            page.keyboard.type("unused")
            page.wait_for_selector(".md-search-result__item", timeout=15_000)
            links = page.locator(".md-search-result__link")
            hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
            assert any("case-studies/case-unused.html" in h for h in hrefs), hrefs
            links.first.click()
            page.wait_for_load_state()
            assert page.url.startswith("file://")
        finally:
            browser.close()
    remote = [u for u in requests if not u.startswith(("file://", "data:", "blob:"))]
    assert not remote, f"the offline copy fetched {remote}"
