"""``python -m pytest_tuneup.bench``: see ``cli``."""

from __future__ import annotations

import sys

try:
    import psutil  # noqa: F401  (measure.py samples the process tree with it)
except ImportError:
    print(
        "pytest-tuneup's benchmark needs psutil in the project's environment:"
        " run `make tuneup-deps`",
        file=sys.stderr,
    )
    sys.exit(2)

from .cli import main

sys.exit(main())
