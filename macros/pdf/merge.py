"""Join tagged PDFs written by WeasyPrint into one tagged PDF, with pikepdf.

Every page of the site is written by WeasyPrint as its own small PDF (a "unit", laid out once and
then dropped, so memory does not grow with the curriculum). A module PDF or the handbook is a
frame (cover and contents, written last because it prints the page numbers) followed by units.
Joining keeps what WeasyPrint wrote for PDF/UA and navigation:

- the structure tree: each unit's top-level elements move under the frame's Document element, and
  the keys of the parent tree (`/StructParents` of pages, `/StructParent` of annotations) are
  shifted so they stay unique;
- named destinations: the units' anchors are unique across the site (`<page url>:<id>`), so the
  name trees are concatenated and sorted;
- links: a link to a page of this site is written as a web address (`uri`); `goto(uri)` says
  which of them point into the joined PDF, and those become jumps to the named destination;
- bookmarks: each unit's outline, pointing at the copied pages;
- fonts (`merge_fonts`, once the PDF is complete): each unit embeds its own subset of every font
  (WeasyPrint keeps glyph ids when it subsets), so the subsets of one font are merged into one
  font program used by every unit.

`margins_as_artifacts` mends one thing in each unit before joining: WeasyPrint's tags for the
running headers hang from no parent.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterable, Iterator

import pikepdf
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph


class MergeError(Exception):
    """A unit cannot be joined (a WeasyPrint PDF without the structure this code expects)."""


def _root_doc(pdf: pikepdf.Pdf) -> tuple[pikepdf.Dictionary, pikepdf.Dictionary]:
    try:
        root = pdf.Root.StructTreeRoot
        doc = root.K[0]
    except (AttributeError, IndexError, KeyError, TypeError) as err:
        raise MergeError("not a tagged PDF written by WeasyPrint (no Document element)") from err
    if doc.get("/S") != "/Document":
        raise MergeError("the structure tree does not start with a Document element")
    return root, doc


def _nums(root: pikepdf.Dictionary) -> pikepdf.Array:
    tree = root.ParentTree
    if "/Kids" in tree:
        raise MergeError("parent trees with /Kids are not expected from WeasyPrint")
    return tree.Nums


def _next_key(nums: pikepdf.Array) -> int:
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    return max(keys) + 1 if keys else 0


def _dests(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    return list(pikepdf.NameTree(names.Dests).items())


def _copy(out: pikepdf.Pdf, part: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """`obj` of `part` copied into `out`; objects already copied (the pages) are reused."""
    return out.copy_foreign(obj if obj.is_indirect else part.make_indirect(obj))


def _copy_outline(source: list, target: list, out: pikepdf.Pdf, part: pikepdf.Pdf) -> None:
    for item in source:
        dest = item.destination
        copy = pikepdf.OutlineItem(item.title)
        if isinstance(dest, pikepdf.Array):
            copy.destination = _copy(out, part, dest)
        copy.is_closed = item.is_closed
        _copy_outline(item.children, copy.children, out, part)
        target.append(copy)


def join(
    frame: bytes,
    units: Iterable[bytes],
    goto: Callable[[str], str | None],
    frame_goto: Callable[[str], str | None],
) -> pikepdf.Pdf:
    """The frame followed by the units, as one tagged PDF (pikepdf, not yet saved).

    `goto(uri)` gives the named destination a unit's link should jump to, or None to keep it a web
    link; `frame_goto` does the same for the frame's links (its contents). Metadata, language and
    viewer preferences are the frame's."""
    out = pikepdf.open(io.BytesIO(frame))
    root, document = _root_doc(out)
    nums = _nums(root)
    key = _next_key(nums)
    dests = _dests(out)
    _retarget(out.pages, frame_goto)
    with out.open_outline() as outline:
        for data in units:
            part = pikepdf.open(io.BytesIO(data))
            part_root, part_doc = _root_doc(part)
            first = len(out.pages)
            with warnings.catch_warnings():  # named destinations are joined below
                warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
                out.pages.extend(part.pages)
            added = out.pages[first:]
            offset = key
            for page in added:
                if "/StructParents" in page.obj:
                    page.obj.StructParents = int(page.obj.StructParents) + offset
                for annot in page.obj.get("/Annots", []):
                    if "/StructParent" in annot:
                        annot.StructParent = int(annot.StructParent) + offset
            _retarget(added, goto)
            # The unit's elements join the frame's Document element. Cut the unit's Document
            # element from its root first, so copying does not drag the unit's root along.
            del part_doc["/P"]
            kids = [_copy(out, part, kid) for kid in part_doc.K]
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary):
                    kid.P = document
                document.K.append(kid)
            part_nums = _nums(part_root)
            for i in range(0, len(part_nums), 2):
                nums.append(int(part_nums[i]) + offset)
                nums.append(_copy(out, part, part_nums[i + 1]))
            key = offset + _next_key(part_nums)
            dests += [(name, _copy(out, part, dest)) for name, dest in _dests(part)]
            with part.open_outline() as part_outline:
                _copy_outline(part_outline.root, outline.root, out, part)
    if dests:
        dests.sort(key=lambda pair: pair[0].encode("utf-8"))
        array = pikepdf.Array()
        for name, dest in dests:
            array.append(pikepdf.String(name))
            array.append(dest)
        if "/Names" not in out.Root:
            out.Root.Names = pikepdf.Dictionary()
        out.Root.Names.Dests = out.make_indirect(pikepdf.Dictionary(Names=array))
    return out


def _retarget(pages: Iterable[pikepdf.Page], goto: Callable[[str], str | None]) -> None:
    for page in pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if annot.get("/Subtype") != "/Link" or action is None or action.get("/S") != "/URI":
                continue
            name = goto(str(action.URI))
            if name is not None:
                del annot["/A"]
                annot.Dest = pikepdf.String(name)


# ------------------------------------------------------------------------------- artifacts
def _reached(document: pikepdf.Dictionary) -> set[tuple[int, int]]:
    found = set()
    todo = [document]
    while todo:
        node = todo.pop()
        found.add(node.objgen)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.objgen not in found:
                todo.append(kid)
    return found


def margins_as_artifacts(data: bytes) -> bytes:
    """WeasyPrint tags the page margin boxes (running headers) with elements that hang from no
    parent: a reader of the structure tree never reaches them. They are pagination, so they
    become artifacts (PDF/UA 7.8), and the dangling elements go."""
    pdf = pikepdf.open(io.BytesIO(data))
    root, document = _root_doc(pdf)
    reached = _reached(document)
    nums = _nums(root)
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    changed = False
    for page in pdf.pages:
        mapped = tree.get(int(page.obj.get("/StructParents", -1)))
        if not isinstance(mapped, pikepdf.Array):
            continue
        lost = {
            mcid
            for mcid, elem in enumerate(mapped)
            if isinstance(elem, pikepdf.Dictionary) and elem.objgen not in reached
        }
        if not lost:
            continue
        instructions = []
        for item in pikepdf.parse_content_stream(page):
            if (
                isinstance(item, pikepdf.ContentStreamInstruction)
                and item.operator == BDC
                and isinstance(item.operands[1], pikepdf.Dictionary)
                and int(item.operands[1].get("/MCID", -1)) in lost
            ):
                item = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact, PAGINATION], BDC)
            instructions.append(item)
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        for mcid in lost:
            mapped[mcid] = None
        changed = True
    if not changed:
        return data
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=True, deterministic_id=True)
    return buf.getvalue()


BDC = pikepdf.Operator("BDC")
PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)


# ------------------------------------------------------------------------------------- fonts
def _fonts(pdf: pikepdf.Pdf) -> tuple[dict[tuple, list[pikepdf.Dictionary]], dict]:
    """In one pass over the objects: font descriptors with an embedded TrueType program, grouped
    by font (the name without subset tag, and the full name, version and units per em the
    program itself declares), and the Type0 fonts that use each descriptor."""
    groups: dict[tuple, list[pikepdf.Dictionary]] = {}
    users: dict[tuple[int, int], list[pikepdf.Dictionary]] = {}  # descriptor -> Type0 fonts
    identity: dict[tuple, tuple] = {}
    # Keys are tested with `in` before a value is read: every value pikepdf hands out leaves
    # memory behind for good, and a handbook has hundreds of thousands of dictionaries.
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        if "/Subtype" in obj and obj.Subtype == "/Type0":
            descendant = obj.DescendantFonts[0]
            if "/FontDescriptor" in descendant:
                users.setdefault(descendant.FontDescriptor.objgen, []).append(obj)
        elif "/FontFile2" in obj and obj.get("/Type") == "/FontDescriptor":
            program = obj.FontFile2
            if program.objgen not in identity:
                try:
                    font = TTFont(io.BytesIO(program.read_bytes()), lazy=True)
                    names = font["name"]
                    identity[program.objgen] = (
                        names.getDebugName(4),
                        names.getDebugName(5),
                        font["head"].unitsPerEm,
                    )
                except Exception:  # not a font this code knows: never merged
                    identity[program.objgen] = (program.objgen,)
            name = str(obj.FontName).lstrip("/")
            key = (name.partition("+")[2] or name, *identity[program.objgen])
            groups.setdefault(key, []).append(obj)
    return groups, users


def merge_fonts(pdf: pikepdf.Pdf) -> None:
    """One font per font: the union of the units' subsets of it.

    WeasyPrint subsets with glyph ids kept and maps CIDs to glyph ids one to one, so a glyph has
    the same id in every subset; a glyph missing from one subset is empty there. The merged
    program takes each glyph (outline and advance) from a subset that has it; the widths and
    the character map of the subsets are joined too, and every page then uses one font
    dictionary per font. Fonts that cannot be read this way are left as they are."""
    groups, users = _fonts(pdf)
    replace: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for descriptors in groups.values():
        streams = {d.FontFile2.objgen: d.FontFile2 for d in descriptors}
        fonts = [font for d in descriptors for font in users.get(d.objgen, [])]
        if len(streams) < 2 and len(fonts) < 2:
            continue
        try:
            merged = _union([s.read_bytes() for s in streams.values()])
            widths, to_unicode = _joined_widths(fonts), _joined_cmap(fonts)
        except Exception:  # an unusual font keeps its separate subsets
            continue
        stream = pdf.make_stream(merged)
        stream.Length1 = len(merged)
        for d in descriptors:
            d.FontFile2 = stream
        if not fonts:
            continue
        font = fonts[0]
        font.DescendantFonts[0].W = widths
        font.ToUnicode = pdf.make_stream(to_unicode)
        replace.update((other.objgen, font) for other in fonts[1:])
    if replace:
        for resources in _all_resources(pdf):
            for name, font in list(resources.get("/Font", {}).items()):
                if font.objgen in replace:
                    resources.Font[name] = replace[font.objgen]


def _all_resources(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """The resource dictionaries of the pages and of the forms they draw, each once."""
    seen: set[tuple[int, int]] = set()
    todo = [page.obj.get("/Resources") for page in pdf.pages]
    while todo:
        resources = todo.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                todo.append(xobject.get("/Resources"))


def _joined_widths(fonts: list[pikepdf.Dictionary]) -> pikepdf.Array:
    """The /W arrays of CID fonts, joined: `c [w1 w2 …]` runs, as WeasyPrint writes them."""
    widths: dict[int, float] = {}
    for font in fonts:
        given = font.DescendantFonts[0].get("/W")
        array = _numbers(given) if given is not None else []
        i = 0
        while i < len(array):
            first = int(array[i])
            if isinstance(array[i + 1], list):
                for offset, width in enumerate(array[i + 1]):
                    widths.setdefault(first + offset, float(width))
                i += 2
            else:  # c_first c_last w
                for cid in range(first, int(array[i + 1]) + 1):
                    widths.setdefault(cid, float(array[i + 2]))
                i += 3
    out = pikepdf.Array()
    run: list[float] = []
    start = previous = None
    for cid in sorted(widths):
        if previous is not None and cid != previous + 1:
            out.extend([start, pikepdf.Array(run)])
            run = []
        if not run:
            start = cid
        run.append(int(widths[cid]) if widths[cid].is_integer() else widths[cid])
        previous = cid
    if run:
        out.extend([start, pikepdf.Array(run)])
    return out


NUMBER_OR_BRACKET = re.compile(rb"\[|\]|[-+]?(?:\d+\.?\d*|\.\d+)")


def _numbers(array: pikepdf.Array) -> list:
    """An array of numbers and arrays of numbers as Python lists, read from its PDF syntax:
    one string per array, not an object per item (each item pikepdf hands out leaves memory
    behind for good: about 30 MB over the width arrays of a 2,232-page handbook)."""
    data = array.unparse(resolved=True)
    if b"R" in data:  # references inside: read item by item
        return [_numbers(item) if isinstance(item, pikepdf.Array) else item for item in array]
    stack: list[list] = [[]]
    for token in NUMBER_OR_BRACKET.findall(data):
        if token == b"[":
            stack.append([])
        elif token == b"]":
            inner = stack.pop()
            stack[-1].append(inner)
        else:
            stack[-1].append(float(token) if b"." in token else int(token))
    return stack[0][0]


BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


def _joined_cmap(fonts: list[pikepdf.Dictionary]) -> bytes:
    """The ToUnicode maps of the fonts (WeasyPrint writes `bfchar` entries only), joined; a
    glyph keeps the text of the first map that has it."""
    chars: dict[bytes, bytes] = {}
    for font in fonts:
        data = font.ToUnicode.read_bytes()
        if b"beginbfrange" in data:
            raise ValueError("bfrange in a ToUnicode map: not joined")
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for code, text in BFCHAR.findall(block):
                chars.setdefault(code.lower(), text.lower())
    items = sorted(chars.items())
    blocks = []
    for i in range(0, len(items), 100):  # at most 100 entries a block
        chunk = items[i : i + 100]
        body = b"\n".join(b"<" + code + b"> <" + text + b">" for code, text in chunk)
        blocks.append(b"%d beginbfchar\n%s\nendbfchar" % (len(chunk), body))
    return (
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CIDSystemInfo\n<< /Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
        + b"\n".join(blocks)
        + b"\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )


def _union(programs: list[bytes]) -> bytes:
    """One TrueType program holding every glyph of the given subsets (same glyph ids).

    The subset with the most glyph slots is the base; the others are read one at a time (a
    handbook has a subset per page). Glyph names differ between subsets (they come from each
    subset's cmap), so glyphs are matched by id, and copied as raw data: a composite glyph refers
    to its parts by id."""
    sizes = [TTFont(io.BytesIO(data), lazy=True)["maxp"].numGlyphs for data in programs]
    largest = sizes.index(max(sizes))
    base = TTFont(io.BytesIO(programs[largest]))
    if "glyf" not in base or "CFF " in base:
        raise ValueError("only TrueType outlines are merged")
    order = base.getGlyphOrder()
    glyphs, metrics = base["glyf"].glyphs, base["hmtx"].metrics
    for index, data in enumerate(programs):
        if index == largest:
            continue
        other = TTFont(io.BytesIO(data))
        if "glyf" not in other:
            raise ValueError("only TrueType outlines are merged")
        other_glyphs, other_metrics = other["glyf"].glyphs, other["hmtx"].metrics
        for name, other_name in zip(order, other.getGlyphOrder(), strict=False):
            glyph = other_glyphs[other_name]
            if _empty(glyphs[name]) and not _empty(glyph):
                glyphs[name] = Glyph(glyph.data)
                metrics[name] = other_metrics[other_name]
            elif metrics[name][0] == 0 and other_metrics[other_name][0] != 0:
                metrics[name] = other_metrics[other_name]
    if "post" in base:
        base["post"].formatType = 3.0  # no glyph names: a PDF font is addressed by glyph id
    buf = io.BytesIO()
    base.save(buf)
    return buf.getvalue()


def _empty(glyph: Glyph) -> bool:
    return not getattr(glyph, "data", b"") and getattr(glyph, "numberOfContours", 0) == 0
