"""``python -m pytest_tuneup.tune``: see ``cli``."""

from __future__ import annotations

import sys

try:
    import psutil  # noqa: F401  (the benchmark's measurement samples the process tree)
except ImportError:
    print(
        "pytest-tuneup's make tune needs psutil in the project's environment:"
        " run `make tuneup-deps`",
        file=sys.stderr,
    )
    sys.exit(2)

from .cli import main

sys.exit(main())
