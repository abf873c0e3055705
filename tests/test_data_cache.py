"""The validated data kept between builds (macros/data_cache.py) and the records it holds
(macros/records.py): the same curriculum as a validation, never a stale or an invalid one."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap

import pytest
from conftest import REPO, Workspace

from macros import data_cache, models
from macros.errors import DataError
from macros.loader import freeze, load
from macros.records import METHODS, Record, record

SESSION = "data/sessions/2020-12-01-cluster-strategy-1.yml"
TITLE = "title: Cluster strategy and Cluster vision and action plan (Part 1)"


def fields(cur) -> dict:
    return {k: v for k, v in vars(cur).items() if k not in ("root", "sources")}


def test_a_cached_load_gives_the_same_curriculum_as_a_validation(workspace: Workspace):
    validated = load(workspace.root)
    first = load(workspace.root, cache=True)  # validates and keeps it
    assert (workspace.root / data_cache.CACHE_FILE).is_file()
    second = load(workspace.root, cache=True)  # read back
    assert fields(first) == fields(validated)
    assert fields(second) == fields(validated)
    for kind in ("sessions", "modules", "lessons", "case_studies", "organisations"):
        for item_id, item in getattr(second, kind).items():
            assert type(item).__name__ == type(getattr(validated, kind)[item_id]).__name__
    sid = "2020-12-01-cluster-strategy-1"
    assert second.sources[("sessions", sid)].line("agenda", 1, "start") == validated.sources[
        ("sessions", sid)
    ].line("agenda", 1, "start")


def test_reading_the_kept_data_does_not_import_pydantic(workspace: Workspace):
    code = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from macros.loader import load
        cur = load({str(workspace.root)!r}, cache=True)
        print(len(cur.sessions), "pydantic" in sys.modules)
        """
    )

    def run() -> str:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    sessions = str(len(load(workspace.root).sessions))
    assert run() == [sessions, "True"]  # no cache yet: validated
    assert run() == [sessions, "False"]  # the kept curriculum, read back


def test_an_edited_data_file_is_validated_again(workspace: Workspace):
    load(workspace.root, cache=True)
    workspace.replace(SESSION, TITLE, "title: An edited title")
    sid = "2020-12-01-cluster-strategy-1"
    assert load(workspace.root, cache=True).sessions[sid].title == "An edited title"


def test_invalid_data_is_reported_and_never_kept(workspace: Workspace):
    load(workspace.root, cache=True)
    kept = (workspace.root / data_cache.CACHE_FILE).read_bytes()
    good = workspace.read(SESSION)
    workspace.replace(SESSION, "\nstart: 9:30", "\nstart: 9.30")
    for _ in range(2):  # the second time too: the error is not cached away
        with pytest.raises(DataError) as err:
            load(workspace.root, cache=True)
        assert "'9.30' is read as a number, not a clock time" in str(err.value)
    assert (workspace.root / data_cache.CACHE_FILE).read_bytes() == kept
    workspace.write(SESSION, good)
    assert load(workspace.root, cache=True).sessions  # the kept data is valid again


def test_a_page_problem_is_found_with_the_kept_data(workspace: Workspace):
    """Pages are checked on every build, also when the data comes from the cache."""
    load(workspace.root, cache=True)
    page = "docs/case-studies/ict-cluster.md"
    workspace.replace(page, "case_study: ict-cluster", "case_study: ict-clustr")
    with pytest.raises(DataError) as err:
        load(workspace.root, cache=True)
    assert "did you mean 'ict-cluster'?" in str(err.value)


@pytest.mark.parametrize(
    "content", [b"", b"not a pickle", pickle.dumps("key"), pickle.dumps(("key", None))]
)
def test_an_unreadable_or_foreign_cache_costs_a_validation(workspace: Workspace, content):
    path = workspace.root / data_cache.CACHE_FILE
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert load(workspace.root, cache=True).sessions
    assert data_cache.stored_key(workspace.root) == data_cache.key(workspace.root)  # rewritten


def test_the_key_covers_every_data_file_and_the_code(workspace: Workspace, monkeypatch):
    before = data_cache.key(workspace.root)
    workspace.write("data/sessions/notes.txt", "x")  # not a .yml: an error the build reports
    assert data_cache.key(workspace.root) != before
    (workspace.root / "data/sessions/notes.txt").unlink()
    assert data_cache.key(workspace.root) == before
    monkeypatch.setattr(data_cache, "code_fingerprint", lambda *names: b"other code")
    assert data_cache.key(workspace.root) != before


def test_records_are_read_only_and_pickle_by_name(curriculum):
    session = curriculum.sessions["2020-12-01-cluster-strategy-1"]
    assert isinstance(session, Record)
    with pytest.raises(AttributeError):
        session.title = "changed"
    again = pickle.loads(pickle.dumps(session))
    assert again == session and type(again) is type(session)
    assert session.replace(title="x").title == "x" and session.title != "x"
    with pytest.raises(TypeError):
        session.replace(no_such_field=1)


def test_every_methods_class_belongs_to_the_model_of_its_name():
    for name, methods in METHODS.items():
        model = getattr(models, name)
        assert issubclass(model, methods), f"models.{name} does not inherit {methods.__name__}"


def test_a_record_has_the_fields_and_methods_of_its_model(curriculum):
    raw = load(REPO)  # records
    session = raw.sessions["2020-12-01-cluster-strategy-1"]
    model = models.Session.model_validate(
        {
            **{k: getattr(session, k) for k in models.Session.model_fields if k != "agenda"},
            "agenda": [vars(item) for item in session.agenda],
        }
    )
    rec = freeze(model)
    assert rec == session
    assert list(vars(rec)) == list(models.Session.model_fields)
    assert rec.heading == model.heading and rec.hours == model.hours
    assert [rec.item_end(i) for i in range(len(rec.agenda))] == [
        model.item_end(i) for i in range(len(model.agenda))
    ]
    assert [i.label for i in rec.agenda] == [i.label for i in model.agenda]
    assert str(record("Duration", {"minutes": 10, "approximate": True})) == "circa 10 min"


# ------------------------------------------------------------------- validation ahead


def test_prefetch_validates_stale_data_in_a_child_and_keeps_it(workspace: Workspace):
    from macros.loader import prefetch

    waiter = prefetch(workspace.root)
    assert waiter is not None  # nothing kept yet
    waiter()
    assert data_cache.stored_key(workspace.root) == data_cache.key(workspace.root)
    assert prefetch(workspace.root) is None  # current: nothing to do
    assert fields(load(workspace.root, cache=True)) == fields(load(workspace.root))


def test_prefetch_keeps_nothing_when_the_data_has_an_error(workspace: Workspace):
    from macros.loader import prefetch

    workspace.replace(SESSION, "\nstart: 9:30", "\nstart: 9.30")
    prefetch(workspace.root)()
    assert not (workspace.root / data_cache.CACHE_FILE).exists()
    with pytest.raises(DataError, match=r"'9\.30' is read as a number"):
        load(workspace.root, cache=True)  # validated in the build, which reports it


def test_prefetch_is_off_without_background_work(workspace: Workspace, monkeypatch):
    from macros.loader import prefetch

    monkeypatch.setenv("BUILD_BACKGROUND", "0")
    assert prefetch(workspace.root) is None


def test_a_build_without_the_curriculum_hook_says_what_is_missing(workspace: Workspace):
    workspace.replace("mkdocs.yml", "  - hooks/curriculum.py\n", "")
    result = workspace.build()
    assert result.code != 0
    assert "'hooks/curriculum.py' must be listed under 'hooks:'" in result.output, result
