"""The navigation derived from data (macros.derive_nav, the @slots of mkdocs.yml's nav).

- the real site (one module): sessions, lessons and case studies are flat lists in their tab,
  sessions in date order;
- two modules or more (tools/synth.py adds them): each is grouped under its module, in a section
  of its tab, so that a built page's navigation lists its own module's pages and one entry per
  other module (Material folds the third level and navigation.prune leaves closed groups out);
- group labels come from data and are escaped like every nav title.

Expected values are computed from the loaded data, not through the function under test.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, page_file, run_build
from markupsafe import escape

from macros import derive_nav
from macros.curriculum import Curriculum
from macros.loader import load
from tools.synth import generate, mkdocs_config

GROUPED = {  # tab -> (the section of the skeleton that holds the groups, page kind)
    "Programme": ("Sessions", "sessions"),
    "Lesson material": ("Lessons by module", "lessons"),
    "Case studies": ("Case studies by module", "case_studies"),
}


def skeleton(root: Path) -> list:
    return mkdocs_config(root)["nav"]


def tab(nav: list, title: str) -> list:
    return next(entry[title] for entry in nav if isinstance(entry, dict) and title in entry)


def section(entries: list, title: str) -> list | None:
    return next((e[title] for e in entries if isinstance(e, dict) and title in e), None)


def pages_in(entries: list) -> list[str]:
    """Every page of a nav subtree, in order."""
    out = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        out.extend(pages_in(value) if isinstance(value, list) else [value])
    return out


def label(cur: Curriculum, mid: str) -> str:
    m = cur.modules[mid]
    return str(escape(f"Module {m.number}: {m.title}"))


def modules_of(cur: Curriculum, kind: str) -> dict[str, str | None]:
    """item id -> its module (case studies: the first module whose lessons or sessions use it)."""
    if kind == "sessions":
        return {sid: getattr(cur.module_of(sid), "id", None) for sid in cur.sessions}
    if kind == "lessons":
        return {lid: lsn.module for lid, lsn in cur.lessons.items()}
    owner: dict[str, str | None] = {}
    for cid in cur.case_studies:
        users = [
            mid
            for mid, m in cur.modules.items()
            if any(cid in cur.lessons[lid].case_studies for lid in cur.module_lessons(mid))
            or any(
                cid in item.case_studies for sid in m.sessions for item in cur.sessions[sid].agenda
            )
        ]
        owner[cid] = users[0] if users else None
    return owner


def expected_order(cur: Curriculum, kind: str) -> list[str]:
    return [cur.pages[kind][item] for item in getattr(cur, kind)]


# ------------------------------------------------------------------------------ the real site


def test_one_module_keeps_flat_lists(curriculum: Curriculum):
    nav = derive_nav(skeleton(REPO), curriculum)
    programme = tab(nav, "Programme")
    assert programme[:2] == ["programme/index.md", "programme/at-a-glance.md"]
    sessions = programme[2:]
    assert [next(iter(e.values())) for e in sessions] == expected_order(curriculum, "sessions")
    first = next(iter(curriculum.sessions.values()))
    assert list(sessions[0]) == [str(escape(f"{first.date.day} {first.date:%b}: {first.title}"))]
    for tab_title, (group_section, kind) in GROUPED.items():
        entries = tab(nav, tab_title)
        assert section(entries, group_section) is None, f"{tab_title}: no one-group level"
        assert all(isinstance(next(iter(e.values())), str) for e in entries if isinstance(e, dict))
        assert pages_in(entries)[-len(getattr(curriculum, kind)) :] == expected_order(
            curriculum, kind
        )


# ---------------------------------------------------------------- two modules and more: grouped


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with two generated modules (8 sessions, 5 lessons, 4 case studies each) on
    top of the real data: three modules with sessions, and sessions of no module."""
    root = tmp_path_factory.mktemp("nav") / "synth"
    generate(root, modules=2, sessions=8)
    return root


@pytest.mark.parametrize("tab_title", GROUPED)
def test_items_are_grouped_under_their_module(synth: Path, tab_title: str):
    cur = load(synth)
    group_section, kind = GROUPED[tab_title]
    entries = section(tab(derive_nav(skeleton(synth), cur), tab_title), group_section)
    assert entries is not None, f"{tab_title}: the groups sit in the section '{group_section}'"
    owner = modules_of(cur, kind)
    assert len({mid for mid in owner.values() if mid}) >= 2
    # each module's items, in data order, under one group labelled from data
    want: list[tuple[str, list[str] | str]] = []
    for item, mid in owner.items():
        page = cur.pages[kind][item]
        if mid is None:
            want.append(("", page))
        elif not any(lbl == label(cur, mid) for lbl, _ in want):
            want.append((label(cur, mid), [page]))
        else:
            next(pages for lbl, pages in want if lbl == label(cur, mid)).append(page)
    got = [
        ("", value) if isinstance(value, str) else (key, pages_in(value))
        for entry in entries
        for key, value in entry.items()
    ]
    assert got == want
    # every item exactly once in the whole nav
    everything = pages_in(derive_nav(skeleton(synth), cur))
    for item in getattr(cur, kind):
        assert everything.count(cur.pages[kind][item]) == 1


def test_sessions_of_no_module_stay_between_the_groups(synth: Path):
    cur = load(synth)
    entries = section(tab(derive_nav(skeleton(synth), cur), "Programme"), "Sessions")
    loose = [sid for sid, mid in modules_of(cur, "sessions").items() if mid is None]
    assert loose, "the real programme has sessions outside Module 4"
    pages = [next(iter(e.values())) for e in entries]
    for sid in loose:
        assert cur.pages["sessions"][sid] in pages
    assert pages_in(entries) == expected_order(cur, "sessions")  # still in date order


def test_group_labels_are_escaped(synth: Path, tmp_path: Path):
    from ruamel.yaml import YAML

    hostile = "Smart <script>alert(1)</script> & *Cities*"
    modules_yml = synth / "data" / "modules.yml"
    yaml = YAML()
    doc = yaml.load(modules_yml.read_text(encoding="utf-8"))
    doc["modules"][-1]["title"] = hostile
    edited = tmp_path / "modules.yml"
    with edited.open("w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    original = modules_yml.read_text(encoding="utf-8")
    try:
        modules_yml.write_text(edited.read_text(encoding="utf-8"), encoding="utf-8")
        cur = load(synth)
    finally:
        modules_yml.write_text(original, encoding="utf-8")
    number = doc["modules"][-1]["number"]
    for tab_title, (group_section, _) in GROUPED.items():
        entries = section(tab(derive_nav(skeleton(synth), cur), tab_title), group_section)
        labels = [key for entry in entries for key in entry]
        assert (
            f"Module {number}: Smart &lt;script&gt;alert(1)&lt;/script&gt; &amp; *Cities*" in labels
        )
        assert not any("<script>" in key for key in labels)


def test_a_page_renders_its_own_module_and_one_entry_per_module(synth: Path, tmp_path: Path):
    result = run_build(synth, tmp_path / "site")
    assert result.code == 0, str(result)
    cur = load(synth)
    owner = modules_of(cur, "sessions")
    grouped = [mid for mid in cur.modules if any(o == mid for o in owner.values())]
    mid = grouped[-1]
    own = cur.modules[mid].sessions
    page = page_file(result.site_dir, cur.pages["sessions"][own[2]])
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    nav = html.select_one("nav.md-nav--primary")
    base = page.relative_to(result.site_dir).parent.as_posix() + "/"
    hrefs = {urljoin(base, a["href"]) for a in nav.select("a[href]")}

    def url(sid: str) -> str:
        return (
            page_file(result.site_dir, cur.pages["sessions"][sid])
            .parent.relative_to(result.site_dir)
            .as_posix()
            + "/"
        )

    assert {url(sid) for sid in own} <= hrefs, "the page's own module is open"
    for other in grouped:
        if other == mid:
            continue
        sessions = cur.modules[other].sessions
        # a closed group is one link (to its first page), labelled with the module
        assert not {url(sid) for sid in sessions[1:]} & hrefs, f"{other} is folded"
        links = [a for a in nav.select("a[href]") if urljoin(base, a["href"]) == url(sessions[0])]
        assert [" ".join(a.get_text(" ").split()) for a in links] == [
            f"Module {cur.modules[other].number}: {cur.modules[other].title}"
        ]


def test_each_page_downloads_the_pdf_of_its_module(synth: Path):
    """The PDF button's target: the index (made once per build) gives what asking module by
    module gives, with three published modules and pages of no module."""
    from macros.pdf.plan import HANDBOOK, container, containers, module_sources, published_modules

    cur = load(synth)
    index = containers(cur)
    pages = {src for kind in cur.pages.values() for src in kind.values()}
    assert len(published_modules(cur)) >= 3
    for src in pages:
        by_module = next(
            (m.id for m in published_modules(cur) if src in module_sources(cur, m.id)), HANDBOOK
        )
        assert container(cur, src, index) == container(cur, src) == by_module
    assert HANDBOOK in {container(cur, src, index) for src in pages | {"index.md"}}
