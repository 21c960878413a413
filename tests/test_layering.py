"""The library never imports Qt or the viewer (import-linter checks the code;
this checks what actually gets imported at run time)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

_PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import timeline
    names = ["timeline"]
    for info in pkgutil.walk_packages(timeline.__path__, "timeline."):
        importlib.import_module(info.name)
        names.append(info.name)
    loaded = sorted(
        name for name in sys.modules
        if name.split(".")[0] in ("PySide6", "shiboken6", "viewer")
    )
    print(json.dumps({"imported": names, "forbidden": loaded}))
    """
)


def test_library_imports_neither_qt_nor_the_viewer() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {"timeline", "timeline.cli", "timeline.when", "timeline.models"} <= set(
        report["imported"]
    )
    assert report["forbidden"] == []
