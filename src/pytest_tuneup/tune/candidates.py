"""What make tune measures: the candidates that apply to this project.

Each candidate is today's command plus some pytest options (and environment). Which
apply depends on the project: pytest-xdist installed, the cores, the plugins the
configuration needs (``required_plugins``, its ``-p`` list, and pytest-xdist and
pytest-cov, which make's targets use), the installed plugins, the Python (coverage's
``sysmon`` core exists from 3.12) and the coverage options make's targets pass.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata

# Plugins the benchmark's runs already switch off (bench.suite.QUIET): not candidates.
QUIET_PLUGINS = frozenset({"randomly", "random_order", "cacheprovider"})
# pytest-xdist and pytest-cov: make test-parallel and make test-cov load them.
KEPT = ("pytest-xdist", "pytest-cov")
# --disable-plugin-autoload exists from pytest 8.4 (before: only the environment
# variable, which a configuration file cannot set).
AUTOLOAD_FLAG_SINCE = (8, 4)
DIST_MODES = ("loadscope", "worksteal")


@dataclass(frozen=True)
class Candidate:
    label: str
    words: tuple[str, ...] = ()  # pytest options after today's command
    env: tuple[tuple[str, str], ...] = ()
    coverage: tuple[str, ...] = ()  # coverage options: this run measures coverage


@dataclass(frozen=True)
class Plugin:
    name: str  # the entry point's name: -p no:<name>
    module: str  # the module the entry point names
    dist: str  # the distribution that installs it


@dataclass
class Project:
    cores: int
    python: tuple[int, int]
    pytest: tuple[int, ...]
    addopts: list[str]
    required: list[str]  # required_plugins, requirement strings
    plugins: list[Plugin] = field(default_factory=list)  # installed pytest11
    coverage: tuple[str, ...] = ()  # the --cov options of make's targets

    @property
    def xdist(self) -> bool:
        return any(plugin.dist == "pytest-xdist" for plugin in self.plugins)

    @property
    def pytest_cov(self) -> bool:
        return any(plugin.dist == "pytest-cov" for plugin in self.plugins)


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    return normalized(re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0])


def installed_plugins() -> list[Plugin]:
    """The pytest11 entry points of this environment, with their distributions."""
    found: dict[str, Plugin] = {}
    for dist in metadata.distributions():
        name = normalized(dist.metadata["Name"] or "")
        for entry in dist.entry_points:
            if entry.group == "pytest11":
                module = entry.value.split(":")[0].strip()
                found.setdefault(entry.name, Plugin(entry.name, module, name))
    return sorted(found.values(), key=lambda plugin: plugin.name)


def pytest_version() -> tuple[int, ...]:
    text = metadata.version("pytest")
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def this_python() -> tuple[int, int]:
    return sys.version_info[0], sys.version_info[1]


def worker_counts(cores: int) -> list[int]:
    """-n N for N up to twice the cores: powers of two, and the core count."""
    counts = {cores}
    n = 2
    while n <= 2 * cores:
        counts.add(n)
        n *= 2
    return sorted(count for count in counts if 2 <= count <= 2 * max(cores, 1))


def workers_in(words: Iterable[str]) -> str | None:
    """The -n / --numprocesses value in ``words`` (the last one counts)."""
    found = None
    listed = list(words)
    for index, word in enumerate(listed):
        if word in ("-n", "--numprocesses") and index + 1 < len(listed):
            found = listed[index + 1]
        elif word.startswith("--numprocesses="):
            found = word.split("=", 1)[1]
        elif word.startswith("-n") and len(word) > 2:
            found = word[2:]
    return found


def distributed(words: Iterable[str]) -> bool:
    return workers_in(words) not in (None, "0")


def xdist_stage(project: Project) -> list[Candidate]:
    if not project.xdist:
        return []
    made = []
    if distributed(project.addopts):
        made.append(Candidate("xdist off (-n 0)", ("-n", "0")))
    for count in worker_counts(project.cores):
        made.append(Candidate(f"-n {count}", ("-n", str(count))))
    return made


def dist_stage(
    best: Candidate, project: Project, costly: Sequence[str]
) -> list[Candidate]:
    """--dist modes beside xdist's default (load), when the best so far distributes."""
    if not distributed([*project.addopts, *best.words]):
        return []
    modes = list(DIST_MODES)
    if costly:  # shared fixtures that cost: tests marked xdist_group stay together
        modes.append("loadgroup")
    return [
        Candidate(f"{best.label} --dist {mode}", (*best.words, "--dist", mode))
        for mode in modes
    ]


def needed(project: Project) -> list[Plugin]:
    """The plugins the configuration needs loaded: required_plugins and make's own."""
    names = {requirement_name(item) for item in project.required} | set(KEPT)
    return [plugin for plugin in project.plugins if plugin.dist in names]


def in_addopts(project: Project, option: str) -> set[str]:
    """The values of ``option`` (-p) in today's addopts."""
    words = project.addopts
    return {
        words[index + 1] for index, word in enumerate(words[:-1]) if word == option
    } | {
        word[len(option) :]
        for word in words
        if word.startswith(option) and word != option
    }


def plugin_stage(best: Candidate, project: Project) -> list[Candidate]:
    made = []
    keep = needed(project)
    if project.pytest >= AUTOLOAD_FLAG_SINCE:
        # By entry point name, not module: pytest 8.4+ then loads it through its
        # distribution, which required_plugins checks (``-p pytest_asyncio.plugin``
        # loads the code, and pytest still says "Missing required plugins").
        loads: list[str] = []
        for plugin in keep:
            loads += ["-p", plugin.name]
        words = (*best.words, "--disable-plugin-autoload", *loads)
        made.append(Candidate(join(best.label, "autoload off"), words))
    kept = {plugin.name for plugin in keep}
    listed = in_addopts(project, "-p")
    unused = [
        plugin.name
        for plugin in project.plugins
        if plugin.name not in kept | QUIET_PLUGINS and f"no:{plugin.name}" not in listed
    ]
    if unused:
        off: list[str] = []
        for name in unused:
            off += ["-p", f"no:{name}"]
        label = join(best.label, "-p no:" + ",".join(unused))
        made.append(Candidate(label, (*best.words, *off)))
    return made


def coverage_stage(best: Candidate, project: Project) -> list[Candidate]:
    """ctrace (today) vs sysmon, with and without branch coverage; 3.12+ only."""
    if not project.coverage or not project.pytest_cov or project.python < (3, 12):
        return []
    branch = "--cov-branch" in project.coverage
    made = []
    for with_branch in (branch, not branch):
        words = tuple(project.coverage)
        if with_branch and not branch:
            words += ("--cov-branch",)
        if branch and not with_branch:
            words = tuple(word for word in words if word != "--cov-branch")
        suffix = " branch" if with_branch else ""
        for core in ("ctrace", "sysmon"):
            made.append(
                Candidate(
                    join(best.label, f"coverage {core}{suffix}"),
                    best.words,
                    (("COVERAGE_CORE", core),),
                    words,
                )
            )
    return made


def join(label: str, more: str) -> str:
    return more if label == TODAY else f"{label} {more}"


TODAY = "today's configuration"
