"""The README's examples run and print what the README says they print."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    # and the docs' whole examples (those that begin at the import; others are fragments)
    docs = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    whole = re.findall(r"```python\n(import timeline\n.*?)```", docs, flags=re.DOTALL)
    editing = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    whole += re.findall(r"```python\n(.*?)```", editing, flags=re.DOTALL)
    return blocks + whole


def test_readme_has_a_quick_start_with_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", quick, flags=re.DOTALL)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert [c for c in commands if c] == ["uv run timeline-viewer", "uv run pytest"]


@pytest.mark.parametrize("block", _python_blocks())
def test_readme_python_example_runs(
    block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = block.replace("/tmp/", f"{tmp_path}/")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    # every '# comment' after a print(...) is the output that print gives
    expected = [
        m.group(1).strip()
        for line in code.splitlines()
        if (m := re.match(r"\s*print\(.*\)\s+#\s*(.*)$", line))
    ]
    for line in expected:
        assert line in printed, f"README says {line!r}; the example printed {printed}"
