"""The navigation derived from data (macros/nav.py: the @slots of mkdocs.yml's nav).

- @editions: with one edition (the fixture), its pages stand in the Programme tab: its
  overview, its other pages (at a glance first, then by name), its sessions in a section of
  their own; with several, one section per edition, the latest first, titled by the edition.
- Two published modules (the fixture): sessions, lessons and case studies are grouped under
  "Module N: title" inside their section (an edition's Sessions, Lessons by module, Case studies
  by module), each group in data order, items of no module between the groups at their own
  place (a group stands where its first entry would); titles are HTML-escaped (the theme prints
  them as HTML).
- A built page renders its own group open and one entry per other group (navigation.prune).
- One published module: the lists are flat; a skeleton section holding only a slot (Lessons by
  module) dissolves into the tab, an edition's Sessions stays its section.

derive_nav is tested directly where it can be (fast); the rendering on the fixture's site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import (
    BETWEEN,
    FIRST_1,
    FIRST_2,
    OPENING,
    REPO,
    SMART_1,
    SMART_2,
    E,
    S,
    Workspace,
    page_file,
    text,
)
from invariants import BuiltSite, nav_entries, site_problems

from macros.curriculum import Curriculum
from macros.nav import derive_nav

MODULE_1 = "Module 1: The first topic"
MODULE_2 = "Module 2: Smart &amp; &lt;Cities&gt; *with* markup"  # escaped for the theme
HOSTILE = (
    "26 Mar: Smart &lt;script&gt;alert(1)&lt;/script&gt; &amp; *Cities* {{ not_a_macro }} | pipes"
)


def skeleton() -> list:
    """The nav of mkdocs.yml, with its @slots (tags such as !ENV read as nothing)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["nav"]


def tab(nav: list, title: str) -> list:
    return next(entry[title] for entry in nav if isinstance(entry, dict) and title in entry)


def nav(cur: Curriculum) -> list:
    """The derived nav, the edition pages read from the curriculum's own docs/."""
    return derive_nav(skeleton(), cur, cur.root / "docs")


# ------------------------------------------------------------------ two modules: derive_nav


def test_sessions_are_grouped_by_module_in_date_order(fixture_cur: Curriculum):
    """The module-first group stands where its first session (24 Mar) would, so the 29 Mar
    session comes before the 26 Mar one of Module 2 and before 1 Apr, which belongs to no
    module and stands after the groups."""
    programme = tab(nav(fixture_cur), "Programme")
    assert programme == [
        "programme/index.md",
        {"Fixture Training Programme": E + "index.md"},
        E + "at-a-glance.md",
        {
            "Sessions": [
                {"22 Mar: Opening of the fixture programme": OPENING},
                {
                    MODULE_1: [
                        {"24 Mar: The first topic, part 1": FIRST_1},
                        {"29 Mar: The first topic, part 2": FIRST_2},
                    ]
                },
                {
                    MODULE_2: [
                        {HOSTILE: SMART_1},
                        {"10 Apr: The second topic on a Saturday": SMART_2},
                    ]
                },
                {"1 Apr: Between the modules, from Łódź to Київ": BETWEEN},
            ]
        },
    ]


def test_lessons_are_grouped_by_module(fixture_cur: Curriculum):
    assert tab(nav(fixture_cur), "Lesson material") == [
        "material/index.md",
        {
            "Lessons by module": [
                {
                    MODULE_1: [
                        {"The first lesson": "material/lesson-one.md"},
                        {"The second lesson": "material/lesson-two.md"},
                    ]
                },
                {MODULE_2: [{"A lesson of the second module": "material/lesson-smart.md"}]},
            ]
        },
    ]


def test_published_modules_are_listed_by_number(fixture_cur: Curriculum):
    assert tab(nav(fixture_cur), "Modules") == [
        "modules/index.md",
        {MODULE_1: "modules/module-first.md"},
        {MODULE_2: "modules/module-smart.md"},
    ]


def test_case_studies_of_one_module_stay_flat(fixture_cur: Curriculum):
    """In the fixture every used case study is filed under module-first (the first module, by
    number, whose lessons or sessions use it): one group would split nothing."""
    assert tab(nav(fixture_cur), "Case studies") == [
        "case-studies/index.md",
        {"A case used twice: in two sessions": "case-studies/case-twice.md"},
        {"A case of a lesson only": "case-studies/case-lesson.md"},
        {"An unused case": "case-studies/case-unused.md"},
    ]


def test_case_studies_of_two_modules_are_grouped_and_an_unused_one_stands_alone(
    workspace: Workspace,
):
    """case-lesson moves from the first module's lesson to the second's: the case studies now
    belong to two modules."""
    workspace.replace("data/lessons.yml", "    case_studies: [case-lesson]\n", "")
    workspace.replace(
        "data/lessons.yml", "case_studies: [case-twice]", "case_studies: [case-twice, case-lesson]"
    )
    assert tab(nav(workspace.load()), "Case studies") == [
        "case-studies/index.md",
        {
            "Case studies by module": [
                {MODULE_1: [{"A case used twice: in two sessions": "case-studies/case-twice.md"}]},
                {MODULE_2: [{"A case of a lesson only": "case-studies/case-lesson.md"}]},
                {"An unused case": "case-studies/case-unused.md"},
            ]
        },
    ]


def test_titles_are_escaped_and_nothing_else_changes(fixture_cur: Curriculum):
    derived = nav(fixture_cur)
    keys: list[str] = []

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, dict):
                for key, value in entry.items():
                    keys.append(key)
                    if isinstance(value, list):
                        walk(value)

    walk(derived)
    assert not [k for k in keys if "<" in k or "& " in k]
    assert keys.count(MODULE_2) == 3  # Modules, and the groups of Sessions and Lessons
    # the skeleton's own entries are kept as they are
    assert derived[:2] == [{"Home": "index.md"}, {"About": "about.md"}]
    assert derived[-3:] == skeleton()[-3:]  # Organisations, Glossary, Downloads


# ------------------------------------------------------------------ editions: derive_nav


def test_an_editions_other_pages_follow_its_overview_at_a_glance_first(
    fixture_cur: Curriculum, workspace: Workspace
):
    """The pages of an edition's folder besides its overview and its sessions are found in
    docs/ (the docs path derive_nav is given): at a glance first, the others by name."""
    for name in ("zz-notes.md", "a-venue.md"):
        workspace.write(f"docs/{E}{name}", "# A page of the edition\n")
    programme = tab(derive_nav(skeleton(), fixture_cur, workspace.path("docs")), "Programme")
    assert programme[:5] == [
        "programme/index.md",
        {"Fixture Training Programme": E + "index.md"},
        E + "at-a-glance.md",
        E + "a-venue.md",
        E + "zz-notes.md",
    ]
    assert list(programme[5]) == ["Sessions"] and len(programme) == 6


SECOND = "fixture-2022"
SECOND_TITLE = "Second <Run> & Co"
SECOND_SESSIONS = {  # one session of each published module, in date order
    "2022-05-02-first-again": ("2022-05-02", "module-first", "The first topic again"),
    "2022-05-09-smart-again": ("2022-05-09", "module-smart", "Smart again"),
}


def add_second_edition(ws: Workspace) -> None:
    """A second edition, later than the fixture's: its data and pages (no at-a-glance)."""
    ws.write(
        f"data/editions/{SECOND}/edition.yml",
        f"title: {SECOND_TITLE}\nmode: online\ntimezone: Europe/Dublin\n"
        "first_date: 2022-05-02\nlast_date: 2022-05-09\n",
    )
    ws.write(f"docs/programme/{SECOND}/index.md", "# {{ edition.title }}\n")
    for sid, (day, module, title) in SECOND_SESSIONS.items():
        ws.write(
            f"data/editions/{SECOND}/sessions/{sid}.yml",
            f"date: {day}\nstart: 9:00\nend: 10:00\nmodule: {module}\ntitle: {title}\n"
            "agenda:\n  - start: 9:00\n    title: Training\n    kind: training\n",
        )
        ws.write(f"docs/programme/{SECOND}/sessions/{sid}.md", f"---\nsession: {sid}\n---\n")


def test_several_editions_are_sections_of_the_programme_the_latest_first(
    workspace: Workspace, fixture_cur: Curriculum
):
    """Each edition's sessions stand in its own section, grouped by module within it; the
    edition's title is escaped like every nav title."""
    add_second_edition(workspace)
    derived = nav(workspace.load())
    second = f"programme/{SECOND}/"
    assert tab(derived, "Programme") == [
        "programme/index.md",
        {
            "Second &lt;Run&gt; &amp; Co": [
                {"Second &lt;Run&gt; &amp; Co": second + "index.md"},
                {
                    "Sessions": [
                        {MODULE_1: [{"2 May: The first topic again": second + "sessions/"
                                     "2022-05-02-first-again.md"}]},
                        {MODULE_2: [{"9 May: Smart again": second + "sessions/"
                                     "2022-05-09-smart-again.md"}]},
                    ]
                },
            ]
        },
        {"Fixture Training Programme": tab(nav(fixture_cur), "Programme")[1:]},
    ]  # fmt: skip
    # the rest of the navigation does not change
    assert [e for e in derived if "Programme" not in e] == [
        e for e in nav(fixture_cur) if "Programme" not in e
    ]


# ------------------------------------------------------------------ two modules: the built pages


def nav_of(site_dir: Path, cur: Curriculum, docs_path: str) -> list[tuple[tuple[str, ...], str]]:
    """(section labels, page) of each page link the page's navigation shows."""
    return [(p, t) for p, t in nav_entries(BuiltSite(site_dir, cur), docs_path) if t]


def folded(site_dir: Path, docs_path: str) -> list[tuple[str, str]]:
    """(label, link) of the folded groups (navigation.prune) of a page's navigation."""
    page = BeautifulSoup(page_file(site_dir, docs_path).read_text(encoding="utf-8"), "lxml")
    nav = page.select_one("nav.md-nav--primary")
    return [(text(li.a), li.a["href"]) for li in nav.select("li.md-nav__item--pruned")]


def test_a_session_page_opens_its_own_module_and_folds_the_other(
    fixture_site: Path, fixture_cur: Curriculum
):
    entries = nav_of(fixture_site, fixture_cur, FIRST_1)
    sessions = [(path[2:], page) for path, page in entries if path[:2] == ("Programme", "Sessions")]
    assert sessions == [
        ((), OPENING),
        (("Module 1: The first topic",), FIRST_1),
        (("Module 1: The first topic",), FIRST_2),
        ((), BETWEEN),
    ]
    assert ("Module 2: Smart & <Cities> *with* markup", "../2021-03-26-second-topic-1/") in folded(
        fixture_site, FIRST_1
    )


def test_a_page_of_no_module_folds_every_group(fixture_site: Path, fixture_cur: Curriculum):
    entries = nav_of(fixture_site, fixture_cur, BETWEEN)
    sessions = [(path[2:], page) for path, page in entries if path[:2] == ("Programme", "Sessions")]
    assert sessions == [((), OPENING), ((), BETWEEN)]
    groups = [label for label, _ in folded(fixture_site, BETWEEN) if label.startswith("Module ")]
    assert groups == ["Module 1: The first topic", "Module 2: Smart & <Cities> *with* markup"]


def test_a_lesson_page_opens_its_module_group(fixture_site: Path, fixture_cur: Curriculum):
    entries = nav_of(fixture_site, fixture_cur, "material/lesson-smart.md")
    lessons = [(path, page) for path, page in entries if path[:1] == ("Lesson material",)]
    assert lessons == [
        (("Lesson material",), "material/index.md"),
        (
            ("Lesson material", "Lessons by module", "Module 2: Smart & <Cities> *with* markup"),
            "material/lesson-smart.md",
        ),
    ]
    assert ("Module 1: The first topic", "../lesson-one/") in folded(
        fixture_site, "material/lesson-smart.md"
    )


def test_nav_labels_are_text_in_the_html(fixture_site: Path):
    raw = page_file(fixture_site, SMART_1).read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "lxml")
    nav = page.select_one("nav.md-nav--primary")
    assert nav.find("script") is None and nav.find("cities") is None
    labels = [text(a) for a in nav.select("a.md-nav__link")]
    assert "26 Mar: Smart <script>alert(1)</script> & *Cities* {{ not_a_macro }} | pipes" in labels
    assert "Smart &amp; &lt;Cities&gt; *with* markup" in raw


# ------------------------------------------------------------------ one published module


@pytest.fixture(scope="module")
def one_module(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, Path]:
    """The fixture with module-smart planned: its sessions deliver no module, it has no page,
    its lesson moved to the first module (a lesson of a planned module would still be filed
    under it)."""
    ws = Workspace(tmp_path_factory.mktemp("one-module") / "repo")
    ws.replace(
        "data/modules.yml",
        "status: published\n    summary: The second",
        "status: planned\n    summary: The second",
    )
    for sid in ("2021-03-26-second-topic-1", "2021-04-10-second-topic-2"):
        ws.replace(f"data/editions/fixture-2021/sessions/{sid}.yml", "module: module-smart\n", "")
    ws.replace("data/lessons.yml", "module: module-smart", "module: module-first")
    ws.path("docs/modules/module-smart.md").unlink()
    result = ws.build(ws.root / "site")
    assert result.code == 0, str(result)
    return ws, result.site_dir


def test_one_module_keeps_flat_lists(one_module):
    ws, _ = one_module
    derived = nav(ws.load())
    assert tab(derived, "Programme") == [
        "programme/index.md",
        {"Fixture Training Programme": E + "index.md"},
        E + "at-a-glance.md",
        {
            "Sessions": [
                {"22 Mar: Opening of the fixture programme": OPENING},
                {"24 Mar: The first topic, part 1": FIRST_1},
                {HOSTILE: SMART_1},
                {"29 Mar: The first topic, part 2": FIRST_2},
                {"1 Apr: Between the modules, from Łódź to Київ": BETWEEN},
                {"10 Apr: The second topic on a Saturday": SMART_2},
            ]
        },
    ]
    assert tab(derived, "Modules") == ["modules/index.md", {MODULE_1: "modules/module-first.md"}]
    assert tab(derived, "Lesson material") == [
        "material/index.md",
        {"The first lesson": "material/lesson-one.md"},
        {"The second lesson": "material/lesson-two.md"},
        {"A lesson of the second module": "material/lesson-smart.md"},
    ]
    assert tab(derived, "Case studies") == [
        "case-studies/index.md",
        {"A case used twice: in two sessions": "case-studies/case-twice.md"},
        {"A case of a lesson only": "case-studies/case-lesson.md"},
        {"An unused case": "case-studies/case-unused.md"},
    ]


def test_one_module_renders_flat_lists_and_its_site_agrees_with_its_data(one_module):
    ws, site_dir = one_module
    cur = ws.load()
    entries = nav_of(site_dir, cur, SMART_1)
    sessions = [page for path, page in entries if page.startswith(S)]
    assert sessions == [cur.pages["sessions"][sid] for sid in cur.sessions]
    assert {path for path, page in entries if page.startswith(S)} == {("Programme", "Sessions")}
    assert [label for label, _ in folded(site_dir, SMART_1) if "Module " in label] == []
    assert site_problems(site_dir, cur) == []
