#!/usr/bin/env bash
# Build the wheel, install it in a fresh venv outside the repository, and build a new
# letter with it: the installed package must carry its own styles and fonts.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=${PYTHON:-python3}
work=$(mktemp -d /tmp/letterpdf-wheel.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$python" -m pip wheel -q --no-deps -w "$work/dist" .
"$python" -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$work"/dist/letterpdf-*.whl

cd "$work"  # nowhere near the repository
"$work/venv/bin/letterpdf" new campaign
"$work/venv/bin/letterpdf" build campaign
"$work/venv/bin/letterpdf" preview campaign/build/letter.pdf -w 200
"$work/venv/bin/python" - "$repo" <<'PY'
import sys
from pathlib import Path

import letterpdf.base.resources as r

repo = Path(sys.argv[1]).resolve()
for folder in (r.STYLES_DIR, r.FONTS_DIR):
    assert "site-packages" in folder.parts, f"{folder} is not inside the installed package"
    assert not folder.resolve().is_relative_to(repo), f"{folder} points back into {repo}"
assert (r.STYLES_DIR / "un" / "letter.html").is_file()
assert (r.FONTS_DIR / "NotoSerif-Regular.ttf").is_file()
assert Path("campaign/build/letter.pdf").stat().st_size > 1000
print(f"wheel OK: styles and fonts in {r.STYLES_DIR.parent}")
PY
