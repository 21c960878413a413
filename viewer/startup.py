"""What the viewer checks before it starts Qt (no Qt here: this runs when Qt is missing).

Two things stop the viewer before a window can open, and Qt's own reports of
them are poor: without PySide6 the import fails with a traceback, and without a
display, or without the X11 libraries of Qt's ``xcb`` platform plugin, Qt
aborts the process with a message that names ``xcb-cursor0`` even when that
library is installed and another one is missing.  Each function here returns
one line that says what is wrong and what to do, or ``None``.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping
from typing import Final

from timeline.resources import VIEWER_MISSING

__all__ = ["XCB_LIBRARIES", "display_problem", "library_loads", "missing_qt", "x_server_answers"]

_PROG: Final = "timeline-viewer"

XCB_LIBRARIES: Final = {
    # the shared libraries Qt's xcb platform plugin loads, and their Debian/Ubuntu packages
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def missing_qt(error: ImportError) -> str:
    """The line to print when importing Qt failed with ``error``."""
    name = error.name or ""
    if isinstance(error, ModuleNotFoundError) and name.split(".")[0] in ("PySide6", "shiboken6"):
        return f"{_PROG}: {VIEWER_MISSING}"
    # PySide6 is there but a system library it links against is not (libEGL, libGL, ...):
    # the loader's message names it
    return f"{_PROG}: Qt cannot be loaded: {error}"


def library_loads(soname: str) -> bool:
    """True when the dynamic loader finds and loads the shared library ``soname``."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def x_server_answers(display: str) -> bool:
    """True when libxcb connects to the X server of ``display`` (as Qt's xcb platform will)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:  # never NULL: a failed connection is a static error object
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)


def display_problem(
    env: Mapping[str, str],
    *,
    platform: str = sys.platform,
    loads: Callable[[str], bool] = library_loads,
    connects: Callable[[str], bool] = x_server_answers,
) -> str | None:
    """Why Qt cannot open a window here, or ``None`` when it should be able to.

    Only Linux is checked, and only the platforms Qt picks by itself there:
    an explicit ``QT_QPA_PLATFORM`` other than ``xcb`` (offscreen, vnc,
    wayland, ...) is taken as the user's choice.
    """
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if chosen and chosen != "xcb":
        return None
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None  # Qt prefers Wayland there
    if not env.get("DISPLAY"):
        return (
            f"{_PROG}: no display (DISPLAY is not set): run it on a desktop, or on a "
            "virtual screen with `xvfb-run timeline-viewer` (apt-get install xvfb)"
        )
    missing = [soname for soname in XCB_LIBRARIES if not loads(soname)]
    if missing:
        packages = " ".join(XCB_LIBRARIES[soname] for soname in missing)
        return (
            f"{_PROG}: Qt's X11 (xcb) platform needs {', '.join(missing)}, not found: "
            f"on Debian/Ubuntu, apt-get install {packages}"
        )
    display = env["DISPLAY"]
    if not connects(display):
        return (
            f"{_PROG}: cannot connect to the X server of DISPLAY={display} (none runs there, "
            "or it refuses this user): start one, or use `xvfb-run timeline-viewer`"
        )
    return None
