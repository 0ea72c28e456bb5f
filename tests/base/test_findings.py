"""Messages sorted by where they are about."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from letterpdf.base.findings import Finding, message_place


def test_messages_sort_by_file_then_line() -> None:
    messages = [
        "c/signatories.csv line 15: a country not recognised",
        "c/signatories.csv line 7: a duplicate",
        "c/letter.md line 3: an invisible character",
        "c/signatories.csv: 2 columns are private",
        "a message about no file",
    ]
    assert sorted(messages, key=message_place) == [
        "a message about no file",
        "c/letter.md line 3: an invisible character",
        "c/signatories.csv: 2 columns are private",
        "c/signatories.csv line 7: a duplicate",
        "c/signatories.csv line 15: a country not recognised",
    ]


@given(st.text(alphabet="abc/._ -", min_size=1).filter(lambda t: t.strip() == t), st.integers(1))
def test_a_finding_says_its_own_place(file: str, line: int) -> None:
    finding = Finding("warning", "x", file, line, "something: odd")
    assert message_place(finding.text()) == (file, line)
