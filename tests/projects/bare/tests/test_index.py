from notes.index import TagIndex
from notes.parser import parse_note

NOTEBOOK = """\
# Standup
tags: work

Blocked on #review.
---
# Reading list
tags: books, work

Finish the #review chapter.
---
# Shopping

apples and pears
"""


def make_index():
    return TagIndex.from_text(NOTEBOOK)


def test_from_text_reads_every_note():
    assert len(make_index()) == 3


def test_tag_counts_are_sorted_by_frequency():
    assert make_index().tags() == {"review": 2, "work": 2, "books": 1}


def test_lookup_is_case_insensitive():
    titles = [n.title for n in make_index().with_tag("#WORK")]
    assert titles == ["Standup", "Reading list"]


def test_with_all_and_with_any():
    index = make_index()
    assert [n.title for n in index.with_all("work", "books")] == ["Reading list"]
    assert [n.title for n in index.with_any("books", "review")] == [
        "Standup",
        "Reading list",
    ]


def test_untagged_and_unknown_tags():
    index = make_index()
    assert [n.title for n in index.untagged()] == ["Shopping"]
    assert index.with_tag("nope") == []


def test_add_updates_index():
    index = TagIndex()
    index.add(parse_note("# Idea\n\nrewrite in #rust?"))
    assert index.tags() == {"rust": 1}
