"""A compiled cache of validated datasets, so repeated runs skip TOML parsing and validation.

The cache is a JSON file (never pickle) in ``$XDG_CACHE_HOME/chairship`` (default
``~/.cache/chairship``), named by a BLAKE2b hash of the source file's bytes, the schema version and
the chairship version. A changed source gets a new name, so it is rebuilt automatically. Files
are written to a temporary name and renamed into place, so concurrent runs never see half a
file; a cache that cannot be read or parsed is deleted and rebuilt, never trusted.
Set ``CHAIRSHIP_NO_CACHE=1`` to neither read nor write it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from chairship_cli import __version__
from chairship_cli.model import CACHE_FORMAT, SCHEMA_VERSION


def cache_dir() -> Path | None:
    if os.environ.get("CHAIRSHIP_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None  # the XDG spec says to ignore relative paths
    return Path(base) / "chairship"


def key(data: bytes) -> str:
    """The cache name for a source: BLAKE2b content hash, schema version, chairship version."""
    try:  # CPython's built-in BLAKE2: hashlib would load OpenSSL at every start-up
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other Pythons
        from hashlib import blake2b
    digest = blake2b(data, digest_size=32).hexdigest()
    return f"{digest}-s{SCHEMA_VERSION}-c{CACHE_FORMAT}-v{__version__}"


def read(k: str) -> dict[str, Any] | None:
    """The cached envelope for key k, or None (missing, unreadable or corrupt: then deleted)."""
    d = cache_dir()
    if d is None:
        return None
    path = d / f"{k}.json"
    try:
        with open(path, "rb") as f:
            envelope = json.loads(f.read())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        _discard(path)
        return None
    if (
        not isinstance(envelope, dict)
        or envelope.get("key") != k
        or not isinstance(envelope.get("data"), dict)
    ):
        _discard(path)
        return None
    return envelope


def write(
    k: str, data: dict[str, Any] | tuple[dict[str, Any], Iterable[Any]], warnings: list[str]
) -> None:
    """Store a validated document; any failure is silently ignored (the cache is optional).

    ``data`` is the document, or (the document without "org", the organisations one by one):
    then each organisation is encoded and written on its own, to keep memory flat.
    """
    d = cache_dir()
    if d is None:
        return
    import tempfile

    tmp = None
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".json")
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            if isinstance(data, dict):
                f.write(dumps({"key": k, "warnings": warnings, "data": data}))
            else:
                rest, orgs = data
                head = dumps({"key": k, "warnings": warnings, "data": {**rest, "org": []}})
                f.write(head[: -len("[]}}")] + "[")  # ...,"org": [  then the organisations
                for i, org in enumerate(orgs):
                    f.write(("," if i else "") + dumps(org))
                f.write("]}}")
        os.replace(tmp, d / f"{k}.json")
        tmp = None
    except (OSError, TypeError, ValueError):
        pass
    finally:
        if tmp is not None:
            _discard(Path(tmp))


def discard(k: str) -> None:
    d = cache_dir()
    if d is not None:
        _discard(d / f"{k}.json")


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
