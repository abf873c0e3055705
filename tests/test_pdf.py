"""PDF export: module PDFs and the handbook (macros/pdf/). Slow: marked `pdf`."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO, Workspace, pdf_build
from pypdf import PdfReader

from macros.pdf.plan import module_sources, published_modules
from macros.render import clock

pytestmark = pytest.mark.pdf

CHROME = (
    "Skip to content",
    "Edit this page",
    "View source of this page",
    "Type to start searching",
    "Search\n",
    "Back to top",
    "Made with",
    "Material for MkDocs",
    "Switch to dark mode",
    "¶",
)


def outputs(curriculum) -> list[str]:
    return [f"{m.id}.pdf" for m in published_modules(curriculum)] + ["handbook.pdf"]


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_a_pdf_per_published_module_and_the_handbook(pdf_site: Path, curriculum) -> None:
    assert published_modules(curriculum)
    for name in outputs(curriculum):
        assert (pdf_site / "pdf" / name).stat().st_size > 10_000, name


def test_module_pdfs_hold_sessions_and_agenda_times(pdf_site: Path, curriculum) -> None:
    for mod in published_modules(curriculum):
        text = " ".join(text_of(pdf_site / "pdf" / f"{mod.id}.pdf").split())
        for sid in mod.sessions:
            session = curriculum.sessions[sid]
            assert " ".join(session.title.split()) in text, session.title
            for item in session.agenda:
                assert clock(item.start) in text, (sid, item.start)
        for lid in curriculum.module_lessons(mod.id):
            assert curriculum.lessons[lid].title in text
        assert curriculum.programme.project.cofunding_line in text


def test_no_web_chrome(pdf_site: Path, curriculum) -> None:
    # a page may talk about the web page's buttons (contributing.md does): only check strings
    # that no page's source contains
    sources = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in (REPO / "docs").rglob("*.md")
    )
    checked = [c for c in CHROME if c not in sources]
    assert "Skip to content" in checked
    for name in outputs(curriculum):
        text = text_of(pdf_site / "pdf" / name)
        if name == "handbook.pdf":  # contributing.md names the edit button in its prose
            checked = [c for c in checked if c != "Edit this page"]
        for chrome in checked:
            assert chrome not in text, (name, chrome)


def test_outline_matches_headings(pdf_site: Path, curriculum) -> None:
    for name in outputs(curriculum):
        reader = PdfReader(pdf_site / "pdf" / name)

        def titles(items) -> list[str]:
            out = []
            for item in items:
                out += titles(item) if isinstance(item, list) else [item.title]
            return out

        outline = titles(reader.outline)
        assert "Contents" in outline, name
        assert len(outline) > 5, name
        text = " ".join(text_of(pdf_site / "pdf" / name).split())
        for title in outline:
            assert " ".join(title.split()) in text, (name, title)
    mod = published_modules(curriculum)[0]
    outline = titles(PdfReader(pdf_site / "pdf" / f"{mod.id}.pdf").outline)
    assert f"Module {mod.number}: {mod.title}" in outline


def test_internal_links_resolve_inside_the_pdf(pdf_site: Path, curriculum) -> None:
    for name in outputs(curriculum):
        with pikepdf.open(pdf_site / "pdf" / name) as pdf:
            pages = {page.obj.objgen for page in pdf.pages}
            names = {}
            if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
                tree = pikepdf.NameTree(pdf.Root.Names.Dests)
                names = dict(tree.items())
            internal = external = 0
            for page in pdf.pages:
                for annot in page.obj.get("/Annots", []):
                    if annot.get("/Subtype") != "/Link":
                        continue
                    action = annot.get("/A")
                    dest = annot.get("/Dest")
                    if action is not None and action.get("/S") == "/URI":
                        external += 1
                        uri = str(action.URI)
                        assert uri.startswith(("http", "mailto:")), (name, uri)
                        continue
                    if action is not None and action.get("/S") == "/GoTo":
                        dest = action.D
                    assert dest is not None, (name, annot)
                    if isinstance(dest, (pikepdf.String, pikepdf.Name, str)):
                        dest = names[str(dest).lstrip("/")]
                    assert dest[0].objgen in pages, (name, dest)
                    internal += 1
            assert internal > 10, name
            assert external > 0, name


def test_links_to_pages_outside_a_module_pdf_go_to_the_site(pdf_site: Path, curriculum) -> None:
    mod = published_modules(curriculum)[0]
    members = module_sources(curriculum, mod.id)
    assert "glossary.md" not in members
    with pikepdf.open(pdf_site / "pdf" / f"{mod.id}.pdf") as pdf:
        uris = {
            str(a.A.URI)
            for page in pdf.pages
            for a in page.obj.get("/Annots", [])
            if "/A" in a and a.A.get("/S") == "/URI"
        }
    site_url = "https://smartctclusters.github.io/curriculum/"
    assert any(u.startswith(site_url) for u in uris)
    for member in members:  # no link leaves the PDF for a page that is inside it
        url = site_url + member.removesuffix(".md").removesuffix("index") + "/"
        assert url.replace("//", "/").replace(":/", "://") not in uris, member


def test_metadata_tags_and_pdfua(pdf_site: Path, curriculum) -> None:
    for name in outputs(curriculum):
        with pikepdf.open(pdf_site / "pdf" / name) as pdf:
            info = pdf.docinfo
            assert "SmartCTClusters" in str(info["/Title"]), name
            assert str(info["/Author"]), name
            assert str(info["/Subject"]), name
            assert str(pdf.Root.Lang) == "en"
            assert "/StructTreeRoot" in pdf.Root, name
            assert pdf.Root.MarkInfo.Marked, name
            xmp = pdf.Root.Metadata.read_bytes().decode()
            assert "pdfuaid" in xmp and re.search(r"pdfuaid:part[^0-9]*1", xmp), name
            for page in pdf.pages:  # fonts embedded
                for font in page.Resources.get("/Font", {}).values():
                    for desc in font.get("/DescendantFonts", [font]):
                        fd = desc.get("/FontDescriptor")
                        if fd is not None:
                            assert any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _struct_elems(pdf: pikepdf.Pdf) -> dict[tuple, pikepdf.Dictionary]:
    """Every structure element under the root, checking each one's /P on the way."""
    found: dict[tuple, pikepdf.Dictionary] = {}

    def walk(node: pikepdf.Dictionary, parent: pikepdf.Object) -> None:
        assert node.P.objgen == parent.objgen, node.get("/S")
        found[node.objgen] = node
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, node)

    root = pdf.Root.StructTreeRoot
    for kid in root.K:
        walk(kid, root)
    return found


def test_joined_structure_tree_is_whole(pdf_site: Path, curriculum) -> None:
    """Each PDF is joined from the pages' own tagged PDFs (macros/pdf/merge.py): one Document
    element, parent pointers right, and every page's and link's parent-tree key unique and
    pointing into the tree."""
    for name in outputs(curriculum):
        with pikepdf.open(pdf_site / "pdf" / name) as pdf:
            root = pdf.Root.StructTreeRoot
            assert len(root.K) == 1 and root.K[0].S == "/Document", name
            elems = _struct_elems(pdf)
            pages = {page.obj.objgen for page in pdf.pages}
            for elem in elems.values():
                if "/Pg" in elem:
                    assert elem.Pg.objgen in pages, (name, elem.S)
            nums = root.ParentTree.Nums
            tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            assert len(tree) == len(nums) // 2, f"{name}: a parent-tree key is used twice"
            links = 0
            for page in pdf.pages:
                mapped = tree[int(page.obj.StructParents)]
                assert all(e.objgen in elems for e in mapped if isinstance(e, pikepdf.Dictionary))
                for annot in page.obj.get("/Annots", []):
                    elem = tree[int(annot.StructParent)]
                    assert elem.objgen in elems, name
                    kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
                    objrs = [
                        k.Obj.objgen
                        for k in kids
                        if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
                    ]
                    assert annot.objgen in objrs, name
                    links += 1
            assert links > 10, name


def test_one_font_program_per_font(pdf_site: Path, curriculum) -> None:
    """Each page embeds its own subset of a font; joining merges them into one program and one
    font dictionary (widths and character map joined: the text extraction tests above read
    through them)."""
    for name in outputs(curriculum):
        with pikepdf.open(pdf_site / "pdf" / name) as pdf:
            programs: dict[str, set] = {}
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj:
                    font = str(obj.FontName).partition("+")[2]
                    programs.setdefault(font, set()).add(obj.FontFile2.objgen)
            assert programs, name
            assert all(len(p) == 1 for p in programs.values()), (name, programs)
            fonts: dict[str, set] = {}
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == "/Type0":
                    fonts.setdefault(str(obj.BaseFont), set()).add(obj.objgen)
            assert all(len(f) == 1 for f in fonts.values()), (name, fonts)


def test_figures_have_alt_text(pdf_site: Path) -> None:
    with pikepdf.open(pdf_site / "pdf" / "handbook.pdf") as pdf:
        figures = []

        def walk(node) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(node)
                kids = node.get("/K")
                if kids is not None:
                    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                        walk(kid)

        walk(pdf.Root.StructTreeRoot)
        assert figures
        assert all(str(f.get("/Alt", "")).strip() for f in figures)


def test_pages_link_to_their_pdf_with_size(pdf_site: Path) -> None:
    module = (pdf_site / "modules" / "module-4" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/module-4.pdf"' in module
    downloads = (pdf_site / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("module-4.pdf", "handbook.pdf"):
        assert re.search(rf'data-pdf-size="pdf/{name}">\d+ (KB|MB)<', downloads), name
    glossary = (pdf_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'href="../pdf/handbook.pdf"' in glossary  # the page's download button


def test_reproducible(tmp_path: Path, pdf_site: Path) -> None:
    """A second build with the same SOURCE_DATE_EPOCH gives byte-identical PDFs, whether the
    pages are laid out by forked workers (the fixture's build, on a machine with 2+ CPUs) or one
    by one in the build process."""
    again = tmp_path / "site"
    proc = pdf_build(REPO, again, SOURCE_DATE_EPOCH="1606435200", PDF_WORKERS="1")
    assert proc.returncode == 0, proc.stdout
    for pdf in (pdf_site / "pdf").glob("*.pdf"):
        assert pdf.read_bytes() == (again / "pdf" / pdf.name).read_bytes(), pdf.name


def test_broken_anchor_fails_the_build(workspace: Workspace) -> None:
    workspace.replace(
        "docs/material/main-learnings.md",
        "{{ heading() }}",
        '{{ heading() }}\n\n<p><a href="#no-such-place">broken</a> and '
        '<a href="../strategic-analysis/#nowhere-at-all">broken too</a></p>',
    )
    proc = pdf_build(workspace.root, workspace.root / "out")
    assert proc.returncode != 0, proc.stdout
    assert "PDF export failed" in proc.stdout
    assert "#no-such-place" in proc.stdout
    assert "nowhere-at-all" in proc.stdout


def test_pdf_export_off_with_pdf_export_0(workspace: Workspace) -> None:
    result = workspace.build()  # conftest builds with PDF_EXPORT=0
    assert result.code == 0, str(result)
    assert not (result.site_dir / "pdf" / "handbook.pdf").exists()
    downloads = (result.site_dir / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "PDF_EXPORT=0" in downloads
