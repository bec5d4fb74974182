"""``python -m pytest_tuneup.doctor``: see ``cli``."""

from __future__ import annotations

import sys

try:
    import libcst  # noqa: F401  (the suite is read with it)
except ImportError:
    print(
        "pytest-tuneup's doctor reads the suite with libcst, which this environment"
        " lacks: run `make tuneup-deps`",
        file=sys.stderr,
    )
    sys.exit(2)

from .cli import main

sys.exit(main())
