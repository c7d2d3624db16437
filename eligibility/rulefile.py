"""The rule-set file format (JSON): parse, check every problem at once, convert to engine data.

Pydantic is the single source of truth: ``data/eligibility/rules.schema.json`` is generated from ``RuleFile``
(``python -m eligibility.rulefile > data/eligibility/rules.schema.json``) and a test keeps the two equal.
No Django here, so the benchmark and the tests read files without a database.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .engine import REGION_CODES, MandateData, RuleData, validate_condition

FORMAT = "trouve-ton-x/eligibility-rules"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Bilingual(Strict):
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Source(Strict):
    title: str = Field(min_length=1, description="Document or decision the rule comes from")
    url: str = Field(default="", description="Link to it, if public")
    reference: str = Field(default="", description="Article, page or decision number")


class RuleIn(Strict):
    id: str = Field(pattern=SLUG_PATTERN, description="Stable identifier, never reused")
    label: Bilingual
    explanation: Bilingual
    source: Source
    region: str | None = Field(default=None, description="Region code 01–17; null for province-wide")
    condition: dict[str, Any] = Field(description='e.g. {"income_support": ["employment_insurance"]}; {} = anyone')
    outcome: Literal["eligible", "to_confirm"] = "eligible"
    valid_from: dt.date
    valid_to: dt.date | None = None


class RuleSetIn(Strict):
    slug: str = Field(pattern=SLUG_PATTERN)
    kind: Literal["current", "universal"]
    name: Bilingual
    description: Bilingual | None = None
    is_illustrative: bool = False
    valid_from: dt.date
    valid_to: dt.date | None = None
    rules: list[RuleIn] = Field(min_length=1)


class MandateIn(Strict):
    id: str = Field(pattern=SLUG_PATTERN)
    organization: str = Field(min_length=1, description="Slug of the organisation in the directory")
    service: str | None = Field(default=None, description="Slug of one of its services; null for all of them")
    label: Bilingual
    condition: dict[str, Any]
    valid_from: dt.date
    valid_to: dt.date | None = None


class RuleFile(Strict):
    format: Literal["trouve-ton-x/eligibility-rules"]
    version: Literal[1]
    rule_sets: list[RuleSetIn] = Field(min_length=1)
    mandates: list[MandateIn] = []


class RuleFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _where(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(file)"


def parse_rule_file(text: str) -> RuleFile:
    """Parse and check a rule file; raise RuleFileError listing every problem found."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RuleFileError([f"Not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})."]) from exc
    try:
        parsed = RuleFile.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{_where(e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise RuleFileError(problems + _partial_problems(raw)) from exc
    problems = semantic_problems(parsed)
    if problems:
        raise RuleFileError(problems)
    return parsed


def semantic_problems(parsed: RuleFile) -> list[str]:
    problems: list[str] = []
    seen_sets: set[str] = set()
    for i, rule_set in enumerate(parsed.rule_sets):
        where = f"rule_sets.{i} ({rule_set.slug})"
        if rule_set.slug in seen_sets:
            problems.append(f"{where}: the slug is used twice.")
        seen_sets.add(rule_set.slug)
        problems += dates_problems(where, rule_set.valid_from, rule_set.valid_to)
        seen_rules: set[str] = set()
        for j, rule in enumerate(rule_set.rules):
            problems += _rule_problems(f"{where}.rules.{j} ({rule.id})", rule, seen_rules)
    for k, mandate in enumerate(parsed.mandates):
        at = f"mandates.{k} ({mandate.id})"
        problems += [f"{at}: {p}" for p in dates_problems("", mandate.valid_from, mandate.valid_to)]
        problems += [f"{at}: {p}" for p in validate_condition(mandate.condition)]
    return problems


def _partial_problems(raw: object) -> list[str]:
    """When the file's structure is wrong, still check the rules that parse, so one run reports everything."""
    problems: list[str] = []
    rule_sets = raw.get("rule_sets") if isinstance(raw, dict) else None
    for i, rule_set in enumerate(rule_sets if isinstance(rule_sets, list) else []):
        rules = rule_set.get("rules") if isinstance(rule_set, dict) else None
        seen: set[str] = set()
        for j, raw_rule in enumerate(rules if isinstance(rules, list) else []):
            try:
                rule = RuleIn.model_validate(raw_rule)
            except ValidationError:
                continue
            problems += _rule_problems(f"rule_sets.{i}.rules.{j} ({rule.id})", rule, seen)
    return problems


def _rule_problems(at: str, rule: RuleIn, seen: set[str]) -> list[str]:
    problems = []
    if rule.id in seen:
        problems.append(f"{at}: the id is used twice in this rule set.")
    seen.add(rule.id)
    if rule.region is not None and rule.region not in REGION_CODES:
        problems.append(f"{at}: unknown region code {rule.region!r}; use 01 to 17.")
    problems += [f"{at}: {p}" for p in dates_problems("", rule.valid_from, rule.valid_to)]
    problems += [f"{at}: {p}" for p in validate_condition(rule.condition)]
    return problems


def dates_problems(where: str, valid_from: dt.date | None, valid_to: dt.date | None) -> list[str]:
    if valid_from and valid_to and valid_to < valid_from:
        prefix = f"{where}: " if where else ""
        return [f"{prefix}the end date ({valid_to}) is before the start date ({valid_from})."]
    return []


def rules_from_file(parsed: RuleFile, kind: str, language: str = "fr") -> list[RuleData]:
    """Engine rules of the (first) rule set of one kind, texts in one language."""
    rule_set = next(rs for rs in parsed.rule_sets if rs.kind == kind)
    return [
        RuleData(
            id=r.id,
            condition=r.condition,
            outcome=r.outcome,
            label=getattr(r.label, language),
            explanation=getattr(r.explanation, language),
            source=r.source.title,
            region=r.region,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
        )
        for r in rule_set.rules
    ]


def mandates_from_file(parsed: RuleFile, language: str = "fr") -> list[MandateData]:
    return [
        MandateData(m.id, m.condition, getattr(m.label, language), m.valid_from, m.valid_to) for m in parsed.mandates
    ]


def json_schema() -> dict:
    schema = RuleFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Trouve ton X eligibility rule file"
    return schema


def read_rule_file(path: Path) -> RuleFile:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError([f"Cannot read {path}: {exc}"]) from exc
    return parse_rule_file(text)


if __name__ == "__main__":
    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
