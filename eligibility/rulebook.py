"""The rules in force on a date, read from the database in a constant number of queries, as engine data."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language

from lib.sql import fetch_all
from lib.text import translated

from .engine import Answers, Comparison, MandateData, RuleData, Texts, decide_both, in_force
from .models import Rule, RuleSet
from .texts import engine_texts

REQUEST_ATTRIBUTE = "_eligibility_rulebooks"
CACHE_SECONDS = 24 * 60 * 60  # a new version makes a new key; old entries simply expire


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

    @property
    def is_illustrative(self) -> bool:
        return any(info and info.is_illustrative for info in (self.current, self.universal))

    def compare(
        self, answers: Answers, region_code: str, mandates: tuple[MandateData, ...] = (), texts: Texts | None = None
    ) -> Comparison:
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


def rulebook_load(on_date: dt.date | None = None) -> Rulebook:
    """The active rule set of each kind on the date (the most recent start wins). Two queries.

    Every search with eligibility answers loads it, so it reads plain rows (no model instances): texts in the
    active language, falling back to the other one as django-modeltranslation does.
    """
    on_date = on_date or today()
    text = translated(get_language())
    dated = Q(valid_from__lte=on_date) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
    chosen: dict[str, tuple] = {}
    for row in (
        RuleSet.objects.filter(dated, is_active=True)
        .order_by("kind", "-valid_from", "slug")
        .values_list("pk", "slug", "kind", "name_fr", "name_en", "description_fr", "description_en", "is_illustrative")
    ):
        chosen.setdefault(row[2], row)
    rules: dict[int, list[RuleData]] = {row[0]: [] for row in chosen.values()}
    for rule_set_id, slug, condition, outcome, *texts, source, reference, region, valid_from, valid_to in (
        Rule.objects.filter(rule_set_id__in=list(rules))
        .order_by("position", "slug")
        .values_list(
            "rule_set_id", "slug", "condition", "outcome", "label_fr", "label_en", "explanation_fr", "explanation_en",
            "source_title", "source_reference", "region_id", "valid_from", "valid_to",
        )
    ):  # fmt: skip
        rule = RuleData(
            id=slug,
            condition=condition,
            outcome=outcome,
            label=text(texts[0], texts[1]),
            explanation=text(texts[2], texts[3]),
            source=source + (f" — {reference}" if reference else ""),
            region=region,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        if in_force(rule, on_date):
            rules[rule_set_id].append(rule)

    def info(kind: str) -> RuleSetInfo | None:
        row = chosen.get(kind)
        return row and RuleSetInfo(row[1], row[2], text(row[3], row[4]), text(row[5], row[6]), row[7])

    def rules_of(kind: str) -> tuple[RuleData, ...]:
        return tuple(rules[chosen[kind][0]]) if kind in chosen else ()

    return Rulebook(on_date, info("current"), info("universal"), rules_of("current"), rules_of("universal"))


def rules_version() -> str:
    """Changes whenever a rule or rule set is added, edited or removed. One query.

    Edits bump ``updated_at`` (auto_now); removals lower a count.
    """
    rule_set, rule = RuleSet._meta.db_table, Rule._meta.db_table
    sql = f"SELECT COUNT(*), MAX(updated_at), (SELECT COUNT(*) FROM {rule}), (SELECT MAX(updated_at) FROM {rule})"
    [[row]] = fetch_all([(f"{sql} FROM {rule_set}", [])])
    return "|".join(str(value) for value in row)


def rulebook_cached(on_date: dt.date | None = None) -> Rulebook:
    """rulebook_load through the shared cache (database or Redis), keyed by the rules' version: every app server
    sees an edit on its next request, and a search reads one small query and one cache entry instead of the rules."""
    on_date = on_date or today()
    digest = hashlib.sha256(rules_version().encode()).hexdigest()[:16]
    key = f"eligibility:rulebook:{on_date.isoformat()}:{get_language() or 'fr'}:{digest}"
    rulebook = cache.get(key)
    if rulebook is None:
        rulebook = rulebook_load(on_date)
        cache.set(key, rulebook, timeout=CACHE_SECONDS)
    return rulebook


def rulebook_for_request(request, on_date: dt.date | None = None) -> Rulebook:
    """rulebook_cached, memoised on the request object (never across requests: an admin edit shows at once)."""
    on_date = on_date or today()
    memo = getattr(request, REQUEST_ATTRIBUTE, None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            setattr(request, REQUEST_ATTRIBUTE, memo)
    key = (on_date, get_language())
    if key not in memo:
        memo[key] = rulebook_cached(on_date)
    return memo[key]
