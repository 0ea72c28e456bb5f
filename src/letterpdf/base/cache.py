"""A content-hash cache beside the output: facts (JSON) and bytes, each entry signed.

An entry is found by a key that hashes everything that shapes it (letterpdf's own code
included), so a changed input simply misses. Each file carries an HMAC of its bytes made
with a secret of this user's (``~/.cache/letterpdf/secret``): a torn or corrupt entry,
and one copied from elsewhere or edited (a ``build/`` folder shipped with a letter), is
ignored and computed again, never used. Entries hold JSON and bytes only (no pickle), so
a cache folder cannot run code either.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .logger import LOGGER

_MAGIC = b"letterpdf-cache-2\n"
#: A temporary file older than this (seconds) is left over from a build that died.
_STALE_TMP = 600


@dataclass(frozen=True)
class CacheEntry:
    """What an entry holds: facts (JSON-able) and bytes."""

    meta: dict[str, Any]
    data: bytes = b""


def cache_dir_for(output: Path) -> Path:
    """The cache folder for an output PDF: beside it, hidden, one per PDF (so building
    letter.fr.pdf does not prune what letter.pdf's next build will want)."""
    return output.parent / ".letterpdf-cache" / output.stem


def hash_key(*parts: str | bytes) -> str:
    """A key from strings and bytes, each length-prefixed so no two lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def context_key(files: Iterable[Path], *texts: str) -> str:
    """What a cached result depends on: letterpdf and WeasyPrint versions, files, texts."""
    import weasyprint

    from . import __version__

    digests = (f"{p.name}:{_sha256(p, *_stat(p))}" for p in sorted(files))
    return hash_key(__version__, code_digest(), weasyprint.__version__, *digests, *texts)


@cache
def code_digest() -> str:
    """A digest of letterpdf's own code and templates: an edited or upgraded letterpdf
    never reads what another version cached."""
    package = Path(__file__).resolve().parent.parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".toml", ".html"))
    return hash_key(*(f"{p.relative_to(package)}:{_sha256(p, *_stat(p))}" for p in files))


def _stat(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, or "" if it cannot be read."""
    try:
        return _sha256(path, *_stat(path))
    except OSError:
        return ""


@cache
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    """Remembered per (size, mtime): a font is read once per process, not per range."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_read(read: Iterable[Path], refused: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """What a render depended on besides its key: the SHA-256 of each file it read, and
    "" for each file it asked for and found missing (once the file is there, the render
    is stale). A file refused for lying outside the allowed folders is never read."""
    out = {str(p): file_sha256(p) for p in read}
    for url, _ in refused:
        if url.lower().startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_file():
                out.setdefault(str(path), "")
    return out


def files_unchanged(digests: Mapping[str, str]) -> bool:
    """Whether every file of ``files_read`` is as it was (and every missing one missing)."""
    return all(file_sha256(Path(p)) == d for p, d in digests.items())


class Cache:
    """Entries under ``folder``; ``folder=None`` caches nothing. Keys looked up or stored
    are remembered, so ``prune`` can drop what the build did not use."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._used: set[str] = set()

    def get(self, key: str) -> CacheEntry | None:
        """The entry for ``key``, or None if there is none or it is damaged."""
        self._used.add(key)
        if self.folder is None:
            return None
        path = self.folder / f"{key}.entry"
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        entry = _decode(raw, key)
        if entry is None:
            LOGGER.debug("ignoring a damaged cache entry %s", path)
            _delete(path)
        return entry

    def put(self, key: str, entry: CacheEntry) -> None:
        """Store ``entry``; a cache that cannot be written is skipped, not an error."""
        self._used.add(key)
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(_encode(key, entry))
                os.replace(tmp, self.folder / f"{key}.entry")
            finally:
                Path(tmp).unlink(missing_ok=True)
        except OSError as e:
            LOGGER.debug("cannot write the cache in %s: %s", self.folder, e)

    def prune(self) -> None:
        """Delete the entries this build did not use, so the folder stays the size of one
        build, and temporary files a killed build left. Called once the PDF is written: a
        failed build prunes nothing."""
        if self.folder is None or not self.folder.is_dir():
            return
        keep = {f"{key}.entry" for key in self._used}
        for path in self.folder.glob("*.entry"):
            if path.name not in keep:
                _delete(path)
        now = time.time()
        for path in self.folder.glob("*.tmp"):
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > _STALE_TMP:
                    _delete(path)


def _delete(path: Path) -> None:
    """Delete an entry; one that cannot be (a read-only folder) stays, not an error."""
    try:
        path.unlink(missing_ok=True)
    except OSError as e:
        LOGGER.debug("cannot delete %s: %s", path, e)


def _encode(key: str, entry: CacheEntry) -> bytes:
    meta = json.dumps(entry.meta, sort_keys=True).encode()
    body = len(meta).to_bytes(8, "big") + meta + entry.data
    return _MAGIC + sign(key.encode() + body).encode() + body


def _decode(raw: bytes, key: str) -> CacheEntry | None:
    if not raw.startswith(_MAGIC):
        return None
    raw = raw[len(_MAGIC) :]
    checksum, body = raw[:64], raw[64:]
    if not hmac.compare_digest(checksum, sign(key.encode() + body).encode()) or len(body) < 8:
        return None
    size = int.from_bytes(body[:8], "big")
    try:
        meta = json.loads(body[8 : 8 + size])
    except ValueError:
        return None
    if not isinstance(meta, dict):
        return None
    return CacheEntry(meta, body[8 + size :])


def sign(data: bytes) -> str:
    """HMAC-SHA256 of ``data`` with this user's secret."""
    return hmac.new(_secret(), data, hashlib.sha256).hexdigest()


@cache
def _secret() -> bytes:
    """This user's cache secret: 32 random bytes in ``~/.cache/letterpdf/secret``, made
    on first use, readable by the user alone. Where it cannot be kept, one for this
    process (caches then last one build)."""
    path = user_cache_dir() / "secret"
    try:
        data = path.read_bytes()
        if len(data) == 32 and path.stat().st_uid == os.getuid():
            return data
    except OSError:
        pass
    data = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(path.with_suffix(".tmp"), path)
    except OSError as e:
        LOGGER.debug("cannot keep the cache secret in %s: %s", path, e)
    return data


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/letterpdf``, by default ``~/.cache/letterpdf``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "letterpdf"
