"""Data is text, never markup; and the inputs editors legitimately produce are accepted.

Two builds of a copy of the repository: one with hostile titles, one with Windows line endings,
non-ASCII names and agenda items without an end.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Workspace, content, page_file, run_build, text

KX = "data/sessions/2020-12-10-knowledge-exchange.yml"
KX_PAGE = "programme/sessions/2020-12-10-knowledge-exchange.md"
HOSTILE_TITLE = "Knowledge <script>alert(1)</script> *bold* [x](y) exchange"
HOSTILE_ITEM = "ESCA <script>alert(2)</script> _labelling_ [process](javascript:alert(3))"
HOSTILE_ORG = 'EUCLES <img src=x onerror="alert(4)"> & co'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = Workspace(tmp_path_factory.mktemp("hostile") / "repo")
    ws.replace(
        KX,
        "title: Knowledge exchange and best practices sharing from different clusters’ experiences",
        f"title: '{HOSTILE_TITLE}'",
    )
    ws.replace(KX, "title: ESCA labelling process", f"title: '{HOSTILE_ITEM}'")
    ws.replace("data/organisations.yml", "    name: EUCLES", f"    name: '{HOSTILE_ORG}'")
    result = ws.build()
    assert result.code == 0, str(result)
    return result.site_dir


def _html(site: Path, docs_path: str) -> BeautifulSoup:
    return BeautifulSoup(page_file(site, docs_path).read_text(encoding="utf-8"), "html.parser")


PAGES = [KX_PAGE, "programme/index.md", "organisations.md", "modules/module-4.md", "index.md"]


def _assert_inert(node, where: str) -> None:
    for script in node.find_all("script"):
        if script.get("type") == "application/ld+json":
            # structured data may quote the title, JSON-escaped: no '<' can close the element
            assert "<" not in script.string, f"{where}: raw '<' in JSON-LD"
            continue
        assert "alert(" not in script.get_text(), f"{where}: data became a <script>"
    assert not node.find_all("img", attrs={"onerror": True}), f"{where}: data became <img>"
    for link in node.find_all("a", href=True):
        assert not link["href"].startswith("javascript:"), where
        assert link["href"] != "y", f"{where}: Markdown link syntax in data was rendered"
    for tag in node.find_all(["em", "strong"]):
        assert tag.get_text() not in {"bold", "labelling"}, f"{where}: Markdown rendered"


@pytest.mark.parametrize("docs_path", PAGES)
def test_no_markup_from_data_in_content(hostile_site: Path, docs_path: str):
    _assert_inert(content(hostile_site, docs_path), docs_path)
    _assert_inert(_html(hostile_site, docs_path).head, f"{docs_path} <head>")


def test_hostile_text_is_shown_as_typed(hostile_site: Path):
    assert text(content(hostile_site, KX_PAGE).find("h1")) == HOSTILE_TITLE
    rows = [text(td) for td in content(hostile_site, KX_PAGE).select("tbody td")]
    assert HOSTILE_ITEM in rows
    assert any(HOSTILE_ORG in r for r in rows)
    overview = text(content(hostile_site, "programme/index.md"))
    assert HOSTILE_TITLE in overview
    orgs = content(hostile_site, "organisations.md")
    assert text(orgs.find("h2", id="eucles")) == HOSTILE_ORG


@pytest.mark.parametrize("docs_path", PAGES)
def test_nav_and_title_show_data_as_text(hostile_site: Path, docs_path: str):
    page = _html(hostile_site, docs_path)
    for nav in page.find_all("nav"):
        _assert_inert(nav, f"{docs_path} nav")
    labels = [text(a) for a in page.select("nav a")]
    # navigation.prune: a page's nav lists the pages of its own section (sessions: Programme)
    if docs_path.startswith("programme/"):
        assert any(HOSTILE_TITLE in label for label in labels), "the nav shows the title as text"
    if docs_path == KX_PAGE:
        assert HOSTILE_TITLE in page.title.get_text()


# ----------------------------------------------------------------------------- accepted input


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Path]:
    ws = Workspace(tmp_path_factory.mktemp("accepted") / "repo")
    # names in other scripts
    ws.replace("data/organisations.yml", "    name: Packaging Cluster", "    name: Łódź Cluster")
    ws.replace(
        KX,
        "title: Knowledge exchange and best practices sharing from different clusters’ experiences",
        "title: Knowledge exchange in Київ and Łódź",
    )
    # items with a start only: they end where the next item starts, or with the session
    ws.replace(KX, "    end: 12:00\n", "")
    ws.replace(KX, "    end: 13:30\n", "")
    # Windows line endings in every data file and in a page
    for path in [*sorted((ws.root / "data").rglob("*.yml")), ws.path("docs/" + KX_PAGE)]:
        rel = path.relative_to(ws.root).as_posix()
        ws.write(rel, ws.read(rel).replace("\r\n", "\n").replace("\n", "\r\n"))
    assert b"\r\n" in ws.path(KX).read_bytes()
    result = run_build(ws.root, ws.root / "built-site")
    assert result.code == 0, str(result)
    return ws, result.site_dir


def test_accepted_data_validates(accepted):
    ws, _ = accepted
    cur = ws.load()
    session = cur.sessions["2020-12-10-knowledge-exchange"]
    assert session.title == "Knowledge exchange in Київ and Łódź"
    assert cur.organisations["packaging-cluster"].name == "Łódź Cluster"


def test_items_without_end_run_to_the_next_item_or_the_session_end(accepted):
    _, site = accepted
    rows = {
        text(r.find_all("td")[1]): text(r.find("td"))
        for r in content(site, KX_PAGE).select("tbody tr")
    }
    assert rows["Coffee break"] == "11:40 – 12:00"
    assert rows["Wrap up and next session information"] == "13:15 – 13:30"


def test_non_ascii_names_are_shown(accepted):
    _, site = accepted
    page = _html(site, KX_PAGE)
    assert text(content(site, KX_PAGE).find("h1")) == "Knowledge exchange in Київ and Łódź"
    assert any("Київ" in text(a) for a in page.select("nav a"))
    assert "Łódź Cluster" in text(content(site, KX_PAGE))
    assert "Łódź Cluster" in text(content(site, "organisations.md"))


def test_windows_line_endings_change_nothing(accepted, site):
    """Another session's page (data and page untouched but for line endings) is as in the
    build of the repository itself."""
    _, accepted_site = accepted
    other = "programme/sessions/2020-12-01-cluster-strategy-1.md"
    assert text(content(accepted_site, other).find("table")) == text(
        content(site, other).find("table")
    )
    assert (REPO / "data").is_dir()


def test_edit_link_of_a_published_file_opens_that_file(site: Path):
    """docs/contributing.md only includes CONTRIBUTING.md: its edit button must open the latter."""
    page = _html(site, "contributing.md")
    edit = page.find("a", attrs={"rel": "edit"})
    assert edit is not None and edit["href"].endswith("/edit/main/CONTRIBUTING.md")
    other = _html(site, "glossary.md").find("a", attrs={"rel": "edit"})
    assert other["href"].endswith("/edit/main/docs/glossary.md")


def test_the_abbr_filter_escapes_and_marks_whole_terms_longest_first():
    from markupsafe import Markup

    from macros.render import abbreviations

    abbr = abbreviations({"S3": "Smart Specialisation Strategy", "RIS3": 'R&I "S3"'})
    out = abbr("RIS3 & S3 <script>x</script> S3x")
    assert out == Markup(
        '<abbr title="R&amp;I &#34;S3&#34;">RIS3</abbr> &amp; '
        '<abbr title="Smart Specialisation Strategy">S3</abbr> '
        "&lt;script&gt;x&lt;/script&gt; S3x"
    )
    assert abbr(Markup("<b>S3</b>")) == Markup("<b>S3</b>")  # markup from a macro passes
    assert abbreviations({})("<S3>") == Markup("&lt;S3&gt;")
