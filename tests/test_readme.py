"""The README's commands, run as a user would: in order, in a fresh copy of the repository.

A ```console block is runnable: its ``$ `` lines are commands, the other lines what
they print (not compared: sizes and times vary). Blocks of one README run in one shell,
so `. .venv/bin/activate` and files made by earlier blocks carry on. ```sh blocks are not
run (synopses, `make test`, installs); the README says so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

_CONSOLE = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def console_commands(markdown: str) -> list[str]:
    """The commands of the runnable blocks, in order."""
    return [
        line[2:]
        for block in _CONSOLE.findall(markdown)
        for line in block.splitlines()
        if line.startswith("$ ")
    ]


def run_commands(commands: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``commands`` in one shell that stops at the first failure, each echoed first
    to stderr, so a failure ends with the command that failed and its message."""
    script = "set -e\n" + "".join(f"printf '%s\\n' {_quote('$ ' + c)} >&2\n{c}\n" for c in commands)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != venv_bin)
    return subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@pytest.fixture
def fresh_copy(tmp_path: Path) -> Path:
    """The repository's files (tracked, and new ones not ignored) as a clone would have
    them, set up as `make pdf` leaves a clone: a .venv whose letterpdf is the copy's own
    code, its dependencies this test run's (no download, and nothing installed into the
    environment running the tests)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    copy = tmp_path / "letterpdf"
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            target = copy / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    venv = copy / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site,) = (venv / "lib").glob("python*/site-packages")
    ours = next(
        Path(p) for p in sys.path if p.endswith("site-packages") and p.startswith(sys.prefix)
    )
    (site / "letterpdf-readme.pth").write_text(f"{copy / 'src'}\n{ours}\n", encoding="utf-8")
    script = venv / "bin" / "letterpdf"
    script.write_text(
        f"#!{venv / 'bin' / 'python'}\nfrom letterpdf.cli import main\nmain()\n", encoding="utf-8"
    )
    script.chmod(0o755)
    for stamp in (".installed", ".installed-dev"):  # what make's set-up leaves
        (venv / stamp).touch()
    code = subprocess.run(
        [venv / "bin" / "python", "-c", "import letterpdf; print(letterpdf.__file__)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert code.startswith(str(copy / "src")), code  # the copy's own code runs
    return copy


def _failure(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}; the end of its output:\n{done.stderr[-3000:]}"


@pytest.mark.slow
def test_every_readme_command_works(fresh_copy: Path) -> None:
    commands = console_commands((fresh_copy / "README.md").read_text(encoding="utf-8"))
    assert commands[0].startswith("make pdf")  # as a new user starts
    done = run_commands(commands, fresh_copy)
    assert done.returncode == 0, _failure(done)
    assert (fresh_copy / "build" / "letter.pdf").is_file()
    assert (fresh_copy / "my-letter" / "build" / "letter.pdf").is_file()
    # Then the README that `letterpdf new` wrote, from the folder that holds the letter.
    scaffold = console_commands((fresh_copy / "my-letter" / "README.md").read_text("utf-8"))
    assert scaffold
    done = run_commands([". .venv/bin/activate", *scaffold], fresh_copy)
    assert done.returncode == 0, _failure(done)
    assert (fresh_copy / "my-letter" / "build" / "letter-1.png").is_file()


@pytest.mark.slow
def test_a_broken_readme_command_fails_the_test(fresh_copy: Path) -> None:
    """A command whose path went stale (the PDF is in my-letter/build/, not build/)."""
    readme = (
        "```console\n$ . .venv/bin/activate\n$ letterpdf new my-letter\n"
        "$ letterpdf check build/my-letter.pdf --profile un\n$ letterpdf --version\n```\n"
    )
    done = run_commands(console_commands(readme), fresh_copy)
    assert done.returncode != 0
    echoed = [line for line in done.stderr.splitlines() if line.startswith("$ ")]
    assert echoed[-1] == "$ letterpdf check build/my-letter.pdf --profile un"  # stopped there
    assert "File 'build/my-letter.pdf' does not exist." in done.stderr


def test_console_blocks_are_read_in_order() -> None:
    readme = "```console\n$ a\nout\n$ b  # c\n```\n```sh\nnot run\n```\n```console\n$ d\n```\n"
    assert console_commands(readme) == ["a", "b  # c", "d"]


@pytest.mark.parametrize(
    "doc", ["README.md", "CHANGES.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))]
)
def test_every_link_to_a_file_leads_to_one(doc: str) -> None:
    path = ROOT / doc if (ROOT / doc).is_file() else ROOT / "docs" / doc
    for target in _LINK.findall(path.read_text(encoding="utf-8")):
        if not re.match(r"[a-z]+:", target):  # not https: or mailto:
            assert (path.parent / target).exists(), f"{doc}: {target} does not exist"
