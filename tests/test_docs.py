"""docs/ is generated from the code; these fail when the committed docs have drifted."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import click
import pytest

from letterpdf.cli import cli
from letterpdf.source.frontmatter import front_matter_keys
from letterpdf.typeset.themes import builtin_themes

from .conftest import ROOT


@pytest.fixture(scope="module")
def gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_docs_match_the_code(gen_docs: ModuleType) -> None:
    for path, text in gen_docs.generated().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} is out of date: run .venv/bin/python scripts/gen_docs.py"
        )


def test_every_key_and_command_is_documented(gen_docs: ModuleType) -> None:
    front = gen_docs.front_matter_reference()
    for key, _ in front_matter_keys():
        assert f"| `{key}` |" in front
    reference = gen_docs.cli_reference()
    commands = [(f"letterpdf {n}", c) for n, c in cli.commands.items()]
    while commands:
        path, command = commands.pop()
        assert f"## {path}\n" in reference
        if isinstance(command, click.Group):
            commands += [(f"{path} {n}", c) for n, c in command.commands.items()]
        else:
            assert command.help and "Example" in command.help, path


def test_each_theme_has_a_picture() -> None:
    for theme in builtin_themes():
        picture = ROOT / "docs" / f"theme-{theme}.png"
        assert picture.read_bytes().startswith(b"\x89PNG"), picture
