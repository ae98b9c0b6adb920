"""A compiled cache of validated datasets, so repeated runs skip TOML parsing and validation.

The cache is a JSON file (never pickle) in ``$XDG_CACHE_HOME/chairship`` (default
``~/.cache/chairship``), named by a checksum of the source file's bytes (zlib's CRC-32 and
Adler-32, and the length), the schema version and the chairship version. A changed source gets a
new name, so it is rebuilt automatically. Files are written to a temporary name and renamed into
place, so concurrent runs never see half a file. Each file carries the same checksum of its
bytes and is shape-checked when read (each organisation when a command first reads it); a cache
that cannot be read, does not match its checksum or has the wrong shape is deleted and rebuilt,
never trusted. The KEEP most recently used datasets are kept (a file's modification time is
touched when it is read), so switching between a few datasets never rebuilds; the least
recently used goes first.

The checksums guard against accidents (a truncated or damaged file, an edited source), not
against an attacker: whoever can write the cache directory could write a matching checksum of
any kind. (zlib is part of every CPython and is quick to import; hashlib loads OpenSSL.)
Set ``CHAIRSHIP_NO_CACHE=1`` to neither read nor write it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chairship_cli import __version__
from chairship_cli.model import CACHE_FORMAT, SCHEMA_VERSION


def cache_dir() -> Path | None:
    """Where the cache lives, or None for no cache.

    ``$XDG_CACHE_HOME/chairship``, else ``$HOME/.cache/chairship``. An empty, relative or root
    HOME never puts the cache at the top of the file system: then a private per-user directory
    under the system's temporary directory is used, or no cache at all if that is not safe.
    """
    if os.environ.get("CHAIRSHIP_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if _usable(base):  # the XDG spec says to ignore relative paths
        return Path(base) / "chairship"
    home = os.environ["HOME"] if "HOME" in os.environ else os.path.expanduser("~")
    if _usable(home):
        return Path(home) / ".cache" / "chairship"
    return _private_temp_dir()


def _usable(base: str) -> bool:
    return bool(base) and os.path.isabs(base) and os.path.normpath(base) not in ("/", "//")


def _private_temp_dir() -> Path | None:
    """``<tmp>/chairship-cache-<uid>``, created 0700; None unless it is ours and private."""
    import stat
    import tempfile

    uid = os.getuid() if hasattr(os, "getuid") else None
    d = Path(tempfile.gettempdir()) / f"chairship-cache-{uid if uid is not None else 'user'}"
    try:
        d.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(d)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or stat.S_IMODE(st.st_mode) & 0o077:
        return None  # a symlink, a file, or a directory others can write: not trusted
    if uid is not None and st.st_uid != uid:
        return None
    return d


class Checksum:
    """CRC-32 and Adler-32 of the bytes given so far, and their count: 32 hex digits."""

    __slots__ = ("adler", "crc", "size")

    def __init__(self, data: bytes = b"") -> None:
        self.crc, self.adler, self.size = 0, 1, 0
        self.update(data)

    def update(self, data: bytes) -> None:
        self.crc = zlib.crc32(data, self.crc)
        self.adler = zlib.adler32(data, self.adler)
        self.size += len(data)

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}{self.size & 0xFFFF_FFFF_FFFF_FFFF:016x}"


def key(data: bytes) -> str:
    """The cache name for a source: its checksum, schema version, chairship version."""
    return f"{Checksum(data).hexdigest()}-s{SCHEMA_VERSION}-c{CACHE_FORMAT}-v{__version__}"


# The file is one JSON object: {"key": ..., "warnings": [...], "data": {..., "org": [...]},
# "index": [[id, start, end], ...], "checksum": "<32 hex digits>"}. The organisations are the
# last member of "data", and "index" gives each one's id and byte range, so a command decodes
# only the organisations it reads (fast.LazyOrgs). The file ends with the Checksum of every
# byte before it; a file whose bytes do not match, or whose content is not the shape this
# version writes, is deleted and rebuilt, never trusted.
_SUM_HEAD = b',"checksum":"'
_SUM_LEN = len(_SUM_HEAD) + 32 + len(b'"}')
_INDEX_HEAD = b',"index":'
_NAME = re.compile(r"[0-9a-f]{32}(?:[0-9a-f]{32})?-s\d+-c\d+-v[^/]+\.json")  # and older names

KEEP = 4  # compiled datasets kept in the cache, least recently used removed first

CachedOrg = tuple[str, bytes]  # an organisation's id and its JSON, decoded by load


def _verified(raw: bytes) -> bytes | None:
    """The file's bytes without the checksum, if the checksum matches them."""
    if len(raw) < _SUM_LEN or not raw.endswith(b'"}'):
        return None
    body, tail = raw[:-_SUM_LEN], raw[-_SUM_LEN:]
    if not tail.startswith(_SUM_HEAD):
        return None
    if Checksum(body).hexdigest().encode("ascii") != tail[len(_SUM_HEAD) : -2]:
        return None
    return body


def _envelope(body: bytes, k: str) -> dict[str, Any] | None:
    """The envelope, its organisations left as (id, JSON bytes); None unless it has the shape
    this version writes."""
    at = body.rfind(_INDEX_HEAD)
    if at < 0:
        return None
    index = json.loads(body[at + len(_INDEX_HEAD) :])
    if not isinstance(index, list) or not index:
        return None
    end = 0
    for entry in index:
        if not (
            isinstance(entry, list)
            and len(entry) == 3
            and isinstance(entry[0], str)
            and type(entry[1]) is int
            and type(entry[2]) is int
            and end < entry[1] < entry[2] <= at
        ):
            return None
        end = entry[2]
    envelope = json.loads(body[: index[0][1]] + b"]}}")  # the organisations' list left empty
    if not isinstance(envelope, dict) or envelope.get("key") != k:
        return None
    data, warnings = envelope.get("data"), envelope.get("warnings", [])
    if not isinstance(data, dict) or not isinstance(warnings, list):
        return None
    if data.get("org") != [] or not isinstance(data.get("theme"), list):
        return None
    data["org"] = [(org_id, body[start:stop]) for org_id, start, stop in index]
    return envelope


def read(k: str) -> dict[str, Any] | None:
    """The cached envelope for key k, or None (missing, unreadable, tampered or of the wrong
    shape: then deleted, so it is rebuilt). Its organisations are (id, JSON bytes) pairs,
    decoded by load when first read."""
    d = cache_dir()
    if d is None:
        return None
    path = d / f"{k}.json"
    try:
        with open(path, "rb") as f:
            body = _verified(f.read())
        envelope = _envelope(body, k) if body is not None else None
    except FileNotFoundError:
        return None
    except (OSError, ValueError, RecursionError):
        envelope = None
    if envelope is None:
        _discard(path)
    else:
        with contextlib.suppress(OSError):
            os.utime(path)  # most recently used: the last to be pruned
    return envelope


def write(
    k: str, data: dict[str, Any] | tuple[dict[str, Any], Iterable[Any]], warnings: list[str]
) -> None:
    """Store a validated document; any failure is silently ignored (the cache is optional).

    ``data`` is the document, or (the document without "org", the organisations one by one):
    then each organisation is encoded and written on its own, to keep memory flat. Files of
    other keys (older sources, other versions) are removed afterwards: the cache keeps one file.
    """
    d = cache_dir()
    if d is None:
        return
    import tempfile

    if isinstance(data, dict):
        rest, orgs = {key: v for key, v in data.items() if key != "org"}, data.get("org", [])
    else:
        rest, orgs = data
    tmp = None
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".json")
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        h = Checksum()
        size = 0
        with os.fdopen(fd, "wb") as f:

            def put(text: str) -> None:
                nonlocal size
                b = text.encode("utf-8")
                h.update(b)
                f.write(b)
                size += len(b)

            head = dumps({"key": k, "warnings": warnings, "data": {**rest, "org": []}})
            put(head[: -len("]}}")])  # ...,"org":[  then the organisations
            index = []
            for i, org in enumerate(orgs):
                if i:
                    put(",")
                start = size
                put(dumps(org))
                index.append([org["id"], start, size])
            put("]}")
            put(_INDEX_HEAD.decode("ascii") + dumps(index))
            f.write(_SUM_HEAD + h.hexdigest().encode("ascii") + b'"}')
            f.flush()
        os.replace(tmp, d / f"{k}.json")
        tmp = None
    except (OSError, TypeError, ValueError):
        pass
    finally:
        if tmp is not None:
            _discard(Path(tmp))
    prune(d, k)


def prune(d: Path, keep: str) -> None:
    """Keep ``keep`` and the KEEP - 1 most recently used other cache files of this version;
    remove the rest (files of other versions at once), and temporary files left by runs that
    were killed (older than an hour). Best effort: never fails."""
    import time

    try:
        names = os.listdir(d)
    except OSError:
        return
    now = time.time()
    version = keep.partition("-")[2]  # files of another schema or chairship version: unusable
    others: list[tuple[float, Path]] = []
    for name in names:
        path = d / name
        if _NAME.fullmatch(name) and name != f"{keep}.json":
            if name.partition("-")[2] != f"{version}.json":
                _discard(path)
                continue
            try:
                others.append((os.lstat(path).st_mtime, path))
            except OSError:
                continue
        elif name.startswith(".tmp-") and name.endswith(".json"):
            with contextlib.suppress(OSError):
                if now - os.lstat(path).st_mtime > 3600:
                    path.unlink()
    others.sort(reverse=True)  # most recently used first
    for _, path in others[KEEP - 1 :]:
        _discard(path)


def discard(k: str) -> None:
    d = cache_dir()
    if d is not None:
        _discard(d / f"{k}.json")


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
