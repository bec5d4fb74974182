import pytest
from notes.parser import (
    NoteSyntaxError,
    extract_hashtags,
    normalize_tag,
    parse_note,
    split_notes,
)

PLANNING = """\
# Sprint planning
tags: Work, planning

Move the #release to Thursday and ask #ops about the freeze.
"""


def test_parse_title_body_and_tags():
    note = parse_note(PLANNING)
    assert note.title == "Sprint planning"
    assert note.body.startswith("Move the #release")
    assert note.tags == {"work", "planning", "release", "ops"}


def test_note_without_tags_line():
    note = parse_note("# Groceries\n\nmilk, eggs, bread")
    assert note.tags == frozenset()
    assert note.word_count == 3


@pytest.mark.parametrize("text", ["", "no heading here", "#NoSpace", "# "])
def test_invalid_notes(text):
    with pytest.raises(NoteSyntaxError):
        parse_note(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Work", "work"), ("#ops", "ops"), ("  Deep-Work ", "deep-work")],
)
def test_normalize_tag(raw, expected):
    assert normalize_tag(raw) == expected


def test_hashtags_ignore_anchors_and_numbers():
    text = "see issue #42, mail me@host#frag and tag #Python"
    assert extract_hashtags(text) == {"python"}


def test_split_notes():
    text = "# One\nfirst\n---\n# Two\nsecond\n---\n"
    assert split_notes(text) == ["# One\nfirst", "# Two\nsecond"]
