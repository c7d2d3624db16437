"""The official HSDS 3.0 compiled schemas (bundled gzipped in data/directory/hsds/compiled/, CC BY-SA 4.0), made
strict: every object that lists its properties forbids any other (``additionalProperties: false``)."""

import copy
import functools
import gzip
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
from django.conf import settings

HSDS_DIR = Path(settings.BASE_DIR) / "data" / "directory" / "hsds"
HSDS_VERSION = "3.0"
MODULAR = ("taxonomy", "taxonomy_term")
PAGE_KEYS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents")


@functools.cache
def compiled(name: str) -> dict[str, Any]:
    """One official compiled schema as published ("organization", "service", "service_list"…)."""
    with gzip.open(HSDS_DIR / "compiled" / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _strict(node: Any) -> Any:
    if isinstance(node, dict):
        node = {key: _strict(value) for key, value in node.items()}
        if isinstance(node.get("properties"), dict) and node.get("type") in ("object", None):
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [_strict(item) for item in node]
    return node


def _inline(node: Any, seen: tuple[str, ...] = ()) -> Any:
    """Replace references to sibling modular files ("taxonomy.json") by their content."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.endswith(".json") and "/" not in ref and ref not in seen:
            target = json.loads((HSDS_DIR / "schema" / ref).read_text(encoding="utf-8"))
            rest = {key: value for key, value in node.items() if key != "$ref"}
            return {**_inline(target, (*seen, ref)), **rest}
        return {key: _inline(value, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(item, seen) for item in node]
    return node


@functools.cache
def modular(name: str) -> dict[str, Any]:
    """One official modular schema ("taxonomy", "taxonomy_term"), its references to other files inlined."""
    return _inline(json.loads((HSDS_DIR / "schema" / f"{name}.json").read_text(encoding="utf-8")), (f"{name}.json",))


@functools.cache
def strict(name: str) -> dict[str, Any]:
    source = modular(name) if name in MODULAR else compiled(name)
    schema = _strict(copy.deepcopy(source))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


@functools.cache
def validator(name: str):
    """A fast validator (formats uuid, email, uri, date-time checked) of the strict compiled schema `name`."""
    return jsonschema_rs.validator_for(strict(name), validate_formats=True)


@functools.cache
def page_validator(item: str):
    """The HSDS API paging envelope (openapi.json's Page) whose `contents` are items of compiled schema `item`."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": list(PAGE_KEYS),
        "additionalProperties": False,
        "properties": {
            "total_items": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "page_number": {"type": "integer"},
            "size": {"type": "integer"},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array", "items": strict(item)},
        },
    }
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def _reasons(check, instance: Any, limit: int) -> list[str]:
    found = []
    for error in check.iter_errors(instance):
        where = "/".join(str(part) for part in error.instance_path) or "record"
        found.append(f"{where}: {error.message[:200]}")
        if len(found) >= limit:
            break
    return found


def problems(name: str, instance: Any, limit: int = 10) -> list[str]:
    """Why `instance` does not follow the strict compiled schema `name` (at most `limit` reasons)."""
    return _reasons(validator(name), instance, limit)


@functools.cache
def official_validator(name: str):
    """The compiled schema as published (other properties allowed): what an imported record must follow."""
    schema = {**compiled(name), "$schema": "https://json-schema.org/draft/2020-12/schema"}
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def official_problems(name: str, instance: Any, limit: int = 10) -> list[str]:
    """Why `instance` does not follow the compiled schema `name` as published."""
    return _reasons(official_validator(name), instance, limit)


@functools.cache
def table_validator(table: str):
    """One table of the official compiled tabular schema (a CSV row as an object), strict."""
    item = _strict(_inline(copy.deepcopy(compiled("tabular")["properties"][table]["items"])))
    item["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return jsonschema_rs.validator_for(item, validate_formats=True)
