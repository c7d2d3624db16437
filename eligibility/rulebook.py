"""The rules in force on a date, read from the database in a constant number of queries, as engine data."""

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language

from lib.sql import as_date, fetch_all, placeholders
from lib.text import translated

from .engine import Answers, Comparison, MandateData, RuleData, Texts, decide_both, in_force
from .models import Rule, RuleSet
from .texts import engine_texts

REQUEST_ATTRIBUTE = "_eligibility_rulebooks"


@dataclass(frozen=True)
class RuleSetInfo:
    slug: str
    kind: str
    name: str
    description: str
    is_illustrative: bool


@dataclass(frozen=True)
class Rulebook:
    """Today's rules and universal access on one date, texts in one language."""

    on_date: dt.date
    current: RuleSetInfo | None
    universal: RuleSetInfo | None
    current_rules: tuple[RuleData, ...]
    universal_rules: tuple[RuleData, ...]
    # The regions whose rules were read, None for all of them: a page of results reads only its own regions' rules.
    regions: frozenset[str] | None = None

    @property
    def is_illustrative(self) -> bool:
        return any(info and info.is_illustrative for info in (self.current, self.universal))

    def compare(
        self, answers: Answers, region_code: str, mandates: tuple[MandateData, ...] = (), texts: Texts | None = None
    ) -> Comparison:
        if self.regions is not None and region_code not in self.regions:
            raise ValueError(f"this rulebook holds the rules of {sorted(self.regions)}, not of region {region_code!r}")
        return decide_both(
            answers,
            region_code,
            self.current_rules,
            self.universal_rules,
            mandates,
            self.on_date,
            texts or engine_texts(),
        )


def today() -> dt.date:
    return timezone.localdate()


Statement = tuple[str, list]
_RULE_SETS, _RULES = RuleSet._meta.db_table, Rule._meta.db_table
_IN_FORCE = "is_active = %s AND valid_from <= %s AND (valid_to IS NULL OR valid_to >= %s)"


def rulebook_statements(on_date: dt.date, regions: frozenset[str] | None = None) -> list[Statement]:
    """The two statements whose rows ``rulebook_from_rows`` turns into the rulebook of a date: the rule sets in force
    (most recent start first) and their rules, province-wide and of these regions (of every region when None).
    Plain SQL, so that a search sends them with its other statements."""
    dated = [True, on_date, on_date]
    where_region, region_params = "", []
    if regions is not None:
        where_region = f" AND (region_id IS NULL OR region_id IN ({placeholders(sorted(regions))}))"
        region_params = sorted(regions)
    return [
        (
            "SELECT id, slug, kind, name_fr, name_en, description_fr, description_en, is_illustrative"
            f" FROM {_RULE_SETS} WHERE {_IN_FORCE} ORDER BY kind, valid_from DESC, slug",
            dated,
        ),
        (
            "SELECT rule_set_id, slug, condition, outcome, label_fr, label_en, explanation_fr, explanation_en,"
            f" source_title, source_reference, region_id, valid_from, valid_to FROM {_RULES}"
            f" WHERE rule_set_id IN (SELECT id FROM {_RULE_SETS} WHERE {_IN_FORCE}){where_region}"
            " ORDER BY position, slug",
            [*dated, *region_params],
        ),
    ]


def rulebook_from_rows(
    on_date: dt.date, rule_set_rows: list[tuple], rule_rows: list[tuple], regions: frozenset[str] | None = None
) -> Rulebook:
    """The active rule set of each kind on the date (the most recent start wins) and its rules in force, with texts
    in the active language, falling back to the other one as django-modeltranslation does."""
    text = translated(get_language())
    chosen: dict[str, tuple] = {}
    for row in rule_set_rows:
        chosen.setdefault(row[2], row)
    rules: dict[int, list[RuleData]] = {row[0]: [] for row in chosen.values()}
    for rule_set_id, slug, condition, outcome, *texts, source, reference, region, valid_from, valid_to in rule_rows:
        if rule_set_id not in rules:
            continue
        rule = RuleData(
            id=slug,
            condition=json.loads(condition) if isinstance(condition, str) else condition,
            outcome=outcome,
            label=text(texts[0], texts[1]),
            explanation=text(texts[2], texts[3]),
            source=source + (f" — {reference}" if reference else ""),
            region=region,
            valid_from=as_date(valid_from),
            valid_to=as_date(valid_to),
        )
        if in_force(rule, on_date):
            rules[rule_set_id].append(rule)

    def info(kind: str) -> RuleSetInfo | None:
        row = chosen.get(kind)
        return row and RuleSetInfo(row[1], row[2], text(row[3], row[4]), text(row[5], row[6]), bool(row[7]))

    def rules_of(kind: str) -> tuple[RuleData, ...]:
        return tuple(rules[chosen[kind][0]]) if kind in chosen else ()

    return Rulebook(
        on_date, info("current"), info("universal"), rules_of("current"), rules_of("universal"), regions=regions
    )


def rulebook_load(on_date: dt.date | None = None) -> Rulebook:
    """The rulebook of a date, read afresh (see rulebook_and_rows)."""
    return rulebook_and_rows(None, on_date)[0]


def rulebook_for_request(request, on_date: dt.date | None = None) -> Rulebook:
    """rulebook_load, memoised on the request object (never across requests: an admin edit shows at once)."""
    return rulebook_and_rows(request, on_date)[0]


def rulebook_and_rows(
    request, on_date: dt.date | None = None, also: list[Statement] = (), regions: Iterable[str] | None = None
) -> tuple[Rulebook, list[list[tuple]]]:
    """The rulebook of a date (with the rules of these regions only, or of all), memoised on the request, and the
    rows of the ``also`` statements, sent in the same round trip (see lib.sql).

    The rules are read afresh on every request: an edit shows at once on every app server, with no cache to keep in
    step, and reading a few dozen rules as plain rows costs less than fetching and unpickling a cached copy.
    """
    on_date = on_date or today()
    memo = getattr(request, REQUEST_ATTRIBUTE, None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            setattr(request, REQUEST_ATTRIBUTE, memo)
    regions = frozenset(regions) if regions is not None else None
    whole = (on_date, get_language(), None)  # the rules of every region serve any of them
    key = whole if whole in memo else (on_date, get_language(), regions)
    if key in memo:
        return memo[key], fetch_all(list(also)) if also else []
    rule_set_rows, rule_rows, *rows = fetch_all([*rulebook_statements(on_date, regions), *also])
    memo[key] = rulebook_from_rows(on_date, rule_set_rows, rule_rows, regions)
    return memo[key], rows
