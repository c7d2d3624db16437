"""Write HSDS publications: JSON (a list of compiled organizations) or ndjson (one a line), streamed."""

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON list written piece by piece (never the whole list in memory)."""
    yield "["
    for index, record in enumerate(records):
        yield ("\n" if index == 0 else ",\n") + dumps(record)
    yield "\n]\n"


def ndjson_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield dumps(record) + "\n"


def write(records: Iterable[dict[str, Any]], out: TextIO, fmt: str) -> int:
    """Write `records` as "json" or "ndjson"; returns how many."""
    count = 0

    def counted():
        nonlocal count
        for record in records:
            count += 1
            yield record

    for chunk in (json_chunks if fmt == "json" else ndjson_chunks)(counted()):
        out.write(chunk)
    return count
