"""The theme's probe comes back from the cache as it went in (fast: no rendering)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from letterpdf.annex.measure import cached_probe
from letterpdf.annex.views import Probe
from letterpdf.base.cache import Cache, CacheEntry, hash_key


@pytest.mark.parametrize("line_height", ["normal", "1.3", "14.5px"])
def test_a_probe_is_read_back_from_the_cache(tmp_path: Path, line_height: str) -> None:
    # A probe whose line height is text ("normal") once never came back, so every build
    # rendered the probe again.
    probe = Probe(3, 180.5, 12.0, 0.0, 4.0, 2.0, 793.7, 1122.5, 13.3, line_height)
    Cache(tmp_path).put(hash_key("probe", "ctx"), CacheEntry(asdict(probe)))
    assert cached_probe(Cache(tmp_path), "ctx") == probe
    assert cached_probe(Cache(tmp_path), "other") is None


def test_a_probe_entry_of_another_shape_is_ignored(tmp_path: Path) -> None:
    Cache(tmp_path).put(hash_key("probe", "ctx"), CacheEntry({"columns": "three"}))
    assert cached_probe(Cache(tmp_path), "ctx") is None
