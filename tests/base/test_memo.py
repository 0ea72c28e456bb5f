"""memo.py: derived tables kept in the user's cache, rebuilt when their sources change."""

from __future__ import annotations

from pathlib import Path

import pytest

from letterpdf.base.memo import cache_dir, remembered


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_built_once_then_read_until_a_source_changes(tmp_path: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, str]:
        calls.append(1)
        return {"b": "2", "a": "1"}

    assert remembered("t", ("letterpdf.base.memo",), build) == {"b": "2", "a": "1"}
    stored = remembered("t", ("letterpdf.base.memo",), build)
    assert list(stored) == ["b", "a"] and len(calls) == 1
    assert cache_dir() == tmp_path / "cache" / "letterpdf"
    assert (
        remembered("t", ("letterpdf.base.memo", "letterpdf.base.errors"), build) and len(calls) == 2
    )


def test_a_damaged_file_is_built_again() -> None:
    remembered("t", ("letterpdf.base.memo",), lambda: {"a": "1"})
    (cache_dir() / "t.json").write_text('{"key": [')
    assert remembered("t", ("letterpdf.base.memo",), lambda: {"a": "2"}) == {"a": "2"}
    assert remembered("t", ("letterpdf.base.memo",), lambda: {"a": "3"}) == {"a": "2"}


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder would be")
    assert remembered("t", ("letterpdf.base.memo",), lambda: {"a": "1"}) == {"a": "1"}
    assert remembered("t", ("letterpdf.base.memo",), lambda: {"a": "2"}) == {"a": "2"}
