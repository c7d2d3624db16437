"""The rules in force on a date, read from the database in a constant number of queries, as engine data."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language

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
    """The active rule set of each kind on the date (the most recent start wins). Two queries."""
    on_date = on_date or today()
    dated = Q(valid_from__lte=on_date) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
    rule_sets = (
        RuleSet.objects.filter(dated, is_active=True)
        .order_by("kind", "-valid_from", "slug")
        .prefetch_related(Prefetch("rules", queryset=Rule.objects.order_by("position", "slug")))
    )
    chosen: dict[str, RuleSet] = {}
    for rule_set in rule_sets:
        chosen.setdefault(rule_set.kind, rule_set)

    def info(kind: str) -> RuleSetInfo | None:
        rs = chosen.get(kind)
        return rs and RuleSetInfo(rs.slug, rs.kind, rs.name, rs.description, rs.is_illustrative)

    def rules(kind: str) -> tuple[RuleData, ...]:
        rs = chosen.get(kind)
        data = (rule.to_data() for rule in rs.rules.all()) if rs else ()
        return tuple(item for item in data if in_force(item, on_date))

    return Rulebook(on_date, info("current"), info("universal"), rules("current"), rules("universal"))


def rulebook_for_request(request, on_date: dt.date | None = None) -> Rulebook:
    """rulebook_load, memoised on the request object (never across requests: an admin edit shows at once)."""
    on_date = on_date or today()
    cache = getattr(request, REQUEST_ATTRIBUTE, None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            setattr(request, REQUEST_ATTRIBUTE, cache)
    key = (on_date, get_language())
    if key not in cache:
        cache[key] = rulebook_load(on_date)
    return cache[key]
