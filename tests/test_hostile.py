"""A letter folder is untrusted: hostile inputs from partners, shared drives and zip files.

Each test is one case of the hostile-input sweep (issue 13). Every one is bounded in time
and memory; the heavy ones are marked slow.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner, Result

from letterpdf import BuildOptions, build_letter
from letterpdf.base.errors import OutputError
from letterpdf.cli import cli
from letterpdf.output.preflight import inflated_size

from .conftest import DEFAULT_FRONT, ROOT, MakeLetter, pdftotext

KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "-----END OPENSSH PRIVATE KEY-----\n"
)
SECRET = "b3BlbnNzaC1rZXkt"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _outside(tmp_path: Path, name: str = "id_ed25519", text: str = KEY) -> Path:
    secret = tmp_path / "home" / ".ssh" / name
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(text)
    return secret


def _everything(folder: Path, out: Path) -> bytes:
    """Every byte the build wrote: the PDF, inflated, and the record beside it."""
    data = b""
    for path in out.parent.glob("*"):
        if path.is_file():
            data += path.read_bytes()
    if out.is_file():
        with pikepdf.open(out) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    with contextlib.suppress(pikepdf.PdfError):
                        data += obj.read_bytes()
    return data


# --- Files from outside the folder -------------------------------------------------


def test_a_signatory_list_linked_outside_is_not_read(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    front = DEFAULT_FRONT + 'columns: {name: "-----BEGIN OPENSSH PRIVATE KEY-----"}\n'
    folder = make_letter(front=front, csv=None)
    (folder / "signatories.csv").symlink_to(_outside(tmp_path))
    out = tmp_path / "out" / "letter.pdf"
    result = _run("build", str(folder), "-o", str(out))
    assert SECRET not in result.output
    assert "signatories.csv" in result.output and "outside the letter folder" in result.output
    assert SECRET.encode() not in _everything(folder, out)
    strict = _run("build", str(folder), "-o", str(out), "--strict")
    assert strict.exit_code == 1


@pytest.mark.parametrize("name", ["style.css", "words.toml", "profiles.toml"])
def test_a_settings_file_linked_outside_is_not_read(
    make_letter: MakeLetter, tmp_path: Path, name: str
) -> None:
    folder = make_letter()
    text = "html { color: red }\n" if name == "style.css" else '[en]\nannex = "' + SECRET + '"\n'
    (folder / name).symlink_to(_outside(tmp_path, name, text))
    out = tmp_path / "out" / "letter.pdf"
    result = _run("build", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"{name}" in result.output and "outside the letter folder" in result.output
    assert SECRET not in result.output and SECRET not in pdftotext(out)


def test_letter_md_linked_outside_is_refused(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter(front=None)
    (folder / "letter.md").symlink_to(_outside(tmp_path, "passwd", "root:x:0:0:root\n"))
    result = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 2
    assert "letter.md" in result.output and "outside the letter folder" in result.output
    assert "root:x" not in result.output
    assert "Traceback" not in result.output


def test_scans_linked_outside_are_not_read(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(elsewhere / "scan.pdf")
    (folder / "annex").mkdir()
    (folder / "annex" / "scan.pdf").symlink_to(elsewhere / "scan.pdf")
    result = build_letter(folder, BuildOptions(output=tmp_path / "a.pdf"))
    assert result.scan_pages == 0
    assert any("annex/scan.pdf" in w and "outside the letter folder" in w for w in result.warnings)
    (folder / "annex" / "scan.pdf").unlink()
    (folder / "annex").rmdir()
    (folder / "annex").symlink_to(elsewhere)
    result = build_letter(folder, BuildOptions(output=tmp_path / "b.pdf"))
    assert result.scan_pages == 0
    assert any("annex" in w and "outside the letter folder" in w for w in result.warnings)


def test_a_theme_template_cannot_include_a_file_outside(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    secret = _outside(tmp_path, "passwd", "root:x:0:0:root:/root:/bin/bash\n")
    folder = make_letter(front=DEFAULT_FRONT + "theme: mytheme\n")
    theme = folder / "mytheme"
    theme.mkdir()
    classic = (ROOT / "styles" / "classic" / "letter.html").read_text(encoding="utf-8")
    body = '<body class="letter paper-{{ paper }}">'
    (theme / "letter.html").write_text(
        classic.replace(body, body + '{% include "secret.html" %}', 1)
    )
    (theme / "secret.html").symlink_to(secret)
    result = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert "root:x" not in result.output
    assert result.exit_code == 2
    assert "secret.html" in result.output and "outside" in result.output
    assert not (tmp_path / "out.pdf").exists() or "root:x" not in pdftotext(tmp_path / "out.pdf")


def test_letter_md_cannot_pick_a_theme_outside(make_letter: MakeLetter, tmp_path: Path) -> None:
    elsewhere = tmp_path / "theirs"
    elsewhere.mkdir()
    (elsewhere / "common.css").write_text("html { color: red }\n")
    folder = make_letter(front=DEFAULT_FRONT + f"theme: {elsewhere}\n")
    result = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 2
    assert "theme" in result.output and "--theme" in result.output
    chosen = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"), "--theme", str(elsewhere))
    assert chosen.exit_code == 0, chosen.output


def test_a_message_never_quotes_a_refused_file(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter(csv=None)
    (folder / "signatories.csv").symlink_to(_outside(tmp_path, "passwd", "root:x:0:0:root\n"))
    result = _run("signatories", "check", str(folder))
    assert "root:x" not in result.output
    assert "outside the letter folder" in result.output


# --- Wrong output from the cache ---------------------------------------------------


def test_an_image_inside_an_svg_logo_reaches_a_cached_rebuild(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    from PIL import Image

    folder = make_letter(front=DEFAULT_FRONT + "logo: logo.svg\n")
    Image.new("RGB", (40, 20), "red").save(folder / "inner.png")
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="80" height="40" viewBox="0 0 80 40">'
        '<image xlink:href="inner.png" width="80" height="40"/></svg>'
    )
    out = tmp_path / "out" / "letter.pdf"
    build_letter(folder, BuildOptions(output=out))
    Image.new("RGB", (40, 20), "blue").save(folder / "inner.png")
    cached = build_letter(folder, BuildOptions(output=out)).output.read_bytes()
    cold = build_letter(folder, BuildOptions(output=tmp_path / "cold.pdf", cache=False))
    assert cached == cold.output.read_bytes()


def test_a_forged_cache_entry_is_ignored(make_letter: MakeLetter, tmp_path: Path) -> None:
    """An entry is valid only with this user's secret: entries shipped in a folder's build/
    (here: the cached pages of a list with "Forged Org", filed under the keys of the real
    list, each with a correct plain checksum) are never used."""
    from letterpdf.base.cache import _MAGIC, hash_key

    def entries(folder: Path) -> dict[str, bytes]:
        cache = folder / "build" / ".letterpdf-cache"
        return {p.stem: p.read_bytes()[len(_MAGIC) + 64 :] for p in cache.rglob("*.entry")}

    forged = make_letter(csv="name\nForged Org\n", name="forged")
    build_letter(forged, BuildOptions(output=forged / "build" / "letter.pdf"))
    folder = make_letter(csv="name\nAlpha Org\n")
    out = folder / "build" / "letter.pdf"
    build_letter(folder, BuildOptions(output=out))
    bodies = list(entries(forged).values())
    for key, body in entries(folder).items():
        fake = next((b for b in bodies if b[:8] == body[:8] or len(b) > 200), body)
        path = next((folder / "build" / ".letterpdf-cache").rglob(f"{key}.entry"))
        path.write_bytes(_MAGIC + hash_key(key, fake).encode() + fake)
    again = build_letter(folder, BuildOptions(output=out))
    cold = build_letter(folder, BuildOptions(output=tmp_path / "cold.pdf", cache=False))
    assert "Forged" not in pdftotext(again.output)
    assert again.output.read_bytes() == cold.output.read_bytes()


def test_an_edited_user_cache_cannot_change_countries(
    make_letter: MakeLetter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    script = (
        "from letterpdf.source.countries import recognise_country, country_name\n"
        "print(country_name(recognise_country('France')))\n"
    )
    run = [sys.executable, "-c", script]
    env = {**os.environ, "XDG_CACHE_HOME": str(home)}
    assert subprocess.run(run, capture_output=True, text=True, env=env).stdout.strip() == "France"
    stored = home / "letterpdf" / "countries.json"
    signature, _, body = stored.read_bytes().partition(b"\n")
    data = json.loads(body)
    data["data"]["index"]["france"] = "KP"
    stored.write_bytes(signature + b"\n" + json.dumps(data).encode())
    done = subprocess.run(run, capture_output=True, text=True, env=env)
    assert done.stdout.strip() == "France", done.stderr
    # Signed right but of the wrong shape (as an older letterpdf might leave it):
    from letterpdf.base.cache import sign

    wrong = json.dumps({"key": data["key"], "data": {"index": [1, 2], "codes": 3}}).encode()
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    import letterpdf.base.cache as cache_module

    cache_module._secret.cache_clear()
    stored.write_bytes(sign(wrong).encode() + b"\n" + wrong)
    cache_module._secret.cache_clear()
    done = subprocess.run(run, capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stdout.strip() == "France", done.stderr


def test_stray_temporary_files_in_the_cache_are_pruned(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    folder = make_letter()
    out = tmp_path / "out" / "letter.pdf"
    build_letter(folder, BuildOptions(output=out))
    cache = tmp_path / "out" / ".letterpdf-cache" / "letter"
    stray = cache / "tmpabc123.tmp"
    stray.write_bytes(b"x" * 100)
    old = time.time() - 3600
    os.utime(stray, (old, old))
    build_letter(folder, BuildOptions(output=out))
    assert not stray.exists()


# --- Tracebacks and hangs on bad input -----------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "{{ 1/0 }}",
        '{{ signatories.count + " organisations" }}',
        '{% include "x" %}',
        "{{ 10**100000 }}",
        "{% for i in range(10**9) %}x{% endfor %}",
        "{{ 9**(9**9) }}",
        pytest.param(  # runs until the 5 s deadline
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            marks=pytest.mark.slow,
        ),
        "{{ 'a'*10**9 }}",
        "{{ ('a'*10**6)*(10**6) }}",
    ],
)
def test_a_hostile_placeholder_is_one_message(
    make_letter: MakeLetter, tmp_path: Path, body: str
) -> None:
    folder = make_letter(body=f"Dear all,\n\n{body}\n")
    started = time.perf_counter()
    result = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert time.perf_counter() - started < 20
    assert result.exit_code == 2, result.output
    assert "letter.md line 14" in result.output, result.output
    assert "Traceback" not in result.output
    assert len(result.output) < 2000


def test_a_deeply_nested_front_matter_is_one_message(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    folder = make_letter(front=DEFAULT_FRONT + "to: " + "[" * 5000 + "]" * 5000 + "\n")
    result = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 2, result.output
    assert "letter.md" in result.output and "Traceback" not in result.output


def test_an_impossible_source_date_epoch_is_one_message(
    make_letter: MakeLetter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_letter()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "999999999999999")
    result = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 2, result.output
    assert "SOURCE_DATE_EPOCH" in result.output and "Traceback" not in result.output


def _pdf_with(tmp_path: Path, name: str, change: str) -> Path:
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    if change == "rotate":
        page.obj.Rotate = pikepdf.Name.Sideways
    elif change == "type0":
        font = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0)
        )
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf (x) Tj ET")
    elif change == "bomb":
        page.obj.Contents = pdf.make_stream(b"")
        compressor = zlib.compressobj(9)
        chunks = [compressor.compress(b"0 0 m 1 1 l S\n" * 1_000_000) for _ in range(150)]
        data = b"".join(chunks) + compressor.flush()
        page.obj.Contents.write(data, filter=pikepdf.Name.FlateDecode)  # 2.1 GB inflated
    path = tmp_path / name
    pdf.save(path)
    return path


@pytest.mark.parametrize("change", ["rotate", "type0"])
def test_check_survives_a_strange_pdf(tmp_path: Path, change: str) -> None:
    path = _pdf_with(tmp_path, f"{change}.pdf", change)
    result = _run("check", str(path))
    assert result.exit_code in (0, 1), result.output
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(
        result.exception, SystemExit
    )


def test_check_survives_garbage(tmp_path: Path) -> None:
    for data in (b"", b"%PDF-1.7\n", b"\x00" * 100, os.urandom(2000)):
        path = tmp_path / "junk.pdf"
        path.write_bytes(data)
        result = _run("check", str(path))
        assert result.exit_code in (1, 2), result.output
        assert isinstance(result.exception, SystemExit), result.exception


@pytest.mark.slow
def test_check_bounds_a_decompression_bomb(tmp_path: Path) -> None:
    path = _pdf_with(tmp_path, "bomb.pdf", "bomb")
    assert path.stat().st_size < 5_000_000
    done = subprocess.run(
        [sys.executable, "-m", "letterpdf", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=lambda: _limit_memory(1_500_000_000),
    )
    assert done.returncode == 1, done.stderr
    assert "decompression bomb" in done.stdout and "Traceback" not in done.stderr


def test_a_bomb_is_found_in_bounded_steps() -> None:
    """Counting what a stream inflates to stops just past the limit (it ran 7 minutes,
    4 GB, in qpdf's syntax check before)."""
    data = zlib.compress(b"0" * (64 * 2**20), 9)
    assert inflated_size(data, 2**20) <= 3 * 2**20
    assert inflated_size(data, 2**30) == 64 * 2**20
    assert inflated_size(zlib.compress(b"q Q"), 100) == 3


def _limit_memory(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# --- Resource limits ---------------------------------------------------------------


_NS = "http://schemas.openxmlformats.org"
_MAIN = f"{_NS}/spreadsheetml/2006/main"
_REL = f"{_NS}/package/2006/relationships"
_DOC = f"{_NS}/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _xlsx(rows: int, cols: int) -> bytes:
    """A workbook of ``rows`` x ``cols`` cells written as one repetitive, tiny zip."""
    cells = "".join(f'<c t="inlineStr"><is><t>Organisation {c}</t></is></c>' for c in range(cols))
    sheet_rows = "".join(f'<row r="{r}">{cells}</row>' for r in range(2, rows + 2))
    header = '<row r="1"><c t="inlineStr"><is><t>name</t></is></c></row>'
    files = {
        "[Content_Types].xml": (
            f'<Types xmlns="{_NS}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{_TYPE}.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{_REL}"><Relationship Id="rId1" '
            f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_REL}"><Relationship Id="rId1" '
            f'Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{_MAIN}"><sheetData>{header}{sheet_rows}</sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


@pytest.mark.slow
def test_a_workbook_bomb_is_refused(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter(csv=None)
    (folder / "signatories.xlsx").write_bytes(_xlsx(20_000, 60))
    assert (folder / "signatories.xlsx").stat().st_size < 2_000_000
    started = time.perf_counter()
    result = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert time.perf_counter() - started < 30
    assert result.exit_code == 2, result.output[:500]
    assert "signatories.xlsx" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_similar_names_give_a_bounded_report(tmp_path: Path) -> None:
    names = "".join(f"Association for Rights No {i:05d}\n" for i in range(3000))
    sheet = tmp_path / "similar.csv"
    sheet.write_text("name\n" + names)
    started = time.perf_counter()
    result = _run("signatories", "check", str(sheet))
    assert time.perf_counter() - started < 60
    assert len(result.output) < 100_000
    assert "near-duplicate" in result.output or "close to" in result.output
    full = _run("signatories", "check", str(sheet), "--all")
    assert full.exit_code == 0


# --- Lost integrity ----------------------------------------------------------------


@pytest.mark.slow
def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from names import generate_rows, signatories_csv

    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "letter.md").write_text("---\ntitle: T\ndate: 2020-01-01\n---\n\nHi.\n")
    (folder / "signatories.csv").write_text(signatories_csv(generate_rows(4000)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "letterpdf", "build", str(folder), "-j", "2", "--no-cache"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(4)
    children = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(2)
    assert children, "no workers were started"
    assert [c for c in children if _alive(c)] == []


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.slow
def test_a_build_piped_to_another_program_returns(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter()
    done = subprocess.run(
        f"{sys.executable} -m letterpdf build {folder} -o {tmp_path / 'out.pdf'} | cat",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "Wrote" in done.stdout


def test_a_record_that_cannot_be_written_leaves_the_old_pdf(
    make_letter: MakeLetter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_letter()
    out = tmp_path / "out" / "letter.pdf"
    build_letter(folder, BuildOptions(output=out))
    before = out.read_bytes()
    (folder / "signatories.csv").write_text("name\nGamma Org\n")
    from letterpdf.output import files

    real = files.write_atomically

    def full_disk(path: Path, data: bytes) -> None:
        if path.suffix == ".csv":
            raise OutputError(f"{path}: cannot write (No space left on device).")
        real(path, data)

    monkeypatch.setattr(files, "write_atomically", full_disk)
    result = _run("build", str(folder), "-o", str(out))
    assert result.exit_code == 2
    assert out.read_bytes() == before
    assert "Alpha Org" in out.with_name("letter.signatories.csv").read_text()


def test_one_windows_1252_line_spoils_only_that_line(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    text = "name,country\nRéseau Action Climat,France\nÉcole du Monde,France\n"
    data = text.encode("utf-8") + "Fédération Sud,France\n".encode("cp1252")
    folder = make_letter(csv=data)
    result = build_letter(folder, BuildOptions(output=tmp_path / "out.pdf"))
    printed = pdftotext(result.output)
    assert "Réseau Action Climat" in printed and "École du Monde" in printed
    assert "Fédération Sud" in printed
    assert any("line 4" in w and "Windows-1252" in w for w in result.warnings)


def test_a_folder_named_like_the_list_is_an_error(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter(csv=None)
    (folder / "signatories.csv").mkdir()
    result = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 2
    assert "signatories.csv" in result.output and "folder" in result.output


# --- What leaves in our files ------------------------------------------------------


def test_formulas_are_neutralised_in_generated_csv(make_letter: MakeLetter, tmp_path: Path) -> None:
    csv = 'name,country\n=HYPERLINK("http://x"),France\n+Plus Org,\n-Minus Org,\n@At Org,\n'
    folder = make_letter(csv=csv, front=DEFAULT_FRONT + "variant: pdf/a-3b\n")
    out = tmp_path / "out" / "letter.pdf"
    result = build_letter(folder, BuildOptions(output=out))
    record = out.with_name("letter.signatories.csv").read_text()
    for cell in ("'=HYPERLINK", "'+Plus Org", "'-Minus Org", "'@At Org"):
        assert cell in record
    with pikepdf.open(result.output) as pdf:
        attached = pdf.attachments["signatories.csv"].get_file().read_bytes().decode()
    assert "'=HYPERLINK" in attached
    (folder / "signatories.csv").write_text(csv + "New Org,\n")
    again = build_letter(folder, BuildOptions(output=out))
    assert again.changes is not None and [s.name for s in again.changes.added] == ["New Org"]
    assert not again.changes.removed and not again.changes.changed


def test_scanned_pages_lose_their_actions(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter()
    (folder / "annex").mkdir()
    pdf = pikepdf.new()
    page = pdf.add_blank_page()
    js = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    page.obj.AA = pikepdf.Dictionary(O=js)
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    uri = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/"))
    page.obj.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pdf.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[0, 0, 10, 10],
                        A=action,
                    )
                )
                for action in (launch, uri)
            ]
        )
    )
    pdf.save(folder / "annex" / "signed.pdf")
    result = build_letter(folder, BuildOptions(output=tmp_path / "out.pdf"))
    assert any("signed.pdf" in w and "removed" in w for w in result.warnings)
    flat = tmp_path / "flat.pdf"
    subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(result.output), str(flat)], check=True
    )
    raw = flat.read_bytes()
    assert b"/JavaScript" not in raw and b"/Launch" not in raw and b"/AA" not in raw
    assert b"https://example.org/" in raw


@pytest.mark.slow  # builds: keeps the fast selection under 30 s
def test_a_huge_url_is_cut_in_the_message(make_letter: MakeLetter, tmp_path: Path) -> None:
    uri = "data:image/png;base64," + "A" * 2_000_000
    folder = make_letter(style=f'html {{ background: url("{uri}"); }}\n')
    result = _run("build", str(folder), "-o", str(tmp_path / "out.pdf"))
    assert len(result.output) < 5000, len(result.output)


def test_watch_reports_a_hostile_save_and_keeps_watching(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    from collections.abc import Iterator

    from letterpdf.base.errors import LetterError
    from letterpdf.watch import watch_letter

    folder = make_letter()
    output = tmp_path / "out" / "letter.pdf"
    letter = folder / "letter.md"
    good = letter.read_text()
    kept: list[bytes] = []

    def saves() -> Iterator[set[str]]:
        kept.append(output.read_bytes())
        letter.write_text(good.replace("The second paragraph.", "{{ 9**(9**9) }}"))
        yield {str(letter)}
        assert output.read_bytes() == kept[0]
        letter.write_text(good)
        yield {str(letter)}

    results = list(watch_letter(folder, BuildOptions(output=output), changes=saves()))
    assert isinstance(results[1], LetterError) and "too large" in str(results[1])
    assert not isinstance(results[2], LetterError)


@pytest.mark.slow  # builds: keeps the fast selection under 30 s
def test_a_long_list_is_not_taken_for_a_template_bomb(make_letter: MakeLetter) -> None:
    """The template limits grow with the list: 20,000 names make 3.7 million characters
    of annex, which is no attack (a limit of 1 million stopped 10,000-name letters)."""
    from letterpdf.base.resources import STYLES_DIR
    from letterpdf.source.letter import load_letter
    from letterpdf.source.signatories import order_signatories
    from letterpdf.typeset.html import count_signatories, render_annex_html

    sys.path.insert(0, str(ROOT / "bench"))
    from names import generate_rows, signatories_csv

    folder = make_letter(csv=signatories_csv(generate_rows(20_000)))
    letter = load_letter(folder)
    groups = order_signatories(letter.signatories)
    html = render_annex_html(
        letter, groups, count_signatories(groups), theme_dir=STYLES_DIR / "classic"
    )
    assert len(html) > 3_000_000 and html.count("<li") >= 20_000
