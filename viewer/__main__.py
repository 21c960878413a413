"""``python -m viewer [FILE]``: run the desktop viewer."""

from viewer.app import main

raise SystemExit(main())
