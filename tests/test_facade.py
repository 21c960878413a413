"""The public API is what ``timeline`` exports, each name documented."""

from __future__ import annotations

import inspect

import pytest

import timeline


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in timeline.__all__:
        value = getattr(timeline, name)
        assert inspect.getdoc(value), f"timeline.{name} has no docstring"


def test_lazy_exports_are_the_real_functions() -> None:
    from timeline.ical import from_ics, to_ics, write_ics

    assert timeline.to_ics is to_ics
    assert timeline.write_ics is write_ics
    assert timeline.from_ics is from_ics


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        getattr(timeline, "no_such_name")  # noqa: B009
