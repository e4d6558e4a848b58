"""``python -m paper_catalog``: the ``paper-catalog`` command."""

from .cli import main

raise SystemExit(main())
