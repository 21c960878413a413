"""The pure viewport: time <-> pixels, zoom, pan, fit and the limits."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from timeline.models import Event, Timeline
from timeline.when import When
from viewer.viewport import MAX_SPAN, MIN_SPAN, T_MAX, T_MIN, EventBounds, Viewport

DAY = 86400.0
Y2017 = When.parse("2017").lower


def test_x_for_and_time_at_are_inverse() -> None:
    v = Viewport(Y2017, Y2017 + 100 * DAY, 1000)
    assert v.seconds_per_px == pytest.approx(100 * DAY / 1000)
    assert v.x_for(Y2017) == 0
    assert v.x_for(Y2017 + 50 * DAY) == pytest.approx(500)
    assert v.time_at(250) == pytest.approx(Y2017 + 25 * DAY)


def test_zoom_in_halves_the_span_around_the_anchor() -> None:
    v = Viewport(Y2017, Y2017 + 100 * DAY, 1000)
    z = v.zoomed(2.0, around_x=200)
    assert z.span == pytest.approx(50 * DAY)
    assert z.time_at(200) == pytest.approx(v.time_at(200))


def test_zoom_defaults_to_the_centre() -> None:
    v = Viewport(Y2017, Y2017 + 100 * DAY, 1000)
    assert v.zoomed(4.0).time_at(500) == pytest.approx(v.time_at(500))


def test_minimum_span_is_one_minute() -> None:
    v = Viewport(Y2017, Y2017 + 3600, 800).zoomed(1e9, around_x=100)
    assert v.span == pytest.approx(MIN_SPAN)


def test_maximum_span_and_year_bounds() -> None:
    v = Viewport(Y2017, Y2017 + DAY, 800).zoomed(1e-20)
    assert v.span == pytest.approx(MAX_SPAN)
    assert v.start >= T_MIN
    assert v.end <= T_MAX
    far = Viewport(T_MIN - 100 * DAY, T_MIN, 800)
    assert far.start == T_MIN
    late = Viewport(T_MAX, T_MAX + 10 * DAY, 800).panned(1e6)
    assert late.end == T_MAX
    assert late.span == pytest.approx(10 * DAY)


def test_non_finite_input_is_replaced() -> None:
    v = Viewport(-math.inf, math.inf, 100)
    assert math.isfinite(v.start)
    assert math.isfinite(v.end)


def test_reversed_bounds_are_swapped_and_width_at_least_one() -> None:
    v = Viewport(Y2017 + DAY, Y2017, 0)
    assert (v.start, v.end, v.width_px) == (Y2017, Y2017 + DAY, 1)


def test_fitted_adds_margins() -> None:
    v = Viewport(0, 1, 100).fitted(Y2017, Y2017 + 10 * DAY, margin=0.1)
    assert v.start == pytest.approx(Y2017 - DAY)
    assert v.end == pytest.approx(Y2017 + 11 * DAY)
    assert Viewport(0, DAY, 100).fitted(-math.inf, 5.0) == Viewport(0, DAY, 100)


def test_with_width_keeps_start_and_scale() -> None:
    v = Viewport(Y2017, Y2017 + 100 * DAY, 1000)
    w = v.with_width(500)
    assert w.start == v.start
    assert w.seconds_per_px == pytest.approx(v.seconds_per_px)
    assert w.width_px == 500


def test_centered_on() -> None:
    v = Viewport(Y2017, Y2017 + 10 * DAY, 100).centered_on(Y2017 + 100 * DAY)
    assert v.time_at(50) == pytest.approx(Y2017 + 100 * DAY)
    assert v.contains(Y2017 + 100 * DAY)


# Views well inside the limits, so no limit interferes.
starts = st.floats(min_value=-3e10, max_value=3e10)
spans = st.floats(min_value=3600.0, max_value=500 * 365 * DAY)
widths = st.integers(min_value=50, max_value=4000)


@given(starts, spans, widths, st.floats(0.0, 1.0), st.floats(0.2, 5.0))
def test_zoom_keeps_the_time_under_the_anchor(
    start: float, span: float, width: int, frac: float, factor: float
) -> None:
    v = Viewport(start, start + span, width)
    x = frac * width
    assume(MIN_SPAN <= span / factor <= MAX_SPAN)
    pivot = v.time_at(x)
    assume(pivot - frac * span / factor >= T_MIN and pivot + span / factor <= T_MAX)
    z = v.zoomed(factor, around_x=x)
    assert z.time_at(x) == pytest.approx(v.time_at(x), abs=max(1e-3, span * 1e-9))
    assert z.span == pytest.approx(span / factor, rel=1e-9, abs=1e-3)


@given(starts, spans, widths, st.floats(-5000.0, 5000.0))
def test_pan_then_pan_back_is_identity(start: float, span: float, width: int, dx: float) -> None:
    v = Viewport(start, start + span, width)
    shift = dx * v.seconds_per_px
    assume(v.start + shift >= T_MIN and v.end + shift <= T_MAX)
    back = v.panned(dx).panned(-dx)
    assert back.start == pytest.approx(v.start, abs=max(1e-3, span * 1e-9))
    assert back.end == pytest.approx(v.end, abs=max(1e-3, span * 1e-9))
    assert back.width_px == v.width_px


@given(st.floats(-1e12, 1e12), st.floats(0.0, 1e12), widths, st.floats(1e-6, 1e6))
def test_limits_always_hold(start: float, span: float, width: int, factor: float) -> None:
    v = Viewport(start, start + span, width).zoomed(factor, around_x=width / 3)
    assert MIN_SPAN * (1 - 1e-9) <= v.span <= MAX_SPAN * (1 + 1e-9)
    assert T_MIN <= v.start < v.end <= T_MAX


def test_event_bounds_count_fit_and_are_shared() -> None:
    tl = Timeline(
        "T",
        [
            Event("open-start", "Open start", When.parse("../2017-01-10")),
            Event("a", "A", When.parse("2017-02-01")),
            Event("b", "B", When.parse("2017-02-01/2017-03-31")),
            Event("ongoing", "Ongoing", When.parse("2017-06-01/..")),
        ],
    )
    bounds = EventBounds.of(tl)
    assert EventBounds.of(tl) is bounds  # one pass, shared by the canvas and the overview
    assert list(bounds.lowers) == sorted(bounds.lowers)
    assert bounds.lo == When.parse("2017-01-10").upper  # the first finite bound
    assert bounds.hi == When.parse("2017-06-01").lower  # the last finite bound
    feb = When.parse("2017-02")
    assert bounds.count(feb.lower, feb.upper) == 2
    assert bounds.count(-math.inf, math.inf) == 4
    assert bounds.count(When.parse("2017-05").lower, When.parse("2017-05").upper) == 0
