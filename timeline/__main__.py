"""``python -m timeline``: the same as the ``timeline`` command."""

from __future__ import annotations

from timeline.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
