"""Password hashing in fixtures at its production cost.

Password hashes are slow on purpose (bcrypt's default 12 rounds: ~0.25 s each); a
fixture that hashes a password pays that in every test that uses it. The fix is the
library's test-only cheap setting, or hashing once per run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .model import Finding
from .suite import Suite, walk_python
from .walk import Call, body

# A call that hashes: library functions, and the application's own helpers by name.
HASHING = re.compile(
    r"(?i)^(hashpw|generate_password_hash|make_password|hash_?password|"
    r"get_password_hash|password_?hash|set_password|hash_pw)$"
)
# .hash()/.encrypt() of a passlib context or an argon2 PasswordHasher.
HASHER_METHODS = ("hash", "encrypt")
HASHER_OWNERS = re.compile(r"(?i)(pwd|password|crypt|hasher|context|^ph$)")
LIBRARIES = {
    "bcrypt": (
        "bcrypt",
        (
            "in tests hash with bcrypt.gensalt(rounds=4), the minimum (a conftest"
            " fixture that patches the rounds your code passes to gensalt)"
        ),
    ),
    "passlib": (
        "passlib",
        (
            "in tests make the context cheap: pwd_context.update(bcrypt__rounds=4) (or"
            " argon2__time_cost=1, argon2__memory_cost=8) in a session-scoped autouse"
            " fixture in conftest"
        ),
    ),
    "argon2": (
        "argon2",
        (
            "in tests use argon2.PasswordHasher.from_parameters("
            "argon2.profiles.CHEAPEST) where the application builds its PasswordHasher"
        ),
    ),
    "werkzeug": (
        "werkzeug.security",
        (
            "in tests hash with generate_password_hash(password,"
            ' method="pbkdf2:sha256:1") (one iteration), e.g. through the app\'s config'
        ),
    ),
    "django": (
        "django.contrib.auth",
        (
            "in the test settings: PASSWORD_HASHERS ="
            ' ["django.contrib.auth.hashers.MD5PasswordHasher"]'
        ),
    ),
}
ONCE = (
    "or hash once per run: the hash of a fixed password never changes (a module"
    " constant or a session-scoped fixture)"
)


def hashing_calls(calls: list[Call]) -> Iterator[Call]:
    for call in calls:
        if HASHING.match(call.last):
            yield call
        elif call.last in HASHER_METHODS and "." in call.name:
            owner = call.name.rsplit(".", 2)[-2]
            if HASHER_OWNERS.search(owner) or call.name.startswith(
                ("passlib.", "argon2.")
            ):
                yield call


def libraries_used(root: Path, limit: int = 2000) -> list[str]:
    """Which hashing libraries the project's code imports (a text search)."""
    found: list[str] = []
    for checked, path in enumerate(walk_python(root)):
        if checked >= limit:
            break
        text = path.read_text(encoding="utf-8", errors="replace")
        for key, (module, _) in LIBRARIES.items():
            if key not in found and re.search(
                rf"^\s*(from|import)\s+{re.escape(module)}\b", text, re.MULTILINE
            ):
                found.append(key)
    return found


def fix_text(libraries: list[str]) -> str:
    fixes = [LIBRARIES[name][1] for name in libraries]
    if not fixes:
        fixes = ["lower the work factor in tests (the hashing library's cheap setting)"]
    return "; ".join(fixes) + "; " + ONCE


def findings(suite: Suite) -> Iterator[Finding]:
    libraries: list[str] | None = None
    for fixture in suite.fixtures:
        done = body(fixture.source, fixture.node)
        calls = list(hashing_calls(done.calls))
        if not calls:
            continue
        if libraries is None:
            libraries = libraries_used(suite.root)
        scope = (
            "every test that uses it"
            if fixture.per_test
            else f"every {fixture.scope} that uses it"
        )
        yield Finding(
            "password-hashing",
            fixture.source.rel,
            calls[0].line,
            (
                f"fixture `{fixture.name}` hashes a password ({calls[0].last}) at the"
                f" production cost, for {scope}"
            ),
            fix_text(libraries),
            fixture=fixture.name,
        )
