"""The JSON schema (timeline/timeline.schema.json) agrees with the loader."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli
from hypothesis import HealthCheck, given, settings

import timeline
from tests.strategies import timelines
from timeline import Timeline, dumps
from timeline.resources import REPOSITORY, SCHEMA_URL
from timeline.toml_io import KEYS, SCHEMA_COMMENT

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parent.parent


def _schema() -> dict[str, Any]:
    text = resources.files("timeline").joinpath("timeline.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


SCHEMA = _schema()
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def _read(path: Path) -> dict[str, Any]:
    return tomli.loads(path.read_bytes().decode("utf-8").removeprefix("\ufeff"))


def test_schema_is_valid_draft_07() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(SCHEMA)


DATA_SCHEMA_COMMENT = "#:schema ../timeline/timeline.schema.json"


def test_the_bundled_data_names_the_schema_next_to_the_package() -> None:
    # data/events.toml points at the schema by a path relative to data/: it works offline
    assert (ROOT / "data" / DATA_SCHEMA_COMMENT.split()[-1]).resolve() == (
        ROOT / "timeline" / "timeline.schema.json"
    )


def test_dumps_names_the_schema_by_a_url_at_the_repository() -> None:
    # a file saved anywhere finds it; the URL is the repository's copy of this very file
    assert f"#:schema {SCHEMA_URL}" == SCHEMA_COMMENT
    owner_repo = REPOSITORY.removeprefix("https://github.com/")
    prefix = f"https://raw.githubusercontent.com/{owner_repo}/main/"
    assert SCHEMA_URL.startswith(prefix)
    assert (ROOT / SCHEMA_URL.removeprefix(prefix)).resolve() == (
        ROOT / "timeline" / "timeline.schema.json"
    )
    assert timeline.dumps(timeline.loads('title = "t"')).startswith(SCHEMA_COMMENT + "\n")


def _tables() -> dict[str, dict[str, Any]]:
    """Each object of the schema, named as in ``KEYS``."""
    definitions = SCHEMA["definitions"]
    return {
        "": SCHEMA,
        "sources": definitions["source"],
        "eras": definitions["era"],
        "events": definitions["event"],
        "events.places": definitions["place"],
        "events.people": definitions["person"],
        "events.sources": definitions["citation"],
        "events.related": definitions["link"],
    }


def test_schema_keys_equal_loader_keys() -> None:
    tables = _tables()
    assert set(tables) == set(KEYS)
    for name, table in tables.items():
        assert set(table["properties"]) == set(KEYS[name]), name
        assert table["additionalProperties"] is False, name


def test_every_key_has_a_description() -> None:
    for name, table in _tables().items():
        assert table.get("description"), name
        for key, spec in table["properties"].items():
            assert spec.get("description"), f"{name}.{key}"


@pytest.mark.parametrize("path", sorted((DATA / "good").glob("*.toml")), ids=lambda p: p.name)
def test_good_files_pass(path: Path) -> None:
    VALIDATOR.validate(_read(path))


def test_project_data_passes() -> None:
    path = ROOT / "data" / "events.toml"
    if not path.exists():
        pytest.skip("data/events.toml is not written yet")
    assert path.read_text("utf-8").startswith(DATA_SCHEMA_COMMENT + "\n")
    VALIDATOR.validate(_read(path))


# Bad files whose problem the schema can see (not: dates, duplicates, references).
SCHEMA_SEES = [
    "unknown-key.toml",
    "when-integer.toml",
    "when-toml-date.toml",
    "tags-string.toml",
    "bad-status.toml",
    "bad-id.toml",
    "places.toml",
    "figures.toml",
    "bad-url.toml",
    "wrong-shapes.toml",
    "many-problems.toml",
    "eras.toml",
    "reported-tz.toml",
    "empty.toml",
]


@pytest.mark.parametrize("name", SCHEMA_SEES)
def test_bad_files_fail(name: str) -> None:
    assert not VALIDATOR.is_valid(_read(DATA / "bad" / name))


def test_a_misspelt_key_is_named() -> None:
    data = {"title": "t", "events": [{"id": "a", "titel": "A", "when": "2017"}]}
    messages = [e.message for e in VALIDATOR.iter_errors(data)]
    assert any("'titel' was unexpected" in m for m in messages)
    assert any("'title' is a required property" in m for m in messages)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timelines())
def test_whatever_dumps_writes_passes(tl: Timeline) -> None:
    VALIDATOR.validate(tomli.loads(dumps(tl)))
