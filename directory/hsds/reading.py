"""Read an HSDS publication — a single object, a list, a paged API answer, ndjson, in a file, a folder or a zip —
into plain objects, with limits that keep a hostile file from exhausting the server.

File-level problems (unreadable, too big, zip bomb, wrong version, not HSDS) raise `PublicationError`: nothing is
imported. A bad line of an ndjson file is one rejected record, reported with its line number.
"""

import csv
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from directory.importer import ImportFileError

MAX_FILE_BYTES = 1024**3  # 1 GiB: a 2 GB file is refused before it is read
MAX_ZIP_RATIO = 100  # a member that expands more than this is a zip bomb
MAX_FIELD_CHARS = 100_000  # a longer string in a record rejects the record (e.g. a 10 MB field)
SUFFIXES = (".json", ".ndjson", ".jsonl")


class PublicationError(ImportFileError):
    """The publication as a whole cannot be read: nothing is imported."""


@dataclass
class Item:
    """One object of the publication, or why it could not be read (`problem`), with where it came from."""

    where: str
    value: Any = None
    problem: str = ""
    size: int | None = None  # characters of the text it was read from, when known (an ndjson line)


def _too_big(name: str, size: int) -> PublicationError:
    return PublicationError(
        _("%(name)s is too large (%(size)s MB; at most %(max)s MB)")
        % {"name": name, "size": size // 1024**2, "max": MAX_FILE_BYTES // 1024**2}
    )


def _unwrap(data: Any, name: str) -> list[Any]:
    """A list, a paged API answer (`contents`) or a single object -> the list of objects."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise PublicationError(_("%(name)s is not an HSDS publication (expected an object or a list)") % {"name": name})
    if data.get("format") == "trouve-directory":
        raise PublicationError(
            _("%(name)s is in the directory's own format: import it with import_directory") % {"name": name}
        )
    version = data.get("version", data.get("hsds_version"))
    if version is not None and not str(version).startswith("3"):
        raise PublicationError(
            _("%(name)s is HSDS version %(version)s; only HSDS 3.0 can be imported")
            % {"name": name, "version": str(version)[:20]}
        )
    if isinstance(data.get("contents"), list):
        return data["contents"]
    return [data]


def _text_items(text: str, name: str) -> Iterator[Item]:
    stripped = text.lstrip()
    if not stripped:
        raise PublicationError(_("%(name)s is empty") % {"name": name})
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2 or not stripped.startswith("{"):
            raise PublicationError(
                _("%(name)s is not valid JSON (line %(line)s, column %(column)s)")
                % {"name": name, "line": exc.lineno, "column": exc.colno}
            ) from exc
        yield from _ndjson_items(text, name)
        return
    for index, value in enumerate(_unwrap(data, name)):
        yield Item(f"{name}[{index}]", value)


def _ndjson_items(text: str, name: str) -> Iterator[Item]:
    line_of = _("%(name)s line %(line)s")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = line_of % {"name": name, "line": number}
        try:
            yield Item(where, json.loads(line), size=len(line))
        except json.JSONDecodeError as exc:
            yield Item(where, problem=_("not valid JSON (column %(column)s)") % {"column": exc.colno})


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PublicationError(_("%(name)s is not UTF-8 text") % {"name": name}) from exc


def _zip_items(path: Path) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PublicationError(_("%(name)s is not a readable zip file") % {"name": path.name}) from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        total = sum(m.file_size for m in members)
        if total > MAX_FILE_BYTES:
            raise _too_big(path.name, total)
        package = any(Path(m.filename).name == "datapackage.json" for m in members)
        texts: dict[str, str] = {}
        for member in sorted(members, key=lambda m: m.filename):
            if not member.filename.endswith(SUFFIXES + ((".csv",) if package else ())):
                continue
            if member.compress_size and member.file_size / member.compress_size > MAX_ZIP_RATIO:
                raise PublicationError(
                    _("%(name)s expands %(ratio)s times: refused as a zip bomb")
                    % {"name": member.filename, "ratio": member.file_size // member.compress_size}
                )
            with archive.open(member) as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)  # never trust the declared size
            if len(raw) > MAX_FILE_BYTES:
                raise _too_big(member.filename, len(raw))
            if package:
                texts[Path(member.filename).name] = _decode(raw, member.filename)
            else:
                yield from _text_items(_decode(raw, member.filename), member.filename)
        if package:
            yield from _package_items(texts, path.name)


def _file_items(path: Path) -> Iterator[Item]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _too_big(path.name, size)
    if zipfile.is_zipfile(path):
        yield from _zip_items(path)
        return
    yield from _text_items(_decode(path.read_bytes(), path.name), path.name)


def _package_items(texts: dict[str, str], name: str) -> Iterator[Item]:
    """The organisations of an HSDS tabular data package (CSV files named by `datapackage.json`)."""
    from .tabular import read_package

    try:
        descriptor = json.loads(texts.pop("datapackage.json"))
    except (KeyError, json.JSONDecodeError) as exc:
        raise PublicationError(_("%(name)s: datapackage.json is missing or not valid JSON") % {"name": name}) from exc
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise PublicationError(_("%(name)s: datapackage.json lists no resources") % {"name": name})
    version = descriptor.get("hsds_version", descriptor.get("version"))
    if version is not None and not str(version).startswith("3"):
        raise PublicationError(
            _("%(name)s is HSDS version %(version)s; only HSDS 3.0 can be imported")
            % {"name": name, "version": str(version)[:20]}
        )
    try:
        organizations = read_package(texts, descriptor)
    except csv.Error as exc:
        raise PublicationError(
            _("%(name)s: a CSV file cannot be read (%(error)s)") % {"name": name, "error": exc}
        ) from exc
    for index, org in enumerate(organizations):
        yield Item(f"{name}: organizations.csv[{index}]", org)


def publication_items(path: Path) -> Iterator[Item]:
    """Every object of the publication at `path` (a file, a folder of .json/.ndjson files, or a zip)."""
    path = Path(path)
    try:
        if path.is_dir():
            if (path / "datapackage.json").exists():
                texts = {}
                for file in sorted(path.iterdir()):
                    if file.suffix in (".csv", ".json") and file.is_file():
                        if file.stat().st_size > MAX_FILE_BYTES:
                            raise _too_big(file.name, file.stat().st_size)
                        texts[file.name] = _decode(file.read_bytes(), file.name)
                yield from _package_items(texts, path.name)
                return
            found = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES)
            if not found:
                raise PublicationError(_("%(name)s holds no .json or .ndjson file") % {"name": path.name})
            for file in found:
                yield from _file_items(file)
        else:
            yield from _file_items(path)
    except OSError as exc:
        raise PublicationError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc


def oversized_field(value: Any, where: str = "", *, size: int | None = None) -> str | None:
    """The path of a string longer than MAX_FIELD_CHARS in `value`, if any. `size`: the length of the text `value`
    was read from, when known: none of its strings can be longer, so a short line needs no walk."""
    if size is not None and size <= MAX_FIELD_CHARS:
        return None
    if isinstance(value, str):
        return where or "record" if len(value) > MAX_FIELD_CHARS else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = oversized_field(item, f"{where}/{key}" if where else str(key))
        if found:
            return found
    return None
