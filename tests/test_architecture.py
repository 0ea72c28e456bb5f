"""The folder list is the architecture: each stage imports only from the stages before it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src"

#: Each package or top-level module, by its place in the pipeline. A module may import
#: from its own package and from anything ranked lower, never from higher.
RANKS = {
    "base": 0,
    "source": 1,
    "typeset": 2,
    "annex": 3,
    "output": 4,
    "word": 5,
    "build": 6,
    "watch": 7,
    "preview": 7,
    "scaffold": 7,
    "lists": 7,
    "cli": 8,
    "__main__": 9,
    "__init__": 9,
}


def _part(module: str) -> str:
    """``letterpdf.source.letter`` -> ``source``; ``letterpdf.build`` -> ``build``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 2:
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str) -> list[tuple[int, str]]:
    """Every letterpdf module ``path`` imports, lazily inside functions too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("letterpdf")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.startswith("letterpdf"):
                found.append((node.lineno, target))
                # ``from . import x`` names a module too
                found += [(node.lineno, f"{target}.{a.name}") for a in node.names]
    return found


def layer_violations(root: Path) -> list[str]:
    """``file line N: imports X (stage S) from stage T`` for every upward import."""
    problems = []
    for path in sorted((root / "letterpdf").rglob("*.py")):
        module = _module_name(path, root)
        own = _part(module)
        for line, target in _imports(path, module):
            other = _part(target)
            if other not in RANKS or other == own:
                continue
            if RANKS[other] > RANKS[own] or (RANKS[other] == RANKS[own] and own != "__init__"):
                problems.append(
                    f"{path.relative_to(root)} line {line}: imports {target} ({other}), "
                    f"a later stage than {own}"
                )
    return problems


def test_each_stage_imports_only_from_earlier_ones() -> None:
    assert layer_violations(SRC) == []


def test_an_upward_import_is_found(tmp_path: Path) -> None:
    for name in ("base", "source", "typeset"):
        (tmp_path / "letterpdf" / name).mkdir(parents=True)
        (tmp_path / "letterpdf" / name / "__init__.py").write_text("")
    (tmp_path / "letterpdf" / "__init__.py").write_text("")
    (tmp_path / "letterpdf" / "source" / "letter.py").write_text(
        "from ..base import errors\n\ndef f():\n    from ..typeset.html import render\n"
    )
    (tmp_path / "letterpdf" / "base" / "errors.py").write_text("import letterpdf.build\n")
    assert layer_violations(tmp_path) == [
        "letterpdf/base/errors.py line 1: imports letterpdf.build (build), a later stage than base",
        "letterpdf/source/letter.py line 4: imports letterpdf.typeset.html (typeset), "
        "a later stage than source",
        "letterpdf/source/letter.py line 4: imports letterpdf.typeset.html.render (typeset), "
        "a later stage than source",
    ]


def test_no_import_cycles_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    modules = {}
    for path in (SRC / "letterpdf").rglob("*.py"):
        modules[_module_name(path, SRC)] = path
    for module, path in modules.items():
        graph[module] = {t for _, t in _imports(path, module) if t in modules and t != module}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    # The package's __init__ re-exports the public API: importing it is not a cycle.
    assert [c for c in cycles if not c.startswith("letterpdf ->")] == []


def test_no_module_is_over_450_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in (SRC / "letterpdf").rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert long == {}


def test_help_does_not_load_the_renderer() -> None:
    """``letterpdf --help`` stays fast: WeasyPrint, pypdf and pikepdf load only for a build."""
    code = (
        "import sys, letterpdf.cli\n"
        "heavy = [m for m in ('weasyprint', 'pypdf', 'pikepdf', 'fontTools', 'openpyxl', 'docx') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_readme_names_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    packages = [p.name for p in (SRC / "letterpdf").iterdir() if (p / "__init__.py").is_file()]
    assert packages and all(f"| `{name}/` |" in readme for name in packages)
