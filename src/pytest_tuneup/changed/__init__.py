"""``make test-changed``: run only the tests the working tree's changes affect.

``changes`` lists the changed files (git), ``rules`` says which of them can affect
every test (then the whole suite runs), ``graph`` maps each test module to the project
files it imports (statically, with ``ast``), ``select`` puts them together and ``cli``
runs pytest on the selection; ``report`` is the pytest plugin that prints the count.
"""
