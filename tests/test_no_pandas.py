"""No pandas on the way to the first frame of a Parquet file or a dataset.

pyarrow imports pandas, when it is installed, on ``pyarrow.array``, ``pyarrow.scalar`` and
``Array.to_numpy``: 1.5 to 2.7 s of CPU at each launch of the viewer, for nothing.  The
loader and the viewer go through :mod:`timeline._arrow_numpy` instead.  Each check runs in
a fresh interpreter (this one has imported pandas long ago).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
columnar = pytest.importorskip("benchmarks.columnar")  # (numpy)

from timeline import Event, Link, Timeline, When  # noqa: E402
from timeline import _arrow_numpy as an  # noqa: E402
from timeline.dataset import write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

_TOUCH = """
import sys
import timeline

tl = timeline.load(sys.argv[1], phased=sys.argv[2] == "phased")
events = tl.events
n = len(events)
assert n > 100, n
firsts = range(20)
ids = events.ids.at(firsts) + [events.ids[n - 1]]
keys = events.keys
spans = [(keys.lowers[p], keys.uppers[p], keys.local_lowers[p]) for p in firsts]
whens = [events.whens[p] for p in firsts] + list(events.whens[n - 5 :])
titles = [events.title(p) for p in firsts]
briefs = [events.brief(p) for p in firsts]
assert events.positions[ids[3]] == 3
if sys.argv[2] != "phased":
    made = [events[p] for p in firsts]
    assert [e.id for e in made] == ids[:20]
print("pandas" in sys.modules)
"""


@pytest.fixture(scope="module")
def parquet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("nopandas") / "events.parquet"
    columnar.write(400, made, block=150)  # (zones, reports, links: three row groups)
    return made


@pytest.fixture(scope="module")
def dataset_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Years 2016-2018 in row groups of two (the null partition too), linked across years."""
    events = [
        Event("long", "Long", When.parse("2016-11-01/2018-02-01")),
        Event("y16", "In 2016", When.parse("2016-03-04")),
        *(Event(f"m{m:02}", f"Month {m}", When.parse(f"2017-{m:02}-10")) for m in range(1, 13)),
        Event("y17", "In 2017", When.parse("2017-06-20"), related=(Link("follows", "y16"),)),
        Event("y18", "In 2018", When.parse("2018-07-08"), related=(Link("follows", "y17"),)),
        Event("deep", "Permian", When.parse("Y-170000002")),  # (no day: the null partition)
    ]
    folder = tmp_path_factory.mktemp("nopandas") / "dataset"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (the Permian has no day)
        write(Timeline("Years", events), folder, rows_per_group=2)
    return folder


_DATASET = """
import datetime as dt
import sys
import timeline
from timeline.dataset import Dataset

def day(text):
    return float((dt.date.fromisoformat(text) - dt.date(1970, 1, 1)).days)

if sys.argv[2] == "whole":
    tl = timeline.load(sys.argv[1])
    assert len(tl) == 17, len(tl)
else:
    dataset = Dataset.open(sys.argv[1])
    window = dataset.reopen().read((day("2017-05-01"), day("2017-07-31")))
    ids = sorted(e.id for e in window.timeline)
    assert ids == ["deep", "long", "m05", "m06", "m07", "y17"], ids
    assert set(window.outside) == {"y17"}, window.outside  # (y16 not read)
    assert window.incoming == {"y17": 1}, window.incoming  # (from y18)
    not_read = window.not_read
    assert not_read.groups and not_read.days, not_read  # (groups left, rows dropped)
    assert sum(not_read.density([day("2016-01-01"), day("2019-01-01")])) == 11
    assert dataset.locate("y16") == (day("2016-03-04"), day("2016-03-04"))
print("pandas" in sys.modules)
"""


@pytest.mark.parametrize("how", ["whole", "window"])
def test_reading_a_dataset_does_not_import_pandas(dataset_folder: Path, how: str) -> None:
    assert _run(_DATASET, str(dataset_folder), how) == "False"


def _run(code: str, *args: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, **env),
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("how", ["whole", "phased"])
def test_loading_a_parquet_file_does_not_import_pandas(parquet_file: Path, how: str) -> None:
    assert _run(_TOUCH, str(parquet_file), how) == "False"


@pytest.mark.parametrize("what", ["file", "dataset"])
def test_the_viewer_paints_a_parquet_file_without_pandas(
    parquet_file: Path, dataset_folder: Path, tmp_path: Path, what: str
) -> None:
    pytest.importorskip("PySide6")
    code = """
    import sys
    from viewer.app import main

    status = main([sys.argv[1], "--exit-after-first-paint"])
    assert status == 0, status
    print("pandas" in sys.modules)
    """
    found = _run(
        code,
        str(parquet_file if what == "file" else dataset_folder),
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        HOME=str(tmp_path),
    )
    assert found == "False"


def test_writing_a_parquet_file_does_not_import_pandas(tmp_path: Path) -> None:
    code = """
    import sys
    import timeline

    timeline.dump(timeline.load(sys.argv[1]), sys.argv[2])
    print("pandas" in sys.modules)
    """
    target = tmp_path / "events.parquet"
    assert _run(code, str(ROOT / "data" / "events.toml"), str(target)) == "False"
    assert target.is_file()


# -- the conversions, against pyarrow's own ----------------------------------------------


def _chunked(values: list[Any], kind: Any, cut: int) -> Any:
    whole = pa.array(values, kind)
    return pa.chunked_array([whole.slice(0, cut), whole.slice(cut)], kind)


def _layouts(values: list[Any], kind: Any, data: st.DataObject) -> list[Any]:
    """``values`` as an array, a slice of it (at any offset) and a chunked array."""
    n = len(values)
    first = data.draw(st.integers(0, n))
    count = data.draw(st.integers(0, n - first))
    cut = data.draw(st.integers(0, n))
    whole = pa.array(values, kind)
    return [whole, whole.slice(first, count), _chunked(values, kind, cut)]


_KINDS = {
    "int64": st.integers(-(2**63), 2**63 - 1),
    "int32": st.integers(-(2**31), 2**31 - 1),
    "uint8": st.integers(0, 255),
    "float64": st.floats(allow_nan=False),
    "bool": st.booleans(),
}


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(sorted(_KINDS)), data=st.data())
def test_to_numpy_is_pyarrows(kind: str, data: st.DataObject) -> None:
    values = data.draw(st.lists(_KINDS[kind], max_size=40))
    arrow_kind = pa.bool_() if kind == "bool" else getattr(pa, kind)()
    for array in _layouts(values, arrow_kind, data):
        expected = array.to_numpy(zero_copy_only=False)
        found = an.to_numpy(pa, array)
        assert found.dtype == expected.dtype
        assert found.tolist() == expected.tolist()


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.booleans()), max_size=40), data=st.data())
def test_validity_and_trues_are_pyarrows(values: list[bool | None], data: st.DataObject) -> None:
    for array in _layouts(values, pa.bool_(), data):
        assert an.validity(array).tolist() == pa.compute.is_valid(array).to_pylist()
        assert an.trues(pa, array).tolist() == [v is True for v in array.to_pylist()]


def test_validity_of_a_column_of_nulls_and_of_one_without() -> None:
    assert an.validity(pa.array([None, None], pa.null())).tolist() == [False, False]
    assert an.validity(pa.array(["a", "b"])).tolist() == [True, True]


def test_to_numpy_refuses_nulls() -> None:
    with pytest.raises(ValueError, match="nulls"):
        an.to_numpy(pa, pa.array([1, None, 3]))


def test_arrays_made_from_numpy_are_pyarrows() -> None:
    numbers = np.array([3, -1, 2**40, 0], np.int64)
    assert an.int64s(pa, numbers).equals(pa.array(numbers, pa.int64()))
    assert an.int64s(pa, [1, 2]).equals(pa.array([1, 2], pa.int64()))
    stamp = pa.timestamp("s", tz="Europe/Paris")
    assert an.from_numpy(pa, numbers, stamp).equals(pa.array(numbers, pa.int64()).cast(stamp))
    flags = [True, False, True] * 5
    assert an.from_numpy(pa, flags, pa.bool_()).equals(pa.array(flags, pa.bool_()))
    floats = np.array([0.5, -2.0], np.float64)
    assert an.from_numpy(pa, floats, pa.float64()).equals(pa.array(floats))


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.one_of(st.none(), st.text()), max_size=20))
def test_strings_are_pyarrows(texts: list[str | None]) -> None:
    assume(all(t is None or _encodable(t) for t in texts))
    assert an.strings(pa, texts).equals(pa.array(texts, pa.string()))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def test_scalars_are_pyarrows() -> None:
    assert an.scalar(pa, "été", pa.string()).equals(pa.scalar("été", pa.string()))
    assert an.scalar(pa, 0, pa.int32()).equals(pa.scalar(0, pa.int32()))
    assert an.scalar(pa, False, pa.bool_()).equals(pa.scalar(False, pa.bool_()))


def test_combined_is_combine_chunks() -> None:
    kind = pa.list_(pa.struct([("a", pa.string())]))
    assert an.combined(pa, pa.chunked_array([], kind)).equals(pa.array([], kind))
    parts = pa.chunked_array([pa.array([1, 2]), pa.array([3])])
    assert an.combined(pa, parts).equals(pa.array([1, 2, 3]))
    single = pa.array([4])
    assert an.combined(pa, single) is single


_TEXT = st.text().filter(_encodable)
_PLACE = st.fixed_dictionaries(
    {"name": st.one_of(st.none(), _TEXT)},
    optional={"lat": st.one_of(st.none(), st.floats(allow_nan=False))},
)
_FIGURE = st.fixed_dictionaries(
    {
        "name": _TEXT,
        "integer": st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1)),
        "number": st.one_of(st.none(), st.floats(allow_nan=False)),
    }
)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_arrays_made_from_python_are_pyarrows(data: st.DataObject) -> None:
    cases: list[tuple[Any, Any]] = [
        (pa.string(), st.one_of(st.none(), _TEXT)),
        (pa.bool_(), st.one_of(st.none(), st.booleans())),
        (pa.int32(), st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1))),
        (pa.int64(), st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))),
        (pa.list_(pa.string()), st.one_of(st.none(), st.lists(_TEXT).map(tuple))),
        (
            pa.list_(pa.struct([("name", pa.string()), ("lat", pa.float64())])),
            st.one_of(st.none(), st.lists(_PLACE)),
        ),
        (
            pa.list_(
                pa.struct(
                    [("name", pa.string()), ("integer", pa.int64()), ("number", pa.float64())]
                )
            ),
            st.one_of(st.none(), st.lists(_FIGURE, max_size=3)),
        ),
    ]
    kind, values = data.draw(st.sampled_from(cases))
    drawn = data.draw(st.lists(values, max_size=12))
    made = an.from_python(pa, drawn, kind)
    made.validate(full=True)
    assert made.equals(pa.array(drawn, kind))


_LINK = st.one_of(
    st.none(),
    st.fixed_dictionaries({"kind": st.sampled_from(["follows", "see"]), "event": _TEXT}),
)
_LINK_KINDS = [
    pa.list_(pa.struct([("kind", pa.string()), ("event", pa.string())])),
    pa.large_list(pa.struct([("kind", pa.large_string()), ("event", pa.large_string())])),
    pa.list_(pa.struct([("kind", pa.dictionary(pa.int32(), pa.string())), ("event", pa.string())])),
    pa.large_list(pa.int64()),
]


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_kept_items_are_pyarrows_of_the_items_kept(data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(_LINK_KINDS))
    item = st.one_of(st.none(), st.integers(-5, 5)) if kind.value_type == pa.int64() else _LINK
    lists = data.draw(st.lists(st.one_of(st.none(), st.lists(item, max_size=4)), max_size=10))
    for array in _layouts(lists, kind, data):
        given = array.to_pylist()
        items = sum(len(v) for v in given if v is not None)
        keep = data.draw(st.lists(st.booleans(), min_size=items, max_size=items))
        flags = iter(keep)
        expected = [None if v is None else [x for x in v if next(flags)] for v in given]
        made = an.kept_items(pa, array, keep)
        made.validate()  # (in full only where pyarrow's own is: a null struct's dictionary
        if _valid(array):  # field may index an empty dictionary)
            made.validate(full=True)
        assert made.type == kind
        assert made.to_pylist() == expected
        if "dictionary" not in str(kind):  # (a dictionary is kept whole, not remade)
            assert made.equals(pa.array(expected, kind))


def _valid(array: Any) -> bool:
    try:
        array.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def test_kept_items_wants_a_flag_for_each_item() -> None:
    with pytest.raises(ValueError, match="2 flags for 3 items"):
        an.kept_items(pa, pa.array([[1, 2], None, [3]]), [True, False])
