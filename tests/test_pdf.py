"""The PDFs as their readers get them (macros/pdf/, hooks/pdf.py), on the fixture curriculum.

Built once per session (`fixture_pdf_site`); read per printed page with tests/pdf_reading.py.
Covered: which PDFs exist and which pages each holds, in which order; the covers; the contents'
page numbers, the bookmarks, the PDF/UA tagging and metadata; links (inside the PDF or to the
published site); the running header and footer; notes on the source printed once, and wherever
dates or times are; nothing of the web only; no stranded page; reproducible builds; a build that
fails loudly; and the web pages' PDF links.
The real curriculum's PDFs: test_pdf_real.py.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from conftest import EPOCH, FIXTURE, REPO, Workspace, content, page_file, run_build, soup, text
from invariants import pdf_problems
from pdf_reading import CONTENTS, Pdf, bare, figures, parts, read, squeeze
from PIL import Image
from pypdf import PdfReader

from macros.pdf import human_size

pytestmark = pytest.mark.pdf

HANDBOOK = "handbook"
# The pages of each published module's PDF (docs paths), as the fixture's data makes them: the
# module page, its sessions, its lessons (lessons.yml `module`) and the case studies they use.
MEMBERS = {
    "module-first": (
        "modules/module-first.md",
        "programme/fixture-2021/sessions/2021-03-24-first-topic-1.md",
        "programme/fixture-2021/sessions/2021-03-29-first-topic-2.md",
        "material/lesson-one.md",
        "material/lesson-two.md",
        "case-studies/case-twice.md",
        "case-studies/case-lesson.md",
    ),
    "module-smart": (
        "modules/module-smart.md",
        "programme/fixture-2021/sessions/2021-03-26-second-topic-1.md",
        "programme/fixture-2021/sessions/2021-04-10-second-topic-2.md",
        "material/lesson-smart.md",
        "case-studies/case-twice.md",  # used by its lesson (and by module-first's sessions)
    ),
}
NO_PDF = ("downloads.md",)  # `pdf: false` in their front matter, in the navigation
# Pages for editors and data users: outside the navigation (mkdocs.yml not_in_nav) and no PDF.
OUTSIDE_NAV = ("contributing.md", "programme/data.md")
# What only works on the web, as the web pages write it (never in a PDF).
WEB_ONLY = (
    "in your calendar",  # "All 6 sessions in your calendar: Download .ics"
    "Add to calendar",
    "Download this module as a PDF",
    "size pending",
    "Skip to content",
    "Edit this page",
    "Back to top",
    "¶",
)


def site_name() -> str:
    found = re.search(r"^site_name: (.+)$", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert found
    return found[1].strip()


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def pdfs(fixture_pdf_site: Path) -> dict[str, Pdf]:
    return {key: read(fixture_pdf_site / "pdf" / f"{key}.pdf") for key in [*MEMBERS, HANDBOOK]}


@pytest.fixture(scope="module")
def site_url(fixture_pdf_site: Path) -> str:
    """The published address the fixture was built with (mkdocs.yml's site_url)."""
    url = soup(fixture_pdf_site, "index.md").find("link", rel="canonical")["href"]
    assert url.startswith("https://") and url.endswith("/"), url
    return url


@pytest.fixture(scope="module")
def nav(fixture_pdf_site: Path, fixture_root: Path) -> dict[str, str]:
    """Docs path -> page title (its h1) of every page of the navigation, in navigation order,
    followed from the home page through the web pages' "Next" links."""
    by_file = {
        page_file(fixture_pdf_site, str(md.relative_to(fixture_root / "docs"))).resolve(): str(
            md.relative_to(fixture_root / "docs")
        )
        for md in (fixture_root / "docs").rglob("*.md")
    }
    order: dict[str, str] = {}
    path = page_file(fixture_pdf_site, "index.md").resolve()
    while path is not None:
        src = by_file[path]
        assert src not in order, f"the navigation loops at {src}"
        order[src] = text(content(fixture_pdf_site, src).find("h1"))
        following = soup(fixture_pdf_site, src).select_one("a.md-footer__link--next")
        path = None
        if following is not None:
            path = (page_file(fixture_pdf_site, src).parent / following["href"]).resolve()
            path = path / "index.html" if path.is_dir() else path
    outside = set(by_file.values()) - set(order)
    assert outside == set(OUTSIDE_NAV), "pages outside the navigation"
    return order


@pytest.fixture(scope="module")
def expected(nav: dict[str, str]) -> dict[str, list[str]]:
    """PDF key -> titles of its pages, in the order the PDF must hold them: a module's page
    first, then its other pages in navigation order; the handbook's own contents: the pages of
    no module (the module PDFs follow as its parts)."""
    out = {}
    for key, members in MEMBERS.items():
        first = members[0]
        out[key] = [nav[first]] + [t for src, t in nav.items() if src in members and src != first]
    in_modules = {src for members in MEMBERS.values() for src in members}
    out[HANDBOOK] = [t for src, t in nav.items() if src not in NO_PDF and src not in in_modules]
    return out


@pytest.fixture(scope="module")
def part_start(pdfs, fixture_cur) -> dict[str, int]:
    """Module id -> the handbook page where its part (the module's PDF) starts."""
    starts = parts(pdfs[HANDBOOK].path)
    return {key: starts[f"M{fixture_cur.modules[key].number}-"] for key in MEMBERS}


def front(pdfs, part_start) -> list:
    """The handbook's own pages, before its parts."""
    return pdfs[HANDBOOK].sheets[: min(part_start.values()) - 1]


# ------------------------------------------------------------------------------ which PDFs


def test_one_pdf_per_published_module_and_the_handbook(fixture_pdf_site: Path, fixture_cur):
    published = [m.id for m in fixture_cur.published_modules()]
    assert sorted(published) == sorted(MEMBERS)
    planned = [m.id for m in fixture_cur.modules.values() if m.status == "planned"]
    assert planned == ["module-planned"]
    written = sorted(p.name for p in (fixture_pdf_site / "pdf").iterdir())
    assert written == sorted(f"{key}.pdf" for key in [*published, HANDBOOK])


def test_module_pdfs_hold_the_module_page_then_its_pages_in_navigation_order(pdfs, expected):
    for key in MEMBERS:
        pdf = pdfs[key]
        assert pdf.titles == expected[key], key
        # the cover, the contents, then the module page
        assert pdf.sheets[1].header == (CONTENTS,), key
        first = pdf.contents[0][1]
        assert all(s.header == (CONTENTS,) for s in pdf.sheets[1 : first - 1]), key
        assert pdf.sheets[first - 1].starts_with(expected[key][0]), key


def test_the_handbook_holds_the_other_pages_then_the_module_pdfs(pdfs, expected, part_start):
    """The handbook's contents list the pages of no module; then come the module PDFs, page for
    page, in the order of the modules' numbers."""
    handbook = pdfs[HANDBOOK]
    assert handbook.titles == expected[HANDBOOK]
    assert list(part_start) == sorted(part_start, key=part_start.get)
    page = len(front(pdfs, part_start)) + 1
    for key in sorted(part_start, key=part_start.get):
        assert part_start[key] == page, key
        for sheet in pdfs[key].sheets:
            mine = handbook.sheets[page - 1]
            assert (mine.header, mine.body, mine.footer) == (
                sheet.header,
                sheet.body,
                sheet.footer,
            ), (key, sheet.number)
            page += 1
    assert page == len(handbook.sheets) + 1
    everything = set(handbook.titles) | {t for key in MEMBERS for t in pdfs[key].titles}
    assert everything == set(expected[HANDBOOK]) | {t for k in MEMBERS for t in expected[k]}


def test_the_handbook_contents_name_each_part_and_its_first_page(pdfs, fixture_cur, part_start):
    contents = " ".join(s.text for s in pdfs[HANDBOOK].contents_sheets())
    for key, page in part_start.items():
        mod = fixture_cur.modules[key]
        assert f"Module {mod.number}: {mod.title} M{mod.number}-1" in contents, key
        assert pdfs[HANDBOOK].sheets[page - 1].text == pdfs[key].sheets[0].text, key


def test_pages_with_pdf_false_are_in_no_pdf(pdfs, nav, fixture_root: Path, fixture_pdf_site):
    for src in NO_PDF:
        assert "pdf: false" in (fixture_root / "docs" / src).read_text(encoding="utf-8")
    downloads = text(content(fixture_pdf_site, "downloads.md"))
    assert "Handbook of the whole curriculum" in downloads  # written only on that page
    for key, pdf in pdfs.items():
        for src in NO_PDF:
            assert nav[src] not in pdf.titles, (key, src)
            assert nav[src] not in [b.title for b in pdf.bookmarks], (key, src)
        assert "Handbook of the whole curriculum" not in pdf.text, key


def test_covers_name_the_project_and_each_edition_with_its_dates(pdfs, fixture_cur):
    """A module's cover: the edition that held it and the days of its sessions there; the
    handbook's: the edition from its first to its last day."""
    edition = fixture_cur.editions["fixture-2021"].title
    dates = {
        "module-first": "Sessions on 24 March and 29 March 2021 · online",
        "module-smart": "Sessions on 26 March and 10 April 2021 · online",
        HANDBOOK: "22 March 2021 to 10 April 2021 · online",
    }
    project = fixture_cur.project
    for key, pdf in pdfs.items():
        cover = pdf.sheets[0].body
        assert cover[cover.index(edition) + 1] == dates[key], key
        for line in (project.name, project.full_name, project.cofunding_line):
            assert line in cover, (key, line)


# ------------------------------------------------------------------------------ finding one's way


def test_contents_page_numbers_lead_to_the_entry_heading(pdfs):
    for key, pdf in pdfs.items():
        numbers = [n for _, n in pdf.contents]
        assert numbers == sorted(set(numbers)), key
        for title, number in pdf.contents:
            sheet = pdf.sheets[number - 1]
            assert sheet.starts_with(title), (key, title, number, sheet.body[:2])
            # the page before it ends another page: each page starts on a new sheet
            assert not pdf.sheets[number - 2].starts_with(title), (key, title)


def test_bookmarks_hold_each_page_title_at_its_page(pdfs, fixture_cur, part_start):
    part_titles = {}
    for key, page in part_start.items():
        mod = fixture_cur.modules[key]
        part_titles[f"Module {mod.number}: {mod.title}"] = page
    for key, pdf in pdfs.items():
        top = [(b.title, b.page) for b in pdf.top_bookmarks()]
        more = sorted(part_titles.items(), key=lambda p: p[1]) if key == HANDBOOK else []
        assert top == [(CONTENTS, 2), *pdf.contents, *more], key
        for mark in pdf.bookmarks:  # the headings inside the pages too (h2, h3)
            if mark.level == 1 and mark.title in part_titles:
                continue  # a part's bookmark: its cover
            assert bare(mark.title) in bare(pdf.sheets[mark.page - 1].text), (key, mark)


def test_tagged_pdf_ua_with_language_and_title(pdfs, fixture_cur):
    for key, pdf in pdfs.items():
        with pikepdf.open(pdf.path) as doc:
            root = doc.Root
            assert "/StructTreeRoot" in root, key
            assert bool(root.MarkInfo.Marked), key
            assert str(root.Lang) == "en", key  # theme.language in mkdocs.yml
            assert bool(root.ViewerPreferences.DisplayDocTitle), key
            title = str(doc.docinfo["/Title"])
            if key == HANDBOOK:
                assert title == site_name(), key
            else:
                mod = fixture_cur.modules[key]
                assert title == f"Module {mod.number}: {mod.title} — {site_name()}", key
            with doc.open_metadata() as xmp:
                assert xmp["dc:title"] == title, key
                assert xmp["pdfuaid:part"] == "1", key


def test_figures_have_their_alt_text(pdfs):
    alt = "A fixture figure: three boxes in a row"  # material/lesson-one.md
    assert figures(pdfs["module-first"].path) == [alt]
    assert figures(pdfs[HANDBOOK].path) == [alt]
    assert figures(pdfs["module-smart"].path) == []


# ------------------------------------------------------------------------------ links


def heading_page(pdf: Pdf, title: str) -> int:
    pages = [n for t, n in pdf.contents if t == title]
    assert len(pages) == 1, (pdf.path.name, title)
    return pages[0]


def handbook_page(pdfs, part_start, title: str) -> int:
    """The handbook page a page of the site starts on: in its own pages, or in a part."""
    if title in pdfs[HANDBOOK].titles:
        return heading_page(pdfs[HANDBOOK], title)
    key = next(k for k in MEMBERS if title in pdfs[k].titles)
    return part_start[key] + heading_page(pdfs[key], title) - 1


def test_links_to_pages_of_the_same_pdf_jump_inside_it(pdfs, nav, part_start):
    first = pdfs["module-first"]
    lesson_one = heading_page(first, nav["material/lesson-one.md"])
    lesson_two = heading_page(first, nav["material/lesson-two.md"])
    jumps = {link.target for link in first.links if link.page == lesson_one and link.uri is None}
    assert lesson_two in jumps  # "… which links to the second lesson"
    # the module page's list of sessions, in the module PDF and in the handbook
    for key in ("module-first", HANDBOOK):
        pdf = pdfs[key]

        def where(src, key=key):
            return (
                handbook_page(pdfs, part_start, nav[src])
                if key == HANDBOOK
                else (heading_page(pdfs[key], nav[src]))
            )

        module_page = where("modules/module-first.md")
        jumps = {link.target for link in pdf.links if link.page == module_page and not link.uri}
        for session in MEMBERS["module-first"][1:3]:
            assert where(session) in jumps, (key, session)
    # module-smart's page links to module-first's Sessions: in the handbook, a jump there
    handbook = pdfs[HANDBOOK]
    smart = handbook_page(pdfs, part_start, nav["modules/module-smart.md"])
    to_first = [link for link in handbook.links if link.page == smart and link.uri is None]
    first_page = handbook_page(pdfs, part_start, nav["modules/module-first.md"])
    assert first_page in {link.target for link in to_first}
    assert not [link for link in handbook.links if "/modules/module-first/" in (link.uri or "")]


def test_links_to_pages_outside_the_pdf_open_the_published_site(pdfs, nav, site_url):
    smart = pdfs["module-smart"]
    page = heading_page(smart, nav["modules/module-smart.md"])
    uris = {link.uri for link in smart.links if link.page == page and link.uri}
    assert f"{site_url}modules/module-first/#sessions" in uris
    assert f"{site_url}case-studies/case-unused/" in uris


def test_every_link_lands_in_the_pdf_or_on_the_site(pdfs, nav, site_url, part_start):
    urls = {src: src.removesuffix(".md").removesuffix("index") for src in nav}
    urls = {src: url if url.endswith("/") or not url else url + "/" for src, url in urls.items()}
    for key, pdf in pdfs.items():
        held = set(pdf.titles)
        if key == HANDBOOK:
            held |= {t for k in MEMBERS for t in pdfs[k].titles}
        inside = {urls[src] for src, title in nav.items() if title in held}
        covers = {1, *part_start.values()} if key == HANDBOOK else {1}
        for page in covers:
            cover = [link.uri for link in pdf.links if link.page == page]
            assert cover == [site_url], (key, page)  # "Published at <site_url>"
        assert len(pdf.links) > len(covers), key
        for link in pdf.links:
            if link.page in covers:
                continue
            if link.uri is None:
                assert link.target is not None and 1 <= link.target <= len(pdf.sheets), key
                continue
            assert not link.uri.startswith("file:"), (key, link)
            # the fixture links nowhere else: the site, or its calendars to subscribe to
            webcal = "webcal:" + site_url.partition(":")[2]
            assert link.uri.startswith((site_url, webcal)), (key, link)
            page = link.uri.removeprefix(site_url).partition("#")[0]
            assert page not in inside, f"{key}: {link.uri} is in the PDF, yet opens the site"


# ------------------------------------------------------------------------------ the printed page


def test_running_footer_numbers_every_page_after_the_cover(pdfs, fixture_cur, part_start):
    """Each module PDF counts its pages ("page 3 of 12"); the handbook's own pages only number
    themselves, as a total of its front alone would mislead (its parts are the module PDFs,
    footers included)."""
    for key, pdf in pdfs.items():
        label = "Handbook" if key == HANDBOOK else f"Module {fixture_cur.modules[key].number}"
        sheets = front(pdfs, part_start) if key == HANDBOOK else pdf.sheets
        of = "" if key == HANDBOOK else f" of {len(sheets)}"
        cover = sheets[0]
        assert cover.header == () and not any("page 1" in line for line in cover.footer)
        for sheet in sheets[1:]:
            expected = f"{site_name()} · {label} page {sheet.number}{of}"
            assert sheet.footer == (expected,), (key, sheet.number)


def test_running_header_is_one_line_naming_the_page(pdfs, part_start):
    for key, pdf in pdfs.items():
        starts = {number: title for title, number in pdf.contents}
        current = CONTENTS
        for sheet in (front(pdfs, part_start) if key == HANDBOOK else pdf.sheets)[1:]:
            current = starts.get(sheet.number, current)
            assert sheet.header == (current,), (key, sheet.number)


def test_a_note_on_the_source_is_printed_once_per_pdf(
    pdfs, nav, expected, fixture_cur, fixture_pdf_site, part_start
):
    """The `naming` note is on several pages (the sessions', module-first's): a PDF prints it on
    the first of them, not again (the handbook: in its own pages, and in each module part as
    in that module's PDF)."""
    notes = {note.id: note.title for note in fixture_cur.editions["fixture-2021"].notes}
    shown = {  # page title -> titles of the notes its web page shows
        title: {
            squeeze((n.find(class_="admonition-title") or n.find("summary")).get_text(" "))
            for n in content(fixture_pdf_site, src).select(".ct-source-note")
        }
        for src, title in nav.items()
    }
    for key, pdf in pdfs.items():
        sheets = front(pdfs, part_start) if key == HANDBOOK else pdf.sheets
        for note in notes.values():
            on = [title for title in expected[key] if note in shown[title]]
            printed = [s.number for s in sheets if bare(note) in bare(s.text)]
            if not on:
                assert printed == [], (key, note)
                continue
            assert printed == [heading_page(pdf, on[0])], (key, note, on)
        naming = [title for title in expected[key] if notes["naming"] in shown[title]]
        if key != HANDBOOK:
            assert len(naming) >= 2, (key, naming)  # the case the test is about


def test_the_notes_on_dates_and_times_are_in_every_pdf_that_shows_them(
    fixture_pdf_site, fixture_cur
):
    """Every PDF of the fixture shows the edition's dates and times (its module pages, its
    overview, its covers): each prints the notes about them (tests/invariants.py)."""
    assert pdf_problems(fixture_pdf_site, fixture_cur) == []
    notes = fixture_cur.editions["fixture-2021"].notes_about("dates", "times")
    assert [n.id for n in notes] == ["year", "timezone"]


def test_a_pdf_without_the_notes_on_its_dates_and_times_is_reported(
    fixture_pdf_site, workspace: Workspace
):
    """The check itself: notes renamed in the data after the build are missing from every PDF."""
    edition = "data/editions/fixture-2021/edition.yml"
    workspace.replace(edition, "title: The year is a fixture", "title: A renamed year note")
    workspace.replace(edition, "title: The time zone is a fixture", "title: A renamed zone note")
    assert pdf_problems(fixture_pdf_site, workspace.load()) == [
        f"pdf/{key}.pdf shows the {topic} of edition fixture-2021 without its note '{title}' "
        f"(data/editions/fixture-2021/edition.yml)"
        for key in sorted([HANDBOOK, *MEMBERS])
        for topic, title in (("dates", "A renamed year note"), ("times", "A renamed zone note"))
    ]


def test_nothing_of_the_web_only_in_the_pdfs(pdfs, fixture_pdf_site: Path):
    web = " ".join(
        squeeze(p.read_text(encoding="utf-8")) for p in fixture_pdf_site.rglob("index.html")
    )
    for phrase in ("in your calendar", "Add to calendar", "Download this module as a PDF"):
        assert phrase in web, phrase  # the web pages do show them
    for key, pdf in pdfs.items():
        printed = " ".join(" ".join(s.header + s.body + s.footer) for s in pdf.sheets)
        for phrase in WEB_ONLY:
            assert phrase not in printed, (key, phrase)


def test_no_stranded_page(pdfs, fixture_pdf_site: Path):
    """No page after the cover holds only a box (one admonition) or at most two lines: what a
    page break stranded away from the text it belongs to."""
    boxes = {
        bare(box.get_text(" "))
        for page in fixture_pdf_site.rglob("index.html")
        for box in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
            "article .admonition"
        )
    }
    assert boxes
    for key, pdf in pdfs.items():
        for sheet in pdf.sheets[1:]:
            body = bare(sheet.text)
            assert len(sheet.body) > 2, (key, sheet.number, sheet.body)
            assert not any(body in box for box in boxes), (key, sheet.number, sheet.body)


def test_calendar_link_icons_do_not_print_as_solid_squares(pdfs, nav, fixture_pdf_site):
    """Looks at the page: left of each calendar link of "Programme at a glance", the ink of an
    icon (or none), not a filled block."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is needed to look at the printed page")
    pdf = pdfs[HANDBOOK]
    number = heading_page(pdf, nav["programme/fixture-2021/at-a-glance.md"])
    page = PdfReader(pdf.path).pages[number - 1]
    labels = ("Download .ics",)  # the page's calendars: schedule_downloads()
    spots = []

    def visit(text, cm, tm, font, size) -> None:
        if text.startswith(labels):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            spots.append((x, float(page.mediabox.height) - y))  # image rows count downwards

    page.extract_text(visitor_text=visit)
    # as many as the web page prints (its calendars, and each of its modules'), each looked at
    web = content(fixture_pdf_site, "programme/fixture-2021/at-a-glance.md").select("a.ct-ics")
    printed = [a for a in web if not a.find_parent(class_="ct-web-only")]
    assert len(printed) > len(MEMBERS)
    assert len(spots) == len(printed), spots
    png = subprocess.run(
        ["pdftoppm", "-r", "72", "-f", str(number), "-l", str(number), "-png", str(pdf.path)],
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png)).convert("RGB")  # 72 dpi: one pixel a point
    pixels = image.load()
    for x, top in spots:
        ink = [
            (i, j)
            for i in range(int(x) - 16, int(x))
            for j in range(int(top) - 12, int(top) + 5)
            if pixels[i, j][2] > 120 and pixels[i, j][0] < 120  # the links' blue
        ]
        if not ink:
            continue  # no icon on paper
        width = max(i for i, _ in ink) - min(i for i, _ in ink) + 1
        height = max(j for _, j in ink) - min(j for _, j in ink) + 1
        if height < 4:
            continue  # a rule or a stroke of a letter, not an icon
        assert len(ink) / (width * height) < 0.75, f"a filled block of {width}x{height} pt"


# ------------------------------------------------------------------------------ builds


def test_same_source_date_epoch_same_bytes(fixture_pdf_site: Path, fixture_root: Path, tmp_path):
    again = run_build(fixture_root, tmp_path / "site", SOURCE_DATE_EPOCH=EPOCH, PDF_EXPORT="1")
    assert again.code == 0, str(again)
    names = sorted(p.name for p in (fixture_pdf_site / "pdf").glob("*.pdf"))
    assert names == sorted(p.name for p in (tmp_path / "site" / "pdf").glob("*.pdf"))
    for name in names:
        first = (fixture_pdf_site / "pdf" / name).read_bytes()
        assert first == (tmp_path / "site" / "pdf" / name).read_bytes(), name


def test_creation_date_is_source_date_epoch(pdfs):
    when = datetime.fromtimestamp(int(EPOCH), UTC)
    for key, pdf in pdfs.items():
        with pikepdf.open(pdf.path) as doc:
            assert str(doc.docinfo["/CreationDate"]) == when.strftime("D:%Y%m%d%H%M%SZ"), key
            assert str(doc.docinfo["/ModDate"]) == when.strftime("D:%Y%m%d%H%M%SZ"), key
            with doc.open_metadata() as xmp:
                assert xmp["xmp:CreateDate"] == when.strftime("%Y-%m-%dT%H:%M:%SZ"), key


@pytest.fixture(scope="module")
def missing_image(tmp_path_factory: pytest.TempPathFactory):
    """The fixture with an image a page names but nobody made and a link to no anchor, in raw
    HTML (which MkDocs does not check: only the PDF step can tell)."""
    ws = Workspace(tmp_path_factory.mktemp("missing-image") / "repo", FIXTURE)
    ws.replace(
        "docs/material/lesson-one.md",
        "Text of the first lesson",
        '<img src="../../assets/figures/not-made.svg" alt="A figure nobody made">\n\n'
        '<p><a href="#no-such-place">A link to no place</a></p>\n\n'
        "Text of the first lesson",
    )
    return ws.build(ws.root / "site", SOURCE_DATE_EPOCH=EPOCH, PDF_EXPORT="1")


def test_a_missing_image_or_anchor_fails_the_pdf_build(missing_image):
    assert missing_image.code != 0, str(missing_image)
    output = missing_image.output
    assert "PDF export failed; the PDFs would lose content" in output
    assert "module-first.pdf" in output and "not-made.svg" in output
    assert "no-such-place" in output  # a link to no anchor
    assert "Aborted with a BuildError" in output
    # the pages are written before the PDFs: what MkDocs wrote stays, but no PDF does
    assert page_file(missing_image.site_dir, "material/lesson-one.md").is_file()
    assert list((missing_image.site_dir / "pdf").glob("*.pdf")) == []


def test_a_missing_image_is_reported_with_its_page(missing_image):
    assert missing_image.code != 0
    lines = [line for line in missing_image.output.splitlines() if "not-made.svg" in line]
    assert lines and all("docs/material/lesson-one.md:" in line for line in lines), lines
    anchors = [line for line in missing_image.output.splitlines() if "no-such-place" in line]
    assert anchors and all("docs/material/lesson-one.md:" in line for line in anchors), anchors


# ------------------------------------------------------------------------------ the web pages


def pdf_button(site: Path, src: str):
    return soup(site, src).select_one('a.md-content__button[type="application/pdf"]')


def target(site: Path, src: str, href: str) -> Path:
    return (page_file(site, src).parent / href).resolve()


def test_each_page_offers_the_pdf_that_holds_it(fixture_pdf_site: Path, nav, fixture_cur):
    for src in OUTSIDE_NAV:
        assert pdf_button(fixture_pdf_site, src) is None, src
    for src in nav:
        button = pdf_button(fixture_pdf_site, src)
        if src in NO_PDF:
            assert button is None, src
            continue
        # a page of two modules' PDFs offers the first module's (by number)
        key = next((k for k, members in MEMBERS.items() if src in members), HANDBOOK)
        assert button is not None, src
        assert (
            target(fixture_pdf_site, src, button["href"])
            == (fixture_pdf_site / "pdf" / f"{key}.pdf").resolve()
        ), src
        mod = fixture_cur.modules.get(key)
        title = f"Download Module {mod.number} (PDF)" if mod else "Download the handbook (PDF)"
        assert button["title"] == title, src


def test_pdf_links_and_sizes_on_the_pages_that_show_them(fixture_pdf_site: Path):
    site = fixture_pdf_site
    for key in MEMBERS:
        src = MEMBERS[key][0]
        link = content(site, src).select_one(".ct-pdf-download a[href]")
        assert target(site, src, link["href"]) == (site / "pdf" / f"{key}.pdf").resolve(), key
    shown = [
        (src, span)
        for src in ("downloads.md", *(m[0] for m in MEMBERS.values()))
        for span in content(site, src).select(".ct-pdf-size")
    ]
    assert len(shown) == len(MEMBERS) + 1 + len(MEMBERS)  # Downloads: every PDF; module pages
    for src, span in shown:
        pdf = site / span["data-pdf-size"]
        assert span.get_text() == human_size(pdf.stat().st_size), (src, span)
        assert re.fullmatch(r"\d+ KB|\d+\.\d MB", span.get_text()), (src, span)
    for box in content(site, "downloads.md").select(".ct-pdf-download"):
        assert "size pending" not in text(box)


def test_without_pdfs_no_button_and_the_pages_say_so(fixture_site: Path, nav):
    assert not (fixture_site / "pdf").exists()
    for src in nav:
        assert pdf_button(fixture_site, src) is None, src
    for key in MEMBERS:
        note = text(content(fixture_site, MEMBERS[key][0]).select_one(".ct-pdf-download"))
        assert "This build was made without PDFs" in note, key
    downloads = content(fixture_site, "downloads.md").select(".ct-pdf-download li")
    assert len(downloads) == len(MEMBERS) + 1
    for item in downloads:
        assert "PDF not built" in text(item) and item.find("a") is None, text(item)
