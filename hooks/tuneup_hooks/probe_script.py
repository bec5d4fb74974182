"""Run BY THE PROJECT'S INTERPRETER, not imported: what that Python is and what it has.

``python -I probe_script.py`` prints one JSON object. It must run on every Python the
project may use (3.9 on), with the standard library only, and read nothing but the
installed distributions' metadata: no import of the project or its packages.
"""

import json
import re
import sys
from importlib import metadata

# "pytest<9,>=8.2", "pytest (>=7.0.0,<9)", "pytest>=8; python_version >= '3.9'";
# not pytest-xdist, and not an optional extra ("pytest; extra == 'testing'").
PYTEST_REQUIREMENT = re.compile(r"^\s*pytest\s*(?![\w.-])\(?([^;)]*)\)?\s*(?:;(.*))?$", re.IGNORECASE)


def normalize(name):  # type: (str) -> str
    return re.sub(r"[-_.]+", "-", name).lower()


def main():  # type: () -> None
    distributions = {}
    requires_pytest = {}
    plugins = []
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if not name:
            continue
        key = normalize(name)
        if key in distributions:
            continue  # the first one on sys.path is the one imports find
        distributions[key] = dist.version
        for line in dist.requires or ():
            match = PYTEST_REQUIREMENT.match(line)
            if match and "extra" not in (match.group(2) or "") and match.group(1).strip():
                requires_pytest[key] = match.group(1).strip()
        if any(entry.group == "pytest11" for entry in dist.entry_points):
            plugins.append(key)
    json.dump(
        {
            "version": list(sys.version_info[:3]),
            "executable": sys.executable,
            "virtual": sys.prefix != getattr(sys, "base_prefix", sys.prefix),
            "distributions": distributions,
            "requires_pytest": requires_pytest,
            "plugins": sorted(plugins),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
